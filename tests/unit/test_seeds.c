/*
 * test_seeds.c: load and segment the five real seed articles of ../shared/corpus/seeds (used
 * by path, never copied). Skips (exit 77, reported by ctest as skipped) when the folder is
 * absent.
 */
#include "testutil.h"

static cc_context *ctx;
static cc_corpus *corpus;
static tu_diags diags;

static const cc_doc *seed(const char *prefix)
{
    for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++) {
        const cc_doc *d = cc_corpus_doc(corpus, i);
        if (strncmp(cc_doc_id(d), prefix, strlen(prefix)) == 0)
            return d;
    }
    ck_abort_msg("seed %s not loaded", prefix);
    return NULL;
}

/* The index of the sentence containing `needle`, or -1. */
static long find_sentence(const cc_doc *d, const char *needle)
{
    for (size_t i = 0; i < cc_doc_nsentences(d); i++)
        if (strstr(cc_doc_sentence(d, i)->text, needle))
            return (long)i;
    return -1;
}

START_TEST(all_seeds_load)
{
    ck_assert_uint_eq(cc_corpus_ndocs(corpus), 5);
    ck_assert_uint_eq(cc_corpus_nerrors(corpus), 0);
    for (size_t i = 0; i < 5; i++)
        ck_assert_uint_gt(cc_doc_nsentences(cc_corpus_doc(corpus, i)), 5);
}
END_TEST

/* Checked boundary by boundary against the articles: titles, headings and list items count;
 * a quotation of two sentences is two; captions, share lines and link lists are not text. */
#define SEED_N0 27
#define SEED_N1 19
#define SEED_N2 11
#define SEED_N3 33
#define SEED_N4 15

START_TEST(sentence_counts)
{
    static const struct {
        const char *doc;
        size_t n;
    } want[] = {{"000", SEED_N0}, {"001", SEED_N1}, {"002", SEED_N2}, {"003", SEED_N3},
                {"004", SEED_N4}};
    for (size_t i = 0; i < 5; i++)
        ck_assert_msg(cc_doc_nsentences(seed(want[i].doc)) == want[i].n,
                      "%s: %zu sentences, want %zu", want[i].doc,
                      cc_doc_nsentences(seed(want[i].doc)), want[i].n);
}
END_TEST

/* 1 when sentence s of d holds every one of the (short) parts: the tests name a sentence by
 * a few words of it, never by a stretch of the article. */
static int sentence_has(const cc_doc *d, long s, const char *const *parts, size_t n)
{
    if (s < 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strstr(cc_doc_sentence(d, (size_t)s)->text, parts[i]))
            return 0;
    return 1;
}

/* The first word group names the sentence; the others must be in the same one, so no
 * abbreviation between them split it. */
#define SAME_SENTENCE(doc, ...)                                                              \
    do {                                                                                     \
        static const char *const parts_[] = {__VA_ARGS__};                                   \
        const cc_doc *d_ = seed(doc);                                                        \
        ck_assert_msg(sentence_has(d_, find_sentence(d_, parts_[0]), parts_,                 \
                                   sizeof parts_ / sizeof *parts_),                          \
                      "seed %s: the sentence of '%s' was split", doc, parts_[0]);            \
    } while (0)

START_TEST(abbreviations_do_not_split)
{
    SAME_SENTENCE("003", "Maj. Gen.", "Kenneth P.", "Ekman", "told", "important");
    SAME_SENTENCE("003", "U.S. Embassy", "reinforced");
    SAME_SENTENCE("004", "Though U.S.", "departed", "2022");
    SAME_SENTENCE("003", "kidnapped", "Oct. 21 and");
    SAME_SENTENCE("001", "Dr. Émile", "a Sahel");
}
END_TEST

START_TEST(glued_date_title)
{
    const cc_doc *d = seed("002");
    cc_date date;
    ck_assert_int_eq(cc_doc_date(d, &date), CC_DATE_METADATA);
    ck_assert_int_eq(date.year, 2026);
    ck_assert_int_eq(date.month, 2);
    ck_assert_int_eq(date.day, 1);
    const char *title = cc_doc_meta(d, "title");
    ck_assert_ptr_nonnull(title);
    /* the whole title line after the glued date: its start, its end and its length (the
     * article's words stay in the article) */
    ck_assert(strncmp(title, "United States Moves", 19) == 0);
    ck_assert(strlen(title) == 73 && strcmp(title + 64, "and Niger") == 0);
    const cc_sentence *s0 = cc_doc_sentence(d, 0);
    ck_assert_int_eq(s0->kind, CC_SENT_TITLE);
    ck_assert_str_eq(s0->text, title);
}
END_TEST

START_TEST(boilerplate_gone)
{
    static const char *banned[] = {"READ ALSO", "Your take", "Share this", "Getty Images",
                                   "youtu.be", "PQGu6Lzyf04", "Ondo Private University"};
    for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++) {
        const cc_doc *d = cc_corpus_doc(corpus, i);
        for (size_t k = 0; k < sizeof banned / sizeof banned[0]; k++)
            ck_assert_msg(find_sentence(d, banned[k]) < 0, "%s: '%s' survived as a sentence",
                          cc_doc_id(d), banned[k]);
    }
    /* hashtags become words */
    ck_assert(find_sentence(seed("002"), "aligned with Russia") >= 0);
}
END_TEST

START_TEST(dateline)
{
    const cc_doc *d = seed("001");
    ck_assert_ptr_nonnull(cc_doc_dateline(d));
    ck_assert_str_eq(cc_doc_dateline(d), "DAKAR, Senegal");
    /* the dateline is cut off the first sentence of the body */
    long s = find_sentence(d, "escalation");
    ck_assert(s >= 0);
    ck_assert(strncmp(cc_doc_sentence(d, (size_t)s)->text, "In a sharp", 10) == 0);
}
END_TEST

START_TEST(spans_map_to_file)
{
    /* every sentence's span, mapped to the file, starts with the sentence's first byte */
    for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++) {
        const cc_doc *d = cc_corpus_doc(corpus, i);
        char path[4096];
        snprintf(path, sizeof path, "%s", cc_doc_path(d));
        FILE *f = fopen(path, "rb");
        ck_assert_ptr_nonnull(f);
        static char raw[1 << 16];
        size_t n = fread(raw, 1, sizeof raw, f);
        fclose(f);
        for (size_t k = 0; k < cc_doc_nsentences(d); k++) {
            const cc_sentence *s = cc_doc_sentence(d, k);
            size_t a = cc_doc_raw_offset(d, s->span.start), b = cc_doc_raw_offset(d, s->span.end);
            ck_assert(a < b && b <= n);
            ck_assert_msg(raw[a] == s->text[0], "%s#%zu: file byte %zu is '%c', text starts '%c'",
                          cc_doc_id(d), k, a, raw[a], s->text[0]);
        }
    }
}
END_TEST

int main(void)
{
    const char *shared = tu_shared_dir();
    if (!shared) {
        printf("SKIP: test_seeds needs ../shared (set CROSSCHECK_SHARED); not run\n");
        return CC_SKIP;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus/seeds", shared);
    cc_options o = CC_OPTIONS_INIT;
    o.diag = tu_diag_collect;
    o.diag_data = &diags;
    if (cc_context_new(&ctx, &o) < 0 || cc_corpus_new(&corpus, ctx) < 0 ||
        cc_corpus_add_path(corpus, dir) < 0) {
        fprintf(stderr, "test_seeds: %s\n", cc_errmsg());
        return 1;
    }
    for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++)
        cc_doc_segment(cc_corpus_doc(corpus, i), ctx);
    Suite *s = suite_create("seeds");
    TCase *tc = tcase_create("seeds");
    tcase_set_tags(tc, "shared");
    tcase_add_test(tc, all_seeds_load);
    tcase_add_test(tc, sentence_counts);
    tcase_add_test(tc, abbreviations_do_not_split);
    tcase_add_test(tc, glued_date_title);
    tcase_add_test(tc, boilerplate_gone);
    tcase_add_test(tc, dateline);
    tcase_add_test(tc, spans_map_to_file);
    suite_add_tcase(s, tc);
    int rc = tu_run(s);
    cc_corpus_free(corpus);
    cc_context_free(ctx);
    return rc;
}
