/* test_util.c: buffers, arrays, arena, file reading, checksums, the data-file reader and its
 * file:line errors, diagnostics formatting, and the context's models folder checks. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "testutil.h"
#include "util.h"

static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(buffers)
{
    cc_buf b = CC_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(cc_buf_printf(&b, "%d,", i), 0);
    ck_assert_uint_eq(strlen(b.data), b.len);
    ck_assert(strncmp(b.data, "0,1,2,", 6) == 0);
    ck_assert(strstr(b.data, "999,") != NULL);
    size_t len;
    char *s = cc_buf_detach(&b, &len);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(len, strlen(s));
    free(s);
    cc_buf e = CC_BUF_INIT; /* detaching an empty buffer gives "" */
    s = cc_buf_detach(&e, &len);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

START_TEST(vectors_and_arena)
{
    cc_vec v = CC_VEC_INIT(long);
    for (long i = 0; i < 10000; i++)
        *(long *)cc_vec_push(&v) = i * i;
    ck_assert_uint_eq(v.n, 10000);
    ck_assert_int_eq(*CC_VEC_AT(&v, long, 9999), 9999L * 9999L);
    cc_vec_free(&v);
    cc_arena a = {NULL};
    char *big = cc_arena_alloc(&a, 100000); /* larger than a block */
    ck_assert_ptr_nonnull(big);
    memset(big, 'x', 100000);
    const char *p = cc_arena_strndup(&a, "Bamako", 3);
    ck_assert_str_eq(p, "Bam");
    ck_assert_uint_eq((uintptr_t)cc_arena_alloc(&a, 3) % _Alignof(max_align_t), 0);
    cc_arena_free(&a);
}
END_TEST

START_TEST(arena_reserve)
{
    cc_arena a = {NULL};
    ck_assert_int_eq(cc_arena_reserve(&a, 40000), 0);
    /* what was reserved comes from one block: the requests lie side by side (1,000 bytes
     * rounded up as the arena rounds, to whole max_align_t) */
    size_t step = (1000 + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    char *prev = cc_arena_alloc(&a, 1000);
    for (int i = 0; i < 30; i++) {
        char *next = cc_arena_alloc(&a, 1000);
        ck_assert_ptr_eq(next, prev + step);
        prev = next;
    }
    ck_assert_int_eq(cc_arena_reserve(&a, 100), 0); /* room left: the same block serves */
    ck_assert_ptr_eq(cc_arena_alloc(&a, 8), prev + step);
    cc_arena_free(&a);
}
END_TEST

/* cc_read_file_limit(): whole files in one piece, NUL-terminated; a regular file over the
 * limit is not read and says its size; a pipe (size unknown) is read to its end. */
START_TEST(read_file_limit)
{
    char path[256], *data;
    size_t len;
    write_file("five.txt", "Gao 5");
    snprintf(path, sizeof path, "%s/five.txt", tmpdir);
    ck_assert_int_eq(cc_read_file_limit(path, 5, &data, &len), 0);
    ck_assert_uint_eq(len, 5);
    ck_assert_str_eq(data, "Gao 5");
    free(data);
    ck_assert_int_eq(cc_read_file_limit(path, 4, &data, &len), CC_ELIMIT);
    ck_assert_ptr_null(data);
    ck_assert_uint_eq(len, 5);
    ck_assert_msg(strstr(cc_errmsg(), "five.txt") != NULL, "%s", cc_errmsg());
    write_file("empty.txt", "");
    snprintf(path, sizeof path, "%s/empty.txt", tmpdir);
    ck_assert_int_eq(cc_read_file(path, &data, &len), 0);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(data, "");
    free(data);
    snprintf(path, sizeof path, "%s/missing.txt", tmpdir);
    ck_assert_int_eq(cc_read_file(path, &data, &len), CC_EIO);
    /* 200 KB through a pipe: more than the first buffer, no size to trust */
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fd[0]);
        char block[1000];
        memset(block, 'k', sizeof block);
        for (int i = 0; i < 200; i++)
            if (write(fd[1], block, sizeof block) != (ssize_t)sizeof block)
                _exit(1);
        _exit(0);
    }
    close(fd[1]);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd[0]);
    ck_assert_int_eq(cc_read_file_limit(path, 10, &data, &len), 0); /* no size: no limit */
    ck_assert_uint_eq(len, 200000);
    ck_assert_uint_eq(strlen(data), 200000);
    free(data);
    close(fd[0]);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

START_TEST(checksums)
{
    char h1[17], h2[17], h3[17];
    cc_hash_hex("The talks resumed.", 18, h1);
    cc_hash_hex("The talks resumed.", 18, h2);
    cc_hash_hex("The talks resumed!", 18, h3);
    ck_assert_str_eq(h1, h2);
    ck_assert_str_ne(h1, h3);
    ck_assert_uint_eq(strlen(h1), 16);
    /* every length class of the word loop, and a prefix differs from the whole */
    char prev[17] = "";
    for (size_t n = 0; n < 20; n++) {
        cc_hash_hex("abcdefghijklmnopqrstuvwxyz", n, h1);
        ck_assert_str_ne(h1, prev);
        memcpy(prev, h1, 17);
    }
    ck_assert(cc_fnv1a("a", 1, CC_FNV_SEED) != cc_fnv1a("b", 1, CC_FNV_SEED));
}
END_TEST

START_TEST(datafile_fields_and_errors)
{
    write_file("ok.tsv", "\xEF\xBB\xBF# comment\n\nalpha\tbeta\t\tgamma\r\n  # indented comment\ndelta\n");
    cc_datafile df;
    ck_assert_int_eq(cc_datafile_open(&df, tmpdir, "ok.tsv"), 0);
    ck_assert_int_eq(cc_datafile_next(&df), 1);
    ck_assert_int_eq(df.nfields, 3); /* runs of tabs are one separator; CR dropped */
    ck_assert_str_eq(df.fields[0], "alpha");
    ck_assert_str_eq(df.fields[2], "gamma");
    ck_assert_int_eq(df.line, 3);
    ck_assert_int_eq(cc_datafile_next(&df), 1);
    ck_assert_str_eq(df.fields[0], "delta");
    ck_assert_int_eq(df.line, 5);
    ck_assert_int_eq(cc_datafile_error(&df, "bad %s", "thing"), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), "ok.tsv:5: bad thing") != NULL, "%s", cc_errmsg());
    ck_assert_int_eq(cc_datafile_next(&df), 0);
    cc_datafile_close(&df);

    write_file("nul.tsv", "a\tb\n");
    char path[256];
    snprintf(path, sizeof path, "%s/nul.tsv", tmpdir);
    FILE *f = fopen(path, "ab");
    fputc('\0', f);
    fclose(f);
    ck_assert_int_eq(cc_datafile_open(&df, tmpdir, "nul.tsv"), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), "NUL") != NULL, "%s", cc_errmsg());
    ck_assert_int_eq(cc_datafile_open(&df, tmpdir, "missing.tsv"), CC_EIO);
    ck_assert_msg(strstr(cc_errmsg(), "missing.tsv") != NULL, "%s", cc_errmsg());

    char many[256] = "";
    for (int i = 0; i < 20; i++)
        strcat(many, "x\t");
    strcat(many, "x\n");
    write_file("many.tsv", many);
    ck_assert_int_eq(cc_datafile_open(&df, tmpdir, "many.tsv"), 0);
    ck_assert_int_eq(cc_datafile_next(&df), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), "many.tsv:1:") != NULL, "%s", cc_errmsg());
    cc_datafile_close(&df);
}
END_TEST

START_TEST(diag_format)
{
    char buf[256];
    cc_diag d = {CC_DIAG_WARNING, "utf8-invalid", "a.txt", 3, 7, 40, "invalid UTF-8"};
    ck_assert_str_eq(cc_diag_format(&d, buf, sizeof buf), "a.txt:3:7: warning: invalid UTF-8");
    d.line = 0;
    ck_assert_str_eq(cc_diag_format(&d, buf, sizeof buf), "a.txt: byte 40: warning: invalid UTF-8");
    d.offset = -1;
    d.level = CC_DIAG_ERROR;
    ck_assert_str_eq(cc_diag_format(&d, buf, sizeof buf), "a.txt: error: invalid UTF-8");
}
END_TEST

START_TEST(context_models_dir)
{
    cc_options o = CC_OPTIONS_INIT;
    o.models_dir = "/nonexistent/models";
    cc_context *ctx = NULL;
    ck_assert_int_eq(cc_context_new(&ctx, &o), CC_EINPUT);
    ck_assert_ptr_null(ctx);
    ck_assert_msg(strstr(cc_errmsg(), "/nonexistent/models") != NULL, "%s", cc_errmsg());
    /* an empty folder: the first stage names the file it misses */
    o.models_dir = tmpdir;
    ck_assert_int_lt(cc_context_new(&ctx, &o), 0);
    ck_assert_msg(strstr(cc_errmsg(), tmpdir) != NULL, "%s", cc_errmsg());
    /* the real models: a checksum over every data file, stable across contexts */
    ctx = tu_context(NULL, 0);
    char sum[17];
    snprintf(sum, sizeof sum, "%s", cc_context_lexicon_checksum(ctx));
    ck_assert_uint_eq(strlen(sum), 16);
    cc_context_free(ctx);
    ctx = tu_context(NULL, 0);
    ck_assert_str_eq(cc_context_lexicon_checksum(ctx), sum);
    cc_context_free(ctx);
}
END_TEST

START_TEST(context_stages)
{
    cc_options o = CC_OPTIONS_INIT;
    o.stages = CC_STAGE_TIME;
    cc_context *ctx = NULL;
    ck_assert_int_eq(cc_context_new(&ctx, &o), 0);
    cc_timex *t = NULL;
    size_t n = 0;
    cc_date dct = {2025, 11, 20};
    ck_assert_int_eq(cc_time_tag_text(&t, &n, ctx, "a year ago", 10, &dct), 0);
    ck_assert_uint_eq(n, 1);
    cc_timex_free(t, n);
    cc_corpus *c = NULL;
    ck_assert_int_eq(cc_corpus_new(&c, ctx), 0);
    ck_assert_int_eq(cc_corpus_add_buffer(c, "x.txt", "Text.", 5), CC_EUSAGE);
    ck_assert_msg(strstr(cc_errmsg(), "load stage") != NULL, "%s", cc_errmsg());
    cc_corpus_free(c);
    cc_context_free(ctx);
    /* claims bring the stages they stand on */
    o.stages = CC_STAGE_CLAIMS;
    ck_assert_int_eq(cc_context_new(&ctx, &o), 0);
    ck_assert_int_eq(cc_corpus_new(&c, ctx), 0);
    ck_assert_int_eq(cc_corpus_add_buffer(c, "x.txt", "Mali expelled the envoy.", 24), 0);
    ck_assert_int_eq(cc_doc_claims(cc_corpus_doc(c, 0), ctx), 0);
    cc_corpus_free(c);
    cc_context_free(ctx);
}
END_TEST

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/cc_test_utilXXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, buffers);
    tcase_add_test(tc, vectors_and_arena);
    tcase_add_test(tc, arena_reserve);
    tcase_add_test(tc, read_file_limit);
    tcase_add_test(tc, checksums);
    tcase_add_test(tc, datafile_fields_and_errors);
    tcase_add_test(tc, diag_format);
    tcase_add_test(tc, context_models_dir);
    tcase_add_test(tc, context_stages);
    suite_add_tcase(s, tc);
    int rc = tu_run(s);
    if (tu_rmdir(tmpdir) != 0)
        rc = 1;
    return rc;
}
