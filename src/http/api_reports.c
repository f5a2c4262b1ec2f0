/* api_reports.c — a plan's reports: GET …/reports/{kind}.docx (the current draft as a Word
 * document), the narrative of the draft (GET/PUT …/reports/{kind}/draft), issuing it (POST
 * …/reports/{kind}/issue), the issued documents (GET …/documents) and one issued document's
 * frozen bytes (GET /api/v1/documents/{id}.docx). Who may do what is the policy's
 * (service/policy.h: policy_report_read, policy_report_write); see docs/api.md. */
#include <string.h>

#include "router.h"
#include "service/report_docs.h"

/* file names are ASCII (codes, numbers and a period): no filename* needed */
#define DOCX_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

/* The plan id and the kind of /plans/{id}/reports/{kind}…, the unit and period from the query;
 * answers 404 itself. */
static bool report_target(request *r, td_id *id, report_query *q)
{
    *q = (report_query){.unit = query(r, "unit"), .period = query(r, "period")};
    if (!param_id(r, 0, id))
        return false;
    if (!report_kind_read(r->params[1], &q->kind)) {
        send_error(r, 404, "not_found", "không có loại báo cáo này; có: consolidated, unit, reminder");
        return false;
    }
    return true;
}

void get_report_docx(request *r)
{
    td_id id;
    td_error err = {0};
    report_query q;
    char *data = NULL;
    size_t len = 0;
    const char *name = NULL;
    if (!report_target(r, &id, &q))
        return;
    q.as_of = query(r, "as_of");
    td_status st = report_docx(r->store, r->a, &r->user, id, &q, &data, &len, &name, NULL, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    send_file(r, DOCX_TYPE, name, data, len);
}

void get_report_draft(request *r)
{
    td_id id;
    td_error err = {0};
    report_query q;
    json_t *out = NULL;
    if (!report_target(r, &id, &q))
        return;
    td_status st = report_docs_draft(r->store, r->a, &r->user, id, &q, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}

void put_report_draft(request *r)
{
    td_id id;
    td_error err = {0};
    report_query q;
    report_narrative n;
    json_t *out = NULL;
    if (!report_target(r, &id, &q))
        return;
    json_t *body = body_object(r);
    if (!body)
        return;
    td_status st = report_narrative_read(r->a, body, &n, &err);
    json_decref(body);
    if (!st)
        st = report_docs_save(r->store, r->a, &r->user, id, &q, &n, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}

void post_report_issue(request *r)
{
    td_id id;
    td_error err = {0};
    report_query q;
    report_doc d = {0};
    if (!report_target(r, &id, &q))
        return;
    q.as_of = query(r, "date");
    td_status st = report_docs_issue(r->store, r->a, &r->user, id, &q, &d, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 201, json_pack("{s:o}", "document", report_docs_json(r->a, &d)));
}

void get_documents(request *r)
{
    td_id id;
    td_error err = {0};
    report_doc *docs = NULL;
    size_t n = 0;
    if (!param_id(r, 0, &id))
        return;
    td_status st = report_docs_list(r->store, r->a, &r->user, id, &docs, &n, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, report_docs_json(r->a, &docs[i]));
    send_page(r, items);
}

void get_document_docx(request *r)
{
    td_id id;
    td_error err = {0};
    report_doc d = {0};
    const char *name = NULL;
    if (!param_id(r, 0, &id))
        return;
    td_status st = report_docs_get(r->store, r->a, &r->user, id, &d, &name, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    /* the bytes as issued, never rendered again */
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "ETag", arena_printf(r->a, "\"%s\"", d.sha256));
    send_file(r, DOCX_TYPE, name, (const char *)d.docx, d.docx_len);
}
