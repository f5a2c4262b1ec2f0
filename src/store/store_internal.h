/* store_internal.h — what the store's files share and nothing above the store sees: the
 * connection with its statement cache, and the query helpers every aggregate's file uses.
 *
 * The store is split by aggregate (store.c opens, migrates and runs transactions; each
 * store_<aggregate>.c holds the SQL of one aggregate). A new aggregate gets its own file. */
#ifndef TD_STORE_INTERNAL_H
#define TD_STORE_INTERNAL_H

#include <stdarg.h>

#include "db.h"
#include "store.h"
#include "store_state.h"

#define STMT_CACHE 80

struct store {
    db *db;
    char *path; /* the SQLite file, NULL for another backend */
    int version;
    const char *actor;
    char actor_buf[128];
    struct {
        const char *sql;
        db_stmt *stmt;
    } cache[STMT_CACHE];
    struct store_memo *memo; /* store_memo.c; NULL until a request used it */
};

/* What a request reads every time, kept between requests (store_memo.h). memo_own is the
 * connection's own-write count, read before the query whose result is kept under it; the
 * lookups answer false outside a request or when the entry may have changed. */
uint64_t memo_own(store *s);
bool memo_armed(store *s);
bool memo_user(store *s, arena *a, const char *token_hash, user *out);
void memo_keep_user(store *s, const char *token_hash, uint64_t own, const user *u);
bool memo_plan(store *s, td_id plan_id, plan_state *out);
void memo_keep_plan(store *s, uint64_t own, const plan_state *ps);

/* The time now as the store writes it (UTC, ISO 8601): passed to SQL from C, so that no
 * statement depends on one backend's date functions. */
void now_iso(char buf[32]);
/* The time seconds from now (negative: ago), written like now_iso. */
void iso_after(char buf[32], long seconds);
/* The moment day ("YYYY-MM-DD", a day in Vietnam, UTC+7) plus add_days begins, written like
 * now_iso, so that a day filter compares times as text on every backend; false when day is not
 * a date. */
bool vn_day_start(const char *day, int add_days, char buf[32]);

/* Prepares (or takes from the cache) sql and binds arguments by types:
 * 'i' int64_t, 'I' td_id where 0 binds NULL, 'd' double, 'D' bool has + double (NULL when
 * !has), 't' const char * (NULL binds NULL), 'b' bool as 0/1. sql must be a string literal:
 * the cache is keyed by its address. */
td_status q_vprepare(store *s, db_stmt **out, td_error *err, const char *sql, const char *types, va_list ap);
td_status q_prepare(store *s, db_stmt **out, td_error *err, const char *sql, const char *types, ...);
/* Returns a statement from q_prepare: cached ones are reset, others finalized. */
void q_done(store *s, db_stmt *stmt);
/* Runs a statement that returns at most one row; *id (if not NULL) receives column 0 of that
 * row, or 0 when there is none. */
td_status q_exec(store *s, td_id *id, td_error *err, const char *sql, const char *types, ...);
/* Column i as text copied into a. */
const char *col_text(arena *a, db_stmt *stmt, int i);

/* A growing array in an arena. */
struct rows {
    void *items;
    size_t n, cap, size;
};
void *rows_push(arena *a, struct rows *r);

/* Runs a list query with one id parameter (none when id is 0) and calls fn for each row. */
typedef void (*row_fn)(arena *a, db_stmt *stmt, void *ctx);
td_status each_row(store *s, arena *a, td_error *err, const char *sql, td_id id, row_fn fn, void *ctx);
/* The same with parameters bound by types (see q_prepare). */
td_status each_row_with(store *s, arena *a, td_error *err, row_fn fn, void *ctx, const char *sql, const char *types,
                        ...);

/* A target from the columns text, op, value, high, unit, change, baseline_year, tolerance
 * starting at column c (the same in indicator and unit_target). */
void read_target(arena *a, db_stmt *stmt, int c, target *t);

/* The id of the org unit with code in the commune (0 when code is NULL); TD_ERR_NOTFOUND when
 * the commune has no such unit. */
td_status q_unit_id(store *s, td_id commune_id, const char *code, td_id *id, td_error *err);

/* A figure as its audit entries show it: the JSON jansson's json_dumps(JSON_COMPACT) writes for
 * {"indicator", "org_unit", "period", "value", "denominator", "text", "note", "evidence",
 * "status", "version", "review_comment"}, byte for byte, written directly (store_values.c). */
char *value_audit_json(arena *a, const data_value *v);
/* The refusal of a write whose figure changed since it was checked (TD_ERR_CONFLICT). */
td_status value_changed(td_error *err, const data_value *v);
/* What q= of the audit trail searches for an entry: its words folded without diacritics. */
const char *audit_search_key(arena *a, const char *actor, const char *action, const char *entity,
                             const char *before, const char *after);

/* Fills in the search key of audit entries written before it existed (store_audit.c); run
 * once per open. */
td_status audit_backfill(store *s, td_error *err);

#endif
