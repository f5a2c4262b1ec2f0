/* evaluation.h — evaluate a stored plan: load the plan and its values from the store and run
 * the target engine (core/evaluate.h). The CLI and the API call this, never the engine with
 * their own queries, so both see the same verdicts. */
#ifndef TD_EVALUATION_H
#define TD_EVALUATION_H

#include "core/evaluate.h"
#include "store/store.h"

/* Evaluates plan plan_id for q; q->org_unit, when set, must be a unit of the plan's commune; a
 * q->period with year 0 means the plan's first year.
 * TD_ERR_NOTFOUND for an unknown plan or unit. Everything lives in a. */
td_status evaluation_run(store *s, arena *a, td_id plan_id, const eval_query *q, eval_report *out, td_error *err);

/* Today's date as "YYYY-MM-DD" in local time, for the as-of date of an evaluation. */
void evaluation_today(char buf[11]);

#endif
