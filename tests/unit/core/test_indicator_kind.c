/* test_indicator_kind.c — the defaults guessed from an indicator's wording (src/core/
 * indicator_kind.c): each word class on both sides of the line that separates it from its
 * neighbours ("mới" in "thành lập mới" but not in "đổi mới", "cháy" in "số vụ cháy" but not in
 * "phòng cháy chữa cháy được kiểm tra"). */
#include "cmocka_all.h"

#include <string.h>

#include "core/indicator_kind.h"
#include "core/vnum.h"
#include "core/vtext.h"

static arena *A;

static int setup(void **state)
{
    A = arena_new();
    return 0;
}

static int teardown(void **state)
{
    arena_free(A);
    vtext_thread_cleanup();
    vnum_thread_cleanup();
    return 0;
}

struct kind_case {
    const char *name, *unit, *target;
    measure meas;
    aggregation agg;
    direction dir;
};

static const struct kind_case cases[] = {
    /* stocks and flows */
    {"Doanh nghiệp có hoạt động đổi mới sáng tạo", "doanh nghiệp", "10 doanh nghiệp", MEASURE_LEVEL, AGG_SUM,
     DIR_HIGHER},
    {"Số doanh nghiệp thành lập mới", "doanh nghiệp", "từ 20 doanh nghiệp", MEASURE_FLOW, AGG_SUM, DIR_HIGHER},
    {"Cơ sở sản xuất kinh doanh chuyển đổi thành doanh nghiệp", "cơ sở", "từ 20 cơ sở", MEASURE_FLOW, AGG_SUM,
     DIR_HIGHER},
    {"Diện tích trồng mới cây ăn quả", "ha", "50 ha", MEASURE_FLOW, AGG_SUM, DIR_HIGHER},
    {"Diện tích gieo cấy", "ha", "duy trì từ 901 - 910 ha", MEASURE_LEVEL, AGG_SUM, DIR_HIGHER},
    {"Đàn lợn", "con", "khoảng 8.990 con", MEASURE_LEVEL, AGG_SUM, DIR_HIGHER},
    {"Giới thiệu và giải quyết việc làm", "lượt", "1.500 - 2.400 lượt", MEASURE_FLOW, AGG_SUM, DIR_HIGHER},
    {"Khách sạn đạt chuẩn", "cơ sở", "5 cơ sở", MEASURE_LEVEL, AGG_SUM, DIR_HIGHER},
    {"Lượt khách du lịch", "lượt", "từ 20.000 lượt", MEASURE_FLOW, AGG_SUM, DIR_HIGHER},
    {"Xã đạt chuẩn nông thôn mới", NULL, "hoàn thành", MEASURE_YESNO, AGG_SUM, DIR_HIGHER},
    {"Thôn không ma túy", NULL, "đạt tất cả: Thôn Thái Lai; Thôn 9", MEASURE_LIST, AGG_SUM, DIR_HIGHER},
    /* ratios and rates */
    {"Năng suất lúa bình quân", "tạ/ha", "≥ 65 tạ/ha", MEASURE_LEVEL, AGG_RATIO, DIR_HIGHER},
    {"Giá trị sản phẩm trên 1 ha đất trồng trọt và nuôi trồng thủy sản", "triệu đồng", "đạt 190 - 210 triệu đồng",
     MEASURE_LEVEL, AGG_RATIO, DIR_HIGHER},
    {"Thu nhập bình quân đầu người", "%", "tăng bình quân 19%", MEASURE_LEVEL, AGG_RATIO, DIR_HIGHER},
    {"Tỷ lệ giải ngân vốn đầu tư công", "%", "đạt tối thiểu 90%", MEASURE_BUILDUP, AGG_RATE, DIR_HIGHER},
    {"Tỷ lệ người dân tham gia BHYT", "%", "trên 97,2%", MEASURE_LEVEL, AGG_RATE, DIR_HIGHER},
    {"Hộ dân được sử dụng nước sạch", "%", "100%", MEASURE_LEVEL, AGG_RATE, DIR_HIGHER},
    {"Tốc độ tăng trưởng kinh tế (GRDP)", "%", "từ 10% trở lên", MEASURE_LEVEL, AGG_COMMUNE, DIR_HIGHER},
    /* which way is better */
    {"Tỷ lệ hộ nghèo", "%", "giảm từ 0,5% trở lên", MEASURE_LEVEL, AGG_RATE, DIR_LOWER},
    {"Tỷ lệ hộ nghèo", "%", "Đạt so với chỉ tiêu được giao", MEASURE_LEVEL, AGG_RATE, DIR_LOWER},
    {"Công tác giảm nghèo", NULL, "Đạt so với chỉ tiêu được giao", MEASURE_LEVEL, AGG_SUM, DIR_HIGHER},
    {"Mức giảm tỷ lệ hộ nghèo", "%", "đạt 1%", MEASURE_LEVEL, AGG_RATE, DIR_HIGHER},
    {"Số hộ nghèo được hỗ trợ nhà ở", "hộ", "30 hộ", MEASURE_FLOW, AGG_SUM, DIR_HIGHER},
    {"Cơ sở có điều kiện về an toàn thực phẩm, phòng cháy chữa cháy được kiểm tra", "%", "100%", MEASURE_LEVEL,
     AGG_RATE, DIR_HIGHER},
    {"Số vụ cháy", "vụ", "2 vụ", MEASURE_LEVEL, AGG_SUM, DIR_LOWER},
    {"Tỷ lệ trẻ em suy dinh dưỡng", "%", "đạt 8%", MEASURE_LEVEL, AGG_RATE, DIR_LOWER},
    {"Tỷ lệ giải quyết khiếu nại", "%", "100%", MEASURE_LEVEL, AGG_RATE, DIR_HIGHER},
    {"Hồ sơ giải quyết trễ hạn", "%", "dưới 1%", MEASURE_LEVEL, AGG_RATE, DIR_LOWER},
    {"Thời gian giải quyết thủ tục", "ngày", "5 ngày", MEASURE_LEVEL, AGG_SUM, DIR_LOWER},
    {"Tỷ lệ thất nghiệp", "%", "giảm xuống dưới 1,5%", MEASURE_LEVEL, AGG_RATE, DIR_LOWER},
    {"Tỷ số giới tính khi sinh", "bé trai/100 bé gái", "105 - 110 bé trai/100 bé gái", MEASURE_LEVEL, AGG_RATIO,
     DIR_BAND},
};

static void guesses_by_word_class(void **state)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct kind_case *k = &cases[i];
        target t;
        td_error e = {0};
        indicator_kind got;
        if (target_parse(A, k->target, &t, &e) != TD_OK)
            fail_msg("%s: %s", k->target, e.msg);
        indicator_kind_guess(A, k->name, k->unit, &t, &got);
        if (got.meas != k->meas || got.agg != k->agg || got.dir != k->dir)
            fail_msg("\"%s\" (%s, %s): %s/%s/%s, expected %s/%s/%s", k->name, k->unit ? k->unit : "-", k->target,
                     measure_code(got.meas), aggregation_code(got.agg), direction_code(got.dir),
                     measure_code(k->meas), aggregation_code(k->agg), direction_code(k->dir));
    }
}

static void no_target_and_no_unit(void **state)
{
    indicator_kind got;
    indicator_kind_guess(A, "Đàn trâu bò", NULL, NULL, &got);
    assert_int_equal(got.meas, MEASURE_LEVEL);
    assert_int_equal(got.agg, AGG_SUM);
    indicator_kind_guess(A, NULL, NULL, NULL, &got);
    assert_int_equal(got.dir, DIR_HIGHER);
}

static void a_rate_is_in_points(void **state)
{
    indicator rate = {.agg = AGG_RATE}, amount = {.agg = AGG_SUM}, ratio = {.agg = AGG_RATIO};
    assert_true(indicator_is_rate(&rate));
    assert_false(indicator_is_rate(&amount));
    assert_false(indicator_is_rate(&ratio));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(guesses_by_word_class),
        cmocka_unit_test(no_target_and_no_unit),
        cmocka_unit_test(a_rate_is_in_points),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
