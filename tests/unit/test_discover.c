/* Unit tests for discovery (src/discover/discover.h, SPEC 2, 9.1): test-code
 * detection, --exclude globs (segment vs path), the walk over a temp tree
 * (default skipped directories, symlinks, duplicates, reported vs listed
 * files, order, missing inputs) and project-root detection. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/discover.h"

static char tmp[PATH_MAX];
static char proj[2 * PATH_MAX];

/* ---- temp tree ------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* tmp/rel as a static string (two alternating buffers). */
static const char *at(const char *rel)
{
    static char bufs[2][3 * PATH_MAX];
    static int k;
    k ^= 1;
    snprintf(bufs[k], sizeof bufs[k], "%s/%s", tmp, rel);
    return bufs[k];
}

static void mkdirs(const char *path)
{
    char p[3 * PATH_MAX];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    mkdir(p, 0755);
}

static void put(const char *rel, const char *text)
{
    char path[3 * PATH_MAX];
    snprintf(path, sizeof path, "%s", at(rel));
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdirs(path);
    *slash = '/';
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void link_to(const char *target, const char *rel)
{
    assert_int_equal(symlink(target, at(rel)), 0);
}

static int setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmp, sizeof tmp, "%s/al-discover-XXXXXX", base && base[0] ? base : "/tmp");
    if (!mkdtemp(tmp)) return -1;
    char real[PATH_MAX];
    if (!realpath(tmp, real)) return -1;
    strcpy(tmp, real);
    snprintf(proj, sizeof proj, "%s/proj", tmp);
    put("proj/app/__init__.py", "");
    put("proj/app/views.py", "x = 1\n");
    put("proj/app/models.py", "");
    put("proj/app/tests/test_views.py", "");
    put("proj/app/tests/helpers.py", "");
    put("proj/app/test_utils.py", "");
    put("proj/app/migrations/0001_initial.py", "");
    put("proj/conftest.py", "");
    put("proj/lib/util.py", "");
    put("proj/lib/README.md", "");
    put("proj/lib/data.pyc", "");
    put("proj/node_modules/pkg/x.py", "");
    put("proj/build/gen.py", "");
    put("proj/dist/d.py", "");
    put("proj/.venv/lib/site.py", "");
    put("proj/venv/lib/site.py", "");
    put("proj/.tox/t.py", "");
    put("proj/__pycache__/c.py", "");
    put("proj/.git/hooks/h.py", "");
    put("proj/pkg/site-packages/s.py", "");
    link_to("lib", "proj/link_dir");
    link_to("missing-target.py", "proj/broken.py");
    put("other/ext.py", "");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static const AlFile *find(const AlFileList *l, const char *relpath)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->files[i].relpath, relpath) == 0) return &l->files[i];
    return NULL;
}

/* "a.py,b.py" of the listed relpaths, in list order. */
static const char *relpaths(const AlFileList *l)
{
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        if (i) strcat(buf, ",");
        strncat(buf, l->files[i].relpath, sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

static void assert_sorted(const AlFileList *l)
{
    for (size_t i = 1; i < l->n; i++)
        if (strcmp(l->files[i - 1].relpath, l->files[i].relpath) >= 0)
            fail_msg("not sorted: %s before %s", l->files[i - 1].relpath, l->files[i].relpath);
}

/* ---- pure functions -------------------------------------------------------- */

static void test_is_test(void **state)
{
    (void)state;
    const char *yes[] = {
        "tests/x.py",    "a/test/x.py", "test_x.py",        "a/b/test_views.py", "x_test.py", "a/x_tests.py",
        "conftest.py",   "a/conftest.py", "tests.py",       "a/tests.py",        "test.py",   "settings/test.py",
        "tests/a/b/c.py", "a/tests/__init__.py",
    };
    const char *no[] = {
        "testing.py",       "contest.py",       "attest.py",       "latest.py",      "a/testing/x.py",
        "mytests/x.py",     "test_utils/x.py",  "a/tests_helpers.py", "a/protest.py", "x_testing.py",
        "views.py",         "a/b/c.py",         "testsuite/x.py",  "a/tests.d/x.py",
    };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!al_discover_is_test(yes[i])) fail_msg("%s should be test code", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (al_discover_is_test(no[i])) fail_msg("%s should not be test code", no[i]);
    /* A file named "test" (no extension) has the stem "test". */
    assert_true(al_discover_is_test("test"));
}

static void test_skip_dir(void **state)
{
    (void)state;
    const char *skipped[] = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv",
                             ".tox", ".eggs", "build", "dist", "site-packages"};
    for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++)
        if (!al_discover_skip_dir(skipped[i])) fail_msg("%s should be skipped", skipped[i]);
    assert_false(al_discover_skip_dir("src"));
    assert_false(al_discover_skip_dir(".github"));
    assert_false(al_discover_skip_dir("builds"));
    assert_false(al_discover_skip_dir("Build"));
    assert_false(al_discover_skip_dir(""));
}

static bool ex(const char *relpath, const char *glob)
{
    const char *globs[] = {glob};
    return al_discover_excluded(relpath, globs, 1);
}

static void test_excluded(void **state)
{
    (void)state;
    /* A glob without '/' matches any single segment. */
    assert_true(ex("app/migrations/0001_initial.py", "migrations"));
    assert_true(ex("migrations/x.py", "migrations"));
    assert_false(ex("app/migrations.py", "migrations"));
    assert_false(ex("app/old_migrations/x.py", "migrations"));
    assert_true(ex("proto/x_pb2.py", "*_pb2.py"));
    assert_true(ex("app/legacy_v1/x.py", "legacy*"));
    assert_false(ex("app/v1_legacy/x.py", "legacy*"));
    /* A glob with '/' matches the whole relative path, or a directory above it. */
    assert_true(ex("app/legacy/x.py", "*/legacy/*"));
    assert_true(ex("app/legacy/sub/x.py", "*/legacy/*"));
    assert_false(ex("legacy/x.py", "*/legacy/*"));
    assert_false(ex("a/b/legacy/x.py", "*/legacy/*"));
    assert_true(ex("a/b/legacy/x.py", "**/legacy/**"));
    assert_true(ex("dir/x.py", "dir/"));
    assert_true(ex("dir/sub/y.py", "dir/"));
    assert_false(ex("other/dir/x.py", "dir/"));
    assert_false(ex("dirx/x.py", "dir/"));
    assert_true(ex("gen/a.py", "./gen/"));
    assert_true(ex("a/b.py", "a/b.py"));
    assert_false(ex("x/a/b.py", "a/b.py"));
    assert_true(ex("lms/djangoapps/x/views.py", "lms/djangoapps"));
    assert_false(ex("lms/djangoapps_old/views.py", "lms/djangoapps"));
    /* Any of several globs; none at all excludes nothing. */
    const char *globs[] = {"nothing", "*.generated.py"};
    assert_true(al_discover_excluded("a/x.generated.py", globs, 2));
    assert_false(al_discover_excluded("a/x.py", globs, 2));
    assert_false(al_discover_excluded("a/x.py", NULL, 0));
}

/* ---- the walk -------------------------------------------------------------- */

static void test_walk_named_files_and_root(void **state)
{
    (void)state;
    char views[3 * PATH_MAX], lib[3 * PATH_MAX];
    snprintf(views, sizeof views, "%s", at("proj/app/views.py"));
    snprintf(lib, sizeof lib, "%s", at("proj/lib"));
    const char *inputs[] = {views, views, lib};
    AlDiscoverOptions o = {.inputs = inputs, .n_inputs = 3, .root = proj, .cwd = proj};
    AlFileList l;
    AlError err;
    assert_int_equal(al_discover(&o, &l, &err), 0);
    /* The whole root is listed (skips applied), sorted by relpath; the named
     * file appears once. */
    assert_string_equal(relpaths(&l),
                        "app/__init__.py,app/migrations/0001_initial.py,app/models.py,app/views.py,lib/util.py");
    assert_sorted(&l);
    /* Only the named files are reported. */
    assert_int_equal(l.n_reported, 2);
    for (size_t i = 0; i < l.n; i++) {
        bool want = strcmp(l.files[i].relpath, "app/views.py") == 0 || strcmp(l.files[i].relpath, "lib/util.py") == 0;
        if (l.files[i].report != want) fail_msg("%s report=%d", l.files[i].relpath, l.files[i].report);
    }
    const AlFile *f = find(&l, "app/views.py");
    assert_string_equal(f->path, views);
    assert_string_equal(f->display, "app/views.py");
    assert_string_equal(f->module, "app.views");
    assert_null(f->facts);
    assert_string_equal(find(&l, "app/__init__.py")->module, "app");
    assert_null(find(&l, "app/migrations/0001_initial.py")->module);
    /* A symlink to a directory is not followed; a broken one is a warning. */
    assert_null(find(&l, "link_dir/util.py"));
    assert_int_equal(l.n_warnings, 1);
    char want[4 * PATH_MAX];
    snprintf(want, sizeof want, "%s/broken.py: broken symbolic link; skipped", proj);
    assert_string_equal(l.warnings[0], want);
    al_file_list_free(&l);
    assert_int_equal(l.n, 0);
    al_file_list_free(&l); /* twice is fine */
}

static void test_walk_include_tests_and_exclude(void **state)
{
    (void)state;
    const char *inputs[] = {proj};
    const char *exclude[] = {"migrations", "lib/"};
    AlDiscoverOptions o = {.inputs = inputs,   .n_inputs = 1,  .root = proj,
                           .cwd = proj,        .exclude = exclude, .n_exclude = 2,
                           .include_tests = true};
    AlFileList l;
    AlError err;
    assert_int_equal(al_discover(&o, &l, &err), 0);
    assert_string_equal(relpaths(&l), "app/__init__.py,app/models.py,app/test_utils.py,app/tests/helpers.py,"
                                      "app/tests/test_views.py,app/views.py,conftest.py");
    assert_int_equal(l.n_reported, l.n);
    assert_string_equal(find(&l, "app/tests/test_views.py")->module, "app.tests.test_views");
    al_file_list_free(&l);

    /* Without include_tests every kind of test code is gone. */
    o.include_tests = false;
    o.n_exclude = 0;
    assert_int_equal(al_discover(&o, &l, &err), 0);
    assert_string_equal(relpaths(&l),
                        "app/__init__.py,app/migrations/0001_initial.py,app/models.py,app/views.py,lib/util.py");
    al_file_list_free(&l);
}

static void test_walk_named_skipped_files(void **state)
{
    (void)state;
    /* Skip rules apply to named files too (SPEC 9.1): a test file, a file in
     * a default-skipped directory, an excluded file. */
    char t[3 * PATH_MAX], b[3 * PATH_MAX], m[3 * PATH_MAX];
    snprintf(t, sizeof t, "%s", at("proj/app/tests/test_views.py"));
    snprintf(b, sizeof b, "%s", at("proj/build/gen.py"));
    snprintf(m, sizeof m, "%s", at("proj/app/migrations/0001_initial.py"));
    const char *inputs[] = {t, b, m};
    const char *exclude[] = {"migrations"};
    AlDiscoverOptions o = {.inputs = inputs, .n_inputs = 3, .root = proj, .cwd = proj,
                           .exclude = exclude, .n_exclude = 1};
    AlFileList l;
    AlError err;
    assert_int_equal(al_discover(&o, &l, &err), 0);
    assert_int_equal(l.n_reported, 0);
    assert_null(find(&l, "app/tests/test_views.py"));
    assert_null(find(&l, "build/gen.py"));
    assert_null(find(&l, "app/migrations/0001_initial.py"));
    assert_string_equal(relpaths(&l), "app/__init__.py,app/models.py,app/views.py,lib/util.py");
    al_file_list_free(&l);
}

static void test_walk_missing_and_broken_inputs(void **state)
{
    (void)state;
    char missing[3 * PATH_MAX];
    snprintf(missing, sizeof missing, "%s", at("proj/nope.py"));
    const char *inputs[] = {proj, missing};
    AlDiscoverOptions o = {.inputs = inputs, .n_inputs = 2, .root = proj, .cwd = proj};
    AlFileList l;
    AlError err;
    memset(&err, 0, sizeof err);
    assert_int_equal(al_discover(&o, &l, &err), -1);
    assert_string_equal(err.file, missing);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.text, "No such file or directory");
    al_file_list_free(&l);

    /* A broken symlink named on the command line: a warning, not an error. */
    char broken[3 * PATH_MAX];
    snprintf(broken, sizeof broken, "%s", at("proj/broken.py"));
    const char *inputs2[] = {broken};
    o.inputs = inputs2;
    o.n_inputs = 1;
    assert_int_equal(al_discover(&o, &l, &err), 0);
    assert_int_equal(l.n_reported, 0);
    assert_true(l.n_warnings >= 1);
    char want[4 * PATH_MAX];
    snprintf(want, sizeof want, "%s: broken symbolic link; skipped", broken);
    assert_string_equal(l.warnings[0], want);
    al_file_list_free(&l);
}

static void test_walk_outside_root_and_display(void **state)
{
    (void)state;
    char ext[3 * PATH_MAX], cwd[3 * PATH_MAX];
    snprintf(ext, sizeof ext, "%s", at("other/ext.py"));
    snprintf(cwd, sizeof cwd, "%s", at("proj/app"));
    const char *inputs[] = {ext};
    AlDiscoverOptions o = {.inputs = inputs, .n_inputs = 1, .root = proj, .cwd = cwd};
    AlFileList l;
    AlError err;
    assert_int_equal(al_discover(&o, &l, &err), 0);
    const AlFile *f = find(&l, "../other/ext.py");
    assert_non_null(f);
    assert_true(f->report);
    assert_null(f->module); /* not importable from the root */
    assert_string_equal(f->display, "../../other/ext.py");
    assert_int_equal(l.n_reported, 1);
    /* Display paths are relative to the current directory. */
    assert_string_equal(find(&l, "lib/util.py")->display, "../lib/util.py");
    assert_string_equal(find(&l, "app/views.py")->display, "views.py");
    /* Sorted by relpath: "../" sorts before letters. */
    assert_string_equal(l.files[0].relpath, "../other/ext.py");
    assert_sorted(&l);
    al_file_list_free(&l);
}

static void test_walk_relative_inputs(void **state)
{
    (void)state;
    char old[PATH_MAX];
    assert_non_null(getcwd(old, sizeof old));
    assert_int_equal(chdir(proj), 0);
    const char *inputs[] = {"app/views.py", "./app/../app/views.py", "lib/"};
    AlDiscoverOptions o = {.inputs = inputs, .n_inputs = 3, .root = proj, .cwd = proj};
    AlFileList l;
    AlError err;
    int rc = al_discover(&o, &l, &err);
    assert_int_equal(chdir(old), 0);
    assert_int_equal(rc, 0);
    assert_int_equal(l.n, 5);
    assert_int_equal(l.n_reported, 2);
    assert_true(find(&l, "app/views.py")->report);
    assert_true(find(&l, "lib/util.py")->report);
    assert_false(find(&l, "app/models.py")->report);
    al_file_list_free(&l);
}

static void test_walk_links_loops_and_depth(void **state)
{
    (void)state;
    char deep[3 * PATH_MAX];
    snprintf(deep, sizeof deep, "%s", at("edge"));
    put("edge/real.py", "");
    link_to("real.py", "edge/alias.py");           /* symlink to a file: kept */
    link_to("loop.py", "edge/loop.py");            /* a link to itself */
    link_to(".", "edge/self");                     /* a directory loop: not followed */
    link_to("../edge", "edge/up");
    /* 300 nested directories: the walk stops with a warning, no crash. */
    char rel[1024] = "edge";
    for (int i = 0; i < 300; i++) strcat(rel, "/d");
    strcat(rel, "/deep.py");
    put(rel, "");
    const char *inputs[] = {deep};
    AlDiscoverOptions o = {.inputs = inputs, .n_inputs = 1, .root = deep, .cwd = deep};
    AlFileList l;
    AlError err;
    assert_int_equal(al_discover(&o, &l, &err), 0);
    assert_string_equal(relpaths(&l), "alias.py,real.py");
    assert_int_equal(l.n_reported, 2);
    bool loop_warned = false, depth_warned = false;
    for (size_t i = 0; i < l.n_warnings; i++) {
        if (strstr(l.warnings[i], "/edge/loop.py: broken symbolic link; skipped")) loop_warned = true;
        if (strstr(l.warnings[i], "directory nesting too deep; skipped")) depth_warned = true;
    }
    assert_true(loop_warned);
    assert_true(depth_warned);
    al_file_list_free(&l);
}

/* Directories are read by several threads: the list, the report flags, the
 * module names and the warnings are the same for every number of them. */
static void test_walk_threads_agree(void **state)
{
    (void)state;
    char many[3 * PATH_MAX], sub[3 * PATH_MAX];
    snprintf(many, sizeof many, "%s", at("many"));
    for (int i = 0; i < 40; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "many/pkg%d/__init__.py", i);
        put(rel, "");
        snprintf(rel, sizeof rel, "many/pkg%d/sub%d/views.py", i, i % 7);
        put(rel, "");
        snprintf(rel, sizeof rel, "many/pkg%d/tests/test_x.py", i);
        put(rel, "");
        snprintf(rel, sizeof rel, "many/pkg%d/gone.py", i);
        link_to("nowhere.py", rel);
    }
    snprintf(sub, sizeof sub, "%s", at("many/pkg3"));
    const char *inputs[] = {sub};
    char *first = NULL;
    for (int jobs = 1; jobs <= 8; jobs *= 2) {
        AlDiscoverOptions o = {.inputs = inputs, .n_inputs = 1, .root = many, .cwd = many, .jobs = jobs};
        AlFileList l;
        AlError err;
        assert_int_equal(al_discover(&o, &l, &err), 0);
        assert_int_equal(l.n, 80);
        assert_int_equal(l.n_reported, 2); /* pkg3/__init__.py, pkg3/sub3/views.py */
        assert_int_equal(l.n_warnings, 40);
        assert_sorted(&l);
        char *all = calloc(1, 64 * 1024);
        for (size_t i = 0; i < l.n; i++) {
            const AlFile *f = &l.files[i];
            snprintf(all + strlen(all), 64 * 1024 - strlen(all), "%s %d %s\n", f->relpath, f->report, f->module);
        }
        for (size_t i = 0; i < l.n_warnings; i++) {
            if (i && strcmp(l.warnings[i - 1], l.warnings[i]) >= 0) fail_msg("warnings not sorted");
            snprintf(all + strlen(all), 64 * 1024 - strlen(all), "%s\n", l.warnings[i]);
        }
        if (!first) first = all;
        else {
            assert_string_equal(all, first);
            free(all);
        }
        al_file_list_free(&l);
    }
    free(first);
}

/* ---- the root ------------------------------------------------------------------ */

static void test_root(void **state)
{
    (void)state;
    put("cfgproj/.authlint.json", "{}");
    put("cfgproj/a/x.py", "");
    put("repo/.git/HEAD", "");
    put("repo/a/b/x.py", "");
    put("wt/.git", "gitdir: elsewhere\n"); /* a worktree's .git file */
    put("wt/src/y.py", "");
    put("plain/a/x.py", "");
    put("plain/b/y.py", "");
    put("plain/c/z.py", "");
    char want[3 * PATH_MAX], cwd[3 * PATH_MAX], in1[3 * PATH_MAX], in2[3 * PATH_MAX];

    /* The config's directory wins over everything. */
    snprintf(cwd, sizeof cwd, "%s", at("repo/a/b"));
    snprintf(in1, sizeof in1, "%s", at("plain/b/y.py"));
    const char *inputs[2] = {in1, NULL};
    char *root = al_discover_root(at("cfgproj/.authlint.json"), cwd, inputs, 1);
    assert_string_equal(root, at("cfgproj"));
    free(root);

    /* Else the git top level above the current directory. */
    snprintf(in1, sizeof in1, "%s", at("repo/a/b/x.py"));
    root = al_discover_root(NULL, cwd, inputs, 1);
    assert_string_equal(root, at("repo"));
    free(root);
    snprintf(cwd, sizeof cwd, "%s", at("wt/src"));
    snprintf(in1, sizeof in1, "%s", at("wt/src"));
    root = al_discover_root(NULL, cwd, inputs, 1);
    assert_string_equal(root, at("wt"));
    free(root);

    /* Else the current directory. */
    snprintf(cwd, sizeof cwd, "%s", at("plain/a"));
    snprintf(in1, sizeof in1, "%s", at("plain/a/x.py"));
    root = al_discover_root(NULL, cwd, inputs, 1);
    assert_string_equal(root, cwd);
    free(root);

    /* Inputs outside it: their common directory. */
    snprintf(in1, sizeof in1, "%s", at("plain/b/y.py"));
    snprintf(in2, sizeof in2, "%s", at("plain/c"));
    inputs[1] = in2;
    root = al_discover_root(NULL, cwd, inputs, 2);
    assert_string_equal(root, at("plain"));
    free(root);
    root = al_discover_root(NULL, cwd, inputs, 1); /* one file: its directory */
    snprintf(want, sizeof want, "%s", at("plain/b"));
    assert_string_equal(root, want);
    free(root);
    /* One inside, one outside. */
    snprintf(in1, sizeof in1, "%s", at("plain/a/x.py"));
    root = al_discover_root(NULL, cwd, inputs, 2);
    assert_string_equal(root, at("plain"));
    free(root);
    /* Outside the git top level too. */
    snprintf(cwd, sizeof cwd, "%s", at("repo/a"));
    snprintf(in1, sizeof in1, "%s", at("plain/b/y.py"));
    root = al_discover_root(NULL, cwd, inputs, 1);
    assert_string_equal(root, want);
    free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_test),
        cmocka_unit_test(test_skip_dir),
        cmocka_unit_test(test_excluded),
        cmocka_unit_test_setup_teardown(test_walk_named_files_and_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_include_tests_and_exclude, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_named_skipped_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_missing_and_broken_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_outside_root_and_display, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_relative_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_links_loops_and_depth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_threads_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_root, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
