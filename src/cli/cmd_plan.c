/* cmd_plan.c — `thidua plan list | show | import | export`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/period.h"
#include "core/plan_json.h"
#include "core/target.h"
#include "service/fileio.h"
#include "service/planexport.h"
#include "service/planload.h"
#include "service/plantasks.h"
#include "service/records.h"
#include "service/unit_targets.h"
#include "table.h"

td_status cmd_plan_list(cli *c)
{
    store *s;
    plan *plans;
    size_t n;
    td_status st = cli_store(c, &s);

    if (!st)
        st = records_plans(s, c->a, NULL, &plans, &n, &c->err);
    if (st)
        return st;
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, plan_header_to_json(&plans[i]));
        cli_print_json(c, json_pack("{s:o}", "plans", arr));
        return TD_OK;
    }
    if (n == 0) {
        fprintf(c->out, "Chưa có kế hoạch nào. Chạy `thidua init --demo` để nạp kế hoạch mẫu.\n");
        return TD_OK;
    }
    static const char *const titles[] = {"ID", "Số", "Thời gian", "Tên kế hoạch"};
    table *t = table_new(c->a, 4, titles, table_terminal_width());
    for (size_t i = 0; i < n; i++) {
        const plan *p = &plans[i];
        const char *cells[] = {arena_printf(c->a, "%lld", (long long)p->id), p->number,
                               arena_printf(c->a, "%s – %s", date_format_vi(c->a, p->period_start),
                                            date_format_vi(c->a, p->period_end)),
                               arena_printf(c->a, "%s%s", p->title, p->is_demo ? " (demo)" : "")};
        table_row(t, cells);
    }
    table_print(t, c->out);
    return TD_OK;
}

static const char *op_symbol(const target *t)
{
    switch (t->op) {
    case TARGET_GE:
        return "≥";
    case TARGET_GT:
        return ">";
    case TARGET_LE:
        return "≤";
    case TARGET_LT:
        return "<";
    case TARGET_EQ:
        return "=";
    case TARGET_RANGE:
        return "từ … đến";
    case TARGET_BAND:
        return "duy trì trong";
    case TARGET_APPROX:
        return "≈";
    case TARGET_DONE:
        return "đạt/không";
    case TARGET_LIST:
        return "danh mục";
    case TARGET_ASSIGNED:
        return "theo giao";
    }
    return "";
}

static void indicator_rows(cli *c, table *t, const indicator *list, size_t n, int depth)
{
    for (size_t i = 0; i < n; i++) {
        const indicator *ind = &list[i];
        const target *tg = ind->target;
        const char *kind = "";
        if (tg)
            kind = tg->change == TARGET_CHANGE_NONE ? op_symbol(tg)
                   : arena_printf(c->a, "%s %s", target_change_verb(tg->change),
                                  op_symbol(tg));
        const char *cells[] = {arena_printf(c->a, "%*s%s", depth * 2, "", ind->code), ind->name,
                               tg ? tg->text : "", tg ? target_format(c->a, tg) : "", kind};
        table_row(t, cells);
        indicator_rows(c, t, ind->children, ind->n_children, depth + 1);
    }
}

/* Section V, "Tổ chức thực hiện": who does what, by whom led, by when. Consecutive tasks with
 * the same words and the same lead are one line with their duties together ("Chủ trì; Theo
 * dõi, đôn đốc"). */
static void print_tasks(cli *c, const plan *p, const org_unit *units, size_t n_units)
{
    if (!p->n_tasks)
        return;
    fprintf(c->out, "Nhiệm vụ và tổ chức thực hiện:\n");
    for (size_t i = 0; i < p->n_tasks; i++) {
        const task *t = &p->tasks[i];
        const char *who = plantasks_unit_name(units, n_units, t->lead);
        const char *duties = task_duty_label_vi(t->duty);
        while (i + 1 < p->n_tasks && strcmp(p->tasks[i + 1].text, t->text) == 0 &&
               (t->lead ? p->tasks[i + 1].lead && strcmp(p->tasks[i + 1].lead, t->lead) == 0 : !p->tasks[i + 1].lead))
            duties = arena_printf(c->a, "%s; %s", duties, task_duty_label_vi(p->tasks[++i].duty));
        if (!who)
            who = t->assignee;
        /* by when: the deadline's own last day when the plan has one for that date ("trước ngày
         * 05/12" is not "hạn 05/12") */
        const char *when = t->due ? arena_printf(c->a, " (hạn %s)", date_format_vi(c->a, t->due)) : "";
        for (size_t k = 0; t->due && k < p->n_deadlines; k++)
            if (strcmp(p->deadlines[k].due, t->due) == 0 && p->deadlines[k].last_on_time)
                when = arena_printf(c->a, " (đúng hạn đến hết ngày %s)",
                                    date_format_vi(c->a, p->deadlines[k].last_on_time));
        fprintf(c->out, "  - [%s]%s%s: %s%s\n", duties, who ? " " : "", who ? who : "", t->text, when);
    }
}

static void print_header(cli *c, const plan *p, const org_unit *units, size_t n_units)
{
    FILE *o = c->out;
    plan_counts n;

    plan_count(p, &n);
    fprintf(o, "KẾ HOẠCH số %s%s\n%s\n\n", p->number, p->is_demo ? " (demo)" : "", p->title);
    fprintf(o, "Cơ quan ban hành: %s", p->issuer);
    if (p->signer)
        fprintf(o, " — %s %s", p->signer_title ? p->signer_title : "", p->signer);
    fprintf(o, "\n");
    if (p->issued_on)
        fprintf(o, "Ngày ban hành: %s\n", date_format_vi(c->a, p->issued_on));
    else if (p->date_line)
        fprintf(o, "Ngày ban hành: %s (chưa ghi ngày)\n", p->date_line);
    if (p->implements_number)
        fprintf(o, "Thực hiện: Kế hoạch số %s%s%s%s%s\n", p->implements_number,
                p->implements_date ? " ngày " : "", p->implements_date ? date_format_vi(c->a, p->implements_date) : "",
                p->implements_issuer ? " của " : "", p->implements_issuer ? p->implements_issuer : "");
    for (size_t i = 0; i < p->n_themes; i++)
        fprintf(o, "Chủ đề năm %d của %s: “%s”\n", p->themes[i].year,
                strcmp(p->themes[i].level, "city") == 0 ? "thành phố" : "xã", p->themes[i].text);
    fprintf(o, "Thời gian thực hiện: %s – %s\n", date_format_vi(c->a, p->period_start),
            date_format_vi(c->a, p->period_end));
    for (size_t i = 0; i < p->n_deadlines; i++) {
        const plan_deadline *d = &p->deadlines[i];
        const char *last = d->last_on_time ? d->last_on_time : d->due;
        /* the plan's words, then the day they leave: "trước ngày 05/12/2026" is on time through 04/12 */
        fprintf(o, "Hạn báo cáo: %s (đúng hạn đến hết ngày %s) — %s → %s\n",
                d->wording ? d->wording : arena_printf(c->a, "ngày %s", date_format_vi(c->a, d->due)),
                date_format_vi(c->a, last), d->from ? d->from : "", d->to ? d->to : "");
    }
    if (p->n_movements) {
        fprintf(o, "Phong trào thi đua:\n");
        for (size_t i = 0; i < p->n_movements; i++)
            fprintf(o, "  - “%s”%s%s\n", p->movements[i].name, p->movements[i].launched_by ? " — do " : "",
                    p->movements[i].launched_by ? arena_printf(c->a, "%s phát động", p->movements[i].launched_by) : "");
    }
    print_tasks(c, p, units, n_units);
    fprintf(o, "\n%zu chỉ tiêu chính, %zu chỉ tiêu trong cây, %zu mục tiêu (%zu mục tiêu lá)\n\n", n.roots,
            n.indicators, n.targets, n.leaf_targets);
}

td_status cmd_plan_show(cli *c)
{
    store *s;
    plan *p;
    td_id id;
    td_status st = cli_parse_id(c, c->args[0], "ID kế hoạch", &id);

    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = records_plan(s, c->a, NULL, id, &p, &c->err);
    if (st)
        return st;
    org_unit *units = NULL;
    size_t n_units = 0;
    st = records_org_units(s, c->a, NULL, id, &units, &n_units, &c->err);
    if (st)
        return st;
    if (c->json) {
        json_t *o = NULL;
        st = unit_targets_plan_json(s, c->a, NULL, id, &o, &c->err);
        if (!st)
            st = plantasks_name_leads(s, c->a, p, json_object_get(o, "tasks"), &c->err);
        if (st)
            json_decref(o);
        else
            cli_print_json(c, o);
        return st;
    }
    print_header(c, p, units, n_units);
    static const char *const titles[] = {"Mã", "Chỉ tiêu", "Mục tiêu (theo văn bản)", "Cách hiểu", "Kiểu"};
    table *t = table_new(c->a, 5, titles, table_terminal_width());
    indicator_rows(c, t, p->indicators, p->n_indicators, 0);
    table_print(t, c->out);
    return TD_OK;
}

td_status cmd_plan_import(cli *c)
{
    store *s;
    planload_summary sum;
    td_status st = cli_store(c, &s);

    if (!st)
        st = planload_file(s, c->args[0], &sum, &c->err);
    if (st)
        return st;
    fprintf(c->out, "Đã nạp %s: kế hoạch số %lld, %zu chỉ tiêu (%zu mục tiêu lá), %zu đơn vị, %zu khối, %zu số liệu.\n",
            c->args[0], (long long)sum.plan_id, sum.indicators, sum.leaf_targets, sum.units, sum.blocks, sum.values);
    return TD_OK;
}

td_status cmd_plan_export(cli *c)
{
    store *s;
    td_id id;
    json_t *doc = NULL;
    td_status st = cli_parse_id(c, c->args[0], "ID kế hoạch", &id);

    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = planexport_json(s, c->a, NULL, id, &doc, &c->err);
    if (st)
        return st;
    if (!c->out_path) {
        cli_print_json(c, doc);
        return TD_OK;
    }
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(doc);
    if (!text)
        td_oom(0);
    const char *file = arena_printf(c->a, "%s\n", text);
    free(text);
    st = fileio_write(c->out_path, file, strlen(file), &c->err);
    if (!st)
        fprintf(c->out, "Đã ghi kế hoạch số %lld vào %s.\n", (long long)id, c->out_path);
    return st;
}
