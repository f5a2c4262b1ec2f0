/* period.h — reporting periods: a month "2026-03", a quarter "2026-Q1", a year "2026".
 * Pure; no I/O. */
#ifndef TD_PERIOD_H
#define TD_PERIOD_H

#include <stdbool.h>

#include "arena.h"
#include "error.h"

typedef enum period_kind { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR } period_kind;

typedef struct period {
    period_kind kind;
    int year;  /* 1900 … 9999 */
    int index; /* month 1–12, quarter 1–4, 0 for a year */
} period;

/* Reads "YYYY-MM", "YYYY-Qn" (q or Q) or "YYYY". Anything else is TD_ERR_INPUT with a
 * Vietnamese message giving the three accepted forms. */
td_status period_parse(const char *s, period *out, td_error *err);

/* The canonical code: "2026-03", "2026-Q1", "2026". buf holds at least 12 bytes. */
void period_code(const period *p, char buf[12]);

/* As users read it: "tháng 3/2026", "quý I/2026", "năm 2026". */
char *period_label_vi(arena *a, const period *p);

/* First and last month (1–12) the period covers. */
void period_months(const period *p, int *first, int *last);

/* True when every month of inner lies in outer (same year). */
bool period_contains(const period *outer, const period *inner);

/* Calendar dates are ISO text "YYYY-MM-DD" in storage and JSON, "dd/mm/yyyy" for users. */

/* True for a real date ("2026-02-29" is false). */
bool date_iso_valid(const char *s);

/* "2026-12-05" → "05/12/2026"; anything not a valid ISO date is copied unchanged. */
char *date_format_vi(arena *a, const char *iso);

#endif
