/* arena.c — bump allocator in chained blocks; see arena.h.
 *
 * Blocks grow geometrically (4 KiB, doubling up to 1 MiB); an allocation larger than a block
 * gets a block of its own, so a large request never wastes the rest of a small block. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_FIRST (4u * 1024u)
#define ARENA_MAX_BLOCK (1024u * 1024u)

struct block {
    struct block *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
    struct block *head;
    size_t next_size, total;
};

_Noreturn void td_oom(size_t size)
{
    fprintf(stderr, "thidua: hết bộ nhớ (cần %zu byte)\n", size);
    abort();
}

arena *arena_new(void)
{
    arena *a = calloc(1, sizeof *a);
    if (!a)
        td_oom(sizeof *a);
    a->next_size = ARENA_FIRST;
    return a;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    struct block *b = a->head;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *arena_alloc(arena *a, size_t size)
{
    size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    struct block *b = a->head;

    if (need < size)
        td_oom(size);
    if (!b || b->size - b->used < need) {
        size_t bsize = need > a->next_size ? need : a->next_size;
        b = malloc(sizeof *b + bsize);
        if (!b)
            td_oom(bsize);
        b->size = bsize;
        b->used = 0;
        if (need > a->next_size && a->head) {
            /* a big one-off: keep the current block in front for later small ones */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
            if (a->next_size < ARENA_MAX_BLOCK)
                a->next_size *= 2;
        }
    }
    void *p = b->data + b->used;
    b->used += need;
    a->total += size;
    memset(p, 0, size);
    return p;
}

void *arena_calloc(arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        td_oom(SIZE_MAX);
    return arena_alloc(a, n * size);
}

void *arena_push(arena *a, void **items, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t more = *cap ? *cap * 2 : 16;
        void *grown = arena_calloc(a, more, size);
        if (*n)
            memcpy(grown, *items, *n * size);
        *items = grown;
        *cap = more;
    }
    return (char *)*items + (*n)++ * size;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        td_oom(0);
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

size_t arena_used(const arena *a)
{
    return a->total;
}
