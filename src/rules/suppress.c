/* Inline suppressions and AUTH007 (see suppress.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/directive.h"
#include "rules/common.h"
#include "rules/suppress.h"

typedef struct Site {
    const AlFile *file;
    uint32_t line, col; /* the comment's line; the directive's column */
    AlDirective d;
    bool used[AL_RULE_COUNT];
    bool used_any;
} Site;

static void add_warning(char ***warnings, size_t *n, char *text)
{
    *warnings = al_xrealloc(*warnings, (*n + 1) * sizeof **warnings);
    (*warnings)[(*n)++] = text;
}

static bool covers(const Site *s, AlRuleId rule)
{
    return s->d.all_rules || s->d.rules[rule];
}

size_t al_suppress_apply(AlModel *model, const AlPolicy *policy, AlFindings *out, char ***warnings,
                         size_t *n_warnings)
{
    Site *sites = NULL;
    size_t n_sites = 0, cap = 0;
    for (size_t i = 0; i < model->n_files; i++) {
        const AlFile *f = &model->files[i];
        if (!f->facts || !f->relevant)
            continue;
        for (uint32_t c = 0; c < f->facts->n_comments; c++) {
            const AlComment *cm = &f->facts->comments[c];
            AlDirective d[8];
            int nd = al_directive_parse(cm->text, d, 8);
            for (int k = 0; k < nd; k++) {
                if (d[k].kind == AL_DIRECTIVE_INVALID && f->report) {
                    char text[600];
                    snprintf(text, sizeof text, "%s:%u:%u: unrecognised authlint directive \"%s\"; ignored",
                             f->display, cm->line, cm->col + d[k].col - 1, d[k].reason);
                    add_warning(warnings, n_warnings, al_xstrdup(text));
                    continue;
                }
                if (d[k].kind != AL_DIRECTIVE_IGNORE)
                    continue;
                if (n_sites == cap) {
                    cap = cap ? cap * 2 : 32;
                    sites = al_xrealloc(sites, cap * sizeof *sites);
                }
                Site *s = &sites[n_sites++];
                memset(s, 0, sizeof *s);
                s->file = f;
                s->line = cm->line;
                s->col = cm->col + d[k].col - 1;
                s->d = d[k];
            }
        }
    }
    /* Findings and sites are both in file order; match by file and line. */
    size_t suppressed = 0;
    for (size_t i = 0; i < out->len; i++) {
        AlFinding *f = out->items[i];
        for (size_t k = 0; k < n_sites; k++) {
            Site *s = &sites[k];
            if (s->file != f->file || (s->line != f->span.line && s->line + 1 != f->span.line))
                continue;
            if (!covers(s, f->rule))
                continue;
            if (!f->suppressed)
                suppressed++;
            f->suppressed = true;
            s->used[f->rule] = true;
            s->used_any = true;
        }
    }
    /* AUTH007: directives that suppressed nothing (codes of disabled rules
     * are not reported: they may be used under another selection). */
    AlRuleContext ctx = {.model = model, .policy = policy, .out = out};
    for (size_t k = 0; k < n_sites; k++) {
        Site *s = &sites[k];
        if (!s->file->report)
            continue;
        char detail[300] = "";
        if (s->d.all_rules) {
            if (s->used_any)
                continue;
            snprintf(detail, sizeof detail, "`authlint: ignore` on line %u has no finding to suppress", s->line);
        } else {
            size_t len = 0;
            for (int r = 0; r < AL_RULE_COUNT; r++)
                if (s->d.rules[r] && !s->used[r] && policy->rules[r].enabled && r != AL_AUTH007)
                    len += (size_t)snprintf(detail + len, sizeof detail - len, "%s%s", len ? ", " : "",
                                            al_rule_code((AlRuleId)r));
            if (!len)
                continue;
            size_t l2 = strlen(detail);
            snprintf(detail + l2, sizeof detail - l2, " not found on this line or the next");
        }
        AlEmit e = {.rule = AL_AUTH007, .file = s->file, .context = "", .normalized = detail};
        e.span.line = e.span.end_line = s->line;
        e.span.col = s->col;
        e.span.end_col = s->col + 1;
        e.keys[0] = "detail";
        e.values[0] = detail;
        e.n_kv = 1;
        /* The fingerprint must not hold the line: use the codes only. */
        char norm[300];
        snprintf(norm, sizeof norm, "%s", s->d.all_rules ? "all" : detail);
        e.normalized = norm;
        al_rule_emit(&ctx, &e);
    }
    free(sites);
    al_findings_sort(out);
    return suppressed;
}
