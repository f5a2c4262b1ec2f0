/* server.h — the HTTP server: libevent's evhttp, one event loop per core on a shared listening
 * socket, each loop with its own database connection. Routes live in router.c; this module owns
 * the sockets, the threads, the limits and the graceful stop. */
#ifndef TD_HTTP_SERVER_H
#define TD_HTTP_SERVER_H

#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"
#include "service/records.h" /* the database handle a worker is given (records_open) */

typedef struct server_config {
    const char *db_path;
    const char *host; /* "127.0.0.1" */
    int port;         /* 0: any free port */
    int threads;      /* 0: one per core the process may run on (its CPU affinity) */
    const char *web;  /* the built web front end to serve, or NULL */
    FILE *log;        /* where the address and the stop are announced */
    /* the session cookie always carries Secure: the server is reached over HTTPS only (a TLS
     * proxy in front). Without it, Secure is set when the request says it came over HTTPS. */
    bool secure_cookies;
    /* minutes between two runs of the reminders (service/reminders.h), the first
     * REMIND_FIRST_SECONDS after start (not competing with the first requests); 0:
     * none. They run on a thread of their own with its own database connection, so that an
     * e-mail server that is slow never holds an HTTP request. */
    int remind_every;
    /* a connection already opened (and migrated) on db_path, handed to the first worker, which
     * closes it: the check before listening costs no second open; NULL: each opens its own */
    store *first_store;
} server_config;

#define REMIND_FIRST_SECONDS 5

/* Listens, prints "http://HOST:PORT" on cfg->log, and serves until SIGINT or SIGTERM; then
 * finishes the requests in flight, closes every database connection and returns TD_OK. */
td_status server_run(const server_config *cfg, td_error *err);

/* Splits "127.0.0.1:8080" (or ":8080", or "8080") into host and port. */
td_status server_parse_listen(const char *text, char *host, size_t host_size, int *port, td_error *err);

#endif
