/* values_csv.c — data values from CSV through libcsv; see values_csv.h.
 *
 * The file is fed to libcsv one physical line at a time so that every message can name the
 * line a record starts on, even when a quoted field spans lines. */
#include "values_csv.h"

#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/vnum.h"
#include "core/vtext.h"

enum column {
    COL_INDICATOR,
    COL_UNIT,
    COL_PERIOD,
    COL_VALUE,
    COL_NOTE,
    COL_STATUS,
    COL_DENOMINATOR,
    COL_EVIDENCE,
    COL_COUNT
};

static const char *const column_names[COL_COUNT][2] = {
    {"indicator", "chi_tieu"}, {"org_unit", "don_vi"}, {"period", "ky"},
    {"value", "gia_tri"},      {"note", "ghi_chu"},    {"status", "trang_thai"},
    {"denominator", "mau_so"}, {"evidence", "minh_chung"},
};

/* Characters (not bytes) a figure's evidence may have: a document's number and date or a URL. */
#define EVIDENCE_MAX_CHARS 1000

#define MAX_FIELDS 16

typedef struct parser {
    arena *a;
    const plan *plan;
    const org_unit *units;
    size_t n_units;
    const char *name;
    period first, last; /* the plan's period as months */

    /* current record */
    char *fields[MAX_FIELDS];
    size_t n_fields;
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

    char *errors; /* accumulated messages, one per line */
    size_t n_errors;
    td_status first_status;
} parser;

static void problem(parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(parser *ps, const char *fmt, ...)
{
    char msg[600];
    va_list ap;

    ps->n_errors++;
    if (ps->n_errors > VALUES_CSV_MAX_ERRORS)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
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
    ps->fields[ps->n_fields++] = s ? arena_strndup(ps->a, s, len) : arena_strdup(ps->a, "");
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
                        "note, status, denominator, evidence",
                    h);
        } else if (ps->col[found] >= 0) {
            problem(ps, "dòng tiêu đề: cột \"%s\" xuất hiện hai lần", h);
        } else {
            ps->col[found] = (int)i;
        }
    }
    for (int c = 0; c <= COL_VALUE; c++)
        if (ps->col[c] < 0)
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

static bool unit_exists(const parser *ps, const char *code)
{
    for (size_t i = 0; i < ps->n_units; i++)
        if (strcmp(ps->units[i].code, code) == 0)
            return true;
    return false;
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
            problem(ps, "cột \"value\": \"%s\" không có trong danh mục của chỉ tiêu %s (%s)", item, ind->code, list);
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

static bool read_number(parser *ps, const indicator *ind, const char *s, data_value *v)
{
    td_error e = {0};
    double x;

    if (vnum_parse(s, strlen(s), &x, &e) != TD_OK) {
        problem(ps, "cột \"value\": \"%s\" không phải là số viết theo kiểu Việt Nam (ví dụ 8.990 hoặc 362,4)", s);
        return false;
    }
    /* a growth may be negative and exceed 100%; a level or a count may not */
    if (!ind->target || ind->target->change == TARGET_CHANGE_NONE) {
        bool pct = ind->unit && strcmp(ind->unit, "%") == 0;
        if (x < 0) {
            problem(ps, "cột \"value\": %s không được âm (chỉ tiêu %s)", s, ind->code);
            return false;
        }
        if (pct && x > 100) {
            problem(ps, "cột \"value\": tỷ lệ %s%% vượt quá 100%% (chỉ tiêu %s)", s, ind->code);
            return false;
        }
    }
    v->has_value = true;
    v->value = x;
    return true;
}

static void read_row(parser *ps)
{
    const char *code = field(ps, COL_INDICATOR), *unit = field(ps, COL_UNIT), *per = field(ps, COL_PERIOD),
               *value = field(ps, COL_VALUE), *note = field(ps, COL_NOTE), *status = field(ps, COL_STATUS),
               *den = field(ps, COL_DENOMINATOR), *evidence = field(ps, COL_EVIDENCE);
    const indicator *ind = NULL;
    data_value v = {0};
    period p;
    td_error e = {0};

    if (ps->n_fields != ps->n_columns) {
        problem(ps, "dòng có %zu cột nhưng tiêu đề có %zu cột; số thập phân có dấu phẩy phải đặt trong ngoặc kép, "
                    "ví dụ \"97,5\"",
                ps->n_fields, ps->n_columns);
        return;
    }
    if (!code || !unit || !per || !value) {
        problem(ps, "thiếu giá trị ở cột \"%s\"",
                !code ? "indicator" : !unit ? "org_unit" : !per ? "period" : "value");
        return;
    }
    ind = plan_find_indicator(ps->plan, code);
    if (!ind) {
        problem(ps, "cột \"indicator\": không có chỉ tiêu \"%s\" trong kế hoạch", code);
        return;
    }
    if (!ind->target) {
        problem(ps, "cột \"indicator\": chỉ tiêu %s là nhóm, không có mục tiêu riêng; hãy nhập số liệu cho các chỉ "
                    "tiêu con",
                code);
        return;
    }
    if (!unit_exists(ps, unit)) {
        problem(ps, "cột \"org_unit\": không có đơn vị với mã \"%s\"", unit);
        return;
    }
    if (period_parse(per, &p, &e) != TD_OK) {
        problem(ps, "cột \"period\": %s", e.msg);
        return;
    }
    /* a growth target is measured against its baseline year, entered as values of that year */
    int base_year = ind->target->baseline_year ? ind->target->baseline_year : ps->first.year - 1;
    bool baseline = ind->target->change != TARGET_CHANGE_NONE && p.year == base_year;
    if (!baseline && (p.year < ps->first.year || p.year > ps->last.year)) {
        problem(ps, "cột \"period\": kỳ %s nằm ngoài thời gian của kế hoạch (%d–%d)", per, ps->first.year,
                ps->last.year);
        return;
    }
    if (den) {
        td_error de = {0};
        if (vnum_parse(den, strlen(den), &v.denominator, &de) != TD_OK || v.denominator <= 0) {
            problem(ps, "cột \"denominator\": \"%s\" cần là một số dương viết theo kiểu Việt Nam (mẫu số của tỷ lệ, "
                        "ví dụ 2.000 hộ)",
                    den);
            return;
        }
        v.has_denominator = true;
    }
    if (evidence) {
        size_t chars = 0;
        for (const char *c = evidence; *c; c++)
            chars += ((unsigned char)*c & 0xC0) != 0x80;
        if (chars > EVIDENCE_MAX_CHARS) {
            problem(ps, "cột \"evidence\": minh chứng dài %zu ký tự, tối đa 1.000 ký tự; hãy ghi số, ngày văn bản "
                        "hoặc đường dẫn",
                    chars);
            return;
        }
    }
    if (status && !value_status_from_code(status, &v.status)) {
        problem(ps, "cột \"status\": \"%s\" không hợp lệ; cần draft, submitted, approved hoặc returned", status);
        return;
    }
    if (ind->meas == MEASURE_YESNO) {
        int yn = vtext_yes_no(ps->a, value);
        if (yn < 0) {
            problem(ps, "cột \"value\": chỉ tiêu %s cần câu trả lời có/không (có, đạt, không, không đạt), gặp \"%s\"",
                    code, value);
            return;
        }
        v.has_value = true;
        v.value = yn;
    } else if (ind->meas == MEASURE_LIST && ind->target->n_items) {
        if (!read_items(ps, ind, value, &v))
            return;
    } else if (!read_number(ps, ind, value, &v)) {
        return;
    }
    v.indicator_code = ind->code;
    v.org_unit_code = arena_strdup(ps->a, unit);
    period_code(&p, v.period);
    v.note = note ? vtext_nfc(ps->a, note) : NULL;
    v.evidence = evidence ? vtext_nfc(ps->a, evidence) : NULL;

    for (size_t i = 0; i < ps->out.n; i++) {
        const data_value *o = &ps->out.items[i];
        if (strcmp(o->indicator_code, v.indicator_code) == 0 && strcmp(o->org_unit_code, v.org_unit_code) == 0 &&
            strcmp(o->period, v.period) == 0) {
            problem(ps, "trùng chỉ tiêu, đơn vị và kỳ với dòng %zu", ps->out.lines[i]);
            return;
        }
    }
    if (ps->out.n == ps->out.cap) {
        size_t cap = ps->out.cap ? ps->out.cap * 2 : 64;
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
    ps->out.lines[ps->out.n] = ps->record_line;
    ps->out.items[ps->out.n++] = v;
}

static void on_row(int c, void *data)
{
    parser *ps = data;
    (void)c;
    if (ps->too_many)
        problem(ps, "quá nhiều cột (tối đa %d)", MAX_FIELDS);
    else if (!ps->have_header)
        read_header(ps);
    else if (!(ps->n_fields == 1 && !*trim(ps->fields[0])))
        read_row(ps);
    ps->n_fields = 0;
    ps->too_many = false;
}

td_status values_csv_parse(arena *a, const plan *p, const org_unit *units, size_t n_units, const char *name,
                           const char *data, size_t len, data_value **out, size_t *n, td_error *err)
{
    parser ps = {.a = a, .plan = p, .units = units, .n_units = n_units, .name = name, .line = 0};
    struct csv_parser csv;
    size_t bad_at = 0, pos = 0;
    td_status st = TD_OK;

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
    if (period_parse(arena_printf(a, "%.4s", p->period_start), &ps.first, NULL) ||
        period_parse(arena_printf(a, "%.4s", p->period_end), &ps.last, NULL))
        return td_fail(err, TD_ERR_INPUT, "kế hoạch có thời gian thực hiện không hợp lệ");

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

    if (!ps.have_header && ps.n_errors == 0)
        return td_fail(err, TD_ERR_INPUT, "%s: tệp rỗng; cần dòng tiêu đề indicator,org_unit,period,value", name);
    if (ps.n_errors) {
        if (ps.n_errors > VALUES_CSV_MAX_ERRORS)
            ps.errors = arena_printf(a, "%s\n… và %zu lỗi khác", ps.errors, ps.n_errors - VALUES_CSV_MAX_ERRORS);
        st = td_fail(err, TD_ERR_INPUT, "%s", ps.errors);
        if (ps.n_errors > 1)
            td_error_prefix(err, "%zu dòng có lỗi, không nhập dòng nào\n", ps.n_errors);
        return st;
    }
    *out = ps.out.items;
    *n = ps.out.n;
    return TD_OK;
}

td_status values_csv_apply(store *s, td_id plan_id, const char *name, const char *data, size_t len, bool is_demo,
                           size_t *n, td_error *err)
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
    for (size_t i = 0; !st && i < n_values; i++)
        st = store_value_put(s, plan_id, &values[i], is_demo, err);
    if (!st && n)
        *n = n_values;
    arena_free(a);
    return st;
}

td_status values_csv_import(store *s, td_id plan_id, const char *name, const char *data, size_t len, size_t *n,
                            td_error *err)
{
    td_status st = store_begin(s, err);
    if (!st)
        st = store_finish(s, values_csv_apply(s, plan_id, name, data, len, false, n, err), err);
    return st;
}
