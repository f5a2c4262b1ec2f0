/* accounts.h — users, passwords, API tokens and sessions (libsodium). The CLI and the HTTP
 * API both authenticate through here. Passwords are hashed with Argon2id
 * (crypto_pwhash_str); tokens and session cookies are 32 random bytes, shown once, stored as
 * their BLAKE2b hash. Each function that changes something is one transaction of its own (the
 * front ends open none): call none of them inside another transaction. */
#ifndef TD_ACCOUNTS_H
#define TD_ACCOUNTS_H

#include <stdio.h>

#include "store/store.h"

#define ACCOUNTS_SESSION_SECONDS (12 * 3600)
/* The login throttle, over the last ACCOUNTS_THROTTLE_SECONDS:
 * - an account name with ACCOUNTS_THROTTLE_LIMIT failures (from any address, whether or not
 *   the account exists) is refused (LOGIN_THROTTLED, HTTP 429) even with the right password:
 *   those failures were on that account;
 * - an address with ACCOUNTS_ADDRESS_LIMIT failures (on any names) is refused on every name it
 *   has itself failed on in that time, and only on those: a name it has not tried is still
 *   checked, so the right password of an account nobody guessed at logs in even from an
 *   address shared with a guesser (a commune office behind one NAT address). Failures on
 *   other names never lock a correct password out.
 * Throttled attempts do no Argon2 work and record nothing. */
#define ACCOUNTS_THROTTLE_LIMIT 5
#define ACCOUNTS_ADDRESS_LIMIT (ACCOUNTS_THROTTLE_LIMIT * 4)
#define ACCOUNTS_THROTTLE_SECONDS 900

/* A user name: 1 to ACCOUNTS_USERNAME_MAX ASCII letters, digits and . _ - @, typed at every
 * login on any keyboard, and never two names that look alike (no diacritics, no NFC/NFD
 * twins, no spaces). */
#define ACCOUNTS_USERNAME_MAX 32
/* A display name: 1 to ACCOUNTS_DISPLAY_NAME_MAX characters on one line (it fits a table row
 * and the audit trail). */
#define ACCOUNTS_DISPLAY_NAME_MAX 100
/* The longest password taken: Argon2 reads all of it, so a megabyte password costs work. */
#define ACCOUNTS_PASSWORD_MAX_BYTES 1024

/* TD_ERR_INPUT with the reason for a user name or a display name outside the rules above. */
td_status accounts_check_username(const char *name, td_error *err);
td_status accounts_check_display_name(const char *name, td_error *err);

/* Initialises libsodium once; false when it cannot. */
bool accounts_init(void);

/* Creates a user; the password must have at least 8 characters. */
td_status accounts_add(store *s, const user *u, const char *password, td_error *err);

/* A new API token for username, printed once by the caller (hex, 64 characters). */
td_status accounts_token_create(store *s, arena *a, const char *username, const char *name, char **token,
                                td_error *err);

/* LOGIN_DISABLED: the right password for an account the administrator has disabled. */
typedef enum login_result { LOGIN_OK, LOGIN_BAD, LOGIN_THROTTLED, LOGIN_DISABLED } login_result;

/* Checks the password, throttling per account and per address (see above). On LOGIN_OK sets
 * *u, a new session cookie value *cookie and its CSRF token *csrf. Every attempt that is not
 * throttled checks exactly one Argon2id hash: the account's, or accounts_dummy_hash() for an
 * unknown name or an account without a password, so that the time taken does not tell which
 * accounts exist (a disabled account checks its own). TD_ERR_INPUT for a name longer than
 * ACCOUNTS_USERNAME_MAX or a password longer than ACCOUNTS_PASSWORD_MAX_BYTES. address is the
 * client's, as accounts_client_address gives it. */
td_status accounts_login(store *s, arena *a, const char *username, const char *password, const char *address,
                         login_result *res, user *u, char **cookie, char **csrf, td_error *err);

/* Behind a reverse proxy every client comes from the proxy's address, and one guesser would
 * throttle everyone: the address of a client is then taken from X-Forwarded-For, but only when
 * the connection comes from a proxy the configuration trusts (`thidua serve --trust-proxy
 * ADDR[,ADDR]`); anyone else could write any address there. */
#define ACCOUNTS_MAX_PROXIES 16

/* Sets the trusted proxies from "10.0.0.2,::1" (NULL or "": none); TD_ERR_USAGE naming an entry
 * that is not an IP address. Called once, before the server's threads start. */
td_status accounts_trust_proxies(const char *list, td_error *err);

/* The client's address for the login throttle: peer (the TCP peer) in its usual text form,
 * unless peer is a trusted proxy and forwarded_for (the X-Forwarded-For header, several joined
 * by ",", or NULL) is given: then the rightmost address in it that is not a trusted proxy (the
 * leftmost when all are), or peer when that entry is not an address. */
const char *accounts_client_address(arena *a, const char *peer, const char *forwarded_for);

/* The hash that stands for a missing account's (same Argon2id parameters as accounts_add). */
const char *accounts_dummy_hash(void);

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

/* ---- changing accounts ------------------------------------------------------------------- */

/* A password chosen by its owner has at least this many characters. */
#define ACCOUNTS_PASSWORD_MIN 10
/* The length of a password generated by a reset (from an alphabet without look-alikes). */
#define ACCOUNTS_GENERATED_LENGTH 14

/* The account named username, with a Vietnamese message when there is none. */
td_status accounts_find(store *s, arena *a, const char *username, user *out, td_error *err);

/* u changes its own password: TD_ERR_FORBIDDEN when current is wrong, TD_ERR_INPUT when the new
 * one is shorter than ACCOUNTS_PASSWORD_MIN characters or equals the current one. The other
 * sessions of u end; keep_cookie (the session making the change, or NULL) stays. Audited as
 * "user.password". */
td_status accounts_change_password(store *s, arena *a, const user *u, const char *current, const char *new_password,
                                   const char *keep_cookie, td_error *err);

/* Sets the password of account id without asking for the old one (the administrator, or the
 * command line): at least ACCOUNTS_PASSWORD_MIN characters. Its sessions end. Audited as
 * "user.password". */
td_status accounts_set_password(store *s, td_id id, const char *password, td_error *err);

/* Gives account id (read into *u) a new generated password, returned once in *password (in a);
 * its sessions end. Audited as "user.reset_password". */
td_status accounts_reset_password(store *s, arena *a, td_id id, user *u, char **password, td_error *err);

/* What an administrator changes on an account; a field is left alone when its has_ is false. */
typedef struct account_change {
    const char *display_name; /* NULL: unchanged */
    bool has_role;
    user_role role;
    bool has_org_unit;
    const char *org_unit; /* NULL with has_org_unit: no unit */
    bool has_disabled;
    bool disabled;
} account_change;

/* Applies c to account id on behalf of actor and returns the account as it now is in *out. A
 * disabled account cannot log in, and its sessions and API tokens end at once. An administrator
 * cannot disable itself or take away its own administrator role (TD_ERR_INPUT). Audited as
 * "user.disable", "user.enable" or "user.update". */
/* The command line's `user passwd NAME` and `user disable|enable NAME`: the account found by its
 * name and changed, in one transaction. */
td_status accounts_passwd(store *s, arena *a, const char *username, const char *password, td_error *err);
td_status accounts_set_disabled(store *s, arena *a, const char *username, bool disabled, td_error *err);

td_status accounts_update(store *s, arena *a, const user *actor, td_id id, const account_change *c, user *out,
                          td_error *err);

#endif
