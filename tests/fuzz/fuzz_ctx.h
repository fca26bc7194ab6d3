/*
 * fuzz_ctx.h: the context of a fuzz process, made on the first input and kept for the rest:
 * loading the models costs far more than one execution, and targets only read it; and the
 * check of sentence spans that the targets building documents share.
 */
#ifndef CC_FUZZ_CTX_H
#define CC_FUZZ_CTX_H

#include <stdlib.h>

#include "crosscheck.h"

/* `stages`: the CC_STAGE_* whose data the target needs (0: all). A context that cannot be
 * made is a broken set-up, not a finding about the input: abort loudly. */
static cc_context *fuzz_context(unsigned stages)
{
    static cc_context *ctx;
    if (!ctx) {
        cc_options o = CC_OPTIONS_INIT;
        o.stages = stages;
        if (cc_context_new(&ctx, &o) < 0)
            abort();
    }
    return ctx;
}

/* Every sentence span of d lies inside its text: a span that does not is a finding. */
static inline void fuzz_check_sentence_spans(const cc_doc *d)
{
    size_t tlen;
    cc_doc_text(d, &tlen);
    for (size_t k = 0; k < cc_doc_nsentences(d); k++) {
        const cc_sentence *s = cc_doc_sentence(d, k);
        if (s->span.start > s->span.end || s->span.end > tlen)
            abort();
    }
}

#endif
