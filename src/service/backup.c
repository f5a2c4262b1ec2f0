/* backup.c — see backup.h. */
#include "backup.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* Whether path names the database file of s (the same inode, however it is written). */
static bool is_database(store *s, const char *path)
{
    struct stat a, b;
    const char *self = store_path(s);
    return self && stat(self, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

td_status backup_take(store *s, const char *path, backup_info *out, td_error *err)
{
    char tmp[4096];
    td_status st;
    if (is_database(s, path))
        return td_fail(err, TD_ERR_USAGE, "%s là chính cơ sở dữ liệu đang dùng; hãy chọn một tệp khác để sao lưu", path);
    if (snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid()) >= (int)sizeof tmp)
        return td_fail(err, TD_ERR_USAGE, "tên tệp sao lưu quá dài");
    unlink(tmp);
    st = store_backup(s, tmp, err);
    /* the copy is read back before it takes the name: a backup that would not restore is no backup */
    if (!st)
        st = store_inspect(tmp, &out->schema_version, err);
    /* it holds password hashes and sessions: for its owner's eyes only, as the database should be */
    if (!st && chmod(tmp, S_IRUSR | S_IWUSR) != 0)
        st = td_fail(err, TD_ERR_IO, "không đặt được quyền chỉ chủ sở hữu đọc cho tệp sao lưu %s", path);
    if (!st && rename(tmp, path) != 0)
        st = td_fail(err, TD_ERR_IO, "không ghi được tệp sao lưu %s", path);
    if (st) {
        unlink(tmp);
        return st;
    }
    out->bytes = file_size(path);
    return TD_OK;
}

td_status backup_restore(store *s, const char *path, backup_info *out, td_error *err)
{
    if (is_database(s, path))
        return td_fail(err, TD_ERR_USAGE, "%s là chính cơ sở dữ liệu đang dùng; hãy chỉ ra tệp sao lưu", path);
    td_status st = store_inspect(path, &out->schema_version, err);
    if (st)
        return st;
    out->bytes = file_size(path);
    st = store_restore(s, path, err);
    if (st)
        return st;
    out->schema_now = store_schema_version(s);
    json_t *o = json_pack("{s:s, s:i}", "file", path, "schema_version", out->schema_version);
    char *after = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    st = store_begin(s, err);
    if (!st)
        st = store_finish(s, store_audit(s, 0, "database.restore", "database", 0, NULL, after, err), err);
    free(after);
    return st;
}
