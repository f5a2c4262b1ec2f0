/* unit_targets.c — set, clear and list the targets assigned to units; see unit_targets.h. */
#include "unit_targets.h"

#include <string.h>

#include "core/plan_json.h"
#include "core/target.h"
#include "core/vtext.h"
#include "policy.h"

/* The plan, its commune's units, and the indicator and the unit named (each may be NULL). */
typedef struct scope {
    plan *plan;
    org_unit *units;
    size_t n_units;
    const indicator *ind;
    const org_unit *unit;
} scope;

static const org_unit *find_unit(const scope *sc, const char *code)
{
    for (size_t i = 0; code && i < sc->n_units; i++)
        if (strcmp(sc->units[i].code, code) == 0)
            return &sc->units[i];
    return NULL;
}

static td_status load_scope(store *s, arena *a, td_id plan_id, const char *code, const char *unit, scope *sc,
                            td_error *err)
{
    td_id commune_id = 0;
    td_status st = store_plan_get(s, a, plan_id, &sc->plan, err);
    if (!st)
        st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = store_org_units_list(s, a, commune_id, &sc->units, &sc->n_units, err);
    if (st)
        return st;
    sc->ind = code ? plan_find_indicator(sc->plan, code) : NULL;
    sc->unit = find_unit(sc, unit);
    if (code && !sc->ind)
        return td_fail(err, TD_ERR_NOTFOUND, "Không có chỉ tiêu \"%s\" trong kế hoạch", code);
    if (unit && !sc->unit)
        return td_fail(err, TD_ERR_NOTFOUND, "Không có đơn vị \"%s\" trong xã của kế hoạch", unit);
    return TD_OK;
}

static void fill_row(const indicator *ind, const org_unit *u, const target *t, unit_target_row *out)
{
    out->indicator = ind->code;
    out->indicator_name = ind->name;
    out->org_unit = u->code;
    out->org_unit_name = u->name;
    out->target = *t;
}

td_status unit_targets_set_target(store *s, arena *a, td_id plan_id, const char *code, const char *unit,
                                  const target *t, bool is_demo, unit_target_row *out, td_error *err)
{
    scope sc = {0};
    td_status st = load_scope(s, a, plan_id, code, unit, &sc, err);
    if (st)
        return st;
    if (!sc.ind->target)
        return td_fail(err, TD_ERR_INPUT,
                       "Chỉ tiêu %s (%s) là nhóm, không có mục tiêu của xã; hãy giao chỉ tiêu con cho đơn vị",
                       sc.ind->code, sc.ind->name);
    /* a share is a part of the commune's figure: a count stays a count, in the same unit */
    const target *whole = sc.ind->target;
    if (whole->has_value && !t->has_value)
        return td_fail(
            err, TD_ERR_INPUT,
            "Chỉ tiêu giao \"%s\" không có con số; chỉ tiêu %s (%s) của xã là \"%s\", hãy giao một con số, "
            "ví dụ \"khoảng 1.200 con\"",
            t->text, sc.ind->code, sc.ind->name, whole->text);
    if (whole->unit && t->unit && strcmp(whole->unit, t->unit) != 0)
        return td_fail(err, TD_ERR_INPUT,
                       "Chỉ tiêu giao \"%s\" tính bằng %s, còn chỉ tiêu %s của xã tính bằng %s", t->text,
                       t->unit, sc.ind->code, whole->unit);
    st = target_validate(t, err);
    if (!st)
        st = store_unit_target_put(s, plan_id, sc.ind->code, sc.unit->code, t, is_demo, err);
    if (st)
        td_error_prefix(err, "giao chỉ tiêu %s cho %s", sc.ind->code, sc.unit->name);
    else if (out)
        fill_row(sc.ind, sc.unit, t, out);
    return st;
}

td_status unit_targets_set(store *s, arena *a, const user *viewer, td_id plan_id, const char *code,
                           const char *unit, const char *text, unit_target_row *out, td_error *err)
{
    /* a plan of another commune does not exist for the viewer (service/policy.h) */
    td_status allowed = policy_plan(s, viewer, plan_id, err);
    if (allowed)
        return allowed;
    target t = {0};
    const char *nfc = text ? vtext_nfc(a, text) : NULL;
    td_status st;

    if (!nfc || !*nfc)
        return td_fail(err, TD_ERR_INPUT,
                       "Cần chỉ tiêu giao cho đơn vị bằng chữ, ví dụ \"khoảng 1.200 con\"");
    st = target_parse(a, nfc, &t, err);
    if (st) {
        td_error_prefix(err, "Chỉ tiêu giao \"%s\" không đọc được", nfc);
        return TD_ERR_INPUT;
    }
    st = store_begin(s, err);
    if (!st)
        st = store_finish(s, unit_targets_set_target(s, a, plan_id, code, unit, &t, false, out, err), err);
    return st;
}

/* Reads what is assigned inside the write transaction, so that two clears of one share make
 * one change and one "not assigned" answer, and the audit holds what was really removed. */
static td_status clear_step(store *s, arena *a, td_id plan_id, const char *code, const char *unit,
                            unit_target_row *out, td_error *err)
{
    scope sc = {0};
    td_status st = load_scope(s, a, plan_id, code, unit, &sc, err);
    if (st)
        return st;
    const target *had = indicator_unit_target(sc.ind, sc.unit->code);
    if (!had)
        return td_fail(err, TD_ERR_NOTFOUND, "Chỉ tiêu %s chưa giao cho %s", sc.ind->code, sc.unit->name);
    st = store_unit_target_delete(s, plan_id, sc.ind->code, sc.unit->code, err);
    if (!st && out)
        fill_row(sc.ind, sc.unit, had, out);
    return st;
}

td_status unit_targets_clear(store *s, arena *a, const user *viewer, td_id plan_id, const char *code,
                             const char *unit, unit_target_row *out, td_error *err)
{
    /* a plan of another commune does not exist for the viewer (service/policy.h) */
    td_status allowed = policy_plan(s, viewer, plan_id, err);
    if (allowed)
        return allowed;
    td_status st = store_begin(s, err);
    if (st)
        return st;
    return store_finish(s, clear_step(s, a, plan_id, code, unit, out, err), err);
}

struct list_ctx {
    const scope *sc;
    const char *code, *unit;
    unit_target_row *rows;
    size_t n, cap;
    arena *a;
};

static void collect(struct list_ctx *c, const indicator *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const indicator *ind = &list[i];
        for (size_t k = 0; k < ind->n_unit_targets; k++) {
            const unit_target *ut = &ind->unit_targets[k];
            const org_unit *u = find_unit(c->sc, ut->org_unit_code);
            if (!u || (c->code && strcmp(c->code, ind->code) != 0) ||
                (c->unit && strcmp(c->unit, u->code) != 0))
                continue;
            if (c->n == c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 32;
                unit_target_row *rows = arena_calloc(c->a, cap, sizeof *rows);
                if (c->n)
                    memcpy(rows, c->rows, c->n * sizeof *rows);
                c->rows = rows;
                c->cap = cap;
            }
            fill_row(ind, u, &ut->target, &c->rows[c->n++]);
        }
        collect(c, ind->children, ind->n_children);
    }
}

td_status unit_targets_list(store *s, arena *a, const user *viewer, td_id plan_id, const char *code,
                            const char *unit, unit_target_row **out, size_t *n, td_error *err)
{
    /* a plan of another commune does not exist for the viewer (service/policy.h) */
    td_status allowed = policy_plan(s, viewer, plan_id, err);
    if (allowed)
        return allowed;
    scope sc = {0};
    td_status st = load_scope(s, a, plan_id, code, unit, &sc, err);
    if (st)
        return st;
    struct list_ctx c = {.sc = &sc, .code = code, .unit = unit, .a = a};
    collect(&c, sc.plan->indicators, sc.plan->n_indicators);
    *out = c.rows;
    *n = c.n;
    return TD_OK;
}

json_t *unit_target_row_json(const unit_target_row *r)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:o}", "indicator", r->indicator, "indicator_name",
                     r->indicator_name, "org_unit", r->org_unit, "org_unit_name", r->org_unit_name, "target",
                     target_to_json(&r->target));
}

static void name_shares(json_t *indicators, const org_unit *units, size_t n)
{
    size_t i;
    json_t *node;
    json_array_foreach(indicators, i, node)
    {
        size_t k;
        json_t *share;
        json_array_foreach(json_object_get(node, "unit_targets"), k, share)
        {
            const char *code = json_string_value(json_object_get(share, "org_unit"));
            const char *name = code;
            for (size_t u = 0; code && u < n; u++)
                if (strcmp(units[u].code, code) == 0)
                    name = units[u].name;
            json_object_set_new(share, "org_unit_name", name ? json_string(name) : json_null());
        }
        name_shares(json_object_get(node, "children"), units, n);
    }
}

td_status unit_targets_plan_json(store *s, arena *a, const user *viewer, td_id plan_id, json_t **out,
                                 td_error *err)
{
    /* a plan of another commune does not exist for the viewer (service/policy.h) */
    td_status allowed = policy_plan(s, viewer, plan_id, err);
    if (allowed)
        return allowed;
    scope sc = {0};
    td_status st = load_scope(s, a, plan_id, NULL, NULL, &sc, err);
    *out = NULL;
    if (st)
        return st;
    *out = plan_to_json(sc.plan);
    name_shares(json_object_get(*out, "indicators"), sc.units, sc.n_units);
    return TD_OK;
}

td_status unit_targets_set_assigned(store *s, td_id plan_id, const char *code, bool has, double value,
                                    td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, store_indicator_set_assigned(s, plan_id, code, has, value, err), err);
}
