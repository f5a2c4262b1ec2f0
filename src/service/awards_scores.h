/* awards_scores.h — an emulation block's scoring table and its units' scores and ranking for a plan and period.
 * The arithmetic (ranks with ties, classes) is core/scoring's. */
#ifndef TD_SERVICE_AWARDS_SCORES_H
#define TD_SERVICE_AWARDS_SCORES_H

#include "service/awards.h"

td_status awards_blocks(store *s, arena *a, const user *viewer, json_t **out, td_error *err);
td_status awards_scoring_put(store *s, arena *a, const user *viewer, const char *block_code, const json_t *body,
                             json_t **out, td_error *err);
/* The score table of block for plan and period (the ScoreTable shape). */
td_status awards_scores(store *s, arena *a, const user *viewer, td_id plan_id, const char *block_code,
                        const char *period, json_t **out, td_error *err);
/* Enters the points of a manual, bonus or penalty criterion (with its note); *out: the table. */
td_status awards_score_put(store *s, arena *a, const user *viewer, td_id plan_id, const char *block_code,
                           const char *period, const json_t *body, bool is_demo, json_t **out, td_error *err);

#endif
