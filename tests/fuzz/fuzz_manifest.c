/*
 * fuzz_manifest.c: libFuzzer target for a corpus directory's manifest.tsv (meta.c), which
 * load.c reads only while walking a directory: the fuzzed bytes become the manifest of a
 * fixed directory with two documents (one with its own front matter, one in a
 * subdirectory), which is then loaded. A load either succeeds with both documents or fails
 * with a message; every document keeps an id, and a date from metadata has its parts in range.
 */
#include "fuzz_tmp.h"

#include <sys/stat.h>

#include "fuzz_ctx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_fixed(const char *dir)
{
    char path[4096];
    static int done;
    if (done)
        return;
    snprintf(path, sizeof path, "%s/corpus/sub", dir);
    char parent[4096];
    snprintf(parent, sizeof parent, "%s/corpus", dir);
    if (mkdir(parent, 0700) != 0 || mkdir(path, 0700) != 0)
        abort();
    fuzz_tmp_write(path, "corpus/a.md",
                   (const uint8_t *)"---\ndate: 2025-02-02\n---\nThe council voted on Monday.\n",
                   54);
    fuzz_tmp_write(path, "corpus/sub/b.txt",
                   (const uint8_t *)"The council adjourned in 2024.\n", 31);
    done = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_context *ctx = fuzz_context(0);
    const char *dir = fuzz_tmp();
    write_fixed(dir);
    char path[4096];
    fuzz_tmp_write(path, "corpus/manifest.tsv", data, size);
    cc_corpus *corpus;
    if (cc_corpus_new(&corpus, ctx) < 0)
        return 0;
    char corpus_dir[4096];
    snprintf(corpus_dir, sizeof corpus_dir, "%s/corpus", dir);
    int rc = cc_corpus_add_path(corpus, corpus_dir);
    if (rc < 0 && !*cc_errmsg())
        abort();
    if (rc == 0 && cc_corpus_ndocs(corpus) != 2)
        abort();
    for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++) {
        cc_doc *d = cc_corpus_doc(corpus, i);
        if (!cc_doc_id(d) || !cc_doc_id(d)[0])
            abort();
        cc_date date;
        if (cc_doc_date(d, &date) == CC_DATE_METADATA &&
            (date.month < 0 || date.month > 12 || date.day < 0 || date.day > 31 ||
             (date.day > 0 && date.month == 0)))
            abort();
    }
    cc_corpus_free(corpus);
    return 0;
}
