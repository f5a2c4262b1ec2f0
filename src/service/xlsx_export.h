/* xlsx_export.h — spreadsheets out of a plan (docs/xlsx.md): the evaluation table, the
 * figures of a period, completeness by unit, the unit × indicator verdicts, and the entry
 * template of a unit for a period; and the filled template read back in.
 *
 * Every sheet is built from the same services the API answers with (evaluation.h,
 * records.h): the spreadsheet says what the screens say. Numbers are numbers with a number
 * format, so that Excel and LibreOffice show them with the separators of the user's locale (a
 * Vietnamese Excel: 2.400 and 97,5). */
#ifndef TD_XLSX_EXPORT_H
#define TD_XLSX_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/store.h"

typedef enum xlsx_what { XLSX_EVALUATION, XLSX_VALUES, XLSX_COMPLETENESS, XLSX_UNITS, XLSX_TEMPLATE } xlsx_what;

/* "evaluation", "values", "completeness", "units", "template"; false for anything else. */
bool xlsx_what_parse(const char *code, xlsx_what *out);

/* The name of the template's data sheet and of its hidden sheet. */
#define XLSX_TEMPLATE_SHEET "Nhập số liệu"
#define XLSX_TEMPLATE_INFO "thidua"

typedef struct xlsx_request {
    xlsx_what what;
    const char *period; /* "2026-03", "2026-Q1", "2026"; NULL: the plan's first year (required
                           for completeness and the template) */
    const char *unit;   /* a unit code: evaluation and values of that unit; required for the template */
    const char *as_of;  /* "YYYY-MM-DD", the day of the evaluation; NULL: today in Vietnam */
    bool own_targets;   /* evaluation of a unit: only the targets assigned to it (the unit's report) */
} xlsx_request;

/* Builds the workbook; *data (in a) holds the .xlsx file. viewer: what the policy lets the
 * account see (a reporter: its own unit); NULL for the command line. TD_ERR_NOTFOUND for an
 * unknown plan or unit, TD_ERR_USAGE for a missing or bad period or unit, TD_ERR_IO when the
 * file cannot be written. */
td_status xlsx_export_build(store *s, arena *a, const user *viewer, td_id plan_id, const xlsx_request *rq,
                            char **data, size_t *len, td_error *err);

/* Reads a filled entry template (name stands for the file in messages) and saves its figures
 * as drafts through workflow_put, all or nothing. expect_unit and expect_period, when set,
 * must be the template's. Every problem names its cell ("Nhập số liệu!E7: giá trị: …") and what
 * was expected; TD_ERR_INPUT for a file that is not this plan's template, a bad row or no
 * figure at all; workflow_put's statuses for a figure the account may not change. *saved
 * counts the figures written. */
td_status xlsx_export_import(store *s, arena *a, const user *u, td_id plan_id, const char *name, const char *data,
                             size_t len, const char *expect_unit, const char *expect_period, size_t *saved,
                             td_error *err);

#endif
