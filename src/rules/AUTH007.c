/* AUTH007 unused-suppression: an inline `# authlint: ignore[...]` or
 * `# noqa: AUTHxxx` that suppressed nothing. It depends on every other rule's
 * findings, so it runs after them, in suppress.c (al_suppress_apply); this
 * file only marks the endpoint status, which the rule does not affect. */
#include "rules/common.h"

void al_rule_auth007(AlRuleContext *ctx);
void al_rule_auth007(AlRuleContext *ctx)
{
    for (size_t i = 0; i < ctx->model->n_endpoints; i++) ctx->model->endpoints[i]->status[AL_AUTH007] = AL_STATUS_NA;
}
