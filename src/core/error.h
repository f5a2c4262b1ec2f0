/* error.h — the one result type of thidua and the message that travels with it.
 *
 * Every function that can fail returns a td_status and, when it fails, fills a td_error
 * with a Vietnamese message for the user (file, line, field and what was expected).
 * Front ends map the status to an exit code (CLI) or an HTTP status (API) in one place. */
#ifndef TD_ERROR_H
#define TD_ERROR_H

typedef enum td_status {
    TD_OK = 0,
    TD_ERR_USAGE,    /* bad command line: exit code 2 */
    TD_ERR_INPUT,    /* malformed or invalid input file or value */
    TD_ERR_NOTFOUND, /* no such plan, unit, indicator */
    TD_ERR_CONFLICT, /* unique key or version conflict */
    TD_ERR_DB,       /* the database failed */
    TD_ERR_IO,       /* a file could not be read or written */
    TD_ERR_VERSION,  /* a database made by a newer thidua */
    TD_ERR_FORBIDDEN, /* the user's role or unit does not allow it */
    TD_ERR_BUSY,     /* another writer held the database past the busy timeout: try again (HTTP 503) */
    TD_ERR_FULL,     /* the disk (or the database's size limit) is full: nothing was written (HTTP 507) */
    TD_ERR_TOO_LARGE, /* beyond a limit that protects the server (a zip bomb, a huge text): HTTP 413 */
} td_status;

typedef struct td_error {
    td_status status;
    char msg[4096]; /* long enough for a list of bad lines */
} td_error;

/* Records status and message in e (which may be NULL) and returns status, so that a
 * failing path reads `return td_fail(err, TD_ERR_INPUT, "...", ...);`. */
td_status td_fail(td_error *e, td_status status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in e with a context, e.g. the file name. */
void td_error_prefix(td_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 0 for TD_OK, 2 for TD_ERR_USAGE, 1 for every other failure. */
int td_exit_code(td_status status);

#endif
