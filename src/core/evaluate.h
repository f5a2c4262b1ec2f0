/* evaluate.h — the target engine: judge every target of a plan from the data values.
 *
 * Three layers, each usable alone (docs/targets.md states every rule with an example):
 *   eval_judge      one target against one actual figure: verdict, degree, reason.
 *   eval_change     the change a growth target measures, from a value and its baseline.
 *   eval_plan       a whole plan for a period (and optionally one unit): per-unit figures
 *                   from the data values (flows sum their months, levels take the latest),
 *                   combined across units (sums, weighted rates, all-of), formulas, the pace
 *                   projection during the year, and the roll-up to parents and the plan.
 * Pure; no I/O: the caller passes the plan, the values and the date "as of". */
#ifndef TD_EVALUATE_H
#define TD_EVALUATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"
#include "period.h"
#include "target.h"

typedef enum eval_verdict {
    VERDICT_EXCEEDED,     /* "exceeded"      vượt */
    VERDICT_ACHIEVED,     /* "achieved"      đạt */
    VERDICT_NOT_ACHIEVED, /* "not_achieved"  không đạt (chưa đạt while the period runs) */
    VERDICT_NO_DATA,      /* "no_data"       chưa có số liệu */
    VERDICT_AWAITING,     /* "awaiting_assignment" chờ giao chỉ tiêu */
    VERDICT_COUNT
} eval_verdict;

typedef enum eval_pace {
    PACE_NONE,     /* the period is over, or has not begun, or nothing to project */
    PACE_ON_TRACK, /* "on_track"  đúng tiến độ */
    PACE_AT_RISK,  /* "at_risk"   có nguy cơ không đạt */
    PACE_BEHIND,   /* "behind"    chậm tiến độ */
} eval_pace;

const char *eval_verdict_code(eval_verdict v);
const char *eval_verdict_label_vi(eval_verdict v, bool final);
const char *eval_pace_code(eval_pace p); /* NULL for PACE_NONE */
const char *eval_pace_label_vi(eval_pace p);

/* What was observed for one target. A number for numeric targets (for a growth target, the
 * change itself); a yes/no for "done"; the items achieved for a checklist. */
typedef struct eval_actual {
    bool has_value;
    double value;
    bool has_yes;
    bool yes;
    const char **items;
    size_t n_items;
    bool has_items;
} eval_actual;

typedef struct eval_judgement {
    eval_verdict verdict;
    bool has_degree;
    double degree;      /* percent of the target (ranges: of the low end) */
    const char *rule;   /* the rule applied, in Vietnamese */
    const char *reason; /* one line, in Vietnamese: "Đạt 97,5% so với mục tiêu trên 97,2%" */
} eval_judgement;

/* Judges t against act. assigned: the value the city assigned, for an "assigned" target
 * (NULL when not yet assigned). final: the period is over ("chưa đạt" reads "không đạt"). */
void eval_judge(arena *a, const target *t, const double *assigned, const eval_actual *act, bool final,
                eval_judgement *out);

/* The change a growth target measures: for a target in percent, the relative change
 * (value − baseline) / baseline × 100 (a decrease counts positive when it falls); for any
 * other unit, the difference. False when the baseline is 0 for a relative change. */
bool eval_change(const target *t, double value, double baseline, double *change);

/* What eval_plan computes, for one period and optionally one unit. */
typedef struct eval_query {
    period period;
    const char *org_unit;  /* NULL: the whole commune */
    const char *as_of;     /* "YYYY-MM-DD": the day the evaluation is made (pace, final) */
    bool approved_only;    /* count approved values only (default: submitted and approved) */
} eval_query;

/* One unit's figure for one indicator over the period. */
typedef struct eval_unit_figure {
    const char *org_unit;
    eval_actual actual;
    bool has_denominator;
    double denominator;
    const char *periods; /* the periods it was read from: "2026-01…2026-10" */
} eval_unit_figure;

typedef struct eval_counts {
    size_t by_verdict[VERDICT_COUNT];
    size_t total;
} eval_counts;

typedef struct eval_node eval_node;
struct eval_node {
    const indicator *ind;
    bool has_target;
    eval_actual actual;          /* combined over the units in scope */
    bool has_baseline;           /* growth targets: the baseline the change was computed from */
    double baseline, level;      /* level: the value before the change was computed */
    eval_judgement judgement;    /* the node's own target */
    bool final;                  /* the period is over as of the evaluation date */
    eval_pace pace;
    bool has_projected;
    double projected;            /* projected year-end figure (same meaning as actual.value) */
    eval_verdict projected_verdict;
    eval_unit_figure *units;     /* units that reported */
    size_t n_units;
    const char **missing;        /* responsible units without a value */
    size_t n_missing;
    const char *method;          /* how the figure was obtained, in Vietnamese */
    eval_verdict verdict;        /* own verdict rolled up with the children's */
    eval_counts counts;          /* leaf targets below (or the node itself when a leaf) */
    eval_node *children;
    size_t n_children;
};

typedef struct eval_summary {
    eval_counts all;
    eval_counts by_group[GROUP_COUNT];
    const char **units; /* responsible unit codes, sorted */
    eval_counts *by_unit;
    size_t n_units;
    size_t no_report; /* leaf targets with a responsible unit that has not reported */
} eval_summary;

typedef struct eval_report {
    const plan *plan;
    eval_query query;
    bool final;
    int elapsed_months, total_months;
    eval_node *nodes; /* the roots, mirroring plan->indicators */
    size_t n_nodes;
    eval_summary summary;
} eval_report;

/* Evaluates p for q from the n values vals (any plan's values are ignored). Fails only for a
 * bad query (an as_of that is not a date, a period outside the plan's years) or a formula that
 * does not parse, with a Vietnamese message. Everything lives in a. */
td_status eval_plan(arena *a, const plan *p, const data_value *vals, size_t n, const eval_query *q,
                    eval_report *out, td_error *err);

/* The JSON shapes: {"target", "verdict", "degree", "reason", "rule"} for a judgement; the whole
 * report with a node per indicator for eval_report_to_json. */
json_t *eval_judgement_to_json(const target *t, const eval_judgement *j);
json_t *eval_report_to_json(arena *a, const eval_report *r);

#endif
