/* secret.c — secrets sealed with a key kept outside the database; see secret.h. */
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEALED_PREFIX "sb1:"
#define KEY_HEX (crypto_secretbox_KEYBYTES * 2)

/* The last key read, by its file: a server reads one database, so one key serves every thread
 * (the reminders' thread and the HTTP workers) without reading the file per secret. A file
 * replaced since (another inode, time or size) is read again. */
static struct {
    pthread_mutex_t lock;
    char path[4096];
    struct stat seen;
    unsigned char key[crypto_secretbox_KEYBYTES];
    bool loaded;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool same_file(const struct stat *x, const struct stat *y)
{
    return x->st_dev == y->st_dev && x->st_ino == y->st_ino && x->st_size == y->st_size &&
           x->st_mtim.tv_sec == y->st_mtim.tv_sec && x->st_mtim.tv_nsec == y->st_mtim.tv_nsec;
}

const char *secret_key_path(arena *a, const store *s)
{
    const char *env = getenv("THIDUA_SECRET_FILE");
    if (env && *env)
        return arena_strdup(a, env);
    const char *db = store_path(s);
    if (db && *db && strcmp(db, ":memory:") != 0)
        return arena_printf(a, "%s.key", db);
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        return arena_printf(a, "%s/thidua/secret.key", xdg);
    return arena_printf(a, "%s/.config/thidua/secret.key", home && *home ? home : ".");
}

static td_status key_read(const char *path, unsigned char key[crypto_secretbox_KEYBYTES], td_error *err)
{
    char hex[KEY_HEX + 2] = {0};
    size_t bin_len = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return td_fail(err, errno == ENOENT ? TD_ERR_NOTFOUND : TD_ERR_IO, "không đọc được tệp khóa bí mật %s: %s",
                       path, strerror(errno));
    size_t n = fread(hex, 1, sizeof hex - 1, f);
    fclose(f);
    while (n > 0 && (hex[n - 1] == '\n' || hex[n - 1] == '\r'))
        hex[--n] = '\0';
    if (n != KEY_HEX || sodium_hex2bin(key, crypto_secretbox_KEYBYTES, hex, n, NULL, &bin_len, NULL) != 0 ||
        bin_len != crypto_secretbox_KEYBYTES)
        return td_fail(err, TD_ERR_INPUT, "tệp khóa bí mật %s không phải một khóa (cần %d chữ số hệ 16)", path,
                       KEY_HEX);
    return TD_OK;
}

/* Makes the folder of path (one level: ~/.config/thidua) when it is missing. */
static void parent_make(const char *path)
{
    char dir[sizeof cache.path];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return;
    *slash = '\0';
    if (mkdir(dir, 0700) != 0 && errno == ENOENT) {
        parent_make(dir);
        mkdir(dir, 0700);
    }
}

/* A new key, written only if no file is there: two processes sealing at once both end up with
 * the one that won (O_EXCL), read back. */
static td_status key_create(const char *path, unsigned char key[crypto_secretbox_KEYBYTES], td_error *err)
{
    char hex[KEY_HEX + 2];
    parent_make(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 && errno == EEXIST)
        return key_read(path, key, err);
    if (fd < 0)
        return td_fail(err, TD_ERR_IO, "không tạo được tệp khóa bí mật %s: %s", path, strerror(errno));
    randombytes_buf(key, crypto_secretbox_KEYBYTES);
    sodium_bin2hex(hex, sizeof hex, key, crypto_secretbox_KEYBYTES);
    strcat(hex, "\n");
    ssize_t w = write(fd, hex, strlen(hex));
    bool ok = w == (ssize_t)strlen(hex) && fsync(fd) == 0;
    close(fd);
    sodium_memzero(hex, sizeof hex);
    if (!ok) {
        unlink(path);
        return td_fail(err, TD_ERR_IO, "không ghi được tệp khóa bí mật %s", path);
    }
    return TD_OK;
}

static td_status key_get(const char *path, bool create, unsigned char key[crypto_secretbox_KEYBYTES], td_error *err)
{
    td_status st = TD_OK;
    if (sodium_init() < 0)
        return td_fail(err, TD_ERR_IO, "không khởi tạo được thư viện mã hóa");
    struct stat now = {0};
    bool there = stat(path, &now) == 0;
    pthread_mutex_lock(&cache.lock);
    if (!cache.loaded || strcmp(cache.path, path) != 0 || !there || !same_file(&cache.seen, &now)) {
        st = key_read(path, cache.key, err);
        if (st == TD_ERR_NOTFOUND && create)
            st = key_create(path, cache.key, err);
        cache.loaded = st == TD_OK && strlen(path) < sizeof cache.path && stat(path, &cache.seen) == 0;
        if (cache.loaded)
            snprintf(cache.path, sizeof cache.path, "%s", path);
    }
    if (!st)
        memcpy(key, cache.key, crypto_secretbox_KEYBYTES);
    pthread_mutex_unlock(&cache.lock);
    return st;
}

td_status secret_seal(arena *a, const store *s, const char *plain, const char **out, td_error *err)
{
    unsigned char key[crypto_secretbox_KEYBYTES];
    size_t n = strlen(plain), len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
    td_status st = key_get(secret_key_path(a, s), true, key, err);
    if (st)
        return st;
    unsigned char *box = arena_alloc(a, len);
    randombytes_buf(box, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n, box, key);
    sodium_memzero(key, sizeof key);
    size_t b64 = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *text = arena_alloc(a, sizeof SEALED_PREFIX + b64);
    memcpy(text, SEALED_PREFIX, sizeof SEALED_PREFIX - 1);
    sodium_bin2base64(text + sizeof SEALED_PREFIX - 1, b64, box, len, sodium_base64_VARIANT_ORIGINAL);
    *out = text;
    return TD_OK;
}

td_status secret_open(arena *a, const store *s, const char *stored, const char **out, td_error *err)
{
    unsigned char key[crypto_secretbox_KEYBYTES];
    const size_t overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    const char *again = "quản trị viên hãy đặt lại mật khẩu máy chủ thư (thidua remind smtp)";
    if (strncmp(stored, SEALED_PREFIX, sizeof SEALED_PREFIX - 1) != 0) {
        *out = arena_strdup(a, stored);
        return TD_OK;
    }
    const char *b64 = stored + sizeof SEALED_PREFIX - 1;
    size_t cap = strlen(b64), len = 0;
    unsigned char *box = arena_alloc(a, cap + 1);
    if (sodium_base642bin(box, cap, b64, cap, NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len < overhead)
        return td_fail(err, TD_ERR_INPUT, "mật khẩu đã lưu bị hỏng; %s", again);
    const char *path = secret_key_path(a, s);
    td_status st = key_get(path, false, key, err);
    if (st)
        return td_fail(err, TD_ERR_INPUT, "không mở được mật khẩu đã lưu: không đọc được tệp khóa %s; %s", path,
                       again);
    char *plain = arena_alloc(a, len - overhead + 1);
    int rc = crypto_secretbox_open_easy((unsigned char *)plain, box + crypto_secretbox_NONCEBYTES,
                                        len - crypto_secretbox_NONCEBYTES, box, key);
    sodium_memzero(key, sizeof key);
    if (rc != 0)
        return td_fail(err, TD_ERR_INPUT,
                       "không mở được mật khẩu đã lưu: tệp khóa %s không phải khóa đã dùng khi lưu; %s", path,
                       again);
    plain[len - overhead] = '\0';
    *out = plain;
    return TD_OK;
}
