/* fuzz_extract.c — libFuzzer target: plan extraction on any bytes (src/core/extract.c).
 * Every target it returns must be a valid spec, and the JSON must build. */
#include <stdint.h>
#include <stdlib.h>

#include "core/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    extract_result r;
    td_error e = {0};
    if (extract_plan(a, (const char *)data, size, &r, &e) == TD_OK) {
        for (size_t i = 0; i < r.n_targets; i++)
            if (target_validate(&r.targets[i].target, &e) != TD_OK)
                abort();
        json_decref(extract_to_json(&r));
        json_decref(extract_to_plan_json(a, &r, 0));
    }
    arena_free(a);
    return 0;
}
