/* test_vote.c — quorum and pass threshold at their boundaries (src/core/vote.c). */
#include "cmocka_all.h"

#include <string.h>

#include "core/vote.h"

static void quorum_of_two_thirds_at_the_boundary(void **state)
{
    (void)state;
    vote_rule r = {2, 3, 1, 2, true, false};
    /* 9 members: 6 is exactly 2/3 */
    assert_true(vote_quorum_met(&r, 9, 6));
    assert_false(vote_quorum_met(&r, 9, 5));
    assert_int_equal(vote_quorum_needed(&r, 9), 6);
    /* 7 members: 2/3 of 7 is 4,67, so 5 are needed */
    assert_false(vote_quorum_met(&r, 7, 4));
    assert_true(vote_quorum_met(&r, 7, 5));
    assert_int_equal(vote_quorum_needed(&r, 7), 5);
    assert_false(vote_quorum_met(&r, 0, 0));
}

static void more_than_half_of_the_members(void **state)
{
    (void)state;
    vote_rule r = {1, 2, 1, 2, true, false};
    /* 8 members: 4 is exactly half, not more than half */
    assert_false(vote_passed(&r, 8, 6, 4));
    assert_true(vote_passed(&r, 8, 6, 5));
    /* 7 members: 4 > 3,5 */
    assert_true(vote_passed(&r, 7, 5, 4));
    assert_false(vote_passed(&r, 7, 7, 3));
}

static void at_least_half_of_those_present(void **state)
{
    (void)state;
    vote_rule r = {1, 2, 1, 2, false, true};
    /* 6 present: 3 is half, enough for "từ 1/2 trở lên" */
    assert_true(vote_passed(&r, 9, 6, 3));
    assert_false(vote_passed(&r, 9, 6, 2));
    /* the same votes of the members: 3 of 9 is not half */
    r.pass_of_present = false;
    assert_false(vote_passed(&r, 9, 6, 3));
    assert_true(vote_passed(&r, 10, 6, 5));
    assert_false(vote_passed(&r, 0, 0, 0));
}

static void tallies_and_rules_that_cannot_be(void **state)
{
    (void)state;
    td_error err = {0};
    assert_int_equal(vote_tally_validate(5, 3, 1, 1, &err), TD_OK);
    assert_int_equal(vote_tally_validate(5, 3, 2, 1, &err), TD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "có mặt"));
    assert_int_equal(vote_tally_validate(5, -1, 0, 0, &err), TD_ERR_INPUT);
    vote_rule bad = {3, 2, 1, 2, true, false};
    assert_int_equal(vote_rule_validate(&bad, &err), TD_ERR_INPUT);
    vote_rule zero = {2, 3, 0, 2, true, false};
    assert_int_equal(vote_rule_validate(&zero, &err), TD_ERR_INPUT);
    vote_rule all = {1, 1, 1, 1, false, true};
    assert_int_equal(vote_rule_validate(&all, &err), TD_OK);
}

static void texts_state_the_rule_and_the_result(void **state)
{
    (void)state;
    arena *a = arena_new();
    vote_rule r = {2, 3, 1, 2, true, false};
    assert_string_equal(vote_quorum_text(a, &r, 7, 6), "6/7 thành viên có mặt, đạt tối thiểu 5");
    assert_string_equal(vote_quorum_text(a, &r, 7, 4), "4/7 thành viên có mặt, chưa đạt tối thiểu 5");
    assert_string_equal(vote_result_text(a, &r, 7, 6, 5),
                        "Thông qua: 5/7 thành viên hội đồng đồng ý (cần trên 1/2)");
    assert_string_equal(vote_result_text(a, &r, 8, 6, 4),
                        "Không thông qua: 4/8 thành viên hội đồng đồng ý (cần trên 1/2)");
    assert_non_null(strstr(vote_rule_text(a, &r), "ít nhất 2/3"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quorum_of_two_thirds_at_the_boundary),
        cmocka_unit_test(more_than_half_of_the_members),
        cmocka_unit_test(at_least_half_of_those_present),
        cmocka_unit_test(tallies_and_rules_that_cannot_be),
        cmocka_unit_test(texts_state_the_rule_and_the_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
