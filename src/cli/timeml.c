/*
 * timeml.c: reads TimeML for `eval time` with libxml2 (no network, no DTD loading): the
 * creation-time TIMEX3 of the header as the DCT, and the content of <TEXT> as raw text with
 * the TIMEX3 inside it as gold spans. It does not score anything (cmd_eval_time.c does).
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timeml.h"

#define TML_PARSE (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

static void copy_attr(xmlNode *n, const char *name, char *out, size_t size)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    snprintf(out, size, "%s", v ? (const char *)v : "");
    xmlFree(v);
}

static void add_gold(tml_doc *d, xmlNode *n, size_t start)
{
    if (d->ngold == d->capgold) {
        size_t cap = d->capgold ? d->capgold * 2 : 32;
        tml_timex *g = realloc(d->gold, cap * sizeof *g);
        if (!g) {
            d->text.oom = 1;
            return;
        }
        d->gold = g;
        d->capgold = cap;
    }
    tml_timex *g = &d->gold[d->ngold++];
    g->start = start;
    g->end = d->text.len;
    copy_attr(n, "type", g->type, sizeof g->type);
    copy_attr(n, "value", g->value, sizeof g->value);
}

/* Concatenates the text of <TEXT>, recording where each TIMEX3 starts and ends. */
static void walk_text(tml_doc *d, xmlNode *n)
{
    for (; n && !d->text.oom; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            cli_buf_append(&d->text, (const char *)n->content, strlen((const char *)n->content));
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        size_t start = d->text.len;
        walk_text(d, n->children);
        if (xmlStrcmp(n->name, (const xmlChar *)"TIMEX3") == 0)
            add_gold(d, n, start);
    }
}

/* The header's creation time, and the <TEXT> element. */
static xmlNode *scan(tml_doc *d, xmlNode *n)
{
    xmlNode *text = NULL;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp(n->name, (const xmlChar *)"TEXT") == 0 && !text) {
            text = n;
            continue;
        }
        if (xmlStrcmp(n->name, (const xmlChar *)"TIMEX3") == 0) {
            char fn[32], value[64];
            copy_attr(n, "functionInDocument", fn, sizeof fn);
            copy_attr(n, "value", value, sizeof value);
            if (strcmp(fn, "CREATION_TIME") == 0 && !d->dct.year) {
                value[strlen(value) > 10 ? 10 : strlen(value)] = '\0';
                (void)cli_parse_date(value, &d->dct);
            }
        }
        xmlNode *t = scan(d, n->children);
        if (t && !text)
            text = t;
    }
    return text;
}

static int read_doc(tml_doc *d, xmlDoc *x, const char *name)
{
    if (!x) {
        cli_error("%s: not a well-formed XML file", name);
        return -1;
    }
    xmlNode *text = scan(d, xmlDocGetRootElement(x));
    if (!text) {
        cli_error("%s: no <TEXT> element", name);
        xmlFreeDoc(x);
        return -1;
    }
    walk_text(d, text->children);
    xmlFreeDoc(x);
    if (d->text.oom) {
        cli_error("out of memory");
        return -1;
    }
    if (!d->text.data)
        cli_buf_append(&d->text, "", 0);
    return 0;
}

int tml_read_file(tml_doc *d, const char *path)
{
    memset(d, 0, sizeof *d);
    return read_doc(d, xmlReadFile(path, NULL, TML_PARSE), path);
}

int tml_read_memory(tml_doc *d, const char *data, size_t len, const char *name)
{
    memset(d, 0, sizeof *d);
    if (len > (size_t)INT32_MAX) {
        cli_error("%s: too large for the XML parser", name);
        return -1;
    }
    return read_doc(d, xmlReadMemory(data, (int)len, name, NULL, TML_PARSE), name);
}

void tml_doc_free(tml_doc *d)
{
    free(d->text.data);
    free(d->gold);
    memset(d, 0, sizeof *d);
}
