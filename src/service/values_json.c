/* values_json.c — see values_json.h. */
#include "values_json.h"

#include <limits.h>
#include <string.h>

#include "core/vnum.h"

const char *values_json_scalar_text(arena *a, const json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v) || json_is_real(v))
        return vnum_format(a, json_number_value(v), 10);
    if (json_is_boolean(v))
        return json_is_true(v) ? "có" : "không";
    return NULL;
}

static void problem(json_t *problems, size_t i, const char *message)
{
    json_array_append_new(problems, json_pack("{s:I, s:s, s:s}", "index", (json_int_t)i, "code", "invalid",
                                              "message", message));
}

/* The field named key of row, or NULL for a field figures do not have. */
static const char **slot_of(value_input *row, const char *key)
{
    return strcmp(key, "indicator") == 0     ? &row->indicator
           : strcmp(key, "org_unit") == 0    ? &row->org_unit
           : strcmp(key, "period") == 0      ? &row->period
           : strcmp(key, "value") == 0       ? &row->value
           : strcmp(key, "denominator") == 0 ? &row->denominator
           : strcmp(key, "numerator") == 0   ? &row->numerator
           : strcmp(key, "note") == 0        ? &row->note
           : strcmp(key, "evidence") == 0    ? &row->evidence
                                             : NULL;
}

static void decode_row(arena *a, const json_t *o, size_t i, value_input *row, json_t *problems)
{
    const char *key;
    json_t *v;
    if (!json_is_object(o)) {
        problem(problems, i, "cần một đối tượng JSON");
        return;
    }
    json_object_foreach((json_t *)o, key, v)
    {
        if (strcmp(key, "version") == 0) {
            /* A version cast to int would wrap: 4294967297 must not pass for version 1. */
            json_int_t ver = json_is_integer(v) ? json_integer_value(v) : -1;
            if (ver < 0 || ver > INT_MAX)
                problem(problems, i, "phiên bản (version) phải là số nguyên không âm");
            row->has_version = ver >= 0 && ver <= INT_MAX;
            row->version = row->has_version ? (int)ver : 0;
            continue;
        }
        const char *text = values_json_scalar_text(a, v);
        const char **slot = slot_of(row, key);
        if (!slot || (!text && !json_is_null(v))) {
            problem(problems, i,
                    arena_printf(a, "trường \"%s\" %s", key, slot ? "có kiểu không hợp lệ" : "không được hỗ trợ"));
            continue;
        }
        *slot = text ? arena_strdup(a, text) : NULL;
    }
}

td_status values_json_decode(arena *a, const json_t *body, value_input **rows, size_t *n, json_t **problems,
                             td_error *err)
{
    *rows = NULL;
    *n = 0;
    *problems = NULL;
    json_t *list = json_object_get(body, "values");
    bool bulk = list != NULL;
    if (!json_is_object(body) || (bulk && (!json_is_array(list) || json_object_size(body) != 1)))
        return td_fail(err, TD_ERR_INPUT, "cần {\"values\": [ … ]} hoặc một số liệu");
    size_t count = bulk ? json_array_size(list) : 1;
    value_input *out = arena_calloc(a, count + 1, sizeof *out);
    json_t *bad = json_array();
    for (size_t i = 0; i < count; i++)
        decode_row(a, bulk ? json_array_get(list, i) : body, i, &out[i], bad);
    if (json_array_size(bad)) {
        *problems = bad;
        return td_fail(err, TD_ERR_INPUT, "có dòng số liệu không hợp lệ; không dòng nào được lưu");
    }
    json_decref(bad);
    *rows = out;
    *n = count;
    return TD_OK;
}
