/*
 * parexec: 8 workers in parallel, each doing 50 fork + execve + wait4
 * of /bin/true; every 5th child first tries a missing path (ENOENT),
 * and every 5th another tries /data/notelf.txt (ENOEXEC), before its
 * /bin/true: a failed exec must leave the process able to exec again.
 * After a warm-up round of the same shape, the free page count from
 * sysinfo is the baseline; after the real round it must be back to it
 * exactly (no page leaked by fork, exec, exit or wait on any hart).
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define WORKERS 8
#define ROUNDS 50
#define WARMUP_ROUNDS 5

static char *const child_env[] = { "PATH=/bin", NULL };

/* What one worker saw, sent to the parent through a pipe. */
struct tally {
	long ok;	/* children that exec'd /bin/true and exited 0 */
	long enoent;	/* failed execs of the missing path */
	long enoexec;	/* failed execs of /data/notelf.txt */
	long bad;	/* anything else */
};

enum { FIRST_NONE, FIRST_MISSING, FIRST_NOTELF };

/* In the child: the failing exec (if any), then /bin/true. */
static void __attribute__((noreturn))
child(int first)
{
	char *argv[] = { "true", NULL };

	if (first == FIRST_MISSING &&
	    (execve("/no/such/program", argv, child_env) != -1 || errno != ENOENT))
		_exit(2);
	if (first == FIRST_NOTELF &&
	    (execve("/data/notelf.txt", argv, child_env) != -1 || errno != ENOEXEC))
		_exit(3);
	execve("/bin/true", argv, child_env);
	_exit(4);
}

static void __attribute__((noreturn))
worker(int rounds, int out)
{
	struct tally t = { 0 };

	for (int i = 0; i < rounds; i++) {
		int first = i % 5 == 1 ? FIRST_MISSING : i % 5 == 3 ? FIRST_NOTELF : FIRST_NONE;
		int status;
		pid_t pid = fork();

		if (pid == 0)
			child(first);
		if (pid < 0 || wait4(pid, &status, 0, NULL) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			t.bad++;
			continue;
		}
		t.ok++;
		t.enoent += first == FIRST_MISSING;
		t.enoexec += first == FIRST_NOTELF;
	}
	_exit(write(out, &t, sizeof t) == sizeof t ? 0 : 1);
}

/* Runs the workers in parallel and adds up their tallies. */
static struct tally
run_round(int rounds)
{
	struct tally sum = { 0 }, t;
	pid_t pids[WORKERS];
	int fds[2];

	if (pipe2(fds, 0) < 0) {
		printf("FAIL pipe2: %s\n", strerror(errno));
		fail();
	}
	for (int w = 0; w < WORKERS; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			printf("FAIL fork of worker %d: %s\n", w, strerror(errno));
			fail();
		}
		if (pids[w] == 0) {
			close(fds[0]);
			worker(rounds, fds[1]);
		}
	}
	close(fds[1]);
	/* Tallies are far smaller than the pipe: each write arrives whole. */
	while (read(fds[0], &t, sizeof t) == sizeof t) {
		sum.ok += t.ok;
		sum.enoent += t.enoent;
		sum.enoexec += t.enoexec;
		sum.bad += t.bad;
	}
	close(fds[0]);
	for (int w = 0; w < WORKERS; w++) {
		int status;

		if (wait4(pids[w], &status, 0, NULL) != pids[w] || status != 0)
			sum.bad++;
	}
	return sum;
}


int
main(void)
{
	struct tally warm, t;
	long baseline, after;

	warm = run_round(WARMUP_ROUNDS);
	check_long("warm-up: children that ran /bin/true", warm.ok, WORKERS * WARMUP_ROUNDS);
	check_long("warm-up: anything else", warm.bad, 0);
	baseline = free_pages();
	check_long("free pages > 0", baseline > 0, 1);

	t = run_round(ROUNDS);
	check_long("children that ran /bin/true", t.ok, WORKERS * ROUNDS);
	check_long("execs of a missing path that failed with ENOENT", t.enoent,
		   WORKERS * ROUNDS / 5);
	check_long("execs of /data/notelf.txt that failed with ENOEXEC", t.enoexec,
		   WORKERS * ROUNDS / 5);
	check_long("children or workers that failed", t.bad, 0);
	after = free_pages();
	check_long("free pages after the round minus baseline", after - baseline, 0);
	printf("parexec: ok\n");
	return 0;
}
