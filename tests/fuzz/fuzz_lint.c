/*
 * fuzz_lint.c: libFuzzer target for the annotation file checker (labelled pairs and reviewer
 * verdicts): any bytes as a file, twice in one lint (so the across-file state is exercised).
 * The checker must only report, never crash, and count an error for a file that is empty.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_ctx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_context *ctx = fuzz_context(CC_STAGE_LOAD);
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/cc_fuzz_lint.%ld.tsv", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    cc_lint *l = NULL;
    if (cc_lint_new(&l, ctx) < 0)
        abort();
    cc_lint_file(l, path);
    cc_lint_file(l, path);
    if (size == 0 && cc_lint_errors(l) == 0)
        abort();
    cc_lint_free(l);
    unlink(path);
    return 0;
}
