/* Parallel parse: reads and parses every file with a pool of worker threads,
 * one tree-sitter parser each, and stores the facts in files[i].facts. Workers
 * share nothing mutable but the file slots they claim (an atomic counter hands
 * out indexes), so the result does not depend on the number of jobs. */
#ifndef AL_PARSE_POOL_H
#define AL_PARSE_POOL_H

#include <stddef.h>

#include "model/model.h"
#include "policy/policy.h"

typedef struct AlParseStats {
    size_t parsed;   /* files with facts (parsed or from the cache) */
    size_t cached;   /* of those, facts taken from the cache */
    size_t prescanned; /* files the pre-scan showed cannot matter */
    size_t rounds;   /* pre-scan rounds run */
    size_t skipped;  /* files not parsed (unreadable) */
    size_t bytes;    /* bytes read */
} AlParseStats;

/* Number of online cores (at least 1). */
int al_parse_default_jobs(void);

typedef struct AlParseOptions {
    int jobs;              /* <= 0: all cores */
    const char *cache_dir; /* facts cache directory, NULL for none */
    const AlPolicy *prescan; /* pre-scan with this policy's keywords; NULL
                                parses every file (and marks all relevant) */
    bool parse_all;          /* --no-prescan: run the pre-scan only to mark
                                files relevant, but parse every file */
} AlParseOptions;

/* Parses files[0..n) (those the pre-scan leaves out keep facts == NULL; they
 * cannot affect the result). A file that cannot be read keeps facts == NULL and gets
 * a warning line in *warnings (heap strings; the caller frees each and the
 * array). */
void al_parse_files(AlFile *files, size_t n, const AlParseOptions *opts, AlParseStats *stats, char ***warnings,
                    size_t *n_warnings);

#endif
