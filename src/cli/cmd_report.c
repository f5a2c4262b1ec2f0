/* cmd_report.c — `thidua report`: a report or a reminder letter of a plan as a Word document. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "service/fileio.h"
#include "service/report.h"

td_status cmd_report(cli *c)
{
    store *s;
    td_id id;
    char as_of[11];
    char *data = NULL;
    size_t len = 0;
    const char *name = NULL;
    report_query q = {.unit = c->unit, .period = c->period};
    td_status st;

    if (!c->kind || !report_kind_read(c->kind, &q.kind))
        return td_fail(&c->err, TD_ERR_USAGE, "--kind cần một trong: consolidated, unit, reminder%s%s",
                       c->kind ? "; gặp " : "", c->kind ? c->kind : "");
    if (c->format && strcmp(c->format, "docx") != 0)
        return td_fail(&c->err, TD_ERR_USAGE, "--format: chỉ hỗ trợ docx (gặp \"%s\")", c->format);
    if (!c->out_path)
        return td_fail(&c->err, TD_ERR_USAGE, "cần -o TỆP: tệp Word được ghi");
    if (c->as_of) {
        if ((st = cli_read_date(c, c->as_of, as_of)))
            return st;
        q.as_of = as_of;
    }
    if ((st = cli_plan_id(c, &id)) || (st = cli_store(c, &s)))
        return st;
    if ((st = report_docx(s, c->a, NULL, id, &q, &data, &len, &name, &c->err)))
        return st;
    if ((st = fileio_write(c->out_path, data, len, &c->err)))
        return st;
    fprintf(c->out, "Đã ghi %s (%zu byte).\n", c->out_path, len);
    return TD_OK;
}
