/* store_reminders.h — the records behind the reminders before a deadline: each unit's contact,
 * the commune's mail server, each plan's reminder schedule, and the log of every reminder sent
 * (src/service/reminders.h decides what is due and sends it).
 *
 * Like the rest of the store, nothing here opens a transaction: the service brackets each
 * change (store_begin / store_commit), and the claim of a reminder is read and written inside
 * the caller's write transaction so that two runs at once cannot both claim it. */
#ifndef TD_STORE_REMINDERS_H
#define TD_STORE_REMINDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* The person a unit's reminders go to. NULL fields are not set. */
typedef struct unit_contact {
    const char *org_unit_code;
    const char *person, *email, *phone;
    const char *updated_at; /* NULL: never set */
} unit_contact;

/* The contacts set in the commune (units without one are absent), in no particular order. */
td_status store_contacts_list(store *s, arena *a, td_id commune_id, unit_contact **out, size_t *n,
                              td_error *err);
/* Sets (or replaces) the contact of the unit c->org_unit_code of the commune; audited as
 * "contact.set" with the contact before and after. TD_ERR_NOTFOUND for an unknown unit. */
td_status store_contact_put(store *s, td_id commune_id, const unit_contact *c, td_error *err);

/* How the commune sends e-mail. password is only ever read to log in to the server. */
typedef struct smtp_settings {
    const char *url;                           /* smtp://host:port */
    const char *sender;                        /* the From address */
    const char *sender_name;                   /* the From name, NULL for none */
    const char *username, *password, *ca_file; /* NULL: none */
    const char *updated_at;
} smtp_settings;

/* *found false (and out zeroed) when the commune has no mail server set. */
td_status store_smtp_get(store *s, arena *a, td_id commune_id, smtp_settings *out, bool *found,
                         td_error *err);
/* Writes the settings; with keep_password the stored password stays (in->password ignored).
 * Audited as "smtp.set" with the settings before and after, the password never: only whether
 * one is set. */
td_status store_smtp_put(store *s, td_id commune_id, const smtp_settings *in, bool keep_password,
                         td_error *err);

#define REMINDER_MAX_STEPS 8

/* When a plan's units are reminded: days[] before each deadline's last day on time, largest
 * first. A plan that never had one set has {enabled, 5, 1}. */
typedef struct reminder_schedule {
    bool enabled;
    int days[REMINDER_MAX_STEPS];
    size_t n_days;
    const char *updated_at; /* NULL: the default */
} reminder_schedule;

td_status store_schedule_get(store *s, arena *a, td_id plan_id, reminder_schedule *out, td_error *err);
/* Audited as "reminder_schedule.set". */
td_status store_schedule_put(store *s, td_id plan_id, const reminder_schedule *in, td_error *err);

/* One reminder attempt as the log holds it. */
typedef struct reminder_record {
    td_id id, plan_id;
    const char *deadline_key; /* "unit_report", "month:2026-11" */
    const char *period;       /* the period whose figures are awaited: "2026", "2026-11" */
    const char *due_on, *last_on_time;
    const char *org_unit_code, *org_unit_name;
    int step_days;
    const char *recipient;
    const char *status; /* "sending", "delivered", "failed" */
    const char *error;  /* the reason of a failure, Vietnamese */
    const char *actor, *claimed_at, *finished_at;
} reminder_record;

/* Claims the reminder r (plan_id, deadline_key, period, due_on, last_on_time, org_unit_code,
 * step_days, recipient) for sending: inside the caller's write transaction, a claim left
 * 'sending' since before stale_before (a run that died) is marked failed first; then, when no
 * row of the same plan, deadline, unit and step is being sent or was delivered, a 'sending' row
 * is written and *claimed is true with r->id set. *claimed false: nothing to send. */
td_status store_reminder_claim(store *s, reminder_record *r, const char *stale_before, bool *claimed,
                               td_error *err);
/* Ends a claimed attempt: delivered, or failed with error. Audited as "reminder.send". */
td_status store_reminder_finish(store *s, td_id commune_id, const reminder_record *r, bool delivered,
                                const char *error, td_error *err);
/* The plan's reminders, newest first; deadline_key NULL: all of them. */
td_status store_reminders_list(store *s, arena *a, td_id plan_id, const char *deadline_key,
                               reminder_record **out, size_t *n, td_error *err);

#endif
