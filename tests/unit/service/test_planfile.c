/* test_planfile.c — reading plan data files (src/service/planfile.c): a good file, and each
 * kind of bad file gets one message naming the file and where. */
#include "cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/planfile.h"

#define GOOD                                                                                                 \
    "{\"format\": \"thidua-plan/1\","                                                                          \
    " \"commune\": {\"code\": \"kien-hai\", \"name\": \"xã Kiến Hải\", \"city\": \"thành phố Hải Phòng\"},"      \
    " \"org_units\": [{\"code\": \"vh-xh\", \"name\": \"Phòng Văn hóa - Xã hội\", \"kind\": \"office\"},"          \
    "   {\"code\": \"thon-9\", \"name\": \"Thôn 9\", \"kind\": \"village\"}],"                                     \
    " \"plan\": {\"number\": \"/KH-UBND\", \"issuer\": \"UBND xã\", \"title\": \"Kế hoạch\","                      \
    "   \"period\": {\"start\": \"2026-01-01\", \"end\": \"2026-12-31\"},"                                         \
    "   \"deadlines\": [{\"kind\": \"unit_report\", \"due\": \"2026-12-05\", \"to_unit\": \"vh-xh\"}],"             \
    "   \"indicators\": [{\"code\": \"1\", \"name\": \"Tăng trưởng\", \"group\": \"economy\", \"unit\": \"%\","     \
    "     \"frequency\": \"quarter\", \"measure\": \"level\","                                                     \
    "     \"target\": {\"text\": \"từ 19% trở lên\", \"op\": \">=\", \"value\": 19, \"unit\": \"%\","              \
    "                  \"change\": \"increase\"},"                                                                 \
    "     \"children\": [{\"code\": \"1.1\", \"name\": \"Rau màu\", \"group\": \"economy\", \"unit\": \"ha\","     \
    "       \"frequency\": \"month\", \"measure\": \"level\", \"responsible\": [\"thon-9\"],"                      \
    "       \"target\": {\"text\": \"≥ 860 ha\"}}]}]}}"

static td_status parse(const char *text, planfile *pf, td_error *e, arena *a)
{
    return planfile_parse(a, "kh.json", text, strlen(text), pf, e);
}

static void reads_a_good_file(void **state)
{
    arena *a = arena_new();
    planfile pf;
    td_error e = {0};

    assert_int_equal(parse(GOOD, &pf, &e, a), TD_OK);
    assert_string_equal(pf.commune.name, "xã Kiến Hải");
    assert_int_equal(pf.n_units, 2);
    assert_int_equal(pf.units[1].kind, ORG_VILLAGE);
    assert_non_null(pf.plan);
    assert_string_equal(pf.plan->deadlines[0].due, "2026-12-05");
    assert_int_equal(pf.plan->n_indicators, 1);
    const indicator *leaf = &pf.plan->indicators[0].children[0];
    /* a target given only as text is read by the target parser */
    assert_int_equal(leaf->target->op, TARGET_GE);
    assert_true(leaf->target->value == 860);
    assert_string_equal(leaf->target->unit, "ha");
    assert_int_equal(leaf->freq, FREQ_MONTH);
    assert_string_equal(leaf->responsible[0], "thon-9");
    arena_free(a);
}

/* Replaces the first occurrence of from in GOOD by to. */
static const char *mutate(arena *a, const char *from, const char *to)
{
    const char *at = strstr(GOOD, from);
    assert_non_null(at);
    return arena_printf(a, "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from));
}

static void expect_error(const char *text, const char *want1, const char *want2)
{
    arena *a = arena_new();
    planfile pf;
    td_error e = {0};
    assert_int_equal(parse(text, &pf, &e, a), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "kh.json"));
    if (!strstr(e.msg, want1) || (want2 && !strstr(e.msg, want2)))
        fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", e.msg, want1, want2 ? want2 : "");
    arena_free(a);
}

static void each_bad_input_names_where(void **state)
{
    arena *a = arena_new();
    expect_error("{\"format\": \"thidua-plan/1\",", "JSON không hợp lệ", "kh.json:1:");
    expect_error("[1, 2]", "đối tượng JSON", NULL);
    expect_error("{\"format\": \"thidua-plan/1\", \"x\": 1, \"x\": 2}", "JSON không hợp lệ", NULL);
    expect_error(mutate(a, "thidua-plan/1", "thidua-plan/9"), "format", "thidua-plan/9");
    expect_error(mutate(a, "\"format\"", "\"fromat\": 1, \"format\""), "\"fromat\"", "không được hỗ trợ");
    expect_error(mutate(a, "\"kind\": \"village\"", "\"kind\": \"hamlet\""), "org_units[1].kind", "village");
    expect_error(mutate(a, "\"end\": \"2026-12-31\"", "\"end\": \"31/12/2026\""), "plan.period.end", "YYYY-MM-DD");
    expect_error(mutate(a, "\"start\": \"2026-01-01\"", "\"start\": \"2027-01-01\""), "plan.period",
                 "bắt đầu sau");
    expect_error(mutate(a, "\"due\": \"2026-12-05\"", "\"due\": \"2026-02-30\""), "plan.deadlines[0].due", NULL);
    expect_error(mutate(a, "\"to_unit\": \"vh-xh\"", "\"to_unit\": \"vh-xx\""), "vh-xx", "org_units");
    expect_error(mutate(a, "\"responsible\": [\"thon-9\"]", "\"responsible\": [\"thon-8\"]"), "thon-8", NULL);
    expect_error(mutate(a, "\"op\": \">=\"", "\"op\": \"=>\""), "plan.indicators[0].target", "op");
    expect_error(mutate(a, "\"value\": 19", "\"value\": \"19\""), "plan.indicators[0].target", "value");
    expect_error(mutate(a, "\"name\": \"Rau màu\"", "\"name\": 7"), "plan.indicators[0].children[0].name",
                 "chuỗi");
    expect_error(mutate(a, "\"code\": \"1.1\"", "\"code\": \"1\""), "\"1\"", "trùng");
    expect_error(mutate(a, "\"code\": \"thon-9\"", "\"code\": \"Thôn 9\""), "org_units[1].code", "không hợp lệ");
    expect_error(mutate(a, "\"title\": \"Kế hoạch\",", ""), "plan.title", "thiếu");
    expect_error(mutate(a, "\"group\": \"economy\", \"unit\": \"ha\"", "\"group\": \"kinh_te\", \"unit\": \"ha\""),
                 "group", "economy");
    arena_free(a);
}

/* A deadline's last day on time: from the wording when not given, the due day without either;
 * a task's duty and whom it names. */
static void deadlines_and_tasks(void **state)
{
    arena *a = arena_new();
    planfile pf;
    td_error e = {0};
    static const char due[] = "\"due\": \"2026-12-05\",";
    static const struct {
        const char *fields, *last;
    } cases[] = {
        {"", "2026-12-05"},
        {"\"wording\": \"trước ngày 05/12/2026\",", "2026-12-04"},
        {"\"wording\": \"chậm nhất ngày 05/12/2026\",", "2026-12-05"},
        {"\"wording\": \"trước hoặc trong ngày 05/12\",", "2026-12-05"},
        {"\"wording\": \"trước ngày 05/12/2026\", \"last_on_time\": \"2026-12-03\",", "2026-12-03"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *text = mutate(a, due, arena_printf(a, "%s %s", due, cases[i].fields));
        if (parse(text, &pf, &e, a) != TD_OK)
            fail_msg("%s", e.msg);
        assert_string_equal(pf.plan->deadlines[0].last_on_time, cases[i].last);
    }
    expect_error(mutate(a, due, "\"due\": \"2026-12-05\", \"wording\": \"trước ngày 15/12/2026\","),
                 "plan.deadlines[0].wording", "ngày khác");
    expect_error(mutate(a, due, "\"due\": \"2026-12-05\", \"wording\": \"sớm nhất có thể\","),
                 "plan.deadlines[0].wording", "không thấy ngày");
    expect_error(mutate(a, due, "\"due\": \"2026-12-05\", \"last_on_time\": \"2026-12-06\","),
                 "plan.deadlines[0].last_on_time", "sau hạn");

    const char *tasks = mutate(a, "\"indicators\":",
                               "\"tasks\": [{\"text\": \"Chủ trì, theo dõi, đôn đốc\", \"lead\": \"vh-xh\","
                               " \"duty\": \"follow_up\"}, {\"text\": \"Triển khai\", \"assignee\": \"Các cơ quan\"}],"
                               " \"indicators\":");
    assert_int_equal(parse(tasks, &pf, &e, a), TD_OK);
    assert_int_equal(pf.plan->n_tasks, 2);
    assert_int_equal(pf.plan->tasks[0].duty, DUTY_FOLLOW_UP);
    assert_string_equal(pf.plan->tasks[0].lead, "vh-xh");
    assert_int_equal(pf.plan->tasks[1].duty, DUTY_IMPLEMENT); /* no duty: one to carry out */
    assert_string_equal(pf.plan->tasks[1].assignee, "Các cơ quan");
    /* written back without the label, which is the program's */
    json_t *o = planfile_to_json(&pf);
    json_t *t0 = json_array_get(json_object_get(json_object_get(o, "plan"), "tasks"), 0);
    assert_string_equal(json_string_value(json_object_get(t0, "duty")), "follow_up");
    assert_null(json_object_get(t0, "duty_label"));
    json_decref(o);
    expect_error(mutate(a, "\"indicators\":", "\"tasks\": [{\"text\": \"x\", \"duty\": \"chủ trì\"}], \"indicators\":"),
                 "plan.tasks[0].duty", "follow_up");
    arena_free(a);
}

static void rejects_non_utf8(void **state)
{
    arena *a = arena_new();
    planfile pf;
    td_error e = {0};
    const char *latin1 = "{\"format\": \"thidua-plan/1\",\n \"label\": \"Ki\xea" "n H\xe1i\"}";
    assert_int_equal(parse(latin1, &pf, &e, a), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "kh.json:2:"));
    assert_non_null(strstr(e.msg, "UTF-8"));
    arena_free(a);
}

static void stores_nfc(void **state)
{
    arena *a = arena_new();
    planfile pf;
    td_error e = {0};
    /* "Thôn 9" with a decomposed ô (o + U+0302) */
    const char *text = mutate(a, "\"name\": \"Thôn 9\"", "\"name\": \"Tho\xcc\x82n 9\"");
    assert_int_equal(parse(text, &pf, &e, a), TD_OK);
    assert_string_equal(pf.units[1].name, "Thôn 9");
    arena_free(a);
}

/* Every cut of the real plan file is refused with a message, never a crash (the suite also
 * runs under ASan) and never a half-read plan. */
static void truncated_files_are_refused(void **state)
{
    FILE *f = fopen("data/plans/kien-hai-2026.json", "rb");
    static char buf[256 * 1024];
    size_t len;

    assert_non_null(f);
    len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(len > 1000 && len < sizeof buf);
    for (size_t cut = 0; cut < len - 2; cut += 89) {
        arena *a = arena_new();
        planfile pf;
        td_error e = {0};
        assert_int_equal(planfile_parse(a, "kh.json", buf, cut, &pf, &e), TD_ERR_INPUT);
        assert_non_null(strstr(e.msg, "kh.json"));
        arena_free(a);
    }
    arena *a = arena_new();
    planfile pf;
    assert_int_equal(planfile_parse(a, "kh.json", buf, len, &pf, NULL), TD_OK);
    arena_free(a);
}


/* planfile_to_json writes what planfile_parse reads: read, write, read again, write again. */
static void writes_what_it_reads(void **state)
{
    arena *a = arena_new();
    planfile pf, again;
    td_error e = {0};

    assert_int_equal(parse(GOOD, &pf, &e, a), TD_OK);
    json_t *doc = planfile_to_json(&pf);
    char *text = json_dumps(doc, JSON_PRESERVE_ORDER);
    if (parse(text, &again, &e, a) != TD_OK)
        fail_msg("%s\n%s", e.msg, text);
    json_t *doc2 = planfile_to_json(&again);
    assert_true(json_equal(doc, doc2));
    const indicator *leaf = &again.plan->indicators[0].children[0];
    assert_true(target_equal(leaf->target, pf.plan->indicators[0].children[0].target));
    assert_string_equal(leaf->target->text, "≥ 860 ha");
    assert_string_equal(again.plan->deadlines[0].to_unit, "vh-xh");
    /* what the file left out is written as null */
    assert_true(json_is_null(json_object_get(json_object_get(doc, "plan"), "issued_on")));
    free(text);
    json_decref(doc);
    json_decref(doc2);
    arena_free(a);
}

/* How an indicator rolls up, which way is better and how it runs through the year: read when the
 * file says them, guessed from the wording when it does not; the targets assigned to units, as
 * text or as the target object, in unit code order, each unit once and known to the file. */
static void reads_indicator_kinds_and_unit_targets(void **state)
{
    arena *a = arena_new();
    planfile pf, again;
    td_error e = {0};
    const char *text = mutate(
        a, "\"responsible\": [\"thon-9\"],",
        "\"responsible\": [\"thon-9\"], \"aggregation\": \"ratio\", \"direction\": \"band\","
        " \"unit_targets\": [{\"org_unit\": \"vh-xh\", \"target\": {\"text\": \"≥ 200 ha\"}},"
        "                   {\"org_unit\": \"thon-9\", \"target\": \"khoảng 660 ha\"}],");
    text = arena_printf(a, "%s", text);
    assert_int_equal(parse(text, &pf, &e, a), TD_OK);
    const indicator *leaf = &pf.plan->indicators[0].children[0];
    assert_int_equal(leaf->agg, AGG_RATIO);
    assert_int_equal(leaf->dir, DIR_BAND);
    assert_int_equal(leaf->n_unit_targets, 2);
    assert_string_equal(leaf->unit_targets[0].org_unit_code, "thon-9"); /* sorted by code */
    assert_int_equal(leaf->unit_targets[0].target.op, TARGET_APPROX);
    assert_true(leaf->unit_targets[0].target.value == 660);
    assert_true(leaf->unit_targets[1].target.value == 200);
    /* the parent says nothing: a growth in % is guessed as the wording reads */
    assert_int_equal(pf.plan->indicators[0].meas, MEASURE_LEVEL);

    /* "buildup" is a measure a file may say */
    assert_int_equal(parse(mutate(a, "\"frequency\": \"month\", \"measure\": \"level\"",
                                  "\"frequency\": \"month\", \"measure\": \"buildup\""),
                           &pf, &e, a),
                     TD_OK);
    assert_int_equal(pf.plan->indicators[0].children[0].meas, MEASURE_BUILDUP);

    /* written and read back the same */
    assert_int_equal(parse(text, &pf, &e, a), TD_OK);
    json_t *doc = planfile_to_json(&pf);
    char *out = json_dumps(doc, JSON_PRESERVE_ORDER);
    assert_null(strstr(out, "_label")); /* labels are for people, not for the file */
    assert_int_equal(parse(out, &again, &e, a), TD_OK);
    const indicator *back = &again.plan->indicators[0].children[0];
    assert_int_equal(back->agg, AGG_RATIO);
    assert_int_equal(back->dir, DIR_BAND);
    assert_int_equal(back->n_unit_targets, 2);
    assert_true(target_equal(&back->unit_targets[0].target, &leaf->unit_targets[0].target));
    assert_string_equal(back->unit_targets[0].target.text, "khoảng 660 ha");
    free(out);
    json_decref(doc);

    /* refused, each naming where */
    expect_error(mutate(a, "\"measure\": \"level\",", "\"measure\": \"level\", \"aggregation\": \"mean\","),
                 "plan.indicators[0].aggregation", "sum, rate, ratio, commune");
    expect_error(mutate(a, "\"measure\": \"level\",", "\"measure\": \"level\", \"direction\": \"up\","),
                 "plan.indicators[0].direction", "higher, lower, band");
    expect_error(mutate(a, "\"responsible\": [\"thon-9\"],",
                        "\"responsible\": [\"thon-9\"], \"unit_targets\": [{\"org_unit\": \"thon-8\", \"target\": \"1 ha\"}],"),
                 "chỉ tiêu 1.1: unit_targets", "\"thon-8\"");
    expect_error(mutate(a, "\"responsible\": [\"thon-9\"],",
                        "\"responsible\": [\"thon-9\"], \"unit_targets\": [{\"org_unit\": \"thon-9\", \"target\": \"\"}],"),
                 "plan.indicators[0].children[0].unit_targets[0].target", NULL);
    expect_error(mutate(a, "\"responsible\": [\"thon-9\"],",
                        "\"responsible\": [\"thon-9\"], \"unit_targets\": [{\"org_unit\": \"thon-9\", \"target\": 5}],"),
                 "unit_targets[0].target", "khoảng 1.200 con");
    expect_error(mutate(a, "\"responsible\": [\"thon-9\"],",
                        "\"responsible\": [\"thon-9\"], \"unit_targets\": [{\"org_unit\": \"thon-9\", \"target\": \"1 ha\"},"
                        " {\"org_unit\": \"thon-9\", \"target\": \"2 ha\"}],"),
                 "unit_targets", "hai lần");
    arena_free(a);
}

static void units_come_after_their_parents(void **state)
{
    arena *a = arena_new();
    org_unit in[] = {{.code = "chi-doan", .parent_code = "doan-tn"},
                     {.code = "doan-tn", .parent_code = "mttq"},
                     {.code = "mttq"},
                     {.code = "le", .parent_code = "khong-co"}};
    org_unit *out = planfile_units_parents_first(a, in, 4);
    assert_string_equal(out[0].code, "mttq");
    assert_string_equal(out[1].code, "doan-tn");
    assert_string_equal(out[2].code, "chi-doan");
    assert_string_equal(out[3].code, "le"); /* its parent is elsewhere: kept, last */
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_what_it_reads),
        cmocka_unit_test(reads_indicator_kinds_and_unit_targets),
        cmocka_unit_test(units_come_after_their_parents),
        cmocka_unit_test(reads_a_good_file),
        cmocka_unit_test(each_bad_input_names_where),
        cmocka_unit_test(deadlines_and_tasks),
        cmocka_unit_test(rejects_non_utf8),
        cmocka_unit_test(stores_nfc),
        cmocka_unit_test(truncated_files_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
