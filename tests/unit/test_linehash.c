/* Unit tests for primaryLocationLineHash (report/linehash.c): the expected
 * values are those of codeql-action's src/fingerprints.test.ts ("hash"), plus
 * the UTF-8 cases its Node decoder decides (checked against Node 20). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "report/linehash.h"

static void check_hashes(const char *input, size_t len, const char *const *expected, size_t n_expected)
{
    size_t n = 0;
    char **hashes = al_line_hashes(input, len, &n);
    assert_int_equal(n, n_expected);
    for (size_t i = 0; i < n; i++) assert_string_equal(hashes[i], expected[i]);
    al_line_hashes_free(hashes, n);
}

#define CHECK(input, ...)                                                                       \
    do {                                                                                        \
        static const char *const expected_[] = {__VA_ARGS__};                                   \
        check_hashes(input, sizeof(input) - 1, expected_, sizeof expected_ / sizeof *expected_); \
    } while (0)

static void test_empty_file(void **state)
{
    (void)state;
    CHECK("", "c129715d7a2bc9a3:1");
}

static void test_blanks_are_skipped(void **state)
{
    (void)state;
    CHECK(" a\nb\n  \t\tc\n d", "271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1",
          "a23a3dc5e078b07b:1");
    CHECK(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", "8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1",
          "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1");
}

/* \n, \r and \r\n all end a line, in any mix. */
static void test_line_endings(void **state)
{
    (void)state;
#define GREETINGS_HASHES                                                                              \
    "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",           \
        "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"
    CHECK(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", GREETINGS_HASHES);
    CHECK(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", GREETINGS_HASHES);
    CHECK(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", GREETINGS_HASHES);
    CHECK(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", GREETINGS_HASHES);
#undef GREETINGS_HASHES
}

/* Identical windows get increasing occurrence counts. */
static void test_repeated_lines(void **state)
{
    (void)state;
    char input[29 * 10 + 1] = "";
    for (int i = 0; i < 10; i++) strcat(input, "Lorem ipsum dolor sit amet.\n");
    static const char *const expected[] = {
        "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
        "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
        "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
    };
    check_hashes(input, strlen(input), expected, sizeof expected / sizeof *expected);
}

static void test_python_source(void **state)
{
    (void)state;
    CHECK("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n", "e54938cc54b302f1:1", "bb609acbe9138d60:1",
          "1131fd5871777f34:1", "5c482a0f8b35ea28:1", "54517377da7028d2:1", "2c644846cb18d53e:1",
          "f1b89f20de0d133:1", "c129715d7a2bc9a3:1");
}

/* Hashed as Node reads the file: UTF-16 code units (a surrogate pair for
 * U+1F600), a kept BOM, U+FFFD per maximal invalid subpart (the lone 0x80,
 * the truncated E2 82, the surrogate ED A0 80 as three), and a truncated
 * sequence at the end of the file. Values from fingerprints.ts hash() (with
 * the long package) run under Node 20 on the same bytes. */
static void test_utf8_as_node_decodes(void **state)
{
    (void)state;
    CHECK("\xEF\xBB\xBFx = '\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80'\n\x80y\xE2\x82\nz\xED\xA0\x80\n\xF0\x9F\x98",
          "e84d3950913b4ec6:1", "e91a24793ceccdec:1", "c2bd3b07335395e7:1", "8989dec65f08d110:1");
}

static void test_single_line(void **state)
{
    (void)state;
    static const char src[] = "a\nb\nc\n";
    size_t n = 0;
    char **all = al_line_hashes(src, sizeof src - 1, &n);
    assert_int_equal(n, 4);
    char *h = al_line_hash(src, sizeof src - 1, 2);
    assert_non_null(h);
    assert_string_equal(h, all[1]);
    free(h);
    al_line_hashes_free(all, n);
    h = al_line_hash(src, sizeof src - 1, 4);
    assert_string_equal(h, "c129715d7a2bc9a3:1");
    free(h);
    assert_null(al_line_hash(src, sizeof src - 1, 0));
    assert_null(al_line_hash(src, sizeof src - 1, 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_file),       cmocka_unit_test(test_blanks_are_skipped),
        cmocka_unit_test(test_line_endings),     cmocka_unit_test(test_repeated_lines),
        cmocka_unit_test(test_python_source),    cmocka_unit_test(test_utf8_as_node_decodes),
        cmocka_unit_test(test_single_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
