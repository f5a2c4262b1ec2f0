/* accounts.c — see accounts.h. */
#include "accounts.h"

#include <sodium.h>
#include <string.h>

#include "policy.h"

bool accounts_init(void)
{
    return sodium_init() >= 0;
}

static char *hex(arena *a, const unsigned char *b, size_t n)
{
    char *out = arena_alloc(a, n * 2 + 1);
    sodium_bin2hex(out, n * 2 + 1, b, n);
    return out;
}

static char *random_token(arena *a)
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    return hex(a, b, sizeof b);
}

static char *token_hash(arena *a, const char *token)
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    return hex(a, h, sizeof h);
}

static td_status accounts_add_step(store *s, const user *u, const char *password, td_error *err)
{
    char hash[crypto_pwhash_STRBYTES];
    td_id id = 0;
    if (!accounts_init())
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libsodium");
    if (!password || strlen(password) < 8)
        return td_fail(err, TD_ERR_INPUT, "mật khẩu cần ít nhất 8 ký tự");
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return td_fail(err, TD_ERR_IO, "không đủ bộ nhớ để băm mật khẩu");
    return store_user_insert(s, u, hash, &id, err);
}

/* one transaction */
td_status accounts_add(store *s, const user *u, const char *password, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, accounts_add_step(s, u, password, err), err);
}

static td_status accounts_token_create_step(store *s, arena *a, const char *username, const char *name,
                                            char **token, td_error *err)
{
    user u;
    if (!accounts_init())
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libsodium");
    td_status st = store_user_by_name(s, a, username, &u, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, TD_ERR_NOTFOUND, "không có người dùng \"%s\" (xem `thidua user list`)", username);
    if (st)
        return st;
    *token = random_token(a);
    return store_token_insert(s, u.id, name, token_hash(a, *token), err);
}

/* one transaction */
td_status accounts_token_create(store *s, arena *a, const char *username, const char *name, char **token,
                                td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, accounts_token_create_step(s, a, username, name, token, err), err);
}

static td_status accounts_login_step(store *s, arena *a, const char *username, const char *password,
                                     const char *address, login_result *res, user *u, char **cookie,
                                     char **csrf, td_error *err)
{
    const char *kuser = arena_printf(a, "user:%s", username), *kaddr = arena_printf(a, "addr:%s", address);
    long by_user = 0, by_addr = 0;
    td_status st;

    *res = LOGIN_BAD;
    if (!accounts_init())
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libsodium");
    st = store_login_failures(s, kuser, ACCOUNTS_THROTTLE_SECONDS, &by_user, err);
    if (!st)
        st = store_login_failures(s, kaddr, ACCOUNTS_THROTTLE_SECONDS, &by_addr, err);
    if (st)
        return st;
    if (by_user >= ACCOUNTS_THROTTLE_LIMIT || by_addr >= ACCOUNTS_THROTTLE_LIMIT * 4) {
        *res = LOGIN_THROTTLED;
        return TD_OK;
    }
    st = store_user_by_name(s, a, username, u, err);
    bool ok = !st && u->password_hash && crypto_pwhash_str_verify(u->password_hash, password, strlen(password)) == 0;
    if (st && st != TD_ERR_NOTFOUND)
        return st;
    if (ok && u->disabled) {
        /* the right password: saying the account is locked tells its owner whom to ask */
        *res = LOGIN_DISABLED;
        return TD_OK;
    }
    if (!ok) {
        st = store_login_failure(s, kuser, err);
        if (!st)
            st = store_login_failure(s, kaddr, err);
        return st;
    }
    *cookie = random_token(a);
    *csrf = random_token(a);
    st = store_session_insert(s, token_hash(a, *cookie), u->id, *csrf, ACCOUNTS_SESSION_SECONDS, err);
    if (!st)
        *res = LOGIN_OK;
    return st;
}

/* one transaction */
td_status accounts_login(store *s, arena *a, const char *username, const char *password, const char *address,
                         login_result *res, user *u, char **cookie, char **csrf, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st
              : store_finish(
                    s, accounts_login_step(s, a, username, password, address, res, u, cookie, csrf, err),
                    err);
}

td_status accounts_session(store *s, arena *a, const char *cookie, user *u, const char **csrf, td_error *err)
{
    return store_user_by_session(s, a, token_hash(a, cookie), u, csrf, err);
}

td_status accounts_bearer(store *s, arena *a, const char *token, user *u, td_error *err)
{
    return store_user_by_token(s, a, token_hash(a, token), u, err);
}

td_status accounts_logout(store *s, const char *cookie, td_error *err)
{
    arena *a = arena_new();
    td_status st = store_session_delete(s, token_hash(a, cookie), err);
    arena_free(a);
    return st;
}

/* The demo accounts: one per role, all with the password ACCOUNTS_DEMO_PASSWORD. The hashes are
 * computed once (Argon2id, interactive limits) so that loading the demo stays fast; they are
 * demo data on a demo database, never created anywhere else. */
static const struct {
    const char *username, *display, *role, *unit, *hash;
} demo_users[] = {
    {"admin", "Quản trị hệ thống (demo)", "admin", NULL, "$argon2id$v=19$m=65536,t=2,p=1$Fc+ehw2nMpOhtoKD/x5EXQ$tH9cKyHRxeZHGsm1ufclf5BJsA11oKpmsK9skC9K/w8"},
    {"vhxh", "Cán bộ Phòng Văn hóa - Xã hội (demo)", "officer", "vh-xh", "$argon2id$v=19$m=65536,t=2,p=1$jZaRVIW6wnD2UP23EgIFMg$9nPNBQ+/Q0fEO7xYJmWvmXB5w82OklSZSEwdfHXMIWc"},
    {"thaolai", "Báo cáo viên thôn Thái Lai (demo)", "reporter", "thon-thai-lai", "$argon2id$v=19$m=65536,t=2,p=1$olv4LwmWywr0Agm+5WVSPg$Ov4KuUeXcfqH1yJnp9J2gc3vuRWBr9FP1J2uS4iAnK8"},
    {"laophu", "Báo cáo viên thôn Lão Phú (demo)", "reporter", "thon-lao-phu", "$argon2id$v=19$m=65536,t=2,p=1$yWfyggKRBRsl3x00QT+SXg$YWO+ncSBT52M0eTa5GFlSWDqcsxEg9jsgCXUcOcxn7E"},
    {"chutich", "Chủ tịch UBND xã (demo)", "leader", NULL, "$argon2id$v=19$m=65536,t=2,p=1$Q2u16EOoYhCjNs/+UaD/xg$0/Y9xBJfeJRIOWZG6klqgOsLnQ0RGdjqTXu2F47FaJA"},
    {"xem", "Người xem (demo)", "viewer", NULL, "$argon2id$v=19$m=65536,t=2,p=1$z2XYeycvk0/q2trF7ynoxA$sugUD4Gc4YUNe1l7KzcUjKGYph4MsYO3864NO9/AZPw"},
};

static td_status accounts_add_demo_step(store *s, FILE *out, td_error *err)
{
    td_status st = TD_OK;
    for (size_t i = 0; !st && i < sizeof demo_users / sizeof demo_users[0]; i++) {
        user u = {.username = demo_users[i].username, .display_name = demo_users[i].display,
                  .org_unit_code = demo_users[i].unit};
        td_id id;
        user_role_from_code(demo_users[i].role, &u.role);
        st = store_user_insert(s, &u, demo_users[i].hash, &id, err);
        if (!st && out)
            fprintf(out, "  %-8s %-9s %s\n", u.username, demo_users[i].role, u.display_name);
    }
    return st;
}

/* one transaction */
td_status accounts_add_demo(store *s, FILE *out, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, accounts_add_demo_step(s, out, err), err);
}

/* ---- changing accounts ------------------------------------------------------------------- */

td_status accounts_find(store *s, arena *a, const char *username, user *out, td_error *err)
{
    td_status st = store_user_by_name(s, a, username, out, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, TD_ERR_NOTFOUND, "không có tài khoản \"%s\"", username);
    return st;
}

/* Characters, not bytes: "mậtkhẩu" is 7 characters long. */
static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static td_status hash_password(const char *password, char hash[crypto_pwhash_STRBYTES], td_error *err)
{
    if (!accounts_init())
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libsodium");
    if (!password || utf8_length(password) < ACCOUNTS_PASSWORD_MIN)
        return td_fail(err, TD_ERR_INPUT, "mật khẩu mới cần ít nhất %d ký tự", ACCOUNTS_PASSWORD_MIN);
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return td_fail(err, TD_ERR_IO, "không đủ bộ nhớ để băm mật khẩu");
    return TD_OK;
}

static td_status accounts_change_password_step(store *s, arena *a, const user *u, const char *current,
                                               const char *new_password, const char *keep_cookie,
                                               td_error *err)
{
    char hash[crypto_pwhash_STRBYTES];
    user fresh;
    /* the hash as stored now, not as read when the request began */
    td_status st = store_user_by_id(s, a, u->id, &fresh, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, TD_ERR_NOTFOUND, "không có tài khoản \"%s\"", u->username);
    if (st)
        return st;
    if (!accounts_init())
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libsodium");
    if (!current || !fresh.password_hash ||
        crypto_pwhash_str_verify(fresh.password_hash, current, strlen(current)) != 0)
        return td_fail(err, TD_ERR_FORBIDDEN, "mật khẩu hiện tại không đúng");
    if (new_password && strcmp(new_password, current) == 0)
        return td_fail(err, TD_ERR_INPUT, "mật khẩu mới phải khác mật khẩu hiện tại");
    st = hash_password(new_password, hash, err);
    if (!st)
        st = store_user_set_password(s, u->id, hash, "user.password", err);
    if (!st)
        st = store_user_sessions_end(s, u->id, keep_cookie ? token_hash(a, keep_cookie) : NULL, false, err);
    sodium_memzero(hash, sizeof hash);
    return st;
}

/* one transaction */
td_status accounts_change_password(store *s, arena *a, const user *u, const char *current,
                                   const char *new_password, const char *keep_cookie, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st
              : store_finish(
                    s, accounts_change_password_step(s, a, u, current, new_password, keep_cookie, err), err);
}

/* Sets the hash, audited as action, and ends every session of the account. */
static td_status replace_password(store *s, td_id id, const char *password, const char *action, td_error *err)
{
    char hash[crypto_pwhash_STRBYTES];
    td_status st = hash_password(password, hash, err);
    if (!st)
        st = store_user_set_password(s, id, hash, action, err);
    if (!st)
        st = store_user_sessions_end(s, id, NULL, false, err);
    sodium_memzero(hash, sizeof hash);
    return st;
}

td_status accounts_set_password(store *s, td_id id, const char *password, td_error *err)
{
    return replace_password(s, id, password, "user.password", err);
}

/* The account by id, with a Vietnamese message when there is none. */
static td_status user_by_id(store *s, arena *a, td_id id, user *out, td_error *err)
{
    td_status st = store_user_by_id(s, a, id, out, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, TD_ERR_NOTFOUND, "không có tài khoản số %lld", (long long)id);
    return st;
}

static td_status accounts_reset_password_step(store *s, arena *a, td_id id, user *u, char **password,
                                              td_error *err)
{
    /* no 0/O, 1/l/I: the password is read off a screen and typed by hand */
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    char *pw = arena_alloc(a, ACCOUNTS_GENERATED_LENGTH + 1);
    if (!accounts_init())
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libsodium");
    for (int i = 0; i < ACCOUNTS_GENERATED_LENGTH; i++)
        pw[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    pw[ACCOUNTS_GENERATED_LENGTH] = '\0';
    *password = pw;
    td_status st = user_by_id(s, a, id, u, err);
    return st ? st : replace_password(s, id, pw, "user.reset_password", err);
}

/* one transaction */
td_status accounts_reset_password(store *s, arena *a, td_id id, user *u, char **password, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, accounts_reset_password_step(s, a, id, u, password, err), err);
}

static td_status accounts_update_step(store *s, arena *a, const user *actor, td_id id,
                                      const account_change *c, user *out, td_error *err)
{
    user before;
    /* an account of another commune does not exist for the admin (service/policy.h) */
    td_status st = policy_user(s, actor, id, err);
    if (!st)
        st = user_by_id(s, a, id, &before, err);
    if (st)
        return st;
    user after = before;
    if (c->display_name) {
        if (!*c->display_name)
            return td_fail(err, TD_ERR_INPUT, "họ tên không được để trống");
        after.display_name = c->display_name;
    }
    if (c->has_role)
        after.role = c->role;
    if (c->has_org_unit)
        after.org_unit_code = c->org_unit;
    if (c->has_disabled)
        after.disabled = c->disabled;
    /* an administrator locking itself out leaves nobody to undo it */
    if (actor && actor->id == id && after.disabled)
        return td_fail(err, TD_ERR_INPUT, "không thể tự khóa tài khoản của chính mình");
    if (actor && actor->id == id && before.role == ROLE_ADMIN && after.role != ROLE_ADMIN)
        return td_fail(err, TD_ERR_INPUT, "không thể tự bỏ vai trò quản trị của chính mình");
    bool only_state = after.disabled != before.disabled && !c->display_name && !c->has_role && !c->has_org_unit;
    const char *action = !only_state ? "user.update" : after.disabled ? "user.disable" : "user.enable";
    st = store_user_update(s, &before, &after, action, err);
    if (!st && after.disabled && !before.disabled)
        st = store_user_sessions_end(s, id, NULL, true, err);
    if (!st)
        st = store_user_by_id(s, a, id, out, err);
    return st;
}

/* one transaction */
td_status accounts_update(store *s, arena *a, const user *actor, td_id id, const account_change *c, user *out,
                          td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, accounts_update_step(s, a, actor, id, c, out, err), err);
}

static td_status passwd_step(store *s, arena *a, const char *username, const char *password, td_error *err)
{
    user u;
    td_status st = accounts_find(s, a, username, &u, err);
    return st ? st : accounts_set_password(s, u.id, password, err);
}

td_status accounts_passwd(store *s, arena *a, const char *username, const char *password, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, passwd_step(s, a, username, password, err), err);
}

static td_status set_disabled_step(store *s, arena *a, const char *username, bool disabled, td_error *err)
{
    user u, out;
    account_change change = {.has_disabled = true, .disabled = disabled};
    td_status st = accounts_find(s, a, username, &u, err);
    return st ? st : accounts_update_step(s, a, NULL, u.id, &change, &out, err);
}

td_status accounts_set_disabled(store *s, arena *a, const char *username, bool disabled, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, set_disabled_step(s, a, username, disabled, err), err);
}
