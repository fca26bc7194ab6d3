/*
 * pair_train.c: trains a pair model. The idf table comes from the training sentences; every
 * pair becomes a feature vector scaled to [-1, 1]; a grid over C and gamma is scored by
 * stratified k-fold cross-validation (our own folds, so that no rand() is involved), the
 * grid points shared out to worker threads over one read-only problem; the best point is
 * then trained once, single-threaded, with probability estimates after srand(seed). The
 * same data and options therefore give a byte-identical model.
 */
#include <math.h>
#include <string.h>
#include <svm.h>

#include "pairs.h"

/* log2 of the coarse grid's C and gamma values; the best point is then refined by its eight
 * neighbours at half the step (as libsvm's grid.py would by hand). */
static const int grid_log2c[] = {-3, -1, 1, 3, 5, 7};
static const int grid_log2g[] = {-11, -9, -7, -5, -3, -1};
enum {
    NC = sizeof grid_log2c / sizeof grid_log2c[0],
    NG = sizeof grid_log2g / sizeof grid_log2g[0],
    NCOARSE = NC * NG,
    NPOINTS = NCOARSE + 8
};

typedef struct {
    size_t tp, fp, tn, fn;
} confusion;

static double accuracy(const confusion *c)
{
    size_t n = c->tp + c->fp + c->tn + c->fn;
    return n ? (double)(c->tp + c->tn) / (double)n : 0.0;
}

static double f1(const confusion *c)
{
    double d = 2.0 * (double)c->tp + (double)c->fp + (double)c->fn;
    return d > 0 ? 2.0 * (double)c->tp / d : 0.0;
}

/* ---- features of the training set --------------------------------------------------------- */

static int count_stems(pair_idf *idf, const cc_context *ctx, const cc_pair *p, const char *text)
{
    struct cc_doc *d;
    char name[64];
    snprintf(name, sizeof name, "pair %s", p->id);
    int rc = pair_tokenize(&d, ctx, name, text);
    if (rc < 0)
        return rc;
    size_t n = d->tokens.n;
    const cc_token *t = d->tokens.items;
    uint64_t *seen = cc_xcalloc(n + 1, sizeof *seen);
    size_t nseen = 0;
    for (size_t i = 0; i < n && rc == 0 && seen; i++) {
        if (t[i].kind == CC_TOK_PUNCT)
            continue;
        uint64_t h = pw_hash(t[i].stem, strlen(t[i].stem));
        size_t j = 0;
        while (j < nseen && seen[j] != h)
            j++;
        if (j < nseen)
            continue;
        seen[nseen++] = h;
        rc = pair_idf_add(idf, t[i].stem, 1);
    }
    if (!seen)
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    free(seen);
    cc_doc_free(d);
    idf->ndocs++;
    return rc;
}

static int build_idf(pair_idf *idf, const cc_context *ctx, const cc_pairset *ps)
{
    int rc = 0;
    for (size_t i = 0; i < cc_pairset_n(ps) && rc == 0; i++) {
        const cc_pair *p = cc_pairset_at(ps, i);
        rc = count_stems(idf, ctx, p, p->text_a);
        if (rc == 0)
            rc = count_stems(idf, ctx, p, p->text_b);
    }
    return rc;
}

static int featurize(double *x, const cc_context *ctx, const pair_idf *idf, const cc_pair *p)
{
    pair_side a, b;
    int rc = pair_side_from_text(&a, ctx, idf, p->path, p->text_a);
    if (rc < 0)
        return rc;
    rc = pair_side_from_text(&b, ctx, idf, p->path, p->text_b);
    if (rc == 0) {
        pf_compute(&a, &b, x);
        pair_side_free(&b);
    }
    pair_side_free(&a);
    return rc;
}

/* Scaling ranges from the data, then the scaled problem (nodes in one pool). */
static int make_problem(cc_pairmodel *m, const double *x, size_t n, struct svm_problem *prob)
{
    for (int f = 0; f < PF_NFEATURES; f++) {
        m->lo[f] = m->hi[f] = n ? x[f] : 0;
        for (size_t i = 1; i < n; i++) {
            m->lo[f] = fmin(m->lo[f], x[i * PF_NFEATURES + f]);
            m->hi[f] = fmax(m->hi[f], x[i * PF_NFEATURES + f]);
        }
    }
    m->sv_pool = cc_xcalloc(n * (PF_NFEATURES + 1), sizeof *m->sv_pool);
    m->sv_rows = cc_xcalloc(n, sizeof *m->sv_rows);
    if (!m->sv_pool || !m->sv_rows)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        m->sv_rows[i] = m->sv_pool + i * (PF_NFEATURES + 1);
        pair_scale(m, x + i * PF_NFEATURES, m->sv_rows[i]);
    }
    prob->l = (int)n;
    prob->x = m->sv_rows;
    prob->y = m->sv_y;
    return 0;
}

/* ---- cross-validation --------------------------------------------------------------------- */

/* Stratified folds from a fixed generator: positives and negatives are each shuffled, then
 * dealt out in turn. */
static void assign_folds(int *fold, const double *y, size_t n, int k, unsigned seed)
{
    uint64_t state = 0x853c49e6748fea9bULL ^ seed;
    for (int cls = 0; cls < 2; cls++) {
        size_t *idx = cc_xcalloc(n + 1, sizeof *idx), m = 0;
        if (!idx)
            return;
        for (size_t i = 0; i < n; i++)
            if ((int)y[i] == cls)
                idx[m++] = i;
        for (size_t i = m; i > 1; i--) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t j = (size_t)((state >> 33) % i);
            size_t t = idx[i - 1];
            idx[i - 1] = idx[j];
            idx[j] = t;
        }
        for (size_t i = 0; i < m; i++)
            fold[idx[i]] = (int)(i % (size_t)k);
        free(idx);
    }
}

typedef struct {
    const struct svm_problem *prob;
    const int *fold;
    int k;
    pthread_mutex_t lock;
    int next, end; /* the points [next, end) are still to do */
    int log2c[NPOINTS], log2g[NPOINTS];
    confusion result[NPOINTS];
    double *dec; /* held-out decision values, one row of prob->l per point (> 0: positive) */
    int failed;
} grid_job;

static struct svm_parameter base_param(double c, double gamma, int probability)
{
    struct svm_parameter p;
    memset(&p, 0, sizeof p);
    p.svm_type = C_SVC;
    p.kernel_type = RBF;
    p.gamma = gamma;
    p.C = c;
    p.cache_size = 64;
    p.eps = 1e-3;
    p.shrinking = 1;
    p.probability = probability;
    return p;
}

/* Trains on every fold but one and predicts the held-out one, for each fold. */
static int cross_validate(const struct svm_problem *prob, const int *fold, int k, double c,
                          double gamma, confusion *out, double *dec)
{
    struct svm_parameter param = base_param(c, gamma, 0);
    struct svm_node **rows = cc_xcalloc((size_t)prob->l + 1, sizeof *rows);
    double *ys = cc_xcalloc((size_t)prob->l + 1, sizeof *ys);
    int rc = rows && ys ? 0 : -1;
    memset(out, 0, sizeof *out);
    for (int f = 0; f < k && rc == 0; f++) {
        struct svm_problem sub = {0, ys, rows};
        for (int i = 0; i < prob->l; i++)
            if (fold[i] != f) {
                rows[sub.l] = prob->x[i];
                ys[sub.l++] = prob->y[i];
            }
        struct svm_model *model = svm_train(&sub, &param);
        if (!model) {
            rc = -1;
            break;
        }
        int labels[2];
        svm_get_labels(model, labels);
        for (int i = 0; i < prob->l; i++) {
            if (fold[i] != f)
                continue;
            svm_predict_values(model, prob->x[i], &dec[i]);
            if (labels[0] != 1) /* libsvm's sign follows the order labels were first seen */
                dec[i] = -dec[i];
            int pred = dec[i] > 0, gold = prob->y[i] > 0.5;
            out->tp += pred && gold;
            out->fp += pred && !gold;
            out->tn += !pred && !gold;
            out->fn += !pred && gold;
        }
        svm_free_and_destroy_model(&model);
    }
    free(rows);
    free(ys);
    return rc;
}

static void *grid_worker(void *arg)
{
    grid_job *job = arg;
    for (;;) {
        pthread_mutex_lock(&job->lock);
        int g = job->next < job->end ? job->next++ : -1;
        pthread_mutex_unlock(&job->lock);
        if (g < 0)
            break;
        double c = ldexp(1.0, job->log2c[g]), gamma = ldexp(1.0, job->log2g[g]);
        if (cross_validate(job->prob, job->fold, job->k, c, gamma, &job->result[g],
                           job->dec + (size_t)g * (size_t)job->prob->l) < 0) {
            pthread_mutex_lock(&job->lock);
            job->failed = 1;
            pthread_mutex_unlock(&job->lock);
        }
    }
    return NULL;
}

/* Scores the points [from, to) on `threads` threads (the caller's included). */
static void run_points(grid_job *job, int from, int to, int threads)
{
    pthread_t tid[16];
    int started = 0;
    job->next = from;
    job->end = to;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, grid_worker, job) == 0)
            started++;
    grid_worker(job);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
}

/* The best of the points [0, n): accuracy, then F1; the first in order on ties, so that the
 * choice never depends on thread timing. */
static int best_point(const grid_job *job, int n)
{
    int b = 0;
    for (int g = 1; g < n; g++) {
        double da = accuracy(&job->result[g]) - accuracy(&job->result[b]);
        if (da > 1e-12 ||
            (fabs(da) <= 1e-12 && f1(&job->result[g]) > f1(&job->result[b]) + 1e-12))
            b = g;
    }
    return b;
}

/* Runs the grid and its refinement; returns the best point's index into *job. */
static int grid_search(grid_job *job, int threads)
{
    threads = threads <= 0 ? 2 : threads > 16 ? 16 : threads;
    for (int g = 0; g < NCOARSE; g++) {
        job->log2c[g] = grid_log2c[g / NG];
        job->log2g[g] = grid_log2g[g % NG];
    }
    run_points(job, 0, NCOARSE, threads);
    int b = best_point(job, NCOARSE), n = NCOARSE;
    for (int dc = -1; dc <= 1; dc++)
        for (int dg = -1; dg <= 1; dg++)
            if (dc || dg) {
                job->log2c[n] = job->log2c[b] + dc;
                job->log2g[n] = job->log2g[b] + dg;
                n++;
            }
    run_points(job, NCOARSE, n, threads);
    if (job->failed)
        return cc_seterr(CC_EINTERNAL, "libsvm failed during cross-validation");
    return best_point(job, n);
}

/* ---- decision threshold ------------------------------------------------------------------ */

typedef struct {
    double dec;
    int gold;
} scored;

static int scored_cmp(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->dec != y->dec)
        return x->dec < y->dec ? -1 : 1;
    return x->gold - y->gold;
}

/* The cut on held-out decision values with the best accuracy (the one nearest 0 on ties),
 * and that accuracy. */
static double best_cut(const double *dec, const double *y, size_t n, double *acc)
{
    scored *s = cc_xcalloc(n + 1, sizeof *s);
    if (!s || n == 0) {
        free(s);
        *acc = 0;
        return 0;
    }
    long correct = 0;
    for (size_t i = 0; i < n; i++) {
        s[i] = (scored){dec[i], y[i] > 0.5};
        correct += s[i].gold; /* the cut below everything: all positive */
    }
    qsort(s, n, sizeof *s, scored_cmp);
    long best = correct;
    double cut = s[0].dec - 1.0;
    for (size_t i = 0; i < n; i++) {
        correct += s[i].gold ? -1 : 1;
        if (i + 1 < n && s[i + 1].dec == s[i].dec)
            continue;
        double c = i + 1 < n ? (s[i].dec + s[i + 1].dec) / 2 : s[i].dec + 1.0;
        if (correct > best || (correct == best && fabs(c) < fabs(cut))) {
            best = correct;
            cut = c;
        }
    }
    free(s);
    *acc = (double)best / (double)n;
    return cut;
}

/* P(positive) of the final model at decision value `cut` (libsvm's sigmoid). */
static double prob_at(const struct svm_model *svm, double cut)
{
    int pos_first = svm->label[0] == 1;
    double f = pos_first ? cut : -cut;
    double p = 1.0 / (1.0 + exp(svm->probA[0] * f + svm->probB[0]));
    return pos_first ? p : 1.0 - p;
}

/* ---- training ----------------------------------------------------------------------------- */

static int check_data(const cc_pairset *ps, const cc_train_options *o, size_t *npos)
{
    size_t n = cc_pairset_n(ps);
    *npos = 0;
    for (size_t i = 0; i < n; i++)
        *npos += cc_pairset_at(ps, i)->label == 1;
    if (o->cv_folds < 2)
        return cc_seterr(CC_EUSAGE, "cross-validation needs at least 2 folds");
    if (*npos < (size_t)o->cv_folds || n - *npos < (size_t)o->cv_folds)
        return cc_seterr(CC_EINPUT, "too few pairs to train: %zu positive and %zu negative, "
                                    "at least %d of each needed", *npos, n - *npos, o->cv_folds);
    if (n > 10000000)
        return cc_seterr(CC_ELIMIT, "too many pairs (%zu)", n);
    return 0;
}

static int fit(cc_pairmodel *m, const cc_train_options *o, double *x)
{
    size_t n = m->ntrain;
    struct svm_problem prob;
    int *fold = cc_xcalloc(n, sizeof *fold);
    if (!fold)
        return cc_seterr(CC_ENOMEM, "out of memory");
    int rc = make_problem(m, x, n, &prob);
    grid_job *job = cc_xcalloc(1, sizeof *job);
    double *dec = cc_xcalloc(n * NPOINTS, sizeof *dec);
    if (rc == 0 && (!job || !dec))
        rc = cc_seterr(CC_ENOMEM, "out of memory");
    if (rc == 0) {
        assign_folds(fold, m->sv_y, n, o->cv_folds, o->seed);
        *job = (grid_job){.prob = &prob, .fold = fold, .k = o->cv_folds, .dec = dec};
        pthread_mutex_init(&job->lock, NULL);
        rc = grid_search(job, o->threads);
        pthread_mutex_destroy(&job->lock);
    }
    int best = rc;
    if (rc >= 0) {
        m->c = ldexp(1.0, job->log2c[rc]);
        m->gamma = ldexp(1.0, job->log2g[rc]);
        m->cv_accuracy = accuracy(&job->result[rc]);
        m->cv_f1 = f1(&job->result[rc]);
        struct svm_parameter param = base_param(m->c, m->gamma, 1);
        srand(o->seed); /* libsvm's probability fit shuffles with rand() */
        m->svm = svm_train(&prob, &param);
        rc = m->svm ? 0 : cc_seterr(CC_EINTERNAL, "libsvm failed to train");
    }
    if (rc == 0) {
        int labels[2];
        svm_get_labels(m->svm, labels);
        m->pos_index = labels[0] == 1 ? 0 : 1;
        double cut = best_cut(dec + (size_t)best * n, m->sv_y, n, &m->cv_accuracy_tuned);
        m->threshold = prob_at(m->svm, cut);
        rc = pair_model_densify(m);
    }
    free(dec);
    free(fold);
    free(job);
    return rc;
}

int cc_pairmodel_train(cc_pairmodel **out, const cc_context *ctx, const cc_pairset *ps,
                       const cc_train_options *opts)
{
    if (cc_context_require(ctx, CC_STAGE_PAIRS) < 0)
        return CC_EUSAGE;
    cc_train_options o = CC_TRAIN_OPTIONS_INIT;
    if (opts)
        o = *opts;
    *out = NULL;
    size_t npos, n = cc_pairset_n(ps);
    int rc = check_data(ps, &o, &npos);
    if (rc < 0)
        return rc;
    pair_svm_quiet();
    cc_pairmodel *m = cc_xcalloc(1, sizeof *m);
    double *x = cc_xcalloc(n * PF_NFEATURES, sizeof *x);
    if (!m || !x || !(m->sv_y = cc_xcalloc(n, sizeof *m->sv_y))) {
        rc = cc_seterr(CC_ENOMEM, "out of memory");
        goto done;
    }
    m->ctx = ctx;
    m->task = (int)o.task;
    m->seed = o.seed;
    m->ntrain = n;
    m->npos = npos;
    m->cv_folds = o.cv_folds;
    m->threshold = 0.5;
    snprintf(m->data_checksum, sizeof m->data_checksum, "%s", cc_pairset_checksum(ps));
    if ((rc = build_idf(&m->idf, ctx, ps)) < 0)
        goto done;
    for (size_t i = 0; i < n && rc == 0; i++) {
        m->sv_y[i] = cc_pairset_at(ps, i)->label;
        rc = featurize(x + i * PF_NFEATURES, ctx, &m->idf, cc_pairset_at(ps, i));
    }
    if (rc == 0)
        rc = fit(m, &o, x);
    if (rc == 0) {
        cc_buf b = CC_BUF_INIT;
        rc = pair_idf_write(&m->idf, &b);
        cc_hash_hex(b.data ? b.data : "", b.len, m->idf_checksum);
        cc_buf_free(&b);
    }
done:
    free(x);
    if (rc < 0)
        cc_pairmodel_free(m);
    else
        *out = m;
    return rc;
}
