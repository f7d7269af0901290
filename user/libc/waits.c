/*
 * Waiting for children through musl: wait, waitpid (WNOHANG, WUNTRACED,
 * WCONTINUED, a process group), waitid (P_PID, P_ALL, WNOWAIT, WEXITED,
 * WSTOPPED), wait4 and wait3 with rusage, and their errors.
 */
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static pid_t child(int code, int sleep_ms)
{
	fflush(stdout);
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		usleep(sleep_ms * 1000);
		_exit(code);
	}
	return pid;
}

static const char *cldname(int c)
{
	return c == CLD_EXITED ? "CLD_EXITED" : c == CLD_KILLED ? "CLD_KILLED" :
	       c == CLD_STOPPED ? "CLD_STOPPED" : c == CLD_CONTINUED ? "CLD_CONTINUED" :
	       c == CLD_DUMPED ? "CLD_DUMPED" : "other";
}

int main(void)
{
	int st;
	siginfo_t si;
	struct rusage ru;

	alarm(30);
	pid_t a = child(7, 0);
	CHECK(wait(&st) == a);
	printf("wait: exited %s, status %d\n", WIFEXITED(st) ? "yes" : "no", WEXITSTATUS(st));

	a = child(1, 200);
	CHECK(waitpid(a, &st, WNOHANG) == 0);
	printf("waitpid WNOHANG on a running child: 0\n");
	CHECK(waitpid(a, &st, 0) == a);
	printf("then waitpid: status %d\n", WEXITSTATUS(st));

	a = child(0, 5000);
	CHECK(kill(a, SIGKILL) == 0);
	CHECK(waitpid(a, &st, 0) == a);
	printf("killed child: signaled %s, by SIGKILL %s\n", WIFSIGNALED(st) ? "yes" : "no",
	       WTERMSIG(st) == SIGKILL ? "yes" : "no");

	a = child(0, 5000);
	CHECK(kill(a, SIGSTOP) == 0);
	CHECK(waitpid(a, &st, WUNTRACED) == a);
	printf("WUNTRACED: stopped %s by SIGSTOP %s\n", WIFSTOPPED(st) ? "yes" : "no",
	       WSTOPSIG(st) == SIGSTOP ? "yes" : "no");
	CHECK(kill(a, SIGCONT) == 0);
	CHECK(waitpid(a, &st, WCONTINUED) == a);
	printf("WCONTINUED: continued %s\n", WIFCONTINUED(st) ? "yes" : "no");
	CHECK(kill(a, SIGTERM) == 0);
	memset(&si, 0, sizeof si);
	CHECK(waitid(P_PID, a, &si, WEXITED | WNOWAIT) == 0);
	printf("waitid WNOWAIT: %s by SIGTERM %s, pid right %s\n", cldname(si.si_code),
	       si.si_status == SIGTERM ? "yes" : "no", si.si_pid == a ? "yes" : "no");
	CHECK(waitid(P_PID, a, &si, WEXITED) == 0);
	printf("waitid again: still there to reap: %s\n", si.si_pid == a ? "yes" : "no");

	a = child(0, 5000);
	CHECK(kill(a, SIGSTOP) == 0);
	CHECK(waitid(P_ALL, 0, &si, WSTOPPED) == 0);
	printf("waitid WSTOPPED: %s, status SIGSTOP %s\n", cldname(si.si_code),
	       si.si_status == SIGSTOP ? "yes" : "no");
	CHECK(kill(a, SIGKILL) == 0);
	CHECK(waitpid(a, &st, 0) == a);

	a = child(9, 0);
	memset(&si, 0, sizeof si);
	usleep(100000);
	CHECK(waitid(P_PID, a, &si, WEXITED | WNOHANG) == 0);
	printf("waitid WNOHANG on an exited child: %s status %d\n", cldname(si.si_code), si.si_status);

	/* a child that burns CPU: wait4 reports its time */
	fflush(stdout);
	a = fork();
	if (a == 0) {
		struct timespec t0, t;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		do
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
		while ((t.tv_sec - t0.tv_sec) * 1000000000L + t.tv_nsec - t0.tv_nsec < 50000000);
		_exit(2);
	}
	CHECK(wait4(a, &st, 0, &ru) == a);
	printf("wait4: status %d, child's CPU time >= 40ms: %s\n", WEXITSTATUS(st),
	       ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1000000 +
	       ru.ru_stime.tv_usec >= 40000 ? "yes" : "no");
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
	printf("getrusage RUSAGE_CHILDREN counts it: %s\n",
	       ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1000000 +
	       ru.ru_stime.tv_usec >= 40000 ? "yes" : "no");
	a = child(3, 0);
	CHECK(wait3(&st, 0, &ru) == a);
	printf("wait3: status %d\n", WEXITSTATUS(st));

	/* a process group of two */
	fflush(stdout);
	pid_t g = fork();
	if (g == 0) {
		setpgid(0, 0);
		usleep(100000);
		_exit(4);
	}
	setpgid(g, g);
	CHECK(waitpid(-g, &st, 0) == g);
	printf("waitpid of a process group: status %d\n", WEXITSTATUS(st));

	CHECK_ERR("wait with no children", wait(&st), ECHILD);
	CHECK_ERR("waitpid not a child", waitpid(1, &st, 0), ECHILD);
	CHECK_ERR("waitpid bad options", waitpid(-1, &st, 0x40000), EINVAL);
	CHECK_ERR("waitid no WEXITED etc", waitid(P_ALL, 0, &si, 0), EINVAL);
	CHECK_ERR("waitid bad idtype", waitid(42, 0, &si, WEXITED), EINVAL);
	a = child(0, 0);
	CHECK_ERR("waitpid EFAULT status", waitpid(a, (int *)16, 0), EFAULT);
	CHECK(waitpid(a, &st, 0) == a || errno == ECHILD);
	return 0;
}
