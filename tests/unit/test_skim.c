/* Unit tests for skipping method bodies (parse/skim.h): which bodies are
 * left out, which are parsed as written, and that the facts do not change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cache.h"
#include "parse/parse.h"
#include "parse/skim.h"
#include "util/file.h"

static AlParser *skim, *whole;

/* Line (1-based) of the first code byte of each skipped body, as "7,12". */
static const char *skipped(const char *src, size_t len)
{
    static char out[256];
    AlSkimBody *b;
    size_t n = al_skim_method_bodies(src, len, &b);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        unsigned line = 1;
        for (size_t k = 0; k < b[i].first; k++) line += src[k] == '\n';
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%u", i ? "," : "", line);
    }
    free(b);
    return out;
}

#define SKIPPED(src) skipped(src, strlen(src))

/* The facts with bodies skipped equal those of the whole parse. */
static void assert_same_facts(const char *src, size_t len)
{
    AlFacts *a = al_parse_source(skim, src, len), *b = al_parse_source(whole, src, len);
    assert_false(b->has_error);
    assert_false(a->has_error);
    size_t la, lb;
    char *ea = al_facts_encode(a, &la), *eb = al_facts_encode(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ea, eb, la);
    free(ea);
    free(eb);
    al_facts_free(a);
    al_facts_free(b);
}

#define SAME(src) assert_same_facts(src, strlen(src))

static const char VIEWS[] =
    "from rest_framework.views import APIView\n"
    "\n"
    "def helper(request):\n"               /* module level: parsed */
    "    return view_auth_classes()\n"
    "\n"
    "class V(APIView):\n"
    "    \"\"\"Doc.\"\"\"\n"
    "    @action(detail=True)\n"
    "    def get(self, request, pk=None) -> Dict[str, int]:\n"
    "        def inner():\n"
    "            return 1\n"
    "# a comment at column 0 inside the body\n"
    "        return {'a': [1,\n"
    "            2]}\n"
    "\n"
    "    authentication_classes = (A, B)\n" /* after a method: still seen */
    "\n"
    "    async def post(self, request):\n"
    "        x = f\"{request.data['k']!r:>{width}} {{literal}}\"\n"
    "        return x\n"
    "\n"
    "    if DEBUG:\n"
    "        def debug(self):\n"
    "            pass\n"
    "\n"
    "    class Meta:\n"
    "        def nested(self):\n"
    "            return 2\n"
    "\n"
    "\n"
    "class W(V):\n"
    "    authentication_classes = (C,)\n";

static void test_method_bodies_are_skipped(void **state)
{
    (void)state;
    assert_string_equal(SKIPPED(VIEWS), "10,19,24,28");
    SAME(VIEWS);
    AlFacts *f = al_parse_source(skim, VIEWS, strlen(VIEWS));
    assert_int_equal(f->n_functions, 1);
    assert_non_null(f->functions[0].returned_call); /* module-level body kept */
    assert_int_equal(f->n_classes, 3);
    assert_string_equal(f->classes[0].name, "V");
    assert_int_equal(f->classes[0].n_methods, 3);
    for (uint32_t i = 0; i < f->classes[0].n_methods; i++)
        if (strcmp(f->classes[0].methods[i].name, "get") == 0) assert_int_equal(f->classes[0].methods[i].n_decorators, 1);
    assert_string_equal(f->classes[1].name, "V.Meta");
    assert_string_equal(f->classes[2].name, "W");
    assert_int_equal(f->classes[2].body[0]->span.line, 32);
    al_facts_free(f);
}

static void test_bodies_that_matter_are_parsed(void **state)
{
    (void)state;
    /* Directives, suppressions and assignments of the attribute stay visible. */
    assert_string_equal(SKIPPED("class V:\n    def a(self):\n        x = 1  # NoQA: E501\n"), "");
    assert_string_equal(SKIPPED("class V:\n    def a(self):\n        # authlint: ignore[AUTH003] why\n        x = 1\n"),
                        "");
    assert_string_equal(SKIPPED("class V:\n    def a(self):\n        self.authentication_classes = ()\n"), "");
    /* A one-line def has no body lines. */
    assert_string_equal(SKIPPED("class V:\n    def a(self): return 1\n"), "");
    /* A module-level function that may return a call (a decorator returning
     * another one) is parsed; one that returns no call is skipped. */
    assert_string_equal(SKIPPED("def f():\n    return 1\n"), "2");
    assert_string_equal(SKIPPED("def f():\n    return view_auth_classes(is_user=True)\n"), "");
    assert_string_equal(SKIPPED("def f():\n    return (\n        deco())\n"), "");
    assert_string_equal(SKIPPED("if X:\n    def f():\n        x = 1\n        return x.y\n"), "3");
    assert_string_equal(SKIPPED("try:\n    def f():\n        return deco()\nexcept E:\n    pass\n"), "");
    /* A return in a branch is not the function's returned call; one after
     * a `;`, or indented between two levels (tree-sitter reads it at the
     * outer one; fuzz_extract found it), may be. */
    assert_string_equal(SKIPPED("def f():\n    if x:\n        return g()\n    returned = 2\n"), "2");
    assert_string_equal(SKIPPED("def f():\n    x = 1; return g()\n"), "");
    const char *between = "def f():\n"
                          " def deco(cls):\n"
                          "        return cls\n"
                          "    return view_auth_classes()\n";
    assert_string_equal(SKIPPED(between), "");
    SAME(between);
    SAME("def f():\n    return 1\n\n\ndef g():\n    return view_auth_classes()\n");
    SAME("def f():\n    if x:\n        return g()\n    returned = 2\n");
    /* A kept function's nested def is parsed with it; a def after the
     * class closed is a module-level function. */
    assert_string_equal(SKIPPED("def f():\n    class K:\n        pass\n    def g():\n        return 1\n    return d(g)\n"),
                        "");
    assert_string_equal(SKIPPED("class K:\n    x = 1\ndef g():\n    return d()\n"), "");
    assert_string_equal(SKIPPED("class K:\n    x = 1\ndef g():\n    return 1\n"), "4");
}

static void test_body_extent_by_indentation(void **state)
{
    (void)state;
    /* A string line as far left as the def: that body is parsed. The next
     * def is then a module-level function to the lexer (a continuation line
     * that far left closes the class), skipped as one: it returns no call. */
    const char *s = "class V:\n"
                    "    def a(self):\n"
                    "        q = '''\n"
                    "SELECT 1\n"
                    "'''\n"
                    "        return q\n"
                    "\n"
                    "    def b(self):\n"
                    "        return 2\n";
    assert_string_equal(SKIPPED(s), "9");
    SAME(s);
    /* Indented deeper, both are skipped. */
    const char *deeper = "class V:\n"
                         "    def a(self):\n"
                         "        q = \"\"\"\n"
                         "     SELECT 1\n"
                         "     \"\"\"\n"
                         "        return q\n"
                         "\n"
                         "    def b(self):\n"
                         "        return 2\n";
    assert_string_equal(SKIPPED(deeper), "3,9");
    SAME(deeper);
    /* The same for a bracket continued at column 0. */
    assert_string_equal(SKIPPED("class V:\n    def a(self):\n        f(1,\n2)\n"), "");
    /* A dedent past the body's first statement is a syntax error: parsed. */
    assert_string_equal(SKIPPED("class V:\n    def a(self):\n            x = 1\n        y = 2\n"), "");
    /* The body ends at the end of the file, without a line break. */
    assert_string_equal(SKIPPED("class V:\n    def a(self):\n        return 1"), "3");
    SAME("class V:\n    def a(self):\n        return 1");
}

static void test_lexical_anomalies_parse_everything(void **state)
{
    (void)state;
    const char *head = "class V:\n    def a(self):\n        return 1\n";
    char buf[256];
    const char *tails[] = {
        "    def b(self):\n        return 'open\n",   /* unterminated string */
        "    def b(self):\n        return (1,\n",     /* unbalanced bracket */
        "    def b(self):\n        return 1)\n",      /* closing bracket too many */
        "\tdef b(self):\n\t\treturn 1\n",             /* tabs before code */
        "    def b(self):\n        x = 1 \\ 2\n",     /* stray backslash */
        "    def b(self):\n        s = f'{x'\n",      /* unclosed field */
        "    def b(self):\n        s = '''never\n",   /* unterminated triple */
    };
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        snprintf(buf, sizeof buf, "%s%s", head, tails[i]);
        assert_string_equal(SKIPPED(buf), "");
    }
    const char lone_cr[] = "class V:\r    def a(self):\n        return 1\n";
    assert_string_equal(SKIPPED(lone_cr), "");
    const char nul[] = "class V:\n    def a(self):\n        return '\0'\n";
    assert_string_equal(skipped(nul, sizeof nul - 1), "");
    /* Tabs on blank and comment lines are fine. */
    assert_string_equal(SKIPPED("class V:\n    def a(self):\n\t\n\t# c\n        return 1\n"), "5");
}

static void test_strings(void **state)
{
    (void)state;
    /* Prefixes, escapes in raw strings, a def inside a string, f-string
     * fields with nested strings, specs and a line break. */
    const char *s = "class V:\n"
                    "    def a(self):\n"
                    "        r = r\"\\\"\" + rb'\\'' + Rb\"x\" + u'y' + b\"\"\"z\n"
                    "        def fake(self):\n"
                    "        \"\"\"\n"
                    "        return f\"{y:'>10}\" + f\"{'#'}\" + F'''{\n"
                    "            z}'''\n"
                    "    def b(self):\n"
                    "        return 1\n";
    assert_string_equal(SKIPPED(s), "3,9");
    SAME(s);
    /* Python 3.12 nests the same quotes inside a field. */
    assert_string_equal(SKIPPED("class V:\n    def a(self):\n        return f\"{x[\"#\"]}\"\n"), "3");
}

static void test_line_endings_and_bom(void **state)
{
    (void)state;
    const char *crlf = "class V:\r\n    def a(self):\r\n        return 1\r\n\r\n    x = 2\r\n";
    assert_string_equal(SKIPPED(crlf), "3");
    SAME(crlf);
    const char *bom = "\xEF\xBB\xBF" "class V:\n    def a(self):\n        return 1\n";
    assert_string_equal(SKIPPED(bom), "3");
    SAME(bom);
}

/* A syntax error inside a skipped body is not seen: the whole parse reports
 * it, the skipping parse does not, and both keep every class. */
static void test_error_inside_a_skipped_body(void **state)
{
    (void)state;
    const char *s = "class V(APIView):\n"
                    "    def get(self):\n"
                    "        x = = 1\n"
                    "\n"
                    "class W(APIView):\n"
                    "    authentication_classes = (A,)\n";
    assert_string_equal(SKIPPED(s), "3");
    AlFacts *a = al_parse_source(skim, s, strlen(s)), *b = al_parse_source(whole, s, strlen(s));
    assert_false(a->has_error);
    assert_true(b->has_error);
    assert_int_equal(b->error_span.line, 3);
    assert_int_equal(a->n_classes, 2);
    assert_int_equal(b->n_classes, 2);
    assert_int_equal(a->classes[1].body[0]->span.line, 6);
    al_facts_free(a);
    al_facts_free(b);
}

/* A skimmed parse that runs out of time falls back to parsing the file as
 * written (tree-sitter's error recovery once looped on a broken file with
 * included ranges): then the error in the body is reported. */
static void test_budget_falls_back_to_a_whole_parse(void **state)
{
    (void)state;
    char src[4096] = "class V(APIView):\n";
    for (int i = 0; i < 40; i++)
        snprintf(src + strlen(src), sizeof src - strlen(src), "    def m%d(self):\n        return %d\n", i, i);
    strcat(src, "    def broken(self):\n        x = = 1\n");
    assert_string_equal(strrchr(SKIPPED(src), ',') + 1, "83");
    AlParser *hurried = al_parser_new();
    al_parser_skim_budget(hurried, 1);
    AlFacts *a = al_parse_source(hurried, src, strlen(src)), *b = al_parse_source(skim, src, strlen(src));
    assert_true(a->has_error); /* parsed as written */
    assert_int_equal(a->error_span.line, 83);
    assert_false(b->has_error);
    assert_int_equal(a->classes[0].n_methods, 41);
    assert_int_equal(b->classes[0].n_methods, 41);
    al_facts_free(a);
    al_facts_free(b);
    /* The parser is usable afterwards, budget and ranges reset. */
    al_parser_skim_budget(hurried, 0);
    AlParser *saved = skim;
    skim = hurried;
    SAME("class V:\n    def a(self):\n        return 1\n");
    skim = saved;
    al_parser_free(hurried);
}

/* The file fuzz_extract found: with ranges that resumed mid-line, tree-sitter
 * 0.20 looped and allocated until killed. With no time budget to fall back
 * on, a regression hangs here and meson's test timeout fails the suite. */
static void test_runaway_input(void **state)
{
    (void)state;
    const char *root = getenv("AUTHLINT_SOURCE_ROOT");
    assert_non_null(root);
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/extract/skim_runaway.py", root);
    size_t len;
    char *src = al_file_read(path, 1 << 20, &len);
    assert_non_null(src);
    assert_string_equal(skipped(src, len), "10,22");
    AlParser *patient = al_parser_new();
    al_parser_skim_budget(patient, 600000000); /* ten minutes */
    AlFacts *f = al_parse_source(patient, src, len);
    al_parser_free(patient);
    assert_true(f->has_error); /* the signature is broken */
    assert_int_equal(f->n_classes, 1);
    al_facts_free(f);
    free(src);
}

/* A parser reads one file after another (one per worker thread): nothing
 * may carry over. tree-sitter-python kept "inside an f-string" from a file
 * that ends in an unterminated one, and the next file, its f-string body
 * skipped, parsed as one error (fuzz_extract found it). */
static void test_nothing_carries_over_between_files(void **state)
{
    (void)state;
    static const char unterminated[] = "x = f\"{a} b\n";
    static const char next[] =
        "class V(APIView):\n"
        "    def get(self):\n"
        "        return f\"{x}\"\n"
        "\n"
        "    authentication_classes = (A,)\n";
    AlParser *fresh = al_parser_new();
    AlFacts *want = al_parse_source(fresh, next, strlen(next));
    assert_false(want->has_error);
    assert_int_equal(want->n_classes, 1);
    size_t lw;
    char *ew = al_facts_encode(want, &lw);
    AlParser *parsers[] = {skim, whole};
    for (int i = 0; i < 2; i++) {
        al_facts_free(al_parse_source(parsers[i], unterminated, strlen(unterminated)));
        AlFacts *got = al_parse_source(parsers[i], next, strlen(next));
        size_t lg;
        char *eg = al_facts_encode(got, &lg);
        assert_int_equal(lg, lw);
        assert_memory_equal(eg, ew, lw);
        free(eg);
        al_facts_free(got);
    }
    free(ew);
    al_facts_free(want);
    al_parser_free(fresh);
}

int main(void)
{
    skim = al_parser_new();
    whole = al_parser_new();
    al_parser_keep_bodies(whole, true);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_method_bodies_are_skipped),
        cmocka_unit_test(test_bodies_that_matter_are_parsed),
        cmocka_unit_test(test_body_extent_by_indentation),
        cmocka_unit_test(test_lexical_anomalies_parse_everything),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_line_endings_and_bom),
        cmocka_unit_test(test_error_inside_a_skipped_body),
        cmocka_unit_test(test_budget_falls_back_to_a_whole_parse),
        cmocka_unit_test(test_runaway_input),
        cmocka_unit_test(test_nothing_carries_over_between_files),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    al_parser_free(skim);
    al_parser_free(whole);
    return rc;
}
