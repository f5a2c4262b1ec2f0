/* table.h — readable terminal tables of Vietnamese text: columns sized by display width
 * (not bytes: "Nông - lâm - thủy sản" is 21 columns and 27 bytes), long cells wrapped at
 * spaces. */
#ifndef TD_TABLE_H
#define TD_TABLE_H

#include <stdio.h>

#include "core/arena.h"

typedef struct table table;

/* A table with n columns headed by titles; max_width caps the whole line. */
table *table_new(arena *a, size_t n, const char *const *titles, size_t max_width);
/* Adds a row of n cells (NULL prints as empty). The strings must outlive the table. */
void table_row(table *t, const char *const *cells);
void table_print(const table *t, FILE *out);

/* The width of the terminal on fd 1, or $COLUMNS, or 120. */
size_t table_terminal_width(void);

#endif
