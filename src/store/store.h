/* store.h — the storage interface of thidua: everything the services read and write goes
 * through these functions, whatever database is behind them (SQLite or PostgreSQL, see db.h).
 * The SQL lives in one store_<aggregate>.c per aggregate and is portable.
 *
 * Records come back in the caller's arena. Functions that change several rows do not open a
 * transaction of their own: the service calling them brackets the whole change with
 * store_begin / store_commit, so that one bad row leaves nothing written. */
#ifndef TD_STORE_H
#define TD_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/model.h"

typedef struct store store;

/* Opens (creating if needed) and migrates the database at url (see db_open). A database of
 * a newer version is refused with TD_ERR_VERSION. */
td_status store_open(const char *url, store **out, td_error *err);
void store_close(store *s);
int store_schema_version(const store *s);
/* The database file (SQLite); NULL for a server database. */
const char *store_path(const store *s);
/* The newest schema version this binary knows. */
int store_schema_latest(void);

/* Opens a write transaction: the write lock is taken first, so that what the service reads
 * inside it cannot change before it commits. Another writer holding the lock past the busy
 * timeout is TD_ERR_BUSY. */
td_status store_begin(store *s, td_error *err);
td_status store_commit(store *s, td_error *err);
void store_rollback(store *s);
/* Ends the transaction by the outcome of the work in it: commits when st is TD_OK, rolls back
 * otherwise. Returns st, or the commit's failure. */
td_status store_finish(store *s, td_status st, td_error *err);

/* Backup and restore (SQLite; PostgreSQL deployments use pg_dump / pg_restore).
 * store_backup writes to path a copy of the database as it is at one moment, while other
 * connections go on writing. store_inspect reads a database file without changing it: it must
 * pass PRAGMA integrity_check and be a thidua database; *version receives its schema version
 * (TD_ERR_INPUT with the reason otherwise, TD_ERR_VERSION when a newer thidua made it).
 * store_restore replaces the content of s with the (inspected) file at path and migrates it to
 * this binary's schema. */
td_status store_backup(store *s, const char *path, td_error *err);
td_status store_inspect(const char *path, int *version, td_error *err);
td_status store_restore(store *s, const char *path, td_error *err);

/* Who changes things, for the audit trail: a username, or "cli:NAME". Set once per
 * connection (CLI) or per request (server). */
void store_set_actor(store *s, const char *actor);

/* Communes and org units. The upserts match on code (unique within a commune) and update
 * the other fields; *id receives the row id. */
td_status store_commune_upsert(store *s, const commune *c, td_id *id, td_error *err);
td_status store_communes_list(store *s, arena *a, commune **out, size_t *n, td_error *err);
td_status store_commune_find(store *s, arena *a, const char *code, commune *out, td_error *err);
td_status store_org_unit_upsert(store *s, td_id commune_id, const org_unit *u, td_id *id, td_error *err);
/* All units of a commune in Vietnamese order of name. */
td_status store_org_units_list(store *s, arena *a, td_id commune_id, org_unit **out, size_t *n, td_error *err);
/* Upserts the block and replaces its members. */
td_status store_block_upsert(store *s, td_id commune_id, const block *b, td_error *err);
td_status store_blocks_list(store *s, arena *a, td_id commune_id, block **out, size_t *n, td_error *err);

/* Plans. store_plan_insert writes the header and the whole tree; unit codes in it must exist
 * in the commune. */
td_status store_plan_insert(store *s, td_id commune_id, const plan *p, td_id *id, td_error *err);
/* Replaces the header fields and lists (themes, deadlines, movements, phases, tasks, recipients)
 * of plan id with those of p and raises its revision; is_demo and the tree are left alone. */
td_status store_plan_update_header(store *s, td_id id, const plan *p, td_error *err);
/* Writes the tree roots[0..n) into plan plan_id: an indicator whose code the plan has is updated
 * in place (its id, and so its values, stay), the others are inserted; items and responsible
 * units are replaced. Indicators of the plan that the tree lacks are left alone. */
td_status store_plan_write_indicators(store *s, td_id plan_id, const indicator *roots, size_t n, td_error *err);
/* Deletes an indicator with its children, items and values (the caller checks for values first). */
td_status store_indicator_delete(store *s, td_id plan_id, const char *code, td_error *err);
/* The codes of the plan's indicators that have at least one data value, sorted. */
td_status store_indicators_with_values(store *s, arena *a, td_id plan_id, const char ***codes, size_t *n,
                                       td_error *err);
/* Headers only (no tree), in id order. */
td_status store_plans_list(store *s, arena *a, plan **out, size_t *n, td_error *err);
/* The header and the whole tree. TD_ERR_NOTFOUND when there is no such plan. */
td_status store_plan_get(store *s, arena *a, td_id id, plan **out, td_error *err);
/* The commune a plan belongs to. */
td_status store_plan_commune(store *s, td_id plan_id, td_id *commune_id, td_error *err);
/* Replaces the responsible units of an indicator. */
td_status store_indicator_assign(store *s, td_id plan_id, const char *code, const char *const *units, size_t n,
                                 td_error *err);
/* Records the value the city assigned to an "as assigned" target (has false clears it); audited.
 * TD_ERR_INPUT for an indicator whose target already has its own figure. */
td_status store_indicator_set_assigned(store *s, td_id plan_id, const char *code, bool has, double value,
                                       td_error *err);

/* Targets assigned to units (giao chỉ tiêu). store_unit_target_put sets the share of unit on
 * indicator code (inserting or replacing it; a replaced share keeps its demo mark), and
 * store_unit_target_delete removes it (TD_ERR_NOTFOUND when there is none); both are audited,
 * "unit_target.set" / "unit_target.clear", with the share before and after as
 * {"indicator", "org_unit", "target": {…}}. The caller checks the target (the service does). */
td_status store_unit_target_put(store *s, td_id plan_id, const char *code, const char *unit, const target *t,
                                bool is_demo, td_error *err);
td_status store_unit_target_delete(store *s, td_id plan_id, const char *code, const char *unit, td_error *err);

/* Data values. store_value_put inserts or replaces the value of (indicator, unit, period),
 * raises its version and writes an audit entry with the old and new values, in the current
 * transaction. */
td_status store_value_put(store *s, td_id plan_id, const data_value *v, bool is_demo, td_error *err);

/* The state a write was checked against: the stored version (0: no value yet) and the statuses
 * (a mask of 1u << value_status) the value may be in. */
typedef struct value_expect {
    int version;
    unsigned statuses;
} value_expect;

/* store_value_put only if the stored value is still as expected (read and written in the same
 * update); otherwise TD_ERR_CONFLICT and nothing is written. */
td_status store_value_put_if(store *s, td_id plan_id, const data_value *v, const value_expect *expect, td_error *err);

typedef struct value_filter {
    td_id plan_id;         /* required */
    const char *org_unit;  /* code or NULL */
    const char *indicator; /* code or NULL */
    const char *period;    /* exact period code or NULL */
} value_filter;

/* Values in indicator, unit, period order. */
td_status store_values_list(store *s, arena *a, const value_filter *f, data_value **out, size_t *n,
                            td_error *err);

/* Appends to the audit trail (append-only). before/after are JSON texts or NULL. */
td_status store_audit(store *s, td_id commune_id, const char *action, const char *entity, td_id entity_id,
                      const char *before, const char *after, td_error *err);
td_status store_audit_count(store *s, long *n, td_error *err);

/* Accounts. A user belongs to the database's commune; a reporter to exactly one unit. The
 * password is stored as its libsodium Argon2id string; tokens and sessions by their hash. */
td_status store_user_insert(store *s, const user *u, const char *password_hash, td_id *id, td_error *err);
td_status store_users_list(store *s, arena *a, user **out, size_t *n, td_error *err);
/* TD_ERR_NOTFOUND (without a message) when there is no such user. */
td_status store_user_by_name(store *s, arena *a, const char *username, user *out, td_error *err);
td_status store_token_insert(store *s, td_id user_id, const char *name, const char *token_hash, td_error *err);
td_status store_user_by_token(store *s, arena *a, const char *token_hash, user *out, td_error *err);
td_status store_session_insert(store *s, const char *token_hash, td_id user_id, const char *csrf, int seconds,
                               td_error *err);
td_status store_user_by_session(store *s, arena *a, const char *token_hash, user *out, const char **csrf,
                                td_error *err);
td_status store_session_delete(store *s, const char *token_hash, td_error *err);
/* Failed logins, keyed "user:NAME" or "addr:IP": record one; count those of the last seconds. */
td_status store_login_failure(store *s, const char *key, td_error *err);
td_status store_login_failures(store *s, const char *key, int seconds, long *count, td_error *err);

/* One value by its key; TD_ERR_NOTFOUND (without a message) when there is none. */
td_status store_value_get(store *s, arena *a, td_id plan_id, const char *code, const char *unit,
                          const char *period, data_value *out, td_error *err);
/* Moves v (read with store_value_get) to status to, raising its version, with the reviewer's
 * comment; audited as submit / approve / return / reopen. Only when the stored value still has
 * v's version and status: TD_ERR_CONFLICT otherwise, nothing written. */
td_status store_value_set_status(store *s, td_id plan_id, const data_value *v, value_status to, const char *comment,
                                 td_error *err);

/* Which entries of the audit trail to read; a NULL field does not filter. */
typedef struct audit_filter {
    const char *entity; /* "data_value", "plan", … */
    const char *actor;  /* a username, "cli:NAME" */
    const char *action; /* "submit", "plan.update", … */
    const char *from, *to; /* YYYY-MM-DD, days in Vietnam, both included */
    const char *q;      /* text found in the actor, action, entity or details, compared without diacritics */
    td_id commune_id;   /* the entries of this commune only; 0: every entry */
} audit_filter;

/* The audit trail, newest first, a page at a time; *total counts every entry that matches. */
td_status store_audit_list(store *s, arena *a, const audit_filter *f, long limit, long offset, audit_entry **out,
                           size_t *n, long *total, td_error *err);

typedef struct audit_action_count {
    const char *action, *entity;
    long count;
} audit_action_count;

/* The distinct (action, entity) pairs of the trail with their number of entries, by action. */
/* commune_id: the entries of that commune only; 0: every entry. */
td_status store_audit_actions(store *s, arena *a, td_id commune_id, audit_action_count **out, size_t *n,
                              td_error *err);

/* ---- account changes and evidence files ------------------------------------------------- */

/* One user by id; TD_ERR_NOTFOUND (without a message) when there is none. */
td_status store_user_by_id(store *s, arena *a, td_id id, user *out, td_error *err);
/* The commune an account belongs to (0 for a city officer: store_city.h); TD_ERR_NOTFOUND for no account. */
td_status store_user_commune(store *s, td_id id, td_id *commune_id, td_error *err);
/* Writes display_name, role, org_unit_code and disabled of after (matched on after->id; before
 * is the row as read, for the audit entry). Audited as action with both states, never a
 * password hash. TD_ERR_NOTFOUND for an unknown unit, TD_ERR_INPUT for a reporter without one. */
td_status store_user_update(store *s, const user *before, const user *after, const char *action, td_error *err);
/* Replaces the password hash of user id; audited as action (the entry names the account only). */
td_status store_user_set_password(store *s, td_id id, const char *password_hash, const char *action,
                                  td_error *err);
/* Ends the sessions of user id but the one whose hash is keep (NULL: all of them); with
 * revoke_tokens its API tokens are revoked as well. */
td_status store_user_sessions_end(store *s, td_id id, const char *keep, bool revoke_tokens, td_error *err);

/* A file attached to a figure as its proof (a scanned minute, a photo). */
typedef struct evidence_file {
    td_id id, plan_id, commune_id;
    const char *indicator_code, *org_unit_code;
    char period[12];
    const char *name, *content_type, *sha256; /* sha256: 64 lowercase hex digits */
    size_t size;
    const unsigned char *bytes; /* only from store_evidence_get */
    const char *uploaded_by, *uploaded_at;
} evidence_file;

/* Stores f (bytes, name, type, hash, and the figure's key: plan, indicator and unit codes,
 * period) as uploaded now by the current actor, and sets its id, uploaded_by and uploaded_at (in
 * a). Audited without the bytes. */
td_status store_evidence_insert(store *s, arena *a, evidence_file *f, td_error *err);
/* The files of the figures a value_filter selects, without their bytes, in indicator, unit,
 * period, upload order. */
td_status store_evidence_list(store *s, arena *a, const value_filter *f, evidence_file **out, size_t *n,
                              td_error *err);
/* One file with its bytes; TD_ERR_NOTFOUND (without a message) when there is none. */
td_status store_evidence_get(store *s, arena *a, td_id id, evidence_file *out, td_error *err);
/* Removes file f (as read by store_evidence_get); audited as "evidence.delete" with what the
 * file was (name, type, size, hash), so that the trail still says what was attached. */
td_status store_evidence_delete(store *s, const evidence_file *f, td_error *err);

#endif
