/* records.c — the records a front end reads, filtered by the policy; see records.h. */
#include "records.h"

#include "policy.h"
#include "store/db.h"
#include "store/store_memo.h"

td_status records_open(const char *url, store **out, td_error *err)
{
    return store_open(url, out, err);
}

const char *records_url_shown(const char *url, char *buf, size_t cap)
{
    return db_url_shown(url, buf, cap);
}

td_status records_copy_commune(store *from, store *to, arena *a, store_copy_info *info, td_error *err)
{
    return store_copy_commune(from, to, a, info, err);
}

void records_close(store *s)
{
    store_close(s);
}

int records_schema_version(const store *s)
{
    return store_schema_version(s);
}

int records_schema_latest(void)
{
    return store_schema_latest();
}

double records_db_seconds(void)
{
    return db_thread_seconds();
}

void records_request_begin(store *s)
{
    store_memo_begin(s);
}

void records_request_end(store *s)
{
    store_memo_end(s);
}

void records_set_actor(store *s, const char *actor)
{
    store_set_actor(s, actor);
}

td_status records_communes(store *s, arena *a, const user *u, commune **out, size_t *n, td_error *err)
{
    td_status st = store_communes_list(s, a, out, n, err);
    size_t kept = 0;
    for (size_t i = 0; !st && i < *n; i++)
        if (policy_may_see_commune(s, u, (*out)[i].id))
            (*out)[kept++] = (*out)[i];
    if (!st)
        *n = kept;
    return st;
}

td_status records_commune(store *s, arena *a, const char *code, commune *out, td_error *err)
{
    return store_commune_find(s, a, code, out, err);
}

td_status records_city(store *s, arena *a, const char *name, city *out, td_error *err)
{
    return store_city_find(s, a, name, out, err);
}

td_status records_plans(store *s, arena *a, const user *u, plan **out, size_t *n, td_error *err)
{
    td_status st = store_plans_list(s, a, out, n, err);
    size_t kept = 0;
    for (size_t i = 0; !st && i < *n; i++) {
        td_id commune_id = 0;
        st = store_plan_commune(s, (*out)[i].id, &commune_id, err);
        if (!st && policy_may_see_commune(s, u, commune_id))
            (*out)[kept++] = (*out)[i];
    }
    if (!st)
        *n = kept;
    return st;
}

td_status records_plan(store *s, arena *a, const user *u, td_id plan_id, plan **out, td_error *err)
{
    td_status st = policy_plan(s, u, plan_id, err);
    return st ? st : store_plan_get(s, a, plan_id, out, err);
}

td_status records_org_units(store *s, arena *a, const user *u, td_id plan_id, org_unit **out, size_t *n,
                            td_error *err)
{
    td_id commune_id = 0;
    td_status st = policy_plan(s, u, plan_id, err);
    if (!st)
        st = store_plan_commune(s, plan_id, &commune_id, err);
    return st ? st : store_org_units_list(s, a, commune_id, out, n, err);
}

td_status records_blocks(store *s, arena *a, const user *u, td_id plan_id, block **out, size_t *n,
                         td_error *err)
{
    td_id commune_id = 0;
    td_status st = policy_plan(s, u, plan_id, err);
    if (!st)
        st = store_plan_commune(s, plan_id, &commune_id, err);
    return st ? st : store_blocks_list(s, a, commune_id, out, n, err);
}

td_status records_values(store *s, arena *a, const user *u, value_filter *f, data_value **out, size_t *n,
                         td_error *err)
{
    td_status st = policy_plan(s, u, f->plan_id, err);
    if (!st)
        st = policy_scope_unit(u, &f->org_unit, err);
    return st ? st : store_values_list(s, a, f, out, n, err);
}

td_status records_users(store *s, arena *a, const user *u, user **out, size_t *n, td_error *err)
{
    td_status st = store_users_list(s, a, out, n, err);
    size_t kept = 0;
    for (size_t i = 0; !st && i < *n; i++)
        if (policy_may_see_commune(s, u, (*out)[i].commune_id))
            (*out)[kept++] = (*out)[i];
    if (!st)
        *n = kept;
    return st;
}

td_status records_audit(store *s, arena *a, const user *u, const audit_filter *f, long limit, long offset,
                        audit_entry **out, size_t *n, long *total, td_error *err)
{
    audit_filter mine = *f;
    if (u)
        mine.commune_id = u->commune_id;
    return store_audit_list(s, a, &mine, limit, offset, out, n, total, err);
}
