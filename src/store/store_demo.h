/* store_demo.h — what the synthetic data generator (service/demo_generate.h) writes past the
 * ordinary services: figures inserted as they are, marked demo and without one audit entry
 * each (the generator writes one entry per commune), many rows to a statement: benchmarks fill a
 * city in seconds, on PostgreSQL too, where each statement is a round trip. */
#ifndef TD_STORE_DEMO_H
#define TD_STORE_DEMO_H

#include "store.h"

/* One figure: of indicator_id (a row id) for org_unit_id and period, in status, written at `at`
 * (ISO UTC) and submitted then unless a draft. */
typedef struct demo_value {
    td_id indicator_id, org_unit_id;
    char period[12];
    double value;
    value_status status;
    char at[24];
} demo_value;

/* Inserts v[0..n), is_demo = 1; TD_ERR_CONFLICT when one of them exists. */
td_status store_demo_values_insert(store *s, const demo_value *v, size_t n, td_error *err);

#endif
