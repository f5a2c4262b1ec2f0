/* planexport.h — a stored plan written out as a plan data file (docs/plan-file.md), complete
 * enough that loading it again gives the same plan: `thidua plan export` and the API's
 * GET plans/{id}/plan-file. */
#ifndef TD_PLANEXPORT_H
#define TD_PLANEXPORT_H

#include <jansson.h>

#include "store/store.h"

/* The plan with its commune, all the commune's org units (parents before their children) and
 * blocks, as a "thidua-plan/1" document. TD_ERR_NOTFOUND for an unknown plan. The caller owns
 * *out. */
td_status planexport_json(store *s, arena *a, const user *viewer, td_id plan_id, json_t **out, td_error *err);

#endif
