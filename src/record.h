/*
 * record.h: document records (record.c), internal to the library: the cache (cache.c)
 * applies a stored record to a freshly loaded document; cc_corpus_add_records() restores
 * whole documents from JSON lines.
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

#endif
