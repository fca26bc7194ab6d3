/*
 * report_build.c: builds the check's report (schema crosscheck.report/1) as one JSON value:
 * provenance, a summary, documents, the checked claims with their clusters, the clusters
 * and the conflicts, each conflict carrying its claims in full (document, outlet, date and
 * how it was obtained, verbatim text, byte span, slots, the compared value).
 */
#include <string.h>

#include "cli.h"
#include "report.h"

const char *report_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

long long report_int(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static void claim_id(char *buf, size_t size, const cc_doc *doc, size_t claim)
{
    snprintf(buf, size, "%s#%zu", cc_doc_id(doc), claim);
}

static json_t *date_json(const cc_doc *doc)
{
    cc_date d;
    if (cc_doc_date(doc, &d) == CC_DATE_UNKNOWN || !d.year)
        return json_null();
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return json_string(buf);
}

static json_t *document_json(const cc_doc *doc)
{
    cc_date d;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(cc_doc_id(doc)));
    json_object_set_new(o, "path", json_string(cc_doc_path(doc)));
    json_object_set_new(o, "outlet", str_or_null(cc_doc_meta(doc, "outlet")));
    json_object_set_new(o, "title", str_or_null(cc_doc_meta(doc, "title")));
    json_object_set_new(o, "date", date_json(doc));
    json_object_set_new(o, "date_source", json_string(cc_date_source_name(cc_doc_date(doc, &d))));
    json_object_set_new(o, "date_evidence", str_or_null(cc_doc_date_evidence(doc)));
    json_object_set_new(o, "checksum", json_string(cc_doc_checksum(doc)));
    return o;
}

/* One claim of a conflict: the claim as `claims` prints it, with its source and value. */
static json_t *side_json(const cc_corpus *corpus, const cc_conflict_side *s)
{
    const cc_doc *doc = cc_corpus_doc(corpus, s->doc);
    const cc_claim *c = cc_doc_claim(doc, s->claim);
    char id[512];
    claim_id(id, sizeof id, doc, s->claim);
    json_t *o = cli_claim_json(doc, c, id);
    cc_date d;
    long line, col;
    cc_doc_raw_linecol(doc, cc_doc_raw_offset(doc, c->span.start), &line, &col);
    json_object_set_new(o, "outlet", str_or_null(cc_doc_meta(doc, "outlet")));
    json_object_set_new(o, "date", date_json(doc));
    json_object_set_new(o, "date_source", json_string(cc_date_source_name(cc_doc_date(doc, &d))));
    json_object_set_new(o, "line", json_integer(line));
    json_object_set_new(o, "value", json_string(s->value));
    return o;
}

static json_t *conflict_json(const cc_corpus *corpus, const cc_conflict *f)
{
    json_t *o = json_object(), *claims = json_array();
    json_object_set_new(o, "fingerprint", json_string(f->fingerprint));
    json_object_set_new(o, "type", json_string(cc_conflict_type_name(f->type)));
    json_object_set_new(o, "severity", json_string(cc_severity_name(f->severity)));
    json_object_set_new(o, "confidence", json_real((double)(long)(f->confidence * 100 + 0.5) / 100));
    json_object_set_new(o, "rule", json_string(f->rule));
    json_object_set_new(o, "cluster", f->cluster == (size_t)-1 ? json_null()
                                                              : json_integer((json_int_t)f->cluster));
    json_object_set_new(o, "explanation", json_string(f->explanation));
    for (int i = 0; i < 2; i++)
        json_array_append_new(claims, side_json(corpus, &f->sides[i]));
    json_object_set_new(o, "claims", claims);
    return o;
}

/* Checked claims (with their cluster) and the clusters' member lists. */
static void claims_and_clusters(json_t *report, const cc_check *check, const cc_corpus *corpus)
{
    json_t *claims = json_array(), *clusters = json_array();
    for (size_t k = 0; k < cc_check_nclusters(check); k++) {
        json_t *c = json_object();
        json_object_set_new(c, "id", json_integer((json_int_t)k));
        json_object_set_new(c, "claims", json_array());
        json_array_append_new(clusters, c);
    }
    for (size_t i = 0; i < cc_check_nclaims(check); i++) {
        size_t d, c, k;
        cc_check_claim(check, i, &d, &c, &k);
        const cc_doc *doc = cc_corpus_doc(corpus, d);
        char id[512];
        claim_id(id, sizeof id, doc, c);
        json_t *o = cli_claim_json(doc, cc_doc_claim(doc, c), id);
        json_object_set_new(o, "cluster", k == (size_t)-1 ? json_null() : json_integer((json_int_t)k));
        json_array_append_new(claims, o);
        if (k != (size_t)-1)
            json_array_append_new(json_object_get(json_array_get(clusters, k), "claims"),
                                  json_string(id));
    }
    json_object_set_new(report, "claims", claims);
    json_object_set_new(report, "clusters", clusters);
}

static int doc_order(const void *pa, const void *pb)
{
    return strcmp(cc_doc_id(*(const cc_doc *const *)pa), cc_doc_id(*(const cc_doc *const *)pb));
}

/* Documents sorted by id, and the corpus checksum over their ids and contents. */
static json_t *documents_json(const cc_corpus *corpus, char checksum[17])
{
    size_t n = cc_corpus_ndocs(corpus), m = 0;
    const cc_doc **docs = calloc(n ? n : 1, sizeof *docs);
    json_t *a = json_array();
    if (!docs)
        return a;
    for (size_t i = 0; i < n; i++)
        if (cc_corpus_doc(corpus, i))
            docs[m++] = cc_corpus_doc(corpus, i);
    qsort(docs, m, sizeof *docs, doc_order);
    size_t cap = 1, len = 0;
    for (size_t i = 0; i < m; i++)
        cap += strlen(cc_doc_id(docs[i])) + 18;
    char *all = malloc(cap);
    for (size_t i = 0; i < m; i++) {
        json_array_append_new(a, document_json(docs[i]));
        if (all)
            len += (size_t)snprintf(all + len, cap - len, "%s\t%s\n", cc_doc_id(docs[i]),
                                    cc_doc_checksum(docs[i]));
    }
    cc_hash_hex(all ? all : "", all ? len : 0, checksum);
    free(all);
    free(docs);
    return a;
}

static json_t *summary_json(const cc_check *check, const cc_corpus *corpus)
{
    json_t *o = json_object(), *types = json_object(), *sev = json_object();
    for (int t = 0; t < CC_CONFLICT_NTYPES; t++)
        json_object_set_new(types, cc_conflict_type_name(t), json_integer(0));
    for (int s = CC_SEVERITY_HIGH; s >= CC_SEVERITY_LOW; s--)
        json_object_set_new(sev, cc_severity_name(s), json_integer(0));
    for (size_t i = 0; i < cc_check_nconflicts(check); i++) {
        const cc_conflict *f = cc_check_conflict(check, i);
        const char *t = cc_conflict_type_name(f->type), *s = cc_severity_name(f->severity);
        json_object_set_new(types, t, json_integer(report_int(types, t) + 1));
        json_object_set_new(sev, s, json_integer(report_int(sev, s) + 1));
    }
    size_t nclaims = 0;
    for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++)
        if (cc_corpus_doc(corpus, i))
            nclaims += cc_doc_nclaims(cc_corpus_doc(corpus, i));
    json_object_set_new(o, "documents", json_integer((json_int_t)cc_corpus_ndocs(corpus)));
    json_object_set_new(o, "claims", json_integer((json_int_t)nclaims));
    json_object_set_new(o, "checked_claims", json_integer((json_int_t)cc_check_nclaims(check)));
    json_object_set_new(o, "pairs_scored", json_integer((json_int_t)cc_check_npairs(check)));
    json_object_set_new(o, "clusters", json_integer((json_int_t)cc_check_nclusters(check)));
    json_object_set_new(o, "conflicts", json_integer((json_int_t)cc_check_nconflicts(check)));
    json_object_set_new(o, "by_type", types);
    json_object_set_new(o, "by_severity", sev);
    return o;
}

json_t *report_build(const cc_check *check, const cc_corpus *corpus, const cc_context *ctx,
                     const report_inputs *in)
{
    json_t *r = json_object(), *prov = json_object(), *conflicts = json_array();
    json_object_set_new(r, "schema", json_string("crosscheck.report/1"));
    json_object_set_new(prov, "tool", json_string("crosscheck " CROSSCHECK_VERSION));
    json_object_set_new(prov, "model", json_string(in->model_path));
    json_object_set_new(prov, "model_checksum", json_string(in->model_checksum));
    json_object_set_new(prov, "lexicon_checksum", json_string(cc_context_lexicon_checksum(ctx)));
    json_object_set_new(r, "provenance", prov);
    json_object_set_new(r, "summary", summary_json(check, corpus));
    if (!in->conflicts_only) {
        char corpus_sum[17];
        json_t *docs = documents_json(corpus, corpus_sum);
        json_object_set_new(prov, "corpus_checksum", json_string(corpus_sum));
        json_object_set_new(r, "documents", docs);
        claims_and_clusters(r, check, corpus);
    }
    for (size_t i = 0; i < cc_check_nconflicts(check); i++)
        json_array_append_new(conflicts, conflict_json(corpus, cc_check_conflict(check, i)));
    json_object_set_new(r, "conflicts", conflicts);
    return r;
}

int report_write_json(FILE *f, const json_t *report)
{
    char *text = json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    if (!text)
        return -1;
    int ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    free(text);
    return ok ? 0 : -1;
}
