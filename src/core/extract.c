/* extract.c — targets out of a plan's text; see extract.h and docs/targets.md.
 *
 * A line goes through: markdown and LaTeX made plain; its numbering read ("(1)", "1.", "+",
 * "a)") to give codes; parentheses set apart; the rest cut into clauses at ";", at sentence
 * ends, and at ", " / " và " where a new action starts or where each side holds its own
 * number. In each clause the numbers that are not targets (years, dates, "mức độ 1",
 * "thôn 9", "trên 1 ha", "QL14B", "3 sao") are masked, and what is left is read by
 * target_parse. A clause without a number is a yes/no target when it states an achievement,
 * or a checklist when it names villages or communes. */
#include "extract.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "vnum.h"
#include "vtext.h"

#define MAX_CLAUSES 64

typedef struct ctx {
    arena *a;
    extract_result *out;
    size_t cap_t, cap_u, cap_g;
    int year_votes[200]; /* years 1950–2149 seen in the text, for the plan's year */
    int top;           /* the current top-level item number, 0 before any */
    int sub;           /* the current bullet under it */
    int max_top;       /* the highest top-level number seen, for unnumbered lines */
    const char *dotted; /* the plan's own code "2.1.3" when it numbers so, else NULL */
    bool past;         /* inside a narrative of results already achieved */
    bool sections;     /* the document has Markdown headings that name its targets */
    bool in_section;   /* the current heading names targets */
    /* a table: the column of names, units and the plan's figure */
    int t_name, t_unit, t_plan, t_cols;
    const char *t_head_unit; /* a unit named in the plan column's header: "Kế hoạch 2026 (tấn)" */
} ctx;

/* ---- small text helpers ------------------------------------------------------------------ */

static bool has_word(const char *low, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(low, w); p; p = strstr(p + 1, w)) {
        bool start = p == low || p[-1] == ' ' || p[-1] == '(' || p[-1] == '"' || (unsigned char)p[-1] >= 0x80;
        char e = p[n];
        bool end = e == '\0' || e == ' ' || e == ',' || e == ';' || e == '.' || e == ':' || e == ')' ||
                   (unsigned char)e >= 0x80 || e == '"';
        if (start && end && (p == low || p[-1] == ' ' || p[-1] == '(' || p[-1] == '"'))
            return true;
    }
    return false;
}

static bool starts_with(const char *s, const char *w)
{
    return strncmp(s, w, strlen(w)) == 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static void remove_all(char *s, const char *what)
{
    size_t n = strlen(what);
    char *p;
    while ((p = strstr(s, what)) != NULL)
        memmove(p, p + n, strlen(p + n) + 1);
}

static int count_words(const char *s)
{
    int n = 0;
    bool in = false;
    for (; *s; s++) {
        bool sp = *s == ' ';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (is_digit(*s))
            return true;
    return false;
}

static bool is_alpha_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The first byte of a capital letter: ASCII, or a Vietnamese capital (checked by lower-casing). */
static bool is_capital(arena *a, const char *p)
{
    if (*p >= 'A' && *p <= 'Z')
        return true;
    if ((unsigned char)*p < 0x80)
        return false;
    size_t n = 1;
    while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80)
        n++;
    char *ch = arena_strndup(a, p, n), *low = vtext_lower(a, ch);
    return low && strcmp(low, ch) != 0;
}

/* ---- output ------------------------------------------------------------------------------ */

static void add_target(ctx *c, int line, const char *code, const char *name, const target *t)
{
    extract_result *o = c->out;
    if (o->n_targets == c->cap_t) {
        c->cap_t = c->cap_t ? c->cap_t * 2 : 32;
        extract_target *more = arena_calloc(c->a, c->cap_t, sizeof *more);
        if (o->n_targets)
            memcpy(more, o->targets, o->n_targets * sizeof *more);
        o->targets = more;
    }
    extract_target *e = &o->targets[o->n_targets++];
    e->line = line;
    e->code = code;
    e->name = name;
    e->target = *t;
}

static void add_group(ctx *c, int line, const char *code, const char *name)
{
    extract_result *o = c->out;
    for (size_t i = 0; i < o->n_groups; i++)
        if (strcmp(o->groups[i].code, code) == 0)
            return;
    if (o->n_groups == c->cap_g) {
        c->cap_g = c->cap_g ? c->cap_g * 2 : 16;
        extract_group *more = arena_calloc(c->a, c->cap_g, sizeof *more);
        if (o->n_groups)
            memcpy(more, o->groups, o->n_groups * sizeof *more);
        o->groups = more;
    }
    o->groups[o->n_groups++] = (extract_group){line, code, name};
}

static void add_unread(ctx *c, int line, const char *text, const char *reason)
{
    extract_result *o = c->out;
    if (o->n_unread == c->cap_u) {
        c->cap_u = c->cap_u ? c->cap_u * 2 : 32;
        extract_unread *more = arena_calloc(c->a, c->cap_u, sizeof *more);
        if (o->n_unread)
            memcpy(more, o->unread, o->n_unread * sizeof *more);
        o->unread = more;
    }
    extract_unread *u = &o->unread[o->n_unread++];
    u->line = line;
    u->text = text;
    u->reason = reason;
}

/* ---- word lists: the language, not one file ---------------------------------------------- */

/* The words live in data/lexicon/vi.tsv (src/core/lexicon.h), each with its class: "action"
 * (a clause that begins with one states something to achieve), "achievement" (states an
 * achievement even outside a numbered list), "grade" (after a number, makes it a grade: "3
 * sao"), "counted" (what a word numeral counts: "hai thôn"), "place" (a classifier before a
 * proper name: "thôn Thái Lai"). */

/* ---- numbers: which are targets ---------------------------------------------------------- */

typedef struct num {
    size_t at, len; /* in the lower-case clause */
    double v;
    bool masked;
    bool baseline; /* a year after "so với": kept for target_parse */
    bool per;      /* "bác sĩ/1.000 dân": part of the unit, kept for target_parse */
} num;

static bool word_before(const char *low, size_t at, const char *w)
{
    size_t n = strlen(w);
    size_t e = at;
    while (e && low[e - 1] == ' ')
        e--;
    return e >= n && memcmp(low + e - n, w, n) == 0 && (e == n || low[e - n - 1] == ' ' || low[e - n - 1] == '(');
}

static bool word_after(const char *p, const char *w)
{
    while (*p == ' ')
        p++;
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 && (p[n] == '\0' || p[n] == ' ' || strchr(",.;:)/\"", p[n]));
}

static bool unit_after(const char *p)
{
    while (*p == ' ')
        p++;
    if (*p == '%')
        return true;
    for (const char *const *u = lexicon_words(LEX_COUNTED); *u; u++)
        if (word_after(p, *u))
            return true;
    for (const char *const *u = lexicon_words(LEX_MEASURE); *u; u++)
        if (word_after(p, *u))
            return true;
    return false;
}

static size_t digits_at(const char *s, size_t i)
{
    size_t n = 0;
    while (is_digit(s[i + n]))
        n++;
    return n;
}

/* The length of a date at low + i ("19/6/2015", "31-12-2019", "05/12" after "ngày"), or 0. */
static size_t date_len(const char *low, size_t i)
{
    size_t a = digits_at(low, i);
    char sep = low[i + a];
    if (a < 1 || a > 2 || (sep != '/' && sep != '-'))
        return 0;
    size_t b = digits_at(low, i + a + 1);
    if (b < 1 || b > 2)
        return 0;
    int d = atoi(low + i), m = atoi(low + i + a + 1);
    if (d < 1 || d > 31 || m < 1 || m > 12)
        return 0;
    size_t end = i + a + 1 + b;
    if (low[end] == sep) {
        size_t y = digits_at(low, end + 1);
        if (y == 4 || y == 2)
            return end + 1 + y - i;
    }
    /* "ngày 05/12", and the time of day a report dates an event by: "chiều 28/8", "sáng 3/2" */
    bool day = false;
    for (const char *const *w = lexicon_words(LEX_DAY); *w && !day; w++)
        day = word_before(low, i, *w);
    return sep == '/' && day ? end - i : 0;
}

/* Finds the numbers of a lower-case clause and decides which are figures. orig is the clause
 * as written, with the same byte offsets (for capitals); NULL when they differ. */
static size_t find_numbers(arena *a, const char *low, const char *orig, num *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; low[i] && n < cap; i++) {
        if (!is_digit(low[i]) || (i && (is_digit(low[i - 1]) || low[i - 1] == '.' || low[i - 1] == ',')))
            continue;
        size_t dl = date_len(low, i);
        if (dl) {
            /* 19/6/2015, 31-12-2019, "ngày 05/12": a date is never a figure */
            num *k = &out[n++];
            memset(k, 0, sizeof *k);
            k->at = i;
            k->len = dl;
            k->masked = true;
            i += dl - 1;
            continue;
        }
        double v;
        size_t len = vnum_scan(low + i, &v);
        if (!len) {
            /* "8.99" and other non-Vietnamese forms: take the digits alone, masked */
            len = 1;
            while (is_digit(low[i + len]))
                len++;
            v = 0;
        }
        num *k = &out[n++];
        memset(k, 0, sizeof *k);
        k->at = i;
        k->len = len;
        k->v = v;
        const char *after = low + i + len;
        char prev = i ? low[i - 1] : ' ';
        /* glued to letters: "QL14B", "4.0" is fine but "F0" is a name */
        if (is_alpha_ascii(prev) || is_alpha_ascii(*after) || ((unsigned char)prev >= 0x80 && prev != ' '))
            k->masked = true;
        /* the denominator of "12-13/18 tiêu chí"; "bác sĩ/1.000 dân" is per so many, a unit */
        if (i >= 2 && low[i - 1] == '/' && is_digit(low[i - 2]))
            k->masked = true;
        else if (i >= 2 && low[i - 1] == '/' && low[i - 2] != ' ')
            k->masked = k->per = true;
        /* years: four digits without a unit */
        bool plain4 = len == 4 && v >= 1900 && v <= 2100 && v == (int)v;
        if (plain4 && (!unit_after(after) || word_before(low, i, "năm"))) {
            k->masked = true;
            for (const char *const *w = lexicon_words(LEX_BASELINE); *w && !k->baseline; w++)
                k->baseline = word_before(low, i, *w);
            if (word_before(low, i, "lần năm") && strstr(low, "gấp ")) /* "gấp đôi năm 2020" */
                k->baseline = true;
        }
        /* "mức độ 1", "thôn 9": the rule target_parse reads by too */
        if (!k->masked && target_number_is_label(low, i))
            k->masked = true;
        /* "2 lần" counts times, but "gấp 2 lần", "tăng 1,5 lần" is a multiple to reach */
        bool multiple = target_multiple_at(low, i);
        for (const char *const *w = lexicon_words(LEX_GRADE); *w && !k->masked && !multiple; w++)
            if (word_after(after, *w))
                k->masked = true;
        /* "trên 1 ha", "trên 1 vạn dân": a number of reference, not a figure */
        if ((word_before(low, i, "trên") || word_before(low, i, "mỗi")) && v == 1 && *after == ' ' &&
            !word_after(after, "%"))
            k->masked = true;
        /* part of a name: "Lão Phong 1" (two capitalised words before it) */
        if (orig && !k->masked && i >= 4) {
            size_t e = i;
            while (e && orig[e - 1] == ' ')
                e--;
            size_t s1 = e;
            while (s1 && orig[s1 - 1] != ' ')
                s1--;
            size_t e2 = s1;
            while (e2 && orig[e2 - 1] == ' ')
                e2--;
            size_t s2 = e2;
            while (s2 && orig[s2 - 1] != ' ')
                s2--;
            if (s1 < e && s2 < e2 && is_capital(a, orig + s1) && is_capital(a, orig + s2) && s2 > 0)
                k->masked = true;
        }
        i += len - 1;
    }
    /* "trẻ em dưới 5 tuổi … còn 18%": an age group describes who is counted when the clause
     * has another figure */
    size_t open = 0;
    for (size_t k = 0; k < n; k++)
        open += !out[k].masked;
    for (size_t k = 0; k < n && open > 1; k++)
        if (!out[k].masked && word_after(low + out[k].at + out[k].len, "tuổi")) {
            out[k].masked = true;
            open--;
        }
    /* a period: "tổng vốn đầu tư 5 năm đạt 180 tỷ đồng" is 180 tỷ đồng over five years, and
     * "6 tháng cuối năm", "3 năm đầu nhiệm kỳ" name when, never a figure */
    for (size_t k = 0; k < n; k++) {
        const char *after = low + out[k].at + out[k].len;
        while (*after == ' ')
            after++;
        size_t wl = word_after(after, "năm") ? strlen("năm") : word_after(after, "tháng") ? strlen("tháng") : 0;
        if (out[k].masked || !wl)
            continue;
        bool when = word_after(after + wl, "đầu") || word_after(after + wl, "cuối");
        if (when || open > 1) {
            out[k].masked = true;
            open--;
        }
    }
    return n;
}

/* A copy of low with the masked numbers' digits hidden from target_parse. */
static char *masked_text(arena *a, const char *low, const num *nums, size_t n)
{
    char *m = arena_strdup(a, low);
    for (size_t k = 0; k < n; k++) {
        if (!nums[k].masked || nums[k].baseline || nums[k].per)
            continue;
        /* the denominator of "12-13/18 tiêu chí" goes with its slash, leaving the unit after it */
        bool denominator = nums[k].at && m[nums[k].at - 1] == '/';
        for (size_t j = 0; j < nums[k].len; j++)
            if (is_digit(m[nums[k].at + j]) || (denominator && strchr(".,", m[nums[k].at + j])))
                m[nums[k].at + j] = denominator ? ' ' : 'x';
        if (denominator)
            m[nums[k].at - 1] = ' ';
    }
    return m;
}

/* The figures of a clause: unmasked numbers, counting "a - b" and "a đến b" once. */
static size_t figures(const char *low, const num *nums, size_t n, size_t *first_at, size_t *second_at)
{
    size_t count = 0;
    const num *last = NULL;
    for (size_t k = 0; k < n; k++) {
        if (nums[k].masked)
            continue;
        if (last) {
            const char *gap = low + last->at + last->len;
            size_t glen = nums[k].at - (last->at + last->len);
            char buf[32];
            if (glen < sizeof buf) {
                memcpy(buf, gap, glen);
                buf[glen] = '\0';
                char *g = trim(buf);
                if (*g == '%')
                    g = trim(g + 1);
                /* "từ 2,1% xuống còn 1,5%" is one figure too: where it starts, and the target */
                bool from_to = word_before(low, last->at, "từ") && *g && target_to_word(g) == strlen(g);
                if (strcmp(g, "-") == 0 || strcmp(g, "đến") == 0 || strcmp(g, "tới") == 0 || strcmp(g, "~") == 0 ||
                    from_to) {
                    last = &nums[k];
                    continue;
                }
            }
        }
        if (count == 0)
            *first_at = nums[k].at;
        else if (count == 1)
            *second_at = nums[k].at;
        count++;
        last = &nums[k];
    }
    return count;
}

/* ---- clauses ----------------------------------------------------------------------------- */

typedef struct clause {
    char *text;     /* as written */
    bool inner;     /* from inside parentheses */
    bool after_and; /* cut off the clause before it at " và " */
} clause;

static bool starts_with_action(const char *low)
{
    while (*low == ' ' || *low == '"')
        low++;
    for (const char *const *w = lexicon_words(LEX_ACTION); *w; w++)
        if (word_after(low, *w))
            return true;
    return false;
}

/* Cuts at ", " / " và " / ", trong đó" where a new action starts (and the part before has at
 * least three words) or where both parts hold a figure. */
static size_t split_commas(ctx *c, char *text, bool inner, clause *out, size_t cap)
{
    size_t n = 0;
    char *start = text;
    bool and_before = false;
    for (char *p = text; *p && n + 1 < cap;) {
        size_t sep = 0;
        if (p[0] == ',' && p[1] == ' ')
            sep = 2;
        else if (starts_with(p, " và "))
            sep = strlen(" và ");
        else if (starts_with(p, " trong đó"))
            sep = strlen(" trong đó");
        if (!sep) {
            p++;
            continue;
        }
        char *next = p + sep;
        while (*next == ' ' || *next == ':')
            next++;
        if (starts_with(next, "trong đó"))
            next += strlen("trong đó");
        while (*next == ' ' || *next == ':')
            next++;
        char *left = arena_strndup(c->a, start, (size_t)(p - start));
        char *low_left = vtext_lower(c->a, left), *low_right = vtext_lower(c->a, next);
        num nl[16], nr[16];
        size_t f1 = 0, f2 = 0, a1, a2;
        if (low_left && low_right) {
            size_t k1 = find_numbers(c->a, low_left, NULL, nl, 16), k2 = find_numbers(c->a, low_right, NULL, nr, 16);
            f1 = figures(low_left, nl, k1, &a1, &a2);
            f2 = figures(low_right, nr, k2, &a1, &a2);
        }
        bool action = low_right && starts_with_action(low_right) && count_words(left) >= 3;
        bool both = f1 > 0 && f2 > 0;
        bool lone = (starts_with(p, " trong đó") && f2 > 0) || (is_digit(*next) && count_words(left) >= 3);
        if (action || both || lone) {
            out[n].text = left;
            out[n].after_and = and_before;
            out[n++].inner = inner;
            and_before = sep == strlen(" và ");
            start = next;
            p = next;
        } else {
            p += sep;
        }
    }
    out[n].text = arena_strdup(c->a, start);
    out[n].after_and = and_before;
    out[n++].inner = inner;
    return n;
}

/* Cuts at ";" and sentence ends, then split_commas. */
static size_t split_clauses(ctx *c, const char *text, bool inner, clause *out, size_t cap)
{
    size_t n = 0;
    char *copy = arena_strdup(c->a, text), *start = copy;
    for (char *p = copy;; p++) {
        bool end = *p == '\0' || *p == ';' ||
                   (*p == '.' && (p[1] == '\0' || (p[1] == ' ' && !is_digit(p[2]))) && !(p > copy && is_digit(p[-1]) && is_digit(p[1])));
        if (!end)
            continue;
        char was = *p;
        *p = '\0';
        char *piece = trim(start);
        if (*piece && n < cap)
            n += split_commas(c, piece, inner, out + n, cap - n);
        if (was == '\0')
            break;
        start = p + 1;
    }
    return n;
}

/* ---- one clause -------------------------------------------------------------------------- */

typedef struct found {
    target t;
    const char *name;
} found;

/* Strips leading and trailing words that belong to the figure, not to the name (the lexicon's
 * classes "name-lead" and "name-tail"). */
static char *tidy_name(ctx *c, char *name)
{
    bool again = true;
    while (again) {
        again = false;
        name = trim(name);
        while (*name == ':' || *name == ',' || *name == '"' || *name == '-')
            name = trim(name + 1);
        const char *l = vtext_lower(c->a, name);
        if (!l || strlen(l) != strlen(name))
            break;
        for (const char *const *w = lexicon_words(LEX_NAME_LEAD); *w; w++)
            if (word_after(l, *w)) {
                name += strlen(*w);
                again = true;
                break;
            }
        size_t n = strlen(name);
        while (n && strchr(" :,", name[n - 1]))
            name[--n] = '\0';
        for (const char *const *w = lexicon_words(LEX_NAME_TAIL); *w && !again; w++) {
            size_t wl = strlen(*w);
            if (n >= wl && memcmp(l + n - wl, *w, wl) == 0 && (n == wl || l[n - wl - 1] == ' ')) {
                name[n - wl] = '\0';
                again = true;
            }
        }
    }
    return name;
}

/* The name: what comes before the figure's verb or colon, else the words after the figure. */
static const char *name_of(ctx *c, const char *orig, const char *low, size_t at)
{
    static const char *const cuts[] = {":", " đạt ", " tăng ", " giảm ", " gấp ", " duy trì ", " là ", NULL};
    const char *src = strlen(orig) == strlen(low) ? orig : low;
    size_t from = 0;
    /* a label ends at its colon: "Tỷ lệ người dân tham gia BHYT: trên 97,2%" */
    const char *colon = strchr(low, ':');
    if (colon && (size_t)(colon - low) < at) {
        char *name = tidy_name(c, arena_strndup(c->a, src, (size_t)(colon - low)));
        const char *l = vtext_lower(c->a, name);
        /* "Cơ cấu kinh tế: nông nghiệp 25%": what follows the colon names the part */
        char *part = tidy_name(c, arena_strndup(c->a, src + (colon - low) + 1, at - (size_t)(colon - low) - 1));
        const char *lp = vtext_lower(c->a, part);
        if (at < strlen(low) && *name && *part && lp && !starts_with_action(lp) && !starts_with(lp, "so với") &&
            count_words(lp) <= 6)
            return arena_printf(c->a, "%s: %s", name, part);
        if (*name && !(l && starts_with_action(l) && count_words(l) <= 2))
            return name;
    }
    for (int round = 0; round < 4; round++) {
        size_t end = at;
        for (const char *const *w = cuts; *w; w++) {
            const char *p = strstr(low + from, *w);
            if (p && (size_t)(p - low) < end)
                end = (size_t)(p - low);
        }
        char *name = tidy_name(c, arena_strndup(c->a, src + (round ? from : 0), end - (round ? from : 0)));
        const char *l = vtext_lower(c->a, name);
        /* "Tốc độ tăng trưởng … đạt": a cut that leaves two words was inside the name */
        bool short_name = count_words(name) <= 2 && end < at && !round;
        if (short_name) {
            from = end + 1;
            const char *const *w = cuts;
            size_t next = at;
            for (; *w; w++) {
                const char *p = strstr(low + from, *w);
                if (p && (size_t)(p - low) < next)
                    next = (size_t)(p - low);
            }
            name = tidy_name(c, arena_strndup(c->a, src, next));
            l = vtext_lower(c->a, name);
        }
        if (*name && !(l && starts_with_action(l) && count_words(l) <= 2))
            return name;
        if (end >= at)
            break;
        from = end + 1;
    }
    /* "100% cơ quan, đơn vị sử dụng văn bản điện tử": the words after the figure */
    /* past the figure and what belongs to it: "95% trở lên", "85% đến 90%" */
    const char *p = src + at, *lp = low + at;
    for (bool more = true; more;) {
        more = false;
        while (*p && (is_digit(*p) || strchr(".,%-/ ", *p)))
            p++, lp++;
        static const char *const figure_words[] = {"trở lên", "trở xuống", "đến ", "tới ", NULL};
        for (const char *const *w = figure_words; *w && !more; w++)
            if (starts_with(lp, *w) && (w - figure_words < 2 || is_digit(lp[strlen(*w)]))) {
                p += strlen(*w);
                lp += strlen(*w);
                more = true;
            }
    }
    char *after = tidy_name(c, arena_strdup(c->a, p));
    return *after ? after : tidy_name(c, arena_strndup(c->a, src, at));
}

/* "NTM", "OCOP": an acronym, not a proper name. */
static bool acronym(const char *p)
{
    return p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z';
}

/* Proper names after a place word: "thôn Thái Lai, Thôn Lão Phong 1, thôn 9 là …" gives the
 * items when the names are what the clause is about (after "là" or a count, or before "là",
 * "đạt", "hoàn thành"). */
static size_t named_places(ctx *c, const char *orig, const char *low, const char ***items)
{
    size_t n = 0, cap = 16;
    const char **list = arena_calloc(c->a, cap, sizeof *list);
    bool valid = false;
    if (strlen(orig) != strlen(low))
        return 0;
    for (size_t i = 0; low[i] && n < cap; i++) {
        if (i && low[i - 1] != ' ' && low[i - 1] != '(' && low[i - 1] != ',')
            continue;
        const char *const *w = lexicon_words(LEX_PLACE);
        while (*w && !word_after(low + i, *w))
            w++;
        if (!*w)
            continue;
        size_t wl = strlen(*w), j = i + wl;
        if (low[j] != ' ')
            continue;
        j++;
        size_t name_start = j, name_end = j;
        /* capitalised words, then an optional number: "Lão Phong 1"; or a number: "thôn 9" */
        while (orig[j] && ((is_capital(c->a, orig + j) && !acronym(orig + j)) ||
                           (is_digit(orig[j]) && name_end >= name_start))) {
            bool digit = is_digit(orig[j]);
            while (orig[j] && orig[j] != ' ' && orig[j] != ',' && orig[j] != ';' && orig[j] != '.' && orig[j] != '"')
                j++;
            name_end = j;
            if (digit || orig[j] != ' ')
                break;
            j++;
        }
        if (name_end == name_start)
            continue;
        /* the place word capitalised as the plan writes names: "Thôn Thái Lai" */
        const char *cap_word = arena_strndup(c->a, orig + i, wl);
        const char *up = NULL;
        if ((unsigned char)cap_word[0] < 0x80) {
            char *u = arena_strdup(c->a, cap_word);
            u[0] = (char)toupper((unsigned char)u[0]);
            up = u;
        } else {
            up = cap_word;
        }
        list[n++] = arena_printf(c->a, "%s %.*s", up, (int)(name_end - name_start), orig + name_start);
        /* is this run of names the subject? */
        const char *before = low;
        size_t b = i;
        while (b && low[b - 1] == ' ')
            b--;
        if (word_before(before, b, "là") || word_before(before, b, "thành công") ||
            (b && is_digit(low[b - 1 - (low[b - 1] == ' ')])))
            valid = true;
        const char *rest = low + name_end;
        while (*rest == ' ' || *rest == '"')
            rest++;
        if (word_after(rest, "là") || word_after(rest, "đạt") || word_after(rest, "hoàn thành"))
            valid = true;
        if (i >= 2 && b >= 2) {
            /* "2 xã Long Khánh": a count just before the place word */
            size_t k = b;
            while (k && low[k - 1] != ' ')
                k--;
            if (is_digit(low[k]))
                valid = true;
        }
        i = name_end ? name_end - 1 : i;
    }
    *items = list;
    return valid ? n : 0;
}

/* The place word at low + i ("xã", "thôn", "tổ dân phố"), its length, or 0. */
static size_t place_word_at(const char *low, size_t i)
{
    for (const char *const *w = lexicon_words(LEX_PLACE); *w; w++)
        if (word_after(low + i, *w) && (low[i + strlen(*w)] == ' ' || low[i + strlen(*w)] == ':'))
            return strlen(*w);
    return 0;
}

static const char *capitalised(ctx *c, const char *word)
{
    char *u = arena_strdup(c->a, word);
    if (*u >= 'a' && *u <= 'z')
        *u = (char)toupper((unsigned char)*u);
    return u;
}

/* A list of named places: "các xã: Bình An, Bình Hòa; Tân Lập đạt chuẩn nông thôn mới" (the
 * parentheses that say where each lies already set apart), "các thôn: thôn 3, Lão Phong 1 và
 * Trà Giang 2 hoàn thành …". The names, separated by ",", ";" or "và", are each an item (a
 * name may end in a number: it is a name, not a figure), when what follows states what they
 * are to achieve. One checklist, never a target per ";". */
static bool place_list(ctx *c, const char *orig, target *t, const char **name)
{
    const char *low = vtext_lower(c->a, orig);
    if (!low || strlen(low) != strlen(orig))
        return false;
    for (const char *at = strstr(low, "các "); at; at = strstr(at + 1, "các ")) {
        size_t i = (size_t)(at - low) + strlen("các ");
        size_t pw = place_word_at(low, i);
        if (!pw)
            continue;
        const char *word = arena_strndup(c->a, low + i, pw);
        size_t j = i + pw;
        while (low[j] == ' ' || low[j] == ':')
            j++;
        const char **items = arena_calloc(c->a, 32, sizeof *items);
        size_t n = 0;
        for (;;) {
            size_t own = place_word_at(low, j);
            const char *item_word = own ? arena_strndup(c->a, low + j, own) : word;
            size_t k = own ? j + own + 1 : j, start = k, end = k;
            while (orig[k] && (is_capital(c->a, orig + k) || (is_digit(orig[k]) && (end > start || own)))) {
                bool digit = is_digit(orig[k]);
                while (orig[k] && !strchr(" ,;.", orig[k]))
                    k++;
                end = k;
                if (digit || orig[k] != ' ')
                    break;
                k++;
            }
            if (end == start || n == 32)
                break;
            items[n++] = arena_printf(c->a, "%s %.*s", capitalised(c, item_word), (int)(end - start), orig + start);
            j = end;
            while (low[j] == ' ')
                j++;
            if (low[j] == ',' || low[j] == ';')
                j++;
            else if (word_after(low + j, "và"))
                j += strlen("và");
            else
                break;
            while (low[j] == ' ')
                j++;
        }
        bool stated = false;
        for (const char *const *w = lexicon_words(LEX_STATE); *w && !stated; w++)
            stated = word_after(low + j, *w);
        if (n < 2 || !stated)
            continue;
        *t = (target){.op = TARGET_LIST, .text = arena_strdup(c->a, orig), .items = items, .n_items = n};
        char *what = arena_strdup(c->a, orig + j);
        size_t wl = strlen(what);
        while (wl && strchr(" .;", what[wl - 1]))
            what[--wl] = '\0';
        *name = arena_printf(c->a, "Các %s %s", word, what);
        return true;
    }
    return false;
}

/* Word numerals before a count unit become digits: "Hai xã" → "2 xã", "một xã" → "1 xã"; and
 * multiples: "gấp đôi" → "gấp 2 lần". */
static char *word_numerals(ctx *c, const char *s)
{
    static const char *const words[] = {"một", "hai", "ba", "bốn", "sáu", "bảy", "tám", "chín", "mười", NULL};
    static const char *const digits[] = {"1", "2", "3", "4", "6", "7", "8", "9", "10"};
    s = target_multiple_digits(c->a, s); /* "gấp đôi" → "gấp 2 lần" */
    char *low = vtext_lower(c->a, s);
    if (!low || strlen(low) != strlen(s))
        return arena_strdup(c->a, s);
    char *out = arena_strdup(c->a, s);
    for (int w = 0; words[w]; w++) {
        size_t wl = strlen(words[w]);
        for (char *p = strstr(low, words[w]); p; p = strstr(p + 1, words[w])) {
            if ((p != low && p[-1] != ' ') || p[wl] != ' ')
                continue;
            bool unit = false;
            for (const char *const *u = lexicon_words(LEX_COUNTED); *u && !unit; u++)
                unit = word_after(p + wl, *u);
            if (!unit)
                continue;
            size_t at = (size_t)(p - low), dl = strlen(digits[w]);
            memcpy(out + at, digits[w], dl);
            memmove(out + at + dl, out + at + wl, strlen(out + at + wl) + 1);
            memcpy(low + at, digits[w], dl);
            memmove(low + at + dl, low + at + wl, strlen(low + at + wl) + 1);
        }
    }
    return out;
}

/* Where a clause talks about the targets ("các chỉ tiêu", "một số chỉ tiêu", "21 chỉ tiêu"), or
 * NULL; "12/12 chỉ tiêu" is one target, reached in full. */
static const char *meta_at(const char *low)
{
    const char *at = NULL;
    for (const char *const *m = lexicon_words(LEX_META); *m; m++) {
        const char *p = strstr(low, *m);
        if (p && (!at || p < at))
            at = p;
    }
    for (const char *p = strstr(low, " chỉ tiêu"); p; p = strstr(p + 1, " chỉ tiêu")) {
        const char *d = p;
        while (d > low && is_digit(d[-1]))
            d--;
        if (d < p && !(d > low && d[-1] == '/') && (!at || d < at))
            at = d;
    }
    return at;
}

static bool is_meta(const char *low)
{
    return meta_at(low) != NULL;
}

/* A clause that talks about the targets may still state one: "… một số chỉ tiêu như tổng giá
 * trị sản xuất đạt 8.057 tỷ đồng" names it after "như" / ":" / "là" / "gồm"; "Giữ vững 5/5
 * phường văn minh là một trong những chỉ tiêu …" before "là". Returns that part (of orig), or
 * NULL when the clause only talks about the targets. */
static char *meta_rest(ctx *c, const char *orig, const char *low)
{
    const char *m = meta_at(low);
    if (!m || strlen(orig) != strlen(low))
        return NULL;
    static const char *const opens[] = {":", " như ", " gồm ", " là ", NULL};
    const char *after = NULL;
    size_t skip = 0;
    for (const char *const *o = opens; *o; o++) {
        const char *p = strstr(m, *o);
        if (p && (!after || p < after)) {
            after = p;
            skip = strlen(*o);
        }
    }
    if (after) {
        char *rest = trim(arena_strdup(c->a, orig + (after - low) + skip));
        while (*rest == ':')
            rest = trim(rest + 1);
        const char *lr = vtext_lower(c->a, rest);
        if (*rest && lr && !is_meta(lr))
            return rest;
    }
    static const char *const tails[] = {" là một trong", " là", NULL};
    size_t end = (size_t)(m - low);
    for (const char *const *t = tails; *t; t++) {
        size_t tl = strlen(*t);
        while (end >= tl && low[end - 1] == ' ')
            end--;
        if (end >= tl && memcmp(low + end - tl, *t, tl) == 0)
            end -= tl;
    }
    char *before = trim(arena_strndup(c->a, orig, end));
    return *before && has_digit(before) ? before : NULL;
}

/* Reads one clause; returns the number of targets put in out. */
static size_t read_clause(ctx *c, const clause *cl, bool numbered, found *out, size_t cap)
{
    char *orig = trim(word_numerals(c, cl->text));
    size_t quotes = 0;
    for (const char *q = orig; *q; q++)
        quotes += *q == '"';
    if (quotes % 2) /* a quote opened on another clause, or a typo: "giữ vững” các trường" */
        remove_all(orig, "\"");
    while (*orig == '"' || *orig == '*' || *orig == '-' || *orig == '+')
        orig = trim(orig + 1);
    size_t n = 0;
    char *low = vtext_lower(c->a, orig);
    if (!low || !*low)
        return 0;
    if (is_meta(low)) {
        clause part = *cl;
        part.text = meta_rest(c, orig, low);
        return part.text ? read_clause(c, &part, numbered, out, cap) : 0;
    }
    bool same = strlen(low) == strlen(orig);
    num nums[32];
    size_t nn = find_numbers(c->a, low, same ? orig : NULL, nums, 32), a1 = 0, a2 = 0;
    size_t nf = figures(low, nums, nn, &a1, &a2);
    if (nf > 0) {
        char *m = masked_text(c->a, low, nums, nn);
        /* read from the figure's own phrase: the text before it up to the figure, and after */
        target t;
        td_error e = {0};
        const char *phrase = m;
        if (nf > 1) /* a second figure that did not split off: keep the first only */
            phrase = arena_strndup(c->a, m, a2);
        if (target_parse(c->a, phrase, &t, &e) == TD_OK && t.has_value) {
            t.text = arena_strdup(c->a, orig);
            if (t.unit && same) {
                /* the unit as the document writes it */
                const char *u = strstr(phrase + a1, t.unit);
                if (u)
                    t.unit = arena_strndup(c->a, orig + (u - phrase), strlen(t.unit));
            }
            out[n].t = t;
            out[n++].name = name_of(c, orig, low, a1);
        }
    }
    const char **items = NULL;
    size_t ni = n < cap ? named_places(c, orig, low, &items) : 0;
    if (ni) {
        target t = {.text = arena_strdup(c->a, orig), .op = TARGET_LIST, .items = items, .n_items = ni};
        out[n].t = t;
        out[n++].name = name_of(c, orig, low, strlen(low));
        return n;
    }
    if (n || nf > 0)
        return n;
    /* no figure: "as assigned", or an achievement */
    target t = {.text = arena_strdup(c->a, orig)};
    if (target_assigned_phrase(low)) {
        t.op = TARGET_ASSIGNED;
    } else {
        bool ach = false;
        for (const char *const *w = lexicon_words(LEX_ACHIEVEMENT); *w && !ach; w++) {
            const char *at = strstr(low, *w);
            if (!at)
                continue;
            /* the comma-separated part that states it must be short: a long sentence is prose */
            const char *from = at, *to = at;
            while (from > low && !(from[-1] == ',' || from[-1] == ':'))
                from--;
            while (*to && *to != ',')
                to++;
            ach = count_words(arena_strndup(c->a, from, (size_t)(to - from))) <= 24;
        }
        bool yes = (numbered && starts_with_action(low) && count_words(low) >= 2) ||
                   (ach && !strstr(low, "nhằm") && !starts_with(low, "đây là"));
        if (!yes)
            return 0;
        t.op = TARGET_DONE;
        /* "nâng tỉ lệ …" without a figure is a rate to raise: read as target_parse reads it */
        td_error e = {0};
        if (target_raise_phrase(low) && target_parse(c->a, orig, &t, &e) != TD_OK)
            return 0;
    }
    out[n].t = t;
    out[n++].name = t.op == TARGET_ASSIGNED ? name_of(c, orig, low, strlen(low)) : orig;
    return n;
}

/* ---- lines ------------------------------------------------------------------------------- */

/* Money in two parts is one figure: "405 tỷ 449 triệu đồng" is 405,449 tỷ đồng, "12 triệu 500
 * nghìn đồng" 12,5 triệu đồng; the smaller part is thousandths of the larger. */
static char *money_in_one(ctx *c, char *s)
{
    static const struct {
        const char *big, *small;
    } pairs[] = {{" tỷ ", " triệu"}, {" tỉ ", " triệu"}, {" triệu ", " nghìn"}, {" triệu ", " ngàn"}};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        for (char *p = strstr(s, pairs[k].big); p; p = strstr(p + 1, pairs[k].big)) {
            if (p == s || !is_digit(p[-1]))
                continue;
            char *m = p + strlen(pairs[k].big);
            size_t d = digits_at(m, 0);
            if (d == 0 || d > 3 || !word_after(m + d, pairs[k].small + 1))
                continue;
            /* the larger part must be a whole number: "1,5 tỷ 200 triệu" is not written */
            char *b = p;
            while (b > s && (is_digit(b[-1]) || b[-1] == '.'))
                b--;
            if (b > s && b[-1] == ',')
                continue;
            char frac[4] = "000";
            memcpy(frac + 3 - d, m, d);
            size_t fl = 3;
            while (fl && frac[fl - 1] == '0')
                fl--;
            frac[fl] = '\0';
            const char *tail = m + d + strlen(pairs[k].small);
            char *out = arena_printf(c->a, "%.*s%s%s%.*s%s", (int)(p - s), s, fl ? "," : "", frac,
                                     (int)strlen(pairs[k].big) - 1, pairs[k].big, tail);
            size_t at = (size_t)(p - s);
            s = out;
            p = s + at;
        }
    }
    return s;
}

/* Markdown emphasis and quotes out; LaTeX and dashes plain. */
static char *clean_line(ctx *c, const char *line)
{
    char *s = target_plain(c->a, line);
    remove_all(s, "**");
    remove_all(s, "__");
    for (char *p = s; *p; p++)
        if (*p == '*' && !(p[1] == ')' && p > s && p[-1] == '('))
            *p = ' ';
    static const char *const quotes[] = {"“", "”", "‘", "’", "«", "»", NULL};
    for (const char *const *q = quotes; *q; q++) {
        char *p;
        while ((p = strstr(s, *q)) != NULL) {
            size_t ql = strlen(*q);
            *p = '"';
            memmove(p + 1, p + ql, strlen(p + ql) + 1);
        }
    }
    remove_all(s, "…");
    s = money_in_one(c, s);
    /* collapse spaces */
    char *w = s;
    for (char *r = s; *r; r++)
        if (!(*r == ' ' && (w == s || w[-1] == ' ')))
            *w++ = *r == '\t' ? ' ' : *r;
    *w = '\0';
    return trim(s);
}

typedef enum numbering { NUM_NONE, NUM_TOP, NUM_SUB, NUM_SECTION, NUM_DOTTED } numbering;

/* "2.1.3. " or "2.1.3 ": a code of two or more parts of one or two digits (so "1.250 tỷ
 * đồng", a thousand, is not one); returns its length, 0 when there is none. */
static size_t dotted_code(const char *s, char **rest)
{
    const char *p = s;
    int parts = 0;
    for (;;) {
        size_t d = 0;
        while (is_digit(p[d]))
            d++;
        if (d == 0 || d > 2)
            return 0;
        parts++;
        p += d;
        if (*p != '.' || !is_digit(p[1]))
            break;
        p++;
    }
    size_t len = (size_t)(p - s);
    if (parts < 2)
        return 0;
    if ((*p == '.' || *p == ')') && p[1] == ' ')
        p++;
    else if (*p != ' ')
        return 0;
    *rest = trim((char *)p);
    return len;
}

/* Reads the numbering at the start of s; *rest is after it; *value the number, or for
 * NUM_DOTTED the length of the code at s. */
static numbering read_numbering(char *s, char **rest, int *value)
{
    char *p = s;
    *value = 0;
    size_t dl = dotted_code(s, rest);
    if (dl) {
        *value = (int)dl;
        return NUM_DOTTED;
    }
    if (*p == '(' && is_digit(p[1])) {
        int v = 0;
        p++;
        while (is_digit(*p))
            v = v * 10 + (*p++ - '0');
        if (*p == ')') {
            *value = v;
            *rest = trim(p + 1);
            return NUM_TOP;
        }
        p = s;
    }
    if (starts_with(p, "Điều ") && is_digit(p[strlen("Điều ")])) {
        p += strlen("Điều ");
        while (is_digit(*p))
            p++;
        if (*p == '.' || *p == ':')
            p++;
        *rest = trim(p);
        return NUM_SECTION;
    }
    /* "Chỉ tiêu 1:", "Mục tiêu số 2." — a label that numbers the target, not its figure */
    static const char *const labels[] = {"Chỉ tiêu số ", "Chỉ tiêu ", "chỉ tiêu ", "CHỈ TIÊU ", "Mục tiêu số ",
                                         "Mục tiêu ", "Nhiệm vụ ", NULL};
    for (const char *const *l = labels; *l; l++) {
        if (!starts_with(p, *l) || !is_digit(p[strlen(*l)]))
            continue;
        char *q = p + strlen(*l);
        int v = 0;
        while (is_digit(*q) && v < 1000)
            v = v * 10 + (*q++ - '0');
        if (*q == ':' || ((*q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\0'))) {
            *value = v;
            *rest = trim(q + 1);
            return NUM_TOP;
        }
    }
    if (is_digit(*p)) {
        int v = 0;
        while (is_digit(*p) && v < 1000)
            v = v * 10 + (*p++ - '0');
        if ((*p == '.' || *p == ')') && (p[1] == ' ' || p[1] == '\0')) {
            *value = v;
            *rest = trim(p + 1);
            return NUM_TOP;
        }
        return NUM_NONE;
    }
    if ((*p == 'I' || *p == 'V' || *p == 'X') ) {
        char *q = p;
        while (*q == 'I' || *q == 'V' || *q == 'X')
            q++;
        if (*q == '.' && q[1] == ' ') {
            *rest = trim(q + 1);
            return NUM_SECTION;
        }
    }
    if ((*p == '+' || *p == '-' || *p == '*') && p[1] == ' ') {
        *rest = trim(p + 1);
        return NUM_SUB;
    }
    if (starts_with(p, "•") || starts_with(p, "–")) {
        *rest = trim(p + strlen("•"));
        return NUM_SUB;
    }
    if (*p >= 'a' && *p <= 'z' && p[1] == ')' && p[2] == ' ') {
        *rest = trim(p + 2);
        return NUM_SUB;
    }
    return NUM_NONE;
}

/* Sets parentheses apart: outer text with them removed, inner texts in order. */
static size_t take_parentheses(ctx *c, char *s, char **inner, size_t cap)
{
    size_t n = 0;
    char *w = s;
    for (char *r = s; *r;) {
        if (*r == '(') {
            int depth = 1;
            char *q = r + 1;
            while (*q && depth) {
                depth += *q == '(';
                depth -= *q == ')';
                if (depth)
                    q++;
            }
            if (n < cap)
                inner[n++] = arena_strndup(c->a, r + 1, (size_t)(q - r - 1));
            r = *q ? q + 1 : q;
            *w++ = ' ';
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
    return n;
}

static const char *code_for(ctx *c, int k, int total)
{
    const char *top = c->dotted ? c->dotted : arena_printf(c->a, "%d", c->top);
    const char *base = c->sub ? arena_printf(c->a, "%s.%d", top, c->sub) : top;
    return total == 1 ? base : arena_printf(c->a, "%s.%d", base, k);
}

/* ---- tables: a layout stage -------------------------------------------------------------- */

/* A table reaches a commune as Markdown ("| a | b |"), as cells separated by "|" without edge
 * pipes (and so a .docx: service/doctext joins a Word row's cells with " | "), or as a row of
 * cells separated by tabs (copied from Word or Excel). Whatever the notation, a row is cut into
 * its cells, the header (when there is one) decides the role of each column, and each row's
 * target cell is read by the same phrase reader as running text, named by its label cell. */

#define MAX_CELLS 24

/* Cuts a "|" row into its cells; the edge pipes of Markdown go, empty cells stay so that the
 * columns line up with the header. */
static int split_cells(char *line, char **cells)
{
    char *p = trim(line);
    if (*p == '|')
        p++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '|')) {
        bool pipe = p[n - 1] == '|';
        p[--n] = '\0';
        if (pipe)
            break;
    }
    int k = 0;
    for (char *s = p; k < MAX_CELLS;) {
        char *bar = strchr(s, '|');
        if (bar)
            *bar = '\0';
        cells[k++] = trim(s);
        if (!bar)
            break;
        s = bar + 1;
    }
    return k;
}

typedef enum cell_number { CELL_NOT, CELL_ARABIC, CELL_DOTTED, CELL_ROMAN, CELL_LETTER, CELL_BULLET } cell_number;

/* The numbering column (TT, STT): "1", "1.", "1)", "1.2", "I", "II.", "a", "a)", "-", "+". */
static cell_number numbering_cell(const char *s, int *value)
{
    size_t n = strlen(s);
    *value = 0;
    if (n == 0 || n > 8)
        return CELL_NOT;
    if (n == 1 && strchr("-+*•", *s))
        return CELL_BULLET;
    size_t d = digits_at(s, 0);
    if (d > 0 && d <= 3) {
        const char *p = s + d;
        bool dotted = false;
        while (*p == '.' && is_digit(p[1])) {
            dotted = true;
            p += 1 + digits_at(p + 1, 0);
        }
        if (*p == '.' || *p == ')')
            p++;
        if (*p)
            return CELL_NOT;
        *value = atoi(s);
        return dotted ? CELL_DOTTED : CELL_ARABIC;
    }
    size_t r = strspn(s, "IVX");
    if (r > 0 && (s[r] == '\0' || ((s[r] == '.' || s[r] == ')') && s[r + 1] == '\0')))
        return CELL_ROMAN;
    if (*s >= 'a' && *s <= 'z' && (s[1] == '\0' || ((s[1] == '.' || s[1] == ')') && s[2] == '\0')))
        return CELL_LETTER;
    return CELL_NOT;
}

/* A letter, Vietnamese ones included (their UTF-8 lead bytes; "≥", "≤" lead with 0xE2). */
static bool has_letter(const char *s)
{
    for (; *s; s++) {
        unsigned char b = (unsigned char)*s;
        if (is_alpha_ascii(*s) || (b >= 0xC3 && b <= 0xC6) || b == 0xE1)
            return true;
    }
    return false;
}

/* A year named in a header cell ("Kế hoạch 2026", "Năm 2025"), 0 when none. */
static int header_year(const char *l)
{
    for (size_t i = 0; l[i]; i++)
        if (is_digit(l[i]) && (i == 0 || !is_digit(l[i - 1])) && digits_at(l, i) == 4) {
            int y = atoi(l + i);
            if (y >= 1950 && y < 2150)
                return y;
        }
    return 0;
}

/* Words that open a header cell; a row whose every filled cell opens with one is a header. */
/* Header words of a figure column that is not the target: results, estimates, comparisons. */
/* Header words of the column that holds the target. */

static bool opens_with(const char *l, const char *const *words)
{
    for (const char *const *w = words; *w; w++) {
        size_t n = strlen(*w);
        if (strncmp(l, *w, n) == 0 && (l[n] == '\0' || !is_alpha_ascii(l[n])) &&
            ((unsigned char)l[n] < 0x80 || (*w)[n - 1] == ' '))
            return true;
    }
    return false;
}

/* A header cell opens with a header word or a word that heads a plan or actual column
 * ("Phấn đấu 2026" heads the targets). */
static bool is_header_word(const char *l)
{
    return opens_with(l, lexicon_words(LEX_HEADER)) || opens_with(l, lexicon_words(LEX_PLAN_COLUMN)) ||
           opens_with(l, lexicon_words(LEX_ACTUAL_COLUMN));
}

/* Reads a header row into the table's column roles; false when the row is not a header. */
static bool table_header(ctx *c, char **cells, int n)
{
    int filled = 0, name = -1, unit = -1, planc = -1, latest = -1, latest_year = 0;
    char *lows[MAX_CELLS];
    for (int i = 0; i < n; i++) {
        lows[i] = *cells[i] ? vtext_lower(c->a, cells[i]) : NULL;
        if (!*cells[i])
            continue;
        filled++;
        if (!lows[i] || !(is_header_word(lows[i]) || (header_year(lows[i]) && strlen(lows[i]) <= 6)))
            return false;
    }
    if (filled < 2)
        return false;
    int plan_year = 0;
    for (int y = 0; y < 200; y++)
        if (c->year_votes[y] && (!plan_year || c->year_votes[y] >= c->year_votes[plan_year - 1950]))
            plan_year = 1950 + y;
    int year_col = -1;
    for (int i = 0; i < n; i++) {
        const char *l = lows[i];
        if (!l)
            continue;
        int y = header_year(l);
        bool actual = opens_with(l, lexicon_words(LEX_ACTUAL_COLUMN));
        bool plan = opens_with(l, lexicon_words(LEX_PLAN_COLUMN)) && !strstr(l, "thực hiện") && !strstr(l, "ước");
        if (planc < 0 && plan)
            planc = i;
        else if (unit < 0 && (starts_with(l, "đơn vị") || starts_with(l, "đvt")))
            unit = i;
        else if (name < 0 && !y && !actual && !plan && !opens_with(l, (const char *const[]){"tt", "stt", "số tt", NULL}))
            name = i;
        if (y && !actual && !plan) {
            if (y == plan_year)
                year_col = i;
            if (y >= latest_year) {
                latest_year = y;
                latest = i;
            }
        }
    }
    /* no column named kế hoạch / mục tiêu: the plan's own year, else the latest year that is
     * not a result ("Thực hiện 2025 | 2026") */
    if (planc < 0)
        planc = year_col >= 0 ? year_col : latest;
    if (name < 0 || planc < 0)
        return false;
    c->t_name = name;
    c->t_unit = unit;
    c->t_plan = planc;
    c->t_cols = n;
    /* a unit in the plan column's header: "Kế hoạch 2026 (tấn)" */
    const char *open = strchr(cells[planc], '('), *close = open ? strchr(open, ')') : NULL;
    c->t_head_unit = open && close && close > open + 1 && !has_digit(open)
                         ? arena_strndup(c->a, open + 1, (size_t)(close - open - 1))
                         : NULL;
    return true;
}

/* A unit at the end of a label: "Tổng vốn đầu tư (tỷ đồng)", "Tỷ lệ che phủ rừng (%)"; cut off
 * the label, returned. Parentheses with a figure ("(giá so sánh 2010)") are not a unit, but a
 * measure written with a digit is ("(m2)"). */
static const char *label_unit(ctx *c, char *label)
{
    size_t n = strlen(label);
    if (n < 3 || label[n - 1] != ')')
        return NULL;
    char *open = strrchr(label, '(');
    if (!open || open == label)
        return NULL;
    char *u = arena_strndup(c->a, open + 1, (size_t)(label + n - 1 - open - 1));
    u = trim(u);
    /* only a unit of measure: "(đa chiều)", "(GDP)" qualify the name */
    char *lu = vtext_lower(c->a, u);
    bool known = lu && unit_after(lu);
    /* a figure in them is no unit, unless it is part of one: "(m2)", "(m3)" */
    bool figure = has_digit(u);
    for (const char *const *w = lexicon_words(LEX_MEASURE); lu && figure && *w; w++)
        figure = strcmp(lu, *w) != 0;
    if (!*u || count_words(u) > 3 || !known || figure)
        return NULL;
    *open = '\0';
    trim(label);
    return u;
}

/* Reads a target cell the way running text is read: "tăng 6 - 7%", "> 1.800", "khoảng 4",
 * "Hoàn thành"; a remark in parentheses ("620 (tăng 12%)") is left out, and a year alone
 * ("cuối 2027", "2027") is a deadline: a yes/no target. */
static bool read_target_cell(ctx *c, const char *label, const char *cell, const char *unit, target *t)
{
    char *v = arena_strdup(c->a, cell);
    char *open = strchr(v, '(');
    if (open && open > v) {
        *open = '\0';
        v = trim(v);
    }
    if (!*v)
        return false;
    /* a cell copied from a spreadsheet in an English locale writes "42.5": a dot before one or two
     * digits is a decimal point there (a thousands dot has three after it) */
    for (char *p = v; *p; p++)
        if (*p == '.' && p > v && is_digit(p[-1]) && is_digit(p[1])) {
            size_t d = digits_at(p, 1);
            if (d < 3 && p[1 + d] != '.' && p[1 + d] != ',')
                *p = ',';
        }
    char *lv = vtext_lower(c->a, v), *lnm = vtext_lower(c->a, label);
    if (!lv)
        return false;
    num nums[8];
    size_t nn = find_numbers(c->a, lv, NULL, nums, 8), a1 = 0, a2 = 0;
    if (nn > 0 && figures(lv, nums, nn, &a1, &a2) == 0) {
        /* only a year or a date: when it is to be done */
        *t = (target){.op = TARGET_DONE, .text = v};
        return true;
    }
    bool own_change = strstr(lv, "tăng") || strstr(lv, "giảm") || strstr(lv, "thêm");
    const char *verb = own_change || !lnm || target_names_rate(lnm) ? ""
                       : strstr(lnm, "giảm")                        ? "giảm "
                       : strstr(lnm, "tăng")                        ? "tăng "
                                                                    : "";
    /* the unit goes after the figure unless the cell writes one */
    size_t last = 0;
    for (size_t i = 0; lv[i]; i++)
        if (is_digit(lv[i]))
            last = i + 1;
    bool written = last && (strchr(lv + last, '%') || has_letter(lv + last));
    const char *phrase = arena_printf(c->a, "%s%s %s", verb, v, unit && !written ? unit : "");
    td_error e = {0};
    if (target_parse(c->a, phrase, t, &e) != TD_OK)
        return false;
    t->text = v;
    return true;
}

/* Reads one table row; false when the line is not a row (then it is running text). */
static bool table_row(ctx *c, int line_no, const char *line)
{
    char *cells[MAX_CELLS];
    int n = split_cells(arena_strdup(c->a, line), cells);
    if (n < 2)
        return false;
    /* Markdown's rule under the header, "|---|:--:|", is not a row */
    bool rule = true;
    for (int i = 0; i < n && rule; i++)
        rule = strspn(cells[i], "-: ") == strlen(cells[i]);
    if (rule)
        return true;
    if (table_header(c, cells, n))
        return true;
    /* the numbering cell and the label: the first cell with words */
    int first = 0, value = 0;
    cell_number kind = CELL_NOT;
    while (first < n && (!*cells[first] || numbering_cell(cells[first], &value) != CELL_NOT))
        first++;
    if (first >= n || !has_letter(cells[first]))
        return n >= 3 || c->t_cols > 0;
    kind = first > 0 ? numbering_cell(cells[first - 1], &value) : CELL_NOT;
    char *label = arena_strdup(c->a, cells[first]);
    while (*label == '-' || *label == '+' || *label == ' ')
        label++;
    const char *unit = label_unit(c, label);
    const char *cell = NULL;
    if (c->t_cols > 0) {
        /* a row may lack the numbering cell: the label sets the offset */
        int shift = first - c->t_name;
        int ui = c->t_unit >= 0 ? c->t_unit + shift : -1, pi = c->t_plan + shift;
        if (ui >= 0 && ui < n && *cells[ui])
            unit = cells[ui];
        if (!unit)
            unit = c->t_head_unit;
        if (pi <= first || pi >= n || !*cells[pi])
            return true; /* a heading row of the table: "I | Chỉ tiêu kinh tế" */
        cell = cells[pi];
    } else {
        /* no header: a cell without a figure right after the label is its unit ("tấn"), and
         * one cell after that holds the target; several figure cells cannot be told apart */
        int k = first + 1;
        if (k + 1 < n && *cells[k] && !has_digit(cells[k]) && count_words(cells[k]) <= 3) {
            unit = cells[k];
            k++;
        }
        int filled = 0;
        for (int i = k; i < n; i++)
            if (*cells[i]) {
                filled++;
                cell = cells[i];
            }
        if (filled == 0) {
            if (kind == CELL_NOT && n < 3)
                return false;
            return true;
        }
        if (filled > 1) {
            add_unread(c, line_no, arena_strdup(c->a, line),
                       "bảng không có dòng tiêu đề: không rõ cột nào là kế hoạch");
            return true;
        }
    }
    target t;
    if (!read_target_cell(c, label, cell, unit, &t)) {
        add_unread(c, line_no, arena_strdup(c->a, line), "không đọc được mục tiêu trong cột kế hoạch");
        return true;
    }
    if (kind == CELL_LETTER || kind == CELL_BULLET) {
        if (c->top == 0)
            c->top = ++c->max_top;
        c->sub++;
    } else {
        c->top = kind == CELL_ARABIC && value > c->max_top ? value : c->max_top + 1;
        c->sub = 0;
        if (c->top > c->max_top)
            c->max_top = c->top;
    }
    c->dotted = kind == CELL_DOTTED ? arena_strdup(c->a, cells[first - 1]) : NULL;
    if (c->dotted) {
        size_t dl = strlen(c->dotted);
        while (dl && (c->dotted[dl - 1] == '.' || c->dotted[dl - 1] == ')'))
            ((char *)c->dotted)[--dl] = '\0';
        c->sub = 0;
    }
    add_target(c, line_no, code_for(c, 0, 1), label, &t);
    return true;
}

/* A row of cells separated by tabs becomes a "|" row: two tabs at least, or one that does not
 * follow a numbering ("1.\tTổng giá trị …" is a numbered paragraph copied from Word). */
static const char *tab_row(ctx *c, const char *raw)
{
    char *s = trim(arena_strdup(c->a, raw));
    char *tab = strchr(s, '\t');
    if (!tab)
        return raw;
    int tabs = 0;
    for (const char *p = s; *p; p++)
        tabs += *p == '\t';
    int v;
    char *head = trim(arena_strndup(c->a, s, (size_t)(tab - s)));
    if (tabs < 2 && numbering_cell(head, &v) != CELL_NOT)
        return raw;
    size_t n = strlen(s);
    char *out = arena_alloc(c->a, n * 3 + 1), *w = out;
    for (const char *p = s; *p; p++) {
        if (*p == '\t') {
            memcpy(w, " | ", 3);
            w += 3;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return out;
}

static void read_line(ctx *c, int line_no, const char *raw)
{
    char *line = clean_line(c, tab_row(c, raw));
    if (!*line)
        return;
    /* Markdown headings: sections, and whether they name targets */
    if (*line == '#') {
        char *h = line;
        while (*h == '#')
            h++;
        char *l = vtext_lower(c->a, h);
        c->in_section = l && (strstr(l, "chỉ tiêu") != NULL);
        c->top = c->sub = 0;
        c->past = false;
        return;
    }
    if (c->sections && !c->in_section)
        return;
    char *low = vtext_lower(c->a, line);
    if (!low)
        return;
    for (const char *y = strstr(low, "năm 2"); y; y = strstr(y + 1, "năm 2")) {
        int v = atoi(y + strlen("năm "));
        if (v >= 1950 && v < 2150)
            c->year_votes[v - 1950]++;
    }
    if (strchr(line, '|') && table_row(c, line_no, line))
        return;
    c->t_cols = 0; /* a line of running text ends the table */
    /* a narrative of results already achieved is not a target */
    bool goal = strstr(low, "mục tiêu") || strstr(low, "phấn đấu") || strstr(low, "chỉ tiêu") ||
                strstr(low, "đề ra") || strstr(low, "kế hoạch");
    bool done_marker = has_word(low, "đã");
    if (goal && !done_marker)
        c->past = false;
    if (done_marker && (strstr(low, "đạt") || strstr(low, "kết quả") || strstr(low, "đến nay")))
        c->past = true;
    if (c->past || done_marker) {
        bool digits = false;
        for (const char *p = low; *p && !digits; p++)
            digits = is_digit(*p);
        if (digits)
            add_unread(c, line_no, arena_strdup(c->a, line), "kết quả đã đạt, không phải chỉ tiêu");
        return;
    }

    char *rest = line;
    int value = 0;
    numbering nb = read_numbering(line, &rest, &value);
    bool numbered = nb == NUM_TOP || nb == NUM_SUB || nb == NUM_DOTTED;
    if (nb != NUM_SUB)
        c->dotted = NULL;
    if (nb == NUM_DOTTED) {
        c->dotted = arena_strndup(c->a, line, (size_t)value);
        c->sub = 0;
        if (atoi(line) > c->max_top)
            c->max_top = atoi(line);
    } else if (nb == NUM_TOP) {
        c->top = value;
        c->sub = 0;
        if (value > c->max_top)
            c->max_top = value;
    } else if (nb == NUM_SUB) {
        if (c->top == 0)
            c->top = ++c->max_top;
        c->sub++;
    } else if (nb == NUM_SECTION) {
        c->top = c->sub = 0;
    }

    if (numbered)
        add_group(c, line_no, code_for(c, 0, 1), arena_strdup(c->a, rest));

    char *inner[8];
    char *outer = arena_strdup(c->a, rest);
    size_t ni = take_parentheses(c, outer, inner, 8);
    /* a line about the targets ("Một số chỉ tiêu chủ yếu và 3 khâu đột phá") is not one */
    char *low_outer = vtext_lower(c->a, outer);
    if (low_outer && is_meta(low_outer) && !strchr(outer, ':') && !meta_rest(c, outer, low_outer))
        return;
    target lt;
    const char *lname;
    if (place_list(c, outer, &lt, &lname)) {
        /* the parentheses said where each place lies: they are not items or targets */
        if (nb == NUM_NONE) {
            c->top = ++c->max_top;
            c->sub = 0;
        }
        add_target(c, line_no, code_for(c, 0, 1), lname, &lt);
        return;
    }
    clause cls[MAX_CLAUSES];
    size_t nc = split_clauses(c, outer, false, cls, MAX_CLAUSES);
    for (size_t i = 0; i < ni && nc < MAX_CLAUSES; i++)
        nc += split_clauses(c, inner[i], true, cls + nc, MAX_CLAUSES - nc);

    found f[MAX_CLAUSES];
    bool is_inner[MAX_CLAUSES];
    size_t nf = 0, n_outer = 0;
    for (size_t i = 0; i < nc && nf < MAX_CLAUSES; i++) {
        size_t k = read_clause(c, &cls[i], numbered || c->sections, f + nf, MAX_CLAUSES - nf);
        /* "nâng tỉ lệ trường đạt chuẩn mức độ 2 và kiểm định chất lượng cấp độ 3": the rate to
         * raise governs both sides of "và" */
        const char *prev = nf ? vtext_lower(c->a, f[nf - 1].t.text) : NULL;
        if (k == 1 && cls[i].after_and && f[nf].t.op == TARGET_DONE && prev && target_raise_phrase(prev)) {
            const char *text = f[nf].t.text;
            f[nf].t = f[nf - 1].t;
            f[nf].t.text = text;
        }
        for (size_t j = 0; j < k; j++) {
            is_inner[nf + j] = cls[i].inner;
            n_outer += !cls[i].inner;
        }
        nf += k;
    }
    if (nf == 0) {
        /* a figure other than the numbering: "2.1. Về kinh tế" has none to review */
        bool digits = false;
        for (const char *p = rest; *p && !digits; p++)
            digits = is_digit(*p);
        /* "gấp nhiều lần": a multiple without its figure */
        bool multiple = strstr(low, "gấp ") || strstr(low, " lần so với");
        if (multiple)
            add_unread(c, line_no, arena_strdup(c->a, line),
                       "mục tiêu gấp nhiều lần năm gốc nhưng không nói gấp bao nhiêu lần: cần nhập tay");
        else if (digits && !is_meta(low) && nb != NUM_SECTION)
            add_unread(c, line_no, arena_strdup(c->a, line), "không thấy mục tiêu: số trên dòng là năm, ngày, "
                                                              "số thứ tự hoặc tên");
        return;
    }
    if (nb == NUM_NONE) {
        /* an unnumbered line of targets is an item of its own */
        c->top = ++c->max_top;
        c->sub = 0;
    }
    /* "Tổng thu … đạt 30 tỷ đồng, tăng 8% so với năm 2025": a clause that names nothing of
     * its own measures what the clause before it named */
    for (size_t i = 1; i < nf; i++) {
        const char *l = vtext_lower(c->a, f[i].name);
        const char *sv = l ? strstr(l, "so với") : NULL; /* "so với …", "ha so với năm trước" */
        if (!*f[i].name || (sv && count_words(arena_strndup(c->a, l, (size_t)(sv - l))) <= 2))
            f[i].name = f[i - 1].name;
    }
    /* one outer target owns the ones in its parentheses: 1.3 → 1.3.1, 1.3.2 */
    bool owner = n_outer == 1 && nf > 1 && !is_inner[0];
    for (size_t i = 0, k = 0; i < nf; i++) {
        const char *code;
        if (owner)
            code = i == 0 ? code_for(c, 0, 1) : arena_printf(c->a, "%s.%zu", code_for(c, 0, 1), i);
        else
            code = code_for(c, (int)++k, (int)nf);
        add_target(c, line_no, code, f[i].name, &f[i].t);
    }
}

td_status extract_plan(arena *a, const char *text, size_t len, extract_result *out, td_error *err)
{
    ctx c = {.a = a, .out = out, .t_name = -1, .t_unit = -1, .t_plan = -1};
    size_t bad = 0;

    memset(out, 0, sizeof *out);
    if (!vtext_utf8_valid(text, len, &bad)) {
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        return td_fail(err, TD_ERR_INPUT, "dòng %d: văn bản không phải UTF-8 hợp lệ", line);
    }
    char *copy = arena_strndup(a, text, len);
    /* NUL bytes would cut a line short; they have no meaning in a plan */
    for (size_t i = 0; i < len; i++)
        if (copy[i] == '\0')
            copy[i] = ' ';
    char *nfc = vtext_nfc(a, copy);
    if (!nfc)
        return td_fail(err, TD_ERR_INPUT, "văn bản không phải UTF-8 hợp lệ");

    /* first pass: do Markdown headings name the targets? */
    for (const char *p = nfc; *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (*p == '#') {
            char *h = vtext_lower(a, arena_strndup(a, p, l));
            if (h && strstr(h, "chỉ tiêu"))
                c.sections = true;
        }
        p += l + (e != NULL);
    }
    int line_no = 0;
    for (char *p = nfc; *p || line_no == 0;) {
        char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        line_no++;
        char *line = arena_strndup(a, p, l);
        read_line(&c, line_no, line);
        if (!e)
            break;
        p = e + 1;
    }
    out->lines = (size_t)line_no;
    int best = 0;
    for (int y = 1; y < 200; y++)
        if (c.year_votes[y] >= c.year_votes[best] && c.year_votes[y]) /* a tie goes to the later year */
            best = y;
    out->year = c.year_votes[best] ? 1950 + best : 0;
    return TD_OK;
}

json_t *extract_to_json(const extract_result *r)
{
    json_t *targets = json_array(), *unread = json_array();
    for (size_t i = 0; i < r->n_targets; i++) {
        const extract_target *t = &r->targets[i];
        json_t *o = json_pack("{s:i, s:s, s:s}", "line", t->line, "code", t->code, "name", t->name ? t->name : "");
        json_t *tj = target_to_json(&t->target);
        json_object_update(o, tj);
        json_decref(tj);
        json_array_append_new(targets, o);
    }
    for (size_t i = 0; i < r->n_unread; i++)
        json_array_append_new(unread, json_pack("{s:i, s:s, s:s}", "line", r->unread[i].line, "text",
                                                r->unread[i].text, "reason", r->unread[i].reason));
    return json_pack("{s:o, s:o, s:i}", "targets", targets, "unread", unread, "lines", (int)r->lines);
}

/* ---- a plan file proposal ---------------------------------------------------------------- */

/* The group of an indicator, guessed from its words; a person checks it in review. */
static const char *guess_group(arena *a, const char *name)
{
    static const struct {
        const char *group;
        const char *words[16];
    } groups[] = {
        {"defence_security", {"quoc phong", "an ninh", "quan su", "nhap ngu", "ma tuy", "trat tu", "cong an",
                              "nghia vu", NULL}},
        {"digital_admin", {"chuyen doi so", "truc tuyen", "thu tuc hanh chinh", "dien tu", "chinh quyen so",
                           "dich vu cong", "ho so", NULL}},
        {"environment", {"moi truong", "chat thai", "nuoc sach", "rac", "che phu rung", "ve sinh", NULL}},
        {"culture_society", {"giao duc", "truong", "hoc sinh", "y te", "bhyt", "bhxh", "lao dong", "viec lam",
                             "ngheo", "van hoa", "gia dinh", "dan so", "bao hiem", "tuyen sinh", "bien che", NULL}},
    };
    const char *f = vtext_fold(a, name ? name : "");
    for (size_t g = 0; f && g < sizeof groups / sizeof groups[0]; g++)
        for (const char *const *w = groups[g].words; *w; w++)
            if (strstr(f, *w))
                return groups[g].group;
    return "economy";
}

static json_t *proposal_node(arena *a, const char *code, const char *name, int line, const target *t)
{
    const char *meas = !t ? "level" : t->op == TARGET_DONE ? "yesno" : t->op == TARGET_LIST ? "list" : "level";
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:[]}", "code", code, "name",
                          name && *name ? name : code, "group",
                          guess_group(a, arena_printf(a, "%s %s", name ? name : "", t && t->text ? t->text : "")), "unit",
                          t && t->unit ? json_string(t->unit) : json_null(), "frequency", "year", "measure", meas,
                          "target", t ? target_to_json(t) : json_null(), "line",
                          line > 0 ? json_integer(line) : json_null(), "children");
    return o;
}

static const char *parent_code(arena *a, const char *code)
{
    const char *dot = strrchr(code, '.');
    return dot ? arena_strndup(a, code, (size_t)(dot - code)) : NULL;
}

/* Finds the node of code in the tree, creating it (and its parents) as a group if needed. */
static json_t *node_for(arena *a, const extract_result *r, json_t *roots, const char *code)
{
    const char *pc = parent_code(a, code);
    json_t *list = pc ? json_object_get(node_for(a, r, roots, pc), "children") : roots;
    size_t i;
    json_t *n;
    json_array_foreach(list, i, n)
    {
        if (strcmp(json_string_value(json_object_get(n, "code")), code) == 0)
            return n;
    }
    const char *name = NULL;
    int line = 0;
    for (size_t g = 0; g < r->n_groups; g++)
        if (strcmp(r->groups[g].code, code) == 0) {
            name = r->groups[g].name;
            line = r->groups[g].line;
        }
    n = proposal_node(a, code, name ? name : arena_printf(a, "Nhóm chỉ tiêu %s", code), line, NULL);
    json_array_append_new(list, n);
    return n;
}

json_t *extract_to_plan_json(arena *a, const extract_result *r, int year)
{
    json_t *roots = json_array();
    if (!year)
        year = r->year ? r->year : 2026;
    for (size_t i = 0; i < r->n_targets; i++) {
        const extract_target *t = &r->targets[i];
        const char *pc = parent_code(a, t->code);
        json_t *list = pc ? json_object_get(node_for(a, r, roots, pc), "children") : roots;
        /* a group created earlier under this code takes the target (1.3 after 1.3.1) */
        size_t k;
        json_t *n, *existing = NULL;
        json_array_foreach(list, k, n)
        {
            if (strcmp(json_string_value(json_object_get(n, "code")), t->code) == 0)
                existing = n;
        }
        json_t *node = proposal_node(a, t->code, t->name, t->line, &t->target);
        if (existing) {
            json_object_set(node, "children", json_object_get(existing, "children"));
            json_object_update(existing, node);
            json_decref(node);
        } else {
            json_array_append_new(list, node);
        }
    }
    char start[16], end[16];
    snprintf(start, sizeof start, "%04d-01-01", year);
    snprintf(end, sizeof end, "%04d-12-31", year);
    return json_pack("{s:s, s:{s:s, s:s, s:s}, s:[], s:{s:s, s:s, s:s, s:{s:s, s:s}, s:o}}", "format",
                     "thidua-plan/1", "commune", "code", "", "name", "", "city", "", "org_units", "plan", "number",
                     "", "issuer", "", "title", "", "period", "start", start, "end", end, "indicators", roots);
}
