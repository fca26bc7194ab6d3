/* test_load.c: the load stage: paths and directory walks, UTF-8 repair and NFC with an exact
 * offset map, metadata (front matter, header block, manifest.tsv, glued date), boilerplate
 * rules, datelines, titles. Every sentence here was written for these tests. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "testutil.h"

/* ---- helpers ----------------------------------------------------------------------------- */

typedef struct {
    char text[32768];
    int notes, warnings, errors;
} diags;

static void collect(const cc_diag *d, void *userdata)
{
    diags *t = userdata;
    char line[1200];
    cc_diag_format(d, line, sizeof line);
    size_t len = strlen(t->text);
    snprintf(t->text + len, sizeof t->text - len, "[%s] %s\n", d->code, line);
    if (d->level == CC_DIAG_ERROR)
        t->errors++;
    else if (d->level == CC_DIAG_WARNING)
        t->warnings++;
    else
        t->notes++;
}

static cc_context *make_ctx(diags *dg, int strict, int keep, size_t max_bytes)
{
    cc_options o = CC_OPTIONS_INIT;
    memset(dg, 0, sizeof *dg);
    o.diag = collect;
    o.diag_data = dg;
    o.strict = strict;
    o.keep_boilerplate = keep;
    if (max_bytes)
        o.max_doc_bytes = max_bytes;
    cc_context *ctx = NULL;
    ck_assert_msg(cc_context_new(&ctx, &o) == 0, "cc_context_new: %s", cc_errmsg());
    return ctx;
}

/* A fixture: context + corpus + diagnostics. */
typedef struct {
    diags dg;
    cc_context *ctx;
    cc_corpus *corpus;
} fx;

static void fx_open(fx *f, int strict, int keep, size_t max_bytes)
{
    f->ctx = make_ctx(&f->dg, strict, keep, max_bytes);
    ck_assert_int_eq(cc_corpus_new(&f->corpus, f->ctx), 0);
}

static void fx_close(fx *f)
{
    cc_corpus_free(f->corpus);
    cc_context_free(f->ctx);
}

static cc_doc *fx_load(fx *f, const char *data, size_t len)
{
    int rc = cc_corpus_add_buffer(f->corpus, "mem/test-doc.md", data, len);
    ck_assert_msg(rc == 0, "add_buffer: %s", cc_errmsg());
    ck_assert_uint_ge(cc_corpus_ndocs(f->corpus), 1);
    return cc_corpus_doc(f->corpus, cc_corpus_ndocs(f->corpus) - 1);
}

static cc_doc *fx_str(fx *f, const char *s) { return fx_load(f, s, strlen(s)); }

/* Loads and segments: a title the metadata does not give is derived by the segmenter. */
static cc_doc *fx_seg(fx *f, const char *s)
{
    cc_doc *d = fx_str(f, s);
    ck_assert_int_eq(cc_doc_segment(d, f->ctx), 0);
    return d;
}

/* The text of the first removal by `rule`, or NULL. */
static const char *removed(const cc_doc *d, const char *rule, char *buf, size_t size)
{
    const char *text = cc_doc_text(d, NULL);
    for (size_t i = 0; i < cc_doc_nremovals(d); i++) {
        const cc_removal *r = cc_doc_removal(d, i);
        if (strcmp(r->rule, rule) == 0) {
            snprintf(buf, size, "%.*s", (int)(r->span.end - r->span.start), text + r->span.start);
            return buf;
        }
    }
    return NULL;
}

/* Removals sorted, not overlapping, inside the text. */
static void check_removals(const cc_doc *d)
{
    size_t len, prev = 0;
    cc_doc_text(d, &len);
    for (size_t i = 0; i < cc_doc_nremovals(d); i++) {
        const cc_removal *r = cc_doc_removal(d, i);
        ck_assert_uint_ge(r->span.start, prev);
        ck_assert_uint_lt(r->span.start, r->span.end);
        ck_assert_uint_le(r->span.end, len);
        prev = r->span.end;
    }
}

/* Every ASCII letter or digit of the text maps to the same byte of the file. */
static void check_map(const cc_doc *d)
{
    size_t len;
    const char *text = cc_doc_text(d, &len);
    const struct cc_doc *in = (const struct cc_doc *)d;
    size_t prev = 0;
    for (size_t t = 0; t <= len; t++) {
        size_t r = cc_doc_raw_offset(d, t);
        ck_assert_uint_ge(r, prev); /* monotone */
        ck_assert_uint_le(r, in->raw_len);
        prev = r;
        if (t < len && ((text[t] >= 'a' && text[t] <= 'z') || (text[t] >= 'A' && text[t] <= 'Z') ||
                        (text[t] >= '0' && text[t] <= '9')))
            ck_assert_msg(in->raw[r] == text[t], "text[%zu]='%c' maps to raw[%zu]=0x%02x", t,
                          text[t], r, (unsigned char)in->raw[r]);
    }
    ck_assert_uint_eq(cc_doc_raw_offset(d, len), in->raw_len);
}

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/cc_load_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void) { ck_assert_int_eq(tu_rmdir(tmpdir), 0); }

static void tmp_path(char *out, size_t size, const char *rel)
{
    snprintf(out, size, "%s/%s", tmpdir, rel);
}

/* Writes tmpdir/rel, making the directories on the way. */
static void write_file(const char *rel, const char *data, size_t len)
{
    char path[512];
    tmp_path(path, sizeof path, rel);
    for (char *p = path + strlen(tmpdir) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        ck_assert(mkdir(path, 0755) == 0 || errno == EEXIST);
        *p = '/';
    }
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void write_str(const char *rel, const char *s) { write_file(rel, s, strlen(s)); }

/* ---- metadata ---------------------------------------------------------------------------- */

START_TEST(front_matter)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_str(&f, "---\ntitle: \"Grain Prices Climb\"\nDate: 2026-01-15\n"
                           "outlet: 'Valley Courier'\nmood: cheerful\n---\n"
                           "Grain prices climbed for a third week.\n");
    char buf[256];
    ck_assert_str_eq(cc_doc_meta(d, "title"), "Grain Prices Climb");
    ck_assert_str_eq(cc_doc_meta(d, "outlet"), "Valley Courier");
    ck_assert_str_eq(cc_doc_meta(d, "mood"), "cheerful");
    ck_assert_str_eq(cc_doc_meta(d, "date"), "2026-01-15");
    cc_date date;
    ck_assert_int_eq(cc_doc_date(d, &date), CC_DATE_METADATA);
    ck_assert_int_eq(date.year, 2026);
    ck_assert_int_eq(date.month, 1);
    ck_assert_int_eq(date.day, 15);
    ck_assert_str_eq(cc_doc_date_evidence(d), "front matter line 3");
    ck_assert_ptr_nonnull(removed(d, "metadata", buf, sizeof buf));
    ck_assert(strncmp(buf, "---\ntitle:", 10) == 0);
    ck_assert(strstr(buf, "cheerful\n---") != NULL);
    /* the body starts right after the removal */
    const cc_removal *r = cc_doc_removal(d, 0);
    ck_assert(strncmp(cc_doc_text(d, NULL) + r->span.end, "\nGrain prices", 13) == 0);
    check_removals(d);
    check_map(d);
    ck_assert_int_eq(f.dg.warnings, 0);
    fx_close(&f);
}
END_TEST

START_TEST(header_block)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_str(&f, "outlet: River Times\ndate: 2025-12-01\nauthor: A. Writer\n\n"
                           "The bridge reopened on Monday.\n");
    char buf[128];
    ck_assert_str_eq(cc_doc_meta(d, "outlet"), "River Times");
    ck_assert_int_eq(cc_doc_date(d, NULL), CC_DATE_METADATA);
    ck_assert_str_eq(cc_doc_date_evidence(d), "header line 2");
    ck_assert_str_eq(removed(d, "metadata", buf, sizeof buf),
                     "outlet: River Times\ndate: 2025-12-01\nauthor: A. Writer");
    /* an unknown first key: body text, not metadata */
    cc_doc *e = fx_str(&f, "Warning: the road is closed.\nDrivers should wait.\n\nMore text.\n");
    ck_assert_uint_eq(cc_doc_nmeta(e) <= 1, 1); /* at most a derived title */
    ck_assert_ptr_null(removed(e, "metadata", buf, sizeof buf));
    ck_assert_ptr_null(cc_doc_meta(e, "warning"));
    /* a markdown rule "---" with no closing fence nearby is not front matter */
    char doc[4096] = "---\n";
    for (int i = 0; i < 150; i++)
        strcat(doc, "Line of text.\n");
    strcat(doc, "---\n");
    cc_doc *g = fx_str(&f, doc);
    ck_assert_ptr_null(removed(g, "metadata", buf, sizeof buf));
    fx_close(&f);
}
END_TEST

START_TEST(date_unknown_and_impossible)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_str(&f, "---\ndate: unknown\n---\nThe fair opened.\n");
    ck_assert_int_eq(cc_doc_date(d, NULL), CC_DATE_UNKNOWN);
    ck_assert_ptr_null(cc_doc_date_evidence(d));
    ck_assert_int_eq(f.dg.warnings, 0);
    d = fx_str(&f, "title: Leap Trouble\ndate: 2026-02-30\n\nThe fair closed.\n");
    ck_assert_int_eq(cc_doc_date(d, NULL), CC_DATE_UNKNOWN);
    ck_assert_int_eq(f.dg.warnings, 1);
    ck_assert_msg(strstr(f.dg.text, "[bad-date] mem/test-doc.md:2:") != NULL, "%s", f.dg.text);
    ck_assert(strstr(f.dg.text, "2026-02-30") != NULL);
    d = fx_str(&f, "date: March 3rd\n\nText.\n");
    ck_assert_int_eq(cc_doc_date(d, NULL), CC_DATE_UNKNOWN);
    ck_assert_int_eq(f.dg.warnings, 2);
    fx_close(&f);
}
END_TEST

START_TEST(glued_date_and_title)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_str(&f, " date 2026-03-04 Ministers Meet in Niamey to Talk Trade\n\n\n"
                           "The ministers met for two days.\n");
    char buf[128];
    cc_date date;
    ck_assert_int_eq(cc_doc_date(d, &date), CC_DATE_METADATA);
    ck_assert_int_eq(date.day, 4);
    ck_assert_str_eq(cc_doc_date_evidence(d), "title line: date 2026-03-04");
    ck_assert_str_eq(cc_doc_meta(d, "title"), "Ministers Meet in Niamey to Talk Trade");
    ck_assert_str_eq(removed(d, "glued-date", buf, sizeof buf), " date 2026-03-04 ");
    const cc_removal *r = cc_doc_removal(d, 0);
    ck_assert(strncmp(cc_doc_text(d, NULL) + r->span.end, "Ministers Meet", 14) == 0);
    check_map(d);
    fx_close(&f);
}
END_TEST

START_TEST(derived_title)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_seg(&f, "\nHarvest Festival Draws Record Crowds\nThousands came. They stayed.\n");
    ck_assert_str_eq(cc_doc_meta(d, "title"), "Harvest Festival Draws Record Crowds");
    d = fx_seg(&f, "The harvest festival drew record crowds.\nThousands came.\n");
    ck_assert_ptr_null(cc_doc_meta(d, "title"));
    d = fx_seg(&f, "Share this on Facebook\n## **Flood Warning Lifted**\nWater levels fell.\n");
    ck_assert_str_eq(cc_doc_meta(d, "title"), "Flood Warning Lifted");
    fx_close(&f);
}
END_TEST

START_TEST(manifest)
{
    make_tmpdir();
    write_str("news/manifest.tsv", "file\tdate\toutlet\ttitle\n"
                                   "a.txt\t2025-05-06\tThe Herald\t\n"
                                   "b.txt\t2025-13-01\tNorth Post\tB Title\n"
                                   "only two\tfields\n"
                                   "c.md\t2025-01-01\tManifest Outlet\t\n"
                                   "sub/d.txt\t2024-07-08\tDeep Outlet\t\n");
    write_str("news/a.txt", "The council met.\n");
    write_str("news/b.txt", "The council adjourned.\n");
    write_str("news/c.md", "---\ndate: 2025-02-02\n---\nThe council voted.\n");
    write_str("news/sub/d.txt", "The council resigned.\n");
    fx f;
    fx_open(&f, 0, 0, 0);
    char path[256];
    tmp_path(path, sizeof path, "news");
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, path), 0);
    ck_assert_uint_eq(cc_corpus_ndocs(f.corpus), 4);
    cc_doc *a = cc_corpus_doc(f.corpus, 0), *b = cc_corpus_doc(f.corpus, 1);
    cc_doc *c = cc_corpus_doc(f.corpus, 2), *d = cc_corpus_doc(f.corpus, 3);
    ck_assert_str_eq(cc_doc_id(a), "a");
    ck_assert_str_eq(cc_doc_meta(a, "outlet"), "The Herald");
    ck_assert_ptr_null(cc_doc_meta(a, "title")); /* empty cell; first line ends a sentence */
    cc_date date;
    ck_assert_int_eq(cc_doc_date(a, &date), CC_DATE_METADATA);
    ck_assert_int_eq(date.month, 5);
    ck_assert(strstr(cc_doc_date_evidence(a), "manifest.tsv line 2") != NULL);
    ck_assert_int_eq(cc_doc_date(b, NULL), CC_DATE_UNKNOWN);
    ck_assert_str_eq(cc_doc_meta(b, "title"), "B Title");
    ck_assert(strstr(f.dg.text, "manifest.tsv:3:") != NULL); /* impossible month */
    ck_assert(strstr(f.dg.text, "manifest.tsv:4:") != NULL); /* malformed line */
    /* own metadata wins, the manifest fills the rest */
    ck_assert_int_eq(cc_doc_date(c, &date), CC_DATE_METADATA);
    ck_assert_int_eq(date.month, 2);
    ck_assert_str_eq(cc_doc_meta(c, "outlet"), "Manifest Outlet");
    ck_assert_str_eq(cc_doc_id(d), "sub/d");
    ck_assert_str_eq(cc_doc_meta(d, "outlet"), "Deep Outlet");
    /* a file named on its own still gets its manifest row */
    tmp_path(path, sizeof path, "news/a.txt");
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, path), 0);
    ck_assert_str_eq(cc_doc_meta(cc_corpus_doc(f.corpus, 4), "outlet"), "The Herald");
    fx_close(&f);
    remove_tmpdir();
}
END_TEST

/* ---- boilerplate ------------------------------------------------------------------------- */

/* Loads `text` and checks that rule `rule` removed exactly `what`. */
static void expect_removal(const char *text, const char *rule, const char *what)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_str(&f, text);
    char buf[512];
    const char *got = removed(d, rule, buf, sizeof buf);
    ck_assert_msg(got != NULL, "rule %s removed nothing in: %s", rule, text);
    ck_assert_str_eq(got, what);
    ck_assert_msg(strstr(f.dg.text, "[boilerplate]") && strstr(f.dg.text, rule),
                  "no note for %s: %s", rule, f.dg.text);
    check_removals(d);
    check_map(d);
    fx_close(&f);
}

START_TEST(boilerplate_lines)
{
    expect_removal("Share this story\nThe mayor spoke.\n", "share", "Share this story");
    expect_removal("The mayor spoke.\nShare on Facebook\n", "share", "Share on Facebook");
    expect_removal("The mayor spoke.\nRead more: https://example.org/x\n", "read-more",
                   "Read more: https://example.org/x");
    expect_removal("The mayor spoke.\n\nYour take \xF0\x9F\x91\x87\n", "comment-prompt",
                   "Your take \xF0\x9F\x91\x87");
    expect_removal("The mayor spoke.\nWhat do you think?\n", "comment-question",
                   "What do you think?");
    expect_removal("Your take: should the bridge close at night? Tell us below.\n", "comment-prompt",
                   "Your take: should the bridge close at night? Tell us below.");
    expect_removal("The mayor spoke.\nIs the curfew fair? Let us know in the comments.\n",
                   "comments-call", "Is the curfew fair? Let us know in the comments.");
    expect_removal("The mayor spoke.\nhttps://video.example.com/watch?v=abc123\nMore.\n",
                   "bare-url", "https://video.example.com/watch?v=abc123");
    expect_removal("The mayor spoke.\nXk3Lm9Qp2Zw?si=Ab_12cD\nMore.\n", "url-fragment",
                   "Xk3Lm9Qp2Zw?si=Ab_12cD");
    expect_removal("The mayor spoke.\nFollow us on the usual networks\nMore.\n", "follow-us",
                   "Follow us on the usual networks");
    expect_removal("The mayor spoke.\nADVERTISEMENT\nMore.\n", "advertisement", "ADVERTISEMENT");
    expect_removal("The mayor spoke.\n#FloodWatch #Riverside\nMore.\n", "hashtag-line",
                   "#FloodWatch #Riverside");
    /* body text that looks a little like them stays */
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_str(&f, "Share prices rose.\nYour take on the budget matters, she said.\n");
    ck_assert_uint_eq(cc_doc_nremovals(d), 0);
    fx_close(&f);
}
END_TEST

START_TEST(boilerplate_block)
{
    const char *text = "The mayor spoke.\nREAD ALSO:\n- Town hall repainted\n"
                       "- Second story here\n\nThe meeting ended.\n";
    expect_removal(text, "read-also",
                   "READ ALSO:\n- Town hall repainted\n- Second story here");
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_str(&f, text);
    ck_assert_uint_eq(cc_doc_nremovals(d), 1);
    fx_close(&f);
    expect_removal("Intro line here.\nRelated:\n* One link\nBody again.\n", "read-also",
                   "Related:\n* One link");
}
END_TEST

START_TEST(boilerplate_captions_and_credits)
{
    expect_removal("The mayor spoke.\nA crowd gathers outside the old town hall on Friday. "
                   "(AFP via Getty Images)\nThe mayor left.\n",
                   "caption",
                   "A crowd gathers outside the old town hall on Friday. (AFP via Getty Images)");
    expect_removal("The mayor spoke.\nVolunteers stack sandbags near the river. (AP)\nMore.\n",
                   "caption", "Volunteers stack sandbags near the river. (AP)");
    expect_removal("The mayor spoke.\nFlooded street in the lower town (Reuters)\nMore.\n",
                   "photo-credit", "(Reuters)");
    expect_removal("The mayor spoke.\nBoats on the lake (Photo: Jane Doe)\nMore.\n",
                   "photo-credit", "(Photo: Jane Doe)");
    /* a credit-like parenthesis inside a sentence stays */
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_str(&f, "The agency (AP) said the bridge was safe.\n");
    ck_assert_uint_eq(cc_doc_nremovals(d), 0);
    fx_close(&f);
}
END_TEST

START_TEST(boilerplate_inline)
{
    expect_removal("The mayor spoke.\nGreat turnout today \xF0\x9F\x8E\x89\xF0\x9F\x8E\x89 said"
                   " one.\n",
                   "emoji", "\xF0\x9F\x8E\x89\xF0\x9F\x8E\x89");
    expect_removal("The mayor spoke.\nThanks \xE2\x9C\x8C\xEF\xB8\x8F friends.\n", "emoji",
                   "\xE2\x9C\x8C\xEF\xB8\x8F");
    expect_removal("The mayor spoke.\nTalks moved to #Lisbon this week.\n", "hashtag", "#");
    expect_removal("The mayor spoke.\n## Budget Details\nMore.\n", "heading-marker", "## ");
    expect_removal("The mayor spoke.\nThe **final** vote is today.\n", "emphasis", "**");
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_str(&f, "The mayor spoke.\nA **bold** claim about #Oslo \xF0\x9F\x98\x80.\n");
    ck_assert_uint_eq(cc_doc_nremovals(d), 4); /* **, **, #, emoji */
    check_removals(d);
    /* "C#" and "&#39;" are not hashtags */
    d = fx_str(&f, "The mayor spoke.\nShe writes C# and HTML like &#39; daily.\n");
    ck_assert_uint_eq(cc_doc_nremovals(d), 0);
    fx_close(&f);
}
END_TEST

START_TEST(keep_boilerplate)
{
    fx f;
    fx_open(&f, 0, 1, 0);
    cc_doc *d = fx_str(&f, "---\ndate: 2025-01-02\n---\nShare this article\nBody text here.\n");
    char buf[64];
    ck_assert_ptr_null(removed(d, "share", buf, sizeof buf));
    ck_assert_ptr_nonnull(removed(d, "metadata", buf, sizeof buf));
    ck_assert(strstr(f.dg.text, "rule 'share'") != NULL);
    fx_close(&f);
}
END_TEST

START_TEST(dateline)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    char buf[128];
    cc_doc *d = fx_str(&f, "Lake Levels Fall\nBAMAKO, Mali \xE2\x80\x93 Officials said on Monday "
                           "that the lake fell.\n");
    ck_assert_str_eq(cc_doc_dateline(d), "BAMAKO, Mali");
    ck_assert_str_eq(removed(d, "dateline", buf, sizeof buf), "BAMAKO, Mali \xE2\x80\x93 ");
    const cc_removal *r = cc_doc_removal(d, 0);
    ck_assert(strncmp(cc_doc_text(d, NULL) + r->span.end, "Officials said", 14) == 0);
    d = fx_str(&f, "NIAMEY (Reuters) \xE2\x80\x94 The talks resumed.\n");
    ck_assert_str_eq(cc_doc_dateline(d), "NIAMEY");
    d = fx_str(&f, "SAINT-LOUIS, Senegal - The ferry ran late.\n");
    ck_assert_str_eq(cc_doc_dateline(d), "SAINT-LOUIS, Senegal");
    d = fx_str(&f, "The ferry ran late - again.\n");
    ck_assert_ptr_null(cc_doc_dateline(d));
    d = fx_seg(&f, "UN, Mali - Talks Resume\nThe talks resumed.\n"); /* a title, not a dateline */
    ck_assert_ptr_null(cc_doc_dateline(d));
    ck_assert_str_eq(cc_doc_meta(d, "title"), "UN, Mali - Talks Resume");
    fx_close(&f);
}
END_TEST

/* ---- normalization ----------------------------------------------------------------------- */

static int count_fffd(const char *s)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, "\xEF\xBF\xBD")) != NULL; p += 3)
        n++;
    return n;
}

/* Loads raw bytes; expects `nbad` replacement characters and as many warnings. */
static void expect_invalid(const char *raw, size_t len, int nbad, const char *text)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_load(&f, raw, len);
    size_t tlen;
    const char *t = cc_doc_text(d, &tlen);
    ck_assert_int_eq(count_fffd(t), nbad);
    if (text)
        ck_assert_str_eq(t, text);
    ck_assert_int_eq(f.dg.warnings, nbad);
    ck_assert(strstr(f.dg.text, "[utf8-invalid]") != NULL);
    check_map(d);
    fx_close(&f);
}

START_TEST(utf8_invalid_positions)
{
    expect_invalid("\xFF" "abc", 4, 1, "\xEF\xBF\xBD" "abc");
    expect_invalid("ab\xC3(cd", 6, 1, "ab\xEF\xBF\xBD(cd");
    expect_invalid("abc\x80", 4, 1, "abc\xEF\xBF\xBD");
    expect_invalid("abc\xE2\x82", 5, 1, "abc\xEF\xBF\xBD");     /* truncated at EOF */
    expect_invalid("a\xC0\xAF" "b", 4, 2, NULL);                /* overlong '/' */
    expect_invalid("a\xE0\x80\xAF" "b", 5, 3, NULL);            /* overlong, 3 bytes */
    expect_invalid("a\xED\xA0\x80" "b", 5, 3, NULL);            /* surrogate U+D800 */
    expect_invalid("a\xF4\x90\x80\x80" "b", 6, 4, NULL);        /* above U+10FFFF */
    expect_invalid("a\xF0\x9F\x98" "b", 5, 1, "a\xEF\xBF\xBD" "b"); /* truncated 4-byte */
}
END_TEST

START_TEST(utf8_diag_position_and_cap)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    fx_str(&f, "first line\nab\xFFz\n");
    ck_assert_msg(strstr(f.dg.text, "test-doc.md:2:3:") != NULL, "%s", f.dg.text);
    ck_assert(strstr(f.dg.text, "byte 13") != NULL);
    fx_close(&f);
    fx_open(&f, 0, 0, 0);
    fx_str(&f, "x\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFFy");
    ck_assert_int_eq(f.dg.warnings, 6);
    ck_assert(strstr(f.dg.text, "3 more invalid") != NULL);
    fx_close(&f);
}
END_TEST

START_TEST(utf8_strict)
{
    fx f;
    fx_open(&f, 1, 0, 0);
    ck_assert_int_eq(cc_corpus_add_buffer(f.corpus, "bad.txt", "ok\xC3(", 4), CC_EINPUT);
    ck_assert_uint_eq(cc_corpus_ndocs(f.corpus), 0);
    ck_assert_uint_eq(cc_corpus_nerrors(f.corpus), 1);
    ck_assert_int_ge(f.dg.errors, 1);
    ck_assert_int_eq(cc_corpus_add_buffer(f.corpus, "good.txt", "fine text", 9), 0);
    ck_assert_uint_eq(cc_corpus_ndocs(f.corpus), 1);
    fx_close(&f);
}
END_TEST

START_TEST(bom_crlf_nul_zero_width)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    static const char raw[] = "\xEF\xBB\xBF" "Line one\r\nLine\0 two\rLine\xE2\x80\x8B three"
                              "\xEF\xBB\xBF ok\xE2\x81\xA0!\r\n";
    cc_doc *d = fx_load(&f, raw, sizeof raw - 1);
    size_t len;
    const char *t = cc_doc_text(d, &len);
    ck_assert_str_eq(t, "Line one\nLine two\nLine three ok!\n");
    check_map(d);
    /* exact offsets: "two" and "three" map to where they are in the file */
    ck_assert_uint_eq(cc_doc_raw_offset(d, (size_t)(strstr(t, "two") - t)),
                      (size_t)((const char *)memmem(raw, sizeof raw - 1, "two", 3) - raw));
    ck_assert_uint_eq(cc_doc_raw_offset(d, (size_t)(strstr(t, "three") - t)),
                      (size_t)((const char *)memmem(raw, sizeof raw - 1, "three", 5) - raw));
    ck_assert(strstr(f.dg.text, "[nul-byte]") != NULL);
    ck_assert(strstr(f.dg.text, "1 NUL byte") != NULL);
    fx_close(&f);
}
END_TEST

START_TEST(nfd_to_nfc_offsets)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    /* "Cafe\u0301 Ame\u0301lie x" in NFD; text is NFC */
    static const char raw[] = "Cafe\xCC\x81 Ame\xCC\x81lie x\n";
    cc_doc *d = fx_load(&f, raw, sizeof raw - 1);
    size_t len;
    const char *t = cc_doc_text(d, &len);
    ck_assert_str_eq(t, "Caf\xC3\xA9 Am\xC3\xA9lie x\n");
    ck_assert_uint_eq(cc_doc_raw_offset(d, 0), 0);
    ck_assert_uint_eq(cc_doc_raw_offset(d, 3), 3); /* start of e-acute <- "e" + U+0301 */
    ck_assert_uint_eq(cc_doc_raw_offset(d, 5), 6); /* the space after it */
    ck_assert_uint_eq(cc_doc_raw_offset(d, 6), 7); /* "A" */
    ck_assert_uint_eq(cc_doc_raw_offset(d, 8), 9); /* e-acute */
    ck_assert_uint_eq(cc_doc_raw_offset(d, 10), 12); /* "l" */
    check_map(d);
    /* text already in NFC: identity map, a single anchor */
    cc_doc *e = fx_str(&f, "D\xC3\xA9j\xC3\xA0 vu \xE4\xB8\xAD\xE6\x96\x87 na\xC3\xAFve\n");
    ck_assert_uint_eq(((struct cc_doc *)e)->anchors.n, 1);
    check_map(e);
    fx_close(&f);
}
END_TEST

START_TEST(mixed_map_property)
{
    fx f;
    fx_open(&f, 0, 0, 0);
    static const char raw[] =
        "\xEF\xBB\xBF" "Alpha \xFF" "Beta\r\n\xE2\x80\x8D" "Gamma e\xCC\x81" "Delta\0\0Epsilon"
        "\r\xC3Zeta \xF0\x9F\x98\x80 Eta\xE2\x80\x8B" "Theta o\xCC\x88\xCC\x81" "Iota\xE0\xA4";
    cc_doc *d = fx_load(&f, raw, sizeof raw - 1);
    check_map(d);
    size_t len;
    const char *t = cc_doc_text(d, &len);
    ck_assert(strstr(t, "Gamma \xC3\xA9" "Delta") != NULL);
    ck_assert(strstr(t, "DeltaEpsilon\n\xEF\xBF\xBDZeta") != NULL);
    fx_close(&f);
}
END_TEST

/* Random documents built from troublesome pieces: the map and the removals stay valid. */
START_TEST(random_documents)
{
    static const char *pieces[] = {"a", "Zb", " ", "\n", "\r", "\r\n", "\0", "\xC3\xA9",
                                   "e\xCC\x81", "\xCC\x88", "\xE2\x80\x8B", "\xEF\xBB\xBF",
                                   "\xFF", "\xE2\x82", "\xF0\x9F\x98\x80", "#", "**",
                                   "(AP)", "Share this", "---", "date: 2026-01-01",
                                   "READ ALSO:", "- ", "DAKAR, Senegal \xE2\x80\x93 ", ". "};
    static const size_t lens[] = {1, 2, 1, 1, 1, 2, 1, 2, 3, 2, 3, 3, 1, 2, 4, 1, 2, 4, 10, 3,
                                  16, 10, 2, 19, 2};
    fx f;
    fx_open(&f, 0, 0, 0);
    unsigned seed = 12345;
    char buf[4096];
    for (int iter = 0; iter < 400; iter++) {
        size_t n = 0;
        int npieces = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 120;
        for (int k = 0; k < npieces; k++) {
            size_t p = ((seed = seed * 1103515245u + 12345u) >> 16) % (sizeof lens / sizeof lens[0]);
            memcpy(buf + n, pieces[p], lens[p]);
            n += lens[p];
        }
        if (cc_corpus_add_buffer(f.corpus, "r.txt", buf, n) < 0)
            ck_abort_msg("add_buffer failed: %s", cc_errmsg());
        size_t nd = cc_corpus_ndocs(f.corpus);
        if (nd == 0)
            continue;
        const cc_doc *d = cc_corpus_doc(f.corpus, nd - 1);
        check_map(d);
        check_removals(d);
        f.dg.text[0] = '\0';
    }
    ck_assert_uint_gt(cc_corpus_ndocs(f.corpus), 300); /* most were text, not "binary" */
    fx_close(&f);
}
END_TEST

START_TEST(long_single_line)
{
    size_t n = (size_t)50 << 20;
    char *big = malloc(n);
    ck_assert_ptr_nonnull(big);
    static const char unit[] = "word caf\xC3\xA9 #tag e\xCC\x81 ";
    for (size_t i = 0; i < n; i++)
        big[i] = unit[i % (sizeof unit - 1)];
    fx f;
    fx_open(&f, 0, 0, 0);
    cc_doc *d = fx_load(&f, big, n);
    size_t len;
    cc_doc_text(d, &len);
    ck_assert_uint_gt(len, n / 2);
    ck_assert_uint_eq(cc_doc_raw_offset(d, len), n);
    ck_assert_uint_gt(cc_doc_nremovals(d), 1000); /* hashtags */
    fx_close(&f);
    free(big);
}
END_TEST

/* ---- files and directories --------------------------------------------------------------- */

START_TEST(binary_empty_too_large)
{
    fx f;
    fx_open(&f, 0, 0, 100);
    ck_assert_int_eq(cc_corpus_add_buffer(f.corpus, "p.png", "\x89PNG\r\n\x1a\nxxxx", 12), 0);
    char ctrl[64];
    memset(ctrl, 1, sizeof ctrl);
    ck_assert_int_eq(cc_corpus_add_buffer(f.corpus, "c.txt", ctrl, sizeof ctrl), 0);
    ck_assert_uint_eq(cc_corpus_ndocs(f.corpus), 0);
    ck_assert(strstr(f.dg.text, "[binary-skipped] p.png") != NULL);
    ck_assert(strstr(f.dg.text, "[binary-skipped] c.txt") != NULL);
    ck_assert_int_eq(cc_corpus_add_buffer(f.corpus, "e.txt", " \n\t\n", 4), 0);
    ck_assert_uint_eq(cc_corpus_ndocs(f.corpus), 1);
    ck_assert(strstr(f.dg.text, "[empty] e.txt") != NULL);
    char big[200];
    memset(big, 'a', sizeof big);
    ck_assert_int_eq(cc_corpus_add_buffer(f.corpus, "big.txt", big, sizeof big), 0);
    ck_assert_uint_eq(cc_corpus_ndocs(f.corpus), 1);
    ck_assert(strstr(f.dg.text, "[too-large] big.txt") != NULL);
    ck_assert(strstr(f.dg.text, "--max-doc-bytes") != NULL);
    ck_assert(strstr(f.dg.text, "100") != NULL);
    ck_assert_uint_eq(cc_corpus_nerrors(f.corpus), 0);
    fx_close(&f);
}
END_TEST

START_TEST(missing_and_unreadable)
{
    make_tmpdir();
    write_str("ok.txt", "Readable text.\n");
    write_str("locked.txt", "Secret text.\n");
    char ok[256], locked[256], missing[256];
    tmp_path(ok, sizeof ok, "ok.txt");
    tmp_path(locked, sizeof locked, "locked.txt");
    tmp_path(missing, sizeof missing, "nope.txt");
    fx f;
    fx_open(&f, 0, 0, 0);
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, missing), CC_EINPUT);
    ck_assert_uint_eq(cc_corpus_nerrors(f.corpus), 1);
    ck_assert(strstr(f.dg.text, "nope.txt") != NULL);
    chmod(locked, 0);
    if (access(locked, R_OK) == 0) {
        /* root reads anything: a path through a regular file fails instead */
        snprintf(locked, sizeof locked, "%s/ok.txt/inner.txt", tmpdir);
    }
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, locked), CC_EINPUT);
    ck_assert_uint_eq(cc_corpus_nerrors(f.corpus), 2);
    /* in a directory: the error is reported, the other files still load */
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, tmpdir), geteuid() == 0 ? 0 : CC_EINPUT);
    ck_assert_uint_ge(cc_corpus_ndocs(f.corpus), 1);
    ck_assert_str_eq(cc_doc_id(cc_corpus_doc(f.corpus, cc_corpus_ndocs(f.corpus) - 1)), "ok");
    ck_assert_int_ge(f.dg.errors, 2);
    fx_close(&f);
    remove_tmpdir();
}
END_TEST

START_TEST(directory_order_and_ids)
{
    make_tmpdir();
    write_str("c/b.txt", "B.\n");
    write_str("c/a.md", "A md.\n");
    write_str("c/a.txt", "A txt.\n");
    write_str("c/a/x.txt", "Nested.\n");
    write_str("c/z.bin", "Not loaded.\n");
    write_str("c/.hidden.txt", "Hidden.\n");
    write_str("c/notes.text", "Explicit.\n");
    char dir[256], one[256];
    tmp_path(dir, sizeof dir, "c/");
    tmp_path(one, sizeof one, "c/notes.text");
    fx f;
    fx_open(&f, 0, 0, 0);
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, dir), 0);
    ck_assert_uint_eq(cc_corpus_ndocs(f.corpus), 4);
    static const char *ids[] = {"a", "a", "a/x", "b"};
    static const char *tails[] = {"/a.md", "/a.txt", "/a/x.txt", "/b.txt"};
    for (size_t i = 0; i < 4; i++) {
        const cc_doc *d = cc_corpus_doc(f.corpus, i);
        ck_assert_str_eq(cc_doc_id(d), ids[i]);
        const char *p = cc_doc_path(d);
        ck_assert_str_eq(p + strlen(p) - strlen(tails[i]), tails[i]);
    }
    /* a file given explicitly loads whatever its extension */
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, one), 0);
    ck_assert_str_eq(cc_doc_id(cc_corpus_doc(f.corpus, 4)), "notes");
    ck_assert_str_eq(cc_doc_checksum(cc_corpus_doc(f.corpus, 4)),
                     ((struct cc_doc *)cc_corpus_doc(f.corpus, 4))->checksum);
    fx_close(&f);
    remove_tmpdir();
}
END_TEST

START_TEST(symlink_loop_and_depth)
{
    make_tmpdir();
    write_str("l/a.txt", "A.\n");
    write_str("l/sub/b.txt", "B.\n");
    char link[256], dir[256], deep[2048];
    tmp_path(link, sizeof link, "l/sub/up");
    tmp_path(dir, sizeof dir, "l");
    ck_assert_int_eq(symlink(dir, link), 0);
    fx f;
    fx_open(&f, 0, 0, 0);
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, dir), 0);
    ck_assert_uint_eq(cc_corpus_ndocs(f.corpus), 2);
    ck_assert(strstr(f.dg.text, "symlink loop") != NULL);
    /* 70 levels: a warning, no crash */
    size_t n = (size_t)snprintf(deep, sizeof deep, "%s/d", tmpdir);
    for (int i = 0; i < 70; i++) {
        ck_assert_int_eq(mkdir(deep, 0755), 0);
        n += (size_t)snprintf(deep + n, sizeof deep - n, "/d");
    }
    snprintf(deep + n - 1, sizeof deep - n + 1, "x.txt");
    FILE *fp = fopen(deep, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("Deep.\n", fp);
    fclose(fp);
    tmp_path(dir, sizeof dir, "d");
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, dir), 0);
    ck_assert(strstr(f.dg.text, "[too-deep]") != NULL);
    fx_close(&f);
    remove_tmpdir();
}
END_TEST

START_TEST(stdin_name)
{
    make_tmpdir();
    write_str("in.txt", "From standard input.\n");
    char path[256];
    tmp_path(path, sizeof path, "in.txt");
    ck_assert_ptr_nonnull(freopen(path, "r", stdin));
    fx f;
    fx_open(&f, 0, 0, 0);
    ck_assert_int_eq(cc_corpus_add_path(f.corpus, "-"), 0);
    const cc_doc *d = cc_corpus_doc(f.corpus, 0);
    ck_assert_str_eq(cc_doc_path(d), "-");
    ck_assert_str_eq(cc_doc_id(d), "stdin");
    ck_assert_str_eq(cc_doc_text(d, NULL), "From standard input.\n");
    fx_close(&f);
    remove_tmpdir();
}
END_TEST


/* A rule that backtracks without end on a line hits pcre2's limits: the line is kept, the
 * work goes on, and the file gets one warning naming the rule. */
START_TEST(regex_limit_warns)
{
    char dir[] = "/tmp/cc_load_limitXXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    const char *real = getenv("CROSSCHECK_MODELS");
    ck_assert_ptr_nonnull(real);
    DIR *d = opendir(real);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    char from[1024], to[1024];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "boilerplate.rules") == 0)
            continue;
        snprintf(from, sizeof from, "%s/%s", real, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        ck_assert_int_eq(symlink(from, to), 0);
    }
    closedir(d);
    snprintf(to, sizeof to, "%s/boilerplate.rules", dir);
    FILE *f = fopen(to, "w");
    ck_assert_ptr_nonnull(f);
    fputs("evil\tinline\t(?:a|aa)+$\n", f);
    fclose(f);
    diags dg;
    memset(&dg, 0, sizeof dg);
    cc_options o = CC_OPTIONS_INIT;
    o.models_dir = dir;
    o.diag = collect;
    o.diag_data = &dg;
    cc_context *ctx = NULL;
    ck_assert_msg(cc_context_new(&ctx, &o) == 0, "%s", cc_errmsg());
    cc_corpus *c = NULL;
    ck_assert_int_eq(cc_corpus_new(&c, ctx), 0);
    char text[600];
    memset(text, 'a', 400);
    strcpy(text + 400, "b\nThe vote was held.\n");
    ck_assert_int_eq(cc_corpus_add_buffer(c, "mem/evil.txt", text, strlen(text)), 0);
    ck_assert_uint_eq(cc_corpus_ndocs(c), 1);
    ck_assert_msg(strstr(dg.text, "mem/evil.txt:1") && strstr(dg.text, "'evil'") &&
                      strstr(dg.text, "limit"),
                  "no limit warning: %s", dg.text);
    cc_doc *doc = cc_corpus_doc(c, 0);
    ck_assert_int_eq(cc_doc_segment(doc, ctx), 0);
    ck_assert_uint_eq(cc_doc_nsentences(doc), 2); /* nothing lost */
    cc_corpus_free(c);
    cc_context_free(ctx);
    ck_assert_int_eq(tu_rmdir(dir), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("load");
    TCase *meta = tcase_create("metadata");
    tcase_add_test(meta, front_matter);
    tcase_add_test(meta, header_block);
    tcase_add_test(meta, date_unknown_and_impossible);
    tcase_add_test(meta, glued_date_and_title);
    tcase_add_test(meta, derived_title);
    tcase_add_test(meta, manifest);
    suite_add_tcase(s, meta);
    TCase *bp = tcase_create("boilerplate");
    tcase_add_test(bp, boilerplate_lines);
    tcase_add_test(bp, boilerplate_block);
    tcase_add_test(bp, boilerplate_captions_and_credits);
    tcase_add_test(bp, boilerplate_inline);
    tcase_add_test(bp, keep_boilerplate);
    tcase_add_test(bp, dateline);
    tcase_add_test(bp, regex_limit_warns);
    suite_add_tcase(s, bp);
    TCase *norm = tcase_create("normalize");
    tcase_add_test(norm, utf8_invalid_positions);
    tcase_add_test(norm, utf8_diag_position_and_cap);
    tcase_add_test(norm, utf8_strict);
    tcase_add_test(norm, bom_crlf_nul_zero_width);
    tcase_add_test(norm, nfd_to_nfc_offsets);
    tcase_add_test(norm, mixed_map_property);
    tcase_add_test(norm, random_documents);
    tcase_add_test(norm, long_single_line);
    tcase_set_timeout(norm, 120);
    suite_add_tcase(s, norm);
    TCase *files = tcase_create("files");
    tcase_add_test(files, binary_empty_too_large);
    tcase_add_test(files, missing_and_unreadable);
    tcase_add_test(files, directory_order_and_ids);
    tcase_add_test(files, symlink_loop_and_depth);
    tcase_add_test(files, stdin_name);
    suite_add_tcase(s, files);
    return tu_run(s);
}
