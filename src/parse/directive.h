/* Inline directives in comments (SPEC 3.4, 5, 9.12, 9.14):
 *   # authlint: ignore[AUTH003,AUTH004] optional reason   (bare: all rules)
 *   # noqa: AUTH003, AUTH004                               (AUTH codes only)
 *   # authlint: client=browser
 *   # authlint: exclude=webhook free text reason
 * One comment may hold several directives separated by ';' or following
 * one another ("# noqa: AUTH001  # authlint: client=browser").
 * Pure string parsing; a fuzz target. */
#ifndef AL_PARSE_DIRECTIVE_H
#define AL_PARSE_DIRECTIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "policy/policy.h"

typedef enum AlDirectiveKind {
    AL_DIRECTIVE_IGNORE,  /* authlint: ignore[...] or noqa: AUTHxxx */
    AL_DIRECTIVE_BROWSER, /* authlint: client=browser */
    AL_DIRECTIVE_EXCLUDE, /* authlint: exclude=KIND reason */
    AL_DIRECTIVE_INVALID, /* authlint: something unrecognised (warned about) */
} AlDirectiveKind;

typedef struct AlDirective {
    AlDirectiveKind kind;
    bool all_rules;               /* IGNORE without a code list */
    bool rules[AL_RULE_COUNT];    /* IGNORE: the codes listed */
    bool from_noqa;
    AlExclusionKind exclusion;    /* EXCLUDE */
    char reason[256];             /* EXCLUDE reason / IGNORE reason / INVALID text */
    uint32_t col;                 /* 1-based column of the directive in the line */
} AlDirective;

/* Parses one comment's text (starting at '#'); writes at most max directives
 * and returns how many it found. */
int al_directive_parse(const char *comment, AlDirective *out, int max);

#endif
