/* plantasks.h — the plan's tasks (the duties of "Tổ chức thực hiện": who leads, follows up,
 * reports by when, spreads the word) as the API and the CLI show them: task_to_json with the
 * lead unit's name as users know it. */
#ifndef TD_PLANTASKS_H
#define TD_PLANTASKS_H

#include <jansson.h>

#include "store/store.h"

/* Adds "lead_name" (null without a lead) to each element of tasks, the array task_to_json
 * made of p's tasks in order. */
td_status plantasks_name_leads(store *s, arena *a, const plan *p, json_t *tasks, td_error *err);

/* p's tasks as a new array, each with its lead's name. */
td_status plantasks_json(store *s, arena *a, const plan *p, json_t **out, td_error *err);

/* A unit's name by code among units, or NULL. */
const char *plantasks_unit_name(const org_unit *units, size_t n, const char *code);

#endif
