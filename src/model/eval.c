/* Evaluation of authentication_classes expressions (SPEC 3.3, 9.4, 9.5, 9.7,
 * 9.9-9.11): literals, constants (also imported), Other.authentication_classes,
 * api_settings.DEFAULT_AUTHENTICATION_CLASSES, `+`, list()/tuple(), starred
 * elements and if/try alternatives. Anything else is unresolved, never
 * guessed. Also finds the settings default. */
#include <ctype.h>
#include <string.h>

#include "model/internal.h"

#define MAX_DEPTH 24

static const char *last_segment(const char *fqn)
{
    const char *dot = strrchr(fqn, '.');
    return dot ? dot + 1 : fqn;
}

AlDecl *al_eval_new_decl(Builder *b, AlDeclKind kind, const AlFile *file, AlSpan site, const char *owner,
                         const AlExpr *expr)
{
    AlDecl *d = al_arena_alloc(b->m->arena, sizeof(AlDecl));
    d->kind = kind;
    d->file = file;
    d->site = site;
    d->owner = owner;
    d->expr = expr;
    al_vec_push(&b->decls, d);
    return d;
}

static AlValue unresolved(Builder *b, const char *fmt, const char *what)
{
    AlValue v = {0};
    v.resolved = false;
    v.why = al_arena_printf(b->m->arena, fmt, what);
    return v;
}

static AlAuthRef make_ref(Builder *b, const AlFile *file, const AlExpr *e, const char *fqn)
{
    AlAuthRef r = {0};
    r.fqn = fqn;
    r.written = e->text ? e->text : "";
    r.file = file;
    r.span = e->span;
    r.is_element = true;
    r.kind = al_classes_kind(b, fqn, &r.heuristic, &r.forbidden);
    return r;
}

/* An element written as a string "a.b.C" resolves like `from a.b import C`. */
static const char *resolve_dotted_string(Builder *b, const char *s)
{
    const char *dot = strrchr(s, '.');
    if (!dot) return s;
    AlArena *a = b->m->arena;
    char *mod = al_arena_strndup(a, s, (size_t)(dot - s));
    ModuleInfo *mi = al_names_module(b, mod);
    AlImport im = {.kind = AL_IMPORT_FROM, .module = mod, .name = dot + 1};
    const char *abs = mi ? mod : al_names_import_module(b, &(ModuleInfo){.name = ""}, &im);
    return al_names_canonical(b, al_arena_printf(a, "%s.%s", abs, dot + 1));
}

/* Appends each of `rights` to each of `lefts` (cartesian product), capped. */
static void product(Builder *b, ValueVec *lefts, const ValueVec *rights)
{
    ValueVec out = {0};
    for (size_t i = 0; i < lefts->len; i++) {
        for (size_t j = 0; j < rights->len && out.len < AL_MAX_ALTERNATIVES; j++) {
            const AlValue *l = &lefts->items[i], *r = &rights->items[j];
            AlValue v = {0};
            v.resolved = l->resolved && r->resolved;
            v.why = !l->resolved ? l->why : r->why;
            v.branch_file = l->branch_line ? l->branch_file : r->branch_file;
            v.branch_line = l->branch_line ? l->branch_line : r->branch_line;
            if (v.resolved) {
                v.n_refs = l->n_refs + r->n_refs;
                v.refs = al_arena_alloc(b->m->arena, (v.n_refs ? v.n_refs : 1) * sizeof(AlAuthRef));
                if (l->n_refs) memcpy(v.refs, l->refs, l->n_refs * sizeof(AlAuthRef));
                if (r->n_refs) memcpy(v.refs + l->n_refs, r->refs, r->n_refs * sizeof(AlAuthRef));
            }
            al_vec_push(&out, v);
        }
    }
    al_vec_free(lefts);
    *lefts = out;
}

static void eval_constant(Builder *b, ModuleInfo *mi, const char *name, const char *fqn, ValueVec *out, int depth);

static void eval_element(Builder *b, const AlFile *file, const AlExpr *e, ValueVec *out, int depth)
{
    AlValue v = {.resolved = true};
    v.refs = al_arena_alloc(b->m->arena, sizeof(AlAuthRef));
    v.n_refs = 1;
    if (e->kind == AL_EXPR_NAME) {
        const char *choices[8];
        size_t n_choices = al_names_resolve_alts(b, file, e->text, choices, 8);
        if (n_choices > 1) {
            /* Imported in try/except ImportError: each import is an
             * alternative value of the element. */
            for (size_t i = 0; i < n_choices; i++) {
                AlValue alt = {.resolved = true, .n_refs = 1};
                alt.refs = al_arena_alloc(b->m->arena, sizeof(AlAuthRef));
                alt.refs[0] = make_ref(b, file, e, choices[i]);
                al_vec_push(out, alt);
            }
            return;
        }
        const char *fqn = al_names_resolve(b, file, e->text);
        const char *cname;
        if (fqn && al_names_constant_owner(b, fqn, &cname) && !al_classes_get(b, fqn)) {
            /* SPEC 9.10: a name bound to a non-literal (or to a value rather
             * than a class) inside a literal is an unknown element. */
            v.refs[0] = make_ref(b, file, e, fqn);
            v.refs[0].kind = AL_KIND_UNKNOWN;
            v.refs[0].heuristic = false;
            v.refs[0].forbidden = false;
        } else {
            v.refs[0] = make_ref(b, file, e, fqn ? fqn : e->text);
            if (!fqn) { /* not bound anywhere: a builtin or a typo */
                v.refs[0].kind = AL_KIND_UNKNOWN;
                v.refs[0].heuristic = false;
                v.refs[0].forbidden = false;
            }
        }
    } else if (e->kind == AL_EXPR_STRING) {
        v.refs[0] = make_ref(b, file, e, resolve_dotted_string(b, e->text));
    } else if (e->kind == AL_EXPR_STARRED && e->n_items == 1) {
        al_eval_expr(b, file, e->items[0], out, depth + 1);
        return;
    } else {
        AlAuthRef r = {0};
        r.fqn = "<expression>";
        r.written = "<expression>";
        r.kind = AL_KIND_UNKNOWN;
        r.file = file;
        r.span = e->span;
        v.refs[0] = r;
    }
    al_vec_push(out, v);
}

static void eval_sequence(Builder *b, const AlFile *file, const AlExpr *e, ValueVec *out, int depth)
{
    /* Elements first: when each has one value (the usual case) the refs are
     * concatenated once; a product per element would copy the growing list
     * n times (quadratic on a literal of 20,000 names). */
    ValueVec *parts = al_xcalloc(e->n_items ? e->n_items : 1, sizeof *parts);
    bool single = true;
    size_t n_refs = 0;
    for (uint32_t i = 0; i < e->n_items; i++) {
        eval_element(b, file, e->items[i], &parts[i], depth);
        if (parts[i].len != 1) single = false;
        else n_refs += parts[i].items[0].n_refs;
    }
    if (single) {
        AlValue v = {.resolved = true};
        v.refs = al_arena_alloc(b->m->arena, (n_refs ? n_refs : 1) * sizeof(AlAuthRef));
        for (uint32_t i = 0; i < e->n_items; i++) {
            const AlValue *p = &parts[i].items[0];
            if (!p->resolved && v.resolved) {
                v.resolved = false;
                v.why = p->why;
            }
            if (p->branch_line && !v.branch_line) {
                v.branch_file = p->branch_file;
                v.branch_line = p->branch_line;
            }
            if (p->n_refs) memcpy(v.refs + v.n_refs, p->refs, p->n_refs * sizeof(AlAuthRef));
            v.n_refs += p->n_refs;
        }
        if (!v.resolved) v.n_refs = 0;
        al_vec_push(out, v);
    } else {
        ValueVec acc = {0};
        al_vec_push(&acc, ((AlValue){.resolved = true}));
        for (uint32_t i = 0; i < e->n_items; i++) product(b, &acc, &parts[i]);
        for (size_t i = 0; i < acc.len; i++) al_vec_push(out, acc.items[i]);
        al_vec_free(&acc);
    }
    for (uint32_t i = 0; i < e->n_items; i++) al_vec_free(&parts[i]);
    free(parts);
}

static void settings_values(Builder *b, const AlFile *file, ValueVec *out)
{
    AlDecl *s = al_eval_settings(b, file);
    if (!s) s = b->m->drf_default_decl;
    for (size_t i = 0; i < s->n_values; i++) al_vec_push(out, s->values[i]);
}

void al_eval_expr(Builder *b, const AlFile *file, const AlExpr *e, ValueVec *out, int depth)
{
    if (!e) {
        al_vec_push(out, unresolved(b, "%s", "no value"));
        return;
    }
    if (depth > MAX_DEPTH) {
        al_vec_push(out, unresolved(b, "%s", "expression nested too deeply"));
        return;
    }
    switch (e->kind) {
    case AL_EXPR_SEQ:
        eval_sequence(b, file, e, out, depth);
        return;
    case AL_EXPR_CONCAT: {
        ValueVec l = {0}, r = {0};
        al_eval_expr(b, file, e->items[0], &l, depth + 1);
        al_eval_expr(b, file, e->items[1], &r, depth + 1);
        product(b, &l, &r);
        for (size_t i = 0; i < l.len; i++) al_vec_push(out, l.items[i]);
        al_vec_free(&l);
        al_vec_free(&r);
        return;
    }
    case AL_EXPR_CALL:
        if ((strcmp(e->text, "list") == 0 || strcmp(e->text, "tuple") == 0) && e->n_items == 1 && e->n_kw == 0) {
            al_eval_expr(b, file, e->items[0], out, depth + 1);
            return;
        }
        al_vec_push(out, unresolved(b, "call to %s() cannot be evaluated statically", e->text[0] ? e->text : "a function"));
        return;
    case AL_EXPR_NAME: {
        size_t n = strlen(e->text);
        static const char attr[] = ".authentication_classes";
        size_t an = sizeof attr - 1;
        if (n > an && strcmp(e->text + n - an, attr) == 0) {
            /* SPEC 9.9: Other.authentication_classes */
            const char *owner = al_names_resolve(b, file, al_arena_strndup(b->m->arena, e->text, n - an));
            ClassState *cs = al_classes_get(b, owner);
            if (!cs) {
                al_vec_push(out, unresolved(b, "%s is not a project class", e->text));
                return;
            }
            size_t nd = 0;
            const char *from = NULL;
            const AlAlt *alts = al_eval_class_declared(b, cs, &nd, &from);
            if (nd) {
                for (size_t i = 0; i < nd && out->len < AL_MAX_ALTERNATIVES; i++) al_vec_push(out, *alts[i].value);
                return;
            }
            al_classes_mro(b, cs);
            if (cs->info.is_view) {
                settings_values(b, file, out);
                return;
            }
            al_vec_push(out, unresolved(b, "%s is declared nowhere", e->text));
            return;
        }
        const char *fqn = al_names_resolve(b, file, e->text);
        if (fqn && strcmp(fqn, "rest_framework.settings.api_settings.DEFAULT_AUTHENTICATION_CLASSES") == 0) {
            settings_values(b, file, out);
            return;
        }
        const char *cname;
        ModuleInfo *mi = fqn ? al_names_constant_owner(b, fqn, &cname) : NULL;
        if (mi) {
            eval_constant(b, mi, cname, fqn, out, depth + 1);
            return;
        }
        al_vec_push(out, unresolved(b, "%s is not a literal constant", e->text));
        return;
    }
    case AL_EXPR_STRING:
        al_vec_push(out, unresolved(b, "%s", "a string is not a sequence of classes"));
        return;
    default:
        al_vec_push(out, unresolved(b, "%s", "expression form cannot be evaluated statically"));
        return;
    }
}

/* SPEC 9.5: the assignments that may give a name its final value in a block.
 * An assignment replaces what came before; in an if/elif/else or try/except
 * group only the arms that assign contribute (an arm without an assignment,
 * or an if without else, adds no alternative of its own); `except
 * ImportError: X = None` is no alternative; finally runs last. */
/* True when `a, b = ...` (target text "a, b") binds name. */
static bool unpack_binds(const AlStmt *s, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = s->target; p && (p = strstr(p, name)); p += len) {
        bool start = p == s->target || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.');
        bool end = !(isalnum((unsigned char)p[len]) || p[len] == '_' || p[len] == '.');
        if (start && end) return true;
    }
    return false;
}

void al_eval_final_assigns(AlStmt *const *stmts, uint32_t n, const char *name, StmtPtrVec *out)
{
    for (uint32_t i = 0; i < n; i++) {
        const AlStmt *s = stmts[i];
        if (((s->kind == AL_STMT_ASSIGN || s->kind == AL_STMT_AUGASSIGN) && s->target &&
             strcmp(s->target, name) == 0) ||
            (s->kind == AL_STMT_UNPACK && unpack_binds(s, name))) {
            out->len = 0;
            al_vec_push(out, s);
        } else if (s->kind == AL_STMT_BRANCH) {
            StmtPtrVec group = {0};
            const AlArm *fin = NULL;
            for (uint32_t a = 0; a < s->n_arms; a++) {
                const AlArm *arm = &s->arms[a];
                if (arm->is_finally) {
                    fin = arm;
                    continue;
                }
                StmtPtrVec sub = {0};
                al_eval_final_assigns(arm->stmts, arm->n_stmts, name, &sub);
                for (size_t k = 0; k < sub.len; k++) {
                    const AlStmt *x = sub.items[k];
                    if (arm->is_except && x->value && x->value->kind == AL_EXPR_NONE) continue;
                    if (group.len < AL_MAX_ALTERNATIVES) al_vec_push(&group, x);
                }
                al_vec_free(&sub);
            }
            if (group.len) {
                out->len = 0;
                for (size_t k = 0; k < group.len; k++) al_vec_push(out, group.items[k]);
            }
            al_vec_free(&group);
            if (fin) {
                StmtPtrVec sub = {0};
                al_eval_final_assigns(fin->stmts, fin->n_stmts, name, &sub);
                if (sub.len) {
                    out->len = 0;
                    for (size_t k = 0; k < sub.len; k++) al_vec_push(out, sub.items[k]);
                }
                al_vec_free(&sub);
            }
        }
    }
}

/* Values of one assignment, tagged with its line when it is one of several. */
static void eval_assignments(Builder *b, const AlFile *file, const StmtPtrVec *assigns, ValueVec *out, int depth)
{
    for (size_t i = 0; i < assigns->len && out->len < AL_MAX_ALTERNATIVES; i++) {
        const AlStmt *s = assigns->items[i];
        size_t before = out->len;
        if (s->kind == AL_STMT_AUGASSIGN)
            al_vec_push(out, unresolved(b, "%s", "augmented assignment (+=) cannot be evaluated statically"));
        else if (s->kind == AL_STMT_UNPACK)
            al_vec_push(out, unresolved(b, "%s", "tuple unpacking cannot be evaluated statically"));
        else
            al_eval_expr(b, file, s->value, out, depth + 1);
        if (assigns->len > 1)
            for (size_t k = before; k < out->len; k++) {
                out->items[k].branch_file = file;
                out->items[k].branch_line = s->span.line;
            }
    }
}

static void eval_constant(Builder *b, ModuleInfo *mi, const char *name, const char *fqn, ValueVec *out, int depth)
{
    if (depth > MAX_DEPTH || al_map_get(&b->constants_busy, fqn)) {
        al_vec_push(out, unresolved(b, "%s refers to itself", name));
        return;
    }
    const AlFacts *fa = mi->file->facts;
    StmtPtrVec assigns = {0};
    if (fa) al_eval_final_assigns(fa->body, fa->n_body, name, &assigns);
    if (!assigns.len) {
        al_vec_push(out, unresolved(b, "%s has no module-level value", name));
        return;
    }
    al_map_put(&b->constants_busy, fqn, (void *)1);
    eval_assignments(b, mi->file, &assigns, out, depth);
    al_map_put(&b->constants_busy, fqn, NULL);
    al_vec_free(&assigns);
}

/* Fills d->values from an expression. */
static void decl_set_values(Builder *b, AlDecl *d, const AlFile *file, const AlExpr *e)
{
    ValueVec vals = {0};
    al_eval_expr(b, file, e, &vals, 0);
    d->values = al_arena_alloc(b->m->arena, vals.len * sizeof(AlValue));
    memcpy(d->values, vals.items, vals.len * sizeof(AlValue));
    d->n_values = vals.len;
    al_vec_free(&vals);
}

/* A declaration whose value is a list of catalog FQNs (decorator table, DRF
 * default), written at `file`/`span` (NULL file: nowhere in the project). */
static void decl_set_fqns(Builder *b, AlDecl *d, const char *const *fqns, size_t n, const AlFile *file, AlSpan span)
{
    d->values = al_arena_alloc(b->m->arena, sizeof(AlValue));
    d->n_values = 1;
    AlValue *v = &d->values[0];
    v->resolved = true;
    v->refs = al_arena_alloc(b->m->arena, (n ? n : 1) * sizeof(AlAuthRef));
    v->n_refs = n;
    for (size_t i = 0; i < n; i++) {
        AlAuthRef *r = &v->refs[i];
        r->fqn = fqns[i];
        r->written = last_segment(fqns[i]);
        r->is_element = true;
        r->file = file;
        r->span = span;
        r->kind = al_classes_kind(b, fqns[i], &r->heuristic, &r->forbidden);
    }
}

/* ---- settings (SPEC 3.3, 9.11) ----------------------------------------- */

typedef struct SettingsScan {
    const AlStmt *key_stmt;  /* statement that set the key last */
    const AlExpr *value;
    AlSpan key_span;
} SettingsScan;

static const char SETTINGS_KEY[] = "DEFAULT_AUTHENTICATION_CLASSES";

static bool dict_key(const AlExpr *dict, const AlExpr **value, AlSpan *key_span, bool *spread)
{
    bool found = false;
    *spread = false;
    for (uint32_t i = 0; i < dict->n_items; i++) {
        const AlExpr *k = dict->keys ? dict->keys[i] : NULL;
        if (!k) {
            *spread = true;
            continue;
        }
        if (k->kind == AL_EXPR_STRING && strcmp(k->text, SETTINGS_KEY) == 0) {
            *value = dict->items[i];
            *key_span = k->span;
            found = true;
        }
    }
    return found;
}

/* Walks module-level statements in source order (branches flattened), and
 * records every settings declaration; returns the last state. */
static void scan_settings(Builder *b, const AlFile *f, AlStmt *const *stmts, uint32_t n, SettingsScan *st,
                          DeclVec *found)
{
    for (uint32_t i = 0; i < n; i++) {
        const AlStmt *s = stmts[i];
        if (s->kind == AL_STMT_BRANCH) {
            for (uint32_t a = 0; a < s->n_arms; a++)
                scan_settings(b, f, s->arms[a].stmts, s->arms[a].n_stmts, st, found);
            continue;
        }
        if (!s->target || strcmp(s->target, "REST_FRAMEWORK") != 0) continue;
        const AlExpr *value = NULL;
        AlSpan key_span = {0};
        bool spread = false, hit = false;
        if (s->kind == AL_STMT_ASSIGN && s->value && s->value->kind == AL_EXPR_DICT) {
            hit = dict_key(s->value, &value, &key_span, &spread);
            if (!hit && !spread) st->value = NULL; /* a new dict without the key resets it */
        } else if (s->kind == AL_STMT_SUBSCRIPT && s->key_text && strcmp(s->key_text, SETTINGS_KEY) == 0) {
            value = s->value;
            key_span = s->key_span;
            hit = true;
        } else if (s->kind == AL_STMT_CALL && s->key_text && strcmp(s->key_text, "update") == 0 && s->value &&
                   s->value->n_items == 1 && s->value->items[0]->kind == AL_EXPR_DICT) {
            hit = dict_key(s->value->items[0], &value, &key_span, &spread);
        }
        if (!hit) continue;
        st->key_stmt = s;
        st->value = value;
        st->key_span = key_span;
        AlDecl *d = al_eval_new_decl(b, AL_DECL_SETTINGS, f, key_span, f->module, value);
        decl_set_values(b, d, f, value);
        al_vec_push(found, d);
    }
}

static bool same_value(const AlDecl *a, const AlDecl *b)
{
    if (a->n_values != b->n_values) return false;
    for (size_t i = 0; i < a->n_values; i++) {
        const AlValue *x = &a->values[i], *y = &b->values[i];
        if (x->resolved != y->resolved || x->n_refs != y->n_refs) return false;
        for (size_t k = 0; k < x->n_refs; k++)
            if (strcmp(x->refs[k].fqn, y->refs[k].fqn) != 0) return false;
    }
    return true;
}

static bool settings_named(const AlPolicy *p, const AlFile *f)
{
    for (size_t i = 0; i < p->n_settings; i++) {
        const char *s = p->settings[i];
        if (strcmp(s, f->relpath) == 0 || (f->module && strcmp(s, f->module) == 0)) return true;
    }
    return false;
}

static const char *import_root(const AlFile *f)
{
    return f && f->import_root ? f->import_root : "";
}

AlDecl *al_eval_settings(Builder *b, const AlFile *file)
{
    AlModel *m = b->m;
    const char *root = import_root(file);
    if (al_map_has(&b->settings_state, root)) return al_map_get(&m->settings, root); /* found, or being searched */
    al_map_put(&b->settings_state, root, (void *)root);
    AlDecl *chosen = NULL, *named = NULL;
    DeclVec finals = {0};
    for (size_t i = 0; i < m->n_files; i++) {
        const AlFile *f = &m->files[i];
        if (!f->facts || !f->module || strcmp(import_root(f), root) != 0) continue;
        SettingsScan st = {0};
        DeclVec found = {0};
        scan_settings(b, f, f->facts->body, f->facts->n_body, &st, &found);
        if (st.value && found.len) {
            AlDecl *last = found.items[found.len - 1];
            al_vec_push(&finals, last);
            if (!named && settings_named(m->policy, f)) named = last;
        }
        al_vec_free(&found);
    }
    /* Files are sorted by relpath: the first is the SPEC's "first by path". */
    chosen = named ? named : (finals.len ? finals.items[0] : NULL);
    AL_VEC(const char *) notes = {0};
    for (size_t i = 0; i < m->n_notes; i++) al_vec_push(&notes, m->notes[i]);
    for (size_t i = 0; i < finals.len && !named; i++) {
        AlDecl *d = finals.items[i];
        if (d != chosen && !same_value(d, chosen))
            al_vec_push(&notes, al_arena_printf(m->arena,
                                                "settings default taken from %s; %s declares a different "
                                                "DEFAULT_AUTHENTICATION_CLASSES (name the one to use with "
                                                "\"settings\" in .authlint.json)",
                                                chosen->file->relpath, d->file->relpath));
    }
    if (notes.len) {
        m->notes = al_arena_alloc(m->arena, notes.len * sizeof(char *));
        memcpy(m->notes, notes.items, notes.len * sizeof(char *));
        m->n_notes = notes.len;
    }
    al_vec_free(&notes);
    al_vec_free(&finals);
    if (chosen) al_map_put(&m->settings, root, chosen);
    return chosen;
}

/* ---- class declarations ------------------------------------------------ */

/* Table or project decorator that sets the classes; NULL when it does not. */
static AlDecl *decorator_decl(Builder *b, const AlFile *file, const AlDecorator *dec, const char *owner, int depth);

static AlDecl *function_assign_decl(Builder *b, FunctionInfo *fi)
{
    if (fi->assign_decl || fi->fn->n_auth_assigns == 0) return fi->assign_decl;
    /* The last literal assignment in the decorator factory's body. */
    const AlStmt *s = fi->fn->auth_assigns[fi->fn->n_auth_assigns - 1];
    AlDecl *d = al_eval_new_decl(b, AL_DECL_DECORATOR, fi->file, s->target_span, fi->fqn, s->value);
    decl_set_values(b, d, fi->file, s->value);
    fi->assign_decl = d;
    return d;
}

static AlDecl *decorator_by_fqn(Builder *b, const char *fqn, const AlFile *use_file, AlSpan use_span,
                                const char *owner, int depth)
{
    if (depth > 8 || !fqn) return NULL;
    FunctionInfo *fi = al_map_get(&b->functions, fqn);
    if (fi) {
        AlDecl *d = function_assign_decl(b, fi);
        if (d) return d;
        /* A project decorator that returns another table decorator's call
         * (edx-platform's mobile_view returns view_auth_classes(...)). */
        const AlExpr *ret = fi->fn->returned_call;
        if (ret && ret->text && ret->text[0]) {
            const char *inner = al_names_resolve(b, fi->file, ret->text);
            AlDecl *di = decorator_by_fqn(b, inner, fi->file, ret->span, owner, depth + 1);
            if (di) return di;
        }
    }
    const AlDecoratorEntry *entry = al_policy_decorator_find(b->m->policy, fqn);
    if (!entry) return NULL;
    AlDecl *d = al_eval_new_decl(b, AL_DECL_DECORATOR, use_file, use_span, owner, NULL);
    decl_set_fqns(b, d, entry->classes, entry->n_classes, use_file, use_span);
    return d;
}

static AlDecl *decorator_decl(Builder *b, const AlFile *file, const AlDecorator *dec, const char *owner, int depth)
{
    const AlExpr *e = dec->expr;
    const char *callee = e->kind == AL_EXPR_NAME ? e->text : e->kind == AL_EXPR_CALL ? e->text : NULL;
    if (!callee || !callee[0]) return NULL;
    const char *fqn = al_names_resolve(b, file, callee);
    if (!fqn) return NULL;
    return decorator_by_fqn(b, fqn, file, dec->span, owner, depth);
}

/* Declarations written in a class body, all of them (SPEC 9.7). */
static void collect_body_decls(Builder *b, ClassState *cs, AlStmt *const *stmts, uint32_t n, DeclVec *all)
{
    for (uint32_t i = 0; i < n; i++) {
        const AlStmt *s = stmts[i];
        if (s->kind == AL_STMT_BRANCH) {
            for (uint32_t a = 0; a < s->n_arms; a++)
                collect_body_decls(b, cs, s->arms[a].stmts, s->arms[a].n_stmts, all);
        } else if (((s->kind == AL_STMT_ASSIGN || s->kind == AL_STMT_AUGASSIGN) && s->target &&
                    strcmp(s->target, "authentication_classes") == 0) ||
                   (s->kind == AL_STMT_UNPACK && unpack_binds(s, "authentication_classes"))) {
            AlDecl *d = al_eval_new_decl(b, AL_DECL_CLASS_ATTR, cs->info.file, s->target_span, cs->info.fqn,
                                         s->kind == AL_STMT_ASSIGN ? s->value : NULL);
            if (s->kind != AL_STMT_ASSIGN) {
                d->values = al_arena_alloc(b->m->arena, sizeof(AlValue));
                d->n_values = 1;
                d->values[0] = unresolved(b, "%s",
                                          s->kind == AL_STMT_UNPACK
                                              ? "tuple unpacking cannot be evaluated statically"
                                              : "augmented assignment (+=) cannot be evaluated statically");
            } else {
                decl_set_values(b, d, cs->info.file, s->value);
            }
            al_vec_push(all, d);
        }
    }
}

static AlDecl *find_decl_for_stmt(DeclVec *all, const AlStmt *s)
{
    for (size_t i = 0; i < all->len; i++)
        if (all->items[i]->site.start_byte == s->target_span.start_byte) return all->items[i];
    return NULL;
}

/* Own declaration of a class: a setting decorator (applied after the body,
 * so it wins), else the final body assignment(s). */
static void class_own(Builder *b, ClassState *cs)
{
    if (cs->decl_state == 2) return;
    cs->decl_state = 2;
    const AlClass *c = cs->info.cls;
    DeclVec all = {0};
    collect_body_decls(b, cs, c->body, c->n_body, &all);
    if (all.len) {
        cs->info.own_decls = al_arena_alloc(b->m->arena, all.len * sizeof(AlDecl *));
        memcpy(cs->info.own_decls, all.items, all.len * sizeof(AlDecl *));
        cs->info.n_own_decls = all.len;
    }
    AL_VEC(AlAlt) alts = {0};
    /* Decorators apply bottom-up; the outermost (first written) wins. */
    for (uint32_t i = 0; i < c->n_decorators && !cs->decorator_decl; i++)
        cs->decorator_decl = decorator_decl(b, cs->info.file, &c->decorators[i], cs->info.fqn, 0);
    if (cs->decorator_decl) {
        for (size_t k = 0; k < cs->decorator_decl->n_values; k++)
            al_vec_push(&alts, ((AlAlt){cs->decorator_decl, &cs->decorator_decl->values[k]}));
    } else {
        StmtPtrVec finals = {0};
        al_eval_final_assigns(c->body, c->n_body, "authentication_classes", &finals);
        for (size_t i = 0; i < finals.len; i++) {
            AlDecl *d = find_decl_for_stmt(&all, finals.items[i]);
            if (!d) continue;
            for (size_t k = 0; k < d->n_values && alts.len < AL_MAX_ALTERNATIVES; k++) {
                /* One branch of several: messages name its line (SPEC 4). */
                if (finals.len > 1 && !d->values[k].branch_line) {
                    d->values[k].branch_file = d->file;
                    d->values[k].branch_line = d->site.line;
                }
                al_vec_push(&alts, ((AlAlt){d, &d->values[k]}));
            }
        }
        al_vec_free(&finals);
    }
    if (alts.len) {
        cs->declared = al_arena_alloc(b->m->arena, alts.len * sizeof(AlAlt));
        memcpy(cs->declared, alts.items, alts.len * sizeof(AlAlt));
        cs->n_declared = alts.len;
    }
    al_vec_free(&alts);
    al_vec_free(&all);
}

const AlAlt *al_eval_class_declared(Builder *b, ClassState *cs, size_t *n, const char **from)
{
    al_classes_mro(b, cs);
    for (size_t i = 0; i < cs->info.n_mro; i++) {
        ClassState *k = al_classes_get(b, cs->info.mro[i]);
        /* DRF's APIView (and every generic view and viewset built on it)
         * defines authentication_classes as the settings default, so it hides
         * a mixin that comes after it in the MRO. ViewSetMixin defines
         * nothing and hides nothing. */
        if (!k && al_policy_is_view_base(b->m->policy, cs->info.mro[i]) &&
            strcmp(cs->info.mro[i], "rest_framework.viewsets.ViewSetMixin") != 0)
            break;
        if (!k || al_policy_catalog_find(b->m->policy, cs->info.mro[i])) continue;
        if (k->decl_state == 1) continue; /* evaluating itself: cycle */
        if (k->decl_state == 0) {
            k->decl_state = 1;
            class_own(b, k);
        }
        if (k->n_declared) {
            *n = k->n_declared;
            *from = k->info.fqn;
            return k->declared;
        }
    }
    *n = 0;
    *from = NULL;
    return NULL;
}

/* Declarations of every class (used or not) and decorator factory. */
void al_eval_all_class_decls(Builder *b)
{
    for (size_t i = 0; i < b->class_state.len; i++) {
        ClassState *cs = b->class_state.entries[i].value;
        if (cs->decl_state == 0) {
            cs->decl_state = 1;
            class_own(b, cs);
        }
    }
    for (size_t i = 0; i < b->functions.len; i++) function_assign_decl(b, b->functions.entries[i].value);
}

AlDecl *al_eval_decorator_decl(Builder *b, const AlFile *file, const AlDecorator *dec, const char *owner)
{
    return decorator_decl(b, file, dec, owner, 0);
}

AlDecl *al_eval_expr_decl(Builder *b, AlDeclKind kind, const AlFile *file, AlSpan site, const char *owner,
                          const AlExpr *e)
{
    AlDecl *d = al_eval_new_decl(b, kind, file, site, owner, e);
    decl_set_values(b, d, file, e);
    return d;
}

AlDecl *al_eval_fqn_decl(Builder *b, AlDeclKind kind, const char *const *fqns, size_t n)
{
    AlDecl *d = al_arena_alloc(b->m->arena, sizeof(AlDecl));
    d->kind = kind;
    d->owner = "rest_framework.settings";
    decl_set_fqns(b, d, fqns, n, NULL, (AlSpan){0});
    return d;
}
