/*
 * test_claims.c: the claims stage, one test case per slot family, on sentences written for
 * these tests, including the hard cases: two people and two titles in one sentence, a status
 * word on another noun ("former colony"), "not only ... but also", names with "and" inside,
 * numbers that are years, ages or parts of names, and clause splitting.
 */
#include "testutil.h"

static cc_context *ctx;
static cc_corpus *corpus;

static void setup(void) { ctx = tu_context(NULL, 0); }
static void teardown(void)
{
    cc_corpus_free(corpus);
    corpus = NULL;
    cc_context_free(ctx);
}

/* Loads `text` (dated 2026-01-06 unless it has its own metadata) and extracts its claims. */
static const cc_doc *run(const char *text)
{
    char buf[8192];
    snprintf(buf, sizeof buf, "date: 2026-01-06\n\n%s\n", text);
    cc_corpus_free(corpus);
    ck_assert_int_eq(cc_corpus_new(&corpus, ctx), 0);
    ck_assert_int_eq(cc_corpus_add_buffer(corpus, "t.txt", buf, strlen(buf)), 0);
    cc_doc *doc = cc_corpus_doc(corpus, 0);
    ck_assert_msg(cc_doc_claims(doc, ctx) == 0, "%s", cc_errmsg());
    return doc;
}

/* The first claim whose text contains `part`. */
static const cc_claim *claim_with(const cc_doc *doc, const char *part)
{
    for (size_t i = 0; i < cc_doc_nclaims(doc); i++)
        if (strstr(cc_doc_claim(doc, i)->text, part))
            return cc_doc_claim(doc, i);
    ck_abort_msg("no claim contains '%s'", part);
    return NULL;
}

static const cc_claim *one(const char *text) { return claim_with(run(text), ""); }

static int has_entity(const cc_claim *c, const char *id)
{
    for (size_t i = 0; i < c->nentities; i++)
        if (strcmp(c->entities[i].id, id) == 0)
            return 1;
    return 0;
}

static const cc_role *role_of(const cc_claim *c, const char *person)
{
    for (size_t i = 0; i < c->nroles; i++)
        if (strcmp(c->roles[i].person, person) == 0)
            return &c->roles[i];
    return NULL;
}

static const cc_quantity *quantity(const cc_claim *c, double value)
{
    for (size_t i = 0; i < c->nquantities; i++)
        if (c->quantities[i].value == value)
            return &c->quantities[i];
    return NULL;
}

/* ---- entities ---------------------------------------------------------------------------- */

START_TEST(entities_aliases)
{
    const cc_claim *c = one("Washington and the U.S. embassy told American citizens and ECOWAS "
                            "officials to leave Mali, the junta said.");
    ck_assert(has_entity(c, "country:US"));
    ck_assert(has_entity(c, "org:ECOWAS"));
    ck_assert(has_entity(c, "country:ML"));
    for (size_t i = 0; i < c->nentities; i++)
        ck_assert_str_ne(c->entities[i].id, "country:GB");
    /* lower-case "us" is a pronoun, not the country */
    c = one("The ministry told us that the talks in Niamey were over.");
    ck_assert(!has_entity(c, "country:US"));
    ck_assert(has_entity(c, "place:niamey"));
}
END_TEST

START_TEST(entities_spans_and_types)
{
    const cc_doc *doc = run("Mali and Burkina Faso barred U.S. citizens.");
    const cc_claim *c = claim_with(doc, "barred");
    size_t len;
    const char *text = cc_doc_text(doc, &len);
    ck_assert_uint_eq(c->nentities, 3);
    ck_assert_str_eq(c->entities[1].id, "country:BF");
    ck_assert_int_eq(c->entities[1].type, CC_ENT_COUNTRY);
    ck_assert_int_eq(strncmp(text + c->entities[1].span.start, "Burkina Faso", 12), 0);
    ck_assert_uint_eq(c->entities[1].span.end - c->entities[1].span.start, 12);
}
END_TEST

START_TEST(entities_surname_links_to_full_name)
{
    const cc_doc *doc = run("Nick Checker arrived in Bamako on Monday. Later, Checker met the "
                            "junta's foreign minister. Dr. Awa Keita, a historian, was there.");
    ck_assert(has_entity(claim_with(doc, "arrived"), "person:nick-checker"));
    const cc_claim *c = claim_with(doc, "Later");
    ck_assert(has_entity(c, "person:nick-checker"));
    c = claim_with(doc, "historian");
    ck_assert(has_entity(c, "person:awa-keita"));
    ck_assert_int_eq(c->entities[0].type, CC_ENT_PERSON);
}
END_TEST

START_TEST(entities_unknown_organizations)
{
    const cc_claim *c = one("The Sahel Security Council met the Bridgeway Foundation in Dakar.");
    ck_assert(has_entity(c, "org:sahel-security-council") || has_entity(c, "org:security-council"));
    ck_assert(has_entity(c, "org:bridgeway-foundation"));
    ck_assert(has_entity(c, "place:dakar"));
}
END_TEST

/* ---- roles ------------------------------------------------------------------------------- */

START_TEST(roles_two_people_two_titles)
{
    const cc_claim *c = one("Foreign Minister Abdoulaye Diop met former U.S. envoy Peter Pham "
                            "in Bamako.");
    const cc_role *a = role_of(c, "person:abdoulaye-diop");
    const cc_role *b = role_of(c, "person:peter-pham");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_str_eq(a->title, "foreign minister");
    ck_assert_int_eq(a->status, CC_ROLE_CURRENT);
    ck_assert_str_eq(b->title, "envoy");
    ck_assert_int_eq(b->status, CC_ROLE_FORMER);
    ck_assert_uint_gt(b->modifier.end, b->modifier.start);
}
END_TEST

START_TEST(roles_status_on_another_noun)
{
    /* "former" belongs to "colony": no role has it */
    const cc_claim *c = one("President Assimi Goita visited the former colony of Senegal.");
    ck_assert_uint_eq(c->nroles, 1);
    ck_assert_str_eq(c->roles[0].person, "person:assimi-goita");
    ck_assert_int_eq(c->roles[0].status, CC_ROLE_CURRENT);
    ck_assert_uint_eq(c->roles[0].modifier.end, c->roles[0].modifier.start);
}
END_TEST

START_TEST(roles_statuses)
{
    const cc_claim *c = one("Acting Defence Minister Sadio Camara greeted President-elect John "
                            "Mahama and retired Gen. Oumar Traore.");
    ck_assert_int_eq(role_of(c, "person:sadio-camara")->status, CC_ROLE_ACTING);
    ck_assert_int_eq(role_of(c, "person:john-mahama")->status, CC_ROLE_ELECT);
    ck_assert_int_eq(role_of(c, "person:oumar-traore")->status, CC_ROLE_FORMER);
    /* an appositive title */
    c = one("Nick Checker, the State Department's Senior Bureau Official, arrived.");
    ck_assert_str_eq(role_of(c, "person:nick-checker")->title, "senior bureau official");
}
END_TEST

/* ---- times ------------------------------------------------------------------------------- */

START_TEST(times_inside_the_claim)
{
    const cc_doc *doc = run("U.S. forces left Mali in 2022, a move that followed a coup a year "
                            "earlier. The juntas announced the bans on Friday.");
    const cc_claim *c = claim_with(doc, "left Mali");
    ck_assert_uint_eq(c->ntimes, 1);
    ck_assert_str_eq(c->times[0].value, "2022");
    ck_assert_int_eq(c->times[0].resolution, CC_TIME_ABSOLUTE);
    c = claim_with(doc, "announced");
    ck_assert_uint_eq(c->ntimes, 1);
    ck_assert_str_eq(c->times[0].value, "2026-01-02"); /* the Friday before Tue 6 Jan 2026 */
}
END_TEST

/* ---- quantities -------------------------------------------------------------------------- */

START_TEST(quantities_values_and_approximation)
{
    const cc_claim *c = one("Fighters burned at least 40 trucks, nearly 1,000 litres of fuel "
                            "and about 80% of the stock, and seven drivers fled.");
    ck_assert_int_eq(quantity(c, 40)->approx, CC_APPROX_AT_LEAST);
    ck_assert_str_eq(quantity(c, 40)->unit, "truck");
    ck_assert_int_eq(quantity(c, 1000)->approx, CC_APPROX_NEARLY);
    ck_assert_str_eq(quantity(c, 1000)->unit, "litre");
    ck_assert_str_eq(quantity(c, 80)->unit, "percent");
    ck_assert_int_eq(quantity(c, 80)->approx, CC_APPROX_ABOUT);
    const cc_claim *d = claim_with(run("Fighters burned 40 trucks, and seven drivers fled."),
                                   "seven");
    ck_assert_ptr_nonnull(quantity(d, 7));
    ck_assert_str_eq(quantity(d, 7)->unit, "driver");
    c = one("The ministry counted more than 200 tankers and 3.5 million litres.");
    ck_assert_int_eq(quantity(c, 200)->approx, CC_APPROX_MORE_THAN);
    ck_assert_ptr_nonnull(quantity(c, 3500000));
}
END_TEST

START_TEST(quantities_not_years_ages_names)
{
    const cc_claim *c = one("In 2022 the Group of 20 pledged 45 trucks, and Awa Diallo, 34, "
                            "a 22-year-old aide and Article 5 were cited.");
    ck_assert_ptr_null(quantity(c, 2022));
    ck_assert_ptr_null(quantity(c, 20));
    ck_assert_ptr_null(quantity(c, 34));
    ck_assert_ptr_null(quantity(c, 22));
    ck_assert_ptr_null(quantity(c, 5));
    ck_assert_ptr_nonnull(quantity(c, 45));
    ck_assert(has_entity(c, "org:g20"));
}
END_TEST

/* ---- lists ------------------------------------------------------------------------------- */

START_TEST(lists_names_with_and_inside)
{
    const cc_claim *c = one("The ban covers Bosnia and Herzegovina, Trinidad and Tobago and Mali.");
    ck_assert_uint_eq(c->nlists, 1);
    ck_assert_uint_eq(c->lists[0].nmembers, 3);
    ck_assert_str_eq(c->lists[0].members[0], "country:BA");
    ck_assert_str_eq(c->lists[0].members[1], "country:TT");
    ck_assert_str_eq(c->lists[0].members[2], "country:ML");
    ck_assert_int_eq(c->lists[0].exclusive, 0);
}
END_TEST

START_TEST(lists_exclusivity)
{
    const cc_claim *c = one("Only Mali and Niger signed the pact.");
    ck_assert_uint_eq(c->nlists, 1);
    ck_assert_int_eq(c->lists[0].exclusive, 1);
    c = one("The ban names three nations: Mali, Niger and Chad.");
    ck_assert_int_eq(c->lists[0].exclusive, 1);
    c = one("Several countries, including Ghana, Togo and Benin, objected.");
    ck_assert_int_eq(c->lists[0].exclusive, 0);
    ck_assert_str_eq(c->lists[0].cue, "including");
    c = one("The region holds minerals such as gold, lithium and uranium.");
    ck_assert_uint_eq(c->lists[0].nmembers, 3);
    ck_assert_str_eq(c->lists[0].members[1], "lithium");
    ck_assert_int_eq(c->lists[0].exclusive, 0);
    c = one("Mali and Burkina Faso, both run by juntas, closed their borders.");
    ck_assert_int_eq(c->lists[0].exclusive, 1);
    c = one("Washington courted Mali, Niger and Chad, three Sahel states run by soldiers.");
    ck_assert_int_eq(c->lists[0].exclusive, 1);
    ck_assert_str_eq(c->lists[0].cue, "three");
    c = one("The plan aims not only to counter Russia and China but also to sell arms.");
    ck_assert_int_eq(c->lists[0].exclusive, 0);
}
END_TEST

/* ---- polarity, modality, attribution ----------------------------------------------------- */

START_TEST(polarity_scope)
{
    const cc_claim *c = one("The junta did not expel the diplomats.");
    ck_assert_int_eq(c->polarity, CC_POLARITY_NEGATED);
    ck_assert_str_eq(c->negation, "not");
    ck_assert_uint_gt(c->negation_scope.end, c->negation_scope.start);
    c = one("The move not only angered Washington but also alarmed Paris.");
    ck_assert_int_eq(c->polarity, CC_POLARITY_AFFIRMED);
    c = one("The embassy sent home staff whose work is not essential.");
    ck_assert_int_eq(c->polarity, CC_POLARITY_AFFIRMED);
    c = one("The ban punishes traders, not governments.");
    ck_assert_int_eq(c->polarity, CC_POLARITY_AFFIRMED);
    c = one("Mali has never expelled a U.S. diplomat.");
    ck_assert_int_eq(c->polarity, CC_POLARITY_NEGATED);
}
END_TEST

START_TEST(modality_hedges)
{
    const cc_claim *c = one("The convoy may have been attacked near Segou.");
    ck_assert_int_eq(c->modality, CC_MODALITY_HEDGED);
    ck_assert_str_eq(c->hedge, "may");
    c = one("Officials reportedly fled the capital.");
    ck_assert_str_eq(c->hedge, "reportedly");
    c = one("The junta appears to control the roads.");
    ck_assert_int_eq(c->modality, CC_MODALITY_HEDGED);
    c = one("The junta controls the roads.");
    ck_assert_int_eq(c->modality, CC_MODALITY_ASSERTED);
    ck_assert_ptr_null(c->hedge);
}
END_TEST

START_TEST(attribution_speakers)
{
    const cc_doc *doc = run("\xe2\x80\x9cWe will not leave,\xe2\x80\x9d said Colonel Assimi Goita. "
                            "The embassy is closed, a spokesperson said. According to the "
                            "United Nations, 500 people fled. The army retook the town.");
    const cc_claim *c = claim_with(doc, "We will not leave");
    ck_assert_int_eq(c->attribution, CC_ATTR_QUOTED);
    ck_assert_str_eq(c->speaker, "person:assimi-goita");
    c = claim_with(doc, "embassy is closed");
    ck_assert_int_eq(c->attribution, CC_ATTR_REPORTED);
    ck_assert_str_eq(c->speaker, "a spokesperson");
    c = claim_with(doc, "500 people");
    ck_assert_str_eq(c->speaker, "org:un");
    ck_assert_str_eq(c->speech_cue, "According to");
    c = claim_with(doc, "retook");
    ck_assert_int_eq(c->attribution, CC_ATTR_NARRATOR);
    ck_assert_ptr_null(c->speaker);
    /* an order is no report */
    c = one("The State Department told U.S. citizens to leave Mali.");
    ck_assert_int_eq(c->attribution, CC_ATTR_NARRATOR);
}
END_TEST

/* ---- clauses, predicate, check-worthiness ------------------------------------------------ */

START_TEST(clauses_split)
{
    const cc_doc *doc = run("Mali and Burkina Faso barred US citizens, a move that answers the "
                            "US travel ban.");
    ck_assert_uint_eq(cc_doc_nclaims(doc), 2);
    const cc_claim *a = cc_doc_claim(doc, 0), *b = cc_doc_claim(doc, 1);
    ck_assert_str_eq(a->text, "Mali and Burkina Faso barred US citizens");
    ck_assert_str_eq(b->text, "a move that answers the US travel ban.");
    ck_assert_str_eq(a->predicate, "bar");
    ck_assert_str_eq(b->predicate, "answer");
    ck_assert_uint_eq(a->sentence, b->sentence);
    ck_assert_uint_le(a->span.end, b->span.start);
    ck_assert_uint_eq(a->nlists, 1);
    ck_assert_uint_eq(b->nlists, 0);
    /* a list's ", and" splits nothing; a second subject does */
    doc = run("The council named Chad, Burkina Faso, and Niger in its order.");
    ck_assert_uint_eq(cc_doc_nclaims(doc), 1);
    doc = run("Mali did not expel U.S. diplomats, and the embassy remains open.");
    ck_assert_uint_eq(cc_doc_nclaims(doc), 2);
    ck_assert_int_eq(cc_doc_claim(doc, 0)->polarity, CC_POLARITY_NEGATED);
    ck_assert_int_eq(cc_doc_claim(doc, 1)->polarity, CC_POLARITY_AFFIRMED);
}
END_TEST

START_TEST(checkworthiness)
{
    const cc_doc *doc = run("U.S. forces left Mali in 2022.\n\nShould Washington lift the "
                            "ban now?\n\nI think the ban is a grave mistake for everyone.");
    ck_assert(claim_with(doc, "forces left")->checkworthy >= CC_CHECKWORTHY_THRESHOLD);
    ck_assert(claim_with(doc, "Should")->checkworthy < CC_CHECKWORTHY_THRESHOLD);
    ck_assert(claim_with(doc, "I think")->checkworthy < CC_CHECKWORTHY_THRESHOLD);
    for (size_t i = 0; i < cc_doc_nclaims(doc); i++) {
        double w = cc_doc_claim(doc, i)->checkworthy;
        ck_assert(w >= 0 && w <= 1);
    }
}
END_TEST

START_TEST(names_of_values)
{
    ck_assert_str_eq(cc_entity_type_name(CC_ENT_ORGANIZATION), "organization");
    ck_assert_str_eq(cc_role_status_name(CC_ROLE_ELECT), "elect");
    ck_assert_str_eq(cc_approx_name(CC_APPROX_MORE_THAN), "more_than");
    ck_assert_str_eq(cc_polarity_name(CC_POLARITY_NEGATED), "negated");
    ck_assert_str_eq(cc_modality_name(CC_MODALITY_HEDGED), "hedged");
    ck_assert_str_eq(cc_attribution_name(CC_ATTR_QUOTED), "quoted");
}
END_TEST

START_TEST(idempotent_and_empty)
{
    const cc_doc *doc = run("Mali barred U.S. citizens.");
    size_t n = cc_doc_nclaims(doc);
    ck_assert_int_eq(cc_doc_claims(cc_corpus_doc(corpus, 0), ctx), 0);
    ck_assert_uint_eq(cc_doc_nclaims(doc), n);
    ck_assert_ptr_null(cc_doc_claim(doc, n));
    doc = run("");
    ck_assert_uint_eq(cc_doc_nclaims(doc), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claims");
    struct {
        const char *name;
        const TTest *tests[8];
    } cases[] = {
        {"entities", {entities_aliases, entities_spans_and_types,
                      entities_surname_links_to_full_name, entities_unknown_organizations}},
        {"roles", {roles_two_people_two_titles, roles_status_on_another_noun, roles_statuses}},
        {"times", {times_inside_the_claim}},
        {"quantities", {quantities_values_and_approximation, quantities_not_years_ages_names}},
        {"lists", {lists_names_with_and_inside, lists_exclusivity}},
        {"polarity_modality_attribution", {polarity_scope, modality_hedges, attribution_speakers}},
        {"clauses", {clauses_split, checkworthiness, names_of_values, idempotent_and_empty}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        for (int j = 0; j < 8 && cases[i].tests[j]; j++)
            tcase_add_test(tc, cases[i].tests[j]);
        suite_add_tcase(s, tc);
    }
    return tu_run(s);
}
