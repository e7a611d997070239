/* Rules stage: one file per rule (AUTH000.c ... AUTH008.c), each reading the
 * model and adding findings; the registry table in registry.c lists them.
 *
 * al_rules_run runs every enabled rule, fills each endpoint's status[], sets
 * fingerprints, then sorts. Suppressions (suppress.h) and the baseline
 * (baseline.h) are applied afterwards by the caller. */
#ifndef AL_RULES_RULES_H
#define AL_RULES_RULES_H

#include "model/model.h"
#include "rules/finding.h"

typedef struct AlRuleContext {
    AlModel *model;
    const AlPolicy *policy;
    AlFindings *out;
} AlRuleContext;

typedef struct AlRuleInfo {
    AlRuleId id;
    const char *code;    /* "AUTH003" */
    const char *name;    /* "forbidden-authentication-class" */
    AlLevel default_level;
    const char *summary; /* one line, for `authlint rules` and SARIF */
    void (*check)(AlRuleContext *ctx);
} AlRuleInfo;

/* The registry, indexed by AlRuleId. */
extern const AlRuleInfo al_rule_registry[AL_RULE_COUNT];

/* By code ("AUTH003") or name ("forbidden-authentication-class"); NULL if none. */
const AlRuleInfo *al_rules_find(const char *code_or_name);
void al_rules_run(AlModel *model, const AlPolicy *policy, AlFindings *out);

#endif
