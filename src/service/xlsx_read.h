/* xlsx_read.h — the cells of an XLSX workbook (Office Open XML spreadsheet), read with libzip
 * and libxml2: enough to read back a filled entry template (xlsx_export.h), not a spreadsheet
 * engine. Formulas are not computed: a formula cell gives the value Excel or LibreOffice saved
 * with it. */
#ifndef TD_XLSX_READ_H
#define TD_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

/* What a workbook may grow to: an entry template is a few KiB; one part inflated beyond this,
 * or compressed more than XLSX_MAX_RATIO times once past 1 MiB, is refused as a zip bomb. */
#define XLSX_MAX_PART (16u * 1024u * 1024u)
#define XLSX_MAX_RATIO 100u

typedef struct xlsx_cell {
    int row, col;     /* from 0: A1 is (0, 0) */
    bool is_number;   /* a number cell (t="n" or no t): number holds it, text its digits as saved */
    double number;
    const char *text; /* the text of a string cell (shared, inline or formula string), NFC as
                         saved; of a number cell the saved value; of a boolean "1" or "0" */
} xlsx_cell;

typedef struct xlsx_sheet {
    const char *name; /* as the workbook names it ("Sheet1", "Nhập số liệu") */
    bool hidden;
    xlsx_cell *cells; /* in the order saved (rows, then columns) */
    size_t n_cells;
} xlsx_sheet;

typedef struct xlsx_book {
    xlsx_sheet *sheets; /* in workbook order */
    size_t n_sheets;
} xlsx_book;

/* True when data starts like a zip archive (an .xlsx, a .docx): "PK\3\4". */
bool xlsx_is_zip(const char *data, size_t len);

/* Reads every sheet of the workbook in data. TD_ERR_INPUT, naming the file (name) and the
 * part, for a file that is not a zip, a zip without xl/workbook.xml, XML that is not well
 * formed or declares a DOCTYPE (no entity is expanded, nothing fetched), a shared string
 * index out of range; TD_ERR_TOO_LARGE beyond the limits above. Everything lives in a. */
td_status xlsx_read(arena *a, const char *name, const char *data, size_t len, xlsx_book *out, td_error *err);

/* The sheet of that name, or NULL. */
const xlsx_sheet *xlsx_sheet_named(const xlsx_book *b, const char *name);

/* The cell at (row, col), or NULL when the sheet has none there. */
const xlsx_cell *xlsx_cell_at(const xlsx_sheet *s, int row, int col);

/* "D14" for (13, 3), in a. */
const char *xlsx_ref(arena *a, int row, int col);

#endif
