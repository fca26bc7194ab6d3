/*
 * bench_claims.c: throughput of the claims stage (clauses, entities, roles, quantities,
 * lists, polarity, modality, attribution, predicate, check-worthiness) on generated
 * articles, single-threaded, in memory. Load, segment and time run first and are timed
 * apart, so that the figure is the claims stage's own; the whole pipeline is printed too.
 *
 *   bench_claims [TOTAL_MB [ARTICLE_KB]]     prints MB/s per stage (target: claims >= 5)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "crosscheck.h"
#include "gen.h"

int main(int argc, char **argv)
{
    size_t total = (size_t)(argc > 1 ? atof(argv[1]) : 32) * 1024 * 1024;
    size_t kb = argc > 2 ? (size_t)atoi(argv[2]) : 4;
    gen_corpus gc = gen_corpus_make(total, kb);
    char **texts = gc.texts;
    size_t *lens = gc.lens, n = gc.n, bytes = gc.bytes;
    cc_options o = CC_OPTIONS_INIT;
    cc_context *ctx;
    double tc0 = gen_now();
    if (cc_context_new(&ctx, &o) < 0) {
        fprintf(stderr, "bench_claims: %s\n", cc_errmsg());
        return 1;
    }
    double t_ctx = gen_now() - tc0, t_pre = 0, t_claims = 0;
    size_t claims = 0, checkworthy = 0, batch = 256;
    for (size_t b0 = 0; b0 < n; b0 += batch) {
        size_t b1 = b0 + batch < n ? b0 + batch : n;
        cc_corpus *corpus;
        cc_corpus_new(&corpus, ctx);
        double t0 = gen_now();
        for (size_t i = b0; i < b1; i++) {
            char name[64];
            snprintf(name, sizeof name, "bench-%zu.md", i);
            cc_corpus_add_buffer(corpus, name, texts[i], lens[i]);
            cc_doc *d = cc_corpus_doc(corpus, i - b0);
            cc_doc_segment(d, ctx);
            cc_doc_time(d, ctx);
        }
        double t1 = gen_now();
        for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++) {
            cc_doc *d = cc_corpus_doc(corpus, i);
            if (cc_doc_claims(d, ctx) < 0) {
                fprintf(stderr, "bench_claims: %s\n", cc_errmsg());
                return 1;
            }
            claims += cc_doc_nclaims(d);
            for (size_t k = 0; k < cc_doc_nclaims(d); k++)
                checkworthy += cc_doc_claim(d, k)->checkworthy >= CC_CHECKWORTHY_THRESHOLD;
        }
        double t2 = gen_now();
        t_pre += t1 - t0;
        t_claims += t2 - t1;
        cc_corpus_free(corpus);
    }
    double mb = (double)bytes / (1024.0 * 1024.0);
    printf("corpus          %zu articles, %.1f MB, %zu claims (%zu check-worthy)\n", n, mb,
           claims, checkworthy);
    printf("context         %.3f s (models, gazetteer, iso-codes, WordNet verbs)\n", t_ctx);
    printf("load+seg+time   %.3f s  %7.1f MB/s\n", t_pre, mb / t_pre);
    printf("claims          %.3f s  %7.1f MB/s per core (target >= 5)\n", t_claims,
           mb / t_claims);
    printf("whole pipeline  %.3f s  %7.1f MB/s per core\n", t_pre + t_claims,
           mb / (t_pre + t_claims));
    cc_context_free(ctx);
    gen_corpus_free(&gc);
    return 0;
}
