/* store_demo.h — what the synthetic data generator (service/demo_generate.h) writes past the
 * ordinary services: figures inserted as they are, marked demo and without one audit entry
 * each (the generator writes one entry per commune): benchmarks fill a city in seconds. */
#ifndef TD_STORE_DEMO_H
#define TD_STORE_DEMO_H

#include "store.h"

/* Inserts one figure of indicator_id (a row id) for org_unit_id and period, in status, written at
 * `at` (ISO UTC) and submitted then unless a draft, is_demo = 1. TD_ERR_CONFLICT when the figure
 * exists. */
td_status store_demo_value_insert(store *s, td_id indicator_id, td_id org_unit_id, const char *period, double value,
                                  value_status status, const char *at, td_error *err);

#endif
