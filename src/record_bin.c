/*
 * record_bin.c: the claims cache's compact form of a document's extraction: the date, the
 * time expressions and the claims with every slot, in a versioned binary blob that a
 * cached run reads several times faster than the JSON record (record.c), which stays the
 * exchange format of `claims --records` and `check --claims`. Only the cache uses this
 * form, and only applies it to a freshly loaded document of the same text: the text, the
 * raw file, metadata and removals come from the file itself, so they are not stored.
 *
 * Layout (integers little-endian):
 *   "CCXB"  u32 version  16 bytes rules hash (hex)  u64 text length  u64 text hash
 *   u64 payload length  u64 payload hash  payload
 * The payload is unsigned LEB128 numbers, strings as a length and bytes (a nullable
 * string stores length + 1, 0 for NULL) and doubles as their 8 IEEE bytes, so a restored
 * value is the exact value stored. Everything is validated as strictly as the JSON
 * reader validates (enums, spans inside the text on character boundaries, order, valid
 * UTF-8 without NUL): a blob that fails is refused whole (CC_EINPUT) and the document is
 * left as loaded. This module does not decide what to cache (cache.c does).
 */
#include <string.h>

#include "record.h"

#define BIN_MAGIC "CCXB"
/* Bump when the layout or what it holds changes: older blobs are then refused. */
#define BIN_VERSION 1u
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

static void put_str(cc_buf *b, const char *s)
{
    size_t n = strlen(s);
    put_u(b, n);
    cc_buf_append(b, s, n);
}

/* NULL is 0; a string its length + 1 and its bytes. */
static void put_nstr(cc_buf *b, const char *s)
{
    if (!s) {
        put_u(b, 0);
        return;
    }
    size_t n = strlen(s);
    put_u(b, n + 1);
    cc_buf_append(b, s, n);
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

static void put_payload(cc_buf *b, const cc_doc *d)
{
    /* the year is stored with an offset: it may be negative in principle */
    put_u(b, (uint64_t)((int64_t)d->date.year + ((int64_t)1 << 32)));
    put_u(b, (uint64_t)d->date.month);
    put_u(b, (uint64_t)d->date.day);
    put_u(b, (uint64_t)d->date_source);
    put_nstr(b, d->date_evidence);
    put_u(b, d->timexes.n);
    for (size_t i = 0; i < d->timexes.n; i++)
        put_timex(b, CC_VEC_AT(&d->timexes, cc_timex, i));
    put_u(b, d->claims.n);
    for (size_t i = 0; i < d->claims.n; i++)
        put_claim(b, d, CC_VEC_AT(&d->claims, cc_claim, i));
}

int cc_record_bin(char **out, size_t *len, cc_doc *doc, const cc_context *ctx)
{
    *out = NULL;
    *len = 0;
    int rc = cc_doc_claims(doc, ctx);
    if (rc < 0)
        return rc;
    cc_buf payload = CC_BUF_INIT, b = CC_BUF_INIT;
    char rules[17];
    cc_context_rules_hash(ctx, rules);
    put_payload(&payload, doc);
    cc_buf_append(&b, BIN_MAGIC, 4);
    unsigned char v[4] = {BIN_VERSION & 0xff, (BIN_VERSION >> 8) & 0xff, 0, 0};
    cc_buf_append(&b, v, 4);
    cc_buf_append(&b, rules, 16);
    put_u64(&b, doc->text_len);
    put_u64(&b, cc_hash64(doc->text ? doc->text : "", doc->text_len));
    put_u64(&b, payload.len);
    put_u64(&b, cc_hash64(payload.data ? payload.data : "", payload.len));
    cc_buf_append(&b, payload.data ? payload.data : "", payload.len);
    int oom = payload.oom || b.oom;
    cc_buf_free(&payload);
    if (oom) {
        cc_buf_free(&b);
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    *out = cc_buf_detach(&b, len);
    return 0;
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

/* A string copied into the document's arena: valid UTF-8 without NUL. NULL when the
 * stored form says NULL (nullable only) or on failure. */
static const char *get_str_of(rb *r, int nullable, const char *what)
{
    uint64_t n = get_u(r, (uint64_t)(r->end - r->p) + (nullable ? 1 : 0), what);
    if (r->what || (nullable && n == 0))
        return NULL;
    if (nullable)
        n--;
    const char *s = (const char *)r->p;
    if (memchr(s, '\0', n) || cc_utf8_valid_len(s, n) != n) {
        fail(r, what);
        return NULL;
    }
    r->p += n;
    char *copy = cc_arena_strndup(&r->d->arena, s, n);
    if (!copy) {
        r->oom = 1;
        fail(r, "out of memory");
    }
    return copy;
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

static void get_timexes(rb *r)
{
    const char *what = "bad time expression";
    size_t n = get_count(r, 7, what);
    r->d->timexes = (cc_vec)CC_VEC_INIT(cc_timex);
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
    r->d->claims = (cc_vec)CC_VEC_INIT(cc_claim);
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
static const char *check_header(const struct cc_doc *d, const struct cc_context *ctx,
                                const unsigned char *b, size_t len)
{
    char rules[17];
    cc_context_rules_hash(ctx, rules);
    if (len < HEADER_SIZE || memcmp(b, BIN_MAGIC, 4) != 0)
        return "not a cached record";
    if ((get_u64(b + 4) & 0xffffffffu) != BIN_VERSION)
        return "another version of the cached record";
    if (memcmp(b + 8, rules, 16) != 0)
        return "made with other rules";
    if (get_u64(b + 24) != d->text_len ||
        get_u64(b + 32) != cc_hash64(d->text ? d->text : "", d->text_len))
        return "made from another text";
    if (get_u64(b + 40) != len - HEADER_SIZE ||
        get_u64(b + 48) != cc_hash64(b + HEADER_SIZE, len - HEADER_SIZE))
        return "cut short or damaged (size or hash)";
    return NULL;
}

/* Segments the document, then reads the payload. */
static int read_payload(rb *r, const struct cc_context *ctx, cc_date *date,
                        cc_date_source *src, char **evidence)
{
    int rc = cc_doc_segment(r->d, ctx);
    if (rc < 0)
        return rc;
    get_date(r, date, src, evidence);
    get_timexes(r);
    get_claims(r);
    if (!r->what && r->p != r->end)
        fail(r, "bytes after the record");
    return 0;
}

int cc_record_bin_apply(struct cc_doc *doc, const struct cc_context *ctx, const char *blob,
                        size_t len, const char *where)
{
    const unsigned char *b = (const unsigned char *)blob;
    const char *bad = check_header(doc, ctx, b, len);
    if (bad)
        return cc_seterr(CC_EINPUT, "%s: %s: %s", doc->path, where, bad);
    rb r = {b + HEADER_SIZE, b + HEADER_SIZE, b + len, doc, NULL, 0, 0};
    cc_date date = {0, 0, 0};
    cc_date_source src = CC_DATE_UNKNOWN;
    char *evidence = NULL;
    int rc = read_payload(&r, ctx, &date, &src, &evidence);
    if (rc == 0 && r.what)
        rc = r.oom ? cc_seterr(CC_ENOMEM, "out of memory")
                   : cc_seterr(CC_EINPUT, "%s: %s: invalid at byte %zu: %s", doc->path,
                               where, HEADER_SIZE + r.at, r.what);
    if (rc < 0) {
        doc->timexes.n = 0;
        doc->claims.n = 0;
        doc->timed = doc->claimed = 0;
        free(evidence);
        return rc;
    }
    doc->date = date;
    doc->date_source = src;
    free(doc->date_evidence);
    doc->date_evidence = evidence;
    doc->timed = doc->claimed = 1;
    return 0;
}
