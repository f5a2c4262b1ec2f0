/* city.c — a city officer's views across its communes; see city.h. */
#include "city.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/evaluate.h"
#include "core/period.h"
#include "policy.h"
#include "report_docs.h"
#include "store/store_city.h"
#include "vnclock.h"

/* What every view starts from: the city, the period and its bounds. */
typedef struct scope {
    city c;
    period per;
    char code[12];
    char from[11], to[11];  /* the period's first and last day */
    char lo[12], hi[12];    /* the month codes it spans */
    char today[11];
    bool final;
} scope;

static td_status scope_open(store *s, arena *a, const user *viewer, const city_query *q, scope *sc, td_error *err)
{
    td_id city_id = 0;
    td_status st = TD_OK;
    memset(sc, 0, sizeof *sc);
    if (q->as_of && !date_iso_valid(q->as_of))
        return td_fail(err, TD_ERR_INPUT, "ngày tính (as_of) cần dạng YYYY-MM-DD, ví dụ 2026-12-15");
    if (q->as_of)
        snprintf(sc->today, sizeof sc->today, "%s", q->as_of);
    else
        vnclock_today(sc->today);
    if (viewer)
        st = policy_city(viewer, &city_id, err);
    else if (q->city_name)
        st = store_city_find(s, a, q->city_name, &sc->c, err);
    else {
        city *all = NULL;
        size_t n = 0;
        st = store_cities_list(s, a, &all, &n, err);
        if (!st && n != 1)
            st = td_fail(err, TD_ERR_USAGE, "cơ sở dữ liệu có %zu thành phố: hãy chọn một bằng --city", n);
        if (!st)
            sc->c = all[0];
    }
    if (!st && viewer)
        st = store_city_get(s, a, city_id, &sc->c, err);
    if (st)
        return st;
    if (q->period && *q->period) {
        st = period_parse(q->period, &sc->per, err);
        if (st)
            return st;
    } else {
        sc->per = (period){.kind = PERIOD_YEAR, .year = atoi(sc->today)};
    }
    int first, last;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    period_months(&sc->per, &first, &last);
    int y = sc->per.year;
    int last_day = days[last - 1] + (last == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
    period_code(&sc->per, sc->code);
    snprintf(sc->from, sizeof sc->from, "%04d-%02d-01", y, first);
    snprintf(sc->to, sizeof sc->to, "%04d-%02d-%02d", y, last, last_day);
    if (sc->per.kind == PERIOD_YEAR) {
        /* "2026" < "2026-01" < … < "2026-12" < "2026-Q1" < … < "2026-Q4": months and quarters */
        snprintf(sc->lo, sizeof sc->lo, "%04d", y);
        snprintf(sc->hi, sizeof sc->hi, "%04d-Q4", y);
    } else {
        snprintf(sc->lo, sizeof sc->lo, "%04d-%02d", y, first);
        snprintf(sc->hi, sizeof sc->hi, "%04d-%02d", y, last);
    }
    sc->final = strcmp(sc->to, sc->today) < 0;
    return TD_OK;
}

static json_t *scope_json(arena *a, const scope *sc, json_t *o)
{
    json_object_set_new(o, "city", json_pack("{s:I, s:s}", "id", (json_int_t)sc->c.id, "name", sc->c.name));
    json_object_set_new(o, "period", json_string(sc->code));
    json_object_set_new(o, "period_label", json_string(period_label_vi(a, &sc->per)));
    json_object_set_new(o, "final", json_boolean(sc->final));
    return o;
}

/* One commune's figure and verdict for one target. */
typedef struct cell {
    const city_figure *f; /* the target's first row (indicator, target) */
    td_id commune_id;
    eval_actual act;
    eval_judgement j;
} cell;

/* The last month a period code covers, ×10 plus its kind, so that a later period sorts later
 * and, in the same month, a quarter or a year after the month it ends with. */
static int period_rank(const char *code)
{
    period p;
    td_error e = {0};
    int first, last;
    if (!code || period_parse(code, &p, &e))
        return -1;
    period_months(&p, &first, &last);
    return last * 10 + (int)p.kind;
}

/* Combines the rows [i, k) of one commune and target into its figure (city.h). */
static void figure_of(const city_figure *rows, size_t i, size_t k, eval_actual *act)
{
    const city_figure *f = &rows[i];
    double sum = 0;
    long count = 0;
    size_t latest = k;
    memset(act, 0, sizeof *act);
    for (size_t r = i; r < k; r++) {
        if (!rows[r].count)
            continue;
        sum += rows[r].sum;
        count += rows[r].count;
        if (latest == k || period_rank(rows[r].period) > period_rank(rows[latest].period))
            latest = r;
    }
    if (!count)
        return;
    if (f->target.op == TARGET_DONE) {
        act->has_yes = true;
        act->yes = rows[latest].min > 0;
    } else if (f->meas == MEASURE_FLOW) {
        act->has_value = true;
        act->value = f->agg == AGG_SUM ? sum : sum / (double)count;
    } else {
        act->has_value = true;
        act->value = f->agg == AGG_SUM ? rows[latest].sum : rows[latest].sum / (double)rows[latest].count;
    }
}

/* The figures of the whole city, judged: cells in commune, indicator order. */
static td_status judge_city(store *s, arena *a, const scope *sc, cell **out, size_t *n, td_error *err)
{
    city_figure *rows = NULL;
    size_t n_rows = 0, m = 0;
    char also[12];
    snprintf(also, sizeof also, "%s", sc->code);
    td_status st = store_city_figures(s, a, sc->c.id, sc->from, sc->to, sc->lo, sc->hi, also, &rows, &n_rows, err);
    if (st)
        return st;
    cell *cells = arena_calloc(a, n_rows + 1, sizeof *cells);
    for (size_t i = 0; i < n_rows;) {
        size_t k = i + 1;
        while (k < n_rows && rows[k].commune_id == rows[i].commune_id && rows[k].indicator_id == rows[i].indicator_id)
            k++;
        cell *c = &cells[m++];
        c->f = &rows[i];
        c->commune_id = rows[i].commune_id;
        figure_of(rows, i, k, &c->act);
        if (c->act.has_value || c->act.has_yes)
            eval_judge(a, &rows[i].target, rows[i].dir, NULL, &c->act, sc->final, &c->j);
        else
            c->j = (eval_judgement){.verdict = VERDICT_NO_DATA};
        i = k;
    }
    *out = cells;
    *n = m;
    return TD_OK;
}

/* The scope, the city's communes and every commune's judged targets. */
static td_status city_judged(store *s, arena *a, const user *viewer, const city_query *q, scope *sc,
                             city_commune **communes, size_t *n, cell **cells, size_t *n_cells, td_error *err)
{
    td_status st = scope_open(s, a, viewer, q, sc, err);
    if (!st)
        st = store_city_communes(s, a, sc->c.id, sc->from, sc->to, communes, n, err);
    return st ? st : judge_city(s, a, sc, cells, n_cells, err);
}

static json_t *counts_json(const size_t by[VERDICT_COUNT])
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I}", "exceeded", (json_int_t)by[VERDICT_EXCEEDED], "achieved",
                     (json_int_t)by[VERDICT_ACHIEVED], "not_achieved", (json_int_t)by[VERDICT_NOT_ACHIEVED], "no_data",
                     (json_int_t)by[VERDICT_NO_DATA], "total",
                     (json_int_t)(by[VERDICT_EXCEEDED] + by[VERDICT_ACHIEVED] + by[VERDICT_NOT_ACHIEVED] +
                                  by[VERDICT_NO_DATA]));
}

td_status city_communes(store *s, arena *a, const user *viewer, const city_query *q, json_t **out, td_error *err)
{
    scope sc;
    city_commune *communes = NULL;
    cell *cells = NULL;
    size_t n = 0, n_cells = 0, totals[VERDICT_COUNT] = {0};
    td_status st = city_judged(s, a, viewer, q, &sc, &communes, &n, &cells, &n_cells, err);
    if (st)
        return st;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        size_t by[VERDICT_COUNT] = {0};
        for (size_t k = 0; k < n_cells; k++)
            if (cells[k].commune_id == communes[i].id && cells[k].j.verdict < VERDICT_AWAITING)
                by[cells[k].j.verdict]++, totals[cells[k].j.verdict]++;
        json_t *plan_id = communes[i].plan_id ? json_integer(communes[i].plan_id) : json_null();
        json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:I, s:o}", "code", communes[i].code, "name",
                                              communes[i].name, "plan_id", plan_id, "units",
                                              (json_int_t)communes[i].n_units, "counts", counts_json(by)));
    }
    json_t *o = scope_json(a, &sc, json_object());
    json_object_set_new(o, "communes", list);
    json_object_set_new(o, "totals", counts_json(totals));
    *out = o;
    return TD_OK;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* The p-th quantile (0…1) of sorted v[0..n), linear between the two nearest ranks. */
static double quantile(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
}

#define CITY_BINS 10
#define CITY_LAGGARDS 10

static json_t *distribution_json(double *v, size_t n, const target *t)
{
    if (!n)
        return json_null();
    double sum = 0;
    qsort(v, n, sizeof *v, cmp_double);
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    double min = v[0], max = v[n - 1];
    size_t bins = max > min ? CITY_BINS : 1;
    double width = max > min ? (max - min) / (double)bins : 0;
    size_t count[CITY_BINS] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t b = width > 0 ? (size_t)((v[i] - min) / width) : 0;
        count[b < bins ? b : bins - 1]++;
    }
    json_t *arr = json_array();
    for (size_t b = 0; b < bins; b++)
        json_array_append_new(arr, json_pack("{s:f, s:f, s:I}", "from", min + width * (double)b, "to",
                                             b + 1 == bins ? max : min + width * (double)(b + 1), "count",
                                             (json_int_t)count[b]));
    return json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:o, s:o}", "min", min, "p25", quantile(v, n, 0.25), "median",
                     quantile(v, n, 0.5), "p75", quantile(v, n, 0.75), "max", max, "mean", sum / (double)n, "target",
                     t->has_value ? json_real(t->value) : json_null(), "bins", arr);
}

static int cmp_degree(const void *x, const void *y)
{
    const cell *a = *(const cell *const *)x, *b = *(const cell *const *)y;
    double da = a->j.has_degree ? a->j.degree : 0, db = b->j.has_degree ? b->j.degree : 0;
    return da < db ? -1 : da > db;
}

static json_t *actual_json(const eval_actual *act)
{
    return act->has_yes ? json_boolean(act->yes) : act->has_value ? json_real(act->value) : json_null();
}

td_status city_rollup(store *s, arena *a, const user *viewer, const city_query *q, json_t **out, td_error *err)
{
    scope sc;
    city_commune *communes = NULL;
    cell *cells = NULL;
    size_t n = 0, n_cells = 0, with_plan = 0;
    td_status st = city_judged(s, a, viewer, q, &sc, &communes, &n, &cells, &n_cells, err);
    if (st)
        return st;
    for (size_t i = 0; i < n; i++)
        with_plan += communes[i].plan_id != 0;
    /* targets in the order of the first commune's plan that has them; then cells by target */
    const char **codes = arena_calloc(a, n_cells + 1, sizeof *codes);
    size_t n_codes = 0;
    for (size_t k = 0; k < n_cells; k++) {
        size_t c = 0;
        while (c < n_codes && strcmp(codes[c], cells[k].f->code) != 0)
            c++;
        if (c == n_codes)
            codes[n_codes++] = cells[k].f->code;
    }
    json_t *targets = json_array();
    const cell **mine = arena_calloc(a, n_cells + 1, sizeof *mine);
    double *values = arena_calloc(a, n_cells + 1, sizeof *values);
    for (size_t c = 0; c < n_codes; c++) {
        size_t m = 0, n_values = 0, by[VERDICT_COUNT] = {0}, n_lag = 0;
        for (size_t k = 0; k < n_cells; k++)
            if (strcmp(cells[k].f->code, codes[c]) == 0)
                mine[m++] = &cells[k];
        const city_figure *f = mine[0]->f;
        const cell **lag = arena_calloc(a, m + 1, sizeof *lag);
        for (size_t k = 0; k < m; k++) {
            if (mine[k]->j.verdict < VERDICT_AWAITING)
                by[mine[k]->j.verdict]++;
            if (mine[k]->act.has_value)
                values[n_values++] = mine[k]->act.value;
            if (mine[k]->j.verdict == VERDICT_NOT_ACHIEVED)
                lag[n_lag++] = mine[k];
        }
        qsort(lag, n_lag, sizeof *lag, cmp_degree);
        json_t *laggards = json_array();
        for (size_t k = 0; k < n_lag && k < CITY_LAGGARDS; k++) {
            const city_commune *cm = NULL;
            for (size_t i = 0; i < n && !cm; i++)
                if (communes[i].id == lag[k]->commune_id)
                    cm = &communes[i];
            json_array_append_new(laggards,
                                  json_pack("{s:s, s:s, s:o, s:o, s:s?}", "code", cm ? cm->code : "", "name",
                                            cm ? cm->name : "", "actual", actual_json(&lag[k]->act), "degree",
                                            lag[k]->j.has_degree ? json_real(lag[k]->j.degree) : json_null(),
                                            "reason", lag[k]->j.reason));
        }
        json_array_append_new(
            targets,
            json_pack("{s:s, s:s, s:s?, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "code", f->code, "name",
                      f->name, "unit", f->unit, "target_text", f->target.text, "direction", direction_code(f->dir),
                      "communes", (json_int_t)m, "with_data", (json_int_t)(m - by[VERDICT_NO_DATA]), "exceeded",
                      (json_int_t)by[VERDICT_EXCEEDED], "achieved", (json_int_t)by[VERDICT_ACHIEVED], "not_achieved",
                      (json_int_t)by[VERDICT_NOT_ACHIEVED], "no_data", (json_int_t)by[VERDICT_NO_DATA],
                      "distribution", distribution_json(values, n_values, &f->target), "laggards", laggards));
    }
    json_t *o = scope_json(a, &sc, json_object());
    json_object_set_new(o, "communes", json_integer((json_int_t)with_plan));
    json_object_set_new(o, "targets", targets);
    *out = o;
    return TD_OK;
}

static const char *report_label(const char *status)
{
    static const char *const labels[][2] = {
        {"on_time", "Đã gửi đúng hạn"}, {"late", "Gửi trễ hạn"}, {"overdue", "Quá hạn, chưa gửi"},
        {"pending", "Chưa gửi"},        {"no_plan", "Chưa có kế hoạch"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i][0], status) == 0)
            return labels[i][1];
    return status;
}

td_status city_reports(store *s, arena *a, const user *viewer, const city_query *q, json_t **out, td_error *err)
{
    scope sc;
    city_commune *communes = NULL;
    city_report *reports = NULL;
    size_t n = 0, n_reports = 0, on_time = 0, late = 0, overdue = 0, pending = 0;
    const char *deadline = NULL, *wording = NULL;
    td_status st = scope_open(s, a, viewer, q, &sc, err);
    if (!st)
        st = store_city_communes(s, a, sc.c.id, sc.from, sc.to, &communes, &n, err);
    if (!st)
        st = store_city_reports(s, a, sc.c.id, sc.from, sc.to, sc.code, &reports, &n_reports, err);
    if (st)
        return st;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const city_report *r = NULL;
        for (size_t k = 0; k < n_reports && !r; k++)
            if (reports[k].commune_id == communes[i].id)
                r = &reports[k];
        const char *status = "no_plan";
        if (r && r->document_id)
            status = r->deadline && r->issued_on && strcmp(r->issued_on, r->deadline) > 0 ? "late" : "on_time";
        else if (r)
            status = r->deadline && strcmp(sc.today, r->deadline) > 0 ? "overdue" : "pending";
        on_time += strcmp(status, "on_time") == 0;
        late += strcmp(status, "late") == 0;
        overdue += strcmp(status, "overdue") == 0;
        pending += strcmp(status, "pending") == 0;
        if (r && r->deadline && (!deadline || strcmp(r->deadline, deadline) < 0)) {
            deadline = r->deadline;
            wording = r->deadline_wording;
        }
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:o, s:s?, s:s, s:s, s:s?, s:s?, s:o}", "code", communes[i].code, "name",
                            communes[i].name, "plan_id", communes[i].plan_id ? json_integer(communes[i].plan_id) : json_null(),
                            "deadline", r ? r->deadline : NULL, "status", status, "status_label", report_label(status),
                            "issued_on", r && r->document_id ? r->issued_on : NULL, "number",
                            r && r->document_id ? report_docs_number_text(a, &(report_doc){.number = r->number,
                                                                                           .symbol = r->symbol})
                                                 : NULL,
                            "document_id",
                            r && r->document_id ? json_integer(r->document_id) : json_null()));
    }
    json_t *o = scope_json(a, &sc, json_object());
    json_object_set_new(o, "deadline", deadline ? json_string(deadline) : json_null());
    json_object_set_new(o, "deadline_label", deadline ? json_string(date_format_vi(a, deadline)) : json_null());
    json_object_set_new(o, "deadline_wording", wording ? json_string(wording) : json_null());
    json_object_set_new(o, "communes", list);
    json_object_set_new(o, "counts", json_pack("{s:I, s:I, s:I, s:I}", "on_time", (json_int_t)on_time, "late",
                                               (json_int_t)late, "overdue", (json_int_t)overdue, "pending",
                                               (json_int_t)pending));
    *out = o;
    return TD_OK;
}
