/* test_secret.c — the mail server's password sealed with a key outside the database
 * (src/service/secret.c): it opens with that key only, the key file is made once and private,
 * and a value stored before sealing still reads. */
#include "cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo_store.h"
#include "service/secret.h"

static void write_key(const char *path, const char *hex)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(hex, f);
    fclose(f);
}

static void seals_with_a_private_key_beside_the_database_and_opens_with_it(void **state)
{
    (void)state;
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    const char *sealed = NULL, *again = NULL, *opened = NULL;
    unsetenv("THIDUA_SECRET_FILE");
    demo_store_open(&d);
    const char *key = secret_key_path(a, d.s);
    assert_string_equal(key, arena_printf(a, "%s.key", d.path));
    assert_int_equal(secret_seal(a, d.s, "mật-khẩu bí mật", &sealed, &e), TD_OK);
    assert_true(strncmp(sealed, "sb1:", 4) == 0);
    assert_null(strstr(sealed, "bí mật"));
    /* the key file: made on the first seal, readable by its owner only */
    struct stat sb;
    assert_int_equal(stat(key, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* a fresh nonce each time: the same password never seals to the same text */
    assert_int_equal(secret_seal(a, d.s, "mật-khẩu bí mật", &again, &e), TD_OK);
    assert_string_not_equal(sealed, again);
    assert_int_equal(secret_open(a, d.s, sealed, &opened, &e), TD_OK);
    assert_string_equal(opened, "mật-khẩu bí mật");
    /* stored before sealing existed: read as it is */
    assert_int_equal(secret_open(a, d.s, "cu-chua-niem-phong", &opened, &e), TD_OK);
    assert_string_equal(opened, "cu-chua-niem-phong");
    arena_free(a);
    demo_store_close(&d);
}

static void another_key_or_a_damaged_value_says_to_enter_the_password_again(void **state)
{
    (void)state;
    demo_store d;
    arena *a = arena_new();
    td_error e = {0};
    const char *sealed = NULL, *opened = NULL;
    char other[80];
    demo_store_open(&d);
    snprintf(other, sizeof other, "%s.other", d.path);
    unsetenv("THIDUA_SECRET_FILE");
    assert_int_equal(secret_seal(a, d.s, "bi-mat", &sealed, &e), TD_OK);
    write_key(other, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
    setenv("THIDUA_SECRET_FILE", other, 1);
    assert_string_equal(secret_key_path(a, d.s), other);
    assert_int_equal(secret_open(a, d.s, sealed, &opened, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "không phải khóa đã dùng khi lưu"));
    assert_non_null(strstr(e.msg, "thidua remind smtp"));
    /* a key file that is not a key is said so, not used */
    write_key(other, "not a key\n");
    assert_int_equal(secret_seal(a, d.s, "x", &sealed, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "không phải một khóa"));
    assert_int_equal(secret_open(a, d.s, "sb1:!!!", &opened, &e), TD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "bị hỏng"));
    unsetenv("THIDUA_SECRET_FILE");
    unlink(other);
    arena_free(a);
    demo_store_close(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seals_with_a_private_key_beside_the_database_and_opens_with_it),
        cmocka_unit_test(another_key_or_a_damaged_value_says_to_enter_the_password_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
