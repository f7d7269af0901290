/*
 * Many threads at once: 200 threads (default attributes: glibc's stack
 * size) are alive together, each leaving its mark, then joined; then 200
 * again, which fails if the first 200 left anything behind that bounds
 * how many can exist.
 */
#include <pthread.h>
#include <unistd.h>
#include "check.h"

#define THREADS 200

static pthread_barrier_t all_alive;
static int mark[THREADS];

static void *worker(void *arg)
{
	long i = (long)arg;

	mark[i] = (int)i + 1;
	pthread_barrier_wait(&all_alive);
	return (void *)(i * 2);
}

/* Returns how many threads were created, alive at once, and joined. */
static int round_of(void)
{
	static pthread_t t[THREADS];
	long sum = 0, joined = 0;
	void *ret;

	memset(mark, 0, sizeof mark);
	CHECK(pthread_barrier_init(&all_alive, NULL, THREADS + 1) == 0);
	for (long i = 0; i < THREADS; i++) {
		int rc = pthread_create(&t[i], NULL, worker, (void *)i);
		if (rc != 0) {
			printf("thread %ld: pthread_create: %s\n", i, strerror(rc));
			exit(1);
		}
	}
	pthread_barrier_wait(&all_alive);
	for (int i = 0; i < THREADS; i++) {
		CHECK(pthread_join(t[i], &ret) == 0);
		CHECK((long)ret == i * 2);
		sum += mark[i];
		joined++;
	}
	CHECK(sum == (long)THREADS * (THREADS + 1) / 2);
	CHECK(pthread_barrier_destroy(&all_alive) == 0);
	return (int)joined;
}

int main(void)
{
	alarm(50);	/* a hang ends the program, not the whole run */
	printf("round 1: %d threads alive at once, marked and joined\n", round_of());
	printf("round 2: %d threads alive at once, marked and joined\n", round_of());
	return 0;
}
