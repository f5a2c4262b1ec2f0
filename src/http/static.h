/* static.h — the web front end's built files (web/dist): content types, caching headers, the
 * single-page fallback to index.html, and no way out of the root directory. */
#ifndef TD_HTTP_STATIC_H
#define TD_HTTP_STATIC_H

#include <event2/http.h>
#include <stdbool.h>

/* Serves path from root when it names a file there, or index.html for a page of the app (a path
 * without an extension). Returns false when neither applies, so the caller answers 404. */
bool static_serve(struct evhttp_request *req, const char *root, const char *path);

#endif
