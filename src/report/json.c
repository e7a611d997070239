/* The JSON document of SPEC section 8, written by `check --format json` and
 * read back by `audit --compare`. Keys are emitted in the order of the spec. */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/json.h"

static const char *const type_names[] = {"class", "function", "action"};
static const char *const source_names[] = {"own", "inherited", "settings", "drf-default"};
static const char *const status_names[] = {"n/a", "pass", "fail", "excluded"};

static json_t *value_json(const AlValue *v)
{
    json_t *list = json_array();
    if (!v || !v->resolved)
        return list;
    for (size_t i = 0; i < v->n_refs; i++) {
        const AlAuthRef *ref = &v->refs[i];
        json_array_append_new(list, json_pack("{s:o, s:s, s:b}", "name", al_json_text(ref->fqn), "kind",
                                              al_kind_name(ref->kind), "heuristic", ref->heuristic));
    }
    return list;
}

static json_t *nullable(const char *s)
{
    return s ? al_json_text(s) : json_null();
}

static json_t *endpoint_json(const AlEndpoint *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", al_json_text(e->name));
    json_object_set_new(o, "type", json_string(type_names[e->type]));
    json_object_set_new(o, "path", al_json_text(e->file->relpath));
    json_object_set_new(o, "line", json_integer(e->line));
    json_object_set_new(o, "classes", value_json(e->n_alts ? e->alts[0].value : NULL));
    if (e->n_alts > 1) {
        json_t *alts = json_array();
        for (size_t i = 0; i < e->n_alts; i++)
            json_array_append_new(alts, value_json(e->alts[i].value));
        json_object_set_new(o, "alternatives", alts);
    }
    const AlDecl *d = e->n_alts ? e->alts[0].decl : NULL;
    json_t *src = json_object();
    json_object_set_new(src, "type", json_string(source_names[e->source]));
    if (e->source == AL_SOURCE_DRF_DEFAULT || !d || !d->file) {
        json_object_set_new(src, "path", json_null());
        json_object_set_new(src, "line", json_integer(0));
        json_object_set_new(src, "from", json_null());
    } else {
        json_object_set_new(src, "path", al_json_text(d->file->relpath));
        json_object_set_new(src, "line", json_integer(d->site.line));
        json_object_set_new(src, "from", nullable(e->source_from));
    }
    json_object_set_new(o, "source", src);
    json_object_set_new(o, "resolved", json_boolean(e->resolved));
    json_object_set_new(o, "browser", json_boolean(e->browser));
    if (e->excluded)
        json_object_set_new(o, "excluded",
                            json_pack("{s:s, s:o}", "kind", al_exclusion_kind_name(e->exclusion), "reason",
                                      al_json_text(e->exclusion_reason)));
    else
        json_object_set_new(o, "excluded", json_null());
    json_t *status = json_object();
    for (int i = AL_AUTH001; i <= AL_AUTH008; i++) {
        if (i == AL_AUTH007)
            continue;
        json_object_set_new(status, al_rule_code((AlRuleId)i), json_string(status_names[e->status[i]]));
    }
    json_object_set_new(o, "status", status);
    return o;
}

static bool compliant(const AlEndpoint *e)
{
    if (!e->resolved || e->excluded)
        return false;
    for (int i = AL_AUTH001; i <= AL_AUTH005; i++)
        if (e->status[i] == AL_STATUS_FAIL)
            return false;
    return true;
}

json_t *al_report_json_doc(const AlReport *r)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "schema", json_string("authlint/1"));
    json_object_set_new(doc, "tool", json_pack("{s:s, s:s}", "name", "authlint", "version", AL_VERSION));
    json_object_set_new(doc, "root", al_json_text(r->root));
    json_t *eps = json_array();
    size_t excluded = 0, n_compliant = 0;
    for (size_t i = 0; i < r->model->n_endpoints; i++) {
        const AlEndpoint *e = r->model->endpoints[i];
        if (!e->file->report)
            continue;
        json_array_append_new(eps, endpoint_json(e));
        excluded += e->excluded;
        n_compliant += compliant(e);
    }
    json_object_set_new(doc, "endpoints", eps);
    json_t *list = json_array();
    size_t per_rule[AL_RULE_COUNT] = {0}, suppressed = 0;
    for (size_t i = 0; i < r->findings->len; i++) {
        const AlFinding *f = r->findings->items[i];
        json_t *names = json_array();
        for (size_t k = 0; k < f->n_endpoints; k++)
            json_array_append_new(names, al_json_text(f->endpoints[k]->name));
        json_t *o = json_object();
        json_object_set_new(o, "rule", json_string(al_rule_code(f->rule)));
        json_object_set_new(o, "level", json_string(al_level_name(f->level)));
        json_object_set_new(o, "path", al_json_text(f->file->relpath));
        json_object_set_new(o, "line", json_integer(f->span.line));
        json_object_set_new(o, "column", json_integer(f->span.col));
        json_object_set_new(o, "end_line", json_integer(f->span.end_line ? f->span.end_line : f->span.line));
        json_object_set_new(o, "end_column", json_integer(f->span.end_col ? f->span.end_col : f->span.col));
        json_object_set_new(o, "message", al_json_text(f->message));
        json_object_set_new(o, "endpoints", names);
        json_object_set_new(o, "fingerprint", json_string(f->fingerprint));
        json_object_set_new(o, "suppressed", json_boolean(f->suppressed));
        json_object_set_new(o, "baseline", json_boolean(f->in_baseline));
        json_array_append_new(list, o);
        if (f->suppressed)
            suppressed++;
        else if (!f->in_baseline)
            per_rule[f->rule]++;
    }
    json_object_set_new(doc, "findings", list);
    json_t *counts = json_object();
    for (int i = 0; i < AL_RULE_COUNT; i++)
        json_object_set_new(counts, al_rule_code((AlRuleId)i), json_integer((json_int_t)per_rule[i]));
    json_object_set_new(doc, "summary",
                        json_pack("{s:I, s:I, s:o, s:I, s:I, s:I}", "files", (json_int_t)r->n_files, "endpoints",
                                  (json_int_t)json_array_size(eps), "findings", counts, "suppressed",
                                  (json_int_t)suppressed, "excluded", (json_int_t)excluded, "compliant",
                                  (json_int_t)n_compliant));
    return doc;
}

void al_report_json(const AlReport *r, AlBuf *out)
{
    json_t *doc = al_report_json_doc(r);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    al_buf_adds(out, text);
    al_buf_addc(out, '\n');
    free(text);
    json_decref(doc);
}
