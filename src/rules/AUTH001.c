/* AUTH001 jwt-required: an endpoint that takes user-authenticated requests
 * must have a jwt-kind class among its effective classes (OEP-0042, ADR rule
 * 1). Reported once per declaration site, counting the non-excluded
 * endpoints that use it; DRF's built-in default is reported at each endpoint. */
#include "rules/common.h"
#include "rules/usage.h"

static bool violates(const AlEndpoint *e, const AlValue *v)
{
    (void)e;
    return v->resolved && v->n_refs > 0 && !al_rule_value_has(v, AL_KIND_JWT);
}

void al_rule_auth001(AlRuleContext *ctx);
void al_rule_auth001(AlRuleContext *ctx)
{
    al_usage_check(ctx, AL_AUTH001, violates, false);
}
