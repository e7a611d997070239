/* libFuzzer target for inline directives: a NUL-terminated copy of the input
 * -> al_directive_parse (# authlint: ignore[...], # noqa:, client=, exclude=). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/directive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *comment = malloc(size + 1);
    if (!comment)
        return 0;
    memcpy(comment, data, size);
    comment[size] = '\0';
    AlDirective out[8];
    int n = al_directive_parse(comment, out, 8);
    if (n < 0 || n > 8)
        abort(); /* the contract: at most max directives */
    for (int i = 0; i < n; i++)
        if (memchr(out[i].reason, '\0', sizeof out[i].reason) == NULL)
            abort(); /* reason must stay a terminated string */
    /* max smaller than what the comment holds must be respected too. */
    AlDirective one[1];
    if (al_directive_parse(comment, one, 1) > 1)
        abort();
    free(comment);
    return 0;
}
