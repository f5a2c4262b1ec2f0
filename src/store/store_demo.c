/* store_demo.c — the generator's direct writes; see store_demo.h. */
#include "store_demo.h"

#include <string.h>

#include "store_internal.h"

#define DEMO_COLUMNS                                                                                         \
    "INSERT INTO data_value (indicator_id, org_unit_id, period, value, status, version, updated_by, "        \
    "updated_at, submitted_at, is_demo) VALUES "
#define DEMO_ROW "(?, ?, ?, ?, ?, 1, 'demo', ?, ?, 1)"
#define DEMO_BATCH 100

static const char one_row[] = DEMO_COLUMNS DEMO_ROW;
/* DEMO_BATCH rows to a statement; built once, and its address is its key in the statement cache */
static char batch_sql[sizeof DEMO_COLUMNS + DEMO_BATCH * sizeof DEMO_ROW + DEMO_BATCH * 2];

static const char *batch_statement(void)
{
    if (!batch_sql[0]) {
        size_t at = 0;
        memcpy(batch_sql, DEMO_COLUMNS, sizeof DEMO_COLUMNS - 1);
        at = sizeof DEMO_COLUMNS - 1;
        for (int i = 0; i < DEMO_BATCH; i++) {
            if (i) {
                memcpy(batch_sql + at, ", ", 2);
                at += 2;
            }
            memcpy(batch_sql + at, DEMO_ROW, sizeof DEMO_ROW - 1);
            at += sizeof DEMO_ROW - 1;
        }
        batch_sql[at] = '\0';
    }
    return batch_sql;
}

/* One statement of n rows (sql has n of them). */
static td_status insert_rows(store *s, const char *sql, const demo_value *v, size_t n, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = q_prepare(s, &stmt, err, sql, "");
    for (size_t i = 0; !st && i < n; i++) {
        int p = (int)i * 7;
        db_bind_int(stmt, p + 1, v[i].indicator_id);
        db_bind_int(stmt, p + 2, v[i].org_unit_id);
        db_bind_text(stmt, p + 3, v[i].period);
        db_bind_double(stmt, p + 4, v[i].value);
        db_bind_text(stmt, p + 5, value_status_code(v[i].status));
        db_bind_text(stmt, p + 6, v[i].at);
        db_bind_text(stmt, p + 7, v[i].status == VALUE_DRAFT ? NULL : v[i].at);
    }
    if (!st)
        st = db_step(stmt, &row, err);
    q_done(s, stmt);
    return st;
}

td_status store_demo_values_insert(store *s, const demo_value *v, size_t n, td_error *err)
{
    td_status st = TD_OK;
    size_t i = 0;
    for (; !st && n - i >= DEMO_BATCH; i += DEMO_BATCH)
        st = insert_rows(s, batch_statement(), v + i, DEMO_BATCH, err);
    for (; !st && i < n; i++)
        st = insert_rows(s, one_row, v + i, 1, err);
    return st;
}
