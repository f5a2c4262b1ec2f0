/* cmd_remind.c — `thidua remind …`: send the reminders due (for cron), read their log, and set
 * units' contacts, the commune's mail server and the plan's schedule (service/reminders.h).
 * Settings are written as KEY=VALUE arguments, so that a new field needs no new option. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/deadline.h"
#include "core/period.h"
#include "service/reminders.h"
#include "table.h"

/* The commune of --commune, or the first one (a database usually holds one). */
static td_status commune_id(cli *c, store *s, td_id *id)
{
    commune one, *list = NULL;
    size_t n = 0;
    td_status st;
    if (c->commune) {
        st = records_commune(s, c->a, c->commune, &one, &c->err);
        if (!st)
            *id = one.id;
        return st;
    }
    st = records_communes(s, c->a, NULL, &list, &n, &c->err);
    if (!st && n == 0)
        st = td_fail(&c->err, TD_ERR_NOTFOUND,
                     "chưa có xã nào; hãy chạy `thidua init --demo` hoặc `thidua plan import`");
    if (!st)
        *id = list[0].id;
    return st;
}

/* KEY=VALUE arguments from args[from] on into a JSON object, each key one of keys[] (renamed to
 * fields[]); "password=-" reads the password from standard input. */
static td_status read_pairs(cli *c, int from, const char *const *keys, const char *const *fields,
                            json_t **out)
{
    json_t *body = json_object();
    for (int i = from; i < c->n_args; i++) {
        const char *eq = strchr(c->args[i], '=');
        size_t k = 0, len = eq ? (size_t)(eq - c->args[i]) : 0;
        while (eq && keys[k] && (strlen(keys[k]) != len || strncmp(keys[k], c->args[i], len) != 0))
            k++;
        if (!eq || !keys[k]) {
            json_decref(body);
            return td_fail(&c->err, TD_ERR_USAGE, "\"%s\": cần dạng TÊN=GIÁ_TRỊ (xem `thidua remind --help`)",
                           c->args[i]);
        }
        const char *value = eq + 1;
        if (strcmp(fields[k], "password") == 0 && strcmp(value, "-") == 0) {
            char line[512];
            if (!fgets(line, sizeof line, stdin))
                line[0] = '\0';
            line[strcspn(line, "\r\n")] = '\0';
            value = arena_strdup(c->a, line);
        }
        json_object_set_new(body, fields[k], json_string(value));
    }
    *out = body;
    return TD_OK;
}

td_status cmd_remind_run(cli *c)
{
    store *s;
    td_id plan_id = 0;
    char as_of[11];
    json_t *out = NULL;
    td_status st = c->as_of ? cli_read_date(c, c->as_of, as_of) : TD_OK;
    if (!st && c->plan)
        st = cli_parse_id(c, c->plan, "--plan", &plan_id);
    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = reminders_run(s, c->a, NULL, plan_id, c->as_of ? as_of : NULL, &out, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, out);
        return TD_OK;
    }
    size_t i, k;
    json_t *p, *item;
    json_array_foreach(json_object_get(out, "plans"), i, p)
    {
        json_int_t id = json_integer_value(json_object_get(p, "plan_id"));
        if (!json_is_true(json_object_get(p, "enabled")))
            fprintf(c->out, "Kế hoạch số %lld: nhắc hạn đang tắt.\n", (long long)id);
        else if (!json_is_true(json_object_get(p, "smtp_configured")))
            fprintf(c->out, "Kế hoạch số %lld: chưa đặt máy chủ thư (`thidua remind smtp`).\n",
                    (long long)id);
        /* the units without an e-mail address, in one line: they are the same every run */
        char *no_email = NULL;
        json_array_foreach(json_object_get(p, "items"), k, item)
        {
            const char *status = json_string_value(json_object_get(item, "status"));
            const char *name = json_string_value(json_object_get(item, "name"));
            const char *to = json_string_value(json_object_get(item, "recipient"));
            const char *due = date_format_vi(c->a, json_string_value(json_object_get(item, "due")));
            if (strcmp(status, "delivered") == 0)
                fprintf(c->out, "Đã gửi nhắc hạn %s cho %s (%s).\n", due, name, to);
            else if (strcmp(status, "no_email") == 0)
                no_email = strstr(no_email ? no_email : "", name) ? no_email
                           : no_email ? arena_printf(c->a, "%s, %s", no_email, name)
                                      : arena_strdup(c->a, name);
            else
                fprintf(c->out, "Gửi nhắc hạn %s cho %s (%s) không được: %s\n", due, name, to,
                        json_string_value(json_object_get(item, "error")));
        }
        if (no_email)
            fprintf(c->out, "Chưa có e-mail người liên hệ (`thidua remind contact`), chưa nhắc được: %s.\n",
                    no_email);
    }
    fprintf(c->out, "Ngày %s: đã gửi %lld, không gửi được %lld.\n",
            date_format_vi(c->a, json_string_value(json_object_get(out, "as_of"))),
            (long long)json_integer_value(json_object_get(out, "sent")),
            (long long)json_integer_value(json_object_get(out, "failed")));
    json_decref(out);
    return TD_OK;
}

td_status cmd_remind_list(cli *c)
{
    store *s;
    td_id plan_id;
    json_t *out = NULL;
    td_status st = cli_plan_id(c, &plan_id);
    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = reminders_log(s, c->a, NULL, plan_id, &out, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, json_pack("{s:o}", "items", out));
        return TD_OK;
    }
    if (json_array_size(out) == 0) {
        fprintf(c->out, "Chưa có nhắc hạn nào được gửi (kế hoạch số %lld).\n", (long long)plan_id);
        json_decref(out);
        return TD_OK;
    }
    static const char *const titles[] = {"Lúc", "Đơn vị", "Hạn", "Gửi đến", "Kết quả"};
    table *tb = table_new(c->a, 5, titles, table_terminal_width());
    size_t i;
    json_t *r;
    json_array_foreach(out, i, r)
    {
        const char *error = json_string_value(json_object_get(r, "error"));
        int step = (int)json_integer_value(json_object_get(r, "step_days"));
        /* the instant in Vietnam, as users read it: "03/12/2026 10:41" */
        char vn[20] = "";
        const char *at = json_string_value(json_object_get(r, "at"));
        const char *when =
            instant_vn(at, vn)
                ? arena_printf(c->a, "%s %.5s", date_format_vi(c->a, arena_strndup(c->a, vn, 10)), vn + 11)
                : at;
        const char *cells[] = {
            when,
            json_string_value(json_object_get(r, "org_unit_name")),
            arena_printf(c->a, "%s (%s; %s)",
                         date_format_vi(c->a, json_string_value(json_object_get(r, "due"))),
                         json_string_value(json_object_get(r, "period_label")),
                         step ? arena_printf(c->a, "%d ngày trước hạn", step) : "ngày cuối"),
            json_string_value(json_object_get(r, "recipient")),
            arena_printf(c->a, "%s%s%s", json_string_value(json_object_get(r, "status_label")),
                         error ? ": " : "", error ? error : ""),
        };
        table_row(tb, cells);
    }
    table_print(tb, c->out);
    json_decref(out);
    return TD_OK;
}

td_status cmd_remind_show(cli *c)
{
    store *s;
    td_id plan_id;
    char as_of[11];
    json_t *out = NULL;
    td_status st = c->as_of ? cli_read_date(c, c->as_of, as_of) : TD_OK;
    if (!st)
        st = cli_plan_id(c, &plan_id);
    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = reminders_overview(s, c->a, NULL, plan_id, c->as_of ? as_of : NULL, &out, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, out);
        return TD_OK;
    }
    size_t i, k;
    json_t *d, *u;
    if (json_array_size(json_object_get(out, "deadlines")) == 0)
        fprintf(c->out, "Ngày %s: không có hạn báo cáo nào sắp đến.\n",
                date_format_vi(c->a, json_string_value(json_object_get(out, "as_of"))));
    json_array_foreach(json_object_get(out, "deadlines"), i, d)
    {
        fprintf(c->out, "Hạn nộp %s: %s (còn %d ngày) — %zu đơn vị chưa nộp đủ\n",
                json_string_value(json_object_get(d, "label")),
                json_string_value(json_object_get(d, "wording")),
                (int)json_integer_value(json_object_get(d, "days_left")),
                json_array_size(json_object_get(d, "units")));
        json_array_foreach(json_object_get(d, "units"), k, u)
        {
            json_t *who = json_object_get(u, "contact");
            const char *email = json_string_value(json_object_get(who, "email"));
            fprintf(c->out, "  %-32s còn %lld/%lld chỉ tiêu  %s\n",
                    json_string_value(json_object_get(u, "name")),
                    (long long)json_integer_value(json_object_get(u, "missing")),
                    (long long)json_integer_value(json_object_get(u, "expected")),
                    email ? email : "(chưa có e-mail)");
        }
    }
    json_decref(out);
    return TD_OK;
}

td_status cmd_remind_contact(cli *c)
{
    static const char *const keys[] = {"name", "email", "phone", NULL};
    static const char *const fields[] = {"person", "email", "phone", NULL};
    store *s;
    td_id cid = 0;
    json_t *body = NULL, *out = NULL;
    td_status st = cli_store(c, &s);
    if (!st)
        st = commune_id(c, s, &cid);
    if (!st && c->n_args == 0) {
        st = reminders_contacts(s, c->a, NULL, cid, &out, &c->err);
        if (st)
            return st;
        if (c->json) {
            cli_print_json(c, json_pack("{s:o}", "contacts", out));
            return TD_OK;
        }
        size_t i;
        json_t *u;
        json_array_foreach(out, i, u)
        {
            const char *p = json_string_value(json_object_get(u, "person")),
                       *e = json_string_value(json_object_get(u, "email")),
                       *ph = json_string_value(json_object_get(u, "phone"));
            fprintf(c->out, "%-24s %-32s %-24s %-32s %s\n", json_string_value(json_object_get(u, "org_unit")),
                    json_string_value(json_object_get(u, "name")), p ? p : "-", e ? e : "-", ph ? ph : "-");
        }
        json_decref(out);
        return TD_OK;
    }
    if (!st)
        st = read_pairs(c, 1, keys, fields, &body);
    if (!st)
        st = reminders_contact_set(s, c->a, NULL, cid, c->args[0], body, &out, &c->err);
    json_decref(body);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, out);
        return TD_OK;
    }
    const char *e = json_string_value(json_object_get(out, "email"));
    fprintf(c->out, "Đã ghi người liên hệ của %s: %s, e-mail %s.\n",
            json_string_value(json_object_get(out, "name")),
            json_string_value(json_object_get(out, "person"))
                ? json_string_value(json_object_get(out, "person"))
                : "(chưa có tên)",
            e ? e : "(chưa có)");
    json_decref(out);
    return TD_OK;
}

td_status cmd_remind_smtp(cli *c)
{
    static const char *const keys[] = {"url", "sender", "name", "user", "password", "ca", NULL};
    static const char *const fields[] = {"url",      "sender",  "sender_name", "username",
                                         "password", "ca_file", NULL};
    store *s;
    td_id cid = 0;
    json_t *body = NULL, *out = NULL;
    td_status st = cli_store(c, &s);
    if (!st)
        st = commune_id(c, s, &cid);
    if (!st && c->n_args > 0)
        st = read_pairs(c, 0, keys, fields, &body);
    if (!st)
        st = body ? reminders_smtp_set(s, c->a, NULL, cid, body, &out, &c->err)
                  : reminders_smtp_get(s, c->a, NULL, cid, &out, &c->err);
    json_decref(body);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, out);
        return TD_OK;
    }
    if (!json_is_true(json_object_get(out, "configured"))) {
        fprintf(c->out, "Chưa đặt máy chủ thư. Ví dụ: thidua remind smtp url=smtp://mail.example.vn:587 "
                        "sender=vanhoa@example.vn name=\"UBND xã\" user=vanhoa password=-\n");
    } else {
        const char *name = json_string_value(json_object_get(out, "sender_name"));
        const char *login = json_string_value(json_object_get(out, "username"));
        const char *ca = json_string_value(json_object_get(out, "ca_file"));
        fprintf(c->out,
                "Máy chủ thư: %s (bắt buộc STARTTLS)\nNgười gửi:   %s%s%s%s\nĐăng nhập:   %s%s\n"
                "Tệp CA:      %s\n",
                json_string_value(json_object_get(out, "url")), name ? name : "", name ? " <" : "",
                json_string_value(json_object_get(out, "sender")), name ? ">" : "", login ? login : "(không)",
                json_is_true(json_object_get(out, "password_set")) ? " (đã có mật khẩu)" : "",
                ca ? ca : "(chứng chỉ của hệ thống)");
    }
    json_decref(out);
    return TD_OK;
}

td_status cmd_remind_schedule(cli *c)
{
    store *s;
    td_id plan_id;
    json_t *out = NULL;
    td_status st = cli_plan_id(c, &plan_id);
    if (!st)
        st = cli_store(c, &s);
    if (!st && c->n_args == 1) {
        json_t *body = json_object();
        const char *a = c->args[0];
        if (strcmp(a, "off") == 0 || strcmp(a, "tat") == 0 || strcmp(a, "tắt") == 0)
            json_object_set_new(body, "enabled", json_false());
        else if (strcmp(a, "on") == 0 || strcmp(a, "bat") == 0 || strcmp(a, "bật") == 0)
            json_object_set_new(body, "enabled", json_true());
        else {
            json_t *days = json_array();
            for (const char *p = a; *p;) {
                char *end = NULL;
                long v = strtol(p, &end, 10);
                if (end == p || (*end && *end != ',')) {
                    json_decref(days);
                    json_decref(body);
                    return td_fail(&c->err, TD_ERR_USAGE,
                                   "\"%s\": cần các số ngày trước hạn cách nhau bằng dấu phẩy (ví dụ 5,1), "
                                   "hoặc on / off",
                                   a);
                }
                json_array_append_new(days, json_integer(v));
                p = *end ? end + 1 : end;
            }
            json_object_set_new(body, "days", days);
            json_object_set_new(body, "enabled", json_true());
        }
        st = reminders_schedule_set(s, c->a, NULL, plan_id, body, &out, &c->err);
        json_decref(body);
    } else if (!st) {
        st = reminders_schedule_get(s, c->a, NULL, plan_id, &out, &c->err);
    }
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, out);
        return TD_OK;
    }
    char days[64] = "";
    size_t i, len = 0;
    json_t *d;
    json_array_foreach(json_object_get(out, "days"), i, d) len += (size_t)snprintf(
        days + len, sizeof days - len, "%s%lld", i ? ", " : "", (long long)json_integer_value(d));
    fprintf(c->out, "Kế hoạch số %lld: nhắc hạn %s, %s ngày trước hạn.\n", (long long)plan_id,
            json_is_true(json_object_get(out, "enabled")) ? "bật" : "tắt", days);
    json_decref(out);
    return TD_OK;
}
