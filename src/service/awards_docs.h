/* awards_docs.h — the award path's Word documents, written with service/docx.h in the layout of
 * an administrative document (Nghị định 30/2020/NĐ-CP), as service/report.c writes reports: the
 * chairman's decision (quyết định khen thưởng) with its list of awardees, and the council's
 * minutes (biên bản họp hội đồng) with the members present, the rule, the quorum and each tally. */
#ifndef TD_SERVICE_AWARDS_DOCS_H
#define TD_SERVICE_AWARDS_DOCS_H

#include <stddef.h>

#include "store/store.h"

/* Decision id as a .docx (a draft carries a blank number and date to be filled when signed).
 * *name: "quyet-dinh-01-QD-UBND-2026.docx". */
td_status awards_decision_docx(store *s, arena *a, const user *viewer, td_id id, char **data, size_t *len,
                               const char **name, td_error *err);
/* The minutes of session id as a .docx. *name: "bien-ban-hop-hoi-dong-ID.docx". */
td_status awards_minutes_docx(store *s, arena *a, const user *viewer, td_id id, char **data, size_t *len,
                              const char **name, td_error *err);

/* The council's tờ trình to the chairman, made from a closed session: the nominations that passed,
 * each with its achievement and result. TD_ERR_CONFLICT while the session is open.
 * *name: "to-trinh-khen-thuong-ID.docx". */
td_status awards_proposal_docx(store *s, arena *a, const user *viewer, td_id id, char **data, size_t *len,
                               const char **name, td_error *err);

#endif
