/*
 * pair_validate.c: checks a libsvm model file before svm_load_model() reads it, because
 * libsvm trusts its input (a truncated or edited file can crash it or load garbage). The
 * pair model is always a two-class C-SVC with an RBF kernel and probability estimates, so
 * the check is strict: every header key, the counts, each support vector line (one
 * coefficient, then index:value pairs with rising indexes in 1..nfeatures, finite numbers)
 * and the end of the file. Errors name file:line.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "pairs.h"

typedef struct {
    const char *path;
    long line;
    int nfeatures;
    long total_sv, nr_sv_sum;
    int seen; /* bit per header key */
} vstate;

static int verr(const vstate *v, const char *msg, const char *what)
{
    return cc_seterr(CC_EINPUT, "%s:%ld: %s%s%s", v->path, v->line, msg, what ? ": " : "",
                     what ? what : "");
}

/* Parses `count` finite numbers from s (space separated), nothing else. */
static int numbers(const char *s, int count, double *out)
{
    for (int i = 0; i < count; i++) {
        char *end;
        errno = 0;
        double x = strtod(s, &end);
        if (end == s || errno == ERANGE || !isfinite(x) || (*end && *end != ' '))
            return -1;
        if (out)
            out[i] = x;
        s = end;
    }
    while (*s == ' ')
        s++;
    return *s ? -1 : 0;
}

enum { K_TYPE, K_KERNEL, K_GAMMA, K_NRCLASS, K_TOTAL, K_RHO, K_LABEL, K_PROBA, K_PROBB, K_NRSV };

static int header_line(vstate *v, char *s)
{
    static const char *const keys[] = {"svm_type", "kernel_type", "gamma", "nr_class",
                                       "total_sv", "rho", "label", "probA", "probB", "nr_sv"};
    char *sp = strchr(s, ' ');
    if (!sp)
        return verr(v, "expected 'key value'", s);
    *sp = '\0';
    const char *val = sp + 1;
    int k = 0;
    while (k < (int)(sizeof keys / sizeof keys[0]) && strcmp(keys[k], s) != 0)
        k++;
    if (k == (int)(sizeof keys / sizeof keys[0]))
        return verr(v, "unknown header key", s);
    if (v->seen & (1 << k))
        return verr(v, "header key given twice", s);
    v->seen |= 1 << k;
    double x[2];
    switch (k) {
    case K_TYPE: return strcmp(val, "c_svc") ? verr(v, "svm_type must be c_svc", val) : 0;
    case K_KERNEL: return strcmp(val, "rbf") ? verr(v, "kernel_type must be rbf", val) : 0;
    case K_NRCLASS: return strcmp(val, "2") ? verr(v, "nr_class must be 2", val) : 0;
    case K_GAMMA:
        return numbers(val, 1, x) < 0 || x[0] <= 0 ? verr(v, "bad gamma", val) : 0;
    case K_RHO: case K_PROBA: case K_PROBB:
        return numbers(val, 1, NULL) < 0 ? verr(v, "expected one number", val) : 0;
    case K_LABEL:
        if (numbers(val, 2, x) < 0 || !((x[0] == 0 && x[1] == 1) || (x[0] == 1 && x[1] == 0)))
            return verr(v, "labels must be 0 and 1", val);
        return 0;
    case K_TOTAL:
        if (numbers(val, 1, x) < 0 || x[0] < 1 || x[0] > 1e7 || x[0] != floor(x[0]))
            return verr(v, "bad total_sv", val);
        v->total_sv = (long)x[0];
        return 0;
    default: /* K_NRSV */
        if (numbers(val, 2, x) < 0 || x[0] < 0 || x[1] < 0 || x[0] > 1e7 || x[1] > 1e7 ||
            x[0] != floor(x[0]) || x[1] != floor(x[1])) /* bounded: (long) of 1e19 is UB */
            return verr(v, "bad nr_sv", val);
        v->nr_sv_sum = (long)(x[0] + x[1]);
        return 0;
    }
}

static int sv_line(vstate *v, char *s)
{
    char *end;
    errno = 0;
    double coef = strtod(s, &end);
    if (end == s || !isfinite(coef) || (*end != ' ' && *end != '\0'))
        return verr(v, "a support vector line starts with its coefficient", NULL);
    long prev = 0;
    for (s = end; *s == ' '; ) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        long idx = strtol(s, &end, 10);
        if (end == s || *end != ':' || idx <= prev || idx > v->nfeatures) {
            char msg[96];
            snprintf(msg, sizeof msg, "bad feature index (want rising 1..%d)", v->nfeatures);
            return verr(v, msg, NULL);
        }
        prev = idx;
        s = end + 1;
        double x = strtod(s, &end);
        if (end == s || !isfinite(x) || (*end != ' ' && *end != '\0'))
            return verr(v, "bad feature value", NULL);
        s = end;
    }
    return *s ? verr(v, "trailing characters", NULL) : 0;
}

static int check_header_done(const vstate *v)
{
    if (v->seen != (1 << (K_NRSV + 1)) - 1)
        return verr(v, "'SV' before the header is complete (svm_type, kernel_type, gamma, "
                       "nr_class, total_sv, rho, label, probA, probB, nr_sv)", NULL);
    if (v->nr_sv_sum != v->total_sv)
        return verr(v, "nr_sv does not add up to total_sv", NULL);
    return 0;
}

static int validate_text(vstate *v, char *data, size_t len)
{
    if (len == 0)
        return cc_seterr(CC_EINPUT, "%s: empty model file", v->path);
    if (data[len - 1] != '\n')
        return cc_seterr(CC_EINPUT, "%s: truncated model file (no final newline)", v->path);
    if (memchr(data, '\0', len))
        return cc_seterr(CC_EINPUT, "%s: NUL byte in the model file", v->path);
    int in_sv = 0;
    long nsv = 0;
    for (char *p = data; p < data + len;) {
        char *nl = memchr(p, '\n', (size_t)(data + len - p));
        *nl = '\0';
        v->line++;
        int rc;
        if (!in_sv && strcmp(p, "SV") == 0) {
            rc = check_header_done(v);
            in_sv = 1;
        } else if (!in_sv) {
            rc = header_line(v, p);
        } else {
            rc = ++nsv > v->total_sv ? verr(v, "more support vectors than total_sv", NULL)
                                     : sv_line(v, p);
        }
        if (rc < 0)
            return rc;
        p = nl + 1;
    }
    if (!in_sv)
        return cc_seterr(CC_EINPUT, "%s:%ld: truncated model file (no 'SV' line)", v->path,
                         v->line);
    if (nsv != v->total_sv)
        return cc_seterr(CC_EINPUT, "%s:%ld: truncated model file (%ld of %ld support vectors)",
                         v->path, v->line, nsv, v->total_sv);
    return 0;
}

int pair_validate_svm_file(const char *path, int nfeatures)
{
    char *data = NULL;
    size_t len = 0;
    int rc = cc_read_file(path, &data, &len);
    if (rc < 0)
        return rc;
    vstate v = {path, 0, nfeatures, 0, -1, 0};
    rc = validate_text(&v, data, len);
    free(data);
    return rc;
}
