/* api_reports.c — GET /api/v1/plans/{id}/reports/{kind}.docx: a report of the plan as a Word
 * document (service/report.h), answered as a file to download. Who gets which report is the
 * service's: a reporter only its own unit's. */
#include <event2/buffer.h>
#include <string.h>

#include "router.h"
#include "service/report.h"

void get_report_docx(request *r)
{
    td_id id;
    td_error err = {0};
    report_query q = {.unit = query(r, "unit"), .period = query(r, "period"), .as_of = query(r, "as_of")};
    char *data = NULL;
    size_t len = 0;
    const char *name = NULL;
    if (!param_id(r, 0, &id))
        return;
    if (!report_kind_read(r->params[1], &q.kind)) {
        send_error(r, 404, "not_found", "không có loại báo cáo này; có: consolidated, unit, reminder");
        return;
    }
    td_status st = report_docx(r->store, r->a, &r->user, id, &q, &data, &len, &name, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    /* the name is ASCII (codes and a period): no filename* needed */
    evhttp_add_header(h, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", name));
    evhttp_add_header(h, "Cache-Control", "private, no-store");
    struct evbuffer *buf = evbuffer_new();
    evbuffer_add(buf, data, len);
    r->status = 200;
    evhttp_send_reply(r->req, 200, NULL, buf);
    evbuffer_free(buf);
}
