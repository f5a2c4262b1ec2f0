/* table.c — terminal tables; see table.h.
 *
 * Column widths start at the widest cell; while the line is too wide, the widest column
 * gives up a column at a time (never below its title or 8), and its cells wrap. */
#include "table.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/vtext.h"

#define GAP 2

struct table {
    arena *a;
    size_t n, max_width;
    const char *const *titles;
    const char ***rows;
    size_t n_rows, cap;
};

table *table_new(arena *a, size_t n, const char *const *titles, size_t max_width)
{
    table *t = arena_alloc(a, sizeof *t);
    t->a = a;
    t->n = n;
    t->titles = titles;
    t->max_width = max_width;
    return t;
}

void table_row(table *t, const char *const *cells)
{
    if (t->n_rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        const char ***rows = arena_calloc(t->a, cap, sizeof *rows);
        if (t->n_rows)
            memcpy(rows, t->rows, t->n_rows * sizeof *rows);
        t->rows = rows;
        t->cap = cap;
    }
    const char **copy = arena_calloc(t->a, t->n, sizeof *copy);
    for (size_t i = 0; i < t->n; i++)
        copy[i] = cells[i] ? cells[i] : "";
    t->rows[t->n_rows++] = copy;
}

size_t table_terminal_width(void)
{
    struct winsize ws;
    const char *cols = getenv("COLUMNS");
    if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    if (cols && atoi(cols) >= 40)
        return (size_t)atoi(cols);
    return 120;
}

/* The bytes of s that fit in width columns, ending at a space when one is near. */
static size_t wrap_at(const char *s, size_t width, size_t *skip)
{
    size_t n = vtext_prefix_for_width(s, width);
    *skip = 0;
    if (s[n] == '\0')
        return n;
    if (s[n] == ' ') {
        *skip = 1;
        return n;
    }
    for (size_t i = n; i > n / 3; i--) {
        if (s[i - 1] == ' ') {
            *skip = 0;
            return i;
        }
    }
    return n ? n : 1;
}

static void pad(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

void table_print(const table *t, FILE *out)
{
    size_t *w = calloc(t->n, sizeof *w), *minw = calloc(t->n, sizeof *minw), total = 0;
    const char **rest = calloc(t->n, sizeof *rest);

    if (!w || !minw || !rest)
        td_oom(t->n * sizeof *w);
    for (size_t c = 0; c < t->n; c++) {
        w[c] = vtext_width(t->titles[c]);
        minw[c] = w[c] > 8 ? w[c] : 8;
        for (size_t r = 0; r < t->n_rows; r++) {
            size_t cw = vtext_width(t->rows[r][c]);
            if (cw > w[c])
                w[c] = cw;
        }
        total += w[c] + (c ? GAP : 0);
    }
    while (total > t->max_width) {
        size_t widest = 0;
        for (size_t c = 1; c < t->n; c++)
            if (w[c] - minw[c] > w[widest] - minw[widest])
                widest = c;
        if (w[widest] <= minw[widest])
            break;
        w[widest]--;
        total--;
    }
    for (size_t c = 0; c < t->n; c++) {
        fputs(t->titles[c], out);
        if (c + 1 < t->n)
            pad(out, w[c] - vtext_width(t->titles[c]) + GAP);
    }
    fputc('\n', out);
    for (size_t c = 0; c < t->n; c++) {
        for (size_t i = 0; i < w[c]; i++)
            fputs("─", out);
        if (c + 1 < t->n)
            pad(out, GAP);
    }
    fputc('\n', out);
    for (size_t r = 0; r < t->n_rows; r++) {
        bool more = true;
        for (size_t c = 0; c < t->n; c++)
            rest[c] = t->rows[r][c];
        while (more) {
            more = false;
            /* trailing columns that are empty on this visual line print nothing */
            size_t last = 0;
            for (size_t c = 0; c < t->n; c++)
                if (*rest[c])
                    last = c;
            for (size_t c = 0; c <= last; c++) {
                size_t skip, n = wrap_at(rest[c], w[c], &skip);
                fwrite(rest[c], 1, n, out);
                if (c < last)
                    pad(out, w[c] - vtext_width(arena_strndup(t->a, rest[c], n)) + GAP);
                rest[c] += n + skip;
                while (*rest[c] == ' ')
                    rest[c]++;
                more |= *rest[c] != '\0';
            }
            fputc('\n', out);
        }
    }
    free(w);
    free(minw);
    free(rest);
}
