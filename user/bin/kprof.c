/*
 * kprof: the kernel's sampling profiler (kprof(2), ours).
 *
 *   kprof on [HZ]              start sampling every hart HZ times a second (1000)
 *   kprof off                  stop
 *   kprof dump FILE            write the samples to FILE, for tools/kprof
 *   kprof run FILE PROG ARG... on, run PROG and wait for it, off, dump
 *
 * FILE holds a header (struct dumphead), the samples as the kernel gave
 * them (struct kprof_sample), then the spinlocks' counters by name
 * (struct kprof_lockstat); tools/kprof reads it on the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscall.h"

#define DEFAULT_HZ 1000
#define CHUNK 64	/* samples read a call */
#define MAXLOCKS 64	/* lock names (the kernel has room for 32) */

/* What tools/kprof reads first (its HEAD format). */
struct dumphead {
	char magic[8];		/* "KPROF2\0\0" */
	uint64_t hz, samples, dropped;
	uint64_t sample_size, depth;
	uint64_t timebase;	/* rdtime ticks a second */
	uint64_t locks, lock_size;	/* the lock records after the samples */
};

static int
fail(const char *what)
{
	fprintf(stderr, "kprof: %s: %s\n", what, strerror(errno));
	return 1;
}

static int
write_all(int fd, const void *buf, size_t n)
{
	for (const char *p = buf; n;) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
dump(const char *path)
{
	struct kprof_stat st;
	static struct kprof_sample buf[CHUNK];
	static struct kprof_lockstat locks[MAXLOCKS];

	if (kprof(KPROF_STAT, 0, &st, sizeof st) < 0)
		return fail("stat");
	long lbytes = kprof(KPROF_LOCKS, 0, locks, sizeof locks);
	if (lbytes < 0)
		return fail("read");
	struct dumphead h = { "KPROF2", st.hz, st.samples, st.dropped,
			      sizeof(struct kprof_sample), KPROF_DEPTH, st.timebase,
			      (uint64_t)lbytes / sizeof locks[0], sizeof locks[0] };
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return fail(path);
	if (write_all(fd, &h, sizeof h) < 0)
		return fail(path);
	for (uint64_t done = 0;;) {
		long n = kprof(KPROF_READ, done, buf, sizeof buf);
		if (n < 0)
			return fail("read");
		if (n == 0)
			break;
		if (write_all(fd, buf, (size_t)n) < 0)
			return fail(path);
		done += (uint64_t)n / sizeof buf[0];
	}
	if (write_all(fd, locks, (size_t)lbytes) < 0 || close(fd) < 0)
		return fail(path);
	printf("kprof: %llu samples (%llu dropped) at %llu Hz in %s\n",
	       (unsigned long long)st.samples, (unsigned long long)st.dropped,
	       (unsigned long long)st.hz, path);
	return 0;
}

static int
start(const char *hz)
{
	if (kprof(KPROF_START, hz ? strtoull(hz, NULL, 10) : DEFAULT_HZ, NULL, 0) < 0)
		return fail("on");
	return 0;
}

/* on, PROG with its arguments, off, dump: the samples of one run. A
 * PROG without a slash is /bin's, as the shell finds it. */
static int
run(const char *path, char **argv)
{
	extern char **environ;
	char prog[256];
	int status;

	snprintf(prog, sizeof prog, "%s%s", strchr(argv[0], '/') ? "" : "/bin/", argv[0]);

	if (start(NULL))
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		execve(prog, argv, environ);
		fprintf(stderr, "kprof: %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		fail("run");
	if (kprof(KPROF_STOP, 0, NULL, 0) < 0)
		return fail("off");
	return dump(path);
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "on") && argc <= 3)
		return start(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "off"))
		return kprof(KPROF_STOP, 0, NULL, 0) < 0 ? fail("off") : 0;
	if (argc == 3 && !strcmp(argv[1], "dump"))
		return dump(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "run"))
		return run(argv[2], argv + 3);
	fprintf(stderr, "usage: kprof on [HZ] | off | dump FILE | run FILE PROG [ARG...]\n");
	return 2;
}
