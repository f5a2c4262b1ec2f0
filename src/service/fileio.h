/* fileio.h — reading whole input files, with a size cap, and writing whole output files, for
 * the services and the CLI. */
#ifndef TD_FILEIO_H
#define TD_FILEIO_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

/* Input files larger than this are refused: no plan or value file comes near it. */
#define FILEIO_MAX_BYTES (64u * 1024u * 1024u)

/* Reads path into a (NUL-terminated). "-" reads standard input. */
td_status fileio_read(arena *a, const char *path, char **data, size_t *len, td_error *err);

/* Writes data[0..len) to path, replacing it whole or not at all. */
td_status fileio_write(const char *path, const char *data, size_t len, td_error *err);

/* The directory part of path ("data/plans/x.json" → "data/plans", "x.json" → "."). */
char *fileio_dirname(arena *a, const char *path);

#endif
