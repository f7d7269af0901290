/*
 * Read-write locks: three readers hold the lock at once (they meet at a
 * barrier while holding it) and a writer's trywrlock is EBUSY meanwhile;
 * a writer holds it alone: tryrdlock and trywrlock from another thread are
 * EBUSY, a timed read lock ETIMEDOUT, and a second wrlock by the writer
 * EDEADLK; four writers' increments under it all count.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define READERS 3
#define WRITERS 4
#define ADDS 10000

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t all_in, may_leave;
static long counter;

static void *reader(void *arg)
{
	(void)arg;
	CHECK(pthread_rwlock_rdlock(&rw) == 0);
	pthread_barrier_wait(&all_in);
	pthread_barrier_wait(&may_leave);
	CHECK(pthread_rwlock_unlock(&rw) == 0);
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < ADDS; i++) {
		CHECK(pthread_rwlock_wrlock(&rw) == 0);
		counter++;
		CHECK(pthread_rwlock_unlock(&rw) == 0);
	}
	return NULL;
}

/* What another thread gets while the main thread writes. */
static void *try_all(void *arg)
{
	struct timespec deadline;

	(void)arg;
	CHECK_RC("  tryrdlock by another thread", pthread_rwlock_tryrdlock(&rw), EBUSY);
	CHECK_RC("  trywrlock by another thread", pthread_rwlock_trywrlock(&rw), EBUSY);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec = 0;	/* the start of this second: passed */
	CHECK_RC("  timedrdlock by another thread", pthread_rwlock_timedrdlock(&rw, &deadline),
		 ETIMEDOUT);
	return NULL;
}

int main(void)
{
	pthread_t t[WRITERS];

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(pthread_barrier_init(&all_in, NULL, READERS + 1) == 0);
	CHECK(pthread_barrier_init(&may_leave, NULL, READERS + 1) == 0);
	for (int i = 0; i < READERS; i++)
		CHECK(pthread_create(&t[i], NULL, reader, NULL) == 0);
	pthread_barrier_wait(&all_in);
	printf("%d readers hold the lock together\n", READERS);
	CHECK_RC("  trywrlock meanwhile", pthread_rwlock_trywrlock(&rw), EBUSY);
	CHECK_RC("  tryrdlock meanwhile", pthread_rwlock_tryrdlock(&rw), 0);
	CHECK(pthread_rwlock_unlock(&rw) == 0);
	pthread_barrier_wait(&may_leave);
	for (int i = 0; i < READERS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);

	CHECK_RC("wrlock", pthread_rwlock_wrlock(&rw), 0);
	CHECK(pthread_create(&t[0], NULL, try_all, NULL) == 0);
	CHECK(pthread_join(t[0], NULL) == 0);
	CHECK_RC("  wrlock again by the writer", pthread_rwlock_wrlock(&rw), EDEADLK);
	CHECK_RC("  rdlock by the writer", pthread_rwlock_rdlock(&rw), EDEADLK);
	CHECK_RC("unlock", pthread_rwlock_unlock(&rw), 0);

	for (int i = 0; i < WRITERS; i++)
		CHECK(pthread_create(&t[i], NULL, writer, NULL) == 0);
	for (int i = 0; i < WRITERS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	printf("%d writers added %ld (expected %d)\n", WRITERS, counter, WRITERS * ADDS);
	return 0;
}
