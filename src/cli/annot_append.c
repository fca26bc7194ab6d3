/*
 * annot_append.c: appending one labelled row to an annotation file without ever losing or
 * mixing labels (DESIGN §7). The file is opened O_APPEND and locked (flock) around each
 * append, so two annotators writing one file never interleave; the row goes out with one
 * write() and is fsynced before the caller shows the next pair. A file cut off in the
 * middle of a line (a crash while writing) is repaired first: truncated to its last newline,
 * with a warning naming the file and the bytes dropped. Not here: what the row contains.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
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
