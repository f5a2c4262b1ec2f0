/* deadline.c — deadlines and Vietnam's calendar day; see deadline.h. */
#include "deadline.h"

#include <stdio.h>
#include <string.h>

#include "period.h"
#include "vtext.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads up to max digits at s; the count read in *n (0: none). */
static int read_int(const char *s, int max, int *n)
{
    int v = 0;
    *n = 0;
    while (*n < max && is_digit(s[*n])) {
        v = v * 10 + (s[*n] - '0');
        (*n)++;
    }
    return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* n as width digits at out (n in range by construction; written digit by digit so that the
 * width is plain to the compiler as well) */
static void put_digits(char *out, unsigned n, int width)
{
    for (int i = width - 1; i >= 0; i--, n /= 10)
        out[i] = (char)('0' + n % 10);
}

static void put_iso(char out[11], int y, int m, int d)
{
    put_digits(out, (unsigned)y, 4);
    out[4] = '-';
    put_digits(out + 5, (unsigned)m, 2);
    out[7] = '-';
    put_digits(out + 8, (unsigned)d, 2);
    out[10] = '\0';
}

static void iso_of_days(long long days, char out[11])
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    put_iso(out, y, m, d);
}

bool date_add_days(const char *iso, int days, char out[11])
{
    if (!date_iso_valid(iso))
        return false;
    int n;
    long long z = days_from_civil(read_int(iso, 4, &n), read_int(iso + 5, 2, &n), read_int(iso + 8, 2, &n));
    iso_of_days(z + days, out);
    return true;
}

void epoch_vn(long long seconds, char out[20])
{
    long long local = seconds + VN_UTC_OFFSET_SECONDS;
    long long days = (local >= 0 ? local : local - 86399) / 86400;
    long long sec = local - days * 86400;
    iso_of_days(days, out);
    out[10] = 'T';
    put_digits(out + 11, (unsigned)(sec / 3600), 2);
    out[13] = ':';
    put_digits(out + 14, (unsigned)(sec / 60 % 60), 2);
    out[16] = ':';
    put_digits(out + 17, (unsigned)(sec % 60), 2);
    out[19] = '\0';
}

bool instant_vn(const char *utc, char out[20])
{
    if (!utc)
        return false;
    char day[11];
    snprintf(day, sizeof day, "%.10s", utc);
    if (!date_iso_valid(day))
        return false;
    if (utc[10] == '\0') {
        snprintf(out, 20, "%sT00:00:00", day);
        return true;
    }
    const char *s = utc + 10;
    int n, hh, mm, ss = 0, off = 0;
    if (*s != 'T' && *s != ' ')
        return false;
    hh = read_int(s + 1, 2, &n);
    if (n != 2 || s[3] != ':')
        return false;
    mm = read_int(s + 4, 2, &n);
    if (n != 2 || hh > 23 || mm > 59)
        return false;
    s += 6;
    if (*s == ':') {
        ss = read_int(s + 1, 2, &n);
        if (n != 2 || ss > 60)
            return false;
        s += 3;
        if (*s == '.')
            for (s++; is_digit(*s); s++)
                ;
    }
    /* the zone: UTC unless an offset says otherwise */
    if (*s == '+' || *s == '-') {
        int sign = *s == '-' ? -1 : 1, oh = read_int(s + 1, 2, &n), om;
        if (n != 2)
            return false;
        s += 3;
        if (*s == ':')
            s++;
        om = read_int(s, 2, &n);
        s += n;
        off = sign * (oh * 3600 + om * 60);
    } else if (*s == 'Z') {
        s++;
    }
    if (*s)
        return false;
    long long z = days_from_civil(read_int(day, 4, &n), read_int(day + 5, 2, &n), read_int(day + 8, 2, &n));
    epoch_vn(z * 86400 + hh * 3600 + mm * 60 + ss - off, out);
    return true;
}

bool instant_vn_date(const char *utc, char out[11])
{
    char local[20];
    if (!instant_vn(utc, local))
        return false;
    snprintf(out, 11, "%.10s", local);
    return true;
}

bool deadline_on_time(const char *submitted, const char *last_on_time)
{
    char day[11];
    return last_on_time && instant_vn_date(submitted, day) && strcmp(day, last_on_time) <= 0;
}

/* ---- the wording ------------------------------------------------------------------------- */

/* A date at f[i] (folded text): "05/12/2026", "5/12", "05-12-2026", "05.12.2026" or
 * "5 thang 12 nam 2026". *y is 0 when no year is written. Returns the length read, 0 if none. */
static size_t date_at(const char *f, int *d, int *m, int *y)
{
    int n1, n2, n3 = 0;
    size_t len;
    *d = read_int(f, 2, &n1);
    if (!n1 || is_digit(f[n1]))
        return 0;
    char sep = f[n1];
    if (sep == '/' || sep == '-' || sep == '.') {
        *m = read_int(f + n1 + 1, 2, &n2);
        if (!n2 || is_digit(f[n1 + 1 + n2]))
            return 0;
        len = (size_t)(n1 + 1 + n2);
        *y = 0;
        if (f[len] == sep) {
            *y = read_int(f + len + 1, 4, &n3);
            if (n3 != 4)
                return 0;
            len += 1 + (size_t)n3;
        }
        return len;
    }
    static const char thang[] = " thang ", nam[] = " nam ";
    if (strncmp(f + n1, thang, sizeof thang - 1) != 0)
        return 0;
    len = (size_t)n1 + sizeof thang - 1;
    *m = read_int(f + len, 2, &n2);
    if (!n2)
        return 0;
    len += (size_t)n2;
    *y = 0;
    if (strncmp(f + len, nam, sizeof nam - 1) == 0) {
        *y = read_int(f + len + sizeof nam - 1, 4, &n3);
        if (n3 == 4)
            len += sizeof nam - 1 + 4;
        else
            *y = 0;
    }
    return len;
}

/* True when the text f[0..*end) ends with the word w; *end then moves before it. */
static bool ends_with_word(const char *f, size_t *end, const char *w)
{
    size_t n = strlen(w), e = *end;
    while (e && f[e - 1] == ' ')
        e--;
    if (e < n || strncmp(f + e - n, w, n) != 0 || (e > n && f[e - n - 1] != ' '))
        return false;
    *end = e - n;
    return true;
}

td_status deadline_read(arena *a, const char *wording, int year, deadline_reading *out, td_error *err)
{
    const char *f = wording ? vtext_fold(a, wording) : NULL;
    int d = 0, m = 0, y = 0;
    size_t at = 0;
    if (!f)
        return td_fail(err, TD_ERR_INPUT, "hạn báo cáo không đọc được");
    for (; f[at]; at++)
        if (is_digit(f[at]) && (at == 0 || !is_digit(f[at - 1])) && date_at(f + at, &d, &m, &y))
            break;
    if (!f[at])
        return td_fail(err, TD_ERR_INPUT, "không thấy ngày trong hạn báo cáo \"%s\" (viết như \"trước ngày 05/12/2026\")",
                       wording);
    if (!y)
        y = year;
    put_iso(out->due, y, m, d);
    if (!y || !date_iso_valid(out->due))
        return td_fail(err, TD_ERR_INPUT, "ngày trong hạn báo cáo \"%s\" không phải một ngày có thật%s", wording,
                       y ? "" : " (thiếu năm)");
    /* the words just before the date decide: "trước [vào] ngày D" ends the day before, and
     * "trước hoặc trong ngày", "chậm nhất", "hạn chót", "trước 17 giờ ngày" keep D */
    size_t end = at;
    while (ends_with_word(f, &end, "ngay") || ends_with_word(f, &end, "vao") || ends_with_word(f, &end, "la"))
        ;
    out->before = ends_with_word(f, &end, "truoc");
    if (!date_add_days(out->due, out->before ? -1 : 0, out->last_on_time))
        return td_fail(err, TD_ERR_INPUT, "hạn báo cáo \"%s\" không đọc được", wording);
    return TD_OK;
}
