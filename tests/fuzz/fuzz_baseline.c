/*
 * fuzz_baseline.c: libFuzzer target for the gate's baseline reader (JSON, schema
 * crosscheck.baseline/1): any bytes as a baseline. A file is accepted whole or rejected with
 * a message; every accepted entry has a 16-digit fingerprint that cc_baseline_find finds.
 */
#include "fuzz_tmp.h"

#include "crosscheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[4096];
    fuzz_tmp_write(path, "baseline.json", data, size);
    cc_baseline *b = NULL;
    int rc = cc_baseline_load(&b, path);
    if ((rc < 0) != (b == NULL) || (rc < 0 && !*cc_errmsg()))
        abort();
    for (size_t i = 0; i < cc_baseline_n(b); i++) {
        const cc_baseline_entry *e = cc_baseline_at(b, i);
        if (strlen(e->fingerprint) != 16 || !cc_baseline_find(b, e->fingerprint))
            abort();
        if (!e->doc[0] || !e->doc[1] || !e->text[0] || !e->text[1] || !e->path[0] || !e->path[1])
            abort();
    }
    cc_baseline_free(b);
    return 0;
}
