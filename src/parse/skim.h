/* Method bodies are never analysed (extract.c reads class bodies, module-level
 * functions and decorators, not what a method does), yet they are about half
 * of the bytes of a view file. al_skim_method_bodies finds the bodies that
 * tree-sitter can skip (extract.c then parses with included ranges), so
 * parsing costs about half as much. Of a module-level function extract.c
 * reads only `x.authentication_classes = ...` and a top-level
 * `return call(...)` (a decorator that returns another one), so its body is
 * skipped too when it has neither.
 *
 * A body is skipped only when a lexer pass is sure of its extent:
 *  - the file has no lexical anomaly (unbalanced bracket, unterminated
 *    string, stray backslash, NUL, lone CR, tab or form feed in indentation);
 *  - the `def` is directly in a class (the nearest enclosing class or def
 *    header is a class) or in no class or def (a module-level function,
 *    perhaps under if or try), its header ends with `:` and a newline;
 *  - for a module-level function: no statement of the body's top level is a
 *    `return` whose logical line holds a `(` (it may return a call);
 *  - every non-blank line of the body that is not a comment line is indented
 *    deeper than the `def`, continuation lines (inside brackets or strings)
 *    included, and the body's statements never dedent past its first one;
 *  - the body does not mention `authentication_classes`, `authlint` or `noqa`
 *    (inline directives and suppressions stay visible).
 * Anything else is parsed as written. The extent is bounded by physical
 * indentation, so even a lexer mistake cannot reach the next class member.
 *
 * extract.c keeps every byte offset and line: tree-sitter reads the line of
 * the body's first statement with a `0` (an expression statement) in place
 * of the statement, and nothing else of the body. A syntax error inside a
 * skipped body is therefore not reported (AUTH000): it cannot hide a class,
 * a declaration or an endpoint. */
#ifndef AL_PARSE_SKIM_H
#define AL_PARSE_SKIM_H

#include <stddef.h>

/* One skippable body: its lines [start, end) (end is after the line break
 * of its last line, or the end of the file) and its first code byte. */
typedef struct AlSkimBody {
    size_t start, end, first;
} AlSkimBody;

/* The method and function bodies of src[0..len) that can be skipped, in file order;
 * *out is malloc'd (free it), NULL when there is none. Returns the count. */
size_t al_skim_method_bodies(const char *src, size_t len, AlSkimBody **out);

#endif
