/* cmd_backup.c — `thidua backup FILE` and `thidua restore FILE`: a consistent copy of the
 * database while the server runs, and putting one back (service/backup.h). */
#include <stdio.h>

#include "cli.h"
#include "core/vnum.h"
#include "service/backup.h"

/* "540 KB", "1,2 MB": the size the Vietnamese way. */
static const char *size_text(cli *c, long long bytes)
{
    if (bytes < 1024 * 1024)
        return arena_printf(c->a, "%s KB", vnum_format(c->a, (double)bytes / 1024.0, 0));
    return arena_printf(c->a, "%s MB", vnum_format(c->a, (double)bytes / (1024.0 * 1024.0), 1));
}

/* Backup or restore of the database named by --db with the file given, and what was done. */
static td_status backup_or_restore(cli *c, bool restore)
{
    store *s;
    backup_info info;
    td_status st = cli_store(c, &s);
    if (!st)
        st = restore ? backup_restore(s, c->args[0], &info, &c->err) : backup_take(s, c->args[0], &info, &c->err);
    if (st)
        return st;
    if (restore)
        fprintf(c->out, "Đã khôi phục %s từ %s (%s, lược đồ v%d, nay là v%d).\n", c->db_path, c->args[0],
                size_text(c, info.bytes), info.schema_version, info.schema_now);
    else
        fprintf(c->out, "Đã sao lưu %s vào %s (%s, lược đồ v%d); bản sao đã được kiểm tra toàn vẹn.\n", c->db_path,
                c->args[0], size_text(c, info.bytes), info.schema_version);
    return TD_OK;
}

td_status cmd_backup(cli *c)
{
    return backup_or_restore(c, false);
}

td_status cmd_restore(cli *c)
{
    return backup_or_restore(c, true);
}
