/* api_targets.c — the API's a target's preview and the extraction of targets from a plan's text; see
 * router.h. */
#include "router.h"

#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/embedded.h"
#include "core/period.h"
#include "core/plan_json.h"
#include "core/vnum.h"
#include "core/vtext.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "service/doctext.h"
#include "service/evaluation.h"
#include "service/evidence.h"
#include "service/explain.h"
#include "service/extraction.h"
#include "service/planexport.h"
#include "service/planload.h"
#include "service/plantasks.h"
#include "service/policy.h"
#include "service/records.h"
#include "service/unit_targets.h"
#include "service/vnclock.h"
#include "service/workflow.h"

/* A target read and judged as `thidua target explain` does; a text that cannot be read is an
 * answer of the preview (ok: false), not an error of the request. */
void post_target_preview(request *r)
{
    static const explain_names names = {"actual", "baseline"};
    json_t *body = body_object(r), *v;
    const char *key, *text = NULL, *actual = NULL, *baseline = NULL;
    if (!body)
        return;
    json_object_foreach(body, key, v)
    {
        const char **slot = strcmp(key, "text") == 0       ? &text
                            : strcmp(key, "actual") == 0   ? &actual
                            : strcmp(key, "baseline") == 0 ? &baseline
                                                           : NULL;
        const char *value = slot && strcmp(key, "text") != 0 ? scalar_text(r, v)
                            : json_is_string(v)              ? json_string_value(v)
                                                             : NULL;
        if (!slot || (!value && !(json_is_null(v) && slot != &text))) {
            /* the key lives in the body: the message is made before the body goes */
            const char *msg = arena_printf(r->a,
                                           "trường \"%s\" không hợp lệ; cần text (chuỗi), actual và baseline "
                                           "(số viết kiểu Việt Nam, ví dụ \"20,5\")",
                                           key);
            json_decref(body);
            send_error(r, 422, "invalid", msg);
            return;
        }
        *slot = value ? arena_strdup(r->a, value) : NULL;
    }
    json_decref(body);
    if (!text) {
        send_error(r, 422, "invalid", "cần text: mục tiêu viết bằng tiếng Việt, ví dụ \"từ 19% trở lên\"");
        return;
    }
    explanation x;
    td_error err = {0};
    td_status st = explain_target(r->a, text, actual, baseline, &names, &x, &err);
    if (st == TD_ERR_INPUT) {
        send_json(r, 200, json_pack("{s:b, s:s}", "ok", 0, "message", err.msg));
        return;
    }
    if (st) {
        send_status(r, st, &err);
        return;
    }
    json_t *judgement = json_null();
    if (x.judged) {
        json_t *j = eval_judgement_to_json(&x.target, &x.judgement);
        judgement = json_pack("{s:O, s:s, s:O, s:O}", "verdict", json_object_get(j, "verdict"),
                              "verdict_label", eval_verdict_label_vi(x.judgement.verdict, true), "degree",
                              json_object_get(j, "degree"), "reason", json_object_get(j, "reason"));
        json_decref(j);
    }
    send_json(r, 200,
              json_pack("{s:b, s:o, s:s, s:s, s:o}", "ok", 1, "target", target_to_json(&x.target), "plain",
                        x.plain, "rule", x.judgement.rule ? x.judgement.rule : "", "judgement", judgement));
}

/* The targets of a plan's text: JSON {"text"}, or the document itself (.docx, .txt, .md). */
void post_extract(request *r)
{
    static const char docx[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    char *text = NULL;
    size_t len = 0;
    json_t *out = NULL;
    td_error err = {0};
    td_status st = TD_OK;
    const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");

    if (!ct || body_is(r, "application/json")) {
        json_t *body = body_object(r), *t;
        if (!body)
            return;
        t = json_object_get(body, "text");
        if (!json_is_string(t) || json_object_size(body) != 1) {
            json_decref(body);
            send_error(r, 422, "invalid",
                       "cần {\"text\": \"…văn bản kế hoạch…\"} hoặc gửi chính tệp .docx, .txt, .md");
            return;
        }
        /* a "\u0000" inside would end the copy: the text is what comes before it */
        text = arena_strndup(r->a, json_string_value(t), json_string_length(t));
        len = strlen(text);
        json_decref(body);
    } else if (body_is(r, docx) || body_is(r, "text/plain") || body_is(r, "text/markdown")) {
        char *data = body_bytes(r, &len);
        st = doctext_parse(r->a, "tệp tải lên", data, len, body_is(r, docx), &text, &len, &err);
    } else {
        send_error(r, 415, "unsupported_media_type",
                   arena_printf(r->a,
                                "không đọc được nội dung kiểu %s; gửi JSON {\"text\"}, tệp Word .docx, .txt "
                                "hoặc .md",
                                ct));
        return;
    }
    if (!st)
        st = extraction_json(r->a, text, len, &out, &err);
    if (st)
        send_status(r, st, &err);
    else
        send_json(r, 200, out);
}
