/* extraction.c — a plan's text read for targets, as one JSON answer; see extraction.h. */
#include "extraction.h"

#include <string.h>

#include "core/extract.h"
#include "core/vtext.h"
#include "service/doctext.h"

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
    json_t *found = extract_to_json(&r);
    *out = json_pack("{s:o, s:O, s:O, s:o}", "lines", lines, "targets", json_object_get(found, "targets"), "unread",
                     json_object_get(found, "unread"), "plan_file", extract_to_plan_json(a, &r, 0));
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
