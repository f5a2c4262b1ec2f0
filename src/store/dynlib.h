/* dynlib.h — a shared library opened on first use instead of at start-up.
 *
 * The libraries only some commands need (libpq for a PostgreSQL URL, libcurl for e-mail,
 * pango and cairo for certificates) and everything they pull in are ~60 of the ~90 libraries
 * the program would otherwise map and relocate before main(): ~10 ms of every start (B6) and
 * ~8 MB of resident pages, for a server that may never use them. Each user keeps pointers to
 * the functions it calls (declared with __typeof__ from the library's own header, so the types
 * are the header's) in a table, and asks dynlib_ready before its first call. */
#ifndef TD_DYNLIB_H
#define TD_DYNLIB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct dynlib_symbol {
    const char *name;
    void **slot; /* the address of a function pointer, filled when the library is opened */
} dynlib_symbol;

typedef struct dynlib {
    const char *file; /* a soname such as "libcurl.so.4" */
    const dynlib_symbol *syms;
    size_t n;
    pthread_mutex_t lock;
    int state;      /* 0 not tried, 1 ready, -1 missing */
    char why[256];  /* when missing: which library or function, in Vietnamese */
} dynlib;

/* A library with its table: static dynlib lib = DYNLIB("libcurl.so.4", syms); */
#define DYNLIB(file, syms) {file, syms, sizeof syms / sizeof syms[0], PTHREAD_MUTEX_INITIALIZER, 0, ""}
/* A user lists its functions once, as LIST(X) calling X(f) for each, and makes both the pointers
 * (LIST(DYNLIB_DECLARE), before the names are redefined to call through them) and the table
 * ({LIST(DYNLIB_ENTRY)}) from it, so that no pointer is left out of the table and NULL when
 * called. DYNLIB_ENTRY spells f only with # and ##: a name redefined to (*p_f) stays a name. */
#define DYNLIB_DECLARE(f) static __typeof__(f) *p_##f;
#define DYNLIB_ENTRY(f) {#f, (void **)&p_##f},

/* Opens the library the first time (any thread; once), filling every slot with the function of
 * that name, searched in the library and what it depends on. False when the library or one of
 * its functions is missing, the reason then in lib->why. */
bool dynlib_ready(dynlib *lib);

#endif
