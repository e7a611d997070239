/* Recursive glob matcher with memo-free backtracking; patterns are short
 * (config globs), texts are paths, so the worst case stays small. Depth is
 * bounded by the pattern length. */
#include "util/glob.h"

#include <ctype.h>
#include <string.h>

static int fold(int c, int flags)
{
    return (flags & AL_GLOB_NOCASE) ? tolower((unsigned char)c) : (unsigned char)c;
}

/* Matches a [...] class at p against c; sets *end past the class. */
static bool match_class(const char *p, int c, int flags, const char **end)
{
    bool negate = false, hit = false;
    p++; /* '[' */
    if (*p == '!' || *p == '^') {
        negate = true;
        p++;
    }
    const char *start = p;
    while (*p && (*p != ']' || p == start)) {
        int lo = fold(*p, flags), hi = lo;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = fold(p[2], flags);
            p += 2;
        }
        if (fold(c, flags) >= lo && fold(c, flags) <= hi) hit = true;
        p++;
    }
    *end = *p == ']' ? p + 1 : p;
    return hit != negate;
}

static bool match(const char *p, const char *t, int flags)
{
    for (;;) {
        if (*p == '\0') return *t == '\0';
        if (p[0] == '*' && p[1] == '*') {
            const char *rest = p + 2;
            bool slash = (flags & AL_GLOB_PATH) && *rest == '/';
            if (slash && match(rest + 1, t, flags)) return true; /* zero dirs */
            for (const char *s = t;; s++) {
                if (match(rest, s, flags)) return true;
                if (*s == '\0') return false;
            }
        }
        if (*p == '*') {
            for (const char *s = t;; s++) {
                if (match(p + 1, s, flags)) return true;
                if (*s == '\0') return false;
                if ((flags & AL_GLOB_PATH) && *s == '/') return false;
            }
        }
        if (*t == '\0') return false;
        if (*p == '?') {
            if ((flags & AL_GLOB_PATH) && *t == '/') return false;
            p++;
            t++;
            continue;
        }
        if (*p == '[' && strchr(p + 1, ']')) {
            const char *end;
            if (!match_class(p, *t, flags, &end)) return false;
            p = end;
            t++;
            continue;
        }
        if (fold(*p, flags) != fold(*t, flags)) return false;
        p++;
        t++;
    }
}

bool al_glob_match(const char *pattern, const char *text, int flags)
{
    return match(pattern, text, flags);
}
