/* Pre-scan (see prescan.h). Relevance rules, all conservative (a false hit
 * costs a parse, a miss would lose an endpoint):
 *  - keywords: authentication_classes, REST_FRAMEWORK, Authentication,
 *    api_view, APIView, ViewSet, the suppression markers, plus the last
 *    names of the pack's view bases, catalog classes and decorators;
 *  - names: every class of a parsed file whose base names a relevant name (a
 *    DRF base, a relevant class) or that declares authentication_classes (so
 *    subclasses and re-exports elsewhere are found); every name used in an
 *    authentication_classes value (class body, @action keyword,
 *    @authentication_classes argument), a settings value, or the value of a
 *    relevant module constant (constants defined elsewhere); decorator
 *    factories that assign authentication_classes. Decorator names need no
 *    rule: a factory's file mentions authentication_classes or a table
 *    decorator, both keywords. */
#define _GNU_SOURCE /* memmem */
#include "parse/prescan.h"

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/map.h"
#include "util/vec.h"

/* Not "rest_framework": every serializer and test imports it. A file that
 * defines a view names a view base (all contain "APIView" or "ViewSet"), a
 * project base (found by the name rounds) or api_view. */
static const char *const BASE_KEYWORDS[] = {"authentication_classes", "REST_FRAMEWORK", "Authentication",
                                            "api_view", "APIView", "ViewSet",
                                            /* inline suppressions (AUTH007) */
                                            "authlint:", "AUTH0"};

static const char *last_of(const char *s)
{
    const char *dot = strrchr(s, '.');
    return dot ? dot + 1 : s;
}

static void push_unique(const char ***v, size_t *n, size_t *cap, const char *s)
{
    if (!*s) return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0 || strstr(s, (*v)[i])) return; /* covered by a shorter keyword */
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *v = al_xrealloc(*v, *cap * sizeof(char *));
    }
    (*v)[(*n)++] = s;
}

static void set_bit(uint64_t *bits, unsigned i)
{
    bits[i >> 6] |= (uint64_t)1 << (i & 63);
}

AlKeywords *al_prescan_keywords(const AlPolicy *p)
{
    const char **v = NULL;
    size_t len = 0, cap = 0;
    for (size_t i = 0; i < sizeof BASE_KEYWORDS / sizeof *BASE_KEYWORDS; i++) push_unique(&v, &len, &cap, BASE_KEYWORDS[i]);
    for (size_t i = 0; i < p->n_catalog; i++) push_unique(&v, &len, &cap, last_of(p->catalog[i].fqn));
    for (size_t i = 0; i < p->n_decorators; i++) {
        push_unique(&v, &len, &cap, last_of(p->decorators[i].fqn));
        for (size_t k = 0; k < p->decorators[i].n_aliases; k++)
            push_unique(&v, &len, &cap, last_of(p->decorators[i].aliases[k]));
    }
    for (size_t i = 0; i < p->n_view_bases; i++) {
        /* A glob's last segment without wildcards ("*APIView" -> "APIView"). */
        const char *l = last_of(p->view_bases[i]);
        while (*l == '*' || *l == '?') l++;
        if (!strpbrk(l, "*?[")) push_unique(&v, &len, &cap, l);
        else push_unique(&v, &len, &cap, "rest_framework");
    }
    /* @action and @authentication_classes only matter with the keyword
     * "authentication_classes", already a keyword ("action" is everywhere). */
    for (size_t i = 0; i < p->n_view_function_decorators; i++)
        push_unique(&v, &len, &cap, last_of(p->view_function_decorators[i]));
    AlKeywords *kw = al_xcalloc(1, sizeof *kw);
    kw->words = v;
    kw->n = len;
    kw->lens = al_xmalloc((len ? len : 1) * sizeof *kw->lens);
    for (size_t i = 0; i < len; i++) {
        const unsigned char *w = (const unsigned char *)v[i];
        kw->lens[i] = strlen(v[i]);
        if (kw->lens[i] >= 2) {
            set_bit(kw->first_pairs, (unsigned)w[0] << 8 | w[1]);
        } else {
            for (unsigned b = 0; b < 256; b++) set_bit(kw->first_pairs, (unsigned)w[0] << 8 | b);
        }
    }
    return kw;
}

void al_prescan_keywords_free(AlKeywords *self)
{
    if (!self) return;
    free(self->words);
    free(self->lens);
    free(self);
}

/* One pass over the bytes (searching for each keyword in turn cost four
 * times as much): only where a byte pair begins some keyword are the
 * keywords compared. The byte after the last counts as NUL. */
bool al_prescan_hit(const char *bytes, size_t len, const AlKeywords *kw)
{
    const unsigned char *b = (const unsigned char *)bytes;
    for (size_t i = 0; i < len; i++) {
        unsigned pair = (unsigned)b[i] << 8 | (i + 1 < len ? b[i + 1] : 0);
        if (!(kw->first_pairs[pair >> 6] >> (pair & 63) & 1)) continue;
        for (size_t k = 0; k < kw->n; k++)
            if (kw->words[k][0] == bytes[i] && kw->lens[k] <= len - i && memcmp(bytes + i, kw->words[k], kw->lens[k]) == 0)
                return true;
    }
    return false;
}

/* ---- class-header names --------------------------------------------------- */

static bool ident_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Identifiers of class headers only: `class Name(Base, mod.Other):`, at any
 * indentation, bases over several lines. Later rounds need a skipped file
 * only when it subclasses (or defines) a relevant class; imports of relevant
 * names are followed module by module instead (pool.c). A header found inside
 * a string only adds names: the list may match wrongly, never miss. Hashes
 * are kept sorted and unique, so matching costs one lookup per name. */
AlHeaderNames *al_prescan_header_names(const char *bytes, size_t len)
{
    AL_VEC(uint64_t) v = {0};
    for (const char *p = bytes, *end = bytes + len; p < end;) {
        const char *hit = memmem(p, (size_t)(end - p), "class", 5);
        if (!hit) break;
        p = hit + 5;
        bool starts = hit == bytes || !ident_byte((unsigned char)hit[-1]);
        if (!starts || p >= end || (*p != ' ' && *p != '\t')) continue;
        /* Up to the ':' that ends the header, brackets balanced. */
        int depth = 0;
        const char *q = p;
        for (; q < end && (q - p) < 4096; q++) {
            char c = *q;
            if (c == '(' || c == '[') depth++;
            else if (c == ')' || c == ']') depth--;
            else if ((c == ':' && depth <= 0) || (c == '\n' && depth <= 0)) break;
            if (!ident_byte((unsigned char)c)) continue;
            const char *s0 = q;
            while (q < end && ident_byte((unsigned char)*q)) q++;
            al_vec_push(&v, al_hash_bytes(s0, (size_t)(q - s0)));
            q--;
        }
        p = q;
    }
    if (v.len) qsort(v.items, v.len, sizeof *v.items, cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < v.len; i++)
        if (k == 0 || v.items[k - 1] != v.items[i]) v.items[k++] = v.items[i];
    AlHeaderNames *h = al_prescan_header_names_new((uint32_t)k);
    if (k) memcpy(h->hashes, v.items, k * sizeof *v.items);
    al_vec_free(&v);
    return h;
}

AlHeaderNames *al_prescan_header_names_new(uint32_t n)
{
    AlHeaderNames *h = al_xmalloc(sizeof *h + (size_t)n * sizeof(uint64_t));
    h->n = n;
    return h;
}

/* ---- the relevant-name set ------------------------------------------------ */

struct AlNameSet {
    AlArena *arena;
    AlKeywords *keywords; /* round-one keywords (substring matches) */
    AlMap names;     /* name -> generation index + 1 */
    AL_VEC(uint64_t) hashes; /* in generation order */
    /* hash -> generation + 1, open addressing (0 = empty slot) */
    uint64_t *slot_hash;
    size_t *slot_gen;
    size_t n_slots;
};

static void gen_put(AlNameSet *s, uint64_t h, size_t gen)
{
    if ((s->hashes.len + 1) * 2 > s->n_slots) {
        size_t old_n = s->n_slots;
        uint64_t *old_h = s->slot_hash;
        size_t *old_g = s->slot_gen;
        s->n_slots = old_n ? old_n * 2 : 1024;
        s->slot_hash = al_xcalloc(s->n_slots, sizeof *s->slot_hash);
        s->slot_gen = al_xcalloc(s->n_slots, sizeof *s->slot_gen);
        for (size_t i = 0; i < old_n; i++)
            if (old_g[i]) {
                size_t j = old_h[i] & (s->n_slots - 1);
                while (s->slot_gen[j]) j = (j + 1) & (s->n_slots - 1);
                s->slot_hash[j] = old_h[i];
                s->slot_gen[j] = old_g[i];
            }
        free(old_h);
        free(old_g);
    }
    size_t j = h & (s->n_slots - 1);
    while (s->slot_gen[j] && s->slot_hash[j] != h) j = (j + 1) & (s->n_slots - 1);
    if (!s->slot_gen[j]) {
        s->slot_hash[j] = h;
        s->slot_gen[j] = gen + 1;
    }
}

/* Generation + 1 of the first name with hash h, 0 when none. */
static size_t gen_get(const AlNameSet *s, uint64_t h)
{
    if (!s->n_slots) return 0;
    size_t j = h & (s->n_slots - 1);
    while (s->slot_gen[j]) {
        if (s->slot_hash[j] == h) return s->slot_gen[j];
        j = (j + 1) & (s->n_slots - 1);
    }
    return 0;
}

static bool add_name(AlNameSet *s, const char *name)
{
    if (!name || !*name || al_map_has(&s->names, name)) return false;
    char *copy = al_arena_strdup(s->arena, name);
    uint64_t h = al_hash_bytes(copy, strlen(copy));
    gen_put(s, h, s->hashes.len);
    al_map_put(&s->names, copy, (void *)(uintptr_t)(s->hashes.len + 1));
    al_vec_push(&s->hashes, h);
    return true;
}

AlNameSet *al_nameset_new(const AlPolicy *policy)
{
    AlNameSet *s = al_xcalloc(1, sizeof(AlNameSet));
    s->arena = al_arena_new();
    s->keywords = al_prescan_keywords(policy);
    for (size_t i = 0; i < s->keywords->n; i++) add_name(s, s->keywords->words[i]);
    return s;
}

void al_nameset_free(AlNameSet *self)
{
    if (!self) return;
    al_prescan_keywords_free(self->keywords);
    free(self->slot_hash);
    free(self->slot_gen);
    al_map_free(&self->names);
    al_vec_free(&self->hashes);
    al_arena_free(self->arena);
    free(self);
}

size_t al_nameset_size(const AlNameSet *self)
{
    return self->hashes.len;
}

/* Adds every name an expression mentions (first and last segments). */
static size_t add_expr_names(AlNameSet *s, const AlExpr *e, int depth)
{
    if (!e || depth > 64) return 0;
    size_t added = 0;
    if ((e->kind == AL_EXPR_NAME || e->kind == AL_EXPR_CALL) && e->text && e->text[0]) {
        char first[256];
        size_t n = strcspn(e->text, ".");
        if (n < sizeof first) {
            memcpy(first, e->text, n);
            first[n] = '\0';
            added += add_name(s, first);
        }
        added += add_name(s, last_of(e->text));
    }
    if (e->kind == AL_EXPR_STRING && e->text && strchr(e->text, '.')) added += add_name(s, last_of(e->text));
    for (uint32_t i = 0; i < e->n_items; i++) added += add_expr_names(s, e->items[i], depth + 1);
    for (uint32_t i = 0; i < e->n_kw; i++) added += add_expr_names(s, e->kwvalues[i], depth + 1);
    return added;
}

/* Names in an @action(..., authentication_classes=X) keyword value. */
static size_t add_auth_kwargs(AlNameSet *s, const AlExpr *e)
{
    size_t added = 0;
    for (uint32_t i = 0; e && i < e->n_kw; i++)
        if (strcmp(e->keys[i]->text, "authentication_classes") == 0) added += add_expr_names(s, e->kwvalues[i], 0);
    return added;
}

static bool is_relevant(const AlNameSet *s, const char *name)
{
    return name && al_map_has(&s->names, name);
}

bool al_nameset_has(const AlNameSet *self, const char *name)
{
    return is_relevant(self, name);
}

/* A base class name is relevant like a name, or when it contains a keyword
 * the way round one matches them ("ListAPIView" holds "APIView"). */
static bool is_relevant_base(const AlNameSet *s, const char *name)
{
    if (is_relevant(s, name)) return true;
    for (size_t i = 0; name && i < s->keywords->n; i++)
        if (strstr(name, s->keywords->words[i])) return true;
    return false;
}

static size_t scan_stmts(AlNameSet *s, AlStmt *const *stmts, uint32_t n, bool module_level)
{
    size_t added = 0;
    for (uint32_t i = 0; i < n; i++) {
        const AlStmt *st = stmts[i];
        if (st->kind == AL_STMT_BRANCH) {
            for (uint32_t a = 0; a < st->n_arms; a++)
                added += scan_stmts(s, st->arms[a].stmts, st->arms[a].n_stmts, module_level);
            continue;
        }
        if (!st->target) continue;
        bool auth = strcmp(last_of(st->target), "authentication_classes") == 0;
        bool settings = strcmp(st->target, "REST_FRAMEWORK") == 0;
        bool constant = module_level && is_relevant(s, st->target);
        if (settings) {
            /* Only the authentication entry (and spreads) of REST_FRAMEWORK:
             * its renderers, paginators and permissions do not matter. */
            if (st->kind == AL_STMT_SUBSCRIPT) {
                if (st->key_text && strcmp(st->key_text, "DEFAULT_AUTHENTICATION_CLASSES") == 0)
                    added += add_expr_names(s, st->value, 0);
            } else {
                const AlExpr *d = st->value;
                if (d && d->kind == AL_EXPR_CALL && d->n_items == 1) d = d->items[0]; /* .update({...}) */
                if (d && d->kind == AL_EXPR_DICT) {
                    for (uint32_t k = 0; k < d->n_items; k++)
                        if (!d->keys[k] || (d->keys[k]->kind == AL_EXPR_STRING && d->keys[k]->text &&
                                            strcmp(d->keys[k]->text, "DEFAULT_AUTHENTICATION_CLASSES") == 0))
                            added += add_expr_names(s, d->items[k], 0);
                } else {
                    added += add_expr_names(s, st->value, 0);
                }
            }
        } else if (auth || constant) {
            added += add_expr_names(s, st->value, 0);
        }
    }
    return added;
}

size_t al_nameset_add_facts(AlNameSet *s, const AlFacts *f)
{
    size_t added = 0, round;
    /* Repeat within the file: a relevant class can make another relevant. */
    do {
        round = 0;
        for (uint32_t i = 0; i < f->n_classes; i++) {
            const AlClass *c = &f->classes[i];
            bool relevant = is_relevant(s, last_of(c->name));
            for (uint32_t k = 0; k < c->n_bases && !relevant; k++)
                if (c->bases[k]->kind == AL_EXPR_NAME) relevant = is_relevant_base(s, last_of(c->bases[k]->text));
            for (uint32_t k = 0; k < c->n_body && !relevant; k++)
                relevant = c->body[k]->target && strcmp(c->body[k]->target, "authentication_classes") == 0;
            if (relevant) round += add_name(s, last_of(c->name));
            round += scan_stmts(s, c->body, c->n_body, false);
            for (uint32_t m = 0; m < c->n_methods; m++)
                for (uint32_t d = 0; d < c->methods[m].n_decorators; d++)
                    round += add_auth_kwargs(s, c->methods[m].decorators[d].expr);
        }
        for (uint32_t i = 0; i < f->n_functions; i++) {
            const AlFunction *fn = &f->functions[i];
            /* @authentication_classes(X): X may be a constant elsewhere. */
            for (uint32_t d = 0; d < fn->n_decorators; d++) {
                const AlExpr *e = fn->decorators[d].expr;
                if (e->kind == AL_EXPR_CALL && strcmp(last_of(e->text), "authentication_classes") == 0)
                    for (uint32_t k = 0; k < e->n_items; k++) round += add_expr_names(s, e->items[k], 0);
            }
            if (fn->n_auth_assigns) round += add_name(s, fn->name);
        }
        round += scan_stmts(s, f->body, f->n_body, true);
        added += round;
    } while (round);
    return added;
}

bool al_nameset_match(const AlNameSet *s, const AlHeaderNames *h, size_t since)
{
    for (uint32_t i = 0; i < h->n; i++) {
        size_t g = gen_get(s, h->hashes[i]);
        if (g && g - 1 >= since) return true;
    }
    return false;
}
