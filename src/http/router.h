/* router.h — what the API's resource files share (internal to src/http): the request being
 * answered, the route table's shape, and the helpers that read a request and send an answer.
 *
 * router.c holds the route table, matches a path to a route, decides who is calling and sends
 * every error; each api_<resource>.c holds the handlers of one resource. A handler reads its
 * parameters, calls services and serializes what they return; it never decides who may see a
 * record (the services' policy does) and never calls the store. */
#ifndef TD_HTTP_ROUTER_H
#define TD_HTTP_ROUTER_H

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/model.h"
#include "service/records.h"

typedef struct request {
    struct evhttp_request *req;
    store *store;
    arena *a;
    const char *path;
    struct evkeyvalq query;
    const char *params[4]; /* the {param} parts of the path, in order */
    int n_params;
    bool authenticated;
    user user;
    const char *csrf;   /* the session's CSRF token; NULL for a bearer token */
    const char *cookie; /* the session cookie as sent */
    int status;         /* the HTTP status sent, for /metrics */
} request;

typedef void (*handler)(request *r);

/* ---- answers (router.c) -------------------------------------------------------------------- */

/* A JSON body (or none) with the headers every API answer carries, compressed when the client
 * accepts it and the body is large enough (compress.h). */
void send_body(request *r, int status, const char *body, size_t len, const char *etag);
/* buf (already in coding, "gzip"/"br", or NULL) as a JSON answer with those headers. */
void send_buffer(request *r, int status, const char *etag, const char *coding, struct evbuffer *buf);
/* Sends v (and releases it). */
void send_json(request *r, int status, json_t *v);
/* {"error": {"code", "message", "details": null}} */
void send_error(request *r, int status, const char *code, const char *message);
/* A service's failure as its HTTP answer, through the one table of router.c. */
void send_status(request *r, td_status st, const td_error *err);
/* The same with details (released): a list of problems, for instance. */
void send_status_details(request *r, td_status st, const td_error *err, json_t *details);
/* Sends a file to download: its media type, an ASCII file name (Content-Disposition: attachment),
 * never cached by a shared cache. */
void send_file(request *r, const char *type, const char *name, const char *data, size_t len);
/* Sends items one page at a time (?limit=&offset=), with the total: every list pages. */
void send_page(request *r, json_t *items);

/* ---- reading a request (router.c) ------------------------------------------------------------ */

/* The i-th {param} as a positive id; answers 404 itself. */
bool param_id(request *r, int i, td_id *id);
/* A query value, NULL when absent or empty. */
const char *query(request *r, const char *key);
/* ?limit=&offset= with defaults and bounds; answers 422 itself. */
bool paging(request *r, long *limit, long *offset);
/* ?key= as a whole number from min to max (absent: 0); false once it has answered 422. */
bool query_number(request *r, const char *key, long min, long max, long *out);
/* The body's bytes, copied into the request's arena and ended with a NUL. */
char *body_bytes(request *r, size_t *len);
/* The body as one JSON object; answers 400 (with the position) or 422 itself and returns NULL. */
json_t *body_object(request *r);
/* A JSON scalar as the text a CSV cell would hold: numbers the Vietnamese way. */
const char *scalar_text(request *r, json_t *v);
/* The media type of the body, without parameters ("text/plain; charset=utf-8" → "text/plain"). */
bool body_is(request *r, const char *type);
/* The security headers every answer carries (Content-Security-Policy and the rest). */
void api_add_security_headers(struct evkeyvalq *h);
/* Whether the session cookie carries Secure: serve --secure-cookies, or X-Forwarded-Proto: https. */
bool cookie_secure(request *r);

/* ---- shared between resources ------------------------------------------------------------------ */

json_t *user_json(const user *u);                                        /* api_accounts.c */
void values_add_files(request *r, const value_filter *f, json_t *items); /* api_evidence.c */

/* ---- the handlers, by resource file --------------------------------------------------------- */

/* api_meta.c */
void get_health(request *r);
void get_openapi(request *r);
/* api_auth.c */
void post_login(request *r);
void post_logout(request *r);
void get_me(request *r);
void post_password(request *r);
/* api_plans.c */
void get_communes(request *r);
void get_plans(request *r);
void get_plan(request *r);
void post_plan(request *r);
void get_plan_file(request *r);
void put_plan_file(request *r);
void get_tasks(request *r);
void get_org_units(request *r);
void get_blocks(request *r);
void get_indicators(request *r);
/* api_values.c */
void get_values(request *r);
void put_values(request *r);
void post_transition(request *r);
void get_unit_targets(request *r);
void put_unit_target(request *r);
void delete_unit_target(request *r);
/* api_evaluation.c */
void get_evaluation(request *r);
void get_completeness(request *r);
void get_unit_matrix(request *r);
void get_history(request *r);

void get_report_draft(request *r); /* api_reports.c */
void put_report_draft(request *r);
void post_report_issue(request *r);
void get_documents(request *r);
void get_document_docx(request *r);
void get_export(request *r);       /* api_exports.c */
void post_values_xlsx(request *r);
/* api_audit.c */
void get_audit(request *r);
void get_audit_actions(request *r);
/* api_accounts.c */
void get_users(request *r);
void post_user(request *r);
void patch_user(request *r);
void post_reset_password(request *r);
/* api_evidence.c */
void post_evidence(request *r);
void get_evidence(request *r);
void get_report_docx(request *r); /* api_reports.c */
void get_city_communes(request *r); /* api_city.c */
void get_city_rollup(request *r);
void get_city_reports(request *r);
void delete_evidence(request *r);
/* api_reminders.c */
void get_reminders(request *r);
void get_reminder_banner(request *r);
void get_reminder_log(request *r);
void post_reminders_send(request *r);
void get_reminder_schedule(request *r);
void put_reminder_schedule(request *r);
void get_smtp(request *r);
void put_smtp(request *r);
void get_contacts(request *r);
void put_contact(request *r);
/* api_targets.c */
void post_target_preview(request *r);
void post_extract(request *r);


/* api_awards.c — emulation and awards (issue 16) */
void get_award_blocks(request *r);
void put_award_scoring(request *r);
void get_award_scores(request *r);
void put_award_score(request *r);
void get_award_catalogue(request *r);
void put_award_form(request *r);
void get_award_persons(request *r);
void post_award_person(request *r);
void get_award_history(request *r);
void post_award_history(request *r);
void get_award_mergers(request *r);
void post_award_merger(request *r);
void get_award_nominations(request *r);
void post_award_nomination(request *r);
void get_award_nomination(request *r);
void post_award_nomination_action(request *r);
void post_award_file(request *r);
void get_award_file(request *r);
void get_award_councils(request *r);
void post_award_council(request *r);
void get_award_sessions(request *r);
void post_award_session(request *r);
void get_award_session(request *r);
void put_award_votes(request *r);
void post_award_session_close(request *r);
void get_award_minutes(request *r);
void get_award_decisions(request *r);
void post_award_decision(request *r);
void get_award_decision(request *r);
void post_award_decision_action(request *r);
void get_award_certificates(request *r);
void get_award_decision_docx(request *r);
void get_award_disclosure(request *r);
void put_award_disclosure(request *r);
void get_award_stories(request *r);
void post_award_story(request *r);
void post_award_story_action(request *r);
void get_public_awards(request *r);
void get_public_communes(request *r);
void delete_award_decision(request *r);
void get_award_proposal(request *r);
void patch_award_person(request *r);
void patch_award_nomination(request *r);
void patch_award_story(request *r);

#endif
