/*
 * annot_append.c: appending one labelled row to an annotation file without ever losing or
 * mixing labels (DESIGN §7). The file is opened O_APPEND and locked (flock) around each
 * append, so two annotators writing one file never interleave; the row goes out with one
 * write() and is fsynced before the caller shows the next pair. A file cut off in the
 * middle of a line (a crash while writing) is repaired first: truncated to its last newline,
 * with a warning naming the file and the bytes dropped. Also the content key of a pair, by
 * which the annotation commands skip pairs a file labels already. Not here: what a row
 * contains.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* The size the file should have: up to and including its last newline. */
static int complete_size(int fd, off_t size, off_t *out)
{
    char buf[4096];
    off_t end = size;
    while (end > 0) {
        off_t start = end > (off_t)sizeof buf ? end - (off_t)sizeof buf : 0;
        ssize_t n = pread(fd, buf, (size_t)(end - start), start);
        if (n != end - start)
            return -1;
        for (ssize_t i = n; i-- > 0;)
            if (buf[i] == '\n') {
                *out = start + i + 1;
                return 0;
            }
        end = start;
    }
    *out = 0;
    return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n, len -= (size_t)n;
    }
    return 0;
}

/* Under the lock: repairs a half last line; reports whether the file is empty. */
static int repair(int fd, const char *path, int *empty)
{
    struct stat st;
    off_t keep;
    if (fstat(fd, &st) < 0 || complete_size(fd, st.st_size, &keep) < 0)
        return -1;
    if (keep < st.st_size) {
        fprintf(stderr, "crosscheck: warning: %s: ends in half a line (a crash while writing?): "
                "%lld bytes dropped\n", path, (long long)(st.st_size - keep));
        if (ftruncate(fd, keep) < 0)
            return -1;
    }
    *empty = keep == 0;
    return 0;
}

int cli_append_row(const char *path, const char *header, const char *row)
{
    int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        cli_error("%s: %s", path, strerror(errno));
        return -1;
    }
    int rc = -1, empty = 0;
    char *all = NULL;
    while (flock(fd, LOCK_EX) < 0)
        if (errno != EINTR)
            goto done;
    if (repair(fd, path, &empty) < 0)
        goto done;
    size_t hl = empty ? strlen(header) : 0, rl = strlen(row);
    if (!(all = malloc(hl + rl)))
        goto done;
    memcpy(all, header, hl);
    memcpy(all + hl, row, rl);
    if (write_all(fd, all, hl + rl) == 0 && fsync(fd) == 0)
        rc = 0;
done:
    if (rc < 0)
        cli_error("%s: cannot append: %s", path, strerror(errno));
    free(all);
    close(fd); /* releases the lock */
    return rc;
}

int cli_repair_file(const char *path)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    int empty, rc = -1;
    if (flock(fd, LOCK_EX) == 0)
        rc = repair(fd, path, &empty);
    close(fd);
    return rc;
}

void cli_tsv_field(cli_buf *b, const char *s, int last)
{
    for (; *s; s++) {
        char ch = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s;
        cli_buf_append(b, &ch, 1);
    }
    cli_buf_append(b, last ? "\n" : "\t", 1);
}

void cli_iso_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
}

/* Lower case, runs of space as one, for matching pairs by content. */
static void norm_text(cli_buf *b, const char *s)
{
    int space = 0;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            space = b->len > 0;
            continue;
        }
        if (space)
            cli_buf_append(b, " ", 1);
        space = 0;
        char c = (char)tolower((unsigned char)*s);
        cli_buf_append(b, &c, 1);
    }
}

void cli_pair_key(const char *a, const char *b, char out[17])
{
    cli_buf na = {0}, nb = {0};
    norm_text(&na, a);
    norm_text(&nb, b);
    cli_buf_append(&na, "", 0);
    cli_buf_append(&nb, "", 0);
    int swap = strcmp(na.data ? na.data : "", nb.data ? nb.data : "") > 0;
    cli_buf *first = swap ? &nb : &na, *second = swap ? &na : &nb;
    cli_buf_append(first, "\t", 1);
    cli_buf_append(first, second->data ? second->data : "", second->len);
    cc_hash_hex(first->data ? first->data : "", first->len, out);
    free(na.data);
    free(nb.data);
}

int cli_key_cmp(const void *a, const void *b) { return strcmp(a, b); }

int cli_labelled_keys(char (**keys)[17], size_t *n, const char *path)
{
    *keys = NULL;
    *n = 0;
    if (!path || access(path, F_OK) != 0)
        return 0;
    cc_pairset *ps = NULL;
    if (cc_pairset_new(&ps) < 0)
        return -1;
    if (cc_pairset_add_file(ps, path, CC_TASK_SAME_FACT) < 0) {
        /* an empty file (no header yet) is fine: the first label writes it */
        int empty = strstr(cc_errmsg(), "empty file") != NULL;
        if (!empty)
            cli_error("%s", cc_errmsg());
        cc_pairset_free(ps);
        return empty ? 0 : -1;
    }
    size_t m = cc_pairset_n(ps);
    *keys = calloc(m ? m : 1, sizeof **keys);
    if (*keys) {
        for (size_t i = 0; i < m; i++)
            cli_pair_key(cc_pairset_at(ps, i)->text_a, cc_pairset_at(ps, i)->text_b, (*keys)[i]);
        qsort(*keys, m, sizeof **keys, cli_key_cmp);
        *n = m;
    }
    cc_pairset_free(ps);
    return *keys ? 0 : -1;
}

