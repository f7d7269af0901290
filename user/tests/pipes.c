/*
 * pipes: pipe2 semantics, each test a function in one table. Data comes
 * out as it went in; readers see end of file once the last writer is
 * gone (also when they were already asleep); writers with no reader get
 * EPIPE, and SIGPIPE kills them by default (also when they were asleep
 * on a full pipe); a signal wakes a reader asleep on an empty one; 1 MiB crosses a pipe intact; and a token goes 2000
 * times round a ring of 4 processes, each pinned (sched_setaffinity) to
 * one of the harts in turn, so that with several harts every pass wakes
 * a process on another hart; each checks (sched_getcpu) that it runs
 * where it was pinned. Nothing printed depends on how many harts.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define BIG (1024 * 1024)
#define RING 4
#define PASSES 2000

static char buf[65536];

/* Reads exactly n bytes unless end of file comes first; returns the count. */
static long
read_full(int fd, void *p, long n)
{
	long got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)p + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 && got == 0 ? -1 : got;
		got += r;
	}
	return got;
}

static int
write_full(int fd, const void *p, long n)
{
	for (long done = 0; done < n;) {
		ssize_t w = write(fd, (const char *)p + done, n - done);

		if (w < 0)
			return -1;
		done += w;
	}
	return 0;
}

/* Waits for pid; returns its status word. */
static int
reap(pid_t pid)
{
	int status = -1;

	if (wait4(pid, &status, 0, NULL) != pid) {
		printf("FAIL wait4(%d): %s\n", pid, strerror(errno));
		fail();
	}
	return status;
}

static void
caught(int sig)
{
	(void)sig;
}

static void
pipe_basic(void)
{
	int fds[2];

	check_long("pipe2(fds, 0)", pipe2(fds, 0), 0);
	check_long("the two ends are different fds", fds[0] != fds[1], 1);
	check_long("write 5 bytes", write(fds[1], "hello", 5), 5);
	check_long("read them back", read(fds[0], buf, sizeof buf), 5);
	buf[5] = '\0';
	check_str("the bytes read", buf, "hello");
	check_errno("read from the write end", read(fds[1], buf, 1), EBADF);
	check_errno("write to the read end", write(fds[0], "x", 1), EBADF);
	check_errno("pipe2 with an unknown flag", pipe2(fds, O_APPEND), EINVAL);
	close(fds[0]);
	close(fds[1]);
}

static void
pipe_eof(void)
{
	int fds[2];
	int seen = 0;
	long n;
	pid_t pid;

	/* Three writers, each a child that writes its letter and exits. */
	pipe2(fds, 0);
	for (int i = 0; i < 3; i++) {
		if (fork() == 0) {
			close(fds[0]);
			write(fds[1], &"abc"[i], 1);
			_exit(0);
		}
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof buf)) > 0)
		for (long i = 0; i < n; i++)
			seen |= 1 << (buf[i] - 'a');
	check_long("read returns 0 once every writer has exited", n, 0);
	check_long("it got each writer's byte first (bit mask)", seen, 7);
	check_long("and 0 again after that", read(fds[0], buf, 1), 0);
	close(fds[0]);
	for (int i = 0; i < 3; i++)
		wait4(-1, NULL, 0, NULL);

	/* A reader already asleep wakes up at end of file. */
	pipe2(fds, 0);
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		_exit(read(fds[0], buf, 1) == 0 ? 0 : 1);
	}
	close(fds[0]);
	pause_ms(50);
	close(fds[1]);
	check_long("a sleeping reader sees EOF when the writer closes (exit status)",
		   reap(pid), 0);
}

static void
pipe_epipe(void)
{
	int fds[2];
	int status;
	pid_t pid;

	/* SIGPIPE ignored: the write fails with EPIPE and the writer lives. */
	pipe2(fds, 0);
	close(fds[0]);
	sigdisposition(SIGPIPE, SIG_IGN);
	check_errno("write with no reader, SIGPIPE ignored", write(fds[1], "x", 1), EPIPE);
	sigdisposition(SIGPIPE, SIG_DFL);
	close(fds[1]);

	/* The default action: the writer dies of SIGPIPE. */
	pipe2(fds, 0);
	close(fds[0]);
	pid = fork();
	if (pid == 0) {
		write(fds[1], "x", 1);
		_exit(0);
	}
	close(fds[1]);
	status = reap(pid);
	check_long("writer with no reader: WIFSIGNALED", WIFSIGNALED(status), 1);
	check_long("writer with no reader: WTERMSIG", WTERMSIG(status), SIGPIPE);

	/* A writer asleep on a full pipe dies when the reader goes. */
	pipe2(fds, 0);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		write(fds[1], buf, sizeof buf);
		write(fds[1], buf, sizeof buf);
		_exit(0);
	}
	close(fds[1]);
	check_long("read 100 bytes of the blocked writer's data",
		   read_full(fds[0], buf, 100), 100);
	close(fds[0]);
	status = reap(pid);
	check_long("blocked writer, reader closed: WIFSIGNALED", WIFSIGNALED(status), 1);
	check_long("blocked writer, reader closed: WTERMSIG", WTERMSIG(status), SIGPIPE);
}

static unsigned char
pattern(long i)
{
	return (unsigned char)(i * 13 + (i >> 9));
}

/* FNV-1a, 32 bits. */
static uint32_t
fnv1a(uint32_t h, const unsigned char *p, long n)
{
	for (long i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* A reader asleep on an empty pipe, its writer still open, is woken
 * by a signal: killed by SIGTERM, or EINTR from a handler's signal. */
static void
pipe_signal(void)
{
	int fds[2], status;

	check_long("pipe2", pipe2(fds, 0), 0);
	pid_t pid = fork();
	if (pid == 0) {
		read(fds[0], buf, 1);
		_exit(1);
	}
	pause_ms(20);
	kill(pid, SIGTERM);
	status = reap(pid);
	check_long("reader asleep, SIGTERM: WIFSIGNALED", WIFSIGNALED(status), 1);
	check_long("reader asleep, SIGTERM: WTERMSIG", WTERMSIG(status), SIGTERM);
	pid = fork();
	if (pid == 0) {
		sigdisposition(SIGUSR1, caught);
		ssize_t r = read(fds[0], buf, 1);
		_exit(r < 0 && errno == EINTR ? 0 : 1);
	}
	pause_ms(20);
	kill(pid, SIGUSR1);
	status = reap(pid);
	check_long("reader asleep, SIGUSR1 caught: read gave EINTR (exit status)",
		   WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	close(fds[0]);
	close(fds[1]);
}

static void
pipe_big(void)
{
	static const long wsizes[] = { 1, 7, 4096, 5000, 333, 65536, 4032 };
	static const long rsizes[] = { 3, 512, 4096, 10000, 65536 };
	unsigned char *want = (unsigned char *)buf;
	uint32_t hwant = 2166136261u, hgot = 2166136261u;
	long total = 0;
	int fds[2];
	pid_t pid;

	for (long i = 0; i < BIG; i += sizeof buf) {
		for (long j = 0; j < (long)sizeof buf; j++)
			want[j] = pattern(i + j);
		hwant = fnv1a(hwant, want, sizeof buf);
	}
	pipe2(fds, 0);
	pid = fork();
	if (pid == 0) {
		static unsigned char chunk[65536];

		close(fds[0]);
		for (long off = 0, k = 0; off < BIG; k++) {
			long n = wsizes[k % 7];

			if (n > BIG - off)
				n = BIG - off;
			for (long j = 0; j < n; j++)
				chunk[j] = pattern(off + j);
			if (write_full(fds[1], chunk, n) < 0)
				_exit(1);
			off += n;
		}
		_exit(0);
	}
	close(fds[1]);
	for (long k = 0;; k++) {
		ssize_t n = read(fds[0], buf, rsizes[k % 5]);

		if (n <= 0)
			break;
		hgot = fnv1a(hgot, (unsigned char *)buf, n);
		total += n;
	}
	close(fds[0]);
	check_long("bytes through the pipe", total, BIG);
	check_long("FNV-1a of what was read", hgot, hwant);
	check_long("the writer's exit status", reap(pid), 0);
}

/* The n-th hart (counting round) of those this process may run on. */
static int
nth_hart(uint64_t mask, int n)
{
	int harts = __builtin_popcountll(mask);

	n %= harts;
	for (int cpu = 0; cpu < 64; cpu++)
		if (((mask >> cpu) & 1) && n-- == 0)
			return cpu;
	return -1;
}

/* Ring member i, pinned to hart cpu: reads the token from ring[i],
 * passes token + 1 on. */
static void __attribute__((noreturn))
ring_member(int i, int cpu, int ring[RING][2])
{
	int in = ring[i][0], out = ring[(i + 1) % RING][1];
	int away = 0;

	if (set_affinity(0, 1ULL << cpu) < 0) {
		printf("FAIL ring member %d: sched_setaffinity to hart %d: %s\n", i, cpu,
		       strerror(errno));
		exit(1);
	}

	for (int k = 0; k < RING; k++) {
		if (ring[k][0] != in)
			close(ring[k][0]);
		if (ring[k][1] != out)
			close(ring[k][1]);
	}
	for (int k = 0; k < PASSES / RING; k++) {
		int token;

		if (read_full(in, &token, sizeof token) != sizeof token) {
			printf("FAIL ring member %d: read %d: %s\n", i, k, strerror(errno));
			exit(1);
		}
		if (token != i + RING * k) {
			printf("FAIL ring member %d: expected token %d, got %d\n", i,
			       i + RING * k, token);
			exit(1);
		}
		away += sched_getcpu() != cpu;
		token++;
		if (write_full(out, &token, sizeof token) < 0) {
			printf("FAIL ring member %d: write: %s\n", i, strerror(errno));
			exit(1);
		}
	}
	if (away) {
		printf("FAIL ring member %d: off its hart %d in %d of %d passes\n", i, cpu, away,
		       PASSES / RING);
		exit(1);
	}
	_exit(0);
}

static void
pipe_ring(void)
{
	int ring[RING][2];
	pid_t pids[RING];
	int token = 0;
	int ok = 0;
	uint64_t harts;

	check_long("sched_getaffinity", get_affinity(0, &harts), 0);
	for (int i = 0; i < RING; i++)
		pipe2(ring[i], 0);
	fflush(stdout);
	for (int i = 0; i < RING; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			ring_member(i, nth_hart(harts, i), ring);
	}
	/* Keep ring[0]'s read end: the last pass comes back to us. */
	for (int i = 0; i < RING; i++) {
		if (i != 0)
			close(ring[i][0]);
		if (i != 0)
			close(ring[i][1]);
	}
	write_full(ring[0][1], &token, sizeof token);
	close(ring[0][1]);
	for (int i = 0; i < RING; i++)
		ok += reap(pids[i]) == 0;
	check_long("ring members that exited 0", ok, RING);
	check_long("the token after 2000 passes", read_full(ring[0][0], &token, sizeof token),
		   sizeof token);
	check_long("token value", token, PASSES);
	close(ring[0][0]);
}

static const struct {
	const char *name;
	void (*run)(void);
} tests[] = {
	{ "pipe_basic", pipe_basic },
	{ "pipe_eof", pipe_eof },
	{ "pipe_epipe", pipe_epipe },
	{ "pipe_signal", pipe_signal },
	{ "pipe_big", pipe_big },
	{ "pipe_ring", pipe_ring },
};

int
main(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (argc > 1 && strcmp(argv[1], tests[i].name) != 0)
			continue;
		printf("-- %s\n", tests[i].name);
		tests[i].run();
	}
	printf("pipes: ok\n");
	return 0;
}
