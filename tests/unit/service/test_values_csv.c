/* test_values_csv.c — data values from CSV (src/service/values_csv.c). */
#include "cmocka_all.h"

#include <string.h>

#include "service/planfile.h"
#include "service/values_csv.h"

static const char plan_json[] =
    "{\"format\": \"thidua-plan/1\","
    " \"commune\": {\"code\": \"kh\", \"name\": \"xã Kiến Hải\", \"city\": \"Hải Phòng\"},"
    " \"org_units\": [{\"code\": \"thon-9\", \"name\": \"Thôn 9\", \"kind\": \"village\"},"
    "                 {\"code\": \"cong-an\", \"name\": \"Công an xã\", \"kind\": \"police\"}],"
    " \"plan\": {\"number\": \"/KH-UBND\", \"issuer\": \"UBND\", \"title\": \"KH\","
    "   \"period\": {\"start\": \"2026-01-01\", \"end\": \"2026-12-31\"},"
    "   \"indicators\": ["
    "    {\"code\": \"1\", \"name\": \"Đàn lợn\", \"group\": \"economy\", \"unit\": \"con\", \"frequency\": \"month\","
    "     \"measure\": \"level\", \"target\": {\"text\": \"khoảng 8.990 con\"}},"
    "    {\"code\": \"2\", \"name\": \"BHYT\", \"group\": \"culture_society\", \"unit\": \"%\", \"frequency\": \"month\","
    "     \"measure\": \"level\", \"target\": {\"text\": \"trên 97,2%\"}},"
    "    {\"code\": \"3\", \"name\": \"Trạm y tế đạt chuẩn\", \"group\": \"culture_society\", \"frequency\": \"year\","
    "     \"measure\": \"yesno\", \"target\": {\"text\": \"đạt chuẩn Quốc gia\", \"op\": \"done\"}},"
    "    {\"code\": \"4\", \"name\": \"Thôn không ma túy\", \"group\": \"defence_security\", \"frequency\": \"year\","
    "     \"measure\": \"list\", \"target\": {\"op\": \"list\", \"items\": [\"Thôn Thái Lai\", \"Thôn 9\"]}},"
    "    {\"code\": \"5\", \"name\": \"Nhóm\", \"group\": \"economy\", \"frequency\": \"year\", \"measure\": \"level\","
    "     \"children\": [{\"code\": \"5.1\", \"name\": \"Tăng trưởng\", \"group\": \"economy\", \"unit\": \"%\","
    "       \"frequency\": \"quarter\", \"measure\": \"level\", \"target\": {\"text\": \"tăng từ 18%\"}}]}]}}";

typedef struct fixture {
    arena *a;
    planfile pf;
} fixture;

static int setup(void **state)
{
    static fixture f;
    td_error e = {0};
    f.a = arena_new();
    if (planfile_parse(f.a, "plan.json", plan_json, strlen(plan_json), &f.pf, &e) != TD_OK) {
        print_error("%s\n", e.msg);
        return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    arena_free(f->a);
    return 0;
}

static td_status parse(fixture *f, const char *csv, data_value **out, size_t *n, td_error *e)
{
    return values_csv_parse(f->a, f->pf.plan, f->pf.units, f->pf.n_units, "so-lieu.csv", csv, strlen(csv), out, n,
                            e);
}

static void reads_vietnamese_numbers_and_answers(void **state)
{
    fixture *f = *state;
    data_value *v;
    size_t n;
    td_error e = {0};
    const char *csv = "\xEF\xBB\xBFindicator,org_unit,period,value,note,status\n"
                      "1,thon-9,2026-03,8.990,,approved\n"
                      "2,thon-9,2026-q1,\"97,5\",\"Theo BHXH, quý I\",submitted\n"
                      "3,cong-an,2026,Đạt,,\n"
                      "4,cong-an,2026,\"thôn 9; THÔN THÁI LAI\",,\n"
                      "\n"
                      "5.1,thon-9,2026-Q2,\"-2,5\",,\n";
    assert_int_equal(parse(f, csv, &v, &n, &e), TD_OK);
    assert_int_equal(n, 5);
    assert_true(v[0].value == 8990);
    assert_int_equal(v[0].status, VALUE_APPROVED);
    assert_true(v[1].value == 97.5);
    assert_string_equal(v[1].period, "2026-Q1");
    assert_string_equal(v[1].note, "Theo BHXH, quý I");
    assert_true(v[2].value == 1);
    assert_int_equal(v[2].status, VALUE_DRAFT);
    assert_true(v[3].value == 2);
    assert_string_equal(v[3].text, "Thôn 9; Thôn Thái Lai"); /* items as the plan names them */
    assert_true(v[4].value == -2.5);                          /* a growth may fall */
}

static void semicolon_files_and_vietnamese_headers(void **state)
{
    fixture *f = *state;
    data_value *v;
    size_t n;
    td_error e = {0};
    const char *csv = "chi_tieu;don_vi;ky;gia_tri\r\n1;thon-9;2026-04;8.912\r\n2;thon-9;2026-04;97,3\r\n";
    assert_int_equal(parse(f, csv, &v, &n, &e), TD_OK);
    assert_int_equal(n, 2);
    assert_true(v[0].value == 8912);
    assert_true(v[1].value == 97.3);
}

static void expect_error(fixture *f, const char *csv, const char *want1, const char *want2)
{
    data_value *v;
    size_t n;
    td_error e = {0};
    assert_int_equal(parse(f, csv, &v, &n, &e), TD_ERR_INPUT);
    if (!strstr(e.msg, want1) || (want2 && !strstr(e.msg, want2)))
        fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", e.msg, want1, want2 ? want2 : "");
}

#define HEAD "indicator,org_unit,period,value\n"

static void each_bad_line_is_named(void **state)
{
    fixture *f = *state;
    expect_error(f, "", "tệp rỗng", NULL);
    expect_error(f, "indicator,unit,period,value\n", "so-lieu.csv:1:", "\"unit\"");
    expect_error(f, "indicator,org_unit,period\n", "thiếu cột bắt buộc \"value\"", NULL);
    expect_error(f, HEAD "9,thon-9,2026-03,1\n", "so-lieu.csv:2:", "không có chỉ tiêu \"9\"");
    expect_error(f, HEAD "1,thon-8,2026-03,1\n", "so-lieu.csv:2:", "thon-8");
    expect_error(f, HEAD "1,thon-9,2026-13,1\n", "so-lieu.csv:2:", "period");
    expect_error(f, HEAD "1,thon-9,2025-12,1\n", "so-lieu.csv:2:", "ngoài thời gian");
    expect_error(f, HEAD "1,thon-9,2026-03,\"8,99,0\"\n", "so-lieu.csv:2:", "8,99,0");
    expect_error(f, HEAD "1,thon-9,2026-03,8.99\n", "so-lieu.csv:2:", "kiểu Việt Nam");
    expect_error(f, HEAD "1,thon-9,2026-03,-5\n", "so-lieu.csv:2:", "không được âm");
    expect_error(f, HEAD "2,thon-9,2026-03,140\n", "so-lieu.csv:2:", "vượt quá 100%");
    expect_error(f, HEAD "3,thon-9,2026,chắc là có\n", "so-lieu.csv:2:", "có/không");
    expect_error(f, HEAD "4,thon-9,2026,Thôn Lão Phú\n", "so-lieu.csv:2:", "Thôn Lão Phú");
    expect_error(f, HEAD "5,thon-9,2026,1\n", "so-lieu.csv:2:", "là nhóm");
    /* an unquoted decimal comma splits the value: refuse rather than read 97 */
    expect_error(f, HEAD "2,thon-9,2026-03,97,5\n", "so-lieu.csv:2:", "\"97,5\"");
    expect_error(f, HEAD "1,thon-9,2026-03,1\n1,thon-9,2026-03,2\n", "so-lieu.csv:3:", "dòng 2");
    expect_error(f, HEAD "1,thon-9,2026-03,\"1\n", "so-lieu.csv:2:", "ngoặc kép");
    expect_error(f, HEAD "1,thon-9,2026-03,\n", "so-lieu.csv:2:", "\"value\"");
    expect_error(f, "indicator,org_unit,period,value,status\n1,thon-9,2026-03,1,done\n", "so-lieu.csv:2:", "status");
}

static void lists_every_bad_line_up_to_a_limit(void **state)
{
    fixture *f = *state;
    arena *a = arena_new();
    char *csv = arena_strdup(a, HEAD "1,thon-9,2026-01,1\n1,x,2026-02,1\n");
    for (int i = 0; i < 30; i++)
        csv = arena_printf(a, "%s1,thon-9,2026-%02d,abc\n", csv, (i % 12) + 1);
    data_value *v;
    size_t n;
    td_error e = {0};
    assert_int_equal(parse(f, csv, &v, &n, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "31 dòng có lỗi"));
    assert_non_null(strstr(e.msg, "so-lieu.csv:3:"));
    assert_non_null(strstr(e.msg, "so-lieu.csv:4:"));
    assert_non_null(strstr(e.msg, "và 11 lỗi khác"));
    arena_free(a);
}

static void rejects_non_utf8(void **state)
{
    fixture *f = *state;
    expect_error(f, HEAD "1,thon-9,2026-03,1\n1,Th\xf4n,2026-03,1\n", "so-lieu.csv:3:", "UTF-8");
}


/* Evidence: a column of its own (evidence or minh_chung), at most 1.000 characters, not bytes. */
static void evidence_is_read_and_limited(void **state)
{
    fixture *f = *state;
    data_value *v = NULL;
    size_t n = 0;
    td_error e = {0};
    const char *ok = arena_printf(f->a, "chi_tieu;don_vi;ky;gia_tri;minh_chung\n1;thon-9;2026-03;8.990;%s\n"
                                        "2;thon-9;2026-03;\"97,5\";\n",
                                  "Biên bản số 12/BB-UBND ngày 10/11/2026");
    assert_int_equal(parse(f, ok, &v, &n, &e), TD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].evidence, "Biên bản số 12/BB-UBND ngày 10/11/2026");
    assert_null(v[1].evidence);
    char *thousand = arena_alloc(f->a, 2001);
    for (int i = 0; i < 1000; i++)
        memcpy(thousand + 2 * i, "đ", 2); /* two bytes, one character */
    assert_int_equal(parse(f, arena_printf(f->a, "indicator,org_unit,period,value,evidence\n1,thon-9,2026-03,1,%s\n",
                                           thousand),
                           &v, &n, &e),
                     TD_OK);
    expect_error(f, arena_printf(f->a, "indicator,org_unit,period,value,evidence\n1,thon-9,2026-03,1,%sx\n", thousand),
                 "so-lieu.csv:2: cột \"evidence\"", "1001 ký tự, tối đa 1.000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_vietnamese_numbers_and_answers),
        cmocka_unit_test(semicolon_files_and_vietnamese_headers),
        cmocka_unit_test(each_bad_line_is_named),
        cmocka_unit_test(lists_every_bad_line_up_to_a_limit),
        cmocka_unit_test(rejects_non_utf8),
        cmocka_unit_test(evidence_is_read_and_limited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
