/* libFuzzer target for the parse stage: arbitrary bytes -> tree-sitter ->
 * AlFacts, then free. Finds crashes, hangs and leaks in extract.c on input no
 * real Python file would hold (SPEC 7: never crash on any input). */
#include <stddef.h>
#include <stdint.h>

#include "parse/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static AlParser *parser;
    if (!parser)
        parser = al_parser_new(); /* one per process, as one per worker thread */
    AlFacts *facts = al_parse_source(parser, (const char *)data, size);
    al_facts_free(facts);
    return 0;
}
