/* awards_public.c — the disclosure window, the good examples (stories), and the public
 * page, which carries no birth year, gender, position or person id. */
#include "awards_public.h"

#include <stdio.h>
#include <string.h>

#include "core/period.h"
#include "service/awards_decisions.h"
#include "service/awards_internal.h"
#include "service/awards_nominations.h"
#include "service/vnclock.h"

td_status awards_disclosure(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *d = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_disclosure(s, cid, &d, err);
    if (st)
        return st;
    if (!d) {
        /* never set: this year, nominations under review shown */
        char today[11];
        vnclock_today(today);
        d = json_pack("{s:s, s:s, s:b}", "from", arena_printf(a, "%.4s-01-01", today), "to",
                      arena_printf(a, "%.4s-12-31", today), "show_review", 1);
    }
    *out = json_pack("{s:o}", "disclosure", d);
    return TD_OK;
}

td_status awards_disclosure_put(store *s, arena *a, const user *viewer, const json_t *body, json_t **out,
                                td_error *err)
{
    td_id cid;
    td_status st = awards_commune(s, viewer, &cid, err);
    const char *from = awards_jstr(body, "from"), *to = awards_jstr(body, "to");
    if (!st && (!from || !to || !date_iso_valid(from) || !date_iso_valid(to) || strcmp(from, to) > 0))
        st = td_fail(err, TD_ERR_INPUT, "cần khoảng thời gian công khai: từ ngày, đến ngày (từ ngày không sau đến ngày)");
    if (!st) {
        st = store_begin(s, err);
        if (!st)
            st = store_aw_disclosure_put(s, cid, from, to, !json_is_false(json_object_get(body, "show_review")), err);
        if (!st)
            st = awards_audit(s, cid, "award.disclosure.set", "commune", cid, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_disclosure(s, a, viewer, out, err);
}

static const char *story_kind_label(const char *kind)
{
    return kind && strcmp(kind, "model") == 0 ? "Mô hình mới, cách làm hay" : "Gương người tốt, việc tốt";
}

static void stories_labelled(json_t *list)
{
    size_t i;
    json_t *t;
    json_array_foreach(list, i, t) json_object_set_new(t, "kind_label", json_string(story_kind_label(awards_jstr(t, "kind"))));
}

td_status awards_stories(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_stories(s, cid, 0, &list, err);
    if (st)
        return st;
    stories_labelled(list);
    *out = json_pack("{s:o}", "stories", list);
    return TD_OK;
}

static td_status story_one(store *s, td_id cid, td_id id, json_t **out, td_error *err)
{
    json_t *list = NULL;
    td_status st = store_aw_stories(s, cid, id, &list, err);
    if (!st && json_array_size(list) == 0)
        st = awards_not_found(err, "bài viết", id);
    if (!st) {
        stories_labelled(list);
        *out = json_pack("{s:O}", "story", json_array_get(list, 0));
    }
    json_decref(list);
    return st;
}

td_status awards_story_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                              json_t **out, td_error *err)
{
    (void)a;
    td_id cid, id = 0, pid = 0, uid = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (st)
        return st;
    if (!awards_one_of(awards_jstr(body, "kind"), (const char *const[]){"good_deed", "model", NULL}))
        return td_fail(err, TD_ERR_INPUT, "loại bài phải là gương người tốt, việc tốt hoặc mô hình mới, cách làm hay");
    if (!awards_filled(awards_jstr(body, "title")) || strlen(awards_jstr(body, "title")) > 300)
        return td_fail(err, TD_ERR_INPUT, "cần tiêu đề (không quá 300 ký tự)");
    if (!awards_filled(awards_jstr(body, "body")) || strlen(awards_jstr(body, "body")) > 20000)
        return td_fail(err, TD_ERR_INPUT, "cần nội dung (không quá 20.000 ký tự)");
    if (json_is_integer(json_object_get(body, "person_id"))) {
        json_t *p = NULL;
        pid = (td_id)awards_jint(body, "person_id");
        st = store_aw_persons(s, cid, pid, &p, err);
        bool ok = !st && json_array_size(p) == 1;
        json_decref(p);
        if (!ok)
            return st ? st : td_fail(err, TD_ERR_INPUT, "không có cá nhân này trong danh sách của xã");
    }
    if (awards_jstr(body, "org_unit") && store_aw_unit_id(s, cid, awards_jstr(body, "org_unit"), &uid, err) != TD_OK)
        return td_fail(err, TD_ERR_INPUT, "không có đơn vị \"%s\"", awards_jstr(body, "org_unit"));
    if (json_is_integer(json_object_get(body, "decision_id"))) {
        json_t *d = NULL;
        st = store_aw_decisions(s, cid, (td_id)awards_jint(body, "decision_id"), &d, err);
        bool ok = !st && json_array_size(d) == 1;
        json_decref(d);
        if (!ok)
            return st ? st : td_fail(err, TD_ERR_INPUT, "không có quyết định này");
    }
    st = store_begin(s, err);
    if (!st)
        st = store_aw_story_insert(s, cid, body, pid, uid, is_demo, &id, err);
    if (!st)
        st = awards_audit(s, cid, "award.story.create", "story", id, NULL, err);
    st = store_finish(s, st, err);
    return st ? st : story_one(s, cid, id, out, err);
}

td_status awards_story_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                              td_error *err)
{
    (void)a;
    td_id cid;
    json_t *cur = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = story_one(s, cid, id, &cur, err);
    if (st)
        return st;
    const json_t *t = json_object_get(cur, "story");
    const char *kind = awards_jstr(body, "kind") ? awards_jstr(body, "kind") : awards_jstr(t, "kind");
    const char *title = awards_jstr(body, "title") ? awards_jstr(body, "title") : awards_jstr(t, "title");
    const char *text = awards_jstr(body, "body") ? awards_jstr(body, "body") : awards_jstr(t, "body");
    if (!awards_one_of(kind, (const char *const[]){"good_deed", "model", NULL}))
        st = td_fail(err, TD_ERR_INPUT, "loại bài phải là gương người tốt, việc tốt hoặc mô hình mới, cách làm hay");
    else if (!awards_filled(title) || strlen(title) > 300)
        st = td_fail(err, TD_ERR_INPUT, "cần tiêu đề (không quá 300 ký tự)");
    else if (!awards_filled(text) || strlen(text) > 20000)
        st = td_fail(err, TD_ERR_INPUT, "cần nội dung (không quá 20.000 ký tự)");
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_story_update(s, cid, id, kind, title, text, err);
        if (!st)
            st = awards_audit(s, cid, "award.story.update", "story", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(cur);
    return st ? st : story_one(s, cid, id, out, err);
}

td_status awards_story_publish(store *s, arena *a, const user *viewer, td_id id, bool publish, json_t **out,
                               td_error *err)
{
    (void)a;
    td_id cid;
    char today[11];
    vnclock_today(today);
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_story_publish(s, cid, id, publish ? today : NULL, err);
        if (st == TD_ERR_NOTFOUND)
            st = awards_not_found(err, "bài viết", id);
        if (!st)
            st = awards_audit(s, cid, publish ? "award.story.publish" : "award.story.unpublish", "story", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st ? st : story_one(s, cid, id, out, err);
}

/* ---- the public page -------------------------------------------------------------------- */

td_status awards_public_communes(store *s, arena *a, json_t **out, td_error *err)
{
    commune *c = NULL;
    size_t n = 0;
    td_status st = store_communes_list(s, a, &c, &n, err);
    if (st)
        return st;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s}", "code", c[i].code, "name", c[i].name));
    *out = json_pack("{s:o}", "communes", list);
    return TD_OK;
}

/* Only what may be public: a name, a unit, a form and an achievement (never ids of persons,
 * gender, year of birth, job title, files, tallies or check results). */
static json_t *public_awardee(const json_t *n)
{
    return json_pack("{s:O, s:O, s:O, s:O, s:O}", "name", json_object_get(n, "name"), "org_unit_name",
                     json_object_get(n, "org_unit_name"), "form_name", json_object_get(n, "form_name"),
                     "achievement", json_object_get(n, "achievement"), "year", json_object_get(n, "year"));
}

td_status awards_public(store *s, arena *a, const char *commune_code, json_t **out, td_error *err)
{
    json_t *info = NULL;
    td_status st = store_aw_commune(s, commune_code, 0, &info, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, st, "không có xã \"%s\"", commune_code ? commune_code : "");
    if (st)
        return st;
    /* the public sees what the commune's office would: act as the commune, read-only */
    user office = {.role = ROLE_VIEWER, .commune_id = (td_id)awards_jint(info, "id"), .username = "public"};
    json_t *disc = NULL, *noms = NULL, *decs = NULL, *stories = NULL;
    st = awards_disclosure(s, a, &office, &disc, err);
    if (!st)
        st = awards_nominations(s, a, &office, "in_review", 0, 0, &noms, err);
    if (!st)
        st = awards_decisions(s, a, &office, &decs, err);
    if (!st)
        st = awards_stories(s, a, &office, &stories, err);
    json_t *review = json_array(), *decisions = json_array(), *published = json_array();
    if (!st) {
        json_t *d = json_object_get(disc, "disclosure");
        const char *from = awards_jstr(d, "from"), *to = awards_jstr(d, "to");
        size_t i;
        json_t *o;
        if (json_is_true(json_object_get(d, "show_review")))
            json_array_foreach(json_object_get(noms, "nominations"), i, o) json_array_append_new(review,
                                                                                                 public_awardee(o));
        json_array_foreach(json_object_get(decs, "decisions"), i, o)
        {
            const char *on = awards_jstr(o, "signed_on");
            if (strcmp(awards_jstr(o, "status"), "draft") == 0 || !on || strcmp(on, from) < 0 || strcmp(on, to) > 0)
                continue;
            json_t *list = json_array();
            size_t k;
            json_t *aw;
            json_array_foreach(json_object_get(o, "awardees"), k, aw)
            {
                json_t *p = public_awardee(aw);
                json_object_set(p, "revoked", json_object_get(aw, "revoked"));
                json_array_append_new(list, p);
            }
            json_array_append_new(decisions,
                                  json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:o}", "number", json_object_get(o, "number"),
                                            "signed_on", json_object_get(o, "signed_on"), "signed_on_text",
                                            json_object_get(o, "signed_on_text"), "title", json_object_get(o, "title"),
                                            "status", json_object_get(o, "status"), "revoked_reason",
                                            json_object_get(o, "revoked_reason"), "awardees", list));
        }
        json_array_foreach(json_object_get(stories, "stories"), i, o)
        {
            if (strcmp(awards_jstr(o, "status"), "published") != 0)
                continue;
            json_array_append_new(published,
                                  json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(o, "id"),
                                            "title", json_object_get(o, "title"), "kind", json_object_get(o, "kind"),
                                            "kind_label", json_object_get(o, "kind_label"), "body",
                                            json_object_get(o, "body"), "published_on",
                                            json_object_get(o, "published_on"), "name", json_object_get(o, "name"),
                                            "org_unit_name", json_object_get(o, "org_unit_name")));
        }
        *out = json_pack("{s:{s:O, s:O}, s:O, s:o, s:o, s:o}", "commune", "code", json_object_get(info, "code"), "name",
                         json_object_get(info, "name"), "disclosure", d, "under_review", review, "decisions",
                         decisions, "stories", published);
    } else {
        json_decref(review);
        json_decref(decisions);
        json_decref(published);
    }
    json_decref(info);
    json_decref(disc);
    json_decref(noms);
    json_decref(decs);
    json_decref(stories);
    return st;
}
