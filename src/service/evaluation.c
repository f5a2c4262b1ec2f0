/* evaluation.c — load a plan and its values, evaluate; see evaluation.h. */
#include "evaluation.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

td_status evaluation_run(store *s, arena *a, td_id plan_id, const eval_query *query, eval_report *out,
                         td_error *err)
{
    eval_query q_ = *query, *q = &q_;
    plan *p = NULL;
    data_value *vals = NULL;
    size_t n = 0;
    value_filter f = {.plan_id = plan_id};
    td_status st = store_plan_get(s, a, plan_id, &p, err);

    if (st)
        return st;
    if (q->org_unit) {
        org_unit *units;
        size_t nu;
        bool found = false;
        td_id commune_id = 0;
        st = store_plan_commune(s, plan_id, &commune_id, err);
        if (!st)
            st = store_org_units_list(s, a, commune_id, &units, &nu, err);
        for (size_t i = 0; !st && i < nu && !found; i++)
            found = strcmp(units[i].code, q->org_unit) == 0;
        if (!st && !found)
            return td_fail(err, TD_ERR_NOTFOUND, "không có đơn vị với mã \"%s\" (xem `thidua plan show %lld`)",
                           q->org_unit, (long long)plan_id);
        if (st)
            return st;
    }
    if (q->period.year == 0) {
        q->period.kind = PERIOD_YEAR;
        q->period.year = p->period_start ? atoi(p->period_start) : 0;
        q->period.index = 0;
    }
    st = store_values_list(s, a, &f, &vals, &n, err);
    if (st)
        return st;
    return eval_plan(a, p, vals, n, q, out, err);
}

void evaluation_today(char buf[11])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

typedef struct unit_tally {
    const char *unit;
    size_t expected, on_time, late;
} unit_tally;

static bool expected_in(const indicator *ind, const period *p)
{
    /* a monthly figure is due every month, a quarterly one each quarter, a yearly one at year end */
    return p->kind == PERIOD_YEAR || (p->kind == PERIOD_QUARTER && ind->freq != FREQ_YEAR) ||
           (p->kind == PERIOD_MONTH && ind->freq == FREQ_MONTH);
}

static void tally_leaves(arena *a, const indicator *list, size_t n, const period *p, const data_value *vals,
                         size_t nv, const char *due, unit_tally **t, size_t *nt, json_t *lacking)
{
    for (size_t i = 0; i < n; i++) {
        const indicator *ind = &list[i];
        tally_leaves(a, ind->children, ind->n_children, p, vals, nv, due, t, nt, lacking);
        if (!ind->target || ind->n_children || ind->formula || !expected_in(ind, p))
            continue;
        bool any = false;
        for (size_t r = 0; r < ind->n_responsible; r++) {
            const char *u = ind->responsible[r];
            size_t k = 0;
            while (k < *nt && strcmp((*t)[k].unit, u) != 0)
                k++;
            if (k == *nt) {
                unit_tally *more = arena_calloc(a, *nt + 1, sizeof *more);
                if (*nt)
                    memcpy(more, *t, *nt * sizeof *more);
                more[*nt].unit = u;
                *t = more;
                (*nt)++;
            }
            (*t)[k].expected++;
            /* the earliest submission of this unit for this target in the period */
            const char *first = NULL;
            for (size_t v = 0; v < nv; v++) {
                period vp;
                if (strcmp(vals[v].indicator_code, ind->code) || strcmp(vals[v].org_unit_code, u) ||
                    (vals[v].status != VALUE_SUBMITTED && vals[v].status != VALUE_APPROVED) ||
                    period_parse(vals[v].period, &vp, NULL) || vp.year != p->year || !period_contains(p, &vp))
                    continue;
                const char *at = vals[v].submitted_at ? vals[v].submitted_at : vals[v].updated_at;
                if (at && (!first || strcmp(at, first) < 0))
                    first = at;
                any = true;
            }
            if (first && strncmp(first, due, 10) <= 0)
                (*t)[k].on_time++;
            else if (first)
                (*t)[k].late++;
        }
        if (!any)
            json_array_append_new(lacking, json_pack("{s:s, s:s}", "code", ind->code, "name", ind->name));
    }
}

static json_t *rate(size_t part, size_t whole)
{
    return whole ? json_real((double)part * 100.0 / (double)whole) : json_null();
}

td_status evaluation_completeness(store *s, arena *a, td_id plan_id, const period *p, const char *as_of,
                                  json_t **out, td_error *err)
{
    plan *pl;
    data_value *vals;
    size_t nv;
    value_filter f = {.plan_id = plan_id};
    char due[32], code[12];
    td_status st = store_plan_get(s, a, plan_id, &pl, err);
    if (!st)
        st = store_values_list(s, a, &f, &vals, &nv, err);
    if (st)
        return st;
    int first, last;
    period_months(p, &first, &last);
    snprintf(due, sizeof due, "%04d-%02d-05", (last == 12 ? p->year + 1 : p->year) % 10000, last % 12 + 1);
    for (size_t i = 0; p->kind == PERIOD_YEAR && i < pl->n_deadlines; i++)
        if (pl->deadlines[i].kind && strcmp(pl->deadlines[i].kind, "unit_report") == 0 && pl->deadlines[i].due)
            snprintf(due, sizeof due, "%s", pl->deadlines[i].due);
    const char *commune_due = NULL;
    for (size_t i = 0; p->kind == PERIOD_YEAR && i < pl->n_deadlines; i++)
        if (pl->deadlines[i].kind && strcmp(pl->deadlines[i].kind, "commune_report") == 0)
            commune_due = pl->deadlines[i].due;
    unit_tally *t = NULL;
    size_t nt = 0;
    json_t *lacking = json_array(), *units = json_array();
    tally_leaves(a, pl->indicators, pl->n_indicators, p, vals, nv, due, &t, &nt, lacking);
    size_t complete_on_time = 0, complete_late = 0, none = 0, partial = 0;
    bool overdue = as_of && strcmp(as_of, due) > 0;
    for (size_t i = 0; i < nt; i++) {
        size_t got = t[i].on_time + t[i].late;
        const char *state = got == 0                  ? (overdue ? "missing" : "not_yet")
                            : got < t[i].expected     ? "partial"
                            : t[i].late == 0          ? "on_time"
                                                      : "late";
        none += got == 0;
        partial += got && got < t[i].expected;
        complete_on_time += got == t[i].expected && t[i].late == 0;
        complete_late += got == t[i].expected && t[i].late > 0;
        json_array_append_new(units, json_pack("{s:s, s:I, s:I, s:I, s:I, s:s}", "org_unit", t[i].unit, "expected",
                                               (json_int_t)t[i].expected, "on_time", (json_int_t)t[i].on_time, "late",
                                               (json_int_t)t[i].late, "missing", (json_int_t)(t[i].expected - got),
                                               "status", state));
    }
    period_code(p, code);
    *out = json_pack("{s:I, s:s, s:s, s:s?, s:b, s:{s:I, s:I, s:I, s:I, s:I, s:o, s:o}, s:o, s:o}", "plan_id",
                     (json_int_t)plan_id, "period", code, "due", due, "commune_due", commune_due, "overdue", overdue, "summary", "units",
                     (json_int_t)nt, "complete_on_time", (json_int_t)complete_on_time, "complete_late",
                     (json_int_t)complete_late, "partial", (json_int_t)partial, "none", (json_int_t)none,
                     "on_time_rate", rate(complete_on_time, nt), "reported_rate", rate(nt - none, nt), "units", units,
                     "targets_without_data", lacking);
    return TD_OK;
}
