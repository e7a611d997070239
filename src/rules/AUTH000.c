/* AUTH000 parse-error: a file with syntax errors gets one note at the first
 * error; analysis still runs on what parsed (SPEC 9.2). Only files that can
 * matter (AlFile.relevant) are checked: the pre-scan never parses the others,
 * and --no-prescan must give the same results. */
#include "rules/common.h"

void al_rule_auth000(AlRuleContext *ctx);
void al_rule_auth000(AlRuleContext *ctx)
{
    const AlModel *m = ctx->model;
    for (size_t i = 0; i < m->n_files; i++) {
        const AlFile *f = &m->files[i];
        if (!f->facts || !f->relevant || !f->facts->has_error) continue;
        AlEmit e = {.rule = AL_AUTH000, .file = f, .span = f->facts->error_span, .context = "",
                    .normalized = "syntax-error"};
        e.keys[0] = "detail";
        e.values[0] = "invalid syntax";
        e.n_kv = 1;
        al_rule_emit(ctx, &e);
    }
}
