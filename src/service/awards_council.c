/* awards_council.c — the council, its sessions and tallies; closing a session decides
 * each nomination by core/vote's quorum and pass threshold. */
#include "awards_council.h"

#include <stdlib.h>
#include <string.h>

#include "core/vote.h"
#include "core/period.h"
#include "service/awards_internal.h"


static void members_labelled(json_t *members)
{
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) json_object_set_new(m, "role_label", json_string(awards_role_label(awards_jstr(m, "role"))));
}

td_status awards_councils(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_councils(s, cid, 0, &list, err);
    if (st)
        return st;
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) members_labelled(json_object_get(c, "members"));
    *out = json_pack("{s:o}", "councils", list);
    return TD_OK;
}

td_status awards_council_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err)
{
    (void)a;
    td_id cid, id = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (st)
        return st;
    const json_t *members = json_object_get(body, "members");
    if (!awards_filled(awards_jstr(body, "name")))
        return td_fail(err, TD_ERR_INPUT, "cần tên hội đồng");
    if (!json_is_array(members) || json_array_size(members) == 0)
        return td_fail(err, TD_ERR_INPUT, "hội đồng cần ít nhất một thành viên");
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) if (awards_jstr(m, "role") &&
                                          !awards_one_of(awards_jstr(m, "role"), (const char *const[]){"chair", "vice_chair",
                                                                                         "member", "secretary", NULL}))
        return td_fail(err, TD_ERR_INPUT, "vai trò của thành viên thứ %zu phải là chủ tịch, phó chủ tịch, ủy viên hoặc thư ký",
                       i + 1);
    st = store_begin(s, err);
    if (!st)
        st = store_aw_council_insert(s, cid, awards_jstr(body, "name"), awards_jstr(body, "decision_number"), members, is_demo, &id,
                                     err);
    if (!st)
        st = awards_audit(s, cid, "award.council.create", "council", id, (json_t *)body, err);
    st = store_finish(s, st, err);
    json_t *list = NULL;
    if (!st)
        st = store_aw_councils(s, cid, id, &list, err);
    if (st)
        return st;
    members_labelled(json_object_get(json_array_get(list, 0), "members"));
    *out = json_pack("{s:O}", "council", json_array_get(list, 0));
    json_decref(list);
    return TD_OK;
}

static vote_rule rule_of(const json_t *ses)
{
    return (vote_rule){.quorum_num = (int)awards_jint(ses, "quorum_num"),
                       .quorum_den = (int)awards_jint(ses, "quorum_den"),
                       .pass_num = (int)awards_jint(ses, "pass_num"),
                       .pass_den = (int)awards_jint(ses, "pass_den"),
                       .pass_strict = json_is_true(json_object_get(ses, "pass_strict")),
                       .pass_of_present = strcmp(awards_jstr(ses, "pass_base"), "present") == 0};
}

/* A session as the API shows it: rule, quorum, members, items with their results. */
static td_status session_full(store *s, arena *a, const user *viewer, json_t *ses, bool items, td_error *err)
{
    vote_rule r = rule_of(ses);
    int members = (int)json_array_size(json_object_get(ses, "members")), present = 0;
    size_t i;
    json_t *m;
    json_t *mem = json_object_get(ses, "members");
    members_labelled(mem);
    json_array_foreach(mem, i, m) present += json_is_true(json_object_get(m, "present"));
    json_object_set_new(ses, "rule", json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "quorum_num",
                                               json_object_get(ses, "quorum_num"), "quorum_den",
                                               json_object_get(ses, "quorum_den"), "pass_num",
                                               json_object_get(ses, "pass_num"), "pass_den",
                                               json_object_get(ses, "pass_den"), "pass_strict",
                                               json_object_get(ses, "pass_strict"), "pass_base",
                                               json_object_get(ses, "pass_base")));
    const char *drop[] = {"quorum_num", "quorum_den", "pass_num", "pass_den", "pass_strict", "pass_base"};
    for (size_t k = 0; k < sizeof drop / sizeof drop[0]; k++)
        json_object_del(ses, drop[k]);
    json_object_set_new(ses, "rule_text", json_string(vote_rule_text(a, &r)));
    json_object_set_new(ses, "held_on_text", json_string(date_format_vi(a, awards_jstr(ses, "held_on"))));
    json_object_set_new(ses, "n_members", json_integer(members));
    json_object_set_new(ses, "n_present", json_integer(present));
    json_object_set_new(ses, "quorum", json_pack("{s:b, s:i, s:s}", "met", vote_quorum_met(&r, members, present),
                                                 "needed", vote_quorum_needed(&r, members), "text",
                                                 vote_quorum_text(a, &r, members, present)));
    json_t *list = json_object_get(ses, "items");
    if (!items) {
        json_object_set_new(ses, "n_items", json_integer((json_int_t)json_array_size(list)));
        json_object_del(ses, "items");
        return TD_OK;
    }
    json_t *it;
    json_array_foreach(list, i, it)
    {
        json_t *n = NULL;
        td_status st = awards_nomination_one(s, a, viewer, (td_id)awards_jint(it, "nomination_id"), &n, err);
        if (st)
            return st;
        bool voted = json_is_true(json_object_get(it, "voted"));
        int yes = (int)awards_jint(it, "yes");
        json_object_set_new(it, "nomination", n);
        if (voted && json_is_null(json_object_get(it, "passed")))
            json_object_set_new(it, "passed_if_closed", json_boolean(vote_passed(&r, members, present, yes)));
        json_object_set_new(it, "result_text", voted ? json_string(vote_result_text(a, &r, members, present, yes))
                                                     : json_string("Chưa biểu quyết"));
    }
    return TD_OK;
}

td_status awards_record_one(store *s, arena *a, const user *viewer, td_id id, awards_rows_fetch fetch,
                            awards_row_complete complete, const char *what, json_t **out, td_error *err)
{
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = fetch(s, cid, id, &list, err);
    if (!st && json_array_size(list) == 0)
        st = awards_not_found(err, what, id);
    if (!st) {
        *out = json_incref(json_array_get(list, 0));
        st = complete(s, a, viewer, *out, true, err);
        if (st)
            json_decref(*out);
    }
    json_decref(list);
    return st;
}

td_status awards_record_list(store *s, arena *a, const user *viewer, awards_rows_fetch fetch,
                             awards_row_complete complete, const char *key, json_t **out, td_error *err)
{
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = fetch(s, cid, 0, &list, err);
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        if (st)
            break;
        st = complete(s, a, viewer, row, false, err);
    }
    if (st) {
        json_decref(list);
        return st;
    }
    *out = json_pack("{s:o}", key, list);
    return TD_OK;
}

static td_status session_one(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    return awards_record_one(s, a, viewer, id, store_aw_sessions, session_full, "phiên họp", out, err);
}

td_status awards_session_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *ses = NULL;
    td_status st = session_one(s, a, viewer, id, &ses, err);
    if (!st)
        *out = json_pack("{s:o}", "session", ses);
    return st;
}

td_status awards_sessions(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    return awards_record_list(s, a, viewer, store_aw_sessions, session_full, "sessions", out, err);
}

td_id *awards_ids_of(arena *a, const json_t *arr, size_t *n)
{
    *n = json_array_size(arr);
    td_id *out = arena_calloc(a, *n + 1, sizeof *out);
    for (size_t i = 0; i < *n; i++)
        out[i] = (td_id)json_integer_value(json_array_get(arr, i));
    return out;
}

td_status awards_session_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err)
{
    awards_nom_ctx c;
    td_id id = 0;
    td_status st = awards_nom_ctx_load(s, a, viewer, &c, err);
    const json_t *rule = json_object_get(body, "rule");
    const char *base = rule ? awards_jstr(rule, "pass_base") : NULL;
    vote_rule r = {2, 3, 1, 2, true, false};
    if (rule) {
        r.quorum_num = json_is_integer(json_object_get(rule, "quorum_num")) ? (int)awards_jint(rule, "quorum_num") : 0;
        r.quorum_den = json_is_integer(json_object_get(rule, "quorum_den")) ? (int)awards_jint(rule, "quorum_den") : 0;
        r.pass_num = json_is_integer(json_object_get(rule, "pass_num")) ? (int)awards_jint(rule, "pass_num") : 0;
        r.pass_den = json_is_integer(json_object_get(rule, "pass_den")) ? (int)awards_jint(rule, "pass_den") : 0;
        r.pass_strict = !json_is_false(json_object_get(rule, "pass_strict"));
        r.pass_of_present = base && strcmp(base, "present") == 0;
        if (!st && base && !awards_one_of(base, (const char *const[]){"members", "present", NULL}))
            st = td_fail(err, TD_ERR_INPUT, "tỷ lệ thông qua tính trên tổng số thành viên hoặc số thành viên có mặt");
    }
    if (!st)
        st = vote_rule_validate(&r, err);
    if (!st && (!awards_jstr(body, "held_on") || !date_iso_valid(awards_jstr(body, "held_on"))))
        st = td_fail(err, TD_ERR_INPUT, "cần ngày họp (YYYY-MM-DD)");
    if (!st && !awards_filled(awards_jstr(body, "place")))
        st = td_fail(err, TD_ERR_INPUT, "cần địa điểm họp");
    size_t np = 0, nn = 0;
    td_id *present = awards_ids_of(a, json_object_get(body, "present"), &np);
    td_id *noms = awards_ids_of(a, json_object_get(body, "nominations"), &nn);
    if (!st && nn == 0)
        st = td_fail(err, TD_ERR_INPUT, "phiên họp cần ít nhất một đề nghị để xét");
    for (size_t k = 0; !st && k < nn; k++) {
        const json_t *found = NULL;
        size_t i;
        json_t *n;
        json_array_foreach(c.all, i, n) if (awards_jint(n, "id") == noms[k]) found = n;
        if (!found)
            st = awards_not_found(err, "đề nghị khen thưởng", noms[k]);
        else if (strcmp(awards_jstr(found, "status"), "in_review") != 0)
            st = td_fail(err, TD_ERR_INPUT, "đề nghị khen thưởng %s (%s) chưa được trình hội đồng: %s",
                         awards_jstr(found, "name"), awards_jstr(found, "achievement"), awards_status_label(awards_jstr(found, "status")));
    }
    json_t *councils = NULL;
    if (!st)
        st = store_aw_councils(s, c.cid, (td_id)awards_jint(body, "council_id"), &councils, err);
    if (!st && json_array_size(councils) == 0)
        st = td_fail(err, TD_ERR_INPUT, "cần chọn hội đồng thi đua, khen thưởng");
    for (size_t k = 0; !st && k < np; k++) {
        bool member = false;
        size_t i;
        json_t *m;
        json_array_foreach(json_object_get(json_array_get(councils, 0), "members"), i, m) member |=
            awards_jint(m, "person_id") == present[k];
        if (!member)
            st = td_fail(err, TD_ERR_INPUT, "người có mặt thứ %zu không phải thành viên hội đồng", k + 1);
    }
    json_decref(councils);
    if (!st) {
        aw_session_new sn = {.council_id = (td_id)awards_jint(body, "council_id"),
                             .held_on = awards_jstr(body, "held_on"),
                             .place = awards_jstr(body, "place"),
                             .pass_base = r.pass_of_present ? "present" : "members",
                             .quorum_num = r.quorum_num,
                             .quorum_den = r.quorum_den,
                             .pass_num = r.pass_num,
                             .pass_den = r.pass_den,
                             .pass_strict = r.pass_strict,
                             .is_demo = is_demo};
        st = store_begin(s, err);
        if (!st)
            st = store_aw_session_insert(s, c.cid, &sn, present, np, noms, nn, &id, err);
        if (!st)
            st = awards_audit(s, c.cid, "award.session.create", "council_session", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    awards_nom_ctx_free(&c);
    return st ? st : awards_session_get(s, a, viewer, id, out, err);
}

td_status awards_session_vote(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                              td_error *err)
{
    json_t *ses = NULL;
    td_status st = session_one(s, a, viewer, id, &ses, err);
    if (st)
        return st;
    td_id cid = 0;
    if (strcmp(awards_jstr(ses, "status"), "open") != 0)
        st = td_fail(err, TD_ERR_CONFLICT, "phiên họp đã kết thúc, không biểu quyết thêm được");
    const char *keys[] = {"yes", "no", "abstain"};
    for (int k = 0; !st && k < 3; k++)
        if (!json_is_integer(json_object_get(body, keys[k])))
            st = td_fail(err, TD_ERR_INPUT, "cần số phiếu đồng ý, không đồng ý và không biểu quyết (số nguyên)");
    if (!st)
        st = vote_tally_validate((int)awards_jint(ses, "n_present"), (int)awards_jint(body, "yes"), (int)awards_jint(body, "no"),
                                 (int)awards_jint(body, "abstain"), err);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_session_tally(s, id, (td_id)awards_jint(body, "nomination_id"), (int)awards_jint(body, "yes"),
                                    (int)awards_jint(body, "no"), (int)awards_jint(body, "abstain"), err);
        if (!st)
            st = awards_audit(s, cid, "award.session.vote", "council_session", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(ses);
    return st ? st : awards_session_get(s, a, viewer, id, out, err);
}

td_status awards_session_close(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *ses = NULL;
    td_status st = session_one(s, a, viewer, id, &ses, err);
    if (st)
        return st;
    td_id cid = 0;
    if (strcmp(awards_jstr(ses, "status"), "open") != 0)
        st = td_fail(err, TD_ERR_CONFLICT, "phiên họp đã kết thúc");
    json_t *q = json_object_get(ses, "quorum");
    if (!st && !json_is_true(json_object_get(q, "met")))
        st = td_fail(err, TD_ERR_INPUT, "phiên họp chưa đủ số thành viên: %s", awards_jstr(q, "text"));
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(ses, "items"), i, it) if (!st && !json_is_true(json_object_get(it, "voted"))) st =
        td_fail(err, TD_ERR_INPUT, "chưa biểu quyết đề nghị khen thưởng %s",
                awards_jstr(json_object_get(it, "nomination"), "name"));
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        vote_rule r;
        json_t *raw = NULL;
        st = store_aw_sessions(s, cid, id, &raw, err);
        if (!st)
            r = rule_of(json_array_get(raw, 0));
        json_decref(raw);
        int members = (int)awards_jint(ses, "n_members"), present = (int)awards_jint(ses, "n_present");
        json_array_foreach(json_object_get(ses, "items"), i, it)
        {
            if (st)
                break;
            td_id nid = (td_id)awards_jint(it, "nomination_id");
            bool pass = vote_passed(&r, members, present, (int)awards_jint(it, "yes"));
            st = store_aw_session_item_result(s, id, nid, pass, err);
            if (!st)
                st = store_aw_nomination_move(s, cid, nid, "in_review", pass ? "approved" : "rejected", err);
        }
        if (!st)
            st = store_aw_session_close(s, cid, id, err);
        if (!st)
            st = awards_audit(s, cid, "award.session.close", "council_session", id, NULL, err);
        st = store_finish(s, st, err);
    }
    json_decref(ses);
    return st ? st : awards_session_get(s, a, viewer, id, out, err);
}
