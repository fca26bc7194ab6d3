/*
 * cache.c: the claims cache: document records (record.c) kept in an SQLite database in a
 * cache folder (in the compact binary form of record_bin.c, which restores several times
 * faster than JSON), keyed by what decides a document's extraction (its bytes, metadata, date
 * and the rules hash), so that a run over a corpus where one file changed extracts only
 * that file. A cache is only a cache: a database that does not open, is cut short, or is
 * found damaged while read or written is warned about and rebuilt, and a record that does
 * not restore (each carries its own hash) is a miss; results never depend on it. Writes go
 * in one transaction; WAL and a busy timeout let two runs share the folder. It also
 * remembers the scores of the last run's candidate pairs (pair_memo.h): a pair of unchanged
 * claims is not scored again. With deferral (the gate) it keeps each document's check
 * summary as well, and a fill defers the documents that have one: the check restores only
 * those it needs (corpus->undefer), the others are never decoded.
 */
#include <errno.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conflicts.h"
#include "pair_memo.h"
#include "parallel.h"
#include "record.h"

#define CACHE_FILE "claims.sqlite"

struct cc_cache {
    const struct cc_context *ctx;
    sqlite3 *db;
    char *path;
    /* per corpus document of the last fill: its key, taken as loaded (segmentation adds a
     * derived title to the metadata later), and 1 when restored from the cache */
    char (*keys)[64];
    uint8_t *hit;
    size_t nhit;
    /* with deferral (cc_cache_defer): the model, what the summaries are made for, and per
     * document 1 when the cache holds its summary */
    const cc_pairmodel *model;
    char made_by[17];
    uint8_t *summarized;
};

static const char schema_sql[] =
    "PRAGMA journal_mode=WAL;"
    /* no fsync at all (they were an eighth of a warm run's wall time): after a power loss
     * the file may lose transactions or be torn, which costs re-extraction or a rebuild,
     * never a wrong result, since keys are content hashes and every record and pair score
     * carries its own check */
    "PRAGMA synchronous=OFF;"
    /* no memory-mapped reads (mmap_size): they saved a twentieth of a warm run, but any
     * other process that cuts the file while it is mapped would stop this one with SIGBUS,
     * and a cache must never crash the run it serves */
    /* the records of earlier versions (JSON; keyed by text): never read, so not kept */
    "DROP TABLE IF EXISTS records;"
    "DROP TABLE IF EXISTS bin_records;"
    /* Rows are found by their rowid, a 64-bit hash of the key (row_id()): one B-tree
     * descent, where a text key took two (its index, then the table). A blob names the
     * rules and the text it was made from, so a row of another key is refused, not used. */
    "CREATE TABLE IF NOT EXISTS doc_records(id INTEGER PRIMARY KEY, record BLOB NOT NULL);"
    /* the check summaries (record.h): keyed by the record's key and what they are made for */
    "CREATE TABLE IF NOT EXISTS doc_summaries(id INTEGER PRIMARY KEY, summary BLOB NOT NULL);"
    /* the candidate pairs of the last run that scored any: key (16 bytes) -> pm_encode() */
    "CREATE TABLE IF NOT EXISTS pair_scores(key BLOB PRIMARY KEY, value BLOB NOT NULL) "
    "WITHOUT ROWID;";

static void warn(const struct cc_cache *c, const char *what)
{
    cc_diag_emit(c->ctx, CC_DIAG_WARNING, "cache-rebuilt", c->path, 0, 0, -1,
                 "the claims cache %s (%s): it is rebuilt; results do not change", what,
                 c->db ? sqlite3_errmsg(c->db) : "cannot open");
}

/* The single integer a pragma returns, or -1. */
static long long pragma_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* 1 when the file at `path` is missing or empty. */
static int no_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) < 0 || sb.st_size == 0;
}

/* A cheap check at open, instead of PRAGMA quick_check (which read every page of the file
 * on every open, a warm run's largest SQLite cost): a file shorter than the pages its
 * header counts was cut short. Only decided while no write-ahead log holds pages (then the
 * file may lawfully be shorter, for a while). Damage the check cannot see is met when read
 * or written, and rebuilt then (cc_cache_fill, is_damage()). */
static int sound_size(const struct cc_cache *c)
{
    char wal[4096];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", c->path);
    long long pages = pragma_int(c->db, "PRAGMA page_count");
    long long size = pragma_int(c->db, "PRAGMA page_size");
    if (pages < 0 || size <= 0 || stat(c->path, &sb) < 0)
        return 0;
    return !no_file(wal) || (long long)sb.st_size >= pages * size;
}

static int connect(struct cc_cache *c)
{
    if (sqlite3_open_v2(c->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_busy_timeout(c->db, 10000);
    if (sqlite3_exec(c->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    return sound_size(c) ? 0 : -1;
}

/* Removes the database and its WAL files and opens an empty one. */
static int rebuild(struct cc_cache *c, const char *what)
{
    warn(c, what);
    /* the new file holds nothing: the next store writes every document, not only misses */
    if (c->hit)
        memset(c->hit, 0, c->nhit);
    if (c->summarized)
        memset(c->summarized, 0, c->nhit);
    sqlite3_close(c->db);
    c->db = NULL;
    static const char *const ext[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s%s", c->path, ext[i]);
        unlink(p);
    }
    if (connect(c) == 0)
        return 0;
    return cc_seterr(CC_EIO, "%s: cannot create the claims cache: %s", c->path,
                     c->db ? sqlite3_errmsg(c->db) : "cannot open");
}

int cc_cache_open(cc_cache **out, const cc_context *ctx, const char *dir)
{
    *out = NULL;
    if (mkdir(dir, 0777) < 0 && errno != EEXIST)
        return cc_seterr(CC_EIO, "%s: cannot create the cache folder: %s", dir, strerror(errno));
    struct cc_cache *c = cc_xcalloc(1, sizeof *c);
    if (!c || !(c->path = cc_path_join(dir, CACHE_FILE))) {
        free(c);
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    c->ctx = ctx;
    if (connect(c) < 0 && rebuild(c, "is damaged or not a database") < 0) {
        int rc = CC_EIO;
        cc_cache_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

void cc_cache_free(cc_cache *c)
{
    if (!c)
        return;
    sqlite3_close(c->db);
    free(c->path);
    free(c->hit);
    free(c->keys);
    free(c->summarized);
    free(c);
}

void cc_cache_defer(cc_cache *c, const cc_pairmodel *model)
{
    c->model = model;
    if (model)
        ck_summary_made_by(c->ctx, model, c->made_by);
}

/* What decides the extraction of a loaded document: its bytes, its metadata (a manifest can
 * change it without touching the file), its date, and the rules. */
static void doc_key(const cc_doc *d, const cc_context *ctx, char out[64])
{
    uint64_t h = cc_fnv1a(d->checksum, 16, CC_FNV_SEED);
    for (size_t i = 0; i < d->meta.n; i++) {
        const cc_meta *m = CC_VEC_AT(&d->meta, cc_meta, i);
        h = cc_fnv1a(m->key, strlen(m->key) + 1, h);
        h = cc_fnv1a(m->value, strlen(m->value) + 1, h);
    }
    int date[4] = {d->date.year, d->date.month, d->date.day, (int)d->date_source};
    h = cc_fnv1a(date, sizeof date, h);
    h = cc_fnv1a(&d->text_len, sizeof d->text_len, h);
    char rules[17];
    cc_context_rules_hash(ctx, rules);
    snprintf(out, 64, "%s-%016llx", rules, (unsigned long long)h);
}

/* The rowid of a record's key, or with `made_by` of the summary's made for it. */
static sqlite3_int64 row_id(const char *key, const char *made_by)
{
    uint64_t h = cc_hash64(key, strlen(key));
    if (made_by)
        h = cc_fnv1a(made_by, strlen(made_by), h);
    return (sqlite3_int64)h;
}

/* The blob of row `id` of the statement's table (valid until its next step): 1 when found
 * (*blob NULL for an empty one), 0 when none, -1 when SQLite failed. */
static int find_row(sqlite3_stmt *st, sqlite3_int64 id, const char **blob, size_t *len)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    *blob = sqlite3_column_blob(st, 0);
    *len = (size_t)sqlite3_column_bytes(st, 0);
    return 1;
}

/* Looks the document's record up and keeps a copy of it in the document (*kept, NULL on a
 * miss). -1: SQLite failed. */
static int fetch_doc(sqlite3_stmt *st, cc_doc *d, const char *key, char **kept, size_t *len)
{
    const char *rec;
    *kept = NULL;
    int found = find_row(st, row_id(key, NULL), &rec, len);
    if (found <= 0)
        return found;
    if (rec && !(*kept = cc_record_bin_keep(d, rec, *len)))
        return cc_seterr(CC_ENOMEM, "out of memory");
    return 0;
}

/* The records kept by fetch_doc(), restored on the worker threads (--jobs): decoding them
 * was most of a warm run's serial time. Each item writes its own document only. */
typedef struct {
    struct cc_cache *c;
    cc_corpus *corpus;
    char **kept;
    size_t *len, *hits;
} restore_run;

static int restore_one(void *arg, size_t i)
{
    const restore_run *r = arg;
    if (!r->kept[i])
        return 0;
    int rc = cc_record_bin_restore(cc_corpus_doc(r->corpus, i), r->c->ctx, r->kept[i],
                                   r->len[i], "cached record");
    return rc == 0 ? 1 : rc;
}

static int restore_done(void *arg, size_t i, int rc)
{
    const restore_run *r = arg;
    if (rc == CC_ENOMEM)
        return rc;
    if (rc < 0) {
        /* a record that does not fit (damaged, tampered) is a miss, extracted again and
         * stored over the bad one */
        cc_diag_emit(r->c->ctx, CC_DIAG_WARNING, "cache-record", r->c->path, 0, 0, -1,
                     "%s: the document is extracted again", cc_errmsg());
        return 0;
    }
    r->c->hit[i] = (uint8_t)rc;
    *r->hits += (size_t)rc;
    return 0;
}

static void key_bytes(const uint64_t key[2], unsigned char out[16])
{
    for (int i = 0; i < 16; i++)
        out[i] = (unsigned char)(key[i / 8] >> (8 * (i % 8)));
}

/* One stored pair score into the memo; 1 when the row is damaged (skipped). */
static int memo_row(cc_pair_memo *m, sqlite3_stmt *st)
{
    const unsigned char *k = sqlite3_column_blob(st, 0), *v = sqlite3_column_blob(st, 1);
    pm_entry e = {{0, 0}, 0, 0};
    if (!k || sqlite3_column_bytes(st, 0) != 16)
        return 1;
    for (int i = 0; i < 16; i++)
        e.key[i / 8] |= (uint64_t)k[i] << (8 * (i % 8));
    if (!v || pm_decode(&e, v, (size_t)sqlite3_column_bytes(st, 1)) < 0)
        return 1;
    return pm_put(m, &e) < 0 ? -1 : 0;
}

/* The remembered pair scores, into a new memo of the corpus. -1: SQLite failed. */
static int load_memo(struct cc_cache *c, cc_corpus *corpus)
{
    pm_free(corpus->pair_memo);
    if (!(corpus->pair_memo = pm_new()))
        return cc_seterr(CC_ENOMEM, "out of memory");
    sqlite3_stmt *st = NULL;
    size_t damaged = 0;
    int rc = sqlite3_prepare_v2(c->db, "SELECT key, value FROM pair_scores", -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int r = memo_row(corpus->pair_memo, st);
        if (r < 0) {
            sqlite3_finalize(st);
            return CC_ENOMEM;
        }
        damaged += (size_t)r;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (damaged)
        cc_diag_emit(c->ctx, CC_DIAG_WARNING, "cache-record", c->path, 0, 0, -1,
                     "%zu remembered pair scores are damaged: those pairs are scored again",
                     damaged);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The records of the documents i with which[i] set, looked up on this thread in one read
 * transaction (one shared lock and one check of the file, not one per statement), restored
 * on the workers. 1: SQLite broke while read (the records fetched before are restored). */
static int restore_records(struct cc_cache *c, cc_corpus *corpus, const uint8_t *which,
                           size_t *hits)
{
    size_t n = cc_corpus_ndocs(corpus);
    sqlite3_stmt *st = NULL;
    char **kept = cc_xcalloc(n ? n : 1, sizeof *kept);
    size_t *len = cc_xcalloc(n ? n : 1, sizeof *len);
    int rc = kept && len ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL);
    int broken = sqlite3_prepare_v2(c->db, "SELECT record FROM doc_records WHERE id = ?1", -1,
                                    &st, NULL) != SQLITE_OK;
    for (size_t i = 0; rc == 0 && !broken && i < n; i++) {
        int r = which[i] ? fetch_doc(st, cc_corpus_doc(corpus, i), c->keys[i], &kept[i],
                                     &len[i])
                         : 0;
        if (r == -1)
            broken = 1;
        else if (r < 0)
            rc = r;
    }
    sqlite3_finalize(st);
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    restore_run run = {c, corpus, kept, len, hits};
    cc_par_task task = {restore_one, restore_done, &run, NULL};
    if (rc == 0)
        rc = cc_parallel_run(c->ctx, n, &task);
    free(kept);
    free(len);
    return rc < 0 ? rc : broken;
}

/* The deferred documents i with need[i] set, for the check (corpus->undefer): restored
 * from their records, or extracted again when a record is missing or does not restore (it
 * is stored again by the next store). */
static int undefer(void *arg, cc_corpus *corpus, const uint8_t *need)
{
    struct cc_cache *c = arg;
    size_t n = cc_corpus_ndocs(corpus), hits = 0;
    for (size_t i = 0; i < n; i++)
        if (need[i]) {
            cc_corpus_doc(corpus, i)->deferred = NULL;
            c->hit[i] = 0;
        }
    int rc = restore_records(c, corpus, need, &hits);
    for (size_t i = 0; rc >= 0 && i < n; i++)
        if (need[i] && !c->hit[i])
            rc = cc_doc_claims(cc_corpus_doc(corpus, i), c->ctx);
    return rc < 0 ? rc : 0;
}

/* Defers document i when the cache holds its summary: 1 deferred, 0 not (none, or one that
 * does not fit, warned about), -1 SQLite failed, or a negative cc_error. */
static int defer_doc(struct cc_cache *c, sqlite3_stmt *st, cc_doc *d, size_t i)
{
    const char *blob;
    size_t len;
    int rc = find_row(st, row_id(c->keys[i], c->made_by), &blob, &len);
    if (rc <= 0)
        return rc;
    rc = cc_summary_bin_apply(d, c->made_by, blob ? blob : "", len, "cached summary");
    if (rc == CC_EINPUT) /* restored from its record instead, and summarized again */
        cc_diag_emit(c->ctx, CC_DIAG_WARNING, "cache-record", c->path, 0, 0, -1,
                     "%s: the document is restored from its record", cc_errmsg());
    else if (rc == 0)
        c->summarized[i] = 1;
    return rc == CC_EINPUT ? 0 : rc == 0 ? 1 : rc;
}

/* The keys of the corpus's unextracted documents; with deferral, those whose summary is
 * cached are deferred (hits); the others' records restored. 1: SQLite broke while read
 * (what was taken before stays: it passed every check). */
static int fill_docs(struct cc_cache *c, cc_corpus *corpus, size_t *hits)
{
    size_t n = cc_corpus_ndocs(corpus);
    uint8_t *lookup = cc_xcalloc(n ? n : 1, 1);
    sqlite3_stmt *st = NULL;
    int rc = lookup ? 0 : cc_seterr(CC_ENOMEM, "out of memory"), broken = 0;
    if (rc == 0 && c->model) {
        sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL);
        broken = sqlite3_prepare_v2(c->db, "SELECT summary FROM doc_summaries WHERE id = ?1", -1,
                                    &st, NULL) != SQLITE_OK;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        cc_doc *d = cc_corpus_doc(corpus, i);
        if (!d || d->claimed || d->deferred)
            continue;
        /* after a failed read the keys are still made: the rebuilt cache stores them all */
        doc_key(d, c->ctx, c->keys[i]);
        int r = st && !broken ? defer_doc(c, st, d, i) : 0;
        if (r == -1)
            broken = 1;
        else if (r < 0)
            rc = r;
        c->hit[i] = r == 1;
        *hits += r == 1;
        lookup[i] = r == 0;
    }
    sqlite3_finalize(st);
    if (c->model && !sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    if (rc == 0 && *hits) {
        corpus->undefer = undefer;
        corpus->undefer_arg = c;
    }
    if (rc == 0 && !broken)
        broken = restore_records(c, corpus, lookup, hits);
    free(lookup);
    return rc < 0 ? rc : broken;
}

int cc_cache_fill(cc_cache *c, cc_corpus *corpus, size_t *hits)
{
    size_t n = cc_corpus_ndocs(corpus);
    *hits = 0;
    free(c->hit);
    free(c->keys);
    free(c->summarized);
    c->nhit = 0;
    c->keys = cc_xcalloc(n ? n : 1, sizeof *c->keys);
    c->summarized = cc_xcalloc(n ? n : 1, 1);
    if (!(c->hit = cc_xcalloc(n ? n : 1, 1)) || !c->keys || !c->summarized)
        return cc_seterr(CC_ENOMEM, "out of memory");
    c->nhit = n;
    int broken = fill_docs(c, corpus, hits);
    if (broken < 0)
        return broken;
    if (broken) {
        /* the documents already restored stay: their records passed every check */
        *hits = 0;
        return rebuild(c, "broke while read");
    }
    int r = load_memo(c, corpus);
    if (r == CC_ENOMEM)
        return r;
    if (r < 0) {
        /* the documents already restored stay: their records passed every check */
        pm_free(corpus->pair_memo);
        corpus->pair_memo = NULL;
        return rebuild(c, "broke while read");
    }
    cc_diag_emit(c->ctx, CC_DIAG_NOTE, "cache-hits", c->path, 0, 0, -1,
                 "%zu of %zu documents taken from the claims cache", *hits, n);
    return 0;
}

/* What a store writes of one document: its record when the last fill did not restore it,
 * and with deferral its summary when the cache has none (except documents whose
 * segmentation warned: they are always restored, so that each run warns the same). */
typedef struct {
    char *rec, *sum;
    size_t rec_len, sum_len;
} doc_blobs;

typedef struct {
    struct cc_cache *c;
    cc_corpus *corpus;
    doc_blobs *b;
} encode_run;

static int encode_one(void *arg, size_t i)
{
    const encode_run *r = arg;
    const struct cc_cache *c = r->c;
    cc_doc *d = cc_corpus_doc(r->corpus, i);
    if (!d || !d->claimed || i >= c->nhit || !c->keys[i][0])
        return 0;
    doc_blobs *b = &r->b[i];
    int rc = c->hit[i] ? 0 : cc_record_bin(&b->rec, &b->rec_len, d, c->ctx);
    if (rc == 0 && c->model && !c->summarized[i] && !d->seg_warned)
        rc = ck_summary_blob(&b->sum, &b->sum_len, c->ctx, c->model, d);
    return rc;
}

/* The blobs of every document to store, made on the workers (*out: one per document). */
static int encode_all(struct cc_cache *c, cc_corpus *corpus, doc_blobs **out)
{
    size_t n = cc_corpus_ndocs(corpus);
    encode_run r = {c, corpus, cc_xcalloc(n ? n : 1, sizeof(doc_blobs))};
    *out = r.b;
    if (!r.b)
        return cc_seterr(CC_ENOMEM, "out of memory");
    cc_par_task task = {encode_one, NULL, &r, NULL};
    return cc_parallel_run(c->ctx, n, &task);
}

static void blobs_free(doc_blobs *b, size_t n)
{
    for (size_t i = 0; b && i < n; i++) {
        free(b[i].rec);
        free(b[i].sum);
    }
    free(b);
}

/* Inserts the blobs of one kind (records, or summaries when `summaries`), under the row
 * of the key the last fill looked them up by. */
static int insert_blobs(struct cc_cache *c, const doc_blobs *b, size_t n, int summaries)
{
    sqlite3_stmt *st = NULL;
    const char *sql = summaries
                          ? "INSERT OR REPLACE INTO doc_summaries(id, summary) VALUES(?1, ?2)"
                          : "INSERT OR REPLACE INTO doc_records(id, record) VALUES(?1, ?2)";
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *blob = summaries ? b[i].sum : b[i].rec;
        if (!blob)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, row_id(c->keys[i], summaries ? c->made_by : NULL));
        sqlite3_bind_blob(st, 2, blob, (int)(summaries ? b[i].sum_len : b[i].rec_len),
                          SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = -1;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Replaces the remembered pair scores by this run's, when it scored any pair anew. */
static int store_memo(struct cc_cache *c, const cc_pair_memo *m)
{
    if (!m || m->fresh == 0)
        return 0;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_exec(c->db, "DELETE FROM pair_scores", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO pair_scores(key, value) "
                                  "VALUES(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        goto done;
    for (size_t i = 0; i < m->now.n; i++) {
        const pm_entry *e = CC_VEC_AT(&m->now, pm_entry, i);
        unsigned char k[16], v[PM_VALUE_SIZE];
        key_bytes(e->key, k);
        pm_encode(e, v);
        sqlite3_reset(st);
        sqlite3_bind_blob(st, 1, k, 16, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 2, v, PM_VALUE_SIZE, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

/* 1 when the last SQLite error says the file is damaged (rather than busy or full). */
static int is_damage(const struct cc_cache *c)
{
    int e = sqlite3_errcode(c->db) & 0xff;
    return e == SQLITE_CORRUPT || e == SQLITE_NOTADB;
}

/* One transaction storing the new records and pair scores: 0, -1 when SQLite failed (then
 * *damage says whether for a damaged file) or a negative cc_error. */
static int store_once(struct cc_cache *c, cc_corpus *corpus, const doc_blobs *b, int *damage)
{
    size_t n = cc_corpus_ndocs(corpus);
    int rc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0)
        rc = insert_blobs(c, b, n, 0);
    if (rc == 0)
        rc = insert_blobs(c, b, n, 1);
    if (rc == 0)
        rc = store_memo(c, corpus->pair_memo);
    if (rc == 0 && sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = -1;
    *damage = rc == -1 && is_damage(c);
    if (rc != 0)
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Encodes what to store (on the workers), then writes it. */
static int encode_and_store(struct cc_cache *c, cc_corpus *corpus, int *damage)
{
    doc_blobs *b = NULL;
    int rc = encode_all(c, corpus, &b);
    if (rc == 0)
        rc = store_once(c, corpus, b, damage);
    blobs_free(b, cc_corpus_ndocs(corpus));
    return rc;
}

int cc_cache_store(cc_cache *c, cc_corpus *corpus)
{
    int damage = 0;
    int rc = encode_and_store(c, corpus, &damage);
    /* a rebuilt cache holds nothing: every document is encoded again (rebuild() cleared the
     * hits) */
    if (rc == -1 && damage && rebuild(c, "broke while written") == 0)
        rc = encode_and_store(c, corpus, &damage);
    if (rc == -1) {
        /* the results are already made: a cache that cannot be written is only slower */
        cc_diag_emit(c->ctx, CC_DIAG_WARNING, "cache-write", c->path, 0, 0, -1,
                     "the claims cache could not be written: %s",
                     c->db ? sqlite3_errmsg(c->db) : "cannot open");
        rc = 0;
    }
    return rc;
}
