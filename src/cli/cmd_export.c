/* cmd_export.c — `thidua export`: a spreadsheet of a plan (service/xlsx_export.h). */
#include <stdio.h>

#include "cli.h"
#include "service/fileio.h"
#include "service/xlsx_export.h"

td_status cmd_export(cli *c)
{
    store *s;
    td_id plan_id;
    char *data = NULL;
    size_t len = 0;
    xlsx_request rq = {.period = c->period, .unit = c->unit, .as_of = c->as_of};

    if (!c->what || !xlsx_what_parse(c->what, &rq.what))
        return td_fail(&c->err, TD_ERR_USAGE,
                       "--what cần một trong: evaluation, values, completeness, units, template%s%s",
                       c->what ? "; gặp " : "", c->what ? c->what : "");
    if (!c->out_path)
        return td_fail(&c->err, TD_ERR_USAGE, "cần -o TỆP.xlsx: tệp bảng tính được ghi");
    td_status st = cli_plan_id(c, &plan_id);
    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = xlsx_export_build(s, c->a, NULL, plan_id, &rq, &data, &len, &c->err);
    if (!st)
        st = fileio_write(c->out_path, data, len, &c->err);
    if (st)
        return st;
    fprintf(c->out, "Đã ghi %s (%zu byte).\n", c->out_path, len);
    return TD_OK;
}
