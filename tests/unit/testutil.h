/*
 * testutil.h: helpers for the Check unit tests: the shared folder (skip when absent), a
 * context with the project's models, and a corpus from a string.
 */
#ifndef CC_TESTUTIL_H
#define CC_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crosscheck.h"

#define CC_SKIP 77

/* $CROSSCHECK_SHARED (ctest sets it), else ../shared; NULL when the folder is absent. */
static inline const char *tu_shared_dir(void)
{
    const char *d = getenv("CROSSCHECK_SHARED");
    if (!d || !*d)
        d = "../shared";
    FILE *f;
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/README.md", d);
    if (!(f = fopen(probe, "r")))
        return NULL;
    fclose(f);
    return d;
}

/* Collected diagnostics, for assertions on warnings. */
typedef struct {
    char text[8192];
    int warnings, errors, notes;
} tu_diags;

static inline void tu_diag_collect(const cc_diag *d, void *userdata)
{
    tu_diags *t = userdata;
    char line[1024];
    cc_diag_format(d, line, sizeof line);
    size_t len = strlen(t->text);
    snprintf(t->text + len, sizeof t->text - len, "%s\n", line);
    if (d->level == CC_DIAG_ERROR)
        t->errors++;
    else if (d->level == CC_DIAG_WARNING)
        t->warnings++;
    else
        t->notes++;
}

static inline cc_context *tu_context(tu_diags *diags, int strict)
{
    cc_options o = CC_OPTIONS_INIT;
    o.strict = strict;
    if (diags) {
        memset(diags, 0, sizeof *diags);
        o.diag = tu_diag_collect;
        o.diag_data = diags;
    }
    cc_context *ctx = NULL;
    int rc = cc_context_new(&ctx, &o);
    ck_assert_msg(rc == 0, "cc_context_new: %s", cc_errmsg());
    return ctx;
}

/* The shipped same-fact model of the context's models directory. */
static inline cc_pairmodel *tu_model(cc_context *ctx)
{
    char path[4096];
    cc_pairmodel *m = NULL;
    snprintf(path, sizeof path, "%s/same-fact.model", cc_context_models_dir(ctx));
    ck_assert_msg(cc_pairmodel_load(&m, ctx, path) == 0, "%s", cc_errmsg());
    return m;
}

/* Removes a test's temporary folder and everything in it; 0 or -1. */
static inline int tu_rmdir(const char *dir)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", dir, dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Runs a suite; returns the process exit status. */
static inline int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
