/*
 * test_cache.c: the claims cache (cache.c): a stored document comes back with an
 * extraction equal to a fresh one (hit), a changed document is extracted again (miss), and
 * a truncated or garbage database, or one damaged where only reading finds it, is warned
 * about and rebuilt without changing anything, and
 * a damaged record inside a sound database is a miss with a warning, then stored again;
 * a check that takes remembered pair scores gives the results of one that scores them all,
 * and one that defers documents (gate) the results of one without cache.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sqlite3.h>
#include <unistd.h>

#include "testutil.h"

#include "pair_memo.h"

static const char text_a[] =
    "date: 2026-01-02\n"
    "\n"
    "Former US President Donald Trump placed Mali, Niger and Chad on the list last week.\n"
    "About 40 countries were not included, officials said.\n";
/* No title in the metadata: the segmenter derives one from the first line, after the
 * cache looked the document up (the key must not see it). */
static const char text_b[] =
    "---\n"
    "date: 2026-01-03\n"
    "---\n"
    "Ministers to meet in Bamako\n"
    "\n"
    "The ministers may meet again in Bamako on Friday, a union said.\n";

static char dir[256];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/cc-test-cache-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* A corpus of the two texts (the second one changed when `edit`). */
static cc_corpus *corpus_of(cc_context *ctx, int edit)
{
    cc_corpus *c;
    ck_assert_int_eq(cc_corpus_new(&c, ctx), 0);
    ck_assert_int_eq(cc_corpus_add_buffer(c, "a.md", text_a, sizeof text_a - 1), 0);
    const char *b = edit ? "date: 2026-01-03\n\nNobody met in Bamako, a union said.\n" : text_b;
    ck_assert_int_eq(cc_corpus_add_buffer(c, "b.md", b, strlen(b)), 0);
    return c;
}

static char *record_of(cc_corpus *c, cc_context *ctx, size_t i)
{
    char *rec = NULL;
    size_t len;
    ck_assert_int_eq(cc_doc_record(&rec, &len, cc_corpus_doc(c, i), ctx), 0);
    return rec;
}

/* One run as the CLI does it: fill, extract the rest, store. Returns the hits. */
static size_t run(cc_context *ctx, cc_corpus *c)
{
    cc_cache *cache;
    size_t hits;
    ck_assert_msg(cc_cache_open(&cache, ctx, dir) == 0, "%s", cc_errmsg());
    ck_assert_int_eq(cc_cache_fill(cache, c, &hits), 0);
    for (size_t i = 0; i < cc_corpus_ndocs(c); i++)
        ck_assert_int_eq(cc_doc_claims(cc_corpus_doc(c, i), ctx), 0);
    ck_assert_int_eq(cc_cache_store(cache, c), 0);
    cc_cache_free(cache);
    return hits;
}

/* A fresh cache folder filled by one run over the two texts. */
static void filled_cache(cc_context *ctx)
{
    make_dir();
    cc_corpus *c = corpus_of(ctx, 0);
    run(ctx, c);
    cc_corpus_free(c);
}

/* The corpus's records equal those of a fresh extraction without a cache. */
static void equals_fresh(cc_context *ctx, cc_corpus *c, int edit)
{
    cc_corpus *fresh = corpus_of(ctx, edit);
    for (size_t i = 0; i < 2; i++) {
        char *a = record_of(fresh, ctx, i), *b = record_of(c, ctx, i);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
    }
    cc_corpus_free(fresh);
}

START_TEST(hit_and_miss)
{
    cc_context *ctx = tu_context(NULL, 0);
    make_dir();
    cc_corpus *c = corpus_of(ctx, 0);
    ck_assert_uint_eq(run(ctx, c), 0); /* cold */
    cc_corpus_free(c);
    c = corpus_of(ctx, 0);
    ck_assert_uint_eq(run(ctx, c), 2); /* warm: both restored */
    equals_fresh(ctx, c, 0);
    cc_corpus_free(c);
    c = corpus_of(ctx, 1);
    ck_assert_uint_eq(run(ctx, c), 1); /* one document changed: one miss */
    equals_fresh(ctx, c, 1);
    cc_corpus_free(c);
    tu_rmdir(dir);
    cc_context_free(ctx);
}
END_TEST

/* Damages the database with `how` ("truncate", "garbage", or "middle": every page but the
 * first overwritten, which opening does not see and reading meets), then runs twice. */
static void damaged(const char *how)
{
    tu_diags diags;
    cc_context *ctx = tu_context(&diags, 0);
    filled_cache(ctx);
    char db[300], cmd[1200];
    snprintf(db, sizeof db, "%s/claims.sqlite", dir);
    if (strcmp(how, "truncate") == 0)
        snprintf(cmd, sizeof cmd, "truncate -s 3000 '%s'; rm -f '%s-wal' '%s-shm'", db, db, db);
    else if (strcmp(how, "middle") == 0)
        snprintf(cmd, sizeof cmd,
                 "n=$(stat -c %%s '%s'); test \"$n\" -gt 4096 && yes Z | tr -d '\\n' | "
                 "head -c $((n - 4096)) | dd of='%s' bs=4096 seek=1 conv=notrunc 2>/dev/null",
                 db, db);
    else
        snprintf(cmd, sizeof cmd, "head -c 5000 /dev/urandom > '%s'; rm -f '%s-wal' '%s-shm'",
                 db, db, db);
    ck_assert_int_eq(system(cmd), 0);
    cc_corpus *c = corpus_of(ctx, 0);
    ck_assert_uint_eq(run(ctx, c), 0);
    ck_assert_msg(strstr(diags.text, "cache-rebuilt") || strstr(diags.text, "rebuilt"),
                  "no warning: %s", diags.text);
    if (strcmp(how, "middle") == 0)
        ck_assert_msg(strstr(diags.text, "broke while read"), "%s", diags.text);
    equals_fresh(ctx, c, 0);
    cc_corpus_free(c);
    c = corpus_of(ctx, 0);
    ck_assert_uint_eq(run(ctx, c), 2); /* rebuilt and filled again */
    equals_fresh(ctx, c, 0);
    cc_corpus_free(c);
    tu_rmdir(dir);
    cc_context_free(ctx);
}

START_TEST(truncated_database_is_rebuilt) { damaged("truncate"); }
END_TEST

START_TEST(garbage_database_is_rebuilt) { damaged("garbage"); }
END_TEST

START_TEST(damage_met_while_read_is_rebuilt) { damaged("middle"); }
END_TEST

/* Runs `sql` on the cache database of `dir`. */
static void cache_sql(const char *sql)
{
    char db[300];
    sqlite3 *h = NULL;
    snprintf(db, sizeof db, "%s/claims.sqlite", dir);
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
    sqlite3_close(h);
}

START_TEST(damaged_record_is_a_miss)
{
    tu_diags diags;
    cc_context *ctx = tu_context(&diags, 0);
    filled_cache(ctx);
    /* one record cut short, the other with a byte of its payload changed */
    cache_sql("UPDATE doc_records SET record = substr(record, 1, length(record) - 9) "
              "WHERE rowid = (SELECT min(rowid) FROM doc_records);"
              "UPDATE doc_records SET record = substr(record, 1, 70) || x'ff' || "
              "substr(record, 72) WHERE rowid = (SELECT max(rowid) FROM doc_records);");
    cc_corpus *c = corpus_of(ctx, 0);
    ck_assert_uint_eq(run(ctx, c), 0);
    ck_assert_msg(diags.warnings == 2 && strstr(diags.text, "extracted again"), "%s", diags.text);
    equals_fresh(ctx, c, 0);
    cc_corpus_free(c);
    c = corpus_of(ctx, 0);
    ck_assert_uint_eq(run(ctx, c), 2); /* the misses were stored again */
    equals_fresh(ctx, c, 0);
    cc_corpus_free(c);
    tu_rmdir(dir);
    cc_context_free(ctx);
}
END_TEST

/* Three reports of one story (my own sentences), the third changed when `edit`. */
static cc_corpus *story_of(cc_context *ctx, int edit)
{
    static const char *const texts[] = {
        "date: 2026-02-02\n\nThe ministry in Bamako said 40 schools in Mali would reopen on "
        "Monday.\nTeachers in Bamako welcomed the decision, a union said.\n",
        "date: 2026-02-02\n\nForty schools in Mali will reopen on Monday, the ministry in Bamako "
        "said.\nThe union of teachers in Bamako welcomed it.\n",
        "date: 2026-02-03\n\nThe ministry in Bamako said 45 schools in Mali reopened on Tuesday.\n"
        "Parents in Bamako were relieved.\n"};
    const char *third = "date: 2026-02-03\n\nThe ministry in Bamako said 50 schools in Mali "
                        "reopened on Tuesday.\nParents in Bamako were relieved, a union said.\n";
    cc_corpus *c;
    ck_assert_int_eq(cc_corpus_new(&c, ctx), 0);
    for (int i = 0; i < 3; i++) {
        const char *t = i == 2 && edit ? third : texts[i];
        char name[16];
        snprintf(name, sizeof name, "s%d.md", i);
        ck_assert_int_eq(cc_corpus_add_buffer(c, name, t, strlen(t)), 0);
    }
    return c;
}

/* A check of the corpus as text: pairs, clusters, each claim's cluster, the conflicts. */
static void check_text(char *out, size_t size, cc_corpus *c, const cc_pairmodel *m)
{
    cc_check *ck;
    cc_check_options o = CC_CHECK_OPTIONS_INIT;
    ck_assert_msg(cc_check_run(&ck, c, m, &o) == 0, "%s", cc_errmsg());
    cc_check_stats st;
    cc_check_get_stats(ck, &st);
    size_t len = (size_t)snprintf(out, size, "pairs %zu scored %zu clusters %zu:",
                                  cc_check_npairs(ck), st.scored_pairs, cc_check_nclusters(ck));
    for (size_t i = 0; i < cc_check_nclaims(ck) && len < size; i++) {
        size_t k;
        cc_check_claim(ck, i, NULL, NULL, &k);
        len += (size_t)snprintf(out + len, size - len, " %zd", (ssize_t)k);
    }
    for (size_t i = 0; i < cc_check_nconflicts(ck) && len < size; i++)
        len += (size_t)snprintf(out + len, size - len, " %s %s", cc_check_conflict(ck, i)->rule,
                                cc_check_conflict(ck, i)->fingerprint);
    cc_check_free(ck);
}

/* One run of the check as the CLI does it: fill (deferring documents when `defer`, as
 * `gate` does), check, store. */
static void cached_check_of(char *out, size_t size, cc_context *ctx, cc_corpus *c,
                            const cc_pairmodel *m, int defer)
{
    cc_cache *cache;
    size_t hits;
    ck_assert_msg(cc_cache_open(&cache, ctx, dir) == 0, "%s", cc_errmsg());
    cc_cache_defer(cache, defer ? m : NULL);
    ck_assert_int_eq(cc_cache_fill(cache, c, &hits), 0);
    check_text(out, size, c, m);
    ck_assert_int_eq(cc_cache_store(cache, c), 0);
    cc_cache_free(cache);
}

static void cached_check(char *out, size_t size, cc_context *ctx, cc_corpus *c,
                         const cc_pairmodel *m)
{
    cached_check_of(out, size, ctx, c, m, 0);
}

/* The check's results with remembered pair scores equal those of a check without a cache:
 * warm, after an edit, and with the remembered scores damaged. */
START_TEST(pair_memo_keeps_results)
{
    static char want[8192], got[8192];
    tu_diags diags;
    cc_context *ctx = tu_context(&diags, 0);
    cc_pairmodel *m = tu_model(ctx);
    make_dir();
    for (int edit = 0; edit < 2; edit++) {
        cc_corpus *c = story_of(ctx, edit);
        check_text(want, sizeof want, c, m);
        cc_corpus_free(c);
        ck_assert_msg(strncmp(want, "pairs 0 ", 8) != 0, "no candidate pairs: %s", want);
        for (int run = 0; run < 2; run++) {
            c = story_of(ctx, edit);
            cached_check(got, sizeof got, ctx, c, m);
            ck_assert_str_eq(want, got);
            /* the warm run of the unchanged corpus scored no pair anew */
            if (run == 1)
                ck_assert_uint_eq(c->pair_memo->fresh, 0);
            cc_corpus_free(c);
        }
    }
    cache_sql("UPDATE pair_scores SET value = substr(value, 1, 3) || x'77' || substr(value, 5)");
    cc_corpus *c = story_of(ctx, 1);
    cached_check(got, sizeof got, ctx, c, m);
    ck_assert_str_eq(want, got);
    ck_assert_msg(strstr(diags.text, "pair scores are damaged"), "%s", diags.text);
    ck_assert_uint_gt(c->pair_memo->fresh, 0);
    cc_corpus_free(c);
    tu_rmdir(dir);
    cc_pairmodel_free(m);
    cc_context_free(ctx);
}
END_TEST

/* The story, one article at odds with itself (a role rule inside one document) and one
 * that shares nothing with the others (my own sentences). The first names its man in 66
 * more claims: blocks of more than max_block (64) claims are dropped, so its two role
 * claims are no candidate pair, and only the summary's role clashes restore it. */
static cc_corpus *stories_of(cc_context *ctx)
{
    static const char harvest[] = "date: 2026-02-06\n\nThe harvest in Ostrava came late this "
                                  "year, farmers in the valley said.\n";
    static const char *const a[] = {"Kar", "Vel", "Tom", "Risk", "Ald", "Mun", "Sor", "Pel",
                                    "Dar"},
                             *const b[] = {"ova", "ent", "ima", "uro", "esk", "ath", "ine", "ol"};
    static char role[8192];
    size_t len = (size_t)snprintf(role, sizeof role, "date: 2026-02-05\n\nFormer Kelvoran "
                                  "President Osman Delor opened the new bridge in Tessaly on "
                                  "Monday.\nPresident Osman Delor thanked the engineers who "
                                  "built it.\n");
    for (int i = 0; i < 66; i++)
        len += (size_t)snprintf(role + len, sizeof role - len,
                                "Osman Delor toured %s%s on Tuesday.\n", a[i / 8], b[i % 8]);
    cc_corpus *c = story_of(ctx, 0);
    ck_assert_int_eq(cc_corpus_add_buffer(c, "role.md", role, len), 0);
    ck_assert_int_eq(cc_corpus_add_buffer(c, "harvest.md", harvest, sizeof harvest - 1), 0);
    return c;
}

/* With deferral (gate): a warm check restores only the documents it reads claims of, and
 * its results equal a check without cache; also when a summary is damaged (restored from
 * its record instead) or the records are gone (extracted again). */
START_TEST(deferred_documents_keep_results)
{
    static char want[8192], got[8192];
    tu_diags diags;
    cc_context *ctx = tu_context(&diags, 0);
    cc_pairmodel *m = tu_model(ctx);
    make_dir();
    cc_corpus *c = stories_of(ctx);
    check_text(want, sizeof want, c, m);
    cc_corpus_free(c);
    ck_assert_msg(strstr(want, "role-document") && strstr(want, "number-interval"), "%s", want);
    for (int run = 0; run < 2; run++) {
        c = stories_of(ctx);
        cached_check_of(got, sizeof got, ctx, c, m, 1);
        ck_assert_str_eq(want, got);
        const cc_doc *harvest = cc_corpus_doc(c, 4), *role = cc_corpus_doc(c, 3);
        ck_assert_uint_gt(cc_doc_nclaims(harvest), 0);
        /* warm: the unrelated article stays a summary, the others are restored */
        ck_assert_int_eq(cc_doc_claim(harvest, 0) == NULL, run == 1);
        ck_assert_ptr_nonnull(cc_doc_claim(role, 0));
        ck_assert_ptr_nonnull(cc_doc_claim(cc_corpus_doc(c, 0), 0));
        cc_corpus_free(c);
    }
    ck_assert_int_eq(diags.warnings, 0);
    cache_sql("UPDATE doc_summaries SET summary = substr(summary, 1, length(summary) - 3)");
    c = stories_of(ctx);
    cached_check_of(got, sizeof got, ctx, c, m, 1);
    ck_assert_str_eq(want, got);
    ck_assert_msg(diags.warnings == 5 && strstr(diags.text, "restored from its record"), "%s",
                  diags.text);
    ck_assert_ptr_nonnull(cc_doc_claim(cc_corpus_doc(c, 4), 0));
    cc_corpus_free(c);
    cache_sql("DELETE FROM doc_records");
    c = stories_of(ctx);
    cached_check_of(got, sizeof got, ctx, c, m, 1);
    ck_assert_str_eq(want, got);
    ck_assert_ptr_null(cc_doc_claim(cc_corpus_doc(c, 4), 0));
    cc_corpus_free(c);
    tu_rmdir(dir);
    cc_pairmodel_free(m);
    cc_context_free(ctx);
}
END_TEST

START_TEST(unusable_folder_is_an_error)
{
    cc_context *ctx = tu_context(NULL, 0);
    cc_cache *cache = NULL;
    ck_assert_int_eq(cc_cache_open(&cache, ctx, "/proc/no/such/dir"), CC_EIO);
    ck_assert_ptr_null(cache);
    cc_context_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cache");
    TCase *tc = tcase_create("cache");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, hit_and_miss);
    tcase_add_test(tc, truncated_database_is_rebuilt);
    tcase_add_test(tc, garbage_database_is_rebuilt);
    tcase_add_test(tc, damage_met_while_read_is_rebuilt);
    tcase_add_test(tc, damaged_record_is_a_miss);
    tcase_add_test(tc, pair_memo_keeps_results);
    tcase_add_test(tc, deferred_documents_keep_results);
    tcase_add_test(tc, unusable_folder_is_an_error);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
