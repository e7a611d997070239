/* Text output (SPEC 5): `path:line:col: AUTH003 message`, sorted, then a
 * summary line; colour only when asked (main.c decides from the TTY). */
#include <stdio.h>
#include <string.h>

#include "report/report.h"
#include "rules/rules.h"

bool al_report_visible(const AlFinding *f)
{
    return !f->suppressed && !f->in_baseline;
}

static const char *level_colour(AlLevel level)
{
    switch (level) {
    case AL_LEVEL_ERROR:
        return "\033[1;31m";
    case AL_LEVEL_WARNING:
        return "\033[1;33m";
    default:
        return "\033[1;36m";
    }
}

void al_report_text(const AlReport *r, AlBuf *out)
{
    const AlFindings *fs = r->findings;
    size_t shown = 0, by_level[AL_LEVEL_NEVER] = {0}, per_rule[AL_RULE_COUNT] = {0};
    size_t suppressed = 0, baseline = 0;
    for (size_t i = 0; i < fs->len; i++) {
        const AlFinding *f = fs->items[i];
        if (f->suppressed) {
            suppressed++;
            continue;
        }
        if (f->in_baseline) {
            baseline++;
            continue;
        }
        shown++;
        by_level[f->level]++;
        per_rule[f->rule]++;
        if (r->color)
            al_buf_addf(out, "\033[1m%s\033[0m:%u:%u: %s%s\033[0m %s\n", f->file->display, f->span.line,
                        f->span.col, level_colour(f->level), al_rule_code(f->rule), f->message);
        else
            al_buf_addf(out, "%s:%u:%u: %s %s\n", f->file->display, f->span.line, f->span.col,
                        al_rule_code(f->rule), f->message);
    }
    if (r->statistics && shown) {
        for (int i = 0; i < AL_RULE_COUNT; i++)
            if (per_rule[i])
                al_buf_addf(out, "%5zu  %s  %s\n", per_rule[i], al_rule_code((AlRuleId)i),
                            al_rule_registry[i].name);
    }
    if (r->quiet)
        return;
    size_t endpoints = r->model ? r->model->n_endpoints : 0;
    if (shown == 0) {
        al_buf_addf(out, "All checks passed: %zu file%s, %zu endpoint%s", r->n_files, r->n_files == 1 ? "" : "s",
                    endpoints, endpoints == 1 ? "" : "s");
    } else {
        al_buf_addf(out, "Found %zu finding%s (%zu error%s, %zu warning%s, %zu note%s) in %zu file%s, %zu endpoint%s",
                    shown, shown == 1 ? "" : "s", by_level[AL_LEVEL_ERROR], by_level[AL_LEVEL_ERROR] == 1 ? "" : "s",
                    by_level[AL_LEVEL_WARNING], by_level[AL_LEVEL_WARNING] == 1 ? "" : "s", by_level[AL_LEVEL_NOTE],
                    by_level[AL_LEVEL_NOTE] == 1 ? "" : "s", r->n_files, r->n_files == 1 ? "" : "s", endpoints,
                    endpoints == 1 ? "" : "s");
    }
    if (suppressed)
        al_buf_addf(out, "; %zu suppressed", suppressed);
    if (baseline)
        al_buf_addf(out, "; %zu in the baseline", baseline);
    al_buf_adds(out, ".\n");
}
