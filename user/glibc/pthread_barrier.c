/*
 * Barriers: four threads pass one barrier three rounds running; in each
 * round exactly one of them gets PTHREAD_BARRIER_SERIAL_THREAD, and none
 * leaves before all four arrived. A barrier for 0 threads is EINVAL.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include "check.h"

#define THREADS 4
#define ROUNDS 3

static pthread_barrier_t barrier;
static atomic_int arrived[ROUNDS], serial[ROUNDS], early[ROUNDS];

static void *worker(void *arg)
{
	(void)arg;
	for (int r = 0; r < ROUNDS; r++) {
		arrived[r]++;
		int rc = pthread_barrier_wait(&barrier);
		if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
			serial[r]++;
		else
			CHECK(rc == 0);
		if (arrived[r] != THREADS)
			early[r]++;
	}
	return NULL;
}

int main(void)
{
	pthread_barrier_t b;
	pthread_t t[THREADS];

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK_RC("barrier for 0 threads", pthread_barrier_init(&b, NULL, 0), EINVAL);
	CHECK(pthread_barrier_init(&barrier, NULL, THREADS) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, NULL) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	for (int r = 0; r < ROUNDS; r++)
		printf("round %d: %d arrived, %d serial, %d left early\n", r,
		       arrived[r], serial[r], early[r]);
	CHECK(pthread_barrier_destroy(&barrier) == 0);
	return 0;
}
