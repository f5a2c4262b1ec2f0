/* test_policy.c — who may do what (src/service/policy.c): roles and units within a commune, and
 * a second commune whose records do not exist for the first one's accounts, through the policy
 * and through the services that ask it. */
#include "cmocka_all.h"

#include <string.h>

#include "demo_store.h"
#include "service/evaluation.h"
#include "service/policy.h"
#include "store/store_city.h"
#include "service/unit_targets.h"
#include "service/workflow.h"

static void within_a_commune_a_reporter_keeps_to_its_unit(void **state)
{
    user rep = {.username = "thaolai", .role = ROLE_REPORTER, .org_unit_code = "thon-thai-lai",
                .org_unit_name = "Thôn Thái Lai", .commune_id = 1};
    user officer = {.username = "vhxh", .role = ROLE_OFFICER, .commune_id = 1};
    user leader = {.username = "chutich", .role = ROLE_LEADER, .commune_id = 1};
    td_error e = {0};
    const char *unit = NULL;

    assert_true(policy_may_enter(&rep, "thon-thai-lai"));
    assert_false(policy_may_enter(&rep, "thon-lao-phu"));
    assert_false(policy_may_enter(&rep, NULL));
    assert_true(policy_may_enter(&officer, "thon-lao-phu"));
    assert_false(policy_may_enter(&leader, "thon-lao-phu"));
    assert_true(policy_may_enter(NULL, "thon-lao-phu")); /* the command line */
    assert_true(policy_may_see_unit(&leader, "thon-lao-phu"));
    assert_false(policy_may_see_unit(&rep, "thon-lao-phu"));

    assert_int_equal(policy_scope_unit(&rep, &unit, &e), TD_OK);
    assert_string_equal(unit, "thon-thai-lai");
    unit = "thon-lao-phu";
    assert_int_equal(policy_scope_unit(&rep, &unit, &e), TD_ERR_FORBIDDEN);
    assert_non_null(strstr(e.msg, "Thôn Thái Lai")); /* the unit as users know it */
    unit = NULL;
    assert_int_equal(policy_scope_unit(&officer, &unit, &e), TD_OK);
    assert_null(unit);
}

/* Reports: the office drafts and issues every one, a reporter its own unit's, a leader reads. */
static void who_drafts_issues_and_reads_reports(void **state)
{
    (void)state;
    user rep = {.username = "thaolai", .role = ROLE_REPORTER, .org_unit_code = "thon-thai-lai",
                .org_unit_name = "Thôn Thái Lai", .commune_id = 1};
    user officer = {.username = "vhxh", .role = ROLE_OFFICER, .commune_id = 1};
    user leader = {.username = "chutich", .role = ROLE_LEADER, .commune_id = 1};
    user viewer = {.username = "xem", .role = ROLE_VIEWER, .commune_id = 1};
    td_error e = {0};

    assert_int_equal(policy_report_write(&officer, false, NULL, &e), TD_OK);
    assert_int_equal(policy_report_write(&officer, true, "thon-lao-phu", &e), TD_OK);
    assert_int_equal(policy_report_write(NULL, false, NULL, &e), TD_OK); /* the command line */
    assert_int_equal(policy_report_write(&rep, true, "thon-thai-lai", &e), TD_OK);
    assert_int_equal(policy_report_read(&rep, true, "thon-thai-lai", &e), TD_OK);
    assert_int_equal(policy_report_write(&rep, true, "thon-lao-phu", &e), TD_ERR_FORBIDDEN);
    assert_non_null(strstr(e.msg, "Thôn Thái Lai"));
    assert_int_equal(policy_report_write(&rep, false, NULL, &e), TD_ERR_FORBIDDEN);
    assert_int_equal(policy_report_read(&rep, false, NULL, &e), TD_ERR_FORBIDDEN);
    assert_int_equal(policy_report_read(&rep, true, "thon-lao-phu", &e), TD_ERR_FORBIDDEN);
    assert_int_equal(policy_report_read(&leader, true, "thon-lao-phu", &e), TD_OK);
    assert_int_equal(policy_report_read(&leader, false, NULL, &e), TD_OK);
    assert_int_equal(policy_report_write(&leader, false, NULL, &e), TD_ERR_FORBIDDEN);
    assert_non_null(strstr(e.msg, "lãnh đạo chỉ xem"));
    assert_int_equal(policy_report_read(&viewer, false, NULL, &e), TD_ERR_FORBIDDEN);
    assert_int_equal(policy_report_write(&viewer, true, "thon-thai-lai", &e), TD_ERR_FORBIDDEN);
}

static void another_communes_plan_does_not_exist(void **state)
{
    demo_store d;
    demo_store_open(&d);
    arena *a = arena_new();
    td_error e = {0}, missing = {0};
    commune other = {.code = "xa-khac", .name = "Xã Khác", .city = "Hải Phòng"};
    td_id other_id = 0;
    assert_int_equal(store_commune_upsert(d.s, &other, &other_id, &e), TD_OK);
    assert_int_not_equal(other_id, 1);
    user stranger = {.username = "admin-b", .role = ROLE_ADMIN, .commune_id = other_id};
    user admin = {.username = "admin", .role = ROLE_ADMIN, .commune_id = 1};

    assert_int_equal(policy_plan(d.s, &admin, 1, &e), TD_OK);
    assert_int_equal(policy_plan(d.s, NULL, 1, &e), TD_OK);
    /* the same answer, word for word, as a plan that was never made */
    assert_int_equal(policy_plan(d.s, &stranger, 1, &e), TD_ERR_NOTFOUND);
    assert_int_equal(policy_plan(d.s, &admin, 1, &missing), TD_OK);
    assert_int_equal(policy_plan(d.s, &admin, 999, &missing), TD_ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "không có kế hoạch số 1"));
    assert_non_null(strstr(missing.msg, "không có kế hoạch số 999"));

    /* the services that read or change a plan's records ask the policy */
    eval_query q = {.as_of = "2026-11-25"};
    eval_report rep;
    assert_int_equal(evaluation_run(d.s, a, &stranger, 1, &q, &rep, &e), TD_ERR_NOTFOUND);
    assert_int_equal(evaluation_run(d.s, a, &admin, 1, &q, &rep, &e), TD_OK);
    unit_target_row row, *before = NULL, *after = NULL;
    size_t n_before = 0, n_after = 0;
    assert_int_equal(unit_targets_list(d.s, a, NULL, 1, NULL, NULL, &before, &n_before, &e), TD_OK);
    assert_int_equal(unit_targets_set(d.s, a, &stranger, 1, "1.3.1", "thon-thai-lai", "khoảng 1.234 con", &row, &e),
                     TD_ERR_NOTFOUND);
    assert_int_equal(unit_targets_list(d.s, a, &stranger, 1, NULL, NULL, &after, &n_after, &e), TD_ERR_NOTFOUND);
    assert_int_equal(unit_targets_list(d.s, a, NULL, 1, NULL, NULL, &after, &n_after, &e), TD_OK);
    assert_int_equal(n_after, n_before); /* nothing was written */
    for (size_t i = 0; i < n_after; i++)
        assert_true(after[i].target.value != 1234);
    value_input in = {.indicator = "1.3.1", .org_unit = "thon-thai-lai", .period = "2026-11", .value = "1"};
    size_t saved = 0;
    json_t *problems = NULL;
    assert_int_equal(workflow_put(d.s, a, 1, &stranger, &in, 1, &saved, &problems, &e), TD_ERR_NOTFOUND);
    assert_int_equal(saved, 0);
    json_decref(problems);

    arena_free(a);
    demo_store_close(&d);
}

/* A city officer reads every commune of its city, and a commune of another city does not exist
 * for it; a commune's accounts are not city officers. */
static void a_city_officer_reads_its_citys_communes_only(void **state)
{
    demo_store d;
    demo_store_open(&d);
    td_error e = {0};
    commune same = {.code = "xa-ben", .name = "Xã Bên", .city = "thành phố Hải Phòng"};
    commune far = {.code = "xa-xa", .name = "Xã Xa", .city = "tỉnh Ninh Bình"};
    td_id same_id = 0, far_id = 0, city_id = 0, far_city = 0;
    assert_int_equal(store_commune_upsert(d.s, &same, &same_id, &e), TD_OK);
    assert_int_equal(store_commune_upsert(d.s, &far, &far_id, &e), TD_OK);
    assert_int_equal(store_commune_city(d.s, 1, &city_id, &e), TD_OK); /* the demo's Kiến Hải */
    assert_int_equal(store_commune_city(d.s, far_id, &far_city, &e), TD_OK);
    assert_true(city_id != 0 && far_city != 0 && city_id != far_city);
    user officer = {.username = "thanhpho", .role = ROLE_CITY, .city_id = city_id};
    user admin = {.username = "admin", .role = ROLE_ADMIN, .commune_id = 1};

    assert_true(policy_may_see_commune(d.s, &officer, 1));
    assert_true(policy_may_see_commune(d.s, &officer, same_id));
    assert_false(policy_may_see_commune(d.s, &officer, far_id));
    assert_false(policy_may_see_commune(d.s, &officer, 999)); /* no such commune */
    assert_false(policy_may_see_commune(d.s, &admin, same_id));
    assert_int_equal(policy_plan(d.s, &officer, 1, &e), TD_OK);
    /* a city officer without its city sees nothing; nor does an account with no commune */
    user lost = {.username = "lost", .role = ROLE_CITY};
    user none = {.username = "none", .role = ROLE_VIEWER};
    assert_false(policy_may_see_commune(d.s, &lost, 1));
    assert_false(policy_may_see_commune(d.s, &none, 0));
    assert_int_equal(policy_plan(d.s, &lost, 1, &e), TD_ERR_NOTFOUND);
    td_id got = 0;
    assert_int_equal(policy_city(&officer, &got, &e), TD_OK);
    assert_int_equal(got, city_id);
    assert_int_equal(policy_city(&admin, &got, &e), TD_ERR_FORBIDDEN);
    assert_int_equal(policy_city(NULL, &got, &e), TD_ERR_FORBIDDEN);
    demo_store_close(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(within_a_commune_a_reporter_keeps_to_its_unit),
        cmocka_unit_test(who_drafts_issues_and_reads_reports),
        cmocka_unit_test(another_communes_plan_does_not_exist),
        cmocka_unit_test(a_city_officer_reads_its_citys_communes_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
