/* api_audit.c — the API's the audit trail and the actions it names; see router.h. */
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

static json_t *json_or_null(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return v ? v : json_null();
}

void get_audit(request *r)
{
    long limit, offset, total;
    audit_entry *e;
    size_t n;
    td_error err = {0};
    audit_filter f = {.entity = query(r, "entity"),
                      .actor = query(r, "actor"),
                      .action = query(r, "action"),
                      .from = query(r, "from"),
                      .to = query(r, "to"),
                      .q = query(r, "q")};
    if (!paging(r, &limit, &offset))
        return;
    if ((f.from && !date_iso_valid(f.from)) || (f.to && !date_iso_valid(f.to))) {
        send_error(r, 422, "invalid",
                   arena_printf(r->a,
                                "%s: \"%s\" không phải ngày hợp lệ; cần dạng YYYY-MM-DD, ví dụ 2026-11-25",
                                f.from && !date_iso_valid(f.from) ? "from" : "to",
                                f.from && !date_iso_valid(f.from) ? f.from : f.to));
        return;
    }
    td_status st = records_audit(r->store, r->a, &r->user, &f, limit, offset, &e, &n, &total, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)e[i].id, "at",
                             e[i].at, "actor", e[i].actor, "action", e[i].action, "entity", e[i].entity,
                             "entity_id", (json_int_t)e[i].entity_id, "before",
                             json_or_null(e[i].before_json), "after", json_or_null(e[i].after_json)));
    send_json(r, 200,
              json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "limit",
                        (json_int_t)limit, "offset", (json_int_t)offset));
}

void get_audit_actions(request *r)
{
    json_t *out = NULL;
    td_error err = {0};
    td_status st = audit_actions(r->store, r->a, &r->user, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}
