/* api_values.c — the API's figures: reading, entering, the workflow's transitions, and targets assigned to
 * units; see router.h. */
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
#include "service/values_json.h"
#include "service/workflow.h"

void get_values(request *r)
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
    td_status st = records_plan(r->store, r->a, &r->user, f.plan_id, &pl, &err);
    if (!st)
        st = records_values(r->store, r->a, &r->user, &f, &vals, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++) {
        json_t *o = data_value_to_json(&vals[i]);
        const indicator *ind = plan_find_indicator(pl, vals[i].indicator_code);
        /* what the unit entered: a rate's numerator is value × denominator ÷ 100, a ratio's value × base */
        if (ind && vals[i].has_value && vals[i].has_denominator &&
            (ind->agg == AGG_RATE || ind->agg == AGG_RATIO))
            json_object_set_new(
                o, "numerator",
                json_real(vals[i].value * vals[i].denominator / (ind->agg == AGG_RATE ? 100.0 : 1.0)));
        json_array_append_new(arr, o);
    }
    values_add_files(r, &f, arr);
    send_json(r, 200,
              json_pack("{s:o, s:I, s:I, s:I}", "items", arr, "total", (json_int_t)n, "limit",
                        (json_int_t)limit, "offset", (json_int_t)offset));
}

void put_values(request *r)
{
    td_id id;
    if (!param_id(r, 0, &id))
        return;
    json_t *body = body_object(r);
    if (!body)
        return;
    value_input *rows = NULL;
    size_t n = 0;
    json_t *problems = NULL;
    td_error derr = {0};
    /* the same reader the fuzzer feeds (service/values_json.h) */
    td_status dst = values_json_decode(r->a, body, &rows, &n, &problems, &derr);
    json_decref(body);
    if (dst) {
        if (problems)
            send_json(r, 422,
                      json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "invalid", "message",
                                "có dòng số liệu không hợp lệ; không dòng nào được lưu", "details", problems));
        else
            send_status(r, dst, &derr);
        return;
    }
    size_t saved = 0;
    td_error err = {0};
    td_status st = workflow_put(r->store, r->a, id, &r->user, rows, n, &saved, &problems, &err);
    if (st) {
        send_status_details(r, st, &err, problems);
        return;
    }
    json_decref(problems);
    send_json(r, 200,
              json_pack("{s:I, s:s}", "saved", (json_int_t)saved, "message",
                        saved ? arena_printf(r->a, "Đã lưu %zu số liệu.", saved)
                              : "Không có gì thay đổi: số liệu giống như đã lưu."));
}

void post_transition(request *r)
{
    td_id id;
    workflow_action action;
    if (!param_id(r, 0, &id))
        return;
    if (!workflow_action_from_code(r->params[1], &action)) {
        send_error(r, 404, "not_found",
                   arena_printf(r->a,
                                "không có thao tác \"%s\"; dùng submit, approve, return "
                                "hoặc reopen",
                                r->params[1]));
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
            const char *msg =
                arena_printf(r->a,
                             "trường \"%s\" không hợp lệ; cần org_unit, period, indicator, comment "
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
    td_status st =
        workflow_transition(r->store, r->a, id, &r->user, action, unit, per, code, comment, &moved, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, json_pack("{s:s, s:I}", "action", r->params[1], "values", (json_int_t)moved));
}

void get_unit_targets(request *r)
{
    td_id id;
    unit_target_row *rows = NULL;
    size_t n = 0;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = unit_targets_list(r->store, r->a, &r->user, id, query(r, "indicator"),
                                     query(r, "org_unit"), &rows, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, unit_target_row_json(&rows[i]));
    send_json(r, 200, json_pack("{s:o}", "unit_targets", arr));
}

void put_unit_target(request *r)
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
    td_status st = unit_targets_set(r->store, r->a, &r->user, id, code, unit, text, &row, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, json_pack("{s:o}", "unit_target", unit_target_row_json(&row)));
}

void delete_unit_target(request *r)
{
    td_id id;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    if (!query(r, "indicator") || !query(r, "org_unit")) {
        send_error(r, 422, "invalid", "cần ?indicator=…&org_unit=… để bỏ chỉ tiêu đã giao");
        return;
    }
    td_status st = unit_targets_clear(r->store, r->a, &r->user, id, query(r, "indicator"),
                                      query(r, "org_unit"), NULL, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_body(r, 204, NULL, 0, NULL);
}
