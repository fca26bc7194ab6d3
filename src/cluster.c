/*
 * cluster.c: groups check-worthy claims about one fact. Candidate pairs come from blocking:
 * an inverted index over entity ids, predicates and rare stems, with blocks larger than
 * max_block dropped (a key that common says nothing), so the work grows with the blocks,
 * never with all n^2 pairs. Each candidate is scored by the same-fact model over sides
 * prepared once per claim, or its score is taken from the claims cache's pair memo when
 * neither claim nor the model changed (cluster_memo.c); clusters are formed by average
 * linkage (pairs never scored count as 0) down to linkage_threshold
 * (models/conflicts/params.tsv). Sides and candidate scores are computed on the worker
 * threads of --jobs (parallel.c), each into its own slot; the linkage runs on one thread,
 * building the sides it still needs. It does not compare slots: that is conflicts_rules.c.
 */
#include <stdlib.h>
#include <string.h>

#include "conflicts.h"
#include "parallel.h"

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
    ck_block_entry *e = cc_vec_push(entries);
    if (!e)
        return cc_seterr(CC_ENOMEM, "out of memory");
    e->key = key;
    e->claim = claim;
    return 0;
}

/* The blocking keys of one claim: entity ids, its predicate, its rare stems (those of a
 * deferred document's claim as its summary keeps them). */
int ck_claim_keys(const struct cc_check *ck, const ck_claim *k, size_t i, cc_vec *entries)
{
    const pair_idf *idf = &ck->model->idf;
    int rc = 0;
    if (!k->c) {
        for (size_t j = 0; rc == 0 && j < k->nkeys; j++)
            rc = push_key(entries, k->keys[j], i);
        return rc;
    }
    for (size_t e = 0; rc == 0 && e < k->c->nentities; e++)
        rc = push_key(entries, key_of("e", k->c->entities[e].id, strlen(k->c->entities[e].id)),
                      i);
    if (rc == 0 && k->c->predicate && *k->c->predicate)
        rc = push_key(entries, key_of("p", k->c->predicate, strlen(k->c->predicate)), i);
    for (size_t t = 0; rc == 0 && t < k->ntoks; t++) {
        const cc_token *tok = &k->toks[t];
        if (tok->kind != CC_TOK_WORD)
            continue;
        size_t len = strlen(tok->stem);
        /* the rarity test first: most stems are common, and then the word is not looked up */
        if (len < 4 || pair_idf_df(idf, pw_hash(tok->stem, len)) > ck->cf->rare_stem_max_df)
            continue;
        const pw_entry *w = pw_lookup(ck->ctx->pairs, pw_hash(tok->norm, strlen(tok->norm)));
        if (!w || !(w->classes & PW_STOP))
            rc = push_key(entries, key_of("s", tok->stem, len), i);
    }
    return rc;
}

/* Sorts the entries by (key, claim): they are made in claim order, so a stable sort by key
 * is enough, here least-significant-byte radix (a byte equal in every key skips its
 * pass). Equal entries are identical, so the order is the one any sort gives. */
static int sort_entries(ck_block_entry *e, size_t n)
{
    if (n < 2)
        return 0;
    ck_block_entry *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ck_block_entry *from = e, *to = tmp;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((from[i].key >> shift) & 0xff) + 1]++;
        if (count[((from[0].key >> shift) & 0xff) + 1] == n)
            continue;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            to[count[(from[i].key >> shift) & 0xff]++] = from[i];
        ck_block_entry *t = from;
        from = to;
        to = t;
    }
    if (from != e)
        memcpy(e, from, n * sizeof *e);
    free(tmp);
    return 0;
}

/* The blocking keys of every claim, in claim order: made on the worker threads in slices
 * of about KEY_SLICE claims, each into its own vector, then joined in slice order. */
enum { KEY_SLICE = 1024 };

typedef struct {
    const struct cc_check *ck;
    size_t parts;
    cc_vec *out; /* one per slice */
} key_run;

static int keys_slice(void *arg, size_t k)
{
    const key_run *r = arg;
    size_t from, to, want = 0;
    cc_parallel_slice(r->ck->n, r->parts, k, &from, &to);
    for (size_t i = from; i < to; i++) /* room for the summaries' keys, and some for others */
        want += r->ck->claims[i].c ? 8 : r->ck->claims[i].nkeys;
    int rc = cc_vec_reserve(&r->out[k], want) < 0 ? cc_seterr(CC_ENOMEM, "out of memory") : 0;
    for (size_t i = from; rc == 0 && i < to; i++)
        rc = ck_claim_keys(r->ck, &r->ck->claims[i], i, &r->out[k]);
    return rc;
}

static int all_keys(const struct cc_check *ck, cc_vec *entries)
{
    size_t parts = cc_parallel_parts(ck->n, KEY_SLICE), total = 0;
    key_run r = {ck, parts, cc_xcalloc(parts, sizeof(cc_vec))};
    if (!r.out)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t k = 0; k < parts; k++)
        r.out[k] = (cc_vec)CC_VEC_INIT(ck_block_entry);
    cc_par_task task = {keys_slice, NULL, &r, NULL};
    int rc = cc_parallel_run(ck->ctx, parts, &task);
    for (size_t k = 0; k < parts; k++)
        total += r.out[k].n;
    if (rc == 0 && cc_vec_reserve(entries, total) < 0)
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t k = 0; k < parts; k++) {
        if (rc == 0 && r.out[k].n)
            memcpy((ck_block_entry *)entries->items + entries->n, r.out[k].items,
                   r.out[k].n * sizeof(ck_block_entry));
        entries->n += rc == 0 ? r.out[k].n : 0;
        cc_vec_free(&r.out[k]);
    }
    free(r.out);
    return rc;
}

/* Every pair inside each block of 2..max_block claims, sorted and without repeats. */
static int candidate_pairs(struct cc_check *ck)
{
    cc_vec entries = CC_VEC_INIT(ck_block_entry);
    int rc = all_keys(ck, &entries);
    ck_block_entry *e = entries.items;
    if (rc == 0)
        rc = sort_entries(e, entries.n);
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

/* Claims (for their sides) and pairs (for their scores) go to the worker threads of --jobs
 * in static slices; each slice writes only its own slots, so results never depend on
 * timing. */
typedef struct {
    const struct cc_check *ck;
    pair_side *sides;
    size_t n, parts;
    size_t *scored; /* per slice: pairs the model scored (score_slice) */
} sliced;

/* Items per slice: few enough slices to keep the bookkeeping small, enough to spread. */
enum { SIDE_SLICE = 32, PAIR_SLICE = 256 };

static int sides_slice(void *arg, size_t k)
{
    const sliced *s = arg;
    const struct cc_check *ck = s->ck;
    size_t from, to;
    cc_parallel_slice(s->n, s->parts, k, &from, &to);
    int rc = 0;
    for (size_t i = from; rc == 0 && i < to; i++)
        if (ck->built[i])
            rc = pair_side_build(&s->sides[i], ck->ctx, &ck->model->idf, ck->claims[i].toks,
                                 ck->claims[i].ntoks);
    return rc;
}

static int run_sliced(sliced *s, size_t slice, int (*fn)(void *, size_t))
{
    s->parts = cc_parallel_parts(s->n, slice);
    cc_par_task task = {fn, NULL, s, NULL};
    return cc_parallel_run(s->ck->ctx, s->parts, &task);
}

/* Sides only for the claims of some candidate pair: building one (n-grams, sorting) was
 * most of the clustering time, and the others are never scored. A claim in no candidate
 * pair stays alone, and clusters merge only along candidate pairs, so the pairs that
 * exact_edge() scores beyond them are between claims that have sides. */
static int mark_sided(struct cc_check *ck)
{
    ck->sided = cc_xcalloc(ck->n ? ck->n : 1, 1);
    ck->built = cc_xcalloc(ck->n ? ck->n : 1, 1);
    if (!ck->sided || !ck->built)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        ck->sided[p->a] = ck->sided[p->b] = 1;
    }
    return 0;
}

/* Builds, on the worker threads, the sides of the claims of the pairs to score now (not
 * remembered); the others are built when a pair between clusters needs them (side_of). */
static int build_sides(struct cc_check *ck, pair_side *sides)
{
    for (size_t i = 0; i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        if (!p->memo)
            ck->built[p->a] = ck->built[p->b] = 1;
    }
    sliced s = {ck, sides, ck->n, 0, NULL};
    return run_sliced(&s, SIDE_SLICE, sides_slice);
}

/* Claim i's side, built now when it was not (on the linkage's or the rules' one thread). */
static void side_of(struct cc_check *ck, size_t i)
{
    if (ck->built[i])
        return;
    ck->built[i] = 1;
    int rc = pair_side_build(&ck->sides[i], ck->ctx, &ck->model->idf, ck->claims[i].toks,
                             ck->claims[i].ntoks);
    if (rc < 0 && !ck->side_rc)
        ck->side_rc = rc;
}

/* An entity mention that is the claim's speaker: who said it, not what it is about. */
static int is_speaker(const cc_claim *c, const cc_entity *e)
{
    return c->speaker && strcmp(c->speaker, e->id) == 0;
}

static int names_type(const cc_claim *c, int type)
{
    for (size_t i = 0; i < c->nentities; i++)
        if (c->entities[i].type == type && !is_speaker(c, &c->entities[i]))
            return 1;
    return 0;
}

static int shares_entity(const cc_claim *a, const cc_claim *b, int type)
{
    for (size_t i = 0; i < a->nentities; i++)
        for (size_t j = 0; j < b->nentities; j++)
            if ((type < 0 || a->entities[i].type == type) &&
                strcmp(a->entities[i].id, b->entities[j].id) == 0)
                return 1;
    return 0;
}

/* 1 when offsets [start, end) lie inside a time expression or the speaker's name of the claim. */
static int in_time_or_speaker(const cc_claim *c, const cc_token *tok)
{
    for (size_t i = 0; i < c->ntimes; i++)
        if (tok->span.start >= c->times[i].span.start && tok->span.end <= c->times[i].span.end)
            return 1;
    for (size_t i = 0; i < c->nentities; i++) {
        const cc_entity *e = &c->entities[i];
        if (is_speaker(c, e) && tok->span.start >= e->span.start && tok->span.end <= e->span.end)
            return 1;
    }
    return 0;
}

/* A capitalized word inside the sentence (not its first word, nor the first after an
 * opening mark such as a quotation's, not a date's "January" or "Friday", not in the
 * speaker's name): a name, recognized as an entity or not ("the streets of Dunmar"). */
static int is_name_token(const ck_claim *k, size_t t)
{
    const cc_token *tok = &k->toks[t];
    if (t == 0 || tok->kind != CC_TOK_WORD || !(tok->flags & CC_TOKF_CAPITALIZED) ||
        (tok->flags & (CC_TOKF_SENT_START | CC_TOKF_ABBREV)))
        return 0; /* "Dr.", "Gen.": a title before a name, not one */
    const cc_token *prev = &k->toks[t - 1];
    if (prev->kind != CC_TOK_WORD && prev->kind != CC_TOK_NUMBER && strcmp(prev->norm, ",") != 0)
        return 0; /* “The clinic ...: a sentence starts inside the quotation */
    return !in_time_or_speaker(k->c, tok);
}

/* 1 when a's name token t is also b's: the same word, or part of an entity b names too (an
 * alias: "Washington" and "U.S."). */
static int name_shared(const ck_claim *a, size_t t, const ck_claim *b)
{
    const cc_token *tok = &a->toks[t];
    for (size_t j = 0; j < b->ntoks; j++)
        if (is_name_token(b, j) && strcmp(tok->stem, b->toks[j].stem) == 0)
            return 1;
    for (size_t i = 0; i < a->c->nentities; i++) {
        const cc_entity *e = &a->c->entities[i];
        if (tok->span.start >= e->span.start && tok->span.end <= e->span.end)
            for (size_t j = 0; j < b->c->nentities; j++)
                if (strcmp(e->id, b->c->entities[j].id) == 0)
                    return 1;
    }
    return 0;
}

/* 0: a names nothing; 1: a name of a is also b's; -1: a has names, none of them b's. */
static int shares_name(const ck_claim *a, const ck_claim *b)
{
    int any = 0;
    for (size_t i = 0; i < a->ntoks; i++) {
        if (!is_name_token(a, i))
            continue;
        if (name_shared(a, i, b))
            return 1;
        any = 1;
    }
    return any ? -1 : 0;
}

/* Two claims about different people, places, countries or organizations ("residents of
 * Dunmar" and "residents of Kelvora"; "withdrew from Niger" and "withdrew from Mali") are
 * about different facts, however alike their words: the same-fact model scores wording and
 * slots, not who or where, and a frame repeated across stories would otherwise join
 * unrelated stories into one cluster. Different: both name people, countries or
 * organizations and share none of that kind, or both name something and share no name at all (names as capitalized
 * words, so that a name the gazetteer does not know still counts). One side naming more
 * than the other is no difference: news add detail ("in statements read in Bamako"). */
static int different_arguments(const ck_claim *a, const ck_claim *b)
{
    /* places are where, not who or what ("officials in Bamako recalled"): only by name */
    for (int type = CC_ENT_PERSON; type < CC_ENT_PLACE; type++)
        if (names_type(a->c, type) && names_type(b->c, type) && !shares_entity(a->c, b->c, type))
            return 1;
    return shares_name(a, b) < 0 && shares_name(b, a) < 0;
}

/* The model's probability that claims a and b state the same fact; 0 without the model
 * for claims about different people or places. *scored: whether the model ran. */
static double model_score(const struct cc_check *ck, const pair_side *sides, size_t a, size_t b,
                          int *scored)
{
    *scored = !different_arguments(&ck->claims[a], &ck->claims[b]);
    if (!*scored)
        return 0.0;
    double raw[PF_NFEATURES];
    pf_compute(&sides[a], &sides[b], raw);
    return pair_model_prob(ck->model, raw);
}

static double score(struct cc_check *ck, const pair_side *sides, size_t a, size_t b)
{
    side_of(ck, a);
    side_of(ck, b);
    int scored;
    double p = model_score(ck, sides, a, b, &scored);
    ck->stats.scored_pairs += (size_t)scored;
    return p;
}

static int score_slice(void *arg, size_t k)
{
    const sliced *s = arg;
    size_t from, to;
    cc_parallel_slice(s->n, s->parts, k, &from, &to);
    for (size_t i = from; i < to; i++) {
        ck_pair *p = CC_VEC_AT(&s->ck->pairs, ck_pair, i);
        int scored = p->scored;
        if (!p->memo) {
            p->prob = model_score(s->ck, s->sides, p->a, p->b, &scored);
            p->scored = (uint8_t)scored;
        }
        s->scored[k] += (size_t)scored;
    }
    return 0;
}

static int score_pairs(struct cc_check *ck, pair_side *sides)
{
    sliced s = {ck, sides, ck->pairs.n, 0, NULL};
    s.scored = cc_xcalloc(cc_parallel_parts(s.n, PAIR_SLICE), sizeof *s.scored);
    if (!s.scored)
        return cc_seterr(CC_ENOMEM, "out of memory");
    int rc = run_sliced(&s, PAIR_SLICE, score_slice);
    for (size_t k = 0; k < s.parts; k++)
        ck->stats.scored_pairs += s.scored[k];
    free(s.scored);
    return rc;
}

int ck_different_arguments(const struct cc_check *ck, size_t a, size_t b)
{
    return different_arguments(&ck->claims[a], &ck->claims[b]);
}

int ck_related(const struct cc_check *ck, size_t a, size_t b)
{
    size_t ca = ck->claims[a].cluster;
    if (ca != (size_t)-1 && ca == ck->claims[b].cluster)
        return 1;
    ck_pair key = {a < b ? a : b, a < b ? b : a, 0, 0, 0};
    return ck_find(&key, ck->pairs.items, ck->pairs.n, sizeof key, pair_cmp) != NULL;
}

double ck_pair_prob(struct cc_check *ck, size_t a, size_t b)
{
    ck_pair key = {a < b ? a : b, a < b ? b : a, 0, 0, 0};
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
    unsigned version; /* bumped at every change: older heap entries are stale */
} link_edge;

/* The merge order: highest mean first; ties to the lowest pair of representatives, then the
 * earliest candidate pair, so the result depends on neither edge nor heap order. */
typedef struct {
    double avg;
    size_t a, b, seq, edge;
    unsigned version;
} heap_item;

static int heap_before(const heap_item *x, const heap_item *y)
{
    if (x->avg != y->avg)
        return x->avg > y->avg;
    if (x->a != y->a)
        return x->a < y->a;
    if (x->b != y->b)
        return x->b < y->b;
    return x->seq < y->seq;
}

static int heap_push(cc_vec *h, const link_edge *e, size_t edge)
{
    heap_item *items, *slot = cc_vec_push(h);
    if (!slot)
        return cc_seterr(CC_ENOMEM, "out of memory");
    *slot = (heap_item){e->sum / (double)e->count, e->a, e->b, e->seq, edge, e->version};
    items = h->items;
    for (size_t i = h->n - 1; i > 0 && heap_before(&items[i], &items[(i - 1) / 2]); i = (i - 1) / 2) {
        heap_item t = items[i];
        items[i] = items[(i - 1) / 2];
        items[(i - 1) / 2] = t;
    }
    return 0;
}

static heap_item heap_pop(cc_vec *h)
{
    heap_item *items = h->items, top = items[0];
    items[0] = items[--h->n];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && heap_before(&items[l], &items[m]))
            m = l;
        if (r < h->n && heap_before(&items[r], &items[m]))
            m = r;
        if (m == i)
            break;
        heap_item t = items[i];
        items[i] = items[m];
        items[m] = t;
        i = m;
    }
    return top;
}

/* Edge indexes per cluster representative. */
typedef struct {
    size_t *items, n, cap;
} edge_list;

static int list_push(edge_list *l, size_t edge)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        size_t *p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return cc_seterr(CC_ENOMEM, "out of memory");
        l->items = p, l->cap = cap;
    }
    l->items[l->n++] = edge;
    return 0;
}

/* Members of each cluster as linked lists: first[rep], then next[i] until (size_t)-1. */
typedef struct {
    size_t *first, *last, *next;
} member_lists;

/* Scores every pair between clusters a and b (those scored before are looked up). */
static void exact_edge(struct cc_check *ck, const pair_side *sides, const member_lists *ml,
                       link_edge *e)
{
    e->sum = 0;
    e->count = 0;
    for (size_t i = ml->first[e->a]; i != (size_t)-1; i = ml->next[i])
        for (size_t j = ml->first[e->b]; j != (size_t)-1; j = ml->next[j]) {
            ck_pair key = {i < j ? i : j, i < j ? j : i, 0, 0, 0};
            const ck_pair *p = ck_find(&key, ck->pairs.items, ck->pairs.n, sizeof key, pair_cmp);
            e->sum += p ? p->prob : score(ck, sides, i, j);
            e->count++;
        }
}

/* Cluster state shared by the components: representatives, sizes, member lists, each
 * representative's edges, and a scratch slot per representative for folding. */
typedef struct {
    size_t *rep, *size;
    member_lists ml;
    edge_list *adj;
    size_t *slot;
    cc_vec heap; /* heap_item */
} link_state;

/* After `gone` merged into `keep`: gone's edges now start at keep; edges that join keep to
 * the same cluster fold into one (sums and counts added, the earliest candidate kept), and
 * every edge of keep goes back into the heap with its new mean. */
static int move_edges(link_state *ls, link_edge *e, size_t keep, size_t gone)
{
    int rc = 0;
    edge_list *g = &ls->adj[gone], *k = &ls->adj[keep];
    for (size_t i = 0; rc == 0 && i < g->n; i++) {
        link_edge *x = &e[g->items[i]];
        if (x->dead)
            continue;
        size_t other = x->a == gone ? x->b : x->a;
        if (other == keep) {
            x->dead = 1;
            continue;
        }
        x->a = other < keep ? other : keep;
        x->b = other < keep ? keep : other;
        rc = list_push(k, g->items[i]);
    }
    free(g->items);
    *g = (edge_list){NULL, 0, 0};
    size_t w = 0;
    for (size_t i = 0; rc == 0 && i < k->n; i++) {
        link_edge *x = &e[k->items[i]];
        if (x->dead)
            continue;
        size_t other = x->a == keep ? x->b : x->a;
        if (ls->slot[other] == (size_t)-1) {
            ls->slot[other] = k->items[i];
            k->items[w++] = k->items[i];
            continue;
        }
        link_edge *y = &e[ls->slot[other]];
        y->sum += x->sum, y->count += x->count;
        y->seq = x->seq < y->seq ? x->seq : y->seq;
        x->dead = 1;
    }
    k->n = w;
    for (size_t i = 0; i < k->n; i++) {
        link_edge *x = &e[k->items[i]];
        ls->slot[x->a == keep ? x->b : x->a] = (size_t)-1;
        x->version++;
        if (rc == 0)
            rc = heap_push(&ls->heap, x, k->items[i]);
    }
    return rc;
}

/* Average linkage over the edges of one component: the best mean at or above the threshold
 * merges first, after its exact mean is known. A merge costs the two clusters' edges, not a
 * pass over all edges. */
static int link_component(struct cc_check *ck, const pair_side *sides, link_state *ls,
                          link_edge *e, size_t n)
{
    int rc = 0;
    ls->heap.n = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = list_push(&ls->adj[e[i].a], i);
        if (rc == 0)
            rc = list_push(&ls->adj[e[i].b], i);
        if (rc == 0)
            rc = heap_push(&ls->heap, &e[i], i);
    }
    while (rc == 0 && ls->heap.n) {
        heap_item top = heap_pop(&ls->heap);
        link_edge *x = &e[top.edge];
        if (x->dead || top.version != x->version)
            continue;
        if (top.avg < ck->cf->linkage_threshold)
            break;
        size_t keep = x->a, gone = x->b;
        if (x->count < ls->size[keep] * ls->size[gone]) {
            exact_edge(ck, sides, &ls->ml, x);
            x->version++;
            rc = heap_push(&ls->heap, x, top.edge);
            continue;
        }
        for (size_t i = ls->ml.first[gone]; i != (size_t)-1; i = ls->ml.next[i])
            ls->rep[i] = keep;
        ls->ml.next[ls->ml.last[keep]] = ls->ml.first[gone];
        ls->ml.last[keep] = ls->ml.last[gone];
        ls->size[keep] += ls->size[gone];
        x->dead = 1;
        rc = move_edges(ls, e, keep, gone);
    }
    return rc;
}

static size_t find_root(size_t *parent, size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* The candidate edges grouped by connected component of the strong edges (probability at
 * or above the linkage threshold), into e, each component's start in start[]; returns the
 * number of components. Two clusters merge only when the mean of the candidate pairs
 * between them reaches the threshold, so only when one of those pairs does: clusters never
 * span two such components, and a weak edge between two of them never counts. Linking each
 * component on its own gives the same clusters as linking all edges at once, and a merge
 * costs a pass over its component's edges, not over the whole corpus's (frequent blocking
 * keys join all stories into one component of weak edges). */
static size_t group_edges(const struct cc_check *ck, size_t *parent, size_t *start, link_edge *e)
{
    size_t nn = ck->n, nc = 0;
    double threshold = ck->cf->linkage_threshold;
    for (size_t i = 0; i < nn; i++)
        parent[i] = i;
    for (size_t i = 0; i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        size_t ra = find_root(parent, p->a), rb = find_root(parent, p->b);
        if (p->prob >= threshold && ra != rb)
            parent[ra > rb ? ra : rb] = ra < rb ? ra : rb;
    }
    /* component numbers in claim order (a root is its component's lowest claim), then a
     * counting sort of the edges inside components by component */
    size_t *comp = start + nn + 1; /* scratch after the starts */
    for (size_t i = 0; i < nn; i++)
        comp[i] = find_root(parent, i) == i ? nc++ : comp[find_root(parent, i)];
    memset(start, 0, (nc + 1) * sizeof *start);
    for (size_t i = 0; i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        if (comp[p->a] == comp[p->b])
            start[comp[p->a] + 1]++;
    }
    for (size_t c = 0; c < nc; c++)
        start[c + 1] += start[c];
    size_t *fill = parent; /* the roots are no longer needed */
    memcpy(fill, start, nc * sizeof *fill);
    for (size_t i = 0; i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        if (comp[p->a] == comp[p->b])
            e[fill[comp[p->a]]++] = (link_edge){p->a, p->b, p->prob, 1, i, 0, 0};
    }
    return nc;
}

static int average_linkage(struct cc_check *ck, const pair_side *sides, size_t *rep)
{
    size_t nn = ck->n ? ck->n : 1, np = ck->pairs.n ? ck->pairs.n : 1;
    link_state ls = {rep,
                     cc_xcalloc(nn, sizeof(size_t)),
                     {cc_xcalloc(nn, sizeof(size_t)), cc_xcalloc(nn, sizeof(size_t)),
                      cc_xcalloc(nn, sizeof(size_t))},
                     cc_xcalloc(nn, sizeof(edge_list)),
                     cc_xcalloc(nn, sizeof(size_t)),
                     CC_VEC_INIT(heap_item)};
    size_t *parent = cc_xcalloc(nn, sizeof *parent), *start = cc_xcalloc(2 * nn + 2, sizeof *start);
    link_edge *e = cc_xcalloc(np, sizeof *e);
    int rc = ls.size && ls.ml.first && ls.ml.last && ls.ml.next && ls.adj && ls.slot && parent &&
                     start && e
                 ? 0
                 : cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < ck->n; i++) {
        rep[i] = i, ls.size[i] = 1;
        ls.ml.first[i] = ls.ml.last[i] = i;
        ls.ml.next[i] = (size_t)-1;
        ls.slot[i] = (size_t)-1;
    }
    size_t nc = rc == 0 && ck->n ? group_edges(ck, parent, start, e) : 0;
    for (size_t c = 0; rc == 0 && c < nc; c++)
        rc = link_component(ck, sides, &ls, e + start[c], start[c + 1] - start[c]);
    for (size_t i = 0; ls.adj && i < ck->n; i++)
        free(ls.adj[i].items);
    free(ls.adj);
    free(ls.slot);
    cc_vec_free(&ls.heap);
    free(ls.size);
    free(ls.ml.first);
    free(ls.ml.last);
    free(ls.ml.next);
    free(parent);
    free(start);
    free(e);
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
    double t0 = cc_monotonic_seconds(), t1, t2;
    if (rc == 0)
        rc = candidate_pairs(ck);
    t1 = cc_monotonic_seconds();
    if (rc == 0) /* restoring from the cache: part of loading */
        rc = ck_undefer(ck);
    ck->stats.seconds[CC_CHECK_STAGE_LOAD] += cc_monotonic_seconds() - t1;
    t1 = cc_monotonic_seconds();
    if (rc == 0)
        rc = mark_sided(ck);
    if (rc == 0)
        rc = ck_memo_lookup(ck);
    if (rc == 0)
        rc = build_sides(ck, ck->sides);
    if (rc == 0)
        rc = score_pairs(ck, ck->sides);
    if (rc == 0)
        rc = ck_memo_note(ck);
    t2 = cc_monotonic_seconds();
    if (rc == 0)
        rc = average_linkage(ck, ck->sides, rep);
    if (rc == 0 && ck->side_rc)
        rc = cc_seterr(ck->side_rc, "out of memory");
    if (rc == 0)
        rc = number_clusters(ck, rep);
    ck->stats.seconds[CC_CHECK_STAGE_PAIRS] = t1 - t0;
    ck->stats.seconds[CC_CHECK_STAGE_SCORING] = t2 - t1;
    ck->stats.seconds[CC_CHECK_STAGE_CLUSTERING] = cc_monotonic_seconds() - t2;
    free(rep);
    return rc;
}

void ck_cluster_done(struct cc_check *ck)
{
    /* only built sides hold memory (the others are zero, and there are many) */
    for (size_t i = 0; ck->sides && ck->built && i < ck->n; i++)
        if (ck->built[i])
            pair_side_free(&ck->sides[i]);
    free(ck->sides);
    free(ck->sided);
    free(ck->built);
    free(ck->pair_keys);
    ck->sides = NULL;
    ck->sided = NULL;
    ck->built = NULL;
    ck->pair_keys = NULL;
}
