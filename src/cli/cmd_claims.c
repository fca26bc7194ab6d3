/*
 * cmd_claims.c: `crosscheck claims`: runs the pipeline up to the claims stage and prints
 * every claim with its slots as JSON lines, or flat columns as TSV. Spans are byte offsets
 * into the original files. Output order is the documents' order, then text order.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck claims [--format jsonl|tsv] [--checkworthy | --all] [OPTIONS] PATH...\n"
    "\n"
    "Extracts the claims of every document (a claim is one checkable proposition, usually a\n"
    "clause): one JSON object per line (jsonl, default) or one tab-separated row per claim\n"
    "(tsv, with a header row).\n"
    "\n"
    "Fields: id (DOC#N, N counts claims), doc (document id: path below the given directory,\n"
    "without extension), path, sentence (0-based index in the document), kind (body, title,\n"
    "heading, list-item), span ([start, end) byte offsets into the original file), text,\n"
    "checkworthy (0-1; opinions, questions, calls to comment and link lists score low and are\n"
    "left out of conflict checks below 0.5), predicate (main verb, lemmatized), polarity\n"
    "(affirmed | negated, with the cue and its scope), modality (asserted | hedged, with the\n"
    "cue), attribution (narrator | reported | quoted, with the speaker: an entity id or the\n"
    "source phrase), entities (id, text, span, type), roles (person, title, status: current,\n"
    "former, acting, elect; span of the status word), times (text, span, type, value,\n"
    "resolution), quantities (value, unit, approximation, span), lists (members, exclusive,\n"
    "cue, span). TSV keeps flat columns: entity ids, role person=title:status, time values,\n"
    "quantities as approximation:value:unit, lists as members joined by '+'.\n"
    "\n"
    "  --format F              jsonl (default) or tsv\n"
    "  --all                   print every claim (the default)\n"
    "  --checkworthy           print only claims scoring 0.5 or more\n"
    "  --records               jsonl: before its claims, print each document's record,\n"
    "                          one line of schema crosscheck.doc/1 (text, offsets,\n"
    "                          metadata, date, time expressions, every claim slot) that\n"
    "                          `crosscheck check --claims FILE` reads back instead of\n"
    "                          extracting again (sharded runs: see README)\n"
    "\n" CLI_COMMON_HELP
    "\n"
    "Examples:\n"
    "  crosscheck claims annotations/corpus\n"
    "  crosscheck claims --format tsv --checkworthy -o claims.tsv article.md\n"
    "  crosscheck claims --records -o shard-1.jsonl part1/\n"
    "  cat article.txt | crosscheck claims -\n";

typedef struct {
    const char *format;
    int checkworthy_only;
    int records; /* jsonl: each document's record line before its claims */
} claims_opts;

enum { OPT_ALL = OPT_FIRST_COMMAND_SPECIFIC, OPT_CHECKWORTHY, OPT_RECORDS };

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

json_t *cli_span_json(const cc_doc *doc, cc_span sp)
{
    json_t *a = json_array();
    json_array_append_new(a, json_integer((json_int_t)cc_doc_raw_offset(doc, sp.start)));
    json_array_append_new(a, json_integer((json_int_t)cc_doc_raw_offset(doc, sp.end)));
    return a;
}

static json_t *text_json(const cc_doc *doc, cc_span sp)
{
    size_t len;
    const char *text = cc_doc_text(doc, &len);
    return json_stringn(text + sp.start, sp.end - sp.start);
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *entities_json(const cc_doc *doc, const cc_claim *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->nentities; i++) {
        const cc_entity *e = &c->entities[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(e->id));
        json_object_set_new(o, "text", json_string(e->text));
        json_object_set_new(o, "span", cli_span_json(doc, e->span));
        json_object_set_new(o, "type", json_string(cc_entity_type_name(e->type)));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *roles_json(const cc_doc *doc, const cc_claim *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->nroles; i++) {
        const cc_role *r = &c->roles[i];
        json_t *o = json_object();
        json_object_set_new(o, "person", json_string(r->person));
        json_object_set_new(o, "title", json_string(r->title));
        json_object_set_new(o, "status", json_string(cc_role_status_name(r->status)));
        json_object_set_new(o, "span", cli_span_json(doc, r->span));
        json_object_set_new(o, "modifier", r->modifier.end > r->modifier.start
                                               ? text_json(doc, r->modifier)
                                               : json_null());
        json_object_set_new(o, "modifier_span", r->modifier.end > r->modifier.start
                                                    ? cli_span_json(doc, r->modifier)
                                                    : json_null());
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *times_json(const cc_doc *doc, const cc_claim *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->ntimes; i++) {
        const cc_timex *t = &c->times[i];
        json_t *o = json_object();
        json_object_set_new(o, "text", text_json(doc, t->span));
        json_object_set_new(o, "span", cli_span_json(doc, t->span));
        json_object_set_new(o, "type", json_string(cc_timex_type_name(t->type)));
        json_object_set_new(o, "value", json_string(t->value));
        json_object_set_new(o, "resolution", json_string(cc_time_resolution_name(t->resolution)));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *quantities_json(const cc_doc *doc, const cc_claim *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->nquantities; i++) {
        const cc_quantity *q = &c->quantities[i];
        json_t *o = json_object();
        json_object_set_new(o, "text", text_json(doc, q->span));
        json_object_set_new(o, "value", json_real(q->value));
        json_object_set_new(o, "unit", json_string(q->unit));
        json_object_set_new(o, "approximation", json_string(cc_approx_name(q->approx)));
        json_object_set_new(o, "span", cli_span_json(doc, q->span));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *lists_json(const cc_doc *doc, const cc_claim *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->nlists; i++) {
        const cc_list *l = &c->lists[i];
        json_t *o = json_object(), *m = json_array();
        for (size_t j = 0; j < l->nmembers; j++)
            json_array_append_new(m, json_string(l->members[j]));
        json_object_set_new(o, "members", m);
        json_object_set_new(o, "exclusive", json_boolean(l->exclusive));
        json_object_set_new(o, "cue", str_or_null(l->cue));
        json_object_set_new(o, "span", cli_span_json(doc, l->span));
        json_array_append_new(a, o);
    }
    return a;
}

json_t *cli_claim_json(const cc_doc *doc, const cc_claim *c, const char *id)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "doc", json_string(cc_doc_id(doc)));
    json_object_set_new(o, "path", json_string(cc_doc_path(doc)));
    json_object_set_new(o, "sentence", json_integer((json_int_t)c->sentence));
    json_object_set_new(o, "kind", json_string(kind_name(c->kind)));
    json_object_set_new(o, "span", cli_span_json(doc, c->span));
    json_object_set_new(o, "text", json_string(c->text));
    json_object_set_new(o, "checkworthy", json_real(c->checkworthy));
    json_object_set_new(o, "predicate", json_string(c->predicate));
    json_t *pol = json_object();
    json_object_set_new(pol, "value", json_string(cc_polarity_name(c->polarity)));
    json_object_set_new(pol, "cue", str_or_null(c->negation));
    json_object_set_new(pol, "scope", c->negation ? cli_span_json(doc, c->negation_scope)
                                                  : json_null());
    json_object_set_new(o, "polarity", pol);
    json_t *mod = json_object();
    json_object_set_new(mod, "value", json_string(cc_modality_name(c->modality)));
    json_object_set_new(mod, "cue", str_or_null(c->hedge));
    json_object_set_new(o, "modality", mod);
    json_t *att = json_object();
    json_object_set_new(att, "type", json_string(cc_attribution_name(c->attribution)));
    json_object_set_new(att, "speaker", str_or_null(c->speaker));
    json_object_set_new(att, "cue", str_or_null(c->speech_cue));
    json_object_set_new(o, "attribution", att);
    json_object_set_new(o, "entities", entities_json(doc, c));
    json_object_set_new(o, "roles", roles_json(doc, c));
    json_object_set_new(o, "times", times_json(doc, c));
    json_object_set_new(o, "quantities", quantities_json(doc, c));
    json_object_set_new(o, "lists", lists_json(doc, c));
    return o;
}

/* One flat TSV row: slot arrays joined by ';'. */
static void claim_tsv(FILE *f, const cc_doc *doc, const cc_claim *c, const char *id)
{
    fprintf(f, "%s\t%s\t%s\t%zu\t%s\t%zu\t%zu\t%.2f\t", id, cc_doc_id(doc), cc_doc_path(doc),
            c->sentence, kind_name(c->kind), cc_doc_raw_offset(doc, c->span.start),
            cc_doc_raw_offset(doc, c->span.end), c->checkworthy);
    fprintf(f, "%s\t%s\t%s\t%s\t", c->predicate, cc_polarity_name(c->polarity),
            cc_modality_name(c->modality), cc_attribution_name(c->attribution));
    put_tsv_field(f, c->speaker ? c->speaker : "");
    fputc('\t', f);
    for (size_t i = 0; i < c->nentities; i++)
        fprintf(f, "%s%s", i ? ";" : "", c->entities[i].id);
    fputc('\t', f);
    for (size_t i = 0; i < c->nroles; i++)
        fprintf(f, "%s%s=%s:%s", i ? ";" : "", c->roles[i].person, c->roles[i].title,
                cc_role_status_name(c->roles[i].status));
    fputc('\t', f);
    for (size_t i = 0; i < c->ntimes; i++)
        fprintf(f, "%s%s", i ? ";" : "", c->times[i].value);
    fputc('\t', f);
    for (size_t i = 0; i < c->nquantities; i++)
        fprintf(f, "%s%s:%.15g:%s", i ? ";" : "", cc_approx_name(c->quantities[i].approx),
                c->quantities[i].value, c->quantities[i].unit);
    fputc('\t', f);
    for (size_t i = 0; i < c->nlists; i++) {
        fputs(i ? ";" : "", f);
        for (size_t j = 0; j < c->lists[i].nmembers; j++)
            fprintf(f, "%s%s", j ? "+" : "", c->lists[i].members[j]);
        fputs(c->lists[i].exclusive ? "!" : "", f);
    }
    fputc('\t', f);
    put_tsv_field(f, c->text);
    fputc('\n', f);
}

/* The document's record line (what `check --claims` reads back), before its claims. */
static int print_record(FILE *f, cc_doc *doc, const cc_context *ctx)
{
    char *rec = NULL;
    size_t len;
    if (cc_doc_record(&rec, &len, doc, ctx) < 0)
        return -1;
    rec[len] = '\n'; /* the string's NUL becomes the newline */
    int ok = fwrite(rec, 1, len + 1, f) == len + 1;
    free(rec);
    return ok ? 0 : -1;
}

static int print_doc(FILE *f, cc_doc *doc, const cc_context *ctx, const claims_opts *o)
{
    int tsv = strcmp(o->format, "tsv") == 0;
    size_t n = cc_doc_nclaims(doc);
    if (!tsv && o->records && print_record(f, doc, ctx) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const cc_claim *c = cc_doc_claim(doc, i);
        if (o->checkworthy_only && c->checkworthy < CC_CHECKWORTHY_THRESHOLD)
            continue;
        char id[512];
        snprintf(id, sizeof id, "%s#%zu", cc_doc_id(doc), i);
        if (tsv) {
            claim_tsv(f, doc, c, id);
            continue;
        }
        json_t *obj = cli_claim_json(doc, c, id);
        int rc = cli_json_line(f, obj);
        json_decref(obj);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int claims_option(int opt, const char *arg, void *data)
{
    claims_opts *o = data;
    if (opt == OPT_FORMAT)
        o->format = arg;
    else if (opt == OPT_RECORDS)
        o->records = 1;
    else if (opt == OPT_ALL || opt == OPT_CHECKWORTHY)
        o->checkworthy_only = opt == OPT_CHECKWORTHY;
    else
        return 0;
    return 1;
}

int cmd_claims(int argc, char **argv)
{
    static const struct option extra[] = {{"format", 1, NULL, OPT_FORMAT},
                                          {"all", 0, NULL, OPT_ALL},
                                          {"checkworthy", 0, NULL, OPT_CHECKWORTHY},
                                          {"records", 0, NULL, OPT_RECORDS},
                                          {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    claims_opts opts = {"jsonl", 0, 0};
    int rc = cli_parse_options(argc, argv, "claims", help, extra, &common, claims_option, &opts);
    const char *format = opts.format;
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
        fputs("id\tdoc\tpath\tsentence\tkind\tstart\tend\tcheckworthy\tpredicate\tpolarity\t"
              "modality\tattribution\tspeaker\tentities\troles\ttimes\tquantities\tlists\ttext\n",
              s.out.f);
    opts.format = tsv ? "tsv" : "jsonl";
    /* Claims are per document: extract a window of documents on the threads, print them in
     * order and release them, so that memory stays bounded by the window. */
    size_t n = cc_corpus_ndocs(s.corpus), window = 16 * (size_t)cc_context_jobs(s.ctx);
    for (size_t from = 0; from < n && s.status != EXIT_INTERNAL; from += window) {
        size_t to = from + window < n ? from + window : n;
        if (cc_corpus_claims(s.corpus, from, to) < 0) {
            cli_error("%s", cc_errmsg());
            s.status = EXIT_INTERNAL;
        }
        for (size_t i = from; i < to && s.status != EXIT_INTERNAL; i++)
            if (print_doc(s.out.f, cc_corpus_doc(s.corpus, i), s.ctx, &opts) < 0) {
                cli_error("writing output failed");
                s.status = EXIT_INTERNAL;
            }
        for (size_t i = from; i < to; i++)
            cc_corpus_release(s.corpus, i);
    }
    return cli_session_close(&s);
}
