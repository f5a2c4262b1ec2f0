/* test_certificate.c — Giấy khen drawn with cairo and pango (src/service/certificate.c): the
 * Vietnamese text has every glyph in the fonts, and a letter no font has is an error rather than
 * a box on a certificate. */
#include "cmocka_all.h"

#include <stdbool.h>
#include <string.h>

#include "service/certificate.h"

/* Whether the bytes hold needle (a PDF is not a C string). */
static bool holds(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0)
            return true;
    return false;
}

static certificate_page page_for(const char *awardee)
{
    return (certificate_page){.commune_name = "xã Kiến Hải",
                              .place = "Kiến Hải",
                              .awardee = awardee,
                              .unit = "Thôn Thái Lai",
                              .achievement = "Vận động nhân dân hiến đất, mở rộng đường giao thông nông thôn",
                              .decision_number = "01/QĐ-UBND",
                              .decision_date = "2026-12-15",
                              .signer = "Trần Văn Đức",
                              .signer_title = "CHỦ TỊCH",
                              .serial = "Số vào sổ: 01/GK"};
}

static void vietnamese_has_every_glyph(void **state)
{
    (void)state;
    arena *a = arena_new();
    td_error err = {0};
    char *pdf = NULL;
    size_t len = 0;
    /* every tone mark on every vowel, capitals too */
    certificate_page p[] = {page_for("Nguyễn Thị Hoa"),
                            page_for("ẮẰẲẴẶ ẤẦẨẪẬ ÉÈẺẼẸ ẾỀỂỄỆ ÍÌỈĨỊ ÓÒỎÕỌ ỐỒỔỖỘ ỚỜỞỠỢ ÚÙỦŨỤ ỨỪỬỮỰ ÝỲỶỸỴ Đđ")};
    assert_int_equal(certificate_pdf(a, p, 2, &pdf, &len, &err), TD_OK);
    assert_true(len > 1000);
    assert_memory_equal(pdf, "%PDF-", 5);
    /* A4 landscape */
    assert_true(holds(pdf, len, "/MediaBox [ 0 0 841.89 595.28 ]"));
    arena_free(a);
}

static void a_glyph_no_font_has_is_an_error(void **state)
{
    (void)state;
    arena *a = arena_new();
    td_error err = {0};
    char *pdf = NULL;
    size_t len = 0;
    /* a code point of a private use plane: no installed font draws it */
    certificate_page p = page_for("Nguyễn Thị \xf3\xbf\xbf\xbd Hoa");
    assert_int_equal(certificate_pdf(a, &p, 1, &pdf, &len, &err), TD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "thiếu"));
    assert_non_null(strstr(err.msg, "Nguyễn Thị"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vietnamese_has_every_glyph),
        cmocka_unit_test(a_glyph_no_font_has_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
