/* target.c — targets as structured specs and as Vietnamese text; see target.h.
 *
 * target_parse reads one target phrase the way an official writes it. It works on a
 * lower-cased copy of the phrase (ICU, "vi") and looks, in order, for: the special forms
 * (assigned, checklist), the direction of a change ("tăng", "giảm", but "giảm xuống còn" is
 * a level), a baseline ("so với năm 2025"), the first number and a second one after a range
 * sign, the comparator words just before the number and "trở lên / trở xuống" after it, and
 * the unit after the number. A phrase without a number is a yes/no achievement. */
#include "target.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "lexicon.h"
#include "vnum.h"
#include "vtext.h"

static const char *const op_names[] = {">=", ">", "<=", "<", "=", "range", "band", "approx", "done", "list", "assigned"};

const char *target_op_name(target_op op)
{
    return (size_t)op < sizeof op_names / sizeof op_names[0] ? op_names[op] : "?";
}

bool target_op_from_name(const char *name, target_op *out)
{
    for (size_t i = 0; name && i < sizeof op_names / sizeof op_names[0]; i++) {
        if (strcmp(op_names[i], name) == 0) {
            *out = (target_op)i;
            return true;
        }
    }
    return false;
}

const char *target_change_name(target_change c)
{
    return c == TARGET_CHANGE_INCREASE   ? "increase"
           : c == TARGET_CHANGE_DECREASE ? "decrease"
           : c == TARGET_CHANGE_TIMES    ? "times"
                                         : NULL;
}

const char *target_change_verb(target_change c)
{
    return c == TARGET_CHANGE_INCREASE   ? "tăng"
           : c == TARGET_CHANGE_DECREASE ? "giảm"
           : c == TARGET_CHANGE_TIMES    ? "gấp"
                                         : NULL;
}

static bool has_number(target_op op)
{
    return op != TARGET_DONE && op != TARGET_LIST && op != TARGET_ASSIGNED;
}

/* ---- text helpers ----------------------------------------------------------------------- */

/* Replaces every from by to in s (to no longer than from), in place. */
static void replace_all(char *s, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to);
    char *p = s;
    while ((p = strstr(p, from)) != NULL) {
        memcpy(p, to, tl);
        memmove(p + tl, p + fl, strlen(p + fl) + 1);
        p += tl;
    }
}

/* Plans typed in LaTeX-ish Markdown: "$\geq 65$", "$\approx 362,4$", "20\%". Also the
 * typographic dashes and the non-breaking space. */
static void plain(char *s)
{
    replace_all(s, "\\geq", "≥");
    replace_all(s, "\\ge", "≥");
    replace_all(s, "\\leq", "≤");
    replace_all(s, "\\le", "≤");
    replace_all(s, "\\approx", "≈");
    replace_all(s, "\\sim", "≈");
    replace_all(s, "\\%", "%");
    replace_all(s, "$", "");
    replace_all(s, "\xc2\xa0", " ");
    replace_all(s, "–", "-");
    replace_all(s, "—", "-");
    replace_all(s, "÷", "-");
}

char *target_plain(arena *a, const char *s)
{
    char *copy = arena_strdup(a, s);
    plain(copy);
    return copy;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static bool ends_with_word(const char *s, size_t len, const char *word)
{
    size_t wl = strlen(word);
    while (len && s[len - 1] == ' ')
        len--;
    if (wl > len || memcmp(s + len - wl, word, wl) != 0)
        return false;
    /* a whole word: preceded by the start or a space (symbols stand alone) */
    return len == wl || s[len - wl - 1] == ' ' || (unsigned char)word[0] >= 0x80 || word[0] == '>' ||
           word[0] == '<' || word[0] == '~';
}

static bool starts_with(const char *s, const char *word)
{
    return strncmp(s, word, strlen(word)) == 0;
}

/* ---- units ------------------------------------------------------------------------------ */

/* Units that officials write are the lexicon's class "unit" (data/lexicon/vi.tsv), longest
 * first where one is a prefix of another. A unit not in it is the words after the number up
 * to punctuation (at most four). */

/* Words that end a unit: what follows a number but is not its unit. */

/* "/1.000 dân", "/100 dân" after a unit: per how many of what. Returns its length, 0 if none. */
static size_t per_count(const char *p)
{
    double v;
    size_t n;
    if (p[0] != '/' || p[1] < '0' || p[1] > '9' || !(n = vnum_scan(p + 1, &v)))
        return 0;
    const char *w = p + 1 + n;
    if (*w != ' ')
        return 0;
    while (*w == ' ')
        w++;
    const char *e = w;
    while (*e && *e != ' ' && !strchr(",;.():", *e))
        e++;
    return e > w ? (size_t)(e - p) : 0;
}

/* Finds the unit at s (lower case): sets *skip to the spaces before it, *len to its length,
 * and returns the bytes used in all (0 when there is no unit). */
static size_t find_unit(const char *s, size_t *skip, size_t *len)
{
    const char *p = s;
    *len = 0;
    while (*p == ' ')
        p++;
    *skip = (size_t)(p - s);
    if (*p == '%') {
        *len = 1;
        return *skip + 1;
    }
    for (const char *const *u = lexicon_words(LEX_UNIT); *u; u++) {
        size_t n = strlen(*u);
        if (strncmp(p, *u, n) != 0)
            continue;
        size_t per = per_count(p + n);
        if (p[n] == '\0' || p[n] == ' ' || strchr(",;.()%:", p[n]) || per) {
            *len = n + per;
            return *skip + *len;
        }
    }
    /* up to four words, stopping at punctuation, a number or a stop phrase */
    const char *end = p, *last = p;
    int words = 0;
    while (*end && words < 4) {
        bool stop = false;
        for (const char *const *w = lexicon_words(LEX_UNIT_STOP); *w && !stop; w++)
            stop = starts_with(end, *w);
        if (stop || (*end >= '0' && *end <= '9'))
            break;
        const char *next = end;
        while (*next && *next != ' ' && !strchr(",;.():", *next) && !per_count(next))
            next++;
        if (next == end)
            break;
        next += per_count(next);
        last = next;
        words++;
        end = next;
        while (*end == ' ')
            end++;
    }
    *len = (size_t)(last - p);
    return *len ? *skip + *len : 0;
}

/* ---- parse ------------------------------------------------------------------------------ */

/* Words after which a number is a label, not a figure ("mức độ 1", "lần thứ 3", "số 56"):
 * the lexicon's class "label". */
bool target_number_is_label(const char *low, size_t at)
{
    size_t e = at;
    while (e && low[e - 1] == ' ')
        e--;
    for (const char *const *w = lexicon_words(LEX_LABEL); *w; w++) {
        size_t n = strlen(*w);
        if (e >= n && memcmp(low + e - n, *w, n) == 0 && (e == n || low[e - n - 1] == ' ' || low[e - n - 1] == '('))
            return true;
    }
    return false;
}

/* The next number at or after s that is not the baseline year nor a label ("mức độ 1");
 * *at its offset. */
static size_t find_number(const char *s, size_t from, int skip_year, double *v, size_t *at)
{
    for (size_t i = from; s[i]; i++) {
        if (s[i] < '0' || s[i] > '9' || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') || target_number_is_label(s, i))
            continue;
        size_t n = vnum_scan(s + i, v);
        if (n == 0)
            continue;
        if (skip_year && *v == skip_year && n == 4) {
            i += n - 1;
            continue;
        }
        *at = i;
        return n;
    }
    return 0;
}

/* A number that stops before ".2" or ",5," was not written the Vietnamese way ("97.2",
 * "8.99"): refuse it rather than read part of it. */
static bool malformed_after(const char *s)
{
    return (s[0] == '.' || s[0] == ',') && s[1] >= '0' && s[1] <= '9';
}

/* "xuống còn", "xuống", "lên", "còn" (the lexicon's class "to"): from one level to the next ("từ 2,1% xuống còn 1,5%") */
size_t target_to_word(const char *low)
{
    for (const char *const *w = lexicon_words(LEX_TO); *w; w++)
        if (starts_with(low, *w))
            return strlen(*w);
    return 0;
}

/* True when a word of class c stands anywhere in low (as written: "tăng" also in "tăng trưởng"). */
static bool has_any(const char *low, lex_class c)
{
    for (const char *const *w = lexicon_words(c); *w; w++)
        if (strstr(low, *w))
            return true;
    return false;
}

/* "Tỷ lệ giảm nghèo", "mức giảm tỷ lệ hộ nghèo": the rate word at p (of length n) changes a
 * quantity that is itself a share (the lexicon's class "share"), so the figure is that share's
 * change, in points, not the level of a rate of its own. */
static bool changes_a_share(const char *p, size_t n)
{
    const char *q = p + n;
    while (*q == ' ')
        q++;
    for (const char *const *w = lexicon_words(LEX_SHARE); *w; w++) {
        size_t wl = strlen(*w);
        if (strncmp(q, *w, wl) == 0 && (q[wl] == '\0' || q[wl] == ' ' || strchr(",.;:()", q[wl])))
            return true;
    }
    return false;
}

/* "Tốc độ tăng GRDP", "Tỷ lệ tăng dân số tự nhiên": the verb names a rate (the lexicon's class
 * "rate"), and the figure is that rate's level, not a change. */
bool target_names_rate(const char *low)
{
    for (const char *const *r = lexicon_words(LEX_RATE); *r; r++)
        for (const char *q = strstr(low, *r); q; q = strstr(q + 1, *r))
            if (!changes_a_share(q, strlen(*r)))
                return true;
    return false;
}

/* "Đạt so với chỉ tiêu được giao", "Đạt và vượt chỉ tiêu thu ngân sách huyện giao": the figure
 * comes from above. "giao" must end the phrase or be "được giao": "giao thông" is a road. */
bool target_assigned_phrase(const char *low)
{
    if (strstr(low, "được giao"))
        return true;
    size_t n = strlen(low);
    while (n && strchr(" .;,", low[n - 1]))
        n--;
    return (strstr(low, "chỉ tiêu") || strstr(low, "kế hoạch")) && ends_with_word(low, n, "giao");
}

/* "gấp đôi", "gấp rưỡi" carry their own "lần"; "gấp ba" needs it ("gấp ba lần"), or "năm"
 * would be read in "gấp năm 2025". */
const char *target_multiple_digits(arena *a, const char *s)
{
    static const struct {
        const char *word, *digits;
        bool alone;
    } nums[] = {{"đôi", "2", true},  {"rưỡi", "1,5", true}, {"hai", "2", false},  {"ba", "3", false},
                {"bốn", "4", false}, {"năm", "5", false},   {"sáu", "6", false},  {"bảy", "7", false},
                {"tám", "8", false}, {"chín", "9", false},  {"mười", "10", false}};
    char *low = vtext_lower(a, s);
    if (!low || strlen(low) != strlen(s) || !strstr(low, "gấp "))
        return s;
    char *out = (char *)s;
    for (char *p = strstr(low, "gấp "); p; p = strstr(p + 1, "gấp ")) {
        if (p != low && p[-1] != ' ' && p[-1] != '(')
            continue;
        const char *w = p + strlen("gấp ");
        for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
            size_t wl = strlen(nums[k].word);
            const char *end = w + wl;
            if (strncmp(w, nums[k].word, wl) != 0)
                continue;
            bool lan = strncmp(end, " lần", strlen(" lần")) == 0;
            if (!(lan || (nums[k].alone && (*end == '\0' || *end == ' ' || strchr(",.;:)", *end)))))
                continue;
            size_t at = (size_t)(w - low);
            const char *tail = lan || !nums[k].alone ? "" : " lần";
            out = arena_printf(a, "%.*s%s%s%s", (int)at, out, nums[k].digits, tail, out + at + wl);
            low = arena_printf(a, "%.*s%s%s%s", (int)at, low, nums[k].digits, tail, low + at + wl);
            p = low + at;
            break;
        }
    }
    return out;
}

bool target_multiple_at(const char *low, size_t at)
{
    size_t i = at;
    while (low[i] && (low[i] == '.' || low[i] == ',' || (low[i] >= '0' && low[i] <= '9')))
        i++;
    while (low[i] == ' ')
        i++;
    if (strncmp(low + i, "lần", strlen("lần")) != 0 || (low[i + strlen("lần")] && !strchr(" ,.;:)", low[i + strlen("lần")])))
        return false;
    /* back to the verb, over words but not over another figure or a clause's end */
    for (size_t b = at; b > 0; b--) {
        char ch = low[b - 1];
        if ((ch >= '0' && ch <= '9') || strchr(",;:.()", ch))
            return false;
        if (b >= 1 && (b - 1 == 0 || low[b - 2] == ' ')) {
            const char *w = low + b - 1;
            if (strncmp(w, "gấp ", strlen("gấp ")) == 0 || strncmp(w, "tăng ", strlen("tăng ")) == 0)
                return true;
        }
    }
    return false;
}

/* "Nâng tỉ lệ trường đạt chuẩn mức độ 2", "tăng tỷ lệ …": a rate to raise, without a figure. */
bool target_raise_phrase(const char *low)
{
    static const char *const verbs[] = {"nâng cao", "nâng", "tăng", NULL}, *const rates[] = {"tỉ lệ", "tỷ lệ", NULL};
    while (*low == ' ' || *low == '"')
        low++;
    for (const char *const *v = verbs; *v; v++) {
        if (!starts_with(low, *v) || low[strlen(*v)] != ' ')
            continue;
        const char *r = low + strlen(*v) + 1;
        for (const char *const *w = rates; *w; w++)
            if (starts_with(r, *w) && (r[strlen(*w)] == ' ' || r[strlen(*w)] == '\0'))
                return true;
    }
    return false;
}

static td_status parse_list(arena *a, const char *orig, target *out, td_error *err)
{
    const char *colon = strchr(orig, ':');
    char *copy = arena_strdup(a, colon + 1), *save = NULL;
    size_t cap = 8;
    const char **items = arena_calloc(a, cap, sizeof *items);

    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        char *item = trim(tok);
        if (!*item)
            continue;
        if (out->n_items == cap) {
            const char **more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, items, cap * sizeof *items);
            items = more;
            cap *= 2;
        }
        items[out->n_items++] = item;
    }
    if (out->n_items == 0)
        return td_fail(err, TD_ERR_INPUT, "danh mục \"%s\" không có mục nào; cần dạng \"đạt tất cả: a; b; c\"", orig);
    out->op = TARGET_LIST;
    out->items = items;
    return TD_OK;
}

/* The characters of s (valid UTF-8), its letters and digits, and the longest run of letters. */
static void count_chars(const char *s, size_t *chars, size_t *alnum, size_t *word)
{
    int32_t i = 0, n = (int32_t)strlen(s);
    size_t run = 0;
    *chars = *alnum = *word = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        ++*chars;
        *alnum += u_isalnum(c) != 0;
        run = u_isalpha(c) ? run + 1 : 0;
        if (run > *word)
            *word = run;
    }
}

static td_status parse_phrase(arena *a, const char *text, target *out, td_error *err)
{
    char *nfc, *orig, *low, *p;
    size_t n1, at1 = 0, n2 = 0, at2 = 0, used = 0, after;
    double v1 = 0, v2 = 0;
    bool ge_after = false, le_after = false;

    memset(out, 0, sizeof *out);
    if (!text || !vtext_utf8_valid(text, strlen(text), NULL))
        return td_fail(err, TD_ERR_INPUT, "mục tiêu không phải văn bản UTF-8 hợp lệ");
    nfc = vtext_nfc(a, text);
    orig = trim(arena_strdup(a, nfc));
    if (!*orig)
        return td_fail(err, TD_ERR_INPUT, "mục tiêu trống; cần ví dụ \"từ 19%% trở lên\", \"15 - 17%%\", \"hoàn thành\"");
    out->text = arena_strdup(a, orig);
    size_t chars, alnum, word;
    count_chars(orig, &chars, &alnum, &word);
    if (chars > TARGET_MAX_TEXT)
        return td_fail(
            err, TD_ERR_INPUT,
            "mục tiêu dài %zu ký tự, quá %d ký tự: một chỉ tiêu là một cụm từ như \"từ 19%% trở lên\" "
            "hoặc \"hoàn thành\", không phải cả đoạn văn",
            chars, TARGET_MAX_TEXT);
    plain(orig);
    orig = (char *)target_multiple_digits(a, orig);
    low = vtext_lower(a, orig);
    if (!low)
        return td_fail(err, TD_ERR_INPUT, "mục tiêu không phải văn bản UTF-8 hợp lệ");

    /* a checklist: "đạt tất cả: a; b; c" */
    if (starts_with(low, "đạt tất cả:") || starts_with(low, "tất cả:") || starts_with(low, "danh mục:"))
        return parse_list(a, orig, out, err);

    /* a baseline: "so với năm 2025", "so với 2025", "so với cùng kỳ năm 2025" */
    p = strstr(low, "so với");
    if (!p && strstr(low, "gấp ")) /* "gấp đôi năm 2025": a multiple names its baseline year */
        p = strstr(low, " lần năm ");
    if (p) {
        double y;
        size_t yat;
        if (find_number(p, 0, 0, &y, &yat) == 4 && y >= 1900 && y <= 2200 && y == floor(y))
            out->baseline_year = (int)y;
    }

    n1 = find_number(low, 0, out->baseline_year, &v1, &at1);
    if (n1 && malformed_after(low + at1 + n1))
        return td_fail(err, TD_ERR_INPUT,
                       "mục tiêu \"%s\": số viết không đúng kiểu Việt Nam (dấu phẩy thập phân, dấu chấm ngăn cách "
                       "hàng nghìn: 97,2 hoặc 8.990)",
                       out->text);
    /* beyond 15 digits a double no longer holds the number as written */
    if (n1 && fabs(v1) >= 1e15)
        return td_fail(err, TD_ERR_INPUT, "mục tiêu \"%s\": số quá lớn (tối đa 15 chữ số)", out->text);
    if (n1 == 0) {
        /* words that compare promise a figure: "khoảng %" is half-typed, not "hoàn thành" */
        bool wants = strchr(low, '%') || strstr(low, "trở lên") || strstr(low, "trở xuống");
        for (const char *const *w = lexicon_words(LEX_COMPARATOR); !wants && *w; w++) /* a whole word that opens the phrase */
            wants = starts_with(low, *w) && (low[strlen(*w)] == '\0' || low[strlen(*w)] == ' ');
        if (wants)
            return td_fail(err, TD_ERR_INPUT,
                           "mục tiêu \"%s\": thiếu con số (ví dụ \"trên 97,2%%\", \"khoảng 362,4 ha\")", out->text);
        /* a yes/no achievement is said in words: "((((((((((", "x" or "(a)" state nothing to achieve */
        if (alnum == 0)
            return td_fail(
                err, TD_ERR_INPUT,
                "mục tiêu \"%s\" không có chữ hay số nào nên không đọc được chỉ tiêu; cần ví dụ \"từ 19%% "
                "trở lên\", \"15 - 17%%\", \"hoàn thành\"",
                out->text);
        if (word < 2)
            return td_fail(
                err, TD_ERR_INPUT,
                "mục tiêu \"%s\" không có con số cũng không nói điều cần đạt; cần ví dụ \"hoàn thành\", "
                "\"đạt chuẩn Quốc gia\", \"từ 19%% trở lên\"",
                out->text);
        out->op = target_assigned_phrase(low) ? TARGET_ASSIGNED : TARGET_DONE;
        if (out->op == TARGET_DONE && target_raise_phrase(low)) {
            /* "nâng tỉ lệ …": the rate rises above its level of the baseline year (the year
             * before, unless the phrase names one) */
            out->op = TARGET_GT;
            out->has_value = true;
            out->value = 0;
            out->unit = "%";
            out->change = TARGET_CHANGE_INCREASE;
            return TD_OK;
        }
        out->baseline_year = 0;
        return TD_OK;
    }

    /* "từ 2,1% xuống còn 1,5%", "từ 60% lên 75%": the first is where it starts; the target is
     * the level after the verb, read from there on */
    if (ends_with_word(low, at1, "từ")) {
        size_t skip_u = 0, ulen_u = 0;
        const char *q = low + at1 + n1;
        q += find_unit(q, &skip_u, &ulen_u);
        while (*q == ' ')
            q++;
        const char *r = q + target_to_word(q);
        while (*r == ' ')
            r++;
        if (r > q && *r >= '0' && *r <= '9') {
            const char *full = out->text;
            const char *src = strlen(orig) == strlen(low) ? orig : low;
            td_status st = target_parse(a, src + (q - low), out, err);
            if (st == TD_OK)
                out->text = full;
            return st;
        }
    }

    /* the direction of a change, written before the number */
    {
        char *before = arena_strndup(a, low, at1);
        for (const char *const *r = lexicon_words(LEX_RATE); *r; r++)
            for (char *q = strstr(before, *r); q; q = strstr(q + 1, *r))
                if (!changes_a_share(low + (q - before), strlen(*r)))
                    memset(q, ' ', strlen(*r)); /* the rate's name, not a direction */
        bool level = strstr(before, "xuống") || strstr(before, "còn dưới") || strstr(before, "nâng lên") ||
                     ends_with_word(before, strlen(before), "còn") ||
                     strstr(before, " lên ") || ends_with_word(before, strlen(before), "lên");
        if (target_multiple_at(low, at1) || ends_with_word(before, strlen(before), "gấp") || strstr(before, "gấp "))
            out->change = TARGET_CHANGE_TIMES; /* "gấp 3 lần", "tăng 1,5 lần": a multiple */
        else if (!level && has_any(before, LEX_INCREASE))
            out->change = TARGET_CHANGE_INCREASE;
        else if (!level && has_any(before, LEX_DECREASE))
            out->change = TARGET_CHANGE_DECREASE;
    }

    /* a second number after a range sign: "15 - 17%", "từ 15 đến 17%", "1.500 - 2.400 lượt" */
    after = at1 + n1;
    {
        const char *q = low + after;
        size_t unit_len = 0;
        /* "15% - 17%" writes the unit twice */
        if (*q == '%')
            unit_len = 1;
        q += unit_len;
        while (*q == ' ')
            q++;
        const char *sign = NULL;
        if (*q == '-' || *q == '~')
            sign = q + 1;
        else if (starts_with(q, "đến"))
            sign = q + strlen("đến");
        else if (starts_with(q, "tới"))
            sign = q + strlen("tới");
        if (sign) {
            while (*sign == ' ')
                sign++;
            n2 = vnum_scan(sign, &v2);
            if (n2 && fabs(v2) >= 1e15)
                return td_fail(err, TD_ERR_INPUT, "mục tiêu \"%s\": số quá lớn (tối đa 15 chữ số)", out->text);
            if (n2 && malformed_after(sign + n2))
                return td_fail(err, TD_ERR_INPUT, "mục tiêu \"%s\": số viết không đúng kiểu Việt Nam", out->text);
            if (n2)
                at2 = (size_t)(sign - low);
        }
    }
    size_t end_num = n2 ? at2 + n2 : at1 + n1, skip = 0, ulen = 0;
    /* "19/19 tiêu chí", "3/9 thôn": the whole it is out of is not part of the unit */
    if (low[end_num] == '/' && low[end_num + 1] >= '0' && low[end_num + 1] <= '9') {
        double whole;
        end_num += 1 + vnum_scan(low + end_num + 1, &whole);
    }
    used = find_unit(low + end_num, &skip, &ulen);
    if (ulen) {
        /* keep the unit as the document writes it ("USD") when lower-casing kept the byte
         * offsets, as it does for every letter Vietnamese uses */
        const char *src = strlen(orig) == strlen(low) ? orig : low;
        out->unit = arena_strndup(a, src + end_num + skip, ulen);
    }
    {
        /* "95% trở lên", and "95,5% dân số trở lên": a few words of what is counted may come
         * between, but not a clause of its own (punctuation) or another figure */
        const char *rest = low + end_num + used;
        for (int words = 0; *rest && words <= 3 && !ge_after && !le_after; words++) {
            while (*rest == ' ')
                rest++;
            ge_after = starts_with(rest, "trở lên");
            le_after = starts_with(rest, "trở xuống");
            if (!*rest || strchr(",;:.()", *rest) || (*rest >= '0' && *rest <= '9'))
                break;
            while (*rest && *rest != ' ' && !strchr(",;:.()", *rest))
                rest++;
        }
    }

    out->has_value = true;
    out->value = v1;
    if (n2) {
        if (v2 < v1)
            return td_fail(err, TD_ERR_INPUT, "khoảng \"%s\": số đầu lớn hơn số sau", out->text);
        out->has_high = true;
        out->high = v2;
        out->op = strstr(low, "duy trì") ? TARGET_BAND : TARGET_RANGE;
        return TD_OK;
    }

    /* the comparator: the words just before the number, then "trở lên / trở xuống" */
    char *before = arena_strndup(a, low, at1);
    size_t bl = strlen(before);
    while (bl && before[bl - 1] == ' ')
        before[--bl] = '\0';
    static const struct {
        const char *word;
        target_op op;
    } words[] = {
        {"không dưới", TARGET_GE},  {"không thấp hơn", TARGET_GE}, {"không ít hơn", TARGET_GE},
        {"không quá", TARGET_LE},   {"không vượt quá", TARGET_LE}, {"không cao hơn", TARGET_LE},
        {"không nhiều hơn", TARGET_LE}, {"tối thiểu", TARGET_GE},  {"ít nhất", TARGET_GE},
        {"tối đa", TARGET_LE},      {"xuống còn", TARGET_LE},      {"còn dưới", TARGET_LT},
        {"xuống", TARGET_LE},
        {"≥", TARGET_GE},           {">=", TARGET_GE},             {"≤", TARGET_LE},
        {"<=", TARGET_LE},          {"≈", TARGET_APPROX},          {"~", TARGET_APPROX},
        {"khoảng", TARGET_APPROX},  {"xấp xỉ", TARGET_APPROX},     {"trên", TARGET_GT},
        {"hơn", TARGET_GT},         {">", TARGET_GT},              {"dưới", TARGET_LT},
        {"<", TARGET_LT},           {"từ", TARGET_GE},
    };
    out->op = TARGET_EQ;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (ends_with_word(before, bl, words[i].word)) {
            out->op = words[i].op;
            break;
        }
    }
    if (out->op == TARGET_EQ && ge_after)
        out->op = TARGET_GE;
    if (out->op == TARGET_EQ && le_after)
        out->op = TARGET_LE;
    if (out->op == TARGET_APPROX) {
        out->has_tolerance = true;
        out->tolerance = TARGET_APPROX_TOLERANCE;
        const char *pm = strstr(low + end_num, "±");
        double tol;
        size_t tat;
        if (pm && find_number(pm, 0, 0, &tol, &tat))
            out->tolerance = tol;
    }
    return TD_OK;
}

td_status target_parse(arena *a, const char *text, target *out, td_error *err)
{
    td_status st = parse_phrase(a, text, out, err);
    /* "gấp 0 lần", "gấp 0 - 9 lần" multiply nothing: a multiple is more than zero times the
       baseline, at both ends of a range */
    if (!st && out->change == TARGET_CHANGE_TIMES && !(out->value > 0))
        return td_fail(err, TD_ERR_INPUT, "\"%s\": số lần gấp phải lớn hơn 0", out->text);
    return st;
}

/* ---- format ----------------------------------------------------------------------------- */

static char *with_unit(arena *a, double v, const char *unit)
{
    const char *n = vnum_format(a, v, 10);
    if (!unit || !*unit)
        return arena_strdup(a, n);
    return arena_printf(a, "%s%s%s", n, strcmp(unit, "%") == 0 ? "" : " ", unit);
}

char *target_format(arena *a, const target *t)
{
    const char *body = NULL;
    const char *v = t->has_value ? with_unit(a, t->value, t->unit) : "";

    switch (t->op) {
    case TARGET_GE:
        body = arena_printf(a, "từ %s trở lên", v);
        break;
    case TARGET_GT:
        body = arena_printf(a, "trên %s", v);
        break;
    case TARGET_LE:
        body = arena_printf(a, "không quá %s", v);
        break;
    case TARGET_LT:
        body = arena_printf(a, "dưới %s", v);
        break;
    case TARGET_EQ:
        body = arena_printf(a, "đạt %s", v);
        break;
    case TARGET_RANGE:
    case TARGET_BAND:
        body = arena_printf(a, "%s%s - %s", t->op == TARGET_BAND ? "duy trì từ " : "", vnum_format(a, t->value, 10),
                            with_unit(a, t->high, t->unit));
        break;
    case TARGET_APPROX:
        body = arena_printf(a, "khoảng %s", v);
        if (t->has_tolerance && fabs(t->tolerance - TARGET_APPROX_TOLERANCE) > 1e-9)
            body = arena_printf(a, "%s (± %s%%)", body, vnum_format(a, t->tolerance, 10));
        break;
    case TARGET_DONE:
        return arena_strdup(a, "hoàn thành");
    case TARGET_LIST: {
        char *s = arena_strdup(a, "đạt tất cả:");
        for (size_t i = 0; i < t->n_items; i++)
            s = arena_printf(a, "%s%s %s", s, i ? ";" : "", t->items[i]);
        return s;
    }
    case TARGET_ASSIGNED:
        return arena_strdup(a, "đạt so với chỉ tiêu được giao");
    }
    if (t->change != TARGET_CHANGE_NONE) {
        /* "tăng đạt 5%" reads badly: a change of exactly X is "tăng 5%" */
        const char *verb = target_change_verb(t->change);
        if (t->op == TARGET_EQ)
            body = arena_printf(a, "%s %s", verb, v);
        else
            body = arena_printf(a, "%s %s", verb, body);
    }
    if (t->baseline_year)
        body = arena_printf(a, "%s so với năm %d", body, t->baseline_year);
    return (char *)body;
}

/* ---- validate, compare ------------------------------------------------------------------ */

td_status target_validate(const target *t, td_error *err)
{
    if ((size_t)t->op >= sizeof op_names / sizeof op_names[0])
        return td_fail(err, TD_ERR_INPUT, "trường \"op\": kiểu mục tiêu không hợp lệ");
    if (has_number(t->op) && !t->has_value)
        return td_fail(err, TD_ERR_INPUT, "trường \"value\": mục tiêu kiểu \"%s\" cần một số", target_op_name(t->op));
    if ((t->op == TARGET_RANGE || t->op == TARGET_BAND) && !t->has_high)
        return td_fail(err, TD_ERR_INPUT, "trường \"high\": khoảng cần số cận trên");
    if (t->has_high && t->op != TARGET_RANGE && t->op != TARGET_BAND)
        return td_fail(err, TD_ERR_INPUT, "trường \"high\": chỉ dùng cho kiểu range và band");
    if (t->has_high && t->high < t->value)
        return td_fail(err, TD_ERR_INPUT, "trường \"high\": cận trên (%g) nhỏ hơn cận dưới (%g)", t->high, t->value);
    if (t->change == TARGET_CHANGE_TIMES && (!has_number(t->op) || !(t->value > 0)))
        return td_fail(err, TD_ERR_INPUT, "trường \"change\": mục tiêu gấp bao nhiêu lần cần một số lớn hơn 0");
    if (t->op == TARGET_LIST && t->n_items == 0)
        return td_fail(err, TD_ERR_INPUT, "trường \"items\": danh mục cần ít nhất một mục");
    if (t->op != TARGET_LIST && t->n_items)
        return td_fail(err, TD_ERR_INPUT, "trường \"items\": chỉ dùng cho kiểu list");
    if (t->has_tolerance && (t->op != TARGET_APPROX || t->tolerance < 0))
        return td_fail(err, TD_ERR_INPUT, "trường \"tolerance\": chỉ dùng cho kiểu approx, và không âm");
    if (t->baseline_year && (t->baseline_year < 1900 || t->baseline_year > 2200))
        return td_fail(err, TD_ERR_INPUT, "trường \"baseline_year\": năm %d không hợp lệ", t->baseline_year);
    return TD_OK;
}

static bool same_number(bool ha, double a, bool hb, double b)
{
    return ha == hb && (!ha || fabs(a - b) <= 1e-9 * fmax(1.0, fabs(a)));
}

static bool same_string(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool target_equal(const target *a, const target *b)
{
    if (a->op != b->op || a->change != b->change || a->baseline_year != b->baseline_year ||
        a->n_items != b->n_items || !same_string(a->unit, b->unit))
        return false;
    if (!same_number(a->has_value, a->value, b->has_value, b->value) ||
        !same_number(a->has_high, a->high, b->has_high, b->high) ||
        !same_number(a->has_tolerance, a->tolerance, b->has_tolerance, b->tolerance))
        return false;
    for (size_t i = 0; i < a->n_items; i++)
        if (strcmp(a->items[i], b->items[i]) != 0)
            return false;
    return true;
}

/* ---- JSON ------------------------------------------------------------------------------- */

/* Whole numbers print as JSON integers (19, not 19.0); others as reals (362.4). */
static json_t *number(double v)
{
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

json_t *target_to_json(const target *t)
{
    json_t *items = json_null();
    if (t->op == TARGET_LIST) {
        items = json_array();
        for (size_t i = 0; i < t->n_items; i++)
            json_array_append_new(items, json_string(t->items[i]));
    }
    const char *change = target_change_name(t->change);
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "text", t->text ? t->text : "", "op",
                     target_op_name(t->op), "value", t->has_value ? number(t->value) : json_null(), "high",
                     t->has_high ? number(t->high) : json_null(), "unit",
                     t->unit ? json_string(t->unit) : json_null(), "change",
                     change ? json_string(change) : json_null(), "baseline_year",
                     t->baseline_year ? json_integer(t->baseline_year) : json_null(), "items", items, "tolerance",
                     t->has_tolerance ? number(t->tolerance) : json_null());
}

static td_status json_number(const json_t *o, const char *key, bool *has, double *out, td_error *err)
{
    json_t *v = json_object_get(o, key);
    *has = false;
    if (!v || json_is_null(v))
        return TD_OK;
    if (!json_is_number(v))
        return td_fail(err, TD_ERR_INPUT, "trường \"%s\": cần một số JSON (362.4, không phải \"362,4\")", key);
    *has = true;
    *out = json_number_value(v);
    if (!isfinite(*out))
        return td_fail(err, TD_ERR_INPUT, "trường \"%s\": số không hợp lệ", key);
    return TD_OK;
}

static td_status json_text(arena *a, const json_t *o, const char *key, const char **out, td_error *err)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return TD_OK;
    if (!json_is_string(v))
        return td_fail(err, TD_ERR_INPUT, "trường \"%s\": cần một chuỗi văn bản", key);
    *out = vtext_nfc(a, json_string_value(v));
    if (!*out)
        return td_fail(err, TD_ERR_INPUT, "trường \"%s\": không phải văn bản UTF-8 hợp lệ", key);
    return TD_OK;
}

td_status target_from_json(arena *a, const json_t *obj, target *out, td_error *err)
{
    static const char *const keys[] = {"text", "op",    "value", "high",      "unit",
                                       "change", "baseline_year", "items", "tolerance", NULL};
    const char *key, *text = NULL, *op = NULL, *change = NULL;
    json_t *v;
    td_status st;

    memset(out, 0, sizeof *out);
    if (!json_is_object(obj))
        return td_fail(err, TD_ERR_INPUT, "mục tiêu cần là một đối tượng JSON");
    json_object_foreach((json_t *)obj, key, v)
    {
        const char *const *k = keys;
        while (*k && strcmp(*k, key) != 0)
            k++;
        if (!*k)
            return td_fail(err, TD_ERR_INPUT, "trường \"%s\" không được hỗ trợ trong mục tiêu (kiểm tra lỗi chính tả)",
                           key);
    }
    st = json_text(a, obj, "text", &text, err);
    if (!st)
        st = json_text(a, obj, "op", &op, err);
    if (st)
        return st;
    if (!op) {
        if (!text)
            return td_fail(err, TD_ERR_INPUT, "mục tiêu cần \"op\" hoặc \"text\"");
        st = target_parse(a, text, out, err);
        if (st)
            return st;
        /* fields given beside the text refine what was read */
        json_t *items = json_object_get(obj, "items");
        if (!items || json_is_null(items))
            return target_validate(out, err);
        memset(out, 0, sizeof *out);
        op = "list";
    }
    if (!target_op_from_name(op, &out->op))
        return td_fail(err, TD_ERR_INPUT,
                       "trường \"op\": giá trị \"%s\" không hợp lệ; cần một trong >=, >, <=, <, =, range, band, approx, "
                       "done, list, assigned",
                       op);
    st = json_number(obj, "value", &out->has_value, &out->value, err);
    if (!st)
        st = json_number(obj, "high", &out->has_high, &out->high, err);
    if (!st)
        st = json_number(obj, "tolerance", &out->has_tolerance, &out->tolerance, err);
    if (!st)
        st = json_text(a, obj, "unit", &out->unit, err);
    if (!st)
        st = json_text(a, obj, "change", &change, err);
    if (st)
        return st;
    if (change && strcmp(change, "increase") == 0)
        out->change = TARGET_CHANGE_INCREASE;
    else if (change && strcmp(change, "decrease") == 0)
        out->change = TARGET_CHANGE_DECREASE;
    else if (change && strcmp(change, "times") == 0)
        out->change = TARGET_CHANGE_TIMES;
    else if (change)
        return td_fail(err, TD_ERR_INPUT,
                       "trường \"change\": \"%s\" không hợp lệ; cần increase, decrease, times hoặc null",
                       change);
    v = json_object_get(obj, "baseline_year");
    if (v && !json_is_null(v)) {
        if (!json_is_integer(v))
            return td_fail(err, TD_ERR_INPUT, "trường \"baseline_year\": cần một năm, ví dụ 2025");
        out->baseline_year = (int)json_integer_value(v);
    }
    v = json_object_get(obj, "items");
    if (v && !json_is_null(v)) {
        if (!json_is_array(v))
            return td_fail(err, TD_ERR_INPUT, "trường \"items\": cần một mảng tên");
        out->n_items = json_array_size(v);
        out->items = arena_calloc(a, out->n_items + 1, sizeof *out->items);
        for (size_t i = 0; i < out->n_items; i++) {
            json_t *it = json_array_get(v, i);
            out->items[i] = json_is_string(it) ? vtext_nfc(a, json_string_value(it)) : NULL;
            if (!out->items[i])
                return td_fail(err, TD_ERR_INPUT, "trường \"items\"[%zu]: cần một chuỗi văn bản", i);
        }
    }
    if (out->op == TARGET_APPROX && !out->has_tolerance) {
        out->has_tolerance = true;
        out->tolerance = TARGET_APPROX_TOLERANCE;
    }
    st = target_validate(out, err);
    if (st)
        return st;
    out->text = text ? text : target_format(a, out);
    return TD_OK;
}
