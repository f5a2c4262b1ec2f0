/* credentials.c — see credentials.h. */
#include "credentials.h"

#include <string.h>
#include <strings.h>

const char *credentials_session_cookie(arena *a, const char *header)
{
    const size_t name_len = strlen(CREDENTIALS_COOKIE "=");
    for (const char *p = header ? strstr(header, CREDENTIALS_COOKIE "=") : NULL; p;
         p = strstr(p + 1, CREDENTIALS_COOKIE "=")) {
        if (p != header && p[-1] != ' ' && p[-1] != ';')
            continue;
        p += name_len;
        size_t n = strcspn(p, "; ");
        return n ? arena_strndup(a, p, n) : NULL;
    }
    return NULL;
}

const char *credentials_bearer(arena *a, const char *header)
{
    if (!header || strncasecmp(header, "Bearer ", 7) != 0)
        return NULL;
    const char *p = header + 7;
    p += strspn(p, " ");
    size_t n = strlen(p);
    while (n && p[n - 1] == ' ')
        n--;
    return n ? arena_strndup(a, p, n) : NULL;
}
