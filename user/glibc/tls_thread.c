/*
 * __thread variables in the program: every thread starts with the
 * initialised ones at their initial values and the rest zero, each
 * thread's copy is its own (written, then read back after all have
 * written), and a 64-byte-aligned one is aligned in every thread.
 */
#include <pthread.h>
#include <stdint.h>
#include <unistd.h>
#include "check.h"

#define THREADS 4

static __thread int counter = 42;
static __thread char name[16] = "initial";
static __thread long zero[32];
static __thread _Alignas(64) char aligned[64];
static pthread_barrier_t all_wrote;

/* Returns a bit mask of what was wrong: 1 initial values, 2 zero not
 * zero, 4 misaligned, 8 a value changed by another thread. */
static long check_thread(long id)
{
	long bad = 0;

	if (counter != 42 || strcmp(name, "initial") != 0)
		bad |= 1;
	for (int i = 0; i < 32; i++)
		if (zero[i] != 0)
			bad |= 2;
	if ((uintptr_t)aligned % 64 != 0)
		bad |= 4;
	counter = (int)id;
	snprintf(name, sizeof name, "thread %ld", id);
	zero[31] = id;
	pthread_barrier_wait(&all_wrote);
	char want[16];
	snprintf(want, sizeof want, "thread %ld", id);
	if (counter != id || strcmp(name, want) != 0 || zero[31] != id)
		bad |= 8;
	return bad;
}

static void *worker(void *arg)
{
	return (void *)check_thread((long)arg);
}

int main(void)
{
	pthread_t t[THREADS];
	void *bad;

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(pthread_barrier_init(&all_wrote, NULL, THREADS + 1) == 0);
	for (long i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)(i + 1)) == 0);
	printf("main: problems %ld\n", check_thread(100));
	for (int i = 0; i < THREADS; i++) {
		CHECK(pthread_join(t[i], &bad) == 0);
		printf("thread %d: problems %ld\n", i + 1, (long)bad);
	}
	printf("main's copies after the joins: %d, \"%s\", %ld\n", counter, name, zero[31]);
	return 0;
}
