/* test_model.c — the domain enums and plan walks (src/core/model.c) and their JSON
 * (src/core/plan_json.c). */
#include "cmocka_all.h"

#include <string.h>

#include "core/model.h"
#include "core/plan_json.h"

/* Each code reads back as its value, labels are Vietnamese, and unknown codes are refused. */
#define ROUND_TRIP(type, prefix, count)                                                                      \
    for (int i = 0; i < (count); i++) {                                                                      \
        type back;                                                                                           \
        assert_true(prefix##_from_code(prefix##_code((type)i), &back));                                      \
        assert_int_equal(back, i);                                                                           \
        assert_true(strlen(prefix##_label_vi((type)i)) > 1);                                                 \
    }                                                                                                        \
    do {                                                                                                     \
        type back;                                                                                           \
        assert_false(prefix##_from_code("khong-co", &back));                                                 \
        assert_false(prefix##_from_code(NULL, &back));                                                       \
    } while (0)

static void enum_codes_round_trip(void **state)
{
    ROUND_TRIP(org_kind, org_kind, ORG_KIND_COUNT);
    ROUND_TRIP(indicator_group, indicator_group, GROUP_COUNT);
    ROUND_TRIP(frequency, frequency, FREQ_COUNT);
    ROUND_TRIP(measure, measure, MEASURE_COUNT);
    ROUND_TRIP(value_status, value_status, VALUE_STATUS_COUNT);
    ROUND_TRIP(user_role, user_role, ROLE_COUNT);
    assert_string_equal(org_kind_code(ORG_HEALTH_STATION), "health_station");
    assert_string_equal(indicator_group_label_vi(GROUP_DEFENCE_SECURITY), "Quốc phòng - an ninh");
    assert_string_equal(value_status_label_vi(VALUE_RETURNED), "Trả lại");
}

static void counts_and_finds_in_the_tree(void **state)
{
    target t = {.text = "100%", .op = TARGET_EQ, .has_value = true, .value = 100, .unit = "%"};
    indicator grand[] = {{.code = "1.2.1", .name = "c", .target = &t}};
    indicator kids[] = {{.code = "1.1", .name = "a", .target = &t},
                        {.code = "1.2", .name = "b", .target = &t, .children = grand, .n_children = 1}};
    indicator roots[] = {{.code = "1", .name = "r", .target = &t, .children = kids, .n_children = 2},
                         {.code = "2", .name = "g"}};
    plan p = {.indicators = roots, .n_indicators = 2};
    plan_counts c;

    plan_count(&p, &c);
    assert_int_equal(c.indicators, 5);
    assert_int_equal(c.roots, 2);
    assert_int_equal(c.targets, 4);
    assert_int_equal(c.leaf_targets, 2); /* 1.1 and 1.2.1: 1 and 1.2 have children, 2 has no target */
    assert_ptr_equal(plan_find_indicator(&p, "1.2.1"), &grand[0]);
    assert_ptr_equal(plan_find_indicator(&p, "2"), &roots[1]);
    assert_null(plan_find_indicator(&p, "3"));
}

static void indicator_json_has_the_documented_shape(void **state)
{
    target t = {.text = "≈ 362,4 ha", .op = TARGET_APPROX, .has_value = true, .value = 362.4, .unit = "ha",
                .has_tolerance = true, .tolerance = 5};
    const char *resp[] = {"kinh-te"};
    indicator ind = {.code = "1.3.8", .name = "Diện tích NTTS", .unit = "ha", .target = &t, .responsible = resp,
                     .n_responsible = 1, .line = 49};
    json_t *j = indicator_to_json(&ind);
    assert_string_equal(json_string_value(json_object_get(j, "code")), "1.3.8");
    assert_true(json_is_array(json_object_get(j, "children")));
    assert_int_equal(json_integer_value(json_object_get(j, "line")), 49);
    json_t *tj = json_object_get(j, "target");
    assert_string_equal(json_string_value(json_object_get(tj, "op")), "approx");
    assert_true(json_real_value(json_object_get(tj, "value")) == 362.4);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(enum_codes_round_trip),
        cmocka_unit_test(counts_and_finds_in_the_tree),
        cmocka_unit_test(indicator_json_has_the_documented_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
