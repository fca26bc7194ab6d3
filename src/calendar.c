/*
 * calendar.c: calendar arithmetic on the proleptic Gregorian calendar, after the well-known
 * days-from-civil algorithm (era of 400 years = 146097 days).
 */
#include "calendar.h"

#include "crosscheck.h"

int cc_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int cc_days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && cc_is_leap(y) ? 29 : len[m - 1];
}

int cc_date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= cc_days_in_month(y, m);
}

long cc_days_from_civil(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long mp = (m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void cc_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int cc_weekday(int y, int m, int d)
{
    long z = cc_days_from_civil(y, m, d);
    /* 1970-01-01 was a Thursday (ISO 4) */
    long w = (z % 7 + 7 + 3) % 7; /* 0 = Monday */
    return (int)w + 1;
}

/* ISO weeks: the week with the year's first Thursday is week 1, so the Thursday of a day's
 * week decides its ISO year. */
void cc_iso_week(int y, int m, int d, int *iso_year, int *week)
{
    long z = cc_days_from_civil(y, m, d);
    long thursday = z - cc_weekday(y, m, d) + 4;
    int ty, tm, td;
    cc_civil_from_days(thursday, &ty, &tm, &td);
    *iso_year = ty;
    *week = (int)((thursday - cc_days_from_civil(ty, 1, 1)) / 7 + 1);
}

int cc_iso_weeks_in_year(int iso_year)
{
    int y, w;
    cc_iso_week(iso_year, 12, 28, &y, &w); /* Dec 28 is always in the year's last week */
    return w;
}

long cc_iso_week_monday(int iso_year, int week)
{
    /* January 4 is always in week 1 */
    long jan4 = cc_days_from_civil(iso_year, 1, 4);
    long monday1 = jan4 - cc_weekday(iso_year, 1, 4) + 1;
    return monday1 + (long)(week - 1) * 7;
}

void cc_add_months(int *y, int *m, int *d, long months)
{
    long total = (long)*y * 12 + (*m - 1) + months;
    long ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
    *y = (int)ny;
    *m = (int)(total - ny * 12) + 1;
    int len = cc_days_in_month(*y, *m);
    if (*d > len)
        *d = len;
}

void cc_add_days(int *y, int *m, int *d, long days)
{
    cc_civil_from_days(cc_days_from_civil(*y, *m, *d) + days, y, m, d);
}
