/* Policy core: name tables, lookups and message templates. Loading the rule
 * pack and the config from JSON lives in load.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "util/buf.h"
#include "util/glob.h"

static const char *const kind_names[AL_KIND_COUNT] = {
    "jwt", "session", "bearer", "basic", "token", "oauth2", "remote", "other", "unknown",
};
static const char *const level_names[] = {"note", "warning", "error", "never"};
static const char *const rule_codes[AL_RULE_COUNT] = {
    "AUTH000", "AUTH001", "AUTH002", "AUTH003", "AUTH004", "AUTH005", "AUTH006", "AUTH007", "AUTH008",
};
static const char *const exclusion_names[AL_EXCL_COUNT] = {
    "admin", "oauth", "webhook", "hmac", "public", "internal",
};

const char *al_kind_name(AlKind kind)
{
    return (unsigned)kind < AL_KIND_COUNT ? kind_names[kind] : "unknown";
}

bool al_kind_parse(const char *name, AlKind *out)
{
    for (int i = 0; i < AL_KIND_COUNT; i++)
        if (strcmp(kind_names[i], name) == 0) {
            *out = (AlKind)i;
            return true;
        }
    return false;
}

const char *al_level_name(AlLevel level)
{
    return (unsigned)level <= AL_LEVEL_NEVER ? level_names[level] : "note";
}

bool al_level_parse(const char *name, AlLevel *out)
{
    for (int i = 0; i <= AL_LEVEL_NEVER; i++)
        if (strcmp(level_names[i], name) == 0) {
            *out = (AlLevel)i;
            return true;
        }
    return false;
}

bool al_rule_parse(const char *id, AlRuleId *out)
{
    for (int i = 0; i < AL_RULE_COUNT; i++)
        if (strcmp(rule_codes[i], id) == 0) {
            *out = (AlRuleId)i;
            return true;
        }
    return false;
}

const char *al_rule_code(AlRuleId id)
{
    return (unsigned)id < AL_RULE_COUNT ? rule_codes[id] : "AUTH???";
}

const char *al_exclusion_kind_name(AlExclusionKind kind)
{
    return (unsigned)kind < AL_EXCL_COUNT ? exclusion_names[kind] : "internal";
}

bool al_exclusion_kind_parse(const char *name, AlExclusionKind *out)
{
    for (int i = 0; i < AL_EXCL_COUNT; i++)
        if (strcmp(exclusion_names[i], name) == 0) {
            *out = (AlExclusionKind)i;
            return true;
        }
    return false;
}

void al_policy_free(AlPolicy *self)
{
    if (!self)
        return;
    al_map_free(&self->catalog_by_fqn);
    al_arena_free(self->arena);
    free(self);
}

const AlCatalogEntry *al_policy_catalog_find(const AlPolicy *self, const char *fqn)
{
    return al_map_get(&self->catalog_by_fqn, fqn);
}

int al_policy_catalog_last(const AlPolicy *self, const char *last, AlKind *kind, bool *forbidden)
{
    int found = 0;
    for (size_t i = 0; i < self->n_catalog; i++) {
        const AlCatalogEntry *c = &self->catalog[i];
        if (strcmp(c->last, last) != 0)
            continue;
        if (found && (*kind != c->kind || *forbidden != c->forbidden))
            return 2;
        *kind = c->kind;
        *forbidden = c->forbidden;
        found = 1;
    }
    return found;
}

bool al_policy_is_view_base(const AlPolicy *self, const char *fqn)
{
    for (size_t i = 0; i < self->n_view_bases; i++)
        if (al_glob_match(self->view_bases[i], fqn, 0))
            return true;
    return false;
}

const AlDecoratorEntry *al_policy_decorator_find(const AlPolicy *self, const char *fqn)
{
    for (size_t i = 0; i < self->n_decorators; i++) {
        const AlDecoratorEntry *d = &self->decorators[i];
        if (strcmp(d->fqn, fqn) == 0 || al_policy_fqn_in(d->aliases, d->n_aliases, fqn))
            return d;
    }
    return NULL;
}

bool al_policy_fqn_in(const char *const *list, size_t n, const char *fqn)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], fqn) == 0)
            return true;
    return false;
}

char *al_policy_format(const char *tmpl, const char *const *keys, const char *const *values, size_t n)
{
    AlBuf out = {0};
    const char *p = tmpl;
    while (*p) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            bool replaced = false;
            if (close) {
                size_t len = (size_t)(close - p - 1);
                for (size_t i = 0; i < n; i++)
                    if (strlen(keys[i]) == len && strncmp(keys[i], p + 1, len) == 0) {
                        al_buf_adds(&out, values[i] ? values[i] : "");
                        replaced = true;
                        break;
                    }
            }
            if (replaced) {
                p = close + 1;
                continue;
            }
        }
        al_buf_addc(&out, *p++);
    }
    return al_buf_detach(&out);
}
