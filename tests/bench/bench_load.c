/*
 * bench_load.c: throughput of the load and segment stages (decode, NFC, boilerplate rules,
 * metadata, sentences, tokens, stems) on generated articles, single-threaded, in memory.
 *
 *   bench_load [--hold] [TOTAL_MB [ARTICLE_KB]]  prints MB/s per stage and overall;
 *                                               --hold keeps every document until the end
 *   bench_load --write DIR N [ARTICLE_KB]     writes N generated articles to DIR
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crosscheck.h"
#include "gen.h"

static int write_corpus(const char *dir, int n, size_t kb)
{
    if (n <= 0 || kb == 0 || (mkdir(dir, 0755) < 0 && errno != EEXIST)) {
        fprintf(stderr, "bench_load --write: bad arguments or cannot create %s\n", dir);
        return 2;
    }
    gen_rng r = {0x9E3779B97F4A7C15ULL};
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/article-%06d.md", dir, i);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 1;
        }
        gen_article(&r, f, kb * 1024, i);
        if (fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "--write") == 0)
        return write_corpus(argv[2], atoi(argv[3]), argc > 4 ? (size_t)atol(argv[4]) : 4);
    int hold = argc > 1 && strcmp(argv[1], "--hold") == 0;
    if (hold) {
        argc--;
        argv++;
    }
    size_t total = (size_t)(argc > 1 ? atof(argv[1]) : 64) * 1024 * 1024;
    size_t kb = argc > 2 ? (size_t)atoi(argv[2]) : 4;

    gen_corpus gc = gen_corpus_make(total, kb);
    char **texts = gc.texts;
    size_t *lens = gc.lens, n = gc.n, bytes = gc.bytes;

    cc_options o = CC_OPTIONS_INIT;
    cc_context *ctx;
    if (cc_context_new(&ctx, &o) < 0) {
        fprintf(stderr, "bench_load: %s\n", cc_errmsg());
        return 1;
    }
    /* Documents go through in batches, each batch freed before the next, as a streaming
     * pipeline would run: holding every token of a large corpus at once measures the
     * machine's first-touch page cost, not the stages (see --hold). */
    size_t batch = hold ? n : 256;
    double t_load = 0, t_seg = 0, cpu = 0;
    size_t sentences = 0, tokens = 0;
    for (size_t b0 = 0; b0 < n; b0 += batch) {
        size_t b1 = b0 + batch < n ? b0 + batch : n;
        cc_corpus *corpus;
        cc_corpus_new(&corpus, ctx);
        double c0 = gen_cpu(), t0 = gen_now();
        for (size_t i = b0; i < b1; i++) {
            char name[64];
            snprintf(name, sizeof name, "bench-%zu.md", i);
            cc_corpus_add_buffer(corpus, name, texts[i], lens[i]);
        }
        double t1 = gen_now();
        for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++) {
            cc_doc *d = cc_corpus_doc(corpus, i);
            cc_doc_segment(d, ctx);
            size_t nt;
            cc_doc_tokens(d, &nt);
            sentences += cc_doc_nsentences(d);
            tokens += nt;
        }
        double t2 = gen_now();
        cpu += gen_cpu() - c0;
        t_load += t1 - t0;
        t_seg += t2 - t1;
        cc_corpus_free(corpus);
    }
    double mb = (double)bytes / (1024.0 * 1024.0);
    printf("corpus      %zu articles, %.1f MB, %zu sentences, %zu tokens\n", n, mb, sentences,
           tokens);
    printf("load        %.3f s  %7.1f MB/s\n", t_load, mb / t_load);
    printf("segment     %.3f s  %7.1f MB/s\n", t_seg, mb / t_seg);
    printf("load+segment %.3f s  %7.1f MB/s per core (target >= 50)%s\n", t_load + t_seg,
           mb / (t_load + t_seg), hold ? ", whole corpus held in memory" : "");
    printf("load+segment %.3f s  %7.1f MB/s of CPU time (the same work, other load excluded)\n",
           cpu, mb / cpu);
    cc_context_free(ctx);
    gen_corpus_free(&gc);
    return 0;
}
