/* fuzz_csv.c — libFuzzer target: a values CSV import (src/service/values_csv.c) on any bytes,
 * checked against the embedded Kiến Hải 2026 plan and its units, as `thidua values import` and
 * every figure sent through the API (workflow_put writes each as a one-line CSV) are checked.
 * A file that is accepted must give values that name the plan's indicators and units. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "service/planfile.h"
#include "service/planload.h"
#include "service/values_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static arena *plan_arena;
static planfile pf;

static void load_plan(void)
{
    size_t len;
    const char *json = planload_embedded("kien-hai-2026.json", &len);
    td_error e = {0};
    plan_arena = arena_new();
    if (!json || planfile_parse(plan_arena, "kien-hai-2026.json", json, len, &pf, &e) != TD_OK || !pf.plan)
        abort();
}

static bool has_unit(const char *code)
{
    for (size_t i = 0; i < pf.n_units; i++)
        if (strcmp(pf.units[i].code, code) == 0)
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!plan_arena)
        load_plan();
    /* an exact-size copy, not NUL-terminated, so that reading past the end is caught */
    char *copy = malloc(size ? size : 1);
    memcpy(copy, data, size);
    arena *a = arena_new();
    data_value *vals = NULL;
    size_t n = 0;
    td_error e = {0};
    if (values_csv_parse(a, pf.plan, pf.units, pf.n_units, "fuzz.csv", copy, size, &vals, &n, &e) == TD_OK) {
        for (size_t i = 0; i < n; i++)
            if (!plan_find_indicator(pf.plan, vals[i].indicator_code) || !has_unit(vals[i].org_unit_code))
                abort();
    } else if (!e.msg[0])
        abort(); /* a refusal always says why */
    arena_free(a);
    free(copy);
    return 0;
}
