/* reminders.h — reminding the units that have not reported before a deadline: which deadlines
 * are near on a day in Vietnam, which units have not submitted the figures each one awaits, and
 * the e-mails of the office's schedule (src/service/mail.h), each recorded once.
 *
 * The deadlines: the plan's deadline for the units' reports (kind "unit_report": "trước ngày
 * 05/12/2026" in the seed, section V.1 — the figures of the plan's year), and each month's
 * report, due by the 5th of the next month, that day included (as evaluation_completeness
 * counts it — the figures of that month). The commune's own report to the city
 * ("commune_report") is the office's, not a unit's, and reminds no unit.
 *
 * Days are counted to the deadline's last day on time (04/12 for "trước ngày 05/12"): a
 * deadline is near when it is 0 to N days away, N the largest step of the plan's schedule
 * (default 5 and 1). On a day d days before it, the step due is the smallest step ≥ d: a step
 * whose day passed without a reminder (the server was down) is still sent, once, before the
 * deadline; after the last day on time nothing is sent.
 *
 * Units without an e-mail address are listed, not sent to. A reminder is claimed in the log
 * before its e-mail goes (store_reminder_claim, in a write transaction), so that the same
 * deadline, unit and step is never delivered twice, even by two runs at once; a failed one is
 * tried again by the next run. */
#ifndef TD_REMINDERS_H
#define TD_REMINDERS_H

#include <jansson.h>

#include "store/store.h"
#include "store/store_reminders.h"

/* The office's list (docs/api.md "Reminders"): {"as_of", "schedule": {"enabled", "days",
 * "updated_at"}, "smtp_configured", "deadlines": [{"key", "kind": "plan"|"month", "period",
 * "period_label", "due", "last_on_time", "wording", "days_left", "step_days" | null, "units":
 * [{"org_unit", "name", "expected", "missing", "missing_targets": [{"code", "name"}], "contact":
 * {"person", "email", "phone"} | null, "reminders": [{"step_days", "status", "recipient", "at",
 * "error"}]}]}]}. as_of NULL: today in Vietnam. A reporter sees its own unit only. */
td_status reminders_overview(store *s, arena *a, const user *viewer, td_id plan_id, const char *as_of,
                             json_t **out, td_error *err);

/* The banner of a reporter: {"as_of", "items": [{"key", "period", "period_label", "due",
 * "last_on_time", "wording", "days_left", "expected", "missing", "missing_targets"}]}, the near
 * deadlines its unit has not submitted for. Other accounts have no items. */
td_status reminders_banner(store *s, arena *a, const user *viewer, td_id plan_id, const char *as_of,
                           json_t **out, td_error *err);

/* The log of the plan's reminders, newest first: [{"id", "deadline", "period", "period_label",
 * "due", "last_on_time", "org_unit", "org_unit_name", "step_days", "recipient", "status",
 * "status_label", "error", "actor", "at", "finished_at"}]. */
td_status reminders_log(store *s, arena *a, const user *viewer, td_id plan_id, json_t **out, td_error *err);

/* Sends the reminders due on as_of (NULL: today in Vietnam) for plan_id, or for every plan
 * when plan_id is 0 (the command line and the server's timer). *out: {"as_of", "plans":
 * [{"plan_id", "enabled", "smtp_configured", "sent", "failed", "items": [{"deadline", "period",
 * "due", "org_unit", "name", "step_days", "recipient", "status": "delivered"|"failed"|
 * "no_email", "error"}]}], "sent", "failed"}. A failed e-mail is recorded and the rest go on. */
td_status reminders_run(store *s, arena *a, const user *viewer, td_id plan_id, const char *as_of,
                        json_t **out, td_error *err);

/* The plan's schedule {"enabled", "days", "updated_at"}; set from {"enabled"?, "days"?}: days
 * 1 to 8 whole numbers from 0 to 60, distinct (kept largest first). Admin and officer. */
td_status reminders_schedule_get(store *s, arena *a, const user *viewer, td_id plan_id, json_t **out,
                                 td_error *err);
td_status reminders_schedule_set(store *s, arena *a, const user *viewer, td_id plan_id, json_t *body,
                                 json_t **out, td_error *err);

/* The commune's mail server as the API shows it: {"configured", "url", "sender", "sender_name",
 * "username", "password_set", "ca_file", "updated_at"}, never the password. commune_id is used
 * when viewer is NULL (the command line); an account's is its own. Admin only. */
td_status reminders_smtp_get(store *s, arena *a, const user *viewer, td_id commune_id, json_t **out,
                             td_error *err);
/* Sets it from {"url", "sender", "sender_name"?, "username"?, "password"?, "ca_file"?}: url
 * smtp://host[:port], sender an e-mail address; a password absent (or null) keeps the stored
 * one, "" removes it. */
td_status reminders_smtp_set(store *s, arena *a, const user *viewer, td_id commune_id, json_t *body,
                             json_t **out, td_error *err);

/* Every unit of the commune with its contact: [{"org_unit", "name", "person", "email",
 * "phone", "updated_at"}] in Vietnamese order of name. */
td_status reminders_contacts(store *s, arena *a, const user *viewer, td_id commune_id, json_t **out,
                             td_error *err);
/* Sets the contact of a unit from {"person"?, "email"?, "phone"?} (absent or "" clears a field);
 * an e-mail that is not an address, or a field over 200 characters, is refused. Admin, officer. */
td_status reminders_contact_set(store *s, arena *a, const user *viewer, td_id commune_id, const char *unit,
                                json_t *body, json_t **out, td_error *err);

#endif
