/* AUTH005 unauthenticated-endpoint: an endpoint whose effective classes are
 * empty accepts no authenticated user (`authentication_classes = ()`); a
 * warning, since public endpoints do this on purpose (exclude=public). */
#include "rules/common.h"
#include "rules/usage.h"

static bool violates(const AlEndpoint *e, const AlValue *v)
{
    (void)e;
    return v->resolved && v->n_refs == 0;
}

void al_rule_auth005(AlRuleContext *ctx);
void al_rule_auth005(AlRuleContext *ctx)
{
    al_usage_check(ctx, AL_AUTH005, violates, false);
}
