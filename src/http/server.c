/* server.c — sockets, worker loops, limits and the graceful stop; see server.h.
 *
 * One listening socket is shared by every worker: each worker has its own event_base, its own
 * evhttp accepting on that socket, and its own store (SQLite connections are not shared across
 * threads). SIGINT/SIGTERM reach the main loop, which asks every worker loop to exit after the
 * callbacks in flight; then the threads are joined and each database is closed. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/thread.h>
#include <event2/bufferevent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "answer_cache.h"
#include "api.h"
#include "core/vnum.h"
#include "core/vtext.h"
#include "service/mail.h"
#include "service/records.h"
#include "service/reminders.h"

#define MAX_WORKERS 64
#define MAX_HEADERS_BYTES (16 * 1024)
#define IDLE_SECONDS 30

typedef struct worker {
    const char *web;
    pthread_t thread;
    struct event_base *base;
    struct evhttp *http;
    store *store;
    bool started;
} worker;

static void on_request(struct evhttp_request *req, void *arg)
{
    worker *w = arg;
    api_handle(req, w->store, w->web);
}

/* A worker's loop with epoll's change list: evhttp takes a connection out of the read set while
 * it answers and puts it back, then adds and removes it from the write set; the change list
 * folds those into at most one epoll_ctl per connection and loop turn instead of three or four
 * system calls per request. (Its one caveat, two descriptors of one socket in one loop, never
 * arises: each loop has its own dup of the listening socket and nothing else shared.) */
static struct event_base *new_base(void)
{
    struct event_config *c = event_config_new();
    struct event_base *b = NULL;
    if (c) {
        event_config_set_flag(c, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
        b = event_base_new_with_config(c);
        event_config_free(c);
    }
    return b ? b : event_base_new();
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    event_base_dispatch(w->base);
    vtext_thread_cleanup();
    vnum_thread_cleanup();
    return NULL;
}

/* The reminders' runs: one at a time, each on its own thread with its own connection. */
typedef struct reminder_runner {
    const char *db_path;
    FILE *log;
    pthread_t thread;
    bool started;
    atomic_bool running;
} reminder_runner;

static void *reminders_main(void *arg)
{
    reminder_runner *rr = arg;
    store *s = NULL;
    td_error err = {0};
    json_t *out = NULL;
    arena *a = arena_new();
    td_status st = records_open(rr->db_path, &s, &err);
    if (!st) {
        records_set_actor(s, "server:nhắc hạn");
        st = reminders_run(s, a, NULL, 0, NULL, &out, &err);
    }
    if (st)
        fprintf(rr->log, "thidua: nhắc hạn: %s\n", err.msg);
    else if (json_integer_value(json_object_get(out, "sent")) || json_integer_value(json_object_get(out, "failed")))
        fprintf(rr->log, "thidua: nhắc hạn ngày %s: đã gửi %lld, không gửi được %lld\n",
                json_string_value(json_object_get(out, "as_of")),
                (long long)json_integer_value(json_object_get(out, "sent")),
                (long long)json_integer_value(json_object_get(out, "failed")));
    fflush(rr->log);
    json_decref(out);
    records_close(s);
    arena_free(a);
    vtext_thread_cleanup();
    vnum_thread_cleanup();
    atomic_store(&rr->running, false);
    return NULL;
}

/* On the main loop's timer: starts a run unless the last one is still going (it is then due
 * again at the next tick). */
static void on_remind(evutil_socket_t fd, short what, void *arg)
{
    reminder_runner *rr = arg;
    if (atomic_load(&rr->running))
        return;
    if (rr->started)
        pthread_join(rr->thread, NULL);
    atomic_store(&rr->running, true);
    rr->started = pthread_create(&rr->thread, NULL, reminders_main, rr) == 0;
    if (!rr->started)
        atomic_store(&rr->running, false);
}

typedef struct stopper {
    worker *workers;
    int n;
    struct event_base *main;
} stopper;

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
    stopper *s = arg;
    for (int i = 0; i < s->n; i++)
        event_base_loopexit(s->workers[i].base, NULL);
    event_base_loopexit(s->main, NULL);
}

/* The cores this process may run on (taskset, a container's cpuset), not all the machine's:
 * two loops on one core only take turns, and each turn costs a switch. */
static int cores_available(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

/* Asks every running worker loop to exit after the callbacks in flight, and waits for it. */
static void stop_workers(worker *workers, int n)
{
    for (int i = 0; i < n; i++) {
        if (workers[i].started) {
            event_base_loopexit(workers[i].base, NULL);
            pthread_join(workers[i].thread, NULL);
            workers[i].started = false;
        }
    }
}

td_status server_parse_listen(const char *text, char *host, size_t host_size, int *port, td_error *err)
{
    const char *colon = strrchr(text, ':');
    const char *p = colon ? colon + 1 : text;
    char *end = NULL;
    long v = strtol(p, &end, 10);
    if (!*p || *end || v < 0 || v > 65535)
        return td_fail(err, TD_ERR_USAGE, "--listen: \"%s\" không hợp lệ; cần dạng 127.0.0.1:8080", text);
    size_t hl = colon ? (size_t)(colon - text) : 0;
    if (hl >= host_size)
        return td_fail(err, TD_ERR_USAGE, "--listen: địa chỉ quá dài");
    if (hl)
        memcpy(host, text, hl);
    else
        snprintf(host, host_size, "127.0.0.1");
    if (hl)
        host[hl] = '\0';
    *port = (int)v;
    return TD_OK;
}

static td_status listen_socket(const char *host, int port, evutil_socket_t *out, int *bound, td_error *err)
{
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
        return td_fail(err, TD_ERR_USAGE, "--listen: \"%s\" không phải địa chỉ IPv4", host);
    evutil_socket_t fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    if (fd < 0)
        return td_fail(err, TD_ERR_IO, "không tạo được socket: %s", strerror(errno));
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    /* without TCP_NODELAY a response larger than one segment waits for the client's delayed
     * ACK: 40 ms per request on a keep-alive connection. Set once here: Linux gives it to every
     * socket accepted from this one (no system call per request) */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0 || listen(fd, 511) != 0) {
        int e = errno;
        close(fd);
        return td_fail(err, TD_ERR_IO, "không lắng nghe được trên %s:%d: %s", host, port, strerror(e));
    }
    evutil_make_socket_nonblocking(fd);
    socklen_t len = sizeof sin;
    getsockname(fd, (struct sockaddr *)&sin, &len);
    *bound = ntohs(sin.sin_port);
    *out = fd;
    return TD_OK;
}

td_status server_run(const server_config *cfg, td_error *err)
{
    worker workers[MAX_WORKERS] = {0};
    int n = cfg->threads > 0 ? cfg->threads : cores_available();
    evutil_socket_t fd = -1;
    int port = 0;
    struct event_base *main_base = NULL;
    struct event *sigint = NULL, *sigterm = NULL, *remind = NULL;
    reminder_runner rr = {.db_path = cfg->db_path, .log = cfg->log};
    td_status st;

    if (n < 1)
        n = 1;
    if (n > MAX_WORKERS)
        n = MAX_WORKERS;
    evthread_use_pthreads();
    signal(SIGPIPE, SIG_IGN);
    st = listen_socket(cfg->host, cfg->port, &fd, &port, err);
    if (st) {
        records_close(cfg->first_store);
        return st;
    }
    api_set_secure_cookies(cfg->secure_cookies || getenv("THIDUA_SECURE_COOKIE"));
    main_base = event_base_new();
    if (!main_base)
        st = td_fail(err, TD_ERR_IO, "không khởi tạo được vòng sự kiện HTTP");
    /* each worker accepts as soon as it is ready, the first before the others open their
     * connections: the first answer waits for one worker only */
    for (int i = 0; !st && i < n; i++) {
        worker *w = &workers[i];
        if (i == 0 && cfg->first_store)
            w->store = cfg->first_store;
        else
            st = records_open(cfg->db_path, &w->store, err);
        if (st)
            break;
        records_set_actor(w->store, "api");
        w->web = cfg->web;
        w->base = new_base();
        w->http = w->base ? evhttp_new(w->base) : NULL;
        /* each evhttp closes its socket when freed: give each its own descriptor of it */
        evutil_socket_t mine = dup(fd);
        if (!w->http || mine < 0 || evhttp_accept_socket(w->http, mine) != 0) {
            if (mine >= 0)
                close(mine);
            st = td_fail(err, TD_ERR_IO, "không khởi tạo được vòng sự kiện HTTP");
            break;
        }
        evhttp_set_max_headers_size(w->http, MAX_HEADERS_BYTES);
        evhttp_set_max_body_size(w->http, API_MAX_UPLOAD_BYTES);
        evhttp_set_timeout(w->http, IDLE_SECONDS);
        /* every method reaches the router, which answers 405 in JSON with the methods allowed */
        evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
                                                EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE | EVHTTP_REQ_HEAD |
                                                EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT);
        evhttp_set_gencb(w->http, on_request, w);
        w->started = pthread_create(&w->thread, NULL, worker_main, w) == 0;
        if (i == 0) {
            char shown[512];
            fprintf(cfg->log, "thidua đang phục vụ tại http://%s:%d (%d luồng, cơ sở dữ liệu %s)\n", cfg->host,
                    port, n, records_url_shown(cfg->db_path, shown, sizeof shown));
            fflush(cfg->log);
        }
    }
    if (cfg->first_store && !workers[0].store)
        records_close(cfg->first_store); /* never handed over */
    if (!st) {
        stopper sp = {workers, n, main_base};
        sigint = evsignal_new(main_base, SIGINT, on_signal, &sp);
        sigterm = evsignal_new(main_base, SIGTERM, on_signal, &sp);
        event_add(sigint, NULL);
        event_add(sigterm, NULL);
        if (cfg->remind_every > 0) {
            /* libcurl is set up by the first e-mail sent (mail_send), not here: a server that
             * sends none never loads OpenSSL's tables */
            struct timeval every = {.tv_sec = (time_t)cfg->remind_every * 60}, first = {.tv_sec = REMIND_FIRST_SECONDS};
            remind = event_new(main_base, -1, EV_PERSIST, on_remind, &rr);
            event_add(remind, &every);
            event_base_once(main_base, -1, EV_TIMEOUT, on_remind, &rr, &first);
        }
        event_base_dispatch(main_base);
        stop_workers(workers, n);
        /* a run of the reminders in flight ends within the mail timeouts */
        if (rr.started)
            pthread_join(rr.thread, NULL);
        fprintf(cfg->log, "thidua đã dừng.\n");
        fflush(cfg->log);
    }
    /* the workers already running when a later one could not start stop too */
    stop_workers(workers, n);
    for (int i = 0; i < n; i++) {
        if (workers[i].http)
            evhttp_free(workers[i].http);
        if (workers[i].base)
            event_base_free(workers[i].base);
        records_close(workers[i].store);
    }
    /* after the connections: an answer still being written holds its own reference */
    answer_cache_clear();
    if (sigint)
        event_free(sigint);
    if (sigterm)
        event_free(sigterm);
    if (remind)
        event_free(remind);
    if (main_base)
        event_base_free(main_base);
    if (fd >= 0)
        close(fd);
    return st;
}
