/* Growable byte buffer for building output text (git's strbuf is the model).
 * Invariant: buf.ptr is always NUL-terminated (ptr[len] == '\0') once any byte
 * has been added, and NULL before; len never counts the terminator.
 * The buffer owns ptr; al_buf_release frees it, al_buf_detach hands it over. */
#ifndef AL_UTIL_BUF_H
#define AL_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct AlBuf {
    char *ptr;
    size_t len;
    size_t cap;
} AlBuf;

#define AL_BUF_INIT {NULL, 0, 0}

void al_buf_add(AlBuf *self, const char *s, size_t len);
void al_buf_adds(AlBuf *self, const char *s);
void al_buf_addc(AlBuf *self, char c);
void al_buf_addf(AlBuf *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the NUL-terminated s with every byte that is not part of a valid
 * UTF-8 sequence replaced by U+FFFD: source text and file names may hold any
 * bytes, and JSON strings (jansson) must be valid UTF-8. */
void al_buf_add_utf8(AlBuf *self, const char *s);
void al_buf_vaddf(AlBuf *self, const char *fmt, va_list ap);
/* Empties the buffer but keeps its memory. */
void al_buf_reset(AlBuf *self);
/* Returns "" for an empty buffer; borrowed, valid until the next add. */
const char *al_buf_cstr(const AlBuf *self);
/* Caller owns the returned string (never NULL); the buffer is left empty. */
char *al_buf_detach(AlBuf *self);
void al_buf_release(AlBuf *self);

#endif
