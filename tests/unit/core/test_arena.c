/* test_arena.c — the bump allocator (src/core/arena.c). */
#include "cmocka_all.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"

static void allocations_are_zeroed_aligned_and_distinct(void **state)
{
    arena *a = arena_new();
    char *prev = NULL;
    for (size_t size = 1; size < 5000; size += 37) {
        char *p = arena_alloc(a, size);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (size_t i = 0; i < size; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, size);
        assert_ptr_not_equal(p, prev);
        prev = p;
    }
    arena_free(a);
}

static void large_allocations_and_strings(void **state)
{
    arena *a = arena_new();
    char *small = arena_strdup(a, "Kiến Hải");
    char *big = arena_alloc(a, 3u << 20);
    big[(3u << 20) - 1] = 'x';
    char *after = arena_strdup(a, "sau");
    assert_string_equal(small, "Kiến Hải");
    assert_string_equal(after, "sau");
    assert_string_equal(arena_printf(a, "%d/%s", 56, "KH-UBND"), "56/KH-UBND");
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_null(arena_strdup(a, NULL));
    assert_true(arena_used(a) >= (3u << 20));
    arena_free(a);
}

/* A growing array keeps every item in order across its moves to larger blocks. */
static void pushed_items_survive_growth(void **state)
{
    arena *a = arena_new();
    long *items = NULL;
    size_t n = 0, cap = 0;
    for (long i = 0; i < 1000; i++) {
        long *slot = arena_push(a, (void **)&items, &n, &cap, sizeof *items);
        assert_int_equal(*slot, 0); /* zeroed */
        *slot = i * 3;
    }
    assert_int_equal(n, 1000);
    assert_true(cap >= 1000 && cap < 2048);
    for (long i = 0; i < 1000; i++)
        assert_int_equal(items[i], i * 3);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(allocations_are_zeroed_aligned_and_distinct),
        cmocka_unit_test(large_allocations_and_strings),
        cmocka_unit_test(pushed_items_survive_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
