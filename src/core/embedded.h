/* embedded.h — files compiled into the binary by tools/embed.c (migrations, the default
 * plan). Each generated table ends with an entry whose name is NULL. */
#ifndef TD_EMBEDDED_H
#define TD_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name;
    const char *data; /* NUL-terminated */
    size_t size;
};

#endif
