/*
 * fuzz_records.c: libFuzzer target for document records (`crosscheck claims --records`,
 * read back by `check --claims`): any bytes as one record line. The rules hash after
 * "rules":" is overwritten with the context's own, so that inputs made with older models
 * still reach the reader past the hash check. A record is accepted whole or refused with a
 * message; an accepted document's spans lie inside its text, and writing it again and
 * reading that back gives the same record.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_ctx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void set_rules_hash(char *buf, size_t len, const char hash[17])
{
    static const char key[] = "\"rules\":\"";
    for (size_t i = 0; i + sizeof key - 1 + 16 <= len; i++)
        if (memcmp(buf + i, key, sizeof key - 1) == 0) {
            memcpy(buf + i + sizeof key - 1, hash, 16);
            return;
        }
}

static char *record_of(cc_corpus *corpus, size_t i, cc_context *ctx, size_t *len)
{
    char *rec = NULL;
    if (cc_doc_record(&rec, len, cc_corpus_doc(corpus, i), ctx) < 0)
        abort(); /* a restored document must be writable */
    return rec;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_context *ctx = fuzz_context(0);
    static char hash[17];
    if (!hash[0])
        cc_context_rules_hash(ctx, hash);
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    set_rules_hash(buf, size, hash);
    cc_corpus *corpus;
    if (cc_corpus_new(&corpus, ctx) < 0) {
        free(buf);
        return 0;
    }
    int rc = cc_corpus_add_record(corpus, buf, size, "fuzz.jsonl", 1);
    if (rc < 0 && !*cc_errmsg())
        abort();
    if (rc == 0) {
        fuzz_check_sentence_spans(cc_corpus_doc(corpus, 0));
        size_t len1, len2;
        char *one = record_of(corpus, 0, ctx, &len1);
        if (cc_corpus_add_record(corpus, one, len1, "again.jsonl", 1) < 0)
            abort(); /* what we wrote we must read */
        char *two = record_of(corpus, 1, ctx, &len2);
        if (len1 != len2 || memcmp(one, two, len1) != 0)
            abort();
        free(one);
        free(two);
    }
    cc_corpus_free(corpus);
    free(buf);
    return 0;
}
