/* Facts cache: a small tagged binary encoding of AlFacts (strings as length +
 * bytes, arrays as count + items, recursion bounded) and the files that hold
 * it, one per content hash, in two-level directories. The format version and
 * the grammar version are part of the header: a change of either is a miss. */
#include "parse/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/file.h"

#define MAGIC "ALFC0008tsp0.23.6" /* bumped when facts change for the same bytes */
#define MAX_DEPTH 256

/* ---- key --------------------------------------------------------------- */

AlCacheKey al_cache_key(const char *bytes, size_t len)
{
    /* Two independent 64-bit hashes (FNV-1a and a multiply-xorshift over
     * 8-byte words) plus the length. */
    uint64_t h1 = 1469598103934665603ULL, h2 = 0x9E3779B97F4A7C15ULL ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, bytes + i, 8);
        h2 ^= w;
        h2 *= 0xff51afd7ed558ccdULL;
        h2 ^= h2 >> 33;
    }
    for (; i < len; i++) {
        h2 ^= (unsigned char)bytes[i];
        h2 *= 0xc4ceb9fe1a85ec53ULL;
    }
    for (size_t k = 0; k < len; k++) {
        h1 ^= (unsigned char)bytes[k];
        h1 *= 1099511628211ULL;
    }
    return (AlCacheKey){h1, h2, len};
}

/* ---- encoding ---------------------------------------------------------- */

static void put_u32(AlBuf *b, uint32_t v)
{
    al_buf_add(b, (const char *)&v, 4);
}

static void put_str(AlBuf *b, const char *s)
{
    if (!s) {
        put_u32(b, UINT32_MAX);
        return;
    }
    uint32_t n = (uint32_t)strlen(s);
    put_u32(b, n);
    al_buf_add(b, s, n);
}

static void put_span(AlBuf *b, AlSpan s)
{
    al_buf_add(b, (const char *)&s, sizeof s);
}

static void put_expr(AlBuf *b, const AlExpr *e)
{
    if (!e) {
        put_u32(b, UINT32_MAX);
        return;
    }
    put_u32(b, (uint32_t)e->kind);
    put_span(b, e->span);
    put_str(b, e->text);
    uint32_t flags = (uint32_t)e->is_list | (uint32_t)e->parenthesized << 1 | (uint32_t)e->trailing_comma << 2 |
                     (uint32_t)e->multiline << 3 | (uint32_t)(e->keys != NULL) << 4;
    put_u32(b, flags);
    put_u32(b, e->n_items);
    for (uint32_t i = 0; i < e->n_items; i++) put_expr(b, e->items[i]);
    if (e->kind == AL_EXPR_DICT)
        for (uint32_t i = 0; i < e->n_items; i++) put_expr(b, e->keys ? e->keys[i] : NULL);
    put_u32(b, e->n_kw);
    for (uint32_t i = 0; i < e->n_kw; i++) {
        put_expr(b, e->keys[i]);
        put_expr(b, e->kwvalues[i]);
    }
}

static void put_stmts(AlBuf *b, AlStmt *const *s, uint32_t n);

static void put_stmt(AlBuf *b, const AlStmt *s)
{
    put_u32(b, (uint32_t)s->kind);
    put_span(b, s->span);
    put_str(b, s->target);
    put_span(b, s->target_span);
    put_str(b, s->key_text);
    put_span(b, s->key_span);
    put_expr(b, s->value);
    put_u32(b, s->is_try);
    put_u32(b, s->n_arms);
    for (uint32_t i = 0; i < s->n_arms; i++) {
        const AlArm *a = &s->arms[i];
        put_span(b, a->span);
        put_u32(b, (uint32_t)a->is_else | (uint32_t)a->is_except << 1 | (uint32_t)a->is_finally << 2);
        put_str(b, a->except_types);
        put_stmts(b, a->stmts, a->n_stmts);
    }
}

static void put_stmts(AlBuf *b, AlStmt *const *s, uint32_t n)
{
    put_u32(b, n);
    for (uint32_t i = 0; i < n; i++) put_stmt(b, s[i]);
}

static void put_decorators(AlBuf *b, const AlDecorator *d, uint32_t n)
{
    put_u32(b, n);
    for (uint32_t i = 0; i < n; i++) {
        put_expr(b, d[i].expr);
        put_span(b, d[i].span);
    }
}

static void put_function(AlBuf *b, const AlFunction *f)
{
    put_str(b, f->name);
    put_span(b, f->def_span);
    put_span(b, f->name_span);
    put_decorators(b, f->decorators, f->n_decorators);
    put_stmts(b, f->auth_assigns, f->n_auth_assigns);
    put_expr(b, f->returned_call);
}

char *al_facts_encode(const AlFacts *f, size_t *len)
{
    AlBuf b = AL_BUF_INIT;
    al_buf_adds(&b, MAGIC);
    put_u32(&b, f->n_imports);
    for (uint32_t i = 0; i < f->n_imports; i++) {
        const AlImport *im = &f->imports[i];
        put_u32(&b, (uint32_t)im->kind);
        put_str(&b, im->module);
        put_u32(&b, im->level);
        put_str(&b, im->name);
        put_str(&b, im->asname);
        put_str(&b, im->bound);
        put_span(&b, im->span);
        put_span(&b, im->stmt_span);
        put_u32(&b, im->n_names);
        put_u32(&b, (uint32_t)im->in_try | (uint32_t)im->in_except << 1 | (uint32_t)im->in_function << 2 |
                        (uint32_t)im->parenthesized << 3);
    }
    put_stmts(&b, f->body, f->n_body);
    put_u32(&b, f->n_classes);
    for (uint32_t i = 0; i < f->n_classes; i++) {
        const AlClass *c = &f->classes[i];
        put_str(&b, c->name);
        put_span(&b, c->class_span);
        put_span(&b, c->name_span);
        put_u32(&b, c->n_bases);
        for (uint32_t k = 0; k < c->n_bases; k++) put_expr(&b, c->bases[k]);
        put_decorators(&b, c->decorators, c->n_decorators);
        put_stmts(&b, c->body, c->n_body);
        put_u32(&b, c->n_methods);
        for (uint32_t k = 0; k < c->n_methods; k++) put_function(&b, &c->methods[k]);
    }
    put_u32(&b, f->n_functions);
    for (uint32_t i = 0; i < f->n_functions; i++) put_function(&b, &f->functions[i]);
    put_u32(&b, f->n_comments);
    for (uint32_t i = 0; i < f->n_comments; i++) {
        put_u32(&b, f->comments[i].line);
        put_u32(&b, f->comments[i].col);
        put_str(&b, f->comments[i].text);
    }
    put_u32(&b, f->has_error);
    put_span(&b, f->error_span);
    put_u32(&b, f->n_lines);
    *len = b.len;
    return al_buf_detach(&b);
}

/* ---- decoding (every read checked) --------------------------------------- */

typedef struct Reader {
    const char *p, *end;
    AlArena *arena;
    bool bad;
    int depth;
} Reader;

static uint32_t get_u32(Reader *r)
{
    uint32_t v = 0;
    if (r->bad || (size_t)(r->end - r->p) < 4) {
        r->bad = true;
        return 0;
    }
    memcpy(&v, r->p, 4);
    r->p += 4;
    return v;
}

/* A count that must fit in what is left (each item takes >= min bytes). */
static uint32_t get_count(Reader *r, size_t min)
{
    uint32_t n = get_u32(r);
    if (!r->bad && (size_t)n * min > (size_t)(r->end - r->p)) r->bad = true;
    return r->bad ? 0 : n;
}

static const char *get_str(Reader *r)
{
    uint32_t n = get_u32(r);
    if (r->bad || n == UINT32_MAX) return NULL;
    if ((size_t)(r->end - r->p) < n) {
        r->bad = true;
        return NULL;
    }
    const char *s = al_arena_strndup(r->arena, r->p, n);
    r->p += n;
    return s;
}

static AlSpan get_span(Reader *r)
{
    AlSpan s = {0};
    if (r->bad || (size_t)(r->end - r->p) < sizeof s) {
        r->bad = true;
        return s;
    }
    memcpy(&s, r->p, sizeof s);
    r->p += sizeof s;
    return s;
}

static void *get_array(Reader *r, uint32_t n, size_t size)
{
    return n ? al_arena_alloc(r->arena, (size_t)n * size) : NULL;
}

static AlExpr *get_expr(Reader *r)
{
    uint32_t kind = get_u32(r);
    if (r->bad || kind == UINT32_MAX) return NULL;
    if (kind > AL_EXPR_OTHER || ++r->depth > MAX_DEPTH) {
        r->bad = true;
        return NULL;
    }
    AlExpr *e = al_arena_alloc(r->arena, sizeof(AlExpr));
    e->kind = (AlExprKind)kind;
    e->span = get_span(r);
    e->text = get_str(r);
    uint32_t flags = get_u32(r);
    e->is_list = flags & 1;
    e->parenthesized = flags & 2;
    e->trailing_comma = flags & 4;
    e->multiline = flags & 8;
    e->n_items = get_count(r, 4);
    e->items = get_array(r, e->n_items, sizeof(AlExpr *));
    for (uint32_t i = 0; i < e->n_items && !r->bad; i++) e->items[i] = get_expr(r);
    if (e->kind == AL_EXPR_DICT) {
        e->keys = get_array(r, e->n_items, sizeof(AlExpr *));
        for (uint32_t i = 0; i < e->n_items && !r->bad; i++) e->keys[i] = get_expr(r);
    }
    uint32_t nkw = get_count(r, 8);
    if (nkw) {
        e->keys = get_array(r, nkw, sizeof(AlExpr *));
        e->kwvalues = get_array(r, nkw, sizeof(AlExpr *));
        for (uint32_t i = 0; i < nkw && !r->bad; i++) {
            e->keys[i] = get_expr(r);
            e->kwvalues[i] = get_expr(r);
            if (!e->keys[i] || !e->keys[i]->text) r->bad = true;
        }
        e->n_kw = r->bad ? 0 : nkw;
    }
    /* Items are never NULL except DICT keys (spread). */
    for (uint32_t i = 0; i < e->n_items && !r->bad; i++)
        if (!e->items[i]) r->bad = true;
    if (!r->bad && (e->kind == AL_EXPR_NAME || e->kind == AL_EXPR_STRING || e->kind == AL_EXPR_CALL) && !e->text)
        r->bad = true;
    if (!r->bad && (e->kind == AL_EXPR_CONCAT || e->kind == AL_EXPR_STARRED) &&
        e->n_items != (e->kind == AL_EXPR_CONCAT ? 2u : 1u))
        r->bad = true;
    r->depth--;
    return e;
}

static AlStmt **get_stmts(Reader *r, uint32_t *n);

static AlStmt *get_stmt(Reader *r)
{
    if (++r->depth > MAX_DEPTH) {
        r->bad = true;
        return NULL;
    }
    AlStmt *s = al_arena_alloc(r->arena, sizeof(AlStmt));
    uint32_t kind = get_u32(r);
    if (kind > AL_STMT_UNPACK) r->bad = true;
    s->kind = (AlStmtKind)kind;
    s->span = get_span(r);
    s->target = get_str(r);
    s->target_span = get_span(r);
    s->key_text = get_str(r);
    s->key_span = get_span(r);
    s->value = get_expr(r);
    s->is_try = get_u32(r) != 0;
    s->n_arms = get_count(r, 8);
    s->arms = get_array(r, s->n_arms, sizeof(AlArm));
    for (uint32_t i = 0; i < s->n_arms && !r->bad; i++) {
        AlArm *a = &s->arms[i];
        a->span = get_span(r);
        uint32_t fl = get_u32(r);
        a->is_else = fl & 1;
        a->is_except = fl & 2;
        a->is_finally = fl & 4;
        a->except_types = get_str(r);
        a->stmts = get_stmts(r, &a->n_stmts);
    }
    if (!r->bad && s->kind != AL_STMT_BRANCH && !s->target) r->bad = true;
    if (!r->bad && s->kind == AL_STMT_CALL && (!s->value || !s->key_text)) r->bad = true;
    r->depth--;
    return s;
}

static AlStmt **get_stmts(Reader *r, uint32_t *n)
{
    *n = get_count(r, 4);
    AlStmt **s = get_array(r, *n, sizeof(AlStmt *));
    for (uint32_t i = 0; i < *n && !r->bad; i++) s[i] = get_stmt(r);
    if (r->bad) *n = 0;
    return s;
}

static AlDecorator *get_decorators(Reader *r, uint32_t *n)
{
    *n = get_count(r, 8);
    AlDecorator *d = get_array(r, *n, sizeof(AlDecorator));
    for (uint32_t i = 0; i < *n && !r->bad; i++) {
        d[i].expr = get_expr(r);
        d[i].span = get_span(r);
        if (!d[i].expr) r->bad = true;
    }
    return d;
}

static void get_function(Reader *r, AlFunction *f)
{
    f->name = get_str(r);
    f->def_span = get_span(r);
    f->name_span = get_span(r);
    f->decorators = get_decorators(r, &f->n_decorators);
    f->auth_assigns = get_stmts(r, &f->n_auth_assigns);
    f->returned_call = get_expr(r);
    if (!f->name) r->bad = true;
}

AlFacts *al_facts_decode(const char *bytes, size_t len)
{
    size_t ml = sizeof MAGIC - 1;
    if (len < ml || memcmp(bytes, MAGIC, ml) != 0) return NULL;
    AlArena *arena = al_arena_new();
    AlFacts *f = al_arena_alloc(arena, sizeof(AlFacts));
    f->arena = arena;
    Reader r = {bytes + ml, bytes + len, arena, false, 0};
    f->n_imports = get_count(&r, 16);
    f->imports = get_array(&r, f->n_imports, sizeof(AlImport));
    for (uint32_t i = 0; i < f->n_imports && !r.bad; i++) {
        AlImport *im = &f->imports[i];
        uint32_t k = get_u32(&r);
        if (k > AL_IMPORT_STAR) r.bad = true;
        im->kind = (AlImportKind)k;
        im->module = get_str(&r);
        im->level = get_u32(&r);
        im->name = get_str(&r);
        im->asname = get_str(&r);
        im->bound = get_str(&r);
        im->span = get_span(&r);
        im->stmt_span = get_span(&r);
        im->n_names = get_u32(&r);
        uint32_t fl = get_u32(&r);
        im->in_try = fl & 1;
        im->in_except = fl & 2;
        im->in_function = fl & 4;
        im->parenthesized = fl & 8;
        if (!im->module || !im->bound || (im->kind == AL_IMPORT_FROM && !im->name)) r.bad = true;
    }
    f->body = get_stmts(&r, &f->n_body);
    f->n_classes = get_count(&r, 16);
    f->classes = get_array(&r, f->n_classes, sizeof(AlClass));
    for (uint32_t i = 0; i < f->n_classes && !r.bad; i++) {
        AlClass *c = &f->classes[i];
        c->name = get_str(&r);
        c->class_span = get_span(&r);
        c->name_span = get_span(&r);
        c->n_bases = get_count(&r, 4);
        c->bases = get_array(&r, c->n_bases, sizeof(AlExpr *));
        for (uint32_t k = 0; k < c->n_bases && !r.bad; k++)
            if (!(c->bases[k] = get_expr(&r))) r.bad = true;
        c->decorators = get_decorators(&r, &c->n_decorators);
        c->body = get_stmts(&r, &c->n_body);
        c->n_methods = get_count(&r, 16);
        c->methods = get_array(&r, c->n_methods, sizeof(AlFunction));
        for (uint32_t k = 0; k < c->n_methods && !r.bad; k++) get_function(&r, &c->methods[k]);
        if (!c->name) r.bad = true;
    }
    f->n_functions = get_count(&r, 16);
    f->functions = get_array(&r, f->n_functions, sizeof(AlFunction));
    for (uint32_t i = 0; i < f->n_functions && !r.bad; i++) get_function(&r, &f->functions[i]);
    f->n_comments = get_count(&r, 12);
    f->comments = get_array(&r, f->n_comments, sizeof(AlComment));
    for (uint32_t i = 0; i < f->n_comments && !r.bad; i++) {
        f->comments[i].line = get_u32(&r);
        f->comments[i].col = get_u32(&r);
        f->comments[i].text = get_str(&r);
        if (!f->comments[i].text) r.bad = true;
    }
    f->has_error = get_u32(&r) != 0;
    f->error_span = get_span(&r);
    f->n_lines = get_u32(&r);
    if (r.bad || r.p != r.end) {
        al_arena_free(arena);
        return NULL;
    }
    return f;
}

/* ---- files --------------------------------------------------------------- */

static void entry_path(char *out, size_t n, const char *dir, AlCacheKey k)
{
    snprintf(out, n, "%s/%02x/%016llx%016llx%llx", dir, (unsigned)(k.h1 & 0xff), (unsigned long long)k.h1,
             (unsigned long long)k.h2, (unsigned long long)k.len);
}

AlFacts *al_cache_load(const char *dir, AlCacheKey key)
{
    char path[4096];
    entry_path(path, sizeof path, dir, key);
    size_t len = 0;
    char *buf = al_file_read(path, 1 << 28, &len);
    AlFacts *f = buf && len > 0 ? al_facts_decode(buf, len) : NULL;
    free(buf);
    return f;
}

void al_cache_replace(const char *path, const char *bytes, size_t len)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld.%lx.tmp", path, (long)getpid(), (unsigned long)pthread_self());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    size_t off = 0;
    bool ok = true;
    while (off < len) {
        ssize_t w = write(fd, bytes + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            ok = false;
            break;
        }
        off += (size_t)w;
    }
    if (close(fd) != 0) ok = false;
    if (!ok || rename(tmp, path) != 0) unlink(tmp);
}

void al_cache_store(const char *dir, AlCacheKey key, const AlFacts *facts)
{
    char path[4096], sub[4096];
    entry_path(path, sizeof path, dir, key);
    snprintf(sub, sizeof sub, "%s", path);
    char *slash = strrchr(sub, '/');
    if (!slash) return;
    *slash = '\0';
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) return;
    if (mkdir(sub, 0755) != 0 && errno != EEXIST) return;
    /* .gitignore so the cache never lands in a commit. */
    char ign[4200];
    snprintf(ign, sizeof ign, "%s/.gitignore", dir);
    if (access(ign, F_OK) != 0) {
        FILE *g = fopen(ign, "w");
        if (g) {
            fputs("*\n", g);
            fclose(g);
        }
    }
    size_t len;
    char *bytes = al_facts_encode(facts, &len);
    al_cache_replace(path, bytes, len);
    free(bytes);
}
