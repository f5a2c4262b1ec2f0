/* unit_targets.h — the targets a commune hands to its units (giao chỉ tiêu): each village a
 * share of the herd, a school its own rate. Set, cleared and listed here, for the API, the CLI
 * and the plan loader alike (front ends never reach the store for this), each change checked
 * and audited ("unit_target.set", "unit_target.clear"). */
#ifndef TD_UNIT_TARGETS_H
#define TD_UNIT_TARGETS_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"

/* One share as the API and the CLI show it. */
typedef struct unit_target_row {
    const char *indicator, *indicator_name, *org_unit, *org_unit_name;
    target target;
} unit_target_row;

/* Sets the share of org_unit on indicator from its Vietnamese text ("khoảng 1.200 con"), in a
 * transaction of its own. TD_ERR_NOTFOUND for an indicator or a unit the plan's commune does not
 * have; TD_ERR_INPUT for an indicator without a target of its own (a group) or a text that does
 * not read as a target. *out (may be NULL) receives the share as stored. */
td_status unit_targets_set(store *s, arena *a, const user *viewer, td_id plan_id, const char *code,
                           const char *unit, const char *text, unit_target_row *out, td_error *err);

/* The same checks and write for a parsed target, inside the caller's transaction (the plan
 * loader's demo shares, is_demo). */
td_status unit_targets_set_target(store *s, arena *a, td_id plan_id, const char *code, const char *unit,
                                  const target *t, bool is_demo, unit_target_row *out, td_error *err);

/* Removes the share, in a transaction of its own; TD_ERR_NOTFOUND when there is none. *out (may
 * be NULL) receives the share removed. */
td_status unit_targets_clear(store *s, arena *a, const user *viewer, td_id plan_id, const char *code,
                             const char *unit, unit_target_row *out, td_error *err);

/* The plan's shares in plan order of indicators, then unit code order; indicator and org_unit
 * filter when not NULL (an unknown one is TD_ERR_NOTFOUND). */
td_status unit_targets_list(store *s, arena *a, const user *viewer, td_id plan_id, const char *code,
                            const char *unit, unit_target_row **out, size_t *n, td_error *err);

/* {"indicator", "indicator_name", "org_unit", "org_unit_name", "target": {…}}. New reference. */
json_t *unit_target_row_json(const unit_target_row *r);

/* The plan as JSON (plan_to_json) with "org_unit_name" beside each share's "org_unit", for the
 * API's and the CLI's plan. TD_ERR_NOTFOUND for an unknown plan. The caller owns *out. */
td_status unit_targets_plan_json(store *s, arena *a, const user *viewer, td_id plan_id, json_t **out,
                                 td_error *err);

/* The value assigned to the commune for an indicator (`plan target assign`): set (has) or
 * cleared, in one transaction. */
td_status unit_targets_set_assigned(store *s, td_id plan_id, const char *code, bool has, double value,
                                    td_error *err);

#endif
