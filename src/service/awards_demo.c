/* awards_demo.c — the demo's worked example of the award path; see awards_demo.h. */
#include "awards_demo.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/embedded.h"
#include "service/awards.h"
#include "service/awards_scores.h"
#include "service/awards_persons.h"
#include "service/awards_nominations.h"
#include "service/awards_council.h"
#include "service/awards_decisions.h"
#include "service/awards_public.h"

extern const struct embedded_file awards_demo_data[];

static const char *js(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* The id of the person of that name among those created. */
static td_id person_id(const json_t *ids, const char *name)
{
    return name ? (td_id)json_integer_value(json_object_get(ids, name)) : 0;
}

static td_id id_of(const json_t *out, const char *what)
{
    return (td_id)json_integer_value(json_object_get(json_object_get(out, what), "id"));
}

td_status awards_demo(store *s, td_id plan_id, awards_demo_summary *sum, td_error *err)
{
    memset(sum, 0, sizeof *sum);
    const struct embedded_file *f = awards_demo_data;
    json_error_t je;
    json_t *d = json_loads(f->data, 0, &je);
    if (!d)
        return td_fail(err, TD_ERR_INPUT, "ví dụ khen thưởng minh họa hỏng: %s", je.text);
    arena *a = arena_new();
    json_t *persons = json_object(), *noms = json_object(), *out = NULL;
    td_status st = TD_OK;
    const char *period = js(d, "plan_period");
    snprintf(sum->label, sizeof sum->label, "%s", js(d, "label"));
    /* scoring tables, then the points entered by hand */
    const char *block_code;
    json_t *v;
    json_object_foreach(json_object_get(d, "scoring"), block_code, v)
    {
        if (st)
            break;
        st = awards_scoring_put(s, a, NULL, block_code, v, &out, err);
        json_decref(out);
        out = NULL;
    }
    size_t i;
    json_array_foreach(json_object_get(d, "scores"), i, v)
    {
        if (st)
            break;
        st = awards_score_put(s, a, NULL, plan_id, js(v, "block"), period, v, true, &out, err);
        json_decref(out);
        out = NULL;
    }
    json_array_foreach(json_object_get(d, "persons"), i, v)
    {
        if (st)
            break;
        st = awards_person_create(s, a, NULL, v, true, &out, err);
        if (!st)
            json_object_set_new(persons, js(v, "full_name"), json_integer(id_of(out, "person")));
        json_decref(out);
        out = NULL;
    }
    /* the council */
    td_id council = 0;
    json_t *c = json_object_get(d, "council");
    if (!st) {
        json_t *body = json_pack("{s:O, s:O, s:[]}", "name", json_object_get(c, "name"), "decision_number",
                                 json_object_get(c, "decision_number"), "members");
        json_array_foreach(json_object_get(c, "members"), i, v) json_array_append_new(
            json_object_get(body, "members"),
            json_pack("{s:I, s:s}", "person_id", (json_int_t)person_id(persons, js(v, "person")), "role",
                      js(v, "role")));
        st = awards_council_create(s, a, NULL, body, true, &out, err);
        council = st ? 0 : id_of(out, "council");
        json_decref(body);
        json_decref(out);
        out = NULL;
    }
    /* nominations, each checked and (most) submitted to the council */
    json_t *review = json_array();
    json_array_foreach(json_object_get(d, "nominations"), i, v)
    {
        if (st)
            break;
        json_t *body = json_deep_copy(v);
        if (js(v, "person"))
            json_object_set_new(body, "person_id", json_integer(person_id(persons, js(v, "person"))));
        if (js(v, "block")) {
            json_object_set_new(body, "plan_id", json_integer(plan_id));
            json_object_set_new(body, "period", json_string(period));
        }
        st = awards_nomination_create(s, a, NULL, body, true, &out, err);
        json_decref(body);
        td_id id = st ? 0 : id_of(out, "nomination");
        json_decref(out);
        out = NULL;
        json_object_set_new(noms, js(v, "key"), json_integer(id));
        sum->nominations++;
        if (!st && json_is_true(json_object_get(v, "submit"))) {
            st = awards_nomination_submit(s, a, NULL, id, &out, NULL, err);
            json_decref(out);
            out = NULL;
            json_array_append_new(review, json_integer(id));
        }
    }
    /* the session: those present, the rule, a secret-ballot tally per nomination, closed */
    json_t *ses = json_object_get(d, "session");
    td_id session = 0;
    if (!st) {
        json_t *present = json_array();
        json_array_foreach(json_object_get(c, "members"), i, v)
        {
            bool absent = false;
            size_t k;
            json_t *x;
            json_array_foreach(json_object_get(ses, "absent"), k, x) absent |=
                strcmp(json_string_value(x), js(v, "person")) == 0;
            if (!absent)
                json_array_append_new(present, json_integer(person_id(persons, js(v, "person"))));
        }
        json_t *body = json_pack("{s:I, s:O, s:O, s:o, s:O, s:O}", "council_id", (json_int_t)council, "held_on",
                                 json_object_get(ses, "held_on"), "place", json_object_get(ses, "place"), "present",
                                 present, "rule", json_object_get(ses, "rule"), "nominations", review);
        st = awards_session_create(s, a, NULL, body, true, &out, err);
        session = st ? 0 : id_of(out, "session");
        json_decref(body);
        json_decref(out);
        out = NULL;
    }
    json_array_foreach(json_object_get(d, "nominations"), i, v)
    {
        json_t *t = json_object_get(v, "vote");
        if (st || !t)
            continue;
        json_t *body = json_pack("{s:O, s:O, s:O, s:O}", "nomination_id", json_object_get(noms, js(v, "key")), "yes",
                                 json_array_get(t, 0), "no", json_array_get(t, 1), "abstain", json_array_get(t, 2));
        st = awards_session_vote(s, a, NULL, session, body, &out, err);
        json_decref(body);
        json_decref(out);
        out = NULL;
    }
    if (!st) {
        st = awards_session_close(s, a, NULL, session, &out, err);
        json_decref(out);
        out = NULL;
    }
    /* the chairman's decision, issued */
    json_t *dec = json_object_get(d, "decision");
    td_id decision_id = 0;
    if (!st) {
        json_t *body = json_pack("{s:O, s:O, s:O, s:O, s:[]}", "title", json_object_get(dec, "title"), "signer",
                                 json_object_get(dec, "signer"), "signer_title", json_object_get(dec, "signer_title"),
                                 "year", json_object_get(dec, "year"), "nominations");
        json_array_foreach(json_object_get(dec, "awardees"), i, v) json_array_append(
            json_object_get(body, "nominations"), json_object_get(noms, json_string_value(v)));
        sum->awardees = json_array_size(json_object_get(dec, "awardees"));
        st = awards_decision_create(s, a, NULL, body, true, &out, err);
        decision_id = st ? 0 : id_of(out, "decision");
        json_decref(body);
        json_decref(out);
        out = NULL;
    }
    if (!st) {
        st = awards_decision_issue(s, a, NULL, decision_id, js(dec, "signed_on"), &out, err);
        if (!st)
            snprintf(sum->decision_number, sizeof sum->decision_number, "%s",
                     js(json_object_get(out, "decision"), "number"));
        json_decref(out);
        out = NULL;
    }
    /* history from before thidua, good examples, the public window */
    json_array_foreach(json_object_get(d, "records"), i, v)
    {
        if (st)
            break;
        st = awards_history_record(s, a, NULL, v, true, &out, err);
        json_decref(out);
        out = NULL;
    }
    json_array_foreach(json_object_get(d, "stories"), i, v)
    {
        if (st)
            break;
        json_t *body = json_deep_copy(v);
        if (js(v, "person"))
            json_object_set_new(body, "person_id", json_integer(person_id(persons, js(v, "person"))));
        if (json_is_true(json_object_get(v, "decision")))
            json_object_set_new(body, "decision_id", json_integer(decision_id));
        else
            json_object_del(body, "decision");
        st = awards_story_create(s, a, NULL, body, true, &out, err);
        td_id id = st ? 0 : id_of(out, "story");
        json_decref(body);
        json_decref(out);
        out = NULL;
        if (!st)
            st = awards_story_publish(s, a, NULL, id, true, &out, err);
        json_decref(out);
        out = NULL;
    }
    if (!st) {
        st = awards_disclosure_put(s, a, NULL, json_object_get(d, "disclosure"), &out, err);
        json_decref(out);
    }
    if (st)
        td_error_prefix(err, "ví dụ khen thưởng minh họa");
    json_decref(persons);
    json_decref(noms);
    json_decref(review);
    json_decref(d);
    arena_free(a);
    return st;
}
