/* db.c — dispatch from the portable db_* calls to the backend's table; see db.h. */
#include "db.h"

#include <string.h>

static bool supported(const char *url, td_error *err)
{
    if (strncmp(url, "postgresql://", 13) != 0 && strncmp(url, "postgres://", 11) != 0)
        return true;
    td_fail(err, TD_ERR_USAGE, "chưa hỗ trợ PostgreSQL trong phiên bản này: %s", url);
    return false;
}

td_status db_open(const char *url, db **out, td_error *err)
{
    if (!supported(url, err))
        return err ? err->status : TD_ERR_USAGE;
    return db_sqlite_ops.open(url, out, err);
}

td_status db_open_readonly(const char *url, db **out, td_error *err)
{
    if (!supported(url, err))
        return err ? err->status : TD_ERR_USAGE;
    return db_sqlite_ops.open_readonly(url, out, err);
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

td_status db_begin_write(db *d, td_error *err)
{
    return d->ops->begin_write(d, err);
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
