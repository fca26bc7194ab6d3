/* test_time_probe.c: the time tagger on a probe of news-like sentences written for it
 * (tests/unit/data/time_probe.tsv, no corpus text), all against one document date. Every
 * expected expression must be found with its exact span, type and value, and no expression
 * may touch the phrases marked as no time: a rule that regresses fails this test. Known gaps
 * are listed and counted, not required. The probe measures how far the rules reach beyond
 * the development corpora; it does not test each rule's corner cases (test_time.c does). */
#include <stdarg.h>

#include "testutil.h"
#include "util.h" /* CC_PRINTF */

#define PROBE_DCT_YEAR 2024
#define PROBE_DCT_MONTH 11
#define PROBE_DCT_DAY 20

static cc_context *ctx;

/* The failures of one run, one line each. */
typedef struct {
    char text[16384];
    int n;
} failures;

static void fail_add(failures *f, const char *fmt, ...) CC_PRINTF(2, 3);
static void fail_add(failures *f, const char *fmt, ...)
{
    size_t len = strlen(f->text);
    va_list ap;
    va_start(ap, fmt);
    if (len + 1 < sizeof f->text)
        vsnprintf(f->text + len, sizeof f->text - len, fmt, ap);
    va_end(ap);
    len = strlen(f->text);
    if (len + 1 < sizeof f->text)
        strcat(f->text, "\n");
    f->n++;
}

/* The probe file: $CROSSCHECK_SOURCE (ctest sets it), else beside this source file. */
static FILE *open_probe(void)
{
    char path[4096];
    const char *src = getenv("CROSSCHECK_SOURCE");
    if (src && *src) {
        snprintf(path, sizeof path, "%s/tests/unit/data/time_probe.tsv", src);
        FILE *fp = fopen(path, "r");
        if (fp)
            return fp;
    }
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    snprintf(slash + 1, sizeof path - (size_t)(slash + 1 - path), "data/time_probe.tsv");
    return fopen(path, "r");
}

/* The tagged sentence of the current S line. */
typedef struct {
    char text[1024];
    cc_timex *t;
    size_t n;
} tagged;

static void tag_sentence(tagged *s, const char *text)
{
    cc_timex_free(s->t, s->n);
    s->t = NULL;
    s->n = 0;
    snprintf(s->text, sizeof s->text, "%s", text);
    cc_date dct = {PROBE_DCT_YEAR, PROBE_DCT_MONTH, PROBE_DCT_DAY};
    ck_assert_int_eq(cc_time_tag_text(&s->t, &s->n, ctx, s->text, strlen(s->text), &dct), 0);
}

/* "": the expression is found as expected; else what went wrong. */
static const char *check_expr(const tagged *s, const char *expr, const char *type,
                              const char *value, char *why, size_t size)
{
    const char *at = strstr(s->text, expr);
    if (!at) {
        snprintf(why, size, "not in its sentence");
        return why;
    }
    size_t start = (size_t)(at - s->text), end = start + strlen(expr);
    for (size_t i = 0; i < s->n; i++) {
        const cc_timex *t = &s->t[i];
        if (t->span.start != start || t->span.end != end)
            continue;
        const char *tn = cc_timex_type_name(t->type);
        if (strcmp(tn, type) != 0 || (strcmp(value, "*") != 0 && strcmp(t->value, value) != 0))
            snprintf(why, size, "got %s %s", tn, t->value);
        else
            why[0] = '\0';
        return why;
    }
    snprintf(why, size, "no expression with this span");
    return why;
}

/* The expression overlapping the first occurrence of `phrase`, or NULL. */
static const cc_timex *overlapping(const tagged *s, const char *phrase)
{
    const char *at = strstr(s->text, phrase);
    ck_assert_msg(at != NULL, "probe: '%s' not in '%s'", phrase, s->text);
    size_t start = (size_t)(at - s->text), end = start + strlen(phrase);
    for (size_t i = 0; i < s->n; i++)
        if (s->t[i].span.start < end && start < s->t[i].span.end)
            return &s->t[i];
    return NULL;
}

START_TEST(probe_sentences)
{
    FILE *fp = open_probe();
    ck_assert_msg(fp != NULL, "tests/unit/data/time_probe.tsv not found");
    static failures fails, gaps;
    memset(&fails, 0, sizeof fails);
    memset(&gaps, 0, sizeof gaps);
    tagged s = {"", NULL, 0};
    char line[2048], why[256];
    int expressions = 0, found = 0, negatives = 0, lineno = 0, gap_rows = 0;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *f[5] = {NULL};
        int nf = 0;
        for (char *p = line; p && nf < 5; nf++) {
            f[nf] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        ck_assert_msg(nf >= 2 && strlen(f[0]) == 1, "time_probe.tsv:%d: bad line", lineno);
        if (f[0][0] == 'S') {
            tag_sentence(&s, f[1]);
        } else if (f[0][0] == 'E' || f[0][0] == 'G') {
            ck_assert_msg(nf == 4 && s.text[0], "time_probe.tsv:%d: bad line", lineno);
            int gap = f[0][0] == 'G';
            expressions += !gap;
            gap_rows += gap;
            if (!*check_expr(&s, f[1], f[2], f[3], why, sizeof why))
                found += !gap;
            else
                fail_add(gap ? &gaps : &fails, "line %d: '%s' (%s %s): %s in '%s'", lineno, f[1],
                         f[2], f[3], why, s.text);
        } else if (f[0][0] == 'N') {
            negatives++;
            const cc_timex *t = overlapping(&s, f[1]);
            if (t)
                fail_add(&fails, "line %d: '%s' is no time but is tagged %s %s in '%s'", lineno,
                         f[1], cc_timex_type_name(t->type), t->value, s.text);
        } else {
            ck_abort_msg("time_probe.tsv:%d: unknown line kind '%s'", lineno, f[0]);
        }
    }
    fclose(fp);
    cc_timex_free(s.t, s.n);
    printf("time probe: %d/%d expressions exact (span, type, value), %d no-time phrases, "
           "%d known gaps (%d still missed)\n%s",
           found, expressions, negatives, gap_rows, gaps.n, gaps.text);
    ck_assert_msg(expressions >= 150, "the probe shrank to %d expressions", expressions);
    if (fails.n) /* the list goes to stdout: a Check message has a small size limit */
        printf("%d probe failures:\n%s", fails.n, fails.text);
    ck_assert_msg(fails.n == 0, "%d probe failures (listed above)", fails.n);
}
END_TEST

int main(void)
{
    if (cc_context_new(&ctx, NULL) < 0) {
        fprintf(stderr, "cc_context_new: %s\n", cc_errmsg());
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("time_probe");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, probe_sentences);
    suite_add_tcase(s, tc);
    int rc = tu_run(s);
    cc_context_free(ctx);
    return rc;
}
