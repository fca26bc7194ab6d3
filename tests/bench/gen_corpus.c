/*
 * gen_corpus.c: writes a synthetic news corpus of any size with planted conflicts of every
 * DESIGN section 6 type and planted near-misses (the compatible cases), plus the ground truth,
 * and scores a check's JSON report against that truth. Built on gen.h (its rng and picking).
 *
 *   gen_corpus [-s SEED] N OUTDIR        OUTDIR/corpus/<id>.md and OUTDIR/truth.tsv
 *   gen_corpus --score TRUTH REPORT.json  recall, near-misses flagged, unplanted conflicts
 *
 * Stories of six articles: articles a and b carry the story's planted conflict, c and d its
 * planted near-miss (the weekday near-miss lives in c alone), e and f are background only.
 * Every story has its own invented people and place names (so blocking sees it as one
 * story) and shares countries, boilerplate and stock phrases with all others (so blocking
 * also meets frequent keys). Wording varies by synonyms, sentence order and boilerplate; about
 * one article in ten has no date in its metadata (half of those no metadata at all): some
 * background articles and every weekday near-miss, never where a planted conflict needs one.
 *
 * Matching (--score): a reported conflict matches a planted one when it has the planted type
 * and its two claims come from the planted two documents (in either order; documents are
 * compared by file name without directory or extension). A near-miss counts as flagged when
 * any reported conflict of its type joins its two documents (for the one-document weekday
 * near-miss: any weekday conflict with a side in that document). A conflict of another type
 * between the two documents of a planted conflict is "implied" (a full-ban list against
 * "partial restrictions" is a set conflict and a scope one too, like S1 in GOLD.md);
 * everything else reported is "unplanted" (sentences the pipeline opposed unasked).
 *
 * It does not model real news: the text is invented for this benchmark, and the set and scope
 * templates use the measure words models/conflicts/words.tsv knows (bans, embargoes).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <sys/stat.h>

#include "calendar.h"
#include "gen.h"

enum { T_ROLE, T_TIME, T_WEEKDAY, T_NUMBER, T_SET, T_SCOPE, T_POLARITY, T_ATTRIBUTION, NTYPES };
static const char *type_names[NTYPES] = {"role",  "time",     "weekday",    "number",
                                         "set",   "scope",    "polarity",   "attribution"};

/* ---- word lists (invented names; real country names the gazetteer knows) ---------------- */

static const char *first_names[] = {
    "Orin",  "Selma", "Pavel", "Ines",  "Tomas", "Adaeze", "Kofi",  "Marta", "Yusuf", "Lena",
    "Rafael", "Amina", "Dario", "Hana",  "Ibou",  "Greta",  "Milan", "Sade",  "Jonas", "Noor",
    "Emeka", "Clara", "Bruno", "Fatou", "Oskar", "Leila",  "Tariq", "Vera",  "Moussa", "Irene",
    "Kwame", "Sofia", "Anton", "Zainab", "Luca", "Maren",  "Ousman", "Petra", "Samir", "Edith"};
static const char *last_names[] = {
    "Kasvik", "Odrin",  "Dunst",  "Maravel", "Tessaro", "Okonkwo", "Belgard", "Ruskin",
    "Halvern", "Ndiaye", "Korsak", "Vellani", "Amadou",  "Strand",  "Brevik",  "Osei",
    "Lindqvist", "Mbaye", "Pradel", "Quiroga", "Santoro", "Hallam",  "Ferreira", "Diallo",
    "Novak",  "Castel", "Ibekwe", "Marsden", "Toure",   "Valdes",  "Ekwueme", "Sorensen",
    "Adjei",  "Rinaldi", "Keita",  "Bergman", "Mensah",  "Laurent", "Sowande", "Petrovic"};
/* Syllables of invented place names: "Dunmar", "Kelvora", ... */
static const char *syl_a[] = {"Dun", "Kel", "Mar", "Vos", "Tal", "Bren", "Ost", "Ria", "Gal",
                              "Nor", "Sel", "Tor", "Ul",  "Zan", "Cor", "Hal", "Lin", "Pel"};
static const char *syl_b[] = {"mar", "vora", "dell", "ington", "brook", "haven", "ford", "eno",
                              "atta", "ovo", "ley", "mere", "gard", "stead", "wick", "ara"};
static const char *countries[] = {"Mali",    "Niger",   "Senegal", "Nigeria", "Guinea", "France",
                                  "Russia",  "China",   "Syria",   "Ghana",   "Kenya",  "Chile",
                                  "Peru",    "Norway",  "Portugal", "Morocco", "Egypt", "Brazil",
                                  "Vietnam", "Poland",  "Turkey",  "Canada",  "Japan",  "Mexico"};
static const char *titles[] = {"Finance Minister", "Interior Minister", "Governor",
                               "Trade Minister",   "Prime Minister",    "Defence Minister"};
static const char *facilities[] = {"bridge", "clinic", "grain terminal", "dam", "rail depot",
                                   "power station", "water plant", "ferry pier"};
static const char *open_verbs[] = {"opened", "inaugurated"};
static const char *goods[] = {"copper", "timber", "cocoa", "cotton", "fish", "cement",
                              "coffee", "sugar"};
static const char *counted[] = {"shipments", "containers", "trucks", "boats", "crates"};
static const char *minerals[] = {"gold", "uranium", "lithium", "cobalt", "manganese", "bauxite",
                                 "tin", "graphite"};
static const char *months[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November",
                               "December"};
static const char *weekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                 "Friday", "Saturday", "Sunday"};
static const char *outlets[] = {"Alpha Post", "Coastline Daily", "Meridian Wire", "Harbor Ledger",
                                "Plains Courier", "Evening Signal", "Delta Observer",
                                "Northern Gazette", "Capital Review", "Open Field News"};
static const char *quotes[] = {
    "We moved three hundred families out of the flooded quarter of %s last night",
    "The water plant in %s has been running on diesel generators since the storm",
    "Our crews repaired the main road into %s in eleven days",
    "The clinic in %s treated more patients this month than in the whole of last year",
    "Two of the ferries serving %s have been out of service since the spring",
    "The port of %s handled its first grain ship in six months this morning"};
/* Background sentences: agree across a story's articles, vary by synonym. %1$s is the place. */
static const char *background[] = {
    "Residents of %1$s described the mood as %2$s.",
    "Local traders in %1$s said business had been %2$s in recent weeks.",
    "The streets of %1$s were %2$s on the eve of the visit.",
    "Community leaders in %1$s called for calm and %2$s dialogue.",
    "Schools in %1$s stayed %2$s during the week.",
    "Visitors to %1$s found the market %2$s."};
static const char *moods[] = {"tense", "uneasy", "calm", "quiet", "busy", "hopeful", "open",
                              "patient", "slow", "steady"};
static const char *headlines[] = {
    "%s waits for answers", "In %s, %s faces questions", "What next for %s?",
    "%s: the view from the harbour", "A long week in %s for %s", "%s holds its breath",
    "Letters from %s", "%s and the %s file"};
static const char *stock[] = {
    "Analysts expect further talks in the coming weeks.",
    "The government did not respond to a request for comment.",
    "Regional observers are following the situation closely.",
    "More details are expected later in the day.",
    "The announcement drew mixed reactions online."};
static const char *boilerplate[] = {
    "Share this article: Facebook | X | WhatsApp",
    "READ ALSO: Markets rally as fuel prices ease",
    "Photo: staff photographer / Open Field News",
    "#news #%s"};

/* ---- dates ------------------------------------------------------------------------------- */

/* 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
static int weekday_of(long days) { return (int)(((days % 7) + 7 + 3) % 7); }

/* ---- one story ------------------------------------------------------------------------- */

enum { ARTICLES = 6, LINES = 16, LINE_MAX = 512 };

typedef struct {
    char lines[LINES][LINE_MAX]; /* body sentences, shuffled before writing */
    int n;
    long dct;     /* days since 1970, or -1: no date in the metadata */
    int no_meta;  /* when undated: 1 = no metadata at all, 0 = "date: unknown" */
    char id[64];  /* file name without extension */
} article;

typedef struct {
    int k;                           /* story number */
    char person[64], surname[32];    /* the protagonist */
    char speaker[2][64];             /* two other people (quotes) */
    char place[32];                  /* an invented town */
    const char *c1, *c2, *c3, *c4;   /* four different countries */
    const char *title, *good, *mineral;
    long base;                       /* the story's first day */
    article art[ARTICLES];
} story;

static void add(article *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(article *a, const char *fmt, ...)
{
    if (a->n >= LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->lines[a->n++], LINE_MAX, fmt, ap);
    va_end(ap);
}

static void date_text(char *buf, size_t size, long days)
{
    int y, m, d;
    cc_civil_from_days(days, &y, &m, &d);
    snprintf(buf, size, "%s %d, %d", months[m - 1], d, y);
}

static int year_of(long days)
{
    int y, m, d;
    cc_civil_from_days(days, &y, &m, &d);
    return y;
}

static void story_init(story *s, gen_rng *r, int k)
{
    size_t nf = sizeof first_names / sizeof *first_names;
    size_t nl = sizeof last_names / sizeof *last_names;
    size_t nc = sizeof countries / sizeof *countries;
    size_t nb = sizeof syl_b / sizeof *syl_b;
    memset(s, 0, sizeof *s);
    s->k = k;
    /* A different name pair per story (1,600 before they repeat), shuffled by a stride. */
    size_t p = ((size_t)k * 7919u) % (nf * nl);
    snprintf(s->surname, sizeof s->surname, "%s", last_names[p / nf]);
    snprintf(s->person, sizeof s->person, "%s %s", first_names[p % nf], s->surname);
    for (int i = 0; i < 2; i++) {
        size_t q = (p + 1 + (size_t)i * 811u) % (nf * nl);
        snprintf(s->speaker[i], sizeof s->speaker[i], "%s %s", first_names[(q * 3 + 1) % nf],
                 last_names[(q + 17) % nl]);
    }
    size_t pl = (size_t)k % (sizeof syl_a / sizeof *syl_a * nb);
    snprintf(s->place, sizeof s->place, "%s%s%s", syl_a[pl / nb], syl_b[pl % nb],
             k >= (int)(sizeof syl_a / sizeof *syl_a * nb) ? syl_b[(k / 288) % nb] : "");
    size_t c = gen_next(r) % nc;
    s->c1 = countries[c];
    s->c2 = countries[(c + 1 + gen_next(r) % (nc - 2)) % nc];
    do
        s->c3 = GEN_PICK(r, countries);
    while (s->c3 == s->c1 || s->c3 == s->c2);
    do
        s->c4 = GEN_PICK(r, countries);
    while (s->c4 == s->c1 || s->c4 == s->c2 || s->c4 == s->c3);
    s->title = GEN_PICK(r, titles);
    s->good = GEN_PICK(r, goods);
    s->mineral = GEN_PICK(r, minerals);
    s->base = cc_days_from_civil(2023, 1, 1) + (long)(gen_next(r) % 1000);
    for (int i = 0; i < ARTICLES; i++) {
        article *a = &s->art[i];
        a->dct = s->base + 2 + i + (long)(gen_next(r) % 3);
        snprintf(a->id, sizeof a->id, "s%05d-%c", k, 'a' + i);
    }
    /* Background articles may be undated (the weekday near-miss makes its article undated). */
    for (int i = 4; i < ARTICLES; i++)
        if (gen_next(r) % 4 == 0) {
            s->art[i].dct = -1;
            s->art[i].no_meta = (int)(gen_next(r) % 2);
        }
}

/* ---- planted conflicts (articles a and b) ------------------------------------------------ */

static void plant_conflict(story *s, gen_rng *r, int type, FILE *truth)
{
    article *a = &s->art[0], *b = &s->art[1];
    const char *fac = GEN_PICK(r, facilities), *verb = GEN_PICK(r, open_verbs);
    char fa[LINE_MAX] = "", fb[LINE_MAX] = "", d[48];
    switch (type) {
    case T_ROLE:
        add(a, "Former %s %s %s the new %s %s in %s.", s->title, s->person, verb, s->place, fac,
            s->c1);
        add(b, "%s %s %s the new %s %s in %s.", s->title, s->person, verb, s->place, fac, s->c1);
        snprintf(fa, sizeof fa, "former %s", s->title);
        snprintf(fb, sizeof fb, "sitting %s", s->title);
        break;
    case T_TIME: {
        int y = year_of(a->dct) - 4;
        int ago = 1 + (int)(gen_next(r) % 2);
        add(a, "%s closed the %s %s mine in %d.", s->c1, s->place, s->mineral, y);
        if (gen_next(r) % 2) {
            add(b, "%s closed the %s %s mine %s ago.", s->c1, s->place, s->mineral,
                ago == 1 ? "a year" : "two years");
            snprintf(fb, sizeof fb, "P%dY before DCT", ago);
        } else {
            add(b, "%s closed the %s %s mine in %d.", s->c1, s->place, s->mineral, y + 2);
            snprintf(fb, sizeof fb, "%d", y + 2);
        }
        snprintf(fa, sizeof fa, "%d", y);
        break;
    }
    case T_WEEKDAY: {
        long when = s->base;
        int wrong = (weekday_of(when) + 1 + (int)(gen_next(r) % 6)) % 7;
        date_text(d, sizeof d, when);
        add(a, "Mayor %s announced the %s %s levy on %s.", s->person, s->place, s->good, d);
        add(b, "Mayor %s announced the %s %s levy on %s.", s->person, s->place, s->good,
            weekdays[wrong]);
        snprintf(fa, sizeof fa, "%s (%s)", d, weekdays[weekday_of(when)]);
        snprintf(fb, sizeof fb, "%s", weekdays[wrong]);
        break;
    }
    case T_NUMBER: {
        int n = 20 + (int)(gen_next(r) % 60), m = n * 2 + 7;
        const char *what = GEN_PICK(r, counted);
        add(a, "Customs officers in %s seized %d %s of %s %s near %s.", s->c1, n, what, s->place,
            s->good, s->place);
        add(b, "Customs officers in %s seized about %d %s of %s %s near %s.", s->c1, m, what,
            s->place, s->good, s->place);
        snprintf(fa, sizeof fa, "%d", n);
        snprintf(fb, sizeof fb, "about %d", m);
        break;
    }
    case T_SET:
        add(a, "The full ban on %s %s now covers four countries: %s, %s, %s and %s.", s->place,
            s->good, s->c1, s->c2, s->c3, s->c4);
        add(b, "%s remains under partial restrictions rather than a full ban on %s %s.", s->c3,
            s->place, s->good);
        snprintf(fa, sizeof fa, "%s in the complete full-ban list", s->c3);
        snprintf(fb, sizeof fb, "%s under partial restrictions", s->c3);
        break;
    case T_SCOPE:
        add(a, "%s imposed a total ban on %s %s from %s.", s->c1, s->place, s->good, s->c2);
        add(b, "The rule %s set for %s %s from %s is a limited ban covering some traders.", s->c1,
            s->place, s->good, s->c2);
        snprintf(fa, sizeof fa, "wide (total)");
        snprintf(fb, sizeof fb, "narrow (limited)");
        break;
    case T_POLARITY:
        add(a, "The %s coast guard detained the %s cargo ship %s Star.", s->c1, s->good, s->place);
        add(b, "The %s coast guard did not detain the %s cargo ship %s Star.", s->c1, s->good,
            s->place);
        snprintf(fa, sizeof fa, "detain: affirmed");
        snprintf(fb, sizeof fb, "detain: negated");
        break;
    case T_ATTRIBUTION: {
        char q[LINE_MAX];
        snprintf(q, sizeof q, GEN_PICK(r, quotes), s->place);
        add(a, "\u201c%s,\u201d said %s.", q, s->speaker[0]);
        add(b, "\u201c%s,\u201d said %s.", q, s->speaker[1]);
        snprintf(fa, sizeof fa, "speaker %s", s->speaker[0]);
        snprintf(fb, sizeof fb, "speaker %s", s->speaker[1]);
        break;
    }
    }
    fprintf(truth, "conflict\t%s\t%s\t%s\t%s\t%s\n", type_names[type], a->id, b->id, fa, fb);
}

static size_t country_index(const char *c)
{
    size_t i = 0;
    while (i + 1 < sizeof countries / sizeof *countries && countries[i] != c)
        i++;
    return i;
}

static int withdrawal_year(const char *from, const char *to)
{
    return 2010 + (int)((country_index(from) * 7 + country_index(to) * 3) % 11);
}

/* ---- planted near-misses (articles c and d) ------------------------------------------------ */

static void plant_near_miss(story *s, gen_rng *r, int type, FILE *truth)
{
    article *c = &s->art[2], *d = &s->art[3];
    const char *id_d = d->id;
    char fa[LINE_MAX] = "", fb[LINE_MAX] = "";
    switch (type) {
    case T_ROLE:
        add(c, "%s, the ministry's Deputy Director for Water Affairs, toured the %s reservoir.",
            s->person, s->place);
        add(d, "%s, a senior %s official, toured the %s reservoir.", s->surname, s->c1, s->place);
        snprintf(fa, sizeof fa, "Deputy Director for Water Affairs");
        snprintf(fb, sizeof fb, "a senior official");
        break;
    case T_TIME: {
        /* the years hang on the countries, so that two stories never date one withdrawal
         * differently (that would be a true conflict between them) */
        int y = withdrawal_year(s->c1, s->c2), y3 = withdrawal_year(s->c1, s->c3);
        add(c, "%s withdrew its troops from %s in %d.", s->c1, s->c2, y);
        add(d, "%s withdrew its troops from %s in %d.", s->c1, s->c3, y3);
        snprintf(fa, sizeof fa, "%s %d", s->c2, y);
        snprintf(fb, sizeof fb, "%s %d", s->c3, y3);
        break;
    }
    case T_WEEKDAY:
        c->dct = -1; /* unknown DCT, and no dated account of the gathering anywhere */
        add(c, "Dozens of fishermen gathered outside the %s harbour office on %s.", s->place,
            GEN_PICK(r, weekdays));
        id_d = "";
        snprintf(fa, sizeof fa, "weekday, unknown DCT");
        break;
    case T_NUMBER: {
        int n = 30 + (int)(gen_next(r) % 50);
        if (gen_next(r) % 2) {
            add(c, "Rioters set fire to at least %d %s stalls in %s.", n, s->good, s->place);
            add(d, "Rioters set fire to %d %s stalls in %s.", n, s->good, s->place);
            snprintf(fa, sizeof fa, "at least %d", n);
            snprintf(fb, sizeof fb, "%d", n);
        } else {
            add(c, "A convoy of more than %d %s trucks reached %s.", n * 5, s->good, s->place);
            add(d, "A convoy of %d %s trucks reached %s.", n * 5 + 3 + n % 40, s->good, s->place);
            snprintf(fa, sizeof fa, "more than %d", n * 5);
            snprintf(fb, sizeof fb, "%d", n * 5 + 3 + n % 40);
        }
        break;
    }
    case T_SET: {
        const char *m2 = minerals[(s->k + 3) % 8], *m3 = minerals[(s->k + 5) % 8];
        add(c, "The hills around %s hold deposits including %s, %s and %s.", s->place, s->mineral,
            m2, m3);
        add(d, "Miners near %s dig for metals such as %s, %s and %s.", s->place, m3,
            minerals[(s->k + 6) % 8], s->mineral);
        snprintf(fa, sizeof fa, "example list (including)");
        snprintf(fb, sizeof fb, "example list (such as)");
        break;
    }
    case T_SCOPE:
        add(c, "%s said it would ban %s %s imports from %s.", s->c1, s->place, s->good, s->c2);
        add(d, "%s now bars entry to %s %s from %s.", s->c1, s->place, s->good, s->c2);
        snprintf(fa, sizeof fa, "ban");
        snprintf(fb, sizeof fb, "bar entry");
        break;
    case T_POLARITY:
        add(c, "%s did not expel the %s diplomats from %s.", s->c1, s->c2, s->place);
        add(d, "%s expelled the %s traders from %s.", s->c1, s->c3, s->place);
        snprintf(fa, sizeof fa, "expel %s: negated", s->c2);
        snprintf(fb, sizeof fb, "expel %s: affirmed", s->c3);
        break;
    case T_ATTRIBUTION:
        add(c, "Long queues have formed at the bakeries of %s, residents said.", s->place);
        add(d, "Long queues have formed at the bakeries of %s.", s->place);
        snprintf(fa, sizeof fa, "attributed (residents said)");
        snprintf(fb, sizeof fb, "narrated");
        break;
    }
    fprintf(truth, "nearmiss\t%s\t%s\t%s\t%s\t%s\n", type_names[type], c->id, id_d, fa, fb);
}

/* ---- background and writing --------------------------------------------------------------- */

static void add_background(story *s, gen_rng *r, article *a)
{
    /* distinct frames: one article does not describe the mood twice */
    size_t nb = sizeof background / sizeof *background, first = gen_next(r) % nb;
    int n = 2 + (int)(gen_next(r) % 3);
    for (int i = 0; i < n; i++)
        add(a, background[(first + (size_t)i) % nb], s->place, GEN_PICK(r, moods));
    if (gen_next(r) % 2)
        add(a, "%s is expected to visit %s again soon.", s->person, s->place);
    add(a, "%s", GEN_PICK(r, stock));
}

static void shuffle(gen_rng *r, article *a)
{
    for (int i = a->n - 1; i > 0; i--) {
        int j = (int)(gen_next(r) % (unsigned)(i + 1));
        char tmp[LINE_MAX];
        memcpy(tmp, a->lines[i], LINE_MAX);
        memcpy(a->lines[i], a->lines[j], LINE_MAX);
        memcpy(a->lines[j], tmp, LINE_MAX);
    }
}

static int write_article(const char *dir, const story *s, gen_rng *r, const article *a)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s.md", dir, a->id);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    const char *outlet = GEN_PICK(r, outlets);
    if (a->dct >= 0) {
        int y, m, d;
        cc_civil_from_days(a->dct, &y, &m, &d);
        fprintf(f, "---\ndate: %04d-%02d-%02d\noutlet: %s\n---\n", y, m, d, outlet);
    } else if (!a->no_meta)
        fprintf(f, "---\ndate: unknown\noutlet: %s\n---\n", outlet);
    fprintf(f, GEN_PICK(r, headlines), s->place, s->surname);
    fputs("\n\n", f);
    for (int i = 0; i < a->n; i++) {
        int end = i % 3 == 2 || i == a->n - 1;
        fprintf(f, "%s%s", a->lines[i], end ? "\n\n" : " ");
        if (end && gen_next(r) % 3 == 0) { /* a boilerplate line, alone between paragraphs */
            fprintf(f, GEN_PICK(r, boilerplate), s->place);
            fputs("\n\n", f);
        }
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int generate(long n, uint64_t seed, const char *out)
{
    char dir[1024], tpath[1024];
    snprintf(dir, sizeof dir, "%s/corpus", out);
    snprintf(tpath, sizeof tpath, "%s/truth.tsv", out);
    if ((mkdir(out, 0777) < 0 && errno != EEXIST) || (mkdir(dir, 0777) < 0 && errno != EEXIST)) {
        fprintf(stderr, "gen_corpus: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    FILE *truth = fopen(tpath, "w");
    if (!truth) {
        fprintf(stderr, "gen_corpus: cannot write %s\n", tpath);
        return 1;
    }
    fprintf(truth, "kind\ttype\tdoc_a\tdoc_b\tfact_a\tfact_b\n");
    gen_rng r = {seed ? seed : 1};
    story *s = malloc(sizeof *s);
    int rc = s ? 0 : 1;
    for (long k = 0; rc == 0 && k * ARTICLES < n; k++) {
        story_init(s, &r, (int)k);
        int nart = n - k * ARTICLES < ARTICLES ? (int)(n - k * ARTICLES) : ARTICLES;
        /* Every type in turn; the near-miss type walks at another pace so pairs vary. */
        if (nart >= 2)
            plant_conflict(s, &r, (int)(k % NTYPES), truth);
        if (nart >= 4)
            plant_near_miss(s, &r, (int)((k / NTYPES + k * 3) % NTYPES), truth);
        for (int i = 0; i < nart && rc == 0; i++) {
            add_background(s, &r, &s->art[i]);
            shuffle(&r, &s->art[i]);
            rc = write_article(dir, s, &r, &s->art[i]);
        }
    }
    free(s);
    if (fclose(truth) != 0 || rc != 0) {
        fprintf(stderr, "gen_corpus: writing %s failed\n", out);
        return 1;
    }
    return 0;
}

/* ---- scoring ------------------------------------------------------------------------------ */

typedef struct {
    int conflict, type, hit;
    char a[64], b[64];
} planted;

/* The file name without directories or extension, as the truth names documents. */
static void doc_name(char *out, size_t size, const char *id)
{
    const char *slash = strrchr(id, '/');
    snprintf(out, size, "%s", slash ? slash + 1 : id);
    char *dot = strrchr(out, '.');
    if (dot)
        *dot = '\0';
}

static int type_index(const char *name)
{
    for (int t = 0; t < NTYPES; t++)
        if (strcmp(type_names[t], name) == 0)
            return t;
    return -1;
}

/* Splits a TSV line in place into at most max fields; returns how many. */
static int split_tab(char *line, char **field, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    while (n < max && line) {
        field[n++] = line;
        line = strchr(line, '\t');
        if (line)
            *line++ = '\0';
    }
    return n;
}

static size_t read_truth(planted **out, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[2048], *field[6];
    size_t n = 0, cap = 0;
    *out = NULL;
    while (f && fgets(line, sizeof line, f)) {
        if (split_tab(line, field, 6) < 4 || strcmp(field[0], "kind") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            planted *p = realloc(*out, cap * sizeof *p);
            if (!p)
                break;
            *out = p;
        }
        planted *p = &(*out)[n++];
        p->conflict = strcmp(field[0], "conflict") == 0;
        p->type = type_index(field[1]);
        p->hit = 0;
        snprintf(p->a, sizeof p->a, "%s", field[2]);
        snprintf(p->b, sizeof p->b, "%s", field[3]);
    }
    if (f)
        fclose(f);
    return n;
}

/* 1 when the reported pair (x, y) is the planted pair (or touches the one planted document). */
static int same_docs(const planted *p, const char *x, const char *y)
{
    if (!p->b[0])
        return strcmp(p->a, x) == 0 || strcmp(p->a, y) == 0;
    return (strcmp(p->a, x) == 0 && strcmp(p->b, y) == 0) ||
           (strcmp(p->a, y) == 0 && strcmp(p->b, x) == 0);
}

static const char *str_or_empty(const json_t *j)
{
    const char *s = json_string_value(j);
    return s ? s : "";
}

static int score(const char *truth_path, const char *report_path)
{
    planted *p = NULL;
    size_t np = read_truth(&p, truth_path);
    json_error_t err;
    json_t *report = json_load_file(report_path, 0, &err);
    if (!np || !report) {
        fprintf(stderr, "gen_corpus: cannot read %s or %s (%s)\n", truth_path, report_path,
                report ? "no truth" : err.text);
        free(p);
        json_decref(report);
        return 1;
    }
    json_t *conflicts = json_object_get(report, "conflicts"), *c;
    size_t i, unplanted = 0, implied = 0;
    json_array_foreach(conflicts, i, c) {
        json_t *claims = json_object_get(c, "claims");
        int type = type_index(str_or_empty(json_object_get(c, "type")));
        char x[64], y[64];
        doc_name(x, sizeof x, str_or_empty(json_object_get(json_array_get(claims, 0), "doc")));
        doc_name(y, sizeof y, str_or_empty(json_object_get(json_array_get(claims, 1), "doc")));
        int matched = 0, near = 0;
        for (size_t j = 0; j < np; j++) {
            if (p[j].type == type && same_docs(&p[j], x, y)) {
                p[j].hit = 1;
                matched |= p[j].conflict;
            }
            near |= p[j].conflict && p[j].b[0] && same_docs(&p[j], x, y);
        }
        implied += !matched && near;
        unplanted += !matched && !near;
    }
    size_t nc = 0, hits = 0, nn = 0, flagged = 0, by_type[NTYPES][2] = {{0}};
    for (size_t j = 0; j < np; j++) {
        if (p[j].type < 0)
            continue;
        if (p[j].conflict) {
            nc++, hits += (size_t)p[j].hit;
            by_type[p[j].type][0]++, by_type[p[j].type][1] += (size_t)p[j].hit;
        } else
            nn++, flagged += (size_t)p[j].hit;
    }
    printf("planted_conflicts\t%zu\nfound\t%zu\nrecall\t%.4f\n", nc, hits,
           nc ? (double)hits / (double)nc : 0.0);
    printf("planted_near_misses\t%zu\nflagged\t%zu\nnear_miss_rate\t%.4f\n", nn, flagged,
           nn ? (double)flagged / (double)nn : 0.0);
    printf("reported\t%zu\nimplied\t%zu\nunplanted\t%zu\n", json_array_size(conflicts), implied,
           unplanted);
    for (int t = 0; t < NTYPES; t++)
        printf("recall_%s\t%zu/%zu\n", type_names[t], by_type[t][1], by_type[t][0]);
    free(p);
    json_decref(report);
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: gen_corpus [-s SEED] N OUTDIR\n"
                    "       gen_corpus --score TRUTH.tsv REPORT.json\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--score") == 0)
        return score(argv[2], argv[3]);
    uint64_t seed = 42;
    int i = 1;
    if (argc > 2 && strcmp(argv[1], "-s") == 0) {
        seed = strtoull(argv[2], NULL, 10);
        i = 3;
    }
    if (argc - i != 2)
        return usage();
    char *end;
    long n = strtol(argv[i], &end, 10);
    if (*end || n < 1)
        return usage();
    return generate(n, seed, argv[i + 1]);
}
