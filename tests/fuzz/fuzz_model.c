/*
 * fuzz_model.c: libFuzzer target for the pair model loader: the libsvm model, its
 * .meta.json and its .idf table (cc_pairmodel_load). The input holds the three files in that
 * order, each followed by a line "====" (the last one need not be). Where the metadata is a JSON object that names the
 * checksums, they are set to the real ones, so that the fuzzer gets past the checksum test
 * into the idf reader and libsvm (whose parser trusts its input: the validator must not).
 * A loaded model must score a pair to a probability in [0, 1].
 */
#include "fuzz_tmp.h"

#include <jansson.h>

#include "fuzz_ctx.h"

#define SEP "\n====\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next part of the input: up to SEP or the end. */
static void next_part(const uint8_t **p, const uint8_t *end, const uint8_t **part, size_t *n)
{
    const uint8_t *s = *p;
    const uint8_t *q = s;
    size_t sl = strlen(SEP);
    while (q + sl <= end && memcmp(q, SEP, sl) != 0)
        q++;
    if (q + sl > end)
        q = end;
    *part = s;
    *n = (size_t)(q - s) + (q < end); /* the part keeps its final newline */
    *p = q < end ? q + sl : end;
}

/* The metadata with true checksums where it has checksum fields; else as it came. */
static char *fix_meta(const uint8_t *meta, size_t n, const uint8_t *svm, size_t nsvm,
                      const uint8_t *idf, size_t nidf)
{
    json_t *j = json_loadb((const char *)meta, n, 0, NULL);
    json_t *idfo = json_object_get(j, "idf");
    char sum[17];
    if (json_is_string(json_object_get(j, "model_checksum"))) {
        cc_hash_hex(svm, nsvm, sum);
        json_object_set_new(j, "model_checksum", json_string(sum));
    }
    if (json_is_string(json_object_get(idfo, "checksum"))) {
        cc_hash_hex(idf, nidf, sum);
        json_object_set_new(idfo, "checksum", json_string(sum));
    }
    char *s = j ? json_dumps(j, JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_context *ctx = fuzz_context(CC_STAGE_PAIRS);
    const uint8_t *p = data, *end = data + size, *svm, *meta, *idf;
    size_t nsvm, nmeta, nidf;
    next_part(&p, end, &svm, &nsvm);
    next_part(&p, end, &meta, &nmeta);
    next_part(&p, end, &idf, &nidf);
    char path[4096], other[4096];
    fuzz_tmp_write(path, "m.model", svm, nsvm);
    fuzz_tmp_write(other, "m.model.idf", idf, nidf);
    char *fixed = fix_meta(meta, nmeta, svm, nsvm, idf, nidf);
    if (fixed)
        fuzz_tmp_write(other, "m.model.meta.json", (const uint8_t *)fixed, strlen(fixed));
    else
        fuzz_tmp_write(other, "m.model.meta.json", meta, nmeta);
    free(fixed);
    cc_pairmodel *m = NULL;
    if (cc_pairmodel_load(&m, ctx, path) == 0) {
        double prob = -1;
        if (cc_pairmodel_predict(m, "Prices rose 5% on Monday.", "Prices fell on Monday.",
                                 &prob) < 0 || !(prob >= 0 && prob <= 1))
            abort();
    }
    cc_pairmodel_free(m);
    return 0;
}
