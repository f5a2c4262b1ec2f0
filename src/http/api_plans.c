/* api_plans.c — the API's communes, plans, their plan documents, tasks, units, blocks and indicators; see
 * router.h. */
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

#define PLAN_DOC_NAME "tài liệu kế hoạch"

void get_plans(request *r)
{
    plan *plans;
    size_t n;
    td_error err = {0};
    td_status st = records_plans(r->store, r->a, &r->user, &plans, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, plan_header_to_json(&plans[i]));
    send_page(r, arr);
}

void get_plan(request *r)
{
    td_id id;
    plan *p = NULL;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    json_t *o = NULL;
    td_status st = records_plan(r->store, r->a, &r->user, id, &p, &err);
    if (!st)
        st = unit_targets_plan_json(r->store, r->a, &r->user, id, &o, &err);
    if (!st)
        st = plantasks_name_leads(r->store, r->a, p, json_object_get(o, "tasks"), &err);
    if (st) {
        json_decref(o);
        send_status(r, st, &err);
        return;
    }
    send_json(r, 200, o);
}

void get_org_units(request *r)
{
    td_id id;
    org_unit *u;
    size_t n;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = records_org_units(r->store, r->a, &r->user, id, &u, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s?, s:b}", "code", u[i].code, "name",
                                               u[i].name, "kind", org_kind_code(u[i].kind), "kind_label",
                                               org_kind_label_vi(u[i].kind), "parent", u[i].parent_code,
                                               "demo", u[i].is_demo));
    send_page(r, items);
}

void get_blocks(request *r)
{
    td_id id;
    block *b;
    size_t n;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = records_blocks(r->store, r->a, &r->user, id, &b, &n, &err);
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
        json_object_set_new(o, "assigned_value",
                            list[i].has_assigned ? json_real(list[i].assigned) : json_null());
        json_array_append_new(out, o);
        flatten(list[i].children, list[i].n_children, list[i].code, out);
    }
}

void get_indicators(request *r)
{
    td_id id;
    plan *p;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = records_plan(r->store, r->a, &r->user, id, &p, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    flatten(p->indicators, p->n_indicators, NULL, items);
    send_page(r, items);
}

void get_communes(request *r)
{
    commune *c;
    size_t n;
    td_error err = {0};
    td_status st = records_communes(r->store, r->a, &r->user, &c, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:s, s:s?, s:s?}", "code", c[i].code, "name", c[i].name, "city", c[i].city));
    send_page(r, items);
}

void get_tasks(request *r)
{
    td_id id;
    plan *p;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = records_plan(r->store, r->a, &r->user, id, &p, &err);
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

void get_plan_file(request *r)
{
    td_id id;
    json_t *out = NULL;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = planexport_json(r->store, r->a, &r->user, id, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}

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
    send_json(r, 422,
              json_pack("{s:{s:s, s:s, s:[{s:o, s:s}]}}", "error", "code", "invalid", "message", msg,
                        "details", "path", path ? json_string(path) : json_null(), "message", what));
}

/* The body as the bytes of a plan document, after checking that it is JSON (400 otherwise);
 * commune_code: the commune the document names, or NULL (may be NULL when not wanted). */
static char *plan_doc_body(request *r, size_t *len, const char **commune_code)
{
    json_t *body = body_object(r);
    if (!body)
        return NULL;
    if (commune_code) {
        const char *code = json_string_value(json_object_get(json_object_get(body, "commune"), "code"));
        *commune_code = code ? arena_strdup(r->a, code) : NULL;
    }
    json_decref(body);
    return body_bytes(r, len);
}

void put_plan_file(request *r)
{
    td_id id;
    size_t len;
    char *data;
    json_t *summary = NULL, *blocked = NULL;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    data = plan_doc_body(r, &len, NULL);
    if (!data)
        return;
    td_status st =
        planload_update(r->store, r->a, &r->user, id, PLAN_DOC_NAME, data, len, &summary, &blocked, &err);
    if (st == TD_ERR_CONFLICT && blocked) {
        send_json(r, 409,
                  json_pack("{s:{s:s, s:s, s:{s:o}}}", "error", "code", "conflict", "message", err.msg,
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

void post_plan(request *r)
{
    size_t len;
    const char *commune_code = NULL;
    char *data = plan_doc_body(r, &len, &commune_code);
    planload_summary sum;
    td_error err = {0};
    if (!data)
        return;
    /* a plan is made in the account's own commune only */
    td_status st = policy_new_plan(r->store, r->a, &r->user, commune_code, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    st = planload_bytes(r->store, PLAN_DOC_NAME, data, len, &sum, &err);
    if (st) {
        send_plan_doc_error(r, st, &err);
        return;
    }
    evhttp_add_header(evhttp_request_get_output_headers(r->req), "Location",
                      arena_printf(r->a, "/api/v1/plans/%lld", (long long)sum.plan_id));
    send_json(r, 201, json_pack("{s:I}", "id", (json_int_t)sum.plan_id));
}
