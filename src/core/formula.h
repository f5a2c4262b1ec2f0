/* formula.h — computed indicators: a small expression language over indicator codes.
 *
 * A formula names other indicators of the same plan in square brackets and combines them
 * with + - * / and parentheses; numbers are written the Vietnamese way:
 *   "[10.1.a] / [10.1.b] * 100"          a rate: numerator over denominator, in percent
 *   "[1.3.1] + [1.3.3]"                  a sum of sectors
 *   "([5.1] + [5.2]) * 0,5"
 * The engine evaluates the referenced indicators first (summed over the units in scope), so
 * a rate computed by formula is the weighted rate: Σ numerators / Σ denominators.
 * Pure; no I/O. */
#ifndef TD_FORMULA_H
#define TD_FORMULA_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"

typedef struct formula formula;

/* Parses text; the tree lives in a. TD_ERR_INPUT with a Vietnamese message that points at the
 * offending character for anything else (an empty reference, an unbalanced parenthesis, a
 * trailing operator, "97.2"). */
td_status formula_parse(arena *a, const char *text, formula **out, td_error *err);

/* The indicator codes the formula reads, in order of first appearance, without repeats. */
size_t formula_refs(const formula *f, const char ***codes);

/* Looks up the value of one referenced indicator; false when it has no value. */
typedef bool (*formula_lookup)(void *ctx, const char *code, double *value);

/* Evaluates f. Returns false (and sets *missing to the first code without a value, or NULL
 * for a division by zero) when the result is undefined. */
bool formula_eval(const formula *f, formula_lookup lookup, void *ctx, double *out, const char **missing);

#endif
