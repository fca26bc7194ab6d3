/*
 * parallel.h: runs the items 0..n-1 of a stage (files to load, documents to extract, pairs
 * to score) on the context's worker threads, and hands each result back to the calling
 * thread in index order. Not part of the public header.
 */
#ifndef CC_PARALLEL_H
#define CC_PARALLEL_H

#include "internal.h"

typedef struct {
    /* Item i, on a worker thread or the calling thread (jobs - 1 workers run beside it). It
     * may only write what belongs to item i; its diagnostics are kept and emitted before
     * finish(i). */
    int (*work)(void *arg, size_t i);
    /* On the calling thread, in index order, with item i's result (its error message is
     * this thread's cc_errmsg() again). A negative return stops the run: items not yet
     * started are skipped and cc_parallel_run() returns it. NULL: a negative `rc` stops. */
    int (*finish)(void *arg, size_t i, int rc);
    void *arg;
    const char *stage; /* the progress callback's stage name; NULL: no progress reports */
} cc_par_task;

/* Runs the items on min(jobs, n) threads; 0 or the first negative finish() result. */
int cc_parallel_run(const struct cc_context *ctx, size_t n, const cc_par_task *task);

/* How many slices of about `per` items [0, n) is cut into (at least 1). */
static inline size_t cc_parallel_parts(size_t n, size_t per)
{
    return n > per ? (n + per - 1) / per : 1;
}

/* Item ranges for work cut in `parts` static slices of [0, n): slice k is [from, to). */
static inline void cc_parallel_slice(size_t n, size_t parts, size_t k, size_t *from, size_t *to)
{
    *from = n / parts * k + (k < n % parts ? k : n % parts);
    *to = *from + n / parts + (k < n % parts);
}

#endif
