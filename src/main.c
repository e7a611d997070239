/* CLI entry point (placeholder until the CLI lands). */
#include <stdio.h>
#include "parse/parse.h"
#include "util/buf.h"
#include <stdlib.h>

static void dump_expr(const AlExpr *e, int ind)
{
    static const char *k[] = {"NAME","STRING","SEQ","DICT","CONCAT","CALL","STARRED","NONE","OTHER"};
    printf("%*s%s %s @%u:%u\n", ind, "", k[e->kind], e->text ? e->text : "", e->span.line, e->span.col);
    for (uint32_t i = 0; i < e->n_items; i++) if (e->items[i]) dump_expr(e->items[i], ind + 2);
    for (uint32_t i = 0; i < e->n_kw; i++) { printf("%*skw %s\n", ind+2, "", e->keys[i]->text); dump_expr(e->kwvalues[i], ind + 4); }
}
static void dump_stmts(AlStmt **s, uint32_t n, int ind)
{
    for (uint32_t i = 0; i < n; i++) {
        printf("%*sstmt kind=%d target=%s key=%s @%u\n", ind, "", s[i]->kind, s[i]->target ? s[i]->target : "", s[i]->key_text ? s[i]->key_text : "", s[i]->span.line);
        if (s[i]->value) dump_expr(s[i]->value, ind + 2);
        for (uint32_t a = 0; a < s[i]->n_arms; a++) { printf("%*sarm else=%d exc=%d fin=%d types=%s\n", ind+2, "", s[i]->arms[a].is_else, s[i]->arms[a].is_except, s[i]->arms[a].is_finally, s[i]->arms[a].except_types?s[i]->arms[a].except_types:""); dump_stmts(s[i]->arms[a].stmts, s[i]->arms[a].n_stmts, ind + 4); }
    }
}
int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    FILE *f = fopen(argv[1], "rb"); if (!f) return 2;
    AlBuf b = AL_BUF_INIT; char tmp[65536]; size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) al_buf_add(&b, tmp, n);
    fclose(f);
    AlParser *p = al_parser_new();
    AlFacts *fa = al_parse_source(p, al_buf_cstr(&b), b.len);
    for (uint32_t i = 0; i < fa->n_imports; i++) { AlImport *im = &fa->imports[i]; printf("import kind=%d mod=%s lvl=%u name=%s bound=%s try=%d exc=%d @%u:%u\n", im->kind, im->module, im->level, im->name?im->name:"", im->bound, im->in_try, im->in_except, im->span.line, im->span.col); }
    dump_stmts(fa->body, fa->n_body, 0);
    for (uint32_t i = 0; i < fa->n_classes; i++) { AlClass *k = &fa->classes[i]; printf("class %s @%u:%u\n", k->name, k->class_span.line, k->class_span.col);
        for (uint32_t j = 0; j < k->n_bases; j++) dump_expr(k->bases[j], 2);
        for (uint32_t j = 0; j < k->n_decorators; j++) { printf("  deco @%u:%u\n", k->decorators[j].span.line, k->decorators[j].span.col); dump_expr(k->decorators[j].expr, 4);} 
        dump_stmts(k->body, k->n_body, 2);
        for (uint32_t j = 0; j < k->n_methods; j++) { printf("  method %s\n", k->methods[j].name); for (uint32_t d = 0; d < k->methods[j].n_decorators; d++) dump_expr(k->methods[j].decorators[d].expr, 4);} }
    for (uint32_t i = 0; i < fa->n_functions; i++) { AlFunction *fn = &fa->functions[i]; printf("func %s @%u:%u assigns=%u ret=%s\n", fn->name, fn->def_span.line, fn->def_span.col, fn->n_auth_assigns, fn->returned_call?fn->returned_call->text:"-"); for (uint32_t d = 0; d < fn->n_decorators; d++) dump_expr(fn->decorators[d].expr, 4); dump_stmts(fn->auth_assigns, fn->n_auth_assigns, 2);}
    for (uint32_t i = 0; i < fa->n_comments; i++) printf("comment %u:%u %s\n", fa->comments[i].line, fa->comments[i].col, fa->comments[i].text);
    if (fa->has_error) printf("error at %u:%u\n", fa->error_span.line, fa->error_span.col);
    al_facts_free(fa); al_parser_free(p); al_buf_release(&b);
    return 0;
}
