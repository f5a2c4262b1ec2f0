/* vtext.c — Vietnamese text through ICU; see vtext.h.
 *
 * The collator and the folding transliterator are costly to open (tens of microseconds to
 * milliseconds), so each thread opens them once and keeps them. */
#include "vtext.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

static _Thread_local UCollator *tl_collator;
static _Thread_local UTransliterator *tl_fold;

bool vtext_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    const uint8_t *p = (const uint8_t *)s;
    int32_t i = 0, n;
    UChar32 c;

    if (len > INT32_MAX)
        return false;
    n = (int32_t)len;
    while (i < n) {
        int32_t at = i;
        U8_NEXT(p, i, n, c);
        if (c < 0 || c == 0) {
            if (bad_offset)
                *bad_offset = (size_t)at;
            return false;
        }
    }
    return true;
}

/* UTF-8 → UTF-16 in a; NULL when s is not valid UTF-8. */
static UChar *to_u16(arena *a, const char *s, int32_t *out_len)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    size_t len = strlen(s);

    if (!vtext_utf8_valid(s, len, NULL))
        return NULL;
    u_strFromUTF8(NULL, 0, &n, s, (int32_t)len, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        return NULL;
    st = U_ZERO_ERROR;
    UChar *u = arena_calloc(a, (size_t)n + 1, sizeof(UChar));
    u_strFromUTF8(u, n + 1, NULL, s, (int32_t)len, &st);
    if (U_FAILURE(st))
        return NULL;
    *out_len = n;
    return u;
}

static char *to_u8(arena *a, const UChar *u, int32_t n)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = 0;

    u_strToUTF8(NULL, 0, &len, u, n, &st);
    st = U_ZERO_ERROR;
    char *s = arena_alloc(a, (size_t)len + 1);
    u_strToUTF8(s, len + 1, NULL, u, n, &st);
    if (U_FAILURE(st))
        td_oom((size_t)len);
    return s;
}

char *vtext_nfc(arena *a, const char *s)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    int32_t n = 0, m;
    UChar *u, *out;

    if (U_FAILURE(st))
        return NULL;
    u = to_u16(a, s, &n);
    if (!u)
        return NULL;
    if (unorm2_isNormalized(nfc, u, n, &st) && U_SUCCESS(st))
        return arena_strdup(a, s);
    st = U_ZERO_ERROR;
    out = arena_calloc(a, (size_t)n * 3 + 1, sizeof(UChar));
    m = unorm2_normalize(nfc, u, n, out, n * 3 + 1, &st);
    if (U_FAILURE(st))
        return NULL;
    return to_u8(a, out, m);
}

static UCollator *collator(void)
{
    if (!tl_collator) {
        UErrorCode st = U_ZERO_ERROR;
        tl_collator = ucol_open("vi", &st);
        if (U_FAILURE(st))
            abort(); /* ICU data missing: a broken installation, not a user error */
    }
    return tl_collator;
}

int vtext_collate(const char *x, const char *y)
{
    UErrorCode st = U_ZERO_ERROR;
    UCollationResult r = ucol_strcollUTF8(collator(), x, -1, y, -1, &st);
    if (U_FAILURE(st))
        return strcmp(x, y);
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

static UTransliterator *folder(void)
{
    if (!tl_fold) {
        static const char rules[] = "NFD; [:Nonspacing Mark:] Remove; Lower; NFC";
        UChar id[64];
        UErrorCode st = U_ZERO_ERROR;
        u_uastrcpy(id, rules);
        tl_fold = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
        if (U_FAILURE(st))
            abort();
    }
    return tl_fold;
}

/* ASCII white space as u_isspace sees it */
static bool ascii_space(unsigned char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
}

/* Runs of white space to one space, none at either end; in place. */
/* One character of text whose runs of spaces become one ' ' and whose leading spaces go: false
 * when c is dropped, else *c is what to keep. */
static bool collapse_step(char *c, bool *space)
{
    if (ascii_space((unsigned char)*c)) {
        if (*space)
            return false;
        *c = ' ';
        *space = true;
    } else {
        *space = false;
    }
    return true;
}

static char *collapse_spaces(char *s)
{
    size_t j = 0;
    bool space = true;
    for (size_t i = 0; s && s[i]; i++) {
        char c = s[i];
        if (collapse_step(&c, &space))
            s[j++] = c;
    }
    if (j > 0 && s[j - 1] == ' ')
        j--;
    if (s)
        s[j] = '\0';
    return s;
}

/* The folding through ICU: any text. */
static char *fold_icu(arena *a, const char *s)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0, limit, cap;
    UChar *u = to_u16(a, s, &n), *buf;

    if (!u)
        return NULL;
    cap = n * 2 + 1;
    buf = arena_calloc(a, (size_t)cap, sizeof(UChar));
    u_memcpy(buf, u, n);
    limit = n;
    utrans_transUChars(folder(), buf, &n, cap, 0, &limit, &st);
    if (U_FAILURE(st))
        return NULL;
    /* đ and Đ carry no combining mark, so NFD leaves them: map by hand. Every space (a
     * non-breaking one too) becomes ASCII's, collapsed below. */
    for (int32_t i = 0; i < n; i++) {
        if (buf[i] == 0x0111 || buf[i] == 0x0110)
            buf[i] = 'd';
        else if (u_isspace(buf[i]))
            buf[i] = ' ';
    }
    return collapse_spaces(to_u8(a, buf, n));
}

/* The fast fold. Most text folded is ASCII with Vietnamese letters (the audit trail folds every
 * figure written, a million for a large import): each such letter folds alone to one ASCII
 * letter. The table of those letters is made once per process from the letters' canonical
 * decompositions (NFD, marks dropped, lower case: fold_icu's rules applied to one letter, which
 * the unit test checks letter by letter against the transliterator) — building it through the
 * transliterator cost 40 ms of the first evaluation of every process. Text with anything else
 * (a combining mark, another script, a space other than ASCII's) goes through ICU whole, so the
 * result is always fold_icu's. */
#define LATIN_LO 0x00C0
#define LATIN_HI 0x024F
#define EXTENDED_LO 0x1E00
#define EXTENDED_HI 0x1EFF
static char letter_table[(LATIN_HI - LATIN_LO + 1) + (EXTENDED_HI - EXTENDED_LO + 1)];
static pthread_once_t letters_once = PTHREAD_ONCE_INIT;

static int letter_slot(UChar32 c)
{
    if (c >= LATIN_LO && c <= LATIN_HI)
        return (int)(c - LATIN_LO);
    if (c >= EXTENDED_LO && c <= EXTENDED_HI)
        return (int)(c - EXTENDED_LO) + (LATIN_HI - LATIN_LO + 1);
    return -1;
}

/* The one ASCII letter or digit that c folds to, 0 when it is not exactly one. */
static char letter_of(const UNormalizer2 *nfd, UChar32 c)
{
    UChar in[2], dec[16];
    int32_t n = 0, m, kept = 0;
    UErrorCode st = U_ZERO_ERROR;
    char out = 0;
    U16_APPEND_UNSAFE(in, n, c);
    m = unorm2_normalize(nfd, in, n, dec, (int32_t)(sizeof dec / sizeof dec[0]), &st);
    if (U_FAILURE(st))
        return 0;
    for (int32_t k = 0; k < m;) {
        UChar32 x;
        U16_NEXT(dec, k, m, x);
        if (u_charType(x) == U_NON_SPACING_MARK)
            continue;
        UChar32 l = u_tolower(x);
        kept++;
        out = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') ? (char)l : 0;
    }
    return kept == 1 ? out : 0;
}

static void build_letters(void)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
    for (UChar32 c = LATIN_LO; c <= EXTENDED_HI; c = c == LATIN_HI ? EXTENDED_LO : c + 1) {
        int slot = letter_slot(c);
        if (slot >= 0)
            letter_table[slot] = U_SUCCESS(st) ? letter_of(nfd, c) : 0;
    }
}

char *vtext_fold(arena *a, const char *s)
{
    if (!s)
        return fold_icu(a, s);
    size_t len = strlen(s);
    char *out = arena_alloc(a, len + 1);
    size_t j = 0;
    bool space = true; /* collapse_spaces in the same pass: runs of spaces as one, none at the ends */
    for (int32_t i = 0; (size_t)i < len;) {
        unsigned char b = (unsigned char)s[i];
        char c;
        if (b < 0x80) {
            c = b >= 'A' && b <= 'Z' ? (char)(b + 32) : (char)b;
            i++;
        } else {
            UChar32 cp;
            if (len > INT32_MAX)
                return fold_icu(a, s);
            U8_NEXT((const uint8_t *)s, i, (int32_t)len, cp);
            int slot = letter_slot(cp);
            if (slot >= 0)
                pthread_once(&letters_once, build_letters);
            c = cp == 0x0111 || cp == 0x0110 ? 'd' : slot >= 0 ? letter_table[slot] : 0;
            if (!c)
                return fold_icu(a, s);
        }
        if (collapse_step(&c, &space))
            out[j++] = c;
    }
    if (j > 0 && out[j - 1] == ' ')
        j--;
    out[j] = '\0';
    return out;
}

static int char_width(UChar32 c)
{
    int8_t cat = (int8_t)u_charType(c);
    if (cat == U_NON_SPACING_MARK || cat == U_ENCLOSING_MARK || cat == U_FORMAT_CHAR || c == 0x200B)
        return 0;
    int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
}

size_t vtext_prefix_for_width(const char *s, size_t cols)
{
    const uint8_t *p = (const uint8_t *)s;
    int32_t i = 0, n = (int32_t)strlen(s);
    size_t used = 0;

    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        int w = c < 0 ? 1 : char_width(c);
        if (used + (size_t)w > cols)
            return (size_t)at;
        used += (size_t)w;
    }
    return (size_t)n;
}

size_t vtext_width(const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    int32_t i = 0, n = (int32_t)strlen(s);
    size_t w = 0;

    while (i < n) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        w += c < 0 ? 1 : (size_t)char_width(c);
    }
    return w;
}

void vtext_thread_cleanup(void)
{
    if (tl_collator) {
        ucol_close(tl_collator);
        tl_collator = NULL;
    }
    if (tl_fold) {
        utrans_close(tl_fold);
        tl_fold = NULL;
    }
}

/* Lower or upper case through ICU with the "vi" rules. */
static char *vtext_case(arena *a, const char *s, bool upper)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0, m = 0, len = (int32_t)strlen(s);
    UChar *u, *l;

    u_strFromUTF8(NULL, 0, &n, s, len, &st);
    st = U_ZERO_ERROR;
    u = arena_calloc(a, (size_t)n + 1, sizeof *u);
    u_strFromUTF8(u, n + 1, NULL, s, len, &st);
    if (U_FAILURE(st))
        return NULL;
    l = arena_calloc(a, (size_t)n * 2 + 1, sizeof *l);
    m = upper ? u_strToUpper(l, n * 2 + 1, u, n, "vi", &st) : u_strToLower(l, n * 2 + 1, u, n, "vi", &st);
    if (U_FAILURE(st))
        return NULL;
    char *out = arena_alloc(a, (size_t)m * 3 + 1);
    u_strToUTF8(out, m * 3 + 1, NULL, l, m, &st);
    return U_FAILURE(st) ? NULL : out;
}

char *vtext_lower(arena *a, const char *s)
{
    return vtext_case(a, s, false);
}

char *vtext_upper(arena *a, const char *s)
{
    return vtext_case(a, s, true);
}

int vtext_yes_no(arena *a, const char *s)
{
    static const char *const yes[] = {"co", "dat", "hoan thanh", "da hoan thanh", "x", "1", "yes", "true", NULL};
    static const char *const no[] = {"khong", "chua", "khong dat", "chua dat", "chua hoan thanh", "0", "no", "false",
                                     NULL};
    const char *f = vtext_fold(a, s);

    for (const char *const *k = yes; f && *k; k++)
        if (strcmp(f, *k) == 0)
            return 1;
    for (const char *const *k = no; f && *k; k++)
        if (strcmp(f, *k) == 0)
            return 0;
    return -1;
}
