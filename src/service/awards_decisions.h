/* awards_decisions.h — the chairman's decision: a draft listing approved nominations, numbered per
 * year when issued (NN/QĐ-UBND), immutable after, revocable with a reason. */
#ifndef TD_SERVICE_AWARDS_DECISIONS_H
#define TD_SERVICE_AWARDS_DECISIONS_H

#include "service/awards.h"

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

#endif
