/* vote.c — see vote.h. */
#include "vote.h"

td_status vote_rule_validate(const vote_rule *r, td_error *err)
{
    if (r->quorum_num <= 0 || r->quorum_den <= 0 || r->quorum_num > r->quorum_den || r->quorum_den > 100)
        return td_fail(err, TD_ERR_INPUT, "tỷ lệ có mặt tối thiểu phải là một phân số từ trên 0 đến 1 (ví dụ 2/3)");
    if (r->pass_num <= 0 || r->pass_den <= 0 || r->pass_num > r->pass_den || r->pass_den > 100)
        return td_fail(err, TD_ERR_INPUT, "tỷ lệ phiếu thông qua phải là một phân số từ trên 0 đến 1 (ví dụ 1/2)");
    return TD_OK;
}

int vote_quorum_needed(const vote_rule *r, int members)
{
    /* the least p with p × den ≥ num × members */
    long need = ((long)r->quorum_num * members + r->quorum_den - 1) / r->quorum_den;
    return (int)need;
}

bool vote_quorum_met(const vote_rule *r, int members, int present)
{
    return members > 0 && (long)present * r->quorum_den >= (long)r->quorum_num * members;
}

td_status vote_tally_validate(int present, int yes, int no, int abstain, td_error *err)
{
    if (yes < 0 || no < 0 || abstain < 0)
        return td_fail(err, TD_ERR_INPUT, "số phiếu không được âm");
    if ((long)yes + no + abstain > present)
        return td_fail(err, TD_ERR_INPUT, "tổng số phiếu (%ld) nhiều hơn số thành viên có mặt (%d)",
                       (long)yes + no + abstain, present);
    return TD_OK;
}

bool vote_passed(const vote_rule *r, int members, int present, int yes)
{
    long base = r->pass_of_present ? present : members;
    if (base <= 0)
        return false;
    long lhs = (long)yes * r->pass_den, rhs = (long)r->pass_num * base;
    return r->pass_strict ? lhs > rhs : lhs >= rhs;
}

char *vote_rule_text(arena *a, const vote_rule *r)
{
    return arena_printf(a,
                        "Phiên họp hợp lệ khi có ít nhất %d/%d tổng số thành viên hội đồng dự họp; đề nghị được "
                        "thông qua khi số phiếu đồng ý %s %d/%d %s",
                        r->quorum_num, r->quorum_den, r->pass_strict ? "trên" : "từ", r->pass_num, r->pass_den,
                        r->pass_of_present ? (r->pass_strict ? "số thành viên có mặt" : "số thành viên có mặt trở lên")
                                           : (r->pass_strict ? "tổng số thành viên hội đồng"
                                                             : "tổng số thành viên hội đồng trở lên"));
}

char *vote_quorum_text(arena *a, const vote_rule *r, int members, int present)
{
    int need = vote_quorum_needed(r, members);
    return arena_printf(a, "%d/%d thành viên có mặt, %s tối thiểu %d", present, members,
                        vote_quorum_met(r, members, present) ? "đạt" : "chưa đạt", need);
}

char *vote_result_text(arena *a, const vote_rule *r, int members, int present, int yes)
{
    int base = r->pass_of_present ? present : members;
    return arena_printf(a, "%s: %d/%d %s đồng ý (cần %s %d/%d)",
                        vote_passed(r, members, present, yes) ? "Thông qua" : "Không thông qua", yes, base,
                        r->pass_of_present ? "thành viên có mặt" : "thành viên hội đồng",
                        r->pass_strict ? "trên" : "từ", r->pass_num, r->pass_den);
}
