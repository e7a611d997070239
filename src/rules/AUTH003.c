/* AUTH003 forbidden-authentication-class: BearerAuthentication and its
 * variants (and any catalog class marked forbidden, and project subclasses of
 * them) are deprecated by OEP-0042 in new and old code alike. Reported at the
 * class reference itself, on every declaration, used or not; never excluded,
 * only suppressed inline (SPEC 3.4, 9.15). */
#include <string.h>

#include "rules/common.h"

static bool inside(const AlDecl *d, const AlAuthRef *r)
{
    return d->expr && r->file == d->file && r->span.start_byte >= d->expr->span.start_byte &&
           r->span.end_byte <= d->expr->span.end_byte;
}

static void check_decl(AlRuleContext *ctx, const AlDecl *d)
{
    AlFindings *out = ctx->out;
    for (size_t k = 0; k < d->n_values; k++) {
        const AlValue *v = &d->values[k];
        for (size_t i = 0; i < v->n_refs; i++) {
            const AlAuthRef *r = &v->refs[i];
            if (!r->forbidden) continue;
            AlEmit e = {.rule = AL_AUTH003, .decl = d, .ref = r, .endpoints = d->users, .n_endpoints = d->n_users};
            e.file = r->file ? r->file : d->file;
            e.span = r->file ? r->span : d->site;
            e.context = inside(d, r) || !r->file ? d->owner : "";
            e.normalized = r->fqn;
            const char *shortname = al_rule_short(r->fqn);
            const char *written = r->written && r->written[0] ? al_rule_short(r->written) : shortname;
            e.keys[0] = "class";
            e.values[0] = strcmp(written, shortname) == 0
                              ? shortname
                              : al_arena_printf(out->arena, "%s (%s)", written, shortname);
            e.keys[1] = "endpoints";
            e.values[1] = al_rule_endpoints_text(out, d->users, d->n_users);
            e.n_kv = 2;
            al_rule_emit(ctx, &e);
        }
    }
}

void al_rule_auth003(AlRuleContext *ctx);
void al_rule_auth003(AlRuleContext *ctx)
{
    AlModel *m = ctx->model;
    for (size_t i = 0; i < m->n_decls; i++) check_decl(ctx, m->decls[i]);
    for (size_t i = 0; i < m->n_endpoints; i++) {
        AlEndpoint *e = m->endpoints[i];
        e->status[AL_AUTH003] = AL_STATUS_PASS;
        for (size_t k = 0; k < e->n_alts; k++)
            for (size_t r = 0; r < e->alts[k].value->n_refs; r++)
                if (e->alts[k].value->refs[r].forbidden) e->status[AL_AUTH003] = AL_STATUS_FAIL;
    }
}
