/* extraction.c — a plan's text read for targets, as one JSON answer; see extraction.h. */
#include "extraction.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/extract.h"
#include "core/vtext.h"
#include "service/doctext.h"

/* A header line as written, without the Markdown around it ("## KẾ HOẠCH", "**…**") or spaces. */
static const char *bare(arena *a, const char *s)
{
    while (*s == '#' || *s == '*' || *s == '_' || isspace((unsigned char)*s))
        s++;
    size_t l = strlen(s);
    while (l && (s[l - 1] == '*' || s[l - 1] == '_' || isspace((unsigned char)s[l - 1])))
        l--;
    return arena_strndup(a, s, l);
}

/* The plan's number ("Số: 12/KH-UBND"), its summary (the lines under "KẾ HOẠCH" up to a blank
 * one) and its date ("…, ngày 05 tháng 3 năm 2026") from the text's opening lines, so the
 * person importing it checks them rather than types them. What the text lacks stays empty. */
static void read_header(arena *a, json_t *lines, json_t *plan)
{
    size_t n = json_array_size(lines), upto = n < 40 ? n : 40;
    bool number = false, title = false, dated = false;
    for (size_t i = 0; i < upto; i++) {
        const char *c = bare(a, json_string_value(json_array_get(lines, i)));
        const char *after = strncmp(c, "Số", strlen("Số")) == 0 ? c + strlen("Số") : NULL;
        while (after && *after == ' ')
            after++;
        if (!number && after && *after == ':' && *bare(a, after + 1)) {
            json_object_set_new(plan, "number", json_string(bare(a, after + 1)));
            number = true;
        } else if (!title && strcmp(c, "KẾ HOẠCH") == 0) {
            size_t k = i + 1;
            while (k < n && !*bare(a, json_string_value(json_array_get(lines, k))))
                k++;
            const char *t = "";
            for (; k < n && *bare(a, json_string_value(json_array_get(lines, k))); k++)
                t = arena_printf(a, "%s%s%s", t, *t ? " " : "", bare(a, json_string_value(json_array_get(lines, k))));
            if (*t) {
                json_object_set_new(plan, "title", json_string(t));
                title = true;
            }
        } else if (!dated && strstr(c, "ngày ") && strstr(c, "tháng ") && strstr(c, "năm ")) {
            int d = 0, m = 0, y = 0;
            if (sscanf(strstr(c, "ngày "), "ngày %d tháng %d năm %d", &d, &m, &y) == 3 && d >= 1 && d <= 31 &&
                m >= 1 && m <= 12 && y >= 1900 && y <= 9999) {
                json_object_set_new(plan, "issued_on", json_string(arena_printf(a, "%04d-%02d-%02d", y, m, d)));
                dated = true;
            }
        }
    }
}

td_status extraction_json(arena *a, const char *text, size_t len, json_t **out, td_error *err)
{
    return extraction_json_within(a, text, len, EXTRACTION_MAX_ANSWER, out, err);
}

td_status extraction_json_within(arena *a, const char *text, size_t len, size_t max_answer, json_t **out,
                                 td_error *err)
{
    extract_result r;
    td_status st;
    if (len > DOCTEXT_MAX_TEXT)
        return doctext_too_much_text(err, "văn bản kế hoạch");
    st = extract_plan(a, text, len, &r, err);
    if (st)
        return st;
    /* the lines as the extractor numbers them: a last '\n' ends the last line, it starts none */
    const char *nfc = vtext_nfc(a, arena_strndup(a, text, len));
    json_t *lines = json_array();
    for (const char *p = nfc ? nfc : ""; json_array_size(lines) < r.lines;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        json_array_append_new(lines, json_stringn(p, l));
        if (!e)
            break;
        p = e + 1;
    }
    json_t *found = extract_to_json(&r), *plan_file = extract_to_plan_json(a, &r, 0);
    read_header(a, lines, json_object_get(plan_file, "plan"));
    *out = json_pack("{s:o, s:O, s:O, s:o}", "lines", lines, "targets", json_object_get(found, "targets"), "unread",
                     json_object_get(found, "unread"), "plan_file", plan_file);
    json_decref(found);
    /* measured as it would be sent: the answer is refused rather than sent without bound */
    size_t size = json_dumpb(*out, NULL, 0, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    if (size > max_answer) {
        json_decref(*out);
        *out = NULL;
        return td_fail(
            err, TD_ERR_TOO_LARGE,
            "kết quả đọc chỉ tiêu quá lớn (%zu byte, tối đa %zu); hãy gửi riêng phần chỉ tiêu của kế hoạch",
            size, max_answer);
    }
    return TD_OK;
}
