/* api_evaluation.c — the API's the evaluation of a plan, its completeness, the unit × indicator table, an
 * indicator's history; see router.h. */
#include "router.h"

#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answer_cache.h"
#include "core/embedded.h"
#include "core/hash.h"
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

/* Told apart from the answers of an earlier run of the server, which may have been another
 * version of the engine: a client's ETag from before a restart is never taken as current. */
static uint64_t process_nonce(void)
{
    static _Atomic uint64_t nonce;
    uint64_t n = nonce;
    if (!n) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        n = ((uint64_t)ts.tv_sec * 1000000007ull) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^ 1;
        nonce = n;
    }
    return n;
}


/* FNV-1a over what was asked and the state it is answered from (store_state.h): the ETag is
 * known before any work, so a revalidation is answered 304 from one read of the state. Hashed
 * field by field (each text with its NUL, so that no two splits of the same bytes agree) and
 * written without printf: every request computes it, kept answer or not. */
static char *etag_of(arena *a, const char *key, const plan_state *ps)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t nonce = process_nonce();
    int64_t revision = ps->revision, data = ps->data;
    uint64_t h = hash_bytes(HASH_SEED, &nonce, sizeof nonce);
    h = hash_bytes(h, key, strlen(key) + 1);
    h = hash_bytes(h, &revision, sizeof revision);
    h = hash_bytes(h, &data, sizeof data);
    h = hash_bytes(h, ps->created_at, strlen(ps->created_at) + 1);
    char *out = arena_alloc(a, 19);
    out[0] = out[17] = '"';
    for (int i = 0; i < 16; i++)
        out[1 + i] = hex[(h >> (60 - 4 * i)) & 0xf];
    out[18] = '\0';
    return out;
}

/* "evaluation|ID|UNIT|PERIOD|AS_OF|APPROVED", the answer's key, joined without printf. */
static char *evaluation_key(arena *a, td_id id, const char *unit, const char *asked, const char *as_of,
                            bool approved)
{
    char digits[24];
    int nd = 0;
    for (unsigned long long v = (unsigned long long)id; nd == 0 || v; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    size_t lu = strlen(unit), lp = strlen(asked), la = strlen(as_of);
    char *out = arena_alloc(a, sizeof "evaluation|" + (size_t)nd + lu + lp + la + 6);
    char *p = out;
    memcpy(p, "evaluation|", 11);
    p += 11;
    while (nd)
        *p++ = digits[--nd];
    *p++ = '|';
    memcpy(p, unit, lu);
    p += lu;
    *p++ = '|';
    memcpy(p, asked, lp);
    p += lp;
    *p++ = '|';
    memcpy(p, as_of, la);
    p += la;
    *p++ = '|';
    *p++ = approved ? '1' : '0';
    *p = '\0';
    return out;
}

/* The evaluation depends on the plan's state, what is asked (the unit after the viewer's scope,
 * the period, the as-of date — today's in Vietnam when none is asked — and approved_only) and
 * nothing else: it is kept in memory under that (answer_cache.h) and served from there while the
 * state holds. */
void get_evaluation(request *r)
{
    td_id id;
    eval_query q = {.org_unit = query(r, "unit")};
    eval_report rep;
    plan_state ps;
    td_error err = {0};
    char today[11];
    if (!param_id(r, 0, &id))
        return;
    td_status scoped = policy_scope_unit(&r->user, &q.org_unit, &err);
    if (scoped) {
        send_status(r, scoped, &err);
        return;
    }
    if (query(r, "period") && period_parse(query(r, "period"), &q.period, &err) != TD_OK) {
        send_error(r, 422, "invalid", arena_printf(r->a, "period: %s", err.msg));
        return;
    }
    /* today's date only when none is asked (the clock and its time zone cost on every request) */
    q.as_of = query(r, "as_of");
    if (!q.as_of) {
        vnclock_today(today);
        q.as_of = today;
    }
    q.approved_only = query(r, "approved") && strcmp(query(r, "approved"), "true") == 0;
    /* the state is read before the figures: an answer computed from newer figures than its
     * state says is recomputed once more, never the reverse */
    td_status st = evaluation_state(r->store, &r->user, id, &ps, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    const char *key = evaluation_key(r->a, id, q.org_unit ? q.org_unit : "",
                                     query(r, "period") ? query(r, "period") : "", q.as_of, q.approved_only);
    char *etag = etag_of(r->a, key, &ps);
    const char *inm = evhttp_find_header(evhttp_request_get_input_headers(r->req), "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        send_body(r, 304, NULL, 0, etag);
        return;
    }
    if (answer_cache_send(r, key, etag))
        return;
    st = evaluation_run(r->store, r->a, &r->user, id, &q, &rep, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *v = eval_report_to_json(r->a, &rep);
    char *body = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(v);
    if (body)
        answer_cache_keep_send(r, key, etag, body, strlen(body));
    else
        send_error(r, 500, "internal", "lỗi máy chủ khi tạo câu trả lời");
    free(body);
}

void get_unit_matrix(request *r)
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
    evaluation_matrix_filter f = {
        .org_unit = query(r, "org_unit"), .indicator = query(r, "indicator"), .verdict = query(r, "verdict")};
    td_status st = evaluation_matrix(r->store, r->a, &r->user, id, &q, &f, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}

void get_completeness(request *r)
{
    td_id id;
    period per;
    td_error err = {0};
    char today[11];
    json_t *out = NULL;
    if (!param_id(r, 0, &id))
        return;
    if (!query(r, "period") || period_parse(query(r, "period"), &per, &err) != TD_OK) {
        send_error(r, 422, "invalid",
                   query(r, "period") ? arena_printf(r->a, "period: %s", err.msg)
                                      : "cần period (2026-03, 2026-Q1 hoặc 2026)");
        return;
    }
    vnclock_today(today);
    td_status st = evaluation_completeness(r->store, r->a, &r->user, id, &per,
                                           query(r, "as_of") ? query(r, "as_of") : today, &out, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    send_json(r, 200, out);
}

void get_history(request *r)
{
    td_id id;
    eval_query q = {.org_unit = query(r, "unit")};
    json_t *out = NULL;
    td_error err = {0};
    char today[11];
    if (!param_id(r, 0, &id))
        return;
    td_status scoped = policy_scope_unit(&r->user, &q.org_unit, &err);
    if (scoped) {
        send_status(r, scoped, &err);
        return;
    }
    vnclock_today(today);
    q.as_of = query(r, "as_of") ? query(r, "as_of") : today;
    q.approved_only = query(r, "approved") && strcmp(query(r, "approved"), "true") == 0;
    td_status st = evaluation_history(r->store, r->a, &r->user, id, r->params[1], &q, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}
