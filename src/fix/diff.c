/* Unified diff for --diff, in the form `diff -u` and git print (3 lines of
 * context, `@@ -a,b +c,d @@` hunks, "\ No newline at end of file"). Lines
 * are compared after trimming the common head and tail, with Myers' O(ND)
 * algorithm: fixes change a few lines, so D is small. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fix/internal.h"
#include "util/arena.h"
#include "util/map.h"

#define CONTEXT 3
/* Past this many differences the middle is shown as one replaced block
 * (the trace of Myers' search grows with D squared). */
#define MAX_D 2000

typedef struct Line {
    const char *p;
    size_t len; /* with its '\n', if any */
    uint64_t hash;
} Line;

typedef struct Lines {
    Line *items;
    size_t n;
} Lines;

static Lines split_lines(const char *s, size_t len)
{
    Lines l = {0};
    size_t cap = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) + 1 : len;
        if (l.n == cap) {
            cap = cap ? cap * 2 : 64;
            l.items = al_xrealloc(l.items, cap * sizeof *l.items);
        }
        l.items[l.n++] = (Line){s + pos, end - pos, al_hash_bytes(s + pos, end - pos)};
        pos = end;
    }
    return l;
}

static bool same(const Line *a, const Line *b)
{
    return a->hash == b->hash && a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* One line of the edit script: ' ' both, '-' old only, '+' new only. */
typedef struct Op {
    char type;
    size_t a, b; /* index in old / new (the one that applies) */
} Op;

typedef struct Script {
    Op *items;
    size_t len, cap;
} Script;

static void push(Script *s, char type, size_t a, size_t b)
{
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->items = al_xrealloc(s->items, s->cap * sizeof *s->items);
    }
    s->items[s->len++] = (Op){type, a, b};
}

/* Myers' greedy search over a[0,n) x b[0,m) (offsets ao, bo), appending
 * the script. Returns false when more than MAX_D differences are needed. */
static bool myers(const Line *a, size_t n, const Line *b, size_t m, size_t ao, size_t bo, Script *out)
{
    long N = (long)n, M = (long)m, max = N + M;
    if (max == 0) return true;
    long dmax = max < MAX_D ? max : MAX_D;
    long *v = al_xcalloc((size_t)(2 * max + 3), sizeof *v);
    long off = max + 1;
    long **trace = al_xcalloc((size_t)dmax + 1, sizeof *trace);
    long found = -1;
    for (long d = 0; d <= dmax && found < 0; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x;
            if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
                x = v[off + k + 1];
            else
                x = v[off + k - 1] + 1;
            long y = x - k;
            while (x < N && y < M && same(&a[x], &b[y])) x++, y++;
            v[off + k] = x;
            if (x >= N && y >= M) {
                found = d;
                break;
            }
        }
        /* Snapshot v[-d, d] for the walk back. */
        trace[d] = al_xmalloc((size_t)(2 * d + 1) * sizeof(long));
        memcpy(trace[d], v + off - d, (size_t)(2 * d + 1) * sizeof(long));
    }
    if (found < 0) {
        for (long d = 0; d <= dmax; d++) free(trace[d]);
        free(trace);
        free(v);
        return false;
    }
    /* Walk back from (N, M), collecting the script in reverse. */
    Script rev = {0};
    long x = N, y = M;
    for (long d = found; d > 0; d--) {
        const long *pv = trace[d - 1]; /* index k -> pv[k + d - 1] */
        long k = x - y;
        long pk;
        if (k == -d || (k != d && pv[k - 1 + d - 1] < pv[k + 1 + d - 1]))
            pk = k + 1;
        else
            pk = k - 1;
        long px = pv[pk + d - 1], py = px - pk;
        while (x > px && y > py) {
            x--, y--;
            push(&rev, ' ', (size_t)x, (size_t)y);
        }
        if (x == px) {
            y--;
            push(&rev, '+', (size_t)x, (size_t)y);
        } else {
            x--;
            push(&rev, '-', (size_t)x, (size_t)y);
        }
    }
    while (x > 0 && y > 0) {
        x--, y--;
        push(&rev, ' ', (size_t)x, (size_t)y);
    }
    for (size_t i = rev.len; i-- > 0;) push(out, rev.items[i].type, rev.items[i].a + ao, rev.items[i].b + bo);
    free(rev.items);
    for (long d = 0; d <= found; d++) free(trace[d]);
    free(trace);
    free(v);
    return true;
}

static void add_line(AlBuf *out, char type, const Line *l)
{
    al_buf_addc(out, type);
    al_buf_add(out, l->p, l->len);
    if (!l->len || l->p[l->len - 1] != '\n') al_buf_adds(out, "\n\\ No newline at end of file\n");
}

/* "start,count" as diff -u writes it: ",1" left out, an empty range starts
 * at the line before it. */
static void add_range(AlBuf *out, size_t first, size_t count)
{
    if (count == 1)
        al_buf_addf(out, "%zu", first + 1);
    else
        al_buf_addf(out, "%zu,%zu", count ? first + 1 : first, count);
}

void al_fix_diff(const char *path, const char *old_text, size_t old_len, const char *new_text, size_t new_len,
                 AlBuf *out)
{
    if (old_len == new_len && memcmp(old_text, new_text, old_len) == 0) return;
    Lines a = split_lines(old_text, old_len), b = split_lines(new_text, new_len);
    size_t pre = 0;
    while (pre < a.n && pre < b.n && same(&a.items[pre], &b.items[pre])) pre++;
    size_t suf = 0;
    while (suf < a.n - pre && suf < b.n - pre && same(&a.items[a.n - 1 - suf], &b.items[b.n - 1 - suf])) suf++;
    Script s = {0};
    for (size_t i = 0; i < pre; i++) push(&s, ' ', i, i);
    size_t an = a.n - pre - suf, bn = b.n - pre - suf;
    if (!myers(a.items + pre, an, b.items + pre, bn, pre, pre, &s)) {
        for (size_t i = 0; i < an; i++) push(&s, '-', pre + i, pre);
        for (size_t i = 0; i < bn; i++) push(&s, '+', pre + an, pre + i);
    }
    for (size_t i = 0; i < suf; i++) push(&s, ' ', a.n - suf + i, b.n - suf + i);

    al_buf_addf(out, "--- a/%s\n+++ b/%s\n", path, path);
    size_t i = 0;
    while (i < s.len) {
        while (i < s.len && s.items[i].type == ' ') i++;
        if (i == s.len) break;
        size_t first = i >= CONTEXT ? i - CONTEXT : 0;
        /* Extend over changes closer than two contexts apart. */
        size_t last = i; /* last change in the hunk */
        size_t j = i;
        while (j < s.len) {
            if (s.items[j].type != ' ') {
                last = j;
                j++;
                continue;
            }
            size_t run = j;
            while (run < s.len && s.items[run].type == ' ') run++;
            if (run == s.len || run - j > 2 * CONTEXT) break;
            j = run;
        }
        size_t end = last + 1 + CONTEXT < s.len ? last + 1 + CONTEXT : s.len;
        size_t a_first = 0, b_first = 0, a_count = 0, b_count = 0;
        /* The first old/new line of the hunk: from the first op that has one. */
        const Op *f = &s.items[first];
        a_first = f->a;
        b_first = f->b;
        for (size_t k = first; k < end; k++) {
            if (s.items[k].type != '+') a_count++;
            if (s.items[k].type != '-') b_count++;
        }
        al_buf_adds(out, "@@ -");
        add_range(out, a_first, a_count);
        al_buf_adds(out, " +");
        add_range(out, b_first, b_count);
        al_buf_adds(out, " @@\n");
        for (size_t k = first; k < end; k++) {
            const Op *op = &s.items[k];
            add_line(out, op->type, op->type == '+' ? &b.items[op->b] : &a.items[op->a]);
        }
        i = end;
    }
    free(s.items);
    free(a.items);
    free(b.items);
}
