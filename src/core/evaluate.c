/* evaluate.c — the target engine; see evaluate.h and docs/targets.md for the rules.
 *
 * The rules in one place, because officials must be able to check them:
 *  - "at least" kinds (>=, >) and "at most" kinds (<=, <) keep their own sense; "=", range,
 *    band, approx and assigned are judged in the indicator's direction: inside their zone
 *    achieved, beyond it on the better side exceeded, on the other side (or either side of a
 *    band) not achieved. A growth is judged on its change, in its own sense.
 *  - the degree is actual / bound × 100 where more is better, bound / actual × 100 where less
 *    is, 100 inside a band; never below 100 when achieved, never 100 when missed, never < 0.
 *  - across units by aggregation: sums add, rates and ratios are weighted by their bases, the
 *    commune's own figure is the responsible unit's; through the year by measure: flows sum
 *    their months, stocks and build-ups take the latest (build-ups project their pace).
 * Comparisons allow for the float representation of decimals typed by people (1e-9). */
#include "evaluate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "indicator_kind.h"
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

/* The actual of a growth target reads "tăng 18,2%" / "giảm 12,5%", or in percentage points
 * "giảm 0,3 điểm phần trăm" when the indicator is itself a percentage. */
static char *actual_text(arena *a, const target *t, const eval_actual *act)
{
    double x = act->value;
    if (t->change == TARGET_CHANGE_NONE)
        return figure(a, x, t->unit);
    if (t->change == TARGET_CHANGE_TIMES)
        return arena_printf(a, "gấp %s lần", vnum_format(a, x, 2));
    bool up = t->change == TARGET_CHANGE_INCREASE;
    if (x < 0) {
        up = !up;
        x = -x;
    }
    const char *n = act->in_points ? arena_printf(a, "%s điểm phần trăm", vnum_format(a, x, 2)) : figure(a, x, t->unit);
    return arena_printf(a, "%s %s", up ? "tăng" : "giảm", n);
}

/* The direction a target is judged in: a growth is judged on its change, which counts in the
 * target's own sense ("giảm 0,5%": the more it falls the better), unless the indicator must stay
 * inside a band. */
static direction effective_dir(const target *t, direction dir)
{
    if (dir >= DIR_COUNT)
        return DIR_HIGHER;
    return t->change != TARGET_CHANGE_NONE && dir != DIR_BAND ? DIR_HIGHER : dir;
}

/* Whether dir decides the verdict of op: explicit "từ … trở lên", "trên", "không quá", "dưới"
 * keep their own sense whatever the indicator's direction. */
static bool dir_decides(target_op op)
{
    return op == TARGET_EQ || op == TARGET_RANGE || op == TARGET_BAND || op == TARGET_APPROX ||
           op == TARGET_ASSIGNED;
}

static const char *dir_phrase(const target *t, direction dir)
{
    if (t->change != TARGET_CHANGE_NONE && dir != DIR_BAND)
        return t->change == TARGET_CHANGE_INCREASE   ? "mức tăng càng lớn càng tốt"
               : t->change == TARGET_CHANGE_TIMES ? "gấp càng nhiều lần càng tốt"
                                                  : "mức giảm càng lớn càng tốt";
    return dir == DIR_LOWER ? "càng thấp càng tốt" : dir == DIR_BAND ? "cần nằm trong khoảng" : "càng cao càng tốt";
}

static const char *rule_text(arena *a, const target *t, direction dir)
{
    const char *r = NULL;
    bool lower = dir == DIR_LOWER, band = dir == DIR_BAND;
    switch (t->op) {
    case TARGET_GE:
        return "Từ … trở lên: đạt khi bằng mục tiêu, vượt khi lớn hơn";
    case TARGET_GT:
        return "Trên …: đạt khi lớn hơn mục tiêu";
    case TARGET_LE:
        return "Không quá …: đạt khi bằng mục tiêu, vượt khi nhỏ hơn";
    case TARGET_LT:
        return "Dưới …: đạt khi nhỏ hơn mục tiêu";
    case TARGET_DONE:
        return "Có/không: đạt khi hoàn thành";
    case TARGET_LIST:
        return "Danh mục: đạt khi tất cả các mục đạt";
    case TARGET_EQ:
        r = band ? "Đạt …: chỉ đạt khi bằng mục tiêu"
            : lower ? "Đạt …: đạt khi bằng mục tiêu, vượt khi nhỏ hơn, không đạt khi lớn hơn"
                    : "Đạt …: đạt khi bằng mục tiêu, vượt khi lớn hơn, không đạt khi nhỏ hơn";
        break;
    case TARGET_RANGE:
    case TARGET_BAND:
        r = arena_printf(a, "%s: %s", t->op == TARGET_BAND ? "Duy trì a - b" : "Khoảng a - b",
                         band    ? "chỉ đạt khi nằm trong khoảng, ra ngoài về phía nào cũng không đạt"
                         : lower ? "đạt khi trong khoảng, vượt khi dưới cận dưới, không đạt khi trên cận trên; "
                                   "mức độ tính theo cận trên"
                                 : "đạt khi trong khoảng, vượt khi trên cận trên, không đạt khi dưới cận dưới; "
                                   "mức độ tính theo cận dưới");
        break;
    case TARGET_APPROX:
        r = band    ? "Khoảng …: chỉ đạt khi lệch không quá dung sai về cả hai phía"
            : lower ? "Khoảng …: đạt khi lệch không quá dung sai, vượt khi thấp hơn, không đạt khi cao hơn"
                    : "Khoảng …: đạt khi lệch không quá dung sai, vượt khi cao hơn, không đạt khi thấp hơn";
        break;
    case TARGET_ASSIGNED:
        r = band    ? "Theo chỉ tiêu được giao: chỉ đạt khi bằng mức được giao"
            : lower ? "Theo chỉ tiêu được giao: đạt khi từ mức được giao trở xuống, vượt khi thấp hơn"
                    : "Theo chỉ tiêu được giao: đạt khi từ mức được giao trở lên, vượt khi cao hơn";
        break;
    }
    return arena_printf(a, "%s (%s)", r, dir_phrase(t, dir));
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

/* Where x lies against the zone [lo, hi] that achieves a target, judged in direction dir:
 * inside achieves; beyond it on the better side exceeds; on the other side misses. */
static eval_verdict zone_verdict(double x, double lo, double hi, direction dir)
{
    if (cmp(x, lo) < 0)
        return dir == DIR_LOWER ? VERDICT_EXCEEDED : VERDICT_NOT_ACHIEVED;
    if (cmp(x, hi) > 0)
        return dir == DIR_HIGHER ? VERDICT_EXCEEDED : VERDICT_NOT_ACHIEVED;
    return VERDICT_ACHIEVED;
}

/* The degree: how far toward the target, in percent. Where more is better, actual ÷ the bound
 * (a range's low end); where less is better, the bound (a range's high end) ÷ actual; in a band,
 * 100 inside and the shortfall on either side outside. */
static bool degree_of(const target *eff, direction dir, double x, eval_verdict verdict, double *deg)
{
    double v = eff->value, hi = eff->has_high ? eff->high : v;
    bool less = eff->op == TARGET_LE || eff->op == TARGET_LT || (dir_decides(eff->op) && dir == DIR_LOWER);
    if (dir_decides(eff->op) && dir == DIR_BAND) {
        if (verdict == VERDICT_ACHIEVED) {
            *deg = 100;
            return true;
        }
        less = cmp(x, hi) > 0;
    }
    if (less) {
        *deg = x > 0 ? hi / x * 100 : 0;
        return x > 0;
    }
    *deg = v != 0 ? x / v * 100 : 0;
    return v != 0;
}

void eval_judge(arena *a, const target *t, direction dir, const double *assigned, const eval_actual *act,
                bool final, eval_judgement *out)
{
    target eff = *t;
    const char *goal;

    memset(out, 0, sizeof *out);
    dir = effective_dir(t, dir);
    out->rule = rule_text(a, t, dir);
    if (t->op == TARGET_ASSIGNED) {
        if (!assigned) {
            out->verdict = VERDICT_AWAITING;
            out->reason = "Chờ cấp trên giao chỉ tiêu: chưa có mức để so sánh";
            return;
        }
        eff.op = TARGET_EQ; /* judged in the indicator's direction: a poverty rate assigned at 0,5% is lower-better */
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
    eval_verdict verdict = VERDICT_NOT_ACHIEVED;
    const char *detail = NULL;

    switch (eff.op) {
    case TARGET_GE:
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
    case TARGET_EQ:
        verdict = zone_verdict(x, v, v, dir);
        detail = dir_phrase(t, dir);
        break;
    case TARGET_RANGE:
    case TARGET_BAND:
        verdict = zone_verdict(x, v, eff.high, dir);
        detail = arena_printf(a, "%s (%s)",
                              cmp(x, v) < 0           ? "thấp hơn cận dưới của khoảng"
                              : cmp(x, eff.high) > 0 ? "cao hơn cận trên của khoảng"
                                                      : "trong khoảng",
                              dir_phrase(t, dir));
        break;
    case TARGET_APPROX: {
        double tol = eff.has_tolerance ? eff.tolerance : TARGET_APPROX_TOLERANCE;
        double lo = v - fabs(v) * tol / 100, hi = v + fabs(v) * tol / 100;
        verdict = zone_verdict(x, lo, hi, dir);
        detail = arena_printf(a, "%s dung sai ± %s%% (%s - %s) (%s)",
                              cmp(x, lo) < 0 ? "thấp hơn" : cmp(x, hi) > 0 ? "cao hơn" : "trong",
                              vnum_format(a, tol, 2), vnum_format(a, lo, 2), figure(a, hi, eff.unit),
                              dir_phrase(t, dir));
        break;
    }
    default:
        break;
    }

    out->has_degree = degree_of(&eff, dir, x, verdict, &out->degree) && isfinite(out->degree);
    if (out->has_degree) {
        /* never a contradiction once printed with one decimal: a miss stays below 100 (89,99
           against "tối thiểu 90%" is not "100%"), a pass is at least 100; never negative (a
           fall where a rise was wanted reads 0%, the reason tells the direction) */
        if (verdict == VERDICT_NOT_ACHIEVED && out->degree >= 99.95)
            out->degree = 99.9;
        if ((verdict == VERDICT_ACHIEVED || verdict == VERDICT_EXCEEDED) && out->degree < 100)
            out->degree = 100;
        if (out->degree < 0)
            out->degree = 0;
    }

    out->verdict = verdict;
    const char *word = verdict == VERDICT_EXCEEDED   ? "Vượt"
                       : verdict == VERDICT_ACHIEVED ? "Đạt"
                       : final                       ? "Không đạt"
                                                     : "Chưa đạt";
    const char *deg = out->has_degree ? arena_printf(a, " (%s%% mục tiêu)", vnum_format(a, out->degree, 1)) : "";
    out->reason = arena_printf(a, "%s: %s so với mục tiêu %s%s%s%s", word, actual_text(a, t, act), goal, deg,
                               detail ? "; " : "", detail ? detail : "");
}

bool eval_change(const target *t, double value, double baseline, bool points, double *change)
{
    if (t->change == TARGET_CHANGE_TIMES) {
        /* "gấp 1,5 lần so với năm 2025": this period over the baseline, whatever the unit */
        if (baseline == 0)
            return false;
        *change = value / baseline;
        return true;
    }
    double d = t->change == TARGET_CHANGE_DECREASE ? baseline - value : value - baseline;
    if (!is_percent(t->unit) || points) {
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
    int as_of_year, as_of_month; /* values of periods that start later are not counted yet */
    int depth;                   /* formula nesting, against cycles */
    int until_month;             /* not 0: values of the query's year that end after this month
                                    are not counted (the history's running figures) */
} ctx;

const char *eval_unit_name(const eval_query *q, const char *code)
{
    for (size_t i = 0; q && code && i < q->n_units; i++)
        if (q->units[i].code && strcmp(q->units[i].code, code) == 0 && q->units[i].name)
            return q->units[i].name;
    return code;
}

static const char *name_of(const ctx *c, const char *code)
{
    return eval_unit_name(c->q, code);
}

/* A period that starts after the month of the evaluation date has not begun: its figures (a
 * plan for July entered in June) do not count yet. A value for the whole year (an estimate)
 * starts in January and counts. */
static bool started_by_as_of(const ctx *c, const period *vp)
{
    int f, l;
    period_months(vp, &f, &l);
    return vp->year < c->as_of_year || (vp->year == c->as_of_year && f <= c->as_of_month);
}

/* A value of the query's year that ends after the month the figure is read until. */
static bool ends_after_until(const ctx *c, const period *vp)
{
    int f, l;
    if (!c->until_month || vp->year != c->q->period.year)
        return false;
    period_months(vp, &f, &l);
    return l > c->until_month;
}

static int value_order(const void *x, const void *y)
{
    const data_value *a = x, *b = y;
    int k = strcmp(a->indicator_code, b->indicator_code);
    return k ? k : strcmp(a->org_unit_code, b->org_unit_code);
}

/* The first value at or after (code, unit) in c->vals' order (unit NULL: the first of code), or
 * with after, the first past them: binary searches, so a lookup costs O(log n) whatever the
 * number of units, and a roll-up is one pass over the values however large the commune. */
static size_t bound(const ctx *c, const char *code, const char *unit, bool after)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int k = strcmp(c->vals[mid].indicator_code, code);
        if (!k && unit)
            k = strcmp(c->vals[mid].org_unit_code, unit);
        if (k < 0 || (after && k == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The values of one indicator (unit NULL) or of one unit for it: c->vals is sorted by indicator
 * code, then unit, so they are one run. */
static const data_value *values_of(const ctx *c, const char *code, const char *unit, size_t *n)
{
    size_t lo = bound(c, code, unit, false);
    *n = bound(c, code, unit, true) - lo;
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
    size_t cap = 0, n = 0;
    const data_value *vals = values_of(c, ind->code, unit, &cap);
    if (!cap)
        return false;
    pick *picks = arena_calloc(c->a, cap, sizeof *picks);
    for (size_t i = 0; i < cap; i++) {
        const data_value *v = &vals[i];
        period vp;
        if (!counts_status(c, v->status) || period_parse(v->period, &vp, NULL) != TD_OK || vp.year != per->year ||
            !period_contains(per, &vp) || !started_by_as_of(c, &vp) || ends_after_until(c, &vp))
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
    bool weighted = ind->agg == AGG_RATE || ind->agg == AGG_RATIO;
    if (ind->meas == MEASURE_FLOW) {
        unsigned covered = 0;
        double sum = 0, den = 0, num = 0;
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
            num += picks[i].v->value * picks[i].v->denominator;
            if (!from)
                from = picks[i].v->period;
            to = picks[i].v->period;
        }
        if (!covered)
            return false;
        /* a rate or ratio is never added up over the months: weighted by its bases, or else
           its latest figure (below) */
        if (weighted && !(all_den && den > 0))
            goto latest;
        if (weighted)
            sum = num / den;
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
latest:;
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
    const data_value *vals = values_of(c, ind->code, NULL, &n);
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
    const char *how = ind->meas == MEASURE_FLOW      ? "cộng dồn các tháng trong kỳ"
                      : ind->meas == MEASURE_BUILDUP ? "lấy số liệu lũy kế mới nhất trong kỳ"
                                                     : "lấy số liệu mới nhất trong kỳ, không cộng các tháng, quý";
    if (n == 1) {
        out->actual = u[0].actual;
        out->method = arena_printf(c->a, "Số liệu của %s (%s: %s)", name_of(c, u[0].org_unit), how, u[0].periods);
        return true;
    }
    if (ind->agg == AGG_COMMUNE) {
        /* the commune's own figure is never added up from units: the one the responsible unit
           reported; of several reports with no single responsible unit among them, none */
        const eval_unit_figure *own = NULL;
        size_t n_own = 0;
        char *who = NULL;
        for (size_t i = 0; i < n; i++) {
            who = who ? arena_printf(c->a, "%s, %s", who, name_of(c, u[i].org_unit))
                      : arena_strdup(c->a, name_of(c, u[i].org_unit));
            for (size_t r = 0; r < ind->n_responsible; r++)
                if (strcmp(ind->responsible[r], u[i].org_unit) == 0) {
                    own = &u[i];
                    n_own++;
                }
        }
        if (n_own != 1) {
            out->method = arena_printf(c->a,
                                       "Chỉ tiêu chung của toàn xã, không cộng từ các đơn vị: %zu đơn vị cùng báo cáo "
                                       "(%s) nhưng %s, nên chưa xác định được số liệu của xã",
                                       n, who,
                                       n_own ? "có nhiều đơn vị chịu trách nhiệm"
                                             : "không đơn vị nào là đơn vị chịu trách nhiệm");
            return false;
        }
        out->actual = own->actual;
        out->method = arena_printf(c->a, "Số liệu chung của toàn xã do %s báo cáo (%s: %s), không cộng số liệu của "
                                         "%zu đơn vị khác",
                                   name_of(c, own->org_unit), how, own->periods, n - 1);
        return true;
    }
    if (ind->agg == AGG_SUM) {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += u[i].actual.value;
        out->actual.has_value = true;
        out->actual.value = sum;
        out->method = arena_printf(c->a, "Tổng của %zu đơn vị (%s)", n, how);
        return true;
    }
    /* a rate or a ratio across units: Σ numerators ÷ Σ denominators (Σ amounts ÷ Σ bases),
       never the mean of the rates and never their sum */
    bool rate = ind->agg == AGG_RATE;
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        if (!u[i].has_denominator || u[i].denominator <= 0) {
            out->method = arena_printf(c->a,
                                       "Không tổng hợp được %s của %zu đơn vị: %s chưa nhập mẫu số%s (không lấy "
                                       "trung bình cộng, không cộng các %s)",
                                       rate ? "tỷ lệ" : "số bình quân", n, name_of(c, u[i].org_unit),
                                       rate ? "" : " (diện tích, số người… làm cơ sở)", rate ? "tỷ lệ" : "số bình quân");
            return false;
        }
        num += u[i].actual.value * u[i].denominator;
        den += u[i].denominator;
    }
    out->actual.has_value = true;
    out->actual.value = num / den;
    out->method = arena_printf(c->a, "%s chung của %zu đơn vị, có trọng số theo mẫu số (tổng mẫu số %s; %s)",
                               rate ? "Tỷ lệ" : "Số bình quân", n, vnum_format(c->a, den, 2), how);
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

static bool same_unit(const char *share, const char *whole)
{
    return !share || !whole || strcmp(share, whole) == 0;
}

/* Commune scope: what the units were assigned of ind (docs/targets.md, "Targets assigned to
 * units"). The shares of an additive indicator should make the commune's target: their sum
 * must equal an exact target, fall inside a range (or, as ranges, make its two ends), and lie
 * within the tolerance of an "about" target, since any figure there achieves it. */
static eval_shares *shares_of(ctx *c, const indicator *ind)
{
    const target *ct = ind->target;
    eval_shares *sh = arena_calloc(c->a, 1, sizeof *sh);
    sh->n = ind->n_unit_targets;
    sh->matches = -1;
    bool additive = ind->agg == AGG_SUM && ct && ct->has_value &&
                    !(ct->change != TARGET_CHANGE_NONE && is_percent(ct->unit)) && ct->op != TARGET_ASSIGNED;
    for (size_t i = 0; i < ind->n_unit_targets && additive; i++) {
        const target *u = &ind->unit_targets[i].target;
        if (!u->has_value || u->change != ct->change || !same_unit(u->unit, ct->unit)) {
            additive = false;
            break;
        }
        sh->sum += u->value;
        sh->sum_high += u->has_high ? u->high : u->value;
        sh->has_sum_high = sh->has_sum_high || u->has_high;
    }
    if (!additive) {
        sh->text = arena_printf(c->a, "Đã giao chỉ tiêu riêng cho %zu đơn vị", sh->n);
        return sh;
    }
    sh->has_sum = true;
    const char *sum = sh->has_sum_high ? arena_printf(c->a, "%s - %s", vnum_format(c->a, sh->sum, 2),
                                                      figure(c->a, sh->sum_high, ct->unit))
                                       : figure(c->a, sh->sum, ct->unit);
    bool exact = false;
    if (ct->op == TARGET_APPROX) {
        double tol = ct->has_tolerance ? ct->tolerance : TARGET_APPROX_TOLERANCE, d = fabs(ct->value) * tol / 100;
        sh->matches = cmp(sh->sum, ct->value - d) >= 0 && cmp(sh->sum_high, ct->value + d) <= 0;
    } else if (ct->has_high) {
        sh->matches = sh->has_sum_high ? cmp(sh->sum, ct->value) == 0 && cmp(sh->sum_high, ct->high) == 0
                                       : cmp(sh->sum, ct->value) >= 0 && cmp(sh->sum, ct->high) <= 0;
    } else {
        exact = true;
        sh->matches = cmp(sh->sum, ct->value) == 0;
    }
    sh->text = arena_printf(c->a, "Tổng giao cho %zu đơn vị: %s", sh->n, sum);
    if (!sh->matches)
        sh->warning = arena_printf(c->a, "Tổng chỉ tiêu giao cho các đơn vị (%s) %s mục tiêu của xã (%s)", sum,
                                   exact ? "chưa bằng" : "chưa khớp với",
                                   exact ? figure(c->a, ct->value, ct->unit) : target_format(c->a, ct));
    return sh;
}

/* The node's figure over the units in scope, and, when t is not NULL, its judgement against t
 * (the indicator's target, or the unit's own). */
static void judge_node(ctx *c, eval_node *nd, const target *t, const timing *tm, td_error *err, td_status *st)
{
    const indicator *ind = nd->ind;
    const double *assigned = t == ind->target && ind->has_assigned ? &ind->assigned : NULL;
    bool points = indicator_is_rate(ind);
    combined cb;
    bool have = combine(c, ind, &c->q->period, &cb, err, st);

    nd->computed = true;
    nd->final = tm->final;
    nd->units = cb.units;
    nd->n_units = cb.n_units;
    nd->method = cb.method;
    if (have)
        nd->actual = cb.actual;

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
    if (!t)
        return;
    nd->target = t;
    nd->has_target = true;

    /* a growth compares with the same period of the baseline year, when that was entered; a
       change of a percentage is in percentage points */
    if (have && t->change != TARGET_CHANGE_NONE && cb.actual.has_value) {
        period base = c->q->period;
        combined bc;
        bool in_points = points && is_percent(t->unit);
        base.year = t->baseline_year ? t->baseline_year : c->q->period.year - 1;
        nd->level = cb.actual.value;
        nd->actual.in_points = in_points;
        if (combine(c, ind, &base, &bc, err, st) && bc.actual.has_value) {
            double ch;
            char code[12];
            period_code(&base, code);
            if (eval_change(t, cb.actual.value, bc.actual.value, points, &ch)) {
                nd->has_baseline = true;
                nd->baseline = bc.actual.value;
                nd->actual.value = ch;
                nd->method = arena_printf(c->a, "%s; so với %s (%s): %s", cb.method ? cb.method : "", code,
                                          vnum_format(c->a, bc.actual.value, 2),
                                          t->change == TARGET_CHANGE_TIMES ? "kỳ này / kỳ gốc"
                                          : in_points ? "kỳ này − kỳ gốc, tính bằng điểm phần trăm vì chỉ tiêu là một tỷ lệ"
                                          : is_percent(t->unit) ? "(kỳ này − kỳ gốc) / kỳ gốc × 100"
                                                                : "kỳ này − kỳ gốc");
            }
        } else if (points) {
            /* a rate's figure is its level (66,67% of the schools), never its change: without
               the baseline year there is nothing to measure the rise or fall against */
            nd->actual.has_value = false;
            have = false;
            nd->method = arena_printf(c->a, "chưa có tỷ lệ năm %d để tính mức %s (tỷ lệ năm %d là %s%%)", base.year,
                                      target_change_verb(t->change), c->q->period.year,
                                      vnum_format(c->a, cb.actual.value, 2));
            cb.method = nd->method;
        } else {
            nd->method = arena_printf(c->a, "%s; số liệu nhập là %s %s%s (chưa có số liệu năm gốc %d)",
                                      cb.method ? cb.method : "",
                                      t->change == TARGET_CHANGE_TIMES ? "số lần" : "mức", target_change_verb(t->change),
                                      in_points ? ", tính bằng điểm phần trăm" : "", base.year);
        }
    }
    eval_judge(c->a, t, ind->dir, assigned, &nd->actual, tm->final, &nd->judgement);
    if (!have && !tm->started && nd->judgement.verdict == VERDICT_NO_DATA)
        nd->judgement.reason = "Chưa có số liệu: kỳ này chưa bắt đầu";
    else if (!have && cb.method && nd->judgement.verdict == VERDICT_NO_DATA)
        nd->judgement.reason = arena_printf(c->a, "Chưa có số liệu: %s", cb.method);

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
    /* a flow grows pro rata, and so does a build-up (the disbursement rate: its running level
       at this pace by the end of the period, a rate never above 100%); a stock, or a growth
       rate entered as such, stays where it is */
    bool grows = ind->meas == MEASURE_FLOW || ind->meas == MEASURE_BUILDUP;
    if (grows && proj.has_value && (t->change == TARGET_CHANGE_NONE || nd->has_baseline)) {
        double projected_level = (nd->has_baseline ? nd->level : proj.value) * tm->total / covered;
        if (ind->meas == MEASURE_BUILDUP && (ind->agg == AGG_RATE || is_percent(t->unit)) && projected_level > 100)
            projected_level = 100;
        proj.value = projected_level;
        if (nd->has_baseline)
            eval_change(t, projected_level, nd->baseline, points, &proj.value);
    }
    eval_judgement pj;
    eval_judge(c->a, t, ind->dir, assigned, &proj, true, &pj);
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
        const indicator *ind = &list[i];
        /* with a unit, its own assigned target; never the commune's as if it were the unit's */
        const target *t = c->q->org_unit ? indicator_unit_target(ind, c->q->org_unit) : ind->target;
        nd->ind = ind;
        nd->final = tm->final;
        nd->unit_target = c->q->org_unit && t;
        nd->children = build(c, ind->children, ind->n_children, tm, err, st);
        nd->n_children = ind->n_children;
        if (t || ind->target)
            judge_node(c, nd, t, tm, err, st);
        if (!c->q->org_unit && ind->n_unit_targets)
            nd->shares = shares_of(c, ind);
        bool any = false;
        /* the roll-up of every target below: each child's own verdict and its children's */
        for (size_t k = 0; k < nd->n_children; k++) {
            const eval_node *ch = &nd->children[k];
            add_counts(&nd->counts, &ch->counts);
            if (ch->has_target) {
                nd->children_verdict = any ? rollup(nd->children_verdict, ch->judgement.verdict) : ch->judgement.verdict;
                any = true;
            }
            if (ch->has_children_verdict) {
                nd->children_verdict = any ? rollup(nd->children_verdict, ch->children_verdict) : ch->children_verdict;
                any = true;
            }
        }
        nd->has_children_verdict = any;
        /* a parent with its own target is judged on its own figure; its children's roll-up is
           reported beside it (children_verdict), not mixed into it */
        if (nd->has_target) {
            if (!nd->n_children)
                count(&nd->counts, nd->judgement.verdict);
            nd->verdict = nd->judgement.verdict;
        } else if (any) {
            nd->verdict = nd->children_verdict;
        } else {
            nd->verdict = VERDICT_NO_DATA;
            nd->unassigned = c->q->org_unit != NULL;
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

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[(m - 1) % 12];
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
    return s && date_iso_valid(s) && sscanf(s, "%d-%d-%d", y, m, d) == 3;
}

/* The values of plan p among vals, in the engine's order: a copy, sorted unless it already is
 * (the sort is stable, so skipping it changes nothing). */
static data_value *plan_values(arena *a, const plan *p, const data_value *vals, size_t n, size_t *kept)
{
    data_value *mine = arena_calloc(a, n + 1, sizeof *mine);
    *kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!p->id || !vals[i].plan_id || vals[i].plan_id == p->id)
            mine[(*kept)++] = vals[i];
    bool sorted = true;
    for (size_t i = 1; sorted && i < *kept; i++)
        sorted = value_order(&mine[i - 1], &mine[i]) <= 0;
    if (!sorted)
        qsort(mine, *kept, sizeof *mine, value_order);
    return mine;
}

/* Evaluates the plan's values mine[0..n) (plan_values) for q: the whole plan with its summary,
 * or with only, that indicator alone (its node and the nodes below it, the same as in the whole
 * plan's evaluation: a node depends on its own indicator, the query and the values). */
static td_status evaluate(arena *a, const plan *p, const data_value *mine, size_t n, const eval_query *q,
                          const indicator *only, int until_month, eval_report *out, td_error *err)
{
    int y, m, d, first, last;
    td_status st = TD_OK;
    timing tm = {0};
    ctx c = {.a = a, .p = p, .q = &out->query, .vals = mine, .n = n, .until_month = until_month};

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
    c.as_of_year = y;
    c.as_of_month = m;
    period_months(&q->period, &first, &last);
    /* on the last day of a month that month is complete: on 31/12 the year is over, on 30/06
       the second quarter */
    bool month_over = d == days_in_month(y, m);
    tm.total = last - first + 1;
    tm.final = y > q->period.year || (y == q->period.year && (m > last || (m == last && month_over)));
    tm.started = y > q->period.year || (y == q->period.year && m >= first);
    tm.elapsed = tm.final ? tm.total : tm.started ? m - first + month_over : 0;
    out->final = tm.final;
    out->total_months = tm.total;
    out->elapsed_months = tm.elapsed;

    if (only) {
        out->nodes = build(&c, only, 1, &tm, err, &st);
        out->n_nodes = 1;
        return st;
    }
    out->nodes = build(&c, p->indicators, p->n_indicators, &tm, err, &st);
    out->n_nodes = p->n_indicators;
    if (st)
        return st;
    summarize(&c, out->nodes, out->n_nodes, &out->summary);
    return TD_OK;
}

td_status eval_plan(arena *a, const plan *p, const data_value *vals, size_t n, const eval_query *q,
                    eval_report *out, td_error *err)
{
    size_t kept;
    const data_value *mine = plan_values(a, p, vals, n, &kept);
    return evaluate(a, p, mine, kept, q, NULL, 0, out, err);
}

void eval_pass_open(arena *a, const plan *p, const data_value *vals, size_t n, eval_pass *out)
{
    out->plan = p;
    out->vals = plan_values(a, p, vals, n, &out->n);
}

td_status eval_pass_indicator(arena *a, const eval_pass *pass, const eval_query *q, const indicator *ind,
                              int until_month, eval_report *out, td_error *err)
{
    return evaluate(a, pass->plan, pass->vals, pass->n, q, ind, until_month, out, err);
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

json_t *eval_actual_to_json(const eval_actual *x)
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

static json_t *shares_json(arena *a, const eval_shares *sh)
{
    if (!sh)
        return json_null();
    return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o}", "n", (json_int_t)sh->n, "sum",
                     sh->has_sum ? num(sh->sum) : json_null(), "sum_high",
                     sh->has_sum && sh->has_sum_high ? num(sh->sum_high) : json_null(), "text",
                     sh->text ? sh->text : "", "matches", sh->matches < 0 ? json_null() : json_boolean(sh->matches),
                     "warning", sh->warning ? json_string(arena_strdup(a, sh->warning)) : json_null());
}

static json_t *node_json(arena *a, const eval_report *r, const eval_node *nd)
{
    const indicator *ind = nd->ind;
    json_t *o = json_object(), *kids = json_array();
    json_object_set_new(o, "code", json_string(ind->code));
    json_object_set_new(o, "name", json_string(ind->name));
    json_object_set_new(o, "group", json_string(indicator_group_code(ind->group)));
    json_object_set_new(o, "measure", json_string(measure_code(ind->meas)));
    json_object_set_new(o, "aggregation", json_string(aggregation_code(ind->agg)));
    json_object_set_new(o, "direction", json_string(direction_code(ind->dir)));
    /* the one verdict both front ends print: the node's own when it has a target */
    json_object_set_new(o, "verdict", nd->unassigned ? json_null() : json_string(eval_verdict_code(nd->verdict)));
    json_object_set_new(o, "verdict_label", json_string(nd->unassigned ? "Không giao chỉ tiêu riêng"
                                                                        : eval_verdict_label_vi(nd->verdict, nd->final)));
    json_object_set_new(o, "children_verdict", nd->has_children_verdict
                                                   ? json_string(eval_verdict_code(nd->children_verdict))
                                                   : json_null());
    json_object_set_new(o, "unit_target", json_boolean(nd->unit_target));
    if (nd->has_target) {
        const eval_judgement *j = &nd->judgement;
        json_object_set_new(o, "target", target_to_json(nd->target));
        json_object_set_new(o, "target_text", json_string(target_format(a, nd->target)));
        json_object_set_new(o, "own_verdict", json_string(eval_verdict_code(j->verdict)));
        json_object_set_new(o, "baseline", nd->has_baseline ? num(nd->baseline) : json_null());
        json_object_set_new(o, "degree", j->has_degree ? num(round(j->degree * 10) / 10) : json_null());
        json_object_set_new(o, "reason", json_string(j->reason ? j->reason : ""));
        json_object_set_new(o, "rule", json_string(j->rule ? j->rule : ""));
        const char *pace = eval_pace_code(nd->pace);
        json_object_set_new(o, "pace", pace ? json_string(pace) : json_null());
        json_object_set_new(o, "projected", nd->has_projected ? num(nd->projected) : json_null());
        json_object_set_new(o, "projected_verdict",
                            pace ? json_string(eval_verdict_code(nd->projected_verdict)) : json_null());
    } else {
        json_object_set_new(o, "target", json_null());
        if (nd->computed) {
            json_object_set_new(o, "own_verdict", json_null());
            json_object_set_new(o, "degree", json_null());
            json_object_set_new(o, "reason",
                                json_string(!r->query.org_unit ? "Chỉ tiêu không có mục tiêu"
                                            : nd->n_units
                                                ? arena_printf(a, "%s không được giao chỉ tiêu riêng; số liệu là phần "
                                                                  "đóng góp của đơn vị vào chỉ tiêu của xã",
                                                               eval_unit_name(&r->query, r->query.org_unit))
                                                : arena_printf(a, "%s không được giao chỉ tiêu riêng và chưa có số liệu",
                                                               eval_unit_name(&r->query, r->query.org_unit))));
        }
    }
    if (nd->computed) {
        json_object_set_new(o, "actual", eval_actual_to_json(&nd->actual));
        json_object_set_new(o, "method", nd->method ? json_string(nd->method) : json_null());
        json_t *units = json_array(), *missing = json_array();
        for (size_t i = 0; i < nd->n_units; i++) {
            const eval_unit_figure *u = &nd->units[i];
            json_array_append_new(units, json_pack("{s:s, s:s, s:o, s:o, s:s}", "org_unit", u->org_unit, "name",
                                                   eval_unit_name(&r->query, u->org_unit), "value",
                                                   eval_actual_to_json(&u->actual), "denominator",
                                                   u->has_denominator ? num(u->denominator) : json_null(), "periods",
                                                   u->periods ? u->periods : ""));
        }
        for (size_t i = 0; i < nd->n_missing; i++)
            json_array_append_new(missing, json_string(nd->missing[i]));
        json_object_set_new(o, "units", units);
        json_object_set_new(o, "missing_units", missing);
    }
    if (!r->query.org_unit)
        json_object_set_new(o, "shares", shares_json(a, nd->shares));
    json_object_set_new(o, "counts", counts_json(&nd->counts));
    for (size_t i = 0; i < nd->n_children; i++)
        json_array_append_new(kids, node_json(a, r, &nd->children[i]));
    json_object_set_new(o, "children", kids);
    return o;
}

void eval_sort_values(data_value *vals, size_t n)
{
    qsort(vals, n, sizeof *vals, value_order);
}

static const eval_node *find_node(const eval_node *nodes, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(nodes[i].ind->code, code) == 0)
            return &nodes[i];
        const eval_node *in = find_node(nodes[i].children, nodes[i].n_children, code);
        if (in)
            return in;
    }
    return NULL;
}

json_t *eval_node_json(arena *a, const eval_report *r, const char *code)
{
    const eval_node *nd = find_node(r->nodes, r->n_nodes, code);
    return nd ? node_json(a, r, nd) : NULL;
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
        json_array_append_new(nodes, node_json(a, r, &r->nodes[i]));
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
