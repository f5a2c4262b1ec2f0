/* cmocka_all.h — the includes cmocka needs before <cmocka.h>, in one place for every test. */
#ifndef TD_CMOCKA_ALL_H
#define TD_CMOCKA_ALL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#endif
