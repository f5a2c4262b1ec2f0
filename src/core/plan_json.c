/* plan_json.c — plans, indicators and values as JSON; see plan_json.h. */
#include "plan_json.h"

static json_t *str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *strings(const char *const *list, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(list[i]));
    return a;
}

json_t *indicator_to_json(const indicator *ind)
{
    json_t *children = json_array(), *shares = json_array();
    for (size_t i = 0; i < ind->n_children; i++)
        json_array_append_new(children, indicator_to_json(&ind->children[i]));
    for (size_t i = 0; i < ind->n_unit_targets; i++)
        json_array_append_new(shares, json_pack("{s:s, s:o}", "org_unit", ind->unit_targets[i].org_unit_code,
                                                "target", target_to_json(&ind->unit_targets[i].target)));
    json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)ind->id,
                          "code", ind->code, "name", ind->name, "unit", str(ind->unit), "group",
                          indicator_group_code(ind->group), "frequency", frequency_code(ind->freq), "measure",
                          measure_code(ind->meas), "responsible", strings(ind->responsible, ind->n_responsible),
                          "line", ind->line ? json_integer(ind->line) : json_null(), "target",
                          ind->target ? target_to_json(ind->target) : json_null(), "children", children);
    json_object_set_new(o, "measure_label", json_string(measure_label_vi(ind->meas)));
    json_object_set_new(o, "aggregation", json_string(aggregation_code(ind->agg)));
    json_object_set_new(o, "aggregation_label", json_string(aggregation_label_vi(ind->agg)));
    json_object_set_new(o, "direction", json_string(direction_code(ind->dir)));
    json_object_set_new(o, "direction_label", json_string(direction_label_vi(ind->dir)));
    json_object_set_new(o, "unit_targets", shares);
    return o;
}

json_t *task_to_json(const task *t)
{
    return json_pack("{s:s, s:o, s:o, s:s, s:s, s:o}", "text", t->text, "lead", str(t->lead), "assignee",
                     str(t->assignee), "duty", task_duty_code(t->duty), "duty_label", task_duty_label_vi(t->duty),
                     "due", str(t->due));
}

json_t *plan_header_to_json(const plan *p)
{
    plan_counts c;
    plan_count(p, &c);
    json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o}, s:b}", "id",
                          (json_int_t)p->id, "commune", str(p->commune_code), "number", str(p->number), "issued_on",
                          str(p->issued_on), "date_line", str(p->date_line), "issuer", str(p->issuer), "signer",
                          str(p->signer), "signer_title", str(p->signer_title), "title", str(p->title), "period",
                          "start", str(p->period_start), "end", str(p->period_end), "demo", p->is_demo);
    json_object_set_new(o, "implements",
                        p->implements_number
                            ? json_pack("{s:o, s:o, s:o, s:o}", "number", str(p->implements_number), "date",
                                        str(p->implements_date), "issuer", str(p->implements_issuer), "title",
                                        str(p->implements_title))
                            : json_null());
    return o;
}

json_t *plan_to_json(const plan *p)
{
    json_t *o = plan_header_to_json(p);
    json_t *themes = json_array(), *deadlines = json_array(), *movements = json_array(), *phases = json_array(),
           *tasks = json_array(), *recipients = json_array(), *inds = json_array();
    plan_counts c;

    for (size_t i = 0; i < p->n_themes; i++)
        json_array_append_new(themes, json_pack("{s:s, s:i, s:s}", "level", p->themes[i].level, "year",
                                                p->themes[i].year, "text", p->themes[i].text));
    for (size_t i = 0; i < p->n_deadlines; i++) {
        const plan_deadline *d = &p->deadlines[i];
        json_array_append_new(deadlines,
                              json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "kind", d->kind, "due", d->due,
                                        "last_on_time", d->last_on_time ? d->last_on_time : d->due, "wording",
                                        str(d->wording), "from", str(d->from), "to", str(d->to), "to_unit",
                                        str(d->to_unit)));
    }
    for (size_t i = 0; i < p->n_movements; i++)
        json_array_append_new(movements, json_pack("{s:s, s:s, s:o}", "name", p->movements[i].name, "level",
                                                   p->movements[i].level, "launched_by",
                                                   str(p->movements[i].launched_by)));
    for (size_t i = 0; i < p->n_phases; i++)
        json_array_append_new(phases, json_pack("{s:s, s:o, s:o}", "name", p->phases[i].name, "starts_on",
                                                str(p->phases[i].starts_on), "ends_on", str(p->phases[i].ends_on)));
    for (size_t i = 0; i < p->n_tasks; i++)
        json_array_append_new(tasks, task_to_json(&p->tasks[i]));
    for (size_t i = 0; i < p->n_recipients; i++) {
        const recipient *r = &p->recipients[i];
        json_array_append_new(recipients, json_pack("{s:s, s:o, s:o, s:o}", "text", r->text, "purpose",
                                                    str(r->purpose), "org_unit", str(r->org_unit), "org_kind",
                                                    str(r->org_kind)));
    }
    for (size_t i = 0; i < p->n_indicators; i++)
        json_array_append_new(inds, indicator_to_json(&p->indicators[i]));
    plan_count(p, &c);
    json_object_set_new(o, "themes", themes);
    json_object_set_new(o, "deadlines", deadlines);
    json_object_set_new(o, "general_goal", str(p->general_goal));
    json_object_set_new(o, "rewards", str(p->rewards));
    json_object_set_new(o, "movements", movements);
    json_object_set_new(o, "phases", phases);
    json_object_set_new(o, "tasks", tasks);
    json_object_set_new(o, "recipients", recipients);
    json_object_set_new(o, "counts",
                        json_pack("{s:I, s:I, s:I, s:I}", "indicators", (json_int_t)c.indicators, "roots",
                                  (json_int_t)c.roots, "targets", (json_int_t)c.targets, "leaf_targets",
                                  (json_int_t)c.leaf_targets));
    json_object_set_new(o, "indicators", inds);
    return o;
}

json_t *data_value_to_json(const data_value *v)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:i, s:o, s:o, s:o, s:b}", "id",
                     (json_int_t)v->id, "indicator", v->indicator_code, "org_unit", v->org_unit_code, "period",
                     v->period, "value", v->has_value ? json_real(v->value) : json_null(), "text", str(v->text),
                     "note", str(v->note), "evidence", str(v->evidence), "status", value_status_code(v->status),
                     "version", v->version, "updated_by", str(v->updated_by), "updated_at", str(v->updated_at),
                     "review_comment", str(v->review_comment), "demo", v->is_demo);
    json_object_set_new(o, "denominator", v->has_denominator ? json_real(v->denominator) : json_null());
    return o;
}
