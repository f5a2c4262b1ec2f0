/* dynlib.h — a shared library opened on first use instead of at start-up.
 *
 * The libraries only some commands need (libpq for a PostgreSQL URL, libcurl for e-mail,
 * pango and cairo for certificates) and everything they pull in are ~60 of the ~90 libraries
 * the program would otherwise map and relocate before main(): ~10 ms of every start (B6) and
 * ~6 MB of resident pages, for a server that may never use them. Each user keeps pointers to
 * the functions it calls (declared with __typeof__ from the library's own header, so the
 * types are the header's) and opens the library once, under pthread_once. */
#ifndef TD_DYNLIB_H
#define TD_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

typedef struct dynlib_symbol {
    const char *name;
    void **slot; /* the address of a function pointer, filled by dynlib_open */
} dynlib_symbol;

/* Opens file (a soname such as "libcurl.so.4") and fills every slot with its function of that
 * name, searched in the library and what it depends on. False when the library or one of the
 * functions is missing, with the reason in why (cap bytes). */
bool dynlib_open(const char *file, const dynlib_symbol *syms, size_t n, char *why, size_t cap);

/* One entry of a symbol table: DYNLIB_SYM(curl_easy_init) needs a pointer p_curl_easy_init. */
#define DYNLIB_SYM(f) {#f, (void **)&p_##f}

#endif
