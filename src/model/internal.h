/* Shared internals of the model stage (not for other stages): per-module name
 * tables, per-class state during resolution, and the evaluator of
 * authentication_classes expressions. See model.h for the public view. */
#ifndef AL_MODEL_INTERNAL_H
#define AL_MODEL_INTERNAL_H

#include "model/model.h"
#include "util/vec.h"

typedef enum BindingKind { BIND_IMPORT, BIND_CLASS, BIND_FUNCTION, BIND_ASSIGN } BindingKind;

/* One way a module-level name gets its value. */
typedef struct Binding {
    BindingKind kind;
    const AlImport *import; /* BIND_IMPORT */
    bool alternative;       /* inside try/except: one alternative of several */
    bool none_fallback;     /* `except ImportError: X = None`: not a value */
} Binding;

typedef AL_VEC(Binding) BindingVec;

typedef struct ModuleInfo {
    const AlFile *file;
    const char *name;
    bool is_package;       /* an __init__.py */
    AlMap bindings;        /* name -> BindingVec* */
    const char **star_from; /* modules imported with `from X import *` */
    size_t n_star;
} ModuleInfo;

typedef struct ClassState {
    AlClassInfo info;
    int mro_state;          /* 0 not computed, 1 computing, 2 done */
    int decl_state;         /* same, for declared_alts */
    AlAlt *declared;        /* effective own value: decorator, else body */
    size_t n_declared;
    AlDecl *decorator_decl; /* a decorator that sets the classes, if any */
} ClassState;

typedef struct FunctionInfo {
    const char *fqn;
    const AlFile *file;
    const AlFunction *fn;
    AlDecl *assign_decl;    /* literal assignment inside (decorator factory) */
} FunctionInfo;

typedef AL_VEC(AlDecl *) DeclVec;
typedef AL_VEC(AlEndpoint *) EndpointVec;

/* The model under construction. */
typedef struct Builder {
    AlModel *m;
    AlMap module_info;      /* module name -> ModuleInfo* */
    AlMap suffix;           /* dotted suffix -> module name, or "" if ambiguous */
    AlMap class_state;      /* FQN -> ClassState* (also m->classes) */
    AlMap functions;        /* FQN -> FunctionInfo* */
    AlMap kinds;            /* FQN -> KindMemo* */
    AlMap constants_busy;   /* FQN -> non-NULL while evaluating (cycles) */
    DeclVec decls;
    EndpointVec endpoints;
    AlMap settings_state;   /* import root -> non-NULL once searched (or while) */
} Builder;

/* names.c */
void al_names_index(Builder *b);
const char *al_names_resolve(Builder *b, const AlFile *file, const char *dotted);
/* Every FQN a dotted name may have when its first segment is bound only by
 * try/except import alternatives (the first is what al_names_resolve picks);
 * 1 otherwise. */
size_t al_names_resolve_alts(Builder *b, const AlFile *file, const char *dotted, const char **out, size_t max);
const char *al_names_canonical(Builder *b, const char *fqn);
/* Module of an import, absolute, with the unique-suffix rule applied. */
const char *al_names_import_module(Builder *b, const ModuleInfo *mi, const AlImport *im);
ModuleInfo *al_names_module(Builder *b, const char *name);
/* When fqn names a module-level assignment in a project module: its module. */
ModuleInfo *al_names_constant_owner(Builder *b, const char *fqn, const char **name_out);

/* classes.c */
void al_classes_index(Builder *b);
ClassState *al_classes_get(Builder *b, const char *fqn);
void al_classes_mro(Builder *b, ClassState *cs);
AlKind al_classes_kind(Builder *b, const char *fqn, bool *heuristic, bool *forbidden);

/* eval.c */
typedef AL_VEC(AlValue) ValueVec;
#define AL_MAX_ALTERNATIVES 32
/* Alternatives of an expression written in `file`. Never empty. */
void al_eval_expr(Builder *b, const AlFile *file, const AlExpr *e, ValueVec *out, int depth);
/* Assignments to `name` that may be the final value of a block (SPEC 9.5). */
typedef AL_VEC(const AlStmt *) StmtPtrVec;
void al_eval_final_assigns(AlStmt *const *stmts, uint32_t n, const char *name, StmtPtrVec *out);
AlDecl *al_eval_new_decl(Builder *b, AlDeclKind kind, const AlFile *file, AlSpan site, const char *owner,
                         const AlExpr *expr);
/* Effective own-or-inherited declaration of a class (SPEC 3.3); n=0 when none.
 * *from is the class that declares it. */
const AlAlt *al_eval_class_declared(Builder *b, ClassState *cs, size_t *n, const char **from);
/* The settings default of the import root of `file` (found once per root;
 * each root is a service of its own, SPEC 9.11 within it), or NULL. */
AlDecl *al_eval_settings(Builder *b, const AlFile *file);
/* Declarations of every project class body and decorator factory. */
void al_eval_all_class_decls(Builder *b);
/* Declaration set by a decorator on `owner`, or NULL when it sets none. */
AlDecl *al_eval_decorator_decl(Builder *b, const AlFile *file, const AlDecorator *dec, const char *owner);
/* A declaration whose value is the expression e written in file. */
AlDecl *al_eval_expr_decl(Builder *b, AlDeclKind kind, const AlFile *file, AlSpan site, const char *owner,
                          const AlExpr *e);
/* A site-less declaration of catalog FQNs (DRF's built-in default). */
AlDecl *al_eval_fqn_decl(Builder *b, AlDeclKind kind, const char *const *fqns, size_t n);

#endif
