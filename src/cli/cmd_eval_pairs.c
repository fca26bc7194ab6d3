/*
 * cmd_eval_pairs.c: `crosscheck eval pairs`: predicts every labelled pair of a file with a
 * pair model and prints accuracy, precision, recall and F1 of the positive class and the
 * confusion matrix (DESIGN §5). The `eval` dispatcher calls cmd_eval_pairs with
 * argv[0] = "pairs".
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck eval pairs [--format text|json] [--model MODEL] PAIRS_FILE\n"
    "\n"
    "Evaluates a pair model on labelled pairs (a pairs TSV or an MRPC file): accuracy,\n"
    "precision, recall and F1 of the positive class (same fact, or paraphrase for a\n"
    "paraphrase model) and the confusion matrix. A pair is predicted positive when the\n"
    "model's probability reaches the threshold stored with the model.\n"
    "\n"
    "  --format F      text (default) or json (keys n, accuracy, precision, recall, f1,\n"
    "                  tp, fp, tn, fn, task, threshold)\n"
    "  --model MODEL   the model (default: same-fact.model in the models directory)\n"
    "      --models DIR    models and lexicons (default: $CROSSCHECK_MODELS or built in)\n"
    "      --help          this help\n"
    "\n"
    "Examples:\n"
    "  crosscheck eval pairs annotations/pairs/news-mix.tsv\n"
    "  crosscheck eval pairs --format json --model /tmp/mrpc.model msr_paraphrase_test.txt\n";

enum { OPT_MODEL = OPT_FIRST_COMMAND_SPECIFIC };

typedef struct {
    const char *format, *model;
} eval_args;

typedef struct {
    size_t tp, fp, tn, fn;
} counts;

static int eval_option(int opt, const char *arg, void *data)
{
    eval_args *a = data;
    if (opt == OPT_FORMAT)
        a->format = arg;
    else if (opt == OPT_MODEL)
        a->model = arg;
    else
        return 0;
    return 1;
}

static double div0(double a, double b) { return b > 0 ? a / b : 0.0; }

static void print_text(const counts *c, const cc_pairmodel *m)
{
    size_t n = c->tp + c->fp + c->tn + c->fn;
    double p = div0((double)c->tp, (double)(c->tp + c->fp));
    double r = div0((double)c->tp, (double)(c->tp + c->fn));
    printf("pairs      %zu (%s model, threshold %.3f)\n", n,
           cc_pair_task_name(cc_pairmodel_task(m)), cc_pairmodel_threshold(m));
    printf("accuracy   %.2f%%\n", 100 * div0((double)(c->tp + c->tn), (double)n));
    printf("precision  %.2f%%\nrecall     %.2f%%\nF1         %.2f%%\n", 100 * p, 100 * r,
           100 * div0(2 * p * r, p + r));
    printf("\nconfusion      predicted+  predicted-\n");
    printf("gold +         %10zu  %10zu\n", c->tp, c->fn);
    printf("gold -         %10zu  %10zu\n", c->fp, c->tn);
}

static int print_json(const counts *c, const cc_pairmodel *m)
{
    size_t n = c->tp + c->fp + c->tn + c->fn;
    double p = div0((double)c->tp, (double)(c->tp + c->fp));
    double r = div0((double)c->tp, (double)(c->tp + c->fn));
    json_t *o = json_pack("{s:I, s:f, s:f, s:f, s:f, s:I, s:I, s:I, s:I, s:s, s:f}", "n",
                          (json_int_t)n, "accuracy", div0((double)(c->tp + c->tn), (double)n),
                          "precision", p, "recall", r, "f1", div0(2 * p * r, p + r), "tp",
                          (json_int_t)c->tp, "fp", (json_int_t)c->fp, "tn", (json_int_t)c->tn,
                          "fn", (json_int_t)c->fn, "task",
                          cc_pair_task_name(cc_pairmodel_task(m)), "threshold",
                          cc_pairmodel_threshold(m));
    int rc = o ? cli_json_line(stdout, o) : -1;
    json_decref(o);
    return rc;
}

static int evaluate(const cc_pairmodel *m, const cc_pairset *ps, counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < cc_pairset_n(ps); i++) {
        const cc_pair *p = cc_pairset_at(ps, i);
        double prob;
        int rc = cc_pairmodel_predict(m, p->text_a, p->text_b, &prob);
        if (rc < 0) {
            cli_error("%s:%ld: %s", p->path, p->line, cc_errmsg());
            return rc == CC_ENOMEM || rc == CC_EINTERNAL ? EXIT_INTERNAL : EXIT_INPUT;
        }
        int pred = prob >= cc_pairmodel_threshold(m);
        c->tp += pred && p->label;
        c->fp += pred && !p->label;
        c->tn += !pred && !p->label;
        c->fn += !pred && p->label;
    }
    return EXIT_OK;
}

static int run(cc_context *ctx, const eval_args *a, const char *pairs_path)
{
    char *model_path = NULL;
    if (!a->model) {
        const char *dir = cc_context_models_dir(ctx);
        size_t n = strlen(dir) + 32;
        if ((model_path = malloc(n)))
            snprintf(model_path, n, "%s/same-fact.model", dir);
    }
    cc_pairmodel *m = NULL;
    cc_pairset *ps = NULL;
    counts c;
    int status = EXIT_OK, rc;
    if ((rc = cc_pairmodel_load(&m, ctx, a->model ? a->model : model_path)) < 0 ||
        (rc = cc_pairset_new(&ps)) < 0 ||
        (rc = cc_pairset_add_file(ps, pairs_path, cc_pairmodel_task(m))) < 0) {
        cli_error("%s", cc_errmsg());
        status = rc == CC_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
    }
    if (status == EXIT_OK)
        status = evaluate(m, ps, &c);
    if (status == EXIT_OK && strcmp(a->format, "json") == 0 && print_json(&c, m) < 0)
        status = EXIT_INTERNAL;
    else if (status == EXIT_OK && strcmp(a->format, "text") == 0)
        print_text(&c, m);
    cc_pairset_free(ps);
    cc_pairmodel_free(m);
    free(model_path);
    return status;
}

int cmd_eval_pairs(int argc, char **argv)
{
    static const struct option extra[] = {{"format", 1, NULL, OPT_FORMAT},
                                          {"model", 1, NULL, OPT_MODEL},
                                          {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    eval_args a = {"text", NULL};
    int rc = cli_parse_options(argc, argv, "eval pairs", help, extra, &common, eval_option, &a);
    if (rc >= 0)
        return rc;
    if (strcmp(a.format, "text") != 0 && strcmp(a.format, "json") != 0)
        return cli_usage_error("eval pairs", "--format must be text or json, not '%s'", a.format);
    if (optind != argc - 1)
        return cli_usage_error("eval pairs", "give exactly one PAIRS_FILE");
    cc_context *ctx = cli_context(&common);
    if (!ctx)
        return EXIT_INPUT;
    int status = run(ctx, &a, argv[optind]);
    cc_context_free(ctx);
    return status;
}
