/* test_awards.c — the award path's service over a real store (src/service/awards.c): the demo's
 * worked example loads, an issued decision is immutable, a revocation needs its reason and shows
 * in the history, the duplicate flag, and another commune's account finds nothing. */
#include "cmocka_all.h"

#include <string.h>

#include "demo_store.h"
#include "service/awards.h"
#include "service/awards_persons.h"
#include "service/awards_nominations.h"
#include "service/awards_decisions.h"
#include "service/awards_demo.h"

/* The demo store with the awards example loaded. */
static void open_example(demo_store *d, awards_demo_summary *sum)
{
    td_error e = {0};
    demo_store_open(d);
    if (awards_demo(d->s, 1, sum, &e) != TD_OK)
        fail_msg("%s", e.msg);
}

static json_t *first_decision(store *s, arena *a)
{
    json_t *out = NULL;
    td_error e = {0};
    assert_int_equal(awards_decisions(s, a, NULL, &out, &e), TD_OK);
    json_t *d = json_incref(json_array_get(json_object_get(out, "decisions"), 0));
    json_decref(out);
    return d;
}

static void the_example_loads_and_a_decision_is_immutable_once_issued(void **state)
{
    (void)state;
    demo_store d;
    awards_demo_summary sum;
    open_example(&d, &sum);
    arena *a = arena_new();
    td_error e = {0};
    assert_string_equal(sum.decision_number, "01/QĐ-UBND");
    assert_true(sum.awardees >= 3);

    json_t *dec = first_decision(d.s, a);
    td_id id = (td_id)json_integer_value(json_object_get(dec, "id"));
    assert_string_equal(json_string_value(json_object_get(dec, "status")), "issued");
    json_decref(dec);
    json_t *out = NULL;
    assert_int_equal(awards_decision_issue(d.s, a, NULL, id, "2026-12-16", &out, &e), TD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "01/QĐ-UBND"));

    /* a revocation names its reason; the history then shows it for every awardee */
    json_t *blank = json_pack("{s:s}", "reason", "   ");
    assert_int_equal(awards_decision_revoke(d.s, a, NULL, id, blank, &out, &e), TD_ERR_INPUT);
    json_decref(blank);
    json_t *why = json_pack("{s:s}", "reason", "Hồ sơ giả mạo");
    assert_int_equal(awards_decision_revoke(d.s, a, NULL, id, why, &out, &e), TD_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(out, "decision"), "status")), "revoked");
    json_decref(out);
    assert_int_equal(awards_decision_revoke(d.s, a, NULL, id, why, &out, &e), TD_ERR_CONFLICT);
    json_decref(why);
    assert_int_equal(awards_history(d.s, a, NULL, 0, NULL, NULL, 2026, &out, &e), TD_OK);
    size_t i, revoked = 0;
    json_t *entry;
    json_array_foreach(json_object_get(out, "entries"), i, entry)
    {
        if (strcmp(json_string_value(json_object_get(entry, "decision_number")), "01/QĐ-UBND") != 0)
            continue;
        assert_string_equal(json_string_value(json_object_get(entry, "status")), "revoked");
        assert_string_equal(json_string_value(json_object_get(entry, "revoked_reason")), "Hồ sơ giả mạo");
        revoked++;
    }
    assert_int_equal(revoked, sum.awardees);
    json_decref(out);
    arena_free(a);
    demo_store_close(&d);
}

static void the_duplicate_is_flagged_and_another_commune_finds_nothing(void **state)
{
    (void)state;
    demo_store d;
    awards_demo_summary sum;
    open_example(&d, &sum);
    arena *a = arena_new();
    td_error e = {0};
    json_t *out = NULL;
    assert_int_equal(awards_nominations(d.s, a, NULL, "proposed", 0, 0, &out, &e), TD_OK);
    json_t *n = json_array_get(json_object_get(out, "nominations"), 0);
    assert_true(json_is_true(json_object_get(n, "duplicate")));
    td_id nid = (td_id)json_integer_value(json_object_get(n, "id"));
    json_decref(out);
    json_t *details = NULL;
    assert_int_equal(awards_nomination_submit(d.s, a, NULL, nid, &out, &details, &e), TD_ERR_INPUT);
    assert_string_equal(json_string_value(json_object_get(json_array_get(details, 0), "code")), "duplicate");
    json_decref(details);

    /* an admin of another commune of the same database */
    commune c = {.code = "xa-khac", .name = "xã Khác", .city = "thành phố Hải Phòng"};
    td_id other_commune = 0;
    assert_int_equal(store_commune_upsert(d.s, &c, &other_commune, &e), TD_OK);
    user other = {.id = 99, .username = "admin-b", .role = ROLE_ADMIN, .commune_id = other_commune};
    assert_int_equal(awards_nomination_get(d.s, a, &other, nid, &out, &e), TD_ERR_NOTFOUND);
    assert_int_equal(awards_nominations(d.s, a, &other, NULL, 0, 0, &out, &e), TD_OK);
    assert_int_equal(json_array_size(json_object_get(out, "nominations")), 0);
    json_decref(out);
    json_t *dec = first_decision(d.s, a);
    td_id id = (td_id)json_integer_value(json_object_get(dec, "id"));
    json_decref(dec);
    assert_int_equal(awards_decision_get(d.s, a, &other, id, &out, &e), TD_ERR_NOTFOUND);
    arena_free(a);
    demo_store_close(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_example_loads_and_a_decision_is_immutable_once_issued),
        cmocka_unit_test(the_duplicate_is_flagged_and_another_commune_finds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
