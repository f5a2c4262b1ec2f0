/* test_explain.c — one target read and judged (src/service/explain.c), as `target explain` and
 * the API's preview use it. */
#include "cmocka_all.h"

#include <string.h>

#include "service/explain.h"

static const explain_names names = {"actual", "baseline"};

static void reads_and_judges(void **state)
{
    arena *a = arena_new();
    explanation x;
    td_error e = {0};

    assert_int_equal(explain_target(a, "từ 19% trở lên", "20,5", NULL, &names, &x, &e), TD_OK);
    assert_int_equal(x.target.op, TARGET_GE);
    assert_string_equal(x.plain, "từ 19% trở lên");
    assert_true(x.judged);
    assert_int_equal(x.judgement.verdict, VERDICT_EXCEEDED);
    assert_non_null(x.judgement.rule);
    /* without a figure: read, the rule known, nothing judged */
    assert_int_equal(explain_target(a, "trên 97,2%", NULL, NULL, &names, &x, &e), TD_OK);
    assert_false(x.judged);
    assert_string_equal(x.plain, "trên 97,2%");
    assert_non_null(x.judgement.rule);
    /* a growth from its baseline; yes/no; a checklist */
    assert_int_equal(explain_target(a, "tăng 10% so với năm 2025", "105", "100", &names, &x, &e), TD_OK);
    assert_int_equal(x.judgement.verdict, VERDICT_NOT_ACHIEVED);
    assert_int_equal(explain_target(a, "hoàn thành", "có", NULL, &names, &x, &e), TD_OK);
    assert_int_equal(x.judgement.verdict, VERDICT_ACHIEVED);
    arena_free(a);
}

static void says_what_is_wrong(void **state)
{
    arena *a = arena_new();
    explanation x;
    td_error e = {0};

    /* the text: the parser's own message */
    assert_int_equal(explain_target(a, "từ 20 - 15%", NULL, NULL, &names, &x, &e), TD_ERR_INPUT);
    assert_true(strlen(e.msg) > 10);
    /* the figures: named as the caller calls them */
    assert_int_equal(explain_target(a, "từ 19%", "19.5", NULL, &names, &x, &e), TD_ERR_USAGE);
    assert_true(strncmp(e.msg, "actual: ", 8) == 0);
    assert_int_equal(explain_target(a, "hoàn thành", "có lẽ", NULL, &names, &x, &e), TD_ERR_USAGE);
    assert_non_null(strstr(e.msg, "\"có\" hoặc \"không\""));
    assert_int_equal(explain_target(a, "từ 19%", "20", "10", &names, &x, &e), TD_ERR_USAGE);
    assert_true(strncmp(e.msg, "baseline chỉ dùng", 17) == 0);
    assert_int_equal(explain_target(a, "tăng 10%", "20", "0", &names, &x, &e), TD_ERR_USAGE);
    assert_non_null(strstr(e.msg, "bằng 0"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_and_judges),
        cmocka_unit_test(says_what_is_wrong),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
