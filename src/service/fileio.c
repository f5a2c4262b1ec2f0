/* fileio.c — whole-file reads; see fileio.h. */
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

td_status fileio_read(arena *a, const char *path, char **data, size_t *len, td_error *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t cap = 64 * 1024, n = 0;
    char *buf;
    td_status st = TD_OK;

    if (!f)
        return td_fail(err, TD_ERR_IO, "%s: không đọc được tệp: %s", path, strerror(errno));
    buf = arena_alloc(a, cap + 1);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                st = td_fail(err, TD_ERR_IO, "%s: lỗi khi đọc tệp: %s", path, strerror(errno));
            break;
        }
        if (n == cap) {
            if (cap >= FILEIO_MAX_BYTES) {
                st = td_fail(err, TD_ERR_INPUT, "%s: tệp quá lớn (hơn %u MiB)", path, FILEIO_MAX_BYTES >> 20);
                break;
            }
            char *bigger = arena_alloc(a, cap * 2 + 1);
            memcpy(bigger, buf, n);
            buf = bigger;
            cap *= 2;
        }
    }
    if (f != stdin)
        fclose(f);
    if (st)
        return st;
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return TD_OK;
}

td_status fileio_write(const char *path, const char *data, size_t len, td_error *err)
{
    char tmp[4096];
    FILE *f = NULL;
    td_status st = TD_OK;

    /* written beside and renamed: a failed write never leaves half a file under the name */
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return td_fail(err, TD_ERR_IO, "%s: tên tệp quá dài", path);
    f = fopen(tmp, "wb");
    if (!f)
        return td_fail(err, TD_ERR_IO, "%s: không ghi được tệp: %s", path, strerror(errno));
    if (fwrite(data, 1, len, f) != len)
        st = td_fail(err, TD_ERR_IO, "%s: lỗi khi ghi tệp: %s", path, strerror(errno));
    if (fclose(f) != 0 && !st)
        st = td_fail(err, TD_ERR_IO, "%s: lỗi khi ghi tệp: %s", path, strerror(errno));
    if (!st && rename(tmp, path) != 0)
        st = td_fail(err, TD_ERR_IO, "%s: không ghi được tệp: %s", path, strerror(errno));
    if (st)
        remove(tmp);
    return st;
}

char *fileio_dirname(arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return arena_strdup(a, ".");
    if (slash == path)
        return arena_strdup(a, "/");
    return arena_strndup(a, path, (size_t)(slash - path));
}
