/* Reading whole files: sources, configs, cache entries. */
#ifndef AL_UTIL_FILE_H
#define AL_UTIL_FILE_H

#include <stddef.h>

/* Reads the whole regular file at path into a NUL-terminated heap buffer and
 * sets *len to its length (the NUL not counted). Returns NULL with errno set
 * when it cannot be opened or read, EISDIR when it is not a regular file,
 * EFBIG when it holds more than max bytes. */
char *al_file_read(const char *path, size_t max, size_t *len);

#endif
