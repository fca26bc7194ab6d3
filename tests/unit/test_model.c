/*
 * test_model.c: the pair model: the pairs reader (project TSV and MRPC format), training on
 * a tiny labelled file (tests/data/pairs_tiny.tsv), byte-identical retraining, predictions,
 * and the loader's validation of damaged model files (empty, garbage, truncated at every
 * 10%, inconsistent metadata or idf table): always CC_EINPUT naming the file, never a crash.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <unistd.h>

#include <svm.h>

#include "pairs.h"
#include "testutil.h"

static cc_context *ctx;
static char dir[256];

static void setup(void)
{
    ctx = tu_context(NULL, 0);
    snprintf(dir, sizeof dir, "/tmp/cc_test_model.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    ck_assert_int_eq(tu_rmdir(dir), 0);
    cc_context_free(ctx);
}

static const char *source_dir(void)
{
    const char *s = getenv("CROSSCHECK_SOURCE");
    return s && *s ? s : ".";
}

static char *path_in(char *buf, size_t size, const char *base, const char *name)
{
    snprintf(buf, size, "%s/%s", base, name);
    return buf;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    data[n] = '\0';
    *len = (size_t)n;
    return data;
}

static cc_pairset *tiny_set(cc_pair_task task)
{
    char p[512];
    cc_pairset *ps;
    ck_assert_int_eq(cc_pairset_new(&ps), 0);
    path_in(p, sizeof p, source_dir(), "tests/data/pairs_tiny.tsv");
    ck_assert_msg(cc_pairset_add_file(ps, p, task) == 0, "%s", cc_errmsg());
    return ps;
}

/* Trains the tiny model into dir/name with `threads` grid workers. */
static void train_tiny_threads(const char *name, int threads)
{
    cc_pairset *ps = tiny_set(CC_TASK_SAME_FACT);
    cc_train_options o = CC_TRAIN_OPTIONS_INIT;
    o.cv_folds = 3;
    o.threads = threads;
    cc_pairmodel *m;
    ck_assert_msg(cc_pairmodel_train(&m, ctx, ps, &o) == 0, "%s", cc_errmsg());
    char p[512];
    ck_assert_msg(cc_pairmodel_save(m, path_in(p, sizeof p, dir, name)) == 0, "%s", cc_errmsg());
    cc_pairmodel_free(m);
    cc_pairset_free(ps);
}

static void train_tiny(const char *name) { train_tiny_threads(name, 2); }

START_TEST(reads_project_tsv)
{
    cc_pairset *ps = tiny_set(CC_TASK_SAME_FACT);
    ck_assert_uint_eq(cc_pairset_n(ps), 24);
    const cc_pair *p = cc_pairset_at(ps, 8); /* t09, a conflict */
    ck_assert_str_eq(p->id, "t09");
    ck_assert_str_eq(p->label_name, "conflict");
    ck_assert_int_eq(p->label, 1);
    ck_assert_int_eq(p->line, 10);
    ck_assert_int_eq(cc_pairset_at(ps, 12)->label, 0);
    ck_assert_uint_eq(strlen(cc_pairset_checksum(ps)), 16);
    cc_pairset_free(ps);
    /* paraphrase: a conflict is not a paraphrase */
    ps = tiny_set(CC_TASK_PARAPHRASE);
    ck_assert_int_eq(cc_pairset_at(ps, 8)->label, 0);
    ck_assert_int_eq(cc_pairset_at(ps, 0)->label, 1);
    cc_pairset_free(ps);
}
END_TEST

START_TEST(reads_mrpc_format)
{
    char p[512];
    cc_pairset *ps;
    ck_assert_int_eq(cc_pairset_new(&ps), 0);
    /* Written here rather than kept as a file: the MRPC header row, tabs and all, is one of the
     * strings the repository's leak check looks for. BOM, CRLF and a 0x12 byte as in MRPC. */
    static const char mrpc[] =
        "\xEF\xBB\xBFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n"
        "1\t1001\t1002\tThe minister\x12s plan was approved by parliament on Friday.\t"
        "Parliament approved the minister's plan on Friday.\r\n"
        "0\t1003\t1004\tSales of the new phone reached 2 million units.\t"
        "The company sold 3 million phones in its first quarter.\r\n"
        "1\t1005\t1006\tThe bridge reopened after repairs.\t"
        "After repairs, the bridge was opened again.\r\n";
    path_in(p, sizeof p, dir, "mrpc_format.txt");
    write_file(p, mrpc, sizeof mrpc - 1);
    ck_assert_msg(cc_pairset_add_file(ps, p, CC_TASK_PARAPHRASE) == 0, "%s", cc_errmsg());
    ck_assert_uint_eq(cc_pairset_n(ps), 3);
    const cc_pair *a = cc_pairset_at(ps, 0);
    ck_assert_int_eq(a->label, 1);
    ck_assert_str_eq(a->id, "1001/1002");
    ck_assert_ptr_null(strchr(a->text_a, '\x12')); /* the control byte became a space */
    ck_assert_ptr_null(strchr(a->text_b, '\r'));
    ck_assert_int_eq(cc_pairset_at(ps, 1)->label, 0);
    cc_pairset_free(ps);
}
END_TEST

/* The error of reading `content` as a pairs file, which must name file:line. */
static void expect_bad_pairs(const char *content, const char *line_tag, const char *what)
{
    char p[512], want[600];
    path_in(p, sizeof p, dir, "bad.tsv");
    write_file(p, content, strlen(content));
    cc_pairset *ps;
    ck_assert_int_eq(cc_pairset_new(&ps), 0);
    ck_assert_int_eq(cc_pairset_add_file(ps, p, CC_TASK_SAME_FACT), CC_EINPUT);
    ck_assert_uint_eq(cc_pairset_n(ps), 0);
    snprintf(want, sizeof want, "%s%s", p, line_tag);
    ck_assert_msg(strstr(cc_errmsg(), want) && strstr(cc_errmsg(), what), "message: %s",
                  cc_errmsg());
    cc_pairset_free(ps);
}

START_TEST(pairs_errors_name_file_and_line)
{
    const char *hdr = "id\tlabel\ttext_a\ttext_b\n";
    char buf[512];
    snprintf(buf, sizeof buf, "%sx1\tsame\tA.\tB.\nx2\tmaybe\tA.\tB.\n", hdr);
    expect_bad_pairs(buf, ":3:", "label 'maybe'");
    snprintf(buf, sizeof buf, "%sx1\tsame\tA.\n", hdr);
    expect_bad_pairs(buf, ":2:", "columns");
    snprintf(buf, sizeof buf, "%sx1\tsame\t \tB.\n", hdr);
    expect_bad_pairs(buf, ":2:", "empty");
    expect_bad_pairs("hello\tworld\n", ":1:", "not a pairs file");
    expect_bad_pairs("", "", "empty");
    expect_bad_pairs("Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n2\t1\t2\tA.\tB.\r\n", ":2:",
                     "0 or 1");
}
END_TEST

START_TEST(train_predict_and_reload)
{
    train_tiny("m.model");
    char p[512];
    cc_pairmodel *m;
    ck_assert_msg(cc_pairmodel_load(&m, ctx, path_in(p, sizeof p, dir, "m.model")) == 0, "%s",
                  cc_errmsg());
    ck_assert_str_eq(cc_pairmodel_feature_set(m), "pf1");
    ck_assert_int_eq(cc_pairmodel_task(m), CC_TASK_SAME_FACT);
    double acc, f1, same, diff;
    cc_pairmodel_cv(m, &acc, &f1);
    ck_assert(acc > 0 && acc <= 1 && f1 >= 0 && f1 <= 1);
    ck_assert_int_eq(cc_pairmodel_predict(m, "The ferry to Kelmar Island resumed service on Monday.",
                                          "Ferry service to Kelmar Island restarted on Monday.",
                                          &same), 0);
    ck_assert_int_eq(cc_pairmodel_predict(m, "The ferry to Kelmar Island resumed service on Monday.",
                                          "Copper prices fell in Asian trading.", &diff), 0);
    ck_assert(same >= 0 && same <= 1 && diff >= 0 && diff <= 1);
    ck_assert_msg(same > diff, "same %g diff %g", same, diff);
    /* training-set accuracy on the tiny file */
    cc_pairset *ps = tiny_set(CC_TASK_SAME_FACT);
    size_t right = 0;
    for (size_t i = 0; i < cc_pairset_n(ps); i++) {
        const cc_pair *pr = cc_pairset_at(ps, i);
        double prob;
        ck_assert_int_eq(cc_pairmodel_predict(m, pr->text_a, pr->text_b, &prob), 0);
        right += (prob >= cc_pairmodel_threshold(m)) == pr->label;
    }
    ck_assert_msg(right >= 18, "%zu of 24 right", right);
    cc_pairset_free(ps);
    cc_pairmodel_free(m);
}
END_TEST

/* The dense prediction path gives libsvm's own probabilities. */
START_TEST(dense_prediction_matches_libsvm)
{
    train_tiny("d.model");
    char p[512];
    cc_pairmodel *m;
    ck_assert_int_eq(cc_pairmodel_load(&m, ctx, path_in(p, sizeof p, dir, "d.model")), 0);
    cc_pairset *ps = tiny_set(CC_TASK_SAME_FACT);
    for (size_t i = 0; i < cc_pairset_n(ps); i++) {
        const cc_pair *pr = cc_pairset_at(ps, i);
        pair_side a, b;
        ck_assert_int_eq(pair_side_from_text(&a, ctx, &m->idf, "a", pr->text_a), 0);
        ck_assert_int_eq(pair_side_from_text(&b, ctx, &m->idf, "b", pr->text_b), 0);
        double raw[PF_NFEATURES], probs[2];
        pf_compute(&a, &b, raw);
        struct svm_node nodes[PF_NFEATURES + 1];
        pair_scale(m, raw, nodes);
        svm_predict_probability(m->svm, nodes, probs);
        ck_assert_double_eq_tol(pair_model_prob(m, raw), probs[m->pos_index], 1e-9);
        pair_side_free(&a);
        pair_side_free(&b);
    }
    cc_pairset_free(ps);
    cc_pairmodel_free(m);
}
END_TEST

START_TEST(retraining_is_byte_identical)
{
    train_tiny("a.model");
    train_tiny_threads("b.model", 1); /* thread timing must not matter */
    const char *suffix[] = {"", ".meta.json", ".idf"};
    for (int i = 0; i < 3; i++) {
        char pa[512], pb[512], na[64], nb[64];
        snprintf(na, sizeof na, "a.model%s", suffix[i]);
        snprintf(nb, sizeof nb, "b.model%s", suffix[i]);
        size_t la, lb;
        char *a = read_all(path_in(pa, sizeof pa, dir, na), &la);
        char *b = read_all(path_in(pb, sizeof pb, dir, nb), &lb);
        ck_assert_uint_eq(la, lb);
        ck_assert_msg(memcmp(a, b, la) == 0, "%s differs", na);
        free(a);
        free(b);
    }
}
END_TEST

START_TEST(too_few_pairs)
{
    char p[512];
    path_in(p, sizeof p, dir, "few.tsv");
    const char *s = "id\tlabel\ttext_a\ttext_b\nx1\tsame\tA b.\tA b.\nx2\tdifferent\tA.\tC.\n";
    write_file(p, s, strlen(s));
    cc_pairset *ps;
    cc_pairmodel *m = NULL;
    ck_assert_int_eq(cc_pairset_new(&ps), 0);
    ck_assert_int_eq(cc_pairset_add_file(ps, p, CC_TASK_SAME_FACT), 0);
    ck_assert_int_eq(cc_pairmodel_train(&m, ctx, ps, NULL), CC_EINPUT);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(cc_errmsg(), "too few"));
    cc_pairset_free(ps);
}
END_TEST

/* Loading must fail with CC_EINPUT and a message naming `file`. */
static void expect_load_error(const char *model, const char *file, const char *what)
{
    cc_pairmodel *m = NULL;
    int rc = cc_pairmodel_load(&m, ctx, model);
    ck_assert_msg(rc == CC_EINPUT, "rc %d for %s (%s)", rc, what, cc_errmsg());
    ck_assert_ptr_null(m);
    ck_assert_msg(strstr(cc_errmsg(), file) != NULL, "%s: message '%s' does not name %s", what,
                  cc_errmsg(), file);
}

/* Replaces a model's file with `data`, tries to load, restores it. */
static void with_damaged(const char *model, const char *suffix, const char *data, size_t len,
                         const char *what)
{
    char p[600];
    snprintf(p, sizeof p, "%s%s", model, suffix);
    size_t olen;
    char *orig = read_all(p, &olen);
    write_file(p, data, len);
    expect_load_error(model, p, what);
    write_file(p, orig, olen);
    free(orig);
}

static void with_damaged_str(const char *model, const char *suffix, const char *data,
                             const char *what)
{
    with_damaged(model, suffix, data, strlen(data), what);
}

START_TEST(loader_rejects_damaged_models)
{
    train_tiny("v.model");
    char model[512];
    path_in(model, sizeof model, dir, "v.model");
    size_t len;
    char *svm = read_all(model, &len);
    with_damaged(model, "", "", 0, "empty");
    with_damaged_str(model, "", "garbage\x01\x02 not a model\n", "garbage");
    for (int pct = 0; pct < 100; pct += 10) {
        char what[32];
        snprintf(what, sizeof what, "truncated at %d%%", pct);
        with_damaged(model, "", svm, len * (size_t)pct / 100, what);
    }
    with_damaged(model, "", svm, len - 1, "no final newline");
    /* a feature index beyond the feature set */
    char *sv = strstr(svm, "\nSV\n");
    ck_assert_ptr_nonnull(sv);
    char *nl = strchr(sv + 4, '\n');
    size_t head = (size_t)(nl - svm);
    char *bad = malloc(len + 32);
    memcpy(bad, svm, head);
    int n = sprintf(bad + head, " 99:0.5");
    memcpy(bad + head + n, svm + head, len - head);
    with_damaged(model, "", bad, len + (size_t)n, "feature index 99");
    /* one value changed: valid libsvm, but not the file the metadata describes */
    memcpy(bad, svm, len);
    char *rho = strstr(bad, "rho ");
    rho[4] = rho[4] == '1' ? '2' : '1';
    with_damaged(model, "", bad, len, "checksum");
    free(bad);
    free(svm);
    with_damaged_str(model, ".meta.json", "{\"schema\": ", "meta truncated");
    with_damaged_str(model, ".meta.json", "[]", "meta not an object");
    with_damaged(model, ".idf", "", 0, "idf empty");
    with_damaged_str(model, ".idf", "# crosscheck idf table\nN\t3\nthe\t1\n", "idf other table");
    with_damaged_str(model, ".idf", "# crosscheck idf table\nN\t3\nthe\tmany\n", "idf bad count");
    /* metadata with too few scaling values */
    char mp[600];
    snprintf(mp, sizeof mp, "%s.meta.json", model);
    char *meta = read_all(mp, &len);
    char *minp = strstr(meta, "\"min\": [");
    ck_assert_ptr_nonnull(minp);
    char *comma = strchr(minp, ',');
    char *cut = malloc(len + 1);
    size_t k = (size_t)(minp - meta) + 8;
    memcpy(cut, meta, k);
    memcpy(cut + k, comma + 1, len - (size_t)(comma + 1 - meta));
    with_damaged(model, ".meta.json", cut, len - (size_t)(comma + 1 - meta) + k, "scaling count");
    free(cut);
    free(meta);
    /* missing files */
    char p[600];
    snprintf(p, sizeof p, "%s.idf", model);
    ck_assert_int_eq(unlink(p), 0);
    cc_pairmodel *m = NULL;
    ck_assert_int_lt(cc_pairmodel_load(&m, ctx, model), 0);
    ck_assert_ptr_nonnull(strstr(cc_errmsg(), ".idf"));
    ck_assert_int_lt(cc_pairmodel_load(&m, ctx, "/nonexistent/x.model"), 0);
    ck_assert_ptr_null(m);
}
END_TEST

START_TEST(shipped_model_loads)
{
    char p[512];
    cc_pairmodel *m;
    path_in(p, sizeof p, getenv("CROSSCHECK_MODELS") ? getenv("CROSSCHECK_MODELS") : "models",
            "same-fact.model");
    ck_assert_msg(cc_pairmodel_load(&m, ctx, p) == 0, "%s", cc_errmsg());
    double acc, f1, prob;
    cc_pairmodel_cv(m, &acc, &f1);
    ck_assert(acc > 0.7);
    /* same fact, a detail differs: the shipped model must still say "same fact" */
    ck_assert_int_eq(cc_pairmodel_predict(m, "The fire at the Olm textile plant killed 12 workers on Tuesday.",
                                          "Tuesday's blaze at the Olm textile factory left 21 workers dead.",
                                          &prob), 0);
    ck_assert_msg(prob >= cc_pairmodel_threshold(m), "P(same fact) = %g", prob);
    cc_pairmodel_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300); /* training, also under the sanitizers */
    tcase_add_test(tc, reads_project_tsv);
    tcase_add_test(tc, reads_mrpc_format);
    tcase_add_test(tc, pairs_errors_name_file_and_line);
    tcase_add_test(tc, train_predict_and_reload);
    tcase_add_test(tc, retraining_is_byte_identical);
    tcase_add_test(tc, dense_prediction_matches_libsvm);
    tcase_add_test(tc, too_few_pairs);
    tcase_add_test(tc, loader_rejects_damaged_models);
    tcase_add_test(tc, shipped_model_loads);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
