/*
 * cluster.c: groups check-worthy claims about one fact. Candidate pairs come from blocking:
 * an inverted index over entity ids, predicates and rare stems, with blocks larger than
 * max_block dropped (a key that common says nothing), so the work grows with the blocks,
 * never with all n^2 pairs. Each candidate is scored by the same-fact model over sides
 * prepared once per claim; clusters are formed by average linkage (pairs never scored count
 * as 0) down to linkage_threshold (models/conflicts/params.tsv). It does not compare slots:
 * that is conflicts_rules.c.
 */
#include <string.h>

#include "conflicts.h"

typedef struct {
    uint64_t key;
    size_t claim;
} block_entry;

static int entry_cmp(const void *pa, const void *pb)
{
    const block_entry *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->claim > b->claim) - (a->claim < b->claim);
}

static int pair_cmp(const void *pa, const void *pb)
{
    const ck_pair *a = pa, *b = pb;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

static uint64_t key_of(const char *kind, const char *s, size_t len)
{
    return cc_fnv1a(s, len, cc_fnv1a(kind, strlen(kind), CC_FNV_SEED));
}

static int push_key(cc_vec *entries, uint64_t key, size_t claim)
{
    block_entry *e = cc_vec_push(entries);
    if (!e)
        return cc_seterr(CC_ENOMEM, "out of memory");
    e->key = key;
    e->claim = claim;
    return 0;
}

/* The blocking keys of one claim: entity ids, its predicate, its rare stems. */
static int claim_keys(const struct cc_check *ck, size_t i, cc_vec *entries)
{
    const ck_claim *k = &ck->claims[i];
    const pair_idf *idf = &ck->model->idf;
    int rc = 0;
    for (size_t e = 0; rc == 0 && e < k->c->nentities; e++)
        rc = push_key(entries, key_of("e", k->c->entities[e].id, strlen(k->c->entities[e].id)),
                      i);
    if (rc == 0 && k->c->predicate && *k->c->predicate)
        rc = push_key(entries, key_of("p", k->c->predicate, strlen(k->c->predicate)), i);
    for (size_t t = 0; rc == 0 && t < k->ntoks; t++) {
        const cc_token *tok = &k->toks[t];
        size_t len = strlen(tok->stem);
        if (tok->kind != CC_TOK_WORD || len < 4)
            continue;
        const pw_entry *w = pw_lookup(ck->ctx->pairs, pw_hash(tok->norm, strlen(tok->norm)));
        if (w && (w->classes & PW_STOP))
            continue;
        if (pair_idf_df(idf, pw_hash(tok->stem, len)) <= ck->cf->rare_stem_max_df)
            rc = push_key(entries, key_of("s", tok->stem, len), i);
    }
    return rc;
}

/* Every pair inside each block of 2..max_block claims, sorted and without repeats. */
static int candidate_pairs(struct cc_check *ck)
{
    cc_vec entries = CC_VEC_INIT(block_entry);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ck->n; i++)
        rc = claim_keys(ck, i, &entries);
    block_entry *e = entries.items;
    if (rc == 0)
        ck_sort(e, entries.n, sizeof *e, entry_cmp);
    for (size_t lo = 0, hi; rc == 0 && lo < entries.n; lo = hi) {
        hi = lo + 1;
        while (hi < entries.n && e[hi].key == e[lo].key)
            hi++;
        if (hi - lo < 2 || (double)(hi - lo) > ck->cf->max_block)
            continue;
        for (size_t x = lo; rc == 0 && x < hi; x++)
            for (size_t y = x + 1; rc == 0 && y < hi; y++) {
                if (e[x].claim == e[y].claim)
                    continue;
                ck_pair *p = cc_vec_push(&ck->pairs);
                if (!p) {
                    rc = cc_seterr(CC_ENOMEM, "out of memory");
                    break;
                }
                p->a = e[x].claim;
                p->b = e[y].claim;
            }
    }
    cc_vec_free(&entries);
    if (rc < 0)
        return rc;
    ck_pair *p = ck->pairs.items;
    ck_sort(p, ck->pairs.n, sizeof *p, pair_cmp);
    size_t w = 0;
    for (size_t r = 0; r < ck->pairs.n; r++)
        if (w == 0 || pair_cmp(&p[w - 1], &p[r]) != 0)
            p[w++] = p[r];
    ck->pairs.n = w;
    return 0;
}

/* Sides only for the claims of some candidate pair: building one (n-grams, sorting) was
 * most of the clustering time, and the others are never scored. A claim in no candidate
 * pair stays alone, and clusters merge only along candidate pairs, so the pairs that
 * exact_edge() scores beyond them are between claims that have sides. */
static int build_sides(struct cc_check *ck, pair_side *sides)
{
    int rc = 0;
    if (!(ck->sided = cc_xcalloc(ck->n ? ck->n : 1, 1)))
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        ck->sided[p->a] = ck->sided[p->b] = 1;
    }
    for (size_t i = 0; rc == 0 && i < ck->n; i++)
        if (ck->sided[i])
            rc = pair_side_build(&sides[i], ck->ctx, &ck->model->idf, ck->claims[i].toks,
                                 ck->claims[i].ntoks);
    return rc;
}

static double score(const struct cc_check *ck, const pair_side *sides, size_t a, size_t b)
{
    double raw[PF_NFEATURES];
    pf_compute(&sides[a], &sides[b], raw);
    return pair_model_prob(ck->model, raw);
}

static void score_pairs(struct cc_check *ck, const pair_side *sides)
{
    for (size_t i = 0; i < ck->pairs.n; i++) {
        ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        p->prob = score(ck, sides, p->a, p->b);
    }
}

double ck_pair_prob(const struct cc_check *ck, size_t a, size_t b)
{
    ck_pair key = {a < b ? a : b, a < b ? b : a, 0};
    const ck_pair *p = ck_find(&key, ck->pairs.items, ck->pairs.n, sizeof key, pair_cmp);
    if (p)
        return p->prob;
    return ck->sides && ck->sided[a] && ck->sided[b] ? score(ck, ck->sides, a, b) : 0.0;
}

/* ---- average linkage ------------------------------------------------------------------------------ *
 * Clusters joined by at least one candidate pair are merge candidates, ranked by the mean of
 * the pairs scored between them so far. Before a merge, the pairs between the two clusters
 * that blocking never proposed are scored too, so the merge is decided on the exact average
 * over all their pairs: blocking limits which clusters are compared, never what a merge
 * costs in evidence. */

typedef struct {
    size_t a, b;  /* cluster representatives, a < b */
    double sum;   /* sum of the scored pair probabilities between the two clusters */
    size_t count; /* pairs scored between them (size a * size b once exact) */
    size_t seq;   /* the first candidate pair behind it: makes every order total */
    int dead;
} link_edge;

static int edge_cmp(const void *pa, const void *pb)
{
    const link_edge *a = pa, *b = pb;
    if (a->dead != b->dead)
        return a->dead - b->dead;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    if (a->b != b->b)
        return a->b < b->b ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* After a merge into `keep`, folds keep's edges that now join the same two clusters and
 * drops dead ones. Only keep's edges can have changed, so only they are sorted: a merge
 * costs one pass over the edges, not a sort of all of them. */
static size_t compact_edges(link_edge *e, size_t n, size_t keep, link_edge *tmp)
{
    size_t m = 0, w = 0;
    for (size_t r = 0; r < n; r++) {
        if (!e[r].dead && (e[r].a == keep || e[r].b == keep))
            tmp[m++] = e[r];
        else if (!e[r].dead)
            e[w++] = e[r];
    }
    ck_sort(tmp, m, sizeof *tmp, edge_cmp);
    for (size_t r = 0; r < m; r++) {
        if (r > 0 && tmp[r].a == e[w - 1].a && tmp[r].b == e[w - 1].b &&
            (e[w - 1].a == keep || e[w - 1].b == keep))
            e[w - 1].sum += tmp[r].sum, e[w - 1].count += tmp[r].count;
        else
            e[w++] = tmp[r];
    }
    return w;
}

/* The edge of highest average linkage at or above the threshold; n when none. Ties go to
 * the lowest pair of representatives, so the result does not depend on edge order. */
static size_t best_edge(const link_edge *e, size_t n, double threshold)
{
    size_t best = n;
    double best_avg = threshold;
    for (size_t i = 0; i < n; i++) {
        double avg = e[i].sum / (double)e[i].count;
        if (avg > best_avg || (avg == best_avg && best == n) ||
            (avg == best_avg && edge_cmp(&e[i], &e[best]) < 0)) {
            best = i;
            best_avg = avg;
        }
    }
    return best;
}

/* Members of each cluster as linked lists: first[rep], then next[i] until (size_t)-1. */
typedef struct {
    size_t *first, *last, *next;
} member_lists;

/* Scores every pair between clusters a and b (those scored before are looked up). */
static void exact_edge(const struct cc_check *ck, const pair_side *sides, const member_lists *ml,
                       link_edge *e)
{
    e->sum = 0;
    e->count = 0;
    for (size_t i = ml->first[e->a]; i != (size_t)-1; i = ml->next[i])
        for (size_t j = ml->first[e->b]; j != (size_t)-1; j = ml->next[j]) {
            ck_pair key = {i < j ? i : j, i < j ? j : i, 0};
            const ck_pair *p = ck_find(&key, ck->pairs.items, ck->pairs.n, sizeof key, pair_cmp);
            e->sum += p ? p->prob : score(ck, sides, i, j);
            e->count++;
        }
}

static int average_linkage(struct cc_check *ck, const pair_side *sides, size_t *rep)
{
    size_t nn = ck->n ? ck->n : 1, np = ck->pairs.n ? ck->pairs.n : 1;
    size_t *size = cc_xcalloc(nn, sizeof *size);
    member_lists ml = {cc_xcalloc(nn, sizeof(size_t)), cc_xcalloc(nn, sizeof(size_t)),
                       cc_xcalloc(nn, sizeof(size_t))};
    link_edge *e = cc_xcalloc(np, sizeof *e), *tmp = cc_xcalloc(np, sizeof *tmp);
    int rc = size && ml.first && ml.last && ml.next && e && tmp
                 ? 0
                 : cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < ck->n; i++) {
        rep[i] = i, size[i] = 1;
        ml.first[i] = ml.last[i] = i;
        ml.next[i] = (size_t)-1;
    }
    size_t n = 0, best;
    for (size_t i = 0; rc == 0 && i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        e[n++] = (link_edge){p->a, p->b, p->prob, 1, i, 0};
    }
    while (rc == 0 && (best = best_edge(e, n, ck->cf->linkage_threshold)) < n) {
        size_t keep = e[best].a, gone = e[best].b;
        if (e[best].count < size[keep] * size[gone]) {
            exact_edge(ck, sides, &ml, &e[best]);
            continue;
        }
        for (size_t i = ml.first[gone]; i != (size_t)-1; i = ml.next[i])
            rep[i] = keep;
        ml.next[ml.last[keep]] = ml.first[gone];
        ml.last[keep] = ml.last[gone];
        size[keep] += size[gone];
        for (size_t i = 0; i < n; i++) {
            if (e[i].a == gone)
                e[i].a = keep;
            if (e[i].b == gone)
                e[i].b = keep;
            if (e[i].a > e[i].b) {
                size_t t = e[i].a;
                e[i].a = e[i].b;
                e[i].b = t;
            }
            e[i].dead = e[i].a == e[i].b;
        }
        n = compact_edges(e, n, keep, tmp);
    }
    free(size);
    free(ml.first);
    free(ml.last);
    free(ml.next);
    free(e);
    free(tmp);
    return rc;
}

/* Numbers clusters of two or more claims in claim order. */
static int number_clusters(struct cc_check *ck, const size_t *rep)
{
    size_t *count = cc_xcalloc(ck->n ? ck->n : 1, sizeof *count);
    size_t *id = cc_xcalloc(ck->n ? ck->n : 1, sizeof *id);
    ck->nclusters = 0;
    if (!count || !id) {
        free(count);
        free(id);
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < ck->n; i++)
        count[rep[i]]++;
    for (size_t i = 0; i < ck->n; i++) {
        if (count[rep[i]] < 2) {
            ck->claims[i].cluster = (size_t)-1;
            continue;
        }
        if (!id[rep[i]])
            id[rep[i]] = ++ck->nclusters;
        ck->claims[i].cluster = id[rep[i]] - 1;
    }
    free(count);
    free(id);
    return 0;
}

int ck_cluster(struct cc_check *ck)
{
    size_t n = ck->n ? ck->n : 1;
    size_t *rep = cc_xcalloc(n, sizeof *rep);
    ck->sides = cc_xcalloc(n, sizeof *ck->sides);
    int rc = ck->sides && rep ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    if (rc == 0)
        rc = candidate_pairs(ck);
    if (rc == 0)
        rc = build_sides(ck, ck->sides);
    if (rc == 0) {
        score_pairs(ck, ck->sides);
        rc = average_linkage(ck, ck->sides, rep);
    }
    if (rc == 0)
        rc = number_clusters(ck, rep);
    free(rep);
    return rc;
}

void ck_cluster_done(struct cc_check *ck)
{
    for (size_t i = 0; ck->sides && i < ck->n; i++)
        pair_side_free(&ck->sides[i]);
    free(ck->sides);
    free(ck->sided);
    ck->sides = NULL;
    ck->sided = NULL;
}
