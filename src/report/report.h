/* Output stage: renders the findings and the endpoint inventory of one run in
 * the formats of SPEC section 5 (text, github, json, sarif) and the audit
 * report (audit.c). Renderers only read; they append to an AlBuf and never
 * touch the file system (main.c writes the buffer, atomically with --output).
 *
 * Every renderer is deterministic: same inputs, same bytes (SPEC 5: output is
 * byte-identical across runs and --jobs values). */
#ifndef AL_REPORT_REPORT_H
#define AL_REPORT_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "policy/policy.h"
#include "rules/finding.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct AlReport {
    const AlPolicy *policy;
    const AlModel *model;
    const AlFindings *findings; /* sorted; suppressed/in_baseline flags set */
    const char *root;           /* absolute project root */
    size_t n_files;             /* files analysed (reported files) */
    const char *category;       /* --category (SARIF runAutomationDetails), or NULL */
    bool include_suppressed;    /* SARIF: keep suppressed results */
    bool baseline_used;         /* SARIF baselineState, JSON "baseline" */
    bool color;                 /* text: ANSI colour */
    bool statistics;            /* text: per-rule counts after the findings */
    bool quiet;                 /* text: no summary line when nothing found */
} AlReport;

/* True when the finding is shown and counts: not suppressed, not in the
 * baseline. */
bool al_report_visible(const AlFinding *f);

/* path:line:col: AUTH003 message, then the summary line. */
void al_report_text(const AlReport *r, AlBuf *out);
/* ::error file=..,line=..,col=..,endLine=..,endColumn=..,title=AUTH003::msg */
void al_report_github(const AlReport *r, AlBuf *out);
/* The SPEC section 8 document (new reference). */
json_t *al_report_json_doc(const AlReport *r);
void al_report_json(const AlReport *r, AlBuf *out);
/* SARIF 2.1.0 for GitHub code scanning. */
void al_report_sarif(const AlReport *r, AlBuf *out);

/* Audit report (authlint audit) from a SPEC section 8 document; old_doc is
 * the --compare document or NULL. format: "md", "html", "csv", "json". */
void al_audit_render(json_t *doc, json_t *old_doc, const char *format, AlBuf *out);

/* Writes data to path atomically (temporary file in the same directory,
 * fsync, rename). Returns 0, or -1 with *err set. */
int al_write_atomic(const char *path, const char *data, size_t len, AlError *err);

#endif
