/* Import bookkeeping for --fix on a freshly parsed file: how a preferred
 * class is already bound, whether a removed class's name is still used, and
 * the edits that drop an import name or add `from module import Name`.
 * Also the small tree-sitter helpers the fix stage shares. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix/internal.h"
#include "util/arena.h"
#include "util/vec.h"

/* Only statements can hold imports; nesting deeper than this is not looked
 * into (the stack stays bounded on pathological input). */
#define MAX_STMT_DEPTH 64

/* ---- tree helpers ------------------------------------------------------ */

void al_fix_source_parse(TSParser *parser, const char *src, size_t len, AlFixSource *out)
{
    out->src = src;
    out->len = len;
    out->tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)len);
    out->root = ts_tree_root_node(out->tree);
    const char *nl = len ? memchr(src, '\n', len) : NULL;
    out->nl = nl && nl > src && nl[-1] == '\r' ? "\r\n" : "\n";
}

void al_fix_source_free(AlFixSource *self)
{
    if (self->tree) ts_tree_delete(self->tree);
    self->tree = NULL;
}

size_t al_fix_count_errors(const AlFixSource *self)
{
    if (!ts_node_has_error(self->root)) return 0;
    size_t n = 0;
    TSTreeCursor c = ts_tree_cursor_new(self->root);
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&c);
        if (ts_node_is_missing(node) || strcmp(ts_node_type(node), "ERROR") == 0) n++;
        if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&c)) continue;
        while (!ts_tree_cursor_goto_next_sibling(&c))
            if (!ts_tree_cursor_goto_parent(&c)) {
                ts_tree_cursor_delete(&c);
                return n;
            }
    }
}

bool al_fix_node_is(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

static bool type_in(TSNode n, const char *const *types)
{
    if (!types) return true;
    for (size_t i = 0; types[i]; i++)
        if (al_fix_node_is(n, types[i])) return true;
    return false;
}

TSNode al_fix_find_node(const AlFixSource *self, uint32_t start, uint32_t end, const char *const *types)
{
    TSNode null = {0};
    if (end > self->len || start > end) return null;
    TSNode n = ts_node_descendant_for_byte_range(self->root, start, end);
    /* Parents may share the range (an expression statement around a bare
     * tuple); look up through them for the wanted type. */
    while (!ts_node_is_null(n) && ts_node_start_byte(n) == start && ts_node_end_byte(n) == end) {
        if (type_in(n, types)) return n;
        n = ts_node_parent(n);
    }
    return null;
}

static size_t node_len(TSNode n)
{
    return ts_node_end_byte(n) - ts_node_start_byte(n);
}

bool al_fix_node_text_is(const AlFixSource *self, TSNode n, const char *s)
{
    size_t len = strlen(s);
    return !ts_node_is_null(n) && node_len(n) == len && memcmp(self->src + ts_node_start_byte(n), s, len) == 0;
}

static char *node_text(const AlFixSource *self, TSNode n)
{
    char *r = al_xmalloc(node_len(n) + 1);
    memcpy(r, self->src + ts_node_start_byte(n), node_len(n));
    r[node_len(n)] = '\0';
    return r;
}

uint32_t al_fix_line_start(const char *src, uint32_t pos)
{
    while (pos > 0 && src[pos - 1] != '\n') pos--;
    return pos;
}

uint32_t al_fix_line_end(const char *src, size_t len, uint32_t pos)
{
    const char *nl = pos < len ? memchr(src + pos, '\n', len - pos) : NULL;
    return nl ? (uint32_t)(nl - src) + 1 : (uint32_t)len;
}

static TSNode field(TSNode n, const char *name)
{
    return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

/* Named children in order through a cursor: ts_node_named_child(n, i) walks
 * from the first child each time, which is quadratic over a module's
 * thousands of statements. */
typedef struct Children {
    TSTreeCursor c;
    bool more;
} Children;

static void children_begin(Children *it, TSNode parent)
{
    it->c = ts_tree_cursor_new(parent);
    it->more = ts_tree_cursor_goto_first_child(&it->c);
}

static bool children_next(Children *it, TSNode *out)
{
    while (it->more) {
        TSNode n = ts_tree_cursor_current_node(&it->c);
        it->more = ts_tree_cursor_goto_next_sibling(&it->c);
        if (ts_node_is_named(n)) {
            *out = n;
            return true;
        }
    }
    return false;
}

static void children_end(Children *it)
{
    ts_tree_cursor_delete(&it->c);
}

static bool is_import(TSNode n)
{
    return al_fix_node_is(n, "import_statement") || al_fix_node_is(n, "import_from_statement") ||
           al_fix_node_is(n, "future_import_statement");
}

/* ---- imported names ---------------------------------------------------- */

/* The names an import statement binds, in order: dotted_name or
 * aliased_import nodes (the module of a from-import left out). */
typedef struct Names {
    TSNode items[64];
    size_t n;
    bool complete; /* false when there were more than fit */
} Names;

static void import_names(TSNode stmt, Names *out)
{
    out->n = 0;
    out->complete = true;
    TSNode module = field(stmt, "module_name");
    Children it;
    TSNode ch;
    children_begin(&it, stmt);
    while (children_next(&it, &ch)) {
        if (!ts_node_is_null(module) && ts_node_start_byte(ch) == ts_node_start_byte(module)) continue;
        if (!al_fix_node_is(ch, "dotted_name") && !al_fix_node_is(ch, "aliased_import")) continue;
        if (out->n == sizeof out->items / sizeof out->items[0]) {
            out->complete = false;
            break;
        }
        out->items[out->n++] = ch;
    }
    children_end(&it);
}

/* The local name an import item binds. */
static TSNode bound_node(TSNode stmt, TSNode item)
{
    if (al_fix_node_is(item, "aliased_import")) return field(item, "alias");
    if (al_fix_node_is(stmt, "import_statement") && ts_node_named_child_count(item))
        return ts_node_named_child(item, 0); /* import a.b binds a */
    return item;
}

/* The imported name (before `as`) of a from-import item. */
static TSNode imported_node(TSNode item)
{
    return al_fix_node_is(item, "aliased_import") ? field(item, "name") : item;
}

typedef void (*StmtVisit)(const AlFixSource *src, TSNode stmt, void *ctx);

/* Calls visit on every import statement outside function and class bodies
 * (module level, also inside if/try/with). */
static void walk_imports(const AlFixSource *self, TSNode n, int depth, StmtVisit visit, void *ctx)
{
    static const char *const containers[] = {"module", "block", "if_statement", "elif_clause", "else_clause",
                                             "try_statement", "except_clause", "finally_clause", "with_statement",
                                             "for_statement", "while_statement", NULL};
    if (depth > MAX_STMT_DEPTH) return;
    Children it;
    TSNode ch;
    children_begin(&it, n);
    while (children_next(&it, &ch)) {
        if (is_import(ch))
            visit(self, ch, ctx);
        else if (type_in(ch, containers))
            walk_imports(self, ch, depth + 1, visit, ctx);
    }
    children_end(&it);
}

typedef struct BindingScan {
    const char *module, *name, *fqn_module, *fqn_name;
    char *bound;
    bool conflict;
} BindingScan;

static void scan_binding(const AlFixSource *self, TSNode stmt, void *ctx)
{
    BindingScan *b = ctx;
    Names names;
    import_names(stmt, &names);
    TSNode module = field(stmt, "module_name");
    bool from = al_fix_node_is(stmt, "import_from_statement");
    for (size_t i = 0; i < names.n; i++) {
        TSNode item = names.items[i];
        TSNode bound = bound_node(stmt, item);
        if (from && !b->bound &&
            ((al_fix_node_text_is(self, module, b->module) && al_fix_node_text_is(self, imported_node(item), b->name)) ||
             (al_fix_node_text_is(self, module, b->fqn_module) &&
              al_fix_node_text_is(self, imported_node(item), b->fqn_name)))) {
            b->bound = node_text(self, bound);
            continue;
        }
        if (al_fix_node_text_is(self, bound, b->name)) b->conflict = true;
    }
}

AlFixBinding al_fix_binding(const AlFixSource *self, const char *module, const char *name, const char *fqn,
                            char **bound)
{
    const char *dot = strrchr(fqn, '.');
    char *fqn_module = dot ? al_xmalloc((size_t)(dot - fqn) + 1) : al_xstrdup("");
    if (dot) {
        memcpy(fqn_module, fqn, (size_t)(dot - fqn));
        fqn_module[dot - fqn] = '\0';
    }
    BindingScan b = {module, name, fqn_module, dot ? dot + 1 : fqn, NULL, false};
    walk_imports(self, self->root, 0, scan_binding, &b);
    free(fqn_module);
    *bound = b.bound;
    if (b.bound) return AL_FIX_BOUND;
    /* A module-level class or function of that name would be shadowed. */
    Children it;
    TSNode ch;
    children_begin(&it, self->root);
    while (!b.conflict && children_next(&it, &ch)) {
        if (al_fix_node_is(ch, "decorated_definition")) ch = field(ch, "definition");
        if (al_fix_node_is(ch, "class_definition") || al_fix_node_is(ch, "function_definition"))
            if (al_fix_node_text_is(self, field(ch, "name"), name)) b.conflict = true;
    }
    children_end(&it);
    return b.conflict ? AL_FIX_CONFLICT : AL_FIX_UNBOUND;
}

/* ---- uses -------------------------------------------------------------- */

static bool string_is(const AlFixSource *self, TSNode str, const char *name)
{
    uint32_t count = ts_node_named_child_count(str);
    size_t parts = 0;
    TSNode content = {0};
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = ts_node_named_child(str, i);
        if (al_fix_node_is(ch, "string_content")) {
            content = ch;
            parts++;
        } else if (al_fix_node_is(ch, "interpolation")) {
            return false;
        }
    }
    return parts == 1 && al_fix_node_text_is(self, content, name);
}

size_t al_fix_count_uses(const AlFixSource *self, const char *name)
{
    size_t n = 0;
    TSTreeCursor c = ts_tree_cursor_new(self->root);
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&c);
        bool descend = !is_import(node);
        if (al_fix_node_is(node, "identifier") && al_fix_node_text_is(self, node, name)) n++;
        if (al_fix_node_is(node, "string") && string_is(self, node, name)) {
            n++;
            descend = false;
        }
        if (descend && ts_tree_cursor_goto_first_child(&c)) continue;
        while (!ts_tree_cursor_goto_next_sibling(&c))
            if (!ts_tree_cursor_goto_parent(&c)) {
                ts_tree_cursor_delete(&c);
                return n;
            }
    }
}

/* ---- removal ----------------------------------------------------------- */

/* Fills an AlFixList over the names of an import statement. */
static bool names_list(const AlFixSource *self, TSNode stmt, const Names *names, uint32_t *starts, uint32_t *ends,
                       AlFixList *l)
{
    if (!names->n || !names->complete) return false;
    for (size_t i = 0; i < names->n; i++) {
        starts[i] = ts_node_start_byte(names->items[i]);
        ends[i] = ts_node_end_byte(names->items[i]);
    }
    *l = (AlFixList){.src = self->src, .starts = starts, .ends = ends, .n = names->n, .trailing_ok = false};
    uint32_t count = ts_node_child_count(stmt);
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = ts_node_child(stmt, i);
        if (al_fix_node_is(ch, "(")) {
            l->bracketed = l->trailing_ok = true;
            l->open_end = ts_node_end_byte(ch);
        } else if (al_fix_node_is(ch, ")") && l->bracketed) {
            l->close_start = ts_node_start_byte(ch);
        }
    }
    if (!l->bracketed) {
        l->open_end = starts[0];
        l->close_start = ends[names->n - 1];
    }
    return l->close_start >= l->open_end && l->close_start >= ends[names->n - 1];
}

typedef struct RemovalScan {
    const char *const *names;
    size_t n_names;
    AL_VEC(TSNode) whole;  /* statements to remove entirely */
    AlFixEdits *edits;
} RemovalScan;

static bool wanted(const AlFixSource *self, const RemovalScan *r, TSNode bound)
{
    for (size_t i = 0; i < r->n_names; i++)
        if (al_fix_node_text_is(self, bound, r->names[i])) return true;
    return false;
}

static void scan_removal(const AlFixSource *self, TSNode stmt, void *ctx)
{
    RemovalScan *r = ctx;
    if (al_fix_node_is(stmt, "future_import_statement")) return;
    Names names;
    import_names(stmt, &names);
    if (!names.complete) return;
    AlFixElem elems[64];
    size_t m = 0;
    for (size_t i = 0; i < names.n; i++)
        if (!wanted(self, r, bound_node(stmt, names.items[i]))) elems[m++] = (AlFixElem){.orig = (int)i};
    if (m == names.n) return;
    if (m == 0) {
        al_vec_push(&r->whole, stmt);
        return;
    }
    uint32_t starts[64], ends[64];
    AlFixList l;
    if (!names_list(self, stmt, &names, starts, ends, &l)) return;
    AlBuf out = AL_BUF_INIT;
    al_fix_list_render(&l, elems, m, &out);
    al_fix_edits_add(r->edits, l.open_end, l.close_start, al_buf_detach(&out));
}

static bool blank_line(const char *s, size_t len, uint32_t pos)
{
    while (pos < len && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r' || s[pos] == '\f')) pos++;
    return pos < len && s[pos] == '\n';
}

/* Removes a whole statement: its line(s) when it stands alone on them (with a
 * comment that follows it), else just its text. */
static void remove_statement(const AlFixSource *self, TSNode stmt, AlFixEdits *edits)
{
    const char *s = self->src;
    uint32_t start = ts_node_start_byte(stmt), end = ts_node_end_byte(stmt);
    uint32_t ls = al_fix_line_start(s, start);
    bool alone = true;
    for (uint32_t p = ls; p < start; p++)
        if (s[p] != ' ' && s[p] != '\t' && s[p] != '\f') alone = false;
    uint32_t p = end;
    while (p < self->len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\f' || s[p] == '\r')) p++;
    if (p < self->len && s[p] == '#')
        while (p < self->len && s[p] != '\n') p++;
    if (p < self->len && s[p] != '\n') alone = false;
    if (alone) {
        uint32_t end_line = p < self->len ? p + 1 : p;
        /* Between two blank lines, one of them goes too. */
        if (ls > 0 && blank_line(s, self->len, al_fix_line_start(s, ls - 1)) && end_line < self->len &&
            blank_line(s, self->len, end_line))
            end_line = al_fix_line_end(s, self->len, end_line);
        al_fix_edits_add(edits, ls, end_line, al_xstrdup(""));
    }
    else
        al_fix_edits_add(edits, start, end, al_xstrdup(""));
}

static bool listed(TSNode n, const TSNode *list, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (ts_node_eq(n, list[i])) return true;
    return false;
}

/* Every statement of the block is being removed. */
static bool block_emptied(TSNode block, const TSNode *removed, size_t len)
{
    Children it;
    TSNode ch;
    bool all = true;
    children_begin(&it, block);
    while (all && children_next(&it, &ch))
        if (!al_fix_node_is(ch, "comment") && !listed(ch, removed, len)) all = false;
    children_end(&it);
    return all;
}

/* The try statement whose every block holds only removed imports (the
 * try/except ImportError of alternative imports), or a null node. */
static TSNode emptied_try(TSNode block, const TSNode *removed, size_t len)
{
    TSNode null = {0};
    TSNode t = ts_node_parent(block);
    if (!al_fix_node_is(t, "try_statement")) t = ts_node_parent(t);
    if (!al_fix_node_is(t, "try_statement")) return null;
    uint32_t count = ts_node_named_child_count(t);
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = ts_node_named_child(t, i);
        if (al_fix_node_is(ch, "block")) {
            if (!block_emptied(ch, removed, len)) return null;
            continue;
        }
        uint32_t cc = ts_node_named_child_count(ch);
        for (uint32_t k = 0; k < cc; k++) {
            TSNode b = ts_node_named_child(ch, k);
            if (al_fix_node_is(b, "block") && !block_emptied(b, removed, len)) return null;
        }
    }
    return t;
}

void al_fix_remove_imports(const AlFixSource *self, const char *const *names, size_t n, AlFixEdits *edits)
{
    RemovalScan r = {.names = names, .n_names = n, .edits = edits};
    walk_imports(self, self->root, 0, scan_removal, &r);
    AL_VEC(TSNode) trys = {0};
    for (size_t i = 0; i < r.whole.len; i++) {
        TSNode stmt = r.whole.items[i];
        TSNode parent = ts_node_parent(stmt);
        if (!al_fix_node_is(parent, "block") || !block_emptied(parent, r.whole.items, r.whole.len)) {
            remove_statement(self, stmt, edits);
            continue;
        }
        TSNode t = emptied_try(parent, r.whole.items, r.whole.len);
        if (!ts_node_is_null(t)) {
            if (!listed(t, trys.items, trys.len)) {
                al_vec_push(&trys, t);
                remove_statement(self, t, edits);
            }
            continue;
        }
        /* A block left without statements would not parse: its first removed
         * statement becomes `pass`. */
        bool first = true;
        for (size_t j = 0; j < i; j++)
            if (ts_node_eq(ts_node_parent(r.whole.items[j]), parent)) first = false;
        if (first)
            al_fix_edits_add(edits, ts_node_start_byte(stmt), ts_node_end_byte(stmt), al_xstrdup("pass"));
        else
            remove_statement(self, stmt, edits);
    }
    al_vec_free(&trys);
    al_vec_free(&r.whole);
}

/* ---- insertion --------------------------------------------------------- */

/* isort's order for the names of one import (order_by_type): CONSTANTS,
 * then Classes, then the rest, each case-insensitively. */
static int name_group(const char *s, size_t len)
{
    bool upper = len > 1, has_lower = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] >= 'a' && s[i] <= 'z') has_lower = true;
    }
    if (upper && !has_lower) return 0;
    return len && s[0] >= 'A' && s[0] <= 'Z' ? 1 : 2;
}

static int name_order(const char *a, size_t la, const char *b, size_t lb)
{
    int ga = name_group(a, la), gb = name_group(b, lb);
    if (ga != gb) return ga < gb ? -1 : 1;
    int c = strncasecmp(a, b, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

static int name_cmp(const AlFixSource *self, TSNode a, const char *b)
{
    return name_order(self->src + ts_node_start_byte(a), node_len(a), b, strlen(b));
}

/* Merges names into an existing from-import: in sorted position when the
 * names written there are sorted, else at the end. */
static bool merge_into(const AlFixSource *self, TSNode stmt, const char *const *add, size_t n_add,
                       AlFixEdits *edits)
{
    Names names;
    import_names(stmt, &names);
    if (!names.complete || names.n + n_add > 64) return false;
    uint32_t starts[64], ends[64];
    AlFixList l;
    if (!names_list(self, stmt, &names, starts, ends, &l)) return false;
    bool sorted = true;
    for (size_t i = 1; i < names.n; i++) {
        char *prev = node_text(self, imported_node(names.items[i - 1]));
        if (name_cmp(self, imported_node(names.items[i]), prev) < 0) sorted = false;
        free(prev);
    }
    AlFixElem elems[128];
    size_t m = 0;
    for (size_t i = 0; i < names.n; i++) elems[m++] = (AlFixElem){.orig = (int)i};
    for (size_t k = 0; k < n_add; k++) {
        size_t at = m;
        if (sorted)
            for (size_t j = 0; j < m; j++) {
                int c = elems[j].orig >= 0 ? name_cmp(self, imported_node(names.items[elems[j].orig]), add[k])
                                           : name_order(elems[j].text, strlen(elems[j].text), add[k], strlen(add[k]));
                if (c > 0) {
                    at = j;
                    break;
                }
            }
        memmove(&elems[at + 1], &elems[at], (m - at) * sizeof elems[0]);
        elems[at] = (AlFixElem){.orig = -1, .text = add[k]};
        m++;
    }
    AlBuf out = AL_BUF_INIT;
    al_fix_list_render(&l, elems, m, &out);
    al_fix_edits_add(edits, l.open_end, l.close_start, al_buf_detach(&out));
    return true;
}

static bool is_definition(TSNode n)
{
    return al_fix_node_is(n, "class_definition") || al_fix_node_is(n, "function_definition") ||
           al_fix_node_is(n, "decorated_definition");
}

/* Where a new import line goes: after the last top-level import, else above
 * the first class/def (and the comment lines just above it), else after the
 * module docstring, else after the leading comment lines. *blank_before and *blank_after say
 * how many blank lines go around it. */
static uint32_t import_position(const AlFixSource *self, int *blank_before, int *blank_after)
{
    const char *s = self->src;
    TSNode last_import = {0}, first_def = {0}, docstring = {0};
    bool have_import = false, have_def = false;
    Children it;
    TSNode ch;
    children_begin(&it, self->root);
    for (uint32_t i = 0; children_next(&it, &ch); i++) {
        if (is_import(ch)) {
            last_import = ch;
            have_import = true;
        } else if (is_definition(ch) && !have_def) {
            first_def = ch;
            have_def = true;
        } else if (i == 0 && al_fix_node_is(ch, "expression_statement") && ts_node_named_child_count(ch) == 1 &&
                   al_fix_node_is(ts_node_named_child(ch, 0), "string")) {
            docstring = ch;
        }
    }
    children_end(&it);
    *blank_before = *blank_after = 0;
    if (have_import) return al_fix_line_end(s, self->len, ts_node_end_byte(last_import));
    if (have_def) {
        uint32_t pos = al_fix_line_start(s, ts_node_start_byte(first_def));
        while (pos > 0) {
            uint32_t prev = al_fix_line_start(s, pos - 1);
            uint32_t p = prev;
            while (p < pos && (s[p] == ' ' || s[p] == '\t')) p++;
            if (p >= pos || s[p] != '#') break;
            pos = prev;
        }
        *blank_after = 2;
        return pos;
    }
    if (!ts_node_is_null(docstring)) {
        *blank_before = 1;
        return al_fix_line_end(s, self->len, ts_node_end_byte(docstring));
    }
    uint32_t pos = 0;
    while (pos < self->len && s[pos] == '#') pos = al_fix_line_end(s, self->len, pos);
    return pos;
}

void al_fix_add_imports(const AlFixSource *self, const char *const *modules, const char *const *names, size_t n,
                        AlFixEdits *edits)
{
    bool *done = al_xcalloc(n ? n : 1, sizeof(bool));
    /* Merge into `from <module> import ...` at the top level. */
    for (size_t k = 0; k < n; k++) {
        if (done[k]) continue;
        Children it;
        TSNode ch;
        children_begin(&it, self->root);
        while (children_next(&it, &ch)) {
            if (!al_fix_node_is(ch, "import_from_statement") ||
                !al_fix_node_text_is(self, field(ch, "module_name"), modules[k]))
                continue;
            bool star = false;
            for (uint32_t c = 0; c < ts_node_named_child_count(ch); c++)
                if (al_fix_node_is(ts_node_named_child(ch, c), "wildcard_import")) star = true;
            if (star) continue;
            const char *add[2];
            size_t n_add = 0;
            for (size_t j = k; j < n && n_add < 2; j++)
                if (!done[j] && strcmp(modules[j], modules[k]) == 0) add[n_add++] = names[j];
            if (merge_into(self, ch, add, n_add, edits))
                for (size_t j = k; j < n; j++)
                    if (strcmp(modules[j], modules[k]) == 0) done[j] = true;
            break;
        }
        children_end(&it);
    }
    /* New lines, one per module, in module order. */
    AlBuf text = AL_BUF_INIT;
    for (;;) {
        size_t pick = n;
        for (size_t k = 0; k < n; k++)
            if (!done[k] && (pick == n || strcmp(modules[k], modules[pick]) < 0)) pick = k;
        if (pick == n) break;
        al_buf_addf(&text, "from %s import ", modules[pick]);
        bool first = true;
        for (size_t k = pick; k < n; k++)
            if (!done[k] && strcmp(modules[k], modules[pick]) == 0) {
                al_buf_addf(&text, "%s%s", first ? "" : ", ", names[k]);
                first = false;
                done[k] = true;
            }
        al_buf_adds(&text, self->nl);
    }
    if (text.len) {
        int before, after;
        uint32_t pos = import_position(self, &before, &after);
        AlBuf line = AL_BUF_INIT;
        /* A last line without its newline gets one before the import. */
        if (pos == self->len && pos > 0 && self->src[pos - 1] != '\n') al_buf_adds(&line, self->nl);
        for (int i = 0; i < before; i++) al_buf_adds(&line, self->nl);
        al_buf_add(&line, text.ptr, text.len);
        for (int i = 0; i < after; i++) al_buf_adds(&line, self->nl);
        al_fix_edits_add(edits, pos, pos, al_buf_detach(&line));
    }
    al_buf_release(&text);
    free(done);
}
