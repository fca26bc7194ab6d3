/*
 * load.c: the load stage: files, directories and stdin become documents.
 *
 * For each file: skip it with a warning when it is too large (--max-doc-bytes) or binary
 * (magic numbers, or many NUL/control bytes in its first 8 KB); normalize its text with an
 * exact offset map (normalize.c); read its metadata and manifest row (meta.c); mark
 * boilerplate, the dateline and the title (boilerplate.c). A directory is walked recursively
 * (only *.txt and *.md, dot files skipped); every file found is loaded in byte order of its
 * full path so output does not depend on the file system. Symlink loops are detected by
 * (st_dev, st_ino) of the directories being walked; depth is capped at MAX_DEPTH. The files
 * of a directory are loaded on the worker threads of --jobs (parallel.c) into slots by
 * index and added to the corpus, diagnostics included, in that same order.
 *
 * Design choice: removed text STAYS in doc->text. A removal (doc->removals, sorted, never
 * overlapping) only marks a span with the rule that matched; the segmenter skips marked spans
 * (whole-line and block removals act as paragraph breaks, inline ones are simply skipped).
 * Offsets therefore never move after normalization, and `crosscheck docs` can show exactly
 * what went. With keep_boilerplate the removals of boilerplate rules are not recorded (the
 * notes are still emitted); metadata, glued-date and dateline removals always are, since they
 * are structure, not boilerplate.
 *
 * An empty or whitespace-only file is still added (with a warning "empty"), so that a corpus
 * listing shows it; it simply has no sentences.
 *
 * Not here: sentence splitting, dates inferred from the body (the time stage).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load_internal.h"
#include "parallel.h"

enum { MAX_DEPTH = 64, BINARY_PROBE = 8192, NOTE_EXCERPT = 80 };

int cc_load_init(struct cc_context *ctx)
{
    struct cc_load_rules *r = cc_xcalloc(1, sizeof *r);
    if (!r)
        return cc_seterr(CC_ENOMEM, "out of memory");
    ctx->load = r;
    int rc = cc_boilerplate_load(ctx, r);
    if (rc < 0)
        cc_load_fini(ctx);
    return rc;
}

void cc_load_fini(struct cc_context *ctx)
{
    if (!ctx->load)
        return;
    cc_boilerplate_free(ctx->load);
    free(ctx->load);
    ctx->load = NULL;
}

/* ---- helpers shared by the load modules -------------------------------------------------- */

long cc_doc_text_line(const struct cc_doc *doc, size_t text_offset)
{
    long line, col;
    cc_doc_raw_linecol(doc, cc_doc_raw_offset(doc, text_offset), &line, &col);
    return line;
}

/* Rule names live in the document's arena, so a document outlives its context. */
static const char *rule_name(struct cc_doc *doc, const char *rule)
{
    for (size_t i = doc->removals.n; i-- > 0;) {
        const cc_removal *r = CC_VEC_AT(&doc->removals, cc_removal, i);
        if (strcmp(r->rule, rule) == 0)
            return r->rule;
        if (doc->removals.n - i > 8)
            break;
    }
    return cc_arena_strndup(&doc->arena, rule, strlen(rule));
}

int cc_removal_add(cc_loadjob *job, size_t start, size_t end, const char *rule)
{
    struct cc_doc *doc = job->doc;
    if (end <= start)
        return 0;
    if (doc->removals.n &&
        CC_VEC_AT(&doc->removals, cc_removal, doc->removals.n - 1)->span.end > start)
        return 0; /* overlaps what an earlier rule took */
    const char *name = rule_name(doc, rule);
    cc_removal *r = name ? cc_vec_push(&doc->removals) : NULL;
    if (!r)
        return cc_seterr(CC_ENOMEM, "out of memory");
    r->span.start = start;
    r->span.end = end;
    r->rule = name;
    return 0;
}

/* ---- one document ------------------------------------------------------------------------ */

static struct cc_doc *doc_new(const char *path, const char *id, const char *data, size_t len)
{
    struct cc_doc *d = cc_doc_alloc();
    if (!d)
        return NULL;
    d->path = cc_strdup(path);
    d->id = cc_strdup(id);
    d->raw = cc_strndup(data, len);
    d->raw_len = len;
    cc_hash_hex(data, len, d->checksum);
    if (!d->path || !d->id || !d->raw) {
        cc_doc_free(d);
        return NULL;
    }
    return d;
}

static int is_binary(const char *data, size_t len)
{
    static const struct {
        const char *magic;
        size_t len;
    } magics[] = {{"\x89PNG", 4},      {"%PDF-", 5},   {"PK\x03\x04", 4}, {"\x1f\x8b", 2},
                  {"\x7f" "ELF", 4},   {"GIF8", 4},    {"\xff\xd8\xff", 3}};
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (len >= magics[i].len && memcmp(data, magics[i].magic, magics[i].len) == 0)
            return 1;
    size_t n = len < BINARY_PROBE ? len : BINARY_PROBE, control = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            control++;
    }
    return n && control * 10 > n; /* more than 10% */
}

static int is_blank_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

static int keeps_removal(const struct cc_context *ctx, const char *rule)
{
    const cc_bp_rule *td = cc_bp_first(ctx->load, CC_BP_TITLE_DATE);
    const cc_bp_rule *dl = cc_bp_first(ctx->load, CC_BP_DATELINE);
    return strcmp(rule, "metadata") == 0 || (td && strcmp(rule, td->name) == 0) ||
           (dl && strcmp(rule, dl->name) == 0);
}

/* One note per removal (one pass over the raw bytes for line numbers); drops the
 * boilerplate removals when keep_boilerplate is set. */
static void report_removals(cc_loadjob *job)
{
    struct cc_doc *doc = job->doc;
    const struct cc_context *ctx = job->ctx;
    size_t cursor = 0, line_start = 0, kept = 0;
    long line = 1;
    for (size_t i = 0; i < doc->removals.n; i++) {
        cc_removal *r = CC_VEC_AT(&doc->removals, cc_removal, i);
        size_t raw = cc_doc_raw_offset(doc, r->span.start);
        for (; cursor < raw; cursor++)
            if (doc->raw[cursor] == '\n')
                line++, line_start = cursor + 1;
        if (strcmp(r->rule, "metadata") != 0) {
            size_t n = r->span.end - r->span.start;
            int cut = n > NOTE_EXCERPT;
            if (cut) {
                n = NOTE_EXCERPT;
                while (n && ((unsigned char)doc->text[r->span.start + n] & 0xC0) == 0x80)
                    n--;
            }
            char excerpt[NOTE_EXCERPT + 1];
            for (size_t k = 0; k < n; k++) {
                char c = doc->text[r->span.start + k];
                excerpt[k] = c == '\n' || c == '\t' ? ' ' : c;
            }
            excerpt[n] = '\0';
            cc_diag_emit(ctx, CC_DIAG_NOTE, "boilerplate", doc->path, line,
                         (long)(raw - line_start) + 1, (long long)raw,
                         "removed by rule '%s': \"%s%s\"", r->rule, excerpt, cut ? "..." : "");
        }
        if (!ctx->opts.keep_boilerplate || keeps_removal(ctx, r->rule))
            *CC_VEC_AT(&doc->removals, cc_removal, kept++) = *r;
    }
    doc->removals.n = kept;
}

static int analyse(cc_loadjob *job)
{
    int rc = cc_meta_parse(job);
    if (rc == 0)
        rc = cc_meta_apply_manifest(job);
    if (rc == 0)
        rc = cc_boilerplate_apply(job);
    if (rc == 0)
        report_removals(job);
    return rc;
}

/* What loading one file gave: the document (NULL when skipped) and the errors it counts.
 * Filled on a worker thread, added to the corpus by keep_loaded() on the calling thread. */
typedef struct {
    struct cc_doc *doc;
    size_t nerrors;
} loaded;

/* Loads one document from memory; skipped files are warnings (0), strict failures errors. */
/* A document over --max-doc-bytes (found by its size before reading a file, by its length
 * for other sources): warned about and skipped, the others go on. */
static int skip_too_large(const struct cc_context *ctx, const char *path, size_t size)
{
    cc_diag_emit(ctx, CC_DIAG_WARNING, "too-large", path, 0, 0, -1,
                 "%zu bytes is more than the limit of %zu (raise it with --max-doc-bytes): "
                 "skipped", size, ctx->opts.max_doc_bytes);
    return 0;
}

static int load_doc(loaded *out, const struct cc_context *ctx, const char *path,
                    const char *id, const char *data, size_t len,
                    const cc_manifest_entry *manifest)
{
    if (len > ctx->opts.max_doc_bytes)
        return skip_too_large(ctx, path, len);
    if (is_binary(data, len)) {
        cc_diag_emit(ctx, CC_DIAG_WARNING, "binary-skipped", path, 0, 0, -1,
                     "looks like a binary file, not text: skipped");
        return 0;
    }
    struct cc_doc *doc = doc_new(path, id, data, len);
    if (!doc)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cc_loadjob job = {ctx, doc, manifest, NULL, 0, 0};
    long ninvalid = cc_normalize(doc, ctx);
    int rc = ninvalid < 0 ? (int)ninvalid : 0;
    if (rc == 0 && ninvalid > 0 && ctx->opts.strict) {
        out->nerrors++;
        rc = cc_seterr(CC_EINPUT, "%s: invalid UTF-8 (strict mode)", path);
    }
    if (rc == 0 && is_blank_text(doc->text, doc->text_len))
        cc_diag_emit(ctx, CC_DIAG_WARNING, "empty", path, 0, 0, -1,
                     "the file has no text: added with no sentences");
    if (rc == 0 && !(job.md = pcre2_match_data_create(16, NULL)))
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    if (rc == 0)
        rc = analyse(&job);
    pcre2_match_data_free(job.md);
    if (rc < 0) {
        cc_doc_free(doc);
        return rc;
    }
    out->doc = doc;
    return 0;
}

/* Adds what was loaded to the corpus (in the order of the calls); passes rc on. */
static int keep_loaded(cc_corpus *c, loaded *l, int rc)
{
    c->nerrors += l->nerrors;
    if (!l->doc)
        return rc;
    struct cc_doc **slot = cc_vec_push(&c->docs);
    if (!slot) {
        cc_doc_free(l->doc);
        l->doc = NULL;
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    *slot = l->doc;
    l->doc = NULL;
    return rc;
}

/* The id of a file: `rel` without its extension ("sahel/ouaga-daily.md" -> "sahel/ouaga-daily"). */
static char *make_id(const char *rel)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - rel) : strlen(rel);
    return cc_strndup(rel, n);
}

int cc_corpus_add_buffer(cc_corpus *c, const char *name, const char *data, size_t len)
{
    if (cc_context_require(c->ctx, CC_STAGE_LOAD) < 0)
        return CC_EUSAGE;
    const char *base = strrchr(name, '/');
    base = base && base[1] ? base + 1 : name;
    char *id = strcmp(name, "-") == 0 ? cc_strdup("stdin") : make_id(base);
    if (!id)
        return cc_seterr(CC_ENOMEM, "out of memory");
    loaded l = {NULL, 0};
    int rc = load_doc(&l, c->ctx, name, id, data, len, NULL);
    free(id);
    return keep_loaded(c, &l, rc);
}

/* Reads a file and loads it; an unreadable file is an error diagnostic, not a failure. */
static int load_file(loaded *out, const struct cc_context *ctx, const char *path,
                     const char *id, const cc_manifest_entry *manifest)
{
    char *data;
    size_t len;
    int rc = cc_read_file_limit(path, ctx->opts.max_doc_bytes, &data, &len);
    if (rc == CC_ENOMEM)
        return rc;
    if (rc == CC_ELIMIT)
        return skip_too_large(ctx, path, len);
    if (rc < 0) {
        cc_diag_emit(ctx, CC_DIAG_ERROR, "unreadable", path, 0, 0, -1, "%s", cc_errmsg());
        out->nerrors++;
        return CC_EINPUT;
    }
    rc = load_doc(out, ctx, path, id, data, len, manifest);
    free(data);
    return rc;
}

static int load_stdin(cc_corpus *c)
{
    cc_buf b = CC_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        if (cc_buf_append(&b, chunk, n) < 0) {
            cc_buf_free(&b);
            return cc_seterr(CC_ENOMEM, "out of memory reading standard input");
        }
    int rc = 0;
    if (ferror(stdin)) {
        cc_diag_emit(c->ctx, CC_DIAG_ERROR, "unreadable", "-", 0, 0, -1,
                     "cannot read standard input");
        c->nerrors++;
        rc = CC_EINPUT;
    } else {
        loaded l = {NULL, 0};
        rc = keep_loaded(c, &l, load_doc(&l, c->ctx, "-", "stdin", b.data ? b.data : "",
                                         b.len, NULL));
    }
    cc_buf_free(&b);
    return rc;
}

/* ---- directories ------------------------------------------------------------------------- */

typedef struct {
    char *path, *id;
    const cc_manifest_entry *manifest;
    dev_t dev;
    ino_t ino;
    size_t order; /* position in path order */
    int duplicate; /* the same file reached again through a link: read once */
} found_file;

typedef struct {
    cc_corpus *c;
    size_t rootlen;
    cc_vec files;      /* found_file */
    cc_vec manifests;  /* cc_manifest *, freed after loading */
    struct {
        dev_t dev;
        ino_t ino;
        cc_manifest *manifest;
    } stack[MAX_DEPTH + 1];
    int depth;
    int failed;
} walker;

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int file_cmp(const void *a, const void *b)
{
    return strcmp(((const found_file *)a)->path, ((const found_file *)b)->path);
}

static int inode_cmp(const void *a, const void *b)
{
    const found_file *x = *(found_file *const *)a, *y = *(found_file *const *)b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Marks files reached twice (a link to a sibling folder, a hard link): the first in path
 * order is read, the others are reported and skipped. O(n log n) for large trees. */
static int mark_duplicates(walker *w)
{
    size_t n = w->files.n;
    if (n < 2)
        return 0;
    found_file **by_inode = malloc(n * sizeof *by_inode);
    if (!by_inode)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        by_inode[i] = CC_VEC_AT(&w->files, found_file, i);
        by_inode[i]->order = i;
    }
    qsort(by_inode, n, sizeof *by_inode, inode_cmp);
    for (size_t i = 1; i < n; i++) {
        found_file *first = by_inode[i - 1], *f = by_inode[i];
        if (f->dev != first->dev || f->ino != first->ino)
            continue;
        f->duplicate = 1;
        by_inode[i] = first; /* so that a third copy also names the first */
        cc_diag_emit(w->c->ctx, CC_DIAG_WARNING, "duplicate-file", f->path, 0, 0, -1,
                     "the same file as %s (reached through a link): read once", first->path);
    }
    free(by_inode);
    return 0;
}

static int wanted(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".md") == 0);
}

static const cc_manifest_entry *manifest_for(const walker *w, const char *path)
{
    for (int d = w->depth; d >= 0; d--) {
        const cc_manifest *m = w->stack[d].manifest;
        const cc_manifest_entry *e;
        if (m && (e = cc_manifest_find(m, path + strlen(m->dir) + 1)) != NULL)
            return e;
    }
    return NULL;
}

static int add_found(walker *w, const char *path, const struct stat *st)
{
    found_file *f = cc_vec_push(&w->files);
    if (!f)
        return cc_seterr(CC_ENOMEM, "out of memory");
    f->dev = st->st_dev;
    f->ino = st->st_ino;
    f->path = cc_strdup(path);
    f->id = make_id(path + w->rootlen + 1);
    f->manifest = manifest_for(w, path);
    return f->path && f->id ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
}

/* The sorted names in dir (no dot files); NULL with *n = 0 when it cannot be read. */
static char **list_dir(walker *w, const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        cc_diag_emit(w->c->ctx, CC_DIAG_ERROR, "unreadable", dir, 0, 0, -1,
                     "cannot read directory: %s", strerror(errno));
        w->c->nerrors++;
        w->failed = 1;
        return NULL;
    }
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            char **p = realloc(names, cap * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        if (!(names[*n] = cc_strdup(e->d_name)))
            break;
        (*n)++;
    }
    closedir(d);
    if (names)
        qsort(names, *n, sizeof *names, name_cmp);
    return names;
}

static int walk_dir(walker *w, const char *dir, const struct stat *st);

static int walk_entry(walker *w, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        struct stat lst;
        int dangling = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
        cc_diag_emit(w->c->ctx, dangling ? CC_DIAG_WARNING : CC_DIAG_ERROR,
                     dangling ? "dangling-link" : "unreadable", path, 0, 0, -1, "%s: %s",
                     dangling ? "broken symbolic link" : "cannot read", strerror(errno));
        if (!dangling) {
            w->c->nerrors++;
            w->failed = 1;
        }
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(w, path, &st);
    if (S_ISREG(st.st_mode) && wanted(path))
        return add_found(w, path, &st);
    return 0;
}

static int walk_dir(walker *w, const char *dir, const struct stat *st)
{
    for (int d = 0; d < w->depth; d++)
        if (w->stack[d].dev == st->st_dev && w->stack[d].ino == st->st_ino) {
            cc_diag_emit(w->c->ctx, CC_DIAG_WARNING, "symlink-loop", dir, 0, 0, -1,
                         "symlink loop: this directory contains itself; skipped");
            return 0;
        }
    if (w->depth > MAX_DEPTH) {
        cc_diag_emit(w->c->ctx, CC_DIAG_WARNING, "too-deep", dir, 0, 0, -1,
                     "more than %d directory levels: skipped", MAX_DEPTH);
        return 0;
    }
    size_t n;
    char **names = list_dir(w, dir, &n);
    int rc = 0, level = w->depth++;
    w->stack[level].dev = st->st_dev;
    w->stack[level].ino = st->st_ino;
    w->stack[level].manifest = NULL;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (strcmp(names[i], "manifest.tsv") != 0)
            continue;
        char *mpath = cc_path_join(dir, names[i]);
        cc_manifest **slot = cc_vec_push(&w->manifests);
        rc = mpath && slot ? cc_manifest_read(slot, w->c->ctx, dir, mpath)
                           : cc_seterr(CC_ENOMEM, "out of memory");
        if (rc == 0)
            w->stack[level].manifest = *slot;
        free(mpath);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *path = cc_path_join(dir, names[i]);
        rc = path ? walk_entry(w, path) : cc_seterr(CC_ENOMEM, "out of memory");
        free(path);
    }
    w->depth--;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* The files of a directory, loaded on the context's threads into slots by index and added
 * to the corpus in path order. */
typedef struct {
    cc_corpus *c;
    found_file *files;
    loaded *out;
    int failed;
} dir_load;

static int dir_load_one(void *arg, size_t i)
{
    dir_load *dl = arg;
    const found_file *f = &dl->files[i];
    return f->duplicate ? 0 : load_file(&dl->out[i], dl->c->ctx, f->path, f->id, f->manifest);
}

static int dir_keep_one(void *arg, size_t i, int rc)
{
    dir_load *dl = arg;
    rc = keep_loaded(dl->c, &dl->out[i], rc);
    if (rc == CC_EINPUT)
        dl->failed = 1;
    return rc == CC_EINPUT ? 0 : rc;
}

static int load_found(cc_corpus *c, cc_vec *files, int *failed)
{
    dir_load dl = {c, files->items, cc_xcalloc(files->n, sizeof(loaded)), 0};
    if (!dl.out)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cc_par_task task = {dir_load_one, dir_keep_one, &dl, "load"};
    int rc = cc_parallel_run(c->ctx, files->n, &task);
    for (size_t i = 0; i < files->n; i++) /* left by a run stopped early */
        cc_doc_free(dl.out[i].doc);
    free(dl.out);
    *failed |= dl.failed;
    return rc;
}

static int add_dir(cc_corpus *c, const char *dir, const struct stat *st)
{
    walker *w = cc_xcalloc(1, sizeof *w);
    if (!w)
        return cc_seterr(CC_ENOMEM, "out of memory");
    w->c = c;
    w->files = (cc_vec)CC_VEC_INIT(found_file);
    w->manifests = (cc_vec)CC_VEC_INIT(cc_manifest *);
    w->rootlen = strlen(dir);
    while (w->rootlen > 1 && dir[w->rootlen - 1] == '/')
        w->rootlen--;
    int rc = walk_dir(w, dir, st), failed = 0;
    if (w->files.n > 1)
        qsort(w->files.items, w->files.n, sizeof(found_file), file_cmp);
    if (rc == 0)
        rc = mark_duplicates(w);
    if (rc == 0)
        rc = load_found(c, &w->files, &failed);
    for (size_t i = 0; i < w->files.n; i++) {
        found_file *f = CC_VEC_AT(&w->files, found_file, i);
        free(f->path);
        free(f->id);
    }
    for (size_t i = 0; i < w->manifests.n; i++)
        cc_manifest_free(*CC_VEC_AT(&w->manifests, cc_manifest *, i));
    cc_vec_free(&w->files);
    cc_vec_free(&w->manifests);
    failed |= w->failed;
    free(w);
    return rc < 0 ? rc : failed ? CC_EINPUT : 0;
}

/* A file named on its own: its id is its base name; a manifest.tsv beside it still counts. */
static int add_single(cc_corpus *c, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char *dir = slash ? cc_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : cc_strdup(".");
    char *mpath = dir ? cc_path_join(dir, "manifest.tsv") : NULL;
    char *id = make_id(base);
    cc_manifest *m = NULL;
    struct stat st;
    int rc = dir && mpath && id ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    if (rc == 0 && strcmp(base, "manifest.tsv") != 0 && stat(mpath, &st) == 0 &&
        S_ISREG(st.st_mode))
        rc = cc_manifest_read(&m, c->ctx, dir, mpath);
    loaded l = {NULL, 0};
    if (rc == 0)
        rc = keep_loaded(c, &l, load_file(&l, c->ctx, path, id,
                                          m ? cc_manifest_find(m, base) : NULL));
    cc_manifest_free(m);
    free(dir);
    free(mpath);
    free(id);
    return rc;
}

int cc_corpus_add_path(cc_corpus *c, const char *path)
{
    if (cc_context_require(c->ctx, CC_STAGE_LOAD) < 0)
        return CC_EUSAGE;
    if (strcmp(path, "-") == 0)
        return load_stdin(c);
    struct stat st;
    if (stat(path, &st) != 0) {
        cc_diag_emit(c->ctx, CC_DIAG_ERROR, "unreadable", path, 0, 0, -1, "cannot open: %s",
                     strerror(errno));
        c->nerrors++;
        return cc_seterr(CC_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    }
    if (S_ISDIR(st.st_mode))
        return add_dir(c, path, &st);
    return add_single(c, path);
}
