/*
 * pair_side.c: one claim as the pair features see it: its kept tokens (words, numbers,
 * symbols) with stem hashes, word classes and WordNet synsets, sorted n-gram and character
 * trigram hashes, name tokens, and its slots (numbers, times, role status, polarity,
 * hedges, speaker). Everything a feature needs is computed here once per claim, so that a
 * pair costs only merges of sorted arrays. Standalone strings are tokenized by the
 * segmenter's own tokenizer (after the loader's normalization): there is no second one.
 *
 * The slots are filled from tokens for now (pair_slots_from_tokens); clause-level claims
 * will fill pair_slots from their own slots instead.
 */
#include <math.h>
#include <string.h>

#include "load_internal.h"
#include "pairs.h"
#include "segment.h"

/* Placeholders of slot-masked text: any number matches any number, and so on. */
static const uint64_t mask_hash[] = {0, 0x4e554d5f4e554d01ULL, 0x54494d455f544901ULL,
                                     0x524f4c455f524f01ULL};

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void sort_u64(uint64_t *v, size_t n) { qsort(v, n, sizeof *v, u64_cmp); }

static const pw_entry *tok_class(const struct cc_context *ctx, const cc_token *t)
{
    return pw_lookup(ctx->pairs, pw_hash(t->norm, strlen(t->norm)));
}

/* ---- slots from tokens -------------------------------------------------------------------- */

static int add_sorted_double(double *v, int *n, int max, double x)
{
    for (int i = 0; i < *n; i++)
        if (v[i] == x)
            return 0;
    if (*n >= max)
        return 0;
    int i = *n;
    while (i > 0 && v[i - 1] > x) {
        v[i] = v[i - 1];
        i--;
    }
    v[i] = x;
    (*n)++;
    return 1;
}

static void add_year(pair_slots *s, int y)
{
    double v[PS_MAX_YEARS];
    for (int i = 0; i < s->nyears; i++)
        v[i] = s->years[i];
    add_sorted_double(v, &s->nyears, PS_MAX_YEARS, y);
    for (int i = 0; i < s->nyears; i++)
        s->years[i] = (int)v[i];
}

/* A number token: a year (1900-2099 written without separators, or a date's year) is a time
 * value; anything else a quantity. */
static int number_slot(pair_slots *s, const char *norm, const pw_entry *next)
{
    char digits[64];
    size_t k = 0;
    int sep = 0, dash = 0;
    for (const char *p = norm; *p && k + 1 < sizeof digits; p++) {
        if (*p == ',')
            sep = 1;
        else if (*p == '-' || *p == '/')
            dash = 1;
        else
            digits[k++] = *p;
    }
    digits[k] = '\0';
    char *end;
    double v = strtod(dash ? norm : digits, &end);
    if (dash) {
        int y = (int)v;
        if (y >= 1900 && y <= 2099)
            add_year(s, y);
        return PS_MASK_TIME;
    }
    if (!sep && strchr(norm, '.') == NULL && v >= 1900 && v <= 2099 && k == 4) {
        add_year(s, (int)v);
        return PS_MASK_TIME;
    }
    if (next && (next->classes & PW_MULTIPLIER)) /* "1.5 million" is 1500000 */
        v *= pow(10.0, next->value);
    if (end != digits && isfinite(v))
        add_sorted_double(s->numbers, &s->nnumbers, PS_MAX_NUMBERS, v);
    return PS_MASK_NUM;
}

static int is_plain_word(const struct cc_context *ctx, const cc_token *t)
{
    const pw_entry *e = tok_class(ctx, t);
    return t->kind == CC_TOK_WORD && (!e || !e->classes);
}

/* A role status: "former X", "acting X" (the next word an ordinary word), or "ex-X". */
static int role_value(const struct cc_context *ctx, const cc_token *toks, size_t i, size_t n)
{
    const cc_token *t = &toks[i];
    const char *dash = strchr(t->norm, '-');
    if (dash && dash > t->norm) {
        const pw_entry *e = pw_lookup(ctx->pairs, pw_hash(t->norm, (size_t)(dash - t->norm)));
        return e && (e->classes & PW_ROLE) ? e->value : 0;
    }
    const pw_entry *e = tok_class(ctx, t);
    if (!e || !(e->classes & PW_ROLE) || i + 1 >= n || !is_plain_word(ctx, &toks[i + 1]))
        return 0;
    return e->value;
}

/* The name a verb of saying attributes to: "said X" first, then "X said"; the last
 * capitalized word of the name, within a few tokens, not across punctuation. */
static uint64_t speaker_near(const cc_token *toks, size_t n, size_t v)
{
    uint64_t found = 0;
    for (size_t j = v + 1; j < n && j <= v + 4 && toks[j].kind == CC_TOK_WORD; j++) {
        if (toks[j].flags & CC_TOKF_CAPITALIZED)
            found = pw_hash(toks[j].norm, strlen(toks[j].norm));
        else if (found)
            break;
    }
    for (size_t j = v; !found && j-- > 0 && j + 4 >= v && toks[j].kind == CC_TOK_WORD;)
        if (toks[j].flags & CC_TOKF_CAPITALIZED)
            found = pw_hash(toks[j].norm, strlen(toks[j].norm));
    return found;
}

static void word_slot(pair_slots *s, uint8_t *mask, const struct cc_context *ctx,
                      const cc_token *toks, size_t i, size_t n)
{
    const cc_token *t = &toks[i];
    const pw_entry *e = tok_class(ctx, t);
    int cap = (t->flags & CC_TOKF_CAPITALIZED) != 0;
    int start = (t->flags & CC_TOKF_SENT_START) != 0;
    size_t len = strlen(t->norm);
    int role = role_value(ctx, toks, i, n);
    if (role) {
        s->roles |= (uint16_t)(1u << role);
        *mask = PS_MASK_ROLE;
    }
    if ((e && (e->classes & PW_NEGATION)) || (len > 3 && strcmp(t->norm + len - 3, "n't") == 0))
        s->negations++;
    if (!e)
        return;
    if ((e->classes & PW_MONTH) && cap) {
        s->months |= (uint16_t)(1u << e->value);
        *mask = PS_MASK_TIME;
    } else if ((e->classes & PW_WEEKDAY) && cap) {
        s->weekdays |= (uint8_t)(1u << e->value);
        *mask = PS_MASK_TIME;
    } else if ((e->classes & PW_HEDGE) && (!cap || start)) {
        s->hedges++;
    }
    if (!s->speaker && (e->classes & PW_SPEECH))
        s->speaker = speaker_near(toks, n, i);
    if (!s->speaker && (e->classes & PW_ATTRIB) && i + 1 < n) /* "according to X" */
        s->speaker = speaker_near(toks, n, i + 1);
}

void pair_slots_from_tokens(pair_slots *s, uint8_t *mask, const struct cc_context *ctx,
                            const cc_token *toks, size_t n, const uint8_t *keep)
{
    memset(s, 0, sizeof *s);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t m = PS_MASK_NONE;
        const pw_entry *e = tok_class(ctx, &toks[i]);
        if (toks[i].kind == CC_TOK_NUMBER)
            m = (uint8_t)number_slot(s, toks[i].norm, i + 1 < n ? tok_class(ctx, &toks[i + 1]) : NULL);
        else if (toks[i].kind == CC_TOK_WORD)
            word_slot(s, &m, ctx, toks, i, n);
        else if (e && (e->classes & PW_QUOTE))
            s->quoted++;
        if (keep[i])
            mask[k++] = m;
    }
}

/* ---- the side ----------------------------------------------------------------------------- */

static void *side_alloc(pair_side *s, size_t n, size_t size)
{
    return cc_arena_alloc(&s->arena, (n ? n : 1) * size);
}

static uint64_t *grams(pair_side *s, const uint64_t *v, size_t n, size_t order, size_t *out_n)
{
    size_t m = n >= order ? n - order + 1 : 0;
    uint64_t *g = side_alloc(s, m, sizeof *g);
    if (!g)
        return NULL;
    for (size_t i = 0; i < m; i++) {
        uint64_t h = 0x2545f4914f6cdd1dULL + order;
        for (size_t k = 0; k < order; k++)
            h = mix(h, v[i + k]);
        g[i] = h;
    }
    sort_u64(g, m);
    *out_n = m;
    return g;
}

static uint64_t *char_ngrams(pair_side *s, const cc_buf *b, size_t order, size_t *out_n)
{
    size_t m = b->len >= order ? b->len - order + 1 : 0;
    uint64_t *g = side_alloc(s, m, sizeof *g);
    if (!g)
        return NULL;
    for (size_t i = 0; i < m; i++) {
        uint64_t h = order;
        for (size_t k = 0; k < order; k++)
            h = mix(h, (unsigned char)b->data[i + k]);
        g[i] = h;
    }
    sort_u64(g, m);
    *out_n = m;
    return g;
}

/* Character 3- and 4-grams of the kept tokens' case-folded forms, joined by single spaces. */
static int char_grams(pair_side *s, const cc_token *toks, size_t ntoks, const uint8_t *keep)
{
    cc_buf b = CC_BUF_INIT;
    cc_buf_putc(&b, ' ');
    for (size_t i = 0; i < ntoks; i++)
        if (keep[i]) {
            cc_buf_puts(&b, toks[i].norm);
            cc_buf_putc(&b, ' ');
        }
    int rc = b.oom ? -1 : 0;
    if (rc == 0 && !(s->chars = char_ngrams(s, &b, 3, &s->nchars)))
        rc = -1;
    if (rc == 0 && !(s->chars4 = char_ngrams(s, &b, 4, &s->nchars4)))
        rc = -1;
    cc_buf_free(&b);
    return rc;
}

/* Name tokens: capitalized words that are not stop words or time words. A sentence's first
 * word counts only when the next word is capitalized too ("Donald Trump said"). */
static int names(pair_side *s, const struct cc_context *ctx, const cc_token *toks, size_t n)
{
    s->ents = side_alloc(s, n, sizeof *s->ents);
    if (!s->ents)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const cc_token *t = &toks[i];
        if (t->kind != CC_TOK_WORD || !(t->flags & CC_TOKF_CAPITALIZED))
            continue;
        const pw_entry *e = tok_class(ctx, t);
        if (e && (e->classes & (PW_STOP | PW_MONTH | PW_WEEKDAY | PW_SPEECH)))
            continue;
        if ((t->flags & CC_TOKF_SENT_START) &&
            !(i + 1 < n && toks[i + 1].kind == CC_TOK_WORD &&
              (toks[i + 1].flags & CC_TOKF_CAPITALIZED)))
            continue;
        s->ents[k++] = pw_hash(t->stem, strlen(t->stem));
    }
    sort_u64(s->ents, k);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (m == 0 || s->ents[m - 1] != s->ents[i])
            s->ents[m++] = s->ents[i];
    s->nents = m;
    return 0;
}

static int per_token(pair_side *s, const struct cc_context *ctx, const cc_token *toks,
                     size_t ntoks, const uint8_t *keep, const uint8_t *mask)
{
    size_t k = 0;
    for (size_t i = 0; i < ntoks; i++) {
        if (!keep[i])
            continue;
        const cc_token *t = &toks[i];
        const pw_entry *e = tok_class(ctx, t);
        s->stem[k] = pw_hash(t->stem, strlen(t->stem));
        s->masked[k] = mask[k] ? mask_hash[mask[k]] : s->stem[k];
        s->cls[k] = e ? e->classes : 0;
        s->content[k] = t->kind == CC_TOK_WORD && !(s->cls[k] & PW_STOP);
        s->ncontent += s->content[k];
        int rc = s->content[k] ? pair_wordnet_synsets(&s->syn[k], &s->nsyn[k], t->norm,
                                                      strlen(t->norm))
                               : 0;
        if (rc < 0)
            return rc;
        k++;
    }
    return 0;
}

static int side_arrays(pair_side *s, const pair_idf *idf)
{
    for (size_t order = 1; order <= 4; order++)
        if (!(s->ngrams[order - 1] = grams(s, s->stem, s->n, order, &s->nngrams[order - 1])))
            return -1;
    for (size_t order = 1; order <= 2; order++)
        if (!(s->mgrams[order - 1] = grams(s, s->masked, s->n, order, &s->nmgrams[order - 1])))
            return -1;
    /* idf of each unigram, in the sorted order of ngrams[0] (order 1 hashes stay mixed, so
     * the weights are looked up by the stems sorted the same way) */
    s->uni_idf = side_alloc(s, s->n, sizeof *s->uni_idf);
    uint64_t *pairs = side_alloc(s, s->n, 2 * sizeof *pairs);
    if (!s->uni_idf || !pairs)
        return -1;
    for (size_t i = 0; i < s->n; i++) {
        pairs[2 * i] = mix(0x2545f4914f6cdd1dULL + 1, s->stem[i]);
        pairs[2 * i + 1] = s->stem[i];
    }
    qsort(pairs, s->n, 2 * sizeof *pairs, u64_cmp);
    s->cstems = side_alloc(s, s->ncontent, sizeof *s->cstems);
    if (!s->cstems)
        return -1;
    for (size_t i = 0, k = 0; i < s->n; i++)
        if (s->content[i])
            s->cstems[k++] = s->stem[i];
    sort_u64(s->cstems, s->ncontent);
    s->tidf = side_alloc(s, s->n, sizeof *s->tidf);
    if (!s->tidf)
        return -1;
    for (size_t i = 0; i < s->n; i++)
        s->tidf[i] = pair_idf_weight(idf, s->stem[i]);
    s->idf_total = 0;
    for (size_t i = 0; i < s->n; i++) {
        s->uni_idf[i] = pair_idf_weight(idf, pairs[2 * i + 1]);
        s->idf_total += s->uni_idf[i];
    }
    return 0;
}

int pair_side_build(pair_side *s, const struct cc_context *ctx, const pair_idf *idf,
                    const cc_token *toks, size_t ntoks)
{
    memset(s, 0, sizeof *s);
    uint8_t *keep = side_alloc(s, ntoks, 1);
    uint8_t *mask = side_alloc(s, ntoks, 1);
    if (!keep || !mask)
        goto oom;
    for (size_t i = 0; i < ntoks; i++) {
        keep[i] = toks[i].kind != CC_TOK_PUNCT;
        s->n += keep[i];
    }
    pair_slots_from_tokens(&s->slots, mask, ctx, toks, ntoks, keep);
    s->stem = side_alloc(s, s->n, sizeof *s->stem);
    s->masked = side_alloc(s, s->n, sizeof *s->masked);
    s->cls = side_alloc(s, s->n, sizeof *s->cls);
    s->content = side_alloc(s, s->n, 1);
    s->syn = side_alloc(s, s->n, sizeof *s->syn);
    s->nsyn = side_alloc(s, s->n, 1);
    if (!s->stem || !s->masked || !s->cls || !s->content || !s->syn || !s->nsyn)
        goto oom;
    memset(s->syn, 0, s->n * sizeof *s->syn);
    memset(s->nsyn, 0, s->n);
    int rc = per_token(s, ctx, toks, ntoks, keep, mask);
    if (rc < 0) {
        pair_side_free(s);
        return rc;
    }
    if (side_arrays(s, idf) < 0 || char_grams(s, toks, ntoks, keep) < 0 ||
        names(s, ctx, toks, ntoks) < 0)
        goto oom;
    return 0;
oom:
    pair_side_free(s);
    return cc_seterr(CC_ENOMEM, "out of memory");
}

int pair_tokenize(struct cc_doc **out, const struct cc_context *ctx, const char *name,
                  const char *text)
{
    *out = NULL;
    struct cc_doc *d = cc_doc_alloc();
    if (!d)
        return cc_seterr(CC_ENOMEM, "out of memory");
    d->path = cc_strdup(name);
    d->raw_len = strlen(text);
    d->raw = cc_strndup(text, d->raw_len);
    seg_gaps gaps = {NULL, 0, 0};
    int rc = 0;
    if (!d->path || !d->raw)
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    long ninvalid = rc == 0 ? cc_normalize(d, ctx) : 0;
    if (ninvalid < 0)
        rc = (int)ninvalid;
    if (rc == 0)
        rc = seg_tokenize(d, ctx->seg, &gaps);
    free(gaps.gaps);
    if (rc < 0)
        cc_doc_free(d);
    else
        *out = d;
    return rc;
}

int pair_side_from_text(pair_side *side, const struct cc_context *ctx, const pair_idf *idf,
                        const char *name, const char *text)
{
    struct cc_doc *d;
    memset(side, 0, sizeof *side);
    int rc = pair_tokenize(&d, ctx, name, text);
    if (rc < 0)
        return rc;
    rc = pair_side_build(side, ctx, idf, d->tokens.items, d->tokens.n);
    cc_doc_free(d);
    return rc;
}

void pair_side_free(pair_side *s)
{
    cc_arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}
