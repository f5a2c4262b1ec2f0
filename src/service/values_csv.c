/* values_csv.c — data values from CSV through libcsv; see values_csv.h.
 *
 * The file is fed to libcsv one physical line at a time so that every message can name the
 * line a record starts on, even when a quoted field spans lines. */
#include "values_csv.h"

#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/period.h"
#include "core/vnum.h"
#include "core/vtext.h"
#include "store/store_values_bulk.h"

enum column {
    COL_INDICATOR,
    COL_UNIT,
    COL_PERIOD,
    COL_VALUE,
    COL_NOTE,
    COL_STATUS,
    COL_DENOMINATOR,
    COL_EVIDENCE,
    COL_NUMERATOR,
    COL_COUNT
};
_Static_assert(COL_COUNT == (int)VALUES_FIELDS && COL_NUMERATOR == (int)VALUES_NUMERATOR &&
                   COL_DENOMINATOR == (int)VALUES_DENOMINATOR && COL_VALUE == (int)VALUES_VALUE,
               "values_csv.h's fields are the CSV's columns, in the same order");

static const char *const column_names[COL_COUNT][2] = {
    {"indicator", "chi_tieu"}, {"org_unit", "don_vi"}, {"period", "ky"},
    {"value", "gia_tri"},      {"note", "ghi_chu"},    {"status", "trang_thai"},
    {"denominator", "mau_so"}, {"evidence", "minh_chung"}, {"numerator", "tu_so"},
};

/* Each column as users know it, in messages (the web form and the CSV say the same thing). */
static const char *const column_labels[COL_COUNT] = {
    "chỉ tiêu", "đơn vị", "kỳ", "giá trị", "ghi chú", "trạng thái", "mẫu số", "minh chứng", "tử số",
};

/* Characters (not bytes) a figure's evidence and its note may have. */
#define EVIDENCE_MAX_CHARS 1000
#define NOTE_MAX_CHARS 1000
/* The largest figure an indicator holds (a commune's revenue in đồng is below it), and the most
 * significant digits a double keeps exactly: a 40-digit number is a typing error, not a figure. */
#define VALUE_MAX 1e12
#define VALUE_MAX_DIGITS 15

static size_t utf8_chars(const char *s)
{
    size_t chars = 0;
    for (const char *c = s; *c; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    return chars;
}

/* A rate's or a ratio's base as users name it: the area of a per-hectare figure, else "mẫu số". */
static const char *denominator_label(const indicator *ind)
{
    const char *u = ind->target && ind->target->unit ? ind->target->unit : ind->unit;
    if (ind->agg == AGG_RATIO && u && strstr(u, "/ha"))
        return "diện tích (ha)";
    if (ind->agg == AGG_RATIO && u && (strstr(u, "/người") || strstr(u, "/ người")))
        return "số người";
    return "mẫu số";
}

static const char *numerator_label(const indicator *ind)
{
    return ind->agg == AGG_RATIO ? "tổng số (tử số)" : "tử số";
}

#define MAX_FIELDS 16

typedef struct parser {
    arena *a;
    const plan *plan;
    const org_unit *units;
    size_t n_units;
    const char *name;
    period first, last; /* the plan's period as months */

    /* current record; a CSV record's fields are copied into rec, one buffer reused by every
     * record (a million-line file keeps none of them) */
    char *fields[MAX_FIELDS];
    size_t n_fields;
    char *rec;
    size_t rec_len, rec_cap, field_at[MAX_FIELDS];
    bool too_many;
    size_t line, record_line;

    bool have_header;
    size_t n_columns;
    int col[COL_COUNT]; /* field index of each column, -1 when absent */

    struct {
        data_value *items;
        size_t n, cap;
        size_t *lines;
    } out;
    /* hash tables of positions + 1 (0: empty), so that a row's duplicate and its unit are found
     * in constant time: a million-row file is read in linear time */
    size_t *seen, seen_cap;  /* into out.items, by (indicator, unit, period) */
    size_t *unit_at, unit_cap; /* into units, by code */
    const indicator **ind_at;  /* the plan's indicators (any depth), by code */
    size_t ind_cap;

    /* values_check: one row at a time, its problem kept instead of gathered */
    bool one_row;
    const char *row_problem;

    const values_row *row; /* values_rows_parse: the row read, whose places messages name */

    char *errors; /* accumulated messages, one per line */
    size_t n_errors;
    td_status first_status;
} parser;

/* The field a message is about, by the label it starts with ("giá trị: …", "thiếu kỳ"), so
 * that a row read from a spreadsheet names the cell; -1 when it names none. */
static int field_of(const char *msg)
{
    static const struct {
        const char *label;
        int col;
    } extra[] = {{"tổng số (tử số)", COL_NUMERATOR}, {"diện tích (ha)", COL_DENOMINATOR},
                 {"số người", COL_DENOMINATOR}, {"trùng chỉ tiêu", COL_INDICATOR}};
    if (strncmp(msg, "thiếu ", strlen("thiếu ")) == 0)
        msg += strlen("thiếu ");
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (strncmp(msg, extra[i].label, strlen(extra[i].label)) == 0)
            return extra[i].col;
    for (int c = 0; c < COL_COUNT; c++) {
        size_t n = strlen(column_labels[c]);
        if (strncmp(msg, column_labels[c], n) == 0 && (msg[n] == ':' || msg[n] == '\0'))
            return c;
    }
    return -1;
}

static void problem(parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(parser *ps, const char *fmt, ...)
{
    char msg[600];
    va_list ap;

    if (!ps->one_row && ++ps->n_errors > VALUES_CSV_MAX_ERRORS)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ps->one_row) {
        ps->row_problem = arena_strdup(ps->a, msg);
        return;
    }
    if (ps->row) {
        int f = field_of(msg);
        const char *where = f >= 0 && ps->row->where[f] ? ps->row->where[f] : NULL;
        for (int c = 0; c < COL_COUNT && !where; c++)
            where = ps->row->where[c];
        ps->errors = arena_printf(ps->a, "%s%s%s: %s", ps->errors ? ps->errors : "", ps->errors ? "\n" : "",
                                  where ? where : ps->name, msg);
        return;
    }
    ps->errors = arena_printf(ps->a, "%s%s%s:%zu: %s", ps->errors ? ps->errors : "", ps->errors ? "\n" : "",
                              ps->name, ps->record_line, msg);
}

static void on_field(void *s, size_t len, void *data)
{
    parser *ps = data;
    if (ps->n_fields == 0)
        ps->record_line = ps->line;
    if (ps->n_fields == MAX_FIELDS) {
        ps->too_many = true;
        return;
    }
    if (ps->rec_len + len + 1 > ps->rec_cap) {
        size_t cap = ps->rec_cap ? ps->rec_cap : 256;
        while (cap < ps->rec_len + len + 1)
            cap *= 2;
        char *grown = realloc(ps->rec, cap);
        if (!grown)
            td_oom(cap);
        ps->rec = grown;
        ps->rec_cap = cap;
    }
    if (len)
        memcpy(ps->rec + ps->rec_len, s, len);
    ps->rec[ps->rec_len + len] = '\0';
    ps->field_at[ps->n_fields++] = ps->rec_len;
    ps->rec_len += len + 1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static void read_header(parser *ps)
{
    for (int c = 0; c < COL_COUNT; c++)
        ps->col[c] = -1;
    for (size_t i = 0; i < ps->n_fields; i++) {
        char *h = trim(ps->fields[i]);
        int found = -1;
        for (int c = 0; c < COL_COUNT && found < 0; c++)
            if (strcmp(h, column_names[c][0]) == 0 || strcmp(h, column_names[c][1]) == 0)
                found = c;
        if (found < 0) {
            problem(ps, "dòng tiêu đề: cột \"%s\" không được hỗ trợ; các cột là indicator, org_unit, period, value, "
                        "note, status, denominator, numerator, evidence",
                    h);
        } else if (ps->col[found] >= 0) {
            problem(ps, "dòng tiêu đề: cột \"%s\" xuất hiện hai lần", h);
        } else {
            ps->col[found] = (int)i;
        }
    }
    for (int c = 0; c <= COL_VALUE; c++)
        if (ps->col[c] < 0 && !(c == COL_VALUE && ps->col[COL_NUMERATOR] >= 0))
            problem(ps, "dòng tiêu đề: thiếu cột bắt buộc \"%s\"", column_names[c][0]);
    ps->have_header = true;
    ps->n_columns = ps->n_fields;
}

static const char *field(parser *ps, enum column c)
{
    int i = ps->col[c];
    if (i < 0 || (size_t)i >= ps->n_fields)
        return NULL;
    char *f = trim(ps->fields[i]);
    return *f ? f : NULL;
}

/* The commune's unit with code, or NULL. */
static const org_unit *find_unit(parser *ps, const char *code)
{
    if (!ps->unit_at) {
        ps->unit_cap = 16;
        while (ps->unit_cap < ps->n_units * 2)
            ps->unit_cap *= 2;
        ps->unit_at = arena_calloc(ps->a, ps->unit_cap, sizeof *ps->unit_at);
        for (size_t i = 0; i < ps->n_units; i++) {
            size_t k = hash_text(HASH_SEED, ps->units[i].code) & (ps->unit_cap - 1);
            while (ps->unit_at[k])
                k = (k + 1) & (ps->unit_cap - 1);
            ps->unit_at[k] = i + 1;
        }
    }
    for (size_t k = hash_text(HASH_SEED, code) & (ps->unit_cap - 1); ps->unit_at[k]; k = (k + 1) & (ps->unit_cap - 1))
        if (strcmp(ps->units[ps->unit_at[k] - 1].code, code) == 0)
            return &ps->units[ps->unit_at[k] - 1];
    return NULL;
}

static void index_indicators(parser *ps, const indicator *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = hash_text(HASH_SEED, list[i].code) & (ps->ind_cap - 1);
        while (ps->ind_at[k] && strcmp(ps->ind_at[k]->code, list[i].code) != 0)
            k = (k + 1) & (ps->ind_cap - 1);
        if (!ps->ind_at[k]) /* the first of a code, as plan_find_indicator finds it */
            ps->ind_at[k] = &list[i];
        index_indicators(ps, list[i].children, list[i].n_children);
    }
}

static size_t count_indicators(const indicator *list, size_t n)
{
    size_t count = n;
    for (size_t i = 0; i < n; i++)
        count += count_indicators(list[i].children, list[i].n_children);
    return count;
}

/* plan_find_indicator by hash: it walks the tree, a cost paid per row of a large file. */
static const indicator *find_indicator(parser *ps, const char *code)
{
    if (!ps->ind_at) {
        size_t count = count_indicators(ps->plan->indicators, ps->plan->n_indicators);
        ps->ind_cap = 16;
        while (ps->ind_cap < count * 2)
            ps->ind_cap *= 2;
        ps->ind_at = arena_calloc(ps->a, ps->ind_cap, sizeof *ps->ind_at);
        index_indicators(ps, ps->plan->indicators, ps->plan->n_indicators);
    }
    for (size_t k = hash_text(HASH_SEED, code) & (ps->ind_cap - 1); ps->ind_at[k]; k = (k + 1) & (ps->ind_cap - 1))
        if (strcmp(ps->ind_at[k]->code, code) == 0)
            return ps->ind_at[k];
    return NULL;
}

/* The row of out.items with v's indicator, unit and period, or NULL. */
static const data_value *seen_before(const parser *ps, const data_value *v, size_t *line)
{
    if (!ps->seen)
        return NULL;
    for (size_t k = data_value_key_hash(v) & (ps->seen_cap - 1); ps->seen[k]; k = (k + 1) & (ps->seen_cap - 1)) {
        const data_value *o = &ps->out.items[ps->seen[k] - 1];
        if (data_value_same_key(o, v)) {
            *line = ps->out.lines[ps->seen[k] - 1];
            return o;
        }
    }
    return NULL;
}

static void seen_put(parser *ps, size_t i)
{
    if ((i + 1) * 2 > ps->seen_cap) {
        size_t cap = ps->seen_cap ? ps->seen_cap * 2 : 128;
        size_t *slots = arena_calloc(ps->a, cap, sizeof *slots);
        for (size_t j = 0; j < i; j++) {
            size_t k = data_value_key_hash(&ps->out.items[j]) & (cap - 1);
            while (slots[k])
                k = (k + 1) & (cap - 1);
            slots[k] = j + 1;
        }
        ps->seen = slots;
        ps->seen_cap = cap;
    }
    size_t k = data_value_key_hash(&ps->out.items[i]) & (ps->seen_cap - 1);
    while (ps->seen[k])
        k = (k + 1) & (ps->seen_cap - 1);
    ps->seen[k] = i + 1;
}

/* A checklist answer: items separated by ';', each one of the target's items. */
static bool read_items(parser *ps, const indicator *ind, const char *s, data_value *v)
{
    const target *t = ind->target;
    char *copy = arena_strdup(ps->a, s), *save = NULL, *tok;
    char *joined = NULL;
    size_t count = 0;

    for (tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        char *item = trim(tok);
        const char *fold = vtext_fold(ps->a, item), *match = NULL;
        if (!*item)
            continue;
        for (size_t k = 0; k < t->n_items && !match; k++)
            if (strcmp(fold, vtext_fold(ps->a, t->items[k])) == 0)
                match = t->items[k];
        if (!match) {
            char list[400] = "";
            for (size_t k = 0; k < t->n_items; k++) {
                size_t len = strlen(list);
                snprintf(list + len, sizeof list - len, "%s%s", k ? "; " : "", t->items[k]);
            }
            problem(ps, "giá trị: \"%s\" không có trong danh mục của chỉ tiêu %s (%s)", item, ind->code, list);
            return false;
        }
        joined = joined ? arena_printf(ps->a, "%s; %s", joined, match) : arena_strdup(ps->a, match);
        count++;
    }
    v->has_value = true;
    v->value = (double)count;
    v->text = joined ? joined : arena_strdup(ps->a, "");
    return true;
}

/* The significant digits of a number as typed: from the first non-zero digit to the last one. */
static size_t significant_digits(const char *s)
{
    const char *first = NULL, *last = NULL;
    size_t n = 0;
    for (const char *c = s; *c; c++)
        if (*c >= '1' && *c <= '9') {
            first = first ? first : c;
            last = c;
        }
    for (const char *c = first; c && c <= last; c++)
        n += *c >= '0' && *c <= '9';
    return n;
}

/* The digits before the decimal comma, leading zeros left out: 1.000.000.000.000 has 13. */
static size_t integer_digits(const char *s)
{
    size_t n = 0;
    bool lead = true;
    for (const char *c = s; *c && *c != ','; c++) {
        if (*c < '0' || *c > '9' || (lead && *c == '0'))
            continue;
        lead = false;
        n++;
    }
    return n;
}

/* A number the indicator can hold, as typed in the field named label: Vietnamese notation, finite,
 * at most VALUE_MAX and VALUE_MAX_DIGITS significant digits. */
static bool read_figure(parser *ps, const char *label, const char *s, double *x)
{
    td_error e = {0};
    bool read = vnum_parse(s, strlen(s), x, &e) == TD_OK && isfinite(*x);
    if (!read && strspn(s, "0123456789.,-+ ") == strlen(s) &&
        (significant_digits(s) > VALUE_MAX_DIGITS || integer_digits(s) > 13)) {
        problem(ps, "%s: \"%s\" quá lớn hoặc có quá %d chữ số có nghĩa; hãy kiểm tra lại số đã nhập", label, s,
                VALUE_MAX_DIGITS);
        return false;
    }
    if (!read) {
        problem(ps, "%s: \"%s\" không phải là số viết theo kiểu Việt Nam (ví dụ 8.990 hoặc 362,4)", label, s);
        return false;
    }
    if (significant_digits(s) > VALUE_MAX_DIGITS) {
        problem(ps, "%s: \"%s\" có quá %d chữ số có nghĩa; hãy kiểm tra lại số đã nhập", label, s, VALUE_MAX_DIGITS);
        return false;
    }
    if (fabs(*x) > VALUE_MAX) {
        problem(ps, "%s: %s quá lớn (tối đa 1.000.000.000.000); hãy kiểm tra lại số đã nhập", label, s);
        return false;
    }
    return true;
}

/* A rate or a ratio rolls up as Σ numerators ÷ Σ denominators: the unit's base must come with it. */
static bool needs_base(const indicator *ind)
{
    return (ind->agg == AGG_RATE || ind->agg == AGG_RATIO) && ind->meas != MEASURE_YESNO &&
           ind->meas != MEASURE_LIST;
}

static bool read_number(parser *ps, const indicator *ind, const char *s, const char *num, data_value *v)
{
    double x = 0, n = 0;

    if (num) {
        if (!read_figure(ps, numerator_label(ind), num, &n))
            return false;
        if (!needs_base(ind)) {
            problem(ps, "tử số: chỉ tiêu %s (%s) không phải tỷ lệ; hãy nhập giá trị", ind->code, ind->name);
            return false;
        }
        if (!v->has_denominator) {
            problem(ps, "%s: chỉ tiêu %s (%s) cần %s đi kèm %s", denominator_label(ind), ind->code, ind->name,
                    denominator_label(ind), numerator_label(ind));
            return false;
        }
        if (n < 0) {
            problem(ps, "%s: %s không được âm (chỉ tiêu %s)", numerator_label(ind), num, ind->code);
            return false;
        }
        x = ind->agg == AGG_RATE ? n / v->denominator * 100 : n / v->denominator;
        if (s) {
            double typed;
            if (!read_figure(ps, "giá trị", s, &typed))
                return false;
            if (fabs(typed - x) > 0.05 * (fabs(x) > 1 ? fabs(x) : 1)) {
                problem(ps, "giá trị: %s không khớp với %s ÷ %s", s, num, vnum_format(ps->a, v->denominator, 4));
                return false;
            }
        }
    } else {
        if (!read_figure(ps, "giá trị", s, &x))
            return false;
        if (needs_base(ind) && !v->has_denominator) {
            problem(ps, "%s: chỉ tiêu %s (%s) là %s, cộng giữa các đơn vị theo %s; hãy nhập cả %s", denominator_label(ind),
                    ind->code, ind->name, ind->agg == AGG_RATE ? "tỷ lệ" : "số bình quân", denominator_label(ind),
                    denominator_label(ind));
            return false;
        }
    }
    /* a growth may be negative and exceed 100%; a level or a count may not */
    if (!ind->target || ind->target->change == TARGET_CHANGE_NONE) {
        bool pct = (ind->unit && strcmp(ind->unit, "%") == 0) ||
                   (ind->agg == AGG_RATE && (!ind->target || !ind->target->unit || !strcmp(ind->target->unit, "%")));
        if (x < 0) {
            problem(ps, "giá trị: %s không được âm (chỉ tiêu %s)", s ? s : vnum_format(ps->a, x, 2), ind->code);
            return false;
        }
        if (pct && x > 100) {
            problem(ps, "giá trị: tỷ lệ %s%% vượt quá 100%% (chỉ tiêu %s)%s", vnum_format(ps->a, x, 2), ind->code,
                    num ? "; tử số không được lớn hơn mẫu số" : "");
            return false;
        }
    }
    v->has_value = true;
    v->value = x;
    return true;
}

/* The current record's fields checked against the plan: true with *out filled, false after a
 * problem. */
static bool check_row(parser *ps, data_value *out)
{
    const char *code = field(ps, COL_INDICATOR), *unit = field(ps, COL_UNIT), *per = field(ps, COL_PERIOD),
               *value = field(ps, COL_VALUE), *note = field(ps, COL_NOTE), *status = field(ps, COL_STATUS),
               *den = field(ps, COL_DENOMINATOR), *evidence = field(ps, COL_EVIDENCE),
               *num = field(ps, COL_NUMERATOR);
    const indicator *ind = NULL;
    data_value v = {0};
    period p;
    td_error e = {0};

    if (ps->n_fields != ps->n_columns) {
        problem(ps, "dòng có %zu cột nhưng tiêu đề có %zu cột; số thập phân có dấu phẩy phải đặt trong ngoặc kép, "
                    "ví dụ \"97,5\"",
                ps->n_fields, ps->n_columns);
        return false;
    }
    if (!code || !unit || !per || (!value && !num)) {
        problem(ps, "thiếu %s",
                column_labels[!code ? COL_INDICATOR : !unit ? COL_UNIT : !per ? COL_PERIOD : COL_VALUE]);
        return false;
    }
    ind = find_indicator(ps, code);
    if (!ind) {
        problem(ps, "chỉ tiêu: không có chỉ tiêu \"%s\" trong kế hoạch", code);
        return false;
    }
    if (!ind->target) {
        problem(ps, "chỉ tiêu: chỉ tiêu %s là nhóm, không có mục tiêu riêng; hãy nhập số liệu cho các chỉ tiêu con",
                code);
        return false;
    }
    const org_unit *ou = find_unit(ps, unit);
    if (!ou) {
        problem(ps, "đơn vị: không có đơn vị với mã \"%s\"", unit);
        return false;
    }
    if (period_parse(per, &p, &e) != TD_OK) {
        problem(ps, "kỳ: %s", e.msg);
        return false;
    }
    /* a growth target is measured against its baseline year, entered as values of that year */
    int base_year = ind->target->baseline_year ? ind->target->baseline_year : ps->first.year - 1;
    bool baseline = ind->target->change != TARGET_CHANGE_NONE && p.year == base_year;
    if (!baseline && (p.year < ps->first.year || p.year > ps->last.year)) {
        problem(ps, "kỳ: kỳ %s nằm ngoài thời gian của kế hoạch (%d–%d)", per, ps->first.year,
                ps->last.year);
        return false;
    }
    if (den) {
        if (!read_figure(ps, denominator_label(ind), den, &v.denominator))
            return false;
        if (v.denominator <= 0) {
            problem(ps, "%s: \"%s\" cần là một số dương (ví dụ 2.000 hộ)", denominator_label(ind), den);
            return false;
        }
        v.has_denominator = true;
    }
    if (evidence && utf8_chars(evidence) > EVIDENCE_MAX_CHARS) {
        problem(ps, "minh chứng: dài %s ký tự, tối đa 1.000 ký tự; hãy ghi số, ngày văn bản hoặc đường dẫn",
                vnum_format(ps->a, (double)utf8_chars(evidence), 0));
        return false;
    }
    if (note && utf8_chars(note) > NOTE_MAX_CHARS) {
        problem(ps, "ghi chú: dài %s ký tự, tối đa 1.000 ký tự; hãy viết gọn lại",
                vnum_format(ps->a, (double)utf8_chars(note), 0));
        return false;
    }
    if (status && !value_status_from_code(status, &v.status)) {
        problem(ps, "trạng thái: \"%s\" không hợp lệ; cần draft, submitted, approved hoặc returned", status);
        return false;
    }
    if (num && (ind->meas == MEASURE_YESNO || ind->meas == MEASURE_LIST)) {
        problem(ps, "tử số: chỉ tiêu %s (%s) không phải tỷ lệ; hãy nhập giá trị", code, ind->name);
        return false;
    }
    if (ind->meas == MEASURE_YESNO) {
        int yn = vtext_yes_no(ps->a, value);
        if (yn < 0) {
            problem(ps, "giá trị: chỉ tiêu %s cần câu trả lời có/không (có, đạt, không, không đạt), gặp \"%s\"", code,
                    value);
            return false;
        }
        v.has_value = true;
        v.value = yn;
    } else if (ind->meas == MEASURE_LIST && ind->target->n_items) {
        if (!read_items(ps, ind, value, &v))
            return false;
    } else if (!read_number(ps, ind, value, num, &v)) {
        return false;
    }
    v.indicator_code = ind->code;
    v.org_unit_code = ou->code;
    period_code(&p, v.period);
    v.note = note ? vtext_nfc(ps->a, note) : NULL;
    v.evidence = evidence ? vtext_nfc(ps->a, evidence) : NULL;
    *out = v;
    return true;
}

/* Room for cap values in out. */
static void out_reserve(parser *ps, size_t cap)
{
    if (cap <= ps->out.cap)
        return;
    data_value *items = arena_calloc(ps->a, cap, sizeof *items);
    size_t *lines = arena_calloc(ps->a, cap, sizeof *lines);
    if (ps->out.n) {
        memcpy(items, ps->out.items, ps->out.n * sizeof *items);
        memcpy(lines, ps->out.lines, ps->out.n * sizeof *lines);
    }
    ps->out.items = items;
    ps->out.lines = lines;
    ps->out.cap = cap;
}

static void read_row(parser *ps)
{
    data_value v;
    if (!check_row(ps, &v))
        return;
    size_t dup_line = 0;
    if (seen_before(ps, &v, &dup_line)) {
        problem(ps, "trùng chỉ tiêu, đơn vị và kỳ với dòng %zu", dup_line);
        return;
    }
    if (ps->out.n == ps->out.cap)
        out_reserve(ps, ps->out.cap ? ps->out.cap * 2 : 64);
    ps->out.lines[ps->out.n] = ps->record_line;
    ps->out.items[ps->out.n++] = v;
    seen_put(ps, ps->out.n - 1);
}

static void on_row(int c, void *data)
{
    parser *ps = data;
    (void)c;
    for (size_t i = 0; i < ps->n_fields; i++)
        ps->fields[i] = ps->rec + ps->field_at[i];
    ps->rec_len = 0;
    if (ps->too_many)
        problem(ps, "quá nhiều cột (tối đa %d)", MAX_FIELDS);
    else if (!ps->have_header)
        read_header(ps);
    else if (!(ps->n_fields == 1 && !*trim(ps->fields[0])))
        read_row(ps);
    ps->n_fields = 0;
    ps->too_many = false;
}

static td_status plan_years(parser *ps, td_error *err)
{
    if (period_parse(arena_printf(ps->a, "%.4s", ps->plan->period_start), &ps->first, NULL) ||
        period_parse(arena_printf(ps->a, "%.4s", ps->plan->period_end), &ps->last, NULL))
        return td_fail(err, TD_ERR_INPUT, "kế hoạch có thời gian thực hiện không hợp lệ");
    return TD_OK;
}

/* Every bad line or row in one message, or the values read. */
static td_status finish(parser *ps, data_value **out, size_t *n, td_error *err)
{
    if (ps->n_errors) {
        if (ps->n_errors > VALUES_CSV_MAX_ERRORS)
            ps->errors =
                arena_printf(ps->a, "%s\n… và %zu lỗi khác", ps->errors, ps->n_errors - VALUES_CSV_MAX_ERRORS);
        td_status st = td_fail(err, TD_ERR_INPUT, "%s", ps->errors);
        if (ps->n_errors > 1)
            td_error_prefix(err, "%zu dòng có lỗi, không nhập dòng nào\n", ps->n_errors);
        return st;
    }
    *out = ps->out.items;
    *n = ps->out.n;
    return TD_OK;
}

td_status values_rows_parse(arena *a, const plan *p, const org_unit *units, size_t n_units, const values_row *rows,
                            size_t n_rows, data_value **out, size_t *n, td_error *err)
{
    parser ps = {.a = a, .plan = p, .units = units, .n_units = n_units, .name = "", .have_header = true,
                 .n_columns = COL_COUNT};

    if (plan_years(&ps, err))
        return TD_ERR_INPUT;
    for (int c = 0; c < COL_COUNT; c++)
        ps.col[c] = c;
    for (size_t i = 0; i < n_rows; i++) {
        ps.row = &rows[i];
        ps.record_line = rows[i].line;
        ps.n_fields = COL_COUNT;
        for (int c = 0; c < COL_COUNT; c++)
            ps.fields[c] = arena_strdup(a, rows[i].field[c] ? rows[i].field[c] : "");
        read_row(&ps);
    }
    return finish(&ps, out, n, err);
}

struct values_checker {
    parser ps;
};

td_status values_checker_new(arena *a, const plan *p, const org_unit *units, size_t n_units, values_checker **out,
                             td_error *err)
{
    values_checker *c = arena_calloc(a, 1, sizeof *c);
    c->ps = (parser){.a = a, .plan = p, .units = units, .n_units = n_units, .name = "", .have_header = true,
                     .n_columns = COL_COUNT, .one_row = true};
    if (plan_years(&c->ps, err))
        return TD_ERR_INPUT;
    for (int col = 0; col < COL_COUNT; col++)
        c->ps.col[col] = col;
    *out = c;
    return TD_OK;
}

/* A field as it would read in a CSV line written for it: a line break would end the line, so it
 * is a space (what the web form's fields never hold). */
static char *one_line(arena *a, const char *s)
{
    char *copy = arena_strdup(a, s ? s : "");
    for (char *p = copy; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return copy;
}

bool values_check(values_checker *c, const char *const field[VALUES_FIELDS], data_value *out, const char **problem)
{
    parser *ps = &c->ps;
    ps->n_fields = COL_COUNT;
    for (int col = 0; col < COL_COUNT; col++)
        ps->fields[col] = one_line(ps->a, field[col]);
    ps->row_problem = NULL;
    if (check_row(ps, out))
        return true;
    *problem = ps->row_problem;
    return false;
}

td_status values_csv_parse(arena *a, const plan *p, const org_unit *units, size_t n_units, const char *name,
                           const char *data, size_t len, data_value **out, size_t *n, td_error *err)
{
    parser ps = {.a = a, .plan = p, .units = units, .n_units = n_units, .name = name, .line = 0};
    struct csv_parser csv;
    size_t bad_at = 0, pos = 0;

    if (!vtext_utf8_valid(data, len, &bad_at)) {
        size_t line = 1;
        for (size_t i = 0; i < bad_at; i++)
            line += data[i] == '\n';
        return td_fail(err, TD_ERR_INPUT, "%s:%zu: tệp không phải văn bản UTF-8 hợp lệ (byte thứ %zu); hãy lưu tệp "
                                          "CSV với bảng mã UTF-8",
                       name, line, bad_at + 1);
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    if (plan_years(&ps, err))
        return TD_ERR_INPUT;
    /* room for a value per line from the start: doubling in an arena keeps every smaller copy */
    size_t lines = 1;
    for (const char *nl = data + pos; (nl = memchr(nl, '\n', len - (size_t)(nl - data))) != NULL; nl++)
        lines++;
    out_reserve(&ps, lines);

    if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        td_oom(sizeof csv);
    {
        /* the header decides the delimiter: ';' when it has one and no ',' */
        const char *eol = memchr(data + pos, '\n', len - pos);
        size_t hl = eol ? (size_t)(eol - (data + pos)) : len - pos;
        if (memchr(data + pos, ';', hl) && !memchr(data + pos, ',', hl))
            csv_set_delim(&csv, ';');
    }
    while (pos < len) {
        const char *eol = memchr(data + pos, '\n', len - pos);
        size_t chunk = eol ? (size_t)(eol - (data + pos)) + 1 : len - pos;
        ps.line++;
        if (csv_parse(&csv, data + pos, chunk, on_field, on_row, &ps) != chunk) {
            if (ps.n_fields == 0)
                ps.record_line = ps.line;
            problem(&ps, "CSV không hợp lệ: %s (dấu ngoặc kép \" chưa đóng hoặc đặt sai chỗ?)",
                    csv_strerror(csv_error(&csv)));
            break;
        }
        pos += chunk;
    }
    if (csv_fini(&csv, on_field, on_row, &ps) != 0 && ps.n_errors == 0) {
        ps.record_line = ps.line;
        problem(&ps, "CSV không hợp lệ: dấu ngoặc kép \" chưa đóng ở cuối tệp%s", "");
    }
    csv_free(&csv);
    free(ps.rec);

    if (!ps.have_header && ps.n_errors == 0)
        return td_fail(err, TD_ERR_INPUT, "%s: tệp rỗng; cần dòng tiêu đề indicator,org_unit,period,value", name);
    return finish(&ps, out, n, err);
}

td_status values_csv_apply(store *s, td_id plan_id, const char *name, const char *data, size_t len, bool is_demo,
                           size_t *n, td_error *err)
{
    return values_csv_apply_progress(s, plan_id, name, data, len, is_demo, NULL, NULL, n, err);
}

td_status values_csv_apply_progress(store *s, td_id plan_id, const char *name, const char *data, size_t len,
                                    bool is_demo, values_progress_fn progress, void *ctx, size_t *n, td_error *err)
{
    arena *a = arena_new();
    plan *p = NULL;
    org_unit *units = NULL;
    data_value *values = NULL;
    size_t n_units = 0, n_values = 0;
    td_id commune_id = 0;
    td_status st = store_plan_get(s, a, plan_id, &p, err);

    if (!st)
        st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = store_org_units_list(s, a, commune_id, &units, &n_units, err);
    if (!st)
        st = values_csv_parse(a, p, units, n_units, name, data, len, &values, &n_values, err);
    if (!st)
        st = store_values_put_many(s, plan_id, values, n_values, is_demo, progress, ctx, err);
    if (!st && n)
        *n = n_values;
    arena_free(a);
    return st;
}

td_status values_csv_import(store *s, td_id plan_id, const char *name, const char *data, size_t len,
                            values_progress_fn progress, void *ctx, size_t *n, td_error *err)
{
    td_status st = store_begin(s, err);
    if (!st)
        st = store_finish(s, values_csv_apply_progress(s, plan_id, name, data, len, false, progress, ctx, n, err),
                          err);
    return st;
}
