/*
 * Deferred cancellation: a thread blocked in sleep, in read on an empty
 * pipe, or in pthread_cond_wait is cancelled there, runs its cleanup
 * handler, and pthread_join returns PTHREAD_CANCELED (the cond_wait one
 * holds the mutex again in its handler); a thread with cancellation
 * disabled finishes its work first and is cancelled at its next
 * pthread_testcancel once it enables it.
 */
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>
#include "check.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static sem_t started, proceed;
static int pipefd[2];
static const char *cleaned;
static int work_done;

static void cleanup(void *what)
{
	cleaned = what;
}

static void unlock_cleanup(void *what)
{
	cleaned = what;
	pthread_mutex_unlock(&lock);
}

static void *in_sleep(void *arg)
{
	pthread_cleanup_push(cleanup, "sleep");
	sem_post(&started);
	sleep(100);
	pthread_cleanup_pop(0);
	return arg;
}

static void *in_read(void *arg)
{
	char c;

	pthread_cleanup_push(cleanup, "read");
	sem_post(&started);
	read(pipefd[0], &c, 1);
	pthread_cleanup_pop(0);
	return arg;
}

static void *in_cond_wait(void *arg)
{
	pthread_mutex_lock(&lock);
	pthread_cleanup_push(unlock_cleanup, "cond_wait");
	sem_post(&started);
	for (;;)
		pthread_cond_wait(&never, &lock);
	pthread_cleanup_pop(1);
	return arg;
}

static void *disabled(void *arg)
{
	CHECK(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL) == 0);
	pthread_cleanup_push(cleanup, "testcancel");
	sem_post(&started);
	CHECK(sem_wait(&proceed) == 0);	/* not a cancellation point now */
	work_done = 1;
	CHECK(pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL) == 0);
	pthread_testcancel();
	pthread_cleanup_pop(0);
	return arg;
}

/* Starts fn, cancels it once it said it started, and joins it. */
static void cancel_one(void *(*fn)(void *))
{
	pthread_t t;
	void *ret;

	cleaned = "nothing";
	CHECK(pthread_create(&t, NULL, fn, NULL) == 0);
	CHECK(sem_wait(&started) == 0);
	CHECK(pthread_cancel(t) == 0);
	if (fn == disabled)
		CHECK(sem_post(&proceed) == 0);
	CHECK(pthread_join(t, &ret) == 0);
	printf("cancelled in %s: joined %s, cleanup for %s\n", cleaned,
	       ret == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "a value", cleaned);
}

int main(void)
{
	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(sem_init(&started, 0, 0) == 0 && sem_init(&proceed, 0, 0) == 0);
	CHECK(pipe(pipefd) == 0);
	cancel_one(in_sleep);
	cancel_one(in_read);
	cancel_one(in_cond_wait);
	CHECK_RC("the mutex is free after the cond_wait one", pthread_mutex_trylock(&lock), 0);
	cancel_one(disabled);
	printf("the disabled one finished its work first: %s\n", work_done ? "yes" : "no");
	return 0;
}
