/* db_pg.c — the PostgreSQL backend of db.h, through libpq: a city's deployment, many communes
 * in one database.
 *
 * One connection per store (the server opens one store per event loop). Statements are
 * prepared on the server once per connection (PQprepare) and found again by their SQL text,
 * as SQLite keeps its own; `?` placeholders become $1, $2, … once, when prepared. Parameters
 * travel as text (bytes as binary), results come back as text.
 *
 * A write transaction takes one transaction-level advisory lock before it reads anything:
 * writers follow one another as they do on SQLite under BEGIN IMMEDIATE, so a version check and
 * the write that depends on it never interleave with another writer, and no caller has to retry
 * a serialization failure (SERIALIZABLE would answer "busy" to ordinary concurrent edits of
 * different communes' rows that happen to share index pages). Readers never wait for it. The
 * lock is one for the deployment, not one per commune: db_begin_write does not know the
 * commune, and the transactions are short. */
#include "db_pg.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "dynlib.h"

/* libpq is opened by the first PostgreSQL URL (dynlib.h): a SQLite server or command never maps
 * it, nor the TLS, Kerberos and LDAP libraries behind it. */
#define LIBPQ_FUNCTIONS(X) \
    X(PQclear) \
    X(PQconnectdb) \
    X(PQerrorMessage) \
    X(PQexec) \
    X(PQexecPrepared) \
    X(PQfinish) \
    X(PQfreemem) \
    X(PQgetisnull) \
    X(PQgetvalue) \
    X(PQnfields) \
    X(PQntuples) \
    X(PQprepare) \
    X(PQreset) \
    X(PQresultErrorField) \
    X(PQresultErrorMessage) \
    X(PQresultStatus) \
    X(PQsetNoticeProcessor) \
    X(PQstatus) \
    X(PQtransactionStatus) \
    X(PQunescapeBytea)
LIBPQ_FUNCTIONS(DYNLIB_DECLARE)
#define PQclear (*p_PQclear)
#define PQconnectdb (*p_PQconnectdb)
#define PQerrorMessage (*p_PQerrorMessage)
#define PQexec (*p_PQexec)
#define PQexecPrepared (*p_PQexecPrepared)
#define PQfinish (*p_PQfinish)
#define PQfreemem (*p_PQfreemem)
#define PQgetisnull (*p_PQgetisnull)
#define PQgetvalue (*p_PQgetvalue)
#define PQnfields (*p_PQnfields)
#define PQntuples (*p_PQntuples)
#define PQprepare (*p_PQprepare)
#define PQreset (*p_PQreset)
#define PQresultErrorField (*p_PQresultErrorField)
#define PQresultErrorMessage (*p_PQresultErrorMessage)
#define PQresultStatus (*p_PQresultStatus)
#define PQsetNoticeProcessor (*p_PQsetNoticeProcessor)
#define PQstatus (*p_PQstatus)
#define PQtransactionStatus (*p_PQtransactionStatus)
#define PQunescapeBytea (*p_PQunescapeBytea)

static const dynlib_symbol libpq_syms[] = {LIBPQ_FUNCTIONS(DYNLIB_ENTRY)};
static dynlib libpq_lib = DYNLIB("libpq.so.5", libpq_syms);

/* pg_advisory_xact_lock key of the writers' lock: "thidua" in ASCII */
#define WRITE_LOCK_KEY "127961101640813"
/* distinct statements kept prepared per connection; beyond it one is deallocated when done */
#define PREPARED_MAX 512

struct prepared {
    char *sql;  /* as the store wrote it */
    char *text; /* as sent: $1, $2, … */
    char name[16];
    int nparams;
    unsigned gen; /* the connection's gen it was prepared in */
};

typedef struct pg_db {
    struct db base;
    PGconn *conn;
    bool readonly;
    bool in_tx; /* between a BEGIN and its COMMIT or ROLLBACK */
    unsigned gen; /* rises when the connection is made again: statements prepared before are gone */
    unsigned next;
    struct prepared *prepared;
    size_t n_prepared;
    uint64_t writes; /* this connection's writes, scripts and transactions (db_own_writes) */
} pg_db;

typedef struct pg_stmt {
    struct db_stmt base;
    pg_db *owner;
    char name[16];
    bool kept; /* in the connection's list of prepared statements (which owns text) */
    char *text;
    unsigned gen; /* the connection's gen it was prepared in */
    int nparams;
    char **values;
    int *lengths, *formats;
    PGresult *res;
    int row, nrows;
    unsigned char *bytes; /* the last bytea column read, unescaped */
    bool writes;          /* not a plain SELECT: a step counts as a write of the connection */
} pg_stmt;

static const char *const pg_schemes[] = {"postgresql://", "postgres://", NULL};

static td_status fail_res(pg_db *p, PGresult *res, td_error *err, const char *what)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res && PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res) : PQerrorMessage(p->conn);
    char clean[512];
    size_t n = strcspn(msg, "\n");
    snprintf(clean, sizeof clean, "%.*s", (int)(n < sizeof clean ? n : sizeof clean - 1), msg);
    if (!state)
        state = "";
    /* the same statuses as SQLite's: a constraint is a conflict, a lock not had in time or a
     * serialization failure is "busy, try again", a full disk is full */
    if (strncmp(state, "23", 2) == 0)
        return td_fail(err, TD_ERR_CONFLICT, "lỗi cơ sở dữ liệu khi %s: %s", what, clean);
    if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03") || !strcmp(state, "57014"))
        return td_fail(err, TD_ERR_BUSY, "cơ sở dữ liệu đang bận ghi cho người khác; hãy thử lại sau ít giây");
    if (!strcmp(state, "53100"))
        return td_fail(err, TD_ERR_FULL, "ổ đĩa của máy chủ cơ sở dữ liệu đã đầy nên không ghi được; chưa có gì thay "
                                         "đổi. Hãy báo quản trị viên giải phóng dung lượng");
    return td_fail(err, TD_ERR_DB, "lỗi cơ sở dữ liệu khi %s: %s", what, clean);
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* NOTICEs ("relation already exists, skipping") are not the user's business */
}

static void pg_close(db *d)
{
    pg_db *p = (pg_db *)d;
    PQfinish(p->conn);
    for (size_t i = 0; i < p->n_prepared; i++) {
        free(p->prepared[i].sql);
        free(p->prepared[i].text);
    }
    free(p->prepared);
    free(p);
}

static td_status run(pg_db *p, const char *sql, td_error *err, const char *what)
{
    PGresult *res = PQexec(p->conn, sql);
    ExecStatusType rs = PQresultStatus(res);
    td_status st = TD_OK;
    if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK && rs != PGRES_EMPTY_QUERY)
        st = fail_res(p, res, err, what);
    PQclear(res);
    return st;
}

static const char setup_rw[] = "SET client_encoding = 'UTF8'; SET lock_timeout = '5s'";
static const char setup_ro[] = "SET client_encoding = 'UTF8'; SET lock_timeout = '5s'; "
                               "SET default_transaction_read_only = on";

/* A connection the server closed (a restart, a failover, an administrator's kill) is made again
 * before the next transaction or statement outside one, never inside one: what a transaction
 * did before is gone with it, and its caller learns so from the failure. */
static void revive(pg_db *p)
{
    if (p->in_tx || PQstatus(p->conn) == CONNECTION_OK)
        return;
    PQreset(p->conn);
    if (PQstatus(p->conn) != CONNECTION_OK)
        return;
    run(p, p->readonly ? setup_ro : setup_rw, NULL, "mở lại kết nối");
    p->gen++;
}

/* Whether the last call failed because the connection is gone, outside a transaction: then it is
 * made again and the call tried once more (the server restarted between two requests). */
static bool retry_after_loss(pg_db *p)
{
    if (p->in_tx || PQstatus(p->conn) == CONNECTION_OK)
        return false;
    revive(p);
    return PQstatus(p->conn) == CONNECTION_OK;
}

static td_status pg_exec(db *d, const char *sql, td_error *err)
{
    pg_db *p = (pg_db *)d;
    p->writes++; /* a script, a transaction's start or end: counted as a write */
    bool ends = strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0;
    revive(p);
    td_status st = run(p, sql, err, "thực thi lệnh SQL");
    if (ends)
        p->in_tx = false;
    return st;
}

static td_status pg_exec_schema(db *d, const char *sql, td_error *err)
{
    char *pg = NULL;
    td_status st = db_pg_translate(sql, &pg, err);
    ((pg_db *)d)->writes++;
    if (!st)
        st = run((pg_db *)d, pg, err, "nâng cấp lược đồ");
    free(pg);
    return st;
}

/* REPEATABLE READ: every statement of a reading transaction sees the same snapshot, as on
 * SQLite (READ COMMITTED would take a new one per statement). */
static td_status pg_begin(db *d, td_error *err)
{
    pg_db *p = (pg_db *)d;
    p->writes++;
    revive(p);
    td_status st = run(p, "BEGIN ISOLATION LEVEL REPEATABLE READ", err, "bắt đầu giao dịch");
    if (st && retry_after_loss(p))
        st = run(p, "BEGIN ISOLATION LEVEL REPEATABLE READ", err, "bắt đầu giao dịch");
    p->in_tx = !st;
    return st;
}

/* READ COMMITTED after the lock: each statement sees every write committed before it, so what
 * a writer checks is what the previous writer left (see the top of this file). */
static td_status pg_begin_write(db *d, td_error *err)
{
    pg_db *p = (pg_db *)d;
    p->writes++;
    revive(p);
    td_status st = run(p, "BEGIN", err, "bắt đầu giao dịch");
    if (st && retry_after_loss(p))
        st = run(p, "BEGIN", err, "bắt đầu giao dịch");
    if (!st)
        st = run(p, "SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")", err, "chờ quyền ghi");
    if (st)
        run(p, "ROLLBACK", NULL, "hủy giao dịch");
    p->in_tx = !st;
    return st;
}

static td_status open_conn(const char *url, bool readonly, db **out, td_error *err)
{
    if (!dynlib_ready(&libpq_lib))
        return td_fail(err, TD_ERR_IO, "không mở được cơ sở dữ liệu PostgreSQL: %s", libpq_lib.why);
    pg_db *p = calloc(1, sizeof *p);
    char shown[512];
    if (!p)
        td_oom(sizeof *p);
    p->base.ops = &db_pg_ops;
    p->conn = PQconnectdb(url);
    if (PQstatus(p->conn) != CONNECTION_OK) {
        const char *msg = PQerrorMessage(p->conn);
        db_url_shown(url, shown, sizeof shown);
        td_fail(err, TD_ERR_IO, "không kết nối được cơ sở dữ liệu PostgreSQL %s: %.*s", shown,
                (int)strcspn(msg, "\n"), msg);
        pg_close(&p->base);
        return err ? err->status : TD_ERR_IO;
    }
    PQsetNoticeProcessor(p->conn, quiet, NULL);
    /* text in UTF-8 whatever the server's default; a lock not had within SQLite's busy timeout
     * is "busy" (55P03), not an endless wait */
    p->readonly = readonly;
    p->gen = 1;
    td_status st = run(p, readonly ? setup_ro : setup_rw, err, "mở kết nối");
    if (st) {
        pg_close(&p->base);
        return st;
    }
    *out = &p->base;
    return TD_OK;
}

static td_status pg_open(const char *url, db **out, td_error *err)
{
    return open_conn(url, false, out, err);
}

static td_status pg_open_readonly(const char *url, db **out, td_error *err)
{
    return open_conn(url, true, out, err);
}

size_t db_pg_placeholders(const char *sql, char *out, size_t cap, int *nparams)
{
    size_t n = 0;
    int count = 0;
#define PUT(c)                                                                                               \
    do {                                                                                                     \
        if (n + 1 < cap)                                                                                     \
            out[n] = (c);                                                                                    \
        n++;                                                                                                 \
    } while (0)
    for (const char *s = sql; *s; s++) {
        if (*s == '\'' || *s == '"') { /* a literal or a quoted name: copied as it is */
            char q = *s;
            PUT(*s);
            for (s++; *s; s++) {
                PUT(*s);
                if (*s == q)
                    break;
            }
            if (!*s)
                break;
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                PUT(*s++);
            if (!*s)
                break;
            PUT(*s);
        } else if (*s == '?') {
            char num[16];
            snprintf(num, sizeof num, "$%d", ++count);
            for (char *c = num; *c; c++)
                PUT(*c);
        } else {
            PUT(*s);
        }
    }
#undef PUT
    if (cap)
        out[n < cap ? n : cap - 1] = '\0';
    *nparams = count;
    return n;
}

static td_status pg_prepare(db *d, const char *sql, db_stmt **out, td_error *err)
{
    pg_db *p = (pg_db *)d;
    pg_stmt *st = calloc(1, sizeof *st);
    if (!st)
        td_oom(sizeof *st);
    st->base.ops = &db_pg_ops;
    st->owner = p;
    /* anything but a plain SELECT may write (WITH … INSERT, INSERT … RETURNING) */
    const char *w = sql + strspn(sql, " \t\r\n");
    st->writes = strncasecmp(w, "SELECT", 6) != 0;
    /* kept ones are prepared again, lazily, after the connection was made again (step) */
    for (size_t i = 0; i < p->n_prepared; i++) {
        if (strcmp(p->prepared[i].sql, sql) == 0) {
            memcpy(st->name, p->prepared[i].name, sizeof st->name);
            st->nparams = p->prepared[i].nparams;
            st->text = p->prepared[i].text;
            st->kept = true;
            st->gen = p->prepared[i].gen;
            goto ready;
        }
    }
    size_t len = strlen(sql) * 4 + 16;
    char *text = malloc(len);
    if (!text)
        td_oom(len);
    db_pg_placeholders(sql, text, len, &st->nparams);
    st->text = text;
    snprintf(st->name, sizeof st->name, "td%u", ++p->next);
    revive(p);
    PGresult *res = PQprepare(p->conn, st->name, text, st->nparams, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && retry_after_loss(p)) {
        PQclear(res);
        res = PQprepare(p->conn, st->name, text, st->nparams, NULL);
    }
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        td_status r = fail_res(p, res, err, "chuẩn bị truy vấn");
        PQclear(res);
        free(text);
        free(st);
        return r;
    }
    PQclear(res);
    st->gen = p->gen;
    if (p->n_prepared < PREPARED_MAX) {
        if (p->n_prepared % 32 == 0) {
            struct prepared *grown = realloc(p->prepared, (p->n_prepared + 32) * sizeof *grown);
            if (!grown)
                td_oom((p->n_prepared + 32) * sizeof *grown);
            p->prepared = grown;
        }
        struct prepared *e = &p->prepared[p->n_prepared++];
        if (!(e->sql = strdup(sql)))
            td_oom(strlen(sql));
        e->text = text;
        e->gen = p->gen;
        memcpy(e->name, st->name, sizeof e->name);
        e->nparams = st->nparams;
        st->kept = true;
    }
ready:
    if (st->nparams) {
        st->values = calloc((size_t)st->nparams, sizeof *st->values);
        st->lengths = calloc((size_t)st->nparams, sizeof *st->lengths);
        st->formats = calloc((size_t)st->nparams, sizeof *st->formats);
        if (!st->values || !st->lengths || !st->formats)
            td_oom((size_t)st->nparams * sizeof(char *));
    }
    *out = &st->base;
    return TD_OK;
}

static pg_stmt *ps(db_stmt *s)
{
    return (pg_stmt *)s;
}

/* Sets parameter i (from 1) to a copy of n bytes, NULL for SQL NULL; binary when format 1. */
static void set_param(pg_stmt *st, int i, const void *v, size_t n, int format)
{
    if (i < 1 || i > st->nparams)
        return;
    free(st->values[i - 1]);
    st->values[i - 1] = NULL;
    st->lengths[i - 1] = 0;
    st->formats[i - 1] = format;
    if (!v)
        return;
    char *copy = malloc(n + 1);
    if (!copy)
        td_oom(n + 1);
    memcpy(copy, v, n);
    copy[n] = '\0';
    st->values[i - 1] = copy;
    st->lengths[i - 1] = (int)n;
}

static void pg_bind_int(db_stmt *s, int i, int64_t v)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    set_param(ps(s), i, buf, (size_t)n, 0);
}

static void pg_bind_double(db_stmt *s, int i, double v)
{
    char buf[40];
    int n = snprintf(buf, sizeof buf, "%.17g", v);
    set_param(ps(s), i, buf, (size_t)n, 0);
}

static void pg_bind_text(db_stmt *s, int i, const char *v)
{
    set_param(ps(s), i, v, v ? strlen(v) : 0, 0);
}

static void pg_bind_null(db_stmt *s, int i)
{
    set_param(ps(s), i, NULL, 0, 0);
}

static void pg_bind_blob(db_stmt *s, int i, const void *v, size_t n)
{
    set_param(ps(s), i, v ? v : "", n, 1);
}

static void clear_result(pg_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    PQfreemem(st->bytes);
    st->bytes = NULL;
    st->row = st->nrows = 0;
}

/* What was read inside one request may be taken again in it while this connection wrote
 * nothing (store_memo.h); PostgreSQL has no cheap mark of other connections' commits, so
 * nothing is kept across requests. */
static uint64_t pg_own_writes(db *d)
{
    return ((pg_db *)d)->writes;
}

static td_status pg_step(db_stmt *s, bool *row, td_error *err)
{
    pg_stmt *st = ps(s);
    *row = false;
    if (st->writes && !st->res)
        st->owner->writes++;
    for (int attempt = 0; !st->res; attempt++) {
        pg_db *p = st->owner;
        revive(p);
        if (st->gen != p->gen) { /* the connection was made again since it was prepared */
            PGresult *again = PQprepare(p->conn, st->name, st->text, st->nparams, NULL);
            const char *state = PQresultErrorField(again, PG_DIAG_SQLSTATE);
            bool ok = PQresultStatus(again) == PGRES_COMMAND_OK || (state && !strcmp(state, "42P05"));
            td_status r = ok ? TD_OK : fail_res(p, again, err, "chuẩn bị truy vấn");
            PQclear(again);
            if (r)
                return r;
            st->gen = p->gen;
            for (size_t i = 0; st->kept && i < p->n_prepared; i++)
                if (!strcmp(p->prepared[i].name, st->name))
                    p->prepared[i].gen = p->gen;
        }
        PGresult *res = PQexecPrepared(st->owner->conn, st->name, st->nparams, (const char *const *)st->values,
                                       st->lengths, st->formats, 0);
        ExecStatusType rs = PQresultStatus(res);
        if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK && attempt == 0 && retry_after_loss(p)) {
            PQclear(res);
            continue;
        }
        if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
            td_status r = fail_res(st->owner, res, err, "thực thi truy vấn");
            PQclear(res);
            return r;
        }
        st->res = res;
        st->nrows = rs == PGRES_TUPLES_OK ? PQntuples(res) : 0;
        st->row = -1;
    }
    PQfreemem(st->bytes);
    st->bytes = NULL;
    if (st->row + 1 < st->nrows) {
        st->row++;
        *row = true;
    } else {
        st->row = st->nrows;
    }
    return TD_OK;
}

static bool readable(pg_stmt *st, int i)
{
    return st->res && st->row >= 0 && st->row < st->nrows && i >= 0 && i < PQnfields(st->res);
}

static bool pg_column_is_null(db_stmt *s, int i)
{
    pg_stmt *st = ps(s);
    return !readable(st, i) || PQgetisnull(st->res, st->row, i);
}

static const char *pg_column_text(db_stmt *s, int i)
{
    pg_stmt *st = ps(s);
    if (pg_column_is_null(s, i))
        return NULL;
    return PQgetvalue(st->res, st->row, i);
}

/* A boolean comes back as t or f; SQLite's comparisons answer 1 or 0. */
static int64_t pg_column_int(db_stmt *s, int i)
{
    const char *v = pg_column_text(s, i);
    if (!v)
        return 0;
    if (!strcmp(v, "t"))
        return 1;
    if (!strcmp(v, "f"))
        return 0;
    if (strpbrk(v, ".eE"))
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_column_double(db_stmt *s, int i)
{
    const char *v = pg_column_text(s, i);
    if (!v)
        return 0;
    if (!strcmp(v, "t"))
        return 1;
    if (!strcmp(v, "f"))
        return 0;
    return strtod(v, NULL);
}

static const void *pg_column_blob(db_stmt *s, int i, size_t *n)
{
    pg_stmt *st = ps(s);
    const char *v = pg_column_text(s, i);
    *n = 0;
    if (!v)
        return NULL;
    PQfreemem(st->bytes);
    st->bytes = PQunescapeBytea((const unsigned char *)v, n);
    return st->bytes;
}

static void pg_reset(db_stmt *s)
{
    pg_stmt *st = ps(s);
    clear_result(st);
    for (int i = 1; i <= st->nparams; i++)
        set_param(st, i, NULL, 0, 0);
}

static void pg_finalize(db_stmt *s)
{
    pg_stmt *st = ps(s);
    pg_reset(s);
    if (!st->kept) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        /* outside a failed transaction only: there it would fail too, and the name is unique */
        if (PQtransactionStatus(st->owner->conn) != PQTRANS_INERROR)
            run(st->owner, sql, NULL, "giải phóng truy vấn");
    }
    if (!st->kept)
        free(st->text);
    free(st->values);
    free(st->lengths);
    free(st->formats);
    free(st);
}

/* ---- the migrations' dialect ---------------------------------------------------------------- */

/* The migrations are written once, in SQLite's words (src/store/migrations/sqlite/). What
 * differs for PostgreSQL is translated here and nowhere else:
 *   - STRICT (a table option) is dropped; PostgreSQL's types are strict already;
 *   - `INTEGER PRIMARY KEY` (SQLite's rowid) becomes BIGINT GENERATED BY DEFAULT AS IDENTITY
 *     PRIMARY KEY; INTEGER BIGINT (SQLite's integers are 64-bit), REAL DOUBLE PRECISION, BLOB
 *     BYTEA;
 *   - a name PostgreSQL reserves (the index session_user) is quoted;
 *   - ifnull( becomes COALESCE(;
 *   - strftime('%d/%m/%Y', x) becomes to_char(CAST(x AS timestamp), 'DD/MM/YYYY') and
 *     date(x, '±N day') to_char(CAST(x AS timestamp) + INTERVAL '±N day', 'YYYY-MM-DD');
 *   - a trigger becomes a PL/pgSQL function holding its statements (SELECT RAISE(ABORT, 'message')
 *     raising the message as an integrity violation, 23000, a conflict as on SQLite) and a FOR
 *     EACH ROW trigger calling it (its WHEN in parentheses);
 *   - DROP TRIGGER name (SQLite names no table) drops it from whichever table has it;
 *   - DROP TABLE x keeps the references other tables make to x aside and drops them with it, and
 *     ALTER TABLE y RENAME TO x makes them again (SQLite's way to change a table: build, copy,
 *     drop, rename);
 *   - after a script that inserts, every identity sequence starts after the highest id there is
 *     (rows copied with their ids).
 * Comments are dropped. Anything else passes as written, so the migrations must stay within
 * what both read (see common rules: no AUTOINCREMENT, no INSERT OR REPLACE). */

struct buf {
    char *p;
    size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p)
            td_oom(cap);
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Whether s starts with the words w (case-insensitive, runs of spaces matching any spacing). */
static size_t starts(const char *s, const char *w)
{
    const char *p = s;
    while (*w) {
        if (*w == ' ') {
            if (!isspace((unsigned char)*p))
                return 0;
            while (isspace((unsigned char)*p))
                p++;
            w++;
            continue;
        }
        if (tolower((unsigned char)*p) != tolower((unsigned char)*w))
            return 0;
        p++;
        w++;
    }
    if (word_char(p[-1]) && word_char(*p))
        return 0;
    return (size_t)(p - s);
}

/* The end of a literal starting at s ('…' with '' inside), or of a parenthesised group. */
static const char *skip_literal(const char *s)
{
    for (s++; *s; s++)
        if (*s == '\'') {
            if (s[1] == '\'')
                s++;
            else
                return s + 1;
        }
    return s;
}

static const char *skip_group(const char *s)
{
    int depth = 0;
    for (; *s; s++) {
        if (*s == '\'') {
            s = skip_literal(s) - 1;
            continue;
        }
        if (*s == '(')
            depth++;
        else if (*s == ')' && --depth == 0)
            return s + 1;
    }
    return s;
}

/* The arguments of a call whose '(' is at s: up to 3, trimmed, as [start, end) pairs. */
static int call_args(const char *s, const char **from, const char **to, const char **end)
{
    const char *close = skip_group(s) - 1;
    int n = 0, depth = 0;
    const char *a = s + 1;
    for (const char *p = s + 1; p <= close && n < 3; p++) {
        if (*p == '\'') {
            p = skip_literal(p) - 1;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth > 0)
            depth--;
        else if ((*p == ',' && depth == 0) || p == close) {
            const char *b = p;
            while (a < b && isspace((unsigned char)*a))
                a++;
            while (b > a && isspace((unsigned char)b[-1]))
                b--;
            from[n] = a;
            to[n] = b;
            n++;
            a = p + 1;
        }
    }
    *end = close + 1;
    return n;
}

/* strftime's format in to_char's words. */
static void date_format(struct buf *b, const char *f, const char *e)
{
    for (; f < e; f++) {
        if (*f == '%' && f + 1 < e) {
            static const char *const map[][2] = {{"d", "DD"}, {"m", "MM"}, {"Y", "YYYY"},
                                                 {"H", "HH24"}, {"M", "MI"}, {"S", "SS"}};
            const char *to = NULL;
            for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
                if (f[1] == map[i][0][0])
                    to = map[i][1];
            if (to) {
                puts_(b, to);
                f++;
                continue;
            }
        }
        put(b, f, 1);
    }
}

static void translate_plain(struct buf *b, const char *s, const char *e);

/* One expression argument, itself translated. */
static void arg(struct buf *b, const char *s, const char *e)
{
    translate_plain(b, s, e);
}

/* Names the migrations give that PostgreSQL reserves: quoted (the name stays the same). */
static bool reserved(const char *w, size_t n)
{
    static const char *const words[] = {"session_user", "current_user", "user", "current_date", "current_time"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && !strncmp(w, words[i], n))
            return true;
    return false;
}

/* Types, functions: the statement [s, e) word by word. */
static void translate_plain(struct buf *b, const char *s, const char *e)
{
    while (s < e) {
        if (*s == '\'') {
            const char *l = skip_literal(s);
            put(b, s, (size_t)(l - s));
            s = l;
            continue;
        }
        if (s[0] == '-' && s[1] == '-') {
            while (s < e && *s != '\n')
                s++;
            continue;
        }
        if (!word_char(*s)) { /* words are read whole below, so a word char here starts one */
            put(b, s, 1);
            s++;
            continue;
        }
        const char *w = s;
        while (s < e && word_char(*s))
            s++;
        size_t n = (size_t)(s - w);
        const char *from[3], *to[3], *end;
        size_t k;
        if (n == 7 && !strncmp(w, "INTEGER", 7) && (k = starts(s, " PRIMARY KEY"))) {
            puts_(b, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
            s += k;
        } else if (n == 7 && !strncmp(w, "INTEGER", 7)) {
            puts_(b, "BIGINT");
        } else if (n == 4 && !strncmp(w, "REAL", 4)) {
            puts_(b, "DOUBLE PRECISION");
        } else if (n == 4 && !strncmp(w, "BLOB", 4)) {
            puts_(b, "BYTEA");
        } else if (n == 6 && !strncmp(w, "STRICT", 6)) {
            /* a table option */
        } else if (reserved(w, n)) {
            puts_(b, "\"");
            put(b, w, n);
            puts_(b, "\"");
        } else if (n == 6 && !strncasecmp(w, "ifnull", 6) && *s == '(') {
            puts_(b, "COALESCE");
        } else if (n == 8 && !strncasecmp(w, "strftime", 8) && *s == '(' &&
                   call_args(s, from, to, &end) == 2 && *from[0] == '\'') {
            puts_(b, "to_char(CAST(");
            arg(b, from[1], to[1]);
            puts_(b, " AS timestamp), '");
            date_format(b, from[0] + 1, to[0] - 1);
            puts_(b, "')");
            s = end;
        } else if (n == 4 && !strncasecmp(w, "date", 4) && *s == '(' && (k = (size_t)call_args(s, from, to, &end)) &&
                   k <= 2 && (k == 1 || *from[1] == '\'')) {
            puts_(b, "to_char(CAST(");
            arg(b, from[0], to[0]);
            puts_(b, " AS timestamp)");
            if (k == 2) {
                puts_(b, " + INTERVAL ");
                put(b, from[1], (size_t)(to[1] - from[1]));
            }
            puts_(b, ", 'YYYY-MM-DD')");
            s = end;
        } else {
            put(b, w, n);
        }
    }
}

static const char *skip_space(const char *s, const char *e)
{
    while (s < e && isspace((unsigned char)*s))
        s++;
    return s;
}

static const char *word_end(const char *s, const char *e)
{
    while (s < e && word_char(*s))
        s++;
    return s;
}

/* One statement of a trigger's body [s, e) as PL/pgSQL: SELECT RAISE(ABORT, 'msg') raises msg as
 * an integrity violation (a conflict, as SQLite's constraint is); anything else is translated
 * like a statement of its own. */
static void trigger_statement(struct buf *b, const char *s, const char *e)
{
    size_t k = starts(s, "SELECT RAISE(ABORT,");
    if (!k)
        k = starts(s, "SELECT RAISE (ABORT,");
    if (k) {
        const char *msg = skip_space(s + k, e), *msg_end = skip_literal(msg);
        puts_(b, "RAISE EXCEPTION ");
        put(b, msg, (size_t)(msg_end - msg));
        puts_(b, " USING ERRCODE = '23000'; ");
        return;
    }
    translate_plain(b, s, e);
    puts_(b, "; ");
}

/* CREATE TRIGGER name <when> ON table [FOR EACH ROW] [WHEN cond] BEGIN statements; END: a
 * PL/pgSQL function holding the statements and a row trigger calling it. */
static td_status translate_trigger(struct buf *b, const char *s, const char *e, td_error *err)
{
    const char *p = skip_space(s + starts(s, "CREATE TRIGGER"), e);
    const char *name = p, *name_end = word_end(p, e);
    const char *on = NULL, *when = NULL, *begin = NULL, *each = NULL;
    for (const char *q = name_end; q < e; q++) {
        if (*q == '\'') {
            q = skip_literal(q) - 1;
            continue;
        }
        if (q > s && word_char(q[-1]))
            continue;
        if (!on && starts(q, "ON "))
            on = q;
        else if (on && !each && !when && starts(q, "FOR EACH ROW"))
            each = q;
        else if (on && !when && starts(q, "WHEN "))
            when = q;
        else if (on && starts(q, "BEGIN")) {
            begin = q;
            break;
        }
    }
    /* the body ends at the last END */
    const char *end = e;
    while (end > s && !(starts(end, "END") && !word_char(end[-1])))
        end--;
    if (!on || !begin || end <= begin)
        return td_fail(err, TD_ERR_DB, "nâng cấp lược đồ: trigger %.*s không dịch được sang PostgreSQL",
                       (int)(name_end - name), name);
    bool before = starts(skip_space(name_end, e), "BEFORE") != 0;
    const char *table = skip_space(on + 2, e), *table_end = word_end(table, e);
    puts_(b, "CREATE OR REPLACE FUNCTION td_trigger_");
    put(b, name, (size_t)(name_end - name));
    puts_(b, "() RETURNS trigger LANGUAGE plpgsql AS $td$BEGIN ");
    for (const char *q = skip_space(begin + 5, end); q < end; q = skip_space(q, end)) {
        const char *stop = q;
        while (stop < end && *stop != ';')
            stop = *stop == '\'' ? skip_literal(stop) : stop + 1;
        trigger_statement(b, q, stop);
        q = stop < end ? stop + 1 : stop;
    }
    /* a BEFORE trigger that returns nothing would cancel the row's change */
    puts_(b, before ? "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END$td$;\nCREATE TRIGGER "
                    : "RETURN NULL; END$td$;\nCREATE TRIGGER ");
    put(b, name, (size_t)(name_end - name));
    put(b, name_end, (size_t)(on - name_end));
    puts_(b, "ON ");
    put(b, table, (size_t)(table_end - table));
    puts_(b, " FOR EACH ROW ");
    if (when) {
        const char *c = skip_space(when + 4, e), *c_end = begin;
        while (c_end > c && isspace((unsigned char)c_end[-1]))
            c_end--;
        puts_(b, "WHEN (");
        put(b, c, (size_t)(c_end - c));
        puts_(b, ") ");
    }
    puts_(b, "EXECUTE FUNCTION td_trigger_");
    put(b, name, (size_t)(name_end - name));
    puts_(b, "()");
    return TD_OK;
}

/* DROP TABLE x: SQLite's way of changing a table is to build x_new, copy, drop x and rename
 * x_new to x. PostgreSQL refuses to drop a table others refer to, so the references to x are
 * kept aside (td_fk), dropped with it (CASCADE), and made again when a table is renamed to x. */
static void translate_drop_table(struct buf *b, const char *s, const char *e)
{
    const char *p = skip_space(s + starts(s, "DROP TABLE"), e);
    size_t k = starts(p, "IF EXISTS");
    p = skip_space(p + k, e);
    const char *name_end = word_end(p, e);
    int n = (int)(name_end - p);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "DO $td$BEGIN IF to_regclass('%.*s') IS NOT NULL THEN "
             "CREATE TEMP TABLE IF NOT EXISTS td_fk (tbl text, name text, def text, target text); "
             "INSERT INTO td_fk SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), '%.*s' "
             "FROM pg_constraint WHERE contype = 'f' AND confrelid = '%.*s'::regclass AND conrelid <> '%.*s'::regclass; "
             "END IF; END$td$;\nDROP TABLE IF EXISTS %.*s CASCADE",
             n, p, n, p, n, p, n, p, n, p);
    puts_(b, sql);
}

/* ALTER TABLE y RENAME TO x: and the references to the x dropped before, made again. */
static void translate_rename(struct buf *b, const char *s, const char *e, const char *to)
{
    translate_plain(b, s, e);
    const char *name = skip_space(to, e), *name_end = word_end(name, e);
    int n = (int)(name_end - name);
    char sql[1024];
    snprintf(sql, sizeof sql,
             ";\nDO $td$DECLARE r record; BEGIN IF to_regclass('pg_temp.td_fk') IS NOT NULL THEN "
             "FOR r IN SELECT * FROM td_fk WHERE target = '%.*s' LOOP "
             "EXECUTE format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', r.tbl, r.name, r.def); END LOOP; "
             "DELETE FROM td_fk WHERE target = '%.*s'; END IF; END$td$",
             n, name, n, name);
    puts_(b, sql);
}

/* Rows inserted with their ids (a table rebuilt as above) leave an identity's sequence behind:
 * every identity starts again after the highest id there is. */
static const char resync_identities[] =
    "DO $td$DECLARE r record; m bigint; BEGIN FOR r IN SELECT table_name, column_name FROM "
    "information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP "
    "EXECUTE format('SELECT max(%I) FROM %I', r.column_name, r.table_name) INTO m; "
    "IF m IS NOT NULL THEN PERFORM setval(pg_get_serial_sequence(quote_ident(r.table_name), r.column_name), m); "
    "END IF; END LOOP; END$td$;\n";

/* DROP TRIGGER [IF EXISTS] name: from the table that has it (SQLite's statement names none). */
static void translate_drop_trigger(struct buf *b, const char *s, const char *e)
{
    const char *p = skip_space(s + starts(s, "DROP TRIGGER"), e);
    size_t k = starts(p, "IF EXISTS");
    p = skip_space(p + k, e);
    const char *name_end = word_end(p, e);
    char sql[512];
    int n = (int)(name_end - p);
    snprintf(sql, sizeof sql,
             "DO $td$DECLARE t text; BEGIN SELECT tgrelid::regclass::text INTO t FROM pg_trigger WHERE tgname = "
             "'%.*s'; IF t IS NOT NULL THEN EXECUTE format('DROP TRIGGER %%I ON %%s', '%.*s', t); END IF; END$td$",
             n, p, n, p);
    puts_(b, sql);
}

/* Where the words w start within [s, e) outside literals, just after them; NULL if nowhere. */
static const char *find_words(const char *s, const char *e, const char *w)
{
    for (const char *p = s; p < e; p++) {
        if (*p == '\'') {
            p = skip_literal(p) - 1;
            continue;
        }
        size_t k = (p == s || !word_char(p[-1])) ? starts(p, w) : 0;
        if (k)
            return p + k;
    }
    return NULL;
}

/* The end of the statement starting at s: its ';' at depth 0, or BEGIN … END; for a trigger. */
static const char *statement_end(const char *s, bool trigger)
{
    bool in_body = false;
    for (const char *p = s; *p; p++) {
        if (*p == '\'') {
            p = skip_literal(p) - 1;
            continue;
        }
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
            if (!*p)
                return p;
            continue;
        }
        bool boundary = p == s || !word_char(p[-1]);
        if (trigger && boundary && !in_body && starts(p, "BEGIN"))
            in_body = true;
        else if (trigger && boundary && in_body && starts(p, "END")) {
            p += 3;
            while (*p && *p != ';')
                p++;
            return p;
        } else if (*p == ';' && !in_body)
            return p;
    }
    return s + strlen(s);
}

td_status db_pg_translate(const char *sql, char **out, td_error *err)
{
    struct buf b = {0};
    const char *s = sql, *rename;
    bool inserts = false;
    td_status st = TD_OK;
    puts_(&b, "");
    while (*s) {
        /* spaces and comments between statements */
        if (isspace((unsigned char)*s) || *s == ';') {
            s++;
            continue;
        }
        if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
            continue;
        }
        bool trigger = starts(s, "CREATE TRIGGER") != 0;
        const char *e = statement_end(s, trigger);
        if (trigger)
            st = translate_trigger(&b, s, e, err);
        else if (starts(s, "DROP TRIGGER"))
            translate_drop_trigger(&b, s, e);
        else if (starts(s, "DROP TABLE"))
            translate_drop_table(&b, s, e);
        else if (starts(s, "ALTER TABLE") && (rename = find_words(s, e, "RENAME TO")))
            translate_rename(&b, s, e, rename);
        else
            translate_plain(&b, s, e);
        inserts |= starts(s, "INSERT") != 0;
        if (st)
            break;
        puts_(&b, ";\n");
        s = *e ? e + 1 : e;
    }
    if (st) {
        free(b.p);
        *out = NULL;
        return st;
    }
    if (inserts)
        puts_(&b, resync_identities);
    *out = b.p;
    return TD_OK;
}

const struct db_ops db_pg_ops = {
    .name = "postgresql",
    .schemes = pg_schemes,
    .open = pg_open,
    .open_readonly = pg_open_readonly,
    .close = pg_close,
    .exec = pg_exec,
    .exec_schema = pg_exec_schema,
    .begin = pg_begin,
    .begin_write = pg_begin_write,
    .backup_to = NULL,
    .restore_from = NULL,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .column_is_null = pg_column_is_null,
    .column_int = pg_column_int,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .own_writes = pg_own_writes,
};
