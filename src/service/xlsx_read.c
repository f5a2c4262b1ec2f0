/* xlsx_read.c — the cells of an XLSX workbook; see xlsx_read.h.
 *
 * Elements are matched by local name: Excel writes the transitional namespace, "strict" OOXML
 * another, and both mean the same cells. */
#include "xlsx_read.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/vtext.h"

#define RATIO_FROM (1024u * 1024u)

typedef struct reader {
    arena *a;
    const char *name;
    zip_t *za;
    const char **strings; /* the shared strings */
    size_t n_strings;
} reader;

bool xlsx_is_zip(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

static bool beyond(zip_uint64_t got, zip_uint64_t comp)
{
    return got > XLSX_MAX_PART || (got > RATIO_FROM && got / XLSX_MAX_RATIO > comp);
}

/* The part at path inflated into the arena; *found false (and TD_OK) when the package has none.
 * The sizes the zip declares may lie: the bytes are counted as they come. */
static td_status part(reader *rd, const char *path, char **out, size_t *len, bool *found, td_error *err)
{
    zip_stat_t zs;
    zip_file_t *zf = NULL;
    zip_uint64_t got = 0, cap;
    char *buf;
    td_status st = TD_OK;
    zip_int64_t idx = zip_name_locate(rd->za, path, ZIP_FL_NOCASE);

    *found = idx >= 0;
    if (idx < 0)
        return TD_OK;
    if (zip_stat_index(rd->za, (zip_uint64_t)idx, 0, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE) ||
        !(zs.valid & ZIP_STAT_COMP_SIZE))
        return td_fail(err, TD_ERR_INPUT, "%s: tệp .xlsx bị hỏng: không đọc được thông tin của %s", rd->name, path);
    if (beyond(zs.size, zs.comp_size))
        goto too_large;
    zf = zip_fopen_index(rd->za, (zip_uint64_t)idx, 0);
    if (!zf)
        return td_fail(err, TD_ERR_INPUT, "%s: không giải nén được %s (tệp hỏng hoặc có mật khẩu)", rd->name, path);
    cap = zs.size + 1;
    buf = arena_alloc(rd->a, (size_t)cap + 1);
    for (;;) {
        if (got == cap) {
            zip_uint64_t bigger = cap * 2 < XLSX_MAX_PART + 2 ? cap * 2 : XLSX_MAX_PART + 2;
            char *more = arena_alloc(rd->a, (size_t)bigger + 1);
            memcpy(more, buf, (size_t)got);
            buf = more;
            cap = bigger;
        }
        zip_int64_t r = zip_fread(zf, buf + got, cap - got);
        if (r < 0) {
            st = td_fail(err, TD_ERR_INPUT, "%s: tệp .xlsx bị hỏng: giải nén %s bị lỗi", rd->name, path);
            goto done;
        }
        if (r == 0)
            break;
        got += (zip_uint64_t)r;
        if (beyond(got, zs.comp_size)) {
            zip_fclose(zf);
            goto too_large;
        }
    }
    buf[got] = '\0';
    *out = buf;
    *len = (size_t)got;
done:
    zip_fclose(zf);
    return st;
too_large:
    return td_fail(err, TD_ERR_TOO_LARGE,
                   "%s: %s khi giải nén quá lớn hoặc bị nén bất thường (tối đa %u MiB); tệp này có thể là tệp "
                   "nén độc hại (zip bomb)",
                   rd->name, path, XLSX_MAX_PART >> 20);
}

static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    xmlParserCtxt *ctxt = ctx;
    *(bool *)ctxt->_private = true;
    xmlStopParser(ctxt);
}

/* The part at path as a document (the caller frees it); *doc NULL when the package has none. */
static td_status part_doc(reader *rd, const char *path, xmlDoc **doc, td_error *err)
{
    char *xml = NULL;
    size_t len = 0;
    bool found = false, doctype = false;
    td_status st = part(rd, path, &xml, &len, &found, err);

    *doc = NULL;
    if (st || !found)
        return st;
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt)
        td_oom(sizeof *ctxt);
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->_private = &doctype;
    /* no XML_PARSE_NOENT, no XML_PARSE_DTDLOAD: entities stay unexpanded, nothing is loaded */
    *doc = xmlCtxtReadMemory(ctxt, xml, (int)len, path, NULL,
                             XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doctype)
        st = td_fail(err, TD_ERR_INPUT, "%s: %s có khai báo DOCTYPE; tệp .xlsx không có phần này", rd->name, path);
    else if (!*doc || !ctxt->wellFormed)
        st = td_fail(err, TD_ERR_INPUT, "%s: %s không phải XML hợp lệ (dòng %d)", rd->name, path,
                     ctxt->lastError.line);
    if (st) {
        xmlFreeDoc(*doc);
        *doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return st;
}

static bool is(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, local))
            return c;
    return NULL;
}

/* An attribute by local name, whatever its namespace, copied into the arena; NULL when absent. */
static const char *attr(arena *a, const xmlNode *n, const char *local)
{
    for (const xmlAttr *at = n->properties; at; at = at->next)
        if (strcmp((const char *)at->name, local) == 0) {
            xmlChar *v = xmlNodeGetContent((const xmlNode *)at);
            char *s = arena_strdup(a, v ? (const char *)v : "");
            xmlFree(v);
            return s;
        }
    return NULL;
}

/* The text of a string item (<si>, <is>): its <t>, or the <t> of each rich-text run, without the
 * phonetic guides (<rPh>). */
static void rich_text(const xmlNode *n, xmlBuffer *buf)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is(c, "t")) {
            xmlChar *v = xmlNodeGetContent(c);
            if (v)
                xmlBufferCat(buf, v);
            xmlFree(v);
        } else if (is(c, "r")) {
            rich_text(c, buf);
        }
    }
}

static const char *item_text(arena *a, const xmlNode *n)
{
    xmlBuffer *buf = xmlBufferCreate();
    if (!buf)
        td_oom(64);
    rich_text(n, buf);
    const char *s = vtext_nfc(a, (const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return s;
}

static td_status shared_strings(reader *rd, td_error *err)
{
    xmlDoc *doc = NULL;
    td_status st = part_doc(rd, "xl/sharedStrings.xml", &doc, err);
    if (st || !doc)
        return st;
    const xmlNode *root = xmlDocGetRootElement(doc);
    size_t n = 0;
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
        n += is(c, "si");
    rd->strings = arena_calloc(rd->a, n ? n : 1, sizeof *rd->strings);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (is(c, "si"))
            rd->strings[rd->n_strings++] = item_text(rd->a, c);
    xmlFreeDoc(doc);
    return TD_OK;
}

/* "D14" → (13, 3); false when ref is not a cell reference. */
static bool parse_ref(const char *ref, int *row, int *col)
{
    int c = 0, r = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z' && c < 100000)
        c = c * 26 + (*p++ - 'A' + 1);
    if (p == ref || *p < '1' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9' && r < 10000000)
        r = r * 10 + (*p++ - '0');
    if (*p || c > 16384 || r > 1048576)
        return false;
    *row = r - 1;
    *col = c - 1;
    return true;
}

const char *xlsx_ref(arena *a, int row, int col)
{
    char letters[8];
    int n = 0;
    for (int c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    char *out = arena_alloc(a, (size_t)n + 12);
    for (int i = 0; i < n; i++)
        out[i] = letters[n - 1 - i];
    snprintf(out + n, 12, "%d", row + 1);
    return out;
}

static td_status read_cell(reader *rd, const xmlNode *c, const char *sheet, int row, int col, xlsx_cell *out,
                           td_error *err)
{
    const char *t = attr(rd->a, c, "t");
    const xmlNode *v = child(c, "v");
    xmlChar *vt = v ? xmlNodeGetContent(v) : NULL;
    const char *value = vt ? arena_strdup(rd->a, (const char *)vt) : NULL;
    td_status st = TD_OK;
    xmlFree(vt);

    out->row = row;
    out->col = col;
    if (t && strcmp(t, "s") == 0) {
        char *end = NULL;
        long k = value ? strtol(value, &end, 10) : -1;
        if (!value || *end || k < 0 || (size_t)k >= rd->n_strings)
            st = td_fail(err, TD_ERR_INPUT, "%s!%s: ô tham chiếu chuỗi dùng chung không có (%s)", sheet,
                         xlsx_ref(rd->a, row, col), value ? value : "trống");
        else
            out->text = rd->strings[k];
    } else if (t && strcmp(t, "inlineStr") == 0) {
        const xmlNode *is_ = child(c, "is");
        out->text = is_ ? item_text(rd->a, is_) : "";
    } else if (t && (strcmp(t, "str") == 0 || strcmp(t, "e") == 0 || strcmp(t, "b") == 0)) {
        out->text = value ? vtext_nfc(rd->a, value) : "";
    } else if (value) { /* "n", or no type: a number */
        char *end = NULL;
        out->number = strtod(value, &end);
        out->is_number = end != value && !*end;
        out->text = value;
    } else {
        out->text = NULL; /* a styled, empty cell */
    }
    return st;
}

static td_status read_sheet(reader *rd, const char *path, xlsx_sheet *sh, td_error *err)
{
    xmlDoc *doc = NULL;
    td_status st = part_doc(rd, path, &doc, err);
    size_t cap = 16;

    if (!st && !doc)
        st = td_fail(err, TD_ERR_INPUT, "%s: tệp .xlsx bị hỏng: không có %s của trang \"%s\"", rd->name, path,
                     sh->name);
    if (st)
        return st;
    sh->cells = arena_calloc(rd->a, cap, sizeof *sh->cells);
    const xmlNode *data = child(xmlDocGetRootElement(doc), "sheetData");
    int next_row = 0;
    for (const xmlNode *r = data ? data->children : NULL; r && !st; r = r->next) {
        if (!is(r, "row"))
            continue;
        const char *rr = attr(rd->a, r, "r");
        int row = rr ? atoi(rr) - 1 : next_row, next_col = 0;
        if (row < 0 || row >= 1048576) {
            st = td_fail(err, TD_ERR_INPUT, "%s: trang \"%s\": số dòng không hợp lệ (%s)", rd->name, sh->name, rr);
            break;
        }
        next_row = row + 1;
        for (const xmlNode *c = r->children; c && !st; c = c->next) {
            if (!is(c, "c"))
                continue;
            const char *ref = attr(rd->a, c, "r");
            int crow = row, ccol = next_col;
            if (ref && !parse_ref(ref, &crow, &ccol)) {
                st = td_fail(err, TD_ERR_INPUT, "%s: trang \"%s\": địa chỉ ô không hợp lệ (%s)", rd->name, sh->name,
                             ref);
                break;
            }
            next_col = ccol + 1;
            if (sh->n_cells == cap) {
                xlsx_cell *more = arena_calloc(rd->a, cap * 2, sizeof *more);
                memcpy(more, sh->cells, cap * sizeof *more);
                sh->cells = more;
                cap *= 2;
            }
            xlsx_cell *cell = &sh->cells[sh->n_cells];
            st = read_cell(rd, c, sh->name, crow, ccol, cell, err);
            if (!st && cell->text)
                sh->n_cells++;
        }
    }
    xmlFreeDoc(doc);
    return st;
}

/* The target of relationship id in xl/_rels/workbook.xml.rels, as a part name ("xl/worksheets/sheet1.xml"). */
static const char *sheet_path(reader *rd, const xmlNode *rels, const char *id)
{
    for (const xmlNode *c = rels ? rels->children : NULL; c && id; c = c->next) {
        const char *rid = is(c, "Relationship") ? attr(rd->a, c, "Id") : NULL;
        if (!rid || strcmp(rid, id) != 0)
            continue;
        const char *target = attr(rd->a, c, "Target");
        if (!target)
            return NULL;
        return target[0] == '/' ? target + 1 : arena_printf(rd->a, "xl/%s", target);
    }
    return NULL;
}

td_status xlsx_read(arena *a, const char *name, const char *data, size_t len, xlsx_book *out, td_error *err)
{
    reader rd = {.a = a, .name = name};
    zip_error_t zerr;
    zip_source_t *src = NULL;
    xmlDoc *wb = NULL, *rels = NULL;
    td_status st = TD_OK;

    memset(out, 0, sizeof *out);
    if (!xlsx_is_zip(data, len))
        return td_fail(err, TD_ERR_INPUT, "%s: không phải tệp Excel .xlsx (không phải dạng nén zip)", name);
    zip_error_init(&zerr);
    src = zip_source_buffer_create(data, len, 0, &zerr);
    if (!src)
        td_oom(len);
    rd.za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!rd.za) {
        zip_source_free(src);
        zip_error_fini(&zerr);
        return td_fail(err, TD_ERR_INPUT, "%s: tệp .xlsx bị hỏng: không đọc được dạng nén zip của tệp", name);
    }
    st = part_doc(&rd, "xl/workbook.xml", &wb, err);
    if (!st && !wb)
        st = td_fail(err, TD_ERR_INPUT, "%s: không phải tệp Excel .xlsx: trong tệp nén không có xl/workbook.xml",
                     name);
    if (!st)
        st = part_doc(&rd, "xl/_rels/workbook.xml.rels", &rels, err);
    if (!st)
        st = shared_strings(&rd, err);
    if (st)
        goto done;
    const xmlNode *sheets = child(xmlDocGetRootElement(wb), "sheets");
    size_t n = 0;
    for (const xmlNode *c = sheets ? sheets->children : NULL; c; c = c->next)
        n += is(c, "sheet");
    out->sheets = arena_calloc(a, n ? n : 1, sizeof *out->sheets);
    for (const xmlNode *c = sheets ? sheets->children : NULL; c && !st; c = c->next) {
        if (!is(c, "sheet"))
            continue;
        xlsx_sheet *sh = &out->sheets[out->n_sheets];
        const char *state = attr(a, c, "state");
        const char *nm = attr(a, c, "name");
        sh->name = nm ? vtext_nfc(a, nm) : "";
        sh->hidden = state && strcmp(state, "visible") != 0;
        const char *path = sheet_path(&rd, rels ? xmlDocGetRootElement(rels) : NULL, attr(a, c, "id"));
        if (!path) {
            st = td_fail(err, TD_ERR_INPUT, "%s: tệp .xlsx bị hỏng: không tìm thấy nội dung của trang \"%s\"", name,
                         sh->name);
            break;
        }
        st = read_sheet(&rd, path, sh, err);
        out->n_sheets++;
    }
done:
    xmlFreeDoc(wb);
    xmlFreeDoc(rels);
    zip_discard(rd.za);
    zip_error_fini(&zerr);
    return st;
}

const xlsx_sheet *xlsx_sheet_named(const xlsx_book *b, const char *name)
{
    for (size_t i = 0; i < b->n_sheets; i++)
        if (strcmp(b->sheets[i].name, name) == 0)
            return &b->sheets[i];
    return NULL;
}

const xlsx_cell *xlsx_cell_at(const xlsx_sheet *s, int row, int col)
{
    for (size_t i = 0; i < s->n_cells; i++)
        if (s->cells[i].row == row && s->cells[i].col == col)
            return &s->cells[i];
    return NULL;
}
