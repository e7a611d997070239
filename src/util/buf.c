/* Growable byte buffer; see buf.h for the invariants. */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

static void grow(AlBuf *self, size_t extra)
{
    size_t need = self->len + extra + 1;
    if (need <= self->cap) return;
    size_t cap = self->cap ? self->cap : 64;
    while (cap < need) cap *= 2;
    self->ptr = al_xrealloc(self->ptr, cap);
    self->cap = cap;
}

void al_buf_add(AlBuf *self, const char *s, size_t len)
{
    grow(self, len);
    if (len) memcpy(self->ptr + self->len, s, len);
    self->len += len;
    self->ptr[self->len] = '\0';
}

void al_buf_adds(AlBuf *self, const char *s)
{
    al_buf_add(self, s, strlen(s));
}

void al_buf_addc(AlBuf *self, char c)
{
    al_buf_add(self, &c, 1);
}

void al_buf_vaddf(AlBuf *self, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0) return;
    grow(self, (size_t)n);
    vsnprintf(self->ptr + self->len, (size_t)n + 1, fmt, ap);
    self->len += (size_t)n;
}

void al_buf_addf(AlBuf *self, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    al_buf_vaddf(self, fmt, ap);
    va_end(ap);
}

/* Length of the valid UTF-8 sequence at p, 0 if none starts there (the
 * rules of RFC 3629, as jansson checks them: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static size_t utf8_len(const unsigned char *p)
{
    if (p[0] < 0x80) return 1;
    size_t n;
    if (p[0] >= 0xC2 && p[0] <= 0xDF) n = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF) n = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4) n = 4;
    else return 0;
    unsigned value = p[0] & (0x3Fu >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0; /* also stops at the terminator */
        value = (value << 6) | (p[i] & 0x3Fu);
    }
    if (n == 3 && (value < 0x800 || (value >= 0xD800 && value <= 0xDFFF))) return 0;
    if (n == 4 && (value < 0x10000 || value > 0x10FFFF)) return 0;
    return n;
}

void al_buf_add_utf8(AlBuf *self, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = utf8_len(p);
        if (n) {
            al_buf_add(self, (const char *)p, n);
            p += n;
        } else {
            al_buf_adds(self, "\xEF\xBF\xBD");
            p++;
        }
    }
    if (!self->ptr) al_buf_add(self, "", 0);
}

void al_buf_reset(AlBuf *self)
{
    self->len = 0;
    if (self->ptr) self->ptr[0] = '\0';
}

const char *al_buf_cstr(const AlBuf *self)
{
    return self->ptr ? self->ptr : "";
}

char *al_buf_detach(AlBuf *self)
{
    char *p = self->ptr ? self->ptr : al_xstrdup("");
    self->ptr = NULL;
    self->len = self->cap = 0;
    return p;
}

void al_buf_release(AlBuf *self)
{
    free(self->ptr);
    self->ptr = NULL;
    self->len = self->cap = 0;
}
