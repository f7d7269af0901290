/*
 * ttyctl: puts the terminal on stdin through one of its modes and says
 * what came back, for a person (or tools/interactive.py) typing at it.
 * Each case restores the modes it found before it exits.
 *
 *   ttyctl raw      ICANON and ECHO off, VMIN 1: each key read at once
 *   ttyctl timeout  VMIN 0, VTIME 5: a read that waits 0.5 s, gets 0
 *   ttyctl noecho   ECHO off: a line typed is not shown, its length is
 *   ttyctl icrnl    Enter read raw with ICRNL on (\n), then off (\r)
 *   ttyctl winsize  TIOCSWINSZ 30x100, then TIOCGWINSZ, and SIGWINCH
 *   ttyctl signals  waits for ^C and ^Z (SIGINT and SIGTSTP, caught)
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"
#include <termios.h>

static struct termios saved;

static void set_modes(const struct termios *t)
{
	if (ioctl(0, TCSETSW, (void *)t) < 0)
		perror("ttyctl: TCSETSW");
}

/* Non-canonical, no echo, VMIN and VTIME as given. */
static void raw_modes(int vmin, int vtime)
{
	struct termios t = saved;

	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = vmin;
	t.c_cc[VTIME] = vtime;
	set_modes(&t);
}

static void raw(void)
{
	raw_modes(1, 0);
	printf("type 3 keys\n");
	fflush(stdout);
	for (int i = 0; i < 3; i++) {
		unsigned char c;
		if (read(0, &c, 1) != 1)
			break;
		printf("key %02x\n", c);
		fflush(stdout);
	}
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void timeout(void)
{
	struct timespec t0;
	char c;

	raw_modes(0, 5);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long n = read(0, &c, 1);
	long ms = ms_since(&t0);
	printf("read %ld bytes, waited %s\n", n, ms >= 450 && ms < 2000 ? "0.5 s" : "wrong");
}

static void noecho(void)
{
	struct termios t = saved;
	char line[128];

	t.c_lflag &= ~ECHO;
	set_modes(&t);
	printf("password: ");
	fflush(stdout);
	long n = read(0, line, sizeof(line));
	printf("\nread %ld bytes\n", n);
}

static void enter_key(const char *label, int icrnl)
{
	struct termios t = saved;
	unsigned char c = 0;

	t.c_lflag &= ~(ICANON | ECHO);
	t.c_iflag = icrnl ? t.c_iflag | ICRNL : t.c_iflag & ~ICRNL;
	t.c_cc[VMIN] = 1;
	set_modes(&t);
	printf("press Enter (%s)\n", label);
	fflush(stdout);
	read(0, &c, 1);
	printf("Enter is %02x\n", c);
}

static void icrnl(void)
{
	enter_key("ICRNL", 1);
	enter_key("no ICRNL", 0);
}

static volatile int got[32];

static void note(int sig) { got[sig]++; }

static void winsize(void)
{
	struct winsize old, ws = { .ws_row = 30, .ws_col = 100 };

	sigdisposition(SIGWINCH, note);
	ioctl(0, TIOCGWINSZ, &old);
	ioctl(0, TIOCSWINSZ, &ws);
	memset(&ws, 0, sizeof(ws));
	ioctl(0, TIOCGWINSZ, &ws);
	printf("winsize %ux%u, SIGWINCH %d\n", ws.ws_row, ws.ws_col, got[SIGWINCH]);
	ioctl(0, TIOCSWINSZ, &old);
}

static void signals(void)
{
	sigdisposition(SIGINT, note);
	sigdisposition(SIGTSTP, note);
	printf("type ^C then ^Z\n");
	fflush(stdout);
	while (!got[SIGINT] || !got[SIGTSTP]) {
		struct timespec tick = { 0, 20000000 };
		nanosleep(&tick, NULL);
	}
	printf("SIGINT %d, SIGTSTP %d\n", got[SIGINT], got[SIGTSTP]);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } cases[] = {
		{ "raw", raw }, { "timeout", timeout }, { "noecho", noecho },
		{ "icrnl", icrnl }, { "winsize", winsize }, { "signals", signals },
	};

	if (ioctl(0, TCGETS, &saved) < 0) {
		perror("ttyctl: stdin");
		return 1;
	}
	for (size_t i = 0; argc == 2 && i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (strcmp(argv[1], cases[i].name) == 0) {
			cases[i].fn();
			set_modes(&saved);
			return 0;
		}
	}
	fprintf(stderr, "usage: ttyctl raw|timeout|noecho|icrnl|winsize|signals\n");
	return 2;
}
