/* api_exports.c — the API's spreadsheets: a plan's exports as .xlsx and a filled entry
 * template uploaded back (service/xlsx_export.h); see router.h. */
#include "router.h"

#include <string.h>

#include "service/xlsx_export.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

void get_export(request *r)
{
    td_id id;
    xlsx_request rq = {.period = query(r, "period"), .unit = query(r, "unit"), .as_of = query(r, "as_of")};
    const char *file = r->params[1];
    size_t n = file ? strlen(file) : 0;
    char *data = NULL;
    size_t len = 0;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    if (n < 6 || strcmp(file + n - 5, ".xlsx") != 0 || !xlsx_what_parse(arena_strndup(r->a, file, n - 5), &rq.what)) {
        send_error(r, 404, "not_found",
                   "không có bảng tính này; có evaluation.xlsx, values.xlsx, completeness.xlsx, units.xlsx, "
                   "template.xlsx");
        return;
    }
    /* the unit × indicator table is the office's and the leaders' (as GET evaluation/units) */
    if (rq.what == XLSX_UNITS && r->user.role != ROLE_ADMIN && r->user.role != ROLE_OFFICER &&
        r->user.role != ROLE_LEADER) {
        send_error(r, 403, "forbidden", "chỉ cán bộ phụ trách và lãnh đạo xem được bảng đơn vị × chỉ tiêu");
        return;
    }
    td_status st = xlsx_export_build(r->store, r->a, &r->user, id, &rq, &data, &len, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    send_file(r, XLSX_TYPE,
              arena_printf(r->a, "thidua-%lld-%s%s%s%s%s.xlsx", (long long)id, arena_strndup(r->a, file, n - 5),
                           rq.unit ? "-" : "", rq.unit ? rq.unit : "", rq.period ? "-" : "", rq.period ? rq.period : ""),
              data, len);
}

void post_values_xlsx(request *r)
{
    td_id id;
    size_t len = 0, saved = 0;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    char *data = body_bytes(r, &len);
    td_status st = xlsx_export_import(r->store, r->a, &r->user, id, "tệp tải lên", data, len, query(r, "unit"),
                                      query(r, "period"), &saved, &err);
    if (st) {
        /* each problem with its cell ({"cell": "Nhập số liệu!E7", "message"}): the web lists them */
        json_t *details = json_array();
        char *save = NULL, *msg = arena_strdup(r->a, err.msg);
        for (char *line = strtok_r(msg, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            char *cell = strstr(line, XLSX_TEMPLATE_SHEET "!");
            if (!cell)
                cell = strstr(line, XLSX_TEMPLATE_INFO "!");
            char *colon = cell ? strstr(cell, ": ") : NULL;
            if (colon) {
                *colon = '\0';
                json_array_append_new(details, json_pack("{s:s, s:s}", "cell", cell, "message", colon + 2));
            }
        }
        send_status_details(r, st, &err, details);
        return;
    }
    send_json(r, 200,
              json_pack("{s:I, s:s}", "saved", (json_int_t)saved, "message",
                        saved ? arena_printf(r->a, "Đã lưu %zu số liệu (nháp).", saved)
                              : "Không có gì thay đổi: số liệu giống như đã lưu."));
}
