/* planload.h — the use case "load a plan": a plan data file (and the demo data that goes
 * with it) into the store, in one transaction, or nothing at all. */
#ifndef TD_PLANLOAD_H
#define TD_PLANLOAD_H

#include <stddef.h>

#include "core/error.h"
#include "core/model.h"
#include "store/store.h"

typedef struct planload_summary {
    td_id plan_id;
    size_t units, blocks, indicators, leaf_targets, values;
    char label[512]; /* the label of the last file that has one, or "" */
} planload_summary;

/* Loads the plan data file at path; a "values" CSV it names is read from beside it. */
td_status planload_file(store *s, const char *path, planload_summary *sum, td_error *err);

/* Loads the embedded default: the Kiến Hải 2026 plan, then its demo units, blocks,
 * assignments and values (marked demo). Refuses a database that already holds a plan. */
td_status planload_demo(store *s, planload_summary *sum, td_error *err);

/* The embedded copy of a data file by name ("kien-hai-2026.json"), or NULL. */
const char *planload_embedded(const char *name, size_t *len);

#endif
