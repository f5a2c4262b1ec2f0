/* demo_generate.h — synthetic communes for benchmarks and demonstrations (`thidua demo
 * generate`): N communes of one city, each with the seed plan (data/plans/kien-hai-2026.json),
 * its units and random figures for K months around each target (some exceeded, some missed,
 * some missing), one transaction per commune. Works on any backend: everything goes through
 * the store. */
#ifndef TD_SERVICE_DEMO_GENERATE_H
#define TD_SERVICE_DEMO_GENERATE_H

#include <stdint.h>
#include <stdio.h>

#include "store/store.h"

typedef struct demo_spec {
    int communes;  /* 1 … 9999 */
    int units;     /* units that report figures in each commune, 1 … 200 (the seed's units always
                      exist: the plan names them; more are added as villages) */
    int months;    /* 1 … 12: figures for the plan year's first months (quarters and the year when
                      complete) */
    uint64_t seed; /* the random sequence: the same spec makes the same data */
    const char *city; /* NULL: the seed plan's city */
} demo_spec;

typedef struct demo_summary {
    int communes;
    size_t values;
    double seconds;
} demo_summary;

/* Generates the communes, printing one line per commune on progress (NULL: silent). Run again
 * (for another city, say), it adds communes after those generated before: names and codes go
 * on ("xã An Hải", … "sinh-an-hai", …). */
td_status demo_generate(store *s, const demo_spec *spec, FILE *progress, demo_summary *out, td_error *err);

#endif
