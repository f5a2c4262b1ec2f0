/* fuzz_target.c — libFuzzer target: one target phrase (src/core/target.c) and its verdict
 * (src/core/evaluate.c). A phrase that parses must validate, format, and parse back to the
 * same meaning. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/evaluate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    arena *a = arena_new();
    char *text = arena_strndup(a, (const char *)data, size);
    target t, back;
    td_error e = {0};
    if (strlen(text) == size && target_parse(a, text, &t, &e) == TD_OK) {
        if (target_validate(&t, &e) != TD_OK)
            abort();
        eval_actual x = {.has_value = true, .value = size * 1.5};
        eval_judgement j;
        /* every direction: the verdict's reason is always written */
        for (direction d = DIR_HIGHER; d <= DIR_BAND; d++) {
            eval_judge(a, &t, d, NULL, &x, true, &j);
            if (!j.reason)
                abort();
        }
        if (t.op != TARGET_LIST && t.op != TARGET_DONE && target_parse(a, target_format(a, &t), &back, &e) == TD_OK &&
            !target_equal(&t, &back) && t.unit == NULL)
            abort();
    }
    arena_free(a);
    return 0;
}
