/* test_values_json.c — the figures of a PUT …/values body (src/service/values_json.c). */
#include "cmocka_all.h"

#include <string.h>

#include "service/values_json.h"

typedef struct decoded {
    arena *a;
    value_input *rows;
    size_t n;
    json_t *problems;
    td_error e;
    td_status st;
} decoded;

static decoded decode(const char *text)
{
    decoded d = {.a = arena_new()};
    json_error_t je;
    json_t *body = json_loads(text, JSON_REJECT_DUPLICATES, &je);
    assert_non_null(body);
    d.st = values_json_decode(d.a, body, &d.rows, &d.n, &d.problems, &d.e);
    json_decref(body); /* the rows must outlive the body */
    return d;
}

static void done(decoded *d)
{
    json_decref(d->problems);
    arena_free(d->a);
}

static const char *problem(const decoded *d, size_t k)
{
    return json_string_value(json_object_get(json_array_get(d->problems, k), "message"));
}

static void reads_a_list_and_one_figure(void **state)
{
    decoded d = decode("{\"values\": [{\"indicator\": \"1.3.1\", \"org_unit\": \"thon-9\", \"period\": \"2026-01\","
                       " \"value\": 262.5, \"note\": null, \"version\": 3},"
                       " {\"indicator\": \"3\", \"org_unit\": \"thon-9\", \"period\": \"2026\", \"value\": true}]}");
    assert_int_equal(d.st, TD_OK);
    assert_null(d.problems);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.rows[0].indicator, "1.3.1");
    assert_string_equal(d.rows[0].value, "262,5"); /* a JSON number is read the Vietnamese way */
    assert_null(d.rows[0].note);
    assert_true(d.rows[0].has_version);
    assert_int_equal(d.rows[0].version, 3);
    assert_string_equal(d.rows[1].value, "có");
    assert_false(d.rows[1].has_version);
    done(&d);

    d = decode("{\"indicator\": \"2\", \"org_unit\": \"cong-an\", \"period\": \"2026-Q1\", \"numerator\": \"12\","
               " \"denominator\": \"1.500\", \"evidence\": \"QĐ 12\"}");
    assert_int_equal(d.st, TD_OK);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.rows[0].numerator, "12");
    assert_string_equal(d.rows[0].denominator, "1.500");
    assert_string_equal(d.rows[0].evidence, "QĐ 12");
    done(&d);
}

static void refuses_a_body_of_the_wrong_shape(void **state)
{
    static const char *bad[] = {"{\"values\": {\"indicator\": \"1\"}}", "{\"values\": [], \"extra\": 1}",
                                "{\"values\": null}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        decoded d = decode(bad[i]);
        assert_int_equal(d.st, TD_ERR_INPUT);
        assert_null(d.problems);
        assert_non_null(strstr(d.e.msg, "\"values\""));
        done(&d);
    }
}

/* Every fault is listed with its row; nothing is decoded when one row is bad. A version beyond
 * an int (4294967297) was cast to 1 by the API and so passed for version 1. */
static void lists_every_bad_row(void **state)
{
    decoded d = decode("{\"values\": [1, {\"indicator\": [], \"colour\": \"red\"}, {\"version\": 4294967297},"
                       " {\"version\": -1}, {\"version\": \"2\"}, {\"indicator\": \"1\"}]}");
    assert_int_equal(d.st, TD_ERR_INPUT);
    assert_null(d.rows);
    assert_int_equal(d.n, 0);
    assert_int_equal(json_array_size(d.problems), 6);
    assert_string_equal(problem(&d, 0), "cần một đối tượng JSON");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(d.problems, 1), "index")), 1);
    assert_string_equal(problem(&d, 1), "trường \"indicator\" có kiểu không hợp lệ");
    assert_string_equal(problem(&d, 2), "trường \"colour\" không được hỗ trợ");
    for (size_t k = 3; k < 6; k++) {
        assert_int_equal(json_integer_value(json_object_get(json_array_get(d.problems, k), "index")), k - 1);
        assert_non_null(strstr(problem(&d, k), "phiên bản"));
    }
    done(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_a_list_and_one_figure),
        cmocka_unit_test(refuses_a_body_of_the_wrong_shape),
        cmocka_unit_test(lists_every_bad_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
