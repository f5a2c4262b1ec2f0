/* migrate.h — versioned schema migrations, run when a store is opened.
 *
 * Migration N is applied once, in its own transaction together with its row in
 * schema_migrations, so an interrupted upgrade leaves the database at N-1, never between.
 * An old database is upgraded in place, never rebuilt; a database whose version is newer
 * than the newest migration this binary knows is refused, not opened. */
#ifndef TD_MIGRATE_H
#define TD_MIGRATE_H

#include <stddef.h>

#include "core/embedded.h"
#include "db.h"

struct migration {
    int version;      /* rising: 1, 2, … (a number may be skipped) */
    const char *name; /* "0001_init" */
    const char *sql;
};

/* Builds the list from embedded files named "NNNN_name.sql"; returns the count, or 0 when
 * a name does not start with four digits or the versions do not rise. A gap is allowed: a
 * number reserved by work merged later; migrate_run applies it then. */
size_t migrate_from_embedded(const struct embedded_file *files, struct migration *out, size_t cap);

/* The highest version applied; 0 for an empty database. */
td_status migrate_current(db *d, int *version, td_error *err);

/* Applies every migration above the current version. *from and *to (either may be NULL)
 * receive the versions before and after. */
td_status migrate_run(db *d, const struct migration *list, size_t n, int *from, int *to, td_error *err);

#endif
