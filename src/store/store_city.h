/* store_city.h — cities and the reads a city officer makes across its communes: the city's
 * communes with their plans, one aggregate pass over every commune's figures, and the
 * communes' issued reports. Every read takes the city: nothing here reaches a commune of
 * another city. */
#ifndef TD_STORE_CITY_H
#define TD_STORE_CITY_H

#include "store.h"

typedef struct city {
    td_id id;
    const char *name; /* as plans write it: "thành phố Hải Phòng" */
} city;

/* The city named name, made when missing; *id receives its row id. */
td_status store_city_ensure(store *s, const char *name, td_id *id, td_error *err);
/* The city named name (compared as written); TD_ERR_NOTFOUND with a message when none. */
td_status store_city_find(store *s, arena *a, const char *name, city *out, td_error *err);
td_status store_city_get(store *s, arena *a, td_id id, city *out, td_error *err);
td_status store_cities_list(store *s, arena *a, city **out, size_t *n, td_error *err);
/* The city a commune belongs to (0: none). TD_ERR_NOTFOUND for an unknown commune. */
td_status store_commune_city(store *s, td_id commune_id, td_id *city_id, td_error *err);

/* A city officer's account: u->city_id set, no commune, no unit. Audited ("create", app_user)
 * without the password hash. */
td_status store_city_user_insert(store *s, const user *u, const char *password_hash, td_id *id, td_error *err);

/* A commune of the city with the plan that covers a period (plan_id 0: none covers it). */
typedef struct city_commune {
    td_id id, plan_id;
    const char *code, *name;
    size_t n_units;
    const char *plan_number, *plan_title;
} city_commune;

/* The communes of city_id, by code, each with its plan covering [from, to] (dates
 * YYYY-MM-DD; the plan with the smallest id when several do). */
td_status store_city_communes(store *s, arena *a, td_id city_id, const char *from, const char *to,
                              city_commune **out, size_t *n, td_error *err);

/* One row of the aggregate pass: a target of a commune's plan with the figures of one period
 * (period NULL: no figure in the range), summed over the commune's units. */
typedef struct city_figure {
    td_id commune_id, indicator_id;
    const char *code, *name, *unit;
    measure meas;
    aggregation agg;
    direction dir;
    target target;
    const char *period; /* NULL when the target has no figure in the range */
    double sum, min;
    long count;         /* figures counted in this period */
} city_figure;

/* Every numeric or yes/no target (not a checklist, not "as assigned", not a growth measured
 * against a baseline year) of the plans covering [from, to] of every commune of city_id, with
 * the submitted or approved figures of periods p (lo <= period <= hi, or period = also) summed
 * by commune, indicator and period, in one query: rows ordered by commune, indicator position,
 * period. */
td_status store_city_figures(store *s, arena *a, td_id city_id, const char *from, const char *to, const char *lo,
                             const char *hi, const char *also, city_figure **out, size_t *n, td_error *err);

/* A commune's consolidated report to the city (report_document, kind 'consolidated'). */
typedef struct city_report {
    td_id commune_id, plan_id, document_id; /* document_id 0: none issued */
    const char *issued_on, *symbol;          /* the document's date and symbol ("BC-UBND") */
    int number;                              /* in the year's sequence of its symbol */
    const char *deadline, *deadline_wording; /* the plan's commune_report deadline: its last day on time
                                                and its words ("trước ngày 15/12/2026") */
    const char *due;                         /* the date the plan writes (2026-12-15) */
} city_report;

/* For each commune of the city with a plan covering [from, to]: its commune_report deadline and
 * the first consolidated report_document it issued for period (none: document_id 0). */
td_status store_city_reports(store *s, arena *a, td_id city_id, const char *from, const char *to, const char *period,
                             city_report **out, size_t *n, td_error *err);

#endif
