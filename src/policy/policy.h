/* Policy stage: the rule pack (rules/<name>.json, the default embedded at build
 * time) merged with the user's .authlint.json config. Everything downstream
 * reads the policy; nothing downstream writes it.
 *
 * Ownership: an AlPolicy owns all its strings and arrays (in self->arena);
 * al_policy_free releases them. Loading functions return 0 on success and -1
 * on a user error, filling *err with file:line:col and what is wrong. */
#ifndef AL_POLICY_POLICY_H
#define AL_POLICY_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/error.h"
#include "util/map.h"

/* Kinds of authentication class (SPEC 3.1). */
typedef enum AlKind {
    AL_KIND_JWT,
    AL_KIND_SESSION,
    AL_KIND_BEARER,
    AL_KIND_BASIC,
    AL_KIND_TOKEN,
    AL_KIND_OAUTH2,
    AL_KIND_REMOTE,
    AL_KIND_OTHER,
    AL_KIND_UNKNOWN,
    AL_KIND_COUNT
} AlKind;

const char *al_kind_name(AlKind kind);
/* Returns false for a name that is not a kind. */
bool al_kind_parse(const char *name, AlKind *out);

typedef enum AlLevel { AL_LEVEL_NOTE, AL_LEVEL_WARNING, AL_LEVEL_ERROR, AL_LEVEL_NEVER } AlLevel;
const char *al_level_name(AlLevel level); /* "note", "warning", "error", "never" */
bool al_level_parse(const char *name, AlLevel *out);

/* Rule ids, in registry order. */
typedef enum AlRuleId {
    AL_AUTH000,
    AL_AUTH001,
    AL_AUTH002,
    AL_AUTH003,
    AL_AUTH004,
    AL_AUTH005,
    AL_AUTH006,
    AL_AUTH007,
    AL_AUTH008,
    AL_RULE_COUNT
} AlRuleId;

/* "AUTH003" -> AL_AUTH003; false for anything else. */
bool al_rule_parse(const char *id, AlRuleId *out);
const char *al_rule_code(AlRuleId id); /* "AUTH003" */

typedef enum AlExclusionKind {
    AL_EXCL_ADMIN,
    AL_EXCL_OAUTH,
    AL_EXCL_WEBHOOK,
    AL_EXCL_HMAC,
    AL_EXCL_PUBLIC,
    AL_EXCL_INTERNAL,
    AL_EXCL_COUNT
} AlExclusionKind;
const char *al_exclusion_kind_name(AlExclusionKind kind);
bool al_exclusion_kind_parse(const char *name, AlExclusionKind *out);

typedef struct AlCatalogEntry {
    const char *fqn;
    const char *last;        /* last dotted segment of fqn */
    AlKind kind;
    bool forbidden;          /* AUTH003 even when the kind is not bearer */
    const char *replacement; /* hint for messages, may be NULL */
} AlCatalogEntry;

/* A decorator that sets authentication_classes (SPEC 3.3). */
typedef struct AlDecoratorEntry {
    const char *fqn;
    const char **aliases; /* other FQNs of the same decorator */
    size_t n_aliases;
    const char **classes; /* FQNs it sets, in order */
    size_t n_classes;
} AlDecoratorEntry;

typedef struct AlExclusion {
    AlExclusionKind kind;
    const char **paths; /* globs on the path relative to the root */
    size_t n_paths;
    const char **names; /* globs on the endpoint FQN */
    size_t n_names;
    const char *reason;
    bool nocase;        /* match case-insensitively */
    bool any_segment;   /* path globs match any single path segment too */
} AlExclusion;

/* The class the fixer inserts for a required kind. */
typedef struct AlPreferred {
    const char *fqn;     /* full name */
    const char *name;    /* short name used in code */
    const char *module;  /* module to import it from */
} AlPreferred;

typedef struct AlRuleSetting {
    AlLevel level;     /* effective level (pack default, then config severity) */
    bool enabled;      /* after --select / --ignore / config */
    const char *message; /* template from the pack; see al_policy_format */
    const char *help_uri;
} AlRuleSetting;

typedef struct AlPolicy {
    AlArena *arena;
    const char *pack_name;
    const char *pack_path;  /* "<embedded>" for the default pack */

    AlCatalogEntry *catalog;
    size_t n_catalog;
    AlMap catalog_by_fqn; /* fqn -> AlCatalogEntry* */

    const char **view_bases; /* globs on FQNs of DRF view base classes */
    size_t n_view_bases;
    const char **view_function_decorators; /* rest_framework.decorators.api_view */
    size_t n_view_function_decorators;
    const char **action_decorators;        /* rest_framework.decorators.action */
    size_t n_action_decorators;
    const char **auth_decorators; /* rest_framework.decorators.authentication_classes */
    size_t n_auth_decorators;
    AlDecoratorEntry *decorators;
    size_t n_decorators;

    AlKind required;          /* jwt */
    AlKind required_browser;  /* session */
    AlPreferred preferred_jwt;
    AlPreferred preferred_session;
    const char **drf_default; /* DRF's built-in default classes */
    size_t n_drf_default;

    AlExclusion *exclusions;
    size_t n_exclusions;
    const char **browser; /* globs on path or FQN */
    size_t n_browser;

    AlRuleSetting rules[AL_RULE_COUNT];

    /* From the config file (and the CLI, which overrides). */
    const char *config_path; /* NULL when none was found */
    const char **exclude;    /* discovery globs */
    size_t n_exclude;
    bool include_tests;
    const char **settings;   /* settings module paths (relative to root) */
    size_t n_settings;
    AlLevel fail_on;
} AlPolicy;

/* A policy holding the embedded default pack; never NULL. */
AlPolicy *al_policy_new(void);
void al_policy_free(AlPolicy *self);

/* Replaces the pack with the one at path (--rules or config "rules"). */
int al_policy_load_pack(AlPolicy *self, const char *path, AlError *err);
/* Merges a config file (.authlint.json). The rule pack is loaded first:
 * rules_override (--rules) when not NULL, else the config's "rules" (relative
 * to the config file's directory); the config then adds to it. */
int al_policy_load_config(AlPolicy *self, const char *path, const char *rules_override, AlError *err);
/* Searches dir and its parents for .authlint.json; returns a new heap path or
 * NULL. */
char *al_policy_find_config(const char *start_dir);

/* Lookups (borrowed results, NULL when absent). */
const AlCatalogEntry *al_policy_catalog_find(const AlPolicy *self, const char *fqn);
/* Kind by last name (SPEC 3.1 heuristic): returns 0 when no catalog class has
 * that last name, 1 with *kind set when all that do share one kind, 2 when
 * they disagree (the caller treats it as unknown). */
int al_policy_catalog_last(const AlPolicy *self, const char *last, AlKind *kind, bool *forbidden);
bool al_policy_is_view_base(const AlPolicy *self, const char *fqn);
const AlDecoratorEntry *al_policy_decorator_find(const AlPolicy *self, const char *fqn);
bool al_policy_fqn_in(const char *const *list, size_t n, const char *fqn);

/* Expands a rule message template: "{name}" is replaced by the value of the
 * pair whose key is name (keys/values are parallel arrays). Unknown names are
 * left as written. Returns a heap string. */
char *al_policy_format(const char *tmpl, const char *const *keys, const char *const *values, size_t n);

#endif
