/* test_audit.c — the audit trail's actions with their labels (src/service/audit.c). */
#include "cmocka_all.h"

#include <string.h>

#include "demo_store.h"
#include "service/audit.h"

static void actions_have_labels(void **state)
{
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    json_t *out = NULL, *item;
    size_t i;

    assert_string_equal(audit_action_label_vi("submit"), "Gửi số liệu");
    assert_string_equal(audit_action_label_vi("plan.update"), "Cập nhật kế hoạch");
    assert_string_equal(audit_action_label_vi("khac"), "khac");
    demo_store_open(&d);
    assert_int_equal(audit_actions(d.s, a, NULL, &out, &e), TD_OK);
    bool create = false;
    json_array_foreach(json_object_get(out, "items"), i, item)
    {
        if (strcmp(json_string_value(json_object_get(item, "action")), "create") != 0)
            continue;
        create = true;
        /* one item for the action, every entity it touched listed */
        assert_string_equal(json_string_value(json_object_get(item, "label")), "Tạo mới");
        assert_true(json_array_size(json_object_get(item, "entities")) >= 2);
        assert_true(json_integer_value(json_object_get(item, "count")) > 100);
    }
    assert_true(create);
    json_decref(out);
    demo_store_close(&d);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(actions_have_labels)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
