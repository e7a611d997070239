/* Finding the method and function bodies the parser can skip (see skim.h): a Python lexer reduced to what decides
 * where a logical line ends (brackets, strings with their prefixes and
 * f-string fields, comments, backslash continuations), driven line by line. */
#define _GNU_SOURCE /* memmem */
#include "parse/skim.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/vec.h"

#define MAX_NEST 32 /* f-strings inside f-string fields */

typedef struct Skim {
    const char *s;
    size_t len;
    bool bad;      /* a lexical anomaly: the file is parsed as written */
    long limit;    /* continuation lines indented at most this much set low */
    bool low;
    long min_cont; /* smallest indentation of a continuation line */
} Skim;

typedef AlSkimBody Region;

typedef struct Frame {
    long indent;
    bool is_class;
} Frame;

static bool ident_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static bool is_quote(char c)
{
    return c == '"' || c == '\'';
}

/* Whether s[0..n) is a string prefix (r, b, f, t, u and their pairs), and
 * whether it makes a formatted string. */
static bool string_prefix(const char *s, size_t n, bool *fmt)
{
    if (n == 0 || n > 2) return false;
    bool r = false, other = false, u = false;
    *fmt = false;
    for (size_t i = 0; i < n; i++) {
        char c = (char)(s[i] | 0x20);
        if (c == 'r' && !r) r = true;
        else if ((c == 'b' || c == 'f' || c == 't') && !other) other = true, *fmt = c != 'b';
        else if (c == 'u' && n == 1) u = true;
        else return false;
    }
    return r || other || u;
}

/* Index just past the line break that ends the physical line at i, or len. */
static size_t next_line(const Skim *k, size_t i)
{
    const char *nl = memchr(k->s + i, '\n', k->len - i);
    return nl ? (size_t)(nl - k->s) + 1 : k->len;
}

/* Indentation of the physical line at i; *first gets its first non-blank
 * byte. Tabs and form feeds are ambiguous (Python and tree-sitter count them
 * differently): an anomaly. */
static bool blank_at(const Skim *k, size_t first)
{
    return first >= k->len || k->s[first] == '\n' || (k->s[first] == '\r' && first + 1 < k->len && k->s[first + 1] == '\n');
}

/* Indentation of the physical line at i; *first gets its first byte that is
 * not a space. Tabs and form feeds before code are ambiguous (Python and
 * tree-sitter count them differently): an anomaly. Blank and comment lines
 * may hold them. */
static long indent_at(Skim *k, size_t i, size_t *first)
{
    long n = 0;
    while (i < k->len && k->s[i] == ' ') i++, n++;
    *first = i;
    if (i < k->len && (k->s[i] == '\t' || k->s[i] == '\f')) {
        size_t j = i;
        while (j < k->len && (k->s[j] == ' ' || k->s[j] == '\t' || k->s[j] == '\f')) j++;
        *first = j;
        if (!blank_at(k, j) && k->s[j] != '#') k->bad = true;
    }
    return n;
}

/* A line break at nl inside a logical line (in brackets, a string, after a
 * backslash): notes how the next physical line is indented. A tab there is
 * string content or harmless, so it only counts as the far left. */
static void continuation(Skim *k, size_t nl)
{
    size_t i = nl + 1;
    long ind = 0;
    while (i < k->len && k->s[i] == ' ') i++, ind++;
    if (blank_at(k, i)) return;
    if (k->s[i] == '\t' || k->s[i] == '\f') ind = 0;
    if (ind < k->min_cont) k->min_cont = ind;
    if (ind <= k->limit) k->low = true;
}

static size_t scan_string(Skim *k, size_t i, bool fmt, int nest);

/* Identifier at i, or a prefixed string starting there. */
static size_t scan_word(Skim *k, size_t i, int nest)
{
    size_t j = i;
    while (j < k->len && ident_byte((unsigned char)k->s[j])) j++;
    bool fmt;
    if (j < k->len && is_quote(k->s[j]) && string_prefix(k->s + i, j - i, &fmt)) return scan_string(k, j, fmt, nest);
    return j;
}

static size_t scan_field(Skim *k, size_t i, char q, bool triple, int nest);

/* A format spec after `:` in a field, up to the field's `}`. */
static size_t scan_spec(Skim *k, size_t i, char q, bool triple, int nest)
{
    while (i < k->len && !k->bad) {
        char c = k->s[i];
        if (c == '}') return i + 1;
        if (c == '{') {
            i = scan_field(k, i + 1, q, triple, nest + 1);
            continue;
        }
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (c == q && (!triple || (i + 2 < k->len && k->s[i + 1] == q && k->s[i + 2] == q))) break;
        if (c == '\n') {
            if (!triple) break;
            continuation(k, i);
        }
        i++;
    }
    k->bad = true;
    return k->len;
}

/* A replacement field of an f-string, after its `{`: an expression (nested
 * strings allowed, as Python 3.12 does), then an optional spec, then `}`. */
static size_t scan_field(Skim *k, size_t i, char q, bool triple, int nest)
{
    if (nest > MAX_NEST) {
        k->bad = true;
        return k->len;
    }
    int depth = 0;
    while (i < k->len && !k->bad) {
        char c = k->s[i];
        if (is_quote(c)) {
            i = scan_string(k, i, false, nest);
            continue;
        }
        if (ident_byte((unsigned char)c)) {
            i = scan_word(k, i, nest);
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']') {
            if (--depth < 0) break;
        } else if (c == '}') {
            if (depth == 0) return i + 1;
            depth--;
        } else if (c == ':' && depth == 0) {
            return scan_spec(k, i + 1, q, triple, nest);
        } else if (c == '\\') {
            i += 2;
            continue;
        } else if (c == '\n') {
            continuation(k, i);
        }
        i++;
    }
    k->bad = true;
    return k->len;
}

/* A string literal whose opening quote is at i; returns the index after it. */
static size_t scan_string(Skim *k, size_t i, bool fmt, int nest)
{
    char q = k->s[i];
    bool triple = i + 2 < k->len && k->s[i + 1] == q && k->s[i + 2] == q;
    i += triple ? 3 : 1;
    while (i < k->len && !k->bad) {
        char c = k->s[i];
        if (c == '\\') {
            /* Escapes the next byte, in raw strings too (r"\"" is one
             * string); a CR LF after it counts as one byte. */
            size_t next = i + 1 < k->len && k->s[i + 1] == '\r' ? i + 2 : i + 1;
            if (next < k->len && k->s[next] == '\n') continuation(k, next);
            else next = i + 1;
            i = next + 1;
            continue;
        }
        if (c == q) {
            if (!triple) return i + 1;
            if (i + 2 < k->len && k->s[i + 1] == q && k->s[i + 2] == q) return i + 3;
        } else if (c == '\n') {
            if (!triple) break; /* unterminated */
            continuation(k, i);
        } else if (fmt && c == '{') {
            if (i + 1 < k->len && k->s[i + 1] == '{') {
                i += 2;
                continue;
            }
            i = scan_field(k, i + 1, q, triple, nest + 1);
            continue;
        }
        i++;
    }
    k->bad = true;
    return k->len;
}

/* The logical line whose first code byte is at i; returns the index after
 * the line break that ends it (or len). *colon: its last token is `:`. */
static size_t scan_logical(Skim *k, size_t i, bool *colon)
{
    int depth = 0;
    char last = 0;
    *colon = false;
    while (i < k->len && !k->bad) {
        char c = k->s[i];
        if (c == '#') {
            const char *nl = memchr(k->s + i, '\n', k->len - i);
            i = nl ? (size_t)(nl - k->s) : k->len;
            continue;
        }
        if (c == '\n') {
            if (depth == 0) {
                *colon = last == ':';
                return i + 1;
            }
            continuation(k, i);
            i++;
            continue;
        }
        if (c == '\\') {
            size_t nl = i + 1 < k->len && k->s[i + 1] == '\r' ? i + 2 : i + 1;
            if (nl >= k->len || k->s[nl] != '\n') break; /* a backslash outside a string */
            continuation(k, nl);
            i = nl + 1;
            continue;
        }
        if (is_quote(c)) {
            i = scan_string(k, i, false, 0);
            last = 'a';
            continue;
        }
        if (ident_byte((unsigned char)c)) {
            i = scan_word(k, i, 0);
            last = 'a';
            continue;
        }
        if (c == '(' || c == '[' || c == '{') depth++;
        else if ((c == ')' || c == ']' || c == '}') && --depth < 0) break;
        if (c != ' ' && c != '\t' && c != '\f' && c != '\r') last = c;
        i++;
    }
    if (i < k->len || depth > 0) k->bad = true;
    *colon = !k->bad && last == ':';
    return k->len;
}

/* 'c' for a class header at i, 'd' for a def (async or not), 0 otherwise. */
static char header_kind(const Skim *k, size_t i)
{
    const char *s = k->s + i;
    size_t n = k->len - i;
    if (n > 6 && memcmp(s, "class", 5) == 0 && s[5] == ' ') return 'c';
    if (n > 6 && memcmp(s, "async", 5) == 0 && s[5] == ' ') {
        size_t j = 6;
        while (j < n && s[j] == ' ') j++;
        s += j;
        n -= j;
    }
    if (n > 4 && memcmp(s, "def", 3) == 0 && s[3] == ' ') return 'd';
    return 0;
}

static bool contains_nocase(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        size_t j = 0;
        while (j < m && (s[i + j] | 0x20) == needle[j]) j++;
        if (j == m) return true;
    }
    return false;
}

/* Whether the logical line [i, end) may return a call: it holds the word
 * `return` (after a `;` too) and a `(`, in a string or comment as well.
 * Such a line at a module-level function's top level may set AlFunction's
 * returned_call (a decorator that returns another one). */
static bool may_return_call(const Skim *k, size_t i, size_t end)
{
    if (!memchr(k->s + i, '(', end - i)) return false;
    for (const char *p = k->s + i, *e = k->s + end; (p = memmem(p, (size_t)(e - p), "return", 6)); p += 6)
        if ((p == k->s || !ident_byte((unsigned char)p[-1])) && (p + 6 >= e || !ident_byte((unsigned char)p[6])))
            return true;
    return false;
}

#define MAX_BLOCKS 64 /* blocks nested in a function body that are tracked */

/* The body of a def indented by d whose header line ends before `start`.
 * True with *r set when it can be skipped. A module-level function's body
 * is kept when a line of its top level may return a call. The top level is
 * what tree-sitter takes for it: a line closes every nested block indented
 * deeper than itself (an indentation between two levels, an error to
 * Python, counts as the outer one). */
static bool skippable_body(Skim *k, size_t start, long d, bool module_level, Region *r)
{
    long body = -1;
    long blocks[MAX_BLOCKS]; /* indentations of the open nested blocks */
    int n_blocks = 0;
    bool opens = false; /* the previous logical line ended with `:` */
    size_t i = start, end = start, first_code = start;
    k->limit = d;
    bool ok = true;
    while (i < k->len && ok) {
        size_t first;
        long ind = indent_at(k, i, &first);
        if (k->bad) return false;
        if (blank_at(k, first) || k->s[first] == '#') {
            i = next_line(k, first);
            continue;
        }
        if (ind <= d) break; /* the next member of the class */
        if (body < 0) {
            body = ind;
            first_code = first;
        } else if (ind < body) {
            ok = false; /* dedent past the first statement: a syntax error */
            break;
        }
        while (n_blocks && blocks[n_blocks - 1] > ind) n_blocks--;
        if (opens && ind > (n_blocks ? blocks[n_blocks - 1] : body)) {
            if (n_blocks == MAX_BLOCKS) {
                ok = false;
                break;
            }
            blocks[n_blocks++] = ind;
        }
        bool colon;
        k->low = false;
        end = i = scan_logical(k, first, &colon);
        if (k->bad) return false;
        if (k->low) ok = false; /* a continuation line as far left as the def */
        if (module_level && !n_blocks && may_return_call(k, first, end)) ok = false;
        opens = colon;
    }
    k->limit = LONG_MIN;
    if (!ok || body < 0) return false;
    const char *b = k->s + start;
    size_t n = end - start;
    if (memmem(b, n, "authentication_classes", 22) || memmem(b, n, "authlint", 8) || contains_nocase(b, n, "noqa"))
        return false;
    *r = (Region){start, end, first_code};
    return true;
}

size_t al_skim_method_bodies(const char *src, size_t len, AlSkimBody **out)
{
    *out = NULL;
    /* NUL and a lone CR (a line break to Python, not to this lexer). */
    if (memchr(src, '\0', len)) return 0;
    for (const char *p = memchr(src, '\r', len); p; p = memchr(p + 1, '\r', len - (size_t)(p + 1 - src)))
        if ((size_t)(p - src) + 1 >= len || p[1] != '\n') return 0;
    Skim k = {.s = src, .len = len, .limit = LONG_MIN};
    AL_VEC(Region) regions = {0};
    AL_VEC(Frame) stack = {0};
    size_t i = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && !k.bad) {
        size_t first;
        long ind = indent_at(&k, i, &first);
        if (k.bad) break;
        if (blank_at(&k, first) || src[first] == '#') {
            i = next_line(&k, first);
            continue;
        }
        while (stack.len && stack.items[stack.len - 1].indent >= ind) stack.len--;
        char kind = header_kind(&k, first);
        bool colon;
        k.min_cont = LONG_MAX;
        size_t end = scan_logical(&k, first, &colon);
        if (k.bad) break;
        /* A continuation line further left closes blocks too (never more
         * methods than the indentation allows). */
        while (stack.len && stack.items[stack.len - 1].indent >= k.min_cont) stack.len--;
        if (!kind || !colon) {
            i = end;
            continue;
        }
        Region r;
        /* A method, or a function of the module (perhaps under if or try). */
        bool module_level = !stack.len;
        if (kind == 'd' && (module_level || stack.items[stack.len - 1].is_class) &&
            skippable_body(&k, end, ind, module_level, &r)) {
            al_vec_push(&regions, r);
            i = r.end;
            continue;
        }
        if (k.bad) break;
        al_vec_push(&stack, ((Frame){ind, kind == 'c'}));
        i = end;
    }
    al_vec_free(&stack);
    if (k.bad) {
        al_vec_free(&regions);
        return 0;
    }
    *out = regions.items;
    return regions.len;
}
