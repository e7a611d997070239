/* Name resolution (SPEC 3): module tables of bindings, absolute and relative
 * imports, the unique-suffix rule for old sys.path-style imports (9.3), and
 * canonicalization of an FQN through re-exports until it names a definition,
 * a catalog entry, or something external. */
#include <string.h>

#include "model/internal.h"

static void add_binding(Builder *b, ModuleInfo *mi, const char *name, Binding bind)
{
    BindingVec *v = al_map_get(&mi->bindings, name);
    if (!v) {
        v = al_arena_alloc(b->m->arena, sizeof(BindingVec));
        al_map_put(&mi->bindings, name, v);
    }
    al_vec_push(v, bind);
}

/* Module-level assignments, classes and functions inside branches bind too. */
static void bind_stmts(Builder *b, ModuleInfo *mi, AlStmt *const *stmts, uint32_t n, bool alt, bool in_except)
{
    for (uint32_t i = 0; i < n; i++) {
        const AlStmt *s = stmts[i];
        if (s->kind == AL_STMT_ASSIGN && s->target && !strchr(s->target, '.')) {
            Binding bind = {.kind = BIND_ASSIGN, .alternative = alt};
            bind.none_fallback = in_except && s->value && s->value->kind == AL_EXPR_NONE;
            add_binding(b, mi, s->target, bind);
        } else if (s->kind == AL_STMT_BRANCH) {
            for (uint32_t a = 0; a < s->n_arms; a++)
                bind_stmts(b, mi, s->arms[a].stmts, s->arms[a].n_stmts, alt || s->is_try,
                           s->arms[a].is_except);
        }
    }
}

void al_names_index(Builder *b)
{
    AlModel *m = b->m;
    for (size_t i = 0; i < m->n_files; i++) {
        AlFile *f = &m->files[i];
        if (!f->module || al_map_has(&b->module_info, f->module)) continue;
        ModuleInfo *mi = al_arena_alloc(m->arena, sizeof(ModuleInfo));
        mi->file = f;
        mi->name = f->module;
        size_t n = strlen(f->relpath);
        mi->is_package = n >= 11 && strcmp(f->relpath + n - 11, "__init__.py") == 0;
        al_map_put(&b->module_info, f->module, mi);
        al_map_put(&m->modules, f->module, f);
        /* Every dotted suffix of the name, for the sys.path-style rule. */
        for (const char *p = f->module; p; p = strchr(p, '.')) {
            if (*p == '.') p++;
            const char *prev = al_map_get(&b->suffix, p);
            if (!prev) al_map_put(&b->suffix, p, (void *)f->module);
            else if (strcmp(prev, f->module) != 0) al_map_put(&b->suffix, p, (void *)"");
        }
    }
    /* Bindings need every module known first (suffix rule). */
    for (size_t i = 0; i < m->n_files; i++) {
        AlFile *f = &m->files[i];
        ModuleInfo *mi = f->module ? al_map_get(&b->module_info, f->module) : NULL;
        if (!mi || mi->file != f || !f->facts) continue;
        const AlFacts *fa = f->facts;
        AL_VEC(const char *) stars = {0};
        for (uint32_t k = 0; k < fa->n_imports; k++) {
            const AlImport *im = &fa->imports[k];
            if (im->kind == AL_IMPORT_STAR) {
                al_vec_push(&stars, al_names_import_module(b, mi, im));
                continue;
            }
            Binding bind = {.kind = BIND_IMPORT, .import = im, .alternative = im->in_try || im->in_except};
            add_binding(b, mi, im->bound, bind);
        }
        if (stars.len) {
            mi->star_from = al_arena_alloc(m->arena, stars.len * sizeof(char *));
            memcpy(mi->star_from, stars.items, stars.len * sizeof(char *));
            mi->n_star = stars.len;
        }
        al_vec_free(&stars);
        for (uint32_t k = 0; k < fa->n_classes; k++)
            if (!strchr(fa->classes[k].name, '.'))
                add_binding(b, mi, fa->classes[k].name, (Binding){.kind = BIND_CLASS});
        for (uint32_t k = 0; k < fa->n_functions; k++)
            add_binding(b, mi, fa->functions[k].name, (Binding){.kind = BIND_FUNCTION});
        bind_stmts(b, mi, fa->body, fa->n_body, false, false);
    }
}

ModuleInfo *al_names_module(Builder *b, const char *name)
{
    return al_map_get(&b->module_info, name);
}

const char *al_names_import_module(Builder *b, const ModuleInfo *mi, const AlImport *im)
{
    AlArena *a = b->m->arena;
    const char *mod = im->module ? im->module : "";
    if (im->level > 0) {
        /* PEP 328: level 1 is the current package (the module itself for an
         * __init__), each further dot one package up. */
        char *base = al_arena_strdup(a, mi->name);
        uint32_t ups = im->level - (mi->is_package ? 1 : 0);
        for (uint32_t i = 0; i < ups; i++) {
            char *dot = strrchr(base, '.');
            if (!dot) {
                base[0] = '\0';
                break;
            }
            *dot = '\0';
        }
        if (!base[0]) return mod;
        return mod[0] ? al_arena_printf(a, "%s.%s", base, mod) : base;
    }
    if (!mod[0] || al_map_has(&b->module_info, mod)) return mod;
    /* SPEC 9.3: a module outside the project whose whole dotted name ends a
     * unique project module name resolves to it (old sys.path imports). */
    const char *full = al_map_get(&b->suffix, mod);
    if (full && full[0]) return full;
    return mod;
}

/* FQN a binding points to, without canonicalizing. */
static const char *binding_target(Builder *b, ModuleInfo *mi, const char *name, const Binding *bind)
{
    if (bind->kind != BIND_IMPORT) return al_arena_printf(b->m->arena, "%s.%s", mi->name, name);
    const AlImport *im = bind->import;
    const char *mod = al_names_import_module(b, mi, im);
    if (im->kind == AL_IMPORT_MODULE) {
        if (im->asname) return mod;
        return im->bound; /* `import a.b.c` binds `a` to module a */
    }
    if (!mod[0]) return im->name; /* `from . import x` at the top level */
    return al_arena_printf(b->m->arena, "%s.%s", mod, im->name);
}

static bool is_known(Builder *b, const char *fqn)
{
    return al_policy_catalog_find(b->m->policy, fqn) || al_map_has(&b->class_state, fqn) ||
           al_map_has(&b->functions, fqn) || al_map_has(&b->module_info, fqn);
}

/* Picks the binding that gives `name` its value: the last definite one; among
 * alternatives only (try/except imports), the first that names something we
 * know, else the first. */
static const char *resolve_binding(Builder *b, ModuleInfo *mi, const char *name, int depth)
{
    BindingVec *v = al_map_get(&mi->bindings, name);
    if (!v || v->len == 0) {
        for (size_t i = 0; i < mi->n_star && depth < 8; i++) {
            ModuleInfo *src = al_names_module(b, mi->star_from[i]);
            if (src && al_map_has(&src->bindings, name)) return resolve_binding(b, src, name, depth + 1);
        }
        return NULL;
    }
    for (size_t i = v->len; i-- > 0;)
        if (!v->items[i].alternative) return binding_target(b, mi, name, &v->items[i]);
    const char *first = NULL;
    for (size_t i = 0; i < v->len; i++) {
        if (v->items[i].none_fallback) continue;
        const char *t = binding_target(b, mi, name, &v->items[i]);
        if (!first) first = t;
        if (is_known(b, al_names_canonical(b, t))) return t;
    }
    return first ? first : binding_target(b, mi, name, &v->items[0]);
}

/* Longest prefix of fqn that is a project module; returns its info and sets
 * *rest to what follows ("" when fqn is the module). */
static ModuleInfo *module_prefix(Builder *b, const char *fqn, const char **rest)
{
    char buf[1024];
    size_t n = strlen(fqn);
    if (n >= sizeof buf) return NULL;
    memcpy(buf, fqn, n + 1);
    for (;;) {
        ModuleInfo *mi = al_map_get(&b->module_info, buf);
        if (mi) {
            size_t k = strlen(buf);
            *rest = fqn[k] == '.' ? fqn + k + 1 : fqn + k;
            return mi;
        }
        char *dot = strrchr(buf, '.');
        if (!dot) return NULL;
        *dot = '\0';
    }
}

const char *al_names_canonical(Builder *b, const char *fqn)
{
    AlArena *a = b->m->arena;
    for (int step = 0; step < 32 && fqn; step++) {
        if (al_policy_catalog_find(b->m->policy, fqn)) return fqn; /* SPEC 9.6 */
        const char *rest;
        ModuleInfo *mi = module_prefix(b, fqn, &rest);
        if (!mi || !*rest) return fqn;
        const char *dot = strchr(rest, '.');
        const char *first = dot ? al_arena_strndup(a, rest, (size_t)(dot - rest)) : rest;
        BindingVec *v = al_map_get(&mi->bindings, first);
        bool defined_here = false;
        if (v)
            for (size_t i = 0; i < v->len; i++)
                if (v->items[i].kind != BIND_IMPORT && !v->items[i].none_fallback) defined_here = true;
        if (!v && mi->n_star == 0) return fqn; /* missing attribute: keep (9.4) */
        if (defined_here && (!v || v->items[v->len - 1].kind != BIND_IMPORT)) return fqn;
        const char *target = resolve_binding(b, mi, first, 0);
        if (!target) return fqn;
        const char *next = dot ? al_arena_printf(a, "%s%s", target, dot) : target;
        if (strcmp(next, fqn) == 0) return fqn;
        fqn = next;
    }
    return fqn;
}

const char *al_names_resolve(Builder *b, const AlFile *file, const char *dotted)
{
    if (!file || !file->module || !dotted || !*dotted) return NULL;
    ModuleInfo *mi = al_names_module(b, file->module);
    if (!mi) return NULL;
    const char *dot = strchr(dotted, '.');
    const char *first = dot ? al_arena_strndup(b->m->arena, dotted, (size_t)(dot - dotted)) : dotted;
    const char *target = resolve_binding(b, mi, first, 0);
    if (!target) return NULL;
    const char *fqn = dot ? al_arena_printf(b->m->arena, "%s%s", target, dot) : target;
    /* `import util.auth` binds `util`; `util.auth.X` then names the whole
     * imported module, to which the sys.path-style suffix rule applies
     * (SPEC 9.3: the whole module name, never a shorter prefix). */
    if (dot && !al_map_has(&b->module_info, target)) {
        for (uint32_t i = 0; i < file->facts->n_imports; i++) {
            const AlImport *im = &file->facts->imports[i];
            if (im->kind != AL_IMPORT_MODULE || im->asname || im->level || strcmp(im->bound, first) != 0) continue;
            size_t n = strlen(im->module);
            if (strncmp(dotted, im->module, n) != 0 || (dotted[n] != '.' && dotted[n] != '\0')) continue;
            const char *full = al_map_get(&b->suffix, im->module);
            if (full && full[0] && !al_map_has(&b->module_info, im->module)) {
                fqn = al_arena_printf(b->m->arena, "%s%s", full, dotted + n);
                break;
            }
        }
    }
    return al_names_canonical(b, fqn);
}

size_t al_names_resolve_alts(Builder *b, const AlFile *file, const char *dotted, const char **out, size_t max)
{
    if (max == 0) return 0;
    const char *one = al_names_resolve(b, file, dotted);
    ModuleInfo *mi = file && file->module ? al_names_module(b, file->module) : NULL;
    const char *dot = dotted ? strchr(dotted, '.') : NULL;
    const char *first = dot ? al_arena_strndup(b->m->arena, dotted, (size_t)(dot - dotted)) : dotted;
    BindingVec *v = mi && first ? al_map_get(&mi->bindings, first) : NULL;
    bool definite = !v || v->len == 0;
    for (size_t i = 0; v && i < v->len; i++)
        if (!v->items[i].alternative) definite = true;
    out[0] = one;
    if (definite || !one) return 1;
    /* Only try/except alternatives bind the name (SPEC 3: each is kept). */
    size_t n = 1;
    for (size_t i = 0; i < v->len && n < max; i++) {
        if (v->items[i].none_fallback) continue;
        const char *t = binding_target(b, mi, first, &v->items[i]);
        const char *fqn = al_names_canonical(b, dot ? al_arena_printf(b->m->arena, "%s%s", t, dot) : t);
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            if (strcmp(out[k], fqn) == 0) seen = true;
        if (!seen) out[n++] = fqn;
    }
    return n;
}

ModuleInfo *al_names_constant_owner(Builder *b, const char *fqn, const char **name_out)
{
    const char *rest;
    ModuleInfo *mi = module_prefix(b, fqn, &rest);
    if (!mi || !*rest || strchr(rest, '.')) return NULL;
    BindingVec *v = al_map_get(&mi->bindings, rest);
    if (!v) return NULL;
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i].kind == BIND_ASSIGN && !v->items[i].none_fallback) {
            *name_out = rest;
            return mi;
        }
    return NULL;
}
