/* city.h — what a city officer reads across the communes of its city (docs/api.md "City"):
 * the communes side by side, the city roll-up of the evaluation per target, and the communes'
 * consolidated reports against their deadline (15/12 in the seed plan).
 *
 * A commune's figure for a target, at city level, comes from one aggregate pass over the city's
 * data (store_city_figures), never one query per commune. Submitted and approved figures of the
 * periods inside the asked period count:
 *   - a flow (measure "flow"): the sum of its figures over the period (aggregation "sum"), the
 *     mean of them otherwise;
 *   - a yes/no target: yes when every unit said yes in the latest period with figures;
 *   - a stock, build-up, rate or ratio: the latest period with figures, its units' sum
 *     (aggregation "sum") or mean (rate, ratio, the commune's own figure).
 * Each commune is judged against its own plan's target with the target engine (eval_judge).
 * Checklists, "as assigned" targets and growths against a baseline year are not rolled up. */
#ifndef TD_SERVICE_CITY_H
#define TD_SERVICE_CITY_H

#include <jansson.h>

#include "store/store.h"

/* period: "2026", "2026-Q4", "2026-11", or NULL for this year (in Vietnam). viewer must be a
 * city officer (TD_ERR_FORBIDDEN otherwise); NULL (the command line) needs city_name. The caller
 * owns *out. */
typedef struct city_query {
    const char *period;
    const char *city_name; /* the command line's --city; ignored for a city officer */
    const char *as_of;     /* "YYYY-MM-DD" for "today"; NULL: today in Vietnam */
} city_query;

/* {"city": {"id","name"}, "period", "period_label", "final", "communes": [{"code", "name",
 * "plan_id" | null, "units", "counts": {"exceeded","achieved","not_achieved","no_data","total"}}],
 * "totals": {same counts over the city}} */
td_status city_communes(store *s, arena *a, const user *viewer, const city_query *q, json_t **out, td_error *err);

/* {"city", "period", "period_label", "final", "communes": n (with a plan for the period),
 * "targets": [{"code", "name", "unit", "target_text", "direction", "communes", "with_data",
 * "exceeded", "achieved", "not_achieved", "no_data", "distribution": null | {"min", "p25",
 * "median", "p75", "max", "mean", "target", "bins": [{"from", "to", "count"}]}, "laggards":
 * [{"code", "name", "actual", "degree", "reason"}] (not achieved, lowest degree first, at most
 * 10)}] (plan order)} */
td_status city_rollup(store *s, arena *a, const user *viewer, const city_query *q, json_t **out, td_error *err);

/* {"city", "period", "deadline" (the last day on time, the earliest of the communes' plans: 14/12
 * for "trước ngày 15/12/2026"), "deadline_label" (dd/mm/yyyy), "deadline_wording" (the plan's words),
 * "communes": [{"code", "name", "plan_id", "deadline", "status" ("on_time" | "late" | "overdue" |
 * "pending" | "no_plan"), "status_label", "issued_on" | null, "number" | null, "document_id" | null
 * (GET /api/v1/documents/{id}.docx)}],
 * "counts": {"on_time", "late", "overdue", "pending"}} */
td_status city_reports(store *s, arena *a, const user *viewer, const city_query *q, json_t **out, td_error *err);

#endif
