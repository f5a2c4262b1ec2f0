/* evaluate.h — the target engine: judge every target of a plan from the data values.
 *
 * Three layers, each usable alone (docs/targets.md states every rule with an example):
 *   eval_judge      one target against one actual figure: verdict, degree, reason.
 *   eval_change     the change a growth target measures, from a value and its baseline.
 *   eval_plan       a whole plan for a period (and optionally one unit): per-unit figures
 *                   from the data values (flows sum their months, stocks and build-ups take
 *                   the latest), combined across units by the indicator's aggregation (sums,
 *                   weighted rates and ratios, the commune's own figure, all-of), formulas,
 *                   the pace projection during the year, the units' assigned targets and
 *                   shares, and the roll-up to parents and the plan.
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
    bool in_points;  /* a change of a percentage, in percentage points ("giảm 0,3 điểm phần trăm") */
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

/* Judges t against act. dir: which way is better for the indicator (model.h); it decides
 * "=", range, band, approx and assigned targets ("khoảng 8.990 con" at 9.500 is exceeded when
 * more is better, missed inside a band); explicit "từ … trở lên" / "dưới …" keep their own sense,
 * and a growth target is judged on its change in its own sense unless dir is DIR_BAND.
 * assigned: the value the city assigned, for an "assigned" target (NULL when not yet assigned).
 * final: the period is over ("chưa đạt" reads "không đạt"). The degree never contradicts the
 * verdict (below 100 when missed, at least 100 when achieved) and is never negative. */
void eval_judge(arena *a, const target *t, direction dir, const double *assigned, const eval_actual *act,
                bool final, eval_judgement *out);

/* The change a growth target measures. points: the indicator is itself a percentage
 * (indicator_is_rate), so a change in % is in percentage points: the difference. Otherwise, for
 * a target in percent, the relative change (value − baseline) / baseline × 100; for any other
 * unit, the difference. A decrease counts positive when it falls. False when the baseline is 0
 * for a relative change. */
bool eval_change(const target *t, double value, double baseline, bool points, double *change);

/* What eval_plan computes, for one period and optionally one unit. */
typedef struct eval_query {
    period period;
    const char *org_unit;  /* NULL: the whole commune */
    const char *as_of;     /* "YYYY-MM-DD": the day the evaluation is made (pace, final); values
                              of periods that start after its month are not counted */
    bool approved_only;    /* count approved values only (default: submitted and approved) */
    const org_unit *units; /* the commune's units, so that methods and reasons name them ("Thôn
                              Thái Lai"); NULL: the codes are shown */
    size_t n_units;
} eval_query;

/* The name of unit code from q->units, or the code when it is not there. */
const char *eval_unit_name(const eval_query *q, const char *code);

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

/* Commune scope: the targets assigned to units for one indicator (giao chỉ tiêu). sum is the sum
 * of the shares (the low ends of ranges; sum_high their high ends) for an additive (AGG_SUM)
 * numeric target in the commune's unit; matches compares it with the commune's target
 * (docs/targets.md). */
typedef struct eval_shares {
    size_t n;
    bool has_sum, has_sum_high;
    double sum, sum_high;
    int matches;         /* 1 yes, 0 no, -1 cannot be compared (JSON null) */
    const char *text;    /* "Tổng giao cho 9 đơn vị: 8.990 con" */
    const char *warning; /* NULL, or why the shares do not make the commune's target */
} eval_shares;

typedef struct eval_node eval_node;
struct eval_node {
    const indicator *ind;
    const target *target;        /* what the node is judged against: the indicator's target, or with
                                    a unit in the query the unit's own (NULL: not judged) */
    bool has_target;             /* target != NULL: judgement holds a verdict */
    bool unit_target;            /* target is the unit's assigned target */
    bool unassigned;             /* unit scope: the indicator has no target for the unit; actual is
                                    its contribution and the node has no verdict */
    eval_shares *shares;         /* commune scope: the targets assigned to units; NULL when none */
    bool computed;               /* actual, units, missing and method hold the figure in scope */
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
    eval_verdict verdict;        /* the node's verdict: its own judgement when it has a target (a
                                    parent too), else the roll-up of its children; meaningless
                                    when unassigned */
    bool has_children_verdict;
    eval_verdict children_verdict; /* the roll-up of the children's verdicts, reported beside */
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

/* One plan's values made ready once for many evaluations of one indicator (the history: each
 * month, quarter and the year): filtered to the plan and sorted once, each evaluation then reads
 * only the indicator's own values (and those its formula names). */
typedef struct eval_pass {
    const plan *plan;
    const data_value *vals;
    size_t n;
} eval_pass;

void eval_pass_open(arena *a, const plan *p, const data_value *vals, size_t n, eval_pass *out);
/* Evaluates ind (with the indicators below it) for q: out->nodes is its node alone, the same as
 * eval_plan's node for it; no summary. until_month (1…12, 0: none): the values of q's year that
 * end after that month are not counted, as if they had not been entered yet. Fails as eval_plan. */
td_status eval_pass_indicator(arena *a, const eval_pass *pass, const eval_query *q, const indicator *ind,
                              int until_month, eval_report *out, td_error *err);

/* The JSON shapes: {"target", "verdict", "degree", "reason", "rule"} for a judgement; the whole
 * report with a node per indicator for eval_report_to_json. */
/* An actual as JSON: the items of a checklist, a yes/no, a number (rounded to 6 decimals) or null. */
json_t *eval_actual_to_json(const eval_actual *x);
json_t *eval_judgement_to_json(const target *t, const eval_judgement *j);
json_t *eval_report_to_json(arena *a, const eval_report *r);
/* The node of indicator code as eval_report_to_json writes it (with its children), or NULL:
 * for a caller that needs one node, without the JSON of the whole plan. */
json_t *eval_node_json(arena *a, const eval_report *r, const char *code);
/* Sorts values in the order eval_plan works in (stable): a caller that evaluates the same values
 * many times sorts them once, and eval_plan finds them in order. */
void eval_sort_values(data_value *vals, size_t n);

#endif
