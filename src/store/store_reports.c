/* store_reports.c — the SQL of report documents; see store_reports.h. */
#include "store_reports.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define DOC_COLUMNS                                                                                          \
    "d.id, d.commune_id, d.plan_id, d.kind, u.code, u.name, d.period, d.status, d.narrative, "                \
    "COALESCE(d.year, 0), COALESCE(d.number, 0), d.symbol, d.issued_at, d.issued_on, COALESCE(d.issued_by, 0), " \
    "au.display_name, d.sha256, d.updated_at "
#define DOC_FROM                                                                                             \
    "FROM report_document d LEFT JOIN org_unit u ON u.id = d.org_unit_id "                                    \
    "LEFT JOIN app_user au ON au.id = d.issued_by "

static void doc_row(arena *a, db_stmt *stmt, void *ctx)
{
    report_doc *d = rows_push(a, ctx);
    d->id = db_column_int(stmt, 0);
    d->commune_id = db_column_int(stmt, 1);
    d->plan_id = db_column_int(stmt, 2);
    d->kind = col_text(a, stmt, 3);
    d->org_unit = col_text(a, stmt, 4);
    d->org_unit_name = col_text(a, stmt, 5);
    d->period = col_text(a, stmt, 6);
    d->status = col_text(a, stmt, 7);
    d->narrative = col_text(a, stmt, 8);
    d->year = (int)db_column_int(stmt, 9);
    d->number = (int)db_column_int(stmt, 10);
    d->symbol = col_text(a, stmt, 11);
    d->issued_at = col_text(a, stmt, 12);
    d->issued_on = col_text(a, stmt, 13);
    d->issued_by = db_column_int(stmt, 14);
    d->issued_by_name = col_text(a, stmt, 15);
    d->sha256 = col_text(a, stmt, 16);
    d->updated_at = col_text(a, stmt, 17);
}

/* The unit's row id in the plan's commune (0 for NULL); TD_ERR_NOTFOUND for an unknown code. */
static td_status plan_unit(store *s, td_id plan_id, const char *unit, td_id *commune_id, td_id *unit_id,
                           td_error *err)
{
    td_status st = store_plan_commune(s, plan_id, commune_id, err);
    *unit_id = 0;
    if (st || !unit)
        return st;
    st = q_exec(s, unit_id, err, "SELECT id FROM org_unit WHERE commune_id = ? AND code = ?", "it", *commune_id,
                unit);
    if (!st && !*unit_id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có đơn vị \"%s\" trong xã của kế hoạch", unit);
    return st;
}

td_status store_report_draft_get(store *s, arena *a, td_id plan_id, const char *kind, const char *unit,
                                 const char *period, report_doc *out, bool *found, td_error *err)
{
    td_id commune_id = 0, unit_id = 0;
    db_stmt *stmt = NULL;
    bool row = false;
    struct rows list = {.size = sizeof(report_doc)};
    td_status st = plan_unit(s, plan_id, unit, &commune_id, &unit_id, err);
    *found = false;
    if (st)
        return st;
    /* a commune-wide report has no unit: NULL is matched by IS NULL, never by a bound NULL */
    if (unit_id)
        st = q_prepare(s, &stmt, err,
                       "SELECT " DOC_COLUMNS DOC_FROM "WHERE d.plan_id = ? AND d.kind = ? AND d.org_unit_id = ? "
                       "AND d.period = ? AND d.status = 'draft'",
                       "itit", plan_id, kind, unit_id, period);
    else
        st = q_prepare(s, &stmt, err,
                       "SELECT " DOC_COLUMNS DOC_FROM "WHERE d.plan_id = ? AND d.kind = ? AND d.org_unit_id IS NULL "
                       "AND d.period = ? AND d.status = 'draft'",
                       "itt", plan_id, kind, period);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row) {
        doc_row(a, stmt, &list);
        *out = *(report_doc *)list.items;
        *found = true;
    }
    q_done(s, stmt);
    return st;
}

td_status store_report_draft_put(store *s, td_id plan_id, const char *kind, const char *unit, const char *period,
                                 const char *narrative, td_error *err)
{
    td_id commune_id = 0, unit_id = 0, id = 0;
    char now[32];
    arena *a = arena_new();
    report_doc had = {0};
    bool found = false;
    td_status st = plan_unit(s, plan_id, unit, &commune_id, &unit_id, err);
    if (!st)
        st = store_report_draft_get(s, a, plan_id, kind, unit, period, &had, &found, err);
    now_iso(now);
    if (!st && found) {
        id = had.id;
        st = q_exec(s, NULL, err, "UPDATE report_document SET narrative = ?, updated_at = ? WHERE id = ?", "tti",
                    narrative, now, id);
    } else if (!st) {
        st = q_exec(s, &id, err,
                    "INSERT INTO report_document (commune_id, plan_id, kind, org_unit_id, period, status, narrative, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id",
                    "iitIttt", commune_id, plan_id, kind, unit_id, period, narrative, now);
    }
    if (!st)
        st = store_audit(s, commune_id, "report.draft", "report_document", id, found ? had.narrative : NULL,
                         narrative, err);
    arena_free(a);
    return st;
}

td_status store_report_next_number(store *s, td_id commune_id, const char *symbol, int year, int *number,
                                   td_error *err)
{
    td_id last = 0;
    td_status st = q_exec(s, &last, err,
                          "SELECT COALESCE(MAX(number), 0) FROM report_document WHERE commune_id = ? AND symbol = ? "
                          "AND year = ? AND status = 'issued'",
                          "iti", commune_id, symbol, (int64_t)year);
    *number = st ? 0 : (int)last + 1;
    return st;
}

/* What the audit trail keeps of an issued document: its identity, not its bytes. */
static char *issue_json(const report_doc *d)
{
    char num[64];
    snprintf(num, sizeof num, "%02d/%s", d->number, d->symbol);
    json_t *o = json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s, s:s}", "kind", d->kind, "org_unit", d->org_unit,
                          "period", d->period, "number_text", num, "issued_on", d->issued_on, "sha256", d->sha256,
                          "narrative", d->narrative);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

td_status store_report_issue(store *s, arena *a, report_doc *d, td_error *err)
{
    td_id commune_id = 0, unit_id = 0;
    char now[32];
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = plan_unit(s, d->plan_id, d->org_unit, &commune_id, &unit_id, err);
    if (st)
        return st;
    now_iso(now);
    /* not through the statement cache: the bytes are bound as a blob, once per document */
    st = db_prepare(s->db,
                    "INSERT INTO report_document (commune_id, plan_id, kind, org_unit_id, period, status, narrative, "
                    "year, number, symbol, issued_at, issued_on, issued_by, docx, sha256, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, 'issued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (commune_id, symbol, year, number) DO NOTHING RETURNING id",
                    &stmt, err);
    if (st)
        return st;
    db_bind_int(stmt, 1, commune_id);
    db_bind_int(stmt, 2, d->plan_id);
    db_bind_text(stmt, 3, d->kind);
    if (unit_id)
        db_bind_int(stmt, 4, unit_id);
    else
        db_bind_null(stmt, 4);
    db_bind_text(stmt, 5, d->period);
    db_bind_text(stmt, 6, d->narrative);
    db_bind_int(stmt, 7, d->year);
    db_bind_int(stmt, 8, d->number);
    db_bind_text(stmt, 9, d->symbol);
    db_bind_text(stmt, 10, now);
    db_bind_text(stmt, 11, d->issued_on);
    if (d->issued_by)
        db_bind_int(stmt, 12, d->issued_by);
    else
        db_bind_null(stmt, 12);
    db_bind_blob(stmt, 13, d->docx, d->docx_len);
    db_bind_text(stmt, 14, d->sha256);
    db_bind_text(stmt, 15, now);
    st = db_step(stmt, &row, err);
    d->id = !st && row ? db_column_int(stmt, 0) : 0;
    db_finalize(stmt);
    if (!st && !row)
        st = td_fail(err, TD_ERR_CONFLICT, "số %02d/%s năm %d đã được cấp cho văn bản khác; hãy thử lại", d->number,
                     d->symbol, d->year);
    if (st)
        return st;
    d->commune_id = commune_id;
    d->issued_at = arena_strdup(a, now);
    d->updated_at = d->issued_at;
    d->status = "issued";
    char *after = issue_json(d);
    st = store_audit(s, commune_id, "report.issue", "report_document", d->id, NULL, after, err);
    free(after);
    return st;
}

td_status store_report_docs_list(store *s, arena *a, td_id plan_id, report_doc **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(report_doc)};
    td_status st = each_row(s, a, err,
                            "SELECT " DOC_COLUMNS DOC_FROM "WHERE d.plan_id = ? AND d.status = 'issued' "
                            "ORDER BY d.issued_at DESC, d.id DESC",
                            plan_id, doc_row, &list);
    *out = list.items;
    *n = list.n;
    return st;
}

td_status store_report_doc_get(store *s, arena *a, td_id id, bool bytes, report_doc *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    struct rows list = {.size = sizeof(report_doc)};
    td_status st = db_prepare(s->db, "SELECT " DOC_COLUMNS ", d.docx " DOC_FROM "WHERE d.id = ?", &stmt, err);
    if (st)
        return st;
    db_bind_int(stmt, 1, id);
    st = db_step(stmt, &row, err);
    if (!st && row) {
        doc_row(a, stmt, &list);
        *out = *(report_doc *)list.items;
        size_t n = 0;
        const void *b = bytes ? db_column_blob(stmt, 18, &n) : NULL;
        if (b && n) {
            unsigned char *copy = arena_alloc(a, n);
            memcpy(copy, b, n);
            out->docx = copy;
            out->docx_len = n;
        }
    }
    db_finalize(stmt);
    if (!st && !row)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có văn bản số %lld", (long long)id);
    return st;
}
