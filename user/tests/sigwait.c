/*
 * sigwait: rt_sigtimedwait and tkill. A blocked signal is taken by the
 * wait instead of being delivered, lowest number first, with a siginfo
 * naming its sender (SI_USER from kill, SI_TKILL from tkill); the wait
 * ends at its timeout (EAGAIN), or with EINTR when a signal with a
 * handler comes; signals outside the set stay pending; a signal sent
 * by another process wakes the waiter.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define L_SIG_BLOCK 0
#define L_SI_USER 0
#define L_SI_TKILL (-6)
#define ITIMER_REAL 0
#define BIT(sig) (1ULL << ((sig) - 1))

struct ksiginfo {
	int32_t signo, err, code, pad;
	int32_t pid, uid;
	char rest[104];
};

struct kts {
	int64_t sec, nsec;
};

static volatile int alarms;

static void
on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static long
timedwait(uint64_t set, struct ksiginfo *info, const struct kts *timeout)
{
	return sysret(syscall4(SYS_rt_sigtimedwait, &set, info, timeout, sizeof(set)));
}

static void
takes_pending(void)
{
	struct ksiginfo info;
	struct kts second = { 1, 0 };

	kill(getpid(), SIGUSR1);
	check_long("rt_sigtimedwait takes SIGUSR1 sent by kill",
		   timedwait(BIT(SIGUSR1), &info, &second), SIGUSR1);
	check_long("si_signo", info.signo, SIGUSR1);
	check_long("si_code is SI_USER", info.code, L_SI_USER);
	check_long("si_pid is ours", info.pid == getpid(), 1);
	check_long("si_uid is ours", info.uid == syscall0(174 /* getuid */), 1);

	check_long("tkill(gettid, SIGUSR1)",
		   sysret(syscall2(SYS_tkill, syscall0(SYS_gettid), SIGUSR1)), 0);
	check_long("taken with info NULL and no timeout", timedwait(BIT(SIGUSR1), NULL, NULL),
		   SIGUSR1);
	syscall2(SYS_tkill, getpid(), SIGUSR2);
	check_long("SIGUSR2 from tkill", timedwait(BIT(SIGUSR2), &info, &second), SIGUSR2);
	check_long("si_code is SI_TKILL", info.code, L_SI_TKILL);
	check_long("si_pid is ours", info.pid == getpid(), 1);

	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR1);
	check_long("two pending: the lower first",
		   timedwait(BIT(SIGUSR1) | BIT(SIGUSR2), NULL, &second), SIGUSR1);
	check_long("then the other", timedwait(BIT(SIGUSR1) | BIT(SIGUSR2), NULL, &second),
		   SIGUSR2);
}

static void
timeouts(void)
{
	struct kts zero = { 0, 0 }, short_wait = { 0, 100000000 }, bad = { 0, 1000000000 };
	uint64_t pending = 0;

	check_errno("nothing pending, zero timeout", timedwait(BIT(SIGUSR1), NULL, &zero), EAGAIN);
	long t0 = now_ms();
	check_errno("nothing pending, 100 ms", timedwait(BIT(SIGUSR1), NULL, &short_wait), EAGAIN);
	check_long("waited 90 ms or more", now_ms() - t0 >= 90, 1);

	kill(getpid(), SIGUSR2);
	check_errno("SIGUSR2 pending, waiting for SIGUSR1", timedwait(BIT(SIGUSR1), NULL, &zero),
		    EAGAIN);
	syscall2(SYS_rt_sigpending, &pending, sizeof(pending));
	check_long("SIGUSR2 still pending", pending == BIT(SIGUSR2), 1);
	check_long("taken", timedwait(BIT(SIGUSR2), NULL, &zero), SIGUSR2);

	uint64_t set = BIT(SIGUSR1);
	check_errno("set size 4", sysret(syscall4(SYS_rt_sigtimedwait, &set, 0, &zero, 4)), EINVAL);
	check_errno("tv_nsec of a second", timedwait(BIT(SIGUSR1), NULL, &bad), EINVAL);
	check_errno("bad set pointer",
		    sysret(syscall4(SYS_rt_sigtimedwait, 8L, 0, &zero, sizeof(set))), EFAULT);
}

/* SIGALRM, not in the set and with a handler, ends the wait. */
static void
interrupted(void)
{
	struct ksigaction sa = { .handler = (unsigned long)on_alarm };
	int64_t timer[4] = { 0, 0, 0, 100000 };	/* once, in 100 ms */
	struct kts two = { 2, 0 };

	rt_sigaction(SIGALRM, &sa, NULL);
	syscall3(SYS_setitimer, ITIMER_REAL, timer, 0);
	check_errno("SIGALRM's handler interrupts the wait", timedwait(BIT(SIGUSR1), NULL, &two),
		    EINTR);
	check_long("the handler ran", alarms, 1);
}

/* A child sends SIGUSR1 while the parent waits for it. */
static void
from_another(void)
{
	struct ksiginfo info;
	struct kts two = { 2, 0 };
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		struct kts ms50 = { 0, 50000000 };
		syscall2(SYS_nanosleep, &ms50, 0);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	check_long("a child's SIGUSR1 wakes the wait", timedwait(BIT(SIGUSR1), &info, &two), SIGUSR1);
	check_long("si_pid is the child's", info.pid == pid, 1);
	int status;
	check_long("child exits", wait4(pid, &status, 0, NULL) == pid && status == 0, 1);
}

static void
tkill_errors(void)
{
	check_long("tkill(self, 0)", sysret(syscall2(SYS_tkill, getpid(), 0)), 0);
	check_errno("tkill(0, SIGUSR1)", sysret(syscall2(SYS_tkill, 0, SIGUSR1)), EINVAL);
	check_errno("tkill(-1, SIGUSR1)", sysret(syscall2(SYS_tkill, -1, SIGUSR1)), EINVAL);
	check_errno("tkill(self, 65)", sysret(syscall2(SYS_tkill, getpid(), 65)), EINVAL);
	check_errno("tkill(no such thread)", sysret(syscall2(SYS_tkill, 0x3fffffff, 0)), ESRCH);
}

int
main(void)
{
	uint64_t block = BIT(SIGUSR1) | BIT(SIGUSR2);

	syscall4(SYS_rt_sigprocmask, L_SIG_BLOCK, &block, 0, sizeof(block));
	takes_pending();
	timeouts();
	interrupted();
	from_another();
	tkill_errors();
	printf("sigwait: all passed\n");
	return 0;
}
