/* test_calendar.c: exact calendar arithmetic (leap years, weekdays, day numbers). */
#include "calendar.h"
#include "testutil.h"

START_TEST(leap_years)
{
    ck_assert(cc_is_leap(2024));
    ck_assert(!cc_is_leap(2025));
    ck_assert(!cc_is_leap(1900));
    ck_assert(cc_is_leap(2000));
    ck_assert_int_eq(cc_days_in_month(2024, 2), 29);
    ck_assert_int_eq(cc_days_in_month(2026, 2), 28);
    ck_assert_int_eq(cc_days_in_month(2026, 13), 0);
}
END_TEST

START_TEST(valid_dates)
{
    ck_assert(cc_date_valid(2024, 2, 29));
    ck_assert(!cc_date_valid(2026, 2, 29));
    ck_assert(!cc_date_valid(2026, 2, 30));
    ck_assert(!cc_date_valid(2026, 4, 31));
    ck_assert(!cc_date_valid(99999, 1, 1));
    ck_assert(!cc_date_valid(2026, 0, 1));
}
END_TEST

START_TEST(weekdays)
{
    ck_assert_int_eq(cc_weekday(2026, 1, 1), 4);  /* Thursday */
    ck_assert_int_eq(cc_weekday(1970, 1, 1), 4);
    ck_assert_int_eq(cc_weekday(2000, 2, 29), 2); /* Tuesday */
    ck_assert_int_eq(cc_weekday(2025, 11, 23), 7); /* Sunday */
    ck_assert_int_eq(cc_weekday(1969, 12, 31), 3);
}
END_TEST

START_TEST(day_numbers_round_trip)
{
    for (long z = -800000; z < 800000; z += 97) {
        int y, m, d;
        cc_civil_from_days(z, &y, &m, &d);
        ck_assert_int_eq(cc_days_from_civil(y, m, d), z);
    }
    ck_assert_int_eq(cc_days_from_civil(1970, 1, 1), 0);
    ck_assert_int_eq(cc_days_from_civil(2026, 1, 1) - cc_days_from_civil(2025, 1, 1), 365);
    ck_assert_int_eq(cc_days_from_civil(2025, 1, 1) - cc_days_from_civil(2024, 1, 1), 366);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, leap_years);
    tcase_add_test(tc, valid_dates);
    tcase_add_test(tc, weekdays);
    tcase_add_test(tc, day_numbers_round_trip);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
