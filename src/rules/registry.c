/* The rule registry: one row per rule, indexed by AlRuleId; al_rules_run
 * calls each enabled rule's check and sorts the findings. */
#include <string.h>

#include "rules/rules.h"

void al_rule_auth000(AlRuleContext *ctx);
void al_rule_auth001(AlRuleContext *ctx);
void al_rule_auth002(AlRuleContext *ctx);
void al_rule_auth003(AlRuleContext *ctx);
void al_rule_auth004(AlRuleContext *ctx);
void al_rule_auth005(AlRuleContext *ctx);
void al_rule_auth006(AlRuleContext *ctx);
void al_rule_auth007(AlRuleContext *ctx);
void al_rule_auth008(AlRuleContext *ctx);

const AlRuleInfo al_rule_registry[AL_RULE_COUNT] = {
    {AL_AUTH000, "AUTH000", "parse-error", AL_LEVEL_NOTE,
     "A file has syntax errors; analysis continues on what parsed.", al_rule_auth000},
    {AL_AUTH001, "AUTH001", "jwt-required", AL_LEVEL_ERROR,
     "An endpoint's effective authentication classes lack JwtAuthentication.", al_rule_auth001},
    {AL_AUTH002, "AUTH002", "session-required-for-browser", AL_LEVEL_ERROR,
     "A browser-facing endpoint lacks session authentication.", al_rule_auth002},
    {AL_AUTH003, "AUTH003", "forbidden-authentication-class", AL_LEVEL_ERROR,
     "A declaration uses a deprecated or forbidden class such as BearerAuthentication.", al_rule_auth003},
    {AL_AUTH004, "AUTH004", "jwt-before-session", AL_LEVEL_WARNING,
     "Session authentication comes before JwtAuthentication.", al_rule_auth004},
    {AL_AUTH005, "AUTH005", "unauthenticated-endpoint", AL_LEVEL_WARNING,
     "An endpoint's effective authentication classes are empty.", al_rule_auth005},
    {AL_AUTH006, "AUTH006", "unresolved-authentication", AL_LEVEL_NOTE,
     "Authentication classes cannot be resolved statically.", al_rule_auth006},
    {AL_AUTH007, "AUTH007", "unused-suppression", AL_LEVEL_WARNING,
     "An inline suppression suppressed nothing.", al_rule_auth007},
    {AL_AUTH008, "AUTH008", "redundant-declaration", AL_LEVEL_NOTE,
     "An endpoint declares exactly the settings default.", al_rule_auth008},
};

const AlRuleInfo *al_rules_find(const char *code_or_name)
{
    for (size_t i = 0; i < AL_RULE_COUNT; i++)
        if (strcmp(al_rule_registry[i].code, code_or_name) == 0 || strcmp(al_rule_registry[i].name, code_or_name) == 0)
            return &al_rule_registry[i];
    return NULL;
}

void al_rules_run(AlModel *model, const AlPolicy *policy, AlFindings *out)
{
    AlRuleContext ctx = {model, policy, out};
    /* Every rule runs so endpoint status is complete; disabled rules emit
     * nothing (al_rule_emit checks the policy). */
    for (size_t i = 0; i < AL_RULE_COUNT; i++) al_rule_registry[i].check(&ctx);
    al_findings_sort(out);
}
