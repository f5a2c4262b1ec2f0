/* store_accounts.c — users, API tokens, browser sessions and failed logins; see store.h. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* ---- accounts ---------------------------------------------------------------------------- */

#define USER_COLUMNS                                                                                         \
    "u.id, u.username, u.display_name, u.role, o.code, u.person_id, u.disabled, u.password_hash, o.name, "   \
    "u.commune_id, u.city_id "                                                                               \
    "FROM app_user u LEFT JOIN org_unit o ON o.id = u.org_unit_id "

static void user_row(arena *a, db_stmt *stmt, void *ctx)
{
    user *u = rows_push(a, ctx);
    u->id = db_column_int(stmt, 0);
    u->username = col_text(a, stmt, 1);
    u->display_name = col_text(a, stmt, 2);
    user_role_from_code(db_column_text(stmt, 3), &u->role);
    u->org_unit_code = col_text(a, stmt, 4);
    u->person_id = db_column_is_null(stmt, 5) ? 0 : db_column_int(stmt, 5);
    u->disabled = db_column_int(stmt, 6) != 0;
    u->password_hash = col_text(a, stmt, 7);
    u->org_unit_name = col_text(a, stmt, 8);
    u->commune_id = db_column_is_null(stmt, 9) ? 0 : db_column_int(stmt, 9);
    u->city_id = db_column_is_null(stmt, 10) ? 0 : db_column_int(stmt, 10);
}

td_status store_user_insert(store *s, const user *u, const char *password_hash, td_id *id, td_error *err)
{
    td_id commune_id = 0, unit = 0;
    char now[32];
    td_status st = u->commune_id ? q_exec(s, &commune_id, err, "SELECT id FROM commune WHERE id = ?", "i", u->commune_id)
                                 : q_exec(s, &commune_id, err, "SELECT id FROM commune ORDER BY id LIMIT 1", "");
    if (!st && !commune_id)
        st = td_fail(err, TD_ERR_NOTFOUND, "chưa có xã nào trong cơ sở dữ liệu; hãy nạp một kế hoạch trước");
    if (!st && u->org_unit_code)
        st = q_unit_id(s, commune_id, u->org_unit_code, &unit, err);
    if (!st && u->role == ROLE_REPORTER && !unit)
        st = td_fail(err, TD_ERR_INPUT, "người báo cáo (reporter) phải thuộc đúng một đơn vị: cần --unit MÃ");
    now_iso(now);
    if (!st)
        st = q_exec(s, id, err,
                    "INSERT INTO app_user (commune_id, username, display_name, password_hash, role, org_unit_id, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    "ittttIt", commune_id, u->username, u->display_name ? u->display_name : u->username,
                    password_hash, user_role_code(u->role), unit, now);
    if (st == TD_ERR_CONFLICT)
        td_fail(err, TD_ERR_CONFLICT, "tên đăng nhập \"%s\" đã có", u->username);
    if (!st) {
        /* the audit keeps who and what role, never the password hash */
        json_t *o = json_pack("{s:s, s:s, s:s?}", "username", u->username, "role", user_role_code(u->role),
                              "org_unit", u->org_unit_code);
        char *after = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        st = store_audit(s, commune_id, "create", "app_user", *id, NULL, after, err);
        free(after);
    }
    return st;
}

td_status store_users_list(store *s, arena *a, user **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(user)};
    td_status st = each_row(s, a, err, "SELECT " USER_COLUMNS "ORDER BY u.username", 0, user_row, &list);
    *out = list.items;
    *n = list.n;
    return st;
}

/* One user by a condition on one value: the text value, or the id when value is NULL;
 * TD_ERR_NOTFOUND when none. */
/* The one user the query where finds with value (text) or id; a query that compares a time
 * (a session's expiry) takes the time now from C as its second parameter (now_too). */
static td_status user_where(store *s, arena *a, const char *where, const char *value, td_id id, bool now_too,
                            user *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    struct rows list = {.size = sizeof(user)};
    char now[32];
    now_iso(now);
    td_status st = value ? q_prepare(s, &stmt, err, where, now_too ? "tt" : "t", value, now)
                         : q_prepare(s, &stmt, err, where, now_too ? "it" : "i", id, now);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row)
        user_row(a, stmt, &list);
    q_done(s, stmt);
    if (!st && !row)
        return TD_ERR_NOTFOUND;
    if (!st)
        *out = *(user *)list.items;
    return st;
}

td_status store_user_by_name(store *s, arena *a, const char *username, user *out, td_error *err)
{
    return user_where(s, a, "SELECT " USER_COLUMNS "WHERE u.username = ?", username, 0, false, out, err);
}

td_status store_token_insert(store *s, td_id user_id, const char *name, const char *token_hash, td_error *err)
{
    char now[32];
    td_id id = 0;
    now_iso(now);
    td_status st = q_exec(s, &id, err,
                          "INSERT INTO api_token (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                          "ittt", user_id, name, token_hash, now);
    if (!st)
        st = store_audit(s, 0, "create", "api_token", id, NULL, NULL, err);
    return st;
}

/* Every request with a token asks this: kept between requests while nothing was written
 * (store_memo.h), so a token revoked or an account changed is seen by the next request. */
td_status store_user_by_token(store *s, arena *a, const char *token_hash, user *out, td_error *err)
{
    uint64_t own = memo_own(s);
    if (memo_user(s, a, token_hash, out))
        return TD_OK;
    td_status st = user_where(s, a,
                              "SELECT " USER_COLUMNS "JOIN api_token t ON t.user_id = u.id "
                              "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0",
                              token_hash, 0, false, out, err);
    if (!st)
        memo_keep_user(s, token_hash, own, out);
    return st;
}

td_status store_session_insert(store *s, const char *token_hash, td_id user_id, const char *csrf, int seconds,
                               td_error *err)
{
    char now[32];
    char expires[32];
    now_iso(now);
    iso_after(expires, seconds);
    return q_exec(s, NULL, err,
                  "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) "
                  "VALUES (?, ?, ?, ?, ?)",
                  "tittt", token_hash, user_id, csrf, now, expires);
}

static td_status session_csrf(store *s, arena *a, const char *token_hash, const char **csrf, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = q_prepare(s, &stmt, err, "SELECT csrf_token FROM session WHERE token_hash = ?", "t", token_hash);
    if (!st)
        st = db_step(stmt, &row, err);
    *csrf = !st && row ? col_text(a, stmt, 0) : NULL;
    q_done(s, stmt);
    return st;
}

td_status store_user_by_session(store *s, arena *a, const char *token_hash, user *out, const char **csrf,
                                td_error *err)
{
    td_status st = user_where(s, a,
                              "SELECT " USER_COLUMNS "JOIN session x ON x.user_id = u.id WHERE x.token_hash = ? "
                              "AND x.expires_at > ? AND u.disabled = 0",
                              token_hash, 0, true, out, err);
    if (!st)
        st = session_csrf(s, a, token_hash, csrf, err);
    return st;
}

td_status store_session_delete(store *s, const char *token_hash, td_error *err)
{
    return q_exec(s, NULL, err, "DELETE FROM session WHERE token_hash = ?", "t", token_hash);
}

td_status store_login_failure(store *s, const char *key, td_error *err)
{
    char now[32];
    now_iso(now);
    return q_exec(s, NULL, err, "INSERT INTO login_failure (key, at) VALUES (?, ?)", "tt", key, now);
}

td_status store_login_failures(store *s, const char *key, int seconds, long *count, td_error *err)
{
    td_id n = 0;
    char day_ago[32], since[32];
    iso_after(day_ago, -24 * 3600);
    iso_after(since, -(long)seconds);
    td_status st = q_exec(s, NULL, err, "DELETE FROM login_failure WHERE at < ?", "t", day_ago);
    if (!st)
        st = q_exec(s, &n, err, "SELECT COUNT(*) FROM login_failure WHERE key = ? AND at > ?", "tt", key, since);
    *count = (long)n;
    return st;
}

/* ---- account changes ------------------------------------------------------------------------ */

td_status store_user_by_id(store *s, arena *a, td_id id, user *out, td_error *err)
{
    return user_where(s, a, "SELECT " USER_COLUMNS "WHERE u.id = ?", NULL, id, false, out, err);
}

td_status store_user_commune(store *s, td_id id, td_id *commune_id, td_error *err)
{
    td_id found = 0;
    td_status st = q_exec(s, &found, err, "SELECT id FROM app_user WHERE id = ?", "i", id);
    if (!st && !found)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có tài khoản số %lld", (long long)id);
    *commune_id = 0; /* a city officer's account has none (store_city.h) */
    return st ? st : q_exec(s, commune_id, err, "SELECT commune_id FROM app_user WHERE id = ?", "i", id);
}

/* What the audit trail keeps of an account: never its password or hash. */
static char *user_audit_json(const user *u)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:b}", "username", u->username, "display_name", u->display_name,
                          "role", user_role_code(u->role), "org_unit", u->org_unit_code, "disabled", u->disabled);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

td_status store_user_update(store *s, const user *before, const user *after, const char *action, td_error *err)
{
    td_id commune_id = 0, unit = 0;
    char *bj = NULL, *aj = NULL;
    td_status st = store_user_commune(s, after->id, &commune_id, err);
    if (!st && after->org_unit_code)
        st = q_unit_id(s, commune_id, after->org_unit_code, &unit, err);
    if (!st && after->role == ROLE_REPORTER && !unit)
        st = td_fail(err, TD_ERR_INPUT, "người báo cáo phải thuộc đúng một đơn vị: hãy chọn đơn vị");
    if (!st)
        st = q_exec(s, NULL, err,
                    "UPDATE app_user SET display_name = ?, role = ?, org_unit_id = ?, disabled = ? WHERE id = ?",
                    "ttIbi", after->display_name, user_role_code(after->role), unit, (int)after->disabled, after->id);
    if (!st) {
        bj = user_audit_json(before);
        aj = user_audit_json(after);
        st = store_audit(s, commune_id, action, "app_user", after->id, bj, aj, err);
    }
    free(bj);
    free(aj);
    return st;
}

td_status store_user_set_password(store *s, td_id id, const char *password_hash, const char *action,
                                  td_error *err)
{
    td_id commune_id = 0;
    td_status st = store_user_commune(s, id, &commune_id, err);
    if (!st)
        st = q_exec(s, NULL, err, "UPDATE app_user SET password_hash = ? WHERE id = ?", "ti", password_hash, id);
    if (!st)
        st = store_audit(s, commune_id, action, "app_user", id, NULL, NULL, err);
    return st;
}

td_status store_user_sessions_end(store *s, td_id id, const char *keep, bool revoke_tokens, td_error *err)
{
    char now[32];
    td_status st = q_exec(s, NULL, err, "DELETE FROM session WHERE user_id = ? AND (CAST(? AS TEXT) IS NULL OR token_hash <> ?)",
                          "itt", id, keep, keep);
    now_iso(now);
    if (!st && revoke_tokens)
        st = q_exec(s, NULL, err, "UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", "ti",
                    now, id);
    return st;
}
