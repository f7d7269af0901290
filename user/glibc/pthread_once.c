/*
 * pthread_once: eight threads call it with one once-control at once; the
 * init function runs once, and no caller returns before it finished
 * (each sees its work done).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include "check.h"

#define THREADS 8

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_barrier_t start;
static atomic_int calls, done;

static void init(void)
{
	calls++;
	usleep(20000);	/* the others arrive meanwhile */
	done = 1;
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start);
	CHECK(pthread_once(&once, init) == 0);
	return (void *)(long)done;
}

int main(void)
{
	pthread_t t[THREADS];
	void *saw;
	int saw_done = 0;

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(pthread_barrier_init(&start, NULL, THREADS) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, NULL) == 0);
	for (int i = 0; i < THREADS; i++) {
		CHECK(pthread_join(t[i], &saw) == 0);
		saw_done += (long)saw;
	}
	printf("init ran %d time(s); %d of %d callers returned after it finished\n",
	       (int)calls, saw_done, THREADS);
	CHECK(pthread_once(&once, init) == 0);
	printf("a later call: init ran %d time(s)\n", (int)calls);
	return 0;
}
