/*
 * fuzz_ctx.h: the context of a fuzz process, made on the first input and kept for the rest:
 * loading the models costs far more than one execution, and targets only read it.
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

#endif
