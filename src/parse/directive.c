/* Inline directive parsing (see directive.h). Scans a comment for
 * "authlint:" and "noqa" markers; each "authlint:" segment runs to the next
 * '#' and may hold several ';'-separated directives. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "parse/directive.h"

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* First "noqa" in any letter case (flake8 accepts "NOQA"), or NULL. */
static const char *find_noqa(const char *p)
{
    for (; *p; p++)
        if (tolower((unsigned char)p[0]) == 'n' && tolower((unsigned char)p[1]) == 'o' &&
            tolower((unsigned char)p[2]) == 'q' && tolower((unsigned char)p[3]) == 'a')
            return p;
    return NULL;
}

/* Copies [s, e) trimmed into out (size n). */
static void copy_trimmed(char *out, size_t n, const char *s, const char *e)
{
    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    size_t len = (size_t)(e - s);
    if (len >= n)
        len = n - 1;
    memcpy(out, s, len);
    out[len] = '\0';
}

/* Reads rule codes "AUTH003, AUTH004" from [p, e) into d->rules; stops at the
 * first token that is not a code. Returns the number of AUTH codes read. */
static int read_codes(const char *p, const char *e, AlDirective *d, const char **after)
{
    int count = 0;
    for (;;) {
        p = skip_spaces(p);
        const char *s = p;
        while (p < e && (isalnum((unsigned char)*p)))
            p++;
        if (p == s)
            break;
        char code[16];
        size_t len = (size_t)(p - s);
        if (len < sizeof code) {
            memcpy(code, s, len);
            code[len] = '\0';
            AlRuleId id;
            if (al_rule_parse(code, &id)) {
                d->rules[id] = true;
                count++;
            }
        }
        p = skip_spaces(p);
        if (p < e && *p == ',')
            p++;
        else
            break;
    }
    *after = p;
    return count;
}

/* One directive in [p, e). */
static bool parse_one(const char *p, const char *e, AlDirective *d)
{
    p = skip_spaces(p);
    if (p >= e)
        return false;
    if (strncmp(p, "ignore", 6) == 0 && (p + 6 == e || !isalnum((unsigned char)p[6]))) {
        d->kind = AL_DIRECTIVE_IGNORE;
        p += 6;
        if (p < e && *p == '[') {
            const char *close = memchr(p, ']', (size_t)(e - p));
            const char *after;
            if (!close || read_codes(p + 1, close, d, &after) == 0 || skip_spaces(after) != close) {
                d->kind = AL_DIRECTIVE_INVALID;
                copy_trimmed(d->reason, sizeof d->reason, p, close ? close + 1 : e);
                return true;
            }
            p = close + 1;
        } else {
            d->all_rules = true;
        }
        copy_trimmed(d->reason, sizeof d->reason, p, e);
        return true;
    }
    if (strncmp(p, "client=", 7) == 0) {
        const char *v = p + 7;
        if (e - v >= 7 && strncmp(v, "browser", 7) == 0 && (v + 7 == e || !isalnum((unsigned char)v[7]))) {
            d->kind = AL_DIRECTIVE_BROWSER;
            return true;
        }
    } else if (strncmp(p, "exclude=", 8) == 0) {
        const char *v = p + 8, *end = v;
        while (end < e && (isalnum((unsigned char)*end) || *end == '_'))
            end++;
        char kind[32];
        copy_trimmed(kind, sizeof kind, v, end);
        if (al_exclusion_kind_parse(kind, &d->exclusion)) {
            d->kind = AL_DIRECTIVE_EXCLUDE;
            copy_trimmed(d->reason, sizeof d->reason, end, e);
            return true;
        }
    }
    d->kind = AL_DIRECTIVE_INVALID;
    copy_trimmed(d->reason, sizeof d->reason, p, e);
    return true;
}

int al_directive_parse(const char *comment, AlDirective *out, int max)
{
    int n = 0;
    const char *p = comment;
    while (n < max && *p) {
        const char *hit_a = strstr(p, "authlint:");
        const char *hit_n = find_noqa(p); /* flake8 accepts NOQA too */
        const char *hit = hit_a && (!hit_n || hit_a < hit_n) ? hit_a : hit_n;
        if (!hit)
            break;
        const char *seg_end = strchr(hit + 1, '#');
        if (!seg_end)
            seg_end = hit + strlen(hit);
        if (hit == hit_a) {
            const char *s = hit + 9;
            while (n < max && s < seg_end) {
                /* ';' starts another directive only when one follows it; in
                 * a reason it is just text ("signed; see PR 12"). */
                const char *semi = s;
                for (;;) {
                    semi = memchr(semi, ';', (size_t)(seg_end - semi));
                    if (!semi)
                        break;
                    const char *next = skip_spaces(semi + 1);
                    if (strncmp(next, "ignore", 6) == 0 || strncmp(next, "client=", 7) == 0 ||
                        strncmp(next, "exclude=", 8) == 0)
                        break;
                    semi++;
                }
                const char *e = semi ? semi : seg_end;
                AlDirective d;
                memset(&d, 0, sizeof d);
                d.col = (uint32_t)(hit - comment) + 1;
                if (parse_one(s, e, &d))
                    out[n++] = d;
                s = semi ? semi + 1 : seg_end;
            }
        } else {
            /* noqa: AUTH001, AUTH003 (codes of other tools are ignored; a
             * bare noqa is not ours). */
            const char *s = skip_spaces(hit + 4);
            bool word_start = hit == comment || !isalnum((unsigned char)hit[-1]);
            if (word_start && *s == ':') {
                AlDirective d;
                memset(&d, 0, sizeof d);
                d.kind = AL_DIRECTIVE_IGNORE;
                d.from_noqa = true;
                d.col = (uint32_t)(hit - comment) + 1;
                const char *after;
                if (read_codes(s + 1, seg_end, &d, &after) > 0)
                    out[n++] = d;
            }
        }
        p = seg_end;
    }
    return n;
}
