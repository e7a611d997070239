#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/arena.h"

char *al_file_read(const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) != 0) e = errno;
    else if (!S_ISREG(st.st_mode)) e = EISDIR;
    else if ((unsigned long long)st.st_size > max) e = EFBIG;
    if (e) {
        close(fd);
        errno = e;
        return NULL;
    }
    /* The size the file had when opened is read, without the read that
     * would find the end (one system call in five here: they are expensive
     * on virtual machines). A file that shrinks ends early; a file of size
     * 0 (some special files) is read to its end. */
    size_t size = (size_t)st.st_size, cap = size + 1, used = 0;
    char *buf = al_xmalloc(cap);
    for (;;) {
        if (used + 1 == cap) {
            if (used > max) break; /* grown past the bound: EFBIG below */
            buf = al_xrealloc(buf, cap *= 2);
        }
        ssize_t r = read(fd, buf + used, cap - 1 - used);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) e = errno;
        if (r <= 0) break;
        used += (size_t)r;
        if (size && used == size) break;
    }
    close(fd);
    if (e || used > max) {
        free(buf);
        errno = e ? e : EFBIG;
        return NULL;
    }
    buf[used] = '\0';
    *len = used;
    return buf;
}
