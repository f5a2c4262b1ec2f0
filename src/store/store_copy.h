/* store_copy.h — copying one commune's database into another deployment (a commune that kept its
 * own SQLite file joins the city's PostgreSQL database: `thidua migrate`). */
#ifndef TD_STORE_COPY_H
#define TD_STORE_COPY_H

#include "store.h"

typedef struct store_copy_info {
    const char *commune_code, *commune_name; /* the commune copied */
    long tables, rows;                       /* tables that had rows, rows written */
} store_copy_info;

/* Copies every row of from (a SQLite database holding one commune) into to, in one transaction
 * of to: new ids are given and every reference follows them (the foreign keys SQLite declares,
 * and the audit trail's entity ids by their table). Sessions and failed logins are not copied
 * (they are of the moment). Refuses with TD_ERR_CONFLICT, writing nothing, when to already has
 * the commune (its code) or one of its account names; TD_ERR_INPUT when from is not SQLite or
 * holds no commune or several. The copy is audited in to as "commune.migrate". */
td_status store_copy_commune(store *from, store *to, arena *a, store_copy_info *info, td_error *err);

#endif
