/* Model construction: indexes names and classes, finds endpoints (SPEC 3.2),
 * gives each its effective authentication (3.3), designates browser-facing
 * and excluded endpoints (3.4), and links declarations to their users. */
#include <stdlib.h>
#include <string.h>

#include "model/internal.h"
#include "parse/directive.h"
#include "util/glob.h"

static bool fqn_matches(const char *fqn, const char *const *list, size_t n)
{
    return fqn && al_policy_fqn_in(list, n, fqn);
}

static void add_user(AlModel *m, AlDecl *d, AlEndpoint *e)
{
    for (size_t i = 0; i < d->n_users; i++)
        if (d->users[i] == e) return;
    if (d->n_users == d->cap_users) {
        size_t cap = d->cap_users ? d->cap_users * 2 : 4;
        AlEndpoint **n = al_arena_alloc(m->arena, cap * sizeof(AlEndpoint *));
        if (d->n_users) memcpy(n, d->users, d->n_users * sizeof(AlEndpoint *));
        d->users = n;
        d->cap_users = cap;
    }
    d->users[d->n_users++] = e;
}

static void set_alts_from_decl(Builder *b, AlEndpoint *e, AlDecl *d)
{
    e->alts = al_arena_alloc(b->m->arena, d->n_values * sizeof(AlAlt));
    for (size_t i = 0; i < d->n_values; i++) e->alts[i] = (AlAlt){d, &d->values[i]};
    e->n_alts = d->n_values;
}

/* Settings default, else DRF's built-in default. */
static void set_default(Builder *b, AlEndpoint *e)
{
    AlDecl *s = al_eval_settings(b, e->file);
    if (s) {
        e->source = AL_SOURCE_SETTINGS;
        e->source_from = s->owner;
        set_alts_from_decl(b, e, s);
    } else {
        e->source = AL_SOURCE_DRF_DEFAULT;
        set_alts_from_decl(b, e, b->m->drf_default_decl);
    }
}

static AlEndpoint *new_endpoint(Builder *b, const char *name, AlEndpointType type, const AlFile *f, AlSpan def)
{
    AlEndpoint *e = al_arena_alloc(b->m->arena, sizeof(AlEndpoint));
    e->name = name;
    e->type = type;
    e->file = f;
    e->def_span = def;
    e->line = def.line;
    al_vec_push(&b->endpoints, e);
    return e;
}

/* ---- annotations and globs (SPEC 3.4, 9.12, 9.13) ----------------------- */

typedef struct Annotation {
    bool browser, excluded;
    AlExclusionKind kind;
    const char *reason;
} Annotation;

static bool line_wanted(uint32_t line, const uint32_t *lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lines[i] == line) return true;
    return false;
}

static Annotation read_annotations(Builder *b, const AlFile *f, uint32_t def_line, const AlDecorator *decs,
                                   uint32_t n_decs)
{
    Annotation a = {0};
    if (!f->facts) return a;
    uint32_t lines[64];
    size_t n = 0;
    lines[n++] = def_line;
    lines[n++] = def_line > 1 ? def_line - 1 : def_line;
    for (uint32_t i = 0; i < n_decs && n < 62; i++) lines[n++] = decs[i].span.line;
    if (n_decs && decs[0].span.line > 1) lines[n++] = decs[0].span.line - 1;
    for (uint32_t i = 0; i < f->facts->n_comments; i++) {
        const AlComment *c = &f->facts->comments[i];
        if (!line_wanted(c->line, lines, n)) continue;
        AlDirective d[8];
        int nd = al_directive_parse(c->text, d, 8);
        for (int k = 0; k < nd; k++) {
            if (d[k].kind == AL_DIRECTIVE_BROWSER) a.browser = true;
            if (d[k].kind == AL_DIRECTIVE_EXCLUDE && !a.excluded) {
                a.excluded = true;
                a.kind = d[k].exclusion;
                a.reason = al_arena_strdup(b->m->arena, d[k].reason[0] ? d[k].reason : "inline annotation");
            }
        }
    }
    return a;
}

static bool any_segment_matches(const char *pattern, const char *path, int flags)
{
    const char *s = path;
    char seg[512];
    while (*s) {
        const char *slash = strchr(s, '/');
        size_t len = slash ? (size_t)(slash - s) : strlen(s);
        if (len < sizeof seg) {
            memcpy(seg, s, len);
            seg[len] = '\0';
            if (al_glob_match(pattern, seg, flags)) return true;
        }
        if (!slash) break;
        s = slash + 1;
    }
    return false;
}

static bool path_or_name_matches(const char *glob, const AlEndpoint *e, bool nocase, bool any_segment)
{
    int pf = AL_GLOB_PATH | (nocase ? AL_GLOB_NOCASE : 0);
    if (al_glob_match(glob, e->file->relpath, pf)) return true;
    if (any_segment && any_segment_matches(glob, e->file->relpath, pf)) return true;
    return al_glob_match(glob, e->name, nocase ? AL_GLOB_NOCASE : 0);
}

static void designate(Builder *b, AlEndpoint *e, Annotation a)
{
    const AlPolicy *p = b->m->policy;
    e->browser = a.browser;
    for (size_t i = 0; i < p->n_browser && !e->browser; i++)
        if (path_or_name_matches(p->browser[i], e, false, false)) e->browser = true;
    if (a.excluded) {
        e->excluded = true;
        e->exclusion = a.kind;
        e->exclusion_reason = a.reason;
        return;
    }
    for (size_t i = 0; i < p->n_exclusions; i++) {
        const AlExclusion *x = &p->exclusions[i];
        bool hit = false;
        int pf = AL_GLOB_PATH | (x->nocase ? AL_GLOB_NOCASE : 0);
        for (size_t k = 0; k < x->n_paths && !hit; k++)
            hit = al_glob_match(x->paths[k], e->file->relpath, pf) ||
                  (x->any_segment && any_segment_matches(x->paths[k], e->file->relpath, pf));
        for (size_t k = 0; k < x->n_names && !hit; k++)
            hit = al_glob_match(x->names[k], e->name, x->nocase ? AL_GLOB_NOCASE : 0);
        if (hit) {
            e->excluded = true;
            e->exclusion = x->kind;
            e->exclusion_reason = x->reason ? x->reason : al_exclusion_kind_name(x->kind);
            return;
        }
    }
}

/* ---- endpoints --------------------------------------------------------- */

static void class_endpoint(Builder *b, ClassState *cs)
{
    const AlClass *c = cs->info.cls;
    AlEndpoint *e = new_endpoint(b, cs->info.fqn, AL_ENDPOINT_CLASS, cs->info.file, c->class_span);
    size_t n = 0;
    const char *from = NULL;
    const AlAlt *alts = al_eval_class_declared(b, cs, &n, &from);
    if (n) {
        e->alts = al_arena_alloc(b->m->arena, n * sizeof(AlAlt));
        memcpy(e->alts, alts, n * sizeof(AlAlt));
        e->n_alts = n;
        bool own = strcmp(from, cs->info.fqn) == 0;
        e->source = own ? AL_SOURCE_OWN : AL_SOURCE_INHERITED;
        e->source_from = own ? (alts[0].decl->kind == AL_DECL_DECORATOR ? alts[0].decl->owner : NULL) : from;
        if (own && alts[0].decl->kind == AL_DECL_DECORATOR && alts[0].decl->file &&
            alts[0].decl->file != cs->info.file)
            e->source_from = alts[0].decl->owner;
    } else {
        set_default(b, e);
    }
    Annotation a = read_annotations(b, cs->info.file, c->class_span.line, c->decorators, c->n_decorators);
    designate(b, e, a);

    /* Action endpoints: @action(..., authentication_classes=EXPR) methods of
     * this class's own body (SPEC 9.8). */
    for (uint32_t i = 0; i < c->n_methods; i++) {
        const AlFunction *fn = &c->methods[i];
        for (uint32_t k = 0; k < fn->n_decorators; k++) {
            const AlExpr *d = fn->decorators[k].expr;
            if (d->kind != AL_EXPR_CALL) continue;
            const char *fqn = al_names_resolve(b, cs->info.file, d->text);
            if (!fqn_matches(fqn, b->m->policy->action_decorators, b->m->policy->n_action_decorators)) continue;
            for (uint32_t kw = 0; kw < d->n_kw; kw++) {
                if (strcmp(d->keys[kw]->text, "authentication_classes") != 0) continue;
                const char *name = al_arena_printf(b->m->arena, "%s.%s", cs->info.fqn, fn->name);
                AlEndpoint *ae = new_endpoint(b, name, AL_ENDPOINT_ACTION, cs->info.file, fn->def_span);
                AlDecl *decl = al_eval_expr_decl(b, AL_DECL_ACTION, cs->info.file, d->keys[kw]->span, name,
                                                 d->kwvalues[kw]);
                set_alts_from_decl(b, ae, decl);
                ae->source = AL_SOURCE_OWN;
                Annotation own = read_annotations(b, cs->info.file, fn->def_span.line, fn->decorators,
                                                  fn->n_decorators);
                if (!own.browser && !own.excluded) own = a;
                designate(b, ae, own);
            }
        }
    }
}

static void function_endpoint(Builder *b, const AlFile *f, const AlFunction *fn)
{
    const AlPolicy *p = b->m->policy;
    bool is_view = false;
    uint32_t view_at = 0;
    for (uint32_t k = 0; k < fn->n_decorators && !is_view; k++) {
        const AlExpr *d = fn->decorators[k].expr;
        const char *callee = d->kind == AL_EXPR_CALL || d->kind == AL_EXPR_NAME ? d->text : NULL;
        if (!callee || !callee[0]) continue;
        is_view = fqn_matches(al_names_resolve(b, f, callee), p->view_function_decorators,
                              p->n_view_function_decorators);
        view_at = k;
    }
    if (!is_view) return;
    const char *name = al_arena_printf(b->m->arena, "%s.%s", f->module, fn->name);
    AlEndpoint *e = new_endpoint(b, name, AL_ENDPOINT_FUNCTION, f, fn->def_span);
    /* Decorators apply bottom-up: @api_view reads the attributes that the
     * decorators below it set on the function; one above it decorates the
     * finished view, whose attributes DRF never reads. */
    AlDecl *decl = NULL;
    for (uint32_t k = view_at + 1; k < fn->n_decorators && !decl; k++) {
        const AlDecorator *dec = &fn->decorators[k];
        const AlExpr *d = dec->expr;
        if (d->kind == AL_EXPR_CALL &&
            fqn_matches(al_names_resolve(b, f, d->text), p->auth_decorators, p->n_auth_decorators)) {
            decl = al_eval_expr_decl(b, AL_DECL_FUNCTION, f, dec->span, name, d->n_items ? d->items[0] : NULL);
        } else {
            decl = al_eval_decorator_decl(b, f, dec, name);
        }
    }
    if (decl) {
        set_alts_from_decl(b, e, decl);
        e->source = AL_SOURCE_OWN;
        e->source_from = decl->kind == AL_DECL_DECORATOR ? decl->owner : NULL;
        if (decl->kind == AL_DECL_DECORATOR && strcmp(decl->owner, name) == 0) e->source_from = NULL;
    } else {
        set_default(b, e);
    }
    designate(b, e, read_annotations(b, f, fn->def_span.line, fn->decorators, fn->n_decorators));
}

static int cmp_endpoint(const void *pa, const void *pb)
{
    const AlEndpoint *a = *(AlEndpoint *const *)pa, *b = *(AlEndpoint *const *)pb;
    int c = strcmp(a->file->relpath, b->file->relpath);
    if (c) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int cmp_decl(const void *pa, const void *pb)
{
    const AlDecl *a = *(AlDecl *const *)pa, *b = *(AlDecl *const *)pb;
    const char *fa = a->file ? a->file->relpath : "", *fb = b->file ? b->file->relpath : "";
    int c = strcmp(fa, fb);
    if (c) return c;
    if (a->site.start_byte != b->site.start_byte) return a->site.start_byte < b->site.start_byte ? -1 : 1;
    return strcmp(a->owner ? a->owner : "", b->owner ? b->owner : "");
}

AlModel *al_model_build(AlFile *files, size_t n_files, const AlPolicy *policy)
{
    AlModel *m = al_xcalloc(1, sizeof(AlModel));
    m->arena = al_arena_new();
    m->policy = policy;
    m->files = files;
    m->n_files = n_files;
    Builder b = {.m = m};

    al_names_index(&b);
    al_classes_index(&b);
    m->drf_default_decl = al_eval_fqn_decl(&b, AL_DECL_DRF_DEFAULT, policy->drf_default, policy->n_drf_default);
    /* Every settings module gets its declaration (AUTH003 looks at all). */
    for (size_t i = 0; i < n_files; i++)
        if (files[i].facts && files[i].module) al_eval_settings(&b, &files[i]);
    al_eval_all_class_decls(&b);

    for (size_t i = 0; i < b.class_state.len; i++) {
        ClassState *cs = b.class_state.entries[i].value;
        al_classes_mro(&b, cs);
        if (cs->info.is_view) class_endpoint(&b, cs);
    }
    for (size_t i = 0; i < n_files; i++) {
        const AlFile *f = &files[i];
        if (!f->facts || !f->module) continue;
        ModuleInfo *mi = al_names_module(&b, f->module);
        if (!mi || mi->file != f) continue;
        for (uint32_t k = 0; k < f->facts->n_functions; k++) function_endpoint(&b, f, &f->facts->functions[k]);
    }

    /* Users of each declaration, resolution state; only endpoints of
     * reported files are listed, but every endpoint counts as a user. */
    EndpointVec listed = {0};
    for (size_t i = 0; i < b.endpoints.len; i++) {
        AlEndpoint *e = b.endpoints.items[i];
        e->resolved = true;
        for (size_t k = 0; k < e->n_alts; k++) {
            add_user(m, e->alts[k].decl, e);
            const AlValue *v = e->alts[k].value;
            if (!v->resolved) e->resolved = false;
            for (size_t r = 0; r < v->n_refs; r++)
                if (v->refs[r].kind == AL_KIND_UNKNOWN) e->resolved = false;
        }
        if (e->file->report) al_vec_push(&listed, e);
    }
    if (listed.len > 1) qsort(listed.items, listed.len, sizeof(AlEndpoint *), cmp_endpoint);
    m->endpoints = al_arena_alloc(m->arena, (listed.len ? listed.len : 1) * sizeof(AlEndpoint *));
    if (listed.len) memcpy(m->endpoints, listed.items, listed.len * sizeof(AlEndpoint *));
    m->n_endpoints = listed.len;
    for (size_t i = 0; i < b.decls.len; i++) {
        AlDecl *d = b.decls.items[i];
        if (d->n_users > 1) {
            AlEndpoint **u = d->users;
            qsort(u, d->n_users, sizeof(AlEndpoint *), cmp_endpoint);
        }
    }
    if (b.decls.len > 1) qsort(b.decls.items, b.decls.len, sizeof(AlDecl *), cmp_decl);
    m->decls = al_arena_alloc(m->arena, (b.decls.len ? b.decls.len : 1) * sizeof(AlDecl *));
    if (b.decls.len) memcpy(m->decls, b.decls.items, b.decls.len * sizeof(AlDecl *));
    m->n_decls = b.decls.len;

    al_vec_free(&listed);
    al_vec_free(&b.endpoints);
    al_vec_free(&b.decls);
    for (size_t i = 0; i < b.module_info.len; i++) {
        ModuleInfo *mi = b.module_info.entries[i].value;
        for (size_t k = 0; k < mi->bindings.len; k++) {
            BindingVec *v = mi->bindings.entries[k].value;
            al_vec_free(v);
        }
        al_map_free(&mi->bindings);
    }
    al_map_free(&b.module_info);
    al_map_free(&b.suffix);
    al_map_free(&b.class_state);
    al_map_free(&b.functions);
    al_map_free(&b.kinds);
    al_map_free(&b.constants_busy);
    al_map_free(&b.settings_state);
    return m;
}

void al_model_free(AlModel *self)
{
    if (!self) return;
    al_map_free(&self->modules);
    al_map_free(&self->settings);
    al_map_free(&self->classes);
    al_arena_free(self->arena);
    free(self);
}

const AlDecl *al_model_default_decl(const AlModel *self, const AlFile *f)
{
    const AlDecl *s = al_map_get(&self->settings, f && f->import_root ? f->import_root : "");
    return s ? s : self->drf_default_decl;
}

const AlClassInfo *al_model_class(const AlModel *self, const char *fqn)
{
    return al_map_get(&self->classes, fqn);
}
