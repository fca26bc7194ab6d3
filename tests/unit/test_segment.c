/* test_segment.c: sentences, tokens, stems and removals of the segment stage. All sentences
 * here are made up for the tests. */
#include "internal.h"
#include "testutil.h"

static cc_context *ctx;
static tu_diags diags;
static cc_corpus *corpus;

static void setup(void)
{
    ctx = tu_context(&diags, 0);
    ck_assert_int_eq(cc_corpus_new(&corpus, ctx), 0);
}

static void teardown(void)
{
    cc_corpus_free(corpus);
    cc_context_free(ctx);
}

static cc_doc *add(const char *text)
{
    ck_assert_int_eq(cc_corpus_add_buffer(corpus, "t.txt", text, strlen(text)), 0);
    return cc_corpus_doc(corpus, cc_corpus_ndocs(corpus) - 1);
}

/* Adds a document with removals given as (start, end, whole) byte spans of `text`. */
static cc_doc *add_removed(const char *text, const size_t *spans, size_t n)
{
    cc_doc *d = add(text);
    d->removals.n = 0; /* the test decides what is removed, not the loader's rules */
    for (size_t i = 0; i < n; i++) {
        cc_removal *r = cc_vec_push(&d->removals);
        ck_assert_ptr_nonnull(r);
        r->span.start = spans[2 * i];
        r->span.end = spans[2 * i + 1];
        r->rule = "test";
    }
    return d;
}

static cc_doc *seg(const char *text)
{
    cc_doc *d = add(text);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    return d;
}

static const char *sent(const cc_doc *d, size_t i)
{
    const cc_sentence *s = cc_doc_sentence(d, i);
    ck_assert_msg(s != NULL, "no sentence %zu (have %zu)", i, cc_doc_nsentences(d));
    return s->text;
}

/* Asserts the sentences of a text, NULL-terminated. */
static void expect(const char *text, const char *const *want)
{
    cc_doc *d = seg(text);
    size_t n = 0;
    for (; want[n]; n++)
        ck_assert_str_eq(sent(d, n), want[n]);
    ck_assert_uint_eq(cc_doc_nsentences(d), n);
}

#define EXPECT(text, ...) expect(text, (const char *const[]){__VA_ARGS__, NULL})

START_TEST(abbreviations)
{
    EXPECT("U.S. forces departed the base. Locals cheered.",
           "U.S. forces departed the base.", "Locals cheered.");
    EXPECT("The convoy left the U.S. The next day it arrived.",
           "The convoy left the U.S.", "The next day it arrived.");
    EXPECT("The U.S. Embassy opened. Staff came back.", "The U.S. Embassy opened.",
           "Staff came back.");
    EXPECT("Retired Maj. Gen. Kenneth P. Ekman spoke to Dr. Lee on Tuesday.",
           "Retired Maj. Gen. Kenneth P. Ekman spoke to Dr. Lee on Tuesday.");
    EXPECT("It was built by J. R. R. Tolkien fans in Oct. 2019 at No. 5 Main St. near town.",
           "It was built by J. R. R. Tolkien fans in Oct. 2019 at No. 5 Main St. near town.");
    EXPECT("He works for Acme Ltd. Mr. Ross agreed. She lives in Dayton, Ohio, and Akron, Mass. "
           "\"We stay,\" he said.",
           "He works for Acme Ltd.", "Mr. Ross agreed.", "She lives in Dayton, Ohio, and Akron, Mass.",
           "\"We stay,\" he said.");
    EXPECT("Troops left the U.S. (under orders) in May.",
           "Troops left the U.S. (under orders) in May.");
    EXPECT("He faces U.S. Rep. Ann Ford and then-Gov. Lee Park in a post-Sept. 11 race.",
           "He faces U.S. Rep. Ann Ford and then-Gov. Lee Park in a post-Sept. 11 race.");
    EXPECT("We will keep going,'' he said. \"\nNext paragraph.", "We will keep going,'' he said. \"",
           "Next paragraph.");
    EXPECT("They met at 9 a.m. and talked. Then they left.", "They met at 9 a.m. and talked.",
           "Then they left.");
}
END_TEST

START_TEST(numbers_and_ellipses)
{
    EXPECT("Growth was 3.5 percent and cost $1.2 billion. Nobody objected.",
           "Growth was 3.5 percent and cost $1.2 billion.", "Nobody objected.");
    EXPECT("He paused so... then he went on. Later... They laughed. Wait . . . 200 Days . . . "
           "The end.",
           "He paused so... then he went on.", "Later...", "They laughed.",
           "Wait . . . 200 Days . . .", "The end.");
    EXPECT("\"Is it over?\" Maria Lopez asked. \"Not yet!\" They waited.",
           "\"Is it over?\" Maria Lopez asked.", "\"Not yet!\"", "They waited.");
    EXPECT("Really?! Yes. \"Stop!\" she shouted.", "Really?!", "Yes.", "\"Stop!\" she shouted.");
}
END_TEST

START_TEST(quotes_after_period)
{
    EXPECT("\xE2\x80\x9CWe will stay,\xE2\x80\x9D he said.\xE2\x80\x9D Then he left. (A note.) "
           "Next one.",
           "\xE2\x80\x9CWe will stay,\xE2\x80\x9D he said.\xE2\x80\x9D", "Then he left.",
           "(A note.)", "Next one.");
}
END_TEST

START_TEST(lines_and_kinds)
{
    cc_doc *d = seg("A Short Title Line\n"
                    "The first paragraph has one sentence. It has two.\n"
                    "Broader Questions for the Region\n"
                    "Another paragraph starts here.\n"
                    "\n"
                    "Key points:\n"
                    "- first point without a period\n"
                    "* second point\n"
                    "1. third point.\n"
                    "## A markdown heading\n"
                    "This prose is hard wrapped and goes\n"
                    "on over the next line until it ends.\n");
    const char *want[] = {"A Short Title Line", "The first paragraph has one sentence.",
                          "It has two.", "Broader Questions for the Region",
                          "Another paragraph starts here.", "Key points:",
                          "first point without a period", "second point", "third point.",
                          "A markdown heading",
                          ("This prose is hard wrapped and goes on over the next line until it "
                           "ends.")};
    const int kinds[] = {CC_SENT_TITLE, CC_SENT_BODY, CC_SENT_BODY, CC_SENT_HEADING,
                         CC_SENT_BODY, CC_SENT_BODY, CC_SENT_LIST_ITEM, CC_SENT_LIST_ITEM,
                         CC_SENT_LIST_ITEM, CC_SENT_HEADING, CC_SENT_BODY};
    const int paras[] = {0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    ck_assert_uint_eq(cc_doc_nsentences(d), 11);
    for (size_t i = 0; i < 11; i++) {
        const cc_sentence *s = cc_doc_sentence(d, i);
        ck_assert_str_eq(s->text, want[i]);
        ck_assert_int_eq(s->kind, kinds[i]);
        ck_assert_int_eq(s->paragraph, paras[i]);
    }
    /* the list marker is outside the span */
    size_t len;
    const char *text = cc_doc_text(d, &len);
    const cc_sentence *li = cc_doc_sentence(d, 6);
    ck_assert_int_eq(text[li->span.start], 'f');
    /* hard-wrapped: one sentence spanning the newline, text collapsed */
    const cc_sentence *w = cc_doc_sentence(d, 10);
    ck_assert_ptr_nonnull(memchr(text + w->span.start, '\n', w->span.end - w->span.start));
    ck_assert_int_eq(text[w->span.end - 1], '.');
}
END_TEST

START_TEST(titles)
{
    /* wrapped prose on the first line is not a title */
    cc_doc *d = seg("the talks went on for\nhours without a result.\n");
    ck_assert_uint_eq(cc_doc_nsentences(d), 1);
    ck_assert_int_eq(cc_doc_sentence(d, 0)->kind, CC_SENT_BODY);
    /* hard-wrapped text whose lines go on with a capital is not cut into titles/headings */
    d = seg("Officials from the Northern Water Board met with Mayor Clara\n"
            "Jensen on Monday to discuss the flood defenses, which were\n"
            "built in 1998, and the river levels that the board reported\n"
            "last week. The meeting lasted three hours and ended with no\n"
            "decision on the Eastbank Dam or the new pumping station in\n"
            "Oldtown, said the board.\n");
    ck_assert_uint_eq(cc_doc_nsentences(d), 2);
    ck_assert_int_eq(cc_doc_sentence(d, 0)->kind, CC_SENT_BODY);
    ck_assert_int_eq(cc_doc_sentence(d, 1)->paragraph, 0);
    /* a punctuated first line is a title when the metadata says so */
    d = add("Is the border open again?\nOfficials said it was.\n");
    cc_meta *m = cc_vec_push(&d->meta);
    ck_assert_ptr_nonnull(m);
    m->key = cc_strdup("title");
    m->value = cc_strdup("Is the border open again?");
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(d), 2);
    ck_assert_int_eq(cc_doc_sentence(d, 0)->kind, CC_SENT_TITLE);
    ck_assert_int_eq(cc_doc_sentence(d, 1)->kind, CC_SENT_BODY);
    /* a glued date before the title and a dateline prefix are skipped */
    const char *text = "date 2026-03-04 Rivers Rise in the North\n"
                       "LAGOS, Nigeria \xE2\x80\x93 Water levels rose on Friday.\n";
    const char *dl = strstr(text, "LAGOS");
    size_t spans[] = {0, 16, (size_t)(dl - text), (size_t)(dl - text) + 18};
    d = add_removed(text, spans, 2);
    m = cc_vec_push(&d->meta);
    m->key = cc_strdup("title");
    m->value = cc_strdup("Rivers Rise in the North");
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(d), 2);
    ck_assert_str_eq(sent(d, 0), "Rivers Rise in the North");
    ck_assert_int_eq(cc_doc_sentence(d, 0)->kind, CC_SENT_TITLE);
    ck_assert_uint_eq(cc_doc_sentence(d, 0)->span.start, 16);
    ck_assert_str_eq(sent(d, 1), "Water levels rose on Friday.");
    ck_assert_int_eq(text[cc_doc_sentence(d, 1)->span.start], 'W');
}
END_TEST

START_TEST(paragraph_per_line)
{
    /* a long unpunctuated line (a caption) before a capital ends its paragraph */
    cc_doc *d = seg("Workers repair the levee near the old mill on the eastern bank of the river in the "
                    "late afternoon as rain falls over the valley and the water keeps rising slowly\n"
                    "The council met on Monday and approved new funds for the repairs that the "
                    "engineers had asked for since the spring floods damaged the walls.\n");
    ck_assert_uint_eq(cc_doc_nsentences(d), 2);
    ck_assert_int_eq(cc_doc_sentence(d, 0)->kind, CC_SENT_BODY);
    ck_assert_int_eq(cc_doc_sentence(d, 1)->paragraph, 1);
}
END_TEST

START_TEST(blank_lines)
{
    cc_doc *d = seg("first part without period\n\n  \nsecond part\n");
    ck_assert_uint_eq(cc_doc_nsentences(d), 2);
    ck_assert_str_eq(sent(d, 0), "first part without period");
    ck_assert_str_eq(sent(d, 1), "second part");
    ck_assert_int_eq(cc_doc_sentence(d, 1)->paragraph, 1);
}
END_TEST

static const cc_token *tok(const cc_doc *d, size_t i, const char *surface, int kind)
{
    size_t n, len;
    const cc_token *t = cc_doc_tokens(d, &n);
    const char *text = cc_doc_text(d, &len);
    ck_assert_msg(i < n, "no token %zu", i);
    size_t sl = t[i].span.end - t[i].span.start;
    ck_assert_msg(sl == strlen(surface) && memcmp(text + t[i].span.start, surface, sl) == 0,
                  "token %zu is '%.*s', expected '%s'", i, (int)sl, text + t[i].span.start,
                  surface);
    ck_assert_int_eq(t[i].kind, kind);
    return &t[i];
}

START_TEST(tokens)
{
    cc_doc *d = seg("The tit-for-tat U.S. move cost 1,000 people 80% of $3.5 on 2026-02-01, "
                    "the 21st day. Trump\xE2\x80\x99s al-Qaeda don't Ou\xC3\xA9" "draogo \xE2\x82\xAC" "5");
    const cc_token *t = tok(d, 0, "The", CC_TOK_WORD);
    ck_assert(t->flags & CC_TOKF_CAPITALIZED);
    ck_assert(t->flags & CC_TOKF_SENT_START);
    ck_assert_str_eq(t->norm, "the");
    tok(d, 1, "tit-for-tat", CC_TOK_WORD);
    t = tok(d, 2, "U.S.", CC_TOK_WORD);
    ck_assert(t->flags & CC_TOKF_ABBREV);
    ck_assert(t->flags & CC_TOKF_ALLCAPS);
    ck_assert_str_eq(t->norm, "u.s.");
    tok(d, 5, "1,000", CC_TOK_NUMBER);
    tok(d, 7, "80", CC_TOK_NUMBER);
    tok(d, 8, "%", CC_TOK_SYMBOL);
    tok(d, 10, "$", CC_TOK_SYMBOL);
    tok(d, 11, "3.5", CC_TOK_NUMBER);
    tok(d, 13, "2026-02-01", CC_TOK_NUMBER);
    tok(d, 14, ",", CC_TOK_PUNCT);
    tok(d, 16, "21st", CC_TOK_NUMBER);
    tok(d, 18, ".", CC_TOK_PUNCT);
    t = tok(d, 19, "Trump", CC_TOK_WORD);
    ck_assert(t->flags & CC_TOKF_SENT_START);
    tok(d, 20, "\xE2\x80\x99s", CC_TOK_WORD);
    tok(d, 21, "al-Qaeda", CC_TOK_WORD);
    tok(d, 22, "don't", CC_TOK_WORD);
    t = tok(d, 23, "Ou\xC3\xA9" "draogo", CC_TOK_WORD);
    ck_assert_str_eq(t->norm, "ou\xC3\xA9" "draogo");
    tok(d, 24, "\xE2\x82\xAC", CC_TOK_SYMBOL);
    tok(d, 25, "5", CC_TOK_NUMBER);
    size_t n;
    cc_doc_tokens(d, &n);
    ck_assert_uint_eq(n, 26);
}
END_TEST

START_TEST(stems_and_norms)
{
    cc_doc *d = seg("Travelling TRAVELS Stra\xC3\x9F" "e \xC3\x89" "COLES");
    const cc_token *t = tok(d, 0, "Travelling", CC_TOK_WORD);
    ck_assert_str_eq(t->norm, "travelling");
    ck_assert_str_eq(t->stem, "travel");
    t = tok(d, 1, "TRAVELS", CC_TOK_WORD);
    ck_assert(t->flags & CC_TOKF_ALLCAPS);
    ck_assert_str_eq(t->stem, "travel");
    t = tok(d, 2, "Stra\xC3\x9F" "e", CC_TOK_WORD);
    ck_assert_str_eq(t->norm, "strasse");
    t = tok(d, 3, "\xC3\x89" "COLES", CC_TOK_WORD);
    ck_assert_str_eq(t->norm, "\xC3\xA9" "coles");
    d = seg("A 3.5 , x");
    t = tok(d, 1, "3.5", CC_TOK_NUMBER);
    ck_assert_str_eq(t->stem, t->norm);
}
END_TEST

START_TEST(token_spans_match_text)
{
    cc_doc *d = seg("Nonbreaking\xC2\xA0space and \xE2\x80\x9Cquotes\xE2\x80\x9D, 12.5% more...");
    size_t n, len;
    const cc_token *t = cc_doc_tokens(d, &n);
    const char *text = cc_doc_text(d, &len);
    ck_assert_uint_eq(n, 11);
    for (size_t i = 0; i < n; i++) {
        ck_assert(t[i].span.end > t[i].span.start && t[i].span.end <= len);
        ck_assert(!(text[t[i].span.start] == ' ' || (unsigned char)text[t[i].span.start] == 0xC2));
    }
    tok(d, 0, "Nonbreaking", CC_TOK_WORD);
    tok(d, 1, "space", CC_TOK_WORD);
    tok(d, 3, "\xE2\x80\x9C", CC_TOK_PUNCT);
    tok(d, 10, "...", CC_TOK_PUNCT);
}
END_TEST

START_TEST(inline_and_line_removals)
{
    /* "#" of a hashtag and a photo credit removed inline; a whole line removed */
    const char *text = "The alliance backs #Mali now (Photo Agency) and then.\n"
                       "Share this story\n"
                       "Officials agreed";
    const char *hash = strchr(text, '#');
    const char *credit = strstr(text, "(Photo");
    const char *line = strstr(text, "Share");
    size_t spans[] = {(size_t)(hash - text), (size_t)(hash - text) + 1,
                      (size_t)(credit - text), (size_t)(credit - text) + 14,
                      (size_t)(line - text), (size_t)(line - text) + 17};
    cc_doc *d = add_removed(text, spans, 3);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(d), 2);
    ck_assert_str_eq(sent(d, 0), "The alliance backs Mali now and then.");
    ck_assert_str_eq(sent(d, 1), "Officials agreed");
    ck_assert_int_eq(cc_doc_sentence(d, 1)->paragraph, 1);
    size_t n;
    const cc_token *t = cc_doc_tokens(d, &n);
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < 3; r++)
            ck_assert(t[i].span.end <= spans[2 * r] || t[i].span.start >= spans[2 * r + 1]);
    tok(d, 3, "Mali", CC_TOK_WORD);
    tok(d, 5, "and", CC_TOK_WORD);
    /* a whole-line removal between two unpunctuated lines still breaks them */
    const char *t2 = "first line\nremoved line\nthird line";
    size_t sp2[] = {11, 24};
    d = add_removed(t2, sp2, 1);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(d), 2);
    ck_assert_str_eq(sent(d, 1), "third line");
    /* everything removed: nothing left; an empty removal and one at the very end */
    const char *t4 = "Front matter only\n";
    size_t sp4[] = {0, 18};
    d = add_removed(t4, sp4, 1);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(d), 0);
    const char *t5 = "Water rose. Photo: Agency";
    size_t sp5[] = {3, 3, 12, 25};
    d = add_removed(t5, sp5, 2);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(d), 1);
    ck_assert_str_eq(sent(d, 0), "Water rose.");
    /* markdown emphasis removed inline adds no space */
    const char *t3 = "**Key point**: prices rose.";
    size_t sp3[] = {0, 2, 11, 13};
    d = add_removed(t3, sp3, 2);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_str_eq(sent(d, 0), "Key point: prices rose.");
    ck_assert_uint_eq(cc_doc_sentence(d, 0)->span.start, 2);
}
END_TEST

START_TEST(overlong_sentence)
{
    cc_options o = CC_OPTIONS_INIT;
    o.max_sentence_bytes = 40;
    o.diag = tu_diag_collect;
    o.diag_data = &diags;
    memset(&diags, 0, sizeof diags);
    cc_context *small;
    ck_assert_int_eq(cc_context_new(&small, &o), 0);
    cc_corpus *c;
    ck_assert_int_eq(cc_corpus_new(&c, small), 0);
    const char *text = "one two three four five six seven eight nine ten eleven twelve thirteen "
                       "fourteen fifteen sixteen seventeen. Short one.";
    ck_assert_int_eq(cc_corpus_add_buffer(c, "long.txt", text, strlen(text)), 0);
    cc_doc *d = cc_corpus_doc(c, 0);
    ck_assert_int_eq(cc_doc_segment(d, small), 0);
    ck_assert_uint_ge(cc_doc_nsentences(d), 4);
    for (size_t i = 0; i < cc_doc_nsentences(d); i++)
        ck_assert_uint_le(strlen(cc_doc_sentence(d, i)->text), 40);
    ck_assert_str_eq(sent(d, 0), "one two three four five six seven eight");
    ck_assert_int_eq(diags.warnings, 1);
    ck_assert_ptr_nonnull(strstr(diags.text, "long.txt"));
    ck_assert_ptr_nonnull(strstr(diags.text, "--max-sentence-bytes"));
    cc_corpus_free(c);
    cc_context_free(small);
}
END_TEST

START_TEST(odd_inputs)
{
    cc_doc *d = seg("");
    ck_assert_uint_eq(cc_doc_nsentences(d), 0);
    d = seg("  \n\n \t ");
    ck_assert_uint_eq(cc_doc_nsentences(d), 0);
    d = seg("!!! ... ?? ,;");
    ck_assert_uint_ge(cc_doc_nsentences(d), 1);
    size_t n;
    const cc_token *t = cc_doc_tokens(d, &n);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(t[i].kind, CC_TOK_PUNCT);
    d = seg("Bad \xEF\xBF\xBD byte here. And raw \xFF\xFE bytes.");
    ck_assert_uint_eq(cc_doc_nsentences(d), 2);
    tok(d, 1, "\xEF\xBF\xBD", CC_TOK_SYMBOL);
    /* idempotent */
    size_t before = cc_doc_nsentences(d);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(d), before);
}
END_TEST

START_TEST(big_single_line)
{
    const char *unit = "The minister said 3.5 percent of U.S. aid was cut on Oct. 3 by Dr. Smith. ";
    size_t ul = strlen(unit), total = 10u << 20;
    char *buf = malloc(total + 1);
    ck_assert_ptr_nonnull(buf);
    size_t len = 0;
    while (len + ul <= total) {
        memcpy(buf + len, unit, ul);
        len += ul;
    }
    buf[len] = '\0';
    ck_assert_int_eq(cc_corpus_add_buffer(corpus, "big.txt", buf, len), 0);
    free(buf);
    cc_doc *d = cc_corpus_doc(corpus, 0);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(d), len / ul);
}
END_TEST

/* More distinct words in one document than the per-thread stem cache holds (2^18): the cache
 * starts again in the middle of the document, and the document's own surface cache, being
 * filled at that moment, must survive it (it was freed with it: a crash found by fuzzing). */
START_TEST(stem_cache_overflow_in_one_document)
{
    enum { WORDS = 300000 };
    char *buf = malloc((size_t)WORDS * 8 + 16);
    ck_assert_ptr_nonnull(buf);
    size_t len = 0;
    for (unsigned i = 0; i < WORDS; i++) { /* "qa".."q" + base-26 digits: all distinct */
        buf[len++] = 'q';
        for (unsigned v = i;; v /= 26) {
            buf[len++] = (char)('a' + v % 26);
            if (v < 26)
                break;
        }
        buf[len++] = i % 20 == 19 ? '.' : ' ';
        if (i % 20 == 19)
            buf[len++] = ' ';
    }
    memcpy(buf + len, "Travelling on.", 14);
    len += 14;
    ck_assert_int_eq(cc_corpus_add_buffer(corpus, "words.txt", buf, len), 0);
    free(buf);
    cc_doc *d = cc_corpus_doc(corpus, 0);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    size_t n;
    const cc_token *t = cc_doc_tokens(d, &n);
    ck_assert_uint_ge(n, WORDS);
    ck_assert_str_eq(t[n - 3].norm, "travelling"); /* the stemmer still works after the reset */
    ck_assert_str_eq(t[n - 3].stem, "travel");
    ck_assert_str_eq(t[0].norm, "qa");
}
END_TEST

/* Runs that could make a scanner look ahead again and again must stay linear. */
START_TEST(pathological_runs)
{
    size_t total = 4u << 20;
    char *buf = malloc(total + 2);
    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < total; i += 2)
        memcpy(buf + i, "a.", 2);
    memcpy(buf + total, "x", 2);
    cc_doc *d = add(buf);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_ge(cc_doc_nsentences(d), 1);
    memset(buf, 'b', total);
    d = add(buf);
    ck_assert_int_eq(cc_doc_segment(d, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(d), 1);
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("segment");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, abbreviations);
    tcase_add_test(tc, numbers_and_ellipses);
    tcase_add_test(tc, quotes_after_period);
    tcase_add_test(tc, lines_and_kinds);
    tcase_add_test(tc, titles);
    tcase_add_test(tc, paragraph_per_line);
    tcase_add_test(tc, blank_lines);
    tcase_add_test(tc, tokens);
    tcase_add_test(tc, stems_and_norms);
    tcase_add_test(tc, token_spans_match_text);
    tcase_add_test(tc, inline_and_line_removals);
    tcase_add_test(tc, overlong_sentence);
    tcase_add_test(tc, odd_inputs);
    tcase_add_test(tc, big_single_line);
    tcase_add_test(tc, stem_cache_overflow_in_one_document);
    tcase_add_test(tc, pathological_runs);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
