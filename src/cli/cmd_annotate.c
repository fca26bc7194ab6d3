/*
 * cmd_annotate.c: `crosscheck annotate WHAT ...`: the annotators' and reviewers' commands.
 * `lint` validates labelled pairs and reviewer verdicts (used by people before they commit
 * and by the gate). The interactive labelling and review commands come with the annotation
 * loop (DESIGN §7); until then they are refused with a usage error, never faked.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck annotate lint [--quiet] FILE_OR_DIR...\n"
    "\n"
    "Validates annotation files, telling labelled pairs from reviewer verdicts by their\n"
    "header, with one file:line message per problem:\n"
    "  pairs (annotations/pairs/*.tsv): columns label, text_a, text_b, source_a, source_b,\n"
    "    annotator, labeled_at (and optionally id, date_a, date_b, type); every line has\n"
    "    the header's column count; labels same | conflict | different; types of DESIGN\n"
    "    §6 or '-' (a conflict needs one); dates YYYY-MM-DD or unknown; ids unique across\n"
    "    the files; one annotator labelling the same pair differently twice is an error.\n"
    "  verdicts (annotations/verdicts.tsv): fingerprint, verdict (confirmed | dismissed),\n"
    "    reviewer, time (and note).\n"
    "  Any file: valid UTF-8, no NUL byte, a final newline (a file that ends in half a\n"
    "  line was cut off while being written).\n"
    "A directory stands for the .tsv files in it (sorted). Exit 0 when there is no error\n"
    "(warnings allowed), 3 when there is one.\n"
    "\n"
    "Example:\n"
    "  crosscheck annotate lint annotations/pairs annotations/verdicts.tsv\n";

static int strcmp_ptr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's .tsv files, sorted; *n of them. */
static char **tsv_files(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **out = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".tsv") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **p = realloc(out, cap * sizeof *p);
            if (!p)
                break;
            out = p;
        }
        size_t size = strlen(dir) + len + 2;
        if (!(out[*n] = malloc(size)))
            break;
        snprintf(out[*n], size, "%s/%s", dir, e->d_name);
        (*n)++;
    }
    closedir(d);
    if (out)
        qsort(out, *n, sizeof *out, strcmp_ptr);
    return out;
}

static int lint(int argc, char **argv)
{
    cli_common common = CLI_COMMON_INIT;
    int rc = cli_parse_options(argc, argv, "annotate lint", help, NULL, &common, NULL, NULL);
    if (rc >= 0)
        return rc;
    if (optind >= argc)
        return cli_usage_error("annotate lint", "no FILE given");
    common.stages = CC_STAGE_LOAD; /* only the context's diagnostics are needed */
    cc_context *ctx = cli_context(&common);
    if (!ctx)
        return EXIT_INPUT;
    cc_lint *l = NULL;
    if (cc_lint_new(&l, ctx) < 0) {
        cc_context_free(ctx);
        return EXIT_INTERNAL;
    }
    int status = EXIT_OK;
    for (int i = optind; i < argc && status == EXIT_OK; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            size_t n;
            char **files = tsv_files(argv[i], &n);
            if (n == 0)
                cli_error("%s: no .tsv files in this directory", argv[i]);
            for (size_t k = 0; k < n; k++) {
                if (cc_lint_file(l, files[k]) == CC_ENOMEM)
                    status = EXIT_INTERNAL;
                free(files[k]);
            }
            free(files);
        } else if (cc_lint_file(l, argv[i]) == CC_ENOMEM)
            status = EXIT_INTERNAL;
    }
    if (status == EXIT_OK && cc_lint_errors(l))
        status = EXIT_INPUT;
    if (!common.diag.quiet)
        fprintf(stderr, "crosscheck annotate lint: %zu entries, %zu errors, %zu warnings\n",
                cc_lint_lines(l), cc_lint_errors(l), cc_lint_warnings(l));
    cc_lint_free(l);
    cc_context_free(ctx);
    return status;
}

int cmd_annotate(int argc, char **argv)
{
    if (argc < 2) {
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "lint") == 0)
        return lint(argc - 1, argv + 1);
    return cli_usage_error("annotate", "'%s' is not available (available: lint)", argv[1]);
}
