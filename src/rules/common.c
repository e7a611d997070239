/* Shared rule helpers: message pieces, fingerprints, emitting findings. */
#include "rules/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

const char *al_rule_short(const char *fqn)
{
    const char *dot = strrchr(fqn, '.');
    return dot ? dot + 1 : fqn;
}

const char *al_rule_classes_text(AlFindings *out, const AlValue *v)
{
    if (!v->resolved) return "an unresolved value";
    AlBuf b = AL_BUF_INIT;
    al_buf_addc(&b, '(');
    for (size_t i = 0; i < v->n_refs; i++) {
        if (i) al_buf_adds(&b, ", ");
        al_buf_adds(&b, al_rule_short(v->refs[i].fqn));
    }
    al_buf_addc(&b, ')');
    const char *r = al_arena_strdup(out->arena, al_buf_cstr(&b));
    al_buf_release(&b);
    return r;
}

const char *al_rule_endpoints_text(AlFindings *out, AlEndpoint *const *eps, size_t n)
{
    if (n == 0) return "no endpoint";
    if (n == 1) return al_arena_printf(out->arena, "endpoint %s", eps[0]->name);
    return al_arena_printf(out->arena, "%zu endpoints", n);
}

const char *al_rule_branch_text(AlFindings *out, const AlValue *v)
{
    if (!v->branch_line) return "";
    return al_arena_printf(out->arena, " (branch at line %u)", v->branch_line);
}

const char *al_rule_normalized(AlFindings *out, const AlValue *v)
{
    if (!v->resolved) return al_arena_printf(out->arena, "unresolved:%s", v->why ? v->why : "");
    AlBuf b = AL_BUF_INIT;
    for (size_t i = 0; i < v->n_refs; i++) {
        if (i) al_buf_addc(&b, ',');
        al_buf_adds(&b, v->refs[i].fqn);
    }
    const char *r = al_arena_strdup(out->arena, al_buf_cstr(&b));
    al_buf_release(&b);
    return r;
}

bool al_rule_value_has(const AlValue *v, AlKind kind)
{
    for (size_t i = 0; i < v->n_refs; i++)
        if (v->refs[i].kind == kind) return true;
    return false;
}

const AlFile *al_rule_site_file(const AlEndpoint *e, const AlDecl *d)
{
    return d->kind == AL_DECL_DRF_DEFAULT || !d->file ? e->file : d->file;
}

AlSpan al_rule_site_span(const AlEndpoint *e, const AlDecl *d)
{
    return d->kind == AL_DECL_DRF_DEFAULT || !d->file ? e->def_span : d->site;
}

void al_rule_emit(AlRuleContext *ctx, const AlEmit *e)
{
    const AlRuleSetting *rs = &ctx->policy->rules[e->rule];
    if (!rs->enabled || !e->file) return;
    /* Reported files (SPEC 2), and findings about an endpoint in a reported
     * file: a new view that inherits a forbidden class from an unchanged
     * mixin must fail the pre-commit run that adds it. */
    bool report = e->file->report;
    for (size_t i = 0; i < e->n_endpoints && !report; i++) report = e->endpoints[i]->file->report;
    if (!report) return;
    AlFinding f = {0};
    f.rule = e->rule;
    f.level = rs->level;
    f.file = e->file;
    f.span = e->span;
    f.decl = e->decl;
    f.ref = e->ref;
    f.endpoints = (AlEndpoint **)e->endpoints;
    f.n_endpoints = e->n_endpoints;
    f.context = e->context;
    char *msg = al_policy_format(rs->message ? rs->message : al_rule_code(e->rule), e->keys, e->values, e->n_kv);
    f.message = al_arena_strdup(ctx->out->arena, msg);
    free(msg);
    /* Fingerprint (SPEC 5): rule, module, enclosing definition, normalized
     * declaration; no line numbers, so moves and reformatting keep it. */
    AlBuf b = AL_BUF_INIT;
    al_buf_addf(&b, "%s|%s|%s|%s", al_rule_code(e->rule), e->file->module ? e->file->module : e->file->relpath,
                e->context ? e->context : "", e->normalized ? e->normalized : "");
    uint64_t h = al_hash_bytes(b.ptr, b.len);
    al_buf_release(&b);
    f.fingerprint = al_arena_printf(ctx->out->arena, "%016llx", (unsigned long long)h);
    AlFinding *g = al_findings_add(ctx->out, &f);
    if (g->n_endpoints != e->n_endpoints) {
        /* Merged into an earlier finding at the same place (a constant used
         * by several declarations): the message counts every endpoint. */
        const char *values[6];
        for (size_t i = 0; i < e->n_kv; i++)
            values[i] = strcmp(e->keys[i], "endpoints") == 0
                            ? al_rule_endpoints_text(ctx->out, g->endpoints, g->n_endpoints)
                            : e->values[i];
        char *text = al_policy_format(rs->message ? rs->message : al_rule_code(e->rule), e->keys, values, e->n_kv);
        g->message = al_arena_strdup(ctx->out->arena, text);
        free(text);
    }
}
