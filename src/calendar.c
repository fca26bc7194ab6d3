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
