/* The findings list: add-or-merge by (rule, file, position) so a declaration
 * shared by many endpoints gives one finding, and the SPEC 5 sort order. */
#include "rules/finding.h"

#include <stdlib.h>
#include <string.h>

AlFindings *al_findings_new(void)
{
    AlFindings *f = al_xcalloc(1, sizeof(AlFindings));
    f->arena = al_arena_new();
    return f;
}

void al_findings_free(AlFindings *self)
{
    if (!self) return;
    free(self->items);
    al_arena_free(self->arena);
    free(self);
}

static const char *path_of(const AlFinding *f)
{
    return f->file ? f->file->relpath : "";
}

static bool same_place(const AlFinding *a, const AlFinding *b)
{
    return a->rule == b->rule && a->file == b->file && a->span.line == b->span.line && a->span.col == b->span.col;
}

static int cmp_endpoint_name(const void *pa, const void *pb)
{
    const AlEndpoint *a = *(AlEndpoint *const *)pa, *b = *(AlEndpoint *const *)pb;
    return strcmp(a->name, b->name);
}

AlFinding *al_findings_add(AlFindings *self, const AlFinding *f)
{
    for (size_t i = 0; i < self->len; i++) {
        AlFinding *g = self->items[i];
        if (!same_place(g, f)) continue;
        /* Merge endpoint lists (union). */
        size_t n = g->n_endpoints + f->n_endpoints;
        AlEndpoint **u = al_arena_alloc(self->arena, (n ? n : 1) * sizeof(AlEndpoint *));
        size_t k = 0;
        for (size_t a = 0; a < g->n_endpoints; a++) u[k++] = g->endpoints[a];
        for (size_t a = 0; a < f->n_endpoints; a++) {
            bool dup = false;
            for (size_t c = 0; c < k; c++)
                if (u[c] == f->endpoints[a]) dup = true;
            if (!dup) u[k++] = f->endpoints[a];
        }
        qsort(u, k, sizeof(AlEndpoint *), cmp_endpoint_name);
        g->endpoints = u;
        g->n_endpoints = k;
        return g;
    }
    AlFinding *g = al_arena_alloc(self->arena, sizeof(AlFinding));
    *g = *f;
    if (f->n_endpoints) {
        g->endpoints = al_arena_alloc(self->arena, f->n_endpoints * sizeof(AlEndpoint *));
        memcpy(g->endpoints, f->endpoints, f->n_endpoints * sizeof(AlEndpoint *));
        qsort(g->endpoints, g->n_endpoints, sizeof(AlEndpoint *), cmp_endpoint_name);
    }
    if (self->len == self->cap) {
        self->cap = self->cap ? self->cap * 2 : 32;
        self->items = al_xrealloc(self->items, self->cap * sizeof(AlFinding *));
    }
    self->items[self->len++] = g;
    return g;
}

static int cmp_finding(const void *pa, const void *pb)
{
    const AlFinding *a = *(AlFinding *const *)pa, *b = *(AlFinding *const *)pb;
    int c = strcmp(path_of(a), path_of(b));
    if (c) return c;
    if (a->span.line != b->span.line) return a->span.line < b->span.line ? -1 : 1;
    if (a->span.col != b->span.col) return a->span.col < b->span.col ? -1 : 1;
    if (a->rule != b->rule) return a->rule < b->rule ? -1 : 1;
    return strcmp(a->message ? a->message : "", b->message ? b->message : "");
}

void al_findings_sort(AlFindings *self)
{
    if (self->len > 1) qsort(self->items, self->len, sizeof(AlFinding *), cmp_finding);
}
