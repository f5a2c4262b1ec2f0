/* cmd_target.c — `thidua target explain`: how one target is read, and how a figure is judged. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/evaluate.h"
#include "core/vnum.h"
#include "core/vtext.h"
#include "service/explain.h"
#include "service/unit_targets.h"
#include "table.h"

td_status cmd_target_explain(cli *c)
{
    static const explain_names names = {"--actual", "--baseline"};
    explanation x;
    td_status st = explain_target(c->a, c->args[0], c->actual, c->baseline, &names, &x, &c->err);

    if (st)
        return st;
    const target *t = &x.target;
    const eval_judgement *j = &x.judgement;
    if (c->json) {
        cli_print_json(c, eval_judgement_to_json(t, j));
        return TD_OK;
    }
    fprintf(c->out, "Mục tiêu:     %s\n", t->text);
    fprintf(c->out, "Cách hiểu:    %s\n", x.plain);
    fprintf(c->out, "  kiểu        %s\n", target_op_name(t->op));
    if (t->has_value)
        fprintf(c->out, "  giá trị     %s%s%s\n", vnum_format(c->a, t->value, 4), t->has_high ? " - " : "",
                t->has_high ? vnum_format(c->a, t->high, 4) : "");
    if (t->unit)
        fprintf(c->out, "  đơn vị      %s\n", t->unit);
    if (t->change != TARGET_CHANGE_NONE)
        fprintf(c->out, "  thay đổi    %s\n", target_change_verb(t->change));
    if (t->baseline_year)
        fprintf(c->out, "  năm gốc     %d\n", t->baseline_year);
    if (t->has_tolerance)
        fprintf(c->out, "  dung sai    ± %s%%\n", vnum_format(c->a, t->tolerance, 2));
    for (size_t i = 0; i < t->n_items; i++)
        fprintf(c->out, "  mục %-7zu %s\n", i + 1, t->items[i]);
    fprintf(c->out, "Quy tắc:      %s\n", j->rule);
    if (x.judged) {
        fprintf(c->out, "Đánh giá:     %s", eval_verdict_label_vi(j->verdict, true));
        if (j->has_degree)
            fprintf(c->out, " (%s%% mục tiêu)", vnum_format(c->a, j->degree, 1));
        fprintf(c->out, "\nLý do:        %s\n", j->reason);
    }
    return TD_OK;
}

/* `thidua target assign CODE VALUE`: the figure the city assigned to an "as assigned" target. */
td_status cmd_target_assign(cli *c)
{
    store *s;
    td_id plan_id;
    double v = 0;
    bool clear = vtext_yes_no(c->a, c->args[1]) == 0 || strcmp(c->args[1], "-") == 0;
    td_error e = {0};
    td_status st = TD_OK;

    if (!clear && vnum_parse(c->args[1], strlen(c->args[1]), &v, &e) != TD_OK)
        return td_fail(&c->err, TD_ERR_USAGE, "giá trị được giao: %s", e.msg);
    st = cli_plan_id(c, &plan_id);
    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = unit_targets_set_assigned(s, plan_id, c->args[0], !clear, v, &c->err);
    if (st)
        return st;
    if (clear)
        fprintf(c->out, "Đã xóa mức được giao của chỉ tiêu %s (kế hoạch số %lld).\n", c->args[0],
                (long long)plan_id);
    else
        fprintf(c->out, "Chỉ tiêu %s (kế hoạch số %lld): mức được giao %s.\n", c->args[0], (long long)plan_id,
                vnum_format(c->a, v, 4));
    return TD_OK;
}

/* `thidua target share CODE --unit UNIT "TEXT"` and `… --clear`: a unit's share of a target. */
td_status cmd_target_share(cli *c)
{
    store *s;
    td_id plan_id;
    unit_target_row row;
    td_status st = TD_OK;

    if (!c->unit)
        return td_fail(&c->err, TD_ERR_USAGE, "cần --unit: đơn vị được giao chỉ tiêu");
    if (c->clear == (c->n_args == 2))
        return td_fail(&c->err, TD_ERR_USAGE,
                       c->clear ? "--clear bỏ chỉ tiêu đã giao: không cần chỉ tiêu giao"
                                : "cần chỉ tiêu giao cho đơn vị, ví dụ \"khoảng 1.200 con\", hoặc --clear");
    st = cli_plan_id(c, &plan_id);
    if (!st)
        st = cli_store(c, &s);
    if (!st && c->clear)
        st = unit_targets_clear(s, c->a, NULL, plan_id, c->args[0], c->unit, &row, &c->err);
    else if (!st)
        st = unit_targets_set(s, c->a, NULL, plan_id, c->args[0], c->unit, c->args[1], &row, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, json_pack("{s:o}", "unit_target", unit_target_row_json(&row)));
    } else if (c->clear) {
        fprintf(c->out, "Đã bỏ chỉ tiêu %s (%s) giao cho %s: %s.\n", row.indicator, row.indicator_name,
                row.org_unit_name, row.target.text);
    } else {
        fprintf(c->out, "Đã giao chỉ tiêu %s (%s) cho %s: %s.\n", row.indicator, row.indicator_name,
                row.org_unit_name, row.target.text);
    }
    return TD_OK;
}

td_status cmd_target_shares(cli *c)
{
    store *s;
    td_id plan_id;
    unit_target_row *rows = NULL;
    size_t n = 0;
    td_status st = cli_plan_id(c, &plan_id);

    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = unit_targets_list(s, c->a, NULL, plan_id, c->indicator, c->unit, &rows, &n, &c->err);
    if (st)
        return st;
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, unit_target_row_json(&rows[i]));
        cli_print_json(c, json_pack("{s:o}", "unit_targets", arr));
        return TD_OK;
    }
    if (!n) {
        fprintf(c->out, "Chưa giao chỉ tiêu nào cho đơn vị (kế hoạch số %lld).\n", (long long)plan_id);
        return TD_OK;
    }
    static const char *const titles[] = {"Mã", "Chỉ tiêu", "Đơn vị", "Chỉ tiêu giao"};
    table *tb = table_new(c->a, 4, titles, table_terminal_width());
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = {rows[i].indicator, rows[i].indicator_name, rows[i].org_unit_name,
                               rows[i].target.text};
        table_row(tb, cells);
    }
    table_print(tb, c->out);
    fprintf(c->out, "%zu chỉ tiêu đã giao.\n", n);
    return TD_OK;
}
