/* values_csv.h — data values from a CSV file (docs/values-csv.md).
 *
 * values_csv_parse is pure: it reads the bytes and checks every line against the plan
 * (indicator codes, unit codes, periods inside the plan's period, numbers written the
 * Vietnamese way, yes/no and checklist answers) and reports every bad line, not only the
 * first. values_csv_import then writes them all in one transaction, or nothing. */
#ifndef TD_VALUES_CSV_H
#define TD_VALUES_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/model.h"
#include "store/store.h"
#include "store/store_values_bulk.h"

/* The most bad lines one message lists; the rest are counted. */
#define VALUES_CSV_MAX_ERRORS 20

td_status values_csv_parse(arena *a, const plan *p, const org_unit *units, size_t n_units, const char *name,
                           const char *data, size_t len, data_value **out, size_t *n, td_error *err);

/* The fields of one row of figures read from elsewhere than a CSV file (a filled XLSX entry
 * template), in the CSV's columns: the text as a CSV field would hold it (NULL: empty), and
 * where[] the place messages name for each field ("Nhập số liệu!D14"; NULL: the row's first
 * place). */
enum values_field {
    VALUES_INDICATOR, VALUES_UNIT, VALUES_PERIOD, VALUES_VALUE, VALUES_NOTE, VALUES_STATUS,
    VALUES_DENOMINATOR, VALUES_EVIDENCE, VALUES_NUMERATOR, VALUES_FIELDS
};
typedef struct values_row {
    const char *field[VALUES_FIELDS];
    const char *where[VALUES_FIELDS];
    size_t line; /* the row's number, for "trùng … với dòng 14" */
} values_row;

/* values_csv_parse's checks, row by row, on rows already split: every bad row is reported,
 * each message starting with the place of the field it is about ("Nhập số liệu!D14: giá trị:
 * …"). */
td_status values_rows_parse(arena *a, const plan *p, const org_unit *units, size_t n_units, const values_row *rows,
                            size_t n_rows, data_value **out, size_t *n, td_error *err);

/* values_csv_parse's checks on one row at a time, the plan's indicators and units indexed once:
 * what the API does with each figure sent, so that the two ways in never disagree. */
typedef struct values_checker values_checker;
td_status values_checker_new(arena *a, const plan *p, const org_unit *units, size_t n_units, values_checker **out,
                             td_error *err);
/* field[] as a one-line CSV record would hold it (NULL: empty). True with *out filled (memory in
 * the checker's arena); false with *problem the reason, worded as a CSV line's ("giá trị: …"). */
bool values_check(values_checker *c, const char *const field[VALUES_FIELDS], data_value *out, const char **problem);

/* Parses and stores. Does not open a transaction: the caller brackets it (so that a plan
 * and its demo values load together). *n receives the number of values written. */
td_status values_csv_apply(store *s, td_id plan_id, const char *name, const char *data, size_t len, bool is_demo,
                           size_t *n, td_error *err);

/* values_csv_apply telling progress (may be NULL) as the figures are written, a chunk at a time. */
td_status values_csv_apply_progress(store *s, td_id plan_id, const char *name, const char *data, size_t len,
                                    bool is_demo, values_progress_fn progress, void *ctx, size_t *n, td_error *err);

/* values_csv_apply_progress in its own transaction. */
td_status values_csv_import(store *s, td_id plan_id, const char *name, const char *data, size_t len,
                            values_progress_fn progress, void *ctx, size_t *n, td_error *err);

#endif
