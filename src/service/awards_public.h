/* awards_public.h — what is published: the disclosure window, the good examples (stories), and the
 * public page that needs no login and shows nothing beyond name, unit and achievement. */
#ifndef TD_SERVICE_AWARDS_PUBLIC_H
#define TD_SERVICE_AWARDS_PUBLIC_H

#include "service/awards.h"

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

#endif
