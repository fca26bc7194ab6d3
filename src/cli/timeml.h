/*
 * timeml.h: the TimeML (.tml) reader of `eval time`: the raw text of <TEXT>, its gold
 * TIMEX3 spans and the creation time of the header.
 */
#ifndef CC_CLI_TIMEML_H
#define CC_CLI_TIMEML_H

#include "cli.h"

typedef struct {
    size_t start, end; /* byte offsets into tml_doc.text */
    char type[16], value[64];
} tml_timex;

typedef struct {
    cli_buf text; /* the raw TEXT content; text.oom also marks other allocation failures */
    tml_timex *gold;
    size_t ngold, capgold;
    cc_date dct; /* year 0 when the header has no valid creation time */
} tml_doc;

/* Reads a TimeML document from a file, or from memory (`name` in messages). 0, or -1 after
 * cli_error(); d is then empty. Free with tml_doc_free() either way. */
int tml_read_file(tml_doc *d, const char *path);
int tml_read_memory(tml_doc *d, const char *data, size_t len, const char *name);
void tml_doc_free(tml_doc *d);

#endif
