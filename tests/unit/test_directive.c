/* Unit tests for inline directives (src/parse/directive.h, SPEC 3.4, 5, 9.12,
 * 9.14): ignore lists, noqa with AUTH codes only, client=browser,
 * exclude=KIND reason, several directives per comment, the output limit, and
 * hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/directive.h"

/* Asserts that exactly the listed rules are set (ids terminated by -1). */
static void assert_rules(const AlDirective *d, ...)
{
    bool want[AL_RULE_COUNT] = {0};
    va_list ap;
    va_start(ap, d);
    for (int id = va_arg(ap, int); id >= 0; id = va_arg(ap, int)) want[id] = true;
    va_end(ap);
    for (int i = 0; i < AL_RULE_COUNT; i++)
        if (d->rules[i] != want[i])
            fail_msg("rule %s: expected %d, got %d", al_rule_code((AlRuleId)i), want[i], d->rules[i]);
}

static void test_ignore_list_with_reason(void **state)
{
    (void)state;
    AlDirective d[4];
    int n = al_directive_parse("# authlint: ignore[AUTH003,AUTH004] legacy mobile client", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_IGNORE);
    assert_false(d[0].all_rules);
    assert_false(d[0].from_noqa);
    assert_rules(&d[0], AL_AUTH003, AL_AUTH004, -1);
    assert_string_equal(d[0].reason, "legacy mobile client");
    assert_int_equal(d[0].col, 3); /* "authlint:" starts at column 3 */

    /* Spaces inside the brackets, no reason. */
    n = al_directive_parse("#authlint: ignore[ AUTH001 , AUTH008 ]", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_IGNORE);
    assert_rules(&d[0], AL_AUTH001, AL_AUTH008, -1);
    assert_string_equal(d[0].reason, "");
    assert_int_equal(d[0].col, 2);
}

static void test_bare_ignore(void **state)
{
    (void)state;
    AlDirective d[4];
    int n = al_directive_parse("# authlint: ignore", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_IGNORE);
    assert_true(d[0].all_rules);
    assert_rules(&d[0], -1);
    assert_string_equal(d[0].reason, "");

    n = al_directive_parse("# authlint: ignore   because the view is dead code", d, 4);
    assert_int_equal(n, 1);
    assert_true(d[0].all_rules);
    assert_string_equal(d[0].reason, "because the view is dead code");

    /* "ignored" is not "ignore". */
    n = al_directive_parse("# authlint: ignored", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
    assert_string_equal(d[0].reason, "ignored");
}

static void test_ignore_bad_lists_are_invalid(void **state)
{
    (void)state;
    AlDirective d[4];
    /* Unknown code, unclosed bracket, empty list: recognised as ours but wrong. */
    int n = al_directive_parse("# authlint: ignore[AUTH999]", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
    assert_false(d[0].all_rules);
    n = al_directive_parse("# authlint: ignore[AUTH003", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
    n = al_directive_parse("# authlint: ignore[]", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
    assert_string_equal(d[0].reason, "[]");
    n = al_directive_parse("# authlint: ignore[AUTH003 AUTH004]", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
}

static void test_noqa(void **state)
{
    (void)state;
    AlDirective d[4];
    int n = al_directive_parse("# noqa: AUTH003", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_IGNORE);
    assert_true(d[0].from_noqa);
    assert_false(d[0].all_rules);
    assert_rules(&d[0], AL_AUTH003, -1);
    assert_int_equal(d[0].col, 3);

    /* Codes of other tools are skipped, ours kept. */
    n = al_directive_parse("# noqa: E501, AUTH001", d, 4);
    assert_int_equal(n, 1);
    assert_true(d[0].from_noqa);
    assert_rules(&d[0], AL_AUTH001, -1);

    n = al_directive_parse("#noqa:AUTH004,AUTH005", d, 4);
    assert_int_equal(n, 1);
    assert_rules(&d[0], AL_AUTH004, AL_AUTH005, -1);

    /* A bare noqa is not ours (SPEC 9.14), nor one with only other codes. */
    assert_int_equal(al_directive_parse("# noqa", d, 4), 0);
    assert_int_equal(al_directive_parse("# noqa:E501", d, 4), 0);
    assert_int_equal(al_directive_parse("# noqa: E501, W291", d, 4), 0);
    assert_int_equal(al_directive_parse("# noqa AUTH003", d, 4), 0);
    /* "noqa" inside a word is not a marker. */
    assert_int_equal(al_directive_parse("# snoqa: AUTH003", d, 4), 0);
    /* Ordinary comments. */
    assert_int_equal(al_directive_parse("# just a comment", d, 4), 0);
    assert_int_equal(al_directive_parse("#", d, 4), 0);
    assert_int_equal(al_directive_parse("", d, 4), 0);
    assert_int_equal(al_directive_parse("# authlint:", d, 4), 0);
}

/* flake8 and ruff read the noqa marker case-insensitively, and so does
 * authlint (tests/fixtures/inline/noqa_uppercase.py). The codes stay upper
 * case. (Failed before d515c3e.) */
static void test_noqa_uppercase(void **state)
{
    (void)state;
    AlDirective d[4];
    int n = al_directive_parse("# NOQA: AUTH003", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_IGNORE);
    assert_true(d[0].from_noqa);
    assert_rules(&d[0], AL_AUTH003, -1);
    assert_int_equal(d[0].col, 3);
    n = al_directive_parse("# NoQA:E501,AUTH004", d, 4);
    assert_int_equal(n, 1);
    assert_rules(&d[0], AL_AUTH004, -1);
    assert_int_equal(al_directive_parse("# NOQA", d, 4), 0);
}

static void test_client_browser(void **state)
{
    (void)state;
    AlDirective d[4];
    int n = al_directive_parse("# authlint: client=browser", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_BROWSER);
    assert_false(d[0].all_rules);
    assert_rules(&d[0], -1);
    n = al_directive_parse("# authlint: client=mobile", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
    assert_string_equal(d[0].reason, "client=mobile");
    n = al_directive_parse("# authlint: client=browsers", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
}

static void test_exclude(void **state)
{
    (void)state;
    AlDirective d[4];
    int n = al_directive_parse("# authlint: exclude=webhook signed by Stripe", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_EXCLUDE);
    assert_int_equal(d[0].exclusion, AL_EXCL_WEBHOOK);
    assert_string_equal(d[0].reason, "signed by Stripe");

    const char *kinds[] = {"admin", "oauth", "webhook", "hmac", "public", "internal"};
    for (int k = 0; k < 6; k++) {
        char text[64];
        snprintf(text, sizeof text, "# authlint: exclude=%s", kinds[k]);
        n = al_directive_parse(text, d, 4);
        assert_int_equal(n, 1);
        assert_int_equal(d[0].kind, AL_DIRECTIVE_EXCLUDE);
        assert_int_equal(d[0].exclusion, (AlExclusionKind)k);
        assert_string_equal(d[0].reason, "");
    }

    /* Only the six kinds of SPEC 3.4. */
    n = al_directive_parse("# authlint: exclude=bogus some text", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
    assert_string_equal(d[0].reason, "exclude=bogus some text");
    n = al_directive_parse("# authlint: exclude=", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
    n = al_directive_parse("# authlint: exclude=webhooks", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
    n = al_directive_parse("# authlint: frobnicate", d, 4);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_INVALID);
    assert_string_equal(d[0].reason, "frobnicate");
}

static void test_several_directives(void **state)
{
    (void)state;
    AlDirective d[8];
    /* ';'-separated in one authlint segment. */
    int n = al_directive_parse("# authlint: client=browser; exclude=hmac partner signature", d, 8);
    assert_int_equal(n, 2);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_BROWSER);
    assert_int_equal(d[1].kind, AL_DIRECTIVE_EXCLUDE);
    assert_int_equal(d[1].exclusion, AL_EXCL_HMAC);
    assert_string_equal(d[1].reason, "partner signature");

    /* noqa, then an authlint segment, in one comment. */
    n = al_directive_parse("# noqa: AUTH001  # authlint: client=browser", d, 8);
    assert_int_equal(n, 2);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_IGNORE);
    assert_true(d[0].from_noqa);
    assert_rules(&d[0], AL_AUTH001, -1);
    assert_int_equal(d[0].col, 3);
    assert_int_equal(d[1].kind, AL_DIRECTIVE_BROWSER);
    assert_int_equal(d[1].col, 20);

    /* authlint, then noqa. */
    n = al_directive_parse("# authlint: ignore[AUTH004] order is fine # noqa: E501, AUTH008", d, 8);
    assert_int_equal(n, 2);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_IGNORE);
    assert_rules(&d[0], AL_AUTH004, -1);
    assert_string_equal(d[0].reason, "order is fine");
    assert_true(d[1].from_noqa);
    assert_rules(&d[1], AL_AUTH008, -1);

    /* Empty pieces between separators are skipped. */
    n = al_directive_parse("# authlint: ; client=browser ;; ", d, 8);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_BROWSER);
}

/* SPEC 9.12: the rest of the comment after exclude=KIND is the reason; a ';'
 * inside it is text, not a new (unrecognised) directive. Same for an ignore
 * reason. (Failed before d515c3e.) */
static void test_reason_keeps_semicolon(void **state)
{
    (void)state;
    AlDirective d[8];
    int n = al_directive_parse("# authlint: exclude=webhook signed by Stripe; see PR 12", d, 8);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_EXCLUDE);
    assert_string_equal(d[0].reason, "signed by Stripe; see PR 12");
    n = al_directive_parse("# authlint: ignore[AUTH003] legacy client; remove in Q3", d, 8);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_IGNORE);
    assert_string_equal(d[0].reason, "legacy client; remove in Q3");
}

static void test_max_respected(void **state)
{
    (void)state;
    AlDirective d[3];
    memset(d, 0x7f, sizeof d);
    const char *c = "# authlint: client=browser; ignore; exclude=admin; ignore[AUTH001]";
    assert_int_equal(al_directive_parse(c, d, 2), 2);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_BROWSER);
    assert_int_equal(d[1].kind, AL_DIRECTIVE_IGNORE);
    /* d[2] untouched. */
    unsigned char *tail = (unsigned char *)&d[2];
    for (size_t i = 0; i < sizeof d[2]; i++)
        if (tail[i] != 0x7f) fail_msg("byte %zu past max written", i);
    assert_int_equal(al_directive_parse(c, d, 0), 0);
    assert_int_equal(al_directive_parse("# noqa: AUTH001 # noqa: AUTH002 # noqa: AUTH003", d, 2), 2);
    assert_rules(&d[1], AL_AUTH002, -1);
}

static void test_hostile_input(void **state)
{
    (void)state;
    AlDirective d[8];
    /* A reason far longer than the field is truncated. */
    size_t n = 100000;
    char *s = malloc(n + 64);
    strcpy(s, "# authlint: exclude=public ");
    size_t at = strlen(s);
    memset(s + at, 'r', n);
    s[at + n] = '\0';
    assert_int_equal(al_directive_parse(s, d, 8), 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_EXCLUDE);
    assert_int_equal(strlen(d[0].reason), sizeof d[0].reason - 1);

    /* A very long code list and a very long "code". */
    strcpy(s, "# authlint: ignore[");
    at = strlen(s);
    for (int i = 0; i < 5000; i++) {
        memcpy(s + at, "AUTH003,", 8);
        at += 8;
    }
    strcpy(s + at, "AUTH001]");
    assert_int_equal(al_directive_parse(s, d, 8), 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_IGNORE);
    assert_rules(&d[0], AL_AUTH001, AL_AUTH003, -1);
    strcpy(s, "# noqa: ");
    memset(s + 8, 'A', n);
    s[8 + n] = '\0';
    assert_int_equal(al_directive_parse(s, d, 8), 0);

    /* Many markers: stops at max. */
    for (int i = 0; i < 2000; i++) memcpy(s + 16 * i, "#authlint:ignore", 16);
    s[16 * 2000] = '\0';
    assert_int_equal(al_directive_parse(s, d, 8), 8);

    /* Bytes that are not ASCII, control characters, lone markers. */
    const char *odd[] = {
        "# authlint:\xff\xfe\x80 ignore[\x01]",
        "# authlint: ignore[",
        "# authlint: ignore[,,,]",
        "# authlint: exclude=\xc3\xa9",
        "# noqa:",
        "# noqa: ,",
        "noqa",
        "authlint:",
        "# authlint:;;;;;;;;;;;;",
        "# authlint: ignore]AUTH003[",
        "# \t authlint: \t client=browser\t",
    };
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
        int k = al_directive_parse(odd[i], d, 8);
        assert_true(k >= 0 && k <= 8);
    }
    assert_int_equal(al_directive_parse("# \t authlint: \t client=browser\t", d, 8), 1);
    assert_int_equal(d[0].kind, AL_DIRECTIVE_BROWSER);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ignore_list_with_reason),
        cmocka_unit_test(test_bare_ignore),
        cmocka_unit_test(test_ignore_bad_lists_are_invalid),
        cmocka_unit_test(test_noqa),
        cmocka_unit_test(test_noqa_uppercase),
        cmocka_unit_test(test_client_browser),
        cmocka_unit_test(test_exclude),
        cmocka_unit_test(test_several_directives),
        cmocka_unit_test(test_reason_keeps_semicolon),
        cmocka_unit_test(test_max_respected),
        cmocka_unit_test(test_hostile_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
