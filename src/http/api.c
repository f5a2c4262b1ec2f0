/* api.c — the JSON API: a table of routes, the error shape, and the handlers; see api.h.
 *
 * Every response is JSON. Errors are {"error": {"code", "message" (Vietnamese), "details"}}
 * with the HTTP status that says what kind of error it is. A request's memory lives in one
 * arena freed when the response is sent. */
#include "api.h"

#include <stdatomic.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <stdint.h>
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
#include "service/evidence.h"
#include "service/evaluation.h"
#include "service/explain.h"
#include "service/extraction.h"
#include "service/planexport.h"
#include "service/planload.h"
#include "service/unit_targets.h"
#include "service/plantasks.h"
#include "service/vnclock.h"
#include "service/workflow.h"
#include "static.h"
#include "store/db.h"

typedef struct request {
    struct evhttp_request *req;
    store *store;
    arena *a;
    const char *path;
    struct evkeyvalq query;
    const char *params[4]; /* the {param} parts of the path, in order */
    int n_params;
    bool authenticated;
    user user;
    const char *csrf;    /* the session's CSRF token; NULL for a bearer token */
    const char *cookie;  /* the session cookie as sent */
    int status;          /* the HTTP status sent, for /metrics */
} request;

typedef void (*handler)(request *r);

/* Who may call a route: a bit per role; PUBLIC needs no login at all. */
#define R(role) (1u << (role))
#define ANYONE (R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER) | R(ROLE_LEADER) | R(ROLE_VIEWER))
#define PUBLIC 0u

typedef struct route {
    enum evhttp_cmd_type method;
    const char *pattern; /* "/api/v1/plans/{id}" */
    handler fn;
    unsigned roles;
} route;

/* ---- responses -------------------------------------------------------------------------- */

static void send_body(request *r, int status, const char *body, size_t len, const char *etag)
{
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "Content-Type", "application/json; charset=utf-8");
    evhttp_add_header(h, "Cache-Control", "no-store");
    evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
    if (etag)
        evhttp_add_header(h, "ETag", etag);
    struct evbuffer *buf = evbuffer_new();
    if (body && len)
        evbuffer_add(buf, body, len);
    r->status = status;
    evhttp_send_reply(r->req, status, NULL, buf);
    evbuffer_free(buf);
}

/* Sends v (and releases it). */
static void send_json(request *r, int status, json_t *v)
{
    char *body = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(v);
    send_body(r, status, body, body ? strlen(body) : 0, NULL);
    free(body);
}

static void send_error(request *r, int status, const char *code, const char *message)
{
    send_json(r, status, json_pack("{s:{s:s, s:s, s:n}}", "error", "code", code, "message", message, "details"));
}

static void send_status(request *r, td_status st, const td_error *err)
{
    int http = st == TD_ERR_NOTFOUND    ? 404
               : st == TD_ERR_CONFLICT  ? 409
               : st == TD_ERR_FORBIDDEN ? 403
               : st == TD_ERR_TOO_LARGE ? 413
               : st == TD_ERR_INPUT || st == TD_ERR_USAGE ? 422
                                                          : 500;
    const char *code = http == 404   ? "not_found"
                       : http == 409 ? "conflict"
                       : http == 403 ? "forbidden"
                       : http == 413 ? "too_large"
                       : http == 422 ? "invalid"
                                     : "internal";
    send_error(r, http, code, err->msg[0] ? err->msg : "lỗi không xác định");
}

/* ---- helpers ---------------------------------------------------------------------------- */

static bool param_id(request *r, int i, td_id *id)
{
    char *end = NULL;
    long long v = strtoll(r->params[i], &end, 10);
    if (!*r->params[i] || *end || v <= 0) {
        send_error(r, 404, "not_found", arena_printf(r->a, "không có \"%s\": mã số phải là số nguyên dương",
                                                     r->params[i]));
        return false;
    }
    *id = v;
    return true;
}

static const char *query(request *r, const char *key)
{
    const char *v = evhttp_find_header(&r->query, key);
    return v && *v ? v : NULL;
}

/* FNV-1a over the body and the plan's revision: the evaluation's ETag changes when its JSON
 * does, and when the plan is rewritten even if the JSON happens to read the same. */
static char *etag_of(arena *a, const char *s, size_t n, int revision)
{
    uint64_t h = 1469598103934665603ull;
    char rev[16];
    int rn = snprintf(rev, sizeof rev, "#%d", revision);
    for (size_t i = 0; i < n + (size_t)rn; i++) {
        h ^= (unsigned char)(i < n ? s[i] : rev[i - n]);
        h *= 1099511628211ull;
    }
    return arena_printf(a, "\"%016llx\"", (unsigned long long)h);
}

/* A reporter sees only its own unit: an explicit other unit is refused, none means its own. */
static bool scope_unit(request *r, const char **unit)
{
    if (r->user.role != ROLE_REPORTER)
        return true;
    if (*unit && strcmp(*unit, r->user.org_unit_code) != 0) {
        send_error(r, 403, "forbidden",
                   arena_printf(r->a, "tài khoản %s chỉ xem được số liệu của %s", r->user.username,
                                r->user.org_unit_name ? r->user.org_unit_name : r->user.org_unit_code));
        return false;
    }
    *unit = r->user.org_unit_code;
    return true;
}

/* ?limit=&offset= with defaults and bounds; answers 422 itself. */
static bool paging(request *r, long *limit, long *offset)
{
    const char *l = query(r, "limit"), *o = query(r, "offset");
    char *end = NULL;
    *limit = l ? strtol(l, &end, 10) : 50;
    if ((l && *end) || *limit < 1 || *limit > 500) {
        send_error(r, 422, "invalid", "limit: cần một số nguyên từ 1 đến 500");
        return false;
    }
    *offset = o ? strtol(o, &end, 10) : 0;
    if ((o && *end) || *offset < 0) {
        send_error(r, 422, "invalid", "offset: cần một số nguyên không âm");
        return false;
    }
    return true;
}

/* Sends items one page at a time (?limit=&offset=), with the total: every list pages. */
static void send_page(request *r, json_t *items)
{
    long limit, offset;
    if (!paging(r, &limit, &offset)) {
        json_decref(items);
        return;
    }
    size_t total = json_array_size(items);
    json_t *page = json_array();
    for (size_t i = (size_t)offset; i < total && i < (size_t)(offset + limit); i++)
        json_array_append(page, json_array_get(items, i));
    json_decref(items);
    send_json(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", page, "total", (json_int_t)total, "limit",
                                (json_int_t)limit, "offset", (json_int_t)offset));
}

/* ---- handlers --------------------------------------------------------------------------- */

static void get_health(request *r)
{
    send_json(r, 200, json_pack("{s:s, s:i}", "status", "ok", "schema", store_schema_version(r->store)));
}

static void get_plans(request *r)
{
    plan *plans;
    size_t n;
    td_error err = {0};
    td_status st = store_plans_list(r->store, r->a, &plans, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, plan_header_to_json(&plans[i]));
    send_page(r, arr);
}

static void get_plan(request *r)
{
    td_id id;
    plan *p = NULL;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    json_t *o = NULL;
    td_status st = store_plan_get(r->store, r->a, id, &p, &err);
    if (!st)
        st = unit_targets_plan_json(r->store, r->a, id, &o, &err);
    if (!st)
        st = plantasks_name_leads(r->store, r->a, p, json_object_get(o, "tasks"), &err);
    if (st) {
        json_decref(o);
        send_status(r, st, &err);
        return;
    }
    send_json(r, 200, o);
}

static void values_add_files(request *r, const value_filter *f, json_t *items);

static void get_values(request *r)
{
    value_filter f = {0};
    data_value *vals;
    size_t n;
    td_error err = {0};
    period p;
    char code[12];
    long limit, offset;
    if (!param_id(r, 0, &f.plan_id) || !paging(r, &limit, &offset))
        return;
    f.org_unit = query(r, "unit");
    if (!scope_unit(r, &f.org_unit))
        return;
    f.indicator = query(r, "indicator");
    if (query(r, "period")) {
        if (period_parse(query(r, "period"), &p, &err) != TD_OK) {
            send_error(r, 422, "invalid", arena_printf(r->a, "period: %s", err.msg));
            return;
        }
        period_code(&p, code);
        f.period = code;
    }
    plan *pl;
    td_status st = store_plan_get(r->store, r->a, f.plan_id, &pl, &err);
    if (!st)
        st = store_values_list(r->store, r->a, &f, &vals, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++) {
        json_t *o = data_value_to_json(&vals[i]);
        const indicator *ind = plan_find_indicator(pl, vals[i].indicator_code);
        /* what the unit entered: a rate's numerator is value × denominator ÷ 100, a ratio's value × base */
        if (ind && vals[i].has_value && vals[i].has_denominator && (ind->agg == AGG_RATE || ind->agg == AGG_RATIO))
            json_object_set_new(o, "numerator", json_real(vals[i].value * vals[i].denominator /
                                                          (ind->agg == AGG_RATE ? 100.0 : 1.0)));
        json_array_append_new(arr, o);
    }
    values_add_files(r, &f, arr);
    send_json(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", arr, "total", (json_int_t)n, "limit",
                                (json_int_t)limit, "offset", (json_int_t)offset));
}

static void get_evaluation(request *r)
{
    td_id id;
    eval_query q = {.org_unit = query(r, "unit")};
    eval_report rep;
    td_error err = {0};
    char today[11];
    if (!param_id(r, 0, &id) || !scope_unit(r, &q.org_unit))
        return;
    if (query(r, "period") && period_parse(query(r, "period"), &q.period, &err) != TD_OK) {
        send_error(r, 422, "invalid", arena_printf(r->a, "period: %s", err.msg));
        return;
    }
    vnclock_today(today);
    q.as_of = query(r, "as_of") ? query(r, "as_of") : today;
    q.approved_only = query(r, "approved") && strcmp(query(r, "approved"), "true") == 0;
    td_status st = evaluation_run(r->store, r->a, id, &q, &rep, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *v = eval_report_to_json(r->a, &rep);
    char *body = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(v);
    size_t len = body ? strlen(body) : 0;
    char *etag = etag_of(r->a, body ? body : "", len, rep.plan->revision);
    const char *inm = evhttp_find_header(evhttp_request_get_input_headers(r->req), "If-None-Match");
    if (inm && strcmp(inm, etag) == 0)
        send_body(r, 304, NULL, 0, etag);
    else
        send_body(r, 200, body, len, etag);
    free(body);
}

static json_t *user_json(const user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?, s:b}", "id", (json_int_t)u->id, "username", u->username,
                     "display_name", u->display_name, "role", user_role_code(u->role), "role_label",
                     user_role_label_vi(u->role), "org_unit", u->org_unit_code, "org_unit_name", u->org_unit_name,
                     "disabled", u->disabled);
}

/* The body's bytes, copied into the request's arena and ended with a NUL. */
static char *body_bytes(request *r, size_t *len)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
    *len = evbuffer_get_length(in);
    char *data = arena_alloc(r->a, *len + 1);
    evbuffer_copyout(in, data, *len);
    return data;
}

/* The body as one JSON object; answers 400 (with the position) or 422 itself and returns NULL. */
static json_t *body_object(request *r)
{
    size_t len;
    char *data = body_bytes(r, &len);
    json_error_t je;
    json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        send_json(r, 400, json_pack("{s:{s:s, s:s, s:{s:i, s:i}}}", "error", "code", "bad_json", "message",
                                    arena_printf(r->a, "JSON không hợp lệ ở dòng %d, cột %d: %s", je.line,
                                                 je.column, je.text),
                                    "details", "line", je.line, "column", je.column));
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        send_error(r, 422, "invalid", "cần một đối tượng JSON");
        return NULL;
    }
    return v;
}

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

static void post_login(request *r)
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
            send_error(r, 422, "invalid", arena_printf(r->a, "trường \"%s\" không hợp lệ; cần username và password "
                                                             "(chuỗi)", key));
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
    td_status st = store_begin(r->store, &err);
    if (!st)
        st = store_finish(r->store,
                          accounts_login(r->store, r->a, username, password, addr, &res, &u, &cookie,
                                         &csrf, &err),
                          &err);
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
                      arena_printf(r->a, "thidua_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", cookie,
                                   ACCOUNTS_SESSION_SECONDS, getenv("THIDUA_SECURE_COOKIE") ? "; Secure" : ""));
    send_json(r, 200, json_pack("{s:o, s:s}", "user", user_json(&u), "csrf_token", csrf));
}

static void post_logout(request *r)
{
    td_error err = {0};
    if (r->cookie)
        accounts_logout(r->store, r->cookie, &err);
    evhttp_add_header(evhttp_request_get_output_headers(r->req), "Set-Cookie",
                      "thidua_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    send_body(r, 204, NULL, 0, NULL);
}

static void get_me(request *r)
{
    send_json(r, 200, json_pack("{s:o}", "user", user_json(&r->user)));
}

/* A JSON scalar as the text a CSV cell would hold: numbers the Vietnamese way. */
static const char *scalar_text(request *r, json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v) || json_is_real(v))
        return vnum_format(r->a, json_number_value(v), 10);
    if (json_is_boolean(v))
        return json_is_true(v) ? "có" : "không";
    return NULL;
}

static void put_values(request *r)
{
    td_id id;
    if (!param_id(r, 0, &id))
        return;
    json_t *body = body_object(r);
    if (!body)
        return;
    json_t *list = json_object_get(body, "values");
    bool bulk = list != NULL;
    if (!bulk)
        list = body;
    else if (!json_is_array(list) || json_object_size(body) != 1) {
        json_decref(body);
        send_error(r, 422, "invalid", "cần {\"values\": [ … ]} hoặc một số liệu");
        return;
    }
    size_t n = bulk ? json_array_size(list) : 1;
    value_input *rows = arena_calloc(r->a, n + 1, sizeof *rows);
    json_t *problems = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = bulk ? json_array_get(list, i) : list, *v;
        const char *key;
        value_input *row = &rows[i];
        if (!json_is_object(o)) {
            json_array_append_new(problems, json_pack("{s:I, s:s, s:s}", "index", (json_int_t)i, "code", "invalid",
                                                      "message", "cần một đối tượng JSON"));
            continue;
        }
        json_object_foreach(o, key, v)
        {
            const char *text = scalar_text(r, v);
            if (strcmp(key, "version") == 0 && json_is_integer(v)) {
                row->has_version = true;
                row->version = (int)json_integer_value(v);
                continue;
            }
            const char **slot = strcmp(key, "indicator") == 0     ? &row->indicator
                                : strcmp(key, "org_unit") == 0    ? &row->org_unit
                                : strcmp(key, "period") == 0      ? &row->period
                                : strcmp(key, "value") == 0       ? &row->value
                                : strcmp(key, "denominator") == 0 ? &row->denominator
                                : strcmp(key, "numerator") == 0   ? &row->numerator
                                : strcmp(key, "note") == 0        ? &row->note
                                : strcmp(key, "evidence") == 0    ? &row->evidence
                                                                  : NULL;
            if (!slot || (!text && !json_is_null(v))) {
                json_array_append_new(problems,
                                      json_pack("{s:I, s:s, s:s}", "index", (json_int_t)i, "code", "invalid", "message",
                                                arena_printf(r->a, "trường \"%s\" %s", key,
                                                             slot ? "có kiểu không hợp lệ" : "không được hỗ trợ")));
                continue;
            }
            *slot = text ? arena_strdup(r->a, text) : NULL;
        }
    }
    json_decref(body);
    if (json_array_size(problems)) {
        send_json(r, 422, json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "invalid", "message",
                                    "có dòng số liệu không hợp lệ; không dòng nào được lưu", "details", problems));
        return;
    }
    json_decref(problems);
    size_t saved = 0;
    td_error err = {0};
    td_status st = workflow_put(r->store, r->a, id, &r->user, rows, n, &saved, &problems, &err);
    if (st) {
        int http = st == TD_ERR_FORBIDDEN ? 403 : st == TD_ERR_CONFLICT ? 409 : st == TD_ERR_NOTFOUND ? 404 : 422;
        const char *code = http == 403 ? "forbidden" : http == 409 ? "conflict" : http == 404 ? "not_found" : "invalid";
        send_json(r, http, json_pack("{s:{s:s, s:s, s:o}}", "error", "code", code, "message", err.msg, "details",
                                     problems ? problems : json_null()));
        return;
    }
    json_decref(problems);
    send_json(r, 200, json_pack("{s:I, s:s}", "saved", (json_int_t)saved, "message",
                                saved ? arena_printf(r->a, "Đã lưu %zu số liệu.", saved)
                                      : "Không có gì thay đổi: số liệu giống như đã lưu."));
}

static void post_transition(request *r)
{
    td_id id;
    workflow_action action;
    if (!param_id(r, 0, &id))
        return;
    if (!workflow_action_from_code(r->params[1], &action)) {
        send_error(r, 404, "not_found", arena_printf(r->a, "không có thao tác \"%s\"; dùng submit, approve, return "
                                                          "hoặc reopen", r->params[1]));
        return;
    }
    json_t *body = body_object(r);
    if (!body)
        return;
    const char *key, *unit = NULL, *per = NULL, *comment = NULL, *code = NULL;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        const char **slot = strcmp(key, "org_unit") == 0    ? &unit
                            : strcmp(key, "period") == 0    ? &per
                            : strcmp(key, "comment") == 0   ? &comment
                            : strcmp(key, "indicator") == 0 ? &code
                                                            : NULL;
        if (!slot || !json_is_string(v)) {
            /* the key lives in the body: the message is made before the body goes */
            const char *msg = arena_printf(r->a, "trường \"%s\" không hợp lệ; cần org_unit, period, indicator, comment "
                                                 "(chuỗi)",
                                           key);
            json_decref(body);
            send_error(r, 422, "invalid", msg);
            return;
        }
        *slot = arena_strdup(r->a, json_string_value(v));
    }
    json_decref(body);
    if (r->user.role == ROLE_REPORTER && !unit)
        unit = r->user.org_unit_code;
    size_t moved = 0;
    td_error err = {0};
    td_status st = workflow_transition(r->store, r->a, id, &r->user, action, unit, per, code, comment, &moved,
                                       &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, json_pack("{s:s, s:I}", "action", r->params[1], "values", (json_int_t)moved));
}

/* ---- targets assigned to units ------------------------------------------------------------ */

static void get_unit_targets(request *r)
{
    td_id id;
    unit_target_row *rows = NULL;
    size_t n = 0;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = unit_targets_list(r->store, r->a, id, query(r, "indicator"), query(r, "org_unit"), &rows, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, unit_target_row_json(&rows[i]));
    send_json(r, 200, json_pack("{s:o}", "unit_targets", arr));
}

static void put_unit_target(request *r)
{
    td_id id;
    unit_target_row row;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    json_t *body = body_object(r);
    if (!body)
        return;
    const char *code = json_string_value(json_object_get(body, "indicator"));
    const char *unit = json_string_value(json_object_get(body, "org_unit"));
    const char *text = json_string_value(json_object_get(body, "target"));
    code = code ? arena_strdup(r->a, code) : NULL;
    unit = unit ? arena_strdup(r->a, unit) : NULL;
    text = text ? arena_strdup(r->a, text) : NULL;
    json_decref(body);
    if (!code || !unit || !text) {
        send_error(r, 422, "invalid",
                   "cần chỉ tiêu (indicator), đơn vị (org_unit) và chỉ tiêu giao (target) bằng chữ, ví dụ "
                   "\"khoảng 1.200 con\"");
        return;
    }
    td_status st = unit_targets_set(r->store, r->a, id, code, unit, text, &row, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, json_pack("{s:o}", "unit_target", unit_target_row_json(&row)));
}

static void delete_unit_target(request *r)
{
    td_id id;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    if (!query(r, "indicator") || !query(r, "org_unit")) {
        send_error(r, 422, "invalid", "cần ?indicator=…&org_unit=… để bỏ chỉ tiêu đã giao");
        return;
    }
    td_status st = unit_targets_clear(r->store, r->a, id, query(r, "indicator"), query(r, "org_unit"), NULL, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_body(r, 204, NULL, 0, NULL);
}

static void get_unit_matrix(request *r)
{
    td_id id;
    eval_query q = {0};
    td_error err = {0};
    char today[11];
    json_t *out = NULL;
    if (!param_id(r, 0, &id))
        return;
    if (query(r, "period") && period_parse(query(r, "period"), &q.period, &err) != TD_OK) {
        send_error(r, 422, "invalid", arena_printf(r->a, "kỳ (period): %s", err.msg));
        return;
    }
    vnclock_today(today);
    q.as_of = query(r, "as_of") ? query(r, "as_of") : today;
    q.approved_only = query(r, "approved") && strcmp(query(r, "approved"), "true") == 0;
    evaluation_matrix_filter f = {.org_unit = query(r, "org_unit"), .indicator = query(r, "indicator"),
                                  .verdict = query(r, "verdict")};
    td_status st = evaluation_matrix(r->store, r->a, id, &q, &f, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}

static void get_completeness(request *r)
{
    td_id id;
    period per;
    td_error err = {0};
    char today[11];
    json_t *out = NULL;
    if (!param_id(r, 0, &id))
        return;
    if (!query(r, "period") || period_parse(query(r, "period"), &per, &err) != TD_OK) {
        send_error(r, 422, "invalid", query(r, "period") ? arena_printf(r->a, "period: %s", err.msg)
                                                         : "cần period (2026-03, 2026-Q1 hoặc 2026)");
        return;
    }
    vnclock_today(today);
    td_status st = evaluation_completeness(r->store, r->a, id, &per, query(r, "as_of") ? query(r, "as_of") : today,
                                           &out, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    if (r->user.role == ROLE_REPORTER) {
        /* a reporter sees its own line only */
        json_t *units = json_object_get(out, "units"), *own = json_array(), *u;
        size_t i;
        json_array_foreach(units, i, u)
        {
            if (strcmp(json_string_value(json_object_get(u, "org_unit")), r->user.org_unit_code) == 0)
                json_array_append(own, u);
        }
        json_object_set_new(out, "units", own);
    }
    send_json(r, 200, out);
}

static json_t *json_or_null(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return v ? v : json_null();
}

static void get_audit(request *r)
{
    long limit, offset, total;
    audit_entry *e;
    size_t n;
    td_error err = {0};
    audit_filter f = {.entity = query(r, "entity"), .actor = query(r, "actor"), .action = query(r, "action"),
                      .from = query(r, "from"), .to = query(r, "to"), .q = query(r, "q")};
    if (!paging(r, &limit, &offset))
        return;
    if ((f.from && !date_iso_valid(f.from)) || (f.to && !date_iso_valid(f.to))) {
        send_error(r, 422, "invalid",
                   arena_printf(r->a, "%s: \"%s\" không phải ngày hợp lệ; cần dạng YYYY-MM-DD, ví dụ 2026-11-25",
                                f.from && !date_iso_valid(f.from) ? "from" : "to",
                                f.from && !date_iso_valid(f.from) ? f.from : f.to));
        return;
    }
    td_status st = store_audit_list(r->store, r->a, &f, limit, offset, &e, &n, &total, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)e[i].id,
                                               "at", e[i].at, "actor", e[i].actor, "action", e[i].action, "entity",
                                               e[i].entity, "entity_id", (json_int_t)e[i].entity_id, "before",
                                               json_or_null(e[i].before_json), "after", json_or_null(e[i].after_json)));
    send_json(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "limit",
                                (json_int_t)limit, "offset", (json_int_t)offset));
}

static void get_users(request *r)
{
    user *u;
    size_t n;
    td_error err = {0};
    td_status st = store_users_list(r->store, r->a, &u, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, user_json(&u[i]));
    send_page(r, items);
}

/* ---- metrics: counters shared by the worker threads, updated with atomics ----------------- */

#define MAX_ROUTES 64
static const int metric_statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500};
#define N_STATUSES (sizeof metric_statuses / sizeof metric_statuses[0])
static const double metric_buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define N_BUCKETS (sizeof metric_buckets / sizeof metric_buckets[0])

static atomic_ulong m_requests[MAX_ROUTES + 1][N_STATUSES + 1]; /* last route: no route matched */
static atomic_ulong m_buckets[MAX_ROUTES + 1][N_BUCKETS + 1];
static atomic_ulong m_micros[MAX_ROUTES + 1];
static atomic_ulong m_db_micros[MAX_ROUTES + 1];

static void observe(int ri, int status, double seconds, double db_seconds)
{
    atomic_fetch_add(&m_db_micros[ri], (unsigned long)(db_seconds * 1e6));
    size_t k = 0;
    while (k < N_STATUSES && metric_statuses[k] != status)
        k++;
    atomic_fetch_add(&m_requests[ri][k], 1);
    size_t b = 0;
    while (b < N_BUCKETS && seconds > metric_buckets[b])
        b++;
    atomic_fetch_add(&m_buckets[ri][b], 1);
    atomic_fetch_add(&m_micros[ri], (unsigned long)(seconds * 1e6));
}

static void get_metrics(request *r);
static const char *method_name(enum evhttp_cmd_type m);

static void get_org_units(request *r)
{
    td_id id, commune_id;
    org_unit *u;
    size_t n;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = store_plan_commune(r->store, id, &commune_id, &err);
    if (!st)
        st = store_org_units_list(r->store, r->a, commune_id, &u, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s?, s:b}", "code", u[i].code, "name", u[i].name,
                                               "kind", org_kind_code(u[i].kind), "kind_label",
                                               org_kind_label_vi(u[i].kind), "parent", u[i].parent_code, "demo",
                                               u[i].is_demo));
    send_page(r, items);
}

static void get_blocks(request *r)
{
    td_id id, commune_id;
    block *b;
    size_t n;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = store_plan_commune(r->store, id, &commune_id, &err);
    if (!st)
        st = store_blocks_list(r->store, r->a, commune_id, &b, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *members = json_array();
        for (size_t k = 0; k < b[i].n_members; k++)
            json_array_append_new(members, json_string(b[i].members[k]));
        json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:b}", "code", b[i].code, "name", b[i].name,
                                               "members", members, "demo", b[i].is_demo));
    }
    send_page(r, items);
}

/* Indicators flat, depth first, each with its parent's code: easier to page and filter than
 * the tree of plans/{id}. */
static void flatten(const indicator *list, size_t n, const char *parent, json_t *out)
{
    for (size_t i = 0; i < n; i++) {
        json_t *o = indicator_to_json(&list[i]);
        json_object_del(o, "children");
        json_object_set_new(o, "parent", parent ? json_string(parent) : json_null());
        json_object_set_new(o, "formula", list[i].formula ? json_string(list[i].formula) : json_null());
        json_object_set_new(o, "assigned_value", list[i].has_assigned ? json_real(list[i].assigned) : json_null());
        json_array_append_new(out, o);
        flatten(list[i].children, list[i].n_children, list[i].code, out);
    }
}

static void get_indicators(request *r)
{
    td_id id;
    plan *p;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = store_plan_get(r->store, r->a, id, &p, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    flatten(p->indicators, p->n_indicators, NULL, items);
    send_page(r, items);
}

static void post_user(request *r)
{
    json_t *body = body_object(r), *v;
    const char *key;
    user u = {0};
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
            const char *msg = arena_printf(r->a, "trường \"%s\" không hợp lệ; cần username, display_name, role, "
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
    td_status st = store_begin(r->store, &err);
    if (!st)
        st = store_finish(r->store, accounts_add(r->store, &u, password, &err), &err);
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

static void get_communes(request *r)
{
    commune *c;
    size_t n;
    td_error err = {0};
    td_status st = store_communes_list(r->store, r->a, &c, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s?, s:s?}", "code", c[i].code, "name", c[i].name, "city",
                                               c[i].city));
    send_page(r, items);
}

static void get_tasks(request *r)
{
    td_id id;
    plan *p;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = store_plan_get(r->store, r->a, id, &p, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = NULL;
    st = plantasks_json(r->store, r->a, p, &items, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_page(r, items);
}

static void get_audit_actions(request *r)
{
    json_t *out = NULL;
    td_error err = {0};
    td_status st = audit_actions(r->store, r->a, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}

/* ---- targets, plan documents and their text ------------------------------------------------ */

/* A target read and judged as `thidua target explain` does; a text that cannot be read is an
 * answer of the preview (ok: false), not an error of the request. */
static void post_target_preview(request *r)
{
    static const explain_names names = {"actual", "baseline"};
    json_t *body = body_object(r), *v;
    const char *key, *text = NULL, *actual = NULL, *baseline = NULL;
    if (!body)
        return;
    json_object_foreach(body, key, v)
    {
        const char **slot = strcmp(key, "text") == 0       ? &text
                            : strcmp(key, "actual") == 0   ? &actual
                            : strcmp(key, "baseline") == 0 ? &baseline
                                                           : NULL;
        const char *value = slot && strcmp(key, "text") != 0 ? scalar_text(r, v)
                            : json_is_string(v)              ? json_string_value(v)
                                                             : NULL;
        if (!slot || (!value && !(json_is_null(v) && slot != &text))) {
            /* the key lives in the body: the message is made before the body goes */
            const char *msg = arena_printf(r->a, "trường \"%s\" không hợp lệ; cần text (chuỗi), actual và baseline "
                                                 "(số viết kiểu Việt Nam, ví dụ \"20,5\")",
                                           key);
            json_decref(body);
            send_error(r, 422, "invalid", msg);
            return;
        }
        *slot = value ? arena_strdup(r->a, value) : NULL;
    }
    json_decref(body);
    if (!text) {
        send_error(r, 422, "invalid", "cần text: mục tiêu viết bằng tiếng Việt, ví dụ \"từ 19% trở lên\"");
        return;
    }
    explanation x;
    td_error err = {0};
    td_status st = explain_target(r->a, text, actual, baseline, &names, &x, &err);
    if (st == TD_ERR_INPUT) {
        send_json(r, 200, json_pack("{s:b, s:s}", "ok", 0, "message", err.msg));
        return;
    }
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *judgement = json_null();
    if (x.judged) {
        json_t *j = eval_judgement_to_json(&x.target, &x.judgement);
        judgement = json_pack("{s:O, s:s, s:O, s:O}", "verdict", json_object_get(j, "verdict"), "verdict_label",
                              eval_verdict_label_vi(x.judgement.verdict, true), "degree", json_object_get(j, "degree"),
                              "reason", json_object_get(j, "reason"));
        json_decref(j);
    }
    send_json(r, 200, json_pack("{s:b, s:o, s:s, s:s, s:o}", "ok", 1, "target", target_to_json(&x.target), "plain",
                                x.plain, "rule", x.judgement.rule ? x.judgement.rule : "", "judgement", judgement));
}

/* The media type of the body, without parameters ("text/plain; charset=utf-8" → "text/plain"). */
static bool body_is(request *r, const char *type)
{
    const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");
    size_t n = strlen(type);
    return ct && strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* The targets of a plan's text: JSON {"text"}, or the document itself (.docx, .txt, .md). */
static void post_extract(request *r)
{
    static const char docx[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    char *text = NULL;
    size_t len = 0;
    json_t *out = NULL;
    td_error err = {0};
    td_status st = TD_OK;
    const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");

    if (!ct || body_is(r, "application/json")) {
        json_t *body = body_object(r), *t;
        if (!body)
            return;
        t = json_object_get(body, "text");
        if (!json_is_string(t) || json_object_size(body) != 1) {
            json_decref(body);
            send_error(r, 422, "invalid", "cần {\"text\": \"…văn bản kế hoạch…\"} hoặc gửi chính tệp .docx, .txt, .md");
            return;
        }
        /* a "\u0000" inside would end the copy: the text is what comes before it */
        text = arena_strndup(r->a, json_string_value(t), json_string_length(t));
        len = strlen(text);
        json_decref(body);
    } else if (body_is(r, docx) || body_is(r, "text/plain") || body_is(r, "text/markdown")) {
        char *data = body_bytes(r, &len);
        st = doctext_parse(r->a, "tệp tải lên", data, len, body_is(r, docx), &text, &len, &err);
    } else {
        send_error(r, 415, "unsupported_media_type",
                   arena_printf(r->a, "không đọc được nội dung kiểu %s; gửi JSON {\"text\"}, tệp Word .docx, .txt "
                                      "hoặc .md",
                                ct));
        return;
    }
    if (!st)
        st = extraction_json(r->a, text, len, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}

static void get_plan_file(request *r)
{
    td_id id;
    json_t *out = NULL;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = planexport_json(r->store, r->a, id, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}

#define PLAN_DOC_NAME "tài liệu kế hoạch"

/* A plan document refused: 422 with its message, and in details the place in the document
 * ("plan.indicators[3].target.op") and what is wrong there. Other failures as send_status. */
static void send_plan_doc_error(request *r, td_status st, const td_error *err)
{
    if (st != TD_ERR_INPUT) {
        send_status(r, st, err);
        return;
    }
    const char *msg = err->msg, *path = NULL, *what = msg;
    if (strncmp(msg, PLAN_DOC_NAME ": ", strlen(PLAN_DOC_NAME ": ")) == 0) {
        const char *rest = msg + strlen(PLAN_DOC_NAME ": ");
        size_t n = strcspn(rest, " :");
        what = rest;
        if (n && strncmp(rest + n, ": ", 2) == 0) {
            path = arena_strndup(r->a, rest, n);
            what = rest + n + 2;
        }
    }
    send_json(r, 422, json_pack("{s:{s:s, s:s, s:[{s:o, s:s}]}}", "error", "code", "invalid", "message", msg,
                                "details", "path", path ? json_string(path) : json_null(), "message", what));
}

/* The body as the bytes of a plan document, after checking that it is JSON (400 otherwise). */
static char *plan_doc_body(request *r, size_t *len)
{
    json_t *body = body_object(r);
    if (!body)
        return NULL;
    json_decref(body);
    return body_bytes(r, len);
}

static void put_plan_file(request *r)
{
    td_id id;
    size_t len;
    char *data;
    json_t *summary = NULL, *blocked = NULL;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    data = plan_doc_body(r, &len);
    if (!data)
        return;
    td_status st = planload_update(r->store, r->a, id, PLAN_DOC_NAME, data, len, &summary, &blocked, &err);
    if (st == TD_ERR_CONFLICT && blocked) {
        send_json(r, 409, json_pack("{s:{s:s, s:s, s:{s:o}}}", "error", "code", "conflict", "message", err.msg,
                                    "details", "codes", blocked));
        return;
    }
    json_decref(blocked);
    if (st) {
        send_plan_doc_error(r, st, &err);
        return;
    }
    send_json(r, 200, json_pack("{s:I, s:o}", "id", (json_int_t)id, "summary", summary));
}

static void post_plan(request *r)
{
    size_t len;
    char *data = plan_doc_body(r, &len);
    planload_summary sum;
    td_error err = {0};
    if (!data)
        return;
    td_status st = planload_bytes(r->store, PLAN_DOC_NAME, data, len, &sum, &err);
    if (st) {
        send_plan_doc_error(r, st, &err);
        return;
    }
    evhttp_add_header(evhttp_request_get_output_headers(r->req), "Location",
                      arena_printf(r->a, "/api/v1/plans/%lld", (long long)sum.plan_id));
    send_json(r, 201, json_pack("{s:I}", "id", (json_int_t)sum.plan_id));
}

static void get_history(request *r)
{
    td_id id;
    eval_query q = {.org_unit = query(r, "unit")};
    json_t *out = NULL;
    td_error err = {0};
    char today[11];
    if (!param_id(r, 0, &id) || !scope_unit(r, &q.org_unit))
        return;
    vnclock_today(today);
    q.as_of = query(r, "as_of") ? query(r, "as_of") : today;
    q.approved_only = query(r, "approved") && strcmp(query(r, "approved"), "true") == 0;
    td_status st = evaluation_history(r->store, r->a, id, r->params[1], &q, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}

extern const struct embedded_file api_openapi_doc[];

static void get_openapi(request *r)
{
    /* the document lives in the binary: hand evhttp a reference, not a copy */
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "Content-Type", "application/json; charset=utf-8");
    evhttp_add_header(h, "Cache-Control", "public, max-age=300");
    struct evbuffer *buf = evbuffer_new();
    evbuffer_add_reference(buf, api_openapi_doc[0].data, api_openapi_doc[0].size, NULL, NULL);
    r->status = 200;
    evhttp_send_reply(r->req, 200, NULL, buf);
    evbuffer_free(buf);
}


/* ---- accounts and evidence files ------------------------------------------------------------ */

/* POST /api/v1/auth/password {"current", "new"}: a user changes its own password. */
static void post_password(request *r)
{
    json_t *body = body_object(r), *v;
    const char *key, *current = NULL, *fresh = NULL;
    if (!body)
        return;
    json_object_foreach(body, key, v)
    {
        const char **slot = strcmp(key, "current") == 0 ? &current : strcmp(key, "new") == 0 ? &fresh : NULL;
        if (!slot || !json_is_string(v)) {
            const char *msg = arena_printf(r->a, "trường \"%s\" không hợp lệ; cần current và new (chuỗi)", key);
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
    td_status st = store_begin(r->store, &err);
    if (!st)
        st = store_finish(r->store,
                          accounts_change_password(r->store, r->a, &r->user, current, fresh, r->cookie, &err), &err);
    if (st)
        send_status(r, st, &err);
    else
        send_body(r, 204, NULL, 0, NULL);
}

/* PATCH /api/v1/users/{id} {"display_name"?, "role"?, "org_unit"?, "disabled"?} (admin). */
static void patch_user(request *r)
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
        else if (strcmp(key, "role") == 0 && json_is_string(v) && user_role_from_code(json_string_value(v), &c.role))
            c.has_role = true;
        else if (strcmp(key, "org_unit") == 0 && (json_is_string(v) || json_is_null(v))) {
            c.has_org_unit = true;
            c.org_unit = json_is_string(v) && *json_string_value(v) ? arena_strdup(r->a, json_string_value(v)) : NULL;
        } else if (strcmp(key, "disabled") == 0 && json_is_boolean(v)) {
            c.has_disabled = true;
            c.disabled = json_is_true(v);
        } else if (!bad)
            bad = arena_strdup(r->a, key);
    }
    json_decref(body);
    if (bad) {
        send_error(r, 422, "invalid",
                   arena_printf(r->a, "trường \"%s\" không hợp lệ; cần display_name (chuỗi), role (admin, officer, "
                                      "reporter, leader, viewer), org_unit (mã đơn vị hoặc null), disabled (true/false)",
                                bad));
        return;
    }
    user out;
    td_error err = {0};
    td_status st = store_begin(r->store, &err);
    if (!st)
        st = store_finish(r->store, accounts_update(r->store, r->a, &r->user, id, &c, &out, &err), &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, json_pack("{s:o}", "user", user_json(&out)));
}

/* POST /api/v1/users/{id}/reset-password (admin): a generated password, shown once. */
static void post_reset_password(request *r)
{
    td_id id;
    user u;
    char *password = NULL;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = store_begin(r->store, &err);
    if (!st)
        st = store_finish(r->store, accounts_reset_password(r->store, r->a, id, &u, &password, &err), &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, json_pack("{s:s, s:s}", "username", u.username, "password", password));
}

static json_t *evidence_json(const evidence_file *f)
{
    return json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)f->id, "name", f->name, "size",
                     (json_int_t)f->size, "content_type", f->content_type, "sha256", f->sha256, "uploaded_by",
                     f->uploaded_by, "uploaded_at", f->uploaded_at);
}

/* Each value item of GET values gains "files": [{"id","name","size","content_type"}]. */
static void values_add_files(request *r, const value_filter *f, json_t *items)
{
    evidence_file *files = NULL;
    size_t n = 0, i;
    td_error err = {0};
    json_t *item;
    if (evidence_list(r->store, r->a, f, &files, &n, &err) != TD_OK)
        n = 0;
    json_array_foreach(items, i, item)
    {
        json_t *list = json_array();
        const char *code = json_string_value(json_object_get(item, "indicator")),
                   *unit = json_string_value(json_object_get(item, "org_unit")),
                   *per = json_string_value(json_object_get(item, "period"));
        for (size_t k = 0; code && unit && per && k < n; k++)
            if (strcmp(files[k].indicator_code, code) == 0 && strcmp(files[k].org_unit_code, unit) == 0 &&
                strcmp(files[k].period, per) == 0)
                json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:s}", "id", (json_int_t)files[k].id, "name",
                                                      files[k].name, "size", (json_int_t)files[k].size,
                                                      "content_type", files[k].content_type));
        json_object_set_new(item, "files", list);
    }
}

/* POST /api/v1/plans/{id}/values/evidence?indicator=&org_unit=&period=&name=, the file's bytes as
 * the body. */
static void post_evidence(request *r)
{
    td_id id;
    if (!param_id(r, 0, &id))
        return;
    struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
    size_t n = evbuffer_get_length(in);
    const unsigned char *data = n ? evbuffer_pullup(in, -1) : (const unsigned char *)"";
    const char *type = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");
    const char *unit = query(r, "org_unit");
    if (r->user.role == ROLE_REPORTER && !unit)
        unit = r->user.org_unit_code;
    evidence_file f;
    evidence_problem problem;
    td_error err = {0};
    td_status st = store_begin(r->store, &err);
    if (!st)
        st = store_finish(r->store,
                          evidence_attach(r->store, r->a, id, &r->user, query(r, "indicator"), unit, query(r, "period"),
                                          query(r, "name"), type, data, n, &f, &problem, &err),
                          &err);
    if (st == TD_ERR_INPUT && problem == EVIDENCE_TOO_LARGE)
        send_error(r, 413, "too_large", err.msg);
    else if (st == TD_ERR_INPUT && problem == EVIDENCE_BAD_TYPE)
        send_error(r, 415, "unsupported_type", err.msg);
    else if (st)
        send_status(r, st, &err);
    else
        send_json(r, 201, json_pack("{s:o}", "file", evidence_json(&f)));
}

/* "filename*" of RFC 6266/8187: UTF-8, percent-encoded. */
static char *percent_encode(arena *a, const char *s)
{
    char *out = arena_alloc(a, strlen(s) * 3 + 1), *w = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            *w++ = (char)*p;
        else
            w += sprintf(w, "%%%02X", *p);
    }
    *w = '\0';
    return out;
}

/* GET /api/v1/evidence/{id}: the file itself, to whoever may see its figure. */
/* DELETE /api/v1/evidence/{id}: a file attached by mistake, while its figure is not approved. */
static void delete_evidence(request *r)
{
    td_id id;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = store_begin(r->store, &err);
    if (!st)
        st = store_finish(r->store, evidence_remove(r->store, r->a, &r->user, id, &err), &err);
    if (st)
        send_status(r, st, &err);
    else
        send_body(r, 204, NULL, 0, NULL);
}

static void get_evidence(request *r)
{
    td_id id;
    evidence_file f;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = store_begin(r->store, &err);
    if (!st)
        st = store_finish(r->store, evidence_read(r->store, r->a, &r->user, id, &f, &err), &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    /* an ASCII name for old clients (the letters without their marks), the real one in filename* */
    char *plain = vtext_fold(r->a, f.name);
    for (char *p = plain; p && *p; p++)
        if ((unsigned char)*p >= 0x80 || *p == '"' || *p == '\\')
            *p = '_';
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "Content-Type", f.content_type);
    evhttp_add_header(h, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                                             plain ? plain : "tep", percent_encode(r->a, f.name)));
    evhttp_add_header(h, "Cache-Control", "private, no-store");
    evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
    evhttp_add_header(h, "Content-Security-Policy", "default-src 'none'; sandbox");
    struct evbuffer *buf = evbuffer_new();
    evbuffer_add(buf, f.bytes, f.size);
    r->status = 200;
    evhttp_send_reply(r->req, 200, NULL, buf);
    evbuffer_free(buf);
}

static const route routes[] = {
    {EVHTTP_REQ_GET, "/healthz", get_health, PUBLIC},
    {EVHTTP_REQ_GET, "/metrics", get_metrics, PUBLIC},
    {EVHTTP_REQ_GET, "/api/v1/openapi.json", get_openapi, PUBLIC},
    {EVHTTP_REQ_POST, "/api/v1/auth/login", post_login, PUBLIC},
    {EVHTTP_REQ_POST, "/api/v1/auth/logout", post_logout, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/auth/me", get_me, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/communes", get_communes, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/plans", get_plans, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/tasks", get_tasks, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}", get_plan, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/values", get_values, ANYONE},
    {EVHTTP_REQ_PUT, "/api/v1/plans/{id}/values", put_values, R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER)},
    /* before values/{action}, which would take "evidence" for an action */
    {EVHTTP_REQ_POST, "/api/v1/plans/{id}/values/evidence", post_evidence,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER)},
    {EVHTTP_REQ_POST, "/api/v1/plans/{id}/values/{action}", post_transition,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER) | R(ROLE_LEADER)},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/evaluation", get_evaluation, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/completeness", get_completeness, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/org-units", get_org_units, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/blocks", get_blocks, ANYONE},
    {EVHTTP_REQ_GET, "/api/v1/audit", get_audit, R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER)},
    {EVHTTP_REQ_GET, "/api/v1/users", get_users, R(ROLE_ADMIN)},
    {EVHTTP_REQ_POST, "/api/v1/users", post_user, R(ROLE_ADMIN)},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/indicators", get_indicators, ANYONE},
    {EVHTTP_REQ_POST, "/api/v1/plans", post_plan, R(ROLE_ADMIN) | R(ROLE_OFFICER)},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/plan-file", get_plan_file, R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER)},
    {EVHTTP_REQ_PUT, "/api/v1/plans/{id}/plan-file", put_plan_file, R(ROLE_ADMIN) | R(ROLE_OFFICER)},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/indicators/{code}/history", get_history, ANYONE},
    {EVHTTP_REQ_POST, "/api/v1/targets/preview", post_target_preview, ANYONE},
    {EVHTTP_REQ_POST, "/api/v1/extract", post_extract, R(ROLE_ADMIN) | R(ROLE_OFFICER)},
    {EVHTTP_REQ_GET, "/api/v1/audit/actions", get_audit_actions, R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER)},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/unit-targets", get_unit_targets, ANYONE},
    {EVHTTP_REQ_PUT, "/api/v1/plans/{id}/unit-targets", put_unit_target, R(ROLE_ADMIN) | R(ROLE_OFFICER)},
    {EVHTTP_REQ_DELETE, "/api/v1/plans/{id}/unit-targets", delete_unit_target, R(ROLE_ADMIN) | R(ROLE_OFFICER)},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/evaluation/units", get_unit_matrix,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER)},
    {EVHTTP_REQ_POST, "/api/v1/auth/password", post_password, ANYONE},
    {EVHTTP_REQ_PATCH, "/api/v1/users/{id}", patch_user, R(ROLE_ADMIN)},
    {EVHTTP_REQ_POST, "/api/v1/users/{id}/reset-password", post_reset_password, R(ROLE_ADMIN)},
    {EVHTTP_REQ_GET, "/api/v1/evidence/{id}", get_evidence, ANYONE},
    {EVHTTP_REQ_DELETE, "/api/v1/evidence/{id}", delete_evidence, R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER)},
};

const char *const api_routes[] = {
    "GET /healthz",
    "GET /metrics",
    "GET /api/v1/openapi.json",
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/logout",
    "GET /api/v1/auth/me",
    "GET /api/v1/communes",
    "GET /api/v1/plans",
    "GET /api/v1/plans/{id}/tasks",
    "GET /api/v1/plans/{id}",
    "GET /api/v1/plans/{id}/values",
    "PUT /api/v1/plans/{id}/values",
    "POST /api/v1/plans/{id}/values/{action}",
    "GET /api/v1/plans/{id}/evaluation",
    "GET /api/v1/plans/{id}/completeness",
    "GET /api/v1/plans/{id}/org-units",
    "GET /api/v1/plans/{id}/blocks",
    "GET /api/v1/audit",
    "GET /api/v1/users",
    "POST /api/v1/users",
    "GET /api/v1/plans/{id}/indicators",
    "POST /api/v1/plans",
    "GET /api/v1/plans/{id}/plan-file",
    "PUT /api/v1/plans/{id}/plan-file",
    "GET /api/v1/plans/{id}/indicators/{code}/history",
    "POST /api/v1/targets/preview",
    "POST /api/v1/extract",
    "GET /api/v1/audit/actions",
    "GET /api/v1/plans/{id}/unit-targets",
    "PUT /api/v1/plans/{id}/unit-targets",
    "DELETE /api/v1/plans/{id}/unit-targets",
    "GET /api/v1/plans/{id}/evaluation/units",
    "POST /api/v1/plans/{id}/values/evidence",
    "POST /api/v1/auth/password",
    "PATCH /api/v1/users/{id}",
    "POST /api/v1/users/{id}/reset-password",
    "GET /api/v1/evidence/{id}",
    "DELETE /api/v1/evidence/{id}",
    NULL,
};

#define N_ROUTES (sizeof routes / sizeof routes[0])
_Static_assert(N_ROUTES <= MAX_ROUTES, "raise MAX_ROUTES");

/* Prometheus text format: requests by route and status, a latency histogram, time spent. */
static void get_metrics(request *r)
{
    struct evbuffer *b = evbuffer_new();
    evbuffer_add_printf(b, "# HELP thidua_http_requests_total HTTP requests by route and status.\n"
                           "# TYPE thidua_http_requests_total counter\n");
    for (size_t i = 0; i <= N_ROUTES; i++) {
        const char *name = i < N_ROUTES ? routes[i].pattern : "unmatched";
        const char *method = i < N_ROUTES ? method_name(routes[i].method) : "";
        for (size_t k = 0; k <= N_STATUSES; k++) {
            unsigned long v = atomic_load(&m_requests[i][k]);
            if (v)
                evbuffer_add_printf(b, "thidua_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %lu\n",
                                    method, name, k < N_STATUSES ? arena_printf(r->a, "%d", metric_statuses[k]) : "other",
                                    v);
        }
    }
    evbuffer_add_printf(b, "# HELP thidua_http_request_duration_seconds Time to answer a request.\n"
                           "# TYPE thidua_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i <= N_ROUTES; i++) {
        const char *name = i < N_ROUTES ? routes[i].pattern : "unmatched";
        unsigned long cum = 0;
        for (size_t k = 0; k <= N_BUCKETS; k++)
            cum += atomic_load(&m_buckets[i][k]);
        if (!cum)
            continue;
        unsigned long run = 0;
        for (size_t k = 0; k <= N_BUCKETS; k++) {
            run += atomic_load(&m_buckets[i][k]);
            if (k < N_BUCKETS)
                evbuffer_add_printf(b, "thidua_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n",
                                    name, metric_buckets[k], run);
            else
                evbuffer_add_printf(b, "thidua_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n",
                                    name, run);
        }
        evbuffer_add_printf(b, "thidua_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", name,
                            (double)atomic_load(&m_micros[i]) / 1e6);
        evbuffer_add_printf(b, "thidua_http_request_duration_seconds_count{route=\"%s\"} %lu\n", name, cum);
    }
    evbuffer_add_printf(b, "# HELP thidua_db_seconds_total Time spent in the database while answering, by route.\n"
                           "# TYPE thidua_db_seconds_total counter\n");
    for (size_t i = 0; i <= N_ROUTES; i++) {
        unsigned long us = atomic_load(&m_db_micros[i]);
        if (us)
            evbuffer_add_printf(b, "thidua_db_seconds_total{route=\"%s\"} %.6f\n",
                                i < N_ROUTES ? routes[i].pattern : "unmatched", (double)us / 1e6);
    }
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    evhttp_add_header(h, "Cache-Control", "no-store");
    r->status = 200;
    evhttp_send_reply(r->req, 200, NULL, b);
    evbuffer_free(b);
}

/* Matches path against pattern; {x} takes one segment. */
static bool match(request *r, const char *pattern, const char *path)
{
    r->n_params = 0;
    while (*pattern && *path) {
        if (*pattern == '{') {
            const char *end = strchr(pattern, '}');
            const char *seg = path;
            while (*path && *path != '/')
                path++;
            if (r->n_params < 4)
                r->params[r->n_params++] = arena_strndup(r->a, seg, (size_t)(path - seg));
            pattern = end + 1;
            continue;
        }
        if (*pattern != *path)
            return false;
        pattern++;
        path++;
    }
    return !*pattern && !*path;
}

static const char *method_name(enum evhttp_cmd_type m)
{
    switch (m) {
    case EVHTTP_REQ_GET:
        return "GET";
    case EVHTTP_REQ_POST:
        return "POST";
    case EVHTTP_REQ_PUT:
        return "PUT";
    case EVHTTP_REQ_PATCH:
        return "PATCH";
    case EVHTTP_REQ_DELETE:
        return "DELETE";
    case EVHTTP_REQ_HEAD:
        return "HEAD";
    default:
        return "OPTIONS";
    }
}

/* The session cookie "thidua_session" from a Cookie header, or NULL. */
static const char *session_cookie(request *r)
{
    const char *h = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Cookie");
    for (const char *p = h ? strstr(h, "thidua_session=") : NULL; p; p = strstr(p + 1, "thidua_session=")) {
        if (p != h && p[-1] != ' ' && p[-1] != ';')
            continue;
        p += strlen("thidua_session=");
        size_t n = strcspn(p, "; ");
        return n ? arena_strndup(r->a, p, n) : NULL;
    }
    return NULL;
}

/* Who is calling (session cookie or bearer token), whether the role may call the route, and for
 * a session, the CSRF token on anything that changes state. Answers 401/403 itself. */
static bool authorize(request *r, unsigned roles, enum evhttp_cmd_type m)
{
    td_error err = {0};
    td_status st = TD_ERR_NOTFOUND;
    const char *auth = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Authorization");
    r->cookie = session_cookie(r);
    if (auth && strncmp(auth, "Bearer ", 7) == 0)
        st = accounts_bearer(r->store, r->a, auth + 7, &r->user, &err);
    else if (r->cookie)
        st = accounts_session(r->store, r->a, r->cookie, &r->user, &r->csrf, &err);
    if (st == TD_ERR_NOTFOUND) {
        send_error(r, 401, "unauthenticated", "cần đăng nhập (cookie phiên) hoặc mã truy cập (Authorization: Bearer)");
        return false;
    }
    if (st) {
        send_status(r, st, &err);
        return false;
    }
    if (!(roles & R(r->user.role))) {
        send_error(r, 403, "forbidden",
                   arena_printf(r->a, "vai trò %s không được dùng chức năng này", user_role_label_vi(r->user.role)));
        return false;
    }
    if (r->csrf && m != EVHTTP_REQ_GET && m != EVHTTP_REQ_HEAD) {
        const char *sent = evhttp_find_header(evhttp_request_get_input_headers(r->req), "X-CSRF-Token");
        if (!sent || strcmp(sent, r->csrf) != 0) {
            send_error(r, 403, "csrf", "thiếu hoặc sai mã chống giả mạo (tiêu đề X-CSRF-Token)");
            return false;
        }
    }
    r->authenticated = true;
    /* the audit trail names the person, not "api" */
    store_set_actor(r->store, r->user.username);
    return true;
}

void api_handle(struct evhttp_request *req, store *s, const char *web_root)
{
    request r = {.req = req, .store = s, .a = arena_new()};
    struct timespec t0, t1;
    int matched = -1;
    double db0 = db_thread_seconds();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
    const char *q = uri ? evhttp_uri_get_query(uri) : NULL;
    enum evhttp_cmd_type m = evhttp_request_get_command(req);

    TAILQ_INIT(&r.query);
    r.path = path && *path ? path : "/";
    if (q && evhttp_parse_query_str(q, &r.query) != 0) {
        send_error(&r, 400, "bad_query", "chuỗi truy vấn (query string) không hợp lệ");
        goto done;
    }
    /* a trailing slash names the same resource */
    size_t pl = strlen(r.path);
    if (pl > 1 && r.path[pl - 1] == '/')
        r.path = arena_strndup(r.a, r.path, pl - 1);
    char allow[64] = "";
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!match(&r, routes[i].pattern, r.path))
            continue;
        if (routes[i].method == m || (m == EVHTTP_REQ_HEAD && routes[i].method == EVHTTP_REQ_GET)) {
            matched = (int)i;
            /* libevent reads bodies up to API_MAX_UPLOAD_BYTES for the evidence files' sake; every
             * other route keeps the smaller limit */
            if (routes[i].fn != post_evidence &&
                evbuffer_get_length(evhttp_request_get_input_buffer(req)) > API_MAX_BODY_BYTES) {
                send_error(&r, 413, "too_large", "nội dung yêu cầu quá lớn (tối đa 8 MB)");
                goto done;
            }
            if (routes[i].roles != PUBLIC && !authorize(&r, routes[i].roles, m))
                goto done;
            routes[i].fn(&r);
            goto done;
        }
        snprintf(allow + strlen(allow), sizeof allow - strlen(allow), "%s%s", *allow ? ", " : "",
                 method_name(routes[i].method));
    }
    if (!*allow && web_root && (m == EVHTTP_REQ_GET || m == EVHTTP_REQ_HEAD) && strncmp(r.path, "/api/", 5) != 0 &&
        static_serve(req, web_root, r.path)) {
        r.status = 200;
        goto done;
    }
    if (*allow) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Allow", allow);
        send_error(&r, 405, "method_not_allowed",
                   arena_printf(r.a, "phương thức %s không dùng được cho %s; dùng %s", method_name(m), r.path, allow));
    } else {
        send_error(&r, 404, "not_found", arena_printf(r.a, "không có đường dẫn %s", r.path));
    }
done:
    clock_gettime(CLOCK_MONOTONIC, &t1);
    observe(matched < 0 ? (int)N_ROUTES : matched, r.status,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, db_thread_seconds() - db0);
    store_set_actor(s, "api");
    evhttp_clear_headers(&r.query);
    arena_free(r.a);
}
