/* indicator_kind.c — default measure, aggregation and direction of an indicator from its
 * wording; see indicator_kind.h. Each list below is of words officials use for one kind of
 * quantity, not of lines of a particular plan; words are matched whole ("mới" is not in "đổi
 * mới"), a phrase with its spaces. */
#include "indicator_kind.h"

#include <string.h>

#include "vtext.h"

/* A word boundary: the start or end of the text, or an ASCII character that is not a letter or
 * a digit (Vietnamese letters outside ASCII are letters). */
static bool boundary(unsigned char ch)
{
    return ch < 0x80 && !(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z') && !(ch >= '0' && ch <= '9');
}

static bool has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = s ? strstr(s, w) : NULL; p; p = strstr(p + 1, w))
        if ((p == s || boundary((unsigned char)p[-1])) && boundary((unsigned char)p[n]))
            return true;
    return false;
}

static bool has_any(const char *s, const char *const *words)
{
    for (size_t i = 0; s && words[i]; i++)
        if (has_word(s, words[i]))
            return true;
    return false;
}

static bool has_part(const char *s, const char *const *parts)
{
    for (size_t i = 0; s && parts[i]; i++)
        if (strstr(s, parts[i]))
            return true;
    return false;
}

/* A share of a whole: the indicator is a percentage whatever its target's change. */
static const char *const rate_names[] = {"tỷ lệ", "tỉ lệ", "tỷ suất", "tỉ suất", "độ che phủ", "tỷ trọng",
                                         "tỉ trọng", NULL};
/* Figures of the commune as a whole that no unit reports a part of. */
static const char *const commune_names[] = {"tốc độ tăng", "tăng trưởng", "cơ cấu", "grdp", "chỉ số", "xếp hạng",
                                            "par index", "papi", "sipas", NULL};
/* An amount per area or per head: Σ amounts ÷ Σ bases across units (parts of a unit). */
static const char *const ratio_units[] = {"/ha", "/ người", "/người", "/dân", "/1.000", "/100", "/hộ",
                                          "/lao động", "/năm", NULL};
static const char *const ratio_names[] = {"năng suất", "bình quân", "đầu người", "trên 1 ha", "trên 01 ha",
                                          "trên một ha", "trên 1ha", "mật độ", NULL};
/* Things fewer of is better... */
static const char *const lower_names[] = {"hộ nghèo", "hộ cận nghèo", "suy dinh dưỡng", "tai nạn", "tội phạm",
                                          "vi phạm", "ô nhiễm", "thất nghiệp", "sinh con thứ 3", "tảo hôn",
                                          "bỏ học", "vụ cháy", "cháy nổ", "cháy rừng", "nợ đọng", "nợ xấu",
                                          "tử vong", "ma túy", "khiếu nại", "mất an toàn", NULL};
/* ...unless the indicator counts the fight against them or the help given: "phòng cháy chữa
 * cháy được kiểm tra", "hộ nghèo được hỗ trợ", "giải quyết khiếu nại", "thôn không ma túy". */
static const char *const against_names[] = {"phòng", "chống", "xử lý", "giải quyết", "kiểm tra", "ngăn chặn",
                                            "đấu tranh", "triệt phá", "bắt giữ", "điều tra", "khám phá",
                                            "cai nghiện", "tuyên truyền", "hỗ trợ", "thoát", "không", "mức giảm",
                                            "tốc độ giảm", NULL};
/* Lateness: fewer is better, whatever else the name says. */
static const char *const late_names[] = {"thời gian giải quyết", "trễ hạn", "quá hạn", "chậm trễ", NULL};
/* Quantities kept within a band either way. */
static const char *const band_names[] = {"tỷ số giới tính", "tỉ số giới tính", "tăng dân số tự nhiên",
                                         "mức sinh", NULL};
/* Something new counted as it happens: always a flow ("diện tích trồng mới"). */
static const char *const new_names[] = {"thành lập mới", "trồng mới", "cấp mới", "kết nạp mới", "tham gia mới",
                                        "phát triển mới", "xây mới", "làm mới", "thêm mới", "tăng mới",
                                        "mới thành lập", "mới tham gia", NULL};
/* What is there at a time: a stock, its latest figure ("đàn lợn", "diện tích gieo cấy",
 * "doanh nghiệp có hoạt động đổi mới sáng tạo"). */
static const char *const stock_names[] = {"diện tích", "đàn lợn", "đàn trâu", "đàn bò", "đàn gia súc",
                                          "đàn gia cầm", "tổng đàn", "hiện có", "đang hoạt động",
                                          "có hoạt động", "duy trì", "giữ vững", "số lượng", NULL};
/* Counted as they happen: new members, revenue, visitors; summed over the months. */
static const char *const flow_names[] = {"tạo việc làm", "giải quyết việc làm", "thu ngân sách", "doanh thu",
                                         "tổng thu", "lượt", "lượt khách", "khách du lịch", "du khách",
                                         "kết nạp", "xuất khẩu lao động", "sản lượng", "vốn đầu tư", "huy động",
                                         "trồng cây", "trồng rừng", "xây dựng", "sửa chữa", "nâng cấp",
                                         "cải tạo", "đào tạo", "tuyển", "giải ngân", "thu hút", "hỗ trợ",
                                         "thành lập", "chuyển đổi thành", NULL};
/* Grows along the year towards its end-of-year figure, reported as a running level. */
static const char *const buildup_names[] = {"giải ngân", "tiến độ", "thu nộp", "thu thuế", NULL};

void indicator_kind_guess(arena *a, const char *name, const char *unit, const target *t, indicator_kind *out)
{
    const char *n = vtext_lower(a, name ? name : "");
    const char *u = unit ? vtext_lower(a, unit) : t && t->unit ? vtext_lower(a, t->unit) : "";
    bool percent = strcmp(u, "%") == 0;
    bool change = t && t->change != TARGET_CHANGE_NONE;

    out->agg = AGG_SUM;
    if (has_any(n, rate_names))
        out->agg = AGG_RATE;
    else if (has_any(n, commune_names))
        out->agg = AGG_COMMUNE;
    else if (has_part(u, ratio_units) || has_any(n, ratio_names))
        out->agg = AGG_RATIO;
    else if (percent && !change)
        out->agg = AGG_RATE;

    out->dir = DIR_HIGHER;
    if (has_any(n, band_names))
        out->dir = DIR_BAND;
    else if (has_any(n, late_names) || (has_any(n, lower_names) && !has_any(n, against_names)) ||
             (t && (t->change == TARGET_CHANGE_DECREASE || t->op == TARGET_LE || t->op == TARGET_LT)))
        out->dir = DIR_LOWER;

    if (t && t->op == TARGET_DONE)
        out->meas = MEASURE_YESNO;
    else if (t && t->op == TARGET_LIST)
        out->meas = MEASURE_LIST;
    else if (out->agg == AGG_RATE && has_any(n, buildup_names))
        out->meas = MEASURE_BUILDUP;
    else if (out->agg != AGG_SUM || change)
        out->meas = MEASURE_LEVEL;
    else if (has_any(n, new_names))
        out->meas = MEASURE_FLOW;
    else if (has_any(n, stock_names))
        out->meas = MEASURE_LEVEL;
    else if (has_any(n, flow_names))
        out->meas = MEASURE_FLOW;
    else
        out->meas = MEASURE_LEVEL;
}

bool indicator_is_rate(const indicator *ind)
{
    return ind->agg == AGG_RATE;
}
