/* static.c — see static.h.
 *
 * Files under assets/ carry a content hash in their names (Vite builds them so): they are
 * cached for a year as immutable. Everything else, index.html first, is revalidated on every
 * load, so a new version of the app is picked up at once.
 *
 * `make` writes a gzip copy beside each script, style sheet and page (file.js.gz): a client
 * that accepts gzip gets it, a third of the bytes on a commune's phone connection, with no
 * compression work per request. */
#include "static.h"

#include "compress.h"

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
    {".png", "image/png"}, {".jpg", "image/jpeg"}, {".ico", "image/x-icon"},
    {".woff2", "font/woff2"}, {".woff", "font/woff"}, {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json; charset=utf-8"}, {".webmanifest", "application/manifest+json"},
};

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return NULL;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static int open_regular(const char *file, struct stat *st)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool send_file(struct evhttp_request *req, const char *file, const char *type, bool immutable)
{
    struct stat st;
    int fd = -1;
    bool gzipped = false, text = strncmp(type, "text/", 5) == 0 || strncmp(type, "application/json", 16) == 0;
    char gz[PATH_MAX];
    if (text && compress_accepts(evhttp_find_header(evhttp_request_get_input_headers(req), "Accept-Encoding"), "gzip") && (size_t)snprintf(gz, sizeof gz, "%s.gz", file) < sizeof gz) {
        fd = open_regular(gz, &st);
        gzipped = fd >= 0;
    }
    if (fd < 0 && (fd = open_regular(file, &st)) < 0)
        return false;
    struct evkeyvalq *h = evhttp_request_get_output_headers(req);
    evhttp_add_header(h, "Content-Type", type);
    if (text)
        evhttp_add_header(h, "Vary", "Accept-Encoding");
    if (gzipped)
        evhttp_add_header(h, "Content-Encoding", "gzip");
    evhttp_add_header(h, "Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    struct evbuffer *buf = evbuffer_new();
    /* the buffer owns fd from here and closes it */
    evbuffer_add_file(buf, fd, 0, st.st_size);
    evhttp_send_reply(req, 200, NULL, buf);
    evbuffer_free(buf);
    return true;
}

bool static_serve(struct evhttp_request *req, const char *root, const char *path)
{
    char file[PATH_MAX], real[PATH_MAX], real_root[PATH_MAX];
    if (!root || !realpath(root, real_root) || strstr(path, "..") || strchr(path, '\\'))
        return false;
    const char *type = type_of(path);
    if (!type || strcmp(path, "/") == 0) {
        /* a page of the app: its router takes it from index.html */
        if ((size_t)snprintf(file, sizeof file, "%s/index.html", real_root) >= sizeof file)
            return false;
        return send_file(req, file, "text/html; charset=utf-8", false);
    }
    if ((size_t)snprintf(file, sizeof file, "%s%s", real_root, path) >= sizeof file || !realpath(file, real))
        return false;
    size_t rl = strlen(real_root);
    if (strncmp(real, real_root, rl) != 0 || real[rl] != '/')
        return false;
    return send_file(req, real, type, strncmp(path, "/assets/", 8) == 0);
}
