/*
 * claims_lex.c: the data of the claims stage, loaded once per context and validated (errors
 * name file:line): cue words by class (models/claims/words.tsv), the gazetteer of aliases
 * (models/claims/gazetteer.tsv), the country names of Debian's iso-codes package and the
 * verb lemmas of WordNet (index.verb, verb.exc), both read where models/claims/sources.tsv
 * says. Every file's bytes go into the lexicon checksum. It extracts nothing itself.
 */
#include <jansson.h>
#include <string.h>
#include <utf8proc.h>

#include "claims.h"

static const char *const class_names[CL_NCLASSES] = {
    "title",    "status",   "title_mod", "hedge",         "hedge_block",  "negation",
    "neg_except", "approx", "number",    "scale",         "unit",         "list_complete",
    "list_example", "say",  "say_bare", "directive", "pronoun",       "function",     "aux",
    "nonname",  "org_cue",  "place_cue", "clause_rel",    "clause_conj",  "low_worth",
    "age_cue",  "locative", "article",   "determiner",    "anaphor",      "relative",
    "particle", "org_link", "passive",   "say_block",     "list_after"};

/* ---- map ---------------------------------------------------------------------------------- */

void *cl_map_get(const cl_map *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    size_t j = cc_fnv1a(key, len, CC_FNV_SEED) & (m->cap - 1);
    for (; m->keys[j]; j = (j + 1) & (m->cap - 1))
        if (strncmp(m->keys[j], key, len) == 0 && m->keys[j][len] == '\0')
            return m->vals[j];
    return NULL;
}

static int map_grow(cl_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    char **keys = cc_xcalloc(cap, sizeof *keys);
    void **vals = cc_xcalloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = cc_fnv1a(m->keys[i], strlen(m->keys[i]), CC_FNV_SEED) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

/* Room for n entries without growing (each growth hashes every key again). */
static int map_reserve(cl_map *m, size_t n)
{
    while ((n + 1) * 2 > m->cap)
        if (map_grow(m) < 0)
            return CC_ENOMEM;
    return 0;
}

/* Inserts or replaces key's value. */
int cl_map_put(cl_map *m, const char *key, void *val)
{
    size_t len = strlen(key);
    if ((m->n + 1) * 2 > m->cap && map_grow(m) < 0)
        return CC_ENOMEM;
    size_t j = cc_fnv1a(key, len, CC_FNV_SEED) & (m->cap - 1);
    for (; m->keys[j]; j = (j + 1) & (m->cap - 1))
        if (strcmp(m->keys[j], key) == 0) {
            m->vals[j] = val;
            return 0;
        }
    if (!(m->keys[j] = cc_arena_strndup(&m->strings, key, len)))
        return cc_seterr(CC_ENOMEM, "out of memory");
    m->vals[j] = val;
    m->n++;
    return 0;
}

static void map_free(cl_map *m)
{
    cc_arena_free(&m->strings);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- phrases ------------------------------------------------------------------------------ */

/* Case-folds s (NFC) into the arena. */
static char *fold(cc_arena *a, const char *s)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
                                      UTF8PROC_NULLTERM | UTF8PROC_CASEFOLD |
                                          UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (n < 0)
        return NULL;
    char *out = cc_arena_strndup(a, (const char *)mapped, (size_t)n);
    free(mapped);
    return out;
}

static cl_word *word_entry(struct cc_claims_lex *lex, const char *key)
{
    cl_word *w = cl_map_get(&lex->words, key, strlen(key));
    if (w)
        return w;
    w = cc_arena_alloc(&lex->arena, sizeof *w);
    if (!w)
        return NULL;
    memset(w, 0, sizeof *w);
    return cl_map_put(&lex->words, key, w) < 0 ? NULL : w;
}

/* Adds phrase to class cls, and marks every shorter prefix (at a space) as a prefix. */
static int add_word(struct cc_claims_lex *lex, const char *phrase, int cls, const char *value)
{
    cl_word *w = word_entry(lex, phrase);
    if (!w)
        return cc_seterr(CC_ENOMEM, "out of memory");
    w->mask |= (uint64_t)1 << cls;
    w->value[cls] = value;
    char buf[256];
    size_t len = strlen(phrase);
    for (size_t i = 1; i < len && i < sizeof buf; i++) {
        if (phrase[i] != ' ')
            continue;
        memcpy(buf, phrase, i);
        buf[i] = '\0';
        cl_word *p = word_entry(lex, buf);
        if (!p)
            return cc_seterr(CC_ENOMEM, "out of memory");
        p->prefix |= (uint64_t)1 << cls;
    }
    return 0;
}

static int class_find(const char *name)
{
    for (int i = 0; i < CL_NCLASSES; i++)
        if (strcmp(class_names[i], name) == 0)
            return i;
    return -1;
}

/* The value a class requires, checked; NULL value when the class takes none. */
static int check_value(const cc_datafile *df, int cls, const char *value)
{
    static const char *const statuses[] = {"current", "former", "acting", "elect"};
    static const char *const approx[] = {"exact", "about", "at_least", "at_most",
                                         "more_than", "nearly"};
    const char *const *set = NULL;
    size_t nset = 0;
    if (cls == CL_STATUS)
        set = statuses, nset = 4;
    else if (cls == CL_APPROX)
        set = approx, nset = 6;
    if (set) {
        for (size_t i = 0; value && i < nset; i++)
            if (strcmp(value, set[i]) == 0)
                return 0;
        return cc_datafile_error(df, "class %s needs a value (e.g. %s), found '%s'",
                                 class_names[cls], set[0], value ? value : "");
    }
    if (cls == CL_NUMBER || cls == CL_SCALE) {
        char *end = NULL;
        if (!value || strtod(value, &end) <= 0 || *end)
            return cc_datafile_error(df, "class %s needs a positive number", class_names[cls]);
    }
    if (cls == CL_UNIT && !value)
        return cc_datafile_error(df, "class unit needs the unit's name");
    return 0;
}

static int load_words(cc_context *ctx, struct cc_claims_lex *lex)
{
    cc_datafile df;
    int rc = cc_datafile_open(&df, ctx->models_dir, "claims/words.tsv");
    if (rc < 0)
        return rc;
    cc_context_hash_file(ctx, df.data, df.len);
    while ((rc = cc_datafile_next(&df)) > 0) {
        if (df.nfields < 2 || df.nfields > 3) {
            rc = cc_datafile_error(&df, "expected class, phrase [, value]");
            break;
        }
        int cls = class_find(df.fields[0]);
        if (cls < 0) {
            rc = cc_datafile_error(&df, "unknown class '%s'", df.fields[0]);
            break;
        }
        const char *value = df.nfields == 3 ? df.fields[2] : NULL;
        if ((rc = check_value(&df, cls, value)) < 0)
            break;
        char *phrase = fold(&lex->arena, df.fields[1]);
        char *val = value ? cc_arena_strndup(&lex->arena, value, strlen(value)) : "";
        if (!phrase || !val) {
            rc = cc_seterr(CC_ENOMEM, "out of memory");
            break;
        }
        if (strcmp(phrase, df.fields[1]) != 0) {
            rc = cc_datafile_error(&df, "'%s': phrases are written in lower case", df.fields[1]);
            break;
        }
        const cl_word *old = cl_map_get(&lex->words, phrase, strlen(phrase));
        if (old && (old->mask & ((uint64_t)1 << cls))) {
            rc = cc_datafile_error(&df, "'%s' is listed twice in class %s", phrase,
                                   class_names[cls]);
            break;
        }
        if ((rc = add_word(lex, phrase, cls, val)) < 0)
            break;
    }
    cc_datafile_close(&df);
    return rc < 0 ? rc : 0;
}

/* ---- gazetteer ---------------------------------------------------------------------------- */

static int type_find(const char *name)
{
    static const char *const names[] = {"person", "country", "organization", "place"};
    for (int i = 0; i < 4; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* How an alias must be written in the text: "US" only in capitals (not "us"), "Mali"
 * capitalized, "al Qaeda" as is. */
static int case_mode(const char *alias)
{
    int upper = 0, lower = 0, dot = 0;
    for (const char *p = alias; *p; p++) {
        upper += *p >= 'A' && *p <= 'Z';
        lower += *p >= 'a' && *p <= 'z';
        dot += *p == '.';
    }
    if (upper > 1 && !lower && !dot)
        return 2;
    return alias[0] >= 'a' && alias[0] <= 'z' ? 0 : 1;
}

/* Adds an alias; 1 when it was already given to another id (the first one stays). */
static int add_alias(struct cc_claims_lex *lex, const char *alias, const char *id, int type)
{
    char *key = fold(&lex->arena, alias);
    if (!key)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cl_alias *a = cl_map_get(&lex->aliases, key, strlen(key));
    if (a && a->complete)
        return strcmp(a->id, id) != 0;
    if (!a) {
        if (!(a = cc_arena_alloc(&lex->arena, sizeof *a)) ||
            cl_map_put(&lex->aliases, key, a) < 0)
            return cc_seterr(CC_ENOMEM, "out of memory");
    }
    a->id = id;
    a->type = type;
    a->case_mode = case_mode(alias);
    a->complete = 1;
    for (char *p = key; *p; p++) {
        if (*p != ' ')
            continue;
        *p = '\0';
        if (!cl_map_get(&lex->aliases, key, strlen(key))) {
            cl_alias *pre = cc_arena_alloc(&lex->arena, sizeof *pre);
            if (!pre)
                return cc_seterr(CC_ENOMEM, "out of memory");
            memset(pre, 0, sizeof *pre);
            if (cl_map_put(&lex->aliases, key, pre) < 0)
                return CC_ENOMEM;
        }
        *p = ' ';
    }
    return 0;
}

static int load_gazetteer(cc_context *ctx, struct cc_claims_lex *lex)
{
    cc_datafile df;
    int rc = cc_datafile_open(&df, ctx->models_dir, "claims/gazetteer.tsv");
    if (rc < 0)
        return rc;
    cc_context_hash_file(ctx, df.data, df.len);
    while ((rc = cc_datafile_next(&df)) > 0) {
        int type = df.nfields >= 3 ? type_find(df.fields[1]) : -1;
        const char *colon = strchr(df.fields[0], ':');
        if (type < 0 || !colon || !colon[1]) {
            rc = cc_datafile_error(&df, "expected id (kind:name), type (person, country, "
                                        "organization, place), alias...");
            break;
        }
        char *id = cc_arena_strndup(&lex->arena, df.fields[0], strlen(df.fields[0]));
        if (!id) {
            rc = cc_seterr(CC_ENOMEM, "out of memory");
            break;
        }
        for (int f = 2; f < df.nfields && rc >= 0; f++) {
            int r = add_alias(lex, df.fields[f], id, type);
            if (r == 1)
                rc = cc_datafile_error(&df, "alias '%s' already belongs to another id",
                                       df.fields[f]);
            else if (r < 0)
                rc = r;
        }
        if (rc < 0)
            break;
    }
    cc_datafile_close(&df);
    return rc < 0 ? rc : 0;
}

/* A name of the iso-codes list usable as an alias: "Korea, Republic of" is not. */
static int plain_name(const char *s)
{
    return s && !strpbrk(s, ",()");
}

static int load_iso_countries(cc_context *ctx, struct cc_claims_lex *lex, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (cc_read_file(path, &data, &len) < 0)
        return cc_seterr(CC_EINPUT, "%s: cannot read the country list (install the Debian "
                                    "package 'iso-codes', or fix models/claims/sources.tsv)",
                         path);
    cc_context_hash_file(ctx, data, len);
    json_error_t err;
    json_t *root = json_loadb(data, len, 0, &err);
    free(data);
    json_t *list = root ? json_object_get(root, "3166-1") : NULL;
    if (!json_is_array(list)) {
        json_decref(root);
        return cc_seterr(CC_EINPUT, "%s:%d: not the iso-codes 3166-1 list: %s", path,
                         err.line, root ? "no \"3166-1\" array" : err.text);
    }
    int rc = 0;
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) {
        const char *a2 = json_string_value(json_object_get(c, "alpha_2"));
        if (!a2)
            continue;
        char idbuf[32];
        snprintf(idbuf, sizeof idbuf, "country:%s", a2);
        char *id = cc_arena_strndup(&lex->arena, idbuf, strlen(idbuf));
        if (!id) {
            rc = cc_seterr(CC_ENOMEM, "out of memory");
            break;
        }
        const char *names[] = {json_string_value(json_object_get(c, "name")),
                               json_string_value(json_object_get(c, "common_name"))};
        for (int k = 0; k < 2 && rc >= 0; k++)
            if (plain_name(names[k]) && add_alias(lex, names[k], id, CC_ENT_COUNTRY) < 0)
                rc = CC_ENOMEM; /* an alias the gazetteer already gave keeps its id */
        if (rc < 0)
            break;
    }
    json_decref(root);
    return rc;
}

/* ---- WordNet verbs ------------------------------------------------------------------------ */

static int load_wordnet(cc_context *ctx, struct cc_claims_lex *lex, const char *dir)
{
    static const char *const files[] = {"index.verb", "verb.exc"};
    int rc = 0;
    for (int f = 0; f < 2 && rc == 0; f++) {
        char *path = cc_path_join(dir, files[f]);
        char *data = NULL;
        size_t len = 0;
        if (!path)
            return cc_seterr(CC_ENOMEM, "out of memory");
        if (cc_read_file(path, &data, &len) < 0) {
            rc = cc_seterr(CC_EINPUT, "%s: cannot read WordNet (install the Debian package "
                                      "'wordnet-base', or fix models/claims/sources.tsv)",
                           path);
            free(path);
            break;
        }
        free(path);
        cc_context_hash_file(ctx, data, len);
        size_t lines = 0;
        for (const char *p = data; (p = memchr(p, '\n', len - (size_t)(p - data))); p++)
            lines++;
        rc = map_reserve(f == 0 ? &lex->verbs : &lex->verb_exc, lines);
        for (char *line = data; *line && rc == 0;) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            char *sp = strchr(line, ' ');
            if (line[0] != ' ' && sp && !memchr(line, '_', (size_t)(sp - line))) {
                *sp = '\0';
                if (f == 0) {
                    rc = cl_map_put(&lex->verbs, line, (void *)1);
                } else {
                    char *lemma = sp + 1;
                    char *end = strchr(lemma, ' ');
                    if (end)
                        *end = '\0';
                    char *l = cc_arena_strndup(&lex->arena, lemma, strlen(lemma));
                    rc = l ? cl_map_put(&lex->verb_exc, line, l) : CC_ENOMEM;
                }
            }
            line = nl ? nl + 1 : line + strlen(line);
        }
        free(data);
    }
    return rc;
}

static int load_sources(cc_context *ctx, struct cc_claims_lex *lex)
{
    cc_datafile df;
    int rc = cc_datafile_open(&df, ctx->models_dir, "claims/sources.tsv");
    if (rc < 0)
        return rc;
    cc_context_hash_file(ctx, df.data, df.len);
    int have_iso = 0, have_wn = 0;
    while ((rc = cc_datafile_next(&df)) > 0) {
        if (df.nfields != 2) {
            rc = cc_datafile_error(&df, "expected name and path");
        } else if (strcmp(df.fields[0], "iso_3166-1") == 0) {
            rc = load_iso_countries(ctx, lex, df.fields[1]);
            have_iso = 1;
        } else if (strcmp(df.fields[0], "wordnet") == 0) {
            rc = load_wordnet(ctx, lex, df.fields[1]);
            have_wn = 1;
        } else {
            rc = cc_datafile_error(&df, "unknown source '%s' (iso_3166-1, wordnet)",
                                   df.fields[0]);
        }
        if (rc < 0)
            break;
    }
    if (rc == 0 && (!have_iso || !have_wn))
        rc = cc_datafile_error(&df, "sources iso_3166-1 and wordnet are both required");
    cc_datafile_close(&df);
    return rc < 0 ? rc : 0;
}

int cc_claims_init(struct cc_context *ctx)
{
    struct cc_claims_lex *lex = cc_xcalloc(1, sizeof *lex);
    if (!lex)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ctx->claims = lex;
    int rc = load_words(ctx, lex);
    if (rc == 0)
        rc = load_gazetteer(ctx, lex);
    if (rc == 0)
        rc = load_sources(ctx, lex);
    return rc;
}

void cc_claims_fini(struct cc_context *ctx)
{
    struct cc_claims_lex *lex = ctx->claims;
    if (!lex)
        return;
    map_free(&lex->words);
    map_free(&lex->aliases);
    map_free(&lex->verbs);
    map_free(&lex->verb_exc);
    cc_arena_free(&lex->arena);
    free(lex);
    ctx->claims = NULL;
}

/* ---- look-ups ----------------------------------------------------------------------------- */

size_t cl_base_len(const cc_token *t)
{
    const char *s = t->norm;
    size_t n = strlen(s);
    if (n > 2 && s[n - 1] == 's' && s[n - 2] == '\'')
        return n - 2;
    if (n > 4 && s[n - 1] == 's' && memcmp(s + n - 4, "\xe2\x80\x99", 3) == 0)
        return n - 4;
    return n;
}

/* Appends token t's norm (base form when `base`) to key; 0 when it does not fit. */
static int key_add(char *key, size_t *len, size_t size, const cc_token *t, int base)
{
    size_t n = base ? cl_base_len(t) : strlen(t->norm);
    if (*len + n + 2 > size)
        return 0;
    if (*len)
        key[(*len)++] = ' ';
    memcpy(key + *len, t->norm, n);
    *len += n;
    key[*len] = '\0';
    return 1;
}

const cl_word *cl_word_at(const struct cc_claims_lex *lex, const cc_token *t, size_t i,
                          size_t j)
{
    char key[256];
    size_t len = 0;
    for (size_t k = i; k < j; k++)
        if (!key_add(key, &len, sizeof key, &t[k], 0))
            return NULL;
    return cl_map_get(&lex->words, key, len);
}

size_t cl_match(const struct cc_claims_lex *lex, const cc_token *t, size_t i, size_t end,
                int cls, const char **value)
{
    char key[256];
    size_t len = 0, best = 0;
    for (size_t j = i; j < end && j < i + 8; j++) {
        if (!key_add(key, &len, sizeof key, &t[j], 0))
            break;
        const cl_word *w = cl_map_get(&lex->words, key, len);
        if (!w)
            break;
        if (w->mask & ((uint64_t)1 << cls)) {
            best = j + 1 - i;
            if (value)
                *value = w->value[cls];
        }
        if (!(w->prefix & ((uint64_t)1 << cls)))
            break;
    }
    return best;
}

int cl_is(const struct cc_claims_lex *lex, const cc_token *t, int cls)
{
    const cl_word *w = cl_map_get(&lex->words, t->norm, cl_base_len(t));
    return w && (w->mask & ((uint64_t)1 << cls));
}

const char *cl_verb_lemma(const struct cc_claims_lex *lex, const char *w, char *buf)
{
    size_t n = strlen(w);
    if (n < 2 || n > 60)
        return NULL;
    const char *exc = cl_map_get(&lex->verb_exc, w, n);
    if (exc)
        return exc;
    if (cl_map_get(&lex->verbs, w, n))
        return w;
    /* WordNet's detachment rules for verbs, each checked against the verb index */
    static const char *const rules[][2] = {{"ies", "y"}, {"es", "e"}, {"es", ""}, {"s", ""},
                                           {"ed", "e"},  {"ed", ""},  {"ing", "e"},
                                           {"ing", ""}};
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        size_t sl = strlen(rules[r][0]);
        if (n <= sl + 1 || strcmp(w + n - sl, rules[r][0]) != 0)
            continue;
        size_t base = n - sl;
        memcpy(buf, w, base);
        strcpy(buf + base, rules[r][1]);
        if (cl_map_get(&lex->verbs, buf, strlen(buf)))
            return buf;
        /* a doubled final consonant: barred -> bar, stopping -> stop */
        if (!rules[r][1][0] && base > 2 && buf[base - 1] == buf[base - 2]) {
            buf[base - 1] = '\0';
            if (cl_map_get(&lex->verbs, buf, base - 1))
                return buf;
        }
    }
    return NULL;
}

const char *cl_singular(const char *w, char *buf, size_t size)
{
    size_t n = strlen(w);
    if (n + 1 > size)
        return w;
    memcpy(buf, w, n + 1);
    if (n > 4 && strcmp(w + n - 3, "ies") == 0)
        strcpy(buf + n - 3, "y");
    else if (n > 4 && (strcmp(w + n - 4, "ches") == 0 || strcmp(w + n - 4, "shes") == 0 ||
                       strcmp(w + n - 3, "xes") == 0 || strcmp(w + n - 4, "sses") == 0))
        buf[n - 2] = '\0';
    else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
        buf[n - 1] = '\0';
    return buf;
}
