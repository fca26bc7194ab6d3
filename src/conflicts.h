/*
 * conflicts.h: internals of the check (cluster + conflicts stages): the rule data of
 * models/conflicts/ (conflicts_data.c), the clustering of claims (cluster.c), the typed
 * rules (conflicts_rules.c) and the result object with fingerprints (conflicts.c).
 * Not part of the public header.
 */
#ifndef CC_CONFLICTS_H
#define CC_CONFLICTS_H

#include "internal.h"
#include "pairs.h"

/* Word classes of models/conflicts/words.tsv (names in conflicts_data.c, same order). */
enum { CW_SCOPE, CW_CATEGORY, CW_EXCLUSIVE, CW_CONTRAST, CW_VOLATILE, CW_SPEAKER_DROP,
       CW_WEEKDAY_NAME, CW_MONTH_NAME, CW_MEASURE, CW_EVENT, CW_NCLASSES };

enum { CW_MAX_TOKENS = 6 };
enum { CF_HEAD_BITS = 4096 }; /* size of the first-word filter (head_bits) */

typedef struct {
    int cls;
    int ntok;
    const char *tok[CW_MAX_TOKENS]; /* the phrase's words */
    const char *value;
} cf_word;

/* The rules, in the order severity.tsv may list them (names in conflicts_data.c). */
enum { CF_ROLE_CLUSTER, CF_ROLE_DOCUMENT, CF_TIME_VALUE, CF_WEEKDAY_DATE, CF_NUMBER_INTERVAL,
       CF_SET_LISTS, CF_SET_CATEGORY, CF_SCOPE_WORDS, CF_POLARITY, CF_ATTRIBUTION, CF_NRULES };

typedef struct {
    const char *name;
    int type;       /* cc_conflict_type */
    int severity;   /* cc_severity */
    double confidence;
} cf_rule;

struct cc_conflict_data {
    double linkage_threshold, approx_rel, approx_abs, quote_overlap;
    double conf_dct, conf_hedged, conf_unknown_date;
    double max_block, rare_stem_max_df, role_window_days;
    cf_word *words;
    size_t nwords;
    /* indices of `words` sorted by class, first word, then file order: phrase lookups
     * binary-search their class and first word instead of scanning every word */
    size_t *by_first;
    /* open-addressing table over the (class, first word) groups of by_first: a lookup
     * costs one hash and, on a hit, one string compare */
    struct cf_head *heads;
    size_t heads_mask;
    /* a bit per (word hash mod CF_HEAD_BITS) of every first word of any class: most tokens
     * begin no phrase, and one bit says so before the four class lookups at each token */
    uint64_t head_bits[CF_HEAD_BITS / 64];
    cf_rule rules[CF_NRULES];
    cc_arena arena;
};

int cc_conflicts_init(struct cc_context *ctx);
void cc_conflicts_fini(struct cc_context *ctx);

/* The phrase of class `cls` starting at token i (not past n): its length in tokens, 0 when
 * none; its value through *value. */
int cf_match(const struct cc_conflict_data *cf, int cls, const cc_token *t, size_t i, size_t n,
             const char **value);
/* cf_match_hashed() past its filter (conflicts_data.c). */
int cf_match_head(const struct cc_conflict_data *cf, int cls, const cc_token *t, size_t i,
                  size_t n, uint64_t hash, const char **value);
/* 1 when a word of this hash may begin a phrase of some class (head_bits). */
static inline int cf_may_head(const struct cc_conflict_data *cf, uint64_t word_hash)
{
    return (int)(cf->head_bits[(word_hash / 64) % (CF_HEAD_BITS / 64)] >> (word_hash % 64) & 1);
}
/* cf_match() with the hash of t[i].norm (cf_word_hash) given: callers trying several
 * classes at each token hash it once. Inline: at most tokens the filter answers alone. */
static inline int cf_match_hashed(const struct cc_conflict_data *cf, int cls, const cc_token *t,
                                  size_t i, size_t n, uint64_t hash, const char **value)
{
    return cf_may_head(cf, hash) ? cf_match_head(cf, cls, t, i, n, hash, value) : 0;
}
uint64_t cf_word_hash(const char *word);
/* The value of the one-word phrase `word` of class `cls`, or NULL. */
const char *cf_lookup(const struct cc_conflict_data *cf, int cls, const char *word);
/* 1 when `a` and `b` are values of one exclusive pair (class exclusive). */
int cf_exclusive(const struct cc_conflict_data *cf, const char *a, const char *b);

/* qsort and bsearch that accept an empty (NULL) array, which the C library may not. */
static inline void ck_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

static inline void *ck_find(const void *key, const void *base, size_t n, size_t size,
                            int (*cmp)(const void *, const void *))
{
    return n ? bsearch(key, base, n, size, cmp) : NULL;
}

/* ---- the check ------------------------------------------------------------------------------ */
typedef struct {
    size_t doc, claim;
    const cc_doc *d;
    const cc_claim *c;
    const cc_token *toks; /* the claim's tokens (inside its span) */
    size_t ntoks;
    size_t cluster;       /* (size_t)-1: alone */
    /* word marks the rules read, found once per claim (conflicts_rules.c) */
    const char *scope, *scope_word; /* "wide" / "narrow" and the word, or NULL */
    const char *category;           /* the measure category claimed, or NULL */
    const char *event;              /* the kind of event reported, or NULL */
    /* a claim of a deferred document (c and toks NULL until it is restored): its blocking
     * keys from the document's summary */
    const uint64_t *keys;
    size_t nkeys;
} ck_claim;

/* A scored candidate pair (indices into cc_check.claims, a < b). */
typedef struct {
    size_t a, b;
    double prob;
    uint8_t memo;   /* 1: the score was remembered (pair_memo.h), not computed */
    uint8_t scored; /* the model ran (0: different arguments) */
} ck_pair;

struct cc_check {
    const struct cc_context *ctx;
    const struct cc_conflict_data *cf;
    const struct cc_pairmodel *model;
    cc_corpus *corpus;
    cc_check_options opts;
    ck_claim *claims;
    size_t n;
    cc_vec pairs;      /* ck_pair, sorted by (a, b) */
    pair_side *sides;  /* per claim, for pairs scored on demand (cluster.c) */
    uint8_t *sided;    /* per claim: 1 for claims of candidate pairs (they may be scored) */
    uint8_t *built;    /* per claim: 1 when its side is built (built when first needed) */
    int side_rc;       /* a side that could not be built on demand (out of memory) */
    uint64_t (*pair_keys)[2]; /* per candidate pair: its pair memo key (cluster_memo.c) */
    size_t nclusters;
    cc_vec conflicts;  /* cc_conflict */
    cc_arena arena;    /* strings of conflicts */
    cc_check_stats stats; /* times and counts of this run (--stats) */
};

/* A blocking key of a claim (cluster.c). */
typedef struct {
    uint64_t key;
    size_t claim;
} ck_block_entry;

/* The blocking keys of claim k (index i of the check, or of its document when
 * summarizing), pushed as block entries {key, i} (cluster.c). */
int ck_claim_keys(const struct cc_check *ck, const ck_claim *k, size_t i, cc_vec *entries);
/* 1 when a "former" role of claim a is contradicted by a role of b: within one document,
 * a conflict of the document role rule (conflicts_rules.c). */
int ck_roles_clash(const cc_claim *a, const cc_claim *b);
/* Restores the deferred documents whose claims the rest of the check reads, after the
 * candidate pairs are known, and completes their claims (conflicts.c). */
int ck_undefer(struct cc_check *ck);
/* The summary blob (record.h) of a claimed document for checks with model m, made for
 * `made_by` (ck_summary_made_by) (conflicts.c). */
int ck_summary_blob(char **out, size_t *len, const struct cc_context *ctx,
                    const struct cc_pairmodel *m, const cc_doc *doc);
/* What a summary depends on besides the text: the rules and the model's blocking data. */
void ck_summary_made_by(const struct cc_context *ctx, const struct cc_pairmodel *m,
                        char out[17]);

/* Scores candidate pairs and assigns clusters (cluster.c). */
int ck_cluster(struct cc_check *ck);
/* P(same fact) of two claims: the candidate pair's score, else scored now (0 for a claim
 * in no candidate pair: it has no side). */
double ck_pair_prob(struct cc_check *ck, size_t a, size_t b);
/* 1 when the two claims name different things of one kind, or names with none in common:
 * different facts whatever the model says (cluster.c). */
int ck_different_arguments(const struct cc_check *ck, size_t a, size_t b);
/* 1 when blocking proposed the two claims as a pair or they share a cluster: evidence that
 * they are about one story, which corpus-wide rules need before comparing. */
int ck_related(const struct cc_check *ck, size_t a, size_t b);
/* With the corpus's pair memo: the keys of the candidate pairs, and the remembered scores
 * taken (memo set) (cluster_memo.c). */
int ck_memo_lookup(struct cc_check *ck);
/* Notes every candidate pair with its score for the cache to store. */
int ck_memo_note(struct cc_check *ck);
/* Frees what clustering kept for the rules. */
void ck_cluster_done(struct cc_check *ck);
/* Runs every rule (conflicts_rules.c). */
int ck_rules_run(struct cc_check *ck);

/* Records a finding of `rule` over claims a and b with their normalized values; `factor`
 * scales the rule's confidence, `downgrade` lowers its severity by that many levels
 * (a negative value forces "low"). Values and explanation are copied. */
int ck_emit(struct cc_check *ck, int rule, size_t a, size_t b, const char *value_a,
            const char *value_b, double factor, int downgrade, const char *explanation);

#endif
