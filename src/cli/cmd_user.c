/* cmd_user.c — `thidua user add | list` and `thidua token create`: accounts from the command
 * line. Passwords come from standard input, never from the command line (it shows in ps). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "service/accounts.h"
#include "table.h"

td_status cmd_user_add(cli *c)
{
    store *s;
    user u = {.username = c->args[0], .org_unit_code = c->unit};
    char line[1024];
    td_status st;

    if (!c->role || !user_role_from_code(c->role, &u.role))
        return td_fail(&c->err, TD_ERR_USAGE, "--role cần một trong: admin, officer, reporter, leader, viewer");
    if (u.role == ROLE_REPORTER && !c->unit)
        return td_fail(&c->err, TD_ERR_USAGE, "người báo cáo (reporter) cần --unit MÃ_ĐƠN_VỊ");
    if (!fgets(line, sizeof line, stdin))
        return td_fail(&c->err, TD_ERR_USAGE, "đọc mật khẩu từ đầu vào chuẩn: không có dòng nào");
    line[strcspn(line, "\r\n")] = '\0';
    st = cli_store(c, &s);
    if (!st)
        st = store_begin(s, &c->err);
    if (!st)
        st = store_finish(s, accounts_add(s, &u, line, &c->err), &c->err);
    memset(line, 0, sizeof line);
    if (st)
        return st;
    fprintf(c->out, "Đã tạo tài khoản %s (%s%s%s).\n", u.username, user_role_label_vi(u.role), c->unit ? ", " : "",
            c->unit ? c->unit : "");
    return TD_OK;
}

td_status cmd_user_list(cli *c)
{
    store *s;
    user *users;
    size_t n;
    td_status st = cli_store(c, &s);
    if (!st)
        st = store_users_list(s, c->a, &users, &n, &c->err);
    if (st)
        return st;
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s?, s:b}", "username", users[i].username,
                                                 "display_name", users[i].display_name, "role",
                                                 user_role_code(users[i].role), "org_unit", users[i].org_unit_code,
                                                 "disabled", users[i].disabled));
        cli_print_json(c, json_pack("{s:o}", "users", arr));
        return TD_OK;
    }
    static const char *const titles[] = {"Tên đăng nhập", "Họ tên", "Vai trò", "Đơn vị", "Trạng thái"};
    table *t = table_new(c->a, 5, titles, table_terminal_width());
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = {users[i].username, users[i].display_name, user_role_label_vi(users[i].role),
                               users[i].org_unit_code, users[i].disabled ? "đã khóa" : "hoạt động"};
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
        st = store_begin(s, &c->err);
    if (!st)
        st = store_finish(s, accounts_token_create(s, c->a, c->args[0], "cli", &token, &c->err), &c->err);
    if (st)
        return st;
    /* the token alone on stdout, so that scripts can capture it; the advice on stderr */
    fprintf(c->out, "%s\n", token);
    fprintf(stderr, "Mã truy cập cho %s — chỉ hiện một lần. Gửi kèm: Authorization: Bearer MÃ\n", c->args[0]);
    return TD_OK;
}
