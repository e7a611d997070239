/* The stat index (see index.h). Format: "ALIX0001", u64 tag, u32 count, then
 * per entry: u32 path length, path, u64 size, u64 ino, i64 mtime_s,
 * i64 mtime_ns, u64 h1, h2, len, u8 hit, and when hit is 0 a u32 count of
 * class-header name hashes and the u64 hashes. Little-endian host order: the cache is per machine. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parse/index.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/map.h"

#define INDEX_MAGIC "ALIX0002"

struct AlIndex {
    AlArena *arena;
    AlMap by_path; /* path -> AlIndexEntry* */
};

typedef struct Reader {
    const unsigned char *p, *end;
    bool ok;
} Reader;

static void take(Reader *r, void *out, size_t n)
{
    if (!r->ok || (size_t)(r->end - r->p) < n) {
        r->ok = false;
        memset(out, 0, n);
        return;
    }
    memcpy(out, r->p, n);
    r->p += n;
}

AlIndex *al_index_load(const char *dir, uint64_t tag)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/index", dir);
    size_t len = 0;
    unsigned char *data = (unsigned char *)al_file_read(path, 1 << 30, &len);
    if (!data) return NULL;
    Reader r = {data, data + len, len >= 20};
    char magic[8];
    uint64_t file_tag = 0;
    uint32_t count = 0;
    take(&r, magic, 8);
    take(&r, &file_tag, 8);
    take(&r, &count, 4);
    if (!r.ok || memcmp(magic, INDEX_MAGIC, 8) != 0 || file_tag != tag) {
        free(data);
        return NULL;
    }
    AlIndex *self = al_xcalloc(1, sizeof *self);
    self->arena = al_arena_new();
    for (uint32_t i = 0; i < count && r.ok; i++) {
        uint32_t plen = 0;
        take(&r, &plen, 4);
        if (!r.ok || plen == 0 || plen > 4096 || (size_t)(r.end - r.p) < plen) break;
        char *p = al_arena_strndup(self->arena, (const char *)r.p, plen);
        r.p += plen;
        AlIndexEntry *e = al_arena_alloc(self->arena, sizeof *e);
        memset(e, 0, sizeof *e);
        uint8_t hit = 0;
        take(&r, &e->size, 8);
        take(&r, &e->ino, 8);
        take(&r, &e->mtime_s, 8);
        take(&r, &e->mtime_ns, 8);
        take(&r, &e->key.h1, 8);
        take(&r, &e->key.h2, 8);
        take(&r, &e->key.len, 8);
        take(&r, &hit, 1);
        e->hit = hit != 0;
        if (!e->hit) {
            uint32_t n = 0;
            take(&r, &n, 4);
            if (!r.ok || n > (1u << 20) || (size_t)(r.end - r.p) / 8 < n) break;
            AlHeaderNames *h = al_arena_alloc(self->arena, sizeof *h + (size_t)n * 8);
            h->n = n;
            take(&r, h->hashes, (size_t)n * 8);
            e->heads = h;
        }
        if (!r.ok) break;
        e->valid = true;
        al_map_put(&self->by_path, p, e);
    }
    free(data);
    return self;
}

void al_index_free(AlIndex *self)
{
    if (!self) return;
    al_map_free(&self->by_path);
    al_arena_free(self->arena);
    free(self);
}

void al_index_stat(AlIndexEntry *e, const struct stat *st)
{
    e->size = (uint64_t)st->st_size;
    e->ino = (uint64_t)st->st_ino;
    e->mtime_s = (int64_t)st->st_mtim.tv_sec;
    e->mtime_ns = (int64_t)st->st_mtim.tv_nsec;
}

const AlIndexEntry *al_index_find(const AlIndex *self, const char *path, const struct stat *st)
{
    if (!self) return NULL;
    const AlIndexEntry *e = al_map_get(&self->by_path, path);
    if (!e) return NULL;
    AlIndexEntry now;
    al_index_stat(&now, st);
    if (e->size != now.size || e->ino != now.ino || e->mtime_s != now.mtime_s || e->mtime_ns != now.mtime_ns ||
        e->key.len != now.size)
        return NULL;
    return e;
}

void al_index_save(const char *dir, uint64_t tag, const char *const *paths, const AlIndexEntry *entries,
                   AlHeaderNames *const *heads, size_t n)
{
    time_t now = time(NULL);
    AlBuf b = AL_BUF_INIT;
    al_buf_add(&b, INDEX_MAGIC, 8);
    al_buf_add(&b, (const char *)&tag, 8);
    uint32_t count = 0;
    size_t count_at = b.len;
    al_buf_add(&b, (const char *)&count, 4);
    for (size_t i = 0; i < n; i++) {
        const AlIndexEntry *e = &entries[i];
        /* A file changed within the clock's resolution of its last write
         * could change again without a new mtime: not recorded. */
        if (!e->valid || e->mtime_s >= (int64_t)now - 2 || (!e->hit && !heads[i])) continue;
        uint32_t plen = (uint32_t)strlen(paths[i]);
        if (plen == 0 || plen > 4096) continue;
        uint8_t hit = e->hit;
        al_buf_add(&b, (const char *)&plen, 4);
        al_buf_add(&b, paths[i], plen);
        al_buf_add(&b, (const char *)&e->size, 8);
        al_buf_add(&b, (const char *)&e->ino, 8);
        al_buf_add(&b, (const char *)&e->mtime_s, 8);
        al_buf_add(&b, (const char *)&e->mtime_ns, 8);
        al_buf_add(&b, (const char *)&e->key.h1, 8);
        al_buf_add(&b, (const char *)&e->key.h2, 8);
        al_buf_add(&b, (const char *)&e->key.len, 8);
        al_buf_add(&b, (const char *)&hit, 1);
        if (!e->hit) {
            al_buf_add(&b, (const char *)&heads[i]->n, 4);
            al_buf_add(&b, (const char *)heads[i]->hashes, (size_t)heads[i]->n * 8);
        }
        count++;
    }
    memcpy(b.ptr + count_at, &count, 4);
    char path[4096];
    snprintf(path, sizeof path, "%s/index", dir);
    if (mkdir(dir, 0755) == 0 || errno == EEXIST) al_cache_replace(path, b.ptr, b.len);
    al_buf_release(&b);
}
