/*
 * doc.c: the corpus container and read-only accessors of a loaded document. Loading itself
 * (files, metadata, normalization, boilerplate) is in load.c; segmentation in segment.c.
 */
#include <string.h>

#include "internal.h"
#include "pair_memo.h"
#include "record.h"

int cc_corpus_new(cc_corpus **out, cc_context *ctx)
{
    *out = NULL;
    cc_corpus *c = cc_xcalloc(1, sizeof *c);
    if (!c)
        return cc_seterr(CC_ENOMEM, "out of memory");
    c->ctx = ctx;
    c->docs = (cc_vec)CC_VEC_INIT(cc_doc *);
    *out = c;
    return 0;
}

void cc_corpus_free(cc_corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->docs.n; i++)
        cc_doc_free(*CC_VEC_AT(&c->docs, cc_doc *, i));
    cc_vec_free(&c->docs);
    pm_free(c->pair_memo);
    free(c);
}

size_t cc_corpus_ndocs(const cc_corpus *c) { return c->docs.n; }
size_t cc_corpus_nerrors(const cc_corpus *c) { return c->nerrors; }

cc_doc *cc_corpus_doc(const cc_corpus *c, size_t i)
{
    return i < c->docs.n ? *CC_VEC_AT(&c->docs, cc_doc *, i) : NULL;
}

void cc_corpus_release(cc_corpus *c, size_t i)
{
    if (i >= c->docs.n)
        return;
    cc_doc **slot = CC_VEC_AT(&c->docs, cc_doc *, i);
    cc_doc_free(*slot);
    *slot = NULL;
}

struct cc_doc *cc_doc_alloc(void)
{
    struct cc_doc *d = cc_xcalloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->anchors = (cc_vec)CC_VEC_INIT(cc_anchor);
    d->meta = (cc_vec)CC_VEC_INIT(cc_meta);
    d->removals = (cc_vec)CC_VEC_INIT(cc_removal);
    d->sentences = (cc_vec)CC_VEC_INIT(cc_sentence);
    d->tokens = (cc_vec)CC_VEC_INIT(cc_token);
    return d; /* time expressions and claims: their stages set them up */
}

void cc_doc_free(cc_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->meta.n; i++) {
        cc_meta *m = CC_VEC_AT(&d->meta, cc_meta, i);
        free(m->key);
        free(m->value);
    }
    cc_vec_free(&d->meta);
    cc_vec_free(&d->anchors);
    cc_vec_free(&d->removals);
    cc_vec_free(&d->sentences);
    cc_vec_free(&d->tokens);
    cc_vec_free(&d->timexes);
    cc_vec_free(&d->claims);
    cc_arena_free(&d->arena);
    free(d->id);
    free(d->path);
    free(d->raw);
    free(d->text);
    free(d->date_evidence);
    free(d->dateline);
    free(d);
}

const char *cc_doc_id(const cc_doc *d) { return d->id; }
const char *cc_doc_path(const cc_doc *d) { return d->path; }
const char *cc_doc_checksum(const cc_doc *d) { return d->checksum; }
size_t cc_doc_raw_size(const cc_doc *d) { return d->raw_len; }

const char *cc_doc_text(const cc_doc *d, size_t *len)
{
    if (len)
        *len = d->text_len;
    return d->text ? d->text : "";
}

size_t cc_doc_raw_offset(const cc_doc *d, size_t t)
{
    if (t > d->text_len)
        t = d->text_len;
    const cc_anchor *a = d->anchors.items;
    size_t n = d->anchors.n;
    if (n == 0)
        return t <= d->raw_len ? t : d->raw_len;
    /* last anchor with a->text <= t */
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid].text <= t)
            lo = mid;
        else
            hi = mid;
    }
    if (a[lo].text > t)
        return a[lo].raw;
    size_t r = a[lo].raw + (t - a[lo].text);
    size_t limit = lo + 1 < n ? a[lo + 1].raw : d->raw_len;
    return r < limit ? r : limit;
}

void cc_doc_raw_linecol(const cc_doc *d, size_t off, long *line, long *col)
{
    long l = 1;
    size_t start = 0;
    if (off > d->raw_len)
        off = d->raw_len;
    for (size_t i = 0; i < off; i++) {
        if (d->raw[i] == '\n') {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *col = (long)(off - start) + 1;
}

const char *cc_doc_meta(const cc_doc *d, const char *key)
{
    for (size_t i = 0; i < d->meta.n; i++) {
        const cc_meta *m = CC_VEC_AT(&d->meta, cc_meta, i);
        if (strcmp(m->key, key) == 0)
            return m->value;
    }
    return NULL;
}

size_t cc_doc_nmeta(const cc_doc *d) { return d->meta.n; }

void cc_doc_meta_at(const cc_doc *d, size_t i, const char **key, const char **value)
{
    const cc_meta *m = CC_VEC_AT(&d->meta, cc_meta, i);
    *key = m->key;
    *value = m->value;
}

cc_date_source cc_doc_date(const cc_doc *d, cc_date *out)
{
    if (out)
        *out = d->date;
    return d->date_source;
}

const char *cc_doc_date_evidence(const cc_doc *d) { return d->date_evidence; }
const char *cc_doc_dateline(const cc_doc *d) { return d->dateline; }
size_t cc_doc_nremovals(const cc_doc *d) { return d->removals.n; }

const cc_removal *cc_doc_removal(const cc_doc *d, size_t i)
{
    return i < d->removals.n ? CC_VEC_AT(&d->removals, cc_removal, i) : NULL;
}

size_t cc_doc_nsentences(const cc_doc *d)
{
    return d->deferred ? d->deferred->nsentences : d->sentences.n;
}

const cc_sentence *cc_doc_sentence(const cc_doc *d, size_t i)
{
    return i < d->sentences.n ? CC_VEC_AT(&d->sentences, cc_sentence, i) : NULL;
}

const cc_token *cc_doc_tokens(const cc_doc *d, size_t *n)
{
    if (n)
        *n = d->tokens.n;
    return d->tokens.items;
}

const char *cc_date_source_name(cc_date_source s)
{
    switch (s) {
    case CC_DATE_METADATA: return "metadata";
    case CC_DATE_INFERRED: return "inferred";
    default: return "unknown";
    }
}
