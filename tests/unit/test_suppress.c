/* Unit tests for inline suppressions, AUTH007 and the baseline
 * (src/rules/suppress.h, SPEC 5, 9.14). Each test writes a tiny project into
 * a temp directory and runs the real pipeline pieces on it: discover ->
 * al_parse_files -> al_model_build -> al_rules_run -> al_suppress_apply (and
 * al_baseline_write / al_baseline_apply). */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/discover.h"
#include "parse/pool.h"
#include "rules/rules.h"
#include "rules/suppress.h"
#include "util/buf.h"

static char tmp[PATH_MAX];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmp, sizeof tmp, "%s/al-suppress-XXXXXX", base && base[0] ? base : "/tmp");
    if (!mkdtemp(tmp)) return -1;
    char real[PATH_MAX];
    if (!realpath(tmp, real)) return -1;
    strcpy(tmp, real);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* Writes tmp/rel, creating its directory (one level below tmp at most deep
 * enough for these tests). Returns a static path. */
static const char *put(const char *rel, const char *text)
{
    static char path[2 * PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    for (char *s = path + strlen(tmp) + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        mkdir(path, 0755);
        *s = '/';
    }
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

/* One run of the pipeline over the whole temp directory. */
typedef struct Run {
    AlPolicy *policy;
    AlFileList files;
    AlModel *model;
    AlFindings *findings;
    char **warnings;
    size_t n_warnings;
    size_t suppressed;
} Run;

static void run_free(Run *r)
{
    al_findings_free(r->findings);
    al_model_free(r->model);
    for (size_t i = 0; i < r->files.n; i++) al_facts_free(r->files.files[i].facts);
    al_file_list_free(&r->files);
    for (size_t i = 0; i < r->n_warnings; i++) free(r->warnings[i]);
    free(r->warnings);
    al_policy_free(r->policy);
    memset(r, 0, sizeof *r);
}

/* Whether al_parse_files runs the pre-scan (as the CLI does by default). */
static bool use_prescan;

/* policy may be NULL (default); the Run takes ownership. */
static void run_pipeline(Run *r, AlPolicy *policy)
{
    memset(r, 0, sizeof *r);
    r->policy = policy ? policy : al_policy_new();
    const char *inputs[] = {tmp};
    AlDiscoverOptions o = {.inputs = inputs, .n_inputs = 1, .root = tmp, .cwd = tmp};
    AlError err;
    if (al_discover(&o, &r->files, &err) != 0) fail_msg("discover: %s", err.text);
    AlParseOptions popts = {.jobs = 1, .cache_dir = NULL, .prescan = use_prescan ? r->policy : NULL};
    AlParseStats stats;
    char **pw = NULL;
    size_t npw = 0;
    al_parse_files(r->files.files, r->files.n, &popts, &stats, &pw, &npw);
    for (size_t i = 0; i < npw; i++) free(pw[i]);
    free(pw);
    if (!use_prescan) assert_int_equal(stats.parsed, r->files.n);
    r->model = al_model_build(r->files.files, r->files.n, r->policy);
    r->findings = al_findings_new();
    al_rules_run(r->model, r->policy, r->findings);
    r->suppressed = al_suppress_apply(r->model, r->policy, r->findings, &r->warnings, &r->n_warnings);
}

/* "AUTH003@7s,AUTH007@34" over all findings in order; 's' = suppressed,
 * 'b' = in the baseline. */
static const char *summary(const Run *r)
{
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 0; i < r->findings->len; i++) {
        const AlFinding *f = r->findings->items[i];
        char one[64];
        snprintf(one, sizeof one, "%s%s@%u%s%s", i ? "," : "", al_rule_code(f->rule), f->span.line,
                 f->suppressed ? "s" : "", f->in_baseline ? "b" : "");
        strncat(buf, one, sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

static const AlFinding *finding_at(const Run *r, AlRuleId rule, uint32_t line)
{
    for (size_t i = 0; i < r->findings->len; i++) {
        const AlFinding *f = r->findings->items[i];
        if (f->rule == rule && f->span.line == line) return f;
    }
    fail_msg("no %s at line %u: %s", al_rule_code(rule), line, summary(r));
    return NULL;
}

#define HEADER                                                                             \
    "from rest_framework.views import APIView\n"                                           \
    "from openedx.core.lib.api.authentication import BearerAuthentication\n"               \
    "from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication\n"

static const char *const views_py =
    HEADER                                                                                           /* 1-3 */
    "\n\n"                                                                                           /* 4-5 */
    "class SameLine(APIView):\n"                                                                     /* 6 */
    "    authentication_classes = (JwtAuthentication, BearerAuthentication)  # authlint: ignore[AUTH003] legacy\n"
    "\n\n"                                                                                           /* 8-9 */
    "class LineAbove(APIView):\n"                                                                    /* 10 */
    "    # authlint: ignore[AUTH003] migrating in TICKET-1\n"                                        /* 11 */
    "    authentication_classes = (JwtAuthentication, BearerAuthentication)\n"                       /* 12 */
    "\n\n"                                                                                           /* 13-14 */
    "class Noqa(APIView):\n"                                                                         /* 15 */
    "    authentication_classes = (JwtAuthentication, BearerAuthentication)  # noqa: E501, AUTH003\n" /* 16 */
    "\n\n"                                                                                           /* 17-18 */
    "class NotSuppressed(APIView):\n"                                                                /* 19 */
    "    authentication_classes = (JwtAuthentication, BearerAuthentication)\n"                       /* 20 */
    "\n\n"                                                                                           /* 21-22 */
    "class BareNoqa(APIView):\n"                                                                     /* 23 */
    "    authentication_classes = (JwtAuthentication, BearerAuthentication)  # noqa\n"              /* 24 */
    "\n\n"                                                                                           /* 25-26 */
    "class TwoAbove(APIView):\n"                                                                     /* 27 */
    "    # authlint: ignore[AUTH003]\n"                                                              /* 28 */
    "\n"                                                                                             /* 29 */
    "    authentication_classes = (JwtAuthentication, BearerAuthentication)\n"                       /* 30 */
    "\n\n"                                                                                           /* 31-32 */
    "class Unused(APIView):\n"                                                                       /* 33 */
    "    authentication_classes = (JwtAuthentication,)  # authlint: ignore[AUTH003]\n"               /* 34 */
    "\n\n"                                                                                           /* 35-36 */
    "class WrongCode(APIView):\n"                                                                    /* 37 */
    "    authentication_classes = (JwtAuthentication, BearerAuthentication)  # authlint: ignore[AUTH004]\n"
    "\n\n"                                                                                           /* 39-40 */
    "class BareIgnore(APIView):\n"                                                                   /* 41 */
    "    authentication_classes = (JwtAuthentication, BearerAuthentication)  # authlint: ignore\n"  /* 42 */
    "\n\n"                                                                                           /* 43-44 */
    "# authlint: ignore\n"                                                                           /* 45 */
    "X = 1\n"                                                                                        /* 46 */
    "\n"                                                                                             /* 47 */
    "# authlint: frobnicate\n"                                                                       /* 48 */
    "Y = 2\n";                                                                                       /* 49 */

static void test_inline_suppressions(void **state)
{
    (void)state;
    put("app/__init__.py", "");
    put("app/views.py", views_py);
    Run r;
    run_pipeline(&r, NULL);
    /* Suppressed: the same line (7), the line above (12), noqa with an AUTH
     * code among others (16), bare ignore (42). Not: no comment (20), bare
     * noqa (24), two lines above (30), another rule's code (38). */
    assert_string_equal(summary(&r), "AUTH003@7s,AUTH003@12s,AUTH003@16s,AUTH003@20,AUTH003@24,AUTH007@28,"
                                     "AUTH003@30,AUTH007@34,AUTH003@38,AUTH007@38,AUTH003@42s,AUTH007@45");
    assert_int_equal(r.suppressed, 4);
    const AlFinding *f = finding_at(&r, AL_AUTH003, 7);
    assert_int_equal(f->span.col, 50);
    assert_false(f->in_baseline);

    /* AUTH007 for each directive that suppressed nothing, at the directive. */
    f = finding_at(&r, AL_AUTH007, 34);
    assert_int_equal(f->span.col, 54);
    assert_int_equal(f->level, AL_LEVEL_WARNING);
    assert_false(f->suppressed);
    assert_string_equal(f->message, "unused suppression: AUTH003 not found on this line or the next");
    assert_string_equal(f->file->relpath, "app/views.py");
    f = finding_at(&r, AL_AUTH007, 28);
    assert_int_equal(f->span.col, 7);
    assert_string_equal(f->message, "unused suppression: AUTH003 not found on this line or the next");
    f = finding_at(&r, AL_AUTH007, 38);
    assert_string_equal(f->message, "unused suppression: AUTH004 not found on this line or the next");
    f = finding_at(&r, AL_AUTH007, 45);
    assert_int_equal(f->span.col, 3);
    assert_string_equal(f->message, "unused suppression: `authlint: ignore` on line 45 has no finding to suppress");

    /* An unrecognised directive is a warning with its position. */
    assert_int_equal(r.n_warnings, 1);
    assert_string_equal(r.warnings[0], "app/views.py:48:3: unrecognised authlint directive \"frobnicate\"; ignored");
    run_free(&r);
}

static void test_disabled_rules(void **state)
{
    (void)state;
    put("app/__init__.py", "");
    put("app/views.py", views_py);
    /* A code of a disabled rule is not "unused" (it may matter under another
     * selection): with AUTH003 and AUTH004 off, no directive listing them
     * gives AUTH007; the bare ignore above X = 1 still does. */
    AlPolicy *p = al_policy_new();
    p->rules[AL_AUTH003].enabled = false;
    p->rules[AL_AUTH004].enabled = false;
    Run r;
    run_pipeline(&r, p);
    assert_int_equal(r.suppressed, 0);
    for (size_t i = 0; i < r.findings->len; i++) {
        const AlFinding *f = r.findings->items[i];
        if (f->rule != AL_AUTH007) fail_msg("unexpected %s: %s", al_rule_code(f->rule), summary(&r));
        if (f->span.line != 42 && f->span.line != 45) fail_msg("AUTH007 for a disabled code: %s", summary(&r));
    }
    finding_at(&r, AL_AUTH007, 45);
    run_free(&r);

    /* With AUTH007 off there is no unused-suppression finding at all. */
    p = al_policy_new();
    p->rules[AL_AUTH007].enabled = false;
    run_pipeline(&r, p);
    assert_string_equal(summary(&r), "AUTH003@7s,AUTH003@12s,AUTH003@16s,AUTH003@20,AUTH003@24,AUTH003@30,"
                                     "AUTH003@38,AUTH003@42s");
    assert_int_equal(r.suppressed, 4);
    run_free(&r);
}

static void test_partial_use_multiline_and_files(void **state)
{
    (void)state;
    put("app/__init__.py", "");
    put("app/views.py", HEADER
        "\n\n"
        "class Partial(APIView):\n"                                                             /* 6 */
        "    authentication_classes = (JwtAuthentication, BearerAuthentication)  "
        "# authlint: ignore[AUTH003,AUTH004] two codes\n"                                      /* 7 */
        "\n\n"
        "class Lines(APIView):\n"                                                               /* 10 */
        "    authentication_classes = (\n"                                                      /* 11 */
        "        JwtAuthentication,\n"                                                          /* 12 */
        "        BearerAuthentication,  # authlint: ignore[AUTH003]\n"                         /* 13 */
        "    )\n"                                                                               /* 14 */
        "\n\n"
        "class UnusedNoqa(APIView):\n"                                                          /* 17 */
        "    authentication_classes = (JwtAuthentication,)  # noqa: AUTH003\n");               /* 18 */
    /* A directive in another file does not reach into this one. */
    put("app/other.py", "# authlint: ignore[AUTH003]\n"
                        "from app.views import Partial\n");
    Run r;
    run_pipeline(&r, NULL);
    /* The used code of a list suppresses; the unused one is reported; the
     * reference on its own line of a multi-line tuple is suppressed by the
     * comment on that line; an unused noqa is reported like an ignore. */
    assert_string_equal(summary(&r), "AUTH007@1,AUTH003@7s,AUTH007@7,AUTH003@13s,AUTH007@18");
    assert_int_equal(r.suppressed, 2);
    const AlFinding *f = finding_at(&r, AL_AUTH007, 7);
    assert_string_equal(f->message, "unused suppression: AUTH004 not found on this line or the next");
    f = finding_at(&r, AL_AUTH007, 18);
    assert_string_equal(f->message, "unused suppression: AUTH003 not found on this line or the next");
    assert_int_equal(f->span.col, 54);
    f = finding_at(&r, AL_AUTH007, 1);
    assert_string_equal(f->file->relpath, "app/other.py");
    assert_int_equal(r.n_warnings, 0);
    run_free(&r);
}

static const char *const multi_py = HEADER
    "\n\n"
    "class Multi(APIView):\n"                                   /* 6 */
    "    authentication_classes = (BearerAuthentication,)\n"    /* 7 */
    "    authentication_classes = (BearerAuthentication,)\n"    /* 8 */
    "    authentication_classes = (BearerAuthentication,)  # authlint: ignore[AUTH001]\n"; /* 9 */

/* Writes the baseline of r to tmp/name; returns its path (static). */
static const char *write_baseline(const Run *r, const char *name)
{
    AlBuf b = AL_BUF_INIT;
    al_baseline_write(r->findings, &b);
    const char *path = put(name, al_buf_cstr(&b));
    al_buf_release(&b);
    return path;
}

static void test_baseline_roundtrip(void **state)
{
    (void)state;
    put("base/__init__.py", "");
    put("base/views.py", multi_py);
    Run r;
    run_pipeline(&r, NULL);
    /* Three AUTH003 (one per declaration, SPEC 9.7); AUTH001 on the effective
     * one is suppressed. */
    assert_string_equal(summary(&r), "AUTH003@7,AUTH003@8,AUTH001@9s,AUTH003@9");
    const char *fp = finding_at(&r, AL_AUTH003, 7)->fingerprint;
    assert_string_equal(finding_at(&r, AL_AUTH003, 8)->fingerprint, fp);
    assert_string_equal(finding_at(&r, AL_AUTH003, 9)->fingerprint, fp);
    assert_int_equal(strlen(fp), 16);

    /* The baseline holds the findings that are not suppressed. */
    AlBuf b = AL_BUF_INIT;
    al_baseline_write(r.findings, &b);
    json_error_t jerr;
    json_t *doc = json_loads(al_buf_cstr(&b), 0, &jerr);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "schema")), "authlint-baseline/1");
    json_t *list = json_object_get(doc, "findings");
    assert_int_equal(json_array_size(list), 3);
    json_t *e = json_array_get(list, 0);
    assert_string_equal(json_string_value(json_object_get(e, "fingerprint")), fp);
    assert_string_equal(json_string_value(json_object_get(e, "rule")), "AUTH003");
    assert_string_equal(json_string_value(json_object_get(e, "path")), "base/views.py");
    assert_string_equal(json_string_value(json_object_get(e, "message")), finding_at(&r, AL_AUTH003, 7)->message);
    json_decref(doc);
    char path[2 * PATH_MAX];
    snprintf(path, sizeof path, "%s", put("baseline.json", al_buf_cstr(&b)));
    al_buf_release(&b);

    /* Applied to the same findings: every unsuppressed one is in it. */
    AlError err;
    assert_int_equal(al_baseline_apply(path, r.findings, &err), 0);
    assert_string_equal(summary(&r), "AUTH003@7b,AUTH003@8b,AUTH001@9s,AUTH003@9b");
    run_free(&r);

    /* Fingerprints survive line moves: a new run on the file shifted down
     * by three lines still matches. */
    char moved[4096];
    snprintf(moved, sizeof moved, "# moved\n\n\n%s", multi_py);
    put("base/views.py", moved);
    run_pipeline(&r, NULL);
    assert_int_equal(al_baseline_apply(path, r.findings, &err), 0);
    assert_string_equal(summary(&r), "AUTH003@10b,AUTH003@11b,AUTH001@12s,AUTH003@12b");
    run_free(&r);
}

static void test_baseline_multiset(void **state)
{
    (void)state;
    put("base/__init__.py", "");
    put("base/views.py", multi_py);
    Run r;
    run_pipeline(&r, NULL);
    const char *fp = finding_at(&r, AL_AUTH003, 7)->fingerprint;
    /* Two entries for the fingerprint, three findings: one is new. */
    char text[1024];
    snprintf(text, sizeof text,
             "{\"schema\": \"authlint-baseline/1\", \"findings\": [\n"
             "  {\"fingerprint\": \"%s\", \"rule\": \"AUTH003\"},\n"
             "  {\"fingerprint\": \"0000000000000000\", \"rule\": \"AUTH003\"},\n"
             "  {\"rule\": \"AUTH003\"},\n"
             "  {\"fingerprint\": \"%s\", \"rule\": \"AUTH003\"}\n"
             "]}\n",
             fp, fp);
    char path[2 * PATH_MAX];
    snprintf(path, sizeof path, "%s", put("baseline.json", text));
    AlError err;
    assert_int_equal(al_baseline_apply(path, r.findings, &err), 0);
    size_t in = 0, out = 0;
    for (size_t i = 0; i < r.findings->len; i++) {
        const AlFinding *f = r.findings->items[i];
        if (f->rule != AL_AUTH003) continue;
        if (f->in_baseline) in++;
        else out++;
    }
    assert_int_equal(in, 2);
    assert_int_equal(out, 1);
    /* The suppressed finding is never "in the baseline". */
    assert_false(finding_at(&r, AL_AUTH001, 9)->in_baseline);
    run_free(&r);

    /* A written baseline of three identical fingerprints covers all three. */
    run_pipeline(&r, NULL);
    snprintf(path, sizeof path, "%s", write_baseline(&r, "b3.json"));
    assert_int_equal(al_baseline_apply(path, r.findings, &err), 0);
    assert_string_equal(summary(&r), "AUTH003@7b,AUTH003@8b,AUTH001@9s,AUTH003@9b");
    run_free(&r);

    /* A fourth declaration later: exactly one finding is new. */
    char more[4096];
    snprintf(more, sizeof more, "%s    authentication_classes = (BearerAuthentication,)\n", multi_py);
    put("base/views.py", more);
    run_pipeline(&r, NULL);
    assert_int_equal(al_baseline_apply(path, r.findings, &err), 0);
    in = out = 0;
    for (size_t i = 0; i < r.findings->len; i++) {
        const AlFinding *f = r.findings->items[i];
        if (f->rule != AL_AUTH003) continue;
        if (f->in_baseline) in++;
        else out++;
    }
    assert_int_equal(in, 3);
    assert_int_equal(out, 1);
    run_free(&r);
}

static void test_baseline_errors(void **state)
{
    (void)state;
    put("base/__init__.py", "");
    put("base/views.py", multi_py);
    Run r;
    run_pipeline(&r, NULL);
    AlError err;
    char path[2 * PATH_MAX];
    snprintf(path, sizeof path, "%s", put("bad.json", "{\"schema\": \"authlint-baseline/1\",\n \"findings\": [}\n"));
    memset(&err, 0, sizeof err);
    assert_int_equal(al_baseline_apply(path, r.findings, &err), -1);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 2);
    assert_true(err.column > 0);
    assert_non_null(strstr(err.text, "cannot read the baseline"));
    snprintf(path, sizeof path, "%s", put("other.json", "{\"findings\": []}\n"));
    assert_int_equal(al_baseline_apply(path, r.findings, &err), -1);
    assert_non_null(strstr(err.text, "not an authlint baseline"));
    snprintf(path, sizeof path, "%s", put("list.json", "{\"schema\": \"authlint-baseline/1\", \"findings\": {}}\n"));
    assert_int_equal(al_baseline_apply(path, r.findings, &err), -1);
    snprintf(path, sizeof path, "%s/missing.json", tmp);
    assert_int_equal(al_baseline_apply(path, r.findings, &err), -1);
    assert_string_equal(err.file, path);
    /* Nothing was marked by the failed attempts. */
    for (size_t i = 0; i < r.findings->len; i++) assert_false(r.findings->items[i]->in_baseline);
    run_free(&r);
}

/* The same checks with the pre-scan on: files holding only suppression
 * comments must still be seen (suppressions, AUTH007, warnings). */
static int prescan_on(void **state)
{
    use_prescan = true;
    return setup(state);
}

static int prescan_off(void **state)
{
    use_prescan = false;
    return teardown(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        {"test_inline_suppressions (pre-scan)", test_inline_suppressions, prescan_on, prescan_off, NULL},
        {"test_disabled_rules (pre-scan)", test_disabled_rules, prescan_on, prescan_off, NULL},
        {"test_partial_use_multiline_and_files (pre-scan)", test_partial_use_multiline_and_files, prescan_on, prescan_off, NULL},
        {"test_baseline_multiset (pre-scan)", test_baseline_multiset, prescan_on, prescan_off, NULL},
        cmocka_unit_test_setup_teardown(test_inline_suppressions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disabled_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_use_multiline_and_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_baseline_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_baseline_multiset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_baseline_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
