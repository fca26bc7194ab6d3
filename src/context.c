/*
 * context.c: options and the data files of every stage, loaded and validated once. The
 * context is read-only afterwards, so threads may share it.
 */
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#ifndef CROSSCHECK_MODELS_DIR
#define CROSSCHECK_MODELS_DIR "models"
#endif

void cc_context_hash_file(struct cc_context *ctx, const char *data, size_t len)
{
    ctx->lexicon_hash = cc_fnv1a(data, len, ctx->lexicon_hash);
    snprintf(ctx->lexicon_checksum, sizeof ctx->lexicon_checksum, "%016llx",
             (unsigned long long)ctx->lexicon_hash);
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
    if (!ctx->opts.max_sentence_bytes)
        ctx->opts.max_sentence_bytes = CC_MAX_SENTENCE_BYTES_DEFAULT;
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
    if (rc == 0)
        rc = cc_load_init(ctx);
    if (rc == 0)
        rc = cc_segment_init(ctx);
    if (rc == 0)
        rc = cc_time_init(ctx);
    if (rc == 0)
        rc = cc_claims_init(ctx);
    if (rc == 0)
        rc = cc_pairs_init(ctx);
    if (rc == 0)
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
