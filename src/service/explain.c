/* explain.c — a target phrase read and judged; see explain.h. */
#include "explain.h"

#include <string.h>

#include "core/indicator_kind.h"
#include "core/vnum.h"
#include "core/vtext.h"

static td_status read_actual(arena *a, const target *t, bool points, const char *actual, const char *baseline,
                             const explain_names *nm, eval_actual *act, td_error *err)
{
    memset(act, 0, sizeof *act);
    if (t->op == TARGET_DONE) {
        int yn = vtext_yes_no(a, actual);
        if (yn < 0)
            return td_fail(err, TD_ERR_USAGE, "%s: mục tiêu có/không cần \"có\" hoặc \"không\", gặp \"%s\"",
                           nm->actual, actual);
        act->has_yes = true;
        act->yes = yn == 1;
        return TD_OK;
    }
    if (t->op == TARGET_LIST) {
        size_t cap = 1;
        for (const char *p = actual; *p; p++)
            cap += *p == ';';
        act->items = arena_calloc(a, cap, sizeof *act->items);
        char *copy = arena_strdup(a, actual), *save = NULL;
        for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
            while (*tok == ' ')
                tok++;
            if (*tok)
                act->items[act->n_items++] = tok;
        }
        act->has_items = true;
        return TD_OK;
    }
    td_error e = {0};
    if (vnum_parse(actual, strlen(actual), &act->value, &e) != TD_OK)
        return td_fail(err, TD_ERR_USAGE, "%s: %s", nm->actual, e.msg);
    act->has_value = true;
    if (baseline) {
        double base, change;
        if (t->change == TARGET_CHANGE_NONE)
            return td_fail(err, TD_ERR_USAGE,
                           "%s chỉ dùng cho mục tiêu tăng/giảm (ví dụ \"tăng 19%% so với năm 2025\")", nm->baseline);
        if (vnum_parse(baseline, strlen(baseline), &base, &e) != TD_OK)
            return td_fail(err, TD_ERR_USAGE, "%s: %s", nm->baseline, e.msg);
        if (!eval_change(t, act->value, base, points, &change))
            return td_fail(err, TD_ERR_USAGE, "%s: số năm gốc bằng 0, không tính được tỷ lệ thay đổi", nm->baseline);
        act->value = change;
        act->in_points = points && t->unit && strcmp(t->unit, "%") == 0;
    }
    return TD_OK;
}

td_status explain_target(arena *a, const char *text, const char *actual, const char *baseline,
                         const explain_names *names, explanation *out, td_error *err)
{
    memset(out, 0, sizeof *out);
    td_status st = target_parse(a, text, &out->target, err);
    if (st)
        return st;
    out->plain = target_format(a, &out->target);
    out->judged = actual != NULL;
    /* with no indicator, its kind is guessed from the phrase's own words, as for an indicator's
       name: "tỷ lệ hộ nghèo giảm 0,5%" is in points and lower-better, "khoảng 8.990 con" higher */
    indicator_kind_guess(a, out->target.text, NULL, &out->target, &out->kind);
    if (actual) {
        indicator ind = {.agg = out->kind.agg, .dir = out->kind.dir, .meas = out->kind.meas};
        st = read_actual(a, &out->target, indicator_is_rate(&ind), actual, baseline, names, &out->actual, err);
        if (st)
            return st;
    }
    /* judged as for a period that is over: "không đạt", not "chưa đạt" */
    eval_judge(a, &out->target, out->kind.dir, NULL, &out->actual, true, &out->judgement);
    return TD_OK;
}
