/*
 * record.c: one document's extraction as one JSON object (schema "crosscheck.doc/1"), and
 * a document restored from it. A record carries what the later stages read and cannot
 * cheaply redo: the normalized text with its offset map, metadata and date, boilerplate
 * removals, the time expressions (re-tagging would not see the date the first run inferred)
 * and the claims with every slot. Segmentation is NOT stored: it is re-run on the restored
 * text, which is deterministic and far cheaper than claim extraction, and keeps records
 * small (tokens are most of a document's memory).
 *
 * Records feed `check --claims` (shards extracted elsewhere) and the claims cache
 * (cache.c). A record names the rules hash of the context that made it; a context with
 * other rules refuses it. Everything read is validated (types, ranges, offsets inside the
 * text) before it is trusted: a record comes from a file someone could have edited.
 * This module does not decide what to cache or when; it only writes and reads records.
 */
#include <jansson.h>
#include <string.h>

#include "record.h"

#define RECORD_SCHEMA "crosscheck.doc/1"

/* Bump when the extraction code changes what it produces for the same data files (the
 * lexicon checksum only sees the files): old records and cache entries are then refused. */
#define RECORD_CODE_VERSION 1

void cc_context_rules_hash(const cc_context *ctx, char out[17])
{
    /* the data files, plus the options that change what extraction keeps */
    struct {
        uint64_t lexicon, max_sentence_bytes, max_claims;
        int keep_boilerplate, code;
    } h = {ctx->lexicon_hash, ctx->opts.max_sentence_bytes, ctx->opts.max_claims,
           ctx->opts.keep_boilerplate, RECORD_CODE_VERSION};
    uint64_t v = cc_fnv1a(CROSSCHECK_VERSION, strlen(CROSSCHECK_VERSION), CC_FNV_SEED);
    v = cc_fnv1a(&h.lexicon, sizeof h.lexicon, v);
    v = cc_fnv1a(&h.max_sentence_bytes, sizeof h.max_sentence_bytes, v);
    v = cc_fnv1a(&h.max_claims, sizeof h.max_claims, v);
    v = cc_fnv1a(&h.keep_boilerplate, sizeof h.keep_boilerplate, v);
    v = cc_fnv1a(&h.code, sizeof h.code, v);
    snprintf(out, 17, "%016llx", (unsigned long long)v);
}

/* ---- writing ------------------------------------------------------------------------------ */

static json_t *span_j(cc_span s)
{
    return json_pack("[II]", (json_int_t)s.start, (json_int_t)s.end);
}

static json_t *str_j(const char *s) { return s ? json_string(s) : json_null(); }

/* Appends v to a; a NULL v (a pack or a string that failed) marks the record bad. */
static void put(int *bad, json_t *a, json_t *v)
{
    if (json_array_append_new(a, v) < 0)
        *bad = 1;
}

static json_t *entities_j(int *bad, const cc_claim *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->nentities; i++) {
        const cc_entity *e = &c->entities[i];
        put(bad, a, json_pack("[IIssi]", (json_int_t)e->span.start,
                                           (json_int_t)e->span.end, e->id, e->text, e->type));
    }
    return a;
}

static json_t *roles_j(int *bad, const cc_claim *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->nroles; i++) {
        const cc_role *r = &c->roles[i];
        put(bad, a, json_pack("[ssioo]", r->person, r->title, r->status,
                                           span_j(r->span), span_j(r->modifier)));
    }
    return a;
}

static json_t *quantities_j(int *bad, const cc_claim *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->nquantities; i++) {
        const cc_quantity *q = &c->quantities[i];
        put(bad, a, json_pack("[ofsi]", span_j(q->span), q->value, q->unit,
                                           q->approx));
    }
    return a;
}

static json_t *lists_j(int *bad, const cc_claim *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->nlists; i++) {
        const cc_list *l = &c->lists[i];
        json_t *m = json_array();
        for (size_t j = 0; j < l->nmembers; j++)
            put(bad, m, json_string(l->members[j]));
        put(bad, a, json_pack("[ooio]", span_j(l->span), m, l->exclusive,
                                           str_j(l->cue)));
    }
    return a;
}

static json_t *claim_j(int *bad, const cc_doc *d, const cc_claim *c)
{
    const cc_timex *tx = d->timexes.items;
    json_int_t first = c->ntimes ? (json_int_t)(c->times - tx) : 0;
    json_t *o = json_object();
    json_object_set_new(o, "span", span_j(c->span));
    json_object_set_new(o, "text", json_string(c->text));
    json_object_set_new(o, "sentence", json_integer((json_int_t)c->sentence));
    json_object_set_new(o, "kind", json_integer(c->kind));
    json_object_set_new(o, "checkworthy", json_real(c->checkworthy));
    json_object_set_new(o, "predicate", json_string(c->predicate));
    json_object_set_new(o, "polarity", json_integer(c->polarity));
    json_object_set_new(o, "negation", str_j(c->negation));
    json_object_set_new(o, "negation_scope", span_j(c->negation_scope));
    json_object_set_new(o, "modality", json_integer(c->modality));
    json_object_set_new(o, "hedge", str_j(c->hedge));
    json_object_set_new(o, "attribution", json_integer(c->attribution));
    json_object_set_new(o, "speaker", str_j(c->speaker));
    json_object_set_new(o, "speech_cue", str_j(c->speech_cue));
    json_object_set_new(o, "entities", entities_j(bad, c));
    json_object_set_new(o, "roles", roles_j(bad, c));
    json_object_set_new(o, "times", json_pack("[II]", first, (json_int_t)c->ntimes));
    json_object_set_new(o, "quantities", quantities_j(bad, c));
    json_object_set_new(o, "lists", lists_j(bad, c));
    return o;
}

static json_t *doc_parts_j(int *bad, const cc_doc *d)
{
    json_t *o = json_object();
    json_t *nl = json_array(), *anchors = json_array(), *meta = json_array();
    json_t *rem = json_array(), *tx = json_array(), *claims = json_array();
    for (size_t i = 0; i < d->raw_len; i++)
        if (d->raw[i] == '\n')
            put(bad, nl, json_integer((json_int_t)i));
    for (size_t i = 0; i < d->anchors.n; i++) {
        const cc_anchor *a = CC_VEC_AT(&d->anchors, cc_anchor, i);
        put(bad, anchors, json_pack("[II]", (json_int_t)a->text, (json_int_t)a->raw));
    }
    for (size_t i = 0; i < d->meta.n; i++) {
        const cc_meta *m = CC_VEC_AT(&d->meta, cc_meta, i);
        put(bad, meta, json_pack("[ssI]", m->key, m->value, (json_int_t)m->line));
    }
    for (size_t i = 0; i < d->removals.n; i++) {
        const cc_removal *r = CC_VEC_AT(&d->removals, cc_removal, i);
        put(bad, rem, json_pack("[IIs]", (json_int_t)r->span.start,
                                             (json_int_t)r->span.end, r->rule));
    }
    for (size_t i = 0; i < d->timexes.n; i++) {
        const cc_timex *t = CC_VEC_AT(&d->timexes, cc_timex, i);
        put(bad, tx, json_pack("[IIisiso]", (json_int_t)t->span.start,
                                            (json_int_t)t->span.end, t->type, t->value,
                                            t->resolution, t->rule, str_j(t->anchor_text)));
    }
    for (size_t i = 0; i < d->claims.n; i++)
        put(bad, claims, claim_j(bad, d, CC_VEC_AT(&d->claims, cc_claim, i)));
    json_object_set_new(o, "raw_newlines", nl);
    json_object_set_new(o, "anchors", anchors);
    json_object_set_new(o, "meta", meta);
    json_object_set_new(o, "removals", rem);
    json_object_set_new(o, "timexes", tx);
    json_object_set_new(o, "claims", claims);
    return o;
}

int cc_doc_record(char **out, size_t *len, cc_doc *doc, const cc_context *ctx)
{
    *out = NULL;
    int rc = cc_doc_claims(doc, ctx);
    if (rc < 0)
        return rc;
    int bad = 0;
    json_t *o = json_object(), *parts = doc_parts_j(&bad, doc);
    json_object_set_new(o, "schema", json_string(RECORD_SCHEMA));
    char rules[17];
    cc_context_rules_hash(ctx, rules);
    json_object_set_new(o, "rules", json_string(rules));
    json_object_set_new(o, "id", json_string(doc->id));
    json_object_set_new(o, "path", json_string(doc->path));
    json_object_set_new(o, "checksum", json_string(doc->checksum));
    json_object_set_new(o, "raw_size", json_integer((json_int_t)doc->raw_len));
    json_object_set_new(o, "text", json_stringn(doc->text ? doc->text : "", doc->text_len));
    json_object_set_new(o, "date", json_pack("[iii]", doc->date.year, doc->date.month,
                                             doc->date.day));
    json_object_set_new(o, "date_source", json_integer((json_int_t)doc->date_source));
    json_object_set_new(o, "date_evidence", str_j(doc->date_evidence));
    json_object_set_new(o, "dateline", str_j(doc->dateline));
    json_object_update(o, parts);
    json_decref(parts);
    char *s = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    /* a NULL here is also what jansson gives for strings that are not valid UTF-8 (a
     * building step failed and left a hole): the record cannot be written either way */
    if (!s)
        return cc_seterr(CC_EINTERNAL, "%s: the document record could not be written",
                         doc->path);
    *out = s;
    if (len)
        *len = strlen(s);
    return 0;
}

/* ---- reading ------------------------------------------------------------------------------ */

typedef struct {
    const char *file;
    long line;
    struct cc_doc *d;
    const struct cc_context *ctx;
} rd;

static int bad(const rd *r, const char *what)
{
    return cc_seterr(CC_EINPUT, "%s:%ld: invalid document record: %s", r->file, r->line, what);
}

static int get_size(const rd *r, json_t *v, size_t max, size_t *out, const char *what)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        (unsigned long long)json_integer_value(v) > (unsigned long long)max)
        return bad(r, what);
    *out = (size_t)json_integer_value(v);
    return 0;
}

static int get_enum(const rd *r, json_t *v, int n, int *out, const char *what)
{
    size_t x = 0;
    if (get_size(r, v, (size_t)n - 1, &x, what) < 0)
        return CC_EINPUT;
    *out = (int)x;
    return 0;
}

/* 1 when text offset `at` starts a character (or is the end): spans never split one, or
 * the slices later stages quote would not be UTF-8. */
static int char_boundary(const struct cc_doc *d, size_t at)
{
    return at >= d->text_len || ((unsigned char)d->text[at] & 0xC0) != 0x80;
}

/* A span inside the text from items i and i + 1 of the array a: start <= end <= length,
 * both on character boundaries. */
static int get_span_at(const rd *r, json_t *a, size_t i, cc_span *out, const char *what)
{
    if (get_size(r, json_array_get(a, i), r->d->text_len, &out->start, what) < 0 ||
        get_size(r, json_array_get(a, i + 1), r->d->text_len, &out->end, what) < 0 ||
        out->start > out->end || !char_boundary(r->d, out->start) ||
        !char_boundary(r->d, out->end))
        return bad(r, what);
    return 0;
}

/* A span given as a two-item array. */
static int get_span(const rd *r, json_t *v, cc_span *out, const char *what)
{
    if (!json_is_array(v) || json_array_size(v) != 2)
        return bad(r, what);
    return get_span_at(r, v, 0, out, what);
}

/* A string copied into the document's arena; NULL for JSON null when `nullable`. */
static int get_str(const rd *r, json_t *v, int nullable, const char **out, const char *what)
{
    *out = NULL;
    if (nullable && json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return bad(r, what);
    *out = cc_arena_strndup(&r->d->arena, json_string_value(v), json_string_length(v));
    return *out ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
}

/* v is an array of exactly n items. */
static int tuple(const rd *r, json_t *v, size_t n, const char *what)
{
    return json_is_array(v) && json_array_size(v) == n ? 0 : bad(r, what);
}

/* An array field of the record, or an error. */
static json_t *field_array(const rd *r, json_t *o, const char *key, int *rc)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_array(v)) {
        char what[64];
        snprintf(what, sizeof what, "'%s' is not an array", key);
        *rc = bad(r, what);
        return NULL;
    }
    return v;
}

/* Copies a slot array of n records of `size` bytes into the arena (NULL when empty). */
static void *arena_array(const rd *r, size_t n, size_t size)
{
    if (n == 0)
        return NULL;
    void *p = cc_arena_alloc(&r->d->arena, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

static int read_timexes(const rd *r, json_t *rec)
{
    int rc = 0;
    json_t *a = field_array(r, rec, "timexes", &rc), *v;
    size_t i;
    if (!a)
        return rc;
    r->d->timexes = (cc_vec)CC_VEC_INIT(cc_timex);
    json_array_foreach(a, i, v) {
        const char *what = "bad time expression";
        cc_timex *t = cc_vec_push(&r->d->timexes);
        if (!t)
            return cc_seterr(CC_ENOMEM, "out of memory");
        if ((rc = tuple(r, v, 7, what)) < 0 || (rc = get_span_at(r, v, 0, &t->span, what)) < 0 ||
            (rc = get_enum(r, json_array_get(v, 2), CC_TIMEX_SET + 1, &t->type, what)) < 0 ||
            (rc = get_str(r, json_array_get(v, 3), 0, &t->value, what)) < 0 ||
            (rc = get_enum(r, json_array_get(v, 4), CC_TIME_UNRESOLVED + 1, &t->resolution,
                           what)) < 0 ||
            (rc = get_str(r, json_array_get(v, 5), 0, &t->rule, what)) < 0 ||
            (rc = get_str(r, json_array_get(v, 6), 1, &t->anchor_text, what)) < 0)
            return rc;
        if (i > 0 && t[-1].span.start > t->span.start)
            return bad(r, "time expressions out of order");
    }
    return 0;
}

static int read_entities(const rd *r, json_t *a, cc_claim *c)
{
    json_t *v;
    size_t i;
    cc_entity *e = arena_array(r, json_array_size(a), sizeof *e);
    if (json_array_size(a) && !e)
        return cc_seterr(CC_ENOMEM, "out of memory");
    json_array_foreach(a, i, v) {
        const char *what = "bad entity";
        int rc;
        if ((rc = tuple(r, v, 5, what)) < 0 || (rc = get_span_at(r, v, 0, &e[i].span, what)) < 0 ||
            (rc = get_str(r, json_array_get(v, 2), 0, &e[i].id, what)) < 0 ||
            (rc = get_str(r, json_array_get(v, 3), 0, &e[i].text, what)) < 0 ||
            (rc = get_enum(r, json_array_get(v, 4), CC_ENT_PLACE + 1, &e[i].type, what)) < 0)
            return rc;
    }
    c->entities = e;
    c->nentities = json_array_size(a);
    return 0;
}

static int read_roles(const rd *r, json_t *a, cc_claim *c)
{
    json_t *v;
    size_t i;
    cc_role *o = arena_array(r, json_array_size(a), sizeof *o);
    if (json_array_size(a) && !o)
        return cc_seterr(CC_ENOMEM, "out of memory");
    json_array_foreach(a, i, v) {
        const char *what = "bad role";
        int rc;
        if ((rc = tuple(r, v, 5, what)) < 0 ||
            (rc = get_str(r, json_array_get(v, 0), 0, &o[i].person, what)) < 0 ||
            (rc = get_str(r, json_array_get(v, 1), 0, &o[i].title, what)) < 0 ||
            (rc = get_enum(r, json_array_get(v, 2), CC_ROLE_ELECT + 1, &o[i].status, what)) < 0 ||
            (rc = get_span(r, json_array_get(v, 3), &o[i].span, what)) < 0 ||
            (rc = get_span(r, json_array_get(v, 4), &o[i].modifier, what)) < 0)
            return rc;
    }
    c->roles = o;
    c->nroles = json_array_size(a);
    return 0;
}

static int read_quantities(const rd *r, json_t *a, cc_claim *c)
{
    json_t *v;
    size_t i;
    cc_quantity *q = arena_array(r, json_array_size(a), sizeof *q);
    if (json_array_size(a) && !q)
        return cc_seterr(CC_ENOMEM, "out of memory");
    json_array_foreach(a, i, v) {
        const char *what = "bad quantity";
        int rc;
        if ((rc = tuple(r, v, 4, what)) < 0 ||
            (rc = get_span(r, json_array_get(v, 0), &q[i].span, what)) < 0)
            return rc;
        if (!json_is_number(json_array_get(v, 1)))
            return bad(r, what);
        q[i].value = json_number_value(json_array_get(v, 1));
        if ((rc = get_str(r, json_array_get(v, 2), 0, &q[i].unit, what)) < 0 ||
            (rc = get_enum(r, json_array_get(v, 3), CC_APPROX_NEARLY + 1, &q[i].approx, what)) < 0)
            return rc;
    }
    c->quantities = q;
    c->nquantities = json_array_size(a);
    return 0;
}

static int read_members(const rd *r, json_t *a, cc_list *l)
{
    json_t *v;
    size_t i;
    if (!json_is_array(a))
        return bad(r, "bad list members");
    const char **m = arena_array(r, json_array_size(a), sizeof *m);
    if (json_array_size(a) && !m)
        return cc_seterr(CC_ENOMEM, "out of memory");
    json_array_foreach(a, i, v) {
        int rc = get_str(r, v, 0, &m[i], "bad list member");
        if (rc < 0)
            return rc;
    }
    l->members = m;
    l->nmembers = json_array_size(a);
    return 0;
}

static int read_lists(const rd *r, json_t *a, cc_claim *c)
{
    json_t *v;
    size_t i;
    cc_list *l = arena_array(r, json_array_size(a), sizeof *l);
    if (json_array_size(a) && !l)
        return cc_seterr(CC_ENOMEM, "out of memory");
    json_array_foreach(a, i, v) {
        const char *what = "bad list";
        int rc;
        if ((rc = tuple(r, v, 4, what)) < 0 ||
            (rc = get_span(r, json_array_get(v, 0), &l[i].span, what)) < 0 ||
            (rc = read_members(r, json_array_get(v, 1), &l[i])) < 0 ||
            (rc = get_enum(r, json_array_get(v, 2), 2, &l[i].exclusive, what)) < 0 ||
            (rc = get_str(r, json_array_get(v, 3), 1, &l[i].cue, what)) < 0)
            return rc;
    }
    c->lists = l;
    c->nlists = json_array_size(a);
    return 0;
}

/* The slot arrays of a claim: each must be present and an array. */
static int read_slots(const rd *r, json_t *o, cc_claim *c)
{
    static const char *const keys[] = {"entities", "roles", "quantities", "lists"};
    json_t *a[4];
    int rc = 0;
    for (size_t k = 0; k < 4; k++)
        if (!(a[k] = field_array(r, o, keys[k], &rc)))
            return rc;
    if ((rc = read_entities(r, a[0], c)) < 0 || (rc = read_roles(r, a[1], c)) < 0 ||
        (rc = read_quantities(r, a[2], c)) < 0 || (rc = read_lists(r, a[3], c)) < 0)
        return rc;
    return 0;
}

/* The claim's time expressions: a range [first, first + n) of the document's. */
static int read_times(const rd *r, json_t *v, cc_claim *c)
{
    size_t first = 0, n = 0, ntx = r->d->timexes.n;
    if (tuple(r, v, 2, "bad times") < 0 ||
        get_size(r, json_array_get(v, 0), ntx, &first, "bad times") < 0 ||
        get_size(r, json_array_get(v, 1), ntx - first, &n, "bad times") < 0)
        return CC_EINPUT;
    c->times = n ? CC_VEC_AT(&r->d->timexes, cc_timex, first) : NULL;
    c->ntimes = n;
    return 0;
}

static int read_claim(const rd *r, json_t *o, cc_claim *c)
{
    const char *what = "bad claim";
    json_t *cw = json_object_get(o, "checkworthy");
    int rc;
    if (!json_is_object(o) || !json_is_number(cw))
        return bad(r, what);
    c->checkworthy = json_number_value(cw);
    if ((rc = get_span(r, json_object_get(o, "span"), &c->span, what)) < 0 ||
        (rc = get_str(r, json_object_get(o, "text"), 0, &c->text, what)) < 0 ||
        (rc = get_size(r, json_object_get(o, "sentence"),
                       r->d->sentences.n ? r->d->sentences.n - 1 : 0, &c->sentence,
                       "claim sentence out of range")) < 0 ||
        (rc = get_enum(r, json_object_get(o, "kind"), CC_SENT_LIST_ITEM + 1, &c->kind, what)) < 0 ||
        (rc = get_str(r, json_object_get(o, "predicate"), 0, &c->predicate, what)) < 0 ||
        (rc = get_enum(r, json_object_get(o, "polarity"), 2, &c->polarity, what)) < 0 ||
        (rc = get_str(r, json_object_get(o, "negation"), 1, &c->negation, what)) < 0 ||
        (rc = get_span(r, json_object_get(o, "negation_scope"), &c->negation_scope, what)) < 0 ||
        (rc = get_enum(r, json_object_get(o, "modality"), 2, &c->modality, what)) < 0 ||
        (rc = get_str(r, json_object_get(o, "hedge"), 1, &c->hedge, what)) < 0 ||
        (rc = get_enum(r, json_object_get(o, "attribution"), 3, &c->attribution, what)) < 0 ||
        (rc = get_str(r, json_object_get(o, "speaker"), 1, &c->speaker, what)) < 0 ||
        (rc = get_str(r, json_object_get(o, "speech_cue"), 1, &c->speech_cue, what)) < 0 ||
        (rc = read_times(r, json_object_get(o, "times"), c)) < 0)
        return rc;
    if (r->d->sentences.n == 0)
        return bad(r, "a claim in a document without sentences");
    return read_slots(r, o, c);
}

static int read_claims(const rd *r, json_t *rec)
{
    int rc = 0;
    json_t *a = field_array(r, rec, "claims", &rc), *v;
    size_t i;
    if (!a)
        return rc;
    r->d->claims = (cc_vec)CC_VEC_INIT(cc_claim);
    json_array_foreach(a, i, v) {
        cc_claim *c = cc_vec_push(&r->d->claims);
        if (!c)
            return cc_seterr(CC_ENOMEM, "out of memory");
        if ((rc = read_claim(r, v, c)) < 0)
            return rc;
    }
    return 0;
}

static int read_date(const rd *r, json_t *rec, cc_date *date, cc_date_source *src,
                     char **evidence)
{
    json_t *v = json_object_get(rec, "date"), *ev = json_object_get(rec, "date_evidence");
    int s;
    if (tuple(r, v, 3, "bad date") < 0 || !json_is_integer(json_array_get(v, 0)) ||
        !json_is_integer(json_array_get(v, 1)) || !json_is_integer(json_array_get(v, 2)) ||
        get_enum(r, json_object_get(rec, "date_source"), CC_DATE_INFERRED + 1, &s,
                 "bad date source") < 0 ||
        !(json_is_null(ev) || json_is_string(ev)))
        return bad(r, "bad date");
    date->year = (int)json_integer_value(json_array_get(v, 0));
    date->month = (int)json_integer_value(json_array_get(v, 1));
    date->day = (int)json_integer_value(json_array_get(v, 2));
    if (s != CC_DATE_UNKNOWN && !cc_date_valid(date->year, date->month, date->day))
        return bad(r, "the date is not a calendar day");
    *src = (cc_date_source)s;
    *evidence = json_is_string(ev) ? cc_strdup(json_string_value(ev)) : NULL;
    return json_is_string(ev) && !*evidence ? cc_seterr(CC_ENOMEM, "out of memory") : 0;
}

/* Parses the JSON and checks the schema and the rules hash. */
static int open_record(const rd *r, json_t **out, const char *json, size_t len)
{
    json_error_t err;
    *out = json_loadb(json, len, 0, &err);
    if (!*out)
        return cc_seterr(CC_EINPUT, "%s:%ld: invalid document record: %s", r->file, r->line,
                         err.text);
    json_t *schema = json_object_get(*out, "schema"), *rules = json_object_get(*out, "rules");
    char mine[17];
    cc_context_rules_hash(r->ctx, mine);
    if (!json_is_string(schema) || strcmp(json_string_value(schema), RECORD_SCHEMA) != 0)
        return bad(r, "not a " RECORD_SCHEMA " record");
    if (!json_is_string(rules) || strcmp(json_string_value(rules), mine) != 0)
        return cc_seterr(CC_EINPUT,
                         "%s:%ld: the document record was made with other rules, models or "
                         "extraction options (%s, these are %s): extract the claims again",
                         r->file, r->line, json_is_string(rules) ? json_string_value(rules) : "?",
                         mine);
    return 0;
}

/* Segments the document again, then reads time expressions and claims. */
static int read_extraction(const rd *r, json_t *rec)
{
    int rc = cc_doc_segment(r->d, r->ctx);
    if (rc == 0)
        rc = read_timexes(r, rec);
    if (rc == 0)
        rc = read_claims(r, rec);
    if (rc == 0) {
        r->d->timed = 1;
        r->d->claimed = 1;
    }
    return rc;
}

int cc_record_apply(struct cc_doc *doc, const struct cc_context *ctx, const char *json,
                    size_t len, const char *where)
{
    rd r = {where, 0, doc, ctx};
    json_t *rec = NULL;
    char *evidence = NULL;
    cc_date date;
    cc_date_source src;
    int rc = open_record(&r, &rec, json, len);
    if (rc < 0)
        goto done;
    json_t *text = json_object_get(rec, "text");
    if (!json_is_string(text) || json_string_length(text) != doc->text_len ||
        memcmp(json_string_value(text), doc->text, doc->text_len) != 0) {
        rc = bad(&r, "made from another text");
        goto done;
    }
    if ((rc = read_date(&r, rec, &date, &src, &evidence)) < 0 ||
        (rc = read_extraction(&r, rec)) < 0)
        goto done;
    doc->date = date;
    doc->date_source = src;
    free(doc->date_evidence);
    doc->date_evidence = evidence;
    evidence = NULL;
done:
    if (rc < 0) {
        doc->timexes.n = 0;
        doc->claims.n = 0;
        doc->timed = doc->claimed = 0;
    }
    free(evidence);
    json_decref(rec);
    return rc;
}

/* The original file's size and line ends: only what line and column numbers need (the bytes
 * themselves stay with the file). The stand-in raw buffer is spaces with the newlines. */
static int read_raw(const rd *r, json_t *rec)
{
    int rc = 0;
    json_t *nl = field_array(r, rec, "raw_newlines", &rc), *v;
    size_t i, size = 0, prev = 0;
    if (!nl || (rc = get_size(r, json_object_get(rec, "raw_size"), (size_t)1 << 40, &size,
                              "bad raw_size")) < 0)
        return rc;
    struct cc_doc *d = r->d;
    if (!(d->raw = malloc(size + 1)))
        return cc_seterr(CC_ENOMEM, "out of memory");
    memset(d->raw, ' ', size);
    d->raw[size] = '\0';
    d->raw_len = size;
    json_array_foreach(nl, i, v) {
        size_t at = 0;
        if (get_size(r, v, size ? size - 1 : 0, &at, "bad raw_newlines") < 0 || size == 0 ||
            (i > 0 && at <= prev))
            return bad(r, "bad raw_newlines");
        d->raw[at] = '\n';
        prev = at;
    }
    return 0;
}

static int read_anchors(const rd *r, json_t *rec)
{
    int rc = 0;
    json_t *a = field_array(r, rec, "anchors", &rc), *v;
    size_t i;
    if (!a)
        return rc;
    json_array_foreach(a, i, v) {
        cc_anchor *x = cc_vec_push(&r->d->anchors);
        if (!x)
            return cc_seterr(CC_ENOMEM, "out of memory");
        if (tuple(r, v, 2, "bad anchor") < 0 ||
            get_size(r, json_array_get(v, 0), r->d->text_len, &x->text, "bad anchor") < 0 ||
            get_size(r, json_array_get(v, 1), r->d->raw_len, &x->raw, "bad anchor") < 0 ||
            (i > 0 && x[-1].text > x->text))
            return bad(r, "bad anchor");
    }
    return 0;
}

static int read_meta(const rd *r, json_t *rec)
{
    int rc = 0;
    json_t *a = field_array(r, rec, "meta", &rc), *v;
    size_t i, line = 0;
    if (!a)
        return rc;
    json_array_foreach(a, i, v) {
        json_t *k = json_array_get(v, 0), *val = json_array_get(v, 1);
        if (tuple(r, v, 3, "bad metadata") < 0 || !json_is_string(k) || !json_is_string(val) ||
            get_size(r, json_array_get(v, 2), (size_t)1 << 40, &line, "bad metadata") < 0)
            return bad(r, "bad metadata");
        if ((rc = cc_meta_set(r->d, json_string_value(k), json_string_length(k),
                              json_string_value(val), json_string_length(val), (long)line)) < 0)
            return rc;
    }
    return 0;
}

static int read_removals(const rd *r, json_t *rec)
{
    int rc = 0;
    json_t *a = field_array(r, rec, "removals", &rc), *v;
    size_t i;
    if (!a)
        return rc;
    json_array_foreach(a, i, v) {
        cc_removal *x = cc_vec_push(&r->d->removals);
        if (!x)
            return cc_seterr(CC_ENOMEM, "out of memory");
        if ((rc = tuple(r, v, 3, "bad removal")) < 0 ||
            (rc = get_span_at(r, v, 0, &x->span, "bad removal")) < 0 ||
            (rc = get_str(r, json_array_get(v, 2), 0, &x->rule, "bad removal")) < 0)
            return rc;
        if (i > 0 && x[-1].span.end > x->span.start)
            return bad(r, "removals overlap or are out of order");
    }
    return 0;
}

/* A string field copied with malloc (NULL allowed when nullable). */
static int dup_field(const rd *r, json_t *rec, const char *key, int nullable, char **out)
{
    json_t *v = json_object_get(rec, key);
    *out = NULL;
    if (nullable && json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        char what[64];
        snprintf(what, sizeof what, "'%s' is not a string", key);
        return bad(r, what);
    }
    *out = cc_strndup(json_string_value(v), json_string_length(v));
    return *out ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
}

static int read_doc(const rd *r, json_t *rec)
{
    struct cc_doc *d = r->d;
    char *checksum = NULL;
    int rc;
    if ((rc = dup_field(r, rec, "id", 0, &d->id)) < 0 ||
        (rc = dup_field(r, rec, "path", 0, &d->path)) < 0 ||
        (rc = dup_field(r, rec, "text", 0, &d->text)) < 0 ||
        (rc = dup_field(r, rec, "dateline", 1, &d->dateline)) < 0 ||
        (rc = dup_field(r, rec, "checksum", 0, &checksum)) < 0)
        goto done;
    if (strlen(checksum) != 16 || strspn(checksum, "0123456789abcdef") != 16) {
        rc = bad(r, "bad checksum");
        goto done;
    }
    memcpy(d->checksum, checksum, 17);
    d->text_len = json_string_length(json_object_get(rec, "text"));
    d->text_hash = cc_hash64(d->text, d->text_len);
    if (memchr(d->text, '\0', d->text_len)) {
        rc = bad(r, "NUL byte in the text");
        goto done;
    }
    if ((rc = read_raw(r, rec)) < 0 || (rc = read_anchors(r, rec)) < 0 ||
        (rc = read_meta(r, rec)) < 0 || (rc = read_removals(r, rec)) < 0 ||
        (rc = read_date(r, rec, &d->date, &d->date_source, &d->date_evidence)) < 0)
        goto done;
    rc = read_extraction(r, rec);
done:
    free(checksum);
    return rc;
}

int cc_record_restore(struct cc_doc **out, const struct cc_context *ctx, const char *json,
                      size_t len, const char *file, long line)
{
    *out = NULL;
    struct cc_doc *d = cc_doc_alloc();
    if (!d)
        return cc_seterr(CC_ENOMEM, "out of memory");
    d->timexes = (cc_vec)CC_VEC_INIT(cc_timex);
    d->claims = (cc_vec)CC_VEC_INIT(cc_claim);
    rd r = {file, line, d, ctx};
    json_t *rec = NULL;
    int rc = open_record(&r, &rec, json, len);
    if (rc == 0)
        rc = read_doc(&r, rec);
    json_decref(rec);
    if (rc < 0) {
        cc_doc_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

int cc_corpus_add_record(cc_corpus *corpus, const char *json, size_t len, const char *file,
                         long line)
{
    struct cc_doc *d = NULL;
    int rc = cc_record_restore(&d, corpus->ctx, json, len, file, line);
    if (rc < 0)
        return rc;
    cc_doc **slot = cc_vec_push(&corpus->docs);
    if (!slot) {
        cc_doc_free(d);
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    *slot = d;
    return 0;
}

/* 1 when a JSON line is a document record (by its first key, as cc_doc_record writes it). */
static int is_record_line(const char *s, size_t len)
{
    static const char head[] = "{\"schema\":\"" RECORD_SCHEMA "\"";
    return len >= sizeof head - 1 && memcmp(s, head, sizeof head - 1) == 0;
}

int cc_corpus_add_records(cc_corpus *corpus, const char *path)
{
    char *data = NULL;
    size_t len, nrec = 0;
    long line = 0;
    int rc = cc_read_file(path, &data, &len);
    if (rc < 0)
        return rc;
    for (size_t pos = 0; pos < len && rc == 0;) {
        const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + 1;
        line++;
        if (n == 0)
            continue;
        if (is_record_line(s, n)) {
            rc = cc_corpus_add_record(corpus, s, n, path, line);
            nrec++;
        } else if (s[0] != '{') {
            rc = cc_seterr(CC_EINPUT, "%s:%ld: not a JSON line of `crosscheck claims`", path,
                           line);
        }
        /* other lines are the claims printed for people and scripts: derived, skipped */
    }
    if (rc == 0 && nrec == 0 && len > 0)
        rc = cc_seterr(CC_EINPUT, "%s: no document records (write it with `crosscheck claims "
                                  "--records`)", path);
    free(data);
    return rc;
}
