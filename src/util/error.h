/* A user-facing error with a position, filled through an out parameter the
 * way jansson's json_error_t is. line/column are 1-based; 0 means unknown. */
#ifndef AL_UTIL_ERROR_H
#define AL_UTIL_ERROR_H

typedef struct AlError {
    char file[512];
    int line;
    int column;
    char text[512];
} AlError;

void al_error_set(AlError *self, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* "file:line:col: text" (parts that are unknown are left out); borrowed
 * static-free: writes into out (size n). */
void al_error_format(const AlError *self, char *out, unsigned long n);

#endif
