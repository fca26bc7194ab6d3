/*
 * claims_slots.c: the slots of a sentence or clause other than entities and roles:
 * quantities (numbers with approximation and counted noun, not years, ages, dates or parts of
 * names), lists (coordinated entities or items, with the marks that close or open them),
 * attribution (who says it, quoted or reported), polarity (negation with its scope),
 * modality (hedges) and the predicate (main verb, lemmatized with WordNet's verb lists).
 * Heuristics over tokens and the cue words of models/claims/words.tsv; no parser.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "claims.h"

static int is_word(const cc_token *t) { return t->kind == CC_TOK_WORD; }

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

int cl_is_say(const cl_sent *cs, size_t k)
{
    const cc_token *t = &cs->t[k];
    if (!is_word(t) || !cl_is(cs->lex, t, CL_SAY) || cl_mention_at(cs, k))
        return 0;
    /* "added Mali to the list": a verb of saying only before what is said */
    if (cl_is(cs->lex, t, CL_SAY_BARE) && k + 1 < cs->e) {
        const cc_token *n = &cs->t[k + 1];
        if (n->kind == CC_TOK_WORD && !cl_tok_is(n, "that"))
            return 0;
    }
    /* "newly added nations", "the statements": not a verb of saying here */
    if (k > cs->s) {
        const char *p = cs->t[k - 1].norm;
        size_t n = strlen(p);
        if ((n > 2 && strcmp(p + n - 2, "ly") == 0) || cl_is(cs->lex, &cs->t[k - 1], CL_ARTICLE) ||
            cl_tok_is(&cs->t[k - 1], "its"))
            return 0;
    }
    return 1;
}

/* ---- quantities -------------------------------------------------------------------------- */

static int in_timex(const cl_sent *cs, size_t k)
{
    size_t n;
    const cc_timex *tx = cc_doc_timexes(cs->doc, &n);
    cc_span sp = cs->t[k].span;
    /* binary search for the first expression ending after the token starts */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tx[mid].span.end <= sp.start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && tx[lo].span.start < sp.end;
}

/* The numeric value of token k (digits or a number word) and the tokens it spans. */
static size_t number_at(const cl_sent *cs, size_t k, double *value)
{
    const cc_token *t = &cs->t[k];
    const char *v = NULL;
    size_t n = 0;
    if (t->kind == CC_TOK_NUMBER) {
        char buf[64];
        size_t m = 0;
        for (const char *p = t->norm; *p && m + 1 < sizeof buf; p++)
            if (*p != ',')
                buf[m++] = *p;
        buf[m] = '\0';
        char *end;
        *value = strtod(buf, &end);
        if (*end)
            return 0;
        n = 1;
    } else if ((n = cl_match(cs->lex, cs->t, k, cs->e, CL_NUMBER, &v)) > 0) {
        *value = atof(v);
    } else {
        return 0;
    }
    while (k + n < cs->e && cl_match(cs->lex, cs->t, k + n, k + n + 1, CL_SCALE, &v) == 1) {
        *value *= atof(v);
        n++;
    }
    return n;
}

static int year_like(const cc_token *t, double v)
{
    return t->kind == CC_TOK_NUMBER && !strchr(t->norm, ',') && !strchr(t->norm, '.') &&
           v >= 1800 && v <= 2100 && v == floor(v);
}

/* Numbers that count nothing here: years, ages, numbers of names, anaphoric "the two". */
static int not_a_quantity(const cl_sent *cs, size_t k, size_t n, double v)
{
    const cc_token *t = cs->t;
    size_t after = k + n;
    if (in_timex(cs, k) || cl_mention_at(cs, k))
        return 1;
    int unit = after < cs->e && cl_is(cs->lex, &t[after], CL_UNIT);
    if (year_like(&t[k], v) && !unit)
        return 1;
    if (after + 1 < cs->e && cl_tok_is(&t[after], "-") && cl_is(cs->lex, &t[after + 1], CL_AGE_CUE))
        return 1;
    if (after < cs->e && cl_is(cs->lex, &t[after], CL_AGE_CUE))
        return 1;
    if (k > cs->s) {
        const cc_token *p = &t[k - 1];
        if (cl_is(cs->lex, p, CL_AGE_CUE))
            return 1;
        /* "Article 5", "Group of 20" */
        if (p->kind == CC_TOK_WORD && (p->flags & CC_TOKF_CAPITALIZED) &&
            !(p->flags & CC_TOKF_SENT_START) && !cl_is(cs->lex, p, CL_APPROX) && !cs->headline)
            return 1;
        if (cl_tok_is(p, "of") && k > cs->s + 1 && (t[k - 2].flags & CC_TOKF_CAPITALIZED) &&
            !(t[k - 2].flags & CC_TOKF_SENT_START) && !cs->headline)
            return 1;
        if (cl_is(cs->lex, p, CL_ANAPHOR))
            return 1;
        /* "Awa Traoré, 22," */
        const cl_mention *m = k >= cs->s + 2 ? cl_mention_at(cs, k - 2) : NULL;
        if (cl_tok_is(p, ",") && m && m->e.type == CC_ENT_PERSON && after < cs->e &&
            cl_tok_is(&t[after], ","))
            return 1;
    }
    /* a number word must count something that follows it ("seven nations") */
    if (t[k].kind != CC_TOK_NUMBER &&
        (after >= cs->e || !is_word(&t[after]) || cl_is(cs->lex, &t[after], CL_AUX)))
        return 1;
    return 0;
}

/* The counted noun after a number: "tanker drivers have" -> "driver", "of its trucks". */
static const char *counted_noun(const cl_sent *cs, size_t k)
{
    const cc_token *t = cs->t;
    if (k < cs->e && cl_tok_is(&t[k], "of")) {
        k++;
        while (k < cs->e && cl_is(cs->lex, &t[k], CL_FUNCTION))
            k++;
    }
    size_t last = (size_t)-1;
    for (size_t j = k; j < cs->e && j < k + 4; j++) {
        const cl_mention *m = cl_mention_at(cs, j);
        if (m && m->e.type != CC_ENT_PERSON && m->t1 < cs->e && j < k + 2) {
            j = m->t1 - 1; /* "three West African nations" */
            continue;
        }
        if (!is_word(&t[j]) || cl_is(cs->lex, &t[j], CL_FUNCTION) ||
            cl_is(cs->lex, &t[j], CL_AUX) || m)
            break;
        /* "seven drivers fled": a past form after the noun is the verb */
        size_t n = strlen(t[j].norm);
        char buf[64];
        int adjectival = j + 1 < cs->e && is_word(&t[j + 1]) &&
                         !cl_is(cs->lex, &t[j + 1], CL_FUNCTION); /* "newly added nations" */
        if (j > k && !adjectival && cl_verb_lemma(cs->lex, t[j].norm, buf) &&
            ((n > 3 && strcmp(t[j].norm + n - 2, "ed") == 0) ||
             cl_map_get(&cs->lex->verb_exc, t[j].norm, n)))
            break;
        last = j;
    }
    if (last == (size_t)-1)
        return "";
    char buf[128];
    const char *s = cl_singular(t[last].norm, buf, sizeof buf);
    return cc_arena_strndup(&cs->doc->arena, s, strlen(s));
}

static int approx_code(const char *v)
{
    static const char *const names[] = {"exact", "about", "at_least", "at_most", "more_than",
                                        "nearly"};
    for (int i = 0; i < 6; i++)
        if (strcmp(names[i], v) == 0)
            return i;
    return CC_APPROX_EXACT;
}

int cl_quantities(cl_sent *cs)
{
    const cc_token *t = cs->t;
    for (size_t k = cs->s; k < cs->e; k++) {
        double v = 0;
        size_t n = number_at(cs, k, &v);
        if (!n)
            continue;
        if (not_a_quantity(cs, k, n, v)) {
            k += n - 1;
            continue;
        }
        cl_quant_at *q = cc_vec_push(&cs->quants);
        if (!q)
            return cc_seterr(CC_ENOMEM, "out of memory");
        size_t t0 = k, after = k + n;
        q->q.value = v;
        q->q.approx = CC_APPROX_EXACT;
        /* the approximation ends before the number or its currency sign: "as much as $40" */
        size_t lead = k > cs->s && t[k - 1].kind == CC_TOK_SYMBOL ? k - 1 : k;
        for (size_t b = lead > cs->s + 3 ? lead - 3 : cs->s; b < lead; b++) {
            const char *av = NULL;
            if (cl_match(cs->lex, t, b, lead, CL_APPROX, &av) == lead - b) {
                q->q.approx = approx_code(av);
                t0 = b;
                break;
            }
        }
        const char *unit = NULL;
        if (k > cs->s && t[k - 1].kind == CC_TOK_SYMBOL &&
            cl_match(cs->lex, t, k - 1, k, CL_UNIT, &unit) == 1) {
            if (t0 == k)
                t0 = k - 1;
        } else if (after < cs->e) {
            size_t un = cl_match(cs->lex, t, after, cs->e, CL_UNIT, &unit);
            after += un;
        }
        q->q.unit = unit ? unit : counted_noun(cs, after);
        if (!q->q.unit)
            return cc_seterr(CC_ENOMEM, "out of memory");
        q->t0 = t0;
        q->t1 = k + n;
        q->q.span.start = t[t0].span.start;
        q->q.span.end = t[after - 1].span.end;
        k += n - 1;
    }
    return 0;
}

/* ---- lists ------------------------------------------------------------------------------- */

/* An item of a word list: a run of up to three content words ending at token `last`
 * (inclusive); returns its first token, or (size_t)-1. */
/* A verb form in -ing or -ed ("making", "added") starts no item of a word list. */
static int participle(const cl_sent *cs, const cc_token *t)
{
    char buf[64];
    return (ends_with(t->norm, "ing") || ends_with(t->norm, "ed")) &&
           cl_verb_lemma(cs->lex, t->norm, buf);
}

static size_t word_item_back(const cl_sent *cs, size_t last)
{
    size_t k = last + 1;
    while (k > cs->s && k > last - 2 && last + 1 - k < 3) {
        const cc_token *p = &cs->t[k - 1];
        if (!is_word(p) || cl_is(cs->lex, p, CL_FUNCTION) || cl_is(cs->lex, p, CL_AUX) ||
            cl_is(cs->lex, p, CL_LIST_EXAMPLE) || cl_is(cs->lex, p, CL_LIST_COMPLETE) ||
            cl_mention_at(cs, k - 1) || (k <= last && participle(cs, p)))
            break;
        k--;
    }
    return k <= last ? k : (size_t)-1;
}

static size_t word_item_fwd(const cl_sent *cs, size_t first)
{
    while (first < cs->e && cl_is(cs->lex, &cs->t[first], CL_FUNCTION) &&
           !cl_tok_is(&cs->t[first], "and"))
        first++;
    size_t k = first;
    while (k < cs->e && k < first + 3) {
        const cc_token *p = &cs->t[k];
        if (!is_word(p) || cl_is(cs->lex, p, CL_FUNCTION) || cl_is(cs->lex, p, CL_AUX) ||
            cl_mention_at(cs, k))
            break;
        k++;
    }
    return k;
}

typedef struct {
    size_t t0, t1;
} item;

/* Collects the items of the coordination at token c ("and"/"or"): entities when both sides
 * are entity mentions, else word runs. Returns the number of items (0: no list). */
static size_t coordination(const cl_sent *cs, size_t c, item *items, size_t max, int *entities)
{
    /* "the Sahel and the United States": an article before the entity */
    size_t rs = c + 2 < cs->e && cl_is(cs->lex, &cs->t[c + 1], CL_ARTICLE) ? c + 2 : c + 1;
    const cl_mention *r = rs < cs->e ? cl_mention_at(cs, rs) : NULL;
    size_t last = c > cs->s && cl_tok_is(&cs->t[c - 1], ",") ? c - 1 : c;
    if (last <= cs->s)
        return 0;
    const cl_mention *l = cl_mention_at(cs, last - 1);
    *entities = r && r->t0 == rs && l && l->t1 == last;
    size_t n = 0;
    item right;
    if (*entities) {
        right = (item){r->t0, r->t1};
    } else {
        right.t0 = c + 1;
        right.t1 = word_item_fwd(cs, c + 1);
        while (right.t0 < right.t1 && cl_is(cs->lex, &cs->t[right.t0], CL_FUNCTION))
            right.t0++;
        if (right.t0 >= right.t1)
            return 0;
    }
    /* items before the coordinator, right to left */
    size_t end = last;
    while (n + 1 < max) {
        item it;
        if (*entities) {
            const cl_mention *m = end > cs->s ? cl_mention_at(cs, end - 1) : NULL;
            if (!m || m->t1 != end)
                break;
            it = (item){m->t0, m->t1};
        } else {
            size_t b = end > cs->s ? word_item_back(cs, end - 1) : (size_t)-1;
            if (b == (size_t)-1)
                break;
            it = (item){b, end};
        }
        items[n++] = it;
        if (it.t0 <= cs->s + 1 || !cl_tok_is(&cs->t[it.t0 - 1], ","))
            break;
        end = it.t0 - 1;
    }
    if (!n)
        return 0;
    /* reverse into text order, then the right item */
    for (size_t i = 0; i < n / 2; i++) {
        item tmp = items[i];
        items[i] = items[n - 1 - i];
        items[n - 1 - i] = tmp;
    }
    items[n++] = right;
    return n;
}

/* The marking of a list starting at token first: examples, complete, or none. */
static void list_marking(const cl_sent *cs, size_t first, size_t after, cl_list_at *l)
{
    const cc_token *t = cs->t;
    size_t from = first > cs->s + 6 ? first - 6 : cs->s;
    for (size_t b = from; b < first; b++) {
        size_t n = cl_match(cs->lex, t, b, first, CL_LIST_EXAMPLE, NULL);
        if (n && (b + n == first || (b + n + 1 == first && cl_tok_is(&t[first - 1], ",")))) {
            l->exclusive = 0;
            l->cue = cc_arena_strndup(&cs->doc->arena, cs->doc->text + t[b].span.start,
                                      t[b + n - 1].span.end - t[b].span.start);
            return;
        }
    }
    /* "seven newly added nations: A, B and C" */
    if (first > cs->s && cl_tok_is(&t[first - 1], ":")) {
        for (size_t b = from; b + 1 < first; b++) {
            double v;
            if (number_at(cs, b, &v)) {
                l->exclusive = 1;
                l->cue = cc_arena_strndup(&cs->doc->arena, cs->doc->text + t[b].span.start,
                                          t[first - 1].span.end - t[b].span.start);
                return;
            }
        }
    }
    for (size_t b = first > cs->s + 4 ? first - 4 : cs->s; b < first; b++) {
        size_t n = cl_match(cs->lex, t, b, first, CL_LIST_COMPLETE, NULL);
        /* right before the list ("only Mali and Niger", "both the"), never "not only" */
        if (n && b + n + 1 >= first && !(b > cs->s && cl_is(cs->lex, &t[b - 1], CL_NEGATION))) {
            l->exclusive = 1;
            l->cue = cc_arena_strndup(&cs->doc->arena, cs->doc->text + t[b].span.start,
                                      t[b + n - 1].span.end - t[b].span.start);
            return;
        }
    }
    /* "Benin and Ghana both reported" (not "the bans both sides imposed") */
    if (after + 1 < cs->e && cl_is(cs->lex, &t[after], CL_LIST_AFTER) &&
        (cl_is(cs->lex, &t[after + 1], CL_AUX) || ends_with(t[after + 1].norm, "ed") ||
         ends_with(t[after + 1].norm, "ly") ||
         cl_map_get(&cs->lex->verb_exc, t[after + 1].norm, strlen(t[after + 1].norm)))) {
        l->exclusive = 1;
        l->cue = cc_arena_strndup(&cs->doc->arena, cs->doc->text + t[after].span.start,
                                  t[after].span.end - t[after].span.start);
        return;
    }
    /* "Mali and Burkina Faso, both ...", "A, B and C, three West African nations" */
    double v;
    size_t nn;
    if (after + 2 < cs->e && cl_tok_is(&t[after], ",") && (nn = number_at(cs, after + 1, &v)) &&
        is_word(&t[after + 1 + nn])) {
        l->exclusive = 1;
        l->cue = cc_arena_strndup(&cs->doc->arena, cs->doc->text + t[after + 1].span.start,
                                  t[after + nn].span.end - t[after + 1].span.start);
        return;
    }
    if (after + 1 < cs->e && cl_tok_is(&t[after], ",")) {
        size_t n = cl_match(cs->lex, t, after + 1, cs->e, CL_LIST_COMPLETE, NULL);
        if (n && cl_is(cs->lex, &t[after + 1], CL_LIST_AFTER)) {
            l->exclusive = 1;
            l->cue = cc_arena_strndup(&cs->doc->arena, cs->doc->text + t[after + 1].span.start,
                                      t[after + n].span.end - t[after + 1].span.start);
        }
    }
}

static int add_list(cl_sent *cs, const item *items, size_t n, int entities)
{
    cl_list_at *l = cc_vec_push(&cs->lists);
    if (!l)
        return cc_seterr(CC_ENOMEM, "out of memory");
    l->members = (cc_vec)CC_VEC_INIT(const char *);
    l->t0 = items[0].t0;
    l->t1 = items[n - 1].t1;
    for (size_t i = 0; i < n; i++) {
        const char *m;
        if (entities) {
            m = cl_mention_at(cs, items[i].t0)->e.id;
        } else {
            size_t s0 = cs->t[items[i].t0].span.start, e0 = cs->t[items[i].t1 - 1].span.end;
            char *w = cc_arena_strndup(&cs->doc->arena, cs->doc->text + s0, e0 - s0);
            if (!w)
                return cc_seterr(CC_ENOMEM, "out of memory");
            for (char *p = w; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p + 32);
            m = w;
        }
        int dup = 0;
        for (size_t j = 0; j < l->members.n; j++)
            dup |= strcmp(*CC_VEC_AT(&l->members, const char *, j), m) == 0;
        const char **slot = dup ? NULL : cc_vec_push(&l->members);
        if (!dup && !slot)
            return cc_seterr(CC_ENOMEM, "out of memory");
        if (slot)
            *slot = m;
    }
    if (l->members.n < 2) { /* "Bamako and Bamako" */
        cc_vec_free(&l->members);
        cs->lists.n--;
        return 0;
    }
    list_marking(cs, l->t0, l->t1, l);
    return 0;
}

int cl_lists(cl_sent *cs)
{
    enum { MAX_ITEMS = 16 };
    item items[MAX_ITEMS];
    for (size_t c = cs->s + 1; c + 1 < cs->e; c++) {
        if (!(cl_tok_is(&cs->t[c], "and") || cl_tok_is(&cs->t[c], "or")) || cl_mention_at(cs, c))
            continue;
        int entities = 0;
        size_t n = coordination(cs, c, items, MAX_ITEMS, &entities);
        if (n < 2)
            continue;
        if (!entities && n < 3) {
            /* two plain words are a list only when marked: "such as gold and uranium" */
            cl_list_at probe = {0};
            probe.exclusive = 1;
            list_marking(cs, items[0].t0, items[n - 1].t1, &probe);
            if (!probe.cue || probe.exclusive)
                continue;
        }
        int rc = add_list(cs, items, n, entities);
        if (rc < 0)
            return rc;
        c = items[n - 1].t1 - 1;
    }
    return 0;
}

/* ---- attribution ------------------------------------------------------------------------- */

/* The speaker of a frame: an entity id when the phrase [a, b) is (or has) a person or is one
 * entity, else the phrase in lower case. */
static const char *speaker_of(cl_sent *cs, size_t a, size_t b)
{
    while (a < b && (cl_tok_is(&cs->t[a], ",") || cs->t[a].kind == CC_TOK_PUNCT))
        a++;
    while (b > a && cs->t[b - 1].kind == CC_TOK_PUNCT)
        b--;
    if (a >= b)
        return NULL;
    if (b == a + 1 && cl_is(cs->lex, &cs->t[a], CL_PRONOUN))
        return cs->ds->last_person ? cs->ds->last_person : cs->t[a].norm;
    const cl_mention *only = NULL;
    int nment = 0;
    for (size_t k = a; k < b; k++) {
        const cl_mention *m = cl_mention_at(cs, k);
        if (!m)
            continue;
        if (m->e.type == CC_ENT_PERSON)
            return m->e.id;
        if (m->t0 == k) {
            only = m;
            nment++;
        }
    }
    size_t content = 0;
    for (size_t k = a; k < b; k++)
        content += !cl_mention_at(cs, k) && !cl_is(cs->lex, &cs->t[k], CL_FUNCTION) &&
                   !cl_is(cs->lex, &cs->t[k], CL_TITLE_MOD);
    if (nment == 1 && !content)
        return only->e.id;
    size_t s0 = cs->t[a].span.start, e0 = cs->t[b - 1].span.end;
    char *p = cc_arena_strndup(&cs->doc->arena, cs->doc->text + s0, e0 - s0);
    for (char *q = p; q && *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q + 32);
    return p;
}

/* Where a phrase before token k begins: after the last punctuation or clause word. */
static size_t phrase_start(const cl_sent *cs, size_t k)
{
    size_t a = k;
    while (a > cs->s && a > k - 8 && cs->t[a - 1].kind != CC_TOK_PUNCT &&
           !cl_tok_is(&cs->t[a - 1], "that"))
        a--;
    return a;
}

static size_t phrase_end(const cl_sent *cs, size_t k)
{
    size_t b = k;
    while (b < cs->e && b < k + 10 && cs->t[b].kind != CC_TOK_PUNCT)
        b++;
    return b;
}

/* "told X to leave", "asked them to": an order, not a report; "were told" (passive), "had not
 * said whether": no report either. */
static int directive(const cl_sent *cs, size_t k)
{
    for (size_t j = k; j > cs->s && cl_is(cs->lex, &cs->t[j - 1], CL_AUX);) {
        j--;
        const cc_token *a = &cs->t[j];
        if (cl_is(cs->lex, a, CL_PASSIVE) || cl_is(cs->lex, a, CL_NEGATION))
            return 1;
    }
    if (k + 1 < cs->e && cl_is(cs->lex, &cs->t[k + 1], CL_SAY_BLOCK))
        return 1;
    if (!cl_is(cs->lex, &cs->t[k], CL_DIRECTIVE))
        return 0;
    for (size_t j = k + 1; j < cs->e && j < k + 6; j++)
        if (cl_tok_is(&cs->t[j], "to"))
            return 1;
    return 0;
}

int cl_attribution(cl_sent *cs)
{
    cs->attr = CC_ATTR_NARRATOR;
    for (size_t k = cs->s; k < cs->e; k++) {
        if (cs->quoted[k - cs->s])
            continue;
        size_t n = cl_match(cs->lex, cs->t, k, cs->e, CL_SAY, NULL);
        if (n > 1) { /* "according to X" */
            size_t b = phrase_end(cs, k + n);
            cs->speaker = speaker_of(cs, k + n, b);
            cs->frame0 = k;
            cs->frame1 = b;
        } else if (cl_is_say(cs, k) && !directive(cs, k)) {
            const cc_token *p = k > cs->s ? &cs->t[k - 1] : NULL;
            /* '..." said X' or ', said X': the speaker follows (not "..., says he") */
            int quote_before = 0;
            for (size_t j = cs->s; j < k && !quote_before; j++)
                quote_before = cs->quoted[j - cs->s];
            const cc_token *nx = k + 1 < cs->e ? &cs->t[k + 1] : NULL;
            int inverted = (!p || p->kind == CC_TOK_PUNCT) && nx &&
                           !cl_is(cs->lex, nx, CL_PRONOUN) && !cl_tok_is(nx, "that") &&
                           (quote_before || (nx->flags & CC_TOKF_CAPITALIZED) ||
                            cl_mention_at(cs, k + 1));
            if (inverted) {
                size_t b = phrase_end(cs, k + 1);
                cs->speaker = speaker_of(cs, k + 1, b);
                cs->frame0 = k;
                cs->frame1 = b;
            } else {
                size_t v = k;
                while (v > cs->s && cl_is(cs->lex, &cs->t[v - 1], CL_AUX))
                    v--;
                size_t a = phrase_start(cs, v);
                /* "X, a travel agent in Y, says": the speaker is before the appositive */
                if (a == v && v > cs->s + 1 && cl_tok_is(&cs->t[v - 1], ",")) {
                    size_t c = v - 1;
                    while (c > cs->s && c > v - 14 && !cl_tok_is(&cs->t[c - 1], ","))
                        c--;
                    if (c > cs->s + 1) {
                        v = c - 1;
                        a = phrase_start(cs, v);
                    }
                }
                cs->speaker = speaker_of(cs, a, v);
                cs->frame0 = a;
                cs->frame1 = k + 1;
                if (k + 1 < cs->e && cl_tok_is(&cs->t[k + 1], "that"))
                    cs->frame1++;
            }
        } else {
            continue;
        }
        if (!cs->speaker)
            continue;
        cs->speech_cue = cc_arena_strndup(&cs->doc->arena, cs->doc->text + cs->t[k].span.start,
                                          cs->t[k + (n > 1 ? n : 1) - 1].span.end -
                                              cs->t[k].span.start);
        cs->attr = CC_ATTR_REPORTED;
        return cs->speech_cue ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    }
    return 0;
}

/* ---- polarity and modality --------------------------------------------------------------- */

void cl_polarity(const cl_sent *cs, size_t c0, size_t c1, cc_claim *out)
{
    out->polarity = CC_POLARITY_AFFIRMED;
    int rel = 0, rel_verb = 0;
    for (size_t k = c0; k < c1; k++) {
        if (k >= cs->frame0 && k < cs->frame1)
            continue;
        size_t ex = cl_match(cs->lex, cs->t, k, c1, CL_NEG_EXCEPT, NULL);
        if (ex) {
            /* "not only ... but (also)": affirmed */
            int but = 0;
            for (size_t j = k + ex; j < c1 && !but; j++)
                but = cl_tok_is(&cs->t[j], "but");
            if (but) {
                k += ex - 1;
                continue;
            }
        }
        /* a negation inside a relative clause is about another argument: "staff whose
         * work is not essential", "applicants who had paid ... were told" */
        const cc_token *t = &cs->t[k];
        /* "that" followed by its verb is a subject relative ("chains that do not run"); a
         * complement clause has a subject first ("said that they ...") */
        int that_rel = cl_tok_is(t, "that") && k + 1 < c1 && cl_is(cs->lex, &cs->t[k + 1], CL_AUX);
        int rel_word = cl_is(cs->lex, t, CL_RELATIVE);
        if ((rel_word && k > c0) || that_rel) { /* a clause that IS the relative keeps it */
            rel = 1;
            rel_verb = 0;
            if (cl_tok_is(t, "whose"))
                k++; /* its noun: "whose work" */
            continue;
        }
        if (rel) {
            char vb[64];
            int aux = cl_is(cs->lex, t, CL_AUX) && cl_verb_lemma(cs->lex, t->norm, vb);
            if (t->kind == CC_TOK_PUNCT || (aux && rel_verb)) {
                rel = 0; /* the main clause goes on */
            } else {
                rel_verb |= aux || (t->kind == CC_TOK_WORD && cl_verb_lemma(cs->lex, t->norm, vb));
                continue;
            }
        }
        size_t n = cl_match(cs->lex, cs->t, k, c1, CL_NEGATION, NULL);
        /* ", not governments", "but not others": a contrasted argument, the predicate stays
         * affirmed */
        if (n && k > c0 && (cl_tok_is(&cs->t[k - 1], ",") || cl_tok_is(&cs->t[k - 1], "but")) &&
            k + n < c1 &&
            !cl_is(cs->lex, &cs->t[k + n], CL_AUX)) {
            char buf[64];
            if (!cl_verb_lemma(cs->lex, cs->t[k + n].norm, buf) ||
                cl_is(cs->lex, &cs->t[k + n], CL_FUNCTION) || cl_mention_at(cs, k + n))
                continue;
        }
        if (!n && is_word(&cs->t[k]) &&
            (ends_with(cs->t[k].norm, "n't") || ends_with(cs->t[k].norm, "n\xe2\x80\x99t")))
            n = 1;
        if (!n)
            continue;
        out->polarity = CC_POLARITY_NEGATED;
        out->negation = cc_arena_strndup(&cs->doc->arena, cs->doc->text + cs->t[k].span.start,
                                         cs->t[k + n - 1].span.end - cs->t[k].span.start);
        out->negation_scope.start = cs->t[k].span.start;
        out->negation_scope.end = cs->t[c1 - 1].span.end;
        return;
    }
}

void cl_modality(const cl_sent *cs, size_t c0, size_t c1, cc_claim *out)
{
    out->modality = CC_MODALITY_ASSERTED;
    for (size_t k = c0; k < c1; k++) {
        if (cl_match(cs->lex, cs->t, k, c1, CL_HEDGE_BLOCK, NULL)) {
            k++;
            continue;
        }
        size_t n = cl_match(cs->lex, cs->t, k, c1, CL_HEDGE, NULL);
        if (!n)
            continue;
        out->modality = CC_MODALITY_HEDGED;
        out->hedge = cc_arena_strndup(&cs->doc->arena, cs->doc->text + cs->t[k].span.start,
                                      cs->t[k + n - 1].span.end - cs->t[k].span.start);
        return;
    }
}

/* ---- predicate --------------------------------------------------------------------------- */

static int determiner_before(const cl_sent *cs, size_t k, size_t c0)
{
    if (k <= c0)
        return 0;
    const cc_token *p = &cs->t[k - 1];
    return cl_is(cs->lex, p, CL_DETERMINER) || cl_tok_is(p, "'s") || cl_tok_is(p, "’s");
}

static const char *keep(const cl_sent *cs, const char *lemma)
{
    return cc_arena_strndup(&cs->doc->arena, lemma, strlen(lemma));
}

/* One pass over the clause for the main verb: pass 0 takes a verb after an auxiliary or a
 * past form, pass 1 a present form in -s ("widens"), which is often a plural noun instead. */
static const char *predicate_pass(const cl_sent *cs, size_t c0, size_t c1, int pass,
                                  const char **fallback, char *buf)
{
    int after_aux = 0;
    for (size_t k = c0; k < c1; k++) {
        const cc_token *t = &cs->t[k];
        if ((k >= cs->frame0 && k < cs->frame1) || !is_word(t) || cl_mention_at(cs, k)) {
            after_aux = 0;
            continue;
        }
        if ((t->flags & CC_TOKF_CAPITALIZED) && !(t->flags & CC_TOKF_SENT_START) &&
            !cs->headline)
            continue;
        if (cl_is(cs->lex, t, CL_AUX) || cl_is(cs->lex, t, CL_NEGATION)) {
            const char *l = cl_verb_lemma(cs->lex, t->norm, buf);
            if (!*fallback && l && (strcmp(l, "be") == 0 || strcmp(l, "have") == 0))
                *fallback = strcmp(l, "be") == 0 ? "be" : "have";
            after_aux = !cl_tok_is(t, "to") || after_aux;
            continue;
        }
        const char *lemma = cl_verb_lemma(cs->lex, t->norm, buf);
        if (!lemma) {
            after_aux = 0;
            continue;
        }
        size_t len = strlen(t->norm);
        int det = determiner_before(cs, k, c0);
        int pron = k > c0 && cl_is(cs->lex, &cs->t[k - 1], CL_PRONOUN);
        if (pass == 0) {
            int past = len > 3 && strcmp(t->norm + len - 2, "ed") == 0;
            int irregular = cl_map_get(&cs->lex->verb_exc, t->norm, len) != NULL;
            if (after_aux || ((past || irregular) && !det))
                return lemma;
        } else if (len > 2 && t->norm[len - 1] == 's' && k > c0 && !det &&
                   (pron || !cl_is(cs->lex, &cs->t[k - 1], CL_FUNCTION) ||
                    cl_tok_is(&cs->t[k - 1], "it") || cl_tok_is(&cs->t[k - 1], "that") ||
                    cl_is(cs->lex, &cs->t[k - 1], CL_RELATIVE))) {
            return lemma;
        }
        after_aux = 0;
    }
    return NULL;
}

const char *cl_predicate(const cl_sent *cs, size_t c0, size_t c1)
{
    char buf[64];
    const char *fallback = NULL;
    for (int pass = 0; pass < 2; pass++) {
        const char *l = predicate_pass(cs, c0, c1, pass, &fallback, buf);
        if (l)
            return keep(cs, l);
    }
    return fallback ? fallback : "";
}
