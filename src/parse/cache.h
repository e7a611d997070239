/* Persistent cache of per-file facts (.authlint_cache/ at the project root),
 * keyed by a hash of the file's bytes, so a run over an unchanged tree parses
 * nothing. Entries are written to a temporary file and renamed into place, so
 * concurrent runs see a whole entry or none; every read is bounds-checked, so
 * a corrupt or foreign entry is a miss, never a crash. */
#ifndef AL_PARSE_CACHE_H
#define AL_PARSE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/facts.h"

typedef struct AlCacheKey {
    uint64_t h1, h2;
    uint64_t len;
} AlCacheKey;

AlCacheKey al_cache_key(const char *bytes, size_t len);
/* Facts stored for key under dir, or NULL (missing, corrupt, other version).
 * The caller owns the result. */
AlFacts *al_cache_load(const char *dir, AlCacheKey key);
/* Stores facts; failures (read-only dir, full disk) are silent: the cache is
 * an optimisation. Creates dir when needed. */
void al_cache_store(const char *dir, AlCacheKey key, const AlFacts *facts);

/* Writes bytes to path through a temporary file renamed into place (whole
 * or nothing, for concurrent runs); failures are silent. */
void al_cache_replace(const char *path, const char *bytes, size_t len);
/* Serialization, exposed for tests and fuzzing. al_facts_encode returns a
 * heap buffer; al_facts_decode returns NULL on any malformed input. */
char *al_facts_encode(const AlFacts *facts, size_t *len);
AlFacts *al_facts_decode(const char *bytes, size_t len);

#endif
