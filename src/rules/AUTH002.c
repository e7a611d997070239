/* AUTH002 session-required-for-browser: a browser-facing endpoint (inline
 * `# authlint: client=browser` or a browser glob) also needs a session-kind
 * class, after JwtAuthentication (ADR rule 2; acts only on designated
 * endpoints while the ADR's wording is under review). */
#include "rules/common.h"
#include "rules/usage.h"

static bool violates(const AlEndpoint *e, const AlValue *v)
{
    return e->browser && v->resolved && v->n_refs > 0 && !al_rule_value_has(v, AL_KIND_SESSION);
}

void al_rule_auth002(AlRuleContext *ctx);
void al_rule_auth002(AlRuleContext *ctx)
{
    al_usage_check(ctx, AL_AUTH002, violates, false);
}
