/*
 * test_features.c: the pair feature extractor (pairs.h): each feature family on sentence
 * pairs written for the test, symmetry, determinism, the slot filler and scaling.
 */
#include <math.h>
#include <svm.h>

#include "pairs.h"
#include "testutil.h"

static cc_context *ctx;

static void setup(void) { ctx = tu_context(NULL, 0); }
static void teardown(void) { cc_context_free(ctx); }

static int feature(const char *name)
{
    for (int i = 0; i < PF_NFEATURES; i++)
        if (strcmp(pf_feature_names[i], name) == 0)
            return i;
    ck_abort_msg("no feature %s", name);
    return -1;
}

/* Features of a pair, checking on the way that they are symmetric and finite. */
static void features(const char *a, const char *b, double *f)
{
    pair_side sa, sb;
    ck_assert_int_eq(pair_side_from_text(&sa, ctx, NULL, "a", a), 0);
    ck_assert_int_eq(pair_side_from_text(&sb, ctx, NULL, "b", b), 0);
    double g[PF_NFEATURES];
    pf_compute(&sa, &sb, f);
    pf_compute(&sb, &sa, g);
    for (int i = 0; i < PF_NFEATURES; i++) {
        ck_assert_msg(isfinite(f[i]), "%s not finite", pf_feature_names[i]);
        ck_assert_msg(fabs(f[i] - g[i]) < 1e-12, "%s not symmetric: %g vs %g",
                      pf_feature_names[i], f[i], g[i]);
    }
    pair_side_free(&sa);
    pair_side_free(&sb);
}

static double fv(const char *a, const char *b, const char *name)
{
    double f[PF_NFEATURES];
    features(a, b, f);
    return f[feature(name)];
}

START_TEST(names_are_unique)
{
    for (int i = 0; i < PF_NFEATURES; i++)
        for (int j = i + 1; j < PF_NFEATURES; j++)
            ck_assert_str_ne(pf_feature_names[i], pf_feature_names[j]);
    ck_assert_str_eq(PF_VERSION, "pf1");
}
END_TEST

START_TEST(identical_sentences)
{
    const char *s = "The harbour master said the pier would stay closed until Thursday.";
    double f[PF_NFEATURES];
    features(s, s, f);
    const char *one[] = {"uni_f", "bi_f", "idf_f", "ngram1", "ngram4", "bleu_min", "lcs_min",
                         "char3", "wn_f", "len_ratio", "masked_uni_f", "masked_lcs",
                         "time_compatible", "speaker_same"};
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
        ck_assert_msg(fabs(f[feature(one[i])] - 1) < 1e-9, "%s = %g", one[i], f[feature(one[i])]);
    ck_assert_double_eq_tol(f[feature("edit")], 0, 1e-12);
    ck_assert_double_eq_tol(f[feature("len_diff")], 0, 1e-12);
    ck_assert_double_eq_tol(f[feature("unmatched_max")], 0, 1e-12);
}
END_TEST

START_TEST(lexical_overlap)
{
    /* 5 of 6 and 5 of 5 tokens shared: min 5/6, max 1 */
    const char *a = "Rain closed the old bridge today", *b = "Rain closed the old bridge";
    ck_assert_double_eq_tol(fv(a, b, "uni_min"), 5.0 / 6, 1e-9);
    ck_assert_double_eq_tol(fv(a, b, "uni_max"), 1.0, 1e-9);
    ck_assert_double_eq_tol(fv(a, b, "bi_max"), 1.0, 1e-9);
    /* stems: "closes" and "closed" meet */
    ck_assert_double_eq_tol(fv("Rain closes bridges", "Rain closed bridge", "uni_f"), 1.0, 1e-9);
    ck_assert_double_eq_tol(fv("red green blue", "one two three", "uni_f"), 0.0, 1e-12);
}
END_TEST

START_TEST(mt_and_sequence)
{
    const char *a = "the storm cut power to the northern towns on Friday";
    const char *b = "on Friday the storm cut power to the northern towns";
    double f[PF_NFEATURES];
    features(a, b, f);
    ck_assert_double_eq_tol(f[feature("ngram1")], 1.0, 1e-9);
    ck_assert(f[feature("ngram4")] < 1.0 && f[feature("ngram4")] > 0.3);
    ck_assert(f[feature("edit")] > 0.2);            /* reordered */
    ck_assert(f[feature("lcs_max")] < 1.0 && f[feature("lcs_max")] > 0.7);
    ck_assert(f[feature("bleu_max")] > 0.4);
    /* one word changed: edit distance 1 of 4 */
    ck_assert_double_eq_tol(fv("the cat sat down", "the dog sat down", "edit"), 0.25, 1e-9);
    ck_assert(fv("quick brown fox", "quick brown foxes", "char3") > 0.6);
}
END_TEST

START_TEST(wordnet_synonyms)
{
    const char *a = "The automobile stopped near the shore.", *b = "The car halted near the shore.";
    double f[PF_NFEATURES];
    features(a, b, f);
    ck_assert_msg(f[feature("wn_f")] > f[feature("uni_f")] + 0.2, "wn_f %g uni_f %g",
                  f[feature("wn_f")], f[feature("uni_f")]);
    ck_assert_double_eq_tol(f[feature("wn_f")], 1.0, 1e-9);
}
END_TEST

START_TEST(length_and_names)
{
    double f[PF_NFEATURES];
    features("Mara Holt met Jonas Brel in Lisbon.", "Mara Holt met Jonas Brel.", f);
    ck_assert_double_eq_tol(f[feature("len_ratio")], 5.0 / 7, 1e-9);
    ck_assert_double_eq_tol(f[feature("len_diff")], 2.0 / 30, 1e-9);
    /* names: mara holt jonas brel lisbon vs mara holt jonas brel */
    ck_assert_double_eq_tol(f[feature("ent_jaccard")], 4.0 / 5, 1e-9);
    ck_assert_double_eq_tol(f[feature("ent_unmatched")], 1.0 / 9, 1e-9);
}
END_TEST

START_TEST(number_slots)
{
    const char *base = "The quake killed 58 people.";
    ck_assert_double_eq(fv(base, "The quake killed 58 people.", "num_equal"), 1);
    ck_assert_double_eq(fv(base, "The quake killed 85 people.", "num_conflict"), 1);
    ck_assert_double_eq(fv(base, "The quake killed 58 people and hurt 200.", "num_subset"), 1);
    ck_assert_double_eq(fv(base, "The quake killed many people.", "num_one_side"), 1);
    ck_assert_double_eq(fv("It cost 1,500 dollars.", "It cost 1500 dollars.", "num_equal"), 1);
    ck_assert_double_eq(fv("It cost 1.5 million dollars.", "It cost 1,500,000 dollars.", "num_equal"), 1);
    ck_assert_double_eq(fv("It cost 1.5 million dollars.", "It cost 1.5 billion dollars.", "num_conflict"), 1);
}
END_TEST

START_TEST(time_slots)
{
    ck_assert_double_eq(fv("Troops left Mali in 2022.", "Troops left Mali in 2023.", "time_disjoint"), 1);
    ck_assert_double_eq(fv("Troops left Mali in 2022.", "Troops left Mali in 2022.", "time_compatible"), 1);
    ck_assert_double_eq(fv("It opened on Friday.", "It opened on Monday.", "time_disjoint"), 1);
    ck_assert_double_eq(fv("It opened in March 2024.", "It opened in 2024.", "time_compatible"), 1);
    /* "may" the hedge is not May the month */
    ck_assert_double_eq(fv("It may open soon.", "It opened in June.", "time_disjoint"), 0);
    /* a year is a time value, not a quantity */
    ck_assert_double_eq(fv("Troops left Mali in 2022.", "Troops left Mali in 2023.", "num_conflict"), 0);
}
END_TEST

START_TEST(role_polarity_hedge)
{
    ck_assert_double_eq(fv("Former President Amel Duro signed the law.",
                           "President Amel Duro signed the law.", "role_mismatch"), 1);
    ck_assert_double_eq(fv("The ex-minister signed the law.", "The minister signed the law.",
                           "role_mismatch"), 1);
    ck_assert_double_eq(fv("President Amel Duro signed the law.",
                           "President Amel Duro signed the law.", "role_mismatch"), 0);
    /* "late Tuesday" is a time, not a role status */
    ck_assert_double_eq(fv("It ended late Tuesday.", "It ended Tuesday.", "role_mismatch"), 0);
    ck_assert_double_eq(fv("The plant did not close.", "The plant closed.", "polarity_mismatch"), 1);
    ck_assert_double_eq(fv("The plant didn't close.", "The plant closed.", "negation_mismatch"), 1);
    ck_assert_double_eq(fv("The plant never closed.", "The plant did not close.", "polarity_mismatch"), 0);
    ck_assert_double_eq(fv("The plant may close.", "The plant will close.", "hedge_mismatch"), 1);
    ck_assert_double_eq(fv("The plant reportedly closed.", "The plant closed.", "hedge_mismatch"), 1);
}
END_TEST

START_TEST(speaker_slots)
{
    const char *a = "The talks failed, said Ines Moro.";
    ck_assert_double_eq(fv(a, "Ines Moro said the talks failed.", "speaker_same"), 1);
    ck_assert_double_eq(fv(a, "The talks failed, said Pavel Kron.", "speaker_diff"), 1);
    ck_assert_double_eq(fv(a, "The talks failed.", "speaker_one_side"), 1);
    ck_assert_double_eq(fv("According to Ines Moro, the talks failed.", a, "speaker_same"), 1);
    ck_assert_double_eq(fv("\"The talks failed,\" Moro said.", "The talks failed, Moro said.",
                           "quoted_mismatch"), 1);
    ck_assert_double_eq(fv("\xe2\x80\x9cThe talks failed,\xe2\x80\x9d Moro said.",
                           "\"The talks failed,\" Moro said.", "quoted_mismatch"), 0);
}
END_TEST

START_TEST(masked_similarity)
{
    const char *a = "U.S. troops left Mali in 2022 after 12 years.";
    const char *b = "U.S. troops left Mali in 2023 after 13 years.";
    double f[PF_NFEATURES];
    features(a, b, f);
    ck_assert_double_eq_tol(f[feature("masked_uni_f")], 1.0, 1e-9);
    ck_assert_double_eq_tol(f[feature("masked_lcs")], 1.0, 1e-9);
    ck_assert(f[feature("uni_f")] < 1.0);
    features("Former minister Ana Roy resigned.", "Acting minister Ana Roy resigned.", f);
    ck_assert_double_eq_tol(f[feature("masked_uni_f")], 1.0, 1e-9);
}
END_TEST

START_TEST(slot_filler)
{
    pair_side s;
    ck_assert_int_eq(pair_side_from_text(&s, ctx, NULL, "t",
                                         "Former envoy Rui Sala said on Friday, 3 March 2026, "
                                         "that 1,200 people may not return."), 0);
    const pair_slots *sl = &s.slots;
    ck_assert_int_eq(sl->nyears, 1);
    ck_assert_int_eq(sl->years[0], 2026);
    ck_assert_int_eq(sl->months, 1 << 3);
    ck_assert_int_eq(sl->weekdays, 1 << 5);
    ck_assert_int_eq(sl->nnumbers, 2); /* 3 and 1200 */
    ck_assert_double_eq(sl->numbers[1], 1200);
    ck_assert_int_eq(sl->roles, 1 << 1);
    ck_assert_int_eq(sl->negations, 1);
    ck_assert_int_eq(sl->hedges, 1);
    ck_assert(sl->speaker != 0);
    pair_side_free(&s);
}
END_TEST

START_TEST(deterministic)
{
    const char *a = "Shares of Halvor fell 12 percent on Thursday, analysts said.";
    const char *b = "Halvor stock dropped 21% on Thursday after a weaker outlook.";
    double f[PF_NFEATURES], g[PF_NFEATURES];
    features(a, b, f);
    features(a, b, g);
    ck_assert_mem_eq(f, g, sizeof f);
    for (int i = 0; i < PF_NFEATURES; i++)
        ck_assert_msg(f[i] >= 0 && f[i] <= 1, "%s = %g out of [0,1]", pf_feature_names[i], f[i]);
}
END_TEST

START_TEST(idf_weights)
{
    pair_idf idf = {0};
    ck_assert_int_eq(pair_idf_add(&idf, "the", 9), 0);
    ck_assert_int_eq(pair_idf_add(&idf, "quake", 1), 0);
    idf.ndocs = 10;
    ck_assert(pair_idf_weight(&idf, pw_hash("quake", 5)) > pair_idf_weight(&idf, pw_hash("the", 3)));
    /* unseen words weigh most */
    ck_assert(pair_idf_weight(&idf, pw_hash("zebra", 5)) > pair_idf_weight(&idf, pw_hash("quake", 5)));
    pair_side a, b;
    ck_assert_int_eq(pair_side_from_text(&a, ctx, &idf, "a", "the quake"), 0);
    ck_assert_int_eq(pair_side_from_text(&b, ctx, &idf, "b", "the storm"), 0);
    double f[PF_NFEATURES];
    pf_compute(&a, &b, f);
    /* only "the" matches: by idf it is a small share, by count a half */
    ck_assert(f[feature("idf_f")] < f[feature("uni_f")]);
    pair_side_free(&a);
    pair_side_free(&b);
    pair_idf_free(&idf);
}
END_TEST

START_TEST(scaling)
{
    struct cc_pairmodel m;
    memset(&m, 0, sizeof m);
    double raw[PF_NFEATURES];
    for (int i = 0; i < PF_NFEATURES; i++) {
        m.lo[i] = 0;
        m.hi[i] = 2;
        raw[i] = i == 0 ? 0 : i == 1 ? 2 : 1;
    }
    m.hi[2] = 0; /* a constant feature scales to 0 (left out) */
    struct svm_node nodes[PF_NFEATURES + 1];
    int n = pair_scale(&m, raw, nodes);
    ck_assert_int_eq(n, 3); /* features 1 and 2 (-1 and 1), terminator; 1 scales to 0 */
    ck_assert_int_eq(nodes[0].index, 1);
    ck_assert_double_eq(nodes[0].value, -1);
    ck_assert_int_eq(nodes[1].index, 2);
    ck_assert_double_eq(nodes[1].value, 1);
    ck_assert_int_eq(nodes[2].index, -1);
}
END_TEST

START_TEST(empty_and_odd_text)
{
    double f[PF_NFEATURES];
    features("", "Something happened.", f);
    features("!!! ???", "...", f);
    features("caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve", "cafe\xcc\x81 naive", f);
    ck_assert(f[feature("uni_min")] >= 0.5); /* NFC: both spell café the same */
    features("bad \xff\xfe bytes", "bad bytes", f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("features");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, names_are_unique);
    tcase_add_test(tc, identical_sentences);
    tcase_add_test(tc, lexical_overlap);
    tcase_add_test(tc, mt_and_sequence);
    tcase_add_test(tc, wordnet_synonyms);
    tcase_add_test(tc, length_and_names);
    tcase_add_test(tc, number_slots);
    tcase_add_test(tc, time_slots);
    tcase_add_test(tc, role_polarity_hedge);
    tcase_add_test(tc, speaker_slots);
    tcase_add_test(tc, masked_similarity);
    tcase_add_test(tc, slot_filler);
    tcase_add_test(tc, deterministic);
    tcase_add_test(tc, idf_weights);
    tcase_add_test(tc, scaling);
    tcase_add_test(tc, empty_and_odd_text);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
