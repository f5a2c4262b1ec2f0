/* test_accounts.c — changing accounts (src/service/accounts.c): own password, reset, disable. */
#include "cmocka_all.h"

#include <string.h>

#include "demo_store.h"
#include "service/accounts.h"

/* The demo store with its accounts; *admin and *rep receive two of them. */
static void open_with_accounts(demo_store *d, arena *a, user *admin, user *rep)
{
    td_error e = {0};
    demo_store_open(d);
    assert_int_equal(accounts_add_demo(d->s, NULL, &e), TD_OK);
    assert_int_equal(accounts_find(d->s, a, "admin", admin, &e), TD_OK);
    assert_int_equal(accounts_find(d->s, a, "thaolai", rep, &e), TD_OK);
}

static login_result try_login(store *s, arena *a, const char *username, const char *password)
{
    login_result res;
    user u;
    char *cookie, *csrf;
    td_error e = {0};
    assert_int_equal(accounts_login(s, a, username, password, "127.0.0.1", &res, &u, &cookie, &csrf, &e),
                     TD_OK);
    return res;
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_user_changes_its_password_at_the_boundaries),
        cmocka_unit_test(a_reset_password_is_generated_and_works),
        cmocka_unit_test(a_disabled_account_cannot_log_in_and_its_sessions_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
