/*
 * report_html.c: the report as one self-contained HTML page: a summary, filters by type
 * and severity (inline script), each conflict with its two claims side by side and the
 * compared values marked, an inline SVG timeline of the values of time conflicts, and the
 * list of sources with their dates and how each was obtained. No external requests (a
 * Content-Security-Policy forbids them) and every piece of text from the corpus is
 * escaped, so an article holding markup shows it as text.
 */
#include <ctype.h>
#include <math.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char *const type_order[] = {"role", "time", "weekday", "number",
                                         "set",  "scope", "polarity", "attribution"};
enum { NTYPES = sizeof type_order / sizeof *type_order, MAX_MARKS = 16 };

static void esc_n(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        switch (s[i]) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(s[i], f);
        }
    }
}

static void esc(FILE *f, const char *s) { esc_n(f, s, strlen(s)); }

/* ---- marking the compared values in a claim's text ------------------------------------------ */

typedef struct {
    const char *s[MAX_MARKS];
    size_t n;
    char quoted[MAX_MARKS][128]; /* words quoted in the value: ("total") */
} marks;

static void add_mark(marks *m, const char *s)
{
    if (s && *s && m->n < MAX_MARKS)
        m->s[m->n++] = s;
}

/* Case-insensitive search (ASCII folding is enough for slot words). */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return hay;
    return NULL;
}

static void slot_texts(marks *m, const json_t *claim, const char *array, const char *key)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(claim, array), i, x) add_mark(m, report_str(x, key));
}

/* Entities whose id the value names ("country:SL: full-ban", "speaker Amina Diallo"). */
static void entity_marks(marks *m, const json_t *claim, const char *value)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(claim, "entities"), i, e) {
        if (strstr(value, report_str(e, "id")) || strstr(value, report_str(e, "text")))
            add_mark(m, report_str(e, "text"));
    }
}

static void collect_marks(marks *m, const char *type, const json_t *claim)
{
    const char *value = report_str(claim, "value");
    memset(m, 0, sizeof *m);
    for (const char *q = strchr(value, '"'); q && m->n < MAX_MARKS; q = strchr(q, '"')) {
        const char *end = strchr(q + 1, '"');
        if (!end)
            break;
        size_t len = (size_t)(end - q - 1) < sizeof m->quoted[0] - 1 ? (size_t)(end - q - 1)
                                                                       : sizeof m->quoted[0] - 1;
        memcpy(m->quoted[m->n], q + 1, len);
        m->quoted[m->n][len] = '\0';
        add_mark(m, m->quoted[m->n]);
        q = end + 1;
    }
    if (!strcmp(type, "time") || !strcmp(type, "weekday"))
        slot_texts(m, claim, "times", "text");
    else if (!strcmp(type, "number"))
        slot_texts(m, claim, "quantities", "text");
    else if (!strcmp(type, "role")) {
        slot_texts(m, claim, "roles", "modifier");
        slot_texts(m, claim, "roles", "title");
    } else if (!strcmp(type, "polarity")) {
        add_mark(m, json_string_value(json_object_get(json_object_get(claim, "polarity"), "cue")));
        add_mark(m, report_str(claim, "predicate")); /* the lemma marks "suspend(ed)" */
    } else
        entity_marks(m, claim, value);
}

/* The text with the first occurrence of each mark wrapped in <mark>, escaped throughout. */
static void marked_text(FILE *f, const char *text, const marks *m)
{
    const char *p = text;
    while (*p) {
        const char *best = NULL;
        size_t best_len = 0;
        for (size_t i = 0; i < m->n; i++) {
            const char *hit = find_ci(p, m->s[i]);
            if (hit && (!best || hit < best || (hit == best && strlen(m->s[i]) > best_len))) {
                best = hit;
                best_len = strlen(m->s[i]);
            }
        }
        if (!best) {
            esc(f, p);
            return;
        }
        while (isalpha((unsigned char)best[best_len])) /* a lemma marks the whole word */
            best_len++;
        esc_n(f, p, (size_t)(best - p));
        fputs("<mark>", f);
        esc_n(f, best, best_len);
        fputs("</mark>", f);
        p = best + best_len;
    }
}

/* ---- pieces of the page ---------------------------------------------------------------------- */

static void side_html(FILE *f, const char *type, const json_t *c, char label)
{
    marks m;
    collect_marks(&m, type, c);
    const char *outlet = report_str(c, "outlet"), *date = report_str(c, "date");
    const json_t *span = json_object_get(c, "span");
    fprintf(f, "<div class=\"side\"><div class=\"src\"><b>%c</b> ", label);
    esc(f, *outlet ? outlet : report_str(c, "doc"));
    fputs(" &middot; ", f);
    esc(f, *date ? date : "date unknown");
    fputs(" <span class=\"how\">(", f);
    esc(f, report_str(c, "date_source"));
    fputs(")</span></div><blockquote>", f);
    marked_text(f, report_str(c, "text"), &m);
    fputs("</blockquote><div class=\"val\">value: <code>", f);
    esc(f, report_str(c, "value"));
    fputs("</code></div><div class=\"where\">", f);
    esc(f, report_str(c, "path"));
    fprintf(f, ":%lld, bytes %lld&ndash;%lld</div></div>\n", report_int(c, "line"),
            (long long)json_integer_value(json_array_get(span, 0)),
            (long long)json_integer_value(json_array_get(span, 1)));
}

/* A value's position on a time axis (fractional year), from its leading YYYY[-MM[-DD]]. */
static int value_year(const char *v, double *out)
{
    int y = 0, mo = 0, d = 0;
    if (sscanf(v, "%4d-%2d-%2d", &y, &mo, &d) < 1 || y < 1000)
        return 0;
    *out = y + (mo ? (mo - 1) / 12.0 : 0.5) + (d ? (d - 1) / 365.0 : 0);
    if (mo && !d)
        *out += 1 / 24.0;
    return 1;
}

/* The two values of a time conflict on an axis of years (inline SVG). */
static void timeline_svg(FILE *f, const json_t *claims)
{
    double v[2];
    for (int i = 0; i < 2; i++)
        if (!value_year(report_str(json_array_get(claims, (size_t)i), "value"), &v[i]))
            return;
    double lo = floor(fmin(v[0], v[1])) - 1, hi = ceil(fmax(v[0], v[1])) + 1;
    const double w = 560, x0 = 40, x1 = 520;
    fprintf(f, "<svg class=\"timeline\" role=\"img\" aria-label=\"timeline\" width=\"%.0f\" "
               "height=\"70\" viewBox=\"0 0 %.0f 70\">",
            w, w);
    fprintf(f, "<line x1=\"%.0f\" y1=\"35\" x2=\"%.0f\" y2=\"35\" stroke=\"#555\"/>", x0, x1);
    for (int y = (int)lo; y <= (int)hi; y++) {
        double x = x0 + (x1 - x0) * (y - lo) / (hi - lo);
        fprintf(f, "<line x1=\"%.1f\" y1=\"31\" x2=\"%.1f\" y2=\"39\" stroke=\"#555\"/>"
                   "<text x=\"%.1f\" y=\"54\" font-size=\"11\" text-anchor=\"middle\">%d</text>",
                x, x, x, y);
    }
    for (int i = 0; i < 2; i++) {
        const json_t *c = json_array_get(claims, (size_t)i);
        double x = x0 + (x1 - x0) * (v[i] - lo) / (hi - lo);
        const char *outlet = report_str(c, "outlet");
        fprintf(f, "<circle cx=\"%.1f\" cy=\"35\" r=\"6\" fill=\"%s\"/>"
                   "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%c: ",
                x, i ? "#c0392b" : "#2471a3", x, i ? 20 : 12, i ? 'B' : 'A');
        esc(f, *outlet ? outlet : report_str(c, "doc"));
        fputs("</text>", f);
    }
    fputs("</svg>\n", f);
}

static void conflict_html(FILE *f, const json_t *c)
{
    const char *type = report_str(c, "type"), *sev = report_str(c, "severity");
    const json_t *claims = json_object_get(c, "claims");
    fputs("<section class=\"conflict\" data-type=\"", f);
    esc(f, type);
    fputs("\" data-severity=\"", f);
    esc(f, sev);
    fputs("\"><h3><span class=\"sev ", f);
    esc(f, sev);
    fputs("\">", f);
    esc(f, sev);
    fputs("</span> ", f);
    esc(f, type);
    fprintf(f, " <small>confidence %.2f &middot; rule <code>",
            json_real_value(json_object_get(c, "confidence")));
    esc(f, report_str(c, "rule"));
    fputs("</code> &middot; <code>", f);
    esc(f, report_str(c, "fingerprint"));
    fputs("</code></small></h3><p>", f);
    esc(f, report_str(c, "explanation"));
    fputs("</p><div class=\"pair\">\n", f);
    side_html(f, type, json_array_get(claims, 0), 'A');
    side_html(f, type, json_array_get(claims, 1), 'B');
    fputs("</div>\n", f);
    if (!strcmp(type, "time"))
        timeline_svg(f, claims);
    fputs("</section>\n", f);
}

static void filters_html(FILE *f, const json_t *summary)
{
    const json_t *types = json_object_get(summary, "by_type");
    const json_t *sev = json_object_get(summary, "by_severity");
    fputs("<form id=\"filters\"><fieldset><legend>type</legend>", f);
    for (size_t t = 0; t < NTYPES; t++)
        fprintf(f, "<label><input type=\"checkbox\" name=\"type\" value=\"%s\" checked> %s "
                   "(%lld)</label> ",
                type_order[t], type_order[t], report_int(types, type_order[t]));
    fputs("</fieldset><fieldset><legend>severity</legend>", f);
    static const char *const sevs[] = {"high", "medium", "low"};
    for (size_t s = 0; s < 3; s++)
        fprintf(f, "<label><input type=\"checkbox\" name=\"severity\" value=\"%s\" checked> %s "
                   "(%lld)</label> ",
                sevs[s], sevs[s], report_int(sev, sevs[s]));
    fputs("</fieldset></form>\n", f);
}

static void sources_html(FILE *f, const json_t *docs)
{
    size_t i;
    json_t *d;
    fputs("<h2>Sources</h2><table><tr><th>document</th><th>outlet</th><th>date</th>"
          "<th>obtained from</th><th>evidence</th></tr>\n",
          f);
    json_array_foreach(docs, i, d) {
        const char *date = report_str(d, "date");
        fputs("<tr><td>", f);
        esc(f, report_str(d, "id"));
        fputs("</td><td>", f);
        esc(f, report_str(d, "outlet"));
        fputs("</td><td>", f);
        esc(f, *date ? date : "unknown");
        fputs("</td><td>", f);
        esc(f, report_str(d, "date_source"));
        fputs("</td><td>", f);
        esc(f, report_str(d, "date_evidence"));
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static const char style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;"
    "color:#222}h1{margin-bottom:.2em}.summary{color:#444}fieldset{display:inline-block;"
    "border:1px solid #ccc;margin:.3em .5em .3em 0}label{margin-right:.6em;white-space:nowrap}"
    ".conflict{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:1em 0}"
    ".conflict h3{margin:.3em 0}.conflict small{font-weight:normal;color:#555}"
    ".pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}.side{background:#f7f7f7;"
    "padding:.5em .8em;border-radius:4px}.src{font-size:.9em}.how,.where{color:#666;"
    "font-size:.85em}blockquote{margin:.4em 0;font-style:italic}mark{background:#ffe08a;"
    "font-style:normal;font-weight:bold}.sev{padding:0 .4em;border-radius:3px;color:#fff}"
    ".sev.high{background:#c0392b}.sev.medium{background:#d68910}.sev.low{background:#2e86c1}"
    "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;"
    "text-align:left;font-size:.9em}.hidden{display:none}footer{color:#777;font-size:.85em;"
    "margin-top:2em}";

/* Shows a conflict only when its type and severity are both ticked. */
static const char script[] =
    "(function(){var form=document.getElementById('filters');"
    "function on(name){var s={};var boxes=form.querySelectorAll('input[name='+name+']');"
    "for(var i=0;i<boxes.length;i++){if(boxes[i].checked){s[boxes[i].value]=1;}}return s;}"
    "function apply(){var t=on('type'),v=on('severity');"
    "var cs=document.querySelectorAll('section.conflict');"
    "for(var i=0;i<cs.length;i++){var c=cs[i];var show=t[c.dataset.type]&&v[c.dataset.severity];"
    "c.classList.toggle('hidden',!show);}}form.addEventListener('change',apply);apply();})();";

int report_write_html(FILE *f, const json_t *report)
{
    const json_t *summary = json_object_get(report, "summary");
    const json_t *sev = json_object_get(summary, "by_severity");
    const json_t *prov = json_object_get(report, "provenance");
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>crosscheck report</title>\n<style>",
          f);
    fputs(style, f);
    fputs("</style></head><body>\n<h1>crosscheck report</h1>\n<p class=\"summary\">", f);
    fprintf(f, "%lld documents, %lld claims (%lld checked), %lld clusters: <b>%lld conflicts</b> "
               "(%lld high, %lld medium, %lld low).</p>\n",
            report_int(summary, "documents"), report_int(summary, "claims"),
            report_int(summary, "checked_claims"), report_int(summary, "clusters"),
            report_int(summary, "conflicts"), report_int(sev, "high"), report_int(sev, "medium"),
            report_int(sev, "low"));
    filters_html(f, summary);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(report, "conflicts"), i, c) conflict_html(f, c);
    if (!json_array_size(json_object_get(report, "conflicts")))
        fputs("<p>No conflicts found.</p>\n", f);
    sources_html(f, json_object_get(report, "documents"));
    fputs("<footer>", f);
    esc(f, report_str(prov, "tool"));
    fputs("; model ", f);
    esc(f, report_str(prov, "model"));
    fputs(" (", f);
    esc(f, report_str(prov, "model_checksum"));
    fputs("); lexicons ", f);
    esc(f, report_str(prov, "lexicon_checksum"));
    fputs("; corpus ", f);
    esc(f, report_str(prov, "corpus_checksum"));
    fputs("</footer>\n<script>", f);
    fputs(script, f);
    fputs("</script>\n</body></html>\n", f);
    return ferror(f) ? -1 : 0;
}
