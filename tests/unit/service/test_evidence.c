/* test_evidence.c — evidence files (src/service/evidence.c): the checks on a file, its hash, who
 * may attach and read it. */
#include "cmocka_all.h"

#include <stdlib.h>
#include <string.h>

#include "demo_store.h"
#include "service/accounts.h"
#include "service/evidence.h"

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16};
static const unsigned char pdf[] = "%PDF-1.7\n%%EOF\n";

static void a_file_is_recognised_by_its_first_bytes(void **state)
{
    arena *a = arena_new();
    const char *type = NULL, *clean = NULL;
    evidence_problem p;
    td_error e = {0};

    assert_string_equal(evidence_sniff(png, sizeof png), "image/png");
    assert_string_equal(evidence_sniff(jpeg, sizeof jpeg), "image/jpeg");
    assert_string_equal(evidence_sniff(pdf, sizeof pdf - 1), "application/pdf");
    assert_null(evidence_sniff((const unsigned char *)"%PDF", 4)); /* cut short */
    assert_null(evidence_sniff((const unsigned char *)"GIF89a", 6));

    assert_int_equal(evidence_check(a, png, sizeof png, "image/png", "anh.PNG", &type, &clean, &p, &e),
                     TD_OK);
    assert_int_equal(p, EVIDENCE_OK);
    assert_int_equal(evidence_check(a, jpeg, sizeof jpeg, "image/jpeg; q=1", "D:\\anh\\hien truong.jpeg",
                                    &type, &clean, &p, &e),
                     TD_OK);
    assert_string_equal(clean, "hien truong.jpeg");
    /* a PNG named .pdf, a PNG declared a PDF, a text file */
    assert_int_equal(evidence_check(a, png, sizeof png, NULL, "bien-ban.pdf", &type, &clean, &p, &e),
                     TD_ERR_INPUT);
    assert_int_equal(p, EVIDENCE_BAD_TYPE);
    assert_non_null(strstr(e.msg, "đổi đuôi tên tệp thành .png"));
    assert_int_equal(evidence_check(a, png, sizeof png, "application/pdf", "anh.png", &type, &clean, &p, &e),
                     TD_ERR_INPUT);
    assert_int_equal(p, EVIDENCE_BAD_TYPE);
    /* a browser that does not know the type sends a generic one: the bytes decide */
    assert_int_equal(
        evidence_check(a, png, sizeof png, "application/octet-stream", "anh.png", &type, &clean, &p, &e),
        TD_OK);
    assert_string_equal(type, "image/png");
    assert_int_equal(
        evidence_check(a, (const unsigned char *)"xin chao", 8, "text/plain", "a.txt", &type, &clean, &p, &e),
        TD_ERR_INPUT);
    assert_int_equal(p, EVIDENCE_BAD_TYPE);
    assert_int_equal(evidence_check(a, png, sizeof png, NULL, "", &type, &clean, &p, &e), TD_ERR_INPUT);
    assert_int_equal(p, EVIDENCE_BAD_NAME);
    assert_int_equal(evidence_check(a, png, sizeof png, NULL, "thu-muc/", &type, &clean, &p, &e),
                     TD_ERR_INPUT);
    assert_int_equal(p, EVIDENCE_BAD_NAME);

    /* exactly 10 MB is taken, one byte more is not */
    unsigned char *big = calloc(1, EVIDENCE_MAX_BYTES + 1);
    memcpy(big, pdf, sizeof pdf - 1);
    assert_int_equal(evidence_check(a, big, EVIDENCE_MAX_BYTES, NULL, "quet.pdf", &type, &clean, &p, &e),
                     TD_OK);
    assert_int_equal(evidence_check(a, big, EVIDENCE_MAX_BYTES + 1, NULL, "quet.pdf", &type, &clean, &p, &e),
                     TD_ERR_INPUT);
    assert_int_equal(p, EVIDENCE_TOO_LARGE);
    assert_non_null(strstr(e.msg, "10 MB"));
    free(big);
    arena_free(a);
}

static void the_hash_is_sha256(void **state)
{
    arena *a = arena_new();
    assert_string_equal(evidence_sha256_hex(a, (const unsigned char *)"abc", 3),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    arena_free(a);
}

static void files_follow_who_may_enter_and_see_the_figure(void **state)
{
    demo_store d;
    arena *a = arena_new();
    user rep, other, officer, leader;
    evidence_file f, got;
    evidence_problem p;
    td_error e = {0};
    demo_store_open(&d);
    assert_int_equal(accounts_add_demo(d.s, NULL, &e), TD_OK);
    assert_int_equal(accounts_find(d.s, a, "thaolai", &rep, &e), TD_OK);
    assert_int_equal(accounts_find(d.s, a, "laophu", &other, &e), TD_OK);
    assert_int_equal(accounts_find(d.s, a, "vhxh", &officer, &e), TD_OK);
    assert_int_equal(accounts_find(d.s, a, "chutich", &leader, &e), TD_OK);

    /* January is approved in the demo: locked */
    assert_int_equal(evidence_attach(d.s, a, 1, &rep, "1.3.1", "thon-thai-lai", "2026-01", "bb.pdf",
                                     "application/pdf", pdf, sizeof pdf - 1, &f, &p, &e),
                     TD_ERR_CONFLICT);
    /* no figure for December yet */
    assert_int_equal(evidence_attach(d.s, a, 1, &rep, "1.3.1", "thon-thai-lai", "2026-12", "bb.pdf",
                                     "application/pdf", pdf, sizeof pdf - 1, &f, &p, &e),
                     TD_ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "Thôn Thái Lai"));
    /* another unit's reporter, a leader */
    assert_int_equal(evidence_attach(d.s, a, 1, &other, "1.3.1", "thon-thai-lai", "2026-01", "bb.pdf",
                                     "application/pdf", pdf, sizeof pdf - 1, &f, &p, &e),
                     TD_ERR_FORBIDDEN);
    assert_int_equal(evidence_attach(d.s, a, 1, &leader, "1.3.1", "thon-thai-lai", "2026-01", "bb.pdf",
                                     "application/pdf", pdf, sizeof pdf - 1, &f, &p, &e),
                     TD_ERR_FORBIDDEN);

    /* reopened by the officer, the figure takes a file */
    assert_int_equal(store_begin(d.s, &e), TD_OK);
    data_value v;
    assert_int_equal(store_value_get(d.s, a, 1, "1.3.1", "thon-thai-lai", "2026-01", &v, &e), TD_OK);
    assert_int_equal(store_value_set_status(d.s, 1, &v, VALUE_DRAFT, NULL, &e), TD_OK);
    assert_int_equal(store_commit(d.s, &e), TD_OK);
    assert_int_equal(evidence_attach(d.s, a, 1, &rep, "1.3.1", "thon-thai-lai", "2026-01", "bb.pdf",
                                     "application/pdf", pdf, sizeof pdf - 1, &f, &p, &e),
                     TD_OK);
    assert_true(f.id > 0);
    assert_string_equal(f.sha256, evidence_sha256_hex(a, pdf, sizeof pdf - 1));

    assert_int_equal(evidence_read(d.s, a, &rep, f.id, &got, &e), TD_OK);
    assert_int_equal(got.size, sizeof pdf - 1);
    assert_memory_equal(got.bytes, pdf, sizeof pdf - 1);
    assert_string_equal(got.name, "bb.pdf");
    assert_int_equal(evidence_read(d.s, a, &officer, f.id, &got, &e), TD_OK);
    assert_int_equal(evidence_read(d.s, a, &leader, f.id, &got, &e), TD_OK);
    assert_int_equal(evidence_read(d.s, a, &other, f.id, &got, &e), TD_ERR_FORBIDDEN);
    assert_int_equal(evidence_read(d.s, a, &rep, f.id + 100, &got, &e), TD_ERR_NOTFOUND);

    evidence_file *list;
    size_t n;
    value_filter vf = {.plan_id = 1, .org_unit = "thon-thai-lai"};
    assert_int_equal(evidence_list(d.s, a, &vf, &list, &n, &e), TD_OK);
    assert_int_equal(n, 1);
    assert_null(list[0].bytes);
    /* removed by whoever may enter the figure, not by another unit's reporter */
    assert_int_equal(evidence_remove(d.s, a, &other, f.id, &e), TD_ERR_FORBIDDEN);
    assert_int_equal(evidence_remove(d.s, a, &rep, f.id, &e), TD_OK);
    assert_int_equal(evidence_read(d.s, a, &rep, f.id, &got, &e), TD_ERR_NOTFOUND);
    assert_int_equal(evidence_remove(d.s, a, &rep, f.id, &e), TD_ERR_NOTFOUND);
    assert_int_equal(evidence_list(d.s, a, &vf, &list, &n, &e), TD_OK);
    assert_int_equal(n, 0);
    vf.org_unit = "thon-lao-phu";
    assert_int_equal(evidence_list(d.s, a, &vf, &list, &n, &e), TD_OK);
    assert_int_equal(n, 0);
    demo_store_close(&d);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_file_is_recognised_by_its_first_bytes),
        cmocka_unit_test(the_hash_is_sha256),
        cmocka_unit_test(files_follow_who_may_enter_and_see_the_figure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
