/*
 * pairs.h: internals of the pairs stage: the word lists (pair_lexicon.c), one claim's side
 * of a pair as the features see it (pair_side.c), the versioned feature extractor
 * (pair_features.c), the idf table, the pair files reader (pair_data.c) and the libsvm model
 * (pair_model.c, pair_train.c, pair_validate.c). Not part of the public header.
 *
 * The slot features only read a pair_slots struct. Today pair_slots_from_tokens() fills it
 * from the tokens of a sentence; once clause-level claims carry their own slots (entities,
 * roles, times, quantities), a filler from those replaces it without touching the features.
 */
#ifndef CC_PAIRS_H
#define CC_PAIRS_H

#include <pthread.h>

#include "internal.h"

/* The feature set: its name is stored with every model and checked when one is loaded.
 * Change the name whenever a feature's meaning, order or count changes. */
#define PF_VERSION "pf1"
enum { PF_NFEATURES = 59 };
extern const char *const pf_feature_names[PF_NFEATURES];

/* Word classes of models/pair_words.txt (a bit set: a word may be in several). */
enum {
    PW_STOP = 1 << 0,
    PW_NEGATION = 1 << 1,
    PW_HEDGE = 1 << 2,
    PW_ROLE = 1 << 3,    /* a role status modifier: former, ex-, retired, acting */
    PW_MONTH = 1 << 4,
    PW_WEEKDAY = 1 << 5,
    PW_SPEECH = 1 << 6,  /* a verb of saying (models/speech_verbs.txt, the segment lexicon) */
    PW_ATTRIB = 1 << 7,  /* "according" (to X) */
    PW_QUOTE = 1 << 8,   /* a quotation mark: the claim is quoted, not narrated */
    PW_MULTIPLIER = 1 << 9 /* "million" after a number: VALUE is the power of ten */
};

typedef struct {
    uint64_t key;    /* cc_fnv1a of the case-folded word; 0 = empty slot */
    uint16_t classes; /* PW_* */
    uint8_t value;    /* month 1-12, weekday 1-7, role status 1-8, power of ten */
} pw_entry;

struct cc_pair_lexicon {
    pw_entry *tab;
    size_t cap, n;
};

/* Classes of a case-folded word (the lexicon's and the speech verbs'), 0 when none. */
const pw_entry *pw_lookup(const struct cc_pair_lexicon *lex, uint64_t key);
static inline uint64_t pw_hash(const char *s, size_t len) { return cc_fnv1a(s, len, CC_FNV_SEED) | 1; }

/* ---- idf table: document frequencies of stems over the training sentences ---------------- */
typedef struct {
    uint64_t *keys; /* pw_hash of the stem; 0 = empty */
    uint32_t *df;
    size_t cap, n;
    uint32_t ndocs;
    char **words;   /* the stems, for writing the table */
} pair_idf;

int pair_idf_add(pair_idf *t, const char *stem, uint32_t df);
uint32_t pair_idf_df(const pair_idf *t, uint64_t key);
double pair_idf_weight(const pair_idf *t, uint64_t key);
void pair_idf_free(pair_idf *t);
/* Writes "N\t<ndocs>" then "stem\tdf" sorted by stem; reads it back (errors name file:line). */
int pair_idf_write(const pair_idf *t, cc_buf *out);
int pair_idf_read(pair_idf *t, const char *path);

/* ---- slots ------------------------------------------------------------------------------- */
enum { PS_MAX_NUMBERS = 16, PS_MAX_YEARS = 8 };

typedef struct {
    double numbers[PS_MAX_NUMBERS]; /* sorted, distinct; years excluded */
    int nnumbers;
    int years[PS_MAX_YEARS];        /* sorted, distinct */
    int nyears;
    uint16_t months;   /* bit m for month m */
    uint8_t weekdays;  /* bit d for weekday d (1 Monday .. 7 Sunday) */
    uint16_t roles;    /* bit r for role status r */
    int negations, hedges;
    uint64_t speaker;  /* hash of the attributed speaker's name, 0 when none */
    int quoted;        /* quotation marks seen */
} pair_slots;

/* ---- one side of a pair ------------------------------------------------------------------ */
enum { PS_MASK_NONE = 0, PS_MASK_NUM, PS_MASK_TIME, PS_MASK_ROLE };

typedef struct {
    size_t n;           /* tokens kept: words, numbers, symbols (no punctuation) */
    uint64_t *stem;     /* per token */
    uint64_t *masked;   /* per token: the stem, or a placeholder for a slot value */
    uint16_t *cls;      /* per token: PW_* */
    uint8_t *content;   /* per token: 1 for a word that is not a stop word */
    const uint32_t **syn; /* per token: WordNet synsets (sorted), borrowed from the cache */
    uint8_t *nsyn;
    uint64_t *ngrams[4]; /* sorted hashes of stem n-grams, n = 1..4 */
    size_t nngrams[4];
    double *uni_idf;     /* idf of ngrams[0][i] */
    double *tidf;        /* idf of each token */
    double idf_total;
    uint64_t *mgrams[2]; /* sorted masked unigrams and bigrams */
    size_t nmgrams[2];
    uint64_t *chars;     /* sorted character trigram hashes of the case-folded text */
    size_t nchars;
    uint64_t *chars4;    /* sorted character 4-gram hashes */
    size_t nchars4;
    uint64_t *cstems;    /* sorted stems of the content words */
    uint64_t *ents;      /* sorted distinct hashes of name tokens */
    size_t nents;
    size_t ncontent;
    pair_slots slots;
    cc_arena arena;
} pair_side;

/* Fills a side from the tokens of one sentence. `idf` may be NULL (weights 1). */
int pair_side_build(pair_side *side, const struct cc_context *ctx, const pair_idf *idf,
                    const cc_token *toks, size_t ntoks);
/* Tokenizes a standalone string with the segmenter's tokenizer and builds the side. `name`
 * names the text in diagnostics (e.g. "pairs.tsv:12"). */
int pair_side_from_text(pair_side *side, const struct cc_context *ctx, const pair_idf *idf,
                        const char *name, const char *text);
void pair_side_free(pair_side *side);
/* The segmenter's tokens of a standalone string (normalized like a loaded document), in a
 * document that has no sentences; the caller frees it with cc_doc_free(). */
int pair_tokenize(struct cc_doc **out, const struct cc_context *ctx, const char *name,
                  const char *text);

/* The token filler of the slots (see the top of this file). `mask` gets PS_MASK_* per kept
 * token; `keep` says which tokens are kept. */
void pair_slots_from_tokens(pair_slots *slots, uint8_t *mask, const struct cc_context *ctx,
                            const cc_token *toks, size_t ntoks, const uint8_t *keep);

/* The feature vector of a pair (raw, unscaled). Symmetric in a and b. */
void pf_compute(const pair_side *a, const pair_side *b, double out[PF_NFEATURES]);

/* WordNet synsets of a case-folded word (base forms through morphstr; the first senses of
 * every part of speech), from a process-wide cache guarded by a mutex because the WordNet
 * library is not thread-safe. Returns 0 and sets *syn (borrowed, sorted) and *n. */
int pair_wordnet_synsets(const uint32_t **syn, uint8_t *n, const char *word, size_t len);

/* ---- labelled pairs ------------------------------------------------------------------------ */
struct cc_pairset {
    cc_vec pairs;   /* cc_pair */
    cc_arena arena; /* texts and paths */
    uint64_t hash;  /* over labels and texts, in order */
    char checksum[17];
};

/* ---- the model ------------------------------------------------------------------------------ */
struct svm_model;
struct svm_node;

struct cc_pairmodel {
    const struct cc_context *ctx;
    int task;
    struct svm_model *svm;
    struct svm_node *sv_pool;  /* training: the problem's nodes the model points into */
    struct svm_node **sv_rows;
    double *sv_y;
    double lo[PF_NFEATURES], hi[PF_NFEATURES];
    pair_idf idf;
    double threshold;
    double c, gamma;
    int cv_folds;
    double cv_accuracy, cv_f1;
    double cv_accuracy_tuned; /* held-out accuracy at the chosen threshold (optimistic) */
    unsigned seed;
    size_t ntrain, npos;
    char data_checksum[17];
    char idf_checksum[17];
    int pos_index; /* index of label 1 in svm_get_labels order */
    /* the model's decision function, dense, for fast prediction (pair_model.c) */
    double *dense_sv; /* nsv rows of PF_NFEATURES */
    double *coef;
    int nsv;
    double rho, prob_a, prob_b;
};
/* Builds the dense copy of the decision function from m->svm. */
int pair_model_densify(struct cc_pairmodel *m);

/* Scales a raw vector into libsvm nodes (index 1..PF_NFEATURES, zeros kept out). Returns
 * the number of nodes written, terminator included; `nodes` has room for PF_NFEATURES + 1. */
int pair_scale(const struct cc_pairmodel *m, const double raw[PF_NFEATURES],
               struct svm_node *nodes);
/* P(positive) of a raw feature vector. */
double pair_model_prob(const struct cc_pairmodel *m, const double raw[PF_NFEATURES]);
/* Checks a libsvm model file before libsvm reads it (pair_validate.c). */
int pair_validate_svm_file(const char *path, int nfeatures);
/* Silences libsvm's printing (once per process). */
void pair_svm_quiet(void);

#endif
