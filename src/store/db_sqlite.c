/* db_sqlite.c — the SQLite backend of db.h: the embedded default store.
 *
 * Every connection runs in WAL mode (readers do not block the writer) with foreign keys on
 * and a busy timeout, so that the CLI and a running server can share one file.
 *
 * Statements are kept per connection once finalized, keyed by their SQL text, and handed out
 * again by the next prepare of the same text (reset, bindings cleared): SQLite's parse and
 * planning run once per connection instead of once per call, as db_pg.c keeps its server-side
 * prepared statements. A statement in use is never handed out twice; the same text prepared
 * while its kept one is in use gets a fresh one. At most SQ_KEPT are kept, the least recently
 * used one finalized first; all are finalized when the connection closes. */
#include "db.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/hash.h"

/* distinct idle statements kept per connection (the store's ~300 statements in all, of which a
 * request uses a few) */
#define SQ_KEPT 128

typedef struct sqlite_stmt sqlite_stmt;

typedef struct sqlite_db {
    struct db base;
    sqlite3 *conn;
    sqlite_stmt *kept[SQ_KEPT]; /* idle statements, reset, ready to be handed out */
    size_t n_kept;
    uint64_t tick;   /* counts hand-outs: the least recently used kept statement goes first */
    uint64_t writes; /* this connection's writes, scripts, rollbacks and restores (db_change_mark) */
} sqlite_db;

struct sqlite_stmt {
    struct db_stmt base;
    sqlite3_stmt *stmt;
    sqlite_db *owner;
    char *sql;     /* the text it was prepared from (its key among the kept ones) */
    uint64_t hash; /* of sql */
    uint64_t used; /* owner->tick when last handed out */
    bool writes;   /* not read-only: a step counts as a write of this connection */
};

static td_status fail(sqlite3 *conn, int rc, td_error *err, const char *what)
{
    /* the two failures a user can act on get their own status and words: another writer that
     * held the lock past the busy timeout (try again), and a full disk (nothing was written) */
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        return td_fail(err, TD_ERR_CONFLICT, "lỗi cơ sở dữ liệu khi %s: %s", what, sqlite3_errmsg(conn));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return td_fail(err, TD_ERR_BUSY, "cơ sở dữ liệu đang bận ghi cho người khác; hãy thử lại sau ít giây");
    case SQLITE_FULL:
        return td_fail(err, TD_ERR_FULL, "ổ đĩa của máy chủ đã đầy nên không ghi được; chưa có gì thay đổi. Hãy báo "
                                         "quản trị viên giải phóng dung lượng");
    default:
        return td_fail(err, TD_ERR_DB, "lỗi cơ sở dữ liệu khi %s: %s", what, sqlite3_errmsg(conn));
    }
}

static void stmt_free(sqlite_stmt *st)
{
    sqlite3_finalize(st->stmt);
    free(st->sql);
    free(st);
}

static void sq_close(db *d)
{
    sqlite_db *s = (sqlite_db *)d;
    for (size_t i = 0; i < s->n_kept; i++)
        stmt_free(s->kept[i]);
    sqlite3_close_v2(s->conn);
    free(s);
}

static td_status sq_exec(db *d, const char *sql, td_error *err)
{
    sqlite_db *s = (sqlite_db *)d;
    /* a script may write (DDL, COMMIT, ROLLBACK of what was counted): counted as one */
    s->writes++;
    int rc = sqlite3_exec(s->conn, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return fail(s->conn, rc, err, "thực thi lệnh SQL");
    return TD_OK;
}

/* The write lock first: a deferred BEGIN that reads and then writes fails at once with
 * SQLITE_BUSY_SNAPSHOT when another connection wrote meanwhile (the busy timeout does not apply
 * to that case), and lets two writers both act on what they read. */
static td_status sq_begin_write(db *d, td_error *err)
{
    return sq_exec(d, "BEGIN IMMEDIATE", err);
}

/* A deferred BEGIN: SQLite's snapshot is taken at the first read and kept (WAL). */
static td_status sq_begin(db *d, td_error *err)
{
    return sq_exec(d, "BEGIN", err);
}

static const char *const sq_schemes[] = {"sqlite:", NULL};

extern const struct db_ops db_sqlite_ops;

static td_status open_conn(const char *url, bool readonly, db **out, td_error *err)
{
    static const char setup[] = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
    sqlite_db *s = calloc(1, sizeof *s);
    int rc;

    if (!s)
        td_oom(sizeof *s);
    s->base.ops = &db_sqlite_ops;
    if (strncmp(url, "sqlite:", 7) == 0)
        url += 7;
    rc = sqlite3_open_v2(url, &s->conn,
                         (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                             SQLITE_OPEN_NOMUTEX,
                         NULL);
    if (rc != SQLITE_OK) {
        td_fail(err, TD_ERR_IO, "không mở được cơ sở dữ liệu %s: %s", url,
                s->conn ? sqlite3_errmsg(s->conn) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(s->conn, 5000);
    sqlite3_extended_result_codes(s->conn, 1);
    /* a file opened to be inspected (a backup) is left exactly as it is */
    rc = readonly ? SQLITE_OK : sqlite3_exec(s->conn, setup, NULL, NULL, NULL);
    /* turning a new file to WAL while another connection does the same can answer "locked"
       without waiting on the busy handler (SQLite will not wait where it could deadlock): wait
       here instead, as long as the busy timeout */
    for (int waited = 0; (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; waited += 10) {
        if (waited >= 5000)
            break;
        sqlite3_sleep(10);
        rc = sqlite3_exec(s->conn, setup, NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        /* e.g. a file that is not a database */
        td_fail(err, TD_ERR_IO, "không mở được cơ sở dữ liệu %s: %s", url, sqlite3_errmsg(s->conn));
        goto fail;
    }
    *out = &s->base;
    return TD_OK;
fail:
    sqlite3_close_v2(s->conn);
    free(s);
    return err ? err->status : TD_ERR_IO;
}

static td_status sq_open(const char *url, db **out, td_error *err)
{
    return open_conn(url, false, out, err);
}

static td_status sq_open_readonly(const char *url, db **out, td_error *err)
{
    return open_conn(url, true, out, err);
}

/* Copies every page of from into to with SQLite's online backup API. One step of -1 pages
 * reads the source in a single read transaction: the copy is the database at that moment,
 * and writers on other connections go on meanwhile (WAL lets them). */
static td_status copy_pages(sqlite3 *from, sqlite3 *to, sqlite3 *report, td_error *err, const char *what)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b)
        return fail(to, sqlite3_errcode(to), err, what);
    int rc;
    /* a writer holding the lock at the very moment: wait as a busy timeout would */
    for (int tries = 0; (rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED; tries++) {
        if (tries >= 100)
            break;
        sqlite3_sleep(50);
    }
    int end = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return fail(report, rc, err, what);
    if (end != SQLITE_OK)
        return fail(report, end, err, what);
    return TD_OK;
}

static td_status sq_backup_to(db *d, const char *path, td_error *err)
{
    sqlite_db *s = (sqlite_db *)d;
    sqlite3 *to = NULL;
    td_status st;
    int rc = sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        st = td_fail(err, TD_ERR_IO, "không tạo được tệp sao lưu %s: %s", path,
                     to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
        goto done;
    }
    st = copy_pages(s->conn, to, to, err, "sao lưu");
    /* the copy is one self-contained file: no -wal beside it to lose when it is moved */
    if (!st && sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
        st = fail(to, sqlite3_errcode(to), err, "sao lưu");
done:
    sqlite3_close_v2(to);
    return st;
}

static td_status sq_restore_from(db *d, const char *path, td_error *err)
{
    sqlite_db *s = (sqlite_db *)d;
    sqlite3 *from = NULL;
    td_status st;
    int rc = sqlite3_open_v2(path, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        st = td_fail(err, TD_ERR_IO, "không mở được tệp sao lưu %s: %s", path,
                     from ? sqlite3_errmsg(from) : sqlite3_errstr(rc));
        goto done;
    }
    s->writes++;
    st = copy_pages(from, s->conn, s->conn, err, "khôi phục");
done:
    sqlite3_close_v2(from);
    return st;
}

static td_status sq_prepare(db *d, const char *sql, db_stmt **out, td_error *err)
{
    sqlite_db *s = (sqlite_db *)d;
    uint64_t h = hash_text(HASH_SEED, sql);
    sqlite_stmt *st = NULL;
    int rc;

    for (size_t i = 0; i < s->n_kept; i++) {
        if (s->kept[i]->hash == h && strcmp(s->kept[i]->sql, sql) == 0) {
            st = s->kept[i];
            s->kept[i] = s->kept[--s->n_kept];
            break;
        }
    }
    if (!st) {
        size_t n = strlen(sql) + 1;
        if (!(st = calloc(1, sizeof *st)) || !(st->sql = malloc(n)))
            td_oom(sizeof *st + n);
        memcpy(st->sql, sql, n);
        st->base.ops = &db_sqlite_ops;
        st->owner = s;
        st->hash = h;
        /* persistent: SQLite keeps it out of the connection's small lookaside memory */
        rc = sqlite3_prepare_v3(s->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt, NULL);
        if (rc != SQLITE_OK) {
            free(st->sql);
            free(st);
            return fail(s->conn, rc, err, "chuẩn bị truy vấn");
        }
        /* SQLite calls transaction control read-only; ending one ends its writes (a rollback
         * undoes what was counted), so it counts as a write too */
        const char *w = sql + strspn(sql, " \t\r\n");
        st->writes = st->stmt && (!sqlite3_stmt_readonly(st->stmt) || strncasecmp(w, "COMMIT", 6) == 0 ||
                                  strncasecmp(w, "END", 3) == 0 || strncasecmp(w, "ROLLBACK", 8) == 0 ||
                                  strncasecmp(w, "RELEASE", 7) == 0);
    }
    st->used = ++s->tick;
    *out = &st->base;
    return TD_OK;
}

static sqlite3_stmt *raw(db_stmt *s)
{
    return ((sqlite_stmt *)s)->stmt;
}

static void sq_bind_int(db_stmt *s, int i, int64_t v)
{
    sqlite3_bind_int64(raw(s), i, v);
}

static void sq_bind_double(db_stmt *s, int i, double v)
{
    sqlite3_bind_double(raw(s), i, v);
}

static void sq_bind_text(db_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(raw(s), i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(raw(s), i);
}

static void sq_bind_null(db_stmt *s, int i)
{
    sqlite3_bind_null(raw(s), i);
}

static void sq_bind_blob(db_stmt *s, int i, const void *v, size_t n)
{
    sqlite3_bind_blob64(raw(s), i, v, (sqlite3_uint64)n, SQLITE_TRANSIENT);
}

static td_status sq_step(db_stmt *s, bool *row, td_error *err)
{
    sqlite_stmt *st = (sqlite_stmt *)s;
    if (st->writes)
        st->owner->writes++;
    int rc = sqlite3_step(st->stmt);
    if (rc == SQLITE_ROW) {
        *row = true;
        return TD_OK;
    }
    *row = false;
    if (rc == SQLITE_DONE)
        return TD_OK;
    td_status r = fail(st->owner->conn, rc, err, "thực thi truy vấn");
    sqlite3_reset(st->stmt);
    return r;
}

static bool sq_column_is_null(db_stmt *s, int i)
{
    return sqlite3_column_type(raw(s), i) == SQLITE_NULL;
}

static int64_t sq_column_int(db_stmt *s, int i)
{
    return sqlite3_column_int64(raw(s), i);
}

static double sq_column_double(db_stmt *s, int i)
{
    return sqlite3_column_double(raw(s), i);
}

static const char *sq_column_text(db_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(raw(s), i);
}

static const void *sq_column_blob(db_stmt *s, int i, size_t *n)
{
    /* the bytes first, then their count: sqlite3_column_bytes after the pointer is the order the
     * SQLite documentation asks for */
    const void *p = sqlite3_column_blob(raw(s), i);
    *n = (size_t)sqlite3_column_bytes(raw(s), i);
    return p;
}

static void sq_reset(db_stmt *s)
{
    sqlite3_reset(raw(s));
    sqlite3_clear_bindings(raw(s));
}

/* Kept for the next prepare of the same text, reset and its bindings cleared (so it holds no
 * read snapshot and no copy of a value); the least recently used one makes room. */
static void sq_finalize(db_stmt *s)
{
    sqlite_stmt *st = (sqlite_stmt *)s;
    sqlite_db *owner = st->owner;
    if (!st->stmt) { /* a text with no statement in it (only a comment) */
        stmt_free(st);
        return;
    }
    sqlite3_reset(st->stmt);
    sqlite3_clear_bindings(st->stmt);
    if (owner->n_kept == SQ_KEPT) {
        size_t oldest = 0;
        for (size_t i = 1; i < owner->n_kept; i++)
            if (owner->kept[i]->used < owner->kept[oldest]->used)
                oldest = i;
        stmt_free(owner->kept[oldest]);
        owner->kept[oldest] = owner->kept[--owner->n_kept];
    }
    owner->kept[owner->n_kept++] = st;
}

/* PRAGMA data_version changes when another connection, of this process or another, committed
 * since this connection last asked; this connection's own writes are counted apart (writes). */
static td_status sq_change_mark(db *d, db_mark *out, td_error *err)
{
    sqlite_db *s = (sqlite_db *)d;
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = sq_prepare(d, "PRAGMA data_version", &stmt, err);
    if (st)
        return st;
    st = sq_step(stmt, &row, err);
    if (!st && !row)
        st = td_fail(err, TD_ERR_DB, "lỗi cơ sở dữ liệu khi đọc data_version: không có kết quả");
    if (!st)
        out->others = (uint64_t)sqlite3_column_int64(raw(stmt), 0);
    sq_finalize(stmt);
    out->own = s->writes;
    return st;
}

static uint64_t sq_own_writes(db *d)
{
    return ((sqlite_db *)d)->writes;
}

const struct db_ops db_sqlite_ops = {
    .name = "sqlite",
    .schemes = sq_schemes,
    .open = sq_open,
    .open_readonly = sq_open_readonly,
    .close = sq_close,
    .exec = sq_exec,
    .begin = sq_begin,
    .begin_write = sq_begin_write,
    .backup_to = sq_backup_to,
    .restore_from = sq_restore_from,
    .prepare = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .column_is_null = sq_column_is_null,
    .column_int = sq_column_int,
    .column_double = sq_column_double,
    .column_text = sq_column_text,
    .column_blob = sq_column_blob,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .change_mark = sq_change_mark,
    .own_writes = sq_own_writes,
};
