/* audit.c — the audit trail's actions and their labels; see audit.h. */
#include "audit.h"

#include <string.h>

static const struct {
    const char *action, *label;
} labels[] = {
    {"create", "Tạo mới"},
    {"update", "Sửa số liệu"},
    {"submit", "Gửi số liệu"},
    {"approve", "Duyệt số liệu"},
    {"return", "Trả lại số liệu"},
    {"reopen", "Mở lại số liệu đã duyệt"},
    {"assign", "Ghi mức cấp trên giao"},
    {"plan.update", "Cập nhật kế hoạch"},
    {"unit_target.set", "Giao chỉ tiêu cho đơn vị"},
    {"unit_target.clear", "Bỏ chỉ tiêu đã giao cho đơn vị"},
    /* accounts and evidence files */
    {"user.password", "Đổi mật khẩu"},
    {"user.reset_password", "Đặt lại mật khẩu"},
    {"user.disable", "Khóa tài khoản"},
    {"user.enable", "Mở khóa tài khoản"},
    {"user.update", "Sửa tài khoản"},
    {"evidence.upload", "Đính kèm tệp minh chứng"},
    {"evidence.download", "Tải tệp minh chứng"},
    {"evidence.delete", "Gỡ tệp minh chứng"},
    {"contact.set", "Đặt người liên hệ của đơn vị"},
    {"smtp.set", "Đặt máy chủ thư của xã"},
    {"reminder_schedule.set", "Đặt lịch nhắc hạn"},
    {"reminder.send", "Gửi e-mail nhắc hạn"},
    /* reports */
    {"report.draft", "Sửa nội dung báo cáo"},
    {"report.issue", "Ban hành báo cáo"},
};

const char *audit_action_label_vi(const char *action)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].action, action) == 0)
            return labels[i].label;
    return action;
}

td_status audit_actions(store *s, arena *a, const user *viewer, json_t **out, td_error *err)
{
    audit_action_count *c = NULL;
    size_t n = 0;
    td_status st = store_audit_actions(s, a, viewer ? viewer->commune_id : 0, &c, &n, err);
    if (st)
        return st;
    json_t *items = json_array(), *last = NULL;
    /* the store gives (action, entity) pairs by action: one item per action */
    for (size_t i = 0; i < n; i++) {
        if (!last || strcmp(json_string_value(json_object_get(last, "action")), c[i].action) != 0) {
            last = json_pack("{s:s, s:s, s:[], s:I}", "action", c[i].action, "label",
                             audit_action_label_vi(c[i].action), "entities", "count", (json_int_t)0);
            json_array_append_new(items, last);
        }
        json_array_append_new(json_object_get(last, "entities"), json_string(c[i].entity));
        json_object_set_new(last, "count",
                            json_integer(json_integer_value(json_object_get(last, "count")) + c[i].count));
    }
    *out = json_pack("{s:o}", "items", items);
    return TD_OK;
}
