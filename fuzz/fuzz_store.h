/* fuzz_store.h — for the targets that need a database: one store per process in a temporary
 * file, with the embedded demo plan (plan 1) loaded, removed at exit. */
#ifndef TD_FUZZ_STORE_H
#define TD_FUZZ_STORE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "service/planload.h"
#include "store/store.h"

static char fuzz_store_path[64];

static void fuzz_store_remove(void)
{
    char buf[96];
    unlink(fuzz_store_path);
    snprintf(buf, sizeof buf, "%s-wal", fuzz_store_path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", fuzz_store_path);
    unlink(buf);
}

/* The store, opened (and the demo loaded) on the first call; aborts when that fails. Never
 * closed: libFuzzer ends the process, and the leak check only looks at each input. */
static store *fuzz_store(void)
{
    static store *s;
    if (s)
        return s;
    td_error e = {0};
    planload_summary sum;
    snprintf(fuzz_store_path, sizeof fuzz_store_path, "/tmp/thidua-fuzz-%d-XXXXXX", (int)getpid());
    int fd = mkstemp(fuzz_store_path);
    if (fd < 0)
        abort();
    close(fd);
    unlink(fuzz_store_path);
    atexit(fuzz_store_remove);
    if (store_open(fuzz_store_path, &s, &e) != TD_OK || planload_demo(s, &sum, &e) != TD_OK) {
        fprintf(stderr, "fuzz store: %s\n", e.msg);
        abort();
    }
    return s;
}

#endif
