/*
 * pair_lexicon.c: the data the pair features look words up in: the word lists of
 * models/pair_words.txt (stop words, negation cues, hedges, role status modifiers, months,
 * weekdays) merged with the segmenter's verbs of saying, the WordNet synset cache, and the
 * idf table of a model. It computes no feature (pair_features.c does).
 */
#include <math.h>
#include <string.h>
#include <wn.h>

#include "pairs.h"
#include "segment.h"

static int lex_grow(struct cc_pair_lexicon *lex);

static pw_entry *lex_slot(const struct cc_pair_lexicon *lex, uint64_t key)
{
    size_t j = key & (lex->cap - 1);
    while (lex->tab[j].key && lex->tab[j].key != key)
        j = (j + 1) & (lex->cap - 1);
    return &lex->tab[j];
}

const pw_entry *pw_lookup(const struct cc_pair_lexicon *lex, uint64_t key)
{
    if (!lex || !lex->cap)
        return NULL;
    const pw_entry *e = lex_slot(lex, key);
    return e->key ? e : NULL;
}

/* Adds classes to a word; returns 1 when the word already had one of them. */
static int lex_put(struct cc_pair_lexicon *lex, const char *word, uint16_t cls, uint8_t value)
{
    if (2 * (lex->n + 1) > lex->cap && lex_grow(lex) < 0)
        return -1;
    uint64_t key = pw_hash(word, strlen(word));
    pw_entry *e = lex_slot(lex, key);
    if (!e->key) {
        e->key = key;
        lex->n++;
    }
    if (e->classes & cls)
        return 1;
    e->classes |= cls;
    if (value)
        e->value = value;
    return 0;
}

static int lex_grow(struct cc_pair_lexicon *lex)
{
    size_t cap = lex->cap ? lex->cap * 2 : 512;
    pw_entry *old = lex->tab;
    size_t oldcap = lex->cap;
    lex->tab = cc_xcalloc(cap, sizeof *lex->tab);
    if (!lex->tab) {
        lex->tab = old;
        return -1;
    }
    lex->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *lex_slot(lex, old[i].key) = old[i];
    free(old);
    return 0;
}

static const struct {
    const char *name;
    uint16_t cls;
    int max_value; /* 0: no value column */
} classes[] = {
    {"stop", PW_STOP, 0},       {"negation", PW_NEGATION, 0}, {"hedge", PW_HEDGE, 0},
    {"role", PW_ROLE, 8},       {"month", PW_MONTH, 12},      {"weekday", PW_WEEKDAY, 7},
    {"attrib", PW_ATTRIB, 0},   {"quote", PW_QUOTE, 0},       {"multiplier", PW_MULTIPLIER, 12},
};

static int load_line(struct cc_pair_lexicon *lex, cc_datafile *df)
{
    size_t k = 0;
    while (k < sizeof classes / sizeof classes[0] && strcmp(classes[k].name, df->fields[0]) != 0)
        k++;
    if (k == sizeof classes / sizeof classes[0])
        return cc_datafile_error(df, "unknown class '%s'", df->fields[0]);
    int want = classes[k].max_value ? 3 : 2;
    if (df->nfields != want)
        return cc_datafile_error(df, "class %s takes %d fields, found %d", classes[k].name,
                                 want, df->nfields);
    long value = 0;
    if (want == 3) {
        char *end;
        value = strtol(df->fields[2], &end, 10);
        if (*end || value < 1 || value > classes[k].max_value)
            return cc_datafile_error(df, "value '%s' is not 1-%d", df->fields[2],
                                     classes[k].max_value);
    }
    int r = lex_put(lex, df->fields[1], classes[k].cls, (uint8_t)value);
    if (r < 0)
        return cc_seterr(CC_ENOMEM, "out of memory");
    if (r > 0)
        return cc_datafile_error(df, "'%s' is listed twice as %s", df->fields[1],
                                 classes[k].name);
    return 0;
}

/* The verbs of saying are the segment stage's list: one list of them in models/. */
static int add_speech_verbs(struct cc_pair_lexicon *lex, const struct cc_seg_lexicon *seg)
{
    for (size_t i = 0; i < seg->speech.cap; i++)
        if (seg->speech.keys[i] && lex_put(lex, seg->speech.keys[i], PW_SPEECH, 0) < 0)
            return cc_seterr(CC_ENOMEM, "out of memory");
    return 0;
}

int cc_pairs_init(struct cc_context *ctx)
{
    struct cc_pair_lexicon *lex = cc_xcalloc(1, sizeof *lex);
    if (!lex)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ctx->pairs = lex;
    cc_datafile df;
    int rc = cc_datafile_open(&df, ctx->models_dir, "pair_words.txt");
    if (rc < 0)
        return rc;
    cc_context_hash_file(ctx, df.data, df.len);
    while ((rc = cc_datafile_next(&df)) > 0 && (rc = load_line(lex, &df)) == 0)
        ;
    cc_datafile_close(&df);
    if (rc == 0)
        rc = add_speech_verbs(lex, ctx->seg);
    return rc;
}

void cc_pairs_fini(struct cc_context *ctx)
{
    if (!ctx->pairs)
        return;
    free(ctx->pairs->tab);
    free(ctx->pairs);
    ctx->pairs = NULL;
}

/* ---- WordNet ------------------------------------------------------------------------------ */

/* The first senses of each part of speech only: rare senses make unrelated words synonyms. */
enum { WN_SENSES = 3, WN_MAX_SYN = 48, WN_MAX_WORD = 64 };

typedef struct {
    uint64_t key;
    uint32_t *syn;
    uint8_t n;
} wn_entry;

static struct {
    pthread_mutex_t lock;
    int state; /* 0 not tried, 1 ready, -1 failed */
    wn_entry *tab;
    size_t cap, n;
} wn = {PTHREAD_MUTEX_INITIALIZER, 0, NULL, 0, 0};

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void add_index(uint32_t *syn, int *n, char *lemma, int pos)
{
    IndexPtr idx = index_lookup(lemma, pos);
    if (!idx)
        return;
    for (int i = 0; i < idx->off_cnt && i < WN_SENSES && *n < WN_MAX_SYN; i++)
        syn[(*n)++] = (uint32_t)(idx->offset[i] << 2 | (unsigned long)(pos - 1));
    free_index(idx);
}

/* Looks the word up in WordNet (caller holds the lock). */
static int wn_fetch(uint32_t *syn, const char *word, size_t len)
{
    char buf[WN_MAX_WORD];
    int n = 0;
    memcpy(buf, word, len);
    buf[len] = '\0';
    for (int pos = NOUN; pos <= ADV; pos++) {
        add_index(syn, &n, buf, pos);
        for (char *base = morphstr(buf, pos); base; base = morphstr(NULL, pos)) {
            char copy[WN_MAX_WORD];
            snprintf(copy, sizeof copy, "%s", base); /* morphstr's buffer is static */
            if (strcmp(copy, buf) != 0)
                add_index(syn, &n, copy, pos);
        }
    }
    qsort(syn, (size_t)n, sizeof *syn, u32_cmp);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (m == 0 || syn[m - 1] != syn[i])
            syn[m++] = syn[i];
    return m;
}

static wn_entry *wn_slot(uint64_t key)
{
    size_t j = key & (wn.cap - 1);
    while (wn.tab[j].key && wn.tab[j].key != key)
        j = (j + 1) & (wn.cap - 1);
    return &wn.tab[j];
}

static int wn_grow(void)
{
    size_t cap = wn.cap ? wn.cap * 2 : 4096;
    wn_entry *tab = cc_xcalloc(cap, sizeof *tab);
    if (!tab)
        return -1;
    wn_entry *old = wn.tab;
    size_t oldcap = wn.cap;
    wn.tab = tab;
    wn.cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *wn_slot(old[i].key) = old[i];
    free(old);
    return 0;
}

/* The WordNet library prints its errors to stderr; the library never prints. */
static int wn_silent(char *msg)
{
    (void)msg;
    return -1;
}

static int wn_lookup_locked(const uint32_t **syn, uint8_t *n, const char *word, size_t len)
{
    if (wn.state == 0) {
        display_message = wn_silent;
        wn.state = wninit() == 0 ? 1 : -1;
    }
    if (wn.state < 0)
        return cc_seterr(CC_EIO, "WordNet data not found (install the Debian package "
                                 "'wordnet-base', or set WNHOME)");
    uint64_t key = pw_hash(word, len);
    if (2 * (wn.n + 1) > wn.cap && wn_grow() < 0)
        return cc_seterr(CC_ENOMEM, "out of memory");
    wn_entry *e = wn_slot(key);
    if (!e->key) {
        uint32_t buf[WN_MAX_SYN];
        int m = wn_fetch(buf, word, len);
        e->syn = m ? malloc((size_t)m * sizeof *buf) : NULL;
        if (m && !e->syn)
            return cc_seterr(CC_ENOMEM, "out of memory");
        if (m)
            memcpy(e->syn, buf, (size_t)m * sizeof *buf);
        e->n = (uint8_t)m;
        e->key = key;
        wn.n++;
    }
    *syn = e->syn;
    *n = e->n;
    return 0;
}

int pair_wordnet_synsets(const uint32_t **syn, uint8_t *n, const char *word, size_t len)
{
    *syn = NULL;
    *n = 0;
    if (len == 0 || len >= WN_MAX_WORD)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((word[i] >= 'a' && word[i] <= 'z') || word[i] == '-'))
            return 0; /* WordNet's index is ASCII lower case */
    pthread_mutex_lock(&wn.lock);
    int rc = wn_lookup_locked(syn, n, word, len);
    pthread_mutex_unlock(&wn.lock);
    return rc;
}

/* ---- idf table ---------------------------------------------------------------------------- */

static size_t idf_slot(const pair_idf *t, uint64_t key)
{
    size_t j = key & (t->cap - 1);
    while (t->keys[j] && t->keys[j] != key)
        j = (j + 1) & (t->cap - 1);
    return j;
}

static int idf_grow(pair_idf *t)
{
    pair_idf g = *t;
    g.cap = t->cap ? t->cap * 2 : 1024;
    g.keys = cc_xcalloc(g.cap, sizeof *g.keys);
    g.df = cc_xcalloc(g.cap, sizeof *g.df);
    g.words = cc_xcalloc(g.cap, sizeof *g.words);
    if (!g.keys || !g.df || !g.words) {
        free(g.keys);
        free(g.df);
        free(g.words);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->keys[i])
            continue;
        size_t j = idf_slot(&g, t->keys[i]);
        g.keys[j] = t->keys[i];
        g.df[j] = t->df[i];
        g.words[j] = t->words[i];
    }
    free(t->keys);
    free(t->df);
    free(t->words);
    *t = g;
    return 0;
}

int pair_idf_add(pair_idf *t, const char *stem, uint32_t df)
{
    if (2 * (t->n + 1) > t->cap && idf_grow(t) < 0)
        return cc_seterr(CC_ENOMEM, "out of memory");
    uint64_t key = pw_hash(stem, strlen(stem));
    size_t j = idf_slot(t, key);
    if (!t->keys[j]) {
        t->keys[j] = key;
        t->n++;
        if (!(t->words[j] = cc_strdup(stem)))
            return cc_seterr(CC_ENOMEM, "out of memory");
    }
    t->df[j] += df;
    return 0;
}

uint32_t pair_idf_df(const pair_idf *t, uint64_t key)
{
    if (!t->cap)
        return 0;
    size_t j = idf_slot(t, key);
    return t->keys[j] ? t->df[j] : 0;
}

double pair_idf_weight(const pair_idf *t, uint64_t key)
{
    if (!t || !t->ndocs)
        return 1.0;
    return log((t->ndocs + 1.0) / (pair_idf_df(t, key) + 1.0)) + 1.0;
}

void pair_idf_free(pair_idf *t)
{
    for (size_t i = 0; t->words && i < t->cap; i++)
        free(t->words[i]);
    free(t->words);
    free(t->keys);
    free(t->df);
    memset(t, 0, sizeof *t);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int pair_idf_write(const pair_idf *t, cc_buf *out)
{
    char **order = cc_xcalloc(t->n + 1, sizeof *order);
    if (!order)
        return cc_seterr(CC_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->keys[i])
            order[k++] = t->words[i];
    qsort(order, k, sizeof *order, str_cmp);
    cc_buf_printf(out, "# crosscheck idf table: document frequencies of stems\nN\t%u\n",
                  (unsigned)t->ndocs);
    for (size_t i = 0; i < k; i++)
        cc_buf_printf(out, "%s\t%u\n", order[i],
                      (unsigned)pair_idf_df(t, pw_hash(order[i], strlen(order[i]))));
    free(order);
    return out->oom ? cc_seterr(CC_ENOMEM, "out of memory") : 0;
}

/* One "stem<TAB>df" line of an idf file. */
static int idf_line(pair_idf *t, const char *path, long line, char *s)
{
    char *tab = strchr(s, '\t');
    if (!tab || tab == s)
        return cc_seterr(CC_EINPUT, "%s:%ld: expected 'stem<TAB>count'", path, line);
    *tab = '\0';
    char *end;
    unsigned long v = strtoul(tab + 1, &end, 10);
    if (end == tab + 1 || *end || v > UINT32_MAX || (line > 2 && v == 0))
        return cc_seterr(CC_EINPUT, "%s:%ld: '%s' is not a count", path, line, tab + 1);
    if (strcmp(s, "N") == 0 && line == 2) {
        t->ndocs = (uint32_t)v;
        return 0;
    }
    if (line == 2)
        return cc_seterr(CC_EINPUT, "%s:2: expected 'N<TAB>count' first", path);
    if (pair_idf_df(t, pw_hash(s, strlen(s))))
        return cc_seterr(CC_EINPUT, "%s:%ld: '%s' is listed twice", path, line, s);
    if (v > t->ndocs)
        return cc_seterr(CC_EINPUT, "%s:%ld: count %lu exceeds N", path, line, v);
    return pair_idf_add(t, s, (uint32_t)v);
}

int pair_idf_read(pair_idf *t, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    memset(t, 0, sizeof *t);
    int rc = cc_read_file(path, &data, &len);
    if (rc < 0)
        return rc;
    long line = 0;
    char *p = data;
    if (len == 0 || data[len - 1] != '\n')
        rc = cc_seterr(CC_EINPUT, "%s: empty or truncated (no final newline)", path);
    while (rc == 0 && p < data + len) {
        char *nl = memchr(p, '\n', (size_t)(data + len - p));
        *nl = '\0';
        line++;
        if (line == 1 && strncmp(p, "# crosscheck idf", 16) != 0)
            rc = cc_seterr(CC_EINPUT, "%s:1: not a crosscheck idf table", path);
        else if (line > 1)
            rc = idf_line(t, path, line, p);
        p = nl + 1;
    }
    if (rc == 0 && line < 2)
        rc = cc_seterr(CC_EINPUT, "%s: no 'N' line", path);
    free(data);
    if (rc < 0)
        pair_idf_free(t);
    return rc;
}
