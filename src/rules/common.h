/* Helpers shared by the rule files: message pieces (class lists, endpoint
 * counts), the endpoints that count for a declaration, and emitting a
 * finding with its fingerprint. Internal to src/rules/. */
#ifndef AL_RULES_COMMON_H
#define AL_RULES_COMMON_H

#include "rules/rules.h"

/* Short class names of a value: "(JwtAuthentication, SessionAuthentication)". */
const char *al_rule_classes_text(AlFindings *out, const AlValue *v);
/* Last dotted segment. */
const char *al_rule_short(const char *fqn);
/* "endpoint pkg.View", "3 endpoints", "no endpoint". */
const char *al_rule_endpoints_text(AlFindings *out, AlEndpoint *const *eps, size_t n);
/* " (branch at line 12)" when the value came from one branch, else "". */
const char *al_rule_branch_text(AlFindings *out, const AlValue *v);

typedef struct AlEmit {
    AlRuleId rule;
    const AlFile *file;
    AlSpan span;
    const AlDecl *decl;
    const AlAuthRef *ref;
    AlEndpoint *const *endpoints;
    size_t n_endpoints;
    const char *context;   /* enclosing class/function/module FQN */
    const char *normalized; /* normalized declaration for the fingerprint */
    const char *keys[6];
    const char *values[6];
    size_t n_kv;
} AlEmit;

/* Adds the finding when its file is reported and the rule is enabled. */
void al_rule_emit(AlRuleContext *ctx, const AlEmit *e);
/* Normalized text of a value for fingerprints: FQNs joined by ','. */
const char *al_rule_normalized(AlFindings *out, const AlValue *v);

/* A value is empty when resolved with no classes. */
bool al_rule_value_has(const AlValue *v, AlKind kind);

/* Declaration site of an endpoint alternative: the endpoint's class/def line
 * for DRF's built-in default (which has no site of its own). */
const AlFile *al_rule_site_file(const AlEndpoint *e, const AlDecl *d);
AlSpan al_rule_site_span(const AlEndpoint *e, const AlDecl *d);

#endif
