/*
 * parallel.c: the one place where the library starts threads for pipeline work (loading,
 * extraction, pair scoring). Workers take the next item index from a shared counter (items
 * differ a lot in cost: a long article next to a short one), keep their diagnostics in the
 * item's log, and the calling thread hands results on strictly in index order: it replays
 * the item's diagnostics, reports progress and calls finish(). Callbacks of cc_options are
 * therefore only ever called on the calling thread, and everything a user sees comes in the
 * same order for any number of jobs. The calling thread is one of the jobs: while the item
 * it must hand on next is not done, it runs items not yet started itself. With one job (or one item) nothing is started and the
 * items run in order on the calling thread, as before threads existed.
 *
 * Not here: what an item is. Workers must only write what belongs to their own item (a
 * preallocated slot by index); shared caches are the modules' business (per-thread stemmer
 * caches in seg_token.c, the WordNet lock in pair_lexicon.c, atomic JIT in time_rules.c).
 */
#include <pthread.h>
#include <string.h>

#include "parallel.h"
#include "segment.h"

typedef struct {
    int done;
    int rc;
    char *errmsg; /* the worker's cc_errmsg() when rc < 0 */
    cc_diag_log log;
} par_item;

typedef struct {
    const struct cc_context *ctx;
    const cc_par_task *task;
    par_item *items;
    size_t n, next;
    int stop;
    size_t waiting; /* the item the calling thread sleeps for, SIZE_MAX when awake */
    pthread_mutex_t lock;
    pthread_cond_t cond;
} par_run;

static void progress(const struct cc_context *ctx, const char *stage, size_t i, size_t n)
{
    if (stage && ctx->opts.progress)
        ctx->opts.progress(stage, i, n, ctx->opts.progress_data);
}

static int finish(const cc_par_task *t, size_t i, int rc)
{
    return t->finish ? t->finish(t->arg, i, rc) : rc;
}

static int run_inline(const struct cc_context *ctx, size_t n, const cc_par_task *t)
{
    for (size_t i = 0; i < n; i++) {
        progress(ctx, t->stage, i, n);
        int rc = finish(t, i, t->work(t->arg, i));
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The next item not started, into *i; 0 when none is left or the run stopped. The lock is
 * held. */
static int take_locked(par_run *r, size_t *i)
{
    if (r->stop || r->next >= r->n)
        return 0;
    *i = r->next++;
    return 1;
}

/* Runs item i, on whichever thread took it, and marks it done. */
static void run_item(par_run *r, size_t i)
{
    par_item *it = &r->items[i];
    cc_diag_log *outer = cc_diag_capture(&it->log);
    int rc = r->task->work(r->task->arg, i);
    cc_diag_capture(outer);
    char *msg = rc < 0 ? cc_strdup(cc_errmsg()) : NULL;
    pthread_mutex_lock(&r->lock);
    it->rc = rc;
    it->errmsg = msg;
    it->done = 1;
    if (r->waiting == i) /* the calling thread sleeps only for the item it hands on next */
        pthread_cond_signal(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
    par_run *r = arg;
    for (;;) {
        size_t i;
        pthread_mutex_lock(&r->lock);
        int go = take_locked(r, &i);
        pthread_mutex_unlock(&r->lock);
        if (!go)
            break;
        run_item(r, i);
    }
    seg_thread_release(); /* the thread's stemmer and caches die with it */
    return NULL;
}

/* Hands item i on: its diagnostics, progress, then finish() with its result. Until item i
 * is done the calling thread works on items not yet started (it is one of the jobs), and
 * sleeps only when none is left: a wake-up per item cost more than most items. */
static int deliver(par_run *r, size_t i)
{
    size_t j;
    pthread_mutex_lock(&r->lock);
    while (!r->items[i].done) {
        if (take_locked(r, &j)) {
            pthread_mutex_unlock(&r->lock);
            run_item(r, j);
            pthread_mutex_lock(&r->lock);
            continue;
        }
        r->waiting = i;
        pthread_cond_wait(&r->cond, &r->lock);
    }
    r->waiting = SIZE_MAX;
    pthread_mutex_unlock(&r->lock);
    par_item *it = &r->items[i];
    cc_diag_replay(r->ctx, &it->log);
    progress(r->ctx, r->task->stage, i, r->n);
    if (it->rc < 0)
        cc_seterr(it->rc, "%s", it->errmsg ? it->errmsg : "out of memory");
    return finish(r->task, i, it->rc);
}

/* `nworkers` threads beside the calling one. */
static int run_threads(par_run *r, int nworkers)
{
    pthread_t tid[CC_MAX_JOBS];
    int started = 0, rc = 0;
    for (int t = 0; t < nworkers; t++)
        if (pthread_create(&tid[started], NULL, worker, r) == 0)
            started++;
    if (started == 0)
        return run_inline(r->ctx, r->n, r->task);
    for (size_t i = 0; rc == 0 && i < r->n; i++)
        rc = deliver(r, i);
    pthread_mutex_lock(&r->lock);
    r->stop = 1; /* after a failure: items not yet started are skipped */
    pthread_mutex_unlock(&r->lock);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    for (size_t i = 0; i < r->n; i++) { /* what was done after a failure is dropped */
        cc_diag_replay(NULL, &r->items[i].log);
        free(r->items[i].errmsg);
    }
    return rc;
}

int cc_parallel_run(const struct cc_context *ctx, size_t n, const cc_par_task *task)
{
    int jobs = ctx->opts.jobs > 0 ? ctx->opts.jobs : 1;
    if (jobs == 1 || n < 2)
        return run_inline(ctx, n, task);
    par_run r = {ctx, task, cc_xcalloc(n, sizeof(par_item)), n, 0, 0, SIZE_MAX,
                 PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
    if (!r.items)
        return cc_seterr(CC_ENOMEM, "out of memory");
    int rc = run_threads(&r, ((size_t)jobs < n ? jobs : (int)n) - 1);
    pthread_mutex_destroy(&r.lock);
    pthread_cond_destroy(&r.cond);
    free(r.items);
    return rc;
}
