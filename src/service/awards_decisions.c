/* awards_decisions.c — the chairman's decision: a draft of approved nominations, numbered
 * per year in the same write transaction that issues it, immutable after, revocable with a reason. */
#include "awards_decisions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "service/awards_internal.h"
#include "service/policy.h"


static td_status decision_full(store *s, arena *a, const user *viewer, json_t *d, bool full, td_error *err)
{
    (void)full; /* a list shows the awardees too: the public page and the history read them */
    json_t *awardees = json_array(), *revocations = json_array();
    size_t i;
    json_t *it;
    json_object_set_new(d, "signed_on_text",
                        awards_jstr(d, "signed_on") ? json_string(date_format_vi(a, awards_jstr(d, "signed_on"))) : json_null());
    json_array_foreach(json_object_get(d, "items"), i, it)
    {
        json_t *n = NULL;
        td_status st = awards_nomination_one(s, a, viewer, (td_id)awards_jint(it, "nomination_id"), &n, err);
        if (st) {
            json_decref(awardees);
            json_decref(revocations);
            return st;
        }
        bool revoked = !json_is_null(json_object_get(it, "revoked_at"));
        json_array_append_new(
            awardees, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:b, s:O}", "nomination_id",
                                json_object_get(n, "id"), "nominee_kind", json_object_get(n, "nominee_kind"), "name",
                                json_object_get(n, "name"), "org_unit_name", json_object_get(n, "org_unit_name"),
                                "form", json_object_get(n, "form"), "form_name", json_object_get(n, "form_name"),
                                "achievement", json_object_get(n, "achievement"), "year", json_object_get(n, "year"),
                                "revoked", revoked, "revoked_reason", json_object_get(it, "revoked_reason")));
        if (revoked && json_is_null(json_object_get(d, "revoked_at")))
            json_array_append_new(revocations,
                                  json_pack("{s:O, s:O, s:O, s:O}", "nomination_id", json_object_get(n, "id"),
                                            "reason", json_object_get(it, "revoked_reason"), "at",
                                            json_object_get(it, "revoked_at"), "by", json_object_get(it, "revoked_by")));
        json_decref(n);
    }
    if (!json_is_null(json_object_get(d, "revoked_at")))
        json_array_append_new(revocations, json_pack("{s:n, s:O, s:O, s:O}", "nomination_id", "reason",
                                                     json_object_get(d, "revoked_reason"), "at",
                                                     json_object_get(d, "revoked_at"), "by",
                                                     json_object_get(d, "revoked_by")));
    json_object_del(d, "items");
    json_object_set_new(d, "awardees", awardees);
    json_object_set_new(d, "revocations", revocations);
    return TD_OK;
}

static td_status decision_one(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    return awards_record_one(s, a, viewer, id, store_aw_decisions, decision_full, "quyết định", out, err);
}

td_status awards_decision_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *d = NULL;
    td_status st = decision_one(s, a, viewer, id, &d, err);
    if (!st)
        *out = json_pack("{s:o}", "decision", d);
    return st;
}

td_status awards_decisions(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    return awards_record_list(s, a, viewer, store_aw_decisions, decision_full, "decisions", out, err);
}

td_status awards_decision_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                 json_t **out, td_error *err)
{
    awards_nom_ctx c;
    td_id id = 0;
    td_status st = awards_nom_ctx_load(s, a, viewer, &c, err);
    size_t nn = 0;
    td_id *noms = awards_ids_of(a, json_object_get(body, "nominations"), &nn);
    long year = (long)awards_jint(body, "year");
    if (!st && !awards_filled(awards_jstr(body, "title")))
        st = td_fail(err, TD_ERR_INPUT, "cần trích yếu của quyết định (Về việc …)");
    if (!st && !awards_filled(awards_jstr(body, "signer")))
        st = td_fail(err, TD_ERR_INPUT, "cần người ký quyết định");
    if (!st && (year < 2000 || year > 2100))
        st = td_fail(err, TD_ERR_INPUT, "cần năm của quyết định (ví dụ 2026)");
    if (!st && nn == 0)
        st = td_fail(err, TD_ERR_INPUT, "quyết định cần ít nhất một đề nghị đã được hội đồng thông qua");
    for (size_t k = 0; !st && k < nn; k++) {
        const json_t *found = NULL;
        size_t i;
        json_t *n;
        json_array_foreach(c.all, i, n) if (awards_jint(n, "id") == noms[k]) found = n;
        const json_t *f = found ? awards_form_find(c.forms, awards_jstr(found, "form")) : NULL;
        for (size_t j = 0; !st && j < k; j++)
            if (noms[j] == noms[k])
                st = td_fail(err, TD_ERR_INPUT, "một đề nghị được ghi hai lần");
        if (st)
            break;
        if (!found)
            st = awards_not_found(err, "đề nghị khen thưởng", noms[k]);
        else if (strcmp(awards_jstr(found, "status"), "approved") != 0)
            st = td_fail(err, TD_ERR_INPUT, "%s (%s): đề nghị chưa được hội đồng thông qua (%s)", awards_jstr(found, "name"),
                         awards_jstr(found, "achievement"), awards_status_label(awards_jstr(found, "status")));
        else if (!json_is_null(json_object_get(found, "decision_id")))
            st = td_fail(err, TD_ERR_INPUT, "%s: đề nghị đã được đưa vào một quyết định khác", awards_jstr(found, "name"));
        else if (!f || !json_is_true(json_object_get(f, "local")))
            st = td_fail(err, TD_ERR_INPUT, "%s: %s không do Chủ tịch UBND xã quyết định, cần đề nghị cấp trên",
                         awards_jstr(found, "name"), f ? awards_jstr(f, "name") : awards_jstr(found, "form"));
    }
    json_t *bases = json_object_get(body, "legal_bases");
    json_t *info = NULL;
    if (!st)
        st = awards_commune_info(s, c.cid, &info, err);
    json_t *b = NULL;
    if (!st && json_is_array(bases) && json_array_size(bases))
        b = json_incref(bases);
    else if (!st)
        b = json_pack("[s, s, s, s]", "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
                      "Căn cứ Luật Thi đua, khen thưởng năm 2022;",
                      "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thi "
                      "đua, khen thưởng;",
                      arena_printf(a, "Xét đề nghị của Hội đồng Thi đua - Khen thưởng %s.", awards_jstr(info, "name")));
    if (!st) {
        char *lb = json_dumps(b, JSON_COMPACT);
        const char *stitle = awards_jstr(body, "signer_title") ? awards_jstr(body, "signer_title") : "CHỦ TỊCH";
        st = store_begin(s, err);
        if (!st)
            st = store_aw_decision_insert(s, c.cid, year, awards_jstr(body, "title"), awards_jstr(body, "signer"), stitle, lb, noms,
                                          nn, is_demo, &id, err);
        if (!st)
            st = awards_audit(s, c.cid, "award.decision.create", "decision", id, (json_t *)body, err);
        st = store_finish(s, st, err);
        free(lb);
    }
    json_decref(b);
    json_decref(info);
    awards_nom_ctx_free(&c);
    return st ? st : awards_decision_get(s, a, viewer, id, out, err);
}

td_status awards_decision_discard(store *s, arena *a, const user *viewer, td_id id, td_error *err)
{
    json_t *d = NULL;
    td_status st = decision_one(s, a, viewer, id, &d, err);
    json_decref(d);
    td_id cid = 0;
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_decision_discard(s, cid, id, err);
        if (!st)
            st = awards_audit(s, cid, "award.decision.discard", "decision", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st;
}

td_status awards_decision_issue(store *s, arena *a, const user *viewer, td_id id, const char *signed_on,
                                json_t **out, td_error *err)
{
    json_t *d = NULL;
    td_status st = decision_one(s, a, viewer, id, &d, err);
    if (st)
        return st;
    if (!policy_may_sign(viewer)) {
        json_decref(d);
        return td_fail(err, TD_ERR_FORBIDDEN, "chỉ lãnh đạo (Chủ tịch) hoặc quản trị viên ban hành quyết định");
    }
    td_id cid = 0;
    const char *number = NULL;
    if (strcmp(awards_jstr(d, "status"), "draft") != 0)
        st = td_fail(err, TD_ERR_CONFLICT, "quyết định %s đã ban hành, không sửa được nữa", awards_jstr(d, "number"));
    else if (!signed_on || !date_iso_valid(signed_on))
        st = td_fail(err, TD_ERR_INPUT, "cần ngày ký (YYYY-MM-DD)");
    else if (atol(signed_on) != awards_jint(d, "year"))
        st = td_fail(err, TD_ERR_INPUT, "ngày ký phải trong năm %lld của quyết định", awards_jint(d, "year"));
    json_decref(d);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    /* the number is read and written inside one write transaction: two issues at once never
     * take the same number (the lock is taken first, store_begin) */
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_decision_issue(s, a, cid, id, signed_on, "QĐ-UBND", &number, err);
        if (!st)
            st = awards_audit_made(s, cid, "award.decision.issue", "decision", id,
                       json_pack("{s:s, s:s}", "number", number, "signed_on", signed_on), err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_decision_get(s, a, viewer, id, out, err);
}

td_status awards_decision_revoke(store *s, arena *a, const user *viewer, td_id id, const json_t *body,
                                 json_t **out, td_error *err)
{
    json_t *d = NULL;
    td_status st = decision_one(s, a, viewer, id, &d, err);
    if (st)
        return st;
    json_decref(d);
    if (!policy_may_sign(viewer))
        return td_fail(err, TD_ERR_FORBIDDEN, "chỉ lãnh đạo (Chủ tịch) hoặc quản trị viên thu hồi quyết định");
    td_id cid = 0;
    const char *reason = awards_jstr(body, "reason");
    if (!awards_filled(reason))
        return td_fail(err, TD_ERR_INPUT, "cần lý do thu hồi (ví dụ: kê khai không trung thực)");
    if (strlen(reason) > 2000)
        return td_fail(err, TD_ERR_INPUT, "lý do thu hồi dài quá 2.000 ký tự");
    st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_decision_revoke(s, cid, id, (td_id)awards_jint(body, "nomination_id"), reason, err);
        if (!st)
            st = awards_audit(s, cid, "award.decision.revoke", "decision", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_decision_get(s, a, viewer, id, out, err);
}
