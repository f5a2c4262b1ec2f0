/* store_rollup.h — the figures a plan's evaluation reads, in one pass (the roll-up of one plan,
 * as store_city.h is the roll-up of a city). */
#ifndef TD_STORE_ROLLUP_H
#define TD_STORE_ROLLUP_H

#include "store.h"

/* Which figures store_plan_figures reads. */
typedef enum figure_states {
    FIGURES_COUNTED,  /* submitted and approved: what an evaluation counts */
    FIGURES_APPROVED, /* approved only (an evaluation with approved_only) */
    FIGURES_ALL,      /* drafts and returned ones too (the history says each unit's state) */
} figure_states;

/* The figures of plan_id in states, of the periods of the years from_year…to_year (the period's
 * year and the baseline years its growth targets compare with), in one query that reads them
 * through the indexes in the engine's order (indicator code, then unit code, then period)
 * without sorting them, with only the fields the engine and the history read: indicator and
 * unit codes, period, value, denominator, text, status, updated_at, plan_id. Figures of other
 * years, and (unless FIGURES_ALL) those the evaluation does not count, stay in the database:
 * the engine would skip them (core/evaluate.h). */
td_status store_plan_figures(store *s, arena *a, td_id plan_id, int from_year, int to_year, figure_states states,
                             data_value **out, size_t *n, td_error *err);

#endif
