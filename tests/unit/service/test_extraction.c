/* test_extraction.c — a plan's text read for targets as one JSON answer (src/service/extraction.c):
 * the lines are numbered as the targets' "line" counts them. */
#include "cmocka_all.h"

#include <string.h>

#include "service/doctext.h"
#include "service/extraction.h"

static void lines_match_the_targets(void **state)
{
    arena *a = arena_new();
    td_error e = {0};
    json_t *out = NULL;
    static const char text[] = "KẾ HOẠCH\n\n(1) Tỷ lệ hộ nghèo giảm còn dưới 2%\n"
                               "(2) Tỷ lệ tham gia bảo hiểm y tế đạt từ 95% trở lên\n";

    assert_int_equal(extraction_json(a, text, strlen(text), &out, &e), TD_OK);
    json_t *lines = json_object_get(out, "lines"), *targets = json_object_get(out, "targets"), *t;
    assert_int_equal(json_array_size(lines), 4); /* the last '\n' ends line 4, it starts no line 5 */
    assert_string_equal(json_string_value(json_array_get(lines, 1)), "");
    assert_int_equal(json_array_size(targets), 2);
    size_t i;
    json_array_foreach(targets, i, t)
    {
        json_int_t line = json_integer_value(json_object_get(t, "line"));
        const char *src = json_string_value(json_array_get(lines, (size_t)line - 1));
        assert_non_null(strstr(src, json_string_value(json_object_get(t, "name"))));
    }
    assert_true(json_is_array(json_object_get(out, "unread")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(out, "plan_file"), "format")),
                        "thidua-plan/1");
    json_decref(out);

    /* a text without a last '\n', and an empty one */
    assert_int_equal(extraction_json(a, "a\nb", 3, &out, &e), TD_OK);
    assert_int_equal(json_array_size(json_object_get(out, "lines")), 2);
    json_decref(out);
    assert_int_equal(extraction_json(a, "", 0, &out, &e), TD_OK);
    assert_int_equal(json_array_size(json_object_get(out, "lines")), 1);
    json_decref(out);
    assert_int_equal(extraction_json(a, "\xff", 1, &out, &e), TD_ERR_INPUT);
    arena_free(a);
}

static const char *plan_field(json_t *out, const char *key)
{
    return json_string_value(json_object_get(json_object_get(json_object_get(out, "plan_file"), "plan"), key));
}

/* The plan's number, summary and date come from its opening lines when it has them. */
static void the_header_is_read_when_written(void **state)
{
    arena *a = arena_new();
    td_error e = {0};
    json_t *out = NULL;
    static const char text[] = "Số: 12/KH-UBND\n\nKiến Hải, ngày 05 tháng 3 năm 2026\n\n## KẾ HOẠCH\n\n"
                               "**Phát động phong trào thi đua\nnăm 2026**\n\n(1) Tỷ lệ hộ nghèo giảm còn dưới 2%\n";
    assert_int_equal(extraction_json(a, text, strlen(text), &out, &e), TD_OK);
    assert_string_equal(plan_field(out, "number"), "12/KH-UBND");
    assert_string_equal(plan_field(out, "title"), "Phát động phong trào thi đua năm 2026");
    assert_string_equal(plan_field(out, "issued_on"), "2026-03-05");
    json_decref(out);

    /* no number after "Số:", a date without its day, no heading: nothing is made up */
    static const char bare_text[] = "Số:    \nKiến Hải, ngày    tháng 3 năm 2026\n(1) Tỷ lệ hộ nghèo giảm còn dưới 2%\n";
    assert_int_equal(extraction_json(a, bare_text, strlen(bare_text), &out, &e), TD_OK);
    assert_string_equal(plan_field(out, "number"), "");
    assert_string_equal(plan_field(out, "title"), "");
    assert_null(plan_field(out, "issued_on"));
    json_decref(out);
    arena_free(a);
}

/* The answer is measured before it is sent: one byte over its limit is refused with 413's
 * status, one byte under is answered; a text over DOCTEXT_MAX_TEXT is refused before reading. */
static void answer_and_text_are_capped(void **state)
{
    arena *a = arena_new();
    td_error e = {0};
    json_t *out = NULL;
    static const char text[] = "(1) Tỷ lệ hộ nghèo giảm còn dưới 2%\n";

    assert_int_equal(extraction_json(a, text, strlen(text), &out, &e), TD_OK);
    size_t size = json_dumpb(out, NULL, 0, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(out);
    assert_int_equal(extraction_json_within(a, text, strlen(text), size, &out, &e), TD_OK);
    json_decref(out);
    out = NULL;
    assert_int_equal(extraction_json_within(a, text, strlen(text), size - 1, &out, &e), TD_ERR_TOO_LARGE);
    assert_null(out);
    assert_non_null(strstr(e.msg, "quá lớn"));

    size_t n = DOCTEXT_MAX_TEXT + 1;
    char *big = arena_alloc(a, n + 1);
    memset(big, 'a', n);
    big[n] = '\0';
    assert_int_equal(extraction_json(a, big, n, &out, &e), TD_ERR_TOO_LARGE);
    assert_non_null(strstr(e.msg, "văn bản quá dài"));
    arena_free(a);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(lines_match_the_targets),
                                       cmocka_unit_test(the_header_is_read_when_written),
                                       cmocka_unit_test(answer_and_text_are_capped)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
