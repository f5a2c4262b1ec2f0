/* db.c — dispatch from the portable db_* calls to the backend's table; see db.h.
 *
 * The backend is found in a table by the URL's scheme, and the time spent in the database is
 * counted here, around every backend's steps and execs, so that no backend counts it twice or
 * forgets to. */
#include "db.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The backends by scheme; the last is the default for a URL without a known scheme (a file). */
static const struct db_ops *const backends[] = {&db_pg_ops, &db_sqlite_ops};
#define N_BACKENDS (sizeof backends / sizeof backends[0])

static const struct db_ops *backend_for(const char *url)
{
    for (size_t i = 0; i < N_BACKENDS; i++)
        for (const char *const *sch = backends[i]->schemes; sch && *sch; sch++)
            if (strncmp(url, *sch, strlen(*sch)) == 0)
                return backends[i];
    return backends[N_BACKENDS - 1];
}

/* Time this thread has spent inside the database, for /metrics. */
static _Thread_local double db_seconds;

double db_thread_seconds(void)
{
    return db_seconds;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

td_status db_open(const char *url, db **out, td_error *err)
{
    return backend_for(url)->open(url, out, err);
}

td_status db_open_readonly(const char *url, db **out, td_error *err)
{
    return backend_for(url)->open_readonly(url, out, err);
}

td_status db_backup_to(db *d, const char *path, td_error *err)
{
    if (!d->ops->backup_to)
        return td_fail(err, TD_ERR_USAGE, "cơ sở dữ liệu %s: hãy sao lưu bằng công cụ của nó (pg_dump)", d->ops->name);
    return d->ops->backup_to(d, path, err);
}

td_status db_restore_from(db *d, const char *path, td_error *err)
{
    if (!d->ops->restore_from)
        return td_fail(err, TD_ERR_USAGE, "cơ sở dữ liệu %s: hãy khôi phục bằng công cụ của nó (pg_restore)",
                       d->ops->name);
    return d->ops->restore_from(d, path, err);
}

const char *db_url_shown(const char *url, char *buf, size_t cap)
{
    const char *scheme = strstr(url, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
    if (!colon)
        snprintf(buf, cap, "%s", url);
    else
        snprintf(buf, cap, "%.*s:***%s", (int)(colon - url), url, at);
    return buf;
}

void db_close(db *d)
{
    if (d)
        d->ops->close(d);
}

const char *db_backend(const db *d)
{
    return d->ops->name;
}

td_status db_exec(db *d, const char *sql, td_error *err)
{
    double t0 = now_seconds();
    td_status st = d->ops->exec(d, sql, err);
    db_seconds += now_seconds() - t0;
    return st;
}

td_status db_exec_schema(db *d, const char *sql, td_error *err)
{
    if (!d->ops->exec_schema)
        return db_exec(d, sql, err);
    double t0 = now_seconds();
    td_status st = d->ops->exec_schema(d, sql, err);
    db_seconds += now_seconds() - t0;
    return st;
}

td_status db_begin(db *d, td_error *err)
{
    return d->ops->begin(d, err);
}

td_status db_begin_write(db *d, td_error *err)
{
    double t0 = now_seconds();
    td_status st = d->ops->begin_write(d, err);
    db_seconds += now_seconds() - t0;
    return st;
}

td_status db_commit(db *d, td_error *err)
{
    return db_exec(d, "COMMIT", err);
}

void db_rollback(db *d)
{
    d->ops->exec(d, "ROLLBACK", NULL);
}

td_status db_prepare(db *d, const char *sql, db_stmt **out, td_error *err)
{
    return d->ops->prepare(d, sql, out, err);
}

void db_bind_int(db_stmt *s, int i, int64_t v)
{
    s->ops->bind_int(s, i, v);
}

void db_bind_double(db_stmt *s, int i, double v)
{
    s->ops->bind_double(s, i, v);
}

void db_bind_text(db_stmt *s, int i, const char *v)
{
    s->ops->bind_text(s, i, v);
}

void db_bind_null(db_stmt *s, int i)
{
    s->ops->bind_null(s, i);
}

void db_bind_blob(db_stmt *s, int i, const void *v, size_t n)
{
    s->ops->bind_blob(s, i, v, n);
}

td_status db_step(db_stmt *s, bool *row, td_error *err)
{
    double t0 = now_seconds();
    td_status st = s->ops->step(s, row, err);
    db_seconds += now_seconds() - t0;
    return st;
}

bool db_column_is_null(db_stmt *s, int i)
{
    return s->ops->column_is_null(s, i);
}

int64_t db_column_int(db_stmt *s, int i)
{
    return s->ops->column_int(s, i);
}

double db_column_double(db_stmt *s, int i)
{
    return s->ops->column_double(s, i);
}

const char *db_column_text(db_stmt *s, int i)
{
    return s->ops->column_text(s, i);
}

const void *db_column_blob(db_stmt *s, int i, size_t *n)
{
    return s->ops->column_blob(s, i, n);
}

void db_reset(db_stmt *s)
{
    s->ops->reset(s);
}

void db_finalize(db_stmt *s)
{
    if (s)
        s->ops->finalize(s);
}

bool db_change_mark(db *d, db_mark *out)
{
    td_error err = {0};
    if (!d->ops->change_mark)
        return false;
    double t0 = now_seconds();
    td_status st = d->ops->change_mark(d, out, &err);
    db_seconds += now_seconds() - t0;
    /* not read: nothing may be taken as unchanged */
    return st == TD_OK;
}

uint64_t db_own_writes(db *d)
{
    return d->ops->own_writes ? d->ops->own_writes(d) : 0;
}
