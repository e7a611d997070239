/* Per-file facts: everything authlint needs from one Python file, extracted
 * from its tree-sitter tree and kept after the tree and the file bytes are
 * gone. No cross-file knowledge lives here.
 *
 * Ownership: an AlFacts and everything it points to live in its own arena
 * (facts->arena); al_facts_free releases all of it. Strings are NUL-terminated
 * copies. Positions: lines 1-based, columns 1-based UTF-8 byte offsets, byte
 * offsets 0-based into the file as read (BOM included). */
#ifndef AL_PARSE_FACTS_H
#define AL_PARSE_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef struct AlSpan {
    uint32_t line, col;         /* start */
    uint32_t end_line, end_col; /* end (exclusive column) */
    uint32_t start_byte, end_byte;
} AlSpan;

/* An expression, reduced to the forms authentication declarations use. */
typedef enum AlExprKind {
    AL_EXPR_NAME,    /* identifier or dotted attribute chain: text = "a.b.C" */
    AL_EXPR_STRING,  /* plain string literal: text = its value */
    AL_EXPR_SEQ,     /* tuple or list literal: items */
    AL_EXPR_DICT,    /* dict literal: keys[i] (NULL for **spread) -> items[i] */
    AL_EXPR_CONCAT,  /* a + b: items[0], items[1] */
    AL_EXPR_CALL,    /* f(...): text = callee dotted name ("" if not dotted),
                        items = positional args, keys/kwvalues = keyword args */
    AL_EXPR_STARRED, /* *x inside a sequence: items[0] */
    AL_EXPR_NONE,    /* the literal None */
    AL_EXPR_OTHER,   /* anything else (comprehension, conditional, subscript...) */
} AlExprKind;

typedef struct AlExpr AlExpr;
struct AlExpr {
    AlExprKind kind;
    AlSpan span;
    const char *text; /* NAME, STRING, CALL (callee); NULL otherwise */
    AlExpr **items;
    uint32_t n_items;
    /* DICT: keys[i] is the key expression of items[i] (NULL for **x).
     * CALL: keys[i] is a STRING expr holding the keyword name of kwvalues[i],
     * its span covering the `name=` keyword. */
    AlExpr **keys;
    AlExpr **kwvalues;
    uint32_t n_kw;
    bool is_list;        /* SEQ: [..] rather than (..) */
    bool parenthesized;  /* SEQ: tuple written with parentheses */
    bool trailing_comma; /* SEQ: a comma after the last element */
    bool multiline;      /* SEQ: spans more than one line */
};

/* A statement that can bind or change a name at module or class level. */
typedef enum AlStmtKind {
    AL_STMT_ASSIGN,    /* target = value (also annotated assignment) */
    AL_STMT_AUGASSIGN, /* target += value (any operator) */
    AL_STMT_SUBSCRIPT, /* target[key] = value: key_text holds a string key */
    AL_STMT_CALL,      /* target.method(args): expression statement, e.g.
                          REST_FRAMEWORK.update({...}); method in key_text */
    AL_STMT_BRANCH,    /* if/elif/else or try/except/else/finally */
    AL_STMT_UNPACK,    /* a, b = ...: targets listed in value (not resolved) */
} AlStmtKind;

typedef struct AlStmt AlStmt;

typedef struct AlArm {
    AlStmt **stmts;
    uint32_t n_stmts;
    AlSpan span;          /* its keyword: `if`, `elif`, `else`, `try`, `except`, `finally` */
    bool is_else;         /* the else arm of an if, or a try's else */
    bool is_except;       /* an except handler */
    bool is_finally;      /* a try's finally: runs after every other arm */
    const char *except_types; /* except clause types as written, "" for bare */
} AlArm;

struct AlStmt {
    AlStmtKind kind;
    AlSpan span;          /* whole statement; BRANCH: its first keyword */
    /* ASSIGN / AUGASSIGN / SUBSCRIPT / CALL: */
    const char *target;   /* dotted target name: "authentication_classes",
                             "REST_FRAMEWORK", "View.authentication_classes" */
    AlSpan target_span;
    const char *key_text; /* SUBSCRIPT key string, CALL method name */
    AlSpan key_span;
    AlExpr *value;        /* right-hand side; CALL: the call expression */
    /* BRANCH: */
    AlArm *arms;
    uint32_t n_arms;
    bool is_try;
};

typedef enum AlImportKind {
    AL_IMPORT_MODULE, /* import a.b.c [as x] */
    AL_IMPORT_FROM,   /* from [.]a.b import name [as x] */
    AL_IMPORT_STAR,   /* from a.b import * */
} AlImportKind;

typedef struct AlImport {
    AlImportKind kind;
    const char *module;   /* dotted module as written, without leading dots */
    uint32_t level;       /* number of leading dots of a relative import */
    const char *name;     /* FROM: imported name; MODULE: NULL */
    const char *asname;   /* alias or NULL */
    const char *bound;    /* the local name this binds: asname, name, or the
                             first segment of module for `import a.b` */
    AlSpan span;          /* the alias clause (`X as Y` / `X`) */
    AlSpan stmt_span;     /* the whole import statement */
    uint32_t n_names;     /* number of names the statement imports */
    bool in_try;          /* inside try: (an alternative, not definite) */
    bool in_except;       /* inside an except handler */
    bool in_function;     /* inside a def (not a module binding) */
    bool parenthesized;   /* FROM statement with ( ... ) */
} AlImport;

typedef struct AlDecorator {
    AlExpr *expr;  /* NAME (bare) or CALL */
    AlSpan span;   /* from the `@` to the end of the decorator line */
} AlDecorator;

typedef struct AlFunction {
    const char *name;
    AlSpan def_span;  /* the `def` keyword (after `async`) */
    AlSpan name_span;
    AlDecorator *decorators;
    uint32_t n_decorators;
    /* For functions that may be authentication decorators: class-attribute
     * assignments anywhere in the body (`x.authentication_classes = EXPR`,
     * `setattr(x, 'authentication_classes', EXPR)` is not followed) and a
     * returned call (`return other_decorator(...)`). */
    AlStmt **auth_assigns;
    uint32_t n_auth_assigns;
    AlExpr *returned_call; /* first `return f(...)` in the body, or NULL */
} AlFunction;

typedef struct AlClass AlClass;
struct AlClass {
    const char *name;   /* simple name; nested classes are "Outer.Inner" */
    AlSpan class_span;  /* the `class` keyword */
    AlSpan name_span;
    AlExpr **bases;     /* positional bases only */
    uint32_t n_bases;
    AlDecorator *decorators;
    uint32_t n_decorators;
    AlStmt **body;      /* class-level statements (assignments and branches) */
    uint32_t n_body;
    AlFunction *methods;
    uint32_t n_methods;
};

/* A comment that carries an authlint directive or a noqa code. */
typedef struct AlComment {
    uint32_t line, col;
    const char *text;   /* the comment from '#', trailing whitespace removed */
} AlComment;

typedef struct AlFacts {
    AlArena *arena;
    AlImport *imports;
    uint32_t n_imports;
    AlStmt **body;       /* module-level statements (assignments, branches) */
    uint32_t n_body;
    AlClass *classes;    /* module-level classes (also inside if/try/with),
                            and classes nested in them, in source order */
    uint32_t n_classes;
    AlFunction *functions; /* module-level functions, in source order */
    uint32_t n_functions;
    AlComment *comments;
    uint32_t n_comments;
    bool has_error;      /* syntax error somewhere */
    AlSpan error_span;   /* the first error (ERROR or MISSING node) */
    uint32_t n_lines;
} AlFacts;

void al_facts_free(AlFacts *self);

#endif
