/* cmd_values.c — `thidua values import | list`. */
#include <stdio.h>

#include "cli.h"
#include "core/period.h"
#include "core/plan_json.h"
#include "core/vnum.h"
#include "service/fileio.h"
#include "service/records.h"
#include "service/values_csv.h"
#include "service/xlsx_export.h"
#include "service/xlsx_read.h"
#include "table.h"

/* A large import says how far it is, on stderr (stdout keeps the answer): a million figures take
 * a while. */
#define PROGRESS_FROM 100000
#define PROGRESS_EVERY 100000

static void import_progress(size_t done, size_t total, void *ctx)
{
    size_t *shown = ctx;
    if (total < PROGRESS_FROM || (done - *shown < PROGRESS_EVERY && done < total))
        return;
    *shown = done;
    arena *a = arena_new();
    fprintf(stderr, "Đã ghi %s/%s số liệu…\n", vnum_format(a, (double)done, 0), vnum_format(a, (double)total, 0));
    arena_free(a);
}

td_status cmd_values_import(cli *c)
{
    size_t shown = 0;
    store *s;
    char *data = NULL;
    size_t len = 0, n = 0;
    td_id plan_id;
    td_status st = cli_plan_id(c, &plan_id);

    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = fileio_read(c->a, c->args[0], &data, &len, &c->err);
    /* a filled entry template (an .xlsx is a zip), else CSV */
    if (!st && xlsx_is_zip(data, len))
        st = xlsx_export_import(s, c->a, NULL, plan_id, c->args[0], data, len, c->unit, c->period, &n, &c->err);
    else if (!st)
        st = values_csv_import(s, plan_id, c->args[0], data, len, import_progress, &shown, &n, &c->err);
    if (st)
        return st;
    fprintf(c->out, "Đã nhập %zu số liệu vào kế hoạch số %lld.\n", n, (long long)plan_id);
    return TD_OK;
}

td_status cmd_values_list(cli *c)
{
    store *s;
    data_value *values;
    size_t n;
    period p;
    value_filter f = {.org_unit = c->unit, .indicator = c->indicator};
    char code[12];
    td_status st = TD_OK;

    if (c->period) {
        st = period_parse(c->period, &p, &c->err);
        if (st)
            return td_fail(&c->err, TD_ERR_USAGE, "--period: %s", c->err.msg);
        period_code(&p, code);
        f.period = code;
    }
    st = cli_plan_id(c, &f.plan_id);
    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = records_values(s, c->a, NULL, &f, &values, &n, &c->err);
    if (st)
        return st;
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, data_value_to_json(&values[i]));
        cli_print_json(c, json_pack("{s:I, s:o}", "plan", (json_int_t)f.plan_id, "values", arr));
        return TD_OK;
    }
    if (n == 0) {
        fprintf(c->out, "Không có số liệu nào khớp.\n");
        return TD_OK;
    }
    static const char *const titles[] = {"Chỉ tiêu", "Đơn vị", "Kỳ", "Giá trị", "Trạng thái", "Ghi chú"};
    table *t = table_new(c->a, 6, titles, table_terminal_width());
    for (size_t i = 0; i < n; i++) {
        const data_value *v = &values[i];
        period vp;
        const char *label = v->period;
        if (period_parse(v->period, &vp, NULL) == TD_OK)
            label = period_label_vi(c->a, &vp);
        const char *val = v->text ? v->text : v->has_value ? vnum_format(c->a, v->value, 2) : "";
        const char *cells[] = {v->indicator_code, v->org_unit_code, label, val,
                               value_status_label_vi(v->status),
                               v->is_demo ? (v->note ? arena_printf(c->a, "[demo] %s", v->note) : "[demo]") : v->note};
        table_row(t, cells);
    }
    table_print(t, c->out);
    fprintf(c->out, "%zu số liệu\n", n);
    return TD_OK;
}
