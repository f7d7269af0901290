/*
 * evfds: eventfd2, timerfd_* and signalfd4. An eventfd's counter
 * (EFD_SEMAPHORE, EAGAIN at 0 and at the top, 8-byte reads); a timer
 * once, with an interval, at an absolute time (CLOCK_MONOTONIC and
 * CLOCK_REALTIME, expirations in the past counted), gettime and the old
 * setting; signals read as struct signalfd_siginfo; poll on each; a
 * forked child on the other end; the errors of bad arguments. The same
 * binary gives the same lines under Linux (the linux suite).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"
#include "linux/fdkinds.h"

#define IN 0x1
#define OUT 0x4
#define L_SIGUSR1 10
#define L_SIGUSR2 12
#define NS 1000000000L

struct kpollfd {
	int32_t fd;
	int16_t events, revents;
};

struct its {
	struct timespec interval, value;
};

/* revents of fd polled for events, waiting up to ms. */
static long
ready(int fd, int events, long ms)
{
	struct kpollfd p = { fd, (int16_t)events, 0 };
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };
	long r = syscall5(SYS_ppoll, (long)&p, 1, (long)&t, 0, 8);

	return r < 0 ? r : p.revents;
}

static long
rd(int fd, uint64_t *v)
{
	return syscall3(SYS_read, fd, (long)v, 8);
}

static long
wr(int fd, uint64_t v)
{
	return syscall3(SYS_write, fd, (long)&v, 8);
}

static long
ns_of(int clock)
{
	struct timespec t;

	syscall2(SYS_clock_gettime, clock, (long)&t);
	return t.tv_sec * NS + t.tv_nsec;
}

static void
eventfds(void)
{
	uint64_t v = 0;
	int fd = syscall2(SYS_eventfd2, 3, EFD_NONBLOCK);

	check_long("eventfd2(3)", fd >= 0, 1);
	check_long("  read", rd(fd, &v), 8);
	check_long("  the count", (long)v, 3);
	check_err("  at 0: nonblocking read", rd(fd, &v), 11);
	check_long("  poll at 0: OUT", ready(fd, IN | OUT, 0), OUT);
	wr(fd, 5);
	wr(fd, 2);
	check_long("  poll at 7: IN and OUT", ready(fd, IN | OUT, 0), IN | OUT);
	rd(fd, &v);
	check_long("  writes add up", (long)v, 7);
	check_err("  a write of 2^64-1", wr(fd, ~0ULL), 22);
	check_long("  a write to the top", wr(fd, ~0ULL - 1), 8);
	check_long("  poll at the top: IN alone", ready(fd, IN | OUT, 0), IN);
	check_err("  one more: EAGAIN", wr(fd, 1), 11);
	check_err("  a read of 4 bytes", syscall3(SYS_read, fd, (long)&v, 4), 22);
	check_err("  a write of 4 bytes", syscall3(SYS_write, fd, (long)&v, 4), 22);
	check_err("  a write from a bad pointer", syscall3(SYS_write, fd, 16, 8), 14);
	check_long("  O_RDWR|O_NONBLOCK in F_GETFL", syscall2(SYS_fcntl, fd, 3) & 04003, 04002);
	char path[64], link[64] = { 0 };
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	readlink(path, link, sizeof link - 1);
	check_str("  /proc/self/fd", link, "anon_inode:[eventfd]");
	long sfs[15] = { 0 };	/* struct statfs: f_type first */
	syscall2(SYS_fstatfs, fd, (long)sfs);
	check_long("  fstatfs: ANON_INODE_FS_MAGIC", sfs[0] == 0x09041934, 1);
	close(fd);

	fd = syscall2(SYS_eventfd2, 2, EFD_SEMAPHORE | EFD_NONBLOCK);
	rd(fd, &v);
	check_long("EFD_SEMAPHORE: a read takes 1", (long)v, 1);
	rd(fd, &v);
	check_long("  and 1", (long)v, 1);
	check_err("  then EAGAIN", rd(fd, &v), 11);
	close(fd);
	check_err("eventfd2 of an unknown flag", syscall2(SYS_eventfd2, 0, 0x10), 22);

	fd = syscall2(SYS_eventfd2, 0, EFD_CLOEXEC);
	check_long("EFD_CLOEXEC", syscall2(SYS_fcntl, fd, 1), 1);
	pid_t pid = fork();
	if (pid == 0) {
		pause_ms(50);
		wr(fd, 42);
		_exit(0);
	}
	check_long("a blocking read a child's write ends", rd(fd, &v), 8);
	check_long("  its value", (long)v, 42);
	wait_status(pid);
	close(fd);
}

static long
settime(int fd, int flags, long value, long interval, struct its *old)
{
	struct its t = { { interval / NS, interval % NS }, { value / NS, value % NS } };

	return syscall4(SYS_timerfd_settime, fd, flags, (long)&t, (long)old);
}

static void
timerfds(void)
{
	uint64_t v = 0;
	struct its cur, old;
	int fd = syscall2(SYS_timerfd_create, 1, TFD_NONBLOCK);

	check_long("timerfd_create(CLOCK_MONOTONIC)", fd >= 0, 1);
	check_err("  disarmed: read", rd(fd, &v), 11);
	check_long("  poll: nothing", ready(fd, IN | OUT, 0), 0);
	check_long("  settime 30 ms", settime(fd, 0, 30000000, 0, NULL), 0);
	syscall2(SYS_timerfd_gettime, fd, (long)&cur);
	long left = cur.value.tv_sec * NS + cur.value.tv_nsec;
	check_long("  gettime: up to 30 ms left", left > 0 && left <= 30000000, 1);
	long t0 = now_ms();
	check_long("  a poll waits for it", ready(fd, IN | OUT, 2000), IN);
	check_long("  about 30 ms", now_ms() - t0 >= 20, 1);
	check_long("  read", rd(fd, &v), 8);
	check_long("  one expiry", (long)v, 1);
	check_err("  read again", rd(fd, &v), 11);
	syscall2(SYS_timerfd_gettime, fd, (long)&cur);
	check_long("  gettime: disarmed", cur.value.tv_sec + cur.value.tv_nsec, 0);

	settime(fd, 0, 10000000, 10000000, NULL);
	pause_ms(55);
	rd(fd, &v);
	check_long("every 10 ms for 55 ms: 4 or more", v >= 4 && v <= 6, 1);
	check_long("  settime 0 gives the old setting", settime(fd, 0, 0, 0, &old), 0);
	check_long("  its interval", old.interval.tv_nsec, 10000000);
	check_long("  its value", old.value.tv_nsec > 0 && old.value.tv_nsec <= 10000000, 1);
	check_err("  disarmed", rd(fd, &v), 11);
	close(fd);

	fd = syscall2(SYS_timerfd_create, 1, 0);
	t0 = now_ms();
	settime(fd, TFD_TIMER_ABSTIME, ns_of(1) + 20000000, 0, NULL);
	check_long("absolute, monotonic: a blocking read", rd(fd, &v), 8);
	check_long("  after 20 ms", now_ms() - t0 >= 15, 1);
	close(fd);

	fd = syscall2(SYS_timerfd_create, 0, TFD_NONBLOCK | TFD_CLOEXEC);
	check_long("CLOCK_REALTIME, TFD_CLOEXEC", syscall2(SYS_fcntl, fd, 1), 1);
	settime(fd, TFD_TIMER_ABSTIME, ns_of(0) - 3500000000L, NS, NULL);
	rd(fd, &v);
	check_long("  3.5 s in the past, every 1 s: 4 expiries", (long)v, 4);
	close(fd);

	int efd = syscall2(SYS_eventfd2, 0, 0);
	fd = syscall2(SYS_timerfd_create, 1, 0);
	check_err("timerfd_create(99)", syscall2(SYS_timerfd_create, 99, 0), 22);
	check_err("settime of an unknown flag", settime(fd, 8, NS, 0, NULL), 22);
	check_err("settime of an eventfd", settime(efd, 0, NS, 0, NULL), 22);
	check_err("settime of 999", settime(999, 0, NS, 0, NULL), 9);
	struct its bad = { { 0, 0 }, { 0, 2000000000 } };
	check_err("settime of 2e9 ns", syscall4(SYS_timerfd_settime, fd, 0, (long)&bad, 0), 22);
	check_err("settime from a bad pointer", syscall4(SYS_timerfd_settime, fd, 0, 16, 0), 14);
	check_err("gettime to a bad pointer", syscall2(SYS_timerfd_gettime, fd, 16), 14);
	check_err("a read of 4 bytes", syscall3(SYS_read, fd, (long)&v, 4), 22);
	close(fd);
	close(efd);
}

static long
sfd(int fd, uint64_t mask, int flags)
{
	return syscall4(SYS_signalfd4, fd, (long)&mask, 8, flags);
}

static void
signalfds(void)
{
	uint64_t block = 1UL << (L_SIGUSR1 - 1) | 1UL << (L_SIGUSR2 - 1);
	struct signalfd_siginfo si[2];

	syscall4(SYS_rt_sigprocmask, 0, (long)&block, 0, 8);
	int fd = sfd(-1, 1UL << (L_SIGUSR1 - 1), SFD_NONBLOCK);
	check_long("signalfd4(SIGUSR1)", fd >= 0, 1);
	check_err("  nothing pending: read", syscall3(SYS_read, fd, (long)si, sizeof si), 11);
	check_long("  poll: nothing", ready(fd, IN, 0), 0);
	syscall2(SYS_kill, getpid(), L_SIGUSR1);
	check_long("  SIGUSR1 sent: poll IN", ready(fd, IN, 0), IN);
	check_long("  read", syscall3(SYS_read, fd, (long)si, sizeof si), 128);
	check_long("  ssi_signo", si[0].ssi_signo, L_SIGUSR1);
	check_long("  ssi_code SI_USER", si[0].ssi_code, 0);
	check_long("  ssi_pid", si[0].ssi_pid == (uint32_t)getpid(), 1);
	check_err("  taken: read again", syscall3(SYS_read, fd, (long)si, sizeof si), 11);
	check_long("a new mask: both", sfd(fd, block, 0), fd);
	syscall2(SYS_kill, getpid(), L_SIGUSR1);
	syscall2(SYS_kill, getpid(), L_SIGUSR2);
	check_long("  two pending, one read", syscall3(SYS_read, fd, (long)si, sizeof si), 256);
	check_long("  the first", si[0].ssi_signo, L_SIGUSR1);
	check_long("  the second", si[1].ssi_signo, L_SIGUSR2);
	close(fd);

	fd = sfd(-1, block, SFD_CLOEXEC);
	check_long("SFD_CLOEXEC", syscall2(SYS_fcntl, fd, 1), 1);
	pid_t me = getpid(), pid = fork();
	if (pid == 0) {
		pause_ms(50);
		syscall2(SYS_kill, me, L_SIGUSR2);
		_exit(0);
	}
	check_long("a blocking read a child's kill ends", syscall3(SYS_read, fd, (long)si, 128), 128);
	check_long("  ssi_signo", si[0].ssi_signo, L_SIGUSR2);
	check_long("  ssi_pid the child's", si[0].ssi_pid == (uint32_t)pid, 1);
	wait_status(pid);

	int efd = syscall2(SYS_eventfd2, 0, 0);
	check_err("a read of 64 bytes", syscall3(SYS_read, fd, (long)si, 64), 22);
	check_err("an unknown flag", sfd(-1, block, 0x10), 22);
	check_err("a mask at a bad pointer", syscall4(SYS_signalfd4, -1, 16, 8, 0), 14);
	check_err("fd an eventfd", sfd(efd, block, 0), 22);
	check_err("fd 999", sfd(999, block, 0), 9);
	close(efd);
	close(fd);
	uint64_t none = 0;
	syscall4(SYS_rt_sigprocmask, 2, (long)&none, 0, 8);
}

int
main(void)
{
	eventfds();
	timerfds();
	signalfds();
	printf("evfds: done\n");
	return 0;
}
