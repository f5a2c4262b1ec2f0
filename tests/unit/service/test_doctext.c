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

static void oversized_document_xml_is_refused(void **state)
{
    fixture *f = *state;
    /* 65 MiB of spaces deflates to a few kilobytes: a zip bomb in miniature */
    size_t n = 65u * 1024u * 1024u;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, ' ', n);
    big[n] = '\0';
    const char *p = write_zip(f, ".docx", "word/document.xml", big, NULL);
    free(big);
    read_fails(f, p, "quá lớn khi giải nén");
}

/* A central directory that claims a smaller document than the one stored: the extra bytes are
 * never taken for the document. */
static void size_that_lies_is_refused(void **state)
{
    fixture *f = *state;
    const char *p = write_zip(f, ".docx", "word/document.xml", plan_xml, NULL);
    FILE *fp = fopen(p, "r+b");
    unsigned char eocd[22], cd_size[4] = {10, 0, 0, 0};
    long cd;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, -22, SEEK_END), 0);
    assert_int_equal(fread(eocd, 1, sizeof eocd, fp), sizeof eocd);
    assert_memory_equal(eocd, "PK\x05\x06", 4);
    cd = (long)eocd[16] | (long)eocd[17] << 8 | (long)eocd[18] << 16 | (long)eocd[19] << 24;
    assert_int_equal(fseek(fp, cd + 24, SEEK_SET), 0); /* uncompressed size of the first entry */
    assert_int_equal(fwrite(cd_size, 1, sizeof cd_size, fp), sizeof cd_size);
    assert_int_equal(fclose(fp), 0);
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
        cmocka_unit_test_setup_teardown(oversized_document_xml_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(size_that_lies_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
