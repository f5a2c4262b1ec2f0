/* store_reminders.c — the SQL of contacts, the mail server, reminder schedules and the reminder
 * log; see store_reminders.h. */
#include "store_reminders.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static td_status unit_of(store *s, td_id commune_id, const char *code, td_id *id, td_error *err)
{
    td_status st = q_exec(s, id, err, "SELECT id FROM org_unit WHERE commune_id = ? AND code = ?", "it",
                          commune_id, code);
    if (!st && !*id)
        st = td_fail(err, TD_ERR_NOTFOUND, "không có đơn vị với mã \"%s\"", code);
    return st;
}

/* A JSON text for the audit trail; the caller frees it. */
static char *dump(json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(v);
    return text;
}

/* ---- contacts ----------------------------------------------------------------------------- */

static void contact_row(arena *a, db_stmt *stmt, void *ctx)
{
    unit_contact *c = rows_push(a, ctx);
    c->org_unit_code = col_text(a, stmt, 0);
    c->person = col_text(a, stmt, 1);
    c->email = col_text(a, stmt, 2);
    c->phone = col_text(a, stmt, 3);
    c->updated_at = col_text(a, stmt, 4);
}

td_status store_contacts_list(store *s, arena *a, td_id commune_id, unit_contact **out, size_t *n,
                              td_error *err)
{
    struct rows list = {.size = sizeof(unit_contact)};
    td_status st = each_row(s, a, err,
                            "SELECT u.code, c.person, c.email, c.phone, c.updated_at FROM org_unit_contact c "
                            "JOIN org_unit u ON u.id = c.org_unit_id WHERE c.commune_id = ?",
                            commune_id, contact_row, &list);
    *out = list.items;
    *n = list.n;
    return st;
}

static json_t *contact_json(const char *unit, const char *name, const char *email, const char *phone)
{
    return json_pack("{s:s, s:s?, s:s?, s:s?}", "org_unit", unit, "person", name, "email", email, "phone",
                     phone);
}

td_status store_contact_put(store *s, td_id commune_id, const unit_contact *c, td_error *err)
{
    td_id uid = 0;
    char now[32];
    char *bj = NULL, *aj = NULL;
    db_stmt *stmt = NULL;
    bool row = false;
    now_iso(now);
    td_status st = unit_of(s, commune_id, c->org_unit_code, &uid, err);
    if (!st)
        st = q_prepare(s, &stmt, err,
                       "SELECT person, email, phone FROM org_unit_contact WHERE org_unit_id = ?", "i", uid);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row)
        bj = dump(contact_json(c->org_unit_code, db_column_text(stmt, 0), db_column_text(stmt, 1),
                               db_column_text(stmt, 2)));
    q_done(s, stmt);
    if (!st)
        st = q_exec(
            s, NULL, err,
            "INSERT INTO org_unit_contact (org_unit_id, commune_id, person, email, phone, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_unit_id) DO UPDATE SET person = excluded.person, "
            "email = excluded.email, phone = excluded.phone, updated_at = excluded.updated_at",
            "iitttt", uid, commune_id, c->person, c->email, c->phone, now);
    if (!st) {
        aj = dump(contact_json(c->org_unit_code, c->person, c->email, c->phone));
        st = store_audit(s, commune_id, "contact.set", "org_unit_contact", uid, bj, aj, err);
    }
    free(bj);
    free(aj);
    return st;
}

/* ---- the mail server ---------------------------------------------------------------------- */

td_status store_smtp_get(store *s, arena *a, td_id commune_id, smtp_settings *out, bool *found, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    memset(out, 0, sizeof *out);
    td_status st = q_prepare(s, &stmt, err,
                             "SELECT url, sender, sender_name, username, password, ca_file, updated_at "
                             "FROM smtp_setting WHERE commune_id = ?",
                             "i", commune_id);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row) {
        out->url = col_text(a, stmt, 0);
        out->sender = col_text(a, stmt, 1);
        out->sender_name = col_text(a, stmt, 2);
        out->username = col_text(a, stmt, 3);
        out->password = col_text(a, stmt, 4);
        out->ca_file = col_text(a, stmt, 5);
        out->updated_at = col_text(a, stmt, 6);
    }
    q_done(s, stmt);
    *found = !st && row;
    return st;
}

/* What the trail keeps of the settings: everything but the password, of which only whether
 * one is set. */
static char *smtp_audit_json(const smtp_settings *m)
{
    return dump(json_pack("{s:s, s:s, s:s?, s:s?, s:b, s:s?}", "url", m->url, "sender", m->sender,
                          "sender_name", m->sender_name, "username", m->username, "password_set",
                          m->password && *m->password, "ca_file", m->ca_file));
}

td_status store_smtp_put(store *s, td_id commune_id, const smtp_settings *in, bool keep_password,
                         td_error *err)
{
    arena *a = arena_new();
    smtp_settings before;
    bool had = false;
    char now[32];
    char *bj = NULL, *aj = NULL;
    now_iso(now);
    td_status st = store_smtp_get(s, a, commune_id, &before, &had, err);
    smtp_settings after = *in;
    if (keep_password)
        after.password = had ? before.password : NULL;
    if (!st)
        st = q_exec(
            s, NULL, err,
            "INSERT INTO smtp_setting (commune_id, url, sender, sender_name, username, password, ca_file, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (commune_id) DO UPDATE SET "
            "url = excluded.url, sender = excluded.sender, sender_name = excluded.sender_name, "
            "username = excluded.username, password = excluded.password, ca_file = excluded.ca_file, "
            "updated_at = excluded.updated_at",
            "itttttt"
            "t",
            commune_id, after.url, after.sender, after.sender_name, after.username, after.password,
            after.ca_file, now);
    if (!st) {
        bj = had ? smtp_audit_json(&before) : NULL;
        aj = smtp_audit_json(&after);
        st = store_audit(s, commune_id, "smtp.set", "smtp_setting", commune_id, bj, aj, err);
    }
    free(bj);
    free(aj);
    arena_free(a);
    return st;
}

/* ---- schedules ---------------------------------------------------------------------------- */

/* "5,1" → {5, 1}; what cannot be read is left out (the service writes only what it checked). */
static void days_read(const char *text, reminder_schedule *out)
{
    out->n_days = 0;
    while (text && *text && out->n_days < REMINDER_MAX_STEPS) {
        char *end = NULL;
        long v = strtol(text, &end, 10);
        if (end == text)
            break;
        out->days[out->n_days++] = (int)v;
        text = *end == ',' ? end + 1 : end;
    }
}

static void days_write(const reminder_schedule *in, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < in->n_days && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%d", i ? "," : "", in->days[i]);
}

static json_t *schedule_json(const reminder_schedule *in)
{
    json_t *days = json_array();
    for (size_t i = 0; i < in->n_days; i++)
        json_array_append_new(days, json_integer(in->days[i]));
    return json_pack("{s:b, s:o}", "enabled", in->enabled, "days", days);
}

td_status store_schedule_get(store *s, arena *a, td_id plan_id, reminder_schedule *out, td_error *err)
{
    db_stmt *stmt = NULL;
    bool row = false;
    *out = (reminder_schedule){.enabled = true, .days = {5, 1}, .n_days = 2};
    td_status st =
        q_prepare(s, &stmt, err, "SELECT enabled, days, updated_at FROM reminder_schedule WHERE plan_id = ?",
                  "i", plan_id);
    if (!st)
        st = db_step(stmt, &row, err);
    if (!st && row) {
        out->enabled = db_column_int(stmt, 0) != 0;
        days_read(db_column_text(stmt, 1), out);
        out->updated_at = col_text(a, stmt, 2);
    }
    q_done(s, stmt);
    return st;
}

td_status store_schedule_put(store *s, td_id plan_id, const reminder_schedule *in, td_error *err)
{
    arena *a = arena_new();
    reminder_schedule before;
    td_id commune_id = 0;
    char now[32], days[64];
    char *bj = NULL, *aj = NULL;
    now_iso(now);
    days_write(in, days, sizeof days);
    td_status st = store_plan_commune(s, plan_id, &commune_id, err);
    if (!st)
        st = store_schedule_get(s, a, plan_id, &before, err);
    if (!st)
        st = q_exec(s, NULL, err,
                    "INSERT INTO reminder_schedule (plan_id, enabled, days, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (plan_id) DO UPDATE SET enabled = excluded.enabled, days = excluded.days, "
                    "updated_at = excluded.updated_at",
                    "ibtt", plan_id, (int)in->enabled, days, now);
    if (!st) {
        bj = dump(schedule_json(&before));
        aj = dump(schedule_json(in));
        st = store_audit(s, commune_id, "reminder_schedule.set", "reminder_schedule", plan_id, bj, aj, err);
    }
    free(bj);
    free(aj);
    arena_free(a);
    return st;
}

/* ---- the reminder log --------------------------------------------------------------------- */

td_status store_reminder_claim(store *s, reminder_record *r, const char *stale_before, bool *claimed,
                               td_error *err)
{
    td_id commune_id = 0, uid = 0, taken = 0;
    char now[32];
    now_iso(now);
    *claimed = false;
    td_status st = store_plan_commune(s, r->plan_id, &commune_id, err);
    if (!st)
        st = unit_of(s, commune_id, r->org_unit_code, &uid, err);
    /* a claim whose run died never finishes: it frees the reminder for another try */
    if (!st)
        st = q_exec(s, NULL, err,
                    "UPDATE reminder SET status = 'failed', error = ?, finished_at = ? WHERE plan_id = ? AND "
                    "deadline_key = ? AND org_unit_id = ? AND step_days = ? AND status = 'sending' AND "
                    "claimed_at < ?",
                    "ttitiit", "lần gửi bị gián đoạn (máy chủ dừng giữa chừng)", now, r->plan_id,
                    r->deadline_key, uid, (int64_t)r->step_days, stale_before);
    if (!st)
        st = q_exec(s, &taken, err,
                    "SELECT id FROM reminder WHERE plan_id = ? AND deadline_key = ? AND org_unit_id = ? AND "
                    "step_days = ? AND status IN ('sending', 'delivered')",
                    "itii", r->plan_id, r->deadline_key, uid, (int64_t)r->step_days);
    if (!st && !taken) {
        st = q_exec(s, &r->id, err,
                    "INSERT INTO reminder (plan_id, deadline_key, period, due_on, last_on_time, org_unit_id, "
                    "step_days, recipient, status, actor, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                    "'sending', ?, ?) "
                    "RETURNING id",
                    "ittttiittt", r->plan_id, r->deadline_key, r->period, r->due_on, r->last_on_time, uid,
                    (int64_t)r->step_days, r->recipient, s->actor, now);
        *claimed = !st;
        r->claimed_at = NULL;
    }
    return st;
}

td_status store_reminder_finish(store *s, td_id commune_id, const reminder_record *r, bool delivered,
                                const char *error, td_error *err)
{
    char now[32];
    now_iso(now);
    td_status st =
        q_exec(s, NULL, err, "UPDATE reminder SET status = ?, error = ?, finished_at = ? WHERE id = ?",
               "ttti", delivered ? "delivered" : "failed", delivered ? NULL : error, now, r->id);
    if (!st) {
        char *aj = dump(json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s?}", "deadline", r->deadline_key,
                                  "period", r->period, "due", r->due_on, "org_unit", r->org_unit_code,
                                  "step_days", r->step_days, "recipient", r->recipient, "status",
                                  delivered ? "delivered" : "failed", "error", delivered ? NULL : error));
        st = store_audit(s, commune_id, "reminder.send", "reminder", r->id, NULL, aj, err);
        free(aj);
    }
    return st;
}

#define REMINDER_SELECT                                                                                      \
    "SELECT r.id, r.plan_id, r.deadline_key, r.period, r.due_on, r.last_on_time, u.code, u.name, "           \
    "r.step_days, "                                                                                          \
    "r.recipient, r.status, r.error, r.actor, r.claimed_at, r.finished_at "                                  \
    "FROM reminder r JOIN org_unit u ON u.id = r.org_unit_id "

td_status store_reminders_list(store *s, arena *a, td_id plan_id, const char *deadline_key,
                               reminder_record **out, size_t *n, td_error *err)
{
    struct rows list = {.size = sizeof(reminder_record)};
    db_stmt *stmt = NULL;
    bool row = true;
    /* the condition is built here, not as "? IS NULL OR …", which PostgreSQL cannot type */
    td_status st =
        deadline_key
            ? q_prepare(s, &stmt, err,
                        REMINDER_SELECT
                        "WHERE r.plan_id = ? AND r.deadline_key = ? ORDER BY r.claimed_at DESC, r.id DESC",
                        "it", plan_id, deadline_key)
            : q_prepare(s, &stmt, err,
                        REMINDER_SELECT "WHERE r.plan_id = ? ORDER BY r.claimed_at DESC, r.id DESC", "i",
                        plan_id);
    while (!st) {
        st = db_step(stmt, &row, err);
        if (st || !row)
            break;
        reminder_record *r = rows_push(a, &list);
        r->id = db_column_int(stmt, 0);
        r->plan_id = db_column_int(stmt, 1);
        r->deadline_key = col_text(a, stmt, 2);
        r->period = col_text(a, stmt, 3);
        r->due_on = col_text(a, stmt, 4);
        r->last_on_time = col_text(a, stmt, 5);
        r->org_unit_code = col_text(a, stmt, 6);
        r->org_unit_name = col_text(a, stmt, 7);
        r->step_days = (int)db_column_int(stmt, 8);
        r->recipient = col_text(a, stmt, 9);
        r->status = col_text(a, stmt, 10);
        r->error = col_text(a, stmt, 11);
        r->actor = col_text(a, stmt, 12);
        r->claimed_at = col_text(a, stmt, 13);
        r->finished_at = col_text(a, stmt, 14);
    }
    q_done(s, stmt);
    *out = list.items;
    *n = list.n;
    return st;
}
