/* doctext.c — plan documents as plain text lines; see doctext.h.
 *
 * A .docx is a zip (libzip, opened from memory) whose word/document.xml (libxml2) holds the
 * body. The XML is parsed without network access and without entity expansion, and a
 * DOCTYPE stops the parser where it starts: Word never writes one (OPC forbids DTDs), so one
 * is either a damaged file or an attack (entity bombs, external entities). */
#include "doctext.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/vtext.h"
#include "service/fileio.h"

#define DOCUMENT_XML "word/document.xml"

static const char w_ns[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char w_ns_strict[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char mc_ns[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/* The text being built, grown in the arena. */
typedef struct out {
    arena *a;
    char *p;
    size_t n, cap;
    bool full; /* more than DOCTEXT_MAX_TEXT bytes were offered: the rest is dropped, the read refused */
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->full || n > DOCTEXT_MAX_TEXT - o->n) {
        o->full = true;
        return;
    }
    if (o->cap - o->n < n + 1) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap - o->n < n + 1)
            cap *= 2;
        char *bigger = arena_alloc(o->a, cap);
        if (o->n)
            memcpy(bigger, o->p, o->n);
        o->p = bigger;
        o->cap = cap;
    }
    memcpy(o->p + o->n, s, n);
    o->n += n;
    o->p[o->n] = '\0';
}

static bool in_ns(const xmlNode *n, const char *ns)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

static bool is_w(const xmlNode *n, const char *name)
{
    return (in_ns(n, w_ns) || in_ns(n, w_ns_strict)) && strcmp((const char *)n->name, name) == 0;
}

/* Elements whose content is never text of the document: properties (a w:pPr holds w:tab
 * stops, which are not tabs) and the second copy of alternate content. */
static bool skipped(const xmlNode *n)
{
    static const char *const props[] = {"pPr",  "rPr",  "sectPr", "tblPr",    "tblPrEx", "tblGrid",
                                        "trPr", "tcPr", "sdtPr",  "sdtEndPr", NULL};
    if (n->type != XML_ELEMENT_NODE)
        return true;
    if (in_ns(n, mc_ns))
        return strcmp((const char *)n->name, "Fallback") == 0;
    for (const char *const *p = props; *p; p++)
        if (is_w(n, *p))
            return true;
    return false;
}

/* The characters of a w:t. Entity references are not followed (there are none without a
 * DOCTYPE); line breaks and tabs typed into the XML become spaces so that a line stays one
 * paragraph. */
static void text(out *o, const xmlNode *t)
{
    for (const xmlNode *c = t->children; c; c = c->next) {
        if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
            continue;
        size_t from = o->n;
        put(o, (const char *)c->content, strlen((const char *)c->content));
        for (size_t i = from; i < o->n; i++)
            if (o->p[i] == '\n' || o->p[i] == '\r' || o->p[i] == '\t')
                o->p[i] = ' ';
    }
}

enum mode {
    LINES,  /* each paragraph or row is a line */
    JOINED, /* joined by spaces, empty ones left out: the content of a table cell or a text box */
};

static void blocks(out *o, const xmlNode *n, enum mode mode, bool *any);

/* The inline content of a paragraph from start on: runs, hyperlinks, fields, text boxes. */
static void runs(out *o, const xmlNode *n, size_t start)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (skipped(c))
            continue;
        if (is_w(c, "t")) {
            text(o, c);
        } else if (is_w(c, "tab") || is_w(c, "br") || is_w(c, "cr")) {
            put(o, " ", 1);
        } else if (is_w(c, "noBreakHyphen")) {
            put(o, "-", 1);
        } else if (is_w(c, "txbxContent")) {
            bool any = o->n > start;
            blocks(o, c, JOINED, &any);
        } else {
            runs(o, c, start);
        }
    }
}

/* The cells of a row, found through wrappers such as w:sdt. */
static void cells(out *o, const xmlNode *n, bool *first)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (skipped(c))
            continue;
        if (is_w(c, "tc")) {
            bool any = false;
            if (!*first)
                put(o, " | ", 3);
            *first = false;
            blocks(o, c, JOINED, &any);
        } else {
            cells(o, c, first);
        }
    }
}

static void block(out *o, const xmlNode *n, enum mode mode, bool *any)
{
    size_t mark = o->n;
    if (mode == JOINED && *any)
        put(o, " ", 1);
    size_t start = o->n;
    if (is_w(n, "p")) {
        runs(o, n, start);
    } else {
        bool first = true;
        cells(o, n, &first);
    }
    if (mode == LINES)
        put(o, "\n", 1);
    else if (o->n == start)
        o->n = mark;
    else
        *any = true;
    if (o->p)
        o->p[o->n] = '\0';
}

/* The paragraphs and table rows among n's descendants, in document order. Tables, w:sdt,
 * w:customXml and the like are looked through; rows stop the search, so the paragraphs of
 * a cell belong to their row. */
static void blocks(out *o, const xmlNode *n, enum mode mode, bool *any)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (skipped(c))
            continue;
        if (is_w(c, "p") || is_w(c, "tr"))
            block(o, c, mode, any);
        else
            blocks(o, c, mode, any);
    }
}

/* Refuses a package that would inflate beyond the limits (see doctext.h): the sizes the zip
 * declares are checked first, so an honest bomb is refused before anything is inflated. */
static td_status check_declared(zip_t *za, const char *path, td_error *err)
{
    zip_int64_t n = zip_get_num_entries(za, 0);
    zip_uint64_t total = 0;
    zip_stat_t zs;

    for (zip_int64_t i = 0; i < n; i++) {
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE))
            continue;
        total += zs.size > DOCTEXT_MAX_TOTAL ? DOCTEXT_MAX_TOTAL + 1 : zs.size;
        if (total > DOCTEXT_MAX_TOTAL)
            return td_fail(err, TD_ERR_TOO_LARGE,
                           "%s: tệp .docx khi giải nén quá lớn (hơn %u MiB); một kế hoạch thật chỉ vài MiB, "
                           "tệp này có thể là tệp nén độc hại (zip bomb)",
                           path, DOCTEXT_MAX_TOTAL >> 20);
    }
    return TD_OK;
}

static td_status too_large(td_error *err, const char *path)
{
    return td_fail(
        err, TD_ERR_TOO_LARGE,
        "%s: nội dung văn bản (" DOCUMENT_XML ") khi giải nén quá lớn hoặc bị nén bất thường (tối đa %u "
        "MiB, nén không quá %u lần); một kế hoạch thật chỉ vài MiB, tệp này có thể là tệp nén độc hại "
        "(zip bomb)",
        path, DOCTEXT_MAX_XML >> 20, DOCTEXT_MAX_RATIO);
}

/* True when got bytes inflated from comp compressed ones go beyond what a document may be. */
static bool beyond(zip_uint64_t got, zip_uint64_t comp)
{
    return got > DOCTEXT_MAX_XML || (got > DOCTEXT_RATIO_FROM && got / DOCTEXT_MAX_RATIO > comp);
}

/* word/document.xml of the archive in data, inflated into a. */
static td_status document_xml(arena *a, const char *path, const char *data, size_t n, char **xml,
                              size_t *xml_len, td_error *err)
{
    zip_error_t zerr;
    zip_source_t *src = NULL;
    zip_t *za = NULL;
    zip_file_t *zf = NULL;
    zip_stat_t zs;
    zip_int64_t idx;
    zip_uint64_t got = 0, cap;
    char *buf;
    td_status st = TD_OK;

    zip_error_init(&zerr);
    src = zip_source_buffer_create(data, n, 0, &zerr);
    if (!src)
        td_oom(n);
    za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!za) {
        if (zip_error_code_zip(&zerr) == ZIP_ER_MEMORY)
            td_oom(n);
        st = td_fail(err, TD_ERR_INPUT, "%s: tệp .docx bị hỏng: không đọc được dạng nén zip của tệp", path);
        goto fail;
    }
    src = NULL; /* the archive owns it now */

    st = check_declared(za, path, err);
    if (st)
        goto fail;
    /* part names in a package are compared without case */
    idx = zip_name_locate(za, DOCUMENT_XML, ZIP_FL_NOCASE);
    if (idx < 0) {
        st = td_fail(err, TD_ERR_INPUT, "%s: không phải tệp Word .docx: trong tệp nén không có " DOCUMENT_XML,
                     path);
        goto fail;
    }
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE) ||
        !(zs.valid & ZIP_STAT_COMP_SIZE)) {
        st = td_fail(err, TD_ERR_INPUT, "%s: tệp .docx bị hỏng: không đọc được thông tin của " DOCUMENT_XML,
                     path);
        goto fail;
    }
    if (beyond(zs.size, zs.comp_size)) {
        st = too_large(err, path);
        goto fail;
    }
    zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!zf) {
        st = td_fail(err, TD_ERR_INPUT,
                     "%s: không giải nén được " DOCUMENT_XML
                     " (tệp hỏng, có mật khẩu hoặc dùng kiểu nén không "
                     "được hỗ trợ)",
                     path);
        goto fail;
    }
    /* The declared size may lie: the bytes are counted as they come, and inflating stops as
     * soon as they go beyond a limit, whatever the headers said. */
    cap = zs.size + 1;
    buf = arena_alloc(a, (size_t)cap + 1);
    for (;;) {
        if (got == cap) {
            zip_uint64_t bigger = cap * 2 < DOCTEXT_MAX_XML + 2 ? cap * 2 : DOCTEXT_MAX_XML + 2;
            char *more = arena_alloc(a, (size_t)bigger + 1);
            memcpy(more, buf, (size_t)got);
            buf = more;
            cap = bigger;
        }
        zip_int64_t r = zip_fread(zf, buf + got, cap - got);
        if (r < 0) {
            /* libzip checks the CRC and the size at the end: a size that lied is found here */
            st = td_fail(err, TD_ERR_INPUT, "%s: tệp .docx bị hỏng: giải nén " DOCUMENT_XML " bị lỗi", path);
            goto fail;
        }
        if (r == 0)
            break;
        got += (zip_uint64_t)r;
        if (beyond(got, zs.comp_size)) {
            st = too_large(err, path);
            goto fail;
        }
    }
    if (got != zs.size) {
        st = td_fail(err, TD_ERR_INPUT, "%s: tệp .docx bị hỏng: giải nén " DOCUMENT_XML " bị lỗi", path);
        goto fail;
    }
    buf[got] = '\0';
    *xml = buf;
    *xml_len = (size_t)got;

fail:
    if (zf)
        zip_fclose(zf);
    if (za)
        zip_discard(za);
    if (src)
        zip_source_free(src);
    zip_error_fini(&zerr);
    return st;
}

/* Called at "<!DOCTYPE", before any declaration in it is read: parsing stops there, so no
 * entity is ever declared, let alone expanded or fetched. */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
    xmlParserCtxt *ctxt = ctx;
    *(bool *)ctxt->_private = true;
    xmlStopParser(ctxt);
}

static td_status docx_text(arena *a, const char *path, const char *data, size_t n, char **text_out,
                           size_t *len, td_error *err)
{
    char *xml = NULL;
    size_t xml_len = 0;
    xmlParserCtxt *ctxt = NULL;
    xmlDoc *doc = NULL;
    const xmlNode *root, *body = NULL;
    out o = {.a = a};
    bool doctype = false, any = false;
    td_status st;

    if (n < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
        return td_fail(err, TD_ERR_INPUT, "%s: không phải tệp Word .docx (không phải dạng nén zip)", path);
    st = document_xml(a, path, data, n, &xml, &xml_len, err);
    if (st)
        goto fail;

    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        td_oom(sizeof *ctxt);
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->_private = &doctype;
    /* no XML_PARSE_NOENT, no XML_PARSE_DTDLOAD: entities stay unexpanded, nothing is loaded */
    doc = xmlCtxtReadMemory(ctxt, xml, (int)xml_len, DOCUMENT_XML, NULL,
                            XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doctype) {
        st = td_fail(err, TD_ERR_INPUT,
                     "%s: " DOCUMENT_XML " có khai báo DOCTYPE; tệp Word không có phần này", path);
        goto fail;
    }
    if (!doc || !ctxt->wellFormed) {
        st = td_fail(err, TD_ERR_INPUT, "%s: " DOCUMENT_XML " không phải XML hợp lệ (dòng %d)", path,
                     ctxt->lastError.line);
        goto fail;
    }
    root = xmlDocGetRootElement(doc);
    if (root && is_w(root, "document"))
        for (const xmlNode *c = root->children; c && !body; c = c->next)
            if (is_w(c, "body"))
                body = c;
    if (!body) {
        st = td_fail(err, TD_ERR_INPUT, "%s: " DOCUMENT_XML " không có phần thân văn bản (w:body)", path);
        goto fail;
    }
    put(&o, "", 0);
    blocks(&o, body, LINES, &any);
    if (o.full) {
        st = doctext_too_much_text(err, path);
        goto fail;
    }
    *text_out = o.p;
    *len = o.n;

fail:
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return st;
}

/* The file as it is, checked to be UTF-8, without BOM and with LF line ends. */
static td_status plain_text(const char *path, char *data, size_t n, char **text_out, size_t *len,
                            td_error *err)
{
    size_t bad = 0, line = 1, w = 0;

    if (!vtext_utf8_valid(data, n, &bad)) {
        if (n >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0))
            return td_fail(err, TD_ERR_INPUT, "%s: tệp được lưu ở dạng UTF-16; hãy lưu lại ở dạng UTF-8",
                           path);
        for (size_t i = 0; i < bad; i++)
            line += data[i] == '\n';
        return td_fail(
            err, TD_ERR_INPUT,
            "%s:%zu: không phải văn bản UTF-8 (byte thứ %zu của tệp); hãy lưu tệp ở dạng UTF-8 hoặc .docx",
            path, line, bad + 1);
    }
    if (n > DOCTEXT_MAX_TEXT)
        return doctext_too_much_text(err, path);
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        n -= 3;
    }
    for (size_t r = 0; r < n; r++)
        if (!(data[r] == '\r' && r + 1 < n && data[r + 1] == '\n'))
            data[w++] = data[r];
    data[w] = '\0';
    *text_out = data;
    *len = w;
    return TD_OK;
}

td_status doctext_too_much_text(td_error *err, const char *name)
{
    return td_fail(err, TD_ERR_TOO_LARGE,
                   "%s: văn bản quá dài (hơn %u MiB); một kế hoạch thật chỉ vài trăm KiB, hãy gửi riêng phần "
                   "chỉ tiêu",
                   name, DOCTEXT_MAX_TEXT >> 20);
}

static bool has_docx_extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot && strcasecmp(dot, ".docx") == 0;
}

td_status doctext_read(arena *a, const char *path, char **text_out, size_t *len, td_error *err)
{
    char *data;
    size_t n;
    td_status st = fileio_read(a, path, &data, &n, err);

    if (st)
        return st;
    return doctext_parse(a, path, data, n, has_docx_extension(path), text_out, len, err);
}

td_status doctext_parse(arena *a, const char *name, char *data, size_t n, bool docx, char **text_out, size_t *len,
                        td_error *err)
{
    /* OLE2: a Word 97-2003 file, or a .docx that Word encrypted with a password */
    if (n >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return td_fail(
            err, TD_ERR_INPUT,
            "%s: đây là tệp Word 97-2003 (.doc) hoặc tệp Word có mật khẩu; hãy mở bằng Word và lưu "
            "thành .docx không đặt mật khẩu",
            name);
    if (docx || (n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0))
        return docx_text(a, name, data, n, text_out, len, err);
    return plain_text(name, data, n, text_out, len, err);
}
