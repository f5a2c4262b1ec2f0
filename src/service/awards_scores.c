/* awards_scores.c — a block's scoring table and its units' scores: hand criteria entered
 * with a note, criteria derived from each unit's verdicts on the plan's targets (service/evaluation),
 * bonus and penalty; ranks and classes by core/scoring. */
#include "awards_scores.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/scoring.h"
#include "core/vtext.h"
#include "service/awards_internal.h"
#include "service/evaluation.h"
#include "service/policy.h"

td_status awards_block_of(store *s, td_id cid, const char *code, json_t **out, td_error *err)
{
    if (!code || !*code)
        return td_fail(err, TD_ERR_INPUT, "cần chọn khối thi đua");
    td_status st = store_aw_block(s, cid, code, out, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, st, "không có khối thi đua \"%s\"", code);
    return st;
}

static json_t *scoring_json(json_t *criteria, json_t *thresholds)
{
    double max = 0;
    size_t i;
    json_t *c;
    json_array_foreach(criteria, i, c) if (strcmp(awards_jstr(c, "kind"), "penalty") != 0 &&
                                           strcmp(awards_jstr(c, "kind"), "bonus") != 0) max +=
        json_number_value(json_object_get(c, "max_points"));
    return json_pack("{s:o, s:o, s:f}", "criteria", criteria, "thresholds", thresholds, "max_total", max);
}

static int by_name(const void *x, const void *y)
{
    return vtext_collate(awards_jstr(*(json_t *const *)x, "name"), awards_jstr(*(json_t *const *)y, "name"));
}

/* The members of a block in the Vietnamese order of their names (the order ties keep). */
static td_status members_of(store *s, td_id block_id, json_t **out, td_error *err)
{
    json_t *m = NULL;
    td_status st = store_aw_block_members(s, block_id, &m, err);
    if (st)
        return st;
    size_t n = json_array_size(m);
    json_t **items = calloc(n + 1, sizeof *items);
    if (!items) {
        json_decref(m);
        return td_fail(err, TD_ERR_DB, "hết bộ nhớ");
    }
    for (size_t i = 0; i < n; i++)
        items[i] = json_array_get(m, i);
    qsort(items, n, sizeof *items, by_name);
    *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append(*out, items[i]);
    free(items);
    json_decref(m);
    return TD_OK;
}

static td_status block_full(store *s, json_t *b, td_error *err)
{
    json_t *members = NULL, *criteria = NULL, *thresholds = NULL;
    td_id bid = (td_id)awards_jint(b, "id");
    td_status st = members_of(s, bid, &members, err);
    if (!st)
        st = store_aw_scoring(s, bid, &criteria, &thresholds, err);
    if (st) {
        json_decref(members);
        return st;
    }
    json_object_set_new(b, "members", members);
    json_object_set_new(b, "scoring", scoring_json(criteria, thresholds));
    return TD_OK;
}

td_status awards_blocks(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    (void)a;
    td_id cid;
    json_t *blocks = NULL;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = store_aw_blocks(s, cid, &blocks, err);
    size_t i;
    json_t *b;
    json_array_foreach(blocks, i, b)
    {
        if (st)
            break;
        st = block_full(s, b, err);
        json_object_del(b, "id");
    }
    if (st) {
        json_decref(blocks);
        return st;
    }
    *out = json_pack("{s:o}", "blocks", blocks);
    return TD_OK;
}

/* Reads a scoring table from JSON into core's structs, in a. */
static td_status scoring_read(arena *a, const json_t *criteria, const json_t *thresholds, score_criterion **c,
                              size_t *nc, score_threshold **t, size_t *nt, td_error *err)
{
    if (!json_is_array(criteria))
        return td_fail(err, TD_ERR_INPUT, "cần danh sách tiêu chí chấm điểm");
    *nc = json_array_size(criteria);
    *nt = json_array_size(thresholds);
    *c = arena_calloc(a, *nc + 1, sizeof **c);
    *t = arena_calloc(a, *nt + 1, sizeof **t);
    size_t i;
    const json_t *o;
    json_array_foreach(criteria, i, o)
    {
        (*c)[i] = (score_criterion){.code = awards_jstr(o, "code"), .group = awards_jstr(o, "group"), .name = awards_jstr(o, "name"),
                                    .max_points = json_number_value(json_object_get(o, "max_points"))};
        if (!json_is_number(json_object_get(o, "max_points")))
            (*c)[i].max_points = NAN;
        if (!score_kind_parse(awards_jstr(o, "kind"), &(*c)[i].kind))
            return td_fail(err, TD_ERR_INPUT, "tiêu chí \"%s\": cách chấm phải là theo chỉ tiêu, chấm tay, điểm "
                                              "thưởng hoặc điểm trừ",
                           awards_jstr(o, "name") ? awards_jstr(o, "name") : "?");
    }
    json_array_foreach(thresholds, i, o)(*t)[i] =
        (score_threshold){.code = awards_jstr(o, "code"), .label = awards_jstr(o, "label"),
                          .min_points = json_is_number(json_object_get(o, "min_points"))
                                            ? json_number_value(json_object_get(o, "min_points"))
                                            : NAN};
    return scoring_validate(*c, *nc, *t, *nt, err);
}

td_status awards_scoring_put(store *s, arena *a, const user *viewer, const char *block_code, const json_t *body,
                             json_t **out, td_error *err)
{
    td_id cid;
    json_t *b = NULL;
    score_criterion *c;
    score_threshold *t;
    size_t nc, nt;
    td_status st = awards_commune(s, viewer, &cid, err);
    if (!st)
        st = awards_block_of(s, cid, block_code, &b, err);
    json_t *criteria = json_object_get(body, "criteria"), *thresholds = json_object_get(body, "thresholds");
    if (!thresholds)
        thresholds = json_array();
    else
        json_incref(thresholds);
    if (!st)
        st = scoring_read(a, criteria, thresholds, &c, &nc, &t, &nt, err);
    if (!st) {
        st = store_begin(s, err);
        if (!st)
            st = store_aw_scoring_put(s, (td_id)awards_jint(b, "id"), criteria, thresholds, err);
        if (!st)
            st = awards_audit(s, cid, "award.scoring.set", "block", (td_id)awards_jint(b, "id"), (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(thresholds);
    if (!st)
        st = block_full(s, b, err);
    if (st) {
        json_decref(b);
        return st;
    }
    json_object_del(b, "id");
    *out = json_pack("{s:o}", "block", b);
    return TD_OK;
}

/* Per unit: how many targets it was assigned and how many it achieved, from the unit ×
 * indicator table (each unit judged against its own targets). */
typedef struct unit_tally {
    const char *code;
    int assigned, achieved;
} unit_tally;

static td_status tally_targets(store *s, arena *a, const user *viewer, td_id plan_id, const period *p,
                               unit_tally *u, size_t n, td_error *err)
{
    /* a block is scored for a period as at its last day: the same figures give the same scores
     * whatever day the table is read (and the demo's tie stays a tie) */
    eval_query q = {.period = *p};
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int first, last;
    period_months(p, &first, &last);
    char end[16];
    snprintf(end, sizeof end, "%04d-%02d-%02d", p->year, last,
             days[last - 1] + (last == 2 && p->year % 4 == 0 && (p->year % 100 != 0 || p->year % 400 == 0)));
    q.as_of = end;
    evaluation_matrix_filter f = {0};
    json_t *m = NULL;
    td_status st = evaluation_matrix(s, a, viewer, plan_id, &q, &f, &m, err);
    if (st)
        return st;
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(m, "cells"), i, cell)
    {
        if (json_is_null(json_object_get(cell, "target_text")))
            continue;
        for (size_t k = 0; k < n; k++)
            if (strcmp(u[k].code, awards_jstr(cell, "org_unit")) == 0) {
                u[k].assigned++;
                const char *v = awards_jstr(cell, "verdict");
                if (v && (strcmp(v, "achieved") == 0 || strcmp(v, "exceeded") == 0))
                    u[k].achieved++;
            }
    }
    json_decref(m);
    return TD_OK;
}

/* "A", "A và B", "A, B và C". */
static char *names_joined(arena *a, const char **names, size_t n)
{
    char *out = arena_strdup(a, n ? names[0] : "");
    for (size_t i = 1; i < n; i++)
        out = arena_printf(a, "%s%s%s", out, i + 1 == n ? " và " : ", ", names[i]);
    return out;
}

td_status awards_scores(store *s, arena *a, const user *viewer, td_id plan_id, const char *block_code,
                        const char *period_text, json_t **out, td_error *err)
{
    td_id cid;
    period per;
    json_t *b = NULL, *members = NULL, *criteria = NULL, *thresholds = NULL, *entries = NULL;
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st && (!period_text || period_parse(period_text, &per, err) != TD_OK))
        st = td_fail(err, TD_ERR_INPUT, "cần kỳ chấm điểm (2026, 2026-Q4 hoặc 2026-12)");
    if (!st)
        st = awards_block_of(s, cid, block_code, &b, err);
    if (st)
        return st;
    td_id bid = (td_id)awards_jint(b, "id");
    char code[16];
    period_code(&per, code);
    st = members_of(s, bid, &members, err);
    if (!st)
        st = store_aw_scoring(s, bid, &criteria, &thresholds, err);
    if (!st)
        st = store_aw_score_entries(s, plan_id, bid, code, &entries, err);
    score_criterion *c = NULL;
    score_threshold *t = NULL;
    size_t nc = 0, nt = 0, nu = json_array_size(members);
    if (!st && json_array_size(criteria) == 0)
        st = td_fail(err, TD_ERR_INPUT, "khối \"%s\" chưa có bảng chấm điểm", awards_jstr(b, "name"));
    if (!st)
        st = scoring_read(a, criteria, thresholds, &c, &nc, &t, &nt, err);
    unit_tally *tally = arena_calloc(a, nu + 1, sizeof *tally);
    for (size_t i = 0; i < nu; i++)
        tally[i].code = awards_jstr(json_array_get(members, i), "code");
    bool derived = false;
    for (size_t i = 0; i < nc; i++)
        derived |= c[i].kind == SCORE_TARGETS;
    if (!st && derived)
        st = tally_targets(s, a, viewer, plan_id, &per, tally, nu, err);
    double *totals = arena_calloc(a, nu + 1, sizeof *totals);
    double *points = arena_calloc(a, nc + 1, sizeof *points);
    json_t *units = json_array();
    for (size_t i = 0; !st && i < nu; i++) {
        const json_t *mem = json_array_get(members, i);
        json_t *lines = json_array();
        for (size_t k = 0; k < nc; k++) {
            const char *note = NULL, *by = NULL, *formula = NULL;
            if (c[k].kind == SCORE_TARGETS) {
                points[k] = scoring_targets_points(c[k].max_points, tally[i].achieved, tally[i].assigned);
                formula = tally[i].assigned
                              ? arena_printf(a, "%s × %d/%d chỉ tiêu được giao đạt = %s", awards_num_text(a, c[k].max_points),
                                             tally[i].achieved, tally[i].assigned, awards_num_text(a, points[k]))
                              : "Không được giao chỉ tiêu riêng trong kỳ: 0 điểm";
            } else {
                points[k] = 0;
                size_t e;
                json_t *en;
                json_array_foreach(entries, e, en) if (strcmp(awards_jstr(en, "org_unit"), tally[i].code) == 0 &&
                                                       strcmp(awards_jstr(en, "criterion"), c[k].code) == 0)
                {
                    points[k] = json_number_value(json_object_get(en, "points"));
                    note = awards_jstr(en, "note");
                    by = awards_jstr(en, "entered_by");
                }
            }
            json_array_append_new(
                lines, json_pack("{s:s, s:f, s:s, s:f, s:o, s:o, s:o}", "criterion", c[k].code, "points", points[k],
                                 "points_text", awards_num_text(a, points[k]), "max_points", c[k].max_points, "note",
                                 awards_str_or_null(note), "formula", awards_str_or_null(formula), "entered_by", awards_str_or_null(by)));
        }
        totals[i] = scoring_total(c, points, nc);
        json_array_append_new(units, json_pack("{s:s, s:s, s:o, s:f, s:s}", "org_unit", tally[i].code,
                                               "org_unit_name", awards_jstr(mem, "name"), "lines", lines, "total", totals[i],
                                               "total_text", awards_num_text(a, totals[i])));
    }
    json_t *ranked = json_array(), *ties = json_array();
    if (!st) {
        score_rank *r = arena_calloc(a, nu + 1, sizeof *r);
        scoring_rank(totals, nu, r);
        for (size_t i = 0; i < nu; i++) {
            json_t *u = json_array_get(units, r[i].index);
            int cls = scoring_classify(t, nt, r[i].total);
            json_object_set_new(u, "rank", json_integer(r[i].rank));
            json_object_set_new(u, "rank_text", json_string(arena_printf(a, "%s %d", r[i].tied ? "Đồng hạng" : "Hạng",
                                                                          r[i].rank)));
            json_object_set_new(u, "tied", json_boolean(r[i].tied));
            json_object_set_new(u, "classification", cls >= 0 ? json_string(t[cls].code) : json_null());
            json_object_set_new(u, "classification_label", cls >= 0 ? json_string(t[cls].label) : json_null());
            json_array_append(ranked, u);
            /* one sentence per group of tied units, at its first member */
            if (r[i].tied && (i == 0 || r[i - 1].rank != r[i].rank)) {
                const char **names = arena_calloc(a, nu, sizeof *names);
                size_t k = 0;
                for (size_t j = i; j < nu && r[j].rank == r[i].rank; j++)
                    names[k++] = awards_jstr(json_array_get(units, r[j].index), "org_unit_name");
                json_array_append_new(ties, json_string(arena_printf(a, "%s cùng %s điểm: đồng hạng %d",
                                                                     names_joined(a, names, k),
                                                                     awards_num_text(a, r[i].total), r[i].rank)));
            }
        }
        json_object_del(b, "id");
        *out = json_pack(
            "{s:o, s:s, s:s, s:O, s:O, s:o, s:o, s:s}", "block", b, "period", code, "period_label",
            period_label_vi(a, &per), "criteria", criteria, "thresholds", thresholds, "units", ranked, "ties", ties,
            "method", "Xếp hạng theo tổng điểm; các đơn vị bằng điểm (làm tròn đến 2 chữ số thập phân) được xếp đồng "
                      "hạng, đơn vị kế tiếp xếp sau số đơn vị đứng trên (1, 2, 2, 4). Kết quả xếp hạng là căn cứ để "
                      "đề nghị khen thưởng, không tự thay cho việc bình xét.");
        b = NULL;
    } else {
        json_decref(ranked);
        json_decref(ties);
    }
    json_decref(b);
    json_decref(units);
    json_decref(members);
    json_decref(criteria);
    json_decref(thresholds);
    json_decref(entries);
    return st;
}

td_status awards_score_put(store *s, arena *a, const user *viewer, td_id plan_id, const char *block_code,
                           const char *period_text, const json_t *body, bool is_demo, json_t **out, td_error *err)
{
    td_id cid, uid = 0;
    period per;
    json_t *b = NULL, *criteria = NULL, *thresholds = NULL, *members = NULL;
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = awards_commune(s, viewer, &cid, err);
    if (!st && (!period_text || period_parse(period_text, &per, err) != TD_OK))
        st = td_fail(err, TD_ERR_INPUT, "cần kỳ chấm điểm (2026, 2026-Q4 hoặc 2026-12)");
    if (!st)
        st = awards_block_of(s, cid, block_code, &b, err);
    if (st)
        return st;
    td_id bid = (td_id)awards_jint(b, "id");
    st = store_aw_scoring(s, bid, &criteria, &thresholds, err);
    if (!st)
        st = store_aw_block_members(s, bid, &members, err);
    const char *unit = awards_jstr(body, "org_unit"), *crit = awards_jstr(body, "criterion"), *note = awards_jstr(body, "note");
    const json_t *pts = json_object_get(body, "points");
    const json_t *cr = NULL;
    size_t i;
    json_t *o;
    json_array_foreach(criteria, i, o) if (crit && strcmp(awards_jstr(o, "code"), crit) == 0) cr = o;
    bool member = false;
    json_array_foreach(members, i, o) member |= unit && strcmp(awards_jstr(o, "code"), unit) == 0;
    if (!st && !cr)
        st = td_fail(err, TD_ERR_INPUT, "khối \"%s\" không có tiêu chí này", awards_jstr(b, "name"));
    else if (!st && strcmp(awards_jstr(cr, "kind"), "targets") == 0)
        st = td_fail(err, TD_ERR_INPUT, "tiêu chí \"%s\" được tính từ kết quả thực hiện chỉ tiêu, không chấm tay",
                     awards_jstr(cr, "name"));
    else if (!st && !member)
        st = td_fail(err, TD_ERR_INPUT, "đơn vị này không thuộc khối \"%s\"", awards_jstr(b, "name"));
    else if (!st && (!json_is_number(pts) || json_number_value(pts) < 0 ||
                     json_number_value(pts) > json_number_value(json_object_get(cr, "max_points"))))
        st = td_fail(err, TD_ERR_INPUT, "điểm của tiêu chí \"%s\" phải từ 0 đến %s", awards_jstr(cr, "name"),
                     awards_num_text(a, json_number_value(json_object_get(cr, "max_points"))));
    else if (!st && !awards_filled(note))
        st = td_fail(err, TD_ERR_INPUT, "cần ghi chú căn cứ chấm điểm cho tiêu chí \"%s\"", awards_jstr(cr, "name"));
    else if (!st && strlen(note) > 1000)
        st = td_fail(err, TD_ERR_INPUT, "ghi chú dài quá 1.000 ký tự");
    if (!st)
        st = store_aw_unit_id(s, cid, unit, &uid, err);
    if (!st) {
        char code[16];
        period_code(&per, code);
        st = store_begin(s, err);
        if (!st)
            st = store_aw_score_put(s, plan_id, bid, uid, code, crit, scoring_round(json_number_value(pts)),
                                    note, is_demo, err);
        if (!st)
            st = awards_audit(s, cid, "award.score.set", "block", bid, (json_t *)body, err);
        st = store_finish(s, st, err);
    }
    json_decref(b);
    json_decref(criteria);
    json_decref(thresholds);
    json_decref(members);
    if (st)
        return st;
    return awards_scores(s, a, viewer, plan_id, block_code, period_text, out, err);
}
