/* Pre-scan: decides, from a file's bytes alone, whether it can matter to
 * DRF authentication, so most files of a large repository are never parsed.
 * Round one parses files that mention a DRF or authentication keyword; later
 * rounds parse the modules that relevant files import relevant names from
 * (followed by module name, in pool.c) and skipped files whose class headers
 * mention a relevant name (a subclass of a view or mixin), until nothing new
 * is relevant. Skipped files keep only the hashes of their class-header
 * identifiers between rounds. */
#ifndef AL_PARSE_PRESCAN_H
#define AL_PARSE_PRESCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/facts.h"
#include "policy/policy.h"

/* The identifiers of a file's class headers, as sorted unique hashes: all
 * that later rounds keep of a skipped file. Heap block; free() it. */
typedef struct AlHeaderNames {
    uint32_t n;
    uint64_t hashes[];
} AlHeaderNames;

/* Keywords that make a file relevant in round one, from the policy (DRF
 * names, catalog and decorator last names), and a bit for each byte pair
 * that begins one, so a file is searched for all of them in one pass. */
typedef struct AlKeywords {
    const char **words; /* borrowed strings */
    size_t *lens;
    size_t n;
    uint64_t first_pairs[65536 / 64];
} AlKeywords;
AlKeywords *al_prescan_keywords(const AlPolicy *policy);
void al_prescan_keywords_free(AlKeywords *self);
/* True when bytes contain any keyword. */
bool al_prescan_hit(const char *bytes, size_t len, const AlKeywords *kw);
/* Class-header identifiers (names and bases) of bytes. */
AlHeaderNames *al_prescan_header_names(const char *bytes, size_t len);
AlHeaderNames *al_prescan_header_names_new(uint32_t n);

/* The set of names that make a skipped file relevant. */
typedef struct AlNameSet AlNameSet;
AlNameSet *al_nameset_new(const AlPolicy *policy);
void al_nameset_free(AlNameSet *self);
/* Adds what a parsed file makes relevant; returns how many names were new. */
size_t al_nameset_add_facts(AlNameSet *self, const AlFacts *facts);
/* True when the file's header names hold a name added since generation
 * `since` (hash equality: a collision can only add a file). */
bool al_nameset_match(const AlNameSet *self, const AlHeaderNames *h, size_t since);
size_t al_nameset_size(const AlNameSet *self);
bool al_nameset_has(const AlNameSet *self, const char *name);

#endif
