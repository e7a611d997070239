/* Bump allocator for per-run and per-file objects: facts, model, findings.
 * Invariant: everything allocated from an arena lives until al_arena_free and
 * is freed all at once; nothing inside is freed individually. Allocation
 * failure aborts through al_oom (out of memory is not a user error we can
 * report with a position). */
#ifndef AL_UTIL_ARENA_H
#define AL_UTIL_ARENA_H

#include <stddef.h>

typedef struct AlArenaChunk AlArenaChunk;

typedef struct AlArena {
    AlArenaChunk *head;
    size_t used_total; /* bytes handed out, for statistics */
} AlArena;

AlArena *al_arena_new(void);
/* Frees every allocation made from the arena; NULL is accepted. */
void al_arena_free(AlArena *self);
/* Moves every allocation of src into dst (they live until dst is freed)
 * and frees src itself. */
void al_arena_adopt(AlArena *dst, AlArena *src);
/* Zeroed, aligned memory owned by the arena. */
void *al_arena_alloc(AlArena *self, size_t size);
/* NUL-terminated copy of s[0..len) owned by the arena. */
char *al_arena_strndup(AlArena *self, const char *s, size_t len);
char *al_arena_strdup(AlArena *self, const char *s);
/* printf into arena memory. */
char *al_arena_printf(AlArena *self, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Called on allocation failure; prints a message and exits with status 3. */
_Noreturn void al_oom(void);
void *al_xmalloc(size_t size);
void *al_xcalloc(size_t n, size_t size);
void *al_xrealloc(void *p, size_t size);
char *al_xstrdup(const char *s);

#endif
