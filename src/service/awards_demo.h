/* awards_demo.h — the worked example of the award path in the demo database
 * (data/demo/kien-hai-2026-awards.json, compiled in): a block's scoring table and scores,
 * persons, a council, nominations (one flagged as a duplicate), a closed session with its tallies,
 * decision 01/QĐ-UBND issued with four awardees, a revocation-free history with one award
 * recorded from the city, two good examples published. Every row is marked as demo. */
#ifndef TD_SERVICE_AWARDS_DEMO_H
#define TD_SERVICE_AWARDS_DEMO_H

#include <stddef.h>

#include "store/store.h"

typedef struct awards_demo_summary {
    size_t nominations, awardees;
    char decision_number[32];
    char label[256];
} awards_demo_summary;

/* Runs the example through the services, as the command line (every role's step). */
td_status awards_demo(store *s, td_id plan_id, awards_demo_summary *sum, td_error *err);

#endif
