/* values_json.h — the figures of a PUT /api/v1/plans/{id}/values body read into rows for
 * workflow_put: {"values": [ {…}, … ]} or one figure {…}. A figure's fields are strings,
 * numbers (read back the Vietnamese way, so 262.5 is "262,5") or yes/no booleans, or null;
 * "version" is the integer version the edit was made from.
 *
 * Pure: no store, no HTTP; the API server calls it, and fuzz/fuzz_values_json.c feeds it any
 * bytes. */
#ifndef TD_VALUES_JSON_H
#define TD_VALUES_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "workflow.h"

/* Reads body into *rows[0..*n) (in a). A body of the wrong shape is TD_ERR_INPUT with the
 * message saying what is expected and *problems NULL; rows that are not objects, fields of the
 * wrong type, unknown fields and versions outside 0 … INT_MAX are TD_ERR_INPUT with *problems
 * a new JSON array of {"index", "code": "invalid", "message"}, one per fault (the caller owns
 * it). Strings are copied into a: body may be released afterwards. */
/* A JSON scalar as the text a CSV cell would hold: numbers the Vietnamese way ("262,5"), booleans
 * "có"/"không"; NULL for null, arrays and objects. Every JSON body field read as text goes
 * through this, so the API and the CSV import read a figure the same way. */
const char *values_json_scalar_text(arena *a, const json_t *v);

td_status values_json_decode(arena *a, const json_t *body, value_input **rows, size_t *n, json_t **problems,
                             td_error *err);

#endif
