/* credentials.h — who a request says it is, read from its headers: the session cookie
 * "thidua_session" of a Cookie header, or the token of "Authorization: Bearer …". Only the
 * reading; accounts_session and accounts_bearer (accounts.h) decide whom it names.
 *
 * Pure; fuzz/fuzz_credentials.c feeds it any bytes. */
#ifndef TD_CREDENTIALS_H
#define TD_CREDENTIALS_H

#include "core/arena.h"

/* The name of the session cookie the server sets. */
#define CREDENTIALS_COOKIE "thidua_session"

/* The value of the cookie thidua_session in a Cookie header ("a=1; thidua_session=…"), copied
 * into a; NULL when header is NULL, holds no such cookie or the value is empty. A name that
 * merely ends in thidua_session ("xthidua_session=…") is not it. */
const char *credentials_session_cookie(arena *a, const char *header);

/* The token of an Authorization header "Bearer TOKEN" (the scheme is case-insensitive, as
 * RFC 7235 says; spaces around the token are dropped), copied into a; NULL for another scheme,
 * no header or an empty token. */
const char *credentials_bearer(arena *a, const char *header);

#endif
