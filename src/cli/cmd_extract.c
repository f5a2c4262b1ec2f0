/* cmd_extract.c — `thidua plan extract`: propose the indicator tree of a plan document. */
#include <stdio.h>

#include "cli.h"
#include "core/extract.h"
#include "service/doctext.h"
#include "table.h"

td_status cmd_plan_extract(cli *c)
{
    char *text = NULL;
    size_t len = 0;
    extract_result r;
    td_status st = doctext_read(c->a, c->args[0], &text, &len, &c->err);

    if (!st)
        st = extract_plan(c->a, text, len, &r, &c->err);
    if (st) {
        td_error_prefix(&c->err, "%s", c->args[0]);
        return st;
    }
    if (c->plan_file) {
        cli_print_json(c, extract_to_plan_json(c->a, &r, 0));
        return TD_OK;
    }
    if (c->json) {
        cli_print_json(c, extract_to_json(&r));
        return TD_OK;
    }
    static const char *const titles[] = {"Dòng", "Mã", "Chỉ tiêu", "Mục tiêu", "Kiểu"};
    table *t = table_new(c->a, 5, titles, table_terminal_width());
    for (size_t i = 0; i < r.n_targets; i++) {
        const extract_target *e = &r.targets[i];
        const char *cells[] = {arena_printf(c->a, "%d", e->line), e->code, e->name,
                               target_format(c->a, &e->target), target_op_name(e->target.op)};
        table_row(t, cells);
    }
    table_print(t, c->out);
    fprintf(c->out, "\n%zu mục tiêu đọc được từ %zu dòng.\n", r.n_targets, r.lines);
    if (r.n_unread) {
        fprintf(c->out, "\nCác dòng có số nhưng không đọc được mục tiêu (cần xem lại):\n");
        for (size_t i = 0; i < r.n_unread; i++)
            fprintf(c->out, "  dòng %d: %s\n      %s\n", r.unread[i].line, r.unread[i].reason, r.unread[i].text);
    }
    return TD_OK;
}
