/* Pre-scan (see prescan.h). Relevance rules, all conservative (a false hit
 * costs a parse, a miss would lose an endpoint):
 *  - keywords: rest_framework, authentication_classes, REST_FRAMEWORK,
 *    Authentication, api_view, APIView, ViewSet, plus the last names of the
 *    pack's view bases, catalog classes and decorators;
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

const char **al_prescan_keywords(const AlPolicy *p, size_t *n)
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
    *n = len;
    return v;
}

bool al_prescan_hit(const char *bytes, size_t len, const char *const *kw, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (memmem(bytes, len, kw[i], strlen(kw[i]))) return true;
    return false;
}

/* ---- Bloom filter of identifiers --------------------------------------- */

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static void bloom_set(AlBloom *b, uint64_t h)
{
    uint64_t m = mix(h);
    for (int k = 0; k < 3; k++) {
        uint32_t bit = (uint32_t)(m >> (k * 16)) & (AL_BLOOM_BYTES * 8 - 1);
        b->bits[bit >> 3] |= (uint8_t)(1u << (bit & 7));
    }
}

static bool bloom_get(const AlBloom *b, uint64_t h)
{
    uint64_t m = mix(h);
    for (int k = 0; k < 3; k++) {
        uint32_t bit = (uint32_t)(m >> (k * 16)) & (AL_BLOOM_BYTES * 8 - 1);
        if (!(b->bits[bit >> 3] & (1u << (bit & 7)))) return false;
    }
    return true;
}

static bool ident_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

void al_prescan_bloom(const char *bytes, size_t len, AlBloom *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    while (i < len) {
        if (!ident_byte((unsigned char)bytes[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && ident_byte((unsigned char)bytes[i])) i++;
        bloom_set(out, al_hash_bytes(bytes + s, i - s));
    }
}

/* Identifiers of class headers only: `class Name(Base, mod.Other):`, at any
 * indentation, bases over several lines. Later rounds need a skipped file
 * only when it subclasses (or defines) a relevant class; imports of relevant
 * names are followed module by module instead (al_prescan_follow). A header
 * found inside a string only adds names: the filter may say yes wrongly,
 * never no. */
void al_prescan_class_bloom(const char *bytes, size_t len, AlBloom *out)
{
    memset(out, 0, sizeof *out);
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
            bloom_set(out, al_hash_bytes(s0, (size_t)(q - s0)));
            q--;
        }
        p = q;
    }
}

bool al_bloom_may_contain(const AlBloom *b, const char *name)
{
    return bloom_get(b, al_hash_bytes(name, strlen(name)));
}

/* ---- the relevant-name set ------------------------------------------------ */

struct AlNameSet {
    AlArena *arena;
    const char **keywords; /* round-one keywords (substring matches) */
    size_t n_keywords;
    AlMap names;     /* name -> generation index + 1 */
    AL_VEC(uint64_t) hashes; /* in generation order */
};

static bool add_name(AlNameSet *s, const char *name)
{
    if (!name || !*name || al_map_has(&s->names, name)) return false;
    char *copy = al_arena_strdup(s->arena, name);
    al_map_put(&s->names, copy, (void *)(uintptr_t)(s->hashes.len + 1));
    al_vec_push(&s->hashes, al_hash_bytes(copy, strlen(copy)));
    return true;
}

AlNameSet *al_nameset_new(const AlPolicy *policy)
{
    AlNameSet *s = al_xcalloc(1, sizeof(AlNameSet));
    s->arena = al_arena_new();
    size_t n;
    const char **kw = al_prescan_keywords(policy, &n);
    for (size_t i = 0; i < n; i++) add_name(s, kw[i]);
    s->keywords = kw;
    s->n_keywords = n;
    return s;
}

void al_nameset_free(AlNameSet *self)
{
    if (!self) return;
    free(self->keywords);
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
    for (size_t i = 0; name && i < s->n_keywords; i++)
        if (strstr(name, s->keywords[i])) return true;
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

bool al_nameset_match(const AlNameSet *s, const AlBloom *b, size_t since)
{
    for (size_t i = since; i < s->hashes.len; i++)
        if (bloom_get(b, s->hashes.items[i])) return true;
    return false;
}
