/* GitHub's primaryLocationLineHash: the rolling hash codeql-action's upload
 * step computes for each line of a file (src/fingerprints.ts, ported exactly)
 * and puts in SARIF partialFingerprints when the producer did not. The SARIF
 * renderer computes it itself so an upload never has to, and never disagrees.
 *
 * The hash reads the file as the action does: bytes decoded as UTF-8 (invalid
 * sequences become U+FFFD, as Node's decoder does), hashed per UTF-16 code
 * unit, with \r, \n and \r\n all ending a line.
 *
 * Ownership: every returned string and array is heap memory the caller frees
 * (al_line_hashes_free for the array). */
#ifndef AL_REPORT_LINEHASH_H
#define AL_REPORT_LINEHASH_H

#include <stddef.h>
#include <stdint.h>

/* Hashes of every line of data[0..len): element i is "<hex>:<n>" for line
 * i + 1. *n_lines is at least 1 (an empty file has one line). */
char **al_line_hashes(const char *data, size_t len, size_t *n_lines);
void al_line_hashes_free(char **hashes, size_t n_lines);

/* The hash of one 1-based line, or NULL when the file has no such line. */
char *al_line_hash(const char *data, size_t len, uint32_t line);

#endif
