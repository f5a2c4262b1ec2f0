/* store_awards.h — the SQL of emulation and awards (issue 16): scoring tables and points entered
 * by hand, the catalogue of titles and forms, persons, nominations and their files, councils and
 * their sessions, decisions, awards recorded from outside, mergers, the disclosure window and
 * the good examples (migration 0010).
 *
 * Every function takes the commune: a row of another commune is not found. Rows come back as
 * JSON arrays of objects (the caller owns them), with the keys of docs/api.md ("Awards"),
 * so that the service adds what it computes and sends them on. Changes of several rows are
 * bracketed by the service with store_begin / store_finish. */
#ifndef TD_STORE_AWARDS_H
#define TD_STORE_AWARDS_H

#include <jansson.h>

#include "store.h"

/* ---- org units and blocks -------------------------------------------------------------- */
/* The id of unit code in the commune; TD_ERR_NOTFOUND without a message when there is none. */
td_status store_aw_unit_id(store *s, td_id commune_id, const char *code, td_id *id, td_error *err);
/* {"id","code","name"} of a block by code; TD_ERR_NOTFOUND without a message. */
td_status store_aw_block(store *s, td_id commune_id, const char *code, json_t **out, td_error *err);
/* Each block of the commune {"id","code","name"}, in id order. */
td_status store_aw_blocks(store *s, td_id commune_id, json_t **out, td_error *err);
/* The members {"code","name"} of a block, in Vietnamese order of name. */
td_status store_aw_block_members(store *s, td_id block_id, json_t **out, td_error *err);

/* ---- scoring ---------------------------------------------------------------------------- */
/* Criteria {"code","group","name","kind","max_points"} and thresholds {"code","label","min_points"}
 * of a block, in their order. */
td_status store_aw_scoring(store *s, td_id block_id, json_t **criteria, json_t **thresholds, td_error *err);
/* Replaces both lists (checked by the caller). */
td_status store_aw_scoring_put(store *s, td_id block_id, json_t *criteria, json_t *thresholds, td_error *err);
/* The points entered for (plan, block, period): {"org_unit","criterion","points","note","entered_by"}. */
td_status store_aw_score_entries(store *s, td_id plan_id, td_id block_id, const char *period, json_t **out,
                                 td_error *err);
td_status store_aw_score_put(store *s, td_id plan_id, td_id block_id, td_id unit_id, const char *period,
                             const char *criterion, double points, const char *note, bool is_demo, td_error *err);

/* ---- catalogue -------------------------------------------------------------------------- */
/* Forms of the commune in their order: {"code","name","kind","subject","level","conferred_by",
 * "local","criteria","legal_basis","min_classification","max_rank","interval_years","active"}. */
td_status store_aw_forms(store *s, td_id commune_id, json_t **out, td_error *err);
/* Inserts or replaces the form f (same keys) of the commune. */
td_status store_aw_form_put(store *s, td_id commune_id, const json_t *f, td_error *err);

/* ---- persons ---------------------------------------------------------------------------- */
/* {"id","full_name","gender","birth_year","job_title","org_unit","org_unit_name"}; id 0: all. */
td_status store_aw_persons(store *s, td_id commune_id, td_id id, json_t **out, td_error *err);
td_status store_aw_person_insert(store *s, td_id commune_id, const json_t *p, td_id unit_id, bool is_demo, td_id *id,
                                 td_error *err);

/* Replaces the fields of person id (same keys as the insert); TD_ERR_NOTFOUND without a message. */
td_status store_aw_person_update(store *s, td_id commune_id, td_id id, const json_t *p, td_id unit_id, td_error *err);

/* ---- nominations ------------------------------------------------------------------------ */
/* Nominations of the commune (id 0: all), newest first, with the names joined:
 * {"id","status","nominee_kind","person_id","org_unit","collective_name","name","org_unit_name",
 *  "form","year","achievement","achievement_key","proposed_by","proposed_by_name","plan_id","period",
 *  "block","session_id","decision_id","created_at","created_by"}. */
td_status store_aw_nominations(store *s, td_id commune_id, td_id id, json_t **out, td_error *err);
typedef struct aw_nomination_new {
    const char *kind, *collective_name, *form, *achievement, *achievement_key, *period;
    td_id person_id, org_unit_id, proposed_by, plan_id, block_id;
    long year;
    bool is_demo;
} aw_nomination_new;
td_status store_aw_nomination_insert(store *s, td_id commune_id, const aw_nomination_new *n, td_id *id, td_error *err);
/* Moves nomination id from status from to status to (also setting session or decision when not
 * 0); TD_ERR_CONFLICT when it is not in from. */
td_status store_aw_nomination_move(store *s, td_id commune_id, td_id id, const char *from, const char *to,
                                   td_error *err);
/* Rewrites what a proposal says while it is still "proposed"; TD_ERR_CONFLICT otherwise. */
td_status store_aw_nomination_update(store *s, td_id commune_id, td_id id, const aw_nomination_new *n, td_error *err);
/* Files of a nomination {"id","kind","name","size","content_type","sha256","uploaded_by","uploaded_at"}. */
td_status store_aw_files(store *s, td_id nomination_id, json_t **out, td_error *err);
td_status store_aw_file_insert(store *s, td_id nomination_id, const char *kind, const char *name,
                               const char *content_type, const void *bytes, size_t size, const char *sha256,
                               td_id *id, td_error *err);
/* One file with its bytes (in a) and the nomination it belongs to; TD_ERR_NOTFOUND without a
 * message. */
td_status store_aw_file_get(store *s, arena *a, td_id commune_id, td_id id, td_id *nomination_id, const char **name,
                            const char **content_type, const void **bytes, size_t *size, td_error *err);

/* ---- councils and sessions -------------------------------------------------------------- */
/* {"id","name","decision_number","members":[{"person_id","name","job_title","role"}]}; id 0: all. */
td_status store_aw_councils(store *s, td_id commune_id, td_id id, json_t **out, td_error *err);
td_status store_aw_council_insert(store *s, td_id commune_id, const char *name, const char *decision_number,
                                  const json_t *members, bool is_demo, td_id *id, td_error *err);
/* Sessions (id 0: all) {"id","council_id","council_name","held_on","place","status","closed_at",
 * "rule":{…},"members":[{"person_id","name","role","present"}],"items":[{"nomination_id","voted",
 * "yes","no","abstain","passed"}]}. */
td_status store_aw_sessions(store *s, td_id commune_id, td_id id, json_t **out, td_error *err);
typedef struct aw_session_new {
    td_id council_id;
    const char *held_on, *place, *pass_base;
    int quorum_num, quorum_den, pass_num, pass_den;
    bool pass_strict, is_demo;
} aw_session_new;
/* Takes a nomination off the agenda of every open session (withdrawn, or put on another). */
td_status store_aw_agenda_drop(store *s, td_id commune_id, td_id nomination_id, td_error *err);
/* Inserts the session with the council's members (present when in present[]) and the items; a
 * nomination on the agenda of another open session leaves it. */
td_status store_aw_session_insert(store *s, td_id commune_id, const aw_session_new *n, const td_id *present,
                                  size_t n_present, const td_id *noms, size_t n_noms, td_id *id, td_error *err);
td_status store_aw_session_tally(store *s, td_id session_id, td_id nomination_id, int yes, int no, int abstain,
                                 td_error *err);
td_status store_aw_session_item_result(store *s, td_id session_id, td_id nomination_id, bool passed, td_error *err);
td_status store_aw_session_close(store *s, td_id commune_id, td_id session_id, td_error *err);

/* ---- decisions -------------------------------------------------------------------------- */
/* Decisions (id 0: all), newest first: {"id","status","number","seq","year","signed_on","signer",
 * "signer_title","title","legal_bases":[…],"created_by","created_at","issued_at","revoked_reason",
 * "revoked_at","revoked_by","items":[{"nomination_id","revoked_reason","revoked_at","revoked_by"}]}. */
td_status store_aw_decisions(store *s, td_id commune_id, td_id id, json_t **out, td_error *err);
td_status store_aw_decision_insert(store *s, td_id commune_id, long year, const char *title, const char *signer,
                                   const char *signer_title, const char *legal_bases_json, const td_id *noms,
                                   size_t n, bool is_demo, td_id *id, td_error *err);
/* Deletes a draft (its nominations free for another decision); TD_ERR_CONFLICT once issued. */
td_status store_aw_decision_discard(store *s, td_id commune_id, td_id id, td_error *err);
/* Gives a draft the next number of its year and issues it, in the caller's write transaction;
 * TD_ERR_CONFLICT when it is not a draft. *number receives "01/QĐ-UBND" (in a). */
td_status store_aw_decision_issue(store *s, arena *a, td_id commune_id, td_id id, const char *signed_on,
                                  const char *suffix, const char **number, td_error *err);
/* Revokes the whole decision (nomination 0) or one awardee; TD_ERR_CONFLICT when not issued. */
td_status store_aw_decision_revoke(store *s, td_id commune_id, td_id id, td_id nomination_id, const char *reason,
                                   td_error *err);

/* ---- history, mergers, disclosure, stories ---------------------------------------------- */
/* Awards recorded from outside thidua {"id","nominee_kind","person_id","org_unit","org_unit_name",
 * "collective_name","name","form","year","achievement","achievement_key","decision_number",
 * "decision_date","issuer"}. */
td_status store_aw_records(store *s, td_id commune_id, json_t **out, td_error *err);
td_status store_aw_record_insert(store *s, td_id commune_id, const aw_nomination_new *n, const char *number,
                                 const char *date, const char *issuer, td_id *id, td_error *err);
/* Mergers {"from","from_name","into","into_name","on"}. */
td_status store_aw_mergers(store *s, td_id commune_id, json_t **out, td_error *err);
td_status store_aw_merger_insert(store *s, td_id from_id, td_id into_id, const char *on, td_error *err);
/* The window; *out NULL when never set. */
td_status store_aw_disclosure(store *s, td_id commune_id, json_t **out, td_error *err);
td_status store_aw_disclosure_put(store *s, td_id commune_id, const char *from, const char *to, bool show_review,
                                  td_error *err);
/* Stories (id 0: all) {"id","kind","title","body","person_id","name","org_unit","org_unit_name",
 * "decision_id","status","published_on"}. */
td_status store_aw_stories(store *s, td_id commune_id, td_id id, json_t **out, td_error *err);
td_status store_aw_story_insert(store *s, td_id commune_id, const json_t *st, td_id person_id, td_id unit_id,
                                bool is_demo, td_id *id, td_error *err);
/* Rewrites a story's kind, title and body; TD_ERR_NOTFOUND without a message. */
td_status store_aw_story_update(store *s, td_id commune_id, td_id id, const char *kind, const char *title,
                                const char *body, td_error *err);
td_status store_aw_story_publish(store *s, td_id commune_id, td_id id, const char *published_on, td_error *err);
/* The commune {"id","code","name","city"} by code; TD_ERR_NOTFOUND without a message. */
td_status store_aw_commune(store *s, const char *code, td_id id, json_t **out, td_error *err);

#endif
