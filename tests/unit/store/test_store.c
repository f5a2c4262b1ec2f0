/* test_store.c — the SQLite store (src/store/): migrations, and what is written comes back. */
#include "cmocka_all.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"
#include "store/migrate.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "store/store_values_bulk.h"

static char *temp_db(void)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/thidua-test-%d-XXXXXX", (int)getpid());
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    return path;
}

static void cleanup(const char *path)
{
    char buf[128];
    unlink(path);
    snprintf(buf, sizeof buf, "%s-wal", path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", path);
    unlink(buf);
}

static void sql(const char *path, const char *stmt)
{
    sqlite3 *conn;
    assert_int_equal(sqlite3_open(path, &conn), SQLITE_OK);
    assert_int_equal(sqlite3_exec(conn, stmt, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(conn);
}

static void a_new_database_gets_the_latest_schema(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};

    assert_int_equal(store_open(path, &s, &e), TD_OK);
    assert_true(store_schema_latest() >= 1);
    assert_int_equal(store_schema_version(s), store_schema_latest());
    store_close(s);
    /* opening again applies nothing and keeps the version */
    assert_int_equal(store_open(path, &s, &e), TD_OK);
    assert_int_equal(store_schema_version(s), store_schema_latest());
    store_close(s);
    cleanup(path);
}

static void an_old_database_is_upgraded_in_place(void **state)
{
    char *path = temp_db();
    db *d = NULL;
    td_error e = {0};
    int from = -1, to = -1;
    struct migration v1[] = {{1, "0001_t", "CREATE TABLE t (x INTEGER) STRICT;"}};
    struct migration v2[] = {v1[0], {2, "0002_y", "ALTER TABLE t ADD COLUMN y TEXT DEFAULT 'mới';"}};

    assert_int_equal(db_open(path, &d, &e), TD_OK);
    assert_int_equal(migrate_run(d, v1, 1, &from, &to, &e), TD_OK);
    assert_int_equal(from, 0);
    assert_int_equal(to, 1);
    assert_int_equal(db_exec(d, "INSERT INTO t (x) VALUES (42)", &e), TD_OK);
    assert_int_equal(migrate_run(d, v2, 2, &from, &to, &e), TD_OK);
    assert_int_equal(from, 1);
    assert_int_equal(to, 2);

    db_stmt *st = NULL;
    bool row = false;
    assert_int_equal(db_prepare(d, "SELECT x, y FROM t", &st, &e), TD_OK);
    assert_int_equal(db_step(st, &row, &e), TD_OK);
    assert_true(row);
    assert_int_equal(db_column_int(st, 0), 42); /* the old row survived */
    assert_string_equal(db_column_text(st, 1), "mới");
    db_finalize(st);
    db_close(d);
    cleanup(path);
}

static void a_failed_migration_leaves_the_previous_version(void **state)
{
    char *path = temp_db();
    db *d = NULL;
    td_error e = {0};
    int v = -1;
    struct migration list[] = {{1, "0001_t", "CREATE TABLE t (x INTEGER);"},
                               {2, "0002_bad", "CREATE TABLE u (x INTEGER); THIS IS NOT SQL;"}};

    assert_int_equal(db_open(path, &d, &e), TD_OK);
    assert_int_equal(migrate_run(d, list, 2, NULL, NULL, &e), TD_ERR_DB);
    assert_non_null(strstr(e.msg, "v2"));
    assert_int_equal(migrate_current(d, &v, &e), TD_OK);
    assert_int_equal(v, 1);
    /* table u of the failed migration was rolled back with it */
    assert_int_equal(db_exec(d, "SELECT * FROM u", NULL), TD_ERR_DB);
    db_close(d);
    cleanup(path);
}

static void a_newer_database_is_refused(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};

    assert_int_equal(store_open(path, &s, &e), TD_OK);
    store_close(s);
    sql(path, "INSERT INTO schema_migrations VALUES (999, '0999_future', '2030-01-01T00:00:00Z')");
    s = NULL;
    assert_int_equal(store_open(path, &s, &e), TD_ERR_VERSION);
    assert_null(s);
    assert_non_null(strstr(e.msg, "v999"));
    assert_non_null(strstr(e.msg, "mới hơn"));
    cleanup(path);
}

static void a_file_that_is_not_a_database_is_refused(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    FILE *f = fopen(path, "w");
    fputs("đây không phải cơ sở dữ liệu, chỉ là một tệp văn bản dài hơn một trăm byte để SQLite đọc phần đầu "
          "và nhận ra rằng nó không phải tệp SQLite.\n",
          f);
    fclose(f);
    assert_int_not_equal(store_open(path, &s, &e), TD_OK);
    assert_null(s);
    assert_non_null(strstr(e.msg, path));
    cleanup(path);
}

/* A small plan with one of each kind of thing, written and read back. */
static void a_plan_round_trips(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    arena *a = arena_new();
    td_id commune_id = 0, unit_id = 0, plan_id = 0;
    commune c = {.code = "kien-hai", .name = "xã Kiến Hải", .city = "thành phố Hải Phòng"};
    org_unit units[] = {{.code = "vh-xh", .name = "Phòng Văn hóa - Xã hội", .kind = ORG_OFFICE},
                        {.code = "thon-9", .name = "Thôn 9", .kind = ORG_VILLAGE},
                        {.code = "thon-thai-lai", .name = "Thôn Thái Lai", .kind = ORG_VILLAGE}};
    const char *items[] = {"Thôn Thái Lai", "Thôn 9"};
    target t_ge = {.text = "từ 19% trở lên", .op = TARGET_GE, .has_value = true, .value = 19, .unit = "%",
                   .change = TARGET_CHANGE_INCREASE};
    target t_band = {.text = "duy trì từ 901-910 ha", .op = TARGET_BAND, .has_value = true, .value = 901,
                     .has_high = true, .high = 910, .unit = "ha"};
    target t_approx = {.text = "≈ 362,4 ha", .op = TARGET_APPROX, .has_value = true, .value = 362.4, .unit = "ha",
                       .has_tolerance = true, .tolerance = 5};
    target t_list = {.text = "thôn không ma túy", .op = TARGET_LIST, .items = items, .n_items = 2};
    target t_dec = {.text = "giảm ≥ 20% so với 2025", .op = TARGET_GE, .has_value = true, .value = 20, .unit = "%",
                    .change = TARGET_CHANGE_DECREASE, .baseline_year = 2025};
    const char *resp[] = {"vh-xh"};
    indicator farm[] = {
        {.code = "1.1", .name = "Diện tích gieo cấy", .unit = "ha", .meas = MEASURE_LEVEL, .target = &t_band,
         .responsible = resp, .n_responsible = 1, .line = 44},
        {.code = "1.2", .name = "Diện tích NTTS", .unit = "ha", .meas = MEASURE_LEVEL, .target = &t_approx},
    };
    indicator roots[] = {
        {.code = "1", .name = "Tổng giá trị sản phẩm", .unit = "%", .freq = FREQ_QUARTER, .target = &t_ge,
         .children = farm, .n_children = 2},
        {.code = "2", .name = "Thôn không ma túy", .group = GROUP_DEFENCE_SECURITY, .freq = FREQ_YEAR,
         .meas = MEASURE_LIST, .target = &t_list},
        {.code = "3", .name = "Thiếu biên chế giáo dục", .unit = "%", .group = GROUP_CULTURE_SOCIETY,
         .freq = FREQ_YEAR, .target = &t_dec},
    };
    plan_theme themes[] = {{"city", 2026, "Chủ động thực thi; phát huy động lực; tăng trưởng bút phá"}};
    plan_deadline dl[] = {{"unit_report", "2026-12-05", "Các đơn vị", "Phòng Văn hóa - Xã hội", "vh-xh", "2026-12-04",
                           "trước ngày 05/12/2026"},
                          {"commune_report", "2026-12-15", "Phòng Văn hóa - Xã hội", "Ban TĐ-KT thành phố", NULL, NULL, NULL}};
    task tk[] = {{"Chủ trì, theo dõi, đôn đốc", "vh-xh", NULL, DUTY_FOLLOW_UP, "Phòng Văn hóa - Xã hội"},
                 {"Báo cáo kết quả", NULL, "2026-12-05", DUTY_REPORT, "Các cơ quan, đơn vị"}};
    movement mv[] = {{"Xây dựng xã hội học tập", "city", "Thành phố Hải Phòng"}};
    recipient rc[] = {{"Các thôn dân cư", NULL, NULL, "village"}, {"Ban TĐ-KT thành phố", "b/c", NULL, NULL}};
    plan p = {.number = "/KH-UBND", .issuer = "Ủy ban nhân dân xã Kiến Hải", .title = "Phát động phong trào thi đua",
              .implements_number = "56/KH-UBND", .implements_date = "2026-02-18", .period_start = "2026-01-01",
              .period_end = "2026-12-31", .themes = themes, .n_themes = 1, .deadlines = dl, .n_deadlines = 2,
              .recipients = rc, .n_recipients = 2, .indicators = roots, .n_indicators = 3, .tasks = tk, .n_tasks = 2,
              .movements = mv, .n_movements = 1};
    plan *got = NULL;

    assert_int_equal(store_open(path, &s, &e), TD_OK);
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_commune_upsert(s, &c, &commune_id, &e), TD_OK);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(store_org_unit_upsert(s, commune_id, &units[i], &unit_id, &e), TD_OK);
    if (store_plan_insert(s, commune_id, &p, &plan_id, &e) != TD_OK)
        fail_msg("%s", e.msg);
    assert_int_equal(store_commit(s, &e), TD_OK);

    assert_int_equal(store_plan_get(s, a, plan_id, &got, &e), TD_OK);
    assert_string_equal(got->number, "/KH-UBND");
    assert_string_equal(got->commune_code, "kien-hai");
    assert_string_equal(got->implements_date, "2026-02-18");
    assert_int_equal(got->n_themes, 1);
    assert_int_equal(got->n_deadlines, 2);
    assert_string_equal(got->deadlines[0].due, "2026-12-05");
    assert_string_equal(got->deadlines[0].to_unit, "vh-xh");
    assert_null(got->deadlines[1].to_unit);
    /* the last day on time is the deadline's own, kept apart from the date written */
    assert_string_equal(got->deadlines[0].last_on_time, "2026-12-04");
    assert_string_equal(got->deadlines[0].wording, "trước ngày 05/12/2026");
    assert_null(got->deadlines[1].last_on_time);
    assert_int_equal(got->n_tasks, 2);
    assert_int_equal(got->tasks[0].duty, DUTY_FOLLOW_UP);
    assert_string_equal(got->tasks[0].lead, "vh-xh");
    assert_string_equal(got->tasks[0].assignee, "Phòng Văn hóa - Xã hội");
    assert_int_equal(got->tasks[1].duty, DUTY_REPORT);
    assert_null(got->tasks[1].lead);
    assert_string_equal(got->tasks[1].due, "2026-12-05");
    assert_string_equal(got->movements[0].launched_by, "Thành phố Hải Phòng");
    assert_string_equal(got->movements[0].level, "city");
    assert_string_equal(got->recipients[0].org_kind, "village");
    assert_string_equal(got->recipients[1].purpose, "b/c");

    assert_int_equal(got->n_indicators, 3);
    const indicator *g1 = &got->indicators[0];
    assert_string_equal(g1->code, "1");
    assert_int_equal(g1->freq, FREQ_QUARTER);
    assert_int_equal(g1->n_children, 2);
    assert_true(target_equal(g1->target, &t_ge));
    assert_string_equal(g1->target->text, "từ 19% trở lên");
    assert_string_equal(g1->children[0].code, "1.1");
    assert_true(target_equal(g1->children[0].target, &t_band));
    assert_int_equal(g1->children[0].line, 44);
    assert_int_equal(g1->children[0].n_responsible, 1);
    assert_string_equal(g1->children[0].responsible[0], "vh-xh");
    assert_true(target_equal(g1->children[1].target, &t_approx));
    assert_true(target_equal(got->indicators[1].target, &t_list));
    assert_string_equal(got->indicators[1].target->items[1], "Thôn 9");
    assert_true(target_equal(got->indicators[2].target, &t_dec));
    assert_int_equal(got->indicators[2].group, GROUP_CULTURE_SOCIETY);

    /* units come back in Vietnamese order of name */
    org_unit *list = NULL;
    size_t n = 0;
    assert_int_equal(store_org_units_list(s, a, commune_id, &list, &n, &e), TD_OK);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].code, "vh-xh");
    assert_string_equal(list[1].code, "thon-9");
    assert_string_equal(list[2].code, "thon-thai-lai");

    /* a second plan with the same code for the same commune is fine; a value on a missing unit is not */
    data_value v = {.indicator_code = "1.1", .org_unit_code = "thon-9", .period = "2026-03", .has_value = true,
                    .value = 905.5};
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_value_put(s, plan_id, &v, false, &e), TD_OK);
    v.value = 906;
    assert_int_equal(store_value_put(s, plan_id, &v, false, &e), TD_OK);
    v.org_unit_code = "khong-co";
    assert_int_equal(store_value_put(s, plan_id, &v, false, &e), TD_ERR_NOTFOUND);
    assert_int_equal(store_commit(s, &e), TD_OK);

    data_value *vals = NULL;
    value_filter f = {.plan_id = plan_id};
    assert_int_equal(store_values_list(s, a, &f, &vals, &n, &e), TD_OK);
    assert_int_equal(n, 1);
    assert_true(vals[0].value == 906);
    assert_int_equal(vals[0].version, 2); /* replaced, not duplicated */

    long audits = 0;
    assert_int_equal(store_audit_count(s, &audits, &e), TD_OK);
    assert_int_equal(audits, 3); /* the plan, the value, its update */

    store_close(s);
    /* the audit trail is append-only */
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(raw, "DELETE FROM audit_log", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(raw, "UPDATE audit_log SET actor = 'x'", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    arena_free(a);
    cleanup(path);
}

static void a_rolled_back_change_leaves_nothing(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    td_id id = 0;
    arena *a = arena_new();
    org_unit *list = NULL;
    size_t n = 9;
    commune c = {.code = "x", .name = "xã X", .city = "tỉnh Y"};
    org_unit u = {.code = "u1", .name = "Đơn vị", .kind = ORG_OFFICE};

    assert_int_equal(store_open(path, &s, &e), TD_OK);
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_commune_upsert(s, &c, &id, &e), TD_OK);
    assert_int_equal(store_org_unit_upsert(s, id, &u, &id, &e), TD_OK);
    store_rollback(s);
    assert_int_equal(store_commune_find(s, a, "x", &c, &e), TD_ERR_NOTFOUND);
    assert_int_equal(store_org_units_list(s, a, 1, &list, &n, &e), TD_OK);
    assert_int_equal(n, 0);
    store_close(s);
    arena_free(a);
    cleanup(path);
}


/* The commune, its units and the plan, in one transaction; the plan's id. */
static td_id insert_plan(store *s, const commune *c, const org_unit *units, size_t n, const plan *p, td_id *commune_id)
{
    td_error e = {0};
    td_id unit = 0, plan_id = 0;
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_commune_upsert(s, c, commune_id, &e), TD_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(store_org_unit_upsert(s, *commune_id, &units[i], &unit, &e), TD_OK);
    if (store_plan_insert(s, *commune_id, p, &plan_id, &e) != TD_OK)
        fail_msg("%s", e.msg);
    assert_int_equal(store_commit(s, &e), TD_OK);
    return plan_id;
}

/* A small commune with one plan: units vh-xh and thon-9, indicators 1 (1.1, 1.2) and 2. */
static td_id small_plan(store *s, td_id *commune_id)
{
    commune c = {.code = "kien-hai", .name = "xã Kiến Hải", .city = "thành phố Hải Phòng"};
    org_unit units[] = {{.code = "vh-xh", .name = "Phòng Văn hóa - Xã hội", .kind = ORG_OFFICE},
                        {.code = "thon-9", .name = "Thôn 9", .kind = ORG_VILLAGE}};
    static target ge = {.text = "từ 19% trở lên", .op = TARGET_GE, .has_value = true, .value = 19, .unit = "%"};
    static target ha = {.text = "≥ 860 ha", .op = TARGET_GE, .has_value = true, .value = 860, .unit = "ha"};
    static const char *resp[] = {"thon-9"};
    static indicator kids[] = {{.code = "1.1", .name = "Rau màu", .unit = "ha", .target = &ha, .responsible = resp,
                                .n_responsible = 1},
                               {.code = "1.2", .name = "Lúa", .unit = "ha", .target = &ha}};
    static indicator roots[] = {{.code = "1", .name = "Nông nghiệp", .children = kids, .n_children = 2},
                                {.code = "2", .name = "Tăng trưởng", .unit = "%", .target = &ge}};
    plan p = {.number = "/KH-UBND", .issuer = "UBND xã", .title = "Kế hoạch", .period_start = "2026-01-01",
              .period_end = "2026-12-31", .indicators = roots, .n_indicators = 2};
    return insert_plan(s, &c, units, 2, &p, commune_id);
}

/* A plan rewritten in place: indicators keep their ids and values, the header and revision change. */
static void a_plan_is_updated_in_place(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    arena *a = arena_new();
    td_id commune_id = 0;
    plan *before = NULL, *after = NULL;

    assert_int_equal(store_open(path, &s, &e), TD_OK);
    td_id plan_id = small_plan(s, &commune_id);
    data_value v = {.indicator_code = "1.1", .org_unit_code = "thon-9", .period = "2026-03", .has_value = true,
                    .value = 870, .evidence = "Biên bản số 12/BB-UBND"};
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_value_put(s, plan_id, &v, false, &e), TD_OK);
    assert_int_equal(store_commit(s, &e), TD_OK);
    assert_int_equal(store_plan_get(s, a, plan_id, &before, &e), TD_OK);
    assert_int_equal(before->revision, 1);

    /* 1.1 renamed and moved to the root, 1.2 dropped, 3 added; a new title and a theme */
    static target ha = {.text = "≥ 900 ha", .op = TARGET_GE, .has_value = true, .value = 900, .unit = "ha"};
    indicator roots[] = {{.code = "1.1", .name = "Rau màu vụ đông", .unit = "ha", .target = &ha},
                         {.code = "2", .name = "Tăng trưởng", .unit = "%", .target = before->indicators[1].target},
                         {.code = "3", .name = "Mới", .unit = "ha", .target = &ha, .has_assigned = true, .assigned = 2}};
    plan_theme theme = {"commune", 2026, "Đoàn kết - Đổi mới"};
    plan p = *before;
    p.title = "Kế hoạch (sửa)";
    p.themes = &theme;
    p.n_themes = 1;
    const char **valued = NULL;
    size_t n_valued = 0;
    assert_int_equal(store_indicators_with_values(s, a, plan_id, &valued, &n_valued, &e), TD_OK);
    assert_int_equal(n_valued, 1);
    assert_string_equal(valued[0], "1.1");
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_plan_update_header(s, plan_id, &p, &e), TD_OK);
    assert_int_equal(store_plan_write_indicators(s, plan_id, roots, 3, &e), TD_OK);
    assert_int_equal(store_indicator_delete(s, plan_id, "1", &e), TD_OK); /* and 1.2 with it */
    assert_int_equal(store_commit(s, &e), TD_OK);

    assert_int_equal(store_plan_get(s, a, plan_id, &after, &e), TD_OK);
    assert_int_equal(after->revision, 2);
    assert_string_equal(after->title, "Kế hoạch (sửa)");
    assert_int_equal(after->n_themes, 1);
    assert_int_equal(after->n_indicators, 3);
    assert_string_equal(after->indicators[0].name, "Rau màu vụ đông");
    assert_int_equal(after->indicators[0].n_responsible, 0);
    assert_true(after->indicators[0].target->value == 900);
    assert_int_equal(after->indicators[0].id, before->indicators[0].children[0].id);
    assert_true(after->indicators[2].has_assigned && after->indicators[2].assigned == 2);
    assert_null(plan_find_indicator(after, "1.2"));
    data_value got;
    assert_int_equal(store_value_get(s, a, plan_id, "1.1", "thon-9", "2026-03", &got, &e), TD_OK);
    assert_true(got.value == 870);
    assert_string_equal(got.evidence, "Biên bản số 12/BB-UBND");
    store_close(s);
    arena_free(a);
    cleanup(path);
}

/* The audit trail is read by actor, action, dates, and words compared without diacritics. */
static void the_audit_trail_is_filtered(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    arena *a = arena_new();
    audit_entry *got = NULL;
    size_t n = 0;
    long total = 0;
    char today[11];
    time_t now = time(NULL);
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));

    assert_int_equal(store_open(path, &s, &e), TD_OK);
    store_set_actor(s, "thaolai");
    assert_int_equal(store_audit(s, 0, "submit", "data_value", 1, NULL, "{\"note\": \"Giải phóng mặt bằng 100%\"}", &e),
                     TD_OK);
    store_set_actor(s, "vhxh");
    assert_int_equal(store_audit(s, 0, "approve", "data_value", 1, NULL, "{\"note\": \"Đất ở\"}", &e), TD_OK);
    assert_int_equal(store_audit(s, 0, "plan.update", "plan", 1, NULL, "{\"summary\": \"thêm 1\"}", &e), TD_OK);

    audit_filter f = {.q = "GIAI phong  mat"};
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1);
    assert_string_equal(got[0].actor, "thaolai");
    f = (audit_filter){.q = "100%"}; /* LIKE's own characters are searched for, not obeyed */
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1);
    f = (audit_filter){.q = "dat o"};
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1); /* "Đất", folded */
    f = (audit_filter){.actor = "vhxh", .entity = "data_value"};
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1);
    assert_string_equal(got[0].action, "approve");
    f = (audit_filter){.action = "plan.update", .from = today, .to = today};
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1);
    f = (audit_filter){.to = "2000-01-01"};
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 0);
    f = (audit_filter){0};
    assert_int_equal(store_audit_list(s, a, &f, 2, 1, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 3);
    assert_int_equal(n, 2);
    assert_string_equal(got[0].action, "approve"); /* newest first, one skipped */

    audit_action_count *acts = NULL;
    assert_int_equal(store_audit_actions(s, a, 0, &acts, &n, &e), TD_OK);
    assert_int_equal(n, 3);
    assert_string_equal(acts[0].action, "approve");
    assert_string_equal(acts[1].action, "plan.update");
    assert_int_equal(acts[2].count, 1);
    store_close(s);
    arena_free(a);
    cleanup(path);
}

/* The audit trail's days are Vietnam's (UTC+7): an entry at 17:30 UTC is on the next day there,
 * one at 16:59:59 UTC still on the same day; the filter compares times passed from C. */
static void the_audit_days_are_vietnams(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    arena *a = arena_new();
    audit_entry *got = NULL;
    size_t n = 0;
    long total = 0;

    assert_int_equal(store_open(path, &s, &e), TD_OK);
    store_close(s);
    sql(path, "INSERT INTO audit_log (at, actor, action, entity, search) VALUES "
              "('2026-03-01T16:59:59Z', 'a', 'early', 'x', 'a'), ('2026-03-01T17:00:00Z', 'a', 'midnight', 'x', 'a'), "
              "('2026-03-02T16:59:59Z', 'a', 'late', 'x', 'a'), ('2026-12-31T17:00:00Z', 'a', 'new-year', 'x', 'a')");
    assert_int_equal(store_open(path, &s, &e), TD_OK);
    audit_filter f = {.from = "2026-03-02", .to = "2026-03-02"};
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 2);
    assert_string_equal(got[0].action, "late");
    assert_string_equal(got[1].action, "midnight");
    f = (audit_filter){.to = "2026-03-01"};
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1);
    assert_string_equal(got[0].action, "early");
    f = (audit_filter){.from = "2027-01-01"}; /* the last day of a month and a year rolls over */
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1);
    assert_string_equal(got[0].action, "new-year");
    store_close(s);
    arena_free(a);
    cleanup(path);
}

extern const struct embedded_file store_migrations_sqlite[];

/* Entries written before version 4 get their search key when the database is upgraded; the
 * trail stays append-only, the key included once set. */
/* A new database at path with the first `first` versions of the schema applied; list and *n
 * the embedded migrations. */
static db *db_at_version(const char *path, size_t first, struct migration list[64], size_t *n)
{
    db *d = NULL;
    td_error e = {0};
    *n = migrate_from_embedded(store_migrations_sqlite, list, 64);
    assert_true(*n > first);
    assert_int_equal(db_open(path, &d, &e), TD_OK);
    if (migrate_run(d, list, first, NULL, NULL, &e) != TD_OK)
        fail_msg("%s", e.msg);
    return d;
}

static void older_entries_are_searchable_after_the_upgrade(void **state)
{
    char *path = temp_db();
    struct migration list[64];
    size_t n;
    db *d = db_at_version(path, 3, list, &n);
    store *s = NULL;
    td_error e = {0};
    arena *a = arena_new();
    audit_entry *got = NULL;
    long total = 0;

    assert_int_equal(db_exec(d,
                             "INSERT INTO audit_log (at, actor, action, entity, after_json) VALUES "
                             "('2026-03-01T08:00:00Z', 'cli:an', 'create', 'data_value', "
                             "'{\"note\": \"Hỗ trợ giải phóng mặt bằng\"}'), "
                             "('2026-03-01T17:00:00Z', 'cli:binh', 'create', 'data_value', '{}')",
                             &e),
                     TD_OK);
    db_close(d);
    assert_int_equal(store_open(path, &s, &e), TD_OK);
    audit_filter f = {.q = "giai phong", .from = "2026-03-01", .to = "2026-03-01"};
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1);
    /* days are Vietnam's: 08:00 UTC is 15:00 on 01/03 there, 17:00 UTC is 00:00 on 02/03 */
    audit_filter day = {.from = "2026-03-01", .to = "2026-03-01"};
    assert_int_equal(store_audit_list(s, a, &day, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1);
    assert_string_equal(got[0].actor, "cli:an");
    day.from = day.to = "2026-03-02";
    assert_int_equal(store_audit_list(s, a, &day, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_int_equal(total, 1);
    assert_string_equal(got[0].actor, "cli:binh");
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, &got, &n, &total, &e), TD_OK);
    assert_string_equal(got[0].actor, "cli:an");
    store_close(s);
    sql(path, "SELECT 1"); /* the file is a good database */
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(raw, "UPDATE audit_log SET search = 'x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(raw, "UPDATE audit_log SET after_json = '{}'", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    arena_free(a);
    cleanup(path);
}

/* Version 0005 adds columns to indicator rather than rebuilding it: the figures that cascade
 * from it survive the upgrade, and the stored indicators get defaults SQL can see. */
static void the_upgrade_to_version_5_keeps_the_figures(void **state)
{
    char *path = temp_db();
    struct migration list[64];
    size_t n = migrate_from_embedded(store_migrations_sqlite, list, 64);
    db *d = NULL;
    store *s = NULL;
    td_error e = {0};
    arena *a = arena_new();
    plan *got = NULL;

    assert_true(n >= 5);
    assert_int_equal(db_open(path, &d, &e), TD_OK);
    assert_int_equal(migrate_run(d, list, 4, NULL, NULL, &e), TD_OK);
    assert_int_equal(
        db_exec(d,
                "INSERT INTO commune VALUES (1, 'kh', 'xã Kiến Hải', 'Hải Phòng', '2026-01-01');"
                "INSERT INTO org_unit (id, commune_id, code, name, kind) VALUES (1, 1, 'thon-9', 'Thôn 9', 'village');"
                "INSERT INTO plan (id, commune_id, number, issuer, title, period_start, period_end, created_at) "
                "VALUES (1, 1, '/KH', 'UBND', 'KH', '2026-01-01', '2026-12-31', '2026-01-01');"
                "INSERT INTO indicator (id, plan_id, position, code, name, grp, unit, frequency, measure, target_text, "
                "target_op, target_value, target_unit) VALUES "
                "(1, 1, 0, '1', 'Đàn lợn', 'economy', 'con', 'month', 'level', 'khoảng 8.990 con', 'approx', 8990, 'con'),"
                "(2, 1, 1, '2', 'Tỷ lệ người dân tham gia BHYT', 'culture_society', '%', 'year', 'level', 'trên 97,2%', "
                "'>', 97.2, '%'),"
                "(3, 1, 2, '3', 'Năng suất lúa', 'economy', 'tạ/ha', 'year', 'level', '≥ 65 tạ/ha', '>=', 65, 'tạ/ha'),"
                "(4, 1, 3, '4', 'Tỷ lệ hộ nghèo', 'culture_society', '%', 'year', 'level', 'dưới 1,5%', '<', 1.5, '%');"
                "INSERT INTO data_value (indicator_id, org_unit_id, period, value, updated_by, updated_at) "
                "VALUES (1, 1, '2026-03', 1950, 'cli:an', '2026-03-05');",
                &e),
        TD_OK);
    db_close(d);
    assert_int_equal(store_open(path, &s, &e), TD_OK);
    assert_int_equal(store_schema_version(s), store_schema_latest());
    data_value *vals = NULL;
    value_filter f = {.plan_id = 1};
    assert_int_equal(store_values_list(s, a, &f, &vals, &n, &e), TD_OK);
    assert_int_equal(n, 1);
    assert_true(vals[0].value == 1950);
    assert_int_equal(store_plan_get(s, a, 1, &got, &e), TD_OK);
    assert_int_equal(got->indicators[0].agg, AGG_SUM);
    assert_int_equal(got->indicators[0].dir, DIR_HIGHER);
    assert_int_equal(got->indicators[1].agg, AGG_RATE);
    assert_int_equal(got->indicators[2].agg, AGG_RATIO);
    assert_int_equal(got->indicators[3].dir, DIR_LOWER);
    assert_int_equal(got->indicators[0].n_unit_targets, 0);
    store_close(s);
    arena_free(a);
    cleanup(path);
}

static long audit_entries(store *s, arena *a, const char *action, audit_entry **out)
{
    size_t n = 0;
    long total = 0;
    td_error e = {0};
    audit_filter f = {.action = action};
    assert_int_equal(store_audit_list(s, a, &f, 50, 0, out, &n, &total, &e), TD_OK);
    return total;
}

/* An indicator's roll-up, direction and build-up, and the targets assigned to units, come back
 * as written; a share is set and cleared with the audit trail holding before and after; writing
 * the tree again replaces the shares but keeps a demo share's mark. */
static void unit_targets_round_trip_and_are_audited(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    arena *a = arena_new();
    td_id commune_id = 0, plan_id = 0;
    commune c = {.code = "kh", .name = "xã Kiến Hải", .city = "Hải Phòng"};
    org_unit units[] = {{.code = "thon-9", .name = "Thôn 9", .kind = ORG_VILLAGE},
                        {.code = "thon-thai-lai", .name = "Thôn Thái Lai", .kind = ORG_VILLAGE}};
    target herd = {.text = "khoảng 8.990 con", .op = TARGET_APPROX, .has_value = true, .value = 8990, .unit = "con",
                   .has_tolerance = true, .tolerance = 5};
    target disb = {.text = "đạt tối thiểu 90%", .op = TARGET_GE, .has_value = true, .value = 90, .unit = "%"};
    target s9 = {.text = "khoảng 1.950 con", .op = TARGET_APPROX, .has_value = true, .value = 1950, .unit = "con",
                 .has_tolerance = true, .tolerance = 5};
    target stl = {.text = "từ 2.400 con trở lên", .op = TARGET_GE, .has_value = true, .value = 2400, .unit = "con"};
    unit_target shares[] = {{"thon-9", s9}, {"thon-thai-lai", stl}};
    indicator roots[] = {
        {.code = "1", .name = "Đàn lợn", .unit = "con", .meas = MEASURE_LEVEL, .agg = AGG_SUM, .dir = DIR_BAND,
         .target = &herd, .unit_targets = shares, .n_unit_targets = 2},
        {.code = "2", .name = "Tỷ lệ giải ngân", .unit = "%", .meas = MEASURE_BUILDUP, .agg = AGG_COMMUNE,
         .dir = DIR_HIGHER, .target = &disb},
    };
    plan p = {.number = "/KH", .issuer = "UBND", .title = "KH", .period_start = "2026-01-01",
              .period_end = "2026-12-31", .indicators = roots, .n_indicators = 2};
    plan *got = NULL;
    audit_entry *log = NULL;

    assert_int_equal(store_open(path, &s, &e), TD_OK);
    plan_id = insert_plan(s, &c, units, 2, &p, &commune_id);

    assert_int_equal(store_plan_get(s, a, plan_id, &got, &e), TD_OK);
    const indicator *g = &got->indicators[0];
    assert_int_equal(g->agg, AGG_SUM);
    assert_int_equal(g->dir, DIR_BAND);
    assert_int_equal(got->indicators[1].meas, MEASURE_BUILDUP);
    assert_int_equal(got->indicators[1].agg, AGG_COMMUNE);
    assert_int_equal(g->n_unit_targets, 2);
    assert_string_equal(g->unit_targets[0].org_unit_code, "thon-9"); /* unit code order */
    assert_true(target_equal(&g->unit_targets[0].target, &s9));
    assert_string_equal(g->unit_targets[0].target.text, "khoảng 1.950 con");
    assert_true(target_equal(indicator_unit_target(g, "thon-thai-lai"), &stl));

    /* replace one share, clear it, and a clear of nothing is NOTFOUND */
    target s9b = {.text = "khoảng 2.000 con", .op = TARGET_APPROX, .has_value = true, .value = 2000, .unit = "con",
                  .has_tolerance = true, .tolerance = 5};
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_unit_target_put(s, plan_id, "1", "thon-9", &s9b, false, &e), TD_OK);
    assert_int_equal(store_unit_target_put(s, plan_id, "9", "thon-9", &s9b, false, &e), TD_ERR_NOTFOUND);
    assert_int_equal(store_unit_target_put(s, plan_id, "1", "thon-99", &s9b, false, &e), TD_ERR_NOTFOUND);
    assert_int_equal(store_commit(s, &e), TD_OK);
    assert_int_equal(audit_entries(s, a, "unit_target.set", &log), 1);
    assert_non_null(strstr(log[0].before_json, "khoảng 1.950 con"));
    assert_non_null(strstr(log[0].after_json, "khoảng 2.000 con"));
    assert_string_equal(log[0].entity, "unit_target");
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_unit_target_delete(s, plan_id, "1", "thon-9", &e), TD_OK);
    assert_int_equal(store_unit_target_delete(s, plan_id, "1", "thon-9", &e), TD_ERR_NOTFOUND);
    assert_int_equal(store_commit(s, &e), TD_OK);
    assert_int_equal(audit_entries(s, a, "unit_target.clear", &log), 1);
    assert_non_null(strstr(log[0].before_json, "khoảng 2.000 con"));
    assert_null(log[0].after_json);
    assert_int_equal(store_plan_get(s, a, plan_id, &got, &e), TD_OK);
    assert_int_equal(got->indicators[0].n_unit_targets, 1);

    /* a demo share set on its own stays demo when the tree is written back with it, and a tree
     * without a share takes it away */
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_unit_target_put(s, plan_id, "1", "thon-9", &s9, true, &e), TD_OK);
    assert_int_equal(store_commit(s, &e), TD_OK);
    assert_int_equal(store_plan_get(s, a, plan_id, &got, &e), TD_OK);
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_plan_write_indicators(s, plan_id, got->indicators, got->n_indicators, &e), TD_OK);
    assert_int_equal(store_commit(s, &e), TD_OK);
    store_close(s);
    sqlite3 *raw;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(raw, "SELECT group_concat(u.code || ':' || ut.is_demo) FROM unit_target ut "
                                             "JOIN org_unit u ON u.id = ut.org_unit_id ORDER BY u.code",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *marks = (const char *)sqlite3_column_text(st, 0);
    assert_non_null(strstr(marks, "thon-9:1"));
    assert_non_null(strstr(marks, "thon-thai-lai:0"));
    sqlite3_finalize(st);
    sqlite3_close(raw);
    assert_int_equal(store_open(path, &s, &e), TD_OK);
    roots[0].n_unit_targets = 1; /* only thon-9 */
    assert_int_equal(store_begin(s, &e), TD_OK);
    assert_int_equal(store_plan_write_indicators(s, plan_id, roots, 2, &e), TD_OK);
    assert_int_equal(store_commit(s, &e), TD_OK);
    assert_int_equal(store_plan_get(s, a, plan_id, &got, &e), TD_OK);
    assert_int_equal(got->indicators[0].n_unit_targets, 1);
    assert_string_equal(got->indicators[0].unit_targets[0].org_unit_code, "thon-9");
    store_close(s);
    arena_free(a);
    cleanup(path);
}

/* Branches number their migrations ahead of a merge: a gap is allowed, and a migration below the
 * current version that was never applied (merged later into the gap) is applied on the next open. */
static void a_gap_in_the_migrations_is_filled_later(void **state)
{
    char *path = temp_db();
    db *d = NULL;
    td_error e = {0};
    int from = -1, to = -1;
    struct migration early[] = {{1, "0001_t", "CREATE TABLE t (x INTEGER) STRICT;"},
                                {3, "0003_v", "CREATE TABLE v (x INTEGER) STRICT;"}};
    struct migration merged[] = {early[0], {2, "0002_u", "CREATE TABLE u (x INTEGER) STRICT;"}, early[1]};

    assert_int_equal(db_open(path, &d, &e), TD_OK);
    assert_int_equal(migrate_run(d, early, 2, &from, &to, &e), TD_OK);
    assert_int_equal(to, 3);
    assert_int_equal(db_exec(d, "SELECT * FROM u", NULL), TD_ERR_DB);
    assert_int_equal(migrate_run(d, merged, 3, &from, &to, &e), TD_OK);
    assert_int_equal(from, 3);
    assert_int_equal(to, 3);
    assert_int_equal(db_exec(d, "SELECT * FROM u", &e), TD_OK);
    db_close(d);
    cleanup(path);

    static const struct embedded_file gap[] = {{"0001_a.sql", "", 0}, {"0007_b.sql", "", 0}, {NULL, NULL, 0}};
    static const struct embedded_file down[] = {{"0002_a.sql", "", 0}, {"0001_b.sql", "", 0}, {NULL, NULL, 0}};
    struct migration list[4];
    assert_int_equal(migrate_from_embedded(gap, list, 4), 2);
    assert_int_equal(list[1].version, 7);
    assert_int_equal(migrate_from_embedded(down, list, 4), 0);
}

/* Version 6 on a database that has deadlines: they keep the wording the program showed,
 * "trước ngày <due>", and end the day before; tasks become tasks to carry out. A version
 * skipped by number (a gap) is applied when it arrives, even below the newest applied. */
static void deadlines_take_their_wording_on_upgrade(void **state)
{
    char *path = temp_db();
    struct migration list[64];
    size_t n;
    db *d = db_at_version(path, 4, list, &n); /* versions 1 to 4 */
    store *s = NULL;
    td_error e = {0};
    arena *a = arena_new();
    plan *got = NULL;

    assert_int_equal(db_exec(d,
                             "INSERT INTO commune (id, code, name, city, created_at) VALUES (1, 'kien-hai', 'xã Kiến "
                             "Hải', 'Hải Phòng', '2026-01-01T00:00:00Z');"
                             "INSERT INTO plan (id, commune_id, number, issuer, title, period_start, period_end, "
                             "created_at) VALUES (1, 1, '/KH-UBND', 'UBND xã', 'Kế hoạch', '2026-01-01', '2026-12-31', "
                             "'2026-01-01T00:00:00Z');"
                             "INSERT INTO plan_deadline (plan_id, kind, due_on) VALUES (1, 'unit_report', '2026-12-05');"
                             "INSERT INTO task (plan_id, position, text) VALUES (1, 0, 'Triển khai Kế hoạch');",
                             &e),
                     TD_OK);
    db_close(d);
    assert_int_equal(store_open(path, &s, &e), TD_OK);
    assert_int_equal(store_plan_get(s, a, 1, &got, &e), TD_OK);
    assert_string_equal(got->deadlines[0].wording, "trước ngày 05/12/2026");
    assert_string_equal(got->deadlines[0].last_on_time, "2026-12-04");
    assert_int_equal(got->tasks[0].duty, DUTY_IMPLEMENT);
    store_close(s);

    /* a gap filled later: without version 2 in the bookkeeping, version 2 is due again */
    sql(path, "DELETE FROM schema_migrations WHERE version = 2");
    assert_int_equal(db_open(path, &d, &e), TD_OK);
    int from = 0, to = 0;
    /* version 2 adds a column that exists now: being applied again is what fails, so a gap is run */
    assert_int_not_equal(migrate_run(d, list, n, &from, &to, &e), TD_OK);
    assert_non_null(strstr(e.msg, "v2"));
    db_close(d);
    arena_free(a);
    cleanup(path);
}


/* A new store at path with the small plan and one draft figure v (1.1 of thôn 9, 03/2026: 5). */
static td_id plan_with_a_figure(const char *path, store **s, data_value *v)
{
    td_error e = {0};
    td_id commune_id = 0;
    *v = (data_value){.indicator_code = "1.1", .org_unit_code = "thon-9", .period = "2026-03", .has_value = true,
                      .value = 5};
    assert_int_equal(store_open(path, s, &e), TD_OK);
    td_id plan_id = small_plan(*s, &commune_id);
    assert_int_equal(store_value_put(*s, plan_id, v, false, &e), TD_OK);
    return plan_id;
}

/* A write or a move checked against a state that changed since is refused and leaves no trace. */
static void a_write_against_a_changed_state_is_refused(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    long audit_before = 0, audit_after = 0;
    arena *a = arena_new();
    data_value v, got;
    td_id plan_id = plan_with_a_figure(path, &s, &v);
    assert_int_equal(store_audit_count(s, &audit_before, &e), TD_OK);
    /* a client that thought there was no value yet, one that saw version 2, one that expects it submitted */
    value_expect fresh = {0, 1u << VALUE_DRAFT}, later = {2, 1u << VALUE_DRAFT}, sub = {1, 1u << VALUE_SUBMITTED};
    v.value = 6;
    assert_int_equal(store_value_put_if(s, plan_id, &v, &fresh, &e), TD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "vừa được người khác thay đổi"));
    assert_int_equal(store_value_put_if(s, plan_id, &v, &later, &e), TD_ERR_CONFLICT);
    assert_int_equal(store_value_put_if(s, plan_id, &v, &sub, &e), TD_ERR_CONFLICT);
    assert_int_equal(store_audit_count(s, &audit_after, &e), TD_OK);
    assert_int_equal(audit_after, audit_before);
    assert_int_equal(store_value_get(s, a, plan_id, "1.1", "thon-9", "2026-03", &got, &e), TD_OK);
    assert_true(got.value == 5 && got.version == 1);
    /* the state it was checked against: written */
    value_expect now = {1, 1u << VALUE_DRAFT};
    assert_int_equal(store_value_put_if(s, plan_id, &v, &now, &e), TD_OK);
    /* a move from the state read before that write: refused, the figure stays a draft */
    assert_int_equal(store_value_set_status(s, plan_id, &got, VALUE_SUBMITTED, NULL, &e), TD_ERR_CONFLICT);
    assert_int_equal(store_value_get(s, a, plan_id, "1.1", "thon-9", "2026-03", &got, &e), TD_OK);
    assert_true(got.value == 6 && got.version == 2 && got.status == VALUE_DRAFT);
    assert_int_equal(store_value_set_status(s, plan_id, &got, VALUE_SUBMITTED, NULL, &e), TD_OK);
    /* the same move again from the same read: the figure was moved already */
    assert_int_equal(store_value_set_status(s, plan_id, &got, VALUE_APPROVED, NULL, &e), TD_ERR_CONFLICT);
    /* a file goes only to a figure that is there and not approved */
    evidence_file f = {.plan_id = plan_id, .indicator_code = "1.1", .org_unit_code = "thon-9", .period = "2026-03",
                       .name = "a.pdf", .content_type = "application/pdf", .size = 5,
                       .sha256 = "0000000000000000000000000000000000000000000000000000000000000000",
                       .bytes = (const unsigned char *)"%PDF-"};
    assert_int_equal(store_evidence_insert(s, a, &f, &e), TD_OK);
    td_id file_id = f.id;
    assert_int_equal(store_value_get(s, a, plan_id, "1.1", "thon-9", "2026-03", &got, &e), TD_OK);
    assert_int_equal(store_value_set_status(s, plan_id, &got, VALUE_APPROVED, NULL, &e), TD_OK);
    assert_int_equal(store_evidence_insert(s, a, &f, &e), TD_ERR_CONFLICT);
    f.id = file_id;
    assert_int_equal(store_evidence_delete(s, &f, &e), TD_ERR_CONFLICT); /* its figure is approved now */
    assert_int_equal(store_value_get(s, a, plan_id, "1.1", "thon-9", "2026-03", &got, &e), TD_OK);
    assert_int_equal(store_value_set_status(s, plan_id, &got, VALUE_DRAFT, NULL, &e), TD_OK);
    assert_int_equal(store_audit_count(s, &audit_before, &e), TD_OK);
    assert_int_equal(store_evidence_delete(s, &f, &e), TD_OK);
    assert_int_equal(store_evidence_delete(s, &f, &e), TD_ERR_CONFLICT); /* gone already: one audit entry */
    assert_int_equal(store_audit_count(s, &audit_after, &e), TD_OK);
    assert_int_equal(audit_after, audit_before + 1);
    snprintf(f.period, sizeof f.period, "2026-04");
    assert_int_equal(store_evidence_insert(s, a, &f, &e), TD_ERR_CONFLICT);
    store_close(s);
    arena_free(a);
    cleanup(path);
}

/* What the audit trail showed of a figure before value_audit_json: jansson's dump. */
static char *jansson_value_json(const data_value *v)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:i, s:o}", "indicator", v->indicator_code,
                          "org_unit", v->org_unit_code, "period", v->period, "value",
                          v->has_value ? json_real(v->value) : json_null(), "denominator",
                          v->has_denominator ? json_real(v->denominator) : json_null(), "text",
                          v->text ? json_string(v->text) : json_null(), "note",
                          v->note ? json_string(v->note) : json_null(), "evidence",
                          v->evidence ? json_string(v->evidence) : json_null(), "status", value_status_code(v->status),
                          "version", v->version, "review_comment",
                          v->review_comment ? json_string(v->review_comment) : json_null());
    char *out = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return out;
}

/* The audit entry of a figure is written by hand for speed: byte for byte what jansson wrote, for
 * numbers whole, fractional, tiny, huge and negative, and texts with quotes, backslashes, control
 * characters, line breaks, slashes and Vietnamese. */
static void a_figure_audit_json_is_janssons_byte_for_byte(void **state)
{
    static const double numbers[] = {0, -0.0, 1, 5, 97.5, 0.1, 1.0 / 3, 2.5e-7, 1e-5, 123456789012345.0, 1e15,
                                     999999999999999.9, 1e16, 1e17, 1.5e20, 1e300, -42, -0.001, 8990, 362.4};
    static const char *const texts[] = {NULL, "", "Thôn Thái Lai", "a\"b", "c\\d", "dòng 1\ndòng 2\r\t",
                                        "\x01\x1f\x7f", "https://x.vn/a/b?c=1&d=2", "số 12/QĐ-UBND ngày 3/4/2026",
                                        "ký tự \xe2\x80\xa8 đặc biệt 😀"};
    arena *a = arena_new();
    size_t nn = sizeof numbers / sizeof numbers[0], nt = sizeof texts / sizeof texts[0];
    for (size_t i = 0; i < nn * 2; i++) {
        data_value v = {.indicator_code = "1.1", .org_unit_code = texts[2], .period = "2026-Q3",
                        .has_value = i % 3 != 2, .value = numbers[i % nn], .has_denominator = i % 2 == 0,
                        .denominator = numbers[(i * 7) % nn], .text = texts[i % nt], .note = texts[(i + 3) % nt],
                        .evidence = texts[(i + 5) % nt], .status = (value_status)(i % 4), .version = (int)i * 37,
                        .review_comment = texts[(i + 7) % nt]};
        char *want = jansson_value_json(&v);
        assert_non_null(want);
        assert_string_equal(value_audit_json(a, &v), want);
        free(want);
    }
    arena_free(a);
}

/* The bulk write re-checks in the database what the caller checked in memory: a figure another
 * write changed after it was read is refused (a conflict naming it), not overwritten, and leaves
 * no audit entry. */
static void a_bulk_write_from_a_stale_read_is_refused(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    long audit_before = 0, audit_after = 0;
    arena *a = arena_new();
    data_value v, read, got;
    bool found = false;
    td_id plan_id = plan_with_a_figure(path, &s, &v);
    assert_int_equal(store_values_read(s, a, plan_id, &v, 1, &read, &found, &e), TD_OK);
    assert_true(found && read.version == 1 && read.value == 5);
    /* meanwhile another write: version 2 */
    v.value = 6;
    assert_int_equal(store_value_put(s, plan_id, &v, false, &e), TD_OK);
    assert_int_equal(store_audit_count(s, &audit_before, &e), TD_OK);
    /* a write checked against the first read */
    data_value mine = v;
    mine.value = 7;
    value_expect expect = {1, 1u << VALUE_DRAFT};
    value_put put = {.v = &mine, .existed = true, .before = &read, .expect = &expect};
    assert_int_equal(store_values_write(s, plan_id, &put, 1, false, &e), TD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "số liệu chỉ tiêu 1.1, kỳ 2026-03 vừa được người khác thay đổi"));
    assert_int_equal(store_audit_count(s, &audit_after, &e), TD_OK);
    assert_int_equal(audit_after, audit_before);
    assert_int_equal(store_value_get(s, a, plan_id, "1.1", "thon-9", "2026-03", &got, &e), TD_OK);
    assert_true(got.value == 6 && got.version == 2);
    /* a new figure someone else added since it was read as absent: refused too */
    data_value fresh = {.indicator_code = "1.1", .org_unit_code = "thon-9", .period = "2026-04", .has_value = true,
                        .value = 1};
    assert_int_equal(store_value_put(s, plan_id, &fresh, false, &e), TD_OK);
    fresh.value = 2;
    value_put add = {.v = &fresh, .existed = false, .before = &read};
    assert_int_equal(store_values_write(s, plan_id, &add, 1, false, &e), TD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "kỳ 2026-04 vừa được người khác thay đổi"));
    assert_int_equal(store_value_get(s, a, plan_id, "1.1", "thon-9", "2026-04", &got, &e), TD_OK);
    assert_true(got.value == 1 && got.version == 1);
    store_close(s);
    arena_free(a);
    cleanup(path);
}

struct holder {
    const char *path;
    int hold_ms;
};

/* Another connection holds the write lock for a while, then lets it go. */
static void *hold_write_lock(void *arg)
{
    struct holder *h = arg;
    sqlite3 *conn;
    sqlite3_open(h->path, &conn);
    sqlite3_exec(conn, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_exec(conn, "INSERT INTO audit_log (at, actor, action, entity) VALUES ('x', 'x', 'hold', 'x')", NULL, NULL,
                 NULL);
    struct timespec t = {h->hold_ms / 1000, (long)(h->hold_ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
    sqlite3_exec(conn, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(conn);
    return NULL;
}

/* A second writer waits for the first; past the busy timeout it is told the database is busy. */
static void a_second_writer_waits_then_is_told_busy(void **state)
{
    char *path = temp_db();
    store *s = NULL;
    td_error e = {0};
    pthread_t t;
    struct timespec settle = {0, 100000000L};

    assert_int_equal(store_open(path, &s, &e), TD_OK);
    struct holder brief = {path, 400}, long_hold = {path, 6500};
    assert_int_equal(pthread_create(&t, NULL, hold_write_lock, &brief), 0);
    nanosleep(&settle, NULL);
    assert_int_equal(store_begin(s, &e), TD_OK); /* waited for the 0,4 s */
    store_rollback(s);
    pthread_join(t, NULL);
    assert_int_equal(pthread_create(&t, NULL, hold_write_lock, &long_hold), 0);
    nanosleep(&settle, NULL);
    assert_int_equal(store_begin(s, &e), TD_ERR_BUSY);
    assert_non_null(strstr(e.msg, "đang bận"));
    assert_null(strstr(e.msg, "locked")); /* words for users, not SQLite's */
    pthread_join(t, NULL);
    store_close(s);
    cleanup(path);
}

/* A backup is the database at that moment; restore brings it back; only a sound thidua database is taken. */
static void a_backup_is_checked_and_restored(void **state)
{
    char *path = temp_db(), copy[80], other[80];
    store *s = NULL;
    td_error e = {0};
    int version = 0;
    arena *a = arena_new();
    data_value v, got;
    td_id plan_id = plan_with_a_figure(path, &s, &v);
    snprintf(copy, sizeof copy, "%s.bak", path);
    snprintf(other, sizeof other, "%s.other", path);
    assert_int_equal(store_backup(s, copy, &e), TD_OK);
    assert_int_equal(store_inspect(copy, &version, &e), TD_OK);
    assert_int_equal(version, store_schema_latest());
    /* later changes, then the restore takes the database back to the copy */
    v.value = 9;
    assert_int_equal(store_value_put(s, plan_id, &v, false, &e), TD_OK);
    assert_int_equal(store_restore(s, copy, &e), TD_OK);
    assert_int_equal(store_value_get(s, a, plan_id, "1.1", "thon-9", "2026-03", &got, &e), TD_OK);
    assert_true(got.value == 5 && got.version == 1);
    /* a text file, a SQLite database of something else, a missing file */
    FILE *f = fopen(other, "w");
    fputs("không phải cơ sở dữ liệu\n", f);
    fclose(f);
    assert_int_equal(store_inspect(other, &version, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "không phải là cơ sở dữ liệu thidua"));
    unlink(other);
    sql(other, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    assert_int_equal(store_inspect(other, &version, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "không phải của thidua"));
    cleanup(other);
    assert_int_equal(store_inspect(other, &version, &e), TD_ERR_IO);
    /* a copy made by a newer thidua */
    sql(copy, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'x', 'x')");
    assert_int_equal(store_inspect(copy, &version, &e), TD_ERR_VERSION);
    cleanup(copy);
    store_close(s);
    arena_free(a);
    cleanup(path);
}


struct opener {
    const char *path;
    td_status st;
    int version;
    td_error e;
};

static void *open_store(void *arg)
{
    struct opener *o = arg;
    store *s = NULL;
    o->st = store_open(o->path, &s, &o->e);
    o->version = o->st ? 0 : store_schema_version(s);
    store_close(s);
    return NULL;
}

/* Several processes or threads opening a new database at once (the server and a CLI command):
 * each migration is applied once, and every one of them opens it. */
static void a_database_opened_by_several_at_once_is_migrated_once(void **state)
{
    for (int round = 0; round < 5; round++) {
        char *path = temp_db();
        pthread_t t[4];
        struct opener o[4];
        for (int i = 0; i < 4; i++) {
            o[i] = (struct opener){.path = path};
            assert_int_equal(pthread_create(&t[i], NULL, open_store, &o[i]), 0);
        }
        for (int i = 0; i < 4; i++) {
            pthread_join(t[i], NULL);
            if (o[i].st != TD_OK)
                fail_msg("round %d, opener %d: %s", round, i, o[i].e.msg);
            assert_int_equal(o[i].version, store_schema_latest());
        }
        cleanup(path);
    }
}

/* ---- the driver's kept statements and its change mark (db_sqlite.c) ------------------------- */

static int64_t one_int(db_stmt *st, bool *null)
{
    bool row = false;
    td_error e = {0};
    assert_int_equal(db_step(st, &row, &e), TD_OK);
    assert_true(row);
    *null = db_column_is_null(st, 0);
    return db_column_int(st, 0);
}

static void a_kept_statement_comes_back_reset_and_unbound(void **state)
{
    char *path = temp_db();
    db *d = NULL;
    db_stmt *a = NULL, *b = NULL, *c = NULL;
    td_error e = {0};
    bool null = false;
    assert_int_equal(db_open(path, &d, &e), TD_OK);
    /* the same text twice while the first is in use: two statements, each with its own value */
    assert_int_equal(db_prepare(d, "SELECT ?", &a, &e), TD_OK);
    db_bind_int(a, 1, 1);
    assert_int_equal(db_prepare(d, "SELECT ?", &b, &e), TD_OK);
    assert_ptr_not_equal(a, b);
    db_bind_int(b, 1, 2);
    assert_int_equal(one_int(a, &null), 1);
    assert_int_equal(one_int(b, &null), 2);
    db_finalize(a);
    db_finalize(b);
    /* handed out again: no value left bound from before, and stepped from the start */
    assert_int_equal(db_prepare(d, "SELECT ?", &c, &e), TD_OK);
    one_int(c, &null);
    assert_true(null);
    db_finalize(c);
    /* a statement left in the middle of its rows holds no read: another connection checkpoints
     * the whole log (TRUNCATE waits for every reader) once it is returned */
    assert_int_equal(db_exec(d, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3);", &e), TD_OK);
    assert_int_equal(db_prepare(d, "SELECT x FROM t ORDER BY x", &a, &e), TD_OK);
    assert_int_equal(one_int(a, &null), 1);
    db_finalize(a);
    sqlite3 *other;
    int log = -1, done = -1;
    assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "INSERT INTO t VALUES (4)", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_wal_checkpoint_v2(other, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done), SQLITE_OK);
    sqlite3_close(other);
    assert_int_equal(db_prepare(d, "SELECT x FROM t ORDER BY x", &a, &e), TD_OK);
    assert_int_equal(one_int(a, &null), 1);
    db_finalize(a);
    assert_int_equal(db_prepare(d, "SELECT COUNT(*) FROM t", &a, &e), TD_OK);
    assert_int_equal(one_int(a, &null), 4);
    db_finalize(a);
    db_close(d);
    cleanup(path);
}

static void more_statements_than_are_kept_all_answer(void **state)
{
    char *path = temp_db();
    db *d = NULL;
    td_error e = {0};
    bool null = false;
    assert_int_equal(db_open(path, &d, &e), TD_OK);
    /* three rounds over more texts than the connection keeps: the least recently used go */
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 300; i++) {
            char text[32];
            db_stmt *st = NULL;
            snprintf(text, sizeof text, "SELECT %d + ?", i);
            assert_int_equal(db_prepare(d, text, &st, &e), TD_OK);
            db_bind_int(st, 1, round);
            assert_int_equal(one_int(st, &null), i + round);
            db_finalize(st);
        }
    }
    /* a text the database refuses is refused every time, and keeps nothing */
    db_stmt *bad = NULL;
    assert_int_equal(db_prepare(d, "SELECT FROM nowhere", &bad, &e), TD_ERR_DB);
    assert_int_equal(db_prepare(d, "SELECT FROM nowhere", &bad, &e), TD_ERR_DB);
    db_close(d);
    cleanup(path);
}

static void the_change_mark_moves_with_every_write(void **state)
{
    char *path = temp_db();
    db *d = NULL, *other = NULL;
    db_stmt *st = NULL;
    td_error e = {0};
    db_mark m0, m1, m2, m3, m4;
    bool row = false;
    assert_int_equal(db_open(path, &d, &e), TD_OK);
    assert_int_equal(db_open(path, &other, &e), TD_OK);
    assert_int_equal(db_exec(d, "CREATE TABLE t(x)", &e), TD_OK);
    assert_true(db_change_mark(d, &m0));
    /* reads move nothing */
    assert_int_equal(db_prepare(d, "SELECT COUNT(*) FROM t", &st, &e), TD_OK);
    assert_int_equal(db_step(st, &row, &e), TD_OK);
    db_finalize(st);
    assert_true(db_change_mark(d, &m1));
    assert_true(m1.others == m0.others && m1.own == m0.own);
    assert_int_equal(db_own_writes(d), m1.own);
    /* another connection's commit moves the others' part */
    assert_int_equal(db_exec(other, "INSERT INTO t VALUES (1)", &e), TD_OK);
    assert_true(db_change_mark(d, &m2));
    assert_true(m2.others != m1.others);
    assert_true(m2.own == m1.own);
    /* this connection's own write (a prepared statement) moves its own part */
    assert_int_equal(db_prepare(d, "INSERT INTO t VALUES (2)", &st, &e), TD_OK);
    assert_int_equal(db_step(st, &row, &e), TD_OK);
    db_finalize(st);
    assert_true(db_change_mark(d, &m3));
    assert_true(m3.own != m2.own);
    assert_true(m3.others == m2.others);
    /* and so does a rollback, which undoes what was read inside it */
    assert_int_equal(db_begin(d, &e), TD_OK);
    uint64_t before = db_own_writes(d);
    db_rollback(d);
    assert_true(db_own_writes(d) != before);
    assert_true(db_change_mark(d, &m4));
    assert_true(m4.own != m3.own);
    db_close(other);
    db_close(d);
    cleanup(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_new_database_gets_the_latest_schema),
        cmocka_unit_test(an_old_database_is_upgraded_in_place),
        cmocka_unit_test(a_failed_migration_leaves_the_previous_version),
        cmocka_unit_test(a_newer_database_is_refused),
        cmocka_unit_test(a_file_that_is_not_a_database_is_refused),
        cmocka_unit_test(a_plan_round_trips),
        cmocka_unit_test(a_rolled_back_change_leaves_nothing),
        cmocka_unit_test(a_plan_is_updated_in_place),
        cmocka_unit_test(the_audit_trail_is_filtered),
        cmocka_unit_test(the_audit_days_are_vietnams),
        cmocka_unit_test(older_entries_are_searchable_after_the_upgrade),
        cmocka_unit_test(the_upgrade_to_version_5_keeps_the_figures),
        cmocka_unit_test(unit_targets_round_trip_and_are_audited),
        cmocka_unit_test(a_gap_in_the_migrations_is_filled_later),
        cmocka_unit_test(deadlines_take_their_wording_on_upgrade),
        cmocka_unit_test(a_write_against_a_changed_state_is_refused),
        cmocka_unit_test(a_figure_audit_json_is_janssons_byte_for_byte),
        cmocka_unit_test(a_bulk_write_from_a_stale_read_is_refused),
        cmocka_unit_test(a_second_writer_waits_then_is_told_busy),
        cmocka_unit_test(a_backup_is_checked_and_restored),
        cmocka_unit_test(a_database_opened_by_several_at_once_is_migrated_once),
        cmocka_unit_test(a_kept_statement_comes_back_reset_and_unbound),
        cmocka_unit_test(more_statements_than_are_kept_all_answer),
        cmocka_unit_test(the_change_mark_moves_with_every_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
