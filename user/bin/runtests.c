/*
 * runtests [-p] [-d DIR] [NAME...]: runs each test program in DIR
 * (default /tests; every regular file, sorted by name, unless NAMEs are
 * given) between markers a host grader looks for:
 *
 *   @@@ begin NAME
 *   ...the test's own output...
 *   @@@ end NAME status S        (S = exit code)
 *   @@@ end NAME signal N        (killed by signal N)
 *
 * and "@@@ done" after the last one. Exits 1 if any test failed.
 *
 * -p runs each test as a host's harness runs a program it compares with:
 * stdin /dev/null, stdout and stderr one pipe, which runtests copies to
 * its own output until every writer has closed it. A program then sees
 * no terminal (busybox's ls does not colour, stdio buffers fully) on
 * either side of the comparison.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscall.h"

#define MAXTESTS 256

static char *const test_env[] = { "PATH=/bin", NULL };
static int piped;	/* -p */

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the names of the regular files in dir; -1 on error. */
static int
list_tests(const char *dir, char **names)
{
	static char buf[4096];
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int n = 0;
	long len;

	if (fd < 0)
		return -1;
	while ((len = getdents64(fd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			struct stat st;

			off += d->d_reclen;
			if (d->d_name[0] == '.' || n == MAXTESTS)
				continue;
			if (d->d_type != DT_REG &&
			    (d->d_type != DT_UNKNOWN ||
			     fstatat(fd, d->d_name, &st, 0) < 0 || !S_ISREG(st.st_mode)))
				continue;
			names[n] = strdup(d->d_name);
			if (names[n])
				n++;
		}
	}
	close(fd);
	if (len < 0)
		return -1;
	qsort(names, n, sizeof *names, by_name);
	return n;
}

/* -p: the test's output, from the pipe to ours, until its last writer
 * closes it. */
static void
copy_out(int out[2])
{
	char buf[4096];
	ssize_t n;

	close(out[1]);
	while ((n = read(out[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			write(1, buf, n);
	close(out[0]);
}

/* Runs one test; returns 1 if it failed. */
static int
run_test(const char *dir, char *name)
{
	char path[256];
	char *argv[] = { name, NULL };
	int status;
	pid_t pid;

	int out[2];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	printf("@@@ begin %s\n", name);
	fflush(stdout);
	if (piped && pipe(out) < 0) {
		printf("runtests: pipe: %s\n", strerror(errno));
		printf("@@@ end %s status -1\n", name);
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		if (piped) {
			close(out[0]);
			close(out[1]);
		}
		printf("runtests: fork: %s\n", strerror(errno));
		printf("@@@ end %s status -1\n", name);
		return 1;
	}
	if (pid == 0) {
		if (piped) {
			int null = open("/dev/null", O_RDONLY);

			dup2(null, 0);
			dup2(out[1], 1);
			dup2(out[1], 2);
			close(null);
			close(out[0]);
			close(out[1]);
		}
		execve(path, argv, test_env);
		printf("runtests: %s: %s\n", path, strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	if (piped)
		copy_out(out);
	while (wait4(pid, &status, 0, NULL) < 0) {
		if (errno != EINTR) {
			printf("runtests: wait: %s\n", strerror(errno));
			printf("@@@ end %s status -1\n", name);
			return 1;
		}
	}
	if (WIFSIGNALED(status)) {
		printf("@@@ end %s signal %d\n", name, WTERMSIG(status));
		return 1;
	}
	printf("@@@ end %s status %d\n", name, WEXITSTATUS(status));
	return WEXITSTATUS(status) != 0;
}

int
main(int argc, char **argv)
{
	static char *names[MAXTESTS];
	const char *dir = "/tests";
	int first = 1;
	int count;
	int failed = 0;

	if (first < argc && strcmp(argv[first], "-p") == 0) {
		piped = 1;
		first++;
	}
	if (first + 1 < argc && strcmp(argv[first], "-d") == 0) {
		dir = argv[first + 1];
		first += 2;
	}
	if (first < argc) {
		count = argc - first;
		for (int i = 0; i < count; i++)
			names[i] = argv[first + i];
	} else {
		count = list_tests(dir, names);
		if (count < 0) {
			printf("runtests: %s: %s\n", dir, strerror(errno));
			return 1;
		}
	}
	for (int i = 0; i < count; i++)
		failed |= run_test(dir, names[i]);
	printf("@@@ done\n");
	return failed;
}
