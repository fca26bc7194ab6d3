/*
 * record_bin.c: the claims cache's compact form of a document's extraction: the date, the
 * time expressions and the claims with every slot, in a versioned binary blob that a
 * cached run reads several times faster than the JSON record (record.c), which stays the
 * exchange format of `claims --records` and `check --claims`. Only the cache uses this
 * form, and only applies it to a freshly loaded document of the same text: the text, the
 * raw file, metadata and removals come from the file itself, so they are not stored. Unlike
 * the JSON record it keeps the sentences and tokens (their strings once each): segmenting
 * again was most of what a warm run still spent per document.
 *
 * Layout (integers little-endian):
 *   "CCXB"  u32 version  16 bytes rules hash (hex)  u64 text length  u64 text hash
 *   u64 payload length  u64 payload hash  payload
 * The payload: the segmentation (unless the segmenter warned: then it is made again, and
 * warns again), the date, the time expressions, the claims. It is unsigned LEB128 numbers, strings as a length and bytes (a nullable
 * string stores length + 1, 0 for NULL) and doubles as their 8 IEEE bytes, so a restored
 * value is the exact value stored. Everything is validated as strictly as the JSON
 * reader validates (enums, spans inside the text on character boundaries, order, valid
 * UTF-8 without NUL): a blob that fails is refused whole (CC_EINPUT) and the document is
 * left as loaded. This module does not decide what to cache (cache.c does).
 */
#include <string.h>

#include "record.h"
#include "segment.h"

#define BIN_MAGIC "CCXB"
/* Bump when the layout or what it holds changes: older blobs are then refused. */
#define BIN_VERSION 2u
#define HEADER_SIZE (4 + 4 + 16 + 8 + 8 + 8 + 8)

/* ---- writing ------------------------------------------------------------------------------ */

static void put_u(cc_buf *b, uint64_t v)
{
    unsigned char x[10];
    size_t n = 0;
    do {
        x[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            x[n] |= 0x80;
        n++;
    } while (v);
    cc_buf_append(b, x, n);
}

static void put_u64(cc_buf *b, uint64_t v)
{
    unsigned char x[8];
    for (int i = 0; i < 8; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    cc_buf_append(b, x, 8);
}

/* A string is its length, its bytes and a NUL: the reader points into its copy of the
 * payload instead of copying each string. */
static void put_str(cc_buf *b, const char *s)
{
    size_t n = strlen(s);
    put_u(b, n);
    cc_buf_append(b, s, n + 1);
}

/* NULL is 0; a string its length + 1, its bytes and a NUL. */
static void put_nstr(cc_buf *b, const char *s)
{
    if (!s) {
        put_u(b, 0);
        return;
    }
    size_t n = strlen(s);
    put_u(b, n + 1);
    cc_buf_append(b, s, n + 1);
}

static void put_double(cc_buf *b, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    put_u64(b, v);
}

static void put_span(cc_buf *b, cc_span s)
{
    put_u(b, s.start);
    put_u(b, s.end);
}

static void put_timex(cc_buf *b, const cc_timex *t)
{
    put_span(b, t->span);
    put_u(b, (uint64_t)t->type);
    put_str(b, t->value);
    put_u(b, (uint64_t)t->resolution);
    put_str(b, t->rule);
    put_nstr(b, t->anchor_text);
}

static void put_slots(cc_buf *b, const cc_claim *c)
{
    put_u(b, c->nentities);
    for (size_t i = 0; i < c->nentities; i++) {
        const cc_entity *e = &c->entities[i];
        put_span(b, e->span);
        put_str(b, e->id);
        put_str(b, e->text);
        put_u(b, (uint64_t)e->type);
    }
    put_u(b, c->nroles);
    for (size_t i = 0; i < c->nroles; i++) {
        const cc_role *r = &c->roles[i];
        put_str(b, r->person);
        put_str(b, r->title);
        put_u(b, (uint64_t)r->status);
        put_span(b, r->span);
        put_span(b, r->modifier);
    }
    put_u(b, c->nquantities);
    for (size_t i = 0; i < c->nquantities; i++) {
        const cc_quantity *q = &c->quantities[i];
        put_span(b, q->span);
        put_double(b, q->value);
        put_str(b, q->unit);
        put_u(b, (uint64_t)q->approx);
    }
    put_u(b, c->nlists);
    for (size_t i = 0; i < c->nlists; i++) {
        const cc_list *l = &c->lists[i];
        put_span(b, l->span);
        put_u(b, l->nmembers);
        for (size_t j = 0; j < l->nmembers; j++)
            put_str(b, l->members[j]);
        put_u(b, (uint64_t)l->exclusive);
        put_nstr(b, l->cue);
    }
}

static void put_claim(cc_buf *b, const cc_doc *d, const cc_claim *c)
{
    const cc_timex *tx = d->timexes.items;
    put_span(b, c->span);
    put_str(b, c->text);
    put_u(b, c->sentence);
    put_u(b, (uint64_t)c->kind);
    put_double(b, c->checkworthy);
    put_str(b, c->predicate);
    put_u(b, (uint64_t)c->polarity);
    put_nstr(b, c->negation);
    put_span(b, c->negation_scope);
    put_u(b, (uint64_t)c->modality);
    put_nstr(b, c->hedge);
    put_u(b, (uint64_t)c->attribution);
    put_nstr(b, c->speaker);
    put_nstr(b, c->speech_cue);
    put_u(b, c->ntimes ? (uint64_t)(c->times - tx) : 0);
    put_u(b, c->ntimes);
    put_slots(b, c);
}

/* The distinct token strings of a document, numbered in order of first use. */
typedef struct {
    const char **slot; /* open addressing by content */
    size_t *index, mask;
    const char **list;
    size_t n;
} str_table;

/* The number of `s` in the table, adding it when new. */
static size_t str_number(str_table *t, const char *s)
{
    size_t j = (size_t)cc_fnv1a(s, strlen(s), CC_FNV_SEED) & t->mask;
    for (; t->slot[j]; j = (j + 1) & t->mask)
        if (strcmp(t->slot[j], s) == 0)
            return t->index[j];
    t->slot[j] = s;
    t->index[j] = t->n;
    t->list[t->n] = s;
    return t->n++;
}

/* Tokens as numbers into the table of their distinct strings (most words repeat). */
static int put_tokens(cc_buf *b, const cc_doc *d)
{
    size_t ntok = d->tokens.n, size = 16;
    while (size < 4 * ntok)
        size *= 2;
    str_table t = {cc_xcalloc(size, sizeof *t.slot), cc_xcalloc(size, sizeof *t.index),
                   size - 1, cc_xcalloc(2 * ntok + 1, sizeof *t.list), 0};
    size_t *num = cc_xcalloc(2 * ntok + 1, sizeof *num);
    int rc = t.slot && t.index && t.list && num ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < ntok; i++) {
        const cc_token *k = CC_VEC_AT(&d->tokens, cc_token, i);
        num[2 * i] = str_number(&t, k->norm);
        num[2 * i + 1] = str_number(&t, k->stem);
    }
    if (rc == 0) {
        put_u(b, t.n);
        for (size_t i = 0; i < t.n; i++)
            put_str(b, t.list[i]);
        put_u(b, ntok);
        size_t prev = 0;
        for (size_t i = 0; i < ntok; i++) {
            /* start after the previous start, and length: one byte each, mostly */
            const cc_token *k = CC_VEC_AT(&d->tokens, cc_token, i);
            put_u(b, k->span.start - prev);
            put_u(b, k->span.end - k->span.start);
            put_u(b, num[2 * i]);
            put_u(b, num[2 * i + 1]);
            put_u(b, (uint64_t)k->kind << 4 | (k->flags & 15));
            prev = k->span.start;
        }
    }
    free(t.slot);
    free(t.index);
    free(t.list);
    free(num);
    return rc;
}

/* The segmentation, unless the segmenter warned about the document: a warm run then
 * segments it again and warns the same. */
static int put_segmentation(cc_buf *b, const cc_doc *d)
{
    put_u(b, !d->seg_warned);
    if (d->seg_warned)
        return 0;
    int rc = put_tokens(b, d);
    if (rc < 0)
        return rc;
    put_u(b, d->sentences.n);
    for (size_t i = 0; i < d->sentences.n; i++) {
        const cc_sentence *x = CC_VEC_AT(&d->sentences, cc_sentence, i);
        put_span(b, x->span);
        put_str(b, x->text);
        put_u(b, x->first_token);
        put_u(b, x->ntokens);
        put_u(b, (uint64_t)x->kind);
        put_u(b, (uint64_t)x->paragraph);
    }
    return 0;
}

static void put_date(cc_buf *b, const cc_doc *d)
{
    /* the year is stored with an offset: it may be negative in principle */
    put_u(b, (uint64_t)((int64_t)d->date.year + ((int64_t)1 << 32)));
    put_u(b, (uint64_t)d->date.month);
    put_u(b, (uint64_t)d->date.day);
    put_u(b, (uint64_t)d->date_source);
    put_nstr(b, d->date_evidence);
}

static void put_payload(cc_buf *b, const cc_doc *d)
{
    put_date(b, d);
    put_u(b, d->timexes.n);
    for (size_t i = 0; i < d->timexes.n; i++)
        put_timex(b, CC_VEC_AT(&d->timexes, cc_timex, i));
    put_u(b, d->claims.n);
    for (size_t i = 0; i < d->claims.n; i++)
        put_claim(b, d, CC_VEC_AT(&d->claims, cc_claim, i));
}

/* The blob: the header (magic, version, what made it, the text it was made from, the
 * payload's size and hash), then the payload, which is freed. */
static int finish_blob(char **out, size_t *len, const char *magic, unsigned version,
                       const char made_by[16], const cc_doc *doc, cc_buf *payload)
{
    cc_buf b = CC_BUF_INIT;
    cc_buf_append(&b, magic, 4);
    unsigned char v[4] = {version & 0xff, (version >> 8) & 0xff, 0, 0};
    cc_buf_append(&b, v, 4);
    cc_buf_append(&b, made_by, 16);
    put_u64(&b, doc->text_len);
    put_u64(&b, doc->text_hash);
    put_u64(&b, payload->len);
    put_u64(&b, cc_hash64(payload->data ? payload->data : "", payload->len));
    cc_buf_append(&b, payload->data ? payload->data : "", payload->len);
    int oom = payload->oom || b.oom;
    cc_buf_free(payload);
    if (oom) {
        cc_buf_free(&b);
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    *out = cc_buf_detach(&b, len);
    return 0;
}

int cc_record_bin(char **out, size_t *len, cc_doc *doc, const cc_context *ctx)
{
    *out = NULL;
    *len = 0;
    int rc = cc_doc_claims(doc, ctx);
    if (rc < 0)
        return rc;
    cc_buf payload = CC_BUF_INIT;
    char rules[17];
    cc_context_rules_hash(ctx, rules);
    rc = put_segmentation(&payload, doc);
    if (rc < 0) {
        cc_buf_free(&payload);
        return rc;
    }
    put_payload(&payload, doc);
    return finish_blob(out, len, BIN_MAGIC, BIN_VERSION, rules, doc, &payload);
}

/* ---- reading ------------------------------------------------------------------------------ */

/* A cursor over the payload. The first failure is kept (`what` and where) and every later
 * read then returns zeros, so readers check once per item instead of after every field. */
typedef struct {
    const unsigned char *p, *start, *end;
    struct cc_doc *d;
    const char *what; /* NULL while all is well */
    size_t at;
    int oom;
    int segmented_here; /* the segmentation came from the record: undone on failure */
} rb;

static void fail(rb *r, const char *what)
{
    if (!r->what) {
        r->what = what;
        r->at = (size_t)(r->p - r->start);
        r->p = r->end;
    }
}

static uint64_t get_u(rb *r, uint64_t max, const char *what)
{
    uint64_t v = 0;
    for (int shift = 0; r->p < r->end && shift < 64; shift += 7) {
        unsigned char c = *r->p++;
        if (shift == 63 && c > 1)
            break; /* more than 64 bits */
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            if (v <= max)
                return v;
            break;
        }
    }
    fail(r, what);
    return 0;
}

static int get_enum(rb *r, int n, const char *what) { return (int)get_u(r, (uint64_t)n - 1, what); }

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static double get_double(rb *r, const char *what)
{
    if (r->end - r->p < 8) {
        fail(r, what);
        return 0;
    }
    uint64_t v = get_u64(r->p);
    r->p += 8;
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

/* 1 when s[0, n) is valid UTF-8 without a NUL. */
static int clean_utf8(const char *s, size_t n)
{
    return !memchr(s, '\0', n) && cc_utf8_valid_len(s, n) == n;
}

/* A string of the payload (the reader's copy, which the document keeps): valid UTF-8
 * ended by its NUL and without another. NULL when the stored form says NULL (nullable
 * only) or on failure. */
static const char *get_str_of(rb *r, int nullable, const char *what)
{
    uint64_t left = (uint64_t)(r->end - r->p);
    uint64_t n = get_u(r, left ? left - 1 + (nullable ? 1 : 0) : 0, what);
    if (r->what || (nullable && n == 0))
        return NULL;
    if (nullable)
        n--;
    const char *s = (const char *)r->p;
    if ((size_t)(r->end - r->p) <= n || s[n] != '\0' || !clean_utf8(s, n)) {
        fail(r, what);
        return NULL;
    }
    r->p += n + 1;
    return s;
}

static const char *get_str(rb *r, const char *what) { return get_str_of(r, 0, what); }
static const char *get_nstr(rb *r, const char *what) { return get_str_of(r, 1, what); }

/* 1 when text offset `at` starts a character (or is the end). */
static int char_boundary(const struct cc_doc *d, size_t at)
{
    return at >= d->text_len || ((unsigned char)d->text[at] & 0xC0) != 0x80;
}

/* A span inside the text, start <= end, both on character boundaries. */
static cc_span get_span(rb *r, const char *what)
{
    cc_span s;
    s.start = (size_t)get_u(r, r->d->text_len, what);
    s.end = (size_t)get_u(r, r->d->text_len, what);
    if (s.start > s.end || !char_boundary(r->d, s.start) || !char_boundary(r->d, s.end))
        fail(r, what);
    return s;
}

/* A count of items of at least `min_size` stored bytes each: never more than the bytes
 * left could hold, so a damaged count cannot ask for a huge allocation. */
static size_t get_count(rb *r, size_t min_size, const char *what)
{
    return (size_t)get_u(r, (uint64_t)(r->end - r->p) / min_size, what);
}

/* n zeroed items of `size` bytes in the arena (NULL when n is 0 or on failure). */
static void *arena_items(rb *r, size_t n, size_t size)
{
    if (n == 0 || r->what)
        return NULL;
    void *p = cc_arena_alloc(&r->d->arena, n * size);
    if (!p) {
        r->oom = 1;
        fail(r, "out of memory");
        return NULL;
    }
    return memset(p, 0, n * size);
}

/* Room for exactly the n items the record counts: no regrowth while reading. */
static void reserve(rb *r, cc_vec *v, size_t n)
{
    if (!r->what && cc_vec_reserve(v, n) < 0) {
        r->oom = 1;
        fail(r, "out of memory");
    }
}

/* A string of the table `str` of n by its number. */
static const char *get_ref(rb *r, const char **str, size_t n, const char *what)
{
    if (n == 0 || !str) {
        fail(r, what);
        return "";
    }
    const char *s = str[get_u(r, n - 1, what)];
    return s ? s : "";
}

/* The token strings, then the tokens: spans in order, strings by number. */
static void get_tokens(rb *r)
{
    const char *what = "bad token";
    size_t nstr = get_count(r, 1, what);
    const char **str = arena_items(r, nstr, sizeof *str);
    for (size_t i = 0; i < nstr && !r->what; i++)
        str[i] = get_str(r, what);
    size_t n = get_count(r, 5, what), prev = 0, len = r->d->text_len;
    cc_vec *v = &r->d->tokens;
    cc_token *t = n && !r->what ? malloc(n * sizeof *t) : NULL;
    if (n && !r->what && !t) {
        r->oom = 1;
        fail(r, "out of memory");
    }
    free(v->items);
    *v = (cc_vec){t, 0, n, sizeof *t};
    for (size_t i = 0; i < n && !r->what; i++, v->n++) {
        t[i].span.start = prev + (size_t)get_u(r, len - prev, what);
        t[i].span.end = t[i].span.start + (size_t)get_u(r, len - t[i].span.start, what);
        if (!char_boundary(r->d, t[i].span.start) || !char_boundary(r->d, t[i].span.end))
            fail(r, what);
        t[i].norm = get_ref(r, str, nstr, what);
        t[i].stem = get_ref(r, str, nstr, what);
        unsigned kind_flags = (unsigned)get_u(r, (CC_TOK_SYMBOL << 4) | 15, what);
        t[i].kind = (uint16_t)(kind_flags >> 4);
        t[i].flags = (uint16_t)(kind_flags & 15);
        prev = t[i].span.start;
    }
}

/* Sentences: spans in order, token ranges in order inside the tokens. */
static void get_sentences(rb *r)
{
    const char *what = "bad sentence";
    size_t n = get_count(r, 7, what), ntok = r->d->tokens.n, next = 0;
    cc_vec *v = &r->d->sentences;
    v->n = 0;
    reserve(r, v, n);
    for (size_t i = 0; i < n && !r->what; i++) {
        cc_sentence *x = cc_vec_push(v);
        if (!x) {
            r->oom = 1;
            fail(r, "out of memory");
            return;
        }
        x->span = get_span(r, what);
        x->text = get_str(r, what);
        x->first_token = (size_t)get_u(r, ntok, what);
        x->ntokens = (size_t)get_u(r, ntok - x->first_token, what);
        x->kind = get_enum(r, CC_SENT_LIST_ITEM + 1, what);
        x->paragraph = (int)get_u(r, INT32_MAX, what);
        if (x->first_token < next)
            fail(r, "sentences out of order");
        next = x->first_token + x->ntokens;
    }
}

/* The stored segmentation, or a fresh one when the record keeps none. */
static int get_segmentation(rb *r, const struct cc_context *ctx)
{
    if (!get_u(r, 1, "bad segmentation flag")) {
        if (r->what)
            return 0;
        r->segmented_here = 0;
        return cc_doc_segment(r->d, ctx);
    }
    if (r->d->segmented) {
        fail(r, "the document is segmented already");
        return 0;
    }
    r->segmented_here = 1;
    get_tokens(r);
    get_sentences(r);
    return 0;
}

/* Empties a vector the time or claims stage may not have set up yet (size 0). */
static void reset_vec(cc_vec *v, size_t size)
{
    if (v->size == 0)
        *v = (cc_vec){NULL, 0, 0, size};
    v->n = 0;
}

static void get_timexes(rb *r)
{
    const char *what = "bad time expression";
    size_t n = get_count(r, 7, what);
    reset_vec(&r->d->timexes, sizeof(cc_timex));
    reserve(r, &r->d->timexes, n);
    for (size_t i = 0; i < n && !r->what; i++) {
        cc_timex *t = cc_vec_push(&r->d->timexes);
        if (!t) {
            r->oom = 1;
            fail(r, "out of memory");
            return;
        }
        t->span = get_span(r, what);
        t->type = get_enum(r, CC_TIMEX_SET + 1, what);
        t->value = get_str(r, what);
        t->resolution = get_enum(r, CC_TIME_UNRESOLVED + 1, what);
        t->rule = get_str(r, what);
        t->anchor_text = get_nstr(r, what);
        if (i > 0 && t[-1].span.start > t->span.start)
            fail(r, "time expressions out of order");
    }
}

static void get_entities(rb *r, cc_claim *c)
{
    const char *what = "bad entity";
    size_t n = get_count(r, 5, what);
    cc_entity *e = arena_items(r, n, sizeof *e);
    for (size_t i = 0; i < n && !r->what; i++) {
        e[i].span = get_span(r, what);
        e[i].id = get_str(r, what);
        e[i].text = get_str(r, what);
        e[i].type = get_enum(r, CC_ENT_PLACE + 1, what);
    }
    c->entities = e;
    c->nentities = n;
}

static void get_roles(rb *r, cc_claim *c)
{
    const char *what = "bad role";
    size_t n = get_count(r, 7, what);
    cc_role *o = arena_items(r, n, sizeof *o);
    for (size_t i = 0; i < n && !r->what; i++) {
        o[i].person = get_str(r, what);
        o[i].title = get_str(r, what);
        o[i].status = get_enum(r, CC_ROLE_ELECT + 1, what);
        o[i].span = get_span(r, what);
        o[i].modifier = get_span(r, what);
    }
    c->roles = o;
    c->nroles = n;
}

static void get_quantities(rb *r, cc_claim *c)
{
    const char *what = "bad quantity";
    size_t n = get_count(r, 12, what);
    cc_quantity *q = arena_items(r, n, sizeof *q);
    for (size_t i = 0; i < n && !r->what; i++) {
        q[i].span = get_span(r, what);
        q[i].value = get_double(r, what);
        q[i].unit = get_str(r, what);
        q[i].approx = get_enum(r, CC_APPROX_NEARLY + 1, what);
    }
    c->quantities = q;
    c->nquantities = n;
}

static void get_lists(rb *r, cc_claim *c)
{
    const char *what = "bad list";
    size_t n = get_count(r, 5, what);
    cc_list *l = arena_items(r, n, sizeof *l);
    for (size_t i = 0; i < n && !r->what; i++) {
        l[i].span = get_span(r, what);
        size_t m = get_count(r, 1, what);
        const char **members = arena_items(r, m, sizeof *members);
        for (size_t j = 0; j < m && !r->what; j++)
            members[j] = get_str(r, what);
        l[i].members = members;
        l[i].nmembers = r->what ? 0 : m;
        l[i].exclusive = get_enum(r, 2, what);
        l[i].cue = get_nstr(r, what);
    }
    c->lists = l;
    c->nlists = n;
}

/* The claim's time expressions: a range [first, first + n) of the document's. */
static void get_times(rb *r, cc_claim *c)
{
    size_t ntx = r->d->timexes.n;
    size_t first = (size_t)get_u(r, ntx, "bad times");
    size_t n = (size_t)get_u(r, ntx - first, "bad times");
    c->times = n && !r->what ? CC_VEC_AT(&r->d->timexes, cc_timex, first) : NULL;
    c->ntimes = n;
}

static void get_claim(rb *r, cc_claim *c)
{
    const char *what = "bad claim";
    size_t nsent = r->d->sentences.n;
    if (nsent == 0)
        fail(r, "a claim in a document without sentences");
    c->span = get_span(r, what);
    c->text = get_str(r, what);
    c->sentence = (size_t)get_u(r, nsent ? nsent - 1 : 0, "claim sentence out of range");
    c->kind = get_enum(r, CC_SENT_LIST_ITEM + 1, what);
    c->checkworthy = get_double(r, what);
    c->predicate = get_str(r, what);
    c->polarity = get_enum(r, 2, what);
    c->negation = get_nstr(r, what);
    c->negation_scope = get_span(r, what);
    c->modality = get_enum(r, 2, what);
    c->hedge = get_nstr(r, what);
    c->attribution = get_enum(r, 3, what);
    c->speaker = get_nstr(r, what);
    c->speech_cue = get_nstr(r, what);
    get_times(r, c);
    get_entities(r, c);
    get_roles(r, c);
    get_quantities(r, c);
    get_lists(r, c);
}

static void get_claims(rb *r)
{
    size_t n = get_count(r, 29, "bad claim count");
    reset_vec(&r->d->claims, sizeof(cc_claim));
    reserve(r, &r->d->claims, n);
    for (size_t i = 0; i < n && !r->what; i++) {
        cc_claim *c = cc_vec_push(&r->d->claims);
        if (!c) {
            r->oom = 1;
            fail(r, "out of memory");
            return;
        }
        get_claim(r, c);
    }
}

/* The document date; its evidence is malloc'd (the document owns it outside the arena). */
static void get_date(rb *r, cc_date *date, cc_date_source *src, char **evidence)
{
    const char *what = "bad date";
    int64_t year = (int64_t)get_u(r, UINT32_MAX * 2ULL, what) - ((int64_t)1 << 32);
    date->year = year < INT32_MIN || year > INT32_MAX ? 0 : (int)year;
    date->month = (int)get_u(r, INT32_MAX, what);
    date->day = (int)get_u(r, INT32_MAX, what);
    *src = (cc_date_source)get_enum(r, CC_DATE_INFERRED + 1, "bad date source");
    if (!r->what && *src != CC_DATE_UNKNOWN &&
        !cc_date_valid(date->year, date->month, date->day))
        fail(r, "the date is not a calendar day");
    const char *ev = get_nstr(r, what);
    *evidence = NULL;
    if (ev && !(*evidence = cc_strdup(ev))) {
        r->oom = 1;
        fail(r, "out of memory");
    }
}

/* The header: magic, version, rules, the text it was made from, the payload's size and
 * hash. Returns NULL when it fits, else what is wrong. */
static const char *check_header(const struct cc_doc *d, const char *magic, unsigned version,
                                const char made_by[16], const unsigned char *b, size_t len)
{
    if (len < HEADER_SIZE || memcmp(b, magic, 4) != 0)
        return "not a cached record";
    if ((get_u64(b + 4) & 0xffffffffu) != version)
        return "another version of the cached record";
    if (memcmp(b + 8, made_by, 16) != 0)
        return "made with other rules";
    if (get_u64(b + 24) != d->text_len ||
        get_u64(b + 32) != d->text_hash)
        return "made from another text";
    if (get_u64(b + 40) != len - HEADER_SIZE ||
        get_u64(b + 48) != cc_hash64(b + HEADER_SIZE, len - HEADER_SIZE))
        return "cut short or damaged (size or hash)";
    return NULL;
}

/* The segmentation (stored or made again), then the extraction. */
static int read_payload(rb *r, const struct cc_context *ctx, cc_date *date,
                        cc_date_source *src, char **evidence)
{
    int rc = get_segmentation(r, ctx);
    if (rc < 0)
        return rc;
    get_date(r, date, src, evidence);
    get_timexes(r);
    get_claims(r);
    if (!r->what && r->p != r->end)
        fail(r, "bytes after the record");
    return 0;
}

/* What restoring a record puts in the arena, besides the copy, is about one and a half times
 * the record (slot arrays, string tables): room for both in one block spares the worker's
 * heap dozens of small growths per document (memory not used is never touched). */
enum { KEEP_ROOM_FACTOR = 3 };

char *cc_record_bin_keep(struct cc_doc *doc, const char *blob, size_t len)
{
    if (len < SIZE_MAX / KEEP_ROOM_FACTOR)
        cc_arena_reserve(&doc->arena, len * KEEP_ROOM_FACTOR); /* only a hint when it fails */
    char *copy = cc_arena_alloc(&doc->arena, len ? len : 1);
    return copy ? memcpy(copy, blob, len) : NULL;
}

int cc_record_bin_apply(struct cc_doc *doc, const struct cc_context *ctx, const char *blob,
                        size_t len, const char *where)
{
    char *copy = cc_record_bin_keep(doc, blob, len);
    return copy ? cc_record_bin_restore(doc, ctx, copy, len, where)
                : cc_seterr(CC_ENOMEM, "out of memory");
}

/* The error of a payload the reader failed on (r->what set), naming document and byte. */
static int read_error(const rb *r, const char *where)
{
    return r->oom ? cc_seterr(CC_ENOMEM, "out of memory")
                  : cc_seterr(CC_EINPUT, "%s: %s: invalid at byte %zu: %s", r->d->path, where,
                              HEADER_SIZE + r->at, r->what);
}

/* The date read from a blob, into the document (which then owns the evidence). */
static void set_date(struct cc_doc *doc, cc_date date, cc_date_source src, char *evidence)
{
    doc->date = date;
    doc->date_source = src;
    free(doc->date_evidence);
    doc->date_evidence = evidence;
}

int cc_record_bin_restore(struct cc_doc *doc, const struct cc_context *ctx, const char *kept,
                          size_t len, const char *where)
{
    const unsigned char *b = (const unsigned char *)kept;
    char rules[17];
    cc_context_rules_hash(ctx, rules);
    const char *bad = check_header(doc, BIN_MAGIC, BIN_VERSION, rules, b, len);
    if (bad)
        return cc_seterr(CC_EINPUT, "%s: %s: %s", doc->path, where, bad);
    /* the payload is read in place: its strings are used where they lie */
    const unsigned char *payload = b + HEADER_SIZE;
    size_t plen = len - HEADER_SIZE;
    rb r = {payload, payload, payload + plen, doc, NULL, 0, 0, 0};
    cc_date date = {0, 0, 0};
    cc_date_source src = CC_DATE_UNKNOWN;
    char *evidence = NULL;
    int rc = read_payload(&r, ctx, &date, &src, &evidence);
    if (rc == 0 && r.what)
        rc = read_error(&r, where);
    if (rc == 0 && r.segmented_here)
        rc = seg_restored(doc);
    if (rc < 0) {
        if (r.segmented_here)
            doc->tokens.n = doc->sentences.n = 0;
        doc->timexes.n = 0;
        doc->claims.n = 0;
        doc->timed = doc->claimed = 0;
        free(evidence);
        return rc;
    }
    set_date(doc, date, src, evidence);
    doc->timed = doc->claimed = 1;
    return 0;
}

/* ---- check summaries ---------------------------------------------------------------------- *
 * The payload: sentence and claim counts, the date (as in a record), the first sentence's
 * text when it is a title (NULL otherwise), per claim its check-worthiness and its blocking
 * keys (8 bytes each), then the role clashes as claim pairs. */

#define SUMMARY_MAGIC "CCXS"
/* Bump when the layout or what the check reads of it changes: older blobs are then refused. */
#define SUMMARY_VERSION 1u

int cc_summary_bin(char **out, size_t *len, const cc_doc *doc, const char made_by[17],
                   const cc_doc_summary *s)
{
    cc_buf p = CC_BUF_INIT;
    const cc_sentence *first = doc->sentences.n ? doc->sentences.items : NULL;
    *out = NULL;
    *len = 0;
    put_u(&p, s->nsentences);
    put_u(&p, s->nclaims);
    put_date(&p, doc);
    put_nstr(&p, first && first->kind == CC_SENT_TITLE ? first->text : NULL);
    for (size_t i = 0; i < s->nclaims; i++) {
        put_double(&p, s->checkworthy[i]);
        put_u(&p, s->key_start[i + 1] - s->key_start[i]);
        for (size_t k = s->key_start[i]; k < s->key_start[i + 1]; k++)
            put_u64(&p, s->keys[k]);
    }
    put_u(&p, s->nclashes);
    for (size_t i = 0; i < s->nclashes; i++) {
        put_u(&p, s->clashes[i][0]);
        put_u(&p, s->clashes[i][1]);
    }
    return finish_blob(out, len, SUMMARY_MAGIC, SUMMARY_VERSION, made_by, doc, &p);
}

/* Skips the claims, counting their keys; then reads the clash count. */
static void count_summary(rb *r, size_t nclaims, size_t *nkeys, size_t *nclashes)
{
    const char *what = "bad claim summary";
    *nkeys = 0;
    for (size_t i = 0; i < nclaims && !r->what; i++) {
        get_double(r, what);
        size_t n = get_count(r, 8, what);
        *nkeys += n;
        r->p += r->what ? 0 : n * 8;
    }
    *nclashes = get_count(r, 2, "bad role clash");
}

/* The summary and its arrays in one block of the document's arena: the claims are read
 * twice, counted first (count_summary), then stored. */
static cc_doc_summary *get_summary(rb *r, size_t nsentences, size_t nclaims)
{
    const unsigned char *claims = r->p;
    size_t nkeys, nclashes;
    count_summary(r, nclaims, &nkeys, &nclashes);
    size_t size = sizeof(cc_doc_summary) + nclaims * sizeof(double) +
                  (nclaims + 1) * sizeof(size_t) + nkeys * sizeof(uint64_t) +
                  nclashes * 2 * sizeof(size_t);
    cc_doc_summary *s = r->what ? NULL : arena_items(r, 1, size);
    if (!s)
        return NULL;
    *s = (cc_doc_summary){nsentences, nclaims, (double *)(s + 1), NULL, NULL, nclashes, NULL};
    s->key_start = (size_t *)(s->checkworthy + nclaims);
    s->keys = (uint64_t *)(s->key_start + nclaims + 1);
    s->clashes = (size_t(*)[2])(s->keys + nkeys);
    r->p = claims;
    const char *what = "bad claim summary";
    for (size_t i = 0, k = 0; i < nclaims; i++) {
        double cw = get_double(r, what);
        if (!(cw >= 0 && cw <= 1))
            fail(r, what);
        s->checkworthy[i] = cw;
        for (size_t n = get_count(r, 8, what); n; n--, r->p += 8)
            s->keys[k++] = get_u64(r->p);
        s->key_start[i + 1] = k;
    }
    get_count(r, 2, what); /* the clash count, read before */
    for (size_t i = 0; i < nclashes && !r->what; i++)
        for (int j = 0; j < 2; j++)
            s->clashes[i][j] = (size_t)get_u(r, nclaims ? nclaims - 1 : 0, "bad role clash");
    if (nclashes && !nclaims)
        fail(r, "bad role clash");
    return s;
}

int cc_summary_bin_apply(cc_doc *doc, const char made_by[17], const char *blob, size_t len,
                         const char *where)
{
    const unsigned char *b = (const unsigned char *)blob;
    const char *bad = check_header(doc, SUMMARY_MAGIC, SUMMARY_VERSION, made_by, b, len);
    if (bad)
        return cc_seterr(CC_EINPUT, "%s: %s: %s", doc->path, where, bad);
    /* read where it lies: what the document keeps is copied (the title and date evidence) */
    rb r = {b + HEADER_SIZE, b + HEADER_SIZE, b + len, doc, NULL, 0, 0, 0};
    cc_date date = {0, 0, 0};
    cc_date_source src = CC_DATE_UNKNOWN;
    char *evidence = NULL;
    size_t nsentences = (size_t)get_u(&r, UINT32_MAX, "bad sentence count");
    size_t nclaims = get_count(&r, 9, "bad claim count");
    get_date(&r, &date, &src, &evidence);
    const char *title = get_nstr(&r, "bad title");
    cc_doc_summary *s = get_summary(&r, nsentences, nclaims);
    if (!r.what && r.p != r.end)
        fail(&r, "bytes after the summary");
    int rc = 0;
    if (r.what)
        rc = read_error(&r, where);
    else
        rc = seg_title_line(doc, title);
    if (rc < 0) {
        free(evidence);
        return rc;
    }
    set_date(doc, date, src, evidence);
    doc->deferred = s;
    return 0;
}
