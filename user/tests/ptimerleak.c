/*
 * ptimerleak: POSIX timers and queued signals give back what they take.
 * Thousands of timers on every kind of clock, armed to fire at once with
 * their signal blocked (so it waits queued) and deleted; real-time
 * signals queued to the process until the queue's bound (EAGAIN) and
 * dropped by SIG_IGN; children that exit with armed timers and queued
 * signals; a process's timers at their limit (EAGAIN); a timer is gone
 * after exec. The free page count after a second round equals the
 * count after the first. And /proc/PID/stat shows the nice value. A
 * system test: it counts this kernel's pages and knows its limits
 * (run-host skips it).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define ROUNDS 2000
#define SIGRT 34
#define TIMERS_MAX 256		/* ptimer.c's PTIMERS_MAX */
#define QUEUE_MAX 4096		/* sigqueue.c's SIGQUEUE_MAX */

struct ksigevent {
	long value;
	int signo, notify, tid, pad[11];
};
struct kitimerspec {
	struct timespec interval, value;
};

static int bad;

static void
must(const char *what, long r)
{
	if (r < 0 && !bad++)
		printf("FAIL %s: %ld\n", what, r);
}

static void
block(int how, uint64_t set)
{
	syscall4(SYS_rt_sigprocmask, how, &set, 0, 8);
}

/* A timer on clock, notifying as notify asks, armed to fire in 1 ns
 * (and every 1 ms if periodic); its id. */
static long
armed(int clock, int notify, bool periodic)
{
	struct ksigevent ev = { .value = 1, .signo = SIGRT, .notify = notify,
				.tid = (int)syscall0(SYS_gettid) };
	struct kitimerspec its = { { 0, periodic ? 1000000 : 0 }, { 0, 1 } };
	int id = -1;

	must("timer_create", syscall3(SYS_timer_create, clock, &ev, &id));
	must("timer_settime", syscall4(SYS_timer_settime, id, 0, &its, 0));
	return id;
}

/* rt_sigqueueinfo of SIGRT + 1 to the process itself. */
static long
queue_self(int value)
{
	long si[16] = { SIGRT + 1, (uint32_t)-1 /* SI_QUEUE */, getpid(), value };

	return syscall3(SYS_rt_sigqueueinfo, getpid(), SIGRT + 1, si);
}

static void
drop_queued(void)
{
	struct ksigaction ign = { .handler = 1 /* SIG_IGN */ }, dfl = { 0 };

	rt_sigaction(SIGRT, &ign, NULL);
	rt_sigaction(SIGRT + 1, &ign, NULL);
	rt_sigaction(SIGRT, &dfl, NULL);
	rt_sigaction(SIGRT + 1, &dfl, NULL);
}

static void
round_(void)
{
	static const int clocks[] = { 0, 1, 2, 3, 7, 11 };
	static const int notify[] = { 0 /* SIGNAL */, 1 /* NONE */, 4 /* THREAD_ID */ };

	block(0, 3UL << (SIGRT - 1));
	for (int i = 0; i < ROUNDS; i++) {
		long id = armed(clocks[i % 6], notify[i % 3], i % 5 == 0);
		if (i % 7 == 0)
			pause_ms(0);
		must("timer_delete", syscall1(SYS_timer_delete, id));
		must("sigqueue", queue_self(i));
		if (i % 100 == 99)
			drop_queued();
	}
	drop_queued();
	for (int i = 0; i < 20; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (int k = 0; k < 16; k++)
				armed(k % 2, 0, true);
			for (int k = 0; k < 16; k++)
				queue_self(k);
			pause_ms(5);
			_exit(0);
		}
		must("child", wait_status(pid) == 0 ? 0 : -1);
	}
	block(1, 3UL << (SIGRT - 1));
}

static void
limits(void)
{
	long ids[TIMERS_MAX], r = 0;
	struct ksigevent ev = { .signo = SIGRT, .notify = 1 };
	int n, id;

	for (n = 0; n < TIMERS_MAX && (r = syscall3(SYS_timer_create, 1, &ev, &id)) == 0; n++)
		ids[n] = id;
	check_long("timers created before the limit", n, TIMERS_MAX);
	check_errno("one more", sysret(syscall3(SYS_timer_create, 1, &ev, &id)), EAGAIN);
	for (int k = 0; k < n; k++)
		must("timer_delete", syscall1(SYS_timer_delete, ids[k]));

	block(0, 1UL << SIGRT);
	for (n = 0; n < QUEUE_MAX + 1 && queue_self(n) == 0; n++)
		;
	check_long("signals queued before the bound", n, QUEUE_MAX);
	check_errno("one more", sysret(queue_self(0)), EAGAIN);
	drop_queued();
	block(1, 1UL << SIGRT);
}

/* After exec, in the new program: the timer made before it is gone. */
static int
after_exec(const char *id)
{
	struct kitimerspec cur;

	check_errno("the timer after exec", sysret(syscall2(SYS_timer_gettime, atoi(id), &cur)), EINVAL);
	return 0;
}

static void
exec_drops(char **argv)
{
	pid_t pid = fork();

	if (pid == 0) {
		char arg[16];
		long id = armed(1, 1, true);
		snprintf(arg, sizeof arg, "%ld", id);
		char *args[] = { argv[0], arg, NULL };
		execve("/proc/self/exe", args, environ);
		_exit(99);
	}
	check_long("exec'd child", wait_status(pid), 0);
}

static void
nice_in_stat(void)
{
	char buf[512], *f = buf;
	FILE *s;

	must("setpriority", syscall3(SYS_setpriority, 0, 0, 7));
	if (!(s = fopen("/proc/self/stat", "r")) || !fgets(buf, sizeof buf, s)) {
		printf("FAIL /proc/self/stat\n");
		fail();
	}
	fclose(s);
	f = strrchr(buf, ')');
	long field[20];
	for (int k = 3; k <= 19; k++) {	/* fields 3.. after the name */
		f = strchr(f + 1, ' ');
		field[k] = strtol(f + 1, NULL, 10);
	}
	check_long("/proc/self/stat priority (20 + nice)", field[18], 27);
	check_long("/proc/self/stat nice", field[19], 7);
}

int
main(int argc, char **argv)
{
	if (argc == 2)
		return after_exec(argv[1]);
	steady_pages(argv);
	round_();
	limits();
	long before = free_pages();
	round_();
	limits();
	long after = free_pages();
	check_long("no call failed", bad, 0);
	check_long("pages lost over a round", before - after, 0);
	exec_drops(argv);
	nice_in_stat();
	printf("ptimerleak: done\n");
	return 0;
}
