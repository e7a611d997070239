/* Typed growable arrays as macros: AL_VEC(T) declares {T *items; len; cap}.
 * Invariant: items[0..len) are valid; the vector owns items (heap memory,
 * released by al_vec_free), not what the items point to. */
#ifndef AL_UTIL_VEC_H
#define AL_UTIL_VEC_H

#include <stdlib.h>

#include "util/arena.h"

#define AL_VEC(T)      \
    struct {           \
        T *items;      \
        size_t len;    \
        size_t cap;    \
    }

#define al_vec_push(v, x)                                                          \
    do {                                                                           \
        if ((v)->len == (v)->cap) {                                                \
            (v)->cap = (v)->cap ? (v)->cap * 2 : 8;                                \
            (v)->items = al_xrealloc((v)->items, (v)->cap * sizeof(*(v)->items)); \
        }                                                                          \
        (v)->items[(v)->len++] = (x);                                              \
    } while (0)

#define al_vec_free(v)        \
    do {                      \
        free((v)->items);     \
        (v)->items = NULL;    \
        (v)->len = (v)->cap = 0; \
    } while (0)

#endif
