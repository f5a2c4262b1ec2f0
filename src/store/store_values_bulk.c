/* store_values_bulk.c — figures read and written many at a time; see store_values_bulk.h.
 *
 * What a figure cost before, per row: the plan's commune looked up, a SELECT joining codes, an
 * INSERT … SELECT joining codes with an upsert and RETURNING (SQLite keeps both in temporary
 * b-trees, one opened per row), two JSON texts through jansson and the audit INSERT. Here the
 * plan's indicators and the commune's units are read once into tables by code, the stored
 * figures are read by key a chunk at a time, and each figure is one INSERT (new) or one UPDATE
 * (there) by key and one audit INSERT, each statement prepared once per bulk write and stepped
 * per figure. */
#include "store_values_bulk.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store_internal.h"

/* Keys read per query, by the sizes of the queries kept prepared (the last is the chunk read at a
 * time): 3 parameters each, far below SQLite's and PostgreSQL's limits. */
static const size_t read_sizes[] = {1, 4, 16, 64, 256};
#define READ_SIZES (sizeof read_sizes / sizeof read_sizes[0])
#define READ_CHUNK 256
/* Figures read then written per step of an import (the memory an import holds besides its rows). */
#define PUT_CHUNK 2000 /* 100.000 is a multiple: progress in round numbers */

/* code → id, open addressing on a power-of-two table */
typedef struct code_ids {
    struct {
        const char *code;
        td_id id;
    } *slot;
    size_t cap;
} code_ids;

static void code_ids_row(arena *a, db_stmt *stmt, void *ctx)
{
    code_ids *t = ctx;
    const char *code = db_column_text(stmt, 0);
    size_t k = hash_text(HASH_SEED, code) & (t->cap - 1);
    while (t->slot[k].code)
        k = (k + 1) & (t->cap - 1);
    t->slot[k].code = arena_strdup(a, code);
    t->slot[k].id = db_column_int(stmt, 1);
}

static td_id code_id(const code_ids *t, const char *code)
{
    if (!code)
        return 0;
    for (size_t k = hash_text(HASH_SEED, code) & (t->cap - 1); t->slot[k].code; k = (k + 1) & (t->cap - 1))
        if (strcmp(t->slot[k].code, code) == 0)
            return t->slot[k].id;
    return 0;
}

/* The rows of count_sql (one number) and list_sql (code, id) as a table. */
static td_status code_ids_load(store *s, arena *a, const char *count_sql, const char *list_sql, td_id id,
                               code_ids *t, td_error *err)
{
    td_id count = 0;
    td_status st = q_exec(s, &count, err, count_sql, "i", id);
    if (st)
        return st;
    t->cap = 16;
    while (t->cap < (size_t)count * 2)
        t->cap *= 2;
    t->slot = arena_calloc(a, t->cap, sizeof *t->slot);
    return each_row(s, a, err, list_sql, id, code_ids_row, t);
}

/* What one bulk operation holds while it runs. */
typedef struct bulk {
    store *s;
    arena *a;
    td_id plan_id, commune_id;
    code_ids inds, units;
    db_stmt *read;
    size_t read_k; /* keys read prepares for */
    db_stmt *insert, *update, *audit;
    char now[32];
} bulk;

static td_status bulk_open(store *s, td_id plan_id, bulk *b, td_error *err)
{
    *b = (bulk){.s = s, .a = arena_new(), .plan_id = plan_id};
    now_iso(b->now);
    td_status st = store_plan_commune(s, plan_id, &b->commune_id, err);
    if (!st)
        st = code_ids_load(s, b->a, "SELECT COUNT(*) FROM indicator WHERE plan_id = ?",
                           "SELECT code, id FROM indicator WHERE plan_id = ?", plan_id, &b->inds, err);
    if (!st)
        st = code_ids_load(s, b->a, "SELECT COUNT(*) FROM org_unit WHERE commune_id = ?",
                           "SELECT code, id FROM org_unit WHERE commune_id = ?", b->commune_id, &b->units, err);
    return st;
}

static void bulk_close(bulk *b)
{
    q_done(b->s, b->read);
    q_done(b->s, b->insert);
    q_done(b->s, b->update);
    q_done(b->s, b->audit);
    arena_free(b->a);
}

/* ---- reading ------------------------------------------------------------------------------ */

#define READ_COLUMNS                                                                                        \
    "SELECT v.id, v.indicator_id, v.org_unit_id, v.period, v.value, v.text, v.note, v.status, v.version, "    \
    "v.updated_by, v.updated_at, v.review_comment, v.is_demo, v.denominator, v.submitted_at, v.evidence "   \
    "FROM data_value v WHERE "

/* The query for each of read_sizes: an OR of (indicator, unit, period) equalities, which SQLite
 * answers by one lookup in the unique index per key (MULTI-INDEX OR) and PostgreSQL by a bitmap
 * OR. Written once per process, so that each text keeps its address and the store's statement
 * cache (keyed by it) keeps the statements prepared from one write to the next. */
static char *read_sql[READ_SIZES];
static pthread_once_t read_sql_once = PTHREAD_ONCE_INIT;

static void write_read_sql(void)
{
    static const char term[] = "(v.indicator_id = ? AND v.org_unit_id = ? AND v.period = ?)";
    for (size_t z = 0; z < READ_SIZES; z++) {
        size_t cap = sizeof READ_COLUMNS + read_sizes[z] * (sizeof term + 4);
        char *sql = malloc(cap), *w = sql;
        if (!sql)
            td_oom(cap);
        w += sprintf(w, "%s", READ_COLUMNS);
        for (size_t i = 0; i < read_sizes[z]; i++)
            w += sprintf(w, "%s%s", i ? " OR " : "", term);
        read_sql[z] = sql; /* for the life of the process */
    }
}

/* The smallest kept query for k keys; the keys beyond k ask for id 0, which no row has. */
static td_status prepare_read(bulk *b, size_t k, td_error *err)
{
    size_t z = 0;
    while (read_sizes[z] < k)
        z++;
    if (b->read && b->read_k == read_sizes[z])
        return TD_OK;
    q_done(b->s, b->read);
    b->read = NULL;
    pthread_once(&read_sql_once, write_read_sql);
    td_status st = q_prepare(b->s, &b->read, err, read_sql[z], "");
    b->read_k = st ? 0 : read_sizes[z];
    return st;
}

/* keys[0..k) (k ≤ READ_CHUNK) read into before/found. */
static td_status read_chunk(bulk *b, arena *a, const data_value *keys, size_t k, data_value *before, bool *found,
                            td_error *err)
{
    td_id ind[READ_CHUNK], unit[READ_CHUNK];
    size_t asked = 0;
    for (size_t i = 0; i < k; i++) {
        found[i] = false;
        ind[i] = code_id(&b->inds, keys[i].indicator_code);
        unit[i] = code_id(&b->units, keys[i].org_unit_code);
        asked += ind[i] && unit[i];
    }
    if (!asked)
        return TD_OK;
    td_status st = prepare_read(b, k, err);
    if (st)
        return st;
    db_reset(b->read);
    for (size_t i = 0; i < b->read_k; i++) {
        /* an unknown code, or no key at all, asks for id 0, which no row has */
        db_bind_int(b->read, (int)(3 * i + 1), i < k ? ind[i] : 0);
        db_bind_int(b->read, (int)(3 * i + 2), i < k ? unit[i] : 0);
        db_bind_text(b->read, (int)(3 * i + 3), i < k ? keys[i].period : "");
    }
    bool row = true;
    while (!st && !(st = db_step(b->read, &row, err)) && row) {
        td_id ri = db_column_int(b->read, 1), ru = db_column_int(b->read, 2);
        const char *rp = db_column_text(b->read, 3);
        /* every key it answers: the same figure may be asked twice */
        for (size_t i = 0; i < k; i++) {
            if (ind[i] != ri || unit[i] != ru || strcmp(keys[i].period, rp) != 0)
                continue;
            data_value *v = &before[i];
            *v = (data_value){.id = db_column_int(b->read, 0), .plan_id = b->plan_id,
                              .indicator_code = keys[i].indicator_code, .org_unit_code = keys[i].org_unit_code};
            snprintf(v->period, sizeof v->period, "%s", rp);
            v->has_value = !db_column_is_null(b->read, 4);
            v->value = db_column_double(b->read, 4);
            v->text = col_text(a, b->read, 5);
            v->note = col_text(a, b->read, 6);
            value_status_from_code(db_column_text(b->read, 7), &v->status);
            v->version = (int)db_column_int(b->read, 8);
            v->updated_by = col_text(a, b->read, 9);
            v->updated_at = col_text(a, b->read, 10);
            v->review_comment = col_text(a, b->read, 11);
            v->is_demo = db_column_int(b->read, 12) != 0;
            v->has_denominator = !db_column_is_null(b->read, 13);
            v->denominator = db_column_double(b->read, 13);
            v->submitted_at = col_text(a, b->read, 14);
            v->evidence = col_text(a, b->read, 15);
            found[i] = true;
        }
    }
    db_reset(b->read);
    return st;
}

static td_status read_many(bulk *b, arena *a, const data_value *keys, size_t n, data_value *before, bool *found,
                           td_error *err)
{
    td_status st = TD_OK;
    for (size_t at = 0; !st && at < n; at += READ_CHUNK) {
        size_t k = n - at < READ_CHUNK ? n - at : READ_CHUNK;
        st = read_chunk(b, a, keys + at, k, before + at, found + at, err);
    }
    return st;
}

td_status store_values_read(store *s, arena *a, td_id plan_id, const data_value *keys, size_t n, data_value *before,
                            bool *found, td_error *err)
{
    bulk b;
    td_status st = bulk_open(s, plan_id, &b, err);
    if (!st)
        st = read_many(&b, a, keys, n, before, found, err);
    bulk_close(&b);
    return st;
}

/* ---- writing ------------------------------------------------------------------------------ */

static void bind_opt_text(db_stmt *stmt, int i, const char *v)
{
    if (v)
        db_bind_text(stmt, i, v);
    else
        db_bind_null(stmt, i);
}

static void bind_opt_double(db_stmt *stmt, int i, bool has, double v)
{
    if (has)
        db_bind_double(stmt, i, v);
    else
        db_bind_null(stmt, i);
}

static td_status prepare_writes(bulk *b, td_error *err)
{
    if (b->audit)
        return TD_OK;
    /* new figures: a plain INSERT, whose unique key refuses a figure another writer added since
     * it was read (a conflict, as a changed version is) */
    td_status st = q_prepare(b->s, &b->insert, err,
                             "INSERT INTO data_value (indicator_id, org_unit_id, period, value, denominator, text, "
                             "note, evidence, status, version, updated_by, updated_at, submitted_at, is_demo) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                             "");
    /* stored figures: by key, and only from the state read — the version becomes NULL otherwise,
     * which its NOT NULL refuses (a conflict on both backends), so that no RETURNING is needed
     * to tell a write that did not apply (SQLite keeps RETURNING's rows in a temporary b-tree
     * opened per statement run) */
    if (!st)
        st = q_prepare(b->s, &b->update, err,
                       "UPDATE data_value SET value = ?, denominator = ?, text = ?, note = ?, evidence = ?, "
                       "status = ?, version = CASE WHEN version = ? AND (status = ? OR status = ? OR status = ? OR status = ?) "
                       "THEN version + 1 END, "
                       "updated_by = ?, updated_at = ?, submitted_at = ? "
                       "WHERE indicator_id = ? AND org_unit_id = ? AND period = ?",
                       "");
    /* the figure's id: the one read, or for a new one found by its key inside the same statement
     * (COALESCE looks it up only when no id is given) */
    if (!st)
        st = q_prepare(b->s, &b->audit, err,
                       "INSERT INTO audit_log (commune_id, at, actor, action, entity, entity_id, before_json, "
                       "after_json, search) VALUES (?, ?, ?, ?, 'data_value', COALESCE(?, (SELECT id FROM data_value "
                       "WHERE indicator_id = ? AND org_unit_id = ? AND period = ?)), ?, ?, ?)",
                       "");
    return st;
}

static td_status write_one(bulk *b, arena *a, const value_put *r, bool is_demo, td_error *err)
{
    const data_value *v = r->v;
    td_id ind = code_id(&b->inds, v->indicator_code), unit = code_id(&b->units, v->org_unit_code);
    const char *status = value_status_code(v->status);
    const char *submitted = v->status != VALUE_DRAFT ? b->now : NULL;
    td_status st;

    if (r->expect && (r->existed ? (r->before->version != r->expect->version ||
                                    !(r->expect->statuses & (1u << r->before->status)))
                                 : r->expect->version != 0))
        return value_changed(err, v);
    if (!ind || !unit)
        return td_fail(err, TD_ERR_NOTFOUND, "không có chỉ tiêu \"%s\" hoặc đơn vị \"%s\"", v->indicator_code,
                       v->org_unit_code);
    if (!r->existed) {
        db_stmt *q = b->insert;
        db_reset(q);
        db_bind_int(q, 1, ind);
        db_bind_int(q, 2, unit);
        db_bind_text(q, 3, v->period);
        bind_opt_double(q, 4, v->has_value, v->value);
        bind_opt_double(q, 5, v->has_denominator, v->denominator);
        bind_opt_text(q, 6, v->text);
        bind_opt_text(q, 7, v->note);
        bind_opt_text(q, 8, v->evidence);
        db_bind_text(q, 9, status);
        db_bind_text(q, 10, b->s->actor);
        db_bind_text(q, 11, b->now);
        bind_opt_text(q, 12, submitted);
        db_bind_int(q, 13, is_demo);
    } else {
        /* the state it must be in: what was read, or what the caller checked it against */
        unsigned statuses = r->expect ? r->expect->statuses : ~0u;
        db_stmt *q = b->update;
        db_reset(q);
        bind_opt_double(q, 1, v->has_value, v->value);
        bind_opt_double(q, 2, v->has_denominator, v->denominator);
        bind_opt_text(q, 3, v->text);
        bind_opt_text(q, 4, v->note);
        bind_opt_text(q, 5, v->evidence);
        db_bind_text(q, 6, status);
        db_bind_int(q, 7, r->before->version);
        for (value_status k = VALUE_DRAFT; k <= VALUE_RETURNED; k++)
            bind_opt_text(q, 8 + (int)k, statuses & (1u << k) ? value_status_code(k) : NULL);
        db_bind_text(q, 12, b->s->actor);
        db_bind_text(q, 13, b->now);
        bind_opt_text(q, 14, submitted);
        /* by its key: a figure a row before this one added has no id the caller knows */
        db_bind_int(q, 15, ind);
        db_bind_int(q, 16, unit);
        db_bind_text(q, 17, v->period);
    }
    bool row = false;
    st = db_step(r->existed ? b->update : b->insert, &row, err);
    if (st == TD_ERR_CONFLICT)
        return value_changed(err, v);
    if (st)
        return st;

    data_value after = *v;
    after.version = r->existed ? r->before->version + 1 : 1;
    const char *bj = r->existed ? value_audit_json(a, r->before) : NULL, *aj = value_audit_json(a, &after);
    const char *action = r->existed ? "update" : "create";
    db_stmt *q = b->audit;
    db_reset(q);
    db_bind_int(q, 1, b->commune_id);
    db_bind_text(q, 2, b->now);
    db_bind_text(q, 3, b->s->actor);
    db_bind_text(q, 4, action);
    if (r->existed && r->before->id)
        db_bind_int(q, 5, r->before->id);
    else
        db_bind_null(q, 5);
    db_bind_int(q, 6, ind);
    db_bind_int(q, 7, unit);
    db_bind_text(q, 8, v->period);
    bind_opt_text(q, 9, bj);
    bind_opt_text(q, 10, aj);
    db_bind_text(q, 11, audit_search_key(a, b->s->actor, action, "data_value", bj, aj));
    return db_step(q, &row, err);
}

static td_status write_many(bulk *b, const value_put *rows, size_t n, bool is_demo, td_error *err)
{
    td_status st = prepare_writes(b, err);
    arena *a = arena_new();
    for (size_t i = 0; !st && i < n; i++) {
        st = write_one(b, a, &rows[i], is_demo, err);
        if ((i & 255) == 255) { /* the texts of 256 figures at a time */
            arena_free(a);
            a = arena_new();
        }
    }
    arena_free(a);
    return st;
}

td_status store_values_write(store *s, td_id plan_id, const value_put *rows, size_t n, bool is_demo, td_error *err)
{
    bulk b;
    td_status st = bulk_open(s, plan_id, &b, err);
    if (!st)
        st = write_many(&b, rows, n, is_demo, err);
    bulk_close(&b);
    return st;
}

/* SQLite's page cache for a large import, 128 MB: with its default 2 MB, the pages of the figures'
 * indexes and the audit trail a long transaction dirties are written out to the log before the
 * commit, read back, and written again (100.000 figures: 64.000 writes and 32.000 reads for 17.000
 * pages). Set for the import only (the server keeps its small default) and put back after. */
static void import_cache(store *s, bool on)
{
    if (strcmp(db_backend(s->db), "sqlite") == 0)
        db_exec(s->db, on ? "PRAGMA cache_size = -131072" : "PRAGMA cache_size = -2000", &(td_error){0});
}

td_status store_values_put_many(store *s, td_id plan_id, const data_value *values, size_t n, bool is_demo,
                                values_progress_fn progress, void *ctx, td_error *err)
{
    bulk b;
    bool large = n > PUT_CHUNK;
    if (large)
        import_cache(s, true);
    td_status st = bulk_open(s, plan_id, &b, err);
    size_t cap = n < PUT_CHUNK ? n : PUT_CHUNK;
    data_value *before = calloc(cap ? cap : 1, sizeof *before);
    bool *found = calloc(cap ? cap : 1, sizeof *found);
    value_put *rows = calloc(cap ? cap : 1, sizeof *rows);
    if (!before || !found || !rows)
        td_oom(cap * sizeof *before);
    for (size_t at = 0; !st && at < n; at += PUT_CHUNK) {
        size_t k = n - at < PUT_CHUNK ? n - at : PUT_CHUNK;
        arena *a = arena_new();
        st = read_many(&b, a, values + at, k, before, found, err);
        for (size_t i = 0; i < k; i++)
            rows[i] = (value_put){.v = &values[at + i], .existed = found[i], .before = &before[i]};
        if (!st)
            st = write_many(&b, rows, k, is_demo, err);
        arena_free(a);
        if (!st && progress)
            progress(at + k, n, ctx);
    }
    free(before);
    free(found);
    free(rows);
    bulk_close(&b);
    if (large)
        import_cache(s, false);
    return st;
}
