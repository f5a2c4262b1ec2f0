/* awards.h — emulation and awards (issue 16) as the API and the CLI use them, one module per
 * step: awards_scores.h (a block's scoring table, its units' scores and ranking),
 * awards_persons.h (persons, the history of awards, mergers), awards_nominations.h (nominations,
 * their checks and dossier files), awards_council.h (the council's sessions and tallies),
 * awards_decisions.h (the chairman's decision) and awards_public.h (disclosure, good examples,
 * the public page). This header holds what they share: the commune, the catalogue of titles and
 * award forms, and the documents' helpers.
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

#include "store/store.h"

/* The commune the account works in; for the command line (NULL) the database's first one. */
td_status awards_commune(store *s, const user *viewer, td_id *commune_id, td_error *err);

/* ---- catalogue ---- */
/* The forms, with the law's defaults written the first time a commune reads them. */
td_status awards_catalogue(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_form_put(store *s, arena *a, const user *viewer, const char *code, const json_t *body,
                          json_t **out, td_error *err);

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
