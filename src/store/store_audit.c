/* store_audit.c — the append-only audit trail: writing entries, reading and searching them;
 * see store.h. */
#include <stdlib.h>
#include <string.h>

#include "core/vtext.h"
#include "store_internal.h"

/* ---- audit trail ----------------------------------------------------------------------- */

/* What q= of the audit trail searches: the entry's words folded without diacritics. The words
 * are joined by hand, not by a printf: a bulk import folds one key per figure. */
const char *audit_search_key(arena *a, const char *actor, const char *action, const char *entity,
                             const char *before, const char *after)
{
    const char *part[5] = {actor, action, entity, before, after};
    size_t len[5], total = 0;
    for (int i = 0; i < 5; i++)
        total += len[i] = part[i] ? strlen(part[i]) : 0;
    char *joined = arena_alloc(a, total + 5), *w = joined;
    for (int i = 0; i < 5; i++) {
        if (i)
            *w++ = ' ';
        memcpy(w, part[i] ? part[i] : "", len[i]);
        w += len[i];
    }
    *w = '\0';
    const char *key = vtext_fold(a, joined);
    return key ? key : "";
}

td_status store_audit(store *s, td_id commune_id, const char *action, const char *entity, td_id entity_id,
                      const char *before, const char *after, td_error *err)
{
    char now[32];
    arena *a = arena_new();
    now_iso(now);
    td_status st = q_exec(s, NULL, err,
                          "INSERT INTO audit_log (commune_id, at, actor, action, entity, entity_id, before_json, "
                          "after_json, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          "IttttIttt", commune_id, now, s->actor, action, entity, entity_id, before, after,
                          audit_search_key(a, s->actor, action, entity, before, after));
    arena_free(a);
    return st;
}

td_status store_audit_count(store *s, long *n, td_error *err)
{
    td_id count = 0;
    td_status st = q_exec(s, &count, err, "SELECT COUNT(*) FROM audit_log", "");
    *n = (long)count;
    return st;
}

/* ---- reading the audit trail ------------------------------------------------------------- */

static void audit_row(arena *a, db_stmt *stmt, void *ctx)
{
    audit_entry *e = rows_push(a, ctx);
    e->id = db_column_int(stmt, 0);
    e->at = col_text(a, stmt, 1);
    e->actor = col_text(a, stmt, 2);
    e->action = col_text(a, stmt, 3);
    e->entity = col_text(a, stmt, 4);
    e->entity_id = db_column_is_null(stmt, 5) ? 0 : db_column_int(stmt, 5);
    e->before_json = col_text(a, stmt, 6);
    e->after_json = col_text(a, stmt, 7);
}

/* The conditions of an audit_filter, each skipped when its parameter is NULL (typed by CAST, so
 * that PostgreSQL can type a parameter that is only compared with NULL). from and to are days in
 * Vietnam (UTC+7, core/deadline.h): an entry at 18:00 UTC is on the next day there, so they are
 * passed as the moments those days begin and end (vn_day_start). */
#define AUDIT_WHERE                                                                                          \
    "WHERE (CAST(? AS TEXT) IS NULL OR entity = ?) AND (CAST(? AS TEXT) IS NULL OR actor = ?) "              \
    "AND (CAST(? AS TEXT) IS NULL OR action = ?) AND (CAST(? AS TEXT) IS NULL OR at >= ?) "                  \
    "AND (CAST(? AS TEXT) IS NULL OR at < ?) AND (CAST(? AS TEXT) IS NULL OR search LIKE ? ESCAPE '\\') "   \
    "AND (? = 0 OR commune_id = ?) "

/* "%words%" for LIKE, with LIKE's own characters escaped; NULL when nothing is searched. */
static const char *like_pattern(arena *a, const char *q)
{
    const char *f = q ? vtext_fold(a, q) : NULL;
    if (!f || !*f)
        return NULL;
    char *out = arena_alloc(a, strlen(f) * 2 + 3), *w = out;
    *w++ = '%';
    for (const char *p = f; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            *w++ = '\\';
        *w++ = *p;
    }
    *w++ = '%';
    *w = '\0';
    return out;
}

td_status store_audit_list(store *s, arena *a, const audit_filter *f, long limit, long offset, audit_entry **out,
                           size_t *n, long *total, td_error *err)
{
    struct rows list = {.size = sizeof(audit_entry)};
    db_stmt *stmt = NULL;
    bool row = true;
    td_id count = 0;
    const char *like = like_pattern(a, f->q);
    char from_buf[32], to_buf[32];
    const char *from = vn_day_start(f->from, 0, from_buf) ? from_buf : NULL;
    const char *to = vn_day_start(f->to, 1, to_buf) ? to_buf : NULL;
    td_status st = q_exec(s, &count, err, "SELECT COUNT(*) FROM audit_log " AUDIT_WHERE, "tttttttttttt" "ii",
                          f->entity, f->entity, f->actor, f->actor, f->action, f->action, from, from, to,
                          to, like, like, f->commune_id, f->commune_id);
    if (!st)
        st = q_prepare(s, &stmt, err,
                       "SELECT id, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log "
                       AUDIT_WHERE "ORDER BY id DESC LIMIT ? OFFSET ?",
                       "tttttttttttt" "iiii", f->entity, f->entity, f->actor, f->actor, f->action, f->action,
                       from, from, to, to, like, like, f->commune_id, f->commune_id, (int64_t)limit,
                       (int64_t)offset);
    while (!st) {
        st = db_step(stmt, &row, err);
        if (st || !row)
            break;
        audit_row(a, stmt, &list);
    }
    q_done(s, stmt);
    *out = list.items;
    *n = list.n;
    *total = (long)count;
    return st;
}

static void action_row(arena *a, db_stmt *stmt, void *ctx)
{
    audit_action_count *c = rows_push(a, ctx);
    c->action = col_text(a, stmt, 0);
    c->entity = col_text(a, stmt, 1);
    c->count = (long)db_column_int(stmt, 2);
}

td_status store_audit_actions(store *s, arena *a, td_id commune_id, audit_action_count **out, size_t *n,
                              td_error *err)
{
    struct rows list = {.size = sizeof(audit_action_count)};
    td_status st = each_row(s, a, err,
                            commune_id ? "SELECT action, entity, COUNT(*) FROM audit_log WHERE commune_id = ? "
                                         "GROUP BY action, entity ORDER BY action, entity"
                                       : "SELECT action, entity, COUNT(*) FROM audit_log GROUP BY action, entity "
                                         "ORDER BY action, entity",
                            commune_id, action_row, &list);
    *out = list.items;
    *n = list.n;
    return st;
}

td_status audit_backfill(store *s, td_error *err)
{
    arena *a = arena_new();
    struct rows list = {.size = sizeof(audit_entry)};
    td_status st = each_row(s, a, err,
                            "SELECT id, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log "
                            "WHERE search IS NULL",
                            0, audit_row, &list);
    if (st || !list.n)
        goto done;
    st = store_begin(s, err);
    for (size_t i = 0; !st && i < list.n; i++) {
        const audit_entry *e = (const audit_entry *)list.items + i;
        /* "AND search IS NULL": another connection may have filled it in meanwhile */
        st = q_exec(s, NULL, err, "UPDATE audit_log SET search = ? WHERE id = ? AND search IS NULL", "ti",
                    audit_search_key(a, e->actor, e->action, e->entity, e->before_json, e->after_json), e->id);
    }
    st = store_finish(s, st, err);
done:
    arena_free(a);
    return st;
}
