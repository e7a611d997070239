/* Pre-scan: decides, from a file's bytes alone, whether it can matter to
 * DRF authentication, so most files of a large repository are never parsed.
 * Round one parses files that mention a DRF or authentication keyword; later
 * rounds parse the modules that relevant files import relevant names from
 * (followed by module name, in pool.c) and skipped files whose class headers
 * mention a relevant name (a subclass of a view or mixin), until nothing new
 * is relevant. Skipped files keep only a 512-byte Bloom filter of their
 * class-header identifiers between rounds. */
#ifndef AL_PARSE_PRESCAN_H
#define AL_PARSE_PRESCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/facts.h"
#include "policy/policy.h"

#define AL_BLOOM_BYTES 512

typedef struct AlBloom {
    uint8_t bits[AL_BLOOM_BYTES];
} AlBloom;

/* Keywords that make a file relevant in round one, from the policy (DRF
 * names, catalog and decorator last names). Borrowed strings; free the
 * array with free(). */
const char **al_prescan_keywords(const AlPolicy *policy, size_t *n);
/* True when bytes contain any keyword. */
bool al_prescan_hit(const char *bytes, size_t len, const char *const *keywords, size_t n);
/* Bloom filter of the identifiers in bytes. */
void al_prescan_bloom(const char *bytes, size_t len, AlBloom *out);
bool al_bloom_may_contain(const AlBloom *b, const char *name);
/* Bloom filter of the identifiers in class headers (names and bases). */
void al_prescan_class_bloom(const char *bytes, size_t len, AlBloom *out);

/* The set of names that make a skipped file relevant. */
typedef struct AlNameSet AlNameSet;
AlNameSet *al_nameset_new(const AlPolicy *policy);
void al_nameset_free(AlNameSet *self);
/* Adds what a parsed file makes relevant; returns how many names were new. */
size_t al_nameset_add_facts(AlNameSet *self, const AlFacts *facts);
/* True when the filter may hold a name added since generation `since`. */
bool al_nameset_match(const AlNameSet *self, const AlBloom *b, size_t since);
size_t al_nameset_size(const AlNameSet *self);
bool al_nameset_has(const AlNameSet *self, const char *name);

#endif
