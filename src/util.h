/*
 * util.h: small pieces every module uses: the last-error message, growable buffers and
 * arrays, an arena for per-document strings, hashing, and the reader for the tab-separated
 * data files under models/ (with file:line errors).
 *
 * Internal to the library: not part of the public header.
 */
#ifndef CC_UTIL_H
#define CC_UTIL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "crosscheck.h"

#if defined(__GNUC__)
#define CC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CC_PRINTF(a, b)
#endif

/* Sets this thread's last-error message and returns `code` (for `return cc_seterr(...)`). */
int cc_seterr(int code, const char *fmt, ...) CC_PRINTF(2, 3);

/* Allocation that never returns NULL silently: NULL only when the system is out of memory. */
void *cc_xcalloc(size_t n, size_t size);
char *cc_strndup(const char *s, size_t n);
char *cc_strdup(const char *s);

/* ---- growable byte buffer, always NUL-terminated ---------------------------------------- */
typedef struct {
    char *data;
    size_t len, cap;
    int oom; /* set once an allocation failed; further appends are ignored */
} cc_buf;

#define CC_BUF_INIT {NULL, 0, 0, 0}
int cc_buf_reserve(cc_buf *b, size_t extra);
int cc_buf_append(cc_buf *b, const void *data, size_t len);
int cc_buf_putc(cc_buf *b, char c);
int cc_buf_puts(cc_buf *b, const char *s);
int cc_buf_printf(cc_buf *b, const char *fmt, ...) CC_PRINTF(2, 3);
/* Takes the buffer's memory (caller frees); the buffer is reset. */
char *cc_buf_detach(cc_buf *b, size_t *len);
void cc_buf_free(cc_buf *b);

/* ---- growable array of fixed-size items ------------------------------------------------- */
typedef struct {
    void *items;
    size_t n, cap, size;
} cc_vec;

#define CC_VEC_INIT(type) {NULL, 0, 0, sizeof(type)}
/* Appends one zeroed item and returns it, or NULL when out of memory. */
void *cc_vec_push(cc_vec *v);
/* Room for n items in all (exactly, when it must grow): for a count known in advance.
 * 0, or -1 when out of memory (the vector is unchanged). */
int cc_vec_reserve(cc_vec *v, size_t n);
#define CC_VEC_AT(v, type, i) (&((type *)(v)->items)[i])
void cc_vec_free(cc_vec *v);

/* ---- arena: many small strings freed together ------------------------------------------- */
typedef struct cc_arena_block cc_arena_block;
typedef struct {
    cc_arena_block *head;
} cc_arena;

void *cc_arena_alloc(cc_arena *a, size_t size);
/* Makes room for `size` bytes of requests in one block (one allocation instead of a block
 * chain growing from 512 bytes, when the caller knows roughly what is coming). -1: out of
 * memory. */
int cc_arena_reserve(cc_arena *a, size_t size);
char *cc_arena_strndup(cc_arena *a, const char *s, size_t n);
void cc_arena_free(cc_arena *a);

/* ---- hashing ----------------------------------------------------------------------------- */
uint64_t cc_fnv1a(const void *data, size_t len, uint64_t seed);

/* The length of the longest valid UTF-8 prefix of s[0..n): n when all of it is valid. */
size_t cc_utf8_valid_len(const char *s, size_t n);
#define CC_FNV_SEED 0xcbf29ce484222325ULL
/* FNV-1a of text with ASCII case folded and each run of spaces and tabs read as one space
 * (a trailing run dropped): the key under which two annotators' copies of a pair match. */
uint64_t cc_text_key(const char *s, uint64_t seed);
/* A faster 64-bit checksum of whole buffers (documents); see cc_hash_hex(). */
uint64_t cc_hash64(const void *data, size_t len);

/* 0 when $CROSSCHECK_NO_JIT is set (non-empty): patterns then run in pcre2's interpreter.
 * Slower, but memory checkers such as valgrind cannot follow JIT code and report false
 * errors in it. */
int cc_jit_enabled(void);

/* ---- files ------------------------------------------------------------------------------- */
/* Reads a whole file; *out is NUL-terminated (the NUL is not counted in *len). */
int cc_read_file(const char *path, char **out, size_t *len);
/* The same, but a regular file of more than `limit` bytes is not read: CC_ELIMIT, with its
 * size in *len. */
int cc_read_file_limit(const char *path, size_t limit, char **out, size_t *len);
/* Joins dir and name with one '/'. Caller frees. */
char *cc_path_join(const char *dir, const char *name);

/* ---- data files under models/ ------------------------------------------------------------ *
 * Format: UTF-8 text; '#' starts a comment line; blank lines are skipped; fields are
 * separated by one or more TAB characters. Each call to cc_datafile_next() yields one line
 * split into fields (borrowed until the next call). */
typedef struct {
    char *path;
    char *data;
    size_t len, pos;
    long line;
    char *fields[16];
    int nfields;
} cc_datafile;

int cc_datafile_open(cc_datafile *df, const char *models_dir, const char *name);
/* 1 when a line was read, 0 at the end, negative on error. */
int cc_datafile_next(cc_datafile *df);
/* Raises CC_EINPUT with "path:line: message". */
int cc_datafile_error(const cc_datafile *df, const char *fmt, ...) CC_PRINTF(2, 3);
void cc_datafile_close(cc_datafile *df);

/* ---- diagnostics ------------------------------------------------------------------------- */
struct cc_context;
void cc_diag_emit(const struct cc_context *ctx, cc_diag_level level, const char *code,
                  const char *path, long line, long column, long long offset,
                  const char *fmt, ...) CC_PRINTF(8, 9);

/* A worker thread's diagnostics, kept (with copies of their strings) to be emitted later
 * in document order, so that what users see never depends on thread timing (parallel.c). */
typedef struct {
    cc_vec items;
} cc_diag_log;

#define CC_DIAG_LOG_INIT {{NULL, 0, 0, 0}}
/* From now on this thread's diagnostics go into `log`; NULL: to the callback again. Returns
 * the log they went to before (to restore it). */
cc_diag_log *cc_diag_capture(cc_diag_log *log);
/* Emits the kept diagnostics through ctx's callback, in order, and empties the log. */
void cc_diag_replay(const struct cc_context *ctx, cc_diag_log *log);

#endif
