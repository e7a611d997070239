/* Command-line interface: option parsing and the `check`, `audit`, `rules`
 * and `explain` commands. main.c only dispatches. */
#ifndef AL_CLI_H
#define AL_CLI_H

#include <stdbool.h>
#include <stddef.h>

typedef struct AlOptions {
    const char *command;     /* "check" or "audit" */
    const char **inputs;     /* paths (default ".") */
    size_t n_inputs;
    const char *format;      /* text|json|sarif|github; audit: md|html|csv|json */
    const char *output;
    const char *select;      /* comma lists, joined across repeats */
    const char *ignore;
    const char *fail_on;
    bool include_tests;
    const char **exclude;
    size_t n_exclude;
    const char *config;
    const char *rules;
    int jobs;
    bool statistics;
    bool quiet;
    const char *root;
    bool no_cache;
    bool no_prescan;
    const char *color;       /* auto|always|never */
    const char *category;
    bool include_suppressed;
    const char *baseline;
    const char *write_baseline;
    bool fix;
    bool diff;
    const char *compare;
} AlOptions;

/* Runs `check` or `audit`; returns the exit code (0, 1 or 2). */
int al_cli_run(const AlOptions *opts);

#endif
