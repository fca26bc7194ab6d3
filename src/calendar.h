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

#endif
