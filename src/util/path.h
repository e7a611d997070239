/* Path strings: joining, normalizing, relative paths, module names.
 * Every function returns a new heap string the caller frees, or writes into
 * an AlBuf. Paths use '/' and are never resolved through symlinks here. */
#ifndef AL_UTIL_PATH_H
#define AL_UTIL_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* "a/./b/../c/" -> "a/c"; keeps a leading '/'; "" -> ".". */
char *al_path_normalize(const char *path);
/* dir + "/" + name, normalized; an absolute name is returned as is. */
char *al_path_join(const char *dir, const char *name);
/* Absolute, normalized form of path against the current directory. */
char *al_path_absolute(const char *path);
/* Path of `path` relative to directory `base` (both absolute, normalized),
 * using "../" where needed; "." when equal. */
char *al_path_relative(const char *base, const char *path);
/* True when `path` is `dir` or lies below it (both absolute, normalized). */
bool al_path_is_within(const char *dir, const char *path);
/* "a/b/c.py" -> "a.b.c", "a/b/__init__.py" -> "a.b"; NULL when the path is
 * not a .py file or its stem is not a Python identifier. A directory whose
 * name is not an identifier ("my-service/app/views.py") can only be on
 * sys.path, so the name starts below it ("app.views"); *root_len (optional)
 * is then the length of the prefix left out ("my-service/"), else 0. */
char *al_path_module_name(const char *relpath, size_t *root_len);

#endif
