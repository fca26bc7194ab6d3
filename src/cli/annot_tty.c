/*
 * annot_tty.c: keys for the annotation loops (annotate pairs, annotate review): single
 * keys from a terminal in raw mode (no Enter, no echo), restored on exit, SIGINT and SIGTERM
 * so that a killed session does not leave the annotator's shell unusable; or, in batch
 * mode, one key per line of stdin (scripts and tests), the rest of the line kept as a note.
 * SIGKILL cannot be caught: `stty sane` then restores the terminal.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static struct termios saved_tty;
static int raw_fd = -1;

static void set_cooked(void)
{
    if (raw_fd >= 0)
        tcsetattr(raw_fd, TCSAFLUSH, &saved_tty);
}

void cli_tty_restore(void)
{
    set_cooked();
    raw_fd = -1;
}

static void on_signal(int sig)
{
    set_cooked(); /* tcsetattr is async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

static int set_raw(int fd)
{
    struct termios t = saved_tty;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO); /* ISIG stays: Ctrl-C still interrupts */
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    return tcsetattr(fd, TCSAFLUSH, &t);
}

int cli_tty_raw(int fd)
{
    if (tcgetattr(fd, &saved_tty) < 0)
        return -1;
    raw_fd = fd;
    atexit(cli_tty_restore);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    return set_raw(fd);
}

/* The rest of a batch line, trimmed, into rest. */
static void keep_rest(const char *p, char *rest, size_t size)
{
    if (!rest || !size)
        return;
    while (isspace((unsigned char)*p))
        p++;
    snprintf(rest, size, "%s", p);
    size_t n = strlen(rest);
    while (n && isspace((unsigned char)rest[n - 1]))
        rest[--n] = '\0';
}

int cli_next_key(int batch, char *rest, size_t size)
{
    if (rest && size)
        rest[0] = '\0';
    if (batch) {
        char line[1024];
        while (fgets(line, sizeof line, stdin)) {
            char *p = line;
            while (isspace((unsigned char)*p))
                p++;
            if (*p) {
                keep_rest(p + 1, rest, size);
                return (unsigned char)*p;
            }
        }
        return 'q';
    }
    unsigned char ch;
    return read(raw_fd, &ch, 1) == 1 ? ch : 'q';
}

int cli_tty_line(char *buf, size_t size)
{
    set_cooked();
    char line[1024];
    ssize_t n = read(raw_fd, line, sizeof line - 1);
    line[n > 0 ? n : 0] = '\0';
    keep_rest(line, buf, size);
    return set_raw(raw_fd);
}
