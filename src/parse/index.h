/* The stat index (.authlint_cache/index): what the last run learnt about each
 * file, keyed by path and checked against size, modification time and inode,
 * so a run over an unchanged tree neither reads nor hashes the files it does
 * not need (git's index works the same way). An entry holds the content key of
 * the facts cache and the pre-scan result (keyword hit, or the class-header
 * names). The index is an optimisation: a missing, foreign, corrupt or
 * stale index is ignored, entry by entry. */
#ifndef AL_PARSE_INDEX_H
#define AL_PARSE_INDEX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "parse/cache.h"
#include "parse/prescan.h"

typedef struct AlIndexEntry {
    bool valid;         /* a slot in a per-file array: filled or not */
    uint64_t size, ino;
    int64_t mtime_s, mtime_ns;
    AlCacheKey key;     /* content key of the facts cache */
    bool hit;           /* the pre-scan keywords matched */
    const AlHeaderNames *heads; /* loaded entries: class-header names when !hit */
} AlIndexEntry;

typedef struct AlIndex AlIndex;

/* Loads dir/index written for this keyword set (tag); NULL when absent or
 * unusable. */
AlIndex *al_index_load(const char *dir, uint64_t tag);
void al_index_free(AlIndex *self);
/* The entry for path when it still describes the file (same size, mtime,
 * inode), else NULL. Borrowed. */
const AlIndexEntry *al_index_find(const AlIndex *self, const char *path, const struct stat *st);
/* Fills e's stat fields from st. */
void al_index_stat(AlIndexEntry *e, const struct stat *st);
/* Writes dir/index atomically from entries[i] for paths[i], with heads[i]
 * for entries without a keyword hit (invalid entries and files modified in
 * the last two seconds are left out: their mtime may not change on the next
 * edit). Failures are silent. */
void al_index_save(const char *dir, uint64_t tag, const char *const *paths, const AlIndexEntry *entries,
                   AlHeaderNames *const *heads, size_t n);

#endif
