/* authlint audit: the migration report (SPEC 5 `audit`). Reads only the
 * SPEC section 8 JSON document (and, with --compare, an earlier one) and
 * renders md, html, csv or json; it never looks at the model, so an audit
 * can be re-rendered from a saved `--format json` report. Same document in,
 * same bytes out: apps are sorted by name, endpoints keep the document order.
 *
 * Counting rules (decided here, documented in docs/audit.md):
 * - Every endpoint falls in exactly one bucket. Excluded endpoints (SPEC 3.4)
 *   are "excluded" whatever their status: they are out of scope of the ADR's
 *   rules 1 and 2, so they are neither compliant nor non-compliant and are left
 *   out of the denominator of % compliant = compliant / (endpoints - excluded).
 * - Otherwise an endpoint is compliant when it is resolved and no AUTH001..
 *   AUTH005 status is "fail" (SPEC 9.18; note-level rules do not count), else
 *   non-compliant. Unresolved endpoints are never compliant.
 * - "violations" count endpoints whose status for the rule is "fail", excluded
 *   ones included (AUTH003/AUTH004 are not silenced by exclusions, and a
 *   Bearer class on an excluded endpoint still has to go).
 * - "unresolved" counts every endpoint with "resolved": false, excluded or not. */
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/arena.h"

#define N_RULES 5
static const char *const rule_ids[N_RULES] = {"AUTH001", "AUTH002", "AUTH003", "AUTH004", "AUTH005"};
static const char *const rule_names[N_RULES] = {
    "jwt-required", "session-required-for-browser", "forbidden-authentication-class",
    "jwt-before-session", "unauthenticated-endpoint"};
#define RULE_DOC_URL "https://github.com/authlint/authlint/blob/main/docs/rules/"

/* The classes --fix inserts (the default rule pack's preferred classes). */
#define JWT_CLASS "JwtAuthentication"
#define SESSION_CLASS "SessionAuthenticationAllowInactiveUser"

typedef enum Standing { ST_COMPLIANT, ST_NONCOMPLIANT, ST_UNRESOLVED, ST_EXCLUDED } Standing;
static const char *const standing_names[] = {"compliant", "non-compliant", "unresolved", "excluded"};

typedef struct AuditClass {
    const char *fqn;   /* borrowed from the document */
    const char *short_name;
    const char *kind;
    bool heuristic;
    bool forbidden;
} AuditClass;

typedef struct AuditRow {
    json_t *endpoint; /* borrowed */
    const char *name, *type, *path;
    long long line;
    const char *app;
    AuditClass *classes;
    size_t n_classes;
    size_t n_alternatives; /* 0 or 1 when the document lists no alternatives */
    const char *source;    /* "own", "inherited from X", "settings (m)", "DRF default" */
    bool browser, resolved;
    const char *excl_kind, *excl_reason; /* NULL when not excluded */
    const char *status[N_RULES];         /* pass / fail / excluded / n/a */
    const char **target;                 /* short names; NULL when manual */
    size_t n_target;
    bool manual; /* unresolved: target "?" */
    Standing standing;
} AuditRow;

typedef struct AuditTally {
    const char *app;
    size_t endpoints, compliant, noncompliant, excluded, unresolved;
    size_t violations[N_RULES];
} AuditTally;

typedef struct AuditCompare {
    AuditTally old;
    const char **fixed, **added, **removed, **regressed; /* names, arena */
    Standing *added_st, *regressed_st;                    /* their status now */
    size_t n_fixed, n_added, n_removed, n_regressed;
} AuditCompare;

typedef struct Audit {
    AlArena *arena;
    json_t *doc;
    AuditRow *rows;
    size_t n_rows;
    AuditTally overall;
    AuditTally *apps;
    size_t n_apps;
    AuditCompare *compare; /* NULL without --compare */
} Audit;

/* ---- document access (tolerant: a hand-edited --compare file must not crash) */

static const char *jstr(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *short_name(const char *fqn)
{
    const char *dot = strrchr(fqn, '.');
    return dot && dot[1] ? dot + 1 : fqn;
}

static bool is_fail(const char *status)
{
    return status && strcmp(status, "fail") == 0;
}

static Standing standing_of(json_t *endpoint)
{
    json_t *excluded = json_object_get(endpoint, "excluded");
    if (json_is_object(excluded)) return ST_EXCLUDED;
    if (json_is_false(json_object_get(endpoint, "resolved"))) return ST_UNRESOLVED;
    json_t *status = json_object_get(endpoint, "status");
    for (size_t i = 0; i < N_RULES; i++)
        if (is_fail(jstr(status, rule_ids[i]))) return ST_NONCOMPLIANT;
    return ST_COMPLIANT;
}

/* "lms/djangoapps/x/views.py" -> "lms/djangoapps"; "pkg/views.py" -> "pkg";
 * a file at the root -> ".". Arena string. */
static const char *app_of(AlArena *arena, const char *path)
{
    if (!path) return ".";
    const char *first = strchr(path, '/');
    if (!first) return ".";
    const char *second = strchr(first + 1, '/');
    const char *end = second ? second : first;
    return al_arena_strndup(arena, path, (size_t)(end - path));
}

/* "lms/envs/common.py" -> "lms.envs.common" (SPEC 2 module names). */
static const char *module_of(AlArena *arena, const char *path)
{
    size_t n = strlen(path);
    if (n > 3 && strcmp(path + n - 3, ".py") == 0) n -= 3;
    if (n > 9 && strncmp(path + n - 9, "/__init__", 9) == 0) n -= 9;
    char *m = al_arena_strndup(arena, path, n);
    for (char *p = m; *p; p++)
        if (*p == '/') *p = '.';
    return m;
}

static const char *source_text(AlArena *arena, json_t *source)
{
    const char *type = jstr(source, "type");
    const char *from = jstr(source, "from");
    const char *path = jstr(source, "path");
    if (!type) return "?";
    if (strcmp(type, "own") == 0) return "own";
    if (strcmp(type, "inherited") == 0)
        return from ? al_arena_printf(arena, "inherited from %s", from) : "inherited";
    if (strcmp(type, "settings") == 0) {
        const char *module = path ? module_of(arena, path) : from;
        return module ? al_arena_printf(arena, "settings (%s)", module) : "settings";
    }
    if (strcmp(type, "drf-default") == 0) return "DRF default";
    return type;
}

/* ---- target tuple ------------------------------------------------------- */

static bool kind_is(const char *kind, const char *want)
{
    return kind && strcmp(kind, want) == 0;
}

/* The declaration after `authlint check --fix` (SPEC 5 Fix): forbidden
 * classes removed; for an endpoint in scope, a jwt class first (the preferred
 * JwtAuthentication inserted when there is none; moving the first jwt class to
 * the front also settles AUTH004's "jwt before session", SPEC 1.5) and, when
 * browser-facing, a session class (appended when missing). An excluded
 * endpoint keeps its classes minus the forbidden ones; its jwt class still
 * moves before session because AUTH004 is not silenced by exclusions.
 * Unresolved endpoints need a person: no target. */
static void build_target(AlArena *arena, AuditRow *r)
{
    if (!r->resolved) {
        r->manual = true;
        return;
    }
    r->target = al_arena_alloc(arena, (r->n_classes + 2) * sizeof *r->target);
    const char **kinds = al_arena_alloc(arena, (r->n_classes + 2) * sizeof *kinds);
    size_t n = 0;
    for (size_t i = 0; i < r->n_classes; i++) {
        const AuditClass *c = &r->classes[i];
        if (kind_is(c->kind, "bearer") || c->forbidden) continue;
        r->target[n] = c->short_name;
        kinds[n++] = c->kind;
    }
    bool in_scope = r->standing != ST_EXCLUDED;
    size_t jwt = n;
    for (size_t i = 0; i < n && jwt == n; i++)
        if (kind_is(kinds[i], "jwt")) jwt = i;
    if (jwt == n && in_scope) {
        memmove(r->target + 1, r->target, n * sizeof *r->target);
        memmove(kinds + 1, kinds, n * sizeof *kinds);
        r->target[0] = JWT_CLASS;
        kinds[0] = "jwt";
        n++;
    } else if (jwt < n && jwt > 0) {
        const char *name = r->target[jwt], *kind = kinds[jwt];
        memmove(r->target + 1, r->target, jwt * sizeof *r->target);
        memmove(kinds + 1, kinds, jwt * sizeof *kinds);
        r->target[0] = name;
        kinds[0] = kind;
    }
    if (in_scope && r->browser) {
        bool session = false;
        for (size_t i = 0; i < n; i++) session = session || kind_is(kinds[i], "session");
        if (!session) {
            r->target[n] = SESSION_CLASS;
            kinds[n++] = "session";
        }
    }
    r->n_target = n;
}

/* Python tuple syntax, ready to paste: "(A, B)", "(A,)", "()"; "?" for manual
 * review. Heuristic kinds carry a "*" in the classes column only. */
static void add_tuple(AlBuf *b, const char *const *names, size_t n)
{
    al_buf_addc(b, '(');
    for (size_t i = 0; i < n; i++) {
        if (i) al_buf_adds(b, ", ");
        al_buf_adds(b, names[i]);
    }
    if (n == 1) al_buf_addc(b, ',');
    al_buf_addc(b, ')');
}

static const char *target_text(AlArena *arena, const AuditRow *r)
{
    if (r->manual) return "?";
    AlBuf b = AL_BUF_INIT;
    add_tuple(&b, r->target, r->n_target);
    const char *s = al_arena_strdup(arena, al_buf_cstr(&b));
    al_buf_release(&b);
    return s;
}

static const char *classes_text(AlArena *arena, const AuditRow *r)
{
    AlBuf b = AL_BUF_INIT;
    al_buf_addc(&b, '(');
    for (size_t i = 0; i < r->n_classes; i++) {
        if (i) al_buf_adds(&b, ", ");
        al_buf_adds(&b, r->classes[i].short_name);
        if (r->classes[i].heuristic) al_buf_addc(&b, '*');
    }
    if (r->n_classes == 1) al_buf_addc(&b, ',');
    al_buf_addc(&b, ')');
    if (!r->resolved) al_buf_adds(&b, " unresolved");
    if (r->n_alternatives > 1)
        al_buf_addf(&b, " +%zu alternative%s", r->n_alternatives - 1, r->n_alternatives > 2 ? "s" : "");
    const char *s = al_arena_strdup(arena, al_buf_cstr(&b));
    al_buf_release(&b);
    return s;
}

static const char *location_text(AlArena *arena, const AuditRow *r)
{
    return al_arena_printf(arena, "%s:%lld", r->path, r->line);
}

/* ---- building the audit ------------------------------------------------- */

static void read_row(AlArena *arena, json_t *e, AuditRow *r)
{
    r->endpoint = e;
    r->name = jstr(e, "name") ? jstr(e, "name") : "?";
    r->type = jstr(e, "type") ? jstr(e, "type") : "";
    r->path = jstr(e, "path") ? jstr(e, "path") : "";
    r->line = json_integer_value(json_object_get(e, "line"));
    r->app = app_of(arena, jstr(e, "path"));
    json_t *classes = json_object_get(e, "classes");
    r->n_classes = json_array_size(classes);
    r->classes = al_arena_alloc(arena, (r->n_classes + 1) * sizeof *r->classes);
    for (size_t i = 0; i < r->n_classes; i++) {
        json_t *c = json_array_get(classes, i);
        AuditClass *ac = &r->classes[i];
        ac->fqn = jstr(c, "name") ? jstr(c, "name") : "?";
        ac->short_name = short_name(ac->fqn);
        ac->kind = jstr(c, "kind") ? jstr(c, "kind") : "unknown";
        ac->heuristic = json_is_true(json_object_get(c, "heuristic"));
        ac->forbidden = json_is_true(json_object_get(c, "forbidden"));
    }
    r->n_alternatives = json_array_size(json_object_get(e, "alternatives"));
    r->source = source_text(arena, json_object_get(e, "source"));
    r->browser = json_is_true(json_object_get(e, "browser"));
    r->resolved = !json_is_false(json_object_get(e, "resolved"));
    json_t *excluded = json_object_get(e, "excluded");
    if (json_is_object(excluded)) {
        r->excl_kind = jstr(excluded, "kind") ? jstr(excluded, "kind") : "excluded";
        r->excl_reason = jstr(excluded, "reason") ? jstr(excluded, "reason") : "";
    }
    json_t *status = json_object_get(e, "status");
    for (size_t i = 0; i < N_RULES; i++) r->status[i] = jstr(status, rule_ids[i]) ? jstr(status, rule_ids[i]) : "n/a";
    r->standing = standing_of(e);
    build_target(arena, r);
}

static void tally_add(AuditTally *t, const AuditRow *r)
{
    t->endpoints++;
    if (r->standing == ST_EXCLUDED)
        t->excluded++;
    else if (r->standing == ST_COMPLIANT)
        t->compliant++;
    else
        t->noncompliant++;
    if (!r->resolved) t->unresolved++;
    for (size_t i = 0; i < N_RULES; i++)
        if (is_fail(r->status[i])) t->violations[i]++;
}

/* Percent compliant in tenths, rounded half up in integers so that every
 * platform prints the same digits; -1 when every endpoint is excluded. */
static long pct_tenths(const AuditTally *t)
{
    size_t in_scope = t->endpoints - t->excluded;
    if (!in_scope) return -1;
    return (long)((t->compliant * 1000 + in_scope / 2) / in_scope);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void build_apps(Audit *a)
{
    const char **names = al_arena_alloc(a->arena, (a->n_rows + 1) * sizeof *names);
    for (size_t i = 0; i < a->n_rows; i++) names[i] = a->rows[i].app;
    qsort(names, a->n_rows, sizeof *names, cmp_str);
    size_t n = 0;
    for (size_t i = 0; i < a->n_rows; i++)
        if (n == 0 || strcmp(names[n - 1], names[i]) != 0) names[n++] = names[i];
    a->n_apps = n;
    a->apps = al_arena_alloc(a->arena, (n + 1) * sizeof *a->apps);
    for (size_t i = 0; i < n; i++) a->apps[i].app = names[i];
    for (size_t i = 0; i < a->n_rows; i++) {
        const char **hit = bsearch(&a->rows[i].app, names, n, sizeof *names, cmp_str);
        assert(hit);
        tally_add(&a->apps[hit - names], &a->rows[i]);
    }
}

/* Endpoints are matched by name (FQN); the first occurrence of a name wins. */
static void build_compare(Audit *a, json_t *old_doc)
{
    AuditCompare *c = al_arena_alloc(a->arena, sizeof *c);
    a->compare = c;
    json_t *old_eps = json_object_get(old_doc, "endpoints");
    size_t n_old = json_array_size(old_eps);
    json_t *old_by_name = json_object();
    json_t *new_by_name = json_object();
    for (size_t i = 0; i < n_old; i++) {
        json_t *e = json_array_get(old_eps, i);
        AuditRow r = {0};
        r.resolved = !json_is_false(json_object_get(e, "resolved"));
        json_t *status = json_object_get(e, "status");
        for (size_t k = 0; k < N_RULES; k++) r.status[k] = jstr(status, rule_ids[k]);
        r.standing = standing_of(e);
        tally_add(&c->old, &r);
        const char *name = jstr(e, "name");
        if (name && !json_object_get(old_by_name, name))
            json_object_set_new(old_by_name, name, json_integer(r.standing));
    }
    size_t cap = a->n_rows + n_old + 1;
    c->fixed = al_arena_alloc(a->arena, cap * sizeof *c->fixed);
    c->added = al_arena_alloc(a->arena, cap * sizeof *c->added);
    c->removed = al_arena_alloc(a->arena, cap * sizeof *c->removed);
    c->regressed = al_arena_alloc(a->arena, cap * sizeof *c->regressed);
    c->added_st = al_arena_alloc(a->arena, cap * sizeof *c->added_st);
    c->regressed_st = al_arena_alloc(a->arena, cap * sizeof *c->regressed_st);
    for (size_t i = 0; i < a->n_rows; i++) {
        const AuditRow *r = &a->rows[i];
        if (json_object_get(new_by_name, r->name)) continue;
        json_object_set_new(new_by_name, r->name, json_true());
        json_t *was = json_object_get(old_by_name, r->name);
        if (!was) {
            c->added_st[c->n_added] = r->standing;
            c->added[c->n_added++] = r->name;
            continue;
        }
        Standing before = (Standing)json_integer_value(was);
        bool was_bad = before == ST_NONCOMPLIANT || before == ST_UNRESOLVED;
        bool is_bad = r->standing == ST_NONCOMPLIANT || r->standing == ST_UNRESOLVED;
        if (was_bad && r->standing == ST_COMPLIANT) c->fixed[c->n_fixed++] = r->name;
        if (before == ST_COMPLIANT && is_bad) {
            c->regressed_st[c->n_regressed] = r->standing;
            c->regressed[c->n_regressed++] = r->name;
        }
    }
    for (size_t i = 0; i < n_old; i++) {
        const char *name = jstr(json_array_get(old_eps, i), "name");
        if (!name || json_object_get(new_by_name, name)) continue;
        json_object_set_new(new_by_name, name, json_true()); /* list once */
        c->removed[c->n_removed++] = al_arena_strdup(a->arena, name);
    }
    json_decref(old_by_name);
    json_decref(new_by_name);
}

static void audit_build(Audit *a, json_t *doc, json_t *old_doc)
{
    a->arena = al_arena_new();
    a->doc = doc;
    json_t *eps = json_object_get(doc, "endpoints");
    a->n_rows = json_array_size(eps);
    a->rows = al_arena_alloc(a->arena, (a->n_rows + 1) * sizeof *a->rows);
    for (size_t i = 0; i < a->n_rows; i++) {
        read_row(a->arena, json_array_get(eps, i), &a->rows[i]);
        tally_add(&a->overall, &a->rows[i]);
    }
    build_apps(a);
    if (old_doc) build_compare(a, old_doc);
}

/* ---- shared formatting -------------------------------------------------- */

static void add_pct(AlBuf *b, long tenths)
{
    if (tenths < 0)
        al_buf_adds(b, "n/a");
    else
        al_buf_addf(b, "%ld.%ld%%", tenths / 10, tenths % 10);
}

/* "+3.4", "-1.0", "+0.0"; "n/a" when either side has no in-scope endpoint. */
static void add_delta(AlBuf *b, long now, long before)
{
    if (now < 0 || before < 0) {
        al_buf_adds(b, "n/a");
        return;
    }
    long d = now - before;
    long m = d < 0 ? -d : d;
    al_buf_addf(b, "%c%ld.%ld", d < 0 ? '-' : '+', m / 10, m % 10);
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static const char *doc_version(json_t *doc)
{
    const char *v = jstr(json_object_get(doc, "tool"), "version");
    return v ? v : "?";
}

/* ---- md ------------------------------------------------------------------ */

/* A table cell: "|" must be escaped (GFM), a newline would end the row, and
 * markdown/HTML punctuation is backslash-escaped so names render literally. */
static void md_text(AlBuf *b, const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if (c == '\n' || c == '\r' || c == '\t') {
            al_buf_addc(b, ' ');
            continue;
        }
        if (strchr("\\`*_[]<>|~", c)) al_buf_addc(b, '\\');
        al_buf_addc(b, c);
    }
}

/* Code span: only "|" needs escaping inside a GFM table; a backtick inside
 * falls back to escaped text. */
static void md_code(AlBuf *b, const char *s)
{
    if (!*s) return;
    if (strchr(s, '`')) {
        md_text(b, s);
        return;
    }
    al_buf_addc(b, '`');
    for (; *s; s++) {
        if (*s == '\n' || *s == '\r')
            al_buf_addc(b, ' ');
        else if (*s == '|')
            al_buf_adds(b, "\\|");
        else
            al_buf_addc(b, *s);
    }
    al_buf_addc(b, '`');
}

static void md_tally_head(AlBuf *b, bool with_app)
{
    if (with_app) al_buf_adds(b, "| App ");
    al_buf_adds(b, "| Endpoints | Compliant | Non-compliant | % compliant |");
    for (size_t i = 0; i < N_RULES; i++) al_buf_addf(b, " [%s](" RULE_DOC_URL "%s.md) |", rule_ids[i], rule_ids[i]);
    al_buf_adds(b, " Excluded | Unresolved |\n");
    if (with_app) al_buf_adds(b, "|---");
    al_buf_adds(b, "|---:|---:|---:|---:|");
    for (size_t i = 0; i < N_RULES; i++) al_buf_adds(b, "---:|");
    al_buf_adds(b, "---:|---:|\n");
}

static void md_tally_row(AlBuf *b, const AuditTally *t, bool with_app)
{
    if (with_app) {
        al_buf_adds(b, "| ");
        md_code(b, t->app);
        al_buf_addc(b, ' ');
    }
    al_buf_addf(b, "| %zu | %zu | %zu | ", t->endpoints, t->compliant, t->noncompliant);
    add_pct(b, pct_tenths(t));
    al_buf_adds(b, " |");
    for (size_t i = 0; i < N_RULES; i++) al_buf_addf(b, " %zu |", t->violations[i]);
    al_buf_addf(b, " %zu | %zu |\n", t->excluded, t->unresolved);
}

/* status: each name's status now, or NULL. */
static void md_name_list(AlBuf *b, const char *title, const char *const *names, size_t n, const Standing *status)
{
    if (!n) return;
    al_buf_addf(b, "\n### %s (%zu)\n\n", title, n);
    for (size_t i = 0; i < n; i++) {
        al_buf_adds(b, "- ");
        md_code(b, names[i]);
        if (status) al_buf_addf(b, " — %s", standing_names[status[i]]);
        al_buf_addc(b, '\n');
    }
}

static void md_compare(AlBuf *b, const Audit *a, json_t *old_doc)
{
    const AuditCompare *c = a->compare;
    al_buf_adds(b, "\n## Progress since the earlier report\n\n");
    al_buf_adds(b, "Earlier report (authlint ");
    md_text(b, doc_version(old_doc));
    al_buf_addf(b, "): %zu endpoints, ", c->old.endpoints);
    add_pct(b, pct_tenths(&c->old));
    al_buf_addf(b, " compliant. Now: %zu endpoints, ", a->overall.endpoints);
    add_pct(b, pct_tenths(&a->overall));
    al_buf_adds(b, " compliant (");
    add_delta(b, pct_tenths(&a->overall), pct_tenths(&c->old));
    al_buf_adds(b, " points).\n\n");
    al_buf_adds(b, "| Fixed | Regressed | New | Removed | Δ % compliant |\n|---:|---:|---:|---:|---:|\n");
    al_buf_addf(b, "| %zu | %zu | %zu | %zu | ", c->n_fixed, c->n_regressed, c->n_added, c->n_removed);
    add_delta(b, pct_tenths(&a->overall), pct_tenths(&c->old));
    al_buf_adds(b, " |\n");
    md_name_list(b, "Fixed", c->fixed, c->n_fixed, NULL);
    md_name_list(b, "Regressed", c->regressed, c->n_regressed, c->regressed_st);
    md_name_list(b, "New", c->added, c->n_added, c->added_st);
    md_name_list(b, "Removed", c->removed, c->n_removed, NULL);
}

static void render_md(const Audit *a, json_t *old_doc, AlBuf *b)
{
    const char *root = jstr(a->doc, "root");
    al_buf_adds(b, "# Authentication migration audit\n\n");
    if (root) {
        al_buf_adds(b, "Project ");
        md_code(b, root);
        al_buf_adds(b, " · ");
    }
    al_buf_adds(b, "authlint ");
    md_text(b, doc_version(a->doc));
    al_buf_addf(b, " · %zu endpoint%s in %zu app%s\n", a->overall.endpoints, plural(a->overall.endpoints),
                a->n_apps, plural(a->n_apps));

    al_buf_adds(b, "\n## Overall\n\n");
    md_tally_head(b, false);
    md_tally_row(b, &a->overall, false);
    al_buf_adds(b, "\n% compliant = compliant / (endpoints − excluded). Rule columns count endpoints whose "
                   "status for the rule is `fail`.\n");

    if (a->compare) md_compare(b, a, old_doc);

    al_buf_adds(b, "\n## By app\n\n");
    md_tally_head(b, true);
    for (size_t i = 0; i < a->n_apps; i++) md_tally_row(b, &a->apps[i], true);

    al_buf_adds(b, "\n## Endpoints\n\n| Endpoint | Location | Classes | Source | Browser | Exclusion |");
    for (size_t i = 0; i < N_RULES; i++) al_buf_addf(b, " %s |", rule_ids[i]);
    al_buf_adds(b, " Status | Target |\n|---|---|---|---|---|---|");
    for (size_t i = 0; i < N_RULES; i++) al_buf_adds(b, "---|");
    al_buf_adds(b, "---|---|\n");
    AlArena *arena = a->arena;
    for (size_t i = 0; i < a->n_rows; i++) {
        const AuditRow *r = &a->rows[i];
        al_buf_adds(b, "| ");
        md_code(b, r->name);
        al_buf_adds(b, " | ");
        md_code(b, location_text(arena, r));
        al_buf_adds(b, " | ");
        md_code(b, classes_text(arena, r));
        al_buf_adds(b, " | ");
        md_text(b, r->source);
        al_buf_addf(b, " | %s | ", r->browser ? "yes" : "no");
        if (r->excl_kind) {
            md_text(b, r->excl_kind);
            if (*r->excl_reason) {
                al_buf_adds(b, ": ");
                md_text(b, r->excl_reason);
            }
        }
        al_buf_adds(b, " |");
        for (size_t k = 0; k < N_RULES; k++) {
            al_buf_addc(b, ' ');
            md_text(b, r->status[k]);
            al_buf_adds(b, " |");
        }
        al_buf_addf(b, " %s | ", standing_names[r->standing]);
        md_code(b, target_text(arena, r));
        al_buf_adds(b, " |\n");
    }
    al_buf_adds(b, "\n`*` after a class: its kind was guessed from its name (heuristic). Target `?`: the "
                   "declaration cannot be read statically; review it by hand.\n");
}

/* ---- csv (RFC 4180) ------------------------------------------------------ */

static void csv_field(AlBuf *b, const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n")) {
        al_buf_addc(b, '"');
        for (; *s; s++) {
            if (*s == '"') al_buf_addc(b, '"');
            al_buf_addc(b, *s);
        }
        al_buf_addc(b, '"');
    } else {
        al_buf_adds(b, s);
    }
    al_buf_adds(b, last ? "\r\n" : ",");
}

static void render_csv(const Audit *a, AlBuf *b)
{
    al_buf_adds(b, "endpoint,type,path,line,app,classes,source,browser,exclusion,exclusion_reason,");
    for (size_t i = 0; i < N_RULES; i++) al_buf_addf(b, "%s,", rule_ids[i]);
    al_buf_adds(b, "status,target\r\n");
    for (size_t i = 0; i < a->n_rows; i++) {
        const AuditRow *r = &a->rows[i];
        char line[32];
        snprintf(line, sizeof line, "%lld", r->line);
        csv_field(b, r->name, false);
        csv_field(b, r->type, false);
        csv_field(b, r->path, false);
        csv_field(b, line, false);
        csv_field(b, r->app, false);
        csv_field(b, classes_text(a->arena, r), false);
        csv_field(b, r->source, false);
        csv_field(b, r->browser ? "yes" : "no", false);
        csv_field(b, r->excl_kind ? r->excl_kind : "", false);
        csv_field(b, r->excl_kind ? r->excl_reason : "", false);
        for (size_t k = 0; k < N_RULES; k++) csv_field(b, r->status[k], false);
        csv_field(b, standing_names[r->standing], false);
        csv_field(b, target_text(a->arena, r), true);
    }
}

/* ---- json ---------------------------------------------------------------- */

static json_t *json_pct(long tenths)
{
    return tenths < 0 ? json_null() : json_real((double)tenths / 10.0);
}

static json_t *tally_json(const AuditTally *t)
{
    json_t *o = json_object();
    if (t->app) json_object_set_new(o, "app", json_string(t->app));
    json_object_set_new(o, "endpoints", json_integer((json_int_t)t->endpoints));
    json_object_set_new(o, "compliant", json_integer((json_int_t)t->compliant));
    json_object_set_new(o, "non_compliant", json_integer((json_int_t)t->noncompliant));
    json_object_set_new(o, "excluded", json_integer((json_int_t)t->excluded));
    json_object_set_new(o, "unresolved", json_integer((json_int_t)t->unresolved));
    json_t *v = json_object();
    for (size_t i = 0; i < N_RULES; i++)
        json_object_set_new(v, rule_ids[i], json_integer((json_int_t)t->violations[i]));
    json_object_set_new(o, "violations", v);
    json_object_set_new(o, "percent_compliant", json_pct(pct_tenths(t)));
    return o;
}

static json_t *names_json(const char *const *names, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, json_string(names[i]));
    return arr;
}

static void render_json(const Audit *a, AlBuf *b)
{
    json_t *audit = json_object();
    json_object_set_new(audit, "summary", tally_json(&a->overall));
    json_t *apps = json_array();
    for (size_t i = 0; i < a->n_apps; i++) json_array_append_new(apps, tally_json(&a->apps[i]));
    json_object_set_new(audit, "apps", apps);
    /* Parallel to the document's endpoints: what the other formats show per row. */
    json_t *rows = json_array();
    for (size_t i = 0; i < a->n_rows; i++) {
        const AuditRow *r = &a->rows[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(r->name));
        json_object_set_new(o, "app", json_string(r->app));
        json_object_set_new(o, "status", json_string(standing_names[r->standing]));
        json_object_set_new(o, "source", json_string(r->source));
        json_object_set_new(o, "target", r->manual ? json_null() : names_json(r->target, r->n_target));
        json_array_append_new(rows, o);
    }
    json_object_set_new(audit, "endpoints", rows);
    if (a->compare) {
        const AuditCompare *c = a->compare;
        json_t *o = json_object();
        json_t *old = json_object();
        json_object_set_new(old, "endpoints", json_integer((json_int_t)c->old.endpoints));
        json_object_set_new(old, "percent_compliant", json_pct(pct_tenths(&c->old)));
        json_object_set_new(o, "old", old);
        long now = pct_tenths(&a->overall), before = pct_tenths(&c->old);
        json_object_set_new(o, "percent_compliant_delta",
                            now < 0 || before < 0 ? json_null() : json_real((double)(now - before) / 10.0));
        json_object_set_new(o, "fixed", names_json(c->fixed, c->n_fixed));
        json_object_set_new(o, "regressed", names_json(c->regressed, c->n_regressed));
        json_object_set_new(o, "new", names_json(c->added, c->n_added));
        json_object_set_new(o, "removed", names_json(c->removed, c->n_removed));
        json_object_set_new(audit, "compare", o);
    }
    /* A shallow copy: the caller's document is left as it was. */
    json_t *out = json_is_object(a->doc) ? json_copy(a->doc) : json_object();
    json_object_set_new(out, "audit", audit);
    /* 15 significant digits print tenths exactly ("66.7", not 66.700000000000003). */
    char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    if (text) {
        al_buf_adds(b, text);
        al_buf_addc(b, '\n');
        free(text);
    }
    json_decref(out);
}

/* ---- html ---------------------------------------------------------------- */

/* Every string from the document goes through here: names, paths, reasons and
 * the root come from the analysed code base and may hold markup. */
static void html_esc(AlBuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': al_buf_adds(b, "&amp;"); break;
        case '<': al_buf_adds(b, "&lt;"); break;
        case '>': al_buf_adds(b, "&gt;"); break;
        case '"': al_buf_adds(b, "&quot;"); break;
        case '\'': al_buf_adds(b, "&#39;"); break;
        default: al_buf_addc(b, *s);
        }
    }
}

/* Escaped, with a line-break opportunity after each character of `at` ("."
 * and "/" for names; "/" and "_" for a location, whose "views.py:12" is best
 * kept whole) so that long dotted names and paths wrap at their segments
 * instead of widening the table. */
static void html_esc_wbr(AlBuf *b, const char *s, const char *at)
{
    for (const char *p = s; *p; p++) {
        char one[2] = {*p, '\0'};
        html_esc(b, one);
        if (strchr(at, *p) && p[1]) al_buf_adds(b, "<wbr>");
    }
}

/* good >= 90 %, warn >= 50 %, bad below; none when nothing is in scope. */
static const char *grade(long tenths)
{
    if (tenths < 0) return "none";
    if (tenths >= 900) return "good";
    if (tenths >= 500) return "warn";
    return "bad";
}

static const char *rule_rank(const char *status)
{
    if (strcmp(status, "fail") == 0) return "0";
    if (strcmp(status, "pass") == 0) return "1";
    if (strcmp(status, "excluded") == 0) return "2";
    return "3";
}

static const char *rule_class(const char *status)
{
    if (strcmp(status, "fail") == 0) return "fail";
    if (strcmp(status, "pass") == 0) return "pass";
    if (strcmp(status, "excluded") == 0) return "excluded";
    return "na";
}

static const char *const standing_rank[] = {"2", "0", "1", "3"};

static const char html_css[] =
    ":root{--bg:#f6f7f9;--fg:#1f2328;--muted:#59636e;--border:#d8dee4;--card:#fff;"
    "--good:#1a7f37;--good-bg:#dafbe1;--warn:#9a6700;--warn-bg:#fff4c2;--bad:#cf222e;--bad-bg:#ffebe9;"
    "--grey:#57606a;--grey-bg:#eaeef2;--track:#eef1f4;--accent:#0969da}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 -apple-system,BlinkMacSystemFont,"
    "\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,\"Noto Sans\",sans-serif}\n"
    "code{font:12px/1.4 ui-monospace,SFMono-Regular,\"SF Mono\",Menlo,Consolas,\"Liberation Mono\",monospace}\n"
    "a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}\n"
    ".wrap{max-width:1600px;margin:0 auto;padding:0 24px}\n"
    "header.top{background:#24292f;color:#fff;padding:20px 0 18px;margin-bottom:24px}\n"
    "header.top h1{margin:0;font-size:22px;font-weight:600}\n"
    "header.top .meta{margin:4px 0 0;color:#c9d1d9}header.top code{color:#fff}\n"
    "h2{font-size:16px;font-weight:600;margin:0 0 12px}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:12px}\n"
    ".card{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:12px 14px}\n"
    ".card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}\n"
    ".card .value{font-size:26px;font-weight:600;font-variant-numeric:tabular-nums}\n"
    ".card .sub{color:var(--muted);font-size:12px}\n"
    ".card.good .value{color:var(--good)}.card.warn .value{color:var(--warn)}.card.bad .value{color:var(--bad)}\n"
    ".panel{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:16px;margin:12px 0 20px}\n"
    "svg.chart{display:block;width:100%;max-width:760px;height:auto}\n"
    "svg.chart text{font-size:12px;fill:var(--fg)}svg.chart text.total{font-weight:600}\n"
    "svg.chart .track{fill:var(--track)}svg.chart .good{fill:#2da44e}svg.chart .warn{fill:#d4a72c}"
    "svg.chart .bad{fill:#e5534b}svg.chart .none{fill:#afb8c1}p.legend{margin:8px 0 0}\n"
    "table{border-collapse:separate;border-spacing:0;width:100%}\n"
    "th,td{padding:6px 10px;border-bottom:1px solid var(--border);text-align:left;vertical-align:top}\n"
    "th{background:#f0f3f6;font-weight:600;font-size:12px;white-space:nowrap}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".scroll{max-height:75vh;overflow:auto;border:1px solid var(--border);border-radius:6px}\n"
    ".scroll table{font-size:13px}\n"
    ".scroll thead th{position:sticky;top:0;z-index:1;cursor:pointer;user-select:none}\n"
    ".scroll thead th:hover{background:#e6eaef}\n"
    "th[aria-sort=ascending]::after{content:\" \\25B2\";font-size:9px}"
    "th[aria-sort=descending]::after{content:\" \\25BC\";font-size:9px}\n"
    "tbody tr:hover td{background:#f8fafc}\n"
    "tr.total th,tr.total td{font-weight:600;font-size:14px;background:#f6f8fa;border-top:1px solid #afb8c1}\n"
    "td.ep{width:17%;min-width:170px;max-width:420px}td.cl{width:24%}td.src{width:12%;min-width:110px}"
    "td.ex{width:14%;min-width:110px}\n"
    ".scroll th,.scroll td{padding-left:8px;padding-right:8px}td.ep,td.src,td.ex{overflow-wrap:anywhere}\n"
    ".ep .loc{margin-top:2px}.ep .loc code,.cl .tg code{font-size:11.5px}.ep .loc code{color:var(--muted)}\n"
    ".cl .tg{margin-top:4px;padding-top:3px;border-top:1px dashed var(--border)}"
    ".cl .tg .to{color:var(--muted);font-size:12px;margin-right:4px}\n"
    "td.rs,th.rs{white-space:nowrap;padding-left:6px;padding-right:6px;text-align:center}\n"
    ".controls{display:flex;gap:8px;align-items:center;margin-bottom:10px;flex-wrap:wrap}\n"
    ".controls input,.controls select{font:inherit;padding:5px 8px;border:1px solid var(--border);"
    "border-radius:6px;background:#fff}\n"
    ".controls input{min-width:280px}.controls .count{color:var(--muted);margin-left:auto}\n"
    ".pill{display:inline-block;padding:0 8px;border-radius:999px;font-size:12px;font-weight:500;"
    "line-height:20px;white-space:nowrap}\n"
    ".pass,.st-compliant{background:var(--good-bg);color:var(--good)}\n"
    ".fail,.st-non-compliant{background:var(--bad-bg);color:var(--bad)}\n"
    ".st-unresolved{background:var(--warn-bg);color:var(--warn)}\n"
    ".excluded,.st-excluded,.na{background:var(--grey-bg);color:var(--grey)}.na{background:transparent}\n"
    ".cls{display:inline-block;margin:1px 4px 1px 0;padding:0 6px;border-radius:4px;border:1px solid var(--border);"
    "font:12px/18px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}\n"
    ".k-jwt{border-color:#4ac26b;background:#f0fff4}.k-session{border-color:#54aeff;background:#f1f8ff}\n"
    ".k-bearer{border-color:#ff8182;background:#fff5f5;text-decoration:line-through}\n"
    ".k-unknown{border-style:dashed}\n"
    ".type,.muted{color:var(--muted);font-size:12px}\n"
    "details{margin-top:8px}summary{cursor:pointer;font-weight:600}details ul{margin:6px 0 0;padding-left:20px}\n"
    "footer{color:var(--muted);font-size:12px;margin:8px 0 32px}\n"
    "@media print{.controls{display:none}.scroll{max-height:none;overflow:visible}}\n";

/* Sorting keeps ties in document order (data-i); filtering matches the row
 * text and the status. No data is embedded in the script: it reads the DOM,
 * so nothing from the document ever reaches a script context. */
static const char html_js[] =
    "(function(){\n"
    "var t=document.getElementById('endpoints');if(!t)return;\n"
    "var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);\n"
    "var q=document.getElementById('filter'),st=document.getElementById('status'),"
    "count=document.getElementById('count');\n"
    "function apply(){var s=q.value.toLowerCase(),v=st.value,n=0;\n"
    " rows.forEach(function(r){var ok=(!v||r.getAttribute('data-status')===v)&&"
    "(!s||r.textContent.toLowerCase().indexOf(s)>=0);r.hidden=!ok;if(ok)n++;});\n"
    " count.textContent=n+' of '+rows.length+' endpoints';}\n"
    "function key(r,i){var c=r.cells[i];return c.hasAttribute('data-sort')?c.getAttribute('data-sort'):"
    "c.textContent;}\n"
    "var heads=t.tHead.rows[0].cells;\n"
    "function sortBy(i){var th=heads[i],dir=th.getAttribute('aria-sort')==='ascending'?-1:1;\n"
    " for(var k=0;k<heads.length;k++)heads[k].removeAttribute('aria-sort');\n"
    " th.setAttribute('aria-sort',dir>0?'ascending':'descending');\n"
    " rows.sort(function(a,b){var x=key(a,i),y=key(b,i);var c=x<y?-1:x>y?1:0;"
    "return c*dir||(a.getAttribute('data-i')-b.getAttribute('data-i'));});\n"
    " rows.forEach(function(r){body.appendChild(r);});}\n"
    "Array.prototype.forEach.call(heads,function(th,i){\n"
    " th.addEventListener('click',function(e){if(e.target.closest&&e.target.closest('a'))return;sortBy(i);});\n"
    " th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sortBy(i);}});});\n"
    "q.addEventListener('input',apply);st.addEventListener('change',apply);apply();\n"
    "})();\n";

static void html_rule_link(AlBuf *b, size_t i)
{
    al_buf_addf(b, "<a href=\"" RULE_DOC_URL "%s.md\" title=\"%s\">%s</a>", rule_ids[i], rule_names[i], rule_ids[i]);
}

static void html_card(AlBuf *b, const char *cls, const char *label, const char *value, const char *sub)
{
    al_buf_addf(b, "<div class=\"card%s%s\"><div class=\"label\">%s</div><div class=\"value\">%s</div>",
                *cls ? " " : "", cls, label, value);
    if (sub) al_buf_addf(b, "<div class=\"sub\">%s</div>", sub);
    al_buf_adds(b, "</div>\n");
}

static void html_count_card(AlBuf *b, const char *label, size_t n, const char *sub)
{
    char value[32];
    snprintf(value, sizeof value, "%zu", n);
    html_card(b, "", label, value, sub);
}

static void html_pct_text(char *out, size_t size, long tenths)
{
    if (tenths < 0)
        snprintf(out, size, "n/a");
    else
        snprintf(out, size, "%ld.%ld%%", tenths / 10, tenths % 10);
}

/* Horizontal bars of % compliant, the whole project first, then each app. */
static void html_chart(AlBuf *b, const Audit *a)
{
    enum { W = 720, LABEL_X = 190, BAR_X = 200, BAR_W = 440, ROW = 26, BAR_H = 16, TOP = 6 };
    size_t n = a->n_apps + 1;
    al_buf_addf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %zu\" role=\"img\" aria-labelledby=\"chart-title\">"
                   "<title id=\"chart-title\">Percent compliant per app</title>\n",
                W, (size_t)TOP * 2 + n * ROW);
    for (size_t i = 0; i < n; i++) {
        const AuditTally *t = i == 0 ? &a->overall : &a->apps[i - 1];
        const char *label = i == 0 ? "All apps" : t->app;
        long tenths = pct_tenths(t);
        char pct[32];
        html_pct_text(pct, sizeof pct, tenths);
        size_t y = TOP + i * ROW;
        al_buf_adds(b, "<g><title>");
        html_esc(b, label);
        al_buf_addf(b, ": %zu of %zu in scope compliant (%s)</title>", t->compliant, t->endpoints - t->excluded,
                    pct);
        /* Long names are cut at a UTF-8 boundary; the full name is in <title>. */
        size_t len = strlen(label);
        char shown[40];
        if (len > 30) {
            size_t cut = 28;
            while (cut > 0 && ((unsigned char)label[cut] & 0xC0) == 0x80) cut--;
            snprintf(shown, sizeof shown, "%.*s\xE2\x80\xA6", (int)cut, label);
            label = shown;
        }
        al_buf_addf(b, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\"%s>", LABEL_X, y + 13,
                    i == 0 ? " class=\"total\"" : "");
        html_esc(b, label);
        al_buf_addf(b, "</text><rect class=\"track\" x=\"%d\" y=\"%zu\" width=\"%d\" height=\"%d\" rx=\"3\"/>", BAR_X,
                    y + 1, BAR_W, BAR_H);
        long w = tenths < 0 ? 0 : tenths * BAR_W / 1000;
        if (w > 0)
            al_buf_addf(b, "<rect class=\"%s\" x=\"%d\" y=\"%zu\" width=\"%ld\" height=\"%d\" rx=\"3\"/>",
                        grade(tenths), BAR_X, y + 1, w, BAR_H);
        al_buf_addf(b, "<text x=\"%d\" y=\"%zu\"%s>%s</text></g>\n", BAR_X + BAR_W + 8, y + 13,
                    i == 0 ? " class=\"total\"" : "", pct);
    }
    al_buf_adds(b, "</svg>\n");
}

static void html_tally_row(AlBuf *b, const AuditTally *t, const char *label, bool total)
{
    char pct[32];
    html_pct_text(pct, sizeof pct, pct_tenths(t));
    al_buf_adds(b, total ? "<tr class=\"total\"><th>" : "<tr><td><code>");
    html_esc(b, label);
    al_buf_addf(b, "%s<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
                   "<td class=\"num\">%s</td>",
                total ? "</th>" : "</code></td>", t->endpoints, t->compliant, t->noncompliant, pct);
    for (size_t i = 0; i < N_RULES; i++) al_buf_addf(b, "<td class=\"num\">%zu</td>", t->violations[i]);
    al_buf_addf(b, "<td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n", t->excluded, t->unresolved);
}

static void html_apps_table(AlBuf *b, const Audit *a)
{
    al_buf_adds(b, "<table class=\"apps\"><thead><tr><th>App</th><th class=\"num\">Endpoints</th>"
                   "<th class=\"num\">Compliant</th><th class=\"num\">Non-compliant</th>"
                   "<th class=\"num\">% compliant</th>");
    for (size_t i = 0; i < N_RULES; i++) {
        al_buf_adds(b, "<th class=\"num\">");
        html_rule_link(b, i);
        al_buf_adds(b, "</th>");
    }
    al_buf_adds(b, "<th class=\"num\">Excluded</th><th class=\"num\">Unresolved</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < a->n_apps; i++) html_tally_row(b, &a->apps[i], a->apps[i].app, false);
    html_tally_row(b, &a->overall, "All apps", true);
    al_buf_adds(b, "</tbody></table>\n");
}

static void html_name_list(AlBuf *b, const char *title, const char *const *names, size_t n, const Standing *status)
{
    if (!n) return;
    al_buf_addf(b, "<details><summary>%s (%zu)</summary><ul>\n", title, n);
    for (size_t i = 0; i < n; i++) {
        al_buf_adds(b, "<li><code>");
        html_esc(b, names[i]);
        al_buf_adds(b, "</code>");
        if (status)
            al_buf_addf(b, " <span class=\"pill st-%s\">%s</span>", standing_names[status[i]],
                        standing_names[status[i]]);
        al_buf_adds(b, "</li>\n");
    }
    al_buf_adds(b, "</ul></details>\n");
}

static void html_compare(AlBuf *b, const Audit *a, json_t *old_doc)
{
    const AuditCompare *c = a->compare;
    long now = pct_tenths(&a->overall), before = pct_tenths(&c->old);
    char before_txt[32];
    html_pct_text(before_txt, sizeof before_txt, before);
    al_buf_adds(b, "<section class=\"panel\"><h2>Progress since the earlier report</h2>\n<p class=\"muted\">"
                   "Earlier report: authlint ");
    html_esc(b, doc_version(old_doc));
    al_buf_addf(b, ", %zu endpoints, %s compliant.</p>\n<div class=\"cards\">\n", c->old.endpoints, before_txt);
    AlBuf delta = AL_BUF_INIT;
    add_delta(&delta, now, before);
    const char *cls = now < 0 || before < 0 || now == before ? "" : now > before ? "good" : "bad";
    html_card(b, cls, "Δ % compliant", al_buf_cstr(&delta), "percentage points");
    al_buf_release(&delta);
    html_count_card(b, "Fixed", c->n_fixed, "now compliant");
    html_count_card(b, "Regressed", c->n_regressed, "were compliant");
    html_count_card(b, "New", c->n_added, "not in the earlier report");
    html_count_card(b, "Removed", c->n_removed, "gone since");
    al_buf_adds(b, "</div>\n");
    html_name_list(b, "Fixed", c->fixed, c->n_fixed, NULL);
    html_name_list(b, "Regressed", c->regressed, c->n_regressed, c->regressed_st);
    html_name_list(b, "New", c->added, c->n_added, c->added_st);
    html_name_list(b, "Removed", c->removed, c->n_removed, NULL);
    al_buf_adds(b, "</section>\n");
}

static void html_row(AlBuf *b, const Audit *a, size_t i)
{
    const AuditRow *r = &a->rows[i];
    const char *st = standing_names[r->standing];
    al_buf_addf(b, "<tr data-i=\"%zu\" data-status=\"%s\"><td class=\"ep\" data-sort=\"", i, st);
    html_esc(b, r->name);
    al_buf_adds(b, "\"><code>");
    html_esc_wbr(b, r->name, "./");
    al_buf_adds(b, "</code>");
    if (*r->type) {
        al_buf_adds(b, " <span class=\"type\">");
        html_esc(b, r->type);
        al_buf_adds(b, "</span>");
    }
    /* The location goes under the name and the target under the classes: as
     * columns of their own they pushed Status and Target out of sight on a
     * 1400 px wide window (the class names alone take ~300 px twice). */
    al_buf_adds(b, "<div class=\"loc\"><code>");
    html_esc_wbr(b, location_text(a->arena, r), "/_");
    al_buf_adds(b, "</code></div></td><td class=\"cl\">");
    if (!r->resolved) al_buf_adds(b, "<span class=\"pill st-unresolved\">unresolved</span> ");
    if (r->n_classes == 0 && r->resolved) al_buf_adds(b, "<code>()</code>");
    for (size_t k = 0; k < r->n_classes; k++) {
        const AuditClass *c = &r->classes[k];
        al_buf_adds(b, "<span class=\"cls k-");
        html_esc(b, c->kind);
        al_buf_adds(b, "\" title=\"");
        html_esc(b, c->fqn);
        al_buf_adds(b, " (");
        html_esc(b, c->kind);
        al_buf_adds(b, c->heuristic ? ", guessed from the name)\">" : ")\">");
        html_esc(b, c->short_name);
        if (c->heuristic) al_buf_addc(b, '*');
        al_buf_adds(b, "</span>");
    }
    if (r->n_alternatives > 1)
        al_buf_addf(b, " <span class=\"muted\">+%zu alternative%s</span>", r->n_alternatives - 1,
                    r->n_alternatives > 2 ? "s" : "");
    al_buf_adds(b, "<div class=\"tg\" title=\"target: the declaration after authlint check --fix\">"
                   "<span class=\"to\">\xE2\x86\x92 target</span>");
    if (r->manual)
        al_buf_adds(b, "<span class=\"pill st-unresolved\" title=\"the declaration cannot be read statically\">"
                       "? manual review</span>");
    else {
        al_buf_adds(b, "<code>");
        html_esc(b, target_text(a->arena, r));
        al_buf_adds(b, "</code>");
    }
    al_buf_adds(b, "</div></td><td class=\"src\">");
    html_esc_wbr(b, r->source, "./");
    al_buf_addf(b, "</td><td>%s</td><td class=\"ex\">", r->browser ? "yes" : "no");
    if (r->excl_kind) {
        al_buf_adds(b, "<span class=\"pill excluded\">");
        html_esc(b, r->excl_kind);
        al_buf_adds(b, "</span> ");
        html_esc(b, r->excl_reason);
    }
    al_buf_adds(b, "</td>");
    for (size_t k = 0; k < N_RULES; k++) {
        al_buf_addf(b, "<td class=\"rs\" data-sort=\"%s\"><span class=\"pill %s\">", rule_rank(r->status[k]),
                    rule_class(r->status[k]));
        html_esc(b, r->status[k]);
        al_buf_adds(b, "</span></td>");
    }
    al_buf_addf(b, "<td class=\"rs\" data-sort=\"%s\"><span class=\"pill st-%s\">%s</span></td></tr>\n",
                standing_rank[r->standing], st, st);
}

static void render_html(const Audit *a, json_t *old_doc, AlBuf *b)
{
    const char *root = jstr(a->doc, "root");
    const AuditTally *t = &a->overall;
    long tenths = pct_tenths(t);
    char buf[64], sub[96];

    al_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<link rel=\"icon\" href=\"data:,\">\n"
                   "<title>Authentication migration audit · authlint</title>\n<style>\n");
    al_buf_adds(b, html_css);
    al_buf_adds(b, "</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">"
                   "<h1>Authentication migration audit</h1><p class=\"meta\">");
    if (root) {
        al_buf_adds(b, "Project <code>");
        html_esc(b, root);
        al_buf_adds(b, "</code> · ");
    }
    al_buf_adds(b, "authlint ");
    html_esc(b, doc_version(a->doc));
    al_buf_addf(b, " · %zu endpoint%s in %zu app%s</p></div></header>\n<main class=\"wrap\">\n", t->endpoints,
                plural(t->endpoints), a->n_apps, plural(a->n_apps));

    al_buf_adds(b, "<section class=\"cards\">\n");
    html_pct_text(buf, sizeof buf, tenths);
    snprintf(sub, sizeof sub, "%zu of %zu endpoints in scope", t->compliant, t->endpoints - t->excluded);
    html_card(b, tenths < 0 ? "" : grade(tenths), "% compliant", buf, sub);
    html_count_card(b, "Endpoints", t->endpoints, NULL);
    html_count_card(b, "Compliant", t->compliant, NULL);
    html_count_card(b, "Non-compliant", t->noncompliant, "unresolved included");
    html_count_card(b, "Excluded", t->excluded, "admin, OAuth, webhook…");
    html_count_card(b, "Unresolved", t->unresolved, "need manual review");
    al_buf_adds(b, "</section>\n<section class=\"cards\">\n");
    for (size_t i = 0; i < N_RULES; i++) {
        AlBuf label = AL_BUF_INIT;
        html_rule_link(&label, i);
        snprintf(buf, sizeof buf, "%zu", t->violations[i]);
        html_card(b, t->violations[i] ? "bad" : "good", al_buf_cstr(&label), buf, rule_names[i]);
        al_buf_release(&label);
    }
    al_buf_adds(b, "</section>\n");

    if (a->compare) html_compare(b, a, old_doc);

    al_buf_adds(b, "<section class=\"panel\"><h2>Compliance by app</h2>\n");
    html_chart(b, a);
    al_buf_adds(b, "<p class=\"muted legend\">% compliant of the endpoints in scope. Bars: green from 90 %, "
                   "amber from 50 %, red below; <em>n/a</em>: every endpoint of the app is excluded.</p>\n");
    al_buf_adds(b, "</section>\n<section class=\"panel\"><h2>Apps</h2>\n");
    html_apps_table(b, a);
    al_buf_adds(b, "</section>\n");

    al_buf_adds(b, "<section class=\"panel\"><h2>Endpoints</h2>\n<div class=\"controls\">"
                   "<input id=\"filter\" type=\"search\" placeholder=\"Filter by name, path, class…\" "
                   "aria-label=\"Filter endpoints\">"
                   "<select id=\"status\" aria-label=\"Status\"><option value=\"\">All statuses</option>"
                   "<option value=\"non-compliant\">Non-compliant</option>"
                   "<option value=\"unresolved\">Unresolved</option>"
                   "<option value=\"compliant\">Compliant</option>"
                   "<option value=\"excluded\">Excluded</option></select>"
                   "<span id=\"count\" class=\"count\"></span></div>\n"
                   "<div class=\"scroll\"><table id=\"endpoints\"><thead><tr>"
                   "<th tabindex=\"0\">Endpoint <span class=\"muted\">· location</span></th>"
                   "<th tabindex=\"0\">Classes <span class=\"muted\">→ target</span></th>"
                   "<th tabindex=\"0\">Source</th><th tabindex=\"0\">Browser</th><th tabindex=\"0\">Exclusion</th>");
    for (size_t i = 0; i < N_RULES; i++) {
        al_buf_adds(b, "<th class=\"rs\" tabindex=\"0\">");
        html_rule_link(b, i);
        al_buf_adds(b, "</th>");
    }
    al_buf_adds(b, "<th class=\"rs\" tabindex=\"0\">Status</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < a->n_rows; i++) html_row(b, a, i);
    al_buf_adds(b, "</tbody></table></div>\n</section>\n");

    al_buf_adds(b, "<footer>% compliant = compliant / (endpoints − excluded); unresolved endpoints are never "
                   "compliant. Rule counts are endpoints whose status for the rule is <em>fail</em>, excluded "
                   "ones included. A <code>*</code> marks a class whose kind was guessed from its name. "
                   "Target: the declaration after <code>authlint check --fix</code>. Click a column header to "
                   "sort.</footer>\n</main>\n<script>\n");
    al_buf_adds(b, html_js);
    al_buf_adds(b, "</script>\n</body>\n</html>\n");
}

/* ---- entry point --------------------------------------------------------- */

void al_audit_render(json_t *doc, json_t *old_doc, const char *format, AlBuf *out)
{
    Audit a = {0};
    audit_build(&a, doc, old_doc);
    if (format && strcmp(format, "html") == 0)
        render_html(&a, old_doc, out);
    else if (format && strcmp(format, "csv") == 0)
        render_csv(&a, out);
    else if (format && strcmp(format, "json") == 0)
        render_json(&a, out);
    else {
        assert(!format || strcmp(format, "md") == 0); /* main.c validates --format */
        render_md(&a, old_doc, out);
    }
    al_arena_free(a.arena);
}
