/* policy.h — who may do what to which record, decided in one place from the account's
 * commune, unit and role. Every service that reads or writes a record scoped by a commune or a
 * unit asks here; front ends never decide.
 *
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

/* The account may see records of the commune (its own). */
bool policy_may_see_commune(const user *u, td_id commune_id);

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

/* Reports (service/report.h, service/report_docs.h). unit_report: a unit's report (unit is its
 * code), else a commune-wide document (the consolidated report, the reminder letter).
 * Reading (downloading, seeing the draft and the issued documents): admins, officers and
 * leaders every report of their commune; a reporter its own unit's report only.
 * Writing (editing the narrative, issuing): admins and officers every report; a reporter drafts
 * and issues its own unit's report; leaders and viewers read only. TD_ERR_FORBIDDEN with the
 * reason otherwise. */
td_status policy_report_read(const user *u, bool unit_report, const char *unit, td_error *err);
td_status policy_report_write(const user *u, bool unit_report, const char *unit, td_error *err);

#endif
