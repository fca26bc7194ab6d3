/*
 * timex.h: the time stage's internal pieces, shared by its three files:
 * time_rules.c (loads models/time/: word lists and rules, compiles them once),
 * time_norm.c (turns a rule's value template and a match into a TIMEX3 value),
 * time_tag.c (runs the rules over text, picks non-overlapping expressions, the public API).
 */
#ifndef CC_TIMEX_H
#define CC_TIMEX_H

#include <pcre2.h>
#include <string.h>

#include "internal.h"

/* One phrase of a word list ("jan." -> "1" in list "month"). */
typedef struct {
    char *phrase; /* lower case, single spaces */
    char *key;    /* the phrase as looked up: a hyphen is a space ("twenty four") */
    char *value;
    int case_sensitive; /* matched only as written ("May", not "may") */
    int composed;       /* made of lists: "%tens-%units" (its value is their sum) */
} cc_time_word;

typedef struct {
    char *name;
    cc_vec words;  /* cc_time_word */
    char *pattern; /* its regex (one capture group), built when a rule first names it */
    int building;  /* its pattern is being built (a list may not contain itself) */
} cc_time_list;

/* An argument of a value template: a literal, a capture group (optionally looked up in a
 * list, optionally negated), or a year to infer from the DCT ('?' by tense, '<' before it,
 * '>' after it). */
typedef enum { TA_LIT, TA_GROUP, TA_INFER } cc_time_arg_kind;

typedef struct {
    int kind;       /* cc_time_arg_kind */
    char *lit;      /* TA_LIT: the text; TA_INFER: "?", "<" or ">" */
    int group;      /* TA_GROUP */
    int list;       /* index into the lists, -1 for none */
    int negate;     /* "-$1:number" */
} cc_time_arg;

#define CC_TIME_MAX_ARGS 5

/* Words one of which every match of a rule consumes, lower case, without 'k' or 's'
 * (caseless, those also match U+212A and U+017F). */
#define CC_TIME_REQUIRED_WORDS 6
#define CC_TIME_REQUIRED_WORD_MAX 16
typedef struct {
    char w[CC_TIME_REQUIRED_WORDS][CC_TIME_REQUIRED_WORD_MAX];
    int n; /* 0: none known */
} cc_time_words;
#define CC_TIME_MAX_GROUPS 15 /* capture groups of a rule's pattern */

typedef struct {
    int func; /* index into the function table of time_norm.c */
    cc_time_arg args[CC_TIME_MAX_ARGS];
    int nargs;
} cc_time_template;

typedef struct {
    char *name;
    int type;     /* cc_timex_type, or -1 for a negative rule */
    char *source; /* the pattern as written */
    pcre2_code *code; /* for the interpreter */
    /* The JIT-compiled copy, made once the rule is expected to do jit_after of work: a rule
     * that a text wakes a few times costs less to interpret than to compile. Mutable state
     * of a read-only context, so it is published atomically (see cc_time_rule_code). */
    struct cc_time_jit *jit;
    size_t jit_after; /* CC_TIME_JIT_PER_BYTE times the size of the compiled pattern */
    /* A byte every match has (pcre2's "last code unit": '-' of "2025-11-20"), in both cases
     * when it is a letter, or -1: a window without it is not searched. */
    int required[2];
    /* Words one of which every match has as written in the pattern ("ago" of "... %unit
     * ago"): a window without any of them is not searched either. */
    cc_time_words required_words;
    cc_time_template tmpl;
    long line;
    /* Triggers: the rule is tried only near a word of its lists, one of its words, or a
     * digit (bits as in cc_time_trigger.mask); scan_all when it has none. */
    uint64_t trig_mask;
    int scan_all;
    int starts_at_trigger; /* the pattern begins with a trigger list: no window before it */
    /* That list when the pattern cannot skip it ("%holiday,?..." but not "%modifier?..."),
     * else -1: what follows a trigger word in the list's phrases then says whether a match
     * can begin at the word (cc_time_follow). */
    int lead_list;
    /* Words a match must begin with, when the pattern says ("(\d+|%number) %unit ago":
     * digits or a number word; bits as in trig_mask), else 0: the window before a trigger
     * then starts at the first such word, and a trigger without one is no window at all. */
    uint64_t start_mask;
    uint64_t start_words; /* ... or literal words it may begin with ("the"): start bits */
} cc_time_rule;

/* What comes after a trigger word in the phrases of a list that begin with it ("fourth"
 * after "the" in "the fourth of july"): the bytes that may come right after the word, and
 * those that may come after whitespace there. A byte of a non-ASCII character is always
 * allowed (Unicode spaces; KELVIN SIGN and LONG S match 'k' and 's' caselessly). */
typedef struct {
    int list;
    int next;             /* the next entry of the same word, or -1 */
    uint64_t direct[4];   /* 256 bits */
    uint64_t spaced[4];   /* 256 bits */
} cc_time_follow;

/* The trigger dictionary: the first word of every phrase of every list, and the trigger
 * words the rules name; the tagger looks every word of the text up once. */
typedef struct {
    char word[24]; /* lower case ASCII letters; "" for an empty slot */
    size_t len;
    uint64_t mask; /* bit i < nlists: list i has a phrase starting with this word; higher
                    * bits: the word itself, as named by rules; CC_TIME_TRIG_DIGIT: digits */
    uint64_t start_words; /* the word's bit among the words rules may begin with, or 0 */
    /* Its first cc_time_follow entry, or -1: a list without an entry for the word allows
     * anything after it (a phrase of the list may end there, or none begins with it). */
    int follow;
} cc_time_trigger;

#define CC_TIME_TRIG_DIGIT ((uint64_t)1 << 63)
#define CC_TIME_MAX_LISTS 40 /* lists take the low bits of a trigger mask */

#define CC_TIME_TRIGGER_SLOTS 1024 /* at most 3/4 full: about 400 words now */
#define CC_TIME_BLOOM_BITS 16384   /* about 2% of other words pass with 400 trigger words */

struct cc_time_rules {
    cc_vec lists; /* cc_time_list */
    cc_vec rules; /* cc_time_rule */
    pcre2_match_context *mctx;
    cc_time_trigger *triggers; /* CC_TIME_TRIGGER_SLOTS slots, open addressing */
    size_t ntriggers;
    int triggers_full;
    /* One bit per word hash (its high bits) of every trigger word: most words of a text
     * are none, and one bit test says so without probing the table. */
    uint64_t trigger_bloom[CC_TIME_BLOOM_BITS / 64];
    int next_word_bit; /* the next free bit for a trigger word (62 is shared when full) */
    uint64_t digit_lists; /* lists having a phrase that starts with a digit ("1st") */
    uint64_t unindexed_lists; /* lists having a phrase that starts otherwise ("'ll") */
    uint64_t rule_bits; /* the trigger bits that wake a rule or that a rule may begin with */
    uint64_t rule_start_words; /* the start-word bits that rules may begin with */
    int next_start_bit;
    cc_vec rules_by_bit[64];  /* int: the rules each trigger bit wakes up */
    cc_vec follows;           /* cc_time_follow, for the lists rules begin with */
    /* (list, lower-case phrase) -> value, open addressing */
    const cc_time_word **phrase_slots;
    int *phrase_lists;
    size_t nphrase_slots;
    int list_past, list_future, list_past_suffix; /* tense cue lists, -1 when absent */
    int list_fin_quarter;                         /* words that make a sentence financial */
    int list_tense_neutral;                       /* reporting verbs: no tense cue */
    int list_governor_skip;                       /* words between a verb and its time */
    int list_passive_aux; /* "be", "been": the participle after them is no past cue */
    int list_past_prep;   /* "since": what it governs is past */
    int list_future_prep; /* "until": the expression right after it lies ahead */
    int func_relfin;                              /* the function that reads quarters */
    int func_later; /* the function that reads the latest earlier date ("a year later") */
    int func_laterpod; /* the same for a part of a day ("that evening") */
    int func_tensepod; /* and for one that also reads the tense ("overnight") */
    int func_time;     /* a clock time on the DCT's day ("5 p.m.") */
    int list_clock_link; /* words between a day and its clock time ("at", "about") */
};

/* Work is counted in start positions tried; a call costs about as much as CALL_COST of
 * them. Compiling a rule's JIT code costs about as much as interpreting JIT_PER_BYTE
 * positions per byte of its compiled pattern (measured on the TempEval texts: 52 us per KB
 * to compile, 2.4 ns per position saved; the factor is below that break-even of 21 because
 * a rule's work is only projected). A rule that does less is interpreted to the end. */
#define CC_TIME_CALL_COST 64
#define CC_TIME_JIT_PER_BYTE 8

/* The code to match a rule with, counting `work` more (start positions and calls) for a
 * window ending at byte `to` of a text of `len` bytes; *jit says whether it is the
 * JIT-compiled one (for pcre2_jit_match). The rule is compiled once its work so far, or
 * the work it is on course to do in this text, reaches its jit_after. Safe from several
 * threads. */
const pcre2_code *cc_time_rule_code(const cc_time_rule *r, size_t work, size_t to, size_t len,
                                    int *jit);

/* 0 when no phrase of `list` that begins with the trigger word ending at `end` of the text
 * can go on as the text does, so that no match of a rule beginning with the list starts at
 * the word; 1 when one may. */
int cc_time_may_follow(const struct cc_time_rules *tr, const cc_time_trigger *t, int list,
                       const char *text, size_t len, size_t end);

/* The trigger entry of a lower-case word, or NULL. */
const cc_time_trigger *cc_time_trigger_find(const struct cc_time_rules *tr, const char *w,
                                            size_t n);
/* The same with the word's hash: cc_time_word_hash of the word lower-cased into a buffer of
 * CC_TIME_WORD_MAX bytes, zero after it (the tagger fills one while it reads a word). */
#define CC_TIME_WORD_MAX 24 /* sizeof cc_time_trigger.word: longer words trigger nothing */
static inline uint64_t cc_time_word_hash(const char *w, size_t n)
{
    /* three loads and multiplies per word, not one multiply per letter */
    uint64_t a, b, c;
    memcpy(&a, w, 8);
    memcpy(&b, w + 8, 8);
    memcpy(&c, w + 16, 8);
    uint64_t h = (a ^ (b * 0x9e3779b97f4a7c15ULL) ^ (c * 0xc2b2ae3d27d4eb4fULL) ^ n) *
                 0xff51afd7ed558ccdULL;
    return h ^ (h >> 29);
}
/* The bit of a word hash in trigger_bloom. */
static inline size_t cc_time_bloom_bit(uint64_t hash)
{
    return (size_t)(hash >> 40) % CC_TIME_BLOOM_BITS;
}
/* 0 when the word of this hash is surely no trigger (most words): one bit test, no call. */
static inline int cc_time_maybe_trigger(const struct cc_time_rules *tr, uint64_t hash)
{
    size_t b = cc_time_bloom_bit(hash);
    return (int)(tr->trigger_bloom[b / 64] >> (b % 64)) & 1;
}
const cc_time_trigger *cc_time_trigger_find_hashed(const struct cc_time_rules *tr,
                                                   const char *w, size_t n, uint64_t hash);

int cc_time_list_find(const struct cc_time_rules *tr, const char *name);
/* Looks a phrase up in a list (case-insensitively, spaces collapsed); NULL when absent. */
const char *cc_time_lookup(const struct cc_time_rules *tr, int list, const char *s, size_t n);

/* Looks a part of a compound up ("twenty" of "twenty-one"): in the list, else in the lists
 * its composed phrases name. */
const char *cc_time_lookup_part(const struct cc_time_rules *tr, int list, const char *s,
                                size_t n);

/* Template functions: name, number of arguments; the index is cc_time_template.func. */
int cc_time_func_find(const char *name, int *nargs);
/* 1 when the function reads the sentence's tense (weekdays, quarters, weekends). */
int cc_time_func_uses_tense(int func);

/* What a rule's value computation needs to know about its surroundings. */
typedef struct {
    const struct cc_time_rules *tr;
    const char *text;
    size_t len;
    cc_date dct;  /* year 0: unknown */
    int tense;    /* -1 past, 0 unknown, 1 future */
    int quarter_context; /* the sentence speaks of quarters (list fin_quarter) */
    /* the latest earlier resolved date expression (for "a year later"), or NULL */
    const char *prev_value;
    cc_span prev_span;
    int depth;    /* recursion depth of anchor tagging */
    const struct cc_context *ctx;
    const char *path; /* for diagnostics, or NULL */
    int quiet;        /* no diagnostics (a second pass over the same text) */
} cc_time_env;

/* The result of normalizing one match. */
typedef struct {
    char value[64];
    int resolution;
    int type; /* may change the rule's type (e.g. unresolvable -> still DATE) */
    cc_span anchor; /* text offsets of the anchor, end 0 when none */
    int reject;     /* the match is not a valid expression */
    int invalid_date; /* ... because the day does not exist (February 30) */
} cc_time_result;

void cc_time_normalize(cc_time_result *res, const cc_time_env *env, const cc_time_rule *rule,
                       const PCRE2_SIZE *ov, int ngroups);

/* Tense of the text around [start, end): -1 past, 1 future, 0 unknown. */
int cc_time_tense(const struct cc_time_rules *tr, const char *text, size_t len, size_t start,
                  size_t end);

/* 1 when the sentence around [start, end) has a word of the list. */
int cc_time_sentence_has(const struct cc_time_rules *tr, int list, const char *text, size_t len,
                         size_t start, size_t end);

/* Tags text into a vector of cc_timex whose strings are malloc'd (used recursively for
 * anchors). */
int cc_time_tag_vec(cc_vec *out, const cc_time_env *env);

#endif
