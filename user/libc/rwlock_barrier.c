/*
 * Reader-writer locks, barriers and spin locks through musl: readers
 * share, a writer excludes (tryrdlock/trywrlock EBUSY, timed locks
 * ETIMEDOUT), a barrier names one serial thread per round, and the
 * errors of each.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define THREADS 4

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t bar;
static int serial[3];
static long counter;
static pthread_spinlock_t spin;

static void *round_trip(void *arg)
{
	(void)arg;
	for (int r = 0; r < 3; r++) {
		if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serial[r], 1, __ATOMIC_SEQ_CST);
	}
	for (int i = 0; i < 10000; i++) {
		pthread_spin_lock(&spin);
		counter++;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

static void *other(void *arg)
{
	struct timespec t;
	int *r = arg;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += 30000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	r[0] = pthread_rwlock_tryrdlock(&rw);
	if (!r[0])
		pthread_rwlock_unlock(&rw);
	r[1] = pthread_rwlock_trywrlock(&rw);
	if (!r[1])
		pthread_rwlock_unlock(&rw);
	r[2] = pthread_rwlock_timedwrlock(&rw, &t);
	if (!r[2])
		pthread_rwlock_unlock(&rw);
	r[3] = pthread_rwlock_timedrdlock(&rw, &t);
	if (!r[3])
		pthread_rwlock_unlock(&rw);
	return NULL;
}

static void ask(const char *held)
{
	pthread_t t;
	int r[4];

	CHECK(pthread_create(&t, NULL, other, r) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	printf("%s: another thread's tryrdlock %s, trywrlock %s, timedwrlock %s, timedrdlock %s\n",
	       held, errname(r[0]), errname(r[1]), errname(r[2]), errname(r[3]));
}

int main(void)
{
	pthread_t t[THREADS];

	alarm(30);
	CHECK(pthread_rwlock_rdlock(&rw) == 0);
	CHECK(pthread_rwlock_rdlock(&rw) == 0);
	printf("read lock taken twice: ok\n");
	ask("two read locks");
	CHECK(pthread_rwlock_unlock(&rw) == 0 && pthread_rwlock_unlock(&rw) == 0);
	CHECK(pthread_rwlock_wrlock(&rw) == 0);
	ask("a write lock");
	CHECK_RC("trywrlock by the writer", pthread_rwlock_trywrlock(&rw), EBUSY);
	CHECK(pthread_rwlock_unlock(&rw) == 0);
	ask("unlocked");
	struct timespec bad = { 0, 1000000000 };
	CHECK(pthread_rwlock_wrlock(&rw) == 0);
	CHECK_RC("timedrdlock bad nsec", pthread_rwlock_timedrdlock(&rw, &bad), EINVAL);
	CHECK(pthread_rwlock_unlock(&rw) == 0);

	CHECK_RC("barrier count 0", pthread_barrier_init(&bar, NULL, 0), EINVAL);
	CHECK(pthread_barrier_init(&bar, NULL, THREADS) == 0);
	CHECK(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, round_trip, NULL) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	printf("barrier rounds: serial threads %d %d %d\n", serial[0], serial[1], serial[2]);
	printf("spin lock: counter %ld of %d\n", counter, THREADS * 10000);
	CHECK(pthread_spin_lock(&spin) == 0);
	CHECK_RC("spin trylock while held", pthread_spin_trylock(&spin), EBUSY);
	CHECK(pthread_spin_unlock(&spin) == 0);
	CHECK_RC("spin trylock free", pthread_spin_trylock(&spin), 0);
	CHECK(pthread_spin_unlock(&spin) == 0);
	CHECK(pthread_barrier_destroy(&bar) == 0 && pthread_spin_destroy(&spin) == 0);
	return 0;
}
