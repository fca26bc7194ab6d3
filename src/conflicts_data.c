/*
 * conflicts_data.c: the data of the conflict rules, models/conflicts/: numeric parameters
 * (params.tsv), each rule's base severity and confidence (severity.tsv) and the word lists
 * (words.tsv: scope words, measure categories and their exclusive pairs, contrast cues,
 * volatile predicates, speaker words). Every file is validated at start-up (errors name
 * file:line) and hashed into the lexicon checksum. It does not apply any rule.
 */
#include <math.h>
#include <string.h>

#include "conflicts.h"

static const char *const class_names[CW_NCLASSES] = {
    "scope", "category", "exclusive", "contrast", "volatile", "speaker_drop",
    "weekday_name", "month_name", "measure", "event"};

static const char *const rule_names[CF_NRULES] = {
    "role-cluster",   "role-document", "time-value",  "weekday-date",       "number-interval",
    "set-exclusive-lists", "set-category", "scope-words", "polarity-predicate",
    "attribution-speaker"};

static const char *const type_names[CC_CONFLICT_NTYPES] = {
    "role", "time", "weekday", "number", "set", "scope", "polarity", "attribution"};

static const char *const severity_names[] = {"low", "medium", "high"};

const char *cc_conflict_type_name(int type)
{
    return type >= 0 && type < CC_CONFLICT_NTYPES ? type_names[type] : "unknown";
}

const char *cc_severity_name(int severity)
{
    return severity >= CC_SEVERITY_LOW && severity <= CC_SEVERITY_HIGH ? severity_names[severity]
                                                                       : "unknown";
}

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

int cc_severity_parse(int *out, const char *name)
{
    int i = name ? name_index(severity_names, 3, name) : -1;
    if (i < 0)
        return cc_seterr(CC_EUSAGE, "'%s' is not a severity (low, medium, high)",
                         name ? name : "");
    *out = i;
    return 0;
}

/* Opens one file of models/conflicts/ and adds its bytes to the lexicon checksum. */
static int open_file(cc_datafile *df, struct cc_context *ctx, const char *name)
{
    int rc = cc_datafile_open(df, ctx->models_dir, name);
    if (rc == 0)
        cc_context_hash_file(ctx, df->data, df->len);
    return rc;
}

/* ---- params.tsv ------------------------------------------------------------------------------ */

typedef struct {
    const char *key;
    size_t offset; /* of the double in cc_conflict_data */
    double lo, hi;
} param_def;

#define PARAM(k, f, lo, hi) {k, offsetof(struct cc_conflict_data, f), lo, hi}
static const param_def params[] = {
    PARAM("linkage_threshold", linkage_threshold, 0, 1),
    PARAM("max_block", max_block, 2, 1e6),
    PARAM("rare_stem_max_df", rare_stem_max_df, 0, 1e9),
    PARAM("approx_rel", approx_rel, 0, 1),
    PARAM("approx_abs", approx_abs, 0, 1e9),
    PARAM("role_window_days", role_window_days, 0, 36600),
    PARAM("quote_overlap", quote_overlap, 0, 1),
    PARAM("confidence_dct", conf_dct, 0, 1),
    PARAM("confidence_hedged", conf_hedged, 0, 1),
    PARAM("confidence_unknown_date", conf_unknown_date, 0, 1),
};
enum { NPARAMS = sizeof params / sizeof params[0] };

static int parse_number(const cc_datafile *df, const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v) || v < lo || v > hi)
        return cc_datafile_error(df, "'%s' is not a number in [%g, %g]", s, lo, hi);
    *out = v;
    return 0;
}

static int load_params(struct cc_conflict_data *cf, struct cc_context *ctx)
{
    cc_datafile df;
    int rc = open_file(&df, ctx, "conflicts/params.tsv"), more, seen[NPARAMS] = {0};
    while (rc == 0 && (more = cc_datafile_next(&df)) > 0) {
        int k = -1;
        for (int i = 0; i < NPARAMS; i++)
            if (strcmp(params[i].key, df.fields[0]) == 0)
                k = i;
        if (df.nfields != 2)
            rc = cc_datafile_error(&df, "expected 2 fields (key, value), got %d", df.nfields);
        else if (k < 0)
            rc = cc_datafile_error(&df, "unknown parameter '%s'", df.fields[0]);
        else if (seen[k]++)
            rc = cc_datafile_error(&df, "parameter '%s' given twice", df.fields[0]);
        else
            rc = parse_number(&df, df.fields[1], params[k].lo, params[k].hi,
                              (double *)((char *)cf + params[k].offset));
        if (more < 0)
            rc = more;
    }
    for (int i = 0; rc == 0 && i < NPARAMS; i++)
        if (!seen[i])
            rc = cc_seterr(CC_EINPUT, "%s: parameter '%s' is missing", df.path, params[i].key);
    cc_datafile_close(&df);
    return rc;
}

/* ---- severity.tsv ------------------------------------------------------------------------------ */

static int rule_line(struct cc_conflict_data *cf, const cc_datafile *df, int *seen)
{
    if (df->nfields != 4)
        return cc_datafile_error(df, "expected 4 fields (rule, type, severity, confidence)");
    int r = name_index(rule_names, CF_NRULES, df->fields[0]);
    int t = name_index(type_names, CC_CONFLICT_NTYPES, df->fields[1]);
    int s = name_index(severity_names, 3, df->fields[2]);
    if (r < 0)
        return cc_datafile_error(df, "unknown rule '%s'", df->fields[0]);
    if (seen[r]++)
        return cc_datafile_error(df, "rule '%s' given twice", df->fields[0]);
    if (t < 0)
        return cc_datafile_error(df, "unknown conflict type '%s'", df->fields[1]);
    if (s < 0)
        return cc_datafile_error(df, "unknown severity '%s'", df->fields[2]);
    cf_rule *rule = &cf->rules[r];
    rule->name = rule_names[r];
    rule->type = t;
    rule->severity = s;
    return parse_number(df, df->fields[3], 0.01, 1, &rule->confidence);
}

static int load_rules(struct cc_conflict_data *cf, struct cc_context *ctx)
{
    cc_datafile df;
    int rc = open_file(&df, ctx, "conflicts/severity.tsv"), more, seen[CF_NRULES] = {0};
    while (rc == 0 && (more = cc_datafile_next(&df)) > 0)
        rc = rule_line(cf, &df, seen);
    if (rc == 0 && more < 0)
        rc = more;
    for (int i = 0; rc == 0 && i < CF_NRULES; i++)
        if (!seen[i])
            rc = cc_seterr(CC_EINPUT, "%s: rule '%s' is missing", df.path, rule_names[i]);
    cc_datafile_close(&df);
    return rc;
}

/* ---- words.tsv ------------------------------------------------------------------------------ */

static int word_line(struct cc_conflict_data *cf, const cc_datafile *df, cc_vec *words)
{
    if (df->nfields != 2 && df->nfields != 3)
        return cc_datafile_error(df, "expected 2 or 3 fields (class, phrase[, value])");
    int cls = name_index(class_names, CW_NCLASSES, df->fields[0]);
    if (cls < 0)
        return cc_datafile_error(df, "unknown class '%s'", df->fields[0]);
    cf_word *w = cc_vec_push(words);
    char *phrase = cc_arena_strndup(&cf->arena, df->fields[1], strlen(df->fields[1]));
    const char *v = df->nfields == 3 ? df->fields[2] : "";
    char *value = cc_arena_strndup(&cf->arena, v, strlen(v));
    if (!w || !phrase || !value)
        return cc_seterr(CC_ENOMEM, "out of memory");
    w->cls = cls;
    w->value = value;
    for (char *p = phrase; *p;) {
        while (*p == ' ')
            *p++ = '\0';
        if (!*p)
            break;
        if (w->ntok == CW_MAX_TOKENS)
            return cc_datafile_error(df, "a phrase has at most %d words", CW_MAX_TOKENS);
        w->tok[w->ntok++] = p;
        while (*p && *p != ' ') {
            if (*p >= 'A' && *p <= 'Z')
                return cc_datafile_error(df, "phrases are lower case: '%s'", df->fields[1]);
            p++;
        }
    }
    if (w->ntok == 0)
        return cc_datafile_error(df, "empty phrase");
    return 0;
}

/* Explanations name every weekday (1-7) and month (1-12): a gap is a data error. */
static int check_names(const struct cc_conflict_data *cf, const char *path)
{
    static const struct {
        int cls, max;
    } need[] = {{CW_WEEKDAY_NAME, 7}, {CW_MONTH_NAME, 12}};
    for (size_t k = 0; k < sizeof need / sizeof *need; k++)
        for (int i = 1; i <= need[k].max; i++) {
            char key[16];
            snprintf(key, sizeof key, "%d", i);
            if (!cf_lookup(cf, need[k].cls, key))
                return cc_seterr(CC_EINPUT, "%s: %s %d is missing", path,
                                 class_names[need[k].cls], i);
        }
    return 0;
}

typedef struct {
    const cf_word *w;
    size_t i;
} word_at;

static int first_order(const void *pa, const void *pb)
{
    const word_at *a = pa, *b = pb;
    if (a->w->cls != b->w->cls)
        return a->w->cls - b->w->cls;
    int c = strcmp(a->w->tok[0], b->w->tok[0]);
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* Builds the by_first index (once, at start-up). */
static int index_words(struct cc_conflict_data *cf)
{
    size_t n = cf->nwords ? cf->nwords : 1;
    word_at *tmp = cc_xcalloc(n, sizeof *tmp);
    cf->by_first = cc_xcalloc(n, sizeof *cf->by_first);
    if (!tmp || !cf->by_first) {
        free(tmp);
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < cf->nwords; i++)
        tmp[i] = (word_at){&cf->words[i], i};
    if (cf->nwords > 1)
        qsort(tmp, cf->nwords, sizeof *tmp, first_order);
    for (size_t i = 0; i < cf->nwords; i++)
        cf->by_first[i] = tmp[i].i;
    free(tmp);
    return 0;
}

struct cf_head {
    uint64_t hash;
    size_t first, end; /* the group's range of by_first; end 0: an empty slot */
};

uint64_t cf_word_hash(const char *word) { return cc_fnv1a(word, strlen(word), CC_FNV_SEED); }

/* The group key of a class and a first word, from the word's hash (found once per token by
 * callers that try several classes at one token). */
static uint64_t head_key(int cls, uint64_t word_hash)
{
    uint64_t h = word_hash + (uint64_t)(cls + 1) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

/* One slot per (class, first word) group of by_first, at most half the table full. */
static int index_heads(struct cc_conflict_data *cf)
{
    size_t size = 16;
    while (size < 2 * cf->nwords)
        size *= 2;
    if (!(cf->heads = cc_xcalloc(size, sizeof *cf->heads)))
        return cc_seterr(CC_ENOMEM, "out of memory");
    cf->heads_mask = size - 1;
    for (size_t k = 0, end; k < cf->nwords; k = end) {
        const cf_word *w = &cf->words[cf->by_first[k]];
        for (end = k + 1; end < cf->nwords; end++) {
            const cf_word *x = &cf->words[cf->by_first[end]];
            if (x->cls != w->cls || strcmp(x->tok[0], w->tok[0]) != 0)
                break;
        }
        uint64_t wh = cf_word_hash(w->tok[0]), h = head_key(w->cls, wh);
        cf->head_bits[(wh / 64) % (CF_HEAD_BITS / 64)] |= (uint64_t)1 << (wh % 64);
        size_t slot = (size_t)h & cf->heads_mask;
        while (cf->heads[slot].end)
            slot = (slot + 1) & cf->heads_mask;
        cf->heads[slot] = (struct cf_head){h, k, end};
    }
    return 0;
}

/* The words of class `cls` starting with `word` (of hash `word_hash`), in file order:
 * [*first, returned end). */
static size_t range_hashed(const struct cc_conflict_data *cf, int cls, const char *word,
                           uint64_t word_hash, size_t *first)
{
    uint64_t h = head_key(cls, word_hash);
    *first = 0;
    if (!cf_may_head(cf, word_hash))
        return 0;
    for (size_t slot = (size_t)h & cf->heads_mask; cf->heads[slot].end;
         slot = (slot + 1) & cf->heads_mask) {
        const struct cf_head *e = &cf->heads[slot];
        const cf_word *w = &cf->words[cf->by_first[e->first]];
        if (e->hash == h && w->cls == cls && strcmp(w->tok[0], word) == 0) {
            *first = e->first;
            return e->end;
        }
    }
    return 0;
}

static size_t range_of(const struct cc_conflict_data *cf, int cls, const char *word,
                       size_t *first)
{
    return range_hashed(cf, cls, word, cf_word_hash(word), first);
}

static int load_words(struct cc_conflict_data *cf, struct cc_context *ctx)
{
    cc_datafile df;
    cc_vec words = CC_VEC_INIT(cf_word);
    int rc = open_file(&df, ctx, "conflicts/words.tsv"), more;
    while (rc == 0 && (more = cc_datafile_next(&df)) > 0)
        rc = word_line(cf, &df, &words);
    if (rc == 0 && more < 0)
        rc = more;
    cf->words = words.items;
    cf->nwords = words.n;
    if (rc == 0)
        rc = index_words(cf);
    if (rc == 0)
        rc = index_heads(cf);
    if (rc == 0)
        rc = check_names(cf, df.path);
    cc_datafile_close(&df);
    return rc;
}

int cc_conflicts_init(struct cc_context *ctx)
{
    struct cc_conflict_data *cf = cc_xcalloc(1, sizeof *cf);
    if (!cf)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ctx->conflicts = cf;
    int rc = load_params(cf, ctx);
    if (rc == 0)
        rc = load_rules(cf, ctx);
    if (rc == 0)
        rc = load_words(cf, ctx);
    return rc;
}

void cc_conflicts_fini(struct cc_context *ctx)
{
    struct cc_conflict_data *cf = ctx->conflicts;
    if (!cf)
        return;
    free(cf->words);
    free(cf->by_first);
    free(cf->heads);
    cc_arena_free(&cf->arena);
    free(cf);
    ctx->conflicts = NULL;
}

int cf_match(const struct cc_conflict_data *cf, int cls, const cc_token *t, size_t i, size_t n,
             const char **value)
{
    return i < n ? cf_match_hashed(cf, cls, t, i, n, cf_word_hash(t[i].norm), value) : 0;
}

int cf_match_head(const struct cc_conflict_data *cf, int cls, const cc_token *t, size_t i,
                  size_t n, uint64_t hash, const char **value)
{
    int best = 0;
    size_t first, end = i < n ? range_hashed(cf, cls, t[i].norm, hash, &first) : 0;
    for (size_t k = i < n ? first : 0; k < end; k++) {
        const cf_word *w = &cf->words[cf->by_first[k]];
        if (w->ntok <= best || i + (size_t)w->ntok > n)
            continue;
        int j = 1;
        while (j < w->ntok && strcmp(t[i + (size_t)j].norm, w->tok[j]) == 0)
            j++;
        if (j == w->ntok) {
            best = w->ntok;
            if (value)
                *value = w->value;
        }
    }
    return best;
}

/* 1 when a one-word phrase `a` of class exclusive has the value `b`. */
static int exclusive_one_way(const struct cc_conflict_data *cf, const char *a, const char *b)
{
    size_t first, end = range_of(cf, CW_EXCLUSIVE, a, &first);
    for (size_t k = first; k < end; k++) {
        const cf_word *w = &cf->words[cf->by_first[k]];
        if (w->ntok == 1 && strcmp(w->value, b) == 0)
            return 1;
    }
    return 0;
}

int cf_exclusive(const struct cc_conflict_data *cf, const char *a, const char *b)
{
    return exclusive_one_way(cf, a, b) || exclusive_one_way(cf, b, a);
}

const char *cf_lookup(const struct cc_conflict_data *cf, int cls, const char *word)
{
    size_t first, end = range_of(cf, cls, word, &first);
    for (size_t k = first; k < end; k++) {
        const cf_word *w = &cf->words[cf->by_first[k]];
        if (w->ntok == 1)
            return w->value;
    }
    return NULL;
}
