/*
 * memstat PROGRAM [ARGS...]: runs PROGRAM and, when it ends, prints what
 * loading and running it cost, one "name: value" line each (loadstat(2)
 * and wait4's rusage): page faults, pages loaded from the file, cached
 * pages mapped beside a fault (fault-around), pages zero-filled, pages
 * of its segments it never touched, bytes read from the disk, and
 * internal fragmentation (bytes of its mapped segment pages that no
 * segment covers). Exits with PROGRAM's status.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscall.h"

static void
print_stats(const struct loadstat *s)
{
	printf("loader: %s\n", s->lazy ? "lazy" : "eager");
	printf("page faults: %llu\n", (unsigned long long)s->faults);
	printf("major faults: %llu\n", (unsigned long long)s->major_faults);
	printf("pages loaded from file: %llu\n", (unsigned long long)s->file_pages);
	printf("pages mapped around faults: %llu\n", (unsigned long long)s->around_pages);
	printf("zero-filled pages: %llu\n", (unsigned long long)s->zero_pages);
	printf("pages never touched: %llu\n", (unsigned long long)s->untouched_pages);
	printf("bytes read from disk: %llu\n", (unsigned long long)s->disk_bytes);
	printf("internal fragmentation: %llu\n", (unsigned long long)s->frag_bytes);
}

int
main(int argc, char **argv)
{
	struct loadstat s;
	int status;

	if (argc < 2) {
		fprintf(stderr, "usage: memstat PROGRAM [ARGS...]\n");
		return 2;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("memstat: fork");
		return 1;
	}
	if (pid == 0) {
		exec_program(argv + 1);
		exec_failed("memstat", argv[1]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, NULL) < 0 || loadstat(LOADSTAT_CHILDREN, &s) < 0) {
		perror("memstat");
		return 1;
	}
	print_stats(&s);
	if (WIFSIGNALED(status)) {
		printf("killed by signal %d\n", WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}
