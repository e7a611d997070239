/* Loading the rule pack (a rules/ JSON file) and the config (.authlint.json).
 *
 * jansson parses and reports syntax errors with their position; it keeps no
 * positions for values, so a second pass (locate_*) walks the text alongside
 * the parsed tree and records where every value starts. Type and key errors
 * then point at the offending value: "file:line:col: what is wrong".
 *
 * The embedded default pack is applied first; a user pack (--rules or the
 * config's "rules") replaces each key it gives; the config then adds to the
 * pack (catalog, view bases, browser globs, exclusions) and sets the options. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "policy/policy.h"
#include "util/file.h"
#include "util/path.h"

/* ---- positions of values ------------------------------------------------ */

typedef struct Pos {
    const json_t *node;   /* the value; for a key, the object holding it */
    const char *key;      /* NULL for a value; the key text (in the tree) */
    const json_t *parent; /* value inside an object: that object */
    const char *in_key;   /* ... under this key */
    long in_index;        /* value inside an array (parent): its index, else -1 */
    int line, col;
} Pos;

typedef struct Doc {
    const char *file;
    const char *text;
    size_t len, at;
    int line, col;
    Pos *pos;
    size_t n_pos, cap_pos;
    json_t *root;
    /* The last (object, key) looked up with dget: true, false and null are
     * shared singletons in jansson, so their position is found by where they
     * were looked up rather than by identity. */
    const json_t *last_obj;
    const char *last_key;
    long last_index; /* array element looked up, -1 for an object key */
} Doc;

static json_t *dget(Doc *d, json_t *obj, const char *key)
{
    d->last_obj = obj;
    d->last_key = key;
    d->last_index = -1;
    return json_object_get(obj, key);
}

static json_t *dindex(Doc *d, json_t *array, size_t i)
{
    d->last_obj = array;
    d->last_key = NULL;
    d->last_index = (long)i;
    return json_array_get(array, i);
}

static void doc_advance(Doc *d)
{
    if (d->at >= d->len)
        return;
    if (d->text[d->at] == '\n') {
        d->line++;
        d->col = 1;
    } else if (((unsigned char)d->text[d->at] & 0xC0) != 0x80) {
        d->col++;
    }
    d->at++;
}

static void doc_skip_ws(Doc *d)
{
    while (d->at < d->len && strchr(" \t\r\n", d->text[d->at]) && d->text[d->at])
        doc_advance(d);
}

static void doc_skip_string(Doc *d)
{
    doc_advance(d); /* opening quote */
    while (d->at < d->len && d->text[d->at] != '"') {
        if (d->text[d->at] == '\\')
            doc_advance(d);
        doc_advance(d);
    }
    doc_advance(d);
}

static void doc_record(Doc *d, const json_t *node)
{
    if (d->n_pos == d->cap_pos) {
        d->cap_pos = d->cap_pos ? d->cap_pos * 2 : 64;
        d->pos = al_xrealloc(d->pos, d->cap_pos * sizeof *d->pos);
    }
    d->pos[d->n_pos++] = (Pos){node, NULL, NULL, NULL, -1, d->line, d->col};
}

/* Walks the value starting at d->at, which jansson parsed as `node` (found
 * under parent[key] when parent is not NULL). */
static void locate(Doc *d, json_t *node, const json_t *parent, const char *key, long index, int depth)
{
    doc_skip_ws(d);
    doc_record(d, node);
    d->pos[d->n_pos - 1].parent = parent;
    d->pos[d->n_pos - 1].in_key = key;
    d->pos[d->n_pos - 1].in_index = index;
    if (d->at >= d->len || depth > 64)
        return;
    char c = d->text[d->at];
    if (c == '{') {
        doc_advance(d);
        for (;;) {
            doc_skip_ws(d);
            if (d->at >= d->len || d->text[d->at] == '}') {
                doc_advance(d);
                return;
            }
            size_t key_start = d->at;
            int key_line = d->line, key_col = d->col;
            doc_skip_string(d);
            json_t *key = json_loadb(d->text + key_start, d->at - key_start, JSON_DECODE_ANY, NULL);
            json_t *child = NULL;
            const char *child_key = NULL;
            if (key && json_is_string(key) && node) {
                /* Key text that lives as long as the tree: iterate to find it. */
                void *it = json_object_iter_at(node, json_string_value(key));
                if (it) {
                    child = json_object_iter_value(it);
                    child_key = json_object_iter_key(it);
                    doc_record(d, node);
                    d->pos[d->n_pos - 1].key = json_object_iter_key(it);
                    d->pos[d->n_pos - 1].line = key_line;
                    d->pos[d->n_pos - 1].col = key_col;
                }
            }
            json_decref(key);
            doc_skip_ws(d);
            doc_advance(d); /* ':' */
            locate(d, child, node, child_key, -1, depth + 1);
            doc_skip_ws(d);
            if (d->at < d->len && d->text[d->at] == ',')
                doc_advance(d);
        }
    } else if (c == '[') {
        doc_advance(d);
        for (size_t i = 0;; i++) {
            doc_skip_ws(d);
            if (d->at >= d->len || d->text[d->at] == ']') {
                doc_advance(d);
                return;
            }
            locate(d, node ? json_array_get(node, i) : NULL, node, NULL, (long)i, depth + 1);
            doc_skip_ws(d);
            if (d->at < d->len && d->text[d->at] == ',')
                doc_advance(d);
        }
    } else if (c == '"') {
        doc_skip_string(d);
    } else {
        while (d->at < d->len && !strchr(",]} \t\r\n", d->text[d->at]))
            doc_advance(d);
    }
}

/* Sets err at the position of node (the file alone when unknown). */
static int fail_at(Doc *d, const json_t *node, AlError *err, const char *fmt, const char *a, const char *b)
{
    int line = 0, col = 0;
    bool singleton = json_is_boolean(node) || json_is_null(node);
    for (size_t i = 0; node && i < d->n_pos; i++) {
        const Pos *pos = &d->pos[i];
        if (pos->node != node || pos->key)
            continue;
        if (singleton && pos->parent != d->last_obj)
            continue;
        if (singleton && d->last_key && (!pos->in_key || strcmp(pos->in_key, d->last_key) != 0))
            continue;
        if (singleton && !d->last_key && pos->in_index != d->last_index)
            continue;
        line = pos->line;
        col = pos->col;
        break;
    }
    char text[400];
    snprintf(text, sizeof text, fmt, a ? a : "", b ? b : "");
    al_error_set(err, d->file, line, col, "%s", text);
    return -1;
}

static char *read_all(const char *path, size_t *len, AlError *err)
{
    char *data = al_file_read(path, 64u << 20, len);
    if (!data && errno == EFBIG)
        al_error_set(err, path, 0, 0, "file too large for a configuration");
    else if (!data)
        al_error_set(err, path, 0, 0, "cannot read: %s", strerror(errno));
    return data;
}

/* Parses text into d (root must be an object). */
static int doc_open(Doc *d, const char *file, const char *text, size_t len, AlError *err)
{
    memset(d, 0, sizeof *d);
    d->file = file;
    d->text = text;
    d->len = len;
    d->line = 1;
    d->col = 1;
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        /* Point at it as jansson would: 1-based line, column in characters. */
        int line = 1, col = 1;
        for (const char *p = text; p < nul; p++) {
            if (*p == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)*p & 0xC0) != 0x80) {
                col++;
            }
        }
        al_error_set(err, file, line, col, "not a JSON document: contains a NUL byte");
        return -1;
    }
    json_error_t jerr;
    d->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!d->root) {
        al_error_set(err, file, jerr.line > 0 ? jerr.line : 0, jerr.column > 0 ? jerr.column : 0, "invalid JSON: %s",
                     jerr.text);
        return -1;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        d->at = 3;
    locate(d, d->root, NULL, NULL, -1, 0);
    if (!json_is_object(d->root))
        return fail_at(d, d->root, err, "expected a JSON object at the top level%s%s", NULL, NULL);
    return 0;
}

static void doc_close(Doc *d)
{
    json_decref(d->root);
    free(d->pos);
}

/* ---- typed accessors ---------------------------------------------------- */

/* When `key` is a key of the object last looked up, makes it the current
 * one (several dget calls on one object leave the last key current). */
static void focus(Doc *d, const char *key)
{
    for (size_t i = 0; d->last_index < 0 && i < d->n_pos; i++)
        if (d->pos[i].parent == d->last_obj && d->pos[i].in_key && strcmp(d->pos[i].in_key, key) == 0) {
            d->last_key = d->pos[i].in_key;
            return;
        }
}

static int want_string(Doc *d, json_t *v, const char *key, AlError *err)
{
    focus(d, key);
    if (!json_is_string(v))
        return fail_at(d, v, err, "\"%s\" must be a string%s", key, NULL);
    return 0;
}

static int get_strings(Doc *d, AlArena *a, json_t *v, const char *key, const char ***out, size_t *n,
                       AlError *err)
{
    focus(d, key);
    if (!json_is_array(v))
        return fail_at(d, v, err, "\"%s\" must be a list of strings%s", key, NULL);
    size_t count = json_array_size(v);
    const char **list = al_arena_alloc(a, (count + 1) * sizeof *list);
    for (size_t i = 0; i < count; i++) {
        json_t *s = dindex(d, v, i);
        if (!json_is_string(s))
            return fail_at(d, s, err, "\"%s\" must be a list of strings; this element is not a string%s", key, NULL);
        list[i] = al_arena_strdup(a, json_string_value(s));
    }
    *out = list;
    *n = count;
    return 0;
}

/* Appends src[0..ns) to *dst. */
static void append_strings(AlArena *a, const char ***dst, size_t *nd, const char **src, size_t ns)
{
    const char **list = al_arena_alloc(a, (*nd + ns + 1) * sizeof *list);
    for (size_t i = 0; i < *nd; i++)
        list[i] = (*dst)[i];
    for (size_t i = 0; i < ns; i++)
        list[*nd + i] = src[i];
    *dst = list;
    *nd += ns;
}

static int get_bool(Doc *d, json_t *v, const char *key, bool *out, AlError *err)
{
    focus(d, key);
    if (!json_is_boolean(v))
        return fail_at(d, v, err, "\"%s\" must be true or false%s", key, NULL);
    *out = json_is_true(v);
    return 0;
}

/* Sets err at the position of key in obj. */
static int fail_key(Doc *d, const json_t *obj, const char *key, AlError *err, const char *fmt, const char *a,
                    const char *b)
{
    int line = 0, col = 0;
    for (size_t i = 0; i < d->n_pos; i++)
        if (d->pos[i].node == obj && d->pos[i].key && strcmp(d->pos[i].key, key) == 0) {
            line = d->pos[i].line;
            col = d->pos[i].col;
        }
    char text[400];
    snprintf(text, sizeof text, fmt, a ? a : "", b ? b : "");
    al_error_set(err, d->file, line, col, "%s", text);
    return -1;
}

/* Checks that every key of obj is in allowed (NULL-terminated). */
static int check_keys(Doc *d, json_t *obj, const char *what, const char *const *allowed, AlError *err)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(allowed[i], key) == 0)
                ok = true;
        if (!ok)
            return fail_key(d, obj, key, err, "unknown key \"%s\" in %s", key, what);
    }
    return 0;
}

static const char *last_segment(const char *fqn)
{
    const char *dot = strrchr(fqn, '.');
    return dot ? dot + 1 : fqn;
}

/* ---- pieces shared by pack and config ----------------------------------- */

static void catalog_rebuild(AlPolicy *self)
{
    al_map_free(&self->catalog_by_fqn);
    memset(&self->catalog_by_fqn, 0, sizeof self->catalog_by_fqn);
    for (size_t i = 0; i < self->n_catalog; i++)
        al_map_put(&self->catalog_by_fqn, self->catalog[i].fqn, &self->catalog[i]);
}

/* Parses a catalog list; append adds to (and overrides) the current one. */
static int load_catalog(AlPolicy *self, Doc *d, json_t *v, bool append, AlError *err)
{
    static const char *const keys[] = {"fqn", "kind", "forbidden", "replacement", NULL};
    if (!json_is_array(v))
        return fail_at(d, v, err, "\"catalog\" must be a list of {\"fqn\", \"kind\"} objects%s%s", NULL, NULL);
    size_t n = json_array_size(v);
    size_t base = append ? self->n_catalog : 0;
    AlCatalogEntry *list = al_arena_alloc(self->arena, (base + n + 1) * sizeof *list);
    if (append)
        memcpy(list, self->catalog, base * sizeof *list);
    size_t count = base;
    for (size_t i = 0; i < n; i++) {
        json_t *e = dindex(d, v, i);
        if (!json_is_object(e))
            return fail_at(d, e, err, "catalog entries must be objects with \"fqn\" and \"kind\"%s%s", NULL, NULL);
        if (check_keys(d, e, "a catalog entry", keys, err) < 0)
            return -1;
        json_t *fqn = dget(d, e, "fqn"), *kind = dget(d, e, "kind");
        if (!fqn || !kind)
            return fail_at(d, e, err, "a catalog entry needs \"fqn\" and \"kind\"%s%s", NULL, NULL);
        if (want_string(d, fqn, "fqn", err) < 0 || want_string(d, kind, "kind", err) < 0)
            return -1;
        AlCatalogEntry entry = {0};
        entry.fqn = al_arena_strdup(self->arena, json_string_value(fqn));
        entry.last = last_segment(entry.fqn);
        if (!al_kind_parse(json_string_value(kind), &entry.kind) || entry.kind == AL_KIND_UNKNOWN)
            return fail_at(d, kind, err,
                           "unknown kind \"%s\" (expected jwt, session, bearer, basic, token, oauth2, remote "
                           "or other)%s",
                           json_string_value(kind), NULL);
        json_t *forbidden = dget(d, e, "forbidden");
        if (forbidden && get_bool(d, forbidden, "forbidden", &entry.forbidden, err) < 0)
            return -1;
        json_t *repl = dget(d, e, "replacement");
        if (repl) {
            if (want_string(d, repl, "replacement", err) < 0)
                return -1;
            entry.replacement = al_arena_strdup(self->arena, json_string_value(repl));
        }
        size_t at = count;
        for (size_t k = 0; k < count; k++)
            if (strcmp(list[k].fqn, entry.fqn) == 0)
                at = k; /* a later entry for the same class overrides */
        list[at] = entry;
        if (at == count)
            count++;
    }
    self->catalog = list;
    self->n_catalog = count;
    catalog_rebuild(self);
    return 0;
}

static int load_exclusions(AlPolicy *self, Doc *d, json_t *v, bool append, AlError *err)
{
    static const char *const keys[] = {"kind", "paths", "names", "reason", "nocase", "any_segment", NULL};
    if (!json_is_array(v))
        return fail_at(d, v, err, "\"exclusions\" must be a list of {\"kind\", \"paths\", \"names\", \"reason\"}%s%s",
                       NULL, NULL);
    size_t n = json_array_size(v);
    size_t base = append ? self->n_exclusions : 0;
    AlExclusion *list = al_arena_alloc(self->arena, (base + n + 1) * sizeof *list);
    if (append)
        memcpy(list, self->exclusions, base * sizeof *list);
    for (size_t i = 0; i < n; i++) {
        json_t *e = dindex(d, v, i);
        if (!json_is_object(e))
            return fail_at(d, e, err, "exclusions must be objects%s%s", NULL, NULL);
        if (check_keys(d, e, "an exclusion", keys, err) < 0)
            return -1;
        AlExclusion x = {0};
        json_t *kind = dget(d, e, "kind");
        if (!kind)
            return fail_at(d, e, err, "an exclusion needs a \"kind\"%s%s", NULL, NULL);
        if (want_string(d, kind, "kind", err) < 0)
            return -1;
        if (!al_exclusion_kind_parse(json_string_value(kind), &x.kind))
            return fail_at(d, kind, err,
                           "unknown exclusion kind \"%s\" (expected admin, oauth, webhook, hmac, public or "
                           "internal)%s",
                           json_string_value(kind), NULL);
        json_t *f;
        if ((f = dget(d, e, "paths")) && get_strings(d, self->arena, f, "paths", &x.paths, &x.n_paths, err) < 0)
            return -1;
        if ((f = dget(d, e, "names")) && get_strings(d, self->arena, f, "names", &x.names, &x.n_names, err) < 0)
            return -1;
        if (!x.n_paths && !x.n_names)
            return fail_at(d, e, err, "an exclusion needs \"paths\" or \"names\"%s%s", NULL, NULL);
        if ((f = dget(d, e, "reason"))) {
            if (want_string(d, f, "reason", err) < 0)
                return -1;
            x.reason = al_arena_strdup(self->arena, json_string_value(f));
        } else {
            x.reason = al_arena_printf(self->arena, "excluded as %s by configuration", al_exclusion_kind_name(x.kind));
        }
        if ((f = dget(d, e, "nocase")) && get_bool(d, f, "nocase", &x.nocase, err) < 0)
            return -1;
        if ((f = dget(d, e, "any_segment")) && get_bool(d, f, "any_segment", &x.any_segment, err) < 0)
            return -1;
        list[base + i] = x;
    }
    self->exclusions = list;
    self->n_exclusions = base + n;
    return 0;
}

static int load_preferred(AlPolicy *self, Doc *d, json_t *v, AlPreferred *out, const char *key, AlError *err)
{
    static const char *const keys[] = {"fqn", "name", "module", NULL};
    if (!json_is_object(v))
        return fail_at(d, v, err, "\"preferred.%s\" must be an object with \"fqn\"%s", key, NULL);
    if (check_keys(d, v, "a preferred class", keys, err) < 0)
        return -1;
    json_t *fqn = dget(d, v, "fqn");
    if (!fqn)
        return fail_at(d, v, err, "\"preferred.%s\" needs \"fqn\"%s", key, NULL);
    if (want_string(d, fqn, "fqn", err) < 0)
        return -1;
    const char *full = al_arena_strdup(self->arena, json_string_value(fqn));
    const char *dot = strrchr(full, '.');
    if (!dot)
        return fail_at(d, fqn, err, "\"fqn\" must be a dotted name (module.Class)%s%s", NULL, NULL);
    out->fqn = full;
    out->name = dot + 1;
    out->module = al_arena_strndup(self->arena, full, (size_t)(dot - full));
    json_t *f;
    if ((f = dget(d, v, "name"))) {
        if (want_string(d, f, "name", err) < 0)
            return -1;
        out->name = al_arena_strdup(self->arena, json_string_value(f));
    }
    if ((f = dget(d, v, "module"))) {
        if (want_string(d, f, "module", err) < 0)
            return -1;
        out->module = al_arena_strdup(self->arena, json_string_value(f));
    }
    return 0;
}

static int load_kind(Doc *d, json_t *v, const char *key, AlKind *out, AlError *err)
{
    if (want_string(d, v, key, err) < 0)
        return -1;
    if (!al_kind_parse(json_string_value(v), out))
        return fail_at(d, v, err, "unknown kind \"%s\"%s", json_string_value(v), NULL);
    return 0;
}

/* ---- the rule pack ------------------------------------------------------- */

static int apply_pack(AlPolicy *self, Doc *d, AlError *err)
{
    static const char *const keys[] = {"name", "description", "catalog", "view_bases", "view_function_decorators",
                                       "action_decorators", "auth_decorators", "decorators", "required",
                                       "required_browser", "preferred", "drf_default", "exclusions", "browser",
                                       "rules", "help_uri_base", NULL};
    json_t *root = d->root, *v;
    AlArena *a = self->arena;
    if (check_keys(d, root, "the rule pack", keys, err) < 0)
        return -1;
    if ((v = dget(d, root, "name"))) {
        if (want_string(d, v, "name", err) < 0)
            return -1;
        self->pack_name = al_arena_strdup(a, json_string_value(v));
    }
    if ((v = dget(d, root, "description")) && want_string(d, v, "description", err) < 0)
        return -1;
    if ((v = dget(d, root, "catalog")) && load_catalog(self, d, v, false, err) < 0)
        return -1;
    if ((v = dget(d, root, "view_bases")) &&
        get_strings(d, a, v, "view_bases", &self->view_bases, &self->n_view_bases, err) < 0)
        return -1;
    if ((v = dget(d, root, "view_function_decorators")) &&
        get_strings(d, a, v, "view_function_decorators", &self->view_function_decorators,
                    &self->n_view_function_decorators, err) < 0)
        return -1;
    if ((v = dget(d, root, "action_decorators")) &&
        get_strings(d, a, v, "action_decorators", &self->action_decorators, &self->n_action_decorators, err) < 0)
        return -1;
    if ((v = dget(d, root, "auth_decorators")) &&
        get_strings(d, a, v, "auth_decorators", &self->auth_decorators, &self->n_auth_decorators, err) < 0)
        return -1;
    if ((v = dget(d, root, "decorators"))) {
        static const char *const dkeys[] = {"fqn", "aliases", "classes", NULL};
        if (!json_is_array(v))
            return fail_at(d, v, err, "\"decorators\" must be a list of {\"fqn\", \"classes\"}%s%s", NULL, NULL);
        size_t n = json_array_size(v);
        AlDecoratorEntry *list = al_arena_alloc(a, (n + 1) * sizeof *list);
        for (size_t i = 0; i < n; i++) {
            json_t *e = dindex(d, v, i), *f;
            if (!json_is_object(e))
                return fail_at(d, e, err, "decorator entries must be objects%s%s", NULL, NULL);
            if (check_keys(d, e, "a decorator entry", dkeys, err) < 0)
                return -1;
            AlDecoratorEntry *de = &list[i];
            memset(de, 0, sizeof *de);
            f = dget(d, e, "fqn");
            if (!f || !dget(d, e, "classes"))
                return fail_at(d, e, err, "a decorator entry needs \"fqn\" and \"classes\"%s%s", NULL, NULL);
            if (want_string(d, f, "fqn", err) < 0)
                return -1;
            de->fqn = al_arena_strdup(a, json_string_value(f));
            if (get_strings(d, a, dget(d, e, "classes"), "classes", &de->classes, &de->n_classes, err) < 0)
                return -1;
            if ((f = dget(d, e, "aliases")) &&
                get_strings(d, a, f, "aliases", &de->aliases, &de->n_aliases, err) < 0)
                return -1;
        }
        self->decorators = list;
        self->n_decorators = n;
    }
    if ((v = dget(d, root, "required")) && load_kind(d, v, "required", &self->required, err) < 0)
        return -1;
    if ((v = dget(d, root, "required_browser")) &&
        load_kind(d, v, "required_browser", &self->required_browser, err) < 0)
        return -1;
    if ((v = dget(d, root, "preferred"))) {
        static const char *const pkeys[] = {"jwt", "session", NULL};
        if (!json_is_object(v))
            return fail_at(d, v, err, "\"preferred\" must be an object {\"jwt\": ..., \"session\": ...}%s%s", NULL,
                           NULL);
        if (check_keys(d, v, "\"preferred\"", pkeys, err) < 0)
            return -1;
        json_t *f;
        if ((f = dget(d, v, "jwt")) && load_preferred(self, d, f, &self->preferred_jwt, "jwt", err) < 0)
            return -1;
        if ((f = dget(d, v, "session")) &&
            load_preferred(self, d, f, &self->preferred_session, "session", err) < 0)
            return -1;
    }
    if ((v = dget(d, root, "drf_default")) &&
        get_strings(d, a, v, "drf_default", &self->drf_default, &self->n_drf_default, err) < 0)
        return -1;
    if ((v = dget(d, root, "exclusions")) && load_exclusions(self, d, v, false, err) < 0)
        return -1;
    if ((v = dget(d, root, "browser")) &&
        get_strings(d, a, v, "browser", &self->browser, &self->n_browser, err) < 0)
        return -1;
    const char *uri_base = NULL;
    if ((v = dget(d, root, "help_uri_base"))) {
        if (want_string(d, v, "help_uri_base", err) < 0)
            return -1;
        uri_base = json_string_value(v);
    }
    if ((v = dget(d, root, "rules"))) {
        static const char *const rkeys[] = {"level", "message", "help_uri", NULL};
        if (!json_is_object(v))
            return fail_at(d, v, err, "\"rules\" must be an object keyed by rule id%s%s", NULL, NULL);
        const char *id;
        json_t *e;
        json_object_foreach(v, id, e) {
            AlRuleId rule;
            dget(d, v, id); /* position of e, should it be a literal */
            if (!al_rule_parse(id, &rule))
                return fail_key(d, v, id, err, "unknown rule id \"%s\" (expected AUTH000 to AUTH008)%s", id, NULL);
            if (!json_is_object(e))
                return fail_at(d, e, err, "rule \"%s\" must be an object {\"level\", \"message\"}%s", id, NULL);
            if (check_keys(d, e, "a rule entry", rkeys, err) < 0)
                return -1;
            json_t *f;
            if ((f = dget(d, e, "level"))) {
                if (want_string(d, f, "level", err) < 0)
                    return -1;
                if (!al_level_parse(json_string_value(f), &self->rules[rule].level) ||
                    self->rules[rule].level == AL_LEVEL_NEVER)
                    return fail_at(d, f, err, "unknown level \"%s\" (expected error, warning or note)%s",
                                   json_string_value(f), NULL);
            }
            if ((f = dget(d, e, "message"))) {
                if (want_string(d, f, "message", err) < 0)
                    return -1;
                self->rules[rule].message = al_arena_strdup(a, json_string_value(f));
            }
            if ((f = dget(d, e, "help_uri"))) {
                if (want_string(d, f, "help_uri", err) < 0)
                    return -1;
                self->rules[rule].help_uri = al_arena_strdup(a, json_string_value(f));
            }
        }
    }
    if (uri_base)
        for (int i = 0; i < AL_RULE_COUNT; i++)
            self->rules[i].help_uri = al_arena_printf(a, "%s%s.md", uri_base, al_rule_code((AlRuleId)i));
    return 0;
}

static int apply_pack_text(AlPolicy *self, const char *file, const char *text, size_t len, AlError *err)
{
    Doc d;
    if (doc_open(&d, file, text, len, err) < 0) {
        doc_close(&d);
        return -1;
    }
    int rc = apply_pack(self, &d, err);
    doc_close(&d);
    return rc;
}

AlPolicy *al_policy_new(void)
{
    AlPolicy *self = al_xcalloc(1, sizeof *self);
    self->arena = al_arena_new();
    self->pack_name = "openedx-adr";
    self->pack_path = "<embedded>";
    self->fail_on = AL_LEVEL_ERROR;
    self->required = AL_KIND_JWT;
    self->required_browser = AL_KIND_SESSION;
    for (int i = 0; i < AL_RULE_COUNT; i++) {
        self->rules[i].enabled = true;
        self->rules[i].level = AL_LEVEL_WARNING;
        self->rules[i].message = "{detail}";
    }
    const AlEmbedded *pack = al_embedded_find("openedx-adr.json");
    AlError err;
    if (!pack || apply_pack_text(self, "<embedded openedx-adr.json>", pack->bytes, pack->len, &err) < 0) {
        char text[1200];
        al_error_format(&err, text, sizeof text);
        fprintf(stderr, "authlint: internal error: the embedded rule pack is invalid: %s\n", text);
        abort();
    }
    return self;
}

int al_policy_load_pack(AlPolicy *self, const char *path, AlError *err)
{
    size_t len;
    char *text = read_all(path, &len, err);
    if (!text)
        return -1;
    const char *file = al_arena_strdup(self->arena, path);
    int rc = apply_pack_text(self, file, text, len, err);
    free(text);
    if (rc == 0)
        self->pack_path = file;
    return rc;
}

/* ---- the config ---------------------------------------------------------- */

static int rule_list(AlPolicy *self, Doc *d, json_t *v, const char *key, bool *set, AlError *err)
{
    const char **ids;
    size_t n;
    if (get_strings(d, self->arena, v, key, &ids, &n, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        AlRuleId rule;
        if (!al_rule_parse(ids[i], &rule))
            return fail_at(d, json_array_get(v, i), err, "unknown rule id \"%s\" in \"%s\"", ids[i], key);
        set[rule] = true;
    }
    return 0;
}

int al_policy_load_config(AlPolicy *self, const char *path, const char *rules_override, AlError *err)
{
    static const char *const keys[] = {"select", "ignore", "severity", "fail_on", "exclude", "include_tests",
                                       "settings", "browser", "exclusions", "catalog", "view_bases", "rules",
                                       "$schema", NULL};
    size_t len;
    char *text = read_all(path, &len, err);
    if (!text)
        return -1;
    const char *file = al_arena_strdup(self->arena, path);
    Doc d;
    int rc = -1;
    if (doc_open(&d, file, text, len, err) < 0)
        goto out;
    json_t *root = d.root, *v;
    AlArena *a = self->arena;
    if (check_keys(&d, root, "the configuration", keys, err) < 0)
        goto out;
    /* The rule pack first: the config adds to it. */
    if (rules_override) {
        if (al_policy_load_pack(self, rules_override, err) < 0)
            goto out;
    } else if ((v = dget(&d, root, "rules"))) {
        if (want_string(&d, v, "rules", err) < 0)
            goto out;
        char *dir = al_path_absolute(path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *(slash == dir ? slash + 1 : slash) = '\0';
        char *pack = json_string_value(v)[0] == '/' ? al_xstrdup(json_string_value(v))
                                                   : al_path_join(dir, json_string_value(v));
        free(dir);
        AlError perr;
        int prc = al_policy_load_pack(self, pack, &perr);
        free(pack);
        if (prc < 0) {
            if (perr.line == 0) /* the pack cannot be read: point at the key */
                fail_at(&d, v, err, "\"rules\": %s%s", perr.text, NULL);
            else
                *err = perr;
            goto out;
        }
    }
    bool select[AL_RULE_COUNT] = {0}, ignore[AL_RULE_COUNT] = {0};
    if ((v = dget(&d, root, "select"))) {
        if (rule_list(self, &d, v, "select", select, err) < 0)
            goto out;
        for (int i = 0; i < AL_RULE_COUNT; i++)
            self->rules[i].enabled = select[i];
    }
    if ((v = dget(&d, root, "ignore"))) {
        if (rule_list(self, &d, v, "ignore", ignore, err) < 0)
            goto out;
        for (int i = 0; i < AL_RULE_COUNT; i++)
            if (ignore[i])
                self->rules[i].enabled = false;
    }
    if ((v = dget(&d, root, "severity"))) {
        if (!json_is_object(v)) {
            fail_at(&d, v, err, "\"severity\" must be an object {\"AUTH004\": \"error\"}%s%s", NULL, NULL);
            goto out;
        }
        const char *id;
        json_t *e;
        json_object_foreach(v, id, e) {
            AlRuleId rule;
            dget(&d, v, id); /* position of e, should it be a literal */
            if (!al_rule_parse(id, &rule)) {
                fail_key(&d, v, id, err, "unknown rule id \"%s\" in \"severity\"%s", id, NULL);
                goto out;
            }
            if (want_string(&d, e, "severity", err) < 0)
                goto out;
            AlLevel level;
            if (!al_level_parse(json_string_value(e), &level) || level == AL_LEVEL_NEVER) {
                fail_at(&d, e, err, "unknown level \"%s\" (expected error, warning or note)%s", json_string_value(e),
                        NULL);
                goto out;
            }
            self->rules[rule].level = level;
        }
    }
    if ((v = dget(&d, root, "fail_on"))) {
        if (want_string(&d, v, "fail_on", err) < 0)
            goto out;
        if (!al_level_parse(json_string_value(v), &self->fail_on)) {
            fail_at(&d, v, err, "unknown level \"%s\" (expected error, warning, note or never)%s",
                    json_string_value(v), NULL);
            goto out;
        }
    }
    const char **list;
    size_t n;
    if ((v = dget(&d, root, "exclude"))) {
        if (get_strings(&d, a, v, "exclude", &list, &n, err) < 0)
            goto out;
        append_strings(a, &self->exclude, &self->n_exclude, list, n);
    }
    if ((v = dget(&d, root, "include_tests")) && get_bool(&d, v, "include_tests", &self->include_tests, err) < 0)
        goto out;
    if ((v = dget(&d, root, "settings"))) {
        if (get_strings(&d, a, v, "settings", &list, &n, err) < 0)
            goto out;
        append_strings(a, &self->settings, &self->n_settings, list, n);
    }
    if ((v = dget(&d, root, "browser"))) {
        if (get_strings(&d, a, v, "browser", &list, &n, err) < 0)
            goto out;
        append_strings(a, &self->browser, &self->n_browser, list, n);
    }
    if ((v = dget(&d, root, "view_bases"))) {
        if (get_strings(&d, a, v, "view_bases", &list, &n, err) < 0)
            goto out;
        append_strings(a, &self->view_bases, &self->n_view_bases, list, n);
    }
    if ((v = dget(&d, root, "exclusions")) && load_exclusions(self, &d, v, true, err) < 0)
        goto out;
    if ((v = dget(&d, root, "catalog")) && load_catalog(self, &d, v, true, err) < 0)
        goto out;
    self->config_path = file;
    rc = 0;
out:
    doc_close(&d);
    free(text);
    return rc;
}

char *al_policy_find_config(const char *start_dir)
{
    char *dir = al_path_absolute(start_dir);
    for (;;) {
        char *candidate = al_path_join(dir, ".authlint.json");
        FILE *fp = fopen(candidate, "rb");
        if (fp) {
            fclose(fp);
            free(dir);
            return candidate;
        }
        free(candidate);
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            free(dir);
            return NULL;
        }
        *slash = '\0';
    }
}
