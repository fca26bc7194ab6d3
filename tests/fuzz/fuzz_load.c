/*
 * fuzz_load.c: libFuzzer target for the load and segment stages: any bytes as a document
 * (metadata, UTF-8 repair, NFC, boilerplate rules, datelines, sentences, tokens), then checks
 * that every span maps back inside the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_ctx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_context *ctx = fuzz_context(0);
    cc_corpus *corpus;
    if (cc_corpus_new(&corpus, ctx) < 0)
        return 0;
    cc_corpus_add_buffer(corpus, "fuzz.md", (const char *)data, size);
    for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++) {
        cc_doc *d = cc_corpus_doc(corpus, i);
        cc_doc_segment(d, ctx);
        fuzz_check_sentence_spans(d);
        for (size_t k = 0; k < cc_doc_nsentences(d); k++)
            if (cc_doc_raw_offset(d, cc_doc_sentence(d, k)->span.end) > size)
                abort();
    }
    cc_corpus_free(corpus);
    return 0;
}
