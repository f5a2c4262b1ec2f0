/* api_auth.c — the API's signing in and out, who is signed in, one's own password; see router.h. */
#include "router.h"

#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
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

/* The client's address: the TCP peer, or what a trusted proxy forwarded (accounts.h). */
static const char *client_address(request *r)
{
    char *peer = NULL;
    ev_uint16_t port = 0;
    const char *xff = NULL;
    struct evkeyval *h;
    struct evhttp_connection *conn = evhttp_request_get_connection(r->req);
    if (conn)
        evhttp_connection_get_peer(conn, &peer, &port);
    TAILQ_FOREACH(h, evhttp_request_get_input_headers(r->req), next)
    {
        if (strcasecmp(h->key, "X-Forwarded-For") == 0)
            xff = xff ? arena_printf(r->a, "%s,%s", xff, h->value) : h->value;
    }
    return accounts_client_address(r->a, peer, xff);
}

void post_login(request *r)
{
    json_t *body = body_object(r);
    const char *key, *username = NULL, *password = NULL;
    json_t *val;
    if (!body)
        return;
    json_object_foreach(body, key, val)
    {
        if (strcmp(key, "username") == 0 && json_is_string(val))
            username = arena_strdup(r->a, json_string_value(val));
        else if (strcmp(key, "password") == 0 && json_is_string(val))
            password = arena_strdup(r->a, json_string_value(val));
        else {
            send_error(r, 422, "invalid",
                       arena_printf(r->a,
                                    "trường \"%s\" không hợp lệ; cần username và password "
                                    "(chuỗi)",
                                    key));
            json_decref(body);
            return;
        }
    }
    json_decref(body);
    if (!username || !password) {
        send_error(r, 422, "invalid", "cần username và password");
        return;
    }
    const char *addr = client_address(r);
    login_result res;
    user u;
    char *cookie = NULL, *csrf = NULL;
    td_error err = {0};
    td_status st = accounts_login(r->store, r->a, username, password, addr, &res, &u, &cookie, &csrf, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    if (res == LOGIN_THROTTLED) {
        evhttp_add_header(evhttp_request_get_output_headers(r->req), "Retry-After", "900");
        send_error(r, 429, "throttled", "đăng nhập sai quá nhiều lần; hãy thử lại sau 15 phút");
        return;
    }
    if (res == LOGIN_DISABLED) {
        send_error(r, 403, "account_disabled", "tài khoản này đã bị khóa; hãy liên hệ quản trị hệ thống");
        return;
    }
    if (res != LOGIN_OK) {
        send_error(r, 401, "bad_credentials", "sai tên đăng nhập hoặc mật khẩu");
        return;
    }
    evhttp_add_header(evhttp_request_get_output_headers(r->req), "Set-Cookie",
                      arena_printf(r->a, "thidua_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
                                   cookie, ACCOUNTS_SESSION_SECONDS, cookie_secure(r) ? "; Secure" : ""));
    send_json(r, 200, json_pack("{s:o, s:s}", "user", user_json(&u), "csrf_token", csrf));
}

void post_logout(request *r)
{
    td_error err = {0};
    if (r->cookie)
        accounts_logout(r->store, r->cookie, &err);
    evhttp_add_header(evhttp_request_get_output_headers(r->req), "Set-Cookie",
                      "thidua_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    send_body(r, 204, NULL, 0, NULL);
}

void get_me(request *r)
{
    send_json(r, 200, json_pack("{s:o}", "user", user_json(&r->user)));
}

/* POST /api/v1/auth/password {"current", "new"}: a user changes its own password. */
void post_password(request *r)
{
    json_t *body = body_object(r), *v;
    const char *key, *current = NULL, *fresh = NULL;
    if (!body)
        return;
    json_object_foreach(body, key, v)
    {
        const char **slot = strcmp(key, "current") == 0 ? &current : strcmp(key, "new") == 0 ? &fresh : NULL;
        if (!slot || !json_is_string(v)) {
            const char *msg =
                arena_printf(r->a, "trường \"%s\" không hợp lệ; cần current và new (chuỗi)", key);
            json_decref(body);
            send_error(r, 422, "invalid", msg);
            return;
        }
        *slot = arena_strdup(r->a, json_string_value(v));
    }
    json_decref(body);
    if (!current || !fresh) {
        send_error(r, 422, "invalid", "cần mật khẩu hiện tại (current) và mật khẩu mới (new)");
        return;
    }
    td_error err = {0};
    td_status st = accounts_change_password(r->store, r->a, &r->user, current, fresh, r->cookie, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_body(r, 204, NULL, 0, NULL);
}
