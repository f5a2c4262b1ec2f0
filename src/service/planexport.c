/* planexport.c — a stored plan as a plan data file; see planexport.h. */
#include "planexport.h"

#include "planfile.h"
#include "policy.h"

td_status planexport_json(store *s, arena *a, const user *viewer, td_id plan_id, json_t **out, td_error *err)
{
    /* a plan of another commune does not exist for the viewer (service/policy.h) */
    td_status allowed = policy_plan(s, viewer, plan_id, err);
    if (allowed)
        return allowed;
    planfile pf = {0};
    org_unit *units = NULL;
    td_status st = store_plan_get(s, a, plan_id, &pf.plan, err);
    if (!st)
        st = store_commune_find(s, a, pf.plan->commune_code, &pf.commune, err);
    if (!st)
        st = store_org_units_list(s, a, pf.commune.id, &units, &pf.n_units, err);
    if (!st)
        st = store_blocks_list(s, a, pf.commune.id, &pf.blocks, &pf.n_blocks, err);
    if (st)
        return st;
    pf.units = planfile_units_parents_first(a, units, pf.n_units);
    pf.demo = pf.plan->is_demo;
    *out = planfile_to_json(&pf);
    return TD_OK;
}
