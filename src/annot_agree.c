/*
 * annot_agree.c: agreement between two annotators' pair files: the pairs both labelled
 * (matched by content: the two texts, in either order, case and spacing ignored), Cohen's
 * kappa over the three labels same / conflict / different, the confusion matrix and the
 * pairs they disagree on.
 */
#include <string.h>

#include "internal.h"

static const char *const labels[CC_AGREE_NLABELS] = {"same", "conflict", "different"};

const char *cc_agreement_label(int i) { return i >= 0 && i < CC_AGREE_NLABELS ? labels[i] : "?"; }

static int label_index(const char *name)
{
    for (int i = 0; i < CC_AGREE_NLABELS; i++)
        if (strcmp(name, labels[i]) == 0)
            return i;
    return -1;
}

static uint64_t pair_key(const cc_pair *p)
{
    uint64_t a = cc_text_key(p->text_a, CC_FNV_SEED), b = cc_text_key(p->text_b, CC_FNV_SEED);
    uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
    return lo * 0x9E3779B97F4A7C15ULL ^ hi;
}

typedef struct {
    uint64_t key;
    size_t index; /* in set A, + 1; 0 when empty */
} slot;

int cc_agreement_compute(cc_agreement *out, const cc_pairset *a, const cc_pairset *b)
{
    memset(out, 0, sizeof *out);
    size_t na = cc_pairset_n(a), cap = 16;
    while (cap < na * 2)
        cap *= 2;
    slot *slots = cc_xcalloc(cap, sizeof *slots);
    if (!slots)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < na; i++) {
        uint64_t k = pair_key(cc_pairset_at(a, i));
        size_t j = k & (cap - 1);
        while (slots[j].index && slots[j].key != k)
            j = (j + 1) & (cap - 1);
        slots[j] = (slot){k, i + 1}; /* a later label of the same pair wins */
    }
    int rc = 0;
    size_t dcap = 0;
    for (size_t i = 0; i < cc_pairset_n(b) && rc == 0; i++) {
        const cc_pair *pb = cc_pairset_at(b, i);
        uint64_t k = pair_key(pb);
        size_t j = k & (cap - 1);
        while (slots[j].index && slots[j].key != k)
            j = (j + 1) & (cap - 1);
        if (!slots[j].index)
            continue;
        const cc_pair *pa = cc_pairset_at(a, slots[j].index - 1);
        int la = label_index(pa->label_name), lb = label_index(pb->label_name);
        if (la < 0 || lb < 0)
            continue; /* only the project's three labels are compared */
        out->matrix[la][lb]++;
        out->n++;
        if (la != lb && out->ndisagreements == dcap) {
            dcap = dcap ? dcap * 2 : 16;
            cc_agreement_pair *d = realloc(out->disagreements, dcap * sizeof *d);
            if (!d)
                rc = cc_seterr(CC_ENOMEM, "out of memory");
            else
                out->disagreements = d;
        }
        if (la != lb && rc == 0)
            out->disagreements[out->ndisagreements++] = (cc_agreement_pair){pa, pb};
    }
    free(slots);
    if (rc < 0)
        return rc;
    if (out->n == 0)
        return 0;
    double agree = 0, expected = 0;
    for (int x = 0; x < CC_AGREE_NLABELS; x++) {
        double row = 0, col = 0;
        for (int y = 0; y < CC_AGREE_NLABELS; y++) {
            row += (double)out->matrix[x][y];
            col += (double)out->matrix[y][x];
        }
        agree += (double)out->matrix[x][x];
        expected += row * col;
    }
    double n = (double)out->n;
    out->observed = agree / n;
    out->expected = expected / (n * n);
    /* kappa is undefined when chance agreement is total (one label only): report 1 if the
     * annotators agree everywhere, else 0 */
    out->kappa = out->expected < 1.0 ? (out->observed - out->expected) / (1.0 - out->expected)
                                     : (out->observed == 1.0 ? 1.0 : 0.0);
    return 0;
}

void cc_agreement_free(cc_agreement *ag)
{
    free(ag->disagreements);
    ag->disagreements = NULL;
    ag->ndisagreements = 0;
}
