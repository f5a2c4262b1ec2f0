/* docx.c — see docx.h. The body is streamed into one xmlTextWriter; the other parts are small and
 * written whole at the end. */
#include "docx.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_BASE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* A4 in twips */
enum { A4_W = 11906, A4_H = 16838 };

struct docx {
    arena *a;
    docx_page page;
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    bool bad;  /* a write failed: docx_finish reports it */
    bool grid; /* the open table is a data table: its cells centred vertically; a layout table's at the top */
};

static void ok(docx *d, int rc)
{
    if (rc < 0)
        d->bad = true;
}

static void start(docx *d, const char *name)
{
    ok(d, xmlTextWriterStartElement(d->w, BAD_CAST name));
}

static void end(docx *d)
{
    ok(d, xmlTextWriterEndElement(d->w));
}

static void attr(docx *d, const char *name, const char *value)
{
    ok(d, xmlTextWriterWriteAttribute(d->w, BAD_CAST name, BAD_CAST value));
}

static void attr_int(docx *d, const char *name, int v)
{
    char n[24];
    snprintf(n, sizeof n, "%d", v);
    attr(d, name, n);
}

/* <name w:val="value"/> */
static void val(docx *d, const char *name, const char *value)
{
    start(d, name);
    attr(d, "w:val", value);
    end(d);
}

static void val_int(docx *d, const char *name, int v)
{
    char n[24];
    snprintf(n, sizeof n, "%d", v);
    val(d, name, n);
}

static xmlTextWriterPtr writer_new(xmlBufferPtr *buf)
{
    *buf = xmlBufferCreate();
    if (!*buf)
        return NULL;
    xmlTextWriterPtr w = xmlNewTextWriterMemory(*buf, 0);
    if (!w) {
        xmlBufferFree(*buf);
        return NULL;
    }
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
    return w;
}

docx *docx_new(arena *a, const docx_page *page)
{
    docx *d = arena_alloc(a, sizeof *d);
    if (!d)
        return NULL;
    memset(d, 0, sizeof *d);
    d->a = a;
    d->page = *page;
    d->w = writer_new(&d->buf);
    if (!d->w)
        return NULL;
    start(d, "w:document");
    attr(d, "xmlns:w", NS_W);
    attr(d, "xmlns:r", NS_R);
    start(d, "w:body");
    return d;
}

int docx_text_width(const docx *d)
{
    return A4_W - DOCX_MM(d->page.left_mm) - DOCX_MM(d->page.right_mm);
}

static const char *align_name(docx_align al)
{
    switch (al) {
    case DOCX_CENTER: return "center";
    case DOCX_RIGHT: return "right";
    case DOCX_BOTH: return "both";
    default: return "left";
    }
}

static void border(docx *d, const char *side, int eighths)
{
    start(d, side);
    attr(d, "w:val", "single");
    attr_int(d, "w:sz", eighths);
    attr(d, "w:space", "0");
    attr(d, "w:color", "000000");
    end(d);
}

void docx_para_begin(docx *d, const docx_para *p)
{
    start(d, "w:p");
    start(d, "w:pPr");
    if (p->keep_next)
        start(d, "w:keepNext"), end(d);
    if (p->rule_below) {
        start(d, "w:pBdr");
        border(d, "w:bottom", 6); /* ¾ pt */
        end(d);
    }
    start(d, "w:spacing");
    attr_int(d, "w:before", p->before);
    attr_int(d, "w:after", p->after);
    attr_int(d, "w:line", p->line ? p->line : 240);
    attr(d, "w:lineRule", "auto");
    end(d);
    if (p->first_line || p->indent_left || p->indent_right) {
        start(d, "w:ind");
        attr_int(d, "w:left", p->indent_left);
        attr_int(d, "w:right", p->indent_right);
        attr_int(d, "w:firstLine", p->first_line);
        end(d);
    }
    val(d, "w:jc", align_name(p->align));
    end(d); /* pPr */
}

static void run_props(docx *d, const docx_run *r)
{
    start(d, "w:rPr");
    if (r->bold)
        start(d, "w:b"), end(d);
    if (r->italic)
        start(d, "w:i"), end(d);
    if (r->size) {
        val_int(d, "w:sz", r->size);
        val_int(d, "w:szCs", r->size);
    }
    end(d);
}

void docx_text_run(docx *d, const docx_run *r, const char *text)
{
    start(d, "w:r");
    run_props(d, r);
    /* one w:t per line: a "\n" is a line break inside the paragraph */
    const char *s = text ? text : "";
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        start(d, "w:t");
        attr(d, "xml:space", "preserve");
        ok(d, xmlTextWriterWriteString(d->w, BAD_CAST arena_strndup(d->a, s, n)));
        end(d);
        if (!nl)
            break;
        start(d, "w:br"), end(d);
        s = nl + 1;
    }
    end(d);
}

void docx_para_end(docx *d)
{
    end(d);
}

void docx_text(docx *d, const docx_para *p, const docx_run *r, const char *text)
{
    docx_para_begin(d, p);
    docx_text_run(d, r, text);
    docx_para_end(d);
}

void docx_rule(docx *d, int length, int width)
{
    int side = width > length ? (width - length) / 2 : 0;
    docx_para p = {.align = DOCX_CENTER, .indent_left = side, .indent_right = side, .rule_below = true};
    docx_para_begin(d, &p);
    /* the paragraph itself is 1 pt high: the rule sits right under the line above */
    start(d, "w:r");
    start(d, "w:rPr");
    val(d, "w:sz", "2");
    val(d, "w:szCs", "2");
    end(d);
    end(d);
    docx_para_end(d);
}

void docx_table_begin(docx *d, const int *widths, size_t n, bool borders)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += widths[i];
    d->grid = borders;
    start(d, "w:tbl");
    start(d, "w:tblPr");
    start(d, "w:tblW");
    attr_int(d, "w:w", total);
    attr(d, "w:type", "dxa");
    end(d);
    val(d, "w:tblLayout", "fixed");
    start(d, "w:tblBorders");
    static const char *sides[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"};
    for (size_t i = 0; i < 6; i++) {
        if (borders)
            border(d, sides[i], 4);
        else
            val(d, sides[i], "nil");
    }
    end(d);
    start(d, "w:tblCellMar");
    start(d, "w:left"), attr_int(d, "w:w", borders ? 70 : 0), attr(d, "w:type", "dxa"), end(d);
    start(d, "w:right"), attr_int(d, "w:w", borders ? 70 : 0), attr(d, "w:type", "dxa"), end(d);
    end(d);
    end(d); /* tblPr */
    start(d, "w:tblGrid");
    for (size_t i = 0; i < n; i++) {
        start(d, "w:gridCol");
        attr_int(d, "w:w", widths[i]);
        end(d);
    }
    end(d);
}

void docx_row_begin(docx *d, bool header)
{
    start(d, "w:tr");
    start(d, "w:trPr");
    start(d, "w:cantSplit"), end(d);
    if (header)
        start(d, "w:tblHeader"), end(d);
    end(d);
}

void docx_cell_begin(docx *d, int span, bool shade)
{
    start(d, "w:tc");
    start(d, "w:tcPr");
    if (span > 1)
        val_int(d, "w:gridSpan", span);
    if (shade) {
        start(d, "w:shd");
        attr(d, "w:val", "clear");
        attr(d, "w:color", "auto");
        attr(d, "w:fill", "E7E6E6");
        end(d);
    }
    val(d, "w:vAlign", d->grid ? "center" : "top");
    end(d);
}

void docx_cell_end(docx *d)
{
    end(d);
}

void docx_row_end(docx *d)
{
    end(d);
}

void docx_table_end(docx *d)
{
    end(d);
    /* Word needs a paragraph between a table and what follows it; its mark is 1 pt high, so that
     * after the signature's table, the last thing of a document, it never spills onto a page of
     * its own */
    start(d, "w:p");
    start(d, "w:pPr");
    start(d, "w:spacing");
    attr_int(d, "w:before", 0);
    attr_int(d, "w:after", 0);
    attr_int(d, "w:line", 240);
    attr(d, "w:lineRule", "auto");
    end(d);
    start(d, "w:rPr");
    val(d, "w:sz", "2");
    val(d, "w:szCs", "2");
    end(d); /* rPr */
    end(d); /* pPr */
    end(d); /* p */
}

/* The section: A4 portrait, the margins, the header (page number) from page 2. */
static void section(docx *d)
{
    start(d, "w:sectPr");
    if (d->page.page_numbers) {
        start(d, "w:headerReference");
        attr(d, "w:type", "default");
        attr(d, "r:id", "rIdHeader");
        end(d);
        start(d, "w:headerReference");
        attr(d, "w:type", "first");
        attr(d, "r:id", "rIdHeaderFirst");
        end(d);
    }
    start(d, "w:pgSz");
    attr_int(d, "w:w", A4_W);
    attr_int(d, "w:h", A4_H);
    attr(d, "w:orient", "portrait");
    end(d);
    start(d, "w:pgMar");
    attr_int(d, "w:top", DOCX_MM(d->page.top_mm));
    attr_int(d, "w:right", DOCX_MM(d->page.right_mm));
    attr_int(d, "w:bottom", DOCX_MM(d->page.bottom_mm));
    attr_int(d, "w:left", DOCX_MM(d->page.left_mm));
    attr_int(d, "w:header", DOCX_MM(d->page.top_mm) / 2);
    attr_int(d, "w:footer", DOCX_MM(d->page.bottom_mm) / 2);
    attr(d, "w:gutter", "0");
    end(d);
    if (d->page.page_numbers)
        start(d, "w:titlePg"), end(d);
    end(d);
}

/* A part written whole: build(d) writes its elements into a fresh writer. */
static const char *part(docx *d, void (*build)(docx *))
{
    xmlTextWriterPtr body = d->w;
    xmlBufferPtr body_buf = d->buf;
    const char *out = NULL;
    d->w = writer_new(&d->buf);
    if (!d->w) {
        d->bad = true;
        goto done;
    }
    build(d);
    ok(d, xmlTextWriterEndDocument(d->w));
    xmlFreeTextWriter(d->w);
    out = arena_strndup(d->a, (const char *)xmlBufferContent(d->buf), (size_t)xmlBufferLength(d->buf));
    xmlBufferFree(d->buf);
done:
    d->w = body;
    d->buf = body_buf;
    return out;
}

static void override(docx *d, const char *name, const char *type)
{
    start(d, "Override");
    attr(d, "PartName", name);
    attr(d, "ContentType", type);
    end(d);
}

#define CT_BASE "application/vnd.openxmlformats-officedocument.wordprocessingml."

static void content_types(docx *d)
{
    start(d, "Types");
    attr(d, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
    start(d, "Default");
    attr(d, "Extension", "rels");
    attr(d, "ContentType", "application/vnd.openxmlformats-package.relationships+xml");
    end(d);
    start(d, "Default");
    attr(d, "Extension", "xml");
    attr(d, "ContentType", "application/xml");
    end(d);
    override(d, "/word/document.xml", CT_BASE "document.main+xml");
    override(d, "/word/styles.xml", CT_BASE "styles+xml");
    override(d, "/word/settings.xml", CT_BASE "settings+xml");
    override(d, "/word/header1.xml", CT_BASE "header+xml");
    override(d, "/word/header2.xml", CT_BASE "header+xml");
    end(d);
}

static void rel(docx *d, const char *id, const char *type, const char *target)
{
    start(d, "Relationship");
    attr(d, "Id", id);
    attr(d, "Type", type);
    attr(d, "Target", target);
    end(d);
}

static void package_rels(docx *d)
{
    start(d, "Relationships");
    attr(d, "xmlns", NS_PKG_REL);
    rel(d, "rIdDoc", REL_BASE "officeDocument", "word/document.xml");
    end(d);
}

static void document_rels(docx *d)
{
    start(d, "Relationships");
    attr(d, "xmlns", NS_PKG_REL);
    rel(d, "rIdStyles", REL_BASE "styles", "styles.xml");
    rel(d, "rIdSettings", REL_BASE "settings", "settings.xml");
    rel(d, "rIdHeader", REL_BASE "header", "header1.xml");
    rel(d, "rIdHeaderFirst", REL_BASE "header", "header2.xml");
    end(d);
}

static void fonts(docx *d)
{
    start(d, "w:rFonts");
    attr(d, "w:ascii", d->page.font);
    attr(d, "w:hAnsi", d->page.font);
    attr(d, "w:cs", d->page.font);
    attr(d, "w:eastAsia", d->page.font);
    end(d);
}

static void styles(docx *d)
{
    start(d, "w:styles");
    attr(d, "xmlns:w", NS_W);
    start(d, "w:docDefaults");
    start(d, "w:rPrDefault");
    start(d, "w:rPr");
    fonts(d);
    val_int(d, "w:sz", d->page.size);
    val_int(d, "w:szCs", d->page.size);
    start(d, "w:lang");
    attr(d, "w:val", "vi-VN");
    end(d);
    end(d);
    end(d);
    start(d, "w:pPrDefault");
    start(d, "w:pPr");
    start(d, "w:spacing");
    attr(d, "w:after", "0");
    attr(d, "w:line", "240");
    attr(d, "w:lineRule", "auto");
    end(d);
    end(d);
    end(d);
    end(d); /* docDefaults */
    start(d, "w:style");
    attr(d, "w:type", "paragraph");
    attr(d, "w:default", "1");
    attr(d, "w:styleId", "Normal");
    val(d, "w:name", "Normal");
    end(d);
    start(d, "w:style");
    attr(d, "w:type", "table");
    attr(d, "w:default", "1");
    attr(d, "w:styleId", "TableNormal");
    val(d, "w:name", "Normal Table");
    end(d);
    end(d);
}

static void settings(docx *d)
{
    start(d, "w:settings");
    attr(d, "xmlns:w", NS_W);
    val(d, "w:defaultTabStop", "720");
    start(d, "w:compat");
    start(d, "w:compatSetting");
    attr(d, "w:name", "compatibilityMode");
    attr(d, "w:uri", "http://schemas.microsoft.com/office/word");
    attr(d, "w:val", "15");
    end(d);
    end(d);
    end(d);
}

/* The header of pages 2 and after: the page number, centred. */
static void header_numbered(docx *d)
{
    start(d, "w:hdr");
    attr(d, "xmlns:w", NS_W);
    start(d, "w:p");
    start(d, "w:pPr");
    val(d, "w:jc", "center");
    end(d);
    start(d, "w:fldSimple");
    attr(d, "w:instr", " PAGE ");
    start(d, "w:r");
    start(d, "w:t");
    ok(d, xmlTextWriterWriteString(d->w, BAD_CAST "2"));
    end(d);
    end(d);
    end(d); /* fldSimple */
    end(d); /* p */
    end(d);
}

/* Page 1's header: empty. */
static void header_first(docx *d)
{
    start(d, "w:hdr");
    attr(d, "xmlns:w", NS_W);
    start(d, "w:p");
    end(d);
    end(d);
}

static td_status add(zip_t *z, const char *name, const char *data, td_error *err)
{
    zip_source_t *src = zip_source_buffer(z, data, strlen(data), 0);
    if (!src || zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(src);
        return td_fail(err, TD_ERR_IO, "không tạo được tệp Word (%s): %s", name, zip_strerror(z));
    }
    return TD_OK;
}

td_status docx_finish(docx *d, char **data, size_t *len, td_error *err)
{
    td_status st = TD_OK;
    zip_source_t *mem = NULL;
    zip_t *z = NULL;
    zip_error_t ze;
    const char *doc;

    section(d);
    end(d); /* body */
    end(d); /* document */
    ok(d, xmlTextWriterEndDocument(d->w));
    xmlFreeTextWriter(d->w);
    d->w = NULL;
    doc = arena_strndup(d->a, (const char *)xmlBufferContent(d->buf), (size_t)xmlBufferLength(d->buf));
    xmlBufferFree(d->buf);
    d->buf = NULL;
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
                           "word/styles.xml", "word/settings.xml", "word/header1.xml", "word/header2.xml"};
    const char *parts[] = {part(d, content_types), part(d, package_rels), part(d, document_rels), doc,
                           part(d, styles), part(d, settings), part(d, header_numbered), part(d, header_first)};
    if (d->bad) {
        st = td_fail(err, TD_ERR_IO, "không tạo được tệp Word: lỗi khi ghi XML");
        goto done;
    }

    zip_error_init(&ze);
    mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!mem || !(z = zip_open_from_source(mem, ZIP_TRUNCATE, &ze))) {
        st = td_fail(err, TD_ERR_IO, "không tạo được tệp Word: %s", zip_error_strerror(&ze));
        goto done;
    }
    zip_source_keep(mem);
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !st; i++)
        st = add(z, names[i], parts[i], err);
    if (st) {
        zip_discard(z);
        z = NULL;
        goto done;
    }
    if (zip_close(z) < 0) {
        st = td_fail(err, TD_ERR_IO, "không tạo được tệp Word: %s", zip_strerror(z));
        zip_discard(z);
        z = NULL;
        goto done;
    }
    z = NULL;
    zip_stat_t zs;
    if (zip_source_stat(mem, &zs) < 0 || zip_source_open(mem) < 0) {
        st = td_fail(err, TD_ERR_IO, "không đọc lại được tệp Word vừa tạo");
        goto done;
    }
    *len = (size_t)zs.size;
    *data = arena_alloc(d->a, *len + 1);
    if (!*data || zip_source_read(mem, *data, zs.size) != (zip_int64_t)zs.size) {
        zip_source_close(mem);
        st = td_fail(err, TD_ERR_IO, "không đọc lại được tệp Word vừa tạo");
        goto done;
    }
    zip_source_close(mem);
done:
    if (mem)
        zip_source_free(mem);
    return st;
}
