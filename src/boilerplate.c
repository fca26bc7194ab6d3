/*
 * boilerplate.c: marks what is not article body (share lines, "READ ALSO" link lists,
 * comment prompts, bare URLs, photo captions and credits, emoji, hashtag signs, markdown
 * markers) with rules read from models/boilerplate.rules, finds the dateline ("DAKAR,
 * Senegal -") and the title when the metadata gave none.
 *
 * Rule file: `name TAB scope TAB pattern [TAB options]`; scopes are explained in
 * load_internal.h (cc_bp_scope); option "i" makes a rule caseless. Patterns are compiled once
 * with PCRE2_UTF|PCRE2_UCP (JIT when available) and run per line with match limits; text is
 * valid UTF-8 by now (normalize.c), so matching skips the UTF check. Whole-line rules are
 * anchored and skipped on lines longer than LONG_LINE (boilerplate lines are short), so a
 * huge single-line file costs one linear scan per inline rule.
 *
 * Removals only mark spans: the text itself is never changed (see load.c).
 *
 * Not here: metadata blocks and the glued date (meta.c), sentence splitting.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "load_internal.h"

enum { LONG_LINE = 4096, DATELINE_WINDOW = 10 };

static const struct {
    const char *name;
    cc_bp_scope scope;
} scopes[] = {{"line", CC_BP_LINE},          {"block", CC_BP_BLOCK},
              {"inline", CC_BP_INLINE},      {"caption", CC_BP_CAPTION},
              {"item", CC_BP_LIST_ITEM},     {"title-date", CC_BP_TITLE_DATE},
              {"dateline", CC_BP_DATELINE}};

static int parse_scope(const char *s, cc_bp_scope *out)
{
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++)
        if (strcmp(s, scopes[i].name) == 0) {
            *out = scopes[i].scope;
            return 1;
        }
    return 0;
}

/* needs=A|B|...: the literals a line must contain for the rule to be tried. */
static int parse_needs(cc_datafile *df, cc_bp_rule *r, const char *list, size_t len)
{
    const char *p = list, *end = list + len;
    while (p < end) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        size_t n = (size_t)((bar ? bar : end) - p);
        if (n == 0 || n >= CC_BP_NEED_LEN || r->nneeds == CC_BP_MAX_NEEDS)
            return cc_datafile_error(df, "rule '%s': needs= takes up to %d literals of 1 to %d "
                                         "bytes separated by '|'",
                                     r->name, CC_BP_MAX_NEEDS, CC_BP_NEED_LEN - 1);
        memcpy(r->needs[r->nneeds], p, n);
        r->needs[r->nneeds][n] = '\0';
        r->needs_len[r->nneeds] = strcmp(r->needs[r->nneeds], "nonascii") == 0 ? 0 : n;
        r->nneeds++;
        p += n + 1;
    }
    return 0;
}

/* Options, separated by spaces: "i" (caseless) and "needs=A|B". */
static int parse_options(cc_datafile *df, cc_bp_rule *r, uint32_t *opts)
{
    for (const char *o = df->fields[3]; *o;) {
        size_t n = strcspn(o, " ");
        if (n == 1 && *o == 'i') {
            *opts |= PCRE2_CASELESS;
            r->caseless = 1;
        } else if (n > 6 && strncmp(o, "needs=", 6) == 0) {
            int rc = parse_needs(df, r, o + 6, n - 6);
            if (rc < 0)
                return rc;
        } else if (n > 0)
            return cc_datafile_error(df, "rule '%s': unknown option '%.*s' (known: i, needs=)",
                                     r->name, (int)n, o);
        o += n;
        while (*o == ' ')
            o++;
    }
    return 0;
}

static int compile_rule(cc_datafile *df, cc_bp_rule *r)
{
    uint32_t opts = PCRE2_UTF | PCRE2_UCP;
    if (r->scope != CC_BP_INLINE)
        opts |= PCRE2_ANCHORED;
    if (df->nfields > 3) {
        int rc = parse_options(df, r, &opts);
        if (rc < 0)
            return rc;
    }
    int err;
    PCRE2_SIZE off;
    r->re = pcre2_compile((PCRE2_SPTR)df->fields[2], PCRE2_ZERO_TERMINATED, opts, &err, &off,
                          NULL);
    if (!r->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        return cc_datafile_error(df, "rule '%s': pattern error at offset %zu: %s", r->name,
                                 (size_t)off, (const char *)msg);
    }
    if (cc_jit_enabled())
        pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE); /* the interpreter is the fallback */
    return 0;
}

static int read_rules(struct cc_context *ctx, struct cc_load_rules *rules)
{
    cc_datafile df;
    int rc = cc_datafile_open(&df, ctx->models_dir, "boilerplate.rules"), more;
    if (rc < 0)
        return rc;
    cc_context_hash_file(ctx, df.data, df.len);
    size_t cap = 0;
    while (rc == 0 && (more = cc_datafile_next(&df)) > 0) {
        if (df.nfields < 3 || df.nfields > 4) {
            rc = cc_datafile_error(&df, "expected: name TAB scope TAB pattern [TAB options]");
            break;
        }
        if (rules->nrules == cap) {
            cap = cap ? cap * 2 : 16;
            cc_bp_rule *p = realloc(rules->rules, cap * sizeof *p);
            if (!p) {
                rc = cc_seterr(CC_ENOMEM, "out of memory");
                break;
            }
            rules->rules = p;
        }
        cc_bp_rule *r = &rules->rules[rules->nrules];
        memset(r, 0, sizeof *r);
        if (!parse_scope(df.fields[1], &r->scope)) {
            rc = cc_datafile_error(&df, "unknown scope '%s' (line, block, inline, caption, "
                                        "item, title-date, dateline)", df.fields[1]);
            break;
        }
        if (!(r->name = cc_strdup(df.fields[0]))) {
            rc = cc_seterr(CC_ENOMEM, "out of memory");
            break;
        }
        rules->nrules++;
        rc = compile_rule(&df, r);
    }
    if (rc == 0 && more < 0)
        rc = more;
    cc_datafile_close(&df);
    return rc;
}

static int read_meta_keys(struct cc_context *ctx, struct cc_load_rules *rules)
{
    cc_datafile df;
    int rc = cc_datafile_open(&df, ctx->models_dir, "metadata.keys"), more;
    if (rc < 0)
        return rc;
    cc_context_hash_file(ctx, df.data, df.len);
    while ((more = cc_datafile_next(&df)) > 0) {
        char **p = realloc(rules->meta_keys, (rules->nmeta_keys + 1) * sizeof *p);
        if (!p || !(p[rules->nmeta_keys] = cc_strdup(df.fields[0]))) {
            if (p)
                rules->meta_keys = p;
            rc = cc_seterr(CC_ENOMEM, "out of memory");
            break;
        }
        rules->meta_keys = p;
        rules->nmeta_keys++;
    }
    if (rc == 0 && more < 0)
        rc = more;
    cc_datafile_close(&df);
    return rc;
}

int cc_boilerplate_load(struct cc_context *ctx, struct cc_load_rules *rules)
{
    rules->mctx = pcre2_match_context_create(NULL);
    if (!rules->mctx)
        return cc_seterr(CC_ENOMEM, "out of memory");
    pcre2_set_match_limit(rules->mctx, 1000000);
    pcre2_set_depth_limit(rules->mctx, 10000);
    int rc = read_rules(ctx, rules);
    if (rc == 0)
        rc = read_meta_keys(ctx, rules);
    return rc;
}

void cc_boilerplate_free(struct cc_load_rules *rules)
{
    for (size_t i = 0; i < rules->nrules; i++) {
        free(rules->rules[i].name);
        pcre2_code_free(rules->rules[i].re);
    }
    free(rules->rules);
    for (size_t i = 0; i < rules->nmeta_keys; i++)
        free(rules->meta_keys[i]);
    free(rules->meta_keys);
    pcre2_match_context_free(rules->mctx);
}

const cc_bp_rule *cc_bp_first(const struct cc_load_rules *rules, cc_bp_scope scope)
{
    for (size_t i = 0; i < rules->nrules; i++)
        if (rules->rules[i].scope == scope)
            return &rules->rules[i];
    return NULL;
}

static int has_nonascii(const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL)
            return 1;
    }
    for (; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
}

/* The first occurrence of `c` or its other ASCII case in s[0, n), or NULL. */
static const char *find_either(const char *s, size_t n, char c, char other)
{
    const char *a = memchr(s, c, n);
    if (c == other)
        return a;
    const char *b = memchr(s, other, a ? (size_t)(a - s) : n);
    return b ? b : a;
}

static int has_literal(const char *s, size_t n, const char *lit, size_t m, int caseless)
{
    if (m == 0)
        return has_nonascii(s, n);
    unsigned char f = (unsigned char)lit[0];
    char lo = caseless ? (char)tolower(f) : lit[0], up = caseless ? (char)toupper(f) : lit[0];
    for (const char *p = s, *end = s + n; (size_t)(end - p) >= m; p++) {
        if (!(p = find_either(p, (size_t)(end - p), lo, up)) || (size_t)(end - p) < m)
            return 0;
        if (caseless ? strncasecmp(p, lit, m) == 0 : memcmp(p, lit, m) == 0)
            return 1;
    }
    return 0;
}

/* 1 when the rule has no needs= or the text holds one of its literals. */
static int worth_trying(const cc_bp_rule *r, const char *s, size_t n)
{
    for (int i = 0; i < r->nneeds; i++)
        if (has_literal(s, n, r->needs[i], r->needs_len[i], r->caseless))
            return 1;
    return r->nneeds == 0;
}

/* A rule that hits pcre2's match or depth limit on a line counts as not matching, and the
 * document gets one warning: the text is kept rather than the work stopped. */
static void limit_hit(cc_loadjob *job, const cc_bp_rule *r, size_t start)
{
    if (job->limit_warned)
        return;
    job->limit_warned = 1;
    long line, col;
    cc_doc_raw_linecol(job->doc, cc_doc_raw_offset(job->doc, start), &line, &col);
    cc_diag_emit(job->ctx, CC_DIAG_WARNING, "regex-limit", job->doc->path, line, 0, -1,
                 "boilerplate rule '%s' hit the pattern matching limit on this line: "
                 "treated as no match (further hits in this file not reported)", r->name);
}

int cc_bp_match(cc_loadjob *job, const cc_bp_rule *r, size_t start, size_t end,
                size_t from, int group, size_t *ms, size_t *me)
{
    if (!worth_trying(r, job->doc->text + from, end - from))
        return 0;
    int rc = pcre2_match(r->re, (PCRE2_SPTR)job->doc->text + start, end - start, from - start,
                         PCRE2_NO_UTF_CHECK, job->md, job->ctx->load->mctx);
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT)
        limit_hit(job, r, start);
    if (rc <= group)
        return 0; /* no match, a limit hit (treated as no match) or the group did not take part */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(job->md);
    if (ov[2 * group] == PCRE2_UNSET)
        return 0;
    *ms = start + ov[2 * group];
    *me = start + ov[2 * group + 1];
    return 1;
}

/* ---- applying the rules ------------------------------------------------------------------ */

typedef struct {
    size_t start, end;
    const char *rule;
} span_rule;

static size_t line_end(const struct cc_doc *doc, size_t pos)
{
    const char *nl = memchr(doc->text + pos, '\n', doc->text_len - pos);
    return nl ? (size_t)(nl - doc->text) : doc->text_len;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

static const cc_bp_rule *match_scope(cc_loadjob *job, cc_bp_scope scope, size_t ls,
                                     size_t le)
{
    const struct cc_load_rules *rules = job->ctx->load;
    size_t ms, me;
    for (size_t i = 0; i < rules->nrules; i++)
        if (rules->rules[i].scope == scope &&
            cc_bp_match(job, &rules->rules[i], ls, le, ls, 0, &ms, &me))
            return &rules->rules[i];
    return NULL;
}

/* A block rule's header at ls: extends *end over the list items (and blank lines between
 * them) that follow. */
static const cc_bp_rule *match_block(cc_loadjob *job, size_t ls, size_t le, size_t *end)
{
    const cc_bp_rule *r = match_scope(job, CC_BP_BLOCK, ls, le);
    if (!r)
        return NULL;
    const struct cc_doc *doc = job->doc;
    *end = le;
    for (size_t pos = le + 1; pos < doc->text_len;) {
        size_t e = line_end(doc, pos);
        if (!is_blank(doc->text + pos, e - pos)) {
            if (e - pos > LONG_LINE || !match_scope(job, CC_BP_LIST_ITEM, pos, e))
                break;
            *end = e;
        }
        pos = e + 1;
    }
    return r;
}

/* Whole-line removals: block, line and caption rules. Returns the rule name and the end. */
static const char *whole_line(cc_loadjob *job, size_t ls, size_t le, size_t *end)
{
    const cc_bp_rule *r;
    if (le - ls > LONG_LINE)
        return NULL;
    if ((r = match_block(job, ls, le, end)) != NULL)
        return r->name;
    *end = le;
    if ((r = match_scope(job, CC_BP_LINE, ls, le)) != NULL)
        return r->name;
    if ((r = match_scope(job, CC_BP_CAPTION, ls, le)) != NULL)
        return r->name;
    return NULL;
}

static int span_cmp(const void *a, const void *b)
{
    const span_rule *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end; /* longer first */
}

/* Every match of every inline rule in text[from, le), added in order. */
static int inline_rules(cc_loadjob *job, cc_vec *found, size_t ls, size_t from, size_t le)
{
    const struct cc_load_rules *rules = job->ctx->load;
    found->n = 0;
    for (size_t i = 0; i < rules->nrules; i++) {
        const cc_bp_rule *r = &rules->rules[i];
        size_t at = from, ms, me;
        if (r->scope != CC_BP_INLINE)
            continue;
        while (at < le && cc_bp_match(job, r, ls, le, at, 0, &ms, &me)) {
            if (me > ms) {
                span_rule *s = cc_vec_push(found);
                if (!s)
                    return cc_seterr(CC_ENOMEM, "out of memory");
                *s = (span_rule){ms, me, r->name};
            }
            at = me > at ? me : at + 1;
            while (at < le && ((unsigned char)job->doc->text[at] & 0xC0) == 0x80)
                at++;
        }
    }
    if (found->n > 1)
        qsort(found->items, found->n, sizeof(span_rule), span_cmp);
    for (size_t i = 0; i < found->n; i++) {
        const span_rule *s = CC_VEC_AT(found, span_rule, i);
        int rc = cc_removal_add(job, s->start, s->end, s->rule);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int dateline(cc_loadjob *job, size_t ls, size_t le, size_t from)
{
    const cc_bp_rule *r = cc_bp_first(job->ctx->load, CC_BP_DATELINE);
    size_t ms, me, ps, pe;
    if (!r || from != ls || le - ls > LONG_LINE * 16 ||
        !cc_bp_match(job, r, ls, le, ls, 0, &ms, &me) ||
        !cc_bp_match(job, r, ls, le, ls, 1, &ps, &pe))
        return 0;
    struct cc_doc *doc = job->doc;
    if (!(doc->dateline = cc_strndup(doc->text + ps, pe - ps)))
        return cc_seterr(CC_ENOMEM, "out of memory");
    return cc_removal_add(job, ms, me, r->name);
}

static int ends_sentence(const char *s, size_t n)
{
    while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '"' || s[n - 1] == '\'' ||
                 s[n - 1] == ')'))
        n--;
    if (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\x9D", 3) == 0 || /* closing quotes */
                   memcmp(s + n - 3, "\xE2\x80\x99", 3) == 0))
        n -= 3;
    if (n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0) /* ellipsis */
        return 1;
    return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?' || s[n - 1] == ':');
}

int cc_boilerplate_apply(cc_loadjob *job)
{
    struct cc_doc *doc = job->doc;
    cc_vec found = CC_VEC_INIT(span_rule);
    int rc = 0, nonblank = 0;
    for (size_t ls = job->body; rc == 0 && ls < doc->text_len;) {
        size_t le = line_end(doc, ls), end;
        if (is_blank(doc->text + ls, le - ls)) {
            ls = le + 1;
            continue;
        }
        size_t last = doc->removals.n
                          ? CC_VEC_AT(&doc->removals, cc_removal, doc->removals.n - 1)->span.end
                          : 0;
        size_t from = last > ls ? last : ls;
        const char *whole = from == ls ? whole_line(job, ls, le, &end) : NULL;
        if (whole) {
            rc = cc_removal_add(job, ls, end, whole);
            ls = end + 1;
            continue;
        }
        /* news text often has one paragraph a line: any early line may carry it */
        if (!doc->dateline && nonblank < DATELINE_WINDOW &&
            ends_sentence(doc->text + ls, le - ls)) /* not a title line */
            rc = dateline(job, ls, le, from);
        if (rc == 0)
            rc = inline_rules(job, &found, ls, from, le);
        nonblank++;
        ls = le + 1;
    }
    cc_vec_free(&found);
    return rc;
}
