/* awards_docs.c — the decision and the minutes as Word documents; see awards_docs.h. */
#include "awards_docs.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/period.h"
#include "core/vtext.h"
#include "service/awards.h"
#include "service/awards_council.h"
#include "service/awards_decisions.h"
#include "service/docx.h"

#define PT11 22
#define PT12 24
#define PT13 26
#define PT14 28

typedef struct doc {
    arena *a;
    docx *d;
    int width;
} doc;

static const char *js(const json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static void line(doc *w, docx_align al, int size, bool bold, bool italic, const char *text)
{
    docx_para p = {.align = al};
    docx_run r = {.bold = bold, .italic = italic, .size = size};
    docx_text(w->d, &p, &r, text);
}

static void body(doc *w, const char *text, bool italic)
{
    docx_para p = {.align = DOCX_BOTH, .first_line = DOCX_MM(10), .before = 60, .after = 60, .line = 276};
    docx_run r = {.italic = italic, .size = PT14};
    docx_text(w->d, &p, &r, text);
}

/* "ngày 15 tháng 12 năm 2026"; blanks for a draft not yet dated. */
static const char *date_words(arena *a, const char *iso)
{
    int y = 0, m = 0, d = 0;
    if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
        return "ngày      tháng      năm      ";
    return arena_printf(a, "ngày %02d tháng %s%d năm %d", d, m < 3 ? "0" : "", m, y);
}

/* The header: the issuing body left, Quốc hiệu and Tiêu ngữ right; the number and the place
 * and date below. */
static void header(doc *w, const char *parent, const char *issuer, const char *number, const char *place,
                   const char *iso)
{
    int left = w->width * 2 / 5, widths[] = {left, w->width - left};
    docx_table_begin(w->d, widths, 2, false);
    docx_row_begin(w->d, false);
    docx_cell_begin(w->d, 1, false);
    if (parent)
        line(w, DOCX_CENTER, PT12, false, false, vtext_upper(w->a, parent));
    line(w, DOCX_CENTER, PT13, true, false, vtext_upper(w->a, issuer));
    docx_rule(w->d, left / 3, left);
    docx_cell_end(w->d);
    docx_cell_begin(w->d, 1, false);
    line(w, DOCX_CENTER, PT12, true, false, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    line(w, DOCX_CENTER, PT14, true, false, "Độc lập - Tự do - Hạnh phúc");
    docx_rule(w->d, (w->width - left) * 3 / 5, w->width - left);
    docx_cell_end(w->d);
    docx_row_end(w->d);
    docx_row_begin(w->d, false);
    docx_cell_begin(w->d, 1, false);
    docx_para p = {.align = DOCX_CENTER, .before = 120};
    docx_run r = {.size = PT13};
    docx_text(w->d, &p, &r, number);
    docx_cell_end(w->d);
    docx_cell_begin(w->d, 1, false);
    docx_run it = {.italic = true, .size = PT14};
    docx_text(w->d, &p, &it, arena_printf(w->a, "%s, %s", place, date_words(w->a, iso)));
    docx_cell_end(w->d);
    docx_row_end(w->d);
    docx_table_end(w->d);
}

static void title(doc *w, const char *type, const char *summary)
{
    docx_para t = {.align = DOCX_CENTER, .before = 360};
    docx_run b = {.bold = true, .size = PT14};
    docx_text(w->d, &t, &b, type);
    if (summary) {
        docx_para s = {.align = DOCX_CENTER};
        docx_text(w->d, &s, &b, summary);
    }
    docx_rule(w->d, w->width / 5, w->width);
}

/* A table with a header row; cells[r * n + c]. */
static void table(doc *w, const int *pct, size_t n, const char *const *head, const char **cells, size_t rows)
{
    int widths[8];
    for (size_t c = 0; c < n; c++)
        widths[c] = w->width * pct[c] / 100;
    docx_table_begin(w->d, widths, n, true);
    docx_row_begin(w->d, true);
    for (size_t c = 0; c < n; c++) {
        docx_cell_begin(w->d, 1, true);
        line(w, DOCX_CENTER, PT12, true, false, head[c]);
        docx_cell_end(w->d);
    }
    docx_row_end(w->d);
    for (size_t r = 0; r < rows; r++) {
        docx_row_begin(w->d, false);
        for (size_t c = 0; c < n; c++) {
            docx_cell_begin(w->d, 1, false);
            line(w, c == 0 ? DOCX_CENTER : DOCX_LEFT, PT12, false, false, cells[r * n + c]);
            docx_cell_end(w->d);
        }
        docx_row_end(w->d);
    }
    docx_table_end(w->d);
}

/* Two signature blocks side by side (the left one may be "Nơi nhận:"). */
static void signatures(doc *w, const char *left_title, const char *const *left_lines, size_t nl, bool recipients,
                       const char *right_authority, const char *right_title, const char *right_name,
                       const char *left_name)
{
    int left = w->width * 2 / 5, widths[] = {left, w->width - left};
    docx_table_begin(w->d, widths, 2, false);
    docx_row_begin(w->d, false);
    docx_cell_begin(w->d, 1, false);
    docx_para p = {.align = recipients ? DOCX_LEFT : DOCX_CENTER, .before = 240};
    docx_run h = {.bold = true, .italic = recipients, .size = recipients ? PT12 : PT14};
    docx_text(w->d, &p, &h, left_title);
    for (size_t i = 0; i < nl; i++)
        line(w, DOCX_LEFT, PT11, false, false, left_lines[i]);
    if (left_name) {
        docx_para gap = {.before = 1440};
        docx_para_begin(w->d, &gap);
        docx_para_end(w->d);
        line(w, DOCX_CENTER, PT14, true, false, left_name);
    }
    docx_cell_end(w->d);
    docx_cell_begin(w->d, 1, false);
    docx_para s = {.align = DOCX_CENTER, .before = 240};
    docx_run b = {.bold = true, .size = PT14};
    if (right_authority)
        docx_text(w->d, &s, &b, right_authority);
    docx_para t = {.align = DOCX_CENTER};
    docx_text(w->d, right_authority ? &t : &s, &b, right_title);
    docx_para gap = {.before = 1440};
    docx_para_begin(w->d, &gap);
    docx_para_end(w->d);
    if (right_name && *right_name)
        docx_text(w->d, &t, &b, right_name);
    docx_cell_end(w->d);
    docx_row_end(w->d);
    docx_table_end(w->d);
}

static doc doc_new(arena *a)
{
    docx_page page = {.top_mm = 20, .bottom_mm = 20, .left_mm = 30, .right_mm = 15, .font = "Times New Roman",
                      .size = PT14, .page_numbers = true};
    doc w = {.a = a, .d = docx_new(a, &page)};
    w.width = docx_text_width(w.d);
    return w;
}

static const char *ascii_number(arena *a, const char *number)
{
    char *n = vtext_fold(a, number);
    for (char *p = n; *p; p++)
        if (*p == '/')
            *p = '-';
    return n;
}

td_status awards_decision_docx(store *s, arena *a, const user *viewer, td_id id, char **data, size_t *len,
                               const char **name, td_error *err)
{
    json_t *out = NULL, *info = NULL;
    td_status st = awards_record_with_commune(s, a, viewer, id, awards_decision_get, &out, &info, err);
    if (st)
        return st;
    const json_t *d = json_object_get(out, "decision");
    const char *commune_name = js(info, "name");
    bool draft = strcmp(js(d, "status"), "draft") == 0;
    doc w = doc_new(a);
    const char *number = draft ? "Số:        /QĐ-UBND" : arena_printf(a, "Số: %s", js(d, "number"));
    header(&w, NULL, arena_printf(a, "Ủy ban nhân dân\n%s", commune_name), number, awards_place(commune_name),
           draft ? NULL : js(d, "signed_on"));
    title(&w, "QUYẾT ĐỊNH", js(d, "title"));
    line(&w, DOCX_CENTER, PT14, true, false, vtext_upper(a, arena_printf(a, "chủ tịch ủy ban nhân dân %s", commune_name)));
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(d, "legal_bases"), i, o) body(&w, json_string_value(o), true);
    docx_para q = {.align = DOCX_CENTER, .before = 120, .after = 120};
    docx_run qb = {.bold = true, .size = PT14};
    docx_text(w.d, &q, &qb, "QUYẾT ĐỊNH:");
    const json_t *awardees = json_object_get(d, "awardees");
    size_t nc = 0, ni = 0, n = json_array_size(awardees);
    json_array_foreach(awardees, i, o)
    {
        if (strcmp(js(o, "nominee_kind"), "collective") == 0)
            nc++;
        else
            ni++;
    }
    const char *who = nc && ni ? arena_printf(a, "%zu tập thể và %zu cá nhân", nc, ni)
                      : nc     ? arena_printf(a, "%zu tập thể", nc)
                               : arena_printf(a, "%zu cá nhân", ni);
    body(&w,
         arena_printf(a, "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân %s cho %s đã có thành tích trong phong "
                         "trào thi đua (danh sách kèm theo).",
                      commune_name, who),
         false);
    const char **cells = arena_calloc(a, n * 5 + 1, sizeof *cells);
    json_array_foreach(awardees, i, o)
    {
        cells[i * 5] = arena_printf(a, "%zu", i + 1);
        cells[i * 5 + 1] = js(o, "name");
        cells[i * 5 + 2] = js(o, "org_unit_name");
        cells[i * 5 + 3] = js(o, "form_name");
        cells[i * 5 + 4] = js(o, "achievement");
    }
    static const int pct[] = {7, 25, 22, 18, 28};
    static const char *const head[] = {"STT", "Tập thể, cá nhân", "Đơn vị", "Hình thức", "Thành tích"};
    table(&w, pct, 5, head, cells, n);
    body(&w, "Điều 2. Tiền thưởng kèm theo Giấy khen thực hiện theo quy định tại Nghị định số 152/2025/NĐ-CP, chi "
             "từ quỹ thi đua, khen thưởng của xã.",
         false);
    body(&w, arena_printf(a, "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND xã, "
                             "Hội đồng Thi đua - Khen thưởng %s, các tập thể, cá nhân có tên tại Điều 1 chịu trách "
                             "nhiệm thi hành Quyết định này./.",
                          commune_name),
         false);
    static const char *const to[] = {"- Như Điều 3;", "- Lưu: VT."};
    signatures(&w, "Nơi nhận:", to, 2, true, NULL, js(d, "signer_title"), js(d, "signer"), NULL);
    if (strcmp(js(d, "status"), "revoked") == 0)
        body(&w, arena_printf(a, "Quyết định đã bị thu hồi ngày %s. Lý do: %s", date_format_vi(a, js(d, "revoked_at")),
                              js(d, "revoked_reason")),
             true);
    st = docx_finish(w.d, data, len, err);
    if (!st)
        *name = draft ? arena_printf(a, "du-thao-quyet-dinh-%lld.docx", (long long)id)
                      : arena_printf(a, "quyet-dinh-%s-%lld.docx", ascii_number(a, js(d, "number")),
                                     (long long)json_integer_value(json_object_get(d, "year")));
    json_decref(out);
    json_decref(info);
    return st;
}

td_status awards_minutes_docx(store *s, arena *a, const user *viewer, td_id id, char **data, size_t *len,
                              const char **name, td_error *err)
{
    json_t *out = NULL, *info = NULL;
    td_status st = awards_record_with_commune(s, a, viewer, id, awards_session_get, &out, &info, err);
    if (st)
        return st;
    const json_t *ses = json_object_get(out, "session");
    const char *commune_name = js(info, "name");
    doc w = doc_new(a);
    header(&w, arena_printf(a, "Ủy ban nhân dân %s", commune_name), js(ses, "council_name"), "Số:      /BB-HĐTĐKT",
           awards_place(commune_name), js(ses, "held_on"));
    title(&w, "BIÊN BẢN", "Họp Hội đồng xét khen thưởng");
    body(&w, arena_printf(a, "Thời gian: %s. Địa điểm: %s.", date_words(a, js(ses, "held_on")), js(ses, "place")),
         false);
    size_t i;
    json_t *m;
    const char *chair = NULL, *secretary = NULL;
    body(&w, arena_printf(a, "Thành phần: %s.", js(json_object_get(ses, "quorum"), "text")), false);
    json_array_foreach(json_object_get(ses, "members"), i, m)
    {
        bool here = json_is_true(json_object_get(m, "present"));
        body(&w, arena_printf(a, "- %s, %s%s%s", js(m, "name"), js(m, "role_label"),
                              *js(m, "job_title") ? arena_printf(a, " (%s)", js(m, "job_title")) : "",
                              here ? "" : ": vắng mặt"),
             false);
        if (strcmp(js(m, "role"), "chair") == 0)
            chair = js(m, "name");
        if (strcmp(js(m, "role"), "secretary") == 0)
            secretary = js(m, "name");
    }
    body(&w, arena_printf(a, "Quy chế biểu quyết: %s.", js(ses, "rule_text")), false);
    body(&w, "Hội đồng đã xem xét hồ sơ, kết quả chấm điểm, xếp hạng và kết quả kiểm tra điều kiện của từng đề nghị, "
             "sau đó bỏ phiếu kín. Kết quả như sau:",
         false);
    const json_t *items = json_object_get(ses, "items");
    size_t n = json_array_size(items);
    const char **cells = arena_calloc(a, n * 7 + 1, sizeof *cells);
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const json_t *nom = json_object_get(it, "nomination");
        bool voted = json_is_true(json_object_get(it, "voted"));
        cells[i * 7] = arena_printf(a, "%zu", i + 1);
        cells[i * 7 + 1] = arena_printf(a, "%s (%s)", js(nom, "name"), js(nom, "org_unit_name"));
        cells[i * 7 + 2] = js(nom, "form_name");
        cells[i * 7 + 3] = voted ? arena_printf(a, "%lld", json_integer_value(json_object_get(it, "yes"))) : "";
        cells[i * 7 + 4] = voted ? arena_printf(a, "%lld", json_integer_value(json_object_get(it, "no"))) : "";
        cells[i * 7 + 5] = voted ? arena_printf(a, "%lld", json_integer_value(json_object_get(it, "abstain"))) : "";
        cells[i * 7 + 6] = js(it, "result_text");
    }
    static const int pct[] = {7, 27, 16, 9, 9, 10, 22};
    static const char *const head[] = {"STT", "Tập thể, cá nhân", "Hình thức", "Đồng ý", "Không đồng ý",
                                       "Không biểu quyết", "Kết quả"};
    table(&w, pct, 7, head, cells, n);
    body(&w, "Biên bản được lập xong, thông qua tại phiên họp và được các thành viên dự họp thống nhất.", false);
    signatures(&w, "THƯ KÝ", NULL, 0, false, NULL, "CHỦ TỊCH HỘI ĐỒNG", chair ? chair : "", secretary ? secretary : "");
    st = docx_finish(w.d, data, len, err);
    if (!st)
        *name = arena_printf(a, "bien-ban-hop-hoi-dong-%lld.docx", (long long)id);
    json_decref(out);
    json_decref(info);
    return st;
}

td_status awards_proposal_docx(store *s, arena *a, const user *viewer, td_id id, char **data, size_t *len,
                               const char **name, td_error *err)
{
    json_t *out = NULL, *info = NULL;
    td_status st = awards_record_with_commune(s, a, viewer, id, awards_session_get, &out, &info, err);
    if (st)
        return st;
    const json_t *ses = json_object_get(out, "session");
    if (strcmp(js(ses, "status"), "closed") != 0) {
        json_decref(out);
        json_decref(info);
        return td_fail(err, TD_ERR_CONFLICT, "phiên họp chưa kết thúc: chưa lập được tờ trình");
    }
    const char *commune_name = js(info, "name");
    doc w = doc_new(a);
    header(&w, arena_printf(a, "Ủy ban nhân dân %s", commune_name), js(ses, "council_name"), "Số:      /TTr-HĐTĐKT",
           awards_place(commune_name), js(ses, "held_on"));
    title(&w, "TỜ TRÌNH", "Đề nghị tặng Giấy khen cho các tập thể, cá nhân");
    line(&w, DOCX_CENTER, PT14, false, false,
         arena_printf(a, "Kính gửi: Chủ tịch Ủy ban nhân dân %s", commune_name));
    body(&w, arena_printf(a, "Căn cứ kết quả họp xét khen thưởng của %s %s (biên bản kèm theo), Hội đồng kính trình "
                             "Chủ tịch Ủy ban nhân dân xã xem xét, tặng Giấy khen cho các tập thể, cá nhân sau:",
                          js(ses, "council_name"), date_words(a, js(ses, "held_on"))),
         false);
    const json_t *items = json_object_get(ses, "items");
    const char **cells = arena_calloc(a, json_array_size(items) * 5 + 1, sizeof *cells);
    size_t i, n = 0;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (!json_is_true(json_object_get(it, "passed")))
            continue;
        const json_t *nom = json_object_get(it, "nomination");
        cells[n * 5] = arena_printf(a, "%zu", n + 1);
        cells[n * 5 + 1] = js(nom, "name");
        cells[n * 5 + 2] = js(nom, "org_unit_name");
        cells[n * 5 + 3] = js(nom, "achievement");
        cells[n * 5 + 4] = js(it, "result_text");
        n++;
    }
    static const int pct[] = {7, 23, 20, 30, 20};
    static const char *const head[] = {"STT", "Tập thể, cá nhân", "Đơn vị", "Thành tích", "Kết quả bình xét"};
    table(&w, pct, 5, head, cells, n);
    body(&w, "Hồ sơ kèm theo: biên bản họp Hội đồng, báo cáo thành tích của các tập thể, cá nhân.", false);
    body(&w, "Kính trình Chủ tịch Ủy ban nhân dân xã xem xét, quyết định./.", false);
    const char *chair = NULL;
    json_t *m;
    json_array_foreach(json_object_get(ses, "members"), i, m) if (strcmp(js(m, "role"), "chair") == 0) chair =
        js(m, "name");
    static const char *const to[] = {"- Như trên;", "- Lưu: VT, HĐTĐKT."};
    signatures(&w, "Nơi nhận:", to, 2, true, "TM. HỘI ĐỒNG", "CHỦ TỊCH", chair ? chair : "", NULL);
    st = docx_finish(w.d, data, len, err);
    if (!st)
        *name = arena_printf(a, "to-trinh-khen-thuong-%lld.docx", (long long)id);
    json_decref(out);
    json_decref(info);
    return st;
}
