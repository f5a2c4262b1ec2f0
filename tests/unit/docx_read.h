/* docx_read.h — reading back what docx.c wrote, for the tests: one part of the zip parsed with
 * libxml2, and XPath over it with the WordprocessingML prefix "w". */
#ifndef TD_DOCX_READ_H
#define TD_DOCX_READ_H

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* The part name of the zip in data, parsed; fails the test when absent or not well-formed. */
static inline xmlDocPtr docx_part(const char *data, size_t len, const char *name)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    assert_non_null(src);
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    assert_non_null(z);
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0)
        fail_msg("no part %s in the docx", name);
    char *buf = malloc(st.size + 1);
    zip_file_t *f = zip_fopen(z, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_close(z);
    xmlDocPtr doc = xmlReadMemory(buf, (int)st.size, name, "UTF-8", XML_PARSE_NONET);
    free(buf);
    if (!doc)
        fail_msg("%s is not well-formed XML", name);
    return doc;
}

/* The string value of an XPath expression over doc ("" when nothing matches); in a fresh malloc. */
static inline char *docx_xpath(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "w", BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xmlXPathRegisterNs(ctx, BAD_CAST "r",
                       BAD_CAST "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    if (!o)
        fail_msg("bad XPath %s", expr);
    xmlChar *s = xmlXPathCastToString(o);
    char *out = strdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    return out;
}

/* Asserts that expr reads want. */
#define assert_xpath(doc, expr, want)                                                                                  \
    do {                                                                                                               \
        char *got_ = docx_xpath(doc, expr);                                                                            \
        if (strcmp(got_, want) != 0)                                                                                   \
            fail_msg("%s: expected \"%s\", got \"%s\"", expr, want, got_);                                             \
        free(got_);                                                                                                    \
    } while (0)

#endif
