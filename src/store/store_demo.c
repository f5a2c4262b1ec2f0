/* store_demo.c — the generator's direct writes; see store_demo.h. */
#include "store_demo.h"

#include "store_internal.h"

td_status store_demo_value_insert(store *s, td_id indicator_id, td_id org_unit_id, const char *period, double value,
                                  value_status status, const char *at, td_error *err)
{
    return q_exec(s, NULL, err,
                  "INSERT INTO data_value (indicator_id, org_unit_id, period, value, status, version, updated_by, "
                  "updated_at, submitted_at, is_demo) VALUES (?, ?, ?, ?, ?, 1, 'demo', ?, ?, 1)",
                  "iitdttt", indicator_id, org_unit_id, period, value, value_status_code(status), at,
                  status == VALUE_DRAFT ? NULL : at);
}
