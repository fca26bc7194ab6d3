/*
 * report_gate.c: the gate's result (cmd_gate.c) as text for people, JUnit XML and SARIF
 * 2.1.0 for CI systems that show test results or code-scanning alerts, and GitHub workflow
 * commands (annotations on the corpus files). All read the one gate JSON and keep its order;
 * none decides anything.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char *const lists[] = {"new", "known", "dismissed", "resolved"};
enum { NLISTS = sizeof lists / sizeof *lists };

static size_t count(const json_t *g, const char *list)
{
    return json_array_size(json_object_get(g, list));
}

static const json_t *side(const json_t *c, size_t k)
{
    return json_array_get(json_object_get(c, "claims"), k);
}

/* ---- text ------------------------------------------------------------------------------------ */

static void text_conflict(FILE *f, const char *list, const json_t *c)
{
    const char *expl = report_str(c, "explanation");
    fprintf(f, "  %s [%s] %s %s: %s\n", list, report_str(c, "severity"), report_str(c, "type"),
            report_str(c, "fingerprint"), *expl ? expl : "(no longer found)");
    for (size_t k = 0; k < 2; k++) {
        const json_t *s = side(c, k);
        fprintf(f, "    %c %s:%lld \"%s\"\n", k ? 'B' : 'A', report_str(s, "path"),
                report_int(s, "line"), report_str(s, "text"));
    }
}

int gate_write_text(FILE *f, const json_t *g)
{
    fprintf(f, "crosscheck gate: %zu new, %zu known, %zu dismissed, %zu resolved "
            "(severity %s and above)\n", count(g, "new"), count(g, "known"),
            count(g, "dismissed"), count(g, "resolved"), report_str(g, "min_severity"));
    for (size_t l = 0; l < NLISTS; l++) {
        size_t i;
        json_t *c;
        if (count(g, lists[l]))
            fputc('\n', f);
        json_array_foreach(json_object_get(g, lists[l]), i, c) text_conflict(f, lists[l], c);
    }
    fputs(count(g, "new") ? "\nFAIL: new conflicts (review them: confirm or dismiss in the "
                            "verdicts, or update the baseline)\n"
                          : "\nOK: no new conflicts\n",
          f);
    return ferror(f) ? -1 : 0;
}

/* ---- JUnit XML -------------------------------------------------------------------------------- */

/* Text in XML: markup characters escaped, control characters XML 1.0 forbids dropped. */
static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '&')
            fputs("&amp;", f);
        else if (ch == '<')
            fputs("&lt;", f);
        else if (ch == '>')
            fputs("&gt;", f);
        else if (ch == '"')
            fputs("&quot;", f);
        else if (ch == '\'')
            fputs("&apos;", f);
        else if (ch >= 0x20 || ch == '\t' || ch == '\n')
            fputc(ch, f);
    }
}

static void junit_evidence(FILE *f, const json_t *c)
{
    xml_text(f, report_str(c, "explanation"));
    for (size_t k = 0; k < 2; k++) {
        const json_t *s = side(c, k);
        fprintf(f, "\n%c ", k ? 'B' : 'A');
        xml_text(f, report_str(s, "path"));
        fprintf(f, ":%lld \"", report_int(s, "line"));
        xml_text(f, report_str(s, "text"));
        fputc('"', f);
    }
}

static void junit_case(FILE *f, const char *list, const json_t *c)
{
    fputs("    <testcase classname=\"crosscheck.", f);
    xml_text(f, report_str(c, "type"));
    fputs("\" name=\"", f);
    xml_text(f, report_str(c, "fingerprint"));
    fprintf(f, " [%s] %s\">\n", list, report_str(c, "severity"));
    if (strcmp(list, "new") == 0) {
        fputs("      <failure type=\"", f);
        xml_text(f, report_str(c, "type"));
        fputs("\" message=\"new conflict: ", f);
        xml_text(f, report_str(c, "explanation"));
        fputs("\">", f);
        junit_evidence(f, c);
        fputs("</failure>\n", f);
    } else if (strcmp(list, "dismissed") == 0) {
        fputs("      <skipped message=\"dismissed by a reviewer\"/>\n", f);
    } else {
        fprintf(f, "      <system-out>%s: ", list);
        junit_evidence(f, c);
        fputs("</system-out>\n", f);
    }
    fputs("    </testcase>\n", f);
}

int gate_write_junit(FILE *f, const json_t *g)
{
    size_t total = 0;
    for (size_t l = 0; l < NLISTS; l++)
        total += count(g, lists[l]);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f, "<testsuites name=\"crosscheck gate\" tests=\"%zu\" failures=\"%zu\">\n", total,
            count(g, "new"));
    fprintf(f, "  <testsuite name=\"crosscheck gate\" tests=\"%zu\" failures=\"%zu\" "
            "errors=\"0\" skipped=\"%zu\">\n", total, count(g, "new"), count(g, "dismissed"));
    for (size_t l = 0; l < NLISTS; l++) {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(g, lists[l]), i, c) junit_case(f, lists[l], c);
    }
    fputs("  </testsuite>\n</testsuites>\n", f);
    return ferror(f) ? -1 : 0;
}

/* ---- SARIF 2.1.0 ------------------------------------------------------------------------------ */

static json_t *sarif_rules(void)
{
    json_t *rules = json_array();
    for (int t = 0; t < CC_CONFLICT_NTYPES; t++) {
        char text[96];
        snprintf(text, sizeof text, "Sources disagree: %s conflict", cc_conflict_type_name(t));
        json_array_append_new(rules, json_pack("{s:s, s:s, s:{s:s}}", "id",
                                               cc_conflict_type_name(t), "name",
                                               cc_conflict_type_name(t), "shortDescription",
                                               "text", text));
    }
    return rules;
}

/* A path as a relative URI reference: bytes other than unreserved characters and '/'
 * percent-encoded (spaces and non-ASCII names are common in corpora). */
static json_t *uri_json(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    cli_buf b = {NULL, 0, 0, 0};
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p < 0x80 && isalnum(*p)) || strchr("-._~/", *p)) {
            cli_buf_append(&b, (const char *)p, 1);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            cli_buf_append(&b, esc, 3);
        }
    }
    json_t *j = json_string(b.data && !b.oom ? b.data : "");
    free(b.data);
    return j;
}

static json_t *sarif_location(const json_t *s)
{
    long long line = report_int(s, "line");
    return json_pack("{s:{s:{s:o}, s:{s:I}}}", "physicalLocation", "artifactLocation", "uri",
                     uri_json(report_str(s, "path")), "region", "startLine",
                     (json_int_t)(line > 0 ? line : 1));
}

static int rule_index(const char *type)
{
    for (int t = 0; t < CC_CONFLICT_NTYPES; t++)
        if (strcmp(cc_conflict_type_name(t), type) == 0)
            return t;
    return 0;
}

static json_t *sarif_result(const char *list, const json_t *c)
{
    int is_new = strcmp(list, "new") == 0;
    json_t *locs = json_array();
    for (size_t k = 0; k < 2; k++)
        json_array_append_new(locs, sarif_location(side(c, k)));
    json_t *r = json_pack("{s:s, s:i, s:s, s:{s:s}, s:o, s:{s:s}, s:s}", "ruleId",
                          report_str(c, "type"), "ruleIndex", rule_index(report_str(c, "type")),
                          "level", is_new ? "error" : "note", "message", "text",
                          report_str(c, "explanation"), "locations", locs,
                          "partialFingerprints", "crosscheck/v1", report_str(c, "fingerprint"),
                          "baselineState", is_new ? "new" : "unchanged");
    if (r && strcmp(list, "dismissed") == 0)
        json_object_set_new(r, "suppressions",
                            json_pack("[{s:s, s:s}]", "kind", "external", "justification",
                                      "dismissed by a reviewer"));
    return r;
}

int gate_write_sarif(FILE *f, const json_t *g)
{
    json_t *results = json_array();
    for (size_t l = 0; l < NLISTS - 1; l++) { /* resolved conflicts have no location now */
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(g, lists[l]), i, c)
            json_array_append_new(results, sarif_result(lists[l], c));
    }
    json_t *doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}", "$schema",
                            "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                            "runs", "tool", "driver", "name", "crosscheck", "version",
                            CROSSCHECK_VERSION, "rules", sarif_rules(), "results", results);
    if (!doc)
        return -1;
    int rc = json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(doc);
    return rc < 0 || ferror(f) ? -1 : 0;
}

/* ---- GitHub workflow commands ----------------------------------------------------------------- */

/* Workflow command data: %, CR and LF encoded; in properties also ':' and ','. */
static void gh_escape(FILE *f, const char *s, int property)
{
    for (; *s; s++) {
        if (*s == '%')
            fputs("%25", f);
        else if (*s == '\r')
            fputs("%0D", f);
        else if (*s == '\n')
            fputs("%0A", f);
        else if (property && *s == ':')
            fputs("%3A", f);
        else if (property && *s == ',')
            fputs("%2C", f);
        else
            fputc(*s, f);
    }
}

static void gh_command(FILE *f, const char *cmd, const char *list, const json_t *c)
{
    const json_t *a = side(c, 0), *b = side(c, 1);
    fprintf(f, "::%s file=", cmd);
    gh_escape(f, report_str(a, "path"), 1);
    fprintf(f, ",line=%lld,title=", report_int(a, "line"));
    gh_escape(f, "crosscheck ", 1);
    gh_escape(f, list, 1);
    fputc(' ', f);
    gh_escape(f, report_str(c, "type"), 1);
    fputs("::", f);
    gh_escape(f, report_str(c, "explanation"), 0);
    fprintf(f, " (fingerprint %s; other claim: ", report_str(c, "fingerprint"));
    gh_escape(f, report_str(b, "path"), 0);
    fprintf(f, ":%lld)\n", report_int(b, "line"));
}

int gate_write_github(FILE *f, const json_t *g)
{
    for (size_t l = 0; l < NLISTS - 1; l++) {
        size_t i;
        json_t *c;
        const char *cmd = l == 0 ? "error" : "notice";
        json_array_foreach(json_object_get(g, lists[l]), i, c) gh_command(f, cmd, lists[l], c);
    }
    fprintf(f, "::notice::crosscheck gate: %zu new, %zu known, %zu dismissed, %zu resolved\n",
            count(g, "new"), count(g, "known"), count(g, "dismissed"), count(g, "resolved"));
    return ferror(f) ? -1 : 0;
}
