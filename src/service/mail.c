/* mail.c — composing a Vietnamese e-mail and sending it with libcurl's SMTP; see mail.h. */
#include "mail.h"

/* the real functions, not curl's type-checking macros around them: called through pointers */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/dynlib.h"

/* libcurl is opened by the first e-mail (store/dynlib.h): a server that sends none never maps
 * it, nor OpenSSL, GnuTLS, Kerberos and LDAP behind it. */
#define LIBCURL_FUNCTIONS(X) \
    X(curl_global_init) \
    X(curl_easy_init) \
    X(curl_easy_setopt) \
    X(curl_easy_perform) \
    X(curl_easy_getinfo) \
    X(curl_easy_strerror) \
    X(curl_easy_cleanup) \
    X(curl_slist_append) \
    X(curl_slist_free_all)
LIBCURL_FUNCTIONS(DYNLIB_DECLARE)
/* curl.h wraps these two in macros that check their argument count: replaced here */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init (*p_curl_global_init)
#define curl_easy_init (*p_curl_easy_init)
#define curl_easy_setopt (*p_curl_easy_setopt)
#define curl_easy_perform (*p_curl_easy_perform)
#define curl_easy_getinfo (*p_curl_easy_getinfo)
#define curl_easy_strerror (*p_curl_easy_strerror)
#define curl_easy_cleanup (*p_curl_easy_cleanup)
#define curl_slist_append (*p_curl_slist_append)
#define curl_slist_free_all (*p_curl_slist_free_all)

static const dynlib_symbol curl_syms[] = {LIBCURL_FUNCTIONS(DYNLIB_ENTRY)};
static dynlib curl_lib = DYNLIB("libcurl.so.4", curl_syms);

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
    if (dynlib_ready(&curl_lib))
        curl_global_init(CURL_GLOBAL_DEFAULT);
}

void mail_init(void)
{
    pthread_once(&once, init_once);
}

bool mail_address_ok(const char *addr)
{
    if (!addr)
        return false;
    size_t n = strlen(addr), at = 0, ats = 0;
    if (n < 3 || n > 254)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)addr[i];
        if (c <= ' ' || c == 0x7f || c == ',' || c == ';' || c == '<' || c == '>' || c == '"' || c == '(' ||
            c == ')' || c == '\\')
            return false;
        if (c == '@') {
            at = i;
            ats++;
        }
    }
    return ats == 1 && at > 0 && at < n - 1 && strchr(addr + at, '.') != NULL;
}

static char *base64(arena *a, const unsigned char *bytes, size_t n)
{
    size_t size = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *out = arena_alloc(a, size);
    sodium_bin2base64(out, size, bytes, n, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

static bool plain_ascii(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p < ' ' || *p > '~')
            return false;
    return strstr(text, "=?") == NULL;
}

char *mail_encode_header(arena *a, const char *text)
{
    if (plain_ascii(text))
        return arena_strdup(a, text);
    /* "=?UTF-8?B?" + base64 of 45 bytes (60) + "?=" = 72: under the 75 bytes of a word */
    size_t n = strlen(text), cap = n * 3 + 64, len = 0;
    char *out = arena_alloc(a, cap);
    out[0] = '\0';
    for (size_t i = 0; i < n;) {
        size_t take = n - i < 45 ? n - i : 45;
        /* back off to the start of a character: a continuation byte is 10xxxxxx */
        while (take < n - i && take > 0 && ((unsigned char)text[i + take] & 0xC0) == 0x80)
            take--;
        len += (size_t)snprintf(out + len, cap - len, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "",
                                base64(a, (const unsigned char *)text + i, take));
        i += take;
    }
    return out;
}

char *mail_compose(arena *a, const char *from, const char *from_name, const char *to, const char *subject,
                   const char *body, const char *date, const char *message_id)
{
    /* the body in lines of 76 base64 characters */
    const char *b64 = base64(a, (const unsigned char *)body, strlen(body));
    size_t bn = strlen(b64);
    char *wrapped = arena_alloc(a, bn + bn / 76 * 2 + 3);
    size_t w = 0;
    for (size_t i = 0; i < bn; i += 76) {
        size_t k = bn - i < 76 ? bn - i : 76;
        memcpy(wrapped + w, b64 + i, k);
        w += k;
        wrapped[w++] = '\r';
        wrapped[w++] = '\n';
    }
    wrapped[w] = '\0';
    const char *sender = from_name && *from_name
                             ? arena_printf(a, "%s <%s>", mail_encode_header(a, from_name), from)
                             : arena_printf(a, "<%s>", from);
    return arena_printf(a,
                        "Date: %s\r\nFrom: %s\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: <%s>\r\n"
                        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n%s",
                        date, sender, to, mail_encode_header(a, subject), message_id, wrapped);
}

typedef struct reader {
    const char *data;
    size_t left;
} reader;

static size_t read_message(char *buf, size_t size, size_t nitems, void *arg)
{
    reader *r = arg;
    size_t n = size * nitems;
    if (n > r->left)
        n = r->left;
    memcpy(buf, r->data, n);
    r->data += n;
    r->left -= n;
    return n;
}

/* Why a send failed, as the office reads it in the log. */
static const char *reason(CURLcode rc, long smtp_code)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return "không tìm thấy máy chủ thư";
    case CURLE_COULDNT_CONNECT:
        return "không kết nối được máy chủ thư";
    case CURLE_OPERATION_TIMEDOUT:
        return "máy chủ thư không trả lời kịp";
    case CURLE_USE_SSL_FAILED:
        return "máy chủ thư không hỗ trợ STARTTLS (bắt buộc mã hóa)";
    case CURLE_PEER_FAILED_VERIFICATION:
        return "chứng chỉ của máy chủ thư không đúng tên hoặc không được tin cậy";
    case CURLE_SSL_CACERT_BADFILE:
        return "không đọc được tệp chứng chỉ CA";
    case CURLE_SSL_CONNECT_ERROR:
        return "không thiết lập được kết nối mã hóa với máy chủ thư";
    case CURLE_LOGIN_DENIED:
        return "máy chủ thư từ chối tên đăng nhập hoặc mật khẩu";
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
        return "kết nối với máy chủ thư bị ngắt";
    default:
        break;
    }
    if (smtp_code >= 500)
        return "máy chủ thư từ chối thư";
    if (smtp_code >= 400)
        return "máy chủ thư tạm thời chưa nhận thư";
    return "gửi thư không thành công";
}

td_status mail_send(const smtp_settings *m, const char *to, const char *message, td_error *err)
{
    if (!m->url || (strncmp(m->url, "smtp://", 7) != 0))
        return td_fail(err, TD_ERR_INPUT, "địa chỉ máy chủ thư phải có dạng smtp://máy-chủ:cổng");
    if (!mail_address_ok(to))
        return td_fail(err, TD_ERR_INPUT, "địa chỉ e-mail \"%s\" không hợp lệ", to);
    mail_init();
    if (!dynlib_ready(&curl_lib))
        return td_fail(err, TD_ERR_IO, "không gửi được e-mail: %s", curl_lib.why);
    CURL *curl = curl_easy_init();
    if (!curl)
        return td_fail(err, TD_ERR_IO, "không khởi tạo được libcurl");
    char errbuf[CURL_ERROR_SIZE] = "";
    char from[300], rcpt[300];
    snprintf(from, sizeof from, "<%s>", m->sender);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    reader r = {message, strlen(message)};
    curl_easy_setopt(curl, CURLOPT_URL, m->url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp");
    curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (m->ca_file && *m->ca_file)
        curl_easy_setopt(curl, CURLOPT_CAINFO, m->ca_file);
    if (m->username && *m->username) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, m->username);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, m->password ? m->password : "");
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &r);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    /* no signals: the server sends from its own thread */
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpts);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK)
        return TD_OK;
    const char *detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    if (code)
        return td_fail(err, TD_ERR_IO, "%s (%s): %s; mã trả lời %ld", reason(rc, code), m->url, detail, code);
    return td_fail(err, TD_ERR_IO, "%s (%s): %s", reason(rc, code), m->url, detail);
}
