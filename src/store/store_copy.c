/* store_copy.c — one commune's SQLite database copied into another deployment; see store_copy.h.
 *
 * The copy reads the source's own description of itself (its tables, their columns' declared
 * types and their foreign keys, which STRICT tables keep exact) instead of a list written here,
 * so a table another migration adds is copied too, as long as it declares its references. The
 * SQL it writes is built from those names; the destination runs it through the same driver as
 * every other statement (either backend). */
#include "store_copy.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store_city.h"
#include "store_internal.h"

/* Tables that are not the commune's records: the schema's bookkeeping, what is of the moment
 * (a browser session, a failed login), the cities, which are the destination's: the commune
 * joins its city there after the copy (link_city), and the plans' state counters
 * (migration 0014), which the destination's triggers raise as the copied rows arrive. */
static const char *const skipped[] = {"schema_migrations", "session", "login_failure", "city", "plan_state"};

enum col_type { COL_INT, COL_REAL, COL_TEXT, COL_BLOB };

struct column {
    const char *name;
    enum col_type type;
    int ref;       /* the table (index) its foreign key names, or -1 */
    bool self_ref; /* names its own table: set after every row is in */
};

struct id_pair {
    td_id from, to;
};

struct table {
    const char *name;
    struct column *cols;
    size_t n_cols;
    bool has_id; /* id INTEGER PRIMARY KEY: new ids in the destination */
    struct id_pair *ids;
    size_t n_ids;
    bool done;
};

static td_status query(db *d, const char *sql, const char *arg, db_stmt **out, td_error *err)
{
    td_status st = db_prepare(d, sql, out, err);
    if (!st && arg)
        db_bind_text(*out, 1, arg);
    return st;
}

static td_status read_tables(db *d, arena *a, struct table **out, size_t *n, td_error *err)
{
    db_stmt *q = NULL;
    bool row;
    struct rows list = {.size = sizeof(struct table)};
    td_status st = query(d, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                         NULL, &q, err);
    while (!st && !(st = db_step(q, &row, err)) && row) {
        const char *name = db_column_text(q, 0);
        bool skip = false;
        for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++)
            skip |= strcmp(name, skipped[i]) == 0;
        if (!skip)
            ((struct table *)rows_push(a, &list))->name = arena_strdup(a, name);
    }
    db_finalize(q);
    struct table *t = list.items;
    for (size_t k = 0; !st && k < list.n; k++) {
        struct rows cols = {.size = sizeof(struct column)};
        st = query(d, "SELECT name, upper(type), pk FROM pragma_table_info(?) ORDER BY cid", t[k].name, &q, err);
        while (!st && !(st = db_step(q, &row, err)) && row) {
            struct column *c = rows_push(a, &cols);
            const char *type = db_column_text(q, 1);
            c->name = arena_strdup(a, db_column_text(q, 0));
            c->type = strstr(type, "INT") ? COL_INT : strstr(type, "REAL") ? COL_REAL : strstr(type, "BLOB") ? COL_BLOB
                                                                                                            : COL_TEXT;
            c->ref = -1;
            if (db_column_int(q, 2) == 1 && c->type == COL_INT && strcmp(c->name, "id") == 0)
                t[k].has_id = true;
        }
        db_finalize(q);
        t[k].cols = cols.items;
        t[k].n_cols = cols.n;
        if (st)
            break;
        st = query(d, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", t[k].name, &q, err);
        while (!st && !(st = db_step(q, &row, err)) && row) {
            for (size_t c = 0; c < t[k].n_cols; c++) {
                if (strcmp(t[k].cols[c].name, db_column_text(q, 0)) != 0)
                    continue;
                for (size_t r = 0; r < list.n; r++)
                    if (strcmp(t[r].name, db_column_text(q, 1)) == 0)
                        t[k].cols[c].ref = (int)r;
                t[k].cols[c].self_ref = t[k].cols[c].ref == (int)k;
            }
        }
        db_finalize(q);
    }
    *out = t;
    *n = list.n;
    return st;
}

/* The new id of the row that was id in table t; 0 when it was not copied. */
static td_id new_id(const struct table *t, td_id id)
{
    size_t lo = 0, hi = t->n_ids;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->ids[mid].from == id)
            return t->ids[mid].to;
        if (t->ids[mid].from < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static const struct table *table_named(const struct table *t, size_t n, const char *name)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return &t[i];
    return NULL;
}

/* Copies the rows of table k; ids[] of t[k] receives old → new. */
static td_status copy_table(db *from, db *to, arena *a, struct table *t, size_t n, size_t k, long *rows,
                            td_error *err)
{
    struct table *tb = &t[k];
    char *cols = arena_strdup(a, ""), *marks = arena_strdup(a, "");
    int entity_col = -1, entity_id_col = -1;
    for (size_t c = 0; c < tb->n_cols; c++) {
        if (!strcmp(tb->name, "audit_log") && !strcmp(tb->cols[c].name, "entity"))
            entity_col = (int)c;
        if (!strcmp(tb->name, "audit_log") && !strcmp(tb->cols[c].name, "entity_id"))
            entity_id_col = (int)c;
        if (tb->has_id && !strcmp(tb->cols[c].name, "id"))
            continue;
        cols = arena_printf(a, "%s%s\"%s\"", cols, *cols ? ", " : "", tb->cols[c].name);
        marks = arena_printf(a, "%s%s?", marks, *marks ? ", " : "");
    }
    const char *select = arena_printf(a, "SELECT * FROM \"%s\"%s", tb->name, tb->has_id ? " ORDER BY id" : "");
    const char *insert = arena_printf(a, "INSERT INTO \"%s\" (%s) VALUES (%s)%s", tb->name, cols, marks,
                                      tb->has_id ? " RETURNING id" : "");
    struct rows ids = {.size = sizeof(struct id_pair)};
    struct rows later = {.size = sizeof(struct id_pair) * 2}; /* (column, new id) (old value, -) */
    db_stmt *q = NULL, *ins = NULL;
    bool row, out_row;
    td_status st = db_prepare(from, select, &q, err);
    if (!st)
        st = db_prepare(to, insert, &ins, err);
    while (!st && !(st = db_step(q, &row, err)) && row) {
        int at = 1;
        for (size_t c = 0; c < tb->n_cols; c++) {
            const struct column *col = &tb->cols[c];
            if (tb->has_id && !strcmp(col->name, "id"))
                continue;
            /* a city's id is the destination's (link_city), never the source's */
            if (db_column_is_null(q, (int)c) || col->self_ref || !strcmp(col->name, "city_id")) {
                db_bind_null(ins, at++);
                continue;
            }
            const struct table *ref = col->ref >= 0 ? &t[col->ref] : NULL;
            if ((int)c == entity_id_col) /* the trail's entity_id names a row of the table in entity */
                ref = table_named(t, n, db_column_text(q, entity_col));
            switch (col->type) {
            case COL_INT: {
                td_id v = db_column_int(q, (int)c);
                if (ref && ref->has_id)
                    v = new_id(ref, v);
                if (ref && ref->has_id && !v && (int)c != entity_id_col) {
                    st = td_fail(err, TD_ERR_INPUT, "bảng %s, cột %s: dòng tham chiếu %lld không có trong %s",
                                 tb->name, col->name, (long long)db_column_int(q, (int)c), ref->name);
                    goto done;
                }
                if (v || (int)c != entity_id_col)
                    db_bind_int(ins, at++, v);
                else
                    db_bind_null(ins, at++);
                break;
            }
            case COL_REAL:
                db_bind_double(ins, at++, db_column_double(q, (int)c));
                break;
            case COL_BLOB: {
                size_t len;
                const void *p = db_column_blob(q, (int)c, &len);
                db_bind_blob(ins, at++, p, len);
                break;
            }
            case COL_TEXT:
                db_bind_text(ins, at++, db_column_text(q, (int)c));
                break;
            }
        }
        st = db_step(ins, &out_row, err);
        if (st) {
            td_error_prefix(err, "chép bảng %s", tb->name);
            break;
        }
        td_id old = 0, fresh = out_row ? db_column_int(ins, 0) : 0;
        for (size_t c = 0; tb->has_id && c < tb->n_cols; c++)
            if (!strcmp(tb->cols[c].name, "id"))
                old = db_column_int(q, (int)c);
        if (tb->has_id)
            *(struct id_pair *)rows_push(a, &ids) = (struct id_pair){old, fresh};
        for (size_t c = 0; c < tb->n_cols; c++) {
            if (tb->cols[c].self_ref && !db_column_is_null(q, (int)c)) {
                struct id_pair *p = rows_push(a, &later);
                p[0] = (struct id_pair){(td_id)c, fresh};
                p[1] = (struct id_pair){db_column_int(q, (int)c), 0};
            }
        }
        db_reset(ins);
        (*rows)++;
    }
    tb->ids = ids.items;
    tb->n_ids = ids.n;
    /* references within the table, now that every row has its new id */
    for (size_t i = 0; !st && i < later.n; i++) {
        const struct id_pair *p = (const struct id_pair *)later.items + 2 * i;
        db_stmt *up = NULL;
        st = db_prepare(to, arena_printf(a, "UPDATE \"%s\" SET \"%s\" = ? WHERE id = ?", tb->name, tb->cols[p[0].from].name),
                        &up, err);
        if (!st) {
            db_bind_int(up, 1, new_id(tb, p[1].from));
            db_bind_int(up, 2, p[0].to);
            st = db_step(up, &out_row, err);
        }
        db_finalize(up);
    }
done:
    db_finalize(q);
    db_finalize(ins);
    return st;
}

/* The copied commune joins the destination's row of its city (made when missing), so that the
 * city's officers read it (store_city.h). */
static td_status link_city(store *to, arena *a, td_id commune_id, td_error *err)
{
    db_stmt *q = NULL;
    bool row = false;
    const char *name = NULL;
    td_id city_id = 0;
    td_status st = q_prepare(to, &q, err, "SELECT city FROM commune WHERE id = ?", "i", commune_id);
    if (!st)
        st = db_step(q, &row, err);
    if (!st && row)
        name = col_text(a, q, 0);
    q_done(to, q);
    if (!st && name)
        st = store_city_ensure(to, name, &city_id, err);
    return st || !city_id ? st : q_exec(to, NULL, err, "UPDATE commune SET city_id = ? WHERE id = ?", "ii", city_id, commune_id);
}

/* The one commune of the source, and the refusal when the destination has it or its accounts. */
static td_status check_target(store *from, store *to, arena *a, store_copy_info *info, td_error *err)
{
    commune *list;
    size_t n;
    td_status st = store_communes_list(from, a, &list, &n, err);
    if (st)
        return st;
    if (n != 1)
        return td_fail(err, TD_ERR_INPUT, "cơ sở dữ liệu nguồn có %zu xã; chỉ chép được cơ sở dữ liệu của đúng một xã", n);
    info->commune_code = list[0].code;
    info->commune_name = list[0].name;
    td_id there = 0;
    st = q_exec(to, &there, err, "SELECT id FROM commune WHERE code = ?", "t", list[0].code);
    if (!st && there)
        return td_fail(err, TD_ERR_CONFLICT, "%s (mã %s) đã có trong cơ sở dữ liệu đích; không chép gì cả", list[0].name,
                       list[0].code);
    user *users;
    st = st ? st : store_users_list(from, a, &users, &n, err);
    for (size_t i = 0; !st && i < n; i++) {
        st = q_exec(to, &there, err, "SELECT id FROM app_user WHERE username = ?", "t", users[i].username);
        if (!st && there)
            return td_fail(err, TD_ERR_CONFLICT,
                           "tên đăng nhập \"%s\" của %s đã có người dùng ở xã khác trong cơ sở dữ liệu đích; hãy đổi "
                           "tên tài khoản này rồi chép lại (không chép gì cả)",
                           users[i].username, list[0].name);
    }
    return st;
}

td_status store_copy_commune(store *from, store *to, arena *a, store_copy_info *info, td_error *err)
{
    struct table *t = NULL;
    size_t n = 0;
    td_status st;
    *info = (store_copy_info){0};
    if (strcmp(db_backend(from->db), "sqlite") != 0)
        return td_fail(err, TD_ERR_INPUT, "nguồn phải là tệp cơ sở dữ liệu SQLite của một xã");
    st = read_tables(from->db, a, &t, &n, err);
    if (st)
        return st;
    /* the destination's writers wait: nothing of it changes between the check and the copy */
    st = store_begin(to, err);
    if (st)
        return st;
    st = db_begin(from->db, err);
    if (st) {
        store_rollback(to);
        return st;
    }
    st = check_target(from, to, a, info, err);
    /* every table after the tables it refers to */
    for (size_t copied = 0; !st && copied < n;) {
        size_t before = copied;
        for (size_t k = 0; !st && k < n; k++) {
            bool ready = !t[k].done;
            for (size_t c = 0; ready && c < t[k].n_cols; c++)
                ready = t[k].cols[c].ref < 0 || t[k].cols[c].self_ref || t[t[k].cols[c].ref].done;
            if (!ready)
                continue;
            long rows = 0;
            st = copy_table(from->db, to->db, a, t, n, k, &rows, err);
            t[k].done = true;
            copied++;
            info->rows += rows;
            info->tables += rows > 0;
        }
        if (!st && copied == before)
            st = td_fail(err, TD_ERR_INPUT, "các bảng tham chiếu vòng lẫn nhau; không chép được");
    }
    td_id commune_id = 0;
    const struct table *ct = table_named(t, n, "commune");
    if (!st && ct && ct->n_ids)
        commune_id = ct->ids[0].to;
    if (!st && commune_id)
        st = link_city(to, a, commune_id, err);
    if (!st) {
        json_t *j = json_pack("{s:s, s:I, s:I}", "code", info->commune_code, "tables", (json_int_t)info->tables,
                              "rows", (json_int_t)info->rows);
        char *after = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        if (!after)
            td_oom(64);
        st = store_audit(to, commune_id, "commune.migrate", "commune", commune_id, NULL, after, err);
        free(after);
    }
    db_rollback(from->db);
    return store_finish(to, st, err);
}
