/* test_extract.c — targets out of a plan's text (src/core/extract.c): numbering and codes,
 * several targets per line, parentheses, numbers that are not targets, checklists of named
 * places, past results, tables, unread lines, and random or cut input. */
#include "cmocka_all.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/extract.h"
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

static extract_result read_text(const char *text)
{
    extract_result r;
    td_error e = {0};
    assert_int_equal(extract_plan(A, text, strlen(text), &r, &e), TD_OK);
    return r;
}

static void expect(const extract_target *t, int line, const char *code, target_op op, double value,
                   target_change change)
{
    if (t->line != line || strcmp(t->code, code) != 0 || t->target.op != op ||
        (!isnan(value) && fabs(t->target.value - value) > 1e-9) || t->target.change != change)
        fail_msg("line %d code %s op %s value %g: want line %d code %s op %s value %g", t->line, t->code,
                 target_op_name(t->target.op), t->target.value, line, code, target_op_name(op), value);
}

static void numbering_gives_codes(void **state)
{
    extract_result r = read_text("(1) Tổng giá trị sản phẩm tăng bình quân từ 19% trở lên, trong đó:\n"
                                 "+ Công nghiệp - xây dựng tăng từ 18%;\n"
                                 "+ Nông nghiệp tăng từ 4,5% (diện tích duy trì từ 901-910 ha; đàn lợn khoảng 8.990 con).\n"
                                 "(2) Chỉ tiêu gia đình văn hóa đạt 98%; thôn văn hóa đạt từ 90% trở lên;\n");
    assert_int_equal(r.n_targets, 7);
    expect(&r.targets[0], 1, "1", TARGET_GE, 19, TARGET_CHANGE_INCREASE);
    expect(&r.targets[1], 2, "1.1", TARGET_GE, 18, TARGET_CHANGE_INCREASE);
    expect(&r.targets[2], 3, "1.2", TARGET_GE, 4.5, TARGET_CHANGE_INCREASE);
    expect(&r.targets[3], 3, "1.2.1", TARGET_BAND, 901, TARGET_CHANGE_NONE);
    expect(&r.targets[4], 3, "1.2.2", TARGET_APPROX, 8990, TARGET_CHANGE_NONE);
    expect(&r.targets[5], 4, "2.1", TARGET_EQ, 98, TARGET_CHANGE_NONE);
    expect(&r.targets[6], 4, "2.2", TARGET_GE, 90, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[1].name, "Công nghiệp - xây dựng");
    assert_string_equal(r.targets[5].name, "Chỉ tiêu gia đình văn hóa");
}

static void numbers_that_are_not_targets(void **state)
{
    extract_result r = read_text("Giá trị sản phẩm trên 1 ha đất trồng trọt đạt 190 - 210 triệu đồng;\n"
                                 "Các nhà trường giữ vững chuẩn Quốc gia mức độ 1.\n"
                                 "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
                                 "Có thêm 8 sản phẩm OCOP đạt chuẩn 3 sao trở lên.\n"
                                 "Nâng tổng các tiêu chí hoàn thành lên 12-13/18 tiêu chí.\n"
                                 "Cơ cấu kinh tế đến năm 2025: dịch vụ khoảng 28,5%;\n");
    assert_int_equal(r.n_targets, 5);
    expect(&r.targets[0], 1, "1", TARGET_RANGE, 190, TARGET_CHANGE_NONE);
    assert_true(r.targets[0].target.high == 210);
    expect(&r.targets[1], 2, "2", TARGET_DONE, NAN, TARGET_CHANGE_NONE);
    expect(&r.targets[2], 4, "3", TARGET_EQ, 8, TARGET_CHANGE_INCREASE);
    expect(&r.targets[3], 5, "4", TARGET_RANGE, 12, TARGET_CHANGE_NONE);
    expect(&r.targets[4], 6, "5", TARGET_APPROX, 28.5, TARGET_CHANGE_NONE);
    /* the line of the law and its date is listed as unread, not dropped */
    assert_int_equal(r.n_unread, 1);
    assert_int_equal(r.unread[0].line, 3);
}

static void age_groups_and_names(void **state)
{
    extract_result r = read_text("7. Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi giảm xuống còn 18%.\n"
                                 "8. Huy động trên 95% trẻ 5 tuổi ra lớp.\n"
                                 "9. Tuổi thọ trung bình đạt 74 tuổi.\n"
                                 "10. Tốc độ tăng trưởng kinh tế đạt 7,5 - 8%.\n");
    assert_int_equal(r.n_targets, 4);
    expect(&r.targets[0], 1, "7", TARGET_LE, 18, TARGET_CHANGE_NONE);
    expect(&r.targets[1], 2, "8", TARGET_GT, 95, TARGET_CHANGE_NONE);
    expect(&r.targets[2], 3, "9", TARGET_EQ, 74, TARGET_CHANGE_NONE);
    /* "Tốc độ tăng trưởng" names a rate: 7,5 - 8% is its level, not a rise */
    expect(&r.targets[3], 4, "10", TARGET_RANGE, 7.5, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[3].name, "Tốc độ tăng trưởng kinh tế");
}

/* "Mỗi năm giảm 1-1,5% tỷ lệ hộ nghèo": when only a time and a verb come before the figure, the
 * thing measured is written after it; "giảm xuống dưới" names a level, not a fall */
static void names_written_after_the_figure(void **state)
{
    extract_result r = read_text("- Phấn đấu mỗi năm giảm 1-1,5% tỷ lệ hộ nghèo.\n"
                                 "- Hằng năm hoàn thành 100% chỉ tiêu tuyển quân.\n"
                                 "- Tỷ lệ hộ nghèo giảm xuống dưới 1,5%.\n");
    assert_int_equal(r.n_targets, 3);
    assert_string_equal(r.targets[0].name, "tỷ lệ hộ nghèo");
    assert_int_equal(r.targets[0].target.change, TARGET_CHANGE_DECREASE);
    assert_string_equal(r.targets[1].name, "chỉ tiêu tuyển quân");
    assert_int_equal(r.targets[2].target.op, TARGET_LT);
    assert_int_equal(r.targets[2].target.change, TARGET_CHANGE_NONE);
}

static void named_places_and_word_numerals(void **state)
{
    extract_result r = read_text("Xây dựng thành công thôn Thái Lai, Thôn Lão Phong 1, thôn 9 là \"thôn không ma túy\".\n"
                                 "Huyện đề ra mục tiêu đạt thêm một xã NTM là xã An Thạnh;\n");
    assert_int_equal(r.n_targets, 3);
    expect(&r.targets[0], 1, "1", TARGET_LIST, NAN, TARGET_CHANGE_NONE);
    assert_int_equal(r.targets[0].target.n_items, 3);
    assert_string_equal(r.targets[0].target.items[0], "Thôn Thái Lai");
    assert_string_equal(r.targets[0].target.items[1], "Thôn Lão Phong 1");
    assert_string_equal(r.targets[0].target.items[2], "Thôn 9");
    expect(&r.targets[1], 2, "2.1", TARGET_EQ, 1, TARGET_CHANGE_INCREASE);
    expect(&r.targets[2], 2, "2.2", TARGET_LIST, NAN, TARGET_CHANGE_NONE);
}

static void past_results_are_not_targets(void **state)
{
    extract_result r = read_text("Nhiệm kỳ qua, huyện đã đạt 144/152 tiêu chí, tăng trưởng bình quân đạt 6%/năm;\n"
                                 "thu nhập bình quân đạt 47,6 triệu đồng/năm.\n"
                                 "Đảng bộ đặt mục tiêu đến năm 2030 thu nhập bình quân đầu người đạt trên 58 triệu đồng.\n"
                                 "Tỷ lệ hộ nghèo giảm còn 2,5-3,5%.\n");
    assert_int_equal(r.n_targets, 2);
    expect(&r.targets[0], 3, "1", TARGET_GT, 58, TARGET_CHANGE_NONE);
    expect(&r.targets[1], 4, "2", TARGET_RANGE, 2.5, TARGET_CHANGE_NONE);
    assert_int_equal(r.n_unread, 2);
    assert_non_null(strstr(r.unread[0].reason, "đã đạt"));
}

static void tables_read_the_plan_column(void **state)
{
    extract_result r = read_text("TT | Chỉ tiêu | Đơn vị | Kế hoạch năm 2019 | Ước thực hiện | Đánh giá\n"
                                 "1. | Tốc độ tăng GDP | % | 6,6-6,8 | 7,02 | Vượt\n"
                                 "2. | Tỷ lệ thất nghiệp | % | Dưới 4 | 3,1 | Đạt\n"
                                 "- Trong đó: Giảm tỷ lệ hộ nghèo | % | 4 | Trên 4\n");
    assert_int_equal(r.n_targets, 3);
    expect(&r.targets[0], 2, "1", TARGET_RANGE, 6.6, TARGET_CHANGE_NONE); /* "Tốc độ tăng GDP": a rate */
    expect(&r.targets[1], 3, "2", TARGET_LT, 4, TARGET_CHANGE_NONE);
    expect(&r.targets[2], 4, "3", TARGET_EQ, 4, TARGET_CHANGE_DECREASE);
}

/* A Markdown table: the rule under its header is not a row (it read as a "hoàn thành" target) */
static void markdown_tables_skip_their_rule(void **state)
{
    extract_result r = read_text("| STT | Chỉ tiêu | Đơn vị tính | Thực hiện 2025 | Kế hoạch 2026 |\n"
                                 "|---|:---|---|---:|:---:|\n"
                                 "| 1 | Sản lượng lương thực | tấn | 12.500 | 12.800 |\n"
                                 "| 2 | Tỷ lệ hộ sử dụng nước hợp vệ sinh | % | 98 | 99 |\n");
    assert_int_equal(r.n_targets, 2);
    expect(&r.targets[0], 3, "1", TARGET_EQ, 12800, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[0].target.unit, "tấn");
    expect(&r.targets[1], 4, "2", TARGET_EQ, 99, TARGET_CHANGE_NONE);
}

/* One table in four notations (edge pipes, bare pipes, tabs, and with a header) gives the same
 * targets: the numbering cell is not the figure, the unit comes from its own column, from the
 * label "(tấn)" or from the plan column's header. */
static void expect_rice(const extract_result *r, size_t i, int line)
{
    const extract_target *t = &r->targets[i];
    if (t->line != line || t->target.op != TARGET_GT || fabs(t->target.value - 4500) > 1e-9)
        fail_msg("line %d op %s value %g: want line %d > 4500", t->line, target_op_name(t->target.op),
                 t->target.value, line);
    assert_string_equal(t->target.unit, "tấn");
    assert_string_equal(t->name, "Sản lượng lúa");
}

static void tables_in_every_notation(void **state)
{
    const char *forms[] = {
        "3 | Sản lượng lúa (tấn) | >4.500\n",            /* bare pipes, no header, unit in the label */
        "| 3. | Sản lượng lúa | tấn | > 4.500 |\n",      /* edge pipes, no header, unit column */
        "III\tSản lượng lúa\ttấn\t>4.500\n",             /* tabs from Excel, roman numbering */
        "a)\tSản lượng lúa (tấn)\t> 4.500 (tăng 5%)\n", /* tabs, a remark after the figure */
        "TT | Chỉ tiêu | Kế hoạch 2026 (tấn)\n1 | Sản lượng lúa | >4.500\n", /* unit in the header */
        "| STT | Nội dung | ĐVT | Thực hiện 2025 | Kế hoạch 2026 | So sánh % |\n|---|---|---|---|---|---|\n"
        "| I | Kinh tế | | | | |\n| 1 | Sản lượng lúa | tấn | 4.320 | >4.500 | 104,2 |\n",
    };
    const int lines[] = {1, 1, 1, 1, 2, 4};
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        extract_result r = read_text(forms[f]);
        if (r.n_targets != 1)
            fail_msg("form %zu: %zu targets", f, r.n_targets);
        expect_rice(&r, 0, lines[f]);
        assert_int_equal(r.n_unread, 0);
    }
    /* parentheses that qualify the name are not a unit; a row as a .docx gives it (" | ") */
    extract_result r = read_text("TT | Chỉ tiêu | Kế hoạch\n1 | Tỷ lệ hộ nghèo (đa chiều) | dưới 2% | \n");
    assert_int_equal(r.n_targets, 1);
    assert_string_equal(r.targets[0].name, "Tỷ lệ hộ nghèo (đa chiều)");
    assert_string_equal(r.targets[0].target.unit, "%");
}

/* The target column: named kế hoạch / mục tiêu / chỉ tiêu, else the plan's year, else the latest
 * year that is not a result; its cell is read like running text. Without a header, a row with
 * two figure cells cannot say which is the plan: it is left unread with the reason. */
static void table_columns_and_cells(void **state)
{
    extract_result r = read_text("Kế hoạch năm 2026\n"
                                 "Chỉ tiêu\tĐơn vị tính\tNăm 2025\tNăm 2026\tNăm 2027\n"
                                 "Tốc độ tăng trưởng kinh tế\t%\t7\ttăng 6 - 7%\t8\n"
                                 "Xây dựng trụ sở xã\t\t\tHoàn thành\t\n"
                                 "Hộ nghèo\thộ\t40\tdưới 30 (giảm 10 hộ)\t20\n"
                                 "Đường giao thông nông thôn\tkm\t\tcuối 2026\t\n"
                                 "Các số liệu trên là số ước tính.\n"
                                 "Sản lượng ngô | tấn | 1.200 | 1.300\n");
    assert_int_equal(r.n_targets, 4);
    expect(&r.targets[0], 3, "1", TARGET_RANGE, 6, TARGET_CHANGE_INCREASE);
    expect(&r.targets[1], 4, "2", TARGET_DONE, NAN, TARGET_CHANGE_NONE);
    expect(&r.targets[2], 5, "3", TARGET_LT, 30, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[2].target.unit, "hộ");
    expect(&r.targets[3], 6, "4", TARGET_DONE, NAN, TARGET_CHANGE_NONE);
    assert_int_equal(r.n_unread, 2); /* the title's year, and the headerless row with two figures */
    assert_int_equal(r.unread[1].line, 8);

    /* "Thực hiện 2025 | 2026": the year that is not a result; a comma or a dot alike */
    r = read_text("Chỉ tiêu | Thực hiện 2025 | 2026\nTỷ lệ che phủ rừng (%) | 41,5 | 42.5\n"
                  "Tỷ lệ che phủ rừng (%) | 41,5 | 42,5\n");
    assert_int_equal(r.n_targets, 2);
    expect(&r.targets[1], 3, "2", TARGET_EQ, 42.5, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[1].target.unit, "%");

    /* a numbered paragraph copied from Word ("1.<tab>…") is running text, not a table */
    r = read_text("1.\tTổng thu ngân sách đạt 30 tỷ đồng.\n");
    assert_int_equal(r.n_targets, 1);
    expect(&r.targets[0], 1, "1", TARGET_EQ, 30, TARGET_CHANGE_NONE);
}

/* Figures that are not the target: the period of a total, the time of a period, a price base, a
 * denominator naming the whole; a date by the time of day; money in two parts is one figure. */
static void periods_bases_and_money(void **state)
{
    extract_result r = read_text("Tổng vốn đầu tư 3 năm đạt 240 tỷ đồng.\n"
                                 "Thu ngân sách 6 tháng đầu năm đạt 12 tỷ đồng.\n"
                                 "Giám sát việc thực hiện nghị quyết 6 tháng cuối năm 2026.\n"
                                 "Giá trị sản xuất (giá so sánh 2010) đạt 950 tỷ đồng;\n"
                                 "Thu nhập tăng 8% so với giai đoạn 2021 - 2025.\n"
                                 "Giữ vững 7/7 thôn văn hóa.\n"
                                 "Sáng 12/3, xã tổ chức hội nghị.\n"
                                 "Tổng thu ngân sách 38 tỷ 75 triệu đồng.\n"
                                 "Thu nhập bình quân đạt 62 triệu 500 nghìn đồng/người.\n");
    assert_int_equal(r.n_targets, 7);
    expect(&r.targets[0], 1, "1", TARGET_EQ, 240, TARGET_CHANGE_NONE);
    expect(&r.targets[1], 2, "2", TARGET_EQ, 12, TARGET_CHANGE_NONE);
    expect(&r.targets[2], 4, "3", TARGET_EQ, 950, TARGET_CHANGE_NONE);
    expect(&r.targets[3], 5, "4", TARGET_EQ, 8, TARGET_CHANGE_INCREASE);
    expect(&r.targets[4], 6, "5", TARGET_EQ, 7, TARGET_CHANGE_NONE);
    expect(&r.targets[5], 8, "6", TARGET_EQ, 38.075, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[5].target.unit, "tỷ đồng");
    expect(&r.targets[6], 9, "7", TARGET_EQ, 62.5, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[6].target.unit, "triệu đồng/người");
}

/* Talking about the targets does not hide the one a clause names: after "như" / ":" / "là", or
 * before "là một trong"; a line that only counts them stays out. */
static void a_target_inside_talk_about_targets(void **state)
{
    extract_result r = read_text("Năm nay xã đề ra một số chỉ tiêu như tỷ lệ hộ nghèo giảm còn 2,5%.\n"
                                 "Hoàn thành 9/9 thôn đạt chuẩn văn hóa là một trong những chỉ tiêu trọng tâm.\n"
                                 "Nghị quyết với 18 chỉ tiêu chủ yếu là: thu nhập bình quân đạt 70 triệu đồng;\n"
                                 "Một số chỉ tiêu chủ yếu và 3 khâu đột phá.\n");
    assert_int_equal(r.n_targets, 3);
    expect(&r.targets[0], 1, "1", TARGET_EQ, 2.5, TARGET_CHANGE_NONE);
    expect(&r.targets[1], 2, "2", TARGET_EQ, 9, TARGET_CHANGE_NONE);
    expect(&r.targets[2], 3, "3", TARGET_EQ, 70, TARGET_CHANGE_NONE);
}

/* A list of named places is one checklist: the parentheses that say where each lies are not
 * items, ";" does not cut it, and a name that ends in a number is a name. */
/* Multiples of the baseline in running text and in a table cell, in digits and in words; the
 * name stops before "gấp", and "2 lần" that counts times is no multiple. */
static void multiples_of_the_baseline(void **state)
{
    (void)state;
    extract_result r = read_text("1. Thu nhập bình quân đầu người tăng 1,5 lần so với năm 2025.\n"
                                 "2. Giá trị sản xuất nông nghiệp gấp đôi năm 2020.\n"
                                 "3. Số hợp tác xã gấp ba lần so với năm 2025.\n"
                                 "4. Kim ngạch xuất khẩu gấp hơn 2 lần so với năm 2020.\n"
                                 "5. Tổ chức 2 lần hội thi văn nghệ quần chúng.\n");
    assert_int_equal(r.n_targets, 5);
    expect(&r.targets[0], 1, "1", TARGET_EQ, 1.5, TARGET_CHANGE_TIMES);
    expect(&r.targets[1], 2, "2", TARGET_EQ, 2, TARGET_CHANGE_TIMES);
    expect(&r.targets[2], 3, "3", TARGET_EQ, 3, TARGET_CHANGE_TIMES);
    expect(&r.targets[3], 4, "4", TARGET_GT, 2, TARGET_CHANGE_TIMES);
    assert_true(r.targets[4].target.change != TARGET_CHANGE_TIMES);
    assert_int_equal(r.targets[0].target.baseline_year, 2025);
    assert_int_equal(r.targets[1].target.baseline_year, 2020);
    assert_string_equal(r.targets[1].name, "Giá trị sản xuất nông nghiệp");
    assert_string_equal(r.targets[2].name, "Số hợp tác xã");
    assert_int_equal(r.n_unread, 0);

    r = read_text("| TT | Chỉ tiêu | Kế hoạch 2026 |\n|---|---|---|\n| 1 | Doanh thu du lịch | gấp 2 lần so với năm 2025 |\n");
    assert_int_equal(r.n_targets, 1);
    expect(&r.targets[0], 3, "1", TARGET_EQ, 2, TARGET_CHANGE_TIMES);
    assert_string_equal(r.targets[0].name, "Doanh thu du lịch");
}

/* "Tỷ lệ giảm nghèo 0,7%" is a yearly fall of the poverty rate, in a sentence and in a table;
 * "tỷ lệ tăng dân số" stays the level of a rate of its own. */
static void a_rate_word_that_changes_a_share(void **state)
{
    (void)state;
    extract_result r = read_text("1. Tỷ lệ giảm nghèo 0,7%; tỷ lệ tăng dân số tự nhiên dưới 1%.\n"
                                 "2. Mức giảm tỷ lệ hộ nghèo bình quân hằng năm từ 1% trở lên.\n"
                                 "3. Tỷ lệ giảm hộ nghèo 0,7%.\n"); /* decomposed diacritics (NFD) */
    assert_int_equal(r.n_targets, 4);
    expect(&r.targets[3], 3, "3", TARGET_EQ, 0.7, TARGET_CHANGE_DECREASE);
    expect(&r.targets[0], 1, "1.1", TARGET_EQ, 0.7, TARGET_CHANGE_DECREASE);
    expect(&r.targets[1], 1, "1.2", TARGET_LT, 1, TARGET_CHANGE_NONE);
    expect(&r.targets[2], 2, "2", TARGET_GE, 1, TARGET_CHANGE_DECREASE);

    r = read_text("TT\tChỉ tiêu\tĐVT\tKế hoạch 2026\n1\tTỷ lệ giảm hộ nghèo\t%\t0,7\n");
    assert_int_equal(r.n_targets, 1);
    expect(&r.targets[0], 2, "1", TARGET_EQ, 0.7, TARGET_CHANGE_DECREASE);
}

static void lists_of_named_places(void **state)
{
    extract_result r = read_text("Phấn đấu các xã: Hòa Bình, Yên Lạc (huyện Đông Sơn); Tiến Thắng (huyện Mê Linh) "
                                 "đạt chuẩn nông thôn mới nâng cao.\n"
                                 "Các thôn Đồng Tâm 2, thôn 5 và Phú Mỹ hoàn thành xây dựng nhà văn hóa.\n");
    assert_int_equal(r.n_targets, 2);
    expect(&r.targets[0], 1, "1", TARGET_LIST, NAN, TARGET_CHANGE_NONE);
    assert_int_equal(r.targets[0].target.n_items, 3);
    assert_string_equal(r.targets[0].target.items[0], "Xã Hòa Bình");
    assert_string_equal(r.targets[0].target.items[2], "Xã Tiến Thắng");
    assert_int_equal(r.targets[1].target.n_items, 3);
    assert_string_equal(r.targets[1].target.items[0], "Thôn Đồng Tâm 2");
    assert_string_equal(r.targets[1].target.items[1], "Thôn 5");
    assert_string_equal(r.targets[1].target.items[2], "Thôn Phú Mỹ");
}

/* A multiple of the baseline has no place in a target yet: it is left unread with that reason,
 * never read as "đạt 1,5 lần" or a yes/no. */
static void a_multiple_without_its_figure_is_unread(void **state)
{
    extract_result r = read_text("Giá trị sản xuất tăng gấp nhiều lần so với năm 2020.\n"
                                 "2. Thu nhập bình quân gấp nhiều lần năm 2021.\n");
    assert_int_equal(r.n_targets, 0);
    assert_int_equal(r.n_unread, 2);
    assert_non_null(strstr(r.unread[0].reason, "không nói gấp bao nhiêu lần"));
    assert_non_null(strstr(r.unread[1].reason, "không nói gấp bao nhiêu lần"));
}

/* "Chỉ tiêu 1:" numbers the target; its 1 is not the figure. "… huyện giao" is as assigned. */
static void labels_that_number_targets(void **state)
{
    extract_result r = read_text("Chỉ tiêu 1: Tỷ lệ hộ gia đình đạt chuẩn văn hóa đạt 90%.\n"
                                 "Chỉ tiêu 2. Kết nạp 15 đảng viên mới.\n"
                                 "+ Đạt và vượt chỉ tiêu thu ngân sách huyện giao.\n"
                                 "+ Nâng cấp 2 tuyến đường giao thông.\n");
    assert_int_equal(r.n_targets, 4);
    expect(&r.targets[0], 1, "1", TARGET_EQ, 90, TARGET_CHANGE_NONE);
    expect(&r.targets[1], 2, "2", TARGET_EQ, 15, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[1].target.unit, "đảng viên");
    assert_int_equal(r.targets[2].target.op, TARGET_ASSIGNED);
    assert_string_equal(r.targets[2].name, "chỉ tiêu thu ngân sách huyện giao");
    assert_int_equal(r.targets[3].target.op, TARGET_EQ);
}

/* "2.1.1." numbers as the plan does; a heading "2.1. Về kinh tế" has nothing to review; a
 * clause that names nothing takes the name before it; "1.250 tỷ đồng" is a figure, not a code */
static void dotted_codes_are_kept(void **state)
{
    extract_result r = read_text("2.1. Về kinh tế\n"
                                 "2.1.1. Tổng thu ngân sách trên địa bàn đạt 30 tỷ đồng, tăng 8% so với năm 2025.\n"
                                 "2.1.2 Tỷ lệ hộ nghèo còn 1,2%.\n"
                                 "- Tạo việc làm cho 250 - 300 lao động.\n"
                                 "1.250 tỷ đồng vốn đầu tư được huy động.\n");
    assert_int_equal(r.n_unread, 0);
    assert_int_equal(r.n_targets, 5);
    expect(&r.targets[0], 2, "2.1.1.1", TARGET_EQ, 30, TARGET_CHANGE_NONE);
    expect(&r.targets[1], 2, "2.1.1.2", TARGET_EQ, 8, TARGET_CHANGE_INCREASE);
    assert_string_equal(r.targets[1].name, "Tổng thu ngân sách trên địa bàn");
    expect(&r.targets[2], 3, "2.1.2", TARGET_EQ, 1.2, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[2].name, "Tỷ lệ hộ nghèo");
    expect(&r.targets[3], 4, "2.1.2.1", TARGET_RANGE, 250, TARGET_CHANGE_NONE);
    assert_int_equal(r.targets[4].line, 5);
    assert_true(fabs(r.targets[4].target.value - 1250) < 1e-9);
}

/* A bullet that opens with its figure is named by the words after it, not "trở lên …" */
static void figures_that_open_the_line(void **state)
{
    extract_result r = read_text("Phấn đấu đến cuối năm 2026:\n"
                                 "- 95% trở lên người dân tham gia bảo hiểm y tế.\n"
                                 "- Từ 85% đến 90% học sinh lên lớp.\n");
    assert_int_equal(r.n_targets, 2);
    expect(&r.targets[0], 2, "1.1", TARGET_GE, 95, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[0].name, "người dân tham gia bảo hiểm y tế");
    expect(&r.targets[1], 3, "1.2", TARGET_RANGE, 85, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[1].name, "học sinh lên lớp");
    /* from one level to another is one figure, the second; "ước đạt" is not part of the name */
    r = read_text("- Giảm tỷ lệ hộ nghèo từ 2,1% xuống còn 1,5%.\n"
                  "- Diện tích cây vụ đông ước đạt 120 ha, tăng 10 ha so với năm trước.\n");
    assert_int_equal(r.n_targets, 3);
    expect(&r.targets[0], 1, "1.1", TARGET_LE, 1.5, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[1].name, "Diện tích cây vụ đông");
    expect(&r.targets[2], 2, "1.2.2", TARGET_EQ, 10, TARGET_CHANGE_INCREASE);
    assert_string_equal(r.targets[2].name, "Diện tích cây vụ đông");
    /* after a label's colon, the words before the figure name the part */
    r = read_text("2. Cơ cấu kinh tế: nông nghiệp 25%; công nghiệp - xây dựng 40%.\n"
                  "3. Tỷ lệ người dân tham gia BHYT: trên 97,2%.\n");
    assert_int_equal(r.n_targets, 3);
    assert_string_equal(r.targets[0].name, "Cơ cấu kinh tế: nông nghiệp");
    assert_string_equal(r.targets[1].name, "công nghiệp - xây dựng");
    assert_string_equal(r.targets[2].name, "Tỷ lệ người dân tham gia BHYT");
    /* "hoàn thành xuất sắc" is what is counted, kept in the name */
    r = read_text("- 100% chi bộ hoàn thành nhiệm vụ, trong đó 20% hoàn thành xuất sắc nhiệm vụ.\n");
    assert_int_equal(r.n_targets, 2);
    assert_string_equal(r.targets[1].name, "hoàn thành xuất sắc nhiệm vụ");
}

/* "19/19 tiêu chí": the whole the figure is out of is neither a second figure nor the unit */
static void a_figure_out_of_a_whole(void **state)
{
    extract_result r = read_text("1. Xã đạt 19/19 tiêu chí nông thôn mới nâng cao.\n"
                                 "2. Số thôn đạt chuẩn nông thôn mới kiểu mẫu: 3/9 thôn.\n");
    assert_int_equal(r.n_targets, 2);
    expect(&r.targets[0], 1, "1", TARGET_EQ, 19, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[0].target.unit, "tiêu chí");
    expect(&r.targets[1], 2, "2", TARGET_EQ, 3, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[1].target.unit, "thôn");
    /* per so many people is part of the unit, not a second figure */
    r = read_text("3. Mật độ thuê bao Internet đạt 80 thuê bao/100 dân.\n");
    assert_int_equal(r.n_targets, 1);
    expect(&r.targets[0], 1, "3", TARGET_EQ, 80, TARGET_CHANGE_NONE);
    assert_string_equal(r.targets[0].target.unit, "thuê bao/100 dân");
}

static void markdown_sections_limit_the_search(void **state)
{
    extract_result r = read_text("### 1. Mục đích\n"
                                 "a) Đẩy mạnh phong trào thi đua, hoàn thành 100% kế hoạch.\n"
                                 "### **3. Các chỉ tiêu kinh tế - xã hội chủ yếu**\n"
                                 "(4) Tỷ lệ giải ngân vốn đầu tư công đạt tối thiểu 90%;\n"
                                 "## **II. NHIỆM VỤ, GIẢI PHÁP**\n"
                                 "- Báo cáo trước ngày 05/12/2026, đạt 100%.\n");
    assert_int_equal(r.n_targets, 1);
    expect(&r.targets[0], 4, "4", TARGET_GE, 90, TARGET_CHANGE_NONE);
}

static void bad_and_random_input(void **state)
{
    extract_result r;
    td_error e = {0};
    assert_int_equal(extract_plan(A, "đạt 9\xff%", strlen("đạt 9\xff%"), &r, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "UTF-8"));
    r = read_text("");
    assert_int_equal(r.n_targets, 0);
    /* random bytes from the alphabet of plans, many times: no crash, valid output */
    static const char *const atoms[] = {"(1) ", "+ ", "- ", "a) ", "1.500", "97,2", "%", " - ", "từ ", "trên ",
                                        "trở lên", "; ", ", ", ". ", "(", ")", "thôn ", "Thái Lai", "tăng ",
                                        "giảm ", "so với năm 2025", "\n", " | ", "Kế hoạch", "Chỉ tiêu", "đã ",
                                        "mục tiêu", "khoảng ", "$\\geq", "$", "**", "#", "một xã", "12-13/18",
                                        "19/6/2015", "\"", "“", "…", "đạt ", "hoàn thành", "0", "9"};
    srand(20261125);
    for (int i = 0; i < 3000; i++) {
        char buf[600] = "";
        size_t len = 0;
        int n = rand() % 40;
        for (int k = 0; k < n; k++) {
            const char *a = atoms[rand() % (int)(sizeof atoms / sizeof atoms[0])];
            size_t al = strlen(a);
            if (len + al >= sizeof buf)
                break;
            memcpy(buf + len, a, al);
            len += al;
        }
        buf[len] = '\0';
        arena *b = arena_new();
        extract_result x;
        if (extract_plan(b, buf, len, &x, &e) != TD_OK)
            fail_msg("input \"%s\": %s", buf, e.msg);
        for (size_t k = 0; k < x.n_targets; k++) {
            assert_non_null(x.targets[k].code);
            assert_true(x.targets[k].line >= 1);
            td_error ve = {0};
            if (target_validate(&x.targets[k].target, &ve) != TD_OK)
                fail_msg("input \"%s\": invalid target: %s", buf, ve.msg);
        }
        json_decref(extract_to_json(&x));
        arena_free(b);
    }
}

/* One reader: a phrase read alone (target_parse: `target explain`, the web preview) and in a
 * numbered line of a plan (the extractor) give the same target, labels such as "mức độ 1"
 * being no figure for either. */
static void one_reader_for_a_phrase_and_a_plan_line(void **state)
{
    static const struct {
        const char *text;
        target_op op;
        double value;
    } phrases[] = {
        {"giữ vững chuẩn Quốc gia mức độ 1", TARGET_DONE, 0},
        {"Giữ vững trường đạt chuẩn quốc gia mức độ 2", TARGET_DONE, 0},
        {"Đạt kiểm định chất lượng cấp độ 3", TARGET_DONE, 0},
        {"Đạt danh hiệu cơ quan văn hóa lần thứ 3", TARGET_DONE, 0},
        {"100% trường đạt chuẩn quốc gia mức độ 1", TARGET_EQ, 100},
        {"Tỷ lệ trường đạt chuẩn mức độ 2 đạt 60%", TARGET_EQ, 60},
        {"Nâng tỉ lệ trường đạt chuẩn mức độ 2", TARGET_GT, 0},
        {"nâng cao tỷ lệ hộ dân sử dụng nước sạch", TARGET_GT, 0},
    };
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        target alone;
        td_error e = {0};
        if (target_parse(A, phrases[i].text, &alone, &e) != TD_OK)
            fail_msg("\"%s\": %s", phrases[i].text, e.msg);
        extract_result r = read_text(arena_printf(A, "(1) %s\n", phrases[i].text));
        assert_int_equal(r.n_targets, 1);
        const target *in_plan = &r.targets[0].target;
        if (alone.op != phrases[i].op || in_plan->op != phrases[i].op || alone.value != phrases[i].value ||
            in_plan->value != phrases[i].value || alone.change != in_plan->change)
            fail_msg("\"%s\": alone %s %g, in a plan %s %g", phrases[i].text, target_op_name(alone.op), alone.value,
                     target_op_name(in_plan->op), in_plan->value);
    }
    /* the seed's (9): a rate to raise governs both sides of "và" */
    extract_result r = read_text("(9) Các nhà trường giữ vững chuẩn Quốc gia mức độ 1, nâng tỉ lệ trường đạt chuẩn mức "
                                 "độ 2 và kiểm định chất lượng cấp độ 3\n");
    assert_int_equal(r.n_targets, 3);
    expect(&r.targets[0], 1, "9.1", TARGET_DONE, NAN, TARGET_CHANGE_NONE);
    expect(&r.targets[1], 1, "9.2", TARGET_GT, 0, TARGET_CHANGE_INCREASE);
    expect(&r.targets[2], 1, "9.3", TARGET_GT, 0, TARGET_CHANGE_INCREASE);
    assert_string_equal(r.targets[2].target.text, "kiểm định chất lượng cấp độ 3");
    /* but an achievement after "và" stays one when the clause before it is no rate to raise */
    r = read_text("(3) Xây dựng nhà văn hóa và đạt chuẩn nông thôn mới\n");
    assert_int_equal(r.n_targets, 2);
    expect(&r.targets[1], 1, "3.2", TARGET_DONE, NAN, TARGET_CHANGE_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbering_gives_codes),          cmocka_unit_test(numbers_that_are_not_targets),
        cmocka_unit_test(named_places_and_word_numerals), cmocka_unit_test(age_groups_and_names),
        cmocka_unit_test(names_written_after_the_figure),
        cmocka_unit_test(markdown_tables_skip_their_rule), cmocka_unit_test(a_figure_out_of_a_whole),
        cmocka_unit_test(labels_that_number_targets), cmocka_unit_test(dotted_codes_are_kept),
        cmocka_unit_test(figures_that_open_the_line), cmocka_unit_test(past_results_are_not_targets),
        cmocka_unit_test(tables_read_the_plan_column), cmocka_unit_test(tables_in_every_notation),
        cmocka_unit_test(table_columns_and_cells),
        cmocka_unit_test(periods_bases_and_money), cmocka_unit_test(a_target_inside_talk_about_targets),
        cmocka_unit_test(lists_of_named_places), cmocka_unit_test(a_rate_word_that_changes_a_share),
        cmocka_unit_test(multiples_of_the_baseline), cmocka_unit_test(a_multiple_without_its_figure_is_unread),
        cmocka_unit_test(markdown_sections_limit_the_search),
        cmocka_unit_test(bad_and_random_input),
        cmocka_unit_test(one_reader_for_a_phrase_and_a_plan_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
