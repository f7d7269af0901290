/*
 * lbench OP N ROUNDS [ARG...]: one operation of make bench-linux, done N
 * times a round, ROUNDS rounds, each round printed as
 *
 *   lbench op=OP arg=ARG n=N round=R ns_per_op=T cpu_ns_per_op=C
 *
 * T by CLOCK_MONOTONIC, C by CLOCK_PROCESS_CPUTIME_ID (this process's CPU
 * time: the kernel's work for it and its own, not disk waits nor the
 * children's). Under QEMU -icount shift=0 both count instructions, 1 ns
 * each. A static glibc program: the same binary runs on this kernel and
 * on Linux (tools/benchlinux.py), from the same path on the same image.
 * Each op's function does the operation n times.
 */
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

static long long
now_ns(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) != 0)
		die("clock_gettime");
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
wait_child(pid_t pid)
{
	int status;

	if (pid < 0)
		die("fork");
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "lbench: child ended with status %#x\n", status);
		exit(1);
	}
}

/* boot: nothing; its figure is the time from boot to its start (see
 * main), the first line of the list: boot to the first program. */
static void
op_boot(long n, char **arg)
{
	(void)n;
	(void)arg;
}

/* getppid: a null system call. */
static void
op_getppid(long n, char **arg)
{
	(void)arg;
	for (long i = 0; i < n; i++)
		getppid();
}

/* clock: clock_gettime through libc (a vDSO call where there is one). */
static void
op_clock(long n, char **arg)
{
	(void)arg;
	for (long i = 0; i < n; i++)
		now_ns(CLOCK_MONOTONIC);
}

/* fork: the child _exits at once, the parent waits for it. */
static void
op_fork(long n, char **arg)
{
	(void)arg;
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		wait_child(pid);
	}
}

static void
fork_exec_wait(const char *path)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { (char *)path, NULL };
		char *envp[] = { NULL };
		execve(path, argv, envp);
		_exit(127);
	}
	wait_child(pid);
}

/* exec PATH: fork, the child execs PATH, the parent waits. */
static void
op_exec(long n, char **arg)
{
	for (long i = 0; i < n; i++)
		fork_exec_wait(arg[0]);
}

/* held MIB PATH: exec PATH as above from a parent holding MIB MiB of
 * touched heap, which fork must copy or share. The memory is taken and
 * touched once, before the first round (hold_memory): a round times
 * the forks alone, not the malloc. */
static void
hold_memory(char **arg)
{
	size_t size = strtoul(arg[0], NULL, 0) << 20;
	char *held = size ? malloc(size) : NULL;

	if (size && !held)
		die("malloc");
	for (size_t off = 0; off < size; off += PAGE)
		held[off] = 1;
}

static void
op_held(long n, char **arg)
{
	for (long i = 0; i < n; i++)
		fork_exec_wait(arg[1]);
}

/* spawn PATH: posix_spawn PATH and wait. */
static void
op_spawn(long n, char **arg)
{
	char *argv[] = { arg[0], NULL };
	char *envp[] = { NULL };

	for (long i = 0; i < n; i++) {
		pid_t pid;
		int err = posix_spawn(&pid, arg[0], NULL, NULL, argv, envp);
		if (err != 0) {
			fprintf(stderr, "lbench: posix_spawn %s: %s\n", arg[0], strerror(err));
			exit(1);
		}
		wait_child(pid);
	}
}

/* pingpong: one byte to a child through a pipe and back through another. */
static void
op_pingpong(long n, char **arg)
{
	int there[2], back[2];
	char c = 0;

	(void)arg;
	if (pipe(there) != 0 || pipe(back) != 0)
		die("pipe");
	pid_t pid = fork();
	if (pid == 0) {
		close(there[1]);	/* else its read never sees the end */
		close(back[0]);
		while (read(there[0], &c, 1) == 1 && write(back[1], &c, 1) == 1)
			;
		_exit(0);
	}
	close(there[0]);
	close(back[1]);
	for (long i = 0; i < n; i++)
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			die("pingpong");
	close(there[1]);
	wait_child(pid);
	close(back[0]);
}

/* sockpp: pingpong's shape through one AF_UNIX stream socketpair: a
 * byte to the child on one end and back on the same. */
static void
op_sockpp(long n, char **arg)
{
	int sv[2];
	char c = 0;

	(void)arg;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		die("socketpair");
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);	/* else its read never sees the end */
		while (read(sv[1], &c, 1) == 1 && write(sv[1], &c, 1) == 1)
			;
		_exit(0);
	}
	close(sv[1]);
	for (long i = 0; i < n; i++)
		if (write(sv[0], &c, 1) != 1 || read(sv[0], &c, 1) != 1)
			die("sockpp");
	shutdown(sv[0], SHUT_WR);
	wait_child(pid);
	close(sv[0]);
}

static void *
thread_nothing(void *arg)
{
	return arg;
}

/* thread: pthread_create of a thread that returns at once, and its join. */
static void
op_thread(long n, char **arg)
{
	(void)arg;
	for (long i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, thread_nothing, NULL) != 0 || pthread_join(t, NULL) != 0)
			die("thread");
	}
}

/* Pins the calling thread to hart CPU (sched_setaffinity of tid 0) and
 * checks that it runs there now: a figure said to cross harts must. */
static void
pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		die("sched_setaffinity");
	if (sched_getcpu() != cpu) {
		fprintf(stderr, "lbench: pinned to hart %d, running on %d\n", cpu, sched_getcpu());
		exit(1);
	}
}

/*
 * futexpp: the latency of a futex wake between two threads on different
 * harts. The word is whose turn it is: 1 the partner's, 0 the main
 * thread's; each thread sets it to the other's value, FUTEX_WAKEs the
 * other and FUTEX_WAITs for its own turn. The partner is made once, in
 * futex_partner_start, pinned to hart 1 (the main thread to hart 0),
 * and lives until the process exits. An op is one hand-over: N ops are
 * N/2 round trips, so the figure is a round trip / 2.
 */
static _Atomic int turn;

static void
futex_call(int op, int val)
{
	if (syscall(SYS_futex, &turn, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0) < 0 &&
	    op == FUTEX_WAKE)
		die("futex wake");	/* a wait's EAGAIN or EINTR: the loop looks again */
}

/* waits until turn is not BUSY, the value that means the other's turn */
static void
wait_turn(int busy)
{
	while (turn == busy)
		futex_call(FUTEX_WAIT, busy);
}

static void
hand_over(int to)
{
	turn = to;
	futex_call(FUTEX_WAKE, 1);
}

static void *
futex_partner(void *arg)
{
	(void)arg;
	pin_to(1);
	for (;;) {
		wait_turn(0);
		hand_over(0);
	}
	return NULL;
}

static void
futex_partner_start(char **arg)
{
	pthread_t t;

	(void)arg;
	pin_to(0);
	turn = 1;	/* one untimed hand-over: no round starts before the partner is pinned */
	if (pthread_create(&t, NULL, futex_partner, NULL) != 0)
		die("pthread_create");
	wait_turn(1);
}

static void
op_futexpp(long n, char **arg)
{
	(void)arg;
	if (n % 2) {
		fprintf(stderr, "lbench: futexpp: N must be even (N/2 round trips)\n");
		exit(2);
	}
	for (long i = 0; i < n / 2; i++) {
		hand_over(1);
		wait_turn(1);
	}
}

/* touch PAGES: map PAGES anonymous pages, write a byte of each, unmap. */
static void
op_touch(long n, char **arg)
{
	size_t size = strtoul(arg[0], NULL, 0) * PAGE;

	for (long i = 0; i < n; i++) {
		char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			die("mmap");
		for (size_t off = 0; off < size; off += PAGE)
			p[off] = 1;
		if (munmap(p, size) != 0)
			die("munmap");
	}
}

/* read FILE CHUNK: FILE from the start in CHUNK-byte calls. The buffer is
 * allocated, not static: a big .bss would add to what every fork of this
 * program copies. */
static void
op_read(long n, char **arg)
{
	size_t chunk = strtoul(arg[1], NULL, 0);
	char *buf = chunk ? malloc(chunk) : NULL;

	if (!buf)
		die("malloc");
	for (long i = 0; i < n; i++) {
		int fd = open(arg[0], O_RDONLY);
		ssize_t got;
		if (fd < 0)
			die(arg[0]);
		while ((got = read(fd, buf, chunk)) > 0)
			;
		if (got < 0)
			die("read");
		close(fd);
	}
	free(buf);
}

/* open PATH: open and close PATH. */
static void
op_open(long n, char **arg)
{
	for (long i = 0; i < n; i++) {
		int fd = open(arg[0], O_RDONLY);
		if (fd < 0)
			die(arg[0]);
		close(fd);
	}
}

/* stat DIR COUNT: stat DIR/0 .. DIR/COUNT-1 (one op is all COUNT). */
static void
op_stat(long n, char **arg)
{
	long count = atol(arg[1]);
	char path[256];
	struct stat st;

	for (long i = 0; i < n; i++)
		for (long f = 0; f < count; f++) {
			snprintf(path, sizeof(path), "%s/%ld", arg[0], f);
			if (stat(path, &st) != 0)
				die(path);
		}
}

/* creat DIR COUNT: create DIR/c0 .. c{COUNT-1}, then delete them all. */
static void
op_creat(long n, char **arg)
{
	long count = atol(arg[1]);
	char path[256];

	for (long i = 0; i < n; i++) {
		for (long f = 0; f < count; f++) {
			snprintf(path, sizeof(path), "%s/c%ld", arg[0], f);
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
			if (fd < 0)
				die(path);
			close(fd);
		}
		for (long f = 0; f < count; f++) {
			snprintf(path, sizeof(path), "%s/c%ld", arg[0], f);
			if (unlink(path) != 0)
				die(path);
		}
	}
}

static const struct op {
	const char *name;
	int nargs;
	void (*run)(long n, char **arg);
	int since_boot;	/* timed from boot (clocks at 0), not from its start */
	void (*prepare)(char **arg);	/* before the first round, untimed */
} ops[] = {
	{ "boot", 0, op_boot, 1, NULL },
	{ "getppid", 0, op_getppid, 0, NULL },
	{ "clock", 0, op_clock, 0, NULL },
	{ "fork", 0, op_fork, 0, NULL },
	{ "exec", 1, op_exec, 0, NULL },
	{ "held", 2, op_held, 0, hold_memory },
	{ "spawn", 1, op_spawn, 0, NULL },
	{ "pingpong", 0, op_pingpong, 0, NULL },
	{ "sockpp", 0, op_sockpp, 0, NULL },
	{ "thread", 0, op_thread, 0, NULL },
	{ "futexpp", 0, op_futexpp, 0, futex_partner_start },
	{ "touch", 1, op_touch, 0, NULL },
	{ "read", 2, op_read, 0, NULL },
	{ "open", 1, op_open, 0, NULL },
	{ "stat", 2, op_stat, 0, NULL },
	{ "creat", 2, op_creat, 0, NULL },
};

static const struct op *
find_op(const char *name, int nargs)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(ops[i].name, name) == 0 && ops[i].nargs == nargs)
			return &ops[i];
	return NULL;
}

/* The arguments as one word for the report: "-" when there are none. */
static void
join_args(char *out, size_t size, char **arg, int nargs)
{
	snprintf(out, size, "%s", nargs ? arg[0] : "-");
	for (int i = 1; i < nargs; i++)
		snprintf(out + strlen(out), size - strlen(out), ",%s", arg[i]);
}

int
main(int argc, char **argv)
{
	const struct op *op = argc >= 4 ? find_op(argv[1], argc - 4) : NULL;
	long n = argc >= 4 ? atol(argv[2]) : 0;
	long rounds = argc >= 4 ? atol(argv[3]) : 0;
	char args[256];

	if (!op || n <= 0 || rounds <= 0) {
		fprintf(stderr, "usage: lbench OP N ROUNDS [ARG...]; OP ARG... one of:\n"
				"  boot, getppid, clock, fork, exec PATH, held MIB PATH, spawn PATH,\n"
				"  pingpong, thread, futexpp, touch PAGES, read FILE CHUNK, open PATH,\n"
				"  stat DIR COUNT, creat DIR COUNT\n");
		return 2;
	}
	join_args(args, sizeof(args), argv + 4, argc - 4);
	if (op->prepare)
		op->prepare(argv + 4);
	for (long r = 0; r < rounds; r++) {
		long long t0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
		if (op->since_boot)
			t0 = c0 = 0;
		op->run(n, argv + 4);
		long long c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID), t1 = now_ns(CLOCK_MONOTONIC);
		printf("lbench op=%s arg=%s n=%ld round=%ld ns_per_op=%lld cpu_ns_per_op=%lld\n",
		       op->name, args, n, r, (t1 - t0) / n, (c1 - c0) / n);
		fflush(stdout);
	}
	return 0;
}
