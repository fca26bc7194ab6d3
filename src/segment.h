/*
 * segment.h: internals of the segment stage shared by its files: the lexicon (data from
 * models/, seg_lexicon.c), the tokenizer (seg_token.c) and the sentence splitter
 * (segment.c). Not part of the public header.
 */
#ifndef CC_SEGMENT_H
#define CC_SEGMENT_H

#include "internal.h"

/* What a period after an abbreviation means (models/abbreviations.txt). */
enum {
    SEG_ABBR_NONE = 0,
    SEG_ABBR_TITLE,     /* never ends a sentence: Gen., Sen., St. */
    SEG_ABBR_NUMBER,    /* never before a number: No. 5, Oct. 3 */
    SEG_ABBR_MAY_END,   /* U.S., Inc., etc.: ends before a sentence starter */
    SEG_ABBR_HONORIFIC  /* Mr., Dr.: like a title, and starts a sentence after a may-end one */
};

/* A small open-addressing string set with a class per entry. */
typedef struct {
    char **keys;
    uint8_t *vals;
    size_t cap, n;
} seg_set;

struct cc_seg_lexicon {
    seg_set abbrevs;  /* "U.S." -> SEG_ABBR_* (exact case) */
    seg_set starters; /* case-folded words that typically start a sentence */
    seg_set speech;   /* case-folded verbs of saying: a quote's speaker follows */
};

/* Class of a string in a set, 0 when absent. */
int seg_set_get(const seg_set *s, const char *key, size_t len);
/* Class of an abbreviation with its period (SEG_ABBR_*); in a hyphenated word the part after
 * the last hyphen counts: "then-Gov.", "post-Sept.", "Minneapolis-St.". */
int seg_abbrev_class(const struct cc_seg_lexicon *lex, const char *p, size_t len);

/* How a token is separated from the one before it. */
enum {
    SEG_GAP_NONE = 0, /* adjacent */
    SEG_GAP_SPACE,    /* spaces (or an inline removal) */
    SEG_GAP_LINE,     /* one newline */
    SEG_GAP_PARA      /* a blank line or a whole-line removal */
};

/* Tokenizer output: doc->tokens, plus one gap per token in `gaps` (same index). */
typedef struct {
    uint8_t *gaps;
    size_t ngaps, cap;
} seg_gaps;

/* Tokenizes doc->text into doc->tokens (norm and stem in doc->arena), skipping removals. */
int seg_tokenize(cc_doc *doc, const struct cc_seg_lexicon *lex, seg_gaps *gaps);

/* Unicode helpers on valid or invalid UTF-8: one code point at p (len > 0); invalid bytes
 * decode as U+FFFD of length 1. Inline ASCII paths: they run once per byte of text. */
size_t seg_decode_multi(const char *p, size_t len, int32_t *cp);
int seg_is_space_multi(int32_t cp);
/* Frees the calling thread's stemmer and stem cache (cc_segment_fini calls it; a worker
 * thread calls it before it exits). */
void seg_thread_release(void);

static inline size_t seg_decode(const char *p, size_t len, int32_t *cp)
{
    if ((unsigned char)p[0] < 0x80) {
        *cp = (unsigned char)p[0];
        return 1;
    }
    return seg_decode_multi(p, len, cp);
}

static inline int seg_is_space(int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return seg_is_space_multi(cp);
}

/* Finishes a document whose sentences and tokens were restored from a cached record
 * (record_bin.c) as cc_doc_segment() finishes its own: the derived title, then marked
 * segmented. */
int seg_restored(cc_doc *d);
/* The document's title derived from its title line (NULL: none), unless its metadata names
 * one: what segmentation does, also for a document a cached summary stands for. */
int seg_title_line(cc_doc *d, const char *line);

#endif
