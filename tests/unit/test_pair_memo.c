/*
 * test_pair_memo.c: remembered pair scores (pair_memo.c): the stored value gives back the
 * exact double and flag, any changed byte or length is refused, and the table finds every
 * key put (and only those) across its growth.
 */
#include "testutil.h"

#include "pair_memo.h"

START_TEST(value_round_trip_is_exact)
{
    pm_entry e = {{0x1234567890abcdefULL | 1, 42}, 0.1 + 0.2, 1}, back = {{e.key[0], e.key[1]}, 0, 0};
    unsigned char v[PM_VALUE_SIZE];
    pm_encode(&e, v);
    ck_assert_int_eq(pm_decode(&back, v, sizeof v), 0);
    ck_assert(memcmp(&back.prob, &e.prob, sizeof e.prob) == 0);
    ck_assert_int_eq(back.scored, 1);
}
END_TEST

START_TEST(damaged_values_are_refused)
{
    pm_entry e = {{77, 78}, 0.625, 0};
    unsigned char v[PM_VALUE_SIZE];
    pm_encode(&e, v);
    for (size_t i = 0; i < sizeof v; i++)
        for (int bit = 0; bit < 8; bit++) {
            pm_entry d = {{77, 78}, 0, 0};
            v[i] ^= (unsigned char)(1 << bit);
            ck_assert_msg(pm_decode(&d, v, sizeof v) < 0, "byte %zu bit %d", i, bit);
            v[i] ^= (unsigned char)(1 << bit);
        }
    for (size_t n = 0; n < sizeof v; n++) {
        pm_entry d = {{77, 78}, 0, 0};
        ck_assert_int_lt(pm_decode(&d, v, n), 0);
    }
    /* the value of another key */
    pm_entry other = {{77, 79}, 0, 0};
    ck_assert_int_lt(pm_decode(&other, v, sizeof v), 0);
}
END_TEST

START_TEST(table_finds_what_was_put)
{
    cc_pair_memo *m = pm_new();
    ck_assert_ptr_nonnull(m);
    enum { N = 5000 };
    for (uint64_t i = 0; i < N; i++) {
        pm_entry e = {{(i * 0x9E3779B97F4A7C15ULL) | 1, i}, (double)i / N, (int)(i & 1)};
        ck_assert_int_eq(pm_put(m, &e), 0);
    }
    ck_assert_uint_eq(m->n, N);
    for (uint64_t i = 0; i < N; i++) {
        uint64_t k[2] = {(i * 0x9E3779B97F4A7C15ULL) | 1, i};
        const pm_entry *e = pm_get(m, k);
        ck_assert_ptr_nonnull(e);
        ck_assert(e->prob == (double)i / N && e->scored == (int)(i & 1));
        k[1] = i + N;
        ck_assert_ptr_null(pm_get(m, k));
    }
    pm_entry e = {{1, 0}, 0.5, 1};
    ck_assert_int_eq(pm_note(m, &e, 1), 0);
    ck_assert_int_eq(pm_note(m, &e, 0), 0);
    ck_assert_uint_eq(m->now.n, 2);
    ck_assert_uint_eq(m->fresh, 1);
    pm_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pair_memo");
    TCase *tc = tcase_create("pair_memo");
    tcase_add_test(tc, value_round_trip_is_exact);
    tcase_add_test(tc, damaged_values_are_refused);
    tcase_add_test(tc, table_finds_what_was_put);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
