/*
 * gen.h: a deterministic generator of news-like English text for benchmarks: sentences
 * built from the project's own word lists with abbreviations, numbers, quotes, accented
 * names and typographic punctuation, so that every stage does realistic work.
 */
#ifndef CC_BENCH_GEN_H
#define CC_BENCH_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    uint64_t s;
} gen_rng;

static inline uint32_t gen_next(gen_rng *r)
{
    /* xorshift64*: fast, deterministic for a seed */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return (uint32_t)((r->s * 0x2545F4914F6CDD1DULL) >> 32);
}

#define GEN_PICK(r, arr) (arr[gen_next(r) % (sizeof arr / sizeof arr[0])])

static const char *gen_subjects[] = {
    "The ministry", "Officials in the capital", "The regional bloc", "Maj. Gen. Adama K. Sorel",
    "Dr. Lucie Ouédraogo", "The U.S. embassy", "A spokesperson for the council",
    "Sen. Harold P. Vance", "The transitional government", "Local traders", "The U.N. mission",
    "Aid groups", "The central bank", "President Mirela Dascu", "Former minister Ibrahim Sy"};
static const char *gen_verbs[] = {
    "announced", "confirmed", "denied", "suspended", "approved", "rejected", "reported",
    "postponed", "expanded", "criticized", "welcomed", "restricted"};
static const char *gen_objects[] = {
    "new visa rules for foreign nationals", "a ban on fuel imports",
    "the reopening of the northern border", "talks with neighbouring states",
    "an increase in the security budget", "the expulsion of two diplomats",
    "a curfew in the eastern districts", "the release of 14 detainees",
    "a plan to rebuild 120 schools", "tariffs of 3.5 percent on cereals",
    "emergency aid worth $1.2 billion", "the closure of three mining sites"};
static const char *gen_times[] = {
    "on Friday", "last month", "on Oct. 21", "in 2022", "a year ago", "earlier this week",
    "on January 1, 2026", "two months ago", "late on Tuesday", "in recent years"};
static const char *gen_tails[] = {
    ".", ", according to state media.", ", officials said.", " after weeks of talks.",
    ", the agency reported on its website.", ", a move critics called “reckless.”",
    " — a decision that surprised observers.", " in Bamako and Ouagadougou."};

/* Appends one paragraph of 2-5 sentences to f; returns the bytes written. */
static inline size_t gen_paragraph(gen_rng *r, FILE *f)
{
    size_t n = 0;
    int k = 2 + (int)(gen_next(r) % 4);
    for (int i = 0; i < k; i++) {
        int w = fprintf(f, "%s%s %s %s%s", i ? " " : "", GEN_PICK(r, gen_subjects),
                        GEN_PICK(r, gen_verbs), GEN_PICK(r, gen_objects), GEN_PICK(r, gen_times));
        const char *tail = GEN_PICK(r, gen_tails);
        w += fprintf(f, "%s", tail);
        n += (size_t)w;
    }
    fputc('\n', f);
    return n + 1;
}

/* Writes one article of about `bytes` bytes (front matter, title, paragraphs). */
static inline size_t gen_article(gen_rng *r, FILE *f, size_t bytes, int index)
{
    size_t n = (size_t)fprintf(f, "---\ndate: 2025-%02d-%02d\noutlet: Bench Wire %d\n---\n",
                               1 + index % 12, 1 + index % 28, index % 7);
    n += (size_t)fprintf(f, "Officials %s %s\n\n", GEN_PICK(r, gen_verbs), GEN_PICK(r, gen_objects));
    while (n < bytes)
        n += gen_paragraph(r, f);
    return n;
}

/* Seconds on the monotonic clock. */
static inline double gen_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds of CPU time of the process (all threads): a per-core rate that other load on a
 * shared machine disturbs far less than wall time does. */
static inline double gen_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* About `total` bytes of articles of `kb` KB each, generated in memory (not measured). */
typedef struct {
    char **texts;
    size_t *lens;
    size_t n, bytes;
} gen_corpus;

static inline gen_corpus gen_corpus_make(size_t total, size_t kb)
{
    gen_rng r = {0x9E3779B97F4A7C15ULL};
    gen_corpus c = {NULL, NULL, total / (kb * 1024) + 1, 0};
    c.texts = calloc(c.n, sizeof *c.texts);
    c.lens = calloc(c.n, sizeof *c.lens);
    for (size_t i = 0; c.texts && c.lens && i < c.n; i++) {
        FILE *f = open_memstream(&c.texts[i], &c.lens[i]);
        if (!f)
            break;
        gen_article(&r, f, kb * 1024, (int)i);
        fclose(f);
        c.bytes += c.lens[i];
    }
    return c;
}

static inline void gen_corpus_free(gen_corpus *c)
{
    for (size_t i = 0; c->texts && i < c->n; i++)
        free(c->texts[i]);
    free(c->texts);
    free(c->lens);
}

#endif
