/*
 * __thread variables in a shared library (lib/tlsvars.c, /lib/libtlsvars.so
 * on the image; linked in statically in the static build): each thread
 * starts with the library's initial values and zeroed array, counts on in
 * its own copy, at its own address, while the others count on theirs.
 */
#include <pthread.h>
#include <unistd.h>
#include "check.h"
#include "lib/tlsvars.h"

#define THREADS 4

static pthread_barrier_t all_counted;
static const void *where[THREADS + 1];
static int start[THREADS + 1], nonzero[THREADS + 1], end[THREADS + 1];

static void *worker(void *arg)
{
	long id = (long)arg;

	start[id] = tlsvars_counter();
	nonzero[id] = tlsvars_nonzero();
	for (long i = 0; i < id; i++)
		tlsvars_bump();
	where[id] = tlsvars_where();
	pthread_barrier_wait(&all_counted);
	end[id] = tlsvars_counter();
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	int distinct = 1;

	alarm(30);	/* a hang ends the program, not the whole run */
	printf("main: starts at %d with %d nonzero bytes\n", tlsvars_counter(),
	       tlsvars_nonzero());
	tlsvars_bump();
	where[0] = tlsvars_where();
	CHECK(pthread_barrier_init(&all_counted, NULL, THREADS) == 0);
	for (long i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)(i + 1)) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	for (int i = 1; i <= THREADS; i++)
		printf("thread %d: started at %d with %d nonzero bytes, counted to %d\n",
		       i, start[i], nonzero[i], end[i]);
	for (int i = 0; i <= THREADS; i++)
		for (int j = 0; j < i; j++)
			distinct &= where[i] != where[j];
	printf("main: still %d; every thread's counter at its own address: %s\n",
	       tlsvars_counter(), distinct ? "yes" : "no");
	return 0;
}
