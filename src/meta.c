/*
 * meta.c: a document's metadata (DESIGN §4): a `---` fenced block at the very top, or a
 * header block of `key: value` lines ended by a blank line (only when its first key is one
 * of models/metadata.keys and every line of the block is `key: value`), a date glued to the
 * first line (" date 2026-02-01 Title..."), and the rows of a manifest.tsv.
 *
 * The metadata lines stay in the text and are marked by a removal with rule "metadata" (the
 * glued date by "glued-date"), so that offsets never move and the segmenter skips them. Keys
 * are lower-cased; unknown keys are kept and ignored. A date must be YYYY-MM-DD and a real
 * day, or `unknown`; anything else is a warning naming file:line and the date stays unknown.
 * The file's own metadata wins over its manifest row.
 *
 * Not here: dates inferred from the body (the time stage does that), boilerplate.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "load_internal.h"

/* Metadata blocks are short; the cap keeps line numbering (a scan from the top) linear. */
enum { MAX_META_LINES = 100 };

static size_t line_end(const char *t, size_t len, size_t pos)
{
    const char *nl = memchr(t + pos, '\n', len - pos);
    return nl ? (size_t)(nl - t) : len;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

int cc_meta_set(struct cc_doc *doc, const char *key, size_t klen, const char *value,
                size_t vlen, long line)
{
    trim(&value, &vlen);
    if (vlen >= 2 && (value[0] == '"' || value[0] == '\'') && value[vlen - 1] == value[0])
        value++, vlen -= 2;
    char *k = cc_strndup(key, klen);
    if (!k)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (char *p = k; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (cc_doc_meta(doc, k)) { /* the first value given wins */
        free(k);
        return 0;
    }
    cc_meta *m = cc_vec_push(&doc->meta);
    char *v = cc_strndup(value, vlen);
    if (!m || !v) {
        free(k);
        free(v);
        if (m)
            doc->meta.n--;
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    m->key = k;
    m->value = v;
    m->line = line;
    return 0;
}

/* "key: value" with a key of letters, digits, '_' and '-'. */
static int split_key_value(const char *s, size_t n, size_t *klen, size_t *vstart)
{
    size_t i = 0;
    while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
        i++;
    if (i == 0 || i >= n || s[i] != ':' || !isalpha((unsigned char)s[0]))
        return 0;
    if (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')
        return 0; /* "http://..." is not a key */
    *klen = i;
    *vstart = i + 1;
    return 1;
}

static int parse_iso_date(const char *s, size_t n, cc_date *d)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return 0;
    d->year = atoi(s);
    d->month = (s[5] - '0') * 10 + (s[6] - '0');
    d->day = (s[8] - '0') * 10 + (s[9] - '0');
    return 1;
}

int cc_meta_date(cc_loadjob *job, const char *value, const char *evidence,
                 const char *diag_path, long diag_line)
{
    struct cc_doc *doc = job->doc;
    size_t n = strlen(value);
    cc_date d = {0, 0, 0};
    if (strcmp(value, "unknown") == 0)
        return 0;
    if (!parse_iso_date(value, n, &d)) {
        cc_diag_emit(job->ctx, CC_DIAG_WARNING, "bad-date", diag_path, diag_line, 0, -1,
                     "date '%s' is not YYYY-MM-DD or 'unknown': the date is unknown", value);
        return 0;
    }
    if (!cc_date_valid(d.year, d.month, d.day)) {
        cc_diag_emit(job->ctx, CC_DIAG_WARNING, "bad-date", diag_path, diag_line, 0, -1,
                     "date '%s' is not a real day: the date is unknown", value);
        return 0;
    }
    char *ev = cc_strdup(evidence);
    if (!ev)
        return cc_seterr(CC_ENOMEM, "out of memory");
    free(doc->date_evidence);
    doc->date = d;
    doc->date_source = CC_DATE_METADATA;
    doc->date_evidence = ev;
    return 0;
}

/* Reads `key: value` lines of text[start, end); `where` names the block in evidence. */
static int parse_lines(cc_loadjob *job, size_t start, size_t end, const char *where)
{
    struct cc_doc *doc = job->doc;
    const char *t = doc->text;
    for (size_t pos = start; pos < end;) {
        size_t le = line_end(t, end, pos), klen, vs;
        const char *s = t + pos;
        size_t n = le - pos;
        long line = cc_doc_text_line(doc, pos);
        if (is_blank(s, n) || s[0] == '#') {
        } else if (!split_key_value(s, n, &klen, &vs)) {
            cc_diag_emit(job->ctx, CC_DIAG_WARNING, "metadata-syntax", doc->path, line, 0, -1,
                         "%s line is not 'key: value': ignored", where);
        } else {
            int rc = cc_meta_set(doc, s, klen, s + vs, n - vs, line);
            if (rc < 0)
                return rc;
            const cc_meta *m = CC_VEC_AT(&doc->meta, cc_meta, doc->meta.n - 1);
            if (m->line == line && strcmp(m->key, "date") == 0) {
                char ev[64];
                snprintf(ev, sizeof ev, "%s line %ld", where, line);
                if ((rc = cc_meta_date(job, m->value, ev, doc->path, line)) < 0)
                    return rc;
            }
        }
        pos = le + 1;
    }
    return 0;
}

static int is_fence(const char *s, size_t n, const char *fence)
{
    size_t fl = strlen(fence);
    return n >= fl && memcmp(s, fence, fl) == 0 && is_blank(s + fl, n - fl);
}

/* A `---` block at the very top, closed within MAX_META_LINES; returns the end of its closing
 * line, or 0. (A markdown rule "---" with no close nearby is not metadata.) */
static size_t front_matter_end(const struct cc_doc *doc)
{
    const char *t = doc->text;
    size_t len = doc->text_len, le = line_end(t, len, 0);
    if (!is_fence(t, le, "---"))
        return 0;
    int nlines = 0;
    for (size_t pos = le + 1; pos < len && nlines++ < MAX_META_LINES;) {
        size_t e = line_end(t, len, pos);
        if (is_fence(t + pos, e - pos, "---") || is_fence(t + pos, e - pos, "..."))
            return e;
        pos = e + 1;
    }
    return 0;
}

static int known_key(const struct cc_context *ctx, const char *s, size_t n)
{
    const struct cc_load_rules *r = ctx->load;
    for (size_t i = 0; i < r->nmeta_keys; i++)
        if (strlen(r->meta_keys[i]) == n && strncasecmp(r->meta_keys[i], s, n) == 0)
            return 1;
    return 0;
}

/* A header block: `key: value` lines from the top to a blank line, the first key known. */
static size_t header_block_end(const cc_loadjob *job)
{
    const struct cc_doc *doc = job->doc;
    const char *t = doc->text;
    size_t len = doc->text_len, pos = 0, last = 0, klen, vs;
    for (int nlines = 0; pos < len; nlines++) {
        size_t le = line_end(t, len, pos);
        if (is_blank(t + pos, le - pos))
            break;
        if (nlines == MAX_META_LINES)
            return 0;
        if (!split_key_value(t + pos, le - pos, &klen, &vs))
            return 0;
        if (pos == 0 && !known_key(job->ctx, t, klen))
            return 0;
        last = le;
        pos = le + 1;
    }
    return last;
}

/* " date 2026-02-01 Title" on the first non-empty line of the body. */
static int glued_date(cc_loadjob *job)
{
    struct cc_doc *doc = job->doc;
    const cc_bp_rule *r = cc_bp_first(job->ctx->load, CC_BP_TITLE_DATE);
    size_t pos = job->body, len = doc->text_len;
    while (pos < len) {
        size_t le = line_end(doc->text, len, pos);
        if (!is_blank(doc->text + pos, le - pos))
            break;
        pos = le + 1;
    }
    if (!r || pos >= len)
        return 0;
    size_t le = line_end(doc->text, len, pos), ms, me, ds, de;
    if (!cc_bp_match(job, r, pos, le, pos, 0, &ms, &me) ||
        !cc_bp_match(job, r, pos, le, pos, 1, &ds, &de))
        return 0;
    const char *ev_s = doc->text + ms;
    size_t ev_n = me - ms;
    trim(&ev_s, &ev_n);
    char date[32], ev[160];
    snprintf(date, sizeof date, "%.*s", (int)(de - ds < 31 ? de - ds : 31), doc->text + ds);
    snprintf(ev, sizeof ev, "title line: %.*s", (int)(ev_n < 140 ? ev_n : 140), ev_s);
    int rc = 0;
    if (!cc_doc_meta(doc, "date")) {
        rc = cc_meta_set(doc, "date", 4, date, strlen(date), cc_doc_text_line(doc, pos));
        if (rc == 0)
            rc = cc_meta_date(job, date, ev, doc->path, cc_doc_text_line(doc, pos));
    }
    if (rc == 0 && !cc_doc_meta(doc, "title") && le > me)
        rc = cc_meta_set(doc, "title", 5, doc->text + me, le - me, 0);
    if (rc == 0)
        rc = cc_removal_add(job, ms, me, r->name);
    return rc;
}

int cc_meta_parse(cc_loadjob *job)
{
    struct cc_doc *doc = job->doc;
    size_t end = front_matter_end(doc);
    int rc = 0;
    if (end) {
        size_t first = line_end(doc->text, doc->text_len, 0) + 1;
        size_t close = end;
        while (close > first && doc->text[close - 1] != '\n')
            close--;
        rc = parse_lines(job, first, close, "front matter");
    } else if ((end = header_block_end(job)) > 0) {
        rc = parse_lines(job, 0, end, "header");
    }
    if (rc == 0 && end) {
        rc = cc_removal_add(job, 0, end, "metadata");
        job->body = end < doc->text_len ? end + 1 : end;
    }
    if (rc == 0)
        rc = glued_date(job);
    return rc;
}

/* ---- manifest.tsv ------------------------------------------------------------------------ */

static void entry_free(cc_manifest_entry *e)
{
    for (size_t i = 0; i < e->meta.n; i++) {
        cc_meta *m = CC_VEC_AT(&e->meta, cc_meta, i);
        free(m->key);
        free(m->value);
    }
    cc_vec_free(&e->meta);
    free(e->file);
}

void cc_manifest_free(cc_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->entries.n; i++)
        entry_free(CC_VEC_AT(&m->entries, cc_manifest_entry, i));
    cc_vec_free(&m->entries);
    free(m->dir);
    free(m->path);
    free(m);
}

/* Splits a line on single TABs (empty fields kept); returns the number of fields. */
static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    for (char *p = line;; p++) {
        if (n < max)
            fields[n] = p;
        n++;
        p = strchr(p, '\t');
        if (!p)
            break;
        *p = '\0';
    }
    return n;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const cc_manifest_entry *)a)->file, ((const cc_manifest_entry *)b)->file);
}

static int manifest_row(cc_manifest *m, char **f, int nf, char **cols, int ncols, int filecol,
                        long line)
{
    cc_manifest_entry *e = cc_vec_push(&m->entries);
    if (!e)
        return CC_ENOMEM;
    e->meta = (cc_vec)CC_VEC_INIT(cc_meta);
    e->manifest_path = m->path;
    e->line = line;
    e->file = cc_strdup(f[filecol]);
    if (!e->file)
        return CC_ENOMEM;
    for (int i = 0; i < nf && i < ncols; i++) {
        if (i == filecol || !*f[i])
            continue;
        cc_meta *mm = cc_vec_push(&e->meta);
        if (!mm)
            return CC_ENOMEM;
        mm->key = cc_strdup(cols[i]);
        mm->value = cc_strdup(f[i]);
        mm->line = line;
        if (!mm->key || !mm->value)
            return CC_ENOMEM;
    }
    return 0;
}

static int manifest_parse(cc_manifest *m, const struct cc_context *ctx, char *data)
{
    enum { MAXCOLS = 16 };
    char *cols[MAXCOLS], *f[MAXCOLS];
    int ncols = 0, filecol = -1, datecol = -1;
    long line = 0;
    for (char *p = data, *next; p && *p; p = next) {
        next = strchr(p, '\n');
        if (next)
            *next++ = '\0';
        line++;
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r')
            p[--n] = '\0';
        if (n == 0 || p[0] == '#')
            continue;
        if (ncols == 0) {
            ncols = split_tabs(p, cols, MAXCOLS);
            for (int i = 0; i < ncols && i < MAXCOLS; i++) {
                for (char *c = cols[i]; *c; c++)
                    *c = (char)tolower((unsigned char)*c);
                if (strcmp(cols[i], "file") == 0)
                    filecol = i;
                else if (strcmp(cols[i], "date") == 0)
                    datecol = i;
            }
            if (ncols > MAXCOLS || filecol < 0 || datecol < 0) {
                cc_diag_emit(ctx, CC_DIAG_WARNING, "manifest", m->path, line, 0, -1,
                             "the header row needs at most %d columns including 'file' and "
                             "'date': manifest ignored", MAXCOLS);
                return 0;
            }
            continue;
        }
        int nf = split_tabs(p, f, MAXCOLS);
        if (nf != ncols || !*f[filecol]) {
            cc_diag_emit(ctx, CC_DIAG_WARNING, "manifest", m->path, line, 0, -1,
                         "expected %d tab-separated fields with a file name, found %d: line "
                         "ignored", ncols, nf);
            continue;
        }
        if (manifest_row(m, f, nf, cols, ncols, filecol, line) < 0)
            return cc_seterr(CC_ENOMEM, "out of memory");
    }
    if (m->entries.n > 1)
        qsort(m->entries.items, m->entries.n, sizeof(cc_manifest_entry), entry_cmp);
    return 0;
}

int cc_manifest_read(cc_manifest **out, const struct cc_context *ctx, const char *dir,
                     const char *path)
{
    *out = NULL;
    cc_manifest *m = cc_xcalloc(1, sizeof *m);
    char *data = NULL;
    size_t len;
    int rc = CC_ENOMEM;
    if (!m || !(m->dir = cc_strdup(dir)) || !(m->path = cc_strdup(path)))
        goto done;
    m->entries = (cc_vec)CC_VEC_INIT(cc_manifest_entry);
    rc = cc_read_file(path, &data, &len);
    if (rc == CC_ENOMEM)
        goto done;
    if (rc < 0) {
        cc_diag_emit(ctx, CC_DIAG_WARNING, "manifest", path, 0, 0, -1, "%s", cc_errmsg());
        rc = 0;
        goto done;
    }
    rc = manifest_parse(m, ctx, data);
done:
    free(data);
    if (rc < 0 || !m || !m->path) {
        cc_manifest_free(m);
        return rc < 0 ? rc : cc_seterr(CC_ENOMEM, "out of memory");
    }
    *out = m;
    return 0;
}

const cc_manifest_entry *cc_manifest_find(const cc_manifest *m, const char *file)
{
    cc_manifest_entry key;
    key.file = (char *)file;
    if (m->entries.n == 0)
        return NULL;
    return bsearch(&key, m->entries.items, m->entries.n, sizeof key, entry_cmp);
}

int cc_meta_apply_manifest(cc_loadjob *job)
{
    const cc_manifest_entry *e = job->manifest;
    if (!e)
        return 0;
    int own_date = cc_doc_meta(job->doc, "date") != NULL;
    for (size_t i = 0; i < e->meta.n; i++) {
        const cc_meta *m = CC_VEC_AT(&e->meta, cc_meta, i);
        int rc = cc_meta_set(job->doc, m->key, strlen(m->key), m->value, strlen(m->value), 0);
        if (rc == 0 && !own_date && strcmp(m->key, "date") == 0) {
            char ev[512];
            snprintf(ev, sizeof ev, "%s line %ld", e->manifest_path, e->line);
            rc = cc_meta_date(job, m->value, ev, e->manifest_path, e->line);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}
