/*
 * Thread-specific data: each of three threads keeps its own value under
 * one key, and the key's destructor runs once for each at thread exit
 * (not for a NULL value); a destructor that sets a value again is called
 * again; the main thread's value is its own throughout.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include "check.h"

#define THREADS 3

static pthread_key_t key, again_key;
static atomic_int destroyed, destroyed_sum, again_calls;

static void destroy(void *v)
{
	destroyed++;
	destroyed_sum += *(int *)v;
	free(v);
}

/* Sets its value again the first time: glibc calls it a second time. */
static void destroy_again(void *v)
{
	if (++again_calls == 1)
		pthread_setspecific(again_key, v);
}

static void *worker(void *arg)
{
	int *mine = malloc(sizeof *mine);

	*mine = (int)(long)arg;
	CHECK(pthread_getspecific(key) == NULL);
	CHECK(pthread_setspecific(key, mine) == 0);
	usleep(1000);
	CHECK(pthread_getspecific(key) == mine && *mine == (int)(long)arg);
	return NULL;
}

static void *sets_nothing(void *arg)
{
	return arg;
}

static void *sets_again(void *arg)
{
	CHECK(pthread_setspecific(again_key, &again_calls) == 0);
	return arg;
}

static void run(void *(*fn)(void *), long arg)
{
	pthread_t t;

	CHECK(pthread_create(&t, NULL, fn, (void *)arg) == 0);
	CHECK(pthread_join(t, NULL) == 0);
}

int main(void)
{
	pthread_t t[THREADS];
	static int main_value = 99;

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(pthread_key_create(&key, destroy) == 0);
	CHECK(pthread_key_create(&again_key, destroy_again) == 0);
	CHECK(pthread_setspecific(key, &main_value) == 0);
	for (long i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)(i + 1)) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	printf("destructor ran %d times, for values adding up to %d\n",
	       (int)destroyed, (int)destroyed_sum);
	printf("main's value still %d\n", *(int *)pthread_getspecific(key));

	run(sets_nothing, 0);
	printf("after a thread that set nothing: %d destructor calls\n", (int)destroyed);
	run(sets_again, 0);
	printf("a destructor that sets its value again is called %d times\n",
	       (int)again_calls);
	CHECK(pthread_key_delete(key) == 0);
	CHECK(pthread_key_delete(again_key) == 0);
	return 0;
}
