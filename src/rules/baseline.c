/* The baseline file (see suppress.h). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rules/suppress.h"
#include "util/json.h"
#include "util/map.h"

void al_baseline_write(const AlFindings *findings, AlBuf *out)
{
    json_t *list = json_array();
    for (size_t i = 0; i < findings->len; i++) {
        const AlFinding *f = findings->items[i];
        if (f->suppressed)
            continue;
        json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:o}", "fingerprint", f->fingerprint, "rule",
                                              al_rule_code(f->rule), "path", al_json_text(f->file->relpath), "message",
                                              al_json_text(f->message)));
    }
    json_t *doc = json_pack("{s:s, s:o}", "schema", "authlint-baseline/1", "findings", list);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    al_buf_adds(out, text);
    al_buf_addc(out, '\n');
    free(text);
    json_decref(doc);
}

int al_baseline_apply(const char *path, AlFindings *findings, AlError *err)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (!doc) {
        al_error_set(err, path, jerr.line > 0 ? jerr.line : 0, jerr.column > 0 ? jerr.column : 0,
                     "cannot read the baseline: %s", jerr.text);
        return -1;
    }
    json_t *list = json_object_get(doc, "findings");
    const char *schema = json_string_value(json_object_get(doc, "schema"));
    if (!schema || strcmp(schema, "authlint-baseline/1") != 0 || !json_is_array(list)) {
        json_decref(doc);
        al_error_set(err, path, 1, 1, "not an authlint baseline (expected \"schema\": \"authlint-baseline/1\" "
                                      "and a \"findings\" list)");
        return -1;
    }
    /* Multiset of fingerprints: counts stored as pointer-sized integers. */
    AlMap counts = {0};
    AlArena *keys = al_arena_new();
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        const char *fp = json_string_value(json_object_get(e, "fingerprint"));
        if (!fp)
            continue;
        uintptr_t n = (uintptr_t)al_map_get(&counts, fp);
        /* An existing entry keeps its (arena) key; only new keys are copied. */
        const char *key = n ? fp : al_arena_strdup(keys, fp);
        al_map_put(&counts, key, (void *)(n + 1));
    }
    for (size_t k = 0; k < findings->len; k++) {
        AlFinding *f = findings->items[k];
        if (f->suppressed)
            continue;
        uintptr_t n = (uintptr_t)al_map_get(&counts, f->fingerprint);
        if (n) {
            f->in_baseline = true;
            al_map_put(&counts, f->fingerprint, (void *)(n - 1));
        }
    }
    al_map_free(&counts);
    al_arena_free(keys);
    json_decref(doc);
    return 0;
}
