/* Bump allocator: chunks of at least 64 KiB, each allocation 16-byte aligned.
 * Large requests get a chunk of their own so small ones keep packing. */
#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (64 * 1024)
#define ALIGN 16

struct AlArenaChunk {
    AlArenaChunk *next;
    size_t cap;
    size_t used;
    _Alignas(16) unsigned char mem[];
};

_Noreturn void al_oom(void)
{
    fputs("authlint: out of memory\n", stderr);
    exit(3);
}

void *al_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) al_oom();
    return p;
}

void *al_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) al_oom();
    return p;
}

void *al_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q) al_oom();
    return q;
}

char *al_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = al_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

AlArena *al_arena_new(void)
{
    return al_xcalloc(1, sizeof(AlArena));
}

void al_arena_free(AlArena *self)
{
    if (!self) return;
    AlArenaChunk *c = self->head;
    while (c) {
        AlArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    free(self);
}

void al_arena_adopt(AlArena *dst, AlArena *src)
{
    AlArenaChunk *tail = src->head;
    if (tail) {
        while (tail->next) tail = tail->next;
        /* After dst's head, which stays the chunk for small allocations. */
        if (dst->head) {
            tail->next = dst->head->next;
            dst->head->next = src->head;
        } else {
            dst->head = src->head;
        }
    }
    dst->used_total += src->used_total;
    free(src);
}

void *al_arena_alloc(AlArena *self, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0) size = ALIGN;
    AlArenaChunk *c = self->head;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > CHUNK_MIN / 4 ? size : CHUNK_MIN;
        AlArenaChunk *n = al_xmalloc(sizeof(AlArenaChunk) + cap);
        n->cap = cap;
        n->used = 0;
        if (c && cap == size) {
            /* Oversized: keep the current chunk at the head for small ones. */
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            self->head = n;
        }
        c = n;
    }
    void *p = c->mem + c->used;
    c->used += size;
    self->used_total += size;
    memset(p, 0, size);
    return p;
}

char *al_arena_strndup(AlArena *self, const char *s, size_t len)
{
    char *p = al_arena_alloc(self, len + 1);
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *al_arena_strdup(AlArena *self, const char *s)
{
    return al_arena_strndup(self, s, strlen(s));
}

char *al_arena_printf(AlArena *self, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p = al_arena_alloc(self, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
