/* test_accounts.c — changing accounts (src/service/accounts.c): own password, reset, disable. */
#include "cmocka_all.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "demo_store.h"
#include "service/accounts.h"

/* Every call of crypto_pwhash_str_verify comes here first (-Wl,--wrap, tests/meson.build): the
 * tests count the Argon2 checks a login does and see which hash each one read. */
int __real_crypto_pwhash_str_verify(const char *str, const char *passwd, unsigned long long passwdlen);
int __wrap_crypto_pwhash_str_verify(const char *str, const char *passwd, unsigned long long passwdlen);
static int checks;
static char checked_hash[crypto_pwhash_STRBYTES];

int __wrap_crypto_pwhash_str_verify(const char *str, const char *passwd, unsigned long long passwdlen)
{
    checks++;
    snprintf(checked_hash, sizeof checked_hash, "%s", str);
    return __real_crypto_pwhash_str_verify(str, passwd, passwdlen);
}

/* The demo store with its accounts; *admin and *rep receive two of them. */
static void open_with_accounts(demo_store *d, arena *a, user *admin, user *rep)
{
    td_error e = {0};
    demo_store_open(d);
    assert_int_equal(accounts_add_demo(d->s, NULL, &e), TD_OK);
    assert_int_equal(accounts_find(d->s, a, "admin", admin, &e), TD_OK);
    assert_int_equal(accounts_find(d->s, a, "thaolai", rep, &e), TD_OK);
}

static login_result login_from(store *s, arena *a, const char *address, const char *username,
                               const char *password)
{
    login_result res;
    user u;
    char *cookie, *csrf;
    td_error e = {0};
    assert_int_equal(accounts_login(s, a, username, password, address, &res, &u, &cookie, &csrf, &e), TD_OK);
    return res;
}

static login_result try_login(store *s, arena *a, const char *username, const char *password)
{
    return login_from(s, a, "127.0.0.1", username, password);
}

static void a_user_changes_its_password_at_the_boundaries(void **state)
{
    demo_store d;
    arena *a = arena_new();
    user admin, rep;
    td_error e = {0};
    open_with_accounts(&d, a, &admin, &rep);

    assert_int_equal(accounts_change_password(d.s, a, &rep, "sai", "mat-khau-moi-dai", NULL, &e),
                     TD_ERR_FORBIDDEN);
    assert_string_equal(e.msg, "mật khẩu hiện tại không đúng");
    /* 9 characters refused, 10 taken; characters, not bytes: "mật khẩu " is 9 characters in 13 bytes */
    assert_int_equal(accounts_change_password(d.s, a, &rep, ACCOUNTS_DEMO_PASSWORD, "mật khẩu ", NULL, &e),
                     TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "ít nhất 10 ký tự"));
    assert_int_equal(
        accounts_change_password(d.s, a, &rep, ACCOUNTS_DEMO_PASSWORD, ACCOUNTS_DEMO_PASSWORD, NULL, &e),
        TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "khác mật khẩu hiện tại"));
    assert_int_equal(try_login(d.s, a, "thaolai", ACCOUNTS_DEMO_PASSWORD), LOGIN_OK);
    assert_int_equal(accounts_change_password(d.s, a, &rep, ACCOUNTS_DEMO_PASSWORD, "mật khẩu 1", NULL, &e),
                     TD_OK);
    assert_int_equal(try_login(d.s, a, "thaolai", ACCOUNTS_DEMO_PASSWORD), LOGIN_BAD);
    assert_int_equal(try_login(d.s, a, "thaolai", "mật khẩu 1"), LOGIN_OK);
    demo_store_close(&d);
    arena_free(a);
}

static void a_reset_password_is_generated_and_works(void **state)
{
    demo_store d;
    arena *a = arena_new();
    user admin, rep, got;
    char *first = NULL, *second = NULL;
    td_error e = {0};
    open_with_accounts(&d, a, &admin, &rep);

    assert_int_equal(accounts_reset_password(d.s, a, rep.id, &got, &first, &e), TD_OK);
    assert_string_equal(got.username, "thaolai");
    assert_int_equal(strlen(first), ACCOUNTS_GENERATED_LENGTH);
    /* no characters that read alike on a screen */
    assert_null(strpbrk(first, "0O1lI"));
    assert_int_equal(try_login(d.s, a, "thaolai", ACCOUNTS_DEMO_PASSWORD), LOGIN_BAD);
    assert_int_equal(try_login(d.s, a, "thaolai", first), LOGIN_OK);
    assert_int_equal(accounts_reset_password(d.s, a, rep.id, &got, &second, &e), TD_OK);
    assert_string_not_equal(first, second);
    assert_int_equal(accounts_reset_password(d.s, a, 9999, &got, &second, &e), TD_ERR_NOTFOUND);
    demo_store_close(&d);
    arena_free(a);
}

static void a_disabled_account_cannot_log_in_and_its_sessions_end(void **state)
{
    demo_store d;
    arena *a = arena_new();
    user admin, rep, out, who;
    login_result res;
    char *cookie, *csrf, *token;
    const char *csrf_back;
    td_error e = {0};
    open_with_accounts(&d, a, &admin, &rep);
    assert_int_equal(accounts_login(d.s, a, "thaolai", ACCOUNTS_DEMO_PASSWORD, "127.0.0.1", &res, &who,
                                    &cookie, &csrf, &e),
                     TD_OK);
    assert_int_equal(accounts_token_create(d.s, a, "thaolai", "test", &token, &e), TD_OK);

    account_change off = {.has_disabled = true, .disabled = true};
    assert_int_equal(accounts_update(d.s, a, &admin, rep.id, &off, &out, &e), TD_OK);
    assert_true(out.disabled);
    assert_int_equal(accounts_session(d.s, a, cookie, &who, &csrf_back, &e), TD_ERR_NOTFOUND);
    assert_int_equal(accounts_bearer(d.s, a, token, &who, &e), TD_ERR_NOTFOUND);
    assert_int_equal(try_login(d.s, a, "thaolai", ACCOUNTS_DEMO_PASSWORD), LOGIN_DISABLED);
    assert_int_equal(try_login(d.s, a, "thaolai", "sai-mat-khau"), LOGIN_BAD);

    account_change on = {.has_disabled = true, .disabled = false};
    assert_int_equal(accounts_update(d.s, a, &admin, rep.id, &on, &out, &e), TD_OK);
    assert_int_equal(try_login(d.s, a, "thaolai", ACCOUNTS_DEMO_PASSWORD), LOGIN_OK);
    /* the token revoked with the disabling stays revoked */
    assert_int_equal(accounts_bearer(d.s, a, token, &who, &e), TD_ERR_NOTFOUND);

    /* an administrator cannot lock itself out */
    assert_int_equal(accounts_update(d.s, a, &admin, admin.id, &off, &out, &e), TD_ERR_INPUT);
    account_change demote = {.has_role = true, .role = ROLE_VIEWER};
    assert_int_equal(accounts_update(d.s, a, &admin, admin.id, &demote, &out, &e), TD_ERR_INPUT);
    /* a reporter keeps a unit */
    account_change no_unit = {.has_org_unit = true, .org_unit = NULL};
    assert_int_equal(accounts_update(d.s, a, &admin, rep.id, &no_unit, &out, &e), TD_ERR_INPUT);
    account_change moved = {
        .has_org_unit = true, .org_unit = "thon-9", .display_name = "Báo cáo viên thôn 9"};
    assert_int_equal(accounts_update(d.s, a, &admin, rep.id, &moved, &out, &e), TD_OK);
    assert_string_equal(out.org_unit_name, "Thôn 9");
    assert_string_equal(out.display_name, "Báo cáo viên thôn 9");
    demo_store_close(&d);
    arena_free(a);
}

/* One Argon2 check per login, whoever asks: the account's own hash, the dummy one for a name
 * that is no account; none when the attempt is throttled. */
static void every_login_checks_one_hash(void **state)
{
    demo_store d;
    arena *a = arena_new();
    user admin, rep, out;
    td_error e = {0};
    open_with_accounts(&d, a, &admin, &rep);

    /* the dummy hash costs what a real one costs: the parameters accounts_add uses today */
    assert_int_equal(crypto_pwhash_str_needs_rehash(accounts_dummy_hash(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                    crypto_pwhash_MEMLIMIT_INTERACTIVE),
                     0);
    assert_int_equal(
        strncmp(accounts_dummy_hash(), admin.password_hash, strlen("$argon2id$v=19$m=65536,t=2,p=1$")), 0);

    checks = 0;
    assert_int_equal(try_login(d.s, a, "khong-co-ai", "thidua-demo-2026"), LOGIN_BAD);
    assert_int_equal(checks, 1);
    assert_string_equal(checked_hash, accounts_dummy_hash());
    assert_int_equal(try_login(d.s, a, "admin", "sai-mat-khau"), LOGIN_BAD);
    assert_int_equal(checks, 2);
    assert_string_equal(checked_hash, admin.password_hash);

    account_change off = {.has_disabled = true, .disabled = true};
    assert_int_equal(accounts_update(d.s, a, &admin, rep.id, &off, &out, &e), TD_OK);
    assert_int_equal(try_login(d.s, a, "thaolai", "sai-mat-khau"), LOGIN_BAD);
    assert_int_equal(checks, 3);
    assert_string_equal(checked_hash, rep.password_hash);
    assert_int_equal(try_login(d.s, a, "thaolai", ACCOUNTS_DEMO_PASSWORD), LOGIN_DISABLED);
    assert_int_equal(checks, 4);

    /* five failures on a name: the sixth attempt is refused without any Argon2 work */
    for (int i = 0; i < 3; i++)
        assert_int_equal(try_login(d.s, a, "khong-co-ai", "x"), LOGIN_BAD);
    assert_int_equal(checks, 7);
    assert_int_equal(try_login(d.s, a, "khong-co-ai", "x"), LOGIN_BAD);
    assert_int_equal(try_login(d.s, a, "khong-co-ai", "x"), LOGIN_THROTTLED);
    assert_int_equal(checks, 8);
    demo_store_close(&d);
    arena_free(a);
    (void)state;
}

/* 21 failures with invented names from one address do not lock the administrator out of the
 * right password from that address; the names the address tried are refused to it. */
static void the_address_limit_spares_a_correct_password(void **state)
{
    demo_store d;
    arena *a = arena_new();
    user admin, rep;
    char name[32];
    open_with_accounts(&d, a, &admin, &rep);
    for (int i = 0; i < ACCOUNTS_ADDRESS_LIMIT + 1; i++) {
        snprintf(name, sizeof name, "bia-%d", i);
        assert_int_equal(login_from(d.s, a, "203.0.113.7", name, "doan-bua"), LOGIN_BAD);
    }
    assert_int_equal(login_from(d.s, a, "203.0.113.7", "admin", ACCOUNTS_DEMO_PASSWORD), LOGIN_OK);
    /* over its limit, the address gets 429 on the names it tried, and only from itself */
    assert_int_equal(login_from(d.s, a, "203.0.113.7", "bia-0", "doan-bua"), LOGIN_THROTTLED);
    assert_int_equal(login_from(d.s, a, "198.51.100.2", "bia-0", "doan-bua"), LOGIN_BAD);
    /* a name it has not tried is still checked: wrong is wrong, not throttled */
    checks = 0;
    assert_int_equal(login_from(d.s, a, "203.0.113.7", "vhxh", "sai-mat-khau"), LOGIN_BAD);
    assert_int_equal(checks, 1);
    /* ... and now it has */
    assert_int_equal(login_from(d.s, a, "203.0.113.7", "vhxh", ACCOUNTS_DEMO_PASSWORD), LOGIN_THROTTLED);
    assert_int_equal(login_from(d.s, a, "127.0.0.1", "vhxh", ACCOUNTS_DEMO_PASSWORD), LOGIN_OK);
    demo_store_close(&d);
    arena_free(a);
    (void)state;
}

/* Five failures on one account from five addresses lock that account, right password included,
 * from every address; the other accounts of those addresses log in. */
static void the_account_limit_counts_every_address(void **state)
{
    demo_store d;
    arena *a = arena_new();
    user admin, rep;
    char addr[32];
    open_with_accounts(&d, a, &admin, &rep);
    for (int i = 0; i < ACCOUNTS_THROTTLE_LIMIT; i++) {
        snprintf(addr, sizeof addr, "192.0.2.%d", i + 1);
        assert_int_equal(login_from(d.s, a, addr, "admin", "doan-bua"), LOGIN_BAD);
    }
    assert_int_equal(login_from(d.s, a, "192.0.2.99", "admin", ACCOUNTS_DEMO_PASSWORD), LOGIN_THROTTLED);
    assert_int_equal(login_from(d.s, a, "192.0.2.1", "vhxh", ACCOUNTS_DEMO_PASSWORD), LOGIN_OK);
    demo_store_close(&d);
    arena_free(a);
    (void)state;
}

/* A user name's length and characters, a display name's length, a password's length: each
 * refused with its reason, at the boundary. */
static void names_are_checked_at_their_limits(void **state)
{
    demo_store d;
    arena *a = arena_new();
    user admin, rep, out;
    td_error e = {0};
    char longest[ACCOUNTS_USERNAME_MAX + 2], display[4 * ACCOUNTS_DISPLAY_NAME_MAX];
    open_with_accounts(&d, a, &admin, &rep);

    memset(longest, 'n', ACCOUNTS_USERNAME_MAX + 1);
    longest[ACCOUNTS_USERNAME_MAX + 1] = '\0';
    user u = {.username = longest, .role = ROLE_VIEWER};
    assert_int_equal(accounts_add(d.s, &u, "mat-khau-dai-2", &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "dài quá 32"));
    longest[ACCOUNTS_USERNAME_MAX] = '\0';
    assert_int_equal(accounts_add(d.s, &u, "mat-khau-dai-2", &e), TD_OK);
    static const char *const refused[] = {"Nguyễn", "an ninh", "", "a/b", "x\ty"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        user v = {.username = refused[i], .role = ROLE_VIEWER};
        assert_int_equal(accounts_add(d.s, &v, "mat-khau-dai-2", &e), TD_ERR_INPUT);
    }
    user ok = {.username = "can.bo_vh-xh@kienhai", .role = ROLE_VIEWER};
    assert_int_equal(accounts_add(d.s, &ok, "mat-khau-dai-2", &e), TD_OK);

    /* 100 characters of "ễ" (3 bytes each) are 100 characters, not 300 */
    display[0] = '\0';
    for (int i = 0; i < ACCOUNTS_DISPLAY_NAME_MAX; i++)
        strcat(display, "ễ");
    account_change named = {.display_name = display};
    assert_int_equal(accounts_update(d.s, a, &admin, rep.id, &named, &out, &e), TD_OK);
    strcat(display, "a");
    assert_int_equal(accounts_update(d.s, a, &admin, rep.id, &named, &out, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "dài quá 100"));
    account_change two_lines = {.display_name = "Báo cáo viên\nthôn 9"};
    assert_int_equal(accounts_update(d.s, a, &admin, rep.id, &two_lines, &out, &e), TD_ERR_INPUT);

    /* at login, a name no account can have is refused for its shape, before any work */
    login_result res;
    char *cookie, *csrf;
    memset(longest, 'n', ACCOUNTS_USERNAME_MAX + 1);
    checks = 0;
    assert_int_equal(accounts_login(d.s, a, longest, "x", "127.0.0.1", &res, &out, &cookie, &csrf, &e),
                     TD_ERR_INPUT);
    assert_int_equal(checks, 0);
    demo_store_close(&d);
    arena_free(a);
    (void)state;
}

/* X-Forwarded-For is believed only from a trusted proxy, and only as far as the first address
 * no trusted proxy wrote. */
static void the_client_address_comes_from_trusted_proxies_only(void **state)
{
    arena *a = arena_new();
    td_error e = {0};
    assert_int_equal(accounts_trust_proxies(NULL, &e), TD_OK);
    assert_string_equal(accounts_client_address(a, "10.0.0.1", "1.2.3.4"), "10.0.0.1");
    assert_string_equal(accounts_client_address(a, "::ffff:10.0.0.1", NULL), "10.0.0.1");

    assert_int_equal(accounts_trust_proxies("127.0.0.1,::1, 10.0.0.2", &e), TD_OK);
    assert_string_equal(accounts_client_address(a, "127.0.0.1", "1.2.3.4"), "1.2.3.4");
    assert_string_equal(accounts_client_address(a, "::1", "2001:db8::7"), "2001:db8::7");
    /* what the client wrote itself, left of what our proxy saw, is no proof */
    assert_string_equal(accounts_client_address(a, "127.0.0.1", "6.6.6.6, 1.2.3.4"), "1.2.3.4");
    /* two trusted proxies in a row */
    assert_string_equal(accounts_client_address(a, "127.0.0.1", "6.6.6.6,1.2.3.4, 10.0.0.2"), "1.2.3.4");
    assert_string_equal(accounts_client_address(a, "::ffff:127.0.0.1", "[2001:db8::1]:443"), "2001:db8::1");
    assert_string_equal(accounts_client_address(a, "127.0.0.1", "1.2.3.4:5678"), "1.2.3.4");
    assert_string_equal(accounts_client_address(a, "127.0.0.1", "không phải địa chỉ"), "127.0.0.1");
    assert_string_equal(accounts_client_address(a, "127.0.0.1", "10.0.0.2"), "10.0.0.2");
    assert_string_equal(accounts_client_address(a, "127.0.0.1", NULL), "127.0.0.1");
    /* a peer that is no trusted proxy cannot choose its address */
    assert_string_equal(accounts_client_address(a, "10.9.9.9", "1.2.3.4"), "10.9.9.9");

    assert_int_equal(accounts_trust_proxies("10.0.0.2,proxy.local", &e), TD_ERR_USAGE);
    assert_non_null(strstr(e.msg, "\"proxy.local\" không phải địa chỉ IP"));
    assert_int_equal(accounts_trust_proxies(NULL, &e), TD_OK);
    arena_free(a);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_user_changes_its_password_at_the_boundaries),
        cmocka_unit_test(a_reset_password_is_generated_and_works),
        cmocka_unit_test(a_disabled_account_cannot_log_in_and_its_sessions_end),
        cmocka_unit_test(every_login_checks_one_hash),
        cmocka_unit_test(the_address_limit_spares_a_correct_password),
        cmocka_unit_test(the_account_limit_counts_every_address),
        cmocka_unit_test(names_are_checked_at_their_limits),
        cmocka_unit_test(the_client_address_comes_from_trusted_proxies_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
