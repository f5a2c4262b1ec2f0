/* awards_council.h — the emulation and awards council, its sessions and their tallies; closing a
 * session decides each nomination by core/vote's quorum and threshold. */
#ifndef TD_SERVICE_AWARDS_COUNCIL_H
#define TD_SERVICE_AWARDS_COUNCIL_H

#include "service/awards.h"

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

#endif
