/* Atomic file writes for --output, baselines and --fix: a temporary file in
 * the same directory, fsync, then rename over the target. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report.h"

int al_write_atomic(const char *path, const char *data, size_t len, AlError *err)
{
    size_t n = strlen(path) + 32;
    char *tmp = al_xmalloc(n);
    snprintf(tmp, n, "%s.authlint-tmp-%ld", path, (long)getpid());
    mode_t mode = 0644;
    struct stat st;
    if (stat(path, &st) == 0)
        mode = st.st_mode & 07777;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        al_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
        free(tmp);
        return -1;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            al_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
            close(fd);
            unlink(tmp);
            free(tmp);
            return -1;
        }
        done += (size_t)w;
    }
    if (fchmod(fd, mode) != 0 || fsync(fd) != 0 || close(fd) != 0) {
        al_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        al_error_set(err, path, 0, 0, "cannot replace: %s", strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}
