/* planload.h — the use case "load a plan": a plan data file (and the demo data that goes
 * with it) into the store, in one transaction, or nothing at all. */
#ifndef TD_PLANLOAD_H
#define TD_PLANLOAD_H

#include <jansson.h>
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

/* Loads a plan data file already in memory (sent over the API) as planload_file does, in one
 * transaction; name stands for it in messages. The file must define a plan, and a "values" CSV
 * it names is refused (there is no directory to read it from). */
td_status planload_bytes(store *s, const char *name, const char *data, size_t len, planload_summary *sum,
                         td_error *err);

/* Writes a plan data file over the stored plan plan_id, in one transaction, checked as
 * planload_file checks it (its commune must be the plan's):
 *   - the header fields and lists are replaced;
 *   - the commune's org units and blocks are upserted by code; those the file does not list
 *     are kept, never deleted (figures and accounts may refer to them), and named;
 *   - indicators are upserted by code, keeping their ids and so their values; those the file
 *     lacks are deleted, unless they have values: then nothing is written, the status is
 *     TD_ERR_CONFLICT ("Không thể xóa chỉ tiêu đã có số liệu: …") and *blocked lists the codes.
 * The plan's revision rises, and one audit entry "plan.update" holds *summary:
 * {"summary" (one line for people), "indicators": {"added", "changed", "removed", "unchanged",
 * "added_codes", "changed_codes", "removed_codes"}, "org_units": {"added", "changed", "kept_not_listed"}, "blocks": {…},
 * "header_changed"}. The caller owns *summary and *blocked (NULL when not set). */
td_status planload_update(store *s, arena *a, const user *viewer, td_id plan_id, const char *name,
                          const char *data, size_t len, json_t **summary, json_t **blocked, td_error *err);

/* Loads the embedded default: the Kiến Hải 2026 plan, then its demo units, blocks,
 * assignments and values (marked demo). Refuses a database that already holds a plan. */
td_status planload_demo(store *s, planload_summary *sum, td_error *err);

/* The embedded copy of a data file by name ("kien-hai-2026.json"), or NULL. */
const char *planload_embedded(const char *name, size_t *len);

#endif
