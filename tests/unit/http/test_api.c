/* test_api.c — the API's routes (src/http/api.c) and its OpenAPI document (docs/openapi.json)
 * describe the same API: every route the server registers is documented, with its method, and
 * every documented operation is served. */
#include "cmocka_all.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "http/api.h"

static bool served(const char *method, const char *path)
{
    char want[300];
    snprintf(want, sizeof want, "%s %s", method, path);
    for (const char *const *r = api_routes; *r; r++)
        if (strcmp(*r, want) == 0)
            return true;
    return false;
}

static void routes_match_the_openapi_document(void **state)
{
    json_error_t je;
    json_t *doc = json_load_file("docs/openapi.json", 0, &je);
    if (!doc)
        fail_msg("docs/openapi.json: %s (line %d)", je.text, je.line);
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
    json_t *paths = json_object_get(doc, "paths"), *item;
    const char *path;
    size_t documented = 0;
    json_object_foreach(paths, path, item)
    {
        static const char *const methods[] = {"get", "post", "put", "patch", "delete", NULL};
        for (const char *const *m = methods; *m; m++) {
            if (!json_object_get(item, *m))
                continue;
            char upper[8];
            size_t i = 0;
            for (; (*m)[i]; i++)
                upper[i] = (char)((*m)[i] - 'a' + 'A');
            upper[i] = '\0';
            if (!served(upper, path))
                fail_msg("documented but not served: %s %s", upper, path);
            documented++;
        }
    }
    size_t routes = 0;
    for (const char *const *r = api_routes; *r; r++, routes++) {
        char method[8], route_path[300];
        assert_int_equal(sscanf(*r, "%7s %299s", method, route_path), 2);
        for (char *c = method; *c; c++)
            *c = (char)(*c - 'A' + 'a');
        json_t *p = json_object_get(paths, route_path);
        if (!p || !json_object_get(p, method))
            fail_msg("served but not documented: %s", *r);
    }
    assert_int_equal(documented, routes);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(routes_match_the_openapi_document)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
