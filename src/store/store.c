/* store.c — the storage interface over a db.h connection; see store.h.
 *
 * All SQL of the product is here, written once and portable. Statements are prepared once
 * per connection and kept in a small cache keyed by the address of their SQL text (every
 * query is a string literal), so a bulk import does not re-parse SQL per row. Trees and
 * lists are read with one query per table, never one per row. */
#include "store.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/vtext.h"
#include "db.h"
#include "migrate.h"
#include "store_internal.h"

extern const struct embedded_file store_migrations_sqlite[];

static td_status audit_backfill(store *s, td_error *err);

static size_t load_migrations(struct migration *list, size_t cap)
{
    return migrate_from_embedded(store_migrations_sqlite, list, cap);
}

int store_schema_latest(void)
{
    struct migration list[64];
    size_t n = load_migrations(list, 64);
    return n ? list[n - 1].version : 0;
}

td_status store_open(const char *url, store **out, td_error *err)
{
    struct migration list[64];
    size_t n = load_migrations(list, 64);
    store *s = calloc(1, sizeof *s);
    td_status st;

    if (!s)
        td_oom(sizeof *s);
    if (n == 0) {
        st = td_fail(err, TD_ERR_DB, "bảng nâng cấp lược đồ trong chương trình bị hỏng");
        goto fail;
    }
    st = db_open(url, &s->db, err);
    if (st)
        goto fail;
    if (strcmp(db_backend(s->db), "sqlite") == 0 && !(s->path = strdup(strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url)))
        td_oom(strlen(url));
    st = migrate_run(s->db, list, n, NULL, &s->version, err);
    if (st) {
        td_error_prefix(err, "%s", url);
        goto fail;
    }
    store_set_actor(s, "system");
    st = audit_backfill(s, err);
    if (st)
        goto fail;
    *out = s;
    return TD_OK;
fail:
    store_close(s);
    return st;
}

void store_close(store *s)
{
    if (!s)
        return;
    for (int i = 0; i < STMT_CACHE; i++)
        db_finalize(s->cache[i].stmt);
    db_close(s->db);
    free(s->path);
    free(s);
}

const char *store_path(const store *s)
{
    return s->path;
}

int store_schema_version(const store *s)
{
    return s->version;
}

void store_set_actor(store *s, const char *actor)
{
    snprintf(s->actor_buf, sizeof s->actor_buf, "%s", actor);
    s->actor = s->actor_buf;
}

/* Every transaction the services open writes: it takes the write lock before reading what it
 * checks (see db_begin_write). */
td_status store_begin(store *s, td_error *err)
{
    return db_begin_write(s->db, err);
}

td_status store_commit(store *s, td_error *err)
{
    return db_commit(s->db, err);
}

void store_rollback(store *s)
{
    db_rollback(s->db);
}

td_status store_finish(store *s, td_status st, td_error *err)
{
    if (!st)
        st = db_commit(s->db, err);
    if (st)
        db_rollback(s->db);
    return st;
}

td_status store_backup(store *s, const char *path, td_error *err)
{
    return db_backup_to(s->db, path, err);
}

td_status store_inspect(const char *path, int *version, td_error *err)
{
    db *d = NULL;
    db_stmt *q = NULL;
    bool row = false;
    td_error e = {0};
    td_status st = db_open_readonly(path, &d, err);
    if (st)
        return st;
    /* a file that is not SQLite at all fails on its first read */
    st = db_prepare(d, "PRAGMA integrity_check", &q, &e);
    if (!st)
        st = db_step(q, &row, &e);
    if (st) {
        st = td_fail(err, TD_ERR_INPUT, "tệp %s không phải là cơ sở dữ liệu thidua", path);
        goto done;
    }
    if (!row || strcmp(db_column_text(q, 0) ? db_column_text(q, 0) : "", "ok") != 0) {
        st = td_fail(err, TD_ERR_INPUT, "tệp %s bị hỏng (kiểm tra toàn vẹn: %s); không dùng được để khôi phục", path,
                     row && db_column_text(q, 0) ? db_column_text(q, 0) : "không có kết quả");
        goto done;
    }
    if (migrate_current(d, version, &e) != TD_OK || *version <= 0) {
        st = td_fail(err, TD_ERR_INPUT, "tệp %s là cơ sở dữ liệu SQLite nhưng không phải của thidua", path);
        goto done;
    }
    if (*version > store_schema_latest())
        st = td_fail(err, TD_ERR_VERSION,
                     "tệp %s do phiên bản thidua mới hơn tạo (lược đồ %d, phiên bản này biết đến %d); hãy nâng cấp "
                     "thidua trước khi khôi phục",
                     path, *version, store_schema_latest());
done:
    db_finalize(q);
    db_close(d);
    return st;
}

td_status store_restore(store *s, const char *path, td_error *err)
{
    struct migration list[64];
    size_t n = load_migrations(list, 64);
    td_status st = db_restore_from(s->db, path, err);
    /* a backup made by an older thidua is brought to this binary's schema */
    if (!st)
        st = migrate_run(s->db, list, n, NULL, &s->version, err);
    return st;
}

void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

td_status q_vprepare(store *s, db_stmt **out, td_error *err, const char *sql, const char *types, va_list ap)
{
    db_stmt *stmt = NULL;
    int slot = -1;

    for (int i = 0; i < STMT_CACHE; i++) {
        if (s->cache[i].sql == sql) {
            stmt = s->cache[i].stmt;
            db_reset(stmt);
            break;
        }
        if (!s->cache[i].sql && slot < 0)
            slot = i;
    }
    if (!stmt) {
        td_status st = db_prepare(s->db, sql, &stmt, err);
        if (st)
            return st;
        if (slot >= 0) {
            s->cache[slot].sql = sql;
            s->cache[slot].stmt = stmt;
        }
    }
    for (int i = 0; types[i]; i++) {
        int at = i + 1;
        switch (types[i]) {
        case 'i':
            db_bind_int(stmt, at, va_arg(ap, int64_t));
            break;
        case 'I': {
            td_id id = va_arg(ap, td_id);
            if (id)
                db_bind_int(stmt, at, id);
            else
                db_bind_null(stmt, at);
            break;
        }
        case 'd':
            db_bind_double(stmt, at, va_arg(ap, double));
            break;
        case 'D': {
            int has = va_arg(ap, int);
            double v = va_arg(ap, double);
            if (has)
                db_bind_double(stmt, at, v);
            else
                db_bind_null(stmt, at);
            break;
        }
        case 't':
            db_bind_text(stmt, at, va_arg(ap, const char *));
            break;
        case 'b':
            db_bind_int(stmt, at, va_arg(ap, int) ? 1 : 0);
            break;
        default:
            abort(); /* a programming error in this file */
        }
    }
    *out = stmt;
    return TD_OK;
}

td_status q_prepare(store *s, db_stmt **out, td_error *err, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    td_status st = q_vprepare(s, out, err, sql, types, ap);
    va_end(ap);
    return st;
}

void q_done(store *s, db_stmt *stmt)
{
    if (!stmt)
        return;
    for (int i = 0; i < STMT_CACHE; i++) {
        if (s->cache[i].stmt == stmt) {
            db_reset(stmt);
            return;
        }
    }
    db_finalize(stmt);
}

td_status q_exec(store *s, td_id *id, td_error *err, const char *sql, const char *types, ...)
{
    db_stmt *stmt = NULL;
    bool row = false;
    va_list ap;
    td_status st;

    va_start(ap, types);
    st = q_vprepare(s, &stmt, err, sql, types, ap);
    va_end(ap);
    if (st)
        return st;
    st = db_step(stmt, &row, err);
    if (!st && id)
        *id = row ? db_column_int(stmt, 0) : 0;
    q_done(s, stmt);
    return st;
}

const char *col_text(arena *a, db_stmt *stmt, int i)
{
    return arena_strdup(a, db_column_text(stmt, i));
}

void *rows_push(arena *a, struct rows *r)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        void *items = arena_calloc(a, cap, r->size);
        if (r->n)
            memcpy(items, r->items, r->n * r->size);
        r->items = items;
        r->cap = cap;
    }
    return (char *)r->items + r->n++ * r->size;
}

td_status each_row(store *s, arena *a, td_error *err, const char *sql, td_id id, row_fn fn, void *ctx)
{
    db_stmt *stmt = NULL;
    bool row = true;
    td_status st = q_prepare(s, &stmt, err, sql, id ? "i" : "", id);
    while (!st) {
        st = db_step(stmt, &row, err);
        if (st || !row)
            break;
        fn(a, stmt, ctx);
    }
    q_done(s, stmt);
    return st;
}


/* ---- communes and org units --------------------------------------------------------- */

td_status store_commune_upsert(store *s, const commune *c, td_id *id, td_error *err)
{
    char now[32];
    now_iso(now);
    return q_exec(s, id, err,
                  "INSERT INTO commune (code, name, city, created_at) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (code) DO UPDATE SET name = excluded.name, city = excluded.city RETURNING id",
                  "tttt", c->code, c->name, c->city, now);
}

td_status store_commune_find(store *s, arena *a, const char *code, commune *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = q_prepare(s, &stmt, err, "SELECT id, code, name, city FROM commune WHERE code = ?", "t", code);
    if (st)
        return st;
    st = db_step(stmt, &row, err);
    if (!st && !row)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có xã với mã \"%s\"", code);
    if (!st) {
        out->id = db_column_int(stmt, 0);
        out->code = col_text(a, stmt, 1);
        out->name = col_text(a, stmt, 2);
        out->city = col_text(a, stmt, 3);
    }
    q_done(s, stmt);
    return st;
}

static td_status unit_id(store *s, td_id commune_id, const char *code, td_id *id, td_error *err)
{
    td_status st;
    *id = 0;
    if (!code)
        return TD_OK;
    st = q_exec(s, id, err, "SELECT id FROM org_unit WHERE commune_id = ? AND code = ?", "it", commune_id, code);
    if (!st && !*id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có đơn vị với mã \"%s\"", code);
    return st;
}

td_status store_org_unit_upsert(store *s, td_id commune_id, const org_unit *u, td_id *id, td_error *err)
{
    td_id parent = 0;
    td_status st = unit_id(s, commune_id, u->parent_code, &parent, err);
    if (st)
        return st;
    return q_exec(s, id, err,
                  "INSERT INTO org_unit (commune_id, code, name, kind, parent_id, is_demo) VALUES (?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (commune_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
                  "parent_id = excluded.parent_id RETURNING id",
                  "itttIb", commune_id, u->code, u->name, org_kind_code(u->kind), parent, (int)u->is_demo);
}

static int unit_cmp(const void *x, const void *y)
{
    const org_unit *a = x, *b = y;
    int c = vtext_collate(a->name, b->name);
    return c ? c : strcmp(a->code, b->code);
}

static void unit_row(arena *a, db_stmt *stmt, void *ctx)
{
    org_unit *u = rows_push(a, ctx);
    u->id = db_column_int(stmt, 0);
    u->code = col_text(a, stmt, 1);
    u->name = col_text(a, stmt, 2);
    org_kind_from_code(db_column_text(stmt, 3), &u->kind);
    u->parent_code = col_text(a, stmt, 4);
    u->is_demo = db_column_int(stmt, 5) != 0;
}

td_status store_org_units_list(store *s, arena *a, td_id commune_id, org_unit **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(org_unit)};
    td_status st = each_row(s, a, err,
                            "SELECT u.id, u.code, u.name, u.kind, p.code, u.is_demo FROM org_unit u "
                            "LEFT JOIN org_unit p ON p.id = u.parent_id WHERE u.commune_id = ?",
                            commune_id, unit_row, &list);
    if (st)
        return st;
    if (list.n)
        qsort(list.items, list.n, sizeof(org_unit), unit_cmp);
    *out = list.items;
    *n = list.n;
    return TD_OK;
}

td_status store_block_upsert(store *s, td_id commune_id, const block *b, td_error *err)
{
    td_id id = 0;
    td_status st = q_exec(s, &id, err,
                          "INSERT INTO block (commune_id, code, name, is_demo) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT (commune_id, code) DO UPDATE SET name = excluded.name RETURNING id",
                          "ittb", commune_id, b->code, b->name, (int)b->is_demo);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM block_member WHERE block_id = ?", "i", id);
    for (size_t i = 0; !st && i < b->n_members; i++) {
        td_id uid = 0;
        st = unit_id(s, commune_id, b->members[i], &uid, err);
        if (!st)
            st = q_exec(s, NULL, err, "INSERT INTO block_member (block_id, org_unit_id) VALUES (?, ?)", "ii", id,
                        uid);
    }
    return st;
}

/* One row per (block, member); members of a block arrive together. */
static void block_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct rows *blocks = ctx;
    td_id id = db_column_int(stmt, 0);
    block *b = blocks->n ? (block *)blocks->items + blocks->n - 1 : NULL;

    if (!b || b->id != id) {
        b = rows_push(a, blocks);
        b->id = id;
        b->code = col_text(a, stmt, 1);
        b->name = col_text(a, stmt, 2);
        b->is_demo = db_column_int(stmt, 3) != 0;
        b->members = arena_calloc(a, (size_t)db_column_int(stmt, 5) + 1, sizeof *b->members);
    }
    if (!db_column_is_null(stmt, 4))
        b->members[b->n_members++] = col_text(a, stmt, 4);
}

td_status store_blocks_list(store *s, arena *a, td_id commune_id, block **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(block)};
    td_status st = each_row(s, a, err,
                            "SELECT b.id, b.code, b.name, b.is_demo, u.code, "
                            "(SELECT COUNT(*) FROM block_member m2 WHERE m2.block_id = b.id) "
                            "FROM block b LEFT JOIN block_member m ON m.block_id = b.id "
                            "LEFT JOIN org_unit u ON u.id = m.org_unit_id WHERE b.commune_id = ? ORDER BY b.id, u.name",
                            commune_id, block_row, &list);
    if (st)
        return st;
    *out = list.items;
    *n = list.n;
    return TD_OK;
}

/* ---- plans ----------------------------------------------------------------------------- */

/* The measure column keeps the codes of 0001; a build-up is a stock with builds_up set (0005). */
static const char *stored_measure(measure m)
{
    return measure_code(m == MEASURE_BUILDUP ? MEASURE_LEVEL : m);
}

/* A checklist's items as a JSON array text, NULL when there are none. The caller frees. */
static char *items_json(const target *t)
{
    if (!t->n_items)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < t->n_items; i++)
        json_array_append_new(arr, json_string(t->items[i]));
    char *out = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return out;
}

static void code_row(arena *a, db_stmt *stmt, void *ctx)
{
    *(const char **)rows_push(a, ctx) = col_text(a, stmt, 0);
}

/* Inserts or updates the share of unit on indicator ind_id; a share that exists keeps its demo
 * mark (a plan file written back over its plan does not turn demo shares into real ones). */
static td_status write_unit_target(store *s, td_id ind_id, td_id unit, const target *t, bool is_demo, td_id *id,
                                   td_error *err)
{
    char *items = items_json(t);
    td_status st = q_exec(
        s, id, err,
        "INSERT INTO unit_target (indicator_id, org_unit_id, target_text, target_op, target_value, target_high, "
        "target_unit, target_change, target_baseline_year, target_tolerance, target_items, is_demo) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (indicator_id, org_unit_id) DO UPDATE SET target_text = excluded.target_text, "
        "target_op = excluded.target_op, target_value = excluded.target_value, target_high = excluded.target_high, "
        "target_unit = excluded.target_unit, target_change = excluded.target_change, "
        "target_baseline_year = excluded.target_baseline_year, target_tolerance = excluded.target_tolerance, "
        "target_items = excluded.target_items RETURNING id",
        "iitt" "DD" "tt" "I" "D" "tb", ind_id, unit, t->text, target_op_name(t->op), (int)t->has_value, t->value,
        (int)t->has_high, t->high, t->unit, target_change_name(t->change), (td_id)t->baseline_year,
        (int)t->has_tolerance, t->tolerance, items, (int)is_demo);
    free(items);
    return st;
}


/* Makes the indicator's shares those of ind: upserts them, deletes the others. */
static td_status write_unit_targets(store *s, td_id commune_id, td_id ind_id, const indicator *ind, td_error *err)
{
    arena *a = arena_new();
    struct rows had = {.size = sizeof(const char *)};
    td_status st = each_row(s, a, err,
                            "SELECT u.code FROM unit_target ut JOIN org_unit u ON u.id = ut.org_unit_id "
                            "WHERE ut.indicator_id = ?",
                            ind_id, code_row, &had);
    for (size_t i = 0; !st && i < had.n; i++) {
        const char *code = ((const char **)had.items)[i];
        if (!indicator_unit_target(ind, code))
            st = q_exec(s, NULL, err,
                        "DELETE FROM unit_target WHERE indicator_id = ? AND org_unit_id = "
                        "(SELECT id FROM org_unit WHERE commune_id = ? AND code = ?)",
                        "iit", ind_id, commune_id, code);
    }
    for (size_t i = 0; !st && i < ind->n_unit_targets; i++) {
        td_id uid = 0, id = 0;
        st = unit_id(s, commune_id, ind->unit_targets[i].org_unit_code, &uid, err);
        if (!st)
            st = write_unit_target(s, ind_id, uid, &ind->unit_targets[i].target, false, &id, err);
    }
    arena_free(a);
    return st;
}

/* Writes one indicator (not its children): the indicator of the same code in the plan is
 * updated, or a new one inserted; its checklist items and responsible units are replaced. */
static td_status write_indicator(store *s, td_id commune_id, td_id plan_id, td_id parent, int64_t position,
                                 const indicator *ind, td_id *id_out, td_error *err)
{
    const target *t = ind->target;
    target none = {0};
    td_id id = 0;

    if (!t)
        t = &none;
    td_status st = q_exec(
        s, &id, err,
        "INSERT INTO indicator (plan_id, parent_id, position, code, name, grp, unit, frequency, measure, "
        "source_line, target_text, target_op, target_value, target_high, target_unit, target_change, "
        "target_baseline_year, target_tolerance, formula, assigned_value, aggregation, direction, builds_up) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET parent_id = excluded.parent_id, position = excluded.position, "
        "name = excluded.name, grp = excluded.grp, unit = excluded.unit, frequency = excluded.frequency, "
        "measure = excluded.measure, source_line = excluded.source_line, target_text = excluded.target_text, "
        "target_op = excluded.target_op, target_value = excluded.target_value, target_high = excluded.target_high, "
        "target_unit = excluded.target_unit, target_change = excluded.target_change, "
        "target_baseline_year = excluded.target_baseline_year, target_tolerance = excluded.target_tolerance, "
        "formula = excluded.formula, assigned_value = excluded.assigned_value, aggregation = excluded.aggregation, "
        "direction = excluded.direction, builds_up = excluded.builds_up RETURNING id",
        "iIitttttt" "I" "tt" "DD" "tt" "I" "D" "tD" "ttb", plan_id, parent, position, ind->code, ind->name,
        indicator_group_code(ind->group), ind->unit, frequency_code(ind->freq), stored_measure(ind->meas),
        (td_id)ind->line, ind->target ? t->text : NULL, ind->target ? target_op_name(t->op) : NULL,
        (int)t->has_value, t->value, (int)t->has_high, t->high, t->unit, target_change_name(t->change),
        (td_id)t->baseline_year, (int)t->has_tolerance, t->tolerance, ind->formula, (int)ind->has_assigned,
        ind->assigned, aggregation_code(ind->agg), direction_code(ind->dir), (int)(ind->meas == MEASURE_BUILDUP));
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM target_item WHERE indicator_id = ?", "i", id);
    if (!st)
        st = write_unit_targets(s, commune_id, id, ind, err);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM indicator_unit WHERE indicator_id = ?", "i", id);
    for (size_t k = 0; !st && k < t->n_items; k++)
        st = q_exec(s, NULL, err,
                    "INSERT INTO target_item (indicator_id, position, text, org_unit_id) "
                    "VALUES (?, ?, ?, (SELECT id FROM org_unit WHERE commune_id = ? AND name = ?))",
                    "iitit", id, (int64_t)k, t->items[k], commune_id, t->items[k]);
    for (size_t k = 0; !st && k < ind->n_responsible; k++) {
        td_id uid = 0;
        st = unit_id(s, commune_id, ind->responsible[k], &uid, err);
        if (!st)
            st = q_exec(s, NULL, err, "INSERT INTO indicator_unit (indicator_id, org_unit_id) VALUES (?, ?)", "ii",
                        id, uid);
    }
    if (st)
        td_error_prefix(err, "chỉ tiêu %s", ind->code);
    *id_out = id;
    return st;
}

static td_status write_indicators(store *s, td_id commune_id, td_id plan_id, td_id parent, const indicator *list,
                                  size_t n, td_error *err)
{
    td_status st = TD_OK;
    for (size_t i = 0; !st && i < n; i++) {
        td_id id = 0;
        st = write_indicator(s, commune_id, plan_id, parent, (int64_t)i, &list[i], &id, err);
        if (!st)
            st = write_indicators(s, commune_id, plan_id, id, list[i].children, list[i].n_children, err);
    }
    return st;
}

/* The lists of a plan's header: themes, deadlines, movements, phases, tasks and recipients. */
static td_status insert_plan_lists(store *s, td_id commune_id, td_id id, const plan *p, td_error *err)
{
    td_status st = TD_OK;
    for (size_t i = 0; !st && i < p->n_themes; i++)
        st = q_exec(s, NULL, err, "INSERT INTO plan_theme (plan_id, position, level, year, text) VALUES (?, ?, ?, ?, ?)",
                    "iitit", id, (int64_t)i, p->themes[i].level, (int64_t)p->themes[i].year, p->themes[i].text);
    for (size_t i = 0; !st && i < p->n_deadlines; i++) {
        const plan_deadline *d = &p->deadlines[i];
        td_id to = 0;
        st = unit_id(s, commune_id, d->to_unit, &to, err);
        if (!st)
            st = q_exec(s, NULL, err,
                        "INSERT INTO plan_deadline (plan_id, kind, due_on, from_text, to_text, to_unit_id, "
                        "last_on_time, wording) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        "ittttItt", id, d->kind, d->due, d->from, d->to, to, d->last_on_time, d->wording);
    }
    for (size_t i = 0; !st && i < p->n_movements; i++)
        st = q_exec(s, NULL, err,
                    "INSERT INTO movement (plan_id, position, name, level, launched_by) VALUES (?, ?, ?, ?, ?)",
                    "iittt", id, (int64_t)i, p->movements[i].name, p->movements[i].level, p->movements[i].launched_by);
    for (size_t i = 0; !st && i < p->n_phases; i++)
        st = q_exec(s, NULL, err,
                    "INSERT INTO phase (plan_id, position, name, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)", "iittt",
                    id, (int64_t)i, p->phases[i].name, p->phases[i].starts_on, p->phases[i].ends_on);
    for (size_t i = 0; !st && i < p->n_tasks; i++) {
        td_id lead = 0;
        st = unit_id(s, commune_id, p->tasks[i].lead, &lead, err);
        if (!st)
            st = q_exec(s, NULL, err,
                        "INSERT INTO task (plan_id, position, text, lead_unit_id, due_on, duty, assignee) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        "iitItt" "t", id, (int64_t)i, p->tasks[i].text, lead, p->tasks[i].due,
                        task_duty_code(p->tasks[i].duty), p->tasks[i].assignee);
    }
    for (size_t i = 0; !st && i < p->n_recipients; i++) {
        const recipient *r = &p->recipients[i];
        td_id unit = 0;
        st = unit_id(s, commune_id, r->org_unit, &unit, err);
        if (!st)
            st = q_exec(s, NULL, err,
                        "INSERT INTO recipient (plan_id, position, text, purpose, org_unit_id, org_kind) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        "iittIt", id, (int64_t)i, r->text, r->purpose, unit, r->org_kind);
    }
    return st;
}

td_status store_plan_insert(store *s, td_id commune_id, const plan *p, td_id *id_out, td_error *err)
{
    char now[32];
    td_id id = 0;
    td_status st;

    now_iso(now);
    st = q_exec(s, &id, err,
                "INSERT INTO plan (commune_id, number, issued_on, date_line, issuer, signer, signer_title, title, "
                "implements_number, implements_date, implements_issuer, implements_title, period_start, period_end, "
                "general_goal, rewards, is_demo, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                "i" "ttttt" "ttttt" "ttttt" "bt", commune_id, p->number, p->issued_on, p->date_line, p->issuer, p->signer,
                p->signer_title, p->title, p->implements_number, p->implements_date, p->implements_issuer,
                p->implements_title, p->period_start, p->period_end, p->general_goal, p->rewards, (int)p->is_demo,
                now);
    if (!st)
        st = insert_plan_lists(s, commune_id, id, p, err);
    if (!st)
        st = write_indicators(s, commune_id, id, 0, p->indicators, p->n_indicators, err);
    if (!st)
        st = store_audit(s, commune_id, "create", "plan", id, NULL, NULL, err);
    if (!st && id_out)
        *id_out = id;
    return st;
}

td_status store_plan_update_header(store *s, td_id id, const plan *p, td_error *err)
{
    td_id commune_id = 0;
    td_status st = store_plan_commune(s, id, &commune_id, err);
    if (!st)
        st = q_exec(s, NULL, err,
                    "UPDATE plan SET number = ?, issued_on = ?, date_line = ?, issuer = ?, signer = ?, "
                    "signer_title = ?, title = ?, implements_number = ?, implements_date = ?, implements_issuer = ?, "
                    "implements_title = ?, period_start = ?, period_end = ?, general_goal = ?, rewards = ?, "
                    "revision = revision + 1 WHERE id = ?",
                    "ttttt" "ttttt" "ttttt" "i", p->number, p->issued_on, p->date_line, p->issuer, p->signer,
                    p->signer_title, p->title, p->implements_number, p->implements_date, p->implements_issuer,
                    p->implements_title, p->period_start, p->period_end, p->general_goal, p->rewards, id);
    /* the lists have no identity of their own: nothing refers to a theme or a task */
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM plan_theme WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM plan_deadline WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM movement WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM phase WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM task WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM recipient WHERE plan_id = ?", "i", id);
    if (!st)
        st = insert_plan_lists(s, commune_id, id, p, err);
    return st;
}

td_status store_plan_write_indicators(store *s, td_id plan_id, const indicator *roots, size_t n, td_error *err)
{
    td_id commune_id = 0;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = write_indicators(s, commune_id, plan_id, 0, roots, n, err);
    return st;
}

td_status store_indicator_delete(store *s, td_id plan_id, const char *code, td_error *err)
{
    return q_exec(s, NULL, err, "DELETE FROM indicator WHERE plan_id = ? AND code = ?", "it", plan_id, code);
}


td_status store_indicators_with_values(store *s, arena *a, td_id plan_id, const char ***codes, size_t *n,
                                       td_error *err)
{
    struct rows list = {.size = sizeof(const char *)};
    td_status st = each_row(s, a, err,
                            "SELECT DISTINCT i.code FROM indicator i JOIN data_value v ON v.indicator_id = i.id "
                            "WHERE i.plan_id = ? ORDER BY i.code",
                            plan_id, code_row, &list);
    *codes = list.items;
    *n = list.n;
    return st;
}

#define PLAN_COLUMNS                                                                                         \
    "p.id, c.code, p.number, p.issued_on, p.date_line, p.issuer, p.signer, p.signer_title, p.title, "        \
    "p.implements_number, p.implements_date, p.implements_issuer, p.implements_title, p.period_start, "      \
    "p.period_end, p.general_goal, p.rewards, p.is_demo, p.revision FROM plan p "                            \
    "JOIN commune c ON c.id = p.commune_id "

static void read_plan_header(arena *a, db_stmt *stmt, plan *p)
{
    const char **f[] = {&p->commune_code,     &p->number,           &p->issued_on,        &p->date_line,
                        &p->issuer,           &p->signer,           &p->signer_title,     &p->title,
                        &p->implements_number, &p->implements_date, &p->implements_issuer, &p->implements_title,
                        &p->period_start,     &p->period_end,       &p->general_goal,     &p->rewards};
    p->id = db_column_int(stmt, 0);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        *f[i] = col_text(a, stmt, (int)i + 1);
    p->is_demo = db_column_int(stmt, 17) != 0;
    p->revision = (int)db_column_int(stmt, 18);
}

static void plan_row(arena *a, db_stmt *stmt, void *ctx)
{
    read_plan_header(a, stmt, rows_push(a, ctx));
}

td_status store_plans_list(store *s, arena *a, plan **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(plan)};
    td_status st = each_row(s, a, err, "SELECT " PLAN_COLUMNS "ORDER BY p.id", 0, plan_row, &list);
    if (st)
        return st;
    *out = list.items;
    *n = list.n;
    return TD_OK;
}

td_status store_plan_commune(store *s, td_id plan_id, td_id *commune_id, td_error *err)
{
    td_status st = q_exec(s, commune_id, err, "SELECT commune_id FROM plan WHERE id = ?", "i", plan_id);
    if (!st && !*commune_id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có kế hoạch số %lld", (long long)plan_id);
    return st;
}

static void theme_row(arena *a, db_stmt *stmt, void *ctx)
{
    plan_theme *t = rows_push(a, ctx);
    t->level = col_text(a, stmt, 0);
    t->year = (int)db_column_int(stmt, 1);
    t->text = col_text(a, stmt, 2);
}

static void deadline_row(arena *a, db_stmt *stmt, void *ctx)
{
    plan_deadline *d = rows_push(a, ctx);
    d->kind = col_text(a, stmt, 0);
    d->due = col_text(a, stmt, 1);
    d->from = col_text(a, stmt, 2);
    d->to = col_text(a, stmt, 3);
    d->to_unit = col_text(a, stmt, 4);
    d->last_on_time = col_text(a, stmt, 5);
    d->wording = col_text(a, stmt, 6);
}

static void movement_row(arena *a, db_stmt *stmt, void *ctx)
{
    movement *m = rows_push(a, ctx);
    m->name = col_text(a, stmt, 0);
    m->level = col_text(a, stmt, 1);
    m->launched_by = col_text(a, stmt, 2);
}

static void phase_row(arena *a, db_stmt *stmt, void *ctx)
{
    phase *ph = rows_push(a, ctx);
    ph->name = col_text(a, stmt, 0);
    ph->starts_on = col_text(a, stmt, 1);
    ph->ends_on = col_text(a, stmt, 2);
}

static void task_row(arena *a, db_stmt *stmt, void *ctx)
{
    task *t = rows_push(a, ctx);
    t->text = col_text(a, stmt, 0);
    t->lead = col_text(a, stmt, 1);
    t->due = col_text(a, stmt, 2);
    const char *duty = col_text(a, stmt, 3);
    if (!task_duty_from_code(duty, &t->duty))
        t->duty = DUTY_IMPLEMENT;
    t->assignee = col_text(a, stmt, 4);
}

static void recipient_row(arena *a, db_stmt *stmt, void *ctx)
{
    recipient *r = rows_push(a, ctx);
    r->text = col_text(a, stmt, 0);
    r->purpose = col_text(a, stmt, 1);
    r->org_unit = col_text(a, stmt, 2);
    r->org_kind = col_text(a, stmt, 3);
}

/* A flat indicator row while the tree is being built. */
struct ind_row {
    td_id id, parent;
    int64_t position;
    indicator ind;
};

/* A target from the columns text, op, value, high, unit, change, baseline_year, tolerance
 * starting at column c (the same in indicator and unit_target). */
static void read_target(arena *a, db_stmt *stmt, int c, target *t)
{
    t->text = col_text(a, stmt, c);
    target_op_from_name(db_column_text(stmt, c + 1), &t->op);
    t->has_value = !db_column_is_null(stmt, c + 2);
    t->value = db_column_double(stmt, c + 2);
    t->has_high = !db_column_is_null(stmt, c + 3);
    t->high = db_column_double(stmt, c + 3);
    t->unit = col_text(a, stmt, c + 4);
    const char *change = db_column_text(stmt, c + 5);
    t->change = !change ? TARGET_CHANGE_NONE
                : strcmp(change, "increase") == 0 ? TARGET_CHANGE_INCREASE
                                                  : TARGET_CHANGE_DECREASE;
    t->baseline_year = (int)db_column_int(stmt, c + 6);
    t->has_tolerance = !db_column_is_null(stmt, c + 7);
    t->tolerance = db_column_double(stmt, c + 7);
}

static void indicator_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct ind_row *r = rows_push(a, ctx);
    indicator *ind = &r->ind;

    r->id = db_column_int(stmt, 0);
    r->parent = db_column_is_null(stmt, 1) ? 0 : db_column_int(stmt, 1);
    ind->id = r->id;
    ind->code = col_text(a, stmt, 2);
    ind->name = col_text(a, stmt, 3);
    indicator_group_from_code(db_column_text(stmt, 4), &ind->group);
    ind->unit = col_text(a, stmt, 5);
    frequency_from_code(db_column_text(stmt, 6), &ind->freq);
    measure_from_code(db_column_text(stmt, 7), &ind->meas);
    ind->line = (int)db_column_int(stmt, 8);
    r->position = db_column_int(stmt, 17);
    ind->formula = col_text(a, stmt, 18);
    ind->has_assigned = !db_column_is_null(stmt, 19);
    ind->assigned = db_column_double(stmt, 19);
    aggregation_from_code(db_column_text(stmt, 20), &ind->agg);
    direction_from_code(db_column_text(stmt, 21), &ind->dir);
    if (ind->meas == MEASURE_LEVEL && db_column_int(stmt, 22))
        ind->meas = MEASURE_BUILDUP;
    if (db_column_is_null(stmt, 10))
        return;
    target *t = arena_alloc(a, sizeof *t);
    read_target(a, stmt, 9, t);
    ind->target = t;
}

/* A unit's share while the tree is read: (indicator id, the share). */
struct share_row {
    td_id id;
    unit_target ut;
};

static void share_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct share_row *r = rows_push(a, ctx);
    r->id = db_column_int(stmt, 0);
    r->ut.org_unit_code = col_text(a, stmt, 1);
    read_target(a, stmt, 2, &r->ut.target);
    json_t *items = db_column_is_null(stmt, 10) ? NULL : json_loads(db_column_text(stmt, 10), 0, NULL);
    if (json_is_array(items) && json_array_size(items)) {
        size_t n = json_array_size(items);
        r->ut.target.items = arena_calloc(a, n, sizeof *r->ut.target.items);
        for (size_t i = 0; i < n; i++)
            r->ut.target.items[i] = arena_strdup(a, json_string_value(json_array_get(items, i)));
        r->ut.target.n_items = n;
    }
    json_decref(items);
}

/* shares are sorted by indicator id, then unit code */
static void attach_shares(indicator *ind, const struct share_row *shares, size_t n, arena *a)
{
    size_t first = 0, hi = n, k;
    while (first < hi) {
        size_t mid = (first + hi) / 2;
        if (shares[mid].id < ind->id)
            first = mid + 1;
        else
            hi = mid;
    }
    for (k = first; k < n && shares[k].id == ind->id; k++)
        ;
    if (k == first)
        return;
    ind->unit_targets = arena_calloc(a, k - first, sizeof *ind->unit_targets);
    for (size_t i = first; i < k; i++)
        ind->unit_targets[i - first] = shares[i].ut;
    ind->n_unit_targets = k - first;
}

/* (indicator id, text) pairs for items and responsible units */
struct pair {
    td_id id;
    const char *text;
};

static void pair_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct pair *p = rows_push(a, ctx);
    p->id = db_column_int(stmt, 0);
    p->text = col_text(a, stmt, 1);
}

static int by_parent(const void *x, const void *y)
{
    const struct ind_row *a = x, *b = y;
    if (a->parent != b->parent)
        return a->parent < b->parent ? -1 : 1;
    return a->position < b->position ? -1 : a->position > b->position;
}

/* rows are sorted by parent (stable in position order); returns the run of children of id */
static void children_of(struct ind_row *rows, size_t n, td_id id, size_t *start, size_t *count)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rows[mid].parent < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    *start = lo;
    while (lo < n && rows[lo].parent == id)
        lo++;
    *count = lo - *start;
}

/* pairs are sorted by indicator id */
static void attach_pairs(indicator *ind, const struct pair *pairs, size_t n, bool items, arena *a)
{
    size_t first = 0, hi = n, k;
    while (first < hi) {
        size_t mid = (first + hi) / 2;
        if (pairs[mid].id < ind->id)
            first = mid + 1;
        else
            hi = mid;
    }
    for (k = first; k < n && pairs[k].id == ind->id; k++)
        ;
    if (k == first)
        return;
    const char **list = arena_calloc(a, k - first, sizeof *list);
    for (size_t i = first; i < k; i++)
        list[i - first] = pairs[i].text;
    if (items && ind->target) {
        ind->target->items = list;
        ind->target->n_items = k - first;
    } else if (!items) {
        ind->responsible = list;
        ind->n_responsible = k - first;
    }
}

static indicator *build_tree(arena *a, struct ind_row *rows, size_t n, td_id parent, size_t *count,
                             const struct rows *items, const struct rows *units, const struct rows *shares)
{
    size_t start, k;
    children_of(rows, n, parent, &start, &k);
    indicator *list = arena_calloc(a, k + 1, sizeof *list);
    for (size_t i = 0; i < k; i++) {
        list[i] = rows[start + i].ind;
        attach_pairs(&list[i], items->items, items->n, true, a);
        attach_pairs(&list[i], units->items, units->n, false, a);
        attach_shares(&list[i], shares->items, shares->n, a);
        list[i].children = build_tree(a, rows, n, rows[start + i].id, &list[i].n_children, items, units, shares);
    }
    *count = k;
    return list;
}

td_status store_plan_get(store *s, arena *a, td_id id, plan **out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    plan *p = arena_alloc(a, sizeof *p);
    struct rows themes = {.size = sizeof(plan_theme)}, deadlines = {.size = sizeof(plan_deadline)},
                movements = {.size = sizeof(movement)}, phases = {.size = sizeof(phase)},
                tasks = {.size = sizeof(task)}, recipients = {.size = sizeof(recipient)},
                inds = {.size = sizeof(struct ind_row)}, items = {.size = sizeof(struct pair)},
                units = {.size = sizeof(struct pair)}, shares = {.size = sizeof(struct share_row)};
    td_status st = q_prepare(s, &stmt, err, "SELECT " PLAN_COLUMNS "WHERE p.id = ?", "i", id);

    if (st)
        return st;
    st = db_step(stmt, &row, err);
    if (!st && !row)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có kế hoạch số %lld", (long long)id);
    if (!st)
        read_plan_header(a, stmt, p);
    q_done(s, stmt);
    if (st)
        return st;

    st = each_row(s, a, err, "SELECT level, year, text FROM plan_theme WHERE plan_id = ? ORDER BY position", id,
                  theme_row, &themes);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT d.kind, d.due_on, d.from_text, d.to_text, u.code, d.last_on_time, d.wording FROM plan_deadline d "
                      "LEFT JOIN org_unit u ON u.id = d.to_unit_id WHERE d.plan_id = ? ORDER BY d.due_on",
                      id, deadline_row, &deadlines);
    if (!st)
        st = each_row(s, a, err, "SELECT name, level, launched_by FROM movement WHERE plan_id = ? ORDER BY position",
                      id, movement_row, &movements);
    if (!st)
        st = each_row(s, a, err, "SELECT name, starts_on, ends_on FROM phase WHERE plan_id = ? ORDER BY position", id,
                      phase_row, &phases);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT t.text, u.code, t.due_on, t.duty, t.assignee FROM task t LEFT JOIN org_unit u ON u.id = t.lead_unit_id "
                      "WHERE t.plan_id = ? ORDER BY t.position",
                      id, task_row, &tasks);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT r.text, r.purpose, u.code, r.org_kind FROM recipient r "
                      "LEFT JOIN org_unit u ON u.id = r.org_unit_id WHERE r.plan_id = ? ORDER BY r.position",
                      id, recipient_row, &recipients);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT id, parent_id, code, name, grp, unit, frequency, measure, source_line, target_text, "
                      "target_op, target_value, target_high, target_unit, target_change, target_baseline_year, "
                      "target_tolerance, position, formula, assigned_value, aggregation, direction, builds_up "
                      "FROM indicator WHERE plan_id = ?",
                      id, indicator_row, &inds);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT ti.indicator_id, ti.text FROM target_item ti JOIN indicator i ON i.id = ti.indicator_id "
                      "WHERE i.plan_id = ? ORDER BY ti.indicator_id, ti.position",
                      id, pair_row, &items);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT iu.indicator_id, u.code FROM indicator_unit iu JOIN indicator i ON i.id = iu.indicator_id "
                      "JOIN org_unit u ON u.id = iu.org_unit_id WHERE i.plan_id = ? ORDER BY iu.indicator_id, u.code",
                      id, pair_row, &units);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT ut.indicator_id, u.code, ut.target_text, ut.target_op, ut.target_value, ut.target_high, "
                      "ut.target_unit, ut.target_change, ut.target_baseline_year, ut.target_tolerance, ut.target_items "
                      "FROM unit_target ut JOIN indicator i ON i.id = ut.indicator_id "
                      "JOIN org_unit u ON u.id = ut.org_unit_id WHERE i.plan_id = ? ORDER BY ut.indicator_id, u.code",
                      id, share_row, &shares);
    if (st)
        return st;

    p->themes = themes.items;
    p->n_themes = themes.n;
    p->deadlines = deadlines.items;
    p->n_deadlines = deadlines.n;
    p->movements = movements.items;
    p->n_movements = movements.n;
    p->phases = phases.items;
    p->n_phases = phases.n;
    p->tasks = tasks.items;
    p->n_tasks = tasks.n;
    p->recipients = recipients.items;
    p->n_recipients = recipients.n;
    struct ind_row *rows = inds.items;
    if (inds.n)
        qsort(rows, inds.n, sizeof *rows, by_parent);
    p->indicators = build_tree(a, rows, inds.n, 0, &p->n_indicators, &items, &units, &shares);
    *out = p;
    return TD_OK;
}

td_status store_indicator_assign(store *s, td_id plan_id, const char *code, const char *const *units, size_t n,
                                 td_error *err)
{
    td_id id = 0, commune_id = 0;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = q_exec(s, &id, err, "SELECT id FROM indicator WHERE plan_id = ? AND code = ?", "it", plan_id, code);
    if (!st && !id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" trong kế hoạch", code);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM indicator_unit WHERE indicator_id = ?", "i", id);
    for (size_t i = 0; !st && i < n; i++) {
        td_id uid = 0;
        st = unit_id(s, commune_id, units[i], &uid, err);
        if (!st)
            st = q_exec(s, NULL, err, "INSERT INTO indicator_unit (indicator_id, org_unit_id) VALUES (?, ?)", "ii",
                        id, uid);
    }
    return st;
}

td_status store_indicator_set_assigned(store *s, td_id plan_id, const char *code, bool has, double value,
                                       td_error *err)
{
    td_id id = 0, commune_id = 0;
    double before = 0;
    bool had = false;
    char bj[64], aj[64];
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = q_exec(s, &id, err, "SELECT id FROM indicator WHERE plan_id = ? AND code = ?", "it", plan_id, code);
    if (!st && !id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" trong kế hoạch", code);
    if (!st) {
        db_stmt *stmt = NULL;
        bool row = false;
        st = q_prepare(s, &stmt, err, "SELECT target_op, assigned_value FROM indicator WHERE id = ?", "i", id);
        if (!st)
            st = db_step(stmt, &row, err);
        if (!st && row) {
            const char *op = db_column_text(stmt, 0);
            if (!op || strcmp(op, "assigned") != 0)
                st = td_fail(err, TD_ERR_INPUT,
                             "chỉ tiêu %s không phải loại \"đạt so với chỉ tiêu được giao\"; mục tiêu của nó đã có số",
                             code);
            had = !db_column_is_null(stmt, 1);
            before = db_column_double(stmt, 1);
        }
        q_done(s, stmt);
    }
    if (!st)
        st = q_exec(s, NULL, err, "UPDATE indicator SET assigned_value = ? WHERE id = ?", "Di", (int)has, value, id);
    if (st)
        return st;
    snprintf(bj, sizeof bj, had ? "{\"assigned_value\": %.15g}" : "{\"assigned_value\": null}", before);
    snprintf(aj, sizeof aj, has ? "{\"assigned_value\": %.15g}" : "{\"assigned_value\": null}", value);
    return store_audit(s, commune_id, "assign", "indicator", id, bj, aj, err);
}

/* The audit record of a share: {"indicator", "org_unit", "target": {…}}. The caller frees. */
static char *share_json(const char *code, const char *unit, const target *t)
{
    json_t *o = json_pack("{s:s, s:s, s:o}", "indicator", code, "org_unit", unit, "target", target_to_json(t));
    char *out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    return out;
}

/* The share of unit on indicator code as the plan holds it now; *found false when none. */
static td_status share_get(store *s, arena *a, td_id plan_id, const char *code, const char *unit, td_id *id,
                           target *t, bool *found, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT ut.id, u.code, ut.target_text, ut.target_op, ut.target_value, ut.target_high, "
                             "ut.target_unit, ut.target_change, ut.target_baseline_year, ut.target_tolerance, "
                             "ut.target_items FROM unit_target ut JOIN indicator i ON i.id = ut.indicator_id "
                             "JOIN org_unit u ON u.id = ut.org_unit_id WHERE i.plan_id = ? AND i.code = ? AND u.code = ?",
                             "itt", plan_id, code, unit);
    if (!st)
        st = db_step(stmt, &row, err);
    *found = !st && row;
    if (*found) {
        struct rows one = {.size = sizeof(struct share_row)};
        share_row(a, stmt, &one);
        struct share_row *r = one.items;
        *id = r->id;
        *t = r->ut.target;
    }
    q_done(s, stmt);
    return st;
}

td_status store_unit_target_put(store *s, td_id plan_id, const char *code, const char *unit, const target *t,
                                bool is_demo, td_error *err)
{
    arena *a = arena_new();
    td_id commune_id = 0, ind_id = 0, uid = 0, id = 0;
    target before = {0};
    bool had = false;
    char *bj = NULL, *aj = NULL;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);

    if (!st)
        st = q_exec(s, &ind_id, err, "SELECT id FROM indicator WHERE plan_id = ? AND code = ?", "it", plan_id, code);
    if (!st && !ind_id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" trong kế hoạch", code);
    if (!st)
        st = unit_id(s, commune_id, unit, &uid, err);
    if (!st)
        st = share_get(s, a, plan_id, code, unit, &id, &before, &had, err);
    if (!st)
        st = write_unit_target(s, ind_id, uid, t, is_demo, &id, err);
    if (!st) {
        bj = had ? share_json(code, unit, &before) : NULL;
        aj = share_json(code, unit, t);
        st = store_audit(s, commune_id, "unit_target.set", "unit_target", id, bj, aj, err);
    }
    free(bj);
    free(aj);
    arena_free(a);
    return st;
}

td_status store_unit_target_delete(store *s, td_id plan_id, const char *code, const char *unit, td_error *err)
{
    arena *a = arena_new();
    td_id commune_id = 0, id = 0;
    target before = {0};
    bool had = false;
    char *bj = NULL;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);

    if (!st)
        st = share_get(s, a, plan_id, code, unit, &id, &before, &had, err);
    if (!st && !had)
        st = td_fail(err, TD_ERR_NOTFOUND, "chỉ tiêu \"%s\" chưa giao cho đơn vị \"%s\"", code, unit);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM unit_target WHERE id = ?", "i", id);
    if (!st) {
        bj = share_json(code, unit, &before);
        st = store_audit(s, commune_id, "unit_target.clear", "unit_target", id, bj, NULL, err);
    }
    free(bj);
    arena_free(a);
    return st;
}

/* ---- data values ----------------------------------------------------------------------- */

#define VALUE_COLUMNS                                                                                        \
    "v.id, i.code, u.code, v.period, v.value, v.text, v.note, v.status, v.version, v.updated_by, "            \
    "v.updated_at, v.review_comment, v.is_demo, v.denominator, v.submitted_at, v.evidence "                  \
    "FROM data_value v JOIN indicator i ON i.id = v.indicator_id JOIN org_unit u ON u.id = v.org_unit_id "

static void read_value(arena *a, db_stmt *stmt, td_id plan_id, data_value *v)
{
    v->id = db_column_int(stmt, 0);
    v->plan_id = plan_id;
    v->indicator_code = col_text(a, stmt, 1);
    v->org_unit_code = col_text(a, stmt, 2);
    snprintf(v->period, sizeof v->period, "%s", db_column_text(stmt, 3));
    v->has_value = !db_column_is_null(stmt, 4);
    v->value = db_column_double(stmt, 4);
    v->text = col_text(a, stmt, 5);
    v->note = col_text(a, stmt, 6);
    value_status_from_code(db_column_text(stmt, 7), &v->status);
    v->version = (int)db_column_int(stmt, 8);
    v->updated_by = col_text(a, stmt, 9);
    v->updated_at = col_text(a, stmt, 10);
    v->review_comment = col_text(a, stmt, 11);
    v->is_demo = db_column_int(stmt, 12) != 0;
    v->has_denominator = !db_column_is_null(stmt, 13);
    v->denominator = db_column_double(stmt, 13);
    v->submitted_at = col_text(a, stmt, 14);
    v->evidence = col_text(a, stmt, 15);
}

static char *value_json(const data_value *v)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:i, s:o}", "indicator", v->indicator_code,
                          "org_unit", v->org_unit_code, "period", v->period, "value",
                          v->has_value ? json_real(v->value) : json_null(), "denominator",
                          v->has_denominator ? json_real(v->denominator) : json_null(), "text",
                          v->text ? json_string(v->text) : json_null(), "note",
                          v->note ? json_string(v->note) : json_null(), "evidence",
                          v->evidence ? json_string(v->evidence) : json_null(), "status", value_status_code(v->status),
                          "version", v->version, "review_comment",
                          v->review_comment ? json_string(v->review_comment) : json_null());
    char *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return out;
}

/* The code of status when expect allows it, NULL (which IN never matches) otherwise. */
static const char *status_if(const value_expect *e, value_status st)
{
    return e && (e->statuses & (1u << st)) ? value_status_code(st) : NULL;
}

/* The refusal of a write whose figure changed since it was checked. */
static td_status value_changed(td_error *err, const data_value *v)
{
    return td_fail(err, TD_ERR_CONFLICT,
                   "số liệu chỉ tiêu %s, kỳ %s vừa được người khác thay đổi nên không lưu được; hãy tải lại rồi làm lại",
                   v->indicator_code, v->period);
}

static bool value_as_expected(const value_expect *e, bool existed, const data_value *before)
{
    if (!e)
        return true;
    if (!existed)
        return e->version == 0;
    return before->version == e->version && (e->statuses & (1u << before->status));
}

static td_status value_write(store *s, td_id plan_id, const data_value *v, bool is_demo, const value_expect *expect,
                             td_error *err)
{
    arena *a = arena_new();
    db_stmt *stmt = NULL;
    data_value before = {0}, after = *v;
    bool row = false, existed = false;
    char now[32], *bj = NULL, *aj = NULL;
    td_id commune_id = 0, id = 0;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);

    if (st)
        goto done;
    /* the unit by (commune, code), its unique key: by code alone SQLite walks every figure of
     * the indicator, and a large import becomes quadratic */
    st = q_prepare(s, &stmt, err,
                   "SELECT " VALUE_COLUMNS "WHERE i.plan_id = ? AND i.code = ? AND u.commune_id = ? AND u.code = ? "
                   "AND v.period = ?",
                   "itItt", plan_id, v->indicator_code, commune_id, v->org_unit_code, v->period);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row) {
        read_value(a, stmt, plan_id, &before);
        existed = true;
    }
    q_done(s, stmt);
    stmt = NULL;
    if (st)
        goto done;
    if (!value_as_expected(expect, existed, &before)) {
        st = value_changed(err, v);
        goto done;
    }

    now_iso(now);
    st = q_exec(s, &id, err,
                "INSERT INTO data_value (indicator_id, org_unit_id, period, value, denominator, text, note, evidence, "
                "status, version, updated_by, updated_at, submitted_at, is_demo) "
                "SELECT i.id, u.id, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, CASE WHEN ? <> 'draft' THEN ? END, ? "
                "FROM indicator i JOIN plan p ON p.id = i.plan_id JOIN org_unit u ON u.commune_id = p.commune_id "
                "WHERE i.plan_id = ? AND i.code = ? AND u.code = ? "
                "ON CONFLICT (indicator_id, org_unit_id, period) DO UPDATE SET value = excluded.value, "
                "denominator = excluded.denominator, text = excluded.text, note = excluded.note, "
                "evidence = excluded.evidence, status = excluded.status, "
                "version = data_value.version + 1, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at, submitted_at = excluded.submitted_at "
                /* the row is still the one checked (a write of its own that only a lock-free
                 * backend could interleave is refused, not overwritten) */
                "WHERE ? = 0 OR (data_value.version = ? AND data_value.status IN (?, ?, ?, ?)) RETURNING id",
                "tDDttttttttbitt" "iitttt", v->period, (int)v->has_value, v->value, (int)v->has_denominator,
                v->denominator, v->text, v->note, v->evidence,
                value_status_code(v->status), s->actor, now, value_status_code(v->status), now, (int)is_demo,
                plan_id, v->indicator_code, v->org_unit_code, (int64_t)(expect != NULL),
                (int64_t)(expect ? expect->version : 0), status_if(expect, VALUE_DRAFT),
                status_if(expect, VALUE_SUBMITTED), status_if(expect, VALUE_APPROVED),
                status_if(expect, VALUE_RETURNED));
    if (!st && !id && expect && (existed || expect->version))
        st = value_changed(err, v);
    else if (!st && !id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" hoặc đơn vị \"%s\"", v->indicator_code,
                     v->org_unit_code);
    if (st)
        goto done;
    after.version = existed ? before.version + 1 : 1;
    bj = existed ? value_json(&before) : NULL;
    aj = value_json(&after);
    st = store_audit(s, commune_id, existed ? "update" : "create", "data_value", id, bj, aj, err);
done:
    free(bj);
    free(aj);
    arena_free(a);
    return st;
}

td_status store_value_put(store *s, td_id plan_id, const data_value *v, bool is_demo, td_error *err)
{
    return value_write(s, plan_id, v, is_demo, NULL, err);
}

td_status store_value_put_if(store *s, td_id plan_id, const data_value *v, const value_expect *expect, td_error *err)
{
    return value_write(s, plan_id, v, false, expect, err);
}

td_status store_values_list(store *s, arena *a, const value_filter *f, data_value **out, size_t *n, td_error *err)
{
    db_stmt *stmt = NULL;
    struct rows list = {.size = sizeof(data_value)};
    bool row = true;
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT " VALUE_COLUMNS "WHERE i.plan_id = ? AND (? IS NULL OR u.code = ?) "
                             "AND (? IS NULL OR i.code = ?) AND (? IS NULL OR v.period = ?) "
                             "ORDER BY i.id, u.code, v.period",
                             "ittttt" "t", f->plan_id, f->org_unit, f->org_unit, f->indicator, f->indicator,
                             f->period, f->period);
    while (!st) {
        st = db_step(stmt, &row, err);
        if (st || !row)
            break;
        read_value(a, stmt, f->plan_id, rows_push(a, &list));
    }
    q_done(s, stmt);
    if (st)
        return st;
    *out = list.items;
    *n = list.n;
    return TD_OK;
}

/* ---- audit trail ----------------------------------------------------------------------- */

/* What q= of the audit trail searches: the entry's words folded without diacritics. */
static const char *audit_search_key(arena *a, const char *actor, const char *action, const char *entity,
                                    const char *before, const char *after)
{
    const char *key = vtext_fold(a, arena_printf(a, "%s %s %s %s %s", actor ? actor : "", action ? action : "",
                                                 entity ? entity : "", before ? before : "", after ? after : ""));
    return key ? key : "";
}

td_status store_audit(store *s, td_id commune_id, const char *action, const char *entity, td_id entity_id,
                      const char *before, const char *after, td_error *err)
{
    char now[32];
    arena *a = arena_new();
    now_iso(now);
    td_status st = q_exec(s, NULL, err,
                          "INSERT INTO audit_log (commune_id, at, actor, action, entity, entity_id, before_json, "
                          "after_json, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          "IttttIttt", commune_id, now, s->actor, action, entity, entity_id, before, after,
                          audit_search_key(a, s->actor, action, entity, before, after));
    arena_free(a);
    return st;
}

td_status store_audit_count(store *s, long *n, td_error *err)
{
    td_id count = 0;
    td_status st = q_exec(s, &count, err, "SELECT COUNT(*) FROM audit_log", "");
    *n = (long)count;
    return st;
}

/* ---- accounts ---------------------------------------------------------------------------- */

#define USER_COLUMNS                                                                                         \
    "u.id, u.username, u.display_name, u.role, o.code, u.person_id, u.disabled, u.password_hash, o.name, "   \
    "u.commune_id "                                                                                          \
    "FROM app_user u LEFT JOIN org_unit o ON o.id = u.org_unit_id "

static void user_row(arena *a, db_stmt *stmt, void *ctx)
{
    user *u = rows_push(a, ctx);
    u->id = db_column_int(stmt, 0);
    u->username = col_text(a, stmt, 1);
    u->display_name = col_text(a, stmt, 2);
    user_role_from_code(db_column_text(stmt, 3), &u->role);
    u->org_unit_code = col_text(a, stmt, 4);
    u->person_id = db_column_is_null(stmt, 5) ? 0 : db_column_int(stmt, 5);
    u->disabled = db_column_int(stmt, 6) != 0;
    u->password_hash = col_text(a, stmt, 7);
    u->org_unit_name = col_text(a, stmt, 8);
    u->commune_id = db_column_int(stmt, 9);
}

td_status store_user_insert(store *s, const user *u, const char *password_hash, td_id *id, td_error *err)
{
    td_id commune_id = 0, unit = 0;
    char now[32];
    td_status st = u->commune_id ? q_exec(s, &commune_id, err, "SELECT id FROM commune WHERE id = ?", "i", u->commune_id)
                                 : q_exec(s, &commune_id, err, "SELECT id FROM commune ORDER BY id LIMIT 1", "");
    if (!st && !commune_id)
        st = td_fail(err, TD_ERR_NOTFOUND, "chưa có xã nào trong cơ sở dữ liệu; hãy nạp một kế hoạch trước");
    if (!st && u->org_unit_code)
        st = unit_id(s, commune_id, u->org_unit_code, &unit, err);
    if (!st && u->role == ROLE_REPORTER && !unit)
        st = td_fail(err, TD_ERR_INPUT, "người báo cáo (reporter) phải thuộc đúng một đơn vị: cần --unit MÃ");
    now_iso(now);
    if (!st)
        st = q_exec(s, id, err,
                    "INSERT INTO app_user (commune_id, username, display_name, password_hash, role, org_unit_id, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    "ittttIt", commune_id, u->username, u->display_name ? u->display_name : u->username,
                    password_hash, user_role_code(u->role), unit, now);
    if (st == TD_ERR_CONFLICT)
        td_fail(err, TD_ERR_CONFLICT, "tên đăng nhập \"%s\" đã có", u->username);
    if (!st) {
        /* the audit keeps who and what role, never the password hash */
        json_t *o = json_pack("{s:s, s:s, s:s?}", "username", u->username, "role", user_role_code(u->role),
                              "org_unit", u->org_unit_code);
        char *after = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        st = store_audit(s, commune_id, "create", "app_user", *id, NULL, after, err);
        free(after);
    }
    return st;
}

td_status store_users_list(store *s, arena *a, user **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(user)};
    td_status st = each_row(s, a, err, "SELECT " USER_COLUMNS "ORDER BY u.username", 0, user_row, &list);
    *out = list.items;
    *n = list.n;
    return st;
}

/* One user by a condition on one value: the text value, or the id when value is NULL;
 * TD_ERR_NOTFOUND when none. */
static td_status user_where(store *s, arena *a, const char *where, const char *value, td_id id, user *out,
                            td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    struct rows list = {.size = sizeof(user)};
    td_status st = value ? q_prepare(s, &stmt, err, where, "t", value) : q_prepare(s, &stmt, err, where, "i", id);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row)
        user_row(a, stmt, &list);
    q_done(s, stmt);
    if (!st && !row)
        return TD_ERR_NOTFOUND;
    if (!st)
        *out = *(user *)list.items;
    return st;
}

td_status store_user_by_name(store *s, arena *a, const char *username, user *out, td_error *err)
{
    return user_where(s, a, "SELECT " USER_COLUMNS "WHERE u.username = ?", username, 0, out, err);
}

td_status store_token_insert(store *s, td_id user_id, const char *name, const char *token_hash, td_error *err)
{
    char now[32];
    td_id id = 0;
    now_iso(now);
    td_status st = q_exec(s, &id, err,
                          "INSERT INTO api_token (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                          "ittt", user_id, name, token_hash, now);
    if (!st)
        st = store_audit(s, 0, "create", "api_token", id, NULL, NULL, err);
    return st;
}

td_status store_user_by_token(store *s, arena *a, const char *token_hash, user *out, td_error *err)
{
    return user_where(s, a,
                      "SELECT " USER_COLUMNS "JOIN api_token t ON t.user_id = u.id "
                      "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0",
                      token_hash, 0, out, err);
}

td_status store_session_insert(store *s, const char *token_hash, td_id user_id, const char *csrf, int seconds,
                               td_error *err)
{
    char now[32];
    now_iso(now);
    return q_exec(s, NULL, err,
                  "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) "
                  "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+' || ? || ' seconds'))",
                  "titti", token_hash, user_id, csrf, now, (int64_t)seconds);
}

static td_status session_csrf(store *s, arena *a, const char *token_hash, const char **csrf, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = q_prepare(s, &stmt, err, "SELECT csrf_token FROM session WHERE token_hash = ?", "t", token_hash);
    if (!st)
        st = db_step(stmt, &row, err);
    *csrf = !st && row ? col_text(a, stmt, 0) : NULL;
    q_done(s, stmt);
    return st;
}

td_status store_user_by_session(store *s, arena *a, const char *token_hash, user *out, const char **csrf,
                                td_error *err)
{
    td_status st = user_where(s, a,
                              "SELECT " USER_COLUMNS "JOIN session x ON x.user_id = u.id WHERE x.token_hash = ? "
                              "AND x.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AND u.disabled = 0",
                              token_hash, 0, out, err);
    if (!st)
        st = session_csrf(s, a, token_hash, csrf, err);
    return st;
}

td_status store_session_delete(store *s, const char *token_hash, td_error *err)
{
    return q_exec(s, NULL, err, "DELETE FROM session WHERE token_hash = ?", "t", token_hash);
}

td_status store_login_failure(store *s, const char *key, td_error *err)
{
    char now[32];
    now_iso(now);
    return q_exec(s, NULL, err, "INSERT INTO login_failure (key, at) VALUES (?, ?)", "tt", key, now);
}

td_status store_login_failures(store *s, const char *key, int seconds, long *count, td_error *err)
{
    td_id n = 0;
    td_status st = q_exec(s, NULL, err,
                          "DELETE FROM login_failure WHERE at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day')", "");
    if (!st)
        st = q_exec(s, &n, err,
                    "SELECT COUNT(*) FROM login_failure WHERE key = ? AND "
                    "at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || ? || ' seconds')",
                    "ti", key, (int64_t)seconds);
    *count = (long)n;
    return st;
}

/* ---- the reporting workflow ---------------------------------------------------------------- */

td_status store_value_get(store *s, arena *a, td_id plan_id, const char *code, const char *unit,
                          const char *period, data_value *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT " VALUE_COLUMNS "WHERE i.plan_id = ? AND i.code = ? "
                             "AND u.commune_id = (SELECT commune_id FROM plan WHERE id = ?) AND u.code = ? AND v.period = ?",
                             "ititt", plan_id, code, plan_id, unit, period);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row)
        read_value(a, stmt, plan_id, out);
    q_done(s, stmt);
    return st ? st : row ? TD_OK : TD_ERR_NOTFOUND;
}

td_status store_value_set_status(store *s, td_id plan_id, const data_value *v, value_status to, const char *comment,
                                 td_error *err)
{
    td_id commune_id = 0, moved = 0;
    char now[32];
    data_value after = *v;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    now_iso(now);
    if (!st)
        st = q_exec(s, &moved, err,
                    "UPDATE data_value SET status = ?, version = version + 1, review_comment = ?, "
                    "submitted_at = CASE WHEN ? = 'submitted' THEN ? ELSE submitted_at END, "
                    "reviewed_by = CASE WHEN ? IN ('approved','returned') THEN ? ELSE reviewed_by END, "
                    "reviewed_at = CASE WHEN ? IN ('approved','returned') THEN ? ELSE reviewed_at END "
                    /* only from the state it was checked in: a figure another reviewer moved
                     * meanwhile is refused, never moved twice */
                    "WHERE id = ? AND version = ? AND status = ? RETURNING id",
                    "ttttttttiit", value_status_code(to), comment, value_status_code(to), now, value_status_code(to),
                    s->actor, value_status_code(to), now, v->id, (int64_t)v->version, value_status_code(v->status));
    if (!st && !moved)
        st = value_changed(err, v);
    if (st)
        return st;
    after.status = to;
    after.version = v->version + 1;
    after.review_comment = comment; /* the officer's words are part of the record */
    char *bj = value_json(v), *aj = value_json(&after);
    const char *action = to == VALUE_SUBMITTED ? "submit" : to == VALUE_APPROVED ? "approve"
                         : to == VALUE_RETURNED ? "return" : "reopen";
    st = store_audit(s, commune_id, action, "data_value", v->id, bj, aj, err);
    free(bj);
    free(aj);
    return st;
}

/* ---- reading the audit trail ------------------------------------------------------------- */

static void audit_row(arena *a, db_stmt *stmt, void *ctx)
{
    audit_entry *e = rows_push(a, ctx);
    e->id = db_column_int(stmt, 0);
    e->at = col_text(a, stmt, 1);
    e->actor = col_text(a, stmt, 2);
    e->action = col_text(a, stmt, 3);
    e->entity = col_text(a, stmt, 4);
    e->entity_id = db_column_is_null(stmt, 5) ? 0 : db_column_int(stmt, 5);
    e->before_json = col_text(a, stmt, 6);
    e->after_json = col_text(a, stmt, 7);
}

/* The conditions of an audit_filter, each skipped when its parameter is NULL. */
/* from and to are days in Vietnam (UTC+7, core/deadline.h): an entry at 18:00 UTC is on the
 * next day there */
#define AUDIT_WHERE                                                                                          \
    "WHERE (? IS NULL OR entity = ?) AND (? IS NULL OR actor = ?) AND (? IS NULL OR action = ?) "            \
    "AND (? IS NULL OR date(at, '+7 hours') >= ?) AND (? IS NULL OR date(at, '+7 hours') <= ?) "             \
    "AND (? IS NULL OR search LIKE ? ESCAPE '\\') AND (? = 0 OR commune_id = ?) "

/* "%words%" for LIKE, with LIKE's own characters escaped; NULL when nothing is searched. */
static const char *like_pattern(arena *a, const char *q)
{
    const char *f = q ? vtext_fold(a, q) : NULL;
    if (!f || !*f)
        return NULL;
    char *out = arena_alloc(a, strlen(f) * 2 + 3), *w = out;
    *w++ = '%';
    for (const char *p = f; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            *w++ = '\\';
        *w++ = *p;
    }
    *w++ = '%';
    *w = '\0';
    return out;
}

td_status store_audit_list(store *s, arena *a, const audit_filter *f, long limit, long offset, audit_entry **out,
                           size_t *n, long *total, td_error *err)
{
    struct rows list = {.size = sizeof(audit_entry)};
    db_stmt *stmt = NULL;
    bool row = true;
    td_id count = 0;
    const char *like = like_pattern(a, f->q);
    td_status st = q_exec(s, &count, err, "SELECT COUNT(*) FROM audit_log " AUDIT_WHERE, "tttttttttttt" "ii",
                          f->entity, f->entity, f->actor, f->actor, f->action, f->action, f->from, f->from, f->to,
                          f->to, like, like, f->commune_id, f->commune_id);
    if (!st)
        st = q_prepare(s, &stmt, err,
                       "SELECT id, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log "
                       AUDIT_WHERE "ORDER BY id DESC LIMIT ? OFFSET ?",
                       "tttttttttttt" "iiii", f->entity, f->entity, f->actor, f->actor, f->action, f->action,
                       f->from, f->from, f->to, f->to, like, like, f->commune_id, f->commune_id, (int64_t)limit,
                       (int64_t)offset);
    while (!st) {
        st = db_step(stmt, &row, err);
        if (st || !row)
            break;
        audit_row(a, stmt, &list);
    }
    q_done(s, stmt);
    *out = list.items;
    *n = list.n;
    *total = (long)count;
    return st;
}

static void action_row(arena *a, db_stmt *stmt, void *ctx)
{
    audit_action_count *c = rows_push(a, ctx);
    c->action = col_text(a, stmt, 0);
    c->entity = col_text(a, stmt, 1);
    c->count = (long)db_column_int(stmt, 2);
}

td_status store_audit_actions(store *s, arena *a, td_id commune_id, audit_action_count **out, size_t *n,
                              td_error *err)
{
    struct rows list = {.size = sizeof(audit_action_count)};
    td_status st = each_row(s, a, err,
                            commune_id ? "SELECT action, entity, COUNT(*) FROM audit_log WHERE commune_id = ? "
                                         "GROUP BY action, entity ORDER BY action, entity"
                                       : "SELECT action, entity, COUNT(*) FROM audit_log GROUP BY action, entity "
                                         "ORDER BY action, entity",
                            commune_id, action_row, &list);
    *out = list.items;
    *n = list.n;
    return st;
}

static td_status audit_backfill(store *s, td_error *err)
{
    arena *a = arena_new();
    struct rows list = {.size = sizeof(audit_entry)};
    td_status st = each_row(s, a, err,
                            "SELECT id, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log "
                            "WHERE search IS NULL",
                            0, audit_row, &list);
    if (st || !list.n)
        goto done;
    st = store_begin(s, err);
    for (size_t i = 0; !st && i < list.n; i++) {
        const audit_entry *e = (const audit_entry *)list.items + i;
        /* "AND search IS NULL": another connection may have filled it in meanwhile */
        st = q_exec(s, NULL, err, "UPDATE audit_log SET search = ? WHERE id = ? AND search IS NULL", "ti",
                    audit_search_key(a, e->actor, e->action, e->entity, e->before_json, e->after_json), e->id);
    }
    st = store_finish(s, st, err);
done:
    arena_free(a);
    return st;
}

static void commune_row(arena *a, db_stmt *stmt, void *ctx)
{
    commune *c = rows_push(a, ctx);
    c->id = db_column_int(stmt, 0);
    c->code = col_text(a, stmt, 1);
    c->name = col_text(a, stmt, 2);
    c->city = col_text(a, stmt, 3);
}

td_status store_communes_list(store *s, arena *a, commune **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(commune)};
    td_status st = each_row(s, a, err, "SELECT id, code, name, city FROM commune ORDER BY code", 0, commune_row, &list);
    *out = list.items;
    *n = list.n;
    return st;
}

/* ---- account changes ------------------------------------------------------------------------ */

td_status store_user_by_id(store *s, arena *a, td_id id, user *out, td_error *err)
{
    return user_where(s, a, "SELECT " USER_COLUMNS "WHERE u.id = ?", NULL, id, out, err);
}

td_status store_user_commune(store *s, td_id id, td_id *commune_id, td_error *err)
{
    td_status st = q_exec(s, commune_id, err, "SELECT commune_id FROM app_user WHERE id = ?", "i", id);
    if (!st && !*commune_id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có tài khoản số %lld", (long long)id);
    return st;
}

/* What the audit trail keeps of an account: never its password or hash. */
static char *user_audit_json(const user *u)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:b}", "username", u->username, "display_name", u->display_name,
                          "role", user_role_code(u->role), "org_unit", u->org_unit_code, "disabled", u->disabled);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

td_status store_user_update(store *s, const user *before, const user *after, const char *action, td_error *err)
{
    td_id commune_id = 0, unit = 0;
    char *bj = NULL, *aj = NULL;
    td_status st = store_user_commune(s, after->id, &commune_id, err);
    if (!st && after->org_unit_code)
        st = unit_id(s, commune_id, after->org_unit_code, &unit, err);
    if (!st && after->role == ROLE_REPORTER && !unit)
        st = td_fail(err, TD_ERR_INPUT, "người báo cáo phải thuộc đúng một đơn vị: hãy chọn đơn vị");
    if (!st)
        st = q_exec(s, NULL, err,
                    "UPDATE app_user SET display_name = ?, role = ?, org_unit_id = ?, disabled = ? WHERE id = ?",
                    "ttIbi", after->display_name, user_role_code(after->role), unit, (int)after->disabled, after->id);
    if (!st) {
        bj = user_audit_json(before);
        aj = user_audit_json(after);
        st = store_audit(s, commune_id, action, "app_user", after->id, bj, aj, err);
    }
    free(bj);
    free(aj);
    return st;
}

td_status store_user_set_password(store *s, td_id id, const char *password_hash, const char *action,
                                  td_error *err)
{
    td_id commune_id = 0;
    td_status st = store_user_commune(s, id, &commune_id, err);
    if (!st)
        st = q_exec(s, NULL, err, "UPDATE app_user SET password_hash = ? WHERE id = ?", "ti", password_hash, id);
    if (!st)
        st = store_audit(s, commune_id, action, "app_user", id, NULL, NULL, err);
    return st;
}

td_status store_user_sessions_end(store *s, td_id id, const char *keep, bool revoke_tokens, td_error *err)
{
    char now[32];
    td_status st = q_exec(s, NULL, err, "DELETE FROM session WHERE user_id = ? AND (? IS NULL OR token_hash <> ?)",
                          "itt", id, keep, keep);
    now_iso(now);
    if (!st && revoke_tokens)
        st = q_exec(s, NULL, err, "UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", "ti",
                    now, id);
    return st;
}

/* ---- evidence files ------------------------------------------------------------------------- */

#define EVIDENCE_COLUMNS                                                                                     \
    "f.id, i.plan_id, p.commune_id, i.code, u.code, f.period, f.name, f.content_type, f.sha256, f.size, "    \
    "f.uploaded_by, f.uploaded_at "
#define EVIDENCE_FROM                                                                                        \
    "FROM evidence_file f JOIN indicator i ON i.id = f.indicator_id JOIN plan p ON p.id = i.plan_id "         \
    "JOIN org_unit u ON u.id = f.org_unit_id "

static void evidence_row(arena *a, db_stmt *stmt, void *ctx)
{
    evidence_file *f = rows_push(a, ctx);
    f->id = db_column_int(stmt, 0);
    f->plan_id = db_column_int(stmt, 1);
    f->commune_id = db_column_int(stmt, 2);
    f->indicator_code = col_text(a, stmt, 3);
    f->org_unit_code = col_text(a, stmt, 4);
    snprintf(f->period, sizeof f->period, "%s", db_column_text(stmt, 5));
    f->name = col_text(a, stmt, 6);
    f->content_type = col_text(a, stmt, 7);
    f->sha256 = col_text(a, stmt, 8);
    f->size = (size_t)db_column_int(stmt, 9);
    f->uploaded_by = col_text(a, stmt, 10);
    f->uploaded_at = col_text(a, stmt, 11);
}

/* What the audit trail keeps of a file: the figure it proves and the file's identity, not its bytes. */
static char *evidence_audit_json(const evidence_file *f)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "indicator", f->indicator_code, "org_unit",
                          f->org_unit_code, "period", f->period, "name", f->name, "content_type", f->content_type,
                          "size", (json_int_t)f->size, "sha256", f->sha256);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

td_status store_evidence_insert(store *s, arena *a, evidence_file *f, td_error *err)
{
    td_id commune_id = 0, ind = 0, unit = 0;
    char now[32];
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = store_plan_commune(s, f->plan_id, &commune_id, err);
    if (!st)
        st = q_exec(s, &ind, err, "SELECT id FROM indicator WHERE plan_id = ? AND code = ?", "it", f->plan_id,
                    f->indicator_code);
    if (!st && !ind)
        st = td_fail(err, TD_ERR_NOTFOUND, "kế hoạch không có chỉ tiêu \"%s\"", f->indicator_code);
    if (!st)
        st = unit_id(s, commune_id, f->org_unit_code, &unit, err);
    if (st)
        return st;
    now_iso(now);
    /* not through the statement cache: the bytes are bound as a blob, once per upload */
    st = db_prepare(s->db,
                    "INSERT INTO evidence_file (indicator_id, org_unit_id, period, name, content_type, size, sha256, "
                    "bytes, uploaded_by, uploaded_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                    /* only to a figure that is there and not approved, as the service checked */
                    "WHERE EXISTS (SELECT 1 FROM data_value WHERE indicator_id = ? AND org_unit_id = ? "
                    "AND period = ? AND status <> 'approved') RETURNING id",
                    &stmt, err);
    if (st)
        return st;
    db_bind_int(stmt, 1, ind);
    db_bind_int(stmt, 2, unit);
    db_bind_text(stmt, 3, f->period);
    db_bind_text(stmt, 4, f->name);
    db_bind_text(stmt, 5, f->content_type);
    db_bind_int(stmt, 6, (int64_t)f->size);
    db_bind_text(stmt, 7, f->sha256);
    db_bind_blob(stmt, 8, f->bytes, f->size);
    db_bind_text(stmt, 9, s->actor);
    db_bind_text(stmt, 10, now);
    db_bind_int(stmt, 11, ind);
    db_bind_int(stmt, 12, unit);
    db_bind_text(stmt, 13, f->period);
    st = db_step(stmt, &row, err);
    f->id = !st && row ? db_column_int(stmt, 0) : 0;
    db_finalize(stmt);
    if (!st && !row)
        st = td_fail(err, TD_ERR_CONFLICT,
                     "số liệu chỉ tiêu %s, kỳ %s chưa có hoặc vừa được duyệt nên không đính kèm tệp được; hãy tải lại",
                     f->indicator_code, f->period);
    if (st)
        return st;
    f->uploaded_by = arena_strdup(a, s->actor);
    f->uploaded_at = arena_strdup(a, now);
    char *after = evidence_audit_json(f);
    st = store_audit(s, commune_id, "evidence.upload", "evidence_file", f->id, NULL, after, err);
    free(after);
    return st;
}

td_status store_evidence_delete(store *s, const evidence_file *f, td_error *err)
{
    td_id gone = 0;
    /* only while its figure is not approved, as the service checked; a file another request
     * removed meanwhile is not removed (nor audited) twice */
    td_status st = q_exec(s, &gone, err,
                          "DELETE FROM evidence_file WHERE id = ? AND NOT EXISTS (SELECT 1 FROM data_value v "
                          "WHERE v.indicator_id = evidence_file.indicator_id AND v.org_unit_id = evidence_file.org_unit_id "
                          "AND v.period = evidence_file.period AND v.status = 'approved') RETURNING id",
                          "i", f->id);
    if (!st && !gone)
        st = td_fail(err, TD_ERR_CONFLICT, "tệp \"%s\" vừa được gỡ hoặc số liệu của nó vừa được duyệt; hãy tải lại",
                     f->name);
    char *before = st ? NULL : evidence_audit_json(f);
    if (!st)
        st = store_audit(s, f->commune_id, "evidence.delete", "evidence_file", f->id, before, NULL, err);
    free(before);
    return st;
}

td_status store_evidence_list(store *s, arena *a, const value_filter *f, evidence_file **out, size_t *n,
                              td_error *err)
{
    db_stmt *stmt = NULL;
    struct rows list = {.size = sizeof(evidence_file)};
    bool row = true;
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT " EVIDENCE_COLUMNS EVIDENCE_FROM "WHERE i.plan_id = ? AND (? IS NULL OR u.code = ?) "
                             "AND (? IS NULL OR i.code = ?) AND (? IS NULL OR f.period = ?) "
                             "ORDER BY i.id, u.code, f.period, f.id",
                             "ittttt" "t", f->plan_id, f->org_unit, f->org_unit, f->indicator, f->indicator,
                             f->period, f->period);
    while (!st && !(st = db_step(stmt, &row, err)) && row)
        evidence_row(a, stmt, &list);
    q_done(s, stmt);
    *out = list.items;
    *n = list.n;
    return st;
}

td_status store_evidence_get(store *s, arena *a, td_id id, evidence_file *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    struct rows list = {.size = sizeof(evidence_file)};
    td_status st = db_prepare(s->db, "SELECT " EVIDENCE_COLUMNS ", f.bytes " EVIDENCE_FROM "WHERE f.id = ?", &stmt, err);
    if (st)
        return st;
    db_bind_int(stmt, 1, id);
    st = db_step(stmt, &row, err);
    if (!st && row) {
        evidence_row(a, stmt, &list);
        *out = *(evidence_file *)list.items;
        size_t n = 0;
        const void *bytes = db_column_blob(stmt, 12, &n);
        unsigned char *copy = arena_alloc(a, n ? n : 1);
        if (n)
            memcpy(copy, bytes, n);
        out->bytes = copy;
        out->size = n;
    }
    db_finalize(stmt);
    if (!st && !row)
        return TD_ERR_NOTFOUND;
    return st;
}
