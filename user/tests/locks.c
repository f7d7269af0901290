/*
 * locks: fcntl's record locks and flock(2), each test a function in one
 * table. POSIX locks split and merge (seen from a child's F_GETLK), go
 * when the process closes any descriptor of the file, or exits holding
 * them, and are not inherited; F_SETLKW wakes when the holder lets go,
 * says EDEADLK where two processes would wait for each other, EINTR
 * after a handler without SA_RESTART and goes on waiting after one
 * with it; OFD locks belong to the open file (l_pid -1) and meet POSIX
 * ones; flock's belong to the open file too, and meet only flocks.
 * 600 children exiting with four locks each leave none behind (the
 * kernel's table of records would run out: ENOLCK). The output is
 * Linux's (run-host.sh compares).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define L_SIGUSR1 10
#define L_SA_RESTART 0x10000000
#define K_SETLK 6
#define K_SETLKW 7
#define K_GETLK 5
#define K_OFD_GETLK 36
#define K_OFD_SETLK 37
#define K_RDLCK 0
#define K_WRLCK 1
#define K_UNLCK 2
#define K_LOCK_SH 1
#define K_LOCK_EX 2
#define K_LOCK_NB 4
#define K_LOCK_UN 8
#define NAME "/tmp/locks.f"

struct kflock {		/* Linux riscv64's struct flock */
	int16_t type, whence;
	int64_t start, len;
	int32_t pid, pad;
};

static int fd;

/* A raw result by its Linux name (picolibc numbers errno its own way). */
static const char *
res(long r)
{
	static char buf[16];

	switch (r) {
	case -4: return "EINTR";
	case -9: return "EBADF";
	case -11: return "EAGAIN";
	case -22: return "EINVAL";
	case -35: return "EDEADLK";
	case -37: return "ENOLCK";
	}
	snprintf(buf, sizeof buf, "%ld", r);
	return buf;
}

static long
lk(int f, int cmd, int type, long start, long len)
{
	struct kflock l = { type, SEEK_SET, start, len, 0, 0 };

	return syscall3(SYS_fcntl, f, cmd, (long)&l);
}

static long
flock_(int f, int op)
{
	return syscall2(SYS_flock, f, op);
}

static const char *
tname(int t)
{
	return t == K_RDLCK ? "F_RDLCK" : t == K_WRLCK ? "F_WRLCK" : t == K_UNLCK ? "F_UNLCK" : "?";
}

/* What another process's F_GETLK (cmd) sees of [start, start + len). */
static void
probe(const char *what, int cmd, int type, long start, long len)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct kflock l = { type, SEEK_SET, start, len, 0, 0 };
		long r = syscall3(SYS_fcntl, fd, cmd, (long)&l);
		if (r < 0)
			printf("%s: %s\n", what, res(r));
		else if (l.type == K_UNLCK)
			printf("%s: F_UNLCK\n", what);
		else
			printf("%s: %s at %ld len %ld, l_pid %s\n", what, tname(l.type), (long)l.start,
			       (long)l.len, l.pid == -1 ? "-1" : l.pid == getppid() ? "the parent's" : "other");
		fflush(stdout);
		_exit(0);
	}
	wait_status(pid);
}

static void
expect(const char *what, long got, long want)
{
	if (got != want) {
		printf("FAIL %s: expected %s, got %s\n", what, res(want), res(got));
		fail();
	}
	printf("ok %s: %s\n", what, res(got));
}

static void
split_merge(void)
{
	expect("F_SETLK write [0,100)", lk(fd, K_SETLK, K_WRLCK, 0, 100), 0);
	expect("F_UNLCK [40,60)", lk(fd, K_SETLK, K_UNLCK, 40, 20), 0);
	probe("  the hole [40,60)", K_GETLK, K_WRLCK, 40, 20);
	probe("  [50,70)", K_GETLK, K_WRLCK, 50, 20);
	expect("F_SETLK read [30,70)", lk(fd, K_SETLK, K_RDLCK, 30, 40), 0);
	probe("  a read at 35", K_GETLK, K_RDLCK, 35, 1);
	probe("  a write at 35", K_GETLK, K_WRLCK, 35, 1);
	probe("  a write at 75", K_GETLK, K_WRLCK, 75, 1);
	expect("F_SETLK write [30,70): one lock again", lk(fd, K_SETLK, K_WRLCK, 30, 40), 0);
	probe("  a write at 50", K_GETLK, K_WRLCK, 50, 1);
	expect("F_SETLK write [100,200), touching it", lk(fd, K_SETLK, K_WRLCK, 100, 100), 0);
	probe("  a write at 150", K_GETLK, K_WRLCK, 150, 1);
	expect("F_SETLK read to the end from 500", lk(fd, K_SETLK, K_RDLCK, 500, 0), 0);
	probe("  a write at 1000000", K_GETLK, K_WRLCK, 1000000, 1);
	expect("F_UNLCK of everything", lk(fd, K_SETLK, K_UNLCK, 0, 0), 0);
	probe("  a write of everything", K_GETLK, K_WRLCK, 0, 0);
}

static void
any_close(void)
{
	expect("F_SETLK write [0,10)", lk(fd, K_SETLK, K_WRLCK, 0, 10), 0);
	int other = open(NAME, O_RDONLY);
	close(other);
	probe("  after closing another open of the file", K_GETLK, K_WRLCK, 0, 10);
	expect("F_SETLK write [0,10) again", lk(fd, K_SETLK, K_WRLCK, 0, 10), 0);
	close(dup(fd));
	probe("  after closing a dup", K_GETLK, K_WRLCK, 0, 10);
}

static void
not_inherited(void)
{
	expect("F_SETLK write [0,10)", lk(fd, K_SETLK, K_WRLCK, 0, 10), 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("  a child's F_SETLK on it: %s\n", res(lk(fd, K_SETLK, K_WRLCK, 0, 1)));
		printf("  the child's F_UNLCK of it: %s\n", res(lk(fd, K_SETLK, K_UNLCK, 0, 10)));
		fflush(stdout);
		_exit(0);
	}
	wait_status(pid);
	probe("  the parent's lock after the child's close and exit", K_GETLK, K_WRLCK, 0, 1);
	lk(fd, K_SETLK, K_UNLCK, 0, 0);
}

/* A child holds [0,10) and exits after ms; returns its pid. */
static pid_t
holder(long ms)
{
	int p[2];
	char c;

	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		lk(fd, K_SETLK, K_WRLCK, 0, 10);
		write(p[1], "x", 1);
		pause_ms(ms);
		_exit(0);	/* holding it */
	}
	read(p[0], &c, 1);
	close(p[0]);
	close(p[1]);
	return pid;
}

static void
exit_holding(void)
{
	pid_t pid = holder(50);
	expect("F_SETLK while a child holds it", lk(fd, K_SETLK, K_WRLCK, 5, 1), -11);
	expect("F_SETLKW: the child exits holding it", lk(fd, K_SETLKW, K_WRLCK, 5, 1), 0);
	wait_status(pid);
	lk(fd, K_SETLK, K_UNLCK, 0, 0);
}

static void
deadlock(void)
{
	int p[2];
	char c;

	expect("F_SETLK write [0,1)", lk(fd, K_SETLK, K_WRLCK, 0, 1), 0);
	pipe(p);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		lk(fd, K_SETLK, K_WRLCK, 1, 1);
		write(p[1], "x", 1);
		long r = lk(fd, K_SETLKW, K_WRLCK, 0, 1);	/* waits for the parent */
		_exit(r == 0 ? 0 : 1);
	}
	read(p[0], &c, 1);
	pause_ms(100);	/* the child is asleep in its F_SETLKW */
	expect("F_SETLKW on the child's lock while it waits for ours",
	       lk(fd, K_SETLKW, K_WRLCK, 1, 1), -35);
	lk(fd, K_SETLK, K_UNLCK, 0, 1);
	printf("  the child got ours once let go: exit %d\n", wait_status(pid));
	close(p[0]);
	close(p[1]);
}

static volatile int hits;
static void on_usr1(int sig) { (void)sig; hits++; }

/* F_SETLKW on a child's lock; another child signals after 50 ms, the
 * holder exits after 150. */
static long
interrupted(unsigned long flags)
{
	struct ksigaction sa = { .handler = (unsigned long)on_usr1, .flags = flags };
	rt_sigaction(L_SIGUSR1, &sa, NULL);
	pid_t h = holder(150), me = getpid();
	pid_t k = fork();
	if (k == 0) {
		pause_ms(50);
		syscall2(SYS_kill, me, L_SIGUSR1);
		_exit(0);
	}
	hits = 0;
	long r = lk(fd, K_SETLKW, K_WRLCK, 0, 1);
	wait_status(k);
	wait_status(h);
	lk(fd, K_SETLK, K_UNLCK, 0, 0);
	return r;
}

static void
signals(void)
{
	expect("F_SETLKW, a handler without SA_RESTART", interrupted(0), -4);
	expect("F_SETLKW, a handler with SA_RESTART: goes on waiting", interrupted(L_SA_RESTART), 0);
	printf("  the handler ran: %d\n", hits);
}

static void
ofd(void)
{
	int a = open(NAME, O_RDWR), b = open(NAME, O_RDWR);

	expect("F_OFD_SETLK write [0,10) on one open", lk(a, K_OFD_SETLK, K_WRLCK, 0, 10), 0);
	expect("F_OFD_SETLK from another open", lk(b, K_OFD_SETLK, K_WRLCK, 5, 1), -11);
	expect("F_SETLK (POSIX) by the same process", lk(fd, K_SETLK, K_WRLCK, 5, 1), -11);
	probe("  F_GETLK sees it", K_GETLK, K_WRLCK, 0, 1);
	probe("  F_OFD_GETLK sees it", K_OFD_GETLK, K_RDLCK, 9, 5);
	int d = open(NAME, O_RDONLY);
	close(d);
	expect("kept when another open is closed", lk(b, K_OFD_SETLK, K_WRLCK, 5, 1), -11);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("  a child's F_OFD_SETLK through the same open: %s\n",
		       res(lk(a, K_OFD_SETLK, K_WRLCK, 0, 10)));
		fflush(stdout);
		_exit(0);
	}
	wait_status(pid);
	expect("kept after the child's exit", lk(b, K_OFD_SETLK, K_WRLCK, 5, 1), -11);
	close(a);
	expect("gone with the open's last close", lk(b, K_OFD_SETLK, K_WRLCK, 5, 1), 0);
	close(b);
}

static void
flocks(void)
{
	int a = open(NAME, O_RDONLY), b = open(NAME, O_RDONLY);

	expect("flock LOCK_SH", flock_(a, K_LOCK_SH), 0);
	expect("flock LOCK_SH on another open", flock_(b, K_LOCK_SH), 0);
	expect("flock LOCK_EX|LOCK_NB there", flock_(b, K_LOCK_EX | K_LOCK_NB), -11);
	expect("flock LOCK_UN of the first", flock_(a, K_LOCK_UN), 0);
	expect("flock LOCK_EX|LOCK_NB then", flock_(b, K_LOCK_EX | K_LOCK_NB), 0);
	expect("F_SETLK beside it (flocks and POSIX locks do not meet)",
	       lk(fd, K_SETLK, K_WRLCK, 0, 0), 0);
	close(dup(b));
	expect("kept when a dup is closed", flock_(a, K_LOCK_SH | K_LOCK_NB), -11);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("  a child's LOCK_EX|LOCK_NB through the same open: %s\n",
		       res(flock_(b, K_LOCK_EX | K_LOCK_NB)));
		fflush(stdout);
		_exit(0);
	}
	wait_status(pid);
	expect("kept after the child's exit", flock_(a, K_LOCK_SH | K_LOCK_NB), -11);
	close(b);
	expect("gone with the open's last close", flock_(a, K_LOCK_EX | K_LOCK_NB), 0);
	expect("flock bad op", flock_(a, K_LOCK_SH | K_LOCK_EX), -22);
	expect("flock bad fd", flock_(99, K_LOCK_SH), -9);
	close(a);
	lk(fd, K_SETLK, K_UNLCK, 0, 0);
}

static void
many_exits(void)
{
	int bad = 0;

	for (int i = 0; i < 600; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			int o = open(NAME, O_RDWR);
			int ok = lk(fd, K_SETLK, K_WRLCK, 0, 1) == 0 && lk(fd, K_SETLK, K_RDLCK, 5, 1) == 0 &&
				 lk(o, K_OFD_SETLK, K_WRLCK, 10, 1) == 0 && flock_(o, K_LOCK_EX) == 0;
			_exit(ok ? 0 : 1);
		}
		bad += wait_status(pid) != 0;
	}
	printf("600 children exited holding four locks each: %d failed to lock\n", bad);
	expect("the parent locks everything after", lk(fd, K_SETLK, K_WRLCK, 0, 0), 0);
	expect("and flocks it", flock_(fd, K_LOCK_EX | K_LOCK_NB), 0);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "split_merge", split_merge }, { "any_close", any_close },
	{ "not_inherited", not_inherited }, { "exit_holding", exit_holding },
	{ "deadlock", deadlock }, { "signals", signals }, { "ofd", ofd },
	{ "flocks", flocks }, { "many_exits", many_exits },
};

int
main(void)
{
	fd = open(NAME, O_CREAT | O_RDWR | O_TRUNC, 0644);
	if (fd < 0)
		fail();
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		printf("-- %s\n", tests[i].name);
		tests[i].fn();
	}
	close(fd);
	unlink(NAME);
	printf("locks done\n");
	return 0;
}
