/* fuzz_values_json.c — libFuzzer target: the JSON body of PUT /api/v1/plans/{id}/values on any
 * bytes, through what the server does with it: jansson's reader as the API calls it, the
 * decoding into rows (src/service/values_json.c) and workflow_put, which checks every row as a
 * CSV line and saves them, against the demo plan in a temporary database, as an administrator.
 * A body that is saved must be read back: every figure it wrote is in the store. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "fuzz_store.h"
#include "service/values_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s as the CSV reader takes a cell: spaces and tabs around it, a '\r' at its end, dropped. */
static const char *trimmed(arena *a, const char *s)
{
    if (!s)
        return NULL;
    s += strspn(s, " \t");
    size_t n = strlen(s);
    while (n && strchr(" \t\r", s[n - 1]))
        n--;
    return arena_strndup(a, s, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    store *s = fuzz_store();
    const user admin = {.id = 1, .username = "fuzz", .display_name = "Fuzz", .role = ROLE_ADMIN};
    json_error_t je;
    json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(body)) {
        json_decref(body);
        return 0;
    }
    arena *a = arena_new();
    value_input *rows;
    size_t n, saved = 0;
    json_t *problems = NULL;
    td_error e = {0};
    td_status st = values_json_decode(a, body, &rows, &n, &problems, &e);
    json_decref(body); /* the rows must not point into it */
    if (st == TD_OK) {
        json_decref(problems);
        problems = NULL;
        st = workflow_put(s, a, 1, &admin, rows, n, &saved, &problems, &e);
        if (st == TD_OK && saved > n)
            abort();
        for (size_t i = 0; st == TD_OK && i < n; i++) {
            data_value got;
            period p;
            char code[12];
            td_error ge = {0};
            if (period_parse(trimmed(a, rows[i].period), &p, &ge) != TD_OK)
                abort(); /* saved with a period that does not read */
            period_code(&p, code);
            if (store_value_get(s, a, 1, trimmed(a, rows[i].indicator), trimmed(a, rows[i].org_unit), code, &got,
                                &ge) != TD_OK)
                abort(); /* acknowledged and not there */
        }
    }
    if (st != TD_OK && !e.msg[0])
        abort();
    json_decref(problems);
    arena_free(a);
    return 0;
}
