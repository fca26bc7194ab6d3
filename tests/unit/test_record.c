/*
 * test_record.c: document records (record.c): a restored document equals a fresh
 * extraction in every claim field, time expression, metadata and offset; a record that was
 * tampered with, cut short, or made with other rules is refused naming file and line.
 */
#include "testutil.h"

/* My own article: a role with a status, a count with an approximation, a complete list, a
 * negation, a hedge, a reported speaker, dates relative to the metadata date. */
static const char article[] =
    "---\n"
    "date: 2026-01-02\n"
    "outlet: Test Wire\n"
    "---\n"
    "\n"
    "Ministers meet in Bamako\n"
    "\n"
    "Former US President Donald Trump placed Mali, Niger and Chad on the list last week, "
    "officials said.\n"
    "About 40 countries were not included, according to a transport union.\n"
    "The ministers may meet again on Friday, and the three juntas did not comment.\n";

static cc_doc *fresh_doc(cc_context *ctx, cc_corpus **corpus)
{
    ck_assert_int_eq(cc_corpus_new(corpus, ctx), 0);
    ck_assert_int_eq(cc_corpus_add_buffer(*corpus, "art.md", article, sizeof article - 1), 0);
    cc_doc *d = cc_corpus_doc(*corpus, 0);
    ck_assert_int_eq(cc_doc_claims(d, ctx), 0);
    return d;
}

static void same_str(const char *a, const char *b)
{
    if (!a || !b)
        ck_assert_ptr_eq(a, b);
    else
        ck_assert_str_eq(a, b);
}

static void same_span(cc_span a, cc_span b)
{
    ck_assert_uint_eq(a.start, b.start);
    ck_assert_uint_eq(a.end, b.end);
}

static void same_slots(const cc_claim *a, const cc_claim *b)
{
    ck_assert_uint_eq(a->nentities, b->nentities);
    for (size_t i = 0; i < a->nentities; i++) {
        same_span(a->entities[i].span, b->entities[i].span);
        same_str(a->entities[i].id, b->entities[i].id);
        same_str(a->entities[i].text, b->entities[i].text);
        ck_assert_int_eq(a->entities[i].type, b->entities[i].type);
    }
    ck_assert_uint_eq(a->nroles, b->nroles);
    for (size_t i = 0; i < a->nroles; i++) {
        same_str(a->roles[i].person, b->roles[i].person);
        same_str(a->roles[i].title, b->roles[i].title);
        ck_assert_int_eq(a->roles[i].status, b->roles[i].status);
        same_span(a->roles[i].span, b->roles[i].span);
        same_span(a->roles[i].modifier, b->roles[i].modifier);
    }
    ck_assert_uint_eq(a->ntimes, b->ntimes);
    for (size_t i = 0; i < a->ntimes; i++) {
        same_span(a->times[i].span, b->times[i].span);
        same_str(a->times[i].value, b->times[i].value);
        same_str(a->times[i].rule, b->times[i].rule);
        same_str(a->times[i].anchor_text, b->times[i].anchor_text);
        ck_assert_int_eq(a->times[i].type, b->times[i].type);
        ck_assert_int_eq(a->times[i].resolution, b->times[i].resolution);
    }
    ck_assert_uint_eq(a->nquantities, b->nquantities);
    for (size_t i = 0; i < a->nquantities; i++) {
        same_span(a->quantities[i].span, b->quantities[i].span);
        ck_assert(a->quantities[i].value == b->quantities[i].value);
        same_str(a->quantities[i].unit, b->quantities[i].unit);
        ck_assert_int_eq(a->quantities[i].approx, b->quantities[i].approx);
    }
    ck_assert_uint_eq(a->nlists, b->nlists);
    for (size_t i = 0; i < a->nlists; i++) {
        same_span(a->lists[i].span, b->lists[i].span);
        ck_assert_uint_eq(a->lists[i].nmembers, b->lists[i].nmembers);
        for (size_t j = 0; j < a->lists[i].nmembers; j++)
            same_str(a->lists[i].members[j], b->lists[i].members[j]);
        ck_assert_int_eq(a->lists[i].exclusive, b->lists[i].exclusive);
        same_str(a->lists[i].cue, b->lists[i].cue);
    }
}

static void same_claim(const cc_claim *a, const cc_claim *b)
{
    same_span(a->span, b->span);
    same_str(a->text, b->text);
    ck_assert_uint_eq(a->sentence, b->sentence);
    ck_assert_int_eq(a->kind, b->kind);
    ck_assert(a->checkworthy == b->checkworthy);
    same_str(a->predicate, b->predicate);
    ck_assert_int_eq(a->polarity, b->polarity);
    same_str(a->negation, b->negation);
    same_span(a->negation_scope, b->negation_scope);
    ck_assert_int_eq(a->modality, b->modality);
    same_str(a->hedge, b->hedge);
    ck_assert_int_eq(a->attribution, b->attribution);
    same_str(a->speaker, b->speaker);
    same_str(a->speech_cue, b->speech_cue);
    same_slots(a, b);
}

static void same_doc(const cc_doc *a, const cc_doc *b)
{
    size_t la, lb, na, nb;
    ck_assert_str_eq(cc_doc_id(a), cc_doc_id(b));
    ck_assert_str_eq(cc_doc_path(a), cc_doc_path(b));
    ck_assert_str_eq(cc_doc_checksum(a), cc_doc_checksum(b));
    const char *ta = cc_doc_text(a, &la), *tb = cc_doc_text(b, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert(memcmp(ta, tb, la) == 0);
    ck_assert_uint_eq(cc_doc_nmeta(a), cc_doc_nmeta(b));
    for (size_t i = 0; i < cc_doc_nmeta(a); i++) {
        const char *ka, *va, *kb, *vb;
        cc_doc_meta_at(a, i, &ka, &va);
        cc_doc_meta_at(b, i, &kb, &vb);
        ck_assert_str_eq(ka, kb);
        ck_assert_str_eq(va, vb);
    }
    cc_date da, db;
    ck_assert_int_eq(cc_doc_date(a, &da), cc_doc_date(b, &db));
    ck_assert(da.year == db.year && da.month == db.month && da.day == db.day);
    same_str(cc_doc_date_evidence(a), cc_doc_date_evidence(b));
    same_str(cc_doc_dateline(a), cc_doc_dateline(b));
    for (size_t t = 0; t <= la; t++) {
        long l1, c1, l2, c2;
        ck_assert_uint_eq(cc_doc_raw_offset(a, t), cc_doc_raw_offset(b, t));
        cc_doc_raw_linecol(a, cc_doc_raw_offset(a, t), &l1, &c1);
        cc_doc_raw_linecol(b, cc_doc_raw_offset(b, t), &l2, &c2);
        ck_assert(l1 == l2 && c1 == c2);
    }
    const cc_token *ka = cc_doc_tokens(a, &na), *kb = cc_doc_tokens(b, &nb);
    ck_assert_uint_eq(na, nb);
    for (size_t i = 0; i < na; i++) {
        same_span(ka[i].span, kb[i].span);
        ck_assert_str_eq(ka[i].stem, kb[i].stem);
    }
    ck_assert_uint_eq(cc_doc_nsentences(a), cc_doc_nsentences(b));
    const cc_timex *xa = cc_doc_timexes(a, &na), *xb = cc_doc_timexes(b, &nb);
    ck_assert_uint_eq(na, nb);
    for (size_t i = 0; i < na; i++)
        same_str(xa[i].value, xb[i].value);
    ck_assert_uint_eq(cc_doc_nclaims(a), cc_doc_nclaims(b));
    for (size_t i = 0; i < cc_doc_nclaims(a); i++)
        same_claim(cc_doc_claim(a, i), cc_doc_claim(b, i));
}

/* The article gives at least one of every slot, so the round trip covers each field. */
static void assert_every_slot(const cc_doc *d)
{
    int ent = 0, role = 0, times = 0, quant = 0, list = 0, neg = 0, hedge = 0, rep = 0;
    for (size_t i = 0; i < cc_doc_nclaims(d); i++) {
        const cc_claim *c = cc_doc_claim(d, i);
        ent |= c->nentities > 0;
        role |= c->nroles > 0 && c->roles[0].modifier.end > c->roles[0].modifier.start;
        times |= c->ntimes > 0;
        quant |= c->nquantities > 0 && c->quantities[0].approx != CC_APPROX_EXACT;
        list |= c->nlists > 0;
        neg |= c->polarity == CC_POLARITY_NEGATED;
        hedge |= c->modality == CC_MODALITY_HEDGED;
        rep |= c->attribution != CC_ATTR_NARRATOR && c->speaker != NULL;
    }
    ck_assert_msg(ent && role && times && quant && list && neg && hedge && rep,
                  "slots: ent %d role %d times %d quant %d list %d neg %d hedge %d rep %d", ent,
                  role, times, quant, list, neg, hedge, rep);
}

START_TEST(round_trip_is_exact)
{
    cc_context *ctx = tu_context(NULL, 0);
    cc_corpus *c1, *c2;
    cc_doc *d = fresh_doc(ctx, &c1);
    assert_every_slot(d);
    char *rec = NULL, *rec2 = NULL;
    size_t len, len2;
    ck_assert_int_eq(cc_doc_record(&rec, &len, d, ctx), 0);
    ck_assert_ptr_null(memchr(rec, '\n', len));
    ck_assert_int_eq(cc_corpus_new(&c2, ctx), 0);
    ck_assert_msg(cc_corpus_add_record(c2, rec, len, "r.jsonl", 1) == 0, "%s", cc_errmsg());
    cc_doc *r = cc_corpus_doc(c2, 0);
    same_doc(d, r);
    /* writing the restored document gives the same bytes again */
    ck_assert_int_eq(cc_doc_record(&rec2, &len2, r, ctx), 0);
    ck_assert_uint_eq(len, len2);
    ck_assert(memcmp(rec, rec2, len) == 0);
    free(rec);
    free(rec2);
    cc_corpus_free(c1);
    cc_corpus_free(c2);
    cc_context_free(ctx);
}
END_TEST

/* Replaces the first occurrence of `from` in rec by `to` into buf. */
static size_t tamper(char *buf, size_t size, const char *rec, const char *from, const char *to)
{
    const char *p = strstr(rec, from);
    ck_assert_ptr_nonnull(p);
    int n = snprintf(buf, size, "%.*s%s%s", (int)(p - rec), rec, to, p + strlen(from));
    ck_assert(n > 0 && (size_t)n < size);
    return (size_t)n;
}

static void refused(cc_context *ctx, const char *rec, size_t len, const char *want)
{
    cc_corpus *c;
    ck_assert_int_eq(cc_corpus_new(&c, ctx), 0);
    ck_assert_int_eq(cc_corpus_add_record(c, rec, len, "shard.jsonl", 7), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), "shard.jsonl:7: ") != NULL, "%s", cc_errmsg());
    ck_assert_msg(strstr(cc_errmsg(), want) != NULL, "%s (wanted %s)", cc_errmsg(), want);
    ck_assert_uint_eq(cc_corpus_ndocs(c), 0);
    cc_corpus_free(c);
}

START_TEST(bad_records_are_refused)
{
    cc_context *ctx = tu_context(NULL, 0);
    cc_corpus *c1;
    cc_doc *d = fresh_doc(ctx, &c1);
    char *rec = NULL;
    size_t len;
    ck_assert_int_eq(cc_doc_record(&rec, &len, d, ctx), 0);
    static char buf[1 << 16];
    refused(ctx, rec, len / 2, "invalid document record");
    size_t n = tamper(buf, sizeof buf, rec, "\"rules\":\"", "\"rules\":\"0");
    refused(ctx, buf, n, "other rules");
    n = tamper(buf, sizeof buf, rec, "\"span\":[", "\"span\":[99999,");
    refused(ctx, buf, n, "bad claim");
    n = tamper(buf, sizeof buf, rec, "\"sentence\":", "\"sentence\":1000");
    refused(ctx, buf, n, "sentence out of range");
    n = tamper(buf, sizeof buf, rec, "\"polarity\":", "\"polarity\":7");
    refused(ctx, buf, n, "bad claim");
    n = tamper(buf, sizeof buf, rec, "\"times\":[", "\"times\":[\"x\",");
    refused(ctx, buf, n, "bad times");
    n = tamper(buf, sizeof buf, rec, "\"entities\":[[", "\"entities\":[[1,");
    refused(ctx, buf, n, "bad entity");
    free(rec);
    cc_corpus_free(c1);
    cc_context_free(ctx);
}
END_TEST

/* Single-byte damage anywhere in a record either is refused (CC_EINPUT) or gives a document
 * that every later stage can use: no crash, no read outside the text (run under ASan). */
START_TEST(damaged_records_never_crash)
{
    cc_context *ctx = tu_context(NULL, 0);
    cc_corpus *c1;
    cc_doc *d = fresh_doc(ctx, &c1);
    char *rec = NULL;
    size_t len;
    ck_assert_int_eq(cc_doc_record(&rec, &len, d, ctx), 0);
    static const char subst[] = {'9', '-', '"', ']', '0'};
    size_t accepted = 0, refused_n = 0;
    for (size_t i = 0; i < len; i += 11) {
        for (size_t k = 0; k < sizeof subst; k++) {
            char saved = rec[i];
            rec[i] = subst[k];
            cc_corpus *c;
            ck_assert_int_eq(cc_corpus_new(&c, ctx), 0);
            int rc = cc_corpus_add_record(c, rec, len, "fuzz.jsonl", 1);
            ck_assert_msg(rc == 0 || rc == CC_EINPUT, "rc %d at %zu", rc, i);
            if (rc == 0) {
                char *again = NULL;
                size_t n2;
                ck_assert_int_eq(cc_doc_record(&again, &n2, cc_corpus_doc(c, 0), ctx), 0);
                free(again);
                accepted++;
            } else {
                refused_n++;
            }
            cc_corpus_free(c);
            rec[i] = saved;
        }
    }
    ck_assert(accepted > 0 && refused_n > 0);
    free(rec);
    cc_corpus_free(c1);
    cc_context_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("record");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, round_trip_is_exact);
    tcase_add_test(tc, bad_records_are_refused);
    tcase_add_test(tc, damaged_records_never_crash);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
