/* reminders.c — near deadlines, units not yet reported, and the e-mails that remind them; see
 * reminders.h. */
#include "reminders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/deadline.h"
#include "core/period.h"
#include "core/vtext.h"
#include "evaluation.h"
#include "mail.h"
#include "policy.h"
#include "secret.h"
#include "vnclock.h"

/* A claim older than this is a run that died: its reminder may be tried again. */
#define STALE_CLAIM_SECONDS (15 * 60)
#define FIELD_MAX 200

/* ---- days and deadlines ------------------------------------------------------------------- */

/* Days since 1970-01-01 of an ISO date (H. Hinnant's days_from_civil). */
static long day_number(const char *iso)
{
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

typedef struct near_deadline {
    const char *key;
    bool month;
    period per;
    char code[12];
    char due[16], last[16];
    const char *wording, *label;
    int days_left;
    int step; /* the schedule step due on the day, -1 when none */
} near_deadline;

static int schedule_window(const reminder_schedule *sch)
{
    int w = 0;
    for (size_t i = 0; i < sch->n_days; i++)
        if (sch->days[i] > w)
            w = sch->days[i];
    return w;
}

/* The smallest step of at least days_left days: the latest one whose day has come. */
static int step_due(const reminder_schedule *sch, int days_left)
{
    int best = -1;
    for (size_t i = 0; i < sch->n_days; i++)
        if (sch->days[i] >= days_left && (best < 0 || sch->days[i] < best))
            best = sch->days[i];
    return days_left >= 0 ? best : -1;
}

struct near_list {
    near_deadline *items;
    size_t n, cap;
};

static void add_near(arena *a, struct near_list *l, const near_deadline *d)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        near_deadline *more = arena_calloc(a, cap, sizeof *more);
        if (l->n)
            memcpy(more, l->items, l->n * sizeof *more);
        l->items = more;
        l->cap = cap;
    }
    l->items[l->n++] = *d;
}

/* The deadlines of plan pl that are 0 to window days away on as_of, nearest first. */
static void near_deadlines(arena *a, const plan *pl, const reminder_schedule *sch, const char *as_of,
                           struct near_list *out)
{
    int window = schedule_window(sch);
    long today = day_number(as_of);
    int year = pl->period_start ? atoi(pl->period_start) : 0;
    for (size_t i = 0; i < pl->n_deadlines; i++) {
        const plan_deadline *d = &pl->deadlines[i];
        if (!d->kind || !d->due || strcmp(d->kind, "unit_report") != 0 || !date_iso_valid(d->due))
            continue;
        near_deadline n = {.key = "unit_report"};
        snprintf(n.due, sizeof n.due, "%s", d->due);
        snprintf(n.last, sizeof n.last, "%s", d->last_on_time ? d->last_on_time : d->due);
        n.days_left = (int)(day_number(n.last) - today);
        if (n.days_left < 0 || n.days_left > window)
            continue;
        n.per = (period){.kind = PERIOD_YEAR, .year = year ? year : atoi(d->due)};
        n.wording = d->wording ? d->wording : arena_printf(a, "trước ngày %s", date_format_vi(a, d->due));
        n.label = arena_printf(a, "báo cáo kết quả thực hiện kế hoạch %s", period_label_vi(a, &n.per));
        add_near(a, out, &n);
    }
    /* each month of the plan's time, due by the 5th of the next month, that day included */
    int first_y = year, last_y = pl->period_end ? atoi(pl->period_end) : year;
    int last_m = pl->period_end ? atoi(pl->period_end + 5) : 12;
    for (int y = first_y; y && y <= last_y; y++) {
        for (int m = 1; m <= 12 && (y < last_y || m <= last_m); m++) {
            near_deadline n = {.month = true, .per = {.kind = PERIOD_MONTH, .year = y, .index = m}};
            snprintf(n.due, sizeof n.due, "%04d-%02d-05", (m == 12 ? y + 1 : y) % 10000, (m % 12 + 1) % 100);
            memcpy(n.last, n.due, sizeof n.last);
            n.days_left = (int)(day_number(n.last) - today);
            if (n.days_left < 0 || n.days_left > window)
                continue;
            period_code(&n.per, n.code);
            n.key = arena_printf(a, "month:%s", n.code);
            n.wording = arena_printf(a, "chậm nhất ngày %s", date_format_vi(a, n.due));
            n.label = arena_printf(a, "số liệu %s", period_label_vi(a, &n.per));
            add_near(a, out, &n);
        }
    }
    for (size_t i = 0; i < out->n; i++) {
        period_code(&out->items[i].per, out->items[i].code);
        out->items[i].step = step_due(sch, out->items[i].days_left);
    }
    /* nearest first; the plan's own deadline before a month's of the same day */
    for (size_t i = 1; i < out->n; i++)
        for (size_t j = i; j > 0 && out->items[j].days_left < out->items[j - 1].days_left; j--) {
            near_deadline t = out->items[j];
            out->items[j] = out->items[j - 1];
            out->items[j - 1] = t;
        }
}

/* ---- who has not reported --------------------------------------------------------------- */

typedef struct pending {
    const char *unit, *name;
    long expected, missing;
    json_t *targets; /* [{"code","name"}], owned */
} pending;

static const char *unit_name(const org_unit *units, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(units[i].code, code) == 0)
            return units[i].name;
    return code;
}

/* The units that the viewer may see and that have not submitted every figure the deadline
 * awaits, in Vietnamese order of name, each with the targets it lacks. */
static td_status pending_units(store *s, arena *a, const user *viewer, td_id plan_id, td_id commune_id,
                               const near_deadline *d, const char *as_of, const org_unit *units,
                               size_t n_units, pending **out, size_t *n, td_error *err)
{
    json_t *c = NULL;
    *out = NULL;
    *n = 0;
    td_status st = evaluation_completeness(s, a, viewer, plan_id, &d->per, as_of, &c, err);
    if (st)
        return st;
    json_t *list = json_object_get(c, "units");
    pending *p = arena_calloc(a, json_array_size(list) + 1, sizeof *p);
    size_t k = 0, i;
    json_t *u;
    json_array_foreach(list, i, u)
    {
        long missing = (long)json_integer_value(json_object_get(u, "missing"));
        const char *code = json_string_value(json_object_get(u, "org_unit"));
        if (missing <= 0 || !code)
            continue;
        /* what this unit lacks, as its own reporter would see it */
        user as_unit = {.role = ROLE_REPORTER,
                        .org_unit_code = code,
                        .commune_id = commune_id,
                        .username = "",
                        .org_unit_name = NULL};
        json_t *mine = NULL;
        st = evaluation_completeness(s, a, &as_unit, plan_id, &d->per, as_of, &mine, err);
        if (st)
            break;
        p[k].unit = arena_strdup(a, code);
        p[k].name = unit_name(units, n_units, code);
        p[k].expected = (long)json_integer_value(json_object_get(u, "expected"));
        p[k].missing = missing;
        p[k].targets = json_incref(json_object_get(mine, "targets_without_data"));
        json_decref(mine);
        k++;
    }
    json_decref(c);
    if (st) {
        for (i = 0; i < k; i++)
            json_decref(p[i].targets);
        return st;
    }
    for (size_t x = 1; x < k; x++)
        for (size_t y = x; y > 0 && vtext_collate(p[y].name, p[y - 1].name) < 0; y--) {
            pending t = p[y];
            p[y] = p[y - 1];
            p[y - 1] = t;
        }
    *out = p;
    *n = k;
    return TD_OK;
}

static void pending_free(pending *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_decref(p[i].targets);
}

static const unit_contact *contact_of(const unit_contact *c, size_t n, const char *unit)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].org_unit_code, unit) == 0)
            return &c[i];
    return NULL;
}

static json_t *contact_json(const unit_contact *c)
{
    if (!c)
        return json_null();
    return json_pack("{s:s?, s:s?, s:s?}", "person", c->person, "email", c->email, "phone", c->phone);
}

static json_t *schedule_json(const reminder_schedule *sch)
{
    json_t *days = json_array();
    for (size_t i = 0; i < sch->n_days; i++)
        json_array_append_new(days, json_integer(sch->days[i]));
    return json_pack("{s:b, s:o, s:s?}", "enabled", sch->enabled, "days", days, "updated_at",
                     sch->updated_at);
}

static json_t *deadline_json(const near_deadline *d, arena *a)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o}", "key", d->key, "kind",
                     d->month ? "month" : "plan", "period", d->code, "period_label",
                     period_label_vi(a, &d->per), "label", d->label, "due", d->due, "last_on_time", d->last,
                     "wording", d->wording, "days_left", d->days_left, "step_days",
                     d->step >= 0 ? json_integer(d->step) : json_null());
}

static const char *status_label(const char *status)
{
    return strcmp(status, "delivered") == 0  ? "Đã gửi"
           : strcmp(status, "failed") == 0   ? "Gửi không được"
           : strcmp(status, "no_email") == 0 ? "Chưa có e-mail"
                                             : "Đang gửi";
}

/* The plan, its commune, its units and its schedule: what every view starts from. */
typedef struct context {
    plan *pl;
    td_id commune_id;
    org_unit *units;
    size_t n_units;
    reminder_schedule sch;
    char today[11];
} context;

static td_status load(store *s, arena *a, const user *viewer, td_id plan_id, const char *as_of, context *c,
                      td_error *err)
{
    if (as_of && !date_iso_valid(as_of))
        return td_fail(err, TD_ERR_INPUT, "ngày \"%s\" không hợp lệ; cần dạng YYYY-MM-DD", as_of);
    if (as_of)
        snprintf(c->today, sizeof c->today, "%s", as_of);
    else
        vnclock_today(c->today);
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = store_plan_get(s, a, plan_id, &c->pl, err);
    if (!st)
        st = store_plan_commune(s, plan_id, &c->commune_id, err);
    if (!st)
        st = store_org_units_list(s, a, c->commune_id, &c->units, &c->n_units, err);
    if (!st)
        st = store_schedule_get(s, a, plan_id, &c->sch, err);
    return st;
}

/* ---- the office's list, the banner, the log ----------------------------------------------- */

td_status reminders_overview(store *s, arena *a, const user *viewer, td_id plan_id, const char *as_of,
                             json_t **out, td_error *err)
{
    context c = {0};
    unit_contact *contacts = NULL;
    size_t nc = 0, nr = 0;
    reminder_record *log = NULL;
    smtp_settings smtp;
    bool configured = false;
    struct near_list near = {0};
    td_status st = load(s, a, viewer, plan_id, as_of, &c, err);
    if (!st)
        st = store_contacts_list(s, a, c.commune_id, &contacts, &nc, err);
    if (!st)
        st = store_reminders_list(s, a, plan_id, NULL, &log, &nr, err);
    if (!st)
        st = store_smtp_get(s, a, c.commune_id, &smtp, &configured, err);
    if (st)
        return st;
    near_deadlines(a, c.pl, &c.sch, c.today, &near);
    json_t *deadlines = json_array();
    for (size_t i = 0; !st && i < near.n; i++) {
        const near_deadline *d = &near.items[i];
        pending *p = NULL;
        size_t np = 0;
        st = pending_units(s, a, viewer, plan_id, c.commune_id, d, c.today, c.units, c.n_units, &p, &np, err);
        if (st)
            break;
        json_t *units = json_array();
        for (size_t k = 0; k < np; k++) {
            json_t *sent = json_array();
            for (size_t r = 0; r < nr; r++)
                if (strcmp(log[r].deadline_key, d->key) == 0 && strcmp(log[r].org_unit_code, p[k].unit) == 0)
                    json_array_append_new(sent, json_pack("{s:i, s:s, s:s, s:s, s:s, s:s?}", "step_days",
                                                          log[r].step_days, "status", log[r].status,
                                                          "status_label", status_label(log[r].status),
                                                          "recipient", log[r].recipient, "at",
                                                          log[r].claimed_at, "error", log[r].error));
            json_array_append_new(
                units, json_pack("{s:s, s:s, s:I, s:I, s:O, s:o, s:o}", "org_unit", p[k].unit, "name",
                                 p[k].name, "expected", (json_int_t)p[k].expected, "missing",
                                 (json_int_t)p[k].missing, "missing_targets", p[k].targets, "contact",
                                 contact_json(contact_of(contacts, nc, p[k].unit)), "reminders", sent));
        }
        pending_free(p, np);
        json_t *dj = deadline_json(d, a);
        json_object_set_new(dj, "units", units);
        json_array_append_new(deadlines, dj);
    }
    if (st) {
        json_decref(deadlines);
        return st;
    }
    *out = json_pack("{s:s, s:o, s:b, s:o}", "as_of", c.today, "schedule", schedule_json(&c.sch),
                     "smtp_configured", configured, "deadlines", deadlines);
    return TD_OK;
}

td_status reminders_banner(store *s, arena *a, const user *viewer, td_id plan_id, const char *as_of,
                           json_t **out, td_error *err)
{
    context c = {0};
    struct near_list near = {0};
    td_status st = load(s, a, viewer, plan_id, as_of, &c, err);
    if (st)
        return st;
    json_t *items = json_array();
    /* the banner is a reporter's: its own unit's figures are what it can submit */
    if (viewer && viewer->role == ROLE_REPORTER)
        near_deadlines(a, c.pl, &c.sch, c.today, &near);
    for (size_t i = 0; !st && i < near.n; i++) {
        pending *p = NULL;
        size_t np = 0;
        st = pending_units(s, a, viewer, plan_id, c.commune_id, &near.items[i], c.today, c.units, c.n_units,
                           &p, &np, err);
        for (size_t k = 0; !st && k < np; k++) {
            if (!policy_may_see_unit(viewer, p[k].unit))
                continue;
            json_t *dj = deadline_json(&near.items[i], a);
            json_object_del(dj, "step_days");
            json_object_set_new(dj, "org_unit", json_string(p[k].unit));
            json_object_set_new(dj, "org_unit_name", json_string(p[k].name));
            json_object_set_new(dj, "expected", json_integer(p[k].expected));
            json_object_set_new(dj, "missing", json_integer(p[k].missing));
            json_object_set(dj, "missing_targets", p[k].targets);
            json_array_append_new(items, dj);
        }
        pending_free(p, np);
    }
    if (st) {
        json_decref(items);
        return st;
    }
    *out = json_pack("{s:s, s:o}", "as_of", c.today, "items", items);
    return TD_OK;
}

static json_t *record_json(arena *a, const reminder_record *r)
{
    period per;
    const char *label = period_parse(r->period, &per, NULL) ? r->period : period_label_vi(a, &per);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s?, s:s, s:s, s:s?}",
                     "id", (json_int_t)r->id, "deadline", r->deadline_key, "period", r->period,
                     "period_label", label, "due", r->due_on, "last_on_time", r->last_on_time, "org_unit",
                     r->org_unit_code, "org_unit_name", r->org_unit_name, "step_days", r->step_days,
                     "recipient", r->recipient, "status", r->status, "status_label", status_label(r->status),
                     "error", r->error, "actor", r->actor, "at", r->claimed_at, "finished_at",
                     r->finished_at);
}

td_status reminders_log(store *s, arena *a, const user *viewer, td_id plan_id, json_t **out, td_error *err)
{
    reminder_record *log = NULL;
    size_t n = 0;
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = store_reminders_list(s, a, plan_id, NULL, &log, &n, err);
    if (st)
        return st;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        if (policy_may_see_unit(viewer, log[i].org_unit_code))
            json_array_append_new(items, record_json(a, &log[i]));
    *out = items;
    return TD_OK;
}

/* ---- sending ------------------------------------------------------------------------------ */

/* RFC 5322's date of now in Vietnam: "Tue, 01 Dec 2026 10:14:05 +0700". */
static void mail_date(char buf[40])
{
    static const char *wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = time(NULL) + VN_UTC_OFFSET_SECONDS;
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(buf, 40, "%s, %02d %s %04d %02d:%02d:%02d +0700", wd[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *days_text(arena *a, int days_left)
{
    return days_left == 0 ? "hôm nay là ngày cuối cùng" : arena_printf(a, "còn %d ngày", days_left);
}

/* One reminder due today: a deadline and a unit that has not sent every figure it awaits. */
typedef struct due {
    const near_deadline *d;
    const pending *p;
    reminder_record r;
} due;

/* "Đến ngày 30/11/2026, đơn vị còn 1 trong 11 chỉ tiêu chưa gửi số liệu:" and the list, each
 * line indented by pad. */
static const char *missing_text(arena *a, const context *c, const pending *p, const char *pad)
{
    char *list = arena_printf(a, "Đến ngày %s, đơn vị còn %ld trong %ld chỉ tiêu chưa gửi số liệu:\r\n",
                              date_format_vi(a, c->today), p->missing, p->expected);
    size_t i;
    json_t *t;
    json_array_foreach(p->targets, i, t)
    {
        const char *code = json_string_value(json_object_get(t, "code"));
        const char *name = json_string_value(json_object_get(t, "name"));
        list = arena_printf(a, "%s%s  - %s %s\r\n", list, pad, code ? code : "", name ? name : "");
    }
    return list;
}

/* "hạn nộp … là trước ngày 05/12/2026 (ngày cuối cùng được tính đúng hạn là 04/12/2026); còn 4 ngày" */
static const char *deadline_text(arena *a, const near_deadline *d)
{
    const char *last =
        strcmp(d->last, d->due) != 0
            ? arena_printf(a, " (ngày cuối cùng được tính đúng hạn là %s)", date_format_vi(a, d->last))
            : "";
    return arena_printf(a, "hạn nộp %s là %s%s; %s", d->label, d->wording, last, days_text(a, d->days_left));
}

/* The subject and body of one e-mail to a unit for the n reminders g it is due today, in
 * Vietnamese: a unit whose year report and month's figures fall due together gets one e-mail
 * that lists both, not two. */
static void compose(arena *a, const context *c, const due *const *g, size_t n, const unit_contact *who,
                    const char **subject, const char **body)
{
    const pending *p = g[0]->p;
    const char *issuer = c->pl->issuer && *c->pl->issuer ? c->pl->issuer : "Ủy ban nhân dân xã";
    const char *greeting = who && who->person && *who->person
                               ? arena_printf(a, "Kính gửi: %s (%s),", p->name, who->person)
                               : arena_printf(a, "Kính gửi: %s,", p->name);
    char *what = arena_printf(a, "%s (%s)", g[0]->d->label, g[0]->d->wording);
    for (size_t i = 1; i < n; i++)
        what = arena_printf(a, "%s và %s (%s)", what, g[i]->d->label, g[i]->d->wording);
    *subject = arena_printf(a, "Nhắc hạn nộp %s - %s", what, p->name);
    char *parts;
    if (n == 1)
        parts = arena_printf(a, "%s nhắc đơn vị: %s.\r\n\r\n%s", issuer, deadline_text(a, g[0]->d),
                             missing_text(a, c, p, ""));
    else {
        parts = arena_printf(a, "%s nhắc đơn vị %zu hạn sắp đến:\r\n", issuer, n);
        for (size_t i = 0; i < n; i++)
            parts = arena_printf(a, "%s\r\n%zu. Về %s.\r\n   %s", parts, i + 1, deadline_text(a, g[i]->d),
                                 missing_text(a, c, g[i]->p, "   "));
    }
    *body = arena_printf(a,
                         "%s\r\n\r\n%s\r\n"
                         "Đề nghị đơn vị nhập và gửi số liệu trên phần mềm thi đua trước hạn.\r\n\r\n"
                         "Thư này được gửi tự động theo lịch nhắc hạn của phần mềm thi đua; xin không trả lời "
                         "thư này.\r\n",
                         greeting, parts);
}

static json_t *item_json(const near_deadline *d, const pending *p, int step, const char *to,
                         const char *status, const char *error)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s?, s:s, s:s?}", "deadline", d->key, "period", d->code,
                     "due", d->due, "org_unit", p->unit, "name", p->name, "step_days", step, "recipient", to,
                     "status", status, "error", error);
}

/* Claims the n reminders g of one unit, sends one e-mail for those claimed, and records each; a
 * failure of the e-mail is an outcome, not an error. *sent and *failed count e-mails. */
static td_status send_unit(store *s, arena *a, const context *c, const smtp_settings *smtp, due *g, size_t n,
                           const unit_contact *who, json_t *items, long *sent, long *failed, td_error *err)
{
    char stale[32];
    time_t t = time(NULL) - STALE_CLAIM_SECONDS;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stale, sizeof stale, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const due **mine = arena_calloc(a, n, sizeof *mine);
    size_t k = 0;
    /* each claim is checked and written in one transaction, so two runs at once never both
     * send a reminder; the e-mail goes after the commit */
    td_status st = store_begin(s, err);
    for (size_t i = 0; !st && i < n; i++) {
        bool claimed = false;
        g[i].r = (reminder_record){.plan_id = c->pl->id,
                                   .deadline_key = g[i].d->key,
                                   .period = g[i].d->code,
                                   .due_on = g[i].d->due,
                                   .last_on_time = g[i].d->last,
                                   .org_unit_code = g[i].p->unit,
                                   .step_days = g[i].d->step,
                                   .recipient = who->email};
        st = store_reminder_claim(s, &g[i].r, stale, &claimed, err);
        if (!st && claimed)
            mine[k++] = &g[i];
    }
    st = store_finish(s, st, err);
    if (st || k == 0)
        return st;
    const char *subject, *body;
    compose(a, c, mine, k, who, &subject, &body);
    char date[40];
    mail_date(date);
    const char *domain = strchr(smtp->sender, '@');
    const char *msg_id = arena_printf(a, "nhac-han-%lld-%lld@%s", (long long)mine[0]->r.id, (long long)time(NULL),
                                      domain ? domain + 1 : "thidua");
    const char *message =
        mail_compose(a, smtp->sender, smtp->sender_name, who->email, subject, body, date, msg_id);
    td_error mail_err = {0};
    bool ok = mail_send(smtp, who->email, message, &mail_err) == TD_OK;
    st = store_begin(s, err);
    for (size_t i = 0; !st && i < k; i++)
        st = store_reminder_finish(s, c->commune_id, &mine[i]->r, ok, ok ? NULL : mail_err.msg, err);
    st = store_finish(s, st, err);
    if (st)
        return st;
    *sent += ok;
    *failed += !ok;
    for (size_t i = 0; i < k; i++)
        json_array_append_new(items, item_json(mine[i]->d, mine[i]->p, mine[i]->d->step, who->email,
                                               ok ? "delivered" : "failed", ok ? NULL : mail_err.msg));
    return TD_OK;
}

static td_status run_plan(store *s, arena *a, const user *viewer, td_id plan_id, const char *as_of,
                          json_t *plans, long *sent, long *failed, td_error *err)
{
    context c = {0};
    smtp_settings smtp;
    bool configured = false;
    unit_contact *contacts = NULL;
    size_t nc = 0;
    struct near_list near = {0};
    long psent = 0, pfailed = 0;
    td_status st = load(s, a, viewer, plan_id, as_of, &c, err);
    if (!st)
        st = store_smtp_get(s, a, c.commune_id, &smtp, &configured, err);
    if (!st && configured && smtp.password && *smtp.password)
        st = secret_open(a, s, smtp.password, &smtp.password, err);
    if (!st)
        st = store_contacts_list(s, a, c.commune_id, &contacts, &nc, err);
    if (st)
        return st;
    json_t *items = json_array();
    if (c.sch.enabled && configured)
        near_deadlines(a, c.pl, &c.sch, c.today, &near);
    /* every reminder due today, deadline by deadline, units in name order */
    pending **lists = arena_calloc(a, near.n + 1, sizeof *lists);
    size_t *counts = arena_calloc(a, near.n + 1, sizeof *counts), n_due = 0, cap = 0;
    due *all = NULL;
    for (size_t i = 0; !st && i < near.n; i++) {
        if (near.items[i].step < 0)
            continue;
        st = pending_units(s, a, NULL, plan_id, c.commune_id, &near.items[i], c.today, c.units, c.n_units,
                           &lists[i], &counts[i], err);
        for (size_t k = 0; !st && k < counts[i]; k++) {
            due *x = arena_push(a, (void **)&all, &n_due, &cap, sizeof *all);
            x->d = &near.items[i];
            x->p = &lists[i][k];
        }
    }
    /* then one e-mail per unit, in the order its first reminder came */
    bool *done = arena_calloc(a, n_due + 1, sizeof *done);
    due *group = arena_calloc(a, n_due + 1, sizeof *group);
    for (size_t i = 0; !st && i < n_due; i++) {
        size_t ng = 0;
        if (done[i])
            continue;
        for (size_t j = i; j < n_due; j++)
            if (!done[j] && strcmp(all[j].p->unit, all[i].p->unit) == 0) {
                done[j] = true;
                group[ng++] = all[j];
            }
        const unit_contact *who = contact_of(contacts, nc, all[i].p->unit);
        if (!who || !mail_address_ok(who->email)) {
            for (size_t j = 0; j < ng; j++)
                json_array_append_new(items, item_json(group[j].d, group[j].p, group[j].d->step, NULL,
                                                       "no_email", NULL));
            continue;
        }
        st = send_unit(s, a, &c, &smtp, group, ng, who, items, &psent, &pfailed, err);
    }
    for (size_t i = 0; i < near.n; i++)
        pending_free(lists[i], counts[i]);
    if (st) {
        json_decref(items);
        return st;
    }
    *sent += psent;
    *failed += pfailed;
    json_array_append_new(plans, json_pack("{s:I, s:b, s:b, s:I, s:I, s:o}", "plan_id", (json_int_t)plan_id,
                                           "enabled", c.sch.enabled, "smtp_configured", configured, "sent",
                                           (json_int_t)psent, "failed", (json_int_t)pfailed, "items", items));
    return TD_OK;
}

td_status reminders_run(store *s, arena *a, const user *viewer, td_id plan_id, const char *as_of,
                        json_t **out, td_error *err)
{
    char today[11];
    long sent = 0, failed = 0;
    td_status st = TD_OK;
    if (as_of && !date_iso_valid(as_of))
        return td_fail(err, TD_ERR_INPUT, "ngày \"%s\" không hợp lệ; cần dạng YYYY-MM-DD", as_of);
    if (as_of)
        snprintf(today, sizeof today, "%s", as_of);
    else
        vnclock_today(today);
    json_t *plans = json_array();
    if (plan_id) {
        st = policy_reminder_settings(viewer, false, err);
        if (!st)
            st = run_plan(s, a, viewer, plan_id, today, plans, &sent, &failed, err);
    } else {
        plan *list = NULL;
        size_t n = 0;
        st = viewer ? td_fail(err, TD_ERR_FORBIDDEN, "chỉ dòng lệnh và máy chủ gửi nhắc hạn cho mọi kế hoạch")
                    : store_plans_list(s, a, &list, &n, err);
        for (size_t i = 0; !st && i < n; i++)
            st = run_plan(s, a, NULL, list[i].id, today, plans, &sent, &failed, err);
    }
    if (st) {
        json_decref(plans);
        return st;
    }
    *out = json_pack("{s:s, s:o, s:I, s:I}", "as_of", today, "plans", plans, "sent", (json_int_t)sent,
                     "failed", (json_int_t)failed);
    return TD_OK;
}

/* ---- settings ----------------------------------------------------------------------------- */

td_status reminders_schedule_get(store *s, arena *a, const user *viewer, td_id plan_id, json_t **out,
                                 td_error *err)
{
    reminder_schedule sch;
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = store_schedule_get(s, a, plan_id, &sch, err);
    if (!st)
        *out = schedule_json(&sch);
    return st;
}

td_status reminders_schedule_set(store *s, arena *a, const user *viewer, td_id plan_id, json_t *body,
                                 json_t **out, td_error *err)
{
    reminder_schedule sch;
    td_status st = policy_plan(s, viewer, plan_id, err);
    if (!st)
        st = policy_reminder_settings(viewer, false, err);
    if (!st)
        st = store_schedule_get(s, a, plan_id, &sch, err);
    if (st)
        return st;
    json_t *enabled = json_object_get(body, "enabled"), *days = json_object_get(body, "days");
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "enabled") != 0 && strcmp(key, "days") != 0)
            return td_fail(err, TD_ERR_INPUT,
                           "lịch nhắc hạn chỉ có \"bật/tắt\" (enabled) và \"số ngày trước "
                           "hạn\" (days)");
    }
    if (enabled && !json_is_boolean(enabled))
        return td_fail(err, TD_ERR_INPUT, "bật/tắt nhắc hạn phải là true hoặc false");
    if (enabled)
        sch.enabled = json_is_true(enabled);
    if (days) {
        size_t n = json_array_size(days), i;
        if (!json_is_array(days) || n < 1 || n > REMINDER_MAX_STEPS)
            return td_fail(err, TD_ERR_INPUT, "số ngày nhắc trước hạn: cần từ 1 đến %d số",
                           REMINDER_MAX_STEPS);
        sch.n_days = 0;
        json_array_foreach(days, i, v)
        {
            json_int_t d = json_integer_value(v);
            if (!json_is_integer(v) || d < 0 || d > 60)
                return td_fail(err, TD_ERR_INPUT, "số ngày nhắc trước hạn phải là số nguyên từ 0 đến 60");
            for (size_t k = 0; k < sch.n_days; k++)
                if (sch.days[k] == d)
                    return td_fail(err, TD_ERR_INPUT, "số ngày nhắc trước hạn %d bị lặp lại", (int)d);
            sch.days[sch.n_days++] = (int)d;
        }
        /* largest first, as the office reads a schedule: 5 days, then 1 day before */
        for (size_t x = 1; x < sch.n_days; x++)
            for (size_t y = x; y > 0 && sch.days[y] > sch.days[y - 1]; y--) {
                int t = sch.days[y];
                sch.days[y] = sch.days[y - 1];
                sch.days[y - 1] = t;
            }
    }
    st = store_begin(s, err);
    if (!st)
        st = store_finish(s, store_schedule_put(s, plan_id, &sch, err), err);
    if (!st)
        st = store_schedule_get(s, a, plan_id, &sch, err);
    if (!st)
        *out = schedule_json(&sch);
    return st;
}

static td_id commune_of(const user *viewer, td_id commune_id)
{
    return viewer ? viewer->commune_id : commune_id;
}

static json_t *smtp_json(const smtp_settings *m, bool configured)
{
    return json_pack("{s:b, s:s?, s:s?, s:s?, s:s?, s:b, s:s?, s:s?}", "configured", configured, "url",
                     m->url, "sender", m->sender, "sender_name", m->sender_name, "username", m->username,
                     "password_set", m->password && *m->password, "ca_file", m->ca_file, "updated_at",
                     m->updated_at);
}

td_status reminders_smtp_get(store *s, arena *a, const user *viewer, td_id commune_id, json_t **out,
                             td_error *err)
{
    smtp_settings m;
    bool found = false;
    td_status st = policy_reminder_settings(viewer, true, err);
    if (!st)
        st = store_smtp_get(s, a, commune_of(viewer, commune_id), &m, &found, err);
    if (!st)
        *out = smtp_json(&m, found);
    return st;
}

/* A text field of a settings body: absent or null → NULL; a string without control characters
 * (nothing that could add a mail header) and at most max bytes; copied in NFC. */
static td_status text_field(arena *a, json_t *body, const char *key, const char *label, size_t max,
                            const char **out, td_error *err)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return TD_OK;
    if (!json_is_string(v))
        return td_fail(err, TD_ERR_INPUT, "%s phải là chữ", label);
    const char *text = json_string_value(v);
    if (json_string_length(v) > max)
        return td_fail(err, TD_ERR_INPUT, "%s dài quá %zu ký tự", label, max);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p < ' ' || *p == 0x7f)
            return td_fail(err, TD_ERR_INPUT, "%s không được có ký tự điều khiển hay xuống dòng", label);
    if (strlen(text) != json_string_length(v))
        return td_fail(err, TD_ERR_INPUT, "%s không được có ký tự điều khiển hay xuống dòng", label);
    *out = *text ? vtext_nfc(a, text) : NULL;
    return TD_OK;
}

static td_status only_keys(json_t *body, const char *const *keys, const char *what, td_error *err)
{
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        bool known = false;
        for (size_t i = 0; keys[i]; i++)
            known = known || strcmp(key, keys[i]) == 0;
        if (!known)
            return td_fail(err, TD_ERR_INPUT, "%s không có trường \"%s\"", what, key);
    }
    return TD_OK;
}

td_status reminders_smtp_set(store *s, arena *a, const user *viewer, td_id commune_id, json_t *body,
                             json_t **out, td_error *err)
{
    static const char *const keys[] = {"url",      "sender",  "sender_name", "username",
                                       "password", "ca_file", NULL};
    smtp_settings m = {0};
    td_status st = policy_reminder_settings(viewer, true, err);
    if (!st)
        st = only_keys(body, keys, "thiết lập máy chủ thư", err);
    if (!st)
        st = text_field(a, body, "url", "địa chỉ máy chủ thư", FIELD_MAX, &m.url, err);
    if (!st)
        st = text_field(a, body, "sender", "địa chỉ người gửi", FIELD_MAX, &m.sender, err);
    if (!st)
        st = text_field(a, body, "sender_name", "tên người gửi", FIELD_MAX, &m.sender_name, err);
    if (!st)
        st = text_field(a, body, "username", "tên đăng nhập máy chủ thư", FIELD_MAX, &m.username, err);
    if (!st)
        st = text_field(a, body, "password", "mật khẩu máy chủ thư", FIELD_MAX, &m.password, err);
    if (!st)
        st = text_field(a, body, "ca_file", "tệp chứng chỉ CA", 1024, &m.ca_file, err);
    if (st)
        return st;
    if (!m.url || strncmp(m.url, "smtp://", 7) != 0 || !m.url[7] || strpbrk(m.url + 7, " /?#") ||
        m.url[7] == ':')
        return td_fail(
            err, TD_ERR_INPUT,
            "địa chỉ máy chủ thư phải có dạng smtp://máy-chủ:cổng (ví dụ smtp://mail.kienhai.gov.vn:587); "
            "kết nối luôn được mã hóa bằng STARTTLS");
    if (!mail_address_ok(m.sender))
        return td_fail(err, TD_ERR_INPUT, "địa chỉ người gửi \"%s\" không phải một địa chỉ e-mail",
                       m.sender ? m.sender : "");
    /* a path the server cannot read would make every e-mail fail: said now, not in the log later */
    if (m.ca_file && access(m.ca_file, R_OK) != 0)
        return td_fail(err, TD_ERR_INPUT, "máy chủ không đọc được tệp chứng chỉ CA \"%s\"", m.ca_file);
    json_t *pw = json_object_get(body, "password");
    bool keep = !pw || json_is_null(pw);
    /* sealed before it reaches the database (service/secret.h) */
    if (!keep && m.password && *m.password && (st = secret_seal(a, s, m.password, &m.password, err)) != TD_OK)
        return st;
    st = store_begin(s, err);
    if (!st)
        st = store_finish(s, store_smtp_put(s, commune_of(viewer, commune_id), &m, keep, err), err);
    if (!st)
        st = reminders_smtp_get(s, a, viewer, commune_id, out, err);
    return st;
}

td_status reminders_contacts(store *s, arena *a, const user *viewer, td_id commune_id, json_t **out,
                             td_error *err)
{
    org_unit *units = NULL;
    unit_contact *c = NULL;
    size_t nu = 0, nc = 0;
    td_id cid = commune_of(viewer, commune_id);
    td_status st = store_org_units_list(s, a, cid, &units, &nu, err);
    if (!st)
        st = store_contacts_list(s, a, cid, &c, &nc, err);
    if (st)
        return st;
    json_t *items = json_array();
    for (size_t i = 0; i < nu; i++) {
        if (!policy_may_see_reminders(viewer) && !policy_may_see_unit(viewer, units[i].code))
            continue;
        const unit_contact *k = contact_of(c, nc, units[i].code);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?}", "org_unit",
                                               units[i].code, "name", units[i].name, "person",
                                               k ? k->person : NULL, "email", k ? k->email : NULL, "phone",
                                               k ? k->phone : NULL, "updated_at", k ? k->updated_at : NULL));
    }
    *out = items;
    return TD_OK;
}

td_status reminders_contact_set(store *s, arena *a, const user *viewer, td_id commune_id, const char *unit,
                                json_t *body, json_t **out, td_error *err)
{
    static const char *const keys[] = {"person", "email", "phone", NULL};
    unit_contact c = {.org_unit_code = unit};
    td_status st = policy_reminder_settings(viewer, false, err);
    if (!st)
        st = only_keys(body, keys, "người liên hệ", err);
    if (!st)
        st = text_field(a, body, "person", "họ tên người liên hệ", FIELD_MAX, &c.person, err);
    if (!st)
        st = text_field(a, body, "email", "e-mail", FIELD_MAX, &c.email, err);
    if (!st)
        st = text_field(a, body, "phone", "số điện thoại", 40, &c.phone, err);
    if (st)
        return st;
    if (c.email && !mail_address_ok(c.email))
        return td_fail(err, TD_ERR_INPUT,
                       "e-mail \"%s\" không phải một địa chỉ e-mail (ví dụ thonthailai@gmail.com)", c.email);
    st = store_begin(s, err);
    if (!st)
        st = store_finish(s, store_contact_put(s, commune_of(viewer, commune_id), &c, err), err);
    if (st)
        return st;
    json_t *all = NULL;
    st = reminders_contacts(s, a, viewer, commune_id, &all, err);
    if (st)
        return st;
    size_t i;
    json_t *v;
    *out = NULL;
    json_array_foreach(all, i, v)
    {
        if (!*out && strcmp(json_string_value(json_object_get(v, "org_unit")), unit) == 0)
            *out = json_incref(v);
    }
    json_decref(all);
    if (!*out)
        *out = json_object();
    return TD_OK;
}
