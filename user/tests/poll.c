/*
 * poll: ppoll and pselect6 on pipes, files, /dev/null and bad
 * descriptors: what each end is ready for as the pipe fills, empties and
 * loses its other end (POLLIN, POLLOUT, POLLHUP, POLLERR, POLLNVAL); a
 * wait that a child's write ends, one that times out, one that a signal
 * let through by ppoll's mask ends (the old mask back after); select's
 * sets in and out, and its EBADF. The same binary gives the same lines
 * under Linux (the linux suite).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define SYS_pselect6 72
#define SYS_ppoll 73
#define SYS_kill 129
#define SYS_rt_sigprocmask 135
#define L_SIGUSR1 10
#define L_SIG_BLOCK 0

#define IN 0x1
#define OUT 0x4
#define ERR 0x8
#define HUP 0x10
#define NVAL 0x20
#define RDNORM 0x40
#define WRNORM 0x100

struct kpollfd {
	int32_t fd;
	int16_t events, revents;
};

struct ts {
	long sec, nsec;
};

/* A call that must work, or the test stops. */
static void
must(const char *what, long r)
{
	if (r < 0) {
		printf("FAIL %s: %s\n", what, errno_name(errno));
		fail();
	}
}

static long
ppoll(struct kpollfd *fds, long n, long ms, const uint64_t *mask)
{
	struct ts t = { ms / 1000, ms % 1000 * 1000000 };

	return as_libc(syscall5(SYS_ppoll, (long)fds, n, ms < 0 ? 0 : (long)&t, (long)mask,
				sizeof(uint64_t)));
}

/* The revents of one descriptor polled at once for events. */
static long
ready(int fd, int events)
{
	struct kpollfd p = { fd, (int16_t)events, 0 };
	long r = ppoll(&p, 1, 0, NULL);

	return r < 0 ? r : p.revents;
}

static void
pipes(void)
{
	int p[2];
	char c;

	must("pipe", pipe(p));
	check_long("an empty pipe's read end", ready(p[0], IN | OUT), 0);
	check_long("its write end", ready(p[1], IN | OUT), OUT);
	write(p[1], "x", 1);
	check_long("a byte in: the read end", ready(p[0], IN | OUT), IN);
	check_long("POLLRDNORM asked alone", ready(p[0], RDNORM), RDNORM);
	close(p[1]);
	check_long("the writer gone, a byte left: IN and HUP", ready(p[0], IN), IN | HUP);
	read(p[0], &c, 1);
	check_long("the writer gone, empty: HUP unasked", ready(p[0], 0), HUP);
	close(p[0]);

	must("pipe", pipe(p));
	close(p[0]);
	check_long("the reader gone: the write end OUT and ERR", ready(p[1], OUT), OUT | ERR);
	close(p[1]);
	check_long("a closed descriptor: NVAL", ready(p[1], IN), NVAL);

	struct kpollfd many[3] = { { -1, IN, 77 }, { 0x7fff, IN, 0 }, { -5, OUT, 0 } };
	check_long("a negative fd is skipped, a bad one counted", ppoll(many, 3, 0, NULL), 1);
	check_long("  the skipped one's revents is 0", many[0].revents, 0);
	check_long("  the bad one's NVAL", many[1].revents, NVAL);
}

static void
files(void)
{
	int fd = open("/dev/null", O_RDWR);

	check_long("/dev/null", ready(fd, IN | OUT), IN | OUT);
	close(fd);
	fd = open("/tmp/poll.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	check_long("a regular file", ready(fd, IN | OUT | RDNORM | WRNORM), IN | OUT | RDNORM | WRNORM);
	close(fd);
	unlink("/tmp/poll.txt");
}

static void
waits(void)
{
	int p[2];
	struct kpollfd fd;

	must("pipe", pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		pause_ms(50);
		write(p[1], "y", 1);
		_exit(0);
	}
	fd = (struct kpollfd){ p[0], IN, 0 };
	long t0 = now_ms();
	check_long("a wait a child's write ends", ppoll(&fd, 1, -1, NULL), 1);
	check_long("  IN", fd.revents, IN);
	check_long("  after the write", now_ms() - t0 >= 30, 1);
	wait_status(pid);
	char c;
	read(p[0], &c, 1);

	t0 = now_ms();
	check_long("a wait of 40 ms on an empty pipe", ppoll(&fd, 1, 40, NULL), 0);
	check_long("  it took 40 ms or more", now_ms() - t0 >= 40, 1);
	check_long("  and less than 2 s", now_ms() - t0 < 2000, 1);
	close(p[0]);
	close(p[1]);
	check_long("no descriptors, 20 ms", ppoll(NULL, 0, 20, NULL), 0);
}

static int usr1;
static void
on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void
masks(void)
{
	struct ksigaction sa = { .handler = (unsigned long)on_usr1 };
	uint64_t block = 1UL << (L_SIGUSR1 - 1), none = 0, now = 0;
	int p[2];
	struct kpollfd fd;

	rt_sigaction(L_SIGUSR1, &sa, NULL);
	syscall4(SYS_rt_sigprocmask, L_SIG_BLOCK, (long)&block, 0, sizeof(block));
	must("pipe", pipe(p));
	pid_t me = getpid(), pid = fork();
	if (pid == 0) {
		pause_ms(50);
		syscall2(SYS_kill, me, L_SIGUSR1);
		_exit(0);
	}
	fd = (struct kpollfd){ p[0], IN, 0 };
	check_errno("ppoll's mask lets SIGUSR1 in: EINTR", ppoll(&fd, 1, 5000, &none), EINTR);
	check_long("  its handler ran", usr1, 1);
	syscall4(SYS_rt_sigprocmask, L_SIG_BLOCK, 0, (long)&now, sizeof(now));
	check_long("  SIGUSR1 is blocked again after", (now & block) != 0, 1);
	wait_status(pid);
	close(p[0]);
	close(p[1]);
}

static void
selects(void)
{
	int p[2];
	uint64_t rd, wr, ex;
	struct ts zero = { 0, 0 }, short_wait = { 0, 20000000 };

	must("pipe", pipe(p));
	write(p[1], "z", 1);
	rd = 1UL << p[0] | 1UL << p[1];
	wr = 1UL << p[0] | 1UL << p[1];
	ex = 0;
	long n = as_libc(syscall6(SYS_pselect6, p[1] + 1, (long)&rd, (long)&wr, (long)&ex, (long)&zero, 0));
	check_long("select: the read end readable, the write end writable", n, 2);
	check_long("  the read set", rd == 1UL << p[0], 1);
	check_long("  the write set", wr == 1UL << p[1], 1);
	char c;
	read(p[0], &c, 1);
	rd = 1UL << p[0];
	n = as_libc(syscall6(SYS_pselect6, p[0] + 1, (long)&rd, 0, 0, (long)&short_wait, 0));
	check_long("select of an empty pipe: it times out", n, 0);
	check_long("  the set comes back empty", rd, 0);
	rd = 1UL << 60;
	check_errno("select of a descriptor not open", as_libc(syscall6(SYS_pselect6, 61, (long)&rd, 0, 0, (long)&zero, 0)), EBADF);
	check_errno("select with a negative count", as_libc(syscall6(SYS_pselect6, -1, 0, 0, 0, (long)&zero, 0)), EINVAL);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	pipes();
	files();
	waits();
	masks();
	selects();
	printf("poll done\n");
	return 0;
}
