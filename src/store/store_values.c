/* store_values.c — the figures units report, their workflow (submit, approve, return) and the
 * evidence files attached to them; see store.h. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* ---- data values ----------------------------------------------------------------------- */

#define VALUE_COLUMNS                                                                                        \
    "v.id, i.code, u.code, v.period, v.value, v.text, v.note, v.status, v.version, v.updated_by, "            \
    "v.updated_at, v.review_comment, v.is_demo, v.denominator, v.submitted_at, v.evidence "                  \
    "FROM data_value v JOIN indicator i ON i.id = v.indicator_id JOIN org_unit u ON u.id = v.org_unit_id "

static void read_value(arena *a, db_stmt *stmt, td_id plan_id, data_value *v)
{
    v->id = db_column_int(stmt, 0);
    v->plan_id = plan_id;
    v->indicator_code = col_text(a, stmt, 1);
    v->org_unit_code = col_text(a, stmt, 2);
    snprintf(v->period, sizeof v->period, "%s", db_column_text(stmt, 3));
    v->has_value = !db_column_is_null(stmt, 4);
    v->value = db_column_double(stmt, 4);
    v->text = col_text(a, stmt, 5);
    v->note = col_text(a, stmt, 6);
    value_status_from_code(db_column_text(stmt, 7), &v->status);
    v->version = (int)db_column_int(stmt, 8);
    v->updated_by = col_text(a, stmt, 9);
    v->updated_at = col_text(a, stmt, 10);
    v->review_comment = col_text(a, stmt, 11);
    v->is_demo = db_column_int(stmt, 12) != 0;
    v->has_denominator = !db_column_is_null(stmt, 13);
    v->denominator = db_column_double(stmt, 13);
    v->submitted_at = col_text(a, stmt, 14);
    v->evidence = col_text(a, stmt, 15);
}

static char *value_json(const data_value *v)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:i, s:o}", "indicator", v->indicator_code,
                          "org_unit", v->org_unit_code, "period", v->period, "value",
                          v->has_value ? json_real(v->value) : json_null(), "denominator",
                          v->has_denominator ? json_real(v->denominator) : json_null(), "text",
                          v->text ? json_string(v->text) : json_null(), "note",
                          v->note ? json_string(v->note) : json_null(), "evidence",
                          v->evidence ? json_string(v->evidence) : json_null(), "status", value_status_code(v->status),
                          "version", v->version, "review_comment",
                          v->review_comment ? json_string(v->review_comment) : json_null());
    char *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return out;
}

/* The code of status when expect allows it, NULL (which IN never matches) otherwise. */
static const char *status_if(const value_expect *e, value_status st)
{
    return e && (e->statuses & (1u << st)) ? value_status_code(st) : NULL;
}

/* The refusal of a write whose figure changed since it was checked. */
static td_status value_changed(td_error *err, const data_value *v)
{
    return td_fail(err, TD_ERR_CONFLICT,
                   "số liệu chỉ tiêu %s, kỳ %s vừa được người khác thay đổi nên không lưu được; hãy tải lại rồi làm lại",
                   v->indicator_code, v->period);
}

static bool value_as_expected(const value_expect *e, bool existed, const data_value *before)
{
    if (!e)
        return true;
    if (!existed)
        return e->version == 0;
    return before->version == e->version && (e->statuses & (1u << before->status));
}

static td_status value_write(store *s, td_id plan_id, const data_value *v, bool is_demo, const value_expect *expect,
                             td_error *err)
{
    arena *a = arena_new();
    db_stmt *stmt = NULL;
    data_value before = {0}, after = *v;
    bool row = false, existed = false;
    char now[32], *bj = NULL, *aj = NULL;
    td_id commune_id = 0, id = 0;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);

    if (st)
        goto done;
    /* the unit by (commune, code), its unique key: by code alone SQLite walks every figure of
     * the indicator, and a large import becomes quadratic */
    st = q_prepare(s, &stmt, err,
                   "SELECT " VALUE_COLUMNS "WHERE i.plan_id = ? AND i.code = ? AND u.commune_id = ? AND u.code = ? "
                   "AND v.period = ?",
                   "itItt", plan_id, v->indicator_code, commune_id, v->org_unit_code, v->period);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row) {
        read_value(a, stmt, plan_id, &before);
        existed = true;
    }
    q_done(s, stmt);
    stmt = NULL;
    if (st)
        goto done;
    if (!value_as_expected(expect, existed, &before)) {
        st = value_changed(err, v);
        goto done;
    }

    now_iso(now);
    st = q_exec(s, &id, err,
                "INSERT INTO data_value (indicator_id, org_unit_id, period, value, denominator, text, note, evidence, "
                "status, version, updated_by, updated_at, submitted_at, is_demo) "
                "SELECT i.id, u.id, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, CASE WHEN ? <> 'draft' THEN ? END, ? "
                "FROM indicator i JOIN plan p ON p.id = i.plan_id JOIN org_unit u ON u.commune_id = p.commune_id "
                "WHERE i.plan_id = ? AND i.code = ? AND u.code = ? "
                "ON CONFLICT (indicator_id, org_unit_id, period) DO UPDATE SET value = excluded.value, "
                "denominator = excluded.denominator, text = excluded.text, note = excluded.note, "
                "evidence = excluded.evidence, status = excluded.status, "
                "version = data_value.version + 1, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at, submitted_at = excluded.submitted_at "
                /* the row is still the one checked (a write of its own that only a lock-free
                 * backend could interleave is refused, not overwritten) */
                "WHERE ? = 0 OR (data_value.version = ? AND data_value.status IN (?, ?, ?, ?)) RETURNING id",
                "tDDttttttttbitt" "iitttt", v->period, (int)v->has_value, v->value, (int)v->has_denominator,
                v->denominator, v->text, v->note, v->evidence,
                value_status_code(v->status), s->actor, now, value_status_code(v->status), now, (int)is_demo,
                plan_id, v->indicator_code, v->org_unit_code, (int64_t)(expect != NULL),
                (int64_t)(expect ? expect->version : 0), status_if(expect, VALUE_DRAFT),
                status_if(expect, VALUE_SUBMITTED), status_if(expect, VALUE_APPROVED),
                status_if(expect, VALUE_RETURNED));
    if (!st && !id && expect && (existed || expect->version))
        st = value_changed(err, v);
    else if (!st && !id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" hoặc đơn vị \"%s\"", v->indicator_code,
                     v->org_unit_code);
    if (st)
        goto done;
    after.version = existed ? before.version + 1 : 1;
    bj = existed ? value_json(&before) : NULL;
    aj = value_json(&after);
    st = store_audit(s, commune_id, existed ? "update" : "create", "data_value", id, bj, aj, err);
done:
    free(bj);
    free(aj);
    arena_free(a);
    return st;
}

td_status store_value_put(store *s, td_id plan_id, const data_value *v, bool is_demo, td_error *err)
{
    return value_write(s, plan_id, v, is_demo, NULL, err);
}

td_status store_value_put_if(store *s, td_id plan_id, const data_value *v, const value_expect *expect, td_error *err)
{
    return value_write(s, plan_id, v, false, expect, err);
}

td_status store_values_list(store *s, arena *a, const value_filter *f, data_value **out, size_t *n, td_error *err)
{
    db_stmt *stmt = NULL;
    struct rows list = {.size = sizeof(data_value)};
    bool row = true;
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT " VALUE_COLUMNS "WHERE i.plan_id = ? AND (CAST(? AS TEXT) IS NULL OR u.code = ?) "
                             "AND (CAST(? AS TEXT) IS NULL OR i.code = ?) AND (CAST(? AS TEXT) IS NULL OR v.period = ?) "
                             "ORDER BY i.id, u.code, v.period",
                             "ittttt" "t", f->plan_id, f->org_unit, f->org_unit, f->indicator, f->indicator,
                             f->period, f->period);
    while (!st) {
        st = db_step(stmt, &row, err);
        if (st || !row)
            break;
        read_value(a, stmt, f->plan_id, rows_push(a, &list));
    }
    q_done(s, stmt);
    if (st)
        return st;
    *out = list.items;
    *n = list.n;
    return TD_OK;
}

/* ---- the reporting workflow ---------------------------------------------------------------- */

td_status store_value_get(store *s, arena *a, td_id plan_id, const char *code, const char *unit,
                          const char *period, data_value *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT " VALUE_COLUMNS "WHERE i.plan_id = ? AND i.code = ? "
                             "AND u.commune_id = (SELECT commune_id FROM plan WHERE id = ?) AND u.code = ? AND v.period = ?",
                             "ititt", plan_id, code, plan_id, unit, period);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row)
        read_value(a, stmt, plan_id, out);
    q_done(s, stmt);
    return st ? st : row ? TD_OK : TD_ERR_NOTFOUND;
}

td_status store_value_set_status(store *s, td_id plan_id, const data_value *v, value_status to, const char *comment,
                                 td_error *err)
{
    td_id commune_id = 0, moved = 0;
    char now[32];
    data_value after = *v;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    now_iso(now);
    if (!st)
        st = q_exec(s, &moved, err,
                    "UPDATE data_value SET status = ?, version = version + 1, review_comment = ?, "
                    "submitted_at = CASE WHEN ? = 'submitted' THEN ? ELSE submitted_at END, "
                    "reviewed_by = CASE WHEN ? IN ('approved','returned') THEN ? ELSE reviewed_by END, "
                    "reviewed_at = CASE WHEN ? IN ('approved','returned') THEN ? ELSE reviewed_at END "
                    /* only from the state it was checked in: a figure another reviewer moved
                     * meanwhile is refused, never moved twice */
                    "WHERE id = ? AND version = ? AND status = ? RETURNING id",
                    "ttttttttiit", value_status_code(to), comment, value_status_code(to), now, value_status_code(to),
                    s->actor, value_status_code(to), now, v->id, (int64_t)v->version, value_status_code(v->status));
    if (!st && !moved)
        st = value_changed(err, v);
    if (st)
        return st;
    after.status = to;
    after.version = v->version + 1;
    after.review_comment = comment; /* the officer's words are part of the record */
    char *bj = value_json(v), *aj = value_json(&after);
    const char *action = to == VALUE_SUBMITTED ? "submit" : to == VALUE_APPROVED ? "approve"
                         : to == VALUE_RETURNED ? "return" : "reopen";
    st = store_audit(s, commune_id, action, "data_value", v->id, bj, aj, err);
    free(bj);
    free(aj);
    return st;
}

/* ---- evidence files ------------------------------------------------------------------------- */

#define EVIDENCE_COLUMNS                                                                                     \
    "f.id, i.plan_id, p.commune_id, i.code, u.code, f.period, f.name, f.content_type, f.sha256, f.size, "    \
    "f.uploaded_by, f.uploaded_at "
#define EVIDENCE_FROM                                                                                        \
    "FROM evidence_file f JOIN indicator i ON i.id = f.indicator_id JOIN plan p ON p.id = i.plan_id "         \
    "JOIN org_unit u ON u.id = f.org_unit_id "

static void evidence_row(arena *a, db_stmt *stmt, void *ctx)
{
    evidence_file *f = rows_push(a, ctx);
    f->id = db_column_int(stmt, 0);
    f->plan_id = db_column_int(stmt, 1);
    f->commune_id = db_column_int(stmt, 2);
    f->indicator_code = col_text(a, stmt, 3);
    f->org_unit_code = col_text(a, stmt, 4);
    snprintf(f->period, sizeof f->period, "%s", db_column_text(stmt, 5));
    f->name = col_text(a, stmt, 6);
    f->content_type = col_text(a, stmt, 7);
    f->sha256 = col_text(a, stmt, 8);
    f->size = (size_t)db_column_int(stmt, 9);
    f->uploaded_by = col_text(a, stmt, 10);
    f->uploaded_at = col_text(a, stmt, 11);
}

/* What the audit trail keeps of a file: the figure it proves and the file's identity, not its bytes. */
static char *evidence_audit_json(const evidence_file *f)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "indicator", f->indicator_code, "org_unit",
                          f->org_unit_code, "period", f->period, "name", f->name, "content_type", f->content_type,
                          "size", (json_int_t)f->size, "sha256", f->sha256);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

td_status store_evidence_insert(store *s, arena *a, evidence_file *f, td_error *err)
{
    td_id commune_id = 0, ind = 0, unit = 0;
    char now[32];
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = store_plan_commune(s, f->plan_id, &commune_id, err);
    if (!st)
        st = q_exec(s, &ind, err, "SELECT id FROM indicator WHERE plan_id = ? AND code = ?", "it", f->plan_id,
                    f->indicator_code);
    if (!st && !ind)
        st = td_fail(err, TD_ERR_NOTFOUND, "kế hoạch không có chỉ tiêu \"%s\"", f->indicator_code);
    if (!st)
        st = q_unit_id(s, commune_id, f->org_unit_code, &unit, err);
    if (st)
        return st;
    now_iso(now);
    /* not through the statement cache: the bytes are bound as a blob, once per upload */
    st = db_prepare(s->db,
                    "INSERT INTO evidence_file (indicator_id, org_unit_id, period, name, content_type, size, sha256, "
                    "bytes, uploaded_by, uploaded_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                    /* only to a figure that is there and not approved, as the service checked */
                    "WHERE EXISTS (SELECT 1 FROM data_value WHERE indicator_id = ? AND org_unit_id = ? "
                    "AND period = ? AND status <> 'approved') RETURNING id",
                    &stmt, err);
    if (st)
        return st;
    db_bind_int(stmt, 1, ind);
    db_bind_int(stmt, 2, unit);
    db_bind_text(stmt, 3, f->period);
    db_bind_text(stmt, 4, f->name);
    db_bind_text(stmt, 5, f->content_type);
    db_bind_int(stmt, 6, (int64_t)f->size);
    db_bind_text(stmt, 7, f->sha256);
    db_bind_blob(stmt, 8, f->bytes, f->size);
    db_bind_text(stmt, 9, s->actor);
    db_bind_text(stmt, 10, now);
    db_bind_int(stmt, 11, ind);
    db_bind_int(stmt, 12, unit);
    db_bind_text(stmt, 13, f->period);
    st = db_step(stmt, &row, err);
    f->id = !st && row ? db_column_int(stmt, 0) : 0;
    db_finalize(stmt);
    if (!st && !row)
        st = td_fail(err, TD_ERR_CONFLICT,
                     "số liệu chỉ tiêu %s, kỳ %s chưa có hoặc vừa được duyệt nên không đính kèm tệp được; hãy tải lại",
                     f->indicator_code, f->period);
    if (st)
        return st;
    f->uploaded_by = arena_strdup(a, s->actor);
    f->uploaded_at = arena_strdup(a, now);
    char *after = evidence_audit_json(f);
    st = store_audit(s, commune_id, "evidence.upload", "evidence_file", f->id, NULL, after, err);
    free(after);
    return st;
}

td_status store_evidence_delete(store *s, const evidence_file *f, td_error *err)
{
    td_id gone = 0;
    /* only while its figure is not approved, as the service checked; a file another request
     * removed meanwhile is not removed (nor audited) twice */
    td_status st = q_exec(s, &gone, err,
                          "DELETE FROM evidence_file WHERE id = ? AND NOT EXISTS (SELECT 1 FROM data_value v "
                          "WHERE v.indicator_id = evidence_file.indicator_id AND v.org_unit_id = evidence_file.org_unit_id "
                          "AND v.period = evidence_file.period AND v.status = 'approved') RETURNING id",
                          "i", f->id);
    if (!st && !gone)
        st = td_fail(err, TD_ERR_CONFLICT, "tệp \"%s\" vừa được gỡ hoặc số liệu của nó vừa được duyệt; hãy tải lại",
                     f->name);
    char *before = st ? NULL : evidence_audit_json(f);
    if (!st)
        st = store_audit(s, f->commune_id, "evidence.delete", "evidence_file", f->id, before, NULL, err);
    free(before);
    return st;
}

td_status store_evidence_list(store *s, arena *a, const value_filter *f, evidence_file **out, size_t *n,
                              td_error *err)
{
    db_stmt *stmt = NULL;
    struct rows list = {.size = sizeof(evidence_file)};
    bool row = true;
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT " EVIDENCE_COLUMNS EVIDENCE_FROM "WHERE i.plan_id = ? AND (CAST(? AS TEXT) IS NULL OR u.code = ?) "
                             "AND (CAST(? AS TEXT) IS NULL OR i.code = ?) AND (CAST(? AS TEXT) IS NULL OR f.period = ?) "
                             "ORDER BY i.id, u.code, f.period, f.id",
                             "ittttt" "t", f->plan_id, f->org_unit, f->org_unit, f->indicator, f->indicator,
                             f->period, f->period);
    while (!st && !(st = db_step(stmt, &row, err)) && row)
        evidence_row(a, stmt, &list);
    q_done(s, stmt);
    *out = list.items;
    *n = list.n;
    return st;
}

td_status store_evidence_get(store *s, arena *a, td_id id, evidence_file *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    struct rows list = {.size = sizeof(evidence_file)};
    td_status st = db_prepare(s->db, "SELECT " EVIDENCE_COLUMNS ", f.bytes " EVIDENCE_FROM "WHERE f.id = ?", &stmt, err);
    if (st)
        return st;
    db_bind_int(stmt, 1, id);
    st = db_step(stmt, &row, err);
    if (!st && row) {
        evidence_row(a, stmt, &list);
        *out = *(evidence_file *)list.items;
        size_t n = 0;
        const void *bytes = db_column_blob(stmt, 12, &n);
        unsigned char *copy = arena_alloc(a, n ? n : 1);
        if (n)
            memcpy(copy, bytes, n);
        out->bytes = copy;
        out->size = n;
    }
    db_finalize(stmt);
    if (!st && !row)
        return TD_ERR_NOTFOUND;
    return st;
}
