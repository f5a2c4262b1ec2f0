/* secret.h — secrets the server must read back in clear (the commune's mail server password),
 * kept sealed in the database with a key that is not in it (libsodium's secretbox: XSalsa20 and
 * Poly1305). A copy of the database, a backup or `thidua migrate` then carries no password in
 * clear, and nothing of the database alone opens one.
 *
 * The key is a file of 64 hex digits, made (mode 0600) the first time a secret is sealed:
 *   - THIDUA_SECRET_FILE when set;
 *   - else beside an SQLite database: thidua.db → thidua.db.key;
 *   - else (PostgreSQL) $XDG_CONFIG_HOME/thidua/secret.key, or ~/.config/thidua/secret.key.
 * Losing it loses only the sealed passwords: they are entered again. A value stored before
 * sealing existed (no "sb1:" in front) is read as it is and sealed at its next save. */
#ifndef TD_SERVICE_SECRET_H
#define TD_SERVICE_SECRET_H

#include "core/arena.h"
#include "core/error.h"
#include "store/store.h"

/* The key file for the database of s (the rules above); the caller's arena owns it. */
const char *secret_key_path(arena *a, const store *s);

/* *out = plain sealed with the key of s ("sb1:" and base64 of nonce and box). */
td_status secret_seal(arena *a, const store *s, const char *plain, const char **out, td_error *err);

/* *out = the secret in stored, opened with the key of s; a value that is not sealed is returned
 * as it is. A key that is not the one it was sealed with: TD_ERR_INPUT, saying to enter it again. */
td_status secret_open(arena *a, const store *s, const char *stored, const char **out, td_error *err);

#endif
