/* indicator_kind.c — default measure, aggregation and direction of an indicator from its
 * wording; see indicator_kind.h. Each list below is of words officials use for one kind of
 * quantity, not of lines of a particular plan. */
#include "indicator_kind.h"

#include <string.h>

#include "vtext.h"

static bool has_any(const char *s, const char *const *words)
{
    for (size_t i = 0; s && words[i]; i++)
        if (strstr(s, words[i]))
            return true;
    return false;
}

static bool starts_any(const char *s, const char *const *words)
{
    for (size_t i = 0; s && words[i]; i++)
        if (strncmp(s, words[i], strlen(words[i])) == 0)
            return true;
    return false;
}

/* A share of a whole: the indicator is a percentage whatever its target's change. */
static const char *const rate_names[] = {"tỷ lệ", "tỉ lệ", "tỷ suất", "tỉ suất", "độ che phủ", "tỷ trọng",
                                         "tỉ trọng", NULL};
/* Figures of the commune as a whole that no unit reports a part of. */
static const char *const commune_names[] = {"tốc độ tăng", "tăng trưởng", "cơ cấu", "grdp", "chỉ số", "xếp hạng",
                                            "par index", "papi", "sipas", NULL};
/* An amount per area or per head: Σ amounts ÷ Σ bases across units. */
static const char *const ratio_units[] = {"/ha", "/ người", "/người", "/dân", "/1.000", "/100", "/hộ",
                                          "/lao động", "/năm", NULL};
static const char *const ratio_names[] = {"năng suất", "bình quân", "đầu người", "trên 1 ha", "trên 01 ha",
                                          "trên một ha", "trên 1ha", "mật độ", NULL};
/* Things fewer of is better. */
static const char *const lower_names[] = {"hộ nghèo", "hộ cận nghèo", "suy dinh dưỡng", "tai nạn", "tội phạm",
                                          "vi phạm", "ô nhiễm", "thất nghiệp", "sinh con thứ 3", "tảo hôn",
                                          "bỏ học", "cháy", "nợ đọng", "nợ xấu", "tử vong", "ma túy", "khiếu nại",
                                          "thời gian giải quyết", "trễ hạn", "quá hạn", "mất an toàn", NULL};
/* Quantities kept within a band either way. */
static const char *const band_names[] = {"tỷ số giới tính", "tỉ số giới tính", "tăng dân số tự nhiên",
                                         "mức sinh", NULL};
/* Counted as they happen: new members, revenue, visitors; summed over the months. */
static const char *const flow_names[] = {"mới", "tạo việc làm", "giải quyết việc làm", "thu ngân sách",
                                         "doanh thu", "tổng thu", "lượt", "khách", "kết nạp", "xuất khẩu lao động",
                                         "sản lượng", "vốn đầu tư", "huy động", "trồng", "xây dựng", "sửa chữa",
                                         "nâng cấp", "cải tạo", "đào tạo", "tuyển", "giải ngân", "thu hút",
                                         "hỗ trợ", NULL};
/* Grows along the year towards its end-of-year figure, reported as a running level. */
static const char *const buildup_names[] = {"giải ngân", "tiến độ", "thu nộp", "thu thuế", NULL};

void indicator_kind_guess(arena *a, const char *name, const char *unit, const target *t, indicator_kind *out)
{
    const char *n = vtext_lower(a, name ? name : "");
    const char *u = unit ? vtext_lower(a, unit) : t && t->unit ? vtext_lower(a, t->unit) : "";
    bool percent = strcmp(u, "%") == 0;
    bool change = t && t->change != TARGET_CHANGE_NONE;

    out->agg = AGG_SUM;
    if (starts_any(n, rate_names) || has_any(n, (const char *const[]){" tỷ lệ ", NULL}))
        out->agg = AGG_RATE;
    else if (has_any(n, commune_names))
        out->agg = AGG_COMMUNE;
    else if (has_any(u, ratio_units) || has_any(n, ratio_names))
        out->agg = AGG_RATIO;
    else if (percent && !change)
        out->agg = AGG_RATE;

    out->dir = DIR_HIGHER;
    if (has_any(n, band_names))
        out->dir = DIR_BAND;
    else if (has_any(n, lower_names) ||
             (t && (t->change == TARGET_CHANGE_DECREASE || t->op == TARGET_LE || t->op == TARGET_LT)))
        out->dir = DIR_LOWER;

    if (t && t->op == TARGET_DONE)
        out->meas = MEASURE_YESNO;
    else if (t && t->op == TARGET_LIST)
        out->meas = MEASURE_LIST;
    else if (out->agg == AGG_RATE && has_any(n, buildup_names))
        out->meas = MEASURE_BUILDUP;
    else if (out->agg == AGG_SUM && !change && has_any(n, flow_names))
        out->meas = MEASURE_FLOW;
    else
        out->meas = MEASURE_LEVEL;
}

bool indicator_is_rate(const indicator *ind)
{
    return ind->agg == AGG_RATE;
}
