/* plan_json.h — the JSON shape of plans, indicators and data values, one shape for the CLI
 * and the API (docs/target-json.md, docs/plan-file.md). Pure. */
#ifndef TD_PLAN_JSON_H
#define TD_PLAN_JSON_H

#include <jansson.h>

#include "model.h"

/* The plan's header fields, "counts", and the indicator tree under "indicators"; each
 * indicator is {"code", "name", "unit", "group", "frequency", "measure", "responsible",
 * "line", "target": {…}|null, "children": […]}. New reference. */
json_t *plan_to_json(const plan *p);

/* A task of "Tổ chức thực hiện": {"text", "lead", "assignee", "duty", "duty_label", "due"}; the
 * lead's name is the service's to add (plantasks.h). New reference. */
json_t *task_to_json(const task *t);

/* The header only, for lists. New reference. */
json_t *plan_header_to_json(const plan *p);

json_t *indicator_to_json(const indicator *ind);

json_t *data_value_to_json(const data_value *v);

#endif
