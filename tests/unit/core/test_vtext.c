/* test_vtext.c — Vietnamese text (src/core/vtext.c): UTF-8, NFC, collation, folding, width. */
#include "cmocka_all.h"

#include <stdlib.h>
#include <string.h>

#include "core/vtext.h"

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

static void rejects_invalid_utf8(void **state)
{
    size_t at = 0;
    assert_true(vtext_utf8_valid("Kiến Hải", strlen("Kiến Hải"), NULL));
    assert_false(vtext_utf8_valid("Ki\xe1\xba", 5, &at)); /* truncated sequence */
    assert_int_equal(at, 2);
    assert_false(vtext_utf8_valid("\xc0\xaf", 2, NULL));     /* overlong '/' */
    assert_false(vtext_utf8_valid("\xed\xa0\x80", 3, NULL)); /* surrogate */
    assert_false(vtext_utf8_valid("a\0b", 3, NULL));         /* NUL inside */
    assert_false(vtext_utf8_valid("Kh\xe1nh", 6, NULL));     /* Latin-1 "á" */
}

static void normalises_to_nfc(void **state)
{
    arena *a = arena_new();
    /* "Hải" decomposed: a + combining hook above (U+0309) + … */
    const char *nfd = "Ha\xcc\x89i";
    char *nfc = vtext_nfc(a, nfd);
    assert_string_equal(nfc, "Hải");
    assert_int_equal(strlen(nfc), strlen("Hải"));
    assert_string_equal(vtext_nfc(a, "Kiến Hải"), "Kiến Hải");
    assert_null(vtext_nfc(a, "\xff"));
    arena_free(a);
}

static int cmp(const void *x, const void *y)
{
    return vtext_collate(*(const char *const *)x, *(const char *const *)y);
}

static void sorts_in_vietnamese_order(void **state)
{
    /* the alphabet: a ă â b c d đ e ê … o ô ơ … u ư; byte order would put "đ" after "z" */
    const char *names[] = {"Đông", "Dương", "Ân", "Anh", "Ăn", "Ơn", "Ông", "Oanh", "Zoe", "Bình", "Ưu", "Uyên"};
    const char *want[] = {"Anh", "Ăn", "Ân", "Bình", "Dương", "Đông", "Oanh", "Ông", "Ơn", "Uyên", "Ưu", "Zoe"};
    qsort(names, sizeof names / sizeof names[0], sizeof names[0], cmp);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(names[i], want[i]);
    assert_true(vtext_collate("Thôn Lão Phong 1", "Thôn Lão Phú") < 0);
}

static void folds_for_search(void **state)
{
    arena *a = arena_new();
    assert_string_equal(vtext_fold(a, "Giải phóng  mặt bằng"), "giai phong mat bang");
    assert_string_equal(vtext_fold(a, "ĐƯỜNG Đến TRẠM Y TẾ"), "duong den tram y te");
    assert_string_equal(vtext_fold(a, " Thôn Lão Phú "), "thon lao phu");
    /* the same key whatever path the text takes: precomposed letters (the table), decomposed
     * marks, another script, a non-ASCII space (ICU whole), and tabs and line ends collapsed */
    assert_string_equal(vtext_fold(a, "Ha\xcc\x89i Pho\xcc\x80ng"), "hai phong");
    assert_string_equal(vtext_fold(a, "Hải Phòng"), "hai phong");
    assert_string_equal(vtext_fold(a, "Σ Hải\xc2\xa0Phòng"), "σ hai phong");
    assert_string_equal(vtext_fold(a, "\tSố LIỆU\r\n  Ỹ Ỳ ƯƠ ăâêôơư đĐ 2026"), "so lieu y y uo aaeoou dd 2026");
    assert_string_equal(vtext_fold(a, "{\"value\":\"Giải\"}"), "{\"value\":\"giai\"}");
    assert_null(vtext_fold(a, "H\xe1i")); /* not UTF-8 */
    arena_free(a);
}

/* The fold of one letter through the transliterator itself, as vtext.c's slow path runs it. */
static char *icu_fold_letter(arena *a, UTransliterator *tr, UChar32 c)
{
    UChar buf[16];
    int32_t n = 0, limit;
    UErrorCode st = U_ZERO_ERROR;
    U16_APPEND_UNSAFE(buf, n, c);
    limit = n;
    utrans_transUChars(tr, buf, &n, 16, 0, &limit, &st);
    assert_false(U_FAILURE(st));
    for (int32_t i = 0; i < n; i++)
        if (buf[i] == 0x0111 || buf[i] == 0x0110)
            buf[i] = 'd';
    char *out = arena_alloc(a, 64);
    u_strToUTF8(out, 64, NULL, buf, n, &st);
    assert_false(U_FAILURE(st));
    return out;
}

/* Every letter of the Latin blocks Vietnamese uses folds, through the fast table, to what the
 * transliterator gives it (the table is built without it, from decompositions). */
static void folds_each_latin_letter_as_the_transliterator_does(void **state)
{
    arena *a = arena_new();
    UChar id[64];
    UErrorCode st = U_ZERO_ERROR;
    u_uastrcpy(id, "NFD; [:Nonspacing Mark:] Remove; Lower; NFC");
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    assert_false(U_FAILURE(st));
    int checked = 0;
    for (UChar32 c = 0x00C0; c <= 0x1EFF; c = c == 0x024F ? 0x1E00 : c + 1) {
        if (!u_isdefined(c) || u_isspace(c))
            continue;
        char in[8];
        int32_t n = 0;
        UBool bad = false;
        U8_APPEND((uint8_t *)in, n, (int32_t)sizeof in - 1, c, bad);
        assert_false(bad);
        in[n] = '\0';
        const char *want = icu_fold_letter(a, tr, c), *got = vtext_fold(a, in);
        if (strcmp(want, got) != 0)
            fail_msg("U+%04X: %s, want %s", (unsigned)c, got, want);
        checked++;
    }
    assert_true(checked > 600);
    utrans_close(tr);
    arena_free(a);
}

static void measures_display_width(void **state)
{
    assert_int_equal(vtext_width("Nông - lâm - thủy sản"), 21);
    assert_int_equal(vtext_width("Ha\xcc\x89i"), 3); /* combining marks take no column */
    assert_int_equal(vtext_width("≥ 65"), 4);
    assert_int_equal(vtext_width("中文"), 4);
    size_t n = vtext_prefix_for_width("Kiến Hải", 3);
    assert_int_equal(n, strlen("Kiế"));
}

/* The case of Vietnamese capitals (the headers of official documents), both ways. */
static void changes_case(void **state)
{
    (void)state;
    arena *a = arena_new();
    assert_string_equal(vtext_upper(a, "Ủy ban nhân dân xã Kiến Hải"), "ỦY BAN NHÂN DÂN XÃ KIẾN HẢI");
    assert_string_equal(vtext_upper(a, "Thôn Thái Lai, Độc lập - Tự do - Hạnh phúc"),
                        "THÔN THÁI LAI, ĐỘC LẬP - TỰ DO - HẠNH PHÚC");
    assert_string_equal(vtext_lower(a, "ỦY BAN"), "ủy ban");
    assert_null(vtext_upper(a, "\xff"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rejects_invalid_utf8),      cmocka_unit_test(normalises_to_nfc),
        cmocka_unit_test(sorts_in_vietnamese_order), cmocka_unit_test(folds_for_search),
        cmocka_unit_test(folds_each_latin_letter_as_the_transliterator_does),
        cmocka_unit_test(measures_display_width),    cmocka_unit_test(changes_case),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vtext_thread_cleanup();
    return rc;
}
