/* report.h — the plan's reports as Word documents in the format of Nghị định 30/2020/NĐ-CP,
 * Phụ lục I (docs/reports.md): the commune's consolidated report, a unit's report of its own
 * targets, and the reminder letter (công văn đôn đốc) to the units that have not reported.
 * The content comes from the evaluation (evaluation_run) and the units' completeness
 * (evaluation_completeness) and the plan record; every Vietnamese text is here, the layout is
 * docx.c's. */
#ifndef TD_REPORT_H
#define TD_REPORT_H

#include <stddef.h>

#include "store/store.h"

typedef enum report_kind { REPORT_CONSOLIDATED, REPORT_UNIT, REPORT_REMINDER } report_kind;

/* "consolidated", "unit", "reminder" → the kind; false for anything else. */
bool report_kind_read(const char *text, report_kind *out);

typedef struct report_query {
    report_kind kind;
    const char *unit;   /* a unit code: required for REPORT_UNIT (a reporter's: its own when NULL) */
    const char *period; /* "2026", "2026-Q4", "2026-11"; NULL: the plan's first year */
    const char *as_of;  /* YYYY-MM-DD: the date of the document and of the evaluation; NULL: today in Vietnam */
} report_query;

/* The document's bytes (a .docx, in a) and a file name for it ("bao-cao-tong-hop-2026.docx").
 * viewer: NULL for the command line; a reporter only gets its own unit's report
 * (TD_ERR_FORBIDDEN otherwise). TD_ERR_NOTFOUND for an unknown plan or unit, TD_ERR_USAGE for a
 * unit report without a unit or a bad period or date. */
td_status report_docx(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q, char **data,
                      size_t *len, const char **filename, td_error *err);

#endif
