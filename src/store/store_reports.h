/* store_reports.h — the plan's report documents (table report_document, migration 0009): one
 * draft per (plan, kind, unit, period) holding its narrative, and the issued documents, each
 * with its number in the year's sequence of its symbol for the commune and the frozen bytes of
 * its .docx. The service (service/report_docs.h) decides who may do what and brackets a change
 * with store_begin / store_finish; these functions never open a transaction. */
#ifndef TD_STORE_REPORTS_H
#define TD_STORE_REPORTS_H

#include "store.h"

/* A row of report_document as read (docx only from store_report_doc_get with bytes). */
typedef struct report_doc {
    td_id id, commune_id, plan_id;
    const char *kind;          /* "consolidated", "unit", "reminder" */
    const char *org_unit;      /* the unit's code (a unit report), else NULL */
    const char *org_unit_name; /* its name, else NULL */
    const char *period;        /* "2026", "2026-Q4", "2026-11" */
    const char *status;        /* "draft", "issued" */
    const char *narrative;     /* JSON {"results", "shortcomings", "lessons", "proposals"} */
    int year, number;          /* issued only */
    const char *symbol;        /* "BC-UBND", "UBND-VHXH", a unit's "BC-TTL"; issued only */
    const char *issued_at;     /* ISO UTC */
    const char *issued_on;     /* YYYY-MM-DD, the date on the document */
    td_id issued_by;           /* 0: the command line */
    const char *issued_by_name;
    const char *sha256;
    const unsigned char *docx;
    size_t docx_len;
    const char *updated_at;
} report_doc;

/* The draft of (plan, kind, unit, period); unit NULL for a commune-wide report. *found is false
 * (and *out untouched) when none is saved. */
td_status store_report_draft_get(store *s, arena *a, td_id plan_id, const char *kind, const char *unit,
                                 const char *period, report_doc *out, bool *found, td_error *err);

/* Saves the narrative of that draft (inserting the draft or replacing its narrative); audited as
 * "report.draft" with the narrative before and after. */
td_status store_report_draft_put(store *s, td_id plan_id, const char *kind, const char *unit, const char *period,
                                 const char *narrative, td_error *err);

/* The next number of the year's sequence of symbol in the commune (1 for the first). Read in
 * the write transaction that then inserts the document, so that no two documents get one. */
td_status store_report_next_number(store *s, td_id commune_id, const char *symbol, int year, int *number,
                                   td_error *err);

/* Inserts an issued document: d's plan, kind, org_unit, period, narrative, year, number, symbol,
 * issued_on, issued_by and the bytes (their sha256 in d->sha256); d->id, d->issued_at receive
 * what was stored. Audited as "report.issue". A number already taken is TD_ERR_CONFLICT. */
td_status store_report_issue(store *s, arena *a, report_doc *d, td_error *err);

/* The issued documents of a plan, newest first (without their bytes). */
td_status store_report_docs_list(store *s, arena *a, td_id plan_id, report_doc **out, size_t *n, td_error *err);

/* One document (issued or draft) by id, with its bytes when bytes is true; TD_ERR_NOTFOUND when
 * there is none. */
td_status store_report_doc_get(store *s, arena *a, td_id id, bool bytes, report_doc *out, td_error *err);

#endif
