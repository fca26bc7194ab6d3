/*
 * fuzz_pairs.c: libFuzzer target for the labelled-pairs reader (the project's TSV and MRPC's
 * own format, detected by the header): any bytes as a pairs file. A file is accepted whole
 * or rejected whole with a message; accepted pairs have both texts and a known label.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "crosscheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/cc_fuzz_pairs.%ld.tsv", (long)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    cc_pairset *ps = NULL;
    if (cc_pairset_new(&ps) < 0)
        abort();
    int rc = cc_pairset_add_file(ps, path, size % 2 ? CC_TASK_PARAPHRASE : CC_TASK_SAME_FACT);
    if (rc < 0 && cc_pairset_n(ps) != 0)
        abort(); /* a rejected file adds nothing */
    for (size_t i = 0; i < cc_pairset_n(ps); i++) {
        const cc_pair *p = cc_pairset_at(ps, i);
        if (!p->text_a || !p->text_b)
            abort();
    }
    cc_pairset_free(ps);
    unlink(path);
    return 0;
}
