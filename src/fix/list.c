/* Byte-range edits and the layout-keeping rewrite of comma-separated lists
 * (authentication_classes literals, names of a from-import). The rewrite
 * works on the items' byte ranges and the text between them, so what is not
 * an element (comments, indentation, the brackets) is copied, not rebuilt. */
#include <stdlib.h>
#include <string.h>

#include "fix/internal.h"
#include "util/arena.h"

void al_fix_edits_add(AlFixEdits *self, uint32_t start, uint32_t end, char *text)
{
    if (self->len == self->cap) {
        self->cap = self->cap ? self->cap * 2 : 8;
        self->items = al_xrealloc(self->items, self->cap * sizeof *self->items);
    }
    self->items[self->len++] = (AlFixEdit){start, end, text};
}

void al_fix_edits_free(AlFixEdits *self)
{
    for (size_t i = 0; i < self->len; i++) free(self->items[i].text);
    free(self->items);
    self->items = NULL;
    self->len = self->cap = 0;
}

static int edit_cmp(const void *a, const void *b)
{
    const AlFixEdit *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

int al_fix_edits_apply(AlFixEdits *self, const char *src, size_t len, AlBuf *out)
{
    al_buf_reset(out);
    if (self->len) qsort(self->items, self->len, sizeof *self->items, edit_cmp);
    size_t pos = 0;
    for (size_t i = 0; i < self->len; i++) {
        const AlFixEdit *e = &self->items[i];
        /* Two insertions at one point are fine; anything else overlapping is
         * two rewrites of the same text. */
        if (e->start < pos || e->end > len || e->start > e->end) {
            al_buf_reset(out);
            return -1;
        }
        al_buf_add(out, src + pos, e->start - pos);
        al_buf_adds(out, e->text);
        pos = e->end;
    }
    al_buf_add(out, src + pos, len - pos);
    if (!out->ptr) al_buf_add(out, "", 0);
    return 0;
}

/* ---- list shape ------------------------------------------------------- */

static bool is_hspace(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\r';
}

/* Position of the comma in src[from, to) outside comments, or -1. The text
 * between list items holds no strings, so a '#' always starts a comment. */
static long find_comma(const char *src, uint32_t from, uint32_t to)
{
    for (uint32_t p = from; p < to; p++) {
        if (src[p] == '#')
            while (p < to && src[p] != '\n') p++;
        else if (src[p] == ',')
            return (long)p;
    }
    return -1;
}

static bool has_comment(const char *src, uint32_t from, uint32_t to)
{
    return from < to && memchr(src + from, '#', to - from) != NULL;
}

/* Only whitespace and comments in src[from, to). */
static bool blank_or_comments(const char *src, uint32_t from, uint32_t to)
{
    for (uint32_t p = from; p < to; p++) {
        if (src[p] == '#')
            while (p < to && src[p] != '\n') p++;
        else if (!is_hspace(src[p]) && src[p] != '\n')
            return false;
    }
    return true;
}

static uint32_t line_start(const char *src, uint32_t lo, uint32_t pos)
{
    while (pos > lo && src[pos - 1] != '\n') pos--;
    return pos;
}

/* One element per line: the indentation, the item, an optional comma, an
 * optional comment, the end of the line. */
typedef struct Block {
    uint32_t ls;    /* start of the item's first line */
    long comma;     /* the comma after the item, -1 when none */
    uint32_t end;   /* after the newline that ends the item's last line */
} Block;

/* Fills blocks[] and *head_end when the list is written one element per line
 * (with the brackets on their own lines); false otherwise. */
static bool block_shape(const AlFixList *l, Block *blocks, uint32_t *head_end)
{
    const char *s = l->src;
    if (!l->bracketed) return false;
    uint32_t p = l->open_end;
    while (p < l->close_start && is_hspace(s[p])) p++;
    if (p < l->close_start && s[p] == '#')
        while (p < l->close_start && s[p] != '\n') p++;
    if (p >= l->close_start || s[p] != '\n') return false;
    *head_end = p + 1;
    uint32_t cur = p + 1;
    for (size_t i = 0; i < l->n; i++) {
        uint32_t ls = line_start(s, cur, l->starts[i]);
        if (ls < cur || !blank_or_comments(s, cur, ls)) return false;
        for (uint32_t q = ls; q < l->starts[i]; q++)
            if (!is_hspace(s[q])) return false;
        p = l->ends[i];
        while (p < l->close_start && is_hspace(s[p])) p++;
        long comma = -1;
        if (p < l->close_start && s[p] == ',') {
            comma = (long)p++;
            while (p < l->close_start && is_hspace(s[p])) p++;
        }
        if (p < l->close_start && s[p] == '#')
            while (p < l->close_start && s[p] != '\n') p++;
        if (p >= l->close_start || s[p] != '\n') return false;
        if (i + 1 < l->n && comma < 0) return false;
        blocks[i] = (Block){ls, comma, p + 1};
        cur = p + 1;
    }
    uint32_t cls = line_start(s, cur, l->close_start);
    if (cls < cur || !blank_or_comments(s, cur, cls)) return false;
    for (uint32_t q = cls; q < l->close_start; q++)
        if (!is_hspace(s[q])) return false;
    return true;
}

static void add_range(AlBuf *out, const char *s, uint32_t from, uint32_t to)
{
    if (to > from) al_buf_add(out, s + from, to - from);
}

static void render_blocks(const AlFixList *l, const Block *b, uint32_t head_end, const AlFixElem *elems, size_t m,
                          bool trailing, AlBuf *out)
{
    const char *s = l->src;
    const char *nl = b[0].end >= 2 && s[b[0].end - 2] == '\r' ? "\r\n" : "\n";
    add_range(out, s, l->open_end, head_end);
    size_t gap = 0; /* gaps [0, gap) are written; gap i lies above item i */
    for (size_t j = 0; j < m; j++) {
        const AlFixElem *e = &elems[j];
        bool comma = j + 1 < m || trailing;
        if (e->orig < 0) {
            add_range(out, s, b[0].ls, l->starts[0]);
            al_buf_adds(out, e->text);
            if (comma) al_buf_addc(out, ',');
            al_buf_adds(out, nl);
            continue;
        }
        size_t i = (size_t)e->orig;
        if (!e->moved)
            for (; gap <= i; gap++) add_range(out, s, gap ? b[gap - 1].end : head_end, b[gap].ls);
        add_range(out, s, b[i].ls, l->ends[i]);
        if (b[i].comma >= 0) {
            add_range(out, s, l->ends[i], (uint32_t)b[i].comma);
            if (comma) al_buf_addc(out, ',');
            add_range(out, s, (uint32_t)b[i].comma + 1, b[i].end);
        } else {
            if (comma) al_buf_addc(out, ',');
            add_range(out, s, l->ends[i], b[i].end);
        }
    }
    for (; gap < l->n; gap++) add_range(out, s, gap ? b[gap - 1].end : head_end, b[gap].ls);
    add_range(out, s, b[l->n - 1].end, l->close_start);
}

static void render_separated(const AlFixList *l, const AlFixElem *elems, size_t m, bool trailing, long tail_comma,
                             AlBuf *out)
{
    const char *s = l->src;
    size_t n = l->n;
    /* A separator for new neighbours: the first one written without a
     * comment, else ", ". */
    uint32_t typ_from = 0, typ_to = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (!has_comment(s, l->ends[i], l->starts[i + 1])) {
            typ_from = l->ends[i];
            typ_to = l->starts[i + 1];
            break;
        }
    add_range(out, s, l->open_end, l->starts[0]);
    for (size_t j = 0; j < m; j++) {
        const AlFixElem *e = &elems[j];
        /* An original item keeps the separator written after it (with the
         * comment that follows it on its line). */
        bool owns = e->orig >= 0 && (size_t)e->orig + 1 < n;
        uint32_t sep_from = owns ? l->ends[e->orig] : 0, sep_to = owns ? l->starts[e->orig + 1] : 0;
        if (e->orig >= 0)
            add_range(out, s, l->starts[e->orig], l->ends[e->orig]);
        else
            al_buf_adds(out, e->text);
        if (j + 1 < m) {
            if (owns)
                add_range(out, s, sep_from, sep_to);
            else if (typ_to > typ_from)
                add_range(out, s, typ_from, typ_to);
            else
                al_buf_adds(out, ", ");
            continue;
        }
        if (owns && has_comment(s, sep_from, sep_to)) {
            /* Now last, but a comment follows it: keep both (the comma it
             * carries is a harmless trailing comma). */
            uint32_t tail_from = tail_comma >= 0 ? (uint32_t)tail_comma + 1 : l->ends[n - 1];
            uint32_t q = tail_from;
            while (q < l->close_start && is_hspace(s[q]) && s[q] != '\r') q++;
            if (q < l->close_start && (s[q] == '\n' || s[q] == '\r')) {
                /* The tail starts a line of its own: drop the separator's
                 * line break and indentation. */
                uint32_t cut = sep_to;
                while (cut > sep_from && s[cut - 1] != '\n') cut--;
                if (cut > sep_from) {
                    sep_to = cut - 1;
                    if (sep_to > sep_from && s[sep_to - 1] == '\r') sep_to--;
                }
            }
            add_range(out, s, sep_from, sep_to);
            add_range(out, s, tail_from, l->close_start);
            return;
        }
        if (tail_comma >= 0) {
            add_range(out, s, l->ends[n - 1], (uint32_t)tail_comma);
            if (trailing) al_buf_addc(out, ',');
            uint32_t from = (uint32_t)tail_comma + 1, q = from;
            while (q < l->close_start && (s[q] == ' ' || s[q] == '\t')) q++;
            /* `(A, )` loses its comma: the space after it goes too. */
            if (!trailing && q == l->close_start) from = q;
            add_range(out, s, from, l->close_start);
        } else {
            if (trailing) al_buf_addc(out, ',');
            add_range(out, s, l->ends[n - 1], l->close_start);
        }
    }
}

void al_fix_list_render(const AlFixList *l, const AlFixElem *elems, size_t m, AlBuf *out)
{
    const char *s = l->src;
    size_t n = l->n;
    Block *blocks = al_xcalloc(n, sizeof *blocks);
    uint32_t head_end = 0;
    bool block = block_shape(l, blocks, &head_end);
    long tail_comma = block ? blocks[n - 1].comma : find_comma(s, l->ends[n - 1], l->close_start);
    bool multiline = memchr(s + l->open_end, '\n', l->close_start - l->open_end) != NULL;
    /* A trailing comma stays when it was written, except the one a
     * single-line one-element tuple needs only for being one; a one-element
     * tuple gets one. */
    bool trailing = tail_comma >= 0;
    if (n == 1 && l->one_needs_comma && !multiline && m > 1) trailing = false;
    if (m == 1 && l->one_needs_comma) trailing = true;
    if (!l->trailing_ok) trailing = false;
    if (block)
        render_blocks(l, blocks, head_end, elems, m, trailing, out);
    else
        render_separated(l, elems, m, trailing, tail_comma, out);
    free(blocks);
}
