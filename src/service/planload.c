/* planload.c — loading plan data files into the store; see planload.h. */
#include "planload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "fileio.h"
#include "planfile.h"
#include "policy.h"
#include "unit_targets.h"
#include "values_csv.h"

extern const struct embedded_file planload_data[];

const char *planload_embedded(const char *name, size_t *len)
{
    for (const struct embedded_file *f = planload_data; f->name; f++) {
        if (strcmp(f->name, name) == 0) {
            *len = f->size;
            return f->data;
        }
    }
    return NULL;
}

/* Where a file named by another (the values CSV) comes from. */
typedef td_status (*sibling_fn)(arena *a, const char *dir, const char *name, char **path, char **data, size_t *len,
                                td_error *err);

static td_status sibling_from_disk(arena *a, const char *dir, const char *name, char **path, char **data,
                                   size_t *len, td_error *err)
{
    *path = arena_printf(a, "%s/%s", dir, name);
    return fileio_read(a, *path, data, len, err);
}

static td_status sibling_embedded(arena *a, const char *dir, const char *name, char **path, char **data,
                                  size_t *len, td_error *err)
{
    *path = arena_strdup(a, name);
    *data = (char *)planload_embedded(name, len);
    if (!*data)
        return td_fail(err, TD_ERR_NOTFOUND, "không có tệp dữ liệu nhúng \"%s\"", name);
    return TD_OK;
}

/* Writes one parsed file; the caller holds the transaction. *plan_id is the plan the file
 * defines, or (for a demo file without a plan) the plan it adds to. */
static td_status apply(store *s, arena *a, const planfile *pf, const char *dir, sibling_fn sibling, td_id *plan_id,
                       planload_summary *sum, td_error *err)
{
    td_id commune_id = 0, uid = 0;
    td_status st = TD_OK;

    if (pf->commune.name) {
        st = store_commune_upsert(s, &pf->commune, &commune_id, err);
    } else {
        commune c;
        st = store_commune_find(s, a, pf->commune.code, &c, err);
        commune_id = c.id;
    }
    for (size_t i = 0; !st && i < pf->n_units; i++)
        st = store_org_unit_upsert(s, commune_id, &pf->units[i], &uid, err);
    for (size_t i = 0; !st && i < pf->n_blocks; i++)
        st = store_block_upsert(s, commune_id, &pf->blocks[i], err);
    if (!st && pf->plan) {
        plan_counts c;
        st = store_plan_insert(s, commune_id, pf->plan, plan_id, err);
        plan_count(pf->plan, &c);
        sum->indicators += c.indicators;
        sum->leaf_targets += c.leaf_targets;
    }
    if (!st && !*plan_id && (pf->n_assignments || pf->n_assigned || pf->n_unit_targets || pf->values))
        st = td_fail(err, TD_ERR_INPUT, "tệp không có kế hoạch (plan) để gán chỉ tiêu hoặc nạp số liệu");
    for (size_t i = 0; !st && i < pf->n_assignments; i++)
        st = store_indicator_assign(s, *plan_id, pf->assignments[i].indicator,
                                    (const char *const *)pf->assignments[i].units, pf->assignments[i].n_units, err);
    for (size_t i = 0; !st && i < pf->n_assigned; i++)
        st = store_indicator_set_assigned(s, *plan_id, pf->assigned[i].indicator, true, pf->assigned[i].value, err);
    for (size_t i = 0; !st && i < pf->n_unit_targets; i++)
        for (size_t k = 0; !st && k < pf->unit_targets[i].n_shares; k++) {
            const unit_target *ut = &pf->unit_targets[i].shares[k];
            st = unit_targets_set_target(s, a, *plan_id, pf->unit_targets[i].indicator, ut->org_unit_code,
                                         &ut->target, pf->demo, NULL, err);
            if (st)
                td_error_prefix(err, "unit_targets.%s", pf->unit_targets[i].indicator);
        }
    if (!st && pf->values) {
        char *path = NULL, *data = NULL;
        size_t len = 0, n = 0;
        st = sibling(a, dir, pf->values, &path, &data, &len, err);
        if (!st)
            st = values_csv_apply(s, *plan_id, path, data, len, pf->demo, &n, err);
        sum->values += n;
    }
    sum->units += pf->n_units;
    sum->blocks += pf->n_blocks;
    sum->plan_id = *plan_id;
    return st;
}

/* A document sent over the API has no directory: the values CSV it names cannot be read. */
static td_status sibling_none(arena *a, const char *dir, const char *name, char **path, char **data, size_t *len,
                              td_error *err)
{
    return td_fail(err, TD_ERR_INPUT,
                   "values: tệp số liệu \"%s\" không nạp được cùng kế hoạch ở đây; hãy nạp số liệu bằng `thidua values "
                   "import` hoặc nhập trên giao diện",
                   name);
}

static td_status load_bytes(store *s, arena *a, const char *name, const char *data, size_t len, const char *dir,
                            sibling_fn sibling, td_id *plan_id, planload_summary *sum, td_error *err)
{
    planfile pf;
    td_status st = planfile_parse(a, name, data, len, &pf, err);
    if (!st && !pf.plan && sibling == sibling_none)
        st = td_fail(err, TD_ERR_INPUT, "%s: thiếu trường bắt buộc \"plan\": tài liệu không có kế hoạch để tạo", name);
    if (!st && pf.label)
        snprintf(sum->label, sizeof sum->label, "%s", pf.label);
    if (!st)
        st = apply(s, a, &pf, dir, sibling, plan_id, sum, err);
    return st;
}

td_status planload_file(store *s, const char *path, planload_summary *sum, td_error *err)
{
    arena *a = arena_new();
    char *data = NULL;
    size_t len = 0;
    td_id plan_id = 0;
    td_status st;

    memset(sum, 0, sizeof *sum);
    st = fileio_read(a, path, &data, &len, err);
    if (st)
        goto done;
    st = store_begin(s, err);
    if (!st)
        st = store_finish(
            s, load_bytes(s, a, path, data, len, fileio_dirname(a, path), sibling_from_disk, &plan_id, sum, err), err);
done:
    arena_free(a);
    return st;
}

td_status planload_bytes(store *s, const char *name, const char *data, size_t len, planload_summary *sum,
                         td_error *err)
{
    arena *a = arena_new();
    td_id plan_id = 0;
    memset(sum, 0, sizeof *sum);
    td_status st = store_begin(s, err);
    if (!st)
        st = store_finish(s, load_bytes(s, a, name, data, len, NULL, sibling_none, &plan_id, sum, err), err);
    /* a unit the document names and the store lacks is the document's error, not a missing page */
    if (st == TD_ERR_NOTFOUND)
        st = err->status = TD_ERR_INPUT;
    arena_free(a);
    return st;
}

/* The plan, then the files that add to it, from the copies compiled into the binary. */
static td_status load_embedded(store *s, arena *a, const char *const *files, size_t n, td_id *plan_id,
                               planload_summary *sum, td_error *err)
{
    td_status st = TD_OK;
    for (size_t i = 0; !st && i < n; i++) {
        size_t len = 0;
        const char *data = planload_embedded(files[i], &len);
        st = data ? load_bytes(s, a, files[i], data, len, "", sibling_embedded, plan_id, sum, err)
                  : td_fail(err, TD_ERR_NOTFOUND, "không có tệp dữ liệu nhúng \"%s\"", files[i]);
    }
    return st;
}

td_status planload_demo(store *s, planload_summary *sum, td_error *err)
{
    static const char *const files[] = {"kien-hai-2026.json", "kien-hai-2026-demo.json"};
    arena *a = arena_new();
    plan *plans = NULL;
    size_t n_plans = 0;
    td_id plan_id = 0;
    td_status st;

    memset(sum, 0, sizeof *sum);
    st = store_plans_list(s, a, &plans, &n_plans, err);
    if (!st && n_plans)
        st = td_fail(err, TD_ERR_CONFLICT,
                     "cơ sở dữ liệu đã có %zu kế hoạch; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống (dùng --db với "
                     "một tệp mới)",
                     n_plans);
    if (st)
        goto done;
    st = store_begin(s, err);
    if (!st)
        st = store_finish(s, load_embedded(s, a, files, sizeof files / sizeof files[0], &plan_id, sum, err), err);
done:
    arena_free(a);
    return st;
}

/* ---- a plan file written over a stored plan ------------------------------------------------ */

/* An indicator of a tree, flat, with where it hangs. */
typedef struct flat_ind {
    const indicator *ind;
    const char *parent; /* code; NULL for a root */
    size_t position;
} flat_ind;

static size_t flatten(const indicator *list, size_t n, const char *parent, flat_ind *out, size_t k)
{
    for (size_t i = 0; i < n; i++) {
        out[k++] = (flat_ind){&list[i], parent, i};
        k = flatten(list[i].children, list[i].n_children, list[i].code, out, k);
    }
    return k;
}

static flat_ind *flat_tree(arena *a, const plan *p, size_t *n)
{
    plan_counts c;
    plan_count(p, &c);
    flat_ind *out = arena_calloc(a, c.indicators + 1, sizeof *out);
    *n = flatten(p->indicators, p->n_indicators, NULL, out, 0);
    return out;
}

static const flat_ind *find_flat(const flat_ind *list, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].ind->code, code) == 0)
            return &list[i];
    return NULL;
}

static bool same_text(const char *x, const char *y)
{
    return x == y || (x && y && strcmp(x, y) == 0);
}

/* The same codes in any order (the store returns them sorted, a file as written). */
static bool same_set(const char *const *x, size_t nx, const char *const *y, size_t ny)
{
    if (nx != ny)
        return false;
    for (size_t i = 0; i < nx; i++) {
        bool found = false;
        for (size_t k = 0; k < ny && !found; k++)
            found = strcmp(x[i], y[k]) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* The same shares to the same units (both lists are in unit code order). */
static bool same_shares(const indicator *a, const indicator *b)
{
    if (a->n_unit_targets != b->n_unit_targets)
        return false;
    for (size_t i = 0; i < a->n_unit_targets; i++) {
        const unit_target *x = &a->unit_targets[i], *y = &b->unit_targets[i];
        if (strcmp(x->org_unit_code, y->org_unit_code) != 0 || !target_equal(&x->target, &y->target) ||
            !same_text(x->target.text, y->target.text))
            return false;
    }
    return true;
}

static bool same_indicator(const flat_ind *x, const flat_ind *y)
{
    const indicator *a = x->ind, *b = y->ind;
    if (!same_text(a->name, b->name) || !same_text(a->unit, b->unit) || a->group != b->group || a->freq != b->freq ||
        a->meas != b->meas || a->agg != b->agg || a->dir != b->dir || !same_shares(a, b) ||
        !same_text(a->formula, b->formula) || a->has_assigned != b->has_assigned ||
        (a->has_assigned && a->assigned != b->assigned) || a->line != b->line || !same_text(x->parent, y->parent) ||
        x->position != y->position ||
        !same_set((const char *const *)a->responsible, a->n_responsible, (const char *const *)b->responsible,
                  b->n_responsible))
        return false;
    if (!a->target || !b->target)
        return !a->target && !b->target;
    return target_equal(a->target, b->target) && same_text(a->target->text, b->target->text);
}

/* "assignments" and "assigned_values" of the file, written into its indicators so that the
 * tree is stored in one pass (and audited once). */
static td_status merge_extras(const planfile *pf, td_error *err)
{
    for (size_t i = 0; i < pf->n_assignments; i++) {
        indicator *ind = (indicator *)plan_find_indicator(pf->plan, pf->assignments[i].indicator);
        if (!ind)
            return td_fail(err, TD_ERR_INPUT, "assignments.%s: không có chỉ tiêu này trong kế hoạch",
                           pf->assignments[i].indicator);
        ind->responsible = pf->assignments[i].units;
        ind->n_responsible = pf->assignments[i].n_units;
    }
    for (size_t i = 0; i < pf->n_unit_targets; i++) {
        indicator *ind = (indicator *)plan_find_indicator(pf->plan, pf->unit_targets[i].indicator);
        if (!ind)
            return td_fail(err, TD_ERR_INPUT, "unit_targets.%s: không có chỉ tiêu này trong kế hoạch",
                           pf->unit_targets[i].indicator);
        ind->unit_targets = pf->unit_targets[i].shares;
        ind->n_unit_targets = pf->unit_targets[i].n_shares;
    }
    for (size_t i = 0; i < pf->n_assigned; i++) {
        indicator *ind = (indicator *)plan_find_indicator(pf->plan, pf->assigned[i].indicator);
        if (!ind)
            return td_fail(err, TD_ERR_INPUT, "assigned_values.%s: không có chỉ tiêu này trong kế hoạch",
                           pf->assigned[i].indicator);
        if (!ind->target || ind->target->op != TARGET_ASSIGNED)
            return td_fail(err, TD_ERR_INPUT,
                           "assigned_values.%s: chỉ tiêu không phải loại \"đạt so với chỉ tiêu được giao\"; mục tiêu "
                           "của nó đã có số",
                           ind->code);
        ind->has_assigned = true;
        ind->assigned = pf->assigned[i].value;
    }
    return TD_OK;
}

static bool same_unit(const org_unit *a, const org_unit *b)
{
    return same_text(a->name, b->name) && a->kind == b->kind && same_text(a->parent_code, b->parent_code);
}

static bool same_block(const block *a, const block *b)
{
    return same_text(a->name, b->name) && same_set(a->members, a->n_members, b->members, b->n_members);
}

/* Whether the commune's name and the plan's header and lists differ, compared as a document
 * writes them (the tree is compared indicator by indicator). */
static bool same_header(const commune *oc, const plan *old, const commune *nc, const plan *new)
{
    planfile a = {.commune = *oc, .plan = (plan *)old}, b = {.commune = *nc, .plan = (plan *)new};
    json_t *ja = planfile_to_json(&a), *jb = planfile_to_json(&b);
    json_object_del(json_object_get(ja, "plan"), "indicators");
    json_object_del(json_object_get(jb, "plan"), "indicators");
    bool same = json_equal(ja, jb);
    json_decref(ja);
    json_decref(jb);
    return same;
}

/* What is stored before the update: the plan and its commune's units and blocks. */
typedef struct stored {
    const plan *plan;
    commune commune;
    org_unit *units;
    size_t n_units;
    block *blocks;
    size_t n_blocks;
} stored;

static json_t *codes_json(const char *const *codes, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(codes[i]));
    return arr;
}

/* Units and blocks of the file upserted; those it does not list are kept (data may refer to
 * them) and named in *kept_units, *kept_blocks. */
static td_status write_units(store *s, arena *a, td_id commune_id, const planfile *pf, const stored *old,
                             json_t *units_out, json_t *blocks_out, td_error *err)
{
    size_t added = 0, changed = 0;
    td_status st = TD_OK;
    const org_unit *ordered = planfile_units_parents_first(a, pf->units, pf->n_units);
    json_t *kept = json_array();
    for (size_t i = 0; !st && i < pf->n_units; i++) {
        const org_unit *was = NULL;
        td_id id = 0;
        for (size_t k = 0; k < old->n_units && !was; k++)
            if (strcmp(old->units[k].code, ordered[i].code) == 0)
                was = &old->units[k];
        added += !was;
        changed += was && !same_unit(was, &ordered[i]);
        st = store_org_unit_upsert(s, commune_id, &ordered[i], &id, err);
    }
    for (size_t k = 0; k < old->n_units; k++) {
        bool listed = false;
        for (size_t i = 0; i < pf->n_units && !listed; i++)
            listed = strcmp(old->units[k].code, pf->units[i].code) == 0;
        if (!listed)
            json_array_append_new(kept, json_string(old->units[k].code));
    }
    json_object_set_new(units_out, "added", json_integer((json_int_t)added));
    json_object_set_new(units_out, "changed", json_integer((json_int_t)changed));
    json_object_set_new(units_out, "kept_not_listed", kept);

    added = changed = 0;
    kept = json_array();
    for (size_t i = 0; !st && i < pf->n_blocks; i++) {
        const block *was = NULL;
        for (size_t k = 0; k < old->n_blocks && !was; k++)
            if (strcmp(old->blocks[k].code, pf->blocks[i].code) == 0)
                was = &old->blocks[k];
        added += !was;
        changed += was && !same_block(was, &pf->blocks[i]);
        st = store_block_upsert(s, commune_id, &pf->blocks[i], err);
    }
    for (size_t k = 0; k < old->n_blocks; k++) {
        bool listed = false;
        for (size_t i = 0; i < pf->n_blocks && !listed; i++)
            listed = strcmp(old->blocks[k].code, pf->blocks[i].code) == 0;
        if (!listed)
            json_array_append_new(kept, json_string(old->blocks[k].code));
    }
    json_object_set_new(blocks_out, "added", json_integer((json_int_t)added));
    json_object_set_new(blocks_out, "changed", json_integer((json_int_t)changed));
    json_object_set_new(blocks_out, "kept_not_listed", kept);
    return st;
}

/* The update itself, inside the caller's transaction. */
static td_status update_in_tx(store *s, arena *a, td_id plan_id, const planfile *pf, const stored *old,
                              json_t **summary, json_t **blocked, td_error *err)
{
    size_t n_old, n_new, n_valued = 0, n_added = 0, n_changed = 0, n_removed = 0, n_stuck = 0;
    const flat_ind *was = flat_tree(a, old->plan, &n_old), *now = flat_tree(a, pf->plan, &n_new);
    const char **valued = NULL;
    const char **added = arena_calloc(a, n_new + 1, sizeof *added), **changed = arena_calloc(a, n_new + 1, sizeof *changed);
    const char **removed = arena_calloc(a, n_old + 1, sizeof *removed), **stuck = arena_calloc(a, n_old + 1, sizeof *stuck);
    td_id commune_id = old->commune.id;
    char *after = NULL;

    /* read inside the transaction: a figure entered meanwhile cannot slip past the check */
    td_status st = store_indicators_with_values(s, a, plan_id, &valued, &n_valued, err);
    if (st)
        return st;
    for (size_t i = 0; i < n_new; i++) {
        const flat_ind *o = find_flat(was, n_old, now[i].ind->code);
        if (!o)
            added[n_added++] = now[i].ind->code;
        else if (!same_indicator(o, &now[i]))
            changed[n_changed++] = now[i].ind->code;
    }
    for (size_t i = 0; i < n_old; i++) {
        if (find_flat(now, n_new, was[i].ind->code))
            continue;
        removed[n_removed++] = was[i].ind->code;
        for (size_t k = 0; k < n_valued; k++)
            if (strcmp(valued[k], was[i].ind->code) == 0)
                stuck[n_stuck++] = was[i].ind->code;
    }
    if (n_stuck) {
        char list[1024] = "";
        for (size_t i = 0; i < n_stuck; i++) {
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", stuck[i]);
        }
        *blocked = codes_json(stuck, n_stuck);
        return td_fail(err, TD_ERR_CONFLICT, "Không thể xóa chỉ tiêu đã có số liệu: %s", list);
    }

    json_t *units = json_object(), *blocks = json_object();
    *summary = json_pack("{s:s, s:{s:I, s:I, s:I, s:I, s:o, s:o, s:o}, s:o, s:o, s:b}", "summary", "",
                         "indicators", "added",
                         (json_int_t)n_added, "changed", (json_int_t)n_changed, "removed", (json_int_t)n_removed,
                         "unchanged", (json_int_t)(n_new - n_added - n_changed), "added_codes",
                         codes_json(added, n_added), "changed_codes", codes_json(changed, n_changed),
                         "removed_codes", codes_json(removed, n_removed), "org_units", units, "blocks", blocks,
                         "header_changed", !same_header(&old->commune, old->plan, &pf->commune, pf->plan));
    if (pf->commune.name)
        st = store_commune_upsert(s, &pf->commune, &commune_id, err);
    if (!st)
        st = write_units(s, a, commune_id, pf, old, units, blocks, err);
    /* the one line people read in the audit trail */
    json_object_set_new(*summary, "summary",
                        json_string(arena_printf(a, "chỉ tiêu: thêm %zu, sửa %zu, xóa %zu; đơn vị: thêm %lld, sửa %lld",
                                                 n_added, n_changed, n_removed,
                                                 (long long)json_integer_value(json_object_get(units, "added")),
                                                 (long long)json_integer_value(json_object_get(units, "changed")))));
    if (!st)
        st = store_plan_update_header(s, plan_id, pf->plan, err);
    if (!st)
        st = store_plan_write_indicators(s, plan_id, pf->plan->indicators, pf->plan->n_indicators, err);
    /* parents before children: deleting a parent takes its removed children with it */
    for (size_t i = 0; !st && i < n_removed; i++)
        st = store_indicator_delete(s, plan_id, removed[i], err);
    if (!st) {
        after = json_dumps(*summary, JSON_COMPACT | JSON_PRESERVE_ORDER);
        st = store_audit(s, commune_id, "plan.update", "plan", plan_id, NULL, after, err);
        free(after);
    }
    return st;
}

td_status planload_update(store *s, arena *a, const user *viewer, td_id plan_id, const char *name,
                          const char *data, size_t len, json_t **summary, json_t **blocked, td_error *err)
{
    /* a plan of another commune does not exist for the viewer (service/policy.h) */
    td_status allowed = policy_plan(s, viewer, plan_id, err);
    if (allowed)
        return allowed;
    planfile pf;
    stored old = {0};
    plan *p = NULL;
    /* the plan as stored and the figures that block a change are read under the write lock: a
     * figure entered meanwhile cannot lose its indicator */
    td_status st = store_begin(s, err);

    *summary = NULL;
    *blocked = NULL;
    if (!st)
        st = store_plan_get(s, a, plan_id, &p, err);
    old.plan = p;
    if (!st)
        st = planfile_parse(a, name, data, len, &pf, err);
    if (!st && !pf.plan)
        st = td_fail(err, TD_ERR_INPUT, "%s: thiếu trường bắt buộc \"plan\"", name);
    if (!st && pf.values)
        st = sibling_none(a, NULL, pf.values, NULL, NULL, NULL, err);
    if (!st && strcmp(pf.commune.code, p->commune_code) != 0)
        st = td_fail(err, TD_ERR_INPUT,
                     "%s: commune.code: kế hoạch số %lld thuộc xã \"%s\"; không chuyển kế hoạch sang xã \"%s\" được",
                     name, (long long)plan_id, p->commune_code, pf.commune.code);
    if (!st)
        st = merge_extras(&pf, err);
    if (!st)
        st = store_commune_find(s, a, p->commune_code, &old.commune, err);
    if (!st)
        st = store_org_units_list(s, a, old.commune.id, &old.units, &old.n_units, err);
    if (!st)
        st = store_blocks_list(s, a, old.commune.id, &old.blocks, &old.n_blocks, err);
    if (!st)
        st = update_in_tx(s, a, plan_id, &pf, &old, summary, blocked, err);
    st = store_finish(s, st, err);
    if (st == TD_ERR_NOTFOUND && p)
        st = err->status = TD_ERR_INPUT;
    if (st) {
        json_decref(*summary);
        *summary = NULL;
    }
    return st;
}
