/*
 * fuzz_models.c: libFuzzer target for the data-file loaders of every stage (the lexicons and
 * rules under models/, read through cc_datafile_* and each module's parser). The first input
 * byte picks one file; the rest replaces it in a private copy of the models directory, and
 * that one stage is loaded again from the copy. A stage that loads is then run over two small
 * documents (load, segment, time, claims, pair scoring and the check), so that data which
 * passes validation but breaks the code that uses it is found as well.
 *
 * The module is reloaded into a copy of a full context (the other stages shared with it)
 * rather than through cc_context_new(), which would reload every stage on every execution.
 */
#include "fuzz_tmp.h"

#include <sys/stat.h>

#include "crosscheck.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { M_LOAD, M_SEGMENT, M_TIME, M_CLAIMS, M_PAIRS, M_CHECK };

static const struct {
    const char *name;
    int module;
} files[] = {
    {"boilerplate.rules", M_LOAD},       {"metadata.keys", M_LOAD},
    {"abbreviations.txt", M_SEGMENT},    {"sentence_starters.txt", M_SEGMENT},
    {"speech_verbs.txt", M_SEGMENT},     {"time/words.tsv", M_TIME},
    {"time/rules.tsv", M_TIME},          {"claims/words.tsv", M_CLAIMS},
    {"claims/gazetteer.tsv", M_CLAIMS},  {"claims/sources.tsv", M_CLAIMS},
    {"pair_words.txt", M_PAIRS},         {"conflicts/params.tsv", M_CHECK},
    {"conflicts/severity.tsv", M_CHECK}, {"conflicts/words.tsv", M_CHECK},
};
#define NFILES (sizeof files / sizeof *files)

static const char doc_a[] =
    "---\ntitle: Harbour fire\ndate: 2024-03-05\n---\n"
    "LONDON (Reuters) - A fire at the harbour killed 12 people on Monday, police said.\n\n"
    "Dr. Ann Smith, the mayor of Dover, said 40 boats were lost. Sales rose 5% to $3 million "
    "in 2023.\n\nShare this article\n";
static const char doc_b[] =
    "---\ntitle: Dover blaze\ndate: 2024-03-06\n---\n"
    "A fire at the harbour killed 15 people on Tuesday, officials said. Ann Smith, the "
    "governor of Dover, said 20 boats were lost last week.\n";

static struct {
    cc_context *base;
    cc_pairmodel *model;
    char *orig[NFILES];
    size_t orig_len[NFILES];
    int dirty; /* index + 1 of the file that holds fuzzed bytes */
} st;

static void copy_file(size_t i, const char *from)
{
    char src[4096], path[4096];
    snprintf(src, sizeof src, "%s/%s", from, files[i].name);
    FILE *f = fopen(src, "rb");
    if (!f)
        abort();
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    st.orig[i] = malloc((size_t)n + 1);
    if (!st.orig[i] || fread(st.orig[i], 1, (size_t)n, f) != (size_t)n)
        abort();
    fclose(f);
    st.orig_len[i] = (size_t)n;
    const char *slash = strchr(files[i].name, '/');
    if (slash) { /* the one level of subdirectories models/ has */
        char dir[64];
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - files[i].name), files[i].name);
        snprintf(path, sizeof path, "%s/%s", fuzz_tmp(), dir);
        mkdir(path, 0700);
    }
    fuzz_tmp_write(path, files[i].name, (const uint8_t *)st.orig[i], st.orig_len[i]);
}

static void setup(void)
{
    cc_options o = CC_OPTIONS_INIT;
    if (cc_context_new(&st.base, &o) < 0)
        abort();
    const char *dir = cc_context_models_dir(st.base);
    char model[4096];
    snprintf(model, sizeof model, "%s/same-fact.model", dir);
    if (cc_pairmodel_load(&st.model, st.base, model) < 0)
        abort();
    for (size_t i = 0; i < NFILES; i++)
        copy_file(i, dir);
}

typedef int (*init_fn)(struct cc_context *);
typedef void (*fini_fn)(struct cc_context *);

/* The copy of the base context without module m, and m's set-up functions. */
static void detach(struct cc_context *c, int m, init_fn *init, fini_fn *fini)
{
    switch (m) {
    case M_LOAD: c->load = NULL; *init = cc_load_init; *fini = cc_load_fini; break;
    case M_SEGMENT: c->seg = NULL; *init = cc_segment_init; *fini = cc_segment_fini; break;
    case M_TIME: c->time = NULL; *init = cc_time_init; *fini = cc_time_fini; break;
    case M_CLAIMS: c->claims = NULL; *init = cc_claims_init; *fini = cc_claims_fini; break;
    case M_PAIRS: c->pairs = NULL; *init = cc_pairs_init; *fini = cc_pairs_fini; break;
    default: c->conflicts = NULL; *init = cc_conflicts_init; *fini = cc_conflicts_fini; break;
    }
}

/* Runs every stage with the reloaded module over the two documents. */
static void exercise(cc_context *ctx, int module)
{
    cc_corpus *corpus = NULL;
    if (cc_corpus_new(&corpus, ctx) < 0)
        abort();
    cc_corpus_add_buffer(corpus, "a.md", doc_a, sizeof doc_a - 1);
    cc_corpus_add_buffer(corpus, "b.md", doc_b, sizeof doc_b - 1);
    cc_pairmodel *m = NULL;
    if (module == M_PAIRS) { /* the model scores with its context's pair lexicon */
        char path[4096];
        snprintf(path, sizeof path, "%s/same-fact.model", cc_context_models_dir(st.base));
        if (cc_pairmodel_load(&m, ctx, path) < 0)
            abort();
    }
    cc_check *chk = NULL;
    cc_check_options co = CC_CHECK_OPTIONS_INIT;
    if (cc_check_run(&chk, corpus, m ? m : st.model, &co) == 0)
        cc_check_free(chk);
    cc_pairmodel_free(m);
    cc_corpus_free(corpus);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!st.base)
        setup();
    char path[4096];
    if (st.dirty) {
        size_t k = (size_t)st.dirty - 1;
        fuzz_tmp_write(path, files[k].name, (const uint8_t *)st.orig[k], st.orig_len[k]);
        st.dirty = 0;
    }
    if (size == 0)
        return 0;
    size_t i = data[0] % NFILES;
    fuzz_tmp_write(path, files[i].name, data + 1, size - 1);
    st.dirty = (int)i + 1;
    struct cc_context c = *st.base;
    c.models_dir = (char *)fuzz_tmp();
    init_fn init;
    fini_fn fini;
    detach(&c, files[i].module, &init, &fini);
    if (init(&c) == 0)
        exercise(&c, files[i].module);
    fini(&c);
    return 0;
}
