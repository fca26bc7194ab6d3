/*
 * cmd_eval.c: `crosscheck eval WHAT ...`: dispatches to the evaluation of one stage
 * (`time`: the TIMEX3 tagger on TimeML; `pairs`: a pair model on labelled pairs).
 */
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck eval time [--format text|json] [--errors] TIMEML_DIR\n"
    "       crosscheck eval pairs [--format text|json] [--model MODEL] PAIRS_FILE\n"
    "\n"
    "Scores a stage against gold annotations. Run 'crosscheck eval time --help' or\n"
    "'crosscheck eval pairs --help'.\n";

int cmd_eval(int argc, char **argv)
{
    if (argc < 2) {
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "time") == 0)
        return cmd_eval_time(argc - 1, argv + 1);
    if (strcmp(argv[1], "pairs") == 0)
        return cmd_eval_pairs(argc - 1, argv + 1);
    return cli_usage_error("eval", "'%s' is not something to evaluate (time, pairs)", argv[1]);
}
