/*
 * seg_lexicon.c: the data of the segment stage, loaded once per context: abbreviations with
 * their class (models/abbreviations.txt), typical sentence starters and verbs of saying. Each
 * file is validated (errors name file:line) and hashed into the lexicon checksum. It does
 * not split anything (segment.c and seg_token.c do).
 */
#include <string.h>

#include "segment.h"

static uint64_t set_hash(const char *key, size_t len) { return cc_fnv1a(key, len, CC_FNV_SEED); }

int seg_set_get(const seg_set *s, const char *key, size_t len)
{
    if (!s->cap)
        return 0;
    size_t j = set_hash(key, len) & (s->cap - 1);
    while (s->keys[j]) {
        if (strncmp(s->keys[j], key, len) == 0 && s->keys[j][len] == '\0')
            return s->vals[j];
        j = (j + 1) & (s->cap - 1);
    }
    return 0;
}

static int set_grow(seg_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 256;
    char **keys = cc_xcalloc(cap, sizeof *keys);
    uint8_t *vals = cc_xcalloc(cap, 1);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return CC_ENOMEM;
    }
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->keys[i])
            continue;
        size_t j = set_hash(s->keys[i], strlen(s->keys[i])) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = s->keys[i];
        vals[j] = s->vals[i];
    }
    free(s->keys);
    free(s->vals);
    s->keys = keys;
    s->vals = vals;
    s->cap = cap;
    return 0;
}

/* Adds key with class val; 1 when the key was already present. */
static int set_put(seg_set *s, const char *key, uint8_t val)
{
    if (seg_set_get(s, key, strlen(key)))
        return 1;
    if ((s->n + 1) * 2 > s->cap && set_grow(s) < 0)
        return CC_ENOMEM;
    size_t j = set_hash(key, strlen(key)) & (s->cap - 1);
    while (s->keys[j])
        j = (j + 1) & (s->cap - 1);
    if (!(s->keys[j] = cc_strdup(key)))
        return CC_ENOMEM;
    s->vals[j] = val;
    s->n++;
    return 0;
}

static void set_free(seg_set *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->keys[i]);
    free(s->keys);
    free(s->vals);
    memset(s, 0, sizeof *s);
}

int seg_abbrev_class(const struct cc_seg_lexicon *lex, const char *p, size_t len)
{
    int cls = seg_set_get(&lex->abbrevs, p, len);
    for (size_t i = len; !cls && i-- > 1;) {
        if (p[i] == '-') {
            cls = seg_set_get(&lex->abbrevs, p + i + 1, len - i - 1);
            break;
        }
    }
    return cls;
}

static int abbrev_class(const char *name)
{
    static const char *const names[] = {"title", "number", "may-end", "honorific"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return SEG_ABBR_TITLE + i;
    return 0;
}

/* Reads a data file of one or two fields per line into a set. With `classes`, the second
 * field is an abbreviation class and the first must end in '.'; else one word per line. */
static int load_set(cc_context *ctx, const char *name, int classes, seg_set *out)
{
    cc_datafile df;
    int rc = cc_datafile_open(&df, ctx->models_dir, name);
    if (rc < 0)
        return rc;
    cc_context_hash_file(ctx, df.data, df.len);
    while ((rc = cc_datafile_next(&df)) > 0) {
        const char *key = df.fields[0];
        size_t len = strlen(key);
        int val = 1;
        if (df.nfields != (classes ? 2 : 1)) {
            rc = cc_datafile_error(&df, "expected %d field(s), found %d", classes ? 2 : 1,
                                   df.nfields);
            break;
        }
        if (classes && (len < 2 || key[len - 1] != '.')) {
            rc = cc_datafile_error(&df, "'%s': an abbreviation ends in '.'", key);
            break;
        }
        if (classes && !(val = abbrev_class(df.fields[1]))) {
            rc = cc_datafile_error(&df, "unknown class '%s' (title, number, may-end, honorific)",
                                   df.fields[1]);
            break;
        }
        int r = set_put(out, key, (uint8_t)val);
        if (r == 1) {
            rc = cc_datafile_error(&df, "'%s' is listed twice", key);
            break;
        }
        if (r < 0) {
            rc = cc_seterr(CC_ENOMEM, "out of memory");
            break;
        }
    }
    cc_datafile_close(&df);
    return rc < 0 ? rc : 0;
}

int cc_segment_init(struct cc_context *ctx)
{
    struct cc_seg_lexicon *lex = cc_xcalloc(1, sizeof *lex);
    if (!lex)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ctx->seg = lex;
    int rc = load_set(ctx, "abbreviations.txt", 1, &lex->abbrevs);
    if (rc == 0)
        rc = load_set(ctx, "sentence_starters.txt", 0, &lex->starters);
    if (rc == 0)
        rc = load_set(ctx, "speech_verbs.txt", 0, &lex->speech);
    return rc;
}

void cc_segment_fini(struct cc_context *ctx)
{
    seg_thread_release();
    if (!ctx->seg)
        return;
    set_free(&ctx->seg->abbrevs);
    set_free(&ctx->seg->starters);
    set_free(&ctx->seg->speech);
    free(ctx->seg);
    ctx->seg = NULL;
}

