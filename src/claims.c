/*
 * claims.c: the claims stage: splits each sentence (and title) into clauses, one claim per
 * clause ("X barred US citizens, a move that answers the US travel ban" gives two), gathers
 * each clause's slots from the sentence-level extractors (claims_ent.c, claims_slots.c) and
 * the time stage, and scores check-worthiness. It does not compare claims (later stages do).
 */
#include <math.h>
#include <string.h>

#include "claims.h"
#include "parallel.h"
#include "record.h"

const char *cc_entity_type_name(int type)
{
    static const char *const names[] = {"person", "country", "organization", "place"};
    return type >= 0 && type < 4 ? names[type] : "?";
}

const char *cc_role_status_name(int status)
{
    static const char *const names[] = {"current", "former", "acting", "elect"};
    return status >= 0 && status < 4 ? names[status] : "?";
}

const char *cc_approx_name(int approx)
{
    static const char *const names[] = {"exact", "about", "at_least", "at_most", "more_than",
                                        "nearly"};
    return approx >= 0 && approx < 6 ? names[approx] : "?";
}

const char *cc_polarity_name(int p) { return p == CC_POLARITY_NEGATED ? "negated" : "affirmed"; }
const char *cc_modality_name(int m) { return m == CC_MODALITY_HEDGED ? "hedged" : "asserted"; }

const char *cc_attribution_name(int a)
{
    static const char *const names[] = {"narrator", "reported", "quoted"};
    return a >= 0 && a < 3 ? names[a] : "?";
}

/* ---- quotation marks ---------------------------------------------------------------------- */

/* Marks the tokens between quotation marks. A straight quote toggles; curly ones open and
 * close. The marks themselves are not inside. */
static void mark_quotes(cl_sent *cs)
{
    int in = 0;
    for (size_t k = cs->s; k < cs->e; k++) {
        const char *w = cs->t[k].norm;
        int open = strcmp(w, "\xe2\x80\x9c") == 0, close = strcmp(w, "\xe2\x80\x9d") == 0;
        int straight = strcmp(w, "\"") == 0;
        if (open || (straight && !in)) {
            in = 1;
            cs->quoted[k - cs->s] = 0;
        } else if (close || straight) {
            in = 0;
            cs->quoted[k - cs->s] = 0;
        } else {
            cs->quoted[k - cs->s] = (uint8_t)in;
        }
    }
}

/* ---- clauses ------------------------------------------------------------------------------ */

static int in_list(const cl_sent *cs, size_t k)
{
    for (size_t i = 0; i < cs->lists.n; i++) {
        const cl_list_at *l = CC_VEC_AT(&cs->lists, cl_list_at, i);
        if (k >= l->t0 && k < l->t1)
            return 1;
    }
    return 0;
}

static size_t words_in(const cl_sent *cs, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t k = a; k < b; k++)
        n += cs->t[k].kind == CC_TOK_WORD;
    return n;
}

/* A clause begins at k: a subject-like token (determiner, pronoun, name, number). */
static int subject_start(const cl_sent *cs, size_t k)
{
    if (k >= cs->e)
        return 0;
    /* not a verb phrase sharing the subject: ", and set fire", ", and has shown" */
    const cc_token *t = &cs->t[k];
    if (cl_mention_at(cs, k) || t->kind == CC_TOK_NUMBER || cl_is(cs->lex, t, CL_FUNCTION))
        return 1;
    size_t n = strlen(t->norm);
    char buf[64];
    int verb_form = cl_verb_lemma(cs->lex, t->norm, buf) &&
                    ((n > 3 && strcmp(t->norm + n - 2, "ed") == 0) ||
                     cl_map_get(&cs->lex->verb_exc, t->norm, n));
    return t->kind == CC_TOK_WORD && !verb_form && !cl_is(cs->lex, t, CL_AUX);
}

/* ", a deal that ...", ", an attack which ...": an appositive noun with its relative. */
static size_t noun_relative(const cl_sent *cs, size_t k)
{
    if (!cl_tok_is(&cs->t[k], ",") || k + 3 >= cs->e ||
        !cl_is(cs->lex, &cs->t[k + 1], CL_ARTICLE) || cl_tok_is(&cs->t[k + 1], "the"))
        return 0;
    for (size_t j = k + 2; j < cs->e && j < k + 5; j++) {
        if (cl_tok_is(&cs->t[j], "that") || cl_tok_is(&cs->t[j], "which"))
            return j > k + 2 ? j + 1 - k : 0;
        if (cs->t[j].kind != CC_TOK_WORD || cl_mention_at(cs, j))
            return 0;
    }
    return 0;
}

typedef struct {
    size_t c0, c1; /* tokens of the clause */
    int relative;  /* begins with a relative ("which", "a move that") */
} clause;

/* Splits [s, e) at relatives, semicolons and coordinated clauses. Returns the count. */
static size_t split_clauses(const cl_sent *cs, clause *out, size_t max)
{
    size_t n = 0, start = cs->s;
    int rel = 0;
    for (size_t k = cs->s + 1; k < cs->e && n + 1 < max; k++) {
        size_t m = 0;
        int is_rel = 0;
        if (cs->t[k].kind != CC_TOK_PUNCT || in_list(cs, k))
            continue;
        if ((m = cl_match(cs->lex, cs->t, k, cs->e, CL_CLAUSE_REL, NULL)) > 0 ||
            (m = noun_relative(cs, k)) > 0) {
            is_rel = 1;
        } else if ((m = cl_match(cs->lex, cs->t, k, cs->e, CL_CLAUSE_CONJ, NULL)) > 0) {
            if (!subject_start(cs, k + m) || words_in(cs, k + m, cs->e) < 3)
                continue;
            /* "though ...", "while ...": the narrator's own aside, not the reported content */
            const cc_token *cj = &cs->t[k + m - 1];
            is_rel = !(cl_tok_is(cj, "and") || cl_tok_is(cj, "but"));
        } else if (cl_tok_is(&cs->t[k], ";")) {
            m = 1;
        } else {
            continue;
        }
        if (words_in(cs, start, k) < 3 || words_in(cs, k + 1, cs->e) < 3)
            continue;
        out[n++] = (clause){start, k, rel};
        /* a relative keeps its words ("which", "a move that"); a conjunction goes */
        start = m == 1 || is_rel ? k + 1 : k + m;
        rel = is_rel;
        k += m - 1;
    }
    out[n++] = (clause){start, cs->e, rel};
    return n;
}

/* ---- check-worthiness --------------------------------------------------------------------- */

static double checkworthiness(const cl_sent *cs, const clause *c, const cc_claim *cl,
                              const cc_sentence *sent)
{
    double score = 0.4; /* a plain statement with a verb passes the threshold */
    score += cl->nentities ? 0.2 : 0;
    score += cl->ntimes ? 0.15 : 0;
    score += cl->nquantities ? 0.15 : 0;
    score += cl->predicate[0] && strcmp(cl->predicate, "be") != 0 ? 0.15 : 0;
    score += cl->nlists ? 0.05 : 0;
    size_t words = words_in(cs, c->c0, c->c1);
    for (size_t k = cs->s; k < cs->e; k++) {
        if (cl_match(cs->lex, cs->t, k, cs->e, CL_LOW_WORTH, NULL)) {
            score *= 0.3;
            break;
        }
    }
    if (c->c1 > c->c0 && cl_tok_is(&cs->t[c->c1 - 1], "?"))
        score = fmin(score, 0.1);
    for (size_t k = c->c0; k < c->c1; k++)
        if (cl_tok_is(&cs->t[k], "?")) {
            score = fmin(score, 0.2);
            break;
        }
    if (sent->kind == CC_SENT_HEADING)
        score *= 0.7;
    if (sent->kind == CC_SENT_LIST_ITEM && !cl->predicate[0])
        score *= 0.5;
    if (words < 4)
        score = fmin(score, 0.1);
    else if (words < 6)
        score *= 0.7;
    score = fmax(0, fmin(1, score));
    return round(score * 100) / 100;
}

/* ---- assembling claims -------------------------------------------------------------------- */

static int copy_entities(const cl_sent *cs, const clause *c, cc_claim *cl)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->ments.n; i++) {
        const cl_mention *m = CC_VEC_AT(&cs->ments, cl_mention, i);
        n += m->t0 >= c->c0 && m->t0 < c->c1;
    }
    cc_entity *out = n ? cc_arena_alloc(&cs->doc->arena, n * sizeof *out) : NULL;
    if (n && !out)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cl->entities = out;
    cl->nentities = 0;
    for (size_t i = 0; i < cs->ments.n; i++) {
        const cl_mention *m = CC_VEC_AT(&cs->ments, cl_mention, i);
        if (m->t0 >= c->c0 && m->t0 < c->c1)
            out[cl->nentities++] = m->e;
    }
    return 0;
}

static int copy_roles(const cl_sent *cs, const clause *c, cc_claim *cl)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->roles.n; i++) {
        const cl_role_at *r = CC_VEC_AT(&cs->roles, cl_role_at, i);
        n += r->t0 >= c->c0 && r->t0 < c->c1;
    }
    cc_role *out = n ? cc_arena_alloc(&cs->doc->arena, n * sizeof *out) : NULL;
    if (n && !out)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cl->roles = out;
    cl->nroles = 0;
    for (size_t i = 0; i < cs->roles.n; i++) {
        const cl_role_at *r = CC_VEC_AT(&cs->roles, cl_role_at, i);
        if (r->t0 >= c->c0 && r->t0 < c->c1)
            out[cl->nroles++] = r->r;
    }
    return 0;
}

static int copy_quantities(const cl_sent *cs, const clause *c, cc_claim *cl)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->quants.n; i++) {
        const cl_quant_at *q = CC_VEC_AT(&cs->quants, cl_quant_at, i);
        n += q->t0 >= c->c0 && q->t0 < c->c1;
    }
    cc_quantity *out = n ? cc_arena_alloc(&cs->doc->arena, n * sizeof *out) : NULL;
    if (n && !out)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cl->quantities = out;
    cl->nquantities = 0;
    for (size_t i = 0; i < cs->quants.n; i++) {
        const cl_quant_at *q = CC_VEC_AT(&cs->quants, cl_quant_at, i);
        if (q->t0 >= c->c0 && q->t0 < c->c1)
            out[cl->nquantities++] = q->q;
    }
    return 0;
}

static int copy_lists(const cl_sent *cs, const clause *c, cc_claim *cl)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->lists.n; i++) {
        const cl_list_at *l = CC_VEC_AT(&cs->lists, cl_list_at, i);
        n += l->t0 >= c->c0 && l->t0 < c->c1;
    }
    cc_list *out = n ? cc_arena_alloc(&cs->doc->arena, n * sizeof *out) : NULL;
    if (n && !out)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cl->lists = out;
    cl->nlists = 0;
    for (size_t i = 0; i < cs->lists.n; i++) {
        const cl_list_at *l = CC_VEC_AT(&cs->lists, cl_list_at, i);
        if (!(l->t0 >= c->c0 && l->t0 < c->c1))
            continue;
        cc_list *o = &out[cl->nlists++];
        const char **m = cc_arena_alloc(&cs->doc->arena, l->members.n * sizeof *m);
        if (!m)
            return cc_seterr(CC_ENOMEM, "out of memory");
        memcpy(m, l->members.items, l->members.n * sizeof *m);
        o->members = m;
        o->nmembers = l->members.n;
        o->exclusive = l->exclusive;
        o->cue = l->cue;
        o->span.start = cs->t[l->t0].span.start;
        o->span.end = cs->t[l->t1 - 1].span.end;
    }
    return 0;
}

static int copy_times(const cl_sent *cs, cc_claim *cl)
{
    size_t n;
    const cc_timex *tx = cc_doc_timexes(cs->doc, &n);
    size_t first = n, cnt = 0;
    for (size_t i = 0; i < n; i++) {
        if (tx[i].span.start >= cl->span.start && tx[i].span.start < cl->span.end) {
            if (first == n)
                first = i;
            cnt++;
        }
    }
    /* borrowed from the document's expressions: they are sorted, so the range is contiguous */
    cl->times = cnt ? &tx[first] : NULL;
    cl->ntimes = cnt;
    return 0;
}

/* The clause's text: the sentence's own text when the clause is the whole sentence, else the
 * document's bytes with runs of space collapsed. */
static const char *clause_text(const cl_sent *cs, const clause *c, const cc_sentence *sent)
{
    if (c->c0 == cs->s && c->c1 == cs->e)
        return sent->text;
    size_t s0 = cs->t[c->c0].span.start, e0 = cs->t[c->c1 - 1].span.end;
    char *out = cc_arena_alloc(&cs->doc->arena, e0 - s0 + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = s0; i < e0; i++) {
        char ch = cs->doc->text[i];
        int space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
        if (space && n && out[n - 1] == ' ')
            continue;
        out[n++] = space ? ' ' : ch;
    }
    out[n] = '\0';
    return out;
}

/* Mostly inside quotation marks, or quoted words plus the frame that says who said them
 * ('but we got respect," said union leader Afi Mensah'). */
static int quoted_clause(const cl_sent *cs, const clause *c)
{
    size_t q = 0, w = 0, framed = 0;
    for (size_t k = c->c0; k < c->c1; k++) {
        if (cs->t[k].kind != CC_TOK_WORD)
            continue;
        w++;
        q += cs->quoted[k - cs->s];
        framed += !cs->quoted[k - cs->s] && k >= cs->frame0 && k < cs->frame1;
    }
    return w && (q * 2 >= w || (q && q + framed == w));
}

static int make_claim(cl_sent *cs, const clause *c, size_t si, const cc_sentence *sent)
{
    cc_claim *cl = cc_vec_push(&cs->doc->claims);
    if (!cl)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cl->span.start = cs->t[c->c0].span.start;
    cl->span.end = cs->t[c->c1 - 1].span.end;
    cl->sentence = si;
    cl->kind = sent->kind;
    if (!(cl->text = clause_text(cs, c, sent)))
        return cc_seterr(CC_ENOMEM, "out of memory");
    int rc = copy_entities(cs, c, cl);
    if (rc == 0)
        rc = copy_roles(cs, c, cl);
    if (rc == 0)
        rc = copy_quantities(cs, c, cl);
    if (rc == 0)
        rc = copy_lists(cs, c, cl);
    if (rc == 0)
        rc = copy_times(cs, cl);
    if (rc < 0)
        return rc;
    cl_polarity(cs, c->c0, c->c1, cl);
    cl_modality(cs, c->c0, c->c1, cl);
    if (!(cl->predicate = cl_predicate(cs, c->c0, c->c1)))
        return cc_seterr(CC_ENOMEM, "out of memory");
    /* a relative clause is the narrator's, unless it is inside the quotation */
    int quoted = quoted_clause(cs, c);
    if (quoted || (cs->attr != CC_ATTR_NARRATOR && !c->relative)) {
        cl->attribution = quoted ? CC_ATTR_QUOTED : cs->attr;
        cl->speaker = cs->speaker;
        cl->speech_cue = cs->speech_cue;
        /* a quotation running on from the previous sentence keeps its speaker */
        if (quoted && !cl->speaker)
            cl->speaker = cs->ds->last_speaker;
    }
    cl->checkworthy = checkworthiness(cs, c, cl, sent);
    return 0;
}

static void sent_reset(cl_sent *cs)
{
    cs->ments.n = cs->roles.n = cs->quants.n = 0;
    for (size_t i = 0; i < cs->lists.n; i++)
        cc_vec_free(&CC_VEC_AT(&cs->lists, cl_list_at, i)->members);
    cs->lists.n = 0;
    cs->attr = CC_ATTR_NARRATOR;
    cs->speaker = cs->speech_cue = NULL;
    cs->frame0 = cs->frame1 = 0;
}

static int sentence_claims(cl_sent *cs, size_t si, const cc_sentence *sent)
{
    enum { MAX_CLAUSES = 32 };
    clause cls[MAX_CLAUSES];
    cs->s = sent->first_token;
    cs->e = sent->first_token + sent->ntokens;
    cs->headline = sent->kind == CC_SENT_TITLE || sent->kind == CC_SENT_HEADING;
    if (cs->e <= cs->s)
        return 0;
    uint8_t *q = realloc(cs->quoted, sent->ntokens);
    if (!q)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cs->quoted = q;
    sent_reset(cs);
    mark_quotes(cs);
    int rc = cl_entities(cs);
    if (rc == 0)
        rc = cl_roles(cs);
    if (rc == 0)
        rc = cl_quantities(cs);
    if (rc == 0)
        rc = cl_lists(cs);
    if (rc == 0)
        rc = cl_attribution(cs);
    if (cs->speaker)
        cs->ds->last_speaker = cs->speaker;
    size_t n = rc == 0 ? split_clauses(cs, cls, MAX_CLAUSES) : 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (words_in(cs, cls[i].c0, cls[i].c1))
            rc = make_claim(cs, &cls[i], si, sent);
    return rc;
}

int cc_doc_claims(cc_doc *doc, const cc_context *ctx)
{
    if (doc->claimed)
        return 0;
    if (cc_context_require(ctx, CC_STAGE_CLAIMS) < 0)
        return CC_EUSAGE;
    int rc = cc_doc_segment(doc, ctx);
    if (rc == 0)
        rc = cc_doc_time(doc, ctx);
    if (rc < 0)
        return rc;
    size_t ntok;
    cl_docstate ds = {CC_VEC_INIT(cl_person), NULL, NULL};
    cl_sent cs = {0};
    cs.lex = ctx->claims;
    cs.ctx = ctx;
    cs.doc = doc;
    cs.ds = &ds;
    cs.t = cc_doc_tokens(doc, &ntok);
    cs.ments = (cc_vec)CC_VEC_INIT(cl_mention);
    cs.roles = (cc_vec)CC_VEC_INIT(cl_role_at);
    cs.quants = (cc_vec)CC_VEC_INIT(cl_quant_at);
    cs.lists = (cc_vec)CC_VEC_INIT(cl_list_at);
    doc->claims = (cc_vec)CC_VEC_INIT(cc_claim);
    size_t i = 0;
    for (; i < doc->sentences.n && rc == 0 && doc->claims.n < ctx->opts.max_claims; i++)
        rc = sentence_claims(&cs, i, CC_VEC_AT(&doc->sentences, cc_sentence, i));
    if (rc == 0 && i < doc->sentences.n)
        cc_diag_emit(ctx, CC_DIAG_WARNING, "too-many-claims", doc->path, 0, 0, -1,
                     "the limit of %zu claims was reached: the last %zu sentences were not "
                     "read (raise it with --max-claims)",
                     ctx->opts.max_claims, doc->sentences.n - i);
    sent_reset(&cs);
    cc_vec_free(&cs.ments);
    cc_vec_free(&cs.roles);
    cc_vec_free(&cs.quants);
    cc_vec_free(&cs.lists);
    cc_vec_free(&ds.persons);
    free(cs.quoted);
    if (rc == 0)
        doc->claimed = 1;
    return rc;
}

/* Documents of a corpus, one per worker item: each is written by one thread only. */
typedef struct {
    cc_corpus *corpus;
    size_t from;
} corpus_claims;

static int claims_one(void *arg, size_t i)
{
    const corpus_claims *cc = arg;
    cc_doc *doc = cc_corpus_doc(cc->corpus, cc->from + i);
    return doc ? cc_doc_claims(doc, cc->corpus->ctx) : 0;
}

static int claims_done(void *arg, size_t i, int rc)
{
    const corpus_claims *cc = arg;
    if (rc < 0 && rc != CC_ENOMEM) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", cc_errmsg()); /* cc_seterr writes that buffer */
        rc = cc_seterr(rc, "%s: %s", cc_doc_path(cc_corpus_doc(cc->corpus, cc->from + i)), msg);
    }
    return rc;
}

int cc_corpus_claims(cc_corpus *corpus, size_t from, size_t to)
{
    if (cc_context_require(corpus->ctx, CC_STAGE_CLAIMS) < 0)
        return CC_EUSAGE;
    if (to > cc_corpus_ndocs(corpus))
        to = cc_corpus_ndocs(corpus);
    if (from >= to)
        return 0;
    corpus_claims cc = {corpus, from};
    cc_par_task task = {claims_one, claims_done, &cc, NULL};
    return cc_parallel_run(corpus->ctx, to - from, &task);
}

size_t cc_doc_nclaims(const cc_doc *doc)
{
    return doc->deferred ? doc->deferred->nclaims : doc->claims.n;
}

const cc_claim *cc_doc_claim(const cc_doc *doc, size_t i)
{
    return i < doc->claims.n ? CC_VEC_AT(&doc->claims, cc_claim, i) : NULL;
}
