/* test_evaluation.c — evaluating a stored plan (src/service/evaluation.c): one indicator through
 * the year, month by month, as the engine judges each period. */
#include "cmocka_all.h"

#include <sqlite3.h>
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

/* Every figure of the store submitted at one UTC instant. */
static void submitted_at(const demo_store *d, const char *utc)
{
    sqlite3 *db;
    char *sql = sqlite3_mprintf("UPDATE data_value SET submitted_at = %Q WHERE status IN ('submitted', 'approved')", utc);
    assert_int_equal(sqlite3_open(d->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    sqlite3_close(db);
}

/* Sums the units' on-time and late counts of a completeness report. */
static void tally(store *s, arena *a, const char *code, size_t *on_time, size_t *late)
{
    period p;
    json_t *out = NULL;
    td_error e = {0};
    assert_int_equal(period_parse(code, &p, NULL), TD_OK);
    if (evaluation_completeness(s, a, 1, &p, "2027-01-31", &out, &e) != TD_OK)
        fail_msg("%s", e.msg);
    json_t *units = json_object_get(out, "units");
    *on_time = *late = 0;
    for (size_t i = 0; i < json_array_size(units); i++) {
        *on_time += (size_t)json_integer_value(json_object_get(json_array_get(units, i), "on_time"));
        *late += (size_t)json_integer_value(json_object_get(json_array_get(units, i), "late"));
    }
    json_decref(out);
}

/* The seed's year deadline is "trước ngày 05/12/2026": on time through 04/12 in Vietnam, i.e.
 * until 16:59:59 UTC on 04/12. A month's figures are due by the 5th of the next month, included. */
static void on_time_by_the_day_in_vietnam(void **state)
{
    demo_store d;
    arena *a = arena_new();
    size_t on_time, late;

    demo_store_open(&d);
    submitted_at(&d, "2026-12-04T16:59:00Z"); /* 23:59 on 04/12 in Vietnam */
    tally(d.s, a, "2026", &on_time, &late);
    assert_true(on_time > 0);
    assert_int_equal(late, 0);
    submitted_at(&d, "2026-12-04T17:00:00Z"); /* 00:00 on 05/12: the day written is already late */
    tally(d.s, a, "2026", &on_time, &late);
    assert_int_equal(on_time, 0);
    assert_true(late > 0);

    submitted_at(&d, "2026-04-05T16:59:59Z"); /* 23:59:59 on 05/04: March's figures on time */
    tally(d.s, a, "2026-03", &on_time, &late);
    assert_true(on_time > 0);
    assert_int_equal(late, 0);
    submitted_at(&d, "2026-04-05T23:30:00Z"); /* 06:30 on 06/04 in Vietnam, still 05/04 in UTC */
    tally(d.s, a, "2026-03", &on_time, &late);
    assert_int_equal(on_time, 0);
    assert_true(late > 0);

    /* the report says which day is the last and what the plan wrote */
    period y = {PERIOD_YEAR, 2026, 0};
    json_t *out = NULL;
    td_error e = {0};
    assert_int_equal(evaluation_completeness(d.s, a, 1, &y, "2026-12-04", &out, &e), TD_OK);
    assert_string_equal(json_string_value(json_object_get(out, "due")), "2026-12-05");
    assert_string_equal(json_string_value(json_object_get(out, "last_on_time")), "2026-12-04");
    assert_string_equal(json_string_value(json_object_get(out, "due_wording")), "trước ngày 05/12/2026");
    assert_false(json_is_true(json_object_get(out, "overdue"))); /* 04/12 is still on time */
    json_decref(out);
    assert_int_equal(evaluation_completeness(d.s, a, 1, &y, "2026-12-05", &out, &e), TD_OK);
    assert_true(json_is_true(json_object_get(out, "overdue")));
    json_decref(out);
    demo_store_close(&d);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(a_flow_sums_its_months),
                                       cmocka_unit_test(on_time_by_the_day_in_vietnam)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
