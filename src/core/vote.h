/* vote.h — the council's rules (quy chế hội đồng): when a session may vote (quorum) and when a
 * nomination passes, as exact fractions so that the boundaries (exactly 2/3, exactly half) never
 * depend on floating point. Pure. */
#ifndef TD_CORE_VOTE_H
#define TD_CORE_VOTE_H

#include <stdbool.h>

#include "arena.h"
#include "error.h"

typedef struct vote_rule {
    int quorum_num, quorum_den; /* present / members ≥ quorum_num / quorum_den */
    int pass_num, pass_den;     /* yes / base > (or ≥) pass_num / pass_den */
    bool pass_strict;           /* "trên" (more than) rather than "từ … trở lên" (at least) */
    bool pass_of_present;       /* base: those present; false: every member */
} vote_rule;

/* Checks 0 < num ≤ den ≤ 100 for both fractions; TD_ERR_INPUT with the reason. */
td_status vote_rule_validate(const vote_rule *r, td_error *err);

/* The fewest members present that make the quorum. */
int vote_quorum_needed(const vote_rule *r, int members);
bool vote_quorum_met(const vote_rule *r, int members, int present);

/* The tally fits the session: no negative count, and no more ballots than members present. */
td_status vote_tally_validate(int present, int yes, int no, int abstain, td_error *err);

/* Whether yes votes pass the nomination. */
bool vote_passed(const vote_rule *r, int members, int present, int yes);

/* Vietnamese sentences: the rule ("Phiên họp hợp lệ khi …; đề nghị được thông qua khi …"), the
 * quorum ("6/7 thành viên có mặt, đạt tối thiểu 5") and one result ("Thông qua: 5/7 thành viên
 * đồng ý (cần trên 1/2)"). */
char *vote_rule_text(arena *a, const vote_rule *r);
char *vote_quorum_text(arena *a, const vote_rule *r, int members, int present);
char *vote_result_text(arena *a, const vote_rule *r, int members, int present, int yes);

#endif
