/*
 * claims_ent.c: entities and roles of a sentence. Entities come from the gazetteer (longest
 * alias, with the alias's capitalization) and from runs of capitalized words: a run with an
 * organization cue is an organization, one ending in a place cue a place, two or more other
 * words a person; a lone word is a person when the document named that surname before, when
 * a title precedes it, or when an appositive follows ("Checker, a senior diplomat").
 * Roles attach each title to the person it names ("President Donald Trump", "Nick Checker,
 * the ... Senior Bureau Official") and read the status word in its modifiers ("former US
 * President"). It does not resolve pronouns or nominal mentions ("the envoy").
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "claims.h"

char *cl_slug(cc_arena *a, const char *kind, const char *text, size_t len)
{
    /* ids are ASCII: "Émile Ouédraogo" -> "emile-ouedraogo", whatever accents a source kept */
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t flen = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len,
                                         &folded, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                                      UTF8PROC_CASEFOLD | UTF8PROC_STABLE);
    if (flen < 0)
        return NULL;
    size_t klen = strlen(kind);
    char *out = cc_arena_alloc(a, klen + (size_t)flen + 2);
    if (!out) {
        free(folded);
        return NULL;
    }
    memcpy(out, kind, klen);
    size_t n = klen;
    out[n++] = ':';
    int dash = 1;
    for (utf8proc_ssize_t i = 0; i < flen; i++) {
        unsigned char c = folded[i];
        if (c == '.' || c == '\'')
            continue;
        int word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (!word) {
            if (!dash)
                out[n++] = '-';
            dash = 1;
            continue;
        }
        out[n++] = (char)c;
        dash = 0;
    }
    free(folded);
    while (n > klen + 1 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
    return out;
}

static int is_word(const cc_token *t) { return t->kind == CC_TOK_WORD; }
static int is_cap(const cc_token *t)
{
    return is_word(t) && (t->flags & (CC_TOKF_CAPITALIZED | CC_TOKF_ALLCAPS));
}

const cl_mention *cl_mention_at(const cl_sent *cs, size_t k)
{
    for (size_t i = 0; i < cs->ments.n; i++) {
        const cl_mention *m = CC_VEC_AT(&cs->ments, cl_mention, i);
        if (k >= m->t0 && k < m->t1)
            return m;
        if (m->t0 > k)
            break;
    }
    return NULL;
}

/* 1 when the token is written as the alias demands. */
static int case_ok(const cl_alias *a, const cc_token *t)
{
    if (a->case_mode == 2)
        return (t->flags & CC_TOKF_ALLCAPS) != 0;
    if (a->case_mode == 1)
        return (t->flags & (CC_TOKF_CAPITALIZED | CC_TOKF_ALLCAPS)) != 0;
    return 1;
}

/* The longest gazetteer alias starting at token i: its length in tokens, the alias and the
 * text end (a hyphenated last token may match by its first part: "Qaeda-linked"). */
static size_t gaz_match(const cl_sent *cs, size_t i, const cl_alias **out, size_t *end)
{
    const struct cc_claims_lex *lex = cs->lex;
    char key[256];
    size_t len = 0, best = 0;
    for (size_t j = i; j < cs->e && j < i + 8; j++) {
        const cc_token *t = &cs->t[j];
        if (!is_word(t) && !(t->kind == CC_TOK_NUMBER && j > i)) /* "Group of 20" */
            break;
        size_t n = strlen(t->norm);
        if (len + n + 2 > sizeof key)
            break;
        if (len)
            key[len++] = ' ';
        memcpy(key + len, t->norm, n);
        const char *hy = memchr(t->norm, '-', n);
        if (hy && hy > t->norm) {
            size_t hl = len + (size_t)(hy - t->norm);
            const cl_alias *a = cl_map_get(&lex->aliases, key, hl);
            if (a && a->complete && case_ok(a, &cs->t[i])) {
                best = j + 1 - i;
                *out = a;
                *end = t->span.start + (size_t)(hy - t->norm);
            }
        }
        len += n;
        const cl_alias *a = cl_map_get(&lex->aliases, key, len);
        if (!a)
            break;
        if (a->complete && case_ok(a, &cs->t[i])) {
            best = j + 1 - i;
            *out = a;
            *end = t->span.end;
        }
    }
    return best;
}

static int push_mention(cl_sent *cs, size_t t0, size_t t1, size_t end, const char *id, int type)
{
    cl_mention *m = cc_vec_push(&cs->ments);
    if (!m)
        return cc_seterr(CC_ENOMEM, "out of memory");
    m->t0 = t0;
    m->t1 = t1;
    m->e.span.start = cs->t[t0].span.start;
    m->e.span.end = end;
    m->e.id = id;
    m->e.type = type;
    m->e.text = cc_arena_strndup(&cs->doc->arena, cs->doc->text + m->e.span.start,
                                 end - m->e.span.start);
    return m->e.text ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
}

static const char *person_by_surname(const cl_docstate *ds, const char *norm)
{
    for (size_t i = ds->persons.n; i-- > 0;) {
        const cl_person *p = CC_VEC_AT(&ds->persons, cl_person, i);
        if (strcmp(p->surname, norm) == 0)
            return p->id;
    }
    return NULL;
}

static int remember_person(cl_sent *cs, const char *surname, const char *id)
{
    if (person_by_surname(cs->ds, surname))
        return 0;
    cl_person *p = cc_vec_push(&cs->ds->persons);
    if (!p)
        return cc_seterr(CC_ENOMEM, "out of memory");
    p->surname = surname;
    p->id = id;
    return 0;
}

/* Name connectors inside a capitalized run: "Department of Defense", "al" in names. */
static int connector(const cl_sent *cs, size_t j, int org_so_far)
{
    const cc_token *t = &cs->t[j];
    if (j + 1 >= cs->e || !is_cap(&cs->t[j + 1]))
        return 0;
    return (org_so_far && cl_is(cs->lex, t, CL_ORG_LINK)) || cl_is(cs->lex, t, CL_PARTICLE);
}

/* A lone capitalized word names a person here: after a title, before a verb of saying, or
 * at the start of an appositive ("Checker, a senior U.S. diplomat"). */
static int lone_person(const cl_sent *cs, size_t i)
{
    if (i > cs->s && cl_is(cs->lex, &cs->t[i - 1], CL_TITLE))
        return 1;
    if (i + 1 < cs->e && cl_is_say(cs, i + 1))
        return 1;
    if (!(i + 2 < cs->e && cl_tok_is(&cs->t[i + 1], ",") &&
          cl_is(cs->lex, &cs->t[i + 2], CL_ARTICLE)))
        return 0;
    /* the appositive names a title: "Checker, a senior U.S. diplomat" (not "Resultantly,
     * the U.S. ...") */
    for (size_t k = i + 3; k < cs->e && k < i + 9 && cs->t[k].kind != CC_TOK_PUNCT; k++)
        if (cl_match(cs->lex, cs->t, k, cs->e, CL_TITLE, NULL))
            return 1;
    return 0;
}

/* Classifies a run of capitalized tokens [i, j) and records it. */
static int name_run(cl_sent *cs, size_t i, size_t j)
{
    const struct cc_claims_lex *lex = cs->lex;
    while (i < j && cl_is(lex, &cs->t[i], CL_NONNAME))
        i++;
    if (i >= j)
        return 0;
    int org = 0, place = cl_is(lex, &cs->t[j - 1], CL_PLACE_CUE);
    for (size_t k = i; k < j; k++)
        org |= cl_is(lex, &cs->t[k], CL_ORG_CUE) || (cs->t[k].flags & CC_TOKF_ALLCAPS && j - i > 1);
    size_t start = cs->t[i].span.start, end = cs->t[j - 1].span.end;
    const char *text = cs->doc->text + start;
    cc_arena *a = &cs->doc->arena;
    if (org || place) {
        char *id = cl_slug(a, org ? "org" : "place", text, end - start);
        return id ? push_mention(cs, i, j, end, id, org ? CC_ENT_ORGANIZATION : CC_ENT_PLACE)
                  : cc_seterr(CC_ENOMEM, "out of memory");
    }
    /* "the Hamdallaye district" */
    if (j - i == 1 && j < cs->e && cl_is(lex, &cs->t[j], CL_PLACE_CUE) && !is_cap(&cs->t[j])) {
        char *id = cl_slug(a, "place", text, end - start);
        return id ? push_mention(cs, i, j, end, id, CC_ENT_PLACE)
                  : cc_seterr(CC_ENOMEM, "out of memory");
    }
    const char *surname = cs->t[j - 1].norm;
    const char *id = person_by_surname(cs->ds, surname);
    /* "in Ohio", "near Tengrela": an unknown lone name after a locative preposition */
    if (j - i == 1 && !id && i > cs->s && cl_is(lex, &cs->t[i - 1], CL_LOCATIVE)) {
        char *pid = cl_slug(a, "place", text, end - start);
        return pid ? push_mention(cs, i, j, end, pid, CC_ENT_PLACE)
                   : cc_seterr(CC_ENOMEM, "out of memory");
    }
    if (j - i == 1 && !id) {
        if ((cs->t[i].flags & CC_TOKF_ALLCAPS) && strlen(cs->t[i].norm) > 1) {
            char *oid = cl_slug(a, "org", text, end - start);
            return oid ? push_mention(cs, i, j, end, oid, CC_ENT_ORGANIZATION)
                       : cc_seterr(CC_ENOMEM, "out of memory");
        }
        if (!lone_person(cs, i))
            return 0;
    }
    if (!id && !(id = cl_slug(a, "person", text, end - start)))
        return cc_seterr(CC_ENOMEM, "out of memory");
    int rc = push_mention(cs, i, j, end, id, CC_ENT_PERSON);
    if (rc == 0)
        rc = remember_person(cs, surname, id);
    cs->ds->last_person = id;
    return rc;
}

/* The end of a run of capitalized words starting at i: titles and gazetteer names stop it. */
static size_t run_end(const cl_sent *cs, size_t i)
{
    size_t j = i;
    int org = 0;
    const cl_alias *a;
    size_t end;
    while (j < cs->e) {
        const cc_token *t = &cs->t[j];
        /* a title or a known name ends the run, except right after "of": "Bureau of African
         * Affairs" */
        int after_of = j > i && org && is_word(&cs->t[j - 1]) && !is_cap(&cs->t[j - 1]);
        if (j > i && !after_of && (cl_match(cs->lex, cs->t, j, cs->e, CL_TITLE, NULL) ||
                                   gaz_match(cs, j, &a, &end)))
            break;
        if (is_cap(t)) {
            org |= cl_is(cs->lex, t, CL_ORG_CUE);
            j++;
        } else if (j > i && connector(cs, j, org)) {
            j++;
        } else {
            break;
        }
    }
    while (j > i + 1 && !is_cap(&cs->t[j - 1])) /* no trailing connector */
        j--;
    return j;
}

static size_t hyphen_title(const cl_sent *cs, size_t i, const char **title, int *status);

int cl_entities(cl_sent *cs)
{
    int rc = 0;
    for (size_t i = cs->s; i < cs->e && rc == 0;) {
        const cc_token *t = &cs->t[i];
        const cl_alias *a = NULL;
        size_t end = 0, n;
        if (!is_word(t)) {
            i++;
        } else if ((n = gaz_match(cs, i, &a, &end)) > 0) {
            size_t j = i + n;
            /* "U.S. Embassy", "Sahel Security Council": a country or place followed by an
             * unknown organization name */
            int merge = (a->type == CC_ENT_COUNTRY || a->type == CC_ENT_PLACE) && !cs->headline;
            size_t k = merge ? run_end(cs, j) : j;
            if (k > j && cl_is(cs->lex, &cs->t[k - 1], CL_ORG_CUE)) {
                size_t s0 = cs->t[i].span.start, e0 = cs->t[k - 1].span.end;
                char *id = cl_slug(&cs->doc->arena, "org", cs->doc->text + s0, e0 - s0);
                rc = id ? push_mention(cs, i, k, e0, id, CC_ENT_ORGANIZATION) : CC_ENOMEM;
                i = k;
            } else {
                rc = push_mention(cs, i, j, end, a->id, a->type);
                i = j;
            }
        } else if (is_cap(t) && ((n = cl_match(cs->lex, cs->t, i, cs->e, CL_TITLE, NULL)) > 0 ||
                                 (n = hyphen_title(cs, i, &(const char *){NULL}, &(int){0})))) {
            i += n; /* "President", "Maj. Gen.": a title, not part of the name after it */
        } else if (is_cap(t)) {
            size_t j = run_end(cs, i);
            if (cs->headline) {
                /* title case: only a surname the document already named */
                const char *id = person_by_surname(cs->ds, t->norm);
                if (id && j == i + 1)
                    rc = push_mention(cs, i, j, t->span.end, id, CC_ENT_PERSON);
            } else {
                rc = name_run(cs, i, j);
            }
            i = j > i ? j : i + 1;
        } else {
            i++;
        }
    }
    return rc;
}

/* ---- roles ------------------------------------------------------------------------------- */

/* A person mention starting at token k (after honorifics such as "Dr."), or NULL. */
static const cl_mention *person_from(const cl_sent *cs, size_t k)
{
    while (k < cs->e && cl_is(cs->lex, &cs->t[k], CL_NONNAME) && (cs->t[k].flags & CC_TOKF_ABBREV))
        k++;
    const cl_mention *m = k < cs->e ? cl_mention_at(cs, k) : NULL;
    return m && m->t0 == k && m->e.type == CC_ENT_PERSON ? m : NULL;
}

/* Walks back from a title over its modifiers ("former US", "Retired Air Force", "the State
 * Department's senior"): the first token of the zone, and the status word found in it. */
static size_t modifier_zone(const cl_sent *cs, size_t title, int *status, size_t *mod)
{
    const struct cc_claims_lex *lex = cs->lex;
    size_t k = title;
    *mod = (size_t)-1;
    while (k > cs->s) {
        const cc_token *p = &cs->t[k - 1];
        const char *v = NULL;
        const cl_mention *m = cl_mention_at(cs, k - 1);
        if (cl_match(lex, cs->t, k - 1, title, CL_STATUS, &v) == 1) {
            if (*mod == (size_t)-1) {
                *status = v[0] == 'f' ? CC_ROLE_FORMER
                          : v[0] == 'a' ? CC_ROLE_ACTING
                          : v[0] == 'e' ? CC_ROLE_ELECT
                                        : CC_ROLE_CURRENT;
                *mod = k - 1;
            }
        } else if (m && m->e.type != CC_ENT_PERSON) {
            k = m->t0 + 1;
        } else if (!(cl_is(lex, p, CL_TITLE_MOD) || cl_tok_is(p, "'s") || cl_tok_is(p, "’s") ||
                     (is_cap(p) && !m))) {
            break;
        }
        k--;
    }
    return k;
}

/* The person an appositive title describes: "Nick Checker, the ... Official". */
static const cl_mention *appositive_person(const cl_sent *cs, size_t zone)
{
    if (zone <= cs->s + 1 || !cl_tok_is(&cs->t[zone - 1], ","))
        return NULL;
    const cl_mention *m = cl_mention_at(cs, zone - 2);
    return m && m->t1 == zone - 1 && m->e.type == CC_ENT_PERSON ? m : NULL;
}

/* Titles written in one token with their status: "ex-minister", "President-elect". */
static size_t hyphen_title(const cl_sent *cs, size_t i, const char **title, int *status)
{
    const char *w = cs->t[i].norm;
    const char *hy = strchr(w, '-');
    if (!hy)
        return 0;
    const cl_word *a = cl_map_get(&cs->lex->words, w, (size_t)(hy - w));
    const cl_word *b = cl_map_get(&cs->lex->words, hy + 1, strlen(hy + 1));
    const cl_word *st = NULL, *ti = NULL;
    if (a && b && (a->mask & ((uint64_t)1 << CL_STATUS)) && (b->mask & ((uint64_t)1 << CL_TITLE)))
        st = a, ti = b, *title = hy + 1;
    else if (a && b && (b->mask & ((uint64_t)1 << CL_STATUS)) && (a->mask & ((uint64_t)1 << CL_TITLE)))
        st = b, ti = a, *title = cc_arena_strndup(&cs->doc->arena, w, (size_t)(hy - w));
    if (!st || !ti || !*title)
        return 0;
    const char *v = st->value[CL_STATUS];
    *status = v[0] == 'f' ? CC_ROLE_FORMER : v[0] == 'a' ? CC_ROLE_ACTING
              : v[0] == 'e' ? CC_ROLE_ELECT : CC_ROLE_CURRENT;
    return 1;
}

/* A noun that makes one title with the title after it ("Labour Minister", "port director"):
 * a word that is no name, status, modifier, function word or participle. Returns the
 * compound's first token. */
static size_t title_compound(const cl_sent *cs, size_t i)
{
    const struct cc_claims_lex *lex = cs->lex;
    size_t k = i;
    while (k > cs->s && k > i - 2) {
        const cc_token *p = &cs->t[k - 1];
        char buf[64];
        size_t n = strlen(p->norm);
        int participle = n > 3 && (strcmp(p->norm + n - 2, "ed") == 0 ||
                                   strcmp(p->norm + n - 3, "ing") == 0) &&
                         cl_verb_lemma(lex, p->norm, buf);
        if (!is_word(p) || cl_mention_at(cs, k - 1) || cl_is(lex, p, CL_STATUS) ||
            cl_is(lex, p, CL_SAY) || cl_map_get(&lex->verb_exc, p->norm, n) ||
            cl_is(lex, p, CL_TITLE_MOD) || cl_is(lex, p, CL_FUNCTION) || cl_is(lex, p, CL_AUX) ||
            cl_is(lex, p, CL_NONNAME) || cl_is(lex, p, CL_TITLE) || participle ||
            (p->flags & CC_TOKF_ABBREV))
            break;
        k--;
    }
    return k;
}

static int add_role(cl_sent *cs, size_t i, size_t n, size_t zone, const char *title,
                    int status, size_t mod, const cl_mention *who)
{
    cl_role_at *r = cc_vec_push(&cs->roles);
    if (!r)
        return cc_seterr(CC_ENOMEM, "out of memory");
    r->t0 = i;
    r->t1 = i + n;
    r->r.person = who->e.id;
    r->r.title = title;
    r->r.status = status;
    r->r.span.start = cs->t[zone].span.start;
    r->r.span.end = cs->t[i + n - 1].span.end;
    if (mod != (size_t)-1)
        r->r.modifier = cs->t[mod].span;
    else
        r->r.modifier.start = r->r.modifier.end = r->r.span.start;
    return 0;
}

int cl_roles(cl_sent *cs)
{
    for (size_t i = cs->s; i < cs->e; i++) {
        int status = CC_ROLE_CURRENT, hstatus = CC_ROLE_CURRENT;
        const char *title = NULL;
        size_t mod, n = cl_match(cs->lex, cs->t, i, cs->e, CL_TITLE, NULL);
        int hyph = !n && hyphen_title(cs, i, &title, &hstatus);
        if (!n && !hyph)
            continue;
        if (hyph)
            n = 1;
        else {
            size_t s0 = cs->t[i].span.start, e0 = cs->t[i + n - 1].span.end;
            char *ti = cc_arena_strndup(&cs->doc->arena, cs->doc->text + s0, e0 - s0);
            if (!ti)
                return cc_seterr(CC_ENOMEM, "out of memory");
            for (char *p = ti; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p + 32);
            title = ti;
        }
        size_t head = i;
        if (!hyph) {
            i = title_compound(cs, i);
            n += head - i;
            if (i < head) { /* "Labour Minister", "union leader", "port director" */
                size_t s0 = cs->t[i].span.start, e0 = cs->t[i + n - 1].span.end;
                char *ti = cc_arena_strndup(&cs->doc->arena, cs->doc->text + s0, e0 - s0);
                if (!ti)
                    return cc_seterr(CC_ENOMEM, "out of memory");
                for (char *p = ti; *p; p++)
                    if (*p >= 'A' && *p <= 'Z')
                        *p = (char)(*p + 32);
                title = ti;
            }
        }
        size_t zone = modifier_zone(cs, i, &status, &mod);
        if (hyph && mod == (size_t)-1) {
            status = hstatus;
            mod = i;
        }
        const cl_mention *who = person_from(cs, i + n);
        if (!who)
            who = appositive_person(cs, zone > cs->s && cl_is(cs->lex, &cs->t[zone - 1],
                                                              CL_ARTICLE)
                                            ? zone - 1
                                            : zone);
        if (who) {
            int rc = add_role(cs, i, n, zone, title, status, mod, who);
            if (rc < 0)
                return rc;
        }
        i += n - 1;
    }
    return 0;
}
