/* test_hash.c — FNV-1a (src/core/hash.c) against the published test vectors, and a figure's key
 * hash (src/core/model.c), whose parts cannot run into each other. */
#include "cmocka_all.h"

#include "core/hash.h"
#include "core/model.h"

static void matches_the_fnv1a_test_vectors(void **state)
{
    assert_true(hash_text(HASH_SEED, "") == HASH_SEED);
    assert_true(hash_text(HASH_SEED, "a") == UINT64_C(0xaf63dc4c8601ec8c));
    assert_true(hash_text(HASH_SEED, "foobar") == UINT64_C(0x85944171f73967e8));
    /* continued part by part: the same as at once */
    assert_true(hash_text(hash_text(HASH_SEED, "foo"), "bar") == hash_bytes(HASH_SEED, "foobar", 6));
}

static void a_figure_key_keeps_its_parts_apart(void **state)
{
    data_value x = {.indicator_code = "1.1", .org_unit_code = "thon-1", .period = "2026-11"};
    data_value y = {.indicator_code = "1.1t", .org_unit_code = "hon-1", .period = "2026-11"};
    data_value z = {.indicator_code = "1.1", .org_unit_code = "thon-1", .period = "2026-11"};
    assert_true(data_value_key_hash(&x) != data_value_key_hash(&y));
    assert_false(data_value_same_key(&x, &y));
    assert_true(data_value_key_hash(&x) == data_value_key_hash(&z));
    assert_true(data_value_same_key(&x, &z));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_the_fnv1a_test_vectors),
        cmocka_unit_test(a_figure_key_keeps_its_parts_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
