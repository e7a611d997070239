/* Extraction: walks a tree-sitter-python tree and records the facts of
 * facts.h. Only module-level and class-level statements matter to DRF
 * authentication (class attributes, module constants, settings, imports), so
 * function bodies are skipped except for the few shapes decorators use.
 * Recursion is bounded (AL_MAX_DEPTH) so deeply nested input cannot exhaust
 * the stack; what lies deeper is simply not recorded. */
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "parse/parse.h"
#include "parse/skim.h"
#include "util/buf.h"
#include "util/vec.h"

const TSLanguage *tree_sitter_python(void);

#define AL_MAX_DEPTH 200

struct AlParser {
    TSParser *ts;
    bool keep_bodies;   /* parse method bodies too (tests compare both) */
    uint64_t budget_us; /* time budget of a skimmed parse; 0: by size */
};

typedef AL_VEC(AlStmt *) StmtVec;
typedef AL_VEC(AlImport) ImportVec;
typedef AL_VEC(AlClass) ClassVec;
typedef AL_VEC(AlFunction) FuncVec;
typedef AL_VEC(AlComment) CommentVec;
typedef AL_VEC(AlExpr *) ExprVec;
typedef AL_VEC(AlDecorator) DecoVec;

typedef struct Ctx {
    const char *src;
    size_t len;
    AlArena *arena;
    ImportVec imports;
    ClassVec classes;
    FuncVec functions;
    bool in_try, in_except;
    AlArena *scratch; /* per-parse temporaries (child lists), freed after it */
} Ctx;

/* The children (or named children) of n as an array in c->scratch. Walking
 * with ts_node_child(n, i) costs O(i) per call in tree-sitter 0.20, so loops
 * over a module with 20,000 statements were quadratic; a cursor is O(1) a
 * step. */
static TSNode *kids(Ctx *c, TSNode n, bool named, uint32_t *count)
{
    uint32_t total = named ? ts_node_named_child_count(n) : ts_node_child_count(n);
    TSNode *out = al_arena_alloc(c->scratch, (total ? total : 1) * sizeof *out);
    uint32_t k = 0;
    TSTreeCursor cur = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&cur)) {
        do {
            TSNode ch = ts_tree_cursor_current_node(&cur);
            if ((!named || ts_node_is_named(ch)) && k < total) out[k++] = ch;
        } while (ts_tree_cursor_goto_next_sibling(&cur));
    }
    ts_tree_cursor_delete(&cur);
    *count = k;
    return out;
}

/* ---- small helpers ---------------------------------------------------- */

static AlSpan span_of(TSNode n)
{
    TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
    return (AlSpan){s.row + 1, s.column + 1, e.row + 1, e.column + 1, ts_node_start_byte(n),
                    ts_node_end_byte(n)};
}

/* The first token of a compound statement or clause (`if`, `elif`, `try`,
 * `except`...): its extent does not depend on the bodies (skim.h). */
static AlSpan keyword_span(TSNode n)
{
    return span_of(ts_node_child_count(n) ? ts_node_child(n, 0) : n);
}

static bool is(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

static char *text_of(Ctx *c, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > c->len) e = (uint32_t)c->len;
    if (s > e) s = e;
    return al_arena_strndup(c->arena, c->src + s, e - s);
}

static TSNode field(TSNode n, const char *name)
{
    return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

/* Copies a vector's items into the arena and frees the vector. */
static void *arena_copy(Ctx *c, void *items, size_t len, size_t size)
{
    void *p = NULL;
    if (len) {
        p = al_arena_alloc(c->arena, len * size);
        memcpy(p, items, len * size);
    }
    free(items);
    return p;
}
#define FREEZE(c, vec, out, nout)                                                  \
    do {                                                                           \
        (out) = arena_copy((c), (vec).items, (vec).len, sizeof(*(vec).items));     \
        (nout) = (uint32_t)(vec).len;                                              \
    } while (0)

/* ---- expressions ------------------------------------------------------- */

static AlExpr *conv(Ctx *c, TSNode n, int depth);

static AlExpr *new_expr(Ctx *c, AlExprKind kind, TSNode n)
{
    AlExpr *e = al_arena_alloc(c->arena, sizeof(AlExpr));
    e->kind = kind;
    e->span = span_of(n);
    return e;
}

/* Value of a plain string node, or NULL for f-strings with interpolation. */
static char *string_value(Ctx *c, TSNode n)
{
    AlBuf b = AL_BUF_INIT;
    uint32_t count;
    TSNode *kid = kids(c, n, false, &count);
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = kid[i];
        if (is(ch, "interpolation")) {
            al_buf_release(&b);
            return NULL;
        }
        if (is(ch, "string_content")) {
            uint32_t s = ts_node_start_byte(ch), e = ts_node_end_byte(ch);
            if (e <= c->len && s <= e) al_buf_add(&b, c->src + s, e - s);
        }
        if (is(ch, "string")) { /* concatenated_string part */
            char *part = string_value(c, ch);
            if (!part) {
                al_buf_release(&b);
                return NULL;
            }
            al_buf_adds(&b, part);
        }
    }
    char *r = al_arena_strndup(c->arena, al_buf_cstr(&b), b.len);
    al_buf_release(&b);
    return r;
}

static void conv_sequence(Ctx *c, AlExpr *e, TSNode n, int depth)
{
    ExprVec items = {0};
    uint32_t count;
    TSNode *kid = kids(c, n, false, &count);
    TSNode last_sig = {0};
    bool have_last = false;
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = kid[i];
        const char *t = ts_node_type(ch);
        if (strcmp(t, "comment") == 0) continue;
        if (!ts_node_is_named(ch)) {
            if (strcmp(t, ",") == 0) {
                last_sig = ch;
                have_last = true;
            } else if (strcmp(t, ")") == 0 || strcmp(t, "]") == 0) {
                e->trailing_comma = have_last && is(last_sig, ",");
            }
            continue;
        }
        last_sig = ch;
        have_last = true;
        al_vec_push(&items, conv(c, ch, depth + 1));
    }
    if (!e->parenthesized && !e->is_list) e->trailing_comma = have_last && is(last_sig, ",");
    FREEZE(c, items, e->items, e->n_items);
    e->multiline = e->span.end_line > e->span.line;
}

static void conv_call(Ctx *c, AlExpr *e, TSNode n, int depth)
{
    AlExpr *fn = conv(c, field(n, "function"), depth + 1);
    e->text = fn->kind == AL_EXPR_NAME ? fn->text : "";
    TSNode args = field(n, "arguments");
    if (!is(args, "argument_list")) return;
    ExprVec pos = {0}, keys = {0}, vals = {0};
    uint32_t count;
    TSNode *kid = kids(c, args, true, &count);
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = kid[i];
        if (is(ch, "comment")) continue;
        if (is(ch, "keyword_argument")) {
            TSNode name = field(ch, "name");
            AlExpr *k = new_expr(c, AL_EXPR_STRING, ch);
            k->text = text_of(c, name);
            k->span = span_of(name);
            AlSpan vs = span_of(field(ch, "value"));
            (void)vs;
            al_vec_push(&keys, k);
            al_vec_push(&vals, conv(c, field(ch, "value"), depth + 1));
        } else if (is(ch, "dictionary_splat")) {
            continue;
        } else {
            al_vec_push(&pos, conv(c, ch, depth + 1));
        }
    }
    FREEZE(c, pos, e->items, e->n_items);
    uint32_t nk;
    FREEZE(c, keys, e->keys, nk);
    FREEZE(c, vals, e->kwvalues, e->n_kw);
    (void)nk;
}

static void conv_dict(Ctx *c, AlExpr *e, TSNode n, int depth)
{
    ExprVec keys = {0}, vals = {0};
    uint32_t count;
    TSNode *kid = kids(c, n, true, &count);
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = kid[i];
        if (is(ch, "pair")) {
            al_vec_push(&keys, conv(c, field(ch, "key"), depth + 1));
            al_vec_push(&vals, conv(c, field(ch, "value"), depth + 1));
        } else if (is(ch, "dictionary_splat")) {
            AlExpr *inner = ts_node_named_child_count(ch) ? conv(c, ts_node_named_child(ch, 0), depth + 1)
                                                          : new_expr(c, AL_EXPR_OTHER, ch);
            al_vec_push(&keys, (AlExpr *)NULL);
            al_vec_push(&vals, inner);
        }
    }
    uint32_t nk;
    FREEZE(c, keys, e->keys, nk);
    FREEZE(c, vals, e->items, e->n_items);
    (void)nk;
}

static AlExpr *conv(Ctx *c, TSNode n, int depth)
{
    if (ts_node_is_null(n)) {
        AlExpr *e = al_arena_alloc(c->arena, sizeof(AlExpr));
        e->kind = AL_EXPR_OTHER;
        return e;
    }
    const char *t = ts_node_type(n);
    if (depth > AL_MAX_DEPTH) return new_expr(c, AL_EXPR_OTHER, n);
    if (strcmp(t, "identifier") == 0) {
        AlExpr *e = new_expr(c, AL_EXPR_NAME, n);
        e->text = text_of(c, n);
        return e;
    }
    if (strcmp(t, "attribute") == 0) {
        AlExpr *obj = conv(c, field(n, "object"), depth + 1);
        TSNode attr = field(n, "attribute");
        AlExpr *e = new_expr(c, obj->kind == AL_EXPR_NAME ? AL_EXPR_NAME : AL_EXPR_OTHER, n);
        if (obj->kind == AL_EXPR_NAME && !ts_node_is_null(attr))
            e->text = al_arena_printf(c->arena, "%s.%s", obj->text, text_of(c, attr));
        return e;
    }
    if (strcmp(t, "string") == 0 || strcmp(t, "concatenated_string") == 0) {
        char *v = string_value(c, n);
        AlExpr *e = new_expr(c, v ? AL_EXPR_STRING : AL_EXPR_OTHER, n);
        e->text = v;
        return e;
    }
    if (strcmp(t, "tuple") == 0 || strcmp(t, "list") == 0 || strcmp(t, "expression_list") == 0) {
        AlExpr *e = new_expr(c, AL_EXPR_SEQ, n);
        e->is_list = t[0] == 'l' && t[1] == 'i';
        e->parenthesized = strcmp(t, "tuple") == 0;
        conv_sequence(c, e, n, depth);
        return e;
    }
    if (strcmp(t, "parenthesized_expression") == 0) {
        {
            uint32_t nk_;
            TSNode *kid = kids(c, n, true, &nk_);
            for (uint32_t i = 0; i < nk_; i++) {
                TSNode ch = kid[i];
                if (!is(ch, "comment")) return conv(c, ch, depth + 1);
            }
        }
        return new_expr(c, AL_EXPR_OTHER, n);
    }
    if (strcmp(t, "binary_operator") == 0) {
        TSNode op = field(n, "operator");
        if (!ts_node_is_null(op) && strcmp(ts_node_type(op), "+") == 0) {
            AlExpr *e = new_expr(c, AL_EXPR_CONCAT, n);
            e->items = al_arena_alloc(c->arena, 2 * sizeof(AlExpr *));
            e->items[0] = conv(c, field(n, "left"), depth + 1);
            e->items[1] = conv(c, field(n, "right"), depth + 1);
            e->n_items = 2;
            return e;
        }
        return new_expr(c, AL_EXPR_OTHER, n);
    }
    if (strcmp(t, "call") == 0) {
        AlExpr *e = new_expr(c, AL_EXPR_CALL, n);
        conv_call(c, e, n, depth);
        return e;
    }
    if (strcmp(t, "list_splat") == 0 || strcmp(t, "starred_expression") == 0) {
        AlExpr *e = new_expr(c, AL_EXPR_STARRED, n);
        e->items = al_arena_alloc(c->arena, sizeof(AlExpr *));
        TSNode inner = ts_node_named_child_count(n) ? ts_node_named_child(n, 0) : (TSNode){0};
        e->items[0] = conv(c, inner, depth + 1);
        e->n_items = 1;
        return e;
    }
    if (strcmp(t, "dictionary") == 0) {
        AlExpr *e = new_expr(c, AL_EXPR_DICT, n);
        conv_dict(c, e, n, depth);
        return e;
    }
    if (strcmp(t, "none") == 0) return new_expr(c, AL_EXPR_NONE, n);
    return new_expr(c, AL_EXPR_OTHER, n);
}

/* ---- statements -------------------------------------------------------- */

typedef enum Scope { SCOPE_MODULE, SCOPE_CLASS } Scope;

static void walk_block(Ctx *c, TSNode block, StmtVec *out, Scope scope, const char *prefix, int depth);

/* Dotted text of an assignment target, or NULL for other shapes. */
static const char *target_name(Ctx *c, TSNode left)
{
    if (is(left, "identifier")) return text_of(c, left);
    if (is(left, "attribute")) {
        AlExpr *e = conv(c, left, 0);
        return e->kind == AL_EXPR_NAME ? e->text : NULL;
    }
    return NULL;
}

static void add_assignment(Ctx *c, TSNode stmt, TSNode asg, StmtVec *out, int depth)
{
    TSNode left = field(asg, "left");
    TSNode right = field(asg, "right");
    bool aug = is(asg, "augmented_assignment");
    if (is(right, "assignment")) { /* a = b = value: record every target */
        add_assignment(c, stmt, right, out, depth + 1);
        TSNode r = right;
        while (is(field(r, "right"), "assignment")) r = field(r, "right");
        right = field(r, "right");
    }
    if (ts_node_is_null(right)) return; /* annotation only: x: int */
    AlStmt *s = al_arena_alloc(c->arena, sizeof(AlStmt));
    s->span = span_of(stmt);
    s->target_span = span_of(left);
    /* A dict literal matters only as REST_FRAMEWORK (settings): elsewhere it
     * is kept as an opaque expression, which keeps facts small on generated
     * modules with thousands of dict constants. */
    if (is(right, "dictionary") &&
        !(is(left, "identifier") && ts_node_end_byte(left) - ts_node_start_byte(left) == 14 &&
          memcmp(c->src + ts_node_start_byte(left), "REST_FRAMEWORK", 14) == 0))
        s->value = new_expr(c, AL_EXPR_OTHER, right);
    else
        s->value = conv(c, right, 0);
    if (is(left, "subscript")) {
        TSNode sub = field(left, "subscript");
        TSNode val = field(left, "value");
        s->kind = AL_STMT_SUBSCRIPT;
        s->target = target_name(c, val);
        if (!s->target || !is(sub, "string")) return;
        s->key_text = string_value(c, sub);
        s->key_span = span_of(sub);
        if (!s->key_text) return;
    } else if (is(left, "pattern_list") || is(left, "tuple_pattern") || is(left, "list_pattern")) {
        s->kind = AL_STMT_UNPACK;
        s->target = text_of(c, left);
    } else {
        s->kind = aug ? AL_STMT_AUGASSIGN : AL_STMT_ASSIGN;
        s->target = target_name(c, left);
        if (!s->target) return;
    }
    al_vec_push(out, s);
}

static void add_call_stmt(Ctx *c, TSNode stmt, TSNode call, StmtVec *out)
{
    TSNode fn = field(call, "function");
    if (!is(fn, "attribute")) return;
    const char *obj = target_name(c, field(fn, "object"));
    if (!obj) return;
    AlStmt *s = al_arena_alloc(c->arena, sizeof(AlStmt));
    s->kind = AL_STMT_CALL;
    s->span = span_of(stmt);
    s->target = obj;
    s->target_span = span_of(field(fn, "object"));
    s->key_text = text_of(c, field(fn, "attribute"));
    s->key_span = span_of(field(fn, "attribute"));
    s->value = conv(c, call, 0);
    al_vec_push(out, s);
}

static void add_import_names(Ctx *c, TSNode stmt, bool is_from)
{
    const char *module = "";
    uint32_t level = 0;
    if (is_from) {
        TSNode m = field(stmt, "module_name");
        if (is(m, "relative_import")) {
            {
                uint32_t nk_;
                TSNode *kid = kids(c, m, true, &nk_);
                for (uint32_t i = 0; i < nk_; i++) {
                    TSNode ch = kid[i];
                    if (is(ch, "import_prefix")) level = ts_node_end_byte(ch) - ts_node_start_byte(ch);
                    else if (is(ch, "dotted_name")) module = text_of(c, ch);
                }
            }
        } else if (!ts_node_is_null(m)) {
            module = text_of(c, m);
        }
    }
    uint32_t count;
    TSNode *kid = kids(c, stmt, true, &count);
    uint32_t n_names = 0;
    bool paren = false;
    for (uint32_t i = 0; i < ts_node_child_count(stmt); i++)
        if (is(ts_node_child(stmt, i), "(")) paren = true;
    size_t first = c->imports.len;
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = kid[i];
        if (is_from && ts_node_start_byte(ch) == ts_node_start_byte(field(stmt, "module_name"))) continue;
        AlImport im = {0};
        im.stmt_span = span_of(stmt);
        im.span = span_of(ch);
        im.in_try = c->in_try;
        im.in_except = c->in_except;
        im.level = level;
        im.parenthesized = paren;
        if (is(ch, "wildcard_import")) {
            im.kind = AL_IMPORT_STAR;
            im.module = module;
            im.bound = "*";
        } else if (is(ch, "dotted_name") || is(ch, "aliased_import")) {
            TSNode name = is(ch, "aliased_import") ? field(ch, "name") : ch;
            TSNode alias = is(ch, "aliased_import") ? field(ch, "alias") : (TSNode){0};
            char *nm = text_of(c, name);
            im.asname = ts_node_is_null(alias) ? NULL : text_of(c, alias);
            if (is_from) {
                im.kind = AL_IMPORT_FROM;
                im.module = module;
                im.name = nm;
                im.bound = im.asname ? im.asname : nm;
            } else {
                im.kind = AL_IMPORT_MODULE;
                im.module = nm;
                if (im.asname) {
                    im.bound = im.asname;
                } else {
                    const char *dot = strchr(nm, '.');
                    im.bound = dot ? al_arena_strndup(c->arena, nm, (size_t)(dot - nm)) : nm;
                }
            }
        } else {
            continue;
        }
        n_names++;
        al_vec_push(&c->imports, im);
    }
    for (size_t i = first; i < c->imports.len; i++) c->imports.items[i].n_names = n_names;
}

static void collect_decorators(Ctx *c, TSNode decorated, AlDecorator **out, uint32_t *n)
{
    DecoVec v = {0};
    if (!ts_node_is_null(decorated)) {
        {
            uint32_t nk_;
            TSNode *kid = kids(c, decorated, true, &nk_);
            for (uint32_t i = 0; i < nk_; i++) {
                TSNode d = kid[i];
                if (!is(d, "decorator")) continue;
                AlDecorator dec = {0};
                dec.span = span_of(d);
                TSNode inner = {0};
                for (uint32_t k = 0; k < ts_node_named_child_count(d); k++) {
                    TSNode ch = ts_node_named_child(d, k);
                    if (!is(ch, "comment")) {
                        inner = ch;
                        break;
                    }
                }
                dec.expr = conv(c, inner, 0);
                al_vec_push(&v, dec);
            }
        }
    }
    FREEZE(c, v, *out, *n);
}

/* Collects `x.authentication_classes = EXPR` anywhere in a function body
 * (nested defs included: decorator factories define an inner function) and the
 * first top-level `return call(...)`. */
static void scan_function_body(Ctx *c, TSNode n, StmtVec *assigns, AlExpr **ret, bool top, int depth)
{
    if (depth > AL_MAX_DEPTH) return;
    uint32_t count;
    TSNode *kid = kids(c, n, true, &count);
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = kid[i];
        const char *t = ts_node_type(ch);
        if (strcmp(t, "expression_statement") == 0) {
            TSNode a = ts_node_named_child(ch, 0);
            if (is(a, "assignment")) {
                TSNode left = field(a, "left");
                if (is(left, "attribute")) {
                    TSNode attr = field(left, "attribute");
                    uint32_t s = ts_node_start_byte(attr), e = ts_node_end_byte(attr);
                    if (e - s == 22 && e <= c->len && memcmp(c->src + s, "authentication_classes", 22) == 0)
                        add_assignment(c, ch, a, assigns, depth);
                }
            }
        } else if (strcmp(t, "return_statement") == 0) {
            if (top && !*ret && ts_node_named_child_count(ch)) {
                TSNode v = ts_node_named_child(ch, 0);
                if (is(v, "call")) *ret = conv(c, v, 0);
            }
        } else if (strcmp(t, "function_definition") == 0 || strcmp(t, "decorated_definition") == 0) {
            TSNode def = strcmp(t, "decorated_definition") == 0 ? field(ch, "definition") : ch;
            if (is(def, "function_definition"))
                scan_function_body(c, field(def, "body"), assigns, ret, false, depth + 1);
        } else if (strcmp(t, "block") == 0 || strcmp(t, "if_statement") == 0 || strcmp(t, "else_clause") == 0 ||
                   strcmp(t, "elif_clause") == 0 || strcmp(t, "try_statement") == 0 ||
                   strcmp(t, "except_clause") == 0 || strcmp(t, "finally_clause") == 0 ||
                   strcmp(t, "with_statement") == 0) {
            scan_function_body(c, ch, assigns, ret, top && strcmp(t, "block") == 0 ? top : false, depth + 1);
        }
    }
}

static AlFunction make_function(Ctx *c, TSNode def, TSNode decorated, bool scan_body)
{
    AlFunction f = {0};
    TSNode name = field(def, "name");
    f.name = ts_node_is_null(name) ? "" : text_of(c, name);
    f.name_span = span_of(name);
    f.def_span = span_of(def);
    {
        uint32_t nk_;
        TSNode *kid = kids(c, def, false, &nk_);
        for (uint32_t i = 0; i < nk_; i++) {
            TSNode ch = kid[i];
            if (is(ch, "def")) {
                f.def_span = span_of(ch);
                break;
            }
        }
    }
    collect_decorators(c, decorated, &f.decorators, &f.n_decorators);
    if (scan_body) {
        StmtVec assigns = {0};
        scan_function_body(c, field(def, "body"), &assigns, &f.returned_call, true, 0);
        FREEZE(c, assigns, f.auth_assigns, f.n_auth_assigns);
    }
    return f;
}

static void add_class(Ctx *c, TSNode def, TSNode decorated, const char *prefix, int depth)
{
    AlClass k = {0};
    TSNode name = field(def, "name");
    const char *simple = ts_node_is_null(name) ? "" : text_of(c, name);
    k.name = prefix ? al_arena_printf(c->arena, "%s.%s", prefix, simple) : simple;
    k.name_span = span_of(name);
    k.class_span = span_of(def);
    if (ts_node_child_count(def) && is(ts_node_child(def, 0), "class")) k.class_span = span_of(ts_node_child(def, 0));
    ExprVec bases = {0};
    TSNode sup = field(def, "superclasses");
    if (!ts_node_is_null(sup)) {
        {
            uint32_t nk_;
            TSNode *kid = kids(c, sup, true, &nk_);
            for (uint32_t i = 0; i < nk_; i++) {
                TSNode b = kid[i];
                if (is(b, "keyword_argument") || is(b, "comment") || is(b, "dictionary_splat")) continue;
                al_vec_push(&bases, conv(c, b, 0));
            }
        }
    }
    FREEZE(c, bases, k.bases, k.n_bases);
    collect_decorators(c, decorated, &k.decorators, &k.n_decorators);
    /* Reserve the slot first so the class precedes its nested classes. */
    size_t slot = c->classes.len;
    al_vec_push(&c->classes, k);
    StmtVec body = {0};
    bool saved_try = c->in_try, saved_exc = c->in_except;
    walk_block(c, field(def, "body"), &body, SCOPE_CLASS, k.name, depth + 1);
    c->in_try = saved_try;
    c->in_except = saved_exc;
    AlClass *kp = &c->classes.items[slot];
    FREEZE(c, body, kp->body, kp->n_body);
}

typedef AL_VEC(AlArm) ArmVec;

static AlArm make_arm(Ctx *c, TSNode kw_node, TSNode block, Scope scope, const char *prefix, int depth)
{
    AlArm arm = {0};
    arm.span = keyword_span(kw_node);
    StmtVec stmts = {0};
    walk_block(c, block, &stmts, scope, prefix, depth + 1);
    FREEZE(c, stmts, arm.stmts, arm.n_stmts);
    return arm;
}

static void add_if(Ctx *c, TSNode n, StmtVec *out, Scope scope, const char *prefix, int depth)
{
    ArmVec arms = {0};
    al_vec_push(&arms, make_arm(c, n, field(n, "consequence"), scope, prefix, depth));
    {
        uint32_t nk_;
        TSNode *kid = kids(c, n, true, &nk_);
        for (uint32_t i = 0; i < nk_; i++) {
            TSNode ch = kid[i];
            if (is(ch, "elif_clause")) {
                al_vec_push(&arms, make_arm(c, ch, field(ch, "consequence"), scope, prefix, depth));
            } else if (is(ch, "else_clause")) {
                AlArm a = make_arm(c, ch, field(ch, "body"), scope, prefix, depth);
                a.is_else = true;
                al_vec_push(&arms, a);
            }
        }
    }
    AlStmt *s = al_arena_alloc(c->arena, sizeof(AlStmt));
    s->kind = AL_STMT_BRANCH;
    s->span = keyword_span(n);
    FREEZE(c, arms, s->arms, s->n_arms);
    al_vec_push(out, s);
}

static TSNode first_block(Ctx *c, TSNode n)
{
    {
        uint32_t nk_;
        TSNode *kid = kids(c, n, true, &nk_);
        for (uint32_t i = 0; i < nk_; i++) {
            TSNode ch = kid[i];
            if (is(ch, "block")) return ch;
        }
    }
    return (TSNode){0};
}

static void add_try(Ctx *c, TSNode n, StmtVec *out, Scope scope, const char *prefix, int depth)
{
    ArmVec arms = {0};
    bool saved_try = c->in_try, saved_exc = c->in_except;
    c->in_try = true;
    al_vec_push(&arms, make_arm(c, n, field(n, "body"), scope, prefix, depth));
    {
        uint32_t nk_;
        TSNode *kid = kids(c, n, true, &nk_);
        for (uint32_t i = 0; i < nk_; i++) {
            TSNode ch = kid[i];
            if (is(ch, "except_clause") || is(ch, "except_group_clause")) {
                c->in_try = saved_try;
                c->in_except = true;
                AlArm a = make_arm(c, ch, first_block(c, ch), scope, prefix, depth);
                a.is_except = true;
                AlBuf types = AL_BUF_INIT;
                for (uint32_t k = 0; k < ts_node_named_child_count(ch); k++) {
                    TSNode t = ts_node_named_child(ch, k);
                    if (is(t, "block") || is(t, "comment")) continue;
                    char *tx = text_of(c, t);
                    if (types.len) al_buf_adds(&types, ", ");
                    al_buf_adds(&types, tx);
                }
                a.except_types = al_arena_strdup(c->arena, al_buf_cstr(&types));
                al_buf_release(&types);
                al_vec_push(&arms, a);
            } else if (is(ch, "else_clause")) {
                c->in_try = true;
                c->in_except = saved_exc;
                AlArm a = make_arm(c, ch, field(ch, "body"), scope, prefix, depth);
                a.is_else = true;
                al_vec_push(&arms, a);
            } else if (is(ch, "finally_clause")) {
                c->in_try = saved_try;
                c->in_except = saved_exc;
                AlArm a = make_arm(c, ch, first_block(c, ch), scope, prefix, depth);
                a.is_finally = true;
                al_vec_push(&arms, a);
            }
        }
    }
    c->in_try = saved_try;
    c->in_except = saved_exc;
    AlStmt *s = al_arena_alloc(c->arena, sizeof(AlStmt));
    s->kind = AL_STMT_BRANCH;
    s->is_try = true;
    s->span = keyword_span(n);
    FREEZE(c, arms, s->arms, s->n_arms);
    al_vec_push(out, s);
}

static void walk_block(Ctx *c, TSNode block, StmtVec *out, Scope scope, const char *prefix, int depth)
{
    if (ts_node_is_null(block) || depth > AL_MAX_DEPTH) return;
    uint32_t count;
    TSNode *kid = kids(c, block, true, &count);
    FuncVec methods = {0};
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = kid[i];
        const char *t = ts_node_type(ch);
        if (strcmp(t, "expression_statement") == 0) {
            TSNode e = ts_node_named_child(ch, 0);
            if (is(e, "assignment") || is(e, "augmented_assignment")) add_assignment(c, ch, e, out, depth);
            else if (is(e, "call")) add_call_stmt(c, ch, e, out);
        } else if (strcmp(t, "import_statement") == 0 || strcmp(t, "import_from_statement") == 0) {
            if (scope == SCOPE_MODULE) add_import_names(c, ch, strcmp(t, "import_from_statement") == 0);
        } else if (strcmp(t, "class_definition") == 0) {
            add_class(c, ch, (TSNode){0}, scope == SCOPE_CLASS ? prefix : NULL, depth);
        } else if (strcmp(t, "function_definition") == 0 || strcmp(t, "decorated_definition") == 0) {
            TSNode def = strcmp(t, "decorated_definition") == 0 ? field(ch, "definition") : ch;
            TSNode deco = strcmp(t, "decorated_definition") == 0 ? ch : (TSNode){0};
            if (is(def, "class_definition")) {
                add_class(c, def, deco, scope == SCOPE_CLASS ? prefix : NULL, depth);
            } else if (is(def, "function_definition")) {
                if (scope == SCOPE_MODULE) al_vec_push(&c->functions, make_function(c, def, deco, true));
                else al_vec_push(&methods, make_function(c, def, deco, false));
            }
        } else if (strcmp(t, "if_statement") == 0) {
            add_if(c, ch, out, scope, prefix, depth);
        } else if (strcmp(t, "try_statement") == 0) {
            add_try(c, ch, out, scope, prefix, depth);
        } else if (strcmp(t, "with_statement") == 0) {
            walk_block(c, field(ch, "body"), out, scope, prefix, depth + 1);
        } else if (strcmp(t, "block") == 0) {
            walk_block(c, ch, out, scope, prefix, depth + 1);
        }
    }
    if (scope == SCOPE_CLASS && methods.len) {
        /* The owner may have moved when nested classes grew the vector:
         * find it again by name. */
        AlClass *k = NULL;
        for (size_t i = c->classes.len; i-- > 0;)
            if (strcmp(c->classes.items[i].name, prefix) == 0) {
                k = &c->classes.items[i];
                break;
            }
        AlFunction *old = k ? k->methods : NULL;
        uint32_t nold = k ? k->n_methods : 0;
        FuncVec all = {0};
        for (uint32_t i = 0; i < nold; i++) al_vec_push(&all, old[i]);
        for (size_t i = 0; i < methods.len; i++) al_vec_push(&all, methods.items[i]);
        al_vec_free(&methods);
        if (k) FREEZE(c, all, k->methods, k->n_methods);
        else al_vec_free(&all);
    } else {
        al_vec_free(&methods);
    }
}

/* ---- errors and comments ---------------------------------------------- */

/* First ERROR or MISSING node in document order. */
static bool find_error(Ctx *c, TSNode n, AlSpan *out, int depth)
{
    if (ts_node_is_missing(n) || is(n, "ERROR")) {
        *out = span_of(n);
        return true;
    }
    if (depth > 10000) return false;
    uint32_t count;
    TSNode *kid = kids(c, n, false, &count);
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = kid[i];
        if (ts_node_has_error(ch) && find_error(c, ch, out, depth + 1)) return true;
    }
    return false;
}

static const char *find_bytes(const char *h, size_t hn, const char *needle)
{
    size_t nn = strlen(needle);
    if (hn < nn) return NULL;
    for (const char *p = h; (p = memchr(p, needle[0], hn - (size_t)(p - h) - nn + 1)) != NULL; p++)
        if (memcmp(p, needle, nn) == 0) return p;
    return NULL;
}

/* Records comments that mention "authlint" or "noqa": a byte search finds
 * candidates and the tree confirms each is inside a comment node. */
static void collect_comments(Ctx *c, TSNode root, CommentVec *out)
{
    static const char *needles[] = {"authlint", "noqa", "NOQA", "Noqa"}; /* flake8 ignores the case */
    uint32_t last_start = UINT32_MAX;
    for (size_t k = 0; k < sizeof needles / sizeof *needles; k++) {
        const char *p = c->src;
        size_t left = c->len;
        const char *hit;
        while ((hit = find_bytes(p, left, needles[k])) != NULL) {
            uint32_t off = (uint32_t)(hit - c->src);
            TSNode n = ts_node_descendant_for_byte_range(root, off, off + 1);
            if (is(n, "comment") && ts_node_start_byte(n) != last_start) {
                bool seen = false;
                for (size_t i = 0; i < out->len; i++)
                    if (out->items[i].line == ts_node_start_point(n).row + 1 &&
                        out->items[i].col == ts_node_start_point(n).column + 1)
                        seen = true;
                if (!seen) {
                    AlComment cm;
                    AlSpan s = span_of(n);
                    cm.line = s.line;
                    cm.col = s.col;
                    char *t = text_of(c, n);
                    size_t tl = strlen(t);
                    while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\t' || t[tl - 1] == '\r')) t[--tl] = '\0';
                    cm.text = t;
                    al_vec_push(out, cm);
                }
                last_start = ts_node_start_byte(n);
            }
            size_t adv = (size_t)(hit - p) + 1;
            p += adv;
            left -= adv;
        }
    }
    /* Keep source order whatever needle found them first. */
    for (size_t i = 1; i < out->len; i++) {
        AlComment x = out->items[i];
        size_t j = i;
        while (j > 0 && (out->items[j - 1].line > x.line ||
                         (out->items[j - 1].line == x.line && out->items[j - 1].col > x.col))) {
            out->items[j] = out->items[j - 1];
            j--;
        }
        out->items[j] = x;
    }
}

/* ---- entry points ------------------------------------------------------ */

AlParser *al_parser_new(void)
{
    AlParser *p = al_xcalloc(1, sizeof(AlParser));
    p->ts = ts_parser_new();
    if (!p->ts || !ts_parser_set_language(p->ts, tree_sitter_python())) al_oom();
    return p;
}

void al_parser_keep_bodies(AlParser *self, bool keep)
{
    self->keep_bodies = keep;
}

void al_parser_skim_budget(AlParser *self, uint64_t micros)
{
    self->budget_us = micros;
}

void al_parser_free(AlParser *self)
{
    if (!self) return;
    ts_parser_delete(self->ts);
    free(self);
}

void al_facts_free(AlFacts *self)
{
    if (!self) return;
    al_arena_free(self->arena); /* the facts struct itself lives in the arena */
}

/* Advances *pt from byte *pos to byte `to` (rows and byte columns). */
static void advance_point(const char *s, size_t *pos, TSPoint *pt, size_t to)
{
    for (size_t i = *pos; i < to; i++) {
        if (s[i] == '\n') {
            pt->row++;
            pt->column = 0;
        } else {
            pt->column++;
        }
    }
    *pos = to;
}

/* The ranges tree-sitter reads when the bodies are skipped: everything but
 * the bodies, and of each body the line of its first statement, where s
 * holds a `0` and spaces, so the lexer sees a one-statement block at the
 * right indentation. Every range starts at the beginning of a line: ranges
 * that resume in the middle of one sent tree-sitter 0.20's error recovery
 * into a loop that never ended on a broken file (found by fuzz_extract). */
static TSRange *included_ranges(const char *s, size_t len, const AlSkimBody *b, size_t n, uint32_t *count)
{
    TSRange *r = al_xmalloc((2 * n + 1) * sizeof *r);
    uint32_t k = 0;
    size_t pos = 0;
    TSPoint pt = {0, 0};
    TSRange cur = {.start_point = {0, 0}, .start_byte = 0};
    for (size_t i = 0; i < n; i++) {
        size_t line = b[i].first, eol = b[i].first;
        while (line > b[i].start && s[line - 1] != '\n') line--;
        while (eol < b[i].end && s[eol] != '\n') eol++;
        if (eol < b[i].end) eol++;
        if (line > b[i].start) {
            advance_point(s, &pos, &pt, b[i].start);
            cur.end_byte = (uint32_t)b[i].start;
            cur.end_point = pt;
            r[k++] = cur;
            advance_point(s, &pos, &pt, line);
            cur.start_byte = (uint32_t)line;
            cur.start_point = pt;
        }
        if (eol < b[i].end) {
            advance_point(s, &pos, &pt, eol);
            cur.end_byte = (uint32_t)eol;
            cur.end_point = pt;
            r[k++] = cur;
            advance_point(s, &pos, &pt, b[i].end);
            cur.start_byte = (uint32_t)b[i].end;
            cur.start_point = pt;
        }
    }
    advance_point(s, &pos, &pt, len);
    cur.end_byte = (uint32_t)len;
    cur.end_point = pt;
    r[k++] = cur;
    *count = k;
    return r;
}

/* A new Python scanner for every file. tree-sitter-python 0.23.6 (and
 * upstream since) resets its indents and string delimiters between parses
 * but not its "inside an f-string" flag: after a file that ends inside an
 * unterminated f-string, the next file a parser read lost its dedents and
 * parsed as one error, so facts depended on which file a worker had read
 * before (found by fuzz_extract). */
static void fresh_scanner(AlParser *self)
{
    if (!ts_parser_set_language(self->ts, tree_sitter_python())) al_oom();
}

/* The tree of src with the method bodies left out, or NULL when there are
 * none or tree-sitter gave up. *text gets the bytes the tree refers to. */
static TSTree *parse_skimmed(AlParser *self, const char *src, size_t len, char **text)
{
    AlSkimBody *bodies = NULL;
    size_t n = al_skim_method_bodies(src, len, &bodies);
    *text = NULL;
    if (!n) return NULL;
    char *work = al_xmalloc(len);
    memcpy(work, src, len);
    for (size_t i = 0; i < n; i++) {
        /* `0`, then spaces to the end of the line. */
        work[bodies[i].first] = '0';
        for (size_t j = bodies[i].first + 1; j < bodies[i].end && work[j] != '\n' && work[j] != '\r'; j++)
            work[j] = ' ';
    }
    uint32_t n_ranges;
    TSRange *ranges = included_ranges(work, len, bodies, n, &n_ranges);
    free(bodies);
    TSTree *tree = NULL;
    if (ts_parser_set_included_ranges(self->ts, ranges, n_ranges)) {
        /* A budget about fifty times the usual cost. Should error recovery
         * run away all the same, the parse is abandoned and the file parsed
         * as written. */
        ts_parser_set_timeout_micros(self->ts, self->budget_us ? self->budget_us : 50000 + (uint64_t)len * 2);
        tree = ts_parser_parse_string(self->ts, NULL, work, (uint32_t)len);
        ts_parser_set_timeout_micros(self->ts, 0);
        if (!tree) fresh_scanner(self); /* also resets the parser */
        ts_parser_set_included_ranges(self->ts, NULL, 0);
    }
    free(ranges);
    if (tree) *text = work;
    else free(work);
    return tree;
}

AlFacts *al_parse_source(AlParser *self, const char *src, size_t len)
{
    AlArena *arena = al_arena_new();
    AlFacts *f = al_arena_alloc(arena, sizeof(AlFacts));
    f->arena = arena;
    f->n_lines = 1;
    for (size_t i = 0; i < len; i++)
        if (src[i] == '\n') f->n_lines++;
    if (len > UINT32_MAX - 1) len = UINT32_MAX - 1; /* byte offsets are 32-bit */
    /* Method bodies left out (skim.h); offsets and lines stay those of src. */
    char *skimmed = NULL;
    fresh_scanner(self);
    TSTree *tree = self->keep_bodies ? NULL : parse_skimmed(self, src, len, &skimmed);
    if (skimmed) src = skimmed;
    else tree = ts_parser_parse_string(self->ts, NULL, src, (uint32_t)len);
    if (!tree) {
        free(skimmed);
        f->has_error = true;
        f->error_span = (AlSpan){1, 1, 1, 1, 0, 0};
        return f;
    }
    TSNode root = ts_tree_root_node(tree);
    Ctx c = {.src = src, .len = len, .arena = arena, .scratch = al_arena_new()};
    StmtVec body = {0};
    walk_block(&c, root, &body, SCOPE_MODULE, NULL, 0);
    FREEZE(&c, body, f->body, f->n_body);
    FREEZE(&c, c.imports, f->imports, f->n_imports);
    FREEZE(&c, c.classes, f->classes, f->n_classes);
    FREEZE(&c, c.functions, f->functions, f->n_functions);
    CommentVec comments = {0};
    collect_comments(&c, root, &comments);
    FREEZE(&c, comments, f->comments, f->n_comments);
    if (ts_node_has_error(root)) {
        f->has_error = true;
        if (!find_error(&c, root, &f->error_span, 0)) f->error_span = span_of(root);
    }
    ts_tree_delete(tree);
    al_arena_free(c.scratch);
    free(skimmed);
    return f;
}
