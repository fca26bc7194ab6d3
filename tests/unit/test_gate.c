/* test_gate.c: the gate's readers: baselines (schema, validation, look-up by fingerprint)
 * and reviewer verdicts (the last verdict wins, shortened fingerprints, bad lines). */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <unistd.h>

#include "testutil.h"

static char dir[64];

/* Writes `text` to a file in the test directory and returns its path (static). */
static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static const char good_baseline[] =
    "{\"schema\": \"crosscheck.baseline/1\", \"conflicts\": [\n"
    " {\"fingerprint\": \"0123456789abcdef\", \"type\": \"number\", \"severity\": \"high\",\n"
    "  \"claims\": [{\"doc\": \"a/one\", \"text\": \"Ten boats sank.\", \"path\": \"c/a/one.md\",\n"
    "              \"line\": 4},\n"
    "             {\"doc\": \"b/two\", \"text\": \"Twelve boats sank.\"}]},\n"
    " {\"fingerprint\": \"fedcba9876543210\", \"type\": \"time\", \"severity\": \"low\",\n"
    "  \"claims\": [{\"doc\": \"x\", \"text\": \"in 2020\"}, {\"doc\": \"y\", \"text\": \"in 2021\"}]}\n"
    "]}\n";

START_TEST(baseline_reads_entries)
{
    cc_baseline *b = NULL;
    ck_assert_int_eq(cc_baseline_load(&b, write_file("b.json", good_baseline)), 0);
    ck_assert_uint_eq(cc_baseline_n(b), 2);
    const cc_baseline_entry *e = cc_baseline_at(b, 0);
    ck_assert_str_eq(e->fingerprint, "0123456789abcdef");
    ck_assert_str_eq(e->type, "number");
    ck_assert_str_eq(e->severity, "high");
    ck_assert_str_eq(e->doc[1], "b/two");
    ck_assert_str_eq(e->text[0], "Ten boats sank.");
    ck_assert_str_eq(e->path[0], "c/a/one.md");
    ck_assert_int_eq(e->line[0], 4);
    ck_assert_str_eq(e->path[1], "");
    ck_assert_int_eq(e->line[1], 0);
    ck_assert_ptr_eq(cc_baseline_find(b, "fedcba9876543210"), cc_baseline_at(b, 1));
    ck_assert_ptr_null(cc_baseline_find(b, "fedcba98"));
    ck_assert_ptr_null(cc_baseline_at(b, 2));
    cc_baseline_free(b);
    ck_assert_ptr_null(cc_baseline_find(NULL, "0123456789abcdef"));
    ck_assert_uint_eq(cc_baseline_n(NULL), 0);
}
END_TEST

/* Each invalid baseline is CC_EINPUT with a message naming the file and what is wrong. */
START_TEST(baseline_rejects_invalid)
{
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"{\"schema\": \"crosscheck.baseline/1\", \"conflicts\": [\n", "not a JSON baseline"},
        {"", "not a JSON baseline"},
        {"{\"schema\": \"crosscheck.report/1\", \"conflicts\": []}", "not a baseline"},
        {"{\"schema\": \"crosscheck.baseline/1\"}", "\"conflicts\" is not an array"},
        {"{\"schema\": \"crosscheck.baseline/1\", \"conflicts\": [{\"fingerprint\": \"XYZ\"}]}",
         "conflicts[0]: 'fingerprint'"},
        {"{\"schema\": \"crosscheck.baseline/1\", \"conflicts\": [{\"fingerprint\": "
         "\"0123456789abcdef\", \"type\": \"time\", \"severity\": \"urgent\", \"claims\": []}]}",
         "'severity'"},
        {"{\"schema\": \"crosscheck.baseline/1\", \"conflicts\": [{\"fingerprint\": "
         "\"0123456789abcdef\", \"type\": \"time\", \"severity\": \"low\", \"claims\": "
         "[{\"doc\": \"x\"}, {\"doc\": \"y\", \"text\": \"t\"}]}]}",
         "'claims' must be two objects"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cc_baseline *b = (cc_baseline *)1;
        const char *path = write_file("bad.json", cases[i].text);
        ck_assert_int_eq(cc_baseline_load(&b, path), CC_EINPUT);
        ck_assert_ptr_null(b);
        ck_assert_msg(strstr(cc_errmsg(), path) && strstr(cc_errmsg(), cases[i].message),
                      "case %zu: %s", i, cc_errmsg());
    }
    cc_baseline *b = NULL;
    ck_assert_int_lt(cc_baseline_load(&b, "/nonexistent/baseline.json"), 0);
    ck_assert_ptr_null(b);
}
END_TEST

START_TEST(verdicts_last_wins)
{
    cc_verdicts *v = NULL;
    const char *path = write_file(
        "v.tsv", "fingerprint\tverdict\treviewer\ttime\tnote\n"
                 "0123456789abcdef\tdismissed\tana\t2026-11-20\tnot the same event\n"
                 "\n"
                 "fedcba98\tconfirmed\tben\t2026-11-21\tshortened\r\n"
                 "0123456789abcdef\tconfirmed\tcarl\t2026-11-22\tchecked the sources\n");
    ck_assert_int_eq(cc_verdicts_load(&v, path), 0);
    ck_assert_uint_eq(cc_verdicts_n(v), 3);
    ck_assert_int_eq(cc_verdicts_get(v, "0123456789abcdef"), CC_VERDICT_CONFIRMED);
    ck_assert_int_eq(cc_verdicts_get(v, "fedcba9876543210"), CC_VERDICT_CONFIRMED);
    ck_assert_int_eq(cc_verdicts_get(v, "1111111111111111"), CC_VERDICT_NONE);
    cc_verdicts_free(v);
    /* Columns found by name, in any order; a dismissal after a confirmation wins. */
    path = write_file("v2.tsv", "note\tverdict\tfingerprint\treviewer\ttime\n"
                                "x\tconfirmed\t0123456789abcdef\tana\t2026-11-20\n"
                                "y\tdismissed\t0123456789abcdef\tben\t2026-11-21\n");
    ck_assert_int_eq(cc_verdicts_load(&v, path), 0);
    ck_assert_int_eq(cc_verdicts_get(v, "0123456789abcdef"), CC_VERDICT_DISMISSED);
    cc_verdicts_free(v);
    ck_assert_int_eq(cc_verdicts_get(NULL, "0123456789abcdef"), CC_VERDICT_NONE);
}
END_TEST

START_TEST(verdicts_reject_invalid)
{
    static const struct {
        const char *text, *where;
    } cases[] = {
        {"id\tlabel\n1\tsame\n", ":1:"},
        {"fingerprint\tverdict\n0123456789abcdef\tmaybe\n", ":2:"},
        {"fingerprint\tverdict\n0123456789abcdef\tconfirmed\nabc\tdismissed\n", ":3:"},
        {"fingerprint\tverdict\n0123456789ABCDEF\tconfirmed\n", ":2:"},
        {"fingerprint\tverdict\n0123456789abcdef\n", ":2:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cc_verdicts *v = (cc_verdicts *)1;
        const char *path = write_file("badv.tsv", cases[i].text);
        ck_assert_int_eq(cc_verdicts_load(&v, path), CC_EINPUT);
        ck_assert_ptr_null(v);
        ck_assert_msg(strstr(cc_errmsg(), path) && strstr(cc_errmsg(), cases[i].where),
                      "case %zu: %s", i, cc_errmsg());
    }
}
END_TEST

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/cc_test_gateXXXXXX");
    if (!mkdtemp(dir))
        return 1;
    Suite *s = suite_create("gate");
    TCase *tc = tcase_create("readers");
    tcase_add_test(tc, baseline_reads_entries);
    tcase_add_test(tc, baseline_rejects_invalid);
    tcase_add_test(tc, verdicts_last_wins);
    tcase_add_test(tc, verdicts_reject_invalid);
    suite_add_tcase(s, tc);
    int rc = tu_run(s);
    if (tu_rmdir(dir) != 0)
        rc = 1;
    return rc;
}
