/*
 * cmd_train.c: `crosscheck train`: reads labelled pairs (the project's pairs TSV or MRPC's
 * format), trains a pair model with a cross-validated grid search and writes MODEL,
 * MODEL.meta.json and MODEL.idf atomically. The training itself is in the library.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck train [--task same-fact|paraphrase] [--cv K] [-o MODEL] PAIRS_FILE...\n"
    "\n"
    "Trains the pair model: libsvm C-SVC with an RBF kernel and probability estimates over\n"
    "the pair features; C and gamma are chosen by a grid search scored by K-fold\n"
    "cross-validation. Writes MODEL (libsvm), MODEL.meta.json (feature set, scaling,\n"
    "parameters, seed, checksums, cross-validation figures, threshold) and MODEL.idf.\n"
    "The same data and options give byte-identical files.\n"
    "\n"
    "PAIRS_FILE is a pairs TSV (annotations/pairs/*.tsv: labels same, conflict,\n"
    "different) or an MRPC file (header 'Quality #1 ID #2 ID #1 String #2 String').\n"
    "\n"
    "  --task T        same-fact (default: same and conflict are positive) or paraphrase\n"
    "                  (only same, or MRPC quality 1, is positive)\n"
    "  --cv K          folds of the cross-validation (default 5)\n"
    "  --threads N     threads for the grid search (default 2)\n"
    "  --seed N        seed of the folds and of the probability fit (default 1)\n"
    "  -o, --output MODEL  the model file (default TASK.model)\n"
    "      --models DIR    models and lexicons (default: $CROSSCHECK_MODELS or built in)\n"
    "      --help          this help\n"
    "\n"
    "Examples:\n"
    "  crosscheck train -o models/same-fact.model annotations/pairs/*.tsv\n"
    "  crosscheck train --task paraphrase -o /tmp/mrpc.model msr_paraphrase_train.txt\n";

enum { OPT_TASK = OPT_FIRST_COMMAND_SPECIFIC, OPT_CV, OPT_THREADS, OPT_SEED };

typedef struct {
    cc_train_options train;
    const char *task;
} train_args;

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int train_option(int opt, const char *arg, void *data)
{
    train_args *a = data;
    int v;
    switch (opt) {
    case OPT_TASK: a->task = arg; return 1;
    case OPT_CV:
        if (parse_int(arg, 2, 100, &a->train.cv_folds) == 0)
            return 1;
        cli_error("--cv: '%s' is not a number of folds (2-100)", arg);
        return -1;
    case OPT_THREADS:
        if (parse_int(arg, 1, 16, &a->train.threads) == 0)
            return 1;
        cli_error("--threads: '%s' is not 1-16", arg);
        return -1;
    case OPT_SEED:
        if (parse_int(arg, 0, 2147483647, &v) == 0) {
            a->train.seed = (unsigned)v;
            return 1;
        }
        cli_error("--seed: '%s' is not a non-negative number", arg);
        return -1;
    default: return 0;
    }
}

static int read_pairs(cc_pairset *ps, int n, char **paths, cc_pair_task task)
{
    for (int i = 0; i < n; i++) {
        int rc = cc_pairset_add_file(ps, paths[i], task);
        if (rc < 0) {
            cli_error("%s", cc_errmsg());
            return rc == CC_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
        }
    }
    return EXIT_OK;
}

static int exit_for(int rc)
{
    return rc == CC_EINPUT || rc == CC_EIO || rc == CC_ELIMIT ? EXIT_INPUT
           : rc == CC_EUSAGE                                   ? EXIT_USAGE
                                                               : EXIT_INTERNAL;
}

int cmd_train(int argc, char **argv)
{
    static const struct option extra[] = {{"task", 1, NULL, OPT_TASK},
                                          {"cv", 1, NULL, OPT_CV},
                                          {"threads", 1, NULL, OPT_THREADS},
                                          {"seed", 1, NULL, OPT_SEED},
                                          {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    train_args a = {CC_TRAIN_OPTIONS_INIT, "same-fact"};
    int rc = cli_parse_options(argc, argv, "train", help, extra, &common, train_option, &a);
    if (rc >= 0)
        return rc;
    if (cc_pair_task_parse(&a.train.task, a.task) < 0)
        return cli_usage_error("train", "%s", cc_errmsg());
    if (optind >= argc)
        return cli_usage_error("train", "no PAIRS_FILE given");
    char defpath[64];
    snprintf(defpath, sizeof defpath, "%s.model", cc_pair_task_name(a.train.task));
    const char *out = common.output ? common.output : defpath;

    cc_context *ctx = cli_context(&common);
    if (!ctx)
        return EXIT_INPUT;
    cc_pairset *ps = NULL;
    cc_pairmodel *m = NULL;
    int status = cc_pairset_new(&ps) < 0 ? EXIT_INTERNAL : EXIT_OK;
    if (status == EXIT_OK)
        status = read_pairs(ps, argc - optind, argv + optind, a.train.task);
    if (status == EXIT_OK && (rc = cc_pairmodel_train(&m, ctx, ps, &a.train)) < 0) {
        cli_error("%s", cc_errmsg());
        status = exit_for(rc);
    }
    if (status == EXIT_OK && (rc = cc_pairmodel_save(m, out)) < 0) {
        cli_error("%s", cc_errmsg());
        status = rc == CC_EIO ? EXIT_INTERNAL : exit_for(rc);
    }
    if (status == EXIT_OK) {
        double acc, f1;
        cc_pairmodel_cv(m, &acc, &f1);
        printf("trained %s model on %zu pairs: %d-fold cross-validation accuracy %.1f%%, "
               "F1 %.1f%%\nwrote %s, %s.meta.json, %s.idf\n",
               a.task, cc_pairset_n(ps), a.train.cv_folds, 100 * acc, 100 * f1, out, out, out);
    }
    cc_pairmodel_free(m);
    cc_pairset_free(ps);
    cc_context_free(ctx);
    return status;
}
