/*
 * forkfail: fork until memory runs out. A child (the forker) forks
 * children, each blocked in a pipe read, until fork fails with EAGAIN or
 * ENOMEM, or until a copy-on-write fault of its own finds no page and
 * the kernel kills it (SIGKILL, as Linux's OOM killer would); never a
 * panic or a hang. /proc lists every process while memory is gone (but
 * the last few, killed to give the listing a few pages); once
 * they are released and reaped (by init, if the forker was killed) the
 * system forks again and has its free pages back. Done twice, the free
 * pages compared across the second (the first brings the kernel's
 * caches to where they stay).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include <sys/mman.h>
#include "syscall.h"

#define ENOUGH 200	/* far more than a fixed table of 64 */
#define ROOM 8		/* children killed to make room for the listing */
#define MAP_SHARED_ANON 0x21

/* What the forker tells, in a page it shares with the test. */
static volatile struct {
	int forks, err, listed;
} *told;

static long procs_now(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return si.procs;
}

/* The forker: forks until it cannot, lists /proc, lets all go. */
static void forker(void)
{
	int hold[2], status;
	pid_t last[ROOM] = { 0 };
	char c;

	if (pipe(hold) < 0)
		_exit(1);
	for (;;) {
		pid_t pid = fork();
		if (pid == 0) {
			close(hold[1]);
			read(hold[0], &c, 1);
			_exit(0);
		}
		if (pid < 0) {
			told->err = errno;
			break;
		}
		last[told->forks++ % ROOM] = pid;
	}
	for (int i = 0; i < ROOM; i++)
		if (last[i] > 0 && kill(last[i], SIGKILL) == 0 && wait4(last[i], &status, 0, NULL) > 0)
			told->forks--;
	told->listed = proc_pids();
	close(hold[1]);
	while (wait4(-1, &status, 0, NULL) > 0)
		;
	_exit(0);
}

/* One round, its checks printed with round's number. */
static void round_trip(int round)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	long procs = procs_now();
	char what[160];
	int status;

	told->forks = told->err = told->listed = 0;
	pid_t pid = fork();
	if (pid == 0)
		forker();
	if (pid < 0 || wait4(pid, &status, 0, NULL) != pid) {
		printf("FAIL fork or wait4 of the forker: %s\n", strerror(errno));
		fail();
	}
	bool failed = WIFEXITED(status) && (told->err == EAGAIN || told->err == ENOMEM);
	bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	snprintf(what, sizeof what, "round %d: fork failed (EAGAIN, ENOMEM) or the forker was "
		 "killed for want of a page", round);
	check_long(what, failed || killed, 1);
	snprintf(what, sizeof what, "round %d: at least %d forks", round, ENOUGH);
	check_long(what, told->forks >= ENOUGH, 1);
	snprintf(what, sizeof what, "round %d: /proc listed them all (if the forker got to look)",
		 round);
	check_long(what, killed || told->listed >= told->forks, 1);
	/* the orphans of a killed forker are init's to reap */
	for (int i = 0; i < 3000 && procs_now() > procs; i++)
		nanosleep(&tick, NULL);
	snprintf(what, sizeof what, "round %d: every process gone again", round);
	check_long(what, procs_now() <= procs, 1);
}

int
main(int argc, char **argv)
{
	int status;

	(void)argc;
	steady_pages(argv);
	told = (void *)syscall6(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED_ANON, -1, 0);
	round_trip(1);
	long before = free_pages();
	round_trip(2);
	/* the area the processes' kernel stacks live in keeps the page
	 * tables its most processes at once needed: a round with a few
	 * more than the last may add one or two */
	long lost = before - free_pages();
	check_long("free pages back (but for a page table or two)", lost >= 0 && lost <= 2, 1);
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	check_long("a fork afterwards", pid > 0 && wait4(pid, &status, 0, NULL) == pid, 1);
	check_long("and its exit status", WEXITSTATUS(status), 7);
	return 0;
}
