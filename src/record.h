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

#endif
