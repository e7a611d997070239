/* Discovery stage (SPEC 2): which files exist, which are analysed, which are
 * reported, and where the project root is.
 *
 * The whole project root is always walked, because names resolve across the
 * whole project (SPEC 2, last point); files named on the command line (or
 * found under named directories) are the ones reported. Skip rules (default
 * directories, test code, --exclude) apply everywhere, also to named files. */
#ifndef AL_DISCOVER_DISCOVER_H
#define AL_DISCOVER_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "util/arena.h"
#include "util/error.h"

typedef struct AlDiscoverOptions {
    const char *const *inputs; /* paths as given (at least one) */
    size_t n_inputs;
    const char *root;          /* absolute, normalized project root */
    const char *cwd;           /* absolute, normalized current directory */
    const char *const *exclude; /* extra globs (CLI and config) */
    size_t n_exclude;
    bool include_tests;
    int jobs;                  /* threads reading directories; <= 0: one */
} AlDiscoverOptions;

typedef struct AlFileList {
    AlArena *arena; /* owns every string of files[] */
    AlFile *files;  /* sorted by relpath; heap array */
    size_t n;
    size_t n_reported;
    char **warnings; /* heap strings: what was skipped and why */
    size_t n_warnings;
} AlFileList;

/* Walks the root and the inputs. Returns 0, or -1 with *err set when an input
 * does not exist (a usage error). */
int al_discover(const AlDiscoverOptions *opts, AlFileList *out, AlError *err);
void al_file_list_free(AlFileList *self);

/* True for test code (SPEC 2, 9.1): a segment "tests"/"test", files test_*.py,
 * *_test.py, *_tests.py, conftest.py, or the stem "tests"/"test". */
bool al_discover_is_test(const char *relpath);
/* True when the directory name is skipped by default (.git, node_modules...). */
bool al_discover_skip_dir(const char *name);
/* True when an --exclude glob matches: globs with a '/' match the whole path
 * relative to the root; others match any single path segment. */
bool al_discover_excluded(const char *relpath, const char *const *globs, size_t n);

/* The project root when --root is not given (SPEC 2): directory of the config
 * file, else the git top level above the current directory, else the
 * current directory, or the inputs' common directory when they lie outside
 * it. Returns a heap string. */
char *al_discover_root(const char *config_path, const char *cwd, const char *const *inputs, size_t n_inputs);

#endif
