/* accounts.h — users, passwords, API tokens and sessions (libsodium). The CLI and the HTTP
 * API both authenticate through here. Passwords are hashed with Argon2id
 * (crypto_pwhash_str); tokens and session cookies are 32 random bytes, shown once, stored as
 * their BLAKE2b hash. */
#ifndef TD_ACCOUNTS_H
#define TD_ACCOUNTS_H

#include <stdio.h>

#include "store/store.h"

#define ACCOUNTS_SESSION_SECONDS (12 * 3600)
/* Failed logins allowed per account and per address in ACCOUNTS_THROTTLE_SECONDS. */
#define ACCOUNTS_THROTTLE_LIMIT 5
#define ACCOUNTS_THROTTLE_SECONDS 900

/* Initialises libsodium once; false when it cannot. */
bool accounts_init(void);

/* Creates a user; the password must have at least 8 characters. */
td_status accounts_add(store *s, const user *u, const char *password, td_error *err);

/* A new API token for username, printed once by the caller (hex, 64 characters). */
td_status accounts_token_create(store *s, arena *a, const char *username, const char *name, char **token,
                                td_error *err);

typedef enum login_result { LOGIN_OK, LOGIN_BAD, LOGIN_THROTTLED } login_result;

/* Checks the password, throttling per account and per address. On LOGIN_OK sets *u, a new
 * session cookie value *cookie and its CSRF token *csrf. */
td_status accounts_login(store *s, arena *a, const char *username, const char *password, const char *address,
                         login_result *res, user *u, char **cookie, char **csrf, td_error *err);

/* The user of a session cookie (and its CSRF token) or of a bearer token; TD_ERR_NOTFOUND when
 * neither is valid. */
td_status accounts_session(store *s, arena *a, const char *cookie, user *u, const char **csrf, td_error *err);
td_status accounts_bearer(store *s, arena *a, const char *token, user *u, td_error *err);
td_status accounts_logout(store *s, const char *cookie, td_error *err);

/* The password of every demo account. */
#define ACCOUNTS_DEMO_PASSWORD "thidua-demo-2026"

/* Creates the demo accounts (one per role; reporters of thôn Thái Lai and thôn Lão Phú) and
 * lists them on out. */
td_status accounts_add_demo(store *s, FILE *out, td_error *err);

#endif
