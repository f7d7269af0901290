/*
 * Waiting for signals through musl: sigwait, sigwaitinfo, sigtimedwait
 * (timeout, EINVAL), sigqueue's value, and signals raised in and sent to
 * threads (raise from a thread reaches that thread, pthread_kill).
 */
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile pthread_t ran_in;
static pthread_t worker_id;

static void note_thread(int sig)
{
	(void)sig;
	ran_in = pthread_self();
}

static void *raiser(void *arg)
{
	(void)arg;
	raise(SIGUSR1);
	return (void *)(long)pthread_equal(ran_in, pthread_self());
}

static void *waiter(void *arg)
{
	sigset_t *s = arg;
	int sig = 0;

	CHECK(sigwait(s, &sig) == 0);
	return (void *)(long)sig;
}

int main(void)
{
	sigset_t s, old;
	siginfo_t si;
	struct timespec ts = { 0, 50 * 1000000 };
	void *r;

	alarm(30);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGRTMIN);
	CHECK(sigprocmask(SIG_BLOCK, &s, &old) == 0);

	CHECK_ERR("sigtimedwait nothing pending", sigtimedwait(&s, &si, &ts), EAGAIN);
	struct timespec bad = { 0, 1000000000 };
	CHECK_ERR("sigtimedwait bad timeout", sigtimedwait(&s, &si, &bad), EINVAL);
	CHECK(raise(SIGUSR1) == 0);
	int sig = sigwaitinfo(&s, &si);
	printf("sigwaitinfo: %s, si_code SI_TKILL: %s\n", sig == SIGUSR1 ? "SIGUSR1" : "other",
	       si.si_code == SI_TKILL ? "yes" : "no");

	union sigval v = { .sival_int = 42 };
	int q = sigqueue(getpid(), SIGRTMIN, v);
	if (q == 0) {
		CHECK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 43 }) == 0);
		sig = sigtimedwait(&s, &si, &ts);
		printf("sigqueue: got SIGRTMIN: %s, si_code SI_QUEUE: %s, value %d\n",
		       sig == SIGRTMIN ? "yes" : "no", si.si_code == SI_QUEUE ? "yes" : "no",
		       si.si_value.sival_int);
		sig = sigtimedwait(&s, &si, &ts);
		printf("real-time signals queue: second value %d\n", si.si_value.sival_int);
	} else {
		printf("sigqueue: %s\n", errname(errno));
	}
	CHECK_ERR("sigqueue bad signal", sigqueue(getpid(), 999, v), EINVAL);

	/* sigwait in a thread, the signal sent to it by pthread_kill */
	CHECK(pthread_create(&worker_id, NULL, waiter, &s) == 0);
	usleep(20000);
	CHECK(pthread_kill(worker_id, SIGUSR1) == 0);
	CHECK(pthread_join(worker_id, &r) == 0);
	printf("sigwait in a thread after pthread_kill: %s\n", (long)r == SIGUSR1 ? "SIGUSR1" : "other");
	CHECK_RC("pthread_kill bad signal", pthread_kill(pthread_self(), 999), EINVAL);

	/* raise from a thread runs the handler in that thread */
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	signal(SIGUSR1, note_thread);
	pthread_t t;
	CHECK(pthread_create(&t, NULL, raiser, NULL) == 0);
	CHECK(pthread_join(t, &r) == 0);
	printf("raise in a thread: handler ran in that thread: %s\n", r ? "yes" : "no");
	return 0;
}
