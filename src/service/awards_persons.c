/* awards_persons.c — persons of the commune, the history of awards (issued decisions
 * and awards recorded from elsewhere), units' mergers, searched without diacritics. */
#include "awards_persons.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/vtext.h"
#include "service/awards_internal.h"
#include "service/policy.h"
#include "service/vnclock.h"


td_status awards_persons(store *s, arena *a, const user *viewer, const char *q, const char *unit, json_t **out,
                         td_error *err)
{
    td_id cid;
    json_t *all = NULL;
    /* a reporter sees its own unit's people (to nominate one of them), no one else's */
    td_status st = policy_scope_unit(viewer, &unit, err);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_persons(s, cid, 0, &all, err);
    if (st)
        return st;
    const char *key = q && *q ? vtext_fold(a, q) : NULL;
    json_t *list = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(all, i, p)
    {
        if (key && !strstr(vtext_fold(a, awards_jstr(p, "full_name")), key))
            continue;
        if (unit && *unit && (!awards_jstr(p, "org_unit") || strcmp(awards_jstr(p, "org_unit"), unit) != 0))
            continue;
        json_array_append(list, p);
    }
    json_decref(all);
    *out = json_pack("{s:o}", "persons", list);
    return TD_OK;
}

/* Checks a person's fields; *unit_id receives the unit's id (0 without). */
static td_status person_check(store *s, td_id cid, const json_t *body, td_id *unit_id, td_error *err)
{
    static const char *const genders[] = {"male", "female", NULL};
    const json_t *by = json_object_get(body, "birth_year");
    char today[11];
    vnclock_today(today);
    long this_year = atol(today);
    *unit_id = 0;
    if (!awards_filled(awards_jstr(body, "full_name")) || strlen(awards_jstr(body, "full_name")) > 200)
        return td_fail(err, TD_ERR_INPUT, "cần họ và tên (không quá 200 ký tự)");
    if (by && !json_is_null(by) &&
        (!json_is_integer(by) || json_integer_value(by) < 1900 || json_integer_value(by) > this_year))
        return td_fail(err, TD_ERR_INPUT, "năm sinh phải từ 1900 đến %ld", this_year);
    if (awards_jstr(body, "gender") && !awards_one_of(awards_jstr(body, "gender"), genders))
        return td_fail(err, TD_ERR_INPUT, "giới tính phải là nam hoặc nữ");
    if (awards_jstr(body, "org_unit") && store_aw_unit_id(s, cid, awards_jstr(body, "org_unit"), unit_id, err) != TD_OK)
        return td_fail(err, TD_ERR_INPUT, "không có đơn vị \"%s\"", awards_jstr(body, "org_unit"));
    return TD_OK;
}

static td_status person_answer(store *s, td_id cid, td_id id, json_t **out, td_error *err)
{
    json_t *list = NULL;
    td_status st = store_aw_persons(s, cid, id, &list, err);
    if (!st && json_array_size(list) == 0)
        st = awards_not_found(err, "cá nhân", id);
    if (!st)
        *out = json_pack("{s:O}", "person", json_array_get(list, 0));
    json_decref(list);
    return st;
}

td_status awards_person_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                               json_t **out, td_error *err)
{
    (void)a;
    td_id cid, uid = 0, id = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = person_check(s, cid, body, &uid, err);
    if (st)
        return st;
    st = store_begin(s, err);
    if (!st) {
        st = store_aw_person_insert(s, cid, body, uid, is_demo, &id, err);
        if (!st)
            st = awards_audit(s, cid, "award.person.create", "person", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st ? st : person_answer(s, cid, id, out, err);
}

td_status awards_person_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                               td_error *err)
{
    (void)a;
    td_id cid, uid = 0;
    json_t *cur = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = person_answer(s, cid, id, &cur, err);
    if (st)
        return st;
    /* the fields not sent keep their values */
    json_t *merged = json_deep_copy(json_object_get(cur, "person"));
    json_decref(cur);
    json_object_update(merged, (json_t *)body);
    st = person_check(s, cid, merged, &uid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_person_update(s, cid, id, merged, uid, err);
        if (!st)
            st = awards_audit(s, cid, "award.person.update", "person", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(merged);
    return st ? st : person_answer(s, cid, id, out, err);
}

/* ---- history ---------------------------------------------------------------------------- */

/* The units whose history unit carries: itself and, through mergers, its predecessors (and
 * theirs). codes[0] is unit. */
static size_t lineage(arena *a, const json_t *mergers, const char *unit, const char ***codes, const char ***names)
{
    size_t cap = json_array_size(mergers) + 1, n = 1;
    *codes = arena_calloc(a, cap, sizeof **codes);
    *names = arena_calloc(a, cap, sizeof **names);
    (*codes)[0] = unit;
    for (size_t k = 0; k < n; k++) {
        size_t i;
        const json_t *m;
        json_array_foreach(mergers, i, m) if (strcmp(awards_jstr(m, "into"), (*codes)[k]) == 0 && n < cap)
        {
            bool seen = false;
            for (size_t j = 0; j < n; j++)
                seen |= strcmp((*codes)[j], awards_jstr(m, "from")) == 0;
            if (!seen) {
                (*codes)[n] = awards_jstr(m, "from");
                (*names)[n++] = arena_printf(a, "%s (trước khi hợp nhất ngày %s)", awards_jstr(m, "from_name"),
                                             date_format_vi(a, awards_jstr(m, "on")));
            }
        }
    }
    return n;
}

/* Every award of the commune: those of issued (or revoked) decisions and those recorded. */
td_status awards_history_all(store *s, arena *a, td_id cid, json_t **out, td_error *err)
{
    json_t *noms = NULL, *decs = NULL, *recs = NULL, *forms = NULL, *info = NULL;
    td_status st = store_aw_nominations(s, cid, 0, &noms, err);
    if (!st)
        st = store_aw_decisions(s, cid, 0, &decs, err);
    if (!st)
        st = store_aw_records(s, cid, &recs, err);
    if (!st)
        st = awards_forms_of(s, cid, &forms, err);
    if (!st)
        st = awards_commune_info(s, cid, &info, err);
    json_t *list = json_array();
    size_t i, k;
    json_t *d, *it, *n;
    json_array_foreach(decs, i, d)
    {
        if (st || strcmp(awards_jstr(d, "status"), "draft") == 0)
            continue;
        json_array_foreach(json_object_get(d, "items"), k, it)
        {
            size_t j;
            json_array_foreach(noms, j, n) if (awards_jint(n, "id") == awards_jint(it, "nomination_id"))
            {
                const json_t *f = awards_form_find(forms, awards_jstr(n, "form"));
                bool revoked = !json_is_null(json_object_get(it, "revoked_at"));
                json_array_append_new(
                    list,
                    json_pack("{s:I, s:O, s:O, s:O, s:O, s:O, s:n, s:O, s:o, s:O, s:O, s:O, s:O, s:O, s:s, s:s, "
                              "s:s, s:O, s:O, s:s, s:s}",
                              "id", (json_int_t)awards_jint(n, "id"), "nominee_kind", json_object_get(n, "nominee_kind"),
                              "person_id", json_object_get(n, "person_id"), "name", json_object_get(n, "name"),
                              "org_unit", json_object_get(n, "org_unit"), "org_unit_name",
                              json_object_get(n, "org_unit_name"), "via", "form", json_object_get(n, "form"),
                              "form_name", json_string(f ? awards_jstr(f, "name") : awards_jstr(n, "form")), "year",
                              json_object_get(n, "year"), "achievement", json_object_get(n, "achievement"),
                              "achievement_key", json_object_get(n, "achievement_key"), "decision_id",
                              json_object_get(d, "id"), "decision_number", json_object_get(d, "number"),
                              "decision_date", awards_jstr(d, "signed_on"), "decision_date_text",
                              date_format_vi(a, awards_jstr(d, "signed_on")), "issuer",
                              arena_printf(a, "Chủ tịch Ủy ban nhân dân %s", awards_jstr(info, "name")), "revoked_reason",
                              json_object_get(it, "revoked_reason"), "revoked_on", json_object_get(it, "revoked_at"),
                              "status", revoked ? "revoked" : "awarded", "source", "decision"));
            }
        }
    }
    json_array_foreach(recs, i, n)
    {
        if (st)
            break;
        const json_t *f = awards_form_find(forms, awards_jstr(n, "form"));
        json_t *e = json_deep_copy(n);
        json_object_set_new(e, "id", json_null());
        json_object_set_new(e, "via", json_null());
        json_object_set_new(e, "form_name", f ? json_string(awards_jstr(f, "name")) : json_string(awards_jstr(n, "form")));
        json_object_set_new(e, "decision_id", json_null());
        json_object_set_new(e, "decision_date_text", json_string(date_format_vi(a, awards_jstr(n, "decision_date"))));
        json_object_set_new(e, "status", json_string("awarded"));
        json_object_set_new(e, "revoked_reason", json_null());
        json_object_set_new(e, "revoked_on", json_null());
        json_object_set_new(e, "source", json_string("recorded"));
        json_object_del(e, "collective_name");
        json_array_append_new(list, e);
    }
    json_decref(noms);
    json_decref(decs);
    json_decref(recs);
    json_decref(forms);
    json_decref(info);
    if (st) {
        json_decref(list);
        return st;
    }
    *out = list;
    return TD_OK;
}

td_status awards_history(store *s, arena *a, const user *viewer, td_id person_id, const char *unit, const char *q,
                         long year, json_t **out, td_error *err)
{
    td_id cid;
    json_t *all = NULL, *mergers = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = awards_history_all(s, a, cid, &all, err);
    if (!st)
        st = store_aw_mergers(s, cid, &mergers, err);
    if (st) {
        json_decref(all);
        return st;
    }
    const char **codes = NULL, **vias = NULL;
    size_t nl = unit && *unit ? lineage(a, mergers, unit, &codes, &vias) : 0;
    const char *key = q && *q ? vtext_fold(a, q) : NULL;
    json_t *list = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(all, i, e)
    {
        if (person_id && awards_jint(e, "person_id") != person_id)
            continue;
        if (year && awards_jint(e, "year") != year)
            continue;
        if (key && !strstr(vtext_fold(a, awards_jstr(e, "name") ? awards_jstr(e, "name") : ""), key) &&
            !strstr(vtext_fold(a, awards_jstr(e, "achievement")), key))
            continue;
        if (nl) {
            size_t k = 0;
            while (k < nl && !(awards_jstr(e, "org_unit") && strcmp(awards_jstr(e, "org_unit"), codes[k]) == 0))
                k++;
            if (k == nl)
                continue;
            if (k > 0)
                json_object_set_new(e, "via", json_string(vias[k]));
        }
        json_object_del(e, "achievement_key");
        json_array_append(list, e);
    }
    json_decref(all);
    json_decref(mergers);
    *out = json_pack("{s:o}", "entries", list);
    return TD_OK;
}

/* ---- recorded awards, mergers -------------------------------------------------------- */

td_status awards_history_record(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err)
{
    td_id cid, id = 0;
    json_t *forms = NULL;
    aw_nomination_new n = {.is_demo = is_demo};
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = awards_forms_of(s, cid, &forms, err);
    if (!st)
        st = awards_nominee_read(s, a, cid, body, forms, &n, err);
    json_decref(forms);
    if (!st && !awards_filled(awards_jstr(body, "decision_number")))
        st = td_fail(err, TD_ERR_INPUT, "cần số quyết định khen thưởng");
    if (!st && (!awards_jstr(body, "decision_date") || !date_iso_valid(awards_jstr(body, "decision_date"))))
        st = td_fail(err, TD_ERR_INPUT, "cần ngày quyết định (YYYY-MM-DD)");
    if (!st && !awards_filled(awards_jstr(body, "issuer")))
        st = td_fail(err, TD_ERR_INPUT, "cần cơ quan, người ký quyết định");
    if (!st) {
        st = store_begin(s, err);
        if (!st)
            st = store_aw_record_insert(s, cid, &n, awards_jstr(body, "decision_number"), awards_jstr(body, "decision_date"),
                                        awards_jstr(body, "issuer"), &id, err);
        if (!st)
            st = awards_audit(s, cid, "award.record.create", "award_record", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_t *h = NULL;
    if (!st)
        st = awards_history(s, a, viewer, 0, NULL, NULL, 0, &h, err);
    if (st)
        return st;
    size_t i;
    json_t *e, *found = NULL;
    json_array_foreach(json_object_get(h, "entries"), i, e) if (!strcmp(awards_jstr(e, "source"), "recorded") &&
                                                               !strcmp(awards_jstr(e, "decision_number"),
                                                                       awards_jstr(body, "decision_number")) &&
                                                               !strcmp(awards_jstr(e, "achievement"), n.achievement)) found = e;
    *out = json_pack("{s:O}", "entry", found ? found : json_null());
    json_decref(h);
    return TD_OK;
}

td_status awards_mergers(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_mergers(s, cid, &list, err);
    if (!st)
        *out = json_pack("{s:o}", "mergers", list);
    return st;
}

td_status awards_merger_create(store *s, arena *a, const user *viewer, const json_t *body, json_t **out,
                               td_error *err)
{
    td_id cid, into = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (st)
        return st;
    const char *on = awards_jstr(body, "on");
    const json_t *from = json_object_get(body, "from");
    if (!awards_jstr(body, "into") || store_aw_unit_id(s, cid, awards_jstr(body, "into"), &into, err) != TD_OK)
        return td_fail(err, TD_ERR_INPUT, "cần đơn vị sau hợp nhất");
    if (!on || !date_iso_valid(on))
        return td_fail(err, TD_ERR_INPUT, "cần ngày hợp nhất (YYYY-MM-DD)");
    if (!json_is_array(from) || json_array_size(from) == 0)
        return td_fail(err, TD_ERR_INPUT, "cần các đơn vị trước hợp nhất");
    st = store_begin(s, err);
    size_t i;
    json_t *f;
    json_array_foreach(from, i, f)
    {
        td_id fid = 0;
        if (st)
            break;
        if (!json_string_value(f) || store_aw_unit_id(s, cid, json_string_value(f), &fid, err) != TD_OK)
            st = td_fail(err, TD_ERR_INPUT, "không có đơn vị trước hợp nhất thứ %zu", i + 1);
        else if (fid == into)
            st = td_fail(err, TD_ERR_INPUT, "một đơn vị không hợp nhất vào chính nó");
        else
            st = store_aw_merger_insert(s, fid, into, on, err);
    }
    if (!st)
        st = awards_audit(s, cid, "award.merger.create", "org_unit", into, (json_t *)body, err);
    st = store_finish(s, st, err);
    json_t *list = NULL;
    if (!st)
        st = store_aw_mergers(s, cid, &list, err);
    if (st)
        return st;
    json_t *froms = json_array();
    const char *into_name = NULL;
    json_array_foreach(list, i, f) if (strcmp(awards_jstr(f, "into"), awards_jstr(body, "into")) == 0)
    {
        json_array_append_new(froms, json_pack("{s:O, s:O}", "code", json_object_get(f, "from"), "name",
                                               json_object_get(f, "from_name")));
        into_name = awards_jstr(f, "into_name");
    }
    *out = json_pack("{s:{s:s, s:s, s:o, s:s}}", "merger", "into", awards_jstr(body, "into"), "into_name",
                     into_name ? into_name : "", "from", froms, "on", on);
    json_decref(list);
    (void)a;
    return TD_OK;
}
