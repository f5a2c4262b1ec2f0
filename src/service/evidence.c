/* evidence.c — see evidence.h. */
#include "evidence.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "policy.h"
#include "core/period.h"
#include "core/vtext.h"

static const struct {
    const char *type, *label, *ext[2];
} kinds[] = {
    {"application/pdf", "tệp PDF", {".pdf", NULL}},
    {"image/jpeg", "ảnh JPEG", {".jpg", ".jpeg"}},
    {"image/png", "ảnh PNG", {".png", NULL}},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

const char *evidence_sniff(const unsigned char *d, size_t n)
{
    if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
        return kinds[0].type;
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return kinds[1].type;
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return kinds[2].type;
    return NULL;
}

static int kind_of(const char *type)
{
    for (size_t i = 0; i < N_KINDS; i++)
        if (strcmp(kinds[i].type, type) == 0)
            return (int)i;
    return -1;
}

/* The last part of a path ("C:\Scan\bien-ban.pdf" → "bien-ban.pdf"), without control characters
 * or quotes (it goes into a Content-Disposition header), in NFC. NULL when nothing is left. */
static const char *clean_name(arena *a, const char *name)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    char *out = arena_strdup(a, base), *w = out;
    for (const char *p = base; *p; p++)
        if ((unsigned char)*p >= 0x20 && *p != 0x7F && *p != '"')
            *w++ = *p;
    *w = '\0';
    while (w > out && w[-1] == ' ')
        *--w = '\0';
    return *out ? vtext_nfc(a, out) : NULL;
}

static bool has_extension(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

td_status evidence_check(arena *a, const unsigned char *data, size_t n, const char *declared_type,
                         const char *name, const char **type, const char **clean, evidence_problem *problem,
                         td_error *err)
{
    *problem = EVIDENCE_BAD_NAME;
    if (!name || !vtext_utf8_valid(name, strlen(name), NULL) || !(*clean = clean_name(a, name)))
        return td_fail(err, TD_ERR_INPUT, "cần tên tệp (name), ví dụ bien-ban-hop-thon.pdf");
    if (strlen(*clean) > 255)
        return td_fail(err, TD_ERR_INPUT, "tên tệp dài quá 255 byte; hãy đặt tên ngắn hơn");
    *problem = EVIDENCE_TOO_LARGE;
    if (n > EVIDENCE_MAX_BYTES)
        return td_fail(err, TD_ERR_INPUT,
                       "tệp \"%s\" nặng %s MB, quá giới hạn 10 MB; hãy quét lại với độ phân giải "
                       "thấp hơn hoặc chia thành nhiều tệp",
                       *clean, arena_printf(a, "%.1f", (double)n / (1024.0 * 1024.0)));
    *problem = EVIDENCE_BAD_TYPE;
    if (n == 0)
        return td_fail(err, TD_ERR_INPUT, "tệp \"%s\" rỗng", *clean);
    *type = evidence_sniff(data, n);
    if (!*type)
        return td_fail(err, TD_ERR_INPUT,
                       "tệp \"%s\" không phải tệp PDF, ảnh JPEG hay ảnh PNG; chỉ nhận biên bản "
                       "quét (PDF) hoặc ảnh chụp (JPEG, PNG)",
                       *clean);
    int k = kind_of(*type);
    if (declared_type) {
        size_t len = strcspn(declared_type, "; ");
        int d = -1;
        for (size_t i = 0; i < N_KINDS; i++)
            if (strlen(kinds[i].type) == len && strncasecmp(kinds[i].type, declared_type, len) == 0)
                d = (int)i;
        /* a generic type (application/octet-stream: the browser did not know) says nothing */
        if (d >= 0 && d != k)
            return td_fail(err, TD_ERR_INPUT, "tệp \"%s\" thực ra là %s, không phải %s như khai báo", *clean,
                           kinds[k].label, kinds[d].label);
    }
    if (!has_extension(*clean, kinds[k].ext[0]) &&
        !(kinds[k].ext[1] && has_extension(*clean, kinds[k].ext[1])))
        return td_fail(err, TD_ERR_INPUT, "tệp \"%s\" thực ra là %s; hãy đổi đuôi tên tệp thành %s", *clean,
                       kinds[k].label, kinds[k].ext[0]);
    *problem = EVIDENCE_OK;
    return TD_OK;
}

char *evidence_sha256_hex(arena *a, const unsigned char *data, size_t n)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char *out = arena_alloc(a, sizeof h * 2 + 1);
    crypto_hash_sha256(h, data, n);
    sodium_bin2hex(out, sizeof h * 2 + 1, h, sizeof h);
    return out;
}

/* The unit's name as users know it; the code only when the unit is unknown. */
static const char *unit_name(store *s, arena *a, td_id commune_id, const char *code)
{
    org_unit *units;
    size_t n;
    td_error e = {0};
    if (code && store_org_units_list(s, a, commune_id, &units, &n, &e) == TD_OK)
        for (size_t i = 0; i < n; i++)
            if (strcmp(units[i].code, code) == 0)
                return units[i].name;
    return code ? code : "(trống)";
}

static td_status evidence_attach_step(store *s, arena *a, td_id plan_id, const user *u, const char *code,
                                      const char *unit, const char *period_text, const char *name,
                                      const char *declared_type, const unsigned char *data, size_t n,
                                      evidence_file *out, evidence_problem *problem, td_error *err)
{
    plan *p;
    td_id commune_id;
    period per;
    data_value v;
    *problem = EVIDENCE_OK;
    td_status st = policy_plan(s, u, plan_id, err);
    if (!st)
        st = store_plan_get(s, a, plan_id, &p, err);
    if (!st)
        st = store_plan_commune(s, plan_id, &commune_id, err);
    if (st)
        return st;
    if (!code || !unit || !period_text)
        return td_fail(err, TD_ERR_INPUT,
                       "cần chỉ tiêu (indicator), đơn vị (org_unit) và kỳ báo cáo (period) của "
                       "số liệu được đính kèm tệp");
    if (!policy_may_enter(u, unit))
        return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản %s không được đính kèm tệp cho số liệu của %s",
                       u->username, unit_name(s, a, commune_id, unit));
    const indicator *ind = plan_find_indicator(p, code);
    if (!ind)
        return td_fail(err, TD_ERR_NOTFOUND, "kế hoạch không có chỉ tiêu \"%s\"", code);
    st = period_parse(period_text, &per, err);
    if (st)
        return st;
    memset(out, 0, sizeof *out);
    period_code(&per, out->period);
    st = store_value_get(s, a, plan_id, code, unit, out->period, &v, err);
    if (st == TD_ERR_NOTFOUND)
        return td_fail(err, TD_ERR_NOTFOUND,
                       "chưa có số liệu \"%s\" của %s %s; hãy lưu số liệu trước rồi đính kèm tệp", ind->name,
                       unit_name(s, a, commune_id, unit), period_label_vi(a, &per));
    if (st)
        return st;
    if (v.status == VALUE_APPROVED)
        return td_fail(err, TD_ERR_CONFLICT,
                       "số liệu \"%s\" của %s %s đã được duyệt và bị khóa; cán bộ phụ trách có "
                       "thể mở lại",
                       ind->name, unit_name(s, a, commune_id, unit), period_label_vi(a, &per));
    st = evidence_check(a, data, n, declared_type, name, &out->content_type, &out->name, problem, err);
    if (st)
        return st;
    out->plan_id = plan_id;
    out->commune_id = commune_id;
    out->indicator_code = code;
    out->org_unit_code = unit;
    out->size = n;
    out->bytes = data;
    out->sha256 = evidence_sha256_hex(a, data, n);
    st = store_evidence_insert(s, a, out, err);
    out->bytes = NULL;
    return st;
}

/* one transaction */
td_status evidence_attach(store *s, arena *a, td_id plan_id, const user *u, const char *code,
                          const char *unit, const char *period_text, const char *name,
                          const char *declared_type, const unsigned char *data, size_t n, evidence_file *out,
                          evidence_problem *problem, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st
              : store_finish(s,
                             evidence_attach_step(s, a, plan_id, u, code, unit, period_text, name,
                                                  declared_type, data, n, out, problem, err),
                             err);
}

static td_status evidence_read_step(store *s, arena *a, const user *u, td_id id, evidence_file *out,
                                    td_error *err)
{
    /* a file of another commune does not exist for the account */
    td_status st = policy_evidence(s, a, u, id, err);
    if (!st)
        st = store_evidence_get(s, a, id, out, err);
    if (st)
        return st;
    if (!policy_may_see_unit(u, out->org_unit_code))
        return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản %s không được xem tệp đính kèm số liệu của %s",
                       u->username, unit_name(s, a, out->commune_id, out->org_unit_code));
    return store_audit(s, out->commune_id, "evidence.download", "evidence_file", id, NULL, NULL, err);
}

/* one transaction */
td_status evidence_read(store *s, arena *a, const user *u, td_id id, evidence_file *out, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, evidence_read_step(s, a, u, id, out, err), err);
}

static td_status evidence_remove_step(store *s, arena *a, const user *u, td_id id, td_error *err)
{
    evidence_file f;
    data_value v;
    td_status st = policy_evidence(s, a, u, id, err);
    if (!st)
        st = store_evidence_get(s, a, id, &f, err);
    if (st)
        return st;
    if (!policy_may_enter(u, f.org_unit_code))
        return td_fail(err, TD_ERR_FORBIDDEN, "tài khoản %s không được gỡ tệp đính kèm số liệu của %s",
                       u->username, unit_name(s, a, f.commune_id, f.org_unit_code));
    st = store_value_get(s, a, f.plan_id, f.indicator_code, f.org_unit_code, f.period, &v, err);
    if (!st && v.status == VALUE_APPROVED)
        return td_fail(err, TD_ERR_CONFLICT,
                       "số liệu có tệp \"%s\" đã được duyệt và bị khóa; cán bộ phụ trách có thể "
                       "mở lại",
                       f.name);
    if (st && st != TD_ERR_NOTFOUND)
        return st;
    return store_evidence_delete(s, &f, err);
}

/* one transaction */
td_status evidence_remove(store *s, arena *a, const user *u, td_id id, td_error *err)
{
    td_status st = store_begin(s, err);
    return st ? st : store_finish(s, evidence_remove_step(s, a, u, id, err), err);
}

td_status evidence_list(store *s, arena *a, const value_filter *f, evidence_file **out, size_t *n,
                        td_error *err)
{
    return store_evidence_list(s, a, f, out, n, err);
}
