/* api_meta.c — the API's the health check and the OpenAPI document; see router.h. */
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

extern const struct embedded_file api_openapi_doc[];

void get_health(request *r)
{
    send_json(r, 200, json_pack("{s:s, s:i}", "status", "ok", "schema", records_schema_version(r->store)));
}

void get_openapi(request *r)
{
    /* the document lives in the binary: hand evhttp a reference, not a copy */
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    evhttp_add_header(h, "Content-Type", "application/json; charset=utf-8");
    evhttp_add_header(h, "Cache-Control", "public, max-age=300");
    struct evbuffer *buf = evbuffer_new();
    evbuffer_add_reference(buf, api_openapi_doc[0].data, api_openapi_doc[0].size, NULL, NULL);
    r->status = 200;
    evhttp_send_reply(r->req, 200, NULL, buf);
    evbuffer_free(buf);
}
