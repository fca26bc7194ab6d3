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
        int rc = cli_json_line(f, o);
        json_decref(o);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int claims_option(int opt, const char *arg, void *data)
{
    if (opt != OPT_FORMAT)
        return 0;
    *(const char **)data = arg;
    return 1;
}

int cmd_claims(int argc, char **argv)
{
    static const struct option extra[] = {{"format", 1, NULL, OPT_FORMAT}, {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    const char *format = "jsonl";
    int rc = cli_parse_options(argc, argv, "claims", help, extra, &common, claims_option, &format);
    if (rc >= 0)
        return rc;
    int tsv = strcmp(format, "tsv") == 0;
    if (!tsv && strcmp(format, "jsonl") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("claims", "--format must be jsonl or tsv, not '%s'", format);
    if (optind >= argc)
        return cli_usage_error("claims", "no PATH given (use '-' for standard input)");

    cli_session s;
    int fatal = cli_session_open(&s, &common, argc - optind, argv + optind);
    if (fatal)
        return fatal;
    if (tsv)
        fputs("id\tdoc\tpath\tsentence\tkind\tstart\tend\ttext\n", s.out.f);
    for (size_t i = 0; i < cc_corpus_ndocs(s.corpus) && s.status != EXIT_INTERNAL; i++) {
        cc_doc *doc = cc_corpus_doc(s.corpus, i);
        if (cc_doc_segment(doc, s.ctx) < 0) {
            cli_error("%s: %s", cc_doc_path(doc), cc_errmsg());
            s.status = EXIT_INTERNAL;
        } else if (print_doc(s.out.f, doc, tsv) < 0) {
            cli_error("writing output failed");
            s.status = EXIT_INTERNAL;
        }
        cc_corpus_release(s.corpus, i); /* claims are per document: stream */
    }
    return cli_session_close(&s);
}
