/* skim_check PATH...: parses every .py file under the given files and
 * directories twice, with method bodies skipped (parse/skim.h) and as
 * written, and compares the encoded facts. A file that parses without error
 * must give the same bytes both ways. Prints one line per difference and a
 * summary; exits 1 when any file differs.
 *
 * meson runs it over the fixtures and the example; point it at real code
 * bases to check them: build/tests/skim_check ~/src/edx-platform */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cache.h"
#include "parse/parse.h"
#include "parse/skim.h"
#include "util/file.h"

static AlParser *skim, *whole;
static size_t files, same, differ, broken, bodies;

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".py") != 0) return 0;
    size_t len;
    char *src = al_file_read(path, (size_t)1 << 30, &len);
    if (!src) return 0;
    files++;
    AlSkimBody *b;
    bodies += al_skim_method_bodies(src, len, &b);
    free(b);
    AlFacts *x = al_parse_source(whole, src, len), *y = al_parse_source(skim, src, len);
    if (x->has_error) {
        broken++;
    } else {
        size_t lx, ly;
        char *ex = al_facts_encode(x, &lx), *ey = al_facts_encode(y, &ly);
        if (lx == ly && memcmp(ex, ey, lx) == 0) {
            same++;
        } else {
            differ++;
            printf("differs: %s\n", path);
        }
        free(ex);
        free(ey);
    }
    al_facts_free(x);
    al_facts_free(y);
    free(src);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: skim_check PATH...\n");
        return 2;
    }
    skim = al_parser_new();
    whole = al_parser_new();
    al_parser_keep_bodies(whole, true);
    for (int i = 1; i < argc; i++)
        if (nftw(argv[i], visit, 32, FTW_PHYS) != 0) {
            fprintf(stderr, "skim_check: cannot walk %s\n", argv[i]);
            return 2;
        }
    printf("%zu files, %zu method bodies skipped: %zu same facts, %zu differ; %zu with syntax errors (not "
           "compared)\n",
           files, bodies, same, differ, broken);
    al_parser_free(skim);
    al_parser_free(whole);
    return differ ? 1 : files ? 0 : 2;
}
