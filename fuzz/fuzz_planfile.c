/* fuzz_planfile.c — libFuzzer target: a plan data file (src/service/planfile.c), the JSON body
 * of POST /api/v1/plans and PUT /api/v1/plans/{id}, on any bytes. A file that is accepted must
 * write back (planfile_to_json) to a document that is accepted again, with the same records. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "service/planfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size ? size : 1);
    memcpy(copy, data, size);
    arena *a = arena_new();
    planfile pf, back;
    td_error e = {0};
    if (planfile_parse(a, "fuzz.json", copy, size, &pf, &e) == TD_OK) {
        json_t *j = planfile_to_json(&pf);
        char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
        if (!text)
            abort();
        if (planfile_parse(a, "back.json", text, strlen(text), &back, &e) != TD_OK)
            abort();
        if (back.n_units != pf.n_units || back.n_blocks != pf.n_blocks || !back.plan != !pf.plan ||
            (pf.plan && back.plan->n_indicators != pf.plan->n_indicators))
            abort();
        free(text);
        json_decref(j);
    } else if (!e.msg[0])
        abort();
    arena_free(a);
    free(copy);
    return 0;
}
