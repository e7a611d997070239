/* primaryLocationLineHash, ported from codeql-action's src/fingerprints.ts
 * (hash()): a rolling hash over the first BLOCK_SIZE non-blank UTF-16 code
 * units from each line start, with a per-value occurrence count appended so
 * identical lines stay distinct. The SARIF renderer calls it once per file. */
#include "report/linehash.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/arena.h"

enum { BLOCK_SIZE = 100 };
#define HASH_MOD UINT64_C(37)
/* The action feeds this sentinel after the last character. */
#define HASH_EOF 65535u

/* The action's arithmetic is on 64-bit Longs that wrap; unsigned 64-bit
 * arithmetic gives the same bits. */
typedef struct Hasher {
    uint64_t hash;
    uint64_t first_mod;            /* HASH_MOD ** BLOCK_SIZE */
    uint32_t window[BLOCK_SIZE];   /* the last BLOCK_SIZE code units hashed */
    size_t line_at[BLOCK_SIZE];    /* line starting at that window slot, 0: none */
    size_t index;
    size_t line;                   /* lines started so far */
    bool line_start;
    bool prev_cr;
    uint64_t *hashes;              /* hashes[i]: raw hash of line i + 1 */
    size_t n_hashes, cap_hashes;
} Hasher;

static void output_hash(Hasher *h)
{
    /* Lines are emitted in order: the window is FIFO. */
    if (h->n_hashes == h->cap_hashes) {
        h->cap_hashes = h->cap_hashes ? h->cap_hashes * 2 : 64;
        h->hashes = al_xrealloc(h->hashes, h->cap_hashes * sizeof(uint64_t));
    }
    h->hashes[h->n_hashes++] = h->hash;
    h->line_at[h->index] = 0;
}

static void update_hash(Hasher *h, uint32_t current)
{
    uint32_t begin = h->window[h->index];
    h->window[h->index] = current;
    h->hash = HASH_MOD * h->hash + current - h->first_mod * begin;
    h->index = (h->index + 1) % BLOCK_SIZE;
}

static void process_unit(Hasher *h, uint32_t current)
{
    /* Blanks are not hashed, and \r\n counts as one line end. Note that a
     * blank between \r and \n clears prev_cr, as in the original. */
    if (current == ' ' || current == '\t' || (h->prev_cr && current == '\n')) {
        h->prev_cr = false;
        return;
    }
    if (current == '\r') {
        current = '\n';
        h->prev_cr = true;
    } else {
        h->prev_cr = false;
    }
    if (h->line_at[h->index]) output_hash(h);
    if (h->line_start) {
        h->line_start = false;
        h->line++;
        h->line_at[h->index] = h->line;
    }
    if (current == '\n') h->line_start = true;
    update_hash(h, current);
}

/* JavaScript strings are UTF-16: characters outside the BMP are hashed as
 * their two surrogates (String.charCodeAt). */
static void process_code_point(Hasher *h, uint32_t cp)
{
    if (cp < 0x10000) {
        process_unit(h, cp);
        return;
    }
    cp -= 0x10000;
    process_unit(h, 0xD800 + (cp >> 10));
    process_unit(h, 0xDC00 + (cp & 0x3FF));
}

/* The WHATWG Encoding Standard's UTF-8 decoder, which Node uses for
 * fs.createReadStream(path, "utf8"): each maximal invalid subpart becomes one
 * U+FFFD; a BOM is kept as U+FEFF. */
static void process_utf8(Hasher *h, const unsigned char *s, size_t len)
{
    uint32_t cp = 0;
    unsigned needed = 0, seen = 0;
    unsigned char lower = 0x80, upper = 0xBF;
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        if (needed == 0) {
            i++;
            if (b < 0x80) {
                process_code_point(h, b);
            } else if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                cp = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (b == 0xE0) lower = 0xA0;
                if (b == 0xED) upper = 0x9F;
                needed = 2;
                cp = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (b == 0xF0) lower = 0x90;
                if (b == 0xF4) upper = 0x8F;
                needed = 3;
                cp = b & 0x07;
            } else {
                process_code_point(h, 0xFFFD);
            }
            continue;
        }
        if (b < lower || b > upper) {
            /* Error; the byte is looked at again as a possible lead byte. */
            cp = 0;
            needed = seen = 0;
            lower = 0x80;
            upper = 0xBF;
            process_code_point(h, 0xFFFD);
            continue;
        }
        i++;
        lower = 0x80;
        upper = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
        if (++seen == needed) {
            process_code_point(h, cp);
            cp = 0;
            needed = seen = 0;
        }
    }
    if (needed) process_code_point(h, 0xFFFD);
}

typedef struct HashOccurrence {
    uint64_t hash;
    size_t line; /* 0-based */
} HashOccurrence;

static int cmp_occurrence(const void *pa, const void *pb)
{
    const HashOccurrence *a = pa, *b = pb;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    return 0;
}

char **al_line_hashes(const char *data, size_t len, size_t *n_lines)
{
    Hasher *h = al_xcalloc(1, sizeof(Hasher));
    h->first_mod = 1;
    for (int i = 0; i < BLOCK_SIZE; i++) h->first_mod *= HASH_MOD;
    h->line_start = true;

    process_utf8(h, (const unsigned char *)data, len);
    process_unit(h, HASH_EOF);
    for (int i = 0; i < BLOCK_SIZE; i++) {
        if (h->line_at[h->index]) output_hash(h);
        update_hash(h, 0);
    }

    /* ":<n>" is the how-many-th time this hash value occurs, counting from
     * the top of the file: sort (hash, line) pairs and count runs. */
    size_t n = h->n_hashes;
    HashOccurrence *occ = al_xmalloc(n * sizeof(HashOccurrence));
    for (size_t i = 0; i < n; i++) occ[i] = (HashOccurrence){h->hashes[i], i};
    qsort(occ, n, sizeof(HashOccurrence), cmp_occurrence);
    char **out = al_xcalloc(n, sizeof(char *));
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        count = (i > 0 && occ[i].hash == occ[i - 1].hash) ? count + 1 : 1;
        char text[64];
        snprintf(text, sizeof text, "%" PRIx64 ":%zu", occ[i].hash, count);
        out[occ[i].line] = al_xstrdup(text);
    }
    free(occ);
    free(h->hashes);
    free(h);
    *n_lines = n;
    return out;
}

void al_line_hashes_free(char **hashes, size_t n_lines)
{
    if (!hashes) return;
    for (size_t i = 0; i < n_lines; i++) free(hashes[i]);
    free(hashes);
}

char *al_line_hash(const char *data, size_t len, uint32_t line)
{
    size_t n = 0;
    char **all = al_line_hashes(data, len, &n);
    char *one = NULL;
    if (line >= 1 && line <= n) {
        one = all[line - 1];
        all[line - 1] = NULL;
    }
    al_line_hashes_free(all, n);
    return one;
}
