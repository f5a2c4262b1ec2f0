/* docx.h — a small WordprocessingML writer: paragraphs of runs, tables, a short rule, the page
 * setup of an administrative document (A4 portrait, margins in mm, one font named, page numbers
 * centred in the top margin from page 2). It only lays out: every text it writes comes from the
 * caller (service/report.c holds the Vietnamese). The XML is written with libxml2's
 * xmlTextWriter, which escapes; the parts are zipped with libzip.
 * Sizes are in half-points (w:sz: 26 = 13 pt), lengths in twentieths of a point (twips:
 * 567 ≈ 1 cm), as WordprocessingML counts them. */
#ifndef TD_DOCX_H
#define TD_DOCX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

typedef struct docx docx;

typedef enum docx_align { DOCX_LEFT, DOCX_CENTER, DOCX_RIGHT, DOCX_BOTH } docx_align;

/* mm → twips: 20 mm = 1134. */
#define DOCX_MM(mm) ((int)((mm) * 1440.0 / 25.4 + 0.5))

typedef struct docx_page {
    int top_mm, bottom_mm, left_mm, right_mm; /* A4 portrait */
    const char *font;                          /* named, not embedded: "Times New Roman" */
    int size;                                  /* default run size, half-points */
    bool page_numbers;                         /* PAGE centred in the top margin, not on page 1 */
} docx_page;

typedef struct docx_para {
    docx_align align;
    int first_line;       /* twips */
    int indent_left, indent_right;
    int before, after;    /* spacing, twips */
    int line;             /* line spacing in 240ths of a line (240 single, 360 one and a half); 0: single */
    bool keep_next;       /* stay on the page of the next paragraph */
    bool rule_below;      /* a bottom border across the paragraph (between its indents) */
} docx_para;

typedef struct docx_run {
    bool bold, italic;
    int size; /* half-points; 0: the page's default */
} docx_run;

/* Everything lives in a. NULL only when out of memory. */
docx *docx_new(arena *a, const docx_page *page);

/* A paragraph: begin, runs, end. docx_text is a one-run paragraph. */
void docx_para_begin(docx *d, const docx_para *p);
void docx_text_run(docx *d, const docx_run *r, const char *text);
void docx_para_end(docx *d);
void docx_text(docx *d, const docx_para *p, const docx_run *r, const char *text);

/* A horizontal rule of length twips centred in a column of width twips: an empty paragraph of
 * 1 pt with a bottom border, its indents making the border that long. */
void docx_rule(docx *d, int length, int width);

/* A table of n columns of the given widths (twips). borders: a grid (data tables); without, the
 * header block's layout table. Rows: docx_row_begin(header: repeated at the top of every page
 * and never split), cells (span: columns merged; shade: a light grey fill), docx_row_end. A cell
 * holds paragraphs. */
void docx_table_begin(docx *d, const int *widths, size_t n, bool borders);
void docx_row_begin(docx *d, bool header);
void docx_cell_begin(docx *d, int span, bool shade);
void docx_cell_end(docx *d);
void docx_row_end(docx *d);
void docx_table_end(docx *d);

/* The text width between the margins, twips. */
int docx_text_width(const docx *d);

/* Closes the document and zips it: the bytes of the .docx in *data (in a). */
td_status docx_finish(docx *d, char **data, size_t *len, td_error *err);

#endif
