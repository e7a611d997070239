/* Unit tests for the model stage: in-memory projects (module name -> source)
 * parsed and resolved with the default policy; asserts endpoints, effective
 * classes, sources, alternatives and kinds (SPEC 3, 9). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parse/parse.h"
#include "util/buf.h"

typedef struct Project {
    AlFile files[16];
    size_t n;
    AlPolicy *policy;
    AlModel *model;
} Project;

static AlParser *parser;

/* srcs: pairs of relpath, source; NULL-terminated. */
static Project *build(const char *const *srcs)
{
    Project *p = calloc(1, sizeof(Project));
    for (size_t i = 0; srcs[i]; i += 2) {
        AlFile *f = &p->files[p->n++];
        f->path = srcs[i];
        f->relpath = srcs[i];
        f->display = srcs[i];
        char *mod = strdup(srcs[i]);
        char *dot = strstr(mod, ".py");
        if (dot) *dot = '\0';
        for (char *c = mod; *c; c++)
            if (*c == '/') *c = '.';
        size_t ml = strlen(mod);
        if (ml > 9 && strcmp(mod + ml - 9, ".__init__") == 0) mod[ml - 9] = '\0';
        f->module = mod;
        f->report = true;
        f->facts = al_parse_source(parser, srcs[i + 1], strlen(srcs[i + 1]));
    }
    p->policy = al_policy_new();
    p->model = al_model_build(p->files, p->n, p->policy);
    return p;
}

static void destroy(Project *p)
{
    al_model_free(p->model);
    al_policy_free(p->policy);
    for (size_t i = 0; i < p->n; i++) {
        al_facts_free(p->files[i].facts);
        free((char *)p->files[i].module);
    }
    free(p);
}

static AlEndpoint *endpoint(Project *p, const char *name)
{
    for (size_t i = 0; i < p->model->n_endpoints; i++)
        if (strcmp(p->model->endpoints[i]->name, name) == 0) return p->model->endpoints[i];
    fail_msg("no endpoint %s", name);
    return NULL;
}

/* "Jwt,Session" short names of alternative k. */
static char *classes(const AlEndpoint *e, size_t k)
{
    static char buf[1024];
    buf[0] = '\0';
    if (k >= e->n_alts) return "<none>";
    const AlValue *v = e->alts[k].value;
    if (!v->resolved) return "<unresolved>";
    for (size_t i = 0; i < v->n_refs; i++) {
        const char *dot = strrchr(v->refs[i].fqn, '.');
        if (i) strcat(buf, ",");
        strncat(buf, dot ? dot + 1 : v->refs[i].fqn, sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

#define JWT_IMPORT "from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication\n"
#define SESSION_IMPORT "from rest_framework.authentication import SessionAuthentication, BasicAuthentication\n"
#define BEARER_IMPORT "from openedx.core.lib.api.authentication import BearerAuthenticationAllowInactiveUser\n"

static void test_inheritance_across_modules(void **state)
{
    (void)state;
    const char *srcs[] = {
        "app/mixins.py", JWT_IMPORT SESSION_IMPORT
        "class AuthMixin:\n    authentication_classes = (JwtAuthentication, SessionAuthentication)\n",
        "app/base.py", "from rest_framework.views import APIView\nfrom .mixins import AuthMixin\n"
        "class Base(AuthMixin, APIView):\n    pass\n",
        "app/views.py", "from app.base import Base\nfrom rest_framework import generics\n"
        "class V(Base):\n    pass\nclass G(generics.ListAPIView):\n    pass\nclass NotView:\n    pass\n",
        NULL};
    Project *p = build(srcs);
    assert_int_equal(p->model->n_endpoints, 3); /* Base, V, G */
    AlEndpoint *v = endpoint(p, "app.views.V");
    assert_string_equal(classes(v, 0), "JwtAuthentication,SessionAuthentication");
    assert_int_equal(v->source, AL_SOURCE_INHERITED);
    assert_string_equal(v->source_from, "app.mixins.AuthMixin");
    AlEndpoint *g = endpoint(p, "app.views.G");
    assert_int_equal(g->source, AL_SOURCE_DRF_DEFAULT);
    assert_string_equal(classes(g, 0), "SessionAuthentication,BasicAuthentication");
    assert_int_equal(g->alts[0].value->refs[0].kind, AL_KIND_SESSION);
    destroy(p);
}

static void test_diamond_c3(void **state)
{
    (void)state;
    const char *srcs[] = {
        "d.py", JWT_IMPORT SESSION_IMPORT "from rest_framework.views import APIView\n"
        "class A:\n    authentication_classes = (SessionAuthentication,)\n"
        "class B(A):\n    pass\n"
        "class C(A):\n    authentication_classes = (JwtAuthentication,)\n"
        "class D(B, C, APIView):\n    pass\n",
        NULL};
    Project *p = build(srcs);
    /* MRO of D: D, B, C, A, APIView -> C declares first. */
    AlEndpoint *d = endpoint(p, "d.D");
    assert_string_equal(classes(d, 0), "JwtAuthentication");
    assert_string_equal(d->source_from, "d.C");
    destroy(p);
}

static void test_constants_concat_starred(void **state)
{
    (void)state;
    const char *srcs[] = {
        "c/__init__.py", "",
        "c/consts.py", JWT_IMPORT SESSION_IMPORT "BASE = (JwtAuthentication,)\nFULL = BASE + (SessionAuthentication,)\n",
        "c/views.py", "from rest_framework.views import APIView\nfrom c import consts\nfrom c.consts import BASE\n"
        SESSION_IMPORT
        "class A(APIView):\n    authentication_classes = consts.FULL\n"
        "class B(APIView):\n    authentication_classes = [*BASE, SessionAuthentication]\n"
        "class C(APIView):\n    authentication_classes = list(BASE)\n"
        "class D(APIView):\n    authentication_classes = A.authentication_classes\n"
        "class E(APIView):\n    authentication_classes = get_classes()\n",
        NULL};
    Project *p = build(srcs);
    assert_string_equal(classes(endpoint(p, "c.views.A"), 0), "JwtAuthentication,SessionAuthentication");
    assert_string_equal(classes(endpoint(p, "c.views.B"), 0), "JwtAuthentication,SessionAuthentication");
    assert_string_equal(classes(endpoint(p, "c.views.C"), 0), "JwtAuthentication");
    assert_string_equal(classes(endpoint(p, "c.views.D"), 0), "JwtAuthentication,SessionAuthentication");
    AlEndpoint *e = endpoint(p, "c.views.E");
    assert_false(e->resolved);
    assert_string_equal(classes(e, 0), "<unresolved>");
    destroy(p);
}

static void test_branches_are_alternatives(void **state)
{
    (void)state;
    const char *srcs[] = {
        "b.py", JWT_IMPORT SESSION_IMPORT "from rest_framework.views import APIView\n"
        "from django.conf import settings\n"
        "class V(APIView):\n"
        "    if settings.FEATURE:\n"
        "        authentication_classes = (JwtAuthentication,)\n"
        "    else:\n"
        "        authentication_classes = (SessionAuthentication,)\n"
        "class W(APIView):\n"
        "    authentication_classes = (SessionAuthentication,)\n"
        "    if settings.FEATURE:\n"
        "        authentication_classes = (JwtAuthentication,)\n",
        NULL};
    Project *p = build(srcs);
    AlEndpoint *v = endpoint(p, "b.V");
    assert_int_equal(v->n_alts, 2);
    assert_string_equal(classes(v, 0), "JwtAuthentication");
    assert_string_equal(classes(v, 1), "SessionAuthentication");
    assert_int_equal(v->alts[1].decl->site.line, 9);
    AlEndpoint *w = endpoint(p, "b.W"); /* an if without else: only the assigning branch */
    assert_int_equal(w->n_alts, 1);
    assert_string_equal(classes(w, 0), "JwtAuthentication");
    destroy(p);
}

static void test_settings_default(void **state)
{
    (void)state;
    const char *srcs[] = {
        "proj/settings.py", "REST_FRAMEWORK = {\n    'DEFAULT_AUTHENTICATION_CLASSES': (\n"
        "        'edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication',\n"
        "        'proj.auth.LocalBearer',\n    ),\n}\n",
        "proj/auth.py", "from openedx.core.lib.api.authentication import BearerAuthentication as Base\n"
        "class LocalBearer(Base):\n    pass\n",
        "proj/views.py", "from rest_framework.decorators import api_view\n@api_view(['GET'])\ndef f(request):\n    pass\n",
        NULL};
    Project *p = build(srcs);
    AlEndpoint *f = endpoint(p, "proj.views.f");
    assert_int_equal(f->type, AL_ENDPOINT_FUNCTION);
    assert_int_equal(f->source, AL_SOURCE_SETTINGS);
    assert_string_equal(classes(f, 0), "JwtAuthentication,LocalBearer");
    const AlAuthRef *r = &f->alts[0].value->refs[1];
    assert_int_equal(r->kind, AL_KIND_BEARER); /* a project subclass of Bearer is bearer */
    assert_true(r->forbidden);
    assert_int_equal(r->span.line, 4);
    assert_int_equal(f->alts[0].decl->site.line, 2); /* the settings key */
    destroy(p);
}

static void test_decorators_and_actions(void **state)
{
    (void)state;
    const char *srcs[] = {
        "openedx/core/lib/api/view_utils.py", JWT_IMPORT BEARER_IMPORT
        "from edx_rest_framework_extensions.auth.session.authentication import SessionAuthenticationAllowInactiveUser\n"
        "def view_auth_classes(is_user=False):\n"
        "    def _decorator(func_or_class):\n"
        "        func_or_class.authentication_classes = (\n"
        "            JwtAuthentication, BearerAuthenticationAllowInactiveUser, SessionAuthenticationAllowInactiveUser)\n"
        "        return func_or_class\n"
        "    return _decorator\n",
        "mobile_api/decorators.py", "from openedx.core.lib.api.view_utils import view_auth_classes\n"
        "def mobile_view(is_user=False):\n    return view_auth_classes(is_user)\n",
        "app/views.py", "from rest_framework import viewsets\nfrom rest_framework.decorators import action, api_view,"
        " authentication_classes\nfrom rest_framework.views import APIView\n" JWT_IMPORT
        "from openedx.core.lib.api.view_utils import view_auth_classes\n"
        "from mobile_api.decorators import mobile_view\n"
        "@view_auth_classes(is_user=True)\nclass A(APIView):\n    pass\n"
        "@mobile_view()\nclass M(APIView):\n    pass\n"
        "class S(viewsets.ViewSet):\n    @action(detail=True, authentication_classes=[JwtAuthentication])\n"
        "    def go(self, request):\n        pass\n"
        "@api_view(['GET'])\n@authentication_classes((JwtAuthentication,))\ndef fn(request):\n    pass\n",
        NULL};
    Project *p = build(srcs);
    AlEndpoint *a = endpoint(p, "app.views.A");
    assert_string_equal(classes(a, 0),
                        "JwtAuthentication,BearerAuthenticationAllowInactiveUser,SessionAuthenticationAllowInactiveUser");
    /* The literal in the decorator's definition is the declaration. */
    assert_string_equal(a->alts[0].decl->file->relpath, "openedx/core/lib/api/view_utils.py");
    AlEndpoint *m = endpoint(p, "app.views.M");
    assert_ptr_equal(m->alts[0].decl, a->alts[0].decl);
    assert_int_equal(a->alts[0].decl->n_users, 2);
    AlEndpoint *go = endpoint(p, "app.views.S.go");
    assert_int_equal(go->type, AL_ENDPOINT_ACTION);
    assert_string_equal(classes(go, 0), "JwtAuthentication");
    AlEndpoint *fn = endpoint(p, "app.views.fn");
    assert_string_equal(classes(fn, 0), "JwtAuthentication");
    assert_int_equal(fn->alts[0].decl->kind, AL_DECL_FUNCTION);
    destroy(p);
}

static void test_kinds_and_heuristics(void **state)
{
    (void)state;
    const char *srcs[] = {
        "k.py", "from rest_framework.views import APIView\n"
        "from some.vendor.auth import JwtAuthentication\n"          /* heuristic jwt */
        "from other.lib import MysteryAuth\n"                          /* unknown */
        "from rest_framework.authentication import BaseAuthentication\n"
        "class Mine(BaseAuthentication):\n    pass\n"                   /* other */
        "class V(APIView):\n    authentication_classes = (JwtAuthentication, MysteryAuth, Mine, 42)\n",
        NULL};
    Project *p = build(srcs);
    AlEndpoint *v = endpoint(p, "k.V");
    const AlValue *val = v->alts[0].value;
    assert_int_equal(val->n_refs, 4);
    assert_int_equal(val->refs[0].kind, AL_KIND_JWT);
    assert_true(val->refs[0].heuristic);
    assert_int_equal(val->refs[1].kind, AL_KIND_UNKNOWN);
    assert_int_equal(val->refs[2].kind, AL_KIND_OTHER);
    assert_int_equal(val->refs[3].kind, AL_KIND_UNKNOWN);
    assert_false(v->resolved);
    destroy(p);
}

static void test_cycles_terminate(void **state)
{
    (void)state;
    const char *srcs[] = {
        "x.py", "from y import B\nfrom rest_framework.views import APIView\nclass A(B, APIView):\n"
        "    authentication_classes = A.authentication_classes\nX = Y\nY = X\nclass S(S):\n    pass\n",
        "y.py", "from x import A\nclass B(A):\n    pass\n",
        NULL};
    Project *p = build(srcs);
    assert_true(p->model->n_endpoints >= 1);
    destroy(p);
}

static void test_suffix_import_and_reexport(void **state)
{
    (void)state;
    const char *srcs[] = {
        "lms/djangoapps/courseware/__init__.py", "",
        "lms/djangoapps/courseware/base.py", "from rest_framework.views import APIView\n" JWT_IMPORT
        "class CourseView(APIView):\n    authentication_classes = (JwtAuthentication,)\n",
        "lms/djangoapps/courseware/api.py", "from .base import CourseView\n",
        "lms/djangoapps/other/views.py", "from courseware.api import CourseView\nclass V(CourseView):\n    pass\n",
        NULL};
    Project *p = build(srcs);
    AlEndpoint *v = endpoint(p, "lms.djangoapps.other.views.V");
    assert_string_equal(v->source_from, "lms.djangoapps.courseware.base.CourseView");
    destroy(p);
}

int main(void)
{
    parser = al_parser_new();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inheritance_across_modules),
        cmocka_unit_test(test_diamond_c3),
        cmocka_unit_test(test_constants_concat_starred),
        cmocka_unit_test(test_branches_are_alternatives),
        cmocka_unit_test(test_settings_default),
        cmocka_unit_test(test_decorators_and_actions),
        cmocka_unit_test(test_kinds_and_heuristics),
        cmocka_unit_test(test_cycles_terminate),
        cmocka_unit_test(test_suffix_import_and_reexport),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    al_parser_free(parser);
    return rc;
}
