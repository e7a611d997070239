/* libFuzzer target for the policy stage: the input, written to a temporary
 * file, is loaded as a config (.authlint.json) and as a rule pack. Errors must
 * come back as an AlError with a terminated text, never a crash; a config that
 * loads has its globs matched against a few paths, as discovery would. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy/policy.h"
#include "util/glob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char config_path[96];

static void cleanup(void)
{
    unlink(config_path);
    rmdir(dir);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", "/tmp/authlint-fuzz-config-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    snprintf(config_path, sizeof config_path, "%s/c.json", dir);
    atexit(cleanup);
}

/* A "rules" key naming a file outside the temporary directory could name
 * /dev/stdin or a FIFO and block the fuzzer; that is the user's own choice in
 * a real config, not a bug, so such inputs are left out. */
static bool names_outside(const uint8_t *data, size_t size)
{
    json_t *root = json_loadb((const char *)data, size, 0, NULL);
    const char *rules = json_string_value(json_object_get(root, "rules"));
    bool outside = rules && (rules[0] == '/' || strstr(rules, ".."));
    json_decref(root);
    return outside;
}

static void check_error(const AlError *err)
{
    if (!memchr(err->text, '\0', sizeof err->text) || !memchr(err->file, '\0', sizeof err->file))
        abort();
    char text[1200];
    al_error_format(err, text, sizeof text);
}

static void match_globs(const char *const *globs, size_t n)
{
    static const char *const paths[] = {
        "lms/djangoapps/courseware/views/views.py",
        "openedx/core/djangoapps/user_api/accounts/tests/test_views.py",
        "a",
        "",
    };
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < sizeof paths / sizeof *paths; j++) {
            al_glob_match(globs[i], paths[j], AL_GLOB_PATH);
            al_glob_match(globs[i], paths[j], AL_GLOB_NOCASE);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    if (names_outside(data, size))
        return 0;
    FILE *fp = fopen(config_path, "wb");
    if (!fp)
        abort();
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    fclose(fp);

    AlError err;
    AlPolicy *policy = al_policy_new();
    memset(&err, 0, sizeof err);
    if (al_policy_load_config(policy, config_path, NULL, &err) < 0) {
        check_error(&err);
    } else {
        match_globs(policy->exclude, policy->n_exclude);
        match_globs(policy->browser, policy->n_browser);
        match_globs(policy->view_bases, policy->n_view_bases);
    }
    al_policy_free(policy);

    policy = al_policy_new();
    memset(&err, 0, sizeof err);
    if (al_policy_load_pack(policy, config_path, &err) < 0) {
        check_error(&err);
    } else {
        match_globs(policy->view_bases, policy->n_view_bases);
        match_globs(policy->browser, policy->n_browser);
        for (size_t i = 0; i < policy->n_exclusions; i++)
            match_globs(policy->exclusions[i].paths, policy->exclusions[i].n_paths);
    }
    al_policy_free(policy);
    return 0;
}
