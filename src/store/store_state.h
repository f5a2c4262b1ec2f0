/* store_state.h — what says whether an answer derived from a plan still holds: the plan's own
 * revision (its content rewritten) and the counter that migration 0014's triggers raise with
 * every write to what an evaluation reads, from any process. */
#ifndef TD_STORE_STATE_H
#define TD_STORE_STATE_H

#include <stdint.h>

#include "store.h"

typedef struct plan_state {
    td_id plan_id;
    td_id commune_id;
    int64_t revision; /* plan.revision */
    int64_t data;     /* plan_state.revision, 0 before the first write */
    char created_at[32]; /* with the id, names this plan and not a later one given the same id */
} plan_state;

/* One indexed read. TD_ERR_NOTFOUND for an unknown plan. */
td_status store_plan_state(store *s, td_id plan_id, plan_state *out, td_error *err);

#endif
