/* awards_internal.h — what the awards modules (awards*.c) share and nobody else uses: reading
 * request bodies, audit entries, labels, the catalogue's forms, the nominations' context, and the
 * way sessions and decisions are read. Not for front ends: they use the public awards_*.h. */
#ifndef TD_SERVICE_AWARDS_INTERNAL_H
#define TD_SERVICE_AWARDS_INTERNAL_H

#include "service/awards.h"
#include "store/store_awards.h"

/* ---- request bodies and answers ---- */
const char *awards_jstr(const json_t *o, const char *k);
long long awards_jint(const json_t *o, const char *k);
/* A text field that must be there and not blank (after trimming spaces). */
bool awards_filled(const char *s);
bool awards_one_of(const char *v, const char *const *allowed);
json_t *awards_str_or_null(const char *s);
char *awards_num_text(arena *a, double v);
td_status awards_not_found(td_error *err, const char *what, long long id);
td_id *awards_ids_of(arena *a, const json_t *arr, size_t *n);

/* ---- audit: after is the entry's JSON; _made releases it after ---- */
td_status awards_audit(store *s, td_id commune_id, const char *action, const char *entity, td_id id,
                       json_t *after, td_error *err);
td_status awards_audit_made(store *s, td_id commune_id, const char *action, const char *entity, td_id id,
                            json_t *after, td_error *err);

/* ---- labels users read ---- */
const char *awards_status_label(const char *code);
const char *awards_role_label(const char *role);

/* ---- shared records ---- */
td_status awards_forms_of(store *s, td_id commune_id, json_t **out, td_error *err);
const json_t *awards_form_find(const json_t *forms, const char *code);
td_status awards_block_of(store *s, td_id cid, const char *code, json_t **out, td_error *err);
/* Every award of the commune (recorded and decided), for the checks and the history. */
td_status awards_history_all(store *s, arena *a, td_id cid, json_t **out, td_error *err);

/* What checking a nomination needs, read once: the forms, every nomination, the history. */
typedef struct awards_nom_ctx {
    td_id cid;
    json_t *forms, *all, *history;
} awards_nom_ctx;
td_status awards_nom_ctx_load(store *s, arena *a, const user *viewer, awards_nom_ctx *c, td_error *err);
void awards_nom_ctx_free(awards_nom_ctx *c);
/* One nomination the account may see, with its checks recomputed (not found otherwise). */
td_status awards_nomination_one(store *s, arena *a, const user *viewer, td_id id, json_t **out,
                                td_error *err);
/* The nominee of a body (a person, a unit or a named collective), checked against the forms. */
td_status awards_nominee_read(store *s, arena *a, td_id cid, const json_t *body, const json_t *forms,
                              aw_nomination_new *n, td_error *err);

/* Sessions and decisions are read the same way: the store's rows of the commune (one by id, or
 * all), each completed by the service (full: with its items). */
typedef td_status (*awards_rows_fetch)(store *s, td_id commune_id, td_id id, json_t **out, td_error *err);
typedef td_status (*awards_row_complete)(store *s, arena *a, const user *viewer, json_t *row, bool full,
                                         td_error *err);
td_status awards_record_one(store *s, arena *a, const user *viewer, td_id id, awards_rows_fetch fetch,
                            awards_row_complete complete, const char *what, json_t **out, td_error *err);
td_status awards_record_list(store *s, arena *a, const user *viewer, awards_rows_fetch fetch,
                             awards_row_complete complete, const char *key, json_t **out, td_error *err);

#endif
