/*
 * pair_features.c: the feature extractor of the pair model, feature set "pf1". One extractor
 * serves both tasks (same fact, paraphrase); only the trained model differs. Every feature
 * is symmetric in the two sides (the order of a pair carries no meaning), so where the issue
 * asks for precision and recall of one side against the other, the features are the lower
 * and the higher of the two and their F.
 *
 * Families: lexical overlap on stems (unigrams, bigrams, idf-weighted unigrams, content
 * words), n-gram precisions 1-4, BLEU both ways and a METEOR-like score, word edit distance,
 * longest common subsequence and run, character 3- and 4-grams, WordNet-aware overlap of
 * content words and what stays unmatched, length, name overlap, slot agreement (numbers,
 * times, role status, polarity, hedges, speaker) and
 * similarity on slot-masked text. Raw values; scaling to [-1, 1] is the model's job.
 */
#include <math.h>
#include <string.h>

#include "pairs.h"

/* Where each family starts in the vector; pf_feature_names follows the same order. */
enum {
    F_LEXICAL = 0,   /* unigram, bigram, idf-weighted and content-word overlap: 4 x 3 */
    F_MT = 12,       /* n-gram precision 1-4, BLEU both ways, METEOR-like score */
    F_SEQUENCE = 20, /* edit distance, LCS, longest common run, character n-grams */
    F_WORDNET = 26,  /* WordNet-aware overlap and what stays unmatched */
    F_LENGTH = 35,
    F_NAMES = 38,
    F_SLOTS = 42,    /* numbers, times, role, polarity, hedges, speaker, quoted */
    F_MASKED = 56,
    F_END = 59
};

const char *const pf_feature_names[PF_NFEATURES] = {
    "uni_min", "uni_max", "uni_f",            /* stem unigram overlap */
    "bi_min", "bi_max", "bi_f",               /* stem bigram overlap */
    "idf_min", "idf_max", "idf_f",            /* idf-weighted unigram overlap */
    "content_min", "content_max", "content_f", /* content-word stem overlap */
    "ngram1", "ngram2", "ngram3", "ngram4",   /* clipped n-gram matches (Dice) */
    "bleu_min", "bleu_max",                   /* smoothed BLEU-4 both ways */
    "meteor", "fragmentation",                /* METEOR-like alignment score */
    "edit", "lcs_min", "lcs_max", "substring", /* word edit distance, LCS, longest run */
    "char3", "char4",                         /* character n-gram Dice */
    "wn_min", "wn_max", "wn_f",               /* WordNet-aware content overlap */
    "unmatched_min", "unmatched_max",         /* content words without a match, counted */
    "unmatched_idf_min", "unmatched_idf_max", /* their idf mass */
    "unmatched_share_min", "unmatched_share_max", /* the same, as a share of the idf */
    "len_diff", "len_ratio", "mean_len",
    "ent_jaccard", "ent_unmatched", "ent_missing_min", "ent_missing_max", /* name tokens */
    "num_equal", "num_subset", "num_conflict", "num_one_side",
    "time_compatible", "time_disjoint",
    "role_mismatch",
    "polarity_mismatch", "negation_mismatch",
    "hedge_mismatch",
    "speaker_same", "speaker_diff", "speaker_one_side", "quoted_mismatch",
    "masked_uni_f", "masked_bi_f", "masked_lcs", /* similarity on slot-masked text */
};
_Static_assert((int)F_END == (int)PF_NFEATURES, "the families fill the vector");

enum { PF_MAX_DP = 128 }; /* edit distance and LCS look at the first 128 tokens */

/* Size of the multiset intersection of two sorted arrays. */
static size_t common(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, m = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else
            m++, i++, j++;
    }
    return m;
}

static double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }
static double fmeasure(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

/* min, max and F of the two directed overlaps m/na and m/nb. */
static void overlap3(double *out, double m_a, double na, double m_b, double nb)
{
    double pa = ratio(m_a, na), pb = ratio(m_b, nb);
    out[0] = fmin(pa, pb);
    out[1] = fmax(pa, pb);
    out[2] = fmeasure(pa, pb);
}

/* Idf mass of the matched unigrams on each side. */
static void idf_matched(const pair_side *a, const pair_side *b, double *ma, double *mb)
{
    size_t i = 0, j = 0;
    *ma = *mb = 0;
    const uint64_t *x = a->ngrams[0], *y = b->ngrams[0];
    while (i < a->nngrams[0] && j < b->nngrams[0]) {
        if (x[i] < y[j])
            i++;
        else if (x[i] > y[j])
            j++;
        else {
            *ma += a->uni_idf[i++];
            *mb += b->uni_idf[j++];
        }
    }
}

static void lexical(const pair_side *a, const pair_side *b, double *f)
{
    double m1 = (double)common(a->ngrams[0], a->nngrams[0], b->ngrams[0], b->nngrams[0]);
    overlap3(f, m1, (double)a->nngrams[0], m1, (double)b->nngrams[0]);
    double m2 = (double)common(a->ngrams[1], a->nngrams[1], b->ngrams[1], b->nngrams[1]);
    overlap3(f + 3, m2, (double)a->nngrams[1], m2, (double)b->nngrams[1]);
    double ia, ib;
    idf_matched(a, b, &ia, &ib);
    overlap3(f + 6, ia, a->idf_total, ib, b->idf_total);
    double mc = (double)common(a->cstems, a->ncontent, b->cstems, b->ncontent);
    overlap3(f + 9, mc, (double)a->ncontent, mc, (double)b->ncontent);
}

/* BLEU-4 of `h` against the reference `r`, with add-one smoothing for n > 1. */
static double bleu(const pair_side *h, const pair_side *r, const size_t *m)
{
    double logp = 0;
    for (int n = 0; n < 4; n++) {
        double num = (double)m[n] + (n ? 1.0 : 0.0), den = (double)h->nngrams[n] + (n ? 1.0 : 0.0);
        if (num <= 0 || den <= 0)
            return 0.0;
        logp += log(num / den) / 4.0;
    }
    double bp = h->n >= r->n || h->n == 0 ? 1.0 : exp(1.0 - (double)r->n / (double)h->n);
    return bp * exp(logp);
}

static void mt_metrics(const pair_side *a, const pair_side *b, double *f)
{
    size_t m[4];
    for (int n = 0; n < 4; n++) {
        m[n] = common(a->ngrams[n], a->nngrams[n], b->ngrams[n], b->nngrams[n]);
        f[n] = ratio(2.0 * (double)m[n], (double)(a->nngrams[n] + b->nngrams[n]));
    }
    double ab = bleu(a, b, m), ba = bleu(b, a, m);
    f[4] = fmin(ab, ba);
    f[5] = fmax(ab, ba);
}

/* Word edit distance and longest common subsequence over token hashes (two DP rows). */
static void edit_lcs(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny, double *edit,
                     double *lcs, double *run)
{
    nx = nx > PF_MAX_DP ? PF_MAX_DP : nx;
    ny = ny > PF_MAX_DP ? PF_MAX_DP : ny;
    int ed[2][PF_MAX_DP + 1], lc[2][PF_MAX_DP + 1], ru[2][PF_MAX_DP + 1], longest = 0;
    for (size_t j = 0; j <= ny; j++)
        ed[0][j] = (int)j, lc[0][j] = 0, ru[0][j] = 0;
    for (size_t i = 1; i <= nx; i++) {
        int *e = ed[i & 1], *pe = ed[(i - 1) & 1], *l = lc[i & 1], *pl = lc[(i - 1) & 1];
        int *r = ru[i & 1], *pr = ru[(i - 1) & 1];
        e[0] = (int)i;
        l[0] = 0;
        r[0] = 0;
        for (size_t j = 1; j <= ny; j++) {
            int same = x[i - 1] == y[j - 1];
            int best = pe[j - 1] + !same;
            if (pe[j] + 1 < best)
                best = pe[j] + 1;
            if (e[j - 1] + 1 < best)
                best = e[j - 1] + 1;
            e[j] = best;
            l[j] = same ? pl[j - 1] + 1 : (pl[j] > l[j - 1] ? pl[j] : l[j - 1]);
            r[j] = same ? pr[j - 1] + 1 : 0;
            longest = r[j] > longest ? r[j] : longest;
        }
    }
    *edit = (double)ed[nx & 1][ny];
    *lcs = (double)lc[nx & 1][ny];
    *run = (double)longest;
}

static void sequence(const pair_side *a, const pair_side *b, double *f)
{
    double edit, lcs, longest;
    edit_lcs(a->stem, a->n, b->stem, b->n, &edit, &lcs, &longest);
    double lo = (double)(a->n < b->n ? a->n : b->n), hi = (double)(a->n > b->n ? a->n : b->n);
    f[0] = ratio(edit, hi);
    f[1] = ratio(lcs, hi);
    f[2] = ratio(lcs, lo);
    f[3] = ratio(longest, hi);
    f[4] = ratio(2.0 * (double)common(a->chars, a->nchars, b->chars, b->nchars),
                 (double)(a->nchars + b->nchars));
    f[5] = ratio(2.0 * (double)common(a->chars4, a->nchars4, b->chars4, b->nchars4),
                 (double)(a->nchars4 + b->nchars4));
}

static int synonyms(const uint32_t *x, uint8_t nx, const uint32_t *y, uint8_t ny)
{
    uint8_t i = 0, j = 0;
    while (i < nx && j < ny) {
        if (x[i] == y[j])
            return 1;
        if (x[i] < y[j])
            i++;
        else
            j++;
    }
    return 0;
}

static int contains(const uint64_t *v, size_t n, uint64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == x;
}

/* Content words of `a` with a match in `b`: the same stem, or a shared WordNet synset; and
 * the idf mass of those without one. */
static double wn_matched(const pair_side *a, const pair_side *b, double *missing_idf)
{
    double m = 0;
    *missing_idf = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (!a->content[i])
            continue;
        int hit = contains(b->cstems, b->ncontent, a->stem[i]);
        for (size_t j = 0; j < b->n && !hit && a->nsyn[i]; j++)
            hit = b->content[j] && synonyms(a->syn[i], a->nsyn[i], b->syn[j], b->nsyn[j]);
        m += hit;
        *missing_idf += hit ? 0 : a->tidf[i];
    }
    return m;
}

/* WordNet-aware overlap, and how many content words of each side find no match at all (an
 * added clause is what most often makes near-identical sentences differ). */
/* WordNet-aware overlap, then what finds no match at all (an added clause is what most
 * often makes near-identical sentences differ): counted, by idf mass, and as a share. */
static void wordnet(const pair_side *a, const pair_side *b, double *f)
{
    double ia, ib, ma = wn_matched(a, b, &ia), mb = wn_matched(b, a, &ib);
    overlap3(f, ma, (double)a->ncontent, mb, (double)b->ncontent);
    double ua = fmin((double)a->ncontent - ma, 10.0), ub = fmin((double)b->ncontent - mb, 10.0);
    f[3] = fmin(ua, ub) / 10.0;
    f[4] = fmax(ua, ub) / 10.0;
    f[5] = fmin(fmin(ia, ib), 40.0) / 40.0;
    f[6] = fmin(fmax(ia, ib), 40.0) / 40.0;
    double sa = ratio(ia, a->idf_total), sb = ratio(ib, b->idf_total);
    f[7] = fmin(sa, sb);
    f[8] = fmax(sa, sb);
}

static void length(const pair_side *a, const pair_side *b, double *f)
{
    double na = (double)a->n, nb = (double)b->n;
    f[0] = fmin(fabs(na - nb), 30.0) / 30.0;
    f[1] = ratio(fmin(na, nb), fmax(na, nb));
    f[2] = fmin((na + nb) / 2.0, 60.0) / 60.0;
}

static void names(const pair_side *a, const pair_side *b, double *f)
{
    double m = (double)common(a->ents, a->nents, b->ents, b->nents);
    double all = (double)(a->nents + b->nents);
    f[0] = all > 0 ? m / (all - m) : 1.0;
    f[1] = all > 0 ? (all - 2 * m) / all : 0.0;
    double ma = fmin((double)a->nents - m, 5.0), mb = fmin((double)b->nents - m, 5.0);
    f[2] = fmin(ma, mb) / 5.0;
    f[3] = fmax(ma, mb) / 5.0;
}

/* 1 when every value of x is in y (both sorted). */
static int subset(const double *x, int nx, const double *y, int ny)
{
    int j = 0;
    for (int i = 0; i < nx; i++) {
        while (j < ny && y[j] < x[i])
            j++;
        if (j == ny || y[j] != x[i])
            return 0;
    }
    return 1;
}

static void numbers(const pair_slots *a, const pair_slots *b, double *f)
{
    memset(f, 0, 4 * sizeof *f);
    if (!a->nnumbers && !b->nnumbers)
        return;
    if (!a->nnumbers || !b->nnumbers) {
        f[3] = 1;
        return;
    }
    int ab = subset(a->numbers, a->nnumbers, b->numbers, b->nnumbers);
    int ba = subset(b->numbers, b->nnumbers, a->numbers, a->nnumbers);
    if (ab && ba)
        f[0] = 1;
    else if (ab || ba)
        f[1] = 1;
    else
        f[2] = 1;
}

/* Times agree when every kind both sides give (years, months, weekdays) shares a value. */
static void times(const pair_slots *a, const pair_slots *b, double *f)
{
    int shared = 0, clash = 0;
    if (a->nyears && b->nyears) {
        double ya[PS_MAX_YEARS], yb[PS_MAX_YEARS];
        for (int i = 0; i < a->nyears; i++)
            ya[i] = a->years[i];
        for (int i = 0; i < b->nyears; i++)
            yb[i] = b->years[i];
        int any = 0;
        for (int i = 0; i < a->nyears && !any; i++)
            any = subset(&ya[i], 1, yb, b->nyears);
        shared++, clash += !any;
    }
    if (a->months && b->months)
        shared++, clash += !(a->months & b->months);
    if (a->weekdays && b->weekdays)
        shared++, clash += !(a->weekdays & b->weekdays);
    f[0] = shared && !clash;
    f[1] = clash > 0;
}

static void slots(const pair_slots *a, const pair_slots *b, double *f)
{
    numbers(a, b, f);
    times(a, b, f + 4);
    f[6] = a->roles != b->roles;
    f[7] = (a->negations & 1) != (b->negations & 1);
    f[8] = (a->negations > 0) != (b->negations > 0);
    f[9] = (a->hedges > 0) != (b->hedges > 0);
    f[10] = a->speaker && a->speaker == b->speaker;
    f[11] = a->speaker && b->speaker && a->speaker != b->speaker;
    f[12] = !a->speaker != !b->speaker;
    f[13] = (a->quoted > 0) != (b->quoted > 0);
}

/* Aligns each token of `a` to the first unused equal token of `b` (left to right) and
 * counts the matches and the chunks (runs aligned to consecutive tokens). */
static void align(const pair_side *a, const pair_side *b, double *matches, double *chunks)
{
    uint8_t used[PF_MAX_DP] = {0};
    size_t na = a->n > PF_MAX_DP ? PF_MAX_DP : a->n, nb = b->n > PF_MAX_DP ? PF_MAX_DP : b->n;
    long prev = -2;
    *matches = *chunks = 0;
    for (size_t i = 0; i < na; i++) {
        long to = -1;
        for (size_t j = 0; j < nb && to < 0; j++)
            if (!used[j] && a->stem[i] == b->stem[j])
                to = (long)j;
        if (to < 0) {
            prev = -2;
            continue;
        }
        used[to] = 1;
        *matches += 1;
        *chunks += to != prev + 1;
        prev = to;
    }
}

/* METEOR's score without its stemming and synonym stages (the stems already match): the
 * harmonic mean of precision and recall, less a penalty for fragmented alignments; both
 * directions averaged. */
static void meteor(const pair_side *a, const pair_side *b, double *f)
{
    double m1, c1, m2, c2;
    align(a, b, &m1, &c1);
    align(b, a, &m2, &c2);
    double m = (m1 + m2) / 2, chunks = (c1 + c2) / 2;
    double fm = fmeasure(ratio(m, (double)a->n), ratio(m, (double)b->n));
    double frag = ratio(chunks, m);
    f[0] = fm * (1.0 - 0.5 * frag * frag * frag);
    f[1] = m > 0 ? frag : 1.0;
}

static void masked(const pair_side *a, const pair_side *b, double *f)
{
    double m1 = (double)common(a->mgrams[0], a->nmgrams[0], b->mgrams[0], b->nmgrams[0]);
    f[0] = fmeasure(ratio(m1, (double)a->nmgrams[0]), ratio(m1, (double)b->nmgrams[0]));
    double m2 = (double)common(a->mgrams[1], a->nmgrams[1], b->mgrams[1], b->nmgrams[1]);
    f[1] = fmeasure(ratio(m2, (double)a->nmgrams[1]), ratio(m2, (double)b->nmgrams[1]));
    double edit, lcs, run;
    edit_lcs(a->masked, a->n, b->masked, b->n, &edit, &lcs, &run);
    f[2] = ratio(lcs, (double)(a->n > b->n ? a->n : b->n));
}

void pf_compute(const pair_side *a, const pair_side *b, double out[PF_NFEATURES])
{
    lexical(a, b, out + F_LEXICAL);
    mt_metrics(a, b, out + F_MT);
    meteor(a, b, out + F_MT + 6);
    sequence(a, b, out + F_SEQUENCE);
    wordnet(a, b, out + F_WORDNET);
    length(a, b, out + F_LENGTH);
    names(a, b, out + F_NAMES);
    slots(&a->slots, &b->slots, out + F_SLOTS);
    masked(a, b, out + F_MASKED);
}
