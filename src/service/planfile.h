/* planfile.h — the plan data file (docs/plan-file.md) read into the model.
 *
 * Pure: it takes the file's bytes, not a path, and touches no database. Everything is
 * checked before anything is stored: types, unknown fields (a typo would lose data in
 * silence), codes, dates, enumerations, target specs, and references between them. */
#ifndef TD_PLANFILE_H
#define TD_PLANFILE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/model.h"

typedef struct planfile_assignment {
    const char *indicator;
    const char **units;
    size_t n_units;
} planfile_assignment;

/* The value the city assigned to an "as assigned" target. */
typedef struct planfile_assigned {
    const char *indicator;
    double value;
} planfile_assigned;

/* "unit_targets" of a file that adds to a plan (demo shares): the shares of one indicator. */
typedef struct planfile_unit_targets {
    const char *indicator;
    unit_target *shares;
    size_t n_shares;
} planfile_unit_targets;

typedef struct planfile {
    bool demo;
    const char *label;
    commune commune;
    org_unit *units;
    size_t n_units;
    block *blocks;
    size_t n_blocks;
    plan *plan; /* NULL in a file that only adds units, blocks and values to a plan */
    planfile_assignment *assignments;
    size_t n_assignments;
    planfile_assigned *assigned; /* "assigned_values": {"7": 1.5} */
    size_t n_assigned;
    planfile_unit_targets *unit_targets; /* "unit_targets": {"1.3.1": [{"org_unit", "target"}]} */
    size_t n_unit_targets;
    const char *values; /* a CSV file name beside this one, or NULL */
} planfile;

/* Parses data[0..len). name is used in messages: "data/plans/x.json: plan.indicators[3].name:
 * cần một chuỗi". Every string is NFC. */
td_status planfile_parse(arena *a, const char *name, const char *data, size_t len, planfile *out, td_error *err);

/* The inverse: pf as a "thidua-plan/1" document that planfile_parse reads back to the same
 * records (assignments, assigned values and responsible units are written inside the indicators;
 * the values CSV is not written). Optional fields without a value are null. New reference. */
json_t *planfile_to_json(const planfile *pf);

/* units[0..n) reordered so that a unit comes after its parent when the parent is in the list
 * (a loader upserts a parent before it is named); otherwise the order is kept. In a. */
org_unit *planfile_units_parents_first(arena *a, const org_unit *units, size_t n);

#endif
