/* awards.c — what the awards modules share (see awards_internal.h) and the catalogue of titles
 * and award forms, written with the law's defaults the first time a commune reads it. The SQL is
 * the store's (store/store_awards.h); these files decide, explain in Vietnamese and audit. */
#include "awards.h"

#include <stdlib.h>
#include <string.h>

#include "core/vnum.h"
#include "service/awards_internal.h"
#include "service/policy.h"

/* ---- small helpers ---------------------------------------------------------------------- */

const char *awards_jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

long long awards_jint(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* A text field that must be there and not blank (after trimming spaces). */
bool awards_filled(const char *s)
{
    if (!s)
        return false;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return true;
    return false;
}

json_t *awards_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

char *awards_num_text(arena *a, double v)
{
    return vnum_format(a, v, 2);
}

td_status awards_not_found(td_error *err, const char *what, long long id)
{
    return td_fail(err, TD_ERR_NOTFOUND, "không có %s số %lld", what, id);
}

td_status awards_audit(store *s, td_id commune_id, const char *action, const char *entity, td_id id,
                       json_t *after, td_error *err)
{
    char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
    td_status st = store_audit(s, commune_id, action, entity, id, NULL, text, err);
    free(text);
    return st;
}

/* awards_audit() with a JSON made for the entry alone, released after. */
td_status awards_audit_made(store *s, td_id commune_id, const char *action, const char *entity, td_id id,
                            json_t *after, td_error *err)
{
    td_status st = awards_audit(s, commune_id, action, entity, id, after, err);
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

const char *awards_status_label(const char *code)
{
    for (size_t i = 0; code && i < sizeof status_labels / sizeof status_labels[0]; i++)
        if (strcmp(status_labels[i][0], code) == 0)
            return status_labels[i][1];
    return code ? code : "";
}

const char *awards_role_label(const char *role)
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

td_status awards_forms_of(store *s, td_id commune_id, json_t **out, td_error *err)
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

const json_t *awards_form_find(const json_t *forms, const char *code)
{
    size_t i;
    const json_t *f;
    json_array_foreach(forms, i, f) if (code && awards_jstr(f, "code") && strcmp(awards_jstr(f, "code"), code) == 0) return f;
    return NULL;
}

td_status awards_catalogue(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    td_status st = awards_commune(s, viewer, &cid, err);
    json_t *forms = NULL;
    if (!st)
        st = awards_forms_of(s, cid, &forms, err);
    if (!st)
        *out = json_pack("{s:o}", "forms", forms);
    return st;
}

bool awards_one_of(const char *v, const char *const *allowed)
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
        st = awards_forms_of(s, cid, &forms, err); /* the defaults first, so that a new form is added to them */
    json_decref(forms);
    if (st)
        return st;
    if (!code || !*code || strlen(code) > 64)
        return td_fail(err, TD_ERR_INPUT, "mã hình thức khen thưởng không hợp lệ");
    if (!awards_filled(awards_jstr(body, "name")))
        return td_fail(err, TD_ERR_INPUT, "cần tên hình thức khen thưởng");
    if (!awards_one_of(awards_jstr(body, "kind"), kinds))
        return td_fail(err, TD_ERR_INPUT, "loại phải là hình thức khen thưởng hoặc danh hiệu");
    if (!awards_one_of(awards_jstr(body, "subject"), subjects))
        return td_fail(err, TD_ERR_INPUT, "đối tượng phải là cá nhân, tập thể hoặc cả hai");
    if (!awards_one_of(awards_jstr(body, "level"), levels))
        return td_fail(err, TD_ERR_INPUT, "cấp quyết định phải là xã, thành phố hoặc trung ương");
    if (!awards_filled(awards_jstr(body, "conferred_by")))
        return td_fail(err, TD_ERR_INPUT, "cần ghi ai có thẩm quyền quyết định");
    json_t *f = json_deep_copy(body);
    json_object_set_new(f, "code", json_string(code));
    st = store_begin(s, err);
    if (!st)
        st = store_aw_form_put(s, cid, f, err);
    if (!st)
        st = awards_audit(s, cid, "award.form.set", "award_form", 0, f, err);
    st = store_finish(s, st, err);
    json_decref(f);
    if (!st)
        st = store_aw_forms(s, cid, &forms, err);
    if (!st) {
        *out = json_pack("{s:O}", "form", awards_form_find(forms, code));
        json_decref(forms);
    }
    (void)a;
    return st;
}
