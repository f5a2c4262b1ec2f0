/* policy.c — who may do what to which record; see policy.h. */
#include "policy.h"

#include <string.h>

#include "store/store_city.h"

bool policy_may_see_commune(store *s, const user *u, td_id commune_id)
{
    if (!u)
        return true;
    if (u->role != ROLE_CITY)
        return u->commune_id && u->commune_id == commune_id;
    td_id city_id = 0;
    td_error e = {0};
    return u->city_id && store_commune_city(s, commune_id, &city_id, &e) == TD_OK && city_id == u->city_id;
}

td_status policy_city(const user *u, td_id *city_id, td_error *err)
{
    if (u && u->role == ROLE_CITY && u->city_id) {
        *city_id = u->city_id;
        return TD_OK;
    }
    return td_fail(err, TD_ERR_FORBIDDEN, "chỉ cán bộ thành phố xem được số liệu của các xã trong thành phố");
}

/* st and commune_id from looking a record up: a record of a commune the account may not see is
 * answered as one that does not exist ("không có <what> số <id>"). */
static td_status seen_as(store *s, const user *u, td_status st, td_id commune_id, const char *what, td_id id, td_error *err)
{
    if (!st && !policy_may_see_commune(s, u, commune_id))
        st = td_fail(err, TD_ERR_NOTFOUND, "không có %s số %lld", what, (long long)id);
    return st;
}

td_status policy_plan(store *s, const user *u, td_id plan_id, td_error *err)
{
    td_id commune_id = 0;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    return seen_as(s, u, st, commune_id, "kế hoạch", plan_id, err);
}

td_status policy_user(store *s, const user *u, td_id user_id, td_error *err)
{
    td_id commune_id = 0;
    td_status st = store_user_commune(s, user_id, &commune_id, err);
    return seen_as(s, u, st, commune_id, "tài khoản", user_id, err);
}

td_status policy_evidence(store *s, arena *a, const user *u, td_id evidence_id, td_error *err)
{
    evidence_file f = {0};
    td_status st = store_evidence_get(s, a, evidence_id, &f, err);
    if (st == TD_ERR_NOTFOUND) /* the store's own message names no number */
        return td_fail(err, TD_ERR_NOTFOUND, "không có tệp đính kèm số %lld", (long long)evidence_id);
    return seen_as(s, u, st, f.commune_id, "tệp đính kèm", evidence_id, err);
}

td_status policy_new_plan(store *s, arena *a, const user *u, const char *commune_code, td_error *err)
{
    commune c = {0};
    td_error e = {0};
    if (!u || !commune_code)
        return TD_OK; /* no commune named: the plan document's reader refuses it with its reason */
    td_status st = store_commune_find(s, a, commune_code, &c, &e);
    if (st && st != TD_ERR_NOTFOUND)
        return td_fail(err, st, "%s", e.msg);
    if (st || !policy_may_see_commune(s, u, c.id))
        return td_fail(err, TD_ERR_FORBIDDEN,
                       "tài khoản %s chỉ tạo được kế hoạch của xã mình, không của \"%s\"", u->username,
                       commune_code);
    return TD_OK;
}

bool policy_may_see_unit(const user *u, const char *unit_code)
{
    if (!u || u->role != ROLE_REPORTER)
        return true;
    return u->org_unit_code && unit_code && strcmp(u->org_unit_code, unit_code) == 0;
}

bool policy_may_enter(const user *u, const char *unit_code)
{
    if (!u || u->role == ROLE_ADMIN || u->role == ROLE_OFFICER)
        return true;
    return u->role == ROLE_REPORTER && u->org_unit_code && unit_code &&
           strcmp(u->org_unit_code, unit_code) == 0;
}

td_status policy_scope_unit(const user *u, const char **unit, td_error *err)
{
    if (!u || u->role != ROLE_REPORTER)
        return TD_OK;
    if (*unit && !policy_may_see_unit(u, *unit))
        return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản %s chỉ xem được số liệu của %s", u->username,
                       u->org_unit_name ? u->org_unit_name : u->org_unit_code);
    *unit = u->org_unit_code;
    return TD_OK;
}

td_status policy_reminder_settings(const user *u, bool mail_server, td_error *err)
{
    if (!u || u->role == ROLE_ADMIN || (!mail_server && u->role == ROLE_OFFICER))
        return TD_OK;
    return td_fail(err, TD_ERR_FORBIDDEN,
                   mail_server ? "chỉ quản trị viên được xem và đặt máy chủ thư của xã"
                               : "chỉ quản trị viên và cán bộ phụ trách được đặt người liên hệ và lịch nhắc hạn");
}

bool policy_may_see_reminders(const user *u)
{
    return !u || u->role == ROLE_ADMIN || u->role == ROLE_OFFICER || u->role == ROLE_LEADER;
}

/* A reporter's own unit, by name in its messages. */
static const char *own_unit(const user *u)
{
    return u->org_unit_name ? u->org_unit_name : u->org_unit_code ? u->org_unit_code : "đơn vị của mình";
}

td_status policy_report_read(const user *u, bool unit_report, const char *unit, td_error *err)
{
    /* a city officer reads the issued documents of its city's communes (the commune is checked
     * by policy_may_see_commune), the reports they send it first of all */
    if (!u || u->role == ROLE_ADMIN || u->role == ROLE_OFFICER || u->role == ROLE_LEADER || u->role == ROLE_CITY)
        return TD_OK;
    if (u->role == ROLE_REPORTER && unit_report && policy_may_see_unit(u, unit))
        return TD_OK;
    if (u->role == ROLE_REPORTER)
        return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản báo cáo chỉ xem được báo cáo của %s", own_unit(u));
    return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản chỉ xem không xem được báo cáo");
}

td_status policy_report_write(const user *u, bool unit_report, const char *unit, td_error *err)
{
    if (!u || u->role == ROLE_ADMIN || u->role == ROLE_OFFICER)
        return TD_OK;
    if (u->role == ROLE_REPORTER && unit_report && policy_may_see_unit(u, unit))
        return TD_OK;
    if (u->role == ROLE_REPORTER)
        return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản báo cáo chỉ soạn và ban hành được báo cáo của %s",
                       own_unit(u));
    return td_fail(err, TD_ERR_FORBIDDEN,
                   "chỉ cán bộ phụ trách (hoặc quản trị) soạn và ban hành báo cáo; lãnh đạo chỉ xem");
}

td_status policy_awards_commune(store *s, const user *u, td_id *commune_id, td_error *err)
{
    if (u && !u->commune_id) /* a city officer belongs to no commune: its awards are the communes' own */
        return td_fail(err, TD_ERR_FORBIDDEN,
                       "tài khoản cấp thành phố không thuộc xã nào: khen thưởng của từng xã xem trên trang công "
                       "khai của xã");
    if (u) {
        *commune_id = u->commune_id;
        return TD_OK;
    }
    arena *a = arena_new();
    commune *c = NULL;
    size_t n = 0;
    td_status st = store_communes_list(s, a, &c, &n, err);
    if (!st && n == 0)
        st = td_fail(err, TD_ERR_NOTFOUND, "cơ sở dữ liệu chưa có xã nào (chạy thidua init)");
    if (!st)
        *commune_id = c[0].id;
    arena_free(a);
    return st;
}

bool policy_may_propose(const user *u, const char *unit_code)
{
    return policy_may_enter(u, unit_code);
}

bool policy_may_sign(const user *u)
{
    return !u || u->role == ROLE_ADMIN || u->role == ROLE_LEADER;
}
