/*
 * record.h: document records (record.c), internal to the library: the cache (cache.c)
 * applies a stored record to a freshly loaded document; cc_corpus_add_records() restores
 * whole documents from JSON lines. The cache stores the compact binary form instead.
 */
#ifndef CC_RECORD_H
#define CC_RECORD_H

#include "internal.h"

/* Restores a whole document from the record json[0, len). `file` and `line` name where the
 * record was read, for the message of CC_EINPUT. */
int cc_record_restore(struct cc_doc **out, const struct cc_context *ctx, const char *json,
                      size_t len, const char *file, long line);

/* Gives a loaded (not yet timed or claimed) document the date, time expressions and claims
 * of a record made from the same text. CC_EINPUT (document untouched) when the record does
 * not fit: other rules, other text, or invalid. */
int cc_record_apply(struct cc_doc *doc, const struct cc_context *ctx, const char *json,
                    size_t len, const char *where);

/* The cache's compact binary form of a claimed document's extraction (record_bin.c):
 * date, time expressions and claims, with a version, the rules hash, the text's length and
 * hash, and the payload's size and hash. *out is malloc'd. Claims the document first. */
int cc_record_bin(char **out, size_t *len, struct cc_doc *doc, const struct cc_context *ctx);

/* Gives a loaded (not yet timed or claimed) document the extraction of a blob written by
 * cc_record_bin() from the same text. CC_EINPUT (nothing applied) when the blob does not
 * fit or fails any check; the message names the document, then `where`. */
int cc_record_bin_apply(struct cc_doc *doc, const struct cc_context *ctx, const char *blob,
                        size_t len, const char *where);

/* cc_record_bin_apply() in two steps, so that a cache can read its records on one thread and
 * restore them on many: _keep() copies a blob into the document's arena (NULL: out of
 * memory), _restore() applies a kept copy in place (its strings stay in the copy). */
char *cc_record_bin_keep(struct cc_doc *doc, const char *blob, size_t len);
int cc_record_bin_restore(struct cc_doc *doc, const struct cc_context *ctx, const char *kept,
                          size_t len, const char *where);

/* What a check reads of a document none of whose claims meets another document's claim:
 * per claim its check-worthiness and blocking keys, and the pairs of its claims whose roles
 * clash (the within-document role rule), made by ck_summary_blob() (conflicts.h). A cached
 * run keeps it in place of the extraction (cc_doc.deferred) until the check needs the
 * claims; until then the document counts its sentences and claims from it. */
typedef struct cc_doc_summary {
    size_t nsentences, nclaims;
    double *checkworthy;  /* per claim */
    size_t *key_start;    /* per claim, and one more: claim i's keys are keys[key_start[i],
                           * key_start[i + 1]) */
    uint64_t *keys;
    size_t nclashes;
    size_t (*clashes)[2]; /* claims (a, b): a "former" role of a that a role of b contradicts */
} cc_doc_summary;

/* The compact blob of a claimed document's summary `s`, with its date and derived title,
 * made for `made_by` (16 hex digits naming the rules and the model's blocking data). *out
 * is malloc'd. */
int cc_summary_bin(char **out, size_t *len, const struct cc_doc *doc, const char made_by[17],
                   const cc_doc_summary *s);
/* Defers a loaded, not yet extracted document: the blob's summary goes into its arena and
 * doc->deferred, its date and derived title into the document. CC_EINPUT (document
 * untouched) when the blob does not fit (other rules or model, other text) or is damaged. */
int cc_summary_bin_apply(struct cc_doc *doc, const char made_by[17], const char *blob,
                         size_t len, const char *where);

#endif
