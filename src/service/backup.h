/* backup.h — a copy of the database taken while it is in use, and putting one back.
 *
 * SQLite only: the copy is made with SQLite's online backup API, so the server keeps answering
 * and writing meanwhile, and the copy is the database as it was at one moment. PostgreSQL
 * deployments use pg_dump / pg_restore (docs/reliability.md). */
#ifndef TD_BACKUP_H
#define TD_BACKUP_H

#include "store/store.h"

typedef struct backup_info {
    int schema_version; /* of the copy */
    long long bytes;    /* the copy's size */
    int schema_now;     /* after a restore: the database's version once migrated */
} backup_info;

/* Writes a copy of s to path. The copy is made beside path under a temporary name, checked
 * (store_inspect) and then renamed over path, so that path never holds half a backup. path may
 * not be the database itself (TD_ERR_USAGE). */
td_status backup_take(store *s, const char *path, backup_info *out, td_error *err);

/* Replaces the content of s with the backup at path after checking it (PRAGMA integrity_check,
 * a thidua database, a schema this binary knows: TD_ERR_INPUT or TD_ERR_VERSION otherwise, and
 * nothing is changed), migrates it to this binary's schema and records the restore in the
 * audit trail ("database.restore", with the file's name). */
td_status backup_restore(store *s, const char *path, backup_info *out, td_error *err);

#endif
