/* awards.c — emulation scoring, nominations, the council, decisions, history and the public page;
 * see awards.h. The arithmetic is core's (core/scoring.h, core/vote.h); the SQL is the store's
 * (store/store_awards.h); this file decides, explains in Vietnamese and audits. */
#include "awards.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/scoring.h"
#include "core/vnum.h"
#include "core/vote.h"
#include "core/vtext.h"
#include "service/evaluation.h"
#include "service/policy.h"
#include "service/vnclock.h"
#include "store/store_awards.h"

/* ---- small helpers ---------------------------------------------------------------------- */

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static long long jint(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* A text field that must be there and not blank (after trimming spaces). */
static bool filled(const char *s)
{
    if (!s)
        return false;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return true;
    return false;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static char *num_text(arena *a, double v)
{
    return vnum_format(a, v, 2);
}

static td_status not_found(td_error *err, const char *what, long long id)
{
    return td_fail(err, TD_ERR_NOTFOUND, "không có %s số %lld", what, id);
}

static td_status audit(store *s, td_id commune_id, const char *action, const char *entity, td_id id, json_t *after,
                       td_error *err)
{
    char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
    td_status st = store_audit(s, commune_id, action, entity, id, NULL, text, err);
    free(text);
    return st;
}

/* audit() with a JSON made for the entry alone, released after. */
static td_status audit_made(store *s, td_id commune_id, const char *action, const char *entity, td_id id, json_t *after,
                            td_error *err)
{
    td_status st = audit(s, commune_id, action, entity, id, after, err);
    json_decref(after);
    return st;
}

td_status awards_commune(store *s, const user *viewer, td_id *commune_id, td_error *err)
{
    return policy_awards_commune(s, viewer, commune_id, err);
}

td_status awards_commune_info(store *s, td_id commune_id, json_t **out, td_error *err)
{
    td_status st = store_aw_commune(s, NULL, commune_id, out, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, st, "không có xã này");
    return st;
}

const char *awards_place(const char *commune_name)
{
    static const char *const prefixes[] = {"xã ", "Xã ", "phường ", "Phường ", NULL};
    for (const char *const *p = prefixes; *p; p++)
        if (strncmp(commune_name, *p, strlen(*p)) == 0)
            return commune_name + strlen(*p);
    return commune_name;
}

td_status awards_record_with_commune(store *s, arena *a, const user *viewer, td_id id,
                                     td_status (*get)(store *, arena *, const user *, td_id, json_t **, td_error *),
                                     json_t **out, json_t **info, td_error *err)
{
    td_id cid = 0;
    *out = *info = NULL;
    td_status st = get(s, a, viewer, id, out, err);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = awards_commune_info(s, cid, info, err);
    if (st) {
        json_decref(*out);
        *out = NULL;
    }
    return st;
}

static const char *const status_labels[][2] = {
    {"proposed", "Đề nghị mới"},      {"in_review", "Đang xét"},        {"approved", "Hội đồng thông qua"},
    {"rejected", "Không được thông qua"}, {"awarded", "Đã khen thưởng"}, {"revoked", "Đã thu hồi"},
    {"withdrawn", "Đã rút"},
};

static const char *status_label(const char *code)
{
    for (size_t i = 0; code && i < sizeof status_labels / sizeof status_labels[0]; i++)
        if (strcmp(status_labels[i][0], code) == 0)
            return status_labels[i][1];
    return code ? code : "";
}

static const char *role_label(const char *role)
{
    if (!role)
        return "";
    if (strcmp(role, "chair") == 0)
        return "Chủ tịch Hội đồng";
    if (strcmp(role, "vice_chair") == 0)
        return "Phó Chủ tịch Hội đồng";
    if (strcmp(role, "secretary") == 0)
        return "Thư ký";
    return "Ủy viên";
}

/* ---- catalogue -------------------------------------------------------------------------- */

/* The law's defaults (Luật Thi đua, khen thưởng 2022, Điều 80.3: the commune chairman confers
 * Giấy khen, "Lao động tiên tiến" and "Gia đình văn hóa"); the rest is proposed upward. Written
 * once per commune as data, so that a change of powers (Nghị định 152/2025/NĐ-CP) is an edit,
 * not a release. */
static const char *const default_forms =
    "["
    "{\"code\":\"giay_khen\",\"name\":\"Giấy khen của Chủ tịch Ủy ban nhân dân xã\",\"kind\":\"form\","
    "\"subject\":\"both\",\"level\":\"commune\",\"conferred_by\":\"Chủ tịch Ủy ban nhân dân xã\",\"local\":true,"
    "\"criteria\":\"Tập thể, cá nhân có thành tích tiêu biểu, xuất sắc trong phong trào thi đua; tập thể hoàn thành "
    "tốt nhiệm vụ trở lên trong năm\",\"legal_basis\":\"Luật Thi đua, khen thưởng năm 2022, Điều 80 khoản 3; Nghị "
    "định số 152/2025/NĐ-CP\",\"min_classification\":\"tot\",\"max_rank\":null,\"interval_years\":0,\"active\":true},"
    "{\"code\":\"lao_dong_tien_tien\",\"name\":\"Danh hiệu Lao động tiên tiến\",\"kind\":\"title\","
    "\"subject\":\"individual\",\"level\":\"commune\",\"conferred_by\":\"Chủ tịch Ủy ban nhân dân xã\",\"local\":true,"
    "\"criteria\":\"Hoàn thành tốt nhiệm vụ được giao; chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của "
    "Nhà nước; có tinh thần tự lực, đoàn kết, tích cực tham gia phong trào thi đua\",\"legal_basis\":\"Luật Thi đua, "
    "khen thưởng năm 2022, Điều 80 khoản 3\",\"min_classification\":null,\"max_rank\":null,\"interval_years\":0,"
    "\"active\":true},"
    "{\"code\":\"gia_dinh_van_hoa\",\"name\":\"Danh hiệu Gia đình văn hóa\",\"kind\":\"title\","
    "\"subject\":\"individual\",\"level\":\"commune\",\"conferred_by\":\"Chủ tịch Ủy ban nhân dân xã\",\"local\":true,"
    "\"criteria\":\"Gương mẫu chấp hành chủ trương, chính sách, pháp luật; gia đình hạnh phúc, tiến bộ; đoàn kết, "
    "tương trợ trong cộng đồng\",\"legal_basis\":\"Luật Thi đua, khen thưởng năm 2022, Điều 80 khoản 3\","
    "\"min_classification\":null,\"max_rank\":null,\"interval_years\":0,\"active\":true},"
    "{\"code\":\"chien_si_thi_dua_co_so\",\"name\":\"Danh hiệu Chiến sĩ thi đua cơ sở\",\"kind\":\"title\","
    "\"subject\":\"individual\",\"level\":\"city\",\"conferred_by\":\"Theo phân cấp tại Nghị định số 152/2025/NĐ-CP\","
    "\"local\":false,\"criteria\":\"Đạt danh hiệu Lao động tiên tiến và có sáng kiến, đề tài được công nhận\","
    "\"legal_basis\":\"Luật Thi đua, khen thưởng năm 2022; Nghị định số 152/2025/NĐ-CP\",\"min_classification\":null,"
    "\"max_rank\":null,\"interval_years\":0,\"active\":true},"
    "{\"code\":\"tap_the_lao_dong_xuat_sac\",\"name\":\"Danh hiệu Tập thể lao động xuất sắc\",\"kind\":\"title\","
    "\"subject\":\"collective\",\"level\":\"city\",\"conferred_by\":\"Chủ tịch Ủy ban nhân dân thành phố\","
    "\"local\":false,\"criteria\":\"Tập thể hoàn thành xuất sắc nhiệm vụ, dẫn đầu khối thi đua\",\"legal_basis\":"
    "\"Luật Thi đua, khen thưởng năm 2022\",\"min_classification\":\"xuat_sac\",\"max_rank\":1,\"interval_years\":0,"
    "\"active\":true},"
    "{\"code\":\"bang_khen_thanh_pho\",\"name\":\"Bằng khen của Chủ tịch Ủy ban nhân dân thành phố\",\"kind\":\"form\","
    "\"subject\":\"both\",\"level\":\"city\",\"conferred_by\":\"Chủ tịch Ủy ban nhân dân thành phố\",\"local\":false,"
    "\"criteria\":\"Thành tích xuất sắc, tiêu biểu được bình xét trong phong trào thi đua; tập thể hoàn thành xuất "
    "sắc nhiệm vụ\",\"legal_basis\":\"Luật Thi đua, khen thưởng năm 2022; Nghị định số 152/2025/NĐ-CP\","
    "\"min_classification\":\"xuat_sac\",\"max_rank\":3,\"interval_years\":2,\"active\":true}"
    "]";

static td_status forms_of(store *s, td_id commune_id, json_t **out, td_error *err)
{
    td_status st = store_aw_forms(s, commune_id, out, err);
    if (st || json_array_size(*out))
        return st;
    json_decref(*out);
    json_t *defaults = json_loads(default_forms, 0, NULL);
    if (!defaults)
        return td_fail(err, TD_ERR_DB, "danh mục mặc định hỏng");
    size_t i;
    json_t *f;
    st = store_begin(s, err);
    if (!st) {
        json_array_foreach(defaults, i, f)
        {
            if (st)
                break;
            st = store_aw_form_put(s, commune_id, f, err);
        }
        st = store_finish(s, st, err);
    }
    json_decref(defaults);
    return st ? st : store_aw_forms(s, commune_id, out, err);
}

static const json_t *form_find(const json_t *forms, const char *code)
{
    size_t i;
    const json_t *f;
    json_array_foreach(forms, i, f) if (code && jstr(f, "code") && strcmp(jstr(f, "code"), code) == 0) return f;
    return NULL;
}

td_status awards_catalogue(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    td_status st = awards_commune(s, viewer, &cid, err);
    json_t *forms = NULL;
    if (!st)
        st = forms_of(s, cid, &forms, err);
    if (!st)
        *out = json_pack("{s:o}", "forms", forms);
    return st;
}

static bool one_of(const char *v, const char *const *allowed)
{
    for (; v && *allowed; allowed++)
        if (strcmp(v, *allowed) == 0)
            return true;
    return false;
}

td_status awards_form_put(store *s, arena *a, const user *viewer, const char *code, const json_t *body,
                          json_t **out, td_error *err)
{
    static const char *const kinds[] = {"form", "title", NULL}, *const subjects[] = {"individual", "collective", "both", NULL},
                             *const levels[] = {"commune", "city", "national", NULL};
    td_id cid;
    json_t *forms = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = forms_of(s, cid, &forms, err); /* the defaults first, so that a new form is added to them */
    json_decref(forms);
    if (st)
        return st;
    if (!code || !*code || strlen(code) > 64)
        return td_fail(err, TD_ERR_INPUT, "mã hình thức khen thưởng không hợp lệ");
    if (!filled(jstr(body, "name")))
        return td_fail(err, TD_ERR_INPUT, "cần tên hình thức khen thưởng");
    if (!one_of(jstr(body, "kind"), kinds))
        return td_fail(err, TD_ERR_INPUT, "loại phải là hình thức khen thưởng hoặc danh hiệu");
    if (!one_of(jstr(body, "subject"), subjects))
        return td_fail(err, TD_ERR_INPUT, "đối tượng phải là cá nhân, tập thể hoặc cả hai");
    if (!one_of(jstr(body, "level"), levels))
        return td_fail(err, TD_ERR_INPUT, "cấp quyết định phải là xã, thành phố hoặc trung ương");
    if (!filled(jstr(body, "conferred_by")))
        return td_fail(err, TD_ERR_INPUT, "cần ghi ai có thẩm quyền quyết định");
    json_t *f = json_deep_copy(body);
    json_object_set_new(f, "code", json_string(code));
    st = store_begin(s, err);
    if (!st)
        st = store_aw_form_put(s, cid, f, err);
    if (!st)
        st = audit(s, cid, "award.form.set", "award_form", 0, f, err);
    st = store_finish(s, st, err);
    json_decref(f);
    if (!st)
        st = store_aw_forms(s, cid, &forms, err);
    if (!st) {
        *out = json_pack("{s:O}", "form", form_find(forms, code));
        json_decref(forms);
    }
    (void)a;
    return st;
}

/* ---- scoring ---------------------------------------------------------------------------- */

static td_status block_of(store *s, td_id cid, const char *code, json_t **out, td_error *err)
{
    if (!code || !*code)
        return td_fail(err, TD_ERR_INPUT, "cần chọn khối thi đua");
    td_status st = store_aw_block(s, cid, code, out, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, st, "không có khối thi đua \"%s\"", code);
    return st;
}

static json_t *scoring_json(json_t *criteria, json_t *thresholds)
{
    double max = 0;
    size_t i;
    json_t *c;
    json_array_foreach(criteria, i, c) if (strcmp(jstr(c, "kind"), "penalty") != 0 &&
                                           strcmp(jstr(c, "kind"), "bonus") != 0) max +=
        json_number_value(json_object_get(c, "max_points"));
    return json_pack("{s:o, s:o, s:f}", "criteria", criteria, "thresholds", thresholds, "max_total", max);
}

static int by_name(const void *x, const void *y)
{
    return vtext_collate(jstr(*(json_t *const *)x, "name"), jstr(*(json_t *const *)y, "name"));
}

/* The members of a block in the Vietnamese order of their names (the order ties keep). */
static td_status members_of(store *s, td_id block_id, json_t **out, td_error *err)
{
    json_t *m = NULL;
    td_status st = store_aw_block_members(s, block_id, &m, err);
    if (st)
        return st;
    size_t n = json_array_size(m);
    json_t **items = calloc(n + 1, sizeof *items);
    if (!items) {
        json_decref(m);
        return td_fail(err, TD_ERR_DB, "hết bộ nhớ");
    }
    for (size_t i = 0; i < n; i++)
        items[i] = json_array_get(m, i);
    qsort(items, n, sizeof *items, by_name);
    *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append(*out, items[i]);
    free(items);
    json_decref(m);
    return TD_OK;
}

static td_status block_full(store *s, json_t *b, td_error *err)
{
    json_t *members = NULL, *criteria = NULL, *thresholds = NULL;
    td_id bid = (td_id)jint(b, "id");
    td_status st = members_of(s, bid, &members, err);
    if (!st)
        st = store_aw_scoring(s, bid, &criteria, &thresholds, err);
    if (st) {
        json_decref(members);
        return st;
    }
    json_object_set_new(b, "members", members);
    json_object_set_new(b, "scoring", scoring_json(criteria, thresholds));
    return TD_OK;
}

td_status awards_blocks(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *blocks = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_blocks(s, cid, &blocks, err);
    size_t i;
    json_t *b;
    json_array_foreach(blocks, i, b)
    {
        if (st)
            break;
        st = block_full(s, b, err);
        json_object_del(b, "id");
    }
    if (st) {
        json_decref(blocks);
        return st;
    }
    *out = json_pack("{s:o}", "blocks", blocks);
    return TD_OK;
}

/* Reads a scoring table from JSON into core's structs, in a. */
static td_status scoring_read(arena *a, const json_t *criteria, const json_t *thresholds, score_criterion **c,
                              size_t *nc, score_threshold **t, size_t *nt, td_error *err)
{
    if (!json_is_array(criteria))
        return td_fail(err, TD_ERR_INPUT, "cần danh sách tiêu chí chấm điểm");
    *nc = json_array_size(criteria);
    *nt = json_array_size(thresholds);
    *c = arena_calloc(a, *nc + 1, sizeof **c);
    *t = arena_calloc(a, *nt + 1, sizeof **t);
    size_t i;
    const json_t *o;
    json_array_foreach(criteria, i, o)
    {
        (*c)[i] = (score_criterion){.code = jstr(o, "code"), .group = jstr(o, "group"), .name = jstr(o, "name"),
                                    .max_points = json_number_value(json_object_get(o, "max_points"))};
        if (!json_is_number(json_object_get(o, "max_points")))
            (*c)[i].max_points = NAN;
        if (!score_kind_parse(jstr(o, "kind"), &(*c)[i].kind))
            return td_fail(err, TD_ERR_INPUT, "tiêu chí \"%s\": cách chấm phải là theo chỉ tiêu, chấm tay, điểm "
                                              "thưởng hoặc điểm trừ",
                           jstr(o, "name") ? jstr(o, "name") : "?");
    }
    json_array_foreach(thresholds, i, o)(*t)[i] =
        (score_threshold){.code = jstr(o, "code"), .label = jstr(o, "label"),
                          .min_points = json_is_number(json_object_get(o, "min_points"))
                                            ? json_number_value(json_object_get(o, "min_points"))
                                            : NAN};
    return scoring_validate(*c, *nc, *t, *nt, err);
}

td_status awards_scoring_put(store *s, arena *a, const user *viewer, const char *block_code, const json_t *body,
                             json_t **out, td_error *err)
{
    td_id cid;
    json_t *b = NULL;
    score_criterion *c;
    score_threshold *t;
    size_t nc, nt;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = block_of(s, cid, block_code, &b, err);
    json_t *criteria = json_object_get(body, "criteria"), *thresholds = json_object_get(body, "thresholds");
    if (!thresholds)
        thresholds = json_array();
    else
        json_incref(thresholds);
    if (!st)
        st = scoring_read(a, criteria, thresholds, &c, &nc, &t, &nt, err);
    if (!st) {
        st = store_begin(s, err);
        if (!st)
            st = store_aw_scoring_put(s, (td_id)jint(b, "id"), criteria, thresholds, err);
        if (!st)
            st = audit(s, cid, "award.scoring.set", "block", (td_id)jint(b, "id"), (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(thresholds);
    if (!st)
        st = block_full(s, b, err);
    if (st) {
        json_decref(b);
        return st;
    }
    json_object_del(b, "id");
    *out = json_pack("{s:o}", "block", b);
    return TD_OK;
}

/* Per unit: how many targets it was assigned and how many it achieved, from the unit ×
 * indicator table (each unit judged against its own targets). */
typedef struct unit_tally {
    const char *code;
    int assigned, achieved;
} unit_tally;

static td_status tally_targets(store *s, arena *a, const user *viewer, td_id plan_id, const period *p,
                               unit_tally *u, size_t n, td_error *err)
{
    /* a block is scored for a period as at its last day: the same figures give the same scores
     * whatever day the table is read (and the demo's tie stays a tie) */
    eval_query q = {.period = *p};
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int first, last;
    period_months(p, &first, &last);
    char end[16];
    snprintf(end, sizeof end, "%04d-%02d-%02d", p->year, last,
             days[last - 1] + (last == 2 && p->year % 4 == 0 && (p->year % 100 != 0 || p->year % 400 == 0)));
    q.as_of = end;
    evaluation_matrix_filter f = {0};
    json_t *m = NULL;
    td_status st = evaluation_matrix(s, a, viewer, plan_id, &q, &f, &m, err);
    if (st)
        return st;
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(m, "cells"), i, cell)
    {
        if (json_is_null(json_object_get(cell, "target_text")))
            continue;
        for (size_t k = 0; k < n; k++)
            if (strcmp(u[k].code, jstr(cell, "org_unit")) == 0) {
                u[k].assigned++;
                const char *v = jstr(cell, "verdict");
                if (v && (strcmp(v, "achieved") == 0 || strcmp(v, "exceeded") == 0))
                    u[k].achieved++;
            }
    }
    json_decref(m);
    return TD_OK;
}

/* "A", "A và B", "A, B và C". */
static char *names_joined(arena *a, const char **names, size_t n)
{
    char *out = arena_strdup(a, n ? names[0] : "");
    for (size_t i = 1; i < n; i++)
        out = arena_printf(a, "%s%s%s", out, i + 1 == n ? " và " : ", ", names[i]);
    return out;
}

td_status awards_scores(store *s, arena *a, const user *viewer, td_id plan_id, const char *block_code,
                        const char *period_text, json_t **out, td_error *err)
{
    td_id cid;
    period per;
    json_t *b = NULL, *members = NULL, *criteria = NULL, *thresholds = NULL, *entries = NULL;
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st && (!period_text || period_parse(period_text, &per, err) != TD_OK))
        st = td_fail(err, TD_ERR_INPUT, "cần kỳ chấm điểm (2026, 2026-Q4 hoặc 2026-12)");
    if (!st)
        st = block_of(s, cid, block_code, &b, err);
    if (st)
        return st;
    td_id bid = (td_id)jint(b, "id");
    char code[16];
    period_code(&per, code);
    st = members_of(s, bid, &members, err);
    if (!st)
        st = store_aw_scoring(s, bid, &criteria, &thresholds, err);
    if (!st)
        st = store_aw_score_entries(s, plan_id, bid, code, &entries, err);
    score_criterion *c = NULL;
    score_threshold *t = NULL;
    size_t nc = 0, nt = 0, nu = json_array_size(members);
    if (!st && json_array_size(criteria) == 0)
        st = td_fail(err, TD_ERR_INPUT, "khối \"%s\" chưa có bảng chấm điểm", jstr(b, "name"));
    if (!st)
        st = scoring_read(a, criteria, thresholds, &c, &nc, &t, &nt, err);
    unit_tally *tally = arena_calloc(a, nu + 1, sizeof *tally);
    for (size_t i = 0; i < nu; i++)
        tally[i].code = jstr(json_array_get(members, i), "code");
    bool derived = false;
    for (size_t i = 0; i < nc; i++)
        derived |= c[i].kind == SCORE_TARGETS;
    if (!st && derived)
        st = tally_targets(s, a, viewer, plan_id, &per, tally, nu, err);
    double *totals = arena_calloc(a, nu + 1, sizeof *totals);
    double *points = arena_calloc(a, nc + 1, sizeof *points);
    json_t *units = json_array();
    for (size_t i = 0; !st && i < nu; i++) {
        const json_t *mem = json_array_get(members, i);
        json_t *lines = json_array();
        for (size_t k = 0; k < nc; k++) {
            const char *note = NULL, *by = NULL, *formula = NULL;
            if (c[k].kind == SCORE_TARGETS) {
                points[k] = scoring_targets_points(c[k].max_points, tally[i].achieved, tally[i].assigned);
                formula = tally[i].assigned
                              ? arena_printf(a, "%s × %d/%d chỉ tiêu được giao đạt = %s", num_text(a, c[k].max_points),
                                             tally[i].achieved, tally[i].assigned, num_text(a, points[k]))
                              : "Không được giao chỉ tiêu riêng trong kỳ: 0 điểm";
            } else {
                points[k] = 0;
                size_t e;
                json_t *en;
                json_array_foreach(entries, e, en) if (strcmp(jstr(en, "org_unit"), tally[i].code) == 0 &&
                                                       strcmp(jstr(en, "criterion"), c[k].code) == 0)
                {
                    points[k] = json_number_value(json_object_get(en, "points"));
                    note = jstr(en, "note");
                    by = jstr(en, "entered_by");
                }
            }
            json_array_append_new(
                lines, json_pack("{s:s, s:f, s:s, s:f, s:o, s:o, s:o}", "criterion", c[k].code, "points", points[k],
                                 "points_text", num_text(a, points[k]), "max_points", c[k].max_points, "note",
                                 str_or_null(note), "formula", str_or_null(formula), "entered_by", str_or_null(by)));
        }
        totals[i] = scoring_total(c, points, nc);
        json_array_append_new(units, json_pack("{s:s, s:s, s:o, s:f, s:s}", "org_unit", tally[i].code,
                                               "org_unit_name", jstr(mem, "name"), "lines", lines, "total", totals[i],
                                               "total_text", num_text(a, totals[i])));
    }
    json_t *ranked = json_array(), *ties = json_array();
    if (!st) {
        score_rank *r = arena_calloc(a, nu + 1, sizeof *r);
        scoring_rank(totals, nu, r);
        for (size_t i = 0; i < nu; i++) {
            json_t *u = json_array_get(units, r[i].index);
            int cls = scoring_classify(t, nt, r[i].total);
            json_object_set_new(u, "rank", json_integer(r[i].rank));
            json_object_set_new(u, "rank_text", json_string(arena_printf(a, "%s %d", r[i].tied ? "Đồng hạng" : "Hạng",
                                                                          r[i].rank)));
            json_object_set_new(u, "tied", json_boolean(r[i].tied));
            json_object_set_new(u, "classification", cls >= 0 ? json_string(t[cls].code) : json_null());
            json_object_set_new(u, "classification_label", cls >= 0 ? json_string(t[cls].label) : json_null());
            json_array_append(ranked, u);
            /* one sentence per group of tied units, at its first member */
            if (r[i].tied && (i == 0 || r[i - 1].rank != r[i].rank)) {
                const char **names = arena_calloc(a, nu, sizeof *names);
                size_t k = 0;
                for (size_t j = i; j < nu && r[j].rank == r[i].rank; j++)
                    names[k++] = jstr(json_array_get(units, r[j].index), "org_unit_name");
                json_array_append_new(ties, json_string(arena_printf(a, "%s cùng %s điểm: đồng hạng %d",
                                                                     names_joined(a, names, k),
                                                                     num_text(a, r[i].total), r[i].rank)));
            }
        }
        json_object_del(b, "id");
        *out = json_pack(
            "{s:o, s:s, s:s, s:O, s:O, s:o, s:o, s:s}", "block", b, "period", code, "period_label",
            period_label_vi(a, &per), "criteria", criteria, "thresholds", thresholds, "units", ranked, "ties", ties,
            "method", "Xếp hạng theo tổng điểm; các đơn vị bằng điểm (làm tròn đến 2 chữ số thập phân) được xếp đồng "
                      "hạng, đơn vị kế tiếp xếp sau số đơn vị đứng trên (1, 2, 2, 4). Kết quả xếp hạng là căn cứ để "
                      "đề nghị khen thưởng, không tự thay cho việc bình xét.");
        b = NULL;
    } else {
        json_decref(ranked);
        json_decref(ties);
    }
    json_decref(b);
    json_decref(units);
    json_decref(members);
    json_decref(criteria);
    json_decref(thresholds);
    json_decref(entries);
    return st;
}

td_status awards_score_put(store *s, arena *a, const user *viewer, td_id plan_id, const char *block_code,
                           const char *period_text, const json_t *body, bool is_demo, json_t **out, td_error *err)
{
    td_id cid, uid = 0;
    period per;
    json_t *b = NULL, *criteria = NULL, *thresholds = NULL, *members = NULL;
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st && (!period_text || period_parse(period_text, &per, err) != TD_OK))
        st = td_fail(err, TD_ERR_INPUT, "cần kỳ chấm điểm (2026, 2026-Q4 hoặc 2026-12)");
    if (!st)
        st = block_of(s, cid, block_code, &b, err);
    if (st)
        return st;
    td_id bid = (td_id)jint(b, "id");
    st = store_aw_scoring(s, bid, &criteria, &thresholds, err);
    if (!st)
        st = store_aw_block_members(s, bid, &members, err);
    const char *unit = jstr(body, "org_unit"), *crit = jstr(body, "criterion"), *note = jstr(body, "note");
    const json_t *pts = json_object_get(body, "points");
    const json_t *cr = NULL;
    size_t i;
    json_t *o;
    json_array_foreach(criteria, i, o) if (crit && strcmp(jstr(o, "code"), crit) == 0) cr = o;
    bool member = false;
    json_array_foreach(members, i, o) member |= unit && strcmp(jstr(o, "code"), unit) == 0;
    if (!st && !cr)
        st = td_fail(err, TD_ERR_INPUT, "khối \"%s\" không có tiêu chí này", jstr(b, "name"));
    else if (!st && strcmp(jstr(cr, "kind"), "targets") == 0)
        st = td_fail(err, TD_ERR_INPUT, "tiêu chí \"%s\" được tính từ kết quả thực hiện chỉ tiêu, không chấm tay",
                     jstr(cr, "name"));
    else if (!st && !member)
        st = td_fail(err, TD_ERR_INPUT, "đơn vị này không thuộc khối \"%s\"", jstr(b, "name"));
    else if (!st && (!json_is_number(pts) || json_number_value(pts) < 0 ||
                     json_number_value(pts) > json_number_value(json_object_get(cr, "max_points"))))
        st = td_fail(err, TD_ERR_INPUT, "điểm của tiêu chí \"%s\" phải từ 0 đến %s", jstr(cr, "name"),
                     num_text(a, json_number_value(json_object_get(cr, "max_points"))));
    else if (!st && !filled(note))
        st = td_fail(err, TD_ERR_INPUT, "cần ghi chú căn cứ chấm điểm cho tiêu chí \"%s\"", jstr(cr, "name"));
    else if (!st && strlen(note) > 1000)
        st = td_fail(err, TD_ERR_INPUT, "ghi chú dài quá 1.000 ký tự");
    if (!st)
        st = store_aw_unit_id(s, cid, unit, &uid, err);
    if (!st) {
        char code[16];
        period_code(&per, code);
        st = store_begin(s, err);
        if (!st)
            st = store_aw_score_put(s, plan_id, bid, uid, code, crit, scoring_round(json_number_value(pts)),
                                    note, is_demo, err);
        if (!st)
            st = audit(s, cid, "award.score.set", "block", bid, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(b);
    json_decref(criteria);
    json_decref(thresholds);
    json_decref(members);
    if (st)
        return st;
    return awards_scores(s, a, viewer, plan_id, block_code, period_text, out, err);
}

/* ---- persons ---------------------------------------------------------------------------- */

td_status awards_persons(store *s, arena *a, const user *viewer, const char *q, const char *unit, json_t **out,
                         td_error *err)
{
    td_id cid;
    json_t *all = NULL;
    /* a reporter sees its own unit's people (to nominate one of them), no one else's */
    td_status st = policy_scope_unit(viewer, &unit, err);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_persons(s, cid, 0, &all, err);
    if (st)
        return st;
    const char *key = q && *q ? vtext_fold(a, q) : NULL;
    json_t *list = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(all, i, p)
    {
        if (key && !strstr(vtext_fold(a, jstr(p, "full_name")), key))
            continue;
        if (unit && *unit && (!jstr(p, "org_unit") || strcmp(jstr(p, "org_unit"), unit) != 0))
            continue;
        json_array_append(list, p);
    }
    json_decref(all);
    *out = json_pack("{s:o}", "persons", list);
    return TD_OK;
}

/* Checks a person's fields; *unit_id receives the unit's id (0 without). */
static td_status person_check(store *s, td_id cid, const json_t *body, td_id *unit_id, td_error *err)
{
    static const char *const genders[] = {"male", "female", NULL};
    const json_t *by = json_object_get(body, "birth_year");
    char today[11];
    vnclock_today(today);
    long this_year = atol(today);
    *unit_id = 0;
    if (!filled(jstr(body, "full_name")) || strlen(jstr(body, "full_name")) > 200)
        return td_fail(err, TD_ERR_INPUT, "cần họ và tên (không quá 200 ký tự)");
    if (by && !json_is_null(by) &&
        (!json_is_integer(by) || json_integer_value(by) < 1900 || json_integer_value(by) > this_year))
        return td_fail(err, TD_ERR_INPUT, "năm sinh phải từ 1900 đến %ld", this_year);
    if (jstr(body, "gender") && !one_of(jstr(body, "gender"), genders))
        return td_fail(err, TD_ERR_INPUT, "giới tính phải là nam hoặc nữ");
    if (jstr(body, "org_unit") && store_aw_unit_id(s, cid, jstr(body, "org_unit"), unit_id, err) != TD_OK)
        return td_fail(err, TD_ERR_INPUT, "không có đơn vị \"%s\"", jstr(body, "org_unit"));
    return TD_OK;
}

static td_status person_answer(store *s, td_id cid, td_id id, json_t **out, td_error *err)
{
    json_t *list = NULL;
    td_status st = store_aw_persons(s, cid, id, &list, err);
    if (!st && json_array_size(list) == 0)
        st = not_found(err, "cá nhân", id);
    if (!st)
        *out = json_pack("{s:O}", "person", json_array_get(list, 0));
    json_decref(list);
    return st;
}

td_status awards_person_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                               json_t **out, td_error *err)
{
    (void)a;
    td_id cid, uid = 0, id = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = person_check(s, cid, body, &uid, err);
    if (st)
        return st;
    st = store_begin(s, err);
    if (!st) {
        st = store_aw_person_insert(s, cid, body, uid, is_demo, &id, err);
        if (!st)
            st = audit(s, cid, "award.person.create", "person", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st ? st : person_answer(s, cid, id, out, err);
}

td_status awards_person_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                               td_error *err)
{
    (void)a;
    td_id cid, uid = 0;
    json_t *cur = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = person_answer(s, cid, id, &cur, err);
    if (st)
        return st;
    /* the fields not sent keep their values */
    json_t *merged = json_deep_copy(json_object_get(cur, "person"));
    json_decref(cur);
    json_object_update(merged, (json_t *)body);
    st = person_check(s, cid, merged, &uid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_person_update(s, cid, id, merged, uid, err);
        if (!st)
            st = audit(s, cid, "award.person.update", "person", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(merged);
    return st ? st : person_answer(s, cid, id, out, err);
}

/* ---- history ---------------------------------------------------------------------------- */

/* The units whose history unit carries: itself and, through mergers, its predecessors (and
 * theirs). codes[0] is unit. */
static size_t lineage(arena *a, const json_t *mergers, const char *unit, const char ***codes, const char ***names)
{
    size_t cap = json_array_size(mergers) + 1, n = 1;
    *codes = arena_calloc(a, cap, sizeof **codes);
    *names = arena_calloc(a, cap, sizeof **names);
    (*codes)[0] = unit;
    for (size_t k = 0; k < n; k++) {
        size_t i;
        const json_t *m;
        json_array_foreach(mergers, i, m) if (strcmp(jstr(m, "into"), (*codes)[k]) == 0 && n < cap)
        {
            bool seen = false;
            for (size_t j = 0; j < n; j++)
                seen |= strcmp((*codes)[j], jstr(m, "from")) == 0;
            if (!seen) {
                (*codes)[n] = jstr(m, "from");
                (*names)[n++] = arena_printf(a, "%s (trước khi hợp nhất ngày %s)", jstr(m, "from_name"),
                                             date_format_vi(a, jstr(m, "on")));
            }
        }
    }
    return n;
}

/* Every award of the commune: those of issued (or revoked) decisions and those recorded. */
static td_status history_all(store *s, arena *a, td_id cid, json_t **out, td_error *err)
{
    json_t *noms = NULL, *decs = NULL, *recs = NULL, *forms = NULL, *info = NULL;
    td_status st = store_aw_nominations(s, cid, 0, &noms, err);
    if (!st)
        st = store_aw_decisions(s, cid, 0, &decs, err);
    if (!st)
        st = store_aw_records(s, cid, &recs, err);
    if (!st)
        st = forms_of(s, cid, &forms, err);
    if (!st)
        st = awards_commune_info(s, cid, &info, err);
    json_t *list = json_array();
    size_t i, k;
    json_t *d, *it, *n;
    json_array_foreach(decs, i, d)
    {
        if (st || strcmp(jstr(d, "status"), "draft") == 0)
            continue;
        json_array_foreach(json_object_get(d, "items"), k, it)
        {
            size_t j;
            json_array_foreach(noms, j, n) if (jint(n, "id") == jint(it, "nomination_id"))
            {
                const json_t *f = form_find(forms, jstr(n, "form"));
                bool revoked = !json_is_null(json_object_get(it, "revoked_at"));
                json_array_append_new(
                    list,
                    json_pack("{s:I, s:O, s:O, s:O, s:O, s:O, s:n, s:O, s:o, s:O, s:O, s:O, s:O, s:O, s:s, s:s, "
                              "s:s, s:O, s:O, s:s, s:s}",
                              "id", (json_int_t)jint(n, "id"), "nominee_kind", json_object_get(n, "nominee_kind"),
                              "person_id", json_object_get(n, "person_id"), "name", json_object_get(n, "name"),
                              "org_unit", json_object_get(n, "org_unit"), "org_unit_name",
                              json_object_get(n, "org_unit_name"), "via", "form", json_object_get(n, "form"),
                              "form_name", json_string(f ? jstr(f, "name") : jstr(n, "form")), "year",
                              json_object_get(n, "year"), "achievement", json_object_get(n, "achievement"),
                              "achievement_key", json_object_get(n, "achievement_key"), "decision_id",
                              json_object_get(d, "id"), "decision_number", json_object_get(d, "number"),
                              "decision_date", jstr(d, "signed_on"), "decision_date_text",
                              date_format_vi(a, jstr(d, "signed_on")), "issuer",
                              arena_printf(a, "Chủ tịch Ủy ban nhân dân %s", jstr(info, "name")), "revoked_reason",
                              json_object_get(it, "revoked_reason"), "revoked_on", json_object_get(it, "revoked_at"),
                              "status", revoked ? "revoked" : "awarded", "source", "decision"));
            }
        }
    }
    json_array_foreach(recs, i, n)
    {
        if (st)
            break;
        const json_t *f = form_find(forms, jstr(n, "form"));
        json_t *e = json_deep_copy(n);
        json_object_set_new(e, "id", json_null());
        json_object_set_new(e, "via", json_null());
        json_object_set_new(e, "form_name", f ? json_string(jstr(f, "name")) : json_string(jstr(n, "form")));
        json_object_set_new(e, "decision_id", json_null());
        json_object_set_new(e, "decision_date_text", json_string(date_format_vi(a, jstr(n, "decision_date"))));
        json_object_set_new(e, "status", json_string("awarded"));
        json_object_set_new(e, "revoked_reason", json_null());
        json_object_set_new(e, "revoked_on", json_null());
        json_object_set_new(e, "source", json_string("recorded"));
        json_object_del(e, "collective_name");
        json_array_append_new(list, e);
    }
    json_decref(noms);
    json_decref(decs);
    json_decref(recs);
    json_decref(forms);
    json_decref(info);
    if (st) {
        json_decref(list);
        return st;
    }
    *out = list;
    return TD_OK;
}

td_status awards_history(store *s, arena *a, const user *viewer, td_id person_id, const char *unit, const char *q,
                         long year, json_t **out, td_error *err)
{
    td_id cid;
    json_t *all = NULL, *mergers = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = history_all(s, a, cid, &all, err);
    if (!st)
        st = store_aw_mergers(s, cid, &mergers, err);
    if (st) {
        json_decref(all);
        return st;
    }
    const char **codes = NULL, **vias = NULL;
    size_t nl = unit && *unit ? lineage(a, mergers, unit, &codes, &vias) : 0;
    const char *key = q && *q ? vtext_fold(a, q) : NULL;
    json_t *list = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(all, i, e)
    {
        if (person_id && jint(e, "person_id") != person_id)
            continue;
        if (year && jint(e, "year") != year)
            continue;
        if (key && !strstr(vtext_fold(a, jstr(e, "name") ? jstr(e, "name") : ""), key) &&
            !strstr(vtext_fold(a, jstr(e, "achievement")), key))
            continue;
        if (nl) {
            size_t k = 0;
            while (k < nl && !(jstr(e, "org_unit") && strcmp(jstr(e, "org_unit"), codes[k]) == 0))
                k++;
            if (k == nl)
                continue;
            if (k > 0)
                json_object_set_new(e, "via", json_string(vias[k]));
        }
        json_object_del(e, "achievement_key");
        json_array_append(list, e);
    }
    json_decref(all);
    json_decref(mergers);
    *out = json_pack("{s:o}", "entries", list);
    return TD_OK;
}

/* ---- nominations ------------------------------------------------------------------------ */

/* The same nominee: the same person, or the same unit and named collective. */
static bool same_nominee(const json_t *x, const json_t *y)
{
    if (strcmp(jstr(x, "nominee_kind"), jstr(y, "nominee_kind")) != 0)
        return false;
    if (strcmp(jstr(x, "nominee_kind"), "individual") == 0)
        return jint(x, "person_id") == jint(y, "person_id");
    const char *cx = jstr(x, "collective_name"), *cy = jstr(y, "collective_name");
    return jstr(x, "org_unit") && jstr(y, "org_unit") && strcmp(jstr(x, "org_unit"), jstr(y, "org_unit")) == 0 &&
           ((!cx && !cy) || (cx && cy && strcmp(cx, cy) == 0));
}

/* A key for "the same achievement": folded (no case, no diacritics) and without spaces or
 * punctuation, so that a retyped achievement is still the same one. */
static char *achievement_key(arena *a, const char *text)
{
    char *f = vtext_fold(a, text ? text : "");
    char *out = arena_alloc(a, strlen(f) + 1), *o = out;
    for (const char *p = f; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            *o++ = *p;
    *o = '\0';
    return out;
}

static json_t *check(const char *code, const char *label, const char *result, const char *reason)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "code", code, "label", label, "result", result, "reason", reason);
}

/* The nomination's place in its block's scores: {"rank","rank_text","total","classification",
 * "classification_label","targets_text"}, or NULL when it is not linked to a block's scores. */
static json_t *evidence_of(store *s, arena *a, const user *viewer, const json_t *n, td_error *err)
{
    if (!jstr(n, "block") || !jstr(n, "period") || !jint(n, "plan_id") || !jstr(n, "org_unit"))
        return NULL;
    json_t *table = NULL;
    td_error e = {0};
    if (awards_scores(s, a, viewer, (td_id)jint(n, "plan_id"), jstr(n, "block"), jstr(n, "period"), &table, &e)) {
        (void)err;
        return NULL;
    }
    json_t *units = json_object_get(table, "units"), *found = NULL;
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u) if (strcmp(jstr(u, "org_unit"), jstr(n, "org_unit")) == 0) found = u;
    json_t *out = NULL;
    if (found) {
        const char *targets = NULL;
        size_t k;
        json_t *l;
        json_array_foreach(json_object_get(found, "lines"), k, l) if (jstr(l, "formula") && !targets) targets =
            jstr(l, "formula");
        out = json_pack("{s:O, s:s, s:O, s:O, s:O, s:O, s:s, s:o}", "rank", json_object_get(found, "rank"),
                        "rank_text",
                        arena_printf(a, "%s/%zu %s", jstr(found, "rank_text"), json_array_size(units),
                                     jstr(json_object_get(table, "block"), "name")),
                        "total", json_object_get(found, "total"), "total_text", json_object_get(found, "total_text"),
                        "classification", json_object_get(found, "classification"), "classification_label",
                        json_object_get(found, "classification_label"), "period_label",
                        jstr(table, "period_label"), "targets_text", str_or_null(targets));
        /* the block's levels, high to low, for the classification check (dropped before sending) */
        json_t *levels = json_array();
        size_t k2;
        json_t *t;
        json_array_foreach(json_object_get(table, "thresholds"), k2, t) json_array_append(levels, json_object_get(t, "code"));
        json_object_set_new(out, "levels", levels);
    }
    json_decref(table);
    return out;
}

/* The checks before review, each with its reason (docs/api.md "Check"). */
static json_t *checks_of(store *s, arena *a, const user *viewer, const json_t *n, const json_t *forms,
                         const json_t *evidence, const json_t *all_noms, const json_t *history, bool *duplicate)
{
    json_t *out = json_array();
    const json_t *f = form_find(forms, jstr(n, "form"));
    *duplicate = false;
    if (!f) {
        json_array_append_new(out, check("form", "Hình thức khen thưởng", "fail",
                                         "Hình thức khen thưởng không có trong danh mục"));
        return out;
    }
    const char *fname = jstr(f, "name");
    if (json_is_true(json_object_get(f, "local")))
        json_array_append_new(out, check("form_local", "Thẩm quyền", "pass",
                                         arena_printf(a, "%s do %s quyết định", fname, jstr(f, "conferred_by"))));
    else
        json_array_append_new(out, check("form_local", "Thẩm quyền", "warn",
                                         arena_printf(a, "%s do %s quyết định: xã lập hồ sơ đề nghị cấp trên, không "
                                                         "đưa vào quyết định của Chủ tịch UBND xã",
                                                      fname, jstr(f, "conferred_by"))));
    const char *subject = jstr(f, "subject"), *kind = jstr(n, "nominee_kind");
    bool fits = strcmp(subject, "both") == 0 || strcmp(subject, kind) == 0;
    json_array_append_new(out, check("subject", "Đối tượng", fits ? "pass" : "fail",
                                     fits ? arena_printf(a, "%s được tặng cho %s", fname,
                                                         strcmp(kind, "individual") == 0 ? "cá nhân" : "tập thể")
                                          : arena_printf(a, "%s chỉ tặng cho %s", fname,
                                                         strcmp(subject, "individual") == 0 ? "cá nhân" : "tập thể")));
    if (strcmp(kind, "individual") == 0)
        json_array_append_new(out, check("person_unit", "Đơn vị công tác", jstr(n, "org_unit") ? "pass" : "warn",
                                         jstr(n, "org_unit")
                                             ? arena_printf(a, "Công tác tại %s", jstr(n, "org_unit_name"))
                                             : "Chưa ghi đơn vị công tác của cá nhân"));
    const char *min_cls = jstr(f, "min_classification");
    const json_t *max_rank = json_object_get(f, "max_rank");
    if (strcmp(kind, "collective") == 0 && (min_cls || json_is_integer(max_rank))) {
        if (!evidence) {
            json_array_append_new(out, check("classification", "Kết quả chấm điểm", "manual",
                                             "Đề nghị chưa gắn với kết quả chấm điểm của khối thi đua: hội đồng "
                                             "xem xét theo hồ sơ"));
        } else {
            if (min_cls) {
                /* levels run high to low: the unit's must come no later than the minimum's */
                int want = -1, got = -1;
                size_t i;
                json_t *t;
                json_array_foreach(json_object_get(evidence, "levels"), i, t)
                {
                    if (strcmp(json_string_value(t), min_cls) == 0)
                        want = (int)i;
                    if (jstr(evidence, "classification") &&
                        strcmp(json_string_value(t), jstr(evidence, "classification")) == 0)
                        got = (int)i;
                }
                bool ok = want >= 0 && got >= 0 && got <= want;
                json_array_append_new(
                    out, check("classification", "Xếp loại", want < 0 ? "manual" : ok ? "pass" : "fail",
                               want < 0 ? "Khối thi đua không có mức xếp loại mà danh mục yêu cầu: hội đồng xem xét"
                                        : arena_printf(a, "%s xếp loại %s (%s điểm, %s)%s", jstr(n, "name"),
                                                       jstr(evidence, "classification_label")
                                                           ? jstr(evidence, "classification_label")
                                                           : "chưa xếp loại",
                                                       jstr(evidence, "total_text"), jstr(evidence, "period_label"),
                                                       ok ? ", đạt yêu cầu của hình thức khen thưởng"
                                                          : ", chưa đạt mức xếp loại hình thức này yêu cầu")));
            }
            if (json_is_integer(max_rank)) {
                bool ok = jint(evidence, "rank") <= json_integer_value(max_rank);
                json_array_append_new(
                    out, check("rank", "Thứ hạng trong khối", ok ? "pass" : "fail",
                               arena_printf(a, "%s; %s yêu cầu từ hạng %lld trở lên", jstr(evidence, "rank_text"), fname,
                                            (long long)json_integer_value(max_rank))));
            }
        }
    }
    long interval = (long)jint(f, "interval_years");
    size_t i;
    const json_t *h;
    if (interval > 0) {
        const json_t *prev = NULL;
        json_array_foreach(history, i, h) if (same_nominee(h, n) && strcmp(jstr(h, "form"), jstr(n, "form")) == 0 &&
                                              strcmp(jstr(h, "status"), "awarded") == 0 &&
                                              jint(h, "year") > jint(n, "year") - interval &&
                                              jint(h, "year") < jint(n, "year")) prev = h;
        json_array_append_new(
            out, check("interval", "Thời gian giữa hai lần khen", prev ? "fail" : "pass",
                       prev ? arena_printf(a, "Đã được tặng %s năm %lld (%s); lần khen tiếp theo cách ít nhất %ld năm",
                                           fname, jint(prev, "year"), jstr(prev, "decision_number"), interval)
                            : arena_printf(a, "Không có lần tặng %s nào trong %ld năm trước", fname, interval)));
    }
    /* Luật Thi đua, khen thưởng: không khen thưởng nhiều lần, nhiều hình thức cho một thành tích */
    const char *key = jstr(n, "achievement_key");
    const char *dup = NULL;
    json_array_foreach(history, i, h) if (!dup && same_nominee(h, n) && jint(h, "year") == jint(n, "year") &&
                                          strcmp(jstr(h, "status"), "awarded") == 0 && jstr(h, "achievement_key") &&
                                          strcmp(jstr(h, "achievement_key"), key) == 0 &&
                                          jint(h, "id") != jint(n, "id")) dup =
        arena_printf(a, "Đã được khen thưởng cho thành tích này năm %lld: %s, quyết định %s", jint(h, "year"),
                     jstr(h, "form_name"), jstr(h, "decision_number") ? jstr(h, "decision_number") : "");
    /* another live proposal for the same achievement: flagged while this one is still being
     * considered (an awarded one is not made a duplicate by a later proposal) */
    bool live = one_of(jstr(n, "status"), (const char *const[]){"proposed", "in_review", NULL});
    json_array_foreach(all_noms, i, h) if (live && !dup && jint(h, "id") != jint(n, "id") && same_nominee(h, n) &&
                                           jint(h, "year") == jint(n, "year") &&
                                           strcmp(jstr(h, "achievement_key"), key) == 0 &&
                                           one_of(jstr(h, "status"), (const char *const[]){"proposed", "in_review",
                                                                                          "approved", NULL})) dup =
        arena_printf(a, "Trùng với đề nghị số %lld (%s) cho cùng thành tích năm %lld", jint(h, "id"),
                     status_label(jstr(h, "status")), jint(h, "year"));
    *duplicate = dup != NULL;
    json_array_append_new(out, check("duplicate", "Trùng thành tích", dup ? "fail" : "pass",
                                     dup ? dup : "Chưa được khen thưởng cho thành tích này trong năm"));
    return out;
}

/* A nomination as the API shows it, with checks, evidence and files. */
static td_status nomination_full(store *s, arena *a, const user *viewer, td_id cid, json_t *n, const json_t *forms,
                                 const json_t *all_noms, const json_t *history, bool with_files, td_error *err)
{
    const json_t *f = form_find(forms, jstr(n, "form"));
    json_object_set_new(n, "status_label", json_string(status_label(jstr(n, "status"))));
    json_object_set_new(n, "form_name", json_string(f ? jstr(f, "name") : jstr(n, "form")));
    json_t *ev = evidence_of(s, a, viewer, n, err);
    bool dup = false;
    json_object_set_new(n, "checks", checks_of(s, a, viewer, n, forms, ev, all_noms, history, &dup));
    json_object_set_new(n, "duplicate", json_boolean(dup));
    if (ev)
        json_object_del(ev, "levels");
    json_object_set_new(n, "evidence", ev ? ev : json_null());
    json_t *files = NULL;
    if (with_files) {
        td_status st = store_aw_files(s, (td_id)jint(n, "id"), &files, err);
        if (st)
            return st;
    }
    json_object_set_new(n, "files", files ? files : json_array());
    json_object_del(n, "achievement_key");
    (void)cid;
    return TD_OK;
}

/* A reporter sees what its own unit proposed (service/policy.h). */
static bool may_see_nomination(const user *viewer, const json_t *n)
{
    return !viewer || viewer->role != ROLE_REPORTER || policy_may_propose(viewer, jstr(n, "proposed_by"));
}

typedef struct nom_ctx {
    td_id cid;
    json_t *forms, *all, *history;
} nom_ctx;

static td_status nom_ctx_load(store *s, arena *a, const user *viewer, nom_ctx *c, td_error *err)
{
    *c = (nom_ctx){0};
    td_status st = awards_commune(s, viewer, &c->cid, err);
    if (!st)
        st = forms_of(s, c->cid, &c->forms, err);
    if (!st)
        st = store_aw_nominations(s, c->cid, 0, &c->all, err);
    if (!st)
        st = history_all(s, a, c->cid, &c->history, err);
    return st;
}

static void nom_ctx_free(nom_ctx *c)
{
    json_decref(c->forms);
    json_decref(c->all);
    json_decref(c->history);
}

td_status awards_nominations(store *s, arena *a, const user *viewer, const char *status, long year,
                             td_id session_id, json_t **out, td_error *err)
{
    nom_ctx c;
    td_status st = nom_ctx_load(s, a, viewer, &c, err);
    json_t *list = json_array();
    size_t i;
    json_t *n;
    json_array_foreach(c.all, i, n)
    {
        if (st)
            break;
        if ((status && *status && strcmp(jstr(n, "status"), status) != 0) || (year && jint(n, "year") != year) ||
            (session_id && jint(n, "session_id") != session_id) || !may_see_nomination(viewer, n))
            continue;
        json_t *copy = json_deep_copy(n);
        st = nomination_full(s, a, viewer, c.cid, copy, c.forms, c.all, c.history, true, err);
        json_array_append_new(list, copy);
    }
    nom_ctx_free(&c);
    if (st) {
        json_decref(list);
        return st;
    }
    *out = json_pack("{s:o}", "nominations", list);
    return TD_OK;
}

/* One nomination of the commune, full; TD_ERR_NOTFOUND otherwise. */
static td_status nomination_one(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    nom_ctx c;
    td_status st = nom_ctx_load(s, a, viewer, &c, err);
    json_t *found = NULL;
    size_t i;
    json_t *n;
    json_array_foreach(c.all, i, n) if (jint(n, "id") == id) found = n;
    if (!st && (!found || !may_see_nomination(viewer, found)))
        st = not_found(err, "đề nghị khen thưởng", id);
    if (!st) {
        *out = json_deep_copy(found);
        st = nomination_full(s, a, viewer, c.cid, *out, c.forms, c.all, c.history, true, err);
        if (st)
            json_decref(*out);
    }
    nom_ctx_free(&c);
    return st;
}

td_status awards_nomination_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *n = NULL;
    td_status st = nomination_one(s, a, viewer, id, &n, err);
    if (!st)
        *out = json_pack("{s:o}", "nomination", n);
    return st;
}

/* Reads the nominee and the achievement from body into n (shared by nominations and recorded
 * awards). */
static td_status nominee_read(store *s, arena *a, td_id cid, const json_t *body, const json_t *forms,
                              aw_nomination_new *n, td_error *err)
{
    const char *kind = jstr(body, "nominee_kind");
    n->kind = kind;
    n->form = jstr(body, "form");
    n->achievement = jstr(body, "achievement");
    n->collective_name = jstr(body, "collective_name");
    n->year = (long)jint(body, "year");
    if (!kind || (strcmp(kind, "individual") != 0 && strcmp(kind, "collective") != 0))
        return td_fail(err, TD_ERR_INPUT, "cần chọn khen cá nhân hay tập thể");
    const json_t *f = form_find(forms, n->form);
    if (!f)
        return td_fail(err, TD_ERR_INPUT, "hình thức khen thưởng không có trong danh mục");
    if (json_is_false(json_object_get(f, "active")))
        return td_fail(err, TD_ERR_INPUT, "%s đã ngừng áp dụng (danh mục khen thưởng)", jstr(f, "name"));
    const char *subject = jstr(f, "subject");
    if (strcmp(subject, "both") != 0 && strcmp(subject, kind) != 0)
        return td_fail(err, TD_ERR_INPUT, "%s chỉ tặng cho %s", jstr(f, "name"),
                       strcmp(subject, "individual") == 0 ? "cá nhân" : "tập thể");
    if (!filled(n->achievement))
        return td_fail(err, TD_ERR_INPUT, "cần nêu thành tích");
    if (strlen(n->achievement) > 4000)
        return td_fail(err, TD_ERR_INPUT, "thành tích dài quá 4.000 ký tự: tóm tắt, phần chi tiết để trong báo cáo thành tích");
    if (n->year < 2000 || n->year > 2100)
        return td_fail(err, TD_ERR_INPUT, "cần năm của thành tích (ví dụ 2026)");
    n->achievement_key = achievement_key(a, n->achievement);
    if (strcmp(kind, "individual") == 0) {
        json_t *p = NULL;
        n->person_id = (td_id)jint(body, "person_id");
        td_status st = n->person_id ? store_aw_persons(s, cid, n->person_id, &p, err) : TD_OK;
        bool ok = !st && p && json_array_size(p) == 1;
        json_decref(p);
        if (st)
            return st;
        if (!ok)
            return td_fail(err, TD_ERR_INPUT, "cần chọn cá nhân được đề nghị (trong danh sách cá nhân của xã)");
    } else {
        const char *u = jstr(body, "org_unit");
        if (!u || store_aw_unit_id(s, cid, u, &n->org_unit_id, err) != TD_OK)
            return td_fail(err, TD_ERR_INPUT, "cần chọn tập thể được đề nghị (một đơn vị của xã)");
        if (n->collective_name && !filled(n->collective_name))
            n->collective_name = NULL;
    }
    return TD_OK;
}

td_status awards_nomination_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                   json_t **out, td_error *err)
{
    nom_ctx c;
    aw_nomination_new n = {.is_demo = is_demo};
    td_id id = 0;
    td_status st = nom_ctx_load(s, a, viewer, &c, err);
    if (!st)
        st = nominee_read(s, a, c.cid, body, c.forms, &n, err);
    const char *by = jstr(body, "proposed_by");
    if (!st && viewer && viewer->role == ROLE_REPORTER && !by)
        by = viewer->org_unit_code;
    if (!st && by && !policy_may_propose(viewer, by))
        st = td_fail(err, TD_ERR_FORBIDDEN, "tài khoản của đơn vị chỉ đề nghị khen thưởng do đơn vị mình đề xuất");
    if (!st && by && store_aw_unit_id(s, c.cid, by, &n.proposed_by, err) != TD_OK)
        st = td_fail(err, TD_ERR_INPUT, "không có đơn vị đề nghị \"%s\"", by);
    if (!st && !by)
        st = td_fail(err, TD_ERR_INPUT, "cần đơn vị đề nghị");
    json_t *b = NULL;
    if (!st && jstr(body, "block")) {
        n.plan_id = (td_id)jint(body, "plan_id");
        period per;
        if (!n.plan_id || policy_plan(s, viewer, n.plan_id, err) != TD_OK)
            st = td_fail(err, TD_ERR_INPUT, "gắn với kết quả chấm điểm cần chọn kế hoạch");
        else if (!jstr(body, "period") || period_parse(jstr(body, "period"), &per, err) != TD_OK)
            st = td_fail(err, TD_ERR_INPUT, "gắn với kết quả chấm điểm cần kỳ chấm điểm (ví dụ 2026)");
        else if ((st = block_of(s, c.cid, jstr(body, "block"), &b, err)) == TD_OK) {
            char code[16];
            period_code(&per, code);
            n.period = arena_strdup(a, code);
            n.block_id = (td_id)jint(b, "id");
        }
    }
    json_decref(b);
    if (!st) {
        st = store_begin(s, err);
        if (!st)
            st = store_aw_nomination_insert(s, c.cid, &n, &id, err);
        if (!st)
            st = audit(s, c.cid, "award.nomination.create", "nomination", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    nom_ctx_free(&c);
    return st ? st : awards_nomination_get(s, a, viewer, id, out, err);
}

td_status awards_nomination_submit(store *s, arena *a, const user *viewer, td_id id, json_t **out,
                                   json_t **details, td_error *err)
{
    json_t *n = NULL;
    td_status st = nomination_one(s, a, viewer, id, &n, err);
    if (st)
        return st;
    if (strcmp(jstr(n, "status"), "proposed") != 0) {
        json_decref(n);
        return td_fail(err, TD_ERR_CONFLICT, "đề nghị đang ở trạng thái \"%s\", không trình hội đồng được nữa",
                       status_label(jstr(n, "status")));
    }
    json_t *failing = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(n, "checks"), i, c) if (strcmp(jstr(c, "result"), "fail") == 0)
        json_array_append(failing, c);
    json_decref(n);
    if (json_array_size(failing)) {
        const char *first = jstr(json_array_get(failing, 0), "reason");
        if (details)
            *details = failing;
        else
            json_decref(failing);
        return td_fail(err, TD_ERR_INPUT, "chưa trình hội đồng được: %s", first);
    }
    json_decref(failing);
    td_id cid = 0;
    st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_nomination_move(s, cid, id, "proposed", "in_review", err);
        if (!st)
            st = audit(s, cid, "award.nomination.submit", "nomination", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_nomination_get(s, a, viewer, id, out, err);
}

td_status awards_nomination_withdraw(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *n = NULL;
    td_status st = nomination_one(s, a, viewer, id, &n, err);
    if (st)
        return st;
    char *from = arena_strdup(a, jstr(n, "status"));
    json_decref(n);
    if (!one_of(from, (const char *const[]){"proposed", "in_review", NULL}))
        return td_fail(err, TD_ERR_CONFLICT, "đề nghị đã được xét (\"%s\"), không rút được", status_label(from));
    td_id cid = 0;
    st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_nomination_move(s, cid, id, from, "withdrawn", err);
        if (!st) /* a withdrawn nomination is no longer voted on */
            st = store_aw_agenda_drop(s, cid, id, err);
        if (!st)
            st = audit(s, cid, "award.nomination.withdraw", "nomination", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_nomination_get(s, a, viewer, id, out, err);
}

td_status awards_nomination_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body,
                                   json_t **out, td_error *err)
{
    nom_ctx c;
    json_t *cur = NULL;
    td_status st = nomination_one(s, a, viewer, id, &cur, err);
    if (st)
        return st;
    if (!policy_may_propose(viewer, jstr(cur, "proposed_by"))) {
        json_decref(cur);
        return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản này không sửa được đề nghị của đơn vị khác");
    }
    /* the nominee and the proposer stay; what it says may change until it goes to the council */
    json_t *merged = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "nominee_kind", json_object_get(cur, "nominee_kind"),
                               "person_id", json_object_get(cur, "person_id"), "org_unit", json_object_get(cur, "org_unit"),
                               "collective_name", json_object_get(cur, "collective_name"), "form",
                               json_object_get(cur, "form"), "year", json_object_get(cur, "year"), "achievement",
                               json_object_get(cur, "achievement"));
    json_decref(cur);
    const char *keys[] = {"form", "year", "achievement", "collective_name"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (json_object_get(body, keys[k]))
            json_object_set(merged, keys[k], json_object_get(body, keys[k]));
    aw_nomination_new n = {0};
    st = nom_ctx_load(s, a, viewer, &c, err);
    if (!st)
        st = nominee_read(s, a, c.cid, merged, c.forms, &n, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_nomination_update(s, c.cid, id, &n, err);
        if (!st)
            st = audit(s, c.cid, "award.nomination.update", "nomination", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(merged);
    nom_ctx_free(&c);
    return st ? st : awards_nomination_get(s, a, viewer, id, out, err);
}

td_status awards_file_attach(store *s, arena *a, const user *viewer, td_id nomination_id, const char *kind,
                             const char *name, const char *declared_type, const unsigned char *data, size_t n,
                             json_t **out, evidence_problem *problem, td_error *err)
{
    json_t *nom = NULL;
    *problem = EVIDENCE_OK;
    td_status st = nomination_one(s, a, viewer, nomination_id, &nom, err);
    if (st)
        return st;
    json_decref(nom);
    if (!one_of(kind, (const char *const[]){"to_trinh", "bao_cao", "bien_ban", "khac", NULL})) {
        *problem = EVIDENCE_BAD_NAME;
        return td_fail(err, TD_ERR_INPUT, "loại hồ sơ phải là tờ trình, báo cáo thành tích, biên bản hoặc khác");
    }
    const char *type = NULL, *clean = NULL;
    st = evidence_check(a, data, n, declared_type, name, &type, &clean, problem, err);
    if (st)
        return st;
    td_id cid = 0, id = 0;
    char *sha = evidence_sha256_hex(a, data, n);
    st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_file_insert(s, nomination_id, kind, clean, type, data, n, sha, &id, err);
        if (!st)
            st = audit_made(s, cid, "award.file.upload", "nomination", nomination_id,
                       json_pack("{s:s, s:s}", "name", clean, "sha256", sha), err);
        st = store_finish(s, st, err);
    }
    json_t *files = NULL;
    if (!st)
        st = store_aw_files(s, nomination_id, &files, err);
    if (st)
        return st;
    size_t i;
    json_t *f, *found = NULL;
    json_array_foreach(files, i, f) if (jint(f, "id") == id) found = f;
    *out = json_pack("{s:O}", "file", found);
    json_decref(files);
    return TD_OK;
}

td_status awards_file_read(store *s, arena *a, const user *viewer, td_id id, const char **name,
                           const char **content_type, const void **bytes, size_t *size, td_error *err)
{
    td_id cid = 0, nid = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_file_get(s, a, cid, id, &nid, name, content_type, bytes, size, err);
    json_t *n = NULL;
    /* a reporter reads the dossiers its own unit proposed, as it sees those nominations only */
    if (!st && viewer && viewer->role == ROLE_REPORTER && nomination_one(s, a, viewer, nid, &n, err) != TD_OK)
        st = TD_ERR_NOTFOUND;
    json_decref(n);
    if (st == TD_ERR_NOTFOUND)
        return not_found(err, "tệp hồ sơ", id);
    if (!st)
        st = audit(s, cid, "award.file.download", "nomination", nid, NULL, err);
    return st;
}

/* ---- council and sessions --------------------------------------------------------------- */

static void members_labelled(json_t *members)
{
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) json_object_set_new(m, "role_label", json_string(role_label(jstr(m, "role"))));
}

td_status awards_councils(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_councils(s, cid, 0, &list, err);
    if (st)
        return st;
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) members_labelled(json_object_get(c, "members"));
    *out = json_pack("{s:o}", "councils", list);
    return TD_OK;
}

td_status awards_council_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err)
{
    (void)a;
    td_id cid, id = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (st)
        return st;
    const json_t *members = json_object_get(body, "members");
    if (!filled(jstr(body, "name")))
        return td_fail(err, TD_ERR_INPUT, "cần tên hội đồng");
    if (!json_is_array(members) || json_array_size(members) == 0)
        return td_fail(err, TD_ERR_INPUT, "hội đồng cần ít nhất một thành viên");
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) if (jstr(m, "role") &&
                                          !one_of(jstr(m, "role"), (const char *const[]){"chair", "vice_chair",
                                                                                         "member", "secretary", NULL}))
        return td_fail(err, TD_ERR_INPUT, "vai trò của thành viên thứ %zu phải là chủ tịch, phó chủ tịch, ủy viên hoặc thư ký",
                       i + 1);
    st = store_begin(s, err);
    if (!st)
        st = store_aw_council_insert(s, cid, jstr(body, "name"), jstr(body, "decision_number"), members, is_demo, &id,
                                     err);
    if (!st)
        st = audit(s, cid, "award.council.create", "council", id, (json_t *)body, err);
    st = store_finish(s, st, err);
    json_t *list = NULL;
    if (!st)
        st = store_aw_councils(s, cid, id, &list, err);
    if (st)
        return st;
    members_labelled(json_object_get(json_array_get(list, 0), "members"));
    *out = json_pack("{s:O}", "council", json_array_get(list, 0));
    json_decref(list);
    return TD_OK;
}

static vote_rule rule_of(const json_t *ses)
{
    return (vote_rule){.quorum_num = (int)jint(ses, "quorum_num"),
                       .quorum_den = (int)jint(ses, "quorum_den"),
                       .pass_num = (int)jint(ses, "pass_num"),
                       .pass_den = (int)jint(ses, "pass_den"),
                       .pass_strict = json_is_true(json_object_get(ses, "pass_strict")),
                       .pass_of_present = strcmp(jstr(ses, "pass_base"), "present") == 0};
}

/* A session as the API shows it: rule, quorum, members, items with their results. */
static td_status session_full(store *s, arena *a, const user *viewer, json_t *ses, bool items, td_error *err)
{
    vote_rule r = rule_of(ses);
    int members = (int)json_array_size(json_object_get(ses, "members")), present = 0;
    size_t i;
    json_t *m;
    json_t *mem = json_object_get(ses, "members");
    members_labelled(mem);
    json_array_foreach(mem, i, m) present += json_is_true(json_object_get(m, "present"));
    json_object_set_new(ses, "rule", json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "quorum_num",
                                               json_object_get(ses, "quorum_num"), "quorum_den",
                                               json_object_get(ses, "quorum_den"), "pass_num",
                                               json_object_get(ses, "pass_num"), "pass_den",
                                               json_object_get(ses, "pass_den"), "pass_strict",
                                               json_object_get(ses, "pass_strict"), "pass_base",
                                               json_object_get(ses, "pass_base")));
    const char *drop[] = {"quorum_num", "quorum_den", "pass_num", "pass_den", "pass_strict", "pass_base"};
    for (size_t k = 0; k < sizeof drop / sizeof drop[0]; k++)
        json_object_del(ses, drop[k]);
    json_object_set_new(ses, "rule_text", json_string(vote_rule_text(a, &r)));
    json_object_set_new(ses, "held_on_text", json_string(date_format_vi(a, jstr(ses, "held_on"))));
    json_object_set_new(ses, "n_members", json_integer(members));
    json_object_set_new(ses, "n_present", json_integer(present));
    json_object_set_new(ses, "quorum", json_pack("{s:b, s:i, s:s}", "met", vote_quorum_met(&r, members, present),
                                                 "needed", vote_quorum_needed(&r, members), "text",
                                                 vote_quorum_text(a, &r, members, present)));
    json_t *list = json_object_get(ses, "items");
    if (!items) {
        json_object_set_new(ses, "n_items", json_integer((json_int_t)json_array_size(list)));
        json_object_del(ses, "items");
        return TD_OK;
    }
    json_t *it;
    json_array_foreach(list, i, it)
    {
        json_t *n = NULL;
        td_status st = nomination_one(s, a, viewer, (td_id)jint(it, "nomination_id"), &n, err);
        if (st)
            return st;
        bool voted = json_is_true(json_object_get(it, "voted"));
        int yes = (int)jint(it, "yes");
        json_object_set_new(it, "nomination", n);
        if (voted && json_is_null(json_object_get(it, "passed")))
            json_object_set_new(it, "passed_if_closed", json_boolean(vote_passed(&r, members, present, yes)));
        json_object_set_new(it, "result_text", voted ? json_string(vote_result_text(a, &r, members, present, yes))
                                                     : json_string("Chưa biểu quyết"));
    }
    return TD_OK;
}

/* Sessions and decisions are read the same way: the store's rows of the commune (one by id, or
 * all), each completed by the service (full: with its items). */
typedef td_status (*rows_fetch)(store *s, td_id commune_id, td_id id, json_t **out, td_error *err);
typedef td_status (*row_complete)(store *s, arena *a, const user *viewer, json_t *row, bool full, td_error *err);

static td_status record_one(store *s, arena *a, const user *viewer, td_id id, rows_fetch fetch, row_complete complete,
                            const char *what, json_t **out, td_error *err)
{
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = fetch(s, cid, id, &list, err);
    if (!st && json_array_size(list) == 0)
        st = not_found(err, what, id);
    if (!st) {
        *out = json_incref(json_array_get(list, 0));
        st = complete(s, a, viewer, *out, true, err);
        if (st)
            json_decref(*out);
    }
    json_decref(list);
    return st;
}

static td_status record_list(store *s, arena *a, const user *viewer, rows_fetch fetch, row_complete complete,
                             const char *key, json_t **out, td_error *err)
{
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = fetch(s, cid, 0, &list, err);
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        if (st)
            break;
        st = complete(s, a, viewer, row, false, err);
    }
    if (st) {
        json_decref(list);
        return st;
    }
    *out = json_pack("{s:o}", key, list);
    return TD_OK;
}

static td_status session_one(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    return record_one(s, a, viewer, id, store_aw_sessions, session_full, "phiên họp", out, err);
}

td_status awards_session_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *ses = NULL;
    td_status st = session_one(s, a, viewer, id, &ses, err);
    if (!st)
        *out = json_pack("{s:o}", "session", ses);
    return st;
}

td_status awards_sessions(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    return record_list(s, a, viewer, store_aw_sessions, session_full, "sessions", out, err);
}

static td_id *ids_of(arena *a, const json_t *arr, size_t *n)
{
    *n = json_array_size(arr);
    td_id *out = arena_calloc(a, *n + 1, sizeof *out);
    for (size_t i = 0; i < *n; i++)
        out[i] = (td_id)json_integer_value(json_array_get(arr, i));
    return out;
}

td_status awards_session_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err)
{
    nom_ctx c;
    td_id id = 0;
    td_status st = nom_ctx_load(s, a, viewer, &c, err);
    const json_t *rule = json_object_get(body, "rule");
    const char *base = rule ? jstr(rule, "pass_base") : NULL;
    vote_rule r = {2, 3, 1, 2, true, false};
    if (rule) {
        r.quorum_num = json_is_integer(json_object_get(rule, "quorum_num")) ? (int)jint(rule, "quorum_num") : 0;
        r.quorum_den = json_is_integer(json_object_get(rule, "quorum_den")) ? (int)jint(rule, "quorum_den") : 0;
        r.pass_num = json_is_integer(json_object_get(rule, "pass_num")) ? (int)jint(rule, "pass_num") : 0;
        r.pass_den = json_is_integer(json_object_get(rule, "pass_den")) ? (int)jint(rule, "pass_den") : 0;
        r.pass_strict = !json_is_false(json_object_get(rule, "pass_strict"));
        r.pass_of_present = base && strcmp(base, "present") == 0;
        if (!st && base && !one_of(base, (const char *const[]){"members", "present", NULL}))
            st = td_fail(err, TD_ERR_INPUT, "tỷ lệ thông qua tính trên tổng số thành viên hoặc số thành viên có mặt");
    }
    if (!st)
        st = vote_rule_validate(&r, err);
    if (!st && (!jstr(body, "held_on") || !date_iso_valid(jstr(body, "held_on"))))
        st = td_fail(err, TD_ERR_INPUT, "cần ngày họp (YYYY-MM-DD)");
    if (!st && !filled(jstr(body, "place")))
        st = td_fail(err, TD_ERR_INPUT, "cần địa điểm họp");
    size_t np = 0, nn = 0;
    td_id *present = ids_of(a, json_object_get(body, "present"), &np);
    td_id *noms = ids_of(a, json_object_get(body, "nominations"), &nn);
    if (!st && nn == 0)
        st = td_fail(err, TD_ERR_INPUT, "phiên họp cần ít nhất một đề nghị để xét");
    for (size_t k = 0; !st && k < nn; k++) {
        const json_t *found = NULL;
        size_t i;
        json_t *n;
        json_array_foreach(c.all, i, n) if (jint(n, "id") == noms[k]) found = n;
        if (!found)
            st = not_found(err, "đề nghị khen thưởng", noms[k]);
        else if (strcmp(jstr(found, "status"), "in_review") != 0)
            st = td_fail(err, TD_ERR_INPUT, "đề nghị khen thưởng %s (%s) chưa được trình hội đồng: %s",
                         jstr(found, "name"), jstr(found, "achievement"), status_label(jstr(found, "status")));
    }
    json_t *councils = NULL;
    if (!st)
        st = store_aw_councils(s, c.cid, (td_id)jint(body, "council_id"), &councils, err);
    if (!st && json_array_size(councils) == 0)
        st = td_fail(err, TD_ERR_INPUT, "cần chọn hội đồng thi đua, khen thưởng");
    for (size_t k = 0; !st && k < np; k++) {
        bool member = false;
        size_t i;
        json_t *m;
        json_array_foreach(json_object_get(json_array_get(councils, 0), "members"), i, m) member |=
            jint(m, "person_id") == present[k];
        if (!member)
            st = td_fail(err, TD_ERR_INPUT, "người có mặt thứ %zu không phải thành viên hội đồng", k + 1);
    }
    json_decref(councils);
    if (!st) {
        aw_session_new sn = {.council_id = (td_id)jint(body, "council_id"),
                             .held_on = jstr(body, "held_on"),
                             .place = jstr(body, "place"),
                             .pass_base = r.pass_of_present ? "present" : "members",
                             .quorum_num = r.quorum_num,
                             .quorum_den = r.quorum_den,
                             .pass_num = r.pass_num,
                             .pass_den = r.pass_den,
                             .pass_strict = r.pass_strict,
                             .is_demo = is_demo};
        st = store_begin(s, err);
        if (!st)
            st = store_aw_session_insert(s, c.cid, &sn, present, np, noms, nn, &id, err);
        if (!st)
            st = audit(s, c.cid, "award.session.create", "council_session", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    nom_ctx_free(&c);
    return st ? st : awards_session_get(s, a, viewer, id, out, err);
}

td_status awards_session_vote(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                              td_error *err)
{
    json_t *ses = NULL;
    td_status st = session_one(s, a, viewer, id, &ses, err);
    if (st)
        return st;
    td_id cid = 0;
    if (strcmp(jstr(ses, "status"), "open") != 0)
        st = td_fail(err, TD_ERR_CONFLICT, "phiên họp đã kết thúc, không biểu quyết thêm được");
    const char *keys[] = {"yes", "no", "abstain"};
    for (int k = 0; !st && k < 3; k++)
        if (!json_is_integer(json_object_get(body, keys[k])))
            st = td_fail(err, TD_ERR_INPUT, "cần số phiếu đồng ý, không đồng ý và không biểu quyết (số nguyên)");
    if (!st)
        st = vote_tally_validate((int)jint(ses, "n_present"), (int)jint(body, "yes"), (int)jint(body, "no"),
                                 (int)jint(body, "abstain"), err);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_session_tally(s, id, (td_id)jint(body, "nomination_id"), (int)jint(body, "yes"),
                                    (int)jint(body, "no"), (int)jint(body, "abstain"), err);
        if (!st)
            st = audit(s, cid, "award.session.vote", "council_session", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(ses);
    return st ? st : awards_session_get(s, a, viewer, id, out, err);
}

td_status awards_session_close(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *ses = NULL;
    td_status st = session_one(s, a, viewer, id, &ses, err);
    if (st)
        return st;
    td_id cid = 0;
    if (strcmp(jstr(ses, "status"), "open") != 0)
        st = td_fail(err, TD_ERR_CONFLICT, "phiên họp đã kết thúc");
    json_t *q = json_object_get(ses, "quorum");
    if (!st && !json_is_true(json_object_get(q, "met")))
        st = td_fail(err, TD_ERR_INPUT, "phiên họp chưa đủ số thành viên: %s", jstr(q, "text"));
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(ses, "items"), i, it) if (!st && !json_is_true(json_object_get(it, "voted"))) st =
        td_fail(err, TD_ERR_INPUT, "chưa biểu quyết đề nghị khen thưởng %s",
                jstr(json_object_get(it, "nomination"), "name"));
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        vote_rule r;
        json_t *raw = NULL;
        st = store_aw_sessions(s, cid, id, &raw, err);
        if (!st)
            r = rule_of(json_array_get(raw, 0));
        json_decref(raw);
        int members = (int)jint(ses, "n_members"), present = (int)jint(ses, "n_present");
        json_array_foreach(json_object_get(ses, "items"), i, it)
        {
            if (st)
                break;
            td_id nid = (td_id)jint(it, "nomination_id");
            bool pass = vote_passed(&r, members, present, (int)jint(it, "yes"));
            st = store_aw_session_item_result(s, id, nid, pass, err);
            if (!st)
                st = store_aw_nomination_move(s, cid, nid, "in_review", pass ? "approved" : "rejected", err);
        }
        if (!st)
            st = store_aw_session_close(s, cid, id, err);
        if (!st)
            st = audit(s, cid, "award.session.close", "council_session", id, NULL, err);
        st = store_finish(s, st, err);
    }
    json_decref(ses);
    return st ? st : awards_session_get(s, a, viewer, id, out, err);
}

/* ---- decisions -------------------------------------------------------------------------- */

static td_status decision_full(store *s, arena *a, const user *viewer, json_t *d, bool full, td_error *err)
{
    (void)full; /* a list shows the awardees too: the public page and the history read them */
    json_t *awardees = json_array(), *revocations = json_array();
    size_t i;
    json_t *it;
    json_object_set_new(d, "signed_on_text",
                        jstr(d, "signed_on") ? json_string(date_format_vi(a, jstr(d, "signed_on"))) : json_null());
    json_array_foreach(json_object_get(d, "items"), i, it)
    {
        json_t *n = NULL;
        td_status st = nomination_one(s, a, viewer, (td_id)jint(it, "nomination_id"), &n, err);
        if (st) {
            json_decref(awardees);
            json_decref(revocations);
            return st;
        }
        bool revoked = !json_is_null(json_object_get(it, "revoked_at"));
        json_array_append_new(
            awardees, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:b, s:O}", "nomination_id",
                                json_object_get(n, "id"), "nominee_kind", json_object_get(n, "nominee_kind"), "name",
                                json_object_get(n, "name"), "org_unit_name", json_object_get(n, "org_unit_name"),
                                "form", json_object_get(n, "form"), "form_name", json_object_get(n, "form_name"),
                                "achievement", json_object_get(n, "achievement"), "year", json_object_get(n, "year"),
                                "revoked", revoked, "revoked_reason", json_object_get(it, "revoked_reason")));
        if (revoked && json_is_null(json_object_get(d, "revoked_at")))
            json_array_append_new(revocations,
                                  json_pack("{s:O, s:O, s:O, s:O}", "nomination_id", json_object_get(n, "id"),
                                            "reason", json_object_get(it, "revoked_reason"), "at",
                                            json_object_get(it, "revoked_at"), "by", json_object_get(it, "revoked_by")));
        json_decref(n);
    }
    if (!json_is_null(json_object_get(d, "revoked_at")))
        json_array_append_new(revocations, json_pack("{s:n, s:O, s:O, s:O}", "nomination_id", "reason",
                                                     json_object_get(d, "revoked_reason"), "at",
                                                     json_object_get(d, "revoked_at"), "by",
                                                     json_object_get(d, "revoked_by")));
    json_object_del(d, "items");
    json_object_set_new(d, "awardees", awardees);
    json_object_set_new(d, "revocations", revocations);
    return TD_OK;
}

static td_status decision_one(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    return record_one(s, a, viewer, id, store_aw_decisions, decision_full, "quyết định", out, err);
}

td_status awards_decision_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err)
{
    json_t *d = NULL;
    td_status st = decision_one(s, a, viewer, id, &d, err);
    if (!st)
        *out = json_pack("{s:o}", "decision", d);
    return st;
}

td_status awards_decisions(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    return record_list(s, a, viewer, store_aw_decisions, decision_full, "decisions", out, err);
}

td_status awards_decision_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                 json_t **out, td_error *err)
{
    nom_ctx c;
    td_id id = 0;
    td_status st = nom_ctx_load(s, a, viewer, &c, err);
    size_t nn = 0;
    td_id *noms = ids_of(a, json_object_get(body, "nominations"), &nn);
    long year = (long)jint(body, "year");
    if (!st && !filled(jstr(body, "title")))
        st = td_fail(err, TD_ERR_INPUT, "cần trích yếu của quyết định (Về việc …)");
    if (!st && !filled(jstr(body, "signer")))
        st = td_fail(err, TD_ERR_INPUT, "cần người ký quyết định");
    if (!st && (year < 2000 || year > 2100))
        st = td_fail(err, TD_ERR_INPUT, "cần năm của quyết định (ví dụ 2026)");
    if (!st && nn == 0)
        st = td_fail(err, TD_ERR_INPUT, "quyết định cần ít nhất một đề nghị đã được hội đồng thông qua");
    for (size_t k = 0; !st && k < nn; k++) {
        const json_t *found = NULL;
        size_t i;
        json_t *n;
        json_array_foreach(c.all, i, n) if (jint(n, "id") == noms[k]) found = n;
        const json_t *f = found ? form_find(c.forms, jstr(found, "form")) : NULL;
        for (size_t j = 0; !st && j < k; j++)
            if (noms[j] == noms[k])
                st = td_fail(err, TD_ERR_INPUT, "một đề nghị được ghi hai lần");
        if (st)
            break;
        if (!found)
            st = not_found(err, "đề nghị khen thưởng", noms[k]);
        else if (strcmp(jstr(found, "status"), "approved") != 0)
            st = td_fail(err, TD_ERR_INPUT, "%s (%s): đề nghị chưa được hội đồng thông qua (%s)", jstr(found, "name"),
                         jstr(found, "achievement"), status_label(jstr(found, "status")));
        else if (!json_is_null(json_object_get(found, "decision_id")))
            st = td_fail(err, TD_ERR_INPUT, "%s: đề nghị đã được đưa vào một quyết định khác", jstr(found, "name"));
        else if (!f || !json_is_true(json_object_get(f, "local")))
            st = td_fail(err, TD_ERR_INPUT, "%s: %s không do Chủ tịch UBND xã quyết định, cần đề nghị cấp trên",
                         jstr(found, "name"), f ? jstr(f, "name") : jstr(found, "form"));
    }
    json_t *bases = json_object_get(body, "legal_bases");
    json_t *info = NULL;
    if (!st)
        st = awards_commune_info(s, c.cid, &info, err);
    json_t *b = NULL;
    if (!st && json_is_array(bases) && json_array_size(bases))
        b = json_incref(bases);
    else if (!st)
        b = json_pack("[s, s, s, s]", "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
                      "Căn cứ Luật Thi đua, khen thưởng năm 2022;",
                      "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thi "
                      "đua, khen thưởng;",
                      arena_printf(a, "Xét đề nghị của Hội đồng Thi đua - Khen thưởng %s.", jstr(info, "name")));
    if (!st) {
        char *lb = json_dumps(b, JSON_COMPACT);
        const char *stitle = jstr(body, "signer_title") ? jstr(body, "signer_title") : "CHỦ TỊCH";
        st = store_begin(s, err);
        if (!st)
            st = store_aw_decision_insert(s, c.cid, year, jstr(body, "title"), jstr(body, "signer"), stitle, lb, noms,
                                          nn, is_demo, &id, err);
        if (!st)
            st = audit(s, c.cid, "award.decision.create", "decision", id, (json_t *)body, err);
        st = store_finish(s, st, err);
        free(lb);
    }
    json_decref(b);
    json_decref(info);
    nom_ctx_free(&c);
    return st ? st : awards_decision_get(s, a, viewer, id, out, err);
}

td_status awards_decision_discard(store *s, arena *a, const user *viewer, td_id id, td_error *err)
{
    json_t *d = NULL;
    td_status st = decision_one(s, a, viewer, id, &d, err);
    json_decref(d);
    td_id cid = 0;
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_decision_discard(s, cid, id, err);
        if (!st)
            st = audit(s, cid, "award.decision.discard", "decision", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st;
}

td_status awards_decision_issue(store *s, arena *a, const user *viewer, td_id id, const char *signed_on,
                                json_t **out, td_error *err)
{
    json_t *d = NULL;
    td_status st = decision_one(s, a, viewer, id, &d, err);
    if (st)
        return st;
    if (!policy_may_sign(viewer)) {
        json_decref(d);
        return td_fail(err, TD_ERR_FORBIDDEN, "chỉ lãnh đạo (Chủ tịch) hoặc quản trị viên ban hành quyết định");
    }
    td_id cid = 0;
    const char *number = NULL;
    if (strcmp(jstr(d, "status"), "draft") != 0)
        st = td_fail(err, TD_ERR_CONFLICT, "quyết định %s đã ban hành, không sửa được nữa", jstr(d, "number"));
    else if (!signed_on || !date_iso_valid(signed_on))
        st = td_fail(err, TD_ERR_INPUT, "cần ngày ký (YYYY-MM-DD)");
    else if (atol(signed_on) != jint(d, "year"))
        st = td_fail(err, TD_ERR_INPUT, "ngày ký phải trong năm %lld của quyết định", jint(d, "year"));
    json_decref(d);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    /* the number is read and written inside one write transaction: two issues at once never
     * take the same number (the lock is taken first, store_begin) */
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_decision_issue(s, a, cid, id, signed_on, "QĐ-UBND", &number, err);
        if (!st)
            st = audit_made(s, cid, "award.decision.issue", "decision", id,
                       json_pack("{s:s, s:s}", "number", number, "signed_on", signed_on), err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_decision_get(s, a, viewer, id, out, err);
}

td_status awards_decision_revoke(store *s, arena *a, const user *viewer, td_id id, const json_t *body,
                                 json_t **out, td_error *err)
{
    json_t *d = NULL;
    td_status st = decision_one(s, a, viewer, id, &d, err);
    if (st)
        return st;
    json_decref(d);
    if (!policy_may_sign(viewer))
        return td_fail(err, TD_ERR_FORBIDDEN, "chỉ lãnh đạo (Chủ tịch) hoặc quản trị viên thu hồi quyết định");
    td_id cid = 0;
    const char *reason = jstr(body, "reason");
    if (!filled(reason))
        return td_fail(err, TD_ERR_INPUT, "cần lý do thu hồi (ví dụ: kê khai không trung thực)");
    if (strlen(reason) > 2000)
        return td_fail(err, TD_ERR_INPUT, "lý do thu hồi dài quá 2.000 ký tự");
    st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_decision_revoke(s, cid, id, (td_id)jint(body, "nomination_id"), reason, err);
        if (!st)
            st = audit(s, cid, "award.decision.revoke", "decision", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_decision_get(s, a, viewer, id, out, err);
}

/* ---- recorded awards, mergers, disclosure, stories -------------------------------------- */

td_status awards_history_record(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                json_t **out, td_error *err)
{
    td_id cid, id = 0;
    json_t *forms = NULL;
    aw_nomination_new n = {.is_demo = is_demo};
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = forms_of(s, cid, &forms, err);
    if (!st)
        st = nominee_read(s, a, cid, body, forms, &n, err);
    json_decref(forms);
    if (!st && !filled(jstr(body, "decision_number")))
        st = td_fail(err, TD_ERR_INPUT, "cần số quyết định khen thưởng");
    if (!st && (!jstr(body, "decision_date") || !date_iso_valid(jstr(body, "decision_date"))))
        st = td_fail(err, TD_ERR_INPUT, "cần ngày quyết định (YYYY-MM-DD)");
    if (!st && !filled(jstr(body, "issuer")))
        st = td_fail(err, TD_ERR_INPUT, "cần cơ quan, người ký quyết định");
    if (!st) {
        st = store_begin(s, err);
        if (!st)
            st = store_aw_record_insert(s, cid, &n, jstr(body, "decision_number"), jstr(body, "decision_date"),
                                        jstr(body, "issuer"), &id, err);
        if (!st)
            st = audit(s, cid, "award.record.create", "award_record", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_t *h = NULL;
    if (!st)
        st = awards_history(s, a, viewer, 0, NULL, NULL, 0, &h, err);
    if (st)
        return st;
    size_t i;
    json_t *e, *found = NULL;
    json_array_foreach(json_object_get(h, "entries"), i, e) if (!strcmp(jstr(e, "source"), "recorded") &&
                                                               !strcmp(jstr(e, "decision_number"),
                                                                       jstr(body, "decision_number")) &&
                                                               !strcmp(jstr(e, "achievement"), n.achievement)) found = e;
    *out = json_pack("{s:O}", "entry", found ? found : json_null());
    json_decref(h);
    return TD_OK;
}

td_status awards_mergers(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_mergers(s, cid, &list, err);
    if (!st)
        *out = json_pack("{s:o}", "mergers", list);
    return st;
}

td_status awards_merger_create(store *s, arena *a, const user *viewer, const json_t *body, json_t **out,
                               td_error *err)
{
    td_id cid, into = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (st)
        return st;
    const char *on = jstr(body, "on");
    const json_t *from = json_object_get(body, "from");
    if (!jstr(body, "into") || store_aw_unit_id(s, cid, jstr(body, "into"), &into, err) != TD_OK)
        return td_fail(err, TD_ERR_INPUT, "cần đơn vị sau hợp nhất");
    if (!on || !date_iso_valid(on))
        return td_fail(err, TD_ERR_INPUT, "cần ngày hợp nhất (YYYY-MM-DD)");
    if (!json_is_array(from) || json_array_size(from) == 0)
        return td_fail(err, TD_ERR_INPUT, "cần các đơn vị trước hợp nhất");
    st = store_begin(s, err);
    size_t i;
    json_t *f;
    json_array_foreach(from, i, f)
    {
        td_id fid = 0;
        if (st)
            break;
        if (!json_string_value(f) || store_aw_unit_id(s, cid, json_string_value(f), &fid, err) != TD_OK)
            st = td_fail(err, TD_ERR_INPUT, "không có đơn vị trước hợp nhất thứ %zu", i + 1);
        else if (fid == into)
            st = td_fail(err, TD_ERR_INPUT, "một đơn vị không hợp nhất vào chính nó");
        else
            st = store_aw_merger_insert(s, fid, into, on, err);
    }
    if (!st)
        st = audit(s, cid, "award.merger.create", "org_unit", into, (json_t *)body, err);
    st = store_finish(s, st, err);
    json_t *list = NULL;
    if (!st)
        st = store_aw_mergers(s, cid, &list, err);
    if (st)
        return st;
    json_t *froms = json_array();
    const char *into_name = NULL;
    json_array_foreach(list, i, f) if (strcmp(jstr(f, "into"), jstr(body, "into")) == 0)
    {
        json_array_append_new(froms, json_pack("{s:O, s:O}", "code", json_object_get(f, "from"), "name",
                                               json_object_get(f, "from_name")));
        into_name = jstr(f, "into_name");
    }
    *out = json_pack("{s:{s:s, s:s, s:o, s:s}}", "merger", "into", jstr(body, "into"), "into_name",
                     into_name ? into_name : "", "from", froms, "on", on);
    json_decref(list);
    (void)a;
    return TD_OK;
}

td_status awards_disclosure(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *d = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_disclosure(s, cid, &d, err);
    if (st)
        return st;
    if (!d) {
        /* never set: this year, nominations under review shown */
        char today[11];
        vnclock_today(today);
        d = json_pack("{s:s, s:s, s:b}", "from", arena_printf(a, "%.4s-01-01", today), "to",
                      arena_printf(a, "%.4s-12-31", today), "show_review", 1);
    }
    *out = json_pack("{s:o}", "disclosure", d);
    return TD_OK;
}

td_status awards_disclosure_put(store *s, arena *a, const user *viewer, const json_t *body, json_t **out,
                                td_error *err)
{
    td_id cid;
    td_status st = awards_commune(s, viewer, &cid, err);
    const char *from = jstr(body, "from"), *to = jstr(body, "to");
    if (!st && (!from || !to || !date_iso_valid(from) || !date_iso_valid(to) || strcmp(from, to) > 0))
        st = td_fail(err, TD_ERR_INPUT, "cần khoảng thời gian công khai: từ ngày, đến ngày (từ ngày không sau đến ngày)");
    if (!st) {
        st = store_begin(s, err);
        if (!st)
            st = store_aw_disclosure_put(s, cid, from, to, !json_is_false(json_object_get(body, "show_review")), err);
        if (!st)
            st = audit(s, cid, "award.disclosure.set", "commune", cid, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    return st ? st : awards_disclosure(s, a, viewer, out, err);
}

static const char *story_kind_label(const char *kind)
{
    return kind && strcmp(kind, "model") == 0 ? "Mô hình mới, cách làm hay" : "Gương người tốt, việc tốt";
}

static void stories_labelled(json_t *list)
{
    size_t i;
    json_t *t;
    json_array_foreach(list, i, t) json_object_set_new(t, "kind_label", json_string(story_kind_label(jstr(t, "kind"))));
}

td_status awards_stories(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *list = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_stories(s, cid, 0, &list, err);
    if (st)
        return st;
    stories_labelled(list);
    *out = json_pack("{s:o}", "stories", list);
    return TD_OK;
}

static td_status story_one(store *s, td_id cid, td_id id, json_t **out, td_error *err)
{
    json_t *list = NULL;
    td_status st = store_aw_stories(s, cid, id, &list, err);
    if (!st && json_array_size(list) == 0)
        st = not_found(err, "bài viết", id);
    if (!st) {
        stories_labelled(list);
        *out = json_pack("{s:O}", "story", json_array_get(list, 0));
    }
    json_decref(list);
    return st;
}

td_status awards_story_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                              json_t **out, td_error *err)
{
    (void)a;
    td_id cid, id = 0, pid = 0, uid = 0;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (st)
        return st;
    if (!one_of(jstr(body, "kind"), (const char *const[]){"good_deed", "model", NULL}))
        return td_fail(err, TD_ERR_INPUT, "loại bài phải là gương người tốt, việc tốt hoặc mô hình mới, cách làm hay");
    if (!filled(jstr(body, "title")) || strlen(jstr(body, "title")) > 300)
        return td_fail(err, TD_ERR_INPUT, "cần tiêu đề (không quá 300 ký tự)");
    if (!filled(jstr(body, "body")) || strlen(jstr(body, "body")) > 20000)
        return td_fail(err, TD_ERR_INPUT, "cần nội dung (không quá 20.000 ký tự)");
    if (json_is_integer(json_object_get(body, "person_id"))) {
        json_t *p = NULL;
        pid = (td_id)jint(body, "person_id");
        st = store_aw_persons(s, cid, pid, &p, err);
        bool ok = !st && json_array_size(p) == 1;
        json_decref(p);
        if (!ok)
            return st ? st : td_fail(err, TD_ERR_INPUT, "không có cá nhân này trong danh sách của xã");
    }
    if (jstr(body, "org_unit") && store_aw_unit_id(s, cid, jstr(body, "org_unit"), &uid, err) != TD_OK)
        return td_fail(err, TD_ERR_INPUT, "không có đơn vị \"%s\"", jstr(body, "org_unit"));
    if (json_is_integer(json_object_get(body, "decision_id"))) {
        json_t *d = NULL;
        st = store_aw_decisions(s, cid, (td_id)jint(body, "decision_id"), &d, err);
        bool ok = !st && json_array_size(d) == 1;
        json_decref(d);
        if (!ok)
            return st ? st : td_fail(err, TD_ERR_INPUT, "không có quyết định này");
    }
    st = store_begin(s, err);
    if (!st)
        st = store_aw_story_insert(s, cid, body, pid, uid, is_demo, &id, err);
    if (!st)
        st = audit(s, cid, "award.story.create", "story", id, NULL, err);
    st = store_finish(s, st, err);
    return st ? st : story_one(s, cid, id, out, err);
}

td_status awards_story_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body, json_t **out,
                              td_error *err)
{
    (void)a;
    td_id cid;
    json_t *cur = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = story_one(s, cid, id, &cur, err);
    if (st)
        return st;
    const json_t *t = json_object_get(cur, "story");
    const char *kind = jstr(body, "kind") ? jstr(body, "kind") : jstr(t, "kind");
    const char *title = jstr(body, "title") ? jstr(body, "title") : jstr(t, "title");
    const char *text = jstr(body, "body") ? jstr(body, "body") : jstr(t, "body");
    if (!one_of(kind, (const char *const[]){"good_deed", "model", NULL}))
        st = td_fail(err, TD_ERR_INPUT, "loại bài phải là gương người tốt, việc tốt hoặc mô hình mới, cách làm hay");
    else if (!filled(title) || strlen(title) > 300)
        st = td_fail(err, TD_ERR_INPUT, "cần tiêu đề (không quá 300 ký tự)");
    else if (!filled(text) || strlen(text) > 20000)
        st = td_fail(err, TD_ERR_INPUT, "cần nội dung (không quá 20.000 ký tự)");
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_story_update(s, cid, id, kind, title, text, err);
        if (!st)
            st = audit(s, cid, "award.story.update", "story", id, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(cur);
    return st ? st : story_one(s, cid, id, out, err);
}

td_status awards_story_publish(store *s, arena *a, const user *viewer, td_id id, bool publish, json_t **out,
                               td_error *err)
{
    (void)a;
    td_id cid;
    char today[11];
    vnclock_today(today);
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_begin(s, err);
    if (!st) {
        st = store_aw_story_publish(s, cid, id, publish ? today : NULL, err);
        if (st == TD_ERR_NOTFOUND)
            st = not_found(err, "bài viết", id);
        if (!st)
            st = audit(s, cid, publish ? "award.story.publish" : "award.story.unpublish", "story", id, NULL, err);
        st = store_finish(s, st, err);
    }
    return st ? st : story_one(s, cid, id, out, err);
}

/* ---- the public page -------------------------------------------------------------------- */

td_status awards_public_communes(store *s, arena *a, json_t **out, td_error *err)
{
    commune *c = NULL;
    size_t n = 0;
    td_status st = store_communes_list(s, a, &c, &n, err);
    if (st)
        return st;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s}", "code", c[i].code, "name", c[i].name));
    *out = json_pack("{s:o}", "communes", list);
    return TD_OK;
}

/* Only what may be public: a name, a unit, a form and an achievement (never ids of persons,
 * gender, year of birth, job title, files, tallies or check results). */
static json_t *public_awardee(const json_t *n)
{
    return json_pack("{s:O, s:O, s:O, s:O, s:O}", "name", json_object_get(n, "name"), "org_unit_name",
                     json_object_get(n, "org_unit_name"), "form_name", json_object_get(n, "form_name"),
                     "achievement", json_object_get(n, "achievement"), "year", json_object_get(n, "year"));
}

td_status awards_public(store *s, arena *a, const char *commune_code, json_t **out, td_error *err)
{
    json_t *info = NULL;
    td_status st = store_aw_commune(s, commune_code, 0, &info, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, st, "không có xã \"%s\"", commune_code ? commune_code : "");
    if (st)
        return st;
    /* the public sees what the commune's office would: act as the commune, read-only */
    user office = {.role = ROLE_VIEWER, .commune_id = (td_id)jint(info, "id"), .username = "public"};
    json_t *disc = NULL, *noms = NULL, *decs = NULL, *stories = NULL;
    st = awards_disclosure(s, a, &office, &disc, err);
    if (!st)
        st = awards_nominations(s, a, &office, "in_review", 0, 0, &noms, err);
    if (!st)
        st = awards_decisions(s, a, &office, &decs, err);
    if (!st)
        st = awards_stories(s, a, &office, &stories, err);
    json_t *review = json_array(), *decisions = json_array(), *published = json_array();
    if (!st) {
        json_t *d = json_object_get(disc, "disclosure");
        const char *from = jstr(d, "from"), *to = jstr(d, "to");
        size_t i;
        json_t *o;
        if (json_is_true(json_object_get(d, "show_review")))
            json_array_foreach(json_object_get(noms, "nominations"), i, o) json_array_append_new(review,
                                                                                                 public_awardee(o));
        json_array_foreach(json_object_get(decs, "decisions"), i, o)
        {
            const char *on = jstr(o, "signed_on");
            if (strcmp(jstr(o, "status"), "draft") == 0 || !on || strcmp(on, from) < 0 || strcmp(on, to) > 0)
                continue;
            json_t *list = json_array();
            size_t k;
            json_t *aw;
            json_array_foreach(json_object_get(o, "awardees"), k, aw)
            {
                json_t *p = public_awardee(aw);
                json_object_set(p, "revoked", json_object_get(aw, "revoked"));
                json_array_append_new(list, p);
            }
            json_array_append_new(decisions,
                                  json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:o}", "number", json_object_get(o, "number"),
                                            "signed_on", json_object_get(o, "signed_on"), "signed_on_text",
                                            json_object_get(o, "signed_on_text"), "title", json_object_get(o, "title"),
                                            "status", json_object_get(o, "status"), "revoked_reason",
                                            json_object_get(o, "revoked_reason"), "awardees", list));
        }
        json_array_foreach(json_object_get(stories, "stories"), i, o)
        {
            if (strcmp(jstr(o, "status"), "published") != 0)
                continue;
            json_array_append_new(published,
                                  json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(o, "id"),
                                            "title", json_object_get(o, "title"), "kind", json_object_get(o, "kind"),
                                            "kind_label", json_object_get(o, "kind_label"), "body",
                                            json_object_get(o, "body"), "published_on",
                                            json_object_get(o, "published_on"), "name", json_object_get(o, "name"),
                                            "org_unit_name", json_object_get(o, "org_unit_name")));
        }
        *out = json_pack("{s:{s:O, s:O}, s:O, s:o, s:o, s:o}", "commune", "code", json_object_get(info, "code"), "name",
                         json_object_get(info, "name"), "disclosure", d, "under_review", review, "decisions",
                         decisions, "stories", published);
    } else {
        json_decref(review);
        json_decref(decisions);
        json_decref(published);
    }
    json_decref(info);
    json_decref(disc);
    json_decref(noms);
    json_decref(decs);
    json_decref(stories);
    return st;
}
