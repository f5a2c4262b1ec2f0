/* migrate.c — versioned schema migrations; see migrate.h. */
#include "migrate.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char bookkeeping[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                  " version INTEGER PRIMARY KEY,"
                                  " name TEXT NOT NULL,"
                                  " applied_at TEXT NOT NULL)";

size_t migrate_from_embedded(const struct embedded_file *files, struct migration *out, size_t cap)
{
    size_t n = 0;
    for (const struct embedded_file *f = files; f->name; f++) {
        const char *s = f->name;
        if (n == cap || strlen(s) < 5 || s[4] != '_')
            return 0;
        int v = 0;
        for (int i = 0; i < 4; i++) {
            if (s[i] < '0' || s[i] > '9')
                return 0;
            v = v * 10 + (s[i] - '0');
        }
        /* numbers only rise; a gap is a number reserved by work not merged yet (helpers in
         * parallel take numbers in advance), and each database records what it applied */
        if (v <= (n ? out[n - 1].version : 0))
            return 0;
        out[n].version = v;
        out[n].name = s;
        out[n].sql = f->data;
        n++;
    }
    return n;
}

td_status migrate_current(db *d, int *version, td_error *err)
{
    db_stmt *s = NULL;
    bool row;
    td_status st = db_exec(d, bookkeeping, err);

    /* two processes creating the table at once on PostgreSQL: the second's IF NOT EXISTS can
     * still collide in the catalogue (a unique violation); the table is there then */
    if (st == TD_ERR_CONFLICT)
        st = db_exec(d, bookkeeping, err);
    if (st)
        return st;
    st = db_prepare(d, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &s, err);
    if (st)
        return st;
    st = db_step(s, &row, err);
    if (!st)
        *version = row ? (int)db_column_int(s, 0) : 0;
    db_finalize(s);
    return st;
}

/* Whether migration version is recorded as applied. */
static td_status applied(db *d, int version, bool *row, td_error *err)
{
    db_stmt *s = NULL;
    td_status st = db_prepare(d, "SELECT 1 FROM schema_migrations WHERE version = ?", &s, err);
    if (st)
        return st;
    db_bind_int(s, 1, version);
    st = db_step(s, row, err);
    db_finalize(s);
    return st;
}

/* A migration that rebuilds a table others refer to (SQLite cannot change a CHECK in place) says
 * so in a line "-- thidua: foreign keys off": SQLite's procedure for that turns foreign-key
 * enforcement off outside the transaction (dropping the old table would otherwise delete or
 * break the rows that refer to it) and checks every reference before committing. Other backends
 * change constraints in place and never need it. */
static bool rebuilds_tables(const db *d, const char *sql)
{
    return strcmp(db_backend(d), "sqlite") == 0 && strstr(sql, "-- thidua: foreign keys off");
}

/* Fails when a row refers to a row that is not there (after a rebuild, before the commit). */
static td_status foreign_keys_hold(db *d, td_error *err)
{
    db_stmt *s = NULL;
    bool row = false;
    td_status st = db_prepare(d, "PRAGMA foreign_key_check", &s, err);
    if (!st)
        st = db_step(s, &row, err);
    if (!st && row)
        st = td_fail(err, TD_ERR_DB, "bảng %s có dòng tham chiếu tới dòng không còn trong bảng %s",
                     db_column_text(s, 0), db_column_text(s, 2));
    db_finalize(s);
    return st;
}

td_status migrate_run(db *d, const struct migration *list, size_t n, int *from, int *to, td_error *err)
{
    int current = 0;
    int newest = n ? list[n - 1].version : 0;
    db_stmt *s = NULL;
    td_status st = migrate_current(d, &current, err);

    if (st)
        return st;
    if (from)
        *from = current;
    if (current > newest)
        return td_fail(err, TD_ERR_VERSION,
                       "cơ sở dữ liệu do một phiên bản thidua mới hơn tạo ra (lược đồ v%d, phiên bản này chỉ "
                       "biết đến v%d); không mở để tránh làm hỏng dữ liệu — hãy cập nhật thidua",
                       current, newest);
    for (size_t i = 0; i < n; i++) {
        char now[32];
        time_t t = time(NULL);
        bool row;

        /* one below the newest applied is still due when it filled a gap after the fact */
        if (list[i].version <= current) {
            st = applied(d, list[i].version, &row, err);
            if (st)
                return st;
            if (row)
                continue;
        }
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
        bool rebuild = rebuilds_tables(d, list[i].sql);
        if (rebuild && (st = db_exec(d, "PRAGMA foreign_keys=OFF", err)))
            return st;
        /* under the write lock, asked again: another process opening the same file (the server
         * and a CLI command) may have applied it since */
        st = db_begin_write(d, err);
        if (st)
            return st;
        st = applied(d, list[i].version, &row, err);
        if (st)
            goto fail;
        if (row) {
            db_rollback(d);
            if (rebuild && (st = db_exec(d, "PRAGMA foreign_keys=ON", err)))
                return st;
            if (list[i].version > current)
                current = list[i].version;
            continue;
        }
        st = db_exec_schema(d, list[i].sql, err);
        if (!st && rebuild)
            st = foreign_keys_hold(d, err);
        if (st) {
            td_error_prefix(err, "nâng cấp lược đồ lên v%d (%s)", list[i].version, list[i].name);
            goto fail;
        }
        st = db_prepare(d, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", &s, err);
        if (st)
            goto fail;
        db_bind_int(s, 1, list[i].version);
        db_bind_text(s, 2, list[i].name);
        db_bind_text(s, 3, now);
        st = db_step(s, &row, err);
        db_finalize(s);
        s = NULL;
        if (st)
            goto fail;
        st = db_commit(d, err);
        if (st)
            goto fail;
        if (rebuild && (st = db_exec(d, "PRAGMA foreign_keys=ON", err)))
            return st;
        if (list[i].version > current)
            current = list[i].version;
    }
    if (to)
        *to = current;
    return TD_OK;
fail:
    db_rollback(d);
    if (strcmp(db_backend(d), "sqlite") == 0)
        db_exec(d, "PRAGMA foreign_keys=ON", &(td_error){0}); /* on again whatever failed */
    return st;
}
