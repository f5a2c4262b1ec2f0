/* arena.h — a bump allocator: everything a command or a request builds lives in one arena
 * and is released at once with arena_free. Nothing allocated from an arena is freed alone.
 *
 * Allocation failure is not a recoverable condition here: arena functions abort through one
 * handler (like Redis's zmalloc) instead of returning NULL, so callers never test for NULL. */
#ifndef TD_ARENA_H
#define TD_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);

/* Zeroed memory, aligned for any type. */
void *arena_alloc(arena *a, size_t size);
/* Zeroed array of n elements of size each; aborts on overflow. */
void *arena_calloc(arena *a, size_t n, size_t size);
/* The next slot of a growing array of items of size bytes (*n of *cap used), zeroed; the array
 * moves to a block twice as large when full, so *items changes. */
void *arena_push(arena *a, void **items, size_t *n, size_t *cap, size_t size);
char *arena_strdup(arena *a, const char *s);  /* NULL stays NULL */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Total bytes handed out, for tests and metrics. */
size_t arena_used(const arena *a);

/* The one out-of-memory handler: prints a message and aborts. */
_Noreturn void td_oom(size_t size);

#endif
