/* demo_store.h — a store in a temporary file with the embedded demo plan loaded, for the tests
 * of services that read and write through the store. */
#ifndef TD_DEMO_STORE_H
#define TD_DEMO_STORE_H

#include <stdio.h>
#include <unistd.h>

#include "service/planload.h"
#include "store/store.h"

typedef struct demo_store {
    char path[64];
    store *s;
} demo_store;

/* Opens a new database in /tmp and loads the demo (plan 1); fails the test on error. */
static inline void demo_store_open(demo_store *d)
{
    td_error e = {0};
    planload_summary sum;
    snprintf(d->path, sizeof d->path, "/tmp/thidua-test-%d-XXXXXX", (int)getpid());
    int fd = mkstemp(d->path);
    assert_true(fd >= 0);
    close(fd);
    unlink(d->path);
    if (store_open(d->path, &d->s, &e) != TD_OK || planload_demo(d->s, &sum, &e) != TD_OK)
        fail_msg("%s", e.msg);
}

static inline void demo_store_close(demo_store *d)
{
    char buf[96];
    store_close(d->s);
    unlink(d->path);
    snprintf(buf, sizeof buf, "%s-wal", d->path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", d->path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s.key", d->path); /* service/secret.h's key beside it, if made */
    unlink(buf);
}

#endif
