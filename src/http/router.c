/* router.c — the API's route table, matching a path to a route, who is calling, and every
 * answer's shape; see api.h and router.h. The handlers live in api_<resource>.c.
 *
 * Every response is JSON. Errors are {"error": {"code", "message" (Vietnamese), "details"}}
 * with the HTTP status that says what kind of error it is. A request's memory lives in one
 * arena freed when the response is sent. */
#include "api.h"
#include "router.h"

#include <errno.h>
#include <stdatomic.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/buffer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/vnum.h"
#include "core/vtext.h"
#include "service/accounts.h"
#include "service/credentials.h"
#include "service/values_json.h"
#include "compress.h"
#include "static.h"
#include "service/policy.h"
#include "service/records.h"

/* Who may call a route: a bit per role; PUBLIC needs no login at all. */
#define R(role) (1u << (role))
/* ROLE_CITY reads its city's communes: it is in ANYONE, and in no route that writes */
#define ANYONE (R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER) | R(ROLE_LEADER) | R(ROLE_VIEWER) | R(ROLE_CITY))
#define PUBLIC 0u

/* The record a route's first {param} names, which the policy must let the account see before
 * the handler runs: a record of another commune is "not found" on every such route. A route
 * of SCOPE_NONE names no record; what it lists, its service filters by the account. */
typedef enum route_scope {
    SCOPE_NONE,
    SCOPE_PLAN,     /* /plans/{id}… */
    SCOPE_USER,     /* /users/{id}… */
    SCOPE_EVIDENCE, /* /evidence/{id} */
} route_scope;

typedef struct route {
    enum evhttp_cmd_type method;
    const char *pattern; /* "/api/v1/plans/{id}" */
    handler fn;
    unsigned roles;
    route_scope scope;
} route;

static const char *method_name(enum evhttp_cmd_type m);

/* ---- responses -------------------------------------------------------------------------- */

void send_buffer(request *r, int status, const char *etag, const char *coding, struct evbuffer *buf)
{
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "Content-Type", "application/json; charset=utf-8");
    /* an answer with an ETag may be kept by the browser, which then asks If-None-Match every
     * time (a 304 costs no work); every other answer is never stored */
    evhttp_add_header(h, "Cache-Control", etag ? "private, no-cache" : "no-store");
    evhttp_add_header(h, "Vary", "Accept-Encoding");
    if (etag)
        evhttp_add_header(h, "ETag", etag);
    if (coding)
        evhttp_add_header(h, "Content-Encoding", coding);
    r->status = status;
    evhttp_send_reply(r->req, status, NULL, buf);
}

void send_body(request *r, int status, const char *body, size_t len, const char *etag)
{
    content_coding coding = CODING_IDENTITY;
    char *z = NULL;
    size_t zn = 0;
    if (body && len >= COMPRESS_MIN_BYTES && status != 304)
        coding = compress_choose(evhttp_find_header(evhttp_request_get_input_headers(r->req), "Accept-Encoding"));
    if (coding != CODING_IDENTITY && !compress_body(coding, body, len, true, &z, &zn))
        coding = CODING_IDENTITY;
    struct evbuffer *buf = evbuffer_new();
    if (z)
        evbuffer_add(buf, z, zn);
    else if (body && len)
        evbuffer_add(buf, body, len);
    send_buffer(r, status, etag, compress_name(coding), buf);
    evbuffer_free(buf);
    free(z);
}

/* Sends v (and releases it). */
void send_json(request *r, int status, json_t *v)
{
    /* json_pack fails on text that is not UTF-8: never an empty body, even then */
    char *body =
        v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
          : strdup("{\"error\":{\"code\":\"internal\",\"message\":\"lỗi máy chủ khi tạo câu trả lời\","
                   "\"details\":null}}");
    json_decref(v);
    send_body(r, status, body, body ? strlen(body) : 0, NULL);
    free(body);
}

void send_error(request *r, int status, const char *code, const char *message)
{
    send_json(r, status,
              json_pack("{s:{s:s, s:s, s:n}}", "error", "code", code, "message", message, "details"));
}

/* The one table from a service's status to an HTTP answer. A failure the client cannot mend
 * (the database, a file, a newer schema) is logged with its detail and answered with a plain
 * message: SQL and file paths stay in the log. */
static const struct status_answer {
    td_status st;
    int http;
    const char *code;
    const char *plain; /* the message sent instead of the service's, or NULL to send that */
} status_answers[] = {
    {TD_ERR_USAGE, 422, "invalid", NULL},
    {TD_ERR_INPUT, 422, "invalid", NULL},
    {TD_ERR_NOTFOUND, 404, "not_found", NULL},
    {TD_ERR_CONFLICT, 409, "conflict", NULL},
    {TD_ERR_FORBIDDEN, 403, "forbidden", NULL},
    {TD_ERR_BUSY, 503, "busy", "máy chủ đang bận ghi dữ liệu khác; hãy thử lại sau giây lát"},
    {TD_ERR_FULL, 507, "disk_full", NULL},
    {TD_ERR_TOO_LARGE, 413, "too_large", NULL},
    {TD_ERR_DB, 500, "internal",
     "lỗi máy chủ khi đọc hoặc ghi dữ liệu; quản trị viên xem chi tiết trong nhật ký"},
    {TD_ERR_IO, 500, "internal",
     "lỗi máy chủ khi đọc hoặc ghi tệp; quản trị viên xem chi tiết trong nhật ký"},
    {TD_ERR_VERSION, 500, "internal",
     "cơ sở dữ liệu do phiên bản thidua mới hơn tạo ra; hãy cập nhật chương trình"},
};

/* The prefix of every message of the database layer (store/db_sqlite.c): such a message names
 * SQL, even on a conflict, and never reaches a client. */
#define DB_MESSAGE_PREFIX "lỗi cơ sở dữ liệu"

void send_status_details(request *r, td_status st, const td_error *err, json_t *details)
{
    const struct status_answer *a = NULL;
    for (size_t i = 0; i < sizeof status_answers / sizeof status_answers[0]; i++)
        if (status_answers[i].st == st)
            a = &status_answers[i];
    int http = a ? a->http : 500;
    const char *code = a ? a->code : "internal";
    const char *msg = err->msg[0] ? err->msg : "lỗi không xác định";
    bool from_db = strncmp(msg, DB_MESSAGE_PREFIX, strlen(DB_MESSAGE_PREFIX)) == 0;
    if (!a || a->plain || from_db) {
        fprintf(stderr, "thidua: %s %s: %d %s: %s\n", method_name(evhttp_request_get_command(r->req)),
                r->path, http, code, msg);
        msg = a && a->plain ? a->plain
              : st == TD_ERR_CONFLICT ? "dữ liệu vừa bị thay đổi hoặc đã có; hãy tải lại rồi thử lại"
                                      : "lỗi máy chủ; quản trị viên xem chi tiết trong nhật ký";
    }
    if (st == TD_ERR_BUSY)
        evhttp_add_header(evhttp_request_get_output_headers(r->req), "Retry-After", "1");
    send_json(r, http,
              json_pack("{s:{s:s, s:s, s:o}}", "error", "code", code, "message", msg, "details",
                        details ? details : json_null()));
}

void send_status(request *r, td_status st, const td_error *err)
{
    send_status_details(r, st, err, NULL);
}

/* ---- helpers ---------------------------------------------------------------------------- */

bool param_id(request *r, int i, td_id *id)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(r->params[i], &end, 10);
    /* beyond 64 bits strtoll answers its largest value: such an id names nothing */
    if (!*r->params[i] || *end || v <= 0 || errno == ERANGE) {
        send_error(r, 404, "not_found",
                   arena_printf(r->a, "không có \"%s\": mã số phải là số nguyên dương", r->params[i]));
        return false;
    }
    *id = v;
    return true;
}

const char *query(request *r, const char *key)
{
    const char *v = evhttp_find_header(&r->query, key);
    return v && *v ? v : NULL;
}

/* ?key= as a whole number from min to max; absent: 0. A value that is not one answers 422 here
 * rather than being read as "any", which would answer a different question without saying so. */
bool query_number(request *r, const char *key, long min, long max, long *out)
{
    const char *v = query(r, key);
    char *end = NULL;
    *out = 0;
    if (!v)
        return true;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (*end || errno == ERANGE || n < min || n > max) {
        /* a year reads 2026, a count 1.000.000 */
        const char *lo = min < 10000 ? arena_printf(r->a, "%ld", min) : vnum_format(r->a, (double)min, 0);
        const char *hi = max < 10000 ? arena_printf(r->a, "%ld", max) : vnum_format(r->a, (double)max, 0);
        send_error(r, 422, "invalid", arena_printf(r->a, "%s: cần một số nguyên từ %s đến %s", key, lo, hi));
        return false;
    }
    *out = n;
    return true;
}

#define API_MAX_OFFSET 1000000000L

/* ?limit=&offset= with defaults and bounds; answers 422 itself. */
bool paging(request *r, long *limit, long *offset)
{
    const char *l = query(r, "limit"), *o = query(r, "offset");
    char *end = NULL;
    *limit = l ? strtol(l, &end, 10) : 50;
    if ((l && *end) || *limit < 1 || *limit > 500) {
        send_error(r, 422, "invalid", "limit: cần một số nguyên từ 1 đến 500");
        return false;
    }
    /* a bound far above any list, so that offset + limit never overflows; beyond 64 bits
     * strtol answers its largest value, which must not be echoed back as if it were asked */
    errno = 0;
    *offset = o ? strtol(o, &end, 10) : 0;
    if ((o && *end) || errno == ERANGE || *offset < 0 || *offset > API_MAX_OFFSET) {
        send_error(r, 422, "invalid", "offset: cần một số nguyên từ 0 đến 1.000.000.000");
        return false;
    }
    return true;
}

/* Sends items one page at a time (?limit=&offset=), with the total: every list pages. */
void send_file(request *r, const char *type, const char *name, const char *data, size_t len)
{
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "Content-Type", type);
    evhttp_add_header(h, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", name));
    evhttp_add_header(h, "Cache-Control", "private, no-store");
    struct evbuffer *buf = evbuffer_new();
    evbuffer_add(buf, data, len);
    r->status = 200;
    evhttp_send_reply(r->req, 200, NULL, buf);
    evbuffer_free(buf);
}

void send_page(request *r, json_t *items)
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
    send_json(r, 200,
              json_pack("{s:o, s:I, s:I, s:I}", "items", page, "total", (json_int_t)total, "limit",
                        (json_int_t)limit, "offset", (json_int_t)offset));
}

/* The body's bytes, copied into the request's arena and ended with a NUL. */
char *body_bytes(request *r, size_t *len)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
    *len = evbuffer_get_length(in);
    char *data = arena_alloc(r->a, *len + 1);
    evbuffer_copyout(in, data, *len);
    return data;
}

/* The body as one JSON object; answers 400 (with the position) or 422 itself and returns NULL. */
json_t *body_object(request *r)
{
    size_t len;
    char *data = body_bytes(r, &len);
    json_error_t je;
    json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        send_json(r, 400,
                  json_pack("{s:{s:s, s:s, s:{s:i, s:i}}}", "error", "code", "bad_json", "message",
                            arena_printf(r->a, "JSON không hợp lệ ở dòng %d, cột %d: %s", je.line, je.column,
                                         je.text),
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

/* A JSON scalar as the text a CSV cell would hold: numbers the Vietnamese way. */
const char *scalar_text(request *r, json_t *v)
{
    return values_json_scalar_text(r->a, v);
}

/* The media type of the body, without parameters ("text/plain; charset=utf-8" → "text/plain"). */
bool body_is(request *r, const char *type)
{
    const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");
    size_t n = strlen(type);
    return ct && strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* ---- metrics: counters shared by the worker threads, updated with atomics ----------------- */

#define MAX_ROUTES 192
static const int metric_statuses[] = {200, 201, 204, 304, 400, 401, 403, 404,
                                      405, 409, 413, 415, 422, 429, 500};
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

/* The route table: the one list of what the API serves. The OpenAPI test reads it through
 * api_route(), and /metrics counts by its index. The first route that matches wins: a literal
 * segment must come before a {param} that would take it. */
static const route routes[] = {
    {EVHTTP_REQ_GET, "/healthz", get_health, PUBLIC, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/metrics", get_metrics, PUBLIC, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/openapi.json", get_openapi, PUBLIC, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/auth/login", post_login, PUBLIC, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/auth/logout", post_logout, ANYONE, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/auth/me", get_me, ANYONE, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/communes", get_communes, ANYONE, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/plans", get_plans, ANYONE, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/tasks", get_tasks, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}", get_plan, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/values", get_values, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_PUT, "/api/v1/plans/{id}/values", put_values,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER), SCOPE_PLAN},
    /* before values/{action}, which would take "evidence" for an action */
    {EVHTTP_REQ_POST, "/api/v1/plans/{id}/values/evidence", post_evidence,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER), SCOPE_PLAN},
    {EVHTTP_REQ_POST, "/api/v1/plans/{id}/values/xlsx", post_values_xlsx,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER), SCOPE_PLAN},
    {EVHTTP_REQ_POST, "/api/v1/plans/{id}/values/{action}", post_transition,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER) | R(ROLE_LEADER), SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/evaluation", get_evaluation, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/completeness", get_completeness, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/reports/{kind}/draft", get_report_draft,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_REPORTER), SCOPE_PLAN},
    {EVHTTP_REQ_PUT, "/api/v1/plans/{id}/reports/{kind}/draft", put_report_draft,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER), SCOPE_PLAN},
    {EVHTTP_REQ_POST, "/api/v1/plans/{id}/reports/{kind}/issue", post_report_issue,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER), SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/documents", get_documents,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_REPORTER) | R(ROLE_CITY), SCOPE_PLAN},
    /* the document's commune and unit are checked by the service (report_docs_get) */
    {EVHTTP_REQ_GET, "/api/v1/documents/{id}.docx", get_document_docx,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_REPORTER) | R(ROLE_CITY), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/reports/{kind}.docx", get_report_docx,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_REPORTER), SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/exports/{file}", get_export, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/org-units", get_org_units, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/blocks", get_blocks, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/audit", get_audit, R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER),
     SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/users", get_users, R(ROLE_ADMIN), SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/users", post_user, R(ROLE_ADMIN), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/indicators", get_indicators, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_POST, "/api/v1/plans", post_plan, R(ROLE_ADMIN) | R(ROLE_OFFICER), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/plan-file", get_plan_file,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER), SCOPE_PLAN},
    {EVHTTP_REQ_PUT, "/api/v1/plans/{id}/plan-file", put_plan_file, R(ROLE_ADMIN) | R(ROLE_OFFICER),
     SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/indicators/{code}/history", get_history, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_POST, "/api/v1/targets/preview", post_target_preview, ANYONE, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/extract", post_extract, R(ROLE_ADMIN) | R(ROLE_OFFICER), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/audit/actions", get_audit_actions,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/unit-targets", get_unit_targets, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_PUT, "/api/v1/plans/{id}/unit-targets", put_unit_target, R(ROLE_ADMIN) | R(ROLE_OFFICER),
     SCOPE_PLAN},
    {EVHTTP_REQ_DELETE, "/api/v1/plans/{id}/unit-targets", delete_unit_target,
     R(ROLE_ADMIN) | R(ROLE_OFFICER), SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/evaluation/units", get_unit_matrix,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER), SCOPE_PLAN},
    {EVHTTP_REQ_POST, "/api/v1/auth/password", post_password, ANYONE, SCOPE_NONE},
    {EVHTTP_REQ_PATCH, "/api/v1/users/{id}", patch_user, R(ROLE_ADMIN), SCOPE_USER},
    {EVHTTP_REQ_POST, "/api/v1/users/{id}/reset-password", post_reset_password, R(ROLE_ADMIN), SCOPE_USER},
    {EVHTTP_REQ_GET, "/api/v1/evidence/{id}", get_evidence, ANYONE, SCOPE_EVIDENCE},
    {EVHTTP_REQ_DELETE, "/api/v1/evidence/{id}", delete_evidence,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_REPORTER), SCOPE_EVIDENCE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/reminders", get_reminders, R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER),
     SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/reminders/banner", get_reminder_banner, ANYONE, SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/reminders/log", get_reminder_log,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER), SCOPE_PLAN},
    {EVHTTP_REQ_POST, "/api/v1/plans/{id}/reminders/send", post_reminders_send, R(ROLE_ADMIN) | R(ROLE_OFFICER),
     SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/reminders/schedule", get_reminder_schedule,
     R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER), SCOPE_PLAN},
    {EVHTTP_REQ_PUT, "/api/v1/plans/{id}/reminders/schedule", put_reminder_schedule,
     R(ROLE_ADMIN) | R(ROLE_OFFICER), SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/settings/smtp", get_smtp, R(ROLE_ADMIN), SCOPE_NONE},
    {EVHTTP_REQ_PUT, "/api/v1/settings/smtp", put_smtp, R(ROLE_ADMIN), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/contacts", get_contacts, R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER),
     SCOPE_NONE},
    {EVHTTP_REQ_PUT, "/api/v1/contacts/{code}", put_contact, R(ROLE_ADMIN) | R(ROLE_OFFICER), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/city/communes", get_city_communes, R(ROLE_CITY), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/city/rollup", get_city_rollup, R(ROLE_CITY), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/city/reports", get_city_reports, R(ROLE_CITY), SCOPE_NONE},
    /* emulation and awards (api_awards.c); /awards/… records are the account's commune's, which
     * the services check (a record of another commune is not found) */
#define AO (R(ROLE_ADMIN) | R(ROLE_OFFICER))
#define AOL (R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER))
#define READERS (R(ROLE_ADMIN) | R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_VIEWER))
    {EVHTTP_REQ_GET, "/api/v1/awards/blocks", get_award_blocks, READERS, SCOPE_NONE},
    {EVHTTP_REQ_PUT, "/api/v1/awards/blocks/{code}/scoring", put_award_scoring, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/plans/{id}/awards/scores", get_award_scores, READERS, SCOPE_PLAN},
    {EVHTTP_REQ_PUT, "/api/v1/plans/{id}/awards/scores", put_award_score, AO, SCOPE_PLAN},
    {EVHTTP_REQ_GET, "/api/v1/awards/catalogue", get_award_catalogue, ANYONE, SCOPE_NONE},
    {EVHTTP_REQ_PUT, "/api/v1/awards/catalogue/{code}", put_award_form, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/persons", get_award_persons, AOL | R(ROLE_REPORTER), SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/persons", post_award_person, AO, SCOPE_NONE},
    {EVHTTP_REQ_PATCH, "/api/v1/awards/persons/{id}", patch_award_person, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/history", get_award_history, READERS, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/history", post_award_history, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/mergers", get_award_mergers, READERS, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/mergers", post_award_merger, R(ROLE_ADMIN), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/nominations", get_award_nominations, ANYONE, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/nominations", post_award_nomination, AO | R(ROLE_REPORTER), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/nominations/{id}", get_award_nomination, ANYONE, SCOPE_NONE},
    {EVHTTP_REQ_PATCH, "/api/v1/awards/nominations/{id}", patch_award_nomination, AO | R(ROLE_REPORTER), SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/nominations/{id}/files", post_award_file, AO | R(ROLE_REPORTER), SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/nominations/{id}/{action}", post_award_nomination_action, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/files/{id}", get_award_file, AOL | R(ROLE_REPORTER), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/councils", get_award_councils, READERS, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/councils", post_award_council, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/sessions", get_award_sessions, READERS, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/sessions", post_award_session, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/sessions/{id}", get_award_session, READERS, SCOPE_NONE},
    {EVHTTP_REQ_PUT, "/api/v1/awards/sessions/{id}/votes", put_award_votes, AO, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/sessions/{id}/close", post_award_session_close, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/sessions/{id}/minutes.docx", get_award_minutes, AOL, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/sessions/{id}/proposal.docx", get_award_proposal, AOL, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/decisions", get_award_decisions, READERS, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/decisions", post_award_decision, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/decisions/{id}", get_award_decision, READERS, SCOPE_NONE},
    {EVHTTP_REQ_DELETE, "/api/v1/awards/decisions/{id}", delete_award_decision, AO, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/decisions/{id}/{action}", post_award_decision_action,
     R(ROLE_ADMIN) | R(ROLE_LEADER), SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/decisions/{id}/certificates.pdf", get_award_certificates, AOL, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/decisions/{id}/decision.docx", get_award_decision_docx, AOL, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/disclosure", get_award_disclosure, AOL, SCOPE_NONE},
    {EVHTTP_REQ_PUT, "/api/v1/awards/disclosure", put_award_disclosure, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/awards/stories", get_award_stories, READERS, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/stories", post_award_story, AO, SCOPE_NONE},
    {EVHTTP_REQ_PATCH, "/api/v1/awards/stories/{id}", patch_award_story, AO, SCOPE_NONE},
    {EVHTTP_REQ_POST, "/api/v1/awards/stories/{id}/{action}", post_award_story_action, AO, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/public/communes", get_public_communes, PUBLIC, SCOPE_NONE},
    {EVHTTP_REQ_GET, "/api/v1/public/{commune}/awards", get_public_awards, PUBLIC, SCOPE_NONE},
#undef AO
#undef AOL
#undef READERS
};

#define N_ROUTES (sizeof routes / sizeof routes[0])
_Static_assert(N_ROUTES <= MAX_ROUTES, "raise MAX_ROUTES");

bool api_route(size_t i, const char **method, const char **pattern)
{
    if (i >= N_ROUTES)
        return false;
    *method = method_name(routes[i].method);
    *pattern = routes[i].pattern;
    return true;
}

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
                evbuffer_add_printf(
                    b, "thidua_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %lu\n", method,
                    name, k < N_STATUSES ? arena_printf(r->a, "%d", metric_statuses[k]) : "other", v);
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
                evbuffer_add_printf(
                    b, "thidua_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n", name,
                    metric_buckets[k], run);
            else
                evbuffer_add_printf(
                    b, "thidua_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n", name,
                    run);
        }
        evbuffer_add_printf(b, "thidua_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", name,
                            (double)atomic_load(&m_micros[i]) / 1e6);
        evbuffer_add_printf(b, "thidua_http_request_duration_seconds_count{route=\"%s\"} %lu\n", name, cum);
    }
    evbuffer_add_printf(
        b, "# HELP thidua_db_seconds_total Time spent in the database while answering, by route.\n"
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

/* Matches path against pattern; {x} takes one segment, or the part of it before the literal that
 * follows {x} in the pattern. */
static bool match(request *r, const char *pattern, const char *path)
{
    r->n_params = 0;
    while (*pattern && *path) {
        if (*pattern == '{') {
            const char *end = strchr(pattern, '}');
            const char *seg = path;
            /* "{kind}.docx": the param ends where the pattern's next literal begins */
            char stop = end[1] && end[1] != '/' ? end[1] : '/';
            while (*path && *path != '/' && *path != stop)
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
    case EVHTTP_REQ_TRACE:
        return "TRACE";
    case EVHTTP_REQ_CONNECT:
        return "CONNECT";
    default:
        return "OPTIONS";
    }
}

/* The record the route names is one the account may see (service/policy.h); answers 404 itself. */
static bool in_scope(request *r, route_scope scope)
{
    td_id id;
    td_error err = {0};
    td_status st = TD_OK;
    if (scope == SCOPE_NONE)
        return true;
    if (!param_id(r, 0, &id))
        return false;
    st = scope == SCOPE_PLAN   ? policy_plan(r->store, &r->user, id, &err)
         : scope == SCOPE_USER ? policy_user(r->store, &r->user, id, &err)
                               : policy_evidence(r->store, r->a, &r->user, id, &err);
    if (st)
        send_status(r, st, &err);
    return st == TD_OK;
}

/* On every answer, the API's and the web front end's alike. The built front end loads its
 * script and style sheet from files and sets styles through the DOM (element.style), never
 * in markup: neither needs 'unsafe-inline'. */
void api_add_security_headers(struct evkeyvalq *h)
{
    evhttp_add_header(
        h, "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'");
    evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
    evhttp_add_header(h, "X-Frame-Options", "DENY");
    evhttp_add_header(h, "Referrer-Policy", "no-referrer");
}

/* Every query value decoded is UTF-8 (the services and the JSON answers take nothing else);
 * answers 400 itself, naming the parameter. */
static bool query_is_utf8(request *r)
{
    struct evkeyval *kv;
    TAILQ_FOREACH(kv, &r->query, next)
    {
        if (vtext_utf8_valid(kv->key, strlen(kv->key), NULL) &&
            vtext_utf8_valid(kv->value, strlen(kv->value), NULL))
            continue;
        bool key_ok = vtext_utf8_valid(kv->key, strlen(kv->key), NULL);
        send_error(r, 400, "bad_query",
                   key_ok ? arena_printf(r->a, "tham số %s: giá trị không phải văn bản UTF-8", kv->key)
                          : "chuỗi truy vấn có tên tham số không phải văn bản UTF-8");
        return false;
    }
    return true;
}

static bool secure_cookies;

void api_set_secure_cookies(bool on)
{
    secure_cookies = on;
}

bool cookie_secure(request *r)
{
    /* Secure is only ever added: a client claiming HTTPS falsely only loses its own cookie */
    const char *proto = evhttp_find_header(evhttp_request_get_input_headers(r->req), "X-Forwarded-Proto");
    return secure_cookies || (proto && strcasecmp(proto, "https") == 0);
}

/* Who is calling (session cookie or bearer token), whether the role may call the route, and for
 * a session, the CSRF token on anything that changes state. Answers 401/403 itself. */
static bool authorize(request *r, unsigned roles, enum evhttp_cmd_type m)
{
    td_error err = {0};
    td_status st = TD_ERR_NOTFOUND;
    /* the same readers the fuzzer feeds (service/credentials.h) */
    struct evkeyvalq *in = evhttp_request_get_input_headers(r->req);
    const char *bearer = credentials_bearer(r->a, evhttp_find_header(in, "Authorization"));
    r->cookie = credentials_session_cookie(r->a, evhttp_find_header(in, "Cookie"));
    if (bearer)
        st = accounts_bearer(r->store, r->a, bearer, &r->user, &err);
    else if (r->cookie)
        st = accounts_session(r->store, r->a, r->cookie, &r->user, &r->csrf, &err);
    if (st == TD_ERR_NOTFOUND) {
        send_error(r, 401, "unauthenticated",
                   "cần đăng nhập (cookie phiên) hoặc mã truy cập (Authorization: Bearer)");
        return false;
    }
    if (st) {
        send_status(r, st, &err);
        return false;
    }
    if (!(roles & R(r->user.role))) {
        send_error(
            r, 403, "forbidden",
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
    records_set_actor(r->store, r->user.username);
    return true;
}

void api_handle(struct evhttp_request *req, store *s, const char *web_root)
{
    request r = {.req = req, .store = s, .a = arena_new()};
    struct timespec t0, t1;
    int matched = -1;
    double db0 = records_db_seconds();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
    const char *q = uri ? evhttp_uri_get_query(uri) : NULL;
    enum evhttp_cmd_type m = evhttp_request_get_command(req);

    TAILQ_INIT(&r.query);
    r.path = path && *path ? path : "/";
    api_add_security_headers(evhttp_request_get_output_headers(req));
    if (q && evhttp_parse_query_str(q, &r.query) != 0) {
        send_error(&r, 400, "bad_query", "chuỗi truy vấn (query string) không hợp lệ");
        goto done;
    }
    if (!query_is_utf8(&r))
        goto done;
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
            if (routes[i].fn != post_evidence && routes[i].fn != post_award_file &&
                evbuffer_get_length(evhttp_request_get_input_buffer(req)) > API_MAX_BODY_BYTES) {
                send_error(&r, 413, "too_large", "nội dung yêu cầu quá lớn (tối đa 8 MB)");
                goto done;
            }
            if (routes[i].roles != PUBLIC && !authorize(&r, routes[i].roles, m))
                goto done;
            if (!in_scope(&r, routes[i].scope))
                goto done;
            routes[i].fn(&r);
            goto done;
        }
        snprintf(allow + strlen(allow), sizeof allow - strlen(allow), "%s%s", *allow ? ", " : "",
                 method_name(routes[i].method));
    }
    if (!*allow && web_root && (m == EVHTTP_REQ_GET || m == EVHTTP_REQ_HEAD) &&
        strncmp(r.path, "/api/", 5) != 0 && static_serve(req, web_root, r.path)) {
        r.status = 200;
        goto done;
    }
    if (*allow) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Allow", allow);
        send_error(&r, 405, "method_not_allowed",
                   arena_printf(r.a, "phương thức %s không dùng được cho %s; dùng %s", method_name(m), r.path,
                                allow));
    } else {
        send_error(&r, 404, "not_found", arena_printf(r.a, "không có đường dẫn %s", r.path));
    }
done:
    clock_gettime(CLOCK_MONOTONIC, &t1);
    observe(matched < 0 ? (int)N_ROUTES : matched, r.status,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
            records_db_seconds() - db0);
    records_set_actor(s, "api");
    evhttp_clear_headers(&r.query);
    arena_free(r.a);
}
