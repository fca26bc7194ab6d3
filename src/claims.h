/*
 * claims.h: the claims stage's internal pieces, shared by its files:
 * claims_lex.c (loads models/claims/, the iso-codes country list and WordNet's verb lists),
 * claims_ent.c (entities and roles), claims_slots.c (quantities, lists, polarity, modality,
 * attribution, predicate) and claims.c (clauses, check-worthiness, the public API).
 * Everything works over the segment stage's tokens; no parser.
 */
#ifndef CC_CLAIMS_H
#define CC_CLAIMS_H

#include <string.h>

#include "internal.h"

/* Word classes of models/claims/words.tsv (names in claims_lex.c, same order). */
enum {
    CL_TITLE,        /* president, foreign minister, maj. gen. */
    CL_STATUS,       /* former, retired, acting -> cc_role_status name */
    CL_TITLE_MOD,    /* senior, top, chief: may stand between a status and its title */
    CL_HEDGE,        /* may, reportedly, appears */
    CL_HEDGE_BLOCK,  /* "may no longer": a permission, not a hedge */
    CL_NEGATION,     /* not, never, no longer */
    CL_NEG_EXCEPT,   /* "not only", "not just": affirmed when "but" follows */
    CL_APPROX,       /* about, at least -> cc_approx name */
    CL_NUMBER,       /* seven -> 7 */
    CL_SCALE,        /* million -> 1000000 */
    CL_UNIT,         /* %, percent -> unit name */
    CL_LIST_COMPLETE,/* both, only, the three */
    CL_LIST_EXAMPLE, /* including, such as */
    CL_SAY,          /* verbs of saying and "according to" beyond the segment lexicon */
    CL_SAY_BARE,     /* added, continued: report only before punctuation, "that" or a quote */
    CL_DIRECTIVE,    /* told, asked, urged: "told X to leave" is no attribution */
    CL_PRONOUN,      /* he, she: a speaker resolved to the latest person */
    CL_FUNCTION,     /* determiners, prepositions, auxiliaries: no counted noun, no item */
    CL_AUX,          /* is, has, did, will: before the main verb */
    CL_NONNAME,      /* capitalized words that start no name: The, Both, However */
    CL_ORG_CUE,      /* Department, Group, Embassy: an unknown name is an organization */
    CL_PLACE_CUE,    /* Airport, Region, Province: an unknown name is a place */
    CL_CLAUSE_REL,   /* ", which", ", a move that": a new claim begins */
    CL_CLAUSE_CONJ,  /* ", and", ", but", "; while": a new claim when a clause follows */
    CL_LOW_WORTH,    /* opinion and call-to-comment cues: "your take", "should" */
    CL_AGE_CUE,      /* aged, year-old: the number is an age */
    CL_LOCATIVE,     /* in, near, across: an unknown lone name after them is a place */
    CL_ARTICLE,      /* a, an, the: an appositive or a noun phrase begins */
    CL_DETERMINER,   /* the, its, of, to...: a verb-looking word after them is a noun */
    CL_ANAPHOR,      /* the, these, both: "the two juntas" counts nothing new */
    CL_RELATIVE,     /* who, whose, which: a relative clause begins */
    CL_PARTICLE,     /* al, bin, de: lower-case words inside personal names */
    CL_ORG_LINK,     /* of, for: inside organization names ("Department of Defense") */
    CL_PASSIVE,      /* was, were, been: "were told" reports nothing */
    CL_SAY_BLOCK,    /* whether, if: "had not said whether" reports nothing */
    CL_LIST_AFTER,   /* both, all: after a list, they close it */
    CL_NCLASSES
};

/* A phrase of the lexicon: lower-case tokens joined by one space. */
typedef struct {
    uint64_t mask;   /* classes the phrase belongs to (bit = class) */
    uint64_t prefix; /* classes having a longer phrase that starts with this one */
    const char *value[CL_NCLASSES];
} cl_word;

/* A gazetteer alias. */
typedef struct {
    const char *id;
    int type;      /* cc_entity_type */
    int case_mode; /* 0 lower case allowed, 1 capitalized, 2 all capitals */
    int complete;  /* 1: a whole alias ends here; 0: only a prefix of longer ones */
} cl_alias;

/* A string -> pointer map, open addressing, the strings copied into its arena. */
typedef struct {
    char **keys;
    void **vals;
    size_t cap, n;
    cc_arena strings;
} cl_map;

void *cl_map_get(const cl_map *m, const char *key, size_t len);
int cl_map_put(cl_map *m, const char *key, void *val);

struct cc_claims_lex {
    cl_map words;    /* phrase -> cl_word */
    cl_map aliases;  /* lower-case alias (tokens joined by one space) -> cl_alias */
    cl_map verbs;    /* WordNet verb lemma -> (void *)1 */
    cl_map verb_exc; /* irregular form -> lemma (char *) */
    cc_arena arena;  /* cl_word, cl_alias, strings */
};

/* The entry of the phrase made of tokens [i, j) (norms joined by one space), or NULL. */
const cl_word *cl_word_at(const struct cc_claims_lex *lex, const cc_token *t, size_t i,
                          size_t j);
/* Longest phrase of class `cls` starting at token i, not past `end`: its length in tokens
 * (0 when none) and its value through *value. */
size_t cl_match(const struct cc_claims_lex *lex, const cc_token *t, size_t i, size_t end,
                int cls, const char **value);
/* 1 when the token's norm (possessive 's dropped) is a word of class cls. */
int cl_is(const struct cc_claims_lex *lex, const cc_token *t, int cls);
/* The verb lemma of a lower-case word form ("barred" -> "bar"), or NULL when WordNet knows
 * no verb of that form. Writes into buf (size >= 64). */
const char *cl_verb_lemma(const struct cc_claims_lex *lex, const char *w, char *buf);
/* The singular of a lower-case plural noun ("tankers" -> "tanker") into buf. */
const char *cl_singular(const char *w, char *buf, size_t size);
/* Length of a token's norm without a possessive "'s" / "’s" / trailing apostrophe. */
size_t cl_base_len(const cc_token *t);

/* ---- per-sentence work (token indices are document token indices) ------------------------ */

/* An entity mention over tokens [t0, t1). */
typedef struct {
    size_t t0, t1;
    cc_entity e;
} cl_mention;

typedef struct {
    size_t t0, t1; /* the title phrase */
    cc_role r;
} cl_role_at;

typedef struct {
    size_t t0, t1;
    cc_quantity q;
} cl_quant_at;

typedef struct {
    size_t t0, t1;
    cc_vec members; /* const char * */
    int exclusive;
    const char *cue;
} cl_list_at;

/* What the document's earlier sentences tell later ones. */
typedef struct {
    cc_vec persons;          /* cl_person: surnames for "Checker" -> person:nick-checker */
    const char *last_person; /* for "he said" */
    const char *last_speaker; /* for a quotation that runs on into the next sentence */
} cl_docstate;

typedef struct {
    const char *surname; /* case-folded last name */
    const char *id;
} cl_person;

typedef struct {
    const struct cc_claims_lex *lex;
    const cc_context *ctx;
    cc_doc *doc;
    cl_docstate *ds;
    const cc_token *t;
    size_t s, e;     /* the sentence's tokens [s, e) */
    int headline;    /* a title or heading: capitalized words are no names */
    uint8_t *quoted; /* per token of the sentence (index - s): inside quotation marks */
    cc_vec ments;    /* cl_mention, in text order */
    cc_vec roles;    /* cl_role_at */
    cc_vec quants;   /* cl_quant_at */
    cc_vec lists;    /* cl_list_at */
    /* attribution frame: "X said", ", said X", "according to X" */
    int attr;             /* cc_attribution of the sentence's reported part */
    const char *speaker;
    const char *speech_cue;
    size_t frame0, frame1; /* tokens of the frame (speaker and verb), frame0 == frame1: none */
} cl_sent;

/* claims_ent.c */
int cl_entities(cl_sent *cs);
int cl_roles(cl_sent *cs);
/* The mention covering token k, or NULL. */
const cl_mention *cl_mention_at(const cl_sent *cs, size_t k);
/* A lower-case slug of text for ids: "Nick Checker" -> "nick-checker". */
char *cl_slug(cc_arena *a, const char *kind, const char *text, size_t len);

/* claims_slots.c */
int cl_quantities(cl_sent *cs);
int cl_lists(cl_sent *cs);
int cl_attribution(cl_sent *cs);
/* 1 when token k is a verb of saying (segment lexicon or class say). */
int cl_is_say(const cl_sent *cs, size_t k);
/* Polarity, modality and predicate of the clause [c0, c1). */
void cl_polarity(const cl_sent *cs, size_t c0, size_t c1, cc_claim *out);
void cl_modality(const cl_sent *cs, size_t c0, size_t c1, cc_claim *out);
const char *cl_predicate(const cl_sent *cs, size_t c0, size_t c1);
/* The token's text as written (borrowed from the document text). */
static inline const char *cl_tok_text(const cl_sent *cs, size_t k, size_t *len)
{
    *len = cs->t[k].span.end - cs->t[k].span.start;
    return cs->doc->text + cs->t[k].span.start;
}
static inline int cl_tok_is(const cc_token *t, const char *norm)
{
    return strcmp(t->norm, norm) == 0;
}

#endif
