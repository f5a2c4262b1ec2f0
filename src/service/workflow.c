/* workflow.c — see workflow.h.
 *
 * A figure sent through the API is checked by the same rules as a line of a CSV import (the
 * indicator, the unit, the period, the number written the Vietnamese way, percentages within
 * 0–100, yes/no and checklist answers): each row is written as a one-line CSV and read by
 * values_csv_parse, so the two ways in can never disagree on what is valid. */
#include "workflow.h"

#include <stdio.h>
#include <string.h>

#include "core/period.h"
#include "values_csv.h"

static const char *const action_codes[] = {"submit", "approve", "return", "reopen"};

bool workflow_action_from_code(const char *code, workflow_action *out)
{
    for (int i = 0; code && i < 4; i++)
        if (strcmp(code, action_codes[i]) == 0) {
            *out = (workflow_action)i;
            return true;
        }
    return false;
}

static bool may_enter(const user *u, const char *unit)
{
    if (u->role == ROLE_ADMIN || u->role == ROLE_OFFICER)
        return true;
    return u->role == ROLE_REPORTER && u->org_unit_code && unit && strcmp(u->org_unit_code, unit) == 0;
}

/* A CSV field, quoted. */
static char *csv_field(arena *a, const char *s)
{
    if (!s)
        return "";
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += *p == '"' ? 2 : 1;
    char *out = arena_alloc(a, n + 3), *w = out;
    *w++ = '"';
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            *w++ = '"';
        *w++ = *p == '\n' || *p == '\r' ? ' ' : *p;
    }
    *w++ = '"';
    *w = '\0';
    return out;
}

static void add_problem(json_t *problems, size_t index, const char *code, const char *message, td_status st,
                        td_status *worst)
{
    json_array_append_new(problems, json_pack("{s:I, s:s, s:s}", "index", (json_int_t)index, "code", code, "message",
                                              message));
    /* forbidden wins over conflict, which wins over invalid */
    int rank = st == TD_ERR_FORBIDDEN ? 3 : st == TD_ERR_CONFLICT ? 2 : 1;
    int have = *worst == TD_ERR_FORBIDDEN ? 3 : *worst == TD_ERR_CONFLICT ? 2 : *worst ? 1 : 0;
    if (rank > have)
        *worst = st;
}

td_status workflow_put(store *s, arena *a, td_id plan_id, const user *u, const value_input *rows, size_t n,
                       size_t *saved, json_t **problems, td_error *err)
{
    plan *p;
    org_unit *units;
    size_t n_units;
    td_id commune_id;
    td_status st = store_plan_get(s, a, plan_id, &p, err), worst = TD_OK;

    *saved = 0;
    *problems = json_array();
    if (!st)
        st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = store_org_units_list(s, a, commune_id, &units, &n_units, err);
    if (st)
        return st;
    if (n == 0)
        return td_fail(err, TD_ERR_INPUT, "không có số liệu nào để lưu");
    data_value *checked = arena_calloc(a, n, sizeof *checked);
    for (size_t i = 0; i < n; i++) {
        const value_input *r = &rows[i];
        if (!may_enter(u, r->org_unit)) {
            add_problem(*problems, i, "forbidden",
                        arena_printf(a, "tài khoản %s không được nhập số liệu của đơn vị %s", u->username,
                                     r->org_unit ? r->org_unit : "(trống)"),
                        TD_ERR_FORBIDDEN, &worst);
            continue;
        }
        const char *csv = arena_printf(a, "indicator,org_unit,period,value,denominator,note,evidence\n"
                                          "%s,%s,%s,%s,%s,%s,%s\n",
                                       csv_field(a, r->indicator), csv_field(a, r->org_unit), csv_field(a, r->period),
                                       csv_field(a, r->value), csv_field(a, r->denominator), csv_field(a, r->note),
                                       csv_field(a, r->evidence));
        data_value *one = NULL;
        size_t k = 0;
        td_error e = {0};
        if (values_csv_parse(a, p, units, n_units, "", csv, strlen(csv), &one, &k, &e) != TD_OK || k != 1) {
            /* the message names CSV line 2; what matters to a client is the row and the reason */
            const char *msg = strstr(e.msg, ":2: ");
            add_problem(*problems, i, "invalid", msg ? msg + 4 : e.msg, TD_ERR_INPUT, &worst);
            continue;
        }
        checked[i] = *one;
        data_value old;
        td_status g = store_value_get(s, a, plan_id, one->indicator_code, one->org_unit_code, one->period, &old, err);
        if (g && g != TD_ERR_NOTFOUND)
            return g;
        bool exists = g == TD_OK;
        if (exists && old.status == VALUE_APPROVED)
            add_problem(*problems, i, "locked",
                        arena_printf(a, "số liệu %s của %s kỳ %s đã được duyệt và bị khóa; cán bộ phụ trách có thể mở "
                                        "lại",
                                     old.indicator_code, old.org_unit_code, old.period),
                        TD_ERR_CONFLICT, &worst);
        else if (exists && old.status == VALUE_SUBMITTED && u->role == ROLE_REPORTER)
            add_problem(*problems, i, "submitted",
                        arena_printf(a, "số liệu %s kỳ %s đã gửi và đang chờ duyệt", old.indicator_code, old.period),
                        TD_ERR_CONFLICT, &worst);
        else if (r->has_version && r->version != (exists ? old.version : 0))
            add_problem(*problems, i, "version_conflict",
                        arena_printf(a, "số liệu %s của %s kỳ %s đã được sửa (phiên bản %d, bạn sửa từ phiên bản %d); "
                                        "hãy tải lại",
                                     one->indicator_code, one->org_unit_code, one->period, exists ? old.version : 0,
                                     r->version),
                        TD_ERR_CONFLICT, &worst);
    }
    if (worst) {
        size_t np = json_array_size(*problems);
        return td_fail(err, worst, "%zu/%zu dòng số liệu không lưu được; không dòng nào được lưu", np, n);
    }
    st = store_begin(s, err);
    for (size_t i = 0; !st && i < n; i++) {
        checked[i].status = VALUE_DRAFT;
        st = store_value_put(s, plan_id, &checked[i], false, err);
    }
    st = store_finish(s, st, err);
    if (!st)
        *saved = n;
    return st;
}

td_status workflow_transition(store *s, arena *a, td_id plan_id, const user *u, workflow_action action,
                              const char *unit, const char *period_text, const char *ind_code,
                              const char *comment, size_t *moved, td_error *err)
{
    static const unsigned allowed[] = {
        [WF_SUBMIT] = 1u << ROLE_ADMIN | 1u << ROLE_OFFICER | 1u << ROLE_REPORTER,
        [WF_APPROVE] = 1u << ROLE_ADMIN | 1u << ROLE_OFFICER | 1u << ROLE_LEADER,
        [WF_RETURN] = 1u << ROLE_ADMIN | 1u << ROLE_OFFICER | 1u << ROLE_LEADER,
        [WF_REOPEN] = 1u << ROLE_ADMIN | 1u << ROLE_OFFICER,
    };
    period per;
    char code[12];
    data_value *vals;
    size_t n;
    td_status st;

    *moved = 0;
    if (!(allowed[action] & (1u << u->role)) || (u->role == ROLE_REPORTER && !may_enter(u, unit)))
        return td_fail(err, TD_ERR_FORBIDDEN, "vai trò %s không được %s số liệu%s%s", user_role_label_vi(u->role),
                       action == WF_SUBMIT    ? "gửi"
                       : action == WF_APPROVE ? "duyệt"
                       : action == WF_RETURN  ? "trả lại"
                                              : "mở lại",
                       unit ? " của đơn vị " : "", unit ? unit : "");
    if (!unit || period_parse(period_text ? period_text : "", &per, err) != TD_OK)
        return td_fail(err, TD_ERR_INPUT, "cần org_unit và period (2026-03, 2026-Q1 hoặc 2026)");
    if (action == WF_RETURN && (!comment || !*comment))
        return td_fail(err, TD_ERR_INPUT, "trả lại số liệu cần một nhận xét (comment) nói cần sửa gì");
    period_code(&per, code);
    value_filter f = {.plan_id = plan_id, .org_unit = unit, .indicator = ind_code, .period = code};
    st = store_values_list(s, a, &f, &vals, &n, err);
    if (st)
        return st;
    value_status to = action == WF_SUBMIT ? VALUE_SUBMITTED : action == WF_APPROVE ? VALUE_APPROVED
                      : action == WF_RETURN ? VALUE_RETURNED : VALUE_DRAFT;
    st = store_begin(s, err);
    for (size_t i = 0; !st && i < n; i++) {
        value_status from = vals[i].status;
        bool applies = action == WF_SUBMIT ? (from == VALUE_DRAFT || from == VALUE_RETURNED)
                       : action == WF_REOPEN ? from == VALUE_APPROVED
                                              : from == VALUE_SUBMITTED;
        if (!applies)
            continue;
        st = store_value_set_status(s, plan_id, &vals[i], to, action == WF_RETURN ? comment : NULL, err);
        if (!st)
            (*moved)++;
    }
    if (!st && *moved == 0)
        st = td_fail(err, TD_ERR_INPUT, "đơn vị %s không có số liệu kỳ %s ở trạng thái %s", unit, code,
                     action == WF_SUBMIT ? "nháp hoặc bị trả lại" : action == WF_REOPEN ? "đã duyệt" : "đã gửi");
    return store_finish(s, st, err);
}
