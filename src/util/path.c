/* Path string helpers; pure string work, no file system access except
 * getcwd in al_path_absolute. */
#include "util/path.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/buf.h"

char *al_path_normalize(const char *path)
{
    bool absolute = path[0] == '/';
    size_t n = strlen(path);
    /* Segment stack as offsets into a copy. */
    char *copy = al_xstrdup(path);
    char **segs = al_xmalloc((n / 2 + 2) * sizeof(char *));
    size_t nseg = 0;
    char *save = NULL;
    for (char *s = strtok_r(copy, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        if (strcmp(s, ".") == 0) continue;
        if (strcmp(s, "..") == 0) {
            if (nseg > 0 && strcmp(segs[nseg - 1], "..") != 0) {
                nseg--;
                continue;
            }
            if (absolute) continue;
        }
        segs[nseg++] = s;
    }
    AlBuf out = AL_BUF_INIT;
    if (absolute) al_buf_addc(&out, '/');
    for (size_t i = 0; i < nseg; i++) {
        if (i) al_buf_addc(&out, '/');
        al_buf_adds(&out, segs[i]);
    }
    if (out.len == 0) al_buf_addc(&out, '.');
    free(segs);
    free(copy);
    return al_buf_detach(&out);
}

char *al_path_join(const char *dir, const char *name)
{
    if (name[0] == '/') return al_path_normalize(name);
    AlBuf b = AL_BUF_INIT;
    al_buf_adds(&b, dir);
    al_buf_addc(&b, '/');
    al_buf_adds(&b, name);
    char *r = al_path_normalize(al_buf_cstr(&b));
    al_buf_release(&b);
    return r;
}

char *al_path_absolute(const char *path)
{
    if (path[0] == '/') return al_path_normalize(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return al_path_normalize(path);
    return al_path_join(cwd, path);
}

bool al_path_is_within(const char *dir, const char *path)
{
    if (strcmp(dir, "/") == 0) return path[0] == '/';
    size_t n = strlen(dir);
    return strncmp(dir, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

char *al_path_relative(const char *base, const char *path)
{
    if (strcmp(base, path) == 0) return al_xstrdup(".");
    if (al_path_is_within(base, path)) {
        size_t n = strcmp(base, "/") == 0 ? 1 : strlen(base) + 1;
        return al_xstrdup(path + n);
    }
    /* Walk up from base until it contains path. */
    char *up = al_xstrdup(base);
    AlBuf out = AL_BUF_INIT;
    while (!al_path_is_within(up, path)) {
        char *slash = strrchr(up, '/');
        if (!slash) break;
        if (slash == up) slash[1] = '\0';
        else *slash = '\0';
        al_buf_adds(&out, "../");
    }
    const char *rest = path + (strcmp(up, "/") == 0 ? 1 : strlen(up));
    if (*rest == '/') rest++;
    al_buf_adds(&out, rest);
    if (out.len && out.ptr[out.len - 1] == '/') out.ptr[--out.len] = '\0';
    free(up);
    return al_buf_detach(&out);
}

static bool is_identifier(const char *s, size_t n)
{
    if (n == 0 || isdigit((unsigned char)s[0])) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '_' || c >= 0x80)) return false;
    }
    return true;
}

char *al_path_module_name(const char *relpath, size_t *root_len)
{
    size_t n = strlen(relpath);
    if (root_len) *root_len = 0;
    if (n < 4 || strcmp(relpath + n - 3, ".py") != 0) return NULL;
    n -= 3;
    AlBuf out = AL_BUF_INIT;
    const char *s = relpath;
    const char *end = relpath + n;
    while (s < end) {
        const char *slash = memchr(s, '/', (size_t)(end - s));
        const char *seg_end = slash ? slash : end;
        size_t len = (size_t)(seg_end - s);
        bool last = !slash;
        if (last && len == 8 && memcmp(s, "__init__", 8) == 0) break;
        bool dots = len == 0 || (len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.');
        if (!is_identifier(s, len) && (last || dots)) {
            al_buf_release(&out);
            return NULL;
        }
        if (!is_identifier(s, len)) {
            /* A directory that is no package name can only be a sys.path
             * entry: the module name starts below it. */
            al_buf_reset(&out);
            if (root_len) *root_len = (size_t)(seg_end + 1 - relpath);
        } else {
            if (out.len) al_buf_addc(&out, '.');
            al_buf_add(&out, s, len);
        }
        s = seg_end + 1;
    }
    if (out.len == 0) {
        al_buf_release(&out);
        return NULL;
    }
    return al_buf_detach(&out);
}
