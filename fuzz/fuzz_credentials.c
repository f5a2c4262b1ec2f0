/* fuzz_credentials.c — libFuzzer target: who a request says it is. The input is two header
 * values, the Cookie header before the first newline and the Authorization header after it;
 * they are read (src/service/credentials.c) and looked up (accounts_session, accounts_bearer)
 * in a temporary database that knows one session and one token, both FUZZ_TOKEN (the corpus
 * holds headers that carry it). Only that exact token may be let in, and only as its user. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_store.h"
#include "service/accounts.h"
#include "service/credentials.h"

#define FUZZ_TOKEN "6675a2a0c1b84f8f9c7e21d3b4a5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static td_id fuzz_user_id;

/* The stored form of a token, as accounts.c keeps it: the hex BLAKE2b hash. */
static void token_hash(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static store *setup(void)
{
    store *s = fuzz_store();
    if (fuzz_user_id)
        return s;
    const user u = {.username = "fuzz-admin", .display_name = "Fuzz", .role = ROLE_ADMIN};
    char hash[65];
    td_error e = {0};
    token_hash(FUZZ_TOKEN, hash);
    if (!accounts_init() || store_user_insert(s, &u, "$argon2id$not-a-password", &fuzz_user_id, &e) != TD_OK ||
        store_session_insert(s, hash, fuzz_user_id, "csrf", 3600, &e) != TD_OK ||
        store_token_insert(s, fuzz_user_id, "fuzz", hash, &e) != TD_OK) {
        fprintf(stderr, "fuzz credentials: %s\n", e.msg);
        abort();
    }
    return s;
}

static void check(td_status st, const char *credential, const user *u)
{
    if (st == TD_OK && (strcmp(credential, FUZZ_TOKEN) != 0 || u->id != fuzz_user_id))
        abort(); /* let in with something that is not the token, or as someone else */
    if (st != TD_OK && st != TD_ERR_NOTFOUND)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    store *s = setup();
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char *nl = strchr(text, '\n');
    const char *authorization = NULL;
    if (nl) {
        *nl = '\0';
        authorization = nl + 1;
    }
    arena *a = arena_new();
    user u;
    const char *csrf = NULL;
    td_error e = {0};
    const char *cookie = credentials_session_cookie(a, text);
    if (cookie) {
        if (!*cookie || strchr(cookie, ';') || strchr(cookie, ' '))
            abort();
        memset(&u, 0, sizeof u);
        check(accounts_session(s, a, cookie, &u, &csrf, &e), cookie, &u);
    }
    const char *token = credentials_bearer(a, authorization);
    if (token) {
        memset(&u, 0, sizeof u);
        check(accounts_bearer(s, a, token, &u, &e), token, &u);
    }
    arena_free(a);
    free(text);
    return 0;
}
