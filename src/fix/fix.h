/* Fix stage (SPEC 5 --fix/--diff): rewrites literal authentication_classes
 * declarations so they follow the policy: forbidden classes removed (and
 * their imports when no longer used), JwtAuthentication inserted first for
 * AUTH001 (with its import), session class added for AUTH002, JWT moved
 * before session for AUTH004. Tuple/list style, trailing commas and the
 * one-per-line layout are kept; non-literal declarations are never touched.
 *
 * Files are re-read and checked against the content the model was built from
 * (a file changed in between is left alone, with a warning); writes are atomic
 * with the mode kept. */
#ifndef AL_FIX_FIX_H
#define AL_FIX_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "policy/policy.h"
#include "rules/finding.h"
#include "util/buf.h"

typedef struct AlFixStats {
    size_t declarations; /* declarations rewritten */
    size_t files;        /* files changed (or that would change) */
} AlFixStats;

/* write=true: rewrite the files; write=false: append a unified diff (paths as
 * a/<relpath> b/<relpath>) to *diff and write nothing. Warnings (heap
 * strings) are appended to *warnings. Returns 0, or -1 if a file could not be
 * written. */
int al_fix_apply(const AlModel *model, const AlPolicy *policy, const AlFindings *findings, bool write, AlBuf *diff,
                 AlFixStats *stats, char ***warnings, size_t *n_warnings);

#endif
