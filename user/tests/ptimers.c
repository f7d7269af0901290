/*
 * ptimers: what the C library's programs (user/libc timers, clocks,
 * sigwait) do not reach. A timer on the process's and on the thread's
 * CPU-time clock fires in a busy loop with SI_TIMER and its value;
 * ITIMER_PROF fires in one too; a periodic timer whose signal is
 * blocked counts overruns (si_overrun, timer_getoverrun); a child
 * that exits with armed timers is reaped as usual; rt_sigqueueinfo's
 * EPERM rule (a kill's si_code to another process), its value in
 * siginfo, rt_tgsigqueueinfo to a thread; the raw getpriority's
 * 20 - nice. Raw system calls: picolibc has no timer_create.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define SIGRT 34		/* a real-time signal (SIGRTMIN + 2) */
#define L_SA_SIGINFO 4
#define L_SI_TIMER (-2)
#define L_SI_QUEUE (-1)
#define L_SIGEV_SIGNAL 0
#define L_TIMER_ABSTIME 1

struct ksigevent {
	long value;
	int signo, notify, tid, pad[11];
};
struct kitimerspec {
	struct timespec interval, value;
};
/* rv64's siginfo, as far as these tests read it */
struct ksiginfo {
	int signo, err, code, pad;
	int pid_or_tid, uid_or_overrun;
	long value;
	char rest[128 - 32];
};

static volatile int hits, last_code, last_value;

static void
on_signal(int sig, struct ksiginfo *si, void *uc)
{
	(void)sig;
	(void)uc;
	hits++;
	last_code = si->code;
	last_value = (int)si->value;
}

static void
catch(int sig)
{
	struct ksigaction sa = { .handler = (unsigned long)on_signal, .flags = L_SA_SIGINFO };

	rt_sigaction(sig, &sa, NULL);
}

static long
timer_new(int clock, int sig, int value)
{
	struct ksigevent ev = { .value = value, .signo = sig, .notify = L_SIGEV_SIGNAL };
	int id = -1;
	long r = syscall3(SYS_timer_create, clock, &ev, &id);

	return r < 0 ? r : id;
}

static long
timer_set(long id, long value_ns, long interval_ns)
{
	struct kitimerspec its = { { 0, interval_ns }, { 0, value_ns } };

	return syscall4(SYS_timer_settime, id, 0, &its, 0);
}

/* Spins until the handler has run (or 5 s of wall time). */
static void
spin_until_hit(void)
{
	long start = now_ms();
	volatile unsigned long x = 0;

	while (!hits && now_ms() - start < 5000)
		x++;
}

static void
cpu_timer(int clock, const char *name)
{
	hits = 0;
	catch(SIGUSR1);
	long id = timer_new(clock, SIGUSR1, 5);
	check_long(name, id >= 0, 1);
	check_long("settime 30 ms of CPU time", timer_set(id, 30000000, 0), 0);
	spin_until_hit();
	check_long("  fired once in a busy loop", hits, 1);
	check_long("  si_code SI_TIMER", last_code, L_SI_TIMER);
	check_long("  si_value", last_value, 5);
	check_long("  delete", syscall1(SYS_timer_delete, id), 0);
}

static void
itimer_prof(void)
{
	struct { long isec, iusec, sec, usec; } it = { 0, 0, 0, 20000 };

	hits = 0;
	catch(SIGPROF);
	check_long("setitimer ITIMER_PROF 20 ms", syscall3(SYS_setitimer, 2, &it, 0), 0);
	spin_until_hit();
	check_long("  SIGPROF once in a busy loop", hits, 1);
}

static void
overruns(void)
{
	uint64_t set = 1UL << (SIGRT - 1);
	struct ksiginfo si;
	struct timespec wait = { 1, 0 };

	syscall4(SYS_rt_sigprocmask, 0 /* SIG_BLOCK */, &set, 0, 8);
	long id = timer_new(1 /* CLOCK_MONOTONIC */, SIGRT, 9);
	check_long("periodic timer, its signal blocked", timer_set(id, 5000000, 5000000), 0);
	pause_ms(100);
	long sig = syscall4(SYS_rt_sigtimedwait, &set, &si, &wait, 8);
	check_long("  sigtimedwait takes it", sig, SIGRT);
	check_long("  si_code SI_TIMER", si.code, L_SI_TIMER);
	check_long("  si_timerid not negative", si.pid_or_tid >= 0, 1);
	check_long("  si_overrun counted", si.uid_or_overrun > 5, 1);
	check_long("  timer_getoverrun agrees", syscall1(SYS_timer_getoverrun, id) == si.uid_or_overrun, 1);
	check_long("  delete", syscall1(SYS_timer_delete, id), 0);
	check_errno("  getoverrun after delete", sysret(syscall1(SYS_timer_getoverrun, id)), EINVAL);
	syscall4(SYS_rt_sigprocmask, 1 /* SIG_UNBLOCK */, &set, 0, 8);
}

static void
exit_armed(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		uint64_t set = 1UL << (SIGRT - 1);
		syscall4(SYS_rt_sigprocmask, 0, &set, 0, 8);	/* pending, never delivered */
		for (int i = 0; i < 8; i++)
			timer_set(timer_new(1, SIGRT, i), 1000000, 1000000);
		pause_ms(20);
		_exit(3);
	}
	check_long("a child exits with 8 armed timers: status", wait_status(pid), 3);
}

static long
queue(int pid, int sig, int code, int value)
{
	struct ksiginfo si = { .signo = sig, .code = code, .pid_or_tid = getpid(), .value = value };

	return syscall3(SYS_rt_sigqueueinfo, pid, sig, &si);
}

static void
sigqueue_rules(void)
{
	uint64_t set = 3UL << (SIGRT - 1);	/* SIGRT and SIGRT + 1 */
	struct ksiginfo si;
	struct timespec wait = { 1, 0 };

	pid_t pid = fork();
	if (pid == 0) {
		pause_ms(2000);
		_exit(0);
	}
	check_errno("rt_sigqueueinfo SI_USER to another", sysret(queue(pid, SIGRT, 0, 1)), EPERM);
	check_errno("rt_sigqueueinfo SI_TKILL to another", sysret(queue(pid, SIGRT, -6, 1)), EPERM);
	check_long("rt_sigqueueinfo SI_QUEUE to another", queue(pid, 0, L_SI_QUEUE, 1), 0);
	syscall2(SYS_kill, pid, SIGKILL);
	wait_status(pid);

	syscall4(SYS_rt_sigprocmask, 0, &set, 0, 8);
	check_long("rt_sigqueueinfo SI_USER to itself", queue(getpid(), SIGRT, 0, 7), 0);
	check_long("sigtimedwait takes it", syscall4(SYS_rt_sigtimedwait, &set, &si, &wait, 8), SIGRT);
	check_long("  its si_code SI_USER", si.code, 0);
	check_long("  its si_pid as sent", si.pid_or_tid == getpid(), 1);
	struct ksiginfo mine = { .signo = SIGRT + 1, .code = L_SI_QUEUE, .value = 8 };
	check_long("rt_tgsigqueueinfo to its thread",
		   syscall4(SYS_rt_tgsigqueueinfo, getpid(), syscall0(SYS_gettid), SIGRT + 1, &mine), 0);
	check_long("sigtimedwait takes it", syscall4(SYS_rt_sigtimedwait, &set, &si, &wait, 8), SIGRT + 1);
	check_long("  its value", si.value, 8);
	check_long("  its si_code SI_QUEUE", si.code, L_SI_QUEUE);
	check_errno("rt_tgsigqueueinfo tid 0", sysret(syscall4(SYS_rt_tgsigqueueinfo, getpid(), 0, SIGRT, &si)), EINVAL);
	syscall4(SYS_rt_sigprocmask, 1, &set, 0, 8);
}

static void
priorities(void)
{
	check_long("raw getpriority: 20 - nice", syscall2(SYS_getpriority, 0, 0), 20);
	check_long("setpriority 5", syscall3(SYS_setpriority, 0, 0, 5), 0);
	check_long("raw getpriority", syscall2(SYS_getpriority, 0, 0), 15);
	check_long("setpriority 100: clamped to 19", syscall3(SYS_setpriority, 0, 0, 100), 0);
	check_long("raw getpriority", syscall2(SYS_getpriority, 0, 0), 1);
	check_errno("getpriority PRIO_USER 4242", sysret(syscall2(SYS_getpriority, 2, 4242)), ESRCH);
	check_errno("setpriority bad which", sysret(syscall3(SYS_setpriority, 7, 0, 0)), EINVAL);
}

int
main(void)
{
	cpu_timer(2 /* CLOCK_PROCESS_CPUTIME_ID */, "timer on CLOCK_PROCESS_CPUTIME_ID");
	cpu_timer(3 /* CLOCK_THREAD_CPUTIME_ID */, "timer on CLOCK_THREAD_CPUTIME_ID");
	itimer_prof();
	overruns();
	exit_armed();
	sigqueue_rules();
	priorities();
	printf("ptimers: done\n");
	return 0;
}
