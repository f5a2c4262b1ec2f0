/* test_target.c — target specs (src/core/target.c): reading the phrases of real plans, the
 * canonical text, the text round trip for every kind, and the JSON shape. */
#include "cmocka_all.h"

#include <math.h>
#include <string.h>

#include "core/target.h"
#include "core/vnum.h"
#include "core/vtext.h"

#define NONE TARGET_CHANGE_NONE
#define INC TARGET_CHANGE_INCREASE
#define DEC TARGET_CHANGE_DECREASE
#define TIMES TARGET_CHANGE_TIMES
#define NO NAN

struct phrase {
    const char *text;
    target_op op;
    double value, high; /* NAN when absent */
    const char *unit;
    target_change change;
    int baseline;
};

/* Every target phrase of the seed plan, and the other forms officials write. */
static const struct phrase phrases[] = {
    {"từ 19% trở lên", TARGET_GE, 19, NO, "%", NONE, 0},
    {"tăng bình quân từ 19% trở lên", TARGET_GE, 19, NO, "%", INC, 0},
    {"tăng từ 18%", TARGET_GE, 18, NO, "%", INC, 0},
    {"tăng từ 4,5%", TARGET_GE, 4.5, NO, "%", INC, 0},
    {"duy trì từ 901-910 ha", TARGET_BAND, 901, 910, "ha", NONE, 0},
    {"≥ 65 tạ/ha", TARGET_GE, 65, NO, "tạ/ha", NONE, 0},
    {"$\\geq 65$ tạ/ha", TARGET_GE, 65, NO, "tạ/ha", NONE, 0},
    {"năng suất lúa bình quân  $\\geq 65$  tạ/ha", TARGET_GE, 65, NO, "tạ/ha", NONE, 0},
    {"≥ 860 ha", TARGET_GE, 860, NO, "ha", NONE, 0},
    {"khoảng 8.990 con", TARGET_APPROX, 8990, NO, "con", NONE, 0},
    {"duy trì khoảng 8.990 con", TARGET_APPROX, 8990, NO, "con", NONE, 0},
    {"≥ 148.000 con", TARGET_GE, 148000, NO, "con", NONE, 0},
    {"≈ 362,4 ha", TARGET_APPROX, 362.4, NO, "ha", NONE, 0},
    {"$\\approx 362,4$ ha", TARGET_APPROX, 362.4, NO, "ha", NONE, 0},
    {"tăng 3-5%", TARGET_RANGE, 3, 5, "%", INC, 0},
    {"tăng bình quân từ 15 - 17%", TARGET_RANGE, 15, 17, "%", INC, 0},
    {"190 - 210 triệu đồng", TARGET_RANGE, 190, 210, "triệu đồng", NONE, 0},
    {"đạt 190 - 210 triệu đồng", TARGET_RANGE, 190, 210, "triệu đồng", NONE, 0},
    {"tối thiểu 90%", TARGET_GE, 90, NO, "%", NONE, 0},
    {"đạt tối thiểu 90%", TARGET_GE, 90, NO, "%", NONE, 0},
    {"từ 20 cơ sở", TARGET_GE, 20, NO, "cơ sở", NONE, 0},
    {"10 doanh nghiệp", TARGET_EQ, 10, NO, "doanh nghiệp", NONE, 0},
    {"tăng bình quân 19%", TARGET_EQ, 19, NO, "%", INC, 0},
    {"đạt 98%", TARGET_EQ, 98, NO, "%", NONE, 0},
    {"đạt từ 90% trở lên", TARGET_GE, 90, NO, "%", NONE, 0},
    {"100%", TARGET_EQ, 100, NO, "%", NONE, 0},
    {"giảm ≥ 20% so với 2025", TARGET_GE, 20, NO, "%", DEC, 2025},
    {"giảm $\\geq 20\\%$ so với 2025", TARGET_GE, 20, NO, "%", DEC, 2025},
    {"trên 97,2%", TARGET_GT, 97.2, NO, "%", NONE, 0},
    {"đạt 60% trở lên", TARGET_GE, 60, NO, "%", NONE, 0},
    {"1.500 - 2.400 lượt", TARGET_RANGE, 1500, 2400, "lượt", NONE, 0},
    {"cho 1.500 - 2.400 lượt lao động", TARGET_RANGE, 1500, 2400, "lượt", NONE, 0},
    {"đạt trên 70%", TARGET_GT, 70, NO, "%", NONE, 0},
    {"đạt 35%", TARGET_EQ, 35, NO, "%", NONE, 0},
    {"tại 50% thôn", TARGET_EQ, 50, NO, "%", NONE, 0},
    {"trên 90%", TARGET_GT, 90, NO, "%", NONE, 0},
    {"không quá 5%", TARGET_LE, 5, NO, "%", NONE, 0},
    {"tối đa 5%", TARGET_LE, 5, NO, "%", NONE, 0},
    {"≤ 5%", TARGET_LE, 5, NO, "%", NONE, 0},
    {"dưới 3%", TARGET_LT, 3, NO, "%", NONE, 0},
    {"< 3%", TARGET_LT, 3, NO, "%", NONE, 0},
    {"Dưới 3", TARGET_LT, 3, NO, NULL, NONE, 0},
    {"khoảng 4%", TARGET_APPROX, 4, NO, "%", NONE, 0},
    {"Khoảng 4", TARGET_APPROX, 4, NO, NULL, NONE, 0},
    {"từ 15 đến 17%", TARGET_RANGE, 15, 17, "%", NONE, 0},
    {"6,6-6,8", TARGET_RANGE, 6.6, 6.8, NULL, NONE, 0},
    {"duy trì 100%", TARGET_EQ, 100, NO, "%", NONE, 0},
    {"tăng 5% so với năm 2025", TARGET_EQ, 5, NO, "%", INC, 2025},
    {"giảm xuống còn 2%", TARGET_LE, 2, NO, "%", NONE, 0},
    /* "xuống" (down to) names the level to reach, not the size of a fall */
    {"giảm xuống 2%", TARGET_LE, 2, NO, "%", NONE, 0},
    {"giảm xuống dưới 1,5%", TARGET_LT, 1.5, NO, "%", NONE, 0},
    /* a rate named by its verb: the figure is the rate, not a change */
    {"Tỷ lệ tăng dân số tự nhiên dưới 1%", TARGET_LT, 1, NO, "%", NONE, 0},
    /* a rate word that changes a share names the share's fall: a growth label */
    {"Tỷ lệ giảm nghèo 0,7%", TARGET_EQ, 0.7, NO, "%", DEC, 0},
    {"tỷ lệ giảm hộ nghèo bình quân từ 1% trở lên", TARGET_GE, 1, NO, "%", DEC, 0},
    {"Mức giảm tỉ lệ hộ cận nghèo 0,5% so với năm 2025", TARGET_EQ, 0.5, NO, "%", DEC, 2025},
    {"Tốc độ giảm nghèo đa chiều 1,5%", TARGET_EQ, 1.5, NO, "%", DEC, 0},
    /* "trở lên" a few words after the figure still bounds it; after a comma it does not */
    {"đạt 95,5% dân số trở lên", TARGET_GE, 95.5, NO, "%", NONE, 0},
    /* from one level to another: the target is where it ends */
    {"Giảm tỷ lệ hộ nghèo từ 2,1% xuống còn 1,5%", TARGET_LE, 1.5, NO, "%", NONE, 0},
    {"nâng tỷ lệ từ 60% lên 75%", TARGET_EQ, 75, NO, "%", NONE, 0},
    {"đạt 90%, các xã còn lại từ 80% trở lên", TARGET_EQ, 90, NO, "%", NONE, 0},
    {"Tốc độ tăng trưởng kinh tế đạt 8%", TARGET_EQ, 8, NO, "%", NONE, 0},
    {"Tổng giá trị sản phẩm tăng từ 19% trở lên", TARGET_GE, 19, NO, "%", INC, 0},
    /* the whole a figure is out of is not its unit */
    {"đạt 19/19 tiêu chí", TARGET_EQ, 19, NO, "tiêu chí", NONE, 0},
    /* but per so many is part of it */
    {"đạt 1,8 bác sĩ/1.000 dân", TARGET_EQ, 1.8, NO, "bác sĩ/1.000 dân", NONE, 0},
    {"80 thuê bao/100 dân", TARGET_EQ, 80, NO, "thuê bao/100 dân", NONE, 0},
    {"12-13/18 tiêu chí", TARGET_RANGE, 12, 13, "tiêu chí", NONE, 0},
    {"Hoàn thành 100% chỉ tiêu", TARGET_EQ, 100, NO, "%", NONE, 0},
    {"42,5 triệu đồng", TARGET_EQ, 42.5, NO, "triệu đồng", NONE, 0},
    {"thêm 15-20 thôn", TARGET_RANGE, 15, 20, "thôn", INC, 0},
    {"đạt 3 sản phẩm trở lên", TARGET_GE, 3, NO, "sản phẩm", NONE, 0},
    {"TRÊN 97,2%", TARGET_GT, 97.2, NO, "%", NONE, 0},
    {"hoàn thành", TARGET_DONE, NO, NO, NULL, NONE, 0},
    {"đạt chuẩn Quốc gia", TARGET_DONE, NO, NO, NULL, NONE, 0},
    {"không để dịch bệnh lớn", TARGET_DONE, NO, NO, NULL, NONE, 0},
    {"Đạt so với chỉ tiêu được giao", TARGET_ASSIGNED, NO, NO, NULL, NONE, 0},
    {"đạt so với chỉ tiêu được giao", TARGET_ASSIGNED, NO, NO, NULL, NONE, 0},
    {"Đạt và vượt chỉ tiêu thu ngân sách huyện giao", TARGET_ASSIGNED, NO, NO, NULL, NONE, 0},
    {"hoàn thành chỉ tiêu tuyển quân tỉnh giao.", TARGET_ASSIGNED, NO, NO, NULL, NONE, 0},
    {"hoàn thành chỉ tiêu về giao thông", TARGET_DONE, NO, NO, NULL, NONE, 0},
    /* a grade or a rank is not a figure, as in the extractor: one reading behind explain, the
       web preview and extraction */
    {"giữ vững chuẩn Quốc gia mức độ 1", TARGET_DONE, NO, NO, NULL, NONE, 0},
    {"kiểm định chất lượng cấp độ 3", TARGET_DONE, NO, NO, NULL, NONE, 0},
    {"tỷ lệ sinh con thứ 3 dưới 5%", TARGET_LT, 5, NO, "%", NONE, 0},
    {"trường đạt chuẩn mức độ 2 đạt 80%", TARGET_EQ, 80, NO, "%", NONE, 0},
    /* multiples of the baseline: digits or words, with or without "so với", with a comparator;
       "2 lần" alone counts times */
    {"tăng 1,5 lần so với năm 2025", TARGET_EQ, 1.5, NO, "lần", TIMES, 2025},
    {"gấp 3 lần", TARGET_EQ, 3, NO, "lần", TIMES, 0},
    {"gấp đôi", TARGET_EQ, 2, NO, "lần", TIMES, 0},
    {"Gấp Đôi so với năm 2020", TARGET_EQ, 2, NO, "lần", TIMES, 2020},
    {"gấp rưỡi năm 2025", TARGET_EQ, 1.5, NO, "lần", TIMES, 2025},
    {"gấp ba lần so với 2020", TARGET_EQ, 3, NO, "lần", TIMES, 2020},
    {"gấp từ 2 lần trở lên so với năm 2020", TARGET_GE, 2, NO, "lần", TIMES, 2020},
    {"gấp hơn 2 lần", TARGET_GT, 2, NO, "lần", TIMES, 0},
    {"tăng gấp 2,5 lần", TARGET_EQ, 2.5, NO, "lần", TIMES, 0},
    {"gấp 1,5 - 2 lần năm 2025", TARGET_RANGE, 1.5, 2, "lần", TIMES, 2025},
    {"gấp 4", TARGET_EQ, 4, NO, NULL, TIMES, 0},
    {"tổ chức 2 lần", TARGET_EQ, 2, NO, "lần", NONE, 0},
    {"tăng 2 lần kiểm tra", TARGET_EQ, 2, NO, "lần", TIMES, 0},
    {"tăng 5% so với năm 2025", TARGET_EQ, 5, NO, "%", INC, 2025},
};

static void check(const target *t, const struct phrase *w)
{
    if (t->op != w->op)
        fail_msg("\"%s\": op %s, want %s", w->text, target_op_name(t->op), target_op_name(w->op));
    if (isnan(w->value))
        assert_false(t->has_value);
    else if (!t->has_value || fabs(t->value - w->value) > 1e-9)
        fail_msg("\"%s\": value %g, want %g", w->text, t->value, w->value);
    if (isnan(w->high))
        assert_false(t->has_high);
    else if (!t->has_high || fabs(t->high - w->high) > 1e-9)
        fail_msg("\"%s\": high %g, want %g", w->text, t->high, w->high);
    if ((w->unit == NULL) != (t->unit == NULL) || (w->unit && strcmp(w->unit, t->unit) != 0))
        fail_msg("\"%s\": unit \"%s\", want \"%s\"", w->text, t->unit ? t->unit : "(null)",
                 w->unit ? w->unit : "(null)");
    if (t->change != w->change)
        fail_msg("\"%s\": change %d, want %d", w->text, t->change, w->change);
    if (t->baseline_year != w->baseline)
        fail_msg("\"%s\": baseline %d, want %d", w->text, t->baseline_year, w->baseline);
}

static void reads_the_phrases_of_real_plans(void **state)
{
    arena *a = arena_new();
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        target t;
        td_error e = {0};
        if (target_parse(a, phrases[i].text, &t, &e) != TD_OK)
            fail_msg("\"%s\" refused: %s", phrases[i].text, e.msg);
        check(&t, &phrases[i]);
        assert_string_equal(t.text, phrases[i].text); /* the text as written is kept */
        if (t.op == TARGET_APPROX)
            assert_true(t.has_tolerance && t.tolerance == TARGET_APPROX_TOLERANCE);
    }
    arena_free(a);
}

static void reads_checklists(void **state)
{
    arena *a = arena_new();
    target t;
    td_error e = {0};
    assert_int_equal(target_parse(a, "đạt tất cả: Thôn Thái Lai; Thôn Lão Phong 1; Thôn Lão Phú; Thôn 9", &t, &e),
                     TD_OK);
    assert_int_equal(t.op, TARGET_LIST);
    assert_int_equal(t.n_items, 4);
    assert_string_equal(t.items[1], "Thôn Lão Phong 1");
    assert_string_equal(t.items[3], "Thôn 9");
    assert_int_equal(target_parse(a, "đạt tất cả: ;", &t, &e), TD_ERR_INPUT);
    arena_free(a);
}

static void refuses_bad_targets(void **state)
{
    arena *a = arena_new();
    target t;
    td_error e = {0};
    assert_int_equal(target_parse(a, "   ", &t, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "trống"));
    assert_int_equal(target_parse(a, "17 - 15%", &t, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "lớn hơn"));
    /* English decimals are refused, not read as 97 or 899 */
    assert_int_equal(target_parse(a, "trên 97.2%", &t, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "97,2"));
    assert_int_equal(target_parse(a, "15 - 17.5%", &t, &e), TD_ERR_INPUT);
    assert_int_equal(target_parse(a, "tr\xea n 97%", &t, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "UTF-8"));
    /* a comparison or a unit with no figure is half-typed, not "hoàn thành" */
    static const char *const figureless[] = {"khoảng %", "trên", "Trên ha", "từ  trở lên", "≥ %", "tối thiểu ha"};
    for (size_t i = 0; i < sizeof figureless / sizeof *figureless; i++) {
        assert_int_equal(target_parse(a, figureless[i], &t, &e), TD_ERR_INPUT);
        assert_non_null(strstr(e.msg, "thiếu con số"));
    }
    /* a multiple of nothing (found by fuzz_target: it parsed, then failed validation) */
    assert_int_equal(target_parse(a, "gấp 0", &t, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "lớn hơn 0"));
    assert_int_equal(target_parse(a, "gấp 0 lần so với năm 2025", &t, &e), TD_ERR_INPUT);
    /* words that merely contain a comparing word stay a yes/no target */
    assert_int_equal(target_parse(a, "không để dịch bệnh lớn", &t, &e), TD_OK);
    assert_int_equal(t.op, TARGET_DONE);
    assert_int_equal(target_parse(a, "Hoàn thành trên địa bàn xã", &t, &e), TD_OK);
    assert_int_equal(t.op, TARGET_DONE);
    arena_free(a);
}

/* A text that holds no target is refused with its reason: punctuation only was read as a
 * yes/no achievement, and a paragraph is no phrase. */
static void refuses_text_that_holds_no_target(void **state)
{
    arena *a = arena_new();
    target t;
    td_error e = {0};
    static const char *const symbols[] = {"((((((((((", "...", "!!!", "– – –", "\"\"", "(*)", "???"};
    for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++) {
        assert_int_equal(target_parse(a, symbols[i], &t, &e), TD_ERR_INPUT);
        if (!strstr(e.msg, "không có chữ hay số"))
            fail_msg("%s: %s", symbols[i], e.msg);
    }
    static const char *const wordless[] = {"x", "(a)", "- b -", "đ."};
    for (size_t i = 0; i < sizeof wordless / sizeof *wordless; i++) {
        assert_int_equal(target_parse(a, wordless[i], &t, &e), TD_ERR_INPUT);
        if (!strstr(e.msg, "không nói điều cần đạt"))
            fail_msg("%s: %s", wordless[i], e.msg);
    }
    /* the shortest real achievements stay */
    static const char *const short_words[] = {"đạt", "Đạt", "hoàn thành", "(đạt)", "100%", "5"};
    for (size_t i = 0; i < sizeof short_words / sizeof *short_words; i++)
        if (target_parse(a, short_words[i], &t, &e) != TD_OK)
            fail_msg("%s: %s", short_words[i], e.msg);

    /* TARGET_MAX_TEXT characters, not bytes: 500 "ễ" pass (1.500 bytes), 501 do not */
    char text[4 * TARGET_MAX_TEXT + 8] = "";
    for (int i = 0; i < TARGET_MAX_TEXT; i++)
        strcat(text, i % 4 == 3 ? " " : "ễ");
    assert_int_equal(target_parse(a, text, &t, &e), TD_OK);
    assert_int_equal(t.op, TARGET_DONE);
    strcat(text, "a");
    assert_int_equal(target_parse(a, text, &t, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "501 ký tự, quá 500"));
    arena_free(a);
    (void)state;
}

static void keeps_a_stated_tolerance(void **state)
{
    arena *a = arena_new();
    target t;
    assert_int_equal(target_parse(a, "khoảng 8.990 con (± 2%)", &t, NULL), TD_OK);
    assert_int_equal(t.op, TARGET_APPROX);
    assert_true(t.tolerance == 2);
    assert_string_equal(target_format(a, &t), "khoảng 8.990 con (± 2%)");
    arena_free(a);
}

static void prints_canonical_text(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"$\\geq 65$ tạ/ha", "từ 65 tạ/ha trở lên"},
        {"trên 97,2%", "trên 97,2%"},
        {"duy trì từ 901-910 ha", "duy trì từ 901 - 910 ha"},
        {"khoảng 8.990 con", "khoảng 8.990 con"},
        {"≈ 362,4 ha", "khoảng 362,4 ha"},
        {"tăng 3-5%", "tăng 3 - 5%"},
        {"1.500 - 2.400 lượt", "1.500 - 2.400 lượt"},
        {"giảm ≥ 20% so với 2025", "giảm từ 20% trở lên so với năm 2025"},
        {"tăng bình quân 19%", "tăng 19%"},
        {"100%", "đạt 100%"},
        {"tối đa 5%", "không quá 5%"},
        {"< 3%", "dưới 3%"},
        {"đạt chuẩn Quốc gia", "hoàn thành"},
        {"Đạt so với chỉ tiêu được giao", "đạt so với chỉ tiêu được giao"},
    };
    arena *a = arena_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        target t;
        assert_int_equal(target_parse(a, cases[i].in, &t, NULL), TD_OK);
        assert_string_equal(target_format(a, &t), cases[i].out);
    }
    arena_free(a);
}

/* parse(format(t)) describes t, for every kind with and without a change and a baseline. */
static void text_round_trip_for_every_kind(void **state)
{
    static const char *units[] = {"%", "ha", "tạ/ha", "con", "lượt", "triệu đồng", "cơ sở", NULL};
    static const double values[] = {19, 97.2, 8990, 362.4, 148000, 0.5};
    const char *items[] = {"Thôn Thái Lai", "Thôn Lão Phong 1", "Thôn 9"};
    arena *a = arena_new();
    size_t n = 0;

    for (int op = TARGET_GE; op <= TARGET_ASSIGNED; op++) {
        for (int ch = NONE; ch <= TIMES; ch++) {
            for (int base = 0; base <= 1; base++) {
                for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
                    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
                        target t = {.op = (target_op)op};
                        bool numeric = op != TARGET_DONE && op != TARGET_LIST && op != TARGET_ASSIGNED;
                        if (!numeric && (ch || base || u || v))
                            continue; /* kinds without a number have one form */
                        if (ch == TIMES && u)
                            continue; /* a multiple counts "lần" */
                        if (numeric) {
                            t.has_value = true;
                            t.value = values[v];
                            t.unit = ch == TIMES ? "lần" : units[u];
                            t.change = (target_change)ch;
                            t.baseline_year = base ? 2025 : 0;
                        }
                        if (op == TARGET_RANGE || op == TARGET_BAND) {
                            t.has_high = true;
                            t.high = values[v] * 2;
                        }
                        if (op == TARGET_APPROX) {
                            t.has_tolerance = true;
                            t.tolerance = v % 2 ? TARGET_APPROX_TOLERANCE : 2.5;
                        }
                        if (op == TARGET_LIST) {
                            t.items = items;
                            t.n_items = 3;
                        }
                        if (op == TARGET_BAND && ch)
                            continue; /* "keep within" a change is not a phrase officials write */
                        target back;
                        td_error e = {0};
                        char *text = target_format(a, &t);
                        if (target_parse(a, text, &back, &e) != TD_OK)
                            fail_msg("\"%s\" refused: %s", text, e.msg);
                        if (!target_equal(&t, &back))
                            fail_msg("\"%s\" read back as op %s value %g high %g unit %s change %d base %d", text,
                                     target_op_name(back.op), back.value, back.high, back.unit ? back.unit : "-",
                                     back.change, back.baseline_year);
                        n++;
                    }
                }
            }
        }
    }
    assert_true(n > 500);
    arena_free(a);
}

static void json_shape_and_round_trip(void **state)
{
    arena *a = arena_new();
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        target t, back;
        td_error e = {0};
        assert_int_equal(target_parse(a, phrases[i].text, &t, &e), TD_OK);
        json_t *j = target_to_json(&t);
        assert_int_equal(json_object_size(j), 9); /* every key, null where unset */
        if (t.has_value)
            assert_true(json_is_number(json_object_get(j, "value")));
        else
            assert_true(json_is_null(json_object_get(j, "value")));
        assert_int_equal(target_from_json(a, j, &back, &e), TD_OK);
        assert_true(target_equal(&t, &back));
        assert_string_equal(back.text, t.text);
        json_decref(j);
    }
    target t;
    assert_int_equal(target_parse(a, "≈ 362,4 ha", &t, NULL), TD_OK);
    json_t *j = target_to_json(&t);
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    assert_string_equal(s, "{\"baseline_year\":null,\"change\":null,\"high\":null,\"items\":null,\"op\":\"approx\","
                           "\"text\":\"≈ 362,4 ha\",\"tolerance\":5,\"unit\":\"ha\",\"value\":362.4}");
    free(s);
    json_decref(j);
    arena_free(a);
}

static void json_errors_name_the_field(void **state)
{
    static const struct {
        const char *json, *want;
    } cases[] = {
        {"{\"op\": \"=>\", \"value\": 1}", "\"op\""},
        {"{\"op\": \">=\", \"value\": \"19\"}", "\"value\""},
        {"{\"op\": \">=\"}", "\"value\""},
        {"{\"op\": \"range\", \"value\": 17, \"high\": 15}", "\"high\""},
        {"{\"op\": \"range\", \"value\": 15}", "\"high\""},
        {"{\"op\": \">=\", \"value\": 1, \"unti\": \"%\"}", "\"unti\""},
        {"{\"op\": \">=\", \"value\": 1, \"change\": \"up\"}", "\"change\""},
        {"{\"op\": \">=\", \"value\": 1, \"baseline_year\": \"2025\"}", "\"baseline_year\""},
        {"{\"op\": \"list\", \"items\": []}", "\"items\""},
        {"{\"op\": \"list\", \"items\": [1]}", "\"items\""},
        {"{\"op\": \">=\", \"value\": 1, \"tolerance\": 2}", "\"tolerance\""},
        {"{}", "\"op\""},
        {"{\"text\": \"\"}", "trống"},
    };
    arena *a = arena_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_error_t je;
        json_t *j = json_loads(cases[i].json, 0, &je);
        target t;
        td_error e = {0};
        assert_non_null(j);
        assert_int_equal(target_from_json(a, j, &t, &e), TD_ERR_INPUT);
        if (!strstr(e.msg, cases[i].want))
            fail_msg("%s: message \"%s\" does not name %s", cases[i].json, e.msg, cases[i].want);
        json_decref(j);
    }
    /* text only: read by the parser; op present: the fields are taken as given */
    json_t *j = json_pack("{s:s}", "text", "trên 97,2%");
    target t;
    assert_int_equal(target_from_json(a, j, &t, NULL), TD_OK);
    assert_int_equal(t.op, TARGET_GT);
    json_decref(j);
    j = json_pack("{s:s, s:f}", "op", "approx", "value", 10.0);
    assert_int_equal(target_from_json(a, j, &t, NULL), TD_OK);
    assert_true(t.tolerance == TARGET_APPROX_TOLERANCE);
    assert_string_equal(t.text, "khoảng 10");
    json_decref(j);
    arena_free(a);
}

/* "nâng tỉ lệ …" without a figure is a rate to raise over the baseline year; a label number
 * ("mức độ 2") is no figure; "tỷ lệ tăng …" names a rate and raises nothing. */
static void a_rate_to_raise_and_labels(void **state)
{
    arena *a = arena_new();
    target t, back;
    td_error e = {0};
    assert_int_equal(target_parse(a, "nâng tỉ lệ trường đạt chuẩn mức độ 2 so với năm 2025", &t, &e), TD_OK);
    assert_int_equal(t.op, TARGET_GT);
    assert_true(t.has_value && t.value == 0);
    assert_string_equal(t.unit, "%");
    assert_int_equal(t.change, TARGET_CHANGE_INCREASE);
    assert_int_equal(t.baseline_year, 2025);
    assert_int_equal(target_parse(a, target_format(a, &t), &back, &e), TD_OK); /* the round trip */
    assert_true(target_equal(&t, &back));
    assert_int_equal(target_parse(a, "Tỷ lệ tăng dân số tự nhiên ổn định", &t, &e), TD_OK);
    assert_int_equal(t.op, TARGET_DONE);
    assert_int_equal(target_parse(a, "Tăng cường tuyên truyền", &t, &e), TD_OK);
    assert_int_equal(t.op, TARGET_DONE);
    assert_int_equal(target_parse(a, "đạt chuẩn mức độ 2 trên 80%", &t, &e), TD_OK); /* the figure after the label */
    assert_int_equal(t.op, TARGET_GT);
    assert_true(t.value == 80);
    assert_false(target_number_is_label("mức độ 1", 0));
    assert_true(target_number_is_label("mức độ 1", strlen("mức độ ")));
    assert_true(target_number_is_label("(lần thứ 3", strlen("(lần thứ ")));
    assert_false(target_number_is_label("đạt 100%", strlen("đạt ")));
    assert_true(target_number_is_label("chỉ số 5", strlen("chỉ số "))); /* "số 5" is a label */
    arena_free(a);
}

/* A multiple of the baseline (its forms are in phrases[]) is "times" in JSON, and needs a figure
 * above 0. */
static void multiples_in_json(void **state)
{
    (void)state;
    arena *a = arena_new();
    target t, back;
    td_error e = {0};
    assert_int_equal(target_parse(a, "Gấp đôi so với năm 2020", &t, &e), TD_OK);
    json_t *j = target_to_json(&t);
    assert_string_equal(json_string_value(json_object_get(j, "change")), "times");
    assert_string_equal(json_string_value(json_object_get(j, "unit")), "lần");
    assert_int_equal(target_from_json(a, j, &back, &e), TD_OK);
    assert_true(target_equal(&t, &back));
    json_decref(j);
    /* a multiple needs a figure above 0 */
    j = json_pack("{s:s, s:f, s:s, s:s}", "op", "=", "value", 0.0, "unit", "lần", "change", "times");
    assert_int_equal(target_from_json(a, j, &t, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "gấp"));
    json_decref(j);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_the_phrases_of_real_plans),
        cmocka_unit_test(reads_checklists),
        cmocka_unit_test(refuses_bad_targets),
        cmocka_unit_test(refuses_text_that_holds_no_target),
        cmocka_unit_test(keeps_a_stated_tolerance),
        cmocka_unit_test(prints_canonical_text),
        cmocka_unit_test(text_round_trip_for_every_kind),
        cmocka_unit_test(json_shape_and_round_trip),
        cmocka_unit_test(multiples_in_json),
        cmocka_unit_test(json_errors_name_the_field),
        cmocka_unit_test(a_rate_to_raise_and_labels),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vnum_thread_cleanup();
    vtext_thread_cleanup();
    return rc;
}
