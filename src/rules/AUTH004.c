/* AUTH004 jwt-before-session: JwtAuthentication returns None on a failed
 * cookie so later classes can run; with session first, the JWT cookie is never
 * read while a session exists (ADR rule 5). Checked on every declaration. */
#include "rules/common.h"

/* Index of the session class that precedes the first jwt, or -1. */
static long session_before_jwt(const AlValue *v)
{
    long session = -1;
    for (size_t i = 0; i < v->n_refs; i++) {
        if (v->refs[i].kind == AL_KIND_JWT) return session;
        if (v->refs[i].kind == AL_KIND_SESSION && session < 0) session = (long)i;
    }
    return -1; /* no jwt at all: AUTH001's business */
}

void al_rule_auth004(AlRuleContext *ctx);
void al_rule_auth004(AlRuleContext *ctx)
{
    AlModel *m = ctx->model;
    AlFindings *out = ctx->out;
    for (size_t i = 0; i < m->n_decls; i++) {
        const AlDecl *d = m->decls[i];
        for (size_t k = 0; k < d->n_values; k++) {
            const AlValue *v = &d->values[k];
            long s = session_before_jwt(v);
            if (s < 0) continue;
            AlEmit e = {.rule = AL_AUTH004, .decl = d, .file = d->file, .span = d->site, .endpoints = d->users,
                        .n_endpoints = d->n_users, .context = d->owner};
            e.normalized = al_rule_normalized(out, v);
            e.keys[0] = "session";
            e.values[0] = al_arena_printf(out->arena, "%s%s", al_rule_short(v->refs[s].fqn),
                                          al_rule_branch_text(out, v));
            e.keys[1] = "endpoints";
            e.values[1] = al_rule_endpoints_text(out, d->users, d->n_users);
            e.n_kv = 2;
            al_rule_emit(ctx, &e);
        }
    }
    for (size_t i = 0; i < m->n_endpoints; i++) {
        AlEndpoint *e = m->endpoints[i];
        e->status[AL_AUTH004] = AL_STATUS_PASS;
        for (size_t k = 0; k < e->n_alts; k++)
            if (session_before_jwt(e->alts[k].value) >= 0) e->status[AL_AUTH004] = AL_STATUS_FAIL;
    }
}
