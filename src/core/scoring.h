/* scoring.h — an emulation block's scoring table (bảng chấm điểm) applied to its units: points
 * of a criterion derived from the unit's own verdicts, totals, ranking with ties, and the
 * classification by the block's thresholds. Pure: the service reads the verdicts and the
 * manual points and calls these. */
#ifndef TD_CORE_SCORING_H
#define TD_CORE_SCORING_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"

typedef enum score_kind {
    SCORE_TARGETS, /* "targets": max × achieved / assigned, from the unit × indicator verdicts */
    SCORE_MANUAL,  /* "manual": entered by hand, with a note */
    SCORE_BONUS,   /* "bonus": added, up to max, with a note */
    SCORE_PENALTY, /* "penalty": subtracted, up to max, with a note */
    SCORE_KIND_COUNT
} score_kind;

const char *score_kind_code(score_kind k);
bool score_kind_parse(const char *code, score_kind *out);

typedef struct score_criterion {
    const char *code, *group, *name;
    score_kind kind;
    double max_points;
} score_criterion;

typedef struct score_threshold {
    const char *code, *label; /* "xuat_sac", "Hoàn thành xuất sắc nhiệm vụ" */
    double min_points;
} score_threshold;

/* The table holds together: at least one criterion, codes unique and not empty, 0 < max ≤ 1000,
 * thresholds with a code and a label, min_points ≥ 0 and strictly decreasing. TD_ERR_INPUT with
 * a Vietnamese reason naming the criterion or the threshold by its name otherwise. */
td_status scoring_validate(const score_criterion *c, size_t n, const score_threshold *t, size_t nt, td_error *err);

/* Points of a "targets" criterion: max × achieved / assigned, rounded to 2 decimals; 0 when no
 * target was assigned. */
double scoring_targets_points(double max_points, int achieved, int assigned);

/* Rounds to 2 decimals, the precision points are compared and shown at: two totals that print
 * the same are the same for the ranking. */
double scoring_round(double v);

/* The total of a unit: every line adds its points but penalties, which subtract; never below 0. */
double scoring_total(const score_criterion *c, const double *points, size_t n);

typedef struct score_rank {
    size_t index; /* the unit's position in the input */
    double total;
    int rank;  /* standard competition ranking: 1, 2, 2, 4 */
    bool tied; /* shares its rank with another unit */
} score_rank;

/* Ranks n totals, high first: out[0..n) in rank order; units with equal (rounded) totals share
 * the rank and keep their input order (the caller passes units in Vietnamese name order), and the
 * next unit's rank counts the units above it. */
void scoring_rank(const double *totals, size_t n, score_rank *out);

/* The index of the first threshold (high to low) whose min_points the total reaches; -1 when
 * none does. */
int scoring_classify(const score_threshold *t, size_t nt, double total);

#endif
