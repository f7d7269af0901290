/*
 * Mutex kinds: a normal one's trylock is EBUSY while another thread holds
 * it; a recursive one is taken three times by its owner; an errorcheck one
 * says EDEADLK to its owner's second lock and EPERM to an unlock by a
 * thread that does not hold it; a robust one whose owner thread exits
 * holding it gives EOWNERDEAD to the next locker, and is usable again
 * after pthread_mutex_consistent (ENOTRECOVERABLE if it was not made so).
 */
#include <pthread.h>
#include <unistd.h>
#include "check.h"

static pthread_mutex_t normal = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t recursive, errorcheck, robust[2];

/* Runs fn(arg) in a new thread and returns what it returned. */
static long in_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	void *ret;

	CHECK(pthread_create(&t, NULL, fn, arg) == 0);
	CHECK(pthread_join(t, &ret) == 0);
	return (long)ret;
}

static void *trylock(void *m)
{
	int rc = pthread_mutex_trylock(m);

	if (rc == 0)
		pthread_mutex_unlock(m);
	return (void *)(long)rc;
}

static void *unlock(void *m)
{
	return (void *)(long)pthread_mutex_unlock(m);
}

/* Takes m and exits holding it. */
static void *lock_and_exit(void *m)
{
	return (void *)(long)pthread_mutex_lock(m);
}

static void init_kind(pthread_mutex_t *m, int kind, int robustness)
{
	pthread_mutexattr_t a;

	CHECK(pthread_mutexattr_init(&a) == 0);
	CHECK(pthread_mutexattr_settype(&a, kind) == 0);
	CHECK(pthread_mutexattr_setrobust(&a, robustness) == 0);
	CHECK(pthread_mutex_init(m, &a) == 0);
	pthread_mutexattr_destroy(&a);
}

int main(void)
{
	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK_RC("normal: lock", pthread_mutex_lock(&normal), 0);
	CHECK_RC("normal: trylock by its owner", pthread_mutex_trylock(&normal), EBUSY);
	CHECK_RC("normal: trylock by another thread", in_thread(trylock, &normal), EBUSY);
	CHECK_RC("normal: unlock", pthread_mutex_unlock(&normal), 0);
	CHECK_RC("normal: trylock by another thread once free",
		 in_thread(trylock, &normal), 0);

	init_kind(&recursive, PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_STALLED);
	for (int i = 0; i < 3; i++)
		CHECK(pthread_mutex_lock(&recursive) == 0);
	CHECK_RC("recursive: trylock by its owner (4th)", pthread_mutex_trylock(&recursive), 0);
	for (int i = 0; i < 3; i++)
		CHECK(pthread_mutex_unlock(&recursive) == 0);
	CHECK_RC("recursive: trylock by another thread, held once",
		 in_thread(trylock, &recursive), EBUSY);
	CHECK(pthread_mutex_unlock(&recursive) == 0);
	CHECK_RC("recursive: trylock by another thread, released",
		 in_thread(trylock, &recursive), 0);

	init_kind(&errorcheck, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED);
	CHECK_RC("errorcheck: unlock while unlocked", pthread_mutex_unlock(&errorcheck), EPERM);
	CHECK_RC("errorcheck: lock", pthread_mutex_lock(&errorcheck), 0);
	CHECK_RC("errorcheck: lock again by its owner", pthread_mutex_lock(&errorcheck), EDEADLK);
	CHECK_RC("errorcheck: unlock by another thread", in_thread(unlock, &errorcheck), EPERM);
	CHECK_RC("errorcheck: unlock by its owner", pthread_mutex_unlock(&errorcheck), 0);

	for (int i = 0; i < 2; i++) {
		init_kind(&robust[i], PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST);
		CHECK(in_thread(lock_and_exit, &robust[i]) == 0);
	}
	CHECK_RC("robust: lock after its owner exited", pthread_mutex_lock(&robust[0]), EOWNERDEAD);
	CHECK_RC("robust: consistent", pthread_mutex_consistent(&robust[0]), 0);
	CHECK_RC("robust: unlock", pthread_mutex_unlock(&robust[0]), 0);
	CHECK_RC("robust: lock again", pthread_mutex_lock(&robust[0]), 0);
	CHECK(pthread_mutex_unlock(&robust[0]) == 0);
	CHECK_RC("robust, not made consistent: lock", pthread_mutex_lock(&robust[1]), EOWNERDEAD);
	CHECK_RC("robust, not made consistent: unlock", pthread_mutex_unlock(&robust[1]), 0);
	CHECK_RC("robust, not made consistent: lock again", pthread_mutex_lock(&robust[1]),
		 ENOTRECOVERABLE);
	return 0;
}
