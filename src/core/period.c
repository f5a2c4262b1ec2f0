/* period.c — reporting periods; see period.h. */
#include "period.h"

#include <stdio.h>
#include <string.h>

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int number(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

td_status period_parse(const char *s, period *out, td_error *err)
{
    size_t len = s ? strlen(s) : 0;
    period p = {PERIOD_YEAR, 0, 0};

    if (len < 4 || !digits(s, 4))
        goto bad;
    p.year = number(s, 4);
    if (p.year < 1900)
        goto bad;
    if (len == 4) {
        *out = p;
        return TD_OK;
    }
    if (s[4] != '-')
        goto bad;
    if (len == 7 && digits(s + 5, 2)) {
        p.kind = PERIOD_MONTH;
        p.index = number(s + 5, 2);
        if (p.index < 1 || p.index > 12)
            goto bad;
    } else if (len == 7 && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' && s[6] <= '4') {
        p.kind = PERIOD_QUARTER;
        p.index = s[6] - '0';
    } else {
        goto bad;
    }
    *out = p;
    return TD_OK;
bad:
    return td_fail(err, TD_ERR_INPUT, "kỳ báo cáo \"%s\" không hợp lệ; cần tháng (2026-03), quý (2026-Q1) hoặc năm (2026)",
                   s ? s : "");
}

void period_code(const period *p, char buf[12])
{
    switch (p->kind) {
    case PERIOD_MONTH:
        snprintf(buf, 12, "%04d-%02d", p->year, p->index);
        break;
    case PERIOD_QUARTER:
        snprintf(buf, 12, "%04d-Q%d", p->year, p->index);
        break;
    case PERIOD_YEAR:
        snprintf(buf, 12, "%04d", p->year);
        break;
    }
}

char *period_label_vi(arena *a, const period *p)
{
    static const char *roman[] = {"", "I", "II", "III", "IV"};
    switch (p->kind) {
    case PERIOD_MONTH:
        return arena_printf(a, "tháng %d/%d", p->index, p->year);
    case PERIOD_QUARTER:
        return arena_printf(a, "quý %s/%d", roman[p->index], p->year);
    case PERIOD_YEAR:
        break;
    }
    return arena_printf(a, "năm %d", p->year);
}

void period_months(const period *p, int *first, int *last)
{
    switch (p->kind) {
    case PERIOD_MONTH:
        *first = *last = p->index;
        return;
    case PERIOD_QUARTER:
        *first = 3 * p->index - 2;
        *last = 3 * p->index;
        return;
    case PERIOD_YEAR:
        break;
    }
    *first = 1;
    *last = 12;
}

bool period_contains(const period *outer, const period *inner)
{
    int of, ol, inf, inl;
    if (outer->year != inner->year)
        return false;
    period_months(outer, &of, &ol);
    period_months(inner, &inf, &inl);
    return of <= inf && inl <= ol;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool date_iso_valid(const char *s)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;

    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
        !digits(s + 8, 2))
        return false;
    y = number(s, 4);
    m = number(s + 5, 2);
    d = number(s + 8, 2);
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= days[m - 1] + (m == 2 && leap(y));
}

char *date_format_vi(arena *a, const char *iso)
{
    if (!date_iso_valid(iso))
        return arena_strdup(a, iso);
    return arena_printf(a, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}
