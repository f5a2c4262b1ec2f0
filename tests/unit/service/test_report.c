/* test_report.c — the reports of a plan as Word documents (src/service/report.c) on the demo
 * plan: the header block of Nghị định 30/2020, every target as the plan writes it, the unit's own
 * targets, the reminder's addressees, and who may have which report. */
#include "cmocka_all.h"

#include <stdio.h>

#include "demo_store.h"
#include "docx_read.h"
#include "service/records.h"
#include "service/report.h"
#include "service/report_docs.h"

/* The document's text, every w:t one after the other with a space between paragraphs. */
static char *text_of(const char *data, size_t len)
{
    xmlDocPtr doc = docx_part(data, len, "word/document.xml");
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "w", BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    /* a line break reads as a new line */
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST "//w:br", ctx);
    for (int i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++)
        xmlFreeNode(xmlReplaceNode(o->nodesetval->nodeTab[i], xmlNewText(BAD_CAST "\n")));
    xmlXPathFreeObject(o);
    o = xmlXPathEvalExpression(BAD_CAST "//w:p", ctx);
    size_t cap = 1 << 20, n = 0;
    char *out = calloc(cap, 1);
    for (int i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlChar *s = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        n += (size_t)snprintf(out + n, cap - n, "%s\n", (const char *)s);
        xmlFree(s);
    }
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return out;
}

static td_status make_on(store *s, arena *a, const user *u, report_kind kind, const char *unit, const char *as_of,
                         char **text, const char **name, td_error *e)
{
    char *data;
    size_t len;
    report_query q = {.kind = kind, .unit = unit, .as_of = as_of};
    td_status st = report_docx(s, a, u, 1, &q, &data, &len, name, NULL, e);
    if (!st)
        *text = text_of(data, len);
    return st;
}

static td_status make(store *s, arena *a, const user *u, report_kind kind, const char *unit, char **text,
                      const char **name, td_error *e)
{
    return make_on(s, a, u, kind, unit, "2026-12-05", text, name, e);
}

static void has(const char *text, const char *want)
{
    if (!strstr(text, want))
        fail_msg("the document lacks \"%s\"", want);
}

static void every_target(const char *text, const indicator *ind, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ind[i].target)
            has(text, ind[i].target->text);
        has(text, ind[i].name);
        every_target(text, ind[i].children, ind[i].n_children);
    }
}

static void test_consolidated(void **state)
{
    (void)state;
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    char *text = NULL;
    const char *name;
    plan *p;
    demo_store_open(&d);
    assert_int_equal(make(d.s, a, NULL, REPORT_CONSOLIDATED, NULL, &text, &name, &e), TD_OK);
    assert_string_equal(name, "bao-cao-tong-hop-2026.docx");
    has(text, "ỦY BAN NHÂN DÂN\nXÃ KIẾN HẢI");
    has(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    has(text, "Độc lập - Tự do - Hạnh phúc");
    has(text, "/BC-UBND");
    has(text, "Kiến Hải, ngày 05 tháng 12 năm 2026");
    has(text, "BÁO CÁO\nKết quả thực hiện Kế hoạch phát động phong trào thi đua năm 2026");
    has(text, "Nơi nhận:");
    has(text, "- Lưu: VT, VHXH.");
    has(text, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH");
    has(text, "Vũ Huy Thương");
    /* the plan it answers, the counts, the deadline of the units' reports, the movements */
    has(text, "về việc phát động phong trào thi đua");
    has(text, "chỉ tiêu vượt");
    /* the year still runs on 05/12: a missed target reads "chưa đạt", in the counts as in the table */
    has(text, "chỉ tiêu chưa đạt, ");
    assert_null(strstr(text, "không đạt"));
    /* the missed targets with their reasons, not repeating the verdict the heading gives */
    has(text, "- Trâu bò (386 con so với mục tiêu");
    assert_null(strstr(text, "(Chưa đạt: "));
    has(text, "trước ngày 05/12/2026");
    has(text, "Cả nước chung tay xây dựng nông thôn mới");
    assert_int_equal(records_plan(d.s, a, NULL, 1, &p, &e), TD_OK);
    every_target(text, p->indicators, p->n_indicators);
    free(text);
    demo_store_close(&d);
    arena_free(a);
}

static void test_unit_and_who_may(void **state)
{
    (void)state;
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    char *text = NULL;
    const char *name;
    plan *p;
    user rep = {.username = "thaolai", .role = ROLE_REPORTER, .org_unit_code = "thon-thai-lai", .commune_id = 1};
    user officer = {.username = "vhxh", .role = ROLE_OFFICER, .commune_id = 1};
    demo_store_open(&d);
    assert_int_equal(make(d.s, a, &rep, REPORT_UNIT, "thon-thai-lai", &text, &name, &e), TD_OK);
    assert_string_equal(name, "bao-cao-thon-thai-lai-2026.docx");
    /* the parent body above, the unit below; the unit's own targets, not the commune's */
    has(text, "ỦY BAN NHÂN DÂN\nXÃ KIẾN HẢI\nTHÔN THÁI LAI");
    has(text, "của Thôn Thái Lai");
    assert_int_equal(records_plan(d.s, a, NULL, 1, &p, &e), TD_OK);
    const indicator *pigs = plan_find_indicator(p, "1.3.4");
    const target *share = indicator_unit_target(pigs, "thon-thai-lai");
    assert_non_null(share);
    has(text, share->text);
    assert_null(strstr(text, pigs->target->text));
    has(text, "TRƯỞNG THÔN");
    free(text);

    /* a reporter gets its own unit's report only */
    assert_int_equal(make(d.s, a, &rep, REPORT_UNIT, "thon-9", &text, &name, &e), TD_ERR_FORBIDDEN);
    assert_int_equal(make(d.s, a, &rep, REPORT_CONSOLIDATED, NULL, &text, &name, &e), TD_ERR_FORBIDDEN);
    assert_int_equal(make(d.s, a, &rep, REPORT_REMINDER, NULL, &text, &name, &e), TD_ERR_FORBIDDEN);
    assert_int_equal(make(d.s, a, &officer, REPORT_UNIT, "khong-co", &text, &name, &e), TD_ERR_NOTFOUND);
    assert_int_equal(make(d.s, a, &officer, REPORT_UNIT, NULL, &text, &name, &e), TD_ERR_USAGE);
    demo_store_close(&d);
    arena_free(a);
}

static void test_reminder(void **state)
{
    (void)state;
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    char *text = NULL;
    const char *name;
    demo_store_open(&d);
    assert_int_equal(make(d.s, a, NULL, REPORT_REMINDER, NULL, &text, &name, &e), TD_OK);
    has(text, "/UBND-VHXH");
    has(text, "V/v đôn đốc báo cáo");
    has(text, "Kính gửi:\n- ");
    has(text, "- Thôn Thái Lai;\n");
    /* the demo leaves Thôn Thái Lai a figure short for the year (see the completeness tests) */
    has(text, "- Thôn Thái Lai: còn thiếu");
    has(text, "- Lưu: VT, VHXH.");
    free(text);
    demo_store_close(&d);
    arena_free(a);
}

/* The date line: a day under 10 and the months 1 and 2 with a leading zero, the others without;
 * after the year, a missed target is "không đạt". */
static void test_date_line_and_final(void **state)
{
    (void)state;
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    char *text = NULL;
    const char *name;
    demo_store_open(&d);
    assert_int_equal(make_on(d.s, a, NULL, REPORT_CONSOLIDATED, NULL, "2027-01-08", &text, &name, &e), TD_OK);
    has(text, "Kiến Hải, ngày 08 tháng 01 năm 2027");
    has(text, "chỉ tiêu không đạt, ");
    free(text);
    assert_int_equal(make_on(d.s, a, NULL, REPORT_REMINDER, NULL, "2026-11-20", &text, &name, &e), TD_OK);
    has(text, "Kiến Hải, ngày 20 tháng 11 năm 2026");
    free(text);
    assert_int_equal(make_on(d.s, a, NULL, REPORT_CONSOLIDATED, NULL, "2026-3-1", &text, &name, &e), TD_ERR_USAGE);
    demo_store_close(&d);
    arena_free(a);
}

static void test_kind_read(void **state)
{
    (void)state;
    report_kind k;
    assert_true(report_kind_read("unit", &k));
    assert_int_equal(k, REPORT_UNIT);
    assert_true(report_kind_read("reminder", &k));
    assert_int_equal(k, REPORT_REMINDER);
    assert_false(report_kind_read("Consolidated", &k));
    assert_false(report_kind_read(NULL, &k));
}

static void test_symbol(void **state)
{
    (void)state;
    arena *a = arena_new();
    assert_string_equal(report_symbol(a, REPORT_CONSOLIDATED, NULL, NULL), "BC-UBND");
    assert_string_equal(report_symbol(a, REPORT_REMINDER, NULL, NULL), "UBND-VHXH");
    assert_string_equal(report_symbol(a, REPORT_UNIT, "Thôn Thái Lai", "Kiến Hải"), "BC-TTL");
    assert_string_equal(report_symbol(a, REPORT_UNIT, "Đoàn Thanh niên", "Kiến Hải"), "BC-ĐTN");
    assert_string_equal(report_symbol(a, REPORT_UNIT, "Ủy ban Mặt trận Tổ quốc", NULL), "BC-UBMTTQ");
    /* the commune's name is in the header already; a word in capitals is an abbreviation */
    assert_string_equal(report_symbol(a, REPORT_UNIT, "Trường THCS Kiến Hải", "Kiến Hải"), "BC-TTHCS");
    assert_string_equal(report_symbol(a, REPORT_UNIT, "Trường THCS Kiến Hải", NULL), "BC-TTHCSKH");
    assert_string_equal(report_symbol(a, REPORT_UNIT, "Thôn 9", "Kiến Hải"), "BC-T9");
    arena_free(a);
}

static void test_narrative_read(void **state)
{
    (void)state;
    arena *a = arena_new();
    td_error e = {0};
    report_narrative n;
    json_t *o = json_pack("{s:s, s:s}", "results", "Kết qua\u0309 tốt", "proposals", "Đề nghị");
    assert_int_equal(report_narrative_read(a, o, &n, &e), TD_OK);
    assert_string_equal(n.results, "Kết quả tốt"); /* NFC */
    assert_string_equal(n.shortcomings, "");      /* missing: empty */
    json_t *back = report_narrative_json(&n);
    assert_string_equal(json_string_value(json_object_get(back, "proposals")), "Đề nghị");
    assert_string_equal(json_string_value(json_object_get(back, "lessons")), "");
    json_decref(back);
    json_object_set_new(o, "lessons", json_integer(5));
    assert_int_equal(report_narrative_read(a, o, &n, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "Bài học kinh nghiệm"));
    char *big = calloc(20002, 1);
    memset(big, 'a', 20001);
    json_object_set_new(o, "lessons", json_string(big));
    assert_int_equal(report_narrative_read(a, o, &n, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "20.000"));
    memset(big + 20000, 0, 1); /* 20.000 characters exactly: accepted */
    json_object_set_new(o, "lessons", json_string(big));
    assert_int_equal(report_narrative_read(a, o, &n, &e), TD_OK);
    free(big);
    json_decref(o);
    arena_free(a);
}

/* The draft: prefilled until saved; saved, it is what the document says; issuing numbers and
 * freezes; a later issue is the next number. */
static void test_draft_and_issue(void **state)
{
    (void)state;
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    json_t *out = NULL;
    char *text = NULL;
    const char *name;
    demo_store_open(&d);
    report_query q = {.kind = REPORT_CONSOLIDATED, .as_of = "2026-12-05"};
    assert_int_equal(report_docs_draft(d.s, a, NULL, 1, &q, &out, &e), TD_OK);
    assert_true(json_is_true(json_object_get(out, "prefilled")));
    assert_non_null(strstr(json_string_value(json_object_get(out, "shortcomings")), "Trâu bò"));
    json_decref(out);
    report_narrative n = {.results = "Đường làng sạch đẹp.", .shortcomings = "", .lessons = "", .proposals = ""};
    assert_int_equal(report_docs_save(d.s, a, NULL, 1, &q, &n, &out, &e), TD_OK);
    assert_true(json_is_false(json_object_get(out, "prefilled")));
    json_decref(out);
    assert_int_equal(make(d.s, a, NULL, REPORT_CONSOLIDATED, NULL, &text, &name, &e), TD_OK);
    has(text, "1. Kết quả đạt được\nĐường làng sạch đẹp.");
    assert_null(strstr(text, "Tồn tại, hạn chế")); /* an empty part is left out */
    has(text, "Số:        /BC-UBND");
    free(text);

    report_doc first = {0}, second = {0}, got = {0};
    assert_int_equal(report_docs_issue(d.s, a, NULL, 1, &q, &first, &e), TD_OK);
    assert_string_equal(report_docs_number_text(a, &first), "01/BC-UBND");
    n.results = "Sửa sau khi ban hành.";
    assert_int_equal(report_docs_save(d.s, a, NULL, 1, &q, &n, &out, &e), TD_OK);
    json_decref(out);
    assert_int_equal(report_docs_issue(d.s, a, NULL, 1, &q, &second, &e), TD_OK);
    assert_int_equal(second.number, 2);
    assert_int_equal(report_docs_get(d.s, a, NULL, first.id, &got, &name, &e), TD_OK);
    assert_string_equal(name, "01-BC-UBND-2026.docx");
    assert_string_equal(got.sha256, first.sha256);
    text = text_of((const char *)got.docx, got.docx_len);
    has(text, "Số: 01/BC-UBND");
    has(text, "Đường làng sạch đẹp.");
    assert_null(strstr(text, "Sửa sau khi ban hành."));
    free(text);
    /* another commune's account does not find it */
    user stranger = {.username = "x", .role = ROLE_ADMIN, .commune_id = 99};
    assert_int_equal(report_docs_get(d.s, a, &stranger, first.id, &got, &name, &e), TD_ERR_NOTFOUND);
    demo_store_close(&d);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consolidated),
        cmocka_unit_test(test_unit_and_who_may),
        cmocka_unit_test(test_reminder),
        cmocka_unit_test(test_date_line_and_final),
        cmocka_unit_test(test_kind_read),
        cmocka_unit_test(test_symbol),
        cmocka_unit_test(test_narrative_read),
        cmocka_unit_test(test_draft_and_issue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
