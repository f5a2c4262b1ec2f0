/* store_awards.c — see store_awards.h. */
#include "store_awards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Runs sql and returns its rows as objects whose keys and kinds come from spec, one word per
 * column: "id:i name:t points:d present:b legal:j" (integer, text, real, 0/1 as a boolean, a JSON
 * text parsed); SQL NULL is null. One place turns rows into JSON, so each query is one call. */
static td_status aw_rows(store *s, td_error *err, json_t **out, const char *spec, const char *sql, const char *types,
                         ...)
{
    db_stmt *stmt = NULL;
    va_list ap;
    va_start(ap, types);
    td_status st = q_vprepare(s, &stmt, err, sql, types, ap);
    va_end(ap);
    if (st)
        return st;
    char keys[32][40];
    char kinds[32];
    int nk = 0;
    for (const char *p = spec; *p && nk < 32;) {
        while (*p == ' ')
            p++;
        const char *colon = strchr(p, ':');
        if (!colon)
            break;
        size_t len = (size_t)(colon - p) < sizeof keys[0] - 1 ? (size_t)(colon - p) : sizeof keys[0] - 1;
        memcpy(keys[nk], p, len);
        keys[nk][len] = '\0';
        kinds[nk++] = colon[1];
        p = colon + 2;
    }
    json_t *arr = json_array();
    for (;;) {
        bool row = false;
        st = db_step(stmt, &row, err);
        if (st || !row)
            break;
        json_t *o = json_object();
        for (int i = 0; i < nk; i++) {
            json_t *v;
            if (db_column_is_null(stmt, i))
                v = json_null();
            else if (kinds[i] == 'i')
                v = json_integer(db_column_int(stmt, i));
            else if (kinds[i] == 'd')
                v = json_real(db_column_double(stmt, i));
            else if (kinds[i] == 'b')
                v = json_boolean(db_column_int(stmt, i) != 0);
            else if (kinds[i] == 'j') {
                v = json_loads(db_column_text(stmt, i), 0, NULL);
                if (!v)
                    v = json_null();
            } else
                v = json_string(db_column_text(stmt, i));
            json_object_set_new(o, keys[i], v ? v : json_null());
        }
        json_array_append_new(arr, o);
    }
    q_done(s, stmt);
    if (st) {
        json_decref(arr);
        return st;
    }
    *out = arr;
    return TD_OK;
}

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* ---- org units and blocks -------------------------------------------------------------- */

td_status store_aw_unit_id(store *s, td_id commune_id, const char *code, td_id *id, td_error *err)
{
    td_status st = q_exec(s, id, err, "SELECT id FROM org_unit WHERE commune_id = ? AND code = ?", "it",
                          (int64_t)commune_id, code);
    if (!st && !*id)
        return TD_ERR_NOTFOUND;
    return st;
}

static td_status first(json_t *arr, json_t **out)
{
    if (json_array_size(arr) == 0) {
        json_decref(arr);
        return TD_ERR_NOTFOUND;
    }
    *out = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    return TD_OK;
}

td_status store_aw_block(store *s, td_id commune_id, const char *code, json_t **out, td_error *err)
{
    json_t *arr;
    td_status st = aw_rows(s, err, &arr, "id:i code:t name:t",
                           "SELECT id, code, name FROM block WHERE commune_id = ? AND code = ?", "it",
                           (int64_t)commune_id, code);
    return st ? st : first(arr, out);
}

td_status store_aw_blocks(store *s, td_id commune_id, json_t **out, td_error *err)
{
    return aw_rows(s, err, out, "id:i code:t name:t", "SELECT id, code, name FROM block WHERE commune_id = ? ORDER BY id",
                   "i", (int64_t)commune_id);
}

td_status store_aw_block_members(store *s, td_id block_id, json_t **out, td_error *err)
{
    return aw_rows(s, err, out, "code:t name:t",
                   "SELECT u.code, u.name FROM block_member m JOIN org_unit u ON u.id = m.org_unit_id "
                   "WHERE m.block_id = ? ORDER BY u.name",
                   "i", (int64_t)block_id);
}

/* ---- scoring ---------------------------------------------------------------------------- */

td_status store_aw_scoring(store *s, td_id block_id, json_t **criteria, json_t **thresholds, td_error *err)
{
    td_status st = aw_rows(s, err, criteria, "code:t group:t name:t kind:t max_points:d",
                           "SELECT code, grp, name, kind, max_points FROM scoring_criterion WHERE block_id = ? "
                           "ORDER BY position",
                           "i", (int64_t)block_id);
    if (st)
        return st;
    st = aw_rows(s, err, thresholds, "code:t label:t min_points:d",
                 "SELECT code, label, min_points FROM scoring_threshold WHERE block_id = ? ORDER BY position", "i",
                 (int64_t)block_id);
    if (st)
        json_decref(*criteria);
    return st;
}

td_status store_aw_scoring_put(store *s, td_id block_id, json_t *criteria, json_t *thresholds, td_error *err)
{
    td_status st = q_exec(s, NULL, err, "DELETE FROM scoring_criterion WHERE block_id = ?", "i", (int64_t)block_id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM scoring_threshold WHERE block_id = ?", "i", (int64_t)block_id);
    size_t i;
    json_t *c;
    json_array_foreach(criteria, i, c)
    {
        if (st)
            break;
        st = q_exec(s, NULL, err,
                    "INSERT INTO scoring_criterion (block_id, position, code, grp, name, kind, max_points) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    "iittttd", (int64_t)block_id, (int64_t)i, jstr(c, "code"),
                    jstr(c, "group") ? jstr(c, "group") : "", jstr(c, "name"), jstr(c, "kind"),
                    json_number_value(json_object_get(c, "max_points")));
    }
    json_array_foreach(thresholds, i, c)
    {
        if (st)
            break;
        st = q_exec(s, NULL, err,
                    "INSERT INTO scoring_threshold (block_id, position, code, label, min_points) VALUES (?, ?, ?, ?, ?)",
                    "iittd", (int64_t)block_id, (int64_t)i, jstr(c, "code"), jstr(c, "label"),
                    json_number_value(json_object_get(c, "min_points")));
    }
    return st;
}

td_status store_aw_score_entries(store *s, td_id plan_id, td_id block_id, const char *period, json_t **out,
                                 td_error *err)
{
    return aw_rows(s, err, out, "org_unit:t criterion:t points:d note:t entered_by:t",
                   "SELECT u.code, e.criterion, e.points, e.note, e.entered_by FROM score_entry e "
                   "JOIN org_unit u ON u.id = e.org_unit_id WHERE e.plan_id = ? AND e.block_id = ? AND e.period = ?",
                   "iit", (int64_t)plan_id, (int64_t)block_id, period);
}

td_status store_aw_score_put(store *s, td_id plan_id, td_id block_id, td_id unit_id, const char *period,
                             const char *criterion, double points, const char *note, bool is_demo, td_error *err)
{
    char now[32];
    now_iso(now);
    return q_exec(s, NULL, err,
                  "INSERT INTO score_entry (plan_id, block_id, org_unit_id, period, criterion, points, note, "
                  "entered_by, entered_at, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (plan_id, block_id, org_unit_id, period, criterion) DO UPDATE SET "
                  "points = excluded.points, note = excluded.note, entered_by = excluded.entered_by, "
                  "entered_at = excluded.entered_at",
                  "iiittdtttb", (int64_t)plan_id, (int64_t)block_id, (int64_t)unit_id, period, criterion, points,
                  note, s->actor ? s->actor : "?", now, is_demo);
}

/* ---- catalogue -------------------------------------------------------------------------- */

td_status store_aw_forms(store *s, td_id commune_id, json_t **out, td_error *err)
{
    return aw_rows(s, err, out,
                   "code:t name:t kind:t subject:t level:t conferred_by:t local:b criteria:t legal_basis:t "
                   "min_classification:t max_rank:i interval_years:i active:b",
                   "SELECT code, name, kind, subject, level, conferred_by, is_local, criteria, legal_basis, "
                   "min_classification, max_rank, interval_years, active FROM award_form WHERE commune_id = ? "
                   "ORDER BY position, id",
                   "i", (int64_t)commune_id);
}

td_status store_aw_form_put(store *s, td_id commune_id, const json_t *f, td_error *err)
{
    const json_t *mr = json_object_get(f, "max_rank");
    return q_exec(
        s, NULL, err,
        "INSERT INTO award_form (commune_id, position, code, name, kind, subject, level, conferred_by, is_local, "
        "criteria, legal_basis, min_classification, max_rank, interval_years, active) "
        "VALUES (?, (SELECT COUNT(*) FROM award_form WHERE commune_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (commune_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
        "subject = excluded.subject, level = excluded.level, conferred_by = excluded.conferred_by, "
        "is_local = excluded.is_local, criteria = excluded.criteria, legal_basis = excluded.legal_basis, "
        "min_classification = excluded.min_classification, max_rank = excluded.max_rank, "
        "interval_years = excluded.interval_years, active = excluded.active",
        "iittttttbtttIib", (int64_t)commune_id, (int64_t)commune_id, jstr(f, "code"), jstr(f, "name"),
        jstr(f, "kind"), jstr(f, "subject"), jstr(f, "level"), jstr(f, "conferred_by"),
        json_is_true(json_object_get(f, "local")), jstr(f, "criteria") ? jstr(f, "criteria") : "",
        jstr(f, "legal_basis") ? jstr(f, "legal_basis") : "", jstr(f, "min_classification"),
        (td_id)(json_is_integer(mr) ? json_integer_value(mr) : 0),
        (int64_t)json_integer_value(json_object_get(f, "interval_years")),
        !json_is_false(json_object_get(f, "active")));
}

/* ---- persons ---------------------------------------------------------------------------- */

td_status store_aw_persons(store *s, td_id commune_id, td_id id, json_t **out, td_error *err)
{
    if (id)
        return aw_rows(s, err, out, "id:i full_name:t gender:t birth_year:i job_title:t org_unit:t org_unit_name:t",
                       "SELECT p.id, p.full_name, p.gender, p.birth_year, p.job_title, u.code, u.name FROM person p "
                       "LEFT JOIN org_unit u ON u.id = p.org_unit_id WHERE p.commune_id = ? AND p.id = ?",
                       "ii", (int64_t)commune_id, (int64_t)id);
    return aw_rows(s, err, out, "id:i full_name:t gender:t birth_year:i job_title:t org_unit:t org_unit_name:t",
                   "SELECT p.id, p.full_name, p.gender, p.birth_year, p.job_title, u.code, u.name FROM person p "
                   "LEFT JOIN org_unit u ON u.id = p.org_unit_id WHERE p.commune_id = ? ORDER BY p.id",
                   "i", (int64_t)commune_id);
}

td_status store_aw_person_insert(store *s, td_id commune_id, const json_t *p, td_id unit_id, bool is_demo, td_id *id,
                                 td_error *err)
{
    const json_t *by = json_object_get(p, "birth_year");
    return q_exec(s, id, err,
                  "INSERT INTO person (commune_id, full_name, org_unit_id, job_title, gender, birth_year, is_demo) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  "itIttIb", (int64_t)commune_id, jstr(p, "full_name"), unit_id, jstr(p, "job_title"),
                  jstr(p, "gender"), (td_id)(json_is_integer(by) ? json_integer_value(by) : 0), is_demo);
}

td_status store_aw_person_update(store *s, td_id commune_id, td_id id, const json_t *p, td_id unit_id, td_error *err)
{
    const json_t *by = json_object_get(p, "birth_year");
    td_id got = 0;
    td_status st = q_exec(s, &got, err,
                          "UPDATE person SET full_name = ?, org_unit_id = ?, job_title = ?, gender = ?, birth_year = ? "
                          "WHERE commune_id = ? AND id = ? RETURNING id",
                          "tIttIii", jstr(p, "full_name"), unit_id, jstr(p, "job_title"), jstr(p, "gender"),
                          (td_id)(json_is_integer(by) ? json_integer_value(by) : 0), (int64_t)commune_id, (int64_t)id);
    return !st && !got ? TD_ERR_NOTFOUND : st;
}

/* ---- nominations ------------------------------------------------------------------------ */

#define NOM_SPEC                                                                                                   \
    "id:i status:t nominee_kind:t person_id:i org_unit:t collective_name:t name:t org_unit_name:t form:t year:i "  \
    "achievement:t achievement_key:t proposed_by:t proposed_by_name:t plan_id:i period:t block:t session_id:i "   \
    "decision_id:i created_at:t created_by:t"
#define NOM_SELECT                                                                                                 \
    "SELECT n.id, n.status, n.nominee_kind, n.person_id, COALESCE(u.code, pu.code), n.collective_name, "         \
    "COALESCE(p.full_name, n.collective_name, u.name), COALESCE(u.name, pu.name), n.form, n.year, n.achievement, " \
    "n.achievement_key, pb.code, pb.name, n.plan_id, n.period, b.code, n.session_id, n.decision_id, "             \
    "n.created_at, n.created_by FROM nomination n LEFT JOIN person p ON p.id = n.person_id "                     \
    "LEFT JOIN org_unit pu ON pu.id = p.org_unit_id LEFT JOIN org_unit u ON u.id = n.org_unit_id "               \
    "LEFT JOIN org_unit pb ON pb.id = n.proposed_by LEFT JOIN block b ON b.id = n.block_id "

td_status store_aw_nominations(store *s, td_id commune_id, td_id id, json_t **out, td_error *err)
{
    if (id)
        return aw_rows(s, err, out, NOM_SPEC, NOM_SELECT "WHERE n.commune_id = ? AND n.id = ?", "ii",
                       (int64_t)commune_id, (int64_t)id);
    return aw_rows(s, err, out, NOM_SPEC, NOM_SELECT "WHERE n.commune_id = ? ORDER BY n.id DESC", "i",
                   (int64_t)commune_id);
}

td_status store_aw_nomination_insert(store *s, td_id commune_id, const aw_nomination_new *n, td_id *id, td_error *err)
{
    char now[32];
    now_iso(now);
    return q_exec(s, id, err,
                  "INSERT INTO nomination (commune_id, nominee_kind, person_id, org_unit_id, collective_name, form, "
                  "year, achievement, achievement_key, proposed_by, plan_id, period, block_id, status, created_by, "
                  "created_at, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?) RETURNING id",
                  "itIIttittIItIttb", (int64_t)commune_id, n->kind, n->person_id, n->org_unit_id, n->collective_name,
                  n->form, (int64_t)n->year, n->achievement, n->achievement_key, n->proposed_by, n->plan_id,
                  n->period, n->block_id, s->actor ? s->actor : "?", now, n->is_demo);
}

td_status store_aw_nomination_move(store *s, td_id commune_id, td_id id, const char *from, const char *to,
                                   td_error *err)
{
    td_id got = 0;
    td_status st = q_exec(s, &got, err,
                          "UPDATE nomination SET status = ? WHERE commune_id = ? AND id = ? AND status = ? RETURNING id",
                          "tiit", to, (int64_t)commune_id, (int64_t)id, from);
    if (!st && !got)
        return td_fail(err, TD_ERR_CONFLICT, "đề nghị khen thưởng không còn ở trạng thái cho phép thao tác này");
    return st;
}

td_status store_aw_nomination_update(store *s, td_id commune_id, td_id id, const aw_nomination_new *n, td_error *err)
{
    td_id got = 0;
    td_status st = q_exec(s, &got, err,
                          "UPDATE nomination SET form = ?, year = ?, achievement = ?, achievement_key = ?, "
                          "collective_name = ? WHERE commune_id = ? AND id = ? AND status = 'proposed' RETURNING id",
                          "titttii", n->form, (int64_t)n->year, n->achievement, n->achievement_key, n->collective_name,
                          (int64_t)commune_id, (int64_t)id);
    if (!st && !got)
        return td_fail(err, TD_ERR_CONFLICT, "đề nghị đã trình hội đồng, không sửa được nữa");
    return st;
}

td_status store_aw_files(store *s, td_id nomination_id, json_t **out, td_error *err)
{
    return aw_rows(s, err, out, "id:i kind:t name:t size:i content_type:t sha256:t uploaded_by:t uploaded_at:t",
                   "SELECT id, kind, name, size, content_type, sha256, uploaded_by, uploaded_at FROM nomination_file "
                   "WHERE nomination_id = ? ORDER BY id",
                   "i", (int64_t)nomination_id);
}

td_status store_aw_file_insert(store *s, td_id nomination_id, const char *kind, const char *name,
                               const char *content_type, const void *bytes, size_t size, const char *sha256,
                               td_id *id, td_error *err)
{
    char now[32];
    now_iso(now);
    db_stmt *stmt = NULL;
    td_status st = q_prepare(s, &stmt, err,
                             "INSERT INTO nomination_file (nomination_id, kind, name, content_type, size, sha256, "
                             "bytes, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             "itttit", (int64_t)nomination_id, kind, name, content_type, (int64_t)size, sha256);
    if (st)
        return st;
    db_bind_blob(stmt, 7, bytes, size);
    db_bind_text(stmt, 8, s->actor ? s->actor : "?");
    db_bind_text(stmt, 9, now);
    bool row = false;
    st = db_step(stmt, &row, err);
    if (!st)
        *id = row ? db_column_int(stmt, 0) : 0;
    q_done(s, stmt);
    return st;
}

td_status store_aw_file_get(store *s, arena *a, td_id commune_id, td_id id, td_id *nomination_id, const char **name,
                            const char **content_type, const void **bytes, size_t *size, td_error *err)
{
    db_stmt *stmt = NULL;
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT f.name, f.content_type, f.bytes, f.nomination_id FROM nomination_file f "
                             "JOIN nomination n "
                             "ON n.id = f.nomination_id WHERE n.commune_id = ? AND f.id = ?",
                             "ii", (int64_t)commune_id, (int64_t)id);
    if (st)
        return st;
    bool row = false;
    st = db_step(stmt, &row, err);
    if (!st && !row)
        st = TD_ERR_NOTFOUND;
    if (!st) {
        *name = col_text(a, stmt, 0);
        *content_type = col_text(a, stmt, 1);
        size_t n = 0;
        const void *b = db_column_blob(stmt, 2, &n);
        void *copy = arena_alloc(a, n ? n : 1);
        if (n)
            memcpy(copy, b, n);
        *bytes = copy;
        *size = n;
        *nomination_id = db_column_int(stmt, 3);
    }
    q_done(s, stmt);
    return st;
}

/* ---- councils and sessions -------------------------------------------------------------- */

td_status store_aw_councils(store *s, td_id commune_id, td_id id, json_t **out, td_error *err)
{
    json_t *arr = NULL;
    td_status st = id ? aw_rows(s, err, &arr, "id:i name:t decision_number:t",
                                "SELECT id, name, decision_number FROM council WHERE commune_id = ? AND id = ?", "ii",
                                (int64_t)commune_id, (int64_t)id)
                      : aw_rows(s, err, &arr, "id:i name:t decision_number:t",
                                "SELECT id, name, decision_number FROM council WHERE commune_id = ? ORDER BY id", "i",
                                (int64_t)commune_id);
    size_t i;
    json_t *c;
    json_array_foreach(arr, i, c)
    {
        if (st)
            break;
        json_t *m;
        st = aw_rows(s, err, &m, "person_id:i name:t job_title:t role:t",
                     "SELECT m.person_id, p.full_name, p.job_title, m.role FROM council_member m JOIN person p "
                     "ON p.id = m.person_id WHERE m.council_id = ? ORDER BY m.position",
                     "i", (int64_t)json_integer_value(json_object_get(c, "id")));
        if (!st)
            json_object_set_new(c, "members", m);
    }
    if (st) {
        json_decref(arr);
        return st;
    }
    *out = arr;
    return TD_OK;
}

td_status store_aw_council_insert(store *s, td_id commune_id, const char *name, const char *decision_number,
                                  const json_t *members, bool is_demo, td_id *id, td_error *err)
{
    td_status st = q_exec(s, id, err,
                          "INSERT INTO council (commune_id, name, decision_number, is_demo) VALUES (?, ?, ?, ?) "
                          "RETURNING id",
                          "ittb", (int64_t)commune_id, name, decision_number, is_demo);
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m)
    {
        if (st)
            break;
        td_id pid = 0;
        st = q_exec(s, &pid, err, "SELECT id FROM person WHERE commune_id = ? AND id = ?", "ii", (int64_t)commune_id,
                    (int64_t)json_integer_value(json_object_get(m, "person_id")));
        if (!st && !pid)
            st = td_fail(err, TD_ERR_INPUT, "thành viên thứ %zu của hội đồng không có trong danh sách cá nhân", i + 1);
        if (!st)
            st = q_exec(s, NULL, err,
                        "INSERT INTO council_member (council_id, position, person_id, role) VALUES (?, ?, ?, ?)",
                        "iiit", (int64_t)*id, (int64_t)i, (int64_t)pid,
                        jstr(m, "role") ? jstr(m, "role") : "member");
    }
    return st;
}

td_status store_aw_sessions(store *s, td_id commune_id, td_id id, json_t **out, td_error *err)
{
    json_t *arr = NULL;
    td_status st;
#define SES_SPEC                                                                                                   \
    "id:i council_id:i council_name:t held_on:t place:t status:t closed_at:t quorum_num:i quorum_den:i pass_num:i " \
    "pass_den:i pass_strict:b pass_base:t"
#define SES_SELECT                                                                                                 \
    "SELECT s.id, s.council_id, c.name, s.held_on, s.place, s.status, s.closed_at, s.quorum_num, s.quorum_den, "  \
    "s.pass_num, s.pass_den, s.pass_strict, s.pass_base FROM council_session s JOIN council c ON c.id = s.council_id "
    if (id)
        st = aw_rows(s, err, &arr, SES_SPEC, SES_SELECT "WHERE s.commune_id = ? AND s.id = ?", "ii",
                     (int64_t)commune_id, (int64_t)id);
    else
        st = aw_rows(s, err, &arr, SES_SPEC, SES_SELECT "WHERE s.commune_id = ? ORDER BY s.id DESC", "i",
                     (int64_t)commune_id);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        if (st)
            break;
        int64_t sid = json_integer_value(json_object_get(o, "id"));
        json_t *m = NULL, *items = NULL;
        st = aw_rows(s, err, &m, "person_id:i name:t job_title:t role:t present:b",
                     "SELECT m.person_id, p.full_name, p.job_title, m.role, m.present FROM session_member m "
                     "JOIN person p ON p.id = m.person_id WHERE m.session_id = ? ORDER BY m.position",
                     "i", sid);
        if (!st)
            st = aw_rows(s, err, &items, "nomination_id:i voted:b yes:i no:i abstain:i passed:b",
                         "SELECT nomination_id, voted, yes, no, abstain, passed FROM session_item WHERE session_id = ? "
                         "ORDER BY position",
                         "i", sid);
        json_object_set_new(o, "members", m ? m : json_array());
        json_object_set_new(o, "items", items ? items : json_array());
    }
    if (st) {
        json_decref(arr);
        return st;
    }
    *out = arr;
    return TD_OK;
}

td_status store_aw_agenda_drop(store *s, td_id commune_id, td_id nomination_id, td_error *err)
{
    return q_exec(s, NULL, err,
                  "DELETE FROM session_item WHERE nomination_id = ? AND session_id IN "
                  "(SELECT id FROM council_session WHERE commune_id = ? AND status = 'open')",
                  "ii", (int64_t)nomination_id, (int64_t)commune_id);
}

td_status store_aw_session_insert(store *s, td_id commune_id, const aw_session_new *n, const td_id *present,
                                  size_t n_present, const td_id *noms, size_t n_noms, td_id *id, td_error *err)
{
    char now[32];
    now_iso(now);
    td_status st = q_exec(s, id, err,
                          "INSERT INTO council_session (commune_id, council_id, held_on, place, quorum_num, quorum_den, "
                          "pass_num, pass_den, pass_strict, pass_base, status, created_at, is_demo) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
                          "iittiiiibttb", (int64_t)commune_id, (int64_t)n->council_id, n->held_on, n->place,
                          (int64_t)n->quorum_num, (int64_t)n->quorum_den, (int64_t)n->pass_num,
                          (int64_t)n->pass_den, n->pass_strict, n->pass_base, now, n->is_demo);
    json_t *councils = NULL;
    if (!st)
        st = store_aw_councils(s, commune_id, n->council_id, &councils, err);
    if (!st && json_array_size(councils) == 0)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có hội đồng này");
    if (!st) {
        size_t i;
        json_t *m;
        json_array_foreach(json_object_get(json_array_get(councils, 0), "members"), i, m)
        {
            td_id pid = (td_id)json_integer_value(json_object_get(m, "person_id"));
            bool here = false;
            for (size_t k = 0; k < n_present; k++)
                here |= present[k] == pid;
            st = q_exec(s, NULL, err,
                        "INSERT INTO session_member (session_id, position, person_id, role, present) "
                        "VALUES (?, ?, ?, ?, ?)",
                        "iiitb", (int64_t)*id, (int64_t)i, (int64_t)pid, jstr(m, "role"), here);
            if (st)
                break;
        }
    }
    json_decref(councils);
    for (size_t i = 0; !st && i < n_noms; i++) {
        /* a nomination is reviewed in one open session: put on a new agenda, it leaves the old one
         * (a session that never reached its quorum cannot keep it hostage) */
        st = store_aw_agenda_drop(s, commune_id, noms[i], err);
        if (!st)
            st = q_exec(s, NULL, err,
                    "INSERT INTO session_item (session_id, nomination_id, position) VALUES (?, ?, ?)", "iii",
                    (int64_t)*id, (int64_t)noms[i], (int64_t)i);
        if (!st)
            st = q_exec(s, NULL, err, "UPDATE nomination SET session_id = ? WHERE commune_id = ? AND id = ?", "iii",
                        (int64_t)*id, (int64_t)commune_id, (int64_t)noms[i]);
    }
    return st;
}

td_status store_aw_session_tally(store *s, td_id session_id, td_id nomination_id, int yes, int no, int abstain,
                                 td_error *err)
{
    td_id got = 0;
    td_status st = q_exec(s, &got, err,
                          "UPDATE session_item SET voted = 1, yes = ?, no = ?, abstain = ? WHERE session_id = ? AND "
                          "nomination_id = ? RETURNING nomination_id",
                          "iiiii", (int64_t)yes, (int64_t)no, (int64_t)abstain, (int64_t)session_id,
                          (int64_t)nomination_id);
    if (!st && !got)
        return td_fail(err, TD_ERR_NOTFOUND, "đề nghị này không có trong phiên họp");
    return st;
}

td_status store_aw_session_item_result(store *s, td_id session_id, td_id nomination_id, bool passed, td_error *err)
{
    return q_exec(s, NULL, err, "UPDATE session_item SET passed = ? WHERE session_id = ? AND nomination_id = ?", "bii",
                  passed, (int64_t)session_id, (int64_t)nomination_id);
}

td_status store_aw_session_close(store *s, td_id commune_id, td_id session_id, td_error *err)
{
    char now[32];
    now_iso(now);
    td_id got = 0;
    td_status st = q_exec(s, &got, err,
                          "UPDATE council_session SET status = 'closed', closed_at = ? WHERE commune_id = ? AND id = ? "
                          "AND status = 'open' RETURNING id",
                          "tii", now, (int64_t)commune_id, (int64_t)session_id);
    if (!st && !got)
        return td_fail(err, TD_ERR_CONFLICT, "phiên họp đã kết thúc");
    return st;
}

/* ---- decisions -------------------------------------------------------------------------- */

td_status store_aw_decisions(store *s, td_id commune_id, td_id id, json_t **out, td_error *err)
{
    json_t *arr = NULL;
    td_status st;
#define DEC_SPEC                                                                                                   \
    "id:i status:t number:t seq:i year:i signed_on:t signer:t signer_title:t title:t legal_bases:j created_by:t "  \
    "created_at:t issued_at:t revoked_reason:t revoked_at:t revoked_by:t"
#define DEC_SELECT                                                                                                 \
    "SELECT id, status, number, seq, year, signed_on, signer, signer_title, title, legal_bases, created_by, "     \
    "created_at, issued_at, revoked_reason, revoked_at, revoked_by FROM decision "
    if (id)
        st = aw_rows(s, err, &arr, DEC_SPEC, DEC_SELECT "WHERE commune_id = ? AND id = ?", "ii", (int64_t)commune_id,
                     (int64_t)id);
    else
        st = aw_rows(s, err, &arr, DEC_SPEC, DEC_SELECT "WHERE commune_id = ? ORDER BY id DESC", "i",
                     (int64_t)commune_id);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        if (st)
            break;
        json_t *items = NULL;
        st = aw_rows(s, err, &items, "nomination_id:i revoked_reason:t revoked_at:t revoked_by:t",
                     "SELECT nomination_id, revoked_reason, revoked_at, revoked_by FROM decision_item "
                     "WHERE decision_id = ? ORDER BY position",
                     "i", (int64_t)json_integer_value(json_object_get(o, "id")));
        json_object_set_new(o, "items", items ? items : json_array());
    }
    if (st) {
        json_decref(arr);
        return st;
    }
    *out = arr;
    return TD_OK;
}

td_status store_aw_decision_insert(store *s, td_id commune_id, long year, const char *title, const char *signer,
                                   const char *signer_title, const char *legal_bases_json, const td_id *noms,
                                   size_t n, bool is_demo, td_id *id, td_error *err)
{
    char now[32];
    now_iso(now);
    td_status st = q_exec(s, id, err,
                          "INSERT INTO decision (commune_id, year, status, signer, signer_title, title, legal_bases, "
                          "created_by, created_at, is_demo) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          "iittttttb", (int64_t)commune_id, (int64_t)year, signer, signer_title, title,
                          legal_bases_json, s->actor ? s->actor : "?", now, is_demo);
    for (size_t i = 0; !st && i < n; i++) {
        st = q_exec(s, NULL, err, "INSERT INTO decision_item (decision_id, nomination_id, position) VALUES (?, ?, ?)",
                    "iii", (int64_t)*id, (int64_t)noms[i], (int64_t)i);
        if (!st)
            st = q_exec(s, NULL, err, "UPDATE nomination SET decision_id = ? WHERE commune_id = ? AND id = ?", "iii",
                        (int64_t)*id, (int64_t)commune_id, (int64_t)noms[i]);
    }
    return st;
}

td_status store_aw_decision_discard(store *s, td_id commune_id, td_id id, td_error *err)
{
    td_id got = 0;
    td_status st = q_exec(s, &got, err, "SELECT id FROM decision WHERE commune_id = ? AND id = ? AND status = 'draft'",
                          "ii", (int64_t)commune_id, (int64_t)id);
    if (!st && !got)
        return td_fail(err, TD_ERR_CONFLICT, "quyết định đã ban hành: không xóa được, chỉ thu hồi được");
    if (!st)
        st = q_exec(s, NULL, err, "UPDATE nomination SET decision_id = NULL WHERE commune_id = ? AND decision_id = ?",
                    "ii", (int64_t)commune_id, (int64_t)id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM decision_item WHERE decision_id = ?", "i", (int64_t)id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM decision WHERE commune_id = ? AND id = ? AND status = 'draft'", "ii",
                    (int64_t)commune_id, (int64_t)id);
    return st;
}

td_status store_aw_decision_issue(store *s, arena *a, td_id commune_id, td_id id, const char *signed_on,
                                  const char *suffix, const char **number, td_error *err)
{
    td_id year = 0, seq = 0, got = 0;
    td_status st = q_exec(s, &year, err, "SELECT year FROM decision WHERE commune_id = ? AND id = ? AND status = 'draft'",
                          "ii", (int64_t)commune_id, (int64_t)id);
    if (!st && !year)
        return td_fail(err, TD_ERR_CONFLICT, "quyết định đã ban hành, không sửa được nữa");
    if (!st)
        st = q_exec(s, &seq, err, "SELECT COALESCE(MAX(seq), 0) + 1 FROM decision WHERE commune_id = ? AND year = ?",
                    "ii", (int64_t)commune_id, (int64_t)year);
    if (st)
        return st;
    *number = arena_printf(a, "%02lld/%s", (long long)seq, suffix);
    char now[32];
    now_iso(now);
    st = q_exec(s, &got, err,
                "UPDATE decision SET status = 'issued', seq = ?, number = ?, signed_on = ?, issued_at = ? "
                "WHERE commune_id = ? AND id = ? AND status = 'draft' RETURNING id",
                "itttii", (int64_t)seq, *number, signed_on, now, (int64_t)commune_id, (int64_t)id);
    if (!st && !got)
        return td_fail(err, TD_ERR_CONFLICT, "quyết định đã ban hành, không sửa được nữa");
    if (!st)
        st = q_exec(s, NULL, err,
                    "UPDATE nomination SET status = 'awarded' WHERE commune_id = ? AND id IN "
                    "(SELECT nomination_id FROM decision_item WHERE decision_id = ?)",
                    "ii", (int64_t)commune_id, (int64_t)id);
    return st;
}

td_status store_aw_decision_revoke(store *s, td_id commune_id, td_id id, td_id nomination_id, const char *reason,
                                   td_error *err)
{
    char now[32];
    now_iso(now);
    const char *by = s->actor ? s->actor : "?";
    td_id got = 0;
    td_status st = q_exec(s, &got, err, "SELECT id FROM decision WHERE commune_id = ? AND id = ? AND status = 'issued'",
                          "ii", (int64_t)commune_id, (int64_t)id);
    if (!st && !got)
        return td_fail(err, TD_ERR_CONFLICT, "chỉ thu hồi được quyết định đã ban hành và chưa bị thu hồi");
    if (st)
        return st;
    if (nomination_id) {
        got = 0;
        st = q_exec(s, &got, err,
                    "UPDATE decision_item SET revoked_reason = ?, revoked_at = ?, revoked_by = ? WHERE decision_id = ? "
                    "AND nomination_id = ? AND revoked_at IS NULL RETURNING nomination_id",
                    "tttii", reason, now, by, (int64_t)id, (int64_t)nomination_id);
        if (!st && !got)
            return td_fail(err, TD_ERR_CONFLICT, "người hoặc tập thể này không có trong quyết định, hoặc đã bị thu hồi");
        if (!st)
            st = q_exec(s, NULL, err, "UPDATE nomination SET status = 'revoked' WHERE commune_id = ? AND id = ?", "ii",
                        (int64_t)commune_id, (int64_t)nomination_id);
        return st;
    }
    st = q_exec(s, NULL, err,
                "UPDATE decision SET status = 'revoked', revoked_reason = ?, revoked_at = ?, revoked_by = ? "
                "WHERE commune_id = ? AND id = ?",
                "tttii", reason, now, by, (int64_t)commune_id, (int64_t)id);
    if (!st)
        st = q_exec(s, NULL, err,
                    "UPDATE decision_item SET revoked_reason = ?, revoked_at = ?, revoked_by = ? WHERE decision_id = ? "
                    "AND revoked_at IS NULL",
                    "ttti", reason, now, by, (int64_t)id);
    if (!st)
        st = q_exec(s, NULL, err,
                    "UPDATE nomination SET status = 'revoked' WHERE commune_id = ? AND id IN "
                    "(SELECT nomination_id FROM decision_item WHERE decision_id = ?)",
                    "ii", (int64_t)commune_id, (int64_t)id);
    return st;
}

/* ---- history, mergers, disclosure, stories ---------------------------------------------- */

td_status store_aw_records(store *s, td_id commune_id, json_t **out, td_error *err)
{
    return aw_rows(s, err, out,
                   "id:i nominee_kind:t person_id:i org_unit:t org_unit_name:t collective_name:t name:t form:t year:i "
                   "achievement:t achievement_key:t decision_number:t decision_date:t issuer:t",
                   "SELECT r.id, r.nominee_kind, r.person_id, COALESCE(u.code, pu.code), COALESCE(u.name, pu.name), "
                   "r.collective_name, COALESCE(p.full_name, r.collective_name, u.name), r.form, r.year, r.achievement, "
                   "r.achievement_key, r.decision_number, r.decision_date, r.issuer FROM award_record r "
                   "LEFT JOIN person p ON p.id = r.person_id LEFT JOIN org_unit pu ON pu.id = p.org_unit_id "
                   "LEFT JOIN org_unit u ON u.id = r.org_unit_id WHERE r.commune_id = ? ORDER BY r.year DESC, r.id",
                   "i", (int64_t)commune_id);
}

td_status store_aw_record_insert(store *s, td_id commune_id, const aw_nomination_new *n, const char *number,
                                 const char *date, const char *issuer, td_id *id, td_error *err)
{
    char now[32];
    now_iso(now);
    return q_exec(s, id, err,
                  "INSERT INTO award_record (commune_id, nominee_kind, person_id, org_unit_id, collective_name, form, "
                  "year, achievement, achievement_key, decision_number, decision_date, issuer, created_by, created_at, "
                  "is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  "itIIttitttttttb", (int64_t)commune_id, n->kind, n->person_id, n->org_unit_id, n->collective_name,
                  n->form, (int64_t)n->year, n->achievement, n->achievement_key, number, date, issuer,
                  s->actor ? s->actor : "?", now, n->is_demo);
}

td_status store_aw_mergers(store *s, td_id commune_id, json_t **out, td_error *err)
{
    return aw_rows(s, err, out, "from:t from_name:t into:t into_name:t on:t",
                   "SELECT a.code, a.name, b.code, b.name, m.merged_on FROM org_unit_merge m "
                   "JOIN org_unit a ON a.id = m.predecessor_id JOIN org_unit b ON b.id = m.successor_id "
                   "WHERE b.commune_id = ? ORDER BY m.merged_on, a.name",
                   "i", (int64_t)commune_id);
}

td_status store_aw_merger_insert(store *s, td_id from_id, td_id into_id, const char *on, td_error *err)
{
    return q_exec(s, NULL, err,
                  "INSERT INTO org_unit_merge (predecessor_id, successor_id, merged_on) VALUES (?, ?, ?) "
                  "ON CONFLICT (predecessor_id) DO UPDATE SET successor_id = excluded.successor_id, "
                  "merged_on = excluded.merged_on",
                  "iit", (int64_t)from_id, (int64_t)into_id, on);
}

td_status store_aw_disclosure(store *s, td_id commune_id, json_t **out, td_error *err)
{
    json_t *arr;
    td_status st = aw_rows(s, err, &arr, "from:t to:t show_review:b",
                           "SELECT from_on, to_on, show_review FROM award_disclosure WHERE commune_id = ?", "i",
                           (int64_t)commune_id);
    if (st)
        return st;
    *out = NULL;
    if (first(arr, out) != TD_OK)
        *out = NULL;
    return TD_OK;
}

td_status store_aw_disclosure_put(store *s, td_id commune_id, const char *from, const char *to, bool show_review,
                                  td_error *err)
{
    return q_exec(s, NULL, err,
                  "INSERT INTO award_disclosure (commune_id, from_on, to_on, show_review) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (commune_id) DO UPDATE SET from_on = excluded.from_on, to_on = excluded.to_on, "
                  "show_review = excluded.show_review",
                  "ittb", (int64_t)commune_id, from, to, show_review);
}

#define STORY_SPEC                                                                                                 \
    "id:i kind:t title:t body:t person_id:i name:t org_unit:t org_unit_name:t decision_id:i status:t published_on:t"
#define STORY_SELECT                                                                                               \
    "SELECT t.id, t.kind, t.title, t.body, t.person_id, p.full_name, COALESCE(u.code, pu.code), "                 \
    "COALESCE(u.name, pu.name), t.decision_id, t.status, t.published_on FROM story t "                            \
    "LEFT JOIN person p ON p.id = t.person_id LEFT JOIN org_unit pu ON pu.id = p.org_unit_id "                    \
    "LEFT JOIN org_unit u ON u.id = t.org_unit_id "

td_status store_aw_stories(store *s, td_id commune_id, td_id id, json_t **out, td_error *err)
{
    if (id)
        return aw_rows(s, err, out, STORY_SPEC, STORY_SELECT "WHERE t.commune_id = ? AND t.id = ?", "ii",
                       (int64_t)commune_id, (int64_t)id);
    return aw_rows(s, err, out, STORY_SPEC, STORY_SELECT "WHERE t.commune_id = ? ORDER BY t.id DESC", "i",
                   (int64_t)commune_id);
}

td_status store_aw_story_insert(store *s, td_id commune_id, const json_t *t, td_id person_id, td_id unit_id,
                                bool is_demo, td_id *id, td_error *err)
{
    char now[32];
    now_iso(now);
    const json_t *d = json_object_get(t, "decision_id");
    return q_exec(s, id, err,
                  "INSERT INTO story (commune_id, kind, title, body, person_id, org_unit_id, decision_id, status, "
                  "created_by, created_at, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?) RETURNING id",
                  "itttIIIttb", (int64_t)commune_id, jstr(t, "kind"), jstr(t, "title"), jstr(t, "body"), person_id,
                  unit_id, (td_id)(json_is_integer(d) ? json_integer_value(d) : 0), s->actor ? s->actor : "?", now,
                  is_demo);
}

td_status store_aw_story_update(store *s, td_id commune_id, td_id id, const char *kind, const char *title,
                                const char *body, td_error *err)
{
    td_id got = 0;
    td_status st = q_exec(s, &got, err,
                          "UPDATE story SET kind = ?, title = ?, body = ? WHERE commune_id = ? AND id = ? RETURNING id",
                          "tttii", kind, title, body, (int64_t)commune_id, (int64_t)id);
    return !st && !got ? TD_ERR_NOTFOUND : st;
}

td_status store_aw_story_publish(store *s, td_id commune_id, td_id id, const char *published_on, td_error *err)
{
    td_id got = 0;
    td_status st = q_exec(s, &got, err,
                          "UPDATE story SET status = CASE WHEN CAST(? AS TEXT) IS NULL THEN 'draft' ELSE 'published' END, "
                          "published_on = ? WHERE commune_id = ? AND id = ? RETURNING id",
                          "ttii", published_on, published_on, (int64_t)commune_id, (int64_t)id);
    if (!st && !got)
        return TD_ERR_NOTFOUND;
    return st;
}

td_status store_aw_commune(store *s, const char *code, td_id id, json_t **out, td_error *err)
{
    json_t *arr;
    td_status st = code ? aw_rows(s, err, &arr, "id:i code:t name:t city:t",
                                  "SELECT id, code, name, city FROM commune WHERE code = ?", "t", code)
                        : aw_rows(s, err, &arr, "id:i code:t name:t city:t",
                                  "SELECT id, code, name, city FROM commune WHERE id = ?", "i", (int64_t)id);
    return st ? st : first(arr, out);
}
