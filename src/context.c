/*
 * context.c: options and the data files of every stage, loaded and validated once. The
 * context is read-only afterwards, so threads may share it.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#ifndef CROSSCHECK_MODELS_DIR
#define CROSSCHECK_MODELS_DIR "models"
#endif

void cc_context_hash_file(struct cc_context *ctx, const char *data, size_t len)
{
    /* each file by the word-at-a-time hash, chained in order: FNV over the bytes of
     * WordNet's verb files alone was a tenth of the start-up */
    uint64_t h = cc_hash64(data, len);
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(h >> (8 * i));
    ctx->lexicon_hash = cc_fnv1a(b, sizeof b, ctx->lexicon_hash);
    snprintf(ctx->lexicon_checksum, sizeof ctx->lexicon_checksum, "%016llx",
             (unsigned long long)ctx->lexicon_hash);
}

/* The requested stages and the ones they stand on. */
static unsigned stages_with_needs(unsigned st)
{
    if (st == 0)
        st = CC_STAGE_ALL;
    if (st & CC_STAGE_CHECK)
        st |= CC_STAGE_CLAIMS | CC_STAGE_PAIRS;
    if (st & CC_STAGE_CLAIMS)
        st |= CC_STAGE_LOAD | CC_STAGE_SEGMENT | CC_STAGE_TIME;
    if (st & CC_STAGE_PAIRS)
        st |= CC_STAGE_LOAD | CC_STAGE_SEGMENT;
    return st & CC_STAGE_ALL;
}

int cc_context_require(const struct cc_context *ctx, unsigned stages)
{
    static const char *names[] = {"load", "segment", "time", "claims", "pairs", "check"};
    for (int i = 0; i < 6; i++)
        if ((stages & (1u << i)) && !(ctx->opts.stages & (1u << i)))
            return cc_seterr(CC_EUSAGE, "the %s stage was not loaded in this context "
                                        "(cc_options.stages)", names[i]);
    return 0;
}

int cc_context_new(cc_context **out, const cc_options *opts)
{
    *out = NULL;
    cc_options defaults = CC_OPTIONS_INIT;
    cc_context *ctx = cc_xcalloc(1, sizeof *ctx);
    if (!ctx)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ctx->opts = opts ? *opts : defaults;
    if (!ctx->opts.max_doc_bytes)
        ctx->opts.max_doc_bytes = CC_MAX_DOC_BYTES_DEFAULT;
    if (!ctx->opts.max_claims)
        ctx->opts.max_claims = CC_MAX_CLAIMS_DEFAULT;
    if (!ctx->opts.max_sentence_bytes)
        ctx->opts.max_sentence_bytes = CC_MAX_SENTENCE_BYTES_DEFAULT;
    if (ctx->opts.jobs < 0 || ctx->opts.jobs > CC_MAX_JOBS) {
        int jobs = ctx->opts.jobs;
        free(ctx);
        return cc_seterr(CC_EUSAGE, "jobs must be 1..%d (0: the number of cores), not %d",
                         CC_MAX_JOBS, jobs);
    }
    if (!ctx->opts.jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        ctx->opts.jobs = cores < 1 ? 1 : cores > CC_MAX_JOBS ? CC_MAX_JOBS : (int)cores;
    }
    const char *dir = ctx->opts.models_dir;
    if (!dir || !*dir)
        dir = getenv("CROSSCHECK_MODELS");
    if (!dir || !*dir)
        dir = CROSSCHECK_MODELS_DIR;
    ctx->models_dir = cc_strdup(dir);
    ctx->lexicon_hash = CC_FNV_SEED;
    cc_context_hash_file(ctx, "", 0);
    int rc = 0;
    struct stat st;
    if (!ctx->models_dir)
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    else if (stat(ctx->models_dir, &st) != 0 || !S_ISDIR(st.st_mode))
        rc = cc_seterr(CC_EINPUT,
                       "models directory '%s' not found (set --models or CROSSCHECK_MODELS)",
                       ctx->models_dir);
    unsigned stages = stages_with_needs(ctx->opts.stages);
    ctx->opts.stages = stages;
    if (rc == 0 && (stages & CC_STAGE_LOAD))
        rc = cc_load_init(ctx);
    if (rc == 0 && (stages & CC_STAGE_SEGMENT))
        rc = cc_segment_init(ctx);
    if (rc == 0 && (stages & CC_STAGE_TIME))
        rc = cc_time_init(ctx);
    if (rc == 0 && (stages & CC_STAGE_CLAIMS))
        rc = cc_claims_init(ctx);
    if (rc == 0 && (stages & CC_STAGE_PAIRS))
        rc = cc_pairs_init(ctx);
    if (rc == 0 && (stages & CC_STAGE_CHECK))
        rc = cc_conflicts_init(ctx);
    if (rc < 0) {
        cc_context_free(ctx);
        return rc;
    }
    *out = ctx;
    return 0;
}

void cc_context_free(cc_context *ctx)
{
    if (!ctx)
        return;
    cc_conflicts_fini(ctx);
    cc_pairs_fini(ctx);
    cc_claims_fini(ctx);
    cc_time_fini(ctx);
    cc_segment_fini(ctx);
    cc_load_fini(ctx);
    free(ctx->models_dir);
    free(ctx);
}

const char *cc_context_models_dir(const cc_context *ctx) { return ctx->models_dir; }
const char *cc_context_lexicon_checksum(const cc_context *ctx) { return ctx->lexicon_checksum; }
int cc_context_jobs(const cc_context *ctx) { return ctx->opts.jobs; }
