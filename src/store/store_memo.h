/* store_memo.h — what a request reads on every call (the account behind an API token, a plan's
 * commune and state) kept in memory between requests, and never served once it may have changed.
 *
 * Valid only between store_memo_begin and store_memo_end (the HTTP layer brackets each request
 * with them): begin reads the database's change mark (db_change_mark: one small read in SQLite,
 * PRAGMA data_version, which moves whenever any other connection of any process committed) and
 * forgets everything when it moved; an entry is also taken only while this connection has not
 * written since it was read (a write, a rollback, a script). So a token revoked, an account
 * disabled, a role or unit changed, by the API on any worker or by the CLI in another process,
 * is seen by the very next request. Where the backend cannot tell (PostgreSQL) nothing is kept
 * and every read goes to the database. Outside a request (the CLI, the reminders) it is off. */
#ifndef TD_STORE_MEMO_H
#define TD_STORE_MEMO_H

#include "store.h"

void store_memo_begin(store *s);
void store_memo_end(store *s);
/* Forgets everything and frees it (store_close). */
void store_memo_free(store *s);

#endif
