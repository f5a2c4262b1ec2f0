/* model.h — the domain: communes, org units, blocks, plans and their indicator trees, data
 * values, users, and the award records later modules fill in.
 *
 * These are plain value records (fields public on purpose: they are data, not objects with
 * behaviour); strings and arrays in a record live in the arena it was built in. Names in
 * code are English (../shared/GLOSSARY.md); labels for users come from the *_label_vi
 * functions. */
#ifndef TD_MODEL_H
#define TD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "target.h"

typedef int64_t td_id; /* database row id; 0 means none */

typedef enum org_kind {
    ORG_OFFICE,
    ORG_PUBLIC_SERVICE,
    ORG_SCHOOL,
    ORG_VILLAGE,
    ORG_ENTERPRISE,
    ORG_POLICE,
    ORG_MILITARY,
    ORG_MASS_ORG,
    ORG_HEALTH_STATION,
    ORG_KIND_COUNT
} org_kind;

typedef enum indicator_group {
    GROUP_ECONOMY,
    GROUP_CULTURE_SOCIETY,
    GROUP_ENVIRONMENT,
    GROUP_DIGITAL_ADMIN,
    GROUP_DEFENCE_SECURITY,
    GROUP_COUNT
} indicator_group;

typedef enum frequency { FREQ_MONTH, FREQ_QUARTER, FREQ_YEAR, FREQ_COUNT } frequency;

/* How an indicator runs through the year: a flow sums its months (new members, revenue); a stock
 * ("level") is its latest figure (enterprises, the herd); a build-up is its latest figure too, but
 * it grows along the year, so its pace is projected (the disbursement rate); yes/no and lists. */
typedef enum measure {
    MEASURE_FLOW,
    MEASURE_LEVEL,
    MEASURE_BUILDUP,
    MEASURE_YESNO,
    MEASURE_LIST,
    MEASURE_COUNT
} measure;

/* How the units' figures make the commune's figure. */
typedef enum aggregation {
    AGG_SUM,     /* "sum"      counts, money, area: the units' figures add up */
    AGG_RATE,    /* "rate"     a percentage: Σ numerators ÷ Σ denominators (never a mean of rates) */
    AGG_RATIO,   /* "ratio"    per area or per head (tạ/ha, triệu đồng/ha): Σ amounts ÷ Σ bases */
    AGG_COMMUNE, /* "commune"  the commune's own figure, not rolled up from units */
    AGG_COUNT
} aggregation;

/* Which way is better; decides approximate and range targets ("khoảng 8.990 con" at 9.500 is
 * exceeded when more is better, not missed). */
typedef enum direction {
    DIR_HIGHER, /* "higher" */
    DIR_LOWER,  /* "lower"  "tỷ lệ hộ nghèo", "giảm xuống dưới 1,5%" */
    DIR_BAND,   /* "band"   stay inside the range either way */
    DIR_COUNT
} direction;

typedef enum value_status { VALUE_DRAFT, VALUE_SUBMITTED, VALUE_APPROVED, VALUE_RETURNED, VALUE_STATUS_COUNT } value_status;

/* ROLE_CITY: a city (or province) officer, of a city and no commune: reads every commune of it. */
typedef enum user_role { ROLE_ADMIN, ROLE_OFFICER, ROLE_REPORTER, ROLE_LEADER, ROLE_VIEWER, ROLE_CITY, ROLE_COUNT } user_role;

/* What a task of the plan's "Tổ chức thực hiện" asks of the unit named in it. */
typedef enum task_duty {
    DUTY_IMPLEMENT, /* "implement"  triển khai thực hiện; first, so a task without a duty implements */
    DUTY_LEAD,      /* "lead"       chủ trì */
    DUTY_FOLLOW_UP, /* "follow_up"  theo dõi, đôn đốc */
    DUTY_REPORT,    /* "report"     báo cáo (by a date) */
    DUTY_PROPAGATE, /* "propagate"  tuyên truyền */
    DUTY_COUNT
} task_duty;

/* Each enum has a stable code (stored and sent in JSON) and a Vietnamese label.
 * *_from_code returns false for an unknown code. */
#define MODEL_ENUM(type, prefix)                                                                             \
    const char *prefix##_code(type v);                                                                       \
    const char *prefix##_label_vi(type v);                                                                   \
    bool prefix##_from_code(const char *code, type *out);
MODEL_ENUM(org_kind, org_kind)
MODEL_ENUM(indicator_group, indicator_group)
MODEL_ENUM(frequency, frequency)
MODEL_ENUM(measure, measure)
MODEL_ENUM(aggregation, aggregation)
MODEL_ENUM(direction, direction)
MODEL_ENUM(value_status, value_status)
MODEL_ENUM(user_role, user_role)
MODEL_ENUM(task_duty, task_duty)
#undef MODEL_ENUM

typedef struct commune {
    td_id id;
    const char *code, *name, *city;
} commune;

typedef struct org_unit {
    td_id id;
    const char *code, *name;
    org_kind kind;
    const char *parent_code; /* NULL for a top-level unit */
    bool is_demo;
} org_unit;

typedef struct block {
    td_id id;
    const char *code, *name;
    const char **members; /* org unit codes */
    size_t n_members;
    bool is_demo;
} block;

typedef struct plan_theme {
    const char *level; /* "city" or "commune" */
    int year;
    const char *text;
} plan_theme;

typedef struct plan_deadline {
    const char *kind; /* "unit_report", "commune_report" */
    const char *due;  /* YYYY-MM-DD, the date the plan writes */
    const char *from, *to, *to_unit;
    /* The last day a report is on time, YYYY-MM-DD: "trước ngày 05/12" is 04/12, "chậm nhất
     * ngày 05/12" is 05/12 (deadline_read in deadline.h). NULL: not known, due is. */
    const char *last_on_time;
    const char *wording; /* as the plan writes it: "trước ngày 05/12/2026"; may be NULL */
} plan_deadline;

typedef struct movement {
    const char *name, *level, *launched_by;
} movement;

typedef struct phase {
    const char *name, *starts_on, *ends_on;
} phase;

typedef struct task {
    const char *text;
    const char *lead; /* the lead org unit's code; NULL when the task names a group */
    const char *due;  /* YYYY-MM-DD as the plan writes it, or NULL */
    task_duty duty;
    const char *assignee; /* who, as the plan names them ("Các cơ quan, đơn vị, các khối thi đua") */
} task;

typedef struct recipient {
    const char *text, *purpose, *org_unit, *org_kind;
} recipient;

/* A share of an indicator's target handed to one unit (giao chỉ tiêu): the village's part of the
 * herd, the school's own rate. Any kind of target, in the same grammar. */
typedef struct unit_target {
    const char *org_unit_code;
    target target;
} unit_target;

typedef struct indicator indicator;
struct indicator {
    td_id id;
    const char *code, *name, *unit;
    indicator_group group;
    frequency freq;
    measure meas;
    aggregation agg;
    direction dir;
    const char **responsible; /* org unit codes */
    size_t n_responsible;
    target *target;          /* NULL when the node only groups its children */
    const char *formula;     /* computed from other indicators (formula.h); NULL when entered */
    bool has_assigned;       /* an "assigned" target: the value the city assigned */
    double assigned;
    int line;                /* source line, 0 when unknown */
    unit_target *unit_targets; /* shares assigned to units, in unit code order */
    size_t n_unit_targets;
    indicator *children;
    size_t n_children;
};

typedef struct plan {
    td_id id;
    const char *commune_code;
    const char *number, *issued_on, *date_line, *issuer, *signer, *signer_title, *title;
    const char *implements_number, *implements_date, *implements_issuer, *implements_title;
    const char *period_start, *period_end;
    const char *general_goal, *rewards;
    bool is_demo;
    int revision; /* rises with every change to the plan's content; read by the store only */
    plan_theme *themes;
    size_t n_themes;
    plan_deadline *deadlines;
    size_t n_deadlines;
    movement *movements;
    size_t n_movements;
    phase *phases;
    size_t n_phases;
    task *tasks;
    size_t n_tasks;
    recipient *recipients;
    size_t n_recipients;
    indicator *indicators; /* roots */
    size_t n_indicators;
} plan;

/* One figure a unit reports for an indicator and a period. */
typedef struct data_value {
    td_id id;
    td_id plan_id;
    const char *indicator_code, *org_unit_code;
    char period[12]; /* "2026-03", "2026-Q1", "2026" */
    bool has_value;
    double value;
    bool has_denominator; /* a rate's base ("98% of 2.000 households"): weights the rate across units */
    double denominator;
    const char *text; /* yes/no and checklist answers, free text */
    const char *note;
    const char *evidence; /* where the proof is: a document's number and date, a URL (≤ 1.000 characters) */
    value_status status;
    int version;
    const char *updated_by, *updated_at, *review_comment;
    const char *submitted_at; /* ISO time of the last submission, NULL when never submitted */
    bool is_demo;
} data_value;

/* A figure's key (indicator, unit, period): its hash for the tables that find a figure sent or
 * read before, and whether two figures share it. */
uint64_t data_value_key_hash(const data_value *v);
bool data_value_same_key(const data_value *x, const data_value *y);

/* People and accounts. A reporter is bound to exactly one org unit. */
typedef struct person {
    td_id id;
    const char *full_name, *org_unit_code, *job_title, *gender; /* gender "male", "female" or NULL */
    int birth_year;
    bool is_demo;
} person;

typedef struct user {
    td_id id;
    const char *username, *display_name;
    user_role role;
    const char *org_unit_code; /* required for ROLE_REPORTER */
    const char *org_unit_name; /* filled by the store when reading; NULL without a unit */
    td_id person_id;
    td_id commune_id; /* the commune the account works in (service/policy.h); 0 on insert: the first;
                         0 for ROLE_CITY */
    td_id city_id;    /* ROLE_CITY: the city whose communes it reads; 0 for every other role */
    bool disabled;
    const char *password_hash; /* filled by the store for the login check; never sent anywhere */
} user;

/* One entry of the append-only audit trail: who changed what, from what, to what. */
typedef struct audit_entry {
    td_id id;
    const char *at, *actor, *action, *entity;
    td_id entity_id;
    const char *before_json, *after_json;
} audit_entry;

/* Awards (filled by the awards issue): a nomination of a collective (org unit) or an individual
 * (person), the council's votes on it, and the chairman's decision that awards it. */
typedef enum nominee_kind { NOMINEE_COLLECTIVE, NOMINEE_INDIVIDUAL } nominee_kind;

typedef struct nomination {
    td_id id, plan_id;
    nominee_kind kind;
    const char *org_unit_code; /* collective */
    td_id person_id;           /* individual */
    const char *award;         /* "giay_khen", "bang_khen" */
    const char *achievement, *status;
} nomination;

typedef struct vote {
    td_id nomination_id, person_id;
    const char *choice; /* "yes", "no", "abstain" */
} vote;

typedef struct decision {
    td_id id;
    const char *number, *signed_on, *signer, *title; /* "123/QĐ-UBND" */
    td_id *nominations;
    size_t n_nominations;
} decision;

/* Counts over a plan's indicator tree. */
typedef struct plan_counts {
    size_t indicators; /* all nodes */
    size_t roots;
    size_t targets;      /* nodes with a target */
    size_t leaf_targets; /* nodes with a target and no children */
} plan_counts;

void plan_count(const plan *p, plan_counts *out);

/* Depth-first search by code; NULL when absent. */
const indicator *plan_find_indicator(const plan *p, const char *code);

/* The target assigned to unit on ind; NULL when the indicator is the commune's alone there. */
const target *indicator_unit_target(const indicator *ind, const char *org_unit_code);

#endif
