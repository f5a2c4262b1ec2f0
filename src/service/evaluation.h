/* evaluation.h — evaluate a stored plan: load the plan and its values from the store and run
 * the target engine (core/evaluate.h). The CLI and the API call this, never the engine with
 * their own queries, so both see the same verdicts. */
#ifndef TD_EVALUATION_H
#define TD_EVALUATION_H

#include "core/evaluate.h"
#include "store/store.h"
#include "store/store_state.h"

/* Evaluates plan plan_id for q; q->org_unit, when set, must be a unit of the plan's commune; a
 * q->period with year 0 means the plan's first year. Reads the plan's figures in one pass, only
 * those the evaluation counts (store_rollup.h): the answer is the engine's over every figure.
 * TD_ERR_NOTFOUND for an unknown plan or unit. Everything lives in a. */
td_status evaluation_run(store *s, arena *a, const user *viewer, td_id plan_id, const eval_query *q,
                         eval_report *out, td_error *err);

/* What every evaluation of plan_id depends on besides what is asked: the plan's revision and the
 * counter its writes raise (store_state.h), in one read, for answers kept in memory. The plan
 * must be one viewer may see: TD_ERR_NOTFOUND otherwise, as for an unknown plan. */
td_status evaluation_state(store *s, const user *viewer, td_id plan_id, plan_state *out, td_error *err);

/* Who has reported for a period (docs/api.md): for each responsible unit, the leaf targets it
 * is expected to report in that period (by their frequency), how many it has submitted, on time
 * or late against the due date, and which targets still lack any figure. The due date of the
 * plan's year is the plan's unit_report deadline (written 05/12/2026 in the seed, "trước ngày":
 * on time through 04/12); of a month or a quarter, the 5th of the month after it, included.
 * A submission is on time when its day in Vietnam is not after the last day on time.
 * as_of decides what is overdue. The view holds what the policy lets viewer see (a reporter:
 * its own unit, in the list and in the summary); NULL: everything. */
td_status evaluation_completeness(store *s, arena *a, const user *viewer, td_id plan_id, const period *p,
                                  const char *as_of, json_t **out, td_error *err);

/* One indicator through the plan's first year, each figure and verdict from the engine (the
 * nodes of evaluation_run's JSON): for each month and each quarter {"period", "label", "actual",
 * "verdict", "verdict_label", "degree", "reason", "cumulative"}, where cumulative is, for a flow,
 * the figure from January to the end of the period (else the figure itself); the same for the
 * year with "pace", "projected", "projected_verdict", "method" and "rule"; and "units": for each unit
 * counted, responsible or with figures not yet counted, {"org_unit", "name", "actual",
 * "denominator", "periods", "status" (the state of its latest figure, or "missing"),
 * "status_label"}. q gives the unit, the as-of date and approved_only; its period is ignored.
 * One pass: the figures are read once and each period evaluates the indicator alone from them
 * (eval_pass_indicator), each entry the same as the whole plan's evaluation of that period.
 * TD_ERR_NOTFOUND for an unknown plan, indicator or unit. The caller owns *out. */
td_status evaluation_history(store *s, arena *a, const user *viewer, td_id plan_id, const char *code,
                             const eval_query *q, json_t **out, td_error *err);

/* What the unit × indicator table keeps; a NULL field does not filter. */
typedef struct evaluation_matrix_filter {
    const char *org_unit;  /* a unit code */
    const char *indicator; /* an indicator code */
    const char *verdict;   /* a verdict code ("not_achieved"); cells without a verdict never match */
} evaluation_matrix_filter;

/* The unit × indicator table of verdicts (docs/api.md "Unit × indicator table"): each unit
 * evaluated alone (evaluation_run with q->org_unit) for q's period, one cell per unit and
 * indicator that the unit was assigned a target for or has figures on:
 * {"period", "period_label", "final", "units": [{"code", "name"}] (Vietnamese order of name),
 * "indicators": [{"code", "name", "unit"}] (plan order), "cells": [{"org_unit", "indicator",
 * "target_text" | null, "actual", "verdict" | null, "verdict_label", "degree" | null, "reason"}]}.
 * A cell without an assigned target has no verdict ("Không giao chỉ tiêu riêng"): the unit's
 * figure only counts toward the commune's. TD_ERR_NOTFOUND for an unknown plan, unit or
 * indicator in f. The caller owns *out. */
td_status evaluation_matrix(store *s, arena *a, const user *viewer, td_id plan_id, const eval_query *q,
                            const evaluation_matrix_filter *f, json_t **out, td_error *err);

#endif
