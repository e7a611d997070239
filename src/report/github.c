/* GitHub Actions workflow commands (SPEC 5, --format github): one
 * ::error/::warning/::notice line per visible finding, which the runner turns
 * into an annotation on the file and line. */
#include "report/report.h"
#include "rules/rules.h"

static const char *command_name(AlLevel level)
{
    switch (level) {
    case AL_LEVEL_ERROR: return "error";
    case AL_LEVEL_WARNING: return "warning";
    case AL_LEVEL_NOTE:
    case AL_LEVEL_NEVER: break;
    }
    return "notice";
}

/* The runner's escaping (actions/toolkit command.ts): message data escapes
 * %, CR and LF; property values also ':' and ',', which separate them. */
static void add_escaped(AlBuf *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': al_buf_adds(out, "%25"); break;
        case '\r': al_buf_adds(out, "%0D"); break;
        case '\n': al_buf_adds(out, "%0A"); break;
        case ':':
            if (property)
                al_buf_adds(out, "%3A");
            else
                al_buf_addc(out, ':');
            break;
        case ',':
            if (property)
                al_buf_adds(out, "%2C");
            else
                al_buf_addc(out, ',');
            break;
        default: al_buf_addc(out, *s); break;
        }
    }
}

void al_report_github(const AlReport *r, AlBuf *out)
{
    if (!r->findings) return;
    for (size_t i = 0; i < r->findings->len; i++) {
        const AlFinding *f = r->findings->items[i];
        if (!al_report_visible(f)) continue;
        al_buf_addf(out, "::%s ", command_name(f->level));
        if (f->file) {
            al_buf_adds(out, "file=");
            add_escaped(out, f->file->display ? f->file->display : f->file->relpath, true);
            if (f->span.line) al_buf_addf(out, ",line=%u", (unsigned)f->span.line);
            if (f->span.col) al_buf_addf(out, ",col=%u", (unsigned)f->span.col);
            if (f->span.end_line) al_buf_addf(out, ",endLine=%u", (unsigned)f->span.end_line);
            if (f->span.end_col) al_buf_addf(out, ",endColumn=%u", (unsigned)f->span.end_col);
            al_buf_addc(out, ',');
        }
        al_buf_adds(out, "title=");
        add_escaped(out, al_rule_registry[f->rule].code, true);
        al_buf_adds(out, "::");
        add_escaped(out, f->message ? f->message : "", false);
        al_buf_addc(out, '\n');
    }
}
