/*
 * conflicts.c: the check's result object (the public cc_check_* API): it gathers the
 * check-worthy claims of a corpus in an order that does not depend on the command line
 * (document id, then text order), runs clustering and the rules, and keeps the findings
 * with content fingerprints, sorted. The rules themselves are in conflicts_rules.c.
 *
 * A fingerprint hashes the conflict type and, for each side (in sorted order), the
 * document's file name without directory or extension, the claim's normalized text and
 * the compared value. Directory names and run order stay out, so verdicts and baselines
 * survive re-runs, reordering, renamed corpus directories and edits elsewhere.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "conflicts.h"
#include "parallel.h"
#include "record.h"

static int claim_order(const void *pa, const void *pb)
{
    const ck_claim *a = pa, *b = pb;
    int c = strcmp(cc_doc_id(a->d), cc_doc_id(b->d));
    if (c)
        return c;
    return (a->claim > b->claim) - (a->claim < b->claim);
}

typedef struct {
    const cc_doc *d;
    size_t i;
} doc_at;

/* 1 when two documents share an id (corpus roots with the same relative paths): their
 * claims then interleave by claim index, as claim_order() sorts them. */
static int shared_ids(const doc_at *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (strcmp(cc_doc_id(v[i - 1].d), cc_doc_id(v[i].d)) == 0)
            return 1;
    return 0;
}

static int doc_order(const void *pa, const void *pb)
{
    const doc_at *a = pa, *b = pb;
    int c = strcmp(cc_doc_id(a->d), cc_doc_id(b->d));
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* The corpus's documents by id (then corpus order): the check's claims go in this order,
 * each document's in text order, so no claim-level sort is needed. NULL when out of
 * memory; *n the documents present. */
static doc_at *docs_by_id(const cc_corpus *corpus, size_t *n)
{
    size_t total = cc_corpus_ndocs(corpus);
    doc_at *v = cc_xcalloc(total ? total : 1, sizeof *v);
    *n = 0;
    if (!v)
        return NULL;
    for (size_t i = 0; i < total; i++)
        if (cc_corpus_doc(corpus, i))
            v[(*n)++] = (doc_at){cc_corpus_doc(corpus, i), i};
    ck_sort(v, *n, sizeof *v, doc_order);
    return v;
}

/* The claim's tokens: those of its sentence inside its span. */
static void claim_tokens(ck_claim *k)
{
    size_t ntok;
    const cc_token *all = cc_doc_tokens(k->d, &ntok);
    const cc_sentence *s = cc_doc_sentence(k->d, k->c->sentence);
    k->toks = all;
    k->ntoks = 0;
    if (!s)
        return;
    size_t i = s->first_token, end = s->first_token + s->ntokens;
    while (i < end && all[i].span.start < k->c->span.start)
        i++;
    size_t j = i;
    while (j < end && all[j].span.end <= k->c->span.end)
        j++;
    k->toks = all + i;
    k->ntoks = j - i;
}

typedef int (*doc_stage)(cc_doc *doc, const cc_context *ctx);

/* One document stage over the corpus on the worker threads (--jobs), each document written
 * by one thread only; timed as a whole (the stages cache their work, so the claims stage
 * does not redo segmentation). */
typedef struct {
    struct cc_check *ck;
    doc_stage fn;
    const size_t *todo; /* the documents still to extract (corpus indices) */
} stage_run;

static int stage_one(void *arg, size_t i)
{
    const stage_run *sr = arg;
    return sr->fn(cc_corpus_doc(sr->ck->corpus, sr->todo[i]), sr->ck->ctx);
}

static int stage_done(void *arg, size_t i, int rc)
{
    const stage_run *sr = arg;
    if (rc < 0 && rc != CC_ENOMEM) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", cc_errmsg()); /* cc_seterr writes that buffer */
        rc = cc_seterr(rc, "%s: %s", cc_doc_path(cc_corpus_doc(sr->ck->corpus, sr->todo[i])),
                       msg);
    }
    return rc;
}

static int run_stage(struct cc_check *ck, doc_stage fn, int stage, const size_t *todo,
                     size_t n)
{
    double t0 = cc_monotonic_seconds();
    stage_run sr = {ck, fn, todo};
    cc_par_task task = {stage_one, stage_done, &sr, NULL};
    int rc = cc_parallel_run(ck->ctx, n, &task);
    ck->stats.seconds[stage] += cc_monotonic_seconds() - t0;
    return rc;
}

/* Segmentation, time and claims for the documents not yet claimed (nor deferred by the
 * claims cache): in a warm run, only the changed ones go to the workers. */
static int extract_rest(struct cc_check *ck)
{
    size_t n = cc_corpus_ndocs(ck->corpus), ntodo = 0;
    size_t *todo = cc_xcalloc(n ? n : 1, sizeof *todo);
    if (!todo)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const cc_doc *d = cc_corpus_doc(ck->corpus, i);
        if (d && !d->claimed && !d->deferred)
            todo[ntodo++] = i;
    }
    int rc = run_stage(ck, cc_doc_segment, CC_CHECK_STAGE_SEGMENT, todo, ntodo);
    if (rc == 0)
        rc = run_stage(ck, cc_doc_time, CC_CHECK_STAGE_TIME, todo, ntodo);
    if (rc == 0)
        rc = run_stage(ck, cc_doc_claims, CC_CHECK_STAGE_CLAIMS, todo, ntodo);
    free(todo);
    return rc;
}

static int gather_claims(struct cc_check *ck)
{
    cc_vec claims = CC_VEC_INIT(ck_claim);
    int rc = extract_rest(ck);
    size_t ndocs = 0, total = 0;
    doc_at *order = rc == 0 ? docs_by_id(ck->corpus, &ndocs) : NULL;
    if (rc == 0 && !order)
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t o = 0; rc == 0 && o < ndocs; o++)
        total += cc_doc_nclaims(order[o].d);
    if (rc == 0 && cc_vec_reserve(&claims, total) < 0) /* one allocation, no regrowth */
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t o = 0; rc == 0 && o < ndocs; o++) {
        size_t d = order[o].i;
        const cc_doc *doc = order[o].d;
        ck->stats.documents++;
        ck->stats.sentences += cc_doc_nsentences(doc);
        ck->stats.claims += cc_doc_nclaims(doc);
        const cc_doc_summary *sum = doc->deferred;
        for (size_t c = 0; rc == 0 && c < cc_doc_nclaims(doc); c++) {
            const cc_claim *cl = sum ? NULL : cc_doc_claim(doc, c);
            if ((sum ? sum->checkworthy[c] : cl->checkworthy) < ck->opts.min_checkworthy)
                continue;
            ck_claim *k = cc_vec_push(&claims);
            if (!k) {
                rc = cc_seterr(CC_ENOMEM, "out of memory");
                break;
            }
            *k = (ck_claim){.doc = d, .claim = c, .d = doc, .c = cl, .cluster = (size_t)-1};
            if (sum) {
                k->keys = sum->keys + sum->key_start[c];
                k->nkeys = sum->key_start[c + 1] - sum->key_start[c];
            } else
                claim_tokens(k);
        }
    }
    ck->claims = claims.items;
    ck->n = claims.n;
    if (rc == 0 && shared_ids(order, ndocs))
        ck_sort(ck->claims, ck->n, sizeof *ck->claims, claim_order);
    free(order);
    return rc;
}

/* ---- deferred documents ---------------------------------------------------------------------- */

/* 1 when the deferred document has two checked claims whose roles clash (the summary lists
 * its clashing claim pairs over all claims). */
static int checked_clash(const struct cc_check *ck, const cc_doc_summary *s)
{
    for (size_t i = 0; i < s->nclashes; i++)
        if (s->checkworthy[s->clashes[i][0]] >= ck->opts.min_checkworthy &&
            s->checkworthy[s->clashes[i][1]] >= ck->opts.min_checkworthy)
            return 1;
    return 0;
}

/* Restores the deferred documents with a claim in a candidate pair (the model, the
 * clustering and every rule but two read only those) or a role clash of checked claims
 * (the document role rule), then completes their claims. The others stay summaries: the
 * set-category rule needs a related claim (a pair or a cluster), so none of theirs. */
int ck_undefer(struct cc_check *ck)
{
    cc_corpus *corpus = ck->corpus;
    size_t ndocs = cc_corpus_ndocs(corpus), wanted = 0;
    if (!corpus->undefer)
        return 0;
    uint8_t *need = cc_xcalloc(ndocs ? ndocs : 1, 1);
    if (!need)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        need[ck->claims[p->a].doc] = need[ck->claims[p->b].doc] = 1;
    }
    for (size_t i = 0; i < ndocs; i++) {
        const cc_doc *d = cc_corpus_doc(corpus, i);
        need[i] = d && d->deferred && (need[i] || checked_clash(ck, d->deferred));
        wanted += need[i];
        ck->stats.unrestored += d && d->deferred && !need[i];
    }
    int rc = wanted ? corpus->undefer(corpus->undefer_arg, corpus, need) : 0;
    for (size_t i = 0; rc == 0 && i < ck->n; i++) {
        ck_claim *k = &ck->claims[i];
        if (!k->c && need[k->doc]) {
            /* the extraction the summary was made from: the same claims */
            k->c = cc_doc_claim(k->d, k->claim);
            if (!k->c)
                rc = cc_seterr(CC_EINTERNAL, "%s: the restored claims do not match the claims "
                               "cache's summary", cc_doc_path(k->d));
            else
                claim_tokens(k);
        }
    }
    free(need);
    return rc;
}

void ck_summary_made_by(const cc_context *ctx, const cc_pairmodel *m, char out[17])
{
    char rules[17], both[40];
    cc_context_rules_hash(ctx, rules);
    snprintf(both, sizeof both, "%s %s", rules, m->idf_checksum);
    cc_hash_hex(both, strlen(both), out);
}

/* Claim pairs (a, b) of the document where a "former" role of a meets a role of b. */
static int doc_clashes(const cc_doc *doc, cc_vec *out)
{
    size_t n = cc_doc_nclaims(doc);
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; cc_doc_claim(doc, a)->nroles && b < n; b++) {
            if (!ck_roles_clash(cc_doc_claim(doc, a), cc_doc_claim(doc, b)))
                continue;
            size_t *pair = cc_vec_push(out);
            if (!pair)
                return cc_seterr(CC_ENOMEM, "out of memory");
            pair[0] = a;
            pair[1] = b;
        }
    return 0;
}

int ck_summary_blob(char **out, size_t *len, const cc_context *ctx, const cc_pairmodel *m,
                    const cc_doc *doc)
{
    /* the keys read only the context and the model of a check */
    struct cc_check ck = {.ctx = ctx, .cf = ctx->conflicts, .model = m};
    size_t n = cc_doc_nclaims(doc);
    cc_doc_summary s = {cc_doc_nsentences(doc), n, cc_xcalloc(n + 1, sizeof(double)),
                        cc_xcalloc(n + 1, sizeof(size_t)), NULL, 0, NULL};
    cc_vec entries = CC_VEC_INIT(ck_block_entry), clashes = CC_VEC_INIT(size_t[2]);
    int rc = s.checkworthy && s.key_start ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t c = 0; rc == 0 && c < n; c++) {
        ck_claim k = {.claim = c, .d = doc, .c = cc_doc_claim(doc, c), .cluster = (size_t)-1};
        claim_tokens(&k);
        s.checkworthy[c] = k.c->checkworthy;
        rc = ck_claim_keys(&ck, &k, c, &entries);
        s.key_start[c + 1] = entries.n;
    }
    if (rc == 0)
        rc = doc_clashes(doc, &clashes);
    uint64_t *keys = cc_xcalloc(entries.n + 1, sizeof *keys);
    if (rc == 0 && !keys)
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < entries.n; i++)
        keys[i] = CC_VEC_AT(&entries, ck_block_entry, i)->key;
    s.keys = keys;
    s.nclashes = clashes.n;
    s.clashes = clashes.items;
    char made_by[17];
    ck_summary_made_by(ctx, m, made_by);
    if (rc == 0)
        rc = cc_summary_bin(out, len, doc, made_by, &s);
    free(keys);
    free(s.checkworthy);
    free(s.key_start);
    cc_vec_free(&entries);
    cc_vec_free(&clashes);
    return rc;
}

/* ---- findings -------------------------------------------------------------------------------- */

/* The document's file name without directories or extension. */
static void doc_base(cc_buf *b, const cc_doc *d)
{
    const char *id = cc_doc_id(d), *slash = strrchr(id, '/');
    cc_buf_puts(b, slash ? slash + 1 : id);
}

/* Lower case, space collapsed: the claim as the fingerprint sees it. */
static void normalized_text(cc_buf *b, const char *s)
{
    int space = 0;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            space = 1;
            continue;
        }
        if (space && b->len)
            cc_buf_putc(b, ' ');
        space = 0;
        cc_buf_putc(b, (char)tolower((unsigned char)*s));
    }
}

static void side_key(cc_buf *b, const ck_claim *k, const char *value)
{
    doc_base(b, k->d);
    cc_buf_putc(b, '\x1f');
    normalized_text(b, k->c->text);
    cc_buf_putc(b, '\x1f');
    cc_buf_puts(b, value);
}

static int fingerprint(char out[17], int type, const ck_claim *a, const char *va,
                       const ck_claim *b, const char *vb)
{
    cc_buf ka = CC_BUF_INIT, kb = CC_BUF_INIT, all = CC_BUF_INIT;
    side_key(&ka, a, va);
    side_key(&kb, b, vb);
    int swap = ka.data && kb.data && strcmp(ka.data, kb.data) > 0;
    cc_buf_puts(&all, cc_conflict_type_name(type));
    cc_buf_putc(&all, '\x1e');
    cc_buf_append(&all, swap ? kb.data : ka.data, swap ? kb.len : ka.len);
    cc_buf_putc(&all, '\x1e');
    cc_buf_append(&all, swap ? ka.data : kb.data, swap ? ka.len : kb.len);
    int rc = ka.oom || kb.oom || all.oom ? cc_seterr(CC_ENOMEM, "out of memory") : 0;
    if (rc == 0)
        cc_hash_hex(all.data, all.len, out);
    cc_buf_free(&ka);
    cc_buf_free(&kb);
    cc_buf_free(&all);
    return rc;
}

int ck_emit(struct cc_check *ck, int rule, size_t a, size_t b, const char *value_a,
            const char *value_b, double factor, int downgrade, const char *explanation)
{
    const cf_rule *r = &ck->cf->rules[rule];
    int severity = downgrade < 0 ? CC_SEVERITY_LOW : r->severity - downgrade;
    if (severity < CC_SEVERITY_LOW)
        severity = CC_SEVERITY_LOW;
    if (severity < ck->opts.min_severity)
        return 0;
    /* Sides in claim order, so that the same finding reads the same whichever way found. */
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
        const char *v = value_a;
        value_a = value_b;
        value_b = v;
    }
    const ck_claim *ka = &ck->claims[a], *kb = &ck->claims[b];
    cc_conflict *f = cc_vec_push(&ck->conflicts);
    if (!f)
        return cc_seterr(CC_ENOMEM, "out of memory");
    f->type = r->type;
    f->severity = severity;
    f->confidence = r->confidence * factor;
    f->rule = r->name;
    f->cluster = rule == CF_ROLE_DOCUMENT ? (size_t)-1 : ka->cluster;
    f->explanation = cc_arena_strndup(&ck->arena, explanation, strlen(explanation));
    f->sides[0] = (cc_conflict_side){ka->doc, ka->claim,
                                     cc_arena_strndup(&ck->arena, value_a, strlen(value_a))};
    f->sides[1] = (cc_conflict_side){kb->doc, kb->claim,
                                     cc_arena_strndup(&ck->arena, value_b, strlen(value_b))};
    if (!f->explanation || !f->sides[0].value || !f->sides[1].value)
        return cc_seterr(CC_ENOMEM, "out of memory");
    return fingerprint(f->fingerprint, f->type, ka, value_a, kb, value_b);
}

static int conflict_order(const void *pa, const void *pb)
{
    const cc_conflict *a = pa, *b = pb;
    if (a->severity != b->severity)
        return b->severity - a->severity;
    if (a->type != b->type)
        return a->type - b->type;
    return strcmp(a->fingerprint, b->fingerprint);
}

static int by_fingerprint(const void *pa, const void *pb)
{
    const cc_conflict *a = pa, *b = pb;
    int c = strcmp(a->fingerprint, b->fingerprint);
    return c ? c : conflict_order(pa, pb);
}

/* Sorted, one finding per fingerprint (two rules, or a cluster and a strong pair, may see
 * the same disagreement: the most severe finding is kept). */
static void sort_conflicts(struct cc_check *ck)
{
    cc_conflict *f = ck->conflicts.items;
    ck_sort(f, ck->conflicts.n, sizeof *f, by_fingerprint);
    size_t w = 0;
    for (size_t r = 0; r < ck->conflicts.n; r++)
        if (w == 0 || strcmp(f[w - 1].fingerprint, f[r].fingerprint) != 0)
            f[w++] = f[r];
    ck->conflicts.n = w;
    ck_sort(f, w, sizeof *f, conflict_order);
}

/* ---- public API ------------------------------------------------------------------------------ */

int cc_check_run(cc_check **out, cc_corpus *corpus, const cc_pairmodel *model,
                 const cc_check_options *opts)
{
    *out = NULL;
    if (!corpus || !model)
        return cc_seterr(CC_EUSAGE, "cc_check_run: corpus and model are required");
    if (cc_context_require(corpus->ctx, CC_STAGE_CHECK) < 0)
        return CC_EUSAGE;
    if (cc_pairmodel_task(model) != CC_TASK_SAME_FACT)
        return cc_seterr(CC_EUSAGE, "the check needs a same-fact model, not a %s model",
                         cc_pair_task_name(cc_pairmodel_task(model)));
    cc_check_options defaults = CC_CHECK_OPTIONS_INIT;
    struct cc_check *ck = cc_xcalloc(1, sizeof *ck);
    if (!ck)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ck->ctx = corpus->ctx;
    ck->cf = corpus->ctx->conflicts;
    ck->model = model;
    ck->corpus = corpus;
    ck->opts = opts ? *opts : defaults;
    ck->pairs = (cc_vec)CC_VEC_INIT(ck_pair);
    ck->conflicts = (cc_vec)CC_VEC_INIT(cc_conflict);
    int rc = gather_claims(ck);
    if (rc == 0)
        rc = ck_cluster(ck);
    double t0 = cc_monotonic_seconds();
    if (rc == 0)
        rc = ck_rules_run(ck);
    if (rc == 0 && ck->side_rc) /* a side the rules needed could not be built */
        rc = cc_seterr(ck->side_rc, "out of memory");
    ck_cluster_done(ck);
    if (rc < 0) {
        cc_check_free(ck);
        return rc;
    }
    sort_conflicts(ck);
    ck->stats.seconds[CC_CHECK_STAGE_CONFLICTS] = cc_monotonic_seconds() - t0;
    ck->stats.checked_claims = ck->n;
    ck->stats.candidate_pairs = ck->pairs.n;
    ck->stats.clusters = ck->nclusters;
    ck->stats.conflicts = ck->conflicts.n;
    *out = ck;
    return 0;
}

void cc_check_get_stats(const cc_check *ck, cc_check_stats *out) { *out = ck->stats; }

const char *cc_check_stage_name(int stage)
{
    static const char *const names[CC_CHECK_NSTAGES] = {
        "load", "segment", "time", "claims", "pairs", "scoring", "clustering", "conflicts",
        "report"};
    return stage >= 0 && stage < CC_CHECK_NSTAGES ? names[stage] : "?";
}

double cc_monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cc_check_free(cc_check *ck)
{
    if (!ck)
        return;
    ck_cluster_done(ck);
    free(ck->claims);
    cc_vec_free(&ck->pairs);
    cc_vec_free(&ck->conflicts);
    cc_arena_free(&ck->arena);
    free(ck);
}

size_t cc_check_nclaims(const cc_check *ck) { return ck->n; }

void cc_check_claim(const cc_check *ck, size_t i, size_t *doc, size_t *claim, size_t *cluster)
{
    const ck_claim *k = i < ck->n ? &ck->claims[i] : NULL;
    if (doc)
        *doc = k ? k->doc : (size_t)-1;
    if (claim)
        *claim = k ? k->claim : (size_t)-1;
    if (cluster)
        *cluster = k ? k->cluster : (size_t)-1;
}

size_t cc_check_nclusters(const cc_check *ck) { return ck->nclusters; }
size_t cc_check_npairs(const cc_check *ck) { return ck->pairs.n; }
size_t cc_check_nconflicts(const cc_check *ck) { return ck->conflicts.n; }

const cc_conflict *cc_check_conflict(const cc_check *ck, size_t i)
{
    return i < ck->conflicts.n ? CC_VEC_AT(&ck->conflicts, cc_conflict, i) : NULL;
}
