/* Discovery: the directory walk, skip rules and root detection. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "discover/discover.h"
#include "util/glob.h"
#include "util/map.h"
#include "util/path.h"

static const char *const skipped_dirs[] = {
    ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".eggs", "build", "dist",
    "site-packages", ".authlint_cache", NULL,
};

bool al_discover_skip_dir(const char *name)
{
    for (size_t i = 0; skipped_dirs[i]; i++)
        if (strcmp(skipped_dirs[i], name) == 0)
            return true;
    return false;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A directory of test code (SPEC 2, 9.1): everything below it is a test. */
static bool test_dir(const char *name, size_t len)
{
    return (len == 5 && strncmp(name, "tests", 5) == 0) || (len == 4 && strncmp(name, "test", 4) == 0);
}

bool al_discover_is_test(const char *relpath)
{
    const char *seg = relpath;
    for (;;) {
        const char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (slash) {
            if (test_dir(seg, len))
                return true;
            seg = slash + 1;
            continue;
        }
        /* The file name. */
        if (strncmp(seg, "test_", 5) == 0 || strcmp(seg, "conftest.py") == 0 || ends_with(seg, "_test.py") ||
            ends_with(seg, "_tests.py"))
            return true;
        const char *dot = strrchr(seg, '.');
        size_t stem = dot ? (size_t)(dot - seg) : len;
        return (stem == 5 && strncmp(seg, "tests", 5) == 0) || (stem == 4 && strncmp(seg, "test", 4) == 0);
    }
}

bool al_discover_excluded(const char *relpath, const char *const *globs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *g = globs[i];
        if (strncmp(g, "./", 2) == 0)
            g += 2;
        if (strchr(g, '/')) {
            size_t len = strlen(g);
            if (al_glob_match(g, relpath, AL_GLOB_PATH))
                return true;
            /* "dir/" or "dir/sub" also excludes everything below it. */
            char *below = al_xmalloc(len + 4);
            snprintf(below, len + 4, "%s%s**", g, g[len - 1] == '/' ? "" : "/");
            bool hit = al_glob_match(below, relpath, AL_GLOB_PATH);
            free(below);
            if (hit)
                return true;
            continue;
        }
        const char *seg = relpath;
        for (;;) {
            const char *slash = strchr(seg, '/');
            size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
            char *part = strndup(seg, len);
            bool hit = part && al_glob_match(g, part, 0);
            free(part);
            if (hit)
                return true;
            if (!slash)
                break;
            seg = slash + 1;
        }
    }
    return false;
}

/* ---- the walk ------------------------------------------------------------ */

typedef struct Walk {
    const AlDiscoverOptions *opts;
    AlFileList *out;
    size_t cap;
    AlMap seen; /* absolute path -> AlFile index + 1 */
    AlMap walked; /* absolute paths of the directories walked */
    AlMap warned; /* warning text -> itself: the root is walked again after
                     the inputs, and a path met twice is warned about once */
} Walk;

static void warn(Walk *w, const char *fmt, const char *a, const char *b)
{
    AlFileList *out = w->out;
    char text[4200];
    snprintf(text, sizeof text, fmt, a, b ? b : "");
    if (al_map_has(&w->warned, text)) return;
    out->warnings = al_xrealloc(out->warnings, (out->n_warnings + 1) * sizeof *out->warnings);
    out->warnings[out->n_warnings] = al_xstrdup(text);
    al_map_put(&w->warned, out->warnings[out->n_warnings], out->warnings[out->n_warnings]);
    out->n_warnings++;
}

/* Path relative to the root as used for skip rules and JSON. */
static char *rel_to_root(const Walk *w, const char *abs)
{
    return al_path_relative(w->opts->root, abs);
}

static bool skipped(const Walk *w, const char *rel)
{
    if (!w->opts->include_tests && al_discover_is_test(rel))
        return true;
    if (al_discover_excluded(rel, w->opts->exclude, w->opts->n_exclude))
        return true;
    /* A default-skipped directory anywhere in the path (a named file below
     * build/ or .venv/ is skipped too). */
    const char *seg = rel;
    for (;;) {
        const char *slash = strchr(seg, '/');
        if (!slash)
            break;
        char *part = strndup(seg, (size_t)(slash - seg));
        bool hit = part && al_discover_skip_dir(part);
        free(part);
        if (hit)
            return true;
        seg = slash + 1;
    }
    return false;
}

static void add_file(Walk *w, const char *abs, bool report)
{
    AlFileList *out = w->out;
    void *known = al_map_get(&w->seen, abs);
    if (known) {
        AlFile *f = &out->files[(size_t)(uintptr_t)known - 1];
        if (report && !f->report) {
            f->report = true;
            out->n_reported++;
        }
        return;
    }
    char *rel = rel_to_root(w, abs);
    if (skipped(w, rel)) {
        free(rel);
        return;
    }
    if (out->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 256;
        out->files = al_xrealloc(out->files, w->cap * sizeof *out->files);
    }
    AlFile *f = &out->files[out->n++];
    memset(f, 0, sizeof *f);
    f->path = al_arena_strdup(out->arena, abs);
    f->relpath = al_arena_strdup(out->arena, rel);
    char *display = al_path_relative(w->opts->cwd, abs);
    f->display = al_arena_strdup(out->arena, display);
    free(display);
    size_t root_len = 0;
    char *module = strncmp(rel, "../", 3) == 0 ? NULL : al_path_module_name(rel, &root_len);
    f->module = module ? al_arena_strdup(out->arena, module) : NULL;
    f->import_root = al_arena_strndup(out->arena, rel, module ? root_len : 0);
    free(module);
    f->report = report;
    if (report)
        out->n_reported++;
    al_map_put(&w->seen, f->path, (void *)(uintptr_t)out->n);
    free(rel);
}

static void walk_dir(Walk *w, const char *abs, bool report, int depth)
{
    if (depth > 256) {
        warn(w, "%s: directory nesting too deep; skipped%s", abs, NULL);
        return;
    }
    /* The walk of the root for name resolution skips what the inputs
     * walked ("authlint check ." would read every directory twice). */
    if (al_map_has(&w->walked, abs)) return;
    al_map_put(&w->walked, al_arena_strdup(w->out->arena, abs), NULL);
    DIR *dir = opendir(abs);
    if (!dir) {
        warn(w, "%s: cannot open directory: %s; skipped", abs, strerror(errno));
        return;
    }
    /* Read all names first, sorted: the walk order must not depend on the
     * file system. */
    char **names = NULL;
    unsigned char *types = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = al_xrealloc(names, cap * sizeof *names);
            types = al_xrealloc(types, cap);
        }
        types[n] = e->d_type;
        names[n++] = al_xstrdup(e->d_name);
    }
    closedir(dir);
    for (size_t i = 0; i < n; i++) {
        const char *name = names[i];
        char *child = al_path_join(abs, name);
        struct stat st;
        /* The entry type from readdir saves an lstat per file; only unknown
         * types (some file systems) need one. */
        if (types[i] == DT_DIR) {
            st.st_mode = S_IFDIR;
        } else if (types[i] == DT_REG) {
            st.st_mode = S_IFREG;
        } else if (types[i] == DT_LNK) {
            st.st_mode = S_IFLNK;
        } else if (lstat(child, &st) != 0) {
            free(child);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            /* Below tests/ every file is test code (add_file checks it too). */
            bool tests = !w->opts->include_tests && test_dir(name, strlen(name));
            if (!al_discover_skip_dir(name) && !tests)
                walk_dir(w, child, report, depth + 1);
        } else if (ends_with(name, ".py")) {
            if (S_ISLNK(st.st_mode)) {
                struct stat target;
                if (stat(child, &target) != 0)
                    warn(w, "%s: broken symbolic link; skipped%s", child, NULL);
                else if (S_ISREG(target.st_mode))
                    add_file(w, child, report);
            } else if (S_ISREG(st.st_mode)) {
                add_file(w, child, report);
            }
        }
        /* Symbolic links to directories are never followed (SPEC 2). */
        free(child);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(types);
}

static int cmp_files(const void *a, const void *b)
{
    return strcmp(((const AlFile *)a)->relpath, ((const AlFile *)b)->relpath);
}

/* Two files can have one module name only below different sys.path roots
 * (see al_path_module_name: "a/x.py" and "my-service/x.py"). The one nearest
 * the project root keeps it, then the first by path; the others get no
 * module name, as Python would import only one of them. */
static void unique_modules(AlFileList *out)
{
    AlMap owner = {0}; /* module -> index + 1 of the file that has it */
    for (size_t i = 0; i < out->n; i++) {
        AlFile *f = &out->files[i];
        if (!f->module) continue;
        size_t j = (uintptr_t)al_map_get(&owner, f->module);
        if (!j) {
            al_map_put(&owner, f->module, (void *)(uintptr_t)(i + 1));
        } else if (strlen(f->import_root) < strlen(out->files[j - 1].import_root)) {
            out->files[j - 1].module = NULL;
            al_map_put(&owner, f->module, (void *)(uintptr_t)(i + 1));
        } else {
            f->module = NULL;
        }
    }
    al_map_free(&owner);
}

int al_discover(const AlDiscoverOptions *opts, AlFileList *out, AlError *err)
{
    memset(out, 0, sizeof *out);
    out->arena = al_arena_new();
    Walk w = {.opts = opts, .out = out};
    /* Check the inputs first: a missing path is a usage error. */
    for (size_t i = 0; i < opts->n_inputs; i++) {
        struct stat st;
        if (stat(opts->inputs[i], &st) != 0) {
            struct stat lst;
            if (lstat(opts->inputs[i], &lst) == 0) {
                warn(&w, "%s: broken symbolic link; skipped%s", opts->inputs[i], NULL);
                continue;
            }
            al_error_set(err, opts->inputs[i], 0, 0, "%s", strerror(errno));
            al_map_free(&w.seen);
            al_map_free(&w.walked);
            al_map_free(&w.warned);
            return -1;
        }
    }
    /* The inputs (reported). */
    for (size_t i = 0; i < opts->n_inputs; i++) {
        struct stat st;
        if (stat(opts->inputs[i], &st) != 0)
            continue;
        char *abs = al_path_absolute(opts->inputs[i]);
        if (S_ISDIR(st.st_mode)) {
            walk_dir(&w, abs, true, 0);
        } else if (S_ISREG(st.st_mode)) {
            size_t before = out->n;
            add_file(&w, abs, true);
            (void)before;
        } else {
            warn(&w, "%s: not a regular file or directory; skipped%s", opts->inputs[i], NULL);
        }
        free(abs);
    }
    /* The rest of the project, for name resolution (not reported). */
    walk_dir(&w, opts->root, false, 0);
    al_map_free(&w.seen);
    al_map_free(&w.walked);
    al_map_free(&w.warned);
    if (out->n > 1) qsort(out->files, out->n, sizeof *out->files, cmp_files);
    unique_modules(out);
    return 0;
}

void al_file_list_free(AlFileList *self)
{
    if (!self)
        return;
    free(self->files);
    for (size_t i = 0; i < self->n_warnings; i++)
        free(self->warnings[i]);
    free(self->warnings);
    al_arena_free(self->arena);
    memset(self, 0, sizeof *self);
}

/* ---- root ---------------------------------------------------------------- */

static char *common_dir(const char *const *inputs, size_t n)
{
    char *common = NULL;
    for (size_t i = 0; i < n; i++) {
        char *abs = al_path_absolute(inputs[i]);
        struct stat st;
        if (stat(abs, &st) != 0 || !S_ISDIR(st.st_mode)) {
            char *slash = strrchr(abs, '/');
            if (slash)
                *(slash == abs ? slash + 1 : slash) = '\0';
        }
        if (!common) {
            common = abs;
            continue;
        }
        while (!al_path_is_within(common, abs)) {
            char *slash = strrchr(common, '/');
            if (!slash || slash == common) {
                common[1] = '\0';
                break;
            }
            *slash = '\0';
        }
        free(abs);
    }
    return common;
}

char *al_discover_root(const char *config_path, const char *cwd, const char *const *inputs, size_t n_inputs)
{
    if (config_path) {
        char *abs = al_path_absolute(config_path);
        char *slash = strrchr(abs, '/');
        if (slash)
            *(slash == abs ? slash + 1 : slash) = '\0';
        return abs;
    }
    /* The git top level: the nearest directory holding .git. */
    char *dir = al_xstrdup(cwd);
    for (;;) {
        char *git = al_path_join(dir, ".git");
        struct stat st;
        bool found = stat(git, &st) == 0;
        free(git);
        if (found)
            break;
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            free(dir);
            dir = NULL;
            break;
        }
        *slash = '\0';
    }
    char *base = dir ? dir : al_xstrdup(cwd);
    bool inside = true;
    for (size_t i = 0; i < n_inputs; i++) {
        char *abs = al_path_absolute(inputs[i]);
        if (!al_path_is_within(base, abs))
            inside = false;
        free(abs);
    }
    if (inside)
        return base;
    free(base);
    return common_dir(inputs, n_inputs);
}
