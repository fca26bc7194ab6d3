/*
 * gate.c: the two files the CI gate reads besides the corpus: the baseline (JSON, schema
 * crosscheck.baseline/1, the conflicts people accepted as known) and reviewer verdicts
 * (annotations/verdicts.tsv). It reads and validates them; it does not decide what is new
 * (the gate command does, from fingerprints) and does not write the baseline (the command
 * writes it atomically with the report it already has).
 */
#include <string.h>

#include <jansson.h>

#include "internal.h"
#include "util.h"

#define BASELINE_SCHEMA "crosscheck.baseline/1"

struct cc_baseline {
    json_t *root; /* owns every string the entries point to */
    cc_baseline_entry *entries;
    size_t n;
};

struct cc_verdicts {
    cc_vec items; /* verdict_item, file order */
};

typedef struct {
    char *fingerprint;
    int verdict;
} verdict_item;

static int is_fingerprint(const char *s)
{
    return s && strlen(s) == 16 && strspn(s, "0123456789abcdef") == 16;
}

static const char *opt_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* One claim of an entry: {"doc", "text"} required, "path" and "line" optional. */
static int read_side(cc_baseline_entry *e, int k, const json_t *c)
{
    e->doc[k] = json_string_value(json_object_get(c, "doc"));
    e->text[k] = json_string_value(json_object_get(c, "text"));
    e->path[k] = opt_str(c, "path");
    e->line[k] = (long)json_integer_value(json_object_get(c, "line"));
    return e->doc[k] && e->text[k] ? 0 : -1;
}

static int read_entry(cc_baseline_entry *e, const json_t *o, const char *path, size_t i)
{
    const char *fp = json_string_value(json_object_get(o, "fingerprint"));
    const json_t *claims = json_object_get(o, "claims");
    e->type = json_string_value(json_object_get(o, "type"));
    e->severity = json_string_value(json_object_get(o, "severity"));
    int sev;
    if (!is_fingerprint(fp))
        return cc_seterr(CC_EINPUT, "%s: conflicts[%zu]: 'fingerprint' is not 16 hex digits",
                         path, i);
    if (!e->type || !e->severity || cc_severity_parse(&sev, e->severity) < 0)
        return cc_seterr(CC_EINPUT, "%s: conflicts[%zu]: 'type' or 'severity' missing or invalid",
                         path, i);
    if (json_array_size(claims) != 2 || read_side(e, 0, json_array_get(claims, 0)) < 0 ||
        read_side(e, 1, json_array_get(claims, 1)) < 0)
        return cc_seterr(CC_EINPUT, "%s: conflicts[%zu]: 'claims' must be two objects with "
                         "'doc' and 'text'", path, i);
    memcpy(e->fingerprint, fp, 17);
    return 0;
}

static int read_entries(cc_baseline *b, const char *path)
{
    const char *schema = json_string_value(json_object_get(b->root, "schema"));
    const json_t *list = json_object_get(b->root, "conflicts");
    if (!schema || strcmp(schema, BASELINE_SCHEMA) != 0)
        return cc_seterr(CC_EINPUT, "%s: not a baseline (\"schema\" is not \"%s\")", path,
                         BASELINE_SCHEMA);
    if (!json_is_array(list))
        return cc_seterr(CC_EINPUT, "%s: \"conflicts\" is not an array", path);
    b->n = json_array_size(list);
    b->entries = cc_xcalloc(b->n ? b->n : 1, sizeof *b->entries);
    if (!b->entries)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < b->n; i++) {
        int rc = read_entry(&b->entries[i], json_array_get(list, i), path, i);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int cc_baseline_load(cc_baseline **out, const char *path)
{
    *out = NULL;
    cc_baseline *b = cc_xcalloc(1, sizeof *b);
    if (!b)
        return cc_seterr(CC_ENOMEM, "out of memory");
    json_error_t err;
    int rc;
    b->root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!b->root) {
        if (err.line < 1) /* jansson's line is -1 when the file could not be opened */
            rc = cc_seterr(CC_EINPUT, "%s: cannot read the baseline: %s", path, err.text);
        else
            rc = cc_seterr(CC_EINPUT, "%s:%d: not a JSON baseline: %s", path, err.line,
                           err.text);
        goto done;
    }
    rc = read_entries(b, path);
done:
    if (rc < 0)
        cc_baseline_free(b);
    else
        *out = b;
    return rc;
}

void cc_baseline_free(cc_baseline *b)
{
    if (!b)
        return;
    json_decref(b->root);
    free(b->entries);
    free(b);
}

size_t cc_baseline_n(const cc_baseline *b) { return b ? b->n : 0; }

const cc_baseline_entry *cc_baseline_at(const cc_baseline *b, size_t i)
{
    return b && i < b->n ? &b->entries[i] : NULL;
}

const cc_baseline_entry *cc_baseline_find(const cc_baseline *b, const char *fp)
{
    for (size_t i = 0; b && i < b->n; i++)
        if (strcmp(b->entries[i].fingerprint, fp) == 0)
            return &b->entries[i];
    return NULL;
}

/* ---- verdicts ------------------------------------------------------------------------------ */

/* Splits a line at TABs in place; returns the number of fields (at most max). */
static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    for (char *p = line; n < max;) {
        fields[n++] = p;
        p = strchr(p, '\t');
        if (!p)
            break;
        *p++ = '\0';
    }
    return n;
}

static int column_of(char **names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

static int parse_verdict(const char *s)
{
    if (strcmp(s, "confirmed") == 0)
        return CC_VERDICT_CONFIRMED;
    if (strcmp(s, "dismissed") == 0)
        return CC_VERDICT_DISMISSED;
    return CC_VERDICT_NONE;
}

enum { MAX_FIELDS = 32 };

/* Reads the lines after the header; `cols` holds the fingerprint and verdict columns. */
static int read_verdict_lines(cc_verdicts *v, char *p, const char *path, const int cols[2])
{
    char *fields[MAX_FIELDS];
    for (long line = 2; *p; line++) {
        char *nl = strchr(p, '\n'), *next = nl ? nl + 1 : p + strlen(p);
        if (nl)
            *nl = '\0';
        size_t len = strlen(p);
        if (len && p[len - 1] == '\r')
            p[len - 1] = '\0';
        if (*p) {
            int n = split_tabs(p, fields, MAX_FIELDS);
            int verdict = n > cols[0] && n > cols[1] ? parse_verdict(fields[cols[1]]) : 0;
            const char *fp = verdict ? fields[cols[0]] : "";
            if (strlen(fp) < 8 || strspn(fp, "0123456789abcdef") != strlen(fp))
                return cc_seterr(CC_EINPUT, "%s:%ld: no fingerprint and verdict "
                                 "(confirmed | dismissed) on this line", path, line);
            verdict_item *it = cc_vec_push(&v->items);
            if (!it || !(it->fingerprint = cc_strdup(fp)))
                return cc_seterr(CC_ENOMEM, "out of memory");
            it->verdict = verdict;
        }
        p = next;
    }
    return 0;
}

static int read_verdicts(cc_verdicts *v, char *data, const char *path)
{
    char *names[MAX_FIELDS];
    char *nl = strchr(data, '\n');
    if (nl)
        *nl = '\0';
    size_t len = strlen(data);
    if (len && data[len - 1] == '\r')
        data[len - 1] = '\0';
    int n = split_tabs(data, names, MAX_FIELDS);
    int cols[2] = {column_of(names, n, "fingerprint"), column_of(names, n, "verdict")};
    if (cols[0] < 0 || cols[1] < 0)
        return cc_seterr(CC_EINPUT, "%s:1: the header has no 'fingerprint' and 'verdict' columns",
                         path);
    return nl ? read_verdict_lines(v, nl + 1, path, cols) : 0;
}

int cc_verdicts_load(cc_verdicts **out, const char *path)
{
    *out = NULL;
    char *data = NULL;
    size_t len;
    cc_verdicts *v = cc_xcalloc(1, sizeof *v);
    if (!v)
        return cc_seterr(CC_ENOMEM, "out of memory");
    v->items = (cc_vec)CC_VEC_INIT(verdict_item);
    int rc = cc_read_file(path, &data, &len);
    if (rc == 0)
        rc = read_verdicts(v, data, path);
    free(data);
    if (rc < 0)
        cc_verdicts_free(v);
    else
        *out = v;
    return rc;
}

void cc_verdicts_free(cc_verdicts *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->items.n; i++)
        free(CC_VEC_AT(&v->items, verdict_item, i)->fingerprint);
    cc_vec_free(&v->items);
    free(v);
}

size_t cc_verdicts_n(const cc_verdicts *v) { return v ? v->items.n : 0; }

int cc_verdicts_get(const cc_verdicts *v, const char *fingerprint)
{
    for (size_t i = v ? v->items.n : 0; i-- > 0;) {
        const verdict_item *it = CC_VEC_AT(&v->items, verdict_item, i);
        if (strncmp(it->fingerprint, fingerprint, strlen(it->fingerprint)) == 0)
            return it->verdict;
    }
    return CC_VERDICT_NONE;
}
