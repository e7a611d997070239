/* Discovery: the directory walk, skip rules and root detection. */
#include <dirent.h>
#include <pthread.h>
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

/* A few threads read directories at once: each directory and file costs a
 * few system calls, and system calls are what the walk costs (on a virtual
 * machine most of all). Each thread keeps the files it finds, their strings
 * in its own arena; al_discover merges them, sorts them and drops
 * duplicates, so the list depends neither on the threads nor on the order in
 * which the file system lists a directory. */

typedef struct Dir {
    char *abs;
    int depth;
} Dir;

typedef struct Walk {
    const AlDiscoverOptions *opts;
    AlFileList *out; /* its warnings, under the lock */
    bool report;     /* this pass: the inputs (reported) or the rest */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    Dir *todo; /* directories to read, a stack */
    size_t n_todo, cap_todo;
    size_t reading; /* threads reading a directory */
    AlMap walked;   /* absolute paths of the directories queued: the pass
                       over the root skips what the inputs walked */
    AlMap warned;   /* warning text -> itself: a path met twice is warned
                       about once */
} Walk;

/* One thread's findings. */
typedef struct Walker {
    Walk *w;
    AlArena *arena;
    AlFile *files;
    size_t n, cap;
} Walker;

static void warn(Walk *w, const char *fmt, const char *a, const char *b)
{
    char text[4200];
    snprintf(text, sizeof text, fmt, a, b ? b : "");
    pthread_mutex_lock(&w->lock);
    AlFileList *out = w->out;
    if (!al_map_has(&w->warned, text)) {
        out->warnings = al_xrealloc(out->warnings, (out->n_warnings + 1) * sizeof *out->warnings);
        out->warnings[out->n_warnings] = al_xstrdup(text);
        al_map_put(&w->warned, out->warnings[out->n_warnings], out->warnings[out->n_warnings]);
        out->n_warnings++;
    }
    pthread_mutex_unlock(&w->lock);
}

static bool skipped(const Walk *w, const char *rel)
{
    if (!w->opts->include_tests && al_discover_is_test(rel))
        return true;
    if (al_discover_excluded(rel, w->opts->exclude, w->opts->n_exclude))
        return true;
    /* A default-skipped directory anywhere in the path (a named file below
     * build/ or .venv/ is skipped too). */
    char part[256];
    for (const char *seg = rel, *slash; (slash = strchr(seg, '/')); seg = slash + 1) {
        size_t len = (size_t)(slash - seg);
        if (len >= sizeof part)
            continue; /* longer than any default-skipped name */
        memcpy(part, seg, len);
        part[len] = '\0';
        if (al_discover_skip_dir(part))
            return true;
    }
    return false;
}

static void add_file(Walker *k, const char *abs, bool report)
{
    const Walk *w = k->w;
    char *rel = al_path_relative(w->opts->root, abs);
    if (skipped(w, rel)) {
        free(rel);
        return;
    }
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 256;
        k->files = al_xrealloc(k->files, k->cap * sizeof *k->files);
    }
    AlFile *f = &k->files[k->n++];
    memset(f, 0, sizeof *f);
    f->path = al_arena_strdup(k->arena, abs);
    f->relpath = al_arena_strdup(k->arena, rel);
    char *display = al_path_relative(w->opts->cwd, abs);
    f->display = al_arena_strdup(k->arena, display);
    free(display);
    size_t root_len = 0;
    char *module = strncmp(rel, "../", 3) == 0 ? NULL : al_path_module_name(rel, &root_len);
    f->module = module ? al_arena_strdup(k->arena, module) : NULL;
    f->import_root = al_arena_strndup(k->arena, rel, module ? root_len : 0);
    free(module);
    f->report = report;
    free(rel);
}

/* Queues a directory unless it was queued before; takes abs. Call with the
 * lock held. */
static void queue_dir(Walk *w, char *abs, int depth)
{
    if (al_map_has(&w->walked, abs)) {
        free(abs);
        return;
    }
    al_map_put(&w->walked, al_arena_strdup(w->out->arena, abs), NULL);
    if (w->n_todo == w->cap_todo) {
        w->cap_todo = w->cap_todo ? w->cap_todo * 2 : 64;
        w->todo = al_xrealloc(w->todo, w->cap_todo * sizeof *w->todo);
    }
    w->todo[w->n_todo++] = (Dir){abs, depth};
}

/* Reads one directory: files are added, subdirectories queued. */
static void read_dir(Walker *k, const char *abs, int depth)
{
    Walk *w = k->w;
    if (depth > 256) {
        warn(w, "%s: directory nesting too deep; skipped%s", abs, NULL);
        return;
    }
    DIR *dir = opendir(abs);
    if (!dir) {
        warn(w, "%s: cannot open directory: %s; skipped", abs, strerror(errno));
        return;
    }
    char **subdirs = NULL;
    size_t n_subdirs = 0, cap_subdirs = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        /* The entry type from readdir saves an lstat per file; only unknown
         * types (some file systems) need one. */
        unsigned char type = e->d_type;
        bool py = ends_with(name, ".py");
        if (type != DT_DIR && type != DT_UNKNOWN && !py)
            continue; /* a file, link or other entry that is not Python */
        char *child = al_path_join(abs, name);
        struct stat st;
        if (type == DT_DIR) {
            st.st_mode = S_IFDIR;
        } else if (type == DT_REG) {
            st.st_mode = S_IFREG;
        } else if (type == DT_LNK) {
            st.st_mode = S_IFLNK;
        } else if (lstat(child, &st) != 0) {
            free(child);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            /* Below tests/ every file is test code (add_file checks it too). */
            bool tests = !w->opts->include_tests && test_dir(name, strlen(name));
            if (!al_discover_skip_dir(name) && !tests) {
                if (n_subdirs == cap_subdirs) {
                    cap_subdirs = cap_subdirs ? cap_subdirs * 2 : 16;
                    subdirs = al_xrealloc(subdirs, cap_subdirs * sizeof *subdirs);
                }
                subdirs[n_subdirs++] = child;
                continue;
            }
        } else if (py && S_ISLNK(st.st_mode)) {
            struct stat target;
            if (stat(child, &target) != 0)
                warn(w, "%s: broken symbolic link; skipped%s", child, NULL);
            else if (S_ISREG(target.st_mode))
                add_file(k, child, w->report);
        } else if (py && S_ISREG(st.st_mode)) {
            add_file(k, child, w->report);
        }
        /* Symbolic links to directories are never followed (SPEC 2). */
        free(child);
    }
    closedir(dir);
    if (n_subdirs) {
        pthread_mutex_lock(&w->lock);
        for (size_t i = 0; i < n_subdirs; i++)
            queue_dir(w, subdirs[i], depth + 1);
        pthread_cond_broadcast(&w->wake);
        pthread_mutex_unlock(&w->lock);
    }
    free(subdirs);
}

/* A thread of the walk: reads queued directories until none is queued and
 * no other thread is reading one (which could queue more). */
static void *walker_run(void *arg)
{
    Walker *k = arg;
    Walk *w = k->w;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->n_todo && w->reading)
            pthread_cond_wait(&w->wake, &w->lock);
        if (!w->n_todo)
            break;
        Dir d = w->todo[--w->n_todo];
        w->reading++;
        pthread_mutex_unlock(&w->lock);
        read_dir(k, d.abs, d.depth);
        free(d.abs);
        pthread_mutex_lock(&w->lock);
        w->reading--;
        if (!w->reading)
            pthread_cond_broadcast(&w->wake);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* Reads every queued directory, and what they contain, with n threads (the
 * calling one included). */
static void walk_queued(Walker *k, size_t n)
{
    if (!k[0].w->n_todo)
        return;
    pthread_t *t = al_xcalloc(n, sizeof *t);
    size_t started = 1;
    for (; started < n; started++)
        if (pthread_create(&t[started], NULL, walker_run, &k[started]) != 0)
            break; /* fewer threads: the calling one reads what is left */
    walker_run(&k[0]);
    for (size_t i = 1; i < started; i++)
        pthread_join(t[i], NULL);
    free(t);
}

static int cmp_files(const void *a, const void *b)
{
    return strcmp(((const AlFile *)a)->relpath, ((const AlFile *)b)->relpath);
}

static int cmp_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
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

/* The walkers' files, sorted by path, each once (reported when any walker
 * found it reported). */
static void merge(AlFileList *out, Walker *k, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += k[i].n;
    out->files = al_xmalloc((total ? total : 1) * sizeof *out->files);
    for (size_t i = 0; i < n; i++) {
        if (k[i].n)
            memcpy(out->files + out->n, k[i].files, k[i].n * sizeof *k[i].files);
        out->n += k[i].n;
        free(k[i].files);
        al_arena_adopt(out->arena, k[i].arena);
    }
    if (out->n > 1)
        qsort(out->files, out->n, sizeof *out->files, cmp_files);
    size_t m = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (m && strcmp(out->files[m - 1].path, out->files[i].path) == 0)
            out->files[m - 1].report |= out->files[i].report;
        else
            out->files[m++] = out->files[i];
    }
    out->n = m;
    for (size_t i = 0; i < out->n; i++)
        out->n_reported += out->files[i].report;
    if (out->n_warnings > 1)
        qsort(out->warnings, out->n_warnings, sizeof *out->warnings, cmp_strings);
}

int al_discover(const AlDiscoverOptions *opts, AlFileList *out, AlError *err)
{
    memset(out, 0, sizeof *out);
    out->arena = al_arena_new();
    Walk w = {.opts = opts, .out = out, .report = true};
    pthread_mutex_init(&w.lock, NULL);
    pthread_cond_init(&w.wake, NULL);
    size_t n = opts->jobs > 0 ? (size_t)opts->jobs : 1;
    Walker *k = al_xcalloc(n, sizeof *k);
    for (size_t i = 0; i < n; i++)
        k[i] = (Walker){.w = &w, .arena = al_arena_new()};
    int rc = 0;
    /* Check the inputs first: a missing path is a usage error. */
    for (size_t i = 0; i < opts->n_inputs && rc == 0; i++) {
        struct stat st;
        if (stat(opts->inputs[i], &st) != 0) {
            struct stat lst;
            if (lstat(opts->inputs[i], &lst) == 0) {
                warn(&w, "%s: broken symbolic link; skipped%s", opts->inputs[i], NULL);
                continue;
            }
            al_error_set(err, opts->inputs[i], 0, 0, "%s", strerror(errno));
            rc = -1;
        }
    }
    if (rc == 0) {
        /* The inputs (reported). */
        for (size_t i = 0; i < opts->n_inputs; i++) {
            struct stat st;
            if (stat(opts->inputs[i], &st) != 0)
                continue;
            char *abs = al_path_absolute(opts->inputs[i]);
            if (S_ISDIR(st.st_mode)) {
                queue_dir(&w, abs, 0); /* takes abs */
                continue;
            }
            if (S_ISREG(st.st_mode))
                add_file(&k[0], abs, true);
            else
                warn(&w, "%s: not a regular file or directory; skipped%s", opts->inputs[i], NULL);
            free(abs);
        }
        walk_queued(k, n);
        /* The rest of the project, for name resolution (not reported). */
        w.report = false;
        queue_dir(&w, al_xstrdup(opts->root), 0);
        walk_queued(k, n);
    }
    merge(out, k, n);
    free(k);
    free(w.todo);
    al_map_free(&w.walked);
    al_map_free(&w.warned);
    pthread_mutex_destroy(&w.lock);
    pthread_cond_destroy(&w.wake);
    if (rc == 0)
        unique_modules(out);
    return rc;
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
