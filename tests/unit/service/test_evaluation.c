/* test_evaluation.c — evaluating a stored plan (src/service/evaluation.c): one indicator through
 * the year, month by month, as the engine judges each period. */
#include "cmocka_all.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "demo_store.h"
#include "service/evaluation.h"
#include "service/unit_targets.h"

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
    assert_int_equal(evaluation_history(d.s, a, NULL, 1, "11", &q, &h, &e), TD_OK);
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
    assert_int_equal(evaluation_history(d.s, a, NULL, 1, "1.3.4", &q, &h, &e), TD_OK);
    json_t *m = json_array_get(json_object_get(h, "months"), 0);
    assert_true(json_equal(json_object_get(m, "cumulative"), json_object_get(m, "actual")));
    json_decref(h);

    /* a unit's state is its latest figure's, a draft too (October's, not counted), while its
     * figure is the latest counted one (September's, returned for thôn 9: August's) */
    assert_int_equal(evaluation_history(d.s, a, NULL, 1, "1.3.4", &q, &h, &e), TD_OK);
    json_t *units = json_object_get(h, "units");
    assert_int_equal(json_array_size(units), 4);
    for (size_t i = 0; i < json_array_size(units); i++) {
        json_t *unit = json_array_get(units, i);
        bool nine = strcmp(json_string_value(json_object_get(unit, "org_unit")), "thon-9") == 0;
        assert_string_equal(json_string_value(json_object_get(unit, "status")), "draft");
        assert_string_equal(json_string_value(json_object_get(unit, "periods")), nine ? "2026-08" : "2026-09");
    }
    json_decref(h);

    assert_int_equal(evaluation_history(d.s, a, NULL, 1, "99", &q, &h, &e), TD_ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "\"99\""));
    q.org_unit = "khong-co";
    assert_int_equal(evaluation_history(d.s, a, NULL, 1, "11", &q, &h, &e), TD_ERR_NOTFOUND);
    demo_store_close(&d);
    arena_free(a);
}

static json_t *cell(json_t *m, const char *unit, const char *code)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(m, "cells"), i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "org_unit")), unit) == 0 &&
            strcmp(json_string_value(json_object_get(c, "indicator")), code) == 0)
            return c;
    }
    return NULL;
}

/* The unit × indicator table: each unit alone, a cell where it was assigned a target or has a
 * figure; a share set through the service shows in it, and a share cleared leaves the unit's
 * figure without a verdict of its own. */
static void the_unit_table_follows_the_shares(void **state)
{
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    json_t *m = NULL;
    eval_query q = {.as_of = "2026-10-20", .period = {.kind = PERIOD_QUARTER, .year = 2026, .index = 3}};
    evaluation_matrix_filter all = {0};
    unit_target_row row;

    demo_store_open(&d);
    assert_int_equal(evaluation_matrix(d.s, a, NULL, 1, &q, &all, &m, &e), TD_OK);
    json_t *herd = cell(m, "thon-9", "1.3.4");
    assert_non_null(herd);
    assert_string_equal(json_string_value(json_object_get(herd, "target_text")), "khoảng 1.950 con");
    assert_true(json_is_number(json_object_get(herd, "actual")));
    assert_non_null(json_string_value(json_object_get(herd, "verdict")));
    json_t *own = cell(m, "thon-9", "14.2"); /* reported, not assigned */
    assert_non_null(own);
    assert_true(json_is_null(json_object_get(own, "verdict")));
    assert_null(cell(m, "thon-9", "11")); /* neither assigned nor reported */
    json_decref(m);

    /* a share taken back: the figure stays, without a verdict of its own */
    assert_int_equal(unit_targets_clear(d.s, a, NULL, 1, "1.3.4", "thon-9", &row, &e), TD_OK);
    assert_string_equal(row.org_unit_name, "Thôn 9");
    assert_int_equal(evaluation_matrix(d.s, a, NULL, 1, &q, &all, &m, &e), TD_OK);
    herd = cell(m, "thon-9", "1.3.4");
    assert_true(json_is_null(json_object_get(herd, "target_text")));
    assert_string_equal(json_string_value(json_object_get(herd, "verdict_label")), "Không giao chỉ tiêu riêng");
    json_decref(m);

    /* a new share, and the filters */
    assert_int_equal(unit_targets_set(d.s, a, NULL, 1, "11", "thon-9", "từ 100 lượt trở lên", &row, &e),
                     TD_OK);
    evaluation_matrix_filter one = {.org_unit = "thon-9", .indicator = "11"};
    assert_int_equal(evaluation_matrix(d.s, a, NULL, 1, &q, &one, &m, &e), TD_OK);
    assert_int_equal(json_array_size(json_object_get(m, "cells")), 1);
    assert_string_equal(json_string_value(json_object_get(cell(m, "thon-9", "11"), "verdict")), "no_data");
    json_decref(m);
    evaluation_matrix_filter bad = {.indicator = "99"};
    assert_int_equal(evaluation_matrix(d.s, a, NULL, 1, &q, &bad, &m, &e), TD_ERR_NOTFOUND);
    bad = (evaluation_matrix_filter){.org_unit = "thon-99"};
    assert_int_equal(evaluation_matrix(d.s, a, NULL, 1, &q, &bad, &m, &e), TD_ERR_NOTFOUND);

    /* the list: plan order, then unit code order; filters; unknown ones are NOTFOUND */
    unit_target_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(unit_targets_list(d.s, a, NULL, 1, NULL, "thon-9", &rows, &n, &e), TD_OK);
    assert_true(n >= 8);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(rows[i].org_unit, "thon-9");
    assert_string_equal(rows[0].indicator, "1.3.1");
    assert_string_equal(rows[n - 1].indicator, "11");
    assert_int_equal(unit_targets_list(d.s, a, NULL, 1, "1.3.3", NULL, &rows, &n, &e), TD_OK);
    assert_int_equal(n, 4);
    assert_true(strcmp(rows[0].org_unit, rows[1].org_unit) < 0);
    assert_int_equal(unit_targets_list(d.s, a, NULL, 1, "99", NULL, &rows, &n, &e), TD_ERR_NOTFOUND);

    /* a share written inside a transaction that fails is not kept */
    target t = {0};
    assert_int_equal(target_parse(a, "khoảng 10 con", &t, &e), TD_OK);
    assert_int_equal(store_begin(d.s, &e), TD_OK);
    assert_int_equal(unit_targets_set_target(d.s, a, 1, "1.3.5", "thon-9", &t, false, NULL, &e), TD_OK);
    store_rollback(d.s);
    assert_int_equal(unit_targets_list(d.s, a, NULL, 1, "1.3.5", "thon-9", &rows, &n, &e), TD_OK);
    assert_string_equal(rows[0].target.text, "từ 85 con trở lên");
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
    if (evaluation_completeness(s, a, NULL, 1, &p, "2027-01-31", &out, &e) != TD_OK)
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
    assert_int_equal(evaluation_completeness(d.s, a, NULL, 1, &y, "2026-12-04", &out, &e), TD_OK);
    assert_string_equal(json_string_value(json_object_get(out, "due")), "2026-12-05");
    assert_string_equal(json_string_value(json_object_get(out, "last_on_time")), "2026-12-04");
    assert_string_equal(json_string_value(json_object_get(out, "due_wording")), "trước ngày 05/12/2026");
    assert_false(json_is_true(json_object_get(out, "overdue"))); /* 04/12 is still on time */
    json_decref(out);
    assert_int_equal(evaluation_completeness(d.s, a, NULL, 1, &y, "2026-12-05", &out, &e), TD_OK);
    assert_true(json_is_true(json_object_get(out, "overdue")));
    json_decref(out);
    demo_store_close(&d);
    arena_free(a);
}

/* ---- the history, in one pass, against each period evaluated on its own --------------------- */

/* The same key of the history's entry and of the node the whole plan's evaluation gives (a key
 * the node lacks is null in the history), byte for byte. */
static void same(json_t *entry, const char *key, json_t *node, const char *node_key, const char *code,
                 const char *where)
{
    json_t *x = json_object_get(entry, key), *y = json_object_get(node, node_key);
    char *xs = x ? json_dumps(x, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    char *ys = json_dumps(y ? y : json_null(), JSON_ENCODE_ANY | JSON_COMPACT);
    if (!xs || strcmp(xs, ys) != 0)
        fail_msg("%s %s, %s: history %s, evaluation %s", code, where, key, xs ? xs : "(none)", ys);
    free(xs);
    free(ys);
}

/* The 17 periods of the history (12 months, 4 quarters, the year), each evaluated on its own:
 * the whole plan (evaluation_run, as GET evaluation), and for a month or a quarter the year on a
 * copy of the figures without those of the year that end later (the running figure, the long way). */
typedef struct periods {
    period per[17];
    eval_report whole[17], upto[17];
} periods;

static void evaluate_periods(store *s, arena *a, const plan *p, const eval_query *base, periods *out)
{
    data_value *vals = NULL;
    size_t n = 0;
    value_filter f = {.plan_id = 1};
    td_error e = {0};
    assert_int_equal(store_values_list(s, a, &f, &vals, &n, &e), TD_OK);
    for (int k = 0; k < 17; k++) {
        period *per = &out->per[k];
        *per = k < 12 ? (period){PERIOD_MONTH, 2026, k + 1}
               : k < 16 ? (period){PERIOD_QUARTER, 2026, k - 11}
                        : (period){PERIOD_YEAR, 2026, 0};
        eval_query q = *base;
        q.period = *per;
        if (evaluation_run(s, a, NULL, 1, &q, &out->whole[k], &e) != TD_OK)
            fail_msg("%s", e.msg);
        if (per->kind == PERIOD_YEAR)
            continue;
        int first, last;
        size_t kept = 0;
        period_months(per, &first, &last);
        data_value *until = arena_calloc(a, n + 1, sizeof *until);
        for (size_t i = 0; i < n; i++) {
            period vp;
            int vf, vl;
            if (period_parse(vals[i].period, &vp, NULL) != TD_OK)
                continue;
            period_months(&vp, &vf, &vl);
            if (vp.year != per->year || vl <= last)
                until[kept++] = vals[i];
        }
        q.period = (period){PERIOD_YEAR, per->year, 0};
        assert_int_equal(eval_plan(a, p, until, kept, &q, &out->upto[k], &e), TD_OK);
    }
}

static void check_entry(arena *a, const periods *ps, int k, const indicator *ind, json_t *entry)
{
    char where[12];
    const period *per = &ps->per[k];
    period_code(per, where);
    assert_string_equal(json_string_value(json_object_get(entry, "period")), where);
    json_t *node = eval_node_json(a, &ps->whole[k], ind->code);
    static const char *const keys[] = {"actual", "verdict", "verdict_label", "degree", "reason", "missing_units"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        same(entry, keys[i], node, keys[i], ind->code, where);
    if (per->kind == PERIOD_YEAR) {
        static const char *const year_keys[] = {"rule", "pace", "projected", "projected_verdict", "method"};
        for (size_t i = 0; i < sizeof year_keys / sizeof year_keys[0]; i++)
            same(entry, year_keys[i], node, year_keys[i], ind->code, where);
    }
    bool to_date = ind->meas == MEASURE_FLOW || ind->meas == MEASURE_LEVEL || ind->meas == MEASURE_BUILDUP;
    if (to_date && per->kind != PERIOD_YEAR) {
        json_t *upto = eval_node_json(a, &ps->upto[k], ind->code);
        same(entry, "cumulative", upto, "actual", ind->code, where);
        json_decref(upto);
    } else {
        same(entry, "cumulative", node, "actual", ind->code, where);
    }
    json_decref(node);
}

static size_t check_history(store *s, arena *a, const periods *ps, const indicator *list, size_t n,
                            const eval_query *q)
{
    size_t checked = 0;
    for (size_t i = 0; i < n; i++) {
        const indicator *ind = &list[i];
        json_t *h = NULL;
        td_error e = {0};
        checked += check_history(s, a, ps, ind->children, ind->n_children, q);
        if (evaluation_history(s, a, NULL, 1, ind->code, q, &h, &e) != TD_OK)
            fail_msg("%s: %s", ind->code, e.msg);
        for (int k = 0; k < 17; k++)
            check_entry(a, ps, k,  ind, k < 12 ? json_array_get(json_object_get(h, "months"), (size_t)k)
                                      : k < 16 ? json_array_get(json_object_get(h, "quarters"), (size_t)k - 12)
                                               : json_object_get(h, "year"));
        json_t *node = eval_node_json(a, &ps->whole[16], ind->code);
        same(h, "target", node, "target", ind->code, "2026");
        json_decref(node);
        json_decref(h);
        checked++;
    }
    return checked;
}

/* The history reads the figures once and evaluates the indicator alone for each month, quarter
 * and the year: every entry is what the whole plan's evaluation of that period says of it, and
 * the running figure what the year says with only the figures up to the period's end — for
 * every indicator of the demo plan, for the commune and for a unit, all figures or the approved
 * ones, before, during and after the year. */
static void the_history_is_each_period_evaluated(void **state)
{
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    plan *p = NULL;
    const eval_query queries[] = {
        {.as_of = "2026-11-25"},
        {.as_of = "2026-06-30", .approved_only = true},
        {.as_of = "2027-01-05", .org_unit = "thon-thai-lai"},
        {.as_of = "2026-08-15", .org_unit = "vh-xh"},
    };

    demo_store_open(&d);
    assert_int_equal(store_plan_get(d.s, a, 1, &p, &e), TD_OK);
    plan_counts pc;
    plan_count(p, &pc);
    periods *ps = arena_calloc(a, 1, sizeof *ps);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        evaluate_periods(d.s, a, p, &queries[i], ps);
        assert_int_equal(check_history(d.s, a, ps, p->indicators, p->n_indicators, &queries[i]), pc.indicators);
    }
    demo_store_close(&d);
    arena_free(a);
}

/* The evaluation reads only the figures it counts (store_rollup.c: submitted or approved, of the
 * period's year and its baselines'): its answer is the engine's over every figure of the plan,
 * byte for byte — months, quarters, the year, a unit, approved only, growth against 2025. */
static void the_evaluation_reads_what_it_counts(void **state)
{
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    plan *p = NULL;
    data_value *all = NULL;
    size_t n = 0;
    value_filter f = {.plan_id = 1};
    const eval_query queries[] = {
        {.period = {PERIOD_YEAR, 2026, 0}, .as_of = "2026-11-25"},
        {.period = {PERIOD_YEAR, 2026, 0}, .as_of = "2027-01-05", .approved_only = true},
        {.period = {PERIOD_QUARTER, 2026, 3}, .as_of = "2026-11-25"},
        {.period = {PERIOD_MONTH, 2026, 9}, .as_of = "2026-11-25", .org_unit = "thon-thai-lai"},
        {.period = {PERIOD_MONTH, 2026, 10}, .as_of = "2026-12-31"},
    };

    demo_store_open(&d);
    assert_int_equal(store_plan_get(d.s, a, 1, &p, &e), TD_OK);
    assert_int_equal(store_values_list(d.s, a, &f, &all, &n, &e), TD_OK);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        eval_report got, want;
        eval_query q = queries[i];
        assert_int_equal(evaluation_run(d.s, a, NULL, 1, &q, &got, &e), TD_OK);
        q.units = got.query.units;
        q.n_units = got.query.n_units;
        assert_int_equal(eval_plan(a, p, all, n, &q, &want, &e), TD_OK);
        json_t *gj = eval_report_to_json(a, &got), *wj = eval_report_to_json(a, &want);
        char *gs = json_dumps(gj, JSON_COMPACT), *ws = json_dumps(wj, JSON_COMPACT);
        if (strcmp(gs, ws) != 0)
            fail_msg("query %zu: %s\n!=\n%s", i, gs, ws);
        free(gs);
        free(ws);
        json_decref(gj);
        json_decref(wj);
    }
    demo_store_close(&d);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(a_flow_sums_its_months),
                                       cmocka_unit_test(the_unit_table_follows_the_shares),
                                       cmocka_unit_test(on_time_by_the_day_in_vietnam),
                                       cmocka_unit_test(the_history_is_each_period_evaluated),
                                       cmocka_unit_test(the_evaluation_reads_what_it_counts)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
