/* test_planload.c — plan documents into the store (src/service/planload.c): one sent over the
 * API creates a plan as `plan import` does, and one written over a stored plan updates it in
 * place, or, when it would delete a target that has figures, writes nothing. The documents are
 * those planexport writes (src/service/planexport.c). */
#include "cmocka_all.h"

#include <stdlib.h>
#include <string.h>

#include "demo_store.h"
#include "service/planexport.h"

/* The demo plan's document, with fn applied, as text in a. */
static char *document(demo_store *d, arena *a, void (*fn)(json_t *doc))
{
    json_t *doc = NULL;
    td_error e = {0};
    assert_int_equal(planexport_json(d->s, a, NULL, 1, &doc, &e), TD_OK);
    if (fn)
        fn(doc);
    char *text = json_dumps(doc, JSON_PRESERVE_ORDER);
    char *copy = arena_strdup(a, text);
    free(text);
    json_decref(doc);
    return copy;
}

/* The node of code in a document's tree. */
static json_t *node(json_t *list, const char *code)
{
    size_t i;
    json_t *n, *found = NULL;
    json_array_foreach(list, i, n)
    {
        if (strcmp(json_string_value(json_object_get(n, "code")), code) == 0)
            return n;
        found = found ? found : node(json_object_get(n, "children"), code);
    }
    return found;
}

static void without_1_3_4(json_t *doc)
{
    json_t *kids = json_object_get(node(json_object_get(json_object_get(doc, "plan"), "indicators"), "1.3"), "children");
    for (size_t i = 0; i < json_array_size(kids); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(kids, i), "code")), "1.3.4") == 0)
            json_array_remove(kids, i);
    json_object_set_new(json_object_get(doc, "plan"), "title", json_string("Không được ghi"));
}

static void renamed_and_added(json_t *doc)
{
    json_t *inds = json_object_get(json_object_get(doc, "plan"), "indicators");
    json_object_set_new(node(inds, "1.3.1"), "name", json_string("Rau màu các loại"));
    json_array_append_new(inds, json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s}}", "code", "21", "name", "Mới", "group",
                                          "economy", "frequency", "year", "measure", "level", "target", "text",
                                          "từ 50% trở lên"));
}

static void updates_in_place(void **state)
{
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    json_t *summary = NULL, *blocked = NULL;
    plan *p = NULL;
    long audits = 0, audits_after = 0;

    demo_store_open(&d);
    /* written back as it is: nothing changes but the revision */
    const char *same = document(&d, a, NULL);
    assert_int_equal(planload_update(d.s, a, NULL, 1, "kh", same, strlen(same), &summary, &blocked, &e),
                     TD_OK);
    json_t *inds = json_object_get(summary, "indicators");
    assert_int_equal(json_integer_value(json_object_get(inds, "unchanged")), 59);
    assert_int_equal(json_integer_value(json_object_get(inds, "changed")), 0);
    assert_false(json_is_true(json_object_get(summary, "header_changed")));
    json_decref(summary);
    assert_int_equal(store_plan_get(d.s, a, 1, &p, &e), TD_OK);
    assert_int_equal(p->revision, 2);
    assert_string_equal(document(&d, a, NULL), same);

    /* a rename and an addition */
    const char *changed = document(&d, a, renamed_and_added);
    assert_int_equal(planload_update(d.s, a, NULL, 1, "kh", changed, strlen(changed), &summary, &blocked, &e),
                     TD_OK);
    inds = json_object_get(summary, "indicators");
    assert_int_equal(json_integer_value(json_object_get(inds, "added")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(inds, "changed_codes"), 0)), "1.3.1");
    assert_non_null(strstr(json_string_value(json_object_get(summary, "summary")), "thêm 1, sửa 1, xóa 0"));
    json_decref(summary);

    /* a target with figures cannot go: nothing is written, not even the audit entry */
    assert_int_equal(store_audit_count(d.s, &audits, &e), TD_OK);
    const char *before = document(&d, a, NULL);
    const char *without = document(&d, a, without_1_3_4);
    assert_int_equal(planload_update(d.s, a, NULL, 1, "kh", without, strlen(without), &summary, &blocked, &e),
                     TD_ERR_CONFLICT);
    assert_null(summary);
    assert_string_equal(e.msg, "Không thể xóa chỉ tiêu đã có số liệu: 1.3.4");
    assert_int_equal(json_array_size(blocked), 1);
    assert_string_equal(json_string_value(json_array_get(blocked, 0)), "1.3.4");
    json_decref(blocked);
    assert_string_equal(document(&d, a, NULL), before);
    assert_int_equal(store_audit_count(d.s, &audits_after, &e), TD_OK);
    assert_int_equal(audits_after, audits);

    /* the added target has no figures: it goes */
    assert_int_equal(planload_update(d.s, a, NULL, 1, "kh", same, strlen(same), &summary, &blocked, &e),
                     TD_OK);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(summary, "indicators"), "removed")), 1);
    json_decref(summary);
    demo_store_close(&d);
    arena_free(a);
}

static void kinds_and_shares_changed(json_t *doc)
{
    json_t *inds = json_object_get(json_object_get(doc, "plan"), "indicators");
    json_object_set_new(node(inds, "1.3.1"), "direction", json_string("band"));
    json_object_set_new(node(inds, "1.3.3"), "aggregation", json_string("commune"));
    json_array_remove(json_object_get(node(inds, "1.3.4"), "unit_targets"), 0);
    json_object_set_new(node(inds, "4"), "measure", json_string("level"));
}

/* The demo hands the villages their shares, adding up to the commune's figures; a plan file
 * written over the plan that changes a roll-up, a direction, a measure or a share counts the
 * indicator as changed and stores it. */
static void shares_and_kinds_are_loaded_and_updated(void **state)
{
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    json_t *summary = NULL, *blocked = NULL;
    plan *p = NULL;

    demo_store_open(&d);
    assert_int_equal(store_plan_get(d.s, a, 1, &p, &e), TD_OK);
    const indicator *herd = plan_find_indicator(p, "1.3.4");
    assert_int_equal(herd->n_unit_targets, 4);
    double sum = 0;
    for (size_t i = 0; i < herd->n_unit_targets; i++)
        sum += herd->unit_targets[i].target.value;
    assert_true(sum == herd->target->value);
    const indicator *band = plan_find_indicator(p, "1.3.1");
    double low = 0, high = 0;
    for (size_t i = 0; i < band->n_unit_targets; i++) {
        low += band->unit_targets[i].target.value;
        high += band->unit_targets[i].target.high;
    }
    assert_true(low == band->target->value && high == band->target->high);
    assert_int_equal(plan_find_indicator(p, "3")->agg, AGG_RATIO);
    assert_int_equal(plan_find_indicator(p, "4")->meas, MEASURE_BUILDUP);
    assert_int_equal(plan_find_indicator(p, "1.2.1")->dir, DIR_HIGHER);

    const char *changed = document(&d, a, kinds_and_shares_changed);
    assert_int_equal(planload_update(d.s, a, NULL, 1, "kh", changed, strlen(changed), &summary, &blocked, &e),
                     TD_OK);
    json_t *codes = json_object_get(json_object_get(summary, "indicators"), "changed_codes");
    assert_int_equal(json_array_size(codes), 4);
    json_decref(summary);
    assert_int_equal(store_plan_get(d.s, a, 1, &p, &e), TD_OK);
    assert_int_equal(plan_find_indicator(p, "1.3.1")->dir, DIR_BAND);
    assert_int_equal(plan_find_indicator(p, "1.3.3")->agg, AGG_COMMUNE);
    assert_int_equal(plan_find_indicator(p, "1.3.4")->n_unit_targets, 3);
    assert_int_equal(plan_find_indicator(p, "4")->meas, MEASURE_LEVEL);
    demo_store_close(&d);
    arena_free(a);
}

static void bad_documents_are_refused(void **state)
{
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    json_t *summary = NULL, *blocked = NULL;
    static const char other_commune[] =
        "{\"format\": \"thidua-plan/1\", \"commune\": {\"code\": \"xa-khac\", \"name\": \"X\", \"city\": \"Y\"},"
        " \"plan\": {\"number\": \"1\", \"issuer\": \"U\", \"title\": \"T\","
        "  \"period\": {\"start\": \"2026-01-01\", \"end\": \"2026-12-31\"},"
        "  \"indicators\": [{\"code\": \"1\", \"name\": \"N\", \"group\": \"economy\", \"frequency\": \"year\","
        "   \"measure\": \"level\", \"target\": {\"text\": \"trên 5%\"}}]}}";

    demo_store_open(&d);
    assert_int_equal(
        planload_update(d.s, a, NULL, 1, "kh", other_commune, strlen(other_commune), &summary, &blocked, &e),
        TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "kh: commune.code"));
    assert_int_equal(planload_update(d.s, a, NULL, 1, "kh", "{\"format\": 1}", 13, &summary, &blocked, &e),
                     TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "kh: format"));
    assert_int_equal(
        planload_update(d.s, a, NULL, 7, "kh", other_commune, strlen(other_commune), &summary, &blocked, &e),
        TD_ERR_NOTFOUND);
    demo_store_close(&d);
    arena_free(a);
}

static void a_document_creates_a_plan(void **state)
{
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    planload_summary sum;
    plan *p = NULL;
    static const char no_plan[] = "{\"format\": \"thidua-plan/1\", \"demo\": true, \"commune\": {\"code\": \"kien-hai\"}}";

    demo_store_open(&d);
    const char *doc = document(&d, a, NULL);
    assert_int_equal(planload_bytes(d.s, "kh", doc, strlen(doc), &sum, &e), TD_OK);
    assert_int_equal(sum.plan_id, 2);
    assert_int_equal(sum.indicators, 59);
    assert_int_equal(store_plan_get(d.s, a, 2, &p, &e), TD_OK);
    assert_int_equal(p->n_indicators, 20);
    assert_int_equal(planload_bytes(d.s, "kh", no_plan, strlen(no_plan), &sum, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "plan"));
    const char *with_values = arena_printf(a, "%.*s, \"values\": \"v.csv\"}", (int)strlen(doc) - 1, doc);
    assert_int_equal(planload_bytes(d.s, "kh", with_values, strlen(with_values), &sum, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "values"));
    assert_int_equal(store_plan_get(d.s, a, 3, &p, &e), TD_ERR_NOTFOUND);
    demo_store_close(&d);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(updates_in_place),
        cmocka_unit_test(shares_and_kinds_are_loaded_and_updated),
        cmocka_unit_test(bad_documents_are_refused),
        cmocka_unit_test(a_document_creates_a_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
