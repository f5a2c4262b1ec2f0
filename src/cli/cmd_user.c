/* cmd_user.c — `thidua user add | list | passwd | disable | enable` and `thidua token create`: accounts from
 * the command line. Passwords come from standard input, never from the command line (it shows in ps). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "service/records.h"
#include "service/accounts.h"
#include "table.h"

/* One line of standard input, without its end of line: never a password on the command line,
 * where ps shows it. */
static td_status read_password(cli *c, char *line, size_t size)
{
    if (!fgets(line, (int)size, stdin))
        return td_fail(&c->err, TD_ERR_USAGE, "đọc mật khẩu từ đầu vào chuẩn: không có dòng nào");
    line[strcspn(line, "\r\n")] = '\0';
    return TD_OK;
}

td_status cmd_user_add(cli *c)
{
    store *s;
    user u = {.username = c->args[0], .org_unit_code = c->unit};
    char line[1024];
    td_status st;

    if (!c->role || !user_role_from_code(c->role, &u.role))
        return td_fail(&c->err, TD_ERR_USAGE,
                       "--role cần một trong: admin, officer, reporter, leader, viewer, city");
    if ((u.role == ROLE_CITY) != (c->city != NULL))
        return td_fail(&c->err, TD_ERR_USAGE,
                       u.role == ROLE_CITY ? "cán bộ thành phố (city) cần --city \"TÊN THÀNH PHỐ\""
                                           : "--city chỉ dùng cho cán bộ thành phố (--role city)");
    if (u.role == ROLE_REPORTER && !c->unit)
        return td_fail(&c->err, TD_ERR_USAGE, "người báo cáo (reporter) cần --unit MÃ_ĐƠN_VỊ");
    st = read_password(c, line, sizeof line);
    if (!st)
        st = cli_store(c, &s);
    if (!st && c->city) {
        city ct;
        st = records_city(s, c->a, c->city, &ct, &c->err);
        u.city_id = ct.id;
    }
    if (!st && c->commune) {
        commune cm;
        st = records_commune(s, c->a, c->commune, &cm, &c->err);
        u.commune_id = cm.id;
    }
    if (!st)
        st = accounts_add(s, &u, line, &c->err);
    memset(line, 0, sizeof line);
    if (st)
        return st;
    fprintf(c->out, "Đã tạo tài khoản %s (%s%s%s).\n", u.username, user_role_label_vi(u.role),
            c->unit ? ", " : "", c->unit ? c->unit : "");
    return TD_OK;
}

td_status cmd_user_list(cli *c)
{
    store *s;
    user *users;
    size_t n;
    td_status st = cli_store(c, &s);
    if (!st)
        st = records_users(s, c->a, NULL, &users, &n, &c->err);
    if (st)
        return st;
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s?, s:b}", "username", users[i].username,
                                                 "display_name", users[i].display_name, "role",
                                                 user_role_code(users[i].role), "org_unit",
                                                 users[i].org_unit_code, "disabled", users[i].disabled));
        cli_print_json(c, json_pack("{s:o}", "users", arr));
        return TD_OK;
    }
    static const char *const titles[] = {"Tên đăng nhập", "Họ tên", "Vai trò", "Đơn vị", "Trạng thái"};
    table *t = table_new(c->a, 5, titles, table_terminal_width());
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = {users[i].username, users[i].display_name, user_role_label_vi(users[i].role),
                               users[i].org_unit_name, users[i].disabled ? "đã khóa" : "hoạt động"};
        table_row(t, cells);
    }
    table_print(t, c->out);
    fprintf(c->out, "%zu tài khoản\n", n);
    return TD_OK;
}

td_status cmd_token_create(cli *c)
{
    store *s;
    char *token = NULL;
    td_status st = cli_store(c, &s);
    if (!st)
        st = accounts_token_create(s, c->a, c->args[0], "cli", &token, &c->err);
    if (st)
        return st;
    /* the token alone on stdout, so that scripts can capture it; the advice on stderr */
    fprintf(c->out, "%s\n", token);
    fprintf(stderr, "Mã truy cập cho %s — chỉ hiện một lần. Gửi kèm: Authorization: Bearer MÃ\n", c->args[0]);
    return TD_OK;
}

td_status cmd_user_passwd(cli *c)
{
    store *s;
    char line[1024];
    td_status st = read_password(c, line, sizeof line);
    if (!st)
        st = cli_store(c, &s);
    if (!st)
        st = accounts_passwd(s, c->a, c->args[0], line, &c->err);
    sodium_memzero(line, sizeof line);
    if (st)
        return st;
    fprintf(c->out, "Đã đặt mật khẩu mới cho %s; các phiên đăng nhập của tài khoản đã kết thúc.\n",
            c->args[0]);
    return TD_OK;
}

/* disable / enable: the same change as the administrator's in the web application. */
static td_status set_disabled(cli *c, bool disabled)
{
    store *s;
    td_status st = cli_store(c, &s);
    if (!st)
        st = accounts_set_disabled(s, c->a, c->args[0], disabled, &c->err);
    if (st)
        return st;
    fprintf(c->out,
            disabled ? "Đã khóa tài khoản %s: không đăng nhập được nữa, các phiên và mã truy cập đã hết "
                       "hiệu lực.\n"
                     : "Đã mở khóa tài khoản %s.\n",
            c->args[0]);
    return TD_OK;
}

td_status cmd_user_disable(cli *c)
{
    return set_disabled(c, true);
}

td_status cmd_user_enable(cli *c)
{
    return set_disabled(c, false);
}
