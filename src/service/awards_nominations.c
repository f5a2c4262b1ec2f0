/* awards_nominations.c — nominations with their eligibility checks and the reasons,
 * the duplicate-award flag (same nominee, achievement and year), and their dossier files. */
#include "awards_nominations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "service/awards_scores.h"
#include "core/vtext.h"
#include "service/awards_internal.h"
#include "service/policy.h"


/* The same nominee: the same person, or the same unit and named collective. */
static bool same_nominee(const json_t *x, const json_t *y)
{
    if (strcmp(awards_jstr(x, "nominee_kind"), awards_jstr(y, "nominee_kind")) != 0)
        return false;
    if (strcmp(awards_jstr(x, "nominee_kind"), "individual") == 0)
        return awards_jint(x, "person_id") == awards_jint(y, "person_id");
    const char *cx = awards_jstr(x, "collective_name"), *cy = awards_jstr(y, "collective_name");
    return awards_jstr(x, "org_unit") && awards_jstr(y, "org_unit") && strcmp(awards_jstr(x, "org_unit"), awards_jstr(y, "org_unit")) == 0 &&
           ((!cx && !cy) || (cx && cy && strcmp(cx, cy) == 0));
}

/* A key for "the same achievement": folded (no case, no diacritics) and without spaces or
 * punctuation, so that a retyped achievement is still the same one. */
static char *achievement_key(arena *a, const char *text)
{
    char *f = vtext_fold(a, text ? text : "");
    char *out = arena_alloc(a, strlen(f) + 1), *o = out;
    for (const char *p = f; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            *o++ = *p;
    *o = '\0';
    return out;
}

static json_t *check(const char *code, const char *label, const char *result, const char *reason)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "code", code, "label", label, "result", result, "reason", reason);
}

/* The nomination's place in its block's scores: {"rank","rank_text","total","classification",
 * "classification_label","targets_text"}, or NULL when it is not linked to a block's scores. */
static json_t *evidence_of(store *s, arena *a, const user *viewer, const json_t *n, td_error *err)
{
    if (!awards_jstr(n, "block") || !awards_jstr(n, "period") || !awards_jint(n, "plan_id") || !awards_jstr(n, "org_unit"))
        return NULL;
    json_t *table = NULL;
    td_error e = {0};
    if (awards_scores(s, a, viewer, (td_id)awards_jint(n, "plan_id"), awards_jstr(n, "block"), awards_jstr(n, "period"), &table, &e)) {
        (void)err;
        return NULL;
    }
    json_t *units = json_object_get(table, "units"), *found = NULL;
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u) if (strcmp(awards_jstr(u, "org_unit"), awards_jstr(n, "org_unit")) == 0) found = u;
    json_t *out = NULL;
    if (found) {
        const char *targets = NULL;
        size_t k;
        json_t *l;
        json_array_foreach(json_object_get(found, "lines"), k, l) if (awards_jstr(l, "formula") && !targets) targets =
            awards_jstr(l, "formula");
        out = json_pack("{s:O, s:s, s:O, s:O, s:O, s:O, s:s, s:o}", "rank", json_object_get(found, "rank"),
                        "rank_text",
                        arena_printf(a, "%s/%zu %s", awards_jstr(found, "rank_text"), json_array_size(units),
                                     awards_jstr(json_object_get(table, "block"), "name")),
                        "total", json_object_get(found, "total"), "total_text", json_object_get(found, "total_text"),
                        "classification", json_object_get(found, "classification"), "classification_label",
                        json_object_get(found, "classification_label"), "period_label",
                        awards_jstr(table, "period_label"), "targets_text", awards_str_or_null(targets));
        /* the block's levels, high to low, for the classification check (dropped before sending) */
        json_t *levels = json_array();
        size_t k2;
        json_t *t;
        json_array_foreach(json_object_get(table, "thresholds"), k2, t) json_array_append(levels, json_object_get(t, "code"));
        json_object_set_new(out, "levels", levels);
    }
    json_decref(table);
    return out;
}

/* The checks before review, each with its reason (docs/api.md "Check"). */
static json_t *checks_of(store *s, arena *a, const user *viewer, const json_t *n, const json_t *forms,
                         const json_t *evidence, const json_t *all_noms, const json_t *history, bool *duplicate)
{
    json_t *out = json_array();
    const json_t *f = awards_form_find(forms, awards_jstr(n, "form"));
    *duplicate = false;
    if (!f) {
        json_array_append_new(out, check("form", "Hình thức khen thưởng", "fail",
                                         "Hình thức khen thưởng không có trong danh mục"));
        return out;
    }
    const char *fname = awards_jstr(f, "name");
    if (json_is_true(json_object_get(f, "local")))
        json_array_append_new(out, check("form_local", "Thẩm quyền", "pass",
                                         arena_printf(a, "%s do %s quyết định", fname, awards_jstr(f, "conferred_by"))));
    else
        json_array_append_new(out, check("form_local", "Thẩm quyền", "warn",
                                         arena_printf(a, "%s do %s quyết định: xã lập hồ sơ đề nghị cấp trên, không "
                                                         "đưa vào quyết định của Chủ tịch UBND xã",
                                                      fname, awards_jstr(f, "conferred_by"))));
    const char *subject = awards_jstr(f, "subject"), *kind = awards_jstr(n, "nominee_kind");
    bool fits = strcmp(subject, "both") == 0 || strcmp(subject, kind) == 0;
    json_array_append_new(out, check("subject", "Đối tượng", fits ? "pass" : "fail",
                                     fits ? arena_printf(a, "%s được tặng cho %s", fname,
                                                         strcmp(kind, "individual") == 0 ? "cá nhân" : "tập thể")
                                          : arena_printf(a, "%s chỉ tặng cho %s", fname,
                                                         strcmp(subject, "individual") == 0 ? "cá nhân" : "tập thể")));
    if (strcmp(kind, "individual") == 0)
        json_array_append_new(out, check("person_unit", "Đơn vị công tác", awards_jstr(n, "org_unit") ? "pass" : "warn",
                                         awards_jstr(n, "org_unit")
                                             ? arena_printf(a, "Công tác tại %s", awards_jstr(n, "org_unit_name"))
                                             : "Chưa ghi đơn vị công tác của cá nhân"));
    const char *min_cls = awards_jstr(f, "min_classification");
    const json_t *max_rank = json_object_get(f, "max_rank");
    if (strcmp(kind, "collective") == 0 && (min_cls || json_is_integer(max_rank))) {
        if (!evidence) {
            json_array_append_new(out, check("classification", "Kết quả chấm điểm", "manual",
                                             "Đề nghị chưa gắn với kết quả chấm điểm của khối thi đua: hội đồng "
                                             "xem xét theo hồ sơ"));
        } else {
            if (min_cls) {
                /* levels run high to low: the unit's must come no later than the minimum's */
                int want = -1, got = -1;
                size_t i;
                json_t *t;
                json_array_foreach(json_object_get(evidence, "levels"), i, t)
                {
                    if (strcmp(json_string_value(t), min_cls) == 0)
                        want = (int)i;
                    if (awards_jstr(evidence, "classification") &&
                        strcmp(json_string_value(t), awards_jstr(evidence, "classification")) == 0)
                        got = (int)i;
                }
                bool ok = want >= 0 && got >= 0 && got <= want;
                json_array_append_new(
                    out, check("classification", "Xếp loại", want < 0 ? "manual" : ok ? "pass" : "fail",
                               want < 0 ? "Khối thi đua không có mức xếp loại mà danh mục yêu cầu: hội đồng xem xét"
                                        : arena_printf(a, "%s xếp loại %s (%s điểm, %s)%s", awards_jstr(n, "name"),
                                                       awards_jstr(evidence, "classification_label")
                                                           ? awards_jstr(evidence, "classification_label")
                                                           : "chưa xếp loại",
                                                       awards_jstr(evidence, "total_text"), awards_jstr(evidence, "period_label"),
                                                       ok ? ", đạt yêu cầu của hình thức khen thưởng"
                                                          : ", chưa đạt mức xếp loại hình thức này yêu cầu")));
            }
            if (json_is_integer(max_rank)) {
                bool ok = awards_jint(evidence, "rank") <= json_integer_value(max_rank);
                json_array_append_new(
                    out, check("rank", "Thứ hạng trong khối", ok ? "pass" : "fail",
                               arena_printf(a, "%s; %s yêu cầu từ hạng %lld trở lên", awards_jstr(evidence, "rank_text"), fname,
                                            (long long)json_integer_value(max_rank))));
            }
        }
    }
    long interval = (long)awards_jint(f, "interval_years");
    size_t i;
    const json_t *h;
    if (interval > 0) {
        const json_t *prev = NULL;
        json_array_foreach(history, i, h) if (same_nominee(h, n) && strcmp(awards_jstr(h, "form"), awards_jstr(n, "form")) == 0 &&
                                              strcmp(awards_jstr(h, "status"), "awarded") == 0 &&
                                              awards_jint(h, "year") > awards_jint(n, "year") - interval &&
                                              awards_jint(h, "year") < awards_jint(n, "year")) prev = h;
        json_array_append_new(
            out, check("interval", "Thời gian giữa hai lần khen", prev ? "fail" : "pass",
                       prev ? arena_printf(a, "Đã được tặng %s năm %lld (%s); lần khen tiếp theo cách ít nhất %ld năm",
                                           fname, awards_jint(prev, "year"), awards_jstr(prev, "decision_number"), interval)
                            : arena_printf(a, "Không có lần tặng %s nào trong %ld năm trước", fname, interval)));
    }
    /* Luật Thi đua, khen thưởng: không khen thưởng nhiều lần, nhiều hình thức cho một thành tích */
    const char *key = awards_jstr(n, "achievement_key");
    const char *dup = NULL;
    json_array_foreach(history, i, h) if (!dup && same_nominee(h, n) && awards_jint(h, "year") == awards_jint(n, "year") &&
                                          strcmp(awards_jstr(h, "status"), "awarded") == 0 && awards_jstr(h, "achievement_key") &&
                                          strcmp(awards_jstr(h, "achievement_key"), key) == 0 &&
                                          awards_jint(h, "id") != awards_jint(n, "id")) dup =
        arena_printf(a, "Đã được khen thưởng cho thành tích này năm %lld: %s, quyết định %s", awards_jint(h, "year"),
                     awards_jstr(h, "form_name"), awards_jstr(h, "decision_number") ? awards_jstr(h, "decision_number") : "");
    /* another live proposal for the same achievement: flagged while this one is still being
     * considered (an awarded one is not made a duplicate by a later proposal) */
    bool live = awards_one_of(awards_jstr(n, "status"), (const char *const[]){"proposed", "in_review", NULL});
    json_array_foreach(all_noms, i, h) if (live && !dup && awards_jint(h, "id") != awards_jint(n, "id") && same_nominee(h, n) &&
                                           awards_jint(h, "year") == awards_jint(n, "year") &&
                                           strcmp(awards_jstr(h, "achievement_key"), key) == 0 &&
                                           awards_one_of(awards_jstr(h, "status"), (const char *const[]){"proposed", "in_review",
                                                                                          "approved", NULL})) dup =
        arena_printf(a, "Trùng với đề nghị số %lld (%s) cho cùng thành tích năm %lld", awards_jint(h, "id"),
                     awards_status_label(awards_jstr(h, "status")), awards_jint(h, "year"));
    *duplicate = dup != NULL;
    json_array_append_new(out, check("duplicate", "Trùng thành tích", dup ? "fail" : "pass",
                                     dup ? dup : "Chưa được khen thưởng cho thành tích này trong năm"));
    return out;
}

/* A nomination as the API shows it, with checks, evidence and files. */
static td_status nomination_full(store *s, arena *a, const user *viewer, td_id cid, json_t *n, const json_t *forms,
                                 const json_t *all_noms, const json_t *history, bool with_files, td_error *err)
{
    const json_t *f = awards_form_find(forms, awards_jstr(n, "form"));
    json_object_set_new(n, "status_label", json_string(awards_status_label(awards_jstr(n, "status"))));
    json_object_set_new(n, "form_name", json_string(f ? awards_jstr(f, "name") : awards_jstr(n, "form")));
    json_t *ev = evidence_of(s, a, viewer, n, err);
    bool dup = false;
    json_object_set_new(n, "checks", checks_of(s, a, viewer, n, forms, ev, all_noms, history, &dup));
    json_object_set_new(n, "duplicate", json_boolean(dup));
    if (ev)
        json_object_del(ev, "levels");
    json_object_set_new(n, "evidence", ev ? ev : json_null());
    json_t *files = NULL;
    if (with_files) {
        td_status st = store_aw_files(s, (td_id)awards_jint(n, "id"), &files, err);
        if (st)
            return st;
    }
    json_object_set_new(n, "files", files ? files : json_array());
    json_object_del(n, "achievement_key");
    (void)cid;
    return TD_OK;
}

/* A reporter sees what its own unit proposed (service/policy.h). */
static bool may_see_nomination(const user *viewer, const json_t *n)
{
    return !viewer || viewer->role != ROLE_REPORTER || policy_may_propose(viewer, awards_jstr(n, "proposed_by"));
}

td_status awards_nom_ctx_load(store *s, arena *a, const user *viewer, awards_nom_ctx *c, td_error *err)
{
    *c = (awards_nom_ctx){0};
    td_status st = awards_commune(s, viewer, &c->cid, err);
    if (!st)
        st = awards_forms_of(s, c->cid, &c->forms, err);
    if (!st)
        st = store_aw_nominations(s, c->cid, 0, &c->all, err);
    if (!st)
        st = awards_history_all(s, a, c->cid, &c->history, err);
    return st;
}

void awards_nom_ctx_free(awards_nom_ctx *c)
{
    json_decref(c->forms);
    json_decref(c->all);
    json_decref(c->history);
}

td_status awards_nominations(store *s, arena *a, const user *viewer, const char *status, long year,
                             td_id session_id, json_t **out, td_error *err)
{
    awards_nom_ctx c;
    td_status st = awards_nom_ctx_load(s, a, viewer, &c, err);
    json_t *list = json_array();
    size_t i;
    json_t *n;
    json_array_foreach(c.all, i, n)
    {
        if (st)
            break;
        if ((status && *status && strcmp(awards_jstr(n, "status"), status) != 0) || (year && awards_jint(n, "year") != year) ||
            (session_id && awards_jint(n, "session_id") != session_id) || !may_see_nomination(viewer, n))
            continue;
        json_t *copy = json_deep_copy(n);
        st = nomination_full(s, a, viewer, c.cid, copy, c.forms, c.all, c.history, true, err);
        json_array_append_new(list, copy);
    }
    awards_nom_ctx_free(&c);
    if (st) {
        json_decref(list);
        return st;
    }
    *out = json_pack("{s:o}", "nominations", list);
    return TD_OK;
}

/* One nomination of the commune, full; TD_ERR_NOTFOUND otherwise. */
td_status awards_nomination_one(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    awards_nom_ctx c;
    td_status st = awards_nom_ctx_load(s, a, viewer, &c, err);
    json_t *found = NULL;
    size_t i;
    json_t *n;
    json_array_foreach(c.all, i, n) if (awards_jint(n, "id") == id) found = n;
    if (!st && (!found || !may_see_nomination(viewer, found)))
        st = awards_not_found(err, "đề nghị khen thưởng", id);
    if (!st) {
        *out = json_deep_copy(found);
        st = nomination_full(s, a, viewer, c.cid, *out, c.forms, c.all, c.history, true, err);
        if (st)
            json_decref(*out);
    }
    awards_nom_ctx_free(&c);
    return st;
}

td_status awards_nomination_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *n = NULL;
    td_status st = awards_nomination_one(s, a, viewer, id, &n, err);
    if (!st)
        *out = json_pack("{s:o}", "nomination", n);
    return st;
}

/* Reads the nominee and the achievement from body into n (shared by nominations and recorded
 * awards). */
td_status awards_nominee_read(store *s, arena *a, td_id cid, const json_t *body, const json_t *forms,
                              aw_nomination_new *n, td_error *err)
{
    const char *kind = awards_jstr(body, "nominee_kind");
    n->kind = kind;
    n->form = awards_jstr(body, "form");
    n->achievement = awards_jstr(body, "achievement");
    n->collective_name = awards_jstr(body, "collective_name");
    n->year = (long)awards_jint(body, "year");
    if (!kind || (strcmp(kind, "individual") != 0 && strcmp(kind, "collective") != 0))
        return td_fail(err, TD_ERR_INPUT, "cần chọn khen cá nhân hay tập thể");
    const json_t *f = awards_form_find(forms, n->form);
    if (!f)
        return td_fail(err, TD_ERR_INPUT, "hình thức khen thưởng không có trong danh mục");
    if (json_is_false(json_object_get(f, "active")))
        return td_fail(err, TD_ERR_INPUT, "%s đã ngừng áp dụng (danh mục khen thưởng)", awards_jstr(f, "name"));
    const char *subject = awards_jstr(f, "subject");
    if (strcmp(subject, "both") != 0 && strcmp(subject, kind) != 0)
        return td_fail(err, TD_ERR_INPUT, "%s chỉ tặng cho %s", awards_jstr(f, "name"),
                       strcmp(subject, "individual") == 0 ? "cá nhân" : "tập thể");
    if (!awards_filled(n->achievement))
        return td_fail(err, TD_ERR_INPUT, "cần nêu thành tích");
    if (strlen(n->achievement) > 4000)
        return td_fail(err, TD_ERR_INPUT, "thành tích dài quá 4.000 ký tự: tóm tắt, phần chi tiết để trong báo cáo thành tích");
    if (n->year < 2000 || n->year > 2100)
        return td_fail(err, TD_ERR_INPUT, "cần năm của thành tích (ví dụ 2026)");
    n->achievement_key = achievement_key(a, n->achievement);
    if (strcmp(kind, "individual") == 0) {
        json_t *p = NULL;
        n->person_id = (td_id)awards_jint(body, "person_id");
        td_status st = n->person_id ? store_aw_persons(s, cid, n->person_id, &p, err) : TD_OK;
        bool ok = !st && p && json_array_size(p) == 1;
        json_decref(p);
        if (st)
            return st;
        if (!ok)
            return td_fail(err, TD_ERR_INPUT, "cần chọn cá nhân được đề nghị (trong danh sách cá nhân của xã)");
    } else {
        const char *u = awards_jstr(body, "org_unit");
        if (!u || store_aw_unit_id(s, cid, u, &n->org_unit_id, err) != TD_OK)
            return td_fail(err, TD_ERR_INPUT, "cần chọn tập thể được đề nghị (một đơn vị của xã)");
        if (n->collective_name && !awards_filled(n->collective_name))
            n->collective_name = NULL;
    }
    return TD_OK;
}

td_status awards_nomination_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                   json_t **out, td_error *err)
{
    awards_nom_ctx c;
    aw_nomination_new n = {.is_demo = is_demo};
    td_id id = 0;
    td_status st = awards_nom_ctx_load(s, a, viewer, &c, err);
    if (!st)
        st = awards_nominee_read(s, a, c.cid, body, c.forms, &n, err);
    const char *by = awards_jstr(body, "proposed_by");
    if (!st && viewer && viewer->role == ROLE_REPORTER && !by)
        by = viewer->org_unit_code;
    if (!st && by && !policy_may_propose(viewer, by))
        st = td_fail(err, TD_ERR_FORBIDDEN, "tài khoản của đơn vị chỉ đề nghị khen thưởng do đơn vị mình đề xuất");
    if (!st && by && store_aw_unit_id(s, c.cid, by, &n.proposed_by, err) != TD_OK)
        st = td_fail(err, TD_ERR_INPUT, "không có đơn vị đề nghị \"%s\"", by);
    if (!st && !by)
        st = td_fail(err, TD_ERR_INPUT, "cần đơn vị đề nghị");
    json_t *b = NULL;
    if (!st && awards_jstr(body, "block")) {
        n.plan_id = (td_id)awards_jint(body, "plan_id");
        period per;
        if (!n.plan_id || policy_plan(s, viewer, n.plan_id, err) != TD_OK)
            st = td_fail(err, TD_ERR_INPUT, "gắn với kết quả chấm điểm cần chọn kế hoạch");
        else if (!awards_jstr(body, "period") || period_parse(awards_jstr(body, "period"), &per, err) != TD_OK)
            st = td_fail(err, TD_ERR_INPUT, "gắn với kết quả chấm điểm cần kỳ chấm điểm (ví dụ 2026)");
        else if ((st = awards_block_of(s, c.cid, awards_jstr(body, "block"), &b, err)) == TD_OK) {
            char code[16];
            period_code(&per, code);
            n.period = arena_strdup(a, code);
            n.block_id = (td_id)awards_jint(b, "id");
        }
    }
    json_decref(b);
    if (!st) {
        st = store_begin(s, err);
        if (!st)
            st = store_aw_nomination_insert(s, c.cid, &n, &id, err);
        if (!st)
            st = awards_audit(s, c.cid, "award.nomination.create", "nomination", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    awards_nom_ctx_free(&c);
    return st ? st : awards_nomination_get(s, a, viewer, id, out, err);
}

td_status awards_nomination_submit(store *s, arena *a, const user *viewer, td_id id, json_t **out,
                                   json_t **details, td_error *err)
{
    json_t *n = NULL;
    td_status st = awards_nomination_one(s, a, viewer, id, &n, err);
    if (st)
        return st;
    if (strcmp(awards_jstr(n, "status"), "proposed") != 0) {
        json_decref(n);
        return td_fail(err, TD_ERR_CONFLICT, "đề nghị đang ở trạng thái \"%s\", không trình hội đồng được nữa",
                       awards_status_label(awards_jstr(n, "status")));
    }
    json_t *failing = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(n, "checks"), i, c) if (strcmp(awards_jstr(c, "result"), "fail") == 0)
        json_array_append(failing, c);
    json_decref(n);
    if (json_array_size(failing)) {
        const char *first = awards_jstr(json_array_get(failing, 0), "reason");
        if (details)
            *details = failing;
        else
            json_decref(failing);
        return td_fail(err, TD_ERR_INPUT, "chưa trình hội đồng được: %s", first);
    }
    json_decref(failing);
    td_id cid = 0;
    st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_nomination_move(s, cid, id, "proposed", "in_review", err);
        if (!st)
            st = awards_audit(s, cid, "award.nomination.submit", "nomination", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_nomination_get(s, a, viewer, id, out, err);
}

td_status awards_nomination_withdraw(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *n = NULL;
    td_status st = awards_nomination_one(s, a, viewer, id, &n, err);
    if (st)
        return st;
    char *from = arena_strdup(a, awards_jstr(n, "status"));
    json_decref(n);
    if (!awards_one_of(from, (const char *const[]){"proposed", "in_review", NULL}))
        return td_fail(err, TD_ERR_CONFLICT, "đề nghị đã được xét (\"%s\"), không rút được", awards_status_label(from));
    td_id cid = 0;
    st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_nomination_move(s, cid, id, from, "withdrawn", err);
        if (!st) /* a withdrawn nomination is no longer voted on */
            st = store_aw_agenda_drop(s, cid, id, err);
        if (!st)
            st = awards_audit(s, cid, "award.nomination.withdraw", "nomination", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_nomination_get(s, a, viewer, id, out, err);
}

td_status awards_nomination_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body,
                                   json_t **out, td_error *err)
{
    awards_nom_ctx c;
    json_t *cur = NULL;
    td_status st = awards_nomination_one(s, a, viewer, id, &cur, err);
    if (st)
        return st;
    if (!policy_may_propose(viewer, awards_jstr(cur, "proposed_by"))) {
        json_decref(cur);
        return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản này không sửa được đề nghị của đơn vị khác");
    }
    /* the nominee and the proposer stay; what it says may change until it goes to the council */
    json_t *merged = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "nominee_kind", json_object_get(cur, "nominee_kind"),
                               "person_id", json_object_get(cur, "person_id"), "org_unit", json_object_get(cur, "org_unit"),
                               "collective_name", json_object_get(cur, "collective_name"), "form",
                               json_object_get(cur, "form"), "year", json_object_get(cur, "year"), "achievement",
                               json_object_get(cur, "achievement"));
    json_decref(cur);
    const char *keys[] = {"form", "year", "achievement", "collective_name"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (json_object_get(body, keys[k]))
            json_object_set(merged, keys[k], json_object_get(body, keys[k]));
    aw_nomination_new n = {0};
    st = awards_nom_ctx_load(s, a, viewer, &c, err);
    if (!st)
        st = awards_nominee_read(s, a, c.cid, merged, c.forms, &n, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_nomination_update(s, c.cid, id, &n, err);
        if (!st)
            st = awards_audit(s, c.cid, "award.nomination.update", "nomination", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(merged);
    awards_nom_ctx_free(&c);
    return st ? st : awards_nomination_get(s, a, viewer, id, out, err);
}

td_status awards_file_attach(store *s, arena *a, const user *viewer, td_id nomination_id, const char *kind,
                             const char *name, const char *declared_type, const unsigned char *data, size_t n,
                             json_t **out, evidence_problem *problem, td_error *err)
{
    json_t *nom = NULL;
    *problem = EVIDENCE_OK;
    td_status st = awards_nomination_one(s, a, viewer, nomination_id, &nom, err);
    if (st)
        return st;
    json_decref(nom);
    if (!awards_one_of(kind, (const char *const[]){"to_trinh", "bao_cao", "bien_ban", "khac", NULL})) {
        *problem = EVIDENCE_BAD_NAME;
        return td_fail(err, TD_ERR_INPUT, "loại hồ sơ phải là tờ trình, báo cáo thành tích, biên bản hoặc khác");
    }
    const char *type = NULL, *clean = NULL;
    st = evidence_check(a, data, n, declared_type, name, &type, &clean, problem, err);
    if (st)
        return st;
    td_id cid = 0, id = 0;
    char *sha = evidence_sha256_hex(a, data, n);
    st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_file_insert(s, nomination_id, kind, clean, type, data, n, sha, &id, err);
        if (!st)
            st = awards_audit_made(s, cid, "award.file.upload", "nomination", nomination_id,
                       json_pack("{s:s, s:s}", "name", clean, "sha256", sha), err);
        st = store_finish(s, st, err);
    }
    json_t *files = NULL;
    if (!st)
        st = store_aw_files(s, nomination_id, &files, err);
    if (st)
        return st;
    size_t i;
    json_t *f, *found = NULL;
    json_array_foreach(files, i, f) if (awards_jint(f, "id") == id) found = f;
    *out = json_pack("{s:O}", "file", found);
    json_decref(files);
    return TD_OK;
}

td_status awards_file_read(store *s, arena *a, const user *viewer, td_id id, const char **name,
                           const char **content_type, const void **bytes, size_t *size, td_error *err)
{
    td_id cid = 0, nid = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_file_get(s, a, cid, id, &nid, name, content_type, bytes, size, err);
    json_t *n = NULL;
    /* a reporter reads the dossiers its own unit proposed, as it sees those nominations only */
    if (!st && viewer && viewer->role == ROLE_REPORTER && awards_nomination_one(s, a, viewer, nid, &n, err) != TD_OK)
        st = TD_ERR_NOTFOUND;
    json_decref(n);
    if (st == TD_ERR_NOTFOUND)
        return awards_not_found(err, "tệp hồ sơ", id);
    if (!st)
        st = awards_audit(s, cid, "award.file.download", "nomination", nid, NULL, err);
    return st;
}
