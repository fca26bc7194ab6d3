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

START_TEST(iso_weeks)
{
    int y, w;
    cc_iso_week(2025, 11, 7, &y, &w);
    ck_assert_int_eq(y, 2025);
    ck_assert_int_eq(w, 45);
    cc_iso_week(2024, 12, 30, &y, &w); /* a Monday in week 1 of 2025 */
    ck_assert_int_eq(y, 2025);
    ck_assert_int_eq(w, 1);
    cc_iso_week(2021, 1, 3, &y, &w); /* a Sunday still in week 53 of 2020 */
    ck_assert_int_eq(y, 2020);
    ck_assert_int_eq(w, 53);
    ck_assert_int_eq(cc_iso_weeks_in_year(2020), 53);
    ck_assert_int_eq(cc_iso_weeks_in_year(2025), 52);
    int m, d;
    cc_civil_from_days(cc_iso_week_monday(2025, 1), &y, &m, &d);
    ck_assert_int_eq(y, 2024);
    ck_assert_int_eq(m, 12);
    ck_assert_int_eq(d, 30);
    /* every day of 400 years: the Monday of its ISO week gives it back */
    for (long z = cc_days_from_civil(1900, 1, 1); z < cc_days_from_civil(2300, 1, 1); z++) {
        cc_civil_from_days(z, &y, &m, &d);
        int iy, iw;
        cc_iso_week(y, m, d, &iy, &iw);
        ck_assert(iw >= 1 && iw <= cc_iso_weeks_in_year(iy));
        ck_assert_int_eq(cc_iso_week_monday(iy, iw) + cc_weekday(y, m, d) - 1, z);
    }
}
END_TEST

START_TEST(month_arithmetic)
{
    int y = 2025, m = 1, d = 31;
    cc_add_months(&y, &m, &d, 1);
    ck_assert(y == 2025 && m == 2 && d == 28);
    y = 2024, m = 1, d = 31;
    cc_add_months(&y, &m, &d, 1);
    ck_assert(y == 2024 && m == 2 && d == 29);
    y = 2025, m = 1, d = 15;
    cc_add_months(&y, &m, &d, -1);
    ck_assert(y == 2024 && m == 12 && d == 15);
    y = 2025, m = 3, d = 31;
    cc_add_months(&y, &m, &d, -13);
    ck_assert(y == 2024 && m == 2 && d == 29);
    y = 2025, m = 12, d = 31;
    cc_add_days(&y, &m, &d, 1);
    ck_assert(y == 2026 && m == 1 && d == 1);
    y = 2024, m = 3, d = 1;
    cc_add_days(&y, &m, &d, -1);
    ck_assert(y == 2024 && m == 2 && d == 29);
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
    tcase_add_test(tc, iso_weeks);
    tcase_add_test(tc, month_arithmetic);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
