/* test_evaluation.c — evaluating a stored plan (src/service/evaluation.c): one indicator through
 * the year, month by month, as the engine judges each period. */
#include "cmocka_all.h"

#include <string.h>

#include "demo_store.h"
#include "service/evaluation.h"

static double number(json_t *v)
{
    return json_is_null(v) ? 0 : json_number_value(v);
}

static void a_flow_sums_its_months(void **state)
{
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    json_t *h = NULL;
    eval_query q = {.as_of = "2026-11-25"};

    demo_store_open(&d);
    assert_int_equal(evaluation_history(d.s, a, 1, "11", &q, &h, &e), TD_OK);
    json_t *months = json_object_get(h, "months"), *quarters = json_object_get(h, "quarters");
    assert_int_equal(json_array_size(months), 12);
    assert_int_equal(json_array_size(quarters), 4);
    double sum = 0;
    for (size_t i = 0; i < 12; i++) {
        json_t *m = json_array_get(months, i);
        sum += number(json_object_get(m, "actual"));
        assert_true(number(json_object_get(m, "cumulative")) == sum);
    }
    assert_true(sum > 0);
    json_t *year = json_object_get(h, "year");
    assert_true(number(json_object_get(year, "actual")) == sum);
    assert_true(number(json_object_get(json_array_get(quarters, 3), "cumulative")) == sum);
    assert_non_null(json_object_get(year, "pace"));
    assert_string_equal(json_string_value(json_object_get(json_array_get(months, 0), "period")), "2026-01");
    /* the units of the year's figure, with their names and the state of their latest figure */
    json_t *u = json_array_get(json_object_get(h, "units"), 0);
    assert_string_equal(json_string_value(json_object_get(u, "name")), "Phòng Văn hóa - Xã hội");
    assert_non_null(json_string_value(json_object_get(u, "status")));
    json_decref(h);

    /* a level: each period's figure is its own */
    assert_int_equal(evaluation_history(d.s, a, 1, "1.3.4", &q, &h, &e), TD_OK);
    json_t *m = json_array_get(json_object_get(h, "months"), 0);
    assert_true(json_equal(json_object_get(m, "cumulative"), json_object_get(m, "actual")));
    json_decref(h);

    assert_int_equal(evaluation_history(d.s, a, 1, "99", &q, &h, &e), TD_ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "\"99\""));
    q.org_unit = "khong-co";
    assert_int_equal(evaluation_history(d.s, a, 1, "11", &q, &h, &e), TD_ERR_NOTFOUND);
    demo_store_close(&d);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(a_flow_sums_its_months)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
