/* store_city.c — cities and a city officer's reads across its communes; see store_city.h.
 * Every query names the city: a commune of another city is never read here. */
#include "store_city.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

td_status store_city_ensure(store *s, const char *name, td_id *id, td_error *err)
{
    char now[32];
    now_iso(now);
    /* DO UPDATE (not DO NOTHING) so that RETURNING gives the id of a city already there */
    return q_exec(s, id, err,
                  "INSERT INTO city (name, created_at) VALUES (?, ?) "
                  "ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id",
                  "tt", name, now);
}

static void city_row(arena *a, db_stmt *stmt, void *ctx)
{
    city *c = rows_push(a, ctx);
    c->id = db_column_int(stmt, 0);
    c->name = col_text(a, stmt, 1);
}

td_status store_cities_list(store *s, arena *a, city **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(city)};
    td_status st = each_row(s, a, err, "SELECT id, name FROM city ORDER BY name", 0, city_row, &list);
    *out = list.items;
    *n = list.n;
    return st;
}

td_status store_city_find(store *s, arena *a, const char *name, city *out, td_error *err)
{
    struct rows list = {.size = sizeof(city)};
    td_status st =
        each_row_with(s, a, err, city_row, &list, "SELECT id, name FROM city WHERE name = ?", "t", name);
    if (!st && !list.n)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có thành phố \"%s\"", name);
    if (!st)
        *out = *(city *)list.items;
    return st;
}

td_status store_city_get(store *s, arena *a, td_id id, city *out, td_error *err)
{
    struct rows list = {.size = sizeof(city)};
    td_status st = each_row(s, a, err, "SELECT id, name FROM city WHERE id = ?", id, city_row, &list);
    if (!st && !list.n)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có thành phố số %lld", (long long)id);
    if (!st)
        *out = *(city *)list.items;
    return st;
}

td_status store_commune_city(store *s, td_id commune_id, td_id *city_id, td_error *err)
{
    td_id found = 0;
    td_status st = q_exec(s, &found, err, "SELECT id FROM commune WHERE id = ?", "i", commune_id);
    if (!st && !found)
        return td_fail(err, TD_ERR_NOTFOUND, "không có xã số %lld", (long long)commune_id);
    *city_id = 0;
    return st ? st : q_exec(s, city_id, err, "SELECT city_id FROM commune WHERE id = ?", "i", commune_id);
}

td_status store_city_user_insert(store *s, const user *u, const char *password_hash, td_id *id, td_error *err)
{
    char now[32];
    td_id found = 0;
    td_status st = q_exec(s, &found, err, "SELECT id FROM city WHERE id = ?", "i", u->city_id);
    if (!st && !found)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có thành phố số %lld", (long long)u->city_id);
    now_iso(now);
    if (!st)
        st = q_exec(s, id, err,
                    "INSERT INTO app_user (commune_id, city_id, username, display_name, password_hash, role, "
                    "created_at) "
                    "VALUES (NULL, ?, ?, ?, ?, 'city', ?) RETURNING id",
                    "ittt"
                    "t",
                    u->city_id, u->username, u->display_name ? u->display_name : u->username, password_hash,
                    now);
    if (st == TD_ERR_CONFLICT)
        td_fail(err, TD_ERR_CONFLICT, "tên đăng nhập \"%s\" đã có", u->username);
    if (!st) {
        json_t *o = json_pack("{s:s, s:s, s:I}", "username", u->username, "role", "city", "city_id",
                              (json_int_t)u->city_id);
        char *after = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        st = store_audit(s, 0, "create", "app_user", *id, NULL, after, err);
        free(after);
    }
    return st;
}

static void city_commune_row(arena *a, db_stmt *stmt, void *ctx)
{
    city_commune *c = rows_push(a, ctx);
    c->id = db_column_int(stmt, 0);
    c->code = col_text(a, stmt, 1);
    c->name = col_text(a, stmt, 2);
    c->plan_id = db_column_is_null(stmt, 3) ? 0 : db_column_int(stmt, 3);
    c->n_units = (size_t)db_column_int(stmt, 4);
    c->plan_number = col_text(a, stmt, 5);
    c->plan_title = col_text(a, stmt, 6);
}

td_status store_city_communes(store *s, arena *a, td_id city_id, const char *from, const char *to,
                              city_commune **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(city_commune)};
    td_status st =
        each_row_with(s, a, err, city_commune_row, &list,
                      "SELECT c.id, c.code, c.name, p.id, "
                      "       (SELECT COUNT(*) FROM org_unit o WHERE o.commune_id = c.id), p.number, p.title "
                      "  FROM commune c "
                      "  LEFT JOIN plan p ON p.id = (SELECT MIN(q.id) FROM plan q WHERE q.commune_id = c.id "
                      "                               AND q.period_start <= ? AND q.period_end >= ?) "
                      " WHERE c.city_id = ? ORDER BY c.code",
                      "tti", to, from, city_id);
    *out = list.items;
    *n = list.n;
    return st;
}

/* The targets and the sums of the aggregate pass, each kind as its rows come (store_city_figures). */
struct city_pass {
    struct rows targets; /* city_figure without a period */
    struct rows sums;    /* struct city_sum */
};

struct city_sum {
    td_id indicator_id;
    const char *period;
    double sum, min;
    long count;
};

static void pass_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct city_pass *pass = ctx;
    if (db_column_int(stmt, 0)) {
        struct city_sum *v = rows_push(a, &pass->sums);
        v->indicator_id = db_column_int(stmt, 2);
        v->period = col_text(a, stmt, 18);
        v->sum = db_column_double(stmt, 19);
        v->count = (long)db_column_int(stmt, 20);
        v->min = db_column_double(stmt, 21);
        return;
    }
    city_figure *f = rows_push(a, &pass->targets);
    f->commune_id = db_column_int(stmt, 1);
    f->indicator_id = db_column_int(stmt, 2);
    f->code = col_text(a, stmt, 3);
    f->name = col_text(a, stmt, 4);
    f->unit = col_text(a, stmt, 5);
    measure_from_code(db_column_text(stmt, 6), &f->meas);
    if (f->meas == MEASURE_LEVEL && db_column_int(stmt, 7))
        f->meas = MEASURE_BUILDUP;
    aggregation_from_code(db_column_text(stmt, 8), &f->agg);
    direction_from_code(db_column_text(stmt, 9), &f->dir);
    read_target(a, stmt, 10, &f->target);
}

static int cmp_id(td_id x, td_id y)
{
    return x < y ? -1 : x > y;
}

static int target_order(const void *x, const void *y)
{
    const city_figure *a = x, *b = y;
    int k = cmp_id(a->commune_id, b->commune_id);
    return k ? k : cmp_id(a->indicator_id, b->indicator_id);
}

static int sum_order(const void *x, const void *y)
{
    const struct city_sum *a = x, *b = y;
    int k = cmp_id(a->indicator_id, b->indicator_id);
    return k ? k : strcmp(a->period, b->period);
}

/* The first sum of indicator id in sums (sorted by indicator), or n. */
static size_t first_sum(const struct city_sum *sums, size_t n, td_id id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sums[mid].indicator_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

td_status store_city_figures(store *s, arena *a, td_id city_id, const char *from, const char *to,
                             const char *lo, const char *hi, const char *also, city_figure **out, size_t *n,
                             td_error *err)
{
    struct city_pass pass = {.targets = {.size = sizeof(city_figure)}, .sums = {.size = sizeof(struct city_sum)}};
    /* One pass over the city, one statement (one snapshot): the plan of each commune is the one
     * covering the period (the smallest id when several do). Its rows are of two kinds: each
     * target once with its texts (kind 0), and the figures summed by indicator and period as
     * narrow rows (kind 1), joined here. Sending the target's texts with every period's sums
     * (one wide row per target and period) made PostgreSQL sort ~3 MB of wide rows on disk and
     * compile the query (JIT) for its estimated cost; grouping the figures joined with their
     * targets' texts made SQLite's sort carry them once per figure (bench B3). The sums' list of
     * indicators is written out rather than read from t: t read twice would be materialized by
     * PostgreSQL without statistics (it planned 5.358 index scans for an estimated 200 ids; with
     * the list it hashes the ids and scans the figures once), and SQLite reads the listed ids'
     * figures through the (indicator, unit, period) index in the order it summed them before, so
     * its JSON is the same byte for byte. No ORDER BY: the order is made below, in C, on ids and
     * period codes (the byte order SQLite sorted them in). */
    td_status st = each_row_with(
        s, a, err, pass_row, &pass,
        "WITH t AS ("
        "  SELECT c.id AS cid, i.id AS iid, i.code, i.name, i.unit, i.measure, i.builds_up, i.aggregation, "
        "         i.direction, i.target_text, i.target_op, i.target_value, i.target_high, i.target_unit, "
        "         i.target_change, i.target_baseline_year, i.target_tolerance "
        "    FROM commune c "
        "    JOIN plan p ON p.id = (SELECT MIN(q.id) FROM plan q WHERE q.commune_id = c.id "
        "                            AND q.period_start <= ? AND q.period_end >= ?) "
        "    JOIN indicator i ON i.plan_id = p.id "
        "   WHERE c.city_id = ? AND i.target_op IS NOT NULL AND i.target_op NOT IN ('list', 'assigned') "
        "     AND i.target_baseline_year IS NULL) "
        "SELECT 0, t.cid, t.iid, t.code, t.name, t.unit, t.measure, t.builds_up, t.aggregation, t.direction, "
        "       t.target_text, t.target_op, t.target_value, t.target_high, t.target_unit, t.target_change, "
        "       t.target_baseline_year, t.target_tolerance, NULL, NULL, NULL, NULL "
        "  FROM t "
        "UNION ALL "
        "SELECT 1, NULL, d.indicator_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        "       NULL, NULL, NULL, d.period, SUM(d.value), COUNT(d.value), MIN(d.value) "
        "  FROM data_value d "
        " WHERE d.indicator_id IN ("
        "       SELECT i.id FROM commune c "
        "         JOIN plan p ON p.id = (SELECT MIN(q.id) FROM plan q WHERE q.commune_id = c.id "
        "                                 AND q.period_start <= ? AND q.period_end >= ?) "
        "         JOIN indicator i ON i.plan_id = p.id "
        "        WHERE c.city_id = ? AND i.target_op IS NOT NULL AND i.target_op NOT IN ('list', 'assigned') "
        "          AND i.target_baseline_year IS NULL) "
        "   AND d.value IS NOT NULL AND d.status IN ('submitted', 'approved') "
        "   AND ((d.period >= ? AND d.period <= ?) OR d.period = ?) "
        " GROUP BY d.indicator_id, d.period",
        "ttitti" "ttt", to, from, city_id, to, from, city_id, lo, hi, also);
    *out = NULL;
    *n = 0;
    if (st)
        return st;
    city_figure *targets = pass.targets.items;
    struct city_sum *sums = pass.sums.items;
    if (pass.targets.n)
        qsort(targets, pass.targets.n, sizeof *targets, target_order);
    if (pass.sums.n)
        qsort(sums, pass.sums.n, sizeof *sums, sum_order);
    /* the rows the consumers read: a target with each of its periods, or once without one */
    city_figure *rows = arena_calloc(a, pass.targets.n + pass.sums.n + 1, sizeof *rows);
    size_t m = 0;
    for (size_t t = 0; t < pass.targets.n; t++) {
        size_t k = first_sum(sums, pass.sums.n, targets[t].indicator_id);
        if (k == pass.sums.n || sums[k].indicator_id != targets[t].indicator_id)
            rows[m++] = targets[t];
        for (; k < pass.sums.n && sums[k].indicator_id == targets[t].indicator_id; k++) {
            city_figure *f = &rows[m++];
            *f = targets[t];
            f->period = sums[k].period;
            f->sum = sums[k].sum;
            f->count = sums[k].count;
            f->min = sums[k].min;
        }
    }
    *out = rows;
    *n = m;
    return TD_OK;
}

static void report_row(arena *a, db_stmt *stmt, void *ctx)
{
    city_report *r = rows_push(a, ctx);
    r->commune_id = db_column_int(stmt, 0);
    r->plan_id = db_column_int(stmt, 1);
    r->deadline = col_text(a, stmt, 2);
    r->deadline_wording = col_text(a, stmt, 3);
    r->document_id = db_column_is_null(stmt, 4) ? 0 : db_column_int(stmt, 4);
    r->issued_on = col_text(a, stmt, 5);
    r->number = (int)db_column_int(stmt, 6);
    r->due = col_text(a, stmt, 7);
    r->symbol = col_text(a, stmt, 8);
}

td_status store_city_reports(store *s, arena *a, td_id city_id, const char *from, const char *to,
                             const char *period, city_report **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(city_report)};
    /* the first document issued counts: a corrected one issued later does not make it late */
    td_status st =
        each_row_with(s, a, err, report_row, &list,
                      "SELECT c.id, p.id, COALESCE(d.last_on_time, d.due_on), d.wording, r.id, r.issued_on, "
                      "       r.number, d.due_on, r.symbol "
                      "  FROM commune c "
                      "  JOIN plan p ON p.id = (SELECT MIN(q.id) FROM plan q WHERE q.commune_id = c.id "
                      "                          AND q.period_start <= ? AND q.period_end >= ?) "
                      "  LEFT JOIN plan_deadline d ON d.plan_id = p.id AND d.kind = 'commune_report' "
                      "  LEFT JOIN report_document r ON r.id = (SELECT MIN(x.id) FROM report_document x "
                      "       WHERE x.commune_id = c.id AND x.plan_id = p.id AND x.kind = 'consolidated' "
                      "         AND x.status = 'issued' AND x.period = ?) "
                      " WHERE c.city_id = ? ORDER BY c.code",
                      "ttti", to, from, period, city_id);
    *out = list.items;
    *n = list.n;
    return st;
}
