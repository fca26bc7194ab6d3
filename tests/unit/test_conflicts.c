/* test_conflicts.c: the check (cluster + conflict rules): each rule on claims built from
 * sentences written for this test, compatible cases that must stay silent, and
 * fingerprints that survive reordering and a renamed directory. */
#include "testutil.h"

typedef struct {
    const char *name; /* document name (path) */
    const char *text; /* with its front matter */
} tdoc;

typedef struct {
    cc_context *ctx;
    cc_corpus *corpus;
    cc_pairmodel *model;
    cc_check *check;
} trun;

static void run_docs(trun *r, const tdoc *docs, size_t n, int min_severity)
{
    memset(r, 0, sizeof *r);
    r->ctx = tu_context(NULL, 0);
    ck_assert_int_eq(cc_corpus_new(&r->corpus, r->ctx), 0);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(cc_corpus_add_buffer(r->corpus, docs[i].name, docs[i].text,
                                              strlen(docs[i].text)),
                         0);
    r->model = tu_model(r->ctx);
    cc_check_options o = CC_CHECK_OPTIONS_INIT;
    o.min_severity = min_severity;
    ck_assert_msg(cc_check_run(&r->check, r->corpus, r->model, &o) == 0, "%s", cc_errmsg());
}

static void run_free(trun *r)
{
    cc_check_free(r->check);
    cc_pairmodel_free(r->model);
    cc_corpus_free(r->corpus);
    cc_context_free(r->ctx);
}

/* The first conflict of `type`, or NULL. */
static const cc_conflict *find(const trun *r, int type)
{
    for (size_t i = 0; i < cc_check_nconflicts(r->check); i++)
        if (cc_check_conflict(r->check, i)->type == type)
            return cc_check_conflict(r->check, i);
    return NULL;
}

static size_t count(const trun *r, int type)
{
    size_t n = 0;
    for (size_t i = 0; i < cc_check_nconflicts(r->check); i++)
        n += cc_check_conflict(r->check, i)->type == type;
    return n;
}

#define DOC(date, outlet, body) "---\ndate: " date "\noutlet: " outlet "\n---\n\n" body "\n"

/* Runs two documents and checks that exactly the expected conflict of `type` is found (or
 * none), returning the run for further assertions. */
static const cc_conflict *expect_pair(trun *r, int type, const char *a, const char *b, int want)
{
    tdoc docs[] = {{"story/a.md", a}, {"story/b.md", b}};
    run_docs(r, docs, 2, CC_SEVERITY_LOW);
    const cc_conflict *f = find(r, type);
    if (want)
        ck_assert_msg(f, "no %s conflict found (%zu conflicts in all)", cc_conflict_type_name(type),
                      cc_check_nconflicts(r->check));
    else
        ck_assert_msg(!f, "unexpected %s conflict: %s", cc_conflict_type_name(type),
                      f ? f->explanation : "");
    return f;
}

START_TEST(role_former_vs_sitting)
{
    trun r;
    const cc_conflict *f = expect_pair(
        &r, CC_CONFLICT_ROLE,
        DOC("2025-06-02", "Coast Post", "Former Chilean President Marta Oyarzun opened the Atacama solar plant on Monday."),
        DOC("2025-06-03", "Andes Daily", "Chilean President Marta Oyarzun opened the Atacama solar plant on Monday."), 1);
    ck_assert_int_eq(f->severity, CC_SEVERITY_HIGH);
    ck_assert_str_eq(f->rule, "role-cluster");
    ck_assert_ptr_nonnull(strstr(f->explanation, "Marta Oyarzun"));
    run_free(&r);
}
END_TEST

START_TEST(role_former_before_sitting_is_return)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_ROLE,
                DOC("2024-03-01", "Coast Post", "Former Chilean President Marta Oyarzun opened the Atacama solar plant."),
                DOC("2025-06-03", "Andes Daily", "Chilean President Marta Oyarzun opened the Atacama solar plant."), 0);
    run_free(&r);
}
END_TEST

START_TEST(role_within_document)
{
    trun r;
    tdoc docs[] = {{"story/a.md", DOC("2025-06-02", "Coast Post",
                                      "Former Chilean President Marta Oyarzun opened the plant.\n\n"
                                      "The engineers thanked Chilean President Marta Oyarzun for the new road.")}};
    run_docs(&r, docs, 1, CC_SEVERITY_LOW);
    const cc_conflict *f = find(&r, CC_CONFLICT_ROLE);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->rule, "role-document");
    ck_assert_int_eq(f->severity, CC_SEVERITY_MEDIUM);
    ck_assert(f->cluster == (size_t)-1);
    run_free(&r);
}
END_TEST

START_TEST(time_relative_vs_absolute)
{
    trun r;
    const cc_conflict *f = expect_pair(
        &r, CC_CONFLICT_TIME,
        DOC("2025-05-20", "Coast Post", "Canadian troops left Haiti two years ago."),
        DOC("2025-05-21", "Andes Daily", "Canadian troops left Haiti in 2019."), 1);
    /* one side is resolved against the publication date: not high */
    ck_assert_int_eq(f->severity, CC_SEVERITY_MEDIUM);
    ck_assert(strstr(f->sides[0].value, "2023") || strstr(f->sides[1].value, "2023"));
    run_free(&r);
}
END_TEST

START_TEST(time_same_year_agrees)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_TIME, DOC("2025-05-20", "Coast Post", "Canadian troops left Haiti two years ago."),
                DOC("2025-05-21", "Andes Daily", "Canadian troops left Haiti in 2023."), 0);
    run_free(&r);
}
END_TEST

START_TEST(time_other_country_is_other_fact)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_TIME, DOC("2025-05-20", "Coast Post", "Canadian troops left Chad in 2023."),
                DOC("2025-05-21", "Andes Daily", "Canadian troops left Haiti in 2019."), 0);
    run_free(&r);
}
END_TEST

START_TEST(time_unresolved_never_conflicts)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_TIME, DOC("unknown", "Coast Post", "Canadian troops left Haiti two years ago."),
                DOC("2025-05-21", "Andes Daily", "Canadian troops left Haiti in 2019."), 0);
    run_free(&r);
}
END_TEST

START_TEST(weekday_against_date)
{
    trun r;
    const cc_conflict *f = expect_pair(
        &r, CC_CONFLICT_WEEKDAY,
        DOC("2025-03-05", "Coast Post", "The Peruvian ministry announced the new fishing quota on March 3, 2025."),
        DOC("2025-03-09", "Andes Daily", "The Peruvian ministry announced the new fishing quota on Friday."), 1);
    /* 3 March 2025 was a Monday */
    ck_assert_ptr_nonnull(strstr(f->explanation, "Monday"));
    ck_assert_ptr_nonnull(strstr(f->explanation, "Friday"));
    run_free(&r);
}
END_TEST

START_TEST(weekday_matching_date_agrees)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_WEEKDAY,
                DOC("2025-03-05", "Coast Post", "The Peruvian ministry announced the new fishing quota on March 3, 2025."),
                DOC("2025-03-09", "Andes Daily", "The Peruvian ministry announced the new fishing quota on Monday."), 0);
    run_free(&r);
}
END_TEST

START_TEST(number_about_vs_exact)
{
    trun r;
    const cc_conflict *f = expect_pair(
        &r, CC_CONFLICT_NUMBER,
        DOC("2025-08-01", "Coast Post", "The Peruvian storm destroyed about 50 houses in Chimbote."),
        DOC("2025-08-01", "Andes Daily", "The Peruvian storm destroyed 120 houses in Chimbote."), 1);
    ck_assert_int_eq(f->severity, CC_SEVERITY_HIGH);
    run_free(&r);
}
END_TEST

START_TEST(number_intervals_agree)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_NUMBER,
                DOC("2025-08-01", "Coast Post", "The Peruvian storm destroyed at least 50 houses in Chimbote."),
                DOC("2025-08-01", "Andes Daily", "The Peruvian storm destroyed 64 houses in Chimbote."), 0);
    run_free(&r);
    expect_pair(&r, CC_CONFLICT_NUMBER,
                DOC("2025-08-01", "Coast Post", "The Peruvian storm destroyed about 50 houses in Chimbote."),
                DOC("2025-08-01", "Andes Daily", "The Peruvian storm destroyed 52 houses in Chimbote."), 0);
    run_free(&r);
}
END_TEST

START_TEST(number_toll_is_low)
{
    trun r;
    const cc_conflict *f = expect_pair(
        &r, CC_CONFLICT_NUMBER,
        DOC("2025-08-01", "Coast Post", "The Peruvian floods have killed 12 people in Chimbote."),
        DOC("2025-09-01", "Andes Daily", "The Peruvian floods have killed 40 people in Chimbote."), 1);
    ck_assert_int_eq(f->severity, CC_SEVERITY_LOW);
    ck_assert_ptr_nonnull(strstr(f->explanation, "2025-08-01"));
    run_free(&r);
}
END_TEST

START_TEST(set_exclusive_category)
{
    trun r;
    const cc_conflict *f = expect_pair(
        &r, CC_CONFLICT_SET,
        DOC("2025-08-01", "Coast Post", "The full ban now covers three nations: Chile, Peru and Bolivia."),
        DOC("2025-08-02", "Andes Daily", "Bolivia remains under partial restrictions rather than a full ban."), 1);
    ck_assert_str_eq(f->rule, "set-category");
    run_free(&r);
}
END_TEST

START_TEST(set_example_lists_never_conflict)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_SET,
                DOC("2025-08-01", "Coast Post", "Peru exports minerals such as copper, gold and zinc."),
                DOC("2025-08-02", "Andes Daily", "Peru exports minerals such as gold, silver and tin."), 0);
    run_free(&r);
}
END_TEST

START_TEST(scope_total_vs_certain)
{
    trun r;
    const cc_conflict *f = expect_pair(
        &r, CC_CONFLICT_SCOPE,
        DOC("2025-08-01", "Coast Post", "Chile imposed a total ban on Peruvian fish imports."),
        DOC("2025-08-02", "Andes Daily", "Chile's rule on Peruvian fish imports limits only certain licences and visas."), 1);
    ck_assert_int_eq(f->type, CC_CONFLICT_SCOPE);
    run_free(&r);
}
END_TEST

START_TEST(scope_plain_words_agree)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_SCOPE, DOC("2025-08-01", "Coast Post", "Chile imposed a ban on Peruvian fish imports."),
                DOC("2025-08-02", "Andes Daily", "Chile now bars Peruvian fish imports."), 0);
    run_free(&r);
}
END_TEST

START_TEST(polarity_did_vs_did_not)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_POLARITY,
                DOC("2025-08-01", "Coast Post", "The Peruvian central bank raised its interest rate in June."),
                DOC("2025-08-02", "Andes Daily", "The Peruvian central bank did not raise its interest rate in June."), 1);
    run_free(&r);
}
END_TEST

START_TEST(polarity_hedged_or_other_argument)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_POLARITY,
                DOC("2025-08-01", "Coast Post", "The Peruvian central bank raised its interest rate in June."),
                DOC("2025-08-02", "Andes Daily", "The Peruvian central bank reportedly did not raise its interest rate in June."), 0);
    run_free(&r);
    expect_pair(&r, CC_CONFLICT_POLARITY,
                DOC("2025-08-01", "Coast Post", "Chile expelled Peruvian diplomats in June."),
                DOC("2025-08-02", "Andes Daily", "Chile did not expel Bolivian diplomats in June."), 0);
    run_free(&r);
}
END_TEST

START_TEST(attribution_two_speakers)
{
    trun r;
    const cc_conflict *f = expect_pair(
        &r, CC_CONFLICT_ATTRIBUTION,
        DOC("2025-08-01", "Coast Post", "\xe2\x80\x9cThe harvest will be the worst we have seen in a decade,\xe2\x80\x9d said Amina Diallo."),
        DOC("2025-08-02", "Andes Daily", "\xe2\x80\x9cThe harvest will be the worst we have seen in a decade,\xe2\x80\x9d said Paul Mensah."), 1);
    ck_assert_int_eq(f->severity, CC_SEVERITY_MEDIUM);
    run_free(&r);
}
END_TEST

START_TEST(attribution_other_words_is_no_conflict)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_ATTRIBUTION,
                DOC("2025-08-01", "Coast Post", "\xe2\x80\x9cThe harvest will be the worst we have seen in a decade,\xe2\x80\x9d said Amina Diallo."),
                DOC("2025-08-02", "Andes Daily", "\xe2\x80\x9cPrices at the market will double before the rains come,\xe2\x80\x9d said Paul Mensah."), 0);
    run_free(&r);
}
END_TEST

START_TEST(attribution_missing_is_no_conflict)
{
    trun r;
    expect_pair(&r, CC_CONFLICT_ATTRIBUTION,
                DOC("2025-08-01", "Coast Post", "Long queues have formed at bakeries across Lima, residents said."),
                DOC("2025-08-02", "Andes Daily", "Long queues have formed at bakeries across Lima."), 0);
    run_free(&r);
}
END_TEST

/* The sorted fingerprints of a run over the two documents, named under `dir`, in order. */
static void fingerprints(char out[][17], size_t *n, const char *dir, int reverse)
{
    static const char *a = DOC("2025-08-01", "Coast Post", "The Peruvian storm destroyed about 50 houses in Chimbote.\n\nCanadian troops left Haiti two years ago.");
    static const char *b = DOC("2025-08-01", "Andes Daily", "Canadian troops left Haiti in 2019.\n\nThe Peruvian storm destroyed 120 houses in Chimbote.");
    char na[256], nb[256];
    snprintf(na, sizeof na, "%s/a.md", dir);
    snprintf(nb, sizeof nb, "%s/b.md", dir);
    tdoc docs[2] = {{na, a}, {nb, b}};
    if (reverse) {
        docs[0] = (tdoc){nb, b};
        docs[1] = (tdoc){na, a};
    }
    trun r;
    run_docs(&r, docs, 2, CC_SEVERITY_LOW);
    *n = cc_check_nconflicts(r.check);
    ck_assert_uint_ge(*n, 2);
    for (size_t i = 0; i < *n && i < 8; i++)
        memcpy(out[i], cc_check_conflict(r.check, i)->fingerprint, 17);
    run_free(&r);
}

START_TEST(fingerprints_stable)
{
    char x[8][17], y[8][17], z[8][17];
    size_t nx, ny, nz;
    fingerprints(x, &nx, "corpus", 0);
    fingerprints(y, &ny, "corpus", 1);
    fingerprints(z, &nz, "renamed-dir", 1);
    ck_assert_uint_eq(nx, ny);
    ck_assert_uint_eq(nx, nz);
    for (size_t i = 0; i < nx && i < 8; i++) {
        ck_assert_str_eq(x[i], y[i]);
        ck_assert_str_eq(x[i], z[i]);
        ck_assert_uint_eq(strlen(x[i]), 16);
    }
}
END_TEST

START_TEST(severity_filter_and_names)
{
    int s;
    ck_assert_int_eq(cc_severity_parse(&s, "medium"), 0);
    ck_assert_int_eq(s, CC_SEVERITY_MEDIUM);
    ck_assert_int_eq(cc_severity_parse(&s, "severe"), CC_EUSAGE);
    ck_assert_str_eq(cc_conflict_type_name(CC_CONFLICT_WEEKDAY), "weekday");
    trun r;
    tdoc docs[] = {{"s/a.md", DOC("2025-08-01", "Coast Post", "The Peruvian floods have killed 12 people in Chimbote.")},
                   {"s/b.md", DOC("2025-09-01", "Andes Daily", "The Peruvian floods have killed 40 people in Chimbote.")}};
    run_docs(&r, docs, 2, CC_SEVERITY_MEDIUM);
    ck_assert_uint_eq(count(&r, CC_CONFLICT_NUMBER), 0); /* the low toll finding is dropped */
    run_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("conflicts");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, role_former_vs_sitting);
    tcase_add_test(tc, role_former_before_sitting_is_return);
    tcase_add_test(tc, role_within_document);
    tcase_add_test(tc, time_relative_vs_absolute);
    tcase_add_test(tc, time_same_year_agrees);
    tcase_add_test(tc, time_other_country_is_other_fact);
    tcase_add_test(tc, time_unresolved_never_conflicts);
    tcase_add_test(tc, weekday_against_date);
    tcase_add_test(tc, weekday_matching_date_agrees);
    tcase_add_test(tc, number_about_vs_exact);
    tcase_add_test(tc, number_intervals_agree);
    tcase_add_test(tc, number_toll_is_low);
    tcase_add_test(tc, set_exclusive_category);
    tcase_add_test(tc, set_example_lists_never_conflict);
    tcase_add_test(tc, scope_total_vs_certain);
    tcase_add_test(tc, scope_plain_words_agree);
    tcase_add_test(tc, polarity_did_vs_did_not);
    tcase_add_test(tc, polarity_hedged_or_other_argument);
    tcase_add_test(tc, attribution_two_speakers);
    tcase_add_test(tc, attribution_other_words_is_no_conflict);
    tcase_add_test(tc, attribution_missing_is_no_conflict);
    tcase_add_test(tc, fingerprints_stable);
    tcase_add_test(tc, severity_filter_and_names);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
