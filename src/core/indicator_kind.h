/* indicator_kind.h — how an indicator runs through the year (measure), rolls up across units
 * (aggregation) and which way is better (direction), guessed from its wording, unit and target
 * when a plan does not say. The guess is only a default: every plan file, the set-up page and
 * the API can set each one explicitly (docs/targets.md lists the rules with their reasons). */
#ifndef TD_INDICATOR_KIND_H
#define TD_INDICATOR_KIND_H

#include "arena.h"
#include "model.h"
#include "target.h"

typedef struct indicator_kind {
    measure meas;
    aggregation agg;
    direction dir;
} indicator_kind;

/* Guesses the three from name (what is measured), unit (the indicator's unit, may be NULL) and
 * t (its target, may be NULL). Pure; scratch memory from a. */
void indicator_kind_guess(arena *a, const char *name, const char *unit, const target *t, indicator_kind *out);

/* True when the indicator is itself a percentage (a rate: "tỷ lệ hộ nghèo"), so that a fall or
 * a rise written in % of it is in percentage points, not relative. */
bool indicator_is_rate(const indicator *ind);

#endif
