/*
 * Signals through musl: sigaction's flags (SA_SIGINFO, SA_RESETHAND,
 * SA_NODEFER, SA_RESTART, SA_ONSTACK), sigaltstack, sigprocmask and
 * sigpending, sigsuspend, kill and raise, and their errors.
 */
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t hits, code, blocked_inside, on_alt;
static char altstack[SIGSTKSZ * 2];

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	code = si->si_code;
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	blocked_inside = sigismember(&now, sig);
	uintptr_t here = (uintptr_t)&now;
	on_alt = here >= (uintptr_t)altstack && here < (uintptr_t)altstack + sizeof altstack;
}

static void plain(int sig)
{
	(void)sig;
	hits++;
}

static void set(int sig, int flags)
{
	struct sigaction sa = { .sa_sigaction = info_handler, .sa_flags = SA_SIGINFO | flags };

	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(sig, &sa, NULL) == 0);
}

static const char *codename(int c)
{
	return c == SI_USER ? "SI_USER" : c == SI_TKILL ? "SI_TKILL" : c == SI_QUEUE ? "SI_QUEUE" : "other";
}

static void flags(void)
{
	struct sigaction old;

	set(SIGUSR1, 0);
	hits = 0;
	CHECK(raise(SIGUSR1) == 0);
	printf("raise: handler ran %d, si_code %s, signal blocked inside: %s\n", (int)hits,
	       codename(code), blocked_inside ? "yes" : "no");
	CHECK(kill(getpid(), SIGUSR1) == 0);
	printf("kill self: si_code %s\n", codename(code));
	set(SIGUSR1, SA_NODEFER);
	CHECK(raise(SIGUSR1) == 0);
	printf("SA_NODEFER: blocked inside: %s\n", blocked_inside ? "yes" : "no");
	set(SIGUSR1, SA_RESETHAND);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0);
	printf("SA_RESETHAND: back to SIG_DFL: %s\n", old.sa_handler == SIG_DFL ? "yes" : "no");

	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack }, cur;
	CHECK(sigaltstack(&ss, NULL) == 0);
	set(SIGUSR2, SA_ONSTACK);
	CHECK(raise(SIGUSR2) == 0);
	printf("SA_ONSTACK: handler on the alternate stack: %s\n", on_alt ? "yes" : "no");
	set(SIGUSR2, 0);
	CHECK(raise(SIGUSR2) == 0);
	printf("without SA_ONSTACK: on the alternate stack: %s\n", on_alt ? "yes" : "no");
	CHECK(sigaltstack(NULL, &cur) == 0);
	printf("sigaltstack: size kept: %s, flags %d\n", cur.ss_size == sizeof altstack ? "yes" : "no",
	       cur.ss_flags);
	stack_t tiny = { .ss_sp = altstack, .ss_size = 512 };
	CHECK_ERR("sigaltstack too small", sigaltstack(&tiny, NULL), ENOMEM);
	stack_t badf = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0x4 };
	CHECK_ERR("sigaltstack bad flags", sigaltstack(&badf, NULL), EINVAL);
	stack_t off = { .ss_flags = SS_DISABLE };
	CHECK(sigaltstack(&off, NULL) == 0);
	CHECK(sigaltstack(NULL, &cur) == 0);
	printf("SS_DISABLE: flags now SS_DISABLE: %s\n", cur.ss_flags == SS_DISABLE ? "yes" : "no");
}

static void masks(void)
{
	sigset_t s, old, pend;

	signal(SIGUSR1, plain);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &s, &old) == 0);
	hits = 0;
	CHECK(raise(SIGUSR1) == 0);
	CHECK(sigpending(&pend) == 0);
	printf("blocked: handler ran %d, pending: %s\n", (int)hits, sigismember(&pend, SIGUSR1) ? "yes" : "no");
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	printf("unblocked: handler ran %d\n", (int)hits);
	CHECK_ERR("sigprocmask bad how", sigprocmask(42, &s, NULL), EINVAL);

	/* sigsuspend: block, let a child signal us, wait with it unblocked */
	CHECK(sigprocmask(SIG_BLOCK, &s, &old) == 0);
	hits = 0;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigset_t wait_mask = old;
	sigdelset(&wait_mask, SIGUSR1);
	int r = sigsuspend(&wait_mask);
	printf("sigsuspend: returns %d %s, handler ran %d\n", r, errname(errno), (int)hits);
	CHECK(sigprocmask(SIG_SETMASK, NULL, &pend) == 0);
	printf("mask restored after sigsuspend: %s\n", sigismember(&pend, SIGUSR1) ? "yes" : "no");
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	CHECK(waitpid(pid, NULL, 0) == pid);
}

static void restart(void)
{
	int p[2], st;
	char c;
	struct sigaction sa = { .sa_handler = plain };

	for (int flags = 0; flags <= SA_RESTART; flags += SA_RESTART) {
		sa.sa_flags = flags;
		CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
		CHECK(pipe(p) == 0);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			usleep(100000);
			kill(getppid(), SIGUSR1);
			usleep(100000);
			write(p[1], "x", 1);
			_exit(0);
		}
		ssize_t n = read(p[0], &c, 1);
		printf("%s: read returns %zd%s%s\n", flags ? "SA_RESTART" : "no SA_RESTART", n,
		       n < 0 ? " " : "", n < 0 ? errname(errno) : "");
		CHECK(waitpid(pid, &st, 0) == pid);
		close(p[0]);
		close(p[1]);
	}
}

static void errors(void)
{
	struct sigaction sa = { .sa_handler = plain };

	CHECK_ERR("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR("sigaction SIGSTOP", sigaction(SIGSTOP, &sa, NULL), EINVAL);
	CHECK_ERR("sigaction 0", sigaction(0, &sa, NULL), EINVAL);
	CHECK_ERR("sigaction 65", sigaction(65, &sa, NULL), EINVAL);
	CHECK_ERR("kill bad signal", kill(getpid(), 65), EINVAL);
	CHECK_ERR("kill no such pid", kill(INT_MAX, SIGUSR1), ESRCH);
	CHECK(kill(getpid(), 0) == 0);
	printf("kill signal 0 to self: ok\n");
	signal(SIGUSR2, SIG_IGN);
	CHECK(raise(SIGUSR2) == 0);
	printf("ignored signal: still here\n");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		raise(SIGTERM);
		_exit(0);
	}
	int st;
	CHECK(waitpid(pid, &st, 0) == pid);
	printf("child raising SIGTERM: killed by %s\n",
	       WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM ? "SIGTERM" : "something else");
}

int main(void)
{
	alarm(30);
	flags();
	masks();
	restart();
	errors();
	return 0;
}
