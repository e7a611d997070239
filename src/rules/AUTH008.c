/* AUTH008 redundant-declaration: the ADR asks new endpoints to set
 * authentication_classes only to deviate from the default. A class-level or
 * @authentication_classes declaration equal to the settings default (or DRF's, without settings) is
 * noise, unless it restores the default over a different inherited value
 * (SPEC 9.16). */
#include <string.h>

#include "rules/common.h"

static bool same_classes(const AlValue *a, const AlValue *b)
{
    if (!a->resolved || !b->resolved || a->n_refs != b->n_refs) return false;
    for (size_t i = 0; i < a->n_refs; i++)
        if (strcmp(a->refs[i].fqn, b->refs[i].fqn) != 0) return false;
    return true;
}

/* True when an ancestor of the owner class declares something else, so the
 * declaration is needed to get the default back. */
static bool restores_default(const AlModel *m, const AlDecl *d, const AlValue *dflt)
{
    const AlClassInfo *ci = al_model_class(m, d->owner);
    if (!ci) return false;
    for (size_t i = 1; i < ci->n_mro; i++) {
        const AlClassInfo *base = al_model_class(m, ci->mro[i]);
        if (!base || base->n_own_decls == 0) continue;
        const AlDecl *bd = base->own_decls[base->n_own_decls - 1];
        return !(bd->n_values == 1 && same_classes(&bd->values[0], dflt));
    }
    return false;
}

void al_rule_auth008(AlRuleContext *ctx);
void al_rule_auth008(AlRuleContext *ctx)
{
    AlModel *m = ctx->model;
    for (size_t i = 0; i < m->n_decls; i++) {
        const AlDecl *d = m->decls[i];
        /* Class bodies and @authentication_classes on function views; an
         * @action's value overrides its class's, so it may be needed. */
        if ((d->kind != AL_DECL_CLASS_ATTR && d->kind != AL_DECL_FUNCTION) || d->n_users == 0 || d->n_values != 1)
            continue;
        /* The default of the declaration's own service (its import root). */
        const AlDecl *def = al_model_default_decl(m, d->file);
        if (def->n_values != 1) continue;
        const AlValue *dflt = &def->values[0];
        if (!same_classes(&d->values[0], dflt) || restores_default(m, d, dflt)) continue;
        AlEmit e = {.rule = AL_AUTH008, .decl = d, .file = d->file, .span = d->site, .endpoints = d->users,
                    .n_endpoints = d->n_users, .context = d->owner};
        e.normalized = al_rule_normalized(ctx->out, &d->values[0]);
        e.keys[0] = "classes";
        e.values[0] = al_rule_classes_text(ctx->out, &d->values[0]);
        e.keys[1] = "endpoints";
        e.values[1] = al_rule_endpoints_text(ctx->out, d->users, d->n_users);
        e.n_kv = 2;
        al_rule_emit(ctx, &e);
        for (size_t u = 0; u < d->n_users; u++) d->users[u]->status[AL_AUTH008] = AL_STATUS_FAIL;
    }
    for (size_t i = 0; i < m->n_endpoints; i++)
        if (m->endpoints[i]->status[AL_AUTH008] != AL_STATUS_FAIL)
            m->endpoints[i]->status[AL_AUTH008] =
                m->endpoints[i]->source == AL_SOURCE_OWN ? AL_STATUS_PASS : AL_STATUS_NA;
}
