/* report_docs.c — drafts and issued report documents; see report_docs.h. */
#include "report_docs.h"

#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "policy.h"

/* The draft as JSON: the resolved key and the narrative. */
static json_t *draft_json(const report_query *q, const report_info *info, const report_narrative *n, bool prefilled,
                          const char *updated_at)
{
    json_t *o = report_narrative_json(n);
    json_object_set_new(o, "kind", json_string(report_kind_code(q->kind)));
    json_object_set_new(o, "unit", info->unit ? json_string(info->unit) : json_null());
    json_object_set_new(o, "unit_name", info->unit_name ? json_string(info->unit_name) : json_null());
    json_object_set_new(o, "period", json_string(info->period));
    json_object_set_new(o, "prefilled", json_boolean(prefilled));
    json_object_set_new(o, "updated_at", updated_at ? json_string(updated_at) : json_null());
    return o;
}

td_status report_docs_draft(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                            json_t **out, td_error *err)
{
    report_narrative n;
    report_info info;
    bool prefilled = false;
    report_doc d = {0};
    bool found = false;
    td_status st = report_narrative_get(s, a, viewer, plan_id, q, &n, &prefilled, &info, err);
    if (!st && !prefilled)
        st = store_report_draft_get(s, a, plan_id, report_kind_code(q->kind), info.unit, info.period, &d, &found, err);
    if (!st)
        *out = draft_json(q, &info, &n, prefilled, found ? d.updated_at : NULL);
    return st;
}

td_status report_docs_save(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                           const report_narrative *n, json_t **out, td_error *err)
{
    report_narrative had;
    report_info info;
    bool prefilled = false;
    /* resolves the unit and the period as a read does, and checks that the viewer may read it */
    td_status st = report_narrative_get(s, a, viewer, plan_id, q, &had, &prefilled, &info, err);
    if (!st)
        st = policy_report_write(viewer, q->kind == REPORT_UNIT, info.unit, err);
    if (st)
        return st;
    json_t *j = report_narrative_json(n);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    st = store_begin(s, err);
    if (!st)
        st = store_finish(s, store_report_draft_put(s, plan_id, report_kind_code(q->kind), info.unit, info.period,
                                                    text, err),
                          err);
    free(text);
    if (!st)
        st = report_docs_draft(s, a, viewer, plan_id, q, out, err);
    return st;
}

/* Inside the write transaction: the number, the document with it (the draft's narrative, read
 * under the lock), the row. */
static td_status issue_step(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                            const report_info *info, report_doc *out, td_error *err)
{
    report_query iq = *q;
    report_info used;
    char *data = NULL;
    size_t len = 0;
    const char *name = NULL;
    int number = 0;
    int year = atoi(info->as_of);
    iq.as_of = info->as_of;
    iq.unit = info->unit;
    iq.period = info->period;
    iq.narrative = NULL;
    td_status st = store_report_next_number(s, info->commune_id, info->symbol, year, &number, err);
    if (st)
        return st;
    iq.number = number;
    if ((st = report_docx(s, a, viewer, plan_id, &iq, &data, &len, &name, &used, err)))
        return st;
    json_t *j = report_narrative_json(&used.narrative);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    *out = (report_doc){.plan_id = plan_id,
                        .kind = report_kind_code(q->kind),
                        .org_unit = info->unit,
                        .org_unit_name = info->unit_name,
                        .period = arena_strdup(a, info->period),
                        .narrative = arena_strdup(a, text),
                        .year = year,
                        .number = number,
                        .symbol = info->symbol,
                        .issued_on = arena_strdup(a, info->as_of),
                        .issued_by = viewer ? viewer->id : 0,
                        .issued_by_name = viewer ? viewer->display_name : NULL,
                        .sha256 = evidence_sha256_hex(a, (const unsigned char *)data, len),
                        .docx = (const unsigned char *)data,
                        .docx_len = len};
    free(text);
    return store_report_issue(s, a, out, err);
}

td_status report_docs_issue(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                            report_doc *out, td_error *err)
{
    report_info info;
    /* who may, and what the query resolves to (unit, period, date), before the lock is taken */
    td_status st = report_resolve(s, a, viewer, plan_id, q, &info, err);
    if (!st)
        st = policy_report_write(viewer, q->kind == REPORT_UNIT, info.unit, err);
    if (st)
        return st;
    st = store_begin(s, err);
    if (!st)
        st = store_finish(s, issue_step(s, a, viewer, plan_id, q, &info, out, err), err);
    return st;
}

td_status report_docs_list(store *s, arena *a, const user *viewer, td_id plan_id, report_doc **out, size_t *n,
                           td_error *err)
{
    report_doc *all = NULL;
    size_t k = 0, m = 0;
    td_error ignore = {0};
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = store_report_docs_list(s, a, plan_id, &all, &k, err);
    if (st)
        return st;
    /* what the viewer may not read is not listed */
    for (size_t i = 0; i < k; i++)
        if (!policy_report_read(viewer, strcmp(all[i].kind, "unit") == 0, all[i].org_unit, &ignore))
            all[m++] = all[i];
    *out = all;
    *n = m;
    return TD_OK;
}

td_status report_docs_get(store *s, arena *a, const user *viewer, td_id id, report_doc *out, const char **filename,
                          td_error *err)
{
    td_status st = store_report_doc_get(s, a, id, true, out, err);
    if (!st && (!policy_may_see_commune(s, viewer, out->commune_id) || strcmp(out->status, "issued") != 0))
        st = td_fail(err, TD_ERR_NOTFOUND, "không có văn bản số %lld", (long long)id);
    if (!st)
        st = policy_report_read(viewer, strcmp(out->kind, "unit") == 0, out->org_unit, err);
    if (!st)
        *filename = arena_printf(a, "%02d-%s-%d.docx", out->number, out->symbol, out->year);
    return st;
}

const char *report_docs_number_text(arena *a, const report_doc *d)
{
    return arena_printf(a, "%02d/%s", d->number, d->symbol);
}

json_t *report_docs_json(arena *a, const report_doc *d)
{
    json_t *o = json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:i, s:s, s:s, s:i, s:s, s:s?, s:s?, s:s}", "id",
                          (json_int_t)d->id, "kind", d->kind, "unit", d->org_unit, "unit_name", d->org_unit_name,
                          "period", d->period, "number", d->number, "symbol", d->symbol, "number_text",
                          report_docs_number_text(a, d), "year", d->year, "issued_on", d->issued_on, "issued_at",
                          d->issued_at, "issued_by_name", d->issued_by_name, "sha256", d->sha256);
    return o;
}
