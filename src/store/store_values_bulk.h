/* store_values_bulk.h — figures written many at a time: a PUT of 50 figures, an import of a
 * million. One write transaction (the caller's), the stored figures read in a few queries, each
 * write and its audit entry one prepared statement stepped per figure. Every figure keeps its own
 * audit entry (who, when, before, after), as store_value_put writes it. */
#ifndef TD_STORE_VALUES_BULK_H
#define TD_STORE_VALUES_BULK_H

#include "store.h"

/* The stored figures of keys[0..n) (their indicator_code, org_unit_code and period): found[i]
 * says whether before[i] holds one (its texts in a). Codes the plan or its commune does not have
 * are simply not found. Read in queries of many keys each, not one per figure. */
td_status store_values_read(store *s, arena *a, td_id plan_id, const data_value *keys, size_t n, data_value *before,
                            bool *found, td_error *err);

/* One figure of a bulk write: v written as its status says, replacing before (existed) or new;
 * expect, when not NULL, the state the stored figure must still be in (else TD_ERR_CONFLICT
 * naming the figure, as store_value_put_if). before is what the audit entry shows as the old
 * figure: the caller read it in the same transaction (store_values_read). */
typedef struct value_put {
    const data_value *v;
    bool existed;
    const data_value *before;
    const value_expect *expect;
} value_put;

/* Writes rows in their order (the same figure twice: the second's before is the first's result,
 * which the caller says), each with its audit entry ("create" or "update", before and after as
 * JSON). Stops at the first failure; the caller rolls the transaction back. */
td_status store_values_write(store *s, td_id plan_id, const value_put *rows, size_t n, bool is_demo, td_error *err);

/* A count of figures written so far, for a long import's progress. */
typedef void (*values_progress_fn)(size_t done, size_t total, void *ctx);

/* values[0..n) written whatever is stored (an import: the figures are distinct), read and written
 * a chunk at a time so that memory does not grow with n; progress (may be NULL) after each
 * chunk. */
td_status store_values_put_many(store *s, td_id plan_id, const data_value *values, size_t n, bool is_demo,
                                values_progress_fn progress, void *ctx, td_error *err);

#endif
