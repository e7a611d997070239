/* SARIF 2.1.0 renderer for GitHub code scanning (SPEC 5): one run, every rule
 * of the registry as driver metadata (ruleIndex == AlRuleId), one result per
 * reported finding with its affected endpoints as relatedLocations.
 *
 * Unlike the other renderers this one reads the analysed files again: the
 * primaryLocationLineHash GitHub's upload action would add is computed here
 * (linehash.c), once per file, so an upload never has to recompute it. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "report/linehash.h"
#include "report/report.h"
#include "rules/rules.h"
#include "util/arena.h"
#include "util/file.h"
#include "util/json.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_INFORMATION_URI "https://github.com/authlint/authlint"
#define SARIF_HELP_URI_BASE "https://github.com/authlint/authlint/blob/main/docs/rules/"
#define SARIF_SRCROOT "%SRCROOT%"
/* GitHub keeps at most 1000 locations per result and the validator's GH1004
 * flags more; the message already says how many endpoints are affected. */
#define SARIF_MAX_RELATED 1000

static json_t *message(const char *text)
{
    json_t *m = json_object();
    json_object_set_new(m, "text", al_json_text(text));
    return m;
}

static const char *sarif_level(AlLevel level)
{
    switch (level) {
    case AL_LEVEL_ERROR: return "error";
    case AL_LEVEL_WARNING: return "warning";
    case AL_LEVEL_NOTE: return "note";
    case AL_LEVEL_NEVER: break;
    }
    return "none";
}

/* RFC 3986 path: everything but unreserved characters and '/' is
 * percent-encoded (spaces, '%', ':' that would read as a scheme, non-ASCII
 * bytes). GitHub decodes with decodeURIComponent. */
static void add_uri_path(AlBuf *out, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~' || c == '/';
        if (keep)
            al_buf_addc(out, (char)c);
        else
            al_buf_addf(out, "%%%02X", c);
    }
}

static json_t *artifact_location(const AlFile *file)
{
    AlBuf uri = AL_BUF_INIT;
    add_uri_path(&uri, file->relpath);
    json_t *a = json_object();
    json_object_set_new(a, "uri", json_string(al_buf_cstr(&uri)));
    json_object_set_new(a, "uriBaseId", json_string(SARIF_SRCROOT));
    al_buf_release(&uri);
    return a;
}

/* SARIF regions are 1-based with an exclusive end column, as AlSpan is;
 * columns stay UTF-8 byte offsets (SPEC 9). Missing parts are left out
 * rather than invented, except startLine, which GitHub requires. */
static json_t *region(AlSpan span)
{
    uint32_t line = span.line ? span.line : 1;
    json_t *r = json_object();
    json_object_set_new(r, "startLine", json_integer(line));
    if (span.col) json_object_set_new(r, "startColumn", json_integer(span.col));
    if (span.end_line >= line && span.end_col) {
        uint32_t end_col = span.end_col;
        if (span.end_line == line && span.col && end_col < span.col) end_col = span.col;
        json_object_set_new(r, "endLine", json_integer(span.end_line));
        json_object_set_new(r, "endColumn", json_integer(end_col));
    }
    return r;
}

static json_t *physical_location(const AlFile *file, AlSpan span)
{
    json_t *p = json_object();
    json_object_set_new(p, "artifactLocation", artifact_location(file));
    json_object_set_new(p, "region", region(span));
    return p;
}

/* The first paragraph under "## What it checks" in the rule's page, or NULL. */
static char *doc_description(const char *doc, size_t len)
{
    static const char heading[] = "## What it checks";
    const char *end = doc + len;
    const char *p = doc;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        size_t n = (size_t)(eol - p);
        bool found = n >= sizeof heading - 1 && memcmp(p, heading, sizeof heading - 1) == 0;
        p = eol < end ? eol + 1 : end;
        if (found) break;
        if (p == end) return NULL;
    }
    AlBuf para = AL_BUF_INIT;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *s = p, *e = eol;
        p = eol < end ? eol + 1 : end;
        while (s < e && (*s == ' ' || *s == '\t')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
        if (s == e) {
            if (para.len) break;
            continue;
        }
        if (*s == '#') break;
        if (para.len) al_buf_addc(&para, ' ');
        al_buf_add(&para, s, (size_t)(e - s));
    }
    if (!para.len) {
        al_buf_release(&para);
        return NULL;
    }
    return al_buf_detach(&para);
}

static json_t *rule_descriptor(const AlReport *r, const AlRuleInfo *info)
{
    const AlRuleSetting *setting = &r->policy->rules[info->id];
    char doc_name[32];
    snprintf(doc_name, sizeof doc_name, "%s.md", info->code);
    const AlEmbedded *doc = al_embedded_find(doc_name);
    char *full = doc ? doc_description(doc->bytes, doc->len) : NULL;

    json_t *rule = json_object();
    json_object_set_new(rule, "id", json_string(info->code));
    json_object_set_new(rule, "name", json_string(info->name));
    json_object_set_new(rule, "shortDescription", message(info->summary));
    json_object_set_new(rule, "fullDescription", message(full ? full : info->summary));
    free(full);

    json_t *help = json_object();
    if (doc) {
        json_object_set_new(help, "text", al_json_text(doc->bytes));
        json_object_set_new(help, "markdown", al_json_text(doc->bytes));
    } else {
        json_object_set_new(help, "text", json_string(info->summary));
    }
    json_object_set_new(rule, "help", help);

    if (setting->help_uri && *setting->help_uri) {
        json_object_set_new(rule, "helpUri", al_json_text(setting->help_uri));
    } else {
        AlBuf uri = AL_BUF_INIT;
        al_buf_addf(&uri, "%s%s.md", SARIF_HELP_URI_BASE, info->code);
        json_object_set_new(rule, "helpUri", json_string(al_buf_cstr(&uri)));
        al_buf_release(&uri);
    }

    json_t *config = json_object();
    if (!setting->enabled) json_object_set_new(config, "enabled", json_false());
    json_object_set_new(config, "level", json_string(sarif_level(setting->level)));
    json_object_set_new(rule, "defaultConfiguration", config);

    json_t *props = json_object();
    json_t *tags = json_array();
    json_array_append_new(tags, json_string("security"));
    json_array_append_new(tags, json_string("authentication"));
    json_object_set_new(props, "tags", tags);
    json_object_set_new(rule, "properties", props);
    return rule;
}

static json_t *driver(const AlReport *r)
{
    json_t *d = json_object();
    json_object_set_new(d, "name", json_string("authlint"));
    json_object_set_new(d, "version", json_string(AL_VERSION));
    json_object_set_new(d, "semanticVersion", json_string(AL_VERSION));
    json_object_set_new(d, "informationUri", json_string(SARIF_INFORMATION_URI));
    json_t *rules = json_array();
    for (size_t i = 0; i < AL_RULE_COUNT; i++) json_array_append_new(rules, rule_descriptor(r, &al_rule_registry[i]));
    json_object_set_new(d, "rules", rules);
    return d;
}

static json_t *original_uri_base_ids(const AlReport *r)
{
    AlBuf uri = AL_BUF_INIT;
    al_buf_adds(&uri, "file://");
    if (!r->root || r->root[0] != '/') al_buf_addc(&uri, '/');
    add_uri_path(&uri, r->root ? r->root : "");
    if (uri.ptr[uri.len - 1] != '/') al_buf_addc(&uri, '/');
    json_t *srcroot = json_object();
    json_object_set_new(srcroot, "uri", json_string(al_buf_cstr(&uri)));
    al_buf_release(&uri);
    json_t *ids = json_object();
    json_object_set_new(ids, SARIF_SRCROOT, srcroot);
    return ids;
}

/* Line hashes of the file the last finding was in; findings come sorted by
 * path, so each file is read and hashed once. */
typedef struct LineHashCache {
    const AlFile *file;
    char **hashes; /* NULL when the file could not be read */
    size_t n;
} LineHashCache;

static const char *line_hash(LineHashCache *cache, const AlFile *file, uint32_t line)
{
    if (cache->file != file) {
        al_line_hashes_free(cache->hashes, cache->n);
        cache->file = file;
        cache->hashes = NULL;
        cache->n = 0;
        size_t len = 0;
        char *data = file->path ? al_file_read(file->path, SIZE_MAX, &len) : NULL;
        if (data) cache->hashes = al_line_hashes(data, len, &cache->n);
        free(data);
    }
    if (!cache->hashes) return NULL;
    if (line == 0) line = 1; /* the action hashes line 1 for a location without a line */
    return line <= cache->n ? cache->hashes[line - 1] : NULL;
}

static json_t *related_locations(const AlFinding *f)
{
    json_t *related = json_array();
    size_t id = 0;
    for (size_t i = 0; i < f->n_endpoints && id < SARIF_MAX_RELATED; i++) {
        const AlEndpoint *ep = f->endpoints[i];
        if (!ep->file) continue;
        AlSpan span = {0};
        if (ep->def_span.line == ep->line)
            span = ep->def_span;
        else
            span.line = ep->line;
        json_t *loc = json_object();
        json_object_set_new(loc, "id", json_integer((json_int_t)++id));
        json_object_set_new(loc, "physicalLocation", physical_location(ep->file, span));
        json_object_set_new(loc, "message", message(ep->name));
        json_array_append_new(related, loc);
    }
    return related;
}

static json_t *result(const AlReport *r, const AlFinding *f, LineHashCache *cache)
{
    const AlRuleInfo *info = &al_rule_registry[f->rule];
    json_t *res = json_object();
    json_object_set_new(res, "ruleId", json_string(info->code));
    json_object_set_new(res, "ruleIndex", json_integer(f->rule));
    json_object_set_new(res, "level", json_string(sarif_level(f->level)));
    json_object_set_new(res, "message", message(f->message));

    const char *hash = NULL;
    if (f->file) {
        json_t *loc = json_object();
        json_object_set_new(loc, "physicalLocation", physical_location(f->file, f->span));
        json_t *locs = json_array();
        json_array_append_new(locs, loc);
        json_object_set_new(res, "locations", locs);
        hash = line_hash(cache, f->file, f->span.line);
    }
    if (f->n_endpoints) {
        json_t *related = related_locations(f);
        if (json_array_size(related))
            json_object_set_new(res, "relatedLocations", related);
        else
            json_decref(related);
    }

    json_t *fps = json_object();
    if (f->fingerprint) json_object_set_new(fps, "authlint/v1", al_json_text(f->fingerprint));
    if (hash) json_object_set_new(fps, "primaryLocationLineHash", json_string(hash));
    if (json_object_size(fps))
        json_object_set_new(res, "partialFingerprints", fps);
    else
        json_decref(fps);

    if (r->baseline_used) json_object_set_new(res, "baselineState", json_string(f->in_baseline ? "unchanged" : "new"));
    if (r->include_suppressed) {
        /* With --include-suppressed every result carries the array, so an
         * empty one says "not suppressed" rather than "not known". */
        json_t *sups = json_array();
        if (f->suppressed) {
            json_t *s = json_object();
            json_object_set_new(s, "kind", json_string("inSource"));
            json_array_append_new(sups, s);
        }
        json_object_set_new(res, "suppressions", sups);
    }
    return res;
}

void al_report_sarif(const AlReport *r, AlBuf *out)
{
    json_t *run = json_object();
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver(r));
    json_object_set_new(run, "tool", tool);

    json_t *invocation = json_object();
    json_object_set_new(invocation, "executionSuccessful", json_true());
    json_t *invocations = json_array();
    json_array_append_new(invocations, invocation);
    json_object_set_new(run, "invocations", invocations);

    json_object_set_new(run, "originalUriBaseIds", original_uri_base_ids(r));

    if (r->category && *r->category) {
        /* GitHub's convention: the category is the id's prefix, ending in '/'. */
        AlBuf id = AL_BUF_INIT;
        al_buf_adds(&id, r->category);
        if (id.ptr[id.len - 1] != '/') al_buf_addc(&id, '/');
        json_t *details = json_object();
        json_object_set_new(details, "id", al_json_text(al_buf_cstr(&id)));
        json_object_set_new(run, "automationDetails", details);
        al_buf_release(&id);
    }

    json_t *results = json_array();
    LineHashCache cache = {0};
    if (r->findings) {
        for (size_t i = 0; i < r->findings->len; i++) {
            const AlFinding *f = r->findings->items[i];
            /* GitHub ignores SARIF suppressions and would open alerts. */
            if (f->suppressed && !r->include_suppressed) continue;
            json_array_append_new(results, result(r, f, &cache));
        }
    }
    al_line_hashes_free(cache.hashes, cache.n);
    json_object_set_new(run, "results", results);

    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *log = json_object();
    json_object_set_new(log, "$schema", json_string(SARIF_SCHEMA));
    json_object_set_new(log, "version", json_string("2.1.0"));
    json_object_set_new(log, "runs", runs);

    char *text = json_dumps(log, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text) al_oom();
    al_buf_adds(out, text);
    al_buf_addc(out, '\n');
    free(text);
    json_decref(log);
}
