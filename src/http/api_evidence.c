/* api_evidence.c — the API's evidence files attached to figures; see router.h. */
#include "router.h"

#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/embedded.h"
#include "core/period.h"
#include "core/plan_json.h"
#include "core/vnum.h"
#include "core/vtext.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "service/doctext.h"
#include "service/evaluation.h"
#include "service/evidence.h"
#include "service/explain.h"
#include "service/extraction.h"
#include "service/planexport.h"
#include "service/planload.h"
#include "service/plantasks.h"
#include "service/policy.h"
#include "service/records.h"
#include "service/unit_targets.h"
#include "service/vnclock.h"
#include "service/workflow.h"

static json_t *evidence_json(const evidence_file *f)
{
    return json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)f->id, "name", f->name, "size",
                     (json_int_t)f->size, "content_type", f->content_type, "sha256", f->sha256, "uploaded_by",
                     f->uploaded_by, "uploaded_at", f->uploaded_at);
}

/* Each value item of GET values gains "files": [{"id","name","size","content_type"}]. */
void values_add_files(request *r, const value_filter *f, json_t *items)
{
    evidence_file *files = NULL;
    size_t n = 0, i;
    td_error err = {0};
    json_t *item;
    if (evidence_list(r->store, r->a, f, &files, &n, &err) != TD_OK)
        n = 0;
    json_array_foreach(items, i, item)
    {
        json_t *list = json_array();
        const char *code = json_string_value(json_object_get(item, "indicator")),
                   *unit = json_string_value(json_object_get(item, "org_unit")),
                   *per = json_string_value(json_object_get(item, "period"));
        for (size_t k = 0; code && unit && per && k < n; k++)
            if (strcmp(files[k].indicator_code, code) == 0 && strcmp(files[k].org_unit_code, unit) == 0 &&
                strcmp(files[k].period, per) == 0)
                json_array_append_new(list,
                                      json_pack("{s:I, s:s, s:I, s:s}", "id", (json_int_t)files[k].id, "name",
                                                files[k].name, "size", (json_int_t)files[k].size,
                                                "content_type", files[k].content_type));
        json_object_set_new(item, "files", list);
    }
}

/* POST /api/v1/plans/{id}/values/evidence?indicator=&org_unit=&period=&name=, the file's bytes as
 * the body. */
void post_evidence(request *r)
{
    td_id id;
    if (!param_id(r, 0, &id))
        return;
    struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
    size_t n = evbuffer_get_length(in);
    const unsigned char *data = n ? evbuffer_pullup(in, -1) : (const unsigned char *)"";
    const char *type = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");
    const char *unit = query(r, "org_unit");
    if (r->user.role == ROLE_REPORTER && !unit)
        unit = r->user.org_unit_code;
    evidence_file f;
    evidence_problem problem;
    td_error err = {0};
    td_status st = evidence_attach(r->store, r->a, id, &r->user, query(r, "indicator"), unit,
                                   query(r, "period"), query(r, "name"), type, data, n, &f, &problem, &err);
    if (st == TD_ERR_INPUT && problem == EVIDENCE_TOO_LARGE)
        send_error(r, 413, "too_large", err.msg);
    else if (st == TD_ERR_INPUT && problem == EVIDENCE_BAD_TYPE)
        send_error(r, 415, "unsupported_type", err.msg);
    else if (st)
        send_status(r, st, &err);
    else
        send_json(r, 201, json_pack("{s:o}", "file", evidence_json(&f)));
}

/* "filename*" of RFC 6266/8187: UTF-8, percent-encoded. */
static char *percent_encode(arena *a, const char *s)
{
    char *out = arena_alloc(a, strlen(s) * 3 + 1), *w = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            *w++ = (char)*p;
        else
            w += sprintf(w, "%%%02X", *p);
    }
    *w = '\0';
    return out;
}

/* DELETE /api/v1/evidence/{id}: a file attached by mistake, while its figure is not approved. */
void delete_evidence(request *r)
{
    td_id id;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = evidence_remove(r->store, r->a, &r->user, id, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_body(r, 204, NULL, 0, NULL);
}

/* GET /api/v1/evidence/{id}: the file itself, to whoever may see its figure. */
void get_evidence(request *r)
{
    td_id id;
    evidence_file f;
    td_error err = {0};
    if (!param_id(r, 0, &id))
        return;
    td_status st = evidence_read(r->store, r->a, &r->user, id, &f, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    /* an ASCII name for old clients (the letters without their marks), the real one in filename* */
    char *plain = vtext_fold(r->a, f.name);
    for (char *p = plain; p && *p; p++)
        if ((unsigned char)*p >= 0x80 || *p == '"' || *p == '\\')
            *p = '_';
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "Content-Type", f.content_type);
    evhttp_add_header(h, "Content-Disposition",
                      arena_printf(r->a, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                   plain ? plain : "tep", percent_encode(r->a, f.name)));
    evhttp_add_header(h, "Cache-Control", "private, no-store");
    /* a file is shown as it is, never run: the router's policy for the app gives way to none */
    evhttp_remove_header(h, "Content-Security-Policy");
    evhttp_add_header(h, "Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors 'none'");
    struct evbuffer *buf = evbuffer_new();
    evbuffer_add(buf, f.bytes, f.size);
    r->status = 200;
    evhttp_send_reply(r->req, 200, NULL, buf);
    evbuffer_free(buf);
}
