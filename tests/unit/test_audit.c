/* Unit tests for the audit report (src/report/audit.c): a small SPEC section 8
 * document over two apps rendered as md, csv, json and html, with --compare. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define BAD_NAME "ecommerce.extensions.hooks.Webhook<script>alert(1)</script>"
#define JWT "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication"
#define SESSION_AI "edx_rest_framework_extensions.auth.session.authentication.SessionAuthenticationAllowInactiveUser"
#define BEARER_AI "openedx.core.lib.api.authentication.BearerAuthenticationAllowInactiveUser"
#define DRF "rest_framework.authentication."

static json_t *cls(const char *fqn, const char *kind)
{
    return json_pack("{s:s, s:s, s:b}", "name", fqn, "kind", kind, "heuristic", 0);
}

static json_t *status(const char *a1, const char *a2, const char *a3, const char *a4, const char *a5)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "AUTH001", a1, "AUTH002", a2, "AUTH003", a3, "AUTH004", a4,
                     "AUTH005", a5);
}

static json_t *own(void)
{
    return json_pack("{s:s, s:n, s:i, s:n}", "type", "own", "path", "line", 0, "from");
}

static json_t *endpoint(const char *name, const char *path, int line, json_t *classes, json_t *source,
                        int resolved, int browser, json_t *excluded, json_t *st)
{
    json_t *e = json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:b, s:b, s:o, s:o}", "name", name, "type", "class",
                          "path", path, "line", line, "classes", classes, "source", source, "resolved", resolved,
                          "browser", browser, "excluded", excluded ? excluded : json_null(), "status", st);
    assert_non_null(e);
    return e;
}

/* Six endpoints over lms/djangoapps and ecommerce/extensions: compliant,
 * bearer, missing jwt, excluded (with a hostile name), unresolved, browser
 * without session. */
static json_t *new_doc(void)
{
    json_t *eps = json_array();
    json_array_append_new(eps, endpoint("lms.djangoapps.a.views.Good", "lms/djangoapps/a/views.py", 10,
                                        json_pack("[o, o]", cls(JWT, "jwt"), cls(SESSION_AI, "session")), own(),
                                        1, 1, NULL, status("pass", "pass", "pass", "pass", "pass")));
    json_array_append_new(
        eps, endpoint("lms.djangoapps.a.views.Bearer", "lms/djangoapps/a/views.py", 20,
                      json_pack("[o, o, o]", cls(SESSION_AI, "session"), cls(BEARER_AI, "bearer"), cls(JWT, "jwt")),
                      json_pack("{s:s, s:s, s:i, s:s}", "type", "inherited", "path", "lms/djangoapps/a/base.py",
                                "line", 3, "from", "lms.djangoapps.a.base.Base"),
                      1, 0, NULL, status("pass", "n/a", "fail", "fail", "pass")));
    json_array_append_new(eps, endpoint("lms.djangoapps.b.api.NoJwt", "lms/djangoapps/b/api.py", 5,
                                        json_pack("[o, o]", cls(DRF "SessionAuthentication", "session"),
                                                  cls(DRF "BasicAuthentication", "basic")),
                                        json_pack("{s:s, s:n, s:i, s:n}", "type", "drf-default", "path", "line", 0,
                                                  "from"),
                                        1, 0, NULL, status("fail", "n/a", "pass", "pass", "pass")));
    json_array_append_new(eps, endpoint(BAD_NAME, "ecommerce/extensions/hooks.py", 7,
                                        json_pack("[o]", cls(BEARER_AI, "bearer")), own(), 1, 0,
                                        json_pack("{s:s, s:s}", "kind", "webhook", "reason", "signed | HMAC, \"v2\""),
                                        status("excluded", "excluded", "fail", "pass", "excluded")));
    json_array_append_new(eps, endpoint("ecommerce.extensions.api.Unresolved", "ecommerce/extensions/api.py", 30,
                                        json_array(), own(), 0, 0, NULL,
                                        status("n/a", "n/a", "pass", "pass", "pass")));
    json_array_append_new(eps, endpoint("ecommerce.extensions.api.BrowserNoSession", "ecommerce/extensions/api.py",
                                        40, json_pack("[o]", cls(JWT, "jwt")),
                                        json_pack("{s:s, s:s, s:i, s:n}", "type", "settings", "path",
                                                  "ecommerce/settings/base.py", "line", 12, "from"),
                                        1, 1, NULL, status("pass", "fail", "pass", "pass", "pass")));
    json_t *doc = json_pack("{s:s, s:{s:s, s:s}, s:s, s:o, s:[], s:{}}", "schema", "authlint/1", "tool", "name",
                            "authlint", "version", "0.1.0", "root", "/src/project", "endpoints", eps, "findings",
                            "summary");
    assert_non_null(doc);
    return doc;
}

/* The earlier report: Good was failing, Bearer was compliant, Gone existed. */
static json_t *old_doc(void)
{
    json_t *eps = json_array();
    json_array_append_new(eps, endpoint("lms.djangoapps.a.views.Good", "lms/djangoapps/a/views.py", 10,
                                        json_pack("[o]", cls(SESSION_AI, "session")), own(), 1, 1, NULL,
                                        status("fail", "pass", "pass", "pass", "pass")));
    json_array_append_new(eps, endpoint("lms.djangoapps.a.views.Bearer", "lms/djangoapps/a/views.py", 20,
                                        json_pack("[o]", cls(JWT, "jwt")), own(), 1, 0, NULL,
                                        status("pass", "n/a", "pass", "pass", "pass")));
    json_array_append_new(eps, endpoint("lms.djangoapps.b.api.NoJwt", "lms/djangoapps/b/api.py", 5, json_array(),
                                        own(), 1, 0, NULL, status("fail", "n/a", "pass", "pass", "pass")));
    json_array_append_new(eps, endpoint(BAD_NAME, "ecommerce/extensions/hooks.py", 7, json_array(), own(), 1, 0,
                                        json_pack("{s:s, s:s}", "kind", "webhook", "reason", ""),
                                        status("excluded", "excluded", "pass", "pass", "excluded")));
    json_array_append_new(eps, endpoint("lms.djangoapps.a.views.Gone", "lms/djangoapps/a/views.py", 50,
                                        json_pack("[o]", cls(JWT, "jwt")), own(), 1, 0, NULL,
                                        status("pass", "n/a", "pass", "pass", "pass")));
    json_t *doc = json_pack("{s:s, s:{s:s, s:s}, s:s, s:o}", "schema", "authlint/1", "tool", "name", "authlint",
                            "version", "0.0.9", "root", "/src/project", "endpoints", eps);
    assert_non_null(doc);
    return doc;
}

static char *render(json_t *doc, json_t *old, const char *format)
{
    AlBuf b = AL_BUF_INIT;
    al_audit_render(doc, old, format, &b);
    return al_buf_detach(&b);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

#define assert_contains(hay, needle)                                                                         \
    do {                                                                                                     \
        if (!strstr((hay), (needle))) fail_msg("missing %s", (needle));                                      \
    } while (0)

static void test_md_summary(void **state)
{
    (void)state;
    json_t *doc = new_doc();
    char *md = render(doc, NULL, "md");
    assert_contains(md, "# Authentication migration audit\n");
    assert_contains(md, "authlint 0.1.0 · 6 endpoints in 2 apps");
    /* Overall: 6 endpoints, 1 compliant, 4 non-compliant, 1 / (6 - 1) = 20.0 %,
     * AUTH001..005 = 1 1 2 1 0, 1 excluded, 1 unresolved. */
    assert_contains(md, "\n| 6 | 1 | 4 | 20.0% | 1 | 1 | 2 | 1 | 0 | 1 | 1 |\n");
    const char *eco = strstr(md, "| `ecommerce/extensions` | 3 | 0 | 2 | 0.0% | 0 | 1 | 1 | 0 | 0 | 1 | 1 |\n");
    const char *lms = strstr(md, "| `lms/djangoapps` | 3 | 1 | 2 | 33.3% | 1 | 0 | 1 | 1 | 0 | 0 | 0 |\n");
    assert_non_null(eco);
    assert_non_null(lms);
    assert_true(eco < lms); /* apps sorted by name */
    /* Endpoint rows keep the document order and escape | in cells. */
    assert_contains(md, "| `lms.djangoapps.a.views.Bearer` | `lms/djangoapps/a/views.py:20` | "
                        "`(SessionAuthenticationAllowInactiveUser, BearerAuthenticationAllowInactiveUser, "
                        "JwtAuthentication)` | inherited from lms.djangoapps.a.base.Base | no |  | pass | n/a | "
                        "fail | fail | pass | non-compliant | "
                        "`(JwtAuthentication, SessionAuthenticationAllowInactiveUser)` |\n");
    assert_contains(md, "| webhook: signed \\| HMAC, \"v2\" |");
    assert_null(strstr(md, "signed | HMAC"));
    assert_contains(md, "| settings (ecommerce.settings.base) |");
    assert_contains(md, "| DRF default |");
    assert_true(strstr(md, "lms.djangoapps.a.views.Good`") < strstr(md, "lms.djangoapps.a.views.Bearer`"));
    assert_null(strstr(md, "Progress since"));
    free(md);
    json_decref(doc);
}

static void test_targets(void **state)
{
    (void)state;
    json_t *doc = new_doc();
    char *md = render(doc, NULL, "md");
    /* compliant: unchanged */
    assert_contains(md, "| compliant | `(JwtAuthentication, SessionAuthenticationAllowInactiveUser)` |");
    /* missing jwt: inserted first */
    assert_contains(md, "| non-compliant | `(JwtAuthentication, SessionAuthentication, BasicAuthentication)` |");
    /* excluded: bearer dropped, nothing added */
    assert_contains(md, "| excluded | `()` |");
    /* unresolved: manual review */
    assert_contains(md, "| unresolved | `?` |");
    /* browser-facing without session: session appended */
    assert_contains(md, "| pass | fail | pass | pass | pass | non-compliant | "
                        "`(JwtAuthentication, SessionAuthenticationAllowInactiveUser)` |");
    free(md);

    char *text = render(doc, NULL, "json");
    json_error_t err;
    json_t *out = json_loads(text, 0, &err);
    assert_non_null(out);
    json_t *rows = json_object_get(json_object_get(out, "audit"), "endpoints");
    assert_int_equal(json_array_size(rows), 6);
    const char *want[] = {"[\"JwtAuthentication\", \"SessionAuthenticationAllowInactiveUser\"]",
                          "[\"JwtAuthentication\", \"SessionAuthenticationAllowInactiveUser\"]",
                          "[\"JwtAuthentication\", \"SessionAuthentication\", \"BasicAuthentication\"]", "[]", "null",
                          "[\"JwtAuthentication\", \"SessionAuthenticationAllowInactiveUser\"]"};
    for (size_t i = 0; i < 6; i++) {
        char *t = json_dumps(json_object_get(json_array_get(rows, i), "target"), JSON_ENCODE_ANY);
        json_t *expect = json_loads(want[i], JSON_DECODE_ANY, &err);
        char *e = json_dumps(expect, JSON_ENCODE_ANY);
        assert_string_equal(t, e);
        free(t);
        free(e);
        json_decref(expect);
    }
    json_decref(out);
    free(text);
    json_decref(doc);
}

static void test_csv(void **state)
{
    (void)state;
    json_t *doc = new_doc();
    char *csv = render(doc, NULL, "csv");
    const char *header = "endpoint,type,path,line,app,classes,source,browser,exclusion,exclusion_reason,"
                         "AUTH001,AUTH002,AUTH003,AUTH004,AUTH005,status,target\r\n";
    assert_int_equal(strncmp(csv, header, strlen(header)), 0);
    assert_int_equal(count(csv, "\r\n"), 7); /* header + 6 rows */
    assert_int_equal(count(csv, "\n"), 7);
    assert_contains(csv, "\r\nlms.djangoapps.b.api.NoJwt,class,lms/djangoapps/b/api.py,5,lms/djangoapps,"
                         "\"(SessionAuthentication, BasicAuthentication)\",DRF default,no,,,"
                         "fail,n/a,pass,pass,pass,non-compliant,"
                         "\"(JwtAuthentication, SessionAuthentication, BasicAuthentication)\"\r\n");
    /* comma and quotes: quoted, quotes doubled */
    assert_contains(csv, ",webhook,\"signed | HMAC, \"\"v2\"\"\",excluded,excluded,fail,pass,excluded,excluded,()\r\n");
    assert_contains(csv, ",no,,,n/a,n/a,pass,pass,pass,unresolved,?\r\n");
    free(csv);
    json_decref(doc);
}

static void test_json(void **state)
{
    (void)state;
    json_t *doc = new_doc();
    char *text = render(doc, NULL, "json");
    assert_null(json_object_get(doc, "audit")); /* the caller's document is not modified */
    size_t n = strlen(text);
    assert_true(n > 2 && text[n - 1] == '\n' && text[n - 2] == '}');
    const char *head = "{\n  \"schema\": \"authlint/1\",\n";
    assert_int_equal(strncmp(text, head, strlen(head)), 0);
    assert_contains(text, "\"percent_compliant\": 20.0");
    assert_contains(text, "\"percent_compliant\": 33.3");
    json_error_t err;
    json_t *out = json_loads(text, 0, &err);
    assert_non_null(out);
    json_t *audit = json_object_get(out, "audit");
    json_t *summary = json_object_get(audit, "summary");
    assert_int_equal(json_integer_value(json_object_get(summary, "endpoints")), 6);
    assert_int_equal(json_integer_value(json_object_get(summary, "compliant")), 1);
    assert_int_equal(json_integer_value(json_object_get(summary, "excluded")), 1);
    assert_int_equal(json_integer_value(json_object_get(summary, "unresolved")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(summary, "violations"), "AUTH003")), 2);
    json_t *apps = json_object_get(audit, "apps");
    assert_int_equal(json_array_size(apps), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(apps, 0), "app")), "ecommerce/extensions");
    assert_null(json_object_get(audit, "compare"));
    assert_int_equal(json_array_size(json_object_get(out, "endpoints")), 6);
    json_decref(out);
    free(text);
    json_decref(doc);
}

static void test_compare(void **state)
{
    (void)state;
    json_t *doc = new_doc(), *old = old_doc();
    char *text = render(doc, old, "json");
    json_error_t err;
    json_t *out = json_loads(text, 0, &err);
    assert_non_null(out);
    json_t *c = json_object_get(json_object_get(out, "audit"), "compare");
    assert_non_null(c);
    assert_int_equal(json_array_size(json_object_get(c, "fixed")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(c, "fixed"), 0)),
                        "lms.djangoapps.a.views.Good");
    assert_int_equal(json_array_size(json_object_get(c, "regressed")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(c, "regressed"), 0)),
                        "lms.djangoapps.a.views.Bearer");
    assert_int_equal(json_array_size(json_object_get(c, "new")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(c, "new"), 0)),
                        "ecommerce.extensions.api.Unresolved");
    assert_int_equal(json_array_size(json_object_get(c, "removed")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(c, "removed"), 0)),
                        "lms.djangoapps.a.views.Gone");
    /* old: 2 compliant of 4 in scope = 50.0 %; now 20.0 % */
    assert_contains(text, "\"percent_compliant_delta\": -30.0");
    json_decref(out);
    free(text);

    char *md = render(doc, old, "md");
    assert_contains(md, "\n## Progress since the earlier report\n");
    assert_contains(md, "Earlier report (authlint 0.0.9): 5 endpoints, 50.0% compliant. "
                        "Now: 6 endpoints, 20.0% compliant (-30.0 points).");
    assert_contains(md, "| Fixed | Regressed | New | Removed | Δ % compliant |\n|---:|---:|---:|---:|---:|\n"
                        "| 1 | 1 | 2 | 1 | -30.0 |\n");
    assert_contains(md, "### Regressed (1)\n\n- `lms.djangoapps.a.views.Bearer` — non-compliant\n");
    free(md);

    char *html = render(doc, old, "html");
    assert_contains(html, "Progress since the earlier report");
    assert_contains(html, "<div class=\"value\">-30.0</div>");
    free(html);
    json_decref(old);
    json_decref(doc);
}

static void test_html(void **state)
{
    (void)state;
    json_t *doc = new_doc();
    char *html = render(doc, NULL, "html");
    assert_int_equal(strncmp(html, "<!DOCTYPE html>\n", 16), 0);
    assert_contains(html, "</html>\n");
    assert_contains(html, "<svg");
    assert_null(strstr(html, "http://"));
    /* the only links go to the rule docs */
    size_t links = 0;
    for (const char *p = strstr(html, "https://"); p; p = strstr(p + 1, "https://")) {
        assert_int_equal(strncmp(p, "https://github.com/authlint/authlint/blob/main/docs/rules/AUTH00", 64), 0);
        links++;
    }
    assert_true(links >= 10);
    assert_null(strstr(html, "src="));
    assert_null(strstr(html, "@import"));
    /* the hostile endpoint name is escaped; one script element, ours */
    assert_null(strstr(html, "<script>alert"));
    assert_contains(html, "Webhook&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_int_equal(count(html, "<script"), 1);
    assert_contains(html, "signed | HMAC, &quot;v2&quot;");
    /* cards, status pills, filter controls */
    assert_contains(html, "<div class=\"value\">20.0%</div>");
    assert_contains(html, "<tr data-i=\"3\" data-status=\"excluded\">");
    assert_contains(html, "<span class=\"pill st-non-compliant\">non-compliant</span>");
    assert_contains(html, "<input id=\"filter\"");
    assert_contains(html, "<select id=\"status\"");
    free(html);
    json_decref(doc);
}

static void test_deterministic(void **state)
{
    (void)state;
    const char *formats[] = {"md", "html", "csv", "json"};
    for (size_t i = 0; i < 4; i++) {
        json_t *d1 = new_doc(), *d2 = new_doc(), *o1 = old_doc(), *o2 = old_doc();
        char *a = render(d1, o1, formats[i]);
        char *b = render(d2, o2, formats[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
        json_decref(d1);
        json_decref(d2);
        json_decref(o1);
        json_decref(o2);
    }
}

/* An empty document and a --compare file that is not a report: no crash, n/a. */
static void test_degenerate(void **state)
{
    (void)state;
    json_t *doc = json_object();
    json_t *junk = json_string("not a report");
    const char *formats[] = {"md", "html", "csv", "json"};
    for (size_t i = 0; i < 4; i++) {
        char *s = render(doc, junk, formats[i]);
        assert_true(strlen(s) > 0);
        if (i == 0) assert_contains(s, "| 0 | 0 | 0 | n/a |");
        if (i == 2) assert_int_equal(count(s, "\r\n"), 1);
        free(s);
    }
    json_decref(junk);
    json_decref(doc);

    /* Wrong types everywhere (a hand-edited --compare file): read as absent. */
    doc = json_pack("{s:[{s:i, s:s, s:[s, i, {s:i}], s:s, s:s, s:i, s:[]}, i, s]}", "endpoints", "name", 3,
                    "path", "x", "classes", "A.B", 1, "name", 2, "source", "own", "status", "fail", "excluded", 1,
                    "alternatives", 7, "junk");
    assert_non_null(doc);
    for (size_t i = 0; i < 4; i++) {
        char *s = render(doc, doc, formats[i]);
        if (i == 2) {
            assert_int_equal(count(s, "\r\n"), 4);
            assert_contains(s, "\r\n?,,x,0,.,\"(?, ?, ?)\",?,no,,,n/a,n/a,n/a,n/a,n/a,compliant,"
                               "\"(JwtAuthentication, ?, ?, ?)\"\r\n");
        }
        free(s);
    }
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_md_summary), cmocka_unit_test(test_targets),       cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json),       cmocka_unit_test(test_compare),       cmocka_unit_test(test_html),
        cmocka_unit_test(test_deterministic), cmocka_unit_test(test_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
