/* test_period.c — reporting periods and dates (src/core/period.c). */
#include "cmocka_all.h"

#include <string.h>

#include "core/period.h"

static void parses_the_three_forms(void **state)
{
    period p;
    char code[12];

    assert_int_equal(period_parse("2026-03", &p, NULL), TD_OK);
    assert_int_equal(p.kind, PERIOD_MONTH);
    assert_int_equal(p.index, 3);
    period_code(&p, code);
    assert_string_equal(code, "2026-03");

    assert_int_equal(period_parse("2026-q3", &p, NULL), TD_OK);
    assert_int_equal(p.kind, PERIOD_QUARTER);
    period_code(&p, code);
    assert_string_equal(code, "2026-Q3");

    assert_int_equal(period_parse("2026", &p, NULL), TD_OK);
    assert_int_equal(p.kind, PERIOD_YEAR);
    period_code(&p, code);
    assert_string_equal(code, "2026");
}

static void rejects_bad_periods_with_a_message(void **state)
{
    static const char *bad[] = {"", "26", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026/03", "2026-3",
                                "20a6", "2026-03-01", "1800"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        td_error e = {0};
        period p;
        assert_int_equal(period_parse(bad[i], &p, &e), TD_ERR_INPUT);
        assert_non_null(strstr(e.msg, "2026-Q1"));
    }
}

static void labels_in_vietnamese(void **state)
{
    arena *a = arena_new();
    period p = {PERIOD_QUARTER, 2026, 3};
    assert_string_equal(period_label_vi(a, &p), "quý III/2026");
    p = (period){PERIOD_MONTH, 2026, 12};
    assert_string_equal(period_label_vi(a, &p), "tháng 12/2026");
    p = (period){PERIOD_YEAR, 2026, 0};
    assert_string_equal(period_label_vi(a, &p), "năm 2026");
    arena_free(a);
}

static void containment(void **state)
{
    period year = {PERIOD_YEAR, 2026, 0}, q2 = {PERIOD_QUARTER, 2026, 2}, may = {PERIOD_MONTH, 2026, 5},
           jul = {PERIOD_MONTH, 2026, 7}, may25 = {PERIOD_MONTH, 2025, 5};
    assert_true(period_contains(&year, &q2));
    assert_true(period_contains(&q2, &may));
    assert_false(period_contains(&q2, &jul));
    assert_false(period_contains(&year, &may25));
    assert_false(period_contains(&may, &q2));
}

static void dates(void **state)
{
    arena *a = arena_new();
    assert_true(date_iso_valid("2026-12-05"));
    assert_true(date_iso_valid("2024-02-29"));
    assert_false(date_iso_valid("2026-02-29"));
    assert_false(date_iso_valid("2026-12-32"));
    assert_false(date_iso_valid("05/12/2026"));
    assert_false(date_iso_valid(NULL));
    assert_string_equal(date_format_vi(a, "2026-12-05"), "05/12/2026");
    assert_string_equal(date_format_vi(a, "2026-02-18"), "18/02/2026");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_the_three_forms), cmocka_unit_test(rejects_bad_periods_with_a_message),
        cmocka_unit_test(labels_in_vietnamese),   cmocka_unit_test(containment),
        cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
