/* audit.h — the audit trail as people read it: which actions it holds, each with a Vietnamese
 * label, for the filter of the trail's page. Reading the entries is store_audit_list. */
#ifndef TD_AUDIT_H
#define TD_AUDIT_H

#include <jansson.h>

#include "store/store.h"

/* "submit" → "Gửi số liệu"; an action without a label is returned as it is. */
const char *audit_action_label_vi(const char *action);

/* {"items": [{"action", "label", "entities": [...], "count"}]}: every action in the trail of
 * the viewer's commune (NULL: every commune), by action code. The caller owns *out. */
td_status audit_actions(store *s, arena *a, const user *viewer, json_t **out, td_error *err);

#endif
