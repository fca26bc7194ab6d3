/*
 * conflicts_rules.c: the typed conflict rules of DESIGN section 6. Rules compare the
 * normalized slots of two claims (never their strings): role status, time values (with
 * their granularity), weekdays against dates, quantities as intervals, exclusive lists and
 * categories, scope words, polarity of one predicate, and the speaker of one quotation.
 * Most rules look at pairs inside one cluster (the same fact); role status is also checked
 * inside each document, and an exclusive category across the corpus. Unresolved values
 * never conflict; hedged or attributed sides lower severity. Parameters and word lists
 * come from models/conflicts/ (conflicts_data.c).
 */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "conflicts.h"
#include "parallel.h"
#include "pairs.h"

enum { TEXT_MAX = 512 };

/* ---- shared helpers ------------------------------------------------------------------------- */

/* How a source is named in explanations: its outlet, else its document id. */
static const char *source_name(const ck_claim *k)
{
    const char *outlet = cc_doc_meta(k->d, "outlet");
    return outlet && *outlet ? outlet : cc_doc_id(k->d);
}

/* The document's date as days since 1970, or 0 with *known = 0. */
static long doc_days(const ck_claim *k, int *known)
{
    cc_date d;
    cc_date_source src = cc_doc_date(k->d, &d);
    *known = src != CC_DATE_UNKNOWN && d.year && d.month && d.day;
    return *known ? cc_days_from_civil(d.year, d.month, d.day) : 0;
}

static void doc_date_text(const ck_claim *k, char *buf, size_t size)
{
    cc_date d;
    if (cc_doc_date(k->d, &d) == CC_DATE_UNKNOWN || !d.year)
        snprintf(buf, size, "date unknown");
    else
        snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* A core entity: who or what a claim is about (people, countries, organizations), not
 * where, and not who said it. */
static int is_core(const cc_claim *c, const cc_entity *e)
{
    return e->type != CC_ENT_PLACE && !(c->speaker && strcmp(c->speaker, e->id) == 0);
}

static int has_core(const cc_claim *c, const char *id)
{
    for (size_t i = 0; i < c->nentities; i++)
        if (is_core(c, &c->entities[i]) && strcmp(c->entities[i].id, id) == 0)
            return 1;
    return 0;
}

/* 1 when every core entity of a is one of b's. */
static int core_subset(const cc_claim *a, const cc_claim *b)
{
    for (size_t i = 0; i < a->nentities; i++)
        if (is_core(a, &a->entities[i]) && !has_core(b, a->entities[i].id))
            return 0;
    return 1;
}

/* The two claims are about the same arguments: one's core entities include the other's.
 * "Niger in 2024" and "Mali in 2022" are not; "U.S. forces out of Mali" and "U.S. troops
 * left Mali" are. */
static int same_arguments(const ck_claim *a, const ck_claim *b)
{
    return core_subset(a->c, b->c) || core_subset(b->c, a->c);
}

/* Severity steps lost for how the sides are sourced: a hedge on either side, or both
 * sides only reporting what someone else said. */
static int sourcing_downgrade(const ck_claim *a, const ck_claim *b)
{
    int hedged = a->c->modality == CC_MODALITY_HEDGED || b->c->modality == CC_MODALITY_HEDGED;
    int reported = a->c->attribution != CC_ATTR_NARRATOR && b->c->attribution != CC_ATTR_NARRATOR;
    return hedged + reported;
}

static double hedge_factor(const struct cc_check *ck, const ck_claim *a, const ck_claim *b)
{
    int hedged = a->c->modality == CC_MODALITY_HEDGED || b->c->modality == CC_MODALITY_HEDGED;
    return hedged ? ck->cf->conf_hedged : 1.0;
}

/* ---- role status ----------------------------------------------------------------------------- */

/* The longest surface form of an entity id in a claim (the id itself when absent). */
static const char *person_name(const cc_claim *c, const char *id)
{
    const char *best = id;
    size_t best_len = 0;
    for (size_t i = 0; i < c->nentities; i++)
        if (strcmp(c->entities[i].id, id) == 0 && strlen(c->entities[i].text) > best_len) {
            best = c->entities[i].text;
            best_len = strlen(best);
        }
    return best;
}

/* One title, the longer form qualified: "chilean president" is a "president". */
static int same_title(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la < lb) {
        const char *t = a;
        a = b, b = t;
        size_t n = la;
        la = lb, lb = n;
    }
    return strcmp(a + la - lb, b) == 0 && (la == lb || a[la - lb - 1] == ' ');
}

/* A former/current pair of one person's one title in two claims. */
static int role_clash(const cc_role *r, const cc_role *s)
{
    if (strcmp(r->person, s->person) != 0 || !same_title(r->title, s->title))
        return 0;
    return (r->status == CC_ROLE_FORMER && s->status == CC_ROLE_CURRENT) ||
           (r->status == CC_ROLE_CURRENT && s->status == CC_ROLE_FORMER);
}

static int emit_role(struct cc_check *ck, int rule, size_t ia, size_t ib, const cc_role *ra,
                     const cc_role *rb, double factor, const char *when)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    char va[TEXT_MAX], vb[TEXT_MAX], expl[TEXT_MAX * 2];
    snprintf(va, sizeof va, "%s: %s %s", ra->person, cc_role_status_name(ra->status), ra->title);
    snprintf(vb, sizeof vb, "%s: %s %s", rb->person, cc_role_status_name(rb->status), rb->title);
    const char *name = person_name(a->c, ra->person);
    snprintf(expl, sizeof expl, "%s is a %s %s in %s but a %s %s in %s%s.", name,
             cc_role_status_name(ra->status), ra->title, source_name(a),
             cc_role_status_name(rb->status), rb->title, source_name(b), when);
    return ck_emit(ck, rule, ia, ib, va, vb, factor, sourcing_downgrade(a, b), expl);
}

/* Same event, one person, sources of one period: "former" and "current" cannot both hold.
 * Sources further apart than role_window_days may both be right ("former" in 2024 and
 * "President" in 2025 is a return to office, the reverse a departure). Inside one document
 * rule_role_document speaks. */
static int rule_role_cluster(struct cc_check *ck, size_t ia, size_t ib)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    if (a->d == b->d)
        return 0;
    for (size_t i = 0; i < a->c->nroles; i++)
        for (size_t j = 0; j < b->c->nroles; j++) {
            const cc_role *ra = &a->c->roles[i], *rb = &b->c->roles[j];
            if (!role_clash(ra, rb))
                continue;
            int ka, kb;
            long gap = labs(doc_days(a, &ka) - doc_days(b, &kb));
            if (ka && kb && gap > ck->cf->role_window_days)
                continue;
            char when[128], da[32], db[32];
            doc_date_text(a, da, sizeof da);
            doc_date_text(b, db, sizeof db);
            snprintf(when, sizeof when, ", for the same event (sources dated %s and %s)", da, db);
            return emit_role(ck, CF_ROLE_CLUSTER, ia, ib, ra, rb,
                             ka && kb ? 1.0 : ck->cf->conf_unknown_date, when);
        }
    return 0;
}

/* The first role of claim b that the "former" role ra clashes with, or NULL. */
static const cc_role *former_clash(const cc_role *ra, const cc_claim *b)
{
    for (size_t j = 0; ra->status == CC_ROLE_FORMER && j < b->nroles; j++)
        if (role_clash(ra, &b->roles[j]))
            return &b->roles[j];
    return NULL;
}

int ck_roles_clash(const cc_claim *a, const cc_claim *b)
{
    for (size_t i = 0; i < a->nroles; i++)
        if (former_clash(&a->roles[i], b))
            return 1;
    return 0;
}

/* One document calling one person both former and current (claims [lo, hi) of one doc).
 * A document still deferred has no such pair among its checked claims (ck_undefer). */
static int rule_role_document(struct cc_check *ck, size_t lo, size_t hi)
{
    int rc = 0;
    if (lo < hi && !ck->claims[lo].c)
        return 0;
    for (size_t ia = lo; rc == 0 && ia < hi; ia++)
        for (size_t i = 0; rc == 0 && i < ck->claims[ia].c->nroles; i++) {
            const cc_role *ra = &ck->claims[ia].c->roles[i];
            if (ra->status != CC_ROLE_FORMER)
                continue;
            for (size_t ib = lo; ib < hi && rc == 0; ib++) {
                const cc_role *rb = former_clash(ra, ck->claims[ib].c);
                if (!rb)
                    continue;
                rc = emit_role(ck, CF_ROLE_DOCUMENT, ia, ib, ra, rb, 1.0, ", within one article");
                break;
            }
        }
    return rc;
}

/* ---- time values ----------------------------------------------------------------------------- */

typedef struct {
    long lo, hi; /* days since 1970, inclusive */
    const cc_timex *t;
    int weekday; /* 1-7 when the expression names a weekday, else 0 */
} time_val;

/* "2022", "2024-11", "2026-01-01", "2025-W45" as a range of days; 0 when it is no date. */
static int parse_date_value(const char *v, long *lo, long *hi)
{
    int y, m, d, w;
    char tail;
    if (sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && cc_date_valid(y, m, d)) {
        *lo = *hi = cc_days_from_civil(y, m, d);
        return 1;
    }
    if (sscanf(v, "%4d-W%2d%c", &y, &w, &tail) == 2 && w >= 1 && w <= cc_iso_weeks_in_year(y)) {
        *lo = cc_iso_week_monday(y, w);
        *hi = *lo + 6;
        return 1;
    }
    if (sscanf(v, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12) {
        *lo = cc_days_from_civil(y, m, 1);
        *hi = cc_days_from_civil(y, m, cc_days_in_month(y, m));
        return 1;
    }
    if (sscanf(v, "%4d%c", &y, &tail) == 1 && strlen(v) == 4) {
        *lo = cc_days_from_civil(y, 1, 1);
        *hi = cc_days_from_civil(y, 12, 31);
        return 1;
    }
    return 0;
}

/* The weekday a time expression names ("on Friday"), from the pair lexicon's weekdays. */
static int named_weekday(const struct cc_check *ck, const ck_claim *k, const cc_timex *t)
{
    for (size_t i = 0; i < k->ntoks; i++) {
        const cc_token *tok = &k->toks[i];
        if (tok->span.start < t->span.start || tok->span.end > t->span.end)
            continue;
        const pw_entry *w = pw_lookup(ck->ctx->pairs, pw_hash(tok->norm, strlen(tok->norm)));
        if (w && (w->classes & PW_WEEKDAY))
            return w->value;
    }
    return 0;
}

/* The claim's dated time expressions (DATE, resolved or naming a weekday), at most `max`. */
static size_t time_values(const struct cc_check *ck, const ck_claim *k, time_val *out,
                          size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < k->c->ntimes && n < max; i++) {
        const cc_timex *t = &k->c->times[i];
        if (t->type != CC_TIMEX_DATE)
            continue;
        time_val v = {0, 0, t, named_weekday(ck, k, t)};
        int dated = t->resolution != CC_TIME_UNRESOLVED && parse_date_value(t->value, &v.lo, &v.hi);
        /* "Friday, January 2" is a date that also names its weekday: a date. */
        if (v.weekday && dated && t->resolution == CC_TIME_ABSOLUTE)
            v.weekday = 0;
        if (dated || v.weekday)
            out[n++] = v;
    }
    return n;
}

static void describe_time(char *buf, size_t size, const ck_claim *k, const time_val *v)
{
    char dct[32];
    doc_date_text(k, dct, sizeof dct);
    if (v->t->resolution == CC_TIME_ABSOLUTE)
        snprintf(buf, size, "%s", v->t->value);
    else
        snprintf(buf, size, "%s (\"%.*s\" resolved against %s %s)", v->t->value,
                 (int)(v->t->span.end - v->t->span.start),
                 cc_doc_text(k->d, NULL) + v->t->span.start,
                 v->t->resolution == CC_TIME_DCT ? "the publication date" : "the event of",
                 v->t->resolution == CC_TIME_DCT ? dct : (v->t->anchor_text ? v->t->anchor_text : "?"));
}

enum { MAX_TIMES = 8 };

/* The kind of event a claim reports (class event of words.tsv), or NULL. */
static const char *event_kind(const struct cc_check *ck, const ck_claim *k, const uint64_t *h)
{
    const char *kind = NULL;
    for (size_t i = 0; i < k->ntoks && !kind; i++)
        cf_match_hashed(ck->cf, CW_EVENT, k->toks, i, k->ntoks, h[i], &kind);
    return kind;
}

/* Two claims report one kind of event: the same event word class, else the same predicate. */
static int same_event(const ck_claim *a, const ck_claim *b)
{
    const char *ea = a->event, *eb = b->event;
    if (ea && eb)
        return strcmp(ea, eb) == 0;
    return *a->c->predicate && strcmp(a->c->predicate, b->c->predicate) == 0;
}

/* The claim's one date (not a weekday), or NULL when it has none or several: "coups in
 * 2021 and 2022, respectively" dates two events, and one of them is no basis to compare. */
static const time_val *one_date(const time_val *t, size_t n)
{
    const time_val *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (t[i].weekday)
            continue; /* the weekday rule's business */
        if (found)
            return NULL;
        found = &t[i];
    }
    return found;
}

/* Two dated claims about one event whose times cannot overlap: 2024 vs 2022. */
static int rule_time(struct cc_check *ck, size_t ia, size_t ib)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    time_val ta[MAX_TIMES], tb[MAX_TIMES];
    size_t na = time_values(ck, a, ta, MAX_TIMES), nb = time_values(ck, b, tb, MAX_TIMES);
    const time_val *x = one_date(ta, na), *y = one_date(tb, nb);
    if (!x || !y || !(x->hi < y->lo || y->hi < x->lo))
        return 0;
    if (!same_arguments(a, b) || !same_event(a, b))
        return 0;
    char va[TEXT_MAX], vb[TEXT_MAX], expl[TEXT_MAX * 3];
    describe_time(va, sizeof va, a, x);
    describe_time(vb, sizeof vb, b, y);
    int relative = x->t->resolution != CC_TIME_ABSOLUTE || y->t->resolution != CC_TIME_ABSOLUTE;
    snprintf(expl, sizeof expl, "%s dates it %s; %s dates it %s. The two do not overlap.",
             source_name(a), va, source_name(b), vb);
    return ck_emit(ck, CF_TIME_VALUE, ia, ib, va, vb,
                   (relative ? ck->cf->conf_dct : 1.0) * hedge_factor(ck, a, b),
                   relative + sourcing_downgrade(a, b), expl);
}

static const char *weekday_name(const struct cc_check *ck, int wd)
{
    char key[16];
    snprintf(key, sizeof key, "%d", wd);
    const char *name = cf_lookup(ck->cf, CW_WEEKDAY_NAME, key);
    return name ? name : "?";
}

/* A full date on one side, a weekday on the other, one event: 2026-01-01 was a Thursday. */
static int weekday_one_way(struct cc_check *ck, size_t ia, size_t ib, const time_val *d,
                           const time_val *w)
{
    int y, m, day;
    cc_civil_from_days(d->lo, &y, &m, &day);
    int actual = cc_weekday(y, m, day);
    if (actual == w->weekday)
        return 0;
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    char key[16], va[TEXT_MAX], vb[TEXT_MAX], expl[TEXT_MAX * 2];
    snprintf(key, sizeof key, "%d", m);
    const char *month = cf_lookup(ck->cf, CW_MONTH_NAME, key);
    snprintf(va, sizeof va, "%s (%s)", d->t->value, weekday_name(ck, actual));
    snprintf(vb, sizeof vb, "%s (XXXX-WXX-%d)", weekday_name(ck, w->weekday), w->weekday);
    snprintf(expl, sizeof expl, "%d %s %d was a %s (%s); %s says %s.", day, month ? month : "?",
             y, weekday_name(ck, actual), source_name(a), source_name(b),
             weekday_name(ck, w->weekday));
    return ck_emit(ck, CF_WEEKDAY_DATE, ia, ib, va, vb, hedge_factor(ck, a, b),
                   sourcing_downgrade(a, b), expl);
}

static int rule_weekday(struct cc_check *ck, size_t ia, size_t ib)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    time_val ta[MAX_TIMES], tb[MAX_TIMES];
    size_t na = time_values(ck, a, ta, MAX_TIMES), nb = time_values(ck, b, tb, MAX_TIMES);
    if (!same_arguments(a, b))
        return 0;
    /* One event: the same kind of event or predicate, or the model's word for it. Sharing a
     * cluster shows one story, not one event, and a claim naming nobody is a subset of every
     * other ("the mayor announced the levy on March 6", "fishermen gathered on Saturday"). */
    if (!same_event(a, b) && ck_pair_prob(ck, ia, ib) < cc_pairmodel_threshold(ck->model))
        return 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            const time_val *x = &ta[i], *y = &tb[j];
            int rc = 0;
            if (!x->weekday && y->weekday && x->lo == x->hi)
                rc = weekday_one_way(ck, ia, ib, x, y);
            else if (x->weekday && !y->weekday && y->lo == y->hi)
                rc = weekday_one_way(ck, ib, ia, y, x);
            else
                continue;
            return rc;
        }
    return 0;
}

/* ---- numbers ------------------------------------------------------------------------------------ */

/* A quantity as the interval of values it allows. */
static void quantity_range(const struct cc_check *ck, const cc_quantity *q, double *lo, double *hi)
{
    double tol = fmax(ck->cf->approx_rel * q->value, ck->cf->approx_abs);
    *lo = *hi = q->value;
    switch (q->approx) {
    case CC_APPROX_ABOUT: *lo = q->value - tol, *hi = q->value + tol; break;
    case CC_APPROX_NEARLY: *lo = q->value - tol; break;
    case CC_APPROX_AT_LEAST: *hi = INFINITY; break;
    case CC_APPROX_MORE_THAN: *lo = nextafter(q->value, INFINITY), *hi = INFINITY; break;
    case CC_APPROX_AT_MOST: *lo = -INFINITY; break;
    default: break;
    }
}

static void describe_quantity(char *buf, size_t size, const ck_claim *k, const cc_quantity *q,
                              int dated)
{
    char date[32] = "";
    if (dated) {
        char d[24];
        doc_date_text(k, d, sizeof d);
        snprintf(date, sizeof date, " on %s", d);
    }
    int exact = q->approx == CC_APPROX_EXACT;
    char approx[32]; /* "at_least" is a slot value; people read "at least" */
    snprintf(approx, sizeof approx, "%s", exact ? "" : cc_approx_name(q->approx));
    for (char *p = approx; *p; p++)
        if (*p == '_')
            *p = ' ';
    /* the unit is the counted noun's lemma, so it leads: "country: about 39" */
    snprintf(buf, size, "%s: %s%s%g%s", q->unit, approx, exact ? "" : " ", q->value, date);
}

static int is_volatile(const struct cc_check *ck, const ck_claim *k)
{
    return k->c->predicate && cf_lookup(ck->cf, CW_VOLATILE, k->c->predicate) != NULL;
}

static int rule_number(struct cc_check *ck, size_t ia, size_t ib)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    if (!same_arguments(a, b))
        return 0;
    for (size_t i = 0; i < a->c->nquantities; i++)
        for (size_t j = 0; j < b->c->nquantities; j++) {
            const cc_quantity *qa = &a->c->quantities[i], *qb = &b->c->quantities[j];
            if (!*qa->unit || strcmp(qa->unit, qb->unit) != 0)
                continue;
            double alo, ahi, blo, bhi;
            quantity_range(ck, qa, &alo, &ahi);
            quantity_range(ck, qb, &blo, &bhi);
            if (!(ahi < blo || bhi < alo))
                continue;
            int vol = is_volatile(ck, a) || is_volatile(ck, b);
            char va[TEXT_MAX], vb[TEXT_MAX], expl[TEXT_MAX * 3], when[TEXT_MAX * 2 + 64] = "";
            describe_quantity(va, sizeof va, a, qa, vol);
            describe_quantity(vb, sizeof vb, b, qb, vol);
            if (vol)
                snprintf(when, sizeof when,
                         " The figure changes over time: compare the dates (%s; %s).", va, vb);
            snprintf(expl, sizeof expl,
                     "How many (%s): %s says \"%.*s\", %s says \"%.*s\"; the ranges do not "
                     "overlap.%s",
                     qa->unit, source_name(a), (int)(qa->span.end - qa->span.start),
                     cc_doc_text(a->d, NULL) + qa->span.start, source_name(b),
                     (int)(qb->span.end - qb->span.start), cc_doc_text(b->d, NULL) + qb->span.start,
                     when);
            return ck_emit(ck, CF_NUMBER_INTERVAL, ia, ib, va, vb, hedge_factor(ck, a, b),
                           vol ? -1 : sourcing_downgrade(a, b), expl);
        }
    return 0;
}

/* ---- sets and categories ------------------------------------------------------------------------ */

static void describe_list(char *buf, size_t size, const cc_list *l)
{
    size_t n = (size_t)snprintf(buf, size, "{");
    for (size_t i = 0; i < l->nmembers && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", l->members[i]);
    if (n < size)
        snprintf(buf + n, size - n, "}");
}

static int list_has(const cc_list *l, const char *m)
{
    for (size_t i = 0; i < l->nmembers; i++)
        if (strcmp(l->members[i], m) == 0)
            return 1;
    return 0;
}

static int same_members(const cc_list *a, const cc_list *b)
{
    if (a->nmembers != b->nmembers)
        return 0;
    for (size_t i = 0; i < a->nmembers; i++)
        if (!list_has(b, a->members[i]))
            return 0;
    return 1;
}

/* Two complete lists of one fact with different members. Example lists ("including",
 * "such as") never conflict: omission is not contradiction. */
static int rule_set_lists(struct cc_check *ck, size_t ia, size_t ib)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    if (!*a->c->predicate || strcmp(a->c->predicate, b->c->predicate) != 0)
        return 0; /* "Mali and Burkina Faso, both..." and "three nations" count other groups */
    for (size_t i = 0; i < a->c->nlists; i++)
        for (size_t j = 0; j < b->c->nlists; j++) {
            const cc_list *la = &a->c->lists[i], *lb = &b->c->lists[j];
            if (!la->exclusive || !lb->exclusive || same_members(la, lb))
                continue;
            if (la->nmembers < 2 || lb->nmembers < 2 || !list_has(lb, la->members[0]))
                continue; /* no shared member: two lists of different things */
            char va[TEXT_MAX], vb[TEXT_MAX], expl[TEXT_MAX * 3];
            describe_list(va, sizeof va, la);
            describe_list(vb, sizeof vb, lb);
            snprintf(expl, sizeof expl,
                     "Both lists are marked complete (\"%s\", \"%s\") but differ: %s gives %s; "
                     "%s gives %s.",
                     la->cue ? la->cue : "", lb->cue ? lb->cue : "", source_name(a), va,
                     source_name(b), vb);
            return ck_emit(ck, CF_SET_LISTS, ia, ib, va, vb, hedge_factor(ck, a, b),
                           sourcing_downgrade(a, b), expl);
        }
    return 0;
}

/* Scope words and categories of a claim, those after a contrast cue left out ("partial
 * restrictions rather than a full ban" claims partial, not full). */
typedef struct {
    const char *scope, *scope_word; /* "wide" / "narrow" and the word, or NULL */
    int mixed;                      /* both wide and narrow words: no scope */
    const char *category;           /* the first category claimed, or NULL */
} claim_marks;

/* A scope word scopes a measure when a measure noun follows within three words ("a total
 * travel ban"); "limited to diplomats" scopes no measure. */
static int scopes_measure(const struct cc_check *ck, const ck_claim *k, const uint64_t *h,
                          size_t i)
{
    for (size_t j = i + 1; j < k->ntoks && j <= i + 3; j++)
        if (cf_match_hashed(ck->cf, CW_MEASURE, k->toks, j, k->ntoks, h[j], NULL))
            return 1;
    return 0;
}

/* The marks of claim k; h holds the hash of each of its tokens' norm. */
static void claim_marks_of(const struct cc_check *ck, const ck_claim *k, const uint64_t *h,
                           claim_marks *m)
{
    memset(m, 0, sizeof *m);
    size_t denied_until = 0;
    const cc_token *t = k->toks;
    for (size_t i = 0; i < k->ntoks; i++) {
        const char *v = NULL;
        int n = cf_match_hashed(ck->cf, CW_CONTRAST, t, i, k->ntoks, h[i], NULL);
        if (n) {
            denied_until = i + (size_t)n + 3;
            continue;
        }
        if (i < denied_until)
            continue;
        if (!m->category && cf_match_hashed(ck->cf, CW_CATEGORY, t, i, k->ntoks, h[i], &v))
            m->category = v;
        if (cf_match_hashed(ck->cf, CW_SCOPE, t, i, k->ntoks, h[i], &v) &&
            scopes_measure(ck, k, h, i)) {
            if (m->scope && strcmp(m->scope, v) != 0)
                m->mixed = 1;
            m->scope = v;
            m->scope_word = k->toks[i].norm;
        }
    }
    if (m->mixed)
        m->scope = NULL;
}

/* One thing placed in two exclusive categories: a member of a complete "full ban" list in
 * one source, under "partial restrictions" in another. Checked across the corpus, between
 * claims blocking relates (a shared name or rare word): a country under a full ban of one
 * measure may well be under partial restrictions of another story's measure. */
static int set_category_pair(struct cc_check *ck, size_t ia, size_t ib, const cc_list *l,
                             const char *cat_a, const char *cat_b)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    for (size_t m = 0; m < l->nmembers; m++) {
        if (!has_core(b->c, l->members[m]))
            continue;
        char va[TEXT_MAX], vb[TEXT_MAX], expl[TEXT_MAX * 2];
        snprintf(va, sizeof va, "%s: %s (complete list of %zu)", l->members[m], cat_a, l->nmembers);
        snprintf(vb, sizeof vb, "%s: %s", l->members[m], cat_b);
        snprintf(expl, sizeof expl,
                 "%s puts %s in a complete list under %s (\"%s\"); %s puts it under %s. The two "
                 "categories exclude each other.",
                 source_name(a), person_name(b->c, l->members[m]), cat_a, l->cue ? l->cue : "",
                 source_name(b), cat_b);
        return ck_emit(ck, CF_SET_CATEGORY, ia, ib, va, vb, hedge_factor(ck, a, b),
                       sourcing_downgrade(a, b), expl);
    }
    return 0;
}

static int rule_set_category(struct cc_check *ck)
{
    int rc = 0;
    for (size_t ia = 0; rc == 0 && ia < ck->n; ia++) {
        const ck_claim *a = &ck->claims[ia];
        /* a claim in no candidate pair (deferred ones too) has no marks: it is related to none */
        for (size_t l = 0; rc == 0 && a->category && l < a->c->nlists; l++) {
            if (!a->c->lists[l].exclusive)
                continue;
            for (size_t ib = 0; rc == 0 && ib < ck->n; ib++) {
                const ck_claim *b = &ck->claims[ib];
                if (ib != ia && b->category && cf_exclusive(ck->cf, a->category, b->category) &&
                    ck_related(ck, ia, ib))
                    rc = set_category_pair(ck, ia, ib, &a->c->lists[l], a->category, b->category);
            }
        }
    }
    return rc;
}

/* ---- scope, polarity, attribution ------------------------------------------------------------ */

static int rule_scope(struct cc_check *ck, size_t ia, size_t ib)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    if (!a->scope || !b->scope || strcmp(a->scope, b->scope) == 0 || !same_arguments(a, b))
        return 0;
    char va[TEXT_MAX], vb[TEXT_MAX], expl[TEXT_MAX * 2];
    snprintf(va, sizeof va, "%s (\"%s\")", a->scope, a->scope_word);
    snprintf(vb, sizeof vb, "%s (\"%s\")", b->scope, b->scope_word);
    snprintf(expl, sizeof expl,
             "%s gives the measure a %s scope (\"%s\"); %s a %s one (\"%s\"). Both cannot hold.",
             source_name(a), a->scope, a->scope_word, source_name(b), b->scope, b->scope_word);
    return ck_emit(ck, CF_SCOPE_WORDS, ia, ib, va, vb, hedge_factor(ck, a, b),
                   sourcing_downgrade(a, b), expl);
}

/* "did" vs "did not" on one predicate with the same arguments; a hedge is no denial. */
static int rule_polarity(struct cc_check *ck, size_t ia, size_t ib)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    if (!*a->c->predicate || strcmp(a->c->predicate, b->c->predicate) != 0 ||
        a->c->polarity == b->c->polarity || a->c->modality == CC_MODALITY_HEDGED ||
        b->c->modality == CC_MODALITY_HEDGED)
        return 0;
    if (!core_subset(a->c, b->c) || !core_subset(b->c, a->c))
        return 0; /* "did not expel U.S. diplomats" vs "expelled French forces" */
    char va[TEXT_MAX], vb[TEXT_MAX], expl[TEXT_MAX * 2];
    snprintf(va, sizeof va, "%s: %s", a->c->predicate, cc_polarity_name(a->c->polarity));
    snprintf(vb, sizeof vb, "%s: %s", b->c->predicate, cc_polarity_name(b->c->polarity));
    snprintf(expl, sizeof expl, "%s says it %s (%s); %s says it %s (%s), with the same arguments.",
             source_name(a), a->c->polarity == CC_POLARITY_NEGATED ? "did not happen" : "happened",
             a->c->predicate, source_name(b),
             b->c->polarity == CC_POLARITY_NEGATED ? "did not happen" : "happened", b->c->predicate);
    return ck_emit(ck, CF_POLARITY, ia, ib, va, vb, 1.0, sourcing_downgrade(a, b), expl);
}

static int is_quote_mark(const struct cc_check *ck, const cc_token *t)
{
    const pw_entry *w = pw_lookup(ck->ctx->pairs, pw_hash(t->norm, strlen(t->norm)));
    return w && (w->classes & PW_QUOTE);
}

/* Stems of the quoted words of a claim: between its first two quotation marks, or before
 * its only mark (the quotation opened before the clause did). */
static size_t quoted_stems(const struct cc_check *ck, const ck_claim *k, const char **out,
                           size_t max)
{
    size_t mark[2] = {k->ntoks, k->ntoks}, nmarks = 0;
    for (size_t i = 0; i < k->ntoks && nmarks < 2; i++)
        if (is_quote_mark(ck, &k->toks[i]))
            mark[nmarks++] = i;
    if (!nmarks)
        return 0;
    size_t from = nmarks == 2 ? mark[0] + 1 : 0, to = nmarks == 2 ? mark[1] : mark[0], n = 0;
    for (size_t i = from; i < to && n < max; i++)
        if (k->toks[i].kind == CC_TOK_WORD)
            out[n++] = k->toks[i].stem;
    return n;
}

static double stem_overlap(const char **a, size_t na, const char **b, size_t nb)
{
    size_t both = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (strcmp(a[i], b[j]) == 0) {
                both++;
                break;
            }
    size_t any = na + nb - both;
    return any ? (double)both / (double)any : 0.0;
}

/* A speaker as compared: lower case, leading words of class speaker_drop removed. */
static void speaker_key(const struct cc_check *ck, const char *s, char *out, size_t size)
{
    char word[64];
    for (;;) {
        size_t n = strcspn(s, " ");
        if (n >= sizeof word || !s[n])
            break;
        memcpy(word, s, n);
        word[n] = '\0';
        if (!cf_lookup(ck->cf, CW_SPEAKER_DROP, word))
            break;
        s += n + 1;
    }
    snprintf(out, size, "%s", s);
}

/* The same words quoted from two different speakers. "X said" in one source and the plain
 * statement in another is no conflict (attribution missing is not attribution differing). */
static int rule_attribution(struct cc_check *ck, size_t ia, size_t ib)
{
    const ck_claim *a = &ck->claims[ia], *b = &ck->claims[ib];
    if (a->c->attribution != CC_ATTR_QUOTED || b->c->attribution != CC_ATTR_QUOTED ||
        !a->c->speaker || !b->c->speaker)
        return 0;
    char sa[TEXT_MAX], sb[TEXT_MAX];
    speaker_key(ck, a->c->speaker, sa, sizeof sa);
    speaker_key(ck, b->c->speaker, sb, sizeof sb);
    if (strcmp(sa, sb) == 0)
        return 0;
    enum { MAXQ = 128 };
    const char *qa[MAXQ], *qb[MAXQ];
    size_t na = quoted_stems(ck, a, qa, MAXQ), nb = quoted_stems(ck, b, qb, MAXQ);
    if (na < 4 || nb < 4 || stem_overlap(qa, na, qb, nb) < ck->cf->quote_overlap)
        return 0;
    const char *name_a = person_name(a->c, a->c->speaker), *name_b = person_name(b->c, b->c->speaker);
    char va[TEXT_MAX], vb[TEXT_MAX], expl[TEXT_MAX * 2];
    snprintf(va, sizeof va, "speaker %s", name_a);
    snprintf(vb, sizeof vb, "speaker %s", name_b);
    snprintf(expl, sizeof expl,
             "The same quotation is attributed to %s in %s and to %s in %s.", name_a,
             source_name(a), name_b, source_name(b));
    return ck_emit(ck, CF_ATTRIBUTION, ia, ib, va, vb, 1.0, 0, expl);
}

/* ---- driver ------------------------------------------------------------------------------------ */

typedef int (*pair_rule)(struct cc_check *ck, size_t a, size_t b);
static const pair_rule cluster_rules[] = {rule_role_cluster, rule_time,   rule_weekday,
                                          rule_number,       rule_set_lists, rule_scope,
                                          rule_polarity,     rule_attribution};

typedef struct {
    size_t cluster, claim;
} cluster_member;

static int member_cmp(const void *pa, const void *pb)
{
    const cluster_member *a = pa, *b = pb;
    if (a->cluster != b->cluster)
        return a->cluster < b->cluster ? -1 : 1;
    return (a->claim > b->claim) - (a->claim < b->claim);
}

static int run_cluster_rules(struct cc_check *ck)
{
    cluster_member *order = cc_xcalloc(ck->n ? ck->n : 1, sizeof *order);
    size_t m = 0;
    if (!order)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < ck->n; i++)
        if (ck->claims[i].cluster != (size_t)-1)
            order[m++] = (cluster_member){ck->claims[i].cluster, i};
    qsort(order, m, sizeof *order, member_cmp);
    int rc = 0;
    for (size_t lo = 0, hi; rc == 0 && lo < m; lo = hi) {
        hi = lo + 1;
        while (hi < m && order[hi].cluster == order[lo].cluster)
            hi++;
        for (size_t x = lo; x < hi; x++)
            for (size_t y = x + 1; y < hi; y++)
                for (size_t r = 0; rc == 0 && r < sizeof cluster_rules / sizeof *cluster_rules; r++)
                    rc = cluster_rules[r](ck, order[x].claim, order[y].claim);
    }
    free(order);
    return rc;
}

/* Candidate pairs outside a shared cluster. Those the model holds for one fact on their
 * own (at or above its threshold) go through every rule, whose guards still apply. The
 * attribution rule sees every candidate: the same words quoted from two speakers are one
 * statement by its own evidence, and the model, which weighs the speaker, doubts exactly
 * those pairs. Likewise the role rule, for candidates with the same predicate (one event):
 * the model weighs role modifiers and doubts "former X opened" vs "X opened"; and the time
 * rule, whose guards (one date each, one kind of event, the same arguments) are the evidence
 * that two differently dated accounts are one fact ("left Mali in 2019, officials in Bamako
 * recalled" may cluster with other Bamako news rather than with "left Mali in 2022"). */
static int run_candidate_pairs(struct cc_check *ck)
{
    double threshold = cc_pairmodel_threshold(ck->model);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ck->pairs.n; i++) {
        const ck_pair *p = CC_VEC_AT(&ck->pairs, ck_pair, i);
        size_t ca = ck->claims[p->a].cluster;
        if (ca != (size_t)-1 && ca == ck->claims[p->b].cluster)
            continue;
        if (p->prob < threshold) {
            if (ck_different_arguments(ck, p->a, p->b))
                continue; /* one quotation about Dunmar, another about Kelvora */
            const cc_claim *a = ck->claims[p->a].c, *b = ck->claims[p->b].c;
            rc = rule_attribution(ck, p->a, p->b);
            if (rc == 0 && *a->predicate && strcmp(a->predicate, b->predicate) == 0)
                rc = rule_role_cluster(ck, p->a, p->b);
            if (rc == 0)
                rc = rule_time(ck, p->a, p->b); /* its own guards: one event, same arguments */
            continue;
        }
        for (size_t r = 0; rc == 0 && r < sizeof cluster_rules / sizeof *cluster_rules; r++)
            rc = cluster_rules[r](ck, p->a, p->b);
    }
    return rc;
}

/* The word marks of claims [from, to): each token's word is hashed once for the several
 * classes looked up at it. */
static int mark_range(struct cc_check *ck, size_t from, size_t to)
{
    cc_vec hashes = CC_VEC_INIT(uint64_t);
    for (size_t i = from; i < to; i++) {
        ck_claim *k = &ck->claims[i];
        /* Marks are read only for claims of candidate pairs: every rule but the document
         * role rule (which reads none) compares two claims of a pair or of a cluster, and
         * clusters grow along pairs (rule_set_category asks ck_related first). */
        if (!ck->sided[i])
            continue;
        hashes.n = 0;
        for (size_t t = 0; t < k->ntoks; t++) {
            uint64_t *h = cc_vec_push(&hashes);
            if (!h) {
                cc_vec_free(&hashes);
                return cc_seterr(CC_ENOMEM, "out of memory");
            }
            *h = cf_word_hash(k->toks[t].norm);
        }
        claim_marks m;
        claim_marks_of(ck, k, hashes.items, &m);
        k->scope = m.scope;
        k->scope_word = m.scope_word;
        k->category = m.category;
        k->event = event_kind(ck, k, hashes.items);
    }
    cc_vec_free(&hashes);
    return 0;
}

enum { MARK_SLICE = 1024 }; /* about so many claims per slice of the worker threads */

static int mark_slice(void *arg, size_t k)
{
    struct cc_check *ck = arg;
    size_t from, to;
    cc_parallel_slice(ck->n, cc_parallel_parts(ck->n, MARK_SLICE), k, &from, &to);
    return mark_range(ck, from, to);
}

/* The word marks of the claims of candidate pairs, found once (rules read them for many
 * pairs), on the worker threads: each slice writes only its own claims. */
static int mark_claims(struct cc_check *ck)
{
    cc_par_task task = {mark_slice, NULL, ck, NULL};
    return cc_parallel_run(ck->ctx, cc_parallel_parts(ck->n, MARK_SLICE), &task);
}

int ck_rules_run(struct cc_check *ck)
{
    int rc = mark_claims(ck);
    if (rc == 0)
        rc = run_cluster_rules(ck);
    if (rc == 0)
        rc = run_candidate_pairs(ck);
    for (size_t lo = 0, hi; rc == 0 && lo < ck->n; lo = hi) {
        hi = lo + 1;
        while (hi < ck->n && ck->claims[hi].d == ck->claims[lo].d)
            hi++;
        rc = rule_role_document(ck, lo, hi);
    }
    if (rc == 0)
        rc = rule_set_category(ck);
    return rc;
}
