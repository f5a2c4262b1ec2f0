/* demo_generate.c — synthetic communes; see demo_generate.h. */
#include "demo_generate.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/vnum.h"
#include "core/vtext.h"
#include "planfile.h"
#include "planload.h"
#include "store/store_city.h"
#include "store/store_demo.h"

/* xorshift64*: small, fast and the same everywhere, so that a seed gives the same city */
static uint64_t next(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * UINT64_C(2685821657736338717);
}

static double uniform(uint64_t *x) /* [0, 1) */
{
    return (double)(next(x) >> 11) / 9007199254740992.0;
}

/* Commune names as Vietnamese communes are named: two syllables, unique for the first 240 (none is
 * the demo's Kiến Hải, which shares the city). */
static const char *const first_words[] = {"An",   "Bình", "Cát",   "Đại",  "Đông", "Hòa",  "Hưng",
                                          "Yên",  "Lạc",  "Minh",  "Nam",  "Phú",  "Quang", "Tân",
                                          "Thái", "Thanh", "Thuận", "Tiên", "Trung", "Vĩnh"};
static const char *const second_words[] = {"Hải", "Lộc",   "Phong", "Sơn",  "Thành", "Hòa",
                                           "Lợi", "Thịnh", "Xuân",  "Long", "Tiến",  "Quý"};
#define N_FIRST (sizeof first_words / sizeof first_words[0])
#define N_SECOND (sizeof second_words / sizeof second_words[0])

static void commune_name(arena *a, int k, const char **name, const char **code)
{
    const char *w1 = first_words[k % N_FIRST], *w2 = second_words[(k / N_FIRST) % N_SECOND];
    int round = k / (int)(N_FIRST * N_SECOND);
    *name = round ? arena_printf(a, "xã %s %s %d", w1, w2, round + 1) : arena_printf(a, "xã %s %s", w1, w2);
    char *c = vtext_fold(a, *name);
    for (char *p = c; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            *p = '-';
    *code = arena_printf(a, "sinh-%s", c + 3); /* "xa-" dropped, "sinh-" marks generated data */
}

/* text with every "Kiến Hải" (the seed's commune) written as the generated commune's name */
static const char *renamed(arena *a, const char *text, const char *name)
{
    static const char seed[] = "Kiến Hải";
    const char *at = text ? strstr(text, seed) : NULL;
    if (!at)
        return text;
    return arena_printf(a, "%.*s%s%s", (int)(at - text), text, name, renamed(a, at + strlen(seed), name));
}

/* The figure a unit reports for one period, around the target; see the header. */
typedef struct gen_ctx {
    uint64_t rng;
    const demo_spec *spec;
    td_id *unit_ids;
    int n_units;
    int year;
    char now[32];
    size_t values;
} gen_ctx;

static bool is_percent(const indicator *ind)
{
    const char *u = ind->target->unit ? ind->target->unit : ind->unit;
    return u && strcmp(u, "%") == 0;
}

static double round1(double v)
{
    return round(v * 10.0) / 10.0;
}

static value_status draw_status(gen_ctx *g)
{
    double u = uniform(&g->rng);
    return u < 0.75 ? VALUE_APPROVED : u < 0.95 ? VALUE_SUBMITTED : VALUE_DRAFT;
}

static td_status gen_indicator(store *s, gen_ctx *g, const indicator *ind, td_error *err)
{
    const target *t = ind->target;
    if (!t || ind->formula || t->op == TARGET_LIST || t->op == TARGET_ASSIGNED || t->baseline_year)
        return TD_OK;
    /* about one commune in ten has not reported on a target at all */
    if (uniform(&g->rng) < 0.1)
        return TD_OK;
    int per_year = ind->freq == FREQ_MONTH ? 12 : ind->freq == FREQ_QUARTER ? 4 : 1;
    int n_periods = ind->freq == FREQ_MONTH ? g->spec->months : ind->freq == FREQ_QUARTER ? g->spec->months / 3
                                                                                          : g->spec->months / 12;
    double base = t->op == TARGET_DONE ? 1
                  : t->has_high        ? (t->value + t->high) / 2
                  : t->op == TARGET_GT ? t->value * 1.02 + 0.1
                  : t->op == TARGET_LT ? t->value * 0.98
                                       : t->value;
    /* the commune's performance: from well below to a little above the target */
    double perf = 0.85 + 0.3 * uniform(&g->rng);
    bool yes = uniform(&g->rng) < 0.85;
    int no_unit = (int)(uniform(&g->rng) * g->n_units);
    for (int p = 1; p <= n_periods; p++) {
        char code[32];
        if (per_year == 12)
            snprintf(code, sizeof code, "%04d-%02d", g->year, p);
        else if (per_year == 4)
            snprintf(code, sizeof code, "%04d-Q%d", g->year, p);
        else
            snprintf(code, sizeof code, "%04d", g->year);
        /* sent in the first days after the period (due on the 5th; the year's by 04/12): most on
         * time, some late; never after now */
        int end_month = per_year == 12 ? p : per_year == 4 ? p * 3 : 11;
        for (int u = 0; u < g->n_units; u++) {
            char sent[32];
            int y = g->year + (end_month == 12), m = end_month % 12 + 1, d = 1 + (int)(uniform(&g->rng) * 7);
            snprintf(sent, sizeof sent, "%04d-%02d-%02dT02:00:00Z", y, m, d);
            if (strcmp(sent, g->now) > 0)
                snprintf(sent, sizeof sent, "%s", g->now);
            double noise = 0.9 + 0.2 * uniform(&g->rng), v;
            if (t->op == TARGET_DONE)
                v = yes || u != no_unit ? 1 : 0;
            else if (ind->agg != AGG_SUM)
                v = base * perf * (0.97 + 0.06 * uniform(&g->rng));
            else if (ind->meas == MEASURE_FLOW)
                v = base * perf / (g->n_units * per_year) * noise;
            else
                v = base * perf / g->n_units * noise;
            if (is_percent(ind) && v > 100)
                v = 100;
            td_status st = store_demo_value_insert(s, ind->id, g->unit_ids[u], code, round1(v < 0 ? 0 : v),
                                                   draw_status(g), sent, err);
            if (st)
                return st;
            g->values++;
        }
    }
    return TD_OK;
}

static td_status gen_tree(store *s, gen_ctx *g, const indicator *list, size_t n, td_error *err)
{
    td_status st = TD_OK;
    for (size_t i = 0; !st && i < n; i++) {
        st = gen_indicator(s, g, &list[i], err);
        if (!st)
            st = gen_tree(s, g, list[i].children, list[i].n_children, err);
    }
    return st;
}

/* One commune: its units, the seed plan, the figures, an audit entry; in the caller's transaction. */
static td_status gen_commune(store *s, arena *a, const demo_spec *spec, int k, int nth, uint64_t *rng,
                             demo_summary *sum, FILE *progress, td_error *err)
{
    size_t len = 0;
    const char *data = planload_embedded("kien-hai-2026.json", &len);
    planfile pf;
    td_id commune_id = 0, uid = 0, plan_id = 0;
    plan *stored = NULL;
    org_unit *units = NULL;
    size_t n_units = 0;
    td_status st = data ? planfile_parse(a, "kien-hai-2026.json", data, len, &pf, err)
                        : td_fail(err, TD_ERR_NOTFOUND, "không có kế hoạch mẫu trong chương trình");
    if (st)
        return st;
    commune_name(a, k, &pf.commune.name, &pf.commune.code);
    /* the plan's header names its commune: "Ủy ban nhân dân xã An Hải", "An Hải, ngày …" */
    const char *bare = pf.commune.name + strlen("xã ");
    pf.plan->issuer = renamed(a, pf.plan->issuer, bare);
    pf.plan->date_line = renamed(a, pf.plan->date_line, bare);
    pf.plan->title = renamed(a, pf.plan->title, bare);
    if (spec->city)
        pf.commune.city = spec->city;
    pf.plan->is_demo = true;
    st = store_commune_upsert(s, &pf.commune, &commune_id, err);
    for (size_t i = 0; !st && i < pf.n_units; i++)
        st = store_org_unit_upsert(s, commune_id, &pf.units[i], &uid, err);
    for (int i = (int)pf.n_units; !st && i < spec->units; i++) {
        org_unit extra = {.code = arena_printf(a, "thon-sinh-%d", i + 1), .name = arena_printf(a, "Thôn %d", 100 + i + 1),
                          .kind = ORG_VILLAGE, .is_demo = true};
        st = store_org_unit_upsert(s, commune_id, &extra, &uid, err);
    }
    for (size_t i = 0; !st && i < pf.n_blocks; i++)
        st = store_block_upsert(s, commune_id, &pf.blocks[i], err);
    if (!st)
        st = store_plan_insert(s, commune_id, pf.plan, &plan_id, err);
    if (!st)
        st = store_plan_get(s, a, plan_id, &stored, err);
    if (!st)
        st = store_org_units_list(s, a, commune_id, &units, &n_units, err);
    if (st)
        return st;
    /* the reporting units: the seed's in its order, then the added villages */
    gen_ctx g = {.rng = *rng, .spec = spec, .n_units = spec->units, .year = atoi(stored->period_start)};
    g.unit_ids = arena_calloc(a, (size_t)spec->units, sizeof *g.unit_ids);
    for (int i = 0; i < spec->units; i++) {
        const char *code = i < (int)pf.n_units ? pf.units[i].code : arena_printf(a, "thon-sinh-%d", i + 1);
        for (size_t u = 0; u < n_units; u++)
            if (strcmp(units[u].code, code) == 0)
                g.unit_ids[i] = units[u].id;
    }
    time_t now = time(NULL);
    strftime(g.now, sizeof g.now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    st = gen_tree(s, &g, stored->indicators, stored->n_indicators, err);
    *rng = g.rng;
    if (!st) {
        char *after = arena_printf(a, "{\"units\": %d, \"months\": %d, \"values\": %zu}", spec->units, spec->months,
                                   g.values);
        st = store_audit(s, commune_id, "demo.generate", "commune", commune_id, NULL, after, err);
    }
    if (!st) {
        sum->values += g.values;
        if (progress) {
            fprintf(progress, "  [%*d/%d] %s (%s): %s số liệu\n", spec->communes >= 100 ? 3 : 2, nth + 1,
                    spec->communes, pf.commune.name, pf.commune.code, vnum_format(a, (double)g.values, 0));
            fflush(progress);
        }
    }
    return st;
}

td_status demo_generate(store *s, const demo_spec *spec, FILE *progress, demo_summary *out, td_error *err)
{
    struct timespec t0, t1;
    uint64_t rng = spec->seed * UINT64_C(0x9E3779B97F4A7C15) + 1;
    td_status st = TD_OK;
    memset(out, 0, sizeof *out);
    if (spec->communes < 1 || spec->communes > 9999)
        return td_fail(err, TD_ERR_USAGE, "số xã (--communes) cần từ 1 đến 9.999");
    if (spec->units < 1 || spec->units > 200)
        return td_fail(err, TD_ERR_USAGE, "số đơn vị báo cáo mỗi xã (--units) cần từ 1 đến 200");
    if (spec->months < 1 || spec->months > 12)
        return td_fail(err, TD_ERR_USAGE, "số tháng có số liệu (--months) cần từ 1 đến 12");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* generated communes are added after those already there (another city's, an earlier run's):
     * the names go on from where they stopped */
    int first = 0;
    {
        arena *a = arena_new();
        commune *all = NULL;
        size_t n = 0;
        st = store_communes_list(s, a, &all, &n, err);
        for (size_t i = 0; !st && i < n; i++)
            first += strncmp(all[i].code, "sinh-", 5) == 0;
        arena_free(a);
    }
    for (int k = 0; !st && k < spec->communes; k++) {
        arena *a = arena_new();
        st = store_begin(s, err);
        if (!st)
            st = store_finish(s, gen_commune(s, a, spec, first + k, k, &rng, out, progress, err), err);
        arena_free(a);
        if (!st)
            out->communes++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return st;
}
