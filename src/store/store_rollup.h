/* store_rollup.h — the figures a plan's evaluation reads, in one pass (the roll-up of one plan,
 * as store_city.h is the roll-up of a city). */
#ifndef TD_STORE_ROLLUP_H
#define TD_STORE_ROLLUP_H

#include "store.h"

/* The figures of plan_id that an evaluation counts: submitted and approved (approved only when
 * approved_only), of the periods of the years from_year…to_year (the period's year and the
 * baseline years its growth targets compare with), in one query that reads them through the
 * indexes in the engine's order (indicator code, then unit code) without sorting them, with
 * only the fields the engine reads: indicator and unit codes, period, value, denominator, text,
 * status, plan_id. Drafts and returned figures, and other years, are left in the database: the
 * engine would skip them (core/evaluate.h). */
td_status store_plan_figures(store *s, arena *a, td_id plan_id, int from_year, int to_year, bool approved_only,
                             data_value **out, size_t *n, td_error *err);

#endif
