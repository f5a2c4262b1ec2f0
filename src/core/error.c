/* error.c — td_error helpers; see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

td_status td_fail(td_error *e, td_status status, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        e->status = status;
    }
    return status;
}

void td_error_prefix(td_error *e, const char *fmt, ...)
{
    char old[sizeof e->msg];
    va_list ap;
    int n;

    if (!e)
        return;
    memcpy(old, e->msg, sizeof old);
    va_start(ap, fmt);
    n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    /* the message is cut rather than lost when the two do not fit */
    if (n < 0 || (size_t)n >= sizeof e->msg - 3)
        return;
    size_t at = (size_t)n, room = sizeof e->msg - at - 1;
    if (fmt[0] && fmt[strlen(fmt) - 1] != '\n') {
        memcpy(e->msg + at, ": ", 2);
        at += 2;
        room -= 2;
    }
    size_t len = strnlen(old, room);
    memcpy(e->msg + at, old, len);
    e->msg[at + len] = '\0';
}

int td_exit_code(td_status status)
{
    if (status == TD_OK)
        return 0;
    return status == TD_ERR_USAGE ? 2 : 1;
}
