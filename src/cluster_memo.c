/*
 * cluster_memo.c: the check's side of the pair memo (pair_memo.h): the key of each candidate
 * pair, from everything its score reads, and the remembered scores taken before the model
 * runs; after scoring, every candidate pair noted for the claims cache to store. A key
 * hashes, for each claim, its tokens (spans, words, stems, kinds, flags), entities, speaker
 * and time spans (what the side and the different-arguments test read), and for the model
 * every number prediction uses, with the rules hash (data files, WordNet verbs, version).
 * Two 64-bit hashes (the second over a salted copy) make the 128-bit key. It does not score (cluster.c does)
 * or store (cache.c does).
 */
#include <string.h>

#include "conflicts.h"
#include "pair_memo.h"

/* Bump when the pair features or the model's prediction change for the same inputs: the
 * remembered scores are then never taken. */
#define PAIR_MEMO_VERSION 1

static void put_n(cc_buf *b, uint64_t v) { cc_buf_append(b, &v, sizeof v); }

/* A string with its NUL; NULL as one byte 1 (never the start of a word). */
static void put_s(cc_buf *b, const char *s)
{
    if (!s)
        cc_buf_putc(b, '\x01');
    else
        cc_buf_append(b, s, strlen(s) + 1);
}

static void put_span(cc_buf *b, cc_span s)
{
    put_n(b, s.start);
    put_n(b, s.end);
}

/* Two independent 64-bit hashes of the buffer: the second over it with a salt appended. */
static void hash_buf(cc_buf *b, uint64_t out[2])
{
    size_t len = b->len;
    out[0] = cc_hash64(b->data ? b->data : "", len) | 1; /* never the empty key */
    put_n(b, 0x5bd1e9955bd1e995ULL);
    out[1] = cc_hash64(b->data ? b->data : "", b->len);
    b->len = len;
}

static void claim_input(cc_buf *b, const ck_claim *k)
{
    put_n(b, k->ntoks);
    for (size_t i = 0; i < k->ntoks; i++) {
        const cc_token *t = &k->toks[i];
        put_span(b, t->span);
        put_n(b, (uint64_t)t->kind << 16 | t->flags);
        put_s(b, t->norm);
        put_s(b, t->stem);
    }
    const cc_claim *c = k->c;
    put_n(b, c->nentities);
    for (size_t i = 0; i < c->nentities; i++) {
        put_span(b, c->entities[i].span);
        put_n(b, (uint64_t)c->entities[i].type);
        put_s(b, c->entities[i].id);
        put_s(b, c->entities[i].text);
    }
    put_s(b, c->speaker);
    put_n(b, c->ntimes);
    for (size_t i = 0; i < c->ntimes; i++)
        put_span(b, c->times[i].span);
}

static void model_input(cc_buf *b, const struct cc_check *ck)
{
    const struct cc_pairmodel *m = ck->model;
    char rules[17];
    cc_context_rules_hash(ck->ctx, rules);
    put_n(b, PAIR_MEMO_VERSION);
    put_s(b, rules);
    cc_buf_append(b, m->lo, sizeof m->lo);
    cc_buf_append(b, m->hi, sizeof m->hi);
    double scalars[4] = {m->rho, m->prob_a, m->prob_b, m->gamma};
    cc_buf_append(b, scalars, sizeof scalars);
    put_n(b, (uint64_t)m->pos_index);
    put_n(b, (uint64_t)m->nsv);
    if (m->nsv > 0) {
        cc_buf_append(b, m->dense_sv, (size_t)m->nsv * PF_NFEATURES * sizeof *m->dense_sv);
        cc_buf_append(b, m->coef, (size_t)m->nsv * sizeof *m->coef);
    }
    const pair_idf *idf = &m->idf;
    put_n(b, idf->cap);
    put_n(b, idf->n);
    put_n(b, idf->ndocs);
    if (idf->cap) {
        cc_buf_append(b, idf->keys, idf->cap * sizeof *idf->keys);
        cc_buf_append(b, idf->df, idf->cap * sizeof *idf->df);
    }
}

/* The key of every claim of a candidate pair (others stay 0). */
static int claim_keys(const struct cc_check *ck, uint64_t (*keys)[2])
{
    cc_buf b = CC_BUF_INIT;
    for (size_t i = 0; i < ck->n; i++) {
        if (!ck->sided[i])
            continue;
        b.len = 0;
        claim_input(&b, &ck->claims[i]);
        hash_buf(&b, keys[i]);
    }
    int rc = b.oom ? cc_seterr(CC_ENOMEM, "out of memory") : 0;
    cc_buf_free(&b);
    return rc;
}

static int model_key(const struct cc_check *ck, uint64_t out[2])
{
    cc_buf b = CC_BUF_INIT;
    model_input(&b, ck);
    hash_buf(&b, out);
    int rc = b.oom ? cc_seterr(CC_ENOMEM, "out of memory") : 0;
    cc_buf_free(&b);
    return rc;
}

static void pair_key(const uint64_t model[2], const uint64_t a[2], const uint64_t b[2],
                     uint64_t out[2])
{
    uint64_t all[6] = {model[0], model[1], a[0], a[1], b[0], b[1]};
    out[0] = cc_hash64(all, sizeof all) | 1;
    out[1] = cc_fnv1a(all, sizeof all, CC_FNV_SEED);
}

int ck_memo_lookup(struct cc_check *ck)
{
    const cc_pair_memo *m = ck->corpus->pair_memo;
    if (!m)
        return 0;
    uint64_t model[2], (*keys)[2] = cc_xcalloc(ck->n ? ck->n : 1, sizeof *keys);
    ck->pair_keys = cc_xcalloc(ck->pairs.n ? ck->pairs.n : 1, sizeof *ck->pair_keys);
    int rc = keys && ck->pair_keys ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    if (rc == 0)
        rc = claim_keys(ck, keys);
    if (rc == 0)
        rc = model_key(ck, model);
    for (size_t i = 0; rc == 0 && i < ck->pairs.n; i++) {
        ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        pair_key(model, keys[p->a], keys[p->b], ck->pair_keys[i]);
        const pm_entry *e = pm_get(m, ck->pair_keys[i]);
        if (e) {
            p->memo = 1;
            p->prob = e->prob;
            p->scored = (uint8_t)e->scored;
        }
    }
    free(keys);
    return rc;
}

int ck_memo_note(struct cc_check *ck)
{
    cc_pair_memo *m = ck->corpus->pair_memo;
    if (!m || !ck->pair_keys)
        return 0;
    m->now.n = 0;
    m->fresh = 0;
    for (size_t i = 0; i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        pm_entry e = {{ck->pair_keys[i][0], ck->pair_keys[i][1]}, p->prob, p->scored};
        int rc = pm_note(m, &e, !p->memo);
        if (rc < 0)
            return rc;
    }
    return 0;
}
