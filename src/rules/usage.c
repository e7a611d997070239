/* Declaration-site reporting for endpoint rules (SPEC 4 "Where a finding is
 * reported"): group violating (endpoint, value) pairs by declaration, emit at
 * the site (or at each endpoint's class/def line for DRF's built-in default),
 * and set per-endpoint status. */
#include "rules/usage.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static const char *detail_of(AlFindings *out, const AlValue *v)
{
    if (!v->resolved) return v->why ? v->why : "unresolved expression";
    AlBuf b = AL_BUF_INIT;
    for (size_t i = 0; i < v->n_refs; i++) {
        if (v->refs[i].kind != AL_KIND_UNKNOWN) continue;
        al_buf_adds(&b, b.len ? ", " : "unknown class ");
        al_buf_adds(&b, v->refs[i].written && v->refs[i].written[0] ? v->refs[i].written : v->refs[i].fqn);
    }
    const char *r = al_arena_strdup(out->arena, al_buf_cstr(&b));
    al_buf_release(&b);
    return r;
}

static void emit_for(AlRuleContext *ctx, AlRuleId rule, const AlDecl *d, const AlValue *v, AlEndpoint **users,
                     size_t n, const AlEndpoint *site_endpoint)
{
    AlFindings *out = ctx->out;
    AlEmit e = {.rule = rule, .decl = d, .endpoints = users, .n_endpoints = n};
    e.file = al_rule_site_file(site_endpoint, d);
    e.span = al_rule_site_span(site_endpoint, d);
    e.context = d->kind == AL_DECL_DRF_DEFAULT ? site_endpoint->name : d->owner;
    e.normalized = al_rule_normalized(out, v);
    if (d->kind == AL_DECL_DRF_DEFAULT) e.normalized = "drf-default";
    const char *classes = al_rule_classes_text(out, v);
    const char *branch = al_rule_branch_text(out, v);
    e.keys[0] = "classes";
    e.values[0] = al_arena_printf(out->arena, "%s%s", classes, branch);
    e.keys[1] = "endpoints";
    e.values[1] = al_rule_endpoints_text(out, users, n);
    e.keys[2] = "detail";
    e.values[2] = al_arena_printf(out->arena, "%s%s", detail_of(out, v), branch);
    e.n_kv = 3;
    al_rule_emit(ctx, &e);
}

static bool uses(const AlEndpoint *e, const AlDecl *d, const AlValue *v)
{
    for (size_t i = 0; i < e->n_alts; i++)
        if (e->alts[i].decl == d && e->alts[i].value == v) return true;
    return false;
}

static void check_decl(AlRuleContext *ctx, AlRuleId rule, const AlDecl *d, AlValuePredicate violates,
                       bool include_excluded)
{
    AlEndpoint **hits = al_xcalloc(d->n_users ? d->n_users : 1, sizeof(AlEndpoint *));
    for (size_t k = 0; k < d->n_values; k++) {
        const AlValue *v = &d->values[k];
        size_t n = 0;
        for (size_t u = 0; u < d->n_users; u++) {
            AlEndpoint *e = d->users[u];
            if (e->excluded && !include_excluded) continue;
            if (!uses(e, d, v) || !violates(e, v)) continue;
            if (d->kind == AL_DECL_DRF_DEFAULT) emit_for(ctx, rule, d, v, &e, 1, e);
            else hits[n++] = e;
        }
        if (n) emit_for(ctx, rule, d, v, hits, n, hits[0]);
    }
    free(hits);
}

void al_usage_check(AlRuleContext *ctx, AlRuleId rule, AlValuePredicate violates, bool include_excluded)
{
    AlModel *m = ctx->model;
    for (size_t i = 0; i < m->n_decls; i++) check_decl(ctx, rule, m->decls[i], violates, include_excluded);
    check_decl(ctx, rule, m->drf_default_decl, violates, include_excluded);

    for (size_t i = 0; i < m->n_endpoints; i++) {
        AlEndpoint *e = m->endpoints[i];
        bool any_nonempty = false, fail = false;
        for (size_t k = 0; k < e->n_alts; k++) {
            const AlValue *v = e->alts[k].value;
            if (v->resolved && v->n_refs) any_nonempty = true;
            if (violates(e, v)) fail = true;
        }
        AlStatus st = fail ? AL_STATUS_FAIL : AL_STATUS_PASS;
        if ((rule == AL_AUTH001 || rule == AL_AUTH002) && !any_nonempty) st = AL_STATUS_NA;
        if (rule == AL_AUTH002 && !e->browser) st = AL_STATUS_NA;
        if (e->excluded && !include_excluded) st = AL_STATUS_EXCLUDED;
        e->status[rule] = st;
    }
}
