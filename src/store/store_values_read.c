/* store_values_read.c — figures read for an export; see store_values_read.h. */
#include "store_values_read.h"

#include <stdio.h>
#include <string.h>

#include "store_internal.h"

td_status store_values_rows(store *s, arena *a, td_id plan_id, td_id commune_id, td_id org_unit_id,
                            const char *period, value_row **out, size_t *n, td_error *err)
{
    db_stmt *stmt = NULL;
    struct rows list = {.size = sizeof(value_row)};
    bool row = true;
    /* the optional filters are written into the SQL, not tested in it, so that each query keeps
     * the plan its indexes give (one unit's figures through data_value_unit_period); literals,
     * because the statement cache is keyed by the text's address */
#define VALUE_ROWS                                                                                               \
    "SELECT v.indicator_id, v.org_unit_id, v.period, v.value, v.text, v.note, v.status, v.denominator, "        \
    "v.evidence FROM data_value v JOIN indicator i ON i.id = v.indicator_id "                                  \
    "JOIN org_unit u ON u.id = v.org_unit_id WHERE i.plan_id = ? AND u.commune_id = ?"
    static const char *const sql[4] = {VALUE_ROWS, VALUE_ROWS " AND v.period = ?", VALUE_ROWS " AND v.org_unit_id = ?",
                                       VALUE_ROWS " AND v.org_unit_id = ? AND v.period = ?"};
#undef VALUE_ROWS
    td_status st;
    if (org_unit_id)
        st = q_prepare(s, &stmt, err, sql[period ? 3 : 2], period ? "iiit" : "iii", (int64_t)plan_id,
                       (int64_t)commune_id, (int64_t)org_unit_id, period);
    else
        st = q_prepare(s, &stmt, err, sql[period ? 1 : 0], period ? "iit" : "ii", (int64_t)plan_id,
                       (int64_t)commune_id, period);
    while (!st) {
        st = db_step(stmt, &row, err);
        if (st || !row)
            break;
        value_row *v = rows_push(a, &list);
        v->indicator_id = db_column_int(stmt, 0);
        v->org_unit_id = db_column_int(stmt, 1);
        const char *p = db_column_text(stmt, 2);
        snprintf(v->period, sizeof v->period, "%s", p ? p : "");
        v->has_value = !db_column_is_null(stmt, 3);
        v->value = db_column_double(stmt, 3);
        v->text = col_text(a, stmt, 4);
        v->note = col_text(a, stmt, 5);
        value_status_from_code(db_column_text(stmt, 6), &v->status);
        v->has_denominator = !db_column_is_null(stmt, 7);
        v->denominator = db_column_double(stmt, 7);
        v->evidence = col_text(a, stmt, 8);
    }
    q_done(s, stmt);
    if (st)
        return st;
    *out = list.items;
    *n = list.n;
    return TD_OK;
}
