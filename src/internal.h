/*
 * internal.h: the library's own view of its objects. Modules include this; users of the
 * library see only the opaque handles of crosscheck.h.
 *
 * Each stage keeps its compiled data (rules, lexicons) in its own struct hanging off the
 * context, made by cc_<stage>_init() and freed by cc_<stage>_fini(); context.c calls them.
 */
#ifndef CC_INTERNAL_H
#define CC_INTERNAL_H

#include "crosscheck.h"
#include "util.h"

struct cc_load_rules;  /* load.c: boilerplate rules */
struct cc_seg_lexicon; /* segment.c: abbreviations, stemmer settings */
struct cc_time_rules;  /* time_rules.c: word lists and TIMEX3 rules */
struct cc_pair_lexicon; /* pair_lexicon.c: word lists of the pair features */
struct cc_claims_lex;  /* claims_lex.c: gazetteer, titles, cue words, verb lemmas */
struct cc_conflict_data; /* conflicts_data.c: rule parameters, scope words, categories */

struct cc_context {
    cc_options opts;
    char *models_dir;
    char lexicon_checksum[17];
    uint64_t lexicon_hash; /* running FNV over every data file loaded, in load order */
    struct cc_load_rules *load;
    struct cc_seg_lexicon *seg;
    struct cc_time_rules *time;
    struct cc_pair_lexicon *pairs;
    struct cc_claims_lex *claims;
    struct cc_conflict_data *conflicts;
};

/* 0 when the context loaded every stage in `stages` (CC_STAGE_*), else CC_EUSAGE naming the
 * first missing one: stages are chosen by cc_options.stages. */
int cc_context_require(const struct cc_context *ctx, unsigned stages);

/* Adds a loaded data file's bytes to the context's lexicon checksum. */
void cc_context_hash_file(struct cc_context *ctx, const char *data, size_t len);

/* Stage set-up, called by cc_context_new() in pipeline order. */
int cc_load_init(struct cc_context *ctx);
void cc_load_fini(struct cc_context *ctx);
int cc_segment_init(struct cc_context *ctx);
void cc_segment_fini(struct cc_context *ctx);
int cc_time_init(struct cc_context *ctx);
void cc_time_fini(struct cc_context *ctx);
int cc_pairs_init(struct cc_context *ctx);
void cc_pairs_fini(struct cc_context *ctx);
int cc_claims_init(struct cc_context *ctx);
void cc_claims_fini(struct cc_context *ctx);
int cc_conflicts_init(struct cc_context *ctx);
void cc_conflicts_fini(struct cc_context *ctx);

/* One point of the text -> raw offset map: from `text` on, text bytes map one to one onto raw
 * bytes starting at `raw`, up to the next anchor. Anchors are sorted by `text`. */
typedef struct {
    size_t text, raw;
} cc_anchor;

typedef struct {
    char *key, *value;
    long line; /* line in the file where it was given, 0 for manifest/derived */
} cc_meta;

struct cc_doc {
    char *id, *path;
    char checksum[17];
    char *raw; /* the file's bytes as read (kept for line/column of diagnostics) */
    size_t raw_len;
    char *text;
    size_t text_len;
    /* cc_hash64 of the text, made where the text is (on the loading thread): the cache's
     * checks on one thread then only compare */
    uint64_t text_hash;
    cc_vec anchors;  /* cc_anchor */
    cc_vec meta;     /* cc_meta */
    cc_date date;
    cc_date_source date_source;
    char *date_evidence;
    char *dateline;
    /* cc_removal, sorted by span.start, not overlapping. Removed text STAYS in `text`: a
     * removal only marks a span, and the segmenter skips marked spans. A removal that covers
     * whole lines (starts at a line start, ends at a line end) acts as a paragraph break
     * (metadata, line, block and caption rules); any other is inline and simply skipped. */
    cc_vec removals;
    int segmented;
    int seg_warned;   /* the segmenter warned about this document: a cached record then
                       * keeps no segmentation, so that a warm run warns the same */
    cc_vec sentences; /* cc_sentence */
    cc_vec tokens;    /* cc_token */
    int timed;
    cc_vec timexes;   /* cc_timex, strings in the arena */
    int claimed;
    cc_vec claims;    /* cc_claim, slot arrays and strings in the arena */
    /* set while the extraction stays in the claims cache (cache.c), not restored: what the
     * check reads of it instead (record.h); then not segmented, timed or claimed */
    const struct cc_doc_summary *deferred;
    cc_arena arena;   /* strings of removals, sentences, tokens */
};

struct cc_corpus {
    struct cc_context *ctx;
    cc_vec docs; /* cc_doc * */
    size_t nerrors;
    struct cc_pair_memo *pair_memo; /* pair scores of the claims cache (cache.c), or NULL */
    /* restores the deferred documents i with need[i] set (the claims cache that deferred
     * them, cache.c); NULL when none is deferred */
    int (*undefer)(void *arg, struct cc_corpus *corpus, const uint8_t *need);
    void *undefer_arg;
};

/* An empty document with its vectors ready (doc.c); NULL when out of memory. */
struct cc_doc *cc_doc_alloc(void);
void cc_doc_free(struct cc_doc *doc);
/* Sets (or replaces) a metadata value (meta.c); `line` 0 for derived values. */
int cc_meta_set(struct cc_doc *doc, const char *key, size_t klen, const char *value,
                size_t vlen, long line);

#endif
