/* awards_nominations.h — nominations: proposed by a unit or the office, checked for eligibility (with
 * the reasons) and for a duplicate award, submitted, withdrawn; with their dossier files. */
#ifndef TD_SERVICE_AWARDS_NOMINATIONS_H
#define TD_SERVICE_AWARDS_NOMINATIONS_H

#include "service/awards.h"
#include "service/evidence.h"

td_status awards_nominations(store *s, arena *a, const user *viewer, const char *status, long year,
                             td_id session_id, json_t **out, td_error *err);
/* One nomination with its checks recomputed, its files and its evidence. */
td_status awards_nomination_get(store *s, arena *a, const user *viewer, td_id id, json_t **out, td_error *err);
td_status awards_nomination_create(store *s, arena *a, const user *viewer, const json_t *body, bool is_demo,
                                   json_t **out, td_error *err);
/* proposed → in_review; refused (TD_ERR_INPUT, details in *details) while a check fails. */
td_status awards_nomination_submit(store *s, arena *a, const user *viewer, td_id id, json_t **out,
                                   json_t **details, td_error *err);
/* Changes achievement, form, year or collective_name while the nomination is "proposed"
 * (TD_ERR_CONFLICT after). */
td_status awards_nomination_update(store *s, arena *a, const user *viewer, td_id id, const json_t *body,
                                   json_t **out, td_error *err);
td_status awards_nomination_withdraw(store *s, arena *a, const user *viewer, td_id id, json_t **out,
                                     td_error *err);
/* A dossier file (tờ trình, báo cáo thành tích, biên bản, khác) checked as evidence files are. */
td_status awards_file_attach(store *s, arena *a, const user *viewer, td_id nomination_id, const char *kind,
                             const char *name, const char *declared_type, const unsigned char *data, size_t n,
                             json_t **out, evidence_problem *problem, td_error *err);
td_status awards_file_read(store *s, arena *a, const user *viewer, td_id id, const char **name,
                           const char **content_type, const void **bytes, size_t *size, td_error *err);

#endif
