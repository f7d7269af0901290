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
 *
 *   getppid               a null system call
 *   fork                  fork, the child _exits, the parent waits
 *   exec PATH             fork, the child execs PATH, the parent waits
 *   read FILE CHUNK       read FILE from the start in CHUNK-byte calls
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

static void
op_getppid(char **arg)
{
	(void)arg;
	getppid();
}

static void
op_fork(char **arg)
{
	(void)arg;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	wait_child(pid);
}

static void
op_exec(char **arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { arg[0], NULL };
		char *envp[] = { NULL };
		execve(arg[0], argv, envp);
		_exit(127);
	}
	wait_child(pid);
}

/* The buffer is allocated here, not static: a big .bss would add to what
 * every fork of this program copies. */
static void
op_read(char **arg)
{
	size_t chunk = strtoul(arg[1], NULL, 0);
	char *buf = chunk ? malloc(chunk) : NULL;
	int fd = open(arg[0], O_RDONLY);
	ssize_t n;

	if (!buf) {
		fprintf(stderr, "lbench: no buffer of %s bytes\n", arg[1]);
		exit(1);
	}
	if (fd < 0)
		die(arg[0]);
	while ((n = read(fd, buf, chunk)) > 0)
		;
	if (n < 0)
		die("read");
	close(fd);
	free(buf);
}

static const struct op {
	const char *name;
	int nargs;
	void (*run)(char **arg);
} ops[] = {
	{ "getppid", 0, op_getppid },
	{ "fork", 0, op_fork },
	{ "exec", 1, op_exec },
	{ "read", 2, op_read },
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
				"  getppid, fork, exec PATH, read FILE CHUNK\n");
		return 2;
	}
	join_args(args, sizeof(args), argv + 4, argc - 4);
	for (long r = 0; r < rounds; r++) {
		long long t0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
		for (long i = 0; i < n; i++)
			op->run(argv + 4);
		long long c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID), t1 = now_ns(CLOCK_MONOTONIC);
		printf("lbench op=%s arg=%s n=%ld round=%ld ns_per_op=%lld cpu_ns_per_op=%lld\n",
		       op->name, args, n, r, (t1 - t0) / n, (c1 - c0) / n);
		fflush(stdout);
	}
	return 0;
}
