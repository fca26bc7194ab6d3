/*
 * calendar.h: exact proleptic Gregorian calendar arithmetic (leap years, month lengths,
 * weekdays, day numbers, ISO weeks). No time zones, no clock: pure functions of dates.
 */
#ifndef CC_CALENDAR_H
#define CC_CALENDAR_H

int cc_is_leap(int year);
int cc_days_in_month(int year, int month);
/* Days since 1970-01-01 (negative before). Valid for any year the int range allows. */
long cc_days_from_civil(int year, int month, int day);
void cc_civil_from_days(long days, int *year, int *month, int *day);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int cc_weekday(int year, int month, int day);

/* ISO 8601 week of a day: *iso_year may differ from year near January 1. */
void cc_iso_week(int year, int month, int day, int *iso_year, int *week);
/* Weeks in an ISO year (52 or 53). */
int cc_iso_weeks_in_year(int iso_year);
/* The Monday of ISO week `week` of `iso_year`, as days since 1970-01-01. */
long cc_iso_week_monday(int iso_year, int week);
/* Adds months to y-m-d; the day is clamped to the new month's length (Jan 31 + 1 = Feb 28). */
void cc_add_months(int *year, int *month, int *day, long months);
/* Adds days to y-m-d exactly. */
void cc_add_days(int *year, int *month, int *day, long days);

#endif
