/* answer_cache.h — answers kept in memory, shared by the worker threads, each under the key of
 * what was asked and the ETag of the state it was computed from.
 *
 * The ETag is derived from the state (store_state.h) before any work, so a kept answer is valid
 * exactly while its ETag is the one the current state gives: a write anywhere raises the
 * plan's counter, the next request computes a new ETag, misses, and computes the answer again.
 * Answers of other plans stay. A kept answer is sent by reference (no copy), in the coding the
 * client accepts, each coding compressed once, on first demand. */
#ifndef TD_HTTP_ANSWER_CACHE_H
#define TD_HTTP_ANSWER_CACHE_H

#include <stddef.h>

#include "router.h"

typedef struct cached_answer cached_answer;

/* The answer kept under key with this ETag, or NULL. Sends it (200) when found. */
bool answer_cache_send(request *r, const char *key, const char *etag);
/* Keeps body (copied) under key and etag, replacing what the slot held, and sends it (200). */
void answer_cache_keep_send(request *r, const char *key, const char *etag, const char *body, size_t len);
/* Forgets everything (tests, and a server stopping). */
void answer_cache_clear(void);

#endif
