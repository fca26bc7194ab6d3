/*
 * test_claims_seeds.c: the claims stage on the seed articles of ../shared/corpus/seeds (used
 * by path, never copied): the role status, list, time and weekday slots the conflict engine
 * needs for the planted seed conflicts. Skips (77) when the shared folder is absent.
 */
#include "testutil.h"

static cc_context *ctx;
static cc_corpus *corpus;

static void setup(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus/seeds", tu_shared_dir());
    ctx = tu_context(NULL, 0);
    ck_assert_int_eq(cc_corpus_new(&corpus, ctx), 0);
    ck_assert_int_eq(cc_corpus_add_path(corpus, dir), 0);
    for (size_t i = 0; i < cc_corpus_ndocs(corpus); i++)
        ck_assert_msg(cc_doc_claims(cc_corpus_doc(corpus, i), ctx) == 0, "%s", cc_errmsg());
}

static void teardown(void)
{
    cc_corpus_free(corpus);
    cc_context_free(ctx);
}

static const cc_claim *find(const char *part, const cc_doc **docp)
{
    for (size_t d = 0; d < cc_corpus_ndocs(corpus); d++) {
        const cc_doc *doc = cc_corpus_doc(corpus, d);
        for (size_t i = 0; i < cc_doc_nclaims(doc); i++) {
            if (strstr(cc_doc_claim(doc, i)->text, part)) {
                if (docp)
                    *docp = doc;
                return cc_doc_claim(doc, i);
            }
        }
    }
    ck_abort_msg("no seed claim contains '%s'", part);
    return NULL;
}

static const cc_role *role_of(const cc_claim *c, const char *person)
{
    for (size_t i = 0; i < c->nroles; i++)
        if (strcmp(c->roles[i].person, person) == 0)
            return &c->roles[i];
    ck_abort_msg("no role of %s in '%s'", person, c->text);
    return NULL;
}

static int has_time(const cc_claim *c, const char *value)
{
    for (size_t i = 0; i < c->ntimes; i++)
        if (strcmp(c->times[i].value, value) == 0)
            return 1;
    return 0;
}

START_TEST(former_president)
{
    const cc_claim *c = find("former US President", NULL);
    const cc_role *r = role_of(c, "person:donald-trump");
    ck_assert_int_eq(r->status, CC_ROLE_FORMER);
    ck_assert_str_eq(r->title, "president");
}
END_TEST

START_TEST(current_president_and_list)
{
    const cc_claim *c = find("Trump added Mali", NULL);
    ck_assert_int_eq(role_of(c, "person:donald-trump")->status, CC_ROLE_CURRENT);
    ck_assert_uint_eq(c->nlists, 1);
    ck_assert_uint_eq(c->lists[0].nmembers, 3);
    ck_assert_str_eq(c->lists[0].members[0], "country:ML");
    ck_assert_str_eq(c->lists[0].members[1], "country:BF");
    ck_assert_str_eq(c->lists[0].members[2], "country:NE");
}
END_TEST

START_TEST(a_year_ago)
{
    const cc_doc *doc = NULL;
    const cc_claim *c = find("a year ago", &doc);
    ck_assert_msg(has_time(c, "2024"), "times of '%s': %zu", c->text, c->ntimes);
    /* the article has no metadata date: the text (a photo caption) dates it late 2025 */
    cc_date dct;
    ck_assert_int_eq(cc_doc_date(doc, &dct), CC_DATE_INFERRED);
    ck_assert_int_eq(dct.year, 2025);
    ck_assert_int_ge(dct.month, 9);
}
END_TEST

START_TEST(departed_in_2022)
{
    const cc_claim *c = find("departed Mali in 2022", NULL);
    ck_assert(has_time(c, "2022"));
    ck_assert_str_eq(c->predicate, "depart");
}
END_TEST

START_TEST(announced_on_friday)
{
    const cc_claim *c = find("announced on Friday", NULL);
    ck_assert_uint_ge(c->ntimes, 1);
    /* no date in the article: the weekday stays, unresolved */
    ck_assert_str_eq(c->times[0].value, "XXXX-WXX-5");
    ck_assert_int_eq(c->times[0].resolution, CC_TIME_UNRESOLVED);
}
END_TEST

int main(void)
{
    if (!tu_shared_dir()) {
        printf("SKIP: ../shared is absent (set CROSSCHECK_SHARED)\n");
        return CC_SKIP;
    }
    Suite *s = suite_create("claims_seeds");
    TCase *tc = tcase_create("seeds");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, former_president);
    tcase_add_test(tc, current_president_and_list);
    tcase_add_test(tc, a_year_ago);
    tcase_add_test(tc, departed_in_2022);
    tcase_add_test(tc, announced_on_friday);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
