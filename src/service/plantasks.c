/* plantasks.c — a plan's tasks with their leads' names; see plantasks.h. */
#include "plantasks.h"

#include <string.h>

#include "core/plan_json.h"

const char *plantasks_unit_name(const org_unit *units, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(units[i].code, code) == 0)
            return units[i].name;
    return NULL;
}

td_status plantasks_name_leads(store *s, arena *a, const plan *p, json_t *tasks, td_error *err)
{
    td_id commune_id = 0;
    org_unit *units = NULL;
    size_t n = 0;
    td_status st = store_plan_commune(s, p->id, &commune_id, err);
    if (!st)
        st = store_org_units_list(s, a, commune_id, &units, &n, err);
    for (size_t i = 0; !st && i < p->n_tasks && i < json_array_size(tasks); i++) {
        const char *name = plantasks_unit_name(units, n, p->tasks[i].lead);
        json_object_set_new(json_array_get(tasks, i), "lead_name", name ? json_string(name) : json_null());
    }
    return st;
}

td_status plantasks_json(store *s, arena *a, const plan *p, json_t **out, td_error *err)
{
    json_t *tasks = json_array();
    for (size_t i = 0; i < p->n_tasks; i++)
        json_array_append_new(tasks, task_to_json(&p->tasks[i]));
    td_status st = plantasks_name_leads(s, a, p, tasks, err);
    if (st)
        json_decref(tasks);
    else
        *out = tasks;
    return st;
}
