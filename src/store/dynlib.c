/* dynlib.c — see dynlib.h. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

bool dynlib_open(const char *file, const dynlib_symbol *syms, size_t n, char *why, size_t cap)
{
    /* RTLD_LOCAL: the names stay out of the global scope; dlsym on the handle still finds the
     * functions of the libraries it depends on (pango's cairo, gobject) */
    void *h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(why, cap, "không nạp được thư viện %s: %s", file, dlerror());
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        void *f = dlsym(h, syms[i].name);
        if (!f) {
            snprintf(why, cap, "thư viện %s thiếu hàm %s (phiên bản quá cũ?)", file, syms[i].name);
            return false; /* the handle stays open: nothing of it is used */
        }
        *syms[i].slot = f;
    }
    return true;
}
