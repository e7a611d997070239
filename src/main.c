/* authlint: command line entry point. Parses options, then hands over to
 * cli.c (the check/audit pipeline) or prints rules and their docs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "embedded.h"
#include "rules/rules.h"
#include "util/buf.h"

static const char usage[] =
    "usage: authlint check [PATH...] [options]\n"
    "       authlint audit [PATH...] --format md|html|csv|json [--output FILE] [--compare OLD.json]\n"
    "       authlint rules\n"
    "       authlint explain RULE\n"
    "       authlint --version\n";

static const char help[] =
    "authlint: checks how Django REST Framework views authenticate, against the\n"
    "Open edX authentication ADR (or another rule pack).\n"
    "\n"
    "Options for check and audit:\n"
    "  --format FORMAT        check: text (default), json, sarif, github;\n"
    "                         audit: md (default), html, csv, json\n"
    "  --output FILE          write the report to FILE (atomically) instead of stdout\n"
    "  --select IDS           only these rules (comma-separated, repeatable)\n"
    "  --ignore IDS           leave out these rules (comma-separated, repeatable)\n"
    "  --fail-on LEVEL        exit 1 on findings at or above LEVEL: error (default),\n"
    "                         warning, note, never\n"
    "  --include-tests        analyse test code too (tests/, test_*.py, conftest.py...)\n"
    "  --exclude GLOB         skip matching paths (repeatable)\n"
    "  --config FILE          configuration (default: .authlint.json found upwards)\n"
    "  --rules FILE           rule pack (default: the embedded openedx-adr pack)\n"
    "  --root DIR             project root (default: config dir, git top level, cwd)\n"
    "  --jobs N               worker threads (default: all cores)\n"
    "  --statistics           print a count per rule after the findings, and the\n"
    "                         files parsed and time taken per stage (stderr)\n"
    "  --quiet                no summary line\n"
    "  --color WHEN           auto (default), always, never\n"
    "  --no-cache             neither read nor write .authlint_cache/\n"
    "  --no-prescan           parse every file (the pre-scan never changes results)\n"
    "  --category NAME        SARIF runAutomationDetails id (one per upload)\n"
    "  --include-suppressed   keep suppressed results in SARIF, with suppressions\n"
    "  --baseline FILE        fail only on findings not recorded in FILE\n"
    "  --write-baseline FILE  record the current findings in FILE\n"
    "  --fix                  rewrite literal declarations to follow the policy\n"
    "  --diff                 with --fix semantics, print a unified diff; write nothing\n"
    "  --compare OLD.json     audit: show progress since an earlier JSON report\n"
    "\n"
    "Exit status: 0 nothing fails, 1 findings fail (--fail-on), 2 usage, config or\n"
    "rule-pack error.\n"
    "Inline: `# authlint: ignore[AUTH003] reason`, `# noqa: AUTH003`,\n"
    "`# authlint: client=browser`, `# authlint: exclude=webhook reason`.\n"
    "Docs: `authlint explain AUTH003`, docs/ in the repository.\n";

enum {
    OPT_FORMAT = 256, OPT_OUTPUT, OPT_SELECT, OPT_IGNORE, OPT_FAIL_ON, OPT_INCLUDE_TESTS, OPT_EXCLUDE, OPT_CONFIG,
    OPT_RULES, OPT_JOBS, OPT_STATISTICS, OPT_QUIET, OPT_ROOT, OPT_NO_CACHE, OPT_NO_PRESCAN, OPT_COLOR,
    OPT_CATEGORY, OPT_INCLUDE_SUPPRESSED, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_FIX, OPT_DIFF, OPT_COMPARE,
    OPT_HELP,
};

static const struct option long_options[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {"select", required_argument, NULL, OPT_SELECT},
    {"ignore", required_argument, NULL, OPT_IGNORE},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"include-tests", no_argument, NULL, OPT_INCLUDE_TESTS},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"rules", required_argument, NULL, OPT_RULES},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"statistics", no_argument, NULL, OPT_STATISTICS},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"root", required_argument, NULL, OPT_ROOT},
    {"no-cache", no_argument, NULL, OPT_NO_CACHE},
    {"no-prescan", no_argument, NULL, OPT_NO_PRESCAN},
    {"color", required_argument, NULL, OPT_COLOR},
    {"category", required_argument, NULL, OPT_CATEGORY},
    {"include-suppressed", no_argument, NULL, OPT_INCLUDE_SUPPRESSED},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
    {"fix", no_argument, NULL, OPT_FIX},
    {"diff", no_argument, NULL, OPT_DIFF},
    {"compare", required_argument, NULL, OPT_COMPARE},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "authlint: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return 2;
}

/* Appends a comma list to *dst ("a,b" + "c" -> "a,b,c"); leaks nothing that
 * outlives main. */
static const char *join(AlBuf *store, const char *arg)
{
    if (store->len)
        al_buf_addc(store, ',');
    al_buf_adds(store, arg);
    return al_buf_cstr(store);
}

static bool one_of(const char *value, const char *const *allowed)
{
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(value, allowed[i]) == 0)
            return true;
    return false;
}

static int cmd_rules(void)
{
    for (size_t i = 0; i < AL_RULE_COUNT; i++) {
        const AlRuleInfo *r = &al_rule_registry[i];
        printf("%s  %-31s %-8s %s\n", r->code, r->name, al_level_name(r->default_level), r->summary);
    }
    return 0;
}

static int cmd_explain(const char *id)
{
    const AlRuleInfo *r = al_rules_find(id);
    if (!r)
        return usage_error("unknown rule \"%s\" (see `authlint rules`)", id);
    char name[32];
    snprintf(name, sizeof name, "%s.md", r->code);
    const AlEmbedded *doc = al_embedded_find(name);
    if (!doc)
        return usage_error("no documentation for %s", r->code);
    fwrite(doc->bytes, 1, doc->len, stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        printf("%s\n%s", usage, help);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("authlint %s\n", AL_VERSION);
        return 0;
    }
    if (strcmp(cmd, "rules") == 0)
        return argc == 2 ? cmd_rules() : usage_error("`rules` takes no arguments%s", "");
    if (strcmp(cmd, "explain") == 0)
        return argc == 3 ? cmd_explain(argv[2]) : usage_error("`explain` takes one rule id%s", "");
    if (strcmp(cmd, "check") != 0 && strcmp(cmd, "audit") != 0)
        return usage_error("unknown command \"%s\"", cmd);

    AlOptions o = {.command = cmd, .color = "auto"};
    AlBuf select = AL_BUF_INIT, ignore = AL_BUF_INIT;
    o.exclude = calloc((size_t)argc, sizeof *o.exclude);
    o.inputs = calloc((size_t)argc + 1, sizeof *o.inputs);
    if (!o.exclude || !o.inputs)
        return 2;
    int rc = 2;
    optind = 2;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
        const char *arg = optarg;
        switch (c) {
        case OPT_FORMAT: o.format = arg; break;
        case OPT_OUTPUT: o.output = arg; break;
        case OPT_SELECT: o.select = join(&select, arg); break;
        case OPT_IGNORE: o.ignore = join(&ignore, arg); break;
        case OPT_FAIL_ON: o.fail_on = arg; break;
        case OPT_INCLUDE_TESTS: o.include_tests = true; break;
        case OPT_EXCLUDE: o.exclude[o.n_exclude++] = arg; break;
        case OPT_CONFIG: o.config = arg; break;
        case OPT_RULES: o.rules = arg; break;
        case OPT_JOBS: {
            char *end;
            long n = strtol(arg, &end, 10);
            if (*end || n < 1 || n > 1024) {
                rc = usage_error("--jobs needs a number from 1 to 1024, not \"%s\"", arg);
                goto out;
            }
            o.jobs = (int)n;
            break;
        }
        case OPT_STATISTICS: o.statistics = true; break;
        case OPT_QUIET: o.quiet = true; break;
        case OPT_ROOT: o.root = arg; break;
        case OPT_NO_CACHE: o.no_cache = true; break;
        case OPT_NO_PRESCAN: o.no_prescan = true; break;
        case OPT_COLOR: o.color = arg; break;
        case OPT_CATEGORY: o.category = arg; break;
        case OPT_INCLUDE_SUPPRESSED: o.include_suppressed = true; break;
        case OPT_BASELINE: o.baseline = arg; break;
        case OPT_WRITE_BASELINE: o.write_baseline = arg; break;
        case OPT_FIX: o.fix = true; break;
        case OPT_DIFF: o.diff = true; break;
        case OPT_COMPARE: o.compare = arg; break;
        case OPT_HELP:
        case 'h':
            printf("%s\n%s", usage, help);
            rc = 0;
            goto out;
        case ':':
            rc = usage_error("option %s needs a value", argv[optind - 1]);
            goto out;
        default:
            rc = usage_error("unknown option \"%s\"", argv[optind - 1]);
            goto out;
        }
    }
    for (int i = optind; i < argc; i++)
        o.inputs[o.n_inputs++] = argv[i];
    if (o.n_inputs == 0)
        o.inputs[o.n_inputs++] = ".";

    bool audit = strcmp(cmd, "audit") == 0;
    static const char *const check_formats[] = {"text", "json", "sarif", "github", NULL};
    static const char *const audit_formats[] = {"md", "html", "csv", "json", NULL};
    static const char *const colors[] = {"auto", "always", "never", NULL};
    if (!o.format)
        o.format = audit ? "md" : "text";
    if (!one_of(o.format, audit ? audit_formats : check_formats)) {
        rc = usage_error(audit ? "--format for audit is md, html, csv or json, not \"%s\""
                               : "--format is text, json, sarif or github, not \"%s\"",
                         o.format);
        goto out;
    }
    if (!one_of(o.color, colors)) {
        rc = usage_error("--color is auto, always or never, not \"%s\"", o.color);
        goto out;
    }
    if (o.compare && !audit) {
        rc = usage_error("--compare is an option of `audit`%s", "");
        goto out;
    }
    if ((o.fix || o.diff) && audit) {
        rc = usage_error("--fix and --diff are options of `check`%s", "");
        goto out;
    }
    rc = al_cli_run(&o);
out:
    al_buf_release(&select);
    al_buf_release(&ignore);
    free(o.exclude);
    free(o.inputs);
    return rc;
}
