/* vnclock.c — Vietnam's date and time now; see vnclock.h. */
#include "vnclock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/deadline.h"

void vnclock_now(char buf[20])
{
    const char *fixed = getenv("THIDUA_NOW");
    if (fixed && *fixed && instant_vn(fixed, buf))
        return;
    /* time() counts seconds since the epoch in UTC whatever TZ says; the offset is added here,
     * never through localtime (the server's zone is not Vietnam's) */
    epoch_vn((long long)time(NULL), buf);
}

void vnclock_today(char buf[11])
{
    char now[20];
    vnclock_now(now);
    snprintf(buf, 11, "%.10s", now);
}
