/* store_plans.c — communes, org units, blocks, plans, indicators and the targets handed to
 * units; see store.h. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/vtext.h"
#include "store_city.h"
#include "store_internal.h"

/* ---- communes and org units --------------------------------------------------------- */

td_status store_commune_upsert(store *s, const commune *c, td_id *id, td_error *err)
{
    char now[32];
    td_id city_id = 0;
    /* the commune joins its city's row (store_city.h): a city officer reads it from then on */
    td_status st = store_city_ensure(s, c->city, &city_id, err);
    now_iso(now);
    return st ? st
              : q_exec(s, id, err,
                       "INSERT INTO commune (code, name, city, city_id, created_at) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (code) DO UPDATE SET name = excluded.name, city = excluded.city, "
                       "city_id = excluded.city_id RETURNING id",
                       "tttit", c->code, c->name, c->city, city_id, now);
}

td_status store_commune_find(store *s, arena *a, const char *code, commune *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = q_prepare(s, &stmt, err, "SELECT id, code, name, city FROM commune WHERE code = ?", "t", code);
    if (st)
        return st;
    st = db_step(stmt, &row, err);
    if (!st && !row)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có xã với mã \"%s\"", code);
    if (!st) {
        out->id = db_column_int(stmt, 0);
        out->code = col_text(a, stmt, 1);
        out->name = col_text(a, stmt, 2);
        out->city = col_text(a, stmt, 3);
    }
    q_done(s, stmt);
    return st;
}

td_status q_unit_id(store *s, td_id commune_id, const char *code, td_id *id, td_error *err)
{
    td_status st;
    *id = 0;
    if (!code)
        return TD_OK;
    st = q_exec(s, id, err, "SELECT id FROM org_unit WHERE commune_id = ? AND code = ?", "it", commune_id, code);
    if (!st && !*id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có đơn vị với mã \"%s\"", code);
    return st;
}

td_status store_org_unit_upsert(store *s, td_id commune_id, const org_unit *u, td_id *id, td_error *err)
{
    td_id parent = 0;
    td_status st = q_unit_id(s, commune_id, u->parent_code, &parent, err);
    if (st)
        return st;
    return q_exec(s, id, err,
                  "INSERT INTO org_unit (commune_id, code, name, kind, parent_id, is_demo) VALUES (?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (commune_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
                  "parent_id = excluded.parent_id RETURNING id",
                  "itttIb", commune_id, u->code, u->name, org_kind_code(u->kind), parent, (int)u->is_demo);
}

static int unit_cmp(const void *x, const void *y)
{
    const org_unit *a = x, *b = y;
    int c = vtext_collate(a->name, b->name);
    return c ? c : strcmp(a->code, b->code);
}

static void unit_row(arena *a, db_stmt *stmt, void *ctx)
{
    org_unit *u = rows_push(a, ctx);
    u->id = db_column_int(stmt, 0);
    u->code = col_text(a, stmt, 1);
    u->name = col_text(a, stmt, 2);
    org_kind_from_code(db_column_text(stmt, 3), &u->kind);
    u->parent_code = col_text(a, stmt, 4);
    u->is_demo = db_column_int(stmt, 5) != 0;
}

td_status store_org_units_list(store *s, arena *a, td_id commune_id, org_unit **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(org_unit)};
    td_status st = each_row(s, a, err,
                            "SELECT u.id, u.code, u.name, u.kind, p.code, u.is_demo FROM org_unit u "
                            "LEFT JOIN org_unit p ON p.id = u.parent_id WHERE u.commune_id = ?",
                            commune_id, unit_row, &list);
    if (st)
        return st;
    if (list.n)
        qsort(list.items, list.n, sizeof(org_unit), unit_cmp);
    *out = list.items;
    *n = list.n;
    return TD_OK;
}

td_status store_block_upsert(store *s, td_id commune_id, const block *b, td_error *err)
{
    td_id id = 0;
    td_status st = q_exec(s, &id, err,
                          "INSERT INTO block (commune_id, code, name, is_demo) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT (commune_id, code) DO UPDATE SET name = excluded.name RETURNING id",
                          "ittb", commune_id, b->code, b->name, (int)b->is_demo);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM block_member WHERE block_id = ?", "i", id);
    for (size_t i = 0; !st && i < b->n_members; i++) {
        td_id uid = 0;
        st = q_unit_id(s, commune_id, b->members[i], &uid, err);
        if (!st)
            st = q_exec(s, NULL, err, "INSERT INTO block_member (block_id, org_unit_id) VALUES (?, ?)", "ii", id,
                        uid);
    }
    return st;
}

/* One row per (block, member); members of a block arrive together. */
static void block_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct rows *blocks = ctx;
    td_id id = db_column_int(stmt, 0);
    block *b = blocks->n ? (block *)blocks->items + blocks->n - 1 : NULL;

    if (!b || b->id != id) {
        b = rows_push(a, blocks);
        b->id = id;
        b->code = col_text(a, stmt, 1);
        b->name = col_text(a, stmt, 2);
        b->is_demo = db_column_int(stmt, 3) != 0;
        b->members = arena_calloc(a, (size_t)db_column_int(stmt, 5) + 1, sizeof *b->members);
    }
    if (!db_column_is_null(stmt, 4))
        b->members[b->n_members++] = col_text(a, stmt, 4);
}

td_status store_blocks_list(store *s, arena *a, td_id commune_id, block **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(block)};
    td_status st = each_row(s, a, err,
                            "SELECT b.id, b.code, b.name, b.is_demo, u.code, "
                            "(SELECT COUNT(*) FROM block_member m2 WHERE m2.block_id = b.id) "
                            "FROM block b LEFT JOIN block_member m ON m.block_id = b.id "
                            "LEFT JOIN org_unit u ON u.id = m.org_unit_id WHERE b.commune_id = ? ORDER BY b.id, u.name",
                            commune_id, block_row, &list);
    if (st)
        return st;
    *out = list.items;
    *n = list.n;
    return TD_OK;
}

/* ---- plans ----------------------------------------------------------------------------- */

/* The measure column keeps the codes of 0001; a build-up is a stock with builds_up set (0005). */
static const char *stored_measure(measure m)
{
    return measure_code(m == MEASURE_BUILDUP ? MEASURE_LEVEL : m);
}

/* A checklist's items as a JSON array text, NULL when there are none. The caller frees. */
static char *items_json(const target *t)
{
    if (!t->n_items)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < t->n_items; i++)
        json_array_append_new(arr, json_string(t->items[i]));
    char *out = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return out;
}

static void code_row(arena *a, db_stmt *stmt, void *ctx)
{
    *(const char **)rows_push(a, ctx) = col_text(a, stmt, 0);
}

/* Inserts or updates the share of unit on indicator ind_id; a share that exists keeps its demo
 * mark (a plan file written back over its plan does not turn demo shares into real ones). */
static td_status write_unit_target(store *s, td_id ind_id, td_id unit, const target *t, bool is_demo, td_id *id,
                                   td_error *err)
{
    char *items = items_json(t);
    td_status st = q_exec(
        s, id, err,
        "INSERT INTO unit_target (indicator_id, org_unit_id, target_text, target_op, target_value, target_high, "
        "target_unit, target_change, target_baseline_year, target_tolerance, target_items, is_demo) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (indicator_id, org_unit_id) DO UPDATE SET target_text = excluded.target_text, "
        "target_op = excluded.target_op, target_value = excluded.target_value, target_high = excluded.target_high, "
        "target_unit = excluded.target_unit, target_change = excluded.target_change, "
        "target_baseline_year = excluded.target_baseline_year, target_tolerance = excluded.target_tolerance, "
        "target_items = excluded.target_items RETURNING id",
        "iitt" "DD" "tt" "I" "D" "tb", ind_id, unit, t->text, target_op_name(t->op), (int)t->has_value, t->value,
        (int)t->has_high, t->high, t->unit, target_change_name(t->change), (td_id)t->baseline_year,
        (int)t->has_tolerance, t->tolerance, items, (int)is_demo);
    free(items);
    return st;
}

/* Makes the indicator's shares those of ind: upserts them, deletes the others. */
static td_status write_unit_targets(store *s, td_id commune_id, td_id ind_id, const indicator *ind, td_error *err)
{
    arena *a = arena_new();
    struct rows had = {.size = sizeof(const char *)};
    td_status st = each_row(s, a, err,
                            "SELECT u.code FROM unit_target ut JOIN org_unit u ON u.id = ut.org_unit_id "
                            "WHERE ut.indicator_id = ?",
                            ind_id, code_row, &had);
    for (size_t i = 0; !st && i < had.n; i++) {
        const char *code = ((const char **)had.items)[i];
        if (!indicator_unit_target(ind, code))
            st = q_exec(s, NULL, err,
                        "DELETE FROM unit_target WHERE indicator_id = ? AND org_unit_id = "
                        "(SELECT id FROM org_unit WHERE commune_id = ? AND code = ?)",
                        "iit", ind_id, commune_id, code);
    }
    for (size_t i = 0; !st && i < ind->n_unit_targets; i++) {
        td_id uid = 0, id = 0;
        st = q_unit_id(s, commune_id, ind->unit_targets[i].org_unit_code, &uid, err);
        if (!st)
            st = write_unit_target(s, ind_id, uid, &ind->unit_targets[i].target, false, &id, err);
    }
    arena_free(a);
    return st;
}

/* Writes one indicator (not its children): the indicator of the same code in the plan is
 * updated, or a new one inserted; its checklist items and responsible units are replaced. */
static td_status write_indicator(store *s, td_id commune_id, td_id plan_id, td_id parent, int64_t position,
                                 const indicator *ind, td_id *id_out, td_error *err)
{
    const target *t = ind->target;
    target none = {0};
    td_id id = 0;

    if (!t)
        t = &none;
    td_status st = q_exec(
        s, &id, err,
        "INSERT INTO indicator (plan_id, parent_id, position, code, name, grp, unit, frequency, measure, "
        "source_line, target_text, target_op, target_value, target_high, target_unit, target_change, "
        "target_baseline_year, target_tolerance, formula, assigned_value, aggregation, direction, builds_up) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET parent_id = excluded.parent_id, position = excluded.position, "
        "name = excluded.name, grp = excluded.grp, unit = excluded.unit, frequency = excluded.frequency, "
        "measure = excluded.measure, source_line = excluded.source_line, target_text = excluded.target_text, "
        "target_op = excluded.target_op, target_value = excluded.target_value, target_high = excluded.target_high, "
        "target_unit = excluded.target_unit, target_change = excluded.target_change, "
        "target_baseline_year = excluded.target_baseline_year, target_tolerance = excluded.target_tolerance, "
        "formula = excluded.formula, assigned_value = excluded.assigned_value, aggregation = excluded.aggregation, "
        "direction = excluded.direction, builds_up = excluded.builds_up RETURNING id",
        "iIitttttt" "I" "tt" "DD" "tt" "I" "D" "tD" "ttb", plan_id, parent, position, ind->code, ind->name,
        indicator_group_code(ind->group), ind->unit, frequency_code(ind->freq), stored_measure(ind->meas),
        (td_id)ind->line, ind->target ? t->text : NULL, ind->target ? target_op_name(t->op) : NULL,
        (int)t->has_value, t->value, (int)t->has_high, t->high, t->unit, target_change_name(t->change),
        (td_id)t->baseline_year, (int)t->has_tolerance, t->tolerance, ind->formula, (int)ind->has_assigned,
        ind->assigned, aggregation_code(ind->agg), direction_code(ind->dir), (int)(ind->meas == MEASURE_BUILDUP));
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM target_item WHERE indicator_id = ?", "i", id);
    if (!st)
        st = write_unit_targets(s, commune_id, id, ind, err);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM indicator_unit WHERE indicator_id = ?", "i", id);
    for (size_t k = 0; !st && k < t->n_items; k++)
        st = q_exec(s, NULL, err,
                    "INSERT INTO target_item (indicator_id, position, text, org_unit_id) "
                    "VALUES (?, ?, ?, (SELECT id FROM org_unit WHERE commune_id = ? AND name = ?))",
                    "iitit", id, (int64_t)k, t->items[k], commune_id, t->items[k]);
    for (size_t k = 0; !st && k < ind->n_responsible; k++) {
        td_id uid = 0;
        st = q_unit_id(s, commune_id, ind->responsible[k], &uid, err);
        if (!st)
            st = q_exec(s, NULL, err, "INSERT INTO indicator_unit (indicator_id, org_unit_id) VALUES (?, ?)", "ii",
                        id, uid);
    }
    if (st)
        td_error_prefix(err, "chỉ tiêu %s", ind->code);
    *id_out = id;
    return st;
}

static td_status write_indicators(store *s, td_id commune_id, td_id plan_id, td_id parent, const indicator *list,
                                  size_t n, td_error *err)
{
    td_status st = TD_OK;
    for (size_t i = 0; !st && i < n; i++) {
        td_id id = 0;
        st = write_indicator(s, commune_id, plan_id, parent, (int64_t)i, &list[i], &id, err);
        if (!st)
            st = write_indicators(s, commune_id, plan_id, id, list[i].children, list[i].n_children, err);
    }
    return st;
}

/* The lists of a plan's header: themes, deadlines, movements, phases, tasks and recipients. */
static td_status insert_plan_lists(store *s, td_id commune_id, td_id id, const plan *p, td_error *err)
{
    td_status st = TD_OK;
    for (size_t i = 0; !st && i < p->n_themes; i++)
        st = q_exec(s, NULL, err, "INSERT INTO plan_theme (plan_id, position, level, year, text) VALUES (?, ?, ?, ?, ?)",
                    "iitit", id, (int64_t)i, p->themes[i].level, (int64_t)p->themes[i].year, p->themes[i].text);
    for (size_t i = 0; !st && i < p->n_deadlines; i++) {
        const plan_deadline *d = &p->deadlines[i];
        td_id to = 0;
        st = q_unit_id(s, commune_id, d->to_unit, &to, err);
        if (!st)
            st = q_exec(s, NULL, err,
                        "INSERT INTO plan_deadline (plan_id, kind, due_on, from_text, to_text, to_unit_id, "
                        "last_on_time, wording) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        "ittttItt", id, d->kind, d->due, d->from, d->to, to, d->last_on_time, d->wording);
    }
    for (size_t i = 0; !st && i < p->n_movements; i++)
        st = q_exec(s, NULL, err,
                    "INSERT INTO movement (plan_id, position, name, level, launched_by) VALUES (?, ?, ?, ?, ?)",
                    "iittt", id, (int64_t)i, p->movements[i].name, p->movements[i].level, p->movements[i].launched_by);
    for (size_t i = 0; !st && i < p->n_phases; i++)
        st = q_exec(s, NULL, err,
                    "INSERT INTO phase (plan_id, position, name, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)", "iittt",
                    id, (int64_t)i, p->phases[i].name, p->phases[i].starts_on, p->phases[i].ends_on);
    for (size_t i = 0; !st && i < p->n_tasks; i++) {
        td_id lead = 0;
        st = q_unit_id(s, commune_id, p->tasks[i].lead, &lead, err);
        if (!st)
            st = q_exec(s, NULL, err,
                        "INSERT INTO task (plan_id, position, text, lead_unit_id, due_on, duty, assignee) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        "iitItt" "t", id, (int64_t)i, p->tasks[i].text, lead, p->tasks[i].due,
                        task_duty_code(p->tasks[i].duty), p->tasks[i].assignee);
    }
    for (size_t i = 0; !st && i < p->n_recipients; i++) {
        const recipient *r = &p->recipients[i];
        td_id unit = 0;
        st = q_unit_id(s, commune_id, r->org_unit, &unit, err);
        if (!st)
            st = q_exec(s, NULL, err,
                        "INSERT INTO recipient (plan_id, position, text, purpose, org_unit_id, org_kind) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        "iittIt", id, (int64_t)i, r->text, r->purpose, unit, r->org_kind);
    }
    return st;
}

td_status store_plan_insert(store *s, td_id commune_id, const plan *p, td_id *id_out, td_error *err)
{
    char now[32];
    td_id id = 0;
    td_status st;

    now_iso(now);
    st = q_exec(s, &id, err,
                "INSERT INTO plan (commune_id, number, issued_on, date_line, issuer, signer, signer_title, title, "
                "implements_number, implements_date, implements_issuer, implements_title, period_start, period_end, "
                "general_goal, rewards, is_demo, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                "i" "ttttt" "ttttt" "ttttt" "bt", commune_id, p->number, p->issued_on, p->date_line, p->issuer, p->signer,
                p->signer_title, p->title, p->implements_number, p->implements_date, p->implements_issuer,
                p->implements_title, p->period_start, p->period_end, p->general_goal, p->rewards, (int)p->is_demo,
                now);
    if (!st)
        st = insert_plan_lists(s, commune_id, id, p, err);
    if (!st)
        st = write_indicators(s, commune_id, id, 0, p->indicators, p->n_indicators, err);
    if (!st)
        st = store_audit(s, commune_id, "create", "plan", id, NULL, NULL, err);
    if (!st && id_out)
        *id_out = id;
    return st;
}

td_status store_plan_update_header(store *s, td_id id, const plan *p, td_error *err)
{
    td_id commune_id = 0;
    td_status st = store_plan_commune(s, id, &commune_id, err);
    if (!st)
        st = q_exec(s, NULL, err,
                    "UPDATE plan SET number = ?, issued_on = ?, date_line = ?, issuer = ?, signer = ?, "
                    "signer_title = ?, title = ?, implements_number = ?, implements_date = ?, implements_issuer = ?, "
                    "implements_title = ?, period_start = ?, period_end = ?, general_goal = ?, rewards = ?, "
                    "revision = revision + 1 WHERE id = ?",
                    "ttttt" "ttttt" "ttttt" "i", p->number, p->issued_on, p->date_line, p->issuer, p->signer,
                    p->signer_title, p->title, p->implements_number, p->implements_date, p->implements_issuer,
                    p->implements_title, p->period_start, p->period_end, p->general_goal, p->rewards, id);
    /* the lists have no identity of their own: nothing refers to a theme or a task */
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM plan_theme WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM plan_deadline WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM movement WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM phase WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM task WHERE plan_id = ?", "i", id);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM recipient WHERE plan_id = ?", "i", id);
    if (!st)
        st = insert_plan_lists(s, commune_id, id, p, err);
    return st;
}

td_status store_plan_write_indicators(store *s, td_id plan_id, const indicator *roots, size_t n, td_error *err)
{
    td_id commune_id = 0;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = write_indicators(s, commune_id, plan_id, 0, roots, n, err);
    return st;
}

td_status store_indicator_delete(store *s, td_id plan_id, const char *code, td_error *err)
{
    return q_exec(s, NULL, err, "DELETE FROM indicator WHERE plan_id = ? AND code = ?", "it", plan_id, code);
}

td_status store_indicators_with_values(store *s, arena *a, td_id plan_id, const char ***codes, size_t *n,
                                       td_error *err)
{
    struct rows list = {.size = sizeof(const char *)};
    td_status st = each_row(s, a, err,
                            "SELECT DISTINCT i.code FROM indicator i JOIN data_value v ON v.indicator_id = i.id "
                            "WHERE i.plan_id = ? ORDER BY i.code",
                            plan_id, code_row, &list);
    *codes = list.items;
    *n = list.n;
    return st;
}

#define PLAN_COLUMNS                                                                                         \
    "p.id, c.code, p.number, p.issued_on, p.date_line, p.issuer, p.signer, p.signer_title, p.title, "        \
    "p.implements_number, p.implements_date, p.implements_issuer, p.implements_title, p.period_start, "      \
    "p.period_end, p.general_goal, p.rewards, p.is_demo, p.revision FROM plan p "                            \
    "JOIN commune c ON c.id = p.commune_id "

static void read_plan_header(arena *a, db_stmt *stmt, plan *p)
{
    const char **f[] = {&p->commune_code,     &p->number,           &p->issued_on,        &p->date_line,
                        &p->issuer,           &p->signer,           &p->signer_title,     &p->title,
                        &p->implements_number, &p->implements_date, &p->implements_issuer, &p->implements_title,
                        &p->period_start,     &p->period_end,       &p->general_goal,     &p->rewards};
    p->id = db_column_int(stmt, 0);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        *f[i] = col_text(a, stmt, (int)i + 1);
    p->is_demo = db_column_int(stmt, 17) != 0;
    p->revision = (int)db_column_int(stmt, 18);
}

static void plan_row(arena *a, db_stmt *stmt, void *ctx)
{
    read_plan_header(a, stmt, rows_push(a, ctx));
}

td_status store_plans_list(store *s, arena *a, plan **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(plan)};
    td_status st = each_row(s, a, err, "SELECT " PLAN_COLUMNS "ORDER BY p.id", 0, plan_row, &list);
    if (st)
        return st;
    *out = list.items;
    *n = list.n;
    return TD_OK;
}

/* Inside a request, from the plan's state kept in memory (store_memo.h): the policy's check
 * and the evaluation's state read then cost one query between them, and none while nothing
 * was written. */
td_status store_plan_commune(store *s, td_id plan_id, td_id *commune_id, td_error *err)
{
    plan_state ps;
    if (memo_armed(s)) {
        td_status st = store_plan_state(s, plan_id, &ps, err);
        *commune_id = st ? 0 : ps.commune_id;
        if (!st && !*commune_id)
            st = td_fail(err, TD_ERR_NOTFOUND, "không có kế hoạch số %lld", (long long)plan_id);
        return st;
    }
    td_status st = q_exec(s, commune_id, err, "SELECT commune_id FROM plan WHERE id = ?", "i", plan_id);
    if (!st && !*commune_id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có kế hoạch số %lld", (long long)plan_id);
    return st;
}

static void theme_row(arena *a, db_stmt *stmt, void *ctx)
{
    plan_theme *t = rows_push(a, ctx);
    t->level = col_text(a, stmt, 0);
    t->year = (int)db_column_int(stmt, 1);
    t->text = col_text(a, stmt, 2);
}

static void deadline_row(arena *a, db_stmt *stmt, void *ctx)
{
    plan_deadline *d = rows_push(a, ctx);
    d->kind = col_text(a, stmt, 0);
    d->due = col_text(a, stmt, 1);
    d->from = col_text(a, stmt, 2);
    d->to = col_text(a, stmt, 3);
    d->to_unit = col_text(a, stmt, 4);
    d->last_on_time = col_text(a, stmt, 5);
    d->wording = col_text(a, stmt, 6);
}

static void movement_row(arena *a, db_stmt *stmt, void *ctx)
{
    movement *m = rows_push(a, ctx);
    m->name = col_text(a, stmt, 0);
    m->level = col_text(a, stmt, 1);
    m->launched_by = col_text(a, stmt, 2);
}

static void phase_row(arena *a, db_stmt *stmt, void *ctx)
{
    phase *ph = rows_push(a, ctx);
    ph->name = col_text(a, stmt, 0);
    ph->starts_on = col_text(a, stmt, 1);
    ph->ends_on = col_text(a, stmt, 2);
}

static void task_row(arena *a, db_stmt *stmt, void *ctx)
{
    task *t = rows_push(a, ctx);
    t->text = col_text(a, stmt, 0);
    t->lead = col_text(a, stmt, 1);
    t->due = col_text(a, stmt, 2);
    const char *duty = col_text(a, stmt, 3);
    if (!task_duty_from_code(duty, &t->duty))
        t->duty = DUTY_IMPLEMENT;
    t->assignee = col_text(a, stmt, 4);
}

static void recipient_row(arena *a, db_stmt *stmt, void *ctx)
{
    recipient *r = rows_push(a, ctx);
    r->text = col_text(a, stmt, 0);
    r->purpose = col_text(a, stmt, 1);
    r->org_unit = col_text(a, stmt, 2);
    r->org_kind = col_text(a, stmt, 3);
}

/* A flat indicator row while the tree is being built. */
struct ind_row {
    td_id id, parent;
    int64_t position;
    indicator ind;
};

/* store_internal.h */
void read_target(arena *a, db_stmt *stmt, int c, target *t)
{
    t->text = col_text(a, stmt, c);
    target_op_from_name(db_column_text(stmt, c + 1), &t->op);
    t->has_value = !db_column_is_null(stmt, c + 2);
    t->value = db_column_double(stmt, c + 2);
    t->has_high = !db_column_is_null(stmt, c + 3);
    t->high = db_column_double(stmt, c + 3);
    t->unit = col_text(a, stmt, c + 4);
    const char *change = db_column_text(stmt, c + 5);
    t->change = !change ? TARGET_CHANGE_NONE
                : strcmp(change, "increase") == 0 ? TARGET_CHANGE_INCREASE
                                                  : TARGET_CHANGE_DECREASE;
    t->baseline_year = (int)db_column_int(stmt, c + 6);
    t->has_tolerance = !db_column_is_null(stmt, c + 7);
    t->tolerance = db_column_double(stmt, c + 7);
}

static void indicator_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct ind_row *r = rows_push(a, ctx);
    indicator *ind = &r->ind;

    r->id = db_column_int(stmt, 0);
    r->parent = db_column_is_null(stmt, 1) ? 0 : db_column_int(stmt, 1);
    ind->id = r->id;
    ind->code = col_text(a, stmt, 2);
    ind->name = col_text(a, stmt, 3);
    indicator_group_from_code(db_column_text(stmt, 4), &ind->group);
    ind->unit = col_text(a, stmt, 5);
    frequency_from_code(db_column_text(stmt, 6), &ind->freq);
    measure_from_code(db_column_text(stmt, 7), &ind->meas);
    ind->line = (int)db_column_int(stmt, 8);
    r->position = db_column_int(stmt, 17);
    ind->formula = col_text(a, stmt, 18);
    ind->has_assigned = !db_column_is_null(stmt, 19);
    ind->assigned = db_column_double(stmt, 19);
    aggregation_from_code(db_column_text(stmt, 20), &ind->agg);
    direction_from_code(db_column_text(stmt, 21), &ind->dir);
    if (ind->meas == MEASURE_LEVEL && db_column_int(stmt, 22))
        ind->meas = MEASURE_BUILDUP;
    if (db_column_is_null(stmt, 10))
        return;
    target *t = arena_alloc(a, sizeof *t);
    read_target(a, stmt, 9, t);
    ind->target = t;
}

/* A unit's share while the tree is read: (indicator id, the share). */
struct share_row {
    td_id id;
    unit_target ut;
};

static void share_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct share_row *r = rows_push(a, ctx);
    r->id = db_column_int(stmt, 0);
    r->ut.org_unit_code = col_text(a, stmt, 1);
    read_target(a, stmt, 2, &r->ut.target);
    json_t *items = db_column_is_null(stmt, 10) ? NULL : json_loads(db_column_text(stmt, 10), 0, NULL);
    if (json_is_array(items) && json_array_size(items)) {
        size_t n = json_array_size(items);
        r->ut.target.items = arena_calloc(a, n, sizeof *r->ut.target.items);
        for (size_t i = 0; i < n; i++)
            r->ut.target.items[i] = arena_strdup(a, json_string_value(json_array_get(items, i)));
        r->ut.target.n_items = n;
    }
    json_decref(items);
}

/* shares are sorted by indicator id, then unit code */
static void attach_shares(indicator *ind, const struct share_row *shares, size_t n, arena *a)
{
    size_t first = 0, hi = n, k;
    while (first < hi) {
        size_t mid = (first + hi) / 2;
        if (shares[mid].id < ind->id)
            first = mid + 1;
        else
            hi = mid;
    }
    for (k = first; k < n && shares[k].id == ind->id; k++)
        ;
    if (k == first)
        return;
    ind->unit_targets = arena_calloc(a, k - first, sizeof *ind->unit_targets);
    for (size_t i = first; i < k; i++)
        ind->unit_targets[i - first] = shares[i].ut;
    ind->n_unit_targets = k - first;
}

/* (indicator id, text) pairs for items and responsible units */
struct pair {
    td_id id;
    const char *text;
};

static void pair_row(arena *a, db_stmt *stmt, void *ctx)
{
    struct pair *p = rows_push(a, ctx);
    p->id = db_column_int(stmt, 0);
    p->text = col_text(a, stmt, 1);
}

static int by_parent(const void *x, const void *y)
{
    const struct ind_row *a = x, *b = y;
    if (a->parent != b->parent)
        return a->parent < b->parent ? -1 : 1;
    return a->position < b->position ? -1 : a->position > b->position;
}

/* rows are sorted by parent (stable in position order); returns the run of children of id */
static void children_of(struct ind_row *rows, size_t n, td_id id, size_t *start, size_t *count)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rows[mid].parent < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    *start = lo;
    while (lo < n && rows[lo].parent == id)
        lo++;
    *count = lo - *start;
}

/* pairs are sorted by indicator id */
static void attach_pairs(indicator *ind, const struct pair *pairs, size_t n, bool items, arena *a)
{
    size_t first = 0, hi = n, k;
    while (first < hi) {
        size_t mid = (first + hi) / 2;
        if (pairs[mid].id < ind->id)
            first = mid + 1;
        else
            hi = mid;
    }
    for (k = first; k < n && pairs[k].id == ind->id; k++)
        ;
    if (k == first)
        return;
    const char **list = arena_calloc(a, k - first, sizeof *list);
    for (size_t i = first; i < k; i++)
        list[i - first] = pairs[i].text;
    if (items && ind->target) {
        ind->target->items = list;
        ind->target->n_items = k - first;
    } else if (!items) {
        ind->responsible = list;
        ind->n_responsible = k - first;
    }
}

static indicator *build_tree(arena *a, struct ind_row *rows, size_t n, td_id parent, size_t *count,
                             const struct rows *items, const struct rows *units, const struct rows *shares)
{
    size_t start, k;
    children_of(rows, n, parent, &start, &k);
    indicator *list = arena_calloc(a, k + 1, sizeof *list);
    for (size_t i = 0; i < k; i++) {
        list[i] = rows[start + i].ind;
        attach_pairs(&list[i], items->items, items->n, true, a);
        attach_pairs(&list[i], units->items, units->n, false, a);
        attach_shares(&list[i], shares->items, shares->n, a);
        list[i].children = build_tree(a, rows, n, rows[start + i].id, &list[i].n_children, items, units, shares);
    }
    *count = k;
    return list;
}

td_status store_plan_get(store *s, arena *a, td_id id, plan **out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    plan *p = arena_alloc(a, sizeof *p);
    struct rows themes = {.size = sizeof(plan_theme)}, deadlines = {.size = sizeof(plan_deadline)},
                movements = {.size = sizeof(movement)}, phases = {.size = sizeof(phase)},
                tasks = {.size = sizeof(task)}, recipients = {.size = sizeof(recipient)},
                inds = {.size = sizeof(struct ind_row)}, items = {.size = sizeof(struct pair)},
                units = {.size = sizeof(struct pair)}, shares = {.size = sizeof(struct share_row)};
    td_status st = q_prepare(s, &stmt, err, "SELECT " PLAN_COLUMNS "WHERE p.id = ?", "i", id);

    if (st)
        return st;
    st = db_step(stmt, &row, err);
    if (!st && !row)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có kế hoạch số %lld", (long long)id);
    if (!st)
        read_plan_header(a, stmt, p);
    q_done(s, stmt);
    if (st)
        return st;

    st = each_row(s, a, err, "SELECT level, year, text FROM plan_theme WHERE plan_id = ? ORDER BY position", id,
                  theme_row, &themes);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT d.kind, d.due_on, d.from_text, d.to_text, u.code, d.last_on_time, d.wording FROM plan_deadline d "
                      "LEFT JOIN org_unit u ON u.id = d.to_unit_id WHERE d.plan_id = ? ORDER BY d.due_on",
                      id, deadline_row, &deadlines);
    if (!st)
        st = each_row(s, a, err, "SELECT name, level, launched_by FROM movement WHERE plan_id = ? ORDER BY position",
                      id, movement_row, &movements);
    if (!st)
        st = each_row(s, a, err, "SELECT name, starts_on, ends_on FROM phase WHERE plan_id = ? ORDER BY position", id,
                      phase_row, &phases);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT t.text, u.code, t.due_on, t.duty, t.assignee FROM task t LEFT JOIN org_unit u ON u.id = t.lead_unit_id "
                      "WHERE t.plan_id = ? ORDER BY t.position",
                      id, task_row, &tasks);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT r.text, r.purpose, u.code, r.org_kind FROM recipient r "
                      "LEFT JOIN org_unit u ON u.id = r.org_unit_id WHERE r.plan_id = ? ORDER BY r.position",
                      id, recipient_row, &recipients);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT id, parent_id, code, name, grp, unit, frequency, measure, source_line, target_text, "
                      "target_op, target_value, target_high, target_unit, target_change, target_baseline_year, "
                      "target_tolerance, position, formula, assigned_value, aggregation, direction, builds_up "
                      "FROM indicator WHERE plan_id = ?",
                      id, indicator_row, &inds);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT ti.indicator_id, ti.text FROM target_item ti JOIN indicator i ON i.id = ti.indicator_id "
                      "WHERE i.plan_id = ? ORDER BY ti.indicator_id, ti.position",
                      id, pair_row, &items);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT iu.indicator_id, u.code FROM indicator_unit iu JOIN indicator i ON i.id = iu.indicator_id "
                      "JOIN org_unit u ON u.id = iu.org_unit_id WHERE i.plan_id = ? ORDER BY iu.indicator_id, u.code",
                      id, pair_row, &units);
    if (!st)
        st = each_row(s, a, err,
                      "SELECT ut.indicator_id, u.code, ut.target_text, ut.target_op, ut.target_value, ut.target_high, "
                      "ut.target_unit, ut.target_change, ut.target_baseline_year, ut.target_tolerance, ut.target_items "
                      "FROM unit_target ut JOIN indicator i ON i.id = ut.indicator_id "
                      "JOIN org_unit u ON u.id = ut.org_unit_id WHERE i.plan_id = ? ORDER BY ut.indicator_id, u.code",
                      id, share_row, &shares);
    if (st)
        return st;

    p->themes = themes.items;
    p->n_themes = themes.n;
    p->deadlines = deadlines.items;
    p->n_deadlines = deadlines.n;
    p->movements = movements.items;
    p->n_movements = movements.n;
    p->phases = phases.items;
    p->n_phases = phases.n;
    p->tasks = tasks.items;
    p->n_tasks = tasks.n;
    p->recipients = recipients.items;
    p->n_recipients = recipients.n;
    struct ind_row *rows = inds.items;
    if (inds.n)
        qsort(rows, inds.n, sizeof *rows, by_parent);
    p->indicators = build_tree(a, rows, inds.n, 0, &p->n_indicators, &items, &units, &shares);
    *out = p;
    return TD_OK;
}

td_status store_indicator_assign(store *s, td_id plan_id, const char *code, const char *const *units, size_t n,
                                 td_error *err)
{
    td_id id = 0, commune_id = 0;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = q_exec(s, &id, err, "SELECT id FROM indicator WHERE plan_id = ? AND code = ?", "it", plan_id, code);
    if (!st && !id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" trong kế hoạch", code);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM indicator_unit WHERE indicator_id = ?", "i", id);
    for (size_t i = 0; !st && i < n; i++) {
        td_id uid = 0;
        st = q_unit_id(s, commune_id, units[i], &uid, err);
        if (!st)
            st = q_exec(s, NULL, err, "INSERT INTO indicator_unit (indicator_id, org_unit_id) VALUES (?, ?)", "ii",
                        id, uid);
    }
    return st;
}

td_status store_indicator_set_assigned(store *s, td_id plan_id, const char *code, bool has, double value,
                                       td_error *err)
{
    td_id id = 0, commune_id = 0;
    double before = 0;
    bool had = false;
    char bj[64], aj[64];
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = q_exec(s, &id, err, "SELECT id FROM indicator WHERE plan_id = ? AND code = ?", "it", plan_id, code);
    if (!st && !id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" trong kế hoạch", code);
    if (!st) {
        db_stmt *stmt = NULL;
        bool row = false;
        st = q_prepare(s, &stmt, err, "SELECT target_op, assigned_value FROM indicator WHERE id = ?", "i", id);
        if (!st)
            st = db_step(stmt, &row, err);
        if (!st && row) {
            const char *op = db_column_text(stmt, 0);
            if (!op || strcmp(op, "assigned") != 0)
                st = td_fail(err, TD_ERR_INPUT,
                             "chỉ tiêu %s không phải loại \"đạt so với chỉ tiêu được giao\"; mục tiêu của nó đã có số",
                             code);
            had = !db_column_is_null(stmt, 1);
            before = db_column_double(stmt, 1);
        }
        q_done(s, stmt);
    }
    if (!st)
        st = q_exec(s, NULL, err, "UPDATE indicator SET assigned_value = ? WHERE id = ?", "Di", (int)has, value, id);
    if (st)
        return st;
    snprintf(bj, sizeof bj, had ? "{\"assigned_value\": %.15g}" : "{\"assigned_value\": null}", before);
    snprintf(aj, sizeof aj, has ? "{\"assigned_value\": %.15g}" : "{\"assigned_value\": null}", value);
    return store_audit(s, commune_id, "assign", "indicator", id, bj, aj, err);
}

/* The audit record of a share: {"indicator", "org_unit", "target": {…}}. The caller frees. */
static char *share_json(const char *code, const char *unit, const target *t)
{
    json_t *o = json_pack("{s:s, s:s, s:o}", "indicator", code, "org_unit", unit, "target", target_to_json(t));
    char *out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    return out;
}

/* The share of unit on indicator code as the plan holds it now; *found false when none. */
static td_status share_get(store *s, arena *a, td_id plan_id, const char *code, const char *unit, td_id *id,
                           target *t, bool *found, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT ut.id, u.code, ut.target_text, ut.target_op, ut.target_value, ut.target_high, "
                             "ut.target_unit, ut.target_change, ut.target_baseline_year, ut.target_tolerance, "
                             "ut.target_items FROM unit_target ut JOIN indicator i ON i.id = ut.indicator_id "
                             "JOIN org_unit u ON u.id = ut.org_unit_id WHERE i.plan_id = ? AND i.code = ? AND u.code = ?",
                             "itt", plan_id, code, unit);
    if (!st)
        st = db_step(stmt, &row, err);
    *found = !st && row;
    if (*found) {
        struct rows one = {.size = sizeof(struct share_row)};
        share_row(a, stmt, &one);
        struct share_row *r = one.items;
        *id = r->id;
        *t = r->ut.target;
    }
    q_done(s, stmt);
    return st;
}

td_status store_unit_target_put(store *s, td_id plan_id, const char *code, const char *unit, const target *t,
                                bool is_demo, td_error *err)
{
    arena *a = arena_new();
    td_id commune_id = 0, ind_id = 0, uid = 0, id = 0;
    target before = {0};
    bool had = false;
    char *bj = NULL, *aj = NULL;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);

    if (!st)
        st = q_exec(s, &ind_id, err, "SELECT id FROM indicator WHERE plan_id = ? AND code = ?", "it", plan_id, code);
    if (!st && !ind_id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" trong kế hoạch", code);
    if (!st)
        st = q_unit_id(s, commune_id, unit, &uid, err);
    if (!st)
        st = share_get(s, a, plan_id, code, unit, &id, &before, &had, err);
    if (!st)
        st = write_unit_target(s, ind_id, uid, t, is_demo, &id, err);
    if (!st) {
        bj = had ? share_json(code, unit, &before) : NULL;
        aj = share_json(code, unit, t);
        st = store_audit(s, commune_id, "unit_target.set", "unit_target", id, bj, aj, err);
    }
    free(bj);
    free(aj);
    arena_free(a);
    return st;
}

td_status store_unit_target_delete(store *s, td_id plan_id, const char *code, const char *unit, td_error *err)
{
    arena *a = arena_new();
    td_id commune_id = 0, id = 0;
    target before = {0};
    bool had = false;
    char *bj = NULL;
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);

    if (!st)
        st = share_get(s, a, plan_id, code, unit, &id, &before, &had, err);
    if (!st && !had)
        st = td_fail(err, TD_ERR_NOTFOUND, "chỉ tiêu \"%s\" chưa giao cho đơn vị \"%s\"", code, unit);
    if (!st)
        st = q_exec(s, NULL, err, "DELETE FROM unit_target WHERE id = ?", "i", id);
    if (!st) {
        bj = share_json(code, unit, &before);
        st = store_audit(s, commune_id, "unit_target.clear", "unit_target", id, bj, NULL, err);
    }
    free(bj);
    arena_free(a);
    return st;
}

static void commune_row(arena *a, db_stmt *stmt, void *ctx)
{
    commune *c = rows_push(a, ctx);
    c->id = db_column_int(stmt, 0);
    c->code = col_text(a, stmt, 1);
    c->name = col_text(a, stmt, 2);
    c->city = col_text(a, stmt, 3);
}

td_status store_communes_list(store *s, arena *a, commune **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(commune)};
    td_status st = each_row(s, a, err, "SELECT id, code, name, city FROM commune ORDER BY code", 0, commune_row, &list);
    *out = list.items;
    *n = list.n;
    return st;
}
