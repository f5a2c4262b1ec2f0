/* test_reminders.c — the reminder log's claim (src/store/store_reminders.c) that makes a
 * delivered reminder never go twice, a claim left by a run that died, and the settings the
 * service checks (src/service/reminders.c). */
#include "cmocka_all.h"

#include <jansson.h>
#include <string.h>

#include "demo_store.h"
#include "service/reminders.h"

static reminder_record record(void)
{
    return (reminder_record){.plan_id = 1,
                             .deadline_key = "unit_report",
                             .period = "2026",
                             .due_on = "2026-12-05",
                             .last_on_time = "2026-12-04",
                             .org_unit_code = "thon-thai-lai",
                             .step_days = 5,
                             .recipient = "thailai@example.vn"};
}

/* Claims r in its own write transaction, as the service does. */
static bool claim(store *s, reminder_record *r, const char *stale_before)
{
    td_error e = {0};
    bool claimed = false;
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_finish(s, store_reminder_claim(s, r, stale_before, &claimed, &e), &e), TD_OK);
    return claimed;
}

static void finish(store *s, const reminder_record *r, bool delivered)
{
    td_error e = {0};
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(
        store_finish(
            s,
            store_reminder_finish(s, 1, r, delivered, delivered ? NULL : "máy chủ thư không trả lời kịp", &e),
            &e),
        TD_OK);
}

static void a_delivered_reminder_is_never_claimed_again(void **state)
{
    demo_store d;
    demo_store_open(&d);
    const char *long_ago = "2000-01-01T00:00:00Z";
    reminder_record r = record(), again = record(), third = record(), other = record();
    assert_true(claim(d.s, &r, long_ago));
    /* being sent: another run does not take it */
    assert_false(claim(d.s, &again, long_ago));
    finish(d.s, &r, false);
    /* failed: the next run tries again */
    assert_true(claim(d.s, &again, long_ago));
    finish(d.s, &again, true);
    /* delivered: never again, even when every claim counts as stale */
    assert_false(claim(d.s, &third, "9999-01-01T00:00:00Z"));
    /* another step of the schedule is another reminder */
    other.step_days = 1;
    assert_true(claim(d.s, &other, long_ago));

    arena *a = arena_new();
    reminder_record *log;
    size_t n;
    td_error e = {0};
    assert_int_equal(store_reminders_list(d.s, a, 1, "unit_report", &log, &n, &e), TD_OK);
    assert_int_equal(n, 3);
    size_t failed = 0, delivered = 0;
    for (size_t i = 0; i < n; i++) {
        failed += strcmp(log[i].status, "failed") == 0;
        delivered += strcmp(log[i].status, "delivered") == 0;
        assert_string_equal(log[i].org_unit_name, "Thôn Thái Lai");
    }
    assert_int_equal(failed, 1);
    assert_int_equal(delivered, 1);
    arena_free(a);
    demo_store_close(&d);
}

static void a_claim_left_by_a_run_that_died_is_freed_once_stale(void **state)
{
    demo_store d;
    demo_store_open(&d);
    reminder_record r = record(), again = record();
    assert_true(claim(d.s, &r, "2000-01-01T00:00:00Z"));
    /* recent: still being sent */
    assert_false(claim(d.s, &again, "2000-01-01T00:00:00Z"));
    /* older than the limit: that run died; the reminder is tried again and the claim says why */
    assert_true(claim(d.s, &again, "9999-01-01T00:00:00Z"));
    arena *a = arena_new();
    reminder_record *log;
    size_t n;
    td_error e = {0};
    assert_int_equal(store_reminders_list(d.s, a, 1, NULL, &log, &n, &e), TD_OK);
    assert_int_equal(n, 2);
    const reminder_record *dead = log[0].id == r.id ? &log[0] : &log[1];
    assert_string_equal(dead->status, "failed");
    assert_non_null(strstr(dead->error, "gián đoạn"));
    arena_free(a);
    demo_store_close(&d);
}

static void the_schedule_is_checked_and_kept_largest_first(void **state)
{
    demo_store d;
    demo_store_open(&d);
    arena *a = arena_new();
    td_error e = {0};
    json_t *out = NULL;
    assert_int_equal(reminders_schedule_get(d.s, a, NULL, 1, &out, &e), TD_OK);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(out, "days"), 0)), 5);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(out, "days"), 1)), 1);
    json_decref(out);
    const char *bad[] = {"{\"days\": [5, 5]}",  "{\"days\": [61]}", "{\"days\": [-1]}", "{\"days\": []}",
                         "{\"days\": [\"5\"]}", "{\"enabled\": 1}", "{\"every\": 5}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *body = json_loads(bad[i], 0, NULL);
        assert_int_equal(reminders_schedule_set(d.s, a, NULL, 1, body, &out, &e), TD_ERR_INPUT);
        json_decref(body);
    }
    json_t *body = json_loads("{\"days\": [1, 7, 3], \"enabled\": false}", 0, NULL);
    assert_int_equal(reminders_schedule_set(d.s, a, NULL, 1, body, &out, &e), TD_OK);
    json_decref(body);
    assert_false(json_is_true(json_object_get(out, "enabled")));
    char *days = json_dumps(json_object_get(out, "days"), JSON_COMPACT);
    assert_string_equal(days, "[7,3,1]");
    free(days);
    json_decref(out);
    arena_free(a);
    demo_store_close(&d);
}

static void the_mail_server_password_is_never_read_back(void **state)
{
    demo_store d;
    demo_store_open(&d);
    arena *a = arena_new();
    td_error e = {0};
    json_t *out = NULL;
    json_t *body = json_loads(
        "{\"url\": \"smtp://mail.kienhai.example.vn:587\", \"sender\": \"vanhoa@kienhai.example.vn\","
        " \"username\": \"vanhoa\", \"password\": \"bi-mat\"}",
        0, NULL);
    assert_int_equal(reminders_smtp_set(d.s, a, NULL, 1, body, &out, &e), TD_OK);
    json_decref(body);
    char *text = json_dumps(out, JSON_COMPACT);
    assert_null(strstr(text, "bi-mat"));
    free(text);
    assert_true(json_is_true(json_object_get(out, "password_set")));
    json_decref(out);
    /* a header injected through the sender's name or address is refused */
    body = json_loads("{\"url\": \"smtp://mail.kienhai.example.vn:587\", \"sender\": \"a@b.vn\", "
                      "\"sender_name\": \"x\\r\\nBcc: c@d.vn\"}",
                      0, NULL);
    assert_int_equal(reminders_smtp_set(d.s, a, NULL, 1, body, &out, &e), TD_ERR_INPUT);
    json_decref(body);
    body = json_loads("{\"url\": \"smtps://mail.kienhai.example.vn\", \"sender\": \"a@b.vn\"}", 0, NULL);
    assert_int_equal(reminders_smtp_set(d.s, a, NULL, 1, body, &out, &e), TD_ERR_INPUT);
    json_decref(body);
    /* without a password in the body, the stored one stays */
    body = json_loads(
        "{\"url\": \"smtp://mail.kienhai.example.vn:25\", \"sender\": \"vanhoa@kienhai.example.vn\"}", 0,
        NULL);
    assert_int_equal(reminders_smtp_set(d.s, a, NULL, 1, body, &out, &e), TD_OK);
    json_decref(body);
    assert_true(json_is_true(json_object_get(out, "password_set")));
    json_decref(out);
    arena_free(a);
    demo_store_close(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_delivered_reminder_is_never_claimed_again),
        cmocka_unit_test(a_claim_left_by_a_run_that_died_is_freed_once_stale),
        cmocka_unit_test(the_schedule_is_checked_and_kept_largest_first),
        cmocka_unit_test(the_mail_server_password_is_never_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
