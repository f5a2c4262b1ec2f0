/* vnum.h — numbers as Vietnamese writes them: decimal comma and thousands dot.
 *
 * "8.990" is 8990, "362,4" is 362.4, "148.000" is 148000, "1.500" is 1500, "4,5" is 4.5.
 * Parsing and formatting go through ICU's number formats for the "vi" locale; this module
 * only decides what a number token is and how many decimals officials write. */
#ifndef TD_VNUM_H
#define TD_VNUM_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"

/* Parses the whole of s[0..len) as one Vietnamese number (an optional leading '-' or '+').
 * A dot must group exactly three digits ("8.990", "1.500.000"); a comma is the decimal
 * mark. Anything else (letters, "8.99", "1,2,3", empty) is TD_ERR_INPUT with a message
 * saying what was expected. A number of VNUM_MAX or more (16 digits before the comma) is
 * TD_ERR_INPUT too: a double would not hold it exactly. */
#define VNUM_MAX 1e15
td_status vnum_parse(const char *s, size_t len, double *out, td_error *err);

/* Reads the longest Vietnamese number that starts exactly at s (digits first) and returns
 * the bytes it used, or 0 when s does not start with a number. A trailing dot or comma that
 * is punctuation ("đạt 98%." or "19,") is not consumed. */
size_t vnum_scan(const char *s, double *out);

/* Formats v the way officials write it: thousands dot, decimal comma, at most max_frac
 * decimals with trailing zeros dropped: 8990 → "8.990", 362.4 → "362,4", 19 → "19". */
char *vnum_format(arena *a, double v, int max_frac);

/* Releases the per-thread ICU formatter; call at thread exit (optional at process exit). */
void vnum_thread_cleanup(void);

#endif
