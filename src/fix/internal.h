/* Internal pieces of the fix stage (not used outside src/fix/): byte-range
 * edits, the layout-keeping rewrite of a comma-separated list (a tuple/list
 * literal or the names of a `from x import a, b`), and the unified diff.
 *
 * Ownership: edit texts are heap strings owned by the AlFixEdits that holds
 * them (al_fix_edits_free); everything else works on borrowed source bytes
 * and appends to a caller's AlBuf. */
#ifndef AL_FIX_INTERNAL_H
#define AL_FIX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tree_sitter/api.h>

#include "util/buf.h"

/* Replace src[start, end) by text. */
typedef struct AlFixEdit {
    uint32_t start, end;
    char *text;
} AlFixEdit;

typedef struct AlFixEdits {
    AlFixEdit *items;
    size_t len, cap;
} AlFixEdits;

/* Takes ownership of text (a heap string). */
void al_fix_edits_add(AlFixEdits *self, uint32_t start, uint32_t end, char *text);
void al_fix_edits_free(AlFixEdits *self);
/* Applies the edits to src[0, len) into *out (reset first). Edits are sorted
 * here; returns -1 (and leaves *out empty) when two of them overlap. */
int al_fix_edits_apply(AlFixEdits *self, const char *src, size_t len, AlBuf *out);

/* A comma-separated list as written: items[i] is src[starts[i], ends[i]);
 * the text between items holds whitespace, comments and one comma. */
typedef struct AlFixList {
    const char *src;
    uint32_t open_end;    /* first byte after the opening bracket, or the
                             first item's start for a bare list */
    uint32_t close_start; /* the closing bracket, or the bare list's end */
    const uint32_t *starts, *ends;
    size_t n;             /* at least 1 */
    bool bracketed;       /* ( ) or [ ] around the items */
    bool one_needs_comma; /* a tuple: one element is written (x,) */
    bool trailing_ok;     /* a trailing comma is valid here */
} AlFixList;

/* One element of the rewritten list: an original item (orig >= 0), or new
 * text. moved: an original item taken out of its order (it leaves the
 * comment lines above it where they were). */
typedef struct AlFixElem {
    int orig;
    const char *text;
    bool moved;
} AlFixElem;

/* Appends the new text of src[open_end, close_start) holding elems[0, m)
 * (m >= 1), keeping the list's layout: one element per line with its own
 * comments and indentation when written so, else the separators as written. */
void al_fix_list_render(const AlFixList *list, const AlFixElem *elems, size_t m, AlBuf *out);

/* Appends a unified diff (3 lines of context, `--- a/<path>` / `+++
 * b/<path>` headers) of old -> new; nothing when they are equal. */
void al_fix_diff(const char *path, const char *old_text, size_t old_len, const char *new_text, size_t new_len,
                 AlBuf *out);

/* ---- tree helpers (imports.c) ------------------------------------------ */

const TSLanguage *tree_sitter_python(void);

/* A parsed version of a file's text (borrowed bytes). */
typedef struct AlFixSource {
    const char *src;
    size_t len;
    TSTree *tree;
    TSNode root;
    const char *nl; /* "\r\n" when the file's first line ends so, else "\n" */
} AlFixSource;

/* Parses src[0, len) into *out (the tree is freed by al_fix_source_free). */
void al_fix_source_parse(TSParser *parser, const char *src, size_t len, AlFixSource *out);
void al_fix_source_free(AlFixSource *self);
/* ERROR and MISSING nodes in the tree. */
size_t al_fix_count_errors(const AlFixSource *self);
/* The node of one of types[] (NULL-terminated; NULL types: any) spanning
 * exactly [start, end), or a null node. */
TSNode al_fix_find_node(const AlFixSource *self, uint32_t start, uint32_t end, const char *const *types);
bool al_fix_node_is(TSNode n, const char *type);
/* True when the node's text is exactly s. */
bool al_fix_node_text_is(const AlFixSource *self, TSNode n, const char *s);
/* Start of the line holding pos / position after the newline ending it
 * (len at the end of the text). */
uint32_t al_fix_line_start(const char *src, uint32_t pos);
uint32_t al_fix_line_end(const char *src, size_t len, uint32_t pos);

/* ---- imports (imports.c) ------------------------------------------------ */

typedef enum AlFixBinding {
    AL_FIX_UNBOUND,  /* the name is free: import it */
    AL_FIX_BOUND,    /* the class is imported already, as *name */
    AL_FIX_CONFLICT, /* the short name means something else in the file */
} AlFixBinding;

/* How the class module.name (also importable as fqn) is known in the file.
 * *bound is a heap string for AL_FIX_BOUND, else NULL. */
AlFixBinding al_fix_binding(const AlFixSource *self, const char *module, const char *name, const char *fqn,
                            char **bound);
/* Uses of a name outside import statements (identifiers, and strings equal
 * to it, as in __all__). */
size_t al_fix_count_uses(const AlFixSource *self, const char *name);
/* Edits removing every import that binds name (only that name from a
 * multi-name import; `pass` where a block would be left empty). */
void al_fix_remove_imports(const AlFixSource *self, const char *const *names, size_t n, AlFixEdits *edits);
/* Edits adding `from module import name` for each pair: merged into a
 * top-level import from the same module, else a new line after the last
 * top-level import (or above the first class/def). */
void al_fix_add_imports(const AlFixSource *self, const char *const *modules, const char *const *names, size_t n,
                        AlFixEdits *edits);

#endif
