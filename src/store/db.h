/* db.h — the SQL driver interface under the store: one connection, prepared statements,
 * transactions. Backends implement struct db_ops (db_sqlite.c; db_pg.c later) and nothing
 * above this file knows which one runs.
 *
 * SQL given to the driver is portable: `?` placeholders (a backend that numbers them
 * rewrites), `RETURNING id`, `ON CONFLICT … DO UPDATE`, ISO dates as text. */
#ifndef TD_DB_H
#define TD_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

/* Opens the database named by url: "postgresql://…" (or "postgres://…") for PostgreSQL,
 * "sqlite:PATH" or any other text a SQLite file path (created if missing). The backend is
 * chosen from a table of backends by the URL's scheme (db.c). */
td_status db_open(const char *url, db **out, td_error *err);
/* Opens an existing database only to read it (a backup to check): nothing in it is changed. */
td_status db_open_readonly(const char *url, db **out, td_error *err);
void db_close(db *d);
/* url as it may be shown or logged: a password in it (postgresql://user:secret@host/db) is
 * replaced by ***. Written into buf (cap bytes); returns buf. */
const char *db_url_shown(const char *url, char *buf, size_t cap);
const char *db_backend(const db *d); /* "sqlite", "postgresql" */

/* Runs a script of one or more statements without results. */
td_status db_exec(db *d, const char *sql, td_error *err);
/* Runs a migration script written in the migrations' dialect (SQLite's types and triggers,
 * see src/store/migrations/): the backend translates it to its own first. */
td_status db_exec_schema(db *d, const char *sql, td_error *err);

/* A transaction that only reads (a consistent view). */
td_status db_begin(db *d, td_error *err);
/* A transaction that will write: takes the write lock before anything is read, so that what is
 * checked inside it cannot change before it commits (SQLite: BEGIN IMMEDIATE, waiting up to
 * the busy timeout for another writer; PostgreSQL: a transaction-level advisory lock every
 * writer takes first, see db_pg.c). A writer still holding the lock after the timeout is
 * TD_ERR_BUSY. */
td_status db_begin_write(db *d, td_error *err);
td_status db_commit(db *d, td_error *err);
/* Never fails from the caller's view: a rollback that fails leaves nothing to do. */
void db_rollback(db *d);

td_status db_prepare(db *d, const char *sql, db_stmt **out, td_error *err);
/* Parameters are numbered from 1. Text is copied; NULL text binds SQL NULL. */
void db_bind_int(db_stmt *s, int i, int64_t v);
void db_bind_double(db_stmt *s, int i, double v);
void db_bind_text(db_stmt *s, int i, const char *v);
void db_bind_null(db_stmt *s, int i);
/* Bytes (a file's content); copied like text. */
void db_bind_blob(db_stmt *s, int i, const void *v, size_t n);
/* Advances: *row is true when a row is ready to read, false when the statement is done.
 * A constraint violation is TD_ERR_CONFLICT; the database locked by another writer past the
 * busy timeout TD_ERR_BUSY; a full disk TD_ERR_FULL; every other failure TD_ERR_DB. */
td_status db_step(db_stmt *s, bool *row, td_error *err);
/* Columns are numbered from 0; text is valid until the next step, reset or finalize. */
bool db_column_is_null(db_stmt *s, int i);
int64_t db_column_int(db_stmt *s, int i);
double db_column_double(db_stmt *s, int i);
const char *db_column_text(db_stmt *s, int i); /* NULL for SQL NULL */
/* Bytes and their count; valid like text. */
const void *db_column_blob(db_stmt *s, int i, size_t *n);
void db_reset(db_stmt *s);
void db_finalize(db_stmt *s); /* NULL is fine */

/* Whether the database may have changed since a moment: others counts the commits of every
 * other connection (of this process or another; SQLite's PRAGMA data_version), own this
 * connection's writes, scripts, rollbacks and restores. Where both are equal at two moments,
 * nothing was written in between, and what was read at the first still holds at the second. */
typedef struct db_mark {
    uint64_t others, own;
} db_mark;
/* Reads the mark (one small read of the database); false where the backend cannot tell
 * (PostgreSQL), and then nothing read may be kept across statements. */
bool db_change_mark(db *d, db_mark *out);
/* The own part of the mark alone, with no read: 0 where unsupported. */
uint64_t db_own_writes(db *d);

/* The table of a backend. */
struct db_ops {
    const char *name;
    /* URL prefixes that select this backend ("postgresql://"); NULL-terminated */
    const char *const *schemes;
    td_status (*open)(const char *url, db **out, td_error *err);
    td_status (*open_readonly)(const char *url, db **out, td_error *err);
    void (*close)(db *d);
    td_status (*exec)(db *d, const char *sql, td_error *err);
    /* the migrations' dialect in this backend's; NULL where it is this backend's own */
    td_status (*exec_schema)(db *d, const char *sql, td_error *err);
    td_status (*begin)(db *d, td_error *err);
    td_status (*begin_write)(db *d, td_error *err);
    /* NULL where the backend has its own tools (PostgreSQL: pg_dump, pg_restore) */
    td_status (*backup_to)(db *d, const char *path, td_error *err);
    td_status (*restore_from)(db *d, const char *path, td_error *err);
    td_status (*prepare)(db *d, const char *sql, db_stmt **out, td_error *err);
    void (*bind_int)(db_stmt *s, int i, int64_t v);
    void (*bind_double)(db_stmt *s, int i, double v);
    void (*bind_text)(db_stmt *s, int i, const char *v);
    void (*bind_null)(db_stmt *s, int i);
    void (*bind_blob)(db_stmt *s, int i, const void *v, size_t n);
    td_status (*step)(db_stmt *s, bool *row, td_error *err);
    bool (*column_is_null)(db_stmt *s, int i);
    int64_t (*column_int)(db_stmt *s, int i);
    double (*column_double)(db_stmt *s, int i);
    const char *(*column_text)(db_stmt *s, int i);
    const void *(*column_blob)(db_stmt *s, int i, size_t *n);
    void (*reset)(db_stmt *s);
    void (*finalize)(db_stmt *s);
    /* NULL where the backend cannot tell (db_change_mark) */
    td_status (*change_mark)(db *d, db_mark *out, td_error *err);
    uint64_t (*own_writes)(db *d);
};

/* Every backend's connection and statement start with these headers. */
struct db {
    const struct db_ops *ops;
};
struct db_stmt {
    const struct db_ops *ops;
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* Copies the whole database d into a new file at path while other connections go on writing;
 * the copy is the database as it was at one moment (a consistent snapshot). Only SQLite has
 * it; PostgreSQL deployments use pg_dump. */
td_status db_backup_to(db *d, const char *path, td_error *err);
/* Replaces the content of d with that of the database file at path (already checked). */
td_status db_restore_from(db *d, const char *path, td_error *err);

/* Seconds the calling thread has spent in the database (steps and execs, whichever backend)
 * since it started; counted once, in db.c. */
double db_thread_seconds(void);

#endif
