/* store_rollup.c — the figures a plan's evaluation reads; see store_rollup.h. */
#include "store_rollup.h"

#include <stdio.h>
#include <string.h>

#include "store_internal.h"

struct figures {
    struct rows list;
    td_id plan_id;
    bool updated_at; /* the history's read: the time each figure was changed */
    const char *code; /* the last indicator code read: the rows come by indicator, so a run of
                         rows shares one copy */
};

static void figure_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct figures *f = ctx;
    data_value *v = rows_push(a, &f->list);
    const char *code = db_column_text(stmt, 0), *period = db_column_text(stmt, 2);
    if (!f->code || !code || strcmp(f->code, code) != 0)
        f->code = col_text(a, stmt, 0);
    v->plan_id = f->plan_id;
    v->indicator_code = f->code;
    v->org_unit_code = col_text(a, stmt, 1);
    size_t len = period ? strnlen(period, sizeof v->period - 1) : 0;
    memcpy(v->period, period ? period : "", len);
    v->period[len] = '\0';
    v->has_value = !db_column_is_null(stmt, 3);
    v->value = db_column_double(stmt, 3);
    v->has_denominator = !db_column_is_null(stmt, 4);
    v->denominator = db_column_double(stmt, 4);
    v->text = col_text(a, stmt, 5);
    value_status_from_code(db_column_text(stmt, 6), &v->status);
    if (f->updated_at)
        v->updated_at = col_text(a, stmt, 7);
}

td_status store_plan_figures(store *s, arena *a, td_id plan_id, int from_year, int to_year, figure_states states,
                             data_value **out, size_t *n, td_error *err)
{
    struct figures f = {.list = {.size = sizeof(data_value)}, .plan_id = plan_id, .updated_at = states == FIGURES_ALL};
    char lo[16], hi[16];
    /* a state left out binds NULL, which IN never matches */
    /* every period code of year y sorts in [y, y+1): "2026" < "2026-01" < … < "2026-Q4" < "2027" */
    snprintf(lo, sizeof lo, "%04d", from_year);
    snprintf(hi, sizeof hi, "%04d", to_year + 1);
    /* CROSS JOIN fixes SQLite's loop order (PostgreSQL plans it freely): the plan's indicators
     * by code, the commune's units by code (both through their unique indexes), then each
     * pair's figures through data_value's (indicator, unit, period) index — the rows come out in
     * the order the engine works in, with no sort of the figures, which was most of the time of
     * `thidua evaluate` (the list query's ORDER BY over every figure with all its columns). */
    td_status st = each_row_with(
        s, a, err, figure_row, &f,
        "SELECT i.code, u.code, v.period, v.value, v.denominator, v.text, v.status, v.updated_at "
        "  FROM indicator i CROSS JOIN org_unit u CROSS JOIN data_value v "
        " WHERE i.plan_id = ? AND u.commune_id = (SELECT p.commune_id FROM plan p WHERE p.id = ?) "
        "   AND v.indicator_id = i.id AND v.org_unit_id = u.id "
        "   AND v.status IN ('approved', ?, ?, ?) AND v.period >= ? AND v.period < ? "
        " ORDER BY i.code, u.code",
        "iittt"
        "tt",
        plan_id, plan_id, states == FIGURES_APPROVED ? NULL : "submitted", states == FIGURES_ALL ? "draft" : NULL,
        states == FIGURES_ALL ? "returned" : NULL, lo, hi);
    *out = f.list.items;
    *n = f.list.n;
    return st;
}
