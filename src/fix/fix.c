/* Placeholder until the fixer lands: reports that --fix is unavailable. */
#include "fix/fix.h"
#include "util/arena.h"

#include <string.h>

int al_fix_apply(const AlModel *model, const AlPolicy *policy, const AlFindings *findings, bool write, AlBuf *diff,
                 AlFixStats *stats, char ***warnings, size_t *n_warnings)
{
    (void)model, (void)policy, (void)findings, (void)write, (void)diff, (void)stats;
    *warnings = al_xrealloc(*warnings, (*n_warnings + 1) * sizeof **warnings);
    (*warnings)[(*n_warnings)++] = al_xstrdup("--fix is not available in this build yet");
    return -1;
}
