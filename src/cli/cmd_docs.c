/*
 * cmd_docs.c: `crosscheck docs`: how each document was loaded: id, path, checksum,
 * metadata, publication date and where it came from, dateline, what boilerplate removal
 * took out (with the rule), sentence count. For people debugging a corpus.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck docs [--format text|json] [OPTIONS] PATH...\n"
    "\n"
    "Shows how every document was loaded: its id, metadata, publication date and\n"
    "where the date came from (metadata, inferred, unknown), the dateline, each piece\n"
    "of boilerplate that was removed with the rule that removed it, and the number of\n"
    "sentences. Use it when a claim is missing or a date looks wrong.\n"
    "\n"
    "  --format F              text (default) or json (one object per document per line)\n"
    "\n" CLI_COMMON_HELP;

static json_t *doc_json(const cc_doc *doc)
{
    json_t *o = json_object();
    json_object_set_new(o, "doc", json_string(cc_doc_id(doc)));
    json_object_set_new(o, "path", json_string(cc_doc_path(doc)));
    json_object_set_new(o, "checksum", json_string(cc_doc_checksum(doc)));
    json_object_set_new(o, "bytes", json_integer((json_int_t)cc_doc_raw_size(doc)));
    cc_date d;
    cc_date_source src = cc_doc_date(doc, &d);
    char date[32] = "unknown";
    if (src != CC_DATE_UNKNOWN)
        snprintf(date, sizeof date, "%04d-%02d-%02d", d.year, d.month, d.day);
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "date_source", json_string(cc_date_source_name(src)));
    const char *ev = cc_doc_date_evidence(doc);
    json_object_set_new(o, "date_evidence", ev ? json_string(ev) : json_null());
    const char *dl = cc_doc_dateline(doc);
    json_object_set_new(o, "dateline", dl ? json_string(dl) : json_null());
    json_t *meta = json_object();
    for (size_t i = 0; i < cc_doc_nmeta(doc); i++) {
        const char *k, *v;
        cc_doc_meta_at(doc, i, &k, &v);
        json_object_set_new(meta, k, json_string(v));
    }
    json_object_set_new(o, "meta", meta);
    json_t *rem = json_array();
    size_t tlen;
    const char *text = cc_doc_text(doc, &tlen);
    for (size_t i = 0; i < cc_doc_nremovals(doc); i++) {
        const cc_removal *r = cc_doc_removal(doc, i);
        json_t *ro = json_object();
        json_object_set_new(ro, "rule", json_string(r->rule));
        json_t *span = json_array();
        json_array_append_new(span, json_integer((json_int_t)cc_doc_raw_offset(doc, r->span.start)));
        json_array_append_new(span, json_integer((json_int_t)cc_doc_raw_offset(doc, r->span.end)));
        json_object_set_new(ro, "span", span);
        json_object_set_new(ro, "text",
                            json_stringn(text + r->span.start, r->span.end - r->span.start));
        json_array_append_new(rem, ro);
    }
    json_object_set_new(o, "removed", rem);
    json_object_set_new(o, "sentences", json_integer((json_int_t)cc_doc_nsentences(doc)));
    return o;
}

static void print_text(FILE *f, json_t *o)
{
    fprintf(f, "%s  (%s)\n", json_string_value(json_object_get(o, "doc")),
            json_string_value(json_object_get(o, "path")));
    fprintf(f, "  date       %s (%s", json_string_value(json_object_get(o, "date")),
            json_string_value(json_object_get(o, "date_source")));
    json_t *ev = json_object_get(o, "date_evidence");
    if (json_is_string(ev))
        fprintf(f, ": %s", json_string_value(ev));
    fputs(")\n", f);
    json_t *dl = json_object_get(o, "dateline");
    if (json_is_string(dl))
        fprintf(f, "  dateline   %s\n", json_string_value(dl));
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(o, "meta"), k, v)
        fprintf(f, "  meta       %s: %s\n", k, json_string_value(v));
    fprintf(f, "  sentences  %lld\n", (long long)json_integer_value(json_object_get(o, "sentences")));
    size_t i;
    json_array_foreach(json_object_get(o, "removed"), i, v) {
        json_t *span = json_object_get(v, "span");
        fprintf(f, "  removed    [%lld,%lld) %s: ",
                (long long)json_integer_value(json_array_get(span, 0)),
                (long long)json_integer_value(json_array_get(span, 1)),
                json_string_value(json_object_get(v, "rule")));
        for (const char *s = json_string_value(json_object_get(v, "text")); *s; s++)
            fputc(*s == '\n' ? ' ' : *s, f);
        fputc('\n', f);
    }
}

static int docs_option(int opt, const char *arg, void *data)
{
    if (opt != OPT_FORMAT)
        return 0;
    *(const char **)data = arg;
    return 1;
}

int cmd_docs(int argc, char **argv)
{
    static const struct option extra[] = {{"format", 1, NULL, OPT_FORMAT}, {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    const char *format = "text";
    int rc = cli_parse_options(argc, argv, "docs", help, extra, &common, docs_option, &format);
    if (rc >= 0)
        return rc;
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0)
        return cli_usage_error("docs", "--format must be text or json, not '%s'", format);
    if (optind >= argc)
        return cli_usage_error("docs", "no PATH given (use '-' for standard input)");
    cli_session s;
    int fatal = cli_session_open(&s, &common, argc - optind, argv + optind);
    if (fatal)
        return fatal;
    for (size_t i = 0; i < cc_corpus_ndocs(s.corpus); i++) {
        cc_doc *doc = cc_corpus_doc(s.corpus, i);
        if (cc_doc_segment(doc, s.ctx) < 0)
            cli_error("%s: %s", cc_doc_path(doc), cc_errmsg());
        json_t *o = doc_json(doc);
        if (json) {
            cli_json_line(s.out.f, o);
        } else
            print_text(s.out.f, o);
        json_decref(o);
    }
    return cli_session_close(&s);
}
