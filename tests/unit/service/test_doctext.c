/* test_doctext.c — plan documents as plain text lines (src/service/doctext.c). The .docx files
 * are built here with libzip, so each test shows the XML it reads. */
#include "cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "service/doctext.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOC_OPEN                                                                                             \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"" W_NS "\""
#define BODY(x)                                                                                              \
    DOC_OPEN "><w:body>" x "<w:sectPr><w:pgSz w:w=\"11906\" "                                                \
                           "w:h=\"16838\"/></w:sectPr></w:body></w:document>"

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";

/* A plan as Word writes it: runs split mid-sentence, tab stops in the paragraph properties
 * (not tabs), a tracked deletion, a field code, an empty paragraph, a table whose cells hold
 * several paragraphs, and a text box with its VML fallback copy. */
static const char plan_xml[] = DOC_OPEN
    " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
    "<w:body>"
    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs><w:jc w:val=\"both\"/></w:pPr>"
    "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">(1) Tỷ lệ </w:t></w:r>"
    "<w:r><w:t>hộ nghèo giảm</w:t></w:r><w:r><w:t xml:space=\"preserve\"> còn 2,5%</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>(2) Thu nhập</w:t><w:tab/><w:t>bình quân</w:t><w:br/><w:t>đạt 75 triệu đồng</w:t></w:r>"
    "<w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>xoá</w:delText></w:r></w:del>"
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>/người</w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
    "<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:p>"
    "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
    "<w:tblGrid><w:gridCol w:w=\"1000\"/><w:gridCol w:w=\"4000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>"
    "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"1000\"/></w:tcPr><w:p><w:r><w:t>TT</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>Chỉ tiêu</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p><w:p/></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>Tỷ lệ hộ nghèo</w:t></w:r></w:p><w:p><w:r><w:t>(đa chiều)</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p/></w:tc></w:tr>"
    "</w:tbl>"
    "<w:p><w:r><w:t>Sau bảng</w:t></w:r>"
    "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
    "<w:p><w:r><w:t>hộp chữ</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>hộp chữ</w:t></w:r></w:p></w:txbxContent></w:pict>"
    "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>"
    "</w:body></w:document>";

static const char plan_text[] = "(1) Tỷ lệ hộ nghèo giảm còn 2,5%\n"
                                "(2) Thu nhập bình quân đạt 75 triệu đồng/người\n"
                                "\n"
                                "TT | Chỉ tiêu | Kế hoạch\n"
                                "1 | Tỷ lệ hộ nghèo (đa chiều) | \n"
                                "Sau bảng hộp chữ\n";

typedef struct fixture {
    arena *a;
    char paths[8][64];
    size_t n_paths;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a = arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < f->n_paths; i++)
        unlink(f->paths[i]);
    arena_free(f->a);
    free(f);
    return 0;
}

/* A new empty file in /tmp whose name ends with suffix; removed at teardown. */
static const char *temp_path(fixture *f, const char *suffix)
{
    assert_true(f->n_paths < sizeof f->paths / sizeof f->paths[0]);
    char *p = f->paths[f->n_paths];
    snprintf(p, sizeof f->paths[0], "/tmp/test-doctext-XXXXXX%s", suffix);
    int fd = mkstemps(p, (int)strlen(suffix));
    assert_true(fd >= 0);
    close(fd);
    f->n_paths++;
    return p;
}

static const char *write_file(fixture *f, const char *suffix, const char *data, size_t n)
{
    const char *path = temp_path(f, suffix);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
    return path;
}

/* A zip holding the parts given as name, content pairs, ended by NULL. */
static const char *write_zip(fixture *f, const char *suffix, ...)
{
    const char *path = temp_path(f, suffix);
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    va_list ap;

    assert_non_null(za);
    va_start(ap, suffix);
    for (const char *name = va_arg(ap, const char *); name; name = va_arg(ap, const char *)) {
        const char *content = va_arg(ap, const char *);
        zip_source_t *src = zip_source_buffer(za, content, strlen(content), 0);
        assert_non_null(src);
        assert_true(zip_file_add(za, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) >= 0);
    }
    va_end(ap);
    assert_int_equal(zip_close(za), 0);
    return path;
}

static void read_ok(fixture *f, const char *path, const char *want)
{
    char *text = NULL;
    size_t len = 0;
    td_error e = {0};
    if (doctext_read(f->a, path, &text, &len, &e) != TD_OK)
        fail_msg("%s: %s", path, e.msg);
    assert_string_equal(text, want);
    assert_int_equal(len, strlen(want));
}

static void read_fails(fixture *f, const char *path, const char *want)
{
    char *text = NULL;
    size_t len = 0;
    td_error e = {0};
    assert_int_equal(doctext_read(f->a, path, &text, &len, &e), TD_ERR_INPUT);
    assert_int_equal(e.status, TD_ERR_INPUT);
    if (!strstr(e.msg, path) || !strstr(e.msg, want))
        fail_msg("message \"%s\" lacks the file name or \"%s\"", e.msg, want);
}

static void docx_paragraphs_and_table_rows_are_lines(void **state)
{
    fixture *f = *state;
    const char *docx =
        write_zip(f, ".docx", "[Content_Types].xml", content_types, "word/document.xml", plan_xml, NULL);
    read_ok(f, docx, plan_text);

    /* by content without the extension, and by an upper-case extension */
    read_ok(f, write_zip(f, "", "[Content_Types].xml", content_types, "word/document.xml", plan_xml, NULL),
            plan_text);
    read_ok(f, write_zip(f, ".DOCX", "word/document.xml", plan_xml, NULL), plan_text);
}

static void docx_edge_cases(void **state)
{
    fixture *f = *state;
    /* an empty body, a body of empty paragraphs, tabs and newlines typed into the XML */
    read_ok(f, write_zip(f, ".docx", "word/document.xml", BODY(""), NULL), "");
    read_ok(f, write_zip(f, ".docx", "word/document.xml", BODY("<w:p/><w:p></w:p>"), NULL), "\n\n");
    read_ok(f,
            write_zip(f, ".docx", "word/document.xml",
                      BODY("<w:p><w:r><w:t>a\tb\nc &amp; &#273;&lt;</w:t></w:r></w:p>"
                           "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>"
                           "<w:p><w:r><w:t>trong sdt</w:t></w:r></w:p></w:sdtContent></w:sdt>"),
                      NULL),
            "a b c & đ<\ntrong sdt\n");
}

static void text_loses_bom_and_crlf(void **state)
{
    fixture *f = *state;
    static const char txt[] = "\xEF\xBB\xBFKế hoạch 125/KH-UBND\r\n(1) Tỷ lệ hộ nghèo\r\n\r\nhết\rvẫn dòng 4";
    read_ok(f, write_file(f, ".txt", txt, sizeof txt - 1),
            "Kế hoạch 125/KH-UBND\n(1) Tỷ lệ hộ nghèo\n\nhết\rvẫn dòng 4");
    /* any other name is text too, and a BOM is removed only at the start */
    static const char md[] = "# Mục tiêu\n- a \xEF\xBB\xBF b\n";
    read_ok(f, write_file(f, ".md", md, sizeof md - 1), md);
    read_ok(f, write_file(f, ".txt", "", 0), "");
}

static void text_not_utf8_is_refused(void **state)
{
    fixture *f = *state;
    static const char latin1[] = "dòng 1\nTh\xf4n 9\n";
    const char *p = write_file(f, ".txt", latin1, sizeof latin1 - 1);
    read_fails(f, p, ":2: không phải văn bản UTF-8");
    static const char utf16[] = "\xFF\xFEK\0\xBF\x1E";
    read_fails(f, write_file(f, ".txt", utf16, sizeof utf16 - 1), "UTF-16");
}

static void docx_that_is_not_a_zip_is_refused(void **state)
{
    fixture *f = *state;
    static const char text[] = "Kế hoạch, không phải zip";
    read_fails(f, write_file(f, ".docx", text, sizeof text - 1), "không phải dạng nén zip");
    read_fails(f, write_file(f, ".docx", "", 0), "không phải dạng nén zip");
    /* the zip signature and then nothing that libzip can read */
    static const char cut[] = "PK\x03\x04\x14\0\0\0\x08\0garbage";
    read_fails(f, write_file(f, ".txt", cut, sizeof cut - 1), "bị hỏng");
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";
    read_fails(f, write_file(f, ".doc", ole, sizeof ole - 1), "Word 97-2003 (.doc)");
}

static void zip_without_document_xml_is_refused(void **state)
{
    fixture *f = *state;
    read_fails(f,
               write_zip(f, ".docx", "[Content_Types].xml", content_types, "word/other.xml", plan_xml, NULL),
               "không có word/document.xml");
}

static void malformed_xml_is_refused(void **state)
{
    fixture *f = *state;
    read_fails(f,
               write_zip(f, ".docx", "word/document.xml",
                         DOC_OPEN "><w:body>\n<w:p><w:r>\n</w:body></w:document>", NULL),
               "word/document.xml không phải XML hợp lệ (dòng 4)");
    read_fails(f, write_zip(f, ".docx", "word/document.xml", "", NULL), "không phải XML hợp lệ");
    read_fails(f, write_zip(f, ".docx", "word/document.xml", "<html><body/></html>", NULL), "(w:body)");
}

static void entities_are_never_expanded(void **state)
{
    fixture *f = *state;
    static const char lol[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE w:document [<!ENTITY a \"hahahahahahahahahaha\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>&d;&x;</w:t></w:r></w:p>"
        "</w:body></w:document>";
    read_fails(f, write_zip(f, ".docx", "word/document.xml", lol, NULL), "DOCTYPE");
}

/* The declared uncompressed size of entry k of the zip at path becomes size: a zip whose
 * headers lie, as an attacker writes them. */
static void declare_size(const char *path, int k, unsigned size)
{
    FILE *fp = fopen(path, "r+b");
    unsigned char eocd[22], head[46], le[4] = {size & 0xFF, size >> 8 & 0xFF, size >> 16 & 0xFF, size >> 24};
    long at;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, -22, SEEK_END), 0);
    assert_int_equal(fread(eocd, 1, sizeof eocd, fp), sizeof eocd);
    assert_memory_equal(eocd, "PK\x05\x06", 4);
    at = (long)eocd[16] | (long)eocd[17] << 8 | (long)eocd[18] << 16 | (long)eocd[19] << 24;
    for (int i = 0; i <= k; i++) {
        assert_int_equal(fseek(fp, at, SEEK_SET), 0);
        assert_int_equal(fread(head, 1, sizeof head, fp), sizeof head);
        assert_memory_equal(head, "PK\x01\x02", 4);
        if (i < k)
            at += 46 + (head[28] | head[29] << 8) + (head[30] | head[31] << 8) + (head[32] | head[33] << 8);
    }
    assert_int_equal(fseek(fp, at + 24, SEEK_SET), 0); /* uncompressed size */
    assert_int_equal(fwrite(le, 1, sizeof le, fp), sizeof le);
    assert_int_equal(fclose(fp), 0);
}

static void read_too_large(fixture *f, const char *path, const char *want)
{
    char *text = NULL;
    size_t len = 0;
    td_error e = {0};
    assert_int_equal(doctext_read(f->a, path, &text, &len, &e), TD_ERR_TOO_LARGE);
    if (!strstr(e.msg, path) || !strstr(e.msg, want))
        fail_msg("message \"%s\" lacks the file name or \"%s\"", e.msg, want);
}

/* A well-formed document of about n bytes: paragraphs of 4.096 times the same letter, which
 * deflate about a thousand times (a zip bomb of a few dozen kilobytes). */
static char *bomb_xml(size_t n)
{
    const char *open = BODY("");
    const char *body_at = strstr(open, "<w:sectPr");
    char *x = malloc(n + 1);
    size_t head = (size_t)(body_at - open), tail = strlen(body_at), at = head;
    assert_non_null(x);
    memcpy(x, open, head);
    while (at + 4096 + 64 + tail <= n) {
        at += (size_t)sprintf(x + at, "<w:p><w:r><w:t>");
        memset(x + at, 'a', 4096);
        at += 4096;
        at += (size_t)sprintf(x + at, "</w:t></w:r></w:p>");
    }
    memcpy(x + at, body_at, tail + 1);
    return x;
}

static long file_size(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    fclose(fp);
    return n;
}

/* 40 MiB of paragraphs in a .docx of about 50 KB: refused on the sizes the zip declares. */
static void zip_bomb_is_refused(void **state)
{
    fixture *f = *state;
    char *big = bomb_xml(40u * 1024u * 1024u);
    const char *p =
        write_zip(f, ".docx", "[Content_Types].xml", content_types, "word/document.xml", big, NULL);
    free(big);
    assert_true(file_size(p) < 64 * 1024);
    read_too_large(f, p, "zip bomb");
}

/* The same bomb whose headers claim a document of 2.000 bytes: the bytes counted while
 * inflating give it away long before its 40 MiB (the CRC check at the end would come too late). */
static void zip_bomb_with_lying_sizes_is_refused(void **state)
{
    fixture *f = *state;
    char *big = bomb_xml(40u * 1024u * 1024u);
    const char *p = write_zip(f, ".docx", "word/document.xml", big, NULL);
    free(big);
    declare_size(p, 0, 2000);
    read_too_large(f, p, "nén bất thường");
}

/* 2 MiB that compress more than a hundred times: under the size limit, over the ratio. */
static void compression_ratio_is_capped(void **state)
{
    fixture *f = *state;
    char *big = bomb_xml(2u * 1024u * 1024u);
    const char *p = write_zip(f, ".docx", "word/document.xml", big, NULL);
    free(big);
    read_too_large(f, p, "nén bất thường");
    /* below DOCTEXT_RATIO_FROM the ratio does not matter: a short plan compresses well too */
    big = bomb_xml(DOCTEXT_RATIO_FROM - 1024);
    p = write_zip(f, ".docx", "word/document.xml", big, NULL);
    free(big);
    char *text = NULL;
    size_t len = 0;
    td_error e = {0};
    assert_int_equal(doctext_read(f->a, p, &text, &len, &e), TD_OK);
    assert_true(len > 100000);
}

/* Another entry (an image, say) that claims 300 MB: the package as a whole is beyond reason. */
static void total_declared_size_is_capped(void **state)
{
    fixture *f = *state;
    const char *p =
        write_zip(f, ".docx", "word/document.xml", plan_xml, "word/media/image1.png", "PNG", NULL);
    declare_size(p, 1, 300u * 1024u * 1024u);
    read_too_large(f, p, "zip bomb");
}

/* 5 MiB of text that does not compress (a document of a few MiB, within every zip limit) and
 * a plain text of 5 MiB: beyond the text a plan may hold. */
static void text_taken_is_capped(void **state)
{
    fixture *f = *state;
    size_t n = 5u * 1024u * 1024u, at = 0;
    char *x = malloc(n + 4096);
    unsigned seed = 12345;
    assert_non_null(x);
    at += (size_t)sprintf(x, "%s><w:body>", DOC_OPEN);
    while (at < n) {
        at += (size_t)sprintf(x + at, "<w:p><w:r><w:t>");
        for (int i = 0; i < 1000; i++) {
            seed = seed * 1103515245u + 12345u;
            x[at++] = (char)('a' + (seed >> 16) % 26);
        }
        at += (size_t)sprintf(x + at, "</w:t></w:r></w:p>");
    }
    sprintf(x + at, "</w:body></w:document>");
    const char *p = write_zip(f, ".docx", "word/document.xml", x, NULL);
    read_too_large(f, p, "văn bản quá dài");
    p = write_file(f, ".txt", x, strlen(x));
    free(x);
    read_too_large(f, p, "văn bản quá dài");
}

/* A central directory that claims a smaller document than the one stored: the extra bytes are
 * never taken for the document. */
static void size_that_lies_is_refused(void **state)
{
    fixture *f = *state;
    const char *p = write_zip(f, ".docx", "word/document.xml", plan_xml, NULL);
    declare_size(p, 0, 10);
    read_fails(f, p, "bị hỏng");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(docx_paragraphs_and_table_rows_are_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(docx_edge_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(text_loses_bom_and_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(text_not_utf8_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(docx_that_is_not_a_zip_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(zip_without_document_xml_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_xml_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(entities_are_never_expanded, setup, teardown),
        cmocka_unit_test_setup_teardown(zip_bomb_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(zip_bomb_with_lying_sizes_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(compression_ratio_is_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(total_declared_size_is_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(text_taken_is_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(size_that_lies_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
