/*
 * pipesize: a pipe holds 64 KiB, as Linux's; a write of up to PIPE_BUF
 * bytes goes in whole or not at all (EAGAIN without blocking);
 * F_GETPIPE_SZ and F_SETPIPE_SZ (rounded up to a power of two of pages,
 * EBUSY below what it holds, the bytes held kept in order across a
 * resize of a ring that wrapped). The output is Linux's (run-host.sh
 * compares).
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"

#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#endif

/* picolibc has no fcntl(2): the call itself, -1 and errno on failure */
static long
pipe_fcntl(int fd, int cmd, long arg)
{
	return as_libc(syscall3(SYS_fcntl, fd, cmd, arg));
}

static char buf[65536], got[65536];
static unsigned long wpos, rpos;	/* the pattern's place at each end */

/* Writes n bytes of the pattern; returns what write(2) did. */
static long
put(int fd, long n)
{
	for (long i = 0; i < n; i++)
		buf[i] = (char)((wpos + i) * 7 + (wpos + i) / 251);
	long r = write(fd, buf, n);
	if (r > 0)
		wpos += r;
	return r;
}

/* Reads n bytes and checks they are the pattern's next. */
static void
take(int fd, long n, const char *what)
{
	long r = read(fd, got, n);
	for (long i = 0; i < r; i++)
		if (got[i] != (char)((rpos + i) * 7 + (rpos + i) / 251)) {
			printf("FAIL %s: byte %ld wrong\n", what, (long)rpos + i);
			fail();
		}
	rpos += r > 0 ? r : 0;
	check_long(what, r, n);
}

static void
sizes(void)
{
	int p[2];
	long total = 0, r;

	if (pipe2(p, O_NONBLOCK) != 0)
		fail();
	check_long("F_GETPIPE_SZ of a new pipe", pipe_fcntl(p[0], F_GETPIPE_SZ, 0), 65536);
	while ((r = put(p[1], 4096)) > 0)
		total += r;
	check_errno("a write to a full pipe", r, EAGAIN);
	check_long("bytes a pipe holds", total, 65536);
	take(p[0], 4096, "a PIPE_BUF read from the full pipe");
	check_long("a write of 4097 bytes into 4096 of room: split", put(p[1], 4097), 4096);
	take(p[0], 100, "100 bytes read");
	check_errno("a write of 50 bytes: nothing until a whole page is read", put(p[1], 50),
		    EAGAIN);
	take(p[0], 3996, "the rest of the page read");
	check_long("a PIPE_BUF write then", put(p[1], 4096), 4096);
	check_errno("F_SETPIPE_SZ below what it holds", pipe_fcntl(p[1], F_SETPIPE_SZ, 16384), EBUSY);
	take(p[0], 60000, "60000 bytes read");
	/* the ring wrapped: 5536 bytes left, on two pages */
	check_long("F_SETPIPE_SZ 5000 rounds up", pipe_fcntl(p[1], F_SETPIPE_SZ, 5000), 8192);
	check_long("F_GETPIPE_SZ after", pipe_fcntl(p[0], F_GETPIPE_SZ, 0), 8192);
	take(p[0], 5536, "the bytes held, in order after the resize");
	check_long("F_SETPIPE_SZ 0: a page", pipe_fcntl(p[1], F_SETPIPE_SZ, 0), 4096);
	check_long("a PIPE_BUF write fills it", put(p[1], 4096), 4096);
	check_errno("one more byte", put(p[1], 1), EAGAIN);
	check_long("F_SETPIPE_SZ 1 MiB", pipe_fcntl(p[1], F_SETPIPE_SZ, 1 << 20), 1 << 20);
	check_long("a write into the bigger ring", put(p[1], 65536), 65536);
	take(p[0], 65536, "64 KiB read back, the page held before the resize first");
	take(p[0], 4096, "then the rest");
	int null = open("/dev/null", O_RDONLY);
	check_errno("F_GETPIPE_SZ of /dev/null", pipe_fcntl(null, F_GETPIPE_SZ, 0), EBADF);
	close(null);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	sizes();
	printf("pipesize done\n");
	return 0;
}
