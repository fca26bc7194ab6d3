/* test_parallel.c: the worker pool of --jobs: results and diagnostics reach the calling
 * thread in index order whatever the number of threads, the calling thread runs items too,
 * a failure stops the run with the worker's message, and jobs is validated. */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <unistd.h>

#include "parallel.h"
#include "testutil.h"

enum { NITEMS = 200 };

typedef struct {
    const cc_context *ctx;
    pthread_t caller;
    int value[NITEMS];  /* written by work(i) */
    size_t finished[NITEMS], nfinished;
    int off_thread;     /* finish() ran on another thread than the caller */
    int fail_at;        /* work() of this item fails, -1: none */
} job;

static int work(void *arg, size_t i)
{
    job *j = arg;
    if (i % 7 == 0)
        usleep(200); /* uneven items, so that workers finish out of order */
    j->value[i] = (int)i * 3;
    cc_diag_emit(j->ctx, CC_DIAG_WARNING, "test", "item", (long)i + 1, 0, -1, "item %zu", i);
    if ((int)i == j->fail_at)
        return cc_seterr(CC_EINPUT, "item %zu failed", i);
    return 0;
}

static int finish(void *arg, size_t i, int rc)
{
    job *j = arg;
    if (!pthread_equal(pthread_self(), j->caller))
        j->off_thread = 1;
    j->finished[j->nfinished++] = i;
    return rc;
}

static cc_context *context(tu_diags *d, int jobs)
{
    cc_options o = CC_OPTIONS_INIT;
    o.stages = CC_STAGE_LOAD;
    o.jobs = jobs;
    o.diag = tu_diag_collect;
    o.diag_data = d;
    memset(d, 0, sizeof *d);
    cc_context *ctx = NULL;
    ck_assert_msg(cc_context_new(&ctx, &o) == 0, "%s", cc_errmsg());
    return ctx;
}

static int run(job *j, int jobs, int fail_at, tu_diags *d)
{
    cc_context *ctx = context(d, jobs);
    memset(j, 0, sizeof *j);
    j->ctx = ctx;
    j->caller = pthread_self();
    j->fail_at = fail_at;
    cc_par_task task = {work, finish, j, NULL};
    int rc = cc_parallel_run(ctx, NITEMS, &task);
    cc_context_free(ctx);
    return rc;
}

START_TEST(same_order_for_every_job_count)
{
    static job ref, j;
    static tu_diags dref, d;
    ck_assert_int_eq(run(&ref, 1, -1, &dref), 0);
    ck_assert_int_eq(dref.warnings, NITEMS);
    int counts[] = {2, 3, 8, 64};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        ck_assert_int_eq(run(&j, counts[c], -1, &d), 0);
        ck_assert_uint_eq(j.nfinished, NITEMS);
        for (size_t i = 0; i < NITEMS; i++) {
            ck_assert_uint_eq(j.finished[i], i);
            ck_assert_int_eq(j.value[i], (int)i * 3);
        }
        ck_assert(!j.off_thread);
        ck_assert_str_eq(d.text, dref.text); /* diagnostics in index order, all of them */
    }
}
END_TEST

START_TEST(failure_stops_with_the_workers_message)
{
    static job j;
    static tu_diags d;
    ck_assert_int_eq(run(&j, 4, 50, &d), CC_EINPUT);
    ck_assert_str_eq(cc_errmsg(), "item 50 failed");
    ck_assert_uint_eq(j.nfinished, 51); /* nothing after the failed item is handed on */
    ck_assert_uint_eq(j.finished[50], 50);
    ck_assert_int_eq(d.warnings, 51);
}
END_TEST

/* The calling thread is one of the jobs: while the item it must hand on is not done, it runs
 * items itself. Here a worker's first item waits (up to 2 s) until the caller has run one. */
typedef struct {
    pthread_t caller;
    pthread_mutex_t lock;
    int caller_ran, waited_out;
} helping;

static int help_work(void *arg, size_t i)
{
    helping *h = arg;
    int mine = pthread_equal(pthread_self(), h->caller);
    pthread_mutex_lock(&h->lock);
    if (mine)
        h->caller_ran++;
    pthread_mutex_unlock(&h->lock);
    for (int t = 0; !mine && i == 0 && t < 2000; t++) {
        pthread_mutex_lock(&h->lock);
        int ran = h->caller_ran;
        pthread_mutex_unlock(&h->lock);
        if (ran)
            return 0;
        usleep(1000);
    }
    if (!mine && i == 0)
        h->waited_out = 1;
    return 0;
}

START_TEST(calling_thread_works)
{
    tu_diags d;
    cc_context *ctx = context(&d, 2);
    static helping h;
    h.caller = pthread_self();
    pthread_mutex_init(&h.lock, NULL);
    cc_par_task task = {help_work, NULL, &h, NULL};
    ck_assert_int_eq(cc_parallel_run(ctx, 4, &task), 0);
    ck_assert_int_gt(h.caller_ran, 0);
    ck_assert(!h.waited_out);
    pthread_mutex_destroy(&h.lock);
    cc_context_free(ctx);
}
END_TEST

START_TEST(slices_cover_everything_once)
{
    size_t sizes[] = {0, 1, 5, 255, 256, 257, 1000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (size_t parts = 1; parts <= 9; parts++) {
            size_t expect = 0;
            for (size_t k = 0; k < parts; k++) {
                size_t from, to;
                cc_parallel_slice(sizes[s], parts, k, &from, &to);
                ck_assert_uint_eq(from, expect);
                ck_assert_uint_le(to - from, sizes[s] / parts + 1);
                expect = to;
            }
            ck_assert_uint_eq(expect, sizes[s]);
        }
}
END_TEST

START_TEST(jobs_validated)
{
    cc_options o = CC_OPTIONS_INIT;
    o.stages = CC_STAGE_LOAD;
    cc_context *ctx = NULL;
    o.jobs = CC_MAX_JOBS + 1;
    ck_assert_int_eq(cc_context_new(&ctx, &o), CC_EUSAGE);
    ck_assert_ptr_null(ctx);
    ck_assert_ptr_nonnull(strstr(cc_errmsg(), "jobs"));
    o.jobs = -1;
    ck_assert_int_eq(cc_context_new(&ctx, &o), CC_EUSAGE);
    o.jobs = 0; /* the number of cores */
    ck_assert_int_eq(cc_context_new(&ctx, &o), 0);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    ck_assert_int_eq(cc_context_jobs(ctx), cores < 1 ? 1 : cores > CC_MAX_JOBS ? CC_MAX_JOBS
                                                                                : (int)cores);
    cc_context_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("parallel");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, same_order_for_every_job_count);
    tcase_add_test(tc, failure_stops_with_the_workers_message);
    tcase_add_test(tc, slices_cover_everything_once);
    tcase_add_test(tc, calling_thread_works);
    tcase_add_test(tc, jobs_validated);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
