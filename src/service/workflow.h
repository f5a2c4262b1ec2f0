/* workflow.h — the reporting workflow: units enter figures (draft), submit them, the culture &
 * society office approves them or returns them with a comment; approved figures are locked
 * until an officer reopens them. Every step is checked against the user's role and unit and
 * audited in the same transaction; edits carry the version they were made from, and a stale
 * version is refused, never silently overwritten. */
#ifndef TD_WORKFLOW_H
#define TD_WORKFLOW_H

#include <jansson.h>

#include "store/store.h"

/* One figure as a client sends it; value and denominator are written the Vietnamese way
 * ("97,5") or as JSON numbers turned into text by the caller. */
typedef struct value_input {
    const char *indicator, *org_unit, *period, *value, *denominator, *note, *evidence;
    const char *numerator; /* a rate's or a ratio's numerator, with denominator instead of value */
    bool has_version;
    int version; /* the version the edit was made from (0: a new value) */
} value_input;

/* Saves n figures as drafts, all or nothing; a row the same as the stored draft is left alone,
 * so *saved counts what changed (0 when nothing did: not an error). On failure *problems is a
 * JSON array with one {"index", "code", "message"} per bad row, and the status is
 * TD_ERR_FORBIDDEN, TD_ERR_CONFLICT or TD_ERR_INPUT (in that order of precedence). Messages name
 * units, fields and periods as users know them. */
td_status workflow_put(store *s, arena *a, td_id plan_id, const user *u, const value_input *rows, size_t n,
                       size_t *saved, json_t **problems, td_error *err);

typedef enum workflow_action { WF_SUBMIT, WF_APPROVE, WF_RETURN, WF_REOPEN } workflow_action;

bool workflow_action_from_code(const char *code, workflow_action *out);

/* Moves every value of unit for period that the action applies to (submit: drafts and returned;
 * approve and return: submitted; reopen: approved), or, when indicator_code is not
 * NULL, only the value of indicator_code (an officer approves or returns one figure). A return needs a comment. *moved counts them;
 * none is TD_ERR_INPUT with a message saying what state the values are in. */
td_status workflow_transition(store *s, arena *a, td_id plan_id, const user *u, workflow_action action,
                              const char *unit, const char *period_text, const char *indicator_code, const char *comment,
                              size_t *moved, td_error *err);

#endif
