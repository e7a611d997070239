/* Positioned user errors (config, rule pack, usage). */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void al_error_set(AlError *self, const char *file, int line, int column, const char *fmt, ...)
{
    if (!self) return;
    snprintf(self->file, sizeof self->file, "%s", file ? file : "");
    self->line = line;
    self->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(self->text, sizeof self->text, fmt, ap);
    va_end(ap);
}

void al_error_format(const AlError *self, char *out, unsigned long n)
{
    if (self->file[0] && self->line > 0)
        snprintf(out, n, "%s:%d:%d: %s", self->file, self->line, self->column > 0 ? self->column : 1,
                 self->text);
    else if (self->file[0])
        snprintf(out, n, "%s: %s", self->file, self->text);
    else
        snprintf(out, n, "%s", self->text);
}
