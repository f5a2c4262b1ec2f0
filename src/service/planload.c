/* planload.c — loading plan data files into the store; see planload.h. */
#include "planload.h"

#include <stdio.h>
#include <string.h>

#include "core/embedded.h"
#include "fileio.h"
#include "planfile.h"
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
    if (!st && !*plan_id && (pf->n_assignments || pf->n_assigned || pf->values))
        st = td_fail(err, TD_ERR_INPUT, "tệp không có kế hoạch (plan) để gán chỉ tiêu hoặc nạp số liệu");
    for (size_t i = 0; !st && i < pf->n_assignments; i++)
        st = store_indicator_assign(s, *plan_id, pf->assignments[i].indicator,
                                    (const char *const *)pf->assignments[i].units, pf->assignments[i].n_units, err);
    for (size_t i = 0; !st && i < pf->n_assigned; i++)
        st = store_indicator_set_assigned(s, *plan_id, pf->assigned[i].indicator, true, pf->assigned[i].value, err);
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

static td_status load_bytes(store *s, arena *a, const char *name, const char *data, size_t len, const char *dir,
                            sibling_fn sibling, td_id *plan_id, planload_summary *sum, td_error *err)
{
    planfile pf;
    td_status st = planfile_parse(a, name, data, len, &pf, err);
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
