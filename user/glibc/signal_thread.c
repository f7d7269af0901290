/*
 * Signals and threads: pthread_kill's signal is handled by the thread it
 * names; a process-directed kill is handled by the one thread that does
 * not block the signal; a thread in sigwait takes a signal every thread
 * blocks; pthread_kill with signal 0 finds a live thread.
 */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <unistd.h>
#include "check.h"

static sem_t handled, ready, go;
static volatile pthread_t handled_by;

static void handler(int sig)
{
	(void)sig;
	handled_by = pthread_self();
	sem_post(&handled);
}

static void wait_sem(sem_t *s)
{
	while (sem_wait(s) != 0)
		CHECK(errno == EINTR);
}

/* Waits for go; with arg set, with SIGUSR2 unblocked. */
static void *worker(void *arg)
{
	sigset_t usr2;

	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	if (arg)
		CHECK(pthread_sigmask(SIG_UNBLOCK, &usr2, NULL) == 0);
	CHECK(sem_post(&ready) == 0);
	wait_sem(&go);
	return NULL;
}

static void *waits_for_hup(void *arg)
{
	sigset_t hup;
	int sig = 0;

	(void)arg;
	sigemptyset(&hup);
	sigaddset(&hup, SIGHUP);
	CHECK(sigwait(&hup, &sig) == 0);
	return (void *)(long)sig;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = handler };
	sigset_t blocked;
	pthread_t plain, unblocked, hup;
	void *sig;

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(sem_init(&handled, 0, 0) == 0 && sem_init(&ready, 0, 0) == 0);
	CHECK(sem_init(&go, 0, 0) == 0);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0 && sigaction(SIGUSR2, &sa, NULL) == 0);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGUSR2);
	sigaddset(&blocked, SIGHUP);
	CHECK(pthread_sigmask(SIG_BLOCK, &blocked, NULL) == 0);	/* inherited */
	CHECK(pthread_create(&plain, NULL, worker, NULL) == 0);
	CHECK(pthread_create(&unblocked, NULL, worker, (void *)1) == 0);
	wait_sem(&ready);
	wait_sem(&ready);

	CHECK(pthread_kill(plain, SIGUSR1) == 0);
	wait_sem(&handled);
	printf("pthread_kill SIGUSR1: handled by the thread named: %s\n",
	       pthread_equal(handled_by, plain) ? "yes" : "no");
	CHECK(kill(getpid(), SIGUSR2) == 0);
	wait_sem(&handled);
	printf("kill SIGUSR2 to the process: handled by the one thread not blocking it: %s\n",
	       pthread_equal(handled_by, unblocked) ? "yes" : "no");

	CHECK(pthread_create(&hup, NULL, waits_for_hup, NULL) == 0);
	CHECK(kill(getpid(), SIGHUP) == 0);
	CHECK(pthread_join(hup, &sig) == 0);
	printf("sigwait in a thread got %s\n", strsignal((int)(long)sig));

	CHECK_RC("pthread_kill with signal 0", pthread_kill(plain, 0), 0);
	CHECK(sem_post(&go) == 0 && sem_post(&go) == 0);
	CHECK(pthread_join(plain, NULL) == 0 && pthread_join(unblocked, NULL) == 0);
	return 0;
}
