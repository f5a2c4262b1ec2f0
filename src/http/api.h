/* api.h — the JSON API under /api/v1, as the server sees it: one entry point and the route
 * table. router.c routes a request to a handler of api_<resource>.c; a handler gets the
 * request, an arena that lives for the request, and its worker's store, and calls the same
 * services as the CLI. */
#ifndef TD_HTTP_API_H
#define TD_HTTP_API_H

#include <event2/http.h>
#include <stdbool.h>
#include <stddef.h>

#include "service/records.h"

/* The largest body a route takes (a JSON document, a plan's file), and the largest libevent reads
 * at all: an evidence file of up to 10 MB (service/evidence.h) with room above it, so that a
 * file a little over the limit is refused with a reason rather than a closed connection. */
#define API_MAX_BODY_BYTES (8 * 1024 * 1024)
#define API_MAX_UPLOAD_BYTES (12 * 1024 * 1024)

/* Handles one request (any path); always sends a response. web_root: the built front end to
 * serve outside /api/ (NULL: none). */
void api_handle(struct evhttp_request *req, store *s, const char *web_root);

/* Whether every session cookie carries Secure (serve --secure-cookies); set before serving. */
void api_set_secure_cookies(bool on);

/* The i-th route of the table the router dispatches on: its method ("GET") and its pattern
 * ("/api/v1/plans/{id}"); false past the last. The OpenAPI test reads the routes from here, so
 * a route added to the table is a route the document must describe. */
bool api_route(size_t i, const char **method, const char **pattern);

#endif
