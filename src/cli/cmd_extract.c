/* cmd_extract.c — `thidua plan extract`: propose the indicator tree of a plan document. */
#include "cli.h"

td_status cmd_plan_extract(cli *c)
{
    return td_fail(&c->err, TD_ERR_USAGE, "chưa có");
}
