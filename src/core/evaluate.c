/* evaluate.c — the target engine; see evaluate.h and docs/targets.md for the rules.
 *
 * The rules in one place, because officials must be able to check them:
 *  - "at least" kinds (>=, =, range, a growth) are achieved at their bound and exceeded above
 *    it (a range above its top); "more than" (>) is achieved above its bound; "at most" (<=)
 *    is exceeded below its bound; "less than" (<) is achieved below it; a band (duy trì) is
 *    achieved only inside; "about" within its tolerance.
 *  - the degree is actual / target × 100 (ranges and bands: of the low end), target / actual
 *    × 100 where less is better, the share of items for a checklist, 100 or 0 for yes/no.
 * Comparisons allow for the float representation of decimals typed by people (1e-9). */
#include "evaluate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "vnum.h"
#include "vtext.h"

/* ---- names ------------------------------------------------------------------------------ */

static const char *const verdict_codes[] = {"exceeded", "achieved", "not_achieved", "no_data", "awaiting_assignment"};

const char *eval_verdict_code(eval_verdict v)
{
    return v < VERDICT_COUNT ? verdict_codes[v] : "?";
}

const char *eval_verdict_label_vi(eval_verdict v, bool final)
{
    switch (v) {
    case VERDICT_EXCEEDED:
        return "Vượt";
    case VERDICT_ACHIEVED:
        return "Đạt";
    case VERDICT_NOT_ACHIEVED:
        return final ? "Không đạt" : "Chưa đạt";
    case VERDICT_NO_DATA:
        return "Chưa có số liệu";
    case VERDICT_AWAITING:
        return "Chờ giao chỉ tiêu";
    default:
        return "?";
    }
}

const char *eval_pace_code(eval_pace p)
{
    return p == PACE_ON_TRACK ? "on_track" : p == PACE_AT_RISK ? "at_risk" : p == PACE_BEHIND ? "behind" : NULL;
}

const char *eval_pace_label_vi(eval_pace p)
{
    return p == PACE_ON_TRACK  ? "Đúng tiến độ"
           : p == PACE_AT_RISK ? "Có nguy cơ không đạt"
           : p == PACE_BEHIND  ? "Chậm tiến độ"
                               : "";
}

/* ---- judging one target ----------------------------------------------------------------- */

static int cmp(double x, double v)
{
    double eps = 1e-9 * fmax(1.0, fabs(v));
    return x < v - eps ? -1 : x > v + eps ? 1 : 0;
}

static bool is_percent(const char *unit)
{
    return unit && strcmp(unit, "%") == 0;
}

/* A figure as officials write it: "97,5%", "8.990 con", "1.490 lượt". */
static char *figure(arena *a, double v, const char *unit)
{
    const char *n = vnum_format(a, v, 2);
    if (!unit || !*unit)
        return arena_strdup(a, n);
    return arena_printf(a, "%s%s%s", n, is_percent(unit) ? "" : " ", unit);
}

/* The actual of a growth target reads "tăng 18,2%" / "giảm 12,5%". */
static char *actual_text(arena *a, const target *t, double x)
{
    if (t->change == TARGET_CHANGE_NONE)
        return figure(a, x, t->unit);
    bool up = t->change == TARGET_CHANGE_INCREASE;
    if (x < 0) {
        up = !up;
        x = -x;
    }
    return arena_printf(a, "%s %s", up ? "tăng" : "giảm", figure(a, x, t->unit));
}

static const char *rule_text(target_op op, bool change)
{
    const char *r = NULL;
    switch (op) {
    case TARGET_GE:
        r = "Từ … trở lên: đạt khi bằng mục tiêu, vượt khi lớn hơn";
        break;
    case TARGET_GT:
        r = "Trên …: đạt khi lớn hơn mục tiêu";
        break;
    case TARGET_LE:
        r = "Không quá …: đạt khi bằng mục tiêu, vượt khi nhỏ hơn";
        break;
    case TARGET_LT:
        r = "Dưới …: đạt khi nhỏ hơn mục tiêu";
        break;
    case TARGET_EQ:
        r = "Đạt …: đạt khi bằng mục tiêu, vượt khi lớn hơn";
        break;
    case TARGET_RANGE:
        r = "Khoảng a - b: đạt khi trong khoảng, vượt khi trên cận trên; mức độ tính theo cận dưới";
        break;
    case TARGET_BAND:
        r = "Duy trì a - b: chỉ đạt khi nằm trong khoảng";
        break;
    case TARGET_APPROX:
        r = "Khoảng …: đạt khi lệch không quá dung sai";
        break;
    case TARGET_DONE:
        r = "Có/không: đạt khi hoàn thành";
        break;
    case TARGET_LIST:
        r = "Danh mục: đạt khi tất cả các mục đạt";
        break;
    case TARGET_ASSIGNED:
        r = "Theo chỉ tiêu được giao: đạt khi từ mức được giao trở lên";
        break;
    }
    return change ? r : r; /* the change itself is explained in the reason */
}

static bool same_item(arena *a, const char *x, const char *y)
{
    const char *fx = vtext_fold(a, x), *fy = vtext_fold(a, y);
    return fx && fy && strcmp(fx, fy) == 0;
}

static void judge_list(arena *a, const target *t, const eval_actual *act, bool final, eval_judgement *out)
{
    size_t done = 0;
    char *missing = NULL;
    for (size_t i = 0; i < t->n_items; i++) {
        bool found = false;
        for (size_t k = 0; k < act->n_items && !found; k++)
            found = same_item(a, t->items[i], act->items[k]);
        if (found)
            done++;
        else
            missing = missing ? arena_printf(a, "%s, %s", missing, t->items[i]) : arena_strdup(a, t->items[i]);
    }
    out->has_degree = true;
    out->degree = t->n_items ? 100.0 * (double)done / (double)t->n_items : 0;
    out->verdict = done == t->n_items ? VERDICT_ACHIEVED : VERDICT_NOT_ACHIEVED;
    if (!missing)
        out->reason = arena_printf(a, "Đạt: hoàn thành cả %zu/%zu mục", done, t->n_items);
    else
        out->reason = arena_printf(a, "%s: hoàn thành %zu/%zu mục; còn: %s", final ? "Không đạt" : "Chưa đạt", done,
                                   t->n_items, missing);
}

void eval_judge(arena *a, const target *t, const double *assigned, const eval_actual *act, bool final,
                eval_judgement *out)
{
    target eff = *t;
    const char *goal;

    memset(out, 0, sizeof *out);
    out->rule = rule_text(t->op, t->change != TARGET_CHANGE_NONE);
    if (t->op == TARGET_ASSIGNED) {
        if (!assigned) {
            out->verdict = VERDICT_AWAITING;
            out->reason = "Chờ cấp trên giao chỉ tiêu: chưa có mức để so sánh";
            return;
        }
        eff.op = TARGET_GE;
        eff.has_value = true;
        eff.value = *assigned;
    }
    goal = t->op == TARGET_ASSIGNED ? arena_printf(a, "được giao %s", figure(a, eff.value, eff.unit))
                                    : target_format(a, t);

    if (t->op == TARGET_LIST) {
        if (!act->has_items) {
            out->verdict = VERDICT_NO_DATA;
            out->reason = arena_printf(a, "Chưa có số liệu cho mục tiêu \"%s\"", goal);
            return;
        }
        judge_list(a, t, act, final, out);
        return;
    }
    if (t->op == TARGET_DONE) {
        bool has = act->has_yes || act->has_value;
        bool yes = act->has_yes ? act->yes : act->value != 0;
        if (!has) {
            out->verdict = VERDICT_NO_DATA;
            out->reason = "Chưa có số liệu: chưa báo cáo hoàn thành hay chưa";
            return;
        }
        out->has_degree = true;
        out->degree = yes ? 100 : 0;
        out->verdict = yes ? VERDICT_ACHIEVED : VERDICT_NOT_ACHIEVED;
        out->reason = yes ? "Đạt: đã hoàn thành" : final ? "Không đạt: không hoàn thành" : "Chưa đạt: chưa hoàn thành";
        return;
    }
    if (!act->has_value) {
        out->verdict = VERDICT_NO_DATA;
        out->reason = arena_printf(a, "Chưa có số liệu cho mục tiêu %s", goal);
        return;
    }

    double x = act->value, v = eff.value;
    int c = cmp(x, v);
    bool less_better = eff.op == TARGET_LE || eff.op == TARGET_LT;
    eval_verdict verdict = VERDICT_NOT_ACHIEVED;
    const char *detail = NULL;

    switch (eff.op) {
    case TARGET_GE:
    case TARGET_EQ:
        verdict = c > 0 ? VERDICT_EXCEEDED : c == 0 ? VERDICT_ACHIEVED : VERDICT_NOT_ACHIEVED;
        break;
    case TARGET_GT:
        verdict = c > 0 ? VERDICT_ACHIEVED : VERDICT_NOT_ACHIEVED;
        if (c == 0)
            detail = "bằng mức tối thiểu, chưa vượt lên trên";
        break;
    case TARGET_LE:
        verdict = c < 0 ? VERDICT_EXCEEDED : c == 0 ? VERDICT_ACHIEVED : VERDICT_NOT_ACHIEVED;
        break;
    case TARGET_LT:
        verdict = c < 0 ? VERDICT_ACHIEVED : VERDICT_NOT_ACHIEVED;
        if (c == 0)
            detail = "bằng mức tối đa, chưa xuống dưới";
        break;
    case TARGET_RANGE:
        verdict = c < 0 ? VERDICT_NOT_ACHIEVED : cmp(x, eff.high) > 0 ? VERDICT_EXCEEDED : VERDICT_ACHIEVED;
        if (verdict == VERDICT_EXCEEDED)
            detail = "vượt cận trên của khoảng";
        break;
    case TARGET_BAND:
        verdict = c >= 0 && cmp(x, eff.high) <= 0 ? VERDICT_ACHIEVED : VERDICT_NOT_ACHIEVED;
        if (verdict == VERDICT_NOT_ACHIEVED)
            detail = c < 0 ? "thấp hơn khoảng cần duy trì" : "cao hơn khoảng cần duy trì";
        break;
    case TARGET_APPROX: {
        double tol = eff.has_tolerance ? eff.tolerance : TARGET_APPROX_TOLERANCE;
        double lo = v - fabs(v) * tol / 100, hi = v + fabs(v) * tol / 100;
        verdict = cmp(x, lo) >= 0 && cmp(x, hi) <= 0 ? VERDICT_ACHIEVED : VERDICT_NOT_ACHIEVED;
        detail = arena_printf(a, "%s dung sai ± %s%% (%s - %s)",
                              verdict == VERDICT_ACHIEVED ? "trong" : x < lo ? "thấp hơn" : "cao hơn",
                              vnum_format(a, tol, 2), vnum_format(a, lo, 2), figure(a, hi, eff.unit));
        break;
    }
    default:
        break;
    }

    /* the degree: how far toward the target, in percent */
    if (eff.op == TARGET_BAND && verdict == VERDICT_ACHIEVED) {
        out->has_degree = true;
        out->degree = 100;
    } else if (eff.op == TARGET_BAND && cmp(x, eff.high) > 0) {
        out->has_degree = x != 0;
        out->degree = x != 0 ? eff.high / x * 100 : 0;
    } else if (less_better) {
        out->has_degree = x > 0;
        out->degree = x > 0 ? v / x * 100 : 0;
    } else {
        out->has_degree = v != 0;
        out->degree = v != 0 ? x / v * 100 : 0;
    }
    if (out->has_degree && !isfinite(out->degree))
        out->has_degree = false;

    out->verdict = verdict;
    const char *word = verdict == VERDICT_EXCEEDED   ? "Vượt"
                       : verdict == VERDICT_ACHIEVED ? "Đạt"
                       : final                       ? "Không đạt"
                                                     : "Chưa đạt";
    const char *deg = out->has_degree ? arena_printf(a, " (%s%% mục tiêu)", vnum_format(a, out->degree, 1)) : "";
    out->reason = arena_printf(a, "%s: %s so với mục tiêu %s%s%s%s", word, actual_text(a, t, x), goal, deg,
                               detail ? "; " : "", detail ? detail : "");
}

bool eval_change(const target *t, double value, double baseline, double *change)
{
    double d = t->change == TARGET_CHANGE_DECREASE ? baseline - value : value - baseline;
    if (!is_percent(t->unit)) {
        *change = d;
        return true;
    }
    if (baseline == 0)
        return false;
    *change = d / fabs(baseline) * 100;
    return true;
}

/* ---- per-unit figures from data values --------------------------------------------------- */

typedef struct ctx {
    arena *a;
    const plan *p;
    const data_value *vals;
    size_t n;
    const eval_query *q;
    int depth; /* formula nesting, against cycles */
} ctx;

static int value_order(const void *x, const void *y)
{
    const data_value *a = x, *b = y;
    int k = strcmp(a->indicator_code, b->indicator_code);
    return k ? k : strcmp(a->org_unit_code, b->org_unit_code);
}

/* The values of one indicator: c->vals is sorted by indicator code, so they are one run. */
static const data_value *values_of(const ctx *c, const char *code, size_t *n)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(c->vals[mid].indicator_code, code) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < c->n && strcmp(c->vals[end].indicator_code, code) == 0)
        end++;
    *n = end - lo;
    return c->vals + lo;
}

static bool counts_status(const ctx *c, value_status s)
{
    return s == VALUE_APPROVED || (!c->q->approved_only && s == VALUE_SUBMITTED);
}

static unsigned months_mask(const period *p)
{
    int f, l;
    period_months(p, &f, &l);
    unsigned m = 0;
    for (int i = f; i <= l; i++)
        m |= 1u << i;
    return m;
}

static int coarseness(const period *p)
{
    return p->kind == PERIOD_YEAR ? 0 : p->kind == PERIOD_QUARTER ? 1 : 2;
}

/* Values are in the indicator's unit; a growth target's "%" is the change, not the values. */
static bool is_rate(const indicator *ind)
{
    const char *u = ind->unit;
    if (!u && ind->target && ind->target->change == TARGET_CHANGE_NONE)
        u = ind->target->unit;
    return u && (is_percent(u) || strchr(u, '/'));
}

typedef struct pick {
    const data_value *v;
    period per;
} pick;

static int pick_order(const void *x, const void *y)
{
    const pick *a = x, *b = y;
    int ca = coarseness(&a->per), cb = coarseness(&b->per);
    if (ca != cb)
        return ca - cb;
    return a->per.index - b->per.index;
}

/* Splits a checklist answer "A; B" into items. */
static void split_items(arena *a, const char *s, const char ***items, size_t *n)
{
    size_t cap = 1;
    for (const char *p = s; p && *p; p++)
        cap += *p == ';';
    *items = arena_calloc(a, cap, sizeof **items);
    *n = 0;
    char *copy = arena_strdup(a, s ? s : ""), *save = NULL;
    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ')
            tok++;
        size_t l = strlen(tok);
        while (l && tok[l - 1] == ' ')
            tok[--l] = '\0';
        if (*tok)
            (*items)[(*n)++] = tok;
    }
}

/* One unit's figure for ind over the period per: a flow sums its months (a value for a whole
 * quarter or year counts once for its months); a level, a yes/no and a checklist take the
 * latest value. *last_month: the last month the figure covers (0 when none). */
static bool unit_figure(ctx *c, const indicator *ind, const char *unit, const period *per, eval_unit_figure *out,
                        int *last_month)
{
    size_t all = 0, cap = 0, n = 0;
    const data_value *vals = values_of(c, ind->code, &all);
    /* within an indicator the values are sorted by unit: this unit's are one run */
    while (all && strcmp(vals->org_unit_code, unit) != 0) {
        vals++;
        all--;
    }
    while (cap < all && strcmp(vals[cap].org_unit_code, unit) == 0)
        cap++;
    if (!cap)
        return false;
    pick *picks = arena_calloc(c->a, cap, sizeof *picks);
    for (size_t i = 0; i < cap; i++) {
        const data_value *v = &vals[i];
        period vp;
        if (!counts_status(c, v->status) || period_parse(v->period, &vp, NULL) != TD_OK || vp.year != per->year ||
            !period_contains(per, &vp))
            continue;
        picks[n].v = v;
        picks[n++].per = vp;
    }
    if (!n)
        return false;
    qsort(picks, n, sizeof *picks, pick_order);

    memset(out, 0, sizeof *out);
    out->org_unit = unit;
    *last_month = 0;
    if (ind->meas == MEASURE_FLOW) {
        unsigned covered = 0;
        double sum = 0, den = 0;
        bool all_den = true;
        const char *from = NULL, *to = NULL;
        for (size_t i = 0; i < n; i++) {
            unsigned m = months_mask(&picks[i].per);
            if (m & covered || !picks[i].v->has_value)
                continue;
            covered |= m;
            sum += picks[i].v->value;
            all_den = all_den && picks[i].v->has_denominator;
            den += picks[i].v->denominator;
            if (!from)
                from = picks[i].v->period;
            to = picks[i].v->period;
        }
        if (!covered)
            return false;
        for (int m = 12; m >= 1; m--)
            if (covered & (1u << m)) {
                *last_month = m;
                break;
            }
        out->actual.has_value = true;
        out->actual.value = sum;
        out->has_denominator = all_den;
        out->denominator = den;
        out->periods = from == to ? arena_strdup(c->a, from) : arena_printf(c->a, "%s … %s", from, to);
        return true;
    }
    /* the latest: the value that ends last; a whole-period value wins a tie */
    const pick *best = NULL;
    int best_end = 0;
    for (size_t i = 0; i < n; i++) {
        int f, l;
        period_months(&picks[i].per, &f, &l);
        if (l > best_end) {
            best = &picks[i];
            best_end = l;
        }
    }
    const data_value *v = best->v;
    *last_month = best_end;
    out->periods = arena_strdup(c->a, v->period);
    if (ind->meas == MEASURE_LIST) {
        out->actual.has_items = true;
        split_items(c->a, v->text, &out->actual.items, &out->actual.n_items);
    } else if (ind->meas == MEASURE_YESNO) {
        out->actual.has_yes = v->has_value;
        out->actual.yes = v->has_value && v->value != 0;
    } else {
        out->actual.has_value = v->has_value;
        out->actual.value = v->value;
    }
    out->has_denominator = v->has_denominator;
    out->denominator = v->denominator;
    return out->actual.has_value || out->actual.has_yes || out->actual.has_items;
}

static bool in_scope(const ctx *c, const char *unit)
{
    return !c->q->org_unit || strcmp(c->q->org_unit, unit) == 0;
}

/* The distinct units with a value for ind, in the order of the values. */
static size_t reporting_units(ctx *c, const indicator *ind, const char ***out)
{
    size_t n, k = 0;
    const data_value *vals = values_of(c, ind->code, &n);
    const char **u = arena_calloc(c->a, n + 1, sizeof *u);
    for (size_t i = 0; i < n; i++) {
        const data_value *v = &vals[i];
        /* sorted by unit within the indicator: a new unit is a change from the one before */
        if (in_scope(c, v->org_unit_code) && (k == 0 || strcmp(u[k - 1], v->org_unit_code) != 0))
            u[k++] = v->org_unit_code;
    }
    *out = u;
    return k;
}

typedef struct combined {
    eval_actual actual;
    eval_unit_figure *units;
    size_t n_units;
    int last_month;
    const char *method;
} combined;

static int str_order(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static bool combine_formula(ctx *c, const indicator *ind, const period *per, combined *out, td_error *err,
                            td_status *st);

/* The figure of ind over per for the units in scope: sums, weighted rates, all-of. */
static bool combine(ctx *c, const indicator *ind, const period *per, combined *out, td_error *err, td_status *st)
{
    memset(out, 0, sizeof *out);
    if (ind->formula)
        return combine_formula(c, ind, per, out, err, st);

    const char **units;
    size_t nu = reporting_units(c, ind, &units);
    qsort(units, nu, sizeof *units, str_order);
    out->units = arena_calloc(c->a, nu + 1, sizeof *out->units);
    for (size_t i = 0; i < nu; i++) {
        int last = 0;
        if (unit_figure(c, ind, units[i], per, &out->units[out->n_units], &last)) {
            out->n_units++;
            if (last > out->last_month)
                out->last_month = last;
        }
    }
    if (!out->n_units)
        return false;

    eval_unit_figure *u = out->units;
    size_t n = out->n_units;
    if (ind->meas == MEASURE_YESNO) {
        bool all = true;
        for (size_t i = 0; i < n; i++)
            all = all && u[i].actual.yes;
        out->actual.has_yes = true;
        out->actual.yes = all;
        out->method = n > 1 ? arena_printf(c->a, "Đạt khi cả %zu đơn vị báo cáo đạt", n) : "Theo báo cáo của đơn vị";
        return true;
    }
    if (ind->meas == MEASURE_LIST) {
        size_t total = 0;
        for (size_t i = 0; i < n; i++)
            total += u[i].actual.n_items;
        const char **items = arena_calloc(c->a, total + 1, sizeof *items);
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < u[i].actual.n_items; j++) {
                bool dup = false;
                for (size_t m = 0; m < k && !dup; m++)
                    dup = same_item(c->a, items[m], u[i].actual.items[j]);
                if (!dup)
                    items[k++] = u[i].actual.items[j];
            }
        out->actual.has_items = true;
        out->actual.items = items;
        out->actual.n_items = k;
        out->method = n > 1 ? "Hợp các mục đã đạt do các đơn vị báo cáo" : "Các mục đã đạt theo báo cáo mới nhất";
        return true;
    }
    const char *how = ind->meas == MEASURE_FLOW ? "cộng dồn các tháng trong kỳ" : "lấy số liệu mới nhất trong kỳ";
    if (n == 1) {
        out->actual = u[0].actual;
        out->method = arena_printf(c->a, "Số liệu của %s (%s: %s)", u[0].org_unit, how, u[0].periods);
        return true;
    }
    if (!is_rate(ind)) {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += u[i].actual.value;
        out->actual.has_value = true;
        out->actual.value = sum;
        out->method = arena_printf(c->a, "Tổng của %zu đơn vị (%s)", n, how);
        return true;
    }
    /* a rate across units: Σ numerators / Σ denominators, never the mean of the rates */
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        if (!u[i].has_denominator || u[i].denominator <= 0) {
            out->method = arena_printf(c->a,
                                       "Không tổng hợp được tỷ lệ của %zu đơn vị: %s chưa nhập mẫu số (không lấy "
                                       "trung bình cộng các tỷ lệ)",
                                       n, u[i].org_unit);
            return false;
        }
        num += u[i].actual.value * u[i].denominator;
        den += u[i].denominator;
    }
    out->actual.has_value = true;
    out->actual.value = num / den;
    out->method = arena_printf(c->a, "Tỷ lệ chung của %zu đơn vị, có trọng số theo mẫu số (tổng mẫu số %s)", n,
                               vnum_format(c->a, den, 2));
    return true;
}

typedef struct lookup_ctx {
    ctx *c;
    const period *per;
    td_error *err;
    td_status *st;
    int last_month;
} lookup_ctx;

static bool lookup_code(void *vp, const char *code, double *value)
{
    lookup_ctx *l = vp;
    const indicator *ref = plan_find_indicator(l->c->p, code);
    combined sub;
    if (!ref || l->c->depth > 16)
        return false;
    l->c->depth++;
    bool ok = combine(l->c, ref, l->per, &sub, l->err, l->st) && sub.actual.has_value;
    l->c->depth--;
    if (ok && sub.last_month > l->last_month)
        l->last_month = sub.last_month;
    *value = sub.actual.value;
    return ok;
}

static bool combine_formula(ctx *c, const indicator *ind, const period *per, combined *out, td_error *err,
                            td_status *st)
{
    formula *f;
    const char *missing = NULL;
    if (formula_parse(c->a, ind->formula, &f, err) != TD_OK) {
        *st = err ? err->status : TD_ERR_INPUT;
        return false;
    }
    lookup_ctx l = {c, per, err, st, 0};
    double v;
    if (!formula_eval(f, lookup_code, &l, &v, &missing)) {
        out->method = missing ? arena_printf(c->a, "Tính theo công thức %s: chỉ tiêu %s chưa có số liệu", ind->formula,
                                             missing)
                              : arena_printf(c->a, "Tính theo công thức %s: phép chia cho 0", ind->formula);
        return false;
    }
    out->actual.has_value = true;
    out->actual.value = v;
    out->last_month = l.last_month;
    out->method = arena_printf(c->a, "Tính theo công thức %s", ind->formula);
    return true;
}

/* ---- one node --------------------------------------------------------------------------- */

static eval_verdict rollup(eval_verdict a, eval_verdict b)
{
    static const int rank[VERDICT_COUNT] = {
        [VERDICT_EXCEEDED] = 0, [VERDICT_ACHIEVED] = 1, [VERDICT_AWAITING] = 2, [VERDICT_NO_DATA] = 3,
        [VERDICT_NOT_ACHIEVED] = 4};
    return rank[a] >= rank[b] ? a : b;
}

typedef struct timing {
    bool final, started;
    int total, elapsed; /* months of the period, complete months before as_of */
} timing;

static void judge_node(ctx *c, eval_node *nd, const timing *tm, td_error *err, td_status *st)
{
    const indicator *ind = nd->ind;
    const target *t = ind->target;
    const double *assigned = ind->has_assigned ? &ind->assigned : NULL;
    combined cb;
    bool have = combine(c, ind, &c->q->period, &cb, err, st);

    nd->has_target = true;
    nd->final = tm->final;
    nd->units = cb.units;
    nd->n_units = cb.n_units;
    nd->method = cb.method;
    if (have)
        nd->actual = cb.actual;

    /* a growth compares with the same period of the baseline year, when that was entered */
    if (have && t->change != TARGET_CHANGE_NONE && cb.actual.has_value) {
        period base = c->q->period;
        combined bc;
        base.year = t->baseline_year ? t->baseline_year : c->q->period.year - 1;
        nd->level = cb.actual.value;
        if (combine(c, ind, &base, &bc, err, st) && bc.actual.has_value) {
            double ch;
            char code[12];
            period_code(&base, code);
            if (eval_change(t, cb.actual.value, bc.actual.value, &ch)) {
                nd->has_baseline = true;
                nd->baseline = bc.actual.value;
                nd->actual.value = ch;
                nd->method = arena_printf(c->a, "%s; so với %s (%s): %s", cb.method ? cb.method : "", code,
                                          vnum_format(c->a, bc.actual.value, 2),
                                          is_percent(t->unit) ? "(kỳ này − kỳ gốc) / kỳ gốc × 100" : "kỳ này − kỳ gốc");
            }
        } else {
            nd->method = arena_printf(c->a, "%s; số liệu nhập là mức %s (chưa có số liệu năm gốc %d)",
                                      cb.method ? cb.method : "",
                                      t->change == TARGET_CHANGE_INCREASE ? "tăng" : "giảm", base.year);
        }
    }
    /* figures entered ahead of a period (estimates) are judged like any other; only the pace
       waits for the period to begin */
    eval_judge(c->a, t, assigned, &nd->actual, tm->final, &nd->judgement);
    if (!have && !tm->started && nd->judgement.verdict == VERDICT_NO_DATA)
        nd->judgement.reason = "Chưa có số liệu: kỳ này chưa bắt đầu";
    else if (!have && cb.method && nd->judgement.verdict == VERDICT_NO_DATA)
        nd->judgement.reason = arena_printf(c->a, "Chưa có số liệu: %s", cb.method);

    /* responsible units in scope that have not reported */
    nd->missing = arena_calloc(c->a, ind->n_responsible + 1, sizeof *nd->missing);
    for (size_t i = 0; i < ind->n_responsible && !ind->formula; i++) {
        const char *r = ind->responsible[i];
        bool found = false;
        if (!in_scope(c, r))
            continue;
        for (size_t k = 0; k < nd->n_units && !found; k++)
            found = strcmp(nd->units[k].org_unit, r) == 0;
        if (!found)
            nd->missing[nd->n_missing++] = r;
    }

    /* the pace: project to the end of the period and judge the projection */
    if (tm->final || !tm->started || nd->judgement.verdict == VERDICT_NO_DATA ||
        nd->judgement.verdict == VERDICT_AWAITING)
        return;
    int first, last;
    period_months(&c->q->period, &first, &last);
    int covered = cb.last_month ? cb.last_month - first + 1 : tm->elapsed;
    if (covered < tm->elapsed)
        covered = tm->elapsed;
    if (covered < 1)
        covered = 1;
    if (covered > tm->total)
        covered = tm->total;
    eval_actual proj = nd->actual;
    if (t->op == TARGET_DONE) {
        nd->pace = nd->judgement.verdict == VERDICT_ACHIEVED ? PACE_ON_TRACK : PACE_AT_RISK;
        nd->projected_verdict = nd->judgement.verdict;
        return;
    }
    if (t->op == TARGET_LIST) {
        double share = 100.0 * covered / tm->total;
        nd->pace = nd->judgement.verdict == VERDICT_ACHIEVED ? PACE_ON_TRACK
                   : nd->judgement.degree >= 0.9 * share     ? PACE_AT_RISK
                                                             : PACE_BEHIND;
        nd->projected_verdict = nd->judgement.verdict;
        return;
    }
    /* a flow grows pro rata; a level, or a growth rate entered as such, stays where it is */
    if (ind->meas == MEASURE_FLOW && proj.has_value && (t->change == TARGET_CHANGE_NONE || nd->has_baseline)) {
        double projected_level = (nd->has_baseline ? nd->level : proj.value) * tm->total / covered;
        proj.value = projected_level;
        if (nd->has_baseline)
            eval_change(t, projected_level, nd->baseline, &proj.value);
    }
    eval_judgement pj;
    eval_judge(c->a, t, assigned, &proj, true, &pj);
    nd->has_projected = proj.has_value;
    nd->projected = proj.value;
    nd->projected_verdict = pj.verdict;
    if (pj.verdict == VERDICT_EXCEEDED || pj.verdict == VERDICT_ACHIEVED)
        nd->pace = PACE_ON_TRACK;
    else if (pj.has_degree && pj.degree >= 90)
        nd->pace = PACE_AT_RISK;
    else
        nd->pace = PACE_BEHIND;
}

static void count(eval_counts *c, eval_verdict v)
{
    c->by_verdict[v]++;
    c->total++;
}

static void add_counts(eval_counts *to, const eval_counts *from)
{
    for (int i = 0; i < VERDICT_COUNT; i++)
        to->by_verdict[i] += from->by_verdict[i];
    to->total += from->total;
}

static eval_node *build(ctx *c, const indicator *list, size_t n, const timing *tm, td_error *err, td_status *st)
{
    eval_node *nodes = arena_calloc(c->a, n + 1, sizeof *nodes);
    for (size_t i = 0; i < n; i++) {
        eval_node *nd = &nodes[i];
        nd->ind = &list[i];
        nd->final = tm->final;
        nd->children = build(c, list[i].children, list[i].n_children, tm, err, st);
        nd->n_children = list[i].n_children;
        if (list[i].target)
            judge_node(c, nd, tm, err, st);
        bool any = false;
        for (size_t k = 0; k < nd->n_children; k++) {
            add_counts(&nd->counts, &nd->children[k].counts);
            if (nd->children[k].counts.total || nd->children[k].has_target) {
                nd->verdict = any ? rollup(nd->verdict, nd->children[k].verdict) : nd->children[k].verdict;
                any = true;
            }
        }
        if (nd->has_target) {
            if (!nd->n_children)
                count(&nd->counts, nd->judgement.verdict);
            nd->verdict = any ? rollup(nd->verdict, nd->judgement.verdict) : nd->judgement.verdict;
        } else if (!any) {
            nd->verdict = VERDICT_NO_DATA;
        }
    }
    return nodes;
}

static void summarize(ctx *c, const eval_node *nodes, size_t n, eval_summary *s)
{
    for (size_t i = 0; i < n; i++) {
        const eval_node *nd = &nodes[i];
        summarize(c, nd->children, nd->n_children, s);
        if (!nd->has_target || nd->n_children)
            continue;
        count(&s->all, nd->judgement.verdict);
        count(&s->by_group[nd->ind->group], nd->judgement.verdict);
        if (nd->n_missing)
            s->no_report++;
        for (size_t r = 0; r < nd->ind->n_responsible; r++) {
            const char *u = nd->ind->responsible[r];
            size_t k = 0;
            while (k < s->n_units && strcmp(s->units[k], u) != 0)
                k++;
            if (k == s->n_units) {
                const char **units = arena_calloc(c->a, s->n_units + 1, sizeof *units);
                eval_counts *by = arena_calloc(c->a, s->n_units + 1, sizeof *by);
                if (s->n_units) {
                    memcpy(units, s->units, s->n_units * sizeof *units);
                    memcpy(by, s->by_unit, s->n_units * sizeof *by);
                }
                units[s->n_units] = u;
                s->units = units;
                s->by_unit = by;
                s->n_units++;
            }
            count(&s->by_unit[k], nd->judgement.verdict);
        }
    }
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
    return s && date_iso_valid(s) && sscanf(s, "%d-%d-%d", y, m, d) == 3;
}

td_status eval_plan(arena *a, const plan *p, const data_value *vals, size_t n, const eval_query *q,
                    eval_report *out, td_error *err)
{
    int y, m, d, first, last;
    td_status st = TD_OK;
    timing tm = {0};
    ctx c = {.a = a, .p = p, .q = &out->query};

    memset(out, 0, sizeof *out);
    out->plan = p;
    out->query = *q;
    if (!parse_date(q->as_of, &y, &m, &d))
        return td_fail(err, TD_ERR_INPUT, "ngày đánh giá \"%s\" không hợp lệ; cần dạng YYYY-MM-DD",
                       q->as_of ? q->as_of : "");
    if (p->period_start && p->period_end) {
        int ys = atoi(p->period_start), ye = atoi(p->period_end);
        if (ys && ye && (q->period.year < ys || q->period.year > ye))
            return td_fail(err, TD_ERR_INPUT, "kỳ %s nằm ngoài thời gian của kế hoạch (%d–%d)",
                           period_label_vi(a, &q->period), ys, ye);
    }
    /* values of this plan only */
    data_value *mine = arena_calloc(a, n + 1, sizeof *mine);
    for (size_t i = 0; i < n; i++)
        if (!p->id || !vals[i].plan_id || vals[i].plan_id == p->id)
            mine[c.n++] = vals[i];
    qsort(mine, c.n, sizeof *mine, value_order);
    c.vals = mine;

    period_months(&q->period, &first, &last);
    tm.total = last - first + 1;
    tm.final = y > q->period.year || (y == q->period.year && m > last);
    tm.started = y > q->period.year || (y == q->period.year && m >= first);
    tm.elapsed = tm.final ? tm.total : tm.started ? m - first : 0;
    out->final = tm.final;
    out->total_months = tm.total;
    out->elapsed_months = tm.elapsed;

    out->nodes = build(&c, p->indicators, p->n_indicators, &tm, err, &st);
    out->n_nodes = p->n_indicators;
    if (st)
        return st;
    summarize(&c, out->nodes, out->n_nodes, &out->summary);
    return TD_OK;
}

/* ---- JSON ------------------------------------------------------------------------------- */

static json_t *num(double v)
{
    double r = round(v * 1e6) / 1e6;
    if (r == floor(r) && fabs(r) < 9e15)
        return json_integer((json_int_t)r);
    return json_real(r);
}

json_t *eval_judgement_to_json(const target *t, const eval_judgement *j)
{
    return json_pack("{s:o, s:s, s:o, s:s, s:s}", "target", target_to_json(t), "verdict",
                     eval_verdict_code(j->verdict), "degree", j->has_degree ? num(round(j->degree * 10) / 10) : json_null(),
                     "reason", j->reason ? j->reason : "", "rule", j->rule ? j->rule : "");
}

static json_t *counts_json(const eval_counts *c)
{
    json_t *o = json_object();
    for (int i = 0; i < VERDICT_COUNT; i++)
        json_object_set_new(o, verdict_codes[i], json_integer((json_int_t)c->by_verdict[i]));
    json_object_set_new(o, "total", json_integer((json_int_t)c->total));
    return o;
}

static json_t *actual_json(const eval_actual *x)
{
    if (x->has_items) {
        json_t *arr = json_array();
        for (size_t i = 0; i < x->n_items; i++)
            json_array_append_new(arr, json_string(x->items[i]));
        return arr;
    }
    if (x->has_yes)
        return json_boolean(x->yes);
    return x->has_value ? num(x->value) : json_null();
}

static json_t *node_json(arena *a, const eval_node *nd)
{
    const indicator *ind = nd->ind;
    json_t *o = json_object(), *kids = json_array();
    json_object_set_new(o, "code", json_string(ind->code));
    json_object_set_new(o, "name", json_string(ind->name));
    json_object_set_new(o, "group", json_string(indicator_group_code(ind->group)));
    json_object_set_new(o, "measure", json_string(measure_code(ind->meas)));
    json_object_set_new(o, "verdict", json_string(eval_verdict_code(nd->verdict)));
    json_object_set_new(o, "verdict_label", json_string(eval_verdict_label_vi(nd->verdict, nd->final)));
    if (nd->has_target) {
        const eval_judgement *j = &nd->judgement;
        json_object_set_new(o, "target", target_to_json(ind->target));
        json_object_set_new(o, "target_text", json_string(target_format(a, ind->target)));
        json_object_set_new(o, "own_verdict", json_string(eval_verdict_code(j->verdict)));
        json_object_set_new(o, "actual", actual_json(&nd->actual));
        json_object_set_new(o, "baseline", nd->has_baseline ? num(nd->baseline) : json_null());
        json_object_set_new(o, "degree", j->has_degree ? num(round(j->degree * 10) / 10) : json_null());
        json_object_set_new(o, "reason", json_string(j->reason ? j->reason : ""));
        json_object_set_new(o, "rule", json_string(j->rule ? j->rule : ""));
        json_object_set_new(o, "method", nd->method ? json_string(nd->method) : json_null());
        const char *pace = eval_pace_code(nd->pace);
        json_object_set_new(o, "pace", pace ? json_string(pace) : json_null());
        json_object_set_new(o, "projected", nd->has_projected ? num(nd->projected) : json_null());
        json_object_set_new(o, "projected_verdict",
                            pace ? json_string(eval_verdict_code(nd->projected_verdict)) : json_null());
        json_t *units = json_array(), *missing = json_array();
        for (size_t i = 0; i < nd->n_units; i++) {
            const eval_unit_figure *u = &nd->units[i];
            json_array_append_new(units, json_pack("{s:s, s:o, s:o, s:s}", "org_unit", u->org_unit, "value",
                                                   actual_json(&u->actual), "denominator",
                                                   u->has_denominator ? num(u->denominator) : json_null(), "periods",
                                                   u->periods ? u->periods : ""));
        }
        for (size_t i = 0; i < nd->n_missing; i++)
            json_array_append_new(missing, json_string(nd->missing[i]));
        json_object_set_new(o, "units", units);
        json_object_set_new(o, "missing_units", missing);
    } else {
        json_object_set_new(o, "target", json_null());
    }
    json_object_set_new(o, "counts", counts_json(&nd->counts));
    for (size_t i = 0; i < nd->n_children; i++)
        json_array_append_new(kids, node_json(a, &nd->children[i]));
    json_object_set_new(o, "children", kids);
    return o;
}

json_t *eval_report_to_json(arena *a, const eval_report *r)
{
    char code[12];
    json_t *groups = json_object(), *units = json_array(), *nodes = json_array();
    period_code(&r->query.period, code);
    for (int g = 0; g < GROUP_COUNT; g++) {
        json_t *c = counts_json(&r->summary.by_group[g]);
        json_object_set_new(c, "label", json_string(indicator_group_label_vi((indicator_group)g)));
        json_object_set_new(groups, indicator_group_code((indicator_group)g), c);
    }
    for (size_t i = 0; i < r->summary.n_units; i++) {
        json_t *c = counts_json(&r->summary.by_unit[i]);
        json_object_set_new(c, "org_unit", json_string(r->summary.units[i]));
        json_array_append_new(units, c);
    }
    for (size_t i = 0; i < r->n_nodes; i++)
        json_array_append_new(nodes, node_json(a, &r->nodes[i]));
    json_t *summary = counts_json(&r->summary.all);
    json_object_set_new(summary, "by_group", groups);
    json_object_set_new(summary, "by_unit", units);
    json_object_set_new(summary, "targets_missing_reports", json_integer((json_int_t)r->summary.no_report));
    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:b, s:i, s:i, s:b, s:o, s:o}", "plan_id", (json_int_t)r->plan->id,
                     "period", code, "period_label", period_label_vi(a, &r->query.period), "org_unit",
                     r->query.org_unit ? json_string(r->query.org_unit) : json_null(), "as_of", r->query.as_of,
                     "final", r->final, "elapsed_months", r->elapsed_months, "total_months", r->total_months,
                     "approved_only", r->query.approved_only, "summary", summary, "indicators", nodes);
}
