/* String-keyed hash map (open addressing, FNV-1a) from a NUL-terminated key to
 * a pointer. Invariant: the map does not own keys or values; keys must outlive
 * the map (they normally live in an arena). Iteration order is insertion order,
 * so output built from a map is deterministic. */
#ifndef AL_UTIL_MAP_H
#define AL_UTIL_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct AlMapEntry {
    const char *key;
    void *value;
    uint64_t hash;
} AlMapEntry;

typedef struct AlMap {
    AlMapEntry *entries; /* insertion order, len used */
    size_t len, cap;
    uint32_t *slots; /* index+1 into entries, 0 = empty */
    size_t nslots;
} AlMap;

#define AL_MAP_INIT {NULL, 0, 0, NULL, 0}

uint64_t al_hash_bytes(const void *p, size_t len);
/* Returns the value or NULL. */
void *al_map_get(const AlMap *self, const char *key);
bool al_map_has(const AlMap *self, const char *key);
/* Inserts or replaces; returns the previous value or NULL. */
void *al_map_put(AlMap *self, const char *key, void *value);
void al_map_free(AlMap *self);

#endif
