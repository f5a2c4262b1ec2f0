/* dynlib.c — see dynlib.h. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

static bool open_now(dynlib *l)
{
    /* RTLD_LOCAL: the names stay out of the global scope; dlsym on the handle still finds the
     * functions of the libraries it depends on (pangocairo's cairo, pango, gobject) */
    void *h = dlopen(l->file, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(l->why, sizeof l->why, "không nạp được thư viện %s: %s", l->file, dlerror());
        return false;
    }
    for (size_t i = 0; i < l->n; i++) {
        void *f = dlsym(h, l->syms[i].name);
        if (!f) {
            snprintf(l->why, sizeof l->why, "thư viện %s thiếu hàm %s (phiên bản quá cũ?)", l->file, l->syms[i].name);
            return false; /* the handle stays open: nothing of it is called */
        }
        *l->syms[i].slot = f;
    }
    return true;
}

bool dynlib_ready(dynlib *l)
{
    pthread_mutex_lock(&l->lock);
    if (!l->state)
        l->state = open_now(l) ? 1 : -1;
    bool ok = l->state == 1;
    pthread_mutex_unlock(&l->lock);
    return ok;
}
