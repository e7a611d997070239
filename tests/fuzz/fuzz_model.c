/* libFuzzer target for the model, rules, suppression, report and fix stages:
 * the input is split at "\n---\n" into up to three modules of one package
 * (proj.views, proj.base, proj/__init__), each parsed; the model is built
 * with the default policy, every rule runs, suppressions are applied, every
 * report format is rendered and --diff is computed on files written to a
 * temporary directory. Everything is freed (LeakSanitizer checks it). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fix/fix.h"
#include "model/model.h"
#include "parse/parse.h"
#include "report/report.h"
#include "rules/rules.h"
#include "rules/suppress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEPARATOR "\n---\n"
#define MAX_MODULES 3

static const char *const relpaths[MAX_MODULES] = {"proj/views.py", "proj/base.py", "proj/__init__.py"};
static const char *const modules[MAX_MODULES] = {"proj.views", "proj.base", "proj"};
static char root[64];
static char paths[MAX_MODULES][128];
static AlParser *parser;
static AlPolicy *policy; /* read-only downstream of loading: one for the process */

static void cleanup(void)
{
    for (size_t i = 0; i < MAX_MODULES; i++)
        unlink(paths[i]);
    char dir[96];
    snprintf(dir, sizeof dir, "%s/proj", root);
    rmdir(dir);
    rmdir(root);
}

static void setup(void)
{
    snprintf(root, sizeof root, "%s", "/tmp/authlint-fuzz-model-XXXXXX");
    if (!mkdtemp(root))
        abort();
    char dir[96];
    snprintf(dir, sizeof dir, "%s/proj", root);
    if (mkdir(dir, 0700) != 0)
        abort();
    for (size_t i = 0; i < MAX_MODULES; i++)
        snprintf(paths[i], sizeof paths[i], "%s/%s", root, relpaths[i]);
    parser = al_parser_new();
    policy = al_policy_new();
    atexit(cleanup);
}

static const uint8_t *find_separator(const uint8_t *p, size_t n)
{
    size_t k = sizeof SEPARATOR - 1;
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(p + i, SEPARATOR, k) == 0)
            return p + i;
    return NULL;
}

static void write_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (n && fwrite(p, 1, n, fp) != n)
        abort();
    fclose(fp);
}

static void free_warnings(char **warnings, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(warnings[i]);
    free(warnings);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!parser)
        setup();
    AlFile files[MAX_MODULES];
    memset(files, 0, sizeof files);
    size_t n = 0;
    const uint8_t *p = data, *end = data + size;
    while (n < MAX_MODULES) {
        const uint8_t *sep = n + 1 < MAX_MODULES ? find_separator(p, (size_t)(end - p)) : NULL;
        size_t len = sep ? (size_t)(sep - p) : (size_t)(end - p);
        AlFile *f = &files[n];
        f->path = paths[n];
        f->relpath = relpaths[n];
        f->display = relpaths[n];
        f->module = modules[n];
        f->report = true;
        f->relevant = true;
        write_file(paths[n], p, len);
        f->facts = al_parse_source(parser, (const char *)p, len);
        n++;
        if (!sep)
            break;
        p = sep + sizeof SEPARATOR - 1;
    }

    AlModel *model = al_model_build(files, n, policy);
    AlFindings *findings = al_findings_new();
    al_rules_run(model, policy, findings);
    char **warnings = NULL;
    size_t n_warnings = 0;
    al_suppress_apply(model, policy, findings, &warnings, &n_warnings);
    free_warnings(warnings, n_warnings);

    AlReport report = {.policy = policy, .model = model, .findings = findings, .root = root, .n_files = n,
                       .statistics = true};
    AlBuf out = AL_BUF_INIT;
    al_report_text(&report, &out);
    al_report_github(&report, &out);
    al_report_json(&report, &out);
    al_report_sarif(&report, &out);
    al_baseline_write(findings, &out);
    json_t *doc = al_report_json_doc(&report);
    al_audit_render(doc, NULL, "md", &out);
    al_audit_render(doc, doc, "html", &out);
    al_audit_render(doc, NULL, "csv", &out);
    json_decref(doc);
    al_buf_release(&out);

    AlBuf diff = AL_BUF_INIT;
    AlFixStats stats = {0};
    warnings = NULL;
    n_warnings = 0;
    al_fix_apply(model, policy, findings, false, &diff, &stats, &warnings, &n_warnings);
    free_warnings(warnings, n_warnings);
    al_buf_release(&diff);

    al_findings_free(findings);
    al_model_free(model);
    for (size_t i = 0; i < n; i++)
        al_facts_free(files[i].facts);
    return 0;
}
