/* test_time.c: the time stage: every rule family, DCT resolution, calendar edge cases,
 * event anchors, unknown DCTs, hostile input, malformed rule files and documents. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include "internal.h"
#include "testutil.h"
#include "timex.h"
#include "util.h"

static cc_context *ctx;
static tu_diags diags;

/* Tags `text` against `dct` ("YYYY-MM-DD" or NULL) and returns the expression whose text is
 * `expr` (NULL when none): its value, type and resolution. */
typedef struct {
    char value[64];
    char anchor[128];
    int type, resolution, found;
} found_timex;

static found_timex tag_find(const char *text, const char *dct, const char *expr)
{
    found_timex f = {"", "", -1, -1, 0};
    cc_date d = {0, 0, 0};
    if (dct)
        ck_assert_int_eq(sscanf(dct, "%d-%d-%d", &d.year, &d.month, &d.day), 3);
    cc_timex *t = NULL;
    size_t n = 0;
    ck_assert_int_eq(cc_time_tag_text(&t, &n, ctx, text, strlen(text), dct ? &d : NULL), 0);
    for (size_t i = 0; i < n; i++) {
        size_t len = t[i].span.end - t[i].span.start;
        if (len == strlen(expr) && memcmp(text + t[i].span.start, expr, len) == 0) {
            snprintf(f.value, sizeof f.value, "%s", t[i].value);
            snprintf(f.anchor, sizeof f.anchor, "%s", t[i].anchor_text ? t[i].anchor_text : "");
            f.type = t[i].type;
            f.resolution = t[i].resolution;
            f.found = 1;
        }
    }
    cc_timex_free(t, n);
    return f;
}

#define CHECK(text, dct, expr, val, res)                                               \
    do {                                                                               \
        found_timex f_ = tag_find(text, dct, expr);                                    \
        ck_assert_msg(f_.found, "'%s' not tagged in '%s'", expr, text);                \
        ck_assert_str_eq(f_.value, val);                                               \
        ck_assert_int_eq(f_.resolution, res);                                          \
    } while (0)

static size_t count(const char *text, const char *dct)
{
    cc_date d = {0, 0, 0};
    if (dct)
        sscanf(dct, "%d-%d-%d", &d.year, &d.month, &d.day);
    cc_timex *t = NULL;
    size_t n = 0;
    ck_assert_int_eq(cc_time_tag_text(&t, &n, ctx, text, strlen(text), dct ? &d : NULL), 0);
    cc_timex_free(t, n);
    return n;
}

START_TEST(explicit_dates)
{
    CHECK("The plant opened in 2022.", "2025-11-20", "2022", "2022", CC_TIME_ABSOLUTE);
    CHECK("It was signed on March 3, 2025 in Lyon.", NULL, "March 3, 2025", "2025-03-03",
          CC_TIME_ABSOLUTE);
    CHECK("It was signed on 7 November 2025.", NULL, "7 November 2025", "2025-11-07",
          CC_TIME_ABSOLUTE);
    CHECK("Filed 2025-11-07 by the clerk.", NULL, "2025-11-07", "2025-11-07", CC_TIME_ABSOLUTE);
    /* \d of a rule is an ASCII digit: Arabic-Indic digits make no year (nor a crash) */
    ck_assert_uint_eq(count("It opened in \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa2.", "2025-11-20"), 0);
    CHECK("It opened in 2022, a source said [1,2].", NULL, "2022", "2022", CC_TIME_ABSOLUTE);
    CHECK("Sales peaked in November 2024.", NULL, "November 2024", "2024-11", CC_TIME_ABSOLUTE);
    CHECK("The report covers 2025-W45.", NULL, "2025-W45", "2025-W45", CC_TIME_ABSOLUTE);
    CHECK("Growth slowed in the third quarter of 2025.", NULL, "the third quarter of 2025",
          "2025-Q3", CC_TIME_ABSOLUTE);
    CHECK("The drought of summer 2012 was long.", NULL, "summer 2012", "2012-SU",
          CC_TIME_ABSOLUTE);
    CHECK("Prices doubled in the 1970s.", NULL, "the 1970s", "197", CC_TIME_ABSOLUTE);
    CHECK("It was built in nineteen ninety-six.", NULL, "nineteen ninety-six", "1996",
          CC_TIME_ABSOLUTE);
    ck_assert(!tag_find("Nineteen twenty people came.", NULL, "Nineteen twenty").found);
    CHECK("Shops close on Christmas Day 2025.", NULL, "Christmas Day 2025", "2025-12-25",
          CC_TIME_ABSOLUTE);
    CHECK("The fair opened on Thanksgiving 2025.", NULL, "Thanksgiving 2025", "2025-11-27",
          CC_TIME_ABSOLUTE);
}
END_TEST

START_TEST(granularity_is_kept)
{
    /* a quarter of a year named relative to the DCT's */
    CHECK("Profit beat this year's second quarter.", "2025-11-20", "this year's second quarter",
          "2025-Q2", CC_TIME_DCT);
    CHECK("Output will rise in next year's first quarter.", "2025-11-20",
          "next year's first quarter", "2026-Q1", CC_TIME_DCT);
    CHECK("Sales matched the fourth quarter of last year.", "2025-11-20",
          "the fourth quarter of last year", "2024-Q4", CC_TIME_DCT);
    CHECK("Sales matched last year's quarter.", "2025-11-20", "last year's quarter", "2024-Q3",
          CC_TIME_DCT);
    CHECK("Output will rise in next year's first quarter.", NULL, "next year's first quarter",
          "XXXX-Q1", CC_TIME_UNRESOLVED);
    /* the reported quarter (the one before the DCT's) of a named year, or a year ago */
    CHECK("Net income fell from the 2024 quarter.", "2025-11-20", "the 2024 quarter", "2024-Q3",
          CC_TIME_DCT);
    CHECK("Net income fell from the 2024 quarter.", NULL, "the 2024 quarter", "2024",
          CC_TIME_ABSOLUTE);
    CHECK("Sales rose from the same period last year.", "2026-02-10",
          "the same period last year", "2024-Q4", CC_TIME_DCT);
    CHECK("Sales rose from the quarter a year ago.", "2025-11-20", "the quarter a year ago",
          "2024-Q3", CC_TIME_DCT);
    /* a year stays a year: never expanded to a day */
    CHECK("In 2022 the mill shut.", "2025-11-20", "2022", "2022", CC_TIME_ABSOLUTE);
    CHECK("A year ago the mill shut.", "2025-11-20", "A year ago", "2024", CC_TIME_DCT);
    CHECK("The mill shut last month.", "2025-11-20", "last month", "2025-10", CC_TIME_DCT);
    CHECK("It shut two months ago.", "2025-11-20", "two months ago", "2025-09", CC_TIME_DCT);
    CHECK("It reopens next week.", "2025-11-20", "next week", "2025-W48", CC_TIME_DCT);
    CHECK("Earlier this year it shut.", "2025-11-20", "Earlier this year", "2025", CC_TIME_DCT);
    CHECK("Profit for the full year fell.", "2025-11-20", "the full year", "2025", CC_TIME_DCT);
    CHECK("Profit in the latest period fell.", "2025-11-20", "the latest period", "2025-Q3",
          CC_TIME_DCT);
}
END_TEST

START_TEST(dct_relative)
{
    CHECK("The minister resigned on Friday.", "2025-11-20", "Friday", "2025-11-14",
          CC_TIME_DCT);
    CHECK("The minister will resign on Friday.", "2025-11-20", "Friday", "2025-11-21",
          CC_TIME_DCT);
    /* the reporting verb that governs the weekday decides, not a later "would" */
    CHECK("The council declared on Friday that it would close the archive.", "2025-11-20",
          "Friday", "2025-11-14", CC_TIME_DCT);
    CHECK("Officials said late on Friday the talks would resume.", "2025-11-20", "Friday",
          "2025-11-14", CC_TIME_DCT);
    CHECK("Turnout was 40% as of Monday.", "2025-11-20", "Monday", "2025-11-17", CC_TIME_DCT);
    CHECK("The vote took place Oct. 21.", "2025-11-20", "Oct. 21", "2025-10-21", CC_TIME_DCT);
    CHECK("The vote will take place Oct. 21.", "2025-11-20", "Oct. 21", "2026-10-21",
          CC_TIME_DCT);
    CHECK("Costs rose in recent years.", "2025-11-20", "recent years", "PAST_REF",
          CC_TIME_DCT);
    CHECK("The river is now high.", "2025-11-20", "now", "PRESENT_REF", CC_TIME_DCT);
    CHECK("Rain fell yesterday.", "2025-11-20", "yesterday", "2025-11-19", CC_TIME_DCT);
    CHECK("The talks end today.", "2025-11-20", "today", "2025-11-20", CC_TIME_DCT);
    CHECK("The polls close at 5 p.m. tomorrow.", "2025-11-20", "5 p.m.", "2025-11-20T17:00",
          CC_TIME_DCT);
    /* a clock time on a month day: the year as for the day alone */
    CHECK("The offer expires at 5 p.m. EST, Dec. 3.", "2025-11-20", "5 p.m. EST, Dec. 3",
          "2025-12-03T17:00", CC_TIME_DCT);
    CHECK("The offer expired at 9:30 a.m. Jan. 6.", "2026-02-10", "9:30 a.m. Jan. 6",
          "2026-01-06T09:30", CC_TIME_DCT);
    CHECK("Shares slid in mid-afternoon trading.", "2025-11-20", "mid-afternoon",
          "2025-11-20TAF", CC_TIME_DCT);
    CHECK("The market fell late morning yesterday.", "2025-11-20", "late morning yesterday",
          "2025-11-19TMO", CC_TIME_DCT);
    CHECK("Crowds gathered last night.", "2025-11-20", "last night", "2025-11-19TNI",
          CC_TIME_DCT);
    CHECK("Prices peaked in June last year.", "2025-11-20", "June last year", "2024-06",
          CC_TIME_DCT);
    CHECK("Shops were shut over the weekend.", "2025-11-20", "the weekend", "2025-W46-WE",
          CC_TIME_DCT);
    CHECK("Profit rose in the third quarter.", "2025-11-20", "the third quarter", "2025-Q3",
          CC_TIME_DCT);
    CHECK("Profit rose in the fourth quarter.", "2025-08-20", "the fourth quarter", "2024-Q4",
          CC_TIME_DCT);
}
END_TEST

START_TEST(weekdays_around_the_dct)
{
    /* 2025-11-20 is a Thursday */
    CHECK("They met last Monday.", "2025-11-20", "last Monday", "2025-11-17", CC_TIME_DCT);
    CHECK("They meet next Monday.", "2025-11-20", "next Monday", "2025-11-24", CC_TIME_DCT);
    CHECK("They said on Thursday it ended.", "2025-11-20", "Thursday", "2025-11-20",
          CC_TIME_DCT);
    CHECK("They said Wednesday it ended.", "2025-11-20", "Wednesday", "2025-11-19",
          CC_TIME_DCT);
    CHECK("They will decide Saturday.", "2025-11-20", "Saturday", "2025-11-22", CC_TIME_DCT);
    /* across a month and a year end */
    CHECK("They will decide on Friday.", "2025-12-31", "Friday", "2026-01-02", CC_TIME_DCT);
    /* future cues: "as soon as", "planning"; a possessive is one word when counting the
     * distance to the cue ("would" is six words before the weekday) */
    CHECK("The ferry could sail as soon as Monday.", "2025-11-20", "Monday", "2025-11-24",
          CC_TIME_DCT);
    CHECK("Unions were planning a march on Monday.", "2025-11-20", "Monday", "2025-11-24",
          CC_TIME_DCT);
    /* phrases that look ahead though no word of them does alone (before the expression:
     * "In May, it announced plans to..." is past) */
    CHECK("The league plans to hold a news conference on Tuesday.", "2025-11-20", "Tuesday",
          "2025-11-25", CC_TIME_DCT);
    CHECK("Talks, set to resume Monday in Oslo, were cut short.", "2025-11-20", "Monday",
          "2025-11-24", CC_TIME_DCT);
    CHECK("Ana's lawyer's aide's note said the crew would be sailing to the islands Monday.",
          "2025-11-20", "Monday", "2025-11-24", CC_TIME_DCT);
    /* a verb in the past right before the weekday governs it, even with a future cue
     * earlier in the sentence; a passive "be" makes the participle no past */
    CHECK("Analysts would not comment after the exchange closed Wednesday.", "2025-11-20",
          "Wednesday", "2025-11-19", CC_TIME_DCT);
    CHECK("Officials will say more after the body is buried Friday.", "2025-11-20", "Friday",
          "2025-11-21", CC_TIME_DCT);
    CHECK("The vote will be held on Saturday.", "2025-11-20", "Saturday", "2025-11-22",
          CC_TIME_DCT);
    /* a cue inside a hyphenated modifier is no verb: "lower-than-expected" looks nowhere */
    CHECK("Shares fell on lower-than-expected sales reported Tuesday.", "2025-11-20",
          "Tuesday", "2025-11-18", CC_TIME_DCT);
    CHECK("Shares fell on lower-than-expected sales Tuesday.", "2025-11-20", "Tuesday",
          "2025-11-18", CC_TIME_DCT);
    /* a deadline lies ahead even when a far verb of the sentence is past, unless a verb in
     * the past comes before it or a past form after it */
    CHECK("The carrier will add flights to Asia by August, in markets untouched by the crisis.",
          "2026-02-13", "August", "2026-08", CC_TIME_DCT);
    CHECK("The lenders extended the credit line until January.", "2025-10-30", "January",
          "2025-01", CC_TIME_DCT);
    CHECK("Members had filed their reports by Wednesday.", "2025-11-20", "Wednesday",
          "2025-11-19", CC_TIME_DCT);
    CHECK("Until Thursday, the police had named no suspect.", "2025-11-22", "Thursday",
          "2025-11-20", CC_TIME_DCT);
    /* a weekday with a part of the day is a TIME (as the TimeML guidelines have it) */
    found_timex f = tag_find("The talks broke down on Monday night.", "2025-11-20",
                             "Monday night");
    ck_assert(f.found);
    ck_assert_str_eq(f.value, "2025-11-17TNI");
    ck_assert_int_eq(f.type, CC_TIMEX_TIME);
}
END_TEST

START_TEST(tense_of_months)
{
    /* an irregular past verb is a past cue: January before a November DCT, this year */
    CHECK("In January, the mill took on forty new hands.", "2025-11-20", "January", "2025-01",
          CC_TIME_DCT);
    /* a participle after "be" is no past cue; a far future cue counts when no past cue is
     * in the sentence */
    CHECK("The new harbour master, a sailor from the north, will be named in December.",
          "2025-03-10", "December", "2025-12", CC_TIME_DCT);
    CHECK("Officials will ask the regional council and its many committees for the funds "
          "in December.",
          "2025-03-10", "December", "2025-12", CC_TIME_DCT);
    /* "this September" is the DCT's year's; "payable" looks ahead; "since" looks back */
    CHECK("Elections are due this September.", "2025-02-05", "this September", "2025-09",
          CC_TIME_DCT);
    CHECK("The dividend is payable Jan. 2 to holders.", "2025-11-20", "Jan. 2", "2026-01-02",
          CC_TIME_DCT);
    CHECK("The ship will stay at sea, as it has since shortly after the Dec. 3 storm.",
          "2025-05-20", "Dec. 3", "2024-12-03", CC_TIME_DCT);
    /* "plans" is mostly a noun: no future cue */
    CHECK("In September, the firm unveiled plans for a new plant.", "2025-10-20", "September",
          "2025-09", CC_TIME_DCT);
}
END_TEST

START_TEST(seasons_and_anaphora)
{
    CHECK("Repairs are due in the summer.", "2025-05-20", "the summer", "2025-SU", CC_TIME_DCT);
    CHECK("Repairs took place this past spring.", "2025-11-20", "this past spring", "2025-SP",
          CC_TIME_DCT);
    CHECK("Work starts in the early winter.", "2025-11-20", "the early winter", "2025-WI",
          CC_TIME_DCT);
    ck_assert(!tag_find("Prices may fall sharply.", "2025-11-20", "fall").found);
    /* "that year", "the following year": hung on the latest date before them */
    CHECK("The dam opened in 2011. Floods came later that year.", NULL, "later that year",
          "2011", CC_TIME_EVENT);
    CHECK("The dam opened in 2011. It flooded the following year.", NULL,
          "the following year", "2012", CC_TIME_EVENT);
    CHECK("The vote was on March 3, 2025. The previous day was calm.", NULL,
          "The previous day", "2025-03-02", CC_TIME_EVENT);
    /* periods of the DCT's year and the fiscal year that ends on a date */
    CHECK("Shipments slowed earlier in the year.", "2025-11-20", "earlier in the year", "2025",
          CC_TIME_DCT);
    CHECK("The loan is due by the end of the month.", "2025-11-20", "the end of the month",
          "2025-11", CC_TIME_DCT);
    CHECK("Revenue rose 4% in the year ended June 30.", "2025-11-20", "the year", "P1Y",
          CC_TIME_ABSOLUTE);
    CHECK("For the week, the index fell 2%.", "2025-11-20", "the week", "2025-W47",
          CC_TIME_DCT);
    CHECK("Sales rose in the first half of 2024.", NULL, "the first half of 2024", "2024-H1",
          CC_TIME_ABSOLUTE);
    CHECK("Sales should rise in the second half of this year.", "2025-05-20",
          "the second half of this year", "2025-H2", CC_TIME_DCT);
}
END_TEST

START_TEST(calendar_edges)
{
    memset(&diags, 0, sizeof diags);
    CHECK("Born on February 29, 2024.", NULL, "February 29, 2024", "2024-02-29",
          CC_TIME_ABSOLUTE);
    ck_assert(!tag_find("Born on February 29, 2023.", NULL, "February 29, 2023").found);
    ck_assert(!tag_find("Due February 30, 2026.", NULL, "February 30, 2026").found);
    found_timex f = tag_find("Due February 30, 2026.", NULL, "February 30");
    ck_assert(!f.found);
    ck_assert_uint_eq(diags.warnings, 3); /* one per call above, not one per rule */
    ck_assert_ptr_nonnull(strstr(diags.text, "not a calendar date"));
    CHECK("Snow fell last December.", "2026-01-10", "last December", "2025-12", CC_TIME_DCT);
    CHECK("It starts next January.", "2025-12-20", "next January", "2026-01", CC_TIME_DCT);
    CHECK("It starts next week.", "2025-12-29", "next week", "2026-W02", CC_TIME_DCT);
    CHECK("It started last week.", "2026-01-01", "last week", "2025-W52", CC_TIME_DCT);
    CHECK("It rained yesterday.", "2025-01-01", "yesterday", "2024-12-31", CC_TIME_DCT);
    CHECK("It rained yesterday.", "2024-03-01", "yesterday", "2024-02-29", CC_TIME_DCT);
    CHECK("It began a month ago.", "2025-03-31", "a month ago", "2025-02", CC_TIME_DCT);
    CHECK("It began a year ago.", "2024-02-29", "a year ago", "2023", CC_TIME_DCT);
}
END_TEST

START_TEST(unknown_dct)
{
    CHECK("The mill shut last month.", NULL, "last month", "XXXX-XX", CC_TIME_UNRESOLVED);
    CHECK("The minister resigned on Friday.", NULL, "Friday", "XXXX-WXX-5",
          CC_TIME_UNRESOLVED);
    CHECK("The vote took place Oct. 21.", NULL, "Oct. 21", "XXXX-10-21", CC_TIME_UNRESOLVED);
    CHECK("The mill shut in 2022.", NULL, "2022", "2022", CC_TIME_ABSOLUTE);
}
END_TEST

START_TEST(event_relative)
{
    found_timex f = tag_find("The plant closed in 2019. A year later it reopened.", NULL,
                             "A year later");
    ck_assert(f.found);
    ck_assert_str_eq(f.value, "2020");
    ck_assert_int_eq(f.resolution, CC_TIME_EVENT);
    ck_assert_str_eq(f.anchor, "2019");
    f = tag_find("Talks resumed two weeks after the March 3, 2025 vote.", NULL,
                 "two weeks after the March 3, 2025 vote");
    ck_assert(f.found);
    ck_assert_str_eq(f.value, "2025-W12");
    ck_assert_int_eq(f.resolution, CC_TIME_EVENT);
    f = tag_find("Protests began weeks after the decision.", "2025-11-20",
                 "weeks after the decision");
    ck_assert(f.found);
    ck_assert_int_eq(f.resolution, CC_TIME_UNRESOLVED);
    ck_assert_str_eq(f.anchor, "the decision");
    /* "Day after" with no number ends a name; "the day after" hangs on the event */
    CHECK("He landed on Thanksgiving Day after a long crossing.", "2025-12-01",
          "Thanksgiving Day", "2025-11-27", CC_TIME_DCT);
    CHECK("Rain fell the day after the March 3, 2025 vote.", NULL,
          "the day after the March 3, 2025 vote", "2025-03-04", CC_TIME_EVENT);
    f = tag_find("A year later it reopened.", "2025-11-20", "A year later");
    ck_assert(f.found);
    ck_assert_int_eq(f.resolution, CC_TIME_UNRESOLVED);
    /* a narrative goes on from each new date; a comparison point does not: the second "a
     * year earlier" compares with the same quarter as the first */
    CHECK("He joined in 2010. A year later he left. Two years later he came back.", NULL,
          "Two years later", "2013", CC_TIME_EVENT);
    CHECK("Profit was $5 in the third quarter of 2025, up from $4 a year earlier. Sales rose "
          "to $9 from $8 a year earlier.",
          NULL, "a year earlier", "2024-Q3", CC_TIME_EVENT);
    CHECK("Profit was $5 in the third quarter of 2025. Costs fell from $4 a year ago. Sales "
          "rose to $9 from $8 a year earlier.",
          "2025-11-20", "a year earlier", "2024-Q3", CC_TIME_EVENT);
}
END_TEST

/* Issue #3: modifiers of "ago", determiners of "the past year", counted spans before an
 * event that gives no date, looking back from the DCT. */
START_TEST(modifiers_and_determiners)
{
    CHECK("The bridge opened about three years ago.", "2024-06-12", "about three years ago",
          "2021", CC_TIME_DCT);
    CHECK("Our club was founded more than two decades ago.", "2024-06-12",
          "more than two decades ago", "200", CC_TIME_DCT);
    CHECK("Rents climbed over the past year.", "2024-06-12", "the past year", "2023",
          CC_TIME_DCT);
    CHECK("Rents climbed during the past decade.", "2024-06-12", "the past decade", "P10Y",
          CC_TIME_ABSOLUTE);
    /* "the last week of May" is no week before the DCT */
    ck_assert(!tag_find("Exams fill the last week of May.", "2024-06-12", "the last week").found);
    /* no date to count from: the count is a duration, "after" a signal */
    found_timex f = tag_find("The ferry sank 48 hours after its engine failed.", "2024-06-12",
                             "48 hours");
    ck_assert(f.found);
    ck_assert_int_eq(f.type, CC_TIMEX_DURATION);
    ck_assert_str_eq(f.value, "PT48H");
    f = tag_find("She signed ten days before the final vote.", "2024-06-12", "ten days");
    ck_assert(f.found);
    ck_assert_str_eq(f.value, "P10D");
    /* looking back with no date before it: from the DCT; looking ahead needs an event */
    CHECK("A month earlier, the mayor had resigned.", "2024-06-12", "A month earlier",
          "2024-05", CC_TIME_DCT);
    ck_assert_int_eq(tag_find("Two years later the mill closed.", "2024-06-12",
                              "Two years later").resolution,
                     CC_TIME_UNRESOLVED);
    /* with nothing after it, "before" still counts back from the last date */
    CHECK("The dam broke on May 3, 2021. Two days before, rain fell.", NULL,
          "Two days before", "2021-05-01", CC_TIME_EVENT);
}
END_TEST

/* Issue #3: weekdays joined to dates and clock times, midnight, year spans, "last Oct. 23",
 * moveable holidays. */
START_TEST(dates_and_clock_times)
{
    /* a weekday before a date is part of it, in both orders of day and month */
    CHECK("Polls opened on Sunday, 9 June 2024 at eight.", "2024-06-12",
          "Sunday, 9 June 2024", "2024-06-09", CC_TIME_ABSOLUTE);
    CHECK("The fair closes on Saturday 15 June.", "2024-06-12", "Saturday 15 June",
          "2024-06-15", CC_TIME_DCT);
    CHECK("It reopened Monday, June 3, 2024.", "2024-06-12", "Monday, June 3, 2024",
          "2024-06-03", CC_TIME_ABSOLUTE);
    /* midnight ends its day */
    CHECK("The polls close at midnight.", "2024-06-12", "midnight", "2024-06-12T24:00",
          CC_TIME_DCT);
    CHECK("Bids are due by midnight Friday.", "2024-06-12", "midnight Friday",
          "2024-06-14T24:00", CC_TIME_DCT);
    /* a time zone or "local time" between a clock time and its weekday */
    CHECK("The quake struck at 4:10 a.m. local time Monday.", "2024-06-12",
          "4:10 a.m. local time Monday", "2024-06-10T04:10", CC_TIME_DCT);
    CHECK("Trading will resume at 9 a.m. ET Friday.", "2024-06-12", "9 a.m. ET Friday",
          "2024-06-14T09:00", CC_TIME_DCT);
    /* a 24-hour clock before its weekday or date; a clock time after its day */
    CHECK("Voting ends at 21:00 GMT on Sunday.", "2024-06-12", "21:00 GMT on Sunday",
          "2024-06-16T21:00", CC_TIME_DCT);
    CHECK("The ferry sails at 7 a.m. on 20 June.", "2024-06-12", "7 a.m. on 20 June",
          "2024-06-20T07:00", CC_TIME_DCT);
    CHECK("The fire began on Monday at about 3 p.m.", "2024-06-12", "3 p.m.",
          "2024-06-10T15:00", CC_TIME_DCT);
    CHECK("The fire began on Monday and was out by 3 p.m.", "2024-06-12", "3 p.m.",
          "2024-06-12T15:00", CC_TIME_DCT);
    /* a clock time with its part of the day; "the year before" hangs on the last date */
    CHECK("The alarm rang at 5 in the morning.", "2024-06-12", "5 in the morning",
          "2024-06-12T05:00", CC_TIME_DCT);
    CHECK("Rehearsal ends at 8:15 in the evening.", "2024-06-12", "8:15 in the evening",
          "2024-06-12T20:15", CC_TIME_DCT);
    CHECK("Rain totalled 80 mm in 2021, against 95 mm the year before.", NULL,
          "the year before", "2020", CC_TIME_EVENT);
    CHECK("The clinic opened on May 2, 2022 and was full the day after.", NULL,
          "the day after", "2022-05-03", CC_TIME_EVENT);
    CHECK("Stocks fell, and the week's biggest loser was a bank.", "2024-06-12", "the week",
          "2024-W24", CC_TIME_DCT);
    /* a span of two years gives both years */
    CHECK("The 2015-2017 drought dried the lake.", NULL, "2015", "2015", CC_TIME_ABSOLUTE);
    CHECK("The 2015-2017 drought dried the lake.", NULL, "2017", "2017", CC_TIME_ABSOLUTE);
    /* a scheduled event in the present tense lies ahead */
    CHECK("The amnesty expires Jan. 15.", "2024-06-12", "Jan. 15", "2025-01-15", CC_TIME_DCT);
    CHECK("The exhibition opens Friday.", "2024-06-12", "Friday", "2024-06-14", CC_TIME_DCT);
    /* "last" or "next" before a month and day */
    CHECK("She last voted last Nov. 5.", "2024-06-12", "last Nov. 5", "2023-11-05",
          CC_TIME_DCT);
    CHECK("The plant reopens next Feb. 10.", "2024-06-12", "next Feb. 10", "2025-02-10",
          CC_TIME_DCT);
    /* moveable feasts: from Easter, the last Monday of May, the Tuesday after a Monday */
    CHECK("The parade is on Palm Sunday.", "2024-03-20", "Palm Sunday", "2024-03-24",
          CC_TIME_DCT);
    CHECK("Shops close on Good Friday 2025.", NULL, "Good Friday 2025", "2025-04-18",
          CC_TIME_ABSOLUTE);
    CHECK("The pool opens on Memorial Day.", "2024-03-20", "Memorial Day", "2024-05-27",
          CC_TIME_DCT);
    CHECK("Polls were quiet on Election Day.", "2022-11-20", "Election Day", "2022-11-08",
          CC_TIME_DCT);
    CHECK("Lambs are sold before Easter.", NULL, "Easter", "XXXX-XX-XX", CC_TIME_UNRESOLVED);
}
END_TEST

/* Issue #3: parts of the day after the latest date, frequencies, stretches without a
 * count. */
START_TEST(anaphora_and_frequencies)
{
    /* a part of the day after the latest date: "that evening", "the next morning" */
    found_timex ev = tag_find("The ferry left on June 3, 2024. That evening, the wind rose.",
                              NULL, "That evening");
    ck_assert(ev.found);
    ck_assert_int_eq(ev.type, CC_TIMEX_TIME);
    ck_assert_str_eq(ev.value, "2024-06-03TEV");
    ck_assert_int_eq(ev.resolution, CC_TIME_EVENT);
    CHECK("The ferry left on June 3, 2024. The next morning it docked.", NULL,
          "The next morning", "2024-06-04TMO", CC_TIME_EVENT);
    CHECK("The storm hit in 2019. That night, roads closed.", NULL, "That night",
          "XXXX-XX-XXTNI", CC_TIME_UNRESOLVED);
    /* every month or season of the year */
    found_timex sm = tag_find("The fair opens each August.", "2024-06-12", "each August");
    ck_assert(sm.found);
    ck_assert_int_eq(sm.type, CC_TIMEX_SET);
    ck_assert_str_eq(sm.value, "XXXX-08");
    CHECK("Geese leave every winter.", "2024-06-12", "every winter", "XXXX-WI",
          CC_TIME_ABSOLUTE);
    /* a frequency: "twice a year" is a set */
    found_timex st = tag_find("The board meets twice a year.", "2024-06-12", "twice a year");
    ck_assert(st.found);
    ck_assert_int_eq(st.type, CC_TIMEX_SET);
    ck_assert_str_eq(st.value, "P1Y");
    CHECK("Trains run four times an hour.", "2024-06-12", "four times an hour", "PT1H",
          CC_TIME_ABSOLUTE);
    /* stretches of time without a count */
    CHECK("Costs may triple over the next decade.", "2024-06-12", "the next decade", "P10Y",
          CC_TIME_ABSOLUTE);
    CHECK("The village shrank over the years.", "2024-06-12", "the years", "PXY",
          CC_TIME_ABSOLUTE);
    CHECK("More storms are likely in the weeks ahead.", "2024-06-12", "the weeks ahead", "PXW",
          CC_TIME_ABSOLUTE);
    ck_assert(!tag_find("Over the days before the fire, smoke rose.", "2024-06-12", "the days")
                   .found);
}
END_TEST

/* Issue #3: durations of fiscal years, halves, words between a count and its unit, bond
 * terms, "-long" compounds. */
START_TEST(durations)
{
    /* the fiscal year that ends on a date is a stretch of a year */
    found_timex fy = tag_find("For the fiscal year ended June 30, sales rose.", "2024-08-12",
                              "the fiscal year");
    ck_assert(fy.found);
    ck_assert_int_eq(fy.type, CC_TIMEX_DURATION);
    ck_assert_str_eq(fy.value, "P1Y");
    /* halves: "two and a half years", "an hour and a half" */
    CHECK("The repairs took two and a half years.", NULL, "two and a half years", "P2Y6M",
          CC_TIME_ABSOLUTE);
    CHECK("The speech ran an hour and a half.", NULL, "an hour and a half", "PT1H30M",
          CC_TIME_ABSOLUTE);
    CHECK("The feud lasted a quarter century.", NULL, "a quarter century", "P25Y",
          CC_TIME_ABSOLUTE);
    CHECK("We waited a couple weeks.", NULL, "a couple weeks", "P2W", CC_TIME_ABSOLUTE);
    ck_assert_int_eq(count("Jobless claims hit a quarter-century low.", NULL), 0);
    /* counted units with a word between: "more", "additional", "business" */
    CHECK("The fence needs three more weeks.", "2024-06-12", "three more weeks", "P3W",
          CC_TIME_ABSOLUTE);
    CHECK("Refunds take ten business days.", "2024-06-12", "ten business days", "P10D",
          CC_TIME_ABSOLUTE);
    CHECK("The lease runs an additional year.", "2024-06-12", "an additional year", "P1Y",
          CC_TIME_ABSOLUTE);
    /* the term of a bond is a duration like any other */
    CHECK("The five-year bond yield fell.", "2024-06-12", "five-year", "P5Y",
          CC_TIME_ABSOLUTE);
    CHECK("Prices should hold in the short term.", "2024-06-12", "the short term",
          "FUTURE_REF", CC_TIME_DCT);
    CHECK("The quake hit at 6:40 a.m. (0440 GMT) Monday.", "2024-06-12",
          "6:40 a.m. (0440 GMT) Monday", "2024-06-10T06:40", CC_TIME_DCT);
    /* "-long" compounds are durations; "a" does not count a plural unit */
    CHECK("A month-long strike ended.", "2024-06-12", "month-long", "P1M", CC_TIME_ABSOLUTE);
    CHECK("They settled a years-long quarrel.", "2024-06-12", "years-long", "PXY",
          CC_TIME_ABSOLUTE);
    ck_assert(!tag_find("They settled a years-long quarrel.", "2024-06-12", "a years").found);
    CHECK("Floods this century have been worse.", "2024-06-12", "this century", "P100Y",
          CC_TIME_ABSOLUTE);
}
END_TEST

START_TEST(durations_and_sets)
{
    CHECK("The strike lasted a year.", NULL, "a year", "P1Y", CC_TIME_ABSOLUTE);
    CHECK("Power was out for 24 hours.", NULL, "24 hours", "PT24H", CC_TIME_ABSOLUTE);
    CHECK("The talks took three days.", NULL, "three days", "P3D", CC_TIME_ABSOLUTE);
    CHECK("It took twenty-five years.", NULL, "twenty-five years", "P25Y", CC_TIME_ABSOLUTE);
    CHECK("A decade of growth followed.", NULL, "A decade", "P10Y", CC_TIME_ABSOLUTE);
    CHECK("The board meets every week.", NULL, "every week", "P1W", CC_TIME_ABSOLUTE);
    CHECK("The board meets every Friday.", NULL, "every Friday", "XXXX-WXX-5",
          CC_TIME_ABSOLUTE);
    CHECK("Figures are published daily.", NULL, "daily", "P1D", CC_TIME_ABSOLUTE);
    CHECK("The trial lasted 2 1/2 years.", NULL, "2 1/2 years", "P2Y6M", CC_TIME_ABSOLUTE);
    CHECK("They waited half an hour.", NULL, "half an hour", "PT30M", CC_TIME_ABSOLUTE);
    CHECK("Sales fell for years.", NULL, "years", "PXY", CC_TIME_ABSOLUTE);
    /* vague durations after "within", "in", "over"; two vague units; bare units ago */
    CHECK("A deal is expected within weeks.", NULL, "weeks", "PXW", CC_TIME_ABSOLUTE);
    CHECK("It was the first rally in years.", NULL, "years", "PXY", CC_TIME_ABSOLUTE);
    /* "the past decade" is a stretch of ten years up to now; "last year" stays a date */
    found_timex pd = tag_find("Output doubled over the past decade.", "2025-11-20",
                              "the past decade");
    ck_assert(pd.found);
    ck_assert_str_eq(pd.value, "P10Y");
    ck_assert_int_eq(pd.type, CC_TIMEX_DURATION);
    CHECK("Floods grew worse over recent years.", "2025-11-20", "recent years", "PAST_REF",
          CC_TIME_DCT);
    CHECK("Repairs could take days or weeks.", NULL, "days or weeks", "PXD",
          CC_TIME_ABSOLUTE);
    CHECK("The mill closed just months ago.", "2025-11-20", "just months ago", "PAST_REF",
          CC_TIME_DCT);
    ck_assert_int_eq(count("The mill closed just months ago.", "2025-11-20"), 1);
    /* rules that begin with a number word start their window there (speed): the number
     * word is no rule's trigger, its unit is */
    CHECK("It took a couple of years.", NULL, "a couple of years", "P2Y", CC_TIME_ABSOLUTE);
    /* a compound number or year with a space instead of the hyphen */
    CHECK("The vote took twenty four hours.", NULL, "twenty four hours", "PT24H",
          CC_TIME_ABSOLUTE);
    CHECK("It opened in nineteen ninety four.", NULL, "nineteen ninety four", "1994",
          CC_TIME_ABSOLUTE);
    CHECK("It closed a week or so ago.", "2025-11-20", "a week or so ago", "2025-W46",
          CC_TIME_DCT);
    CHECK("A two-week break, then a five year plan.", NULL, "five year", "P5Y",
          CC_TIME_ABSOLUTE);
    CHECK("It ended a b c d e f g h i j k l m n o p q r s t u v w x y z 3 days ago.",
          "2025-11-20", "3 days ago", "2025-11-17", CC_TIME_DCT);
    found_timex f = tag_find("The board meets every week.", NULL, "every week");
    ck_assert_int_eq(f.type, CC_TIMEX_SET);
    f = tag_find("The strike lasted a year.", NULL, "a year");
    ck_assert_int_eq(f.type, CC_TIMEX_DURATION);
}
END_TEST

/* Families added for news beyond the development corpora (the probe in test_time_probe.c
 * measures them on many sentences; here each one's resolution rules). */
START_TEST(news_families)
{
    /* halves of a year named relative to the DCT's (halfrel) */
    CHECK("Orders slumped in the first half of last year.", "2026-03-02",
          "the first half of last year", "2025-H1", CC_TIME_DCT);
    CHECK("Orders will recover in the second half of next year.", "2026-03-02",
          "the second half of next year", "2027-H2", CC_TIME_DCT);
    CHECK("Orders slumped in the first half of last year.", NULL, "the first half of last year",
          "XXXX-H1", CC_TIME_UNRESOLVED);
    /* "last fall" is the last fall that has ended; "last summer" in November is this year's */
    CHECK("Rents jumped last fall.", "2026-11-05", "last fall", "2025-FA", CC_TIME_DCT);
    CHECK("Rents jumped last fall.", "2026-12-15", "last fall", "2026-FA", CC_TIME_DCT);
    CHECK("Rents jumped last summer.", "2026-11-05", "last summer", "2026-SU", CC_TIME_DCT);
    CHECK("Rents jumped last spring.", "2026-04-10", "last spring", "2025-SP", CC_TIME_DCT);
    /* "this weekend" is the DCT week's whatever the tense; "last weekend" the one before */
    CHECK("The fair opens this weekend.", "2026-03-04", "this weekend", "2026-W10-WE",
          CC_TIME_DCT);
    CHECK("The fair opened last weekend.", "2026-03-04", "last weekend", "2026-W09-WE",
          CC_TIME_DCT);
    CHECK("The fair opens this weekend.", NULL, "this weekend", "XXXX-WXX-WE",
          CC_TIME_UNRESOLVED);
    CHECK("The library is closed on weekends.", NULL, "weekends", "XXXX-WXX-WE",
          CC_TIME_ABSOLUTE);
    /* early/late with a weekday, centuries said as hundreds, decades in two digits */
    CHECK("The polls closed late Sunday.", "2026-03-04", "late Sunday", "2026-03-01", CC_TIME_DCT);
    CHECK("Mills spread in the mid-1700s.", NULL, "the mid-1700s", "17", CC_TIME_ABSOLUTE);
    ck_assert_int_eq(count("Highs will climb into the 80s.", "2026-03-04"), 0);
    /* dates in shorthand and with the article */
    CHECK("Margins grew in Q2 2025.", NULL, "Q2 2025", "2025-Q2", CC_TIME_ABSOLUTE);
    CHECK("Margins grew in H2 2025.", NULL, "H2 2025", "2025-H2", CC_TIME_ABSOLUTE);
    CHECK("Margins grew in FY 2025.", NULL, "FY 2025", "2025", CC_TIME_ABSOLUTE);
    CHECK("The form is dated 2025/7/9.", NULL, "2025/7/9", "2025-07-09", CC_TIME_ABSOLUTE);
    CHECK("The fair ends on the 9th of July 2025.", NULL, "the 9th of July 2025", "2025-07-09",
          CC_TIME_ABSOLUTE);
    CHECK("We sail the day after tomorrow.", "2026-02-27", "the day after tomorrow",
          "2026-03-01", CC_TIME_DCT);
    CHECK("Budgets are set at the start of next year.", "2026-03-04",
          "the start of next year", "2027", CC_TIME_DCT);
    /* clock times with their zone, o'clock */
    CHECK("The strike ends at 6 p.m. CET.", "2026-03-04", "6 p.m. CET", "2026-03-04T18:00",
          CC_TIME_DCT);
    CHECK("The shelling stopped at 22:15 GMT.", "2026-03-04", "22:15 GMT", "2026-03-04T22:15",
          CC_TIME_DCT);
    CHECK("The bells rang at seven o'clock.", "2026-03-04", "seven o'clock", "2026-03-04T07:00",
          CC_TIME_DCT);
    /* durations and sets */
    CHECK("The inquiry could take years.", NULL, "years", "PXY", CC_TIME_ABSOLUTE);
    CHECK("He was away for a year and a half.", NULL, "a year and a half", "P1Y6M",
          CC_TIME_ABSOLUTE);
    CHECK("The prize is awarded annually.", NULL, "annually", "P1Y", CC_TIME_ABSOLUTE);
    ck_assert(!tag_find("Sales grew 7% annually.", NULL, "annually").found);
    CHECK("The census is taken every other year.", NULL, "every other year", "P2Y",
          CC_TIME_ABSOLUTE);
    CHECK("Rates are reviewed twice monthly.", NULL, "twice monthly", "P1M", CC_TIME_ABSOLUTE);
    /* a unit before last, holidays with last/next, wire shorthands */
    CHECK("The mill shut the month before last.", "2026-03-04", "the month before last",
          "2026-01", CC_TIME_DCT);
    CHECK("The mill shut the day before last Tuesday.", "2026-03-04", "last Tuesday",
          "2026-03-03", CC_TIME_DCT);
    CHECK("The fair was cancelled last Easter.", "2026-03-04", "last Easter", "2025-04-20",
          CC_TIME_DCT);
    CHECK("The fair returns next Easter.", "2026-03-04", "next Easter", "2026-04-05",
          CC_TIME_DCT);
    CHECK("The loss widened in Q1.", "2026-03-04", "Q1", "2026-Q1", CC_TIME_DCT);
    CHECK("Debt should fall by end-2027.", NULL, "end-2027", "2027", CC_TIME_ABSOLUTE);
    CHECK("Rates should fall by start-June.", "2026-03-04", "start-June", "2026-06",
          CC_TIME_DCT);
    CHECK("The FY27 budget is tight.", "2026-03-04", "FY27", "2027", CC_TIME_ABSOLUTE);
    /* runs of units; forecasts are future */
    CHECK("The index fell for six straight days.", NULL, "six straight days", "P6D",
          CC_TIME_ABSOLUTE);
    CHECK("Snow is forecast for Saturday.", "2026-03-04", "Saturday", "2026-03-07", CC_TIME_DCT);
    /* parts of the day: a holiday's, every one, overnight (the night before the day the
     * story tells of, or the coming night) */
    CHECK("The tree is lit on Christmas Eve night.", "2026-11-04", "Christmas Eve night",
          "2026-12-24TNI", CC_TIME_DCT);
    CHECK("The tree is lit on Christmas morning.", NULL, "Christmas morning", "XXXX-12-25TMO",
          CC_TIME_UNRESOLVED);
    CHECK("The guards walk the wall every evening.", NULL, "every evening", "XXXX-XX-XXTEV",
          CC_TIME_ABSOLUTE);
    CHECK("Stocks fell on Friday after overnight losses in Asia.", "2026-03-04", "overnight",
          "2026-02-26TNI", CC_TIME_EVENT);
    CHECK("Frost will form overnight.", "2026-03-04", "overnight", "2026-03-04TNI", CC_TIME_DCT);
    ck_assert(!tag_find("It will not happen overnight.", "2026-03-04", "overnight").found);
    CHECK("Prices rose for a fourth straight month.", NULL, "a fourth straight month", "P4M",
          CC_TIME_ABSOLUTE);
    /* two units in one span, the larger first; equal units stay apart */
    CHECK("He served two years and six months.", NULL, "two years and six months", "P2Y6M",
          CC_TIME_ABSOLUTE);
    CHECK("She won in 2 hours and 5 minutes.", NULL, "2 hours and 5 minutes", "PT2H5M",
          CC_TIME_ABSOLUTE);
    CHECK("The trip took 3 days and 4 hours.", NULL, "3 days and 4 hours", "P3DT4H",
          CC_TIME_ABSOLUTE);
    CHECK("It took 5 minutes and 2 hours.", NULL, "5 minutes", "PT5M", CC_TIME_ABSOLUTE);
    CHECK("Terms of 5 years and 8 years.", NULL, "8 years", "P8Y", CC_TIME_ABSOLUTE);
    CHECK("Polls close at 8 p.m. Eastern.", "2026-03-04", "8 p.m. Eastern", "2026-03-04T20:00",
          CC_TIME_DCT);
    CHECK("The firm reports earnings on Tuesday.", "2026-03-04", "Tuesday", "2026-03-10",
          CC_TIME_DCT);
    /* names holding a time word */
    ck_assert_int_eq(count("The Winter Olympics drew crowds to the Sunday Times offices.", NULL),
                     0);
    CHECK("Elections were held in May.", "2026-06-04", "May", "2026-05", CC_TIME_DCT);
    ck_assert_int_eq(count("Investors fled after the fall in prices.", NULL), 0);
    ck_assert_int_eq(count("The Daily Mail ran the story.", NULL), 0);
}
END_TEST

START_TEST(negative_rules)
{
    ck_assert_int_eq(count("The army bought 2000 shoes.", NULL), 0);
    ck_assert_int_eq(count("The ticket cost $2000.", NULL), 0);
    ck_assert_int_eq(count("About 2,000 people came.", NULL), 0);
    ck_assert_int_eq(count("Inflation hit 2025%.", NULL), 0);
    ck_assert_int_eq(count("A 6-year-old boy was found.", NULL), 0);
    ck_assert_int_eq(count("The code is 99999.", NULL), 0);
    ck_assert_int_eq(count("You may go.", NULL), 0); /* "may" is no month */
    ck_assert_int_eq(count("They sold three-quarters of the herd.", NULL), 0); /* a fraction */
    ck_assert_int_eq(count("Banks hold a quarter of the debt.", "2024-06-12"), 0);
    ck_assert_int_eq(count("Sales fell in a quarter of weak demand.", "2024-06-12"), 1);
    /* a number after a label is no year; a season after a capitalized word is a name */
    ck_assert_int_eq(count("Flight 1998 landed at gate 2010.", NULL), 0);
    ck_assert_int_eq(count("See page 2001 of the report.", NULL), 0);
    ck_assert_int_eq(count("Steel melts near 1500 degrees.", NULL), 0);
    ck_assert_int_eq(count("The Prague Spring was crushed.", NULL), 0);
    ck_assert_int_eq(count("Last Winter was mild.", "2024-06-12"), 1);
    /* a capitalized unit after a number or "this" names a programme or a column */
    ck_assert_int_eq(count("She spoke on \"This Week\" and \"48 Hours\".", "2024-06-12"), 0);
    ck_assert_int_eq(count("She spoke this week for 48 hours.", "2024-06-12"), 2);
    /* a rate per unit is no span: "a year" after an amount, a count of things */
    ck_assert_int_eq(count("The levy raises $40 million a year.", "2024-06-12"), 0);
    ck_assert_int_eq(count("Nurses work 12 hours a day, five shifts a week.", "2024-06-12"), 0);
    ck_assert_int_eq(count("Output grew 4% a year, at 9 million frames per second.", "2024-06-12"),
                     0);
    /* but the same words compare, repeat or count back */
    CHECK("Profit was $3 million a year earlier.", "2024-06-12", "a year earlier", "2023",
          CC_TIME_DCT);
    found_timex f = tag_find("The board meets four times a year.", "2024-06-12",
                             "four times a year");
    ck_assert(f.found);
    ck_assert_int_eq(f.type, CC_TIMEX_SET);
}
END_TEST

START_TEST(hostile_input)
{
    size_t n = 100000;
    char *big = malloc(n + 1);
    ck_assert_ptr_nonnull(big);
    memset(big, '7', 10000);
    big[10000] = '\0';
    clock_t t0 = clock();
    ck_assert_int_eq(count(big, "2025-11-20"), 0);
    static const char months[] = "March May June ";
    for (size_t i = 0; i < n; i++)
        big[i] = months[i % (sizeof months - 1)];
    big[n] = '\0';
    ck_assert_uint_gt(count(big, "2025-11-20"), 1000);
    for (size_t i = 0; i < n; i++)
        big[i] = "1 January 2025, "[i % 16];
    ck_assert_uint_gt(count(big, NULL), 1000);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_msg(secs < 10, "hostile input took %.1f s", secs);
    free(big);
    /* invalid UTF-8 is refused, not read */
    cc_timex *t = NULL;
    size_t nt = 0;
    ck_assert_int_eq(cc_time_tag_text(&t, &nt, ctx, "in 2022 \xff", 9, NULL), CC_EINPUT);
    ck_assert_int_eq(cc_time_tag_text(&t, &nt, ctx, "", 0, NULL), 0);
    ck_assert_uint_eq(nt, 0);
}
END_TEST

/* A rule is JIT-compiled when its work so far, or the work it is on course to do in the
 * text, pays for the compilation; a rule a long text wakes a few times stays interpreted. */
START_TEST(jit_when_worth_it)
{
    if (!cc_jit_enabled()) {
        fprintf(stderr, "jit_when_worth_it: JIT off, nothing to test\n");
        return;
    }
    cc_context *c = NULL;
    cc_options o = CC_OPTIONS_INIT;
    ck_assert_int_eq(cc_context_new(&c, &o), 0);
    const cc_vec *rules = &c->time->rules;
    ck_assert_uint_ge(rules->n, 3);
    const cc_time_rule *rare = CC_VEC_AT(rules, cc_time_rule, 0);
    const cc_time_rule *hot = CC_VEC_AT(rules, cc_time_rule, 1);
    const cc_time_rule *many = CC_VEC_AT(rules, cc_time_rule, 2);
    size_t len = 1000000;
    int jit = -1;
    /* woken twice in the middle of a long text: on course for twice that, too little (though
     * more than a few hundred positions) */
    size_t some = rare->jit_after / 8;
    ck_assert_uint_gt(some, 512);
    ck_assert_ptr_eq(cc_time_rule_code(rare, some, len / 2, len, &jit), rare->code);
    ck_assert_int_eq(jit, 0);
    cc_time_rule_code(rare, some, len / 2 + 1000, len, &jit);
    ck_assert_int_eq(jit, 0);
    /* early in the text the work counts as an eighth's: a quarter of jit_after is enough */
    ck_assert_ptr_ne(cc_time_rule_code(hot, hot->jit_after / 4, 10, len, &jit), hot->code);
    ck_assert_int_eq(jit, 1);
    cc_time_rule_code(hot, 64, 20, len, &jit);
    ck_assert_int_eq(jit, 1);
    /* many short texts: what the rule did in all of them adds up */
    size_t step = many->jit_after / 3 + 1;
    cc_time_rule_code(many, step, 100, 100, &jit);
    ck_assert_int_eq(jit, 0);
    cc_time_rule_code(many, step, 100, 100, &jit);
    ck_assert_int_eq(jit, 0);
    cc_time_rule_code(many, step, 100, 100, &jit);
    ck_assert_int_eq(jit, 1);
    cc_context_free(c);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* A models folder in `dir` that links every data file of the real one but time/, which the
 * test writes itself: the other stages need their files to start. */
static void link_other_models(const char *dir)
{
    const char *real = getenv("CROSSCHECK_MODELS");
    ck_assert_ptr_nonnull(real);
    DIR *d = opendir(real);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "time") == 0)
            continue;
        char from[1024], to[1024];
        snprintf(from, sizeof from, "%s/%s", real, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        ck_assert_int_eq(symlink(from, to), 0);
    }
    closedir(d);
}

/* A models folder, made from the mkdtemp template `dir`, whose time/ has the given
 * words.tsv and rules.tsv and whose other files are the project's. */
static void time_models(char *dir, const char *words, const char *rules)
{
    ck_assert_ptr_nonnull(mkdtemp(dir));
    link_other_models(dir);
    char path[256];
    snprintf(path, sizeof path, "%s/time", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/time/words.tsv", dir);
    write_file(path, words);
    snprintf(path, sizeof path, "%s/time/rules.tsv", dir);
    write_file(path, rules);
}

START_TEST(malformed_rules)
{
    char dir[] = "/tmp/cc_time_rulesXXXXXX";
    time_models(dir, "month\tjanuary\t1\n",
                "# a comment\nok\tDATE\t%month\tmonth(?,$1:month)\n"
                "bad\tDATE\t%nolist\tmonth(?,$1)\n");
    char path[256];
    snprintf(path, sizeof path, "%s/time/rules.tsv", dir);
    cc_options o = CC_OPTIONS_INIT;
    o.models_dir = dir;
    cc_context *c = NULL;
    ck_assert_int_eq(cc_context_new(&c, &o), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), "rules.tsv:3") != NULL, "%s", cc_errmsg());
    write_file(path, "ok\tDATE\t%month\tnosuchfunction($1)\n");
    ck_assert_int_eq(cc_context_new(&c, &o), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), "rules.tsv:1") != NULL, "%s", cc_errmsg());
    write_file(path, "ok\tDATE\t(unclosed\tyear($1)\n");
    ck_assert_int_eq(cc_context_new(&c, &o), CC_EINPUT);
    write_file(path, "ok\tDATE\t%month\tmonth(?,$7)\n");
    ck_assert_int_eq(cc_context_new(&c, &o), CC_EINPUT);
    /* adding a rule is data only */
    write_file(path, "ok\tDATE\t%month\tmonth(?,$1:month)\nq\tDATE\tthe\\s+big\\s+day\tP1D\n");
    ck_assert_int_eq(cc_context_new(&c, &o), 0);
    cc_timex *t = NULL;
    size_t n = 0;
    ck_assert_int_eq(cc_time_tag_text(&t, &n, c, "On the big day", 14, NULL), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(t[0].rule, "q");
    cc_timex_free(t, n);
    cc_context_free(c);
    /* a composed phrase names lists of earlier lines: its value is the sum of its parts */
    snprintf(path, sizeof path, "%s/time/words.tsv", dir);
    write_file(path, "num\t%tens-%one\t+\ntens\tforty\t40\none\tsix\t6\n");
    ck_assert_int_eq(cc_context_new(&c, &o), CC_EINPUT);
    ck_assert_msg(strstr(cc_errmsg(), "words.tsv:1") != NULL, "%s", cc_errmsg());
    write_file(path, "tens\tforty\t40\none\tsix\t6\nnum\t%tens-%one\t+\nunit\tdays\tD\n");
    snprintf(path, sizeof path, "%s/time/rules.tsv", dir);
    write_file(path, "d\tDURATION\t%num\\s+%unit\tdur($1:num,$2:unit)\n");
    ck_assert_int_eq(cc_context_new(&c, &o), 0);
    ck_assert_int_eq(cc_time_tag_text(&t, &n, c, "for forty six days", 18, NULL), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(t[0].value, "P46D");
    cc_timex_free(t, n);
    cc_context_free(c);
    ck_assert_int_eq(tu_rmdir(dir), 0);
}
END_TEST

/* A context on models whose time/ has the given words.tsv and rules.tsv, in a new folder
 * made from the mkdtemp template `dir`. */
static cc_context *time_context(char *dir, const char *words, const char *rules)
{
    time_models(dir, words, rules);
    cc_options o = CC_OPTIONS_INIT;
    o.models_dir = dir;
    cc_context *c = NULL;
    ck_assert_int_eq(cc_context_new(&c, &o), 0);
    return c;
}

/* Tags `text` with context `c` and checks the number of expressions, and the value of the
 * first one when there is one. */
static void expect(cc_context *c, const char *text, size_t n_expected, const char *value)
{
    cc_timex *t = NULL;
    size_t n = 0;
    ck_assert_int_eq(cc_time_tag_text(&t, &n, c, text, strlen(text), NULL), 0);
    ck_assert_msg(n == n_expected, "'%s': %zu expressions", text, n);
    if (n)
        ck_assert_str_eq(t[0].value, value);
    cc_timex_free(t, n);
}

/* \d of a rule is an ASCII digit, in a class too ("[]\d]", "[[:alpha:]\d]"): digits of
 * other scripts make nothing, even in a window a nearby ASCII digit opens. */
START_TEST(ascii_digits)
{
    char dir[] = "/tmp/cc_time_digitsXXXXXX";
    cc_context *c = time_context(dir, "unit\tdays\tD\n",
                                 "a\tDATE\tx[[:alpha:]\\d]y\tPRESENT_REF\n"
                                 "b\tDATE\tz[]\\d]w\tPAST_REF\n"
                                 "c\tDATE\t(?:on\\s+)?\\d\\d\tFUTURE_REF\n");
    expect(c, "seen at x7y today", 1, "PRESENT_REF");
    expect(c, "seen at z5w today", 1, "PAST_REF");
    expect(c, "seen on 42 today", 1, "FUTURE_REF");
    expect(c, "seen on \xd9\xa4\xd9\xa2 and 7", 0, NULL);
    cc_context_free(c);
    ck_assert_int_eq(tu_rmdir(dir), 0);
}
END_TEST

/* A window without a word every match holds is skipped: the words are read from the
 * pattern so that no match is lost (any case, alternatives, 'k' and 's' also matching
 * KELVIN SIGN and LONG S, a verb that ends a match before the word). */
START_TEST(required_words)
{
    char dir[] = "/tmp/cc_time_wordsXXXXXX";
    cc_context *c = time_context(dir, "unit\tdays\tD\n",
                                 "w\tDURATION\t\\d\\s+week\tP1W\n"
                                 "g\tDURATION\t\\d\\s+(?:fortnight|moon)s?\tP2W\n"
                                 "x\tDURATION\t\\d\\s+nights(*ACCEPT)later\tP3D\n");
    expect(c, "in 1 WEEK", 1, "P1W");
    expect(c, "in 1 wee\xe2\x84\xaa", 1, "P1W"); /* U+212A matches k caselessly */
    expect(c, "for 2 MOONS", 1, "P2W");
    expect(c, "for 2 Fortnights", 1, "P2W");
    expect(c, "for 2 fortnight\xc5\xbf", 1, "P2W"); /* U+017F matches s caselessly */
    expect(c, "for 3 nights", 1, "P3D");
    cc_context_free(c);
    ck_assert_int_eq(tu_rmdir(dir), 0);
}
END_TEST

/* A rule that begins with a list is not tried at a word that no phrase of the list can go
 * on from as the text does ("the company"); every way the list's pattern reads a space, a
 * hyphen or a non-ASCII character still finds its phrases. */
START_TEST(words_after_a_trigger)
{
    char dir[] = "/tmp/cc_time_followXXXXXX";
    cc_context *c = time_context(dir,
                                 "fest\tthe big day\t12-25\nfest\tnew-year\t01-01\n"
                                 "fest\tst. day\t03-17\nfest\tfair\t09-01\n",
                                 "f\tDATE\t%fest\tFEST\n");
    expect(c, "on the big day", 1, "FEST");
    expect(c, "on THE\tBIG\n DAY", 1, "FEST");
    expect(c, "on the\xc2\xa0" "big day", 1, "FEST"); /* NO-BREAK SPACE is \s */
    expect(c, "on the \xc2\xa0" "big day", 1, "FEST");
    expect(c, "on new year and NEW-YEAR", 2, "FEST");
    expect(c, "on St. Day", 1, "FEST");
    expect(c, "at the fairground, the company, new things, st day", 0, "");
    expect(c, "at the fair", 1, "FEST");
    cc_context_free(c);
    ck_assert_int_eq(tu_rmdir(dir), 0);
}
END_TEST

START_TEST(documents)
{
    cc_corpus *corpus = NULL;
    ck_assert_int_eq(cc_corpus_new(&corpus, ctx), 0);
    const char *text = "Floods hit the valley on March 3, 2025. Two days ago the river rose.\n"
                       "A new dam will open on December 1, 2027.\n";
    ck_assert_int_eq(cc_corpus_add_buffer(corpus, "flood", text, strlen(text)), 0);
    cc_doc *doc = cc_corpus_doc(corpus, 0);
    ck_assert_int_eq(cc_doc_time(doc, ctx), 0);
    ck_assert_int_eq(cc_doc_time(doc, ctx), 0); /* idempotent */
    cc_date d;
    ck_assert_int_eq(cc_doc_date(doc, &d), CC_DATE_INFERRED);
    ck_assert_int_eq(d.year, 2025);
    ck_assert_int_eq(d.month, 3);
    ck_assert_int_eq(d.day, 3);
    ck_assert_ptr_nonnull(strstr(cc_doc_date_evidence(doc), "March 3, 2025"));
    size_t n;
    const cc_timex *t = cc_doc_timexes(doc, &n);
    int saw_relative = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].value, "2025-03-01") == 0 && t[i].resolution == CC_TIME_DCT)
            saw_relative = 1;
    ck_assert_msg(saw_relative, "'Two days ago' not resolved against the inferred DCT");
    cc_corpus_free(corpus);
}
END_TEST

/* Extents as news annotation draws them: a bound on a duration belongs to it ("at least
 * six weeks"), "the end of" a month or year is the month or year, "in" stays out of "in
 * recent years", "about" out of a duration, "the" out of a quarter used as a modifier. */
START_TEST(extents_of_bounded_expressions)
{
    CHECK("The plant will stay shut for at least six weeks.", "2023-03-14",
          "at least six weeks", "P6W", CC_TIME_ABSOLUTE);
    CHECK("Tenants may stay up to 90 days.", "2023-03-14", "up to 90 days", "P90D",
          CC_TIME_ABSOLUTE);
    CHECK("The permit lasts no more than ten years.", "2023-03-14", "no more than ten years",
          "P10Y", CC_TIME_ABSOLUTE);
    CHECK("The loan falls due by the end of November.", "2023-03-14", "the end of November",
          "2023-11", CC_TIME_DCT);
    CHECK("Work starts at the beginning of 2025.", "2023-03-14", "the beginning of 2025",
          "2025", CC_TIME_ABSOLUTE);
    CHECK("Talks resume in the middle of June 2024.", "2023-03-14",
          "the middle of June 2024", "2024-06", CC_TIME_ABSOLUTE);
    /* "about" and "over" before a count are left out ("worked for about six hours", "rose
     * over three years": a span, no bound), "over" before "a" or "an" is a bound */
    CHECK("The crew worked for about six hours.", "2023-03-14", "six hours", "PT6H",
          CC_TIME_ABSOLUTE);
    CHECK("Prices rose over three years.", "2023-03-14", "three years", "P3Y",
          CC_TIME_ABSOLUTE);
    CHECK("The hearing lasted over an hour.", "2023-03-14", "over an hour", "PT1H",
          CC_TIME_ABSOLUTE);
    /* a quarter as a modifier leaves "the" to its noun; "fiscal" belongs to the quarter */
    CHECK("The third-quarter loss widened.", "2023-11-02", "third-quarter", "2023-Q3",
          CC_TIME_DCT);
    CHECK("Sales fell in the fiscal second quarter.", "2023-11-02",
          "the fiscal second quarter", "2023-Q2", CC_TIME_DCT);
    CHECK("It posted a fiscal second-quarter gain.", "2023-11-02", "fiscal second-quarter",
          "2023-Q2", CC_TIME_DCT);
    /* early, late and mid joined by a hyphen; a part of yesterday or tomorrow */
    CHECK("Shipments resume in late-January.", "2023-11-02", "late-January", "2024-01",
          CC_TIME_DCT);
    CHECK("The ferry docked late yesterday.", "2023-11-02", "late yesterday", "2023-11-01",
          CC_TIME_DCT);
    CHECK("Earlier tomorrow the court will sit.", "2023-11-02", "Earlier tomorrow",
          "2023-11-03", CC_TIME_DCT);
    /* the quarter a year before, named or not; "or so" stays with its span */
    CHECK("Profit beat the year-ago second quarter.", "2023-11-02",
          "the year-ago second quarter", "2022-Q2", CC_TIME_DCT);
    CHECK("Sales matched the comparable year-earlier quarter.", "2023-11-02",
          "the comparable year-earlier quarter", "2022-Q3", CC_TIME_DCT);
    CHECK("Rates may stay low for the next two years or so.", "2023-11-02",
          "the next two years or so", "P2Y", CC_TIME_ABSOLUTE);
    /* an end of something else is no time */
    ck_assert(!tag_find("He reached the end of the pier.", "2023-03-14", "the end of the pier")
                   .found);
}
END_TEST

int main(void)
{
    cc_options o = CC_OPTIONS_INIT;
    o.diag = tu_diag_collect;
    o.diag_data = &diags;
    if (cc_context_new(&ctx, &o) < 0) {
        fprintf(stderr, "cc_context_new: %s\n", cc_errmsg());
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("time");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, explicit_dates);
    tcase_add_test(tc, granularity_is_kept);
    tcase_add_test(tc, dct_relative);
    tcase_add_test(tc, weekdays_around_the_dct);
    tcase_add_test(tc, seasons_and_anaphora);
    tcase_add_test(tc, tense_of_months);
    tcase_add_test(tc, calendar_edges);
    tcase_add_test(tc, unknown_dct);
    tcase_add_test(tc, event_relative);
    tcase_add_test(tc, durations_and_sets);
    tcase_add_test(tc, jit_when_worth_it);
    tcase_add_test(tc, modifiers_and_determiners);
    tcase_add_test(tc, dates_and_clock_times);
    tcase_add_test(tc, anaphora_and_frequencies);
    tcase_add_test(tc, durations);
    tcase_add_test(tc, news_families);
    tcase_add_test(tc, negative_rules);
    tcase_add_test(tc, hostile_input);
    tcase_add_test(tc, malformed_rules);
    tcase_add_test(tc, ascii_digits);
    tcase_add_test(tc, required_words);
    tcase_add_test(tc, words_after_a_trigger);
    tcase_add_test(tc, documents);
    tcase_add_test(tc, extents_of_bounded_expressions);
    suite_add_tcase(s, tc);
    int rc = tu_run(s);
    cc_context_free(ctx);
    return rc;
}
