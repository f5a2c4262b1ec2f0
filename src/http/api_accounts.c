/* api_accounts.c — the API's accounts, managed by an admin; see router.h. */
#include "router.h"

#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/embedded.h"
#include "core/period.h"
#include "core/plan_json.h"
#include "core/vnum.h"
#include "core/vtext.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "service/doctext.h"
#include "service/evaluation.h"
#include "service/evidence.h"
#include "service/explain.h"
#include "service/extraction.h"
#include "service/planexport.h"
#include "service/planload.h"
#include "service/plantasks.h"
#include "service/policy.h"
#include "service/records.h"
#include "service/unit_targets.h"
#include "service/vnclock.h"
#include "service/workflow.h"

json_t *user_json(const user *u)
{
    /* "city_id": the city a city officer reads (null for a commune's account) */
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?, s:b, s:o}", "id", (json_int_t)u->id, "username",
                     u->username, "display_name", u->display_name, "role", user_role_code(u->role),
                     "role_label", user_role_label_vi(u->role), "org_unit", u->org_unit_code, "org_unit_name",
                     u->org_unit_name, "disabled", u->disabled, "city_id",
                     u->city_id ? json_integer(u->city_id) : json_null());
}

void get_users(request *r)
{
    user *u;
    size_t n;
    td_error err = {0};
    td_status st = records_users(r->store, r->a, &r->user, &u, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, user_json(&u[i]));
    send_page(r, items);
}

void post_user(request *r)
{
    json_t *body = body_object(r), *v;
    const char *key;
    /* an account is made in the commune of the admin who makes it */
    user u = {.commune_id = r->user.commune_id};
    const char *role = NULL, *password = NULL;
    if (!body)
        return;
    json_object_foreach(body, key, v)
    {
        const char **slot = strcmp(key, "username") == 0       ? &u.username
                            : strcmp(key, "display_name") == 0 ? &u.display_name
                            : strcmp(key, "role") == 0         ? &role
                            : strcmp(key, "org_unit") == 0     ? &u.org_unit_code
                            : strcmp(key, "password") == 0     ? &password
                                                               : NULL;
        if (!slot || !json_is_string(v)) {
            const char *msg = arena_printf(r->a,
                                           "trường \"%s\" không hợp lệ; cần username, display_name, role, "
                                           "org_unit, password (chuỗi)",
                                           key);
            json_decref(body);
            send_error(r, 422, "invalid", msg);
            return;
        }
        *slot = arena_strdup(r->a, json_string_value(v));
    }
    json_decref(body);
    if (!u.username || !*u.username || !role || !user_role_from_code(role, &u.role)) {
        send_error(r, 422, "invalid", "cần username và role (admin, officer, reporter, leader, viewer)");
        return;
    }
    td_error err = {0};
    td_status st = accounts_add(r->store, &u, password, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    if (!u.display_name)
        u.display_name = u.username;
    /* the account as stored: its id (for PATCH) and its unit's name */
    accounts_find(r->store, r->a, u.username, &u, &err);
    send_json(r, 201, json_pack("{s:o}", "user", user_json(&u)));
}

/* PATCH /api/v1/users/{id} {"display_name"?, "role"?, "org_unit"?, "disabled"?} (admin). */
void patch_user(request *r)
{
    td_id id;
    account_change c = {0};
    const char *key, *bad = NULL;
    json_t *v;
    if (!param_id(r, 0, &id))
        return;
    json_t *body = body_object(r);
    if (!body)
        return;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "display_name") == 0 && json_is_string(v))
            c.display_name = arena_strdup(r->a, json_string_value(v));
        else if (strcmp(key, "role") == 0 && json_is_string(v) &&
                 user_role_from_code(json_string_value(v), &c.role))
            c.has_role = true;
        else if (strcmp(key, "org_unit") == 0 && (json_is_string(v) || json_is_null(v))) {
            c.has_org_unit = true;
            c.org_unit =
                json_is_string(v) && *json_string_value(v) ? arena_strdup(r->a, json_string_value(v)) : NULL;
        } else if (strcmp(key, "disabled") == 0 && json_is_boolean(v)) {
            c.has_disabled = true;
            c.disabled = json_is_true(v);
        } else if (!bad)
            bad = arena_strdup(r->a, key);
    }
    json_decref(body);
    if (bad) {
        send_error(
            r, 422, "invalid",
            arena_printf(r->a,
                         "trường \"%s\" không hợp lệ; cần display_name (chuỗi), role (admin, officer, "
                         "reporter, leader, viewer), org_unit (mã đơn vị hoặc null), disabled (true/false)",
                         bad));
        return;
    }
    user out;
    td_error err = {0};
    td_status st = accounts_update(r->store, r->a, &r->user, id, &c, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, json_pack("{s:o}", "user", user_json(&out)));
}

/* POST /api/v1/users/{id}/reset-password (admin): a generated password, shown once. */
void post_reset_password(request *r)
{
    td_id id;
    user u;
    char *password = NULL;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = accounts_reset_password(r->store, r->a, id, &u, &password, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, json_pack("{s:s, s:s}", "username", u.username, "password", password));
}
