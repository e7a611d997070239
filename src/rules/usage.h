/* The shape shared by AUTH001, 002, 005 and 006: a predicate on each value an
 * endpoint may use; one finding per declaration site naming the endpoints
 * that count, and each endpoint's status. Internal to src/rules/. */
#ifndef AL_RULES_USAGE_H
#define AL_RULES_USAGE_H

#include "rules/common.h"

typedef bool (*AlValuePredicate)(const AlEndpoint *e, const AlValue *v);

/* include_excluded: excluded endpoints count too (AUTH006). */
void al_usage_check(AlRuleContext *ctx, AlRuleId rule, AlValuePredicate violates, bool include_excluded);

#endif
