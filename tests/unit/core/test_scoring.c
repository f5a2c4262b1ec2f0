/* test_scoring.c — a block's scores, ranking with ties and classification (src/core/scoring.c). */
#include "cmocka_all.h"

#include <string.h>

#include "core/scoring.h"

static void targets_points_in_proportion(void **state)
{
    (void)state;
    assert_true(scoring_targets_points(40, 9, 10) == 36);
    assert_true(scoring_targets_points(40, 10, 10) == 40);
    assert_true(scoring_targets_points(40, 0, 10) == 0);
    /* nothing assigned: nothing to earn, never a division by zero */
    assert_true(scoring_targets_points(40, 3, 0) == 0);
    /* 40 × 2/3 = 26,666… shown and compared at 2 decimals */
    assert_true(scoring_targets_points(40, 2, 3) == 26.67);
    assert_true(scoring_targets_points(40, 12, 10) == 40);
}

static void penalties_subtract_and_the_total_is_never_negative(void **state)
{
    (void)state;
    score_criterion c[] = {{"c1", "I", "Chỉ tiêu", SCORE_TARGETS, 40},
                           {"c2", "I", "Phong trào", SCORE_MANUAL, 50},
                           {"c3", "II", "Thưởng", SCORE_BONUS, 5},
                           {"c4", "II", "Trừ", SCORE_PENALTY, 10}};
    double p[] = {36, 45.5, 2, 3};
    assert_true(scoring_total(c, p, 4) == 80.5);
    double q[] = {0, 0, 0, 10};
    assert_true(scoring_total(c, q, 4) == 0);
}

static void ties_share_the_rank_and_the_next_counts_those_above(void **state)
{
    (void)state;
    /* input in name order: A 80, B 90, C 80, D 70.004 (rounds to 70), E 70 */
    double t[] = {80, 90, 80, 70.004, 70};
    score_rank r[5];
    scoring_rank(t, 5, r);
    assert_int_equal(r[0].index, 1);
    assert_int_equal(r[0].rank, 1);
    assert_false(r[0].tied);
    /* A and C share the second place, in name order */
    assert_int_equal(r[1].index, 0);
    assert_int_equal(r[1].rank, 2);
    assert_true(r[1].tied);
    assert_int_equal(r[2].index, 2);
    assert_int_equal(r[2].rank, 2);
    assert_true(r[2].tied);
    /* 1, 2, 2, 4: the fourth unit counts the three above it */
    assert_int_equal(r[3].rank, 4);
    assert_int_equal(r[4].rank, 4);
    assert_true(r[3].tied && r[4].tied);
    assert_int_equal(r[3].index, 3);
}

static void all_equal_share_the_first_place(void **state)
{
    (void)state;
    double t[] = {50, 50, 50};
    score_rank r[3];
    scoring_rank(t, 3, r);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(r[i].rank, 1);
        assert_true(r[i].tied);
        assert_int_equal(r[i].index, (size_t)i);
    }
    double one[] = {12};
    scoring_rank(one, 1, r);
    assert_int_equal(r[0].rank, 1);
    assert_false(r[0].tied);
}

static void classification_at_the_threshold(void **state)
{
    (void)state;
    score_threshold t[] = {{"xuat_sac", "Hoàn thành xuất sắc nhiệm vụ", 90},
                           {"tot", "Hoàn thành tốt nhiệm vụ", 70},
                           {"hoan_thanh", "Hoàn thành nhiệm vụ", 50},
                           {"khong_hoan_thanh", "Không hoàn thành nhiệm vụ", 0}};
    assert_int_equal(scoring_classify(t, 4, 90), 0);
    assert_int_equal(scoring_classify(t, 4, 89.99), 1);
    assert_int_equal(scoring_classify(t, 4, 89.996), 0); /* rounds to 90,00 as shown */
    assert_int_equal(scoring_classify(t, 4, 70), 1);
    assert_int_equal(scoring_classify(t, 4, 49.99), 3);
    assert_int_equal(scoring_classify(t, 3, 10), -1);
}

static void a_table_that_does_not_hold_together_is_refused(void **state)
{
    (void)state;
    td_error err = {0};
    score_criterion ok[] = {{"c1", "I", "Chỉ tiêu", SCORE_TARGETS, 40}};
    score_threshold down[] = {{"a", "Xuất sắc", 90}, {"b", "Tốt", 70}};
    score_threshold up[] = {{"a", "Xuất sắc", 70}, {"b", "Tốt", 70}};
    assert_int_equal(scoring_validate(ok, 1, down, 2, &err), TD_OK);
    assert_int_equal(scoring_validate(ok, 0, down, 2, &err), TD_ERR_INPUT);
    assert_int_equal(scoring_validate(ok, 1, up, 2, &err), TD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "Tốt"));
    score_criterion dup[] = {{"c1", "I", "Chỉ tiêu", SCORE_TARGETS, 40}, {"c1", "I", "Phong trào", SCORE_MANUAL, 10}};
    assert_int_equal(scoring_validate(dup, 2, NULL, 0, &err), TD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "Phong trào"));
    score_criterion zero[] = {{"c1", "I", "Chỉ tiêu", SCORE_TARGETS, 0}};
    assert_int_equal(scoring_validate(zero, 1, NULL, 0, &err), TD_ERR_INPUT);
    score_kind k;
    assert_true(score_kind_parse("penalty", &k) && k == SCORE_PENALTY);
    assert_false(score_kind_parse("points", &k));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(targets_points_in_proportion),
        cmocka_unit_test(penalties_subtract_and_the_total_is_never_negative),
        cmocka_unit_test(ties_share_the_rank_and_the_next_counts_those_above),
        cmocka_unit_test(all_equal_share_the_first_place),
        cmocka_unit_test(classification_at_the_threshold),
        cmocka_unit_test(a_table_that_does_not_hold_together_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
