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
