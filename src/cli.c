/* The check/audit pipeline: policy -> discovery -> parse -> model -> rules ->
 * suppressions/baseline -> (fix) -> output. Each stage lives in its own
 * folder under src/; this file only wires them and maps errors to exit 2. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "discover/discover.h"
#include "fix/fix.h"
#include "model/model.h"
#include "parse/pool.h"
#include "policy/policy.h"
#include "report/report.h"
#include "rules/rules.h"
#include "rules/suppress.h"
#include "util/path.h"

static int config_error(const AlError *err)
{
    char text[1200];
    al_error_format(err, text, sizeof text);
    fprintf(stderr, "authlint: error: %s\n", text);
    return 2;
}

static void print_warnings(char **warnings, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "authlint: warning: %s\n", warnings[i]);
        free(warnings[i]);
    }
    free(warnings);
}

/* Applies a comma list of rule ids; enable=true for --select. */
static int apply_rule_list(AlPolicy *policy, const char *list, bool select)
{
    bool chosen[AL_RULE_COUNT] = {0};
    char *copy = al_xstrdup(list);
    int rc = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        const AlRuleInfo *r = al_rules_find(tok);
        if (!r) {
            fprintf(stderr, "authlint: error: unknown rule \"%s\" in --%s (see `authlint rules`)\n", tok,
                    select ? "select" : "ignore");
            rc = 2;
            break;
        }
        chosen[r->id] = true;
    }
    free(copy);
    if (rc)
        return rc;
    for (int i = 0; i < AL_RULE_COUNT; i++) {
        if (select)
            policy->rules[i].enabled = chosen[i];
        else if (chosen[i])
            policy->rules[i].enabled = false;
    }
    return 0;
}

static int emit(const char *output, const AlBuf *buf)
{
    if (output) {
        AlError err;
        if (al_write_atomic(output, buf->ptr ? buf->ptr : "", buf->len, &err) < 0)
            return config_error(&err);
        return 0;
    }
    if (buf->len && fwrite(buf->ptr, 1, buf->len, stdout) != buf->len) {
        fprintf(stderr, "authlint: error: cannot write to standard output\n");
        return 2;
    }
    fflush(stdout);
    return 0;
}

static json_t *load_compare(const char *path)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (!doc) {
        if (jerr.line > 0)
            fprintf(stderr, "authlint: error: %s:%d:%d: cannot read the earlier report: %s\n", path, jerr.line,
                    jerr.column, jerr.text);
        else /* not opened at all: no position to give */
            fprintf(stderr, "authlint: error: %s: cannot read the earlier report: %s\n", path, jerr.text);
        return NULL;
    }
    const char *schema = json_string_value(json_object_get(doc, "schema"));
    if (!schema || strcmp(schema, "authlint/1") != 0 || !json_is_array(json_object_get(doc, "endpoints"))) {
        fprintf(stderr, "authlint: error: %s:1:1: not an authlint JSON report (\"schema\": \"authlint/1\")\n", path);
        json_decref(doc);
        return NULL;
    }
    return doc;
}

/* Everything one run builds, released together. */
typedef struct Run {
    AlPolicy *policy;
    AlFileList files;
    AlModel *model;
    AlFindings *findings;
    char *root;
    char *cwd;
} Run;

static void run_free(Run *r)
{
    al_findings_free(r->findings);
    al_model_free(r->model);
    if (r->files.files)
        for (size_t i = 0; i < r->files.n; i++)
            al_facts_free(r->files.files[i].facts);
    al_file_list_free(&r->files);
    al_policy_free(r->policy);
    free(r->root);
    free(r->cwd);
}

/* Seconds on the monotonic clock, for --statistics. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Builds policy, file list, model and findings. Returns 0 or an exit code. */
static int analyse(const AlOptions *o, Run *run, size_t *n_suppressed)
{
    char cwd_buf[PATH_MAX];
    if (!getcwd(cwd_buf, sizeof cwd_buf)) {
        fprintf(stderr, "authlint: error: cannot determine the current directory\n");
        return 2;
    }
    run->cwd = al_path_normalize(cwd_buf);
    run->policy = al_policy_new();
    AlPolicy *policy = run->policy;
    AlError err;
    char *config = o->config ? al_xstrdup(o->config) : al_policy_find_config(run->cwd);
    if (config && !o->config) {
        /* Found upwards: name it relative to the current directory in
         * messages, like every other path authlint prints. */
        char *rel = al_path_relative(run->cwd, config);
        free(config);
        config = rel;
    }
    if (config) {
        int rc = al_policy_load_config(policy, config, o->rules, &err);
        if (rc < 0) {
            free(config);
            return config_error(&err);
        }
    } else if (o->rules && al_policy_load_pack(policy, o->rules, &err) < 0) {
        return config_error(&err);
    }
    if (o->select && apply_rule_list(policy, o->select, true)) {
        free(config);
        return 2;
    }
    if (o->ignore && apply_rule_list(policy, o->ignore, false)) {
        free(config);
        return 2;
    }
    if (o->fail_on && (!al_level_parse(o->fail_on, &policy->fail_on))) {
        fprintf(stderr, "authlint: error: --fail-on is error, warning, note or never, not \"%s\"\n", o->fail_on);
        free(config);
        return 2;
    }
    if (o->root) {
        char *abs = al_path_absolute(o->root);
        run->root = al_path_normalize(abs);
        free(abs);
    } else {
        run->root = al_discover_root(config, run->cwd, o->inputs, o->n_inputs);
    }
    free(config);

    const char **exclude = al_xcalloc(policy->n_exclude + o->n_exclude + 1, sizeof *exclude);
    for (size_t i = 0; i < policy->n_exclude; i++)
        exclude[i] = policy->exclude[i];
    for (size_t i = 0; i < o->n_exclude; i++)
        exclude[policy->n_exclude + i] = o->exclude[i];
    AlDiscoverOptions dopts = {
        .inputs = o->inputs, .n_inputs = o->n_inputs, .root = run->root, .cwd = run->cwd,
        .exclude = exclude, .n_exclude = policy->n_exclude + o->n_exclude,
        .include_tests = o->include_tests || policy->include_tests,
        .jobs = o->jobs > 0 ? o->jobs : al_parse_default_jobs(),
    };
    double t_start = now_s();
    int drc = al_discover(&dopts, &run->files, &err);
    double t_discovered = now_s();
    free(exclude);
    if (drc < 0)
        return config_error(&err);
    print_warnings(run->files.warnings, run->files.n_warnings);
    run->files.warnings = NULL;
    run->files.n_warnings = 0;

    char *cache_dir = o->no_cache ? NULL : al_path_join(run->root, ".authlint_cache");
    AlParseOptions popts = {.jobs = o->jobs, .cache_dir = cache_dir, .prescan = policy, .parse_all = o->no_prescan};
    AlParseStats stats;
    char **warnings = NULL;
    size_t n_warnings = 0;
    al_parse_files(run->files.files, run->files.n, &popts, &stats, &warnings, &n_warnings);
    double t_parsed = now_s();
    free(cache_dir);
    print_warnings(warnings, n_warnings);
    run->model = al_model_build(run->files.files, run->files.n, policy);
    if (o->statistics)
        fprintf(stderr,
                "authlint: %zu files (%.1f MB read): %zu parsed or cached (%zu from the cache), %zu left out by the "
                "pre-scan in %zu rounds, %zu unreadable\n"
                "authlint: %.3f s finding files, %.3f s reading and parsing, %.3f s resolving\n",
                run->files.n, (double)stats.bytes / 1048576.0, stats.parsed, stats.cached, stats.prescanned,
                stats.rounds, stats.skipped, t_discovered - t_start, t_parsed - t_discovered, now_s() - t_parsed);
    for (size_t i = 0; i < run->model->n_notes; i++)
        fprintf(stderr, "authlint: note: %s\n", run->model->notes[i]);
    run->findings = al_findings_new();
    al_rules_run(run->model, policy, run->findings);
    warnings = NULL;
    n_warnings = 0;
    *n_suppressed = al_suppress_apply(run->model, policy, run->findings, &warnings, &n_warnings);
    print_warnings(warnings, n_warnings);
    if (o->baseline && al_baseline_apply(o->baseline, run->findings, &err) < 0)
        return config_error(&err);
    return 0;
}

static bool fails(const AlFindings *fs, AlLevel fail_on)
{
    if (fail_on == AL_LEVEL_NEVER)
        return false;
    for (size_t i = 0; i < fs->len; i++)
        if (al_report_visible(fs->items[i]) && fs->items[i]->level >= fail_on)
            return true;
    return false;
}

static int run_fix(const AlOptions *o, Run *run)
{
    AlBuf diff = AL_BUF_INIT;
    AlFixStats stats = {0};
    char **warnings = NULL;
    size_t n_warnings = 0;
    int rc = al_fix_apply(run->model, run->policy, run->findings, !o->diff, &diff, &stats, &warnings, &n_warnings);
    print_warnings(warnings, n_warnings);
    if (o->diff) {
        int erc = emit(o->output, &diff);
        al_buf_release(&diff);
        if (erc)
            return erc;
        /* Like `ruff --diff`: exit 1 when there is something to fix. */
        return rc < 0 ? 2 : stats.declarations ? 1 : 0;
    }
    al_buf_release(&diff);
    if (!o->quiet)
        fprintf(stderr, "authlint: fixed %zu declaration%s in %zu file%s\n", stats.declarations,
                stats.declarations == 1 ? "" : "s", stats.files, stats.files == 1 ? "" : "s");
    return rc < 0 ? 2 : 0;
}

int al_cli_run(const AlOptions *o)
{
    Run run = {0};
    size_t n_suppressed = 0;
    int rc = analyse(o, &run, &n_suppressed);
    if (rc) {
        run_free(&run);
        return rc;
    }
    if (o->fix || o->diff) {
        rc = run_fix(o, &run);
        if (o->diff || rc) {
            run_free(&run);
            return rc;
        }
        /* Report what is left after the fix, like ruff --fix. */
        run_free(&run);
        memset(&run, 0, sizeof run);
        rc = analyse(o, &run, &n_suppressed);
        if (rc) {
            run_free(&run);
            return rc;
        }
    }
    if (o->write_baseline) {
        AlBuf buf = AL_BUF_INIT;
        al_baseline_write(run.findings, &buf);
        AlError err;
        int wrc = al_write_atomic(o->write_baseline, buf.ptr, buf.len, &err);
        al_buf_release(&buf);
        if (wrc < 0) {
            run_free(&run);
            return config_error(&err);
        }
    }
    AlReport report = {
        .policy = run.policy,
        .model = run.model,
        .findings = run.findings,
        .root = run.root,
        .n_files = run.files.n_reported,
        .category = o->category,
        .include_suppressed = o->include_suppressed,
        .baseline_used = o->baseline != NULL,
        .color = strcmp(o->color, "always") == 0 ||
                 (strcmp(o->color, "auto") == 0 && !o->output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")),
        .statistics = o->statistics,
        .quiet = o->quiet,
    };
    AlBuf out = AL_BUF_INIT;
    if (strcmp(o->command, "audit") == 0) {
        json_t *old = NULL;
        if (o->compare && !(old = load_compare(o->compare))) {
            run_free(&run);
            return 2;
        }
        json_t *doc = al_report_json_doc(&report);
        al_audit_render(doc, old, o->format, &out);
        json_decref(doc);
        json_decref(old);
        rc = emit(o->output, &out);
        al_buf_release(&out);
        run_free(&run);
        return rc; /* the audit is a report: it does not fail on findings */
    }
    if (strcmp(o->format, "json") == 0)
        al_report_json(&report, &out);
    else if (strcmp(o->format, "sarif") == 0)
        al_report_sarif(&report, &out);
    else if (strcmp(o->format, "github") == 0)
        al_report_github(&report, &out);
    else
        al_report_text(&report, &out);
    rc = emit(o->output, &out);
    al_buf_release(&out);
    if (!rc && fails(run.findings, run.policy->fail_on))
        rc = 1;
    if (o->write_baseline && rc == 1)
        rc = 0; /* writing a baseline accepts the current findings */
    run_free(&run);
    return rc;
}
