/* Model stage: the facts of every file -> modules, names, classes with their
 * MRO, endpoints, declarations and each endpoint's effective authentication
 * classes (SPEC section 3). The only stage that sees every file.
 *
 * Ownership: an AlModel owns everything it creates (self->arena) and borrows
 * the AlFile array and the policy, which must outlive it. Pointers between
 * model objects (endpoint -> declaration -> value -> auth reference) are all
 * into that arena; al_model_free releases them at once. */
#ifndef AL_MODEL_MODEL_H
#define AL_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/facts.h"
#include "policy/policy.h"
#include "util/arena.h"
#include "util/map.h"

/* One input file, as discovery found it and parse described it. */
typedef struct AlFile {
    const char *path;    /* as opened (absolute) */
    const char *relpath; /* relative to the project root: JSON, SARIF, globs */
    const char *display; /* relative to the current directory: text output */
    const char *module;  /* dotted module name, NULL when not importable */
    const char *import_root; /* relpath prefix of its sys.path root: "" for the
                                project root, "my-service/" below a directory
                                that is no package name (see discover) */
    bool report;         /* findings are reported for this file */
    bool relevant;       /* the pre-scan found it can matter (AUTH000 and
                            AUTH007 look only at relevant files) */
    AlFacts *facts;      /* NULL when not parsed (unreadable, or pre-scan said
                            it cannot matter) */
} AlFile;

/* One class reference inside a declaration's value. */
typedef struct AlAuthRef {
    const char *fqn;       /* resolved name; for an unknown element, the text */
    const char *written;   /* as written in the source ("Bearer", "auth.X") */
    AlKind kind;
    bool heuristic;        /* kind taken from a catalog last-name match */
    bool forbidden;        /* bearer kind, or marked forbidden in the catalog */
    bool is_element;       /* false for unknown elements that are not class
                              references at all (calls, numbers...) */
    const AlFile *file;    /* where the reference is written (a constant may
                              live in another module); NULL for pack-provided
                              classes (decorator table, DRF default) */
    AlSpan span;
} AlAuthRef;

/* One alternative value of a declaration. */
typedef struct AlValue {
    AlAuthRef *refs;
    size_t n_refs;
    bool resolved;          /* false: the expression as a whole is not
                               statically resolvable (refs is empty) */
    const char *why;        /* for AUTH006: what could not be resolved */
    const AlFile *branch_file; /* set when the value came from one branch of
                                  an if/try: the assignment chosen */
    uint32_t branch_line;
} AlValue;

typedef enum AlDeclKind {
    AL_DECL_CLASS_ATTR, /* authentication_classes = EXPR in a class body */
    AL_DECL_DECORATOR,  /* a table decorator (view_auth_classes, mobile_view) */
    AL_DECL_FUNCTION,   /* @authentication_classes(EXPR) on an @api_view */
    AL_DECL_ACTION,     /* @action(authentication_classes=EXPR) */
    AL_DECL_SETTINGS,   /* REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'] */
    AL_DECL_DRF_DEFAULT /* DRF's built-in default (no site of its own) */
} AlDeclKind;

typedef struct AlEndpoint AlEndpoint;

/* A place in the code that sets authentication classes. */
typedef struct AlDecl {
    AlDeclKind kind;
    const AlFile *file;  /* NULL for AL_DECL_DRF_DEFAULT and pack decorators */
    AlSpan site;         /* where AUTH001/002/004/005/006/008 point */
    const char *owner;   /* FQN: class, function, decorator or settings module */
    const AlExpr *expr;  /* the value expression in `file`, NULL when none */
    AlValue *values;     /* alternatives of the value itself (a constant with
                            branches, concatenation of such) */
    size_t n_values;
    AlEndpoint **users;  /* endpoints whose effective value this is */
    size_t n_users;
    size_t cap_users;
} AlDecl;

typedef enum AlEndpointType { AL_ENDPOINT_CLASS, AL_ENDPOINT_FUNCTION, AL_ENDPOINT_ACTION } AlEndpointType;
typedef enum AlSourceType { AL_SOURCE_OWN, AL_SOURCE_INHERITED, AL_SOURCE_SETTINGS, AL_SOURCE_DRF_DEFAULT } AlSourceType;
typedef enum AlStatus { AL_STATUS_NA, AL_STATUS_PASS, AL_STATUS_FAIL, AL_STATUS_EXCLUDED } AlStatus;

/* An effective alternative: which declaration, which of its values. */
typedef struct AlAlt {
    AlDecl *decl;
    const AlValue *value;
} AlAlt;

struct AlEndpoint {
    const char *name;      /* FQN; actions "pkg.mod.View.method" */
    AlEndpointType type;
    const AlFile *file;
    AlSpan def_span;       /* the `class`/`def` keyword */
    uint32_t line;         /* line of the class/def keyword */
    AlSourceType source;
    const char *source_from; /* class the value is inherited from, decorator
                                or settings module; NULL for own literal/DRF */
    AlAlt *alts;           /* effective alternatives, at least one */
    size_t n_alts;
    bool resolved;         /* false when any alternative is unresolved or has
                              unknown classes (AUTH006) */
    bool browser;
    bool excluded;
    AlExclusionKind exclusion;
    const char *exclusion_reason;
    AlStatus status[AL_RULE_COUNT]; /* filled by the rules stage */
};

/* Per-class results of resolution. */
typedef struct AlClassInfo {
    const char *fqn;
    const AlFile *file;
    const AlClass *cls;        /* facts */
    const char **mro;          /* FQNs, self first (C3; project then external) */
    size_t n_mro;
    bool is_view;
    AlKind kind;               /* as an authentication class (SPEC 3.1) */
    bool kind_heuristic;
    AlDecl **own_decls;        /* every authentication_classes assignment in
                                  the body (AUTH003/AUTH004), in source order */
    size_t n_own_decls;
} AlClassInfo;

typedef struct AlModel {
    AlArena *arena;
    const AlPolicy *policy;
    AlFile *files;
    size_t n_files;
    AlMap modules;            /* module name -> AlFile* */
    AlMap classes;            /* FQN -> AlClassInfo* (project classes) */
    AlEndpoint **endpoints;   /* sorted by path, line, name */
    size_t n_endpoints;
    AlDecl **decls;           /* every declaration, in file/position order */
    size_t n_decls;
    AlMap settings;           /* import root -> its settings default (AlDecl *);
                                 absent when it has none */
    AlDecl *drf_default_decl; /* DRF's built-in default */
    const char **notes;       /* stderr notes (other settings modules...) */
    size_t n_notes;
} AlModel;

/* Builds the model over files[0..n) (parsed facts, NULL facts allowed).
 * Never fails on user input: what cannot be resolved is recorded as such. */
AlModel *al_model_build(AlFile *files, size_t n_files, const AlPolicy *policy);
void al_model_free(AlModel *self);

/* The default of the endpoints of f: the settings default of its import
 * root, else DRF's built-in default. */
const AlDecl *al_model_default_decl(const AlModel *self, const AlFile *f);

/* Project class by FQN (borrowed), or NULL. */
const AlClassInfo *al_model_class(const AlModel *self, const char *fqn);

#endif
