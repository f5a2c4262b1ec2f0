/* db_pg.h — what the PostgreSQL backend (db_pg.c) shows beyond its db_ops table: its two
 * rewrites of SQL, kept apart so that a unit test can check them without a server. */
#ifndef TD_DB_PG_H
#define TD_DB_PG_H

#include <stddef.h>

#include "db.h"

/* sql with each `?` outside literals, quoted names and comments numbered $1, $2, … into out
 * (cap bytes, always terminated); *nparams receives the count. Returns the length it needed. */
size_t db_pg_placeholders(const char *sql, char *out, size_t cap, int *nparams);

/* A migration script in the migrations' dialect (SQLite's) as PostgreSQL reads it, in a new
 * malloc'd string; the one place where the dialects' differences live (see db_pg.c). */
td_status db_pg_translate(const char *sql, char **out, td_error *err);

#endif
