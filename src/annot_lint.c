/*
 * annot_lint.c: validation of the files people write by hand for crosscheck: labelled claim
 * pairs (the .tsv files of annotations/pairs/, DESIGN §4) and reviewer verdicts (annotations/verdicts.tsv),
 * told apart by their header. Every problem is a diagnostic naming file:line; the caller
 * (`crosscheck annotate lint`, the gate) decides what an error means for its exit status.
 *
 * State is kept across the files of one run, so that an id used in two files, or one pair
 * labelled twice differently by the same annotator in two files, is found.
 *
 * Not here: reading pairs for training (pair_data.c), judging whether a label is right.
 */
#include <stdarg.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"

typedef struct {
    uint64_t key;   /* annotator + unordered normalized pair; or an id */
    char *label;    /* the label given, for pairs */
    char *where;    /* "file:line" of the first occurrence */
} seen_entry;

/* Entries with an open-addressing index over their keys (linear scans would make a large
 * annotation file quadratic). */
typedef struct {
    cc_vec entries; /* seen_entry */
    size_t *slots;  /* entry index + 1, 0 when empty */
    size_t cap;
} seen_set;

struct cc_lint {
    const struct cc_context *ctx;
    seen_set seen_pairs;
    seen_set seen_ids;
    size_t errors, warnings, lines, files;
};

enum { MAX_COLS = 32 };

typedef enum { FILE_PAIRS, FILE_VERDICTS } file_kind;

/* One file being read: its header's column positions and the current line's fields. */
typedef struct {
    cc_lint *l;
    const char *path;
    long line;
    file_kind kind;
    int ncols;
    char *names[MAX_COLS];
    char *fields[MAX_COLS];
    int nfields;
} lint_file;

static const char *const pair_required[] = {"label",    "text_a",    "text_b",    "source_a",
                                            "source_b", "annotator", "labeled_at"};
static const char *const verdict_required[] = {"fingerprint", "verdict", "reviewer", "time"};
static const char *const labels[] = {"same", "conflict", "different"};
static const char *const verdicts[] = {"confirmed", "dismissed"};
static const char *const types[] = {"role",     "time",  "weekday",     "number", "set",
                                    "scope", "polarity", "attribution", "-"};

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

static void report(lint_file *f, cc_diag_level level, const char *code, const char *fmt, ...)
    CC_PRINTF(4, 5);

static void report(lint_file *f, cc_diag_level level, const char *code, const char *fmt, ...)
{
    if (level == CC_DIAG_ERROR)
        f->l->errors++;
    else
        f->l->warnings++;
    char msg[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cc_diag_emit(f->l->ctx, level, code, f->path, f->line, 0, -1, "%s", msg);
}

static int in_set(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, set[i]) == 0)
            return 1;
    return 0;
}

static int column(const lint_file *f, const char *name)
{
    for (int i = 0; i < f->ncols; i++)
        if (strcmp(f->names[i], name) == 0)
            return i;
    return -1;
}

static const char *field(const lint_file *f, const char *name)
{
    int i = column(f, name);
    return i >= 0 && i < f->nfields ? f->fields[i] : NULL;
}

/* Splits a line (NUL-terminated, no newline) on TABs into out[]; returns the count. */
static int split(char *line, char **out)
{
    int n = 0;
    for (char *p = line;;) {
        if (n == MAX_COLS)
            return MAX_COLS + 1;
        out[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            return n;
        *tab = '\0';
        p = tab + 1;
    }
}

/* YYYY-MM-DD (a real day), optionally followed by a time ("T..." or " ..."). */
static int valid_date_prefix(const char *s)
{
    int y, m, d, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
        return 0;
    return cc_date_valid(y, m, d) && (s[10] == '\0' || s[10] == 'T' || s[10] == ' ');
}

static char *where(const lint_file *f)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s:%ld", f->path, f->line);
    return cc_strdup(buf);
}

static int seen_grow(seen_set *set)
{
    size_t cap = set->cap ? set->cap * 2 : 1024;
    size_t *slots = cc_xcalloc(cap, sizeof *slots);
    if (!slots)
        return CC_ENOMEM;
    for (size_t i = 0; i < set->entries.n; i++) {
        size_t j = CC_VEC_AT(&set->entries, seen_entry, i)->key & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = i + 1;
    }
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
    return 0;
}

/* The entry with this key, or a new one (label NULL) when none; NULL when out of memory. */
static seen_entry *seen(seen_set *set, uint64_t key, int *is_new)
{
    if ((set->entries.n + 1) * 2 > set->cap && seen_grow(set) < 0)
        return NULL;
    size_t j = key & (set->cap - 1);
    for (; set->slots[j]; j = (j + 1) & (set->cap - 1)) {
        seen_entry *e = CC_VEC_AT(&set->entries, seen_entry, set->slots[j] - 1);
        if (e->key == key) {
            *is_new = 0;
            return e;
        }
    }
    *is_new = 1;
    seen_entry *e = cc_vec_push(&set->entries);
    if (!e)
        return NULL;
    e->key = key;
    set->slots[j] = set->entries.n;
    return e;
}

static int check_id(lint_file *f)
{
    const char *id = field(f, "id");
    if (!id)
        return 0;
    int is_new;
    seen_entry *e = seen(&f->l->seen_ids, cc_fnv1a(id, strlen(id), CC_FNV_SEED), &is_new);
    if (!e)
        return CC_ENOMEM;
    if (is_new)
        e->where = where(f);
    else
        report(f, CC_DIAG_ERROR, "duplicate-id", "id '%s' is used twice", id);
    return 0;
}

/* The annotator and the unordered, normalized pair of texts of the line. */
static uint64_t pair_key(lint_file *f)
{
    const char *a = field(f, "text_a"), *b = field(f, "text_b"), *who = field(f, "annotator");
    uint64_t ha = cc_text_key(a, CC_FNV_SEED), hb = cc_text_key(b, CC_FNV_SEED);
    return cc_text_key(who, (ha < hb ? ha : hb) * 31 + (ha < hb ? hb : ha));
}

/* One pair labelled twice by the same annotator: an error when the labels differ. */
static int check_twice(lint_file *f)
{
    const char *who = field(f, "annotator"), *label = field(f, "label");
    uint64_t key = pair_key(f);
    int is_new;
    seen_entry *e = seen(&f->l->seen_pairs, key, &is_new);
    if (!e)
        return CC_ENOMEM;
    if (is_new || !e->label) { /* new, or its earlier label was retracted */
        free(e->where);
        e->label = cc_strdup(label);
        e->where = where(f);
        return 0;
    }
    char msg[1200];
    snprintf(msg, sizeof msg, "%s labelled this pair '%s' already at %s", who, e->label,
             e->where);
    if (strcmp(e->label, label) != 0)
        report(f, CC_DIAG_ERROR, "relabelled", "%s; now '%s'", msg, label);
    else
        report(f, CC_DIAG_WARNING, "labelled-twice", "%s", msg);
    return 0;
}

/* A retraction names an id labelled earlier and not yet retracted; the pair may then be
 * labelled again by the same annotator without counting as relabelled. */
static int check_retract_line(lint_file *f)
{
    const char *id = field(f, "id");
    if (!id || !*id) {
        report(f, CC_DIAG_ERROR, "bad-retract", "a retraction needs the id it retracts");
        return 0;
    }
    int is_new;
    seen_entry *e = seen(&f->l->seen_ids, cc_fnv1a(id, strlen(id), CC_FNV_SEED), &is_new);
    if (!e)
        return CC_ENOMEM;
    if (is_new) {
        e->where = where(f);
        e->label = cc_strdup(CC_LABEL_RETRACT);
        report(f, CC_DIAG_ERROR, "bad-retract", "retracts '%s', which no earlier line labels", id);
        return 0;
    }
    if (e->label) {
        report(f, CC_DIAG_ERROR, "bad-retract", "'%s' was retracted already", id);
        return 0;
    }
    e->label = cc_strdup(CC_LABEL_RETRACT);
    seen_entry *p = seen(&f->l->seen_pairs, pair_key(f), &is_new);
    if (!p)
        return CC_ENOMEM;
    if (is_new)
        p->where = where(f);
    free(p->label);
    p->label = NULL;
    return 0;
}

static int check_pair_line(lint_file *f)
{
    if (strcmp(field(f, "label"), CC_LABEL_RETRACT) == 0)
        return check_retract_line(f);
    for (size_t i = 0; i < COUNT(pair_required); i++) {
        const char *v = field(f, pair_required[i]);
        if (!*v)
            report(f, CC_DIAG_ERROR, "empty-field", "empty %s", pair_required[i]);
    }
    const char *label = field(f, "label");
    if (!in_set(label, labels, COUNT(labels)))
        report(f, CC_DIAG_ERROR, "bad-label", "label '%s' is not same, conflict or different",
               label);
    const char *type = field(f, "type");
    if (type && !in_set(type, types, COUNT(types)))
        report(f, CC_DIAG_ERROR, "bad-type", "type '%s' is not a DESIGN §6 type or '-'", type);
    if (type && strcmp(label, "conflict") == 0 && strcmp(type, "-") == 0)
        report(f, CC_DIAG_ERROR, "untyped-conflict", "a conflict needs its type");
    const char *dates[] = {"date_a", "date_b"};
    for (size_t i = 0; i < COUNT(dates); i++) {
        const char *d = field(f, dates[i]);
        if (d && strcmp(d, "unknown") != 0 && !valid_date_prefix(d))
            report(f, CC_DIAG_ERROR, "bad-date", "'%s' is no YYYY-MM-DD date nor 'unknown'", d);
    }
    const char *at = field(f, "labeled_at");
    if (*at && !valid_date_prefix(at))
        report(f, CC_DIAG_ERROR, "bad-date", "labeled_at '%s' is no date (YYYY-MM-DD...)", at);
    int rc = check_id(f);
    return rc < 0 ? rc : check_twice(f);
}

static int check_verdict_line(lint_file *f)
{
    for (size_t i = 0; i < COUNT(verdict_required); i++)
        if (!*field(f, verdict_required[i]))
            report(f, CC_DIAG_ERROR, "empty-field", "empty %s", verdict_required[i]);
    const char *v = field(f, "verdict"), *fp = field(f, "fingerprint"), *t = field(f, "time");
    if (!in_set(v, verdicts, COUNT(verdicts)))
        report(f, CC_DIAG_ERROR, "bad-verdict", "verdict '%s' is not confirmed or dismissed", v);
    size_t n = strspn(fp, "0123456789abcdef");
    if (*fp && (fp[n] != '\0' || n < 8))
        report(f, CC_DIAG_ERROR, "bad-fingerprint",
               "fingerprint '%s' is not 8 or more lower-case hex digits", fp);
    if (*t && !valid_date_prefix(t))
        report(f, CC_DIAG_ERROR, "bad-date", "time '%s' is no date (YYYY-MM-DD...)", t);
    return 0;
}

static int read_header(lint_file *f, char *line)
{
    f->ncols = split(line, f->names);
    if (f->ncols > MAX_COLS) {
        report(f, CC_DIAG_ERROR, "bad-header", "more than 32 columns in the header");
        return -1;
    }
    const char *const *req = pair_required;
    size_t nreq = COUNT(pair_required);
    f->kind = FILE_PAIRS;
    if (column(f, "fingerprint") >= 0) {
        f->kind = FILE_VERDICTS;
        req = verdict_required;
        nreq = COUNT(verdict_required);
    }
    int ok = 1;
    for (size_t i = 0; i < nreq; i++)
        if (column(f, req[i]) < 0) {
            report(f, CC_DIAG_ERROR, "bad-header", "the header has no '%s' column", req[i]);
            ok = 0;
        }
    if (!ok)
        cc_diag_emit(f->l->ctx, CC_DIAG_NOTE, "bad-header", f->path, 1, 0, -1,
                     "a pairs file needs label, text_a, text_b, source_a, source_b, "
                     "annotator, labeled_at; a verdicts file fingerprint, verdict, reviewer, "
                     "time (and note)");
    return ok ? 0 : -1;
}

static int lint_line(lint_file *f, char *line, size_t len)
{
    if (len && line[len - 1] == '\r') {
        line[--len] = '\0';
        report(f, CC_DIAG_WARNING, "crlf", "CRLF line ending");
    }
    if (cc_utf8_valid_len(line, len) < len) {
        report(f, CC_DIAG_ERROR, "utf8-invalid", "invalid UTF-8");
        return 0;
    }
    if (len == 0) {
        report(f, CC_DIAG_WARNING, "empty-line", "empty line");
        return 0;
    }
    if (f->line == 1)
        return read_header(f, line) < 0 ? 1 : 0;
    f->l->lines++;
    f->nfields = split(line, f->fields);
    if (f->nfields != f->ncols) {
        report(f, CC_DIAG_ERROR, "columns", "%s%d columns where the header has %d",
               f->nfields > MAX_COLS ? "more than " : "", f->nfields > MAX_COLS ? MAX_COLS
                                                                               : f->nfields,
               f->ncols);
        return 0;
    }
    return f->kind == FILE_PAIRS ? check_pair_line(f) : check_verdict_line(f);
}

int cc_lint_new(cc_lint **out, const cc_context *ctx)
{
    *out = cc_xcalloc(1, sizeof **out);
    if (!*out)
        return cc_seterr(CC_ENOMEM, "out of memory");
    (*out)->ctx = ctx;
    (*out)->seen_pairs.entries = (cc_vec)CC_VEC_INIT(seen_entry);
    (*out)->seen_ids.entries = (cc_vec)CC_VEC_INIT(seen_entry);
    return 0;
}

int cc_lint_file(cc_lint *l, const char *path)
{
    char *data;
    size_t len;
    int rc = cc_read_file(path, &data, &len);
    if (rc < 0) {
        l->errors++;
        cc_diag_emit(l->ctx, CC_DIAG_ERROR, "unreadable", path, 0, 0, -1, "%s", cc_errmsg());
        return rc;
    }
    l->files++;
    lint_file f = {l, path, 0, FILE_PAIRS, 0, {NULL}, {NULL}, 0};
    size_t start = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int stop = 0;
    for (size_t pos = start; pos < len && !stop && rc == 0;) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - data) - pos : len - pos;
        f.line++;
        if (!nl) /* the writer was stopped in the middle of a line */
            report(&f, CC_DIAG_ERROR, "half-line",
                   "the file ends in half a line (no final newline): the last entry may be "
                   "incomplete");
        if (memchr(data + pos, '\0', n))
            report(&f, CC_DIAG_ERROR, "nul-byte", "NUL byte in the line");
        data[pos + n] = '\0';
        int r = lint_line(&f, data + pos, n);
        if (r < 0)
            rc = cc_seterr(r, "out of memory");
        stop = r > 0; /* no usable header: the lines cannot be read */
        pos += n + 1;
    }
    if (f.line == 0) {
        f.line = 1;
        report(&f, CC_DIAG_ERROR, "empty", "the file is empty: no header");
    }
    free(data);
    return rc;
}

size_t cc_lint_errors(const cc_lint *l) { return l->errors; }
size_t cc_lint_warnings(const cc_lint *l) { return l->warnings; }
size_t cc_lint_lines(const cc_lint *l) { return l->lines; }

void cc_lint_free(cc_lint *l)
{
    if (!l)
        return;
    seen_set *sets[] = {&l->seen_pairs, &l->seen_ids};
    for (size_t k = 0; k < 2; k++) {
        for (size_t i = 0; i < sets[k]->entries.n; i++) {
            seen_entry *e = CC_VEC_AT(&sets[k]->entries, seen_entry, i);
            free(e->label);
            free(e->where);
        }
        cc_vec_free(&sets[k]->entries);
        free(sets[k]->slots);
    }
    free(l);
}
