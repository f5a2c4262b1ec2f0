/* cmd_evaluate.c — `thidua evaluate`: every target's verdict, degree, pace and reason. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/period.h"
#include "core/vnum.h"
#include "core/vtext.h"
#include "service/evaluation.h"
#include "service/vnclock.h"
#include "table.h"

/* "25/11/2026" or "2026-11-25" → "2026-11-25". */
td_status cli_read_date(cli *c, const char *text, char out[11])
{
    int d, m, y;
    char tail;
    if (sscanf(text, "%d/%d/%d%c", &d, &m, &y, &tail) == 3)
        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(out, 11, "%s", text);
    if (!date_iso_valid(out))
        return td_fail(&c->err, TD_ERR_USAGE, "--as-of: \"%s\" không phải là ngày; cần dd/mm/yyyy hoặc YYYY-MM-DD",
                       text);
    return TD_OK;
}

/* A figure in the unit of the target: "97,5%", "1.510 lượt". */
static const char *figure(cli *c, const eval_node *nd, double v)
{
    const target *t = nd->target ? nd->target : nd->ind->target;
    const char *unit = t && t->unit ? t->unit : nd->ind->unit;
    const char *n = vnum_format(c->a, v, 2);
    if (nd->actual.in_points) /* a change of a rate: "0,3 điểm phần trăm", not "0,3%" */
        return arena_printf(c->a, "%s điểm phần trăm", n);
    return unit ? arena_printf(c->a, "%s%s%s", n, strcmp(unit, "%") ? " " : "", unit) : n;
}

static const char *actual_cell(cli *c, const eval_node *nd)
{
    const eval_actual *x = &nd->actual;
    const target *t = nd->target ? nd->target : nd->ind->target;
    if (x->has_items)
        return t ? arena_printf(c->a, "%zu/%zu mục", x->n_items, t->n_items) : arena_printf(c->a, "%zu mục", x->n_items);
    if (x->has_yes)
        return x->yes ? "Hoàn thành" : "Chưa hoàn thành";
    return x->has_value ? figure(c, nd, x->value) : "";
}

static const char *also(cli *c, const char *why, const char *more)
{
    return *why ? arena_printf(c->a, "%s; %s", why, more) : more;
}

/* One row per node. The verdict column prints the node's one verdict (the field "verdict" of
 * --json and the API): a parent with its own target is judged on its own figure, its children's
 * roll-up is told in the reason. */
static void add_rows(cli *c, const eval_report *r, table *tb, const eval_node *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const eval_node *nd = &nodes[i];
        const char *verdict = nd->unassigned ? "Không giao chỉ tiêu riêng" : eval_verdict_label_vi(nd->verdict, nd->final);
        const char *pace = "", *why = "";
        if (nd->has_target) {
            const eval_judgement *j = &nd->judgement;
            if (j->has_degree)
                verdict = arena_printf(c->a, "%s (%s%%)", verdict, vnum_format(c->a, j->degree, 1));
            why = j->reason;
            if (nd->unit_target)
                why = arena_printf(c->a, "Chỉ tiêu giao cho đơn vị: %s; %s", target_format(c->a, nd->target), why);
            if (nd->pace != PACE_NONE) {
                pace = eval_pace_label_vi(nd->pace);
                if (nd->has_projected)
                    pace = arena_printf(c->a, "%s; dự kiến %s", pace, figure(c, nd, nd->projected));
            }
        } else if (nd->computed && r->query.org_unit && nd->n_units) {
            why = "Không giao chỉ tiêu riêng cho đơn vị; số liệu là phần đóng góp vào chỉ tiêu của xã";
        }
        if (nd->has_children_verdict)
            why = also(c, why,
                       arena_printf(c->a, "các chỉ tiêu con: %s, %zu/%zu đạt hoặc vượt",
                                    vtext_lower(c->a, eval_verdict_label_vi(nd->children_verdict, nd->final)),
                                    nd->counts.by_verdict[VERDICT_ACHIEVED] + nd->counts.by_verdict[VERDICT_EXCEEDED],
                                    nd->counts.total));
        if (nd->shares)
            why = also(c, why, nd->shares->warning ? arena_printf(c->a, "%s; %s", nd->shares->text, nd->shares->warning)
                                                   : nd->shares->text);
        const char *cells[] = {nd->ind->code, nd->ind->name, nd->computed ? actual_cell(c, nd) : "", verdict, pace, why};
        table_row(tb, cells);
        add_rows(c, r, tb, nd->children, nd->n_children);
    }
}

static void print_counts(cli *c, const char *label, const eval_counts *k)
{
    if (!k->total)
        return;
    size_t w = vtext_width(label);
    fprintf(c->out, "  %s%*s %2zu chỉ tiêu: %zu vượt, %zu đạt, %zu không đạt, %zu chưa có số liệu", label,
            (int)(w < 28 ? 28 - w : 0), "", k->total,
            k->by_verdict[VERDICT_EXCEEDED], k->by_verdict[VERDICT_ACHIEVED], k->by_verdict[VERDICT_NOT_ACHIEVED],
            k->by_verdict[VERDICT_NO_DATA]);
    if (k->by_verdict[VERDICT_AWAITING])
        fprintf(c->out, ", %zu chờ giao", k->by_verdict[VERDICT_AWAITING]);
    fputc('\n', c->out);
}

/* A cell's figure: a number in the indicator's unit, a yes/no, the items achieved. */
static const char *matrix_actual(cli *c, const json_t *cell, const char *unit)
{
    const json_t *x = json_object_get(cell, "actual");
    if (json_is_boolean(x))
        return json_is_true(x) ? "Hoàn thành" : "Chưa hoàn thành";
    if (json_is_array(x))
        return arena_printf(c->a, "%zu mục", json_array_size(x));
    if (!json_is_number(x))
        return "";
    const char *n = vnum_format(c->a, json_number_value(x), 2);
    return unit ? arena_printf(c->a, "%s%s%s", n, strcmp(unit, "%") ? " " : "", unit) : n;
}

/* `evaluate --units`: the unit × indicator table, units in Vietnamese order. */
static td_status print_matrix(cli *c, store *s, td_id plan_id, const eval_query *q)
{
    json_t *m = NULL;
    evaluation_matrix_filter f = {.org_unit = c->unit};
    td_status st = evaluation_matrix(s, c->a, NULL, plan_id, q, &f, &m, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, m);
        return TD_OK;
    }
    fprintf(c->out, "Đơn vị × chỉ tiêu, kế hoạch số %lld — %s, tính đến ngày %s\n\n", (long long)plan_id,
            json_string_value(json_object_get(m, "period_label")), date_format_vi(c->a, q->as_of));
    static const char *const titles[] = {"Đơn vị", "Mã", "Chỉ tiêu", "Chỉ tiêu giao", "Thực hiện", "Đánh giá"};
    table *tb = table_new(c->a, 6, titles, table_terminal_width());
    size_t i, k, j;
    json_t *u, *cell, *ind;
    json_array_foreach(json_object_get(m, "units"), i, u)
    {
        const char *code = json_string_value(json_object_get(u, "code"));
        json_array_foreach(json_object_get(m, "cells"), k, cell)
        {
            if (strcmp(json_string_value(json_object_get(cell, "org_unit")), code) != 0)
                continue;
            const char *ic = json_string_value(json_object_get(cell, "indicator")), *name = "", *unit = NULL;
            json_array_foreach(json_object_get(m, "indicators"), j, ind)
            {
                if (strcmp(json_string_value(json_object_get(ind, "code")), ic) == 0) {
                    name = json_string_value(json_object_get(ind, "name"));
                    unit = json_string_value(json_object_get(ind, "unit"));
                }
            }
            const json_t *deg = json_object_get(cell, "degree");
            const char *verdict = json_string_value(json_object_get(cell, "verdict_label"));
            if (json_is_number(deg))
                verdict = arena_printf(c->a, "%s (%s%%)", verdict, vnum_format(c->a, json_number_value(deg), 1));
            const char *target_text = json_string_value(json_object_get(cell, "target_text"));
            const char *cells[] = {arena_strdup(c->a, json_string_value(json_object_get(u, "name"))), ic, name,
                                   target_text ? target_text : "", matrix_actual(c, cell, unit), verdict};
            for (size_t x = 0; x < 6; x++)
                cells[x] = arena_strdup(c->a, cells[x]);
            table_row(tb, cells);
        }
    }
    table_print(tb, c->out);
    json_decref(m);
    return TD_OK;
}

td_status cmd_evaluate(cli *c)
{
    store *s;
    td_id plan_id;
    char as_of[11];
    eval_query q = {.org_unit = c->unit, .approved_only = c->approved};
    eval_report r;
    td_status st = TD_OK;

    if (c->period && (st = period_parse(c->period, &q.period, &c->err)) != TD_OK)
        return td_fail(&c->err, TD_ERR_USAGE, "--period: %s", c->err.msg);
    if (c->as_of)
        st = cli_read_date(c, c->as_of, as_of);
    else
        vnclock_today(as_of);
    q.as_of = as_of;
    if (!st)
        st = cli_plan_id(c, &plan_id);
    if (!st)
        st = cli_store(c, &s);
    if (!st && c->units)
        return print_matrix(c, s, plan_id, &q);
    if (!st)
        st = evaluation_run(s, c->a, NULL, plan_id, &q, &r, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, eval_report_to_json(c->a, &r));
        return TD_OK;
    }

    fprintf(c->out, "Đánh giá kế hoạch số %lld — %s%s%s, tính đến ngày %s%s\n", (long long)plan_id,
            period_label_vi(c->a, &r.query.period), c->unit ? ", đơn vị " : " (toàn xã)",
            c->unit ? eval_unit_name(&r.query, c->unit) : "",
            date_format_vi(c->a, as_of),
            r.final ? "" : arena_printf(c->a, " (kỳ chưa kết thúc: đã qua %d/%d tháng)", r.elapsed_months,
                                        r.total_months));
    fprintf(c->out, "Số liệu được tính: %s.\n\n", c->approved ? "đã duyệt" : "đã gửi và đã duyệt");
    static const char *const titles[] = {"Mã", "Chỉ tiêu", "Thực hiện", "Đánh giá", "Tiến độ", "Lý do"};
    table *tb = table_new(c->a, 6, titles, table_terminal_width());
    add_rows(c, &r, tb, r.nodes, r.n_nodes);
    table_print(tb, c->out);

    fprintf(c->out, "\nTổng hợp:\n");
    if (c->unit && !r.summary.all.total)
        fprintf(c->out, "  %s chưa được giao chỉ tiêu riêng nào: các số liệu trên là phần đóng góp vào chỉ tiêu "
                        "của xã.\n",
                eval_unit_name(&r.query, c->unit));
    print_counts(c, "Toàn kế hoạch", &r.summary.all);
    for (int g = 0; g < GROUP_COUNT; g++)
        print_counts(c, indicator_group_label_vi((indicator_group)g), &r.summary.by_group[g]);
    if (r.summary.no_report)
        fprintf(c->out, "  %zu chỉ tiêu còn đơn vị chịu trách nhiệm chưa báo cáo (xem --json: missing_units).\n",
                r.summary.no_report);
    return TD_OK;
}
