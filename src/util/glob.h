/* Glob matching for paths and dotted names.
 * `*` matches any run of characters except the separator (with AL_GLOB_PATH
 * the separator is '/'; without it `*` crosses everything), `**` matches any
 * run including separators ("**" + "/" also matches zero directories), `?` one
 * character, `[abc]`/`[!a-z]` a class. AL_GLOB_NOCASE folds ASCII case. */
#ifndef AL_UTIL_GLOB_H
#define AL_UTIL_GLOB_H

#include <stdbool.h>

enum { AL_GLOB_PATH = 1, AL_GLOB_NOCASE = 2 };

bool al_glob_match(const char *pattern, const char *text, int flags);

#endif
