/*
 * cmd_annotate_pairs.c: `crosscheck annotate pairs`: the labelling loop of DESIGN §7. It runs
 * the check's pipeline on the documents, takes the candidate pairs its blocking proposed,
 * puts the ones the same-fact model is least sure of first (active learning), skips pairs
 * the output file labels already, and asks for one key per pair. Every label is appended
 * at once (cli_append_row: lock, one write, fsync), so quitting or a crash loses at most the
 * pair on screen; undo appends a retraction instead of rewriting the file.
 * Not here: training on the labels (crosscheck train), reviewing conflicts.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "Usage: crosscheck annotate pairs --out FILE [--annotator NAME] [--batch] [--model FILE]\n"
    "                                 PATH...\n"
    "\n"
    "Shows candidate claim pairs of the documents (the check's blocking, scored by the\n"
    "same-fact model), the ones the model is least sure of first, and appends each label to\n"
    "FILE (pairs TSV, see annotations/README.md) at once. Pairs FILE labels already (the two\n"
    "texts in either order, case and spacing ignored) are skipped.\n"
    "\n"
    "Keys: s same, c conflict, d different, u unsure (skip), b back (undo the last label:\n"
    "a 'retract' row is appended), q quit, ? help.\n"
    "\n"
    "  --out FILE        the pairs file to append to (created with its header)\n"
    "  --annotator NAME  written in each row (default: $USER)\n"
    "  --batch           read one key per line from stdin instead of the terminal\n"
    "  --model FILE      the same-fact model (default: same-fact.model in the models dir)\n"
    "\n" CLI_COMMON_HELP;

static const char export_help[] =
    "Usage: crosscheck annotate export [-o FILE] [--skip LABELS.tsv] [--model FILE] PATH...\n"
    "\n"
    "Writes the candidate pairs `annotate pairs` would show, most uncertain first, as a pairs\n"
    "TSV with an empty label column and the model's probability (p_same), for labelling in\n"
    "a spreadsheet; `crosscheck annotate import` appends the filled rows to a pairs file.\n"
    "Pairs LABELS.tsv labels already are left out.\n"
    "\n" CLI_COMMON_HELP;

static const char header[] = "id\tlabel\ttext_a\ttext_b\tsource_a\tsource_b\tdate_a\tdate_b\t"
                             "type\tannotator\tlabeled_at\n";

enum { OPT_OUT = OPT_FIRST_COMMAND_SPECIFIC, OPT_ANNOTATOR, OPT_BATCH, OPT_MODEL, OPT_SKIP };

typedef struct {
    const char *out, *annotator, *model; /* out: the labels file, or for export --skip */
    int batch, export;
} pairs_opts;

typedef struct {
    cc_candidate c;
    const cc_doc *da, *db;
    const cc_claim *a, *b;
    double uncertainty; /* distance of the probability from the threshold */
} cand;

/* One label appended in this session, for undo. */
typedef struct {
    char id[32];
    size_t cand;
} done_label;

static int pairs_option(int opt, const char *arg, void *data)
{
    pairs_opts *o = data;
    switch (opt) {
    case OPT_OUT:
    case OPT_SKIP: o->out = arg; return 1;
    case OPT_ANNOTATOR: o->annotator = arg; return 1;
    case OPT_MODEL: o->model = arg; return 1;
    case OPT_BATCH: o->batch = 1; return 1;
    default: return 0;
    }
}

/* ---- what a pair looks like ------------------------------------------------------------- */

static void doc_date(const cc_doc *d, char out[16])
{
    cc_date dt;
    if (cc_doc_date(d, &dt) == CC_DATE_UNKNOWN || dt.year == 0)
        snprintf(out, 16, "unknown");
    else
        snprintf(out, 16, "%04d-%02d-%02d", dt.year % 10000, dt.month % 100, dt.day % 100);
}

/* The words of a claim's slots (entities, numbers, times, roles) that the other claim's
 * text does not contain: what differs between the two, to highlight. */
static size_t differing(const cc_doc *d, const cc_claim *c, const char *other,
                        cc_span *out, size_t max)
{
    size_t n = 0, len;
    const char *text = cc_doc_text(d, &len);
    cc_span spans[64];
    size_t k = 0;
    for (size_t i = 0; i < c->nentities && k < 64; i++)
        spans[k++] = c->entities[i].span;
    for (size_t i = 0; i < c->nquantities && k < 64; i++)
        spans[k++] = c->quantities[i].span;
    for (size_t i = 0; i < c->ntimes && k < 64; i++)
        spans[k++] = c->times[i].span;
    for (size_t i = 0; i < c->nroles && k < 64; i++)
        spans[k++] = c->roles[i].span;
    for (size_t i = 0; i < k && n < max; i++) {
        if (spans[i].end <= spans[i].start || spans[i].end > len)
            continue;
        char *word = strndup(text + spans[i].start, spans[i].end - spans[i].start);
        if (word && !strcasestr(other, word))
            out[n++] = spans[i];
        free(word);
    }
    return n;
}

/* The claim's text with the differing words in bold red (colour) or listed after it. */
static void show_claim(FILE *f, const char *tag, const cc_doc *d, const cc_claim *c,
                       const char *other, int color)
{
    cc_span diff[32];
    size_t nd = differing(d, c, other, diff, 32), len;
    const char *text = cc_doc_text(d, &len);
    char date[16];
    doc_date(d, date);
    const char *outlet = cc_doc_meta(d, "outlet");
    fprintf(f, "%s  %s (%s), %s\n    ", tag, cc_doc_id(d), outlet ? outlet : "-", date);
    const char *t = c->text;
    for (size_t i = 0; t[i];) {
        size_t hit = 0;
        for (size_t k = 0; k < nd && color && !hit; k++) {
            size_t wl = diff[k].end - diff[k].start;
            if (strncmp(t + i, text + diff[k].start, wl) == 0)
                hit = wl;
        }
        if (hit) {
            fprintf(f, "\033[1;31m%.*s\033[0m", (int)hit, t + i);
            i += hit;
        } else
            fputc(t[i++], f);
    }
    fputc('\n', f);
    const cc_sentence *s = cc_doc_sentence(d, c->sentence);
    if (s && strcmp(s->text, c->text) != 0)
        fprintf(f, "    sentence: %s\n", s->text);
    if (nd && !color) {
        fputs("    differs:", f);
        for (size_t k = 0; k < nd; k++)
            fprintf(f, " [%.*s]", (int)(diff[k].end - diff[k].start), text + diff[k].start);
        fputc('\n', f);
    }
}

static void show_pair(FILE *f, const cand *c, double thr, size_t labelled, size_t remaining,
                      int color)
{
    fprintf(f, "\n%s-- pair: labelled %zu, remaining %zu --%s\n", color ? "\033[1m" : "",
            labelled, remaining, color ? "\033[0m" : "");
    show_claim(f, "A", c->da, c->a, c->b->text, color);
    show_claim(f, "B", c->db, c->b, c->a->text, color);
    fprintf(f, "model: P(same fact) %.3f (threshold %.3f)\n", c->c.prob, thr);
    fputs("[s]ame [c]onflict [d]ifferent [u]nsure [b]ack [q]uit [?]help > ", f);
    fflush(f);
}

/* ---- labels ----------------------------------------------------------------------------- */

/* The conflict type: the one the check reported for these two claims, else the first slot
 * kind whose values differ; "-" for same and different. */
static const char *conflict_type(const cc_check *ck, const cand *c)
{
    for (size_t i = 0; i < cc_check_nconflicts(ck); i++) {
        const cc_conflict *x = cc_check_conflict(ck, i);
        const cc_conflict_side *s = x->sides;
        if ((s[0].doc == c->c.doc_a && s[0].claim == c->c.claim_a && s[1].doc == c->c.doc_b &&
             s[1].claim == c->c.claim_b) ||
            (s[1].doc == c->c.doc_a && s[1].claim == c->c.claim_a && s[0].doc == c->c.doc_b &&
             s[0].claim == c->c.claim_b))
            return cc_conflict_type_name(x->type);
    }
    if (c->a->polarity != c->b->polarity)
        return "polarity";
    if (c->a->nquantities && c->b->nquantities)
        return "number";
    if (c->a->ntimes && c->b->ntimes)
        return "time";
    if (c->a->nroles && c->b->nroles)
        return "role";
    if (c->a->nlists && c->b->nlists)
        return "set";
    if (c->a->attribution != c->b->attribution)
        return "attribution";
    return "scope";
}

/* A pairs TSV row for a candidate; `extra` (or NULL) is one more last column. */
static void build_row(cli_buf *row, const cand *c, const char *id, const char *label,
                      const char *type, const char *annotator, const char *at,
                      const char *extra)
{
    char da[16], db[16];
    doc_date(c->da, da);
    doc_date(c->db, db);
    const char *cols[] = {id, label, c->a->text, c->b->text, cc_doc_id(c->da), cc_doc_id(c->db),
                          da, db, type, annotator, at, extra};
    size_t n = extra ? 12 : 11;
    for (size_t i = 0; i < n; i++)
        cli_tsv_field(row, cols[i], i + 1 == n);
}

static int append_label(const pairs_opts *o, const cand *c, const char *id, const char *label,
                        const char *type)
{
    char now[32];
    cli_iso_now(now);
    cli_buf row = {0};
    build_row(&row, c, id, label, type, o->annotator, now, NULL);
    int rc = row.oom ? -1 : cli_append_row(o->out, header, row.data);
    free(row.data);
    return rc;
}

/* `annotate export`: the candidates, most uncertain first, with an empty label column and
 * the model's probability (p_same) for people who label in a spreadsheet; `annotate import`
 * brings the labels back. */
static int export_rows(FILE *f, const cand *v, size_t n)
{
    cli_buf b = {0};
    cli_buf_append(&b, header, strlen(header) - 1);
    cli_buf_append(&b, "\tp_same\n", 8);
    for (size_t i = 0; i < n; i++) {
        char p[16];
        snprintf(p, sizeof p, "%.3f", v[i].c.prob);
        build_row(&b, &v[i], "", "", "-", "", "", p);
    }
    int rc = b.oom || fwrite(b.data, 1, b.len, f) != b.len ? -1 : 0;
    free(b.data);
    return rc;
}

/* An id unique across files: annotator, pair, time and process hashed. */
static void new_id(char out[32], const pairs_opts *o, const cand *c, unsigned seq)
{
    char buf[512], hex[17];
    int n = snprintf(buf, sizeof buf, "%s\t%zu.%zu\t%zu.%zu\t%ld\t%ld\t%u", o->annotator,
                     c->c.doc_a, c->c.claim_a, c->c.doc_b, c->c.claim_b, (long)time(NULL),
                     (long)getpid(), seq);
    cc_hash_hex(buf, (size_t)n, hex);
    snprintf(out, 32, "a%.12s", hex);
}

/* ---- the loop --------------------------------------------------------------------------- */

static int cand_cmp(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    if (a->uncertainty != b->uncertainty)
        return a->uncertainty < b->uncertainty ? -1 : 1;
    const size_t ka[] = {a->c.doc_a, a->c.claim_a, a->c.doc_b, a->c.claim_b};
    const size_t kb[] = {b->c.doc_a, b->c.claim_a, b->c.doc_b, b->c.claim_b};
    for (int i = 0; i < 4; i++)
        if (ka[i] != kb[i])
            return ka[i] < kb[i] ? -1 : 1;
    return 0;
}

/* The candidates not labelled yet, most uncertain first. */
static cand *candidates(const cc_check *ck, cc_corpus *corpus, double thr, const char *out,
                        size_t *n)
{
    char (*keys)[17];
    size_t nkeys;
    *n = 0;
    if (cli_labelled_keys(&keys, &nkeys, out) < 0)
        return NULL;
    size_t m = cc_check_npairs(ck);
    cand *v = calloc(m ? m : 1, sizeof *v);
    for (size_t i = 0; v && i < m; i++) {
        cand c = {0};
        if (cc_check_candidate(ck, i, &c.c) < 0)
            continue;
        c.da = cc_corpus_doc(corpus, c.c.doc_a);
        c.db = cc_corpus_doc(corpus, c.c.doc_b);
        c.a = cc_doc_claim(c.da, c.c.claim_a);
        c.b = cc_doc_claim(c.db, c.c.claim_b);
        char k[17];
        cli_pair_key(c.a->text, c.b->text, k);
        if (nkeys && bsearch(k, keys, nkeys, sizeof *keys, cli_key_cmp))
            continue;
        c.uncertainty = fabs(c.c.prob - thr);
        v[(*n)++] = c;
    }
    free(keys);
    if (v)
        qsort(v, *n, sizeof *v, cand_cmp);
    return v;
}

static void show_help(FILE *f)
{
    fputs("\n  s  same: the same fact, and every detail both mention agrees\n"
          "  c  conflict: the same fact, a detail differs (type taken from the check)\n"
          "  d  different: not the same fact\n"
          "  u  unsure: skip this pair\n"
          "  b  back: undo the last label (appends a 'retract' row)\n"
          "  q  quit (every label given is saved already)\n", f);
}

static int label_loop(const pairs_opts *o, const cc_check *ck, cand *v, size_t n, double thr)
{
    FILE *f = stdout;
    int color = !o->batch && cli_color_enabled(f);
    done_label *undo = calloc(n ? n : 1, sizeof *undo);
    size_t nundo = 0, i = 0;
    unsigned seq = 0;
    int rc = undo ? 0 : -1;
    while (rc == 0 && i < n) {
        show_pair(f, &v[i], thr, nundo, n - i, color);
        int key = cli_next_key(o->batch, NULL, 0);
        fprintf(f, "%c\n", isprint(key) ? key : '?');
        const char *label = key == 's' ? "same" : key == 'c' ? "conflict" : key == 'd' ? "different" : NULL;
        if (label) {
            done_label *d = &undo[nundo];
            new_id(d->id, o, &v[i], seq++);
            d->cand = i;
            const char *type = key == 'c' ? conflict_type(ck, &v[i]) : "-";
            if ((rc = append_label(o, &v[i], d->id, label, type)) == 0)
                nundo++, i++;
        } else if (key == 'u') {
            i++;
        } else if (key == 'b') {
            if (nundo == 0) {
                fputs("nothing to undo\n", f);
                continue;
            }
            done_label *d = &undo[--nundo];
            if ((rc = append_label(o, &v[d->cand], d->id, CC_LABEL_RETRACT, "-")) == 0)
                i = d->cand;
        } else if (key == 'q') {
            break;
        } else
            show_help(f);
    }
    fprintf(f, "\nlabelled %zu, remaining %zu, in %s\n", nundo, n - i, o->out);
    free(undo);
    return rc;
}

static int run(cli_session *s, const pairs_opts *o)
{
    char *model_path = NULL;
    if (!o->model) {
        const char *dir = cc_context_models_dir(s->ctx);
        if (!(model_path = malloc(strlen(dir) + 32)))
            return EXIT_INTERNAL;
        sprintf(model_path, "%s/same-fact.model", dir);
    }
    cc_pairmodel *m = NULL;
    cc_check *ck = NULL;
    cand *v = NULL;
    size_t n = 0;
    int status = EXIT_OK;
    if (cc_pairmodel_load(&m, s->ctx, o->model ? o->model : model_path) < 0 ||
        cc_check_run(&ck, s->corpus, m, NULL) < 0) {
        cli_error("%s", cc_errmsg());
        status = EXIT_INPUT;
        goto done;
    }
    double thr = cc_pairmodel_threshold(m);
    if ((o->out && cli_repair_file(o->out) < 0) ||
        !(v = candidates(ck, s->corpus, thr, o->out, &n))) {
        status = EXIT_INPUT;
        goto done;
    }
    if (o->export) {
        status = export_rows(s->out.f, v, n) < 0 ? EXIT_INTERNAL : EXIT_OK;
        goto done;
    }
    if (!o->batch && cli_tty_raw(STDIN_FILENO) < 0) {
        cli_error("stdin is not a terminal: use --batch to read keys from stdin");
        status = EXIT_USAGE;
        goto done;
    }
    if (label_loop(o, ck, v, n, thr) < 0)
        status = EXIT_INTERNAL;
    cli_tty_restore();
done:
    free(v);
    cc_check_free(ck);
    cc_pairmodel_free(m);
    free(model_path);
    return status;
}

int cmd_annotate_pairs(int argc, char **argv)
{
    static const struct option label_opts[] = {{"out", 1, NULL, OPT_OUT},
                                               {"annotator", 1, NULL, OPT_ANNOTATOR},
                                               {"batch", 0, NULL, OPT_BATCH},
                                               {"model", 1, NULL, OPT_MODEL},
                                               {NULL, 0, NULL, 0}};
    static const struct option export_opts[] = {{"skip", 1, NULL, OPT_SKIP},
                                                {"model", 1, NULL, OPT_MODEL},
                                                {NULL, 0, NULL, 0}};
    cli_common common = CLI_COMMON_INIT;
    pairs_opts o = {NULL, getenv("USER"), NULL, 0, strcmp(argv[0], "export") == 0};
    const char *cmd = o.export ? "annotate export" : "annotate pairs";
    int rc = cli_parse_options(argc, argv, cmd, o.export ? export_help : help,
                               o.export ? export_opts : label_opts, &common, pairs_option, &o);
    if (rc >= 0)
        return rc;
    if (!o.out && !o.export)
        return cli_usage_error(cmd, "--out FILE is needed");
    if (!o.annotator || !*o.annotator || strpbrk(o.annotator, "\t\n"))
        o.annotator = "anonymous";
    if (optind >= argc)
        return cli_usage_error(cmd, "no PATH given");
    cli_session s;
    if ((rc = cli_session_open(&s, &common, argc - optind, argv + optind)) != 0)
        return rc;
    int status = run(&s, &o);
    if (status != EXIT_OK)
        s.status = status;
    return cli_session_close(&s);
}
