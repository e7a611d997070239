/* JSON helpers shared by the reports and the baseline. */
#ifndef AL_UTIL_JSON_H
#define AL_UTIL_JSON_H

#include <jansson.h>

/* A JSON string of text from the analysed files (paths, names, messages that
 * quote source): json_string refuses invalid UTF-8, which would drop the key
 * silently, so invalid bytes become U+FFFD. NULL is "". */
json_t *al_json_text(const char *s);

#endif
