/* test_annot.c: agreement between annotators (Cohen's kappa, matching pairs by content) and
 * the annotation file checker's counts. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <unistd.h>

#include "testutil.h"

static char dir[64];
static const char header[] =
    "id\tlabel\ttext_a\ttext_b\tsource_a\tsource_b\tdate_a\tdate_b\ttype\tannotator\tlabeled_at\n";

/* Writes a pairs file of `n` rows "label|text_a|text_b" and returns its path (static). */
static const char *pairs_file(const char *name, const char *const *rows, size_t n)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(header, f);
    for (size_t i = 0; i < n; i++) {
        char row[256];
        snprintf(row, sizeof row, "%s", rows[i]);
        char *label = strtok(row, "|"), *a = strtok(NULL, "|"), *b = strtok(NULL, "|");
        fprintf(f, "%s%zu\t%s\t%s\t%s\tW\tW\tunknown\tunknown\t%s\tx\t2026-11-23\n", name, i,
                label, a, b, strcmp(label, "conflict") == 0 ? "number" : "-");
    }
    fclose(f);
    return path;
}

static cc_pairset *read_set(const char *path)
{
    cc_pairset *ps = NULL;
    ck_assert_int_eq(cc_pairset_new(&ps), 0);
    ck_assert_msg(cc_pairset_add_file(ps, path, CC_TASK_SAME_FACT) == 0, "%s", cc_errmsg());
    return ps;
}

START_TEST(kappa_by_hand)
{
    /* A: same same conflict different different ; B: same conflict conflict different same.
     * n = 5, observed 3/5; rows (same 2, conflict 1, different 2), columns (same 2,
     * conflict 2, different 1): chance (2*2 + 1*2 + 2*1) / 25 = 8/25; kappa = (15-8)/(25-8)
     * = 7/17. Pair texts in B are swapped or respaced: matched by content. */
    static const char *const ra[] = {"same|t1 a|t1 b", "same|t2 a|t2 b", "conflict|t3 a|t3 b",
                                     "different|t4 a|t4 b", "different|t5 a|t5 b",
                                     "same|only a|only b"};
    static const char *const rb[] = {"same|t1 b|t1 a", "conflict|T2  A|t2 b",
                                     "conflict|t3 a|t3 b", "different|t4 a|t4 b",
                                     "same|t5 b|t5 a"};
    cc_pairset *a = read_set(pairs_file("a", ra, 6)), *b = read_set(pairs_file("b", rb, 5));
    cc_agreement ag;
    ck_assert_int_eq(cc_agreement_compute(&ag, a, b), 0);
    ck_assert_uint_eq(ag.n, 5);
    ck_assert_double_eq_tol(ag.observed, 0.6, 1e-12);
    ck_assert_double_eq_tol(ag.expected, 8.0 / 25.0, 1e-12);
    ck_assert_double_eq_tol(ag.kappa, 7.0 / 17.0, 1e-12);
    ck_assert_uint_eq(ag.matrix[0][1], 1); /* same / conflict */
    ck_assert_uint_eq(ag.matrix[2][0], 1); /* different / same */
    ck_assert_uint_eq(ag.ndisagreements, 2);
    ck_assert_str_eq(ag.disagreements[0].a->label_name, "same");
    ck_assert_str_eq(ag.disagreements[0].b->label_name, "conflict");
    ck_assert_int_eq(ag.disagreements[0].b->line, 3);
    cc_agreement_free(&ag);
    cc_pairset_free(a);
    cc_pairset_free(b);
}
END_TEST

START_TEST(kappa_edge_cases)
{
    static const char *const same[] = {"same|x1|y1", "same|x2|y2"};
    static const char *const other[] = {"different|z1|z2"};
    cc_pairset *a = read_set(pairs_file("s1", same, 2)), *b = read_set(pairs_file("s2", same, 2));
    cc_agreement ag;
    ck_assert_int_eq(cc_agreement_compute(&ag, a, b), 0);
    ck_assert_double_eq(ag.kappa, 1.0); /* one label only, full agreement */
    cc_agreement_free(&ag);
    cc_pairset *c = read_set(pairs_file("o", other, 1));
    ck_assert_int_eq(cc_agreement_compute(&ag, a, c), 0);
    ck_assert_uint_eq(ag.n, 0); /* nothing in common */
    ck_assert_uint_eq(ag.ndisagreements, 0);
    cc_agreement_free(&ag);
    cc_pairset_free(a);
    cc_pairset_free(b);
    cc_pairset_free(c);
}
END_TEST

START_TEST(lint_counts)
{
    tu_diags dg;
    cc_context *ctx = tu_context(&dg, 0);
    static const char *const ok[] = {"same|p|q", "conflict|r|s"};
    const char *path = pairs_file("lint", ok, 2);
    cc_lint *l = NULL;
    ck_assert_int_eq(cc_lint_new(&l, ctx), 0);
    ck_assert_int_eq(cc_lint_file(l, path), 0);
    ck_assert_uint_eq(cc_lint_errors(l), 0);
    ck_assert_uint_eq(cc_lint_lines(l), 2);
    /* the same file again: every id is used twice now */
    ck_assert_int_eq(cc_lint_file(l, path), 0);
    ck_assert_uint_eq(cc_lint_errors(l), 2);
    ck_assert_msg(strstr(dg.text, "/lint:2: error") != NULL, "%s", dg.text);
    ck_assert_int_lt(cc_lint_file(l, "/nonexistent/file.tsv"), 0);
    ck_assert_uint_eq(cc_lint_errors(l), 3);
    cc_lint_free(l);
    cc_context_free(ctx);
}
END_TEST

/* An undo appends a retraction: the reader drops the retracted row, lint accepts a later
 * relabelling of the pair, and a retraction of nothing is an error for both. */
START_TEST(retractions)
{
    tu_diags dg;
    cc_context *ctx = tu_context(&dg, 0);
    char path[256], bad[256];
    snprintf(path, sizeof path, "%s/retract.tsv", dir);
    snprintf(bad, sizeof bad, "%s/badretract.tsv", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%sr1\tsame\tThe dam opened.\tThe dam was opened.\tW\tW\tunknown\tunknown\t-\tx\t"
               "2026-11-23\nr2\tdifferent\tRain fell.\tSnow fell.\tW\tW\tunknown\tunknown\t-\tx\t"
               "2026-11-23\nr1\tretract\tThe dam opened.\tThe dam was opened.\tW\tW\tunknown\t"
               "unknown\t-\tx\t2026-11-23T10:00:00Z\nr3\tdifferent\tThe dam opened.\tThe dam was "
               "opened.\tW\tW\tunknown\tunknown\t-\tx\t2026-11-23\n", header);
    fclose(f);
    cc_pairset *ps = read_set(path);
    ck_assert_uint_eq(cc_pairset_n(ps), 2);
    ck_assert_str_eq(cc_pairset_at(ps, 0)->id, "r2");
    ck_assert_str_eq(cc_pairset_at(ps, 1)->id, "r3");
    cc_pairset_free(ps);
    cc_lint *l = NULL;
    ck_assert_int_eq(cc_lint_new(&l, ctx), 0);
    ck_assert_int_eq(cc_lint_file(l, path), 0);
    ck_assert_msg(cc_lint_errors(l) == 0 && cc_lint_warnings(l) == 0, "%s", dg.text);
    f = fopen(bad, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%sr9\tretract\tA.\tB.\tW\tW\tunknown\tunknown\t-\tx\t2026-11-23\n", header);
    fclose(f);
    ck_assert_int_eq(cc_lint_file(l, bad), 0);
    ck_assert_uint_eq(cc_lint_errors(l), 1);
    ck_assert_msg(strstr(dg.text, "badretract.tsv:2: error") != NULL, "%s", dg.text);
    ck_assert_int_eq(cc_pairset_new(&ps), 0);
    ck_assert_int_eq(cc_pairset_add_file(ps, bad, CC_TASK_SAME_FACT), CC_EINPUT);
    ck_assert_ptr_nonnull(strstr(cc_errmsg(), "r9"));
    cc_pairset_free(ps);
    cc_lint_free(l);
    cc_context_free(ctx);
}
END_TEST

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/cc_test_annotXXXXXX");
    if (!mkdtemp(dir))
        return 1;
    Suite *s = suite_create("annotations");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, kappa_by_hand);
    tcase_add_test(tc, kappa_edge_cases);
    tcase_add_test(tc, lint_counts);
    tcase_add_test(tc, retractions);
    suite_add_tcase(s, tc);
    int rc = tu_run(s);
    if (tu_rmdir(dir) != 0)
        rc = 1;
    return rc;
}
