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
    "     \"measure\": \"level\", \"aggregation\": \"commune\", \"target\": {\"text\": \"trên 97,2%\"}},"
    "    {\"code\": \"6\", \"name\": \"Tỷ lệ hộ gia đình văn hóa\", \"group\": \"culture_society\", \"unit\": \"%\","
    "     \"frequency\": \"year\", \"measure\": \"level\", \"target\": {\"text\": \"đạt 98%\"}},"
    "    {\"code\": \"7\", \"name\": \"Năng suất lúa\", \"group\": \"economy\", \"unit\": \"tạ/ha\","
    "     \"frequency\": \"year\", \"measure\": \"level\", \"target\": {\"text\": \"≥ 65 tạ/ha\"}},"
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
    expect_error(f, HEAD "1,thon-9,2026-13,1\n", "so-lieu.csv:2:", "kỳ: ");
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
    expect_error(f, HEAD "1,thon-9,2026-03,\n", "so-lieu.csv:2:", "thiếu giá trị");
    expect_error(f, "indicator,org_unit,period,value,status\n1,thon-9,2026-03,1,done\n", "so-lieu.csv:2:", "trạng thái");
}

/* A rate is entered as numerator and denominator (or with its denominator); a ratio per hectare as
 * the amount and the area. Without the base it cannot roll up across units: refused, naming the
 * field as users know it. */
static void rates_and_ratios_need_their_base(void **state)
{
    fixture *f = *state;
    data_value *v = NULL;
    size_t n = 0;
    td_error e = {0};
    const char *ok = "indicator,org_unit,period,value,denominator,numerator\n"
                     "6,thon-9,2026,,\"1.200\",\"1.176\"\n"  /* 1.176 of 1.200 households: 98% */
                     "7,thon-9,2026,,10,660\n"                 /* 660 tạ over 10 ha: 66 tạ/ha */
                     "6,cong-an,2026,\"97,5\",40,\n";         /* a rate with its denominator */
    assert_int_equal(parse(f, ok, &v, &n, &e), TD_OK);
    assert_int_equal(n, 3);
    assert_true(v[0].value == 98 && v[0].has_denominator && v[0].denominator == 1200);
    assert_true(v[1].value == 66 && v[1].denominator == 10);
    assert_true(v[2].value == 97.5 && v[2].denominator == 40);
    /* the Vietnamese header names work too */
    assert_int_equal(parse(f, "chi_tieu,don_vi,ky,tu_so,mau_so\n6,thon-9,2026,49,50\n", &v, &n, &e), TD_OK);
    assert_true(v[0].value == 98);

    expect_error(f, HEAD "6,thon-9,2026,98\n", "so-lieu.csv:2:", "mẫu số: chỉ tiêu 6");
    expect_error(f, HEAD "7,thon-9,2026,66\n", "so-lieu.csv:2:", "diện tích (ha)");
    expect_error(f, "indicator,org_unit,period,numerator\n6,thon-9,2026,49\n", "so-lieu.csv:2:", "cần mẫu số");
    expect_error(f, "indicator,org_unit,period,numerator,denominator\n6,thon-9,2026,51,50\n", "so-lieu.csv:2:",
                 "tử số không được lớn hơn mẫu số");
    expect_error(f, "indicator,org_unit,period,numerator,denominator\n6,thon-9,2026,50,50\n1,thon-9,2026-03,5,1\n",
                 "so-lieu.csv:3:", "không phải tỷ lệ");
    expect_error(f, "indicator,org_unit,period,numerator,denominator\n6,thon-9,2026,10,0\n", "so-lieu.csv:2:",
                 "số dương");
    /* a commune-only rate needs no base */
    assert_int_equal(parse(f, HEAD "2,thon-9,2026-03,\"97,5\"\n", &v, &n, &e), TD_OK);
}

/* What an indicator cannot hold is refused with the reason: 100% is a rate's top, a 40-digit
 * number or a trillion is a typing error, a note has 1.000 characters at most. */
static void figures_and_notes_have_limits(void **state)
{
    fixture *f = *state;
    data_value *v = NULL;
    size_t n = 0;
    td_error e = {0};
    assert_int_equal(parse(f, HEAD "2,thon-9,2026-03,100\n1,thon-9,2026-03,\"999.999.999.999\"\n", &v, &n, &e),
                     TD_OK);
    assert_int_equal(parse(f, HEAD "1,thon-9,2026-03,\"123.456.789.012,345\"\n", &v, &n, &e), TD_OK); /* 15 digits */
    expect_error(f, HEAD "2,thon-9,2026-03,\"100,1\"\n", "so-lieu.csv:2:", "vượt quá 100%");
    expect_error(f, HEAD "1,thon-9,2026-03,\"1.000.000.000.001\"\n", "so-lieu.csv:2:", "quá lớn");
    expect_error(f, HEAD "1,thon-9,2026-03,\"12.345.678.901,23456\"\n", "so-lieu.csv:2:", "chữ số có nghĩa");
    expect_error(f, HEAD "1,thon-9,2026-03,1234567890123456789012345678901234567890\n", "so-lieu.csv:2:", "giá trị: ");
    char *note = arena_alloc(f->a, 2003);
    for (int i = 0; i < 1001; i++)
        memcpy(note + 2 * i, "ư", 2);
    note[2002] = '\0';
    expect_error(f, arena_printf(f->a, "indicator,org_unit,period,value,note\n1,thon-9,2026-03,1,%s\n", note),
                 "so-lieu.csv:2:", "ghi chú: dài 1.001 ký tự");
    note[2000] = '\0'; /* 1.000 characters: accepted */
    assert_int_equal(parse(f, arena_printf(f->a, "indicator,org_unit,period,value,note\n1,thon-9,2026-03,1,%s\n", note),
                           &v, &n, &e),
                     TD_OK);
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
                 "so-lieu.csv:2: minh chứng: ", "1.001 ký tự, tối đa 1.000");
}

/* Rows read from a spreadsheet get the CSV's checks, each message naming the cell of the field
 * it is about, and every bad row is listed. */
static void rows_name_their_cells(void **state)
{
    fixture *f = *state;
    data_value *out = NULL;
    size_t n = 0;
    td_error e = {0};
    values_row rows[4] = {0};
    const char *fields[4][4] = {{"1", "thon-9", "2026-11", "8.990"},
                                {"1", "thon-9", "2026-11", "hai nghìn"},
                                {"9.9", "thon-9", "2026-11", "5"},
                                {"3", "thon-9", "2026", "có lẽ"}};
    for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++)
            rows[r].field[c] = fields[r][c];
        rows[r].where[VALUES_INDICATOR] = r == 2 ? "Nhập số liệu!A7" : "Nhập số liệu!A5";
        rows[r].where[VALUES_UNIT] = "thidua!B3";
        rows[r].where[VALUES_PERIOD] = "thidua!B4";
        rows[r].where[VALUES_VALUE] = r == 1 ? "Nhập số liệu!E6" : "Nhập số liệu!E8";
        rows[r].line = (size_t)r + 5;
    }
    assert_int_equal(values_rows_parse(f->a, f->pf.plan, f->pf.units, f->pf.n_units, rows, 1, &out, &n, &e), TD_OK);
    assert_int_equal(n, 1);
    assert_true(out[0].value == 8990);
    assert_int_equal(values_rows_parse(f->a, f->pf.plan, f->pf.units, f->pf.n_units, rows, 4, &out, &n, &e),
                     TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "3 dòng có lỗi"));
    assert_non_null(strstr(e.msg, "Nhập số liệu!E6: giá trị: \"hai nghìn\" không phải là số"));
    assert_non_null(strstr(e.msg, "Nhập số liệu!A7: chỉ tiêu: không có chỉ tiêu \"9.9\""));
    assert_non_null(strstr(e.msg, "Nhập số liệu!E8: giá trị: chỉ tiêu 3 cần câu trả lời có/không"));
    /* a field the message is about but the row has no place for: the row's first place */
    rows[1].where[VALUES_VALUE] = NULL;
    assert_int_equal(values_rows_parse(f->a, f->pf.plan, f->pf.units, f->pf.n_units, rows + 1, 1, &out, &n, &e),
                     TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "Nhập số liệu!A5: giá trị:"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_vietnamese_numbers_and_answers),
        cmocka_unit_test(semicolon_files_and_vietnamese_headers),
        cmocka_unit_test(each_bad_line_is_named),
        cmocka_unit_test(rates_and_ratios_need_their_base),
        cmocka_unit_test(figures_and_notes_have_limits),
        cmocka_unit_test(lists_every_bad_line_up_to_a_limit),
        cmocka_unit_test(rejects_non_utf8),
        cmocka_unit_test(evidence_is_read_and_limited),
        cmocka_unit_test(rows_name_their_cells),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
