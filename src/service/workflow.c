/* workflow.c — see workflow.h.
 *
 * A figure sent through the API is checked by the same rules as a line of a CSV import (the
 * indicator, the unit, the period, the number written the Vietnamese way, percentages within
 * 0–100, yes/no and checklist answers): each row goes through values_check, the CSV reader's
 * own checks on one record, so the two ways in can never disagree on what is valid. The stored
 * figures are then read in one go under the write lock, checked in memory, and written through
 * the store's bulk path (store_values_bulk.h). */
#include "workflow.h"

#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "core/period.h"
#include "store/store_values_bulk.h"
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


/* A unit's name for messages; the code when the commune has no such unit. */
static const char *unit_name(const org_unit *units, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(units[i].code, code) == 0)
            return units[i].name;
    return code;
}

/* "Quý III/2026" for "2026-Q3". */
static const char *period_label(arena *a, const char *code)
{
    period p;
    return period_parse(code, &p, NULL) == TD_OK ? period_label_vi(a, &p) : code;
}

static bool same_text(const char *x, const char *y)
{
    return x == y || (x && y && strcmp(x, y) == 0) || (!x && y && !*y) || (!y && x && !*x);
}

/* The stored draft already says what the row says: saving it again would only raise its version. */
static bool same_figure(const data_value *old, const data_value *now)
{
    return old->has_value == now->has_value && (!now->has_value || old->value == now->value) &&
           old->has_denominator == now->has_denominator && (!now->has_denominator || old->denominator == now->denominator) &&
           same_text(old->text, now->text) && same_text(old->note, now->note) && same_text(old->evidence, now->evidence);
}

/* What is wrong with one row; rows are reported in their order whatever step found the problem. */
typedef struct row_problem {
    const char *code, *message;
    td_status st;
} row_problem;

static void set_problem(row_problem *p, const char *code, const char *message, td_status st)
{
    p->code = code;
    p->message = message;
    p->st = st;
}

/* The problems as a JSON array and the status they add up to: forbidden wins over conflict,
 * which wins over invalid. */
static td_status report_problems(const row_problem *probs, size_t n, json_t *out, size_t *count)
{
    td_status worst = TD_OK;
    int have = 0;
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!probs[i].code)
            continue;
        json_array_append_new(out, json_pack("{s:I, s:s, s:s}", "index", (json_int_t)i, "code", probs[i].code,
                                             "message", probs[i].message));
        (*count)++;
        int rank = probs[i].st == TD_ERR_FORBIDDEN ? 3 : probs[i].st == TD_ERR_CONFLICT ? 2 : 1;
        if (rank > have) {
            have = rank;
            worst = probs[i].st;
        }
    }
    return worst;
}

/* Checks a parsed row against the stored value (exists: old holds it), read inside the write
 * transaction; returns the state the write must still find (the conditional update re-checks
 * it). */
static value_expect check_stored(arena *a, const user *u, const value_input *r, const data_value *one, bool exists,
                                 const data_value *old, const char *uname, row_problem *prob, bool *unchanged)
{
    value_expect expect = {0, 1u << VALUE_DRAFT | 1u << VALUE_RETURNED};
    const char *plabel = period_label(a, one->period);
    /* an officer may correct a submitted figure; a reporter waits for the review */
    if (u->role != ROLE_REPORTER)
        expect.statuses |= 1u << VALUE_SUBMITTED;
    expect.version = exists ? old->version : 0;
    if (exists && old->status == VALUE_APPROVED)
        set_problem(prob, "locked",
                    arena_printf(a, "số liệu chỉ tiêu %s của %s, %s đã được duyệt và bị khóa; cán bộ phụ trách có "
                                    "thể mở lại",
                                 old->indicator_code, uname, plabel),
                    TD_ERR_CONFLICT);
    else if (exists && old->status == VALUE_SUBMITTED && u->role == ROLE_REPORTER)
        set_problem(prob, "submitted",
                    arena_printf(a, "số liệu chỉ tiêu %s, %s đã gửi và đang chờ duyệt", old->indicator_code, plabel),
                    TD_ERR_CONFLICT);
    else if (r->has_version && r->version != expect.version)
        set_problem(prob, "version_conflict",
                    arena_printf(a, "số liệu chỉ tiêu %s của %s, %s đã được sửa (phiên bản %d, bạn sửa từ phiên "
                                    "bản %d); hãy tải lại",
                                 one->indicator_code, uname, plabel, expect.version, r->version),
                    TD_ERR_CONFLICT);
    *unchanged = exists && old->status == VALUE_DRAFT && same_figure(old, one);
    return expect;
}

/* The rows written so far by figure (indicator, unit, period): a figure sent twice is checked the
 * second time against what the first wrote. Open addressing over positions + 1 (0: empty). */
typedef struct written_rows {
    const data_value *rows;
    size_t *slot, cap;
} written_rows;

/* The slot of v's figure: the one holding it, or the empty one where it goes. */
static size_t *written_slot(const written_rows *w, const data_value *v)
{
    size_t k = data_value_key_hash(v) & (w->cap - 1);
    while (w->slot[k] && !data_value_same_key(&w->rows[w->slot[k] - 1], v))
        k = (k + 1) & (w->cap - 1);
    return &w->slot[k];
}

td_status workflow_put(store *s, arena *a, td_id plan_id, const user *u, const value_input *rows, size_t n,
                       size_t *saved, json_t **problems, td_error *err)
{
    plan *p;
    org_unit *units;
    size_t n_units, n_problems = 0;
    td_id commune_id;
    /* a plan of another commune does not exist for the account */
    td_status st = policy_plan(s, u, plan_id, err), worst;
    if (!st)
        st = store_plan_get(s, a, plan_id, &p, err);

    *saved = 0;
    *problems = json_array();
    if (!st)
        st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = store_org_units_list(s, a, commune_id, &units, &n_units, err);
    if (st)
        return st;
    if (n == 0)
        return TD_OK;
    values_checker *checker = NULL;
    st = values_checker_new(a, p, units, n_units, &checker, err);
    if (st)
        return st;
    data_value *checked = arena_calloc(a, n, sizeof *checked);
    bool *parsed = arena_calloc(a, n, sizeof *parsed);
    row_problem *probs = arena_calloc(a, n, sizeof *probs);
    size_t n_parsed = 0;
    /* what a row says is checked before the lock is taken: it depends on nothing stored */
    for (size_t i = 0; i < n; i++) {
        const value_input *r = &rows[i];
        if (!policy_may_enter(u, r->org_unit)) {
            set_problem(&probs[i], "forbidden",
                        arena_printf(a, "tài khoản %s không được nhập số liệu của %s", u->username,
                                     r->org_unit ? unit_name(units, n_units, r->org_unit) : "đơn vị (chưa chọn)"),
                        TD_ERR_FORBIDDEN);
            continue;
        }
        const char *field[VALUES_FIELDS] = {
            [VALUES_INDICATOR] = r->indicator, [VALUES_UNIT] = r->org_unit,     [VALUES_PERIOD] = r->period,
            [VALUES_VALUE] = r->value,         [VALUES_DENOMINATOR] = r->denominator, [VALUES_NOTE] = r->note,
            [VALUES_EVIDENCE] = r->evidence,   [VALUES_NUMERATOR] = r->numerator,
        };
        const char *why = NULL;
        if (!values_check(checker, field, &checked[n_parsed], &why)) {
            set_problem(&probs[i], "invalid", why, TD_ERR_INPUT);
            continue;
        }
        parsed[i] = true;
        n_parsed++;
    }
    /* the stored state is read under the write lock, so that two clients saving from the same
     * version cannot both succeed, nor an edit slip past an approval: all the rows' figures in
     * one read. Each row is checked against what the rows before it wrote (the same figure
     * twice: the second sees the first) and kept for writing while no row has failed; one
     * failure and nothing is written. */
    data_value *stored = arena_calloc(a, n_parsed ? n_parsed : 1, sizeof *stored);
    bool *found = arena_calloc(a, n_parsed ? n_parsed : 1, sizeof *found);
    value_put *puts = arena_calloc(a, n_parsed ? n_parsed : 1, sizeof *puts);
    value_expect *expects = arena_calloc(a, n_parsed ? n_parsed : 1, sizeof *expects);
    data_value *results = arena_calloc(a, n_parsed ? n_parsed : 1, sizeof *results);
    written_rows written = {.rows = results, .cap = 16};
    while (written.cap < n_parsed * 2)
        written.cap *= 2;
    written.slot = arena_calloc(a, written.cap, sizeof *written.slot);
    size_t n_puts = 0;
    bool clean = true;
    st = store_begin(s, err);
    if (!st)
        st = store_values_read(s, a, plan_id, checked, n_parsed, stored, found, err);
    for (size_t i = 0, j = 0; !st && i < n; i++) {
        if (!parsed[i]) {
            clean = false;
            continue;
        }
        data_value *one = &checked[j];
        size_t *slot = written_slot(&written, one);
        /* what the figure is now: a row before this one wrote it, or as stored */
        bool exists = *slot || found[j];
        const data_value *old = *slot ? &results[*slot - 1] : &stored[j];
        bool unchanged = false;
        value_expect expect = check_stored(a, u, &rows[i], one, exists, old, unit_name(units, n_units, one->org_unit_code),
                                           &probs[i], &unchanged);
        j++;
        if (probs[i].code)
            clean = false;
        if (!clean || unchanged)
            continue;
        one->status = VALUE_DRAFT;
        expects[n_puts] = expect;
        puts[n_puts] = (value_put){.v = one, .existed = exists, .before = old, .expect = &expects[n_puts]};
        /* what this write leaves, as the next row of the same figure would read it back */
        data_value *after = &results[n_puts];
        *after = *one;
        after->version = exists ? old->version + 1 : 1;
        after->review_comment = exists ? old->review_comment : NULL;
        *slot = ++n_puts;
    }
    worst = st ? TD_OK : report_problems(probs, n, *problems, &n_problems);
    if (!st && worst)
        st = td_fail(err, worst, "%zu/%zu dòng số liệu không lưu được; không dòng nào được lưu", n_problems, n);
    if (!st)
        st = store_values_write(s, plan_id, puts, n_puts, false, err);
    if (!st)
        *saved = n_puts;
    st = store_finish(s, st, err);
    if (st)
        *saved = 0;
    return st;
}

td_status workflow_transition(store *s, arena *a, td_id plan_id, const user *u, workflow_action action,
                              const char *unit, const char *period_text, const char *only, const char *comment,
                              size_t *moved, td_error *err)
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
    size_t n, n_units = 0;
    org_unit *units = NULL;
    td_id commune_id = 0;
    td_status st = policy_plan(s, u, plan_id, err);
    if (!st)
        st = store_plan_commune(s, plan_id, &commune_id, err);

    *moved = 0;
    if (!st)
        st = store_org_units_list(s, a, commune_id, &units, &n_units, err);
    if (st)
        return st;
    const char *uname = unit ? unit_name(units, n_units, unit) : NULL;
    if (!(allowed[action] & (1u << u->role)) || (u->role == ROLE_REPORTER && !policy_may_enter(u, unit)))
        return td_fail(err, TD_ERR_FORBIDDEN, "vai trò %s không được %s số liệu%s%s", user_role_label_vi(u->role),
                       action == WF_SUBMIT    ? "gửi"
                       : action == WF_APPROVE ? "duyệt"
                       : action == WF_RETURN  ? "trả lại"
                                              : "mở lại",
                       unit ? " của " : "", unit ? uname : "");
    if (!unit || period_parse(period_text ? period_text : "", &per, err) != TD_OK)
        return td_fail(err, TD_ERR_INPUT, "cần đơn vị và kỳ báo cáo (tháng 2026-03, quý 2026-Q1 hoặc năm 2026)");
    if (action == WF_RETURN && (!comment || !*comment))
        return td_fail(err, TD_ERR_INPUT, "trả lại số liệu cần một nhận xét nói cần sửa gì");
    period_code(&per, code);
    value_filter f = {.plan_id = plan_id, .org_unit = unit, .period = code, .indicator = only};
    value_status to = action == WF_SUBMIT ? VALUE_SUBMITTED : action == WF_APPROVE ? VALUE_APPROVED
                      : action == WF_RETURN ? VALUE_RETURNED : VALUE_DRAFT;
    /* the states are read under the write lock: an approval and a return racing on one figure
     * cannot both apply, and each update is conditional on the state read (store.h) */
    st = store_begin(s, err);
    if (!st)
        st = store_values_list(s, a, &f, &vals, &n, err);
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
        st = td_fail(err, TD_ERR_INPUT, "%s không có số liệu%s%s, %s ở trạng thái %s", uname,
                     only ? " chỉ tiêu " : "", only ? only : "", period_label_vi(a, &per),
                     action == WF_SUBMIT ? "nháp hoặc bị trả lại" : action == WF_REOPEN ? "đã duyệt" : "đã gửi");
    return store_finish(s, st, err);
}
