/*
 * time_rules.c: loads the time stage's data under models/time/ once per context:
 *   words.tsv  list, phrase, value [, "cs"]: word lists and normalization tables
 *   rules.tsv  name, type, pattern, value [, triggers]: extraction patterns and value
 *              templates; a rule is tried only near its triggers (speed, not meaning)
 * A pattern refers to a list as %name, which becomes one capture group matching any of its
 * phrases (longest first); a phrase may itself be composed of earlier lists ("%tens-%units").
 * Patterns are compiled once with pcre2 (UTF, UCP, caseless) at load time, which validates
 * them; a rule's JIT copy is made lazily, once the rule has done enough work to repay it.
 * For speed only, it also reads from each pattern the words a match may begin with (the
 * tagger starts its windows there) and the words one of which every match holds (it skips
 * windows without any), and from the lists that patterns begin with what may follow each
 * first word of a phrase ("the" of "the fourth of july"). Malformed lines are errors naming
 * file:line. It does not tag text.
 */
#include <ctype.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>

#include "timex.h"

#define TIME_WORDS "time/words.tsv"
#define TIME_RULES "time/rules.tsv"

static char *normalize_phrase(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = j > 0;
            continue;
        }
        if (space)
            out[j++] = ' ';
        space = 0;
        out[j++] = (char)tolower(c);
    }
    out[j] = '\0';
    return out;
}

int cc_time_list_find(const struct cc_time_rules *tr, const char *name)
{
    for (size_t i = 0; i < tr->lists.n; i++)
        if (strcmp(CC_VEC_AT(&tr->lists, cc_time_list, i)->name, name) == 0)
            return (int)i;
    return -1;
}

static uint64_t phrase_hash(int list, const char *s, size_t n)
{
    return cc_fnv1a(s, n, CC_FNV_SEED ^ (uint64_t)(list + 1) * 0x9E3779B97F4A7C15ULL);
}

/* Lower-cases s with runs of space collapsed, a hyphen read as a space ("twenty-four" is
 * "twenty four", as the patterns match it); 0 when it does not fit. */
static size_t phrase_key(char *key, size_t size, const char *s, size_t n)
{
    size_t j = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c) || c == '-') {
            space = j > 0;
            continue;
        }
        if (j + 2 >= size)
            return 0;
        if (space)
            key[j++] = ' ';
        space = 0;
        key[j++] = (char)tolower(c);
    }
    key[j] = '\0';
    return j;
}

const char *cc_time_lookup(const struct cc_time_rules *tr, int list, const char *s, size_t n)
{
    if (list < 0 || (size_t)list >= tr->lists.n || !tr->nphrase_slots)
        return NULL;
    char key[128];
    size_t kn = phrase_key(key, sizeof key, s, n);
    if (!kn)
        return NULL;
    size_t mask = tr->nphrase_slots - 1;
    for (size_t k = phrase_hash(list, key, kn) & mask;; k = (k + 1) & mask) {
        const cc_time_word *w = tr->phrase_slots[k];
        if (!w)
            return NULL;
        if (tr->phrase_lists[k] == list && strcmp(w->key, key) == 0)
            return w->value;
    }
}

const char *cc_time_lookup_part(const struct cc_time_rules *tr, int list, const char *s,
                                size_t n)
{
    const char *v = cc_time_lookup(tr, list, s, n);
    if (v || list < 0 || (size_t)list >= tr->lists.n)
        return v;
    const cc_time_list *l = CC_VEC_AT(&tr->lists, cc_time_list, list);
    for (size_t i = 0; i < l->words.n && !v; i++) {
        const cc_time_word *w = CC_VEC_AT(&l->words, cc_time_word, i);
        for (const char *p = w->composed ? w->phrase : ""; !v && (p = strchr(p, '%')) != NULL;) {
            char name[64];
            size_t k = 0;
            for (p++; (islower((unsigned char)*p) || *p == '_') && k < sizeof name - 1; p++)
                name[k++] = *p;
            name[k] = '\0';
            v = cc_time_lookup(tr, cc_time_list_find(tr, name), s, n);
        }
    }
    return v;
}

/* Builds the phrase table (at most half full, so probes stay short). The first phrase of a
 * list wins when a list repeats one. */
static int index_phrases(struct cc_time_rules *tr)
{
    size_t total = 0;
    for (size_t li = 0; li < tr->lists.n; li++)
        total += CC_VEC_AT(&tr->lists, cc_time_list, li)->words.n;
    size_t slots = 64;
    while (slots < 2 * total + 2)
        slots *= 2;
    tr->phrase_slots = cc_xcalloc(slots, sizeof *tr->phrase_slots);
    tr->phrase_lists = cc_xcalloc(slots, sizeof *tr->phrase_lists);
    if (!tr->phrase_slots || !tr->phrase_lists)
        return cc_seterr(CC_ENOMEM, "out of memory");
    tr->nphrase_slots = slots;
    for (size_t li = 0; li < tr->lists.n; li++) {
        const cc_time_list *l = CC_VEC_AT(&tr->lists, cc_time_list, li);
        for (size_t i = 0; i < l->words.n; i++) {
            const cc_time_word *w = CC_VEC_AT(&l->words, cc_time_word, i);
            const char *key = w->key;
            size_t k = phrase_hash((int)li, key, strlen(key)) & (slots - 1);
            while (tr->phrase_slots[k] &&
                   !(tr->phrase_lists[k] == (int)li &&
                     strcmp(tr->phrase_slots[k]->key, key) == 0))
                k = (k + 1) & (slots - 1);
            if (!tr->phrase_slots[k]) {
                tr->phrase_slots[k] = w;
                tr->phrase_lists[k] = (int)li;
            }
        }
    }
    return 0;
}

/* A composed phrase begins with a list, names only lists defined before its own (so no
 * list contains itself) and is not case-sensitive. */
static int check_composed(const struct cc_time_rules *tr, const cc_datafile *df,
                          const cc_time_word *w, int li)
{
    if (w->case_sensitive || w->phrase[0] != '%')
        return cc_datafile_error(df, "a composed phrase begins with a %%list and is not cs");
    for (const char *p = w->phrase; (p = strchr(p, '%')) != NULL;) {
        char name[64];
        size_t n = 0;
        for (p++; (islower((unsigned char)*p) || *p == '_') && n < sizeof name - 1; p++)
            name[n++] = *p;
        name[n] = '\0';
        int ref = cc_time_list_find(tr, name);
        if (ref < 0 || ref >= li)
            return cc_datafile_error(df, "'%%%s': name a list defined on an earlier line", name);
    }
    return 0;
}

static int load_words(struct cc_time_rules *tr, struct cc_context *ctx)
{
    cc_datafile df;
    int rc = cc_datafile_open(&df, ctx->models_dir, TIME_WORDS);
    if (rc < 0)
        return rc;
    cc_context_hash_file(ctx, df.data, df.len);
    while ((rc = cc_datafile_next(&df)) > 0) {
        if (df.nfields < 3 || df.nfields > 4) {
            rc = cc_datafile_error(&df, "expected: list, phrase, value [, cs]");
            break;
        }
        if (df.nfields == 4 && strcmp(df.fields[3], "cs") != 0) {
            rc = cc_datafile_error(&df, "fourth field must be 'cs', not '%s'", df.fields[3]);
            break;
        }
        for (const char *p = df.fields[0]; *p; p++)
            if (!islower((unsigned char)*p) && *p != '_') {
                rc = cc_datafile_error(&df, "list name '%s': use a-z and _", df.fields[0]);
                goto done;
            }
        int li = cc_time_list_find(tr, df.fields[0]);
        if (li < 0) {
            cc_time_list *l = cc_vec_push(&tr->lists);
            if (!l || !(l->name = cc_strdup(df.fields[0]))) {
                rc = cc_seterr(CC_ENOMEM, "out of memory");
                break;
            }
            l->words = (cc_vec)CC_VEC_INIT(cc_time_word);
            li = (int)tr->lists.n - 1;
        }
        cc_time_list *l = CC_VEC_AT(&tr->lists, cc_time_list, li);
        cc_time_word *w = cc_vec_push(&l->words);
        if (!w || !(w->phrase = normalize_phrase(df.fields[1], strlen(df.fields[1]))) ||
            !(w->value = cc_strdup(df.fields[2]))) {
            rc = cc_seterr(CC_ENOMEM, "out of memory");
            break;
        }
        if (!*w->phrase || strlen(w->phrase) >= 120) {
            rc = cc_datafile_error(&df, "phrase must have 1 to 119 bytes");
            break;
        }
        char key[128];
        size_t kn = phrase_key(key, sizeof key, w->phrase, strlen(w->phrase));
        if (!kn || !(w->key = cc_strdup(key))) {
            rc = kn ? cc_seterr(CC_ENOMEM, "out of memory")
                    : cc_datafile_error(&df, "phrase must have a letter or digit");
            break;
        }
        w->case_sensitive = df.nfields == 4;
        w->composed = strchr(w->phrase, '%') != NULL;
        if (w->composed && (rc = check_composed(tr, &df, w, li)) < 0)
            break;
        if (w->case_sensitive) {
            free(w->phrase);
            w->phrase = cc_strdup(df.fields[1]); /* kept as written for the pattern */
            if (!w->phrase) {
                rc = cc_seterr(CC_ENOMEM, "out of memory");
                break;
            }
        }
    }
done:
    cc_datafile_close(&df);
    return rc < 0 ? rc : 0;
}

/* Appends a phrase as a pattern: regex metacharacters escaped, spaces as \s+. */
static void append_phrase(cc_buf *b, const char *phrase, int cs)
{
    if (cs)
        cc_buf_puts(b, "(?-i:");
    for (const char *p = phrase; *p; p++) {
        if (*p == ' ')
            cc_buf_puts(b, "\\s+");
        else if (strchr("\\^$.|?*+()[]{}-#", *p)) {
            cc_buf_putc(b, '\\');
            cc_buf_putc(b, *p);
        } else
            cc_buf_putc(b, *p);
    }
    if (cs)
        cc_buf_putc(b, ')');
}

/* A character trie of a list's phrases, emitted as nested alternations: "jan|jan.|january"
 * becomes "jan(?:\.|uary)?". pcre2 then decides each position in a few steps instead of
 * trying every phrase in turn (the lists are tried at almost every word of the text). */
typedef struct trie_node {
    char c;
    int terminal;
    struct trie_node *child, *next; /* first child; next sibling */
} trie_node;

static trie_node *trie_insert(trie_node *root, const char *p)
{
    trie_node *n = root;
    for (; *p; p++) {
        trie_node **link = &n->child;
        while (*link && (*link)->c != *p)
            link = &(*link)->next;
        if (!*link && !(*link = cc_xcalloc(1, sizeof **link)))
            return NULL;
        (*link)->c = *p;
        n = *link;
    }
    n->terminal = 1;
    return n;
}

static void trie_free(trie_node *n)
{
    while (n) {
        trie_node *next = n->next;
        trie_free(n->child);
        free(n);
        n = next;
    }
}

static void append_char(cc_buf *b, char c)
{
    if (c == ' ') {
        cc_buf_puts(b, "\\s+");
        return;
    }
    if (c == '-') { /* "twenty-four" is also written "twenty four" */
        cc_buf_puts(b, "(?:-|\\s+)");
        return;
    }
    if (strchr("\\^$.|?*+()[]{}-#", c))
        cc_buf_putc(b, '\\');
    cc_buf_putc(b, c);
}

/* Emits the children of n as alternatives; the group is optional when n itself ends a
 * phrase (greedy, so longer phrases are tried first). */
static void trie_emit(cc_buf *b, const trie_node *n, int optional)
{
    if (!n->child)
        return;
    int group = n->child->next != NULL || optional;
    if (group)
        cc_buf_puts(b, "(?:");
    for (const trie_node *c = n->child; c; c = c->next) {
        if (c != n->child)
            cc_buf_putc(b, '|');
        append_char(b, c->c);
        trie_emit(b, c, c->terminal);
    }
    if (group)
        cc_buf_puts(b, optional ? ")?" : ")");
}

static int list_pattern(const char **out, struct cc_time_rules *tr, int li);

/* Appends a composed phrase ("%tens-%units"): its lists as groups that capture nothing. */
static int append_composed(cc_buf *b, struct cc_time_rules *tr, const char *p)
{
    while (*p) {
        if (*p != '%') {
            append_char(b, *p++);
            continue;
        }
        char name[64];
        size_t n = 0;
        for (p++; (islower((unsigned char)*p) || *p == '_') && n < sizeof name - 1; p++)
            name[n++] = *p;
        name[n] = '\0';
        const char *lp = NULL;
        int rc = list_pattern(&lp, tr, cc_time_list_find(tr, name));
        if (rc < 0)
            return rc;
        cc_buf_puts(b, "(?:");
        cc_buf_puts(b, lp + 1); /* "(...)" without its capture */
    }
    return 0;
}

/* The pattern of a list (one capture group), built once and reused by every rule that
 * names the list: the trie of a long list ("number") is worth building only once.
 * Composed phrases come first, so that "twenty-one" is preferred to "twenty". */
static int list_pattern(const char **out, struct cc_time_rules *tr, int li)
{
    cc_time_list *l = CC_VEC_AT(&tr->lists, cc_time_list, li);
    if (l->pattern) {
        *out = l->pattern;
        return 0;
    }
    if (l->building) /* checked at load time; here only as a guard */
        return cc_seterr(CC_EINPUT, "%s: list '%s' contains itself", TIME_WORDS, l->name);
    l->building = 1;
    trie_node root = {0, 0, NULL, NULL};
    for (size_t i = 0; i < l->words.n; i++) {
        const cc_time_word *w = CC_VEC_AT(&l->words, cc_time_word, i);
        if (!w->case_sensitive && !w->composed && !trie_insert(&root, w->phrase)) {
            trie_free(root.child);
            return cc_seterr(CC_ENOMEM, "out of memory");
        }
    }
    cc_buf b = CC_BUF_INIT;
    cc_buf_putc(&b, '(');
    int any = 0, rc = 0;
    for (size_t i = 0; i < l->words.n && rc == 0; i++) {
        const cc_time_word *w = CC_VEC_AT(&l->words, cc_time_word, i);
        if (!w->composed)
            continue;
        if (any)
            cc_buf_putc(&b, '|');
        any = 1;
        rc = append_composed(&b, tr, w->phrase);
    }
    if (root.child && rc == 0) {
        if (any)
            cc_buf_putc(&b, '|');
        any = 1;
        cc_buf_puts(&b, "(?:");
        trie_emit(&b, &root, 0);
        cc_buf_putc(&b, ')');
    }
    /* case-sensitive phrases ("May", not "may") as plain alternatives */
    for (size_t i = 0; i < l->words.n && rc == 0; i++) {
        const cc_time_word *w = CC_VEC_AT(&l->words, cc_time_word, i);
        if (!w->case_sensitive)
            continue;
        if (any)
            cc_buf_putc(&b, '|');
        any = 1;
        append_phrase(&b, w->phrase, 1);
    }
    cc_buf_putc(&b, ')');
    trie_free(root.child);
    l->building = 0;
    if (rc == 0 && b.oom)
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    if (rc < 0) {
        cc_buf_free(&b);
        return rc;
    }
    l->pattern = cc_buf_detach(&b, NULL);
    *out = l->pattern;
    return 0;
}

/* Expands %list references; wraps the pattern so that it matches whole words only. */
static int expand_pattern(cc_buf *b, struct cc_time_rules *tr, const cc_datafile *df,
                          const char *src)
{
    cc_buf_puts(b, "(?<![\\p{L}\\p{N}])(?:");
    int in_class = 0;
    for (const char *p = src; *p;) {
        if (*p == '\\' && p[1] == 'd') {
            /* ASCII digits, as the values read them: under PCRE2_UCP \d is every decimal
             * digit of Unicode, and a pattern that begins with it gets no start
             * optimization (pcre2 tries it at every position of the window) */
            cc_buf_puts(b, in_class ? "0-9" : "[0-9]");
            p += 2;
            continue;
        }
        if (*p == '\\' && p[1]) {
            cc_buf_append(b, p, 2);
            p += 2;
            continue;
        }
        if (in_class && p[0] == '[' && p[1] == ':') { /* [:alpha:] inside a class */
            const char *q = strstr(p + 2, ":]");
            size_t n = q ? (size_t)(q + 2 - p) : strlen(p);
            cc_buf_append(b, p, n);
            p += n;
            continue;
        }
        if (!in_class && *p == '[') { /* "[]...]" and "[^]...]" hold a literal ']' */
            size_t n = 1 + (p[1] == '^');
            n += p[n] == ']';
            cc_buf_append(b, p, n);
            p += n;
            in_class = 1;
            continue;
        }
        if (in_class && *p == ']')
            in_class = 0;
        if (*p != '%') {
            cc_buf_putc(b, *p++);
            continue;
        }
        if (p[1] == '%') {
            cc_buf_putc(b, '%');
            p += 2;
            continue;
        }
        const char *q = ++p;
        while (islower((unsigned char)*q) || *q == '_')
            q++;
        char name[64];
        if (q == p || (size_t)(q - p) >= sizeof name)
            return cc_datafile_error(df, "'%%' must name a word list (or write %%%%)");
        memcpy(name, p, (size_t)(q - p));
        name[q - p] = '\0';
        int li = cc_time_list_find(tr, name);
        if (li < 0)
            return cc_datafile_error(df, "unknown word list '%%%s'", name);
        const char *lp = NULL;
        int rc = list_pattern(&lp, tr, li);
        if (rc < 0)
            return rc;
        cc_buf_puts(b, lp);
        p = q;
    }
    cc_buf_puts(b, ")(?![\\p{L}\\p{N}])");
    return b->oom ? cc_seterr(CC_ENOMEM, "out of memory") : 0;
}

static int parse_arg(cc_time_arg *a, const struct cc_time_rules *tr, const cc_datafile *df,
                     char *s, int ngroups)
{
    a->list = -1;
    if (strcmp(s, "?") == 0 || strcmp(s, "<") == 0 || strcmp(s, ">") == 0) {
        a->kind = TA_INFER;
        a->lit = cc_strdup(s);
        return a->lit ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    }
    char *p = s;
    if (*p == '-' && p[1] == '$') {
        a->negate = 1;
        p++;
    }
    if (*p != '$') {
        a->kind = TA_LIT;
        a->lit = cc_strdup(s);
        return a->lit ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    }
    a->kind = TA_GROUP;
    char *end;
    long g = strtol(p + 1, &end, 10);
    if (end == p + 1 || g < 1 || g > ngroups)
        return cc_datafile_error(df, "'%s': the pattern has %d groups", s, ngroups);
    a->group = (int)g;
    if (*end == ':') {
        a->list = cc_time_list_find(tr, end + 1);
        if (a->list < 0)
            return cc_datafile_error(df, "'%s': unknown word list '%s'", s, end + 1);
    } else if (*end)
        return cc_datafile_error(df, "'%s': expected $N or $N:list", s);
    return 0;
}

/* Parses "func(arg, arg)" or a bare literal value (function "lit"). */
static int parse_template(cc_time_template *t, const struct cc_time_rules *tr,
                          const cc_datafile *df, const char *src, int ngroups)
{
    char buf[256];
    if (strlen(src) >= sizeof buf)
        return cc_datafile_error(df, "value template too long");
    strcpy(buf, src);
    char *open = strchr(buf, '(');
    int nargs;
    if (!open) {
        t->func = cc_time_func_find("lit", &nargs);
        t->nargs = 1;
        return parse_arg(&t->args[0], tr, df, buf, ngroups);
    }
    char *close = strrchr(buf, ')');
    if (!close || close[1])
        return cc_datafile_error(df, "value '%s': expected func(args)", src);
    *open = *close = '\0';
    t->func = cc_time_func_find(buf, &nargs);
    if (t->func < 0)
        return cc_datafile_error(df, "value '%s': unknown function '%s'", src, buf);
    char *p = open + 1;
    t->nargs = 0;
    while (*p) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ')
            p++;
        char *e = p + strlen(p);
        while (e > p && e[-1] == ' ')
            *--e = '\0';
        if (t->nargs == CC_TIME_MAX_ARGS || !*p)
            return cc_datafile_error(df, "value '%s': bad argument list", src);
        int rc = parse_arg(&t->args[t->nargs++], tr, df, p, ngroups);
        if (rc < 0)
            return rc;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (nargs >= 0 && t->nargs != nargs)
        return cc_datafile_error(df, "value '%s': %s takes %d arguments", src, buf, nargs);
    return 0;
}

static int parse_type(const char *s)
{
    static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return strcmp(s, "NEG") == 0 ? -1 : -2;
}

/* Who compiles a rule's JIT copy: the first tagging thread to claim it, once the rule has
 * done enough work; the others use the interpreter meanwhile, so nothing is compiled twice.
 * (No thread compiles ahead at start-up: a process that forks while the JIT allocator's
 * lock is held would deadlock in the child.) */
enum { JIT_IDLE, JIT_BUSY, JIT_DONE, JIT_FAILED };

struct cc_time_jit {
    _Atomic(pcre2_code *) code; /* NULL until compiled */
    atomic_size_t scanned;      /* work the interpreter was given so far */
    atomic_int state;           /* JIT_IDLE ... */
};

static int compile_rule(cc_time_rule *r, struct cc_time_rules *tr, const cc_datafile *df)
{
    cc_buf b = CC_BUF_INIT;
    int rc = expand_pattern(&b, tr, df, df->fields[2]);
    if (rc < 0)
        goto done;
    int err;
    PCRE2_SIZE off;
    r->code = pcre2_compile((PCRE2_SPTR)b.data, b.len,
                            PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_USE_OFFSET_LIMIT, &err,
                            &off, NULL);
    if (!r->code) {
        char msg[256];
        pcre2_get_error_message(err, (PCRE2_UCHAR *)msg, sizeof msg);
        rc = cc_datafile_error(df, "pattern of rule '%s': %s", r->name, msg);
        goto done;
    }
    uint32_t has_last = 0, last = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_LASTCODETYPE, &has_last);
    pcre2_pattern_info(r->code, PCRE2_INFO_LASTCODEUNIT, &last);
    r->required[0] = r->required[1] = has_last && last < 0x80 ? (int)last : -1;
    if (r->required[0] >= 0 && isalpha(r->required[0])) { /* the pattern is caseless */
        r->required[0] = tolower(r->required[0]);
        r->required[1] = toupper(r->required[0]);
    }
    size_t size = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_SIZE, &size);
    r->jit_after = CC_TIME_JIT_PER_BYTE * size;
    r->jit = malloc(sizeof *r->jit);
    if (!r->jit) {
        rc = cc_seterr(CC_ENOMEM, "out of memory");
        goto done;
    }
    atomic_init(&r->jit->code, NULL);
    atomic_init(&r->jit->scanned, 0);
    atomic_init(&r->jit->state, JIT_IDLE);
    uint32_t ngroups = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &ngroups);
    if (ngroups > CC_TIME_MAX_GROUPS) {
        rc = cc_datafile_error(df, "rule '%s': %u capture groups, at most %d (each %%list is "
                                   "one; use (?:...) for the others)",
                               r->name, ngroups, CC_TIME_MAX_GROUPS);
        goto done;
    }
    if (r->type >= 0)
        rc = parse_template(&r->tmpl, tr, df, df->fields[3], (int)ngroups);
done:
    cc_buf_free(&b);
    return rc;
}

/* ---- lazy JIT ---------------------------------------------------------------------- */

static int jit_claim(struct cc_time_jit *j)
{
    int idle = JIT_IDLE;
    return atomic_compare_exchange_strong_explicit(&j->state, &idle, JIT_BUSY,
                                                   memory_order_acq_rel, memory_order_relaxed);
}

/* Compiles a claimed rule; the JIT code, or NULL (no JIT here, or out of memory). */
static pcre2_code *jit_compile_claimed(const cc_time_rule *r)
{
    struct cc_time_jit *j = r->jit;
    pcre2_code *copy = cc_jit_enabled() ? pcre2_code_copy(r->code) : NULL;
    if (!copy || pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) != 0) {
        pcre2_code_free(copy);
        atomic_store_explicit(&j->state, JIT_FAILED, memory_order_release);
        return NULL;
    }
    atomic_store_explicit(&j->code, copy, memory_order_release);
    atomic_store_explicit(&j->state, JIT_DONE, memory_order_release);
    return copy;
}

/* The work a rule that has done `done` by byte `to` is on course to do in the whole text:
 * before an eighth of it, what it did is taken as the eighth's (a rule that a story's first
 * lines wake is not compiled for them alone). */
static size_t projected(size_t done, size_t to, size_t len)
{
    size_t seen = to > len / 8 ? to : len / 8;
    if (seen == 0 || seen >= len)
        return done;
    return (size_t)((double)done * (double)len / (double)seen);
}

const pcre2_code *cc_time_rule_code(const cc_time_rule *r, size_t work, size_t to, size_t len,
                                    int *jit)
{
    struct cc_time_jit *j = r->jit;
    pcre2_code *code = atomic_load_explicit(&j->code, memory_order_acquire);
    *jit = code != NULL;
    if (code)
        return code;
    if (atomic_load_explicit(&j->state, memory_order_relaxed) != JIT_IDLE)
        return r->code;
    size_t done = atomic_fetch_add_explicit(&j->scanned, work, memory_order_relaxed) + work;
    if (projected(done, to, len) < r->jit_after || !jit_claim(j) ||
        !(code = jit_compile_claimed(r)))
        return r->code;
    *jit = 1;
    return code;
}

static void jit_free(struct cc_time_jit *j)
{
    if (j)
        pcre2_code_free(atomic_load(&j->code));
    free(j);
}

/* ---- triggers ---------------------------------------------------------------------- */

/* The hash of a word shorter than CC_TIME_WORD_MAX (0 for a longer one, which is none). */
static uint64_t word_hash(const char *w, size_t n)
{
    char buf[CC_TIME_WORD_MAX] = {0};
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, w, n);
    return cc_time_word_hash(buf, n);
}

const cc_time_trigger *cc_time_trigger_find_hashed(const struct cc_time_rules *tr,
                                                   const char *w, size_t n, uint64_t hash)
{
    if (!tr->triggers || n == 0 || n >= sizeof tr->triggers[0].word)
        return NULL;
    if (!cc_time_maybe_trigger(tr, hash))
        return NULL;
    for (size_t k = (size_t)hash & (CC_TIME_TRIGGER_SLOTS - 1), probes = 0;
         probes < CC_TIME_TRIGGER_SLOTS; k = (k + 1) & (CC_TIME_TRIGGER_SLOTS - 1), probes++) {
        const cc_time_trigger *t = &tr->triggers[k];
        if (!t->len)
            return NULL;
        if (t->len == n && memcmp(t->word, w, n) == 0)
            return t;
    }
    return NULL;
}

const cc_time_trigger *cc_time_trigger_find(const struct cc_time_rules *tr, const char *w,
                                            size_t n)
{
    return cc_time_trigger_find_hashed(tr, w, n, word_hash(w, n));
}

/* Adds (or finds) a word of lower-case ASCII letters; NULL when it is not one or the table
 * is full. */
static cc_time_trigger *trigger_add(struct cc_time_rules *tr, const char *w, size_t n)
{
    if (n == 0 || n >= sizeof tr->triggers[0].word)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (w[i] < 'a' || w[i] > 'z')
            return NULL;
    uint64_t hash = word_hash(w, n);
    for (size_t k = (size_t)hash & (CC_TIME_TRIGGER_SLOTS - 1), probes = 0;
         probes < CC_TIME_TRIGGER_SLOTS; k = (k + 1) & (CC_TIME_TRIGGER_SLOTS - 1), probes++) {
        cc_time_trigger *t = &tr->triggers[k];
        if (!t->len) {
            if (4 * (tr->ntriggers + 1) > 3 * CC_TIME_TRIGGER_SLOTS) {
                tr->triggers_full = 1; /* cc_time_init reports it */
                return NULL;
            }
            tr->ntriggers++;
            size_t b = cc_time_bloom_bit(hash);
            tr->trigger_bloom[b / 64] |= (uint64_t)1 << (b % 64);
            memcpy(t->word, w, n);
            t->word[n] = '\0';
            t->len = n;
            t->follow = -1;
            return t;
        }
        if (t->len == n && memcmp(t->word, w, n) == 0)
            return t;
    }
    return NULL;
}

/* A composed phrase starts where its first list's phrases do ("%tens-%units": "twenty"). */
static void index_composed(struct cc_time_rules *tr, int li, const char *phrase)
{
    char name[64];
    size_t n = 0;
    for (const char *p = phrase + 1; (islower((unsigned char)*p) || *p == '_') && n < 63; p++)
        name[n++] = *p;
    name[n] = '\0';
    uint64_t ref = (uint64_t)1 << cc_time_list_find(tr, name), own = (uint64_t)1 << li;
    for (size_t k = 0; k < CC_TIME_TRIGGER_SLOTS; k++)
        if (tr->triggers[k].mask & ref)
            tr->triggers[k].mask |= own;
    if (tr->digit_lists & ref)
        tr->digit_lists |= own;
    if (tr->unindexed_lists & ref)
        tr->unindexed_lists |= own;
}

/* ---- what follows a trigger word ----------------------------------------------------- */

static void set_bit256(uint64_t *set, unsigned char c)
{
    set[c / 64] |= (uint64_t)1 << (c % 64);
}

static int bit256(const uint64_t *set, unsigned char c)
{
    return (int)(set[c / 64] >> (c % 64)) & 1;
}

/* The number of ASCII letters a phrase begins with: its first word as the trigger index has
 * it. */
static size_t first_word_len(const char *phrase)
{
    size_t n = 0;
    while (isalpha((unsigned char)phrase[n]))
        n++;
    return n;
}

/* 1 when a phrase of the list may end at, or go on with a non-ASCII character after, a
 * prefix of the word (or the whole word): a rule's own pattern then says what follows. */
static int allows_anything(const cc_time_list *l, const cc_time_trigger *t)
{
    for (size_t i = 0; i < l->words.n; i++) {
        const char *p = CC_VEC_AT(&l->words, cc_time_word, i)->phrase;
        size_t n = first_word_len(p);
        if (n && n <= t->len && strncasecmp(p, t->word, n) == 0 &&
            (p[n] == '\0' || (unsigned char)p[n] >= 0x80))
            return 1;
    }
    return 0;
}

/* The entry of (word, list), made when absent; NULL when out of memory. */
static cc_time_follow *follow_entry(struct cc_time_rules *tr, cc_time_trigger *t, int list)
{
    for (int k = t->follow; k >= 0; k = CC_VEC_AT(&tr->follows, cc_time_follow, k)->next)
        if (CC_VEC_AT(&tr->follows, cc_time_follow, k)->list == list)
            return CC_VEC_AT(&tr->follows, cc_time_follow, k);
    cc_time_follow *f = cc_vec_push(&tr->follows);
    if (!f)
        return NULL;
    memset(f, 0, sizeof *f);
    f->list = list;
    f->next = t->follow;
    t->follow = (int)tr->follows.n - 1;
    return f;
}

/* Adds a byte of a phrase, in both cases when it is a letter (non-ASCII ones always pass). */
static void allow_byte(uint64_t *set, char c)
{
    set_bit256(set, (unsigned char)c);
    if (isalpha((unsigned char)c))
        set_bit256(set, (unsigned char)(c ^ 0x20));
}

/* Records what follows the first word in the phrases of list li, as the list's pattern
 * matches them: a space is \s+, a hyphen is a hyphen or \s+ (cc_time_follow). A list with a
 * composed phrase gets no entries: any word of it allows anything. */
static int index_follows(struct cc_time_rules *tr, int li)
{
    const cc_time_list *l = CC_VEC_AT(&tr->lists, cc_time_list, li);
    for (size_t i = 0; i < l->words.n; i++)
        if (CC_VEC_AT(&l->words, cc_time_word, i)->composed)
            return 0;
    for (size_t i = 0; i < l->words.n; i++) {
        const char *p = CC_VEC_AT(&l->words, cc_time_word, i)->phrase;
        size_t n = first_word_len(p);
        char w[CC_TIME_WORD_MAX];
        if (n == 0 || n >= sizeof w)
            continue;
        for (size_t k = 0; k < n; k++)
            w[k] = (char)tolower((unsigned char)p[k]);
        /* the table is still being built: its entry may be changed */
        cc_time_trigger *t = (cc_time_trigger *)cc_time_trigger_find(tr, w, n);
        if (!t || allows_anything(l, t))
            continue;
        cc_time_follow *f = follow_entry(tr, t, li);
        if (!f)
            return cc_seterr(CC_ENOMEM, "out of memory");
        if ((p[n] == ' ' || p[n] == '-') && (p[n + 1] == ' ' || p[n + 1] == '-'))
            memset(f->spaced, 0xff, sizeof f->spaced); /* more separators: not read here */
        else if (p[n] == ' ' || p[n] == '-')
            allow_byte(f->spaced, p[n + 1]);
        if (p[n] != ' ')
            allow_byte(f->direct, p[n]);
    }
    return 0;
}

/* Indexes what follows the trigger words of the lists that rules begin with. */
static int index_all_follows(struct cc_time_rules *tr)
{
    uint64_t done = 0;
    for (size_t ri = 0; ri < tr->rules.n; ri++) {
        int li = CC_VEC_AT(&tr->rules, cc_time_rule, ri)->lead_list;
        if (li < 0 || (done & ((uint64_t)1 << li)))
            continue;
        done |= (uint64_t)1 << li;
        int rc = index_follows(tr, li);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int cc_time_may_follow(const struct cc_time_rules *tr, const cc_time_trigger *t, int list,
                       const char *text, size_t len, size_t end)
{
    int k = t ? t->follow : -1;
    while (k >= 0 && CC_VEC_AT(&tr->follows, cc_time_follow, k)->list != list)
        k = CC_VEC_AT(&tr->follows, cc_time_follow, k)->next;
    if (k < 0)
        return 1;
    const cc_time_follow *f = CC_VEC_AT(&tr->follows, cc_time_follow, k);
    const unsigned char *s = (const unsigned char *)text;
    if (end < len && (s[end] >= 0x80 || bit256(f->direct, s[end])))
        return 1;
    if (end >= len || s[end] > ' ')
        return 0;
    while (end < len && s[end] <= ' ') /* whitespace (any control byte, to be safe) */
        end++;
    return end < len && (s[end] >= 0x80 || bit256(f->spaced, s[end]));
}

/* Indexes the first word of every phrase of every list. */
static int index_lists(struct cc_time_rules *tr)
{
    tr->triggers = cc_xcalloc(CC_TIME_TRIGGER_SLOTS, sizeof *tr->triggers);
    if (!tr->triggers)
        return cc_seterr(CC_ENOMEM, "out of memory");
    if (tr->lists.n > CC_TIME_MAX_LISTS)
        return cc_seterr(CC_EINPUT, "%s: more than %d word lists", TIME_WORDS,
                         CC_TIME_MAX_LISTS);
    tr->next_word_bit = (int)tr->lists.n;
    for (size_t li = 0; li < tr->lists.n; li++) {
        const cc_time_list *l = CC_VEC_AT(&tr->lists, cc_time_list, li);
        for (size_t i = 0; i < l->words.n; i++) {
            const cc_time_word *word = CC_VEC_AT(&l->words, cc_time_word, i);
            const char *p = word->phrase;
            if (word->composed) {
                index_composed(tr, (int)li, p);
                continue;
            }
            char w[24];
            size_t n = 0;
            while (n < sizeof w - 1 && isalpha((unsigned char)p[n])) {
                w[n] = (char)tolower((unsigned char)p[n]);
                n++;
            }
            if (isdigit((unsigned char)p[0])) {
                tr->digit_lists |= (uint64_t)1 << li;
                continue;
            }
            cc_time_trigger *t = trigger_add(tr, w, n);
            if (!t) /* "'ll": rules triggered by this list are tried everywhere */
                tr->unindexed_lists |= (uint64_t)1 << li;
            else
                t->mask |= (uint64_t)1 << li;
        }
    }
    return 0;
}

static int add_trigger(cc_time_rule *r, struct cc_time_rules *tr, const cc_datafile *df,
                       const char *tok, size_t n)
{
    char word[64];
    if (n >= sizeof word)
        return cc_datafile_error(df, "trigger too long");
    memcpy(word, tok, n);
    word[n] = '\0';
    if (strcmp(word, "#digit") == 0) {
        r->trig_mask |= CC_TIME_TRIG_DIGIT;
        return 0;
    }
    if (word[0] == '%') {
        int li = cc_time_list_find(tr, word + 1);
        if (li < 0)
            return cc_datafile_error(df, "trigger '%s': unknown word list", word);
        r->trig_mask |= (uint64_t)1 << li;
        if (tr->digit_lists & ((uint64_t)1 << li))
            r->trig_mask |= CC_TIME_TRIG_DIGIT;
        if (tr->unindexed_lists & ((uint64_t)1 << li))
            r->scan_all = 1;
        return 0;
    }
    cc_time_trigger *t = trigger_add(tr, word, n);
    if (!t)
        return cc_datafile_error(df, "trigger '%s': use lower-case letters, %%list or #digit",
                                 word);
    uint64_t own = t->mask & ~(((uint64_t)1 << tr->lists.n) - 1) & ~CC_TIME_TRIG_DIGIT;
    if (!own) { /* the word's own bit; past bit 62 words share it (costs time, not matches) */
        own = (uint64_t)1 << tr->next_word_bit;
        if (tr->next_word_bit < 62)
            tr->next_word_bit++;
        t->mask |= own;
    }
    r->trig_mask |= own;
    return 0;
}

/* Walks a PCRE2 pattern past escapes and character classes and returns the first '|' at
 * group depth 0 (stop_at_bar) or the ')' that brings the depth back to 0 after a group has
 * opened; NULL when there is none. */
static const char *pattern_walk(const char *p, int stop_at_bar)
{
    int depth = 0, in_class = 0;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        if (in_class) {
            in_class = *p != ']';
            continue;
        }
        if (*p == '[')
            in_class = 1;
        else if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0 && !stop_at_bar)
            return p;
        else if (*p == '|' && depth == 0 && stop_at_bar)
            return p;
    }
    return NULL;
}

/* 1 when the pattern has a '|' outside any group (so its start is not one element). */
static int top_level_alternation(const char *p) { return pattern_walk(p, 1) != NULL; }

/* ---- required words ---------------------------------------------------------------- */

/* The position after the escape that begins at p (a backslash): "\p{L}", "\x{41}", "\xAB",
 * "\k<name>" are one element each. NULL for one not read here (\Q...\E). */
static const char *skip_escape(const char *p)
{
    char c = p[1];
    if (!c)
        return p + 1;
    if (c == 'Q')
        return NULL;
    p += 2;
    if (strchr("pPxogkN", c) && (*p == '{' || *p == '<' || *p == '\'')) {
        const char *close = strchr(p + 1, *p == '{' ? '}' : *p == '<' ? '>' : '\'');
        return close ? close + 1 : NULL;
    }
    if ((c == 'p' || c == 'P' || c == 'c') && *p)
        return p + 1; /* "\pL", "\cA" */
    for (int i = 0; c == 'x' && i < 2 && isxdigit((unsigned char)*p); i++)
        p++;
    return p;
}

/* The position after the character class that opens at p ("[a-z]", "[]a]", "[[:alpha:]]"),
 * or NULL when it does not close. */
static const char *skip_class(const char *p)
{
    p += 1 + (p[1] == '^');
    p += *p == ']'; /* a ']' first is a member */
    for (; *p && *p != ']'; p++) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == '[' && p[1] == ':' && strstr(p + 2, ":]"))
            p = strstr(p + 2, ":]") + 1;
    }
    return *p ? p + 1 : NULL;
}

/* 1 when the pattern has a construct after which its letters may not be text a match
 * consumes: extended mode ("(?x)": letters may be comments), or a verb ("(*ACCEPT)" ends a
 * match early). */
static int letters_unreliable(const char *src)
{
    if (strstr(src, "(*"))
        return 1;
    for (const char *p = src; (p = strstr(p, "(?")) != NULL; p += 2) {
        const char *q = p + 2;
        while (isalpha((unsigned char)*q) || *q == '-' || *q == '^')
            if (*q++ == 'x')
                return 1;
    }
    return 0;
}

/* The position after the element at p that is not a group: an escape, a class, a %list or
 * one character; NULL when it is not understood. */
static const char *skip_atom(const char *p)
{
    if (*p == '\\')
        return skip_escape(p);
    if (*p == '[')
        return skip_class(p);
    if (*p == '%' && p[1] != '%') {
        for (p++; islower((unsigned char)*p) || *p == '_'; p++)
            ;
        return p;
    }
    return p + (*p == '%' ? 2 : 1);
}

/* The ')' that closes the group opening at p, or NULL. */
static const char *group_close(const char *p)
{
    for (int depth = 0; *p;) {
        if (*p == '(' || *p == ')') {
            depth += *p == '(' ? 1 : -1;
            if (depth == 0)
                return p;
            p++;
        } else if (!(p = skip_atom(p)))
            return NULL;
    }
    return NULL;
}

/* The first '|' of [p, end) outside groups, or end; NULL when not understood. */
static const char *next_bar(const char *p, const char *end)
{
    while (p && p < end && *p != '|')
        if (*p == '(')
            p = (p = group_close(p)) != NULL ? p + 1 : NULL;
        else
            p = skip_atom(p);
    return p;
}

/* Where the text of the group opening at p begins ("(", "(?:", "(?>", "(?<name>", "(?i:"),
 * or NULL for a group whose text is not part of the match (assertions, conditions). */
static const char *group_text(const char *p)
{
    if (p[1] != '?')
        return p + 1;
    const char *q = p + 2;
    if (*q == ':' || *q == '>' || *q == '|')
        return q + 1;
    if (*q == 'P' && q[1] == '<')
        q++;
    if ((*q == '<' || *q == '\'') && isalpha((unsigned char)q[1])) {
        const char *close = strchr(q + 1, *q == '<' ? '>' : '\'');
        return close ? close + 1 : NULL;
    }
    while (isalpha((unsigned char)*q) || *q == '-' || *q == '^')
        q++; /* "(?i:", "(?-i:" */
    return *q == ':' ? q + 1 : NULL;
}

/* 1 when the quantifier at p lets what it follows match no text ("?", "*", "{0,2}"). */
static int optional_quantifier(const char *p)
{
    return *p == '?' || *p == '*' || (*p == '{' && (p[1] == '0' || p[1] == ','));
}

/* Keeps `c` in `best` when it filters more: fewer words, then a longer shortest word. */
static void keep_better(cc_time_words *best, const cc_time_words *c)
{
    size_t cmin = SIZE_MAX, bmin = SIZE_MAX;
    for (int i = 0; i < c->n; i++)
        cmin = strlen(c->w[i]) < cmin ? strlen(c->w[i]) : cmin;
    for (int i = 0; i < best->n; i++)
        bmin = strlen(best->w[i]) < bmin ? strlen(best->w[i]) : bmin;
    if (c->n && (!best->n || c->n < best->n || (c->n == best->n && cmin > bmin)))
        *best = *c;
}

/* A run of letters as a candidate word (3 letters at least). */
static void keep_run(cc_time_words *best, const char *run, size_t n)
{
    cc_time_words c = {.n = 0};
    if (n >= 3 && n < sizeof c.w[0]) {
        memcpy(c.w[0], run, n);
        c.w[0][n] = '\0';
        c.n = 1;
        keep_better(best, &c);
    }
}

static int alternative_words(cc_time_words *out, const char *p, const char *end);

/* The best set of words one of which every match of the sequence [p, end) consumes: a run
 * of letters outside any quantifier, or the words of a group that cannot be skipped.
 * Letters match caselessly; 'k' and 's' end a run, as they also match non-ASCII letters
 * (KELVIN SIGN, LONG S). Returns 1, 0 when there is none, -1 when not understood. */
static int sequence_words(cc_time_words *best, const char *p, const char *end)
{
    char run[CC_TIME_REQUIRED_WORD_MAX];
    size_t n = 0;
    best->n = 0;
    while (p < end) {
        const char *next = *p == '(' ? group_close(p) : skip_atom(p);
        if (!next || (*p == '(' ? next >= end : next > end))
            return -1; /* a group must close before the end, an element end by it */
        int letter = next == p + 1 && isalpha((unsigned char)*p) &&
                     !(*next && strchr("?*+{", *next)) && tolower((unsigned char)*p) != 'k' &&
                     tolower((unsigned char)*p) != 's';
        if (letter && n < sizeof run) {
            run[n++] = (char)tolower((unsigned char)*p);
            p = next;
            continue;
        }
        keep_run(best, run, n);
        n = 0;
        if (*p == '(') {
            const char *text = group_text(p);
            cc_time_words g;
            int rc = text && !optional_quantifier(next + 1) ? alternative_words(&g, text, next)
                                                            : 0;
            if (rc < 0)
                return rc;
            if (rc > 0)
                keep_better(best, &g);
            next++;
        }
        p = next;
    }
    keep_run(best, run, n);
    return best->n > 0;
}

/* The words of the alternatives [p, end) (of a group or of the pattern): their union when
 * every alternative has some and they fit. Returns as sequence_words does. */
static int alternative_words(cc_time_words *out, const char *p, const char *end)
{
    out->n = 0;
    for (;;) {
        const char *bar = next_bar(p, end);
        cc_time_words alt;
        int rc = bar ? sequence_words(&alt, p, bar) : -1;
        if (rc <= 0)
            return rc;
        if (out->n + alt.n > CC_TIME_REQUIRED_WORDS)
            return 0;
        memcpy(out->w[out->n], alt.w, sizeof alt.w[0] * (size_t)alt.n);
        out->n += alt.n;
        if (bar == end)
            return 1;
        p = bar + 1;
    }
}

/* Reads from the pattern the words one of which every match consumes ("ago" of "(\d+|%number)
 * \s+%unit\s+ago", "later" or "afterward" of "... (?:later|afterwards?)"): a window of text
 * without any of them cannot hold a match. */
static void find_required_words(cc_time_rule *r)
{
    const char *src = r->source;
    r->required_words.n = 0;
    if (!letters_unreliable(src) &&
        alternative_words(&r->required_words, src, src + strlen(src)) <= 0)
        r->required_words.n = 0;
}

/* A pattern that begins with one of its trigger lists starts where the trigger does. */
static int starts_at_trigger(const cc_time_rule *r, const struct cc_time_rules *tr)
{
    const char *p = r->source;
    if (top_level_alternation(p))
        return 0;
    if (strncmp(p, "\\d", 2) == 0 || strncmp(p, "(\\d", 3) == 0) {
        /* a digit first: "(\d{4})-W..." but not "(\d+|%number)" */
        int depth = 0;
        for (const char *q = p; *q; q++) {
            if (*q == '\\' && q[1]) {
                q++;
                continue;
            }
            if (*q == '(')
                depth++;
            else if (*q == ')' && --depth <= 0)
                break;
            else if (*q == '|')
                return 0;
        }
        return (r->trig_mask & CC_TIME_TRIG_DIGIT) != 0;
    }
    if (*p != '%' || p[1] == '%')
        return 0;
    char name[64];
    size_t n = 0;
    for (p++; (islower((unsigned char)*p) || *p == '_') && n < sizeof name - 1; p++)
        name[n++] = *p;
    name[n] = '\0';
    int li = cc_time_list_find(tr, name);
    return li >= 0 && (r->trig_mask & ((uint64_t)1 << li)) &&
           !(tr->unindexed_lists & ((uint64_t)1 << li)) && !(tr->digit_lists & ((uint64_t)1 << li));
}

/* The list a rule that starts at its trigger begins with, when nothing lets the pattern
 * skip it ("%holiday,?\s+..." but not "%modifier?..."); -1 otherwise. */
static int lead_list(const cc_time_rule *r, const struct cc_time_rules *tr)
{
    const char *p = r->source;
    if (!r->starts_at_trigger || *p != '%')
        return -1;
    char name[64];
    size_t n = 0;
    for (p++; (islower((unsigned char)*p) || *p == '_') && n < sizeof name - 1; p++)
        name[n++] = *p;
    name[n] = '\0';
    return optional_quantifier(p) ? -1 : cc_time_list_find(tr, name);
}

/* The bit of a leading token of a pattern: "\d" (digits) or "%list" at p; 0 for anything
 * else. */
static uint64_t token_bit(const char *p, const struct cc_time_rules *tr)
{
    if (strncmp(p, "\\d", 2) == 0)
        return CC_TIME_TRIG_DIGIT;
    if (*p != '%' || p[1] == '%')
        return 0;
    char name[64];
    size_t n = 0;
    for (p++; (islower((unsigned char)*p) || *p == '_') && n < sizeof name - 1; p++)
        name[n++] = *p;
    name[n] = '\0';
    int li = cc_time_list_find(tr, name);
    if (li < 0 || (tr->unindexed_lists & ((uint64_t)1 << li)))
        return 0;
    uint64_t bit = (uint64_t)1 << li;
    if (tr->digit_lists & bit)
        bit |= CC_TIME_TRIG_DIGIT;
    return bit;
}

/* The words a match may begin with: list and digit bits (as in trig_mask) and start-word
 * bits (cc_time_trigger.start_words). */
typedef struct {
    uint64_t lists, words;
} lead_tokens;

/* The start-word bit of a literal word, made on first use; 0 when the bits are used up. */
static uint64_t start_word_bit(struct cc_time_rules *tr, const char *w, size_t n)
{
    cc_time_trigger *t = trigger_add(tr, w, n);
    if (!t)
        return 0;
    if (!t->start_words) {
        if (tr->next_start_bit >= 64)
            return 0;
        t->start_words = (uint64_t)1 << tr->next_start_bit++;
    }
    return t->start_words;
}

static int optional_after(const char **pp)
{
    const char *p = *pp;
    if (*p == '?' || *p == '*' || (*p == '{' && p[1] == '0')) {
        *pp = p + (*p == '{' ? 0 : 1);
        return *p != '{';
    }
    return 0;
}

static const char *lead_alternatives(lead_tokens *t, struct cc_time_rules *tr, const char *p);

/* 1 when what follows a literal word in a pattern cannot continue it with a letter. */
static int ends_word(const char *q)
{
    if (strchr("|)-', ", *q)) /* also the end of the pattern */
        return 1;
    if (q[0] == '\\')
        return strchr("sdb.,-'", q[1]) != NULL && q[1];
    return q[0] == '(' && q[1] == '?' && (q[2] == '=' || q[2] == '!');
}

/* The position after the group that opens at p, or NULL. */
static const char *skip_group(const char *p)
{
    const char *close = pattern_walk(p, 0);
    return close ? close + 1 : NULL;
}

/* The tokens a sequence (up to '|', ')' or the end) may begin with: its first element's,
 * and the next one's too while elements are optional; NULL when not known. Returns where
 * the parsing stopped. */
static const char *lead_sequence(lead_tokens *t, struct cc_time_rules *tr, const char *p)
{
    while (*p && *p != '|' && *p != ')') {
        lead_tokens e = {0, 0};
        if (*p == '(' && p[1] == '?' && strchr("=!<(", p[2])) {
            /* an assertion or a condition matches no text: skip it */
            p = skip_group(p);
            if (!p)
                return NULL;
            continue;
        }
        if (*p == '(') {
            if (p[1] == '?' && p[2] != ':')
                return NULL; /* other kinds of groups */
            p = lead_alternatives(&e, tr, p + (p[1] == '?' ? 3 : 1));
            if (!p)
                return NULL;
        } else if (*p >= '0' && *p <= '9') {
            e.lists = CC_TIME_TRIG_DIGIT; /* "20\d\d": a digit run */
            while (*p >= '0' && *p <= '9')
                p++;
            if (*p == '?' || *p == '*' || *p == '{')
                return NULL;
        } else if (*p == '%' && p[1] != '%') {
            e.lists = token_bit(p, tr);
            if (!e.lists)
                return NULL;
            for (p++; islower((unsigned char)*p) || *p == '_'; p++)
                ;
        } else if (p[0] == '\\' && p[1] == 'd') {
            e.lists = CC_TIME_TRIG_DIGIT;
            p += 2;
        } else if (*p >= 'a' && *p <= 'z') {
            const char *q = p;
            while (*q >= 'a' && *q <= 'z')
                q++;
            if (!ends_word(q) || q - p >= 24)
                return NULL; /* "years?", "the(?:ir)?": the word in the text may be longer */
            e.words = start_word_bit(tr, p, (size_t)(q - p));
            if (!e.words)
                return NULL;
            p = q;
        } else
            return NULL;
        t->lists |= e.lists;
        t->words |= e.words;
        if (*p == '+')
            p++;
        else if (*p == '{' && p[1] != '0') {
            while (*p && *p != '}')
                p++;
            p += *p == '}';
        }
        if (!optional_after(&p))
            return p; /* a required element: what follows it cannot begin a match */
        if (*p == '{') {
            while (*p && *p != '}')
                p++;
            p += *p == '}';
        }
    }
    return NULL; /* everything optional: a match may begin anywhere */
}

/* The tokens of a group's alternatives; returns the position after its ')'. */
static const char *lead_alternatives(lead_tokens *t, struct cc_time_rules *tr, const char *p)
{
    for (;;) {
        p = lead_sequence(t, tr, p);
        if (!p)
            return NULL;
        /* skip the rest of this alternative */
        int depth = 0, in_class = 0;
        for (; *p; p++) {
            if (*p == '\\' && p[1]) {
                p++;
                continue;
            }
            if (in_class) {
                in_class = *p != ']';
                continue;
            }
            if (*p == '[')
                in_class = 1;
            else if (*p == '(')
                depth++;
            else if (*p == ')' && depth-- == 0)
                break;
            else if (*p == '|' && depth == 0)
                break;
        }
        if (*p == ')')
            return p + 1;
        if (*p != '|')
            return NULL;
        p++;
    }
}

/* The words a match of the rule must begin with ("(\d+|%number) %unit ago": digits or a
 * number word; "(?:the\s+)?%quarter_ord": "the" or an ordinal), or none known. */
static void start_tokens(cc_time_rule *r, struct cc_time_rules *tr)
{
    lead_tokens t = {0, 0};
    const char *p = r->source;
    if (top_level_alternation(p) || !lead_sequence(&t, tr, p))
        t.lists = t.words = 0;
    r->start_mask = t.lists;
    r->start_words = t.words;
}

/* Triggers from the fifth field, else every list the pattern names and #digit for \d. */
static int parse_triggers(cc_time_rule *r, struct cc_time_rules *tr, const cc_datafile *df)
{
    if (df->nfields == 5) {
        for (const char *p = df->fields[4]; *p;) {
            while (*p == ' ')
                p++;
            const char *q = p;
            while (*q && *q != ' ')
                q++;
            if (q > p) {
                int rc = add_trigger(r, tr, df, p, (size_t)(q - p));
                if (rc < 0)
                    return rc;
            }
            p = q;
        }
    } else {
        for (const char *p = r->source; *p; p++) {
            if (*p == '\\' && p[1]) {
                if (p[1] == 'd')
                    r->trig_mask |= CC_TIME_TRIG_DIGIT;
                p++;
                continue;
            }
            if (*p == '%' && p[1] == '%') {
                p++;
                continue;
            }
            if (*p != '%')
                continue;
            const char *q = p + 1;
            while (islower((unsigned char)*q) || *q == '_')
                q++;
            int rc = add_trigger(r, tr, df, p, (size_t)(q - p));
            if (rc < 0)
                return rc;
        }
    }
    r->scan_all |= !r->trig_mask;
    r->starts_at_trigger = starts_at_trigger(r, tr);
    r->lead_list = lead_list(r, tr);
    if (!r->starts_at_trigger)
        start_tokens(r, tr);
    return 0;
}

static int load_rules(struct cc_time_rules *tr, struct cc_context *ctx)
{
    cc_datafile df;
    int rc = cc_datafile_open(&df, ctx->models_dir, TIME_RULES);
    if (rc < 0)
        return rc;
    cc_context_hash_file(ctx, df.data, df.len);
    while ((rc = cc_datafile_next(&df)) > 0) {
        if (df.nfields != 4 && df.nfields != 5) {
            rc = cc_datafile_error(&df, "expected fields: name, type, pattern, value "
                                        "[, triggers]");
            break;
        }
        int type = parse_type(df.fields[1]);
        if (type == -2) {
            rc = cc_datafile_error(&df, "type '%s': DATE, TIME, DURATION, SET or NEG",
                                   df.fields[1]);
            break;
        }
        cc_time_rule *r = cc_vec_push(&tr->rules);
        if (!r || !(r->name = cc_strdup(df.fields[0])) ||
            !(r->source = cc_strdup(df.fields[2]))) {
            rc = cc_seterr(CC_ENOMEM, "out of memory");
            break;
        }
        r->type = type;
        r->line = df.line;
        if ((rc = compile_rule(r, tr, &df)) < 0 || (rc = parse_triggers(r, tr, &df)) < 0)
            break;
        find_required_words(r);
    }
    cc_datafile_close(&df);
    return rc < 0 ? rc : 0;
}

int cc_time_init(struct cc_context *ctx)
{
    struct cc_time_rules *tr = cc_xcalloc(1, sizeof *tr);
    if (!tr)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ctx->time = tr;
    tr->lists = (cc_vec)CC_VEC_INIT(cc_time_list);
    for (int b = 0; b < 64; b++)
        tr->rules_by_bit[b] = (cc_vec)CC_VEC_INIT(int);
    tr->rules = (cc_vec)CC_VEC_INIT(cc_time_rule);
    tr->follows = (cc_vec)CC_VEC_INIT(cc_time_follow);
    int rc = load_words(tr, ctx);
    if (rc == 0)
        rc = index_lists(tr);
    if (rc == 0)
        rc = index_phrases(tr);
    if (rc == 0)
        rc = load_rules(tr, ctx);
    if (rc == 0)
        rc = index_all_follows(tr);
    if (rc == 0 && tr->triggers_full)
        rc = cc_seterr(CC_EINPUT, "%s, %s: more than %d trigger words (raise "
                                  "CC_TIME_TRIGGER_SLOTS)",
                       TIME_WORDS, TIME_RULES, 3 * CC_TIME_TRIGGER_SLOTS / 4);
    for (size_t ri = 0; rc == 0 && ri < tr->rules.n; ri++) {
        const cc_time_rule *r = CC_VEC_AT(&tr->rules, cc_time_rule, ri);
        tr->rule_bits |= r->start_mask; /* the words a rule may begin with must be seen */
        tr->rule_start_words |= r->start_words;
        for (int b = 0; b < 64 && !r->scan_all && rc == 0; b++) {
            if (!(r->trig_mask & ((uint64_t)1 << b)))
                continue;
            tr->rule_bits |= (uint64_t)1 << b;
            int *slot = cc_vec_push(&tr->rules_by_bit[b]);
            if (!slot)
                rc = cc_seterr(CC_ENOMEM, "out of memory");
            else
                *slot = (int)ri;
        }
    }
    if (rc == 0) {
        tr->mctx = pcre2_match_context_create(NULL);
        if (!tr->mctx)
            return cc_seterr(CC_ENOMEM, "out of memory");
        /* untrusted text: bound backtracking */
        pcre2_set_match_limit(tr->mctx, 100000);
        pcre2_set_depth_limit(tr->mctx, 1000);
        tr->list_past = cc_time_list_find(tr, "past");
        tr->list_future = cc_time_list_find(tr, "future");
        tr->list_past_suffix = cc_time_list_find(tr, "past_suffix");
        tr->list_fin_quarter = cc_time_list_find(tr, "fin_quarter");
        tr->list_tense_neutral = cc_time_list_find(tr, "tense_neutral");
        tr->list_governor_skip = cc_time_list_find(tr, "governor_skip");
        tr->list_passive_aux = cc_time_list_find(tr, "passive_aux");
        tr->list_past_prep = cc_time_list_find(tr, "past_prep");
        tr->list_future_prep = cc_time_list_find(tr, "future_prep");
        tr->list_clock_link = cc_time_list_find(tr, "clock_link");
        int nargs;
        tr->func_relfin = cc_time_func_find("relfin", &nargs);

        tr->func_later = cc_time_func_find("later", &nargs);
        tr->func_laterpod = cc_time_func_find("laterpod", &nargs);
        tr->func_tensepod = cc_time_func_find("tensepod", &nargs);
        tr->func_time = cc_time_func_find("time", &nargs);
    }
    return rc;
}

static void free_template(cc_time_template *t)
{
    for (int i = 0; i < t->nargs; i++)
        free(t->args[i].lit);
}

void cc_time_fini(struct cc_context *ctx)
{
    struct cc_time_rules *tr = ctx->time;
    if (!tr)
        return;
    for (size_t i = 0; i < tr->lists.n; i++) {
        cc_time_list *l = CC_VEC_AT(&tr->lists, cc_time_list, i);
        for (size_t j = 0; j < l->words.n; j++) {
            cc_time_word *w = CC_VEC_AT(&l->words, cc_time_word, j);
            free(w->phrase);
            free(w->key);
            free(w->value);
        }
        cc_vec_free(&l->words);
        free(l->name);
        free(l->pattern);
    }
    cc_vec_free(&tr->lists);
    for (size_t i = 0; i < tr->rules.n; i++) {
        cc_time_rule *r = CC_VEC_AT(&tr->rules, cc_time_rule, i);
        free(r->name);
        free(r->source);
        pcre2_code_free(r->code);
        jit_free(r->jit);
        free_template(&r->tmpl);
    }
    cc_vec_free(&tr->rules);
    pcre2_match_context_free(tr->mctx);
    free(tr->triggers);
    free(tr->phrase_slots);
    free(tr->phrase_lists);
    for (int b = 0; b < 64; b++)
        cc_vec_free(&tr->rules_by_bit[b]);
    cc_vec_free(&tr->follows);
    free(tr);
    ctx->time = NULL;
}
