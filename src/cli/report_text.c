/*
 * report_text.c: the report as a terminal summary grouped by conflict type (colour only
 * when asked: the caller checks for a terminal and NO_COLOR), as Markdown and as TSV (one
 * conflict a row). All read the report JSON (report.h) and keep its order.
 */
#include <string.h>

#include "report.h"

static const char *const type_order[] = {"role", "time", "weekday", "number",
                                         "set",  "scope", "polarity", "attribution"};
enum { NTYPES = sizeof type_order / sizeof *type_order };

static const char *sev_color(const char *sev)
{
    if (strcmp(sev, "high") == 0)
        return "\033[1;31m";
    if (strcmp(sev, "medium") == 0)
        return "\033[33m";
    return "\033[36m";
}

static void put_counts(FILE *f, const json_t *summary)
{
    const json_t *sev = json_object_get(summary, "by_severity");
    fprintf(f,
            "crosscheck: %lld documents, %lld claims (%lld checked), %lld clusters, "
            "%lld conflicts (%lld high, %lld medium, %lld low)\n",
            report_int(summary, "documents"), report_int(summary, "claims"),
            report_int(summary, "checked_claims"), report_int(summary, "clusters"),
            report_int(summary, "conflicts"), report_int(sev, "high"), report_int(sev, "medium"),
            report_int(sev, "low"));
}

static void text_side(FILE *f, const json_t *c, char label)
{
    const json_t *span = json_object_get(c, "span");
    const char *outlet = report_str(c, "outlet");
    const char *date = report_str(c, "date");
    fprintf(f, "    %c  %s, %s (%s)  %s:%lld [bytes %lld-%lld]\n", label,
            *outlet ? outlet : report_str(c, "doc"), *date ? date : "date unknown",
            report_str(c, "date_source"), report_str(c, "path"), report_int(c, "line"),
            (long long)json_integer_value(json_array_get(span, 0)),
            (long long)json_integer_value(json_array_get(span, 1)));
    fprintf(f, "       \"%s\"\n       value: %s\n", report_str(c, "text"), report_str(c, "value"));
}

int report_write_text(FILE *f, const json_t *report, int color)
{
    const json_t *conflicts = json_object_get(report, "conflicts");
    put_counts(f, json_object_get(report, "summary"));
    for (size_t t = 0; t < NTYPES; t++) {
        size_t n = 0, i;
        json_t *c;
        json_array_foreach(conflicts, i, c) n += strcmp(report_str(c, "type"), type_order[t]) == 0;
        if (!n)
            continue;
        fprintf(f, "\n%s%s (%zu)%s\n", color ? "\033[1m" : "", type_order[t], n,
                color ? "\033[0m" : "");
        json_array_foreach(conflicts, i, c) {
            if (strcmp(report_str(c, "type"), type_order[t]) != 0)
                continue;
            const char *sev = report_str(c, "severity");
            fprintf(f, "  %s[%s]%s %s  confidence %.2f  rule %s\n", color ? sev_color(sev) : "",
                    sev, color ? "\033[0m" : "", report_str(c, "fingerprint"),
                    json_real_value(json_object_get(c, "confidence")), report_str(c, "rule"));
            fprintf(f, "    %s\n", report_str(c, "explanation"));
            const json_t *claims = json_object_get(c, "claims");
            text_side(f, json_array_get(claims, 0), 'A');
            text_side(f, json_array_get(claims, 1), 'B');
        }
    }
    if (!json_array_size(conflicts))
        fputs("\nNo conflicts found.\n", f);
    return ferror(f) ? -1 : 0;
}

/* ---- Markdown ------------------------------------------------------------------------------- */

/* Text in a Markdown table cell: pipes escaped, no line breaks, no raw HTML. */
static void md_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|' || *s == '\\' || *s == '`' || *s == '*' || *s == '_' || *s == '[' ||
            *s == ']')
            fputc('\\', f), fputc(*s, f);
        else if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else
            fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
}

static void md_side(FILE *f, const json_t *c, char label)
{
    const char *date = report_str(c, "date");
    fprintf(f, "| %c | ", label);
    md_cell(f, *report_str(c, "outlet") ? report_str(c, "outlet") : report_str(c, "doc"));
    fprintf(f, " | %s (%s) | ", *date ? date : "unknown", report_str(c, "date_source"));
    md_cell(f, report_str(c, "text"));
    fputs(" | ", f);
    md_cell(f, report_str(c, "value"));
    fprintf(f, " | %s:%lld |\n", report_str(c, "path"), report_int(c, "line"));
}

static void md_documents(FILE *f, const json_t *docs)
{
    size_t i;
    json_t *d;
    fputs("\n## Sources\n\n| document | outlet | date | date obtained from |\n"
          "| --- | --- | --- | --- |\n",
          f);
    json_array_foreach(docs, i, d) {
        fputs("| ", f);
        md_cell(f, report_str(d, "id"));
        fputs(" | ", f);
        md_cell(f, report_str(d, "outlet"));
        fprintf(f, " | %s | %s |\n", *report_str(d, "date") ? report_str(d, "date") : "unknown",
                report_str(d, "date_source"));
    }
}

int report_write_md(FILE *f, const json_t *report)
{
    const json_t *summary = json_object_get(report, "summary");
    const json_t *conflicts = json_object_get(report, "conflicts");
    const json_t *sev = json_object_get(summary, "by_severity");
    fputs("# crosscheck report\n\n", f);
    fprintf(f, "%lld documents, %lld claims (%lld checked), %lld clusters, **%lld conflicts** "
               "(%lld high, %lld medium, %lld low).\n",
            report_int(summary, "documents"), report_int(summary, "claims"),
            report_int(summary, "checked_claims"), report_int(summary, "clusters"),
            report_int(summary, "conflicts"), report_int(sev, "high"), report_int(sev, "medium"),
            report_int(sev, "low"));
    for (size_t t = 0; t < NTYPES; t++) {
        size_t i, n = 0;
        json_t *c;
        json_array_foreach(conflicts, i, c) n += strcmp(report_str(c, "type"), type_order[t]) == 0;
        if (!n)
            continue;
        fprintf(f, "\n## %s (%zu)\n", type_order[t], n);
        json_array_foreach(conflicts, i, c) {
            if (strcmp(report_str(c, "type"), type_order[t]) != 0)
                continue;
            fprintf(f, "\n### %s `%s`\n\n**%s**, confidence %.2f, rule `%s`. ", type_order[t],
                    report_str(c, "fingerprint"), report_str(c, "severity"),
                    json_real_value(json_object_get(c, "confidence")), report_str(c, "rule"));
            md_cell(f, report_str(c, "explanation"));
            fputs("\n\n| | source | date | claim | value | where |\n"
                  "| --- | --- | --- | --- | --- | --- |\n",
                  f);
            md_side(f, json_array_get(json_object_get(c, "claims"), 0), 'A');
            md_side(f, json_array_get(json_object_get(c, "claims"), 1), 'B');
        }
    }
    md_documents(f, json_object_get(report, "documents"));
    const json_t *prov = json_object_get(report, "provenance");
    fprintf(f, "\n---\n%s; model %s (%s); lexicons %s; corpus %s\n", report_str(prov, "tool"),
            report_str(prov, "model"), report_str(prov, "model_checksum"),
            report_str(prov, "lexicon_checksum"), report_str(prov, "corpus_checksum"));
    return ferror(f) ? -1 : 0;
}

/* ---- TSV ------------------------------------------------------------------------------------- */

static void tsv_field(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

int report_write_tsv(FILE *f, const json_t *report)
{
    size_t i;
    json_t *c;
    fputs("fingerprint\ttype\tseverity\tconfidence\trule\tdoc_a\tstart_a\tend_a\tvalue_a\t"
          "doc_b\tstart_b\tend_b\tvalue_b\texplanation\n",
          f);
    json_array_foreach(json_object_get(report, "conflicts"), i, c) {
        fprintf(f, "%s\t%s\t%s\t%.2f\t%s", report_str(c, "fingerprint"), report_str(c, "type"),
                report_str(c, "severity"), json_real_value(json_object_get(c, "confidence")),
                report_str(c, "rule"));
        for (size_t k = 0; k < 2; k++) {
            const json_t *s = json_array_get(json_object_get(c, "claims"), k);
            const json_t *span = json_object_get(s, "span");
            fprintf(f, "\t%s\t%lld\t%lld\t", report_str(s, "doc"),
                    (long long)json_integer_value(json_array_get(span, 0)),
                    (long long)json_integer_value(json_array_get(span, 1)));
            tsv_field(f, report_str(s, "value"));
        }
        fputc('\t', f);
        tsv_field(f, report_str(c, "explanation"));
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}
