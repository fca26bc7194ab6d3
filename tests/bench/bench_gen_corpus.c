/*
 * bench_gen_corpus.c: writes a synthetic corpus of N articles of about KB kilobytes each
 * (gen.h's deterministic generator) as files DIR/aNNNNN.md, for benchmarks that need a
 * corpus on disk (bench_gate_cache.sh). Not a test; it measures nothing itself.
 * Usage: bench_gen_corpus DIR N [KB]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/stat.h>

#include "gen.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DIR N [KB]\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    long n = strtol(argv[2], NULL, 10), kb = argc > 3 ? strtol(argv[3], NULL, 10) : 2;
    if (n <= 0 || kb <= 0 || (mkdir(dir, 0777) < 0 && errno != EEXIST)) {
        fprintf(stderr, "%s: bad arguments or cannot create %s\n", argv[0], dir);
        return 2;
    }
    gen_rng r = {0x9E3779B97F4A7C15ULL};
    for (long i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/a%05ld.md", dir, i);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 1;
        }
        gen_article(&r, f, (size_t)kb * 1024, (int)i);
        if (fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}
