/*
 * Condition variables: a consumer woken by pthread_cond_signal takes every
 * item a producer makes; pthread_cond_broadcast wakes all five waiters;
 * pthread_cond_timedwait with nothing to wait for ends in ETIMEDOUT, no
 * earlier than its deadline, on CLOCK_MONOTONIC (pthread_condattr_setclock)
 * and on the default CLOCK_REALTIME, and at once for a deadline passed.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define ITEMS 1000
#define WAITERS 5

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int queued, consumed, go, woken;

static void *consumer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (consumed < ITEMS) {
		while (queued == 0)
			pthread_cond_wait(&changed, &lock);
		queued--;
		consumed++;
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!go)
		pthread_cond_wait(&changed, &lock);
	woken++;
	pthread_mutex_unlock(&lock);
	return NULL;
}

static long ms_since(clockid_t clock, const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Waits on a fresh condition variable on clock until ms from now. */
static int wait_for_nothing(clockid_t clock, long ms, long *took)
{
	pthread_condattr_t a;
	pthread_cond_t c;
	struct timespec t0, deadline;
	int rc;

	CHECK(pthread_condattr_init(&a) == 0);
	CHECK(pthread_condattr_setclock(&a, clock) == 0);
	CHECK(pthread_cond_init(&c, &a) == 0);
	clock_gettime(clock, &t0);
	deadline = t0;
	deadline.tv_sec += ms / 1000;
	deadline.tv_nsec += ms % 1000 * 1000000;	/* ms: whole seconds if < 0 */
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&lock);
	rc = pthread_cond_timedwait(&c, &lock, &deadline);
	pthread_mutex_unlock(&lock);
	*took = ms_since(clock, &t0);
	pthread_cond_destroy(&c);
	return rc;
}

int main(void)
{
	pthread_t t[WAITERS];
	long took;

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(pthread_create(&t[0], NULL, consumer, NULL) == 0);
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&lock);
		queued++;
		pthread_cond_signal(&changed);
		pthread_mutex_unlock(&lock);
	}
	CHECK(pthread_join(t[0], NULL) == 0);
	printf("signal: %d items made, %d consumed, %d left\n", ITEMS, consumed, queued);

	for (int i = 0; i < WAITERS; i++)
		CHECK(pthread_create(&t[i], NULL, waiter, NULL) == 0);
	pthread_mutex_lock(&lock);
	go = 1;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < WAITERS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	printf("broadcast: %d of %d waiters woke\n", woken, WAITERS);

	CHECK_RC("timedwait 50 ms on CLOCK_MONOTONIC",
		 wait_for_nothing(CLOCK_MONOTONIC, 50, &took), ETIMEDOUT);
	printf("  it waited at least 50 ms: %s\n", took >= 50 ? "yes" : "no");
	CHECK_RC("timedwait 50 ms on CLOCK_REALTIME",
		 wait_for_nothing(CLOCK_REALTIME, 50, &took), ETIMEDOUT);
	printf("  it waited at least 50 ms: %s\n", took >= 50 ? "yes" : "no");
	CHECK_RC("timedwait for a deadline passed",
		 wait_for_nothing(CLOCK_MONOTONIC, -1000, &took), ETIMEDOUT);
	printf("  it returned within 1 s: %s\n", took < 1000 ? "yes" : "no");
	return 0;
}
