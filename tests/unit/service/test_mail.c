/* test_mail.c — composing a Vietnamese reminder e-mail (src/service/mail.c): RFC 2047 subjects
 * that never split a character, a base64 UTF-8 body, and addresses that cannot add a header or
 * a recipient. */
#include "cmocka_all.h"

#include <sodium.h>
#include <string.h>

#include "service/mail.h"

/* The text of a header's encoded words, decoded and joined. */
static char *decode_words(arena *a, const char *header)
{
    char *out = arena_alloc(a, strlen(header) + 1);
    size_t len = 0;
    const char *p = header;
    while ((p = strstr(p, "=?UTF-8?B?"))) {
        p += 10;
        const char *end = strstr(p, "?=");
        assert_non_null(end);
        size_t got = 0;
        assert_int_equal(sodium_base642bin((unsigned char *)out + len, strlen(header) - len, p,
                                           (size_t)(end - p), NULL, &got, NULL,
                                           sodium_base64_VARIANT_ORIGINAL),
                         0);
        /* each word holds whole characters: none begins with a continuation byte */
        assert_true(got == 0 || ((unsigned char)out[len] & 0xC0) != 0x80);
        len += got;
        p = end + 2;
    }
    out[len] = '\0';
    return out;
}

static void encodes_a_vietnamese_subject_in_whole_characters(void **state)
{
    arena *a = arena_new();
    const char *subject =
        "Nhắc hạn nộp báo cáo kết quả thực hiện kế hoạch năm 2026 (trước ngày 05/12/2026) - "
        "Thôn Thái Lai";
    char *h = mail_encode_header(a, subject);
    assert_string_equal(decode_words(a, h), subject);
    /* no word over 75 bytes, folded with CRLF and a space */
    for (const char *line = h; line;) {
        const char *next = strstr(line, "\r\n ");
        size_t n = next ? (size_t)(next - line) : strlen(line);
        assert_true(n <= 75);
        line = next ? next + 3 : NULL;
    }
    /* ASCII stays readable; "=?" would be read as an encoded word, so it is encoded */
    assert_string_equal(mail_encode_header(a, "Reminder 05/12"), "Reminder 05/12");
    assert_string_equal(decode_words(a, mail_encode_header(a, "a =?b")), "a =?b");
    arena_free(a);
}

static void composes_a_utf8_message_with_its_headers(void **state)
{
    arena *a = arena_new();
    const char *body = "Kính gửi: Thôn Thái Lai (Nguyễn Văn An),\r\n\r\nĐề nghị đơn vị gửi số liệu.\r\n";
    char *m = mail_compose(a, "vanhoa@kienhai.vn", "UBND xã Kiến Hải", "thailai@example.vn", "Nhắc hạn", body,
                           "Tue, 01 Dec 2026 10:00:00 +0700", "nhac-han-1@kienhai.vn");
    assert_non_null(strstr(m, "\r\nTo: <thailai@example.vn>\r\n"));
    assert_non_null(strstr(m, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
    assert_non_null(strstr(m, "\r\nContent-Transfer-Encoding: base64\r\n"));
    assert_non_null(strstr(m, "\r\nMessage-ID: <nhac-han-1@kienhai.vn>\r\n"));
    assert_non_null(strstr(m, "?= <vanhoa@kienhai.vn>\r\n"));
    const char *from = strstr(m, "From: ");
    assert_string_equal(decode_words(a, arena_strndup(a, from, (size_t)(strstr(from, " <") - from))),
                        "UBND xã Kiến Hải");
    /* the body: base64 lines of at most 76 characters that decode to the text as it was */
    const char *b = strstr(m, "\r\n\r\n") + 4;
    char *joined = arena_alloc(a, strlen(b) + 1);
    size_t n = 0;
    for (const char *p = b; *p; p++) {
        if (*p == '\r' || *p == '\n')
            continue;
        joined[n++] = *p;
    }
    joined[n] = '\0';
    for (const char *line = b; *line;) {
        const char *end = strstr(line, "\r\n");
        assert_non_null(end);
        assert_true(end - line <= 76);
        line = end + 2;
    }
    unsigned char *text = arena_alloc(a, n + 1);
    size_t got = 0;
    assert_int_equal(sodium_base642bin(text, n, joined, n, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL),
                     0);
    text[got] = '\0';
    assert_string_equal((char *)text, body);
    arena_free(a);
}

static void refuses_addresses_that_would_add_a_header_or_a_recipient(void **state)
{
    assert_true(mail_address_ok("thailai@example.vn"));
    assert_true(mail_address_ok("van.hoa+nhac-han@kienhai.gov.vn"));
    assert_false(mail_address_ok("thailai@example.vn\r\nBcc: x@y.vn"));
    assert_false(mail_address_ok("a@b.vn, c@d.vn"));
    assert_false(mail_address_ok("<a@b.vn>"));
    assert_false(mail_address_ok("thai lai@example.vn"));
    assert_false(mail_address_ok("thailai@localhost"));
    assert_false(mail_address_ok("@example.vn"));
    assert_false(mail_address_ok("thailai@"));
    assert_false(mail_address_ok("a@b@c.vn"));
    assert_false(mail_address_ok(""));
    assert_false(mail_address_ok(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encodes_a_vietnamese_subject_in_whole_characters),
        cmocka_unit_test(composes_a_utf8_message_with_its_headers),
        cmocka_unit_test(refuses_addresses_that_would_add_a_header_or_a_recipient),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
