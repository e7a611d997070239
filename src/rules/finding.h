/* Findings: what the rules stage produces and report/fix consume.
 *
 * Ownership: an AlFindings list owns its findings and their messages (its
 * arena); it borrows files, endpoints and declarations from the model, which
 * must outlive it. */
#ifndef AL_RULES_FINDING_H
#define AL_RULES_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

typedef struct AlFinding {
    AlRuleId rule;
    AlLevel level;
    const AlFile *file;
    AlSpan span;               /* line/col .. end_line/end_col */
    const char *message;
    AlEndpoint **endpoints;    /* affected endpoints, sorted by name */
    size_t n_endpoints;
    const AlDecl *decl;        /* the declaration, when the finding is about one */
    const AlAuthRef *ref;      /* AUTH003/AUTH004: the class reference */
    const char *fingerprint;   /* stable across line moves (SPEC 5) */
    const char *context;       /* enclosing class/function FQN, for fingerprint */
    bool suppressed;           /* by an inline comment */
    bool in_baseline;          /* matched the --baseline file */
} AlFinding;

typedef struct AlFindings {
    AlArena *arena;
    AlFinding **items;
    size_t len, cap;
} AlFindings;

AlFindings *al_findings_new(void);
void al_findings_free(AlFindings *self);
/* Adds a finding, or merges it into an existing one with the same rule, file
 * and position (endpoint lists are unioned). Returns the stored finding. */
AlFinding *al_findings_add(AlFindings *self, const AlFinding *f);
/* Sorts by path, line, column, rule (SPEC 5). */
void al_findings_sort(AlFindings *self);

#endif
