/* xlsx_export.c — spreadsheets out and the entry template back in; see xlsx_export.h.
 *
 * libxlsxwriter writes to a file: the workbook goes to a temporary file that is read back
 * into the arena and removed. The Vietnamese texts (headers, labels, messages) are here; the
 * writer only lays out cells. */
#include "xlsx_export.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/period.h"
#include "core/target.h"
#include "core/vnum.h"
#include "service/evaluation.h"
#include "service/fileio.h"
#include "service/policy.h"
#include "service/records.h"
#include "store/store_values_read.h"
#include "service/values_csv.h"
#include "service/vnclock.h"
#include "service/workflow.h"
#include "service/xlsx_read.h"

#define MAX_COLS 64
#define HEADER_ROW 3 /* rows 0-1: title and scope; row 3: the column headers; data below */

/* The template's columns (XLSX_TEMPLATE_SHEET), as the import reads them back. */
enum { T_CODE, T_NAME, T_TARGET, T_UNIT, T_VALUE, T_NUMERATOR, T_DENOMINATOR, T_NOTE, T_COLS };
static const char *const template_headers[T_COLS] = {"Mã chỉ tiêu", "Chỉ tiêu",       "Mục tiêu",  "Đơn vị tính",
                                                     "Giá trị",     "Tử số",          "Mẫu số",    "Ghi chú"};

bool xlsx_what_parse(const char *code, xlsx_what *out)
{
    static const char *const codes[] = {"evaluation", "values", "completeness", "units", "template"};
    for (size_t i = 0; code && i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(code, codes[i]) == 0) {
            *out = (xlsx_what)i;
            return true;
        }
    return false;
}

/* ---- the writer's side: formats, cells, widths ------------------------------------------ */

typedef struct book {
    lxw_workbook *wb;
    arena *a;
    lxw_format *title, *scope, *header, *text, *bold, *integer, *decimal, *indent[4], *muted;
} book;

typedef struct text_len {
    int row, col;
    size_t chars;
} text_len;

/* The shown width of a number, kept by its value: ICU's formatting costs more than writing
 * the cell, and a sheet of a million figures holds few distinct values. */
typedef struct number_width {
    uint64_t bits; /* the double's bits: -0 and 0, or two NaNs, are told apart like ICU does */
    unsigned char width; /* 0: empty slot */
} number_width;

typedef struct sheet {
    book *b;
    lxw_worksheet *ws;
    double width[MAX_COLS]; /* the widest text of each column, in characters */
    int n_cols;
    number_width widths[512];
    text_len *texts; /* every text below the headers, for the rows' heights */
    size_t n_texts, cap_texts;
    const char *title, *scope; /* rows 1 and 2, written across the table once its width is known */
} sheet;

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void book_formats(book *b)
{
    b->title = workbook_add_format(b->wb);
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    format_set_text_wrap(b->title);
    format_set_align(b->title, LXW_ALIGN_VERTICAL_TOP);
    b->scope = workbook_add_format(b->wb);
    format_set_italic(b->scope);
    format_set_text_wrap(b->scope);
    format_set_align(b->scope, LXW_ALIGN_VERTICAL_TOP);
    b->header = workbook_add_format(b->wb);
    format_set_bold(b->header);
    format_set_text_wrap(b->header);
    format_set_align(b->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(b->header, LXW_ALIGN_CENTER);
    format_set_bg_color(b->header, 0xDDEBF7);
    format_set_border(b->header, LXW_BORDER_THIN);
    b->text = workbook_add_format(b->wb);
    format_set_text_wrap(b->text);
    format_set_align(b->text, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(b->text, LXW_BORDER_THIN);
    b->bold = workbook_add_format(b->wb);
    format_set_bold(b->bold);
    format_set_text_wrap(b->bold);
    format_set_align(b->bold, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(b->bold, LXW_BORDER_THIN);
    for (int i = 0; i < 4; i++) {
        b->indent[i] = workbook_add_format(b->wb);
        format_set_text_wrap(b->indent[i]);
        format_set_align(b->indent[i], LXW_ALIGN_VERTICAL_TOP);
        format_set_border(b->indent[i], LXW_BORDER_THIN);
        format_set_indent(b->indent[i], (uint8_t)i);
        if (i == 0)
            format_set_bold(b->indent[i]);
    }
    /* The format code is the neutral one ("," groups, "." decimals): Excel and LibreOffice show
     * it with the separators of the user's locale, 2.400 and 97,5 in a Vietnamese one. A whole
     * number has no decimal part, else the point would show alone ("2.400,"). */
    b->integer = workbook_add_format(b->wb);
    format_set_num_format(b->integer, "#,##0");
    format_set_align(b->integer, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(b->integer, LXW_BORDER_THIN);
    b->decimal = workbook_add_format(b->wb);
    format_set_num_format(b->decimal, "#,##0.0##");
    format_set_align(b->decimal, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(b->decimal, LXW_BORDER_THIN);
    b->muted = workbook_add_format(b->wb);
    format_set_bg_color(b->muted, 0xEEEEEE);
    format_set_border(b->muted, LXW_BORDER_THIN);
}

/* A sheet that prints as officials print tables: A4 landscape, as wide as the page, the header
 * row on every page. */
static sheet new_sheet(book *b, const char *name)
{
    sheet sh = {.b = b, .ws = workbook_add_worksheet(b->wb, name)};
    worksheet_set_paper(sh.ws, 9);
    worksheet_set_landscape(sh.ws);
    worksheet_fit_to_pages(sh.ws, 1, 0);
    worksheet_repeat_rows(sh.ws, HEADER_ROW, HEADER_ROW);
    return sh;
}

/* The column grows to hold a text of n characters. */
static void widen(sheet *sh, int col, double w)
{
    if (col < MAX_COLS) {
        if (w > sh->width[col])
            sh->width[col] = w;
        if (col + 1 > sh->n_cols)
            sh->n_cols = col + 1;
    }
}

/* The characters a number shows, with its separators and up to three decimals, plus one. */
static double number_chars(sheet *sh, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    number_width *slot = &sh->widths[(bits * UINT64_C(0x9E3779B97F4A7C15)) >> 55]; /* 512 slots */
    if (slot->width && slot->bits == bits)
        return slot->width;
    size_t w = strlen(vnum_format(sh->b->a, x, 3)) + 1;
    if (w < 256)
        *slot = (number_width){bits, (unsigned char)w};
    return (double)w;
}

static lxw_format *number_format(const sheet *sh, double x)
{
    return fabs(x - round(x)) < 1e-9 ? sh->b->integer : sh->b->decimal;
}

static void cell_text(sheet *sh, int row, int col, const char *s, lxw_format *f)
{
    widen(sh, col, (double)chars(s));
    if (row > HEADER_ROW && col < MAX_COLS) {
        if (sh->n_texts == sh->cap_texts) {
            size_t cap = sh->cap_texts ? sh->cap_texts * 2 : 64;
            text_len *more = arena_calloc(sh->b->a, cap, sizeof *more);
            if (sh->n_texts)
                memcpy(more, sh->texts, sh->n_texts * sizeof *more);
            sh->texts = more;
            sh->cap_texts = cap;
        }
        sh->texts[sh->n_texts++] = (text_len){row, col, chars(s)};
    }
    worksheet_write_string(sh->ws, (lxw_row_t)row, (lxw_col_t)col, s ? s : "", f ? f : sh->b->text);
}

static void cell_number(sheet *sh, int row, int col, double x)
{
    /* the width as shown: digits, separators and up to three decimals */
    if (col < MAX_COLS)
        widen(sh, col, number_chars(sh, x));
    worksheet_write_number(sh->ws, (lxw_row_t)row, (lxw_col_t)col, x, number_format(sh, x));
}

static void cell_blank(sheet *sh, int row, int col, lxw_format *f)
{
    worksheet_write_blank(sh->ws, (lxw_row_t)row, (lxw_col_t)col, f ? f : sh->b->text);
}

/* Title, scope line and headers; the rows down to the headers stay in view when scrolling. */
static void sheet_head(sheet *sh, const char *title, const char *scope, const char *const *headers, int n)
{
    sh->title = title;
    sh->scope = scope;
    for (int c = 0; c < n; c++)
        cell_text(sh, HEADER_ROW, c, headers[c], sh->b->header);
    worksheet_set_row(sh->ws, HEADER_ROW, 32, NULL);
    worksheet_freeze_panes(sh->ws, HEADER_ROW + 1, 0);
}

/* Widths that fit the longest text of each column, long texts wrapped at cap characters. */
static void sheet_columns(sheet *sh, const double *caps, double set[MAX_COLS])
{
    for (int c = 0; c < sh->n_cols; c++) {
        double w = sh->width[c] + 2, cap = caps && caps[c] > 0 ? caps[c] : 40;
        set[c] = w < 6 ? 6 : w > cap ? cap : w;
        worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, set[c], NULL);
    }
}

/* The lines a text of n characters takes in a column set wide. */
static int text_lines(double set, size_t n)
{
    /* a little under the width: words do not break mid-word */
    double per_line = set - 3 > 4 ? set - 3 : 4;
    return (int)((double)n / per_line) + 1;
}

/* Rows 1 and 2: the title and the scope across the table. */
static void sheet_titles(sheet *sh, const double *set)
{
    /* the title and the scope wrap within the table's width, so that a page holds the table */
    double total = 0;
    for (int c = 0; c < sh->n_cols; c++)
        total += set[c];
    const char *heads[2] = {sh->title, sh->scope};
    lxw_format *fmts[2] = {sh->b->title, sh->b->scope};
    double sizes[2] = {14, 11};
    for (int r = 0; r < 2; r++) {
        if (!heads[r])
            continue;
        if (sh->n_cols > 1)
            worksheet_merge_range(sh->ws, (lxw_row_t)r, 0, (lxw_row_t)r, (lxw_col_t)(sh->n_cols - 1), heads[r], fmts[r]);
        else
            worksheet_write_string(sh->ws, (lxw_row_t)r, 0, heads[r], fmts[r]);
        /* a 14-point character is about 1,4 widths of the default font's */
        double per_line = total * 11 / sizes[r] - 2;
        int n = per_line > 4 ? (int)((double)chars(heads[r]) / per_line) + 1 : 1;
        worksheet_set_row(sh->ws, (lxw_row_t)r, (sizes[r] + 6) * n, NULL);
    }
}

/* The columns, each row as tall as its longest wrapped text (LibreOffice does not grow a row by
 * itself), and the title and scope rows. */
static void sheet_widths(sheet *sh, const double *caps)
{
    double set[MAX_COLS];
    sheet_columns(sh, caps, set);
    int last = HEADER_ROW;
    for (size_t i = 0; i < sh->n_texts; i++)
        last = sh->texts[i].row > last ? sh->texts[i].row : last;
    int *lines = arena_calloc(sh->b->a, (size_t)last + 1, sizeof *lines);
    for (size_t i = 0; i < sh->n_texts; i++) {
        const text_len *t = &sh->texts[i];
        int n = text_lines(set[t->col], t->chars);
        lines[t->row] = n > lines[t->row] ? n : lines[t->row];
    }
    for (int r = HEADER_ROW + 1; r <= last; r++)
        if (lines[r] > 1)
            worksheet_set_row(sh->ws, (lxw_row_t)r, 15.0 * lines[r], NULL);
    sheet_titles(sh, set);
}

/* streaming: libxlsxwriter's constant_memory mode, each row written out when the next begins
 * (rows in order, strings inline), for a sheet of any length in little memory. */
static td_status book_open(book *b, arena *a, char *path, bool streaming, td_error *err)
{
    const char *env = getenv("TMPDIR"), *dir = env && *env ? env : "/tmp";
    snprintf(path, 512, "%s/thidua-xlsx-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        return td_fail(err, TD_ERR_IO, "không tạo được tệp tạm để ghi bảng tính");
    close(fd);
    b->a = a;
    /* libxlsxwriter's own temporary files (a streamed sheet's rows, each part before it is
     * zipped: twice a sheet's XML, 1 GB for a million figures) go where ours go, not always to
     * /tmp */
    lxw_workbook_options opt = {.constant_memory = streaming, .tmpdir = (char *)dir};
    b->wb = workbook_new_opt(path, &opt);
    if (!b->wb) {
        unlink(path);
        return td_fail(err, TD_ERR_IO, "không tạo được bảng tính");
    }
    book_formats(b);
    return TD_OK;
}

static td_status book_close(book *b, const char *path, char **data, size_t *len, td_error *err)
{
    lxw_error e = workbook_close(b->wb);
    td_status st = e == LXW_NO_ERROR ? fileio_read(b->a, path, data, len, err)
                                     : td_fail(err, TD_ERR_IO, "không ghi được bảng tính: %s", lxw_strerror(e));
    unlink(path);
    return st;
}

/* ---- the sheets ------------------------------------------------------------------------- */

typedef struct ctx {
    store *s;
    arena *a;
    const user *viewer;
    td_id plan_id;
    const plan *plan;
    org_unit *units;
    size_t n_units;
    const org_unit **by_code; /* the units sorted by code: a sheet of a million figures names each
                                 figure's unit by a binary search, not a walk through every unit */
    period per;
    bool has_period;
    const char *as_of;
    const char *unit; /* code */
    td_id commune_id;
    bool own_targets; /* a unit's evaluation: only the targets assigned to it */
} ctx;

static int unit_code_order(const void *x, const void *y)
{
    return strcmp((*(const org_unit *const *)x)->code, (*(const org_unit *const *)y)->code);
}

static const char *unit_name(const ctx *c, const char *code)
{
    size_t lo = 0, hi = c->n_units;
    while (code && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int k = strcmp(c->by_code[mid]->code, code);
        if (!k)
            return c->by_code[mid]->name;
        if (k < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return code ? code : "";
}

static const char *plan_title(const ctx *c)
{
    const plan *p = c->plan;
    /* a plan whose number is still blank ("/KH-UBND") is named without it */
    if (p->number && strpbrk(p->number, "0123456789"))
        return arena_printf(c->a, "Kế hoạch số %s: %s", p->number, p->title ? p->title : "");
    return arena_printf(c->a, "Kế hoạch: %s", p->title ? p->title : "");
}

static const char *scope_line(const ctx *c, const char *what)
{
    char day[11];
    snprintf(day, sizeof day, "%s", c->as_of);
    const char *date = arena_printf(c->a, "%.2s/%.2s/%.4s", day + 8, day + 5, day);
    return arena_printf(c->a, "%s — %s%s%s — ngày lập %s", what, period_label_vi(c->a, &c->per),
                        c->unit ? " — " : "", c->unit ? unit_name(c, c->unit) : "", date);
}

/* A figure as the engine gives it: a number cell, có/không, the items of a checklist. */
static void cell_actual(sheet *sh, int row, int col, json_t *v)
{
    if (json_is_number(v)) {
        cell_number(sh, row, col, json_number_value(v));
    } else if (json_is_boolean(v)) {
        cell_text(sh, row, col, json_is_true(v) ? "có" : "không", NULL);
    } else if (json_is_array(v)) {
        const char *joined = "";
        size_t i;
        json_t *it;
        json_array_foreach(v, i, it) joined =
            arena_printf(sh->b->a, "%s%s%s", joined, i ? "; " : "", json_string_value(it) ? json_string_value(it) : "");
        cell_text(sh, row, col, joined, NULL);
    } else {
        cell_blank(sh, row, col, NULL);
    }
}

static const char *text_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static const char *indicator_unit(const indicator *ind)
{
    if (!ind)
        return "";
    if (ind->target && ind->target->unit)
        return ind->target->unit;
    return ind->unit ? ind->unit : "";
}

/* The node, or one below it, is a target assigned to the unit. */
static bool has_own_target(json_t *nd)
{
    size_t i;
    json_t *kid;
    if (json_is_true(json_object_get(nd, "unit_target")))
        return true;
    json_array_foreach(json_object_get(nd, "children"), i, kid)
    {
        if (has_own_target(kid))
            return true;
    }
    return false;
}

static void evaluation_rows(ctx *c, sheet *sh, json_t *nodes, int depth, int *row)
{
    size_t i;
    json_t *nd;
    json_array_foreach(nodes, i, nd)
    {
        if (c->own_targets && c->unit && !has_own_target(nd))
            continue;
        json_t *kids = json_object_get(nd, "children");
        bool group = json_array_size(kids) > 0;
        const indicator *ind = plan_find_indicator(c->plan, text_of(nd, "code"));
        lxw_format *f = group ? sh->b->bold : NULL;
        int r = (*row)++;
        cell_text(sh, r, 0, text_of(nd, "code"), f);
        cell_text(sh, r, 1, text_of(nd, "name"), sh->b->indent[depth < 3 ? (group ? 0 : depth + 1) : 3]);
        cell_text(sh, r, 2, text_of(nd, "target_text"), f);
        cell_actual(sh, r, 3, json_object_get(nd, "actual"));
        cell_text(sh, r, 4, indicator_unit(ind), f);
        json_t *degree = json_object_get(nd, "degree");
        if (json_is_number(degree))
            cell_number(sh, r, 5, json_number_value(degree));
        else
            cell_blank(sh, r, 5, NULL);
        cell_text(sh, r, 6, text_of(nd, "verdict_label"), f);
        cell_text(sh, r, 7, text_of(nd, "reason"), f);
        evaluation_rows(c, sh, kids, depth + 1, row);
    }
}

static td_status sheet_evaluation(ctx *c, book *b, td_error *err)
{
    static const char *const headers[] = {"Mã",      "Chỉ tiêu",     "Mục tiêu", "Thực hiện",
                                          "Đơn vị tính", "Mức đạt (%)", "Đánh giá", "Lý do"};
    static const double caps[] = {10, 60, 30, 14, 14, 10, 16, 70};
    eval_query q = {.org_unit = c->unit, .as_of = c->as_of, .period = c->per};
    eval_report rep;
    td_status st = evaluation_run(c->s, c->a, c->viewer, c->plan_id, &q, &rep, err);
    if (st)
        return st;
    json_t *v = eval_report_to_json(c->a, &rep);
    sheet sh = new_sheet(b, "Đánh giá");
    sheet_head(&sh, plan_title(c), scope_line(c, "Kết quả thực hiện các chỉ tiêu"), headers, 8);
    int row = HEADER_ROW + 1;
    evaluation_rows(c, &sh, json_object_get(v, "indicators"), 0, &row);
    /* the counts under the table, as the report gives them */
    /* the evaluation's summary holds the counts of the whole plan (its groups under by_group) */
    json_t *all = json_object_get(v, "summary");
    struct {
        const char *key, *label;
    } counts[] = {{"exceeded", "Vượt"},
                  {"achieved", "Đạt"},
                  /* "chưa đạt" while the period runs, as the table's verdicts say */
                  {"not_achieved", json_is_false(json_object_get(v, "final")) ? "Chưa đạt" : "Không đạt"},
                  {"no_data", "Chưa có số liệu"}};
    row++;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        json_t *n = json_object_get(all, counts[i].key);
        if (!json_is_integer(n))
            continue;
        cell_text(&sh, row, 1, counts[i].label, b->bold);
        cell_number(&sh, row++, 3, (double)json_integer_value(n));
    }
    sheet_widths(&sh, caps);
    json_decref(v);
    return TD_OK;
}

/* ---- the values sheet: a million rows, streamed -------------------------------------------- */

enum { V_CODE, V_NAME, V_UNIT, V_PERIOD, V_VALUE, V_BASE, V_MEASURE, V_STATUS, V_NOTE, V_EVIDENCE, V_COLS };

/* A cell of the values sheet before it is written: measured once for the widths, then
 * made again and written. */
typedef struct vcell {
    enum { VC_BLANK, VC_TEXT, VC_NUMBER } kind;
    const char *text;
    double number;
} vcell;

typedef struct id_index {
    td_id id;
    size_t at;
} id_index;

/* What names a figure's row, found by id without a walk: the plan's indicators and the
 * commune's units (by their position in code order, which is also the sheet's order). */
typedef struct value_names {
    const indicator **inds; /* the plan's, every level */
    id_index *ind_ids, *unit_ids; /* sorted by id: → inds, → ctx.by_code */
    size_t n_inds;
    char period_code[12];
    const char *period_label; /* the last period's label: the sheet's rows share one period */
} value_names;

static int id_index_order(const void *x, const void *y)
{
    td_id a = ((const id_index *)x)->id, b = ((const id_index *)y)->id;
    return (a > b) - (a < b);
}

/* The position kept for id, n when there is none. */
static size_t id_find(const id_index *ix, size_t n, td_id id)
{
    const id_index key = {.id = id}, *hit = n ? bsearch(&key, ix, n, sizeof *ix, id_index_order) : NULL;
    return hit ? hit->at : n;
}

static void flatten_indicators(const indicator *inds, size_t n, const indicator **out, size_t *k)
{
    for (size_t i = 0; i < n; i++) {
        out[(*k)++] = &inds[i];
        flatten_indicators(inds[i].children, inds[i].n_children, out, k);
    }
}

static size_t count_indicators(const indicator *inds, size_t n)
{
    size_t k = n;
    for (size_t i = 0; i < n; i++)
        k += count_indicators(inds[i].children, inds[i].n_children);
    return k;
}

static void value_names_init(ctx *c, value_names *vn)
{
    size_t n = count_indicators(c->plan->indicators, c->plan->n_indicators);
    vn->inds = arena_calloc(c->a, n + 1, sizeof *vn->inds);
    vn->ind_ids = arena_calloc(c->a, n + 1, sizeof *vn->ind_ids);
    vn->n_inds = 0;
    flatten_indicators(c->plan->indicators, c->plan->n_indicators, vn->inds, &vn->n_inds);
    for (size_t i = 0; i < vn->n_inds; i++)
        vn->ind_ids[i] = (id_index){vn->inds[i]->id, i};
    qsort(vn->ind_ids, vn->n_inds, sizeof *vn->ind_ids, id_index_order);
    vn->unit_ids = arena_calloc(c->a, c->n_units + 1, sizeof *vn->unit_ids);
    for (size_t i = 0; i < c->n_units; i++)
        vn->unit_ids[i] = (id_index){c->by_code[i]->id, i};
    qsort(vn->unit_ids, c->n_units, sizeof *vn->unit_ids, id_index_order);
}

/* The sheet's order, the one the figures list has: indicator (by id), unit code, period. */
typedef struct value_key {
    td_id indicator_id;
    size_t unit; /* position in code order */
    const value_row *v;
} value_key;

static int value_key_order(const void *x, const void *y)
{
    const value_key *a = x, *b = y;
    if (a->indicator_id != b->indicator_id)
        return a->indicator_id < b->indicator_id ? -1 : 1;
    if (a->unit != b->unit)
        return a->unit < b->unit ? -1 : 1;
    return strcmp(a->v->period, b->v->period);
}

/* The ten cells of a figure's row, as the sheet shows them. */
static void value_cells(ctx *c, value_names *vn, const value_key *k, vcell cell[V_COLS])
{
    const value_row *v = k->v;
    size_t at = id_find(vn->ind_ids, vn->n_inds, v->indicator_id);
    const indicator *ind = at < vn->n_inds ? vn->inds[at] : NULL;
    const org_unit *u = k->unit < c->n_units ? c->by_code[k->unit] : NULL;
    if (strcmp(vn->period_code, v->period) != 0 || !vn->period_label) {
        period vp;
        snprintf(vn->period_code, sizeof vn->period_code, "%s", v->period);
        vn->period_label = period_parse(v->period, &vp, NULL) == TD_OK ? period_label_vi(c->a, &vp)
                                                                         : arena_strdup(c->a, v->period);
    }
    for (int i = 0; i < V_COLS; i++)
        cell[i] = (vcell){.kind = VC_TEXT};
    cell[V_CODE].text = ind ? ind->code : "";
    cell[V_NAME].text = ind ? ind->name : "";
    cell[V_UNIT].text = u ? u->name : "";
    cell[V_PERIOD].text = vn->period_label;
    if (ind && ind->meas == MEASURE_YESNO && v->has_value)
        cell[V_VALUE].text = v->value != 0 ? "có" : "không";
    else if (v->text)
        cell[V_VALUE].text = v->text;
    else if (v->has_value)
        cell[V_VALUE] = (vcell){.kind = VC_NUMBER, .number = v->value};
    else
        cell[V_VALUE].kind = VC_BLANK;
    if (v->has_denominator)
        cell[V_BASE] = (vcell){.kind = VC_NUMBER, .number = v->denominator};
    else
        cell[V_BASE].kind = VC_BLANK;
    cell[V_MEASURE].text = indicator_unit(ind);
    cell[V_STATUS].text = value_status_label_vi(v->status);
    cell[V_NOTE].text = v->note;
    cell[V_EVIDENCE].text = v->evidence;
}

/* The figures, one a row. A million of them do not fit libxlsxwriter's table of cells in
 * memory, so the sheet is streamed (book_open): the rows go out in order, which the widths
 * computed in a first pass over the figures allow — the title rows above the table wrap within
 * the table's width, and each row is as tall as its longest wrapped text. The cells, formats,
 * widths and heights are those the other sheets get from cell_text, cell_number and
 * sheet_widths. */
static td_status sheet_values(ctx *c, book *b, td_error *err)
{
    static const char *const headers[] = {"Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", "Kỳ", "Giá trị",
                                          "Mẫu số",      "Đơn vị tính", "Trạng thái", "Ghi chú", "Minh chứng"};
    static const double caps[] = {12, 50, 24, 14, 14, 14, 14, 14, 40, 40};
    char code[12];
    period_code(&c->per, code);
    const char *unit = c->unit;
    value_row *vals = NULL;
    size_t n = 0;
    td_id unit_id = 0;
    /* who may see what: as records_values decides it for the figures list */
    td_status st = policy_plan(c->s, c->viewer, c->plan_id, err);
    if (!st)
        st = policy_scope_unit(c->viewer, &unit, err);
    if (!st && unit) {
        size_t i = 0;
        while (i < c->n_units && strcmp(c->units[i].code, unit) != 0)
            i++;
        if (i == c->n_units) /* no unit of that code in the commune: no figure */
            unit_id = -1;
        else
            unit_id = c->units[i].id;
    }
    if (!st)
        st = store_values_rows(c->s, c->a, c->plan_id, c->commune_id, unit_id, code, &vals, &n, err);
    if (st)
        return st;
    value_names vn = {0};
    value_names_init(c, &vn);
    value_key *keys = arena_calloc(c->a, n + 1, sizeof *keys);
    for (size_t i = 0; i < n; i++)
        keys[i] = (value_key){vals[i].indicator_id, id_find(vn.unit_ids, c->n_units, vals[i].org_unit_id), &vals[i]};
    qsort(keys, n, sizeof *keys, value_key_order);

    sheet sh = new_sheet(b, "Số liệu");
    sh.title = plan_title(c);
    sh.scope = scope_line(c, "Số liệu thực hiện");
    /* first pass: the widths */
    vcell cell[V_COLS];
    for (int col = 0; col < V_COLS; col++)
        widen(&sh, col, (double)chars(headers[col]));
    for (size_t i = 0; i < n; i++) {
        value_cells(c, &vn, &keys[i], cell);
        for (int col = 0; col < V_COLS; col++)
            if (cell[col].kind == VC_TEXT)
                widen(&sh, col, (double)chars(cell[col].text));
            else if (cell[col].kind == VC_NUMBER)
                widen(&sh, col, number_chars(&sh, cell[col].number));
    }
    double set[MAX_COLS];
    sheet_columns(&sh, caps, set);
    /* then the rows, top to bottom */
    sheet_titles(&sh, set);
    worksheet_set_row(sh.ws, HEADER_ROW, 32, NULL);
    for (int col = 0; col < V_COLS; col++)
        worksheet_write_string(sh.ws, HEADER_ROW, (lxw_col_t)col, headers[col], b->header);
    worksheet_freeze_panes(sh.ws, HEADER_ROW + 1, 0);
    for (size_t i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(HEADER_ROW + 1 + i);
        int lines = 1;
        value_cells(c, &vn, &keys[i], cell);
        for (int col = 0; col < V_COLS; col++)
            if (cell[col].kind == VC_TEXT) {
                int k = text_lines(set[col], chars(cell[col].text));
                lines = k > lines ? k : lines;
            }
        if (lines > 1)
            worksheet_set_row(sh.ws, r, 15.0 * lines, NULL);
        for (int col = 0; col < V_COLS; col++) {
            const vcell *x = &cell[col];
            if (x->kind == VC_TEXT)
                worksheet_write_string(sh.ws, r, (lxw_col_t)col, x->text ? x->text : "", b->text);
            else if (x->kind == VC_NUMBER)
                worksheet_write_number(sh.ws, r, (lxw_col_t)col, x->number, number_format(&sh, x->number));
            else
                worksheet_write_blank(sh.ws, r, (lxw_col_t)col, b->text);
        }
    }
    return TD_OK;
}

static const char *completeness_label(const char *status)
{
    static const char *const labels[][2] = {{"on_time", "Đủ, đúng hạn"},
                                            {"late", "Đủ, trễ hạn"},
                                            {"partial", "Còn thiếu"},
                                            {"missing", "Chưa báo cáo, đã quá hạn"},
                                            {"not_yet", "Chưa báo cáo"}};
    for (size_t i = 0; status && i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(status, labels[i][0]) == 0)
            return labels[i][1];
    return status ? status : "";
}

static td_status sheet_completeness(ctx *c, book *b, td_error *err)
{
    static const char *const headers[] = {"Đơn vị", "Số chỉ tiêu phải báo cáo", "Đã báo cáo đúng hạn",
                                          "Báo cáo trễ hạn", "Còn thiếu", "Tình trạng"};
    static const double caps[] = {30, 14, 14, 14, 12, 28};
    json_t *v = NULL;
    td_status st = evaluation_completeness(c->s, c->a, c->viewer, c->plan_id, &c->per, c->as_of, &v, err);
    if (st)
        return st;
    const char *due = text_of(v, "last_on_time");
    const char *what = arena_printf(c->a, "Tình hình báo cáo của các đơn vị (hạn cuối %.2s/%.2s/%.4s)", due + 8,
                                    due + 5, due);
    sheet sh = new_sheet(b, "Báo cáo đơn vị");
    sheet_head(&sh, plan_title(c), scope_line(c, what), headers, 6);
    size_t i;
    json_t *u;
    int r = HEADER_ROW + 1;
    json_array_foreach(json_object_get(v, "units"), i, u)
    {
        cell_text(&sh, r, 0, unit_name(c, text_of(u, "org_unit")), NULL);
        static const char *const keys[] = {"expected", "on_time", "late", "missing"};
        for (int k = 0; k < 4; k++)
            cell_number(&sh, r, 1 + k, (double)json_integer_value(json_object_get(u, keys[k])));
        cell_text(&sh, r++, 5, completeness_label(text_of(u, "status")), NULL);
    }
    sheet_widths(&sh, caps);
    json_decref(v);
    return TD_OK;
}

static td_status sheet_units(ctx *c, book *b, td_error *err)
{
    eval_query q = {.as_of = c->as_of, .period = c->per};
    evaluation_matrix_filter f = {.org_unit = c->unit};
    json_t *v = NULL;
    td_status st = evaluation_matrix(c->s, c->a, c->viewer, c->plan_id, &q, &f, &v, err);
    if (st)
        return st;
    json_t *units = json_object_get(v, "units"), *inds = json_object_get(v, "indicators"),
           *cells = json_object_get(v, "cells");
    size_t nu = json_array_size(units);
    if (nu + 3 > MAX_COLS)
        nu = MAX_COLS - 3;
    /* the table: an indicator a row, a unit a column, the verdict in each cell */
    const char **headers = arena_calloc(c->a, nu + 3, sizeof *headers);
    double *caps = arena_calloc(c->a, nu + 3, sizeof *caps);
    headers[0] = "Mã";
    headers[1] = "Chỉ tiêu";
    headers[2] = "Đơn vị tính";
    caps[0] = 10;
    caps[1] = 50;
    caps[2] = 14;
    for (size_t k = 0; k < nu; k++) {
        headers[k + 3] = text_of(json_array_get(units, k), "name");
        caps[k + 3] = 18;
    }
    sheet sh = new_sheet(b, "Đơn vị × chỉ tiêu");
    sheet_head(&sh, plan_title(c), scope_line(c, "Đánh giá từng đơn vị theo chỉ tiêu được giao"), headers,
               (int)nu + 3);
    size_t i, j;
    json_t *ind, *cell;
    json_array_foreach(inds, i, ind)
    {
        int r = HEADER_ROW + 1 + (int)i;
        cell_text(&sh, r, 0, text_of(ind, "code"), NULL);
        cell_text(&sh, r, 1, text_of(ind, "name"), NULL);
        cell_text(&sh, r, 2, text_of(ind, "unit"), NULL);
        for (size_t k = 0; k < nu; k++)
            cell_blank(&sh, r, (int)k + 3, NULL);
    }
    /* and each cell in full on a second sheet */
    static const char *const detail_headers[] = {"Đơn vị", "Mã", "Chỉ tiêu", "Chỉ tiêu giao", "Thực hiện",
                                                 "Mức đạt (%)", "Đánh giá", "Lý do"};
    static const double detail_caps[] = {24, 10, 50, 30, 14, 10, 20, 70};
    sheet dt = new_sheet(b, "Chi tiết");
    sheet_head(&dt, plan_title(c), scope_line(c, "Đánh giá từng đơn vị: chi tiết"), detail_headers, 8);
    json_array_foreach(cells, j, cell)
    {
        const char *uc = text_of(cell, "org_unit"), *ic = text_of(cell, "indicator");
        json_t *it;
        size_t ui = nu, ii = json_array_size(inds);
        json_array_foreach(units, i, it) if (ui == nu && i < nu && strcmp(text_of(it, "code"), uc) == 0) ui = i;
        json_array_foreach(inds, i, it) if (ii == json_array_size(inds) && strcmp(text_of(it, "code"), ic) == 0) ii = i;
        /* the table stays readable: a unit's figure without a target of its own is "không giao" */
        if (ui < nu && ii < json_array_size(inds))
            cell_text(&sh, HEADER_ROW + 1 + (int)ii, (int)ui + 3,
                      json_is_null(json_object_get(cell, "verdict")) ? "không giao" : text_of(cell, "verdict_label"),
                      NULL);
        int r = HEADER_ROW + 1 + (int)j;
        const indicator *pi = plan_find_indicator(c->plan, ic);
        cell_text(&dt, r, 0, unit_name(c, uc), NULL);
        cell_text(&dt, r, 1, ic, NULL);
        cell_text(&dt, r, 2, pi ? pi->name : "", NULL);
        cell_text(&dt, r, 3, text_of(cell, "target_text"), NULL);
        cell_actual(&dt, r, 4, json_object_get(cell, "actual"));
        json_t *degree = json_object_get(cell, "degree");
        if (json_is_number(degree))
            cell_number(&dt, r, 5, json_number_value(degree));
        else
            cell_blank(&dt, r, 5, NULL);
        cell_text(&dt, r, 6, text_of(cell, "verdict_label"), NULL);
        cell_text(&dt, r, 7, text_of(cell, "reason"), NULL);
    }
    sheet_widths(&sh, caps);
    sheet_widths(&dt, detail_caps);
    json_decref(v);
    return TD_OK;
}

/* ---- the entry template ----------------------------------------------------------------- */

static bool unit_reports(const indicator *ind, const char *unit)
{
    if (indicator_unit_target(ind, unit))
        return true;
    for (size_t i = 0; i < ind->n_responsible; i++)
        if (strcmp(ind->responsible[i], unit) == 0)
            return true;
    return false;
}

static bool needs_base(const indicator *ind)
{
    return (ind->agg == AGG_RATE || ind->agg == AGG_RATIO) && ind->meas != MEASURE_YESNO && ind->meas != MEASURE_LIST;
}

static bool is_percent(const indicator *ind)
{
    const char *u = indicator_unit(ind);
    return strcmp(u, "%") == 0 || (ind->agg == AGG_RATE && !*u);
}

static void template_row(ctx *c, sheet *sh, const indicator *ind, int r)
{
    const target *own = indicator_unit_target(ind, c->unit);
    book *b = sh->b;
    cell_text(sh, r, T_CODE, ind->code, NULL);
    cell_text(sh, r, T_NAME, ind->name, NULL);
    cell_text(sh, r, T_TARGET, target_format(c->a, own ? own : ind->target), NULL);
    cell_text(sh, r, T_UNIT, indicator_unit(ind), NULL);
    cell_blank(sh, r, T_VALUE, NULL);
    cell_blank(sh, r, T_NOTE, NULL);
    lxw_data_validation dv = {0};
    if (ind->meas == MEASURE_YESNO) {
        static char *yes_no[] = {"có", "không", NULL};
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = yes_no;
        dv.error_title = "Có hoặc không";
        dv.error_message = "Chỉ tiêu này cần câu trả lời có hoặc không.";
    } else if (ind->meas != MEASURE_LIST && (!ind->target || ind->target->change == TARGET_CHANGE_NONE)) {
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = is_percent(ind) ? LXW_VALIDATION_CRITERIA_BETWEEN : LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        dv.minimum_number = 0;
        dv.maximum_number = 100;
        dv.value_number = 0;
        dv.error_title = "Số không hợp lệ";
        dv.error_message = is_percent(ind) ? "Tỷ lệ là một số từ 0 đến 100." : "Giá trị là một số không âm.";
    }
    if (dv.validate)
        worksheet_data_validation_cell(sh->ws, (lxw_row_t)r, T_VALUE, &dv);
    if (needs_base(ind)) {
        cell_blank(sh, r, T_NUMERATOR, NULL);
        cell_blank(sh, r, T_DENOMINATOR, NULL);
        lxw_data_validation base = {.validate = LXW_VALIDATION_TYPE_DECIMAL,
                                    .criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
                                    .value_number = 0,
                                    .error_title = "Số không hợp lệ",
                                    .error_message = "Tử số và mẫu số là số không âm."};
        worksheet_data_validation_cell(sh->ws, (lxw_row_t)r, T_NUMERATOR, &base);
        worksheet_data_validation_cell(sh->ws, (lxw_row_t)r, T_DENOMINATOR, &base);
    } else {
        cell_blank(sh, r, T_NUMERATOR, b->muted);
        cell_blank(sh, r, T_DENOMINATOR, b->muted);
    }
}

static void template_leaves(ctx *c, sheet *sh, const indicator *inds, size_t n, int *row)
{
    for (size_t i = 0; i < n; i++) {
        const indicator *ind = &inds[i];
        if (ind->n_children)
            template_leaves(c, sh, ind->children, ind->n_children, row);
        else if (ind->target && !ind->formula && unit_reports(ind, c->unit))
            template_row(c, sh, ind, (*row)++);
    }
}

static td_status sheet_template(ctx *c, book *b, td_error *err)
{
    static const double caps[] = {12, 60, 30, 14, 14, 14, 14, 40};
    char code[12];
    if (!c->unit)
        return td_fail(err, TD_ERR_USAGE, "mẫu nhập số liệu cần đơn vị (--unit hoặc unit=)");
    if (!c->has_period)
        return td_fail(err, TD_ERR_USAGE, "mẫu nhập số liệu cần kỳ báo cáo (--period hoặc period=), ví dụ 2026-11");
    if (!policy_may_see_unit(c->viewer, c->unit))
        return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản không được xem số liệu của %s", unit_name(c, c->unit));
    sheet sh = new_sheet(b, XLSX_TEMPLATE_SHEET);
    sheet_head(&sh, plan_title(c),
               arena_printf(c->a, "Mẫu nhập số liệu — %s — %s. Điền cột Giá trị (với tỷ lệ: Tử số và Mẫu số), "
                                  "rồi tải lên.",
                            unit_name(c, c->unit), period_label_vi(c->a, &c->per)),
               template_headers, T_COLS);
    int row = HEADER_ROW + 1;
    template_leaves(c, &sh, c->plan->indicators, c->plan->n_indicators, &row);
    if (row == HEADER_ROW + 1)
        return td_fail(err, TD_ERR_INPUT, "%s không phụ trách chỉ tiêu nào của kế hoạch", unit_name(c, c->unit));
    /* room to type in: the columns a unit fills are wider than their headers */
    for (int col = T_VALUE; col < T_NOTE; col++)
        sh.width[col] = sh.width[col] > 12 ? sh.width[col] : 12;
    sh.width[T_NOTE] = sh.width[T_NOTE] > 30 ? sh.width[T_NOTE] : 30;
    sheet_widths(&sh, caps);
    /* what the template is for, read back by the import; hidden, so that nobody edits it */
    sheet info = new_sheet(b, XLSX_TEMPLATE_INFO);
    period_code(&c->per, code);
    cell_text(&info, 0, 0, "thidua-template/1", b->bold);
    cell_text(&info, 1, 0, "Kế hoạch", NULL);
    cell_number(&info, 1, 1, (double)c->plan_id);
    cell_text(&info, 1, 2, plan_title(c), NULL);
    cell_text(&info, 2, 0, "Đơn vị", NULL);
    cell_text(&info, 2, 1, c->unit, NULL);
    cell_text(&info, 2, 2, unit_name(c, c->unit), NULL);
    cell_text(&info, 3, 0, "Kỳ", NULL);
    cell_text(&info, 3, 1, code, NULL);
    cell_text(&info, 3, 2, period_label_vi(c->a, &c->per), NULL);
    sheet_widths(&info, NULL);
    worksheet_hide(info.ws);
    return TD_OK;
}

static td_status load(ctx *c, store *s, arena *a, const user *viewer, td_id plan_id, const char *per,
                      const char *unit, td_error *err)
{
    plan *p = NULL;
    c->s = s;
    c->a = a;
    c->viewer = viewer;
    c->plan_id = plan_id;
    c->unit = unit && *unit ? unit : NULL;
    td_status st = viewer ? policy_plan(s, viewer, plan_id, err) : TD_OK;
    if (!st)
        st = store_plan_get(s, a, plan_id, &p, err);
    if (!st)
        st = store_plan_commune(s, plan_id, &c->commune_id, err);
    if (!st)
        st = store_org_units_list(s, a, c->commune_id, &c->units, &c->n_units, err);
    if (st)
        return st;
    c->by_code = arena_calloc(a, c->n_units + 1, sizeof *c->by_code);
    for (size_t i = 0; i < c->n_units; i++)
        c->by_code[i] = &c->units[i];
    qsort(c->by_code, c->n_units, sizeof *c->by_code, unit_code_order);
    c->plan = p;
    if (c->unit) {
        bool found = false;
        for (size_t i = 0; i < c->n_units && !found; i++)
            found = strcmp(c->units[i].code, c->unit) == 0;
        if (!found)
            return td_fail(err, TD_ERR_NOTFOUND, "không có đơn vị với mã \"%s\" trong xã của kế hoạch", c->unit);
    }
    c->has_period = per && *per;
    if (c->has_period) {
        td_error e = {0};
        if (period_parse(per, &c->per, &e) != TD_OK)
            return td_fail(err, TD_ERR_USAGE, "kỳ: %s", e.msg);
    } else if (period_parse(arena_printf(a, "%.4s", p->period_start), &c->per, NULL) != TD_OK) {
        return td_fail(err, TD_ERR_INPUT, "kế hoạch có thời gian thực hiện không hợp lệ");
    }
    return TD_OK;
}

td_status xlsx_export_build(store *s, arena *a, const user *viewer, td_id plan_id, const xlsx_request *rq,
                            char **data, size_t *len, td_error *err)
{
    ctx c = {0};
    book b = {0};
    char path[512], today[11];
    vnclock_today(today);
    c.as_of = rq->as_of && *rq->as_of ? rq->as_of : arena_strdup(a, today);
    c.own_targets = rq->own_targets;
    td_status st = load(&c, s, a, viewer, plan_id, rq->period, rq->unit, err);
    if (!st && rq->what == XLSX_COMPLETENESS && !c.has_period)
        st = td_fail(err, TD_ERR_USAGE, "tình hình báo cáo cần kỳ (--period hoặc period=), ví dụ 2026-11 hoặc 2026");
    if (!st && viewer && c.unit && !policy_may_see_unit(viewer, c.unit))
        st = td_fail(err, TD_ERR_FORBIDDEN, "tài khoản không được xem số liệu của %s", unit_name(&c, c.unit));
    if (st)
        return st;
    /* a reporter sees its own unit (policy.h), whatever it asked for */
    if (viewer && !c.unit && viewer->role == ROLE_REPORTER && rq->what != XLSX_COMPLETENESS)
        c.unit = viewer->org_unit_code;
    st = book_open(&b, a, path, rq->what == XLSX_VALUES, err);
    if (st)
        return st;
    switch (rq->what) {
    case XLSX_EVALUATION: st = sheet_evaluation(&c, &b, err); break;
    case XLSX_VALUES: st = sheet_values(&c, &b, err); break;
    case XLSX_COMPLETENESS: st = sheet_completeness(&c, &b, err); break;
    case XLSX_UNITS: st = sheet_units(&c, &b, err); break;
    case XLSX_TEMPLATE: st = sheet_template(&c, &b, err); break;
    }
    if (st) {
        td_error ignored = {0};
        char *junk;
        size_t n;
        book_close(&b, path, &junk, &n, &ignored);
        return st;
    }
    return book_close(&b, path, data, len, err);
}

/* ---- the template read back ------------------------------------------------------------- */

/* A cell as the CSV would hold it: a number written the Vietnamese way, a text as typed. */
static const char *cell_field(arena *a, const xlsx_sheet *sh, int row, int col)
{
    const xlsx_cell *cell = xlsx_cell_at(sh, row, col);
    if (!cell || !cell->text || !*cell->text)
        return NULL;
    if (cell->is_number)
        return vnum_format(a, cell->number, 6);
    return cell->text;
}

static const char *info_text(arena *a, const xlsx_sheet *info, int row)
{
    const char *s = cell_field(a, info, row, 1);
    const xlsx_cell *cell = xlsx_cell_at(info, row, 1);
    if (cell && cell->is_number)
        return arena_printf(a, "%.0f", cell->number);
    return s;
}

td_status xlsx_export_import(store *s, arena *a, const user *u, td_id plan_id, const char *name, const char *data,
                             size_t len, const char *expect_unit, const char *expect_period, size_t *saved,
                             td_error *err)
{
    ctx c = {0};
    xlsx_book book_in;
    const xlsx_sheet *sh, *info;
    td_status st = xlsx_read(a, name, data, len, &book_in, err);
    *saved = 0;
    if (st)
        return st;
    info = xlsx_sheet_named(&book_in, XLSX_TEMPLATE_INFO);
    sh = xlsx_sheet_named(&book_in, XLSX_TEMPLATE_SHEET);
    const xlsx_cell *magic = info ? xlsx_cell_at(info, 0, 0) : NULL;
    if (!info || !magic || !magic->text || strcmp(magic->text, "thidua-template/1") != 0)
        return td_fail(err, TD_ERR_INPUT,
                       "%s: không phải mẫu nhập số liệu của thidua (thiếu trang ẩn \"" XLSX_TEMPLATE_INFO
                       "\"); hãy tải mẫu của đơn vị và kỳ rồi điền vào đó",
                       name);
    if (!sh)
        return td_fail(err, TD_ERR_INPUT,
                       "%s: không có trang \"" XLSX_TEMPLATE_SHEET "\"; số liệu phải được điền vào trang này của mẫu "
                       "(không đổi tên trang)",
                       name);
    const char *plan_text = info_text(a, info, 1), *unit = info_text(a, info, 2), *per = info_text(a, info, 3);
    if (!plan_text || strtoll(plan_text, NULL, 10) != (long long)plan_id)
        return td_fail(err, TD_ERR_INPUT, "%s: " XLSX_TEMPLATE_INFO "!B2: mẫu của kế hoạch số %s, không phải kế hoạch số %lld",
                       name, plan_text ? plan_text : "(trống)", (long long)plan_id);
    st = load(&c, s, a, u, plan_id, per, unit, err);
    if (st == TD_ERR_USAGE || st == TD_ERR_NOTFOUND) {
        const char *why = arena_strdup(a, err->msg);
        return td_fail(err, TD_ERR_INPUT, "%s: " XLSX_TEMPLATE_INFO "!B%d: %s", name, st == TD_ERR_USAGE ? 4 : 3, why);
    }
    if (st)
        return st;
    if (!c.unit || !c.has_period)
        return td_fail(err, TD_ERR_INPUT, "%s: " XLSX_TEMPLATE_INFO "!B%d: mẫu không ghi %s", name, c.unit ? 4 : 3,
                       c.unit ? "kỳ báo cáo" : "đơn vị");
    if (expect_unit && *expect_unit && strcmp(expect_unit, c.unit) != 0)
        return td_fail(err, TD_ERR_INPUT, "%s: đây là mẫu của %s, không phải của %s; hãy tải lên mẫu của đúng đơn vị",
                       name, unit_name(&c, c.unit), unit_name(&c, expect_unit));
    if (expect_period && *expect_period) {
        period want;
        char a_code[12], b_code[12];
        td_error e = {0};
        if (period_parse(expect_period, &want, &e) != TD_OK)
            return td_fail(err, TD_ERR_USAGE, "kỳ: %s", e.msg);
        period_code(&want, a_code);
        period_code(&c.per, b_code);
        if (strcmp(a_code, b_code) != 0)
            return td_fail(err, TD_ERR_INPUT, "%s: đây là mẫu của %s, không phải của %s; hãy tải lên mẫu của đúng kỳ",
                           name, period_label_vi(a, &c.per), period_label_vi(a, &want));
    }
    for (int col = 0; col < T_COLS; col++) {
        const xlsx_cell *h = xlsx_cell_at(sh, HEADER_ROW, col);
        if (!h || !h->text || strcmp(h->text, template_headers[col]) != 0)
            return td_fail(err, TD_ERR_INPUT,
                           "%s: " XLSX_TEMPLATE_SHEET "!%s: cần tiêu đề cột \"%s\", gặp \"%s\"; không thêm, bớt hay "
                           "đổi chỗ các cột của mẫu",
                           name, xlsx_ref(a, HEADER_ROW, col), template_headers[col], h && h->text ? h->text : "");
    }
    /* the rows with a figure, in the order of the sheet */
    int last = HEADER_ROW;
    for (size_t i = 0; i < sh->n_cells; i++)
        if (sh->cells[i].row > last)
            last = sh->cells[i].row;
    values_row *rows = arena_calloc(a, (size_t)(last - HEADER_ROW) + 1, sizeof *rows);
    int *sheet_rows = arena_calloc(a, (size_t)(last - HEADER_ROW) + 1, sizeof *sheet_rows);
    size_t n = 0;
    char code[12];
    period_code(&c.per, code);
    const char *unit_at = XLSX_TEMPLATE_INFO "!B3", *period_at = XLSX_TEMPLATE_INFO "!B4";
    for (int r = HEADER_ROW + 1; r <= last; r++) {
        const char *value = cell_field(a, sh, r, T_VALUE), *num = cell_field(a, sh, r, T_NUMERATOR),
                   *den = cell_field(a, sh, r, T_DENOMINATOR), *note = cell_field(a, sh, r, T_NOTE);
        if (!value && !num && !den && !note)
            continue;
        values_row *row = &rows[n];
        sheet_rows[n++] = r;
        row->field[VALUES_INDICATOR] = cell_field(a, sh, r, T_CODE);
        row->field[VALUES_UNIT] = c.unit;
        row->field[VALUES_PERIOD] = code;
        row->field[VALUES_VALUE] = value;
        row->field[VALUES_NUMERATOR] = num;
        row->field[VALUES_DENOMINATOR] = den;
        row->field[VALUES_NOTE] = note;
        row->where[VALUES_INDICATOR] = arena_printf(a, XLSX_TEMPLATE_SHEET "!%s", xlsx_ref(a, r, T_CODE));
        row->where[VALUES_UNIT] = unit_at;
        row->where[VALUES_PERIOD] = period_at;
        row->where[VALUES_VALUE] = arena_printf(a, XLSX_TEMPLATE_SHEET "!%s", xlsx_ref(a, r, T_VALUE));
        row->where[VALUES_NUMERATOR] = arena_printf(a, XLSX_TEMPLATE_SHEET "!%s", xlsx_ref(a, r, T_NUMERATOR));
        row->where[VALUES_DENOMINATOR] = arena_printf(a, XLSX_TEMPLATE_SHEET "!%s", xlsx_ref(a, r, T_DENOMINATOR));
        row->where[VALUES_NOTE] = arena_printf(a, XLSX_TEMPLATE_SHEET "!%s", xlsx_ref(a, r, T_NOTE));
        row->line = (size_t)r + 1;
    }
    if (n == 0)
        return td_fail(err, TD_ERR_INPUT, "%s: mẫu chưa có số liệu nào: hãy điền cột Giá trị (cột E) từ dòng %d",
                       name, HEADER_ROW + 2);
    data_value *checked = NULL;
    size_t n_checked = 0;
    st = values_rows_parse(a, c.plan, c.units, c.n_units, rows, n, &checked, &n_checked, err);
    if (st) {
        td_error_prefix(err, "%s", name);
        return st;
    }
    /* then what the API does with the same figures: who may enter them, the stored state */
    value_input *in = arena_calloc(a, n, sizeof *in);
    for (size_t i = 0; i < n; i++)
        in[i] = (value_input){.indicator = rows[i].field[VALUES_INDICATOR],
                              .org_unit = c.unit,
                              .period = code,
                              .value = rows[i].field[VALUES_VALUE],
                              .numerator = rows[i].field[VALUES_NUMERATOR],
                              .denominator = rows[i].field[VALUES_DENOMINATOR],
                              .note = rows[i].field[VALUES_NOTE]};
    json_t *problems = NULL;
    /* the command line acts as an administrator of the plan's commune */
    user cli_user = {.username = "(dòng lệnh)", .role = ROLE_ADMIN, .commune_id = c.commune_id};
    st = workflow_put(s, a, plan_id, u ? u : &cli_user, in, n, saved, &problems, err);
    if (st && json_array_size(problems)) {
        const char *msg = "";
        size_t i;
        json_t *p;
        json_array_foreach(problems, i, p)
        {
            size_t k = (size_t)json_integer_value(json_object_get(p, "index"));
            msg = arena_printf(a, "%s%s%s: %s", msg, i ? "\n" : "", k < n ? rows[k].where[VALUES_INDICATOR] : name,
                               text_of(p, "message"));
        }
        st = td_fail(err, st, "%s: không nhập dòng nào:\n%s", name, msg);
    }
    json_decref(problems);
    return st;
}
