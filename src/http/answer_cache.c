/* answer_cache.c — see answer_cache.h.
 *
 * A fixed table of slots chosen by the key's hash: memory stays bounded (ANSWER_SLOTS answers
 * and their compressed copies, a few megabytes) whatever clients ask. Two keys that share a slot
 * evict each other; that costs an engine run, never a wrong answer, because the key and the
 * ETag are both compared. An entry is counted: the table holds one reference and each answer
 * in flight one, so a slot replaced while its bytes are still being written frees nothing early.
 *
 * Each coding's bytes are also written once into an anonymous in-memory file (memfd) and sent
 * from there with sendfile, as nginx sends a static file: the kernel takes the pages as they
 * are instead of copying the bytes from this process into the socket on every request (the
 * largest cost of a kept answer, by perf), for bodies of SENDFILE_MIN_BYTES or more. Where that
 * file cannot be made (no descriptor left), the bytes are sent from memory by reference. */
#define _GNU_SOURCE /* memfd_create */
#include "answer_cache.h"

#include <errno.h>
#include <event2/buffer.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "compress.h"

#define ANSWER_SLOTS 64
#define N_CODINGS 3
/* Below this a body is copied into the socket as before: the copy costs little there, and the
 * descriptors stay few (at most one file per kept answer of this size and coding). */
#define SENDFILE_MIN_BYTES (16 * 1024)

struct cached_answer {
    atomic_int refs;
    char *key;
    char *etag;
    char *bytes[N_CODINGS]; /* by content_coding; NULL until first asked */
    size_t len[N_CODINGS];
    /* the same bytes in a memfd, sent with sendfile; NULL until first sent, or when none could
     * be made (tried once) */
    struct evbuffer_file_segment *seg[N_CODINGS];
    bool seg_tried[N_CODINGS];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static cached_answer *slots[ANSWER_SLOTS];

static void release(cached_answer *c)
{
    if (!c || atomic_fetch_sub(&c->refs, 1) != 1)
        return;
    for (int i = 0; i < N_CODINGS; i++) {
        free(c->bytes[i]);
        /* the memfd closes when the last buffer sending it lets it go */
        if (c->seg[i])
            evbuffer_file_segment_free(c->seg[i]);
    }
    free(c->key);
    free(c->etag);
    free(c);
}

static void release_ref(const void *data, size_t len, void *extra)
{
    (void)data;
    (void)len;
    release(extra);
}

static size_t slot_of(const char *key)
{
    return (size_t)(hash_text(HASH_SEED, key) % ANSWER_SLOTS);
}

/* An in-memory file holding bytes, as a segment libevent sends with sendfile; NULL when the
 * system gives none. */
static struct evbuffer_file_segment *file_of(const char *bytes, size_t len)
{
    int fd = memfd_create("thidua-answer", MFD_CLOEXEC);
    if (fd < 0)
        return NULL;
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, bytes + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return NULL;
        }
        done += (size_t)n;
    }
    struct evbuffer_file_segment *seg = evbuffer_file_segment_new(fd, 0, (ev_off_t)len, EVBUF_FS_CLOSE_ON_FREE);
    if (!seg)
        close(fd);
    return seg;
}

/* What the client accepts for c: a coding only for an answer large enough to be worth it. */
static content_coding coding_for(request *r, const cached_answer *c)
{
    if (c->len[CODING_IDENTITY] < COMPRESS_MIN_BYTES)
        return CODING_IDENTITY;
    return compress_choose(evhttp_find_header(evhttp_request_get_input_headers(r->req), "Accept-Encoding"));
}

/* Sends c (a reference the caller holds, handed to the buffer) in coding; bytes, seg and tried
 * are what the caller read of that coding under the lock (the usual case: all made already, and
 * no other lock taken here). */
static void send_kept(request *r, cached_answer *c, content_coding coding, char *bytes,
                      struct evbuffer_file_segment *seg, bool tried)
{
    if (!bytes && coding == CODING_IDENTITY)
        bytes = c->bytes[CODING_IDENTITY]; /* set before c was shared, never changed */
    if (!bytes) {
        /* compressed outside the lock: another thread may do the same, and one copy is kept */
        char *z = NULL;
        size_t zn = 0;
        if (compress_body(coding, c->bytes[CODING_IDENTITY], c->len[CODING_IDENTITY], false, &z, &zn)) {
            pthread_mutex_lock(&lock);
            if (!c->bytes[coding]) {
                c->bytes[coding] = z;
                c->len[coding] = zn;
                z = NULL;
            }
            bytes = c->bytes[coding];
            pthread_mutex_unlock(&lock);
            free(z);
        } else {
            coding = CODING_IDENTITY;
            bytes = c->bytes[CODING_IDENTITY];
            tried = false;
        }
    }
    if (!tried) {
        pthread_mutex_lock(&lock);
        if (!c->seg_tried[coding]) {
            c->seg_tried[coding] = true;
            c->seg[coding] = c->len[coding] >= SENDFILE_MIN_BYTES ? file_of(bytes, c->len[coding]) : NULL;
        }
        seg = c->seg[coding];
        pthread_mutex_unlock(&lock);
    }
    struct evbuffer *buf = evbuffer_new();
    /* the buffer only ever goes to the socket (evhttp moves its chains to the connection's):
     * libevent may then send the file with sendfile */
    evbuffer_set_flags(buf, EVBUFFER_FLAG_DRAINS_TO_FD);
    /* the segment holds its own reference to the file: c's is let go once the headers are made */
    bool by_file = seg && evbuffer_add_file_segment(buf, seg, 0, (ev_off_t)c->len[coding]) == 0;
    if (!by_file)
        evbuffer_add_reference(buf, bytes, c->len[coding], release_ref, c);
    send_buffer(r, 200, c->etag, compress_name(coding), buf);
    evbuffer_free(buf);
    if (by_file)
        release(c);
}

bool answer_cache_send(request *r, const char *key, const char *etag)
{
    size_t i = slot_of(key);
    cached_answer *c = NULL;
    content_coding coding = CODING_IDENTITY;
    char *bytes = NULL;
    struct evbuffer_file_segment *seg = NULL;
    bool tried = false;
    pthread_mutex_lock(&lock);
    if (slots[i] && strcmp(slots[i]->etag, etag) == 0 && strcmp(slots[i]->key, key) == 0) {
        c = slots[i];
        atomic_fetch_add(&c->refs, 1);
        coding = coding_for(r, c);
        bytes = c->bytes[coding];
        seg = c->seg[coding];
        tried = c->seg_tried[coding];
    }
    pthread_mutex_unlock(&lock);
    if (c)
        send_kept(r, c, coding, bytes, seg, tried);
    return c != NULL;
}

void answer_cache_keep_send(request *r, const char *key, const char *etag, const char *body, size_t len)
{
    cached_answer *c = calloc(1, sizeof *c);
    char *copy = malloc(len ? len : 1);
    if (!c || !copy || !(c->key = strdup(key)) || !(c->etag = strdup(etag))) {
        if (c) {
            free(c->key);
            free(c);
        }
        free(copy);
        send_body(r, 200, body, len, etag);
        return;
    }
    memcpy(copy, body, len);
    c->bytes[CODING_IDENTITY] = copy;
    c->len[CODING_IDENTITY] = len;
    atomic_store(&c->refs, 2); /* the table's and this answer's */
    size_t i = slot_of(key);
    pthread_mutex_lock(&lock);
    cached_answer *old = slots[i];
    slots[i] = c;
    pthread_mutex_unlock(&lock);
    release(old);
    send_kept(r, c, coding_for(r, c), NULL, NULL, false);
}

void answer_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < ANSWER_SLOTS; i++) {
        release(slots[i]);
        slots[i] = NULL;
    }
    pthread_mutex_unlock(&lock);
}
