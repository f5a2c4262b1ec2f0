/* store_state.c — a plan's revision and its data counter in one read; see store_state.h. */
#include "store_state.h"

#include <stdio.h>
#include <string.h>

#include "store_internal.h"

td_status store_plan_state(store *s, td_id plan_id, plan_state *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    uint64_t own = memo_own(s);
    if (memo_plan(s, plan_id, out))
        return TD_OK;
    memset(out, 0, sizeof *out);
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT p.commune_id, p.revision, COALESCE(ps.revision, 0), p.created_at FROM plan p "
                             "LEFT JOIN plan_state ps ON ps.plan_id = p.id WHERE p.id = ?",
                             "i", plan_id);
    if (st)
        return st;
    st = db_step(stmt, &row, err);
    if (!st && !row)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có kế hoạch số %lld", (long long)plan_id);
    if (!st) {
        const char *created = db_column_text(stmt, 3);
        out->plan_id = plan_id;
        out->commune_id = db_column_int(stmt, 0);
        out->revision = db_column_int(stmt, 1);
        out->data = db_column_int(stmt, 2);
        snprintf(out->created_at, sizeof out->created_at, "%s", created ? created : "");
    }
    q_done(s, stmt);
    if (!st)
        memo_keep_plan(s, own, out);
    return st;
}
