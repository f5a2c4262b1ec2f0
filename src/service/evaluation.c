/* evaluation.c — load a plan and its values, evaluate; see evaluation.h. */
#include "evaluation.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

td_status evaluation_run(store *s, arena *a, td_id plan_id, const eval_query *query, eval_report *out,
                         td_error *err)
{
    eval_query q_ = *query, *q = &q_;
    plan *p = NULL;
    data_value *vals = NULL;
    size_t n = 0;
    value_filter f = {.plan_id = plan_id};
    td_status st = store_plan_get(s, a, plan_id, &p, err);

    if (st)
        return st;
    if (q->org_unit) {
        org_unit *units;
        size_t nu;
        bool found = false;
        td_id commune_id = 0;
        st = store_plan_commune(s, plan_id, &commune_id, err);
        if (!st)
            st = store_org_units_list(s, a, commune_id, &units, &nu, err);
        for (size_t i = 0; !st && i < nu && !found; i++)
            found = strcmp(units[i].code, q->org_unit) == 0;
        if (!st && !found)
            return td_fail(err, TD_ERR_NOTFOUND, "không có đơn vị với mã \"%s\" (xem `thidua plan show %lld`)",
                           q->org_unit, (long long)plan_id);
        if (st)
            return st;
    }
    if (q->period.year == 0) {
        q->period.kind = PERIOD_YEAR;
        q->period.year = p->period_start ? atoi(p->period_start) : 0;
        q->period.index = 0;
    }
    st = store_values_list(s, a, &f, &vals, &n, err);
    if (st)
        return st;
    return eval_plan(a, p, vals, n, q, out, err);
}

void evaluation_today(char buf[11])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}
