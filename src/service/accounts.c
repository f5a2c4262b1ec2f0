/* accounts.c — see accounts.h. */
#include "accounts.h"
#include "store/store_city.h"

#include <arpa/inet.h>
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

/* Characters, not bytes: "mậtkhẩu" is 7 characters long. */
static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

td_status accounts_check_username(const char *name, td_error *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0)
        return td_fail(err, TD_ERR_INPUT, "tên đăng nhập không được để trống");
    if (n > ACCOUNTS_USERNAME_MAX)
        return td_fail(err, TD_ERR_INPUT, "tên đăng nhập dài quá %d ký tự", ACCOUNTS_USERNAME_MAX);
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("._-@", *p)))
            return td_fail(
                err, TD_ERR_INPUT,
                "tên đăng nhập \"%s\" chỉ được gồm chữ cái không dấu, chữ số và các dấu . _ - @ (không "
                "dấu cách, không dấu tiếng Việt)",
                name);
    return TD_OK;
}

td_status accounts_check_display_name(const char *name, td_error *err)
{
    if (!name || !*name)
        return td_fail(err, TD_ERR_INPUT, "họ tên không được để trống");
    if (utf8_length(name) > ACCOUNTS_DISPLAY_NAME_MAX)
        return td_fail(err, TD_ERR_INPUT, "họ tên dài quá %d ký tự", ACCOUNTS_DISPLAY_NAME_MAX);
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            return td_fail(err, TD_ERR_INPUT,
                           "họ tên có ký tự điều khiển (xuống dòng, tab…); hãy viết trên một dòng");
    return TD_OK;
}

static td_status accounts_add_step(store *s, const user *u, const char *password, td_error *err)
{
    char hash[crypto_pwhash_STRBYTES];
    td_id id = 0;
    td_status st = accounts_check_username(u->username, err);
    if (!st && u->display_name)
        st = accounts_check_display_name(u->display_name, err);
    if (st)
        return st;
    if (!accounts_init())
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libsodium");
    if (!password || strlen(password) < 8)
        return td_fail(err, TD_ERR_INPUT, "mật khẩu cần ít nhất 8 ký tự");
    if (strlen(password) > ACCOUNTS_PASSWORD_MAX_BYTES)
        return td_fail(err, TD_ERR_INPUT, "mật khẩu dài quá %d byte", ACCOUNTS_PASSWORD_MAX_BYTES);
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return td_fail(err, TD_ERR_IO, "không đủ bộ nhớ để băm mật khẩu");
    if (u->role == ROLE_CITY)
        return u->city_id ? store_city_user_insert(s, u, hash, &id, err)
                          : td_fail(err, TD_ERR_INPUT,
                                    "tài khoản cán bộ thành phố chỉ tạo bằng dòng lệnh: thidua user add TÊN --role city "
                                    "--city \"TÊN THÀNH PHỐ\"");
    return store_user_insert(s, u, hash, &id, err);
}

/* one transaction */
td_status accounts_add(store *s, const user *u, const char *password, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, accounts_add_step(s, u, password, err), err);
}

static td_status accounts_token_create_step(store *s, arena *a, const char *username, const char *name, char **token,
                                td_error *err)
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

/* ---- the client's address ------------------------------------------------------------------ */

/* The proxies set by accounts_trust_proxies: written once before the server's threads start,
 * only read afterwards. */
static struct {
    int n;
    unsigned char addr[ACCOUNTS_MAX_PROXIES][16]; /* IPv6, IPv4 as ::ffff:a.b.c.d */
} trusted;

/* text as 16 bytes ("[::1]", "10.0.0.2:51234" and ::ffff:10.0.0.2 are read too); false when
 * it is no address. */
static bool parse_ip(const char *text, size_t len, unsigned char out[16])
{
    char buf[64];
    while (len && (*text == ' ' || *text == '\t'))
        text++, len--;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (len >= sizeof buf || len == 0)
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *s = buf;
    if (*s == '[') {
        char *close = strchr(s, ']');
        if (!close)
            return false;
        *close = '\0';
        s++;
    } else if (strchr(s, '.') && strchr(s, ':') == strrchr(s, ':') && strchr(s, ':')) {
        *strchr(s, ':') = '\0'; /* a port after an IPv4 address */
    }
    memset(out, 0, 16);
    if (inet_pton(AF_INET, s, out + 12) == 1) {
        out[10] = out[11] = 0xFF;
        return true;
    }
    return inet_pton(AF_INET6, s, out) == 1;
}

static bool is_trusted(const unsigned char ip[16])
{
    for (int i = 0; i < trusted.n; i++)
        if (memcmp(trusted.addr[i], ip, 16) == 0)
            return true;
    return false;
}

static const char *ip_text(arena *a, const unsigned char ip[16])
{
    static const unsigned char v4[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    char buf[INET6_ADDRSTRLEN];
    bool four = memcmp(ip, v4, 12) == 0;
    inet_ntop(four ? AF_INET : AF_INET6, four ? ip + 12 : ip, buf, sizeof buf);
    return arena_strdup(a, buf);
}

td_status accounts_trust_proxies(const char *list, td_error *err)
{
    trusted.n = 0;
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (trusted.n == ACCOUNTS_MAX_PROXIES)
            return td_fail(err, TD_ERR_USAGE, "--trust-proxy: nhiều nhất %d địa chỉ", ACCOUNTS_MAX_PROXIES);
        if (!parse_ip(p, len, trusted.addr[trusted.n]))
            return td_fail(
                err, TD_ERR_USAGE,
                "--trust-proxy: \"%.*s\" không phải địa chỉ IP (cần dạng 127.0.0.1 hoặc ::1, các địa chỉ "
                "cách nhau bằng dấu phẩy)",
                (int)len, p);
        trusted.n++;
        p = comma ? comma + 1 : p + len;
    }
    return TD_OK;
}

const char *accounts_client_address(arena *a, const char *peer, const char *forwarded_for)
{
    unsigned char ip[16];
    if (!peer || !parse_ip(peer, strlen(peer), ip))
        return peer && *peer ? peer : "?";
    if (!forwarded_for || !is_trusted(ip))
        return ip_text(a, ip);
    /* Each proxy appends the address it saw: read from the right, past our own proxies, the
     * first address is the one a trusted proxy saw connect. What lies left of it was written
     * by the client and proves nothing. */
    for (size_t end = strlen(forwarded_for); end > 0;) {
        size_t start = end;
        while (start > 0 && forwarded_for[start - 1] != ',')
            start--;
        unsigned char hop[16];
        if (!parse_ip(forwarded_for + start, end - start, hop))
            break; /* not an address: our proxy would not write it; the proxy stays the client */
        memcpy(ip, hop, 16);
        if (!is_trusted(hop))
            break;
        end = start ? start - 1 : 0;
    }
    return ip_text(a, ip);
}

/* ---- logging in ------------------------------------------------------------------------------ */

/* A hash of a password nobody knows (32 random bytes, thrown away), made with the limits of
 * crypto_pwhash_str below: checking a password against it costs what checking a real account
 * costs, so an unknown name answers no sooner than a known one. */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$Ci0IWeQ5x2JyxmIh7MQvpA$nuamr3zL78Vo9b5gnuStPu86yNwQq8JMnAnsyVwuRgw";

const char *accounts_dummy_hash(void)
{
    return dummy_hash;
}

/* Every login checks one Argon2id hash: the account's, or the dummy one when there is no
 * account of that name or it has no password. */
static bool password_matches(const user *u, bool found, const char *password)
{
    bool real = found && u->password_hash;
    return crypto_pwhash_str_verify(real ? u->password_hash : dummy_hash, password, strlen(password)) == 0 &&
           real;
}

static td_status accounts_login_step(store *s, arena *a, const char *username, const char *password, const char *address,
                         login_result *res, user *u, char **cookie, char **csrf, td_error *err)
{
    const char *kuser = arena_printf(a, "user:%s", username), *kaddr = arena_printf(a, "addr:%s", address),
               *kpair = arena_printf(a, "pair:%s %s", address, username);
    long by_user = 0, by_addr = 0, by_pair = 0;
    td_status st;

    *res = LOGIN_BAD;
    /* a name or a password no account can have: refused for its shape, before any work, and
     * the same for every name */
    if (strlen(username) > ACCOUNTS_USERNAME_MAX || strlen(password) > ACCOUNTS_PASSWORD_MAX_BYTES)
        return td_fail(err, TD_ERR_INPUT,
                       "tên đăng nhập (tối đa %d ký tự) hoặc mật khẩu (tối đa %d byte) quá dài",
                       ACCOUNTS_USERNAME_MAX, ACCOUNTS_PASSWORD_MAX_BYTES);
    if (!accounts_init())
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libsodium");
    st = store_login_failures(s, kuser, ACCOUNTS_THROTTLE_SECONDS, &by_user, err);
    if (!st)
        st = store_login_failures(s, kaddr, ACCOUNTS_THROTTLE_SECONDS, &by_addr, err);
    if (!st && by_addr >= ACCOUNTS_ADDRESS_LIMIT)
        st = store_login_failures(s, kpair, ACCOUNTS_THROTTLE_SECONDS, &by_pair, err);
    if (st)
        return st;
    /* The throttle never looks at whether the name exists, so its answer tells nothing either;
     * see accounts.h for why an address over its limit is refused only on the names it tried. */
    if (by_user >= ACCOUNTS_THROTTLE_LIMIT || (by_addr >= ACCOUNTS_ADDRESS_LIMIT && by_pair > 0)) {
        *res = LOGIN_THROTTLED;
        return TD_OK;
    }
    st = store_user_by_name(s, a, username, u, err);
    if (st && st != TD_ERR_NOTFOUND)
        return st;
    bool ok = password_matches(u, st == TD_OK, password);
    if (ok && u->disabled) {
        /* the right password: saying the account is locked tells its owner whom to ask */
        *res = LOGIN_DISABLED;
        return TD_OK;
    }
    if (!ok) {
        st = store_login_failure(s, kuser, err);
        if (!st)
            st = store_login_failure(s, kaddr, err);
        if (!st)
            st = store_login_failure(s, kpair, err);
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
    return st ? st : store_finish(s, accounts_login_step(s, a, username, password, address, res, u, cookie, csrf, err), err);
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

static td_status hash_password(const char *password, char hash[crypto_pwhash_STRBYTES], td_error *err)
{
    if (!accounts_init())
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libsodium");
    if (!password || utf8_length(password) < ACCOUNTS_PASSWORD_MIN)
        return td_fail(err, TD_ERR_INPUT, "mật khẩu mới cần ít nhất %d ký tự", ACCOUNTS_PASSWORD_MIN);
    if (strlen(password) > ACCOUNTS_PASSWORD_MAX_BYTES)
        return td_fail(err, TD_ERR_INPUT, "mật khẩu mới dài quá %d byte", ACCOUNTS_PASSWORD_MAX_BYTES);
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return td_fail(err, TD_ERR_IO, "không đủ bộ nhớ để băm mật khẩu");
    return TD_OK;
}

static td_status accounts_change_password_step(store *s, arena *a, const user *u, const char *current, const char *new_password,
                                   const char *keep_cookie, td_error *err)
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
td_status accounts_change_password(store *s, arena *a, const user *u, const char *current, const char *new_password,
                                   const char *keep_cookie, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, accounts_change_password_step(s, a, u, current, new_password, keep_cookie, err), err);
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

static td_status accounts_reset_password_step(store *s, arena *a, td_id id, user *u, char **password, td_error *err)
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

static td_status accounts_update_step(store *s, arena *a, const user *actor, td_id id, const account_change *c, user *out,
                          td_error *err)
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
        st = accounts_check_display_name(c->display_name, err);
        if (st)
            return st;
        after.display_name = c->display_name;
    }
    /* a commune's account never becomes a city officer, nor the other way (policy.h) */
    if (c->has_role && (c->role == ROLE_CITY) != (before.role == ROLE_CITY))
        return td_fail(err, TD_ERR_INPUT, "không đổi được tài khoản của xã thành cán bộ thành phố hay ngược lại");
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
