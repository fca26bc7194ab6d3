/*
 * util.c: last-error message, buffers, arrays, arena, hashing, file reading and the data
 * file reader shared by every module. No knowledge of any pipeline stage.
 */
#define _POSIX_C_SOURCE 200809L /* open, fstat, read */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "internal.h"

static _Thread_local char last_error[1024];

const char *cc_errmsg(void) { return last_error; }

int cc_seterr(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

void *cc_xcalloc(size_t n, size_t size)
{
    return calloc(n ? n : 1, size ? size : 1);
}

char *cc_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *cc_strdup(const char *s) { return s ? cc_strndup(s, strlen(s)) : NULL; }

/* ---- buffer ------------------------------------------------------------------------------ */

int cc_buf_reserve(cc_buf *b, size_t extra)
{
    if (b->oom)
        return CC_ENOMEM;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->oom = 1;
            return CC_ENOMEM;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return CC_ENOMEM;
    }
    b->data = p;
    b->cap = cap;
    b->data[b->len] = '\0'; /* a new buffer is "" before anything is appended */
    return 0;
}

int cc_buf_append(cc_buf *b, const void *data, size_t len)
{
    if (cc_buf_reserve(b, len) < 0)
        return CC_ENOMEM;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int cc_buf_putc(cc_buf *b, char c) { return cc_buf_append(b, &c, 1); }
int cc_buf_puts(cc_buf *b, const char *s) { return cc_buf_append(b, s, strlen(s)); }

int cc_buf_printf(cc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || cc_buf_reserve(b, (size_t)n) < 0)
        return CC_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

char *cc_buf_detach(cc_buf *b, size_t *len)
{
    if (!b->data && !b->oom)
        cc_buf_reserve(b, 0);
    char *p = b->oom ? NULL : b->data;
    if (len)
        *len = b->len;
    if (b->oom)
        free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
    return p;
}

void cc_buf_free(cc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

/* ---- vector ------------------------------------------------------------------------------ */

void *cc_vec_push(cc_vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *p = realloc(v->items, cap * v->size);
        if (!p)
            return NULL;
        v->items = p;
        v->cap = cap;
    }
    void *item = (char *)v->items + v->n * v->size;
    memset(item, 0, v->size);
    v->n++;
    return item;
}

int cc_vec_reserve(cc_vec *v, size_t n)
{
    if (n <= v->cap)
        return 0;
    if (n > SIZE_MAX / v->size)
        return -1;
    void *p = realloc(v->items, n * v->size);
    if (!p)
        return -1;
    v->items = p;
    v->cap = n;
    return 0;
}

void cc_vec_free(cc_vec *v)
{
    free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}

/* ---- arena ------------------------------------------------------------------------------- */

struct cc_arena_block {
    cc_arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

/* The largest block the arena grows to; a larger request gets a block of its own. */
#define ARENA_BLOCK_MAX 16384

static cc_arena_block *arena_block(size_t cap)
{
    cc_arena_block *b = malloc(sizeof *b + cap);
    if (b) {
        b->used = 0;
        b->cap = cap;
        b->next = NULL;
    }
    return b;
}

/* A request larger than a whole block (a cached record's payload) gets its own block, linked
 * behind the head: the head keeps serving small requests, and the next block's size does not
 * follow the big one (a 16 KB block per document left nearly empty). */
static void *arena_big(cc_arena *a, size_t size)
{
    cc_arena_block *b = arena_block(size);
    if (!b)
        return NULL;
    b->used = size;
    if (a->head) {
        b->next = a->head->next;
        a->head->next = b;
    } else {
        a->head = b;
    }
    return b->data;
}

void *cc_arena_alloc(cc_arena *a, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (size > ARENA_BLOCK_MAX)
        return arena_big(a, size);
    cc_arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        /* blocks grow from 512 bytes to 16 KB: many arenas (one per pair side, tens of
         * thousands in a large check) hold only a few hundred bytes each */
        size_t cap = b ? (b->cap < ARENA_BLOCK_MAX / 2 ? b->cap * 2 : ARENA_BLOCK_MAX) : 512;
        if (cap < size)
            cap = size;
        if (!(b = arena_block(cap)))
            return NULL;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

int cc_arena_reserve(cc_arena *a, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (a->head && a->head->cap - a->head->used >= size)
        return 0;
    cc_arena_block *b = arena_block(size);
    if (!b)
        return -1;
    b->next = a->head;
    a->head = b;
    return 0;
}

char *cc_arena_strndup(cc_arena *a, const char *s, size_t n)
{
    char *p = cc_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void cc_arena_free(cc_arena *a)
{
    cc_arena_block *b = a->head;
    while (b) {
        cc_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* ---- hashing ----------------------------------------------------------------------------- */

uint64_t cc_fnv1a(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = seed;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* A content checksum that reads 8 bytes a step (FNV-1a reads one, and checksumming whole
 * documents showed in profiles): multiply-xorshift mixing per word, length folded in. Not
 * cryptographic; stable across platforms (little-endian reads). */
uint64_t cc_hash64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w = 0;
        for (int k = 7; k >= 0; k--)
            w = (w << 8) | p[i + (size_t)k];
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    for (size_t k = len; k > i; k--)
        w = (w << 8) | p[k - 1];
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 32);
}

uint64_t cc_text_key(const char *s, uint64_t h)
{
    int space = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t') {
            space = 1;
            continue;
        }
        if (space)
            h = cc_fnv1a(" ", 1, h);
        space = 0;
        char lc = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        h = cc_fnv1a(&lc, 1, h);
    }
    return h;
}

void cc_hash_hex(const void *data, size_t len, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h = cc_hash64(data, len);
    for (int i = 15; i >= 0; i--, h >>= 4)
        out[i] = hex[h & 15];
    out[16] = '\0';
}

int cc_jit_enabled(void)
{
    const char *v = getenv("CROSSCHECK_NO_JIT");
    return !(v && *v);
}

/* ---- files ------------------------------------------------------------------------------- */

int cc_read_file(const char *path, char **out, size_t *len)
{
    return cc_read_file_limit(path, SIZE_MAX, out, len);
}

/* Reads fd to its end into a buffer first sized `cap`, growing when the file is longer;
 * stops after `known` bytes when the size is known (a regular file: one read, not a second
 * one to meet the end). NUL-terminated. */
static int read_fd(int fd, const char *path, size_t cap, size_t known, char **out, size_t *len)
{
    char *buf = malloc(cap + 1);
    size_t n = 0;
    int rc = buf ? 0 : cc_seterr(CC_ENOMEM, "%s: out of memory while reading", path);
    while (rc == 0 && !(known != SIZE_MAX && n >= known)) {
        if (n == cap) {
            char *p = cap < SIZE_MAX / 4 ? realloc(buf, cap * 2 + 1) : NULL;
            if (!p) {
                rc = cc_seterr(CC_ENOMEM, "%s: out of memory while reading", path);
                break;
            }
            buf = p;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r == 0)
            break;
        if (r < 0 && errno != EINTR)
            rc = cc_seterr(CC_EIO, "%s: read error: %s", path, strerror(errno));
        n += r > 0 ? (size_t)r : 0;
    }
    if (rc < 0) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

int cc_read_file_limit(const char *path, size_t limit, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return cc_seterr(CC_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    size_t cap = 65536, known = SIZE_MAX;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if ((unsigned long long)st.st_size > limit) {
            close(fd);
            *len = (size_t)st.st_size;
            return cc_seterr(CC_ELIMIT, "%s: %lld bytes, more than the limit of %zu", path,
                             (long long)st.st_size, limit);
        }
        /* what the file holds now is what is read, in one allocation */
        known = cap = (size_t)st.st_size;
        if (cap == 0)
            cap = 1;
    }
    int rc = read_fd(fd, path, cap, known, out, len);
    close(fd);
    return rc;
}

char *cc_path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    size_t nl = strlen(name);
    char *p = malloc(dl + nl + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, name, nl + 1);
    return p;
}

/* ---- data files -------------------------------------------------------------------------- */

int cc_datafile_open(cc_datafile *df, const char *models_dir, const char *name)
{
    memset(df, 0, sizeof *df);
    df->path = cc_path_join(models_dir, name);
    if (!df->path)
        return cc_seterr(CC_ENOMEM, "out of memory");
    int rc = cc_read_file(df->path, &df->data, &df->len);
    if (rc < 0) {
        free(df->path);
        df->path = NULL;
        return rc;
    }
    if (memchr(df->data, '\0', df->len)) {
        int r = cc_seterr(CC_EINPUT, "%s: contains a NUL byte: not a text data file", df->path);
        cc_datafile_close(df);
        return r;
    }
    if (df->len >= 3 && memcmp(df->data, "\xEF\xBB\xBF", 3) == 0)
        df->pos = 3;
    return 0;
}

int cc_datafile_next(cc_datafile *df)
{
    while (df->pos < df->len) {
        char *line = df->data + df->pos;
        char *nl = memchr(line, '\n', df->len - df->pos);
        size_t n = nl ? (size_t)(nl - line) : df->len - df->pos;
        df->pos += n + (nl ? 1 : 0);
        df->line++;
        line[n] = '\0';
        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        size_t i = 0;
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == n || line[i] == '#')
            continue;
        df->nfields = 0;
        char *p = line;
        for (;;) {
            if (df->nfields == (int)(sizeof df->fields / sizeof df->fields[0]))
                return cc_datafile_error(df, "too many fields (at most 16)");
            df->fields[df->nfields++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
            while (*p == '\t')
                p++;
            if (!*p)
                break;
        }
        return 1;
    }
    return 0;
}

int cc_datafile_error(const cc_datafile *df, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cc_seterr(CC_EINPUT, "%s:%ld: %s", df->path ? df->path : "?", df->line, msg);
}

void cc_datafile_close(cc_datafile *df)
{
    free(df->path);
    free(df->data);
    memset(df, 0, sizeof *df);
}

/* ---- diagnostics ------------------------------------------------------------------------- */

static const char *level_name(cc_diag_level l)
{
    return l == CC_DIAG_ERROR ? "error" : l == CC_DIAG_WARNING ? "warning" : "note";
}

char *cc_diag_format(const cc_diag *d, char *buf, size_t size)
{
    const char *path = d->path ? d->path : "crosscheck";
    if (d->line > 0 && d->column > 0)
        snprintf(buf, size, "%s:%ld:%ld: %s: %s", path, d->line, d->column, level_name(d->level),
                 d->message);
    else if (d->line > 0)
        snprintf(buf, size, "%s:%ld: %s: %s", path, d->line, level_name(d->level), d->message);
    else if (d->offset >= 0)
        snprintf(buf, size, "%s: byte %lld: %s: %s", path, d->offset, level_name(d->level),
                 d->message);
    else
        snprintf(buf, size, "%s: %s: %s", path, level_name(d->level), d->message);
    return buf;
}

/* A diagnostic with its three strings copied into one allocation ("code\0path\0msg\0"). */
typedef struct {
    cc_diag d;
    char *strings;
} kept_diag;

static _Thread_local cc_diag_log *tl_diag_log;

/* Out of memory, the diagnostic is lost: the work itself goes on, as without a log. */
static void diag_keep(cc_diag_log *log, const cc_diag *d)
{
    if (!log->items.size)
        log->items = (cc_vec)CC_VEC_INIT(kept_diag);
    size_t lc = strlen(d->code) + 1, lp = d->path ? strlen(d->path) + 1 : 0;
    size_t lm = strlen(d->message) + 1;
    kept_diag *k = cc_vec_push(&log->items);
    char *s = k ? malloc(lc + lp + lm) : NULL;
    if (!s) {
        if (k)
            log->items.n--;
        return;
    }
    memcpy(s, d->code, lc);
    if (d->path)
        memcpy(s + lc, d->path, lp);
    memcpy(s + lc + lp, d->message, lm);
    k->d = *d;
    k->d.code = s;
    k->d.path = d->path ? s + lc : NULL;
    k->d.message = s + lc + lp;
    k->strings = s;
}

void cc_diag_emit(const struct cc_context *ctx, cc_diag_level level, const char *code,
                  const char *path, long line, long column, long long offset, const char *fmt,
                  ...)
{
    if (!ctx || !ctx->opts.diag)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cc_diag d = {level, code, path, line, column, offset, msg};
    if (tl_diag_log)
        diag_keep(tl_diag_log, &d);
    else
        ctx->opts.diag(&d, ctx->opts.diag_data);
}

cc_diag_log *cc_diag_capture(cc_diag_log *log)
{
    cc_diag_log *outer = tl_diag_log;
    tl_diag_log = log;
    return outer;
}

void cc_diag_replay(const struct cc_context *ctx, cc_diag_log *log)
{
    for (size_t i = 0; i < log->items.n; i++) {
        kept_diag *k = CC_VEC_AT(&log->items, kept_diag, i);
        if (ctx && ctx->opts.diag)
            ctx->opts.diag(&k->d, ctx->opts.diag_data);
        free(k->strings);
    }
    cc_vec_free(&log->items);
}

size_t cc_utf8_valid_len(const char *s, size_t n)
{
    utf8proc_int32_t c;
    size_t i = 0;
    while (i < n) {
        uint64_t w; /* mostly ASCII: eight bytes without a high bit pass at once */
        if (n - i >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL))) {
            i += 8;
            continue;
        }
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
        if (k < 1)
            break;
        i += (size_t)k;
    }
    return i;
}
