/* Open-addressing hash map with an insertion-ordered entry array. */
#include "util/map.h"

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

uint64_t al_hash_bytes(const void *p, size_t len)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static size_t find_slot(const AlMap *self, const char *key, uint64_t h)
{
    size_t mask = self->nslots - 1;
    size_t i = (size_t)h & mask;
    for (;;) {
        uint32_t s = self->slots[i];
        if (s == 0) return i;
        const AlMapEntry *e = &self->entries[s - 1];
        if (e->hash == h && strcmp(e->key, key) == 0) return i;
        i = (i + 1) & mask;
    }
}

static void rehash(AlMap *self)
{
    size_t n = self->nslots ? self->nslots * 2 : 16;
    free(self->slots);
    self->slots = al_xcalloc(n, sizeof(uint32_t));
    self->nslots = n;
    for (size_t k = 0; k < self->len; k++) {
        size_t i = find_slot(self, self->entries[k].key, self->entries[k].hash);
        self->slots[i] = (uint32_t)(k + 1);
    }
}

void *al_map_get(const AlMap *self, const char *key)
{
    if (!self->nslots) return NULL;
    uint64_t h = al_hash_bytes(key, strlen(key));
    uint32_t s = self->slots[find_slot(self, key, h)];
    return s ? self->entries[s - 1].value : NULL;
}

bool al_map_has(const AlMap *self, const char *key)
{
    if (!self->nslots) return false;
    uint64_t h = al_hash_bytes(key, strlen(key));
    return self->slots[find_slot(self, key, h)] != 0;
}

void *al_map_put(AlMap *self, const char *key, void *value)
{
    if ((self->len + 1) * 2 > self->nslots) rehash(self);
    uint64_t h = al_hash_bytes(key, strlen(key));
    size_t i = find_slot(self, key, h);
    if (self->slots[i]) {
        AlMapEntry *e = &self->entries[self->slots[i] - 1];
        void *old = e->value;
        e->value = value;
        return old;
    }
    if (self->len == self->cap) {
        self->cap = self->cap ? self->cap * 2 : 16;
        self->entries = al_xrealloc(self->entries, self->cap * sizeof(AlMapEntry));
    }
    self->entries[self->len] = (AlMapEntry){key, value, h};
    self->slots[i] = (uint32_t)(++self->len);
    return NULL;
}

void al_map_free(AlMap *self)
{
    free(self->entries);
    free(self->slots);
    memset(self, 0, sizeof(*self));
}
