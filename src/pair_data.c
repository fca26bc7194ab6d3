/*
 * pair_data.c: reads labelled pairs: the project's pairs TSV (annotations/pairs/ files, a
 * header naming at least id, label, text_a, text_b) and MRPC's release format (header
 * "Quality #1 ID #2 ID #1 String #2 String", told apart by its header), with a UTF-8 BOM,
 * CRLF line ends and stray control bytes (MRPC train has a 0x12 in one sentence: control
 * bytes become spaces). Labels are mapped to the positive / negative class of a task. It
 * does not tokenize (pair_side.c does).
 */
#include <string.h>

#include "pairs.h"

const char *cc_pair_task_name(cc_pair_task task)
{
    return task == CC_TASK_PARAPHRASE ? "paraphrase" : "same-fact";
}

int cc_pair_task_parse(cc_pair_task *out, const char *name)
{
    if (strcmp(name, "same-fact") == 0)
        *out = CC_TASK_SAME_FACT;
    else if (strcmp(name, "paraphrase") == 0)
        *out = CC_TASK_PARAPHRASE;
    else
        return cc_seterr(CC_EUSAGE, "unknown task '%s' (same-fact or paraphrase)", name);
    return 0;
}

int cc_pairset_new(cc_pairset **out)
{
    cc_pairset *ps = cc_xcalloc(1, sizeof *ps);
    *out = ps;
    if (!ps)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ps->pairs = (cc_vec)CC_VEC_INIT(cc_pair);
    ps->hash = CC_FNV_SEED;
    snprintf(ps->checksum, sizeof ps->checksum, "%016llx", (unsigned long long)ps->hash);
    return 0;
}

void cc_pairset_free(cc_pairset *ps)
{
    if (!ps)
        return;
    cc_vec_free(&ps->pairs);
    cc_arena_free(&ps->arena);
    free(ps);
}

size_t cc_pairset_n(const cc_pairset *ps) { return ps->pairs.n; }
const cc_pair *cc_pairset_at(const cc_pairset *ps, size_t i)
{
    return i < ps->pairs.n ? CC_VEC_AT(&ps->pairs, cc_pair, i) : NULL;
}
const char *cc_pairset_checksum(const cc_pairset *ps) { return ps->checksum; }

enum { MAX_COLS = 16 };

typedef struct {
    const char *path;
    long line;
    char *cols[MAX_COLS];
    int ncols;
} row;

/* Splits a line (NUL-terminated, CR removed) on TAB; control bytes become spaces. */
static int split(row *r, char *s)
{
    r->ncols = 0;
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t')
            *p = ' ';
    for (;;) {
        if (r->ncols == MAX_COLS)
            return cc_seterr(CC_EINPUT, "%s:%ld: more than %d columns", r->path, r->line,
                             MAX_COLS);
        r->cols[r->ncols++] = s;
        char *tab = strchr(s, '\t');
        if (!tab)
            return 0;
        *tab = '\0';
        s = tab + 1;
    }
}

typedef struct {
    int mrpc;
    int id, label, a, b, id2; /* column indexes; id2 only for MRPC */
    int ncols;
    size_t first; /* the first pair of this file in the set (retractions look from it) */
} layout;

static int col_index(const row *r, const char *name)
{
    for (int i = 0; i < r->ncols; i++)
        if (strcmp(r->cols[i], name) == 0)
            return i;
    return -1;
}

static int read_header(layout *l, const row *r)
{
    size_t first = l->first;
    memset(l, 0, sizeof *l);
    l->first = first;
    l->ncols = r->ncols;
    if (r->ncols == 5 && strcmp(r->cols[0], "Quality") == 0 &&
        strcmp(r->cols[3], "#1 String") == 0 && strcmp(r->cols[4], "#2 String") == 0) {
        *l = (layout){1, 1, 0, 3, 4, 2, 5, first};
        return 0;
    }
    l->id = col_index(r, "id");
    l->label = col_index(r, "label");
    l->a = col_index(r, "text_a");
    l->b = col_index(r, "text_b");
    l->id2 = -1;
    if (l->id < 0 || l->label < 0 || l->a < 0 || l->b < 0)
        return cc_seterr(CC_EINPUT,
                         "%s:%ld: not a pairs file: the header needs the columns id, label, "
                         "text_a, text_b (or MRPC's 'Quality #1 ID #2 ID #1 String #2 String')",
                         r->path, r->line);
    return 0;
}

static int map_label(int *out, const char *label, int mrpc, cc_pair_task task)
{
    if (mrpc && (strcmp(label, "1") == 0 || strcmp(label, "0") == 0)) {
        *out = label[0] == '1';
        return 0;
    }
    if (mrpc)
        return -1;
    if (strcmp(label, "same") == 0)
        *out = 1;
    else if (strcmp(label, "conflict") == 0)
        *out = task == CC_TASK_SAME_FACT;
    else if (strcmp(label, "different") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

static const char *blank_field(const row *r, const layout *l)
{
    const int want[] = {l->label, l->a, l->b};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *s = r->cols[want[i]];
        while (*s == ' ')
            s++;
        if (!*s)
            return i == 0 ? "label" : i == 1 ? "first text" : "second text";
    }
    return NULL;
}

/* A retraction (an annotator's undo) withdraws the latest pair of this file with its id. */
static int retract(cc_pairset *ps, const layout *l, const row *r)
{
    const char *id = r->cols[l->id];
    for (size_t i = ps->pairs.n; i-- > l->first;) {
        cc_pair *p = CC_VEC_AT(&ps->pairs, cc_pair, i);
        if (strcmp(p->id, id) != 0)
            continue;
        memmove(p, p + 1, (ps->pairs.n - i - 1) * sizeof *p);
        ps->pairs.n--;
        return 0;
    }
    return cc_seterr(CC_EINPUT, "%s:%ld: retracts '%s', which no earlier line of the file labels",
                     r->path, r->line, id);
}

static int add_row(cc_pairset *ps, const layout *l, const row *r, cc_pair_task task)
{
    if (r->ncols != l->ncols)
        return cc_seterr(CC_EINPUT, "%s:%ld: %d columns, the header has %d", r->path, r->line,
                         r->ncols, l->ncols);
    const char *blank = blank_field(r, l);
    if (blank)
        return cc_seterr(CC_EINPUT, "%s:%ld: empty %s", r->path, r->line, blank);
    if (!l->mrpc && strcmp(r->cols[l->label], CC_LABEL_RETRACT) == 0)
        return retract(ps, l, r);
    cc_pair p = {0};
    if (map_label(&p.label, r->cols[l->label], l->mrpc, task) < 0)
        return cc_seterr(CC_EINPUT, "%s:%ld: label '%s' is not %s", r->path, r->line,
                         r->cols[l->label], l->mrpc ? "0 or 1" : "same, conflict or different");
    char id[256];
    if (l->mrpc)
        snprintf(id, sizeof id, "%s/%s", r->cols[l->id], r->cols[l->id2]);
    else
        snprintf(id, sizeof id, "%s", r->cols[l->id]);
    p.id = cc_arena_strndup(&ps->arena, id, strlen(id));
    p.label_name = cc_arena_strndup(&ps->arena, r->cols[l->label], strlen(r->cols[l->label]));
    p.text_a = cc_arena_strndup(&ps->arena, r->cols[l->a], strlen(r->cols[l->a]));
    p.text_b = cc_arena_strndup(&ps->arena, r->cols[l->b], strlen(r->cols[l->b]));
    p.path = r->path;
    p.line = r->line;
    cc_pair *slot = cc_vec_push(&ps->pairs);
    if (!p.id || !p.label_name || !p.text_a || !p.text_b || !slot)
        return cc_seterr(CC_ENOMEM, "out of memory");
    *slot = p;
    return 0;
}

static void hash_pairs(cc_pairset *ps, size_t from)
{
    for (size_t i = from; i < ps->pairs.n; i++) {
        const cc_pair *p = CC_VEC_AT(&ps->pairs, cc_pair, i);
        char lab = (char)('0' + p->label);
        ps->hash = cc_fnv1a(&lab, 1, ps->hash);
        ps->hash = cc_fnv1a(p->text_a, strlen(p->text_a) + 1, ps->hash);
        ps->hash = cc_fnv1a(p->text_b, strlen(p->text_b) + 1, ps->hash);
    }
    snprintf(ps->checksum, sizeof ps->checksum, "%016llx", (unsigned long long)ps->hash);
}

static int read_lines(cc_pairset *ps, const char *path, char *data, size_t len, cc_pair_task task)
{
    row r = {path, 0, {0}, 0};
    layout l = {0};
    l.first = ps->pairs.n;
    char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int rc = 0;
    while (rc == 0 && p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        int nul = memchr(p, '\0', (size_t)(stop - p)) != NULL;
        size_t valid = cc_utf8_valid_len(p, (size_t)(stop - p));
        *stop = '\0';
        if (stop > p && stop[-1] == '\r')
            stop[-1] = '\0';
        r.line++;
        if (nul)
            rc = cc_seterr(CC_EINPUT, "%s:%ld: NUL byte in the line", path, r.line);
        else if (p + valid < stop) /* the texts are tokenized later, far from file:line */
            rc = cc_seterr(CC_EINPUT, "%s:%ld:%zu: invalid UTF-8 at byte %lld", path, r.line,
                           valid + 1, (long long)(p + valid - data));
        else if (*p == '\0' && r.line > 1)
            ; /* a blank line */
        else if ((rc = split(&r, p)) == 0)
            rc = r.line == 1 ? read_header(&l, &r) : add_row(ps, &l, &r, task);
        p = stop + 1;
    }
    if (rc == 0 && r.line == 0)
        rc = cc_seterr(CC_EINPUT, "%s: empty file (no header)", path);
    return rc;
}

int cc_pairset_add_file(cc_pairset *ps, const char *path, cc_pair_task task)
{
    char *data = NULL;
    size_t len = 0;
    int rc = cc_read_file(path, &data, &len);
    if (rc < 0)
        return rc;
    const char *kept = cc_arena_strndup(&ps->arena, path, strlen(path));
    size_t before = ps->pairs.n;
    rc = kept ? read_lines(ps, kept, data, len, task) : cc_seterr(CC_ENOMEM, "out of memory");
    free(data);
    if (rc < 0) {
        ps->pairs.n = before;
        return rc;
    }
    hash_pairs(ps, before);
    return 0;
}
