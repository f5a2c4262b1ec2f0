/* test_evaluate.c — the target engine (src/core/evaluate.c, src/core/formula.c): each target
 * kind against each verdict on both sides of its bound, degrees, growth against a baseline,
 * flows and levels, weighted rates across units, formulas, the pace projection, the roll-up. */
#include "cmocka_all.h"

#include <math.h>
#include <string.h>

#include "core/evaluate.h"
#include "core/formula.h"
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

static eval_judgement judge_dir(const char *text, direction dir, double actual, bool final)
{
    target t;
    td_error e = {0};
    assert_int_equal(target_parse(A, text, &t, &e), TD_OK);
    eval_actual x = {.has_value = true, .value = actual};
    eval_judgement j;
    eval_judge(A, &t, dir, NULL, &x, final, &j);
    return j;
}

static eval_judgement judge(const char *text, double actual, bool final)
{
    return judge_dir(text, DIR_HIGHER, actual, final);
}

struct verdict_case {
    const char *target;
    direction dir;
    double actual;
    eval_verdict verdict;
    double degree;
};

/* Both sides of every bound, for every kind that takes a number. */
static const struct verdict_case cases[] = {
    /* explicit comparators keep their sense whatever the direction */
    {"trên 97,2%", DIR_HIGHER, 97.2, VERDICT_NOT_ACHIEVED, 99.9}, /* a miss never prints as 100% */
    {"trên 97,2%", DIR_HIGHER, 97.5, VERDICT_ACHIEVED, 97.5 / 97.2 * 100},
    {"từ 19% trở lên", DIR_HIGHER, 19, VERDICT_ACHIEVED, 100},
    {"từ 19% trở lên", DIR_HIGHER, 18.99, VERDICT_NOT_ACHIEVED, 18.99 / 19 * 100},
    {"từ 19% trở lên", DIR_HIGHER, 19.01, VERDICT_EXCEEDED, 19.01 / 19 * 100},
    {"từ 19% trở lên", DIR_LOWER, 19.01, VERDICT_EXCEEDED, 19.01 / 19 * 100},
    {"đạt tối thiểu 90%", DIR_HIGHER, 89.99, VERDICT_NOT_ACHIEVED, 99.9}, /* not "Không đạt (100%)" */
    {"không quá 4%", DIR_HIGHER, 4, VERDICT_ACHIEVED, 100},
    {"không quá 4%", DIR_HIGHER, 3, VERDICT_EXCEEDED, 4.0 / 3 * 100},
    {"không quá 4%", DIR_HIGHER, 4.1, VERDICT_NOT_ACHIEVED, 4 / 4.1 * 100},
    {"dưới 3%", DIR_HIGHER, 3, VERDICT_NOT_ACHIEVED, 99.9},
    {"dưới 3%", DIR_HIGHER, 2.9, VERDICT_ACHIEVED, 3 / 2.9 * 100},
    {"giảm xuống dưới 1,5%", DIR_LOWER, 1.4, VERDICT_ACHIEVED, 1.5 / 1.4 * 100},
    {"giảm xuống dưới 1,5%", DIR_LOWER, 1.6, VERDICT_NOT_ACHIEVED, 1.5 / 1.6 * 100},
    /* "=": the direction decides which side exceeds */
    {"đạt 98%", DIR_HIGHER, 98, VERDICT_ACHIEVED, 100},
    {"đạt 98%", DIR_HIGHER, 97.9, VERDICT_NOT_ACHIEVED, 97.9 / 98 * 100},
    {"đạt 98%", DIR_HIGHER, 99, VERDICT_EXCEEDED, 99.0 / 98 * 100},
    {"đạt 2%", DIR_LOWER, 1.5, VERDICT_EXCEEDED, 2 / 1.5 * 100},
    {"đạt 2%", DIR_LOWER, 2.5, VERDICT_NOT_ACHIEVED, 2 / 2.5 * 100},
    {"đạt 2%", DIR_BAND, 1.5, VERDICT_NOT_ACHIEVED, 75},
    {"đạt 2%", DIR_BAND, 2, VERDICT_ACHIEVED, 100},
    /* ranges: higher-better exceeds above, lower-better below, a band misses on either side */
    {"15 - 17%", DIR_HIGHER, 14.9, VERDICT_NOT_ACHIEVED, 14.9 / 15 * 100},
    {"15 - 17%", DIR_HIGHER, 15, VERDICT_ACHIEVED, 100},
    {"15 - 17%", DIR_HIGHER, 17, VERDICT_ACHIEVED, 17.0 / 15 * 100},
    {"15 - 17%", DIR_HIGHER, 17.1, VERDICT_EXCEEDED, 17.1 / 15 * 100},
    {"15 - 17%", DIR_LOWER, 14.9, VERDICT_EXCEEDED, 17 / 14.9 * 100},
    {"15 - 17%", DIR_LOWER, 16, VERDICT_ACHIEVED, 17.0 / 16 * 100},
    {"15 - 17%", DIR_LOWER, 17.1, VERDICT_NOT_ACHIEVED, 17 / 17.1 * 100},
    {"15 - 17%", DIR_BAND, 17.1, VERDICT_NOT_ACHIEVED, 17 / 17.1 * 100},
    {"15 - 17%", DIR_BAND, 14.9, VERDICT_NOT_ACHIEVED, 14.9 / 15 * 100},
    {"duy trì từ 901 - 910 ha", DIR_HIGHER, 900, VERDICT_NOT_ACHIEVED, 900.0 / 901 * 100},
    {"duy trì từ 901 - 910 ha", DIR_HIGHER, 901, VERDICT_ACHIEVED, 100},
    {"duy trì từ 901 - 910 ha", DIR_HIGHER, 911, VERDICT_EXCEEDED, 911.0 / 901 * 100}, /* more land is better */
    {"duy trì từ 901 - 910 ha", DIR_BAND, 901, VERDICT_ACHIEVED, 100},
    {"duy trì từ 901 - 910 ha", DIR_BAND, 910, VERDICT_ACHIEVED, 100},
    {"duy trì từ 901 - 910 ha", DIR_BAND, 911, VERDICT_NOT_ACHIEVED, 910.0 / 911 * 100},
    {"duy trì từ 901 - 910 ha", DIR_BAND, 900, VERDICT_NOT_ACHIEVED, 900.0 / 901 * 100},
    /* about: inside the tolerance achieves (degree at least 100), beyond it the direction decides */
    {"khoảng 8.990 con", DIR_HIGHER, 8540.5, VERDICT_ACHIEVED, 100},
    {"khoảng 8.990 con", DIR_HIGHER, 8540, VERDICT_NOT_ACHIEVED, 8540.0 / 8990 * 100},
    {"khoảng 8.990 con", DIR_HIGHER, 9439.5, VERDICT_ACHIEVED, 9439.5 / 8990 * 100},
    {"khoảng 8.990 con", DIR_HIGHER, 9500, VERDICT_EXCEEDED, 9500.0 / 8990 * 100}, /* more pigs is better */
    {"khoảng 8.990 con", DIR_BAND, 9440, VERDICT_NOT_ACHIEVED, 8990.0 / 9440 * 100},
    {"khoảng 8.990 con", DIR_BAND, 8540, VERDICT_NOT_ACHIEVED, 8540.0 / 8990 * 100},
    {"khoảng 2%", DIR_LOWER, 2.05, VERDICT_ACHIEVED, 100}, /* 97,6% of the bound, achieved: shown as 100 */
    {"khoảng 2%", DIR_LOWER, 1.5, VERDICT_EXCEEDED, 2 / 1.5 * 100},
    {"khoảng 2%", DIR_LOWER, 2.2, VERDICT_NOT_ACHIEVED, 2 / 2.2 * 100},
    /* a growth is judged on its change, in its own sense */
    {"tăng từ 18%", DIR_HIGHER, 18, VERDICT_ACHIEVED, 100},
    {"tăng 3 - 5%", DIR_HIGHER, 2, VERDICT_NOT_ACHIEVED, 2.0 / 3 * 100},
    {"tăng 3 - 5%", DIR_HIGHER, -2, VERDICT_NOT_ACHIEVED, 0}, /* a fall reads 0%, never a negative degree */
    {"giảm 3 - 5%", DIR_LOWER, 6, VERDICT_EXCEEDED, 200},
};

static void every_kind_on_both_sides(void **state)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eval_judgement j = judge_dir(cases[i].target, cases[i].dir, cases[i].actual, true);
        if (j.verdict != cases[i].verdict)
            fail_msg("%s (%s) with %g: %s", cases[i].target, direction_code(cases[i].dir), cases[i].actual, j.reason);
        assert_true(j.has_degree);
        if (fabs(j.degree - cases[i].degree) > 1e-6)
            fail_msg("%s (%s) with %g: degree %g, expected %g", cases[i].target, direction_code(cases[i].dir),
                     cases[i].actual, j.degree, cases[i].degree);
        /* the degree printed never contradicts the verdict */
        if (j.verdict == VERDICT_NOT_ACHIEVED)
            assert_true(j.degree < 99.95);
        else
            assert_true(j.degree >= 100);
        assert_non_null(j.rule);
    }
}

static void reasons_are_vietnamese(void **state)
{
    eval_judgement j = judge("trên 97,2%", 97.5, true);
    assert_string_equal(j.reason, "Đạt: 97,5% so với mục tiêu trên 97,2% (100,3% mục tiêu)");
    j = judge("trên 97,2%", 96.8, false);
    assert_string_equal(j.reason, "Chưa đạt: 96,8% so với mục tiêu trên 97,2% (99,6% mục tiêu)");
    j = judge("trên 97,2%", 96.8, true);
    assert_true(strncmp(j.reason, "Không đạt", strlen("Không đạt")) == 0);
    j = judge("khoảng 8.990 con", 9500, true);
    assert_non_null(strstr(j.reason, "cao hơn dung sai ± 5%"));
    assert_non_null(strstr(j.reason, "(càng cao càng tốt)")); /* the rule that made it "Vượt" */
    j = judge_dir("duy trì từ 901 - 910 ha", DIR_BAND, 911, true);
    assert_non_null(strstr(j.reason, "cao hơn cận trên của khoảng (cần nằm trong khoảng)"));
    assert_non_null(strstr(j.rule, "ra ngoài về phía nào cũng không đạt"));
    assert_string_equal(eval_verdict_label_vi(VERDICT_NOT_ACHIEVED, false), "Chưa đạt");
}

static void done_list_assigned_and_no_data(void **state)
{
    target t;
    eval_judgement j;
    td_error e = {0};
    assert_int_equal(target_parse(A, "hoàn thành", &t, &e), TD_OK);
    eval_actual yes = {.has_yes = true, .yes = true}, no = {.has_yes = true, .yes = false}, none = {0};
    eval_judge(A, &t, DIR_HIGHER, NULL, &yes, true, &j);
    assert_int_equal(j.verdict, VERDICT_ACHIEVED);
    assert_true(j.degree == 100);
    eval_judge(A, &t, DIR_HIGHER, NULL, &no, true, &j);
    assert_int_equal(j.verdict, VERDICT_NOT_ACHIEVED);
    assert_true(j.degree == 0);
    eval_judge(A, &t, DIR_HIGHER, NULL, &none, true, &j);
    assert_int_equal(j.verdict, VERDICT_NO_DATA);
    assert_false(j.has_degree);

    assert_int_equal(target_parse(A, "đạt tất cả: Thôn Thái Lai; Thôn Lão Phú; Thôn 9", &t, &e), TD_OK);
    const char *some[] = {"thôn thai lai", "Thôn 9"};
    eval_actual two = {.has_items = true, .items = some, .n_items = 2};
    eval_judge(A, &t, DIR_HIGHER, NULL, &two, true, &j);
    assert_int_equal(j.verdict, VERDICT_NOT_ACHIEVED);
    assert_true(fabs(j.degree - 200.0 / 3) < 1e-9);
    assert_non_null(strstr(j.reason, "còn: Thôn Lão Phú"));
    const char *all[] = {"Thôn Thái Lai", "Thôn Lão Phú", "Thôn 9"};
    eval_actual three = {.has_items = true, .items = all, .n_items = 3};
    eval_judge(A, &t, DIR_HIGHER, NULL, &three, true, &j);
    assert_int_equal(j.verdict, VERDICT_ACHIEVED);

    assert_int_equal(target_parse(A, "Đạt so với chỉ tiêu được giao", &t, &e), TD_OK);
    eval_actual x = {.has_value = true, .value = 1.2};
    eval_judge(A, &t, DIR_HIGHER, NULL, &x, true, &j);
    assert_int_equal(j.verdict, VERDICT_AWAITING);
    double assigned = 1.5;
    eval_judge(A, &t, DIR_HIGHER, &assigned, &x, true, &j);
    assert_int_equal(j.verdict, VERDICT_NOT_ACHIEVED);
    x.value = 1.5;
    eval_judge(A, &t, DIR_HIGHER, &assigned, &x, true, &j);
    assert_int_equal(j.verdict, VERDICT_ACHIEVED);
    /* the assignment comes with the indicator's direction: a poverty rate assigned at 0,5% */
    assigned = 0.5;
    x.value = 0.4;
    eval_judge(A, &t, DIR_LOWER, &assigned, &x, true, &j);
    assert_int_equal(j.verdict, VERDICT_EXCEEDED);
    assert_non_null(strstr(j.reason, "càng thấp càng tốt"));
    x.value = 0.6;
    eval_judge(A, &t, DIR_LOWER, &assigned, &x, true, &j);
    assert_int_equal(j.verdict, VERDICT_NOT_ACHIEVED);
}

static void growth_against_a_baseline(void **state)
{
    target t;
    td_error e = {0};
    double ch;
    assert_int_equal(target_parse(A, "giảm từ 20% trở lên so với năm 2025", &t, &e), TD_OK);
    assert_true(eval_change(&t, 13, 17, false, &ch));
    assert_true(fabs(ch - 400.0 / 17) < 1e-9); /* 17 → 13 is a fall of 23,5% */
    assert_false(eval_change(&t, 13, 0, false, &ch));
    assert_int_equal(target_parse(A, "tăng 19%", &t, &e), TD_OK);
    assert_true(eval_change(&t, 119, 100, false, &ch));
    assert_true(fabs(ch - 19) < 1e-9);
    assert_int_equal(target_parse(A, "thêm 8 sản phẩm", &t, &e), TD_OK);
    assert_true(eval_change(&t, 20, 12, false, &ch)); /* not a percent: the difference */
    assert_true(ch == 8);

    /* a percentage's fall in % is in points: "tỷ lệ hộ nghèo giảm từ 0,5% trở lên", 3,8% → 3,5%
       is 0,3 points, not achieved (relative, it would be a fall of 7,9% and "Vượt") */
    assert_int_equal(target_parse(A, "giảm từ 0,5% trở lên", &t, &e), TD_OK);
    assert_true(eval_change(&t, 3.5, 3.8, true, &ch));
    assert_true(fabs(ch - 0.3) < 1e-9);
    eval_actual x = {.has_value = true, .value = ch, .in_points = true};
    eval_judgement j;
    eval_judge(A, &t, DIR_LOWER, NULL, &x, true, &j);
    assert_int_equal(j.verdict, VERDICT_NOT_ACHIEVED);
    assert_non_null(strstr(j.reason, "giảm 0,3 điểm phần trăm"));
    assert_true(eval_change(&t, 3.5, 3.8, false, &ch)); /* an amount's fall stays relative: "chi phí giảm 10%" */
    assert_true(fabs(ch - 0.3 / 3.8 * 100) < 1e-9);
    assert_true(eval_change(&t, 3.2, 3.8, true, &ch));
    x.value = ch;
    eval_judge(A, &t, DIR_LOWER, NULL, &x, true, &j);
    assert_int_equal(j.verdict, VERDICT_EXCEEDED);
    /* a rise where a fall was wanted: the degree is 0, never negative */
    assert_true(eval_change(&t, 4.0, 3.8, true, &ch));
    x.value = ch;
    eval_judge(A, &t, DIR_LOWER, NULL, &x, true, &j);
    assert_int_equal(j.verdict, VERDICT_NOT_ACHIEVED);
    assert_true(j.degree == 0);
    assert_non_null(strstr(j.reason, "tăng 0,2 điểm phần trăm"));
}

/* "gấp 1,5 lần so với năm 2025": this period ÷ the baseline, whatever the unit, judged against
 * the multiple; written as words or digits the engine reads it alike. */
static void a_multiple_of_the_baseline(void **state)
{
    (void)state;
    static const char *const forms[] = {"tăng 1,5 lần so với năm 2025", "gấp rưỡi năm 2025", "gấp 1,5 lần", NULL};
    for (const char *const *f = forms; *f; f++) {
        target t;
        td_error e = {0};
        double ch;
        assert_int_equal(target_parse(A, *f, &t, &e), TD_OK);
        assert_true(eval_change(&t, 330, 200, false, &ch));
        assert_true(fabs(ch - 1.65) < 1e-9);
        assert_true(eval_change(&t, 330, 200, true, &ch)); /* a rate's multiple is a ratio too, not points */
        assert_true(fabs(ch - 1.65) < 1e-9);
        assert_false(eval_change(&t, 330, 0, false, &ch)); /* no multiple of nothing */
        eval_actual x = {.has_value = true, .value = 1.65};
        eval_judgement j;
        eval_judge(A, &t, DIR_HIGHER, NULL, &x, true, &j);
        assert_int_equal(j.verdict, VERDICT_EXCEEDED);
        assert_non_null(strstr(j.reason, "gấp 1,65 lần"));
        x.value = 1.2; /* 240 against 200 */
        eval_judge(A, &t, DIR_LOWER, NULL, &x, true, &j); /* a multiple counts up whatever the indicator */
        assert_int_equal(j.verdict, VERDICT_NOT_ACHIEVED);
        assert_true(fabs(j.degree - 80) < 1e-9);
    }
}

/* "Tỷ lệ giảm nghèo 0,7%": the poverty rate's fall, in points, the more the better. */
static void a_fall_of_a_share(void **state)
{
    (void)state;
    target t;
    td_error e = {0};
    double ch;
    assert_int_equal(target_parse(A, "Tỷ lệ giảm nghèo 0,7%", &t, &e), TD_OK);
    assert_true(eval_change(&t, 2.2, 3.0, true, &ch)); /* 3,0% → 2,2%: 0,8 points */
    assert_true(fabs(ch - 0.8) < 1e-9);
    eval_actual x = {.has_value = true, .value = ch, .in_points = true};
    eval_judgement j;
    eval_judge(A, &t, DIR_LOWER, NULL, &x, true, &j);
    assert_int_equal(j.verdict, VERDICT_EXCEEDED);
    assert_non_null(strstr(j.reason, "giảm 0,8 điểm phần trăm"));
}

static void formulas(void **state)
{
    formula *f;
    td_error e = {0};
    const char **refs;
    assert_int_equal(formula_parse(A, "[10.1.a] / [10.1.b] * 100", &f, &e), TD_OK);
    assert_int_equal(formula_refs(f, &refs), 2);
    assert_string_equal(refs[0], "10.1.a");
    assert_int_equal(formula_parse(A, "([5.1] + [5.2]) * 0,5 - -1", &f, &e), TD_OK);
    static const char *const bad[] = {"", "[", "[]", "(1 + 2", "1 +", "97.2 * [a]", "1 2", "[a] ** 2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        formula *g;
        if (formula_parse(A, bad[i], &g, &e) != TD_ERR_INPUT)
            fail_msg("formula \"%s\" was accepted", bad[i]);
        assert_non_null(strstr(e.msg, "công thức"));
    }
}

/* ---- a small plan, built in code --------------------------------------------------------- */

static indicator leaf(const char *code, const char *unit, measure m, const char *text)
{
    indicator ind = {.code = code, .name = code, .unit = unit, .meas = m, .freq = FREQ_MONTH};
    ind.target = arena_alloc(A, sizeof *ind.target);
    td_error e = {0};
    assert_int_equal(target_parse(A, text, ind.target, &e), TD_OK);
    return ind;
}

static data_value val(const char *code, const char *unit, const char *per, double v, double den)
{
    data_value d = {.indicator_code = code, .org_unit_code = unit, .has_value = true, .value = v,
                    .status = VALUE_APPROVED, .has_denominator = den > 0, .denominator = den};
    snprintf(d.period, sizeof d.period, "%s", per);
    return d;
}

static const eval_node *node(const eval_node *nodes, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(nodes[i].ind->code, code) == 0)
            return &nodes[i];
        const eval_node *c = node(nodes[i].children, nodes[i].n_children, code);
        if (c)
            return c;
    }
    return NULL;
}

static void plan_evaluation(void **state)
{
    indicator kids[6];
    kids[0] = leaf("1.1", "lượt", MEASURE_FLOW, "1.500 - 2.400 lượt");    /* flow: months sum */
    kids[1] = leaf("1.2", "ha", MEASURE_LEVEL, "duy trì từ 901 - 910 ha"); /* level: latest, summed over units */
    kids[2] = leaf("1.3", "%", MEASURE_LEVEL, "trên 97,2%");               /* a rate over units */
    kids[3] = leaf("1.4", "%", MEASURE_LEVEL, "đạt 100%");                 /* a rate without denominators */
    kids[4] = leaf("1.5", "%", MEASURE_LEVEL, "từ 60% trở lên");           /* a formula */
    kids[4].formula = "[1.5.a] / [1.5.b] * 100";
    kids[5] = leaf("1.6", NULL, MEASURE_YESNO, "hoàn thành");
    kids[2].agg = kids[3].agg = kids[4].agg = AGG_RATE;
    indicator helpers[2] = {leaf("1.5.a", "người", MEASURE_LEVEL, "đạt 1 người"),
                            leaf("1.5.b", "người", MEASURE_LEVEL, "đạt 1 người")};
    indicator roots[2] = {{.code = "1", .name = "nhóm", .children = kids, .n_children = 6},
                          {.code = "2", .name = "phụ", .children = helpers, .n_children = 2}};
    const char *resp[] = {"a", "b", "c"};
    kids[1].responsible = resp;
    kids[1].n_responsible = 3;
    plan p = {.id = 1, .period_start = "2026-01-01", .period_end = "2026-12-31", .indicators = roots,
              .n_indicators = 2};
    data_value v[32];
    size_t n = 0;
    for (int m = 1; m <= 10; m++)
        v[n++] = val("1.1", "a", (char[8]){'2', '0', '2', '6', '-', (char)('0' + m / 10), (char)('0' + m % 10), 0},
                     150, 0);
    v[n++] = val("1.1", "a", "2026-Q1", 999, 0); /* overlaps Jan–Mar: counted once, coarsest first */
    v[n++] = val("1.2", "a", "2026-03", 500, 0);
    v[n++] = val("1.2", "a", "2026-09", 450, 0); /* the latest wins */
    v[n++] = val("1.2", "b", "2026-06", 452, 0);
    v[n++] = val("1.3", "a", "2026-Q3", 99, 1000);
    v[n++] = val("1.3", "b", "2026-Q3", 90, 100);
    v[n++] = val("1.4", "a", "2026-Q3", 100, 0);
    v[n++] = val("1.4", "b", "2026-Q3", 90, 0);
    v[n++] = val("1.5.a", "a", "2026-Q3", 30, 0);
    v[n++] = val("1.5.a", "b", "2026-Q3", 36, 0);
    v[n++] = val("1.5.b", "a", "2026-Q3", 50, 0);
    v[n++] = val("1.5.b", "b", "2026-Q3", 60, 0);
    v[n++] = val("1.6", "a", "2026-Q3", 1, 0);
    data_value draft = val("1.6", "b", "2026-Q3", 0, 0);
    draft.status = VALUE_DRAFT; /* a draft does not count */
    v[n++] = draft;

    eval_query q = {.period = {PERIOD_YEAR, 2026, 0}, .as_of = "2026-11-25"};
    eval_report r;
    td_error e = {0};
    assert_int_equal(eval_plan(A, &p, v, n, &q, &r, &e), TD_OK);
    assert_false(r.final);
    assert_int_equal(r.elapsed_months, 10);

    const eval_node *flow = node(r.nodes, r.n_nodes, "1.1");
    assert_true(flow->actual.value == 999 + 7 * 150);
    assert_int_equal(flow->pace, PACE_ON_TRACK);
    assert_true(fabs(flow->projected - (999 + 7 * 150) * 12.0 / 10) < 1e-9);

    const eval_node *level = node(r.nodes, r.n_nodes, "1.2");
    assert_true(level->actual.value == 902); /* 450 (Sept, unit a) + 452 (unit b) */
    assert_int_equal(level->judgement.verdict, VERDICT_ACHIEVED);
    assert_int_equal(level->n_missing, 1);
    assert_string_equal(level->missing[0], "c");

    const eval_node *rate = node(r.nodes, r.n_nodes, "1.3");
    assert_true(fabs(rate->actual.value - (99.0 * 1000 + 90 * 100) / 1100) < 1e-9); /* 98,18, not 94,5 */
    assert_int_equal(rate->judgement.verdict, VERDICT_ACHIEVED);

    const eval_node *unweighted = node(r.nodes, r.n_nodes, "1.4");
    assert_int_equal(unweighted->judgement.verdict, VERDICT_NO_DATA);
    assert_non_null(strstr(unweighted->judgement.reason, "mẫu số"));

    const eval_node *computed = node(r.nodes, r.n_nodes, "1.5");
    assert_true(fabs(computed->actual.value - 60) < 1e-9); /* 66 / 110 × 100 */
    assert_int_equal(computed->judgement.verdict, VERDICT_ACHIEVED);

    const eval_node *yes = node(r.nodes, r.n_nodes, "1.6");
    assert_int_equal(yes->judgement.verdict, VERDICT_ACHIEVED);

    /* the roll-up: a parent is achieved only when all its children are */
    const eval_node *parent = node(r.nodes, r.n_nodes, "1");
    assert_int_equal(parent->counts.total, 6);
    assert_int_equal(parent->verdict, VERDICT_NO_DATA); /* 1.4 has no usable figure */
    assert_int_equal(r.summary.all.total, 8);

    /* the same plan evaluated in January 2027: final, no pace */
    q.as_of = "2027-01-10";
    assert_int_equal(eval_plan(A, &p, v, n, &q, &r, &e), TD_OK);
    assert_true(r.final);
    assert_int_equal(node(r.nodes, r.n_nodes, "1.1")->pace, PACE_NONE);

    /* a period that has not begun has no data */
    q.as_of = "2026-11-25";
    q.period = (period){PERIOD_MONTH, 2026, 12};
    assert_int_equal(eval_plan(A, &p, v, n, &q, &r, &e), TD_OK);
    assert_int_equal(node(r.nodes, r.n_nodes, "1.1")->judgement.verdict, VERDICT_NO_DATA);
    assert_non_null(strstr(node(r.nodes, r.n_nodes, "1.1")->judgement.reason, "chưa bắt đầu"));
    /* ...and a figure entered ahead of it does not count before the period starts */
    v[n++] = val("1.2", "a", "2026-12", 905, 0);
    assert_int_equal(eval_plan(A, &p, v, n, &q, &r, &e), TD_OK);
    assert_int_equal(node(r.nodes, r.n_nodes, "1.2")->judgement.verdict, VERDICT_NO_DATA);
    assert_int_equal(node(r.nodes, r.n_nodes, "1.2")->pace, PACE_NONE);

    q.as_of = "25/11/2026";
    assert_int_equal(eval_plan(A, &p, v, n, &q, &r, &e), TD_ERR_INPUT);
    json_t *j = eval_report_to_json(A, &r);
    json_decref(j);
}

static void pace_of_levels(void **state)
{
    indicator one = leaf("1", "%", MEASURE_LEVEL, "trên 97,2%");
    plan p = {.id = 1, .indicators = &one, .n_indicators = 1};
    data_value v[1] = {val("1", "a", "2026-Q3", 96.8, 0)};
    eval_query q = {.period = {PERIOD_YEAR, 2026, 0}, .as_of = "2026-11-25"};
    eval_report r;
    td_error e = {0};
    assert_int_equal(eval_plan(A, &p, v, 1, &q, &r, &e), TD_OK);
    assert_int_equal(r.nodes[0].pace, PACE_AT_RISK); /* 99,6% of the bound */
    v[0].value = 80;
    assert_int_equal(eval_plan(A, &p, v, 1, &q, &r, &e), TD_OK);
    assert_int_equal(r.nodes[0].pace, PACE_BEHIND);
    v[0].value = 98;
    assert_int_equal(eval_plan(A, &p, v, 1, &q, &r, &e), TD_OK);
    assert_int_equal(r.nodes[0].pace, PACE_ON_TRACK);
    assert_true(r.nodes[0].projected == 98); /* a level projects as it stands */
}

/* ---- aggregation, time, units ------------------------------------------------------------ */

static const org_unit UNITS[] = {{.code = "thon-a", .name = "Thôn Thái Lai"},
                                 {.code = "thon-b", .name = "Thôn Lão Phú"},
                                 {.code = "van-phong", .name = "Văn phòng HĐND và UBND"}};

static eval_query year_query(const char *as_of)
{
    return (eval_query){.period = {PERIOD_YEAR, 2026, 0}, .as_of = as_of, .units = UNITS, .n_units = 3};
}

/* Evaluates a one-indicator plan and returns its node. */
static const eval_node *eval_one(indicator *ind, const data_value *v, size_t n, const eval_query *q, eval_report *r)
{
    plan p = {.id = 1, .period_start = "2026-01-01", .period_end = "2026-12-31", .indicators = ind,
              .n_indicators = 1};
    td_error e = {0};
    assert_int_equal(eval_plan(A, &p, v, n, q, r, &e), TD_OK);
    return &r->nodes[0];
}

static void aggregation_across_units(void **state)
{
    eval_report r;
    eval_query q = year_query("2027-01-10");
    /* a ratio per hectare: Σ amounts ÷ Σ areas, never 200 + 190 = 390 "Vượt 205,3%" */
    indicator per_ha = leaf("3", "triệu đồng/ha", MEASURE_LEVEL, "đạt 190 - 210 triệu đồng");
    per_ha.agg = AGG_RATIO;
    data_value v[4] = {val("3", "thon-a", "2026", 200, 10), val("3", "thon-b", "2026", 190, 30)};
    const eval_node *nd = eval_one(&per_ha, v, 2, &q, &r);
    assert_true(fabs(nd->actual.value - 192.5) < 1e-9);
    assert_int_equal(nd->verdict, VERDICT_ACHIEVED);
    assert_non_null(strstr(nd->method, "trọng số"));
    /* a unit without its base: no figure, and the reason names the unit as users know it */
    v[1].has_denominator = false;
    nd = eval_one(&per_ha, v, 2, &q, &r);
    assert_int_equal(nd->verdict, VERDICT_NO_DATA);
    assert_non_null(strstr(nd->judgement.reason, "Thôn Lão Phú chưa nhập mẫu số"));
    assert_null(strstr(nd->judgement.reason, "thon-b"));
    /* one unit alone needs no base; the method names it */
    nd = eval_one(&per_ha, v, 1, &q, &r);
    assert_true(nd->actual.value == 200);
    assert_non_null(strstr(nd->method, "Số liệu của Thôn Thái Lai"));
    json_t *j = eval_report_to_json(A, &r);
    json_t *u0 = json_array_get(json_object_get(json_array_get(json_object_get(j, "indicators"), 0), "units"), 0);
    assert_string_equal(json_string_value(json_object_get(u0, "org_unit")), "thon-a");
    assert_string_equal(json_string_value(json_object_get(u0, "name")), "Thôn Thái Lai");
    json_decref(j);
    assert_string_equal(eval_unit_name(&q, "khong-co"), "khong-co"); /* unknown: its code, never NULL */

    /* a sum adds */
    indicator pigs = leaf("1.3.4", "con", MEASURE_LEVEL, "khoảng 8.990 con");
    data_value w[2] = {val("1.3.4", "thon-a", "2026-Q3", 5000, 0), val("1.3.4", "thon-b", "2026-Q3", 4000, 0)};
    assert_true(eval_one(&pigs, w, 2, &q, &r)->actual.value == 9000);

    /* the commune's own figure: the responsible unit's report, never a sum */
    indicator growth = leaf("1", "%", MEASURE_LEVEL, "từ 19% trở lên");
    growth.agg = AGG_COMMUNE;
    const char *resp[] = {"van-phong"};
    growth.responsible = resp;
    growth.n_responsible = 1;
    data_value g[3] = {val("1", "thon-a", "2026", 12, 0), val("1", "van-phong", "2026", 19.5, 0),
                       val("1", "thon-b", "2026", 11, 0)};
    nd = eval_one(&growth, g, 3, &q, &r);
    assert_true(nd->actual.value == 19.5);
    assert_int_equal(nd->verdict, VERDICT_EXCEEDED);
    assert_non_null(strstr(nd->method, "do Văn phòng HĐND và UBND báo cáo"));
    /* several reports, none from the responsible unit: no figure, and the method says why */
    g[1] = val("1", "thon-b", "2026-Q1", 3, 0);
    nd = eval_one(&growth, g, 2, &q, &r);
    assert_int_equal(nd->verdict, VERDICT_NO_DATA);
    assert_non_null(strstr(nd->judgement.reason, "không cộng từ các đơn vị"));
    assert_non_null(strstr(nd->judgement.reason, "Thôn Thái Lai, Thôn Lão Phú"));
}

static void through_the_year(void **state)
{
    eval_report r;
    eval_query q = year_query("2027-01-10");
    /* a stock takes its latest figure: its quarters are never added */
    indicator firms = leaf("5.2", "doanh nghiệp", MEASURE_LEVEL, "10 doanh nghiệp");
    data_value v[4] = {val("5.2", "thon-a", "2026-Q1", 4, 0), val("5.2", "thon-a", "2026-Q2", 6, 0),
                       val("5.2", "thon-a", "2026-Q3", 10, 0)};
    const eval_node *nd = eval_one(&firms, v, 3, &q, &r);
    assert_true(nd->actual.value == 10);
    assert_int_equal(nd->verdict, VERDICT_ACHIEVED);
    /* a flow sums them */
    firms.meas = MEASURE_FLOW;
    assert_true(eval_one(&firms, v, 3, &q, &r)->actual.value == 20);

    /* a build-up is its latest figure, but its pace runs along the year: 45% in June is on
       track for 90% (a stock would stay at 45% and be behind) */
    indicator disb = leaf("4", "%", MEASURE_BUILDUP, "đạt tối thiểu 90%");
    disb.agg = AGG_RATE;
    data_value d[2] = {val("4", "van-phong", "2026-03", 20, 0), val("4", "van-phong", "2026-06", 45, 0)};
    q = year_query("2026-06-30");
    nd = eval_one(&disb, d, 2, &q, &r);
    assert_true(nd->actual.value == 45);
    assert_true(fabs(nd->projected - 90) < 1e-9);
    assert_int_equal(nd->pace, PACE_ON_TRACK);
    disb.meas = MEASURE_LEVEL;
    nd = eval_one(&disb, d, 2, &q, &r);
    assert_true(nd->projected == 45);
    assert_int_equal(nd->pace, PACE_BEHIND);
    /* a rate is never projected above 100% */
    disb.meas = MEASURE_BUILDUP;
    d[1].value = 60;
    assert_true(eval_one(&disb, d, 2, &q, &r)->projected == 100);
}

static void as_of_a_periods_last_day(void **state)
{
    eval_report r;
    indicator jobs = leaf("11", "lượt", MEASURE_FLOW, "1.500 - 2.400 lượt");
    data_value v[16];
    size_t n = 0;
    for (int m = 1; m <= 9; m++)
        v[n++] = val("11", "thon-a", (char[8]){'2', '0', '2', '6', '-', '0', (char)('0' + m), 0}, 100, 0);
    /* the last day of the year: over, 12 of 12 months */
    eval_query q = year_query("2026-12-31");
    eval_one(&jobs, v, n, &q, &r);
    assert_true(r.final);
    assert_int_equal(r.elapsed_months, 12);
    q = year_query("2026-12-30");
    eval_one(&jobs, v, n, &q, &r);
    assert_false(r.final);
    assert_int_equal(r.elapsed_months, 11);
    /* quarter II on 30/06 is over; on 29/06 it is not */
    q.period = (period){PERIOD_QUARTER, 2026, 2};
    q.as_of = "2026-06-30";
    eval_one(&jobs, v, n, &q, &r);
    assert_true(r.final);
    assert_int_equal(r.elapsed_months, 3);
    q.as_of = "2026-06-29";
    eval_one(&jobs, v, n, &q, &r);
    assert_false(r.final);
    assert_int_equal(r.elapsed_months, 2);
    /* February's last day in a common year */
    q.period = (period){PERIOD_MONTH, 2026, 2};
    q.as_of = "2026-02-28";
    eval_one(&jobs, v, n, &q, &r);
    assert_true(r.final);

    /* as of 30/06 the figures of July to September are left out... */
    q = year_query("2026-06-30");
    const eval_node *nd = eval_one(&jobs, v, n, &q, &r);
    assert_true(nd->actual.value == 600);
    /* ...a quarter that starts later too, but a figure for the whole year (an estimate) counts */
    indicator herd = leaf("1.3.5", "con", MEASURE_LEVEL, "≥ 390 con");
    data_value h[2] = {val("1.3.5", "thon-a", "2026-Q3", 380, 0), val("1.3.5", "thon-a", "2026", 400, 0)};
    nd = eval_one(&herd, h, 1, &q, &r);
    assert_int_equal(nd->verdict, VERDICT_NO_DATA);
    nd = eval_one(&herd, h, 2, &q, &r);
    assert_true(nd->actual.value == 400);
}

static unit_target share(const char *unit, const char *text)
{
    unit_target u = {.org_unit_code = unit};
    td_error e = {0};
    assert_int_equal(target_parse(A, text, &u.target, &e), TD_OK);
    return u;
}

static void unit_targets_and_shares(void **state)
{
    eval_report r;
    indicator kids[2];
    kids[0] = leaf("1.3.4", "con", MEASURE_LEVEL, "khoảng 8.990 con");
    unit_target shares[2] = {share("thon-a", "khoảng 5.000 con"), share("thon-b", "khoảng 3.990 con")};
    kids[0].unit_targets = shares;
    kids[0].n_unit_targets = 2;
    kids[1] = leaf("1.3.5", "con", MEASURE_LEVEL, "≥ 390 con");
    indicator root = {.code = "1.3", .name = "Nông nghiệp", .children = kids, .n_children = 2};
    data_value v[4] = {val("1.3.4", "thon-a", "2026-Q3", 5200, 0), val("1.3.4", "thon-b", "2026-Q3", 3500, 0),
                       val("1.3.5", "thon-a", "2026-Q3", 200, 0), val("1.3.5", "thon-b", "2026-Q3", 220, 0)};
    eval_query q = year_query("2027-01-10");

    /* the commune: judged on its roll-up, with its shares beside */
    const eval_node *nd = &eval_one(&root, v, 4, &q, &r)->children[0];
    assert_true(nd->actual.value == 8700);
    assert_int_equal(nd->verdict, VERDICT_ACHIEVED);
    assert_false(nd->unit_target);
    assert_non_null(nd->shares);
    assert_int_equal(nd->shares->n, 2);
    assert_true(nd->shares->has_sum && nd->shares->sum == 8990);
    assert_int_equal(nd->shares->matches, 1);
    assert_string_equal(nd->shares->text, "Tổng giao cho 2 đơn vị: 8.990 con");
    assert_null(nd->shares->warning);
    assert_null(r.nodes[0].children[1].shares);
    json_t *j = eval_report_to_json(A, &r), *jn = json_array_get(json_object_get(json_array_get(json_object_get(j, "indicators"), 0), "children"), 0);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(jn, "shares"), "sum")), 8990);
    assert_string_equal(json_string_value(json_object_get(jn, "aggregation")), "sum");
    assert_string_equal(json_string_value(json_object_get(jn, "direction")), "higher");
    json_decref(j);
    /* shares that do not make the commune's target */
    shares[1] = share("thon-b", "khoảng 3.500 con");
    nd = &eval_one(&root, v, 4, &q, &r)->children[0];
    assert_int_equal(nd->shares->matches, 0);
    assert_string_equal(nd->shares->warning,
                        "Tổng chỉ tiêu giao cho các đơn vị (8.500 con) chưa khớp với mục tiêu của xã (khoảng 8.990 con)");
    /* an exact target wants an exact sum */
    kids[0].target->op = TARGET_GE;
    nd = &eval_one(&root, v, 4, &q, &r)->children[0];
    assert_string_equal(nd->shares->warning,
                        "Tổng chỉ tiêu giao cho các đơn vị (8.500 con) chưa bằng mục tiêu của xã (8.990 con)");
    kids[0].target->op = TARGET_APPROX;
    shares[1] = share("thon-b", "khoảng 3.990 con");
    /* a rate's shares do not add up: counted, no sum */
    kids[0].agg = AGG_RATE;
    nd = &eval_one(&root, v, 4, &q, &r)->children[0];
    assert_false(nd->shares->has_sum);
    assert_int_equal(nd->shares->matches, -1);
    kids[0].agg = AGG_SUM;

    /* a unit: judged against its own share, never the commune's target */
    q.org_unit = "thon-a";
    const eval_node *top = eval_one(&root, v, 4, &q, &r);
    nd = &top->children[0];
    assert_true(nd->unit_target);
    assert_true(nd->target == &shares[0].target);
    assert_true(nd->actual.value == 5200);
    assert_int_equal(nd->verdict, VERDICT_ACHIEVED); /* within 5% of 5.000, though far below 8.990 */
    assert_null(nd->shares);
    /* no share for it: its contribution, no verdict, not counted */
    const eval_node *none = &top->children[1];
    assert_true(none->unassigned);
    assert_false(none->has_target);
    assert_true(none->actual.value == 200);
    assert_int_equal(r.summary.all.total, 1);
    assert_int_equal(top->counts.total, 1);
    j = eval_report_to_json(A, &r);
    json_t *kidsj = json_object_get(json_array_get(json_object_get(j, "indicators"), 0), "children");
    json_t *mine = json_array_get(kidsj, 0), *other = json_array_get(kidsj, 1);
    assert_true(json_is_true(json_object_get(mine, "unit_target")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(mine, "target"), "text")), "khoảng 5.000 con");
    assert_true(json_is_null(json_object_get(other, "verdict")));
    assert_true(json_is_null(json_object_get(other, "target")));
    assert_true(json_is_false(json_object_get(other, "unit_target")));
    assert_string_equal(json_string_value(json_object_get(other, "verdict_label")), "Không giao chỉ tiêu riêng");
    assert_int_equal(json_integer_value(json_object_get(other, "actual")), 200);
    assert_non_null(strstr(json_string_value(json_object_get(other, "reason")), "Thôn Thái Lai"));
    assert_null(json_object_get(mine, "shares"));
    json_decref(j);
    /* a unit with no share of anything below: the group has no verdict either */
    q.org_unit = "van-phong";
    top = eval_one(&root, v, 4, &q, &r);
    assert_true(top->unassigned);
    assert_int_equal(r.summary.all.total, 0);
}

static void a_parents_verdict_is_its_own(void **state)
{
    eval_report r;
    indicator kids[1] = {leaf("1.3.1", "ha", MEASURE_LEVEL, "≥ 860 ha")};
    indicator parent = leaf("1.3", "%", MEASURE_LEVEL, "tăng từ 4,5%");
    parent.agg = AGG_COMMUNE;
    parent.children = kids;
    parent.n_children = 1;
    data_value v[2] = {val("1.3", "van-phong", "2026", 5, 0), val("1.3.1", "thon-a", "2026", 800, 0)};
    eval_query q = year_query("2027-01-10");
    const eval_node *nd = eval_one(&parent, v, 2, &q, &r);
    assert_int_equal(nd->judgement.verdict, VERDICT_EXCEEDED);
    assert_int_equal(nd->verdict, VERDICT_EXCEEDED); /* its own figure, as the table prints it */
    assert_true(nd->has_children_verdict);
    assert_int_equal(nd->children_verdict, VERDICT_NOT_ACHIEVED);
    json_t *j = eval_report_to_json(A, &r), *n0 = json_array_get(json_object_get(j, "indicators"), 0);
    assert_string_equal(json_string_value(json_object_get(n0, "verdict")), "exceeded");
    assert_string_equal(json_string_value(json_object_get(n0, "own_verdict")), "exceeded");
    assert_string_equal(json_string_value(json_object_get(n0, "children_verdict")), "not_achieved");
    json_decref(j);
}

static void a_rates_fall_in_points(void **state)
{
    eval_report r;
    indicator poor = leaf("7", "%", MEASURE_LEVEL, "giảm từ 0,5% trở lên");
    poor.agg = AGG_RATE;
    poor.dir = DIR_LOWER;
    data_value v[2] = {val("7", "van-phong", "2025", 3.8, 0), val("7", "van-phong", "2026", 3.5, 0)};
    eval_query q = year_query("2027-01-10");
    const eval_node *nd = eval_one(&poor, v, 2, &q, &r);
    assert_true(fabs(nd->actual.value - 0.3) < 1e-9);
    assert_int_equal(nd->verdict, VERDICT_NOT_ACHIEVED);
    assert_non_null(strstr(nd->method, "điểm phần trăm"));
    assert_non_null(strstr(nd->judgement.reason, "giảm 0,3 điểm phần trăm"));
    /* an amount's fall stays relative */
    poor.agg = AGG_SUM;
    nd = eval_one(&poor, v, 2, &q, &r);
    assert_true(fabs(nd->actual.value - 0.3 / 3.8 * 100) < 1e-9);
    assert_int_equal(nd->verdict, VERDICT_EXCEEDED);
}

/* "nâng tỷ lệ trường đạt chuẩn": a rate's figure is its level; without last year's rate there is
   no rise to judge, and 66,67% is never read as a rise of 66,67 points */
static void a_rates_rise_needs_its_baseline(void **state)
{
    eval_report r;
    indicator schools = leaf("9.2", "%", MEASURE_LEVEL, "tăng trên 0%");
    schools.agg = AGG_RATE;
    data_value v[2] = {val("9.2", "truong-th", "2026", 66.67, 0), val("9.2", "truong-th", "2025", 33.33, 0)};
    eval_query q = year_query("2027-01-10");
    const eval_node *nd = eval_one(&schools, v, 1, &q, &r);
    assert_int_equal(nd->verdict, VERDICT_NO_DATA);
    assert_non_null(strstr(nd->judgement.reason, "chưa có tỷ lệ năm 2025"));
    nd = eval_one(&schools, v, 2, &q, &r);
    assert_true(fabs(nd->actual.value - 33.34) < 1e-9);
    assert_int_equal(nd->verdict, VERDICT_ACHIEVED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_kind_on_both_sides), cmocka_unit_test(reasons_are_vietnamese),
        cmocka_unit_test(done_list_assigned_and_no_data), cmocka_unit_test(growth_against_a_baseline),
        cmocka_unit_test(a_multiple_of_the_baseline),
        cmocka_unit_test(a_fall_of_a_share),
        cmocka_unit_test(formulas), cmocka_unit_test(plan_evaluation), cmocka_unit_test(pace_of_levels),
        cmocka_unit_test(aggregation_across_units), cmocka_unit_test(through_the_year),
        cmocka_unit_test(as_of_a_periods_last_day), cmocka_unit_test(unit_targets_and_shares),
        cmocka_unit_test(a_parents_verdict_is_its_own), cmocka_unit_test(a_rates_fall_in_points),
        cmocka_unit_test(a_rates_rise_needs_its_baseline),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
