/* Project classes: their resolved bases, C3 method resolution order, whether
 * they are DRF views, and their kind as authentication classes (SPEC 3.1,
 * 3.2, 9.6, 9.16). External classes are leaves of the MRO: we cannot see
 * their bases, and the catalog says what they are. */
#include <string.h>

#include "model/internal.h"

typedef struct KindMemo {
    AlKind kind;
    bool heuristic, forbidden;
    bool busy;
} KindMemo;

void al_classes_index(Builder *b)
{
    AlModel *m = b->m;
    for (size_t i = 0; i < m->n_files; i++) {
        AlFile *f = &m->files[i];
        if (!f->module || !f->facts) continue;
        ModuleInfo *mi = al_names_module(b, f->module);
        if (!mi || mi->file != f) continue;
        for (uint32_t k = 0; k < f->facts->n_classes; k++) {
            const AlClass *c = &f->facts->classes[k];
            const char *fqn = al_arena_printf(m->arena, "%s.%s", f->module, c->name);
            ClassState *cs = al_map_get(&b->class_state, fqn);
            if (!cs) { /* the first definition of a name wins the slot... */
                cs = al_arena_alloc(m->arena, sizeof(ClassState));
                al_map_put(&b->class_state, fqn, cs);
                al_map_put(&m->classes, fqn, &cs->info);
            }
            /* ...but Python keeps the last one bound, so its facts win. */
            cs->info.fqn = fqn;
            cs->info.file = f;
            cs->info.cls = c;
        }
        for (uint32_t k = 0; k < f->facts->n_functions; k++) {
            const AlFunction *fn = &f->facts->functions[k];
            const char *fqn = al_arena_printf(m->arena, "%s.%s", f->module, fn->name);
            FunctionInfo *fi = al_arena_alloc(m->arena, sizeof(FunctionInfo));
            fi->fqn = fqn;
            fi->file = f;
            fi->fn = fn;
            al_map_put(&b->functions, fqn, fi);
        }
    }
}

ClassState *al_classes_get(Builder *b, const char *fqn)
{
    return fqn ? al_map_get(&b->class_state, fqn) : NULL;
}

typedef AL_VEC(const char *) NameVec;

/* C3 merge of the base linearizations plus the list of bases. Returns false
 * when no consistent order exists (Python raises TypeError there). */
static bool c3_merge(NameVec *seqs, size_t n, NameVec *out)
{
    size_t *head = al_xcalloc(n ? n : 1, sizeof(size_t));
    bool ok = true;
    for (;;) {
        const char *cand = NULL;
        bool any = false;
        for (size_t i = 0; i < n && !cand; i++) {
            if (head[i] >= seqs[i].len) continue;
            any = true;
            const char *c = seqs[i].items[head[i]];
            bool in_tail = false;
            for (size_t j = 0; j < n && !in_tail; j++)
                for (size_t k = head[j] + 1; k < seqs[j].len; k++)
                    if (strcmp(seqs[j].items[k], c) == 0) {
                        in_tail = true;
                        break;
                    }
            if (!in_tail) cand = c;
        }
        if (!any) break;
        if (!cand) {
            ok = false;
            break;
        }
        al_vec_push(out, cand);
        for (size_t i = 0; i < n; i++)
            if (head[i] < seqs[i].len && strcmp(seqs[i].items[head[i]], cand) == 0) head[i]++;
    }
    free(head);
    return ok;
}

static void add_unique(NameVec *v, const char *s)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0) return;
    al_vec_push(v, s);
}

void al_classes_mro(Builder *b, ClassState *cs)
{
    if (cs->mro_state == 2) return;
    AlArena *a = b->m->arena;
    if (cs->mro_state == 1) return; /* cyclic bases: the caller treats it as a leaf */
    cs->mro_state = 1;
    const AlClass *c = cs->info.cls;
    size_t nb = c->n_bases;
    NameVec *seqs = al_xcalloc(nb + 1, sizeof(NameVec));
    NameVec bases = {0};
    for (size_t i = 0; i < nb; i++) {
        const AlExpr *e = c->bases[i];
        if (e->kind != AL_EXPR_NAME) continue;
        const char *fqn = al_names_resolve(b, cs->info.file, e->text);
        if (!fqn) fqn = e->text; /* builtins (object) and undefined names */
        if (strcmp(fqn, "object") == 0 || strcmp(fqn, cs->info.fqn) == 0) continue;
        ClassState *base = al_classes_get(b, fqn);
        NameVec *s = &seqs[bases.len];
        if (base && base->mro_state != 1) {
            al_classes_mro(b, base);
            for (size_t k = 0; k < base->info.n_mro; k++) al_vec_push(s, base->info.mro[k]);
        } else {
            al_vec_push(s, fqn);
        }
        al_vec_push(&bases, fqn);
    }
    NameVec all = {0};
    al_vec_push(&all, cs->info.fqn);
    size_t nseq = bases.len;
    seqs[nseq] = bases; /* the list of bases is the last sequence */
    NameVec merged = {0};
    if (c3_merge(seqs, nseq + 1, &merged)) {
        for (size_t i = 0; i < merged.len; i++) add_unique(&all, merged.items[i]);
    } else {
        /* Inconsistent hierarchy: fall back to depth-first, left to right. */
        for (size_t i = 0; i < nseq; i++)
            for (size_t k = 0; k < seqs[i].len; k++) add_unique(&all, seqs[i].items[k]);
    }
    cs->info.mro = al_arena_alloc(a, all.len * sizeof(char *));
    memcpy(cs->info.mro, all.items, all.len * sizeof(char *));
    cs->info.n_mro = all.len;
    for (size_t i = 0; i < all.len; i++)
        if (al_policy_is_view_base(b->m->policy, all.items[i])) cs->info.is_view = true;
    al_vec_free(&merged);
    al_vec_free(&all);
    for (size_t i = 0; i <= nseq; i++) al_vec_free(&seqs[i]);
    free(seqs);
    cs->mro_state = 2;
}

static const char *last_segment(const char *fqn)
{
    const char *dot = strrchr(fqn, '.');
    return dot ? dot + 1 : fqn;
}

static bool real_kind(AlKind k)
{
    return k != AL_KIND_OTHER && k != AL_KIND_UNKNOWN;
}

/* Kind of a name that is not a project class. */
static AlKind external_kind(Builder *b, const char *fqn, bool *heuristic, bool *forbidden)
{
    const AlCatalogEntry *e = al_policy_catalog_find(b->m->policy, fqn);
    if (e) {
        *forbidden = e->forbidden || e->kind == AL_KIND_BEARER;
        return e->kind;
    }
    AlKind k;
    bool forb = false;
    /* SPEC 3.1 / 9.16: an unknown external name with a catalog last name takes
     * that kind as a heuristic, unless the catalog disagrees with itself. */
    if (al_policy_catalog_last(b->m->policy, last_segment(fqn), &k, &forb) == 1) {
        *heuristic = true;
        *forbidden = forb || k == AL_KIND_BEARER;
        return k;
    }
    return AL_KIND_UNKNOWN;
}

AlKind al_classes_kind(Builder *b, const char *fqn, bool *heuristic, bool *forbidden)
{
    *heuristic = false;
    *forbidden = false;
    KindMemo *memo = al_map_get(&b->kinds, fqn);
    if (memo) {
        if (memo->busy) return AL_KIND_UNKNOWN;
        *heuristic = memo->heuristic;
        *forbidden = memo->forbidden;
        return memo->kind;
    }
    memo = al_arena_alloc(b->m->arena, sizeof(KindMemo));
    memo->busy = true;
    al_map_put(&b->kinds, al_arena_strdup(b->m->arena, fqn), memo);
    AlKind kind;
    ClassState *cs = al_policy_catalog_find(b->m->policy, fqn) ? NULL : al_classes_get(b, fqn);
    if (!cs) {
        kind = external_kind(b, fqn, heuristic, forbidden);
    } else {
        /* A project class takes the kind of the first base, in MRO order, that
         * has a real kind; none gives `other`. */
        al_classes_mro(b, cs);
        kind = AL_KIND_OTHER;
        for (size_t i = 1; i < cs->info.n_mro; i++) {
            const char *base = cs->info.mro[i];
            if (al_classes_get(b, base) && !al_policy_catalog_find(b->m->policy, base)) continue;
            bool h = false, f = false;
            AlKind k = external_kind(b, base, &h, &f);
            if (real_kind(k)) {
                kind = k;
                *heuristic = h;
                *forbidden = f;
                break;
            }
        }
        cs->info.kind = kind;
        cs->info.kind_heuristic = *heuristic;
    }
    memo->kind = kind;
    memo->heuristic = *heuristic;
    memo->forbidden = *forbidden;
    memo->busy = false;
    return kind;
}
