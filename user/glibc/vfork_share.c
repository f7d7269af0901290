/*
 * vfork's sharing and waiting: the child's stores land in the parent's
 * memory; the parent sleeps until the child is done, also when a signal
 * kills the child; a signal the waiting parent handles runs its handler
 * only after the child is done (the child could be using the stack the
 * handler would run on), while SIGKILL ends the wait and the child runs
 * on. qemu-riscv64 runs vfork as a fork: vfork_share.linux.out is Linux's.
 */
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile int shared_word, seen_in_child;
static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled = 1;
}

static void pause_a_little(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* How the child ended, once reaped. */
static int reap(pid_t pid)
{
	int status;

	CHECK(waitpid(pid, &status, 0) == pid);
	return status;
}

static void child_store(void)
{
	pid_t pid;

	shared_word = 0;
	fflush(stdout);
	if ((pid = vfork()) == 0) {
		shared_word = 42;
		_exit(0);
	}
	CHECK(pid > 0);
	int status = reap(pid);
	printf("a store by the child, seen by the parent: %d (exit status %d)\n", shared_word,
	       WEXITSTATUS(status));
}

static void child_killed(void)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = vfork()) == 0) {
		kill(getpid(), SIGTERM);
		_exit(0);
	}
	CHECK(pid > 0);
	int status = reap(pid);
	printf("a child that SIGTERM kills: the parent wakes; killed by signal %d\n",
	       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static void parent_signalled(void)
{
	pid_t pid;

	CHECK(signal(SIGUSR1, on_usr1) != SIG_ERR);
	handled = 0;
	seen_in_child = -1;
	fflush(stdout);
	if ((pid = vfork()) == 0) {
		kill(getppid(), SIGUSR1);
		pause_a_little();	/* the parent's handler would run now, were it to */
		seen_in_child = handled;
		_exit(0);
	}
	CHECK(pid > 0);
	reap(pid);
	printf("SIGUSR1 to the waiting parent: handled while the child ran: %s, after: %s\n",
	       seen_in_child == 1 ? "yes" : seen_in_child == 0 ? "no" : "unknown",
	       handled ? "yes" : "no");
}

static void parent_killed(void)
{
	int fd[2], status;
	char c = 0;
	pid_t mid;

	CHECK(pipe(fd) == 0);
	fflush(stdout);
	if ((mid = fork()) == 0) {
		if (vfork() == 0) {
			kill(getppid(), SIGKILL);
			pause_a_little();
			CHECK(write(fd[1], "x", 1) == 1);
			_exit(0);
		}
		_exit(3);	/* the wait ended without SIGKILL */
	}
	CHECK(mid > 0);
	close(fd[1]);
	status = reap(mid);
	ssize_t n = read(fd[0], &c, 1);
	close(fd[0]);
	printf("SIGKILL to the waiting parent: it dies: %s; the child runs on: %s\n",
	       WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? "yes" : "no",
	       n == 1 && c == 'x' ? "yes" : "no");
}

int main(void)
{
	alarm(30);	/* a hang ends the program, not the whole run */
	child_store();
	child_killed();
	parent_signalled();
	parent_killed();
	return 0;
}
