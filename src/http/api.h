/* api.h — the JSON API under /api/v1: routing, the error shape, and the handlers. A handler
 * gets the request, an arena that lives for the request, and its worker's store; it calls the
 * same services as the CLI. */
#ifndef TD_HTTP_API_H
#define TD_HTTP_API_H

#include <event2/http.h>

#include "store/store.h"

/* The largest body a route takes (a JSON document, a plan's file), and the largest libevent reads
 * at all: an evidence file of up to 10 MB (service/evidence.h) with room above it, so that a
 * file a little over the limit is refused with a reason rather than a closed connection. */
#define API_MAX_BODY_BYTES (8 * 1024 * 1024)
#define API_MAX_UPLOAD_BYTES (12 * 1024 * 1024)

/* Handles one request (any path); always sends a response. web_root: the built front end to
 * serve outside /api/ (NULL: none). */
void api_handle(struct evhttp_request *req, store *s, const char *web_root);

/* The routes the API serves, as "METHOD /path/{param}", NULL-terminated (for the OpenAPI
 * document and its test). */
extern const char *const api_routes[];

#endif
