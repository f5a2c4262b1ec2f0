/* evaluation.c — load a plan and its values, evaluate; see evaluation.h. */
#include "evaluation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deadline.h"
#include "core/period.h"
#include "core/vtext.h"
#include "policy.h"
#include "store/store_rollup.h"

/* The org units of the plan's commune; TD_ERR_NOTFOUND when unit (if not NULL) is not one of them. */
static td_status plan_units(store *s, arena *a, td_id plan_id, const char *unit, org_unit **units, size_t *n,
                            td_error *err)
{
    td_id commune_id = 0;
    bool found = !unit;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = store_org_units_list(s, a, commune_id, units, n, err);
    for (size_t i = 0; !st && i < *n && !found; i++)
        found = strcmp((*units)[i].code, unit) == 0;
    if (!st && !found)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có đơn vị với mã \"%s\" (xem `thidua plan show %lld`)", unit,
                     (long long)plan_id);
    return st;
}

/* A period with year 0 is the plan's first year. */
static void default_period(const plan *p, period *per)
{
    if (per->year)
        return;
    per->kind = PERIOD_YEAR;
    per->year = p->period_start ? atoi(p->period_start) : 0;
    per->index = 0;
}

static void widen(int year, int *from, int *to)
{
    if (year && year < *from)
        *from = year;
    if (year > *to)
        *to = year;
}

/* Widens [from, to] to the baseline years of the targets in list (the commune's and the units'). */
static void baseline_years(const indicator *list, size_t n, int *from, int *to)
{
    for (size_t i = 0; i < n; i++) {
        const indicator *ind = &list[i];
        if (ind->target)
            widen(ind->target->baseline_year, from, to);
        for (size_t k = 0; k < ind->n_unit_targets; k++)
            widen(ind->unit_targets[k].target.baseline_year, from, to);
        baseline_years(ind->children, ind->n_children, from, to);
    }
}

/* The figures an evaluation of year reads (store_rollup.h): that year's, and those of the years
 * its growth targets compare with (the year before, or the target's baseline year). */
static td_status plan_figures(store *s, arena *a, const plan *p, int year, figure_states states, data_value **vals,
                              size_t *n, td_error *err)
{
    int from = year - 1, to = year;
    baseline_years(p->indicators, p->n_indicators, &from, &to);
    return store_plan_figures(s, a, p->id, from, to, states, vals, n, err);
}

td_status evaluation_run(store *s, arena *a, const user *viewer, td_id plan_id, const eval_query *query,
                         eval_report *out, td_error *err)
{
    /* a plan of another commune does not exist for the viewer (service/policy.h) */
    td_status allowed = policy_plan(s, viewer, plan_id, err);
    if (allowed)
        return allowed;
    eval_query q_ = *query, *q = &q_;
    plan *p = NULL;
    data_value *vals = NULL;
    size_t n = 0;
    td_status st = store_plan_get(s, a, plan_id, &p, err);

    if (st)
        return st;
    /* the units' names, so that the engine's methods and reasons name them as users know them */
    org_unit *units;
    size_t nu;
    st = plan_units(s, a, plan_id, q->org_unit, &units, &nu, err);
    if (st)
        return st;
    q->units = units;
    q->n_units = nu;
    default_period(p, &q->period);
    st = plan_figures(s, a, p, q->period.year, q->approved_only ? FIGURES_APPROVED : FIGURES_COUNTED, &vals, &n, err);
    if (st)
        return st;
    return eval_plan(a, p, vals, n, q, out, err);
}

td_status evaluation_state(store *s, const user *viewer, td_id plan_id, plan_state *out, td_error *err)
{
    td_status st = store_plan_state(s, plan_id, out, err);
    if (!st && !policy_may_see_commune(s, viewer, out->commune_id))
        st = td_fail(err, TD_ERR_NOTFOUND, "không có kế hoạch số %lld", (long long)plan_id);
    return st;
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

/* lacking: the targets that no unit the viewer may see has reported (a reporter's view holds
 * its own unit's targets only). */
static void tally_leaves(arena *a, const user *viewer, const indicator *list, size_t n, const period *p,
                         const data_value *vals, size_t nv, const char *last_on_time, unit_tally **t, size_t *nt,
                         json_t *lacking)
{
    for (size_t i = 0; i < n; i++) {
        const indicator *ind = &list[i];
        tally_leaves(a, viewer, ind->children, ind->n_children, p, vals, nv, last_on_time, t, nt, lacking);
        if (!ind->target || ind->n_children || ind->formula || !expected_in(ind, p))
            continue;
        bool any = false, visible = false;
        for (size_t r = 0; r < ind->n_responsible; r++) {
            const char *u = ind->responsible[r];
            bool seen = policy_may_see_unit(viewer, u);
            visible = visible || seen;
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
                any = any || seen;
            }
            /* on time by the day in Vietnam: 00:30 on 06/12 there is 17:30 on 05/12 in UTC */
            if (first && deadline_on_time(first, last_on_time))
                (*t)[k].on_time++;
            else if (first)
                (*t)[k].late++;
        }
        if (visible && !any)
            json_array_append_new(lacking, json_pack("{s:s, s:s}", "code", ind->code, "name", ind->name));
    }
}

static json_t *rate(size_t part, size_t whole)
{
    return whole ? json_real((double)part * 100.0 / (double)whole) : json_null();
}

td_status evaluation_completeness(store *s, arena *a, const user *viewer, td_id plan_id, const period *p,
                                  const char *as_of, json_t **out, td_error *err)
{
    plan *pl;
    data_value *vals;
    size_t nv;
    value_filter f = {.plan_id = plan_id};
    char due[32], code[12];
    const char *wording = NULL, *last_on_time = due;
    /* as the evaluation reads it: a day that is not one would make every unit on time */
    if (as_of && !date_iso_valid(as_of))
        return td_fail(err, TD_ERR_INPUT, "ngày đánh giá \"%s\" không hợp lệ; cần dạng YYYY-MM-DD", as_of);
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = store_plan_get(s, a, plan_id, &pl, err);
    if (!st)
        st = store_values_list(s, a, &f, &vals, &nv, err);
    if (st)
        return st;
    int first, last;
    /* a month's or a quarter's figures are due by the 5th of the next month, that day included */
    period_months(p, &first, &last);
    snprintf(due, sizeof due, "%04d-%02d-05", (last == 12 ? p->year + 1 : p->year) % 10000, last % 12 + 1);
    const plan_deadline *unit_dl = NULL, *commune_dl = NULL;
    for (size_t i = 0; p->kind == PERIOD_YEAR && i < pl->n_deadlines; i++) {
        const plan_deadline *d = &pl->deadlines[i];
        if (d->kind && d->due && strcmp(d->kind, "unit_report") == 0)
            unit_dl = d;
        else if (d->kind && strcmp(d->kind, "commune_report") == 0)
            commune_dl = d;
    }
    if (unit_dl) {
        snprintf(due, sizeof due, "%s", unit_dl->due);
        /* the plan's wording fixes the last day: "trước ngày 05/12" ends on 04/12 */
        last_on_time = unit_dl->last_on_time ? unit_dl->last_on_time : unit_dl->due;
        wording = unit_dl->wording;
    }
    const char *commune_due = commune_dl ? commune_dl->due : NULL;
    unit_tally *t = NULL;
    size_t nt = 0;
    json_t *lacking = json_array(), *units = json_array();
    tally_leaves(a, viewer, pl->indicators, pl->n_indicators, p, vals, nv, last_on_time, &t, &nt, lacking);
    /* the units the viewer may see, and the summary over those alone */
    size_t seen = 0;
    for (size_t i = 0; i < nt; i++)
        if (policy_may_see_unit(viewer, t[i].unit))
            t[seen++] = t[i];
    nt = seen;
    size_t complete_on_time = 0, complete_late = 0, none = 0, partial = 0;
    bool overdue = as_of && strcmp(as_of, last_on_time) > 0;
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
    *out = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:b, s:{s:I, s:I, s:I, s:I, s:I, s:o, s:o}, s:o, s:o}",
                     "plan_id", (json_int_t)plan_id, "period", code, "due", due, "last_on_time", last_on_time,
                     "due_wording", wording, "commune_due", commune_due, "commune_last_on_time",
                     commune_dl ? commune_dl->last_on_time : NULL, "overdue", overdue, "summary", "units",
                     (json_int_t)nt, "complete_on_time", (json_int_t)complete_on_time, "complete_late",
                     (json_int_t)complete_late, "partial", (json_int_t)partial, "none", (json_int_t)none,
                     "on_time_rate", rate(complete_on_time, nt), "reported_rate", rate(nt - none, nt), "units", units,
                     "targets_without_data", lacking);
    return TD_OK;
}

/* ---- one indicator through the year ----------------------------------------------------- */

/* What the engine says of one indicator over one period: its node of the evaluation's JSON
 * (the same shape GET evaluation sends). until_month: see eval_pass_indicator. A new reference. */
static td_status node_for(arena *a, const eval_pass *pass, const eval_query *base, const period *per,
                          const indicator *ind, int until_month, json_t **out, td_error *err)
{
    eval_query q = *base;
    eval_report rep;
    q.period = *per;
    td_status st = eval_pass_indicator(a, pass, &q, ind, until_month, &rep, err);
    if (st)
        return st;
    *out = eval_node_json(a, &rep, ind->code);
    return TD_OK;
}

static json_t *field(json_t *node, const char *key)
{
    json_t *v = json_object_get(node, key);
    return v ? json_incref(v) : json_null();
}

/* One entry of the history: the node's figure and verdict for per, and the commune's figure at
 * the end of per as the roll-up defines it ("cumulative"): for a flow the running total from
 * January, for a stock (level, build-up) each unit's latest figure up to then, so a village that
 * has not reported this month still counts with its last herd; for anything else the figure
 * itself. "missing_units" lists the units expected and without a figure in per. For the year, the
 * pace, the projection, the method and the rule too. *node_out (when not NULL) receives the node. */
static td_status history_entry(arena *a, const eval_pass *pass, const indicator *ind, const eval_query *q,
                               const period *per, json_t **out, json_t **node_out, td_error *err)
{
    json_t *node = NULL, *upto = NULL;
    char code[12];
    td_status st = node_for(a, pass, q, per, ind, 0, &node, err);
    bool to_date = ind->meas == MEASURE_FLOW || ind->meas == MEASURE_LEVEL || ind->meas == MEASURE_BUILDUP;
    if (!st && to_date && per->kind != PERIOD_YEAR) {
        /* a running total, or the latest of each unit, is the engine's figure for the year with
         * only the values up to then (the values of the year that end later are not counted) */
        int first, last;
        period year = {PERIOD_YEAR, per->year, 0};
        period_months(per, &first, &last);
        st = node_for(a, pass, q, &year, ind, last, &upto, err);
    }
    if (st) {
        json_decref(node);
        return st;
    }
    period_code(per, code);
    *out = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "period", code, "label", period_label_vi(a, per),
                     "actual", field(node, "actual"), "verdict", field(node, "verdict"), "verdict_label",
                     field(node, "verdict_label"), "degree", field(node, "degree"), "reason", field(node, "reason"),
                     "cumulative", field(upto ? upto : node, "actual"));
    json_object_set_new(*out, "missing_units", field(node, "missing_units"));
    if (per->kind == PERIOD_YEAR) {
        json_object_set_new(*out, "rule", field(node, "rule"));
        json_object_set_new(*out, "pace", field(node, "pace"));
        json_object_set_new(*out, "projected", field(node, "projected"));
        json_object_set_new(*out, "projected_verdict", field(node, "projected_verdict"));
        json_object_set_new(*out, "method", field(node, "method"));
    }
    json_decref(upto);
    if (node_out)
        *node_out = node;
    else
        json_decref(node);
    return TD_OK;
}

/* The figures of one indicator in one year, by unit and, within a unit, in the order they were
 * read: each unit's state is then read from its own figures, not from a pass over every figure
 * of the plan per unit (that was quadratic: 200 units × 88.800 figures took seconds). */
typedef struct year_values {
    const data_value **v;
    size_t n;
} year_values;

static int by_unit(const void *x, const void *y)
{
    const data_value *a = *(const data_value *const *)x, *b = *(const data_value *const *)y;
    int k = strcmp(a->org_unit_code, b->org_unit_code);
    return k ? k : (a > b) - (a < b); /* the same array: its order */
}

static year_values values_of_year(arena *a, const data_value *vals, size_t n, const char *code, int year)
{
    year_values yv = {arena_calloc(a, n + 1, sizeof *yv.v), 0};
    for (size_t i = 0; i < n; i++) {
        period vp;
        if (strcmp(vals[i].indicator_code, code) == 0 && period_parse(vals[i].period, &vp, NULL) == TD_OK &&
            vp.year == year)
            yv.v[yv.n++] = &vals[i];
    }
    if (yv.n)
        qsort(yv.v, yv.n, sizeof *yv.v, by_unit);
    return yv;
}

/* The workflow state of a unit's latest figure in yv (the one whose period ends last; of two,
 * the one changed last, else the one read first), or "missing" when it has none: what the
 * unit's report waits for. */
static const char *unit_status(const year_values *yv, const char *unit)
{
    const data_value *latest = NULL;
    int latest_end = 0;
    size_t lo = 0, hi = yv->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(yv->v[mid]->org_unit_code, unit) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < yv->n && strcmp(yv->v[i]->org_unit_code, unit) == 0; i++) {
        const data_value *v = yv->v[i];
        period vp;
        int first, last;
        period_parse(v->period, &vp, NULL);
        period_months(&vp, &first, &last);
        if (!latest || last > latest_end ||
            (last == latest_end &&
             strcmp(v->updated_at ? v->updated_at : "", latest->updated_at ? latest->updated_at : "") > 0)) {
            latest = v;
            latest_end = last;
        }
    }
    return latest ? value_status_code(latest->status) : "missing";
}

static const char *unit_name(const org_unit *units, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(units[i].code, code) == 0)
            return units[i].name;
    return code;
}

static bool listed(json_t *units, const char *code)
{
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        if (strcmp(json_string_value(json_object_get(u, "org_unit")), code) == 0)
            return true;
    }
    return false;
}

static void add_unit(json_t *list, const org_unit *units, size_t nu, const year_values *yv, const char *code,
                     json_t *figure)
{
    const char *status = unit_status(yv, code);
    value_status vs;
    json_array_append_new(
        list, json_pack("{s:s, s:s, s:o, s:o, s:o, s:s, s:s}", "org_unit", code, "name", unit_name(units, nu, code),
                        "actual", figure ? field(figure, "value") : json_null(), "denominator",
                        figure ? field(figure, "denominator") : json_null(), "periods",
                        figure ? field(figure, "periods") : json_null(), "status", status, "status_label",
                        value_status_from_code(status, &vs) ? value_status_label_vi(vs) : "Chưa báo cáo"));
}

/* Every unit with a say in the year's figure: those counted (the engine's order), then those
 * responsible without one and those whose figures are not counted yet (drafts), by code. */
static json_t *history_units(arena *a, const indicator *ind, json_t *year_node, const org_unit *units, size_t nu,
                             const data_value *vals, size_t nv, const char *scope, int year)
{
    json_t *out = json_array(), *u;
    size_t i;
    year_values yv = values_of_year(a, vals, nv, ind->code, year);
    json_array_foreach(json_object_get(year_node, "units"), i, u)
    {
        add_unit(out, units, nu, &yv, json_string_value(json_object_get(u, "org_unit")), u);
    }
    for (size_t k = 0; k < nu; k++) {
        const char *code = units[k].code;
        bool responsible = false;
        for (size_t r = 0; r < ind->n_responsible && !responsible; r++)
            responsible = strcmp(ind->responsible[r], code) == 0;
        bool has_values = strcmp(unit_status(&yv, code), "missing") != 0;
        if ((scope && strcmp(scope, code) != 0) || (!responsible && !has_values) || listed(out, code))
            continue;
        add_unit(out, units, nu, &yv, code, NULL);
    }
    return out;
}

td_status evaluation_history(store *s, arena *a, const user *viewer, td_id plan_id, const char *code,
                             const eval_query *query, json_t **out, td_error *err)
{
    /* a plan of another commune does not exist for the viewer (service/policy.h) */
    td_status allowed = policy_plan(s, viewer, plan_id, err);
    if (allowed)
        return allowed;
    plan *p = NULL;
    org_unit *units = NULL;
    data_value *vals = NULL;
    size_t nu = 0, nv = 0;
    json_t *months = json_array(), *quarters = json_array(), *year_entry = NULL, *year_node = NULL, *e = NULL;
    td_status st = store_plan_get(s, a, plan_id, &p, err);

    *out = NULL;
    if (st)
        goto fail;
    const indicator *ind = plan_find_indicator(p, code);
    if (!ind) {
        st = td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" trong kế hoạch số %lld", code, (long long)plan_id);
        goto fail;
    }
    int year = p->period_start ? atoi(p->period_start) : 0;
    st = plan_units(s, a, plan_id, query->org_unit, &units, &nu, err);
    if (!st) /* every state: the units' list says where each unit's latest figure stands */
        st = plan_figures(s, a, p, year, FIGURES_ALL, &vals, &nv, err);
    if (st)
        goto fail;
    /* one pass: the figures are read once and made ready once (filtered to the plan, sorted);
     * each month, quarter and the year then evaluates this indicator alone, from its own figures,
     * never the whole plan again (its node is the same as in the whole plan's evaluation) */
    eval_pass pass;
    eval_pass_open(a, p, vals, nv, &pass);
    eval_query named = *query;
    named.units = units;
    named.n_units = nu;
    query = &named;
    for (int m = 1; !st && m <= 12; m++) {
        period per = {PERIOD_MONTH, year, m};
        st = history_entry(a, &pass, ind, query, &per, &e, NULL, err);
        if (!st)
            json_array_append_new(months, e);
    }
    for (int k = 1; !st && k <= 4; k++) {
        period per = {PERIOD_QUARTER, year, k};
        st = history_entry(a, &pass, ind, query, &per, &e, NULL, err);
        if (!st)
            json_array_append_new(quarters, e);
    }
    period whole = {PERIOD_YEAR, year, 0};
    if (!st)
        st = history_entry(a, &pass, ind, query, &whole, &year_entry, &year_node, err);
    if (st)
        goto fail;
    *out = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "plan_id", (json_int_t)plan_id,
                     "code", ind->code, "name", ind->name, "unit", ind->unit ? json_string(ind->unit) : json_null(),
                     "target_text", ind->target ? json_string(target_format(a, ind->target)) : json_null(),
                     "org_unit", query->org_unit ? json_string(query->org_unit) : json_null(), "measure",
                     measure_code(ind->meas), "target", field(year_node, "target"), "months", months, "quarters",
                     quarters, "year", year_entry, "units",
                     history_units(a, ind, year_node, units, nu, vals, nv, query->org_unit, year));
    json_decref(year_node);
    return TD_OK;
fail:
    json_decref(months);
    json_decref(quarters);
    return st;
}

/* ---- the unit × indicator table ------------------------------------------------------------- */

static bool has_actual(const eval_actual *x)
{
    return x->has_items || x->has_yes || x->has_value;
}

typedef struct matrix {
    arena *a;
    const org_unit *unit;
    const evaluation_matrix_filter *f;
    json_t *cells;
    bool *unit_used, *ind_used; /* ind_used by position in the plan's flat order */
    const indicator **inds;
    size_t n_inds;
} matrix;

static size_t ind_index(const matrix *m, const indicator *ind)
{
    for (size_t i = 0; i < m->n_inds; i++)
        if (m->inds[i] == ind)
            return i;
    return 0;
}

static void matrix_cells(matrix *m, const eval_node *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const eval_node *nd = &nodes[i];
        const indicator *ind = nd->ind;
        const target *mine = indicator_unit_target(ind, m->unit->code);
        bool counted = nd->n_units > 0 && has_actual(&nd->actual);
        matrix_cells(m, nd->children, nd->n_children);
        if ((!mine && !(counted && !nd->n_children && ind->target)) ||
            (m->f->indicator && strcmp(m->f->indicator, ind->code) != 0))
            continue;
        json_t *cell;
        if (mine) {
            const eval_judgement *j = &nd->judgement;
            if (m->f->verdict && strcmp(m->f->verdict, eval_verdict_code(j->verdict)) != 0)
                continue;
            cell = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:s}", "org_unit", m->unit->code, "indicator",
                             ind->code, "target_text", mine->text, "actual", eval_actual_to_json(&nd->actual), "verdict",
                             eval_verdict_code(j->verdict), "verdict_label", eval_verdict_label_vi(j->verdict, nd->final),
                             "degree", j->has_degree ? json_real(j->degree) : json_null(), "reason",
                             j->reason ? j->reason : "");
        } else {
            if (m->f->verdict)
                continue;
            cell = json_pack("{s:s, s:s, s:n, s:o, s:n, s:s, s:n, s:s}", "org_unit", m->unit->code, "indicator",
                             ind->code, "target_text", "actual", eval_actual_to_json(&nd->actual), "verdict", "verdict_label",
                             "Không giao chỉ tiêu riêng", "degree", "reason",
                             "Số liệu của đơn vị được tính vào chỉ tiêu của xã");
        }
        json_array_append_new(m->cells, cell);
        m->ind_used[ind_index(m, ind)] = true;
        *m->unit_used = true;
    }
}

static size_t flat_inds(const indicator *list, size_t n, const indicator **out, size_t k)
{
    for (size_t i = 0; i < n; i++) {
        out[k++] = &list[i];
        k = flat_inds(list[i].children, list[i].n_children, out, k);
    }
    return k;
}

static int unit_name_cmp(const void *x, const void *y)
{
    return vtext_collate((*(const org_unit *const *)x)->name, (*(const org_unit *const *)y)->name);
}

td_status evaluation_matrix(store *s, arena *a, const user *viewer, td_id plan_id, const eval_query *q,
                            const evaluation_matrix_filter *f, json_t **out, td_error *err)
{
    /* a plan of another commune does not exist for the viewer (service/policy.h) */
    td_status allowed = policy_plan(s, viewer, plan_id, err);
    if (allowed)
        return allowed;
    org_unit *units = NULL;
    size_t nu = 0;
    plan *p = NULL;
    eval_report rep = {0};
    td_status st = plan_units(s, a, plan_id, f->org_unit, &units, &nu, err);

    data_value *vals = NULL;
    size_t nv = 0;
    period asked = q->period;

    *out = NULL;
    if (!st)
        st = store_plan_get(s, a, plan_id, &p, err);
    if (!st) /* read once: each unit is evaluated from the same plan and figures */
        default_period(p, &asked);
    if (!st)
        st = plan_figures(s, a, p, asked.year, q->approved_only ? FIGURES_APPROVED : FIGURES_COUNTED, &vals, &nv, err);
    if (st)
        return st;
    if (f->indicator && !plan_find_indicator(p, f->indicator))
        return td_fail(err, TD_ERR_NOTFOUND, "Không có chỉ tiêu \"%s\" trong kế hoạch", f->indicator);
    plan_counts pc;
    plan_count(p, &pc);
    matrix m = {.a = a, .f = f, .cells = json_array()};
    m.inds = arena_calloc(a, pc.indicators + 1, sizeof *m.inds);
    m.n_inds = flat_inds(p->indicators, p->n_indicators, m.inds, 0);
    m.ind_used = arena_calloc(a, m.n_inds + 1, sizeof *m.ind_used);
    bool *used = arena_calloc(a, nu + 1, sizeof *used);
    const org_unit **order = arena_calloc(a, nu + 1, sizeof *order);
    for (size_t i = 0; i < nu; i++)
        order[i] = &units[i];
    qsort(order, nu, sizeof *order, unit_name_cmp);

    for (size_t i = 0; !st && i < nu; i++) {
        if (f->org_unit && strcmp(f->org_unit, order[i]->code) != 0)
            continue;
        eval_query qu = *q;
        qu.org_unit = order[i]->code;
        default_period(p, &qu.period);
        st = eval_plan(a, p, vals, nv, &qu, &rep, err);
        if (st)
            break;
        m.unit = order[i];
        m.unit_used = &used[i];
        matrix_cells(&m, rep.nodes, rep.n_nodes);
    }
    if (st) {
        json_decref(m.cells);
        return st;
    }
    json_t *ju = json_array(), *ji = json_array();
    for (size_t i = 0; i < nu; i++)
        if (used[i])
            json_array_append_new(ju, json_pack("{s:s, s:s}", "code", order[i]->code, "name", order[i]->name));
    for (size_t i = 0; i < m.n_inds; i++)
        if (m.ind_used[i])
            json_array_append_new(ji, json_pack("{s:s, s:s, s:o}", "code", m.inds[i]->code, "name", m.inds[i]->name,
                                                "unit", m.inds[i]->unit ? json_string(m.inds[i]->unit) : json_null()));
    period per = q->period;
    default_period(p, &per);
    char code[12];
    period_code(&per, code);
    bool final = rep.plan ? rep.final : false;
    /* a heading, not the middle of a sentence: "Quý III/2026" */
    char *label = period_label_vi(a, &per);
    static const char *const lower[] = {"tháng", "quý", "năm"}, *const upper[] = {"Tháng", "Quý", "Năm"};
    for (size_t i = 0; i < 3; i++)
        if (strncmp(label, lower[i], strlen(lower[i])) == 0)
            label = arena_printf(a, "%s%s", upper[i], label + strlen(lower[i]));
    *out = json_pack("{s:s, s:s, s:b, s:o, s:o, s:o}", "period", code, "period_label", label,
                     "final", final, "units", ju, "indicators", ji, "cells", m.cells);
    return TD_OK;
}
