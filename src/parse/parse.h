/* Parse stage: bytes -> tree-sitter tree -> AlFacts. One AlParser per thread
 * (tree-sitter parsers are not thread-safe); the tree is deleted before
 * al_parse_source returns, so only the facts are kept. */
#ifndef AL_PARSE_PARSE_H
#define AL_PARSE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/facts.h"

typedef struct AlParser AlParser;

AlParser *al_parser_new(void);
void al_parser_free(AlParser *self);
/* By default method bodies are blanked before parsing (parse/skim.h); with
 * keep set they are parsed as written. */
void al_parser_keep_bodies(AlParser *self, bool keep);
/* Time budget of a parse with bodies left out, in microseconds (default 0:
 * 50 ms plus 2 us per byte, some fifty times the usual cost). Past it the
 * parse is abandoned and the file parsed as written. Tests set it tiny. */
void al_parser_skim_budget(AlParser *self, uint64_t micros);
/* Parses src[0..len) (need not be NUL-terminated, may hold any bytes) and
 * returns its facts; the caller owns them (al_facts_free). Never NULL. */
AlFacts *al_parse_source(AlParser *self, const char *src, size_t len);

#endif
