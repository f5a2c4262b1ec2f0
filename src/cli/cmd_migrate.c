/* cmd_migrate.c — `thidua migrate --from FILE.db --to URL`: a commune that kept its own SQLite
 * file joins the city's database (store/store_copy.h). */
#include <jansson.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "core/vnum.h"

td_status cmd_migrate(cli *c)
{
    store *from = NULL, *to = NULL;
    store_copy_info info;
    td_status st;
    if (!c->from)
        return td_fail(&c->err, TD_ERR_USAGE, "migrate cần --from TỆP.db (cơ sở dữ liệu SQLite của xã)");
    /* opening a SQLite path that does not exist would create an empty database */
    if (access(c->from, R_OK) != 0)
        return td_fail(&c->err, TD_ERR_IO, "không đọc được tệp %s", c->from);
    if (c->to)
        c->db_path = c->to;
    st = records_open(c->from, &from, &c->err);
    if (!st)
        st = cli_store(c, &to);
    if (!st)
        st = records_copy_commune(from, to, c->a, &info, &c->err);
    records_close(from);
    if (st)
        return st;
    if (c->json)
        cli_print_json(c, json_pack("{s:s, s:s, s:I, s:I}", "commune", info.commune_code, "name", info.commune_name,
                                    "tables", (json_int_t)info.tables, "rows", (json_int_t)info.rows));
    else
        fprintf(c->out, "Đã chép %s (mã %s) từ %s vào %s: %s dòng của %ld bảng.\n", info.commune_name,
                info.commune_code, c->from, cli_db_shown(c), vnum_format(c->a, (double)info.rows, 0), info.tables);
    return TD_OK;
}
