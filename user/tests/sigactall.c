/*
 * sigactall: rt_sigaction on every signal, as glibc's posix_spawn child
 * calls it: each one read, set to SIG_IGN with flags and a full mask,
 * set to the same again (a call that changes nothing), back to SIG_DFL
 * and to SIG_DFL again; each call's old value printed, and SIGKILL and
 * SIGSTOP refused.
 * Setting SIG_IGN discards a blocked pending signal, even when the
 * signal was ignored already.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define L_SIG_BLOCK 0
#define L_SIG_SETMASK 2
#define L_SIG_DFL 0
#define L_SIG_IGN 1
#define L_SA_RESTART 0x10000000UL
#define L_SA_NODEFER 0x40000000UL
#define L_SIGKILL 9
#define L_SIGUSR1 10
#define L_SIGSTOP 19
#define NSIGS 64
#define BIT(sig) (1ULL << ((sig) - 1))

/* rt_sigaction(sig, act, old); -errno on failure. */
static long
sigact(int sig, const struct ksigaction *act, struct ksigaction *old)
{
	return syscall4(SYS_rt_sigaction, sig, act, old, sizeof(uint64_t));
}

/* Sets act on sig and prints the call's result and the old value. */
static void
set_show(const char *what, int sig, const struct ksigaction *act)
{
	/* room past Linux's struct: qemu-riscv64 7.2 writes a sa_restorer
	 * word there, which would land on this frame's neighbours */
	struct { struct ksigaction k; unsigned long spare; } old = { { 7, 7, 7 }, 0 };
	long r = sigact(sig, act, &old.k);

	if (r < 0)
		printf(" %s=%s", what, errno_name((int)-r));
	else
		printf(" %s=(%lu,%#lx,%#llx)", what, old.k.handler, old.k.flags,
		       (unsigned long long)old.k.mask);
}

static void
every_signal(void)
{
	/* every signal blocked in the handler but those none can block
	 * (Linux drops them from a mask, qemu-user does not) */
	const struct ksigaction ign = { L_SIG_IGN, L_SA_RESTART | L_SA_NODEFER,
					~(BIT(L_SIGKILL) | BIT(L_SIGSTOP)) };
	const struct ksigaction dfl = { L_SIG_DFL, 0, 0 };

	for (int sig = 1; sig <= NSIGS; sig++) {
		printf("signal %d:", sig);
		set_show("read", sig, NULL);
		set_show("ign", sig, &ign);
		set_show("ign-again", sig, &ign);
		set_show("dfl", sig, &dfl);
		set_show("dfl-again", sig, &dfl);
		printf("\n");
	}
	check_errno("rt_sigaction(0)", as_libc(sigact(0, NULL, NULL)), EINVAL);
	check_errno("rt_sigaction(65)", as_libc(sigact(NSIGS + 1, NULL, NULL)), EINVAL);
	check_errno("a sigset size of 4", as_libc(syscall4(SYS_rt_sigaction, L_SIGUSR1, NULL,
							  NULL, 4)), EINVAL);
}

static uint64_t
pending(void)
{
	uint64_t set = 0;

	syscall2(SYS_rt_sigpending, &set, sizeof(set));
	return set;
}

/* A blocked ignored signal stays pending; SIG_IGN set again discards it. */
static void
ignore_discards(void)
{
	const struct ksigaction ign = { L_SIG_IGN, 0, 0 };
	uint64_t usr1 = BIT(L_SIGUSR1), none = 0;

	check_long("SIG_IGN on SIGUSR1", sigact(L_SIGUSR1, &ign, NULL), 0);
	check_long("SIGUSR1 blocked",
		   syscall4(SYS_rt_sigprocmask, L_SIG_BLOCK, &usr1, NULL, sizeof(usr1)), 0);
	kill(getpid(), L_SIGUSR1);
	check_long("blocked and ignored, SIGUSR1 is pending", pending() == usr1, 1);
	check_long("SIG_IGN on SIGUSR1 again", sigact(L_SIGUSR1, &ign, NULL), 0);
	check_long("and it is discarded", pending(), 0);
	syscall4(SYS_rt_sigprocmask, L_SIG_SETMASK, &none, NULL, sizeof(none));
}

int
main(void)
{
	every_signal();
	ignore_discards();
	return 0;
}
