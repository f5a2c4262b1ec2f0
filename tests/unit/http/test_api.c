/* test_api.c — the API's route table (src/http/router.c, read through api_route) and its
 * OpenAPI document (docs/openapi.json) describe the same API: every route the server
 * dispatches on is documented, with its method, and every documented operation is served. */
#include "cmocka_all.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "http/api.h"

static bool served(const char *method, const char *path)
{
    const char *m, *p;
    for (size_t i = 0; api_route(i, &m, &p); i++)
        if (strcmp(m, method) == 0 && strcmp(p, path) == 0)
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
    const char *m, *route_path;
    for (; api_route(routes, &m, &route_path); routes++) {
        char method[8];
        size_t k = 0;
        for (; m[k] && k + 1 < sizeof method; k++)
            method[k] = (char)(m[k] - 'A' + 'a');
        method[k] = '\0';
        json_t *p = json_object_get(paths, route_path);
        if (!p || !json_object_get(p, method))
            fail_msg("served but not documented: %s %s", m, route_path);
    }
    assert_int_equal(documented, routes);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(routes_match_the_openapi_document)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
