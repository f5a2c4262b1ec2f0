/* test_docx.c — the WordprocessingML writer (src/service/docx.c): every part well-formed, and the
 * page setup, font, sizes, rules and table headers read back as they were set. */
#include "cmocka_all.h"

#include "docx_read.h"
#include "service/docx.h"

static const docx_page decree = {.top_mm = 20, .bottom_mm = 20, .left_mm = 30, .right_mm = 15,
                                 .font = "Times New Roman", .size = 28, .page_numbers = true};

/* A document with one of each primitive; its bytes in *data. */
static void sample(arena *a, char **data, size_t *len)
{
    td_error e = {0};
    docx *d = docx_new(a, &decree);
    assert_non_null(d);
    docx_para centre = {.align = DOCX_CENTER};
    docx_run bold13 = {.bold = true, .size = 26};
    docx_text(d, &centre, &bold13, "ỦY BAN NHÂN DÂN\nXÃ KIẾN HẢI");
    docx_rule(d, 1200, 4000);
    docx_para body = {.align = DOCX_BOTH, .first_line = 567, .after = 120, .line = 276};
    docx_run it = {.italic = true};
    docx_text(d, &body, &it, "Kiến Hải <ngày> 05 & \"tháng\" 12");
    int widths[] = {1000, 2000};
    docx_table_begin(d, widths, 2, true);
    docx_row_begin(d, true);
    docx_cell_begin(d, 1, true);
    docx_text(d, &centre, &bold13, "TT");
    docx_cell_end(d);
    docx_cell_begin(d, 1, true);
    docx_text(d, &centre, &bold13, "Chỉ tiêu");
    docx_cell_end(d);
    docx_row_end(d);
    docx_table_end(d);
    assert_int_equal(docx_finish(d, data, len, &e), TD_OK);
}

static void test_parts_are_well_formed(void **state)
{
    (void)state;
    arena *a = arena_new();
    char *data;
    size_t len;
    sample(a, &data, &len);
    const char *parts[] = {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
                           "word/styles.xml", "word/settings.xml", "word/header1.xml", "word/header2.xml"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        xmlFreeDoc(docx_part(data, len, parts[i]));
    arena_free(a);
}

static void test_page_setup_and_font(void **state)
{
    (void)state;
    arena *a = arena_new();
    char *data;
    size_t len;
    sample(a, &data, &len);
    xmlDocPtr doc = docx_part(data, len, "word/document.xml");
    /* A4 portrait; 20 mm = 1134 twips, 30 mm = 1701, 15 mm = 850 */
    assert_xpath(doc, "string(//w:sectPr/w:pgSz/@w:w)", "11906");
    assert_xpath(doc, "string(//w:sectPr/w:pgSz/@w:h)", "16838");
    assert_xpath(doc, "string(//w:sectPr/w:pgMar/@w:top)", "1134");
    assert_xpath(doc, "string(//w:sectPr/w:pgMar/@w:bottom)", "1134");
    assert_xpath(doc, "string(//w:sectPr/w:pgMar/@w:left)", "1701");
    assert_xpath(doc, "string(//w:sectPr/w:pgMar/@w:right)", "850");
    /* the page number from page 2: a first-page header of its own, empty */
    assert_xpath(doc, "count(//w:sectPr/w:titlePg)", "1");
    assert_xpath(doc, "string(//w:sectPr/w:headerReference[@w:type='first']/@r:id)", "rIdHeaderFirst");
    assert_xpath(doc, "string(//w:sectPr/w:headerReference[@w:type='default']/@r:id)", "rIdHeader");
    /* the runs keep their sizes and styles; the text is escaped by the library, a line break is a w:br */
    assert_xpath(doc, "string((//w:p)[1]/w:r/w:rPr/w:sz/@w:val)", "26");
    assert_xpath(doc, "count((//w:p)[1]/w:r/w:rPr/w:b)", "1");
    assert_xpath(doc, "count((//w:p)[1]/w:r/w:br)", "1");
    assert_xpath(doc, "string((//w:p)[1]/w:r/w:t[2])", "XÃ KIẾN HẢI");
    assert_xpath(doc, "string((//w:p)[3]/w:r/w:t)", "Kiến Hải <ngày> 05 & \"tháng\" 12");
    assert_xpath(doc, "count((//w:p)[3]/w:r/w:rPr/w:i)", "1");
    assert_xpath(doc, "string((//w:p)[3]/w:pPr/w:jc/@w:val)", "both");
    assert_xpath(doc, "string((//w:p)[3]/w:pPr/w:ind/@w:firstLine)", "567");
    assert_xpath(doc, "string((//w:p)[3]/w:pPr/w:spacing/@w:after)", "120");
    /* the rule: 1.200 twips centred in 4.000, a bottom border */
    assert_xpath(doc, "string((//w:p)[2]/w:pPr/w:pBdr/w:bottom/@w:val)", "single");
    assert_xpath(doc, "string((//w:p)[2]/w:pPr/w:ind/@w:left)", "1400");
    assert_xpath(doc, "string((//w:p)[2]/w:pPr/w:ind/@w:right)", "1400");
    /* the table's header row repeats on every page */
    assert_xpath(doc, "count(//w:tbl/w:tr[1]/w:trPr/w:tblHeader)", "1");
    assert_xpath(doc, "string(//w:tbl/w:tblGrid/w:gridCol[2]/@w:w)", "2000");
    xmlFreeDoc(doc);

    doc = docx_part(data, len, "word/styles.xml");
    assert_xpath(doc, "string(//w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:ascii)", "Times New Roman");
    assert_xpath(doc, "string(//w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:hAnsi)", "Times New Roman");
    assert_xpath(doc, "string(//w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val)", "28");
    xmlFreeDoc(doc);

    doc = docx_part(data, len, "word/header1.xml");
    assert_xpath(doc, "normalize-space(//w:fldSimple/@w:instr)", "PAGE");
    assert_xpath(doc, "string(//w:p/w:pPr/w:jc/@w:val)", "center");
    xmlFreeDoc(doc);
    doc = docx_part(data, len, "word/header2.xml");
    assert_xpath(doc, "count(//w:fldSimple)", "0");
    assert_xpath(doc, "string(//w:t)", "");
    xmlFreeDoc(doc);
    arena_free(a);
}

static void test_borderless_layout_table(void **state)
{
    (void)state;
    arena *a = arena_new();
    td_error e = {0};
    char *data;
    size_t len;
    docx_page plain = decree;
    plain.page_numbers = false;
    docx *d = docx_new(a, &plain);
    int widths[] = {4000, 5355};
    docx_table_begin(d, widths, 2, false);
    docx_row_begin(d, false);
    docx_cell_begin(d, 1, false);
    docx_cell_end(d);
    docx_cell_begin(d, 1, false);
    docx_cell_end(d);
    docx_row_end(d);
    docx_table_end(d);
    assert_int_equal(docx_text_width(d), 11906 - 1701 - 850);
    assert_int_equal(docx_finish(d, &data, &len, &e), TD_OK);
    xmlDocPtr doc = docx_part(data, len, "word/document.xml");
    assert_xpath(doc, "string(//w:tblBorders/w:top/@w:val)", "nil");
    assert_xpath(doc, "string(//w:tblBorders/w:insideV/@w:val)", "nil");
    assert_xpath(doc, "count(//w:tr/w:trPr/w:tblHeader)", "0");
    /* without page numbers, no header at all and page 1 is like the others */
    assert_xpath(doc, "count(//w:sectPr/w:headerReference)", "0");
    assert_xpath(doc, "count(//w:sectPr/w:titlePg)", "0");
    xmlFreeDoc(doc);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_are_well_formed),
        cmocka_unit_test(test_page_setup_and_font),
        cmocka_unit_test(test_borderless_layout_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
