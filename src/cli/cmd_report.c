/* cmd_report.c — `thidua report`: a report or a reminder letter of a plan as a Word document or
 * a spreadsheet, issuing it (its number, frozen), and `thidua report list`, the issued ones. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/period.h"
#include "service/fileio.h"
#include "service/report_docs.h"
#include "service/xlsx_export.h"
#include "table.h"

/* --format xlsx: the evaluation table with its counts; a unit's: its own targets. */
static td_status write_xlsx(cli *c, store *s, td_id id, const report_query *q, size_t *len)
{
    char *data = NULL;
    xlsx_request rq = {.what = XLSX_EVALUATION, .period = q->period, .unit = q->unit, .as_of = q->as_of,
                       .own_targets = q->kind == REPORT_UNIT};
    if (q->kind == REPORT_REMINDER)
        return td_fail(&c->err, TD_ERR_USAGE, "công văn đôn đốc chỉ có bản Word (--format docx)");
    if (q->kind == REPORT_UNIT && !q->unit)
        return td_fail(&c->err, TD_ERR_USAGE, "báo cáo của đơn vị cần chọn đơn vị");
    td_status st = xlsx_export_build(s, c->a, NULL, id, &rq, &data, len, &c->err);
    if (!st)
        st = fileio_write(c->out_path, data, *len, &c->err);
    return st;
}

static td_status issue(cli *c, store *s, td_id id, const report_query *q)
{
    report_doc d = {0};
    td_status st = report_docs_issue(s, c->a, NULL, id, q, &d, &c->err);
    if (!st && c->out_path)
        st = fileio_write(c->out_path, (const char *)d.docx, d.docx_len, &c->err);
    if (st)
        return st;
    if (c->json) {
        json_t *o = json_pack("{s:o}", "document", report_docs_json(c->a, &d));
        cli_print_json(c, o); /* releases o */
        return TD_OK;
    }
    fprintf(c->out, "Đã ban hành văn bản số %s ngày %s", report_docs_number_text(c->a, &d),
            date_format_vi(c->a, d.issued_on));
    if (c->out_path)
        fprintf(c->out, "; đã ghi %s (%zu byte)", c->out_path, d.docx_len);
    fprintf(c->out, ".\n");
    return TD_OK;
}

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
    bool xlsx = c->format && strcmp(c->format, "xlsx") == 0;

    if (!c->kind || !report_kind_read(c->kind, &q.kind))
        return td_fail(&c->err, TD_ERR_USAGE, "--kind cần một trong: consolidated, unit, reminder%s%s",
                       c->kind ? "; gặp " : "", c->kind ? c->kind : "");
    if (c->format && strcmp(c->format, "docx") != 0 && !xlsx)
        return td_fail(&c->err, TD_ERR_USAGE, "--format: docx hoặc xlsx (gặp \"%s\")", c->format);
    if (c->issue && xlsx)
        return td_fail(&c->err, TD_ERR_USAGE, "--issue ban hành văn bản Word; bỏ --format xlsx");
    if (!c->out_path && !c->issue)
        return td_fail(&c->err, TD_ERR_USAGE, "cần -o TỆP: tệp được ghi (hoặc --issue để ban hành)");
    if (c->as_of) {
        if ((st = cli_read_date(c, c->as_of, as_of)))
            return st;
        q.as_of = as_of;
    }
    if ((st = cli_plan_id(c, &id)) || (st = cli_store(c, &s)))
        return st;
    if (c->issue)
        return issue(c, s, id, &q);
    if (xlsx)
        st = write_xlsx(c, s, id, &q, &len);
    else if (!(st = report_docx(s, c->a, NULL, id, &q, &data, &len, &name, NULL, &c->err)))
        st = fileio_write(c->out_path, data, len, &c->err);
    if (st)
        return st;
    fprintf(c->out, "Đã ghi %s (%zu byte).\n", c->out_path, len);
    return TD_OK;
}

static const char *kind_label(const char *kind)
{
    if (strcmp(kind, "consolidated") == 0)
        return "Báo cáo tổng hợp";
    if (strcmp(kind, "unit") == 0)
        return "Báo cáo đơn vị";
    return "Công văn đôn đốc";
}

td_status cmd_report_list(cli *c)
{
    store *s;
    td_id id;
    report_doc *docs = NULL;
    size_t n = 0;
    td_status st;
    if ((st = cli_plan_id(c, &id)) || (st = cli_store(c, &s)))
        return st;
    if ((st = report_docs_list(s, c->a, NULL, id, &docs, &n, &c->err)))
        return st;
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, report_docs_json(c->a, &docs[i]));
        cli_print_json(c, json_pack("{s:o}", "documents", arr)); /* releases it */
        return TD_OK;
    }
    if (!n) {
        fprintf(c->out, "Kế hoạch số %lld chưa có văn bản nào được ban hành.\n", (long long)id);
        return TD_OK;
    }
    static const char *const titles[] = {"Số", "Ngày", "Loại", "Đơn vị", "Kỳ", "Người ban hành"};
    table *t = table_new(c->a, 6, titles, table_terminal_width());
    for (size_t i = 0; i < n; i++) {
        period per;
        const char *per_label = docs[i].period;
        if (!period_parse(docs[i].period, &per, NULL))
            per_label = period_label_vi(c->a, &per);
        const char *cells[] = {report_docs_number_text(c->a, &docs[i]), date_format_vi(c->a, docs[i].issued_on),
                               kind_label(docs[i].kind), docs[i].org_unit_name ? docs[i].org_unit_name : "",
                               per_label, docs[i].issued_by_name ? docs[i].issued_by_name : "dòng lệnh"};
        table_row(t, cells);
    }
    table_print(t, c->out);
    return TD_OK;
}
