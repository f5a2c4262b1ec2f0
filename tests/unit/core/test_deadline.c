/* test_deadline.c — the last day on time read from a plan's wording, and Vietnam's day of an
 * instant (src/core/deadline.c). */
#include "cmocka_all.h"

#include <string.h>

#include "core/deadline.h"

/* One wording and the last day it leaves on time. */
static void reads(const char *wording, int year, const char *due, const char *last)
{
    arena *a = arena_new();
    deadline_reading r;
    td_error e = {0};
    if (deadline_read(a, wording, year, &r, &e) != TD_OK)
        fail_msg("\"%s\": %s", wording, e.msg);
    if (strcmp(r.due, due) || strcmp(r.last_on_time, last))
        fail_msg("\"%s\": due %s, last on time %s; expected %s, %s", wording, r.due, r.last_on_time, due, last);
    arena_free(a);
}

static void before_the_day_ends_the_day_before(void **state)
{
    reads("trước ngày 05/12/2026", 0, "2026-12-05", "2026-12-04");
    reads("Báo cáo kết quả thực hiện Kế hoạch này trước ngày 05/12/2026 để tổng hợp", 0, "2026-12-05", "2026-12-04");
    reads("TRƯỚC NGÀY 15/12/2026", 0, "2026-12-15", "2026-12-14");
    reads("trước ngày 01/01/2027", 0, "2027-01-01", "2026-12-31"); /* across the year */
    reads("trước ngày 01/03/2024", 0, "2024-03-01", "2024-02-29"); /* a leap year */
    reads("trước ngày 5/12", 2026, "2026-12-05", "2026-12-04");   /* the plan's year completes it */
    reads("đến trước ngày 05-12-2026", 0, "2026-12-05", "2026-12-04");
    reads("trước ngày 5 tháng 12 năm 2026", 0, "2026-12-05", "2026-12-04");
    reads("trước vào ngày 05.12.2026", 0, "2026-12-05", "2026-12-04");
}

static void at_the_latest_keeps_the_day(void **state)
{
    reads("chậm nhất ngày 05/12/2026", 0, "2026-12-05", "2026-12-05");
    reads("chậm nhất là ngày 05/12/2026", 0, "2026-12-05", "2026-12-05");
    reads("trước hoặc trong ngày 05/12", 2026, "2026-12-05", "2026-12-05");
    reads("trước hoặc vào ngày 05/12/2026", 0, "2026-12-05", "2026-12-05");
    reads("hạn chót 05/12/2026", 0, "2026-12-05", "2026-12-05");
    reads("Hạn chót: ngày 05/12/2026", 0, "2026-12-05", "2026-12-05");
    reads("không muộn hơn ngày 05/12/2026", 0, "2026-12-05", "2026-12-05");
    reads("trước 17 giờ ngày 05/12/2026", 0, "2026-12-05", "2026-12-05"); /* the day itself, before an hour */
    reads("ngày 05/12/2026", 0, "2026-12-05", "2026-12-05");
    reads("05/12/2026", 0, "2026-12-05", "2026-12-05");
}

static void a_wording_without_a_real_date_is_refused(void **state)
{
    static const char *bad[] = {"trước ngày", "sớm nhất có thể", "trước ngày 31/02/2026", "trước ngày 05/12", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        arena *a = arena_new();
        deadline_reading r;
        td_error e = {0};
        assert_int_equal(deadline_read(a, bad[i], 0, &r, &e), TD_ERR_INPUT);
        assert_non_null(strstr(e.msg, "hạn báo cáo"));
        arena_free(a);
    }
}

/* 23:59 on 04/12 in Vietnam is 16:59 UTC that day; 00:00 on 05/12 is 17:00 UTC on 04/12. */
static void vietnam_day_of_an_instant(void **state)
{
    char day[11], local[20];
    assert_true(instant_vn_date("2026-12-04T16:59:59Z", day));
    assert_string_equal(day, "2026-12-04");
    assert_true(instant_vn_date("2026-12-04T17:00:00Z", day));
    assert_string_equal(day, "2026-12-05");
    assert_true(instant_vn("2026-12-05T23:30:00Z", local)); /* 06:30 on 06/12 in Vietnam */
    assert_string_equal(local, "2026-12-06T06:30:00");
    assert_true(instant_vn("2026-12-31T17:00:00.123Z", local)); /* the new year starts in Vietnam first */
    assert_string_equal(local, "2027-01-01T00:00:00");
    assert_true(instant_vn("2026-12-05T06:30:00+07:00", local));
    assert_string_equal(local, "2026-12-05T06:30:00");
    assert_true(instant_vn("2026-12-05 10:00", local)); /* no zone: UTC, as the store writes */
    assert_string_equal(local, "2026-12-05T17:00:00");
    assert_true(instant_vn_date("2026-12-05", day));
    assert_string_equal(day, "2026-12-05");
    assert_false(instant_vn("2026-12-05T25:00:00Z", local));
    assert_false(instant_vn("05/12/2026", local));
    assert_false(instant_vn("2026-12-05T10:00:00Zx", local));
    epoch_vn(0, local);
    assert_string_equal(local, "1970-01-01T07:00:00");
    assert_true(date_add_days("2026-03-01", -1, day));
    assert_string_equal(day, "2026-02-28");
    assert_false(date_add_days("2026-13-01", 1, day));
}

/* "trước ngày 05/12/2026": last on-time day 04/12, at its edges in Vietnam's time. */
static void on_time_at_the_edges_of_the_day(void **state)
{
    assert_true(deadline_on_time("2026-12-04T16:59:00Z", "2026-12-04"));  /* 23:59 on 04/12 */
    assert_false(deadline_on_time("2026-12-04T17:00:00Z", "2026-12-04")); /* 00:00 on 05/12 */
    /* "chậm nhất ngày 05/12": 06:30 on 06/12 in Vietnam is late though UTC says 05/12 */
    assert_true(deadline_on_time("2026-12-05T16:59:59Z", "2026-12-05"));
    assert_false(deadline_on_time("2026-12-05T23:30:00Z", "2026-12-05"));
    assert_false(deadline_on_time(NULL, "2026-12-05"));
    assert_false(deadline_on_time("2026-12-01T00:00:00Z", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(before_the_day_ends_the_day_before),
        cmocka_unit_test(at_the_latest_keeps_the_day),
        cmocka_unit_test(a_wording_without_a_real_date_is_refused),
        cmocka_unit_test(vietnam_day_of_an_instant),
        cmocka_unit_test(on_time_at_the_edges_of_the_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
