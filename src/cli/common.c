/*
 * common.c: option handling, diagnostics and atomic output shared by the subcommands.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("crosscheck: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "crosscheck %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'crosscheck %s --help'.\n", cmd);
    return EXIT_USAGE;
}

int cli_parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-')
        return -1;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1ULL << 10, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1ULL << 20, end++;
    else if (*end == 'G' || *end == 'g')
        mul = 1ULL << 30, end++;
    if (*end || v == 0 || v > (unsigned long long)SIZE_MAX / mul)
        return -1;
    *out = (size_t)(v * mul);
    return 0;
}

int cli_parse_date(const char *s, cc_date *out)
{
    int y, m, d, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] || !cc_date_valid(y, m, d))
        return -1;
    out->year = y;
    out->month = m;
    out->day = d;
    return 0;
}

int cli_common_option(cli_common *c, int opt, const char *arg)
{
    switch (opt) {
    case OPT_MODELS: c->models_dir = arg; return 1;
    case OPT_STRICT: c->strict = 1; return 1;
    case OPT_QUIET: c->diag.quiet = 1; return 1;
    case OPT_VERBOSE: c->diag.verbose = 1; return 1;
    case 'o': c->output = arg; return 1;
    case OPT_MAX_DOC_BYTES:
        if (cli_parse_size(arg, &c->max_doc_bytes) < 0) {
            cli_error("--max-doc-bytes: '%s' is not a size (e.g. 64M)", arg);
            return -1;
        }
        return 1;
    case OPT_MAX_CLAIMS:
        if (cli_parse_size(arg, &c->max_claims) < 0) {
            cli_error("--max-claims: '%s' is not a number", arg);
            return -1;
        }
        return 1;
    case OPT_JOBS: {
        char *end;
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (errno || end == arg || *end || v < 1 || v > CC_MAX_JOBS) {
            cli_error("--jobs: '%s' is not a number of threads from 1 to %d", arg, CC_MAX_JOBS);
            return -1;
        }
        c->jobs = (int)v;
        return 1;
    }
    case OPT_MAX_SENTENCE_BYTES:
        if (cli_parse_size(arg, &c->max_sentence_bytes) < 0) {
            cli_error("--max-sentence-bytes: '%s' is not a size", arg);
            return -1;
        }
        return 1;
    default: return 0;
    }
}

void cli_diag_print(const cc_diag *d, void *userdata)
{
    cli_diag_state *st = userdata;
    if (d->level == CC_DIAG_ERROR)
        st->errors++;
    else if (d->level == CC_DIAG_WARNING)
        st->warnings++;
    if (d->level == CC_DIAG_NOTE && !st->verbose)
        return;
    if (d->level != CC_DIAG_ERROR && st->quiet)
        return;
    char buf[2048];
    fprintf(stderr, "%s\n", cc_diag_format(d, buf, sizeof buf));
}

/* A progress line on stderr, rewritten in place at most ten times a second. */
static void progress_line(const char *stage, size_t done, size_t total, void *userdata)
{
    (void)userdata;
    static struct timespec last;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
    if (ms < 100 && done + 1 < total)
        return;
    last = now;
    fprintf(stderr, "\r\033[K%s: %zu/%zu files", stage, done + 1, total);
    if (done + 1 >= total)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

cc_context *cli_context(cli_common *c)
{
    cc_options opts = CC_OPTIONS_INIT;
    opts.models_dir = c->models_dir;
    opts.strict = c->strict;
    opts.diag = cli_diag_print;
    opts.diag_data = &c->diag;
    if (c->max_doc_bytes)
        opts.max_doc_bytes = c->max_doc_bytes;
    if (c->max_sentence_bytes)
        opts.max_sentence_bytes = c->max_sentence_bytes;
    if (c->max_claims)
        opts.max_claims = c->max_claims;
    opts.stages = c->stages;
    opts.jobs = c->jobs;
    if (!c->diag.quiet && isatty(fileno(stderr)))
        opts.progress = progress_line;
    cc_context *ctx = NULL;
    if (cc_context_new(&ctx, &opts) < 0) {
        cli_error("%s", cc_errmsg());
        return NULL;
    }
    return ctx;
}

int cli_load(cli_common *c, cc_corpus *corpus, int npaths, char **paths)
{
    int status = EXIT_OK;
    for (int i = 0; i < npaths; i++) {
        int rc = cc_corpus_add_path(corpus, paths[i]);
        if (rc == CC_ENOMEM) {
            cli_error("%s", cc_errmsg());
            return EXIT_INTERNAL;
        }
        if (rc < 0)
            status = EXIT_INPUT;
    }
    if (c->strict && c->diag.errors)
        status = EXIT_INPUT;
    return status;
}

int cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    /* A device or pipe (-o /dev/null, -o /dev/stdout) is written in place: renaming a
     * temporary file over it would replace the device with a regular file. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (!(o->f = fopen(path, "wb")) || !(o->path = strdup(path))) {
            cli_error("%s: cannot write: %s", path, strerror(errno));
            if (o->f)
                fclose(o->f);
            o->f = NULL;
            return -1;
        }
        return 0;
    }
    size_t n = strlen(path) + 32;
    o->path = strdup(path);
    o->tmp = malloc(n);
    if (!o->path || !o->tmp) {
        cli_error("out of memory");
        return -1;
    }
    snprintf(o->tmp, n, "%s.tmp.%ld", path, (long)getpid());
    o->f = fopen(o->tmp, "wb");
    if (!o->f) {
        cli_error("%s: cannot write: %s", o->tmp, strerror(errno));
        free(o->path);
        free(o->tmp);
        o->path = o->tmp = NULL;
        return -1;
    }
    return 0;
}

int cli_out_commit(cli_out *o)
{
    if (!o->tmp) { /* standard output, or a device written in place (path set) */
        int ok = fflush(o->f) == 0;
        if (o->path)
            ok = fclose(o->f) == 0 && ok;
        if (!ok)
            cli_error("writing output: %s", strerror(errno));
        free(o->path);
        memset(o, 0, sizeof *o);
        return ok ? EXIT_OK : EXIT_INTERNAL;
    }
    int ok = fflush(o->f) == 0 && fsync(fileno(o->f)) == 0;
    ok = (fclose(o->f) == 0) && ok;
    o->f = NULL;
    if (!ok || rename(o->tmp, o->path) != 0) {
        cli_error("%s: cannot write: %s", o->path, strerror(errno));
        unlink(o->tmp);
        ok = 0;
    }
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    return ok ? EXIT_OK : EXIT_INTERNAL;
}

void cli_out_abort(cli_out *o)
{
    if (o->f && o->path) /* a file of ours, or a device written in place */
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}

int cli_color_enabled(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return 0;
    return isatty(fileno(f));
}

int cli_parse_options(int argc, char **argv, const char *cmd, const char *help,
                      const struct option *extra, cli_common *c, cli_opt_fn fn, void *data)
{
    static const struct option common[] = {CLI_COMMON_LONGOPTS};
    enum { NCOMMON = sizeof common / sizeof common[0], MAXOPTS = 48 };
    struct option all[MAXOPTS];
    size_t n = 0;
    for (size_t i = 0; i < NCOMMON; i++)
        all[n++] = common[i];
    for (size_t i = 0; extra && extra[i].name && n < MAXOPTS - 1; i++)
        all[n++] = extra[i];
    memset(&all[n], 0, sizeof all[n]);
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "o:", all, NULL)) != -1) {
        if (opt == OPT_HELP) {
            fputs(help, stdout);
            return EXIT_OK;
        }
        if (opt == '?' || opt == ':')
            return cli_usage_error(cmd, "unknown option or missing value: '%s'",
                                   argv[optind - 1]);
        int r = cli_common_option(c, opt, optarg);
        if (r == 0 && fn)
            r = fn(opt, optarg, data);
        if (r < 0)
            return EXIT_USAGE;
        if (r == 0)
            return cli_usage_error(cmd, "unexpected option '%s'", argv[optind - 1]);
    }
    return -1;
}

int cli_load_records(cli_common *c, cc_corpus *corpus, int nfiles, char **files)
{
    (void)c;
    for (int i = 0; i < nfiles; i++) {
        int rc = cc_corpus_add_records(corpus, files[i]);
        if (rc < 0) {
            cli_error("%s", cc_errmsg());
            return rc == CC_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
        }
    }
    return EXIT_OK;
}

typedef int (*loader_fn)(cli_common *c, cc_corpus *corpus, int n, char **names);

static int session_open(cli_session *s, cli_common *c, int n, char **names, loader_fn load)
{
    memset(s, 0, sizeof *s);
    s->common = c;
    s->ctx = cli_context(c);
    if (!s->ctx)
        return EXIT_INPUT;
    if (cc_corpus_new(&s->corpus, s->ctx) < 0) {
        cli_error("%s", cc_errmsg());
        cc_context_free(s->ctx);
        return EXIT_INTERNAL;
    }
    s->status = load(c, s->corpus, n, names);
    if (s->status == EXIT_INTERNAL || cli_out_open(&s->out, c->output) < 0) {
        cc_corpus_free(s->corpus);
        cc_context_free(s->ctx);
        return EXIT_INTERNAL;
    }
    return 0;
}

int cli_session_open(cli_session *s, cli_common *c, int npaths, char **paths)
{
    return session_open(s, c, npaths, paths, cli_load);
}

int cli_session_open_records(cli_session *s, cli_common *c, int nfiles, char **files)
{
    return session_open(s, c, nfiles, files, cli_load_records);
}

void cli_session_cache(cli_session *s, const char *dir)
{
    if (cc_cache_open(&s->cache, s->ctx, dir) < 0)
        fprintf(stderr, "crosscheck: warning: %s (going on without the claims cache)\n",
                cc_errmsg());
}

int cli_session_close(cli_session *s)
{
    cc_cache_free(s->cache);
    /* A failed run keeps the previous -o file byte for byte: a report of part of the input
     * (or an empty one, when the model did not load) must not pass for the real one. */
    if (s->status != EXIT_OK && s->status != EXIT_GATE)
        cli_out_abort(&s->out);
    else if (cli_out_commit(&s->out) != EXIT_OK)
        s->status = EXIT_INTERNAL;
    cc_corpus_free(s->corpus);
    cc_context_free(s->ctx);
    return s->status;
}

int cli_json_line(FILE *f, const json_t *json)
{
    char *text = json_dumps(json, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text)
        return -1;
    size_t n = strlen(text);
    text[n] = '\n'; /* json_dumps allocated n + 1 bytes: the NUL becomes the newline */
    int ok = fwrite(text, 1, n + 1, f) == n + 1;
    free(text);
    return ok ? 0 : -1;
}

void cli_buf_reserve(cli_buf *b, size_t extra)
{
    if (b->oom || b->len + extra + 1 <= b->cap)
        return;
    size_t cap = (b->len + extra + 1) * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return;
    }
    b->data = p;
    b->cap = cap;
    b->data[b->len] = '\0';
}

void cli_buf_append(cli_buf *b, const char *s, size_t n)
{
    cli_buf_reserve(b, n);
    if (b->oom)
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}
