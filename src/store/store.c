/* store.c — the storage interface over a db.h connection; see store.h: opening (and
 * migrating), transactions, backup, and the query helpers of store_internal.h. The SQL of each
 * aggregate is in its own store_<aggregate>.c, written once and portable. Statements are prepared once
 * per connection and kept in a small cache keyed by the address of their SQL text (every
 * query is a string literal), so a bulk import does not re-parse SQL per row. Trees and
 * lists are read with one query per table, never one per row. */
#include "store.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "migrate.h"
#include "store_internal.h"
#include "store_memo.h"

extern const struct embedded_file store_migrations_sqlite[];

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
        char shown[512];
        td_error_prefix(err, "%s", db_url_shown(url, shown, sizeof shown));
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
    store_memo_free(s);
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
    iso_after(buf, 0);
}

void iso_after(char buf[32], long seconds)
{
    time_t t = time(NULL) + seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool vn_day_start(const char *day, int add_days, char buf[32])
{
    struct tm tm = {0};
    int y, m, d;
    char extra;
    if (!day || sscanf(day, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
        return false;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d + add_days;
    /* midnight in Vietnam is 17:00 UTC the day before */
    time_t t = timegm(&tm) - 7 * 3600;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return true;
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
    return each_row_with(s, a, err, fn, ctx, sql, id ? "i" : "", id);
}

td_status each_row_with(store *s, arena *a, td_error *err, row_fn fn, void *ctx, const char *sql, const char *types,
                        ...)
{
    db_stmt *stmt = NULL;
    bool row = true;
    va_list ap;
    va_start(ap, types);
    td_status st = q_vprepare(s, &stmt, err, sql, types, ap);
    va_end(ap);
    while (!st) {
        st = db_step(stmt, &row, err);
        if (st || !row)
            break;
        fn(a, stmt, ctx);
    }
    q_done(s, stmt);
    return st;
}
