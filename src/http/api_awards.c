/* api_awards.c — the API of emulation and awards (issue 16): scoring and ranking, the catalogue,
 * persons, nominations with their checks and files, the council, decisions with their
 * certificates and DOCX, history, the public page and the good examples; see router.h and
 * docs/api.md ("Awards"). Handlers read parameters and call the service/awards_*.h modules; the services
 * decide who sees what (the account's commune). */
#include "router.h"

#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vtext.h"
#include "service/awards.h"
#include "service/awards_scores.h"
#include "service/awards_persons.h"
#include "service/awards_nominations.h"
#include "service/awards_council.h"
#include "service/awards_decisions.h"
#include "service/awards_public.h"
#include "service/awards_docs.h"
#include "service/certificate.h"

/* Sends a service's answer: *out with status ok, or the failure. out is passed by address
 * because the call that fills it is an argument of the same call, evaluated in no set order. */
static void answer(request *r, td_status st, const td_error *err, json_t **out, int ok)
{
    if (st)
        send_status(r, st, err);
    else
        send_json(r, ok, *out);
}

/* The {param} at i as an id (answers 404 itself). */
static bool id_at(request *r, int i, td_id *id)
{
    return param_id(r, i, id);
}

#define AWARDS_ID_MAX 2147483647L

/* Sends bytes as a download (router.c's send_file), its name folded to ASCII for the header: a
 * dossier file's name may be Vietnamese. */
static void send_download(request *r, const char *type, const char *name, const void *data, size_t len)
{
    char *plain = vtext_fold(r->a, name);
    for (char *p = plain; p && *p; p++)
        if ((unsigned char)*p >= 0x80 || *p == '"' || *p == '\\')
            *p = '_';
    send_file(r, type, plain, data, len);
}

/* The shapes of most awards routes: a list of the commune, a body that creates (demo: false) or
 * changes, one record by its id, one record with a body. */
typedef td_status (*list_fn)(store *, arena *, const user *, json_t **, td_error *);
typedef td_status (*create_fn)(store *, arena *, const user *, const json_t *, bool, json_t **, td_error *);
typedef td_status (*body_fn)(store *, arena *, const user *, const json_t *, json_t **, td_error *);
typedef td_status (*one_fn)(store *, arena *, const user *, td_id, json_t **, td_error *);
typedef td_status (*id_body_fn)(store *, arena *, const user *, td_id, const json_t *, json_t **, td_error *);

static void list_of(request *r, list_fn fn)
{
    td_error err = {0};
    json_t *out = NULL;
    td_status st = fn(r->store, r->a, &r->user, &out, &err);
    answer(r, st, &err, &out, 200);
}

static void create(request *r, create_fn fn)
{
    td_error err = {0};
    json_t *out = NULL, *body = body_object(r);
    if (!body)
        return;
    td_status st = fn(r->store, r->a, &r->user, body, false, &out, &err);
    answer(r, st, &err, &out, 201);
    json_decref(body);
}

static void with_body(request *r, body_fn fn, int ok)
{
    td_error err = {0};
    json_t *out = NULL, *body = body_object(r);
    if (!body)
        return;
    td_status st = fn(r->store, r->a, &r->user, body, &out, &err);
    answer(r, st, &err, &out, ok);
    json_decref(body);
}

static void one(request *r, one_fn fn)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL;
    if (!id_at(r, 0, &id))
        return;
    td_status st = fn(r->store, r->a, &r->user, id, &out, &err);
    answer(r, st, &err, &out, 200);
}

static void one_with_body(request *r, id_body_fn fn)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL, *body;
    if (!id_at(r, 0, &id) || !(body = body_object(r)))
        return;
    td_status st = fn(r->store, r->a, &r->user, id, body, &out, &err);
    answer(r, st, &err, &out, 200);
    json_decref(body);
}

/* A Word document of a record, as a download. */
typedef td_status (*doc_fn)(store *, arena *, const user *, td_id, char **, size_t *, const char **, td_error *);

static void send_doc(request *r, doc_fn fn)
{
    td_id id;
    td_error err = {0};
    char *data = NULL;
    size_t len = 0;
    const char *name = NULL;
    if (!id_at(r, 0, &id))
        return;
    td_status st = fn(r->store, r->a, &r->user, id, &data, &len, &name, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_download(r, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name, data, len);
}

/* ---- scoring ---- */

void get_award_blocks(request *r)
{
    list_of(r, awards_blocks);
}

void put_award_scoring(request *r)
{
    td_error err = {0};
    json_t *out = NULL, *body = body_object(r);
    if (!body)
        return;
    answer(r, awards_scoring_put(r->store, r->a, &r->user, r->params[0], body, &out, &err), &err, &out, 200);
    json_decref(body);
}

void get_award_scores(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL;
    if (!id_at(r, 0, &id))
        return;
    answer(r, awards_scores(r->store, r->a, &r->user, id, query(r, "block"), query(r, "period"), &out, &err), &err,
           &out, 200);
}

void put_award_score(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL, *body;
    if (!id_at(r, 0, &id) || !(body = body_object(r)))
        return;
    answer(r,
           awards_score_put(r->store, r->a, &r->user, id, query(r, "block"), query(r, "period"), body, false, &out,
                            &err),
           &err, &out, 200);
    json_decref(body);
}

/* ---- catalogue, persons, history, mergers ---- */

void get_award_catalogue(request *r)
{
    list_of(r, awards_catalogue);
}

void put_award_form(request *r)
{
    td_error err = {0};
    json_t *out = NULL, *body = body_object(r);
    if (!body)
        return;
    answer(r, awards_form_put(r->store, r->a, &r->user, r->params[0], body, &out, &err), &err, &out, 200);
    json_decref(body);
}

void get_award_persons(request *r)
{
    td_error err = {0};
    json_t *out = NULL;
    answer(r, awards_persons(r->store, r->a, &r->user, query(r, "q"), query(r, "org_unit"), &out, &err), &err, &out,
           200);
}

void post_award_person(request *r)
{
    create(r, awards_person_create);
}

/* A CSV cell: quoted when it holds a separator, a quote or a line break. */
static const char *csv_cell(arena *a, const char *s)
{
    if (!s)
        return "";
    if (!strpbrk(s, ",\"\r\n"))
        return s;
    char *out = arena_alloc(a, strlen(s) * 2 + 3), *o = out;
    *o++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *o++ = '"';
        *o++ = *s;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

void get_award_history(request *r)
{
    td_error err = {0};
    json_t *out = NULL;
    long person_id, year;
    if (!query_number(r, "person", 1, AWARDS_ID_MAX, &person_id) || !query_number(r, "year", 1900, 2100, &year))
        return;
    td_status st = awards_history(r->store, r->a, &r->user, (td_id)person_id, query(r, "org_unit"), query(r, "q"), year,
                                  &out, &err);
    const char *format = query(r, "format");
    if (st || !format || strcmp(format, "csv") != 0) {
        answer(r, st, &err, &out, 200);
        return;
    }
    /* the same columns, for a spreadsheet: a BOM so that Excel reads UTF-8 */
    struct evbuffer *b = evbuffer_new();
    evbuffer_add_printf(b, "\xEF\xBB\xBFHọ tên / tập thể,Đơn vị,Hình thức,Năm,Thành tích,Số quyết định,Ngày quyết "
                           "định,Cơ quan quyết định,Trạng thái,Lý do thu hồi\r\n");
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(out, "entries"), i, e)
    {
        const char *cells[] = {json_string_value(json_object_get(e, "name")),
                               json_string_value(json_object_get(e, "org_unit_name")),
                               json_string_value(json_object_get(e, "form_name")),
                               arena_printf(r->a, "%lld", (long long)json_integer_value(json_object_get(e, "year"))),
                               json_string_value(json_object_get(e, "achievement")),
                               json_string_value(json_object_get(e, "decision_number")),
                               json_string_value(json_object_get(e, "decision_date_text")),
                               json_string_value(json_object_get(e, "issuer")),
                               strcmp(json_string_value(json_object_get(e, "status")), "revoked") == 0 ? "Đã thu hồi"
                                                                                                        : "Đã khen",
                               json_string_value(json_object_get(e, "revoked_reason"))};
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++)
            evbuffer_add_printf(b, "%s%s", k ? "," : "", csv_cell(r->a, cells[k]));
        evbuffer_add(b, "\r\n", 2);
    }
    json_decref(out);
    size_t len = evbuffer_get_length(b);
    char *data = arena_alloc(r->a, len + 1);
    evbuffer_remove(b, data, len);
    evbuffer_free(b);
    send_download(r, "text/csv; charset=utf-8", "lich-su-khen-thuong.csv", data, len);
}

void post_award_history(request *r)
{
    create(r, awards_history_record);
}

void get_award_mergers(request *r)
{
    list_of(r, awards_mergers);
}

void post_award_merger(request *r)
{
    with_body(r, awards_merger_create, 201);
}

/* ---- nominations ---- */

void get_award_nominations(request *r)
{
    td_error err = {0};
    json_t *out = NULL;
    long year, session;
    if (!query_number(r, "year", 1900, 2100, &year) || !query_number(r, "session", 1, AWARDS_ID_MAX, &session))
        return;
    answer(r, awards_nominations(r->store, r->a, &r->user, query(r, "status"), year, (td_id)session, &out, &err), &err,
           &out, 200);
}

void post_award_nomination(request *r)
{
    create(r, awards_nomination_create);
}

void get_award_nomination(request *r)
{
    one(r, awards_nomination_get);
}

void post_award_nomination_action(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL, *details = NULL;
    if (!id_at(r, 0, &id))
        return;
    const char *action = r->params[1];
    td_status st;
    if (strcmp(action, "submit") == 0)
        st = awards_nomination_submit(r->store, r->a, &r->user, id, &out, &details, &err);
    else if (strcmp(action, "withdraw") == 0)
        st = awards_nomination_withdraw(r->store, r->a, &r->user, id, &out, &err);
    else {
        send_error(r, 404, "not_found", "không có thao tác này; có: submit, withdraw");
        return;
    }
    if (st)
        send_status_details(r, st, &err, details);
    else
        send_json(r, 200, out);
}

void post_award_file(request *r)
{
    td_id id;
    if (!id_at(r, 0, &id))
        return;
    struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
    size_t n = evbuffer_get_length(in);
    const unsigned char *data = n ? evbuffer_pullup(in, -1) : (const unsigned char *)"";
    const char *type = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");
    td_error err = {0};
    json_t *out = NULL;
    evidence_problem problem = EVIDENCE_OK;
    td_status st = awards_file_attach(r->store, r->a, &r->user, id, query(r, "kind") ? query(r, "kind") : "khac",
                                      query(r, "name"), type, data, n, &out, &problem, &err);
    if (st == TD_ERR_INPUT && problem == EVIDENCE_TOO_LARGE)
        send_error(r, 413, "too_large", err.msg);
    else if (st == TD_ERR_INPUT && problem == EVIDENCE_BAD_TYPE)
        send_error(r, 415, "unsupported_type", err.msg);
    else
        answer(r, st, &err, &out, 201);
}

void get_award_file(request *r)
{
    td_id id;
    td_error err = {0};
    const char *name, *type;
    const void *bytes;
    size_t size;
    if (!id_at(r, 0, &id))
        return;
    td_status st = awards_file_read(r->store, r->a, &r->user, id, &name, &type, &bytes, &size, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_download(r, type, name, bytes, size);
}

/* ---- council ---- */

void get_award_councils(request *r)
{
    list_of(r, awards_councils);
}

void post_award_council(request *r)
{
    create(r, awards_council_create);
}

void get_award_sessions(request *r)
{
    list_of(r, awards_sessions);
}

void post_award_session(request *r)
{
    create(r, awards_session_create);
}

void get_award_session(request *r)
{
    one(r, awards_session_get);
}

void put_award_votes(request *r)
{
    one_with_body(r, awards_session_vote);
}

void post_award_session_close(request *r)
{
    one(r, awards_session_close);
}

void get_award_minutes(request *r)
{
    send_doc(r, awards_minutes_docx);
}

/* ---- decisions ---- */

void get_award_decisions(request *r)
{
    list_of(r, awards_decisions);
}

void post_award_decision(request *r)
{
    create(r, awards_decision_create);
}

void get_award_decision(request *r)
{
    one(r, awards_decision_get);
}

void post_award_decision_action(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL, *body;
    if (!id_at(r, 0, &id))
        return;
    const char *action = r->params[1];
    bool issue = strcmp(action, "issue") == 0;
    if (!issue && strcmp(action, "revoke") != 0) {
        send_error(r, 404, "not_found", "không có thao tác này; có: issue, revoke");
        return;
    }
    if (!(body = body_object(r)))
        return;
    td_status st = issue ? awards_decision_issue(r->store, r->a, &r->user, id,
                                                 json_string_value(json_object_get(body, "signed_on")), &out, &err)
                         : awards_decision_revoke(r->store, r->a, &r->user, id, body, &out, &err);
    answer(r, st, &err, &out, 200);
    json_decref(body);
}

/* GET …/decisions/{id}/certificates.pdf[?nomination=ID]: the Giấy khen. */
void get_award_certificates(request *r)
{
    td_id id;
    td_error err = {0};
    char *data = NULL;
    size_t len = 0;
    const char *name = NULL;
    long nomination_id;
    if (!id_at(r, 0, &id) || !query_number(r, "nomination", 1, AWARDS_ID_MAX, &nomination_id))
        return;
    td_status st = certificate_decision(r->store, r->a, &r->user, id, (td_id)nomination_id, &data, &len, &name, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_download(r, "application/pdf", name, data, len);
}

/* GET …/decisions/{id}/decision.docx: the decision in the official layout. */
void get_award_decision_docx(request *r)
{
    send_doc(r, awards_decision_docx);
}

/* ---- disclosure, stories, public ---- */

void get_award_disclosure(request *r)
{
    list_of(r, awards_disclosure);
}

void put_award_disclosure(request *r)
{
    with_body(r, awards_disclosure_put, 200);
}

void get_award_stories(request *r)
{
    list_of(r, awards_stories);
}

void post_award_story(request *r)
{
    create(r, awards_story_create);
}

void post_award_story_action(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL;
    if (!id_at(r, 0, &id))
        return;
    const char *action = r->params[1];
    bool publish = strcmp(action, "publish") == 0;
    if (!publish && strcmp(action, "unpublish") != 0) {
        send_error(r, 404, "not_found", "không có thao tác này; có: publish, unpublish");
        return;
    }
    answer(r, awards_story_publish(r->store, r->a, &r->user, id, publish, &out, &err), &err, &out, 200);
}

void get_public_awards(request *r)
{
    td_error err = {0};
    json_t *out = NULL;
    answer(r, awards_public(r->store, r->a, r->params[0], &out, &err), &err, &out, 200);
}

/* ---- changes to what is still open ---- */

/* PATCH /api/v1/awards/{persons|nominations|stories}/{id}: the fields sent change. */

void patch_award_person(request *r)
{
    one_with_body(r, awards_person_update);
}

void patch_award_nomination(request *r)
{
    one_with_body(r, awards_nomination_update);
}

void patch_award_story(request *r)
{
    one_with_body(r, awards_story_update);
}

/* GET /api/v1/public/communes: the communes' public pages, for the log-in page's links. */
void get_public_communes(request *r)
{
    td_error err = {0};
    json_t *out = NULL;
    td_status st = awards_public_communes(r->store, r->a, &out, &err);
    answer(r, st, &err, &out, 200);
}

/* DELETE /api/v1/awards/decisions/{id}: a draft made by mistake. */
void delete_award_decision(request *r)
{
    td_id id;
    td_error err = {0};
    if (!id_at(r, 0, &id))
        return;
    td_status st = awards_decision_discard(r->store, r->a, &r->user, id, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_body(r, 204, NULL, 0, NULL);
}

/* GET /api/v1/awards/sessions/{id}/proposal.docx: the council's tờ trình to the chairman. */
void get_award_proposal(request *r)
{
    send_doc(r, awards_proposal_docx);
}
