/*
 * pair_memo.h: scores of candidate pairs remembered between runs (pair_memo.c), internal to
 * the library. The claims cache (cache.c) loads them into the corpus; the check (cluster.c)
 * takes the score of a pair whose two claims and model are unchanged instead of building
 * the claims' sides and running the model, and notes every pair it used for the cache to
 * store. A pair's key hashes everything its score reads (both claims' tokens and slots,
 * the model, the rules), so a remembered score is the exact double the model would give.
 */
#ifndef CC_PAIR_MEMO_H
#define CC_PAIR_MEMO_H

#include "internal.h"

typedef struct {
    uint64_t key[2]; /* never both 0 (an empty slot) */
    double prob;
    int scored;      /* the model ran (0: claims about different things, prob 0) */
} pm_entry;

typedef struct cc_pair_memo {
    pm_entry *slots; /* open addressing on key[0] */
    size_t cap, n;
    cc_vec now;      /* pm_entry: this run's candidate pairs, for the cache to store */
    size_t fresh;    /* how many of `now` the model scored this run */
} cc_pair_memo;

cc_pair_memo *pm_new(void);
void pm_free(cc_pair_memo *m);
/* Adds a remembered score (the first one of a key stays). */
int pm_put(cc_pair_memo *m, const pm_entry *e);
const pm_entry *pm_get(const cc_pair_memo *m, const uint64_t key[2]);
/* Notes a pair of this run (`fresh`: scored now, not remembered). */
int pm_note(cc_pair_memo *m, const pm_entry *e, int fresh);

/* The 17-byte stored form of an entry's value: the double's bytes, the scored flag, and a
 * check over key and value; pm_decode() refuses anything else (-1). */
enum { PM_VALUE_SIZE = 17 };
void pm_encode(const pm_entry *e, unsigned char out[PM_VALUE_SIZE]);
int pm_decode(pm_entry *e, const unsigned char *v, size_t len);

#endif
