/* vnum.c — Vietnamese numbers through ICU's "vi" number format; see vnum.h.
 *
 * ICU alone is lenient: it reads "8.99" as 899 and stops quietly in "1,2,3". So this file
 * first decides where a number token ends and whether its grouping is well formed (a dot
 * before exactly three digits), and only then hands the token to ICU. */
#include "vnum.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

/* The parser, and one writer per number of decimals: ICU rebuilds a formatter each time one
 * of its attributes is set (even to the value it has), which made setting them on every
 * vnum_format most of the time of a roll-up that writes thousands of reasons (bench B3). */
#define VNUM_FRAC_KEPT 16
static _Thread_local UNumberFormat *tl_format, *tl_writers[VNUM_FRAC_KEPT];

static UNumberFormat *open_vi(void)
{
    UErrorCode st = U_ZERO_ERROR;
    UNumberFormat *f = unum_open(UNUM_DECIMAL, NULL, 0, "vi", NULL, &st);
    if (U_FAILURE(st))
        abort(); /* ICU data missing: a broken installation, not a user error */
    return f;
}

static UNumberFormat *format(void)
{
    if (!tl_format)
        tl_format = open_vi();
    return tl_format;
}

/* A writer with at most max_frac decimals, none forced, thousands grouped. */
static UNumberFormat *writer(int max_frac)
{
    UNumberFormat **slot = max_frac < VNUM_FRAC_KEPT ? &tl_writers[max_frac] : &tl_writers[VNUM_FRAC_KEPT - 1];
    if (!*slot || max_frac >= VNUM_FRAC_KEPT - 1) {
        if (!*slot)
            *slot = open_vi();
        unum_setAttribute(*slot, UNUM_MIN_FRACTION_DIGITS, 0);
        unum_setAttribute(*slot, UNUM_MAX_FRACTION_DIGITS, max_frac);
        unum_setAttribute(*slot, UNUM_GROUPING_USED, 1);
    }
    return *slot;
}

void vnum_thread_cleanup(void)
{
    if (tl_format) {
        unum_close(tl_format);
        tl_format = NULL;
    }
    for (int i = 0; i < VNUM_FRAC_KEPT; i++)
        if (tl_writers[i]) {
            unum_close(tl_writers[i]);
            tl_writers[i] = NULL;
        }
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* s[i], or NUL at and beyond len: vnum_parse's text is s[0..len), not NUL-terminated (a CSV
 * field, a slice of a line), and must not be read past its end. */
static char at(const char *s, size_t len, size_t i)
{
    return i < len ? s[i] : '\0';
}

static size_t run_of_digits(const char *s, size_t len, size_t from)
{
    size_t n = 0;
    while (is_digit(at(s, len, from + n)))
        n++;
    return n;
}

/* The length of the number token at s[0..len) (digits first), or 0. */
static size_t token(const char *s, size_t len)
{
    size_t n = run_of_digits(s, len, 0);
    if (n == 0)
        return 0;
    /* thousands groups: only after a leading run of 1–3 digits, each exactly three digits */
    if (n <= 3) {
        while (at(s, len, n) == '.' && run_of_digits(s, len, n + 1) == 3)
            n += 4;
    }
    /* the decimal part: a comma followed by digits */
    if (at(s, len, n) == ',' && is_digit(at(s, len, n + 1)))
        n += 1 + run_of_digits(s, len, n + 1);
    return n;
}

static double icu_parse(const char *s, size_t len, int32_t *used)
{
    UChar buf[64];
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    double v;

    u_strFromUTF8(buf, 64, &n, s, (int32_t)len, &st);
    if (U_FAILURE(st) || n >= 64) {
        *used = 0;
        return 0;
    }
    *used = 0;
    v = unum_parseDouble(format(), buf, n, used, &st);
    if (U_FAILURE(st))
        *used = 0;
    else if (*used == n)
        *used = (int32_t)len; /* ascii token: UTF-16 and UTF-8 lengths agree */
    return v;
}

/* vnum_scan on s[0..len); the text stops at a NUL too. */
static size_t scan(const char *s, size_t len, double *out)
{
    size_t n = token(s, len);
    int32_t used;
    double v;

    if (n == 0 || n > 40)
        return 0;
    /* a plain whole number of at most 15 digits is exact in a double: the same value ICU would
     * give, without its parser (a large import reads two numbers a row) */
    size_t digits = 0;
    while (digits < n && is_digit(s[digits]))
        digits++;
    if (digits == n && n <= 15) {
        double whole = 0;
        for (size_t i = 0; i < n; i++)
            whole = whole * 10 + (s[i] - '0');
        *out = whole;
        return n;
    }
    v = icu_parse(s, n, &used);
    if ((size_t)used != n)
        return 0;
    *out = v;
    return n;
}

size_t vnum_scan(const char *s, double *out)
{
    return scan(s, SIZE_MAX, out);
}

td_status vnum_parse(const char *s, size_t len, double *out, td_error *err)
{
    size_t start = 0, n;
    double v = 0;
    bool negative = false;

    if (len > 0 && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        start = 1;
    }
    n = start < len ? scan(s + start, len - start, &v) : 0;
    if (n == 0 || start + n != len)
        return td_fail(err, TD_ERR_INPUT,
                       "\"%.*s\" không phải là số viết theo kiểu Việt Nam (dấu chấm ngăn cách hàng nghìn, dấu phẩy "
                       "thập phân: 8.990, 362,4)",
                       (int)(len > 60 ? 60 : len), s);
    /* a double keeps integers exact only below 2^53: beyond 15 digits the figure stored would not
     * be the one typed, nor format back to text that reads again (fuzz/fuzz_vnum.c) */
    if (v >= VNUM_MAX)
        return td_fail(err, TD_ERR_INPUT, "\"%.*s\" quá lớn: một số liệu có nhiều nhất 15 chữ số trước dấu phẩy",
                       (int)(len > 60 ? 60 : len), s);
    *out = negative ? -v : v;
    return TD_OK;
}

char *vnum_format(arena *a, double v, int max_frac)
{
    UNumberFormat *f = writer(max_frac < 0 ? 0 : max_frac);
    UChar buf[64];
    UErrorCode st = U_ZERO_ERROR;
    int32_t n;
    char out[128];

    n = unum_formatDouble(f, v, buf, 64, NULL, &st);
    if (U_FAILURE(st) || n >= 64)
        return arena_printf(a, "%g", v);
    u_strToUTF8(out, sizeof out, NULL, buf, n, &st);
    if (U_FAILURE(st))
        return arena_printf(a, "%g", v);
    /* ICU writes U+2212 MINUS SIGN in some locales; officials type '-' */
    char *minus = strstr(out, "\xe2\x88\x92");
    if (minus) {
        *minus = '-';
        memmove(minus + 1, minus + 3, strlen(minus + 3) + 1);
    }
    return arena_strdup(a, out);
}
