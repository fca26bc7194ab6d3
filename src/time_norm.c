/*
 * time_norm.c: the value functions a rule's template may call (date, month, rel, dur, ...)
 * and the tense detection that decides which "Friday" or "October 21" is meant. Values keep
 * the granularity the text gives: "2022" stays a year, "last month" is YYYY-MM. Everything
 * here is exact calendar arithmetic against the DCT; nothing reads a clock.
 */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "timex.h"

/* ---- arguments --------------------------------------------------------------------------- */

typedef struct {
    const cc_time_env *env;
    const cc_time_rule *rule;
    const PCRE2_SIZE *ov;
    int ngroups;
    cc_time_result *res;
} call;

/* The text of an argument: a literal, or a group's text looked up in its list. */
static const char *arg_text(const call *c, int i, char *buf, size_t size)
{
    const cc_time_arg *a = &c->rule->tmpl.args[i];
    if (a->kind != TA_GROUP)
        return a->lit;
    buf[0] = '\0';
    if (a->group > c->ngroups || c->ov[2 * a->group] == PCRE2_UNSET)
        return buf;
    size_t s = c->ov[2 * a->group], e = c->ov[2 * a->group + 1];
    size_t n = e - s < size - 1 ? e - s : size - 1;
    memcpy(buf, c->env->text + s, n);
    buf[n] = '\0';
    if (a->list < 0)
        return buf;
    const char *v = cc_time_lookup(c->env->tr, a->list, buf, n);
    if (v)
        return v;
    static const char half[] = " and a half"; /* "two and a half": the number, plus 0.5 */
    size_t hl = sizeof half - 1;
    if (n > hl && strcmp(buf + n - hl, half) == 0) {
        v = cc_time_lookup(c->env->tr, a->list, buf, n - hl);
        char *end;
        double d = v ? strtod(v, &end) : 0;
        if (v && !*end) {
            snprintf(buf, size, "%g", d + 0.5);
            return buf;
        }
    }
    /* compound numbers ("twenty-five", "one hundred"): look the parts up and add them */
    double sum = 0;
    int parts = 0;
    for (char *p = buf; *p;) {
        char *q = p;
        while (*q && *q != '-' && *q != ' ')
            q++;
        const char *pv = cc_time_lookup_part(c->env->tr, a->list, p, (size_t)(q - p));
        char *end;
        double d = pv ? strtod(pv, &end) : 0;
        if (!pv || *end)
            return buf;
        sum = strcmp(pv, "100") == 0 && sum > 0 ? sum * 100 : sum + d;
        parts++;
        p = *q ? q + 1 : q;
    }
    if (parts > 1)
        snprintf(buf, size, "%g", sum);
    return buf;
}

/* A number argument: 1 when numeric (*v set), 0 for "X" (vague: "several"), -1 invalid. */
static int arg_num(const call *c, int i, double *v)
{
    char buf[128];
    const char *s = arg_text(c, i, buf, sizeof buf);
    int neg = c->rule->tmpl.args[i].negate;
    if (*s == '-') {
        neg = !neg;
        s++;
    }
    if (strcmp(s, "X") == 0 || !*s) { /* vague or absent: "weeks after" */
        *v = neg ? -1 : 1;
        return 0;
    }
    char clean[64];
    size_t j = 0;
    for (; *s && j < sizeof clean - 1; s++)
        if (*s != ',')
            clean[j++] = *s;
    clean[j] = '\0';
    char *end;
    double d = strtod(clean, &end);
    if (end == clean || !isfinite(d) || fabs(d) > 1e6)
        return -1;
    if (strncmp(end, " 1/2", 4) == 0 || strncmp(end, " and a half", 11) == 0) {
        d += 0.5; /* "2 1/2 years" */
        end += end[1] == '1' ? 4 : 11;
    }
    /* "21st", "3rd": ordinal suffixes are fine */
    while (*end && isalpha((unsigned char)*end))
        end++;
    if (*end == '.')
        end++;
    if (*end)
        return -1;
    *v = neg ? -d : d;
    return 1;
}

static int arg_int(const call *c, int i, long *v)
{
    double d;
    if (arg_num(c, i, &d) != 1 || d != floor(d))
        return -1;
    *v = (long)d;
    return 0;
}

/* A year as written: "1998", "'98", "98". */
static int arg_year(const call *c, int i, int *year)
{
    char buf[64];
    const char *s = arg_text(c, i, buf, sizeof buf);
    while (*s == '\'' || *s == ' ' || (unsigned char)*s == 0xE2) {
        if ((unsigned char)*s == 0xE2) /* U+2019 ’ */
            s += s[1] && s[2] ? 3 : 1;
        else
            s++;
    }
    char *end;
    long y = strtol(s, &end, 10);
    if (end == s || *end || y < 0)
        return -1;
    if (end - s == 2) {
        int cent = c->env->dct.year ? c->env->dct.year / 100 * 100 : 1900;
        y += cent;
        if (c->env->dct.year && y > c->env->dct.year + 10)
            y -= 100;
    } else if (end - s != 4)
        return -1;
    if (y < 1000 || y > 2999)
        return -1;
    *year = (int)y;
    return 0;
}

/* ---- values ------------------------------------------------------------------------------ */

static void set_value(cc_time_result *r, int resolution, const char *fmt, ...) CC_PRINTF(3, 4);
static void set_value(cc_time_result *r, int resolution, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->value, sizeof r->value, fmt, ap);
    va_end(ap);
    r->resolution = resolution;
}

static int has_dct(const cc_time_env *e) { return e->dct.year > 0; }

/* The unit codes of the "unit" list. */
typedef enum { U_Y, U_Q, U_M, U_W, U_D, U_H, U_MI, U_S, U_DE, U_CE, U_BAD } unit_code;

static int unit_of(const char *s)
{
    static const char *const names[] = {"Y", "Q", "M", "W", "D", "H", "MI", "S", "DE", "CE"};
    for (int i = 0; i < U_BAD; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return U_BAD;
}

static int arg_unit(const call *c, int i)
{
    char buf[64];
    return unit_of(arg_text(c, i, buf, sizeof buf));
}

/* Formats y-m-d at the granularity of `unit`; 0 when out of range. */
static int format_at(cc_time_result *r, int resolution, int unit, int y, int m, int d)
{
    if (y < 1 || y > 9999)
        return 0;
    int iy, w;
    switch (unit) {
    case U_Y: set_value(r, resolution, "%04d", y); break;
    case U_Q: set_value(r, resolution, "%04d-Q%d", y, (m - 1) / 3 + 1); break;
    case U_M: set_value(r, resolution, "%04d-%02d", y, m); break;
    case U_W:
        cc_iso_week(y, m, d, &iy, &w);
        set_value(r, resolution, "%04d-W%02d", iy, w);
        break;
    case U_DE: set_value(r, resolution, "%03d", y / 10); break;
    case U_CE: set_value(r, resolution, "%02d", y / 100); break;
    default: set_value(r, resolution, "%04d-%02d-%02d", y, m, d); break;
    }
    return 1;
}

static const char *unknown_at(int unit)
{
    switch (unit) {
    case U_Y: return "XXXX";
    case U_Q: return "XXXX-QX";
    case U_M: return "XXXX-XX";
    case U_W: return "XXXX-WXX";
    case U_DE: return "XXX";
    case U_CE: return "XX";
    default: return "XXXX-XX-XX";
    }
}

/* Shifts y-m-d by n units (exact: months clamp the day, weeks are 7 days). */
static void shift(int unit, long n, int *y, int *m, int *d)
{
    switch (unit) {
    case U_Y: *y += (int)n; break;
    case U_Q: cc_add_months(y, m, d, 3 * n); break;
    case U_M: cc_add_months(y, m, d, n); break;
    case U_W: cc_add_days(y, m, d, 7 * n); break;
    case U_DE: *y += (int)(10 * n); break;
    case U_CE: *y += (int)(100 * n); break;
    case U_H: cc_add_days(y, m, d, (long)floor(n / 24.0)); break;
    case U_MI: cc_add_days(y, m, d, (long)floor(n / 1440.0)); break;
    case U_S: break;
    default: cc_add_days(y, m, d, n); break;
    }
}

/* ---- the template functions -------------------------------------------------------------- */

static void f_lit(const call *c)
{
    char buf[64];
    set_value(c->res, CC_TIME_ABSOLUTE, "%s", arg_text(c, 0, buf, sizeof buf));
}

/* PRESENT_REF and friends: relative to the DCT by meaning, but their value needs none. */
static void f_ref(const call *c)
{
    f_lit(c);
    c->res->resolution = CC_TIME_DCT;
}

static void f_year(const call *c)
{
    int y;
    if (arg_year(c, 0, &y) < 0)
        c->res->reject = 1;
    else
        set_value(c->res, CC_TIME_ABSOLUTE, "%04d", y);
}

/* yearcn(C, N): a year said in words, "nineteen ninety-six" -> 1996. */
static void f_yearcn(const call *c)
{
    long cent, n;
    if (arg_int(c, 0, &cent) < 0 || arg_int(c, 1, &n) < 0 || cent < 10 || cent > 29 || n < 10 ||
        n > 99)
        c->res->reject = 1;
    else
        set_value(c->res, CC_TIME_ABSOLUTE, "%02ld%02ld", cent, n);
}

/* "the 1990s", "the '90s", "the nineties" (list value 9 -> 199); "the 1800s" before 2000 is
 * said of a century, the 19th (18). */
static void f_decade(const call *c)
{
    char buf[64];
    const char *s = arg_text(c, 0, buf, sizeof buf);
    while (*s && !isdigit((unsigned char)*s))
        s++;
    long v = strtol(s, NULL, 10);
    size_t nd = strspn(s, "0123456789");
    if (nd == 4 && v % 100 == 0 && v < 2000)
        set_value(c->res, CC_TIME_ABSOLUTE, "%02ld", v / 100);
    else if (nd == 4)
        set_value(c->res, CC_TIME_ABSOLUTE, "%03ld", v / 10);
    else if (nd == 2 || nd == 1)
        set_value(c->res, CC_TIME_ABSOLUTE, "19%ld", nd == 2 ? v / 10 : v);
    else
        c->res->reject = 1;
}

static void f_century(const call *c)
{
    long n;
    if (arg_int(c, 0, &n) < 0 || n < 1 || n > 30)
        c->res->reject = 1;
    else
        set_value(c->res, CC_TIME_ABSOLUTE, "%02ld", n - 1);
}

/* The year of a month (and day) the text gives without one: '?' by tense and nearness to
 * the DCT, '<' the last one before the DCT, '>' the first one after. */
static int infer_year(const call *c, const char *how, int m, int d, int use_tense)
{
    const cc_date *t = &c->env->dct;
    int mode = strcmp(how, "<") == 0 ? -2 : strcmp(how, ">") == 0 ? 2 : use_tense ? c->env->tense : 0;
    long ref = (long)t->month * 40 + (d ? t->day : 0);
    long here = (long)m * 40 + d;
    int y = t->year;
    if (mode == -2)
        return here < ref ? y : y - 1;
    if (mode == 2)
        return here > ref ? y : y + 1;
    /* a tense moves a date to the neighbouring year only when it is more than four months on
     * the wrong side of the DCT: "said it will meet Nov. 6" two days earlier is this year */
    if (mode == -1)
        return here > ref + 160 ? y - 1 : y;
    if (mode == 1) /* a future cue is close to the expression: trust it fully */
        return here < ref ? y + 1 : y;
    long diff = (here - ref) / 40; /* months apart within the DCT's year */
    if (diff > 6)
        return y - 1;
    if (diff < -6)
        return y + 1;
    return y;
}

/* Year argument: a group giving it, or an inference mode. Returns 0 and *y, 1 when the
 * year cannot be known (no DCT), -1 when invalid. */
static int year_arg(const call *c, int i, int m, int d, int use_tense, int *y)
{
    const cc_time_arg *a = &c->rule->tmpl.args[i];
    if (a->kind == TA_INFER) {
        if (!has_dct(c->env))
            return 1;
        *y = infer_year(c, a->lit, m, d, use_tense);
        c->res->resolution = CC_TIME_DCT;
        return 0;
    }
    c->res->resolution = CC_TIME_ABSOLUTE;
    return arg_year(c, i, y);
}

static void f_date(const call *c)
{
    long m, d;
    int y = 0;
    if (arg_int(c, 1, &m) < 0 || arg_int(c, 2, &d) < 0 || m < 1 || m > 12 || d < 1 || d > 31) {
        c->res->reject = 1;
        return;
    }
    int yr = year_arg(c, 0, (int)m, (int)d, 1, &y);
    if (yr < 0) {
        c->res->reject = 1;
        return;
    }
    if ((yr == 0 && !cc_date_valid(y, (int)m, (int)d)) ||
        (yr == 1 && d > cc_days_in_month(2024, (int)m))) {
        c->res->reject = 1; /* "February 30, 2026" is no date: said once, as a warning */
        c->res->invalid_date = 1;
        return;
    }
    if (yr == 1)
        set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-%02ld-%02ld", m, d);
    else
        set_value(c->res, c->res->resolution, "%04d-%02ld-%02ld", y, m, d);
}

/* month(Y, M) and the other "part of a year" functions share this: month index m of y. */
static void part_of_year(const call *c, int m, const char *fmt_known, const char *fmt_unknown,
                         const char *part, int use_tense)
{
    int y = 0;
    int yr = year_arg(c, 0, m, 0, use_tense, &y);
    if (yr < 0)
        c->res->reject = 1;
    else if (yr == 1)
        set_value(c->res, CC_TIME_UNRESOLVED, fmt_unknown, part);
    else
        set_value(c->res, c->res->resolution, fmt_known, y, part);
}

static void f_month(const call *c)
{
    long m;
    char part[8];
    if (arg_int(c, 1, &m) < 0 || m < 1 || m > 12) {
        c->res->reject = 1;
        return;
    }
    snprintf(part, sizeof part, "%02ld", m);
    part_of_year(c, (int)m, "%04d-%s", "XXXX-%s", part, 1);
}

/* monthrel(M, n), quarterrel(Q, n), halfrel(H, n): a month, quarter or half of the DCT's
 * year shifted by n years ("July last year", "next year's first quarter", "the second half
 * of last year"). */
enum { PART_MONTH, PART_QUARTER, PART_HALF };

static void part_rel(const call *c, int part)
{
    static const long most[] = {12, 4, 2};
    static const char *const unknown[] = {"XXXX-%02ld", "XXXX-Q%ld", "XXXX-H%ld"};
    static const char *const known[] = {"%04ld-%02ld", "%04ld-Q%ld", "%04ld-H%ld"};
    long v, n;
    if (arg_int(c, 0, &v) < 0 || v < 1 || v > most[part] || arg_int(c, 1, &n) < 0 ||
        labs(n) > 100) {
        c->res->reject = 1;
        return;
    }
    if (!has_dct(c->env))
        set_value(c->res, CC_TIME_UNRESOLVED, unknown[part], v);
    else
        set_value(c->res, CC_TIME_DCT, known[part], c->env->dct.year + n, v);
}

static void f_monthrel(const call *c) { part_rel(c, PART_MONTH); }
static void f_quarterrel(const call *c) { part_rel(c, PART_QUARTER); }
static void f_halfrel(const call *c) { part_rel(c, PART_HALF); }

static void f_season(const call *c)
{
    static const char *const codes[] = {"SP", "SU", "FA", "WI"};
    static const int starts[] = {3, 6, 9, 12};
    /* "last fall" (year '<') is the last season that has ended before the DCT: in November
     * it is the previous year's fall, so the comparison uses the season's last month (winter
     * keeps December: its year is the one it starts in) */
    static const int ends[] = {5, 8, 11, 12};
    const cc_time_arg *a = &c->rule->tmpl.args[0];
    int before = a->kind == TA_INFER && strcmp(a->lit, "<") == 0;
    char buf[16];
    const char *s = arg_text(c, 1, buf, sizeof buf);
    for (int i = 0; i < 4; i++)
        if (strcmp(s, codes[i]) == 0) {
            part_of_year(c, before ? ends[i] : starts[i], "%04d-%s", "XXXX-%s", codes[i], 1);
            return;
        }
    c->res->reject = 1;
}

static void f_quarter(const call *c)
{
    long q;
    char part[4];
    if (arg_int(c, 1, &q) < 0 || q < 1 || q > 4) {
        c->res->reject = 1;
        return;
    }
    snprintf(part, sizeof part, "Q%ld", q);
    /* quarters are reported on after they end: a quarter later in the year than the DCT's
     * is last year's, unless the sentence speaks of the future */
    const cc_time_arg *a = &c->rule->tmpl.args[0];
    if (a->kind == TA_INFER && strcmp(a->lit, "?") == 0 && has_dct(c->env)) {
        int y = c->env->dct.year, dq = (c->env->dct.month - 1) / 3 + 1;
        if (c->env->tense > 0 && dq - q >= 2) /* "third-quarter results will..." in Q4 */
            y++;
        else if (c->env->tense <= 0 && q > dq)
            y--;
        set_value(c->res, CC_TIME_DCT, "%04d-Q%ld", y, q);
        return;
    }
    part_of_year(c, (int)(q - 1) * 3 + 2, "%04d-%s", "XXXX-%s", part, 0);
}

/* half(Y, n): the first or second half of a year, "YYYY-H1". */
static void f_half(const call *c)
{
    long h;
    char part[4];
    if (arg_int(c, 1, &h) < 0 || h < 1 || h > 2) {
        c->res->reject = 1;
        return;
    }
    snprintf(part, sizeof part, "H%ld", h);
    part_of_year(c, (int)(h - 1) * 6 + 3, "%04d-%s", "XXXX-%s", part, 1);
}

static void f_week(const call *c)
{
    int y;
    long w;
    if (arg_year(c, 0, &y) < 0 || arg_int(c, 1, &w) < 0 || w < 1 || w > cc_iso_weeks_in_year(y))
        c->res->reject = 1;
    else
        set_value(c->res, CC_TIME_ABSOLUTE, "%04d-W%02ld", y, w);
}

/* rel(unit, n): the unit containing the DCT shifted by n ("last month", "two years ago"). */
static void f_rel(const call *c)
{
    int unit = arg_unit(c, 0);
    double n;
    int kind = arg_num(c, 1, &n);
    if (unit == U_BAD || kind < 0 || fabs(n) > 10000 || n != floor(n)) {
        c->res->reject = 1;
        return;
    }
    if (kind == 0) { /* "several years ago" */
        set_value(c->res, CC_TIME_DCT, "%s", n < 0 ? "PAST_REF" : "FUTURE_REF");
        return;
    }
    if (!has_dct(c->env)) {
        set_value(c->res, CC_TIME_UNRESOLVED, "%s", unknown_at(unit));
        return;
    }
    int y = c->env->dct.year, m = c->env->dct.month, d = c->env->dct.day;
    shift(unit, (long)n, &y, &m, &d);
    if (unit == U_H || unit == U_MI || unit == U_S)
        unit = U_D;
    if (!format_at(c->res, CC_TIME_DCT, unit, y, m, d))
        c->res->reject = 1;
}

/* yearq(Y): "the 1988 quarter", "the 1989 period": the quarter of year Y that the story
 * reports on, the one before the DCT's; the year alone without a DCT. */
static void f_yearq(const call *c)
{
    int y;
    if (arg_year(c, 0, &y) < 0) {
        c->res->reject = 1;
        return;
    }
    if (!has_dct(c->env)) {
        set_value(c->res, CC_TIME_ABSOLUTE, "%04d", y);
        return;
    }
    int qy = c->env->dct.year, m = c->env->dct.month, d = 1;
    shift(U_Q, -1, &qy, &m, &d);
    set_value(c->res, CC_TIME_DCT, "%04d-Q%d", y, (m - 1) / 3 + 1);
}

/* relfin(unit, n): rel(), but in a sentence about quarters (list "fin_quarter") a year
 * shift names the same quarter of another year, counted from the last completed quarter,
 * as earnings reports do ("a year ago" -> 1988-Q3 in November 1989). */
static void f_relfin(const call *c)
{
    int unit = arg_unit(c, 0);
    double n;
    if (unit == U_Y && arg_num(c, 1, &n) == 1 && has_dct(c->env) && c->env->quarter_context) {
        int y = c->env->dct.year, m = c->env->dct.month, d = 1;
        shift(U_Q, (long)n * 4 - 1, &y, &m, &d);
        if (!format_at(c->res, CC_TIME_DCT, U_Q, y, m, d))
            c->res->reject = 1;
        return;
    }
    f_rel(c);
}

/* The day a weekday names: dir -1 the one before the DCT, 1 the one after, 0 by tense (a
 * bare weekday is past unless the sentence is future, and may be the DCT itself). Returns
 * 0 with *y-*m-*d, 1 when there is no DCT, -1 when invalid. */
static int weekday_date(const call *c, int *y, int *m, int *d)
{
    long wd, dir;
    if (arg_int(c, 0, &wd) < 0 || wd < 1 || wd > 7 || arg_int(c, 1, &dir) < 0)
        return -1;
    if (!has_dct(c->env))
        return 1;
    const cc_date *t = &c->env->dct;
    int today = cc_weekday(t->year, t->month, t->day);
    long delta = wd - today; /* -6..6 */
    int bare = dir == 0;
    if (bare)
        dir = c->env->tense > 0 ? 1 : -1;
    if (bare && wd == today)
        delta = 0;
    else if (dir < 0)
        delta = delta < 0 ? delta : delta - 7;
    else
        delta = delta > 0 ? delta : delta + 7;
    *y = t->year, *m = t->month, *d = t->day;
    cc_add_days(y, m, d, delta);
    return 0;
}

static void f_wday(const call *c)
{
    int y, m, d;
    long wd = 0;
    int rc = weekday_date(c, &y, &m, &d);
    if (rc < 0 || arg_int(c, 0, &wd) < 0)
        c->res->reject = 1;
    else if (rc == 1) /* the weekday is still known: a conflict rule can compare it */
        set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-WXX-%ld", wd);
    else
        format_at(c->res, CC_TIME_DCT, U_D, y, m, d);
}

/* wdaypod(day, dir, part): "Friday evening" -> YYYY-MM-DDTEV. */
static void f_wdaypod(const call *c)
{
    int y, m, d;
    char buf[16];
    const char *part = arg_text(c, 2, buf, sizeof buf);
    int rc = weekday_date(c, &y, &m, &d);
    if (rc < 0 || strlen(part) != 2)
        c->res->reject = 1;
    else if (rc == 1)
        set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-XX-XXT%s", part);
    else
        set_value(c->res, CC_TIME_DCT, "%04d-%02d-%02dT%s", y, m, d, part);
}

static int clock_args(const call *c, int first, long *h, long *mi);

/* The call as if the rule's arguments were `args` (nargs of them): for a function that
 * reads another's arguments ("Christmas morning" is holiday(Y, spec) and a part of the
 * day). `r` holds the rule so changed while the returned call is used. */
static call with_args(const call *c, cc_time_rule *r, const cc_time_arg *args, int nargs)
{
    *r = *c->rule;
    for (int i = 0; i < nargs; i++)
        r->tmpl.args[i] = args[i];
    r->tmpl.nargs = nargs;
    call sub = *c;
    sub.rule = r;
    return sub;
}

/* wdaytime(day, h, min, ampm): "10 p.m. Wednesday" (the weekday as in wday(day, 0)). */
static void f_wdaytime(const call *c)
{
    long h, mi;
    int y, m, d;
    cc_time_arg a[CC_TIME_MAX_ARGS];
    memcpy(a, c->rule->tmpl.args, sizeof a);
    a[1].kind = TA_LIT; /* weekday_date reads (day, dir): dir 0 */
    a[1].lit = "0";
    cc_time_rule r;
    call sub = with_args(c, &r, a, c->rule->tmpl.nargs);
    if (clock_args(c, 1, &h, &mi) < 0) {
        c->res->reject = 1;
        return;
    }
    int rc = weekday_date(&sub, &y, &m, &d);
    if (rc < 0)
        c->res->reject = 1;
    else if (rc == 1)
        set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-XX-XXT%02ld:%02ld", h, mi);
    else
        set_value(c->res, CC_TIME_DCT, "%04d-%02d-%02dT%02ld:%02ld", y, m, d, h, mi);
}

/* mdtime(h, min, ampm, M, D): "5 p.m. EST, Nov. 9" (the year as date(?, M, D) infers it). */
static void f_mdtime(const call *c)
{
    long h, mi;
    if (clock_args(c, 0, &h, &mi) < 0) {
        c->res->reject = 1;
        return;
    }
    const cc_time_arg *in = c->rule->tmpl.args;
    cc_time_arg a[3] = {in[0], in[3], in[4]};
    a[0].kind = TA_INFER;
    a[0].lit = "?";
    cc_time_rule r;
    call sub = with_args(c, &r, a, 3);
    f_date(&sub);
    size_t n = strlen(c->res->value);
    if (!c->res->reject)
        snprintf(c->res->value + n, sizeof c->res->value - n, "T%02ld:%02ld", h, mi);
}

/* A part of the day on the day an earlier call set as c->res->value: "T" and the part
 * appended ("Christmas morning"); rejects a part that is no code. */
static void append_pod(const call *c, int part_arg)
{
    char buf[16];
    const char *part = arg_text(c, part_arg, buf, sizeof buf);
    size_t n = strlen(c->res->value);
    if (strlen(part) != 2 || n != 10) /* YYYY-MM-DD or XXXX-MM-DD only */
        c->res->reject = 1;
    if (!c->res->reject)
        snprintf(c->res->value + n, sizeof c->res->value - n, "T%s", part);
}

static void f_holiday(const call *c);

/* holidaypod(Y, spec, part): "Christmas morning" (the day as holiday(Y, spec)). */
static void f_holidaypod(const call *c)
{
    f_holiday(c);
    append_pod(c, 2);
}

/* weekend(): the weekend of the week the text speaks of: the coming one in a future
 * sentence, else the current one on a weekend DCT and the last one on a weekday. */
static void f_weekend(const call *c)
{
    if (!has_dct(c->env)) {
        set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-WXX-WE");
        return;
    }
    const cc_date *t = &c->env->dct;
    int y = t->year, m = t->month, d = t->day, iy, w;
    int wd = cc_weekday(y, m, d);
    if (c->env->tense <= 0 && wd < 6)
        cc_add_days(&y, &m, &d, -7);
    cc_iso_week(y, m, d, &iy, &w);
    set_value(c->res, CC_TIME_DCT, "%04d-W%02d-WE", iy, w);
}

/* weekendrel(n): the weekend of the DCT's week shifted by n weeks, whatever the tense: "this
 * weekend" on a Wednesday is the coming one even in "the festival returns this weekend". */
static void f_weekendrel(const call *c)
{
    long n;
    if (arg_int(c, 0, &n) < 0 || labs(n) > 52) {
        c->res->reject = 1;
        return;
    }
    if (!has_dct(c->env)) {
        set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-WXX-WE");
        return;
    }
    int y = c->env->dct.year, m = c->env->dct.month, d = c->env->dct.day, iy, w;
    cc_add_days(&y, &m, &d, (int)n * 7);
    cc_iso_week(y, m, d, &iy, &w);
    set_value(c->res, CC_TIME_DCT, "%04d-W%02d-WE", iy, w);
}

/* holiday(Y, spec): spec "MM-DD" (Christmas) or "MM-Wd-n" (the n-th weekday d of month MM:
 * Thanksgiving is 11-W4-4). */
/* Easter Sunday of a Gregorian year (the anonymous Gregorian computus). */
static void easter(int y, int *m, int *d)
{
    int a = y % 19, b = y / 100, c = y % 100, e = b / 4, f = b % 4, g = (b + 8) / 25;
    int h = (19 * a + b - e - (b - g + 1) / 3 + 15) % 30;
    int l = (32 + 2 * f + 2 * (c / 4) - h - c % 4) % 7;
    int k = (a + 11 * h + 22 * l) / 451;
    *m = (h + l - 7 * k + 114) / 31;
    *d = (h + l - 7 * k + 114) % 31 + 1;
}

/* The day a holiday's spec gives in year y: "MM-DD"; "MM-Wk-n", the n-th weekday k of the
 * month (n 5: the last); "E+n", n days from Easter Sunday; "+n" after the weekday form shifts
 * it ("11-W1-1+1": the Tuesday after the first Monday). 0 when the spec is invalid. */
static int holiday_day(const char *spec, int y, int *m, int *d)
{
    int a, b, n = 0, off = 0;
    if (spec[0] == 'E') {
        if (sscanf(spec + 1, "%d%n", &off, &n) != 1 || spec[1 + n] || off < -60 || off > 60)
            return 0;
        easter(y, m, d);
        cc_add_days(&y, m, d, off);
        return 1;
    }
    if (sscanf(spec, "%2d-W%1d-%1d%n", m, &a, &b, &n) == 3) {
        const char *rest = spec + n;
        int k = 0;
        if (*rest && (sscanf(rest, "%d%n", &off, &k) != 1 || rest[k] || off < -6 || off > 6))
            return 0;
        if (*m < 1 || *m > 12 || a < 1 || a > 7 || b < 1 || b > 5)
            return 0;
        *d = 1 + (a - cc_weekday(y, *m, 1) + 7) % 7 + 7 * (b - 1);
        while (*d > cc_days_in_month(y, *m)) /* "the last Monday of May" */
            *d -= 7;
        cc_add_days(&y, m, d, off);
        return 1;
    }
    return sscanf(spec, "%2d-%2d%n", m, d, &n) == 2 && !spec[n] && cc_date_valid(y, *m, *d);
}

static void f_holiday(const call *c)
{
    char buf[32];
    const char *spec = arg_text(c, 1, buf, sizeof buf);
    int m, d;
    /* the year is inferred from where the holiday falls in the DCT's year */
    int y0 = has_dct(c->env) ? c->env->dct.year : 2001;
    if (!holiday_day(spec, y0, &m, &d)) {
        c->res->reject = 1;
        return;
    }
    int y = 0;
    int yr = year_arg(c, 0, m, d, 1, &y);
    if (yr < 0 || (yr == 0 && !holiday_day(spec, y, &m, &d))) {
        c->res->reject = 1;
        return;
    }
    if (yr == 1) {
        if (spec[0] == 'E') /* Easter moves between months */
            set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-XX-XX");
        else if (strchr(spec, 'W'))
            set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-%02d-XX", m);
        else
            set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-%02d-%02d", m, d);
        return;
    }
    set_value(c->res, c->res->resolution, "%04d-%02d-%02d", y, m, d);
}

/* holidayrel(n, spec): a holiday with "last" (n < 0: the last one before the DCT), "next"
 * (n > 0: the first one after it) or "this" (0: as holiday(?, spec)), so that one rule with
 * the year_shift list reads all three. */
static void f_holidayrel(const call *c)
{
    long n;
    if (arg_int(c, 0, &n) < 0) {
        c->res->reject = 1;
        return;
    }
    cc_time_arg a[2] = {c->rule->tmpl.args[0], c->rule->tmpl.args[1]};
    a[0].kind = TA_INFER;
    a[0].lit = n < 0 ? "<" : n > 0 ? ">" : "?";
    cc_time_rule r;
    call sub = with_args(c, &r, a, c->rule->tmpl.nargs);
    f_holiday(&sub);
}

/* setof(kind, v): every month M ("each July": XXXX-07), every season S ("every summer":
 * XXXX-SU) or every part of the day P ("each morning", "nightly": XXXX-XX-XXTMO). */
static void f_setof(const call *c)
{
    char kb[8], vb[16];
    const char *kind = arg_text(c, 0, kb, sizeof kb), *v = arg_text(c, 1, vb, sizeof vb);
    long m;
    if (strcmp(kind, "M") == 0 && arg_int(c, 1, &m) == 0 && m >= 1 && m <= 12)
        set_value(c->res, CC_TIME_ABSOLUTE, "XXXX-%02ld", m);
    else if (strcmp(kind, "S") == 0 && strlen(v) == 2)
        set_value(c->res, CC_TIME_ABSOLUTE, "XXXX-%s", v);
    else if (strcmp(kind, "P") == 0 && strlen(v) == 2)
        set_value(c->res, CC_TIME_ABSOLUTE, "XXXX-XX-XXT%s", v);
    else
        c->res->reject = 1;
}

static void f_setwday(const call *c)
{
    long wd;
    if (arg_int(c, 0, &wd) < 0 || wd < 1 || wd > 7)
        c->res->reject = 1;
    else
        set_value(c->res, CC_TIME_ABSOLUTE, "XXXX-WXX-%ld", wd);
}

/* dur(n, unit): P1Y, PT24H, P10Y for a decade, PXY for "years". */
static void f_dur(const call *c)
{
    int unit = arg_unit(c, 1);
    double n;
    int kind = arg_num(c, 0, &n);
    if (unit == U_BAD || kind < 0 || n < 0) {
        c->res->reject = 1;
        return;
    }
    static const char *const letter[] = {"Y", "Q", "M", "W", "D", "H", "M", "S", "DE", "CE"};
    int timepart = unit == U_H || unit == U_MI || unit == U_S;
    if (kind == 0) {
        set_value(c->res, CC_TIME_ABSOLUTE, "P%sX%s", timepart ? "T" : "", letter[unit]);
        return;
    }
    if (unit == U_DE || unit == U_CE) {
        n *= unit == U_DE ? 10 : 100;
        unit = U_Y;
    } else if (unit == U_Q) {
        n *= 3;
        unit = U_M;
    }
    /* fractions go to the next smaller unit: 2.5 years -> P2Y6M, half an hour -> PT30M */
    static const int smaller[] = {U_M, U_M, U_D, U_D, U_H, U_MI, U_S, U_S, U_Y, U_Y};
    static const double factor[] = {12, 3, 30, 7, 24, 60, 60, 1, 1, 1};
    double whole = floor(n), part = (n - whole) * factor[unit];
    int small = smaller[unit];
    if (n != whole && part == floor(part) && small != unit) {
        int small_time = small == U_H || small == U_MI || small == U_S;
        char a[32] = "", b[32];
        if (whole > 0)
            snprintf(a, sizeof a, "%g%s", whole, letter[unit]);
        snprintf(b, sizeof b, "%s%g%s", small_time && !timepart ? "T" : "", part, letter[small]);
        set_value(c->res, CC_TIME_ABSOLUTE, "P%s%s%s", timepart ? "T" : "", a, b);
        return;
    }
    set_value(c->res, CC_TIME_ABSOLUTE, "P%s%g%s", timepart ? "T" : "", n, letter[unit]);
}

/* dur2(n, unit, m, unit2): "three years and six months" -> P3Y6M, "2 hours and 1 minute" ->
 * PT2H1M (the larger unit first; anything else, or a vague number, is rejected). */
static void f_dur2(const call *c)
{
    cc_time_rule r;
    call sub = with_args(c, &r, c->rule->tmpl.args, 2);
    f_dur(&sub);
    char first[sizeof c->res->value];
    snprintf(first, sizeof first, "%s", c->res->value);
    sub = with_args(c, &r, c->rule->tmpl.args + 2, 2);
    f_dur(&sub);
    const char *second = c->res->value + 1; /* past the P */
    int u1 = arg_unit(c, 1), u2 = arg_unit(c, 3);
    double n;
    if (c->res->reject || u1 == U_BAD || u2 == U_BAD || u2 <= u1 || arg_num(c, 0, &n) != 1 ||
        n != floor(n) || strchr(first, 'X') || strchr(second, 'X')) {
        c->res->reject = 1;
        return;
    }
    if (strchr(first, 'T') && *second == 'T') /* PT2H and T1M: one T */
        second++;
    char out[sizeof c->res->value];
    snprintf(out, sizeof out, "%s%s", first, second);
    set_value(c->res, CC_TIME_ABSOLUTE, "%s", out);
}

/* Reads h, min, ampm from arguments first..first+2 into 24-hour *h and *mi. */
static int clock_args(const call *c, int first, long *h, long *mi)
{
    long ap = -1;
    char buf[16];
    const char *aps = arg_text(c, first + 2, buf, sizeof buf);
    if (*aps && strcmp(aps, "24h") != 0)
        ap = strtol(aps, NULL, 10);
    *mi = 0;
    if (arg_int(c, first, h) < 0 ||
        (*arg_text(c, first + 1, buf, sizeof buf) && arg_int(c, first + 1, mi) < 0) || *h < 0 ||
        *h > 24 || *mi < 0 || *mi > 59 || (ap >= 0 && (*h < 1 || *h > 12)))
        return -1;
    if (ap >= 0)
        *h = *h % 12 + ap;
    return 0;
}

/* time(h, min, ampm): a clock time on the DCT's day ("5 p.m." -> 2025-11-20T17:00). */
static void f_time(const call *c)
{
    long h, mi;
    if (clock_args(c, 0, &h, &mi) < 0) {
        c->res->reject = 1;
        return;
    }
    if (!has_dct(c->env)) {
        set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-XX-XXT%02ld:%02ld", h, mi);
        return;
    }
    const cc_date *t = &c->env->dct;
    set_value(c->res, CC_TIME_DCT, "%04d-%02d-%02dT%02ld:%02ld", t->year, t->month, t->day, h,
              mi);
}

/* pod(days, part): a part of a day relative to the DCT ("last night" -> pod(-1, NI)). */
static void f_pod(const call *c)
{
    long days;
    char buf[16];
    const char *part = arg_text(c, 1, buf, sizeof buf);
    if (arg_int(c, 0, &days) < 0 || !*part || strlen(part) > 2) {
        c->res->reject = 1;
        return;
    }
    if (!has_dct(c->env)) {
        set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-XX-XXT%s", part);
        return;
    }
    int y = c->env->dct.year, m = c->env->dct.month, d = c->env->dct.day;
    cc_add_days(&y, &m, &d, days);
    set_value(c->res, CC_TIME_DCT, "%04d-%02d-%02dT%s", y, m, d, part);
}

/* Parses a date value "YYYY", "YYYY-MM", "YYYY-MM-DD"; returns its unit or U_BAD. */
static int parse_value(const char *v, int *y, int *m, int *d)
{
    *m = *d = 1;
    int n = 0;
    if (sscanf(v, "%4d-%2d-%2d%n", y, m, d, &n) == 3 && n == 10 && !v[n])
        return U_D;
    if (sscanf(v, "%4d-%2d%n", y, m, &n) == 2 && n == 7 && !v[n])
        return U_M;
    int q;
    if (sscanf(v, "%4d-Q%1d%n", y, &q, &n) == 2 && n == 7 && !v[n] && q >= 1 && q <= 4) {
        *m = (q - 1) * 3 + 1;
        return U_Q;
    }
    if (sscanf(v, "%4d%n", y, &n) == 1 && n == 4 && !v[n])
        return U_Y;
    return U_BAD;
}

/* Shifts an anchor's value by n units; the result is as fine as the unit allows. */
static void shift_anchor(const call *c, const char *base, int unit, long n, cc_span anchor)
{
    int y, m, d;
    int gran = base ? parse_value(base, &y, &m, &d) : U_BAD;
    c->res->anchor = anchor;
    int out = unit == U_H || unit == U_MI || unit == U_S ? U_D : unit;
    if (gran == U_Q && out == U_Y)
        out = U_Q; /* "a year earlier" after "the third quarter": the same quarter */
    int need = out == U_Y || out == U_DE || out == U_CE ? U_Y : out == U_Q ? U_Q
             : out == U_M ? U_M : U_D;
    if (gran == U_BAD || gran < need) {
        set_value(c->res, CC_TIME_UNRESOLVED, "%s", unknown_at(out));
        return;
    }
    shift(unit, n, &y, &m, &d);
    if (!format_at(c->res, CC_TIME_EVENT, out, y, m, d))
        c->res->reject = 1;
}

/* later(unit, n): "a year later": n units after the latest date the text gave before; "a
 * week earlier" counts back from the DCT when the text gave none. */
static void f_later(const call *c)
{
    int unit = arg_unit(c, 0);
    long n;
    if (unit == U_BAD || arg_int(c, 1, &n) < 0 || labs(n) > 10000) {
        c->res->reject = 1;
        return;
    }
    cc_span none = {0, 0};
    if (!c->env->prev_value && has_dct(c->env) && n < 0) {
        /* no date before it: the story's own day is the time it looks back from ("A week
         * earlier, talks had failed" in a report); "a year later" needs a past event */
        const cc_date *t = &c->env->dct;
        char base[32];
        snprintf(base, sizeof base, "%04d-%02d-%02d", t->year, t->month, t->day);
        shift_anchor(c, base, unit, n, none);
        if (!c->res->reject && c->res->resolution == CC_TIME_EVENT)
            c->res->resolution = CC_TIME_DCT;
        return;
    }
    shift_anchor(c, c->env->prev_value, unit, n, c->env->prev_value ? c->env->prev_span : none);
}

/* after(unit, n, $event): "two weeks after the March 3 vote": n units after the date the
 * event phrase gives; when it gives none, unresolved (anchor recorded) for "weeks after",
 * no match for a counted "two weeks after" (its duration is the expression then). */
static void f_after(const call *c)
{
    int unit = arg_unit(c, 0);
    double n;
    int kind = arg_num(c, 1, &n);
    const cc_time_arg *a = &c->rule->tmpl.args[2];
    if (unit == U_BAD || kind < 0 || fabs(n) > 10000 || n != floor(n) || a->kind != TA_GROUP ||
        c->ov[2 * a->group] == PCRE2_UNSET) {
        c->res->reject = 1;
        return;
    }
    cc_span anchor = {c->ov[2 * a->group], c->ov[2 * a->group + 1]};
    char base[64] = "";
    if (c->env->depth == 0 && kind == 1) {
        cc_time_env sub = *c->env;
        sub.text = c->env->text + anchor.start;
        sub.len = anchor.end - anchor.start;
        sub.depth = 1;
        sub.prev_value = NULL;
        cc_vec found = CC_VEC_INIT(cc_timex);
        if (cc_time_tag_vec(&found, &sub) == 0)
            for (size_t i = 0; i < found.n && !*base; i++) {
                cc_timex *t = CC_VEC_AT(&found, cc_timex, i);
                if (t->type == CC_TIMEX_DATE && t->resolution != CC_TIME_UNRESOLVED)
                    snprintf(base, sizeof base, "%s", t->value);
            }
        for (size_t i = 0; i < found.n; i++) {
            cc_timex *t = CC_VEC_AT(&found, cc_timex, i);
            free((char *)t->value);
            free((char *)t->rule);
            free((char *)t->anchor_text);
        }
        cc_vec_free(&found);
    }
    if (!*base && kind == 1 && c->rule->tmpl.args[1].kind == TA_GROUP) {
        /* "72 hours after his son was found": no date to count from, so the phrase is the
         * duration alone (TimeML tags "72 hours" and leaves "after" to a signal) */
        c->res->reject = 1;
        return;
    }
    shift_anchor(c, *base ? base : NULL, unit, (long)n, anchor);
}

/* laterpod(days, part): "that evening", "the next morning": a part of the day `days` after
 * the latest earlier date the text gave (a day, not a month), or after the DCT when it gave
 * none. */
static void f_laterpod(const call *c)
{
    long days;
    char buf[16];
    const char *part = arg_text(c, 1, buf, sizeof buf);
    if (arg_int(c, 0, &days) < 0 || labs(days) > 7 || strlen(part) != 2) {
        c->res->reject = 1;
        return;
    }
    int y, m, d, res = CC_TIME_EVENT;
    const char *base = c->env->prev_value;
    if (base && parse_value(base, &y, &m, &d) != U_D) {
        set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-XX-XXT%s", part);
        return;
    }
    if (!base) {
        if (!has_dct(c->env)) {
            set_value(c->res, CC_TIME_UNRESOLVED, "XXXX-XX-XXT%s", part);
            return;
        }
        y = c->env->dct.year, m = c->env->dct.month, d = c->env->dct.day;
        res = CC_TIME_DCT;
    } else
        c->res->anchor = c->env->prev_span;
    cc_add_days(&y, &m, &d, days);
    set_value(c->res, res, "%04d-%02d-%02dT%s", y, m, d, part);
}

/* tensepod(past, future, part): as laterpod, `past` days after the latest earlier date in a
 * past or present sentence, `future` days in a future one: "overnight" is the night before
 * the day the story tells of ("overnight losses" before Friday's trading) or the coming one
 * ("will drop below freezing overnight"). */
static void f_tensepod(const call *c)
{
    const cc_time_arg *in = c->rule->tmpl.args;
    cc_time_arg a[2] = {in[c->env->tense > 0 ? 1 : 0], in[2]};
    cc_time_rule r;
    call sub = with_args(c, &r, a, 2);
    f_laterpod(&sub);
}

typedef struct {
    const char *name;
    int nargs;
    void (*fn)(const call *c);
    int tense; /* reads the tense of the sentence even without an inferred year */
} func_entry;

static const func_entry funcs[] = {
    {"lit", 1, f_lit, 0},           {"ref", 1, f_ref, 0},
    {"year", 1, f_year, 0},         {"decade", 1, f_decade, 0},
    {"century", 1, f_century, 0},   {"date", 3, f_date, 0},
    {"month", 2, f_month, 0},       {"week", 2, f_week, 0},
    {"season", 2, f_season, 0},     {"quarter", 2, f_quarter, 1},
    {"rel", 2, f_rel, 0},           {"wday", 2, f_wday, 1},
    {"setwday", 1, f_setwday, 0},   {"dur", 2, f_dur, 0},
    {"time", 3, f_time, 0},         {"pod", 2, f_pod, 0},
    {"later", 2, f_later, 0},       {"after", 3, f_after, 0},
    {"laterpod", 2, f_laterpod, 0}, {"setof", 2, f_setof, 0},
    {"wdaypod", 3, f_wdaypod, 1},   {"holiday", 2, f_holiday, 0},
    {"relfin", 2, f_relfin, 0},     {"wdaytime", 4, f_wdaytime, 1},
    {"weekend", 0, f_weekend, 1},   {"monthrel", 2, f_monthrel, 0},
    {"yearcn", 2, f_yearcn, 0},     {"half", 2, f_half, 0},
    {"quarterrel", 2, f_quarterrel, 0}, {"yearq", 1, f_yearq, 0},
    {"mdtime", 5, f_mdtime, 1},     {"halfrel", 2, f_halfrel, 0},
    {"weekendrel", 1, f_weekendrel, 0}, {"holidayrel", 2, f_holidayrel, 0},
    {"holidaypod", 3, f_holidaypod, 0}, {"tensepod", 3, f_tensepod, 1},
    {"dur2", 4, f_dur2, 0},
};

int cc_time_func_uses_tense(int func)
{
    return func >= 0 && (size_t)func < sizeof funcs / sizeof funcs[0] && funcs[func].tense;
}

int cc_time_func_find(const char *name, int *nargs)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        if (strcmp(funcs[i].name, name) == 0) {
            *nargs = funcs[i].nargs;
            return (int)i;
        }
    return -1;
}

void cc_time_normalize(cc_time_result *res, const cc_time_env *env, const cc_time_rule *rule,
                       const PCRE2_SIZE *ov, int ngroups)
{
    memset(res, 0, sizeof *res);
    res->type = rule->type;
    call c = {env, rule, ov, ngroups, res};
    funcs[rule->tmpl.func].fn(&c);
}

/* ---- tense ------------------------------------------------------------------------------- */

/* The lists a phrase starting with the word may belong to: one look-up in the trigger
 * dictionary (which has the first word of every phrase) instead of one per list; every
 * list when the dictionary cannot hold the word ("'ll"). */
static uint64_t word_lists(const struct cc_time_rules *tr, const char *w, size_t n)
{
    char low[24];
    if (n >= sizeof low)
        return ~(uint64_t)0;
    for (size_t i = 0; i < n; i++) {
        char c = (char)(w[i] | 0x20);
        if (c < 'a' || c > 'z')
            return ~(uint64_t)0;
        low[i] = c;
    }
    const cc_time_trigger *t = cc_time_trigger_find(tr, low, n);
    return t ? t->mask : 0;
}

static uint64_t list_bit(int list) { return list >= 0 ? (uint64_t)1 << list : 0; }

/* A past cue by its ending only ("named"): a participle after "be" or "been" is none
 * ("will be named", "is expected"). */
#define CUE_PAST_SUFFIX (-2)

/* 1 when the word w of n bytes ends in the lower-case suffix (in any case) after at least
 * three other letters ("named", not "red"). Words are ASCII letters and apostrophes. */
static int ends_with(const char *w, size_t n, const char *suffix)
{
    size_t sl = 0;
    while (suffix[sl])
        sl++;
    if (n <= sl + 2)
        return 0;
    for (size_t i = 0; i < sl; i++)
        if ((w[n - sl + i] | 0x20) != suffix[i])
            return 0;
    return 1;
}

static int cue_of(const struct cc_time_rules *tr, const char *w, size_t n, uint64_t lists)
{
    if (lists & (list_bit(tr->list_tense_neutral) | list_bit(tr->list_future) |
                 list_bit(tr->list_past))) {
        if (cc_time_lookup(tr, tr->list_tense_neutral, w, n))
            return 0;
        if (cc_time_lookup(tr, tr->list_future, w, n))
            return 1;
        if (cc_time_lookup(tr, tr->list_past, w, n))
            return -1;
    }
    if (tr->list_past_suffix >= 0) {
        const cc_time_list *l = CC_VEC_AT(&tr->lists, cc_time_list, tr->list_past_suffix);
        for (size_t i = 0; i < l->words.n; i++)
            if (ends_with(w, n, CC_VEC_AT(&l->words, cc_time_word, i)->phrase))
                return CUE_PAST_SUFFIX;
    }
    return 0;
}

static int ends_sentence(char c) { return c == '!' || c == '?' || c == '\n' || c == '\0'; }

/* The sentence around [start, end), at most 200 bytes each side. */
static void sentence_bounds(const char *text, size_t len, size_t start, size_t end, size_t *lo,
                            size_t *hi)
{
    *lo = start > 300 ? start - 300 : 0;
    *hi = end + 200 < len ? end + 200 : len;
    for (size_t i = start; i > *lo; i--)
        if (ends_sentence(text[i - 1]) || (text[i - 1] == '.' && i < start && text[i] == ' ')) {
            *lo = i;
            break;
        }
    for (size_t i = end; i < *hi; i++)
        if (ends_sentence(text[i]) || (text[i] == '.' && i + 1 < *hi && text[i + 1] == ' ')) {
            *hi = i;
            break;
        }
}

int cc_time_sentence_has(const struct cc_time_rules *tr, int list, const char *text, size_t len,
                         size_t start, size_t end)
{
    if (list < 0)
        return 0;
    size_t lo, hi;
    sentence_bounds(text, len, start, end, &lo, &hi);
    for (size_t i = lo; i < hi;) {
        if (!isalpha((unsigned char)text[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < hi && isalpha((unsigned char)text[j]))
            j++;
        if (cc_time_lookup(tr, list, text + i, j - i))
            return 1;
        i = j;
    }
    return 0;
}

/* A future cue among the eight words before the expression (or the four after) makes the
 * sentence future ("will meet on Friday"); otherwise any past cue in the sentence makes it
 * past ("said on Friday"). */
/* The word that ends at j (letters and apostrophes) begins at the returned index. */
static size_t word_start(const char *text, size_t lo, size_t j)
{
    while (j > lo && (isalpha((unsigned char)text[j - 1]) || text[j - 1] == '\''))
        j--;
    return j;
}

/* 1 when [i, j) is joined to a neighbour by a hyphen: part of a compound modifier
 * ("lower-than-expected", "long-planned"), no verb and so no tense cue. */
static int in_compound(const char *text, size_t len, size_t i, size_t j)
{
    return (i > 0 && text[i - 1] == '-') || (j < len && text[j] == '-');
}

/* The tense of the verb that governs the expression at `start`: a reporting verb
 * ("announced on Friday") or a verb in the past ("closed Wednesday", "met on Monday", but
 * not "will be held Friday"): -1 past, never future; 0 when the word before is no verb
 * in the past. */
static int governing_tense(const struct cc_time_rules *tr, const char *text, size_t len,
                           size_t lo, size_t start)
{
    size_t i = start;
    for (int words = 0; words < 3; words++) {
        while (i > lo && !isalpha((unsigned char)text[i - 1]))
            i--;
        size_t j = i;
        i = word_start(text, lo, j);
        if (i == j)
            return 0;
        const char *v = cc_time_lookup(tr, tr->list_tense_neutral, text + i, j - i);
        if (v)
            return strcmp(v, "past") == 0 ? -1 : 0;
        int cue = in_compound(text, len, i, j)
                      ? 0
                      : cue_of(tr, text + i, j - i, word_lists(tr, text + i, j - i));
        if (cue == -1 || cue == CUE_PAST_SUFFIX) {
            size_t a = i; /* the word before the verb: a passive "be" makes it no past */
            while (a > lo && text[a - 1] == ' ')
                a--;
            size_t b = word_start(text, lo, a);
            return b < a && cc_time_lookup(tr, tr->list_passive_aux, text + b, a - b) ? 0 : -1;
        }
        if (cue || !cc_time_lookup(tr, tr->list_governor_skip, text + i, j - i))
            return 0;
    }
    return 0;
}

static int is_word_char(char c) { return isalpha((unsigned char)c) || c == '\''; }

/* 1 when a phrase of two or three words of the list starts at i and ends before `limit`
 * ("plans to hold": a future cue that neither word is alone). */
static int phrase_at(const struct cc_time_rules *tr, int list, const char *text, size_t i,
                     size_t limit)
{
    size_t j = i;
    for (int words = 1; words <= 3; words++) {
        while (j < limit && is_word_char(text[j]))
            j++;
        if (words > 1 && cc_time_lookup(tr, list, text + i, j - i))
            return 1;
        while (j < limit && text[j] == ' ')
            j++;
        if (j >= limit || !is_word_char(text[j]))
            return 0;
    }
    return 0;
}

/* 1 when one of the `nwords` words before `start` is in the list ("since shortly after the
 * Oct. 23 vote": a past date whatever the verbs say). */
static int preceded_by(const struct cc_time_rules *tr, int list, int nwords, const char *text,
                       size_t lo, size_t start)
{
    size_t i = start;
    for (int words = 0; words < nwords && list >= 0; words++) {
        while (i > lo && !isalpha((unsigned char)text[i - 1]))
            i--;
        size_t j = i;
        while (i > lo && isalpha((unsigned char)text[i - 1]))
            i--;
        if (i == j)
            return 0;
        if (cc_time_lookup(tr, list, text + i, j - i))
            return 1;
    }
    return 0;
}

int cc_time_tense(const struct cc_time_rules *tr, const char *text, size_t len, size_t start,
                  size_t end)
{
    size_t lo, hi;
    sentence_bounds(text, len, start, end, &lo, &hi);
    if (governing_tense(tr, text, len, lo, start) < 0 ||
        preceded_by(tr, tr->list_past_prep, 4, text, lo, start))
        return -1;
    int past = 0, future = 0, far_future = 0, prev_aux = 0;
    /* words as the loop below reads them: letters and apostrophes ("Elian's" is one) */
    long words_before = 0;
    for (size_t i = lo; i < start; i++)
        if (is_word_char(text[i]) && (i == lo || !is_word_char(text[i - 1])))
            words_before++;
    long wi = 0;
    for (size_t i = lo; i < hi;) {
        if (!is_word_char(text[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < hi && is_word_char(text[j]))
            j++;
        if (i >= start && i < end) {
            i = j;
            continue;
        }
        uint64_t lists = word_lists(tr, text + i, j - i);
        int cue = in_compound(text, len, i, j) ? 0 : cue_of(tr, text + i, j - i, lists);
        if (!cue && (lists & list_bit(tr->list_future)) &&
            phrase_at(tr, tr->list_future, text, i, hi < start ? hi : start))
            cue = 1; /* "plans to", "set to", "as early as" (not across the expression) */
        if (cue == CUE_PAST_SUFFIX && prev_aux)
            cue = 0;
        prev_aux = (lists & list_bit(tr->list_passive_aux)) &&
                   cc_time_lookup(tr, tr->list_passive_aux, text + i, j - i);
        long dist = i < start ? words_before - wi : 0;
        if (i < start)
            wi++;
        else
            dist = ++wi - words_before;
        if (cue > 0 && ((i < start && dist <= 8) || (i >= end && dist <= 4)))
            future = 1;
        else if (cue > 0)
            far_future = 1;
        else if (cue < 0) /* 2: before the expression, 4: a past form after it ("had") */
            past |= i < start ? 2 : cue == -1 ? 4 : 1;
        i = j;
    }
    /* a deadline ("by August", "until January") lies ahead unless a verb in the past comes
     * before it ("had filed by Wednesday") or a past form after it ("Until May, they had") */
    if (!(past & 6) && preceded_by(tr, tr->list_future_prep, 1, text, lo, start))
        return 1;
    return future || (far_future && !past) ? 1 : past ? -1 : 0;
}
