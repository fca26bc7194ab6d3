/*
 * segment.c: the segment stage: splits a loaded document into sentences over the tokens of
 * seg_token.c. Sentence ends come from terminators (. ! ? ...) followed by a likely sentence
 * start, from abbreviation classes and sentence starters kept as data (models/), and from
 * the line structure (blank lines, titles, headings, list items, one-paragraph-per-line news
 * text versus hard-wrapped prose). Boilerplate removals stay in the text but belong to no
 * token and no sentence text. It does not tag times or entities (later stages do).
 */
#include <string.h>

#include "segment.h"

/* Lines longer than this are paragraphs on one line, not hard-wrapped text. */
#define SEG_WRAP_MAX 200

/* ---- sentence text ---------------------------------------------------------------------- */

/* text[start, end) as read: removals dropped, space runs collapsed to one ' ', trimmed.
 * *ri walks the removals; calls must come with non-decreasing `start`. */
static const char *read_text(cc_doc *d, size_t start, size_t end, size_t *ri)
{
    const cc_removal *rem = d->removals.items;
    size_t nrem = d->removals.n;
    char *out = cc_arena_alloc(&d->arena, end - start + 1);
    if (!out)
        return NULL;
    size_t o = 0, i = start;
    int space = 0;
    while (i < end) {
        while (*ri < nrem && rem[*ri].span.end <= i)
            (*ri)++;
        if (*ri < nrem && rem[*ri].span.start <= i) {
            i = rem[*ri].span.end; /* spaces around it collapse; it adds none */
            continue;
        }
        size_t limit = *ri < nrem && rem[*ri].span.start < end ? rem[*ri].span.start : end;
        while (i < limit) {
            /* a run of non-space bytes is copied at once; only non-ASCII needs decoding */
            size_t j = i;
            for (;;) {
                if (j >= limit)
                    break;
                unsigned char c = (unsigned char)d->text[j];
                if (c < 0x80) {
                    if (c == ' ' || (c >= '\t' && c <= '\r'))
                        break;
                    j++;
                    continue;
                }
                int32_t cp;
                size_t n = seg_decode(d->text + j, limit - j, &cp);
                if (seg_is_space(cp))
                    break;
                j += n;
            }
            if (j > i) {
                if (space && o > 0)
                    out[o++] = ' ';
                space = 0;
                memcpy(out + o, d->text + i, j - i);
                o += j - i;
                i = j;
            }
            if (i < limit) { /* a space character */
                int32_t cp;
                i += seg_decode(d->text + i, limit - i, &cp);
                space = 1;
            }
        }
    }
    out[o] = '\0';
    return out;
}

/* ---- lines ------------------------------------------------------------------------------ */

typedef struct {
    size_t first, body, end; /* tokens [first, end); body: after a list or heading marker */
    int kind;                /* cc_sentence_kind */
    int list, md_heading;    /* intrinsic marks */
    int words, capwords;     /* WORD/NUMBER tokens; capitalized words */
    size_t bytes;            /* from the first to the last token */
    size_t last;             /* last token that is not a closing quote or bracket */
} seg_line;

/* Marks of each token, computed before sentences are cut. */
enum {
    MK_SENT = 1,  /* a sentence ends after this token */
    MK_PARA = 2,  /* and a paragraph */
    MK_DROP = 4,  /* a list or heading marker: belongs to no sentence */
    MK_KIND_SHIFT = 4 /* bits 4-5: the kind of the token's line */
};

typedef struct {
    cc_doc *doc;
    const cc_context *ctx;
    const struct cc_seg_lexicon *lex;
    cc_token *tok;
    size_t n;
    uint8_t *gap, *mark;
    seg_line *lines;
    size_t nlines;
    size_t wrap_width; /* longest line when the text may be hard-wrapped, else 0 */
} seg_state;

static int tok_is(const seg_state *s, size_t k, const char *str)
{
    const cc_token *t = &s->tok[k];
    size_t len = strlen(str);
    return t->span.end - t->span.start == len && memcmp(s->doc->text + t->span.start, str, len) == 0;
}

static int tok_any(const seg_state *s, size_t k, const char *const *list)
{
    for (; *list; list++)
        if (tok_is(s, k, *list))
            return 1;
    return 0;
}

static const char *const closers[] = {"\"", "\xE2\x80\x9D", "\xE2\x80\x99", "'", ")", "]",
                                      "\xC2\xBB", NULL};
static const char *const openers[] = {"\"", "\xE2\x80\x9C", "\xE2\x80\x98", "'", "(", "[",
                                      "\xC2\xAB", NULL};
static const char *const quote_openers[] = {"\"", "\xE2\x80\x9C", "\xE2\x80\x98", NULL};
static const char *const bullets[] = {"-", "*", "\xE2\x80\xA2", NULL};

static int is_terminator_tok(const seg_state *s, size_t k)
{
    const cc_token *t = &s->tok[k];
    if (t->kind != CC_TOK_PUNCT)
        return 0;
    char c = s->doc->text[t->span.start];
    return c == '.' || c == '!' || c == '?' || tok_is(s, k, "\xE2\x80\xA6") ||
           (t->span.end - t->span.start > 3 &&
            memcmp(s->doc->text + t->span.start, "\xE2\x80\xA6", 3) == 0);
}

/* "...", "…", or the last dot of a spaced ". . ." */
static int is_ellipsis(const seg_state *s, size_t k)
{
    const cc_token *t = &s->tok[k];
    const char *p = s->doc->text + t->span.start;
    size_t len = t->span.end - t->span.start;
    if ((len >= 2 && p[0] == '.' && p[1] == '.') || (len >= 3 && memcmp(p, "\xE2\x80\xA6", 3) == 0))
        return 1;
    return k > 0 && tok_is(s, k, ".") && tok_is(s, k - 1, ".") && s->gap[k] == SEG_GAP_SPACE;
}

static int is_end_candidate(const seg_state *s, size_t k)
{
    return is_terminator_tok(s, k) || (s->tok[k].flags & CC_TOKF_ABBREV);
}

static int in_set(const seg_set *set, const cc_token *t)
{
    return seg_set_get(set, t->norm, strlen(t->norm)) != 0;
}

static int abbrev_class_of(const seg_state *s, size_t k)
{
    const cc_token *t = &s->tok[k];
    if (!(t->flags & CC_TOKF_ABBREV))
        return SEG_ABBR_NONE;
    return seg_abbrev_class(s->lex, s->doc->text + t->span.start, t->span.end - t->span.start);
}

/* After a closed quotation: a speaker of up to three capitalized words and a verb of saying
 * ("Is it over?" Lopez asked.) continue the sentence. */
static int speaker_follows(const seg_state *s, size_t j)
{
    for (size_t k = j; k < s->n && k < j + 4; k++) {
        const cc_token *t = &s->tok[k];
        if (t->kind != CC_TOK_WORD || (k > j && s->gap[k] != SEG_GAP_SPACE))
            return 0;
        if (k > j && in_set(&s->lex->speech, t))
            return 1;
        if (!(t->flags & CC_TOKF_CAPITALIZED) || in_set(&s->lex->starters, t))
            return 0;
    }
    return 0;
}

/* Does a sentence end after the terminator or abbreviation k, given that j is the first
 * token after it and its closing quotes (j == n: the end of the text)? */
static int ends_before(const seg_state *s, size_t k, size_t j)
{
    if (j >= s->n)
        return 1;
    const cc_token *next = &s->tok[j];
    if (s->gap[j] == SEG_GAP_NONE || (j > k + 1 && speaker_follows(s, j)))
        return 0;
    int likely = (next->flags & CC_TOKF_CAPITALIZED) || next->kind == CC_TOK_NUMBER ||
                 tok_any(s, j, openers);
    if (!likely)
        return 0;
    int starter = (next->kind == CC_TOK_WORD && in_set(&s->lex->starters, next)) ||
                  tok_any(s, j, quote_openers);
    /* an ellipsis trails off mid-sentence as often as it ends one ("of ... Sept. 11th") */
    if (is_ellipsis(s, k))
        return starter;
    if (!(s->tok[k].flags & CC_TOKF_ABBREV))
        return 1;
    int cls = abbrev_class_of(s, k);
    if (cls == SEG_ABBR_TITLE || cls == SEG_ABBR_HONORIFIC)
        return 0;
    if (cls == SEG_ABBR_NUMBER && next->kind == CC_TOK_NUMBER)
        return 0;
    /* may end: before a typical first word, an opening quote, or an honorific ("Inc. Mr.
     * Lee", but "U.S. Rep. Lee" and "the U.S. (under ...)" go on) */
    return starter || abbrev_class_of(s, j) == SEG_ABBR_HONORIFIC;
}

static size_t skip_closers(const seg_state *s, size_t j, size_t end)
{
    while (j < end && s->gap[j] == SEG_GAP_NONE && tok_any(s, j, closers))
        j++;
    return j;
}

/* A stray quote or bracket left at the end of a line ("he vowed. \"") is no sentence of its
 * own. Looks at a few tokens only, so that long runs of punctuation stay linear. */
static int only_punct_left(const seg_state *s, size_t j, size_t end)
{
    size_t q = j;
    for (; q < end && q < j + 8; q++)
        if (s->tok[q].kind == CC_TOK_WORD || s->tok[q].kind == CC_TOK_NUMBER)
            return 0;
    return q == end;
}

static int build_lines(seg_state *s)
{
    size_t cap = 0;
    for (size_t k = 0; k < s->n; k++) {
        if (k > 0 && s->gap[k] < SEG_GAP_LINE)
            continue;
        if (s->nlines == cap) {
            cap = cap ? cap * 2 : 64;
            seg_line *p = realloc(s->lines, cap * sizeof *p);
            if (!p)
                return cc_seterr(CC_ENOMEM, "out of memory");
            s->lines = p;
        }
        seg_line *l = &s->lines[s->nlines++];
        memset(l, 0, sizeof *l);
        l->first = l->body = k;
        if (s->nlines > 1)
            s->lines[s->nlines - 2].end = k;
    }
    if (s->nlines)
        s->lines[s->nlines - 1].end = s->n;
    return 0;
}

/* List markers ("- ", "* ", "• ", "1. ", "2) ") and markdown heading marks ("## "). */
static void find_marker(seg_state *s, seg_line *l)
{
    size_t k = l->first;
    if (tok_any(s, k, bullets) && k + 1 < l->end && s->gap[k + 1] == SEG_GAP_SPACE) {
        l->list = 1;
        l->body = k + 1;
        return;
    }
    const cc_token *t = &s->tok[k];
    if (t->kind == CC_TOK_NUMBER && t->span.end - t->span.start <= 3 && k + 2 < l->end &&
        (tok_is(s, k + 1, ".") || tok_is(s, k + 1, ")")) && s->gap[k + 1] == SEG_GAP_NONE &&
        s->gap[k + 2] == SEG_GAP_SPACE) {
        l->list = 1;
        l->body = k + 2;
        return;
    }
    while (k < l->end && s->gap[k] <= (k == l->first ? SEG_GAP_PARA : SEG_GAP_NONE) &&
           tok_is(s, k, "#"))
        k++;
    if (k > l->first && k < l->end && s->gap[k] == SEG_GAP_SPACE) {
        l->md_heading = 1;
        l->body = k;
    }
}

static void measure_line(seg_state *s, seg_line *l)
{
    find_marker(s, l);
    for (size_t k = l->body; k < l->end; k++) {
        if (s->tok[k].kind != CC_TOK_WORD && s->tok[k].kind != CC_TOK_NUMBER)
            continue;
        l->words++;
        l->capwords += (s->tok[k].flags & CC_TOKF_CAPITALIZED) != 0;
    }
    l->bytes = s->tok[l->end - 1].span.end - s->tok[l->first].span.start;
    l->last = l->end - 1;
    while (l->last > l->body && tok_any(s, l->last, closers))
        l->last--;
}

/* Ends with . ! ? ... (or a colon, comma, semicolon: then it is not a heading either). */
static int line_punctuated(const seg_state *s, const seg_line *l)
{
    static const char *const soft[] = {":", ",", ";", NULL};
    return is_end_candidate(s, l->last) || tok_any(s, l->last, soft);
}

static int starts_upper(const seg_state *s, size_t k)
{
    return (s->tok[k].flags & CC_TOKF_CAPITALIZED) || s->tok[k].kind == CC_TOK_NUMBER ||
           tok_any(s, k, openers);
}

/* Hard-wrapped prose fills its lines: the next line's first word would not have fitted.
 * A short title or heading leaves room. */
static int line_full(const seg_state *s, const seg_line *l)
{
    if (!s->wrap_width || l->end >= s->n || s->gap[l->end] != SEG_GAP_LINE)
        return 0;
    /* the next line's first word: its tokens up to the first space */
    size_t k = l->end;
    while (k + 1 < s->n && s->gap[k + 1] == SEG_GAP_NONE)
        k++;
    size_t word = s->tok[k].span.end - s->tok[l->end].span.start;
    return l->bytes + 1 + word > s->wrap_width;
}

static int is_title(seg_state *s, const seg_line *l)
{
    const char *meta = cc_doc_meta(s->doc, "title");
    if (meta) {
        size_t ri = 0;
        const char *text = read_text(s->doc, s->tok[l->body].span.start,
                                     s->tok[l->end - 1].span.end, &ri);
        if (text && strcmp(text, meta) == 0)
            return 1;
    }
    /* followed by a newline, and not by the lower-case continuation of wrapped prose */
    return !l->list && !line_punctuated(s, l) && !line_full(s, l) && l->end < s->n &&
           l->words <= 25 &&
           (s->gap[l->end] == SEG_GAP_PARA || starts_upper(s, l->end));
}

/* A short unpunctuated line standing alone: not a hard-wrapped piece of prose. */
static int is_heading(const seg_state *s, const seg_line *l, int starts_sentence)
{
    if (l->md_heading)
        return 1;
    if (!starts_sentence || l->list || line_punctuated(s, l) || line_full(s, l) ||
        l->words > 12 || l->words == 0)
        return 0;
    if (l->end >= s->n || s->gap[l->end] == SEG_GAP_PARA)
        return 1;
    size_t bytes = s->tok[l->end - 1].span.end - s->tok[l->body].span.start;
    return starts_upper(s, l->end) && (bytes <= 60 || l->capwords * 2 >= l->words);
}

/* Marks MK_SENT / MK_PARA on the last token of line i when the line break ends a sentence. */
static uint8_t line_break(const seg_state *s, size_t i)
{
    const seg_line *l = &s->lines[i];
    if (i + 1 >= s->nlines || s->gap[l->end] == SEG_GAP_PARA)
        return MK_SENT | MK_PARA;
    const seg_line *next = &s->lines[i + 1];
    if (next->list || next->md_heading || l->kind == CC_SENT_TITLE ||
        l->kind == CC_SENT_HEADING || is_terminator_tok(s, l->last))
        return MK_SENT | MK_PARA;
    if ((s->tok[l->last].flags & CC_TOKF_ABBREV) && ends_before(s, l->last, next->body))
        return MK_SENT | MK_PARA;
    /* Otherwise the sentence goes on when the next line continues it: it starts in lower
     * case, or this line is a full line of hard-wrapped text. A line that stops short
     * before a capital ends its paragraph (one paragraph per line, a caption without a
     * period, a list item). */
    return starts_upper(s, next->body) && !line_full(s, l) ? MK_SENT | MK_PARA : 0;
}

static void mark_line(seg_state *s, size_t i, int starts_sentence)
{
    seg_line *l = &s->lines[i];
    if (l->list)
        l->kind = CC_SENT_LIST_ITEM;
    else if (i == 0 && is_title(s, l))
        l->kind = CC_SENT_TITLE;
    else if (is_heading(s, l, starts_sentence))
        l->kind = i == 0 ? CC_SENT_TITLE : CC_SENT_HEADING;
    else
        l->kind = CC_SENT_BODY;
    for (size_t k = l->first; k < l->body; k++)
        s->mark[k] |= MK_DROP;
    if (l->body > l->first)
        s->gap[l->body] = s->gap[l->first];
    for (size_t k = l->body; k < l->end; k++) {
        s->mark[k] |= (uint8_t)(l->kind << MK_KIND_SHIFT);
        if (!is_end_candidate(s, k))
            continue;
        size_t j = skip_closers(s, k + 1, l->end);
        if (j < l->end && ends_before(s, k, j) && !only_punct_left(s, j, l->end))
            s->mark[j - 1] |= MK_SENT;
    }
    s->mark[l->end - 1] |= line_break(s, i);
}

static void mark_all(seg_state *s)
{
    size_t longest = 0;
    for (size_t i = 0; i < s->nlines; i++) {
        measure_line(s, &s->lines[i]);
        longest = s->lines[i].bytes > longest ? s->lines[i].bytes : longest;
    }
    /* text wrapped at a fixed width has several lines, none very long */
    s->wrap_width = s->nlines >= 3 && longest <= SEG_WRAP_MAX ? longest : 0;
    int starts_sentence = 1;
    for (size_t i = 0; i < s->nlines; i++) {
        mark_line(s, i, starts_sentence);
        starts_sentence = (s->mark[s->lines[i].end - 1] & MK_SENT) != 0;
    }
}

/* Drops marker tokens from the token array (and gaps and marks alongside). */
static void compact(seg_state *s)
{
    size_t w = 0;
    for (size_t k = 0; k < s->n; k++) {
        if (s->mark[k] & MK_DROP)
            continue;
        s->tok[w] = s->tok[k];
        s->gap[w] = s->gap[k];
        s->mark[w] = s->mark[k];
        w++;
    }
    s->n = w;
    s->doc->tokens.n = w;
}

/* ---- cutting sentences ------------------------------------------------------------------ */

typedef struct {
    int paragraph;
    size_t ri;   /* removal walker of read_text */
    int warned;  /* one sentence-too-long warning per document */
} seg_cut;

static int push_sentence(seg_state *s, seg_cut *c, size_t a, size_t b)
{
    cc_sentence *sent = cc_vec_push(&s->doc->sentences);
    if (!sent)
        return CC_ENOMEM;
    sent->span.start = s->tok[a].span.start;
    sent->span.end = s->tok[b - 1].span.end;
    sent->text = read_text(s->doc, sent->span.start, sent->span.end, &c->ri);
    if (!sent->text)
        return CC_ENOMEM;
    sent->first_token = a;
    sent->ntokens = b - a;
    sent->kind = (s->mark[a] >> MK_KIND_SHIFT) & 3;
    sent->paragraph = c->paragraph;
    s->tok[a].flags |= CC_TOKF_SENT_START;
    return 0;
}

static void warn_long(seg_state *s, size_t offset)
{
    long line, col;
    s->doc->seg_warned = 1;
    size_t raw = cc_doc_raw_offset(s->doc, offset);
    cc_doc_raw_linecol(s->doc, raw, &line, &col);
    cc_diag_emit(s->ctx, CC_DIAG_WARNING, "sentence-too-long", s->doc->path, line, col,
                 (long long)raw,
                 "sentence longer than %zu bytes split at spaces "
                 "(raise --max-sentence-bytes to keep such sentences whole)",
                 s->ctx->opts.max_sentence_bytes);
}

/* Emits tokens [a, b) as one sentence, or as several cut at spaces when too long. */
static int cut_sentence(seg_state *s, seg_cut *c, size_t a, size_t b)
{
    size_t max = s->ctx->opts.max_sentence_bytes;
    while (s->tok[b - 1].span.end - s->tok[a].span.start > max) {
        size_t e = a + 1;
        while (e < b && s->tok[e].span.end - s->tok[a].span.start <= max)
            e++;
        size_t cut = e;
        while (cut > a + 1 && s->gap[cut] == SEG_GAP_NONE)
            cut--;
        if (cut == a + 1 && s->gap[cut] == SEG_GAP_NONE)
            cut = e;
        if (cut >= b)
            break;
        if (!c->warned++)
            warn_long(s, s->tok[a].span.start);
        if (push_sentence(s, c, a, cut) < 0)
            return CC_ENOMEM;
        a = cut;
    }
    return push_sentence(s, c, a, b);
}

static int cut_all(seg_state *s)
{
    seg_cut c = {0, 0, 0};
    size_t a = 0;
    for (size_t k = 0; k < s->n; k++) {
        if (!(s->mark[k] & MK_SENT) && k + 1 < s->n)
            continue;
        if (cut_sentence(s, &c, a, k + 1) < 0)
            return cc_seterr(CC_ENOMEM, "out of memory");
        c.paragraph += (s->mark[k] & MK_PARA) != 0;
        a = k + 1;
    }
    return 0;
}

/* The token array was reserved from the text length (seg_token.c); give back the rest. */
static void shrink_tokens(cc_doc *d)
{
    size_t n = d->tokens.n ? d->tokens.n : 1;
    if (d->tokens.cap <= n)
        return;
    void *p = realloc(d->tokens.items, n * d->tokens.size);
    if (p) {
        d->tokens.items = p;
        d->tokens.cap = n;
    }
}

int seg_title_line(cc_doc *d, const char *line)
{
    if (!line || cc_doc_meta(d, "title"))
        return 0;
    return cc_meta_set(d, "title", 5, line, strlen(line), 0);
}

/* A document whose metadata gives no title gets its title line's text as "title" (derived:
 * line 0). Only the segmenter can tell a title line from the first line of wrapped prose. */
static int derive_title(cc_doc *d)
{
    const cc_sentence *first = d->sentences.n ? d->sentences.items : NULL;
    return seg_title_line(d, first && first->kind == CC_SENT_TITLE ? first->text : NULL);
}

int seg_restored(cc_doc *d)
{
    int rc = derive_title(d);
    if (rc == 0)
        d->segmented = 1;
    return rc;
}

int cc_doc_segment(cc_doc *d, const cc_context *ctx)
{
    if (d->segmented)
        return 0;
    if (cc_context_require(ctx, CC_STAGE_SEGMENT) < 0)
        return CC_EUSAGE;
    seg_gaps gaps = {NULL, 0, 0};
    seg_state s = {d, ctx, ctx->seg, NULL, 0, NULL, NULL, NULL, 0, 0};
    int rc = seg_tokenize(d, ctx->seg, &gaps);
    if (rc < 0)
        goto done;
    s.tok = d->tokens.items;
    s.n = d->tokens.n;
    s.gap = gaps.gaps;
    if (s.n == 0)
        goto done;
    if (!(s.mark = cc_xcalloc(s.n, 1))) {
        rc = cc_seterr(CC_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = build_lines(&s)) < 0)
        goto done;
    mark_all(&s);
    compact(&s);
    rc = cut_all(&s);
    if (rc == 0)
        rc = derive_title(d);
done:
    if (rc < 0) {
        d->tokens.n = 0;
        d->sentences.n = 0;
    } else {
        d->segmented = 1;
        shrink_tokens(d);
    }
    free(gaps.gaps);
    free(s.mark);
    free(s.lines);
    return rc;
}
