/* Unit tests for the parse stage: facts extracted from Python source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "parse/parse.h"
#include "parse/prescan.h"
#include "policy/policy.h"

static AlParser *parser;

static AlFacts *parse(const char *src)
{
    return al_parse_source(parser, src, strlen(src));
}

static void test_imports(void **state)
{
    (void)state;
    AlFacts *f = parse("from a.b import C as D, E\n"
                       "import x.y\n"
                       "import x.y as z\n"
                       "from ..rel import R\n"
                       "try:\n    from new import N\nexcept ImportError:\n    from old import N\n");
    assert_int_equal(f->n_imports, 7);
    assert_int_equal(f->imports[0].kind, AL_IMPORT_FROM);
    assert_string_equal(f->imports[0].module, "a.b");
    assert_string_equal(f->imports[0].name, "C");
    assert_string_equal(f->imports[0].bound, "D");
    assert_int_equal(f->imports[0].span.line, 1);
    assert_int_equal(f->imports[0].span.col, 17);
    assert_int_equal(f->imports[0].n_names, 2);
    assert_string_equal(f->imports[1].bound, "E");
    assert_int_equal(f->imports[2].kind, AL_IMPORT_MODULE);
    assert_string_equal(f->imports[2].bound, "x");
    assert_string_equal(f->imports[3].bound, "z");
    assert_int_equal(f->imports[4].level, 2);
    assert_string_equal(f->imports[4].module, "rel");
    assert_true(f->imports[5].in_try);
    assert_false(f->imports[5].in_except);
    assert_true(f->imports[6].in_except);
    al_facts_free(f);
}

static void test_class_declaration(void **state)
{
    (void)state;
    AlFacts *f = parse("class V(mixins.M, APIView, metaclass=X):\n"
                       "    authentication_classes = (\n"
                       "        JwtAuthentication,  # first\n"
                       "        auth.Bearer,\n"
                       "    )\n");
    assert_int_equal(f->n_classes, 1);
    AlClass *k = &f->classes[0];
    assert_string_equal(k->name, "V");
    assert_int_equal(k->n_bases, 2);
    assert_string_equal(k->bases[0]->text, "mixins.M");
    assert_int_equal(k->n_body, 1);
    AlStmt *s = k->body[0];
    assert_int_equal(s->kind, AL_STMT_ASSIGN);
    assert_string_equal(s->target, "authentication_classes");
    assert_int_equal(s->value->kind, AL_EXPR_SEQ);
    assert_int_equal(s->value->n_items, 2);
    assert_true(s->value->trailing_comma);
    assert_true(s->value->multiline);
    assert_string_equal(s->value->items[1]->text, "auth.Bearer");
    assert_int_equal(s->value->items[1]->span.line, 4);
    assert_int_equal(s->value->items[1]->span.col, 9);
    assert_false(f->has_error);
    al_facts_free(f);
}

static void test_branches_and_settings(void **state)
{
    (void)state;
    AlFacts *f = parse("REST_FRAMEWORK = {'DEFAULT_AUTHENTICATION_CLASSES': ('a.B',), **BASE}\n"
                       "REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'] = ['x.Y']\n"
                       "if DEBUG:\n    AUTH = (A,)\nelse:\n    AUTH = [B] + list(C)\n");
    assert_int_equal(f->n_body, 3);
    assert_int_equal(f->body[0]->value->kind, AL_EXPR_DICT);
    assert_string_equal(f->body[0]->value->keys[0]->text, "DEFAULT_AUTHENTICATION_CLASSES");
    assert_null(f->body[0]->value->keys[1]);
    assert_int_equal(f->body[1]->kind, AL_STMT_SUBSCRIPT);
    assert_string_equal(f->body[1]->key_text, "DEFAULT_AUTHENTICATION_CLASSES");
    AlStmt *b = f->body[2];
    assert_int_equal(b->kind, AL_STMT_BRANCH);
    assert_int_equal(b->n_arms, 2);
    assert_true(b->arms[1].is_else);
    AlExpr *v = b->arms[1].stmts[0]->value;
    assert_int_equal(v->kind, AL_EXPR_CONCAT);
    assert_int_equal(v->items[1]->kind, AL_EXPR_CALL);
    assert_string_equal(v->items[1]->text, "list");
    al_facts_free(f);
}

static void test_decorators_actions_comments(void **state)
{
    (void)state;
    AlFacts *f = parse("@api_view(['GET'])\n"
                       "@authentication_classes((A,))\n"
                       "def fn(request):  # authlint: client=browser\n"
                       "    pass\n"
                       "class V(ViewSet):\n"
                       "    @action(detail=True, authentication_classes=[A])\n"
                       "    def go(self):\n"
                       "        pass\n");
    assert_int_equal(f->n_functions, 1);
    assert_int_equal(f->functions[0].n_decorators, 2);
    assert_int_equal(f->functions[0].decorators[1].span.line, 2);
    assert_int_equal(f->functions[0].def_span.line, 3);
    AlClass *k = &f->classes[0];
    assert_int_equal(k->n_methods, 1);
    AlExpr *d = k->methods[0].decorators[0].expr;
    assert_int_equal(d->kind, AL_EXPR_CALL);
    assert_int_equal(d->n_kw, 2);
    assert_string_equal(d->keys[1]->text, "authentication_classes");
    assert_int_equal(d->keys[1]->span.col, 26);
    assert_int_equal(f->n_comments, 1);
    assert_string_equal(f->comments[0].text, "# authlint: client=browser");
    al_facts_free(f);
}

static void test_syntax_error_keeps_class(void **state)
{
    (void)state;
    AlFacts *f = parse("class V(APIView):\n"
                       "    authentication_classes = (A,)\n"
                       "    def broken(self:\n"
                       "        pass\n"
                       "class W(APIView):\n"
                       "    pass\n");
    assert_true(f->has_error);
    assert_int_equal(f->error_span.line, 3);
    assert_true(f->n_classes >= 1);
    assert_string_equal(f->classes[0].name, "V");
    assert_int_equal(f->classes[0].n_body, 1);
    al_facts_free(f);
}

static void test_garbage_bytes(void **state)
{
    (void)state;
    const char src[] = "\xff\xfe\x00class \x00 ((((( \x80\n";
    AlFacts *f = al_parse_source(parser, src, sizeof src - 1);
    assert_true(f->has_error);
    al_facts_free(f);
}

/* The one-pass keyword search finds what a search for each keyword in turn
 * finds: at the start, at the end, overlapping a near miss, and never past
 * the end of the bytes. */
static void test_prescan_keywords(void **state)
{
    (void)state;
    AlPolicy *policy = al_policy_new();
    AlKeywords *kw = al_prescan_keywords(policy);
    assert_true(kw->n >= 6);
    const char *hits[] = {"APIView", "class V(APIView):\n", "x = 1  # authlint: ignore",
                          "REST_FRAMEWORK = {}", "from x import JwtAuthentication", "ViewSet",
                          "auauthentication_classes"};
    for (size_t i = 0; i < sizeof hits / sizeof *hits; i++)
        if (!al_prescan_hit(hits[i], strlen(hits[i]), kw)) fail_msg("missed in \"%s\"", hits[i]);
    const char *misses[] = {"", "a", "APIVie", "authentication", "class V(View):\n    pass\n",
                            "Authenticatio", "rest_framework.serializers"};
    for (size_t i = 0; i < sizeof misses / sizeof *misses; i++)
        if (al_prescan_hit(misses[i], strlen(misses[i]), kw)) fail_msg("false hit in \"%s\"", misses[i]);
    /* A keyword cut by the end of the bytes is no hit. */
    assert_false(al_prescan_hit("x APIView", 8, kw));
    assert_true(al_prescan_hit("x APIView", 9, kw));
    al_prescan_keywords_free(kw);
    al_policy_free(policy);
}

int main(void)
{
    parser = al_parser_new();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_imports),
        cmocka_unit_test(test_class_declaration),
        cmocka_unit_test(test_branches_and_settings),
        cmocka_unit_test(test_decorators_actions_comments),
        cmocka_unit_test(test_syntax_error_keeps_class),
        cmocka_unit_test(test_garbage_bytes),
        cmocka_unit_test(test_prescan_keywords),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    al_parser_free(parser);
    return rc;
}
