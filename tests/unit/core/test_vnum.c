/* test_vnum.c — Vietnamese numbers (src/core/vnum.c). */
#include "cmocka_all.h"

#include <string.h>

#include "core/vnum.h"

static double parse_ok(const char *s)
{
    double v = -1;
    td_error e = {0};
    if (vnum_parse(s, strlen(s), &v, &e) != TD_OK)
        fail_msg("\"%s\" was refused: %s", s, e.msg);
    return v;
}

static void reads_decimal_comma_and_thousands_dot(void **state)
{
    assert_true(parse_ok("8.990") == 8990);
    assert_true(parse_ok("362,4") == 362.4);
    assert_true(parse_ok("148.000") == 148000);
    assert_true(parse_ok("1.500") == 1500);
    assert_true(parse_ok("2.400") == 2400);
    assert_true(parse_ok("4,5") == 4.5);
    assert_true(parse_ok("97,2") == 97.2);
    assert_true(parse_ok("1.234.567,89") == 1234567.89);
    assert_true(parse_ok("100") == 100);
    assert_true(parse_ok("0,25") == 0.25);
    assert_true(parse_ok("-2,5") == -2.5);
    assert_true(parse_ok("2025") == 2025);
}

static void refuses_what_is_not_a_vietnamese_number(void **state)
{
    static const char *bad[] = {"8.99", "1,2,3", "abc", "", "97.2", "1.5000", "12.345.6", ",5", "5,", "8 990", "--1",
                                "1.500,", "٣"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v;
        td_error e = {0};
        if (vnum_parse(bad[i], strlen(bad[i]), &v, &e) != TD_ERR_INPUT)
            fail_msg("\"%s\" was read as %g", bad[i], v);
        assert_non_null(strstr(e.msg, "8.990"));
    }
}

/* vnum_parse reads s[0..len) and nothing beyond (fuzz/fuzz_vnum.c found it reading on to the
 * NUL): the first len bytes of a longer text are a number of their own. */
static void reads_only_the_length_it_is_given(void **state)
{
    double v = -1;
    td_error e = {0};
    assert_int_equal(vnum_parse("12,5", 2, &v, &e), TD_OK);
    assert_true(v == 12);
    assert_int_equal(vnum_parse("8.990.000", 5, &v, &e), TD_OK);
    assert_true(v == 8990);
    assert_int_equal(vnum_parse("-1,25abc", 5, &v, &e), TD_OK);
    assert_true(v == -1.25);
    assert_int_equal(vnum_parse("8.990", 3, &v, &e), TD_ERR_INPUT); /* "8.9" */
}

/* Beyond 15 digits a double no longer holds the figure typed, and its formatted text did not
 * read back (fuzz/fuzz_vnum.c: "97777777777777777700777899770777775"). */
static void refuses_numbers_a_double_cannot_hold(void **state)
{
    static const char *big[] = {"1.000.000.000.000.000", "97777777777777777700777899770777775", "-1000000000000000"};
    double v;
    td_error e = {0};
    assert_true(parse_ok("999.999.999.999.999") == 999999999999999.0);
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        if (vnum_parse(big[i], strlen(big[i]), &v, &e) != TD_ERR_INPUT)
            fail_msg("\"%s\" was read as %g", big[i], v);
        assert_non_null(strstr(e.msg, "quá lớn"));
    }
}

static void scans_numbers_in_running_text(void **state)
{
    double v = 0;
    assert_int_equal(vnum_scan("98%.", &v), 2);
    assert_true(v == 98);
    assert_int_equal(vnum_scan("19, trong đó", &v), 2);
    assert_true(v == 19);
    assert_int_equal(vnum_scan("2025.", &v), 4);
    assert_true(v == 2025);
    assert_int_equal(vnum_scan("1.500 - 2.400 lượt", &v), 5);
    assert_true(v == 1500);
    assert_int_equal(vnum_scan("362,4 ha", &v), 5);
    assert_true(v == 362.4);
    assert_int_equal(vnum_scan("901-910 ha", &v), 3);
    assert_true(v == 901);
    assert_int_equal(vnum_scan("ha 901", &v), 0);
}

static void formats_as_officials_write(void **state)
{
    arena *a = arena_new();
    assert_string_equal(vnum_format(a, 8990, 2), "8.990");
    assert_string_equal(vnum_format(a, 362.4, 2), "362,4");
    assert_string_equal(vnum_format(a, 148000, 2), "148.000");
    assert_string_equal(vnum_format(a, 19, 2), "19");
    assert_string_equal(vnum_format(a, 97.2, 2), "97,2");
    assert_string_equal(vnum_format(a, 97.25, 1), "97,2"); /* ICU rounds half to even */
    assert_string_equal(vnum_format(a, 1234567.891, 2), "1.234.567,89");
    assert_string_equal(vnum_format(a, -1500.5, 2), "-1.500,5");
    assert_string_equal(vnum_format(a, 0.5, 0), "0");
    arena_free(a);
}

static void format_and_parse_agree(void **state)
{
    static const double values[] = {0, 1, 4.5, 19, 97.2, 362.4, 901, 1500, 8990, 148000, 1234567.5, 0.125};
    arena *a = arena_new();
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        const char *s = vnum_format(a, values[i], 4);
        assert_true(parse_ok(s) == values[i]);
    }
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_decimal_comma_and_thousands_dot),
        cmocka_unit_test(refuses_what_is_not_a_vietnamese_number),
        cmocka_unit_test(reads_only_the_length_it_is_given),
        cmocka_unit_test(refuses_numbers_a_double_cannot_hold),
        cmocka_unit_test(scans_numbers_in_running_text),
        cmocka_unit_test(formats_as_officials_write),
        cmocka_unit_test(format_and_parse_agree),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vnum_thread_cleanup();
    return rc;
}
