/* awards.h — emulation and awards (issue 16) as the API and the CLI use them: a block's scoring
 * table and its units' scores and ranking; the catalogue of titles and forms; persons; nominations
 * with their checks and dossier files; the council's sessions and tallies; the chairman's
 * decision, numbered per year, immutable once issued, revocable with a reason; the history of
 * awards; the public disclosure; the good examples.
 *
 * Every function takes the account (`viewer`; NULL is the command line) and works in its commune
 * only (service/policy.h): a record of another commune is "not found". Results are JSON in the
 * shapes of docs/api.md ("Awards"); the caller owns them. Writes are one transaction each and
 * audited ("award.*"). Errors: TD_ERR_INPUT (422) with a Vietnamese reason naming the field as
 * users know it, TD_ERR_NOTFOUND, TD_ERR_CONFLICT (a state that no longer allows the change),
 * TD_ERR_FORBIDDEN. */
#ifndef TD_SERVICE_AWARDS_H
#define TD_SERVICE_AWARDS_H

#include <jansson.h>
#include <stdbool.h>

#include "service/evidence.h"
#include "store/store.h"

/* The commune the account works in; for the command line (NULL) the database's first one. */
td_status awards_commune(store *s, const user *viewer, td_id *commune_id, td_error *err);

/* ---- scoring and ranking ---- */
td_status awards_blocks(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_scoring_put(store *s, arena *a, const user *viewer, const char *block_code, const json_t *body,
                             json_t **out, td_error *err);
/* The score table of block for plan and period (the ScoreTable shape). */
td_status awards_scores(store *s, arena *a, const user *viewer, td_id plan_id, const char *block_code,
                        const char *period, json_t **out, td_error *err);
/* Enters the points of a manual, bonus or penalty criterion (with its note); *out: the table. */
td_status awards_score_put(store *s, arena *a, const user *viewer, td_id plan_id, const char *block_code,
                           const char *period, const json_t *body, bool is_demo, json_t **out, td_error *err);

/* ---- catalogue, persons ---- */
/* The forms, with the law's defaults written the first time a commune reads them. */
td_status awards_catalogue(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_form_put(store *s, arena *a, const user *viewer, const char *code, const json_t *body,
                          json_t **out, td_error *err);
/* Persons of the commune (a reporter: its own unit's only), q matched without diacritics. */
td_status awards_persons(store *s, arena *a, const user *viewer, const char *q, const char *unit, json_t **out,
                         td_error *err);
td_status awards_person_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                               json_t **out, td_error *err);

/* Changes the fields given in body (full_name, gender, birth_year, job_title, org_unit). */
td_status awards_person_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                               td_error *err);

/* ---- nominations ---- */
td_status awards_nominations(store *s, arena *a, const user *viewer, const char *status, long year,
                             td_id session_id, json_t **out, td_error *err);
/* One nomination with its checks recomputed, its files and its evidence. */
td_status awards_nomination_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err);
td_status awards_nomination_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                   json_t **out, td_error *err);
/* proposed → in_review; refused (TD_ERR_INPUT, details in *details) while a check fails. */
td_status awards_nomination_submit(store *s, arena *a, const user *viewer, td_id id, json_t **out,
                                   json_t **details, td_error *err);
/* Changes achievement, form, year or collective_name while the nomination is "proposed"
 * (TD_ERR_CONFLICT after). */
td_status awards_nomination_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body,
                                   json_t **out, td_error *err);
td_status awards_nomination_withdraw(store *s, arena *a, const user *viewer, td_id id, json_t **out,
                                     td_error *err);
/* A dossier file (tờ trình, báo cáo thành tích, biên bản, khác) checked as evidence files are. */
td_status awards_file_attach(store *s, arena *a, const user *viewer, td_id nomination_id, const char *kind,
                             const char *name, const char *declared_type, const unsigned char *data, size_t n,
                             json_t **out, evidence_problem *problem, td_error *err);
td_status awards_file_read(store *s, arena *a, const user *viewer, td_id id, const char **name,
                           const char **content_type, const void **bytes, size_t *size, td_error *err);

/* ---- council ---- */
td_status awards_councils(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_council_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err);
td_status awards_sessions(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_session_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err);
td_status awards_session_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err);
td_status awards_session_vote(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                              td_error *err);
/* Closes the session: quorum met and every nomination voted; nominations approved or rejected. */
td_status awards_session_close(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err);

/* ---- decisions ---- */
td_status awards_decisions(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_decision_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err);
td_status awards_decision_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                 json_t **out, td_error *err);
/* Deletes a draft decision (TD_ERR_CONFLICT once issued: an issued decision is only revoked). */
td_status awards_decision_discard(store *s, arena *a, const user *viewer, td_id id, td_error *err);
/* Numbers the draft (next of its year, NN/QĐ-UBND) and issues it in one write transaction. */
td_status awards_decision_issue(store *s, arena *a, const user *viewer, td_id id, const char *signed_on,
                                json_t **out, td_error *err);
td_status awards_decision_revoke(store *s, arena *a, const user *viewer, td_id id, const json_t *body,
                                 json_t **out, td_error *err);

/* ---- history, mergers, disclosure, stories, public ---- */
/* Filters: person id, unit code (with its predecessors'), q (name or achievement, without
 * diacritics), year (0: any). */
td_status awards_history(store *s, arena *a, const user *viewer, td_id person_id, const char *unit, const char *q,
                         long year, json_t **out, td_error *err);
td_status awards_history_record(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err);
td_status awards_mergers(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_merger_create(store *s, arena *a, const user *viewer, const json_t *body, json_t **out,
                               td_error *err);
td_status awards_disclosure(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_disclosure_put(store *s, arena *a, const user *viewer, const json_t *body, json_t **out,
                                td_error *err);
td_status awards_stories(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_story_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                              json_t **out, td_error *err);
/* Changes kind, title or body. */
td_status awards_story_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                              td_error *err);
td_status awards_story_publish(store *s, arena *a, const user *viewer, td_id id, bool publish, json_t **out,
                               td_error *err);
/* The public page of commune code: no login, nothing beyond name, unit and achievement. */
td_status awards_public(store *s, arena *a, const char *commune_code, json_t **out, td_error *err);

/* The communes whose public pages exist {"communes": [{"code", "name"}]} (no login). */
td_status awards_public_communes(store *s, arena *a, json_t **out, td_error *err);

/* The commune {"id","code","name","city"}, for the documents. */
td_status awards_commune_info(store *s, td_id commune_id, json_t **out, td_error *err);

/* The place of a document's date line: "Kiến Hải" of "xã Kiến Hải" (or "phường …"). */
const char *awards_place(const char *commune_name);

/* A record (get: awards_decision_get, awards_session_get) with the commune it belongs to, for a
 * document: *out and *info are the caller's. */
td_status awards_record_with_commune(store *s, arena *a, const user *viewer, td_id id,
                                     td_status (*get)(store *, arena *, const user *, td_id, json_t **, td_error *),
                                     json_t **out, json_t **info, td_error *err);

#endif
