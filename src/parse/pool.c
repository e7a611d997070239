/* Worker pool for the parse stage (see pool.h). Each worker owns an AlParser
 * and claims the next file index with an atomic counter; facts are written
 * only into the claimed slot, warnings into a per-file slot, so the output is
 * the same for every --jobs value. */
#include "parse/pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse/cache.h"
#include "parse/index.h"
#include "parse/parse.h"
#include "parse/prescan.h"
#include "util/arena.h"
#include "util/file.h"
#include "util/map.h"

/* Changes whenever the index's meaning changes (format of the header names,
 * what a keyword hit means). */
#define INDEX_TAG_SALT "authlint-index-2"

typedef struct Pool {
    AlFile *files;
    const size_t *todo; /* file indexes of this round */
    size_t n;           /* length of todo */
    atomic_size_t next;
    const AlKeywords *keywords; /* pre-scan keywords (round one), or NULL */
    AlHeaderNames **heads; /* per-file slot: set when the pre-scan found no keyword */
    bool parse_all;     /* --no-prescan: parse files without a keyword too */
    char **warning; /* per-file slot */
    atomic_size_t bytes;
    atomic_size_t cached;
    const char *cache_dir;
    const AlIndex *index;   /* last run's stat index, or NULL */
    AlIndexEntry *entries;  /* per-file slot: this run's index records */
    atomic_bool dirty;      /* some record is new: the index is rewritten */
} Pool;

/* One file: taken from the stat index and the facts cache when both still
 * describe it; else read, pre-scanned and parsed (or found in the cache by
 * content). */
static void do_file(Pool *p, AlParser *parser, size_t i)
{
    AlFile *f = &p->files[i];
    AlIndexEntry *rec = p->entries ? &p->entries[i] : NULL;
    struct stat st;
    bool have_stat = rec && stat(f->path, &st) == 0;
    const AlIndexEntry *old = have_stat ? al_index_find(p->index, f->path, &st) : NULL;
    if (old) {
        if (!rec->valid) *rec = *old;
        if (p->keywords && !old->hit) {
            p->heads[i] = al_prescan_header_names_new(old->heads->n);
            memcpy(p->heads[i]->hashes, old->heads->hashes, (size_t)old->heads->n * 8);
            if (!p->parse_all) return;
        }
        f->facts = al_cache_load(p->cache_dir, old->key);
        if (f->facts) {
            atomic_fetch_add(&p->cached, 1);
            return;
        }
    }
    size_t len = 0;
    char *src = al_file_read(f->path, SIZE_MAX, &len);
    if (!src) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s: cannot read: %s; skipped", f->display ? f->display : f->path, strerror(errno));
        p->warning[i] = al_xstrdup(msg);
        return;
    }
    atomic_fetch_add(&p->bytes, len);
    AlCacheKey key = {0};
    if (p->cache_dir) key = al_cache_key(src, len);
    if (rec && have_stat && !rec->valid) {
        al_index_stat(rec, &st);
        rec->key = key;
        rec->hit = true;
        rec->valid = p->keywords != NULL; /* only round one knows the hit */
        atomic_store(&p->dirty, true);
    }
    if (p->keywords && !al_prescan_hit(src, len, p->keywords)) {
        p->heads[i] = al_prescan_header_names(src, len);
        if (rec && rec->valid) rec->hit = false;
        if (!p->parse_all) {
            free(src);
            return;
        }
    }
    if (p->cache_dir) {
        f->facts = al_cache_load(p->cache_dir, key);
        if (f->facts) {
            atomic_fetch_add(&p->cached, 1);
        } else {
            f->facts = al_parse_source(parser, src, len);
            al_cache_store(p->cache_dir, key, f->facts);
        }
    } else {
        f->facts = al_parse_source(parser, src, len);
    }
    free(src);
}

static void *worker(void *arg)
{
    Pool *p = arg;
    AlParser *parser = al_parser_new();
    for (;;) {
        size_t t = atomic_fetch_add(&p->next, 1);
        if (t >= p->n) break;
        do_file(p, parser, p->todo[t]);
    }
    al_parser_free(parser);
    return NULL;
}

int al_parse_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* ---- pre-scan rounds: following imports ---------------------------------- */

/* Module name -> file index + 1, and every dotted suffix of a module name ->
 * index + 1 when only one module has it (0 when several do), for old
 * sys.path-style imports (SPEC 3). */
typedef struct ModuleIndex {
    AlMap modules;
    AlMap suffixes;
    AlArena *arena;
} ModuleIndex;

static void module_index_build(ModuleIndex *mx, const AlFile *files, size_t n)
{
    memset(mx, 0, sizeof *mx);
    mx->arena = al_arena_new();
    for (size_t i = 0; i < n; i++) {
        if (!files[i].module) continue;
        al_map_put(&mx->modules, files[i].module, (void *)(uintptr_t)(i + 1));
        for (const char *p = strchr(files[i].module, '.'); p; p = strchr(p + 1, '.')) {
            const char *suffix = p + 1;
            uintptr_t prev = (uintptr_t)al_map_get(&mx->suffixes, suffix);
            if (al_map_has(&mx->suffixes, suffix) && prev != i + 1)
                al_map_put(&mx->suffixes, suffix, (void *)(uintptr_t)0);
            else
                al_map_put(&mx->suffixes, al_arena_strdup(mx->arena, suffix), (void *)(uintptr_t)(i + 1));
        }
    }
}

static void module_index_free(ModuleIndex *mx)
{
    al_map_free(&mx->modules);
    al_map_free(&mx->suffixes);
    al_arena_free(mx->arena);
}

/* File index + 1 of a module, 0 when it is not in the project. */
static size_t module_file(const ModuleIndex *mx, const char *module)
{
    uintptr_t i = (uintptr_t)al_map_get(&mx->modules, module);
    return i ? i : (uintptr_t)al_map_get(&mx->suffixes, module);
}

/* Marks the files of the modules that relevant files import relevant names
 * from (or star-import): re-exports and constants live there. Appends the
 * newly relevant indexes to todo; returns how many. */
static size_t follow_imports(AlFile *files, size_t n, const ModuleIndex *mx, const AlNameSet *names, size_t *todo)
{
    size_t k = 0;
    char buf[1024];
    for (size_t i = 0; i < n; i++) {
        const AlFile *f = &files[i];
        if (!f->relevant || !f->facts || !f->module) continue;
        bool package = strlen(f->path) >= 12 && strcmp(f->path + strlen(f->path) - 12, "/__init__.py") == 0;
        for (uint32_t m = 0; m < f->facts->n_imports; m++) {
            const AlImport *im = &f->facts->imports[m];
            if (im->kind != AL_IMPORT_STAR && !al_nameset_has(names, im->bound)) continue;
            /* The module as written, made absolute for relative imports. */
            size_t len = 0;
            buf[0] = '\0';
            if (im->level) {
                len = (size_t)snprintf(buf, sizeof buf, "%s", f->module);
                if (len >= sizeof buf) continue;
                for (uint32_t up = package ? 1 : 0; up < im->level; up++) {
                    char *dot = strrchr(buf, '.');
                    if (dot) *dot = '\0';
                    else buf[0] = '\0';
                }
                len = strlen(buf);
                if (im->module[0]) len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? "." : "", im->module);
            } else {
                len = (size_t)snprintf(buf, sizeof buf, "%s", im->module);
            }
            if (len >= sizeof buf - 1) continue;
            size_t cand[2] = {module_file(mx, buf), 0};
            if (im->kind == AL_IMPORT_FROM && len + strlen(im->name) + 2 < sizeof buf) {
                /* `from pkg import mod` may import a submodule. */
                snprintf(buf + len, sizeof buf - len, "%s%s", len ? "." : "", im->name);
                cand[1] = module_file(mx, buf);
            }
            for (int c = 0; c < 2; c++) {
                if (!cand[c]) continue;
                AlFile *t = &files[cand[c] - 1];
                if (t->relevant) continue;
                t->relevant = true;
                todo[k++] = cand[c] - 1;
            }
        }
    }
    return k;
}

/* Runs one round over todo[0..n) with the worker threads. */
static void run_round(Pool *p, const size_t *todo, size_t n, int jobs)
{
    p->todo = todo;
    p->n = n;
    atomic_store(&p->next, 0);
    if ((size_t)jobs > n) jobs = n ? (int)n : 1;
    if (jobs > 64) jobs = 64;
    pthread_t threads[64];
    int started = 0;
    for (int t = 1; t < jobs; t++) {
        if (pthread_create(&threads[started], NULL, worker, p) != 0) break; /* fewer threads is fine */
        started++;
    }
    worker(p); /* the calling thread works too */
    for (int t = 0; t < started; t++) pthread_join(threads[t], NULL);
}

void al_parse_files(AlFile *files, size_t n, const AlParseOptions *opts, AlParseStats *stats, char ***warnings,
                    size_t *n_warnings)
{
    Pool p = {.files = files, .cache_dir = opts->cache_dir, .parse_all = opts->parse_all};
    int jobs = opts->jobs > 0 ? opts->jobs : al_parse_default_jobs();
    atomic_init(&p.next, 0);
    atomic_init(&p.bytes, 0);
    atomic_init(&p.cached, 0);
    p.warning = al_xcalloc(n ? n : 1, sizeof(char *));
    p.heads = al_xcalloc(n ? n : 1, sizeof(AlHeaderNames *));
    size_t *todo = al_xmalloc((n ? n : 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++) todo[i] = i;
    AlKeywords *kw = NULL;
    size_t rounds = 1;
    uint64_t tag = 0;
    AlIndex *index = NULL;
    atomic_init(&p.dirty, false);
    if (opts->prescan) {
        kw = al_prescan_keywords(opts->prescan);
        p.keywords = kw;
        /* The index holds pre-scan results, valid for this keyword set only. */
        tag = al_hash_bytes(INDEX_TAG_SALT, sizeof INDEX_TAG_SALT);
        for (size_t i = 0; i < kw->n; i++) tag = tag * 31 + al_hash_bytes(kw->words[i], kw->lens[i]);
        if (opts->cache_dir) {
            index = al_index_load(opts->cache_dir, tag);
            p.index = index;
            p.entries = al_xcalloc(n ? n : 1, sizeof(AlIndexEntry));
        }
    }
    run_round(&p, todo, n, jobs);
    for (size_t i = 0; i < n; i++) files[i].relevant = !p.heads[i];
    if (opts->prescan) {
        /* Later rounds: skipped files that mention a name the relevant files
         * made relevant become relevant (and are parsed, unless everything
         * was), until no new name appears. With parse_all the same rounds
         * only classify, so both modes agree on which files are relevant. */
        p.keywords = NULL;
        AlNameSet *names = al_nameset_new(opts->prescan);
        ModuleIndex mx;
        module_index_build(&mx, files, n);
        size_t checked = 0;
        for (size_t i = 0; i < n; i++)
            if (files[i].relevant && files[i].facts) al_nameset_add_facts(names, files[i].facts);
        for (;;) {
            size_t upto = al_nameset_size(names);
            size_t k = follow_imports(files, n, &mx, names, todo);
            for (size_t i = 0; i < n; i++)
                if (!files[i].relevant && p.heads[i] && al_nameset_match(names, p.heads[i], checked)) {
                    files[i].relevant = true;
                    todo[k++] = i;
                }
            checked = upto;
            if (k == 0) break;
            rounds++;
            if (!p.parse_all) run_round(&p, todo, k, jobs);
            for (size_t t = 0; t < k; t++)
                if (files[todo[t]].facts) al_nameset_add_facts(names, files[todo[t]].facts);
        }
        module_index_free(&mx);
        al_nameset_free(names);
    }
    al_prescan_keywords_free(kw);
    free(todo);
    if (p.entries && (atomic_load(&p.dirty) || !index)) {
        const char **paths = al_xmalloc((n ? n : 1) * sizeof(char *));
        for (size_t i = 0; i < n; i++) paths[i] = files[i].path;
        al_index_save(opts->cache_dir, tag, paths, p.entries, p.heads, n);
        free(paths);
    }
    al_index_free(index);
    free(p.entries);

    size_t nw = 0, parsed = 0, skipped_by_prescan = 0;
    for (size_t i = 0; i < n; i++) {
        if (p.warning[i]) nw++;
        if (files[i].facts) parsed++;
        if (!files[i].relevant && !p.parse_all) skipped_by_prescan++;
        free(p.heads[i]);
    }
    free(p.heads);
    char **w = al_xcalloc(nw ? nw : 1, sizeof(char *));
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (p.warning[i]) w[k++] = p.warning[i];
    free(p.warning);
    *warnings = w;
    *n_warnings = nw;
    if (stats) {
        stats->parsed = parsed;
        stats->cached = atomic_load(&p.cached);
        stats->prescanned = skipped_by_prescan;
        stats->rounds = rounds;
        stats->skipped = n - parsed - skipped_by_prescan;
        stats->bytes = atomic_load(&p.bytes);
    }
}
