/*
 * time_tag.c: the time stage: runs every rule of models/time/rules.tsv over the text,
 * drops matches inside negative rules ("2000 shoes"), keeps the longest non-overlapping
 * matches, normalizes each against the DCT, and for documents infers the DCT from the text
 * when the metadata gave none. It does not link expressions to events (later stages do).
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "calendar.h"
#include "timex.h"

#define MAX_GROUPS (CC_TIME_MAX_GROUPS + 1)

typedef struct {
    size_t start, end;
    int rule;
    size_t ov_at; /* its ovector in the pool of offsets (ngroups + 1 pairs) */
    int ngroups;
    int tense;   /* of its sentence, once computed (TENSE_UNKNOWN before) */
    int quarter; /* its sentence speaks of quarters, once computed (-1 before) */
} candidate;

#define TENSE_UNKNOWN 2

const char *cc_timex_type_name(int type)
{
    static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
    return type >= 0 && type < 4 ? names[type] : "?";
}

const char *cc_time_resolution_name(int res)
{
    static const char *const names[] = {"absolute", "dct", "event", "unresolved"};
    return res >= 0 && res < 4 ? names[res] : "?";
}

/* A word of the text that may trigger rules (or a run of digits). */
typedef struct {
    size_t start, end;
    uint64_t mask;  /* cc_time_trigger.mask */
    uint64_t words; /* cc_time_trigger.start_words */
    const cc_time_trigger *tg; /* the word's entry, NULL for digits */
} trigger_hit;

static int is_digit(unsigned c) { return c - '0' < 10u; }
static int is_letter(unsigned c) { return (c | 0x20) - 'a' < 26u; }

/* The next ASCII word or digit run from *pos that may trigger rules: 1 and *h, or 0 at the
 * end of the text. Every word is looked up once in the trigger dictionary, so that each rule
 * runs only in the windows around its triggers. */
static int next_trigger(trigger_hit *h, const cc_time_env *env, size_t *pos)
{
    const unsigned char *t = (const unsigned char *)env->text;
    const struct cc_time_rules *tr = env->tr;
    size_t n = env->len;
    for (size_t i = *pos; i < n;) {
        size_t j = i + 1;
        const cc_time_trigger *tg = NULL;
        if (is_digit(t[i])) {
            while (j < n && is_digit(t[j]))
                j++;
        } else if (!is_letter(t[i])) {
            i++;
            continue;
        } else {
            char w[CC_TIME_WORD_MAX] = {(char)(t[i] | 0x20)};
            for (; j < n && is_letter(t[j]); j++)
                if (j - i < sizeof w)
                    w[j - i] = (char)(t[j] | 0x20);
            if (j - i < sizeof w) { /* a longer word triggers nothing */
                uint64_t hash = cc_time_word_hash(w, j - i);
                if (cc_time_maybe_trigger(tr, hash))
                    tg = cc_time_trigger_find_hashed(tr, w, j - i, hash);
            }
            /* words of lists that no rule is woken by ("the" of "the end of") are skipped */
            if (!tg || !((tg->mask & tr->rule_bits) || (tg->start_words & tr->rule_start_words))) {
                i = j;
                continue;
            }
        }
        h->start = i;
        h->end = j;
        h->mask = tg ? tg->mask : CC_TIME_TRIG_DIGIT;
        h->words = tg ? tg->start_words : 0;
        h->tg = tg;
        *pos = j;
        return 1;
    }
    *pos = n;
    return 0;
}

/* 1 when the lower-case ASCII word w occurs in [s, s + n) in any case: memchr finds its
 * first letter in either case ('|' 0x20 makes an upper-case ASCII letter lower case and no
 * other byte a letter). */
static int has_word(const char *s, size_t n, const char *w)
{
    size_t wn = strlen(w);
    const char *end = s + n;
    for (int upper = 0; upper < 2; upper++) {
        int first = upper ? w[0] - 'a' + 'A' : w[0];
        for (const char *p = s; (size_t)(end - p) >= wn; p++) {
            if (!(p = memchr(p, first, (size_t)(end - p))))
                break;
            size_t j = 1;
            while (j < wn && p + j < end && ((unsigned char)p[j] | 0x20) == (unsigned char)w[j])
                j++;
            if (j == wn)
                return 1;
        }
    }
    return 0;
}

/* 1 when one of the words occurs in [s, s + n), or when there are none to look for. */
static int has_required_word(const char *s, size_t n, const cc_time_words *words)
{
    for (int i = 0; i < words->n; i++)
        if (has_word(s, n, words->w[i]))
            return 1;
    return words->n == 0;
}

/* Per-call matching state: the context carries the offset limit, so it is not shared. */
typedef struct {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    cc_vec *ovs; /* PCRE2_SIZE: the candidates' ovectors, each as long as it needs */
} matcher;

/* Collects the matches of one rule that start in [from, to). The subject ends at `to`; a
 * match reaching it is kept only at the end of the text (the window cut a lookahead). */
static int collect(cc_vec *cands, const cc_time_env *env, int ri, const matcher *m,
                   size_t from, size_t last_start, size_t to)
{
    const cc_time_rule *r = CC_VEC_AT(&env->tr->rules, cc_time_rule, ri);
    pcre2_match_data *md = m->md;
    pcre2_match_context *mctx = m->mctx;
    if (r->required[0] >= 0 && to > from &&
        !memchr(env->text + from, r->required[0], to - from) &&
        !memchr(env->text + from, r->required[1], to - from))
        return 0; /* cheaper than a call that finds the same */
    if (!has_required_word(env->text + from, to > from ? to - from : 0, &r->required_words))
        return 0; /* and calls not made do not count towards compiling the rule */
    /* a match must hold a trigger, so it starts at the last trigger at the latest */
    pcre2_set_offset_limit(mctx, last_start);
    size_t pos = from;
    int jit;
    const pcre2_code *code =
        cc_time_rule_code(r, last_start - from + CC_TIME_CALL_COST, to, env->len, &jit);
    while (pos <= last_start && pos < to) {
        /* the JIT entry skips pcre2_match's per-call checks: most calls scan short windows */
        int rc = jit ? pcre2_jit_match(code, (PCRE2_SPTR)env->text, to, pos,
                                       PCRE2_NO_UTF_CHECK, md, mctx)
                     : pcre2_match(code, (PCRE2_SPTR)env->text, to, pos, PCRE2_NO_UTF_CHECK,
                                   md, mctx);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) { /* match limit: hostile text costs bounded time, skip a character */
            pos++;
            while (pos < to && ((unsigned char)env->text[pos] & 0xC0) == 0x80)
                pos++;
            continue;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (ov[1] >= to && to < env->len)
            break;
        candidate *c = cc_vec_push(cands);
        if (!c)
            return cc_seterr(CC_ENOMEM, "out of memory");
        c->start = ov[0];
        c->end = ov[1];
        c->rule = ri;
        c->tense = TENSE_UNKNOWN;
        c->quarter = -1;
        c->ngroups = rc - 1 < MAX_GROUPS - 1 ? rc - 1 : MAX_GROUPS - 1;
        c->ov_at = m->ovs->n;
        for (int g = 0; g < 2 * (c->ngroups + 1); g++) {
            PCRE2_SIZE *o = cc_vec_push(m->ovs);
            if (!o)
                return cc_seterr(CC_ENOMEM, "out of memory");
            *o = ov[g];
        }
        pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    return 0;
}

/* How far around a trigger a match of its rule may reach. */
#define WINDOW_BEFORE 32
#define WINDOW_AFTER 112

static size_t char_boundary(const cc_time_env *env, size_t i)
{
    while (i < env->len && ((unsigned char)env->text[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* The window a rule is building: match starts in [ws, last], subject up to we. */
typedef struct {
    size_t ws, we, last, hit;
    int open;
} window;

static int close_window(cc_vec *cands, const cc_time_env *env, int ri, const matcher *m,
                        window *w)
{
    w->open = 0;
    return collect(cands, env, ri, m, char_boundary(env, w->ws), w->last,
                   char_boundary(env, w->we));
}

/* The latest trigger words, for rules whose matches begin at one (start_mask). */
#define RECENT_HITS 32

typedef struct {
    trigger_hit h[RECENT_HITS];
    size_t n; /* pushed so far */
} recent_hits;

/* Where a match may begin for a trigger whose window begins at `before`: the first recent
 * word of `mask` from there on, `before` when older words were forgotten, SIZE_MAX when no
 * word of `mask` is that close (the rule has nothing to match). */
static size_t first_start(const recent_hits *rh, uint64_t mask, uint64_t words, size_t before)
{
    size_t k = rh->n < RECENT_HITS ? rh->n : RECENT_HITS;
    size_t first = SIZE_MAX;
    for (size_t j = 0; j < k; j++) {
        const trigger_hit *x = &rh->h[(rh->n - 1 - j) % RECENT_HITS];
        if (x->start < before)
            return first;
        if ((x->mask & mask) || (x->words & words))
            first = x->start;
    }
    return k == RECENT_HITS ? before : first;
}

/* Runs every rule over the merged windows around its triggers: each trigger wakes only the
 * rules of its bits. Rules without triggers scan the whole text. */
static int collect_all(cc_vec *cands, const cc_time_env *env, const matcher *m)
{
    const struct cc_time_rules *tr = env->tr;
    window *win = cc_xcalloc(tr->rules.n ? tr->rules.n : 1, sizeof *win);
    if (!win)
        return cc_seterr(CC_ENOMEM, "out of memory");
    int rc = 0;
    for (size_t ri = 0; ri < tr->rules.n && rc == 0; ri++)
        if (CC_VEC_AT(&tr->rules, cc_time_rule, ri)->scan_all)
            rc = collect(cands, env, (int)ri, m, 0, env->len, env->len);
    recent_hits recent = {.n = 0};
    trigger_hit *h = &recent.h[0];
    size_t scan = 0;
    for (size_t i = 0; rc == 0; i++) {
        h = &recent.h[recent.n % RECENT_HITS];
        if (!next_trigger(h, env, &scan))
            break;
        recent.n++;
        size_t before = h->start > WINDOW_BEFORE ? h->start - WINDOW_BEFORE : 0;
        size_t e = env->len - h->end > WINDOW_AFTER ? h->end + WINDOW_AFTER : env->len;
        for (uint64_t bits = h->mask; bits && rc == 0; bits &= bits - 1) {
            const cc_vec *rules = &tr->rules_by_bit[__builtin_ctzll(bits)];
            for (size_t k = 0; k < rules->n && rc == 0; k++) {
                int ri = *CC_VEC_AT(rules, int, k);
                window *w = &win[ri];
                const cc_time_rule *r = CC_VEC_AT(&tr->rules, cc_time_rule, ri);
                size_t s = r->starts_at_trigger ? h->start : before;
                if (w->open && w->hit == i + 1)
                    continue; /* woken by another bit of the same word */
                if (r->lead_list >= 0 && !cc_time_may_follow(tr, h->tg, r->lead_list, env->text,
                                                             env->len, h->end))
                    continue; /* "the company" begins no "the fourth of july" */
                if ((r->start_mask || r->start_words) &&
                    (s = first_start(&recent, r->start_mask, r->start_words, before)) == SIZE_MAX)
                    continue;
                if (w->open && s > w->last)
                    rc = close_window(cands, env, ri, m, w);
                if (!w->open) {
                    w->ws = s;
                    w->open = 1;
                }
                w->we = e;
                w->last = h->start;
                w->hit = i + 1;
            }
        }
    }
    for (size_t ri = 0; ri < tr->rules.n && rc == 0; ri++)
        if (win[ri].open)
            rc = close_window(cands, env, (int)ri, m, &win[ri]);
    free(win);
    return rc;
}

static int by_length_then_rule(const void *a, const void *b)
{
    const candidate *x = *(const candidate *const *)a, *y = *(const candidate *const *)b;
    size_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx < ly ? 1 : -1;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int needs_tense(const cc_time_rule *r)
{
    for (int i = 0; i < r->tmpl.nargs; i++)
        if (r->tmpl.args[i].kind == TA_INFER)
            return 1;
    return cc_time_func_uses_tense(r->tmpl.func);
}

static int push_timex(cc_vec *out, const cc_time_env *env, const candidate *c,
                      const cc_time_rule *r, const cc_time_result *res)
{
    cc_timex *t = cc_vec_push(out);
    if (!t)
        return cc_seterr(CC_ENOMEM, "out of memory");
    t->span.start = c->start;
    t->span.end = c->end;
    t->type = res->type;
    t->resolution = res->resolution;
    t->value = cc_strdup(res->value);
    t->rule = cc_strdup(r->name);
    if (res->anchor.end > res->anchor.start)
        t->anchor_text = cc_strndup(env->text + res->anchor.start,
                                    res->anchor.end - res->anchor.start);
    if (!t->value || !t->rule || (res->anchor.end > res->anchor.start && !t->anchor_text))
        return cc_seterr(CC_ENOMEM, "out of memory");
    return 0;
}

/* Normalizes a candidate; what it learns of its sentence is kept for the second pass. */
static void normalize(cc_time_result *res, const cc_time_env *env, candidate *c,
                      const cc_vec *ovs)
{
    const cc_time_rule *r = CC_VEC_AT(&env->tr->rules, cc_time_rule, c->rule);
    cc_time_env e = *env;
    if (needs_tense(r)) {
        if (c->tense == TENSE_UNKNOWN)
            c->tense = cc_time_tense(env->tr, env->text, env->len, c->start, c->end);
        e.tense = c->tense;
    }
    if (r->tmpl.func == env->tr->func_relfin) {
        if (c->quarter < 0)
            c->quarter = cc_time_sentence_has(env->tr, env->tr->list_fin_quarter, env->text,
                                              env->len, c->start, c->end);
        e.quarter_context = c->quarter;
    }
    cc_time_normalize(res, &e, r, CC_VEC_AT(ovs, PCRE2_SIZE, c->ov_at), c->ngroups);
}

/* A chosen candidate with its value (computed once, unless it hangs on an earlier date). */
typedef struct {
    candidate c;
    cc_time_result res;
} kept_match;

/* Which bytes of the text a chosen match (or a negative rule) took, and where an invalid
 * date was reported: one bit per byte each. */
typedef struct {
    uint64_t *taken, *warned;
} taken_map;

static int bit_get(const uint64_t *m, size_t b) { return (int)(m[b / 64] >> (b % 64)) & 1; }
static void bit_set(uint64_t *m, size_t b) { m[b / 64] |= (uint64_t)1 << (b % 64); }

static int span_free(const taken_map *t, size_t start, size_t end)
{
    for (size_t b = start; b < end; b++)
        if (bit_get(t->taken, b))
            return 0;
    return 1;
}

static void take(taken_map *t, size_t start, size_t end)
{
    for (size_t b = start; b < end; b++)
        bit_set(t->taken, b);
}

static int by_start_of(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Chooses among the candidates of one cluster (each overlaps the ones before it): longest
 * first, then by rule; `order` has room for them all. */
static int select_cluster(cc_vec *kept, const cc_time_env *env, candidate *first, size_t n,
                          candidate **order, const cc_vec *ovs, taken_map *taken)
{
    for (size_t i = 0; i < n; i++) /* sorted by pointer: a candidate is large */
        order[i] = first + i;
    if (n > 1)
        qsort(order, n, sizeof *order, by_length_then_rule);
    for (size_t i = 0; i < n; i++) {
        candidate *c = order[i];
        const cc_time_rule *r = CC_VEC_AT(&env->tr->rules, cc_time_rule, c->rule);
        if (r->type < 0 || !span_free(taken, c->start, c->end))
            continue;
        cc_time_result res;
        normalize(&res, env, c, ovs);
        if (res.invalid_date && env->depth == 0 && !env->quiet && !bit_get(taken->warned, c->start)) {
            /* the longest reading of a non-existent day; shorter ones start at its byte */
            cc_diag_emit(env->ctx, CC_DIAG_WARNING, "time-invalid-date", env->path, 0, 0,
                         (long long)c->start, "'%.*s' is not a calendar date: not normalized",
                         (int)(c->end - c->start), env->text + c->start);
            bit_set(taken->warned, c->start);
        }
        if (res.reject)
            continue;
        take(taken, c->start, c->end);
        kept_match *k = cc_vec_push(kept);
        if (!k)
            return cc_seterr(CC_ENOMEM, "out of memory");
        k->c = *c;
        k->res = res;
    }
    return 0;
}

/* Longest matches first; a bit map of taken bytes keeps the choice linear in the text.
 * Candidates that do not overlap cannot take each other's bytes, so the choice is made
 * cluster by cluster of overlapping ones, in text order: small sorts over memory that is
 * close together, not one sort over the whole text. The chosen candidates go to `kept`. */
static int select_matches(cc_vec *kept, const cc_time_env *env, cc_vec *cands,
                          const cc_vec *ovs, taken_map *taken)
{
    if (cands->n > 1)
        qsort(cands->items, cands->n, sizeof(candidate), by_start_of);
    candidate **order = cc_xcalloc(cands->n ? cands->n : 1, sizeof *order);
    if (!order)
        return cc_seterr(CC_ENOMEM, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < cands->n && rc == 0;) {
        candidate *first = CC_VEC_AT(cands, candidate, i);
        size_t j = i + 1, end = first->end;
        for (; j < cands->n && CC_VEC_AT(cands, candidate, j)->start < end; j++)
            if (CC_VEC_AT(cands, candidate, j)->end > end)
                end = CC_VEC_AT(cands, candidate, j)->end;
        rc = select_cluster(kept, env, first, j - i, order, ovs, taken);
        i = j;
    }
    free(order);
    return rc;
}

/* Negative rules take their bytes before any positive match can ("2000 shoes"). */
static void apply_negatives(const cc_time_env *env, cc_vec *cands, taken_map *taken)
{
    for (size_t i = 0; i < cands->n; i++) {
        candidate *c = CC_VEC_AT(cands, candidate, i);
        if (CC_VEC_AT(&env->tr->rules, cc_time_rule, c->rule)->type < 0)
            take(taken, c->start, c->end);
    }
}

static int by_start(const void *a, const void *b)
{
    const kept_match *x = a, *y = b;
    return x->c.start < y->c.start ? -1 : x->c.start > y->c.start;
}

/* 1 when a resolved date is what the next "a year later" hangs on. A comparison point is
 * none: "a year ago" or "a year earlier" (pointing back from the period just named) is what
 * the next "a year earlier" compares with too, it does not go back again from it. */
static int becomes_anchor(const cc_time_env *e, const cc_time_rule *r, const cc_time_result *res)
{
    if (res->type != CC_TIMEX_DATE || res->resolution == CC_TIME_UNRESOLVED ||
        res->value[0] < '0' || res->value[0] > '9')
        return 0;
    if (r->tmpl.func == e->tr->func_relfin)
        return 0;
    return !(r->tmpl.func == e->tr->func_later && e->prev_value &&
             strcmp(res->value, e->prev_value) < 0);
}

/* Emits the kept matches in text order; "a year later" is normalized again there, as it
 * hangs on the latest resolved date before it. */
/* 1 when the text between a day and a clock time only links them: spaces, commas and
 * words of the list clock_link ("Thursday at about 2:30 p.m."). */
static int links_clock(const struct cc_time_rules *tr, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || s[i] == ',') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && isalpha((unsigned char)s[j]))
            j++;
        if (j == i || !cc_time_lookup(tr, tr->list_clock_link, s + i, j - i))
            return 0;
        i = j;
    }
    return 1;
}

/* "Thursday at 2:30 p.m.", "March 3 at 10 a.m.": a clock time right after a day the text
 * names is on that day, not on the DCT's. */
static void clock_on_day(cc_time_result *res, const cc_time_env *env, const cc_timex *day,
                         size_t start)
{
    const char *v = day->value;
    if (day->type != CC_TIMEX_DATE || strlen(v) != 10 || v[4] != '-' || v[7] != '-' ||
        !isdigit((unsigned char)v[0]) || day->span.end > start || start - day->span.end > 24 ||
        strlen(res->value) < 11 || res->value[10] != 'T' ||
        !links_clock(env->tr, env->text + day->span.end, start - day->span.end))
        return;
    memcpy(res->value, v, 10);
    res->resolution = day->resolution;
}

static int emit(cc_vec *out, const cc_time_env *env, cc_vec *kept, const cc_vec *ovs)
{
    if (kept->n > 1)
        qsort(kept->items, kept->n, sizeof(kept_match), by_start);
    cc_time_env e = *env;
    for (size_t i = 0; i < kept->n; i++) {
        kept_match *k = CC_VEC_AT(kept, kept_match, i);
        const cc_time_rule *r = CC_VEC_AT(&env->tr->rules, cc_time_rule, k->c.rule);
        if (r->tmpl.func == env->tr->func_later || r->tmpl.func == env->tr->func_laterpod ||
            r->tmpl.func == env->tr->func_tensepod)
            normalize(&k->res, &e, &k->c, ovs);
        if (k->res.reject)
            continue;
        if (r->tmpl.func == env->tr->func_time && out->n > 0)
            clock_on_day(&k->res, env, CC_VEC_AT(out, cc_timex, out->n - 1), k->c.start);
        int rc = push_timex(out, env, &k->c, r, &k->res);
        if (rc < 0)
            return rc;
        if (becomes_anchor(&e, r, &k->res)) {
            const cc_timex *t = CC_VEC_AT(out, cc_timex, out->n - 1);
            e.prev_value = t->value;
            e.prev_span = t->span;
        }
    }
    return 0;
}

int cc_time_tag_vec(cc_vec *out, const cc_time_env *env)
{
    cc_vec cands = CC_VEC_INIT(candidate), kept = CC_VEC_INIT(kept_match);
    cc_vec ovs = CC_VEC_INIT(PCRE2_SIZE);
    size_t words = env->len / 64 + 1;
    taken_map taken = {cc_xcalloc(words, sizeof(uint64_t)), cc_xcalloc(words, sizeof(uint64_t))};
    matcher m = {pcre2_match_data_create(MAX_GROUPS, NULL),
                 pcre2_match_context_copy(env->tr->mctx), &ovs};
    int rc = 0;
    if (!taken.taken || !taken.warned || !m.md || !m.mctx) {
        rc = cc_seterr(CC_ENOMEM, "out of memory");
        goto done;
    }
    rc = collect_all(&cands, env, &m);
    if (rc < 0)
        goto done;
    apply_negatives(env, &cands, &taken);
    if ((rc = select_matches(&kept, env, &cands, &ovs, &taken)) < 0)
        goto done;
    rc = emit(out, env, &kept, &ovs);
done:
    pcre2_match_data_free(m.md);
    pcre2_match_context_free(m.mctx);
    free(taken.taken);
    free(taken.warned);
    cc_vec_free(&ovs);
    cc_vec_free(&cands);
    cc_vec_free(&kept);
    return rc;
}

void cc_timex_free(cc_timex *t, size_t n)
{
    if (!t)
        return;
    for (size_t i = 0; i < n; i++) {
        free((char *)t[i].value);
        free((char *)t[i].rule);
        free((char *)t[i].anchor_text);
    }
    free(t);
}

/* quiet: the text was tagged before (diagnostics were given then) */
static int tag_text(cc_timex **out, size_t *n, const cc_context *ctx, const char *text,
                    size_t len, const cc_date *dct, const char *path, int quiet)
{
    *out = NULL;
    *n = 0;
    if (!ctx || !ctx->time || (!text && len))
        return cc_seterr(CC_EUSAGE, "cc_time_tag_text: no context or text");
    /* matching skips pcre2's UTF check, so the text is checked here once */
    if (len && cc_utf8_valid_len(text, len) != len)
        return cc_seterr(CC_EINPUT, "cc_time_tag_text: text is not valid UTF-8");
    cc_time_env env = {0};
    env.tr = ctx->time;
    env.ctx = ctx;
    env.path = path;
    env.quiet = quiet;
    env.text = text ? text : "";
    env.len = len;
    if (dct && cc_date_valid(dct->year, dct->month, dct->day))
        env.dct = *dct;
    cc_vec v = CC_VEC_INIT(cc_timex);
    int rc = cc_time_tag_vec(&v, &env);
    if (rc < 0) {
        cc_timex_free(v.items, v.n);
        return rc;
    }
    *out = v.items;
    *n = v.n;
    return 0;
}

int cc_time_tag_text(cc_timex **out, size_t *n, const cc_context *ctx, const char *text,
                     size_t len, const cc_date *dct)
{
    if (cc_context_require(ctx, CC_STAGE_TIME) < 0)
        return CC_EUSAGE;
    return tag_text(out, n, ctx, text, len, dct, NULL, 0);
}

/* ---- documents --------------------------------------------------------------------------- */

/* The latest fully specified date the text gives that is not in the story's future
 * (a date in a future-tense sentence is a plan, not the day of writing). */
static int infer_dct(cc_doc *d, const struct cc_time_rules *tr, const char *text,
                     const cc_timex *t, size_t n)
{
    size_t best = n;
    long best_day = 0;
    for (size_t i = 0; i < n; i++) {
        int y, m, dd, len = 0;
        if (t[i].type != CC_TIMEX_DATE || t[i].resolution != CC_TIME_ABSOLUTE ||
            sscanf(t[i].value, "%4d-%2d-%2d%n", &y, &m, &dd, &len) != 3 || len != 10 ||
            t[i].value[10] || !cc_date_valid(y, m, dd))
            continue;
        if (cc_time_tense(tr, text, d->text_len, t[i].span.start, t[i].span.end) > 0)
            continue;
        long day = cc_days_from_civil(y, m, dd);
        if (best == n || day > best_day)
            best = i, best_day = day;
    }
    if (best == n)
        return 0;
    cc_date date;
    cc_civil_from_days(best_day, &date.year, &date.month, &date.day);
    cc_buf ev = CC_BUF_INIT;
    cc_buf_printf(&ev, "text: '%.*s' at byte %zu (latest full date not in the story's future)",
                  (int)(t[best].span.end - t[best].span.start), text + t[best].span.start,
                  t[best].span.start);
    if (ev.oom)
        return cc_seterr(CC_ENOMEM, "out of memory");
    free(d->date_evidence);
    d->date_evidence = cc_buf_detach(&ev, NULL);
    d->date = date;
    d->date_source = CC_DATE_INFERRED;
    return 1;
}

/* When the kept text gives no full date, a photo caption that boilerplate removal took out
 * often does ("... on Oct. 31, 2025"): a photo is taken on or before the day of writing, so
 * the latest caption date is the best available DCT (said so in the evidence). */
static int infer_dct_from_captions(cc_doc *d, const cc_context *ctx)
{
    char *text = cc_xcalloc(d->text_len + 1, 1);
    if (!text)
        return cc_seterr(CC_ENOMEM, "out of memory");
    memset(text, ' ', d->text_len);
    int any = 0;
    for (size_t i = 0; i < d->removals.n; i++) {
        const cc_removal *r = CC_VEC_AT(&d->removals, cc_removal, i);
        if (strcmp(r->rule, "caption") != 0 || r->span.end > d->text_len)
            continue;
        memcpy(text + r->span.start, d->text + r->span.start, r->span.end - r->span.start);
        any = 1;
    }
    cc_timex *t = NULL;
    size_t n = 0;
    int rc = any ? tag_text(&t, &n, ctx, text, d->text_len, NULL, d->path, 1) : 0;
    if (rc == 0 && n)
        rc = infer_dct(d, ctx->time, text, t, n);
    if (rc > 0) {
        char *ev = d->date_evidence;
        cc_buf b = CC_BUF_INIT;
        cc_buf_printf(&b, "caption %s", ev);
        free(ev);
        if (b.oom)
            rc = cc_seterr(CC_ENOMEM, "out of memory");
        d->date_evidence = cc_buf_detach(&b, NULL);
    }
    cc_timex_free(t, n);
    free(text);
    return rc;
}

static int store(cc_doc *d, cc_timex *t, size_t n)
{
    d->timexes = (cc_vec)CC_VEC_INIT(cc_timex);
    for (size_t i = 0; i < n; i++) {
        cc_timex *o = cc_vec_push(&d->timexes);
        if (!o)
            return cc_seterr(CC_ENOMEM, "out of memory");
        *o = t[i];
        o->value = cc_arena_strndup(&d->arena, t[i].value, strlen(t[i].value));
        o->rule = cc_arena_strndup(&d->arena, t[i].rule, strlen(t[i].rule));
        o->anchor_text = t[i].anchor_text
                             ? cc_arena_strndup(&d->arena, t[i].anchor_text,
                                                strlen(t[i].anchor_text))
                             : NULL;
        if (!o->value || !o->rule || (t[i].anchor_text && !o->anchor_text))
            return cc_seterr(CC_ENOMEM, "out of memory");
    }
    return 0;
}

int cc_doc_time(cc_doc *d, const cc_context *ctx)
{
    if (d->timed)
        return 0;
    if (cc_context_require(ctx, CC_STAGE_TIME) < 0)
        return CC_EUSAGE;
    /* removed boilerplate becomes spaces: offsets stay text offsets */
    char *text = cc_strndup(d->text, d->text_len);
    if (!text)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->removals.n; i++) {
        const cc_removal *r = CC_VEC_AT(&d->removals, cc_removal, i);
        for (size_t b = r->span.start; b < r->span.end && b < d->text_len; b++)
            if (text[b] != '\n')
                text[b] = ' ';
    }
    cc_timex *t = NULL;
    size_t n = 0;
    const cc_date *dct = d->date_source != CC_DATE_UNKNOWN ? &d->date : NULL;
    int rc = tag_text(&t, &n, ctx, text, d->text_len, dct, d->path, 0);
    if (rc == 0 && !dct) {
        rc = infer_dct(d, ctx->time, text, t, n);
        if (rc == 0)
            rc = infer_dct_from_captions(d, ctx);
        if (rc > 0) {
            cc_timex_free(t, n);
            t = NULL;
            rc = tag_text(&t, &n, ctx, text, d->text_len, &d->date, d->path, 1);
        }
    }
    if (rc == 0)
        rc = store(d, t, n);
    if (rc == 0)
        d->timed = 1;
    cc_timex_free(t, n);
    free(text);
    return rc;
}

const cc_timex *cc_doc_timexes(const cc_doc *d, size_t *n)
{
    *n = d->timexes.n;
    return d->timexes.items;
}
