/* libFuzzer target for the parse stage: arbitrary bytes -> tree-sitter ->
 * AlFacts, then free. Finds crashes, hangs and leaks in extract.c and skim.c
 * on input no real Python file would hold (SPEC 7: never crash on any input).
 *
 * It also checks the property that makes skipping method bodies safe
 * (parse/skim.h): when the file parses without error as written, the facts
 * with bodies skipped are the same, byte for byte once encoded. A difference
 * aborts, so libFuzzer keeps the input as a reproducer. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cache.h"
#include "parse/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static AlParser *skim, *whole; /* one per process, as one per worker thread */
    if (!skim) {
        skim = al_parser_new();
        whole = al_parser_new();
        al_parser_keep_bodies(whole, true);
    }
    AlFacts *a = al_parse_source(skim, (const char *)data, size);
    AlFacts *b = al_parse_source(whole, (const char *)data, size);
    if (!b->has_error) {
        size_t la, lb;
        char *ea = al_facts_encode(a, &la), *eb = al_facts_encode(b, &lb);
        if (la != lb || memcmp(ea, eb, la) != 0) {
            fprintf(stderr, "fuzz_extract: facts differ when method bodies are skipped\n");
            abort();
        }
        free(ea);
        free(eb);
    }
    al_facts_free(a);
    al_facts_free(b);
    return 0;
}
