/* store_values.c — the figures units report, their workflow (submit, approve, return) and the
 * evidence files attached to them; see store.h. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "store_values_bulk.h"

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

/* ---- a figure's audit JSON, written directly ---------------------------------------------- */

/* Bytes written into an arena buffer sized for the worst case beforehand (value_audit_json). */
typedef struct jbuf {
    char *p;
    size_t n;
} jbuf;

static void jput(jbuf *b, const char *s, size_t n)
{
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void jputs(jbuf *b, const char *s)
{
    jput(b, s, strlen(s));
}

/* A JSON string as jansson's json_dumps writes it: '"', '\\' and control characters escaped,
 * the rest (UTF-8 included) as is. */
static void jstring(jbuf *b, const char *s)
{
    if (!s) {
        jputs(b, "null");
        return;
    }
    jputs(b, "\"");
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        jput(b, run, (size_t)(p - run));
        char esc[8];
        switch (c) {
        case '"': jputs(b, "\\\""); break;
        case '\\': jputs(b, "\\\\"); break;
        case '\b': jputs(b, "\\b"); break;
        case '\f': jputs(b, "\\f"); break;
        case '\n': jputs(b, "\\n"); break;
        case '\r': jputs(b, "\\r"); break;
        case '\t': jputs(b, "\\t"); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", c);
            jputs(b, esc);
        }
        run = p + 1;
    }
    jputs(b, run);
    jputs(b, "\"");
}

/* A real as jansson writes it: 17 significant digits, a ".0" when it would read as an integer,
 * the exponent without '+' or leading zeros. */
static void jreal(jbuf *b, bool has, double x)
{
    if (!has) {
        jputs(b, "null");
        return;
    }
    char buf[48];
    /* a whole number below 10^15 is what %.17g writes, digit for digit (a figure is mostly one) */
    if (fabs(x) < 1e15 && x == (double)(long long)x && !(x == 0 && signbit(x))) {
        snprintf(buf, sizeof buf, "%lld.0", (long long)x);
        jputs(b, buf);
        return;
    }
    int n = snprintf(buf, sizeof buf - 2, "%.17g", x);
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        memcpy(buf + n, ".0", 3);
        n += 2;
    }
    char *e = strchr(buf, 'e');
    if (e) {
        char *start = e + 1, *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start)
            memmove(start, end, strlen(end) + 1);
    }
    jputs(b, buf);
}

static size_t text_len(const char *s)
{
    return s ? strlen(s) : 0;
}

char *value_audit_json(arena *a, const data_value *v)
{
    /* every byte of a text escaped takes at most 6 ("\u001F"); the rest is short and fixed */
    size_t texts = text_len(v->indicator_code) + text_len(v->org_unit_code) + strlen(v->period) +
                   text_len(v->text) + text_len(v->note) + text_len(v->evidence) + text_len(v->review_comment);
    jbuf b = {.p = arena_alloc(a, 6 * texts + 400)};
    char version[24];
    jputs(&b, "{\"indicator\":");
    jstring(&b, v->indicator_code);
    jputs(&b, ",\"org_unit\":");
    jstring(&b, v->org_unit_code);
    jputs(&b, ",\"period\":");
    jstring(&b, v->period);
    jputs(&b, ",\"value\":");
    jreal(&b, v->has_value, v->value);
    jputs(&b, ",\"denominator\":");
    jreal(&b, v->has_denominator, v->denominator);
    jputs(&b, ",\"text\":");
    jstring(&b, v->text);
    jputs(&b, ",\"note\":");
    jstring(&b, v->note);
    jputs(&b, ",\"evidence\":");
    jstring(&b, v->evidence);
    jputs(&b, ",\"status\":");
    jstring(&b, value_status_code(v->status));
    snprintf(version, sizeof version, ",\"version\":%d", v->version);
    jputs(&b, version);
    jputs(&b, ",\"review_comment\":");
    jstring(&b, v->review_comment);
    jputs(&b, "}");
    return b.p;
}

/* The refusal of a write whose figure changed since it was checked. */
td_status value_changed(td_error *err, const data_value *v)
{
    return td_fail(err, TD_ERR_CONFLICT,
                   "số liệu chỉ tiêu %s, kỳ %s vừa được người khác thay đổi nên không lưu được; hãy tải lại rồi làm lại",
                   v->indicator_code, v->period);
}

/* One figure through the bulk path: read, checked against expect, written and audited. */
static td_status value_write(store *s, td_id plan_id, const data_value *v, bool is_demo, const value_expect *expect,
                             td_error *err)
{
    arena *a = arena_new();
    data_value before = {0};
    bool existed = false;
    td_status st = store_values_read(s, a, plan_id, v, 1, &before, &existed, err);
    if (!st)
        st = store_values_write(s, plan_id, &(value_put){.v = v, .existed = existed, .before = &before, .expect = expect},
                                1, is_demo, err);
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
    arena *a = arena_new();
    const char *bj = value_audit_json(a, v), *aj = value_audit_json(a, &after);
    const char *action = to == VALUE_SUBMITTED ? "submit" : to == VALUE_APPROVED ? "approve"
                         : to == VALUE_RETURNED ? "return" : "reopen";
    st = store_audit(s, commune_id, action, "data_value", v->id, bj, aj, err);
    arena_free(a);
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
