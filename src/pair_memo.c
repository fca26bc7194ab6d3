/*
 * pair_memo.c: the remembered pair scores (see pair_memo.h): an open-addressing table by
 * key, the list of the pairs a run used, and the stored form of a value with its check.
 * It does not compute keys (cluster.c does) or touch SQLite (cache.c does).
 */
#include <string.h>

#include "pair_memo.h"

cc_pair_memo *pm_new(void)
{
    cc_pair_memo *m = cc_xcalloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->now = (cc_vec)CC_VEC_INIT(pm_entry);
    return m;
}

void pm_free(cc_pair_memo *m)
{
    if (!m)
        return;
    free(m->slots);
    cc_vec_free(&m->now);
    free(m);
}

static int grow(cc_pair_memo *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    pm_entry *s = cc_xcalloc(cap, sizeof *s);
    if (!s)
        return cc_seterr(CC_ENOMEM, "out of memory");
    for (size_t i = 0; i < m->cap; i++) {
        const pm_entry *e = &m->slots[i];
        if (!e->key[0] && !e->key[1])
            continue;
        size_t j = (size_t)e->key[0] & (cap - 1);
        while (s[j].key[0] || s[j].key[1])
            j = (j + 1) & (cap - 1);
        s[j] = *e;
    }
    free(m->slots);
    m->slots = s;
    m->cap = cap;
    return 0;
}

/* The slot of `key`, or the empty slot where it would go. */
static pm_entry *slot_of(const cc_pair_memo *m, const uint64_t key[2])
{
    size_t j = (size_t)key[0] & (m->cap - 1);
    while ((m->slots[j].key[0] || m->slots[j].key[1]) &&
           (m->slots[j].key[0] != key[0] || m->slots[j].key[1] != key[1]))
        j = (j + 1) & (m->cap - 1);
    return &m->slots[j];
}

int pm_put(cc_pair_memo *m, const pm_entry *e)
{
    if (!e->key[0] && !e->key[1])
        return 0;
    if (2 * (m->n + 1) > m->cap && grow(m) < 0)
        return CC_ENOMEM;
    pm_entry *s = slot_of(m, e->key);
    if (s->key[0] || s->key[1])
        return 0;
    *s = *e;
    m->n++;
    return 0;
}

const pm_entry *pm_get(const cc_pair_memo *m, const uint64_t key[2])
{
    if (!m || !m->cap)
        return NULL;
    const pm_entry *s = slot_of(m, key);
    return s->key[0] || s->key[1] ? s : NULL;
}

int pm_note(cc_pair_memo *m, const pm_entry *e, int fresh)
{
    pm_entry *x = cc_vec_push(&m->now);
    if (!x)
        return cc_seterr(CC_ENOMEM, "out of memory");
    *x = *e;
    m->fresh += fresh != 0;
    return 0;
}

static uint64_t value_check(const pm_entry *e, const unsigned char *v)
{
    uint64_t h = cc_hash64(e->key, sizeof e->key);
    return cc_fnv1a(v, 9, h);
}

static void put_le64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

void pm_encode(const pm_entry *e, unsigned char out[PM_VALUE_SIZE])
{
    uint64_t bits;
    memcpy(&bits, &e->prob, sizeof bits);
    put_le64(out, bits);
    out[8] = (unsigned char)(e->scored != 0);
    put_le64(out + 9, value_check(e, out));
}

int pm_decode(pm_entry *e, const unsigned char *v, size_t len)
{
    if (len != PM_VALUE_SIZE || v[8] > 1 || get_le64(v + 9) != value_check(e, v))
        return -1;
    uint64_t bits = get_le64(v);
    memcpy(&e->prob, &bits, sizeof bits);
    e->scored = v[8];
    /* a probability, never NaN or outside [0, 1] */
    return e->prob >= 0 && e->prob <= 1 ? 0 : -1;
}
