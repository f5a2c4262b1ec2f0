/* store_values_read.h — the figures as an export lists them: a read-only pass over a plan's
 * figures that carries only what a sheet shows, for a million rows at a time. Writes stay in
 * store_values.c. */
#ifndef TD_STORE_VALUES_READ_H
#define TD_STORE_VALUES_READ_H

#include "store.h"

/* One figure: its indicator and unit by id (the caller knows the plan's indicators and the
 * commune's units), the period, and the columns of the values sheet. */
typedef struct value_row {
    td_id indicator_id, org_unit_id;
    char period[12];
    bool has_value, has_denominator;
    value_status status;
    double value, denominator;
    const char *text, *note, *evidence; /* NULL when empty */
} value_row;

/* The figures of plan_id's indicators entered by units of commune_id, of one unit
 * (org_unit_id 0: every unit) and one period (NULL: every period). In the database's order:
 * the caller sorts (the database's sort would carry every column of every row). */
td_status store_values_rows(store *s, arena *a, td_id plan_id, td_id commune_id, td_id org_unit_id,
                            const char *period, value_row **out, size_t *n, td_error *err);

#endif
