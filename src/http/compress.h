/* compress.h — gzip (zlib) and Brotli for answers the client accepts compressed.
 *
 * A JSON answer below COMPRESS_MIN_BYTES goes as it is: a TCP segment holds it either way, and
 * compressing it would cost more time than it saves bytes. */
#ifndef TD_HTTP_COMPRESS_H
#define TD_HTTP_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>

#define COMPRESS_MIN_BYTES 1024

typedef enum content_coding {
    CODING_IDENTITY,
    CODING_GZIP,
    CODING_BR,
} content_coding;

/* Whether the Accept-Encoding value (NULL: absent) names coding and does not refuse it with q=0. */
bool compress_accepts(const char *accept_encoding, const char *coding);
/* The best coding the client accepts: Brotli, else gzip, else none. */
content_coding compress_choose(const char *accept_encoding);
/* "gzip", "br", or NULL for identity. */
const char *compress_name(content_coding c);
/* Compresses in (n bytes) into a malloc'ed *out; fast: the level for an answer made per request,
 * else the smallest output (an answer kept in memory is compressed once). false on failure. */
bool compress_body(content_coding c, const char *in, size_t n, bool fast, char **out, size_t *out_len);

#endif
