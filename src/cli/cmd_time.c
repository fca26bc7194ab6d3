/*
 * cmd_time.c: `crosscheck time`: tags the time expressions of a text given on the command
 * line (or standard input) and prints span, type, value and how the value was resolved.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck time [--dct YYYY-MM-DD] [--format text|json] [OPTIONS] [TEXT... | -]\n"
    "\n"
    "Tags the time expressions (TIMEX3: DATE, TIME, DURATION, SET) of TEXT (the arguments\n"
    "joined by spaces) or of standard input ('-' or no argument), and normalizes them.\n"
    "\n"
    "Text output: one line per expression: start-end (byte offsets), type, value,\n"
    "resolution (absolute, dct, event, unresolved), the expression, the rule, the anchor.\n"
    "\n"
    "  --dct YYYY-MM-DD        the document creation time (default: unknown, so relative\n"
    "                          expressions stay unresolved)\n"
    "  --format F              text (default) or json\n"
    "  --models DIR            models and lexicons\n"
    "  --help                  this help\n"
    "\n"
    "Examples:\n"
    "  crosscheck time --dct 2025-11-20 'Prices rose a year ago and fell on Friday.'\n"
    "  echo 'The talks ended in 2022.' | crosscheck time --format json -\n";

/* Reads standard input straight into the buffer, sized at once for a regular file. */
static int read_stdin(cli_buf *b)
{
    struct stat st;
    if (fstat(fileno(stdin), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size < ((size_t)-1) / 4)
        cli_buf_reserve(b, (size_t)st.st_size + 1);
    for (;;) {
        cli_buf_reserve(b, 65536);
        if (b->oom)
            return 0;
        size_t n = fread(b->data + b->len, 1, b->cap - b->len - 1, stdin);
        b->len += n;
        b->data[b->len] = '\0';
        if (n == 0)
            break;
    }
    return ferror(stdin) ? -1 : 0;
}

static int read_input(cli_buf *b, int argc, char **argv)
{
    if (argc == 0 || (argc == 1 && strcmp(argv[0], "-") == 0))
        return read_stdin(b);
    for (int i = 0; i < argc; i++) {
        if (i)
            cli_buf_append(b, " ", 1);
        cli_buf_append(b, argv[i], strlen(argv[i]));
    }
    return 0;
}

static void put_size(FILE *f, size_t v)
{
    char buf[24], *p = buf + sizeof buf;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    fwrite(p, 1, (size_t)(buf + sizeof buf - p), f);
}

/* One line per expression; written piece by piece (fprintf costs more than the tagging of
 * a line when the output is large). */
static void print_text(FILE *f, const char *text, const cc_timex *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put_size(f, t[i].span.start);
        fputc('-', f);
        put_size(f, t[i].span.end);
        const char *fields[] = {cc_timex_type_name(t[i].type), t[i].value,
                                cc_time_resolution_name(t[i].resolution)};
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
            fputc('\t', f);
            fputs(fields[k], f);
        }
        fputc('\t', f);
        fwrite(text + t[i].span.start, 1, t[i].span.end - t[i].span.start, f);
        fputc('\t', f);
        fputs(t[i].rule, f);
        if (t[i].anchor_text) {
            fputs("\tanchor: ", f);
            fputs(t[i].anchor_text, f);
        }
        fputc('\n', f);
    }
}

static int print_json(FILE *f, const char *text, const cc_date *dct, const cc_timex *t,
                      size_t n)
{
    json_t *o = json_object();
    char d[16];
    snprintf(d, sizeof d, "%04d-%02d-%02d", dct->year, dct->month, dct->day);
    json_object_set_new(o, "dct", dct->year ? json_string(d) : json_null());
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "start", json_integer((json_int_t)t[i].span.start));
        json_object_set_new(e, "end", json_integer((json_int_t)t[i].span.end));
        json_object_set_new(e, "text", json_stringn(text + t[i].span.start,
                                                    t[i].span.end - t[i].span.start));
        json_object_set_new(e, "type", json_string(cc_timex_type_name(t[i].type)));
        json_object_set_new(e, "value", json_string(t[i].value));
        json_object_set_new(e, "resolution",
                            json_string(cc_time_resolution_name(t[i].resolution)));
        json_object_set_new(e, "rule", json_string(t[i].rule));
        json_object_set_new(e, "anchor",
                            t[i].anchor_text ? json_string(t[i].anchor_text) : json_null());
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "timexes", a);
    int rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    fputc('\n', f);
    return rc;
}

int cmd_time(int argc, char **argv)
{
    enum { OPT_DCT = OPT_FIRST_COMMAND_SPECIFIC };
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"format", 1, NULL, OPT_FORMAT}, {"dct", 1, NULL, OPT_DCT},
        {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    const char *format = "text";
    cc_date dct = {0, 0, 0};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int r = cli_common_option(&common, opt, optarg);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (opt == OPT_FORMAT)
            format = optarg;
        else if (opt == OPT_DCT) {
            if (cli_parse_date(optarg, &dct) < 0)
                return cli_usage_error("time", "--dct: '%s' is not a date YYYY-MM-DD", optarg);
        } else if (opt == OPT_HELP) {
            fputs(help, stdout);
            return EXIT_OK;
        } else
            return cli_usage_error("time", "unknown option");
    }
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0)
        return cli_usage_error("time", "--format must be text or json, not '%s'", format);
    cli_buf in = {NULL, 0, 0, 0};
    if (read_input(&in, argc - optind, argv + optind) < 0 || in.oom) {
        cli_error("reading standard input failed");
        free(in.data);
        return EXIT_INPUT;
    }
    common.stages = CC_STAGE_TIME; /* no corpus: the gazetteer and the rest need not load */
    cc_context *ctx = cli_context(&common);
    if (!ctx) {
        free(in.data);
        return EXIT_INPUT;
    }
    cc_timex *t = NULL;
    size_t n = 0;
    const char *text = in.data ? in.data : "";
    int status = EXIT_OK;
    int rc = cc_time_tag_text(&t, &n, ctx, text, in.len, dct.year ? &dct : NULL);
    if (rc < 0) {
        cli_error("%s", cc_errmsg());
        status = rc == CC_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
    } else {
        cli_out out;
        if (cli_out_open(&out, common.output) < 0)
            status = EXIT_INTERNAL;
        else {
            if (json)
                print_json(out.f, text, &dct, t, n);
            else
                print_text(out.f, text, t, n);
            status = cli_out_commit(&out);
        }
    }
    cc_timex_free(t, n);
    cc_context_free(ctx);
    free(in.data);
    return status;
}
