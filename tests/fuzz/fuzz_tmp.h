/*
 * fuzz_tmp.h: for targets whose entry point reads a path: the fuzzed bytes go into one file
 * of a per-process temporary directory (made once, removed at exit), so that an execution
 * costs one write and no process or directory set-up.
 */
#ifndef CC_FUZZ_TMP_H
#define CC_FUZZ_TMP_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_tmp_dir[64];

static void fuzz_tmp_cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_tmp_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", fuzz_tmp_dir);
}

/* The temporary directory, made on the first call. */
static const char *fuzz_tmp(void)
{
    if (!fuzz_tmp_dir[0]) {
        snprintf(fuzz_tmp_dir, sizeof fuzz_tmp_dir, "/tmp/cc_fuzz.XXXXXX");
        if (!mkdtemp(fuzz_tmp_dir))
            abort();
        atexit(fuzz_tmp_cleanup);
    }
    return fuzz_tmp_dir;
}

/* Writes data to NAME inside the temporary directory; the path is in a static buffer per
 * call site's `path` argument (size 4096). */
static void fuzz_tmp_write(char path[4096], const char *name, const uint8_t *data, size_t size)
{
    snprintf(path, 4096, "%s/%s", fuzz_tmp(), name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
}

#endif
