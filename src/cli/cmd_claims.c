/*
 * cmd_claims.c: `crosscheck claims`: loads and segments documents and prints their claims
 * as JSON lines or TSV. Until clause-level extraction lands, a claim is a sentence.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck claims [--format jsonl|tsv] [OPTIONS] PATH...\n"
    "\n"
    "Extracts the claims of every document: one JSON object per line (jsonl, default)\n"
    "or one tab-separated row per claim (tsv, with a header row).\n"
    "\n"
    "Fields: id (DOC#N), doc (document id: path below the given directory, without\n"
    "extension), path, sentence (0-based index in the document), kind (body, title,\n"
    "heading, list-item), span ([start, end) byte offsets into the original file), text.\n"
    "\n"
    "  --format F              jsonl (default) or tsv\n"
    "\n" CLI_COMMON_HELP
    "\n"
    "Examples:\n"
    "  crosscheck claims annotations/corpus\n"
    "  crosscheck claims --format tsv -o claims.tsv article.md\n"
    "  cat article.txt | crosscheck claims -\n";

static const char *kind_name(int kind)
{
    switch (kind) {
    case CC_SENT_TITLE: return "title";
    case CC_SENT_HEADING: return "heading";
    case CC_SENT_LIST_ITEM: return "list-item";
    default: return "body";
    }
}

static void put_tsv_field(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static int print_doc(FILE *f, const cc_doc *doc, int tsv)
{
    size_t n = cc_doc_nsentences(doc);
    for (size_t i = 0; i < n; i++) {
        const cc_sentence *s = cc_doc_sentence(doc, i);
        size_t start = cc_doc_raw_offset(doc, s->span.start);
        size_t end = cc_doc_raw_offset(doc, s->span.end);
        char id[512];
        snprintf(id, sizeof id, "%s#%zu", cc_doc_id(doc), i);
        if (tsv) {
            fprintf(f, "%s\t%s\t%s\t%zu\t%s\t%zu\t%zu\t", id, cc_doc_id(doc), cc_doc_path(doc),
                    i, kind_name(s->kind), start, end);
            put_tsv_field(f, s->text);
            fputc('\n', f);
            continue;
        }
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(id));
        json_object_set_new(o, "doc", json_string(cc_doc_id(doc)));
        json_object_set_new(o, "path", json_string(cc_doc_path(doc)));
        json_object_set_new(o, "sentence", json_integer((json_int_t)i));
        json_object_set_new(o, "kind", json_string(kind_name(s->kind)));
        json_t *span = json_array();
        json_array_append_new(span, json_integer((json_int_t)start));
        json_array_append_new(span, json_integer((json_int_t)end));
        json_object_set_new(o, "span", span);
        json_object_set_new(o, "text", json_string(s->text));
        int rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (rc < 0)
            return -1;
        fputc('\n', f);
    }
    return 0;
}

int cmd_claims(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"format", 1, NULL, OPT_FORMAT}, {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    const char *format = "jsonl";
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
        else if (opt == OPT_HELP) {
            fputs(help, stdout);
            return EXIT_OK;
        } else
            return cli_usage_error("claims", "unknown option");
    }
    int tsv = strcmp(format, "tsv") == 0;
    if (!tsv && strcmp(format, "jsonl") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("claims", "--format must be jsonl or tsv, not '%s'", format);
    if (optind >= argc)
        return cli_usage_error("claims", "no PATH given (use '-' for standard input)");

    cc_context *ctx = cli_context(&common);
    if (!ctx)
        return EXIT_INPUT;
    cc_corpus *corpus = NULL;
    if (cc_corpus_new(&corpus, ctx) < 0) {
        cc_context_free(ctx);
        return EXIT_INTERNAL;
    }
    int status = cli_load(&common, corpus, argc - optind, argv + optind);
    cli_out out;
    if (status != EXIT_INTERNAL && cli_out_open(&out, common.output) < 0)
        status = EXIT_INTERNAL;
    if (status != EXIT_INTERNAL) {
        if (tsv)
            fputs("id\tdoc\tpath\tsentence\tkind\tstart\tend\ttext\n", out.f);
        for (size_t i = 0; i < cc_corpus_ndocs(corpus) && status != EXIT_INTERNAL; i++) {
            cc_doc *doc = cc_corpus_doc(corpus, i);
            if (cc_doc_segment(doc, ctx) < 0) {
                cli_error("%s: %s", cc_doc_path(doc), cc_errmsg());
                status = EXIT_INTERNAL;
            } else if (print_doc(out.f, doc, tsv) < 0) {
                cli_error("writing output failed");
                status = EXIT_INTERNAL;
            }
        }
        if (status == EXIT_INTERNAL)
            cli_out_abort(&out);
        else if (cli_out_commit(&out) != EXIT_OK)
            status = EXIT_INTERNAL;
    }
    cc_corpus_free(corpus);
    cc_context_free(ctx);
    return status;
}
