/*
 * altstack: sigaltstack. A handler installed with SA_ONSTACK runs on
 * the alternate stack, where sigaltstack says SS_ONSTACK and refuses a
 * change (EPERM); one without it runs on the ordinary stack; the stack
 * must hold MINSIGSTKSZ (ENOMEM), unknown flags are EINVAL; a child
 * inherits the stack; SS_DISABLE turns it off. A stack overflow's
 * SIGSEGV is handled on it, where the ordinary stack has no room.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define L_SA_ONSTACK 0x08000000
#define L_SS_ONSTACK 1
#define L_SS_DISABLE 2
#define L_MINSIGSTKSZ 2048
#define ALT_SIZE 65536

static char alt[ALT_SIZE] __attribute__((aligned(16)));

/* What the last handler saw. */
static volatile int on_alt, flags_inside, change_refused;

static long
altstack(const struct kstack *ss, struct kstack *old)
{
	return sysret(syscall2(SYS_sigaltstack, ss, old));
}

static void
handler(int sig)
{
	char here;
	struct kstack now, other = { (unsigned long)alt, 0, ALT_SIZE };

	(void)sig;
	on_alt = &here >= alt && &here < alt + ALT_SIZE;
	altstack(NULL, &now);
	flags_inside = now.flags;
	change_refused = altstack(&other, NULL) == -1 && errno == EPERM;
}

static void
install(int sig, void (*fn)(int), unsigned long flags)
{
	struct ksigaction sa = { .handler = (unsigned long)fn, .flags = flags };

	rt_sigaction(sig, &sa, NULL);
}

static void
setting(void)
{
	struct kstack old = { 1, -1, 1 }, ss = { (unsigned long)alt, 0, L_MINSIGSTKSZ - 1 };

	check_long("sigaltstack(NULL, &old)", altstack(NULL, &old), 0);
	check_long("none at first: SS_DISABLE", old.flags, L_SS_DISABLE);
	check_long("ss_sp", (long)old.sp, 0);
	check_long("ss_size", (long)old.size, 0);
	check_errno("a stack of MINSIGSTKSZ - 1 bytes", altstack(&ss, NULL), ENOMEM);
	ss.size = ALT_SIZE;
	ss.flags = 4;
	check_errno("flags 4", altstack(&ss, NULL), EINVAL);
	check_errno("bad ss pointer", altstack((void *)8, NULL), EFAULT);
	ss.flags = 0;
	check_long("a stack of 64 KiB", altstack(&ss, NULL), 0);
	check_long("read back", altstack(NULL, &old), 0);
	check_long("ss_sp", old.sp == (unsigned long)alt, 1);
	check_long("ss_size", (long)old.size, ALT_SIZE);
	check_long("flags: not on it", old.flags, 0);
}

static void
handlers(void)
{
	install(SIGUSR1, handler, L_SA_ONSTACK);
	kill(getpid(), SIGUSR1);
	check_long("SA_ONSTACK handler runs on the alternate stack", on_alt, 1);
	check_long("sigaltstack inside says SS_ONSTACK", flags_inside, L_SS_ONSTACK);
	check_long("changing it there: EPERM", change_refused, 1);

	install(SIGUSR2, handler, 0);
	kill(getpid(), SIGUSR2);
	check_long("handler without SA_ONSTACK: on the ordinary stack", on_alt, 0);
	check_long("sigaltstack there says 0", flags_inside, 0);
	check_long("changing it there is allowed", change_refused, 0);

	pid_t pid = fork();
	if (pid == 0) {
		struct kstack in_child;
		altstack(NULL, &in_child);
		kill(getpid(), SIGUSR1);
		_exit(in_child.sp == (unsigned long)alt && in_child.size == ALT_SIZE && on_alt ? 0 : 1);
	}
	int status;
	check_long("a child inherits it", wait4(pid, &status, 0, NULL) == pid && status == 0, 1);
}

static volatile int segv_on_alt;

static void
on_segv(int sig)
{
	char here;

	(void)sig;
	segv_on_alt = &here >= alt && &here < alt + ALT_SIZE;
	_exit(segv_on_alt ? 0 : 1);
}

/* Recurses until the stack runs out (64 MiB is more than any stack
 * limit it meets); the volatile array keeps each frame's 1 KiB. */
static int
deep(int n)
{
	volatile char pad[1024];

	pad[0] = (char)n;
	return n > 65536 ? 0 : deep(n + 1) + pad[0];
}

static void
overflow(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		install(SIGSEGV, on_segv, L_SA_ONSTACK);
		deep(0);
		_exit(2);
	}
	int status;
	check_long("stack overflow's SIGSEGV handled on the alternate stack",
		   wait4(pid, &status, 0, NULL) == pid && status == 0, 1);
}

static void
disabling(void)
{
	struct kstack off = { 0, L_SS_DISABLE, 0 }, old;

	check_long("SS_DISABLE", altstack(&off, NULL), 0);
	altstack(NULL, &old);
	check_long("reads SS_DISABLE", old.flags, L_SS_DISABLE);
	check_long("ss_size", (long)old.size, 0);
	kill(getpid(), SIGUSR1);
	check_long("SA_ONSTACK handler now on the ordinary stack", on_alt, 0);
}

int
main(void)
{
	setting();
	handlers();
	overflow();
	disabling();
	printf("altstack: all passed\n");
	return 0;
}
