/*
 * seg_token.c: the tokenizer of the segment stage. One pass over the document text, walking
 * the boilerplate removals with an index (they stay in the text but belong to no token),
 * producing words, numbers, punctuation and symbols with byte spans, case-folded norms and
 * Snowball stems. A per-document cache keyed by the surface form makes each distinct word
 * fold and stem once. It does not decide sentences (segment.c does).
 */
#define _DEFAULT_SOURCE /* madvise */
#include <libstemmer.h>
#include <string.h>
#include <sys/mman.h>
#include <utf8proc.h>

#include "segment.h"

/* Longer tokens are not stemmed (no English word is this long; it bounds stemmer work). */
#define SEG_MAX_STEM_BYTES 128
#define SEG_MAX_DOTS 6

size_t seg_decode_multi(const char *p, size_t len, int32_t *cp)
{
    utf8proc_int32_t v;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p,
                                          (utf8proc_ssize_t)(len < 4 ? len : 4), &v);
    if (n <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return (size_t)n;
}

int seg_is_space_multi(int32_t cp)
{
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

static int is_letter(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME;
}

static int is_digit(int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static int is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019; }
static int is_hyphen(int32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }
static int is_terminator(int32_t cp) { return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026; }

/* Symbols: category S*, plus the few punctuation characters that read as symbols. */
static int is_symbol(int32_t cp)
{
    if (cp == '%' || cp == '#' || cp == '@' || cp == '&' || cp == 0x2030)
        return 1;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_SM && c <= UTF8PROC_CATEGORY_SO;
}

/* ---- the scanner: one token from text[i] up to `limit` (the next removal or the end) ---- */

typedef struct {
    const char *t;
    size_t limit;
} scan;

static int32_t peek(const scan *s, size_t i, size_t *n)
{
    int32_t cp = -1;
    *n = 0;
    if (i < s->limit)
        *n = seg_decode(s->t + i, s->limit - i, &cp);
    return cp;
}

/* Length of a dotted abbreviation at i ("U.S.", "a.m.", "Ph.D."): two to SEG_MAX_DOTS groups
 * of one or two ASCII letters each followed by '.', not followed by a letter; 0 when none.
 * The bound keeps "a.b.c.d..." runs linear (each call looks at a few bytes). */
static size_t dotted_len(const scan *s, size_t i)
{
    size_t p = i;
    int groups = 0;
    while (groups < SEG_MAX_DOTS) {
        size_t q = p;
        while (q < s->limit && q - p < 3 && is_letter((unsigned char)s->t[q]) &&
               (unsigned char)s->t[q] < 0x80)
            q++;
        if (q == p || q - p > 2 || q >= s->limit || s->t[q] != '.')
            break;
        p = q + 1;
        groups++;
    }
    if (groups < 2)
        return 0;
    size_t n;
    int32_t next = peek(s, p, &n);
    return next >= 0 && is_letter(next) ? 0 : p - i;
}

typedef struct {
    size_t end;
    uint16_t kind, flags;
} scanned;

static void scan_word(const scan *s, size_t i, const struct cc_seg_lexicon *lex, scanned *out)
{
    size_t dl = dotted_len(s, i);
    if (dl) {
        out->end = i + dl;
        out->flags |= CC_TOKF_ABBREV;
        return;
    }
    size_t p = i, n, n2;
    while (p < s->limit) {
        int32_t cp = peek(s, p, &n);
        if (is_letter(cp) || is_digit(cp)) {
            p += n;
            continue;
        }
        int32_t next = peek(s, p + n, &n2);
        if (is_apostrophe(cp) && is_letter(next)) {
            /* possessive 's is its own token; "don't", "O'Brien" stay whole */
            size_t n3;
            int32_t after = peek(s, p + n + n2, &n3);
            if ((next == 's' || next == 'S') && !is_letter(after) && !is_digit(after))
                break;
            p += n + n2;
            continue;
        }
        if (is_hyphen(cp) && (is_letter(next) || is_digit(next))) {
            p += n;
            continue;
        }
        break;
    }
    out->end = p;
    /* a known abbreviation or an initial takes its period */
    if (p < s->limit && s->t[p] == '.') {
        int32_t first;
        size_t fl = seg_decode(s->t + i, s->limit - i, &first);
        int initial = fl == p - i && is_upper(first);
        if (initial || seg_abbrev_class(lex, s->t + i, p + 1 - i)) {
            out->end = p + 1;
            out->flags |= CC_TOKF_ABBREV;
        }
    }
}

static void scan_number(const scan *s, size_t i, scanned *out)
{
    size_t p = i, n, n2;
    while (p < s->limit) {
        int32_t cp = peek(s, p, &n);
        if (is_digit(cp)) {
            p += n;
            continue;
        }
        int32_t next = peek(s, p + n, &n2);
        if ((cp == ',' || cp == '.' || cp == ':' || cp == '-' || cp == '/') && is_digit(next)) {
            p += n;
            continue;
        }
        break;
    }
    /* ordinals and decades: 21st, 2nd, 3rd, 4th, 1990s */
    static const char *const suffixes[] = {"st", "nd", "rd", "th", "s"};
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t sl = strlen(suffixes[k]);
        if (p + sl > s->limit || strncmp(s->t + p, suffixes[k], sl) != 0)
            continue;
        int32_t after = peek(s, p + sl, &n);
        if (!is_letter(after) && !is_digit(after)) {
            p += sl;
            break;
        }
    }
    out->end = p;
}

static void scan_one(const scan *s, size_t i, int after_word,
                     const struct cc_seg_lexicon *lex, scanned *out)
{
    size_t n, n2;
    int32_t cp = peek(s, i, &n);
    out->flags = 0;
    out->end = i + n;
    if (is_letter(cp)) {
        out->kind = CC_TOK_WORD;
        scan_word(s, i, lex, out);
    } else if (is_digit(cp)) {
        out->kind = CC_TOK_NUMBER;
        scan_number(s, i, out);
    } else if (is_terminator(cp)) {
        /* "...", "?!", "!!!" are one token */
        out->kind = CC_TOK_PUNCT;
        size_t p = i + n;
        while (is_terminator(peek(s, p, &n2)))
            p += n2;
        out->end = p;
    } else if (is_apostrophe(cp) && after_word) {
        int32_t next = peek(s, i + n, &n2);
        size_t n3;
        int32_t after = peek(s, i + n + n2, &n3);
        out->kind = CC_TOK_PUNCT;
        if ((next == 's' || next == 'S') && !is_letter(after) && !is_digit(after)) {
            out->kind = CC_TOK_WORD;
            out->end = i + n + n2;
        }
    } else if (utf8proc_category(cp) == UTF8PROC_CATEGORY_NL ||
               utf8proc_category(cp) == UTF8PROC_CATEGORY_NO) {
        out->kind = CC_TOK_NUMBER;
    } else if (is_symbol(cp) || cp == 0xFFFD) {
        out->kind = CC_TOK_SYMBOL;
    } else {
        utf8proc_category_t c = utf8proc_category(cp);
        out->kind = c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO ? CC_TOK_PUNCT
                                                                           : CC_TOK_SYMBOL;
    }
}

/* CAPITALIZED / ALLCAPS from the letters of a word. */
static uint16_t case_flags(const char *p, size_t len)
{
    int upper = 0, lower = 0, first = -1;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        i += seg_decode(p + i, len - i, &cp);
        if (is_upper(cp)) {
            upper++;
            if (first < 0)
                first = 1;
        } else if (is_lower(cp)) {
            lower++;
            if (first < 0)
                first = 0;
        }
    }
    uint16_t f = 0;
    if (first == 1)
        f |= CC_TOKF_CAPITALIZED;
    if (upper >= 2 && lower == 0)
        f |= CC_TOKF_ALLCAPS;
    return f;
}

/* ---- norms and stems, cached per document by surface form ------------------------------ */

typedef struct {
    const char *surface; /* into the text */
    size_t len;
    uint64_t hash;
    const char *norm, *stem;
    uint16_t case_flags;
    uint32_t gen; /* the document it belongs to: slots of other generations are empty */
} seg_entry;

/* The surface -> (norm, stem) cache of the document being tokenized. Its slots are reused
 * from one document to the next on the same thread; a generation number, not a memset,
 * empties them (zeroing a table per short article showed in profiles). */
typedef struct {
    seg_entry *slots;
    size_t cap, n;
    uint32_t gen;
    cc_arena *arena;
} seg_cache;

static _Thread_local seg_cache tl_cache;

static int cache_grow(seg_cache *c)
{
    size_t cap = c->cap ? c->cap * 2 : 1024;
    seg_entry *slots = cc_xcalloc(cap, sizeof *slots);
    if (!slots)
        return CC_ENOMEM;
    for (size_t i = 0; i < c->cap; i++) {
        seg_entry *e = &c->slots[i];
        if (e->gen != c->gen)
            continue;
        size_t j = e->hash & (cap - 1);
        while (slots[j].gen == c->gen)
            j = (j + 1) & (cap - 1);
        slots[j] = *e;
    }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
    return 0;
}

/* Starts a document: every slot becomes empty. */
static seg_cache *cache_begin(cc_arena *arena)
{
    seg_cache *c = &tl_cache;
    c->arena = arena;
    c->n = 0;
    if (++c->gen == 0) { /* wrapped: generation 0 must mean "never used" */
        memset(c->slots, 0, c->cap * sizeof *c->slots);
        c->gen = 1;
    }
    return c;
}

static const char *fold(seg_cache *c, const char *p, size_t len)
{
    size_t i = 0;
    while (i < len && (unsigned char)p[i] < 0x80)
        i++;
    if (i == len) {
        char *out = cc_arena_alloc(c->arena, len + 1);
        if (!out)
            return NULL;
        for (i = 0; i < len; i++)
            out[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
        out[len] = '\0';
        return out;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)len,
                                      &mapped,
                                      UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    /* invalid UTF-8 (only when the load stage did not repair it): keep the bytes */
    const char *out = n < 0 ? cc_arena_strndup(c->arena, p, len)
                            : cc_arena_strndup(c->arena, (const char *)mapped, (size_t)n);
    free(mapped);
    return out;
}

/* ---- stems, cached per thread across documents ------------------------------------------ *
 * News vocabulary is small: after a few articles nearly every word has been stemmed before.
 * libstemmer is not thread-safe, so each thread keeps its own stemmer and cache; the cache is
 * dropped when it grows past STEM_CACHE_MAX entries, and by seg_thread_release(). */

enum { STEM_CACHE_MAX = 1 << 18 };

typedef struct {
    char *norm; /* malloc'd "norm\0stem\0"; stem == NULL when equal to norm */
    const char *stem;
    uint64_t hash;
} stem_slot;

static _Thread_local struct {
    stem_slot *slots;
    size_t cap, n;
    struct sb_stemmer *stemmer;
} tl_stems;

/* Empties the stem cache, keeping the stemmer. Only the stem cache: it is called while a
 * document's surface cache (tl_cache) is being filled, which must survive it. */
static void stems_drop(void)
{
    for (size_t i = 0; i < tl_stems.cap; i++)
        free(tl_stems.slots[i].norm);
    free(tl_stems.slots);
    tl_stems.slots = NULL;
    tl_stems.cap = tl_stems.n = 0;
}

void seg_thread_release(void)
{
    free(tl_cache.slots);
    memset(&tl_cache, 0, sizeof tl_cache);
    stems_drop();
    if (tl_stems.stemmer)
        sb_stemmer_delete(tl_stems.stemmer);
    tl_stems.stemmer = NULL;
}

static int stem_cache_grow(void)
{
    if (tl_stems.n >= STEM_CACHE_MAX) /* start again rather than grow without bound */
        stems_drop();
    size_t cap = tl_stems.cap ? tl_stems.cap * 2 : 4096;
    stem_slot *slots = cc_xcalloc(cap, sizeof *slots);
    if (!slots)
        return CC_ENOMEM;
    for (size_t i = 0; i < tl_stems.cap; i++) {
        stem_slot *e = &tl_stems.slots[i];
        if (!e->norm)
            continue;
        size_t j = e->hash & (cap - 1);
        while (slots[j].norm)
            j = (j + 1) & (cap - 1);
        slots[j] = *e;
    }
    free(tl_stems.slots);
    tl_stems.slots = slots;
    tl_stems.cap = cap;
    return 0;
}

/* The stem of `norm` as the thread cache has it (NULL stem: same as norm); NULL on error. */
static const stem_slot *stem_lookup(const char *norm, size_t len)
{
    if ((tl_stems.n + 1) * 2 > tl_stems.cap && stem_cache_grow() < 0)
        return NULL;
    if (!tl_stems.stemmer && !(tl_stems.stemmer = sb_stemmer_new("english", "UTF_8")))
        return NULL;
    uint64_t h = cc_fnv1a(norm, len, CC_FNV_SEED);
    size_t j = h & (tl_stems.cap - 1);
    for (; tl_stems.slots[j].norm; j = (j + 1) & (tl_stems.cap - 1))
        if (tl_stems.slots[j].hash == h && strcmp(tl_stems.slots[j].norm, norm) == 0)
            return &tl_stems.slots[j];
    const sb_symbol *st = sb_stemmer_stem(tl_stems.stemmer, (const sb_symbol *)norm, (int)len);
    if (!st)
        return NULL;
    size_t sl = (size_t)sb_stemmer_length(tl_stems.stemmer);
    int same = sl == len && memcmp(st, norm, len) == 0;
    char *mem = malloc(len + 1 + (same ? 0 : sl + 1));
    if (!mem)
        return NULL;
    memcpy(mem, norm, len + 1);
    if (!same) {
        memcpy(mem + len + 1, st, sl);
        mem[len + 1 + sl] = '\0';
    }
    stem_slot *e = &tl_stems.slots[j];
    *e = (stem_slot){mem, same ? NULL : mem + len + 1, h};
    tl_stems.n++;
    return e;
}

static const char *stem(seg_cache *c, const char *norm)
{
    size_t len = strlen(norm);
    if (len > SEG_MAX_STEM_BYTES)
        return norm;
    const stem_slot *e = stem_lookup(norm, len);
    if (!e)
        return NULL;
    return e->stem ? cc_arena_strndup(c->arena, e->stem, strlen(e->stem)) : norm;
}

static const seg_entry *cache_get(seg_cache *c, const char *p, size_t len, int word)
{
    if ((c->n + 1) * 2 > c->cap && cache_grow(c) < 0)
        return NULL;
    uint64_t h = cc_fnv1a(p, len, CC_FNV_SEED) ^ (uint64_t)word;
    size_t j = h & (c->cap - 1);
    while (c->slots[j].gen == c->gen) {
        seg_entry *e = &c->slots[j];
        if (e->hash == h && e->len == len && memcmp(e->surface, p, len) == 0)
            return e;
        j = (j + 1) & (c->cap - 1);
    }
    seg_entry e = {p, len, h, NULL, NULL, 0, c->gen};
    e.norm = fold(c, p, len);
    e.stem = e.norm && word ? stem(c, e.norm) : e.norm;
    if (!e.stem)
        return NULL;
    e.case_flags = word ? case_flags(p, len) : 0;
    c->slots[j] = e;
    c->n++;
    return &c->slots[j];
}

/* ---- the pass over the text ------------------------------------------------------------- */

static int whole_line(const cc_doc *d, const cc_span *sp)
{
    if (sp->start > 0 && d->text[sp->start - 1] != '\n')
        return 0;
    size_t e = sp->end;
    if (e > sp->start && d->text[e - 1] == '\n')
        return 1;
    while (e < d->text_len && (d->text[e] == ' ' || d->text[e] == '\t' || d->text[e] == '\r'))
        e++;
    return e == d->text_len || d->text[e] == '\n';
}

static int push_gap(seg_gaps *g, uint8_t gap)
{
    if (g->ngaps == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 1024;
        uint8_t *p = realloc(g->gaps, cap);
        if (!p)
            return CC_ENOMEM;
        g->gaps = p;
        g->cap = cap;
    }
    g->gaps[g->ngaps++] = gap;
    return 0;
}

typedef struct {
    int newlines, space, para;
} seg_pending;

static uint8_t pending_gap(const seg_pending *p)
{
    if (p->para || p->newlines >= 2)
        return SEG_GAP_PARA;
    return p->newlines ? SEG_GAP_LINE : p->space ? SEG_GAP_SPACE : SEG_GAP_NONE;
}

static int emit(cc_doc *d, seg_cache *c, seg_gaps *g, const seg_pending *pend, size_t start,
                const scanned *sc)
{
    cc_token *t = cc_vec_push(&d->tokens);
    if (!t || push_gap(g, pending_gap(pend)) < 0)
        return CC_ENOMEM;
    const seg_entry *e = cache_get(c, d->text + start, sc->end - start, sc->kind == CC_TOK_WORD);
    if (!e)
        return CC_ENOMEM;
    t->span.start = start;
    t->span.end = sc->end;
    t->kind = sc->kind;
    t->flags = sc->flags | e->case_flags;
    t->norm = e->norm;
    t->stem = e->stem;
    return 0;
}

/* Sizes the token array from the text length (news text averages about six bytes a token)
 * so that it rarely grows. A large array is asked for in huge pages where the system offers
 * them: first-touch page faults on hundreds of megabytes of tokens otherwise cost more time
 * than the tokenizing itself. */
static int reserve_tokens(cc_doc *d)
{
    size_t cap = d->text_len / 4 + 16;
    size_t bytes = cap * sizeof(cc_token);
    void *p = NULL;
#if defined(MADV_HUGEPAGE)
    size_t huge = (size_t)2 << 20;
    if (bytes >= 4 * huge) {
        bytes = (bytes + huge - 1) / huge * huge;
        if (posix_memalign(&p, huge, bytes) != 0)
            p = NULL;
        else
            (void)madvise(p, bytes, MADV_HUGEPAGE);
    }
#endif
    if (!p && !(p = malloc(bytes)))
        return CC_ENOMEM;
    free(d->tokens.items);
    d->tokens.items = p;
    d->tokens.cap = bytes / sizeof(cc_token);
    d->tokens.n = 0;
    return 0;
}

int seg_tokenize(cc_doc *d, const struct cc_seg_lexicon *lex, seg_gaps *g)
{
    seg_cache *cache = cache_begin(&d->arena);
    int rc = 0;
    if (reserve_tokens(d) < 0) {
        rc = cc_seterr(CC_ENOMEM, "out of memory");
        goto done;
    }
    const cc_removal *rem = d->removals.items;
    size_t nrem = d->removals.n, ri = 0, i = 0, prev_word_end = (size_t)-1;
    seg_pending pend = {0, 0, 1};
    while (i < d->text_len) {
        while (ri < nrem && rem[ri].span.end <= i)
            ri++;
        if (ri < nrem && rem[ri].span.start <= i) {
            /* an inline removal separates tokens but is not a space: "**Key**:" reads
             * "Key:"; a whole-line one ends the paragraph */
            if (whole_line(d, &rem[ri].span))
                pend.para = 1;
            i = rem[ri].span.end;
            continue;
        }
        scan s = {d->text, ri < nrem ? rem[ri].span.start : d->text_len};
        int32_t cp;
        size_t n = seg_decode(d->text + i, s.limit - i, &cp);
        if (seg_is_space(cp)) {
            pend.newlines += cp == '\n';
            pend.space = 1;
            i += n;
            continue;
        }
        scanned sc;
        scan_one(&s, i, prev_word_end == i, lex, &sc);
        if (emit(d, cache, g, &pend, i, &sc) < 0) {
            rc = cc_seterr(CC_ENOMEM, "out of memory");
            goto done;
        }
        prev_word_end = sc.kind == CC_TOK_WORD ? sc.end : (size_t)-1;
        pend = (seg_pending){0, 0, 0};
        i = sc.end;
    }
done:
    return rc;
}
