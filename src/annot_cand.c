/*
 * annot_cand.c: the candidate pairs of a check as the annotation loop sees them. The check
 * keeps its scored candidates (blocking over entity ids, predicates and rare stems) for
 * clustering; annotating the uncertain ones is the point of active learning (DESIGN §7),
 * so they are exposed here rather than blocked again by other rules in the CLI.
 * Not here: ordering by uncertainty, skipping labelled pairs (the CLI does both).
 */
#include "conflicts.h"

int cc_check_candidate(const cc_check *check, size_t i, cc_candidate *out)
{
    if (!check || !out || i >= check->pairs.n)
        return cc_seterr(CC_EUSAGE, "candidate %zu out of range", i);
    const ck_pair *p = CC_VEC_AT(&check->pairs, ck_pair, i);
    const ck_claim *a = &check->claims[p->a], *b = &check->claims[p->b];
    *out = (cc_candidate){a->doc, a->claim, b->doc, b->claim, p->prob};
    return 0;
}
