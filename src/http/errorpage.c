/* errorpage.c — libevent's own refusals (a request line or headers it cannot read, a body
 * beyond evhttp_set_max_body_size) answered in the API's JSON error shape instead of its
 * HTML page.
 *
 * libevent 2.1 has no hook for these answers: it calls evhttp_send_error() itself, through
 * the dynamic symbol table. This file defines that function, so that those calls land here;
 * the program's own code never calls it. When the request line could not be read, there is
 * no HTTP version to answer with, and libevent's own function (found with RTLD_NEXT) answers. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "router.h"

static const struct {
    int status;
    const char *code, *message;
} refusals[] = {
    {400, "bad_request", "yêu cầu HTTP không đọc được (dòng yêu cầu hoặc tiêu đề sai dạng)"},
    {413, "too_large",
     "yêu cầu quá lớn: tiêu đề tối đa 16 KB, nội dung tối đa 8 MB (tệp minh chứng tối đa 10 MB)"},
    {501, "method_not_allowed", "phương thức HTTP này không được hỗ trợ"},
};

void evhttp_send_error(struct evhttp_request *req, int error, const char *reason)
{
    if (!evhttp_request_get_command(req)) {
        void (*libevent_own)(struct evhttp_request *, int, const char *) =
            (void (*)(struct evhttp_request *, int, const char *))dlsym(RTLD_NEXT, "evhttp_send_error");
        if (libevent_own) {
            libevent_own(req, error, reason);
            return;
        }
    }
    const char *code = "error", *message = "máy chủ không xử lý được yêu cầu này";
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++)
        if (refusals[i].status == error) {
            code = refusals[i].code;
            message = refusals[i].message;
        }
    json_t *v = json_pack("{s:{s:s, s:s, s:n}}", "error", "code", code, "message", message, "details");
    char *body = v ? json_dumps(v, JSON_COMPACT) : NULL;
    json_decref(v);
    struct evkeyvalq *h = evhttp_request_get_output_headers(req);
    evhttp_clear_headers(h);
    evhttp_add_header(h, "Content-Type", "application/json; charset=utf-8");
    evhttp_add_header(h, "Cache-Control", "no-store");
    api_add_security_headers(h);
    /* what follows the refused part is not read: the connection ends with this answer */
    evhttp_add_header(h, "Connection", "close");
    struct evbuffer *buf = evbuffer_new();
    if (buf && body)
        evbuffer_add(buf, body, strlen(body));
    evhttp_send_reply(req, error, reason, buf);
    if (buf)
        evbuffer_free(buf);
    free(body);
}
