/* test_xlsx_read.c — the cells of a workbook (src/service/xlsx_read.c). Each workbook is built
 * here with libzip from the XML it holds, as Excel and LibreOffice save it. */
#include "cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "service/fileio.h"
#include "service/xlsx_read.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define WORKBOOK                                                                                     \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook " NS "><sheets>"                             \
    "<sheet name=\"Nhập số liệu\" sheetId=\"1\" r:id=\"rId1\"/>"                                       \
    "<sheet name=\"thidua\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></sheets></workbook>"
#define RELS                                                                                         \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "                                      \
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"                        \
    "<Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/>"                 \
    "<Relationship Id=\"rId2\" Type=\"worksheet\" Target=\"/xl/worksheets/other.xml\"/></Relationships>"
#define SHARED                                                                                       \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst " NS " count=\"3\" uniqueCount=\"3\">"            \
    "<si><t>Mã chỉ tiêu</t></si>"                                                                    \
    "<si><r><rPr><b/></rPr><t>Thôn </t></r><r><t>Thái Lai</t></r><rPh><t>ignored</t></rPh></si>"    \
    "<si><t xml:space=\"preserve\"> có </t></si></sst>"
#define SHEET(rows) "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " NS "><sheetData>" rows "</sheetData></worksheet>"

typedef struct part {
    const char *name, *xml;
} part;

/* The bytes of a zip holding parts (NULL-terminated), read back from a temporary file. */
static char *zip_of(arena *a, const part *parts, size_t *len)
{
    char path[] = "/tmp/test-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_TRUNCATE, &zerr);
    assert_non_null(za);
    for (const part *p = parts; p->name; p++) {
        zip_source_t *src = zip_source_buffer(za, p->xml, strlen(p->xml), 0);
        assert_true(zip_file_add(za, p->name, src, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    char *data = NULL;
    td_error err = {0};
    assert_int_equal(fileio_read(a, path, &data, len, &err), TD_OK);
    unlink(path);
    return data;
}

static char *book_with(arena *a, const char *sheet1, size_t *len)
{
    const part parts[] = {{"xl/workbook.xml", WORKBOOK},
                          {"xl/_rels/workbook.xml.rels", RELS},
                          {"xl/sharedStrings.xml", SHARED},
                          {"xl/worksheets/sheet1.xml", sheet1},
                          {"xl/worksheets/other.xml", SHEET("<row r=\"2\"><c r=\"B2\" t=\"str\"><v>2026-11</v></c></row>")},
                          {NULL, NULL}};
    return zip_of(a, parts, len);
}

static void cells_of_every_kind(void **state)
{
    arena *a = arena_new();
    size_t len;
    /* shared (plain and rich text), inline, number, formula string, boolean, a styled empty
     * cell, and cells without r (their place follows the one before) */
    char *data = book_with(a,
                           SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
                                 "<row r=\"14\"><c r=\"D14\"><v>262.5</v></c><c r=\"E14\" t=\"inlineStr\"><is><t>không</t></is></c>"
                                 "<c r=\"F14\" s=\"3\"/><c r=\"G14\" t=\"str\"><f>A1</f><v>97,5</v></c>"
                                 "<c r=\"H14\" t=\"b\"><v>1</v></c></row>"
                                 "<row><c t=\"s\"><v>2</v></c><c t=\"n\"><v>1E3</v></c></row>"),
                           &len);
    xlsx_book b;
    td_error err = {0};
    assert_int_equal(xlsx_read(a, "mau.xlsx", data, len, &b, &err), TD_OK);
    assert_int_equal(b.n_sheets, 2);
    const xlsx_sheet *s = xlsx_sheet_named(&b, "Nhập số liệu");
    assert_non_null(s);
    assert_false(s->hidden);
    assert_true(xlsx_sheet_named(&b, "thidua")->hidden);
    assert_string_equal(xlsx_cell_at(xlsx_sheet_named(&b, "thidua"), 1, 1)->text, "2026-11");
    assert_string_equal(xlsx_cell_at(s, 0, 0)->text, "Mã chỉ tiêu");
    assert_string_equal(xlsx_cell_at(s, 0, 1)->text, "Thôn Thái Lai"); /* runs joined, phonetics left out */
    const xlsx_cell *d14 = xlsx_cell_at(s, 13, 3);
    assert_true(d14->is_number);
    assert_true(d14->number == 262.5);
    assert_false(xlsx_cell_at(s, 13, 4)->is_number);
    assert_string_equal(xlsx_cell_at(s, 13, 4)->text, "không");
    assert_null(xlsx_cell_at(s, 13, 5)); /* styled but empty */
    assert_string_equal(xlsx_cell_at(s, 13, 6)->text, "97,5");
    assert_false(xlsx_cell_at(s, 13, 6)->is_number);
    assert_string_equal(xlsx_cell_at(s, 13, 7)->text, "1");
    assert_string_equal(xlsx_cell_at(s, 14, 0)->text, " có ");
    assert_true(xlsx_cell_at(s, 14, 1)->is_number);
    assert_true(xlsx_cell_at(s, 14, 1)->number == 1000);
    assert_string_equal(xlsx_ref(a, 13, 3), "D14");
    assert_string_equal(xlsx_ref(a, 0, 27), "AB1");
    arena_free(a);
}

static void refused(const char *data, size_t len, td_status want, const char *needle)
{
    arena *a = arena_new();
    xlsx_book b;
    td_error err = {0};
    assert_int_equal(xlsx_read(a, "mau.xlsx", data, len, &b, &err), want);
    if (!strstr(err.msg, needle))
        fail_msg("\"%s\" not in \"%s\"", needle, err.msg);
    arena_free(a);
}

static void bad_shared_string_names_its_cell(void **state)
{
    arena *a = arena_new();
    size_t len;
    char *data = book_with(a, SHEET("<row r=\"7\"><c r=\"C7\" t=\"s\"><v>9</v></c></row>"), &len);
    refused(data, len, TD_ERR_INPUT, "Nhập số liệu!C7");
    arena_free(a);
}

static void not_a_workbook_is_refused(void **state)
{
    arena *a = arena_new();
    size_t len;
    refused("indicator,org_unit\n", 19, TD_ERR_INPUT, "không phải tệp Excel .xlsx");
    const part docx[] = {{"word/document.xml", "<w:document/>"}, {NULL, NULL}};
    char *data = zip_of(a, docx, &len);
    refused(data, len, TD_ERR_INPUT, "xl/workbook.xml");
    arena_free(a);
}

static void doctype_and_broken_xml_are_refused(void **state)
{
    arena *a = arena_new();
    size_t len;
    char *data = book_with(a,
                           "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                           "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is>"
                           "</c></row></sheetData></worksheet>",
                           &len);
    refused(data, len, TD_ERR_INPUT, "DOCTYPE");
    data = book_with(a, "<worksheet " NS "><sheetData><row>", &len);
    refused(data, len, TD_ERR_INPUT, "không phải XML hợp lệ");
    data = book_with(a, SHEET("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"), &len);
    refused(data, len, TD_ERR_INPUT, "địa chỉ ô không hợp lệ (1A)");
    arena_free(a);
}

/* A sheet inflating beyond XLSX_MAX_PART (a zip bomb: megabytes of blanks in a few KB) is refused
 * before it is parsed. */
static void zip_bomb_is_refused(void **state)
{
    arena *a = arena_new();
    size_t len, n = XLSX_MAX_PART + 1024;
    char *big = arena_alloc(a, n + 1);
    memset(big, ' ', n);
    big[n] = '\0';
    memcpy(big, "<worksheet>", 11);
    char *data = book_with(a, big, &len);
    assert_true(len < 1024 * 1024);
    refused(data, len, TD_ERR_TOO_LARGE, "zip bomb");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cells_of_every_kind),
        cmocka_unit_test(bad_shared_string_names_its_cell),
        cmocka_unit_test(not_a_workbook_is_refused),
        cmocka_unit_test(doctype_and_broken_xml_are_refused),
        cmocka_unit_test(zip_bomb_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
