/* segment.c: STUB to be replaced by the segment stage (sentences, tokens, stems). */
#include <string.h>

#include "internal.h"

int cc_segment_init(struct cc_context *ctx) { (void)ctx; return 0; }
void cc_segment_fini(struct cc_context *ctx) { (void)ctx; }

int cc_doc_segment(cc_doc *d, const cc_context *ctx)
{
    (void)ctx;
    if (d->segmented)
        return 0;
    d->segmented = 1;
    size_t start = 0;
    for (size_t i = 0; i <= d->text_len; i++) {
        if (i == d->text_len || d->text[i] == '\n') {
            if (i > start) {
                cc_sentence *s = cc_vec_push(&d->sentences);
                if (!s)
                    return cc_seterr(CC_ENOMEM, "out of memory");
                s->span.start = start;
                s->span.end = i;
                s->text = cc_arena_strndup(&d->arena, d->text + start, i - start);
            }
            start = i + 1;
        }
    }
    return 0;
}
