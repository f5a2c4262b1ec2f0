/* fuzz_vnum.c — libFuzzer target: a number written the Vietnamese way (src/core/vnum.c), as
 * every figure is typed. A number that parses must format and parse back to itself (to the
 * decimals formatting keeps); the scanner never reads past the number it reports. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/vnum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0;
    /* vnum_parse gets an exact-size copy, so that reading past the end is caught */
    char *exact = malloc(size ? size : 1), *s = malloc(size + 1);
    memcpy(exact, data, size);
    memcpy(s, data, size);
    s[size] = '\0';
    arena *a = arena_new();
    double v, back;
    td_error e = {0};
    if (vnum_parse(exact, size, &v, &e) == TD_OK) {
        if (!isfinite(v))
            abort();
        char *text = vnum_format(a, v, 6);
        if (!text || vnum_parse(text, strlen(text), &back, &e) != TD_OK)
            abort();
        if (fabs(back - v) > 1e-6 * fmax(1.0, fabs(v)))
            abort();
    } else if (!e.msg[0])
        abort();
    double w;
    size_t used = vnum_scan(s, &w);
    if (used > strlen(s))
        abort();
    arena_free(a);
    free(s);
    free(exact);
    return 0;
}
