/* records.h — the records a front end reads, as the account asking may see them: lists keep
 * only what the policy (policy.h) lets the account see, and a record of another commune is not
 * found. A NULL account is the command line, which sees everything. Front ends call these
 * instead of the store. */
#ifndef TD_SERVICE_RECORDS_H
#define TD_SERVICE_RECORDS_H

#include "store/store.h"
#include "store/store_city.h"
#include "store/store_copy.h"

/* Opens (creating or upgrading) the database at url; see store_open. */
td_status records_open(const char *url, store **out, td_error *err);
void records_close(store *s);

/* The database's URL as it may be printed or logged (its password hidden); see db_url_shown. */
const char *records_url_shown(const char *url, char *buf, size_t cap);

/* Copies the one commune of from (its SQLite database) into to; see store_copy_commune. */
td_status records_copy_commune(store *from, store *to, arena *a, store_copy_info *info, td_error *err);

/* The schema version of the open database (for the health check), and the newest this program
 * knows. */
int records_schema_version(const store *s);
int records_schema_latest(void);

/* Seconds this thread has spent in the database so far (for /metrics). */
double records_db_seconds(void);
/* Brackets one request (store_memo.h): what every request reads (the account behind a token,
 * a plan's state) is kept between requests while nothing was written by anyone. */
void records_request_begin(store *s);
void records_request_end(store *s);

/* Names the account whose changes the audit trail records from now on ("api" between requests). */
void records_set_actor(store *s, const char *actor);

/* The communes the account may see: its own. */
td_status records_communes(store *s, arena *a, const user *u, commune **out, size_t *n, td_error *err);

/* A commune by its code (for the command line's --commune). */
td_status records_commune(store *s, arena *a, const char *code, commune *out, td_error *err);
/* The city named as plans write it ("thành phố Hải Phòng"); TD_ERR_NOTFOUND when none. */
td_status records_city(store *s, arena *a, const char *name, city *out, td_error *err);

/* The plans of the account's commune. */
td_status records_plans(store *s, arena *a, const user *u, plan **out, size_t *n, td_error *err);

/* One plan, not found when of another commune. */
td_status records_plan(store *s, arena *a, const user *u, td_id plan_id, plan **out, td_error *err);

/* The units and the blocks of a plan's commune. */
td_status records_org_units(store *s, arena *a, const user *u, td_id plan_id, org_unit **out, size_t *n,
                            td_error *err);
td_status records_blocks(store *s, arena *a, const user *u, td_id plan_id, block **out, size_t *n,
                         td_error *err);

/* A plan's figures matching f; a reporter's are its own unit's (f->org_unit is set to it, and
 * another unit is TD_ERR_FORBIDDEN). */
td_status records_values(store *s, arena *a, const user *u, value_filter *f, data_value **out, size_t *n,
                         td_error *err);

/* The accounts of the account's commune. */
td_status records_users(store *s, arena *a, const user *u, user **out, size_t *n, td_error *err);

/* The audit trail of the account's commune, newest first, a page at a time. */
td_status records_audit(store *s, arena *a, const user *u, const audit_filter *f, long limit, long offset,
                        audit_entry **out, size_t *n, long *total, td_error *err);

#endif
