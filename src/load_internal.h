/*
 * load_internal.h: what the modules of the load stage share (load.c: files and documents;
 * normalize.c: UTF-8 and NFC with the offset map; meta.c: metadata, manifest.tsv, dates;
 * boilerplate.c: rules from models/boilerplate.rules, datelines, the derived title).
 * Internal to the library.
 */
#ifndef CC_LOAD_INTERNAL_H
#define CC_LOAD_INTERNAL_H

#include <pcre2.h>

#include "internal.h"

/* What a boilerplate rule does with a match (models/boilerplate.rules, second column). */
typedef enum {
    CC_BP_LINE,       /* the whole line is removed when the pattern matches it */
    CC_BP_BLOCK,      /* a header line and the list items after it are removed */
    CC_BP_INLINE,     /* the matched text is removed, the rest of the line stays */
    CC_BP_CAPTION,    /* a photo caption: the whole line is removed, rule "caption" */
    CC_BP_LIST_ITEM,  /* what a list item looks like (for block rules) */
    CC_BP_TITLE_DATE, /* a date glued to the first line; group 1 is the date */
    CC_BP_DATELINE    /* "CITY, Country -" at the start of a paragraph; group 1 the place */
} cc_bp_scope;

enum { CC_BP_MAX_NEEDS = 4, CC_BP_NEED_LEN = 24 };

typedef struct {
    char *name;
    cc_bp_scope scope;
    pcre2_code *re;
    /* Option needs=A|B: the regex is only tried on text containing one of these literals
     * (ASCII case folded when the rule is caseless; "nonascii" means any byte >= 0x80).
     * Most lines match no rule, and a memchr is far cheaper than a regex that has to read
     * the whole line to fail. */
    char needs[CC_BP_MAX_NEEDS][CC_BP_NEED_LEN];
    size_t needs_len[CC_BP_MAX_NEEDS]; /* 0 for "nonascii" */
    int nneeds, caseless;
} cc_bp_rule;

struct cc_load_rules {
    cc_bp_rule *rules;
    size_t nrules;
    pcre2_match_context *mctx; /* match limits for untrusted text */
    char **meta_keys;          /* models/metadata.keys: keys that start a header block */
    size_t nmeta_keys;
};

/* One row of a manifest.tsv: metadata for one file. */
typedef struct {
    char *file; /* relative to the manifest's directory */
    cc_vec meta; /* cc_meta, line = the manifest line */
    char *manifest_path;
    long line;
} cc_manifest_entry;

typedef struct {
    char *dir;
    char *path;
    cc_vec entries; /* cc_manifest_entry, sorted by file */
} cc_manifest;

/* The state of loading one document, passed between the load modules. */
typedef struct {
    const struct cc_context *ctx;
    struct cc_doc *doc;
    const cc_manifest_entry *manifest; /* or NULL */
    pcre2_match_data *md;
    size_t body; /* text offset where the body starts (after the metadata block) */
    int limit_warned; /* a pcre2 match or depth limit was hit (warned once per document) */
} cc_loadjob;

/* normalize.c: fills doc->text and doc->anchors from doc->raw. Returns the number of invalid
 * UTF-8 sequences (reported as warnings, or errors in strict mode), or CC_ENOMEM. */
long cc_normalize(struct cc_doc *doc, const struct cc_context *ctx);

/* meta.c */
int cc_meta_parse(cc_loadjob *job);
/* Sets the date from a metadata value; warns (file:line) when it is not a real day. */
int cc_meta_date(cc_loadjob *job, const char *value, const char *evidence_fmt_where,
                 const char *diag_path, long diag_line);
int cc_manifest_read(cc_manifest **out, const struct cc_context *ctx, const char *dir,
                     const char *path);
const cc_manifest_entry *cc_manifest_find(const cc_manifest *m, const char *file);
void cc_manifest_free(cc_manifest *m);
int cc_meta_apply_manifest(cc_loadjob *job);

/* boilerplate.c */
int cc_boilerplate_load(struct cc_context *ctx, struct cc_load_rules *rules);
void cc_boilerplate_free(struct cc_load_rules *rules);
/* First rule of a scope, or NULL. */
const cc_bp_rule *cc_bp_first(const struct cc_load_rules *rules, cc_bp_scope scope);
/* Runs rule `r` on the line text[start, end) from text offset `from`; 1 and the text span of
 * capture group `group` on a match, 0 when none. */
int cc_bp_match(cc_loadjob *job, const cc_bp_rule *r, size_t start, size_t end,
                size_t from, int group, size_t *ms, size_t *me);
int cc_boilerplate_apply(cc_loadjob *job);

/* load.c: appends a removal (ignored when it overlaps the previous one). */
int cc_removal_add(cc_loadjob *job, size_t start, size_t end, const char *rule);
/* 1-based line in the original file of a text offset (scans the raw bytes: use near the top
 * or sparingly). */
long cc_doc_text_line(const struct cc_doc *doc, size_t text_offset);

#endif
