/* db.c — dispatch from the portable db_* calls to the backend's table; see db.h. */
#include "db.h"

#include <string.h>

td_status db_open(const char *url, db **out, td_error *err)
{
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
        return td_fail(err, TD_ERR_USAGE, "chưa hỗ trợ PostgreSQL trong phiên bản này: %s", url);
    return db_sqlite_ops.open(url, out, err);
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
    return d->ops->exec(d, sql, err);
}

td_status db_begin(db *d, td_error *err)
{
    return d->ops->exec(d, "BEGIN", err);
}

td_status db_commit(db *d, td_error *err)
{
    return d->ops->exec(d, "COMMIT", err);
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
    return s->ops->step(s, row, err);
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
