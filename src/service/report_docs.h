/* report_docs.h — drafting and issuing the plan's reports (docs/reports.md, "Issuing"): one
 * draft per (plan, kind, unit, period) holds the narrative the office (or a unit's reporter)
 * edits, prefilled from the data until it is saved; issuing gives the document the next number
 * of the year's sequence of its symbol in the commune, renders it with that number and date and
 * keeps its bytes, never changed again. Who may do what is the policy's (policy_report_read,
 * policy_report_write). Every change is audited ("report.draft", "report.issue"). */
#ifndef TD_REPORT_DOCS_H
#define TD_REPORT_DOCS_H

#include <jansson.h>

#include "report.h"
#include "store/store_reports.h"

/* The narrative of the draft and whether it is prefilled (no draft saved yet):
 * {"kind", "unit", "unit_name", "period", "results", "shortcomings", "lessons", "proposals",
 * "prefilled", "updated_at"}. The caller owns *out. */
td_status report_docs_draft(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                            json_t **out, td_error *err);

/* Saves the narrative n as the draft's (audited); *out as report_docs_draft's. */
td_status report_docs_save(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                           const report_narrative *n, json_t **out, td_error *err);

/* Issues the report: q->as_of is the date on it (today in Vietnam when NULL) and its year the
 * sequence's. In one write transaction: the next number, the document rendered with it, its
 * bytes and sha256 stored. *out is the issued document (without its bytes). */
td_status report_docs_issue(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                            report_doc *out, td_error *err);

/* The issued documents of the plan the viewer may read, newest first. */
td_status report_docs_list(store *s, arena *a, const user *viewer, td_id plan_id, report_doc **out, size_t *n,
                           td_error *err);

/* One issued document with its frozen bytes, to a viewer who may read it: another commune's is
 * TD_ERR_NOTFOUND, another unit's for a reporter TD_ERR_FORBIDDEN. *filename: "05-BC-UBND-2026.docx". */
td_status report_docs_get(store *s, arena *a, const user *viewer, td_id id, report_doc *out, const char **filename,
                          td_error *err);

/* "05/BC-UBND" (a number under 10 with a leading zero). */
const char *report_docs_number_text(arena *a, const report_doc *d);

/* The document as the API shows it: {"id", "kind", "unit", "unit_name", "period", "number",
 * "symbol", "number_text", "year", "issued_on", "issued_at", "issued_by_name", "sha256"}. */
json_t *report_docs_json(arena *a, const report_doc *d);

#endif
