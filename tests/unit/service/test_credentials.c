/* test_credentials.c — the session cookie and the bearer token read from request headers
 * (src/service/credentials.c). */
#include "cmocka_all.h"

#include "service/credentials.h"

static void finds_the_session_cookie_among_others(void **state)
{
    arena *a = arena_new();
    assert_string_equal(credentials_session_cookie(a, "thidua_session=abc"), "abc");
    assert_string_equal(credentials_session_cookie(a, "lang=vi; thidua_session=abc; theme=dark"), "abc");
    assert_string_equal(credentials_session_cookie(a, "lang=vi;thidua_session=abc"), "abc");
    /* a cookie whose name only ends like ours is not ours; the real one after it is found */
    assert_string_equal(credentials_session_cookie(a, "xthidua_session=evil; thidua_session=abc"), "abc");
    assert_null(credentials_session_cookie(a, "xthidua_session=evil"));
    assert_null(credentials_session_cookie(a, "thidua_session=; lang=vi"));
    assert_null(credentials_session_cookie(a, "lang=vi"));
    assert_null(credentials_session_cookie(a, NULL));
    arena_free(a);
}

static void reads_a_bearer_token(void **state)
{
    arena *a = arena_new();
    assert_string_equal(credentials_bearer(a, "Bearer abc"), "abc");
    assert_string_equal(credentials_bearer(a, "bearer   abc  "), "abc");
    assert_null(credentials_bearer(a, "Basic Zm9vOmJhcg=="));
    assert_null(credentials_bearer(a, "Bearer "));
    assert_null(credentials_bearer(a, "Bearer    "));
    assert_null(credentials_bearer(a, "Bearerabc"));
    assert_null(credentials_bearer(a, NULL));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_the_session_cookie_among_others),
        cmocka_unit_test(reads_a_bearer_token),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
