/* awards_persons.h — persons of the commune and the history of awards of persons and units, with units'
 * mergers (a merged unit keeps its predecessors' history) and awards recorded from elsewhere. */
#ifndef TD_SERVICE_AWARDS_PERSONS_H
#define TD_SERVICE_AWARDS_PERSONS_H

#include "service/awards.h"

/* Persons of the commune (a reporter: its own unit's only), q matched without diacritics. */
td_status awards_persons(store *s, arena *a, const user *viewer, const char *q, const char *unit, json_t **out,
                         td_error *err);
td_status awards_person_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                               json_t **out, td_error *err);

/* Changes the fields given in body (full_name, gender, birth_year, job_title, org_unit). */
td_status awards_person_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                               td_error *err);

/* Filters: person id, unit code (with its predecessors'), q (name or achievement, without
 * diacritics), year (0: any). */
td_status awards_history(store *s, arena *a, const user *viewer, td_id person_id, const char *unit, const char *q,
                         long year, json_t **out, td_error *err);
td_status awards_history_record(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err);
td_status awards_mergers(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_merger_create(store *s, arena *a, const user *viewer, const json_t *body, json_t **out,
                               td_error *err);

#endif
