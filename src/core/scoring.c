/* scoring.c — see scoring.h. */
#include "scoring.h"

#include <math.h>
#include <string.h>

static const char *const kind_codes[SCORE_KIND_COUNT] = {"targets", "manual", "bonus", "penalty"};

const char *score_kind_code(score_kind k)
{
    return k < SCORE_KIND_COUNT ? kind_codes[k] : "manual";
}

bool score_kind_parse(const char *code, score_kind *out)
{
    for (int i = 0; code && i < SCORE_KIND_COUNT; i++)
        if (strcmp(code, kind_codes[i]) == 0) {
            *out = (score_kind)i;
            return true;
        }
    return false;
}

td_status scoring_validate(const score_criterion *c, size_t n, const score_threshold *t, size_t nt, td_error *err)
{
    if (n == 0)
        return td_fail(err, TD_ERR_INPUT, "bảng chấm điểm cần ít nhất một tiêu chí");
    for (size_t i = 0; i < n; i++) {
        const char *name = c[i].name && *c[i].name ? c[i].name : c[i].code;
        if (!c[i].code || !*c[i].code || !c[i].name || !*c[i].name)
            return td_fail(err, TD_ERR_INPUT, "tiêu chí thứ %zu cần mã và tên", i + 1);
        if (!(c[i].max_points > 0) || c[i].max_points > 1000 || !isfinite(c[i].max_points))
            return td_fail(err, TD_ERR_INPUT, "tiêu chí \"%s\": điểm tối đa phải lớn hơn 0 và không quá 1.000", name);
        for (size_t k = 0; k < i; k++)
            if (strcmp(c[k].code, c[i].code) == 0)
                return td_fail(err, TD_ERR_INPUT, "tiêu chí \"%s\" trùng mã với tiêu chí \"%s\"", name, c[k].name);
    }
    for (size_t i = 0; i < nt; i++) {
        if (!t[i].code || !*t[i].code || !t[i].label || !*t[i].label)
            return td_fail(err, TD_ERR_INPUT, "mức xếp loại thứ %zu cần mã và tên", i + 1);
        if (!(t[i].min_points >= 0) || !isfinite(t[i].min_points))
            return td_fail(err, TD_ERR_INPUT, "mức \"%s\": điểm tối thiểu không được âm", t[i].label);
        if (i > 0 && !(t[i].min_points < t[i - 1].min_points))
            return td_fail(err, TD_ERR_INPUT, "mức \"%s\" phải có điểm tối thiểu thấp hơn mức \"%s\"", t[i].label,
                           t[i - 1].label);
        for (size_t k = 0; k < i; k++)
            if (strcmp(t[k].code, t[i].code) == 0)
                return td_fail(err, TD_ERR_INPUT, "mức \"%s\" trùng mã với mức \"%s\"", t[i].label, t[k].label);
    }
    return TD_OK;
}

double scoring_round(double v)
{
    return round(v * 100.0) / 100.0;
}

double scoring_targets_points(double max_points, int achieved, int assigned)
{
    if (assigned <= 0 || achieved <= 0)
        return 0;
    if (achieved > assigned)
        achieved = assigned;
    return scoring_round(max_points * achieved / assigned);
}

double scoring_total(const score_criterion *c, const double *points, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += c[i].kind == SCORE_PENALTY ? -points[i] : points[i];
    sum = scoring_round(sum);
    return sum < 0 ? 0 : sum;
}

void scoring_rank(const double *totals, size_t n, score_rank *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (score_rank){.index = i, .total = scoring_round(totals[i])};
    /* insertion sort: stable, so that equal totals keep the caller's (name) order */
    for (size_t i = 1; i < n; i++) {
        score_rank x = out[i];
        size_t k = i;
        while (k > 0 && out[k - 1].total < x.total) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = x;
    }
    for (size_t i = 0; i < n; i++) {
        out[i].rank = i > 0 && out[i].total == out[i - 1].total ? out[i - 1].rank : (int)i + 1;
        out[i].tied = (i > 0 && out[i].total == out[i - 1].total) || (i + 1 < n && out[i].total == out[i + 1].total);
    }
}

int scoring_classify(const score_threshold *t, size_t nt, double total)
{
    total = scoring_round(total);
    for (size_t i = 0; i < nt; i++)
        if (total >= t[i].min_points)
            return (int)i;
    return -1;
}
