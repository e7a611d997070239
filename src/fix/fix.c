/* Fix stage driver (SPEC 5 --fix/--diff): turns the visible findings into
 * rewrites of literal declarations, file by file. Each file is read fresh
 * and parsed again; the literals are found there by the spans the model
 * recorded (a file whose text no longer matches is left alone). Edits run in
 * passes over the text: literals first, then imports to add, then imports
 * no longer used; the result must parse without new errors before it is
 * written (atomically, mode kept) or shown as a unified diff. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fix/fix.h"
#include "fix/internal.h"
#include "report/report.h"
#include "util/file.h"
#include "util/vec.h"

static const char *const SEQ_TYPES[] = {"tuple", "list", "expression_list", NULL};

/* A forbidden class reference to take out (AUTH003). */
typedef struct Removal {
    uint32_t start, end;
    const char *written;
} Removal;

/* One literal to rewrite and what the findings ask of it. */
typedef struct Target {
    uint32_t start, end; /* the tuple/list literal */
    bool settings;       /* a settings default: elements are dotted strings */
    bool jwt;            /* AUTH001: insert the preferred jwt class first */
    bool session;        /* AUTH002: add the preferred session class */
    bool reorder;        /* AUTH004: jwt before session */
    AL_VEC(Removal) removes;
} Target;

typedef struct FileWork {
    AL_VEC(Target) targets;
    AL_VEC(Removal) removes; /* AUTH003 references written in this file */
} FileWork;

typedef struct RefKind {
    uint32_t start, end;
    AlKind kind;
} RefKind;

enum { PREF_JWT, PREF_SESSION, PREF_COUNT };

typedef struct Fixer {
    const AlModel *model;
    const AlPolicy *policy;
    TSParser *parser;
    char ***warnings;
    size_t *n_warnings;
} Fixer;

/* State of one file while its literals are rewritten. */
typedef struct FileCtx {
    Fixer *fx;
    const AlFile *file;
    AlFixSource src;              /* the text as read */
    AL_VEC(RefKind) kinds;        /* kinds of the class references in it */
    int binding[PREF_COUNT];      /* -1 not looked up yet, else AlFixBinding */
    bool warned[PREF_COUNT];      /* the conflict was reported */
    char *bound[PREF_COUNT];      /* the name it is imported as */
    bool need_import[PREF_COUNT]; /* an inserted name needs its import */
    AL_VEC(char *) removed;       /* names of removed elements (heap) */
    AL_VEC(char *) texts;         /* inserted element texts (heap) */
} FileCtx;

static void warn(Fixer *fx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(Fixer *fx, const char *fmt, ...)
{
    AlBuf b = AL_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    al_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    *fx->warnings = al_xrealloc(*fx->warnings, (*fx->n_warnings + 1) * sizeof **fx->warnings);
    (*fx->warnings)[(*fx->n_warnings)++] = al_buf_detach(&b);
}

/* ---- collecting the work from the findings ------------------------------ */

static long file_index(const AlModel *m, const AlFile *f)
{
    if (!f) return -1;
    if (f >= m->files && f < m->files + m->n_files) return (long)(f - m->files);
    for (size_t i = 0; i < m->n_files; i++)
        if (strcmp(m->files[i].path, f->path) == 0) return (long)i;
    return -1;
}

static Target *target_for(FileWork *w, uint32_t start, uint32_t end)
{
    for (size_t i = 0; i < w->targets.len; i++)
        if (w->targets.items[i].start == start && w->targets.items[i].end == end) return &w->targets.items[i];
    al_vec_push(&w->targets, ((Target){.start = start, .end = end}));
    return &w->targets.items[w->targets.len - 1];
}

static void collect(const AlModel *m, const AlFindings *findings, FileWork *work)
{
    for (size_t i = 0; i < findings->len; i++) {
        const AlFinding *f = findings->items[i];
        if (f->suppressed) continue;
        const AlDecl *d = f->decl;
        if (f->rule == AL_AUTH003) {
            const AlAuthRef *r = f->ref;
            /* Pack-provided classes (a decorator table entry) are written
             * nowhere in the project. */
            if (!r || !r->file || !r->is_element || (d && !d->expr)) continue;
            long idx = file_index(m, r->file);
            if (idx < 0) continue;
            Removal rm = {r->span.start_byte, r->span.end_byte, r->written};
            al_vec_push(&work[idx].removes, rm);
            continue;
        }
        if (f->rule != AL_AUTH001 && f->rule != AL_AUTH002 && f->rule != AL_AUTH004) continue;
        /* Only a literal written at the declaration itself; a name bound
         * elsewhere, a concatenation or a call stays as it is. */
        if (!d || !d->file || !d->expr || d->expr->kind != AL_EXPR_SEQ || f->file != d->file) continue;
        long idx = file_index(m, d->file);
        if (idx < 0) continue;
        Target *t = target_for(&work[idx], d->expr->span.start_byte, d->expr->span.end_byte);
        if (d->kind == AL_DECL_SETTINGS) t->settings = true;
        if (f->rule == AL_AUTH001) t->jwt = true;
        if (f->rule == AL_AUTH002) t->session = true;
        if (f->rule == AL_AUTH004) t->reorder = true;
    }
}

static void file_kinds(const AlModel *m, const AlFile *file, FileCtx *fc)
{
    for (size_t i = 0; i < m->n_decls; i++) {
        const AlDecl *d = m->decls[i];
        for (size_t k = 0; k < d->n_values; k++)
            for (size_t r = 0; r < d->values[k].n_refs; r++) {
                const AlAuthRef *ref = &d->values[k].refs[r];
                if (ref->file != file || !ref->is_element) continue;
                al_vec_push(&fc->kinds, ((RefKind){ref->span.start_byte, ref->span.end_byte, ref->kind}));
            }
    }
}

/* Kind of the element at [start, end), or -1 when it is not a class
 * reference the model knows (a starred name, a call...). */
static int kind_at(const FileCtx *fc, uint32_t start, uint32_t end)
{
    for (size_t i = 0; i < fc->kinds.len; i++)
        if (fc->kinds.items[i].start == start && fc->kinds.items[i].end == end) return (int)fc->kinds.items[i].kind;
    return -1;
}

/* ---- one literal ------------------------------------------------------- */

/* Attaches the file's AUTH003 references to the literals that hold them
 * directly. Returns false when a reference is not where the model saw it
 * (the file changed since it was analysed). */
static bool attach_removals(FileCtx *fc, FileWork *w)
{
    for (size_t i = 0; i < w->removes.len; i++) {
        const Removal *r = &w->removes.items[i];
        TSNode n = al_fix_find_node(&fc->src, r->start, r->end, NULL);
        if (ts_node_is_null(n)) return false;
        if (al_fix_node_is(n, "identifier") && r->written && !al_fix_node_text_is(&fc->src, n, r->written))
            return false;
        TSNode parent = ts_node_parent(n);
        bool in_literal = false;
        for (size_t k = 0; SEQ_TYPES[k]; k++)
            if (al_fix_node_is(parent, SEQ_TYPES[k])) in_literal = true;
        if (!in_literal) continue; /* inside a parenthesized element or so: left for a person */
        Target *t = target_for(w, ts_node_start_byte(parent), ts_node_end_byte(parent));
        al_vec_push(&t->removes, *r);
    }
    return true;
}

static const AlPreferred *preferred(const Fixer *fx, int which)
{
    return which == PREF_JWT ? &fx->policy->preferred_jwt : &fx->policy->preferred_session;
}

/* Text of a new element for the preferred class: its dotted string in a
 * settings list, else the name it is (or will be) imported as. NULL when it
 * cannot be inserted. */
static const char *element_text(FileCtx *fc, int which, bool strings, char quote)
{
    const AlPreferred *p = preferred(fc->fx, which);
    if (!p->fqn || !p->name || !p->module) {
        warn(fc->fx, "%s: the rule pack names no preferred %s class; not inserted", fc->file->display,
             which == PREF_JWT ? "jwt" : "session");
        return NULL;
    }
    if (strings) {
        AlBuf b = AL_BUF_INIT;
        al_buf_addf(&b, "%c%s%c", quote, p->fqn, quote);
        char *t = al_buf_detach(&b);
        al_vec_push(&fc->texts, t);
        return t;
    }
    if (fc->binding[which] < 0)
        fc->binding[which] = (int)al_fix_binding(&fc->src, p->module, p->name, p->fqn, &fc->bound[which]);
    switch ((AlFixBinding)fc->binding[which]) {
    case AL_FIX_BOUND:
        return fc->bound[which];
    case AL_FIX_UNBOUND:
        return p->name;
    case AL_FIX_CONFLICT:
    default:
        if (!fc->warned[which])
            warn(fc->fx, "%s: %s already names something else in this file; %s not inserted", fc->file->display,
                 p->name, p->fqn);
        fc->warned[which] = true;
        return NULL;
    }
}

/* The name an element binds in the module: `a` for `a.b.C`. */
static char *element_name(const FileCtx *fc, TSNode n)
{
    while (al_fix_node_is(n, "attribute")) n = ts_node_child_by_field_name(n, "object", 6);
    if (!al_fix_node_is(n, "identifier")) return NULL;
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    char *r = al_xmalloc(e - s + 1);
    memcpy(r, fc->src.src + s, e - s);
    r[e - s] = '\0';
    return r;
}

static bool is_string(TSNode n)
{
    return al_fix_node_is(n, "string") || al_fix_node_is(n, "concatenated_string");
}

static char quote_of(const FileCtx *fc, TSNode n)
{
    for (uint32_t p = ts_node_start_byte(n); p < ts_node_end_byte(n); p++)
        if (fc->src.src[p] == '\'' || fc->src.src[p] == '"') return fc->src.src[p];
    return '\'';
}

typedef struct Elems {
    AlFixElem e[66];
    int kind[66];
    size_t m;
} Elems;

static void insert_at(Elems *l, size_t at, AlFixElem e, int kind)
{
    memmove(&l->e[at + 1], &l->e[at], (l->m - at) * sizeof l->e[0]);
    memmove(&l->kind[at + 1], &l->kind[at], (l->m - at) * sizeof l->kind[0]);
    l->e[at] = e;
    l->kind[at] = kind;
    l->m++;
}

static long first_of(const Elems *l, int kind)
{
    for (size_t i = 0; i < l->m; i++)
        if (l->kind[i] == kind) return (long)i;
    return -1;
}

/* Rewrites one literal. Returns 1 when it changes (edit added), 0 when it
 * does not or cannot, -1 when it is not where the model saw it. */
static int rewrite_target(FileCtx *fc, const Target *t, AlFixEdits *edits)
{
    TSNode seq = al_fix_find_node(&fc->src, t->start, t->end, SEQ_TYPES);
    if (ts_node_is_null(seq)) return -1;
    bool bracketed = !al_fix_node_is(seq, "expression_list");
    uint32_t starts[64], ends[64];
    TSNode nodes[64];
    size_t n = 0;
    uint32_t open_end = ts_node_start_byte(seq), close_start = ts_node_end_byte(seq);
    bool have_open = false, have_close = false;
    uint32_t count = ts_node_child_count(seq);
    for (uint32_t i = 0; i < count; i++) {
        TSNode ch = ts_node_child(seq, i);
        if (ts_node_is_named(ch)) {
            if (al_fix_node_is(ch, "comment")) continue;
            if (n == 64) return 0; /* longer than any real declaration */
            nodes[n] = ch;
            starts[n] = ts_node_start_byte(ch);
            ends[n++] = ts_node_end_byte(ch);
        } else if (bracketed && i == 0 && (al_fix_node_is(ch, "(") || al_fix_node_is(ch, "["))) {
            open_end = ts_node_end_byte(ch);
            have_open = true;
        } else if (bracketed && i + 1 == count && (al_fix_node_is(ch, ")") || al_fix_node_is(ch, "]")) &&
                   !ts_node_is_missing(ch)) {
            close_start = ts_node_start_byte(ch);
            have_close = true;
        }
    }
    if (n == 0 || (bracketed && (!have_open || !have_close))) return 0;

    bool strings = t->settings;
    char quote = '\'';
    for (size_t i = 0; i < n; i++)
        if (is_string(nodes[i])) {
            strings = true;
            quote = quote_of(fc, nodes[i]);
            break;
        }

    Elems l = {.m = 0};
    AL_VEC(char *) gone = {0};
    for (size_t i = 0; i < n; i++) {
        bool removed = false;
        for (size_t k = 0; k < t->removes.len; k++)
            if (t->removes.items[k].start == starts[i] && t->removes.items[k].end == ends[i]) removed = true;
        if (removed) {
            char *name = element_name(fc, nodes[i]);
            if (name) al_vec_push(&gone, name);
            continue;
        }
        l.e[l.m] = (AlFixElem){.orig = (int)i};
        l.kind[l.m++] = kind_at(fc, starts[i], ends[i]);
    }
    /* A literal that is the whole value must not end up empty: that would
     * leave its endpoints unauthenticated. The forbidden classes' catalog
     * replacement, JwtAuthentication, takes their place. An operand of `+`
     * or a starred element may become empty. */
    TSNode parent = ts_node_parent(seq);
    bool operand = al_fix_node_is(parent, "binary_operator") || al_fix_node_is(parent, "list_splat") ||
                   al_fix_node_is(parent, "parenthesized_list_splat");
    bool jwt = t->jwt || (l.m == 0 && !operand);
    bool ok = true;
    if (jwt && first_of(&l, AL_KIND_JWT) < 0) {
        const char *text = element_text(fc, PREF_JWT, strings, quote);
        if (text) {
            insert_at(&l, 0, (AlFixElem){.orig = -1, .text = text}, AL_KIND_JWT);
            if (!strings && fc->binding[PREF_JWT] == AL_FIX_UNBOUND) fc->need_import[PREF_JWT] = true;
        } else if (l.m == 0 && !operand) {
            ok = false;
        }
    }
    if (t->reorder) {
        long j = first_of(&l, AL_KIND_JWT), s = first_of(&l, AL_KIND_SESSION);
        if (j > 0 && s >= 0 && s < j) {
            AlFixElem e = l.e[j];
            e.moved = true;
            memmove(&l.e[1], &l.e[0], (size_t)j * sizeof l.e[0]);
            memmove(&l.kind[1], &l.kind[0], (size_t)j * sizeof l.kind[0]);
            l.e[0] = e;
            l.kind[0] = AL_KIND_JWT;
        }
    }
    if (t->session && first_of(&l, AL_KIND_SESSION) < 0) {
        const char *text = element_text(fc, PREF_SESSION, strings, quote);
        if (text) {
            long j = first_of(&l, AL_KIND_JWT);
            insert_at(&l, j >= 0 ? (size_t)j + 1 : l.m, (AlFixElem){.orig = -1, .text = text}, AL_KIND_SESSION);
            if (!strings && fc->binding[PREF_SESSION] == AL_FIX_UNBOUND) fc->need_import[PREF_SESSION] = true;
        }
    }
    bool changed = l.m != n;
    for (size_t i = 0; i < l.m && !changed; i++)
        if (l.e[i].orig != (int)i) changed = true;
    if (!ok || !changed) {
        for (size_t i = 0; i < gone.len; i++) free(gone.items[i]);
        al_vec_free(&gone);
        if (!ok)
            warn(fc->fx, "%s:%u: removing the forbidden classes would leave no authentication; not fixed",
                 fc->file->display, ts_node_start_point(seq).row + 1);
        return 0;
    }
    for (size_t i = 0; i < gone.len; i++) al_vec_push(&fc->removed, gone.items[i]);
    al_vec_free(&gone);

    if (l.m == 0) {
        /* An operand emptied: () keeps `X + ()` valid. */
        al_fix_edits_add(edits, bracketed ? open_end : ts_node_start_byte(seq),
                         bracketed ? close_start : ts_node_end_byte(seq), al_xstrdup(bracketed ? "" : "()"));
        return 1;
    }
    AlFixList list = {.src = fc->src.src,
                      .open_end = open_end,
                      .close_start = close_start,
                      .starts = starts,
                      .ends = ends,
                      .n = n,
                      .bracketed = bracketed,
                      .one_needs_comma = !al_fix_node_is(seq, "list"),
                      .trailing_ok = true};
    AlBuf out = AL_BUF_INIT;
    al_fix_list_render(&list, l.e, l.m, &out);
    al_fix_edits_add(edits, open_end, close_start, al_buf_detach(&out));
    return 1;
}

/* ---- one file ---------------------------------------------------------- */

/* Applies edits to *text (replacing it); false when they overlap. */
static bool apply(AlFixEdits *edits, AlBuf *text)
{
    AlBuf out = AL_BUF_INIT;
    int rc = al_fix_edits_apply(edits, text->ptr, text->len, &out);
    al_fix_edits_free(edits);
    if (rc < 0) {
        al_buf_release(&out);
        return false;
    }
    al_buf_release(text);
    *text = out;
    return true;
}

static bool read_only(const char *path, struct stat *st)
{
    /* No write bit means "do not change", even for a user (root) whom the
     * kernel would let write. */
    return access(path, W_OK) != 0 || !(st->st_mode & 0222);
}

/* Returns 0 when written, 1 when left alone (changed meanwhile), -1 when it
 * cannot be written. */
static int write_file(Fixer *fx, const AlFile *file, const char *old_text, size_t old_len, const AlBuf *text)
{
    int rc = 0;
    char *real = realpath(file->path, NULL); /* a symlinked file is written through */
    const char *path = real ? real : file->path;
    char *dir = al_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    struct stat st, dst;
    if (stat(path, &st) != 0 || stat(slash ? (dir[0] ? dir : "/") : ".", &dst) != 0) {
        warn(fx, "%s: cannot write: %s; not fixed", file->display, strerror(errno));
        rc = -1;
        goto out;
    }
    if (read_only(path, &st) || read_only(slash ? (dir[0] ? dir : "/") : ".", &dst)) {
        warn(fx, "%s: cannot write (read-only %s); not fixed", file->display, read_only(path, &st) ? "file" : "directory");
        rc = -1;
        goto out;
    }
    /* Someone may have saved the file while we worked on it. */
    size_t now_len = 0;
    char *now = al_file_read(path, SIZE_MAX, &now_len);
    if (!now || now_len != old_len || memcmp(now, old_text, old_len) != 0) {
        warn(fx, "%s: changed while being fixed; not written", file->display);
        free(now);
        rc = 1;
        goto out;
    }
    free(now);
    AlError e;
    if (al_write_atomic(path, text->ptr, text->len, &e) < 0) {
        warn(fx, "%s: cannot write: %s; not fixed", file->display, e.text);
        rc = -1;
    }
out:
    free(dir);
    free(real);
    return rc;
}

static void file_ctx_free(FileCtx *fc)
{
    al_fix_source_free(&fc->src);
    al_vec_free(&fc->kinds);
    for (int i = 0; i < PREF_COUNT; i++) free(fc->bound[i]);
    for (size_t i = 0; i < fc->removed.len; i++) free(fc->removed.items[i]);
    al_vec_free(&fc->removed);
    for (size_t i = 0; i < fc->texts.len; i++) free(fc->texts.items[i]);
    al_vec_free(&fc->texts);
}

/* Imports of removed names that nothing uses any more. */
static void drop_unused_imports(FileCtx *fc, AlBuf *text)
{
    if (!fc->removed.len) return;
    AlFixSource s;
    al_fix_source_parse(fc->fx->parser, text->ptr, text->len, &s);
    AL_VEC(const char *) unused = {0};
    for (size_t i = 0; i < fc->removed.len; i++) {
        const char *name = fc->removed.items[i];
        bool dup = false;
        for (size_t k = 0; k < unused.len; k++)
            if (strcmp(unused.items[k], name) == 0) dup = true;
        if (!dup && al_fix_count_uses(&s, name) == 0) al_vec_push(&unused, name);
    }
    AlFixEdits edits = {0};
    if (unused.len) al_fix_remove_imports(&s, unused.items, unused.len, &edits);
    al_fix_source_free(&s);
    if (edits.len && !apply(&edits, text))
        warn(fc->fx, "%s: unused imports left in place", fc->file->display);
    al_fix_edits_free(&edits);
    al_vec_free(&unused);
}

static void add_needed_imports(FileCtx *fc, AlBuf *text)
{
    const char *modules[PREF_COUNT], *names[PREF_COUNT];
    size_t n = 0;
    for (int i = 0; i < PREF_COUNT; i++)
        if (fc->need_import[i]) {
            modules[n] = preferred(fc->fx, i)->module;
            names[n++] = preferred(fc->fx, i)->name;
        }
    if (!n) return;
    AlFixSource s;
    al_fix_source_parse(fc->fx->parser, text->ptr, text->len, &s);
    AlFixEdits edits = {0};
    al_fix_add_imports(&s, modules, names, n, &edits);
    al_fix_source_free(&s);
    if (!apply(&edits, text)) warn(fc->fx, "%s: could not add the imports", fc->file->display);
}

static int fix_file(Fixer *fx, size_t idx, FileWork *w, bool write, AlBuf *diff, AlFixStats *stats)
{
    const AlFile *file = &fx->model->files[idx];
    int rc = 0;
    size_t len = 0;
    char *src = al_file_read(file->path, SIZE_MAX, &len);
    if (!src) {
        warn(fx, "%s: cannot read: %s; not fixed", file->display, strerror(errno));
        return 0;
    }
    FileCtx fc = {.fx = fx, .file = file, .binding = {-1, -1}};
    al_fix_source_parse(fx->parser, src, len, &fc.src);
    file_kinds(fx->model, file, &fc);
    AlFixEdits edits = {0};
    AlBuf text = AL_BUF_INIT;
    size_t changed = 0;
    /* A cheap first test that this is the text the model was built from;
     * the spans of every literal and reference are checked below. */
    uint32_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += src[i] == '\n';
    bool stale = (file->facts && file->facts->n_lines != lines) || !attach_removals(&fc, w);
    for (size_t i = 0; i < w->targets.len && !stale; i++) {
        int r = rewrite_target(&fc, &w->targets.items[i], &edits);
        if (r < 0) stale = true;
        if (r > 0) changed++;
    }
    if (stale) {
        warn(fx, "%s: changed since it was analysed; not fixed", file->display);
        goto out;
    }
    if (!changed) goto out;
    al_buf_add(&text, src, len);
    if (!apply(&edits, &text)) {
        warn(fx, "%s: overlapping rewrites (a literal inside another); not fixed", file->display);
        goto out;
    }
    /* Added before the unused ones go, so a new import takes the place of
     * the one it replaces. */
    add_needed_imports(&fc, &text);
    drop_unused_imports(&fc, &text);

    AlFixSource result;
    al_fix_source_parse(fx->parser, text.ptr, text.len, &result);
    size_t errors = al_fix_count_errors(&result), before = al_fix_count_errors(&fc.src);
    al_fix_source_free(&result);
    if (errors > before) {
        warn(fx, "%s: the rewrite would not parse; not fixed", file->display);
        goto out;
    }
    if (text.len == len && memcmp(text.ptr, src, len) == 0) goto out;
    if (!write) {
        al_fix_diff(file->relpath, src, len, text.ptr, text.len, diff);
    } else {
        int wrc = write_file(fx, file, src, len, &text);
        if (wrc) {
            rc = wrc < 0 ? -1 : 0;
            goto out;
        }
    }
    stats->declarations += changed;
    stats->files++;
out:
    al_fix_edits_free(&edits);
    al_buf_release(&text);
    file_ctx_free(&fc);
    free(src);
    return rc;
}

int al_fix_apply(const AlModel *model, const AlPolicy *policy, const AlFindings *findings, bool write, AlBuf *diff,
                 AlFixStats *stats, char ***warnings, size_t *n_warnings)
{
    Fixer fx = {model, policy, ts_parser_new(), warnings, n_warnings};
    ts_parser_set_language(fx.parser, tree_sitter_python());
    *stats = (AlFixStats){0};
    FileWork *work = al_xcalloc(model->n_files ? model->n_files : 1, sizeof *work);
    collect(model, findings, work);
    int rc = 0;
    AL_VEC(char *) seen = {0}; /* real paths done: a file reached through a
                                  symlink too is fixed once */
    for (size_t i = 0; i < model->n_files; i++) {
        FileWork *w = &work[i];
        if (w->targets.len || w->removes.len) {
            char *real = realpath(model->files[i].path, NULL);
            bool dup = false;
            for (size_t k = 0; real && k < seen.len; k++)
                if (strcmp(seen.items[k], real) == 0) dup = true;
            if (dup)
                free(real);
            else {
                if (real) al_vec_push(&seen, real);
                if (fix_file(&fx, i, w, write, diff, stats) < 0) rc = -1;
            }
        }
        for (size_t k = 0; k < w->targets.len; k++) al_vec_free(&w->targets.items[k].removes);
        al_vec_free(&w->targets);
        al_vec_free(&w->removes);
    }
    for (size_t k = 0; k < seen.len; k++) free(seen.items[k]);
    al_vec_free(&seen);
    free(work);
    ts_parser_delete(fx.parser);
    return rc;
}
