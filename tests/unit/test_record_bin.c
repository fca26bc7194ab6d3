/*
 * test_record_bin.c: the cache's binary records (record_bin.c): a blob applied to the same
 * freshly loaded text gives exactly the fresh extraction; a blob cut at any byte, made
 * from another text or with other rules, or of another version is refused and leaves the
 * document as loaded; damage that keeps the hash right is refused or harmless, never a
 * crash (run under ASan). The same for the check summaries a gate defers documents by.
 */
#include "testutil.h"

#include "conflicts.h"
#include "record.h"

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

/* The article loaded (not claimed) in a new corpus. */
static cc_doc *loaded(cc_context *ctx, cc_corpus **corpus, const char *text)
{
    ck_assert_int_eq(cc_corpus_new(corpus, ctx), 0);
    ck_assert_int_eq(cc_corpus_add_buffer(*corpus, "art.md", text, strlen(text)), 0);
    return cc_corpus_doc(*corpus, 0);
}

/* The article with one letter near its end changed: a blob made from it does not fit. */
static cc_doc *loaded_edited(cc_context *ctx, cc_corpus **corpus)
{
    char edited[sizeof article];
    memcpy(edited, article, sizeof article);
    edited[strlen(edited) - 3] = 'X';
    return loaded(ctx, corpus, edited);
}

static char *json_of(cc_doc *d, cc_context *ctx)
{
    char *rec = NULL;
    size_t len;
    ck_assert_int_eq(cc_doc_record(&rec, &len, d, ctx), 0);
    return rec;
}

/* The blob of a fresh extraction of the article, and its JSON record. */
static char *fresh_blob(cc_context *ctx, size_t *len, char **json)
{
    cc_corpus *c;
    cc_doc *d = loaded(ctx, &c, article);
    char *blob = NULL;
    ck_assert_int_eq(cc_record_bin(&blob, len, d, ctx), 0);
    ck_assert_uint_gt(cc_doc_nclaims(d), 2);
    *json = json_of(d, ctx);
    cc_corpus_free(c);
    return blob;
}

/* Nothing of the record applied (a record that says "segment again" may leave the
 * document segmented, as cc_doc_segment() would). */
static void untouched(const cc_doc *d)
{
    ck_assert_uint_eq(cc_doc_nclaims(d), 0);
    ck_assert_int_eq(d->claimed, 0);
    ck_assert_int_eq(d->timed, 0);
}

START_TEST(round_trip_is_exact)
{
    cc_context *ctx = tu_context(NULL, 0);
    size_t len, len2;
    char *json, *blob = fresh_blob(ctx, &len, &json), *blob2 = NULL;
    cc_corpus *c;
    cc_doc *d = loaded(ctx, &c, article);
    ck_assert_msg(cc_record_bin_apply(d, ctx, blob, len, "cache") == 0, "%s", cc_errmsg());
    ck_assert_int_eq(d->claimed, 1);
    char *again = json_of(d, ctx);
    ck_assert_str_eq(json, again);
    /* and the restored document writes the same blob again */
    ck_assert_int_eq(cc_record_bin(&blob2, &len2, d, ctx), 0);
    ck_assert_uint_eq(len, len2);
    ck_assert(memcmp(blob, blob2, len) == 0);
    free(again);
    free(blob2);
    free(blob);
    free(json);
    cc_corpus_free(c);
    cc_context_free(ctx);
}
END_TEST

START_TEST(every_truncation_is_refused)
{
    cc_context *ctx = tu_context(NULL, 0);
    size_t len;
    char *json, *blob = fresh_blob(ctx, &len, &json);
    cc_corpus *c;
    cc_doc *d = loaded(ctx, &c, article);
    for (size_t n = 0; n < len; n++) {
        ck_assert_int_eq(cc_record_bin_apply(d, ctx, blob, n, "cache"), CC_EINPUT);
        untouched(d);
    }
    /* a byte too many is refused too */
    char *longer = malloc(len + 1);
    memcpy(longer, blob, len);
    longer[len] = 0;
    ck_assert_int_eq(cc_record_bin_apply(d, ctx, longer, len + 1, "cache"), CC_EINPUT);
    untouched(d);
    free(longer);
    free(blob);
    free(json);
    cc_corpus_free(c);
    cc_context_free(ctx);
}
END_TEST

/* The blob with one header byte changed is refused with `want` in the message. */
static void header_refused(cc_context *ctx, const char *blob, size_t len, size_t at,
                           const char *want)
{
    char *b = malloc(len);
    memcpy(b, blob, len);
    b[at] ^= 1;
    cc_corpus *c;
    cc_doc *d = loaded(ctx, &c, article);
    ck_assert_int_eq(cc_record_bin_apply(d, ctx, b, len, "the-cache"), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), want) && strstr(cc_errmsg(), "art.md: the-cache: "),
                  "%s (wanted %s)", cc_errmsg(), want);
    untouched(d);
    cc_corpus_free(c);
    free(b);
}

START_TEST(other_version_rules_or_text_are_refused)
{
    cc_context *ctx = tu_context(NULL, 0);
    size_t len;
    char *json, *blob = fresh_blob(ctx, &len, &json);
    header_refused(ctx, blob, len, 0, "not a cached record");
    header_refused(ctx, blob, len, 4, "another version");
    header_refused(ctx, blob, len, 8, "other rules");
    header_refused(ctx, blob, len, 24, "another text");
    header_refused(ctx, blob, len, 60, "damaged");
    /* the same blob on an edited text */
    cc_corpus *c;
    cc_doc *d = loaded_edited(ctx, &c);
    ck_assert_int_eq(cc_record_bin_apply(d, ctx, blob, len, "cache"), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), "another text"), "%s", cc_errmsg());
    untouched(d);
    cc_corpus_free(c);
    free(blob);
    free(json);
    cc_context_free(ctx);
}
END_TEST

static void put_le64(char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (char)(v >> (8 * i));
}

/* Every payload byte of the blob replaced by a few values, the payload hash made right again
 * so that the strict validation itself answers: try() applies the damaged blob and says
 * whether it was accepted (1) or refused (0); both must happen, and never a crash (ASan). */
static void damage_each_byte(char *blob, size_t len,
                             int (*try)(void *arg, const char *blob, size_t len, size_t at),
                             void *arg)
{
    enum { HEADER = 56 };
    static const unsigned char subst[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    size_t accepted = 0, refused = 0;
    ck_assert_uint_gt(len, HEADER);
    for (size_t i = HEADER; i < len; i++)
        for (size_t k = 0; k < sizeof subst; k++) {
            char saved = blob[i];
            if ((unsigned char)saved == subst[k])
                continue;
            blob[i] = (char)subst[k];
            put_le64(blob + 48, cc_hash64(blob + HEADER, len - HEADER));
            if (try(arg, blob, len, i))
                accepted++;
            else
                refused++;
            blob[i] = saved;
        }
    ck_assert_msg(accepted > 0 && refused > 0, "accepted %zu refused %zu", accepted, refused);
}

typedef struct {
    cc_context *ctx;
    cc_corpus *c;
    cc_doc *d;
} record_try;

/* A damaged record: refused (document untouched) or accepted (and the document then writes
 * a record); never a read outside the text. */
static int try_record(void *arg, const char *blob, size_t len, size_t at)
{
    record_try *t = arg;
    int rc = cc_record_bin_apply(t->d, t->ctx, blob, len, "cache");
    ck_assert_msg(rc == 0 || rc == CC_EINPUT, "byte %zu: %d %s", at, rc, cc_errmsg());
    if (rc == 0)
        free(json_of(t->d, t->ctx));
    else
        untouched(t->d);
    /* accepted, or a damaged flag said "segment again": start afresh */
    if (rc == 0 || t->d->segmented) {
        cc_corpus_free(t->c);
        t->d = loaded(t->ctx, &t->c, article);
    }
    return rc == 0;
}

START_TEST(damage_past_the_hash_never_crashes)
{
    cc_context *ctx = tu_context(NULL, 0);
    size_t len;
    char *json, *blob = fresh_blob(ctx, &len, &json);
    record_try t = {ctx, NULL, NULL};
    t.d = loaded(ctx, &t.c, article);
    damage_each_byte(blob, len, try_record, &t);
    cc_corpus_free(t.c);
    free(blob);
    free(json);
    cc_context_free(ctx);
}
END_TEST

/* ---- check summaries ---------------------------------------------------------------------- */

/* The summary blob of a fresh extraction of the article; *nclaims its claims, *cw0 the
 * first one's check-worthiness. */
static char *fresh_summary(cc_context *ctx, const cc_pairmodel *m, size_t *len, size_t *nclaims,
                           double *cw0)
{
    cc_corpus *c;
    cc_doc *d = loaded(ctx, &c, article);
    ck_assert_int_eq(cc_doc_claims(d, ctx), 0);
    char *blob = NULL;
    ck_assert_int_eq(ck_summary_blob(&blob, len, ctx, m, d), 0);
    *nclaims = cc_doc_nclaims(d);
    *cw0 = cc_doc_claim(d, 0)->checkworthy;
    cc_corpus_free(c);
    return blob;
}

/* A summary that was applied holds together: keys in order, clashes between its claims. */
static void summary_sound(const cc_doc *d)
{
    const cc_doc_summary *s = d->deferred;
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(cc_doc_nclaims(d), s->nclaims);
    ck_assert_uint_eq(s->key_start[0], 0);
    for (size_t i = 0; i < s->nclaims; i++) {
        ck_assert_uint_le(s->key_start[i], s->key_start[i + 1]);
        ck_assert(s->checkworthy[i] >= 0 && s->checkworthy[i] <= 1);
    }
    for (size_t i = 0; i < s->nclashes; i++)
        ck_assert(s->clashes[i][0] < s->nclaims && s->clashes[i][1] < s->nclaims);
}

START_TEST(summary_round_trip_and_refusals)
{
    cc_context *ctx = tu_context(NULL, 0);
    cc_pairmodel *m = tu_model(ctx);
    char made_by[17], other[17];
    ck_summary_made_by(ctx, m, made_by);
    memcpy(other, made_by, sizeof other);
    other[0] = other[0] == '0' ? '1' : '0';
    size_t len, nclaims;
    double cw0;
    char *blob = fresh_summary(ctx, m, &len, &nclaims, &cw0);
    cc_corpus *c;
    cc_doc *d = loaded(ctx, &c, article);
    ck_assert_msg(cc_summary_bin_apply(d, made_by, blob, len, "cache") == 0, "%s", cc_errmsg());
    summary_sound(d);
    ck_assert_uint_eq(cc_doc_nclaims(d), nclaims);
    ck_assert(d->deferred->checkworthy[0] == cw0);
    ck_assert_uint_gt(d->deferred->key_start[nclaims], nclaims); /* entities, predicates */
    ck_assert_ptr_null(cc_doc_claim(d, 0)); /* deferred: no claims until restored */
    ck_assert_str_eq(cc_doc_meta(d, "title"), "Ministers meet in Bamako");
    cc_corpus_free(c);
    /* cut at any byte, made for another model, or on an edited text: refused, untouched */
    for (size_t n = 0; n <= len; n++) {
        d = loaded(ctx, &c, article);
        int rc = cc_summary_bin_apply(d, n < len ? made_by : other, blob, n, "cache");
        ck_assert_int_eq(rc, CC_EINPUT);
        ck_assert_ptr_null(d->deferred);
        ck_assert_ptr_null(cc_doc_meta(d, "title"));
        cc_corpus_free(c);
    }
    d = loaded_edited(ctx, &c);
    ck_assert_int_eq(cc_summary_bin_apply(d, made_by, blob, len, "cache"), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), "another text"), "%s", cc_errmsg());
    cc_corpus_free(c);
    free(blob);
    cc_pairmodel_free(m);
    cc_context_free(ctx);
}
END_TEST

typedef struct {
    cc_context *ctx;
    const char *made_by;
} summary_try;

/* A damaged summary: refused (document not deferred) or accepted and holding together. */
static int try_summary(void *arg, const char *blob, size_t len, size_t at)
{
    const summary_try *t = arg;
    cc_corpus *c;
    cc_doc *d = loaded(t->ctx, &c, article);
    int rc = cc_summary_bin_apply(d, t->made_by, blob, len, "cache");
    ck_assert_msg(rc == 0 || rc == CC_EINPUT, "byte %zu: %d %s", at, rc, cc_errmsg());
    if (rc == 0)
        summary_sound(d);
    else
        ck_assert_ptr_null(d->deferred);
    cc_corpus_free(c);
    return rc == 0;
}

START_TEST(summary_damage_never_crashes)
{
    cc_context *ctx = tu_context(NULL, 0);
    cc_pairmodel *m = tu_model(ctx);
    char made_by[17];
    ck_summary_made_by(ctx, m, made_by);
    size_t len, nclaims;
    double cw0;
    char *blob = fresh_summary(ctx, m, &len, &nclaims, &cw0);
    summary_try t = {ctx, made_by};
    damage_each_byte(blob, len, try_summary, &t);
    free(blob);
    cc_pairmodel_free(m);
    cc_context_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("record_bin");
    TCase *tc = tcase_create("record_bin");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, round_trip_is_exact);
    tcase_add_test(tc, every_truncation_is_refused);
    tcase_add_test(tc, other_version_rules_or_text_are_refused);
    tcase_add_test(tc, damage_past_the_hash_never_crashes);
    tcase_add_test(tc, summary_round_trip_and_refusals);
    tcase_add_test(tc, summary_damage_never_crashes);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
