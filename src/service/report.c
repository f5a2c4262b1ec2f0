/* report.c — see report.h. The layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I: the header
 * block as a borderless two-column table (the issuing body left, the national title right), the
 * number and the place and date under them, the document type and its summary, the body, then
 * "Nơi nhận" and the signer side by side. Sizes are half-points (26 = 13 pt). */
#include "report.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/period.h"
#include "core/target.h"
#include "core/vnum.h"
#include "core/vtext.h"
#include "docx.h"
#include "evaluation.h"
#include "policy.h"
#include "records.h"
#include "store/store_reports.h"
#include "vnclock.h"

static const char *kind_names[] = {"consolidated", "unit", "reminder"};

const char *report_kind_code(report_kind k)
{
    return kind_names[k];
}

bool report_kind_read(const char *text, report_kind *out)
{
    const char *const *names = kind_names;
    for (int i = 0; i < 3; i++)
        if (text && strcmp(text, names[i]) == 0) {
            *out = (report_kind)i;
            return true;
        }
    return false;
}

/* What every part of a report needs. */
typedef struct rep {
    arena *a;
    docx *d;
    const plan *p;
    const org_unit *units;
    size_t n_units;
    const char *as_of;   /* YYYY-MM-DD */
    const char *place;   /* "Kiến Hải" */
    const char *commune; /* "xã Kiến Hải" */
    int width;           /* text width, twips */
    const char *missed;  /* "không đạt", or "chưa đạt" while the period runs (as the table says) */
    const report_narrative *nar; /* the parts a person writes */
    const char *symbol;          /* of the number: "BC-UBND" */
    int number;                  /* 0: a draft, the number left blank */
} rep;

enum { PT12 = 24, PT13 = 26, PT14 = 28, PT11 = 22 };

/* The left column of the header block and of the signature, twips (the rest is the right one). */
enum { LEFT_COL = 4100 };

/* A rough width of a line of Times New Roman in twips, to size the rules under the header lines:
 * capitals are about 0,68 em wide in bold, lower case about 0,48 em. */
static int text_twips(const char *s, int size, bool upper)
{
    size_t chars = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        chars += (*c & 0xC0) != 0x80;
    return (int)(chars * size * 10 * (upper ? 0.68 : 0.48));
}

static void line(rep *r, docx_align al, int size, bool bold, bool italic, const char *text)
{
    docx_para p = {.align = al};
    docx_run run = {.bold = bold, .italic = italic, .size = size};
    docx_text(r->d, &p, &run, text);
}

/* A body paragraph: justified, first line indented 1 cm, 6 pt after, line spacing 1,15. */
static void body(rep *r, const char *text)
{
    docx_para p = {.align = DOCX_BOTH, .first_line = 567, .after = 120, .line = 276};
    docx_run run = {.size = PT14};
    docx_text(r->d, &p, &run, text);
}

/* The last paragraph of the body: it stays on the page of the signature, which never stands alone. */
static void body_last(rep *r, const char *text)
{
    docx_para p = {.align = DOCX_BOTH, .first_line = 567, .after = 120, .line = 276, .keep_next = true};
    docx_run run = {.size = PT14};
    docx_text(r->d, &p, &run, text);
}

/* A heading of the body ("I. KẾT QUẢ …", "1. Kết quả chung"): bold, indented like the body. */
static void heading(rep *r, const char *text)
{
    docx_para p = {.align = DOCX_BOTH, .first_line = 567, .before = 60, .after = 120, .line = 276, .keep_next = true};
    docx_run run = {.bold = true, .size = PT14};
    docx_text(r->d, &p, &run, text);
}

/* "ngày 05 tháng 12 năm 2026": the day under 10 and the months 1 and 2 with a leading zero. */
static const char *date_words(rep *r, const char *iso)
{
    int y = 0, m = 0, d = 0;
    sscanf(iso, "%d-%d-%d", &y, &m, &d);
    return arena_printf(r->a, "ngày %02d tháng %s%d năm %d", d, m < 3 ? "0" : "", m, y);
}

/* The header block: issuing body (and its parent, not bold) left with a short rule; Quốc hiệu
 * and Tiêu ngữ right with a rule as long as the line; then the number (and, for a letter, its
 * summary "V/v …") left and the place and date right. */
static void header_block(rep *r, const char *parent, const char *body_name, const char *number, const char *vv)
{
    int right = r->width - LEFT_COL;
    int widths[] = {LEFT_COL, right};
    docx *d = r->d;
    const char *motto = "Độc lập - Tự do - Hạnh phúc";

    docx_table_begin(d, widths, 2, false);
    docx_row_begin(d, false);
    docx_cell_begin(d, 1, false);
    const char *upper = vtext_upper(r->a, body_name);
    if (parent)
        line(r, DOCX_CENTER, PT12, false, false, vtext_upper(r->a, parent));
    line(r, DOCX_CENTER, PT13, true, false, upper);
    /* the longest line of the body's name decides the rule: a third to a half of it */
    int longest = 0;
    for (const char *s = upper; s && *s;) {
        const char *nl = strchr(s, '\n');
        char *one = arena_strndup(r->a, s, nl ? (size_t)(nl - s) : strlen(s));
        int w = text_twips(one, PT13, true);
        longest = w > longest ? w : longest;
        s = nl ? nl + 1 : s + strlen(s);
    }
    docx_rule(d, longest * 2 / 5, LEFT_COL);
    docx_cell_end(d);
    docx_cell_begin(d, 1, false);
    line(r, DOCX_CENTER, PT12, true, false, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    line(r, DOCX_CENTER, PT14, true, false, motto);
    docx_rule(d, text_twips(motto, PT14, false), right);
    docx_cell_end(d);
    docx_row_end(d);

    docx_row_begin(d, false);
    docx_cell_begin(d, 1, false);
    docx_para num = {.align = DOCX_CENTER, .before = 120};
    docx_run plain = {.size = PT13};
    docx_text(d, &num, &plain, number);
    if (vv) {
        docx_para v = {.align = DOCX_CENTER, .before = 60};
        docx_run small = {.size = PT12};
        docx_text(d, &v, &small, vv);
    }
    docx_cell_end(d);
    docx_cell_begin(d, 1, false);
    docx_para dl = {.align = DOCX_CENTER, .before = 120};
    docx_run it = {.italic = true, .size = PT14};
    docx_text(d, &dl, &it, arena_printf(r->a, "%s, %s", r->place, date_words(r, r->as_of)));
    docx_cell_end(d);
    docx_row_end(d);
    docx_table_end(d);
}

/* The document type and its summary, bold, centred, with a short rule. */
static void title(rep *r, const char *type, const char *summary)
{
    docx_para t = {.align = DOCX_CENTER, .before = 240};
    docx_run b = {.bold = true, .size = PT14};
    docx_text(r->d, &t, &b, type);
    docx_para s = {.align = DOCX_CENTER};
    docx_text(r->d, &s, &b, summary);
    docx_rule(r->d, r->width / 5, r->width);
    docx_para gap = {.after = 120};
    docx_para_begin(r->d, &gap);
    docx_para_end(r->d);
}

/* "Nơi nhận:" left (12 pt bold italic, the recipients 11 pt), the signer right. */
static void closing(rep *r, const char *const *recipients, size_t n, const char *authority, const char *title,
                    const char *name)
{
    int widths[] = {LEFT_COL, r->width - LEFT_COL};
    docx *d = r->d;
    docx_table_begin(d, widths, 2, false);
    docx_row_begin(d, false);
    docx_cell_begin(d, 1, false);
    docx_para p = {.align = DOCX_LEFT, .before = 120};
    docx_run h = {.bold = true, .italic = true, .size = PT12};
    docx_text(d, &p, &h, "Nơi nhận:");
    for (size_t i = 0; i < n; i++)
        line(r, DOCX_LEFT, PT11, false, false, recipients[i]);
    docx_cell_end(d);
    docx_cell_begin(d, 1, false);
    docx_para s = {.align = DOCX_CENTER, .before = 120};
    docx_run b = {.bold = true, .size = PT14};
    if (authority)
        docx_text(d, &s, &b, authority);
    docx_para t = {.align = DOCX_CENTER};
    docx_text(d, authority ? &t : &s, &b, title);
    /* room for the signature and the seal */
    docx_para gap = {.before = 1440};
    docx_para_begin(d, &gap);
    docx_para_end(d);
    if (name && *name)
        docx_text(d, &t, &b, name);
    docx_cell_end(d);
    docx_row_end(d);
    docx_table_end(d);
}

static const char *unit_name(const rep *r, const char *code)
{
    for (size_t i = 0; i < r->n_units; i++)
        if (strcmp(r->units[i].code, code) == 0)
            return r->units[i].name;
    return code;
}

static const org_unit *find_unit(const rep *r, const char *code)
{
    for (size_t i = 0; i < r->n_units; i++)
        if (strcmp(r->units[i].code, code) == 0)
            return &r->units[i];
    return NULL;
}

/* A figure in the unit of the target: "97,5%", "1.510 lượt"; a yes/no; items of a list. */
static const char *figure(rep *r, const eval_node *nd)
{
    const eval_actual *x = &nd->actual;
    const target *t = nd->target ? nd->target : nd->ind->target;
    if (!nd->computed)
        return "";
    if (x->has_items)
        return t ? arena_printf(r->a, "%zu/%zu mục", x->n_items, t->n_items) : arena_printf(r->a, "%zu mục", x->n_items);
    if (x->has_yes)
        return x->yes ? "Hoàn thành" : "Chưa hoàn thành";
    if (!x->has_value)
        return "";
    const char *unit = t && t->unit ? t->unit : nd->ind->unit;
    const char *n = vnum_format(r->a, x->value, 2);
    if (x->in_points)
        return arena_printf(r->a, "%s điểm phần trăm", n);
    return unit ? arena_printf(r->a, "%s%s%s", n, strcmp(unit, "%") ? " " : "", unit) : n;
}

/* The target as the plan writes it (or as assigned to the unit). */
static const char *target_text(rep *r, const eval_node *nd)
{
    const target *t = nd->target ? nd->target : nd->ind->target;
    if (!t)
        return "";
    return t->text && *t->text ? t->text : target_format(r->a, t);
}

static void cell_text(rep *r, docx_align al, bool bold, const char *text, bool shade, int span)
{
    docx_cell_begin(r->d, span, shade);
    docx_para p = {.align = al, .before = 20, .after = 20};
    docx_run run = {.bold = bold, .size = PT12};
    docx_text(r->d, &p, &run, text);
    docx_cell_end(r->d);
}

enum { N_COLS = 6 };
static const int col_widths[N_COLS] = {680, 2975, 1900, 1400, 1100, 1300};

static void table_head(rep *r)
{
    static const char *heads[N_COLS] = {"TT", "Chỉ tiêu", "Mục tiêu kế hoạch", "Thực hiện", "Tỷ lệ đạt",
                                        "Đánh giá"};
    docx_table_begin(r->d, col_widths, N_COLS, true);
    docx_row_begin(r->d, true);
    for (int i = 0; i < N_COLS; i++)
        cell_text(r, DOCX_CENTER, true, heads[i], true, 1);
    docx_row_end(r->d);
}

/* Does the node (or one below it) belong in a unit's table: a target of the unit's own? */
static bool unit_has(const eval_node *nd)
{
    if (nd->unit_target)
        return true;
    for (size_t i = 0; i < nd->n_children; i++)
        if (unit_has(&nd->children[i]))
            return true;
    return false;
}

/* One row per indicator, in the plan's order and grouping; a group (a node with children) bold. */
static void table_rows(rep *r, const eval_node *nodes, size_t n, int depth, bool unit_only)
{
    for (size_t i = 0; i < n; i++) {
        const eval_node *nd = &nodes[i];
        if (unit_only && !unit_has(nd))
            continue;
        bool group = nd->n_children > 0;
        const char *verdict = "", *degree = "";
        if (nd->has_target && !nd->unassigned) {
            verdict = eval_verdict_label_vi(nd->verdict, nd->final);
            if (nd->judgement.has_degree)
                degree = arena_printf(r->a, "%s%%", vnum_format(r->a, nd->judgement.degree, 1));
        }
        bool judged = nd->has_target && !(unit_only && !nd->unit_target);
        docx_row_begin(r->d, false);
        cell_text(r, DOCX_CENTER, group, nd->ind->code, false, 1);
        docx_cell_begin(r->d, 1, false);
        docx_para p = {.align = DOCX_LEFT, .before = 20, .after = 20, .indent_left = depth > 1 ? 113 * (depth - 1) : 0};
        docx_run run = {.bold = group, .size = PT12};
        docx_text(r->d, &p, &run, nd->ind->name);
        docx_cell_end(r->d);
        cell_text(r, DOCX_LEFT, false, judged ? target_text(r, nd) : "", false, 1);
        cell_text(r, DOCX_CENTER, false, judged ? figure(r, nd) : "", false, 1);
        cell_text(r, DOCX_CENTER, false, judged ? degree : "", false, 1);
        cell_text(r, DOCX_CENTER, false, judged ? verdict : "", false, 1);
        docx_row_end(r->d);
        table_rows(r, nd->children, nd->n_children, depth + 1, unit_only);
    }
}

static const char *counts_text(rep *r, const eval_counts *k)
{
    const char *s = arena_printf(r->a,
                                 "Trong tổng số %zu chỉ tiêu có mục tiêu cụ thể: %zu chỉ tiêu vượt, %zu chỉ tiêu đạt, "
                                 "%zu chỉ tiêu %s, %zu chỉ tiêu chưa có số liệu",
                                 k->total, k->by_verdict[VERDICT_EXCEEDED], k->by_verdict[VERDICT_ACHIEVED],
                                 k->by_verdict[VERDICT_NOT_ACHIEVED], r->missed, k->by_verdict[VERDICT_NO_DATA]);
    if (k->by_verdict[VERDICT_AWAITING])
        s = arena_printf(r->a, "%s, %zu chỉ tiêu chờ cấp trên giao", s, k->by_verdict[VERDICT_AWAITING]);
    return arena_printf(r->a, "%s.", s);
}

/* The leaves of one verdict, as "1.3.4 Tên (lý do)". */
static void collect(rep *r, const eval_node *nodes, size_t n, eval_verdict v, bool unit_only, const char ***out,
                    size_t *k)
{
    for (size_t i = 0; i < n; i++) {
        const eval_node *nd = &nodes[i];
        if (nd->n_children) {
            collect(r, nd->children, nd->n_children, v, unit_only, out, k);
            continue;
        }
        if (!nd->has_target || nd->unassigned || (unit_only && !nd->unit_target) || nd->verdict != v)
            continue;
        const char **grown = arena_alloc(r->a, (*k + 1) * sizeof *grown);
        if (*k)
            memcpy(grown, *out, *k * sizeof *grown);
        /* the section already says the target was missed: the reason without its "Chưa đạt: " */
        const char *why = nd->judgement.reason, *label = eval_verdict_label_vi(v, nd->final);
        if (why && strncmp(why, label, strlen(label)) == 0 && strncmp(why + strlen(label), ": ", 2) == 0)
            why += strlen(label) + 2;
        grown[(*k)++] = v == VERDICT_NOT_ACHIEVED && why ? arena_printf(r->a, "- %s (%s);", nd->ind->name, why)
                                                         : arena_printf(r->a, "- %s;", nd->ind->name);
        *out = grown;
    }
}

/* The leaves achieved (and exceeded), missed, and without figures. */
typedef struct verdict_lists {
    const char **good, **bad, **none;
    size_t n_good, n_bad, n_none;
} verdict_lists;

static void sort_verdicts(rep *r, const eval_report *ev, bool unit_only, verdict_lists *v)
{
    memset(v, 0, sizeof *v);
    collect(r, ev->nodes, ev->n_nodes, VERDICT_EXCEEDED, unit_only, &v->good, &v->n_good);
    collect(r, ev->nodes, ev->n_nodes, VERDICT_ACHIEVED, unit_only, &v->good, &v->n_good);
    collect(r, ev->nodes, ev->n_nodes, VERDICT_NOT_ACHIEVED, unit_only, &v->bad, &v->n_bad);
    collect(r, ev->nodes, ev->n_nodes, VERDICT_NO_DATA, unit_only, &v->none, &v->n_none);
}

static void list(rep *r, const char **items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = items[i];
        if (i == n - 1) /* the last item of a list ends with a full stop */
            s = arena_printf(r->a, "%.*s.", (int)strlen(s) - 1, s);
        body(r, s);
    }
}

/* "Phát động …" → "phát động …": a title read inside a sentence; the names in it keep their capitals. */
static const char *lower_first(arena *a, const char *s)
{
    size_t n = 1;
    while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    const char *first = vtext_lower(a, arena_strndup(a, s, n));
    return first ? arena_printf(a, "%s%s", first, s + n) : s;
}

/* "Thực hiện Kế hoạch số 12/KH-UBND ngày 18/3/2026 của Ủy ban nhân dân xã Kiến Hải về …". */
static const char *plan_ref(rep *r)
{
    const plan *p = r->p;
    const char *ref = "Kế hoạch";
    if (p->number && p->number[0] && p->number[0] != '/')
        ref = arena_printf(r->a, "%s số %s", ref, p->number);
    if (p->issued_on)
        ref = arena_printf(r->a, "%s ngày %s", ref, date_format_vi(r->a, p->issued_on));
    if (p->issuer)
        ref = arena_printf(r->a, "%s của %s", ref, p->issuer);
    if (p->title)
        ref = arena_printf(r->a, "%s về việc %s", ref, lower_first(r->a, p->title));
    return ref;
}

static const plan_deadline *deadline(const plan *p, const char *kind)
{
    for (size_t i = 0; i < p->n_deadlines; i++)
        if (p->deadlines[i].kind && strcmp(p->deadlines[i].kind, kind) == 0)
            return &p->deadlines[i];
    return NULL;
}

static const char *status_text(const char *status)
{
    if (strcmp(status, "on_time") == 0)
        return "đầy đủ, đúng hạn";
    if (strcmp(status, "late") == 0)
        return "đầy đủ nhưng chậm";
    if (strcmp(status, "partial") == 0)
        return "chưa đầy đủ";
    if (strcmp(status, "not_yet") == 0)
        return "chưa báo cáo (chưa đến hạn)";
    return "chưa báo cáo";
}

/* The completeness of the units' reports: a sentence of counts and the units behind. */
static void completeness_section(rep *r, const json_t *c)
{
    const json_t *sum = json_object_get(c, "summary");
    const char *wording = json_string_value(json_object_get(c, "due_wording"));
    json_int_t nt = json_integer_value(json_object_get(sum, "units"));
    body(r, arena_printf(r->a,
                         "Đến %s, trong %lld đơn vị phải báo cáo số liệu%s%s: %lld đơn vị báo cáo đầy đủ, đúng hạn; "
                         "%lld đơn vị báo cáo đầy đủ nhưng chậm; %lld đơn vị báo cáo chưa đầy đủ; %lld đơn vị chưa báo cáo.",
                         date_words(r, r->as_of), (long long)nt, wording ? " " : "", wording ? wording : "",
                         (long long)json_integer_value(json_object_get(sum, "complete_on_time")),
                         (long long)json_integer_value(json_object_get(sum, "complete_late")),
                         (long long)json_integer_value(json_object_get(sum, "partial")),
                         (long long)json_integer_value(json_object_get(sum, "none"))));
    const json_t *units = json_object_get(c, "units"), *u;
    size_t i, k = 0;
    const char **items = arena_calloc(r->a, json_array_size(units) + 1, sizeof *items);
    json_array_foreach(units, i, u) {
        const char *st = json_string_value(json_object_get(u, "status"));
        if (!st || strcmp(st, "on_time") == 0)
            continue;
        items[k++] = arena_printf(r->a, "- %s: %s (%lld/%lld chỉ tiêu);",
                                  unit_name(r, json_string_value(json_object_get(u, "org_unit"))), status_text(st),
                                  (long long)(json_integer_value(json_object_get(u, "on_time")) +
                                              json_integer_value(json_object_get(u, "late"))),
                                  (long long)json_integer_value(json_object_get(u, "expected")));
    }
    if (k) {
        body(r, "Các đơn vị chưa báo cáo đầy đủ, đúng hạn:");
        list(r, items, k);
    }
}

/* The units that still owe figures for the period (the reminder letter's addressees). */
static size_t behind(rep *r, const json_t *c, const char ***out)
{
    const json_t *units = json_object_get(c, "units"), *u;
    size_t i, k = 0;
    *out = arena_calloc(r->a, json_array_size(units) + 1, sizeof **out);
    json_array_foreach(units, i, u) {
        const char *st = json_string_value(json_object_get(u, "status"));
        if (st && (strcmp(st, "missing") == 0 || strcmp(st, "partial") == 0 || strcmp(st, "not_yet") == 0))
            (*out)[k++] = json_string_value(json_object_get(u, "org_unit"));
    }
    return k;
}

static const char *year_of(rep *r, const eval_report *ev)
{
    return arena_printf(r->a, "%d", ev->query.period.year);
}

/* "Số: 05/BC-UBND" (a number under 10 with a leading zero), or "Số:        /BC-UBND" for a draft. */
static const char *number_line(rep *r)
{
    if (r->number > 0)
        return arena_printf(r->a, "Số: %02d/%s", r->number, r->symbol);
    return arena_printf(r->a, "Số:        /%s", r->symbol);
}

static bool has_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
            return true;
    return false;
}

/* A part of the narrative: a body paragraph for each line that holds something. */
static void paragraphs(rep *r, const char *text)
{
    while (text && *text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        while (n && (text[n - 1] == '\r' || text[n - 1] == ' ' || text[n - 1] == '\t'))
            n--;
        const char *p = text;
        while (n && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        if (n)
            body(r, arena_strndup(r->a, p, n));
        text = nl ? nl + 1 : text + strlen(text);
    }
}

/* The narrative's evaluation (results, shortcomings, lessons) under its Roman numeral, each
 * part numbered as it comes (an empty part is left out), then the proposals under the next one.
 * Returns the next Roman numeral's index. */
static int narrative_sections(rep *r, int roman, const char *evaluation_title)
{
    static const char *numerals[] = {"I", "II", "III", "IV", "V", "VI", "VII"};
    const report_narrative *n = r->nar;
    const char *parts[] = {n->results, n->shortcomings, n->lessons};
    const char *titles[] = {"Kết quả đạt được", "Tồn tại, hạn chế và nguyên nhân", "Bài học kinh nghiệm"};
    if (has_text(parts[0]) || has_text(parts[1]) || has_text(parts[2])) {
        heading(r, arena_printf(r->a, "%s. %s", numerals[roman++], evaluation_title));
        for (int i = 0, k = 0; i < 3; i++) {
            if (!has_text(parts[i]))
                continue;
            heading(r, arena_printf(r->a, "%d. %s", ++k, titles[i]));
            paragraphs(r, parts[i]);
        }
    }
    if (has_text(n->proposals)) {
        heading(r, arena_printf(r->a, "%s. ĐỀ XUẤT, KIẾN NGHỊ", numerals[roman++]));
        paragraphs(r, n->proposals);
    }
    return roman;
}

/* Items "- …;" as lines of one text, the last ending with a full stop. */
static const char *joined(rep *r, const char *lead, const char **items, size_t n)
{
    const char *s = lead;
    for (size_t i = 0; i < n; i++) {
        const char *it = items[i];
        if (i == n - 1)
            it = arena_printf(r->a, "%.*s.", (int)strlen(it) - 1, it);
        s = arena_printf(r->a, "%s\n%s", s, it);
    }
    return s;
}

static json_int_t comp_count(const json_t *c, const char *key)
{
    return json_integer_value(json_object_get(json_object_get(c, "summary"), key));
}

/* What the data says of the consolidated report's evaluation and proposals (the office edits it). */
static void prefill_consolidated(rep *r, const eval_report *ev, const json_t *c, report_narrative *out)
{
    verdict_lists v;
    sort_verdicts(r, ev, false, &v);
    out->results = joined(r,
                          arena_printf(r->a, "Có %zu/%zu chỉ tiêu đạt và vượt mục tiêu kế hoạch%s", v.n_good,
                                       ev->summary.all.total, v.n_good ? ", gồm:" : "."),
                          v.good, v.n_good);
    const char *sh = v.n_bad ? joined(r, arena_printf(r->a, "Còn %zu chỉ tiêu %s mục tiêu kế hoạch:", v.n_bad, r->missed),
                                      v.bad, v.n_bad)
                             : arena_printf(r->a, "Không có chỉ tiêu nào %s mục tiêu kế hoạch.", r->missed);
    if (v.n_none)
        sh = arena_printf(r->a, "%s\n%s", sh,
                          joined(r, arena_printf(r->a, "Còn %zu chỉ tiêu chưa có số liệu để đánh giá:", v.n_none),
                                 v.none, v.n_none));
    json_int_t behind_n = comp_count(c, "partial") + comp_count(c, "none") + comp_count(c, "complete_late");
    if (behind_n)
        sh = arena_printf(r->a,
                          "%s\nNguyên nhân: %lld đơn vị chưa báo cáo số liệu đầy đủ, đúng hạn nên việc tổng hợp, "
                          "đánh giá còn chậm và chưa đầy đủ.",
                          sh, (long long)behind_n);
    out->shortcomings = sh;
    out->lessons = behind_n ? "Cần đôn đốc các đơn vị cập nhật số liệu thường xuyên, báo cáo đầy đủ, đúng hạn ngay từ "
                              "đầu kỳ để việc tổng hợp, đánh giá kịp thời, chính xác."
                            : "Các đơn vị báo cáo số liệu đầy đủ, đúng hạn giúp việc tổng hợp, đánh giá kịp thời, "
                              "chính xác; cần tiếp tục duy trì.";
    const plan_deadline *to = deadline(r->p, "commune_report");
    if (v.n_bad || v.n_none)
        out->proposals = arena_printf(r->a,
                                      "Đề nghị các cơ quan, đơn vị tập trung thực hiện các chỉ tiêu %s; bổ sung đầy đủ "
                                      "số liệu còn thiếu để Ủy ban nhân dân %s tổng hợp, báo cáo%s%s.",
                                      r->missed, r->commune, to && to->to ? " " : "", to && to->to ? to->to : "");
    else
        out->proposals = "Đề nghị các cơ quan, đơn vị tiếp tục duy trì kết quả đã đạt được.";
}

/* The same for a unit's report of its own targets. */
static void prefill_unit(rep *r, const eval_report *ev, const org_unit *u, report_narrative *out)
{
    verdict_lists v;
    sort_verdicts(r, ev, true, &v);
    size_t total = v.n_good + v.n_bad + v.n_none;
    if (!total) { /* nothing assigned to judge: section I says so; the proposal is to assign */
        out->results = out->shortcomings = out->lessons = "";
        out->proposals = arena_printf(r->a,
                                      "Đề nghị Ủy ban nhân dân %s giao chỉ tiêu thi đua cụ thể cho %s để đơn vị có căn "
                                      "cứ tổ chức thực hiện và báo cáo kết quả.",
                                      r->commune, u->name);
        return;
    }
    out->results = joined(r,
                          arena_printf(r->a, "Có %zu/%zu chỉ tiêu được giao đạt và vượt%s", v.n_good, total,
                                       v.n_good ? ", gồm:" : "."),
                          v.good, v.n_good);
    const char *sh = v.n_bad ? joined(r, "Các chỉ tiêu chưa đạt:", v.bad, v.n_bad)
                             : arena_printf(r->a, "Không có chỉ tiêu được giao nào %s.", r->missed);
    if (v.n_none)
        sh = arena_printf(r->a, "%s\n%s", sh, joined(r, "Các chỉ tiêu chưa có số liệu:", v.none, v.n_none));
    out->shortcomings = sh;
    out->lessons = "Cần theo dõi, cập nhật số liệu thường xuyên để báo cáo đầy đủ, đúng hạn.";
    out->proposals = v.n_bad || v.n_none
                         ? arena_printf(r->a,
                                        "Đề nghị Ủy ban nhân dân %s tiếp tục hướng dẫn, hỗ trợ %s thực hiện các chỉ "
                                        "tiêu chưa đạt và hoàn thiện số liệu còn thiếu.",
                                        r->commune, u->name)
                         : arena_printf(r->a, "%s tiếp tục duy trì kết quả đã đạt được.", u->name);
}

static void consolidated(rep *r, const eval_report *ev, const json_t *c)
{
    const plan *p = r->p;
    const char *year = year_of(r, ev);
    const char *number = number_line(r);
    const char *per = period_label_vi(r->a, &ev->query.period);

    header_block(r, NULL, arena_printf(r->a, "Ủy ban nhân dân\n%s", r->commune), number, NULL);
    title(r, "BÁO CÁO",
          arena_printf(r->a, "Kết quả thực hiện Kế hoạch phát động phong trào thi đua %s", per));

    body(r, arena_printf(r->a, "Thực hiện %s, Ủy ban nhân dân %s báo cáo kết quả thực hiện %s như sau:", plan_ref(r),
                         r->commune, per));
    heading(r, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THI ĐUA");
    heading(r, "1. Kết quả chung");
    body(r, counts_text(r, &ev->summary.all));
    heading(r, "2. Kết quả từng chỉ tiêu");
    table_head(r);
    table_rows(r, ev->nodes, ev->n_nodes, 1, false);
    docx_table_end(r->d);
    heading(r, "3. Tình hình báo cáo của các đơn vị");
    completeness_section(r, c);

    heading(r, "II. CÁC PHONG TRÀO THI ĐUA");
    if (!p->n_movements)
        body(r, "Kế hoạch không nêu phong trào thi đua cụ thể.");
    for (size_t i = 0; i < p->n_movements; i++) {
        const movement *m = &p->movements[i];
        const char *s = m->launched_by ? arena_printf(r->a, "- Phong trào “%s” do %s phát động", m->name, m->launched_by)
                                       : arena_printf(r->a, "- Phong trào “%s”", m->name);
        body(r, arena_printf(r->a, "%s%s", s, i + 1 == p->n_movements ? "." : ";"));
    }

    narrative_sections(r, 2, "ĐÁNH GIÁ CHUNG");
    const plan_deadline *to = deadline(p, "commune_report");
    body_last(r, arena_printf(r->a, "Trên đây là báo cáo kết quả thực hiện Kế hoạch phát động phong trào thi đua năm %s "
                               "của Ủy ban nhân dân %s./.",
                         year, r->commune));

    const char *recipients[4];
    size_t n = 0;
    if (to && to->to)
        recipients[n++] = arena_printf(r->a, "- %s;", to->to);
    recipients[n++] = "- TT Đảng ủy, TT HĐND xã;";
    recipients[n++] = "- CT, các PCT UBND xã;";
    recipients[n++] = "- Lưu: VT, VHXH.";
    closing(r, recipients, n, "TM. ỦY BAN NHÂN DÂN", p->signer_title ? vtext_upper(r->a, p->signer_title) : "CHỦ TỊCH",
            p->signer);
}

static void unit_report(rep *r, const eval_report *ev, const org_unit *u)
{
    const char *per = period_label_vi(r->a, &ev->query.period);
    const plan_deadline *dl = deadline(r->p, "unit_report");

    header_block(r, arena_printf(r->a, "Ủy ban nhân dân\n%s", r->commune), u->name, number_line(r), NULL);
    title(r, "BÁO CÁO", arena_printf(r->a, "Kết quả thực hiện chỉ tiêu thi đua %s của %s", per, u->name));
    body(r, arena_printf(r->a, "Thực hiện %s, %s báo cáo kết quả thực hiện các chỉ tiêu được giao %s như sau:",
                         plan_ref(r), u->name, per));
    heading(r, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ĐƯỢC GIAO");
    verdict_lists v;
    sort_verdicts(r, ev, true, &v);
    size_t n_good = v.n_good, n_bad = v.n_bad, n_none = v.n_none;
    size_t total = n_good + n_bad + n_none;
    bool any = false;
    for (size_t i = 0; i < ev->n_nodes; i++)
        any |= unit_has(&ev->nodes[i]);
    if (!any) {
        body(r, arena_printf(r->a, "%s chưa được giao chỉ tiêu riêng trong kế hoạch.", u->name));
    } else {
        body(r, arena_printf(r->a, "Trong %zu chỉ tiêu được giao: %zu chỉ tiêu đạt và vượt, %zu chỉ tiêu %s, "
                                   "%zu chỉ tiêu chưa có số liệu.",
                             total, n_good, n_bad, r->missed, n_none));
        table_head(r);
        table_rows(r, ev->nodes, ev->n_nodes, 1, true);
        docx_table_end(r->d);
    }
    narrative_sections(r, 1, "ĐÁNH GIÁ CHUNG");
    body_last(r, arena_printf(r->a, "Trên đây là báo cáo kết quả thực hiện các chỉ tiêu thi đua %s của %s./.", per,
                         u->name));
    const char *recipients[] = {
        dl && dl->to ? arena_printf(r->a, "- %s;", dl->to) : arena_printf(r->a, "- Ủy ban nhân dân %s;", r->commune),
        "- Lưu: VT."};
    const char *head = u->kind == ORG_VILLAGE ? "TRƯỞNG THÔN" : "THỦ TRƯỞNG ĐƠN VỊ";
    closing(r, recipients, 2, NULL, head, "");
}

static void reminder(rep *r, const eval_report *ev, const json_t *c)
{
    const char *per = period_label_vi(r->a, &ev->query.period);
    const char **late = NULL;
    size_t n = behind(r, c, &late);
    const char *wording = json_string_value(json_object_get(c, "due_wording"));
    const plan_deadline *dl = deadline(r->p, "unit_report");

    header_block(r, NULL, arena_printf(r->a, "Ủy ban nhân dân\n%s", r->commune), number_line(r),
                 arena_printf(r->a, "V/v đôn đốc báo cáo kết quả\nthực hiện phong trào thi đua %s", per));
    /* "Kính gửi:" and the addressees: one on the same line, several one a line ("- …;") */
    docx_run plain = {.size = PT14};
    if (n <= 1) {
        docx_para kg = {.align = DOCX_CENTER, .before = 240, .after = 120};
        docx_text(r->d, &kg, &plain,
                  arena_printf(r->a, "Kính gửi: %s.", n ? unit_name(r, late[0]) : "Các cơ quan, đơn vị"));
    } else {
        docx_para kg = {.align = DOCX_LEFT, .before = 240, .indent_left = 1701};
        docx_text(r->d, &kg, &plain, "Kính gửi:");
        for (size_t i = 0; i < n; i++) {
            docx_para each = {.align = DOCX_LEFT, .indent_left = 2835, .after = i + 1 == n ? 120 : 0};
            docx_text(r->d, &each, &plain, arena_printf(r->a, "- %s%s", unit_name(r, late[i]), i + 1 == n ? "." : ";"));
        }
    }

    body(r, arena_printf(r->a, "Thực hiện %s, các cơ quan, đơn vị báo cáo kết quả thực hiện %s về %s%s%s.",
                         plan_ref(r), per, dl && dl->to ? dl->to : "Ủy ban nhân dân xã", wording ? " " : "",
                         wording ? wording : ""));
    if (!n) {
        body(r, arena_printf(r->a, "Đến %s, các đơn vị đã gửi đủ số liệu.", date_words(r, r->as_of)));
    } else {
        body(r, arena_printf(r->a, "Đến %s, các đơn vị sau chưa gửi đầy đủ số liệu:", date_words(r, r->as_of)));
        const char **items = arena_calloc(r->a, n, sizeof *items);
        const json_t *units = json_object_get(c, "units"), *u;
        size_t i, k = 0;
        json_array_foreach(units, i, u) {
            const char *code = json_string_value(json_object_get(u, "org_unit"));
            for (size_t j = 0; j < n; j++)
                if (strcmp(late[j], code) == 0)
                    items[k++] = arena_printf(r->a, "- %s: còn thiếu %lld/%lld chỉ tiêu;", unit_name(r, code),
                                              (long long)json_integer_value(json_object_get(u, "missing")),
                                              (long long)json_integer_value(json_object_get(u, "expected")));
        }
        list(r, items, k);
    }
    body_last(r, arena_printf(r->a,
                         "Ủy ban nhân dân %s đề nghị các cơ quan, đơn vị khẩn trương hoàn thành, gửi báo cáo và số "
                         "liệu về Ủy ban nhân dân xã (qua Phòng Văn hóa - Xã hội) để tổng hợp, báo cáo theo quy định./.",
                         r->commune));
    const char **recipients = arena_calloc(r->a, n + 3, sizeof *recipients);
    size_t m = 0;
    recipients[m++] = "- Như trên;";
    recipients[m++] = "- CT, các PCT UBND xã;";
    recipients[m++] = "- Lưu: VT, VHXH.";
    closing(r, recipients, m, "TM. ỦY BAN NHÂN DÂN",
            r->p->signer_title ? vtext_upper(r->a, r->p->signer_title) : "CHỦ TỊCH", r->p->signer);
}

/* "Kiến Hải" from the plan's date line ("Kiến Hải, ngày … tháng 3 năm 2026"), else from the issuer. */
static const char *place_of(arena *a, const plan *p)
{
    if (p->date_line && strchr(p->date_line, ','))
        return arena_strndup(a, p->date_line, (size_t)(strchr(p->date_line, ',') - p->date_line));
    const char *x = p->issuer ? strstr(p->issuer, " xã ") : NULL;
    return x ? x + 4 : "";
}

/* One initial of a word without diacritics (Đ kept, as symbols write it), upper case. */
static const char *initial(arena *a, const char *word, size_t len)
{
    size_t n = 1;
    while (n < len && ((unsigned char)word[n] & 0xC0) == 0x80)
        n++;
    if (n == 2 && (unsigned char)word[0] == 0xC4 && ((unsigned char)word[1] == 0x90 || (unsigned char)word[1] == 0x91))
        return "Đ";
    const char *f = vtext_fold(a, arena_strndup(a, word, n));
    return f ? vtext_upper(a, f) : "";
}

const char *report_symbol(arena *a, report_kind kind, const char *unit_name, const char *place)
{
    if (kind == REPORT_CONSOLIDATED)
        return "BC-UBND";
    if (kind == REPORT_REMINDER)
        return "UBND-VHXH";
    const char *sym = "BC-";
    /* the commune's own name ("Trường THCS Kiến Hải") is in the header already: not in the symbol */
    const char *name = unit_name ? unit_name : "";
    size_t pl = place ? strlen(place) : 0, nl = strlen(name);
    if (pl && nl > pl + 1 && strcmp(name + nl - pl, place) == 0 && name[nl - pl - 1] == ' ')
        name = arena_strndup(a, name, nl - pl - 1);
    for (const char *w = name; *w;) {
        while (*w == ' ')
            w++;
        size_t n = strcspn(w, " ");
        if (!n)
            break;
        /* a word in capitals (THCS, UBND) is already an abbreviation: kept whole */
        char *word = arena_strndup(a, w, n);
        const char *up = vtext_upper(a, word);
        bool caps = n > 1 && up && strcmp(up, word) == 0;
        sym = arena_printf(a, "%s%s", sym, caps ? vtext_upper(a, vtext_fold(a, word)) : initial(a, w, n));
        w += n;
    }
    return sym;
}

/* Everything a report is made of, read once: the plan, its units, the evaluation and (for the
 * commune's documents) the units' completeness; the policy first. */
typedef struct loaded {
    rep r;
    eval_report ev;
    json_t *comp;
    const org_unit *u;
} loaded;

static td_status load(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q, loaded *l,
                      report_info *info, td_error *err)
{
    td_status st;
    plan *p = NULL;
    char today[11];
    eval_query eq = {0};
    memset(l, 0, sizeof *l);
    l->r.a = a;

    if ((st = policy_plan(s, viewer, plan_id, err)))
        return st;
    const char *unit_code = q->unit && *q->unit ? q->unit : NULL;
    if (q->kind == REPORT_UNIT && !unit_code && viewer && viewer->role == ROLE_REPORTER)
        unit_code = viewer->org_unit_code; /* a reporter's report is its own unit's */
    if (q->kind == REPORT_UNIT && !unit_code)
        return td_fail(err, TD_ERR_USAGE, "báo cáo của đơn vị cần chọn đơn vị");
    if ((st = policy_report_read(viewer, q->kind == REPORT_UNIT, unit_code, err)))
        return st;
    if (q->period && (st = period_parse(q->period, &eq.period, err)))
        return st;
    if (q->as_of && !date_iso_valid(q->as_of))
        return td_fail(err, TD_ERR_USAGE, "ngày báo cáo \"%s\" không hợp lệ; cần YYYY-MM-DD", q->as_of);
    vnclock_today(today);
    l->r.as_of = q->as_of ? q->as_of : arena_strdup(a, today);
    eq.as_of = l->r.as_of;
    if ((st = records_plan(s, a, viewer, plan_id, &p, err)))
        return st;
    org_unit *units;
    if ((st = records_org_units(s, a, viewer, plan_id, &units, &l->r.n_units, err)))
        return st;
    l->r.units = units;
    l->r.p = p;
    if (q->kind == REPORT_UNIT) {
        l->u = find_unit(&l->r, unit_code);
        if (!l->u)
            return td_fail(err, TD_ERR_NOTFOUND, "không có đơn vị \"%s\" trong xã của kế hoạch", unit_code);
        eq.org_unit = l->u->code;
    }
    if ((st = evaluation_run(s, a, viewer, plan_id, &eq, &l->ev, err)))
        return st;
    if (q->kind != REPORT_UNIT &&
        (st = evaluation_completeness(s, a, viewer, plan_id, &l->ev.query.period, l->r.as_of, &l->comp, err)))
        return st;
    l->r.missed = vtext_lower(a, eval_verdict_label_vi(VERDICT_NOT_ACHIEVED, l->ev.final));
    l->r.place = place_of(a, p);
    l->r.commune = arena_printf(a, "xã %s", l->r.place);
    l->r.symbol = report_symbol(a, q->kind, l->u ? l->u->name : NULL, l->r.place);
    l->r.number = q->number;
    if (info) {
        memset(info, 0, sizeof *info);
        info->unit = l->u ? l->u->code : NULL;
        info->unit_name = l->u ? l->u->name : NULL;
        period_code(&l->ev.query.period, info->period);
        info->symbol = l->r.symbol;
        snprintf(info->as_of, sizeof info->as_of, "%s", l->r.as_of);
        st = store_plan_commune(s, plan_id, &info->commune_id, err);
    }
    return st;
}

/* The saved draft's narrative, else what the data says. */
static td_status narrative_of(store *s, loaded *l, td_id plan_id, report_kind kind, report_narrative *out,
                              bool *prefilled, td_error *err)
{
    rep *r = &l->r;
    report_doc draft = {0};
    bool found = false;
    char code[12];
    memset(out, 0, sizeof *out);
    *prefilled = false;
    if (kind == REPORT_REMINDER)
        return TD_OK;
    period_code(&l->ev.query.period, code);
    td_status st = store_report_draft_get(s, r->a, plan_id, report_kind_code(kind), l->u ? l->u->code : NULL, code,
                                          &draft, &found, err);
    if (st)
        return st;
    if (found) {
        json_t *o = json_loads(draft.narrative, 0, NULL);
        st = o ? report_narrative_read(r->a, o, out, err)
               : td_fail(err, TD_ERR_DB, "nội dung đã lưu của báo cáo không đọc được");
        json_decref(o);
        return st;
    }
    *prefilled = true;
    if (kind == REPORT_CONSOLIDATED)
        prefill_consolidated(r, &l->ev, l->comp, out);
    else
        prefill_unit(r, &l->ev, l->u, out);
    return TD_OK;
}

td_status report_resolve(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                         report_info *info, td_error *err)
{
    loaded l;
    td_status st = load(s, a, viewer, plan_id, q, &l, info, err);
    json_decref(l.comp);
    return st;
}

td_status report_narrative_get(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                               report_narrative *out, bool *prefilled, report_info *info, td_error *err)
{
    loaded l;
    if (q->kind == REPORT_REMINDER)
        return td_fail(err, TD_ERR_USAGE, "công văn đôn đốc không có phần nhận định để soạn");
    td_status st = load(s, a, viewer, plan_id, q, &l, info, err);
    if (!st)
        st = narrative_of(s, &l, plan_id, q->kind, out, prefilled, err);
    json_decref(l.comp);
    return st;
}

td_status report_docx(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q, char **data,
                      size_t *len, const char **filename, report_info *info, td_error *err)
{
    loaded l;
    report_narrative nar;
    bool prefilled = false;
    rep *r = &l.r;
    td_status st = load(s, a, viewer, plan_id, q, &l, info, err);
    if (st)
        goto done;
    if (q->narrative)
        nar = *q->narrative;
    else if ((st = narrative_of(s, &l, plan_id, q->kind, &nar, &prefilled, err)))
        goto done;
    r->nar = &nar;
    if (info)
        info->narrative = nar;
    docx_page page = {.top_mm = 20, .bottom_mm = 20, .left_mm = 30, .right_mm = 15, .font = "Times New Roman",
                      .size = PT14, .page_numbers = true};
    r->d = docx_new(a, &page);
    if (!r->d) {
        st = td_fail(err, TD_ERR_IO, "không đủ bộ nhớ để tạo tệp Word");
        goto done;
    }
    r->width = docx_text_width(r->d);
    char code[12];
    period_code(&l.ev.query.period, code);
    switch (q->kind) {
    case REPORT_CONSOLIDATED:
        consolidated(r, &l.ev, l.comp);
        *filename = arena_printf(a, "bao-cao-tong-hop-%s.docx", code);
        break;
    case REPORT_UNIT:
        unit_report(r, &l.ev, l.u);
        *filename = arena_printf(a, "bao-cao-%s-%s.docx", l.u->code, code);
        break;
    case REPORT_REMINDER:
        reminder(r, &l.ev, l.comp);
        *filename = arena_printf(a, "cong-van-don-doc-%s.docx", code);
        break;
    }
    st = docx_finish(r->d, data, len, err);
done:
    json_decref(l.comp);
    return st;
}

/* The parts in their order, with their keys and the names users know them by. */
static const struct {
    const char *key, *label;
    size_t offset;
} parts[] = {
    {"results", "Kết quả đạt được", offsetof(report_narrative, results)},
    {"shortcomings", "Tồn tại, hạn chế và nguyên nhân", offsetof(report_narrative, shortcomings)},
    {"lessons", "Bài học kinh nghiệm", offsetof(report_narrative, lessons)},
    {"proposals", "Đề xuất, kiến nghị", offsetof(report_narrative, proposals)},
};

enum { PART_MAX_CHARS = 20000 };

json_t *report_narrative_json(const report_narrative *n)
{
    json_t *o = json_object();
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *v = *(const char *const *)((const char *)n + parts[i].offset);
        json_object_set_new(o, parts[i].key, json_string(v ? v : ""));
    }
    return o;
}

td_status report_narrative_read(arena *a, const json_t *o, report_narrative *out, td_error *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(o))
        return td_fail(err, TD_ERR_INPUT,
                       "nội dung báo cáo cần bốn phần: kết quả đạt được; tồn tại, hạn chế và nguyên nhân; bài học "
                       "kinh nghiệm; đề xuất, kiến nghị");
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const json_t *v = json_object_get(o, parts[i].key);
        const char **slot = (const char **)((char *)out + parts[i].offset);
        *slot = "";
        if (!v || json_is_null(v))
            continue;
        if (!json_is_string(v))
            return td_fail(err, TD_ERR_INPUT, "phần \"%s\" của báo cáo cần là văn bản", parts[i].label);
        const char *nfc = vtext_nfc(a, json_string_value(v));
        if (!nfc)
            return td_fail(err, TD_ERR_INPUT, "phần \"%s\" của báo cáo không phải văn bản UTF-8", parts[i].label);
        size_t chars = 0;
        for (const unsigned char *c = (const unsigned char *)nfc; *c; c++)
            chars += (*c & 0xC0) != 0x80;
        if (chars > PART_MAX_CHARS)
            return td_fail(err, TD_ERR_INPUT, "phần \"%s\" của báo cáo dài %zu ký tự; tối đa 20.000 ký tự",
                           parts[i].label, chars);
        *slot = nfc;
    }
    return TD_OK;
}
