/* cmd_init.c — `thidua init [--demo]`: create or upgrade the database, load the demo. */
#include <stdio.h>

#include "cli.h"
#include "service/accounts.h"
#include "service/awards_demo.h"
#include "service/planload.h"
#include "service/records.h"

td_status cmd_init(cli *c)
{
    store *s;
    planload_summary sum;
    td_status st = cli_store(c, &s);

    if (st)
        return st;
    fprintf(c->out, "Cơ sở dữ liệu: %s (lược đồ v%d)\n", cli_db_shown(c), records_schema_version(s));
    if (!c->demo)
        return TD_OK;
    st = planload_demo(s, &sum, &c->err);
    if (st)
        return st;
    fprintf(c->out,
            "Đã nạp kế hoạch số %lld: %zu chỉ tiêu (%zu mục tiêu lá), %zu đơn vị, %zu khối thi đua, %zu số "
            "liệu.\n",
            (long long)sum.plan_id, sum.indicators, sum.leaf_targets, sum.units, sum.blocks, sum.values);
    if (sum.label[0])
        fprintf(c->out, "Lưu ý: %s\n", sum.label);
    awards_demo_summary aw;
    if ((st = awards_demo(s, sum.plan_id, &aw, &c->err)))
        return st;
    fprintf(c->out, "Ví dụ khen thưởng: %zu đề nghị, quyết định %s tặng Giấy khen cho %zu tập thể, cá nhân.\n",
            aw.nominations, aw.decision_number, aw.awardees);
    fprintf(c->out, "Lưu ý: %s\n", aw.label);
    fprintf(c->out, "Tài khoản minh họa (mật khẩu: %s):\n", ACCOUNTS_DEMO_PASSWORD);
    return accounts_add_demo(s, c->out, &c->err);
}
