/* planfile.c — reads and checks a plan data file; see planfile.h and docs/plan-file.md.
 *
 * The reader walks the JSON with a path (plan.indicators[3].target) so that every message
 * says where the problem is. Strings are normalised to NFC on the way in. */
#include "planfile.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deadline.h"
#include "core/formula.h"
#include "core/indicator_kind.h"
#include "core/plan_json.h"
#include "core/period.h"
#include "core/target.h"
#include "core/vtext.h"

#define PLANFILE_FORMAT "thidua-plan/1"

typedef struct reader {
    arena *a;
    td_error *err;
    char path[256];
} reader;

static td_status bad(reader *r, const char *fmt, const char *detail)
{
    char msg[600];
    snprintf(msg, sizeof msg, fmt, detail ? detail : "");
    return td_fail(r->err, TD_ERR_INPUT, "%s%s%s", r->path, r->path[0] ? ": " : "", msg);
}

/* Path management: push appends ".key" or "[i]" and returns the old length to pop to. */
static size_t push_key(reader *r, const char *key)
{
    size_t len = strlen(r->path);
    snprintf(r->path + len, sizeof r->path - len, "%s%s", len ? "." : "", key);
    return len;
}

static size_t push_index(reader *r, size_t i)
{
    size_t len = strlen(r->path);
    snprintf(r->path + len, sizeof r->path - len, "[%zu]", i);
    return len;
}

static void pop(reader *r, size_t len)
{
    r->path[len] = '\0';
}

/* Fails on a key not in allowed (NULL-terminated). */
static td_status only_keys(reader *r, const json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        const char *const *k = allowed;
        while (*k && strcmp(*k, key) != 0)
            k++;
        if (!*k)
            return bad(r, "trường \"%s\" không được hỗ trợ (kiểm tra lỗi chính tả)", key);
    }
    return TD_OK;
}

static td_status get_object(reader *r, const json_t *parent, const char *key, bool required, const json_t **out)
{
    json_t *v = json_object_get(parent, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (!required)
            return TD_OK;
        size_t at = push_key(r, key);
        td_status st = bad(r, "thiếu trường bắt buộc%s", NULL);
        pop(r, at);
        return st;
    }
    if (!json_is_object(v)) {
        size_t at = push_key(r, key);
        td_status st = bad(r, "cần một đối tượng JSON {…}%s", NULL);
        pop(r, at);
        return st;
    }
    *out = v;
    return TD_OK;
}

static td_status get_array(reader *r, const json_t *parent, const char *key, const json_t **out)
{
    json_t *v = json_object_get(parent, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return TD_OK;
    if (!json_is_array(v)) {
        size_t at = push_key(r, key);
        td_status st = bad(r, "cần một mảng JSON […]%s", NULL);
        pop(r, at);
        return st;
    }
    *out = v;
    return TD_OK;
}

static td_status get_string(reader *r, const json_t *parent, const char *key, bool required, const char **out)
{
    json_t *v = json_object_get(parent, key);
    size_t at = push_key(r, key);
    td_status st = TD_OK;

    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            st = bad(r, "thiếu trường bắt buộc%s", NULL);
    } else if (!json_is_string(v)) {
        st = bad(r, "cần một chuỗi văn bản%s", NULL);
    } else if (required && json_string_length(v) == 0) {
        st = bad(r, "không được để trống%s", NULL);
    } else {
        *out = vtext_nfc(r->a, json_string_value(v));
        if (!*out)
            st = bad(r, "không phải văn bản UTF-8 hợp lệ%s", NULL);
    }
    pop(r, at);
    return st;
}

static td_status get_date(reader *r, const json_t *parent, const char *key, bool required, const char **out)
{
    td_status st = get_string(r, parent, key, required, out);
    if (!st && *out && !date_iso_valid(*out)) {
        size_t at = push_key(r, key);
        st = bad(r, "\"%s\" không phải ngày hợp lệ; cần dạng YYYY-MM-DD, ví dụ 2026-12-05", *out);
        pop(r, at);
    }
    return st;
}

static td_status get_int(reader *r, const json_t *parent, const char *key, bool required, int lo, int hi, int *out)
{
    json_t *v = json_object_get(parent, key);
    size_t at = push_key(r, key);
    td_status st = TD_OK;
    char range[64];

    *out = 0;
    if (!v || json_is_null(v)) {
        if (required)
            st = bad(r, "thiếu trường bắt buộc%s", NULL);
    } else if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        snprintf(range, sizeof range, "%d … %d", lo, hi);
        st = bad(r, "cần một số nguyên trong khoảng %s", range);
    } else {
        *out = (int)json_integer_value(v);
    }
    pop(r, at);
    return st;
}

static td_status get_bool(reader *r, const json_t *parent, const char *key, bool *out)
{
    json_t *v = json_object_get(parent, key);
    *out = false;
    if (!v || json_is_null(v))
        return TD_OK;
    if (!json_is_boolean(v)) {
        size_t at = push_key(r, key);
        td_status st = bad(r, "cần true hoặc false%s", NULL);
        pop(r, at);
        return st;
    }
    *out = json_is_true(v);
    return TD_OK;
}

/* A code is an ascii slug or a dotted number: lower-case letters, digits, '-', '.', '_'. */
static bool code_valid(const char *s)
{
    if (!s || !*s || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' || *s == '_'))
            return false;
    return true;
}

static td_status get_code(reader *r, const json_t *parent, const char *key, bool required, const char **out)
{
    td_status st = get_string(r, parent, key, required, out);
    if (!st && *out && !code_valid(*out)) {
        size_t at = push_key(r, key);
        st = bad(r, "mã \"%s\" không hợp lệ; chỉ dùng chữ thường không dấu, chữ số, '-', '.', '_'", *out);
        pop(r, at);
    }
    return st;
}

/* One of a fixed set of codes. */
static td_status get_choice(reader *r, const json_t *parent, const char *key, bool required,
                            const char *const *choices, const char **out)
{
    td_status st = get_string(r, parent, key, required, out);
    char list[256] = "";

    if (st || !*out)
        return st;
    for (const char *const *c = choices; *c; c++)
        if (strcmp(*c, *out) == 0)
            return TD_OK;
    for (const char *const *c = choices; *c; c++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", *c);
    }
    size_t at = push_key(r, key);
    char msg[400];
    snprintf(msg, sizeof msg, "\"%s\" không hợp lệ; cần một trong: %s", *out, list);
    st = bad(r, "%s", msg);
    pop(r, at);
    return st;
}

static td_status get_string_list(reader *r, const json_t *parent, const char *key, bool codes, const char ***out,
                                 size_t *n)
{
    const json_t *arr;
    td_status st = get_array(r, parent, key, &arr);
    *out = NULL;
    *n = 0;
    if (st || !arr)
        return st;
    size_t at = push_key(r, key);
    const char **list = arena_calloc(r->a, json_array_size(arr) + 1, sizeof *list);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        size_t at2 = push_index(r, i);
        if (!json_is_string(v))
            st = bad(r, "cần một chuỗi văn bản%s", NULL);
        else if (codes && !code_valid(json_string_value(v)))
            st = bad(r, "mã \"%s\" không hợp lệ", json_string_value(v));
        else
            list[i] = vtext_nfc(r->a, json_string_value(v));
        pop(r, at2);
        if (st)
            break;
    }
    pop(r, at);
    *out = list;
    *n = json_array_size(arr);
    return st;
}

/* Applies fn to each element of the array at key, which must hold objects. */
typedef td_status (*elem_fn)(reader *r, const json_t *obj, void *out);

static td_status each(reader *r, const json_t *parent, const char *key, size_t elem_size, elem_fn fn, void **out,
                      size_t *n)
{
    const json_t *arr;
    td_status st = get_array(r, parent, key, &arr);
    *out = NULL;
    *n = 0;
    if (st || !arr)
        return st;
    size_t at = push_key(r, key);
    char *items = arena_calloc(r->a, json_array_size(arr) + 1, elem_size);
    for (size_t i = 0; !st && i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        size_t at2 = push_index(r, i);
        if (!json_is_object(v))
            st = bad(r, "cần một đối tượng JSON {…}%s", NULL);
        else
            st = fn(r, v, items + i * elem_size);
        if (!st)
            pop(r, at2);
    }
    if (st)
        return st;
    pop(r, at);
    *out = items;
    *n = json_array_size(arr);
    return TD_OK;
}

static const char *const org_kind_codes[] = {"office",   "public_service", "school",         "village", "enterprise",
                                             "police",   "military",       "mass_org",       "health_station", NULL};

static td_status read_unit(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"code", "name", "kind", "parent", NULL};
    org_unit *u = out;
    const char *kind = NULL;
    td_status st = only_keys(r, o, keys);
    if (!st)
        st = get_code(r, o, "code", true, &u->code);
    if (!st)
        st = get_string(r, o, "name", true, &u->name);
    if (!st)
        st = get_choice(r, o, "kind", true, org_kind_codes, &kind);
    if (!st)
        org_kind_from_code(kind, &u->kind);
    if (!st)
        st = get_code(r, o, "parent", false, &u->parent_code);
    return st;
}

static td_status read_block(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"code", "name", "members", NULL};
    block *b = out;
    td_status st = only_keys(r, o, keys);
    if (!st)
        st = get_code(r, o, "code", true, &b->code);
    if (!st)
        st = get_string(r, o, "name", true, &b->name);
    if (!st)
        st = get_string_list(r, o, "members", true, &b->members, &b->n_members);
    return st;
}

static td_status read_theme(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"level", "year", "text", NULL};
    static const char *const levels[] = {"city", "commune", NULL};
    plan_theme *t = out;
    td_status st = only_keys(r, o, keys);
    if (!st)
        st = get_choice(r, o, "level", true, levels, &t->level);
    if (!st)
        st = get_int(r, o, "year", true, 1900, 9999, &t->year);
    if (!st)
        st = get_string(r, o, "text", true, &t->text);
    return st;
}

static td_status read_deadline(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"kind", "due", "from", "to", "to_unit", "last_on_time", "wording", NULL};
    static const char *const kinds[] = {"unit_report", "commune_report", NULL};
    plan_deadline *d = out;
    td_status st = only_keys(r, o, keys);
    if (!st)
        st = get_choice(r, o, "kind", true, kinds, &d->kind);
    if (!st)
        st = get_date(r, o, "due", true, &d->due);
    if (!st)
        st = get_string(r, o, "from", false, &d->from);
    if (!st)
        st = get_string(r, o, "to", false, &d->to);
    if (!st)
        st = get_code(r, o, "to_unit", false, &d->to_unit);
    if (!st)
        st = get_string(r, o, "wording", false, &d->wording);
    if (!st)
        st = get_date(r, o, "last_on_time", false, &d->last_on_time);
    if (st)
        return st;
    /* the last day on time: as given, else read from the wording ("trước ngày 05/12" → 04/12),
     * else the due day itself */
    if (d->wording) {
        deadline_reading dr;
        size_t at = push_key(r, "wording");
        st = deadline_read(r->a, d->wording, atoi(d->due), &dr, r->err);
        if (st)
            td_error_prefix(r->err, "%s", r->path);
        else if (strcmp(dr.due, d->due) != 0)
            st = bad(r, "lời văn của hạn ghi một ngày khác ngày hạn báo cáo%s", NULL);
        if (!st && !d->last_on_time)
            d->last_on_time = arena_strdup(r->a, dr.last_on_time);
        pop(r, at);
    }
    if (!st && !d->last_on_time)
        d->last_on_time = d->due;
    if (!st && strcmp(d->last_on_time, d->due) > 0) {
        size_t at = push_key(r, "last_on_time");
        st = bad(r, "ngày cuối còn đúng hạn sau hạn báo cáo%s", NULL);
        pop(r, at);
    }
    return st;
}

static td_status read_movement(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"name", "level", "launched_by", NULL};
    static const char *const levels[] = {"national", "city", "commune", NULL};
    movement *m = out;
    td_status st = only_keys(r, o, keys);
    if (!st)
        st = get_string(r, o, "name", true, &m->name);
    if (!st)
        st = get_choice(r, o, "level", true, levels, &m->level);
    if (!st)
        st = get_string(r, o, "launched_by", false, &m->launched_by);
    return st;
}

static td_status read_phase(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"name", "starts_on", "ends_on", NULL};
    phase *ph = out;
    td_status st = only_keys(r, o, keys);
    if (!st)
        st = get_string(r, o, "name", true, &ph->name);
    if (!st)
        st = get_date(r, o, "starts_on", false, &ph->starts_on);
    if (!st)
        st = get_date(r, o, "ends_on", false, &ph->ends_on);
    if (!st && ph->starts_on && ph->ends_on && strcmp(ph->starts_on, ph->ends_on) > 0)
        st = bad(r, "ngày bắt đầu sau ngày kết thúc%s", NULL);
    return st;
}

static td_status read_task(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"text", "lead", "due", "duty", "assignee", NULL};
    static const char *const duties[] = {"implement", "lead", "follow_up", "report", "propagate", NULL};
    task *t = out;
    const char *duty = NULL;
    td_status st = only_keys(r, o, keys);
    if (!st)
        st = get_string(r, o, "text", true, &t->text);
    if (!st)
        st = get_code(r, o, "lead", false, &t->lead);
    if (!st)
        st = get_date(r, o, "due", false, &t->due);
    if (!st)
        st = get_choice(r, o, "duty", false, duties, &duty);
    if (!st)
        st = get_string(r, o, "assignee", false, &t->assignee);
    /* a task that names no duty is one to carry out */
    if (!st && !task_duty_from_code(duty, &t->duty))
        t->duty = DUTY_IMPLEMENT;
    return st;
}

static td_status read_recipient(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"text", "purpose", "org_unit", "org_kind", NULL};
    recipient *rc = out;
    td_status st = only_keys(r, o, keys);
    if (!st)
        st = get_string(r, o, "text", true, &rc->text);
    if (!st)
        st = get_string(r, o, "purpose", false, &rc->purpose);
    if (!st)
        st = get_code(r, o, "org_unit", false, &rc->org_unit);
    if (!st)
        st = get_choice(r, o, "org_kind", false, org_kind_codes, &rc->org_kind);
    return st;
}

/* One share of unit_targets: {"org_unit": code, "target": "khoảng 1.200 con" | {…}}. */
static td_status read_unit_target(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"org_unit", "target", NULL};
    unit_target *ut = out;
    json_t *t = json_object_get(o, "target");
    td_status st = only_keys(r, o, keys);

    if (!st)
        st = get_code(r, o, "org_unit", true, &ut->org_unit_code);
    if (st)
        return st;
    size_t at = push_key(r, "target");
    if (json_is_string(t)) {
        const char *text = vtext_nfc(r->a, json_string_value(t));
        st = text ? target_parse(r->a, text, &ut->target, r->err)
                  : bad(r, "không phải văn bản UTF-8 hợp lệ%s", NULL);
    } else if (json_is_object(t)) {
        st = target_from_json(r->a, t, &ut->target, r->err);
    } else {
        st = bad(r, "cần chỉ tiêu giao cho đơn vị, bằng chữ (\"khoảng 1.200 con\") hoặc một đối tượng {…}%s", NULL);
        return st;
    }
    if (st)
        td_error_prefix(r->err, "%s", r->path);
    else
        pop(r, at);
    return st;
}

/* The shares in the array o[key], each unit once. */
static td_status read_unit_targets(reader *r, const json_t *o, const char *key, unit_target **out, size_t *n)
{
    void *list = NULL;
    td_status st = each(r, o, key, sizeof(unit_target), read_unit_target, &list, n);
    unit_target *uts = list;
    for (size_t i = 0; !st && i < *n; i++)
        for (size_t k = 0; !st && k < i; k++)
            if (strcmp(uts[i].org_unit_code, uts[k].org_unit_code) == 0) {
                size_t at = push_key(r, key);
                st = bad(r, "đơn vị \"%s\" được giao hai lần", uts[i].org_unit_code);
                pop(r, at);
            }
    *out = uts;
    return st;
}

static int unit_target_cmp(const void *x, const void *y)
{
    return strcmp(((const unit_target *)x)->org_unit_code, ((const unit_target *)y)->org_unit_code);
}

static td_status read_indicator(reader *r, const json_t *o, void *out)
{
    static const char *const keys[] = {"code",    "name",   "group",     "unit", "frequency", "measure",
                                       "responsible", "target", "line", "children", "formula", "assigned_value",
                                       "aggregation", "direction", "unit_targets", NULL};
    static const char *const aggs[] = {"sum", "rate", "ratio", "commune", NULL};
    static const char *const dirs[] = {"higher", "lower", "band", NULL};
    const char *agg = NULL, *dir = NULL;
    static const char *const groups[] = {"economy", "culture_society", "environment", "digital_admin",
                                         "defence_security", NULL};
    static const char *const freqs[] = {"month", "quarter", "year", NULL};
    static const char *const measures[] = {"flow", "level", "buildup", "yesno", "list", NULL};
    indicator *ind = out;
    const char *group = NULL, *freq = NULL, *meas = NULL;
    const json_t *t = NULL;
    void *children = NULL;
    td_status st = only_keys(r, o, keys);

    if (!st)
        st = get_code(r, o, "code", true, &ind->code);
    if (!st)
        st = get_string(r, o, "name", true, &ind->name);
    if (!st)
        st = get_choice(r, o, "group", true, groups, &group);
    if (!st)
        st = get_string(r, o, "unit", false, &ind->unit);
    if (!st)
        st = get_choice(r, o, "frequency", true, freqs, &freq);
    if (!st)
        st = get_choice(r, o, "measure", false, measures, &meas);
    if (!st)
        st = get_choice(r, o, "aggregation", false, aggs, &agg);
    if (!st)
        st = get_choice(r, o, "direction", false, dirs, &dir);
    if (!st)
        st = read_unit_targets(r, o, "unit_targets", &ind->unit_targets, &ind->n_unit_targets);
    if (!st)
        st = get_string_list(r, o, "responsible", true, &ind->responsible, &ind->n_responsible);
    if (!st)
        st = get_int(r, o, "line", false, 1, 1000000, &ind->line);
    if (!st)
        st = get_string(r, o, "formula", false, &ind->formula);
    if (!st && ind->formula) {
        formula *f;
        size_t at = push_key(r, "formula");
        st = formula_parse(r->a, ind->formula, &f, r->err);
        if (st)
            td_error_prefix(r->err, "%s", r->path);
        else
            pop(r, at);
    }
    if (!st) {
        json_t *av = json_object_get(o, "assigned_value");
        if (av && !json_is_null(av) && !json_is_number(av)) {
            size_t at = push_key(r, "assigned_value");
            st = bad(r, "cần một số JSON (mức cấp trên giao), ví dụ 1.5", NULL);
            pop(r, at);
        } else if (av && json_is_number(av)) {
            ind->has_assigned = true;
            ind->assigned = json_number_value(av);
        }
    }
    if (!st)
        st = get_object(r, o, "target", false, &t);
    if (!st && t) {
        size_t at = push_key(r, "target");
        ind->target = arena_alloc(r->a, sizeof *ind->target);
        st = target_from_json(r->a, t, ind->target, r->err);
        if (st)
            td_error_prefix(r->err, "%s", r->path);
        else
            pop(r, at);
    }
    if (st)
        return st;
    indicator_group_from_code(group, &ind->group);
    frequency_from_code(freq, &ind->freq);
    /* what the file does not say is guessed from the wording, as for an extracted plan */
    indicator_kind kind;
    indicator_kind_guess(r->a, ind->name, ind->unit, ind->target, &kind);
    ind->meas = kind.meas;
    ind->agg = kind.agg;
    ind->dir = kind.dir;
    if (meas)
        measure_from_code(meas, &ind->meas);
    if (agg)
        aggregation_from_code(agg, &ind->agg);
    if (dir)
        direction_from_code(dir, &ind->dir);
    if (ind->n_unit_targets)
        qsort(ind->unit_targets, ind->n_unit_targets, sizeof *ind->unit_targets, unit_target_cmp);
    if (ind->n_unit_targets && !ind->target)
        st = bad(r, "chỉ tiêu \"%s\" không có mục tiêu (target) của xã nên không giao cho đơn vị được", ind->code);
    if (st)
        return st;
    st = each(r, o, "children", sizeof(indicator), read_indicator, &children, &ind->n_children);
    ind->children = children;
    if (!st && !ind->target && ind->n_children == 0)
        st = bad(r, "chỉ tiêu \"%s\" không có mục tiêu (target) và cũng không có chỉ tiêu con", ind->code);
    return st;
}

static td_status read_plan(reader *r, const json_t *o, plan *p)
{
    static const char *const keys[] = {"number",    "issued_on", "date_line",   "issuer",    "signer",
                                       "signer_title", "title",  "themes",      "implements", "period",
                                       "deadlines", "general_goal", "rewards",  "movements", "phases",
                                       "tasks",     "recipients", "indicators", NULL};
    static const char *const impl_keys[] = {"number", "date", "issuer", "title", NULL};
    static const char *const period_keys[] = {"start", "end", NULL};
    const json_t *impl = NULL, *per = NULL;
    void *v = NULL;
    size_t at;
    td_status st = only_keys(r, o, keys);

    if (!st)
        st = get_string(r, o, "number", true, &p->number);
    if (!st)
        st = get_date(r, o, "issued_on", false, &p->issued_on);
    if (!st)
        st = get_string(r, o, "date_line", false, &p->date_line);
    if (!st)
        st = get_string(r, o, "issuer", true, &p->issuer);
    if (!st)
        st = get_string(r, o, "signer", false, &p->signer);
    if (!st)
        st = get_string(r, o, "signer_title", false, &p->signer_title);
    if (!st)
        st = get_string(r, o, "title", true, &p->title);
    if (!st)
        st = get_string(r, o, "general_goal", false, &p->general_goal);
    if (!st)
        st = get_string(r, o, "rewards", false, &p->rewards);
    if (!st)
        st = get_object(r, o, "implements", false, &impl);
    if (!st && impl) {
        at = push_key(r, "implements");
        st = only_keys(r, impl, impl_keys);
        if (!st)
            st = get_string(r, impl, "number", true, &p->implements_number);
        if (!st)
            st = get_date(r, impl, "date", false, &p->implements_date);
        if (!st)
            st = get_string(r, impl, "issuer", false, &p->implements_issuer);
        if (!st)
            st = get_string(r, impl, "title", false, &p->implements_title);
        if (!st)
            pop(r, at);
    }
    if (!st)
        st = get_object(r, o, "period", true, &per);
    if (!st) {
        at = push_key(r, "period");
        st = only_keys(r, per, period_keys);
        if (!st)
            st = get_date(r, per, "start", true, &p->period_start);
        if (!st)
            st = get_date(r, per, "end", true, &p->period_end);
        if (!st && strcmp(p->period_start, p->period_end) > 0)
            st = bad(r, "ngày bắt đầu sau ngày kết thúc%s", NULL);
        if (!st)
            pop(r, at);
    }
    if (!st)
        st = each(r, o, "themes", sizeof(plan_theme), read_theme, &v, &p->n_themes);
    p->themes = v;
    if (!st)
        st = each(r, o, "deadlines", sizeof(plan_deadline), read_deadline, &v, &p->n_deadlines);
    p->deadlines = v;
    if (!st)
        st = each(r, o, "movements", sizeof(movement), read_movement, &v, &p->n_movements);
    p->movements = v;
    if (!st)
        st = each(r, o, "phases", sizeof(phase), read_phase, &v, &p->n_phases);
    p->phases = v;
    if (!st)
        st = each(r, o, "tasks", sizeof(task), read_task, &v, &p->n_tasks);
    p->tasks = v;
    if (!st)
        st = each(r, o, "recipients", sizeof(recipient), read_recipient, &v, &p->n_recipients);
    p->recipients = v;
    if (!st)
        st = each(r, o, "indicators", sizeof(indicator), read_indicator, &v, &p->n_indicators);
    p->indicators = v;
    if (!st && p->n_indicators == 0)
        st = bad(r, "kế hoạch chưa có chỉ tiêu nào (indicators)%s", NULL);
    return st;
}

/* "unit_targets": {"1.3.1": [{"org_unit", "target"}, …]} of a file that adds to a plan. */
static td_status read_file_unit_targets(reader *r, const json_t *o, planfile *pf)
{
    const char *key;
    json_t *v;
    size_t i = 0;
    td_status st = TD_OK;

    if (!o)
        return TD_OK;
    pf->unit_targets = arena_calloc(r->a, json_object_size(o) + 1, sizeof *pf->unit_targets);
    size_t at = push_key(r, "unit_targets");
    json_object_foreach((json_t *)o, key, v)
    {
        planfile_unit_targets *ut = &pf->unit_targets[i++];
        ut->indicator = arena_strdup(r->a, key);
        st = read_unit_targets(r, o, key, &ut->shares, &ut->n_shares);
        if (st)
            return st;
    }
    pop(r, at);
    pf->n_unit_targets = i;
    return st;
}

static td_status read_assignments(reader *r, const json_t *o, planfile *pf)
{
    const char *key;
    json_t *v;
    size_t i = 0;
    td_status st = TD_OK;

    if (!o)
        return TD_OK;
    pf->assignments = arena_calloc(r->a, json_object_size(o) + 1, sizeof *pf->assignments);
    size_t at = push_key(r, "assignments");
    json_object_foreach((json_t *)o, key, v)
    {
        planfile_assignment *as = &pf->assignments[i++];
        as->indicator = arena_strdup(r->a, key);
        st = get_string_list(r, o, key, true, &as->units, &as->n_units);
        if (st)
            return st;
    }
    pop(r, at);
    pf->n_assignments = i;
    return st;
}

/* ---- cross-references: every code used must be defined, and codes unique --------------- */

static bool has_unit(const planfile *pf, const char *code)
{
    for (size_t i = 0; i < pf->n_units; i++)
        if (strcmp(pf->units[i].code, code) == 0)
            return true;
    return false;
}

/* Unit codes defined by an earlier file (the plan) are checked by the store when loading;
 * here a file that defines units must be consistent with itself. */
static td_status check_unit_ref(reader *r, const planfile *pf, const char *where, const char *code)
{
    if (!code || pf->demo || has_unit(pf, code))
        return TD_OK;
    char msg[300];
    snprintf(msg, sizeof msg, "%s: không có đơn vị với mã \"%s\" trong org_units", where, code);
    return bad(r, "%s", msg);
}

static td_status check_indicators(reader *r, const planfile *pf, const indicator *list, size_t n, const char **seen,
                                  size_t *n_seen)
{
    td_status st = TD_OK;
    for (size_t i = 0; !st && i < n; i++) {
        const indicator *ind = &list[i];
        for (size_t k = 0; k < *n_seen; k++)
            if (strcmp(seen[k], ind->code) == 0)
                return bad(r, "plan.indicators: mã chỉ tiêu \"%s\" bị trùng", ind->code);
        seen[(*n_seen)++] = ind->code;
        for (size_t k = 0; !st && k < ind->n_responsible; k++)
            st = check_unit_ref(r, pf, ind->code, ind->responsible[k]);
        for (size_t k = 0; !st && k < ind->n_unit_targets; k++)
            st = check_unit_ref(r, pf, arena_printf(r->a, "chỉ tiêu %s: unit_targets (giao cho đơn vị)", ind->code),
                                ind->unit_targets[k].org_unit_code);
        if (!st && ind->formula && pf->plan) {
            formula *f = NULL;
            const char **refs;
            formula_parse(r->a, ind->formula, &f, NULL);
            size_t nr = f ? formula_refs(f, &refs) : 0;
            for (size_t k = 0; !st && k < nr; k++) {
                if (strcmp(refs[k], ind->code) == 0)
                    st = bad(r, "chỉ tiêu %s: công thức không được dùng chính nó", ind->code);
                else if (!plan_find_indicator(pf->plan, refs[k]))
                    st = bad(r, "%s", arena_printf(r->a, "chỉ tiêu %s: công thức dùng chỉ tiêu \"%s\" không có "
                                                           "trong kế hoạch", ind->code, refs[k]));
            }
        }
        if (!st)
            st = check_indicators(r, pf, ind->children, ind->n_children, seen, n_seen);
    }
    return st;
}

static td_status check_refs(reader *r, const planfile *pf)
{
    td_status st = TD_OK;
    for (size_t i = 0; !st && i < pf->n_units; i++) {
        for (size_t k = 0; k < i; k++)
            if (strcmp(pf->units[k].code, pf->units[i].code) == 0)
                return bad(r, "org_units: mã đơn vị \"%s\" bị trùng", pf->units[i].code);
        st = check_unit_ref(r, pf, "org_units", pf->units[i].parent_code);
    }
    for (size_t i = 0; !st && i < pf->n_blocks; i++)
        for (size_t k = 0; !st && k < pf->blocks[i].n_members; k++)
            st = check_unit_ref(r, pf, "blocks", pf->blocks[i].members[k]);
    if (st || !pf->plan)
        return st;
    const plan *p = pf->plan;
    for (size_t i = 0; !st && i < p->n_deadlines; i++)
        st = check_unit_ref(r, pf, "plan.deadlines", p->deadlines[i].to_unit);
    for (size_t i = 0; !st && i < p->n_tasks; i++)
        st = check_unit_ref(r, pf, "plan.tasks", p->tasks[i].lead);
    for (size_t i = 0; !st && i < p->n_recipients; i++)
        st = check_unit_ref(r, pf, "plan.recipients", p->recipients[i].org_unit);
    if (!st) {
        plan_counts c;
        plan_count(p, &c);
        const char **seen = arena_calloc(r->a, c.indicators + 1, sizeof *seen);
        size_t n_seen = 0;
        st = check_indicators(r, pf, p->indicators, p->n_indicators, seen, &n_seen);
    }
    return st;
}

td_status planfile_parse(arena *a, const char *name, const char *data, size_t len, planfile *out, td_error *err)
{
    static const char *const keys[] = {"format",    "demo", "label",       "commune", "org_units",
                                       "blocks",    "plan", "assignments", "values",  "assigned_values",
                                       "unit_targets", NULL};
    static const char *const commune_keys[] = {"code", "name", "city", NULL};
    reader r = {.a = a, .err = err};
    json_error_t jerr;
    json_t *root = NULL;
    const json_t *c = NULL, *p = NULL, *as = NULL;
    const char *format = NULL;
    size_t bad_at = 0;
    void *v = NULL;
    td_status st;

    memset(out, 0, sizeof *out);
    if (!vtext_utf8_valid(data, len, &bad_at)) {
        size_t line = 1;
        for (size_t i = 0; i < bad_at; i++)
            line += data[i] == '\n';
        st = td_fail(err, TD_ERR_INPUT, "%s:%zu: tệp không phải văn bản UTF-8 hợp lệ (byte thứ %zu)", name, line,
                     bad_at + 1);
        goto fail;
    }
    root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        st = td_fail(err, TD_ERR_INPUT, "%s:%d:%d: JSON không hợp lệ: %s", name, jerr.line, jerr.column, jerr.text);
        goto fail;
    }
    if (!json_is_object(root)) {
        st = td_fail(err, TD_ERR_INPUT, "%s: cần một đối tượng JSON {…} ở gốc", name);
        goto fail;
    }
    st = only_keys(&r, root, keys);
    if (!st)
        st = get_string(&r, root, "format", true, &format);
    if (!st && strcmp(format, PLANFILE_FORMAT) != 0)
        st = bad(&r, "format: \"%s\" không được hỗ trợ; phiên bản này đọc \"" PLANFILE_FORMAT "\"", format);
    if (!st)
        st = get_bool(&r, root, "demo", &out->demo);
    if (!st)
        st = get_string(&r, root, "label", false, &out->label);
    if (!st)
        st = get_object(&r, root, "commune", true, &c);
    if (!st) {
        size_t at = push_key(&r, "commune");
        st = only_keys(&r, c, commune_keys);
        if (!st)
            st = get_code(&r, c, "code", true, &out->commune.code);
        if (!st)
            st = get_string(&r, c, "name", !out->demo, &out->commune.name);
        if (!st)
            st = get_string(&r, c, "city", !out->demo, &out->commune.city);
        if (!st)
            pop(&r, at);
    }
    if (!st)
        st = each(&r, root, "org_units", sizeof(org_unit), read_unit, &v, &out->n_units);
    out->units = v;
    if (!st)
        st = each(&r, root, "blocks", sizeof(block), read_block, &v, &out->n_blocks);
    out->blocks = v;
    if (!st)
        st = get_object(&r, root, "plan", false, &p);
    if (!st && p) {
        size_t at = push_key(&r, "plan");
        out->plan = arena_alloc(a, sizeof *out->plan);
        out->plan->commune_code = out->commune.code;
        st = read_plan(&r, p, out->plan);
        if (!st)
            pop(&r, at);
    }
    if (!st)
        st = get_object(&r, root, "assignments", false, &as);
    if (!st)
        st = read_assignments(&r, as, out);
    if (!st) {
        const json_t *uts = NULL;
        st = get_object(&r, root, "unit_targets", false, &uts);
        if (!st)
            st = read_file_unit_targets(&r, uts, out);
    }
    if (!st) {
        const json_t *av = NULL;
        st = get_object(&r, root, "assigned_values", false, &av);
        if (!st && av) {
            const char *key;
            json_t *val;
            size_t i = 0, at = push_key(&r, "assigned_values");
            out->assigned = arena_calloc(a, json_object_size(av) + 1, sizeof *out->assigned);
            json_object_foreach((json_t *)av, key, val)
            {
                if (!json_is_number(val)) {
                    size_t k = push_key(&r, key);
                    st = bad(&r, "cần một số JSON (mức cấp trên giao), ví dụ 1.5", NULL);
                    pop(&r, k);
                    break;
                }
                out->assigned[i].indicator = arena_strdup(a, key);
                out->assigned[i++].value = json_number_value(val);
            }
            out->n_assigned = i;
            if (!st)
                pop(&r, at);
        }
    }
    if (!st)
        st = get_string(&r, root, "values", false, &out->values);
    if (!st && out->values && (strchr(out->values, '/') || strchr(out->values, '\\')))
        st = bad(&r, "values: \"%s\" phải là tên một tệp nằm cạnh tệp này", out->values);
    if (!st && !out->plan && !out->demo)
        st = bad(&r, "thiếu trường bắt buộc \"plan\"%s", NULL);
    if (!st)
        st = check_refs(&r, out);
    for (size_t i = 0; out->demo && i < out->n_units; i++)
        out->units[i].is_demo = true;
    for (size_t i = 0; out->demo && i < out->n_blocks; i++)
        out->blocks[i].is_demo = true;
    if (out->plan)
        out->plan->is_demo = out->demo;
    if (st)
        td_error_prefix(err, "%s", name);
fail:
    json_decref(root);
    return st;
}

/* ---- writing: the inverse of planfile_parse ---------------------------------------------- */

org_unit *planfile_units_parents_first(arena *a, const org_unit *units, size_t n)
{
    org_unit *out = arena_calloc(a, n + 1, sizeof *out);
    bool *done = arena_calloc(a, n + 1, sizeof *done);
    size_t k = 0;
    for (bool progress = true; k < n && progress;) {
        progress = false;
        for (size_t i = 0; i < n; i++) {
            bool parent_out = !units[i].parent_code;
            for (size_t j = 0; j < k && !parent_out; j++)
                parent_out = strcmp(out[j].code, units[i].parent_code) == 0;
            if (done[i] || !parent_out)
                continue;
            out[k++] = units[i];
            done[i] = progress = true;
        }
    }
    /* a parent outside the list (or a cycle): the rest keep their order, none is dropped */
    for (size_t i = 0; i < n; i++)
        if (!done[i])
            out[k++] = units[i];
    return out;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* An indicator of plan_to_json's tree in the file's shape: no row id; the formula and the
 * assigned value, which the file carries inside the indicator. */
static void indicator_file_shape(json_t *node, const indicator *ind)
{
    json_t *kids = json_object_get(node, "children");
    json_object_del(node, "id");
    json_object_set_new(node, "formula", str_or_null(ind->formula));
    json_object_set_new(node, "assigned_value", ind->has_assigned ? json_real(ind->assigned) : json_null());
    static const char *const labels[] = {"measure_label", "aggregation_label", "direction_label"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        json_object_del(node, labels[i]);
    json_t *shares = json_array();
    for (size_t i = 0; i < ind->n_unit_targets; i++)
        json_array_append_new(shares, json_pack("{s:s, s:o}", "org_unit", ind->unit_targets[i].org_unit_code,
                                                "target", target_to_json(&ind->unit_targets[i].target)));
    json_object_set_new(node, "unit_targets", shares);
    for (size_t i = 0; i < ind->n_children; i++)
        indicator_file_shape(json_array_get(kids, i), &ind->children[i]);
}

/* The plan as the file writes it: plan_to_json (the API's shape, which the file's fields share)
 * without what belongs to the store. */
static json_t *plan_json(const plan *p)
{
    json_t *o = plan_to_json(p), *inds = json_object_get(o, "indicators");
    static const char *const stored[] = {"id", "commune", "demo", "counts"};
    for (size_t i = 0; i < sizeof stored / sizeof stored[0]; i++)
        json_object_del(o, stored[i]);
    for (size_t i = 0; i < p->n_indicators; i++)
        indicator_file_shape(json_array_get(inds, i), &p->indicators[i]);
    /* a duty's label is the program's, not the plan's */
    json_t *tasks = json_object_get(o, "tasks");
    for (size_t i = 0; i < json_array_size(tasks); i++)
        json_object_del(json_array_get(tasks, i), "duty_label");
    return o;
}

json_t *planfile_to_json(const planfile *pf)
{
    json_t *units = json_array(), *blocks = json_array();
    for (size_t i = 0; i < pf->n_units; i++) {
        const org_unit *u = &pf->units[i];
        json_array_append_new(units, json_pack("{s:s, s:s, s:s, s:o}", "code", u->code, "name", u->name, "kind",
                                               org_kind_code(u->kind), "parent", str_or_null(u->parent_code)));
    }
    for (size_t i = 0; i < pf->n_blocks; i++) {
        json_t *members = json_array();
        for (size_t k = 0; k < pf->blocks[i].n_members; k++)
            json_array_append_new(members, json_string(pf->blocks[i].members[k]));
        json_array_append_new(blocks, json_pack("{s:s, s:s, s:o}", "code", pf->blocks[i].code, "name",
                                                pf->blocks[i].name, "members", members));
    }
    json_t *o = json_pack("{s:s, s:b, s:{s:s, s:o, s:o}, s:o, s:o}", "format", PLANFILE_FORMAT, "demo", pf->demo,
                          "commune", "code", pf->commune.code, "name", str_or_null(pf->commune.name), "city",
                          str_or_null(pf->commune.city), "org_units", units, "blocks", blocks);
    if (pf->label)
        json_object_set_new(o, "label", json_string(pf->label));
    if (pf->plan)
        json_object_set_new(o, "plan", plan_json(pf->plan));
    return o;
}
