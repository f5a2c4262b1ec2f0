/* fuzz_period.c — libFuzzer target: a reporting period (src/core/period.c), as every query
 * string, CSV line and JSON figure gives it, and a calendar date. A period that parses must
 * write back to a code that parses to the same period, and lie within its year. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    arena *a = arena_new();
    period p, back;
    td_error e = {0};
    if (period_parse(s, &p, &e) == TD_OK) {
        char code[12];
        int first, last;
        period_code(&p, code);
        if (period_parse(code, &back, &e) != TD_OK || back.kind != p.kind || back.year != p.year ||
            back.index != p.index)
            abort();
        period_months(&p, &first, &last);
        if (first < 1 || last > 12 || first > last || !period_contains(&p, &p) || !period_label_vi(a, &p))
            abort();
    } else if (!e.msg[0])
        abort();
    char *vi = date_format_vi(a, s);
    if (!vi || (date_iso_valid(s) && strlen(vi) != 10))
        abort();
    arena_free(a);
    free(s);
    return 0;
}
