/*
 * fuzz_claims.c: libFuzzer target for the claims stage: any bytes as a document through
 * load, segment, time and claims, then checks that every claim and slot span lies inside the
 * text, that scores are in [0,1] and that every string slot is set.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_ctx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_span(cc_span s, size_t len)
{
    if (s.start > s.end || s.end > len)
        abort();
}

static void check_claim(const cc_claim *c, size_t len)
{
    check_span(c->span, len);
    if (!c->text || !c->predicate || c->checkworthy < 0 || c->checkworthy > 1)
        abort();
    if (c->polarity == CC_POLARITY_NEGATED)
        check_span(c->negation_scope, len);
    for (size_t i = 0; i < c->nentities; i++) {
        check_span(c->entities[i].span, len);
        if (!c->entities[i].id || !c->entities[i].text)
            abort();
    }
    for (size_t i = 0; i < c->nroles; i++) {
        check_span(c->roles[i].span, len);
        check_span(c->roles[i].modifier, len);
        if (!c->roles[i].person || !c->roles[i].title)
            abort();
    }
    for (size_t i = 0; i < c->nquantities; i++) {
        check_span(c->quantities[i].span, len);
        if (!c->quantities[i].unit)
            abort();
    }
    for (size_t i = 0; i < c->nlists; i++) {
        check_span(c->lists[i].span, len);
        if (c->lists[i].nmembers < 2)
            abort();
    }
    for (size_t i = 0; i < c->ntimes; i++)
        check_span(c->times[i].span, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_context *ctx = fuzz_context(0);
    cc_corpus *corpus;
    if (cc_corpus_new(&corpus, ctx) < 0)
        return 0;
    cc_corpus_add_buffer(corpus, "fuzz.md", (const char *)data, size);
    for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++) {
        cc_doc *d = cc_corpus_doc(corpus, i);
        if (cc_doc_claims(d, ctx) < 0)
            continue;
        size_t len;
        cc_doc_text(d, &len);
        for (size_t k = 0; k < cc_doc_nclaims(d); k++)
            check_claim(cc_doc_claim(d, k), len);
    }
    cc_corpus_free(corpus);
    return 0;
}
