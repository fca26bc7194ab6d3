/*
 * main.c: the crosscheck program: a table of subcommands, each in its own cmd_*.c file.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"annotate", "annotation files: lint pairs and verdicts, agreement of two annotators", cmd_annotate},
    {"check", "report where the sources disagree: typed conflicts with the evidence", cmd_check},
    {"claims", "extract claims from documents, one JSON object per line", cmd_claims},
    {"docs", "show how documents were loaded: metadata, date, removed boilerplate", cmd_docs},
    {"eval", "score a stage against gold data (eval time, eval pairs)", cmd_eval},
    {"gate", "the CI gate: fail on new conflicts not in the baseline or reviewed", cmd_gate},
    {"time", "tag and normalize time expressions (TIMEX3) in a text", cmd_time},
    {"train", "train the pair model on labelled pairs (cross-validated grid search)", cmd_train},
};

static void usage(FILE *f)
{
    fputs("Usage: crosscheck COMMAND [OPTIONS] [PATH...]\n"
          "\n"
          "crosscheck reads several news articles about the same events and reports where\n"
          "they disagree, with the evidence.\n"
          "\n"
          "Commands:\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "PATH is a file, a directory (every .txt and .md below it, in sorted order) or '-'\n"
          "for standard input.\n"
          "\n"
          "Examples:\n"
          "  crosscheck check annotations/corpus\n"
          "  crosscheck check --format html -o report.html annotations/corpus\n"
          "  crosscheck claims annotations/corpus\n"
          "  crosscheck docs --format json article.md\n"
          "  crosscheck time --dct 2025-11-20 'The mill shut a year ago, on a Friday.'\n"
          "  crosscheck eval time --format json data/tempeval3/platinum\n"
          "\n"
          "Exit status: 0 success, 1 the gate found new unreviewed conflicts, 2 usage error,\n"
          "3 input error (file and position in the message), 4 internal error.\n"
          "Run 'crosscheck COMMAND --help' for a command's options.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("crosscheck %s\n", CROSSCHECK_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "crosscheck: '%s' is not a command.\n\n", name);
    usage(stderr);
    return EXIT_USAGE;
}
