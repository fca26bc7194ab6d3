/*
 * pair_model.c: the pair model's files and predictions. A model is three files: MODEL
 * (libsvm's text format), MODEL.meta.json (feature set, scaling ranges, libsvm parameters,
 * seed, checksums, cross-validation figures, decision threshold) and MODEL.idf (the idf
 * table of the training data). Each is written atomically; on loading, all three are
 * validated and checked against each other before libsvm sees the model file. Training is
 * in pair_train.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <string.h>
#include <svm.h>
#include <unistd.h>

#include "pairs.h"

#define META_SCHEMA "crosscheck.pairmodel/1"

static void quiet(const char *s) { (void)s; }
static void install_quiet(void) { svm_set_print_string_function(quiet); }

/* libsvm prints progress to stdout unless told otherwise. */
void pair_svm_quiet(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install_quiet);
}

int pair_scale(const struct cc_pairmodel *m, const double raw[PF_NFEATURES],
               struct svm_node *nodes)
{
    int k = 0;
    for (int i = 0; i < PF_NFEATURES; i++) {
        double span = m->hi[i] - m->lo[i];
        double x = span > 0 ? -1.0 + 2.0 * (raw[i] - m->lo[i]) / span : 0.0;
        if (x != 0.0) {
            nodes[k].index = i + 1;
            nodes[k].value = x;
            k++;
        }
    }
    nodes[k].index = -1;
    nodes[k].value = 0;
    return k + 1;
}

int pair_model_densify(struct cc_pairmodel *m)
{
    const struct svm_model *svm = m->svm;
    m->nsv = svm->l;
    m->dense_sv = cc_xcalloc((size_t)m->nsv * PF_NFEATURES + 1, sizeof *m->dense_sv);
    m->coef = cc_xcalloc((size_t)m->nsv + 1, sizeof *m->coef);
    if (!m->dense_sv || !m->coef)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (int i = 0; i < m->nsv; i++) {
        m->coef[i] = svm->sv_coef[0][i];
        for (const struct svm_node *x = svm->SV[i]; x->index != -1; x++)
            if (x->index >= 1 && x->index <= PF_NFEATURES)
                m->dense_sv[(size_t)i * PF_NFEATURES + (size_t)(x->index - 1)] = x->value;
    }
    m->rho = svm->rho[0];
    m->gamma = svm->param.gamma;
    m->prob_a = svm->probA ? svm->probA[0] : 0;
    m->prob_b = svm->probB ? svm->probB[0] : 0;
    return 0;
}

/* libsvm's two-class probability (svm_predict_probability: the sigmoid of the decision value,
 * clipped), over dense vectors: the sparse kernel of libsvm was most of the time per pair. */
double pair_model_prob(const struct cc_pairmodel *m, const double raw[PF_NFEATURES])
{
    double x[PF_NFEATURES];
    for (int i = 0; i < PF_NFEATURES; i++) {
        double span = m->hi[i] - m->lo[i];
        x[i] = span > 0 ? -1.0 + 2.0 * (raw[i] - m->lo[i]) / span : 0.0;
    }
    double dec = -m->rho;
    for (int k = 0; k < m->nsv; k++) {
        const double *sv = m->dense_sv + (size_t)k * PF_NFEATURES;
        double d2 = 0;
        for (int i = 0; i < PF_NFEATURES; i++)
            d2 += (x[i] - sv[i]) * (x[i] - sv[i]);
        dec += m->coef[k] * exp(-m->gamma * d2);
    }
    double f = dec * m->prob_a + m->prob_b;
    double p = f >= 0 ? exp(-f) / (1.0 + exp(-f)) : 1.0 / (1.0 + exp(f));
    p = fmin(fmax(p, 1e-7), 1 - 1e-7);
    return m->pos_index == 0 ? p : 1.0 - p;
}

int cc_pairmodel_predict(const cc_pairmodel *m, const char *text_a, const char *text_b,
                         double *prob)
{
    pair_side a, b;
    *prob = 0;
    int rc = pair_side_from_text(&a, m->ctx, &m->idf, "text_a", text_a);
    if (rc < 0)
        return rc;
    rc = pair_side_from_text(&b, m->ctx, &m->idf, "text_b", text_b);
    if (rc == 0) {
        double raw[PF_NFEATURES];
        pf_compute(&a, &b, raw);
        *prob = pair_model_prob(m, raw);
        pair_side_free(&b);
    }
    pair_side_free(&a);
    return rc;
}

double cc_pairmodel_threshold(const cc_pairmodel *m) { return m->threshold; }
cc_pair_task cc_pairmodel_task(const cc_pairmodel *m) { return (cc_pair_task)m->task; }
const char *cc_pairmodel_feature_set(const cc_pairmodel *m)
{
    (void)m;
    return PF_VERSION;
}
void cc_pairmodel_cv(const cc_pairmodel *m, double *accuracy, double *f1)
{
    *accuracy = m->cv_accuracy;
    *f1 = m->cv_f1;
}

void cc_pairmodel_free(cc_pairmodel *m)
{
    if (!m)
        return;
    svm_free_and_destroy_model(&m->svm); /* before the problem it may point into */
    free(m->dense_sv);
    free(m->coef);
    free(m->sv_pool);
    free(m->sv_rows);
    free(m->sv_y);
    pair_idf_free(&m->idf);
    free(m);
}

/* ---- files -------------------------------------------------------------------------------- */

static char *sibling(const char *path, const char *suffix)
{
    size_t n = strlen(path) + strlen(suffix) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", path, suffix);
    return s;
}

static char *tmp_name(const char *path)
{
    size_t n = strlen(path) + 32;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s.tmp.%ld", path, (long)getpid());
    return s;
}

/* fsyncs `tmp` and renames it over `path`; removes tmp on failure. */
static int commit_file(const char *tmp, const char *path)
{
    int fd = open(tmp, O_RDONLY);
    int ok = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return cc_seterr(CC_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    return 0;
}

static int write_atomic(const char *path, const char *data, size_t len)
{
    char *tmp = tmp_name(path);
    if (!tmp)
        return cc_seterr(CC_ENOMEM, "out of memory");
    FILE *f = fopen(tmp, "wb");
    int rc = 0;
    if (!f)
        rc = cc_seterr(CC_EIO, "%s: cannot write: %s", tmp, strerror(errno));
    else if ((fwrite(data, 1, len, f) != len) + (fclose(f) != 0)) {
        rc = cc_seterr(CC_EIO, "%s: cannot write: %s", tmp, strerror(errno));
        unlink(tmp);
    }
    if (rc == 0)
        rc = commit_file(tmp, path);
    free(tmp);
    return rc;
}

static json_t *real_array(const double *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_real(v[i]));
    return a;
}

static json_t *meta_json(const cc_pairmodel *m, const char *svm_checksum)
{
    json_t *o = json_object(), *features = json_array();
    for (int i = 0; i < PF_NFEATURES; i++)
        json_array_append_new(features, json_string(pf_feature_names[i]));
    json_object_set_new(o, "schema", json_string(META_SCHEMA));
    json_object_set_new(o, "task", json_string(cc_pair_task_name((cc_pair_task)m->task)));
    json_object_set_new(o, "feature_set", json_string(PF_VERSION));
    json_object_set_new(o, "features", features);
    json_object_set_new(o, "scaling", json_pack("{s:i, s:i, s:o, s:o}", "lower", -1, "upper", 1,
                                                "min", real_array(m->lo, PF_NFEATURES), "max",
                                                real_array(m->hi, PF_NFEATURES)));
    json_object_set_new(o, "libsvm", json_pack("{s:s, s:s, s:f, s:f, s:b, s:f}", "svm_type",
                                               "c_svc", "kernel", "rbf", "C", m->c, "gamma",
                                               m->gamma, "probability", 1, "eps", 0.001));
    json_object_set_new(o, "seed", json_integer((json_int_t)m->seed));
    json_object_set_new(o, "threshold", json_real(m->threshold));
    /* no lexicon checksum: a lexicon the features do not read would make the model look stale;
     * the retraining test catches any change that does alter the model */
    json_object_set_new(o, "training", json_pack("{s:I, s:I, s:s}", "pairs", (json_int_t)m->ntrain,
                                                 "positive", (json_int_t)m->npos, "checksum",
                                                 m->data_checksum));
    json_object_set_new(o, "cv", json_pack("{s:i, s:f, s:f, s:f}", "folds", m->cv_folds,
                                           "accuracy", m->cv_accuracy, "f1", m->cv_f1,
                                           "accuracy_at_threshold", m->cv_accuracy_tuned));
    json_object_set_new(o, "idf", json_pack("{s:I, s:s}", "documents", (json_int_t)m->idf.ndocs,
                                            "checksum", m->idf_checksum));
    json_object_set_new(o, "model_checksum", json_string(svm_checksum));
    return o;
}

/* libsvm writes the model file itself (and switches the locale to "C" while it does). */
static int save_svm(const cc_pairmodel *m, const char *path, char checksum[17])
{
    char *tmp = tmp_name(path);
    if (!tmp)
        return cc_seterr(CC_ENOMEM, "out of memory");
    int rc = 0;
    if (svm_save_model(tmp, m->svm) != 0) {
        rc = cc_seterr(CC_EIO, "%s: cannot write the model", tmp);
        unlink(tmp);
    }
    char *data = NULL;
    size_t len = 0;
    if (rc == 0 && (rc = cc_read_file(tmp, &data, &len)) < 0)
        unlink(tmp);
    if (rc == 0) {
        cc_hash_hex(data, len, checksum);
        rc = commit_file(tmp, path);
    }
    free(data);
    free(tmp);
    return rc;
}

int cc_pairmodel_save(const cc_pairmodel *m, const char *path)
{
    char *meta_path = sibling(path, ".meta.json"), *idf_path = sibling(path, ".idf");
    cc_buf idf = CC_BUF_INIT;
    char svm_sum[17];
    char *meta = NULL;
    int rc = meta_path && idf_path ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    if (rc == 0)
        rc = pair_idf_write(&m->idf, &idf);
    if (rc == 0)
        rc = write_atomic(idf_path, idf.data, idf.len);
    if (rc == 0)
        rc = save_svm(m, path, svm_sum);
    if (rc == 0) {
        json_t *j = meta_json(m, svm_sum);
        meta = j ? json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) : NULL;
        json_decref(j);
        rc = meta ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    }
    if (rc == 0) {
        cc_buf b = CC_BUF_INIT;
        cc_buf_puts(&b, meta);
        cc_buf_putc(&b, '\n');
        rc = b.oom ? cc_seterr(CC_ENOMEM, "out of memory") : write_atomic(meta_path, b.data, b.len);
        cc_buf_free(&b);
    }
    free(meta);
    cc_buf_free(&idf);
    free(meta_path);
    free(idf_path);
    return rc;
}

/* ---- loading ------------------------------------------------------------------------------ */

static int meta_err(const char *path, const char *what)
{
    return cc_seterr(CC_EINPUT, "%s: invalid model metadata: %s", path, what);
}

static int read_range(double *out, json_t *a, const char *path, const char *name)
{
    if (!json_is_array(a) || json_array_size(a) != PF_NFEATURES)
        return meta_err(path, name);
    for (int i = 0; i < PF_NFEATURES; i++) {
        json_t *x = json_array_get(a, (size_t)i);
        if (!json_is_number(x) || !isfinite(json_number_value(x)))
            return meta_err(path, name);
        out[i] = json_number_value(x);
    }
    return 0;
}

static int read_meta_fields(cc_pairmodel *m, json_t *j, const char *path, const char **svm_sum,
                            const char **idf_sum)
{
    const char *schema = NULL, *fs = NULL, *task = NULL;
    json_t *scaling = NULL, *lo = NULL, *hi = NULL;
    double thr = -1, c = 0, gamma = 0, acc = 0, f1 = 0;
    int folds = 0;
    json_int_t seed = 0;
    json_error_t err;
    if (json_unpack_ex(j, &err, 0,
                       "{s:s, s:s, s:s, s:o, s:{s:F, s:F}, s:I, s:F, s:{s:i, s:F, s:F}, "
                       "s:{s:s}, s:s}",
                       "schema", &schema, "task", &task, "feature_set", &fs, "scaling", &scaling,
                       "libsvm", "C", &c, "gamma", &gamma, "seed", &seed, "threshold", &thr,
                       "cv", "folds", &folds, "accuracy", &acc, "f1", &f1, "idf", "checksum",
                       idf_sum, "model_checksum", svm_sum) < 0)
        return meta_err(path, err.text);
    if (strcmp(schema, META_SCHEMA) != 0)
        return meta_err(path, "unknown schema");
    if (strcmp(fs, PF_VERSION) != 0)
        return cc_seterr(CC_EINPUT, "%s: feature set '%s', this program computes '%s': retrain "
                                    "the model", path, fs, PF_VERSION);
    cc_pair_task t;
    if (cc_pair_task_parse(&t, task) < 0)
        return meta_err(path, "unknown task");
    if (!(thr >= 0 && thr <= 1))
        return meta_err(path, "threshold must be within [0, 1]");
    lo = json_object_get(scaling, "min");
    hi = json_object_get(scaling, "max");
    int rc = read_range(m->lo, lo, path, "scaling.min must hold one number per feature");
    if (rc == 0)
        rc = read_range(m->hi, hi, path, "scaling.max must hold one number per feature");
    for (int i = 0; rc == 0 && i < PF_NFEATURES; i++)
        if (m->hi[i] < m->lo[i])
            rc = meta_err(path, "scaling.max below scaling.min");
    m->task = (int)t;
    m->threshold = thr;
    m->c = c;
    m->gamma = gamma;
    m->seed = (unsigned)seed;
    m->cv_folds = folds;
    m->cv_accuracy = acc;
    m->cv_f1 = f1;
    return rc;
}

static int file_checksum(const char *path, char out[17])
{
    char *data = NULL;
    size_t len = 0;
    int rc = cc_read_file(path, &data, &len);
    if (rc == 0)
        cc_hash_hex(data, len, out);
    free(data);
    return rc;
}

static int load_files(cc_pairmodel *m, const char *path, const char *meta_path,
                      const char *idf_path)
{
    json_error_t err;
    json_t *j = NULL;
    const char *svm_sum = NULL, *idf_sum = NULL;
    char sum[17];
    int rc = pair_validate_svm_file(path, PF_NFEATURES);
    if (rc == 0 && !(j = json_load_file(meta_path, 0, &err)))
        rc = cc_seterr(CC_EINPUT, "%s:%d: %s", meta_path, err.line, err.text);
    if (rc == 0)
        rc = read_meta_fields(m, j, meta_path, &svm_sum, &idf_sum);
    if (rc == 0 && (rc = file_checksum(path, sum)) == 0 && strcmp(sum, svm_sum) != 0)
        rc = cc_seterr(CC_EINPUT, "%s: the model file does not match its metadata %s (checksum)",
                       path, meta_path);
    if (rc == 0)
        rc = pair_idf_read(&m->idf, idf_path);
    if (rc == 0 && (rc = file_checksum(idf_path, sum)) == 0 && strcmp(sum, idf_sum) != 0)
        rc = cc_seterr(CC_EINPUT, "%s: the idf table does not match %s (checksum)", idf_path,
                       meta_path);
    if (rc == 0)
        snprintf(m->idf_checksum, sizeof m->idf_checksum, "%s", sum);
    json_decref(j);
    return rc;
}

int cc_pairmodel_load(cc_pairmodel **out, const cc_context *ctx, const char *path)
{
    *out = NULL;
    if (cc_context_require(ctx, CC_STAGE_PAIRS) < 0)
        return CC_EUSAGE;
    cc_pairmodel *m = cc_xcalloc(1, sizeof *m);
    char *meta_path = sibling(path, ".meta.json"), *idf_path = sibling(path, ".idf");
    int rc = m && meta_path && idf_path ? 0 : cc_seterr(CC_ENOMEM, "out of memory");
    if (rc == 0) {
        m->ctx = ctx;
        rc = load_files(m, path, meta_path, idf_path);
    }
    if (rc == 0) {
        pair_svm_quiet();
        if (!(m->svm = svm_load_model(path)))
            rc = cc_seterr(CC_EINPUT, "%s: libsvm could not read the model", path);
    }
    if (rc == 0 && svm_check_probability_model(m->svm) != 1)
        rc = cc_seterr(CC_EINPUT, "%s: the model has no probability estimates", path);
    if (rc == 0) {
        int labels[2];
        svm_get_labels(m->svm, labels);
        m->pos_index = labels[0] == 1 ? 0 : 1;
        rc = pair_model_densify(m);
    }
    if (rc == 0) {
        *out = m;
    } else {
        cc_pairmodel_free(m);
    }
    free(meta_path);
    free(idf_path);
    return rc;
}
