/* AUTH006 unresolved-authentication: a declaration used by an endpoint cannot
 * be evaluated statically, or names classes whose kind is unknown. A note:
 * authlint says what it cannot see instead of guessing. Not silenced by
 * exclusions (SPEC 9.17). */
#include "rules/common.h"
#include "rules/usage.h"

static bool violates(const AlEndpoint *e, const AlValue *v)
{
    (void)e;
    if (!v->resolved) return true;
    for (size_t i = 0; i < v->n_refs; i++)
        if (v->refs[i].kind == AL_KIND_UNKNOWN) return true;
    return false;
}

void al_rule_auth006(AlRuleContext *ctx);
void al_rule_auth006(AlRuleContext *ctx)
{
    al_usage_check(ctx, AL_AUTH006, violates, true);
}
