/* Inline suppressions (SPEC 5, 9.14) and the baseline (SPEC 5).
 *
 * al_suppress_apply runs after the rules: it marks findings suppressed by a
 * `# authlint: ignore[...]` / `# noqa: AUTHxxx` comment on the finding's line
 * or the line above, then adds AUTH007 for directives that suppressed nothing.
 *
 * The baseline is a JSON file of fingerprints ({"schema": "authlint-baseline/1",
 * "findings": [{"fingerprint", "rule", "path", "message"}]}); a finding whose
 * fingerprint is in it (counted as a multiset) is "in the baseline": shown in
 * JSON/SARIF as such, not printed by text output, never failing. */
#ifndef AL_RULES_SUPPRESS_H
#define AL_RULES_SUPPRESS_H

#include "rules/rules.h"
#include "util/buf.h"
#include "util/error.h"

/* Returns the number of findings suppressed. Unrecognised directives give a
 * warning line in *warnings (heap strings, appended). */
size_t al_suppress_apply(AlModel *model, const AlPolicy *policy, AlFindings *out, char ***warnings,
                         size_t *n_warnings);

/* Renders the baseline of the current (not suppressed) findings. */
void al_baseline_write(const AlFindings *findings, AlBuf *out);
/* Marks findings found in the baseline file. Returns 0, or -1 with *err. */
int al_baseline_apply(const char *path, AlFindings *findings, AlError *err);

#endif
