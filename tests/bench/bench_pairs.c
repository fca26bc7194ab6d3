/*
 * bench_pairs.c: throughput of the pair model, single-threaded: building each claim's side
 * (tokens, slots, WordNet synsets: once per claim in the pipeline), then featurization plus
 * prediction per pair over the prepared sides (the cost that grows with the number of
 * candidate pairs), and both together from raw text.
 *
 *   bench_pairs MODEL PAIRS_FILE [REPS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include <svm.h>

#include "gen.h"
#include "pairs.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_pairs MODEL PAIRS_FILE [REPS]\n");
        return 2;
    }
    int reps = argc > 3 ? atoi(argv[3]) : 100;
    cc_context *ctx = NULL;
    cc_pairmodel *m = NULL;
    cc_pairset *ps = NULL;
    if (cc_context_new(&ctx, NULL) < 0 || cc_pairmodel_load(&m, ctx, argv[1]) < 0 ||
        cc_pairset_new(&ps) < 0 || cc_pairset_add_file(ps, argv[2], cc_pairmodel_task(m)) < 0) {
        fprintf(stderr, "bench_pairs: %s\n", cc_errmsg());
        return 3;
    }
    size_t n = cc_pairset_n(ps);
    pair_side *sides = calloc(2 * n, sizeof *sides);
    /* warm the WordNet cache, as a long-running pipeline would have it */
    for (size_t i = 0; i < n; i++) {
        const cc_pair *p = cc_pairset_at(ps, i);
        pair_side_from_text(&sides[2 * i], ctx, &m->idf, "a", p->text_a);
        pair_side_free(&sides[2 * i]);
    }
    double t0 = gen_now();
    for (size_t i = 0; i < n; i++) {
        const cc_pair *p = cc_pairset_at(ps, i);
        if (pair_side_from_text(&sides[2 * i], ctx, &m->idf, "a", p->text_a) < 0 ||
            pair_side_from_text(&sides[2 * i + 1], ctx, &m->idf, "b", p->text_b) < 0) {
            fprintf(stderr, "bench_pairs: %s\n", cc_errmsg());
            return 4;
        }
    }
    double t1 = gen_now();
    double sum = 0;
    size_t right = 0;
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < n; i++) {
            double raw[PF_NFEATURES];
            pf_compute(&sides[2 * i], &sides[2 * i + 1], raw);
            double prob = pair_model_prob(m, raw);
            sum += prob;
            right += (prob >= m->threshold) == cc_pairset_at(ps, i)->label;
        }
    double t2 = gen_now();
    for (size_t i = 0; i < n; i++) {
        const cc_pair *p = cc_pairset_at(ps, i);
        double prob;
        cc_pairmodel_predict(m, p->text_a, p->text_b, &prob);
        sum += prob;
    }
    double t3 = gen_now();
    size_t npairs = n * (size_t)reps;
    printf("model       %s (%d support vectors)\n", argv[1], svm_get_nr_sv(m->svm));
    printf("sides       %zu claims in %.3f s: %.0f claims/s (tokenize, slots, WordNet)\n", 2 * n,
           t1 - t0, 2.0 * (double)n / (t1 - t0));
    printf("pairs       %zu featurized + predicted in %.3f s: %.0f pairs/s per core\n", npairs,
           t2 - t1, (double)npairs / (t2 - t1));
    printf("from text   %zu pairs in %.3f s: %.0f pairs/s per core (both sides built per pair)\n",
           n, t3 - t2, (double)n / (t3 - t2));
    printf("check       accuracy %.4f, mean probability %.4f\n",
           (double)right / (double)npairs, sum / (double)(npairs + n));
    for (size_t i = 0; i < 2 * n; i++)
        pair_side_free(&sides[i]);
    free(sides);
    cc_pairset_free(ps);
    cc_pairmodel_free(m);
    cc_context_free(ctx);
    return 0;
}
