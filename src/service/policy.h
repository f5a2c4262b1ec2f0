/* policy.h — who may do what to which record, decided in one place from the account's
 * commune, unit and role. Every service that reads or writes a record scoped by a commune or a
 * unit asks here; front ends never decide.
 *
 * - A city officer (ROLE_CITY) belongs to a city and no commune: it reads every commune of its
 *   city and writes nothing; a commune of another city does not exist for it.
 * - A record of another commune does not exist for an account: it is answered as "not found",
 *   with the message a missing record gets, so that nothing tells another commune's records
 *   from ones that were never made.
 * - Within its commune, a reporter sees and enters only its own unit's figures; the other roles
 *   see every unit, and admins and officers enter for any unit.
 * - Which roles may call which route at all is the route table's (src/http/router.c).
 * A NULL account is the command line: whoever holds the database file may do everything.
 * Services that read or change a plan's records take the account as `viewer` and ask
 * policy_plan first (evaluation, unit targets, plan documents, workflow, evidence, records). */
#ifndef TD_SERVICE_POLICY_H
#define TD_SERVICE_POLICY_H

#include <stdbool.h>

#include "store/store.h"

/* The account may see records of the commune: its own; a city officer (ROLE_CITY), every commune
 * of its city, to read only (the route table gives the role no writing route). */
bool policy_may_see_commune(store *s, const user *u, td_id commune_id);

/* The city whose communes a city officer reads: TD_ERR_FORBIDDEN for every other account. */
td_status policy_city(const user *u, td_id *city_id, td_error *err);

/* The plan exists for the account: it is of the account's commune. TD_ERR_NOTFOUND otherwise,
 * with the message of a plan that does not exist. */
td_status policy_plan(store *s, const user *u, td_id plan_id, td_error *err);

/* The account (an admin's target) is of the same commune; TD_ERR_NOTFOUND otherwise. */
td_status policy_user(store *s, const user *u, td_id user_id, td_error *err);

/* The evidence file is of the account's commune; TD_ERR_NOTFOUND otherwise. */
td_status policy_evidence(store *s, arena *a, const user *u, td_id evidence_id, td_error *err);

/* The account may create a plan for the commune of that code: its own commune only. An
 * account never makes a plan, or a commune, elsewhere (TD_ERR_FORBIDDEN). */
td_status policy_new_plan(store *s, arena *a, const user *u, const char *commune_code, td_error *err);

/* The account may see the figures of the unit (a reporter: its own unit only). */
bool policy_may_see_unit(const user *u, const char *unit_code);

/* The account may enter, submit or attach files for the unit's figures. */
bool policy_may_enter(const user *u, const char *unit_code);

/* The unit a view of figures is limited to: a reporter's own unit when *unit is NULL; an
 * explicit unit it may not see is TD_ERR_FORBIDDEN with the reason. Others: *unit unchanged. */
td_status policy_scope_unit(const user *u, const char **unit, td_error *err);

/* Reminders before a deadline (service/reminders.h): the units' contacts and the plan's
 * schedule are set by an admin or an officer, the commune's mail server (with its password) by
 * an admin only; TD_ERR_FORBIDDEN with the reason otherwise. */
td_status policy_reminder_settings(const user *u, bool mail_server, td_error *err);

/* The account may see every unit's reminders and contacts (the office's list): admin, officer,
 * leader. A reporter sees its own unit's banner only. */
bool policy_may_see_reminders(const user *u);

/* Reports (service/report.h, service/report_docs.h). unit_report: a unit's report (unit is its
 * code), else a commune-wide document (the consolidated report, the reminder letter).
 * Reading (downloading, seeing the draft and the issued documents): admins, officers and
 * leaders every report of their commune; a reporter its own unit's report only.
 * Writing (editing the narrative, issuing): admins and officers every report; a reporter drafts
 * and issues its own unit's report; leaders and viewers read only. TD_ERR_FORBIDDEN with the
 * reason otherwise. */
td_status policy_report_read(const user *u, bool unit_report, const char *unit, td_error *err);
td_status policy_report_write(const user *u, bool unit_report, const char *unit, td_error *err);

/* ---- emulation and awards (issue 16) ---- */

/* The commune whose awards the account works on: its own; the command line (NULL) works on the
 * database's first commune. A city officer (no commune) is TD_ERR_FORBIDDEN: it reads the
 * communes' public pages. */
td_status policy_awards_commune(store *s, const user *u, td_id *commune_id, td_error *err);

/* The account may propose an award in the name of the unit, and see what that unit proposed:
 * admins and officers for any unit, a reporter for its own; leaders and viewers read only. */
bool policy_may_propose(const user *u, const char *unit_code);

/* The account signs for the chairman: it may issue or revoke a decision (a leader, an admin). */
bool policy_may_sign(const user *u);

#endif
