/*
 * fuzz_verdicts.c: libFuzzer target for the gate's verdicts reader (cc_verdicts_load), which
 * the gate runs after lint: any bytes as a verdicts file, read whether or not lint passes
 * (the reader must not rely on lint). Looks up every fingerprint-like first field.
 */
#include "fuzz_tmp.h"

#include "crosscheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[4096];
    fuzz_tmp_write(path, "verdicts.tsv", data, size);
    cc_verdicts *v = NULL;
    int rc = cc_verdicts_load(&v, path);
    if ((rc < 0) != (v == NULL))
        abort();
    char fp[17] = {0};
    for (size_t i = 0; v && i + 16 <= size; i++) {
        if (i > 0 && data[i - 1] != '\n')
            continue;
        memcpy(fp, data + i, 16);
        (void)cc_verdicts_get(v, fp);
    }
    cc_verdicts_free(v);
    return 0;
}
